"""MotCua: the one-stop desk online. create_app() reads as the table of contents."""

from flask import Flask

from webapp import config, db, errors, formatting, i18n, jobs, web
from webapp.config import ROOT


def create_app(overrides=None):
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=str(config.INSTANCE),
    )
    config.load(app, overrides)
    db.init_app(app)
    jobs.init_app(app)
    i18n.init_app(app)
    web.init_app(app)
    formatting.init_app(app)
    register_blueprints(app)
    register_commands(app)
    errors.init_app(app)
    return app


def register_blueprints(app):
    from webapp.auth.views import bp as auth
    from webapp.backoffice import bp as backoffice
    from webapp.calendar.views import bp as calendar_admin
    from webapp.catalogue.views import bp as catalogue
    from webapp.core.views import bp as core
    from webapp.filing.views import bp as filing
    from webapp.lookup.verify import bp as verify
    from webapp.lookup.views import bp as lookup
    from webapp.payments.receipt import bp as receipts
    from webapp.payments.simulator import bp as payment_simulator
    from webapp.payments.views import bp as payments
    from webapp.pwa.views import bp as pwa
    from webapp.reports.views import bp as reports
    from webapp.sms.views import bp as sms
    from webapp.sms.webhooks import bp as sms_gateway

    app.register_blueprint(core)
    app.register_blueprint(catalogue)
    app.register_blueprint(filing)
    app.register_blueprint(backoffice)
    app.register_blueprint(auth)
    app.register_blueprint(calendar_admin)
    app.register_blueprint(lookup)
    app.register_blueprint(verify)
    app.register_blueprint(payments)
    app.register_blueprint(receipts)
    app.register_blueprint(pwa)
    app.register_blueprint(reports)
    if app.config["PAYMENT_SIMULATOR"]:
        app.register_blueprint(payment_simulator)
    app.register_blueprint(sms_gateway)
    if app.config["DEV_SMS_PAGE"]:
        app.register_blueprint(sms)


def register_commands(app):
    from webapp import cli
    from webapp.backoffice.digest import digest_cli

    cli.init_app(app)
    app.cli.add_command(digest_cli)
