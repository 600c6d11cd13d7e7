"""Vietnamese text helpers shared by search, SMS and every list of names (collation)."""

import functools
import re
import unicodedata

CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# Control characters nobody types on purpose (tab, line feed and carriage return stay: text areas).
_CONTROLS = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f"
TYPED_CONTROLS_RE = re.compile(f"[{_CONTROLS}]+")
_JOINING_CONTROLS_RE = re.compile(f"(?<=[^\\s{_CONTROLS}])[{_CONTROLS}]+(?=[^\\s{_CONTROLS}])")
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


def without_controls(value):
    """Text (or the texts inside lists and mappings, keys included) without control characters:
    PostgreSQL refuses a NUL in any text or JSON column, and none belongs on a page. Between two
    characters they read as a space (two words a NUL joined stay two words), elsewhere they go.
    Tabs and line breaks stay."""
    if isinstance(value, str):
        return TYPED_CONTROLS_RE.sub("", _JOINING_CONTROLS_RE.sub(" ", value))
    if isinstance(value, list):
        return [without_controls(item) for item in value]
    if isinstance(value, dict):
        return {without_controls(key): without_controls(item) for key, item in value.items()}
    return value


_GROUPED = re.compile(r"\d{1,3}(\.\d{3})+")  # 10.000, 1.000.000: dots between groups of three digits
_SHORT_DECIMAL = re.compile(r"\d+\.\d{1,2}")  # 2.5 or 0.75: no thousands grouping, a decimal point


def parse_number(typed, decimals=True):
    """A number as Vietnamese is written: the dot separates thousands (10.000 is ten thousand), the comma
    is the decimal mark (2,5); spaces between groups are ignored. A dot followed by one or two digits
    (2.5) can only be a decimal point, so it reads as one when decimals are allowed. Returns an int, a
    float (decimals only), or None when the text is not such a number."""
    compact = re.sub(r"[\s\u00a0]", "", typed or "")
    sign, digits = ("-", compact[1:]) if compact.startswith("-") else ("", compact)
    whole, comma, fraction = digits.partition(",")
    if decimals and not comma and _SHORT_DECIMAL.fullmatch(whole):
        whole, comma, fraction = whole.partition(".")
        comma = ","
    if _GROUPED.fullmatch(whole):
        whole = whole.replace(".", "")
    if not whole.isascii() or not whole.isdigit() or len(whole) > 20:
        return None
    if comma:
        if not decimals or not fraction.isascii() or not fraction.isdigit() or len(fraction) > 6:
            return None
        return float(f"{sign}{whole}.{fraction}")
    return int(sign + whole)


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


def mask_id(number):
    """An identity number (CCCD, CMND) in lists and audit rows: the last three digits only."""
    return ("•" * (len(number) - 3) + number[-3:]) if number and len(number) > 3 else number
