"""Blank forms (mức 2): rendered once per rule-set version and language, then served from the store."""

import hashlib
import json

from webapp.forms_engine import render_docx, render_pdf
from webapp.forms_engine.stored import form_for
from webapp.storage import store

RENDERERS = {"pdf": render_pdf, "docx": render_docx}
MIMETYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def printed(procedure, lang):
    """What the blank form prints from the Procedure row (not from its rule set)."""
    return {"procedure_code": procedure.code, "procedure_name": procedure.display_name(lang)}


def cache_key(procedure, rule_set, spec, fmt, lang):
    """The file name of a rendered form: the rule set (id and version), the definition, and what the
    form prints from the Procedure row, whose name follows a new version only once apply_due has run:
    a form rendered in between keeps the old name under its own key, not the new one's."""
    content = {"form": spec.to_dict(), **printed(procedure, lang)}
    digest = hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    return f"{procedure.code}-v{rule_set.version}-r{rule_set.id}-{lang}-{digest[:16]}.{fmt}"


def blank_form(procedure, rule_set, fmt, lang):
    """(bytes, cache key) of the blank form; the key doubles as the download's ETag. (None, None) when
    there is no form, or no version in force (a procedure published for a later moment)."""
    spec = form_for(rule_set) if rule_set is not None else None
    if spec is None:
        return None, None
    key = cache_key(procedure, rule_set, spec, fmt, lang)
    try:
        return store("forms").read(key), key
    except FileNotFoundError:
        data = RENDERERS[fmt](spec, lang=lang, **printed(procedure, lang))
    store("forms").put(key, data)
    return data, key
