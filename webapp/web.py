"""What every response shares: CSRF, HTMX, compression, fingerprinted assets, ETags, security headers."""

import base64
import hashlib
import re
from functools import lru_cache
from pathlib import Path

from flask import abort, current_app, request, url_for
from flask_compress import Compress
from flask_wtf.csrf import CSRFProtect
from htmx_flask import Htmx
from markupsafe import Markup
from werkzeug.middleware.proxy_fix import ProxyFix

from webapp import migrate

csrf = CSRFProtect()
htmx = Htmx()
compress = Compress()

YEAR = 365 * 24 * 3600
STYLESHEET = "css/site.css"
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


def init_app(app):
    trust_proxies(app)
    csrf.init_app(app)
    htmx.init_app(app)
    compress.init_app(app)
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.globals["asset_url"] = asset_url
    app.jinja_env.globals["inline_css"] = lambda: Markup(inline_stylesheet(app.static_folder)[0])
    app.jinja_env.globals["htmx_js"] = lambda: vendor_file(app.static_folder, "htmx")
    app.before_request(refuse_unmigrated_database)
    # Registered after Compress so it runs first: the ETag is of the uncompressed page.
    app.after_request(cache_headers)


def trust_proxies(app):
    """Behind n proxies, take the client's address, scheme and host from their headers; never otherwise,
    or anyone could dodge the per-address login throttle by sending X-Forwarded-For."""
    hops = app.config["TRUSTED_PROXIES"]
    if hops > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


@lru_cache(maxsize=256)
def _fingerprint(static_folder, filename):
    return hashlib.sha256((Path(static_folder) / filename).read_bytes()).hexdigest()[:12]


@lru_cache(maxsize=4)
def inline_stylesheet(static_folder):
    """(the stylesheet's text, its CSP hash source). It goes inside every page: on a 2G link each
    request costs seconds, and a linked stylesheet would hold the first paint for a second round trip."""
    text = (Path(static_folder) / STYLESHEET).read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
    return text, f"sha256-{digest}"


def content_policy():
    return POLICY.format(style_hash=inline_stylesheet(current_app.static_folder)[1])


@lru_cache(maxsize=16)
def vendor_file(static_folder, name):
    """static/vendor/<name>-<version>.min.js as copied by the setup step, or None if absent."""
    found = sorted(Path(static_folder).glob(f"vendor/{name}-*.min.js"))
    return found[-1].relative_to(static_folder).as_posix() if found else None


def asset_url(filename):
    """URL of a static file with its content hash, so it can be cached for a year."""
    return url_for("static", filename=filename, v=_fingerprint(current_app.static_folder, filename))


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


def refuse_unmigrated_database():
    """Serving on an old schema corrupts data quietly; say so instead (503)."""
    if current_app.extensions.get("motcua.migrated") or request.endpoint == "static":
        return None
    if migrate.pending():
        abort(503, description="unmigrated")
    current_app.extensions["motcua.migrated"] = True
    return None
