"""Where files live: one interface for every stored file, the local folder or PostgreSQL by configuration.

`store("uploads")` keeps attachments, results, receipts, signed copies and the pieces of resumable
uploads; `store("forms")` the rendered blank forms. STORAGE_URL chooses the place like DATABASE_URL:
empty (the default, embedded) puts each area in its folder (UPLOAD_DIR, FORM_CACHE_DIR) on this
host's disk; `postgresql://…` puts them in chunked rows of that database, which every web host of
a province reaches. A file is always written whole before any row names it, and read in chunks.
"""

import re

from flask import current_app

from webapp.storage.local import LocalStore

AREAS = {"uploads": "UPLOAD_DIR", "forms": "FORM_CACHE_DIR"}
NAME = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}(/[A-Za-z0-9_-][A-Za-z0-9._-]{0,127})?")  # no leading dot


class StoredFileMissing(FileNotFoundError):
    """No file by that name in the store."""


def valid_name(name):
    """A stored name: one or two plain path parts, nothing that could climb out of an area."""
    if not NAME.fullmatch(name or "") or ".." in name:
        raise ValueError(f"not a stored name: {name!r}")
    return name


def store(area):
    """The app's store of `area` as its configuration names it now (a store holds its connections)."""
    config = current_app.config
    key = (area, config.get("STORAGE_URL") or "", config.get(AREAS[area]) or "")
    stores = current_app.extensions.setdefault("motcua_storage", {})
    if key not in stores:
        stores[key] = make_store(config, area)
    return stores[key]


def make_store(config, area):
    url = config.get("STORAGE_URL") or ""
    if not url:
        return LocalStore(config.get(AREAS[area]) or "")
    if url.startswith(("postgresql:", "postgres:")):
        from webapp.storage.postgres import PostgresStore

        return PostgresStore(url, area)
    raise ValueError(f"STORAGE_URL must be empty or start with postgresql://, not {url!r}")


def stores_of(config):
    """Every area's store for a configuration, outside any request (backups, checks)."""
    return {area: make_store(config, area) for area in AREAS}
