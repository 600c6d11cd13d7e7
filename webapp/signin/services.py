"""The OpenID Connect client, with authlib: the authorization request (PKCE S256, state, nonce), the
callback (the code exchanged, the ID token's signature checked against the provider's JWKS and its
claims against what we asked for, the userinfo fetched and tied to the same subject) and the end of
the session at the provider. Every way it can fail is a Refusal with a short reason code, which the
audit log (SignInEvent.outcome) keeps."""

import contextlib
import secrets
import threading
import time

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.flask_client import FlaskIntegration, FlaskOAuth2App
from flask import current_app, request, session
from joserfc.errors import BadSignatureError, ClaimError, ExpiredTokenError, InvalidKeyIdError, JoseError
from joserfc.jws import extract_compact

from webapp.identity.citizen import claims_from, current_citizen, start_citizen_session, subject_key
from webapp.models import SignInEvent

NAME = "vneid"
SCOPE = "openid profile address phone"
DEMO_DISCOVERY = "gia-lap-dinh-danh/.well-known/openid-configuration"
METADATA_SECONDS = 300  # the discovery document and keys are read again after this long
PROVIDERS_KEPT = 8  # clients cached at once (in demo, one per host the site was reached at)
# The ID token's signature algorithms we accept, whatever the provider's metadata lists: never `none`,
# never an HMAC (HS256 keyed with the client secret would be a token anyone holding the secret can make).
ID_TOKEN_ALGORITHMS = ("RS256", "PS256", "ES256")
REQUIRED_METADATA = ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri", "userinfo_endpoint")
# The claim an ID token failed on → the reason kept in the audit log.
CLAIM_REASONS = {"nonce": "nonce", "iss": "issuer", "aud": "audience", "azp": "audience", "exp": "expired"}
PENDING_KEPT = 3  # unfinished sign-ins kept in the session (tabs opened side by side)
UNREACHABLE = "unreachable"
_providers_lock = threading.Lock()
CANCELLED = "access_denied"


class Refusal(Exception):
    """The sign-in was refused; `reason` says why (see the module's docstring), `next` where to go after."""

    def __init__(self, reason, next_url=None):
        super().__init__(reason)
        self.reason = reason
        self.next = next_url


def discovery_url():
    """The provider's discovery document: configured, or this very site's demo provider, or none ("").

    The demo provider's address is built from the request's Host header, which the browser chooses:
    DEMO_IDENTITY_PROVIDER must never be on in production."""
    configured = current_app.config.get("OIDC_DISCOVERY_URL", "")
    if configured:
        return configured
    if current_app.config.get("DEMO_IDENTITY_PROVIDER"):
        return request.host_url + DEMO_DISCOVERY
    return ""


def offered():
    """Whether sign-in with the electronic identity is offered on this site."""
    return bool(discovery_url())


def header_citizen():
    """The signed-in citizen for the page's header. The cookie first: an absent session is not read."""
    if current_app.config["SESSION_COOKIE_NAME"] not in request.cookies:
        return None
    return current_citizen()


def provider():
    """The authlib client of the provider at discovery_url(), its metadata and keys cached briefly.

    Resolved per request: in demo the provider is this site, whose address depends on the host (any
    Host header a browser sends), so at most PROVIDERS_KEPT clients are kept, the oldest dropped first."""
    config = current_app.config
    key = (discovery_url(), config["OIDC_CLIENT_ID"], config["OIDC_CLIENT_SECRET"])
    clients = current_app.extensions.setdefault("signin.providers", {})
    with _providers_lock:
        made_at, client = clients.get(key, (0.0, None))
        if client is None or time.monotonic() - made_at > METADATA_SECONDS:
            client = new_client(key[0])
            clients.pop(key, None)
            clients[key] = (time.monotonic(), client)
            while len(clients) > PROVIDERS_KEPT:
                clients.pop(next(iter(clients)))
    return client


def new_client(discovery):
    config = current_app.config
    return FlaskOAuth2App(
        FlaskIntegration(NAME),
        name=NAME,
        client_id=config["OIDC_CLIENT_ID"],
        client_secret=config["OIDC_CLIENT_SECRET"] or None,
        server_metadata_url=discovery,
        client_kwargs={
            "scope": SCOPE,
            "code_challenge_method": "S256",
            "default_timeout": config["OIDC_TIMEOUT_SECONDS"],
        },
    )


@contextlib.contextmanager
def refusing(reason, next_url=None):
    """Any failure inside is a Refusal for `reason`; a network failure is UNREACHABLE (502)."""
    try:
        yield
    except (requests.ConnectionError, requests.Timeout) as error:
        raise Refusal(UNREACHABLE, next_url) from error
    except (AuthlibBaseError, JoseError, requests.RequestException, ValueError, TypeError, KeyError) as error:
        raise Refusal(reason, next_url) from error


def metadata(client):
    with refusing(UNREACHABLE):
        loaded = client.load_server_metadata()
    if not all(isinstance(loaded.get(name), str) and loaded[name] for name in REQUIRED_METADATA):
        raise Refusal("metadata")
    return loaded


def authorization_url(callback_url, next_url):
    """Where to send the browser to sign in; state, nonce and the PKCE verifier kept in the session."""
    client = provider()
    metadata(client)
    with refusing("metadata"):
        started = client.create_authorization_url(callback_url, **acr_request())
    forget_old_attempts(client.framework)
    client.framework.set_state_data(
        session,
        started["state"],
        {
            "redirect_uri": callback_url,
            "code_verifier": started["code_verifier"],
            "nonce": started["nonce"],
            "next": next_url,
        },
    )
    return started["url"]


def required_acr():
    """The levels of assurance an ID token's `acr` must be one of (OIDC_ACR_VALUES); empty: unchecked."""
    return current_app.config.get("OIDC_ACR_VALUES", "").split()


def acr_request():
    required = required_acr()
    return {"acr_values": " ".join(required)} if required else {}


def forget_old_attempts(framework, kept=PENDING_KEPT - 1):
    """Only the newest few unfinished sign-ins stay in the session: each abandoned one would otherwise
    grow the cookie for an hour, and a browser drops a cookie past 4 KB (the whole session with it)."""
    prefix = f"_state_{framework.name}_"
    pending = sorted((k for k in session if k.startswith(prefix)), key=lambda k: session[k].get("exp", 0))
    for key in pending[: max(len(pending) - kept, 0)]:
        session.pop(key)


def take_state(state):
    """The data the authorization request left under `state`, removed: a callback is honoured once."""
    framework = provider().framework
    held = framework.get_state_data(session, state) if state else None
    if state:
        framework.clear_state_data(session, state)
    return held


def finish(args, default_next):
    """The callback's query → (issuer, subject, ID token claims, userinfo, raw ID token, next), or Refusal."""
    held = take_state(args.get("state"))
    next_url = (held or {}).get("next") or default_next
    if args.get("error"):
        raise Refusal(CANCELLED if args["error"] == CANCELLED else "provider_error", next_url)
    if not held or not args.get("code"):
        raise Refusal("state", next_url)
    client = provider()
    issuer = metadata(client)["issuer"]
    if args.get("iss", issuer) != issuer:  # RFC 9207: an answer meant for another provider (mix-up)
        raise Refusal("issuer", next_url)
    with refusing("token", next_url):
        token = client.fetch_access_token(
            code=args["code"], redirect_uri=held["redirect_uri"], code_verifier=held["code_verifier"]
        )
    if not token.get("id_token") or not token.get("access_token"):
        raise Refusal("id_token", next_url)
    id_claims = checked_id_token(client, token, issuer, held["nonce"], next_url)
    with refusing("userinfo", next_url):
        userinfo = dict(client.userinfo(token=token))
    if userinfo.get("sub") != id_claims["sub"]:
        raise Refusal("userinfo", next_url)
    return issuer, id_claims["sub"], id_claims, userinfo, token["id_token"], next_url


def checked_id_token(client, token, issuer, nonce, next_url):
    """The ID token's claims once its algorithm (ID_TOKEN_ALGORITHMS), its signature (JWKS, fetched
    again once for an unknown key), its iss, aud, exp, iat and nonce (OIDC_LEEWAY_SECONDS of clock skew)
    and its acr (OIDC_ACR_VALUES, when set) are right."""
    if not pinned_algorithm(token["id_token"]):
        raise Refusal("algorithm", next_url)
    claims = verified_claims(client, token, issuer, nonce, next_url)
    if required_acr() and claims.get("acr") not in required_acr():
        raise Refusal("acr", next_url)
    return claims


def pinned_algorithm(raw_token):
    """Whether the token's header names one of ID_TOKEN_ALGORITHMS (read before any key is tried)."""
    try:
        return extract_compact(raw_token.encode("ascii")).protected.get("alg") in ID_TOKEN_ALGORITHMS
    except (JoseError, ValueError, TypeError, AttributeError):
        return False


def verified_claims(client, token, issuer, nonce, next_url):
    options = {
        "iss": {"essential": True, "value": issuer},
        "aud": {"essential": True, "values": [client.client_id]},
    }
    leeway = current_app.config["OIDC_LEEWAY_SECONDS"]
    try:
        return dict(client.parse_id_token(token, nonce=nonce, claims_options=options, leeway=leeway))
    except (requests.ConnectionError, requests.Timeout) as error:
        raise Refusal(UNREACHABLE, next_url) from error
    except ExpiredTokenError as error:
        raise Refusal("expired", next_url) from error
    except ClaimError as error:
        raise Refusal(CLAIM_REASONS.get(error.claim, "claims"), next_url) from error
    except (BadSignatureError, InvalidKeyIdError) as error:
        raise Refusal("signature", next_url) from error
    except (JoseError, requests.RequestException, ValueError, TypeError, KeyError) as error:
        raise Refusal("id_token", next_url) from error


def sign_in(issuer, sub, id_claims, userinfo, id_token):
    """The citizen's session from what the provider vouched for (userinfo over the ID token's claims)."""
    start_citizen_session(issuer, sub, claims_from({**id_claims, **userinfo}), id_token)
    audit("dang-nhap", "ok", issuer, subject_key(sub))


def end_session_url(id_token, home_url):
    """The provider's end-session address (RP-initiated logout), or None when it has none or is down."""
    if not offered():
        return None
    client = provider()
    try:
        if not metadata(client).get("end_session_endpoint"):
            return None
        return client.create_logout_url(
            post_logout_redirect_uri=home_url,
            id_token_hint=id_token or None,
            state=secrets.token_urlsafe(16),
            client_id=client.client_id,
        )["url"]
    except (Refusal, AuthlibBaseError, RuntimeError):
        return None


def audit(action, outcome, issuer="", key=""):
    """One line of the sign-in log: who (the subject key, never the raw subject), from where, what came of it."""
    SignInEvent.create(
        action=action, outcome=outcome[:32], issuer=issuer[:255], subject_key=key, ip=request.remote_addr or ""
    )


def provider_issuer():
    """The provider's issuer for the audit of a refusal, if its metadata is at hand (never fetched here)."""
    if not offered():
        return ""
    client = provider()
    issuer = client.server_metadata.get("issuer")
    return issuer if isinstance(issuer, str) else ""
