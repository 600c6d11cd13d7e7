"""Counter (walk-in) dossiers: the desk types the applicant in, ticks the papers received, scans them.

A counter dossier gets its code from the same daily sequence as online ones and then goes through
the same steps: usually received on the spot (the machine's RECEIVE: due date, log book, form
01, SMS), or saved at the desk to ask for a supplement (form 02) or refuse it (form 03). The form carries a
random key; the first dossier made with a key is the only one, so a double click or a resent
page lands on it instead of making a second (the key is kept as a Draft's idempotency_key).
"""

import re
import uuid
from dataclasses import replace

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _

from webapp.backoffice import bp
from webapp.bounded import database_id, whole_number
from webapp.dossiers import consent, delivery
from webapp.dossiers.fees import (
    COPIES_FIELD,
    DEFAULT_KIND,
    PAGES_FIELD,
    exemptions_covering,
    fee_items,
    unpaid_refusal,
)
from webapp.dossiers.files import UploadError, checked_content, display_name
from webapp.dossiers.labels import DOCUMENT_KIND
from webapp.dossiers.procedures import agencies_for
from webapp.formatting import money
from webapp.forms_engine.answers import clean_step
from webapp.forms_engine.definition import Choice, Field, Step
from webapp.i18n import current_lang
from webapp.identity.session import current_staff, login_required, staff_units
from webapp.models import Agency, Procedure, Unit
from webapp.models.values import COUNTER, RECEIVE
from webapp.text import vi_sorted
from webapp.workflow import machine
from webapp.workflow.actions import take
from webapp.workflow.intake import POST_ADDRESS, WAY, receive_at_counter
from webapp.workflow.result import RETURN_CHANNELS
from webapp.workflow.services import Origin

RECEIVE = RECEIVE
KEY_RE = re.compile(r"^[0-9a-f]{32}$")
COPY_KINDS = ("ban_chinh", "ban_sao", "xuat_trinh")
MAX_COPIES = 99
REMINDERS_FIELD = "tin_nhan"  # ticked only when the applicant agrees to the optional SMS


def receives_at_counter():
    """Whether the signed-in officer is a desk officer, who types in walk-in dossiers."""
    return getattr(current_staff(), "role", None) == machine.MOT_CUA


def applicant_step():
    """The applicant's details as form-engine fields, so they are checked like the online form's."""
    return Step(
        key="nguoi_nop",
        title=_("Người nộp hồ sơ"),
        fields=(
            Field("ho_ten", "text", _("Họ, chữ đệm và tên"), required=True, validation={"max_length": 120}),
            Field("so_dinh_danh", "id_number", _("Số giấy tờ tùy thân (căn cước / CCCD)"), required=True),
            Field("dien_thoai", "phone", _("Số điện thoại di động"), required=True),
            Field("dia_chi", "text", _("Địa chỉ"), required=True, validation={"max_length": 255}),
        ),
    )


def request_step(rules):
    """What the applicant asks for, where the fee or the return depends on it: copies and pages (fee
    per copy or page), an exemption, and how the result comes back (with the address for the post)."""
    items = [item for item in fee_items(rules, COUNTER) if item.get("amount")]
    fields = list({field.name: field for item in items for field in _count_fields(item)}.values())
    if reasons := exemptions_covering(rules, {item.get("kind", DEFAULT_KIND) for item in items}):
        choices = tuple(Choice(reason, reason) for reason in reasons)
        help_text = _("Đối chiếu giấy tờ chứng minh người nộp xuất trình.")
        fields.append(
            Field("mien_phi", "select", _("Đối tượng được miễn phí, lệ phí"), help=help_text, choices=choices)
        )
    ways = delivery.channels_for(rules.procedure, rules)
    choices = tuple(Choice(way, str(RETURN_CHANNELS[way])) for way in ways)
    fields.append(Field(WAY, "radio", _("Cách nhận kết quả"), required=True, choices=choices))
    if delivery.POST in ways:
        help_text = _(
            "Khi nhận qua bưu chính: số nhà, đường, thôn, xã, tỉnh. Cước %(amount)s.", amount=money(delivery.postage())
        )
        fields.append(
            Field(POST_ADDRESS, "text", _("Địa chỉ nhận kết quả"), help=help_text, validation={"max_length": 255})
        )
    return Step(key="yeu_cau", title=_("Yêu cầu của người nộp"), fields=tuple(fields))


def _count_fields(item):
    """The copies (and pages of each) a fee item is charged for; an optional item's copies may be none
    (a birth registration's extract copies: left empty, none), so the desk charges exactly what is asked for."""
    if item.get("per") not in ("ban", "trang"):
        return []
    optional = bool(item.get("optional"))
    label = _("Số bản yêu cầu: %(what)s", what=item["label"]) if item.get("label") else _("Số bản yêu cầu")
    copies = _bounded(Field(item.get("copies", COPIES_FIELD), "number", label), MAX_COPIES, least=0 if optional else 1)
    fields = [replace(copies, required=False) if optional else copies]
    if item["per"] == "trang":
        fields.append(_bounded(Field(item.get("pages", PAGES_FIELD), "number", _("Số trang mỗi bản")), 999))
    return fields


def _bounded(field, most, least=1):
    return Field(field.name, field.type, field.label, required=True, validation={"min": least, "max": most})


def clean_request(rules, form, lang):
    answers, errors = clean_step(request_step(rules), form, lang)
    if answers.get(WAY) == delivery.POST and not answers.get(POST_ADDRESS):
        errors[POST_ADDRESS] = _("Vui lòng ghi địa chỉ nhận kết quả qua bưu chính.")
    return answers, errors


def desks_of(staff):
    desks = Agency.select(Agency, Unit).join(Unit).where(Agency.unit.in_(staff_units(staff)))
    return vi_sorted(desks, lambda desk: desk.unit.full_name)


def chosen_desk(desks):
    wanted = database_id(request.values.get("co_quan"))
    if len(desks) == 1 and wanted is None:
        return desks[0]
    return next((desk for desk in desks if desk.id == wanted), None)


def chosen_procedure(desk):
    """The procedure asked for, if this desk receives it (as online filing decides) and it has rules."""
    code = (request.values.get("thu_tuc") or "")[:16]
    procedure = Procedure.get_or_none(Procedure.code == code) if code and desk else None
    if procedure is None or desk not in agencies_for(procedure) or procedure.rules_on() is None:
        return None
    return procedure


def procedures_for(desk):
    return vi_sorted(Procedure.select().where(Procedure.tier == desk.unit.tier), lambda procedure: procedure.name)


@bp.route("/tiep-nhan-truc-tiep", methods=["GET", "POST"])
@login_required(machine.MOT_CUA)
def counter():
    desks = desks_of(current_staff())
    desk = chosen_desk(desks)
    procedure = chosen_procedure(desk)
    if procedure is None:
        choices = [(d, procedures_for(d)) for d in ([desk] if desk else desks)]
        return render_template("backoffice/counter.html", choices=choices, asked=bool(request.values.get("thu_tuc")))
    rules = procedure.rules_on()
    if request.method == "GET":
        return _counter_form(desk, procedure, rules, key=uuid.uuid4().hex)
    answers, errors = clean_step(applicant_step(), request.form)
    asked, request_errors = clean_request(rules, request.form, current_lang())
    papers, paper_errors = received_papers(rules, request.form)
    files, file_errors = scanned_files(rules, request.files)
    answers, errors = answers | asked, errors | request_errors | paper_errors | file_errors
    key = request.form.get("khoa", "")
    key = key if KEY_RE.match(key) else uuid.uuid4().hex
    if errors:
        return _counter_form(desk, procedure, rules, key, answers, errors, request.form, bool(files or file_errors))
    origin = Origin("counter", ip=request.remote_addr)
    dossier, created = receive_at_counter(current_staff(), desk, rules, answers, papers, files, key, origin)
    if created:  # asked aloud at the desk, before form 01's SMS (an optional one) goes out
        agreed = request.form.get(REMINDERS_FIELD) == "y"
        consent.record(dossier.applicant_phone, agreed, channel=consent.COUNTER, dossier=dossier)
    if created and request.form.get("thao_tac", RECEIVE) == RECEIVE and not unpaid_refusal(dossier, RECEIVE):
        take(dossier, RECEIVE, current_staff(), {}, origin)  # the same reception as online: form 01, log book, SMS
    # A fee due before reception: the dossier waits at the desk, whose page takes the cash, then receives it.
    return redirect(url_for(".dossier", code=dossier.code), code=303)


def _counter_form(desk, procedure, rules, key, answers=None, errors=None, posted=None, had_files=False):
    return render_template(
        "backoffice/counter_form.html",
        desk=desk,
        procedure=procedure,
        rules=rules,
        key=key,
        step=applicant_step(),
        request_step=request_step(rules),
        answers=answers or {},
        errors=errors or {},
        posted=posted,
        had_files=had_files,
        kinds={kind: DOCUMENT_KIND[kind] for kind in COPY_KINDS},
        reminders_purpose=consent.REMINDERS_PURPOSE,
    )


def default_kind(document):
    return document["kind"] if document["kind"] in COPY_KINDS else "ban_chinh"


def received_papers(rules, form):
    """([{index, name, kind, count}], errors) of the ticked papers; at least one must be ticked."""
    papers, errors = [], {}
    for index, document in enumerate(rules.documents):
        if form.get(f"nhan-{index}") != "on":
            continue
        kind = form.get(f"ban-{index}", "")
        count = whole_number(form.get(f"so_luong-{index}"), low=1, high=MAX_COPIES)
        if kind not in COPY_KINDS:
            errors[f"ban-{index}"] = _("Vui lòng chọn bản chính, bản sao hoặc xuất trình.")
        if count is None:
            errors[f"so_luong-{index}"] = _("Số lượng là một số từ 1 đến %(n)s.", n=MAX_COPIES)
        papers.append(
            {
                "index": index,
                "name": document["name"],
                "kind": kind,
                "count": count or 0,
            }
        )
    if not papers:
        errors["giay_to"] = _("Vui lòng đánh dấu ít nhất một giấy tờ đã nhận.")
    return papers, errors


def scanned_files(rules, uploads):
    """([(document index, bytes, content type, name)], errors): each scan checked and cleaned like online."""
    files, errors = [], {}
    for index in range(len(rules.documents)):
        for storage in uploads.getlist(f"tep-{index}"):
            if not storage or not storage.filename:
                continue
            try:
                data, content_type = checked_content(storage)
            except UploadError as problem:
                errors[f"tep-{index}"] = f"{display_name(storage.filename)[:80]}: {problem}"
                continue
            files.append((index, data, content_type, storage.filename))
    return files, errors
