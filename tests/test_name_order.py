"""Every list of names people read is in Vietnamese order (webapp.text.collation_key): the communes when
filing, the statistics' units, the catalogue's procedures, the officers. Character-code order would put
"Hương Đô" before "Hồng Lộc", "Sơn Tiến" before "Sơn Tây", every "Đ…" after "Y…" and "chứng" before "cấp"."""

from tests.factories import BIRTH, commune_agency, make_draft
from tests.pages import check_page
from tests.staff_login import new_staff, officer
from webapp.db import db
from webapp.dossiers.drafts import spec_of
from webapp.models import Dossier
from webapp.text import vi_sorted
from webapp.workflow.intake import submit

HONG_LOC = "18409"  # Xã Hồng Lộc: no demo staff there


def texts(elements):
    return [element.get_text(" ", strip=True) for element in elements]


def assert_commune_order(names):
    """The complaint's pairs, and the whole list as the collation orders it."""
    assert names == vi_sorted(names)
    assert names.index("Xã Hồng Lộc") < names.index("Xã Hương Đô")
    assert names.index("Xã Sơn Tây") < names.index("Xã Sơn Tiến")
    assert names.index("Xã Cổ Đạm") < names.index("Xã Đan Hải") < names.index("Xã Đức Thọ") < names.index("Xã Gia Hanh")
    assert names[-1] == "Xã Yên Hoà"
    assert names[0] == "Phường Bắc Hồng Lĩnh"  # every "Phường …", then every "Xã …"


def test_the_commune_picker_when_starting_to_file(citizen):
    soup = citizen.page(f"/thu-tuc/{BIRTH}/nop-truc-tuyen")
    names = texts(soup.select("select#agency option"))[1:]  # after "— Chọn —"
    assert len(names) == 69
    assert_commune_order(names)


def test_the_statistics_unit_list_in_the_same_order(client):
    soup = check_page(client.get("/thong-ke").get_data(as_text=True))
    names = texts(soup.select("select#f-don_vi optgroup option"))  # after "Toàn tỉnh"
    assert len(names) == 69
    assert_commune_order(names)


def test_the_catalogues_procedures_and_fields(client):
    search = check_page(client.get("/thu-tuc").get_data(as_text=True))
    procedures = texts(search.select("ul.procedures li a"))
    assert procedures == vi_sorted(procedures)
    first_words = [name.split(",")[0] for name in procedures]
    assert first_words.index("Thủ tục cấp bản sao trích lục hộ tịch") < first_words.index("Thủ tục chứng thực hợp đồng")
    assert first_words.index("Thủ tục đăng ký khai tử") < first_words.index("Thủ tục thay đổi")

    unit = check_page(client.get("/don-vi/18073").get_data(as_text=True))
    fields = texts(unit.select("section h3"))
    assert fields == vi_sorted(fields) and fields.index("Hoạt động xây dựng") < fields.index("Hộ tịch")


def test_the_officers_by_given_name_then_family_name(filing_app):
    leader = officer(filing_app, "ld.thu-tu", role="lanh_dao", unit=HONG_LOC)  # "Nguyễn Văn An"
    names = ["Đỗ Văn Đức", "Trần Thị Ánh", "Lê Thị Dung", "Phan Văn Em", "Bùi Văn An", "Nguyễn Văn An"]
    for i, name in enumerate(names):
        specialist = new_staff(filing_app, f"cb.thu-tu.{i}", role="chuyen_vien", units=(HONG_LOC,), full_name=name)
        held_by(filing_app, specialist)
    soup = check_page(leader.get("/can-bo/thong-ke").get_data(as_text=True))
    shown = texts(soup.select("#can-bo tbody th"))
    assert shown == ["Bùi Văn An", "Nguyễn Văn An", "Trần Thị Ánh", "Lê Thị Dung", "Đỗ Văn Đức", "Phan Văn Em"]


def held_by(app, specialist):
    """A dossier of Hồng Lộc in the specialist's hands (the dashboard lists officers with work)."""
    with app.app_context(), db.connection_context():
        draft = make_draft(agency=commune_agency(HONG_LOC))
        made = submit(draft, spec_of(draft))[0]
        Dossier.update(status="dang_xu_ly", assignee=specialist.id).where(Dossier.id == made.id).execute()
