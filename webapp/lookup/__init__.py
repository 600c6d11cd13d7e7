"""The public status lookup (tra cứu hồ sơ) and the citizens' satisfaction ratings."""

from flask import Blueprint

bp = Blueprint("lookup", __name__)
verify_bp = Blueprint("verify", __name__)


def register(app):
    """Load the route modules (each adds its routes to the blueprint above) and register it."""
    from webapp.lookup import verify, views  # noqa: F401

    app.register_blueprint(bp)
    app.register_blueprint(verify_bp)
