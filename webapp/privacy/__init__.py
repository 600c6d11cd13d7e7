"""The privacy notice (Law 91/2025/QH15 on Personal Data Protection): who controls the data, why it
is collected, on what legal basis, who receives it, how long it is kept and the citizen's rights."""

from flask import Blueprint

bp = Blueprint("privacy", __name__)


def register(app):
    """Load the route module (it adds its route to the blueprint above) and register it."""
    from webapp.privacy import views  # noqa: F401

    app.register_blueprint(bp)
