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


def search_text_for(record, field_row, old_codes):
    """Everything a citizen might type to find a procedure, folded once at seed time."""
    parts = [record["code"], *old_codes, record["name"], record.get("name_en", ""), field_row.name, field_row.name_en]
    return fold(" ".join(parts))
