"""The pages that belong to no feature: the home of the staff area, language switching."""

from flask import Blueprint

bp = Blueprint("core", __name__)


def register(app):
    """Load the route modules (each adds its routes to the blueprint above) and register it."""
    from webapp.core import views  # noqa: F401

    app.register_blueprint(bp)
