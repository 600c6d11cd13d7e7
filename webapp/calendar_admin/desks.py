"""The desk's official name, address and phone, as an admin edits them: a unit admin for their own
units, the province admin for all. The name an admin saves is theirs: the seed leaves it alone."""

from webapp.admin_log import record
from webapp.db import db
from webapp.models import Agency

AREA = "bo-phan"
MANUAL = "manual"  # webapp/seed/desks.py: a name the seed must not overwrite


def desk_of(unit):
    return Agency.get_or_none(Agency.unit == unit.id)


def save_desk(staff, desk, name, address, phone):
    """Save what changed and log it; returns the names of the changed fields (empty: nothing to do)."""
    wanted = {"name": name, "address": address or "", "phone": phone or ""}
    changed = {key: value for key, value in wanted.items() if getattr(desk, key) != value}
    if not changed:
        return []
    with db.atomic():
        before = {key: getattr(desk, key) for key in changed}
        for key, value in changed.items():
            setattr(desk, key, value)
        if "name" in changed:
            desk.name_source = MANUAL
        desk.save()
        record(staff, AREA, "edit", desk.unit.code, agency=desk.code, before=before, after=changed)
    return sorted(changed)
