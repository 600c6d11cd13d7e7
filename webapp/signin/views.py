"""/dang-nhap (what is shared, one button), /dang-nhap/ve (the provider's answer), /dang-xuat."""

from urllib.parse import unquote, urlsplit

from flask import abort, redirect, render_template, request, url_for

from webapp.identity.citizen import current_citizen, end_citizen_session
from webapp.identity.session import safe_next
from webapp.signin import bp
from webapp.signin.services import (
    CANCELLED,
    UNREACHABLE,
    Refusal,
    audit,
    authorization_url,
    end_session_url,
    finish,
    offered,
    provider_issuer,
    sign_in,
)

DEFAULT_NEXT = "/ho-so-cua-toi"
OWN_PATHS = ("/dang-nhap", "/dang-xuat")


def next_after(target):
    """Where to go once signed in: a path on this site, never the sign-in's own pages (an old callback
    would tell someone just signed in that they cancelled; sign-out takes only a POST), else DEFAULT_NEXT."""
    target = safe_next(target, DEFAULT_NEXT)
    path = unquote(urlsplit(target).path).rstrip("/")
    return DEFAULT_NEXT if any(path == own or path.startswith(own + "/") for own in OWN_PATHS) else target


@bp.before_request
def only_where_offered():
    if not offered() and not (request.endpoint == "signin.sign_out" and current_citizen()):
        abort(404)


@bp.after_request
def keep_no_copy(response):
    """These responses set or end a session (and the refusal pages name what happened): never cached."""
    response.cache_control.no_store = True
    return response


@bp.get("/dang-nhap")
def start():
    return render_template("signin/start.html", next=next_after(request.args.get("next")))


@bp.post("/dang-nhap")
def go_to_provider():
    next_url = next_after(request.form.get("next"))
    try:
        return redirect(authorization_url(url_for("signin.callback", _external=True), next_url), 303)
    except Refusal as refusal:
        refusal.next = next_url
        return refused(refusal)


@bp.get("/dang-nhap/ve")
def callback():
    try:
        issuer, sub, id_claims, userinfo, id_token, next_url = finish(request.args, DEFAULT_NEXT)
    except Refusal as refusal:
        return refused(refusal)
    sign_in(issuer, sub, id_claims, userinfo, id_token)
    return redirect(next_after(next_url), 303)


def refused(refusal):
    """The refusal's page (400; 502 when the provider could not be reached), logged with its reason."""
    audit("dang-nhap", refusal.reason, provider_issuer())
    status = 502 if refusal.reason == UNREACHABLE else 400
    page = render_template(
        "signin/refused.html",
        kind={CANCELLED: "cancelled", UNREACHABLE: "unreachable"}.get(refusal.reason, "unverified"),
        next=next_after(refusal.next),
    )
    return page, status


@bp.post("/dang-xuat")
def sign_out():
    citizen = current_citizen()
    id_token = end_citizen_session()
    if citizen is not None:
        audit("dang-xuat", "ok", citizen.issuer, citizen.key)
    home = url_for("catalogue.home", _external=True)
    return redirect(end_session_url(id_token, home) or home, 303)
