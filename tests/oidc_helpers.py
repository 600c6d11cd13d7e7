"""Speaking OpenID Connect to the demo identity provider (webapp/vneid_demo) over real HTTP, for its own
tests and for the sign-in client's: an app served from a thread, PKCE, the authorize page walked with
`requests` (its CSRF token included), the token endpoint called as a client does."""

import base64
import hashlib
import secrets
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit

import requests
from bs4 import BeautifulSoup
from werkzeug.serving import make_server

from tests.apps import bind

PROVIDER = "/gia-lap-dinh-danh"
CLIENT_ID = "motcua"
CLIENT_SECRET = "motcua-demo-oidc-secret"
CALLBACK = "/dang-nhap/xong"  # any path on the provider's own host is accepted (demo only)
# The authorize page's form: the citizen (radio), the fault to stage (select) and the buttons.
CITIZEN_FIELD, FAULT_FIELD, DECISION_FIELD = "cong_dan", "kich_ban", "quyet_dinh"
SIGN_IN, REFUSE, CANCEL = "dong-y", "tu-choi", "huy"


@contextmanager
def serving(app):
    """`app` served over real HTTP from a daemon thread (threaded: the client calls back into it)."""
    bind(app)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


def pkce_pair():
    """(code_verifier, S256 code_challenge)."""
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


@dataclass
class Grant:
    """One authorization request and what came back: the code (or error) and what redeeming it needs."""

    base: str
    redirect_uri: str
    state: str
    nonce: str
    verifier: str
    location: str = ""  # where the provider sent the browser back to

    @property
    def answer(self):
        return {k: v[0] for k, v in parse_qs(urlsplit(self.location).query).items()}

    @property
    def code(self):
        return self.answer.get("code", "")


def authorize_params(grant, challenge, **extra):
    return {
        "client_id": CLIENT_ID,
        "redirect_uri": grant.redirect_uri,
        "response_type": "code",
        "scope": "openid profile address phone",
        "state": grant.state,
        "nonce": grant.nonce,
        "code_challenge": challenge,
        "code_challenge_method": "S256",
        **extra,
    }


def start(base, **extra):
    """A new authorization request: (Grant, the authorize URL); `extra` overrides its parameters."""
    verifier, challenge = pkce_pair()
    grant = Grant(base, base + CALLBACK, secrets.token_urlsafe(12), secrets.token_urlsafe(12), verifier)
    return grant, f"{base}{PROVIDER}/authorize?{urlencode(authorize_params(grant, challenge, **extra))}"


def choose(http, authorize_url, citizen="lan", fault="", decision=SIGN_IN, changes=None):
    """Open the authorize page in `http` (a requests.Session: it keeps the CSRF cookie) and press a
    button; returns the provider's answer, not followed (a 303 to the redirect_uri, or an error page).
    `changes`: form values to alter before sending (the hidden request parameters too)."""
    page = http.get(authorize_url, timeout=10)
    assert page.status_code == 200, page.text[:500]
    form = BeautifulSoup(page.text, "html.parser").find(
        "form", attrs={"method": "post", "action": f"{PROVIDER}/authorize"}
    )
    data = {field["name"]: field.get("value", "") for field in form.find_all("input", attrs={"type": "hidden"})}
    data.update({CITIZEN_FIELD: citizen, FAULT_FIELD: fault, DECISION_FIELD: decision, **(changes or {})})
    return http.post(urljoin(authorize_url, form["action"]), data=data, allow_redirects=False, timeout=10)


def authorization_code(base, citizen="lan", fault="", http=None, **extra):
    """Walk authorize → code as a browser would; returns the Grant (its .code, .state, .verifier…)."""
    http = http or requests.Session()
    grant, url = start(base, **extra)
    answer = choose(http, url, citizen, fault)
    assert answer.status_code == 303, answer.text[:500]
    grant.location = answer.headers["Location"]
    return grant


def redeem(grant, secret=CLIENT_SECRET, verifier=None, basic=True, **extra):
    """Call the token endpoint for the grant's code as the client; returns the response."""
    data = {
        "grant_type": "authorization_code",
        "code": grant.code,
        "redirect_uri": grant.redirect_uri,
        "code_verifier": grant.verifier if verifier is None else verifier,
        **extra,
    }
    auth = (CLIENT_ID, secret) if basic else None
    if not basic:
        data.update(client_id=CLIENT_ID, client_secret=secret)
    return requests.post(f"{grant.base}{PROVIDER}/token", data=data, auth=auth, timeout=10)
