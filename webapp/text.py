"""Vietnamese text helpers shared by search, SMS and every list of names (collation)."""

import functools
import re
import unicodedata

CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# Keep dots and dashes inside words: procedure codes (1.001193) and dossier codes use them.
NON_WORD_RE = re.compile(r"[^0-9a-z.\-]+")
# What people type between groups of digits (an ID card's "042 195 001 234", a phone's "0912.345.678",
# "(091) 234-5678", dashes of every width, a slash or an underscore): dropped before a length is checked.
DIGIT_SEPARATORS_RE = re.compile(r"[\s.\-‐-―_/()]")


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


# Vietnamese collation. Written by hand rather than taken from ICU: PyICU publishes no wheels (pip builds
# it against the system's libicu-dev with a C++ compiler), the wheels others repackage are unofficial,
# and ICU's "vi" collator would still need our two departures below (tone per syllable, numbers).
VI_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"  # Vietnamese, with f j w z where Latin puts them
_LETTER_RANK = {letter: rank for rank, letter in enumerate(VI_ALPHABET)}
_OTHER_LETTERS = len(VI_ALPHABET)  # letters of other scripts: after z, by code point
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn: they make ă â ê ô ơ ư
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng
_NUMBER, _LETTER = 0, 1  # digits before letters


@functools.lru_cache(maxsize=8192)
def collation_key(text):
    """Sort key for Vietnamese names: `sorted(names, key=collation_key)`.

    - Letters in the Vietnamese alphabet order a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y,
      ă â đ ê ô ơ ư being letters of their own after their base letter (CLDR "vi" tailoring,
      common/collation/vi.xml: &a<ă<â &d<đ &e<ê &o<ô<ơ &u<ư).
    - Tones are a secondary difference, in the CLDR "vi" order ngang < huyền < hỏi < ngã < sắc < nặng
      (the same file: &̀<<̉<<̃<<́<<̣), so "Ma" < "Mà" < "Mả" < "Mã" < "Má" < "Mạ" < "Mac".
    - Word by word, as Vietnamese dictionaries order syllables: a word (its letters, then its tone) is
      compared whole before the next, and a shorter word first ("Sơn Tây" < "Sơn Tây Bắc" < "Sơn Tiến").
      CLDR instead compares the tones of the whole string after all its letters ("Hạ Long" < "Hà Nam").
    - The tone belongs to the syllable, not to the vowel carrying it: "Hoà" and "Hòa" sort together
      (ICU keeps them apart: Hoà < Hoá < Hòa).
    - Case, NFC/NFD and punctuation make no difference; runs of digits compare as numbers
      ("Phường 2" < "Phường 10"). Ties between different texts are broken by the NFC text itself, so
      the key is a total order and equal only for equal (NFC) texts.
    """
    text = unicodedata.normalize("NFC", str(text or ""))
    return tuple(_word_keys(unicodedata.normalize("NFD", text))), text


def person_collation_key(full_name):
    """Sort key for a Vietnamese person's name: by the given name (the last word) first, then the whole
    name from the family name on, as Vietnamese lists of people are ordered ("Lê Văn An" before
    "Bùi Thị Hương")."""
    words = str(full_name or "").split()
    return collation_key(words[-1] if words else ""), collation_key(full_name)


def vi_sorted(items, name=None, *, group=None, person=False):
    """`items` in Vietnamese order of `name(item)` (the items themselves when no name is given);
    within groups when `group(item)` gives a sort key (units: province, then each tier);
    `person=True` for people's full names (given name first, see person_collation_key)."""
    key = person_collation_key if person else collation_key

    def item_key(item):
        name_key = key(item if name is None else name(item))
        return name_key if group is None else (group(item), name_key)

    return sorted(items, key=item_key)


def _word_keys(decomposed):
    """(units, tones) for each word: units are (_LETTER, rank) or (_NUMBER, value)."""
    units, tones, digits = [], [], ""
    for i, char in enumerate(decomposed):
        if unicodedata.combining(char):
            tones += [_TONES[char]] if char in _TONES else []
            continue
        digit = unicodedata.decimal(char, None)
        if digit is not None:
            digits += str(digit)
            continue
        if digits:
            units.append((_NUMBER, int(digits)))
            digits = ""
        if char.isalpha():
            units.append((_LETTER, _letter_rank(char, decomposed, i)))
        elif units or tones:
            yield tuple(units), tuple(tones)
            units, tones = [], []
    if digits:
        units.append((_NUMBER, int(digits)))
    if units or tones:
        yield tuple(units), tuple(tones)


def _letter_rank(char, decomposed, i):
    marks = ""
    for mark in decomposed[i + 1 :]:
        if not unicodedata.combining(mark):
            break
        marks += mark if mark in _LETTER_MARKS else ""
    base = char.lower()
    letter = unicodedata.normalize("NFC", base + marks)
    rank = _LETTER_RANK.get(letter, _LETTER_RANK.get(base))
    return rank if rank is not None else _OTHER_LETTERS + ord(base[0])


def compact_digits(typed):
    """'042 195 001 234', '042.195.001.234', '0912–345–678' → the digits alone, as the ID numbers,
    phones and 4-digit lookup factors people type are checked."""
    return DIGIT_SEPARATORS_RE.sub("", typed or "")
