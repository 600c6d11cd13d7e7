"""Administrative units (a tree of any depth) and the one-stop desk of each."""

from peewee import CharField, ForeignKeyField, IntegerField

from webapp.db import BaseModel
from webapp.text import vi_sorted

# Which procedures a unit handles follows from its tier (DOMAIN.md §2).
TIERS = ("tinh", "huyen", "xa")
KIND_TIER = {
    "province": "tinh",
    "city": "tinh",
    "district": "huyen",
    "town": "huyen",
    "commune": "xa",
    "ward": "xa",
    "special_zone": "xa",
}


def sorted_units(units):
    """Units as lists show them: province first, then each tier, by full name in Vietnamese order."""
    return vi_sorted(units, lambda unit: unit.full_name, group=lambda unit: TIERS.index(unit.tier))


class Unit(BaseModel):
    code = CharField(unique=True, max_length=16)
    name = CharField(max_length=120)
    full_name = CharField(max_length=160)
    name_en = CharField(max_length=120, default="")
    full_name_en = CharField(max_length=160, default="")
    kind = CharField(max_length=16)
    tier = CharField(max_length=8, index=True)
    parent = ForeignKeyField("self", null=True, backref="children", on_delete="RESTRICT")
    position = IntegerField(default=0)

    def display_name(self, lang="vi"):
        return (self.full_name_en or self.full_name) if lang == "en" else self.full_name

    def ancestors(self):
        """Province first, this unit last."""
        chain, unit = [], self
        while unit is not None:
            chain.append(unit)
            unit = unit.parent
        return list(reversed(chain))


class Agency(BaseModel):
    """The one-stop desk of a unit (since Decree 118/2025 the "Trung tâm Phục vụ hành chính công");
    its code prefixes dossier codes. Its name is data (webapp/seed/desks.yaml); once an admin edits
    it, `name_source` is "manual" and the seed leaves it alone."""

    unit = ForeignKeyField(Unit, unique=True, backref="agencies", on_delete="CASCADE")
    code = CharField(unique=True, max_length=32)
    name = CharField(max_length=200)
    address = CharField(max_length=255, default="")
    phone = CharField(max_length=20, default="")
    name_source = CharField(max_length=16, default="seed")
