"""Backups that restore: the database and every stored file, with a manifest to check a restore by.

create() writes one folder under BACKUP_DIR (the database copied consistently while the site keeps
writing, then the files, then manifest.json), renames it complete, and keeps the newest BACKUP_KEEP.
restore() loads one into an empty instance and compares what it finds with the manifest. The job
queue (HUEY_URL) is left out on purpose: see docs/backup.md.
"""

from pathlib import Path

from webapp.backup import archive, database, files
from webapp.backup.database import BackupError
from webapp.storage import make_store, stores_of

FORMAT = 1

__all__ = ["BackupError", "create", "restore", "listing"]


def create(config):
    """Write a complete backup; (its folder, its manifest, the old backups removed)."""
    root, url = Path(config["BACKUP_DIR"]), config["DATABASE_URL"]
    engine = database.engine_of(url)
    in_database = engine == "postgresql" and database.same_database(url, config.get("STORAGE_URL") or "")
    with archive.locked(root):
        moment = archive.utcnow()
        with archive.partial(root, moment) as folder:
            if engine == "sqlite":
                found, dump = database.dump_sqlite(url, str(folder))
                areas = None
            else:
                found, dump, areas = database.dump_postgres(url, str(folder), in_database)
            if areas is None:
                areas = _copy_files(config, folder)
            manifest = _manifest(moment, engine, dump, found, areas, in_database)
            archive.write_manifest(folder, manifest)
            done = archive.publish(root, folder, moment)
        removed = archive.prune(root, int(config.get("BACKUP_KEEP", 14)))
    return done, manifest, removed


def _copy_files(config, folder):
    stores = stores_of(config)
    try:
        return files.copy_out(stores, folder)
    finally:
        _close(stores)


def _manifest(moment, engine, dump, found, areas, in_database):
    listed = [entry for names in areas.values() for entry in names.values()]
    return {
        "format": FORMAT,
        "created_at": moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "engine": engine,
        "database_file": dump,
        "migration": found["migration"],
        "tables": found["tables"],
        "sequences": found["sequences"],
        "files": {
            "in_database": in_database,
            "count": len(listed),
            "bytes": sum(entry["size"] for entry in listed),
            "areas": areas,
        },
    }


def restore(config, which):
    """Load a backup into this (empty) instance; (manifest, differences found when checking it)."""
    folder = archive.find(config["BACKUP_DIR"], which)
    manifest = archive.read_manifest(folder)
    url = config["DATABASE_URL"]
    engine = database.engine_of(url)
    _refuse_unless_restorable(manifest, engine)
    in_database = engine == "postgresql" and database.same_database(url, config.get("STORAGE_URL") or "")
    _refuse_unless_empty(config, engine, url, in_database)
    stores = stores_of(config)
    try:
        if engine == "sqlite":
            database.load_sqlite(str(folder), url)
        else:
            database.load_postgres(str(folder), url)
        _restore_files(config, manifest, folder, stores, in_database)
        return manifest, differences(manifest, database.read_facts(engine, url), stores)
    finally:
        _close(stores)


def _refuse_unless_restorable(manifest, engine):
    if manifest.get("format") != FORMAT:
        raise BackupError(f"backup format {manifest.get('format')!r} is not one this version reads ({FORMAT})")
    if manifest.get("engine") != engine:
        raise BackupError(f"this backup is of a {manifest.get('engine')} database; DATABASE_URL is {engine}")


def _refuse_unless_empty(config, engine, url, in_database):
    tables = database.tables_in(engine, url)
    if tables:
        raise BackupError(
            f"the database of DATABASE_URL is not empty ({len(tables)} tables, e.g. {sorted(tables)[0]}): "
            "a backup is restored only into an empty instance. Create a new database and point "
            "DATABASE_URL at it (and STORAGE_URL, or UPLOAD_DIR and FORM_CACHE_DIR, at empty places)."
        )
    if in_database:
        return  # the files come with the database and were checked with it
    stores = stores_of(config)
    try:
        full = [area for area, store in stores.items() if files.has_files(store)]
    finally:
        _close(stores)
    if full:
        raise BackupError(
            f"the file store already holds files ({', '.join(full)}): a backup is restored only into an "
            "empty instance; point UPLOAD_DIR and FORM_CACHE_DIR (or STORAGE_URL) at empty places."
        )


def _restore_files(config, manifest, folder, stores, in_database):
    areas = manifest["files"]["areas"]
    if not manifest["files"]["in_database"]:
        files.copy_in(stores, folder, areas)
    elif not in_database:
        # The dump brought the files as rows of this database; the instance keeps them elsewhere.
        sources = {area: make_store({**config, "STORAGE_URL": config["DATABASE_URL"]}, area) for area in areas}
        try:
            files.copy_between(sources, stores)
        finally:
            _close(sources)


def differences(manifest, found, stores):
    """Everything the restored instance says otherwise than the manifest, one line each."""
    wrong = [
        f"table {table}: {found['tables'].get(table)} rows instead of {count}"
        for table, count in manifest["tables"].items()
        if found["tables"].get(table) != count
    ]
    for table, rows in manifest["sequences"].items():
        if found["sequences"].get(table) != rows:
            wrong.append(f"sequence {table}: differs from the backup's")
    if found["migration"] != manifest["migration"]:
        wrong.append(f"migration {found['migration']} instead of {manifest['migration']}")
    return wrong + files.differences(stores, manifest["files"]["areas"])


def listing(config):
    """(folder, manifest or None when incomplete, bytes) of every backup under BACKUP_DIR, oldest first."""
    root = config["BACKUP_DIR"]
    rows = [(folder, manifest, archive.size_of(folder)) for folder, manifest in archive.complete(root)]
    return rows + [(folder, None, archive.size_of(folder)) for folder in archive.incomplete(root)]


def _close(stores):
    for store in stores.values():
        getattr(store, "close", lambda: None)()
