"""What every response carries: caching (ETags and 304s for pages, a year for fingerprinted assets),
the content security policy and the other security headers."""

import hashlib
import re

from flask import current_app, request

from webapp.assets import inline_stylesheet

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


# A CSRF token is re-signed with the current second at every render, yet stays valid for the session
# (WTF_CSRF_TIME_LIMIT = None): leave it out of the ETag, or no page would ever answer 304.
CSRF_VALUE = re.compile(rb'(name="csrf_token" value=")[^"]*')


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
    if request.method == "GET" and response.status_code == 200 and not _unstored(response):
        response.set_etag(page_etag(response.get_data()))
        response.make_conditional(request)
    if request.endpoint != "static":
        response.vary.add("HX-Request")
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    response.headers.setdefault("Content-Security-Policy", content_policy())
    return response


def _unstored(response):
    """Streamed files, and private pages no cache may keep (a validator would be of no use)."""
    return response.direct_passthrough or response.cache_control.no_store
