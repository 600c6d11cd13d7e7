"""Statistics and reports (issue 8): figures computed from the dossiers' own timestamps."""

from flask import Blueprint

bp = Blueprint("reports", __name__)


def register(app):
    """Load the route modules (each adds its routes to the blueprint above) and register it."""
    from webapp.reports import dashboard, views  # noqa: F401

    app.register_blueprint(bp)
