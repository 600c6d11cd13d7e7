"""Mức 4 payments: fees paid online through a gateway (VNPay 2.1.0, PayGov later), and receipts."""

from flask import Blueprint

bp = Blueprint("payments", __name__)
receipts_bp = Blueprint("receipts", __name__)
simulator_bp = Blueprint("payment_simulator", __name__, url_prefix="/gia-lap-thanh-toan")


def register(app):
    """Load the route modules (each adds its routes to the blueprint above) and register it."""
    from webapp.payments import receipt, simulator, views  # noqa: F401

    app.register_blueprint(bp)
    app.register_blueprint(receipts_bp)
    if app.config["PAYMENT_SIMULATOR"]:
        app.register_blueprint(simulator_bp)
