"""Plain factories: complete, valid things to test with, overridable field by field."""

import random

from fpdf import FPDF

from webapp.dossiers.drafts import start_draft
from webapp.models import Agency, Draft, Procedure, Unit
from webapp.models.dossier import utcnow

BIRTH = "1.001193"


def _one_page_pdf():
    pdf = FPDF(unit="pt", format=(120, 80))
    pdf.add_page()
    pdf.set_font("helvetica", size=10)
    pdf.cell(0, 10, "MotCua test")
    return bytes(pdf.output())


# A valid one-page PDF, small, that pyHanko can sign (a result the leader uploads is signed by a job).
PDF = _one_page_pdf()


def valid_value(field):
    """An answer every cleaner accepts for this field."""
    kind = field.type
    if kind == "date":
        return "05/09/2025"
    if kind == "id_number":
        return "042095001234"
    if kind == "phone":
        return "+84912345678"
    if kind == "email":
        return "nguoi.dan@example.vn"
    if kind == "number":
        return field.validation.get("min", 1)
    if kind in ("select", "radio"):
        return field.choices[0].value
    if kind == "checkbox":
        return True
    return "Nguyễn Thị Hoa"


def posted_value(field):
    value = valid_value(field)
    if field.type == "checkbox":
        return "on"
    if field.type == "phone":
        return "0912345678"
    return str(value)


def random_phone():
    return "+849" + "".join(random.choices("0123456789", k=8))


def commune_agency(code="18073"):
    return Agency.select().join(Unit).where(Unit.code == code).get()


def make_draft(code=BIRTH, agency=None, complete=True, verified=True, **overrides):
    """A draft of the procedure; complete and phone-verified unless told otherwise."""
    from webapp.dossiers.drafts import spec_of

    draft = start_draft(Procedure.get(Procedure.code == code), agency or commune_agency())
    if complete:
        draft.answers = {f.name: valid_value(f) for f in spec_of(draft).fields}
    if verified:
        draft.phone, draft.phone_verified_at = random_phone(), utcnow()
        draft.delivery = {"channel": "truc_tiep"}
    for key, value in overrides.items():
        setattr(draft, key, value)
    draft.save()
    return Draft.get_by_id(draft.id)
