"""Citizens sign in with the national electronic identity (VNeID) by OpenID Connect: the client side
(authorization code with PKCE, state and nonce, the ID token checked against the provider's keys).
Who is signed in, in the session: webapp/identity/citizen.py."""

from flask import Blueprint

bp = Blueprint("signin", __name__)


def register(app):
    """Load the route modules (each adds its routes to the blueprint above) and register it."""
    from webapp.signin import views  # noqa: F401

    app.register_blueprint(bp)
