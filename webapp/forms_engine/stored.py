"""A rule set's form definition as stored in the database, checked and kept a minute."""

import time

from webapp.db import db
from webapp.forms_engine.definition import FormDefinition as FormSpec
from webapp.models import FormDefinition

_specs = {}
SPEC_SECONDS = 60


def form_for(rule_set):
    """The checked form definition of a rule set, kept a minute per database: every filing
    request needs it, and checking a definition costs more than the rest of the request."""
    key = (id(db.obj), rule_set.id)
    hit = _specs.get(key)
    if hit is None or hit[0] < time.monotonic():
        row = FormDefinition.get_or_none(FormDefinition.rule_set == rule_set.id)
        hit = _specs[key] = (time.monotonic() + SPEC_SECONDS, FormSpec.from_dict(row.definition) if row else None)
    return hit[1]
