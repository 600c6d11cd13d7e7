"""The calendar admin pages (/quan-tri/lich-lam-viec): holidays, swaps and office hours for the province,
a unit's own days and hours, and each unit's desk (name, address, phone). The working time they feed
is the shared layer webapp/calendar."""

from flask import Blueprint

bp = Blueprint("calendar_admin", __name__, url_prefix="/quan-tri/lich-lam-viec")


def register(app):
    """Load the route modules (each adds its routes to the blueprint above) and register it."""
    from webapp.calendar_admin import hours_views, views  # noqa: F401

    app.register_blueprint(bp)
