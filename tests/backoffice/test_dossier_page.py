"""The dossier page as commune officers work it: what the citizen declared, the files by kind, actions
by consequence (refusing asks again, also without JavaScript), dates typed as dd/mm/yyyy, and a history
that tells the citizen from the officer."""

import contextlib
import io
import re

import pypdf

from tests.factories import PDF, commune_agency, make_draft
from tests.pages import check_page
from tests.staff_login import csrf, officer, person
from tests.walks import act_now, counter_form, filled_counter_form, fresh, later, post_counter_form
from webapp.db import db
from webapp.dossiers.drafts import spec_of
from webapp.dossiers.files import keep_bytes
from webapp.migrate import MIGRATIONS_DIR, _load
from webapp.models import Dossier, DossierView, Transition
from webapp.workflow.intake import submit

CHILD, MOTHER, FATHER = "Nguyễn Minh Khang", "Trần Thị Bình", "Nguyễn Văn An"
APPLICANT = "Nguyễn Thị Hoa"  # the factory's name for every text answer, the applicant's too
ANSWERS = {
    "ks_ho_ten": CHILD,
    "ks_ngay_sinh": "05/09/2025",
    "ks_gioi_tinh": "nu",
    "quan_he": "me",
    "me_ho_ten": MOTHER,
    "cha_ho_ten": FATHER,
}


def birth_dossier(app, **answers):
    """A birth registration filed online to Phường Thành Sen with the child and parents above."""
    with app.app_context(), db.connection_context():
        draft = make_draft(agency=commune_agency())
        draft.answers = {**draft.answers, **ANSWERS, **answers}
        draft.save()
        return submit(draft, spec_of(draft))[0]


def dossier_page(client, dossier):
    response = client.get(f"/can-bo/ho-so/{dossier.code}")
    assert response.status_code == 200
    return check_page(response.get_data(as_text=True))


def section(soup, title_id):
    return soup.find("section", attrs={"aria-labelledby": title_id})


def answers_under(soup, heading):
    """{label: value} of the declaration's section `heading`."""
    title = section(soup, "declaration-title").find("h3", string=heading)
    return {div.dt.get_text(): div.dd.get_text() for div in title.find_next_sibling("dl").find_all("div")}


def position(soup, element):
    return list(soup.descendants).index(element)


def test_every_role_reads_the_declaration_by_section_before_the_actions(filing_app):
    dossier = birth_dossier(filing_app)
    readers = {
        "desk": officer(filing_app, "mc.tokhai"),
        "specialist": officer(filing_app, "cv.tokhai", "chuyen_vien"),
        "leader": officer(filing_app, "ld.tokhai", "lanh_dao"),
        "admin": officer(filing_app, "qt.tokhai", "quan_tri_don_vi"),
    }
    for who, client in readers.items():
        soup = dossier_page(client, dossier)
        child = answers_under(soup, "Người được khai sinh")
        assert child["Họ, chữ đệm, tên"] == CHILD, who
        assert child["Ngày, tháng, năm sinh"] == "05/09/2025", who
        assert child["Giới tính"] == "Nữ", who  # the choice's label, not its key
        assert answers_under(soup, "Người mẹ")["Họ, chữ đệm, tên người mẹ"] == MOTHER, who
        assert answers_under(soup, "Người cha")["Họ, chữ đệm, tên người cha"] == FATHER, who
        assert answers_under(soup, "Người yêu cầu")["Quan hệ với người được khai sinh"] == "Mẹ", who
    desk_page = dossier_page(readers["desk"], dossier)
    assert position(desk_page, section(desk_page, "declaration-title")) < position(
        desk_page, section(desk_page, "actions-title")
    )
    applicant = answers_under(dossier_page(readers["admin"], dossier), "Người yêu cầu")
    assert applicant["Số giấy tờ tùy thân (căn cước / CCCD)"] == "•" * 9 + "234"  # admins supervise, masked
    assert answers_under(desk_page, "Người yêu cầu")["Số giấy tờ tùy thân (căn cước / CCCD)"] == "042095001234"


def test_the_filled_declaration_pdf_names_the_child_and_is_logged(filing_app):
    dossier = birth_dossier(filing_app)
    desk = officer(filing_app, "mc.pdf")
    link = section(dossier_page(desk, dossier), "declaration-title").find("a", string="Tờ khai (PDF)")
    response = desk.get(link["href"])
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.data)).pages)
    for shown in (CHILD, MOTHER, FATHER, "05/09/2025", dossier.code, "TỜ KHAI ĐĂNG KÝ KHAI SINH"):
        assert shown in text, shown
    with filing_app.app_context(), db.connection_context():
        assert DossierView.get_or_none(DossierView.dossier == dossier.id, DossierView.what == "to-khai.pdf")
    elsewhere = officer(filing_app, "mc.pdf.tranphu", unit="18100")
    assert elsewhere.get(link["href"]).status_code == 404


def test_files_are_labelled_by_kind_and_the_draft_and_signed_result_are_told_apart(filing_app):
    dossier = birth_dossier(filing_app)
    with filing_app.app_context(), db.connection_context():
        keep_bytes(PDF, "application/pdf", "giaychungsinh.pdf", dossier=dossier.id, kind="ho_so", document_index=0)
        documents = Dossier.get_by_id(dossier.id).rule_set.documents
    desk = officer(filing_app, "mc.tep")
    specialist, specialist_staff = person(filing_app, "cv.tep", "chuyen_vien", name="Trần Văn Minh")
    leader = officer(filing_app, "ld.tep", "lanh_dao")
    assert act_now(desk, dossier, "tiep_nhan").status_code == 303
    assert act_now(desk, dossier, "phan_cong", assignee=specialist_staff.id).status_code == 303
    draft = (io.BytesIO(PDF), "giaykhaisinh.pdf")
    assert act_now(specialist, dossier, "trinh_ky", du_thao=draft).status_code == 303
    assert act_now(leader, dossier, "phe_duyet", ket_qua=(io.BytesIO(PDF), "giaykhaisinh.pdf")).status_code == 303

    soup = dossier_page(desk, dossier)
    files = section(soup, "files-title")
    rows = [[cell.get_text(" ", strip=True) for cell in row.find_all("td")] for row in files.tbody.find_all("tr")]
    kinds = {(row[0].split(" (")[0], row[1]) for row in rows}
    assert ("giaykhaisinh.pdf", "Dự thảo kết quả") in kinds and ("giaykhaisinh.pdf", "Kết quả đã ký") in kinds
    filed_row = next(row for row in rows if row[0].startswith("giaychungsinh.pdf"))
    assert filed_row[1] == "Giấy tờ công dân nộp" and filed_row[2].startswith(documents[0]["name"])
    assert position(soup, files) < position(soup, section(soup, "actions-title"))


def test_actions_are_styled_by_consequence(filing_app):
    dossier = birth_dossier(filing_app)
    soup = dossier_page(officer(filing_app, "mc.nut"), dossier)
    actions = section(soup, "actions-title")
    style = {button.get_text(strip=True): button["class"] for button in actions.find_all("button")}
    assert style["Tiếp nhận hồ sơ (mẫu 01)"] == ["primary"]
    assert style["Yêu cầu bổ sung (mẫu 02)"] == ["secondary"]
    assert style["Từ chối tiếp nhận (mẫu 03)"] == ["irreversible"]
    buttons = [button.get_text(strip=True) for button in actions.find_all("button")]
    assert buttons[-1] == "Từ chối tiếp nhận (mẫu 03)"  # closing comes last, under its own heading


def test_refusing_asks_again_and_going_back_keeps_the_reason(filing_app):
    dossier = birth_dossier(filing_app)
    desk = officer(filing_app, "mc.tuchoi")
    reason = "Thủ tục này do UBND tỉnh giải quyết."
    asked = act_now(desk, dossier, "tu_choi", note=reason, confirm="")
    assert asked.status_code == 200 and fresh(filing_app, dossier).status == "cho_tiep_nhan"
    soup = check_page(asked.get_data(as_text=True))
    assert soup.h1.get_text() == "Xác nhận: Từ chối tiếp nhận" and reason in soup.main.get_text()
    form = soup.find("button", string="Xác nhận từ chối").find_parent("form")
    posted = {field["name"]: field.get("value", "") for field in form.find_all("input")}
    assert posted["note"] == reason and posted["action"] == "tu_choi"

    back = desk.post(form["action"], data={**posted, "back": "1"})
    page = check_page(back.get_data(as_text=True))
    assert back.status_code == 200 and page.find(id="tu_choi-note").get_text().strip() == reason
    assert fresh(filing_app, dossier).status == "cho_tiep_nhan"

    posted["csrf_token"] = csrf(desk)
    done = desk.post(form["action"], data={**posted, "confirm": "1"})
    assert done.status_code == 303 and fresh(filing_app, dossier).status == "tu_choi"


def test_stopping_asks_again_too(filing_app):
    dossier = birth_dossier(filing_app)
    desk, leader = officer(filing_app, "mc.dung"), officer(filing_app, "ld.dung", "lanh_dao")
    assert act_now(desk, dossier, "tiep_nhan").status_code == 303
    asked = act_now(leader, dossier, "dung_xu_ly", note="Người nộp đề nghị dừng", confirm="")
    assert "Xác nhận dừng giải quyết" in asked.get_data(as_text=True)
    assert fresh(filing_app, dossier).status == "da_tiep_nhan"


def test_the_apology_date_is_typed_as_dd_mm_yyyy_and_an_impossible_one_is_refused_next_to_it(filing_app):
    dossier = birth_dossier(filing_app)
    desk = officer(filing_app, "mc.xinloi")
    assert act_now(desk, dossier, "tiep_nhan").status_code == 303
    soup = dossier_page(desk, dossier)
    assert not soup.find("input", attrs={"type": "date"}) and not soup.find("input", attrs={"type": "time"})
    field = soup.find(id="xin_loi_gia_han-new_due_date")
    assert (field["type"], field["inputmode"], field["placeholder"]) == ("text", "numeric", "ngày/tháng/năm")

    reason = "Chờ xác minh của Công an phường"
    refused = act_now(desk, dossier, "xin_loi_gia_han", new_due_date="31/02/2027", note=reason)
    page = check_page(refused.get_data(as_text=True))
    assert "ngày/tháng/năm" in page.find(id="xin_loi_gia_han-new_due_date-error").get_text()
    assert page.find(id="xin_loi_gia_han-new_due_date")["value"] == "31/02/2027"
    assert page.find(id="xin_loi_gia_han-note").get_text().strip() == reason

    day = later(filing_app, dossier)  # ISO: the next working day after the due date
    typed = "/".join(reversed(day.split("-")))
    assert act_now(desk, dossier, "xin_loi_gia_han", new_due_date=typed, note=reason).status_code == 303
    assert fresh(filing_app, dossier).new_due_at is not None


def history(soup):
    return [" ".join(li.get_text(" ", strip=True).split()) for li in section(soup, "timeline-title").find_all("li")]


def test_history_tells_the_citizen_from_the_officer_names_the_assignee_and_records_the_payment(filing_app):
    dossier = birth_dossier(filing_app)
    with filing_app.app_context(), db.connection_context():
        Dossier.update(fee_amount=8000).where(Dossier.id == dossier.id).execute()
    desk = officer(filing_app, "mc.lichsu", full_name=APPLICANT)  # the same name as the applicant
    binh, binh_staff = person(filing_app, "cv.lichsu", "chuyen_vien", name="Trần Thị Bình")
    assert desk.post(f"/can-bo/ho-so/{dossier.code}/thu-phi", data={"csrf_token": csrf(desk)}).status_code == 303
    assert act_now(desk, dossier, "tiep_nhan").status_code == 303
    assert act_now(desk, dossier, "phan_cong", assignee=binh_staff.id).status_code == 303

    filed_line, paid, received, assigned = history(dossier_page(desk, dossier))
    assert f"{APPLICANT} (Công dân)" in filed_line and "Nộp hồ sơ trực tuyến" in filed_line
    assert (
        f"{APPLICANT} (Công chức tiếp nhận và trả kết quả)" in received and "Chờ tiếp nhận → Đã tiếp nhận" in received
    )
    assert "Thu phí, lệ phí tại nơi tiếp nhận" in paid and "8.000" in paid and "→" not in paid
    assert "Giao cho chuyên viên: Trần Thị Bình" in assigned


@contextlib.contextmanager
def steps_writable_as_before_0031():
    """The database as it was before steps became append-only (migration 0031), to write rows as an
    older version of the app left them; the triggers are back afterwards."""
    migration = _load("0031_transitions_append_only", MIGRATIONS_DIR)
    migration.down(db.obj, None)
    try:
        yield
    finally:
        migration.up(db.obj, None)


def test_older_steps_without_a_role_are_told_by_the_step(filing_app):
    dossier = birth_dossier(filing_app)
    desk = officer(filing_app, "mc.cu")
    assert act_now(desk, dossier, "tiep_nhan").status_code == 303
    with filing_app.app_context(), db.connection_context(), steps_writable_as_before_0031():
        for step in Transition.select().where(Transition.dossier == dossier.id):
            step.details = {key: value for key, value in step.details.items() if key != "role"}
            step.save()
    filed_line, received = history(dossier_page(desk, dossier))
    assert "(Công dân)" in filed_line and "(Công chức tiếp nhận và trả kết quả)" in received


def test_a_counter_dossier_shows_what_the_desk_typed_and_its_scanned_paper(filing_app):
    desk = officer(filing_app, "mc.quay.tokhai")
    scan = (io.BytesIO(PDF), "to-khai-giay.pdf")
    response = post_counter_form(
        desk, filing_app, filled_counter_form(counter_form(desk, filing_app)) | {"tep-0": scan}
    )
    code = response.headers["Location"].rsplit("/", 1)[-1]
    soup = check_page(desk.get(f"/can-bo/ho-so/{code}").get_data(as_text=True))
    assert answers_under(soup, "Người nộp hồ sơ")["Địa chỉ"] == "Thôn 3, xã Thạch Hà"
    assert not soup.find("a", string="Tờ khai (PDF)")  # its tờ khai is the paper, scanned
    assert desk.get(f"/can-bo/ho-so/{code}/to-khai.pdf").status_code == 404
    row = section(soup, "files-title").find("a", string="to-khai-giay.pdf").find_parent("tr")
    assert "Bản giấy số hóa khi tiếp nhận hồ sơ" in row.get_text()


def test_the_fee_panel_shows_the_receipt_once_paid(filing_app):
    dossier = birth_dossier(filing_app)
    with filing_app.app_context(), db.connection_context():
        Dossier.update(fee_amount=8000).where(Dossier.id == dossier.id).execute()
    desk = officer(filing_app, "mc.bienlai")
    assert "Biên lai" not in section(dossier_page(desk, dossier), "fee-title").get_text(" ", strip=True)
    assert desk.post(f"/can-bo/ho-so/{dossier.code}/thu-phi", data={"csrf_token": csrf(desk)}).status_code == 303

    panel = section(dossier_page(desk, dossier), "fee-title")
    assert re.search(r"Ký hiệu H42\.18073-BL\d\d, số 0000001", panel.get_text(" ", strip=True))
    link = panel.find("a", string="Biên lai (PDF)")["href"]
    assert desk.get(link).headers["Content-Type"].startswith("application/pdf")
