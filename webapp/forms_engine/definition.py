"""The tờ khai as data: one checked definition drives the online form, the PDF and the DOCX.

A definition comes from YAML typed by people, so `FormDefinition.from_dict` is strict: a
mistake is reported with the path of the offending key (``steps[1].fields[3].type``) when the
catalogue is loaded, not as a broken printout in front of a citizen.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

FIELD_TYPES = ("text", "textarea", "date", "number", "select", "radio", "checkbox", "phone", "email", "id_number")
CHOICE_TYPES = ("select", "radio")
# A field shown only on an earlier answer reads one of these: a choice, or a box ticked (co) or not (khong).
CONDITION_TYPES = (*CHOICE_TYPES, "checkbox")
TICKED_WORDS = ("co", "khong")
VALIDATION_KEYS = ("min_length", "max_length", "pattern", "min", "max", "not_before", "not_after", "year")
# Bounds of a day (date fields, and number fields that hold a year): "today" or a day as YYYY-MM-DD.
DAY_BOUNDS = ("not_before", "not_after")
TODAY = "today"
# A number field without its own max or min stays within ±NUMBER_LIMIT: more đồng than any form asks
# for, and every whole number below it is exact as a float (2^53 ≈ 9·10^15).
NUMBER_LIMIT = 10**15
NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")
# What a field may take from the national electronic identity (`identity: <claim>`), and the field types
# that can hold each: a name or an address in a text box, the number in an id_number, the birth in a date,
# the sex in a choice with a Nam and a Nữ.
IDENTITY_CLAIMS = {
    "full_name": ("text", "textarea"),
    "id_number": ("id_number",),
    "birthdate": ("date",),
    "sex": CHOICE_TYPES,
    "address": ("text", "textarea"),
    "phone": ("phone",),  # the number the identity provider vouched for: no SMS code when kept
}


class DefinitionError(Exception):
    """A definition that cannot be used; `path` points at the key a curator has to fix."""

    def __init__(self, path: str, message: str):
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path
        self.message = message


def pick(vi: str, en: str, lang: str) -> str:
    """English when asked for and present; Vietnamese is the language of record."""
    return en if lang == "en" and en else vi


class Text(str):
    """The Vietnamese text of record, which also answers in a language when called.

    `form.title` stays a plain string wherever one is expected (to_dict, JSON, comparisons);
    `form.title("en")` picks the English with a fallback to Vietnamese, which keeps templates
    short: `{{ field.label(lang) }}` rather than a helper call per label.
    """

    def __new__(cls, vi: str = "", en: str = ""):
        text = super().__new__(cls, vi)
        text.en = en
        return text

    def __call__(self, lang: str) -> str:
        return pick(str(self), self.en, lang)


def _bilingual(obj, *pairs: tuple[str, str]) -> None:
    """Frozen dataclasses: wrap each vi attribute as a Text that knows its English twin."""
    for vi, en in pairs:
        object.__setattr__(obj, vi, Text(getattr(obj, vi), getattr(obj, en)))


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    label_en: str = ""

    def __post_init__(self):
        _bilingual(self, ("label", "label_en"))


@dataclass(frozen=True)
class Condition:
    """`show_if`: the field applies only when the earlier field `field` holds one of `values` (a choice's
    value, or for a checkbox "co" ticked / "khong" not). Otherwise it is not asked, not required and not
    kept; on paper it keeps its place with the hint «(chỉ khai nếu …)»."""

    field: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    label: str
    label_en: str = ""
    help: str = ""
    help_en: str = ""
    required: bool = False
    validation: Mapping[str, Any] = field(default_factory=dict, hash=False)  # read-only once built
    choices: tuple[Choice, ...] = ()
    default: str = ""  # shown prefilled (and editable) until the person answers: "Việt Nam"
    show_if: Condition | None = None
    identity: str = ""  # a claim of IDENTITY_CLAIMS this field starts from when the applicant signed in

    def __post_init__(self):
        _bilingual(self, ("label", "label_en"), ("help", "help_en"))
        object.__setattr__(self, "validation", MappingProxyType(dict(self.validation)))

    @property
    def is_year(self) -> bool:
        return self.type == "number" and bool(self.validation.get("year"))

    def format_hint(self) -> str:
        """How to write a date or a year, with its bounds ("" for other fields), in the current locale."""
        from webapp.forms_engine.answers import format_hint  # answers reads these classes

        return format_hint(self)


@dataclass(frozen=True)
class CopyRule:
    """When earlier answers say who the applicant is (quan_he = me), this step's fields start as copies
    of theirs: `when` maps a field to the values that trigger the rule, `fields` maps target to source."""

    when: tuple[tuple[str, tuple[str, ...]], ...]
    fields: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    title_en: str = ""
    fields: tuple[Field, ...] = ()
    copy_from: tuple[CopyRule, ...] = ()

    def __post_init__(self):
        _bilingual(self, ("title", "title_en"))


@dataclass(frozen=True)
class FormDefinition:
    title: str
    title_en: str = ""
    reference: str = ""
    addressee: str = ""
    steps: tuple[Step, ...] = ()
    # The register number (webapp.legal) of the document the form comes from: "04/2024/TT-BTP".
    legal_source: str = ""

    def __post_init__(self):
        _bilingual(self, ("title", "title_en"))

    @classmethod
    def from_dict(cls, data: dict) -> "FormDefinition":
        """Check every key and value; raise DefinitionError at the first problem."""
        from webapp.forms_engine.checks import parse_form  # checks builds these classes

        return parse_form(data)

    def to_dict(self) -> dict:
        """Plain dicts and lists, every key present (legal_source only when set, so definitions stored
        before it existed stay equal), so from_dict(to_dict()) == self."""
        data = {
            "title": str(self.title),
            "title_en": self.title_en,
            "reference": self.reference,
            "addressee": self.addressee,
            "steps": [_step_dict(step) for step in self.steps],
        }
        if self.legal_source:
            data["legal_source"] = self.legal_source
        return data

    @property
    def fields(self) -> tuple[Field, ...]:
        """All fields in reading order, across steps: what a dossier stores."""
        return tuple(f for step in self.steps for f in step.fields)

    def field(self, name: str) -> Field:
        for candidate in self.fields:
            if candidate.name == name:
                return candidate
        raise KeyError(name)

    def label(self, field: "Field | str", lang: str) -> str:
        """A field's label in `lang`, given the field or its name (handy in templates)."""
        found = self.field(field) if isinstance(field, str) else field
        return found.label(lang)


def _step_dict(step: Step) -> dict:
    return {
        "key": step.key,
        "title": str(step.title),
        "title_en": step.title_en,
        "fields": [_field_dict(f) for f in step.fields],
        "copy_from": [
            {"when": {name: list(values) for name, values in rule.when}, "fields": dict(rule.fields)}
            for rule in step.copy_from
        ],
    }


def _field_dict(f: Field) -> dict:
    """Every key; show_if and identity only when set, so definitions stored before them stay equal."""
    data = {
        "name": f.name,
        "type": f.type,
        "label": str(f.label),
        "label_en": f.label_en,
        "help": str(f.help),
        "help_en": f.help_en,
        "required": f.required,
        "validation": dict(f.validation),
        "choices": [{"value": c.value, "label": str(c.label), "label_en": c.label_en} for c in f.choices],
        "default": f.default,
    }
    if f.show_if:
        data["show_if"] = {"field": f.show_if.field, "in": list(f.show_if.values)}
    if f.identity:
        data["identity"] = f.identity
    return data
