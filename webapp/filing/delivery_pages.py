"""The filing pages that ask how the result comes back (webapp/filing/delivery.py has the rules)."""

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _

from webapp.dossiers import delivery as rules
from webapp.filing import bp
from webapp.filing.flow import Flow, draft_or_404
from webapp.forms_engine.answers import clean_step
from webapp.i18n import current_lang
from webapp.models import Draft
from webapp.workflow.intake import applicant_of


def _save(draft, values):
    draft.delivery = {**(draft.delivery or {}), **values}
    draft.save(only=[Draft.delivery])


@bp.route("/nop/<token>/nhan-ket-qua", methods=["GET", "POST"])
def delivery(token):
    flow = Flow(draft_or_404(token), current_lang())
    form_step, answers = rules.channel_step(flow.draft)
    errors = {}
    if request.method == "POST":
        answers, errors = clean_step(form_step, request.form, flow.lang)
        if not answers.get("cach_nhan") and not errors:
            errors["cach_nhan"] = _("Vui lòng chọn cách nhận kết quả.")
        if not errors:
            _save(flow.draft, {"channel": answers["cach_nhan"]})
            if answers["cach_nhan"] == rules.POST:
                return redirect(url_for(".delivery_address", token=token), code=303)
            return redirect(flow.next_url(), code=303)
    return _page(flow, form_step, answers, errors)


@bp.route("/nop/<token>/nhan-ket-qua/dia-chi", methods=["GET", "POST"])
def delivery_address(token):
    flow = Flow(draft_or_404(token), current_lang())
    if flow.draft.delivery.get("channel") != rules.POST:
        return redirect(url_for(".delivery", token=token), code=303)
    form_step = rules.address_step(flow.draft.agency)
    answers, errors = _address_defaults(flow), {}
    if request.method == "POST":
        answers, errors = clean_step(form_step, request.form, flow.lang)
        if not errors:
            _save(flow.draft, answers)
            return redirect(flow.next_url(), code=303)
    return _page(flow, form_step, answers, errors, back_to=url_for(".delivery", token=flow.draft.token))


def _address_defaults(flow):
    """What was given before, else the applicant's own name and the phone just verified."""
    saved = flow.draft.delivery or {}
    name, _id_number = applicant_of(flow.spec, flow.draft.answers or {})
    return {
        "nguoi_nhan": saved.get("nguoi_nhan") or name,
        "dien_thoai": saved.get("dien_thoai") or flow.draft.phone or "",
        "xa": saved.get("xa", ""),
        "dia_chi": saved.get("dia_chi", ""),
    }


def _page(flow, form_step, answers, errors, back_to=None):
    """A page reached from the check page: it counts as the check page and goes back to it."""
    return render_template(
        "filing/step.html",
        flow=flow,
        form_step=form_step,
        fields=form_step.fields,
        conditions={},
        number=flow.page_number("delivery"),
        answers=answers,
        errors=errors,
        back_to=back_to or (flow.url("check") if rules.is_complete(flow.draft) else None),
    )
