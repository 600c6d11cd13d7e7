"""The retention sweep at a fixed moment: what is past its period goes (or loses the person), what is
just inside stays, the audit trail and the statistics stay whole, a dry run tells exactly what happens."""

import datetime

from tests.factories import PDF, make_draft
from tests.retention.helpers import BIRTH, MINUTE, NOW, closed_dossier, days_ago
from webapp.admin_log import record
from webapp.dossiers.drafts import spec_of
from webapp.dossiers.files import keep_bytes, uploads
from webapp.identity import services
from webapp.models import (
    AdminEvent,
    Attachment,
    Dossier,
    DossierView,
    Draft,
    OtpChallenge,
    RateCounter,
    SignInEvent,
    SmsInbound,
    SmsMessage,
    Transition,
)
from webapp.models.values import FILED, RESULT
from webapp.reports.figures import dossier_figures
from webapp.reports.periods import Period
from webapp.retention import rules, sweep
from webapp.workflow.intake import submit
from webapp.workflow.machine import DA_RUT, TU_CHOI

TEN_YEARS = 3650


def stored_names(dossier):
    return {a.stored_name for a in Attachment.select().where(Attachment.dossier == dossier.id)}


def test_a_dossier_one_minute_past_ten_years_loses_the_person_one_minute_short_keeps_it(ctx):
    gone = closed_dossier(days_ago(TEN_YEARS, -MINUTE))
    kept = closed_dossier(days_ago(TEN_YEARS, +MINUTE))
    gone_files, kept_files = stored_names(gone), stored_names(kept)
    draft_id = gone.draft_id

    report = sweep.run(NOW)

    assert report.lines[rules.HO_SO].count == 1 and report.lines[rules.KET_QUA].count == 1
    after = Dossier.get_by_id(gone.id)
    assert after.applicant_name == ""
    assert after.applicant_id_number == ""
    assert after.applicant_phone == ""
    assert after.answers == {}
    assert after.identity is None and after.citizen_key is None
    assert (after.delivery_address, after.delivery_recipient, after.delivery_phone) == ("", "", "")
    assert after.returned_to == ""
    assert after.draft_id is None and Draft.get_or_none(Draft.id == draft_id) is None
    # What the statistics need stays word for word.
    for column in (
        "code",
        "status",
        "procedure_id",
        "agency_id",
        "channel",
        "fee_amount",
        "submitted_at",
        "received_at",
        "finished_at",
        "returned_at",
        "due_at",
        "payment_channel",
        "e_result",
    ):
        assert getattr(after, column) == getattr(gone, column), column
    # The files are gone from the store; the rows stay (the digitisation figure counts them), nameless.
    for name in gone_files:
        assert not uploads().exists(name)
    rows = list(Attachment.select().where(Attachment.dossier == gone.id).order_by(Attachment.id))
    assert [(a.kind, a.original_name) for a in rows] == [(FILED, ""), (RESULT, "")]
    assert all(a.stored_name.startswith(sweep.ERASED) for a in rows)

    untouched = Dossier.get_by_id(kept.id)
    assert untouched.applicant_name == kept.applicant_name != ""
    assert untouched.applicant_id_number == kept.applicant_id_number != ""
    assert untouched.answers == kept.answers != {}
    assert untouched.delivery_address == "12 Trần Phú, phường Thành Sen"
    assert stored_names(kept) == kept_files and all(uploads().exists(name) for name in kept_files)


def test_refused_and_withdrawn_dossiers_count_from_the_step_that_closed_them(ctx):
    refused = closed_dossier(days_ago(TEN_YEARS, -MINUTE), status=TU_CHOI, result=False)
    withdrawn = closed_dossier(days_ago(TEN_YEARS, +MINUTE), status=DA_RUT, result=False)
    sweep.run(NOW)
    assert Dossier.get_by_id(refused.id).applicant_name == ""
    assert Dossier.get_by_id(withdrawn.id).applicant_name == withdrawn.applicant_name != ""


def test_civil_status_dossiers_are_kept_permanently_and_a_procedure_of_its_own_wins(ctx):
    birth = closed_dossier(days_ago(40 * 365), code=BIRTH)
    copy_short = closed_dossier(days_ago(400))
    assert sweep.run(NOW).lines[rules.HO_SO].count == 0

    staff = new_staff_in_ctx()
    rules.save_rule(staff, (rules.HO_SO, "", "2.000815"), 365, "Thử: thời hạn riêng")
    report = sweep.run(NOW)
    assert report.lines[rules.HO_SO].count == 1
    assert Dossier.get_by_id(copy_short.id).applicant_name == ""
    assert Dossier.get_by_id(birth.id).applicant_name == birth.applicant_name != ""

    rules.save_rule(staff, (rules.HO_SO, "", BIRTH), 365 * 30, "Thử: khai sinh 30 năm")
    sweep.run(NOW)
    assert Dossier.get_by_id(birth.id).applicant_name == ""


def new_staff_in_ctx():
    return services.create_staff("qt.luutru", "quan_tri_tinh", ("18073",), "Trần Thị Lưu", "mat-khau-dung-1")


def test_open_dossiers_are_never_swept_however_old(ctx):
    draft = make_draft(code="2.000815")
    dossier = submit(draft, spec_of(draft), now=days_ago(TEN_YEARS * 2))[0]
    assert sweep.run(NOW).lines[rules.HO_SO].count == 0
    assert Dossier.get_by_id(dossier.id).applicant_name == dossier.applicant_name != ""


def test_audit_rows_stay_and_the_reports_count_the_same(ctx):
    gone = closed_dossier(days_ago(TEN_YEARS, -MINUTE))
    staff = new_staff_in_ctx()
    DossierView.create(dossier=gone.id, staff=staff.id, at=days_ago(TEN_YEARS + 5), what="page")
    record(staff, "luu-tru", "thu", "x")
    year = Period(gone.received_at.date() - datetime.timedelta(days=30), gone.returned_at.date(), "năm")
    figures_before = dossier_figures(year)[0]
    counted = (Transition.select().count(), DossierView.select().count(), AdminEvent.select().count())

    sweep.run(NOW)

    assert Dossier.get_by_id(gone.id).applicant_name == ""
    assert (Transition.select().count(), DossierView.select().count(), AdminEvent.select().count()) == counted
    figures_after = dossier_figures(year)[0]
    assert (figures_after.received, figures_after.resolved, figures_after.in_time) == (
        figures_before.received,
        figures_before.resolved,
        figures_before.in_time,
    )
    assert figures_after.received == 1


def make_small_records():
    """OTP, rate counters, SMS both ways and sign-in events just outside and just inside their periods."""

    def otp(expires):
        return OtpChallenge.create(
            phone="+84912345678", purpose="filing", code_hash="h", created_at=expires, expires_at=expires
        )

    def counter(key, window_end):
        started = int(window_end.replace(tzinfo=datetime.UTC).timestamp() * 1000) - 60_000
        return RateCounter.create(key=key, window_s=60, started=started, taken=3)

    def sms(n, at, status="sent"):
        return SmsMessage.create(
            public_id=f"p{n}",
            phone="+84912345678",
            template="da_tiep_nhan",
            body=f"Ho so {n} da tiep nhan",
            status=status,
            created_at=at,
        )

    return {
        "otp": (otp(days_ago(30, -MINUTE)), otp(days_ago(30, +MINUTE))),
        "counter": (
            counter("lookup-ip:1.2.3.4", days_ago(1, -MINUTE)),
            counter("lookup-ip:5.6.7.8", days_ago(1, +MINUTE)),
        ),
        "sms": (sms(1, days_ago(180, -MINUTE)), sms(2, days_ago(180, +MINUTE))),
        "unsent": sms(3, days_ago(400), status="queued"),
        "inbound": (
            SmsInbound.create(
                phone="+84912345678",
                body="TRACUU H42.18073-260101-0001",
                command="tracuu",
                received_at=days_ago(180, -MINUTE),
            ),
            SmsInbound.create(
                phone="+84912345678", body="HUONGDAN", command="huongdan", received_at=days_ago(180, +MINUTE)
            ),
        ),
        "signin": (
            SignInEvent.create(at=days_ago(365, -MINUTE), action="dang-nhap", outcome="ok", subject_key="k1"),
            SignInEvent.create(at=days_ago(365, +MINUTE), action="dang-nhap", outcome="ok", subject_key="k2"),
        ),
    }


def test_codes_counters_sign_ins_go_sms_lose_body_and_phone_only_past_their_period(ctx):
    made = make_small_records()
    report = sweep.run(NOW)
    assert report.counts() == {
        "ho_so": 0,
        "ket_qua": 0,
        "ban_nhap": 0,
        "otp": 1,
        "tra_cuu": 1,
        "tin_nhan": 2,
        "dang_nhap": 1,
    }
    old, new = made["otp"]
    assert OtpChallenge.get_or_none(OtpChallenge.id == old.id) is None and OtpChallenge.get_by_id(new.id)
    old, new = made["counter"]
    assert RateCounter.get_or_none(RateCounter.id == old.id) is None and RateCounter.get_by_id(new.id).taken == 3
    old, new = made["signin"]
    assert SignInEvent.get_or_none(SignInEvent.id == old.id) is None and SignInEvent.get_by_id(new.id)
    old, new = made["sms"]
    blanked = SmsMessage.get_by_id(old.id)
    assert (blanked.body, blanked.phone) == ("", "")
    assert (blanked.template, blanked.status, blanked.created_at) == ("da_tiep_nhan", "sent", old.created_at)
    assert SmsMessage.get_by_id(new.id).body == "Ho so 2 da tiep nhan"
    assert SmsMessage.get_by_id(made["unsent"].id).body == "Ho so 3 da tiep nhan"  # still to be sent
    old, new = made["inbound"]
    assert (SmsInbound.get_by_id(old.id).body, SmsInbound.get_by_id(old.id).command) == ("", "tracuu")
    assert SmsInbound.get_by_id(new.id).body == "HUONGDAN"


def test_expired_drafts_go_with_their_uploads_submitted_ones_stay_with_their_dossier(ctx):
    expired = make_draft(code="2.000815", expires_at=NOW - MINUTE)
    current = make_draft(code="2.000815", expires_at=NOW + MINUTE)
    upload = keep_bytes(PDF, "application/pdf", "cccd.pdf", draft=expired.id, document_index=0, kind=FILED)
    kept_upload = keep_bytes(PDF, "application/pdf", "cccd.pdf", draft=current.id, document_index=0, kind=FILED)
    report = sweep.run(NOW)
    assert report.lines[rules.BAN_NHAP].count == 1
    assert Draft.get_or_none(Draft.id == expired.id) is None and Draft.get_by_id(current.id)
    assert not uploads().exists(upload.stored_name) and Attachment.get_or_none(Attachment.id == upload.id) is None
    assert uploads().exists(kept_upload.stored_name)


def test_a_dry_run_reports_what_the_run_then_does_and_changes_nothing(ctx):
    closed_dossier(days_ago(TEN_YEARS + 100))
    oldest = closed_dossier(days_ago(TEN_YEARS + 200))
    closed_dossier(days_ago(TEN_YEARS - 1))
    make_small_records()
    make_draft(code="2.000815", expires_at=NOW - datetime.timedelta(days=3))
    snapshot = everything()

    dry = sweep.run(NOW, dry_run=True)

    assert everything() == snapshot
    assert dry.lines[rules.HO_SO].count == 2 and dry.lines[rules.HO_SO].oldest == oldest.returned_at
    real = sweep.run(NOW, batch=1)  # a batch per record: the batches add up to the dry run
    assert {k: (v.count, v.oldest) for k, v in real.lines.items()} == {
        k: (v.count, v.oldest) for k, v in dry.lines.items()
    }
    assert real.total() == 2 + 2 + 1 + 1 + 1 + 2 + 1
    again = sweep.run(NOW)
    assert again.total() == 0 and again.files_removed == 0


def everything():
    """Every row of the swept tables, as values, and every stored name."""
    models = (Dossier, Attachment, Draft, OtpChallenge, RateCounter, SmsMessage, SmsInbound, SignInEvent)
    rows = {m.__name__: sorted(map(str, m.select().dicts())) for m in models}
    rows["files"] = sorted(name for name, _ in uploads().names())
    return rows
