"""Pages rendered once per state and kept in this process, for the page people reload while they wait.

The key names everything the page shows (the dossier's version, the language…); the CSRF token every
page carries (the language switch) is taken out of the kept copy and this browser's own is put back
on the way out, so one rendering serves every browser that proved the code. The compressed bytes of
what one browser got are kept too: a person reloading gets them without compressing again.
"""

import gzip
import threading
from collections import OrderedDict

import brotli
from flask import current_app, request, session
from flask_wtf.csrf import generate_csrf

SLOT = "\x00csrf\x00"
ENCODINGS = ("br", "gzip")


class PageCache:
    def __init__(self, size=512):
        self.size = size
        self._pages = OrderedDict()  # key → (html with SLOT, valid until)
        self._signed = OrderedDict()  # a session's raw CSRF token → a signed form of it
        self._bodies = OrderedDict()  # (key, signed token, encoding) → bytes as sent
        self._lock = threading.Lock()

    def page(self, key, render, now):
        """(body, headers) for `key`, rendering with `render()` → (html, valid_until or None) when this
        process has no copy, or its copy's time ran out (a due date passed: "on time" became "late")."""
        if "_flashes" in session:  # a one-off message belongs to this response only
            return render()[0], {}
        kept = self._get(self._pages, key)
        if kept is None or (kept[1] is not None and now >= kept[1]):
            html, valid_until = render()
            kept = (html.replace(generate_csrf(), SLOT), valid_until)
            self._keep(self._pages, key, kept, self.size)
            self._forget_bodies(key)
        token = self._form_token()
        encoding = request.accept_encodings.best_match(ENCODINGS)
        body = self._get(self._bodies, (key, token, encoding))
        if body is None:
            body = _encoded(kept[0].replace(SLOT, token).encode(), encoding)
            self._keep(self._bodies, (key, token, encoding), body, self.size * 8)
        headers = {"Vary": "Accept-Encoding", "Content-Type": "text/html; charset=utf-8"}
        if encoding:
            headers["Content-Encoding"] = encoding  # flask-compress leaves an encoded body alone
        return body, headers

    def _form_token(self):
        """This session's CSRF token, signed once per process: without a time limit
        (WTF_CSRF_TIME_LIMIT = None) a signed token stays valid as long as the session's."""
        raw = session.get("csrf_token")
        if raw is None or current_app.config.get("WTF_CSRF_TIME_LIMIT") is not None:
            return generate_csrf()
        signed = self._get(self._signed, raw)
        if signed is None:
            signed = generate_csrf()
            self._keep(self._signed, raw, signed, self.size * 8)
        return signed

    def _get(self, store, key):
        with self._lock:
            value = store.get(key)
            if value is not None:
                store.move_to_end(key)
            return value

    def _keep(self, store, key, value, limit):
        with self._lock:
            store[key] = value
            store.move_to_end(key)
            while len(store) > limit:
                store.popitem(last=False)

    def _forget_bodies(self, key):
        with self._lock:
            for stale in [k for k in self._bodies if k[0] == key]:
                del self._bodies[stale]


def _encoded(body, encoding):
    config = current_app.config
    if encoding == "br":
        return brotli.compress(body, quality=config.get("COMPRESS_BR_LEVEL", 4))
    if encoding == "gzip":
        return gzip.compress(body, compresslevel=config.get("COMPRESS_LEVEL", 6))
    return body
