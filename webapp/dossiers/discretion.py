"""What a dossier's procedure is called where someone other than its applicant may read it.

An SMS shows on a shared phone's lock screen; a lookup, rating, payment or verification page is open
to anyone holding the code. For a procedure its rule set marks sensitive (a death, a guardianship, a
civil-status change, a disability…) these name only its field (lĩnh vực): "Thủ tục lĩnh vực Hộ tịch".
Official papers (form 01, the receipt, the result) keep the real name: they are the record itself.

A procedure counts as sensitive for a dossier when the version the dossier was filed under says so,
or the version in force now does: marking it protects the dossiers already filed too.

The lookup page is reloaded all day and its queries are counted (tests/lookup): the few procedures
that have a sensitive version are read once a minute per process, with their versions' moments, so
"in force now" is still decided at each call."""

import time
from dataclasses import dataclass

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from webapp.models import Field, Procedure, RuleSet
from webapp.models.dossier import utcnow
from webapp.text import strip_marks

KEPT_SECONDS = 60  # how stale a web process may be after another one (or the seed) changes a version
EXTENSION = "dossiers.discretion"


@dataclass(frozen=True)
class Guarded:
    """A procedure with at least one sensitive version: its versions and its field's names."""

    versions: tuple  # (starts_at, version, rule set id, sensitive)
    field_name: str
    field_name_en: str

    def in_force_is_sensitive(self, moment):
        started = [v for v in self.versions if v[0] <= moment]
        return bool(started) and max(started)[3]

    def sensitive_ids(self):
        return {v[2] for v in self.versions if v[3]}


def is_sensitive(procedure, rule_set=None):
    """Whether SMS and public pages must keep the procedure's name to its field."""
    return _guarded(procedure, _id(rule_set)) is not None


def public_procedure_name(procedure, rule_set=None, lang="vi"):
    """The procedure's name as a public page shows it, in `lang`: its own, or its field's for a
    sensitive one."""
    return _shown(procedure, _guarded(procedure, _id(rule_set)), lang)


def sms_procedure_name(procedure, rule_set=None):
    """The same for an SMS: always Vietnamese, in plain ASCII (GSM-7, one segment)."""
    guarded = _guarded(procedure, _id(rule_set))
    name = f"Thu tuc linh vuc {strip_marks(guarded.field_name)}" if guarded else strip_marks(procedure.name)
    return name.encode("ascii", "ignore").decode()


def dossier_procedure_name(dossier, lang="vi"):
    """public_procedure_name for a dossier (or a draft), under the version it was filed under; also for
    a row read with a few columns only (the lookup's status query has no rule set)."""
    return _shown(dossier.procedure, _guarded(dossier.procedure, lambda: _filed_under(dossier)), lang)


def marks(moment=None):
    """Everything that decides public names at `moment` (now by default), as one hashable value: a page
    kept in a cache by it is rendered again once a procedure is marked or unmarked, or a marked version
    comes into force."""
    moment = moment or utcnow()
    guarded = _catalogue().items()
    return tuple(sorted((pid, g.versions, g.in_force_is_sensitive(moment)) for pid, g in guarded))


def forget():
    """Read the sensitive procedures again at the next call (after a publication in this process)."""
    current_app.extensions.pop(EXTENSION, None)


def _shown(procedure, guarded, lang):
    if guarded is None:
        return procedure.display_name(lang)
    field_name = (guarded.field_name_en or guarded.field_name) if lang == "en" else guarded.field_name
    with force_locale(lang):
        return _("Thủ tục lĩnh vực %(field)s", field=field_name)


def _id(rule_set):
    return rule_set.id if rule_set is not None else None


def _guarded(procedure, rule_set_id):
    """The procedure's Guarded entry when it is sensitive for a dossier of `rule_set_id` (an id, None,
    or a function giving it, asked only when the version in force does not decide), else None."""
    guarded = _catalogue().get(procedure.id)
    if guarded is None:
        return None
    if guarded.in_force_is_sensitive(utcnow()):
        return guarded
    filed = rule_set_id() if callable(rule_set_id) else rule_set_id
    return guarded if filed in guarded.sensitive_ids() else None


def _filed_under(dossier):
    if dossier.__data__.get("rule_set") is not None:
        return dossier.__data__["rule_set"]
    model = type(dossier)
    return model.select(model.rule_set).where(model.id == dossier.id).scalar()


def _catalogue():
    """{procedure id: Guarded} of the procedures with a sensitive version, kept KEPT_SECONDS."""
    kept = current_app.extensions.get(EXTENSION)
    if kept is not None and kept[0] > time.monotonic():
        return kept[1]
    with_sensitive = RuleSet.select(RuleSet.procedure).where(RuleSet.sensitive)
    rows = (
        RuleSet.select(RuleSet, Field.name, Field.name_en)
        .join(Procedure)
        .join(Field)
        .where(RuleSet.procedure.in_(with_sensitive))
        .objects()
    )
    found = {}
    for row in rows:
        versions = found.get(row.procedure_id, ((), row.name, row.name_en))[0]
        versions += ((row.starts_at(), row.version, row.id, row.sensitive),)
        found[row.procedure_id] = (versions, row.name, row.name_en)
    catalogue = {pid: Guarded(*entry) for pid, entry in found.items()}
    current_app.extensions[EXTENSION] = (time.monotonic() + KEPT_SECONDS, catalogue)
    return catalogue
