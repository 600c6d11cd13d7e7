"""The result signed by the leader (a PDF or a paper) and its return at the desk, online or by post."""

import datetime
import io
import re
import time

from tests.factories import PDF
from tests.pages import check_page
from tests.staff_login import csrf, officer
from tests.walks import (
    act_now,
    approved_with_pdf,
    counter_form,
    dossier_at,
    filled_counter_form,
    fresh,
    pdf_text,
    post_counter_form,
)
from webapp.backoffice import services
from webapp.db import db
from webapp.dossiers.files import keep_bytes
from webapp.models import Attachment, Dossier, SmsMessage, Transition
from webapp.models.dossier import utcnow
from webapp.phone import display_phone
from webapp.workflow import machine


def test_approval_without_a_result_is_refused_next_to_the_file_field(filing_app):
    dossier = dossier_at(filing_app, "cho_phe_duyet")
    leader = officer(filing_app, "ld.none", "lanh_dao")
    soup = check_page(act_now(leader, dossier, "phe_duyet").get_data(as_text=True))
    assert "Kết quả bản giấy" in soup.find(id="phe_duyet-ket_qua-error").get_text()
    assert soup.find(id="phe_duyet-ket_qua")["aria-invalid"] == "true"
    assert fresh(filing_app, dossier).status == "cho_phe_duyet"


def test_a_web_page_named_pdf_is_not_a_result(filing_app):
    dossier = dossier_at(filing_app, "cho_phe_duyet")
    leader = officer(filing_app, "ld.html", "lanh_dao")
    fake = (io.BytesIO(b"<!doctype html><script>alert(1)</script>"), "ket-qua.pdf")
    soup = check_page(act_now(leader, dossier, "phe_duyet", ket_qua=fake).get_data(as_text=True))
    assert "không phải PDF" in soup.find(id="phe_duyet-ket_qua-error").get_text()
    assert fresh(filing_app, dossier).finished_at is None
    with filing_app.app_context(), db.connection_context():
        assert not Attachment.select().where(Attachment.kind == "ket_qua").exists()


def test_a_signed_pdf_finishes_the_dossier_and_shows_on_its_page(filing_app):
    dossier = approved_with_pdf(filing_app)
    assert dossier.status == "cho_tra_ket_qua" and dossier.finished_at and not dossier.result_on_paper
    desk = officer(filing_app, "mc.ketqua", "mot_cua")
    panel = check_page(desk.get(f"/can-bo/ho-so/{dossier.code}").get_data(as_text=True)).find(
        "section", attrs={"aria-labelledby": "result-title"}
    )
    link = panel.find("a", string="giay-khai-sinh.pdf")
    assert "Trước hạn" in panel.get_text()
    download = desk.get(link["href"])
    assert download.status_code == 200 and signed_copy_of_pdf(download.data)


def test_a_late_result_counts_late_against_the_original_due_date(filing_app):
    dossier = dossier_at(filing_app, "cho_phe_duyet", due_in_days=-3)
    with filing_app.app_context(), db.connection_context():
        later = utcnow() + datetime.timedelta(days=5)
        Dossier.update(new_due_at=later).where(Dossier.id == dossier.id).execute()  # form 04 promised a new date
    leader = officer(filing_app, "ld.late", "lanh_dao")
    assert act_now(leader, dossier, "phe_duyet", ban_giay="on").status_code == 303
    page = check_page(leader.get(f"/can-bo/ho-so/{dossier.code}").get_data(as_text=True))
    panel = page.find("section", attrs={"aria-labelledby": "result-title"}).get_text()
    assert "Quá hạn" in panel and "Kết quả bản giấy" in panel


def test_a_paper_result_cannot_be_returned_online(filing_app):
    dossier = dossier_at(filing_app, "cho_phe_duyet")
    leader = officer(filing_app, "ld.paper", "lanh_dao")
    assert act_now(leader, dossier, "phe_duyet", ban_giay="on").status_code == 303
    assert fresh(filing_app, dossier).result_on_paper
    desk = officer(filing_app, "mc.paper", "mot_cua")
    page = check_page(desk.get(f"/can-bo/ho-so/{dossier.code}").get_data(as_text=True))
    assert page.find(id="tra_ket_qua-kenh_tra-truc_tuyen").has_attr("disabled")
    soup = check_page(act_now(desk, dossier, "tra_ket_qua", kenh_tra="truc_tuyen").get_data(as_text=True))
    assert "Chưa có tệp kết quả" in soup.find(id="tra_ket_qua-kenh_tra-error").get_text()


def test_returning_at_the_desk_needs_who_collected_and_their_id(filing_app):
    dossier = approved_with_pdf(filing_app, "ld.desk")
    desk = officer(filing_app, "mc.desk", "mot_cua")
    soup = check_page(act_now(desk, dossier, "tra_ket_qua", kenh_tra="truc_tiep").get_data(as_text=True))
    assert "họ tên người nhận" in soup.find(id="tra_ket_qua-nguoi_nhan-error").get_text()
    assert soup.find(id="tra_ket_qua-kenh_tra-truc_tiep").has_attr("checked")
    soup = check_page(
        act_now(desk, dossier, "tra_ket_qua", kenh_tra="truc_tiep", nguoi_nhan="Lê Thị Mai").get_data(as_text=True)
    )
    assert "giấy tờ tùy thân" in soup.find(id="tra_ket_qua-giay_to_nguoi_nhan-error").get_text()
    assert soup.find(id="tra_ket_qua-nguoi_nhan")["value"] == "Lê Thị Mai"
    fields = {"kenh_tra": "truc_tiep", "nguoi_nhan": "Lê Thị Mai", "giay_to_nguoi_nhan": "042190005678"}
    assert act_now(desk, dossier, "tra_ket_qua", **fields).status_code == 303
    returned = fresh(filing_app, dossier)
    assert returned.status == "da_tra_ket_qua" and returned.return_channel == "truc_tiep" and returned.returned_at
    assert "Lê Thị Mai" in returned.returned_to and "042190005678" in returned.returned_to
    with filing_app.app_context(), db.connection_context():
        step = Transition.get(Transition.dossier == dossier.id, Transition.action == "tra_ket_qua")
        # the dossier keeps the whole number; its audit row only the last digits (issue 22)
        masked = "Lê Thị Mai, giấy tờ số •••••••••678"
        assert step.details == {"channel": "truc_tiep", "to": masked, "role": "mot_cua"}
    panel = check_page(desk.get(f"/can-bo/ho-so/{dossier.code}").get_data(as_text=True)).find(
        "section", attrs={"aria-labelledby": "result-title"}
    )
    assert "Tại nơi tiếp nhận hồ sơ" in panel.get_text() and "Lê Thị Mai" in panel.get_text()


def test_returning_by_post_needs_the_postal_receipt(filing_app):
    dossier = approved_with_pdf(filing_app, "ld.post")
    desk = officer(filing_app, "mc.post", "mot_cua")
    soup = check_page(act_now(desk, dossier, "tra_ket_qua", kenh_tra="buu_chinh").get_data(as_text=True))
    assert "mã bưu gửi" in soup.find(id="tra_ket_qua-ma_buu_gui-error").get_text()
    assert fresh(filing_app, dossier).status == "cho_tra_ket_qua"
    assert act_now(desk, dossier, "tra_ket_qua", kenh_tra="buu_chinh", ma_buu_gui="EE123456789VN").status_code == 303
    returned = fresh(filing_app, dossier)
    assert (returned.return_channel, returned.returned_to) == ("buu_chinh", "EE123456789VN")


def test_no_channel_chosen_is_refused(filing_app):
    dossier = approved_with_pdf(filing_app, "ld.nochannel")
    desk = officer(filing_app, "mc.nochannel", "mot_cua")
    soup = check_page(act_now(desk, dossier, "tra_ket_qua").get_data(as_text=True))
    assert "chọn cách trả" in soup.find(id="tra_ket_qua-kenh_tra-error").get_text()


def prove_phone(app, phone):
    """A citizen's browser that proved `phone` with the SMS code of "Hồ sơ của tôi"."""
    citizen = app.test_client()

    def post(data):
        return citizen.post("/ho-so-cua-toi", data={"csrf_token": csrf(citizen, "/ho-so-cua-toi"), **data})

    post({"phone": display_phone(phone), "action": "send"})
    with app.app_context(), db.connection_context():
        body = SmsMessage.select().where(SmsMessage.phone == phone).order_by(SmsMessage.id.desc()).get().body
    assert post({"code": re.search(r"\b(\d{6})\b", body).group(1), "action": "verify"}).status_code == 303
    return citizen


def test_a_result_returned_online_is_downloaded_only_after_proving_the_phone(filing_app):
    dossier = approved_with_pdf(filing_app, "ld.online")
    desk = officer(filing_app, "mc.online", "mot_cua")
    assert act_now(desk, dossier, "tra_ket_qua", kenh_tra="truc_tuyen").status_code == 303
    assert fresh(filing_app, dossier).return_channel == "truc_tuyen"
    url = f"/ho-so-cua-toi/{dossier.code}/ket-qua"
    stranger = filing_app.test_client().get(url)
    assert stranger.status_code == 302 and "/ho-so-cua-toi" in stranger.headers["Location"]
    assert PDF not in stranger.data
    someone_else = prove_phone(filing_app, "+84987654321")
    assert someone_else.get(url).status_code == 404
    owner = prove_phone(filing_app, dossier.applicant_phone)
    download = owner.get(url)
    assert download.status_code == 200 and signed_copy_of_pdf(download.data)
    assert download.headers["Content-Disposition"].startswith("attachment")


def test_a_result_not_returned_online_is_not_downloadable_by_the_citizen(filing_app):
    dossier = approved_with_pdf(filing_app, "ld.notyet")
    owner = prove_phone(filing_app, dossier.applicant_phone)
    assert owner.get(f"/ho-so-cua-toi/{dossier.code}/ket-qua").status_code == 404


def test_another_communes_officer_gets_404_for_the_result_file(filing_app):
    dossier = approved_with_pdf(filing_app, "ld.scope")
    with filing_app.app_context(), db.connection_context():
        result = Attachment.get(Attachment.dossier == dossier.id, Attachment.kind == "ket_qua")
    other = officer(filing_app, "mc.scope.other", "mot_cua", unit="18100")
    assert other.get(f"/can-bo/ho-so/{dossier.code}/tep/{result.id}").status_code == 404
    own = officer(filing_app, "mc.scope", "mot_cua")
    assert own.get(f"/can-bo/ho-so/{dossier.code}/tep/{result.id}").status_code == 200


def my_row(citizen, dossier):
    """The dossier's row on the citizen's "Hồ sơ của tôi" page."""
    soup = check_page(citizen.get("/ho-so-cua-toi").get_data(as_text=True))
    return soup.find("strong", string=dossier.code).find_parent("tr")


def test_my_dossiers_says_the_result_is_ready_then_offers_it_once_returned_online(filing_app):
    dossier = approved_with_pdf(filing_app, "ld.mine")
    owner = prove_phone(filing_app, dossier.applicant_phone)
    row = my_row(owner, dossier)
    assert "Kết quả đã sẵn sàng" in row.get_text() and not row.find("a", string="Tải kết quả")
    desk = officer(filing_app, "mc.mine", "mot_cua")
    assert act_now(desk, dossier, "tra_ket_qua", kenh_tra="truc_tuyen").status_code == 303
    row = my_row(owner, dossier)
    assert "Đã trả kết quả" in row.get_text() and "sẵn sàng" not in row.get_text()
    assert signed_copy_of_pdf(owner.get(row.find("a", string="Tải kết quả")["href"]).data)


def test_the_download_needs_a_fresh_phone_proof_in_this_browser(filing_app):
    dossier = approved_with_pdf(filing_app, "ld.fresh")
    desk = officer(filing_app, "mc.fresh", "mot_cua")
    assert act_now(desk, dossier, "tra_ket_qua", kenh_tra="truc_tuyen").status_code == 303
    url = f"/ho-so-cua-toi/{dossier.code}/ket-qua"
    owner = prove_phone(filing_app, dossier.applicant_phone)
    assert owner.get(url).status_code == 200
    with owner.session_transaction() as session:
        session["my_phone_at"] -= 31 * 60  # the proof is kept half an hour
    stale = owner.get(url)
    assert stale.status_code == 302 and PDF not in stale.data
    with owner.session_transaction() as session:
        session["my_phone_at"] = time.time()
    assert owner.get(url).status_code == 200
    owner.post("/ho-so-cua-toi", data={"csrf_token": csrf(owner, "/ho-so-cua-toi"), "action": "logout"})
    assert owner.get(url).status_code == 302


# Forms 01 and 06: what the desk prints.


def counter_dossier(app, username="mc.mau01"):
    client = officer(app, username)
    response = post_counter_form(client, app, filled_counter_form(counter_form(client, app)))
    assert response.status_code == 303
    return response.headers["Location"].rsplit("/", 1)[-1], client


def table_rows(client, url, lang="vi"):
    soup = check_page(client.get(url).get_data(as_text=True), lang)
    return [[" ".join(td.get_text(" ").split()) for td in tr.find_all("td")] for tr in soup.select("article tbody tr")]


def test_form_01_lists_the_papers_the_counter_received(filing_app):
    code, client = counter_dossier(filing_app)
    expected = [["1", "Tờ khai đăng ký khai sinh", "Bản chính", "1"], ["2", "Giấy chứng sinh", "Bản sao", "2"]]
    assert table_rows(client, f"/can-bo/ho-so/{code}/mau-01") == expected
    text = pdf_text(client.get(f"/can-bo/ho-so/{code}/mau-01.pdf"))
    assert "Tên giấy tờ" in text and "Giấy chứng sinh Bản sao 2" in text


def test_form_01_of_an_online_dossier_counts_its_files_per_paper(filing_app):
    dossier = dossier_at(filing_app, "da_tiep_nhan")
    with filing_app.app_context(), db.connection_context():
        for index, kind in ((1, "ho_so"), (1, "ho_so"), (0, "ho_so"), (0, "bo_sung"), (-1, "ket_qua")):
            keep_bytes(PDF, "application/pdf", "giay-to.pdf", dossier=dossier.id, kind=kind, document_index=index)
    client = officer(filing_app, "mc.mau01.tt", "mot_cua")
    expected = [["1", "Tờ khai đăng ký khai sinh", "Bản điện tử", "1"], ["2", "Giấy chứng sinh", "Bản điện tử", "2"]]
    assert table_rows(client, f"/can-bo/ho-so/{dossier.code}/mau-01") == expected
    assert "Giấy chứng sinh Bản điện tử 2" in pdf_text(client.get(f"/can-bo/ho-so/{dossier.code}/mau-01.pdf"))


def test_form_06_names_a_counter_dossier_as_handed_in_at_the_desk_then_received(filing_app):
    code, client = counter_dossier(filing_app, "mc.mau06")
    first, second = table_rows(client, f"/can-bo/ho-so/{code}/mau-06")[:2]
    assert first[2].startswith("Nộp hồ sơ trực tiếp tại nơi tiếp nhận")
    assert second[2].startswith("Tiếp nhận hồ sơ (Đã tiếp nhận)")
    text = pdf_text(client.get(f"/can-bo/ho-so/{code}/mau-06.pdf"))
    assert "Nộp hồ sơ trực tiếp tại nơi tiếp nhận" in text and "Nộp hồ sơ trực tuyến" not in text


def test_form_06_labels_every_step_by_its_own_name_in_every_ui_language(filing_app):
    dossier = dossier_at(filing_app, "da_tiep_nhan")
    with filing_app.test_request_context(), db.connection_context():
        labels = [("nop_truc_tuyen", "Nộp hồ sơ trực tuyến")] + [(a.name, str(a.label)) for a in machine.ACTIONS]
        start = utcnow()
        for second, (name, _label) in enumerate(labels[1:], 1):
            Transition.create(
                dossier=dossier.id,
                action=name,
                to_status="dang_xu_ly",
                actor="Cán bộ",
                at=start + datetime.timedelta(seconds=second),
            )
    assert dict(labels)["tiep_nhan"] == "Tiếp nhận hồ sơ" and dict(labels)["nop_bo_sung"] == "Nộp bổ sung"
    client = officer(filing_app, "ld.mau06", "lanh_dao")
    client.set_cookie("lang", "en")
    rows = table_rows(client, f"/can-bo/ho-so/{dossier.code}/mau-06", lang="en")
    handovers = [label for name, label in labels if name in services.HANDOVERS]
    assert [row[2].rsplit(" (", 1)[0] for row in rows] == handovers


def signed_copy_of_pdf(data):
    """The leader's upload (PDF) with the two signatures the job appended: the leader's, the unit's."""
    return data.startswith(PDF) and data.count(b"/ByteRange") == 2
