"""The workflow's papers: forms 02–05 as pages, 01–06 as PDF, form 04's step and the form 07 log book."""

import csv
import datetime
import io
import re
import zipfile
from xml.etree import ElementTree

from tests.pages import check_page
from tests.staff_login import officer, person
from tests.walks import act_now, filed, fresh, later, pdf_text, received
from webapp.backoffice.papers import build
from webapp.calendar.working_time import to_local
from webapp.db import db
from webapp.formatting import local_time
from webapp.messaging.templates import sms_time
from webapp.models import Dossier, DossierView, SmsMessage, Transition, Unit
from webapp.models.dossier import utcnow
from webapp.phone import display_phone
from webapp.workflow.services import apply

OTHER_UNIT = "18100"
ITEMS = [
    {"item": "Giấy chứng sinh bản chính", "reason": "Bản đã nộp là bản chụp, không rõ dấu"},
    {"item": "Tờ khai có chữ ký người yêu cầu", "reason": "Tờ khai chưa ký"},
]


def supplement_requested(app, dossier):
    """Form 02 as the supplement step writes it (details contract), straight through the workflow."""
    with app.test_request_context(), db.connection_context():
        apply(
            dossier,
            "yeu_cau_bo_sung",
            role="mot_cua",
            actor="Trần Thị Bình",
            version=dossier.version,
            note="Thiếu giấy tờ",
            details={"items": ITEMS, "contact": "Bộ phận một cửa, 0239 3856 123"},
        )
    return fresh(app, dossier)


def page_text(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return " ".join(check_page(response.get_data(as_text=True)).get_text(" ").split())


def test_form_01_pdf_carries_the_code_and_due_date_in_vietnamese(filing_app):
    dossier, desk = received(filing_app)
    text = pdf_text(desk.get(f"/can-bo/ho-so/{dossier.code}/mau-01.pdf"))
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text
    assert dossier.code in text and local_time(dossier.due_at) in text and dossier.applicant_name in text
    page = check_page(desk.get(f"/can-bo/ho-so/{dossier.code}/mau-01").get_data(as_text=True))
    assert page.find("a", href=f"/can-bo/ho-so/{dossier.code}/mau-01.pdf")


def received_with(app, username, answers=None, **columns):
    """A dossier filed online with these answers and dossier columns, received at the desk; (dossier, desk)."""
    dossier = filed(app)
    with app.app_context(), db.connection_context():
        stored = Dossier.get_by_id(dossier.id)
        Dossier.update(answers={**stored.answers, **(answers or {})}, **columns).where(
            Dossier.id == dossier.id
        ).execute()
    desk = officer(app, username, full_name="Hồ Thị Tiếp")
    assert act_now(desk, dossier, "tiep_nhan").status_code == 303
    return fresh(app, dossier), desk


def both_faces(desk, dossier, number):
    """The paper's printable page and its PDF, each as one line of text."""
    html = page_text(desk, f"/can-bo/ho-so/{dossier.code}/mau-{number}")
    return html, pdf_text(desk.get(f"/can-bo/ho-so/{dossier.code}/mau-{number}.pdf"))


def test_form_01_names_the_return_channel_chosen_the_address_email_and_fee_on_page_and_pdf(filing_app):
    answers = {"noi_cu_tru": "Thôn Bắc Sơn, xã Thạch Hà, tỉnh Hà Tĩnh", "email": "hoa.nguyen@example.vn"}
    dossier, desk = received_with(
        filing_app, "mc.form01", answers, delivery_channel="truc_tuyen", fee_amount=0, fee_exemption=""
    )
    for text in both_faces(desk, dossier, "01"):
        assert "Nhận kết quả: Trực tuyến: bản điện tử tải về tại trang tra cứu hồ sơ" in text
        assert "Địa chỉ: Thôn Bắc Sơn, xã Thạch Hà, tỉnh Hà Tĩnh" in text
        assert "Thư điện tử: hoa.nguyen@example.vn" in text and "Phí, lệ phí: Không phải nộp" in text
        assert "NGƯỜI TIẾP NHẬN HỒ SƠ" in text and "Hồ Thị Tiếp" in text
    html, printed = both_faces(desk, dossier, "01")
    with filing_app.test_request_context(), db.connection_context():
        paper = build("01", Dossier.get_by_id(dossier.id))
    for label, value in paper.lines:  # the page and the PDF draw the same Paper
        shown = f"{label}: {value}" if label else value
        assert shown in html and shown in printed


def test_form_01_prints_the_post_address_and_the_fee_or_the_exemption(filing_app):
    by_post = {
        "delivery_channel": "buu_chinh",
        "delivery_recipient": "Lê Văn Nhận",
        "delivery_address": "Số 12 đường Trần Phú, Phường Thành Sen, Tỉnh Hà Tĩnh",
        "delivery_phone": "+84912000111",
        "fee_amount": 16000,
        "fee_point": "truoc_tra_ket_qua",
    }
    dossier, desk = received_with(filing_app, "mc.form01.post", **by_post)
    for text in both_faces(desk, dossier, "01"):
        assert "Qua dịch vụ bưu chính công ích, gửi đến: Lê Văn Nhận, Số 12 đường Trần Phú" in text
        assert "0912 000 111" in text
        assert "Phí, lệ phí: 16.000 đồng, nộp trước khi nhận kết quả, chưa nộp" in text
    exempt, desk = received_with(filing_app, "mc.form01.mien", fee_exemption="Người thuộc hộ nghèo.")
    for text in both_faces(desk, exempt, "01"):
        assert "Phí, lệ phí: Miễn nộp (Người thuộc hộ nghèo)" in text
        assert "Nhận kết quả: Trực tiếp tại" in text


def test_form_02_lists_each_item_with_its_reason_the_officer_and_the_contact(filing_app):
    dossier = supplement_requested(filing_app, filed(filing_app))
    desk = officer(filing_app, "mc.form02")
    page = check_page(desk.get(f"/can-bo/ho-so/{dossier.code}/mau-02").get_data(as_text=True))
    rows = [[td.get_text(strip=True) for td in tr.find_all("td")] for tr in page.select("tbody tr")]
    assert rows == [["1", ITEMS[0]["item"], ITEMS[0]["reason"]], ["2", ITEMS[1]["item"], ITEMS[1]["reason"]]]
    text = " ".join(page.get_text(" ").split())
    assert dossier.code in text and dossier.applicant_name in text
    assert "Trần Thị Bình" in text and "0239 3856 123" in text
    assert ITEMS[1]["reason"] in pdf_text(desk.get(f"/can-bo/ho-so/{dossier.code}/mau-02.pdf"))


def test_form_03_shows_the_refusal_reason_on_the_page_and_in_the_pdf(filing_app):
    dossier, desk = filed(filing_app), officer(filing_app, "mc.form03")
    reason = "Thủ tục không thuộc thẩm quyền của UBND xã"
    assert act_now(desk, dossier, "tu_choi", note=reason).status_code == 303
    text = page_text(desk, f"/can-bo/ho-so/{dossier.code}/mau-03")
    assert "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ" in text and reason in text
    assert dossier.applicant_name in text and dossier.procedure.name in text
    assert reason in pdf_text(desk.get(f"/can-bo/ho-so/{dossier.code}/mau-03.pdf"))


def test_form_05_shows_the_code_and_the_reason_for_stopping(filing_app):
    dossier, _desk = received(filing_app, "mc.form05")
    leader = officer(filing_app, "ld.form05", role="lanh_dao")
    reason = "Người nộp đề nghị dừng giải quyết bằng văn bản"
    assert act_now(leader, dossier, "dung_xu_ly", note=reason).status_code == 303
    text = page_text(leader, f"/can-bo/ho-so/{dossier.code}/mau-05")
    assert "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ" in text and dossier.code in text and reason in text
    assert reason in pdf_text(leader.get(f"/can-bo/ho-so/{dossier.code}/mau-05.pdf"))


def test_a_paper_the_dossier_was_never_issued_is_not_found(filing_app):
    dossier, desk = filed(filing_app), officer(filing_app, "mc.none")
    for number in ("02", "03", "04", "05"):
        assert desk.get(f"/can-bo/ho-so/{dossier.code}/mau-{number}").status_code == 404
    assert desk.get(f"/can-bo/ho-so/{dossier.code}/mau-01.pdf").status_code == 404  # not received yet
    assert desk.get(f"/can-bo/ho-so/{dossier.code}/mau-06.pdf").status_code == 200


def test_another_communes_officer_gets_404_on_every_paper_and_pdf(filing_app):
    refused = supplement_requested(filing_app, filed(filing_app))
    desk = officer(filing_app, "mc.own")
    act_now(desk, refused, "tu_choi", note="Không bổ sung đúng hạn")
    stopped, _ = received(filing_app, "mc.own2")
    act_now(desk, stopped, "xin_loi_gia_han", note="Chờ xác minh", new_due_date=later(filing_app, stopped))
    act_now(officer(filing_app, "ld.own", role="lanh_dao"), stopped, "dung_xu_ly", note="Dừng")
    stranger = officer(filing_app, "mc.stranger", unit=OTHER_UNIT)
    for dossier, numbers in ((refused, ("02", "03", "06")), (stopped, ("01", "04", "05", "06"))):
        for number in numbers:
            for suffix in ("", ".pdf"):
                url = f"/can-bo/ho-so/{dossier.code}/mau-{number}{suffix}"
                assert desk.get(url).status_code == 200, url
                assert stranger.get(url).status_code == 404, url
    with filing_app.app_context(), db.connection_context():
        seen = {v.what for v in DossierView.select().where(DossierView.dossier == stopped.id)}
    assert {"mau-04", "mau-04.pdf", "mau-05.pdf"} <= seen


def test_dossier_page_links_every_paper_it_has_as_page_and_pdf(filing_app):
    dossier = supplement_requested(filing_app, filed(filing_app))
    desk = officer(filing_app, "mc.panel")
    panel = check_page(desk.get(f"/can-bo/ho-so/{dossier.code}").get_data(as_text=True)).find(class_="papers")
    links = {a["href"] for a in panel.find_all("a")}
    base = f"/can-bo/ho-so/{dossier.code}"
    assert {f"{base}/mau-02", f"{base}/mau-02.pdf", f"{base}/mau-06", f"{base}/mau-06.pdf"} <= links
    assert f"{base}/mau-01" not in links and f"{base}/mau-03" not in links


def test_form_04_is_refused_once_the_due_date_has_passed_and_keeps_the_answers(filing_app):
    dossier, desk = received(filing_app, "mc.late04")
    with filing_app.app_context(), db.connection_context():
        Dossier.update(due_at=utcnow() - datetime.timedelta(hours=1)).where(Dossier.id == dossier.id).execute()
    new_date = later(filing_app, dossier)
    response = act_now(desk, dossier, "xin_loi_gia_han", note="Chờ cơ quan khác trả lời", new_due_date=new_date)
    page = check_page(response.get_data(as_text=True))
    field = page.find("input", id="xin_loi_gia_han-new_due_date")
    assert "phải ban hành trước khi hết hạn" in page.find(id="xin_loi_gia_han-new_due_date-error").get_text()
    assert field["aria-invalid"] == "true" and field["value"] == new_date
    assert page.find("textarea", id="xin_loi_gia_han-note").get_text().lstrip("\r\n") == "Chờ cơ quan khác trả lời"
    stored = fresh(filing_app, dossier)
    assert stored.new_due_at is None and stored.version == dossier.version


def test_form_04_needs_a_new_date_after_the_current_due_date(filing_app):
    dossier, desk = received(filing_app, "mc.early04")
    same_day = to_local(dossier.due_at).date().isoformat()
    response = act_now(
        desk, dossier, "xin_loi_gia_han", note="Hồ sơ phức tạp", new_due_date=same_day, new_due_hour="07:00"
    )
    page = check_page(response.get_data(as_text=True))
    assert "phải sau hạn hiện tại" in page.find(id="xin_loi_gia_han-new_due_date-error").get_text()
    assert page.find("input", id="xin_loi_gia_han-new_due_hour")["value"] == "07:00"
    assert fresh(filing_app, dossier).new_due_at is None


def test_a_late_dossier_with_form_04_keeps_both_dates_and_still_counts_late(filing_app):
    dossier, desk = received(filing_app, "mc.book")
    new_date, reason = later(filing_app, dossier), "Chờ kết quả xác minh của Công an xã"
    assert act_now(desk, dossier, "xin_loi_gia_han", note=reason, new_due_date=new_date).status_code == 303
    stored = fresh(filing_app, dossier)
    assert stored.due_at == dossier.due_at and to_local(stored.new_due_at).date().isoformat() == new_date
    with filing_app.app_context(), db.connection_context():
        sms = SmsMessage.select().where(SmsMessage.template == "apology").order_by(SmsMessage.id.desc()).first()
        step = Transition.get(Transition.dossier == dossier.id, Transition.action == "xin_loi_gia_han")
    assert dossier.code in sms.body and sms_time(stored.new_due_at) in sms.body
    assert step.details == {
        "new_due_at": stored.new_due_at.isoformat(),
        "old_due_at": dossier.due_at.isoformat(),
        "role": "mot_cua",
    }
    letter = page_text(desk, f"/can-bo/ho-so/{dossier.code}/mau-04")
    for shown in (local_time(stored.received_at), local_time(stored.due_at), reason, local_time(stored.new_due_at)):
        assert shown in letter
    assert local_time(stored.new_due_at) in pdf_text(desk.get(f"/can-bo/ho-so/{dossier.code}/mau-04.pdf"))

    finished = finish_between_the_two_dates(filing_app, stored)
    today = to_local(utcnow()).date()
    period = {"tu": (today - datetime.timedelta(days=60)).isoformat(), "den": today.isoformat()}
    book = csv_rows(desk.get("/can-bo/ho-so/so-theo-doi.csv", query_string=period))
    line = next(row for row in book if row["Mã hồ sơ"] == dossier.code)
    assert line["Kết quả"] == "Quá hạn" and line["Số vào sổ"].isdigit()
    assert line["Hẹn trả"] == local_time(finished.due_at) and line["Hẹn lại (mẫu 04)"] == local_time(
        finished.new_due_at
    )
    sheet = xlsx_rows(desk.get("/can-bo/ho-so/so-theo-doi.xlsx", query_string=period))
    header = sheet[2]
    row = next(r for r in sheet[3:] if r[header.index("Mã hồ sơ")] == dossier.code)
    assert row[header.index("Kết quả")] == "Quá hạn"
    assert excel_moment(row[header.index("Hẹn trả")]) == to_local(finished.due_at).replace(second=0)
    assert excel_moment(row[header.index("Hẹn lại (mẫu 04)")]) == to_local(finished.new_due_at).replace(second=0)
    html = page_text(desk, f"/can-bo/ho-so/so-theo-doi?tu={period['tu']}&den={period['den']}")
    assert dossier.code in html and "Quá hạn" in html
    assert (
        desk.get(f"/can-bo/ho-so/so-theo-doi?tu={period['tu']}&den={period['den']}")
        .get_data(as_text=True)
        .count(f'href="/can-bo/ho-so/{dossier.code}"')
    )
    printed = pdf_text(desk.get("/can-bo/ho-so/so-theo-doi.pdf", query_string=period))
    assert "SỔ THEO DÕI HỒ SƠ" in printed and dossier.code in printed and "Quá hạn" in printed
    elsewhere = officer(filing_app, "mc.book.other", unit=OTHER_UNIT).get("/can-bo/ho-so/so-theo-doi.csv")
    assert dossier.code not in elsewhere.get_data(as_text=True)


def test_form_04_carries_the_title_of_circular_03_2025_on_page_and_pdf(filing_app):
    dossier, desk = received(filing_app, "mc.title04")
    reason = "Chờ ý kiến của cơ quan liên quan"
    assert (
        act_now(desk, dossier, "xin_loi_gia_han", note=reason, new_due_date=later(filing_app, dossier)).status_code
        == 303
    )
    html, printed = both_faces(desk, dossier, "04")
    for text in (html, printed):
        assert "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT" in text and "HẸN LẠI" not in text
        assert "đề nghị gia hạn thời gian giải quyết hồ sơ đến" in text and reason in text
    page = check_page(desk.get(f"/can-bo/ho-so/{dossier.code}/mau-04").get_data(as_text=True))
    assert page.title.get_text().startswith("Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết")


def finish_between_the_two_dates(app, dossier):
    """Time passes: move the dossier's dates a month back, signed after the due date, before the new one."""
    month = datetime.timedelta(days=30)
    new_due = dossier.new_due_at - month
    with app.app_context(), db.connection_context():
        Dossier.update(
            received_at=dossier.received_at - month,
            due_at=dossier.due_at - month,
            new_due_at=new_due,
            finished_at=new_due - datetime.timedelta(hours=1),
        ).where(Dossier.id == dossier.id).execute()
    return fresh(app, dossier)


def csv_rows(response):
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.data.startswith("\ufeff".encode())  # the BOM Excel needs for UTF-8
    return list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))


SHEET = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def xlsx_rows(response):
    """The first sheet's rows as lists (shared strings resolved, numbers as floats), by the stdlib."""
    assert response.status_code == 200 and response.mimetype.endswith("spreadsheetml.sheet")
    with zipfile.ZipFile(io.BytesIO(response.data)) as book:
        strings = [
            "".join(t.text or "" for t in item.iter(f"{SHEET}t"))
            for item in ElementTree.fromstring(book.read("xl/sharedStrings.xml")).iter(f"{SHEET}si")
        ]
        sheet = ElementTree.fromstring(book.read("xl/worksheets/sheet1.xml"))
    rows = []
    for row in sheet.iter(f"{SHEET}row"):
        cells = {}
        for cell in row.iter(f"{SHEET}c"):
            column = _column_index(cell.get("r"))
            value = cell.find(f"{SHEET}v")
            if value is not None:
                cells[column] = strings[int(value.text)] if cell.get("t") == "s" else float(value.text)
        rows.extend([[]] * (int(row.get("r")) - 1 - len(rows)))
        rows.append([cells.get(i) for i in range(max(cells, default=-1) + 1)])
    return rows


def _column_index(reference):
    letters = re.match(r"[A-Z]+", reference).group(0)
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - ord("A") + 1
    return index - 1


def excel_moment(serial):
    moment = datetime.datetime(1899, 12, 30) + datetime.timedelta(days=serial)
    return moment.replace(second=0, microsecond=0) + datetime.timedelta(minutes=round(moment.second / 60))


def test_form_07_has_address_phone_handling_unit_hand_over_date_and_a_signature_column_in_every_export(
    filing_app,
):
    answers = {"noi_cu_tru": "Thôn Đông, xã Thạch Hà"}
    dossier, desk = received_with(filing_app, "mc.book07", answers)
    specialist, specialist_staff = person(filing_app, "cv.book07", "chuyen_vien", name="Võ Văn Xử")
    assert act_now(desk, dossier, "phan_cong", assignee=specialist_staff.id).status_code == 303
    with filing_app.app_context(), db.connection_context():
        assigned_at = Transition.get(Transition.dossier == dossier.id, Transition.action == "phan_cong").at
        unit = Unit.get_by_id(dossier.agency.unit_id).full_name
    handed_over, phone = local_time(assigned_at), display_phone(dossier.applicant_phone)
    today = to_local(utcnow()).date()
    period = {"tu": (today - datetime.timedelta(days=1)).isoformat(), "den": today.isoformat()}
    line = next(
        r
        for r in csv_rows(desk.get("/can-bo/ho-so/so-theo-doi.csv", query_string=period))
        if r["Mã hồ sơ"] == dossier.code
    )
    assert line["Địa chỉ, điện thoại"] == f"Thôn Đông, xã Thạch Hà; {phone}"
    assert line["Đơn vị giải quyết"] == unit and line["Ngày chuyển xử lý"] == handed_over and line["Ký nhận"] == ""
    sheet = xlsx_rows(desk.get("/can-bo/ho-so/so-theo-doi.xlsx", query_string=period))
    header = sheet[2]
    row = next(r for r in sheet[3:] if r[header.index("Mã hồ sơ")] == dossier.code)
    assert "Ký nhận" in header and row[header.index("Đơn vị giải quyết")] == unit
    moment = excel_moment(row[header.index("Ngày chuyển xử lý")])
    assert abs(moment - to_local(assigned_at)) < datetime.timedelta(minutes=1)  # Excel keeps whole minutes
    page = check_page(desk.get("/can-bo/ho-so/so-theo-doi", query_string=period).get_data(as_text=True))
    headers = [th.get_text(strip=True) for th in page.select("table.sheet thead th")]
    cells = next(
        [td.get_text(strip=True) for td in tr.find_all("td")]
        for tr in page.select("table.sheet tbody tr")
        if dossier.code in tr.get_text()
    )
    assert dict(zip(headers, cells, strict=True)) == dict(line)
    printed = pdf_text(desk.get("/can-bo/ho-so/so-theo-doi.pdf", query_string=period)).replace(" ", "")
    for shown in ("Địa chỉ, điện thoại", "Đơn vị giải quyết", "Ngày chuyển xử lý", "Ký nhận", "Thôn Đông", phone):
        assert shown.replace(" ", "") in printed  # narrow columns wrap their words
    assert dossier.code in printed


def test_form_07_refuses_a_bad_period_next_to_the_field_and_keeps_it(filing_app):
    desk = officer(filing_app, "mc.period")
    response = desk.get("/can-bo/ho-so/so-theo-doi?tu=31/02/2026&den=2026-03-01")
    page = check_page(response.get_data(as_text=True))
    assert response.status_code == 200 and "Ngày không hợp lệ" in page.find(id="tu-error").get_text()
    assert page.find("input", id="tu")["value"] == "31/02/2026" and page.find("input", id="tu")["aria-invalid"]
    backwards = check_page(desk.get("/can-bo/ho-so/so-theo-doi?tu=2026-03-01&den=2026-02-01").get_data(as_text=True))
    assert "bằng hoặc sau ngày bắt đầu" in backwards.find(id="den-error").get_text()
    assert desk.get("/can-bo/ho-so/so-theo-doi.csv?tu=x").status_code == 400


def test_form_07_period_is_typed_day_first_whatever_the_browser_language(filing_app):
    page = check_page(officer(filing_app, "mc.kytheo").get("/can-bo/ho-so/so-theo-doi").get_data(as_text=True))
    for name in ("tu", "den"):
        box = page.find("input", id=name)
        assert box["type"] == "text" and box["inputmode"] == "numeric"
        assert re.fullmatch(r"\d{2}/\d{2}/\d{4}", box["value"])  # the current month, as people write it


def test_the_queues_page_links_the_log_book(filing_app):
    desk = officer(filing_app, "mc.queues")
    queues = check_page(desk.get("/can-bo/ho-so").get_data(as_text=True))
    assert queues.find("a", href="/can-bo/ho-so/so-theo-doi")
