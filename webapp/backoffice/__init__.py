"""The one-stop back office (/can-bo/ho-so): queues, the dossier page and its actions, the counter,
fees in cash, the post, papers 01–07 and the audit page. The actions themselves are the workflow's."""

from flask import Blueprint

bp = Blueprint("backoffice", __name__, url_prefix="/can-bo/ho-so")


def register(app):
    """Load the route modules (each adds its routes to the blueprint above) and register it."""
    from webapp.backoffice import (  # noqa: F401
        access_views,
        audit,
        counter,
        desk,
        fees,
        logbook,
        papers,
        post,
        signing,
        views,
    )

    app.register_blueprint(bp)
