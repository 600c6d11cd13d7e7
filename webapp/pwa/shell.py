"""What the service worker keeps for every page (the shell), and the version that names its caches.

The version is a hash of the shell's fingerprinted URLs and of the files that shape the offline
experience, so a deployment that changes any of them installs a new worker that drops the old caches.
"""

import hashlib
from functools import lru_cache

from flask import current_app, url_for

from webapp.assets import asset_url, vendor_file
from webapp.config import ROOT

# The SVG icon, 541 bytes, serves every size; the PNGs (5 KB) are fetched only when the app is installed.
ICONS = ("icons/motcua.svg",)
# filing-offline.js is also the worker's own outbox code (imported by sw.js), so filing goes on offline.
# The stylesheet is inside every page (webapp/assets.py inline_stylesheet), so it is not a shell file.
SHELL_ASSETS = ("js/sw-register.js", "js/offline.js", "js/filing-offline.js", *ICONS)
# Not fingerprinted like the assets, yet a change to them must reach every device.
SHAPING_FILES = (
    "static/css/site.css",  # kept pages carry it inline: a new stylesheet must drop them
    "templates/pwa/sw.js",
    "templates/pwa/offline.html",
    "translations/vi/LC_MESSAGES/messages.po",
    "translations/en/LC_MESSAGES/messages.po",
)


def shell_assets():
    """Static files every page needs, htmx included when the setup step installed it."""
    htmx = vendor_file(current_app.static_folder, "htmx")
    return [*SHELL_ASSETS, htmx] if htmx else list(SHELL_ASSETS)


def shell_urls():
    """The shell's URLs exactly as the pages reference them (with ?v=fingerprint), and the offline page."""
    return [asset_url(name) for name in shell_assets()] + [url_for("pwa.offline")]


def cache_version(urls, shaping_files=SHAPING_FILES):
    digest = hashlib.sha256("\n".join(urls).encode())
    digest.update(_deployed_files_digest() if shaping_files is SHAPING_FILES else _files_digest(shaping_files))
    return digest.hexdigest()[:12]


@lru_cache(maxsize=1)
def _deployed_files_digest():
    """The shaping files change only with a deployment (a restart): read them once per process, not
    on every /sw.js request (the two catalogs alone are some 200 KB)."""
    return _files_digest(SHAPING_FILES)


def _files_digest(names):
    digest = hashlib.sha256()
    for name in names:
        path = ROOT / name
        digest.update(path.read_bytes() if path.exists() else b"")
    return digest.digest()
