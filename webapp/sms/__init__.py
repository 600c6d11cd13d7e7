"""What people text us: TRACUU/HUY/DK commands, the Kannel webhooks (MO and delivery reports), and
the demo outbox page /dev/sms. Sending SMS is the shared layer webapp/messaging."""

from flask import Blueprint

bp = Blueprint("sms", __name__)
gateway_bp = Blueprint("sms_gateway", __name__, url_prefix="/sms/kannel")


def register(app):
    """Load the route modules (each adds its routes to the blueprint above) and register it."""
    from webapp.sms import views, webhooks  # noqa: F401

    app.register_blueprint(gateway_bp)
    if app.config["DEV_SMS_PAGE"]:
        app.register_blueprint(bp)
