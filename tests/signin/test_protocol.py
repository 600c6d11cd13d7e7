"""The OpenID Connect client against the demo provider over real HTTP: a sign-in, each refusal (never a
session, always the reason in the sign-in log), the sign-out at the provider, `next` kept on this site."""

import base64
import json
import socket
from urllib.parse import urlsplit

import pytest
from joserfc import jwt
from joserfc.jwk import OctKey, RSAKey

from tests.pages import check_page
from tests.signin.flow import Person, form_values, last_event, page, query
from webapp.identity.citizen import demo_citizen
from webapp.signin import services

LAN = demo_citizen("lan")
HUNG = demo_citizen("hung")


def assert_refused(person, response, app, reason, status=400):
    assert response.status_code == status
    assert response.headers["Cache-Control"].startswith("no-store")
    retry = page(response).select_one("main a[href^='/dang-nhap']")
    assert retry is not None and retry.get_text(strip=True) == "Thử lại"
    assert not person.signed_in()
    event = last_event(app)
    assert (event.action, event.outcome) == ("dang-nhap", reason)
    assert event.subject_key == ""
    return page(response).select_one("main").get_text(" ", strip=True)


def test_a_citizen_signs_in_and_lands_where_they_were_going(base, signin_app):
    person = Person(base)
    done = person.sign_in("hung", next_url="/thu-tuc")
    assert done.status_code == 303
    assert done.headers["Location"] == "/thu-tuc"
    assert done.headers["Cache-Control"].startswith("no-store")
    assert person.header_name("/thu-tuc") == HUNG["name"]
    assert "/dang-nhap" not in {a.get("href") for a in page(person.get("/thu-tuc")).select("header a")}
    event = last_event(signin_app)
    assert (event.action, event.outcome, event.ip) == ("dang-nhap", "ok", "127.0.0.1")
    assert event.issuer == f"{base}/gia-lap-dinh-danh"
    assert len(event.subject_key) == 64 and HUNG["sub"] not in event.subject_key


def test_without_next_the_citizen_lands_on_their_dossiers(base):
    person = Person(base)
    done = person.sign_in()
    assert done.headers["Location"] == "/ho-so-cua-toi"
    assert person.header_name("/ho-so-cua-toi") == LAN["name"]


@pytest.mark.parametrize("elsewhere", ["https://evil.example/x", "//evil.example/x", "/\\evil.example", "javascript:x"])
def test_a_next_off_this_site_is_ignored(base, elsewhere):
    person = Person(base)
    authorize = person.to_provider(elsewhere)
    done = person.callback(person.answer(authorize))
    assert done.status_code == 303 and done.headers["Location"] == "/ho-so-cua-toi"


@pytest.mark.parametrize(
    "own", ["/dang-nhap/ve?error=access_denied&state=cu", "/dang-nhap", "/dang-nhap/", "/dang-nh%61p/ve", "/dang-xuat"]
)
def test_a_next_to_the_sign_in_itself_lands_on_the_dossiers(base, signin_app, own):
    """A stale callback as next would tell her she cancelled (and log a refusal) once signed in."""
    person = Person(base)
    authorize = person.to_provider(own)
    done = person.callback(person.answer(authorize))
    assert done.status_code == 303 and done.headers["Location"] == "/ho-so-cua-toi"
    assert last_event(signin_app).outcome == "ok"


def test_signing_in_again_from_the_refusal_page_lands_on_the_dossiers(base, signin_app):
    person = Person(base)
    refused = person.callback(person.answer(person.to_provider(), decision="huy"))
    link = page(refused).select_one("header a[href^='/dang-nhap']")["href"]
    assert link == "/dang-nhap"
    done = person.sign_in(next_url=urlsplit(refused.url).path + "?" + urlsplit(refused.url).query)
    assert done.headers["Location"] == "/ho-so-cua-toi" and person.signed_in()
    assert last_event(signin_app).outcome == "ok"


def test_the_sign_in_page_says_what_is_shared_and_that_filing_needs_no_sign_in(base):
    start = Person(base).get("/dang-nhap")
    text = page(start).select_one("main").get_text(" ", strip=True)
    assert "VNeID" in text and "nơi thường trú" in text and "số điện thoại" in text and "mã SMS" in text
    assert start.headers["Cache-Control"].startswith("no-store")


def test_the_authorization_request_carries_pkce_state_and_nonce(base):
    person = Person(base)
    authorize = person.to_provider()
    asked = query(authorize.url)
    assert asked["response_type"] == "code" and asked["code_challenge_method"] == "S256"
    assert set(asked["scope"].split()) == {"openid", "profile", "address", "phone"}
    assert len(asked["state"]) >= 20 and len(asked["nonce"]) >= 20 and len(asked["code_challenge"]) == 43
    assert asked["redirect_uri"] == f"{base}/dang-nhap/ve"
    assert asked["acr_values"] == "vneid-level-2"


@pytest.mark.parametrize(
    ("fault", "reason"),
    [("chu-ky", "signature"), ("nonce", "nonce"), ("het-han", "expired"), ("muc-1", "acr"), ("hs256", "algorithm")],
)
def test_a_bad_id_token_is_refused(base, signin_app, fault, reason):
    person = Person(base)
    refused = person.sign_in(fault=fault)
    text = assert_refused(person, refused, signin_app, reason)
    assert "không xác minh được" in text.lower()


def test_a_level_other_than_the_one_required_is_refused(base, signin_app):
    signin_app.config["OIDC_ACR_VALUES"] = "vneid-level-3"
    try:
        person = Person(base)
        authorize = person.to_provider()
        assert query(authorize.url)["acr_values"] == "vneid-level-3"
        assert_refused(person, person.callback(person.answer(authorize)), signin_app, "acr")
    finally:
        signin_app.config["OIDC_ACR_VALUES"] = "vneid-level-2"


def test_without_a_level_configured_none_is_asked_nor_checked(base, signin_app):
    signin_app.config["OIDC_ACR_VALUES"] = ""
    try:
        person = Person(base)
        authorize = person.to_provider()
        assert "acr_values" not in query(authorize.url)
        assert person.callback(person.answer(authorize)).status_code == 303
    finally:
        signin_app.config["OIDC_ACR_VALUES"] = "vneid-level-2"


def test_a_callback_replayed_is_refused(base, signin_app):
    person = Person(base)
    callback = person.answer(person.to_provider())
    assert person.callback(callback).status_code == 303
    person.http.post(f"{base}/dang-xuat", data={"csrf_token": csrf(person)}, allow_redirects=False)
    again = person.callback(callback)
    assert_refused(person, again, signin_app, "state")


def test_a_used_code_brought_by_another_browser_is_refused_by_the_provider(base, signin_app):
    first = Person(base)
    used = query(first.answer(first.to_provider()))
    assert first.callback(f"{base}/dang-nhap/ve?code={used['code']}&state={used['state']}").status_code == 303
    thief = Person(base)
    own_state = query(thief.to_provider().url)["state"]
    refused = thief.callback(f"{base}/dang-nhap/ve?code={used['code']}&state={own_state}")
    assert_refused(thief, refused, signin_app, "token")


def test_a_callback_with_another_browsers_state_is_refused(base, signin_app):
    victim, attacker = Person(base), Person(base)
    attackers_answer = attacker.answer(attacker.to_provider())
    victim.to_provider()
    refused = victim.callback(attackers_answer)
    assert_refused(victim, refused, signin_app, "state")
    assert attacker.callback(attackers_answer).status_code == 303  # the code was never spent


def test_a_callback_without_state_is_refused(base, signin_app):
    person = Person(base)
    person.to_provider()
    assert_refused(person, person.callback(f"{base}/dang-nhap/ve?code=abc"), signin_app, "state")


@pytest.mark.parametrize("decision", ["tu-choi", "huy"])
def test_a_citizen_who_declines_is_told_they_cancelled(base, signin_app, decision):
    person = Person(base)
    callback = person.answer(person.to_provider(), decision=decision)
    assert query(callback)["error"] == "access_denied"
    text = assert_refused(person, person.callback(callback), signin_app, "access_denied")
    assert "hủy đăng nhập" in text and "không xác minh được" not in text.lower()


def test_an_answer_naming_another_issuer_is_refused(base, signin_app):
    person = Person(base)
    callback = person.answer(person.to_provider()).replace("iss=", "iss=x")
    assert_refused(person, person.callback(callback), signin_app, "issuer")


def test_a_made_up_code_is_refused_at_the_token_endpoint(base, signin_app):
    person = Person(base)
    state = query(person.to_provider().url)["state"]
    assert_refused(person, person.callback(f"{base}/dang-nhap/ve?code=made-up&state={state}"), signin_app, "token")


def test_an_unreachable_provider_is_a_502_naming_the_connection(base, signin_app):
    signin_app.config["OIDC_DISCOVERY_URL"] = "http://127.0.0.1:9/.well-known/openid-configuration"
    try:
        person = Person(base)
        start = person.get("/dang-nhap")
        form = page(start).select_one("main form")
        sent = person.http.post(f"{base}/dang-nhap", data=form_values(form), allow_redirects=False, timeout=20)
        text = assert_refused(person, sent, signin_app, "unreachable", status=502)
        assert "không trả lời" in text
    finally:
        signin_app.config["OIDC_DISCOVERY_URL"] = ""


def test_a_provider_that_does_not_answer_in_time_is_a_502(base, signin_app):
    silent = socket.create_server(("127.0.0.1", 0))  # connects, never answers
    signin_app.config.update(
        OIDC_DISCOVERY_URL=f"http://127.0.0.1:{silent.getsockname()[1]}/.well-known/openid-configuration",
        OIDC_TIMEOUT_SECONDS=0.5,
    )
    try:
        person = Person(base)
        form = page(person.get("/dang-nhap")).select_one("main form")
        sent = person.http.post(f"{base}/dang-nhap", data=form_values(form), allow_redirects=False, timeout=20)
        assert_refused(person, sent, signin_app, "unreachable", status=502)
    finally:
        signin_app.config.update(OIDC_DISCOVERY_URL="", OIDC_TIMEOUT_SECONDS=10)
        silent.close()


def test_signing_out_ends_the_session_here_and_at_the_provider(base, signin_app):
    person = Person(base)
    person.sign_in("hung")
    assert person.signed_in()
    out = person.http.post(f"{base}/dang-xuat", data={"csrf_token": csrf(person)}, allow_redirects=False)
    assert out.status_code == 303
    assert out.headers["Location"].startswith(f"{base}/gia-lap-dinh-danh/end-session?")
    asked = query(out.headers["Location"])
    assert asked["post_logout_redirect_uri"] == f"{base}/" and asked["id_token_hint"] and asked["state"]
    hint = json.loads(base64.urlsafe_b64decode(asked["id_token_hint"].split(".")[1] + "=="))
    assert not {"name", "id_number", "birthdate", "address", "phone_number"} & set(hint)  # a URL names no one
    assert not person.signed_in()
    event = last_event(signin_app)
    assert (event.action, event.outcome, event.issuer) == ("dang-xuat", "ok", f"{base}/gia-lap-dinh-danh")
    home = person.http.get(out.headers["Location"], timeout=20)  # the provider sends the browser home
    assert home.status_code == 200 and urlpath(home.url) == "/"
    assert any(a.get("href", "").startswith("/dang-nhap") for a in page(home).select("header a"))


def test_a_copy_of_the_cookie_is_refused_once_the_citizen_signed_out(base, signin_app):
    person, copy = Person(base), Person(base)
    person.sign_in("hung")
    copy.http.cookies.update(person.http.cookies)  # taken on a shared computer before signing out
    assert copy.header_name() == HUNG["name"]
    token = csrf(person)
    assert person.http.post(f"{base}/dang-xuat", data={"csrf_token": token}, allow_redirects=False).status_code == 303
    assert not person.signed_in() and not copy.signed_in()
    assert HUNG["name"] not in copy.get("/ho-so-cua-toi").text


def test_signing_out_leaves_nothing_of_the_session(base):
    person = Person(base)
    person.sign_in()
    person.to_provider()  # an unfinished sign-in kept in the session
    out = person.http.post(f"{base}/dang-xuat", data={"csrf_token": csrf(person)}, allow_redirects=False)
    assert out.status_code == 303 and not person.http.cookies.get("session")


def test_signing_out_needs_the_csrf_token(base):
    person = Person(base)
    person.sign_in()
    assert person.http.post(f"{base}/dang-xuat", allow_redirects=False).status_code == 400
    assert person.signed_in()


def csrf(person):
    return page(person.get("/")).select_one("header form.out input[name=csrf_token]")["value"]


def urlpath(url):
    return urlsplit(url).path


def test_a_key_the_client_has_not_seen_is_fetched_again_from_the_jwks(base, signin_app):
    Person(base).sign_in()  # the provider's metadata and keys are now cached
    stale = {"keys": [{**RSAKey.generate_key(2048).as_dict(private=False), "kid": "old-key", "use": "sig"}]}
    for _made_at, client in signin_app.extensions["signin.providers"].values():
        client.server_metadata["jwks"] = stale
    person = Person(base)
    assert person.sign_in("mai").status_code == 303
    assert person.header_name() == demo_citizen("mai")["name"]


def test_abandoned_sign_ins_do_not_grow_the_session_without_end(base):
    person = Person(base)
    authorize_pages = [person.to_provider() for _ in range(8)]
    cookie = person.http.cookies.get("session")
    assert cookie and len(cookie) < 2000
    newest, oldest = authorize_pages[-1], authorize_pages[0]
    assert person.callback(person.answer(oldest)).status_code == 400  # forgotten
    assert person.callback(person.answer(newest)).status_code == 303


def test_the_pages_pass_the_page_checks(base):
    person = Person(base)
    check_page(person.get("/dang-nhap").text)
    check_page(person.callback(f"{base}/dang-nhap/ve?error=access_denied").text)
    check_page(person.callback(f"{base}/dang-nhap/ve?code=x&state=y").text)
    person.sign_in()
    check_page(person.get("/").text)


def test_only_asymmetric_id_token_algorithms_are_taken():
    rsa = RSAKey.generate_key(2048)
    signed = jwt.encode({"alg": "RS256"}, {"sub": "x"}, rsa)
    assert services.pinned_algorithm(signed)
    assert not services.pinned_algorithm(
        jwt.encode({"alg": "HS256"}, {"sub": "x"}, OctKey.import_key("motcua-demo-oidc-secret"))
    )
    unsigned = ".".join(
        base64.urlsafe_b64encode(json.dumps(part).encode()).rstrip(b"=").decode()
        for part in ({"alg": "none"}, {"sub": "x"})
    )
    assert not services.pinned_algorithm(unsigned + ".")
    assert not services.pinned_algorithm("khong-phai-token") and not services.pinned_algorithm(None)


def test_the_providers_kept_are_bounded_whatever_the_host(signin_app):
    clients = signin_app.extensions.setdefault("signin.providers", {})
    for n in range(20):
        with signin_app.test_request_context("/", base_url=f"http://may-{n}.example"):
            services.provider()
    assert len(clients) <= services.PROVIDERS_KEPT
    assert any("may-19.example" in key[0] for key in clients) and not any("may-0.example" in key[0] for key in clients)
