"""The fee at the desk: what the dossier owes, and the cash an officer takes for it (payment_channel
COUNTER). Not a workflow action: paying moves nothing, it only opens the gate of the step the fee is
due before (webapp/dossiers/fees.py `unpaid_refusal`), so it is recorded as a fact, once."""

from flask import abort, redirect, request, url_for
from flask_babel import gettext as _

from webapp.backoffice import bp
from webapp.backoffice.forms import CashForm
from webapp.backoffice.views import dossier
from webapp.dossiers.access import staff_dossier_or_404
from webapp.identity.session import current_staff, login_required
from webapp.workflow import machine
from webapp.workflow.fees import collect_cash
from webapp.workflow.services import Origin


@bp.post("/<code>/thu-phi")
@login_required(machine.MOT_CUA)
def take_cash(code):
    """The officer has the cash in hand: the dossier is paid, with an audit row saying how much."""
    found = staff_dossier_or_404(code)
    if not CashForm().validate():  # the token only: the button is the whole form
        abort(400)
    if not found.fee_amount:
        return dossier(code, error=_("Hồ sơ này không phải nộp phí, lệ phí."))
    if not collect_cash(found, current_staff(), Origin.web(request)):
        return dossier(code, error=_("Lệ phí của hồ sơ này đã được nộp."))
    return redirect(url_for(".dossier", code=code), code=303)
