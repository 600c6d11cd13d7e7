"""The demo identity provider speaks OpenID Connect over real HTTP: each refusal a client must make
(tampered signature, wrong nonce, expired token) is staged, and each one the provider must make (PKCE,
client secret, replayed or expired code, foreign redirect) happens."""

import datetime
import threading
import time
from urllib.parse import urlsplit

import pytest
import requests
from bs4 import BeautifulSoup
from joserfc import jwt
from joserfc.errors import BadSignatureError
from joserfc.jwk import KeySet, OctKey

from tests.apps import make_app
from tests.oidc_helpers import (
    CANCEL,
    CLIENT_ID,
    PROVIDER,
    REFUSE,
    authorization_code,
    choose,
    redeem,
    start,
)
from webapp import migrate
from webapp.db import db
from webapp.identity.citizen import demo_citizen
from webapp.models import DemoSignInCode
from webapp.vneid_demo.services import digest

PROTOCOL_CLAIMS = {"iss", "sub", "aud", "exp", "iat", "auth_time", "nonce", "acr", "at_hash"}


def discovery(base):
    return requests.get(f"{base}{PROVIDER}/.well-known/openid-configuration", timeout=10).json()


def key_set(base):
    return KeySet.import_key_set(requests.get(f"{base}{PROVIDER}/jwks", timeout=10).json())


def tokens(base, **choice):
    grant = authorization_code(base, **choice)
    response = redeem(grant)
    assert response.status_code == 200, response.text
    return grant, response.json()


def test_discovery_names_every_endpoint_under_one_issuer(idp):
    config = discovery(idp)
    assert config["issuer"] == f"{idp}{PROVIDER}"
    for name, path in {
        "authorization_endpoint": "/authorize",
        "token_endpoint": "/token",
        "userinfo_endpoint": "/userinfo",
        "jwks_uri": "/jwks",
        "end_session_endpoint": "/end-session",
    }.items():
        assert config[name] == f"{idp}{PROVIDER}{path}"
    assert config["response_types_supported"] == ["code"]
    assert config["id_token_signing_alg_values_supported"] == ["RS256"]
    assert config["code_challenge_methods_supported"] == ["S256"]
    assert set(config["scopes_supported"]) == {"openid", "profile", "address", "phone"}
    assert set(config["token_endpoint_auth_methods_supported"]) == {"client_secret_basic", "client_secret_post"}
    assert {"sub", "name", "id_number", "birthdate", "address"} <= set(config["claims_supported"])


def test_a_normal_id_token_verifies_with_the_published_key(idp):
    grant, answer = tokens(idp)
    assert grant.answer["state"] == grant.state and grant.answer["iss"] == f"{idp}{PROVIDER}"
    assert answer["token_type"] == "Bearer" and answer["expires_in"] > 0
    token = jwt.decode(answer["id_token"], key_set(idp), algorithms=["RS256"])
    assert token.header["kid"] == key_set(idp).keys[0].kid
    claims = token.claims
    lan = demo_citizen("lan")
    assert claims["iss"] == discovery(idp)["issuer"]
    assert (claims["aud"], claims["nonce"], claims["sub"]) == (CLIENT_ID, grant.nonce, lan["sub"])
    assert claims["iat"] <= time.time() < claims["exp"] <= time.time() + 5 * 60 + 5
    assert claims["auth_time"] <= time.time() and claims["acr"] == "vneid-level-2"
    assert set(claims) == PROTOCOL_CLAIMS  # nothing personal: the token goes back in end-session's URL


def test_the_persons_claims_come_from_userinfo(idp):
    _grant, answer = tokens(idp)
    url = f"{idp}{PROVIDER}/userinfo"
    claims = requests.get(url, headers={"Authorization": f"Bearer {answer['access_token']}"}, timeout=10).json()
    lan = demo_citizen("lan")
    assert (claims["name"], claims["id_number"], claims["birthdate"]) == (lan["name"], lan["id_number"], "1995-04-12")
    assert claims["address"] == {"formatted": lan["address"]}
    assert claims["phone_number"] == lan["phone_number"] and claims["phone_number_verified"] is True


def test_the_token_response_is_never_cached(idp):
    response = redeem(authorization_code(idp))
    assert "no-store" in response.headers["Cache-Control"] and response.headers["Pragma"] == "no-cache"


def test_client_secret_post_is_accepted_too(idp):
    assert redeem(authorization_code(idp), basic=False).status_code == 200


def test_the_chosen_citizen_is_the_one_vouched_for(idp):
    _grant, answer = tokens(idp, citizen="hung")
    assert jwt.decode(answer["id_token"], key_set(idp)).claims["sub"] == demo_citizen("hung")["sub"]


def test_a_wrong_pkce_verifier_is_refused(idp):
    response = redeem(authorization_code(idp), verifier="x" * 50)
    assert response.status_code == 400 and response.json()["error"] == "invalid_grant"


def test_a_wrong_client_secret_is_refused(idp):
    for basic in (True, False):
        response = redeem(authorization_code(idp), secret="doan-mo", basic=basic)
        assert response.status_code == 401 and response.json()["error"] == "invalid_client"
        assert response.headers["WWW-Authenticate"].startswith("Basic")


def test_a_replayed_code_is_refused(idp):
    grant = authorization_code(idp)
    assert redeem(grant).status_code == 200
    again = redeem(grant)
    assert again.status_code == 400 and again.json()["error"] == "invalid_grant"


def test_two_racing_redemptions_of_one_code_give_exactly_one_token(idp):
    for _round in range(3):
        grant = authorization_code(idp)
        barrier, statuses = threading.Barrier(4), []

        def redeem_together(grant=grant, barrier=barrier, statuses=statuses):
            barrier.wait()
            statuses.append(redeem(grant).status_code)

        racers = [threading.Thread(target=redeem_together) for _ in range(4)]
        for racer in racers:
            racer.start()
        for racer in racers:
            racer.join(30)
        assert sorted(statuses) == [200, 400, 400, 400]


def test_an_expired_code_is_refused(idp, idp_app):
    grant = authorization_code(idp)
    with idp_app.app_context(), db.connection_context():
        past = datetime.datetime.utcnow() - datetime.timedelta(seconds=1)
        DemoSignInCode.update(expires_at=past).where(DemoSignInCode.code_hash == digest(grant.code)).execute()
    response = redeem(grant)
    assert response.status_code == 400 and response.json()["error"] == "invalid_grant"


def test_a_code_is_kept_only_as_its_hash(idp, idp_app):
    grant = authorization_code(idp)
    with idp_app.app_context(), db.connection_context():
        row = DemoSignInCode.get(DemoSignInCode.code_hash == digest(grant.code))
        assert grant.code not in (row.code_hash, row.redirect_uri)
        assert (row.expires_at - datetime.datetime.utcnow()).total_seconds() <= 60


def test_another_redirect_uri_at_the_token_endpoint_is_refused(idp):
    response = redeem(authorization_code(idp), redirect_uri=f"{idp}/khac")
    assert response.status_code == 400 and response.json()["error"] == "invalid_grant"


def test_an_unknown_grant_type_is_refused(idp):
    response = redeem(authorization_code(idp), grant_type="password")
    assert response.status_code == 400 and response.json()["error"] == "unsupported_grant_type"


def test_a_tampered_signature_fails_verification(idp):
    _grant, answer = tokens(idp, fault="chu-ky")
    with pytest.raises(BadSignatureError):
        jwt.decode(answer["id_token"], key_set(idp), algorithms=["RS256"])


def test_a_wrong_nonce_is_sent_when_asked(idp):
    grant, answer = tokens(idp, fault="nonce")
    claims = jwt.decode(answer["id_token"], key_set(idp), algorithms=["RS256"]).claims
    assert claims["nonce"] and claims["nonce"] != grant.nonce


def test_an_expired_id_token_is_sent_when_asked(idp):
    _grant, answer = tokens(idp, fault="het-han")
    claims = jwt.decode(answer["id_token"], key_set(idp), algorithms=["RS256"]).claims
    assert claims["exp"] < time.time() - 60 * 60 and claims["iat"] < claims["exp"]


def test_a_lower_level_is_sent_when_asked(idp):
    _grant, answer = tokens(idp, fault="muc-1")
    assert jwt.decode(answer["id_token"], key_set(idp), algorithms=["RS256"]).claims["acr"] == "vneid-level-1"


def test_an_hs256_token_keyed_with_the_client_secret_is_sent_when_asked(idp):
    _grant, answer = tokens(idp, fault="hs256")
    token = jwt.decode(answer["id_token"], OctKey.import_key("motcua-demo-oidc-secret"), algorithms=["HS256"])
    assert token.header["alg"] == "HS256" and set(token.claims) == PROTOCOL_CLAIMS


def test_the_level_asked_for_is_carried_through_the_page_and_the_token_says_the_level_done(idp):
    for asked in ("vneid-level-2", "vneid-level-3 vneid-level-2", "vneid-level-3"):
        grant = authorization_code(idp, acr_values=asked)
        assert grant.code
        claims = jwt.decode(redeem(grant).json()["id_token"], key_set(idp), algorithms=["RS256"]).claims
        assert claims["acr"] == "vneid-level-2"  # the only level it signs in at, never an echo of a wish


def test_userinfo_answers_a_good_access_token_and_refuses_a_bad_one(idp):
    _grant, answer = tokens(idp)
    url = f"{idp}{PROVIDER}/userinfo"
    good = requests.get(url, headers={"Authorization": f"Bearer {answer['access_token']}"}, timeout=10)
    assert good.status_code == 200 and good.json()["id_number"] == demo_citizen("lan")["id_number"]
    assert good.json()["sub"] == demo_citizen("lan")["sub"]
    for bad in (answer["access_token"][:-4] + "AAAA", answer["id_token"], "khong-phai-token"):
        refused = requests.get(url, headers={"Authorization": f"Bearer {bad}"}, timeout=10)
        assert refused.status_code == 401 and 'error="invalid_token"' in refused.headers["WWW-Authenticate"]
    missing = requests.get(url, timeout=10)
    assert missing.status_code == 401 and missing.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    "override",
    [{"redirect_uri": "https://lua-dao.example/callback"}, {"client_id": "ung-dung-la"}],
)
def test_an_unchecked_client_or_redirect_gets_an_error_page_not_a_redirect(idp, override):
    _grant, url = start(idp, **override)
    page = requests.get(url, allow_redirects=False, timeout=10)
    assert page.status_code == 400 and "Location" not in page.headers
    assert "Không thể đăng nhập" in page.text
    links = [a["href"] for a in BeautifulSoup(page.text, "html.parser").find_all("a", href=True)]
    assert not [link for link in links if "lua-dao" in urlsplit(link).netloc]


def test_a_foreign_redirect_is_refused_on_post_too(idp):
    _grant, url = start(idp)
    answer = choose(requests.Session(), url, changes={"redirect_uri": "https://lua-dao.example/cb"})
    assert answer.status_code == 400 and "Location" not in answer.headers


def test_an_unknown_citizen_reshows_the_page_with_the_error_by_the_field(idp):
    _grant, url = start(idp)
    answer = choose(requests.Session(), url, citizen="khong-co")
    assert answer.status_code == 200 and "Location" not in answer.headers
    soup = BeautifulSoup(answer.text, "html.parser")
    assert soup.find(id="cong_dan")["aria-describedby"] == "cong_dan-error"
    assert "Hãy chọn một công dân." in soup.find(id="cong_dan-error").get_text()


@pytest.mark.parametrize(
    ("override", "error"),
    [
        ({"code_challenge": ""}, "invalid_request"),
        ({"code_challenge_method": "plain"}, "invalid_request"),
        ({"nonce": ""}, "invalid_request"),
        ({"nonce": "n" * 256}, "invalid_request"),  # longer than the code's column keeps
        ({"scope": "profile"}, "invalid_scope"),
        ({"response_type": "token"}, "unsupported_response_type"),
        ({"prompt": "none"}, "login_required"),
        ({"acr_values": "x" * 2000}, "invalid_request"),
    ],
)
def test_a_bad_request_from_a_known_client_is_answered_at_its_redirect_uri(idp, override, error):
    grant, url = start(idp, **override)
    answer = requests.get(url, allow_redirects=False, timeout=10)
    assert answer.status_code == 303 and answer.headers["Location"].startswith(grant.redirect_uri + "?")
    grant.location = answer.headers["Location"]
    assert grant.answer["error"] == error and grant.answer["state"] == grant.state and "code" not in grant.answer


def test_a_nonce_as_long_as_the_code_keeps_comes_back_whole_and_a_longer_one_is_refused(idp):
    longest = "n" * 255
    _grant, answer = tokens(idp, nonce=longest)
    assert jwt.decode(answer["id_token"], key_set(idp), algorithms=["RS256"]).claims["nonce"] == longest
    grant, url = start(idp)
    posted = choose(requests.Session(), url, changes={"nonce": "n" * 300})  # the page's hidden field altered
    assert posted.status_code == 303
    grant.location = posted.headers["Location"]
    assert grant.answer["error"] == "invalid_request" and "code" not in grant.answer


@pytest.mark.parametrize("decision", [REFUSE, CANCEL])
def test_refusing_or_cancelling_returns_access_denied(idp, decision):
    grant, url = start(idp)
    answer = choose(requests.Session(), url, decision=decision)
    assert answer.status_code == 303
    grant.location = answer.headers["Location"]
    assert grant.answer["error"] == "access_denied" and grant.answer["state"] == grant.state


def test_end_session_says_signed_out_or_goes_back_with_the_state(idp):
    _grant, answer = tokens(idp)
    url = f"{idp}{PROVIDER}/end-session"
    page = requests.get(url, params={"id_token_hint": answer["id_token"]}, timeout=10)
    assert page.status_code == 200 and "Bạn đã đăng xuất" in page.text
    back = requests.get(
        url, params={"post_logout_redirect_uri": f"{idp}/", "state": "s1"}, allow_redirects=False, timeout=10
    )
    assert back.status_code == 303 and back.headers["Location"] == f"{idp}/?state=s1"
    foreign = requests.get(
        url, params={"post_logout_redirect_uri": "https://lua-dao.example/"}, allow_redirects=False, timeout=10
    )
    assert foreign.status_code == 400 and "Location" not in foreign.headers


def test_the_provider_is_absent_when_switched_off(tmp_path):
    app = make_app(tmp_path, "off", DEMO_IDENTITY_PROVIDER=False)
    with app.app_context(), db.connection_context():
        migrate.upgrade()
    client = app.test_client()
    for path in ("/.well-known/openid-configuration", "/jwks", "/authorize", "/end-session"):
        assert client.get(PROVIDER + path).status_code == 404
    assert client.post(PROVIDER + "/token").status_code == 404
