"""Mức 3: filing a dossier online, one question per page, the draft saved at every step; the phone check,
uploads (resumable), how the result comes back, "Hồ sơ của tôi", and the citizen's supplement page."""

from flask import Blueprint

bp = Blueprint("filing", __name__)


def register(app):
    """Load the route modules (each adds its routes to the blueprint above) and register it."""
    from webapp.filing import delivery_pages, documents, mine, papers, phone, resumable, supplement, views  # noqa: F401

    app.register_blueprint(bp)
