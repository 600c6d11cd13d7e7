"""The demo provider's protocol: checking an authorization request, one-time codes, client
authentication, tokens and claims. Views (views.py) only translate HTTP to these and back."""

import base64
import datetime
import hashlib
import secrets
import time
from urllib.parse import parse_qsl, unquote_plus, urlencode, urlsplit, urlunsplit

from authlib.oidc.core.util import create_half_hash
from flask import current_app, request
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import OctKey

from webapp.constant_time import same_secret
from webapp.identity.citizen import demo_citizens
from webapp.models import DemoSignInCode
from webapp.models.dossier import utcnow
from webapp.vneid_demo import bp
from webapp.vneid_demo.keys import ALGORITHM, signing_key

CODE_SECONDS = 60
TOKEN_SECONDS = 5 * 60
ACR = "vneid-level-2"  # the only level this provider signs in at (VNeID level 2)
LOWER_ACR = "vneid-level-1"  # what a staged FAULT_ACR token claims instead
SCOPES = ("openid", "profile", "address", "phone")
CLAIMS = (
    "sub",
    "name",
    "id_number",
    "birthdate",
    "gender",
    "address",
    "phone_number",
    "phone_number_verified",
)
# What the tester may ask the token endpoint to get wrong (the authorize page's "Kịch bản kiểm thử").
FAULT_SIGNATURE, FAULT_NONCE, FAULT_EXPIRED = "chu-ky", "nonce", "het-han"
FAULT_ACR, FAULT_HMAC = "muc-1", "hs256"  # a level-1 acr; HS256 keyed with the client secret
FAULTS = ("", FAULT_SIGNATURE, FAULT_NONCE, FAULT_EXPIRED, FAULT_ACR, FAULT_HMAC)
EXPIRED_AGO = datetime.timedelta(hours=2)  # beyond any clock-skew leeway a client allows
ACCESS_TOKEN_TYPE = "at+jwt"  # RFC 9068: an ID token is never taken for an access token, nor back
MAX_PARAMETER = 1024
MAX_NONCE = DemoSignInCode.nonce.max_length  # the code keeps it: longer would not fit its column
PKCE_CHARACTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


class ProtocolError(Exception):
    """An OAuth error to answer with: `error` code (RFC 6749), a short ASCII description."""

    def __init__(self, error, description=""):
        super().__init__(error)
        self.error, self.description = error, description


def issuer():
    """This provider's identifier, as the request reached it: discovery, `iss` and tokens agree."""
    return request.url_root.rstrip("/") + bp.url_prefix


# --- the authorization request ----------------------------------------------------------------------


def trusted_redirect(params):
    """The redirect_uri, if the client and it may be trusted with an answer; else None (error page).

    A real provider compares the redirect_uri with the ones registered for the client. The demo one
    serves only the app it lives in, at whatever address and port it runs (`make run`, each test's
    server): it takes any path on its own scheme and host. That can send a code nowhere but back to
    this same site, so it is no open redirect; it would be wrong for a provider serving other sites.
    """
    if not same_secret(params.get("client_id", ""), current_app.config["OIDC_CLIENT_ID"]):
        return None
    uri = params.get("redirect_uri", "")
    return uri if same_site(uri) else None


def same_site(uri):
    """Whether `uri` is an absolute address on this very scheme and host (and port), with no fragment."""
    if not uri or len(uri) > 2000:
        return False
    parts, here = urlsplit(uri), urlsplit(request.host_url)
    return (parts.scheme, parts.netloc) == (here.scheme, here.netloc) and not parts.fragment


def check_authorization_request(params):
    """Raise ProtocolError for what the client (at a trusted redirect_uri) must be told is wrong."""
    if params.get("response_type") != "code":
        raise ProtocolError("unsupported_response_type", "only response_type=code")
    if "openid" not in params.get("scope", "").split():
        raise ProtocolError("invalid_scope", "scope must include openid")
    for name, longest in (("state", MAX_PARAMETER), ("nonce", MAX_NONCE)):
        if not params.get(name) or len(params[name]) > longest:
            raise ProtocolError("invalid_request", f"{name} is required, at most {longest} characters")
    challenge = params.get("code_challenge", "")
    if not 43 <= len(challenge) <= 128 or not set(challenge) <= PKCE_CHARACTERS:
        raise ProtocolError("invalid_request", "code_challenge is required (PKCE)")
    if params.get("code_challenge_method") != "S256":
        raise ProtocolError("invalid_request", "code_challenge_method must be S256")
    if "none" in params.get("prompt", "").split():
        raise ProtocolError("login_required", "the citizen must choose on the page")
    if len(params.get("acr_values", "")) > MAX_PARAMETER:
        raise ProtocolError("invalid_request", "acr_values is too long")


def with_query(uri, values):
    """`uri` with `values` added to its query string (what it had is kept)."""
    parts = urlsplit(uri)
    query = parse_qsl(parts.query, keep_blank_values=True) + [(k, v) for k, v in values.items() if v]
    return urlunsplit(parts._replace(query=urlencode(query)))


def answer(redirect_uri, state, **values):
    """Where the browser goes back to the client: a code or an error, with the state and (RFC 9207) iss."""
    return with_query(redirect_uri, {**values, "state": state, "iss": issuer()})


def issue_code(params, citizen_key, fault):
    """A new one-time code for the chosen citizen; only its hash is stored."""
    code = secrets.token_urlsafe(32)
    now = utcnow()
    DemoSignInCode.delete().where(DemoSignInCode.expires_at < now - datetime.timedelta(hours=1)).execute()
    DemoSignInCode.create(
        code_hash=digest(code),
        client_id=params["client_id"],
        redirect_uri=params["redirect_uri"],
        citizen=citizen_key,
        nonce=params["nonce"],
        code_challenge=params["code_challenge"],
        code_challenge_method=params["code_challenge_method"],
        fault=fault if fault in FAULTS else "",
        expires_at=now + datetime.timedelta(seconds=CODE_SECONDS),
    )
    return code


def digest(code):
    return hashlib.sha256(code.encode("utf-8", "surrogatepass")).hexdigest()


# --- the token request ------------------------------------------------------------------------------


def authenticated_client():
    """The client_id of a client that proved its secret (client_secret_basic or _post); else raises."""
    form, basic = request.form, request.authorization
    if basic is not None and basic.type == "basic":
        if "client_secret" in form:
            raise ProtocolError("invalid_request", "one client authentication method only")
        client_id, secret = unquote_plus(basic.username or ""), unquote_plus(basic.password or "")
    else:
        client_id, secret = form.get("client_id", ""), form.get("client_secret", "")
    config = current_app.config
    if not (same_secret(client_id, config["OIDC_CLIENT_ID"]) and same_secret(secret, config["OIDC_CLIENT_SECRET"])):
        raise ProtocolError("invalid_client", "client authentication failed")
    return client_id


def redeem_code(code, client_id, redirect_uri, verifier):
    """The stored authorization request of a code, used now and never again; else raises invalid_grant.

    The code is claimed by one UPDATE … WHERE used_at IS NULL: of two requests racing with the same code
    exactly one changes the row. A claimed code is spent even if a check below then fails.
    """
    row = DemoSignInCode.get_or_none(DemoSignInCode.code_hash == digest(code or ""))
    if row is None:
        raise ProtocolError("invalid_grant", "unknown code")
    claimed = (
        DemoSignInCode.update(used_at=utcnow())
        .where(DemoSignInCode.id == row.id, DemoSignInCode.used_at.is_null())
        .execute()
    )
    if claimed != 1:
        raise ProtocolError("invalid_grant", "code already used")
    if row.expires_at < utcnow():
        raise ProtocolError("invalid_grant", "code expired")
    if row.client_id != client_id or row.redirect_uri != redirect_uri:
        raise ProtocolError("invalid_grant", "client_id or redirect_uri differ from the authorization request")
    if not same_secret(pkce_challenge(verifier or ""), row.code_challenge):
        raise ProtocolError("invalid_grant", "code_verifier does not match code_challenge")
    return row


def pkce_challenge(verifier):
    """RFC 7636 S256: base64url(sha256(verifier)) without padding."""
    hashed = hashlib.sha256(verifier.encode("ascii", "replace")).digest()
    return base64.urlsafe_b64encode(hashed).rstrip(b"=").decode("ascii")


def token_response(row):
    """The token endpoint's answer for a redeemed code: access token and ID token (faulty if asked)."""
    citizen = citizen_by_key(row.citizen)
    access_token = sign(
        {"typ": ACCESS_TOKEN_TYPE},
        {
            "iss": issuer(),
            "sub": citizen["sub"],
            "aud": row.client_id,
            "client_id": row.client_id,
            "scope": " ".join(SCOPES),
            "iat": int(time.time()),
            "exp": int(time.time()) + TOKEN_SECONDS,
            "jti": secrets.token_urlsafe(16),
        },
    )
    return {
        "access_token": access_token,
        "token_type": "Bearer",
        "expires_in": TOKEN_SECONDS,
        "scope": " ".join(SCOPES),
        "id_token": id_token(row, citizen, access_token),
    }


def id_token(row, citizen, access_token):
    """Protocol claims only: the person's own (name, number, address…) come from userinfo, so the token
    a client sends back as end-session's id_token_hint (a URL: browser history, server logs) names no one.

    acr is always ACR, asked for or not: this provider signs in at level 2 only, and says what it did
    rather than echo a level it was asked for (acr_values is a wish, OIDC Core 3.1.2.1); a client that
    requires another level refuses the token, as it must."""
    authenticated = row.expires_at.replace(tzinfo=datetime.UTC) - datetime.timedelta(seconds=CODE_SECONDS)
    issued = int(time.time())
    if row.fault == FAULT_EXPIRED:
        issued -= int(EXPIRED_AGO.total_seconds())
        authenticated -= EXPIRED_AGO
    claims = {
        "iss": issuer(),
        "aud": row.client_id,
        "iat": issued,
        "exp": issued + TOKEN_SECONDS,
        "auth_time": int(authenticated.timestamp()),
        "nonce": "khac-" + secrets.token_urlsafe(8) if row.fault == FAULT_NONCE else row.nonce,
        "acr": LOWER_ACR if row.fault == FAULT_ACR else ACR,
        "at_hash": create_half_hash(access_token, ALGORITHM).decode("ascii"),
        "sub": citizen["sub"],
    }
    if row.fault == FAULT_HMAC:
        return jwt.encode(
            {"alg": "HS256", "typ": "JWT"}, claims, OctKey.import_key(current_app.config["OIDC_CLIENT_SECRET"])
        )
    token = sign({"typ": "JWT"}, claims)
    return tampered(token) if row.fault == FAULT_SIGNATURE else token


def sign(header, claims):
    key = signing_key()
    return jwt.encode({"alg": ALGORITHM, "kid": key.kid, **header}, claims, key)


def tampered(token):
    """The same token with its signature's bytes flipped: well formed, but no key verifies it."""
    head, body, signature = token.split(".")
    raw = base64.urlsafe_b64decode(signature + "=" * (-len(signature) % 4))
    flipped = bytes(b ^ 0xFF for b in raw[:8]) + raw[8:]
    return ".".join((head, body, base64.urlsafe_b64encode(flipped).rstrip(b"=").decode("ascii")))


# --- claims -----------------------------------------------------------------------------------------


def citizen_by_key(key):
    return next(c for c in demo_citizens() if c["key"] == key)


def citizen_claims(citizen):
    """What the national identity says of a citizen, as OIDC standard claims plus id_number.
    Every claim goes out whatever the scope: the codes table keeps no scope (a demo, one client)."""
    return {
        "sub": citizen["sub"],
        "name": citizen["name"],
        "id_number": citizen["id_number"],
        "birthdate": citizen["birthdate"],
        "gender": citizen["gender"],
        "address": {"formatted": citizen["address"]},
        "phone_number": citizen["phone_number"],
        "phone_number_verified": citizen.get("phone_number_verified") is True,
    }


def userinfo(access_token):
    """The claims of the citizen an access token of ours was issued for; raises invalid_token."""
    try:
        token = jwt.decode(access_token or "", signing_key(), algorithms=[ALGORITHM])
        jwt.JWTClaimsRegistry(
            iss={"essential": True, "value": issuer()}, exp={"essential": True}, sub={"essential": True}
        ).validate(token.claims)
    except (JoseError, ValueError, TypeError):
        raise ProtocolError("invalid_token", "the access token is invalid or expired") from None
    if token.header.get("typ") != ACCESS_TOKEN_TYPE:
        raise ProtocolError("invalid_token", "not an access token")
    citizen = next((c for c in demo_citizens() if c["sub"] == token.claims["sub"]), None)
    if citizen is None:
        raise ProtocolError("invalid_token", "unknown subject")
    return citizen_claims(citizen)


def id_token_hint_is_ours(token):
    """Whether an ID token (expired or not) was signed by this provider: end-session's hint."""
    try:
        decoded = jwt.decode(token, signing_key(), algorithms=[ALGORITHM])
    except (JoseError, ValueError, TypeError):
        return False
    return decoded.claims.get("iss") == issuer()
