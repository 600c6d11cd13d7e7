"""The back office's forms: one per workflow action that asks for more than its button, plus the
fee and the post's delivery. They check the shape of what was typed (required, lengths, a date, a
choice offered) and hand the step typed inputs; what depends on the dossier (a holiday, a result
file, the unit handling it) stays in the step (webapp/workflow/*), whose BadInput the view puts
back on the field it names.

Field names are the posted names; ids carry the action's name, as several actions' forms share the
dossier page.
"""

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, ValidationError

from webapp.bounded import database_id
from webapp.calendar.working_time import parse_clock
from webapp.dossiers.files import result_file_of
from webapp.dossiers.signed_papers import RESULT_PAPER, signing_of
from webapp.form_fields import DAY_INPUT, required_text, strip
from webapp.forms_engine.dates import parse_day
from webapp.models import values
from webapp.models.signing import SIGNED
from webapp.workflow import machine
from webapp.workflow.processing import specialists, transfer_targets
from webapp.workflow.result import RETURN_CHANNELS

SUPPLEMENT_ROWS = 5  # item + reason rows of form 02; blank rows are ignored
ITEM_MAX, REASON_MAX, CONTACT_MAX = 200, 500, 200
ITEM_NEEDED = _l("Ghi tên giấy tờ cần bổ sung (tối đa %(n)s ký tự).", n=ITEM_MAX)
REASON_NEEDED = _l("Ghi lý do cần bổ sung (tối đa %(n)s ký tự).", n=REASON_MAX)
NAME_MAX, ID_DOCUMENT_MAX, POSTAL_MAX = 120, 20, 40
ID_DOCUMENT_RE = re.compile(r"^[A-Za-z0-9]{6,20}$")
POSTAL_RE = re.compile(r"^[A-Za-z0-9\-]{4,40}$")
HOUR_INPUT = {"inputmode": "numeric", "placeholder": _l("giờ:phút"), "autocomplete": "off", "maxlength": 5}


def _squeezed(value):
    """Filter: inner runs of spaces made one, none around."""
    return " ".join(value.split()) if isinstance(value, str) else value


def _no_spaces(value):
    return "".join(value.split()) if isinstance(value, str) else value


class ActionForm(FlaskForm):
    """An action asking nothing beyond its button; `dossier` gives the choices of those that ask more."""

    action_name = None  # the action posted (machine.BY_NAME), set by form_for

    def __init__(self, *args, dossier=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.dossier = dossier

    def preset(self):
        """Fill a fresh form with what the dossier suggests (never a posted one: the officer's answer stays)."""

    def inputs(self):
        """What the step reads: the typed data of the fields, by their names."""
        return {name: field.data for name, field in self._fields.items() if name != "csrf_token"}

    def refuse(self, name, message):
        """A refusal from the step, shown next to the field it names; False if the form has no such field."""
        field = self._fields.get(name) if name and name != "csrf_token" else None
        if field is None:
            return False
        field.errors = [*field.errors, message]
        return True

    def first_error(self):
        return next((field.errors[0] for field in self if field.errors), None)


def _note_field(action):
    """The reason box of an action that needs one (machine.Action.needs_note; machine.check says the same)."""
    label = _l("Lý do, nội dung cho “%(action)s”", action=machine.BY_NAME[action].label)
    return required_text(label, message=_l("Vui lòng ghi lý do."), field=TextAreaField, id=f"{action}-note")


class NoteForm(ActionForm):
    """The reason alone (refusal, send-back, stop)."""

    @classmethod
    def of(cls, action):
        return type(f"{action.title()}Form", (cls,), {"note": _note_field(action)})


# Form 02.


class SupplementForm(ActionForm):
    """Form 02: rows of item + reason (filled in pairs, at least one), and whom to ask."""

    contact = StringField(
        _l("Liên hệ khi cần hỏi (cán bộ, số điện thoại, quầy) — không bắt buộc"),
        id=f"{values.REQUEST_SUPPLEMENT}-contact",
        filters=[strip],
        validators=[Length(max=CONTACT_MAX, message=_l("Thông tin liên hệ tối đa %(n)s ký tự.", n=CONTACT_MAX))],
    )

    def rows(self):
        """(item field, reason field) of each row, in order."""
        return [(self[f"item-{n}"], self[f"reason-{n}"]) for n in range(1, SUPPLEMENT_ROWS + 1)]

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        for item, reason in self.rows():
            if item.data and not reason.data and not reason.errors:
                reason.errors.append(REASON_NEEDED)
            if reason.data and not item.data and not item.errors:
                item.errors.append(ITEM_NEEDED)
        if not self.items() and not any(f.errors for row in self.rows() for f in row):
            self.rows()[0][0].errors.append(_l("Ghi ít nhất một giấy tờ cần bổ sung và lý do."))
        return valid and not any(field.errors for field in self)

    def items(self):
        return [{"item": i.data, "reason": r.data} for i, r in self.rows() if i.data and r.data]

    def inputs(self):
        return {"items": self.items(), "contact": self.contact.data or ""}


# A row of form 02: the paper to add or fix, and why; each column's label, limit and message.
SUPPLEMENT_COLUMNS = (
    ("item", lambda n: _l("Giấy tờ %(n)s", n=n), ITEM_MAX, ITEM_NEEDED),
    ("reason", lambda n: _l("Lý do bổ sung giấy tờ %(n)s", n=n), REASON_MAX, REASON_NEEDED),
)
for _n in range(1, SUPPLEMENT_ROWS + 1):
    for _column, _label, _most, _message in SUPPLEMENT_COLUMNS:
        _field = StringField(
            _label(_n),
            id=f"{values.REQUEST_SUPPLEMENT}-{_column}-{_n}",
            filters=[strip],
            validators=[Length(max=_most, message=_message)],
        )
        setattr(SupplementForm, f"{_column}-{_n}", _field)


# Form 04.


class ApologyForm(ActionForm):
    """Form 04: the new date (its hour optional) and the reason; the step checks it against the calendar."""

    new_due_date = required_text(
        _l("Ngày hẹn trả mới"),
        id=f"{values.APOLOGISE}-new_due_date",
        message=_l("Nhập ngày hẹn trả mới theo dạng ngày/tháng/năm, ví dụ 25/12/2026."),
        render_kw=DAY_INPUT,
    )
    new_due_hour = StringField(
        _l("Giờ hẹn trả (không bắt buộc)"),
        id=f"{values.APOLOGISE}-new_due_hour",
        filters=[strip],
        render_kw=HOUR_INPUT,
    )
    note = _note_field(values.APOLOGISE)

    def validate_new_due_date(self, field):
        if parse_day(field.data) is None:
            raise ValidationError(_l("Nhập ngày hẹn trả mới theo dạng ngày/tháng/năm, ví dụ 25/12/2026."))

    def validate_new_due_hour(self, field):
        if field.data and parse_clock(field.data) is None:
            raise ValidationError(_l("Nhập giờ theo dạng giờ:phút, ví dụ 16:30."))

    def inputs(self):
        hour = parse_clock(self.new_due_hour.data) if self.new_due_hour.data else None
        return {"new_due_date": parse_day(self.new_due_date.data), "new_due_hour": hour, "note": self.note.data}


# Processing.


class ChosenId(SelectField):
    """A select of ids whose refusal (nothing chosen, or an id not offered) is the Vietnamese `message`."""

    def __init__(self, label, message, **kwargs):
        super().__init__(label, coerce=database_id, **kwargs)
        self.message = message

    def pre_validate(self, form):
        if self.data is None or self.data not in {database_id(choice.value) for choice in self.choices}:
            raise ValidationError(self.message)


def _options(placeholder, rows):
    return [SelectChoice("", placeholder)] + [
        SelectChoice(str(v), label, render_kw={"lang": "vi"}) for v, label in rows
    ]


class AssignForm(ActionForm):
    assignee = ChosenId(
        _l("Chuyên viên xử lý"),
        _l("Vui lòng chọn một chuyên viên của đơn vị xử lý hồ sơ."),
        id=f"{values.ASSIGN}-assignee",
    )

    def __init__(self, *args, dossier=None, **kwargs):
        super().__init__(*args, dossier=dossier, **kwargs)
        self.people = specialists(dossier) if dossier is not None else []
        rows = [(p.id, f"{p.full_name} ({p.username})") for p in self.people]
        self.assignee.choices = _options(_l("— Chọn chuyên viên —"), rows)

    def preset(self):
        if len(self.people) == 1:
            self.assignee.data = self.people[0].id  # the only one: chosen already


class TransferForm(ActionForm):
    to_unit = ChosenId(
        _l("Đơn vị nhận hồ sơ"),
        _l("Vui lòng chọn đơn vị nhận hồ sơ, khác đơn vị đang xử lý."),
        id=f"{values.TRANSFER}-to_unit",
    )
    note = _note_field(values.TRANSFER)

    def __init__(self, *args, dossier=None, **kwargs):
        super().__init__(*args, dossier=dossier, **kwargs)
        rows = [(u.id, u.full_name) for u in transfer_targets(dossier)] if dossier is not None else []
        self.to_unit.choices = _options(_l("— Chọn đơn vị —"), rows)


class SubmitForm(ActionForm):
    du_thao = FileField(_l("Dự thảo kết quả (PDF, không bắt buộc)"), id=f"{values.SUBMIT_TO_LEADER}-du_thao")


# The result.


class ApprovalForm(ActionForm):
    """The leader's signed result: a PDF (checked by content in the step), or a paper result."""

    ket_qua = FileField(_l("Văn bản kết quả đã ký (PDF)"), id=f"{values.APPROVE}-ket_qua")
    ban_giay = BooleanField(_l("Kết quả bản giấy (sẵn sàng tại nơi tiếp nhận hồ sơ)"), id=f"{values.APPROVE}-ban_giay")

    def validate_ket_qua(self, field):
        chosen = field.data is not None and getattr(field.data, "filename", "")
        if not chosen and not self.ban_giay.data:
            raise ValidationError(_l("Vui lòng tải lên văn bản kết quả (PDF) hoặc đánh dấu “Kết quả bản giấy”."))


class ChannelField(RadioField):
    def pre_validate(self, form):
        if self.data not in RETURN_CHANNELS:
            raise ValidationError(_l("Vui lòng chọn cách trả kết quả."))


class ReturnForm(ActionForm):
    """How the result goes back, and the proof of the hand-over that channel asks for."""

    kenh_tra = ChannelField(
        _l("Cách trả kết quả"),
        id=f"{values.RETURN}-kenh_tra",
        choices=[SelectChoice(way, label) for way, label in RETURN_CHANNELS.items()],
    )
    nguoi_nhan = StringField(
        _l("Họ tên người nhận kết quả"),
        id=f"{values.RETURN}-nguoi_nhan",
        filters=[_squeezed, lambda value: value[:NAME_MAX] if value else value],
        render_kw={"maxlength": NAME_MAX},
    )
    giay_to_nguoi_nhan = StringField(
        _l("Số giấy tờ tùy thân của người nhận"),
        id=f"{values.RETURN}-giay_to_nguoi_nhan",
        filters=[_no_spaces],
        render_kw={"maxlength": ID_DOCUMENT_MAX},
    )
    ma_buu_gui = StringField(
        _l("Số biên nhận / mã bưu gửi (bưu chính)"),
        id=f"{values.RETURN}-ma_buu_gui",
        filters=[_no_spaces],
        render_kw={"maxlength": POSTAL_MAX},
    )

    def __init__(self, *args, dossier=None, **kwargs):
        super().__init__(*args, dossier=dossier, **kwargs)
        self.has_file = dossier is not None and result_file_of(dossier) is not None
        signing = signing_of(dossier, RESULT_PAPER) if dossier is not None and not self.has_file else None
        self.being_signed = signing is not None and signing.state != SIGNED

    def online_note(self):
        """Why the online return is not offered, next to it; None when it is."""
        if self.has_file:
            return None
        return _l("kết quả đang được ký số") if self.being_signed else _l("chỉ khi có tệp kết quả")

    def preset(self):
        self.kenh_tra.data = self.dossier.delivery_channel  # what the applicant asked for, if anything

    def disabled(self):
        """The channels not offered: online only with a result file."""
        return () if self.has_file else (values.ONLINE,)

    def validate_nguoi_nhan(self, field):
        if self.kenh_tra.data == values.COUNTER and not field.data:
            raise ValidationError(_l("Vui lòng ghi họ tên người nhận kết quả."))

    def validate_giay_to_nguoi_nhan(self, field):
        if self.kenh_tra.data == values.COUNTER and not ID_DOCUMENT_RE.match(field.data or ""):
            raise ValidationError(_l("Vui lòng ghi số giấy tờ tùy thân của người nhận (6–20 chữ số hoặc chữ cái)."))

    def validate_ma_buu_gui(self, field):
        if self.kenh_tra.data == values.POST and not POSTAL_RE.match(field.data or ""):
            raise ValidationError(_l("Vui lòng ghi số biên nhận hoặc mã bưu gửi khi giao cho bưu điện."))


FORMS = {
    values.REQUEST_SUPPLEMENT: SupplementForm,
    values.REFUSE: NoteForm.of(values.REFUSE),
    values.ASSIGN: AssignForm,
    values.SUBMIT_TO_LEADER: SubmitForm,
    values.SEND_BACK: NoteForm.of(values.SEND_BACK),
    values.APPROVE: ApprovalForm,
    values.TRANSFER: TransferForm,
    values.APOLOGISE: ApologyForm,
    values.STOP: NoteForm.of(values.STOP),
    values.RETURN: ReturnForm,
}


# The irreversible actions (machine.IRREVERSIBLE) asked again: the confirming button, and what taking
# the action does, said before it is done.
CONFIRMATIONS = {
    values.REFUSE: (
        _l("Xác nhận từ chối"),
        _l(
            "Hồ sơ sẽ bị từ chối tiếp nhận và đóng lại: phiếu từ chối (mẫu 03) được lập với lý do dưới đây và"
            " người nộp nhận tin nhắn báo. Không thể hoàn tác."
        ),
    ),
    values.STOP: (
        _l("Xác nhận dừng giải quyết"),
        _l(
            "Hồ sơ sẽ dừng giải quyết và đóng lại: thông báo dừng giải quyết (mẫu 05) được lập với lý do dưới"
            " đây và người nộp nhận tin nhắn báo. Không thể hoàn tác."
        ),
    ),
}
CONFIRM_ANY = (_l("Xác nhận"), _l("Thao tác này không thể hoàn tác."))


def confirmation(action):
    """(button, what it does) of the confirmation asked before `action`."""
    return CONFIRMATIONS.get(action, CONFIRM_ANY)


def form_for(action, dossier, posted=False):
    """The form of `action` on `dossier`'s page: bound to the request if `posted`, else fresh."""
    cls = FORMS.get(action, ActionForm)
    form = cls(dossier=dossier) if posted else cls(formdata=None, dossier=dossier)
    if not posted:
        form.preset()
    form.action_name = action
    return form


# Not workflow actions: the fee taken at the desk, the post's delivery.


class CashForm(FlaskForm):
    """The officer confirms the cash is in hand (the button); only the CSRF token is posted."""


class DeliveredForm(FlaskForm):
    ngay_giao = required_text(
        _l("Ngày bưu điện giao (theo thông báo của bưu điện)"),
        id="ngay_giao",
        message=_l("Nhập ngày bưu điện giao theo dạng ngày/tháng/năm, ví dụ 25/12/2026."),
        render_kw=DAY_INPUT,
    )

    def validate_ngay_giao(self, field):
        if parse_day(field.data) is None:
            raise ValidationError(_l("Nhập ngày bưu điện giao theo dạng ngày/tháng/năm, ví dụ 25/12/2026."))

    @property
    def day(self):
        return parse_day(self.ngay_giao.data)
