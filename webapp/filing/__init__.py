"""Mức 3: filing a dossier online, one question per page, the draft saved at every step; the phone check,
uploads (resumable), how the result comes back, "Hồ sơ của tôi", and the citizen's supplement page."""

from flask import Blueprint

bp = Blueprint("filing", __name__)


def register(app):
    """Load the route modules (each adds its routes to the blueprint above) and register it."""
    from webapp.filing import (  # noqa: F401
        delivery_pages,
        documents,
        mine,
        my_data,
        papers,
        phone,
        resumable,
        supplement,
        views,
    )

    app.register_blueprint(bp)
