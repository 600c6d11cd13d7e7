"""Background jobs of the catalogue."""

from flask_babel import force_locale

from webapp.catalogue.downloads import RENDERERS, blank_form
from webapp.jobs import task
from webapp.models import Procedure


@task()
def prerender_blank_forms(codes=None):
    """Render every blank form ahead of the first download (slow phones should not wait)."""
    procedures = Procedure.select()
    if codes:
        procedures = procedures.where(Procedure.code.in_(codes))
    done = 0
    for procedure in procedures:
        rule_set = procedure.rules_on()
        for lang in ("vi", "en"):
            with force_locale(lang):
                for fmt in RENDERERS:
                    done += blank_form(procedure, rule_set, fmt, lang)[1] is not None
    return done
