"""Finding a dossier for whoever proved its code (the rules of the proof, shared with SMS lookup, are in
webapp/dossiers/second_factor.py): the status page's data, its steps, and the SMS preference.
"""

from peewee import fn

from webapp.db import db
from webapp.dossiers import consent
from webapp.models import Agency, Dossier, Procedure, Rating, SmsOptOut, Transition
from webapp.prepared_sql import prepared_select

# The status page's cache key, read on every reload: plain values, SQL written once per database kind.
PAGE_STATE_SQL = (
    "SELECT d.version, (SELECT r.overall FROM rating r WHERE r.dossier_id = d.id),"
    " EXISTS(SELECT 1 FROM sms_opt_out o WHERE o.phone = d.applicant_phone), d.reminders_consent"
    " FROM dossier d WHERE d.code = {p}"
)


def page_state(code):
    """(version, rating, SMS stopped) of the dossier: what the status page shows changes with these."""
    row = db.execute_sql(PAGE_STATE_SQL.format(p=db.obj.param), (code,)).fetchone()
    return (row[0], row[1], bool(row[2]) or _declined(row[3])) if row else None


def _declined(reminders_consent):
    """The box at filing was left unticked: that dossier's optional SMS are off as if stopped."""
    return reminders_consent is not None and not reminders_consent


def status_of(code):
    """The dossier with its procedure and agency, its rating (if any) and whether its phone stopped the
    optional SMS: everything the status page shows but the steps, in one query. None if unknown.

    The page is the one people reload while they wait, so its SQL is generated once (webapp/hotpath.py).
    """
    rows = prepared_select("lookup_status", _status_query, [code])
    if not rows:
        return None
    found = rows[0]
    found.sms_opted_out = bool(found.phone_opted_out) or _declined(found.reminders_consent)
    return found


def _status_query(code):
    opted_out = SmsOptOut.select(SmsOptOut.id).where(SmsOptOut.phone == Dossier.applicant_phone)
    rated = Rating.select(Rating.overall).where(Rating.dossier == Dossier.id)
    return (
        Dossier.select(
            *(Dossier.id, Dossier.code, Dossier.version, Dossier.procedure, Dossier.agency, Dossier.status),
            *(Dossier.channel, Dossier.delivery_channel),
            *(Dossier.applicant_name, Dossier.applicant_phone, Dossier.submitted_at, Dossier.expected_due_at),
            *(Dossier.received_at, Dossier.due_at, Dossier.new_due_at, Dossier.finished_at, Dossier.result_on_paper),
            *(Dossier.returned_at, Dossier.return_channel, Dossier.returned_to, Dossier.supplement_token),
            *(Dossier.fee_amount, Dossier.fee_point, Dossier.paid_at),
            *(Procedure.id, Procedure.code, Procedure.name, Procedure.name_en),
            *(Agency.id, Agency.name, Agency.address, Agency.phone),
            rated.alias("rated_overall"),
            fn.EXISTS(opted_out).alias("phone_opted_out"),
            Dossier.reminders_consent,
        )
        .join(Procedure)
        .switch(Dossier)
        .join(Agency)
        .where(Dossier.code == code)
        .limit(1)
    )


def steps_of(dossier):
    """The dossier's steps, oldest first, without who took them or from where (officers' data)."""
    return prepared_select("lookup_steps", _steps_query, [dossier.id])


def _steps_query(dossier_id):
    return (
        Transition.select(Transition.id, Transition.action, Transition.at, Transition.note, Transition.details)
        .where(Transition.dossier == dossier_id)
        .order_by(Transition.at, Transition.id)
    )


def set_sms_opt_out(phone, stop):
    """Stop (or resume) the optional SMS to `phone`: receipts, "posted", rating invitations. Each press
    is a consent withdrawn or given, recorded with its time and text version (webapp/dossiers/consent)."""
    consent.record(phone, not stop, channel=consent.WEB)
