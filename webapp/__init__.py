"""MotCua: the one-stop desk online. create_app() reads as the table of contents."""

from flask import Flask

from webapp import bounded, config, db, errors, extensions, i18n, jobs
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
    extensions.init_app(app)
    bounded.init_app(app)  # before the routes that use <id:…>
    register_blueprints(app)
    register_template_helpers(app)
    register_commands(app)
    errors.init_app(app)
    return app


def register_blueprints(app):
    from webapp import (
        auth,
        backoffice,
        calendar_admin,
        catalogue,
        catalogue_admin,
        core,
        filing,
        lookup,
        monitoring,
        payments,
        privacy,
        pwa,
        reports,
        retention_admin,
        signin,
        sms,
        vneid_demo,
    )

    for feature in (
        core,
        catalogue,
        filing,
        backoffice,
        auth,
        calendar_admin,
        catalogue_admin,
        lookup,
        monitoring,
        payments,
        privacy,
        pwa,
        reports,
        retention_admin,
        signin,
        sms,
        vneid_demo,
    ):
        feature.register(app)


def register_template_helpers(app):
    from webapp import templating

    templating.init_app(app)


def register_commands(app):
    from webapp import cli
    from webapp.backoffice.digest import digest_cli

    cli.init_app(app)
    app.cli.add_command(digest_cli)
