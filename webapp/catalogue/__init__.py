"""Mức 1–2: the catalogue of procedures, search, units, and the blank forms to download."""

from flask import Blueprint

bp = Blueprint("catalogue", __name__)


def register(app):
    """Load the route modules (each adds its routes to the blueprint above) and register it."""
    from webapp.catalogue import views  # noqa: F401

    app.register_blueprint(bp)
