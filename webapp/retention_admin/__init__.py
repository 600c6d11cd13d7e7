"""The retention admin page (/quan-tri/luu-tru): the province administrator edits how long each kind of
personal record is kept and sees what the next sweep would delete or anonymise (webapp/retention)."""

from flask import Blueprint

bp = Blueprint("retention_admin", __name__, url_prefix="/quan-tri/luu-tru")


def register(app):
    """Load the route module (it adds its routes to the blueprint above) and register it."""
    from webapp.retention_admin import views  # noqa: F401

    app.register_blueprint(bp)
