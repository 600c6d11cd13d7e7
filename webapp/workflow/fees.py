"""A fee paid, recorded once with its numbered receipt, and the SMS that say a fee is due or received.

Paying is not a workflow action: it moves nothing, it only opens the gate of the step the fee is due
before (webapp/dossiers/fees.py `unpaid_refusal`). The fee falls due for the citizen at filing when it
is paid before reception, and when the result is signed when it is paid before the result goes back.
"""

from webapp.db import write_transaction
from webapp.dossiers import receipts
from webapp.dossiers.fees import GATED, unpaid_before
from webapp.dossiers.timing import acting_unit
from webapp.formatting import money
from webapp.links import external_url
from webapp.messaging.outbound import notify_after
from webapp.models.dossier import utcnow
from webapp.models.values import CASH_PAID, COUNTER
from webapp.workflow import machine
from webapp.workflow.services import record

# What paying opens, in the fee_due SMS (without diacritics, as it is sent).
PAYS_TO = {"truoc_tiep_nhan": "de duoc tiep nhan", "truoc_tra_ket_qua": "de nhan ket qua"}


def collect_cash(found, staff, origin):
    """Record the fee paid in cash to `staff` with its receipt; False if it was already paid."""
    now = origin.at or utcnow()
    collector = staff.full_name or staff.username
    with write_transaction():
        recorded = record(
            found.id,
            CASH_PAID,
            actor=collector,
            changes={"paid_at": now, "payment_channel": COUNTER},
            unless_set="paid_at",
            details={"amount": found.fee_amount, "channel": COUNTER, "text": money(found.fee_amount)},
            unit=acting_unit(found),
            ip=origin.ip,
            at=now,
            role=staff.role,
        )
        receipt = recorded and receipts.issue(
            found.id, channel=COUNTER, amount=found.fee_amount, payer="", collector=collector, at=now
        )
    if receipt and origin.notify:
        notify_fee_received(found, receipt)
    return bool(recorded)


def fee_due_sms(dossier, step):
    """The fee_due SMS (template and words, for a Step's `sms`) when the dossier's unpaid fee must be
    paid before `step` (RECEIVE or RETURN); {} otherwise."""
    if not unpaid_before(dossier, step):
        return {}
    return {
        "template": "fee_due",
        "amount": money(dossier.fee_amount),
        "when": PAYS_TO[GATED[step]],
        # The code is in the message; the lookup asks it with the phone's last digits, then offers to pay.
        "url": external_url("lookup.form"),
    }


def notify_fee_due(dossier, step):
    """Tell the applicant the fee must be paid before `step`, once; None when nothing is due."""
    words = fee_due_sms(dossier, step)
    if not words:
        return None
    return notify_after(dossier, f"fee_due:{step}", words.pop("template"), code=dossier.code, **words)


def notify_fee_received(dossier, receipt):
    """The applicant's confirmation that the fee came in, with the receipt's number."""
    words = {"amount": money(receipt.amount), "number": receipts.number_text(receipt), "series": receipt.series}
    sent = notify_after(dossier, f"fee_received:{receipt.id}", "fee_received", code=dossier.code, **words)
    if dossier.status == machine.CHO_TRA_KET_QUA:  # the fee held a signed result: its "ready" was held back
        url = external_url("lookup.form", ma=dossier.code)
        notify_after(dossier, f"result_ready:{receipt.id}", "result_ready", code=dossier.code, url=url)
    return sent


def fee_unpaid(dossier):
    """Whether the dossier still owes a fee the citizen may pay now (online, or at the desk)."""
    return bool(dossier.fee_amount) and dossier.paid_at is None and dossier.status not in machine.CLOSED


def waits_for_fee(dossier):
    """Whether the dossier waits on the citizen's fee, not on the officers: it stands where the step its
    unpaid fee gates would be taken (the status page's "Chờ bạn nộp phí", the SMS lookup's "cho nop phi, le phi")."""
    return any(unpaid_before(dossier, step) and dossier.status in machine.BY_NAME[step].sources for step in GATED)
