"""Catalogue logic: search, browsing and what a procedure page shows. No request in here.

Every public list shows only procedures with a version in force (Procedure.with_version_in_force): a
new procedure approved for a later moment has its row from the approval, but is not offered before."""

from peewee import JOIN, fn

from webapp.models import Agency, Dossier, Field, Procedure, Unit
from webapp.models.values import ONLINE
from webapp.text import collation_key, fold, vi_sorted

MAX_QUERY_CHARS = 200


def query_terms(query, max_terms=8):
    """Folded words of a query; absurdly long or control-character input just finds less."""
    return fold((query or "")[:MAX_QUERY_CHARS]).split()[:max_terms]


def search(query="", field_code=None, tier=None, max_terms=8):
    """Procedures matching every word in any order, accents and case ignored, best first."""
    terms = query_terms(query, max_terms)
    rows = Procedure.select(Procedure, Field).join(Field).where(Procedure.with_version_in_force())
    for term in terms:
        rows = rows.where(Procedure.search_text.contains(term))
    if field_code:
        rows = rows.where(Field.code == field_code)
    if tier:
        rows = rows.where(Procedure.tier == tier)
    phrase = " ".join(terms)
    return sorted(rows, key=lambda p: (_rank(p, phrase), collation_key(p.name)))


def _rank(procedure, phrase):
    if phrase and phrase == procedure.code:
        return 0
    if phrase and phrase in fold(procedure.name):
        return 1
    return 2


def fields_with_counts():
    count = fn.COUNT(Procedure.id)
    listed = (Procedure.field == Field.id) & Procedure.with_version_in_force()
    rows = (
        Field.select(Field, count.alias("procedure_count"))
        .join(Procedure, JOIN.LEFT_OUTER, on=listed)
        .group_by(Field.id)
    )
    return vi_sorted((row for row in rows if row.procedure_count), lambda field: field.name)


def most_filed(since, limit=6):
    """The procedures people filed most online since `since`, most first: the home page's shortcut to
    them (two taps to the filing form instead of a search or a field list)."""
    filed = fn.COUNT(Dossier.id)
    rows = (
        Procedure.select(Procedure, filed.alias("filed"))
        .join(Dossier)
        .where(
            Dossier.channel == ONLINE,
            Dossier.submitted_at >= since,
            Procedure.online_class != "thong_tin",
            Procedure.with_version_in_force(),
        )
        .group_by(Procedure.id)
        .order_by(filed.desc(), Procedure.code)
        .limit(limit)
    )
    return sorted(rows, key=lambda p: (-p.filed, collation_key(p.name)))


def tier_counts():
    rows = (
        Procedure.select(Procedure.tier, fn.COUNT(Procedure.id).alias("n"))
        .where(Procedure.with_version_in_force())
        .group_by(Procedure.tier)
    )
    return {row.tier: row.n for row in rows}


def field_by_code(code):
    return Field.get_or_none(Field.code == code) if code else None


def provinces():
    """Top-level units with their children, for the unit directory."""
    units = vi_sorted(Unit.select(), lambda unit: unit.full_name)
    children = {}
    for unit in units:
        children.setdefault(unit.__data__["parent"], []).append(unit)
    return [(root, children.get(root.id, [])) for root in children.get(None, [])]


def find_unit(code):
    unit = Unit.get_or_none(Unit.code == code)
    if unit is None:
        return None, None
    return unit, Agency.get_or_none(Agency.unit == unit)


def procedures_for_unit(unit):
    """A unit handles the procedures of its tier, grouped by field."""
    groups = {}
    procedures = (
        Procedure.select(Procedure, Field)
        .join(Field)
        .where(Procedure.tier == unit.tier, Procedure.with_version_in_force())
    )
    for procedure in vi_sorted(procedures, lambda p: p.name):
        groups.setdefault(procedure.field, []).append(procedure)
    return vi_sorted(groups.items(), lambda group: group[0].name)
