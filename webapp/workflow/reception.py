"""Reception and supplements (form 02): the binding due date and log-book line, what the desk asks
for, the citizen's upload link, and the clock.

Whether the clock restarts when the dossier comes back complete or only paused while the citizen
gathered the papers is a setting of the rule set (DOMAIN §4: both exist), read at reception.

Form 01 goes out stamped with the receiving unit's organisation certificate: reception asks for its signing in
its own transaction, last, so the job draws it from the row as reception left it (webapp/dossiers/signed_papers.py).
"""

import secrets

from flask_babel import lazy_gettext as _l

from webapp.calendar.services import current_calendar
from webapp.calendar.working_time import due_at, to_local, to_utc, working_hours_between
from webapp.dossiers.fees import unpaid_refusal
from webapp.dossiers.numbering import next_book_number
from webapp.dossiers.signed_papers import FORM_01, request_signing
from webapp.dossiers.timing import binding_due
from webapp.links import external_url
from webapp.models import Dossier, Transition
from webapp.models.values import HAND_IN, RECEIVE, REQUEST_SUPPLEMENT
from webapp.workflow import steps
from webapp.workflow.machine import NotAllowed


def request_supplement(record, inputs, staff, now):
    """Form 02: the items and why ({"items": [{"item", "reason"}], "contact"}, checked by the desk's form),
    a single-use upload link for the SMS, and the pause if any."""
    if Transition.select().where(Transition.dossier == record.id, Transition.action == REQUEST_SUPPLEMENT).exists():
        raise NotAllowed(
            _l("Hồ sơ đã được yêu cầu bổ sung một lần: theo quy định chỉ yêu cầu một lần, nay tiếp nhận hoặc từ chối.")
        )
    items, contact = list(inputs["items"]), inputs.get("contact") or ""
    token = secrets.token_urlsafe(16)
    changes = {"supplement_token": token}
    if record.rule_set.supplement_clock == "pause":
        changes["paused_at"] = now
    link = external_url("filing.supplement", supplement_token=token)
    return steps.Step(changes=changes, details={"items": items, "contact": contact}, sms={"url": link})


def handed_in_changes():
    """The supplement is in (online, or papers at the counter): the link dies, the clock runs again."""
    return {"supplement_token": None, "paused_at": None}


def hand_in_at_counter(record, inputs, staff, now):
    return steps.Step(changes=handed_in_changes())


def receive(record, inputs, staff, now):
    """Reception fixes the binding receipt and due times, and enters the dossier in the log book (form 01)."""
    if refusal := unpaid_refusal(record, RECEIVE):
        raise NotAllowed(refusal)
    return steps.Step(
        changes={"received_at": now, "due_at": reception_due(record, now)},
        within=[lambda dossier: enter_in_log_book(dossier, to_local(now).year), form_01_to_sign],
    )


def form_01_to_sign(dossier):
    """Form 01's signing asked for after the reception's columns and log-book line are written: a job run
    at once (tests, or a quick consumer) draws the paper from this transaction's row."""
    request_signing(dossier.id, FORM_01)


def enter_in_log_book(dossier, year):
    """Its line in the receiving agency's log book, taken in the reception's transaction (no gaps)."""
    dossier.book_number = next_book_number(dossier.agency_id, year)
    Dossier.update(book_number=dossier.book_number).where(Dossier.id == dossier.id).execute()


def reception_due(record, received_utc):
    """The binding due time (UTC): from this reception, or, with a paused clock, from the first arrival."""
    rules = record.rule_set
    pauses = pauses_of(record) if rules.supplement_clock == "pause" else []
    limit = rules.binding_limit(record.channel)
    if not pauses or limit is None:
        return binding_due(record, received_utc)
    local_pauses = [(to_local(start), to_local(end)) for start, end in pauses]
    first = to_local(record.submitted_at)
    return to_utc(
        due_after_pauses(first, local_pauses, limit, rules.cutoff_15h, current_calendar(record.agency.unit_id))
    )


def due_after_pauses(first_arrival, pauses, limit, cutoff_15h, calendar):
    """Due time (naive local) counted from the first arrival, pushed back by the working time each
    pause held: the office is not charged for the days the citizen spent gathering the papers."""
    due = due_at(first_arrival, limit, cutoff_15h, calendar)
    held = sum(working_hours_between(start, end, calendar) for start, end in pauses)
    return calendar.add_working_hours(due, held) if held else due


def pauses_of(record):
    """(requested, handed in) UTC moments of each finished supplement round, from the audit trail."""
    rows = (
        Transition.select(Transition.action, Transition.at)
        .where(Transition.dossier == record.id, Transition.action.in_((REQUEST_SUPPLEMENT, HAND_IN)))
        .order_by(Transition.at, Transition.id)
    )
    pauses, asked = [], None
    for row in rows:
        if row.action == REQUEST_SUPPLEMENT:
            asked = row.at
        elif asked is not None:
            pauses.append((asked, row.at))
            asked = None
    return pauses
