"""A fee paid at the desk, recorded once. Not a workflow action: paying moves nothing, it only opens
the gate of the step the fee is due before (webapp/dossiers/fees.py `unpaid_refusal`)."""

from webapp.dossiers.timing import acting_unit
from webapp.formatting import money
from webapp.models.dossier import utcnow
from webapp.models.values import CASH_PAID, COUNTER
from webapp.workflow.services import record


def collect_cash(found, staff, origin):
    """Record the fee paid in cash to `staff`; False if it was already paid."""
    now = origin.at or utcnow()
    return record(
        found.id,
        CASH_PAID,
        actor=staff.full_name or staff.username,
        changes={"paid_at": now, "payment_channel": COUNTER},
        unless_set="paid_at",
        details={"amount": found.fee_amount, "channel": COUNTER, "text": money(found.fee_amount)},
        unit=acting_unit(found),
        ip=origin.ip,
        at=now,
    )
