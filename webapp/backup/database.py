"""The database's half of a backup: a consistent copy, and the facts about that copy the manifest keeps.

SQLite is copied by its online backup API in one step: one read transaction, so the copy is the
database at one moment while the web keeps writing (WAL). PostgreSQL is dumped by pg_dump inside a
snapshot this module exports, and the row counts, sequences and (when the files live in the same
database) the files' checksums are read in that same snapshot: the manifest describes exactly the dump.
"""

import contextlib
import hashlib
import os
import sqlite3
import subprocess
from urllib.parse import unquote, urlparse

import psycopg2

SEQUENCES = {"dossier_sequence": ("agency_id", "day"), "log_book_sequence": ("agency_id", "year")}
MIGRATIONS = "migration_history"
SQLITE_FILE, PG_FILE = "database.sqlite3", "database.pgdump"
PG_DUMP, PG_RESTORE = os.environ.get("PG_DUMP", "pg_dump"), os.environ.get("PG_RESTORE", "pg_restore")


class BackupError(Exception):
    """What the operator is told when a backup or a restore cannot go on."""


def engine_of(url):
    if url.startswith("sqlite"):
        return "sqlite"
    if url.split(":", 1)[0].split("+", 1)[0] in ("postgres", "postgresql"):
        return "postgresql"
    raise BackupError(f"no backup for this DATABASE_URL scheme: {url.split(':', 1)[0]}")


def sqlite_path(url):
    path = url.split(":///", 1)[-1].split("?", 1)[0]
    if not path or path == ":memory:":
        raise BackupError("an in-memory SQLite database has nothing to back up")
    return path


def libpq(url):
    """(URL without its password, environment with PGPASSWORD): the password never shows in `ps`."""
    parts = urlparse("postgresql:" + url.split(":", 1)[1])
    env = {**os.environ}
    if parts.password is not None:
        env["PGPASSWORD"] = unquote(parts.password)
        host = f"[{parts.hostname}]" if ":" in (parts.hostname or "") else parts.hostname or ""
        user = f"{parts.username}@" if parts.username else ""
        port = f":{parts.port}" if parts.port else ""
        parts = parts._replace(netloc=f"{user}{host}{port}")
    return parts.geturl(), env


def same_database(url, other):
    """Whether two PostgreSQL URLs name one database (host, port and name)."""

    def key(u):
        parts = urlparse("postgresql:" + u.split(":", 1)[1])
        return (parts.hostname or "localhost", parts.port or 5432, parts.path.lstrip("/"))

    return bool(url and other) and engine_of(other) == "postgresql" and key(url) == key(other)


# --- facts read from a consistent copy ---------------------------------------------------------


def facts(cursor, tables):
    """Row counts per table, the dossier-code and log-book sequences, the newest migration."""
    counts = {}
    for table in sorted(tables):
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]
    sequences = {}
    for table, (agency, period) in SEQUENCES.items():
        if table in tables:
            cursor.execute(f'SELECT "{agency}", "{period}", "last" FROM "{table}" ORDER BY 1, 2')
            sequences[table] = [[row[0], str(row[1]), row[2]] for row in cursor.fetchall()]
    migration = None
    if MIGRATIONS in tables:
        cursor.execute(f'SELECT MAX("name") FROM "{MIGRATIONS}"')
        migration = cursor.fetchone()[0]
    return {"tables": counts, "sequences": sequences, "migration": migration}


def sqlite_tables(conn):
    rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    return {row[0] for row in rows}


def pg_tables(cursor):
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    return {row[0] for row in cursor.fetchall()}


def read_facts(engine, url):
    """The same facts from a live database (after a restore, to compare with the manifest)."""
    if engine == "sqlite":
        with contextlib.closing(sqlite3.connect(sqlite_path(url))) as conn:
            return facts(conn.cursor(), sqlite_tables(conn))
    with contextlib.closing(psycopg2.connect(libpq_dsn(url))) as conn, conn.cursor() as cursor:
        return facts(cursor, pg_tables(cursor))


def libpq_dsn(url):
    return "postgresql:" + url.split(":", 1)[1]


# --- create ------------------------------------------------------------------------------------


def dump_sqlite(url, folder):
    """Copy the database into folder/database.sqlite3 in one step of the online backup API."""
    target = os.path.join(folder, SQLITE_FILE)
    source = sqlite3.connect(sqlite_path(url), timeout=30)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)  # pages=-1: the whole database in one read transaction, consistent
    finally:
        source.close()
    try:
        return facts(copy.cursor(), sqlite_tables(copy)), SQLITE_FILE
    finally:
        copy.close()


@contextlib.contextmanager
def pg_snapshot(url):
    """A read-only repeatable-read transaction whose snapshot pg_dump is given: (cursor, snapshot id)."""
    conn = psycopg2.connect(libpq_dsn(url))
    try:
        conn.set_session(isolation_level="REPEATABLE READ", readonly=True)
        with conn.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            yield conn, cursor, cursor.fetchone()[0]
        conn.rollback()
    finally:
        conn.close()


def dump_postgres(url, folder, files_in_database):
    """pg_dump --format=custom in an exported snapshot; facts (and in-database file checksums) read in it."""
    target = os.path.join(folder, PG_FILE)
    address, env = libpq(url)
    with pg_snapshot(url) as (conn, cursor, snapshot):
        command = [PG_DUMP, "--format=custom", f"--snapshot={snapshot}", f"--file={target}", f"--dbname={address}"]
        try:
            dump = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        except OSError as missing:
            raise BackupError(f"cannot run {PG_DUMP}: {missing}") from missing
        found = facts(cursor, pg_tables(cursor))
        files = stored_in_snapshot(conn, found["tables"]) if files_in_database else None
        errors = dump.communicate()[1].decode(errors="replace").strip()
    if dump.returncode:
        raise BackupError(f"pg_dump failed ({dump.returncode}): {errors}")
    return found, PG_FILE, files


def stored_in_snapshot(conn, tables):
    """{area: {name: {sha256, size}}} of the files stored in this database, chunk by chunk, as of the
    snapshot (a server-side cursor: never a whole file, nor all of them, in memory)."""
    areas = {}
    if "stored_chunk" not in tables or "stored_file" not in tables:
        return areas
    with conn.cursor(name="backup_chunks") as chunks:
        chunks.itersize = 16
        chunks.execute(
            "SELECT f.area, f.name, c.data FROM stored_file f JOIN stored_chunk c "
            "ON c.area = f.area AND c.name = f.name ORDER BY f.area, f.name, c.seq"
        )
        current, digest, size = None, None, 0
        for area, name, data in chunks:
            if (area, name) != current:
                if current:
                    areas.setdefault(current[0], {})[current[1]] = {"sha256": digest.hexdigest(), "size": size}
                current, digest, size = (area, name), hashlib.sha256(), 0
            digest.update(data)
            size += len(data)
        if current:
            areas.setdefault(current[0], {})[current[1]] = {"sha256": digest.hexdigest(), "size": size}
    return areas


# --- restore -----------------------------------------------------------------------------------


def tables_in(engine, url):
    """The tables the target database already has (a restore goes only into an empty one)."""
    if engine == "sqlite":
        path = sqlite_path(url)
        if not os.path.exists(path):
            return set()
        with contextlib.closing(sqlite3.connect(path)) as conn:
            return sqlite_tables(conn)
    with contextlib.closing(psycopg2.connect(libpq_dsn(url))) as conn, conn.cursor() as cursor:
        return pg_tables(cursor)


def load_sqlite(folder, url):
    """Copy the backup's database into the configured file through SQLite itself (its WAL and locks
    stay right even if a connection has the empty file open)."""
    path = sqlite_path(url)
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    source = sqlite3.connect(f"file:{os.path.join(folder, SQLITE_FILE)}?mode=ro", uri=True)
    target = sqlite3.connect(path, timeout=30)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()


def load_postgres(folder, url):
    """pg_restore into the configured database, all or nothing."""
    address, env = libpq(url)
    command = [
        *(PG_RESTORE, "--no-owner", "--no-acl", "--exit-on-error", "--single-transaction"),
        *(f"--dbname={address}", os.path.join(folder, PG_FILE)),
    ]
    try:
        done = subprocess.run(command, env=env, capture_output=True, check=False)
    except OSError as missing:
        raise BackupError(f"cannot run {PG_RESTORE}: {missing}") from missing
    if done.returncode:
        raise BackupError(f"pg_restore failed ({done.returncode}): {done.stderr.decode(errors='replace').strip()}")
