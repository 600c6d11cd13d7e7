"""The calendar admin pages (/quan-tri/lich-lam-viec): holidays and make-up Saturdays for the province,
a unit's own days. The working time they feed is the shared layer webapp/calendar."""

from flask import Blueprint

bp = Blueprint("calendar_admin", __name__, url_prefix="/quan-tri/lich-lam-viec")


def register(app):
    """Load the route modules (each adds its routes to the blueprint above) and register it."""
    from webapp.calendar_admin import views  # noqa: F401

    app.register_blueprint(bp)
