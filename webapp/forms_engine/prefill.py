"""What a step shows before the person has answered it: the definition's copy rules (the applicant
said she is the mother: the mother's page starts with her name, number and address) and its defaults
(Quốc tịch: Việt Nam). Everything prefilled stays editable, and an answer already given, even an
emptied one, is never replaced."""

import unicodedata


def prefilled(step, answers):
    """The answers to show on `step`: those stored, then copies, then defaults for fields never answered."""
    shown = dict(answers)
    for field in step.fields:
        if field.name in answers:
            continue
        value = _copied(step, field.name, answers)
        if value in (None, "") and field.default:
            value = field.default
        if value not in (None, ""):
            shown[field.name] = value
    return shown


def copied_names(step, answers):
    """The step's fields that start as a copy of an earlier answer, so the page can say so."""
    return {f.name for f in step.fields if f.name not in answers and _copied(step, f.name, answers) not in (None, "")}


def _copied(step, name, answers):
    for rule in step.copy_from:
        if not _applies(rule, answers):
            continue
        for target, source in rule.fields:
            if target == name:
                return answers.get(source)
    return None


def _applies(rule, answers):
    """Every condition holds: the earlier answer is one of the rule's values, compared as people type
    (case, spacing and composed or decomposed accents do not matter: "Bản thân" is "bản  thân")."""
    return all(_same_words(answers.get(name)) in {_same_words(v) for v in values} for name, values in rule.when)


def _same_words(value):
    text = unicodedata.normalize("NFC", str(value or ""))
    return " ".join(text.split()).casefold()
