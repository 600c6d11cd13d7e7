"""What admins type reaches the database clean and reads the same everywhere: a NUL (which PostgreSQL
refuses) reads as a space in every text of the register form and from a send-back reason; "10.000" is ten
thousand in the procedure editor and in the form editor alike; a clock may be typed 7g30 or 7.30."""

import pytest
from wtforms import Form

from tests.catalogue_admin.test_register_pages import NEW, admin, token
from tests.catalogue_admin.test_versions_pages import ADMIN, changed_draft, in_db, post
from tests.legal import world
from tests.staff_login import person
from webapp.catalogue_admin.editor_forms import NumberField
from webapp.catalogue_admin.form_editor_forms import NumberText
from webapp.catalogue_admin.versions_forms import ApproveForm
from webapp.models import CatalogueDraft
from webapp.models.legal import LegalDocument


@pytest.fixture
def legal_app(migrated_app):
    world.in_db(migrated_app, world.units)
    return migrated_app


@pytest.fixture
def people(filing_app):
    """A province admin who writes and one who sends back."""
    author, author_staff = person(filing_app, "qt.nul.a", "quan_tri_tinh", unit="42", name="Ngô Văn Long")
    approver, _ = person(filing_app, "qt.nul.b", "quan_tri_tinh", unit="42", name="Đỗ Thị Thu")
    return author, author_staff, approver


@pytest.mark.parametrize("field", ["number", "title", "issuer", "note", "replaced_by", "amended_by", "url"])
def test_a_nul_in_any_register_field_reads_as_a_space_not_a_server_error(legal_app, field):
    client = admin(legal_app, f"qt.nul.{field}")
    number = f"77/2026/TT-{field.upper()}"
    data = {"number": number, "kind": "thong_tu", "title": "Thử", "effective_from": "01/01/2026"}
    data |= {"csrf_token": token(client, NEW), field: (data.get(field) or "x") + "\x00y"}
    if field == "number":
        data["number"] = number = number + "\x00"
    if field == "url":
        data["url"] = "https://vbpl.vn/\x00a"
    response = client.post(NEW, data=data)
    assert response.status_code in (200, 303), response.status_code
    saved = in_db(
        legal_app, lambda: LegalDocument.get_or_none(LegalDocument.number == number.replace("\x00", " ").strip())
    )
    if field in ("replaced_by", "amended_by"):  # links to numbers not in the register: refused on the page
        assert response.status_code == 200 and saved is None
    else:
        assert response.status_code == 303 and saved is not None
        row = saved
        assert "\x00" not in repr([getattr(row, key) for key in ("number", "title", "issuer", "note", "url")])


def test_a_nul_in_the_reason_for_sending_back_reads_as_a_space(filing_app, people):
    author, author_staff, approver = people
    draft_id = changed_draft(filing_app, author_staff)
    draft_url = f"{ADMIN}/ban-nhap/{draft_id}"
    post(author, f"{draft_url}/gui-duyet", {}, draft_url)
    response = post(approver, f"{draft_url}/tra-lai", {"ly_do": "Sai\x00phí"}, draft_url)
    assert response.status_code == 303
    assert in_db(filing_app, lambda: CatalogueDraft.get_by_id(draft_id).decision_note) == "Sai phí"


def _read(field_class, typed, **kwargs):
    class OneField(Form):
        value = field_class("Số", **kwargs)

    form = OneField(data=None)
    form.value.process(None if typed is None else _Multi(typed))
    return form.value.data, form.value.process_errors


class _Multi(dict):
    def __init__(self, typed):
        super().__init__(value=typed)

    def getlist(self, key):
        return [self[key]] if key in self else []


@pytest.mark.parametrize(
    ("typed", "money", "decimal", "text"),
    [
        ("10.000", 10000, 10000, 10000),
        ("1.000.000", 1000000, 1000000, 1000000),
        ("2,5", None, 2.5, 2.5),
        ("20", 20, 20, 20),
    ],
)
def test_both_editors_read_a_number_the_vietnamese_way(app, typed, money, decimal, text):
    with app.test_request_context():
        assert _read(NumberField, typed)[0] == money
        assert _read(NumberField, typed, decimals=True)[0] == decimal
        assert _read(NumberText, typed)[0] == text


def test_the_effective_hour_may_be_typed_as_people_write_it(app):
    with app.test_request_context():
        for typed in ("07:30", "7h30", "7g30", "7.30"):
            form = ApproveForm(data={"ngay_hieu_luc": "01/03/2027", "gio_hieu_luc": typed}, meta={"csrf": False})
            assert form.moment().strftime("%H:%M") == "00:30", typed  # 07:30 in Hà Nội is 00:30 UTC
