"""The backups on disk: one folder per backup under BACKUP_DIR, named by its UTC time, holding the
database, files/<area>/<name> and manifest.json.

A backup is written under a dot-name and renamed once whole, so a folder without the dot always is a
complete backup; retention only ever counts and removes those.
"""

import contextlib
import datetime
import fcntl
import json
import os
import shutil
from pathlib import Path

from webapp.backup.database import BackupError

MANIFEST = "manifest.json"
PARTIAL = ".partial-"


def stamp(moment):
    return moment.strftime("%Y%m%dT%H%M%SZ")


@contextlib.contextmanager
def locked(root):
    """One backup at a time per BACKUP_DIR (a timer firing while a slow one still runs)."""
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as busy:
            raise BackupError(f"another backup is being written in {root}") from busy
        yield


@contextlib.contextmanager
def partial(root, moment):
    """A folder to write into, removed on the way out unless publish() renamed it."""
    folder = root / f"{PARTIAL}{stamp(moment)}-{os.getpid()}"
    folder.mkdir(parents=True)
    try:
        yield folder
    finally:
        if folder.exists():
            shutil.rmtree(folder, ignore_errors=True)


def publish(root, folder, moment):
    """Rename a whole backup to its UTC time: from now on it counts as complete."""
    name, n = stamp(moment), 1
    while (root / name).exists():
        n += 1
        name = f"{stamp(moment)}-{n}"
    os.replace(folder, root / name)
    _fsync_dir(root)
    return root / name


def _fsync_dir(path):
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_manifest(folder, manifest):
    with open(folder / MANIFEST, "w", encoding="utf-8") as out:
        json.dump(manifest, out, ensure_ascii=False, indent=1, sort_keys=True)
        out.flush()
        os.fsync(out.fileno())


def read_manifest(folder):
    try:
        with open(Path(folder) / MANIFEST, encoding="utf-8") as stream:
            return json.load(stream)
    except (OSError, ValueError) as unreadable:
        raise BackupError(f"{folder} is not a complete backup: {unreadable}") from unreadable


def complete(root):
    """(folder, manifest) of every complete backup under root, oldest first."""
    found = []
    if not Path(root).is_dir():
        return found
    for folder in Path(root).iterdir():
        if folder.is_dir() and not folder.name.startswith(".") and (folder / MANIFEST).is_file():
            with contextlib.suppress(BackupError):
                found.append((folder, read_manifest(folder)))
    return sorted(found, key=lambda pair: (pair[1].get("created_at", ""), pair[0].name))


def incomplete(root):
    return sorted(p for p in Path(root).glob(PARTIAL + "*") if p.is_dir()) if Path(root).is_dir() else []


def prune(root, keep):
    """Remove all but the newest `keep` complete backups; the folders removed."""
    backups = complete(root)
    gone = [folder for folder, _ in backups[: max(0, len(backups) - keep)]]
    for folder in gone:
        shutil.rmtree(folder)
    return gone


def find(root, which):
    """A backup by its name under root, or by a path to its folder."""
    for folder in (Path(root) / which, Path(which)):
        if which and (folder / MANIFEST).is_file() and not folder.name.startswith("."):
            return folder
    raise BackupError(f"no complete backup named {which!r} (in {root}); `flask backup list` shows them")


def size_of(folder):
    return sum(p.stat().st_size for p in Path(folder).rglob("*") if p.is_file())


def utcnow():
    return datetime.datetime.now(datetime.UTC)
