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
        """(name, modified at, UTC) of every stored file whose name starts with `prefix`."""
        if not self.root.is_dir():
            return
        for path in sorted(self.root.rglob("*")):
            name = path.relative_to(self.root).as_posix()
            if path.is_file() and not path.name.startswith(".") and name.startswith(prefix):
                modified = datetime.datetime.fromtimestamp(path.stat().st_mtime, datetime.UTC)
                yield name, modified.replace(tzinfo=None)

    def check(self):
        """Raise unless a file can be written, read back and removed here."""
        self.root.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=self.root, prefix=".health-") as probe:
            probe.write(b"ok")
            probe.flush()
            probe.seek(0)
            if probe.read() != b"ok":
                raise OSError(f"{self.root} gave back other bytes")
