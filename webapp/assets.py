"""Static files by content hash (cached for a year), the vendored libraries, the inline stylesheet."""

import base64
import hashlib
import re
from functools import lru_cache
from pathlib import Path

from flask import current_app, url_for

STYLESHEET = "css/site.css"
# The stylesheet's comments are for its readers, not for every page a phone downloads.
CSS_COMMENT = re.compile(r"/\*.*?\*/\n?", re.S)


@lru_cache(maxsize=256)
def _fingerprint(static_folder, filename):
    return hashlib.sha256((Path(static_folder) / filename).read_bytes()).hexdigest()[:12]


@lru_cache(maxsize=4)
def inline_stylesheet(static_folder):
    """(the stylesheet's text, its CSP hash source). It goes inside every page: on a 2G link each
    request costs seconds, and a linked stylesheet would hold the first paint for a second round trip."""
    text = CSS_COMMENT.sub("", (Path(static_folder) / STYLESHEET).read_text(encoding="utf-8"))
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
    return text, f"sha256-{digest}"


@lru_cache(maxsize=16)
def vendor_file(static_folder, name):
    """static/vendor/<name>-<version>.min.js as copied by the setup step, or None if absent."""
    found = sorted(Path(static_folder).glob(f"vendor/{name}-*.min.js"))
    return found[-1].relative_to(static_folder).as_posix() if found else None


def asset_url(filename):
    """URL of a static file with its content hash, so it can be cached for a year."""
    return url_for("static", filename=filename, v=_fingerprint(current_app.static_folder, filename))
