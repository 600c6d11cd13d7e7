"""A citizen signed in with the national electronic identity (OIDC): who, in this browser session.

The session holds the claims the provider vouched for, nothing is kept in a table of citizens: drafts
and dossiers that use the claims keep a copy (Draft/Dossier.identity) and whose they are
(`citizen_key`, an HMAC of the provider's subject, so the database never holds the raw subject).
"""

import datetime
import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml
from flask import current_app, g, session

from webapp.identity.services import end_one_session
from webapp.models import EndedCitizenSession, Staff
from webapp.models.dossier import utcnow

SESSION_KEY = "citizen"
CLAIMS = ("full_name", "id_number", "birthdate", "sex", "address", "phone")
LOCKED = ("full_name", "id_number", "birthdate")  # what the identity proves: not editable when signed in
SEXES = {"male": "Nam", "female": "Nữ"}


@dataclass(frozen=True)
class Citizen:
    key: str  # subject_key(sub): links drafts, dossiers and results to this person across devices
    issuer: str
    claims: dict = field(default_factory=dict)  # CLAIMS → value ("" when the provider sent none)
    signed_in_at: float = 0.0
    sid: str = ""

    @property
    def name(self):
        return self.claims.get("full_name", "")

    def identity_record(self):
        """What a draft or dossier keeps: the claims, who vouched for them and when."""
        at = datetime.datetime.fromtimestamp(self.signed_in_at, datetime.UTC).replace(tzinfo=None)
        return {**self.claims, "issuer": self.issuer, "verified_at": at.isoformat(timespec="seconds")}


def subject_key(sub):
    """The provider's subject, keyed with CITIZEN_KEY_SECRET (SECRET_KEY when unset): stable per person,
    not reversible. Rotating that secret cuts every citizen off from their dossiers, drafts and papers.

    The issuer is deliberately not part of the key: a deployment trusts one provider (the national
    portal), and the demo provider's issuer changes with the host it is reached at."""
    config = current_app.config
    secret = (config.get("CITIZEN_KEY_SECRET") or config["SECRET_KEY"]).encode()
    return hmac.new(secret, f"citizen:{sub}".encode(), hashlib.sha256).hexdigest()


def claims_from(userinfo):
    """The provider's standard and national claims → CLAIMS (sex in Vietnamese, ISO birth date).
    A claim that is null or not text is "" (never "None"); the phone only when the provider says
    explicitly that it verified it."""
    address = userinfo.get("address")
    if isinstance(address, dict):
        address = address.get("formatted")
    return {
        "full_name": " ".join(_text(userinfo.get("name")).split()),
        "id_number": _text(userinfo.get("id_number")).strip(),
        "birthdate": _text(userinfo.get("birthdate")).strip(),
        "sex": SEXES.get(_text(userinfo.get("gender")).lower(), ""),
        "address": " ".join(_text(address).split()),
        "phone": _text(userinfo.get("phone_number")).strip()
        if _verified(userinfo.get("phone_number_verified"))
        else "",
    }


def _text(value):
    return value if isinstance(value, str) else ""


def _verified(value):
    """True or "true" (some providers send booleans as text); absent, null or anything else is not."""
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def session_values(issuer, sub, claims, id_token=""):
    """The session of a citizen just signed in (tests set it directly to act as one)."""
    return {
        SESSION_KEY: {
            "key": subject_key(sub),
            "issuer": issuer,
            "claims": {name: claims.get(name, "") for name in CLAIMS},
            "at": time.time(),
            "sid": secrets.token_urlsafe(16),
            "id_token": id_token,
        }
    }


def start_citizen_session(issuer, sub, claims, id_token=""):
    """End whatever the browser held (a staff session too: here they are a citizen) and sign in.

    Ended, not only dropped: a copy of the cookie taken before must not open the officer's pages (or
    the previous citizen's) any more."""
    _end_staff_session()
    end_citizen_session()
    session.update(session_values(issuer, sub, claims, id_token))
    g.pop("citizen", None)
    g.pop("staff", None)


def end_citizen_session():
    """Sign out here; returns the ID token to hint the provider's end-session endpoint ("" if none).

    The whole session goes, not only the citizen: on a shared computer the phone and lookup proofs
    must not outlive the sign-out. The sid is recorded as ended, so a copy of the cookie taken before
    is refused too (ended sids older than CITIZEN_SESSION_MINUTES are pruned: such a cookie has
    expired anyway)."""
    held = session.get(SESSION_KEY) or {}
    session.clear()
    g.pop("citizen", None)
    if held.get("sid"):
        EndedCitizenSession.insert(sid=str(held["sid"])[:32], ended_at=utcnow()).on_conflict_ignore().execute()
        since = utcnow() - datetime.timedelta(minutes=_session_minutes())
        EndedCitizenSession.delete().where(EndedCitizenSession.ended_at < since).execute()
    return held.get("id_token", "")


def _end_staff_session():
    """The officer's session this browser holds, recorded as ended (the session itself is left as it is)."""
    staff = Staff.get_or_none(Staff.id == session["staff_id"]) if session.get("staff_id") else None
    if staff is not None and session.get("sid"):
        end_one_session(staff, session["sid"])


def current_citizen():
    """The signed-in citizen, or None (never signed in, longer ago than CITIZEN_SESSION_MINUTES, or
    signed out: from this browser or another holding a copy of the cookie)."""
    if "citizen" not in g:
        held = session.get(SESSION_KEY) or {}
        fresh = held.get("key") and held.get("sid") and time.time() - float(held.get("at", 0)) < _session_minutes() * 60
        g.citizen = (
            Citizen(held["key"], held.get("issuer", ""), dict(held.get("claims", {})), held["at"], held["sid"])
            if fresh and not _ended(held["sid"])
            else None
        )
    return g.citizen


def _session_minutes():
    return current_app.config.get("CITIZEN_SESSION_MINUTES", 60)


def _ended(sid):
    return EndedCitizenSession.select().where(EndedCitizenSession.sid == str(sid)[:32]).exists()


@cache
def demo_citizens():
    """The invented citizens of the demo identity provider, in the order of its page."""
    with open(Path(__file__).with_name("demo_citizens.yaml"), encoding="utf-8") as source:
        return tuple(yaml.safe_load(source))


def demo_citizen(key):
    return next((c for c in demo_citizens() if c["key"] == key), None)
