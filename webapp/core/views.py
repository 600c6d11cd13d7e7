"""Cross-cutting pages: the language switch and the health check."""

from urllib.parse import urlparse

from flask import Blueprint, current_app, redirect, request

from webapp.db import db
from webapp.i18n import LANG_COOKIE

bp = Blueprint("core", __name__)
YEAR = 365 * 24 * 3600


def _safe_next(target):
    """Only go back to a page of this site (no open redirect)."""
    parts = urlparse(target or "")
    if parts.scheme or parts.netloc or not (target or "").startswith("/"):
        return "/"
    return target


@bp.post("/ngon-ngu")
def set_language():
    lang = request.form.get("lang", "vi")
    if lang not in current_app.config["LANGUAGES"]:
        lang = "vi"
    response = redirect(_safe_next(request.form.get("next")), code=303)
    response.set_cookie(LANG_COOKIE, lang, max_age=YEAR, samesite="Lax", httponly=True)
    return response


@bp.get("/healthz")
def health():
    db.execute_sql("SELECT 1")
    return {"status": "ok"}
