"""Publication: an approved bundle becomes the procedure's next version, in force from a moment.

Dossiers keep the version they were filed under (Draft and Dossier point at their RuleSet), so a
new version changes nothing already filed. The procedure's own columns (its name, online class…)
follow the version in force: `apply_due` writes them once a scheduled version's moment has come. A new
procedure's row is written at approval, but the public catalogue lists it only once a version is in
force (Procedure.with_version_in_force)."""

from peewee import fn

from webapp.calendar.working_time import to_local
from webapp.dossiers import discretion
from webapp.forms_engine import FormDefinition as FormSpec
from webapp.models import Field, FormDefinition, Procedure, ProcedureAlias, RuleSet
from webapp.models.dossier import utcnow
from webapp.text import search_text_for
from webapp.versions.bundle import ITEM_KEYS, item_values, rule_values


def publish(bundle, effective_at):
    """Write `bundle` as the next version of its procedure (created if new), in force from
    `effective_at` (naive UTC). Call inside a transaction. Returns the new RuleSet."""
    procedure = Procedure.get_or_none(Procedure.code == bundle["code"])
    if procedure is None:
        procedure = _new_procedure(bundle)
    else:
        _keep_items_of_earlier_versions(procedure, effective_at)
    newest = RuleSet.select(fn.MAX(RuleSet.version)).where(RuleSet.procedure == procedure).scalar() or 0
    values = rule_values({**bundle["rules"], "effective_from": to_local(effective_at).date()})
    rule_set = RuleSet.create(
        procedure=procedure, version=newest + 1, effective_at=effective_at, items=item_values(bundle), **values
    )
    FormDefinition.create(rule_set=rule_set, definition=FormSpec.from_dict(bundle["form"]).to_dict())
    for code in bundle.get("old_codes") or []:
        ProcedureAlias.get_or_create(code=code, defaults={"procedure": procedure})
    apply_due(procedure)
    discretion.forget()  # this process names the procedure by its new version's flag at once
    return rule_set


def _keep_items_of_earlier_versions(procedure, effective_at):
    """Seeded versions carry no items: they are in force with the procedure's own columns, which this
    version's items will overwrite. Write those columns on the ones that start before it, so a diff or
    a bundle of an old version still reads its own name; later ones are left alone."""
    current = {key: getattr(procedure, key) for key in ITEM_KEYS if key != "field"}
    current["field"] = procedure.field.code
    local_day = to_local(effective_at).date()
    RuleSet.update(items=current).where(
        RuleSet.procedure == procedure,
        RuleSet.items.is_null(),
        RuleSet.effective_at.is_null(),
        RuleSet.effective_from <= local_day,
    ).execute()


def _new_procedure(bundle):
    """The new procedure's row, with what search matches (apply_due writes it only when the items
    change, and a new row already has them); the public lists wait for its moment."""
    items = item_values(bundle)
    field = Field.get(Field.code == items.pop("field"))
    search_text = search_text_for({"code": bundle["code"], **items}, field, bundle.get("old_codes") or [])
    return Procedure.create(code=bundle["code"], field=field, search_text=search_text, **items)


def apply_due(procedure, now=None):
    """Bring the procedure's columns to the items of the version in force now; True when changed."""
    in_force = procedure.rules_at(now or utcnow())
    if in_force is None or not in_force.items:
        return False
    items = dict(in_force.items)
    field = Field.get(Field.code == items.pop("field"))
    wanted = {**items, "field": field.id}
    changed = {key: value for key, value in wanted.items() if procedure.__data__.get(key) != value}
    if not changed:
        return False
    old_codes = [alias.code for alias in procedure.aliases]
    record = {"code": procedure.code, **items}
    changed["search_text"] = search_text_for(record, field, old_codes)
    Procedure.update(**changed).where(Procedure.id == procedure.id).execute()
    return True


def apply_all_due(now=None):
    """Every procedure whose scheduled version has come into force; returns how many changed."""
    with_items = RuleSet.select(RuleSet.procedure).where(RuleSet.items.is_null(False)).distinct()
    return sum(apply_due(p, now) for p in Procedure.select().where(Procedure.id.in_(with_items)))
