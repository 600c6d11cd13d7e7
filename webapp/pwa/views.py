"""The manifest, the service worker (served from the root so its scope is the whole site) and the offline page."""

import json

from flask import current_app, render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from markupsafe import escape

from webapp.assets import asset_url
from webapp.pwa import bp
from webapp.pwa.icons import BRAND
from webapp.pwa.shell import cache_version, shell_urls

# The manifest is one document for every visitor, in the source language.
APP_NAME = "MotCua – Dịch vụ công"
SHORT_NAME = "MotCua"
DESCRIPTION = "Thủ tục hành chính cấp xã: thông tin, mẫu đơn và nộp hồ sơ trực tuyến."
PNG_ICONS = {"icons/motcua-192.png": "192x192", "icons/motcua-512.png": "512x512"}


@bp.get("/manifest.webmanifest")
def manifest():
    body = {
        "id": "/",
        "name": APP_NAME,
        "short_name": SHORT_NAME,
        "description": DESCRIPTION,
        "lang": "vi",
        "dir": "ltr",
        "start_url": url_for("catalogue.home"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": BRAND,
        "icons": _icons(),
    }
    return json.dumps(body, ensure_ascii=False), 200, {"Content-Type": "application/manifest+json; charset=utf-8"}


def _icons():
    icons = [{"src": asset_url("icons/motcua.svg"), "sizes": "any", "type": "image/svg+xml"}]
    for name, sizes in PNG_ICONS.items():
        icons.append({"src": asset_url(name), "sizes": sizes, "type": "image/png", "purpose": "any"})
    # The door keeps to the central circle a mask may cut to, so the large PNG is maskable too.
    icons.append({**icons[-1], "purpose": "maskable"})
    return icons


@bp.get("/sw.js")
def service_worker():
    """Rendered, not static: it names the current fingerprints, so a new deployment is a new worker."""
    urls = shell_urls()
    settings = {
        "version": cache_version(urls),
        "shell": urls,
        "offline": url_for(".offline"),
        "language": url_for("core.set_language"),
        "savedNote": _saved_notes(),
    }
    headers = {
        "Content-Type": "text/javascript; charset=utf-8",
        "Cache-Control": "no-cache",
        "Service-Worker-Allowed": "/",
    }
    return render_template("pwa/sw.js", settings=settings), 200, headers


def _saved_notes():
    """The note on a status page read from the device, in each language (the worker serves them all)."""
    notes = {}
    for lang in current_app.config["LANGUAGES"]:
        with force_locale(lang):
            note = _(
                "Bản lưu trên máy này, tải về lúc %(time)s. Khi có mạng, hãy tải lại trang để xem tình trạng mới nhất.",
                time="{time}",
            )
        notes[lang] = str(escape(note))
    return notes


@bp.get("/ngoai-tuyen")
def offline():
    return render_template("pwa/offline.html")
