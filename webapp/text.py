"""Vietnamese text helpers shared by search and SMS."""

import re
import unicodedata

CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# Keep dots and dashes inside words: procedure codes (1.001193) and dossier codes use them.
NON_WORD_RE = re.compile(r"[^0-9a-z.\-]+")


def strip_marks(text):
    """Vietnamese without diacritics: 'Đăng ký' → 'Dang ky' (đ is a letter, not a mark)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def fold(text):
    """Lower-case, unaccented, single-spaced words: the form search compares."""
    words = NON_WORD_RE.sub(" ", strip_marks(CONTROL_RE.sub(" ", text or "")).lower())
    return " ".join(w.strip(".-") for w in words.split() if w.strip(".-"))
