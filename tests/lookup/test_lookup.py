"""The public status lookup: code + second factor, the same answer for unknown and wrong, throttles,
and a timeline in plain words that shows no more personal data than the person proved."""

import re
import time

import pytest

from tests.apps import QueryCounter
from tests.codes import as_people_type
from tests.pages import check_page
from tests.staff_login import csrf, officer
from tests.walks import (
    CCCD,
    LOOKUP,
    SUPPLEMENT_ITEMS,
    act_now,
    approved_with_pdf,
    assigned,
    filed,
    fresh,
    from_address,
    later,
    lookup,
    proven,
    received,
    request_supplement,
    status_page,
)
from webapp import ratelimit
from webapp.db import db
from webapp.dossiers import consent, second_factor
from webapp.formatting import local_time
from webapp.identity.citizen import claims_from, demo_citizen, session_values
from webapp.models import Dossier, SmsOptOut
from webapp.phone import display_phone

UNKNOWN = "H42.18073-990101-0001"


def wrong_factor(dossier):
    """Four digits that are neither the phone's nor the CCCD's last four."""
    right = {dossier.applicant_phone[-4:], dossier.applicant_id_number[-4:]}
    return next(f for f in ("0000", "1111", "2222", "9999") if f not in right)


def words(soup):
    return " ".join(soup.get_text(" ").split())


def timeline(soup):
    return [" ".join(li.get_text(" ").split()) for li in soup.select("ol.timeline > li")]


# Finding a dossier.


def test_the_code_as_people_type_it_finds_the_dossier(filing_app):
    dossier = filed(filing_app)
    agency, day, number = dossier.code.split("-")
    typed = [
        dossier.code.lower(),
        f"  {agency} {day} {number} ",
        f"{agency}{day}{number}",
        f"{agency.lower()}–{day}–{number}",
        *as_people_type(dossier.code),
    ]
    for n, code in enumerate(typed):
        response = lookup(from_address(filing_app, f"10.3.3.{n}"), code, dossier.applicant_phone[-4:])
        assert response.status_code == 303, code
        assert response.headers["Location"] == f"{LOOKUP}/{dossier.code}"


def test_the_phone_or_the_cccd_last_four_digits_open_the_status_page(filing_app):
    dossier = filed(filing_app)
    for n, factor in enumerate((dossier.applicant_phone[-4:], CCCD[-4:], f" {CCCD[-4:-2]} {CCCD[-2:]} ")):
        client = from_address(filing_app, f"10.4.4.{n}")
        response = lookup(client, dossier.code, factor)
        assert response.status_code == 303, factor
        page = status_page(client, dossier)
        assert page.find("h1").get_text() == f"Hồ sơ {dossier.code}"
        assert dossier.procedure.name in words(page)


def test_a_code_typed_in_the_url_prefills_the_form(client):
    page = check_page(client.get(f"{LOOKUP}?ma=h42.18073-260105-0001").get_data(as_text=True))
    assert page.find("input", attrs={"name": "ma"})["value"] == "h42.18073-260105-0001"
    assert page.find("label", attrs={"for": "f-so_cuoi"}).get_text() == "4 số cuối điện thoại hoặc CCCD"


def test_the_hint_says_spaces_dots_and_dashes_may_be_typed_or_left_out(client):
    page = check_page(client.get(LOOKUP).get_data(as_text=True))
    hint = " ".join(page.find(id="f-ma-help").get_text().split())
    assert "dấu cách, dấu chấm và dấu gạch ngang gõ hay bỏ qua đều được" in hint


def without_token(html, *typed):
    html = re.sub(r'(name="csrf_token"[^>]*value=")[^"]*', r"\1", html)
    for text in typed:
        html = html.replace(text, "<typed>")
    return html


def test_an_unknown_code_and_a_wrong_factor_get_the_very_same_answer(filing_app):
    dossier = filed(filing_app)
    factor = wrong_factor(dossier)
    unknown = lookup(from_address(filing_app, "10.5.5.1"), UNKNOWN, factor)
    wrong = lookup(from_address(filing_app, "10.5.5.2"), dossier.code, factor)
    assert unknown.status_code == wrong.status_code == 200
    assert without_token(unknown.get_data(as_text=True), UNKNOWN) == without_token(
        wrong.get_data(as_text=True), dossier.code
    )
    page = check_page(wrong.get_data(as_text=True))
    assert "Không tìm thấy hồ sơ khớp với mã và 4 số cuối này" in page.find(id="f-ma-error").get_text()
    assert page.find("input", id="f-ma")["value"] == dossier.code  # what was typed stays
    assert page.find(id="error-summary").find("a")["href"] == "#f-ma"


def test_a_wrong_factor_does_not_open_the_status_page(filing_app):
    dossier = filed(filing_app)
    client = from_address(filing_app)
    lookup(client, dossier.code, wrong_factor(dossier))
    response = client.get(f"{LOOKUP}/{dossier.code}")
    assert response.status_code == 302 and response.headers["Location"] == f"{LOOKUP}?ma={dossier.code}"


@pytest.mark.parametrize(
    "code, factor, field, message",
    [
        ("", "", "ma", "Vui lòng nhập mã hồ sơ."),
        ("", "1234", "ma", "Vui lòng nhập mã hồ sơ."),
        ("H" * 1000, "1234", "ma", "Mã hồ sơ quá dài"),
        ("hồ sơ của tôi", "1234", "ma", "Mã hồ sơ chưa đúng dạng"),
        ("H42.18073-260105-0001", "", "so_cuoi", "Vui lòng nhập 4 số cuối"),
        ("H42.18073-260105-0001", "9" * 1000, "so_cuoi", "Nhập đúng 4 chữ số cuối"),
        ("H42.18073-260105-0001", "12a4", "so_cuoi", "Nhập đúng 4 chữ số cuối"),
        ("H42.18073-260105-0001", "١٢٣٤", "so_cuoi", "Nhập đúng 4 chữ số cuối"),
        ("H42.18073-260105-0001\x00", "12\x0034", "so_cuoi", "Nhập đúng 4 chữ số cuối"),
    ],
)
def test_empty_malformed_or_huge_input_gets_a_polite_error_next_to_the_field(filing_app, code, factor, field, message):
    response = lookup(from_address(filing_app), code, factor)
    assert response.status_code == 200
    page = check_page(response.get_data(as_text=True))
    error = page.find(id=f"f-{field}-error")
    assert error is not None and message in error.get_text()
    box = page.find("input", id=f"f-{field}")
    assert f"f-{field}-error" in box["aria-describedby"] and box["aria-invalid"] == "true"
    assert page.find(id="error-summary").find("a", href=f"#f-{field}")
    if "\x00" not in code:
        assert page.find("input", id="f-ma")["value"] == code.strip()  # what was typed stays


# Throttles.


def throttled(response):
    page = check_page(response.get_data(as_text=True))
    return (
        response.status_code == 429
        and int(response.headers["Retry-After"]) > 0
        and "Bạn đã thử quá nhiều lần" in page.find(role="alert").get_text()
    )


def test_twenty_wrong_factors_in_a_row_are_throttled_and_the_form_keeps_the_input(filing_app):
    dossier = filed(filing_app)
    client, factor = from_address(filing_app), wrong_factor(dossier)
    answers = [lookup(client, dossier.code, factor) for _ in range(20)]
    assert [r.status_code for r in answers[:5]] == [200] * 5
    assert all(throttled(r) for r in answers[5:])
    page = check_page(answers[-1].get_data(as_text=True))
    assert page.find("input", id="f-ma")["value"] == dossier.code
    assert page.find("input", id="f-so_cuoi")["value"] == factor
    right = lookup(client, dossier.code, dossier.applicant_phone[-4:])
    assert throttled(right), "a throttled code opens to nobody, not even with the right digits"


def test_probing_many_codes_from_one_address_is_throttled(filing_app):
    dossier = filed(filing_app)
    client = from_address(filing_app, "10.6.6.6")
    answers = [lookup(client, f"H42.18073-990101-{n:04d}", "1234") for n in range(1, 31)]
    assert [r.status_code for r in answers[:10]] == [200] * 10
    assert all(throttled(r) for r in answers[10:])
    assert throttled(lookup(client, dossier.code, dossier.applicant_phone[-4:]))
    elsewhere = lookup(from_address(filing_app, "10.6.6.7"), dossier.code, dossier.applicant_phone[-4:])
    assert elsewhere.status_code == 303, "another address is not punished"


def test_guessing_one_dossier_from_many_addresses_is_throttled(filing_app):
    dossier = filed(filing_app)
    factor = wrong_factor(dossier)
    answers = [
        lookup(from_address(filing_app, f"10.7.{n // 250}.{n % 250 + 1}"), dossier.code, factor) for n in range(30)
    ]
    assert [r.status_code for r in answers[:5]] == [200] * 5
    assert all(throttled(r) for r in answers[5:])


def test_an_unknown_code_is_throttled_like_a_real_one(filing_app):
    answers = [lookup(from_address(filing_app, f"10.8.8.{n + 1}"), UNKNOWN, "1234") for n in range(6)]
    assert [r.status_code for r in answers] == [200] * 5 + [429]


def test_one_address_gets_sixty_lookups_an_hour_even_with_the_right_digits(filing_app):
    dossier = filed(filing_app)
    client = from_address(filing_app, "10.9.9.9")
    with filing_app.app_context(), db.connection_context():
        for _ in range(59):
            ratelimit.take(ratelimit.Limit(second_factor.web_origin("10.9.9.9"), *second_factor.ORIGIN_TRIES))
    assert lookup(client, dossier.code, dossier.applicant_phone[-4:]).status_code == 303
    assert throttled(lookup(client, dossier.code, dossier.applicant_phone[-4:]))


# The status page.


def test_the_status_page_needs_the_proof_in_this_browser(filing_app):
    dossier = filed(filing_app)
    stranger = from_address(filing_app, "10.10.0.1")
    response = stranger.get(f"{LOOKUP}/{dossier.code}")
    assert response.status_code == 302 and response.headers["Location"] == f"{LOOKUP}?ma={dossier.code}"
    assert dossier.procedure.name.encode() not in response.data
    other = proven(filing_app, filed(filing_app), ip="10.10.0.2")
    assert other.get(f"{LOOKUP}/{dossier.code}").status_code == 302
    owner = proven(filing_app, dossier, ip="10.10.0.3")
    assert owner.get(f"{LOOKUP}/{dossier.code.lower()}").headers["Location"] == f"{LOOKUP}/{dossier.code}"
    page = status_page(owner, dossier)
    assert page.response.headers["Cache-Control"] == "private, no-store"


def test_the_browser_keeps_its_last_ten_codes_for_half_a_day(filing_app):
    dossier = filed(filing_app)
    citizen = proven(filing_app, dossier)
    url = f"{LOOKUP}/{dossier.code}"
    with citizen.session_transaction() as session:
        session["lookup_codes"] = [[dossier.code, time.time() - 11 * 3600]]
    assert citizen.get(url).status_code == 200
    with citizen.session_transaction() as session:
        session["lookup_codes"] = [[dossier.code, time.time() - 13 * 3600]]
    assert citizen.get(url).status_code == 302
    assert lookup(citizen, dossier.code, CCCD[-4:]).status_code == 303
    for _ in range(10):
        assert lookup(citizen, filed(filing_app).code, CCCD[-4:]).status_code == 303
    assert citizen.get(url).status_code == 302, "the eleventh code back is forgotten"


def test_the_status_page_shows_the_essentials_and_no_personal_data(filing_app):
    dossier = filed(filing_app)
    page = status_page(proven(filing_app, dossier), dossier)
    text = words(page)
    assert dossier.code in text and dossier.procedure.name in text and dossier.agency.name in text
    assert local_time(dossier.submitted_at) in text and local_time(dossier.expected_due_at) in text
    assert "Đang chờ kiểm tra, tiếp nhận hồ sơ" in text and "Đang trong hạn giải quyết" in text
    assert timeline(page) == [f"{local_time(dossier.submitted_at)} · Đã nộp hồ sơ trực tuyến"]
    phone = dossier.applicant_phone
    for secret in (CCCD, phone, phone[3:], "0" + phone[3:], display_phone(phone), dossier.applicant_name):
        assert secret not in text, secret
    initials = " ".join(word[0] + "." for word in dossier.applicant_name.split())
    assert initials in text


def test_a_supplement_request_lists_the_items_and_links_the_upload_page(filing_app):
    dossier = filed(filing_app)
    desk = officer(filing_app, "mc.tracuu.bs")
    assert request_supplement(desk, dossier, contact="Chị Lan, 0239 3855 123", **SUPPLEMENT_ITEMS).status_code == 303
    page = status_page(proven(filing_app, dossier), dossier)
    step = timeline(page)[-1]
    assert "Cần bổ sung giấy tờ" in step and "Chị Lan, 0239 3855 123" in step
    for name in ("item-1", "reason-1", "item-2", "reason-2"):
        assert SUPPLEMENT_ITEMS[name] in step
    link = page.find("a", string="Nộp bổ sung giấy tờ")
    assert link["href"] == f"/bo-sung/{fresh(filing_app, dossier).supplement_token}"
    assert "Cần bổ sung giấy tờ" in page.find(id="tinh-trang").get_text()


def test_a_refusal_shows_its_reason(filing_app):
    dossier = filed(filing_app)
    reason = "Thủ tục không thuộc thẩm quyền <b>của UBND phường</b>"
    assert act_now(officer(filing_app, "mc.tracuu.tc"), dossier, "tu_choi", note=reason).status_code == 303
    page = status_page(proven(filing_app, dossier), dossier)
    assert timeline(page)[-1].endswith(f"Từ chối tiếp nhận hồ sơ Lý do: {reason}")
    assert "&lt;b&gt;của UBND phường&lt;/b&gt;" in page.response.get_data(as_text=True)  # shown, never run
    assert page.find(id="tinh-trang").get_text() == "Từ chối tiếp nhận"
    assert "hạn giải quyết" not in words(page.find("dl"))  # no "on time" for a refused dossier


def test_an_apology_shows_the_new_date_and_the_dossier_counts_late(filing_app):
    dossier, desk = received(filing_app, "mc.tracuu.xl")
    reason = "Chờ kết quả xác minh của Công an phường"
    answer = act_now(desk, dossier, "xin_loi_gia_han", note=reason, new_due_date=later(filing_app, dossier))
    assert answer.status_code == 303
    stored = fresh(filing_app, dossier)
    page = status_page(proven(filing_app, dossier), dossier)
    promised = local_time(stored.new_due_at)
    assert timeline(page)[-1].endswith(f"Trễ hạn — hẹn trả lại vào {promised} Lý do: {reason}")
    assert f"Trễ hạn — hẹn trả lại vào {promised}" in page.find(id="tinh-trang").find_parent("dd").get_text()
    facts = words(page.find("dl"))
    assert local_time(stored.due_at) in facts and f"Hẹn trả lại {promised}" in facts


def test_internal_steps_read_as_being_processed_without_officers_names(filing_app):
    code, desk, binh, _ = assigned(filing_app)
    assert act_now(binh, code, "trinh_ky").status_code == 303
    with filing_app.app_context(), db.connection_context():
        dossier = Dossier.get(Dossier.code == code)
    page = status_page(proven(filing_app, dossier), dossier)
    steps = timeline(page)
    assert [s.split(" · ", 1)[1] for s in steps] == [
        "Đã nộp hồ sơ trực tuyến",
        f"Trung tâm Phục vụ hành chính công phường Thành Sen đã tiếp nhận hồ sơ Hẹn trả kết quả: {local_time(dossier.due_at)}",
        "Đang được giải quyết",
    ]
    text = words(page)
    assert "Trần Thị Bình" not in text and "Nguyễn Thị Lan" not in text
    assert page.find(id="tinh-trang").get_text() == "Đang được giải quyết"


def test_a_result_says_where_to_collect_it_then_that_it_went_by_post(filing_app):
    dossier = approved_with_pdf(filing_app, "ld.tracuu.bc")
    citizen = proven(filing_app, dossier)
    page = status_page(citizen, dossier)
    assert "Đã có kết quả Nhận kết quả tại" in timeline(page)[-1]
    assert page.select("ol.timeline > li")[-1].find("a", string="Hồ sơ của tôi")["href"] == "/ho-so-cua-toi"
    assert page.find(id="tinh-trang").get_text() == "Đã có kết quả, chờ trả"
    desk = officer(filing_app, "mc.tracuu.bc", "mot_cua")
    assert act_now(desk, dossier, "tra_ket_qua", kenh_tra="buu_chinh", ma_buu_gui="EB123456789VN").status_code == 303
    page = status_page(citizen, dossier)
    steps = timeline(page)
    assert steps[-1].endswith("Đã gửi qua bưu chính, mã bưu gửi EB123456789VN")
    assert "Nhận kết quả tại" not in steps[-2]  # returned: no more directions to the desk
    assert page.find(id="tinh-trang").get_text() == "Đã trả kết quả"
    assert "Có kết quả trước hạn" in words(page.find("dl"))


def test_a_result_returned_at_the_desk_does_not_name_who_collected_it(filing_app):
    dossier = approved_with_pdf(filing_app, "ld.tracuu.tt")
    desk = officer(filing_app, "mc.tracuu.tt", "mot_cua")
    fields = {"kenh_tra": "truc_tiep", "nguoi_nhan": "Lê Thị Mai", "giay_to_nguoi_nhan": "042190005678"}
    assert act_now(desk, dossier, "tra_ket_qua", **fields).status_code == 303
    page = status_page(proven(filing_app, dossier), dossier)
    assert timeline(page)[-1].endswith("Đã trả kết quả tại Trung tâm Phục vụ hành chính công phường Thành Sen")
    assert "Lê Thị Mai" not in words(page) and "042190005678" not in words(page)


def test_a_result_returned_online_links_the_citizens_download(filing_app):
    dossier = approved_with_pdf(filing_app, "ld.tracuu.tk")
    desk = officer(filing_app, "mc.tracuu.tk", "mot_cua")
    assert act_now(desk, dossier, "tra_ket_qua", kenh_tra="truc_tuyen").status_code == 303
    citizen = proven(filing_app, dossier)
    page = status_page(citizen, dossier)
    assert "Đã trả kết quả trực tuyến" in timeline(page)[-1]
    download = citizen.get(page.find("a", string="Tải kết quả")["href"])
    assert download.status_code == 302 and download.headers["Location"] == "/ho-so-cua-toi"  # the SMS proof first


def test_a_late_open_dossier_says_so(filing_app):
    dossier, _ = received(filing_app, "mc.tracuu.tre")
    with filing_app.app_context(), db.connection_context():
        Dossier.update(due_at=dossier.received_at.replace(year=dossier.received_at.year - 1)).where(
            Dossier.id == dossier.id
        ).execute()
    page = status_page(proven(filing_app, dossier), dossier)
    assert "Đã quá hạn giải quyết" in words(page.find("dl"))


def test_the_status_page_costs_one_query_to_reload_and_three_after_a_change(filing_app):
    dossier = filed(filing_app)
    citizen = proven(filing_app, dossier)
    url = f"{LOOKUP}/{dossier.code}"
    first = citizen.get(url).get_data(as_text=True)

    def queries():
        with QueryCounter(filing_app.extensions["database"]) as counter:
            page = citizen.get(url)
            assert page.status_code == 200
        return counter.count, page.get_data(as_text=True)

    assert queries() == (1, first), "a reload of an unchanged dossier reads its version only"
    desk = officer(filing_app, "mc.tracuu.dem")
    assert act_now(desk, dossier, "tiep_nhan").status_code == 303
    count, changed = queries()
    assert count == 3 and changed != first and "tiếp nhận" in changed
    assert queries() == (1, changed)


def test_a_status_page_served_from_the_cache_carries_each_browsers_own_form_token(filing_app):
    dossier = filed(filing_app)
    first, second = proven(filing_app, dossier, ip="10.2.2.3"), proven(filing_app, dossier, ip="10.2.2.4")
    url = f"{LOOKUP}/{dossier.code}"
    tokens = []
    for browser in (first, second):
        page = browser.get(url).get_data(as_text=True)
        tokens.append(re.search(r'name="csrf_token" value="([^"]+)"', page).group(1))
    assert tokens[0] != tokens[1]
    answer = second.post(f"{url}/tin-nhan", data={"csrf_token": tokens[1], "nhan_tin": "ngung"})
    assert answer.status_code == 303 and opted_out(filing_app, dossier)


def test_an_officers_lookup_never_shows_his_header_to_the_next_browser(filing_app):
    dossier = filed(filing_app)
    url = f"{LOOKUP}/{dossier.code}"
    desk = officer(filing_app, "mc.tracuu", full_name="Phạm Thị Quầy")
    assert lookup(desk, dossier.code, dossier.applicant_phone[-4:]).status_code == 303
    assert "Phạm Thị Quầy" in desk.get(url).get_data(as_text=True)  # helping a citizen at the desk
    citizen = proven(filing_app, dossier, ip="10.2.2.5").get(url).get_data(as_text=True)
    assert "Phạm Thị Quầy" not in citizen and "Đăng xuất" not in citizen
    assert "Phạm Thị Quầy" in desk.get(url).get_data(as_text=True)  # nor the citizen's header to him


def test_a_signed_in_citizens_lookup_never_shows_her_name_to_the_next_browser(filing_app):
    dossier = filed(filing_app)
    url = f"{LOOKUP}/{dossier.code}"
    lan = from_address(filing_app, "10.2.3.4")
    with filing_app.app_context(), lan.session_transaction() as session:
        session.update(
            session_values("https://vneid.test", demo_citizen("lan")["sub"], claims_from(demo_citizen("lan")))
        )
    assert lookup(lan, dossier.code, dossier.applicant_phone[-4:]).status_code == 303
    assert "Nguyễn Thị Lan" in lan.get(url).get_data(as_text=True)  # her header
    other = proven(filing_app, dossier, ip="10.2.3.5").get(url).get_data(as_text=True)
    assert "Nguyễn Thị Lan" not in other and "Đăng xuất" not in other


# Stopping the optional SMS.


def sms_choice(client, dossier, choice):
    data = {"csrf_token": csrf(client, LOOKUP), "nhan_tin": choice}
    return client.post(f"{LOOKUP}/{dossier.code}/tin-nhan", data=data)


def opted_out(app, dossier):
    with app.app_context(), db.connection_context():
        return SmsOptOut.select().where(SmsOptOut.phone == dossier.applicant_phone).exists()


def test_the_optional_sms_can_be_stopped_and_resumed_from_the_status_page(filing_app):
    dossier = filed(filing_app)
    citizen = proven(filing_app, dossier)
    page = status_page(citizen, dossier)
    assert page.find("button", attrs={"name": "nhan_tin", "value": "ngung"})
    response = sms_choice(citizen, dossier, "ngung")
    assert response.status_code == 303 and response.headers["Location"].endswith(f"{dossier.code}#tin-nhan")
    assert opted_out(filing_app, dossier)
    page = status_page(citizen, dossier)
    assert "Đã ngừng gửi tin nhắn thông báo không bắt buộc" in page.find(role="status").get_text()
    assert page.find("button", attrs={"name": "nhan_tin", "value": "nhan_lai"})
    assert sms_choice(citizen, dossier, "ngung").status_code == 303 and opted_out(filing_app, dossier)  # twice: fine
    assert sms_choice(citizen, dossier, "nhan_lai").status_code == 303
    assert not opted_out(filing_app, dossier)
    assert status_page(citizen, dossier).find("button", attrs={"name": "nhan_tin", "value": "ngung"})


def test_a_dossier_filed_without_the_reminders_box_shows_its_sms_stopped_and_can_take_them_back(filing_app):
    dossier = filed(filing_app)
    with filing_app.app_context(), db.connection_context():
        consent.record(dossier.applicant_phone, False, dossier=Dossier.get_by_id(dossier.id))
    citizen = proven(filing_app, dossier)
    page = status_page(citizen, dossier)
    assert "Số này đã ngừng nhận tin nhắn không bắt buộc" in words(page)
    assert page.find("button", attrs={"name": "nhan_tin", "value": "nhan_lai"})
    assert sms_choice(citizen, dossier, "nhan_lai").status_code == 303
    with filing_app.app_context(), db.connection_context():
        assert Dossier.get_by_id(dossier.id).reminders_consent is True
    assert status_page(citizen, dossier).find("button", attrs={"name": "nhan_tin", "value": "ngung"})


def test_only_a_browser_that_proved_the_code_changes_the_sms(filing_app):
    dossier = filed(filing_app)
    stranger = from_address(filing_app, "10.11.0.1")
    response = sms_choice(stranger, dossier, "ngung")
    assert response.status_code == 303 and response.headers["Location"] == f"{LOOKUP}?ma={dossier.code}"
    assert not opted_out(filing_app, dossier)
    citizen = proven(filing_app, dossier)
    forged = citizen.post(f"{LOOKUP}/{dossier.code}/tin-nhan", data={"nhan_tin": "ngung"})
    assert forged.status_code == 400 and not opted_out(filing_app, dossier)


def test_initials_show_the_letters_of_a_name_and_nothing_else():
    from webapp.lookup.timeline import initials

    assert initials("Nguyễn Văn An") == "N. V. A."
    assert initials("Nguyễn Thị Mẫu 9004") == "N. T. M."
