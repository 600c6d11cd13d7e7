"""A citizen signed in with the national electronic identity files without retyping what the state
knows: her name, identity number and date of birth arrive filled and locked, her sex and address filled
and editable, the mother's page filled from them; the number the identity vouched for needs no SMS code;
the dossier says whose it is. Filing without signing in is as before, and a draft link opened by someone
else shows none of her claims; a draft becomes hers only when she starts it signed in or presses "Dùng
thông tin định danh điện tử cho hồ sơ này" on it, never by opening it."""

import pytest

from tests.factories import posted_value
from tests.pages import check_page
from tests.walks import Citizen
from webapp.db import db
from webapp.identity.citizen import claims_from, demo_citizen, session_values, subject_key
from webapp.models import Dossier, Draft, SmsMessage

APPLICANT, CHILD, MOTHER = 1, 2, 3
BUSINESS = "1.001612"  # đăng ký thành lập hộ kinh doanh: the owner's page asks the sex
FROM_IDENTITY = "Từ định danh điện tử"
LAN_PHONE = "0912345678"  # Nguyễn Thị Lan's number at the demo provider


def signed_in(app, who="lan"):
    """A browser signed in as the demo provider's citizen `who`."""
    person = Citizen(app)
    sign_in(person, who)
    return person


def sign_in(person, who):
    demo = demo_citizen(who)
    with person.app.app_context(), person.client.session_transaction() as session:
        session.update(session_values("https://vneid.test", demo["sub"], claims_from(demo)))


def key_of(app, who):
    with app.app_context():
        return subject_key(demo_citizen(who)["sub"])


def stored(app, token):
    with app.app_context(), db.connection_context():
        return Draft.get(Draft.token == token)


def boxes(person, number, token=None):
    """{name: the input or textarea} of a step page."""
    soup = person.page(f"/nop/{token or person.token}/buoc/{number}")
    return {box["name"]: box for box in soup.select("form input[name], form textarea[name]")}, soup


def value(box):
    return box.get_text() if box.name == "textarea" else box.get("value", "")


def label_of(soup, name):
    return soup.find("label", attrs={"for": f"f-{name}"}).get_text(" ", strip=True)


def post_step(person, number, **typed):
    """Post a step as a person who keeps what the page shows and answers the rest."""
    step = person.spec().steps[number - 1]
    found, _soup = boxes(person, number)
    shown = {name: value(box) for name, box in found.items() if box.get("type") not in ("radio", "checkbox")}
    posted = {**{f.name: posted_value(f) for f in step.fields}, **{k: v for k, v in shown.items() if v}, **typed}
    response = person.post(f"/nop/{person.token}/buoc/{number}", posted)
    assert response.status_code == 303, (number, check_page(response.get_data(as_text=True)).select(".error"))


def test_step_one_arrives_filled_with_the_identity_and_name_number_and_birth_are_locked(filing_app):
    lan = signed_in(filing_app)
    lan.start()
    found, soup = boxes(lan, APPLICANT)
    assert value(found["ho_ten"]) == "Nguyễn Thị Lan"
    assert value(found["so_giay_to"]) == "042195001234"
    assert value(found["ngay_sinh"]) == "12/04/1995"
    assert value(found["noi_cu_tru"]) == "Thôn Trung Sơn, xã Thạch Hà, tỉnh Hà Tĩnh"
    for name in ("ho_ten", "so_giay_to", "ngay_sinh"):
        assert found[name].has_attr("readonly") and found[name]["aria-readonly"] == "true", name
        assert not found[name].has_attr("disabled"), "a locked box still posts"
        assert FROM_IDENTITY in label_of(soup, name)
    assert not found["noi_cu_tru"].has_attr("readonly"), "the address is hers to change"
    assert FROM_IDENTITY in label_of(soup, "noi_cu_tru")
    draft = stored(filing_app, lan.token)
    assert draft.citizen_key == key_of(filing_app, "lan") and draft.identity["full_name"] == "Nguyễn Thị Lan"


def test_a_different_name_posted_for_a_locked_box_is_ignored(filing_app):
    lan = signed_in(filing_app)
    lan.start()
    post_step(lan, APPLICANT, ho_ten="Người Khác", so_giay_to="042099009999", ngay_sinh="01/01/2000", quan_he="me")
    answers = stored(filing_app, lan.token).answers
    assert answers["ho_ten"] == "Nguyễn Thị Lan"
    assert answers["so_giay_to"] == "042195001234"
    assert answers["ngay_sinh"] == "12/04/1995"


def test_the_mothers_page_arrives_filled_when_the_signed_in_applicant_is_the_mother(filing_app):
    lan = signed_in(filing_app)
    lan.start()
    post_step(lan, APPLICANT, quan_he="me", dien_thoai=LAN_PHONE)
    post_step(lan, CHILD, ks_ngay_sinh="01/10/2025")
    found, soup = boxes(lan, MOTHER)
    assert value(found["me_ho_ten"]) == "Nguyễn Thị Lan"
    assert value(found["me_so_giay_to"]) == "042195001234"
    assert value(found["me_noi_cu_tru"]) == "Thôn Trung Sơn, xã Thạch Hà, tỉnh Hà Tĩnh"
    assert value(found["me_nam_sinh"]) == "1995", "the year of her date of birth"
    assert not found["me_ho_ten"].has_attr("readonly"), "copies stay editable"


def test_the_address_is_editable_and_no_longer_marked_once_changed(filing_app):
    lan = signed_in(filing_app)
    lan.start()
    post_step(lan, APPLICANT, noi_cu_tru="Số 3 đường Hà Huy Tập, phường Thành Sen", quan_he="me")
    found, soup = boxes(lan, APPLICANT)
    assert value(found["noi_cu_tru"]) == "Số 3 đường Hà Huy Tập, phường Thành Sen"
    assert FROM_IDENTITY not in label_of(soup, "noi_cu_tru")
    assert FROM_IDENTITY in label_of(soup, "ho_ten")


def test_the_sex_arrives_chosen_and_can_be_changed(filing_app):
    hung = signed_in(filing_app, "hung")
    hung.start(BUSINESS)
    post_step(hung, 1, ten_ho_kinh_doanh="Hộ kinh doanh Hoa Sen")
    soup = hung.page(f"/nop/{hung.token}/buoc/2")
    chosen = soup.select_one("input[name=gioi_tinh][checked]")
    assert chosen is not None and chosen.parent.get_text(strip=True) == "Nam"
    assert FROM_IDENTITY in soup.find(id="f-gioi_tinh").legend.get_text()
    women = next(
        box["value"] for box in soup.select("input[name=gioi_tinh]") if box.parent.get_text(strip=True) == "Nữ"
    )
    post_step(hung, 2, gioi_tinh=women)
    assert stored(filing_app, hung.token).answers["gioi_tinh"] == women
    assert FROM_IDENTITY not in hung.page(f"/nop/{hung.token}/buoc/2").find(id="f-gioi_tinh").legend.get_text()


def test_filing_without_signing_in_is_unchanged(filing_app):
    anonymous = Citizen(filing_app)
    anonymous.start()
    found, soup = boxes(anonymous, APPLICANT)
    assert value(found["ho_ten"]) == "" and value(found["so_giay_to"]) == ""
    assert not any(box.has_attr("readonly") for box in found.values())
    assert FROM_IDENTITY not in soup.get_text()
    draft = stored(filing_app, anonymous.token)
    assert draft.citizen_key is None and draft.identity is None


USE_IDENTITY = "Dùng thông tin định danh điện tử cho hồ sơ này"


def use_identity_button(soup):
    return next((b for b in soup.select("form button") if b.get_text(strip=True) == USE_IDENTITY), None)


def started_before_signing_in(app):
    lan = Citizen(app)
    lan.start()
    post_step(lan, APPLICANT, ho_ten="Nguyen Thi Lan", quan_he="me")
    sign_in(lan, "lan")
    return lan


def test_opening_a_draft_started_before_signing_in_links_nothing_and_offers_her_identity(filing_app):
    lan = started_before_signing_in(filing_app)
    found, soup = boxes(lan, APPLICANT)
    assert value(found["ho_ten"]) == "Nguyen Thi Lan" and not found["ho_ten"].has_attr("readonly")
    assert FROM_IDENTITY not in soup.select_one("form[data-offline]").get_text()
    assert "042195001234" not in " ".join(value(box) for box in found.values())
    button = use_identity_button(soup)
    assert button is not None
    offer = button.find_parent("form")
    assert offer["action"] == f"/nop/{lan.token}/dung-dinh-danh" and offer["method"] == "post"
    assert offer.find("input", attrs={"name": "csrf_token"}) is not None
    draft = stored(filing_app, lan.token)
    assert draft.citizen_key is None and draft.identity is None
    assert draft.answers["ho_ten"] == "Nguyen Thi Lan"


def test_a_draft_started_before_signing_in_becomes_hers_when_she_presses_the_button(filing_app):
    lan = started_before_signing_in(filing_app)
    response = lan.post(f"/nop/{lan.token}/dung-dinh-danh", {"buoc": "1"})
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/nop/{lan.token}/buoc/1")
    found, soup = boxes(lan, APPLICANT)
    assert value(found["ho_ten"]) == "Nguyễn Thị Lan" and found["ho_ten"].has_attr("readonly")
    assert value(found["so_giay_to"]) == "042195001234" and found["so_giay_to"].has_attr("readonly")
    assert use_identity_button(soup) is None, "asked once: the draft is hers now"
    draft = stored(filing_app, lan.token)
    assert draft.citizen_key == key_of(filing_app, "lan") and draft.identity["full_name"] == "Nguyễn Thị Lan"
    assert draft.answers["ho_ten"] == "Nguyễn Thị Lan", "the name the identity proves, not the one typed"


def test_the_button_without_the_forms_csrf_token_links_nothing(filing_app):
    lan = started_before_signing_in(filing_app)
    response = lan.client.post(f"/nop/{lan.token}/dung-dinh-danh", data={"buoc": "1"})
    assert response.status_code == 400
    assert stored(filing_app, lan.token).citizen_key is None


def test_no_button_for_an_anonymous_visitor_nor_on_her_own_draft(filing_app):
    anonymous = Citizen(filing_app)
    anonymous.start()
    assert use_identity_button(boxes(anonymous, APPLICANT)[1]) is None
    lan = signed_in(filing_app)
    lan.start()
    assert use_identity_button(boxes(lan, APPLICANT)[1]) is None, "hers from the start"
    hung = signed_in(filing_app, "hung")
    assert hung.post(f"/nop/{lan.token}/dung-dinh-danh", {"buoc": "1"}).status_code == 403
    assert stored(filing_app, lan.token).citizen_key == key_of(filing_app, "lan"), "still hers"


def test_a_link_she_is_made_to_open_signed_in_leaks_none_of_her_claims(filing_app):
    """He starts a draft without signing in, gets her signed-in browser to open its pages (a link: the
    session cookie goes with it), then reads his draft: nothing of hers, the phone not verified."""
    attacker = Citizen(filing_app)
    attacker.start()
    for number in range(1, len(attacker.spec().steps) + 1):
        post_step(attacker, number, quan_he="me", dien_thoai=LAN_PHONE)
    victim = signed_in(filing_app)
    for page in ("", "/buoc/1", "/buoc/3", "/giay-to", "/dien-thoai", "/kiem-tra"):
        victim.client.get(f"/nop/{attacker.token}{page}")
    draft = stored(filing_app, attacker.token)
    assert draft.citizen_key is None and draft.identity is None and draft.phone_verified_at is None
    found, soup = boxes(attacker, APPLICANT)
    text = soup.get_text(" ") + " ".join(value(box) for box in found.values())
    assert "Nguyễn Thị Lan" not in text and "042195001234" not in text and "12/04/1995" not in text


@pytest.mark.parametrize(("stranger", "status"), [("hung", 403), (None, 401)])
def test_her_draft_opens_for_her_alone(filing_app, stranger, status):
    """Its answers hold her claims: another citizen is told it is someone else's, an anonymous browser
    (the one who sent her the link, a shared computer after she signed out) is asked to sign in."""
    lan = signed_in(filing_app)
    lan.start()
    post_step(lan, APPLICANT, quan_he="me")
    other = signed_in(filing_app, stranger) if stranger else Citizen(filing_app)
    for page in ("", "/buoc/1", "/giay-to", "/dien-thoai", "/kiem-tra", "/da-nop"):
        response = other.client.get(f"/nop/{lan.token}{page}")
        assert response.status_code == status, page
        text = response.get_data(as_text=True)
        assert "042195001234" not in text and "Trung Sơn" not in text and "Nguyễn Thị Lan" not in text
    refused = other.client.get(f"/nop/{lan.token}/buoc/1")
    assert refused.headers["Cache-Control"] == "private, no-store"
    sign_in_link = check_page(refused.get_data(as_text=True)).find("a", href=f"/dang-nhap?next=/nop/{lan.token}/buoc/1")
    assert (sign_in_link is not None) == (stranger is None)
    assert other.post(f"/nop/{lan.token}/gui", {}).status_code == status
    with filing_app.app_context(), db.connection_context():
        assert not Dossier.select().join(Draft).where(Draft.token == lan.token).exists()


def test_after_she_takes_a_draft_the_link_she_was_sent_opens_for_her_alone(filing_app):
    sender = Citizen(filing_app)
    sender.start()
    post_step(sender, APPLICANT, ho_ten="Nguyen Thi Lan", quan_he="me")
    lan = signed_in(filing_app)
    lan.token = sender.token
    assert lan.post(f"/nop/{sender.token}/dung-dinh-danh", {"buoc": "1"}).status_code == 303
    assert sender.client.get(f"/nop/{sender.token}/buoc/1").status_code == 401
    assert sender.client.get(f"/nop/{sender.token}/dien-thoai").status_code == 401


def codes_sent(app, phone):
    with app.app_context(), db.connection_context():
        return SmsMessage.select().where(SmsMessage.phone == phone, SmsMessage.body.contains("ma xac thuc")).count()


def through_the_documents(person, phone):
    person.start()
    for number, step in enumerate(person.spec().steps, 1):
        post_step(person, number, **({"dien_thoai": phone} if any(f.name == "dien_thoai" for f in step.fields) else {}))
    return person.post(f"/nop/{person.token}/giay-to", {"action": "continue"}, content_type="multipart/form-data")


def test_the_number_the_identity_vouched_for_is_verified_without_an_sms_code(filing_app):
    lan = signed_in(filing_app)
    response = through_the_documents(lan, "0912 345 678")
    assert response.headers["Location"].endswith(f"/nop/{lan.token}/kiem-tra"), "no code page"
    assert codes_sent(filing_app, "+84912345678") == 0
    assert stored(filing_app, lan.token).phone_verified_at is not None
    check = lan.page(response.headers["Location"])
    assert "Số điện thoại đã được xác thực qua định danh điện tử" in check.get_text()
    assert FROM_IDENTITY in check.find(id="s-nguoi_yeu_cau").parent.get_text()


def test_the_phone_box_arrives_with_the_vouched_number_and_kept_it_needs_no_code(filing_app):
    lan = signed_in(filing_app)
    lan.start()
    found, soup = boxes(lan, APPLICANT)
    assert value(found["dien_thoai"]) == "0912 345 678" and not found["dien_thoai"].has_attr("readonly")
    assert FROM_IDENTITY in label_of(soup, "dien_thoai")
    for number in range(1, len(lan.spec().steps) + 1):
        post_step(lan, number, quan_he="me")
    response = lan.post(f"/nop/{lan.token}/giay-to", {"action": "continue"}, content_type="multipart/form-data")
    assert response.headers["Location"].endswith(f"/nop/{lan.token}/kiem-tra")
    assert codes_sent(filing_app, "+84912345678") == 0


def test_with_the_vouched_number_the_pages_count_no_phone_check(filing_app):
    lan = signed_in(filing_app)
    response = through_the_documents(lan, "0912 345 678")
    steps = len(lan.spec().steps)
    check = lan.page(response.headers["Location"]).find(class_="progress").get_text()
    assert f"Bước {steps + 2}/{steps + 2}" in check, "documents, then the check page: no phone page between"
    documents = lan.page(f"/nop/{lan.token}/giay-to").find(class_="progress").get_text()
    assert f"Bước {steps + 1}/{steps + 2}" in documents


def test_opening_the_phone_page_never_verifies_the_vouched_number(filing_app):
    lan = signed_in(filing_app)
    lan.start()
    for number in range(1, len(lan.spec().steps) + 1):
        post_step(lan, number, quan_he="me", dien_thoai=LAN_PHONE)
    soup = lan.page(f"/nop/{lan.token}/dien-thoai")
    assert soup.find("h1").get_text(strip=True) == "Xác thực số điện thoại"
    assert stored(filing_app, lan.token).phone_verified_at is None, "a GET verifies nothing"
    response = lan.post(f"/nop/{lan.token}/giay-to", {"action": "continue"}, content_type="multipart/form-data")
    assert response.headers["Location"].endswith(f"/nop/{lan.token}/kiem-tra"), "her press does"
    assert stored(filing_app, lan.token).phone_verified_at is not None


def test_a_code_sent_before_she_used_her_identity_is_not_needed_for_her_vouched_number(filing_app):
    lan = Citizen(filing_app)
    lan.start()
    for number in range(1, len(lan.spec().steps) + 1):
        post_step(lan, number, quan_he="me", dien_thoai=LAN_PHONE)
    lan.post(f"/nop/{lan.token}/giay-to", {"action": "continue"}, content_type="multipart/form-data")
    assert codes_sent(filing_app, "+84912345678") == 1, "anonymous: a code, as before"
    sign_in(lan, "lan")
    lan.post(f"/nop/{lan.token}/dung-dinh-danh", {"buoc": "1"})
    response = lan.post(f"/nop/{lan.token}/giay-to", {"action": "continue"}, content_type="multipart/form-data")
    assert response.headers["Location"].endswith(f"/nop/{lan.token}/kiem-tra")
    assert stored(filing_app, lan.token).phone_verified_at is not None


def test_another_number_gets_the_sms_code_as_before(filing_app):
    lan = signed_in(filing_app)
    response = through_the_documents(lan, "0977 000 111")
    assert response.headers["Location"].endswith("/dien-thoai?da-gui=1")
    assert codes_sent(filing_app, "+84977000111") == 1
    assert stored(filing_app, lan.token).phone_verified_at is None


def test_typing_the_vouched_number_on_the_phone_page_needs_no_code(filing_app):
    lan = signed_in(filing_app)
    through_the_documents(lan, "0977 000 111")
    response = lan.post(f"/nop/{lan.token}/dien-thoai", {"phone": LAN_PHONE, "action": "send"})
    assert response.status_code == 303 and response.headers["Location"].endswith("/kiem-tra")
    assert codes_sent(filing_app, "+84912345678") == 0
    assert stored(filing_app, lan.token).phone == "+84912345678"
    lan.post(f"/nop/{lan.token}/dien-thoai", {"phone": LAN_PHONE, "action": "send"})
    with filing_app.app_context(), db.connection_context():
        links = SmsMessage.select().where(SmsMessage.phone == "+84912345678", SmsMessage.template == "draft_link")
        assert links.count() == 1, "pressed twice: the resume link goes once"


def test_the_dossier_carries_whose_it_is_and_the_identity_used(filing_app):
    lan = signed_in(filing_app)
    through_the_documents(lan, LAN_PHONE)
    assert lan.post(f"/nop/{lan.token}/gui").headers["Location"].endswith("/da-nop")
    with filing_app.app_context(), db.connection_context():
        dossier = Dossier.select().join(Draft).where(Draft.token == lan.token).get()
    assert dossier.citizen_key == key_of(filing_app, "lan")
    assert dossier.identity["id_number"] == "042195001234" and dossier.identity["issuer"] == "https://vneid.test"
    assert dossier.applicant_name == "Nguyễn Thị Lan" and dossier.applicant_id_number == "042195001234"


def test_signed_out_she_is_asked_to_sign_in_again_and_nothing_of_hers_shows(filing_app):
    lan = signed_in(filing_app)
    through_the_documents(lan, LAN_PHONE)
    with lan.client.session_transaction() as session:
        session.clear()  # signed out, or the session expired
    response = lan.client.get(f"/nop/{lan.token}/kiem-tra")
    assert response.status_code == 401 and "042195001234" not in response.get_data(as_text=True)
    assert lan.client.post(f"/nop/{lan.token}/buoc/1", data={"ho_ten": "Người Khác"}).status_code in (400, 401)
    sign_in(lan, "lan")
    assert lan.client.get(f"/nop/{lan.token}/kiem-tra").status_code == 200, "signed in again: where she was"
    assert stored(filing_app, lan.token).answers["ho_ten"] == "Nguyễn Thị Lan"


def test_an_anonymous_dossier_belongs_to_no_citizen(filing_app):
    anonymous = Citizen(filing_app)
    through_the_documents(anonymous, LAN_PHONE)
    with filing_app.app_context(), db.connection_context():
        draft = Draft.get(Draft.token == anonymous.token)
    assert draft.citizen_key is None and draft.phone_verified_at is None, "an SMS code as before"
