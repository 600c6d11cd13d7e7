"""Blank forms (mức 2): rendered once per rule-set version and language, then served from disk."""

import hashlib
import json
from pathlib import Path

from flask import current_app

from webapp.forms_engine import render_docx, render_pdf
from webapp.forms_engine.stored import form_for

RENDERERS = {"pdf": render_pdf, "docx": render_docx}
MIMETYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def cache_key(procedure, rule_set, spec, fmt, lang):
    digest = hashlib.sha256(json.dumps(spec.to_dict(), sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    return f"{procedure.code}-v{rule_set.version}-{lang}-{digest[:16]}.{fmt}"


def blank_form(procedure, rule_set, fmt, lang):
    """(bytes, cache key) of the blank form; the key doubles as the download's ETag."""
    spec = form_for(rule_set)
    if spec is None:
        return None, None
    key = cache_key(procedure, rule_set, spec, fmt, lang)
    path = Path(current_app.config["FORM_CACHE_DIR"]) / key
    if path.exists():
        return path.read_bytes(), key
    data = RENDERERS[fmt](spec, procedure_code=procedure.code, procedure_name=procedure.display_name(lang), lang=lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    return data, key
