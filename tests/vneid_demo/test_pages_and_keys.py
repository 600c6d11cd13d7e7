"""The demo provider's pages (what every page must pass, the one-tap default) and its signing key file
(made once, shared by every worker, kept across restarts)."""

import json
import os
import threading
from urllib.parse import urlencode

import pytest
import requests
from joserfc.jwk import RSAKey

from tests.apps import make_app
from tests.oidc_helpers import PROVIDER, authorization_code, authorize_params, pkce_pair, redeem, start
from tests.pages import check_page
from webapp.identity.citizen import demo_citizens
from webapp.vneid_demo import keys


def test_the_authorize_page_lists_the_demo_citizens_with_the_first_chosen(idp, idp_app):
    grant, _url = start("http://localhost")
    client = idp_app.test_client()
    response = client.get(f"{PROVIDER}/authorize?" + urlencode(authorize_params(grant, pkce_pair()[1])))
    soup = check_page(response.get_data(as_text=True))
    assert "giả lập" in soup.find(id="gia-lap").get_text()
    radios = soup.find_all("input", attrs={"name": "cong_dan"})
    assert [r["value"] for r in radios] == [c["key"] for c in demo_citizens()]
    assert radios[0].has_attr("checked") and not any(r.has_attr("checked") for r in radios[1:])
    text = soup.get_text()
    assert "•••••••••234" in text and "042195001234" not in text and "12/04/1995" in text
    faults = [o["value"] for o in soup.find("select", attrs={"name": "kich_ban"}).find_all("option")]
    assert faults == ["", "chu-ky", "nonce", "het-han", "muc-1", "hs256"]
    buttons = [(b["name"], b["value"]) for b in soup.find_all("button", attrs={"name": "quyet_dinh"})]
    assert buttons == [("quyet_dinh", "dong-y"), ("quyet_dinh", "tu-choi"), ("quyet_dinh", "huy")]
    assert "no-store" in response.headers["Cache-Control"]


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_the_id_token_passes_authlibs_oidc_checks(idp):
    # authlib.jose is deprecated for joserfc, but its OIDC claim checks are what the sign-in client's library runs.
    from authlib.jose import JsonWebKey
    from authlib.jose import jwt as authlib_jwt
    from authlib.oidc.core import CodeIDToken

    grant = authorization_code(idp)
    answer = redeem(grant).json()
    jwks = JsonWebKey.import_key_set(requests.get(f"{idp}{PROVIDER}/jwks", timeout=10).json())
    claims = authlib_jwt.decode(
        answer["id_token"],
        jwks,
        claims_cls=CodeIDToken,
        claims_options={"iss": {"essential": True, "value": f"{idp}{PROVIDER}"}},
        claims_params={"nonce": grant.nonce, "client_id": "motcua", "access_token": answer["access_token"]},
    )
    claims.validate(leeway=60)  # at_hash, nonce, aud, exp, iat, auth_time


def test_the_key_is_made_once_by_whichever_worker_comes_first(tmp_path):
    path = tmp_path / "sub" / "key.json"
    barrier, kids = threading.Barrier(6), []

    def first_start():
        barrier.wait()
        kids.append(keys.load_or_create(path).kid)

    workers = [threading.Thread(target=first_start) for _ in range(6)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    assert len(kids) == 6 and len(set(kids)) == 1
    assert os.listdir(path.parent) == ["key.json"]  # no temporary file left behind
    assert os.stat(path).st_mode & 0o077 == 0  # a private key: readable by its owner only
    assert RSAKey.import_key(json.loads(path.read_text())).kid == kids[0]


def test_a_restarted_app_signs_with_the_same_key(tmp_path):
    def kid():
        app = make_app(tmp_path, "restart")
        with app.test_request_context():
            return keys.signing_key().kid

    first = kid()
    keys._loaded.clear()  # a new process
    assert kid() == first
