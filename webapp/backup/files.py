"""The files' half of a backup: every name of every store area, streamed, each with its SHA-256.

They are copied after the database: a file is always written before the row that names it, so every
file the copied database names is already there to copy. A file removed in between is left out
(and its row, if the copy still has one, is reported at restore by the checksum comparison).
"""

import hashlib
import os
from pathlib import Path

from webapp.storage import StoredFileMissing

CHUNK = 256 * 1024
FOLDER = "files"


def copy_out(stores, folder):
    """Stream every stored file into folder/files/<area>/<name>; {area: {name: {sha256, size}}}."""
    areas = {}
    for area, source in stores.items():
        listed = areas.setdefault(area, {})
        for name, _modified in source.names():
            target = Path(folder, FOLDER, area, name)
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                with source.open(name) as stream, open(target, "wb") as out:
                    listed[name] = _copy(stream, out)
            except StoredFileMissing:
                target.unlink(missing_ok=True)  # removed since it was listed
    return areas


def _copy(stream, out):
    digest, size = hashlib.sha256(), 0
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
        out.write(chunk)
        size += len(chunk)
    out.flush()
    os.fsync(out.fileno())
    return {"sha256": digest.hexdigest(), "size": size}


def copy_in(stores, folder, areas):
    """Put every file the manifest lists back through each area's store, streamed."""
    for area, names in areas.items():
        for name in names:
            with open(Path(folder, FOLDER, area, name), "rb") as stream:
                stores[area].put(name, stream)


def copy_between(sources, targets):
    """Files the database dump brought (in its stored_file tables) moved to a store elsewhere."""
    for area, source in sources.items():
        for name, _modified in source.names():
            with source.open(name) as stream:
                targets[area].put(name, stream)


def checksum(store, name):
    """{sha256, size} of a stored file read back through its store, or None when it is missing."""
    digest, size = hashlib.sha256(), 0
    try:
        with store.open(name) as stream:
            while chunk := stream.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
    except StoredFileMissing:
        return None
    return {"sha256": digest.hexdigest(), "size": size}


def differences(stores, areas):
    """'area/name: why' for every file the manifest lists that the stores do not give back the same."""
    wrong = []
    for area, names in areas.items():
        for name, expected in names.items():
            found = checksum(stores[area], name)
            if found is None:
                wrong.append(f"{area}/{name}: missing")
            elif found != expected:
                wrong.append(f"{area}/{name}: sha256 {found['sha256'][:12]}… instead of {expected['sha256'][:12]}…")
    return wrong


def has_files(store):
    return next(iter(store.names()), None) is not None
