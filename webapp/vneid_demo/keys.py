"""The demo provider's signing key: RSA 2048, made at first use and kept in DEMO_IDP_KEY_FILE.

`make run` serves with several gunicorn workers, each of which may be the first to need the key; they
must all sign with the same one. So the file is written whole under a temporary name, then linked to
its real name: os.link fails if another worker got there first, and the loser reads the winner's key.
The file is never seen half written, and never replaced once there.
"""

import contextlib
import json
import os
import tempfile
import threading
from pathlib import Path

from flask import current_app
from joserfc.jwk import KeySet, RSAKey

ALGORITHM = "RS256"
_loaded = {}  # key file → RSAKey, per process
_lock = threading.Lock()


def signing_key():
    """The private key this app signs its ID and access tokens with."""
    path = Path(current_app.config["DEMO_IDP_KEY_FILE"])
    with _lock:
        if path not in _loaded:
            _loaded[path] = load_or_create(path)
        return _loaded[path]


def public_key_set():
    """The JWKS document: the public half of the signing key, with its kid."""
    return KeySet([signing_key()]).as_dict(private=False)


def load_or_create(path):
    if not path.exists():
        _create(path)
    return RSAKey.import_key(json.loads(path.read_text(encoding="utf-8")))


def _create(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    # kid: the key's RFC 7638 thumbprint, so a new key file is a new kid.
    key = RSAKey.generate_key(2048, parameters={"use": "sig", "alg": ALGORITHM}, auto_kid=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")  # mode 0600
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(key.as_dict(private=True), out)
            out.flush()
            os.fsync(out.fileno())
        with contextlib.suppress(FileExistsError):  # another worker won the race: its key is the key
            os.link(temporary, path)
    finally:
        os.unlink(temporary)
