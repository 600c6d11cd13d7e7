"""What every response carries: caching (ETags and 304s for public pages, a year for fingerprinted
assets, nothing kept of pages with personal data), the content security policy, HSTS in production and
the other security headers."""

import hashlib
import re

from flask import current_app, request, session

from webapp.assets import inline_stylesheet
from webapp.identity.citizen import SESSION_KEY as CITIZEN

YEAR = 365 * 24 * 3600
# Everything is served same-origin (htmx included), so the policy can be strict; the one inline
# style allowed is the site's stylesheet, by its hash (see inline_stylesheet).
POLICY = (
    "default-src 'self'; img-src 'self' data:; object-src 'none'; style-src 'self' '{style_hash}'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def content_policy():
    return POLICY.format(style_hash=inline_stylesheet(current_app.static_folder)[1])


# A fingerprinted asset is never revalidated (immutable) nor framed or navigated to: its validators and
# the page-only policies are bytes a first visit on 2G pays for nothing (about 300 per file).
ASSET_HEADERS_LEFT_OUT = (
    "Expires",
    "ETag",
    "Last-Modified",
    "Accept-Ranges",
    "Content-Disposition",
    "Content-Security-Policy",
    "Referrer-Policy",
    "X-Frame-Options",
)


# Where responses show personal data: the officers' whole area (queues, dossiers with the full CCCD and
# phone, forms 01-06, the log book, the dashboard, exports, the calendar admin), a citizen's draft and
# its files, "Hồ sơ của tôi" and "Giấy tờ của tôi", a dossier's status after the second factor, payments
# and receipts, supplements, ratings, verification, the demo SMS outbox and bank. No browser or proxy keeps a copy and
# no validator is sent, whatever the status (redirects and error pages included). An entry ending in
# "/" covers only the addresses below it ("/tra-cuu" itself, the empty lookup form, stays public).
PERSONAL_AREAS = (
    "/can-bo",
    "/quan-tri",
    "/nop/",
    "/ho-so-cua-toi",
    "/giay-to-cua-toi",
    "/bo-sung/",
    "/tra-cuu/",
    "/thanh-toan/",
    "/danh-gia/",
    "/xac-thuc/",
    "/dev/sms",
    "/gia-lap-thanh-toan/",
)
VALIDATORS = ("ETag", "Last-Modified")


def personal(path):
    """Whether a response at `path` may show personal data (see PERSONAL_AREAS)."""
    return any(
        path.startswith(area) if area.endswith("/") else path == area or path.startswith(area + "/")
        for area in PERSONAL_AREAS
    )


# A CSRF token is re-signed with the current second at every render, yet stays valid for the session
# (WTF_CSRF_TIME_LIMIT = None): leave it out of the ETag, or no page would ever answer 304.
# WTForms' hidden_tag() writes type="hidden" between the name and the value: any attributes between.
CSRF_VALUE = re.compile(rb'(name="csrf_token"[^>]*?value=")[^"]*')


def page_etag(body):
    return hashlib.sha1(CSRF_VALUE.sub(rb"\1", body)).hexdigest()


def cache_headers(response):
    if request.endpoint == "static" and response.status_code == 200:
        # Buffer the (small) file so it is compressed with gzip or brotli like any page.
        response.direct_passthrough = False
        response.make_sequence()
    if request.endpoint == "static" and request.args.get("v"):
        response.cache_control.public = True
        response.cache_control.max_age = YEAR
        response.cache_control.immutable = True
        for name in ASSET_HEADERS_LEFT_OUT:
            response.headers.pop(name, None)
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response
    if personal(request.path) or response.cache_control.no_store:
        _keep_no_copy(response)
    else:
        if _signed_in():  # the header names the officer or the citizen: the browser's own copy only
            response.cache_control.private = True
        if request.method == "GET" and response.status_code == 200 and not response.direct_passthrough:
            response.set_etag(page_etag(response.get_data()))
            response.make_conditional(request)
    if request.endpoint != "static":
        response.vary.add("HX-Request")
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    response.headers.setdefault("Content-Security-Policy", content_policy())
    _strict_transport(response)
    return response


def _keep_no_copy(response):
    response.cache_control.no_store = True
    for name in VALIDATORS:
        response.headers.pop(name, None)


def _signed_in():
    # The cookie first: reading an absent session would add "Vary: Cookie" to every public page.
    cookie = current_app.config["SESSION_COOKIE_NAME"] in request.cookies
    return cookie and ("staff_id" in session or CITIZEN in session)


def _strict_transport(response):
    """HSTS on https only (browsers ignore it over http anyway), and only where configured (production):
    a developer's http://localhost must never be pinned to https. Behind a proxy, https is known from
    X-Forwarded-Proto once TRUSTED_PROXIES says the proxy is there (webapp/extensions.trust_proxies)."""
    seconds = current_app.config.get("HSTS_SECONDS", 0)
    if seconds and request.is_secure:
        subdomains = "; includeSubDomains" if current_app.config.get("HSTS_INCLUDE_SUBDOMAINS") else ""
        response.headers["Strict-Transport-Security"] = f"max-age={seconds}{subdomains}"
