"""Answers that come from the national electronic identity: a field marked `identity: <claim>` starts
from the claim the provider vouched for (full name, identity number, date of birth, sex, address), in
the form the field stores it. Pure functions: the filing views say whose claims they are and which
claims are locked."""

from webapp.forms_engine.answers import Invalid, clean_value
from webapp.forms_engine.dates import parse_day
from webapp.text import strip_marks

SEX_WORDS = ("Nam", "Nữ")  # how the identity layer writes the sex claim


def folded(text):
    """'Nữ', 'NU', 'nữ ' → 'nu': a choice is matched whatever its case, spacing or accents."""
    return " ".join(strip_marks(str(text or "")).split()).casefold()


def sex_choice(field, sex):
    """The value of the field's choice for the claim "Nam"/"Nữ" (by value or label), or None."""
    wanted = folded(sex)
    if not wanted:
        return None
    return next((c.value for c in field.choices if wanted in (folded(c.value), folded(c.label))), None)


def claim_answer(field, identity):
    """The field's answer from `identity` (a draft's identity record), "" when the claim is missing or
    is not an answer the field accepts (a name longer than the field allows is typed, not locked)."""
    raw = (identity or {}).get(field.identity, "") if field.identity else ""
    if not raw:
        return ""
    if field.identity == "sex":
        raw = sex_choice(field, raw) or ""
    elif field.identity == "birthdate":
        day = parse_day(str(raw), earliest=1800)
        raw = f"{day:%d/%m/%Y}" if day else ""
    try:
        return clean_value(field, str(raw).strip()) if raw else ""
    except Invalid:
        return ""


def from_identity(fields, identity):
    """{field name: answer} for the fields marked with a claim that `identity` holds."""
    if not identity:
        return {}
    found = {f.name: claim_answer(f, identity) for f in fields if f.identity}
    return {name: value for name, value in found.items() if value not in ("", None)}


def locked_names(fields, claimed, locked_claims):
    """The fields whose claim is locked (name, number, birth date when signed in) and was found."""
    return {f.name for f in fields if f.identity in locked_claims and f.name in claimed}


def locked_answers(fields, identity, locked_claims):
    """{field name: the claim's answer} for the fields whose claim is locked and found: what a draft of
    that identity answers there, whatever was typed."""
    claimed = from_identity(fields, identity)
    return {name: claimed[name] for name in locked_names(fields, claimed, locked_claims)}


def used_claims(spec, identity):
    """What a dossier keeps of a draft's identity record: only the claims its form's fields take, with
    who vouched for them and when; None when the form takes none (the claims stay off that dossier)."""
    used = {f.identity for step in spec.steps for f in step.fields if f.identity}
    kept = {claim: value for claim, value in (identity or {}).items() if claim in used and value}
    if not kept:
        return None
    return {**kept, **{k: identity[k] for k in ("issuer", "verified_at") if k in identity}}
