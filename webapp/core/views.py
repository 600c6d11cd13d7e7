"""Cross-cutting pages: the language switch and the plain health check (the operators' routes are
webapp/monitoring's)."""

from flask import current_app, redirect, request

from webapp.core import bp
from webapp.db import db
from webapp.i18n import LANG_COOKIE
from webapp.identity.session import safe_next

YEAR = 365 * 24 * 3600


@bp.post("/ngon-ngu")
def set_language():
    lang = request.form.get("lang", "vi")
    if lang not in current_app.config["LANGUAGES"]:
        lang = "vi"
    response = redirect(safe_next(request.form.get("next"), default="/"), code=303)
    response.set_cookie(LANG_COOKIE, lang, max_age=YEAR, samesite="Lax", httponly=True)
    return response


@bp.get("/healthz")
def health():
    db.execute_sql("SELECT 1")
    return {"status": "ok"}
