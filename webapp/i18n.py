"""Vietnamese first, English second; the choice lives in a cookie so it is remembered."""

from flask import current_app, request
from flask_babel import Babel, get_locale

LANG_COOKIE = "lang"


def select_locale():
    lang = request.cookies.get(LANG_COOKIE) if request else None
    return lang if lang in current_app.config["LANGUAGES"] else "vi"


def current_lang():
    return str(get_locale() or "vi")


def init_app(app):
    Babel(app, locale_selector=select_locale)
