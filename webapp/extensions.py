"""The Flask extensions every request goes through (CSRF, HTMX, compression), the proxy setting, and
the refusal to serve an unmigrated database."""

from flask import abort, current_app, request
from flask_compress import Compress
from flask_wtf.csrf import CSRFProtect
from htmx_flask import Htmx
from werkzeug.middleware.proxy_fix import ProxyFix

from webapp import headers, migrate
from webapp.db import skips_request_connection

csrf = CSRFProtect()
htmx = Htmx()
compress = Compress()


def init_app(app):
    trust_proxies(app)
    csrf.init_app(app)
    htmx.init_app(app)
    compress.init_app(app)
    app.before_request(refuse_unmigrated_database)
    # Registered after Compress so it runs first: the ETag is of the uncompressed page.
    app.after_request(headers.cache_headers)


def trust_proxies(app):
    """Behind n proxies, take the client's address, scheme and host from their headers; never otherwise,
    or anyone could dodge the per-address login throttle by sending X-Forwarded-For."""
    hops = app.config["TRUSTED_PROXIES"]
    if hops > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def refuse_unmigrated_database():
    """Serving on an old schema corrupts data quietly; say so instead (503)."""
    if current_app.extensions.get("motcua.migrated") or request.endpoint == "static" or skips_request_connection():
        return None
    if migrate.pending():
        abort(503, description="unmigrated")
    current_app.extensions["motcua.migrated"] = True
    return None
