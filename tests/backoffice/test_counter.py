"""Counter (walk-in) dossiers: typed in at the desk, received at once, one dossier per form."""

import io
import re

from PIL import Image

from tests.factories import BIRTH, commune_agency
from tests.pages import check_page
from tests.staff_login import act, new_staff, officer
from tests.walks import COUNTER, agency_id, counter_form, filed, filled_counter_form, post_counter_form
from webapp.db import db
from webapp.dossiers import consent
from webapp.models import Attachment, Consent, Dossier, SmsMessage, Transition


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), "white").save(buffer, "PNG")
    return buffer.getvalue()


def test_the_desk_starts_from_its_queues_and_picks_a_procedure_of_its_commune(filing_app):
    client = officer(filing_app, "mc.quay")
    queues = check_page(client.get("/can-bo/ho-so").get_data(as_text=True))
    assert queues.find("a", string="Tiếp nhận hồ sơ trực tiếp")["href"] == COUNTER
    choose = check_page(client.get(COUNTER).get_data(as_text=True))
    assert choose.find("option", value=BIRTH)
    assert "Trần Văn Bình" not in choose.get_text()
    assert "Người nộp hồ sơ" in counter_form(client, filing_app).get_text()


def test_only_the_one_stop_desk_receives_at_the_counter(filing_app):
    assert officer(filing_app, "cv.quay", role="chuyen_vien").get(COUNTER).status_code == 403


def test_a_counter_dossier_takes_the_next_number_of_the_day_and_is_received_at_once(filing_app):
    first = filed(filing_app)
    client = officer(filing_app, "mc.quay2")
    data = filled_counter_form(counter_form(client, filing_app)) | {
        "tep-1": (io.BytesIO(png_bytes()), "giay-chung-sinh.png")
    }
    response = post_counter_form(client, filing_app, data)
    assert response.status_code == 303
    code = response.headers["Location"].rsplit("/", 1)[-1]
    third = filed(filing_app)
    prefix, number = first.code.rsplit("-", 1)
    assert re.fullmatch(r"[\w.]+-\d{6}-\d{4}", code)
    assert code == f"{prefix}-{int(number) + 1:04d}" and third.code == f"{prefix}-{int(number) + 2:04d}"
    with filing_app.app_context(), db.connection_context():
        dossier = Dossier.get(Dossier.code == code)
        assert (dossier.channel, dossier.status) == ("truc_tiep", "da_tiep_nhan")
        assert dossier.received_at and dossier.due_at and dossier.applicant_phone == "+84912345678"
        scan = Attachment.get(Attachment.dossier == dossier.id)
        assert (scan.kind, scan.digitised, scan.document_index) == ("ho_so", True, 1)
        step, reception = Transition.select().where(Transition.dossier == dossier.id).order_by(Transition.id)
        assert step.action == "tiep_nhan_truc_tiep" and step.actor == "Nguyễn Văn An"
        assert (reception.action, reception.to_status) == ("tiep_nhan", "da_tiep_nhan") and dossier.book_number
        assert [(d["index"], d["kind"], d["count"]) for d in step.details["documents"]] == [
            (0, "ban_chinh", 1),
            (1, "ban_sao", 2),
        ]
    page = check_page(client.get(response.headers["Location"]).get_data(as_text=True))
    assert page.find("a", string="giay-chung-sinh.png")
    receipt = check_page(client.get(f"/can-bo/ho-so/{code}/mau-01").get_data(as_text=True)).get_text(" ")
    assert code in receipt and "Trần Văn Bình" in receipt


def test_a_double_click_makes_one_dossier(filing_app):
    client = officer(filing_app, "mc.quay3")
    data = filled_counter_form(counter_form(client, filing_app))
    first, second = post_counter_form(client, filing_app, dict(data)), post_counter_form(client, filing_app, dict(data))
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    with filing_app.app_context(), db.connection_context():
        assert Dossier.select().where(Dossier.channel == "truc_tiep").count() == 1
    again = filled_counter_form(counter_form(client, filing_app))
    assert post_counter_form(client, filing_app, again).headers["Location"] != first.headers["Location"]


def test_the_desk_records_how_the_applicant_wants_the_result_with_the_address_for_the_post(filing_app):
    client = officer(filing_app, "mc.quay.buu")
    page = counter_form(client, filing_app)
    assert [i["value"] for i in page.select("input[name=cach_nhan]")] == ["truc_tiep", "truc_tuyen", "buu_chinh"]
    refused = post_counter_form(client, filing_app, filled_counter_form(page, cach_nhan="buu_chinh"))
    assert refused.status_code == 200
    soup = check_page(refused.get_data(as_text=True))
    assert "địa chỉ nhận kết quả qua bưu chính" in soup.find(id="f-dia_chi_nhan-error").get_text()
    assert soup.select_one("input[name=cach_nhan][value=buu_chinh]").has_attr("checked")
    address = "Số 5 ngõ 2 đường Hà Huy Tập, Phường Thành Sen, Tỉnh Hà Tĩnh"
    response = post_counter_form(
        client,
        filing_app,
        filled_counter_form(counter_form(client, filing_app), cach_nhan="buu_chinh", dia_chi_nhan=address),
    )
    assert response.status_code == 303
    with filing_app.app_context(), db.connection_context():
        dossier = Dossier.get(Dossier.channel == "truc_tiep")
    assert (dossier.delivery_channel, dossier.delivery_address, dossier.postage) == ("buu_chinh", address, 25_000)
    assert (dossier.delivery_recipient, dossier.delivery_phone) == ("Trần Văn Bình", "+84912345678")


def test_a_wrong_cccd_is_shown_next_to_it_with_everything_typed_kept(filing_app):
    client = officer(filing_app, "mc.quay4")
    data = filled_counter_form(counter_form(client, filing_app), so_dinh_danh="04209000") | {
        "tep-0": (io.BytesIO(png_bytes()), "to-khai.png")
    }
    response = post_counter_form(client, filing_app, data)
    assert response.status_code == 200
    soup = check_page(response.get_data(as_text=True))
    assert "gồm đúng 12 chữ số" in soup.find(id="f-so_dinh_danh-error").get_text()
    assert soup.find(id="f-so_dinh_danh")["aria-invalid"] == "true"
    assert soup.find(id="f-ho_ten")["value"] == "Trần Văn Bình"
    assert soup.find(id="f-nhan-1").has_attr("checked") and not soup.find(id="f-nhan-2").has_attr("checked")
    assert soup.find(id="f-so_luong-1")["value"] == "2"
    assert "vui lòng chọn lại tệp" in soup.find(id="files-again").get_text()
    with filing_app.app_context(), db.connection_context():
        assert not Dossier.select().where(Dossier.channel == "truc_tiep").exists()
        assert not Attachment.select().exists()


def test_nothing_ticked_and_a_bad_count_are_refused(filing_app):
    client = officer(filing_app, "mc.quay5")
    soup = counter_form(client, filing_app)
    data = {k: v for k, v in filled_counter_form(soup).items() if not k.startswith(("nhan-", "ban-", "so_luong-"))}
    assert (
        "ít nhất một giấy tờ"
        in check_page(post_counter_form(client, filing_app, data).get_data(as_text=True)).get_text()
    )
    for count in ("0", "hai"):
        bad = check_page(
            post_counter_form(client, filing_app, filled_counter_form(soup, **{"so_luong-1": count})).get_data(
                as_text=True
            )
        )
        assert "từ 1 đến 99" in bad.find(id="f-so_luong-1-error").get_text()
        assert bad.find(id="f-so_luong-1")["value"] == count


def test_a_fake_scan_is_refused_by_its_bytes(filing_app):
    client = officer(filing_app, "mc.quay6")
    data = filled_counter_form(counter_form(client, filing_app)) | {
        "tep-0": (io.BytesIO(b"<html>not a scan</html>"), "scan.pdf")
    }
    soup = check_page(post_counter_form(client, filing_app, data).get_data(as_text=True))
    assert "không phải PDF, JPEG hoặc PNG" in soup.find(id="f-tep-0-error").get_text()


def test_a_procedure_another_tier_or_unknown_is_not_offered(filing_app):
    client = officer(filing_app, "mc.quay7")
    page = client.get(f"{COUNTER}?co_quan={agency_id(filing_app)}&thu_tuc=9.999999").get_data(as_text=True)
    assert "không được tiếp nhận" in check_page(page).get_text()
    other = client.get(f"{COUNTER}?co_quan={agency_id(filing_app, '18100')}&thu_tuc={BIRTH}").get_data(as_text=True)
    assert "Người nộp hồ sơ" not in check_page(other).get_text()


def test_parallel_posts_of_one_form_make_one_dossier_and_take_one_number(filing_app):
    from tests.apps import in_threads
    from webapp.models import DossierSequence, Procedure, Staff
    from webapp.workflow.intake import receive_at_counter
    from webapp.workflow.services import Origin

    staff = new_staff(filing_app, "mc.quay8")
    answers = {"ho_ten": "Trần Văn Bình", "so_dinh_danh": "042090001111", "dien_thoai": "+84912345678"}
    papers = [{"index": 0, "name": "Tờ khai", "kind": "ban_chinh", "count": 1}]

    def post_once(_):
        with filing_app.test_request_context():
            rules = Procedure.get(Procedure.code == BIRTH).rules_on()
            desk = commune_agency()
            staff_row, origin = Staff.get_by_id(staff.id), Origin("counter")
            return receive_at_counter(staff_row, desk, rules, answers, papers, [], "ab" * 16, origin)[0].code

    assert len(set(in_threads(filing_app, 6, post_once))) == 1
    with filing_app.app_context(), db.connection_context():
        assert Dossier.select().count() == 1 and DossierSequence.get().last == 1


def test_a_counter_dossier_saved_without_reception_goes_through_the_same_steps(filing_app):
    """Papers missing at the counter: the desk saves it, then asks for a supplement with form 02."""
    client = officer(filing_app, "mc.quay.luu")
    response = post_counter_form(
        client, filing_app, filled_counter_form(counter_form(client, filing_app)) | {"thao_tac": "luu"}
    )
    code = response.headers["Location"].rsplit("/", 1)[-1]
    page = check_page(client.get(f"/can-bo/ho-so/{code}").get_data(as_text=True))
    assert page.find("button", string=re.compile("Yêu cầu bổ sung")) and page.find(
        "button", string=re.compile("Từ chối")
    )
    assert client.get(f"/can-bo/ho-so/{code}/mau-01").status_code == 404  # not received yet: no form 01
    supplement = {"item-1": "Giấy chứng sinh", "reason-1": "Thiếu"}
    assert act(client, code, "yeu_cau_bo_sung", 1, **supplement).status_code == 303
    with filing_app.app_context(), db.connection_context():
        dossier = Dossier.get(Dossier.code == code)
        assert (dossier.status, dossier.received_at, dossier.book_number) == ("cho_bo_sung", None, None)


def test_a_walk_in_birth_registration_is_charged_for_the_extract_copies_asked_for_and_none_else(filing_app):
    client = officer(filing_app, "mc.quay7")
    soup = counter_form(client, filing_app)
    copies = soup.find("input", attrs={"name": "so_ban_sao"})
    assert copies is not None, "the desk is asked how many extract copies"
    assert "Phí cấp bản sao trích lục khai sinh" in soup.find("label", attrs={"for": copies["id"]}).get_text()
    fees = {}
    for asked in ("2", "0", ""):
        response = post_counter_form(client, filing_app, filled_counter_form(soup, so_ban_sao=asked))
        assert response.status_code == 303
        code = response.headers["Location"].rsplit("/", 1)[-1]
        with filing_app.app_context(), db.connection_context():
            fees[asked] = Dossier.get(Dossier.code == code).fee_amount
        soup = counter_form(client, filing_app)
    assert fees == {"2": 16000, "0": 0, "": 0}  # left empty: none asked for


def test_the_counter_offers_only_exemptions_that_make_something_cheaper(filing_app):
    """A birth registration's exemptions cover its lệ phí, which is free anyway: none offered for the
    extract copies, as online."""
    soup = counter_form(officer(filing_app, "mc.quay8"), filing_app)
    assert soup.find(attrs={"name": "mien_phi"}) is None


def counter_consent(app, code):
    """(the Consent rows of the dossier as (given, channel), its SMS templates)."""
    with app.app_context(), db.connection_context():
        dossier = Dossier.get(Dossier.code == code)
        rows = Consent.select().where(Consent.dossier == dossier.id).order_by(Consent.id)
        sent = SmsMessage.select().where(SmsMessage.dossier == dossier.id)
        return [(row.given, row.channel, row.text_version) for row in rows], {message.template for message in sent}


def test_the_counter_asks_for_the_sms_consent_with_an_unticked_box_and_keeps_the_answer(filing_app):
    client = officer(filing_app, "mc.dongy")
    form = counter_form(client, filing_app)
    box = form.find("input", attrs={"name": "tin_nhan"})
    assert box["type"] == "checkbox" and not box.has_attr("checked")
    assert form.find("label", attrs={"for": "f-tin_nhan"}).get_text(strip=True).startswith("Người nộp đồng ý")
    agreed = post_counter_form(client, filing_app, filled_counter_form(form) | {"tin_nhan": "y"})
    rows, templates = counter_consent(filing_app, agreed.headers["Location"].rsplit("/", 1)[-1])
    assert rows == [(True, "quay", consent.NOTICE_VERSION)] and "received" in templates
    declined = post_counter_form(client, filing_app, filled_counter_form(counter_form(client, filing_app)))
    rows, templates = counter_consent(filing_app, declined.headers["Location"].rsplit("/", 1)[-1])
    assert rows == [(False, "quay", consent.NOTICE_VERSION)] and "received" not in templates


def test_a_counter_form_sent_back_with_an_error_keeps_the_consent_ticked(filing_app):
    client = officer(filing_app, "mc.dongy2")
    data = filled_counter_form(counter_form(client, filing_app)) | {"tin_nhan": "y", "ho_ten": ""}
    response = post_counter_form(client, filing_app, data)
    assert response.status_code != 303
    box = check_page(response.get_data(as_text=True)).find("input", attrs={"name": "tin_nhan"})
    assert box.has_attr("checked")
