"""Mức 3: filing online, one step per page, with nothing typed ever lost."""

import datetime
import gzip
import hashlib
import io
import re
import secrets

import pytest
from PIL import Image

from tests.factories import BIRTH, make_draft, posted_value, random_phone
from tests.pages import check_page
from webapp.db import db
from webapp.dossiers.drafts import purge_expired, spec_of
from webapp.dossiers.files import write_file
from webapp.models import Attachment, Dossier, Draft, SmsMessage
from webapp.phone import display_phone
from webapp.workflow.intake import submit

CODE_RE = re.compile(r"H42\.\d{5}-\d{6}-\d{4}")


def jpeg_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "navy").save(buffer, "JPEG")
    return buffer.getvalue()


def test_procedure_page_offers_online_filing(citizen):
    soup = citizen.page(f"/thu-tuc/{BIRTH}")
    assert soup.find("a", href=f"/thu-tuc/{BIRTH}/nop-truc-tuyen")


def test_information_only_procedures_cannot_be_filed_online(citizen):
    soup = citizen.page("/thu-tuc/2.000884")
    assert not soup.find("a", href="/thu-tuc/2.000884/nop-truc-tuyen")
    citizen.page("/thu-tuc/2.000884/nop-truc-tuyen", status=404)


def test_start_without_choosing_a_commune_says_so(citizen):
    response = citizen.post(f"/thu-tuc/{BIRTH}/nop-truc-tuyen", {"agency": ""})
    assert "Vui lòng chọn nơi nộp hồ sơ" in response.get_data(as_text=True)


@pytest.mark.parametrize("posted", [{"agency": ""}, {}, {"agency": "abc"}, {"agency": "999999"}])
def test_the_commune_choice_is_refused_next_to_it_and_nothing_is_started(citizen, filing_app, posted):
    with filing_app.app_context(), db.connection_context():
        drafts_before = Draft.select().count()
    response = citizen.post(f"/thu-tuc/{BIRTH}/nop-truc-tuyen", posted)
    assert response.status_code == 200
    soup = check_page(response.get_data(as_text=True))
    choice = soup.find("select", id="agency")
    assert choice["aria-invalid"] == "true" and "agency-error" in choice["aria-describedby"].split()
    assert "Vui lòng chọn nơi nộp hồ sơ." in soup.find(id="agency-error").get_text()
    chosen = choice.select_one("option[selected]")
    assert chosen is None or chosen["value"] == ""  # "— Chọn —" again, nothing invented
    assert len(choice.find_all("option")) > 1
    with filing_app.app_context(), db.connection_context():
        assert Draft.select().count() == drafts_before


def test_the_chosen_commune_starts_the_draft_there(citizen, filing_app):
    soup = citizen.page(f"/thu-tuc/{BIRTH}/nop-truc-tuyen")
    option = soup.select("#agency option")[-1]
    assert not soup.find(id="agency").has_attr("aria-invalid")
    response = citizen.post(f"/thu-tuc/{BIRTH}/nop-truc-tuyen", {"agency": option["value"]})
    assert response.status_code == 303 and response.headers["Location"].endswith("/buoc/1")
    token = response.headers["Location"].split("/")[2]
    with filing_app.app_context(), db.connection_context():
        assert Draft.get(Draft.token == token).agency_id == int(option["value"])


def test_whole_filing_ends_with_a_code_a_due_date_and_an_sms(citizen, filing_app):
    citizen.start()
    assert "Bước 1/8" in citizen.page(f"/nop/{citizen.token}/buoc/1").get_text()
    citizen.fill_steps()
    inputs = [i["name"] for i in citizen.page(f"/nop/{citizen.token}/giay-to").select("input[type=file]")]
    response = citizen.post(
        f"/nop/{citizen.token}/giay-to",
        {
            inputs[0]: (io.BytesIO(b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"), "giay-chung-sinh.pdf"),
            inputs[1]: (io.BytesIO(jpeg_bytes()), "cccd.jpg"),
            "action": "continue",
        },
        content_type="multipart/form-data",
    )
    assert response.headers["Location"].endswith("/dien-thoai?da-gui=1")  # code sent to the step-1 number
    phone = random_phone()
    assert citizen.verify_phone(phone).headers["Location"].endswith("/kiem-tra")  # at the desk unless changed
    check = citizen.page(f"/nop/{citizen.token}/kiem-tra")
    assert "Nhận trực tiếp tại" in check.find(id="nhan-ket-qua").get_text()
    text = check.get_text(" ")
    assert "giay-chung-sinh.pdf" in text and "cccd.jpg" in text and "kết quả dự kiến" in text
    assert len(check.select(".summary .change a")) == len(citizen.spec().fields)
    response = citizen.submit()
    assert response.headers["Location"].endswith("/da-nop")
    done = citizen.page(f"/nop/{citizen.token}/da-nop")
    code = done.select_one(".code strong").get_text()
    assert CODE_RE.fullmatch(code)
    assert "Ngày trả kết quả dự kiến" in done.get_text()
    with filing_app.app_context(), db.connection_context():
        assert SmsMessage.select().where(SmsMessage.phone == phone, SmsMessage.body.contains(code)).exists()
        assert Attachment.select().join(Dossier).where(Dossier.code == code).count() == 2


def test_replaying_the_final_post_five_times_leaves_one_dossier(citizen, filing_app):
    with filing_app.app_context(), db.connection_context():
        citizen.token = make_draft().token
    first, *replays = [citizen.submit().headers["Location"] for _ in range(5)]
    assert first.endswith("/da-nop") and set(replays) == {f"{first}?lai=1"}  # "already submitted"
    with filing_app.app_context(), db.connection_context():
        draft = Draft.get(Draft.token == citizen.token)
        assert Dossier.select().where(Dossier.draft == draft).count() == 1
        assert (
            SmsMessage.select().where(SmsMessage.template == "submitted", SmsMessage.phone == draft.phone).count() == 1
        )


def test_errors_keep_every_answer_and_sit_next_to_their_field(citizen):
    citizen.start()
    step = citizen.spec().steps[0]
    typed = {f.name: posted_value(f) for f in step.fields}
    id_field = next(f for f in step.fields if f.type == "id_number")
    name_field = next(f for f in step.fields if f.required and f.type == "text")
    typed.update({id_field.name: "12345", name_field.name: ""})
    response = citizen.post(f"/nop/{citizen.token}/buoc/1", typed)
    assert response.status_code == 200
    soup = check_page(response.get_data(as_text=True))
    assert soup.find(id="error-summary").find("a", href=f"#f-{id_field.name}")
    assert "12 chữ số" in soup.find(id=f"f-{id_field.name}-error").get_text()
    assert soup.find(id=f"f-{id_field.name}")["aria-describedby"].endswith(f"f-{id_field.name}-error")
    assert soup.find(id=f"f-{id_field.name}")["value"] == "12345"
    for field in step.fields:
        if field.type in ("text", "email") and field.name != name_field.name:
            assert soup.find(id=f"f-{field.name}")["value"] == typed[field.name]


def test_jumping_ahead_lands_on_the_first_unfinished_step(citizen):
    citizen.start()
    for url in (f"/nop/{citizen.token}/kiem-tra", f"/nop/{citizen.token}"):
        assert citizen.client.get(url).headers["Location"].endswith("/buoc/1")
    assert citizen.post(f"/nop/{citizen.token}/gui").headers["Location"].endswith("/buoc/1")


def test_an_unverified_phone_sends_the_person_to_the_phone_check(citizen):
    citizen.start()
    citizen.fill_steps()
    assert citizen.client.get(f"/nop/{citizen.token}/kiem-tra").headers["Location"].endswith("/dien-thoai")


def test_back_link_and_resume_link_keep_answers(citizen, filing_app):
    citizen.start()
    first = citizen.spec().steps[0]
    citizen.post(f"/nop/{citizen.token}/buoc/1", {f.name: posted_value(f) for f in first.fields})
    step2 = citizen.page(f"/nop/{citizen.token}/buoc/2")
    assert step2.find("a", class_="back")["href"].endswith("/buoc/1")
    stranger = filing_app.test_client()  # the resume link works without the original cookies
    resumed = stranger.get(step2.select_one(".resume .link a")["href"].replace("http://localhost", ""))
    assert resumed.headers["Location"].endswith("/buoc/2")
    again = check_page(stranger.get(f"/nop/{citizen.token}/buoc/1").get_data(as_text=True))
    name = next(f for f in first.fields if f.type == "text")
    assert again.find(id=f"f-{name.name}")["value"] == posted_value(name)


def test_a_stale_form_keeps_the_draft_and_offers_to_continue(citizen):
    citizen.start()
    response = citizen.client.post(f"/nop/{citizen.token}/buoc/1", data={"ho_ten": "X", "csrf_token": "stale"})
    assert response.status_code == 400
    soup = check_page(response.get_data(as_text=True))
    assert "Phiên làm việc đã hết hạn" in soup.h1.get_text()
    assert soup.find("a", href=f"/nop/{citizen.token}")


def test_a_submitted_draft_only_shows_its_confirmation(citizen, filing_app):
    with filing_app.app_context(), db.connection_context():
        citizen.token = make_draft().token
    citizen.post(f"/nop/{citizen.token}/gui")
    assert citizen.client.get(f"/nop/{citizen.token}/buoc/1").headers["Location"].endswith("/da-nop?lai=1")


def test_unknown_or_expired_drafts_are_404(citizen, filing_app):
    citizen.page("/nop/not-a-real-token/buoc/1", status=404)
    with filing_app.app_context(), db.connection_context():
        draft = make_draft(expires_at=datetime.datetime(2020, 1, 1))
    citizen.page(f"/nop/{draft.token}/buoc/1", status=404)


def test_expired_drafts_are_purged_with_their_files(ctx, tmp_path):
    from werkzeug.datastructures import FileStorage

    from webapp.dossiers.files import store_upload

    ctx.config["UPLOAD_DIR"] = str(tmp_path / "uploads")
    old = make_draft(expires_at=datetime.datetime(2020, 1, 1))
    kept = make_draft()
    upload = store_upload(FileStorage(io.BytesIO(jpeg_bytes()), "a.jpg"), document_index=1, draft=old)
    path = tmp_path / "uploads" / upload.stored_name
    assert path.exists()
    assert purge_expired() == 1
    assert not path.exists()
    assert Draft.get_or_none(Draft.id == old.id) is None and Draft.get_or_none(Draft.id == kept.id)


def test_every_filing_page_weighs_at_most_14000_bytes_gzipped(citizen, filing_app):
    citizen.start()
    urls = [f"/thu-tuc/{BIRTH}/nop-truc-tuyen"]
    urls += [f"/nop/{citizen.token}/buoc/{n}" for n in range(1, len(citizen.spec().steps) + 1)]
    urls += [f"/nop/{citizen.token}/{page}" for page in ("giay-to", "dien-thoai")]
    with filing_app.app_context(), db.connection_context():
        ready = make_draft()
    urls += [f"/nop/{ready.token}/kiem-tra"]
    for url in urls:
        html = citizen.client.get(url).data
        assert len(gzip.compress(html, 9)) <= 14_000, url


def test_my_dossiers_needs_the_phone_code_then_lists_what_was_filed(citizen, filing_app):
    with filing_app.app_context(), db.connection_context():
        phone = random_phone()
        submitted = make_draft(phone=phone)
        unfinished = make_draft(phone=phone, complete=False)
    citizen.post(f"/nop/{submitted.token}/gui")
    assert "Hồ sơ đã nộp" not in citizen.page("/ho-so-cua-toi").get_text()
    citizen.post("/ho-so-cua-toi", {"phone": display_phone(phone), "action": "send"})
    with filing_app.app_context(), db.connection_context():
        body = SmsMessage.select().where(SmsMessage.phone == phone).order_by(SmsMessage.id.desc()).get().body
        code = Dossier.get(Dossier.draft == submitted.id).code
    response = citizen.post("/ho-so-cua-toi", {"code": re.search(r"\b(\d{6})\b", body).group(1), "action": "verify"})
    assert response.status_code == 303
    page = citizen.page("/ho-so-cua-toi").get_text()
    assert code in page
    assert citizen.page("/ho-so-cua-toi").find("a", href=f"/nop/{unfinished.token}")


def test_a_change_from_the_check_page_returns_to_it(citizen, filing_app):
    with filing_app.app_context(), db.connection_context():
        citizen.token = make_draft().token
    check = citizen.page(f"/nop/{citizen.token}/kiem-tra")
    change = check.select_one(".summary .change a")["href"]
    assert "sau=kiem-tra" in change
    step = citizen.spec().steps[0]
    response = citizen.post(change.split("#")[0], {f.name: posted_value(f) for f in step.fields})
    assert response.headers["Location"].endswith("/kiem-tra")


def test_a_verified_phone_lets_the_person_go_straight_on(citizen, filing_app):
    with filing_app.app_context(), db.connection_context():
        draft = make_draft()
    citizen.token = draft.token
    soup = citizen.page(f"/nop/{draft.token}/dien-thoai")
    assert soup.find("a", href=f"/nop/{draft.token}/kiem-tra")
    response = citizen.post(f"/nop/{draft.token}/giay-to", {"action": "continue"}, content_type="multipart/form-data")
    assert response.headers["Location"].endswith("/kiem-tra")


def test_a_check_page_of_another_draft_submits_nothing(citizen, filing_app):
    with filing_app.app_context(), db.connection_context():
        draft, other = make_draft(), make_draft()
    response = citizen.post(f"/nop/{draft.token}/gui", {"idempotency_key": other.idempotency_key})
    assert response.headers["Location"].endswith("/kiem-tra")
    with filing_app.app_context(), db.connection_context():
        assert not Dossier.select().where(Dossier.draft == draft.id).exists()


# Hồ sơ của tôi: what the citizen can do next with each dossier.


def filed_in_state(app, phone, status, **columns):
    """A dossier filed online with `phone`, moved straight to `status` (the officers' steps are tested elsewhere)."""
    with app.app_context(), db.connection_context():
        draft = make_draft(phone=phone)
        dossier = submit(draft, spec_of(draft))[0]
        Dossier.update(status=status, **columns).where(Dossier.id == dossier.id).execute()
        return Dossier.get_by_id(dossier.id)


def signed_result(app, dossier, data=b"%PDF-1.4 ket qua\n%%EOF\n"):
    """The leader's signed PDF, stored as the approval step stores it."""
    with app.app_context(), db.connection_context():
        stored_name = secrets.token_hex(16) + ".pdf"
        write_file(data, stored_name)
        Attachment.create(
            dossier=dossier.id,
            document_index=-1,
            original_name="ket-qua.pdf",
            stored_name=stored_name,
            content_type="application/pdf",
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            kind="ket_qua",
        )
    return data


def prove(citizen, phone):
    citizen.post("/ho-so-cua-toi", {"phone": display_phone(phone), "action": "send"})
    with citizen.app.app_context(), db.connection_context():
        body = SmsMessage.select().where(SmsMessage.phone == phone).order_by(SmsMessage.id.desc()).get().body
    response = citizen.post("/ho-so-cua-toi", {"code": re.search(r"\b(\d{6})\b", body).group(1), "action": "verify"})
    assert response.status_code == 303


def row_of(soup, dossier):
    return soup.find("strong", string=dossier.code).find_parent("tr")


def test_my_dossiers_offers_the_result_download_only_for_a_result_returned_online(citizen, filing_app):
    phone = random_phone()
    online = filed_in_state(filing_app, phone, "da_tra_ket_qua", return_channel="truc_tuyen")
    at_desk = filed_in_state(filing_app, phone, "da_tra_ket_qua", return_channel="truc_tiep")
    waiting = filed_in_state(filing_app, phone, "cho_tra_ket_qua")
    pdf = signed_result(filing_app, online)
    for dossier in (at_desk, waiting):
        signed_result(filing_app, dossier)
    prove(citizen, phone)
    soup = citizen.page("/ho-so-cua-toi")
    link = row_of(soup, online).find("a", string="Tải kết quả")
    assert link["href"] == f"/ho-so-cua-toi/{online.code}/ket-qua"
    assert not row_of(soup, at_desk).find("a", string="Tải kết quả")
    assert not row_of(soup, waiting).find("a", string="Tải kết quả")
    download = citizen.client.get(link["href"])
    assert download.status_code == 200 and download.data == pdf


def test_my_dossiers_says_a_waiting_result_is_ready_and_where_to_collect_it(citizen, filing_app):
    phone = random_phone()
    with_file = filed_in_state(filing_app, phone, "cho_tra_ket_qua")
    signed_result(filing_app, with_file)
    on_paper = filed_in_state(filing_app, phone, "cho_tra_ket_qua", result_on_paper=True)
    processing = filed_in_state(filing_app, phone, "dang_xu_ly")
    prove(citizen, phone)
    soup = citizen.page("/ho-so-cua-toi")
    agency = on_paper.agency.name
    paper_row = " ".join(row_of(soup, on_paper).get_text(" ").split())
    assert "Chờ trả kết quả" in paper_row and "Kết quả đã sẵn sàng" in paper_row
    assert f"nhận bản giấy tại {agency}" in paper_row and "giấy tờ tùy thân" in paper_row
    file_row = " ".join(row_of(soup, with_file).get_text(" ").split())
    assert f"nhận tại {agency}" in file_row and "tải về tại trang này" in file_row
    processing_row = row_of(soup, processing).get_text(" ")
    assert "Đang xử lý" in processing_row and "sẵn sàng" not in processing_row


def test_my_dossiers_links_the_supplement_page_only_while_a_supplement_is_awaited(citizen, filing_app):
    phone = random_phone()
    asked = filed_in_state(filing_app, phone, "cho_bo_sung", supplement_token="tok-" + random_phone()[4:])
    handed_in = filed_in_state(filing_app, phone, "cho_tiep_nhan")
    prove(citizen, phone)
    soup = citizen.page("/ho-so-cua-toi")
    link = row_of(soup, asked).find("a", string="Nộp bổ sung")
    assert link["href"] == f"/bo-sung/{asked.supplement_token}"
    assert not row_of(soup, handed_in).find("a", string="Nộp bổ sung")
    assert asked.code in citizen.page(link["href"]).get_text()


def test_another_phone_never_sees_the_links_of_my_dossiers(citizen, filing_app):
    mine = filed_in_state(filing_app, random_phone(), "da_tra_ket_qua", return_channel="truc_tuyen")
    signed_result(filing_app, mine)
    prove(citizen, random_phone())
    page = citizen.page("/ho-so-cua-toi")
    assert mine.code not in page.get_text() and not page.find("a", string="Tải kết quả")
    assert citizen.client.get(f"/ho-so-cua-toi/{mine.code}/ket-qua").status_code == 404
