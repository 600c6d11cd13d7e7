"""Mức 3: file a dossier online, one step per page, saved at every step."""

from flask import abort, redirect, render_template, request, url_for

from webapp.bounded import whole_number
from webapp.dossiers import consent, delivery, drafts, fees
from webapp.dossiers.discretion import sms_procedure_name
from webapp.dossiers.procedures import agencies_for, find_procedure
from webapp.dossiers.timing import expected_due
from webapp.filing import bp, documents, exemption_proof
from webapp.filing.flow import AGAIN, Flow, draft_or_404
from webapp.filing.forms import StartForm, SubmitForm
from webapp.forms_engine.answers import clean_step
from webapp.forms_engine.conditions import applies, applying, same_step_hints, step_fields
from webapp.forms_engine.prefill import claimed_names, copied_names, prefilled
from webapp.i18n import current_lang
from webapp.identity.citizen import current_citizen
from webapp.messaging.outbound import notify
from webapp.messaging.templates import sms_time
from webapp.models import Dossier, Draft
from webapp.models.dossier import utcnow
from webapp.models.values import FILED_ONLINE, ONLINE, RECEIVE
from webapp.workflow import intake
from webapp.workflow.fees import notify_fee_due


@bp.route("/thu-tuc/<code>/nop-truc-tuyen", methods=["GET", "POST"])
def start(code):
    procedure, _ = find_procedure(code)
    rules = procedure.rules_on() if procedure is not None else None
    if rules is None or procedure.online_class == "thong_tin":
        abort(404)  # unknown, information only, or published for a moment still to come
    agencies = agencies_for(procedure)
    form = StartForm().offer(agencies, current_lang())
    if form.validate_on_submit():
        citizen = current_citizen()
        draft = drafts.start_draft(
            procedure,
            form.chosen(agencies),
            citizen.key if citizen else None,
            citizen.identity_record() if citizen else None,
        )
        return redirect(url_for(".step", token=draft.token, number=1), code=303)
    return render_template("filing/start.html", procedure=procedure, rules=rules, form=form)


@bp.get("/nop/<token>")
def resume(token):
    flow = Flow(draft_or_404(token), current_lang())
    return redirect(flow.next_url())


@bp.route("/nop/<token>/buoc/<id:number>", methods=["GET", "POST"])
def step(token, number):
    flow = Flow(draft_or_404(token), current_lang())
    if not 1 <= number <= len(flow.spec.steps):
        abort(404)
    form_step = flow.spec.steps[number - 1]
    claimed, locked = flow.claimed(form_step.fields)
    # Shown, not saved: claims, copies (she is the mother) and defaults (Việt Nam) count once she saves.
    stored = applying(flow.spec, flow.draft.answers or {})
    answers, errors = prefilled(form_step, stored, claimed, locked), {}
    copied = copied_names(form_step, stored, claimed)
    if request.method == "POST":
        posted = request.form.copy()
        for name in locked:  # what the identity proves, whatever came
            posted[name] = str(claimed[name])
        answers, errors, copied = *clean_step(form_step, posted, flow.lang, stored), set()
        drafts.save_answers(flow.draft, answers, flow.spec)
        if not errors and request.args.get("sau") == "kiem-tra":
            # Came from "Sửa" on the check page: go back there (or to whatever is still missing).
            return redirect(flow.next_url(), code=303)
        if not errors:
            return redirect(flow.after_step(number), code=303)
    return render_template(
        "filing/step.html",
        flow=flow,
        form_step=form_step,
        fields=step_fields(form_step, stored),
        conditions=same_step_hints(flow.spec, form_step, flow.lang),
        number=number,
        answers=answers,
        errors=errors,
        copied=copied,
        claimed=claimed_names(form_step.fields, answers, claimed),
        locked=locked,
    )


@bp.post("/nop/<token>/dung-dinh-danh")
def use_identity(token):
    """ "Dùng thông tin định danh điện tử cho hồ sơ này", pressed by a signed-in citizen on a step of a
    draft nobody owns: it becomes hers, her name, number and date of birth filled and locked. Only this
    POST (CSRF-checked) links a draft started before signing in; merely opening one never does."""
    flow = Flow(draft_or_404(token), current_lang())
    flow.claim()
    back_to = whole_number(request.form.get("buoc"), low=1, high=len(flow.spec.steps)) or 1
    return redirect(flow.step_url(back_to), code=303)


@bp.get("/nop/<token>/kiem-tra")
def check(token):
    flow = Flow(draft_or_404(token), current_lang())
    if (missing := flow.missing_before_check()) is not None:
        return redirect(missing)
    # Never kept: Back after submitting fetches it again and lands on the confirmation, not on a
    # live "Nộp hồ sơ" (draft_or_404 sends a submitted draft there).
    return check_page(flow), 200, {"Cache-Control": "private, no-store"}


def check_page(flow, form=None):
    """Everything the applicant gave, the due date, the fee and how the result comes back; after a
    refused submission, the exemption they chose and what was wrong."""
    due = expected_due(flow.draft.rule_set, utcnow(), flow.draft.agency.unit_id)
    fee = fees.fee_for(flow.draft.rule_set, ONLINE, flow.draft.answers)
    exemptions = fees.exemptions_for(flow.draft.rule_set, fee)
    needs_proof = fees.reasons_needing_proof(flow.draft.rule_set)
    if form is None:
        # The box shows the applicant's own earlier answer, if any: never ticked for her.
        ticked = bool(flow.draft.reminders_consent)
        form = SubmitForm(formdata=None, idempotency_key=flow.draft.idempotency_key, tin_nhan=ticked)
    form.offer(exemptions, needs_proof)
    return render_template(
        "filing/check.html",
        flow=flow,
        due=due,
        fee=fee,
        form=form,
        exemptions=exemptions,
        needs_proof=needs_proof,
        errors=form.errors_by_id(),
        shown=applies(flow.spec, flow.draft.answers or {}),
        claimed=claimed_names(flow.spec.fields, flow.draft.answers or {}, flow.claimed(flow.spec.fields)[0]),
        fee_parts=fee.parts or (fee,),
        breakdown=fees.breakdown,
        kind_labels=fees.KIND_LABELS,
        point_label=fees.POINT_LABELS.get(fee.point, ""),
        delivery=delivery.summary(flow.draft),
        papers=documents.files_under_papers(flow.draft),
        reminders_purpose=consent.REMINDERS_PURPOSE,
    )


@bp.post("/nop/<token>/gui")
def submit(token):
    flow = Flow(draft_or_404(token), current_lang())
    key = flow.draft.idempotency_key
    form = SubmitForm(idempotency_key=key)
    if (form.idempotency_key.data or key) != key:
        # A check page of some other draft posted here: submit nothing, show where this one stands.
        return redirect(flow.next_url(), code=303)
    if (missing := flow.missing_before_check()) is not None:
        return redirect(missing, code=303)
    rule_set = flow.draft.rule_set
    offered = fees.exemptions_for(rule_set, fees.fee_for(rule_set, ONLINE, flow.draft.answers))
    if not form.offer(offered, fees.reasons_needing_proof(rule_set)).validate():
        return redirect(flow.url("check"), code=303)  # not one of this rule set's: ask again, submit nothing
    flow.draft.reminders_consent = bool(form.tin_nhan.data)
    flow.draft.save(only=[Draft.reminders_consent])
    exemption = form.mien_phi.data
    if problem := exemption_proof.missing(flow.draft, exemption, form.giay_mien_phi.data):
        form.giay_mien_phi.errors = [problem]
        return check_page(flow, form), 422
    dossier, created = intake.submit(flow.draft, flow.spec, exemption or None)
    if created:
        consent.record(
            dossier.applicant_phone, flow.draft.reminders_consent, dossier=dossier, citizen_key=dossier.citizen_key
        )
        due = dossier.expected_due_at
        notify(
            dossier,
            FILED_ONLINE,
            "submitted",
            code=dossier.code,
            procedure=sms_procedure_name(flow.draft.procedure, flow.draft.rule_set),
            due=sms_time(due),
        )
        notify_fee_due(dossier, RECEIVE)  # a fee paid before reception: the desk waits for it
    # Submitted before (a second tab, a retried POST): the confirmation says so, nothing new is made.
    return redirect(url_for(".done", token=token, **({} if created else AGAIN)), code=303)


@bp.get("/nop/<token>/da-nop")
def done(token):
    draft = draft_or_404(token, allow_submitted=True)
    dossier = Dossier.get_or_none(Dossier.draft == draft)
    if dossier is None:
        return redirect(url_for(".resume", token=token))
    again = request.args.get(next(iter(AGAIN))) == "1"
    return render_template("filing/done.html", dossier=dossier, procedure=draft.procedure, again=again)
