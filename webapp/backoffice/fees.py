"""The fee at the desk: what the dossier owes, and the cash an officer takes for it (payment_channel
truc_tiep). Not a workflow action: paying moves nothing, it only opens the gate of the step the fee
is due before (webapp/filing/fees.py `unpaid_refusal`), so it is recorded as a fact, once."""

from flask import redirect, request, url_for
from flask_babel import gettext as _

from webapp.auth.session import current_staff, login_required
from webapp.backoffice import services
from webapp.backoffice.views import _dossier_or_404, bp, dossier
from webapp.filing.fees import POINT_LABELS
from webapp.formatting import vnd
from webapp.models.dossier import utcnow
from webapp.workflow import machine
from webapp.workflow.services import record

CASH = "truc_tiep"

bp.record_once(lambda state: state.app.jinja_env.globals.update(FEE_POINTS=POINT_LABELS))


@bp.post("/<code>/thu-phi")
@login_required(machine.MOT_CUA)
def take_cash(code):
    """The officer has the cash in hand: the dossier is paid, with an audit row saying how much."""
    found = _dossier_or_404(code)
    if not found.fee_amount:
        return dossier(code, error=_("Hồ sơ này không phải nộp lệ phí."))
    if not collect_cash(found, current_staff()):
        return dossier(code, error=_("Lệ phí của hồ sơ này đã được nộp."))
    return redirect(url_for(".dossier", code=code), code=303)


def collect_cash(found, staff, at=None):
    """Record the fee paid in cash to `staff`; False if it was already paid. `at`: the demo history's past."""
    now = at or utcnow()
    return record(
        found.id,
        "thu_phi",
        actor=staff.full_name or staff.username,
        changes={"paid_at": now, "payment_channel": CASH},
        unless_set="paid_at",
        details={"amount": found.fee_amount, "channel": CASH, "text": vnd(found.fee_amount)},
        unit=services.acting_unit(found),
        ip=request.remote_addr,
        at=now,
    )
