"""The filing pages' own inputs as flask-wtf forms: where to file, the fee exemption claimed on the
check page, the citizen's supplement hand-in and the phone checks. Every message is Vietnamese at the
source; a choice not offered is refused in Vietnamese too (WTForms' own messages are English).

The tờ khai's steps are not here: their fields come from the procedure's form definition and are
cleaned by webapp/forms_engine, rendered by the `form_field` macro.
"""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, MultipleFileField
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, ValidationError

from webapp.bounded import database_id
from webapp.dossiers.consent import REMINDERS_LABEL
from webapp.form_fields import strip
from webapp.phone import normalize_phone

NOTE_MAX = 1000


NO_AGENCY = _l("Vui lòng chọn nơi nộp hồ sơ.")


class StartForm(FlaskForm):
    """Where the dossier is filed: one of the communes (agencies) handling the procedure."""

    agency = SelectField(
        _l("Nơi nộp hồ sơ (xã, phường)"),
        id="agency",
        coerce=database_id,  # None for "— Chọn —" and anything no row could have
        validators=[InputRequired(message=NO_AGENCY)],
        invalid_choice_message=NO_AGENCY,
    )

    def validate_agency(self, field):
        if field.data is None:  # "— Chọn —", or something that is no agency's number
            raise ValidationError(NO_AGENCY)

    def offer(self, agencies, lang):
        """Choices: "— Chọn —", then each agency by its unit's name in `lang`."""
        self.agency.choices = [SelectChoice("", _l("— Chọn —"))] + [
            SelectChoice(agency.id, agency.unit.display_name(lang)) for agency in agencies
        ]
        return self

    def chosen(self, agencies):
        """The chosen Agency (once the form validates)."""
        return next(agency for agency in agencies if agency.id == self.agency.data)


class SubmitForm(FlaskForm):
    """The check page's form: the exemption claimed, its proof when the reason needs one, the consent
    to optional SMS, and the draft's idempotency key (a check page of another draft posting here
    submits nothing)."""

    idempotency_key = HiddenField()
    mien_phi = SelectField(
        _l("Đối tượng được miễn phí, lệ phí"),
        id="mien_phi",
        default="",
        invalid_choice_message=_l("Vui lòng chọn trong danh sách."),
    )
    giay_mien_phi = FileField(_l("Giấy tờ chứng minh được miễn phí, lệ phí (PDF hoặc ảnh)"), id="f-giay_mien_phi")
    # Consent to the optional SMS: never ticked for the applicant (Law 91/2025/QH15: no pre-ticked boxes).
    tin_nhan = BooleanField(REMINDERS_LABEL, id="tin_nhan", default=False)

    def offer(self, exemptions, needs_proof):
        """Choices: none, then the rule set's reasons (marked when a paper must prove them)."""
        self.mien_phi.choices = [SelectChoice("", _l("Không thuộc diện miễn"))] + [
            SelectChoice(reason, _with_proof(reason) if reason in needs_proof else reason, {"lang": "vi"})
            for reason in exemptions
        ]
        return self

    def errors_by_id(self):
        """{field id without "f-": first message}, for the error summary (it links to "#f-<name>")."""
        return {field.id.removeprefix("f-"): field.errors[0] for field in self if field.errors}


def _with_proof(reason):
    marker = _("kèm giấy tờ chứng minh")
    return f"{reason} ({marker})"


def _clip_note(value):
    return value[:NOTE_MAX] if isinstance(value, str) else value


class SupplementForm(FlaskForm):
    """The supplement hand-in: files for each paper asked for (fields added per request by
    `supplement_form`) and a note to the desk, kept to NOTE_MAX characters."""

    note = TextAreaField(_l("Ghi chú gửi cán bộ (không bắt buộc)"), id="note", filters=[strip, _clip_note])

    def item_fields(self):
        return [field for field in self if field.name.startswith("item-")]


def supplement_form(items):
    """A SupplementForm with one multiple-file field "item-<i>" per paper asked for (labelled with it)."""

    class Form(SupplementForm):
        pass

    for index, asked in enumerate(items):
        field = MultipleFileField(asked.get("item", ""), id=f"item-{index}", name=f"item-{index}")
        setattr(Form, f"item_{index}", field)
    return Form()


class PhoneCheckForm(FlaskForm):
    """The phone checks (filing, Hồ sơ của tôi): a number to send a code to, the code, and which
    button was pressed (`action`: send, verify, or logout on Hồ sơ của tôi). The number is in +84 form
    in `number` once `validate_phone` accepts it; whether a code is right is the code service's answer
    (webapp/identity/otp), shown above the forms."""

    phone = StringField(_l("Số điện thoại di động"), id="phone", filters=[strip])
    code = StringField(id="code", filters=[strip])
    action = StringField()
    number = None

    def pressed(self, action):
        return self.is_submitted() and self.action.data == action

    def phone_problem(self):
        """None when the typed number is a mobile number (then kept in `number`), else the message."""
        self.number = normalize_phone(self.phone.data or "")
        if self.number is None:
            return _("Số di động gồm 10 chữ số, bắt đầu bằng 03, 05, 07, 08 hoặc 09.")
        return None
