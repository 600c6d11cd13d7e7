"""Catalogue administration (/quan-tri/thu-tuc): the register of legal documents, procedure drafts and
their editor, approval and versions, import and export. The province admin edits; a unit admin reads.
The rules these pages edit live below the features, in webapp/legal and webapp/versions."""

from flask import Blueprint

bp = Blueprint("catalogue_admin", __name__, url_prefix="/quan-tri/thu-tuc")


def register(app):
    """Load the route modules (each adds its routes to the blueprint above) and register it."""
    from webapp.catalogue_admin import editor, form_editor, register_views, transfer_views, versions_views  # noqa: F401

    app.register_blueprint(bp)


@bp.context_processor
def wording_helpers():
    """The catalogue pages word paths (rules.fees[0].amount) and form definition errors for the admin."""
    from webapp.catalogue_admin.versions_services import path_words
    from webapp.versions.wording import form_words

    return {"path_words": path_words, "form_words": form_words}
