"""The installable app: the web app manifest, the service worker and the page it shows offline."""

from flask import Blueprint

bp = Blueprint("pwa", __name__)


def register(app):
    """Load the route modules (each adds its routes to the blueprint above) and register it."""
    from webapp.pwa import views  # noqa: F401

    app.register_blueprint(bp)
