"""The back office: queues scoped to the officer's units, the dossier page, reception with form 01."""

import gzip

from tests.pages import check_page
from tests.staff_login import act, new_staff, officer
from tests.walks import filed
from webapp.db import db
from webapp.models import Dossier, SmsMessage


def test_queues_need_a_logged_in_officer(filing_app):
    response = filing_app.test_client().get("/can-bo/ho-so")
    assert response.status_code == 302 and "/can-bo/dang-nhap" in response.headers["Location"]


def test_the_desk_sees_new_online_dossiers_with_masked_ids(filing_app):
    dossier = filed(filing_app)
    client = officer(filing_app, "mc.thanhsen")
    soup = check_page(client.get("/can-bo/ho-so?hang=cho-tiep-nhan").get_data(as_text=True))
    row = soup.find("a", string=dossier.code).find_parent("tr")
    assert "042095001234" not in row.get_text() and row.get_text().count("•") == 9
    assert check_page(client.get(f"/can-bo/ho-so?q={dossier.code[-4:]}").get_data(as_text=True)).find(
        "a", string=dossier.code
    )


def test_another_communes_officer_gets_404_everywhere(filing_app):
    dossier = filed(filing_app)
    client = officer(filing_app, "mc.tranphu", unit="18100")
    page = client.get("/can-bo/ho-so?hang=cho-tiep-nhan").get_data(as_text=True)
    assert dossier.code not in page
    for url in (
        f"/can-bo/ho-so/{dossier.code}",
        f"/can-bo/ho-so/{dossier.code}/mau-01",
        f"/can-bo/ho-so/{dossier.code}/tep/1",
    ):
        assert client.get(url).status_code == 404, url
    assert act(client, dossier, "tiep_nhan", dossier.version).status_code == 404


def test_reception_fixes_the_due_date_issues_form_01_and_an_sms(filing_app):
    dossier = filed(filing_app)
    client = officer(filing_app, "mc.thanhsen2")
    response = act(client, dossier, "tiep_nhan", dossier.version)
    assert response.status_code == 303
    with filing_app.app_context(), db.connection_context():
        stored = Dossier.get_by_id(dossier.id)
        assert stored.status == "da_tiep_nhan" and stored.received_at and stored.due_at
        assert (
            SmsMessage.select()
            .where(SmsMessage.template == "received", SmsMessage.body.contains(dossier.code))
            .exists()
        )
    form = check_page(client.get(f"/can-bo/ho-so/{dossier.code}/mau-01").get_data(as_text=True))
    text = form.get_text(" ")
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text and dossier.code in text
    page = check_page(client.get(f"/can-bo/ho-so/{dossier.code}").get_data(as_text=True))
    assert "Đã tiếp nhận" in page.find(class_="timeline").get_text()


def test_a_refusal_needs_a_reason_and_changes_nothing_without_one(filing_app):
    dossier = filed(filing_app)
    client = officer(filing_app, "mc.thanhsen3")
    response = act(client, dossier, "tu_choi", dossier.version, note="")
    assert "Vui lòng ghi lý do" in response.get_data(as_text=True)
    with filing_app.app_context(), db.connection_context():
        assert Dossier.get_by_id(dossier.id).status == "cho_tiep_nhan"


def test_a_stale_page_is_told_and_overwrites_nothing(filing_app):
    dossier = filed(filing_app)
    first, second = officer(filing_app, "mc.a"), officer(filing_app, "mc.b")
    assert act(first, dossier, "tiep_nhan", version=1).status_code == 303
    response = act(second, dossier, "yeu_cau_bo_sung", version=1, note="thiếu giấy chứng sinh")
    assert "Hồ sơ vừa được người khác cập nhật" in response.get_data(as_text=True)
    with filing_app.app_context(), db.connection_context():
        assert Dossier.get_by_id(dossier.id).status == "da_tiep_nhan"


def test_a_role_cannot_take_another_roles_step(filing_app):
    dossier = filed(filing_app)
    client = officer(filing_app, "cv.thanhsen", role="chuyen_vien")
    response = act(client, dossier, "tiep_nhan", dossier.version)
    assert "Vai trò của bạn không được" in response.get_data(as_text=True)


def test_punctuality_follows_the_local_due_date():
    import datetime

    from webapp.backoffice.services import punctuality

    due = datetime.datetime(2026, 11, 30, 10, 0)  # 17:00 local on 30/11
    assert punctuality(datetime.datetime(2026, 11, 29, 9, 0), due) == "truoc_han"
    assert punctuality(datetime.datetime(2026, 11, 30, 9, 59), due) == "dung_han"
    assert punctuality(datetime.datetime(2026, 11, 30, 18, 0), due) == "qua_han"  # 01:00 on 1/12 local


def test_form_06_lists_every_hand_over_with_its_timing(filing_app):
    dossier = filed(filing_app)
    desk = officer(filing_app, "mc.form06")
    act(desk, dossier, "tiep_nhan", dossier.version)
    with filing_app.app_context(), db.connection_context():
        dossier = Dossier.get_by_id(dossier.id)
    specialist = new_staff(filing_app, "cv.form06", role="chuyen_vien", full_name="Trần Văn Sáu", units=("18073",))
    act(desk, dossier, "phan_cong", dossier.version, assignee=specialist.id)
    sheet = check_page(desk.get(f"/can-bo/ho-so/{dossier.code}/mau-06").get_data(as_text=True))
    rows = sheet.select("tbody tr")
    assert len(rows) == 3
    assert "Tiếp nhận hồ sơ" in rows[1].get_text() and "Chuyển xử lý" in rows[2].get_text()
    assert "chuyên viên Trần Văn Sáu" in rows[2].get_text()
    assert rows[2].find_all("td")[3].get_text() in ("Trước hạn", "Đúng hạn")
    assert (
        officer(filing_app, "mc.other06", unit="18100").get(f"/can-bo/ho-so/{dossier.code}/mau-06").status_code == 404
    )


def test_every_officer_view_of_a_dossier_is_logged(filing_app):
    from webapp.models import DossierView

    dossier = filed(filing_app)
    client = officer(filing_app, "mc.viewlog")
    client.get(f"/can-bo/ho-so/{dossier.code}")
    client.get(f"/can-bo/ho-so/{dossier.code}/mau-06")
    officer(filing_app, "mc.viewlog.other", unit="18100").get(f"/can-bo/ho-so/{dossier.code}")
    with filing_app.app_context(), db.connection_context():
        views = DossierView.select().where(DossierView.dossier == dossier.id).order_by(DossierView.id)
        assert [(v.staff.username, v.what) for v in views] == [("mc.viewlog", "page"), ("mc.viewlog", "mau-06")]


def test_the_cccd_is_shown_whole_only_to_the_officers_who_work_the_dossier(filing_app):
    dossier = filed(filing_app)
    desk = officer(filing_app, "mc.cccd")
    admin = officer(filing_app, "qt.cccd", role="quan_tri_don_vi")
    assert "042095001234" in desk.get(f"/can-bo/ho-so/{dossier.code}").get_data(as_text=True)
    page = admin.get(f"/can-bo/ho-so/{dossier.code}").get_data(as_text=True)
    assert "042095001234" not in page and "•••••••••234" in page


def test_form_06_keeps_to_hand_overs_and_times_them_from_reception(filing_app):
    dossier = filed(filing_app)
    desk = officer(filing_app, "mc.form06b")
    act(desk, dossier, "yeu_cau_bo_sung", dossier.version, **{"item-1": "Giấy chứng sinh", "reason-1": "Bản chụp mờ"})
    act(desk, dossier, "nop_bo_sung", version=2)
    act(desk, dossier, "tiep_nhan", version=3)
    sheet = check_page(desk.get(f"/can-bo/ho-so/{dossier.code}/mau-06").get_data(as_text=True))
    rows = [[cell.get_text(" ", strip=True) for cell in row.find_all("td")] for row in sheet.select("tbody tr")]
    assert len(rows) == 2, rows  # filed, received: the supplement round is on form 02 and the audit page
    assert "Nộp hồ sơ trực tuyến" in rows[0][2] and rows[0][3] == "—"
    # Timed (not "—"), and in time: received before office hours, the due date may be that same day.
    assert "Tiếp nhận hồ sơ" in rows[1][2] and rows[1][3] in ("Trước hạn", "Đúng hạn")


def test_each_reception_takes_the_next_line_of_the_agencys_log_book(filing_app):
    first, second = filed(filing_app), filed(filing_app)
    desk = officer(filing_app, "mc.sothutu")
    act(desk, second, "tiep_nhan", second.version)
    act(desk, first, "tiep_nhan", first.version)
    for dossier, line in ((second, 1), (first, 2)):
        page = check_page(desk.get(f"/can-bo/ho-so/{dossier.code}/mau-01").get_data(as_text=True))
        assert f"số thứ tự {line}" in page.get_text(" ", strip=True)  # as the PDF prints it


def test_queue_and_dossier_pages_stay_light_for_old_office_pcs(filing_app):
    """A queue of 30 rows and a dossier page with its actions stay under the pages' 14 KB gzip budget."""
    dossiers = [filed(filing_app) for _ in range(30)]
    desk = officer(filing_app, "mc.budget")
    for url in ("/can-bo/ho-so", f"/can-bo/ho-so/{dossiers[0].code}"):
        html = desk.get(url).get_data()
        assert len(gzip.compress(html, 9)) <= 14_000, url
