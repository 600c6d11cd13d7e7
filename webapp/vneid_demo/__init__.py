"""A local identity provider speaking OpenID Connect, in the role of the national electronic identity
(VNeID through the national public-service portal), for demo and tests only (DEMO_IDENTITY_PROVIDER).

Discovery, JWKS, an authorize page listing the invented citizens of webapp/identity/demo_citizens.yaml,
the token, userinfo and end-session endpoints: `make run` shows the whole sign-in with no outside
service, and tests exercise the real protocol over HTTP, refusals included (the page's "Kịch bản kiểm
thử" makes it send a tampered, wrongly-nonced, expired, level-1 or HS256 ID token on purpose).

Never on in production: it signs in invented people, and the sign-in client finds it at an address
built from the request's Host header.
"""

from flask import Blueprint

bp = Blueprint("vneid_demo", __name__, url_prefix="/gia-lap-dinh-danh")


def register(app):
    """Load the route modules and register the blueprint, only where the demo provider is on."""
    from webapp.vneid_demo import views  # noqa: F401

    if app.config["DEMO_IDENTITY_PROVIDER"]:
        app.register_blueprint(bp)
