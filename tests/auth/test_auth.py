"""Staff login: the pages, a new session at login, throttling, TOTP, where login sends you (the role's
own queue, or the admin pages; an explicit safe `next` first)."""

import re
import uuid
from urllib.parse import parse_qs, unquote, urlparse

import pyotp
import pytest
from bs4 import BeautifulSoup

from tests.pages import check_page
from tests.staff_login import (
    CODE_URL,
    LOGIN,
    PASSWORD,
    cookie,
    error_of,
    knocking_client,
    knocking_client_fixture,  # noqa: F401 (the module's `client`)
    log_in,
    new_staff,
    proxied_app_fixture,  # noqa: F401 (an app behind one proxy)
    send_code,
    sign_in,
    staff_maker,  # noqa: F401 (the module's `make_staff`)
    token,
    wrong_code,
)
from webapp import migrate
from webapp.db import db
from webapp.identity import services, totp
from webapp.identity import session as auth_session
from webapp.models import Staff, Unit

QUEUES, ADMIN, SECURITY = "/can-bo/ho-so", "/quan-tri/lich-lam-viec", "/can-bo/bao-mat"


def signed_in(client):
    """Whether the client's session is a live login: the account page opens instead of the login."""
    return client.get(SECURITY).status_code == 200


def test_login_lands_on_the_desks_queue_in_a_new_session(client, make_staff, checked_page):
    staff = make_staff(units=("18073", "18100"))
    with client.session_transaction() as planted:
        planted.update(staff_id=999999, auth_at="2020-01-01T00:00:00", sid="planted", my_phone="+84912345678")
    before = cookie(client)
    response = log_in(client, staff.username)
    assert response.status_code == 303 and response.headers["Location"] == QUEUES
    assert cookie(client) != before
    with client.session_transaction() as fresh:
        assert fresh["staff_id"] == staff.id and fresh["sid"] != "planted" and "my_phone" not in fresh
    account = checked_page(SECURITY)
    assert "no-store" in account.response.headers["Cache-Control"]
    text = account.get_text(" ")
    assert staff.username in text and "Công chức tiếp nhận và trả kết quả" in text
    assert "Phường Thành Sen" in text and "Phường Trần Phú" in text


@pytest.mark.parametrize(
    "role, units, landing",
    [
        ("mot_cua", ("18073",), "Chờ tiếp nhận"),
        ("chuyen_vien", ("18073",), "Được giao cho tôi"),
        ("lanh_dao", ("18073",), "Chờ phê duyệt"),
    ],
)
def test_each_role_lands_on_its_own_queue_and_so_does_the_staff_home(client, make_staff, role, units, landing):
    secret = pyotp.random_base32()
    staff = make_staff(role=role, units=units, totp_secret=secret)
    assert log_in(client, staff.username).headers["Location"] == CODE_URL
    assert send_code(client, pyotp.TOTP(secret).now()).headers["Location"] == QUEUES
    for url in (QUEUES, "/can-bo"):
        page = check_page(client.get(url, follow_redirects=True).get_data(as_text=True))
        current = page.find("nav", attrs={"aria-label": "Hàng đợi"}).find("a", attrs={"aria-current": "page"})
        assert current.get_text(" ", strip=True).startswith(landing), (url, current)
        assert page.find("h1").get_text(strip=True) == landing


@pytest.mark.parametrize("role, units", [("quan_tri_don_vi", ("18073",)), ("quan_tri_tinh", ("42",))])
def test_admins_land_on_their_admin_pages(client, make_staff, role, units):
    secret = pyotp.random_base32()
    staff = make_staff(role=role, units=units, totp_secret=secret)
    log_in(client, staff.username)
    assert send_code(client, pyotp.TOTP(secret).now()).headers["Location"] == ADMIN
    assert client.get("/can-bo").headers["Location"] == ADMIN


def test_an_explicit_next_still_wins_over_the_landing(client, make_staff):
    staff = make_staff(role="chuyen_vien")
    wanted = "/can-bo/ho-so/so-theo-doi"
    assert log_in(client, staff.username, next_url=wanted).headers["Location"] == wanted


def test_logout_ends_the_session_and_a_copied_cookie_with_it(client, make_staff, checked_page):
    staff = make_staff()
    log_in(client, staff.username)
    copied = cookie(client)
    header = checked_page(QUEUES).find("header")
    form = header.find("form", action="/can-bo/dang-xuat")
    response = client.post("/can-bo/dang-xuat", data={"csrf_token": form.find("input")["value"]})
    assert response.headers["Location"] == LOGIN
    assert "Bạn đã đăng xuất." in checked_page(LOGIN).get_text()
    client.set_cookie("session", copied)
    assert not signed_in(client)


def test_wrong_password_is_refused_in_vietnamese_and_the_name_kept(client, make_staff):
    staff = make_staff()
    response = log_in(client, staff.username, "sai-mat-khau")
    assert response.status_code == 200
    assert error_of(response) == "Tên đăng nhập hoặc mật khẩu không đúng."
    soup = check_page(response.get_data(as_text=True))
    assert soup.find("input", attrs={"name": "username"})["value"] == staff.username
    assert not soup.find("input", attrs={"name": "password"}).get("value")


def test_empty_fields_get_vietnamese_messages(client):
    data = {"csrf_token": token(client), "username": " ", "password": ""}
    soup = check_page(client.post(LOGIN, data=data).get_data(as_text=True))
    text = soup.get_text(" ")
    assert "Vui lòng nhập tên đăng nhập." in text and "Vui lòng nhập mật khẩu." in text


def test_five_failures_lock_the_account_even_for_the_right_password(client, make_staff):
    staff = make_staff()
    for _ in range(5):
        assert "không đúng" in error_of(log_in(client, staff.username, "sai-mat-khau"))
    refused = error_of(log_in(client, staff.username))
    minutes = re.search(r"thử lại sau (\d+) phút", refused)
    assert minutes and 1 <= int(minutes.group(1)) <= 15
    assert not signed_in(client)


def test_a_full_login_clears_the_accounts_failures(client, make_staff):
    staff = make_staff()
    for _ in range(4):
        log_in(client, staff.username, "sai-mat-khau")
    assert log_in(client, staff.username).status_code == 303
    client.delete_cookie("session")
    for _ in range(4):
        log_in(client, staff.username, "sai-mat-khau")
    assert log_in(client, staff.username).status_code == 303


def test_twenty_failures_from_one_address_lock_it_across_accounts(app, client, make_staff, unique):
    staff = make_staff()
    for i in range(20):
        log_in(client, f"khong-co-{unique}-{i % 5}", "sai-mat-khau")
    assert "thử lại sau" in error_of(log_in(client, staff.username))
    elsewhere = app.test_client()
    elsewhere.environ_base["REMOTE_ADDR"] = "192.0.2.77"
    assert log_in(elsewhere, staff.username).status_code == 303


def test_a_disabled_account_is_refused(app, client, make_staff):
    staff = make_staff()
    with app.app_context(), db.connection_context():
        services.set_active(staff, False)
    assert "đã bị khóa" in error_of(log_in(client, staff.username))


def test_a_leader_without_a_secret_sets_one_up(app, client, make_staff, checked_page):
    staff = make_staff(role="lanh_dao")
    response = log_in(client, staff.username)
    assert response.headers["Location"] == CODE_URL
    setup = checked_page(CODE_URL)
    assert "Thiết lập xác thực hai bước" in setup.get_text()
    assert "otpauth://totp/" in setup.get_text() and "<img" not in str(setup)
    secret = setup.find("code", class_="secret").get_text().replace(" ", "")
    assert "không đúng" in error_of(send_code(client, wrong_code(secret)))
    response = send_code(client, pyotp.TOTP(secret).now())
    assert response.status_code == 303 and response.headers["Location"] == QUEUES
    with app.app_context(), db.connection_context():
        assert Staff.get_by_id(staff.id).totp_secret == secret


def enrolment_shown(app, page, username):
    """The setup's QR code and its fallbacks: the SVG drawn inline (no image fetched), named for
    screen readers; the otpauth:// address it encodes, with issuer and account; the secret in fours."""
    qr = page.select_one(".qr-code svg[role=img]")
    assert qr is not None and "<img" not in str(page)
    assert username in qr.find("title").get_text()
    uri = page.find("details").find("code", class_="secret").get_text()
    parsed = urlparse(uri)
    query = parse_qs(parsed.query)
    assert (parsed.scheme, parsed.netloc) == ("otpauth", "totp")
    assert unquote(parsed.path) == f"/MotCua:{username}" and query["issuer"] == ["MotCua"]
    grouped = page.find("dd").find_next("code", class_="secret").get_text()
    secret = grouped.replace(" ", "")
    assert query["secret"] == [secret] and re.fullmatch(r"([A-Z2-7]{4} )*[A-Z2-7]{1,4}", grouped)
    with app.test_request_context():
        assert str(qr) == str(BeautifulSoup(totp.qr_svg(uri, qr.find("title").get_text()), "html.parser").svg)
    return secret


def test_the_setup_step_shows_a_qr_code_of_the_address_and_the_secret_as_a_fallback(app, client, make_staff):
    staff = make_staff(role="lanh_dao")
    log_in(client, staff.username)
    setup = check_page(client.get(CODE_URL).get_data(as_text=True))
    secret = enrolment_shown(app, setup, staff.username)
    assert send_code(client, pyotp.TOTP(secret).now()).status_code == 303


def test_the_account_page_offers_the_same_qr_code(app, client, make_staff):
    staff = make_staff(role="mot_cua")
    sign_in(client, staff)
    secret = enrolment_shown(app, check_page(client.get(SECURITY).get_data(as_text=True)), staff.username)
    with client.session_transaction() as session:
        assert session["totp_enrol"] == secret


def test_totp_wrong_refused_right_accepted_replay_refused(client, make_staff, checked_page):
    secret = pyotp.random_base32()
    staff = make_staff(role="quan_tri_don_vi", totp_secret=secret)
    assert log_in(client, staff.username).headers["Location"] == CODE_URL
    assert "Xác thực hai bước" in checked_page(CODE_URL).get_text()
    assert "không đúng" in error_of(send_code(client, wrong_code(secret)))
    code = pyotp.TOTP(secret).now()
    assert send_code(client, code).headers["Location"] == ADMIN
    client.delete_cookie("session")
    log_in(client, staff.username)
    assert "đã được dùng" in error_of(send_code(client, code))
    assert not signed_in(client)


def test_an_enrolled_desk_officer_also_gives_a_code(client, make_staff):
    staff = make_staff(role="mot_cua", totp_secret=pyotp.random_base32())
    assert log_in(client, staff.username).headers["Location"] == CODE_URL


def test_the_code_step_needs_a_password_first(client):
    assert client.get(CODE_URL).headers["Location"] == LOGIN


def test_login_required_sends_to_login_and_back(client, make_staff):
    response = client.get("/can-bo?tab=1")
    assert response.status_code == 302
    assert response.headers["Location"] == "/can-bo/dang-nhap?next=/can-bo?tab%3D1"
    staff = make_staff()
    assert log_in(client, staff.username, next_url="/can-bo%3Ftab%3D1").headers["Location"] == "/can-bo?tab=1"


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:x"])
def test_login_never_sends_to_another_host(client, make_staff, target):
    staff = make_staff()
    assert log_in(client, staff.username, next_url=target).headers["Location"] == QUEUES


@pytest.mark.parametrize(
    "target, expected",
    [("/can-bo/ho-so?q=1", "/can-bo/ho-so?q=1"), ("//x.example", "/can-bo"), ("/\\x", "/can-bo"), ("", "/can-bo")],
)
def test_safe_next(target, expected):
    assert auth_session.safe_next(target) == expected


def test_roles_limit_a_view(empty_app):
    app = empty_app

    @app.get("/can-bo/chi-lanh-dao")
    @auth_session.login_required("lanh_dao")
    def leaders_only():
        return "ok"

    with app.app_context(), db.connection_context():
        migrate.upgrade()
        Unit.create(code="18073", name="Thành Sen", full_name="Phường Thành Sen", kind="ward", tier="xa")
        desk = services.create_staff("ban.mot.cua", "mot_cua", ["18073"], "Lan", PASSWORD)
    client = app.test_client()
    sign_in(client, desk)
    assert client.get("/can-bo/chi-lanh-dao").status_code == 403


def test_a_new_password_ends_the_old_sessions(app, client, make_staff):
    staff = make_staff()
    log_in(client, staff.username)
    assert signed_in(client)
    with app.app_context(), db.connection_context():
        services.set_password(staff, "mat-khau-moi-2")
    assert not signed_in(client)


def test_staff_pages_in_english(client, make_staff, checked_page):
    assert "Staff login" in checked_page(LOGIN, lang="en").get_text()
    client.set_cookie("lang", "vi")
    log_in(client, make_staff(role="quan_tri_tinh", units=("42",)).username)
    assert "Set up two-step verification" in checked_page(CODE_URL, lang="en").get_text()


def test_the_demo_page_never_offers_a_code_already_used(app):
    """Two demo logins within 30 s: the second is shown the next step's code, which is accepted."""
    staff = new_staff(app, "ld.demo.totp", role="lanh_dao", totp_secret=pyotp.random_base32())
    with app.app_context(), db.connection_context():
        first = totp.current_code(staff.totp_secret)
        assert totp.use_code(staff, first)
        second = totp.current_code(staff.totp_secret, after=staff.last_totp_step)
        assert second != first and totp.use_code(staff, second)


def post_form(client, url, **fields):
    """Submit a form of the security page as a user would, with that page's CSRF token."""
    return client.post(url, data={"csrf_token": token(client, SECURITY), **fields})


def stored(app, staff):
    with app.app_context(), db.connection_context():
        return Staff.get_by_id(staff.id)


def test_a_desk_officer_turns_totp_on_from_the_security_page(app, client, make_staff, checked_page):
    staff = make_staff(role="mot_cua")
    log_in(client, staff.username)
    assert checked_page(QUEUES).find("header").find("a", href=SECURITY)
    setup = checked_page(SECURITY)
    assert "Đang tắt." in setup.get_text() and "otpauth://totp/" in setup.get_text() and "<img" not in str(setup)
    secret = setup.find("code", class_="secret").get_text().replace(" ", "")
    refused = post_form(client, "/can-bo/bao-mat/bat-xac-thuc", code=wrong_code(secret))
    assert "Mã xác thực không đúng" in error_of(refused) and stored(app, staff).totp_secret is None
    response = post_form(client, "/can-bo/bao-mat/bat-xac-thuc", code=pyotp.TOTP(secret).now())
    assert response.headers["Location"] == SECURITY
    assert "Đã bật xác thực hai bước" in checked_page(SECURITY).get_text()
    assert stored(app, staff).totp_secret == secret
    client.post("/can-bo/dang-xuat", data={"csrf_token": token(client, SECURITY)})
    assert log_in(client, staff.username).headers["Location"] == CODE_URL


def test_turning_totp_off_takes_the_password_and_a_fresh_code(app, client, make_staff, checked_page):
    secret = pyotp.random_base32()
    staff = make_staff(role="chuyen_vien", totp_secret=secret)
    sign_in(client, staff)
    assert "Đang bật." in checked_page(SECURITY).get_text()
    off = "/can-bo/bao-mat/tat-xac-thuc"
    code = pyotp.TOTP(secret).now()
    assert "Mật khẩu không đúng." in error_of(post_form(client, off, password="sai-mat-khau", code=code))
    assert "Mã xác thực không đúng" in error_of(post_form(client, off, password=PASSWORD, code=wrong_code(secret)))
    assert stored(app, staff).totp_secret == secret
    assert post_form(client, off, password=PASSWORD, code=code).headers["Location"] == SECURITY
    assert "Đã tắt xác thực hai bước." in checked_page(SECURITY).get_text()
    assert stored(app, staff).totp_secret is None
    client.delete_cookie("session")
    assert log_in(client, staff.username).headers["Location"] == QUEUES


def test_a_leader_cannot_turn_totp_off(app, client, make_staff, checked_page):
    secret = pyotp.random_base32()
    staff = make_staff(role="lanh_dao", totp_secret=secret)
    sign_in(client, staff)
    shown = checked_page(SECURITY)
    assert "bắt buộc xác thực hai bước" in shown.get_text() and not shown.find("input", attrs={"name": "password"})
    data = {"password": PASSWORD, "code": pyotp.TOTP(secret).now()}
    response = post_form(client, "/can-bo/bao-mat/tat-xac-thuc", **data)
    assert "không thể tắt" in error_of(response) and stored(app, staff).totp_secret == secret


def test_the_security_page_needs_a_login(client):
    assert client.get(SECURITY).headers["Location"] == "/can-bo/dang-nhap?next=/can-bo/bao-mat"


def test_logout_ends_this_session_only(app, make_staff):
    staff = make_staff()
    office, home = knocking_client(app), knocking_client(app)
    log_in(office, staff.username)
    log_in(home, staff.username)
    copied = cookie(office)
    office.post("/can-bo/dang-xuat", data={"csrf_token": token(office, SECURITY)})
    assert signed_in(home)
    office.set_cookie("session", copied)
    assert not signed_in(office)


def test_logout_everywhere_ends_every_session_of_the_account(app, make_staff, checked_page):
    staff, colleague = make_staff(), make_staff()
    office, home, next_desk = knocking_client(app), knocking_client(app), knocking_client(app)
    for client, account in ((office, staff), (home, staff), (next_desk, colleague)):
        log_in(client, account.username)
    response = office.post("/can-bo/dang-xuat-moi-noi", data={"csrf_token": token(office, SECURITY)})
    assert response.headers["Location"] == LOGIN
    assert "đăng xuất khỏi mọi thiết bị" in check_page(office.get(LOGIN).get_data(as_text=True)).get_text()
    assert not signed_in(office) and not signed_in(home)
    assert signed_in(next_desk)
    assert log_in(home, staff.username).status_code == 303


def test_logout_everywhere_needs_the_csrf_token(client, make_staff):
    staff = make_staff()
    log_in(client, staff.username)
    assert client.post("/can-bo/dang-xuat-moi-noi").status_code == 400
    assert signed_in(client)


def fail_logins(client, count, forwarded_for=None):
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    for _ in range(count):
        url = LOGIN
        name = f"khong-co-{uuid.uuid4().hex[:8]}"  # a new name each time: only the address adds up
        data = {"csrf_token": token(client, url), "username": name, "password": "sai-mat-khau"}
        client.post(url, data=data, headers=headers)


def test_without_trusted_proxies_a_forwarded_address_is_ignored(client, make_staff):
    """Sending X-Forwarded-For does not make a new address: the throttle still closes."""
    for i in range(20):
        fail_logins(client, 1, forwarded_for=f"198.51.100.{i + 1}")
    response = client.post(
        LOGIN,
        data={"csrf_token": token(client), "username": make_staff().username, "password": PASSWORD},
        headers={"X-Forwarded-For": "198.51.100.99"},
    )
    assert "thử lại sau" in error_of(response)


def test_behind_a_trusted_proxy_the_throttle_counts_the_clients_address(proxied_app):
    staff = new_staff(proxied_app, "cb.sau.proxy")
    proxy = proxied_app.test_client()
    proxy.environ_base["REMOTE_ADDR"] = "10.0.0.1"
    fail_logins(proxy, 20, forwarded_for="203.0.113.5")
    data = {"username": staff.username, "password": PASSWORD}
    locked = proxy.post(LOGIN, data={**data, "csrf_token": token(proxy)}, headers={"X-Forwarded-For": "203.0.113.5"})
    assert "thử lại sau" in error_of(locked)
    other = proxy.post(LOGIN, data={**data, "csrf_token": token(proxy)}, headers={"X-Forwarded-For": "203.0.113.6"})
    assert other.status_code == 303
