"""What a step shows before the person has answered it: the signed-in applicant's identity claims
(her name, number and address), the definition's copy rules (the applicant said she is the mother: the
mother's page starts with her name, number and address) and its defaults (Quốc tịch: Việt Nam).
Everything prefilled stays editable, and an answer already given, even an emptied one, is never
replaced; only the claims the identity locks (name, number, date of birth) always show the claim."""

import unicodedata

from webapp.forms_engine.dates import parse_day


def prefilled(step, answers, claimed=None, locked=()):
    """The answers to show on `step`: the `locked` claims, those stored, then for fields never answered
    the claims (`claimed`: field name → answer from the identity), copies, defaults."""
    claimed = claimed or {}
    shown = dict(answers)
    for field in step.fields:
        if field.name in locked:
            shown[field.name] = claimed[field.name]
            continue
        if field.name in answers:
            continue
        value = claimed.get(field.name)
        if value in (None, ""):
            value = _copied(step, field, answers)
        if value in (None, "") and field.default:
            value = field.default
        if value not in (None, ""):
            shown[field.name] = value
    return shown


def copied_names(step, answers, claimed=None):
    """The step's fields that start as a copy of an earlier answer, so the page can say so."""
    claimed = claimed or {}
    return {
        f.name
        for f in step.fields
        if f.name not in answers and f.name not in claimed and _copied(step, f, answers) not in (None, "")
    }


def claimed_names(fields, shown, claimed):
    """The fields whose shown answer is the identity's: marked «Từ định danh điện tử» until changed."""
    return {f.name for f in fields if f.name in claimed and shown.get(f.name) == claimed[f.name]}


def _copied(step, field, answers):
    for rule in step.copy_from:
        if not _applies(rule, answers):
            continue
        for target, source in rule.fields:
            if target == field.name:
                return _as_year(answers.get(source)) if field.is_year else answers.get(source)
    return None


def _as_year(value):
    """A date copied into a year field gives its year; a year copied stays as it is."""
    day = parse_day(value, earliest=1800) if isinstance(value, str) else None
    return day.year if day else value


def _applies(rule, answers):
    """Every condition holds: the earlier answer is one of the rule's values, compared as people type
    (case, spacing and composed or decomposed accents do not matter: "Bản thân" is "bản  thân")."""
    return all(_same_words(answers.get(name)) in {_same_words(v) for v in values} for name, values in rule.when)


def _same_words(value):
    text = unicodedata.normalize("NFC", str(value or ""))
    return " ".join(text.split()).casefold()
