"""Operating the service: /metrics for Prometheus, /healthz/live and /healthz/ready for the load
balancer, one structured log line per request with an id that follows the request into its jobs."""

from flask import Blueprint

bp = Blueprint("monitoring", __name__)


def register(app):
    """Load the routes, register the blueprint and start observing every request."""
    from webapp.monitoring import logs, observe, views  # noqa: F401

    app.register_blueprint(bp)
    logs.configure(app.config.get("LOG_FORMAT", "off"))
    observe.init_app(app)
