"""A receipt or form 01 as the one downloading it gets it, whichever feature serves it.

Once its job has signed it, the signed copy kept beside the uploads (the same bytes on every download,
so its signature can be checked); while the job runs, a page that reloads itself every few seconds
(202); when signing failed, a page saying the desk knows (the officers see "Ký lại" on the dossier
page); a paper issued before papers were signed has no Signing and goes out unsigned, drawn as today.
"""

from flask import current_app, make_response, render_template, request

from webapp.dossiers.signed_papers import signed_copy, signing_of
from webapp.models.signing import PENDING, SIGNED

RELOAD_SECONDS = 3


def pdf_or_wait(dossier, paper, draw, filename):
    """The response for `paper` of `dossier`: `draw()` gives its unsigned bytes, used only without a Signing."""
    signing = signing_of(dossier, paper)
    if signing is None:
        return pdf_response(draw(), filename)
    if signing.state == SIGNED:
        data = signed_copy(dossier, paper)
        if data is not None:
            return pdf_response(data, filename)
        current_app.logger.error("signed copy of %s of dossier %s is missing", paper, dossier.code)
    return _waiting(dossier, pending=signing.state == PENDING)


def pdf_response(data, filename):
    response = make_response(data)
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"  # personal data: no copies in shared caches
    return response


def _waiting(dossier, pending):
    page = render_template(
        "dossiers/signing_wait.html", dossier=dossier, pending=pending, again=request.path, reload=RELOAD_SECONDS
    )
    response = make_response(page, 202 if pending else 503)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Retry-After"] = str(RELOAD_SECONDS if pending else 60)
    return response
