"""The retention sweep: what the rules (rules.py) say has been kept long enough is deleted, or, for
dossiers, anonymised: the row stays with its code, dates, statuses, procedure, agency, channels and
fees (the statistics and the audit trail count it), the person goes.

Each kind is a query of candidates, each with the moment its period started (`ended`). A dry run
counts them; a real run takes them in batches of BATCH by id, one transaction per batch, so a
province's million rows are never loaded at once. A candidate stops being one once swept, so a
second run finds nothing. Files are removed after their batch commits: a crash in between leaves
files no row names, which the orphan sweep (webapp/dossiers/orphans.py) removes.

Never touched: Transition, AdminEvent, DossierView (append-only audit rows)."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from peewee import fn

from webapp.db import write_transaction
from webapp.dossiers.files import ERASED_PREFIX, remove_stored
from webapp.models.citizen import SignInEvent
from webapp.models.dossier import Attachment, Dossier, Draft, Rating, Transition
from webapp.models.otp import OtpChallenge
from webapp.models.payment import Payment, Receipt
from webapp.models.signing import Signing
from webapp.models.sms import SmsInbound, SmsMessage
from webapp.models.throttle import RateCounter
from webapp.models.upload import ResumableUpload
from webapp.models.values import RESULT
from webapp.retention import rules
from webapp.workflow.machine import CLOSED

BATCH = 500
# An attachment whose file was removed keeps its row (the digitisation figure counts it) under a
# stored name no file can have (files.STORED_NAME refuses it; a download of it is a 404).
ERASED = ERASED_PREFIX
UNSENT = ("queued", "sending")


@dataclass
class Line:
    """One kind's share of a run: how many records went (or would go), and the oldest one's moment."""

    kind: str
    count: int = 0
    oldest: datetime.datetime | None = None

    def add(self, count, oldest):
        self.count += count
        if oldest is not None and (self.oldest is None or oldest < self.oldest):
            self.oldest = oldest


@dataclass
class Report:
    now: datetime.datetime
    dry_run: bool
    lines: dict = field(default_factory=lambda: {kind: Line(kind) for kind in rules.KINDS})
    files_removed: int = 0

    def counts(self):
        return {kind: line.count for kind, line in self.lines.items()}

    def total(self):
        return sum(self.counts().values())


@dataclass
class Candidates:
    """A kind's records past their period: `query` selects (id, ended); `sweep(ids)` deletes or
    anonymises those ids and returns the stored names of the files to remove after commit."""

    kind: str
    model: type
    query: object
    sweep: object


def run(now=None, dry_run=False, batch=BATCH):
    """Sweep everything past its period at `now` (naive UTC); a dry run changes nothing and reports
    what a real run at the same moment would do."""
    now = now or datetime.datetime.utcnow()
    report = Report(now=now, dry_run=dry_run)
    for candidates in every_candidate(now):
        line = report.lines[candidates.kind]
        if dry_run:
            line.add(*_counted(candidates.query))
        else:
            report.files_removed += _swept(candidates, line, batch)
    return report


def every_candidate(now):
    yield from _dossiers(now, rules.HO_SO, _closed_personal, _anonymise_dossiers)
    yield from _dossiers(now, rules.KET_QUA, _closed_with_result, _erase_results)
    yield from _simple(now)


def _counted(query):
    row = query.select_from(fn.COUNT(query.c.id).alias("n"), fn.MIN(query.c.ended).alias("oldest")).dicts().get()
    return row["n"], _as_moment(row["oldest"])


def _swept(candidates, line, batch):
    """Take the candidates a batch at a time by id; each batch its own transaction."""
    model, last, removed = candidates.model, 0, 0
    while True:
        with write_transaction():
            rows = list(candidates.query.where(model.id > last).order_by(model.id).limit(batch).dicts())
            if not rows:
                return removed
            ids = [row["id"] for row in rows]
            names = candidates.sweep(ids)
        line.add(len(rows), min(_as_moment(row["ended"]) for row in rows))
        for name in names:
            remove_stored(name)
        removed += len(names)
        last = ids[-1]


def _as_moment(value):
    """SQLite gives a computed moment back as text; a rate counter's is milliseconds since 1970."""
    if isinstance(value, str):
        return datetime.datetime.fromisoformat(value)
    if isinstance(value, int):
        return datetime.datetime.fromtimestamp(value / 1000, datetime.UTC).replace(tzinfo=None)
    return value


# ── dossiers and their results ──────────────────────────────────────────────────────────────────


def _dossiers(now, kind, condition, sweep):
    """One query per period in force (procedures grouped by their period); permanent ones never."""
    by_days = defaultdict(list)
    for procedure_id, days in rules.days_per_procedure(kind).items():
        if days is not None:
            by_days[days].append(procedure_id)
    for days, procedure_ids in sorted(by_days.items()):
        cutoff = now - datetime.timedelta(days=days)
        query = _closed_before(cutoff, procedure_ids).where(condition())
        yield Candidates(kind, Dossier, query, sweep)


def _closed_before(cutoff, procedure_ids):
    """Closed dossiers of these procedures whose end is before `cutoff`: returned, or the step that
    closed them (refused, stopped, withdrawn)."""
    closing = Transition.select(fn.MAX(Transition.at)).where(
        Transition.dossier == Dossier.id, Transition.to_status == Dossier.status
    )
    ended = fn.COALESCE(Dossier.returned_at, closing)
    return Dossier.select(Dossier.id, ended.alias("ended")).where(
        Dossier.status.in_(CLOSED),
        Dossier.procedure.in_(procedure_ids),
        Dossier.submitted_at < cutoff,  # a dossier ends after it was filed: the cheap filter first
        ended < cutoff,
    )


def _closed_personal():
    return (Dossier.applicant_name != "") | (Dossier.applicant_id_number != "") | (Dossier.applicant_phone != "")


def _closed_with_result():
    results = Attachment.select(Attachment.id).where(
        Attachment.dossier == Dossier.id, Attachment.kind == RESULT, ~Attachment.stored_name.startswith(ERASED)
    )
    return fn.EXISTS(results)


def _anonymise_dossiers(ids):
    """Blank the person in the dossiers, erase their papers (not the result: its own rule), their
    signed receipts and forms 01, and the drafts they came from."""
    papers = Attachment.select().where(
        Attachment.dossier.in_(ids), Attachment.kind != RESULT, ~Attachment.stored_name.startswith(ERASED)
    )
    names = _erase(list(papers))
    names += _erase_signed_papers(ids)
    names += _drop_drafts_of(ids)
    Dossier.update(
        applicant_name="",
        applicant_id_number="",
        applicant_phone="",
        answers={},
        identity=None,
        citizen_key=None,
        delivery_address="",
        delivery_recipient="",
        delivery_phone="",
        returned_to="",
        supplement_token=None,
        rating_token=None,
    ).where(Dossier.id.in_(ids)).execute()
    Payment.update(payer="").where(Payment.dossier.in_(ids)).execute()
    Receipt.update(payer="").where(Receipt.dossier.in_(ids)).execute()
    Rating.update(comment="").where(Rating.dossier.in_(ids)).execute()
    return names


def _erase_results(ids):
    results = Attachment.select().where(
        Attachment.dossier.in_(ids), Attachment.kind == RESULT, ~Attachment.stored_name.startswith(ERASED)
    )
    return _erase(list(results))


def _erase(attachments):
    """Keep each row (kind, digitised, dates) under an erased name; return the files' names."""
    for attachment in attachments:
        Attachment.update(stored_name=f"{ERASED}{attachment.id}", original_name="", sha256="", verify_code=None).where(
            Attachment.id == attachment.id
        ).execute()
    return [attachment.stored_name for attachment in attachments]


def _erase_signed_papers(ids):
    signed = list(Signing.select().where(Signing.dossier.in_(ids), Signing.stored_name.is_null(False)))
    Signing.update(stored_name=None).where(Signing.id.in_([s.id for s in signed] or [0])).execute()
    return [s.stored_name for s in signed]


def _drop_drafts_of(ids):
    """The submitted drafts behind these dossiers still hold the answers and the phone: they go."""
    draft_ids = [
        row.draft_id for row in Dossier.select(Dossier.draft).where(Dossier.id.in_(ids), Dossier.draft.is_null(False))
    ]
    if not draft_ids:
        return []
    Dossier.update(draft=None).where(Dossier.id.in_(ids)).execute()
    return _delete_drafts(draft_ids)


def _delete_drafts(draft_ids):
    """Delete drafts with their uploads that no dossier took; return the files' names."""
    uploads = list(Attachment.select().where(Attachment.draft.in_(draft_ids), Attachment.dossier.is_null()))
    ResumableUpload.delete().where(ResumableUpload.draft.in_(draft_ids)).execute()
    Attachment.delete().where(Attachment.id.in_([a.id for a in uploads] or [0])).execute()
    Attachment.update(draft=None).where(Attachment.draft.in_(draft_ids)).execute()
    Draft.delete().where(Draft.id.in_(draft_ids)).execute()
    return [a.stored_name for a in uploads]


# ── records deleted or blanked outright ─────────────────────────────────────────────────────────


def _simple(now):
    def cutoff(kind):
        days = rules.general_rule(kind).days
        return None if days is None else now - datetime.timedelta(days=days)

    if (before := cutoff(rules.BAN_NHAP)) is not None:
        submitted = Dossier.select(Dossier.draft).where(Dossier.draft.is_null(False))
        query = Draft.select(Draft.id, Draft.expires_at.alias("ended")).where(
            Draft.expires_at < before, Draft.id.not_in(submitted)
        )
        yield Candidates(rules.BAN_NHAP, Draft, query, _delete_drafts)
    if (before := cutoff(rules.OTP)) is not None:
        query = OtpChallenge.select(OtpChallenge.id, OtpChallenge.expires_at.alias("ended")).where(
            OtpChallenge.expires_at < before
        )
        yield Candidates(rules.OTP, OtpChallenge, query, _deleting(OtpChallenge))
    if (before := cutoff(rules.TRA_CUU)) is not None:
        window_end = RateCounter.started + RateCounter.window_s * 1000
        query = RateCounter.select(RateCounter.id, window_end.alias("ended")).where(window_end < _ms(before))
        yield Candidates(rules.TRA_CUU, RateCounter, query, _deleting(RateCounter))
    if (before := cutoff(rules.TIN_NHAN)) is not None:
        sent = SmsMessage.select(SmsMessage.id, SmsMessage.created_at.alias("ended")).where(
            SmsMessage.created_at < before, SmsMessage.body != "", SmsMessage.status.not_in(UNSENT)
        )
        yield Candidates(rules.TIN_NHAN, SmsMessage, sent, _blanking(SmsMessage))
        received = SmsInbound.select(SmsInbound.id, SmsInbound.received_at.alias("ended")).where(
            SmsInbound.received_at < before, (SmsInbound.body != "") | (SmsInbound.phone != "")
        )
        yield Candidates(rules.TIN_NHAN, SmsInbound, received, _blanking(SmsInbound))
    if (before := cutoff(rules.DANG_NHAP)) is not None:
        query = SignInEvent.select(SignInEvent.id, SignInEvent.at.alias("ended")).where(SignInEvent.at < before)
        yield Candidates(rules.DANG_NHAP, SignInEvent, query, _deleting(SignInEvent))


def _deleting(model):
    def sweep(ids):
        model.delete().where(model.id.in_(ids)).execute()
        return []

    return sweep


def _blanking(model):
    """An SMS keeps its template, status, dates and counts for the statistics; not what it said nor to whom."""

    def sweep(ids):
        model.update(body="", phone="").where(model.id.in_(ids)).execute()
        return []

    return sweep


def _ms(moment):
    return int(moment.replace(tzinfo=datetime.UTC).timestamp() * 1000)
