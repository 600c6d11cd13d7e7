"""The officers' login, second-factor and account-security pages (sessions themselves: webapp/identity)."""

from flask import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/can-bo")


def register(app):
    """Load the route modules (each adds its routes to the blueprint above) and register it."""
    from webapp.auth import security, views  # noqa: F401

    app.register_blueprint(bp)
