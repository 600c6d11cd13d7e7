"""Background jobs of the catalogue."""

from flask_babel import force_locale

from webapp.catalogue.downloads import RENDERERS, blank_form
from webapp.jobs import task
from webapp.models import Procedure


@task()
def prerender_blank_forms(codes=None):
    """Render every blank form ahead of the first download (slow phones should not wait); a procedure
    with no version in force yet (published for a later moment) has no public form to render."""
    procedures = Procedure.select().where(Procedure.with_version_in_force())
    if codes:
        procedures = procedures.where(Procedure.code.in_(codes))
    done = 0
    for procedure in procedures:
        rule_set = procedure.rules_on()
        if rule_set is None:  # a guard: blank_form needs a version
            continue
        for lang in ("vi", "en"):
            with force_locale(lang):
                for fmt in RENDERERS:
                    done += blank_form(procedure, rule_set, fmt, lang)[1] is not None
    return done
