"""The embedded store: each area a folder on this host's disk."""

import datetime
import os
import shutil
import tempfile
from pathlib import Path

CHUNK = 256 * 1024


class LocalStore:
    kind = "local"

    def __init__(self, root):
        self.root = Path(root)

    def path(self, name):
        from webapp.storage import valid_name

        return self.root / valid_name(name)

    def put(self, name, data):
        """Write beside the target then rename, so a reader never sees half a file; `data` is bytes
        or a readable binary file, copied in chunks."""
        target = self.path(name)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".part-")
        try:
            with os.fdopen(fd, "wb") as out:
                if isinstance(data, (bytes, bytearray, memoryview)):
                    out.write(data)
                else:
                    shutil.copyfileobj(data, out, CHUNK)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def open(self, name):
        from webapp.storage import StoredFileMissing

        try:
            return open(self.path(name), "rb")
        except FileNotFoundError as missing:
            raise StoredFileMissing(name) from missing

    def read(self, name):
        with self.open(name) as stored:
            return stored.read()

    def exists(self, name):
        return self.path(name).is_file()

    def size(self, name):
        return self.path(name).stat().st_size

    def delete(self, name):
        self.path(name).unlink(missing_ok=True)

    def names(self, prefix=""):
        """(name, modified at, UTC) of every stored file whose name starts with `prefix`, in no set
        order, read from the folder as it goes (a province's million files are never listed at once)."""
        yield from self._walk(self.root, "", prefix)

    def _walk(self, folder, parent, prefix):
        try:
            entries = os.scandir(folder)
        except FileNotFoundError:
            return
        with entries:
            for entry in entries:
                name = parent + entry.name
                if entry.name.startswith(".") or not (name.startswith(prefix) or prefix.startswith(name + "/")):
                    continue
                if entry.is_dir(follow_symlinks=False):
                    if not parent:  # names have two parts at most
                        yield from self._walk(entry.path, name + "/", prefix)
                    continue
                try:
                    modified = entry.stat().st_mtime
                except FileNotFoundError:  # removed while we walked
                    continue
                yield name, datetime.datetime.fromtimestamp(modified, datetime.UTC).replace(tzinfo=None)

    def check(self):
        """Raise unless a file can be written, read back and removed here."""
        self.root.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=self.root, prefix=".health-") as probe:
            probe.write(b"ok")
            probe.flush()
            probe.seek(0)
            if probe.read() != b"ok":
                raise OSError(f"{self.root} gave back other bytes")
