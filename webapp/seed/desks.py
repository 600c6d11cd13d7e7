"""The desk's official name per unit, from desks.yaml: a pattern per kind of unit and overrides by
unit code (Decree 118/2025 names it "Trung tâm Phục vụ hành chính công …"). A name an admin edited
(Agency.name_source "manual") is never overwritten by the seed."""

from pathlib import Path

from webapp.models import Agency
from webapp.seed.records import SeedError, read_yaml, upsert

DESKS_FILE = "desks.yaml"
DEFAULT_PATH = Path(__file__).resolve().parent / DESKS_FILE
SEEDED, MANUAL = "seed", "manual"


def read_desk_rules(path=None):
    """{"patterns": {kind: pattern}, "overrides": {unit code: name}}, checked."""
    path = Path(path or DEFAULT_PATH)
    data = read_yaml(path) or {}
    patterns, overrides = data.get("patterns") or {}, data.get("overrides") or {}
    if not isinstance(patterns, dict) or not isinstance(overrides, dict):
        raise SeedError(path.name, None, None, "expected `patterns` and `overrides` as mappings")
    for kind, pattern in patterns.items():
        try:
            pattern.format(name="x", full_name="x")
        except (AttributeError, KeyError, IndexError, ValueError) as exc:
            raise SeedError(path.name, f"patterns.{kind}", None, f"not a name pattern: {exc}") from exc
    return {"patterns": patterns, "overrides": {str(code): name for code, name in overrides.items()}}


def desk_name(unit, rules):
    """The desk's name for `unit`: its override, else its kind's pattern, else a neutral wording."""
    override = rules["overrides"].get(unit.code)
    if override:
        return override
    pattern = rules["patterns"].get(unit.kind, "Trung tâm Phục vụ hành chính công {full_name}")
    return pattern.format(name=unit.name, full_name=unit.full_name)[:200]


def write_agency(unit, code, rules, report):
    """Create or update the unit's desk: its code always, its name only while the seed owns it."""
    agency = Agency.get_or_none(Agency.unit == unit.id)
    values = {"code": code}
    if agency is None or agency.name_source != MANUAL:
        values["name"] = desk_name(unit, rules)
    return upsert(Agency, {"unit": unit.id}, values, report)
