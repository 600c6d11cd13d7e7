"""The desk's official name as data (issue 18, Decree 118/2025): seeded from desks.yaml, printed on
form 01 and on the unit's page, never "Bộ phận Một cửa"."""

from tests.pages import check_page
from tests.staff_login import act, officer
from tests.walks import filed
from webapp.db import db
from webapp.models import Agency, Unit
from webapp.seed.desks import desk_name, read_desk_rules

THANH_SEN = "Trung tâm Phục vụ hành chính công phường Thành Sen"


def test_every_seeded_desk_is_a_public_administration_service_centre(app):
    with app.app_context(), db.connection_context():
        names = {desk.unit.code: desk.name for desk in Agency.select(Agency, Unit).join(Unit)}
        communes = Unit.select().where(Unit.kind == "commune").first()
    assert names["42"] == "Trung tâm Phục vụ hành chính công tỉnh Hà Tĩnh"
    assert names["18073"] == THANH_SEN
    assert names[communes.code] == f"Trung tâm Phục vụ hành chính công xã {communes.name}"
    assert not [name for name in names.values() if "Một cửa" in name or "một cửa" in name]


def test_an_override_by_unit_code_wins_over_the_pattern(tmp_path):
    path = tmp_path / "desks.yaml"
    path.write_text(
        "patterns:\n  ward: 'TT PVHCC phường {name}'\noverrides:\n  '18073': Trung tâm một tên khác\n", encoding="utf-8"
    )
    rules = read_desk_rules(path)
    unit = Unit(code="18073", name="Thành Sen", full_name="Phường Thành Sen", kind="ward")
    assert desk_name(unit, rules) == "Trung tâm một tên khác"
    assert desk_name(Unit(code="1", name="A", full_name="Phường A", kind="ward"), rules) == "TT PVHCC phường A"


def test_form_01_and_the_units_page_carry_the_seeded_name(filing_app):
    dossier = filed(filing_app)
    client = officer(filing_app, "mc.tentrungtam")
    assert act(client, dossier, "tiep_nhan", dossier.version).status_code == 303
    receipt = check_page(client.get(f"/can-bo/ho-so/{dossier.code}/mau-01").get_data(as_text=True)).get_text(" ")
    assert THANH_SEN in receipt and "Bộ phận Một cửa" not in receipt
    unit_page = check_page(filing_app.test_client().get("/don-vi/18073").get_data(as_text=True)).get_text(" ")
    assert THANH_SEN in unit_page
