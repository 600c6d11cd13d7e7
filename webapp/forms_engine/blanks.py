"""Walk a definition into the ordered items of a printed blank form, or of one filled with a
dossier's answers (what the officers read and print: the same paper, the answers in its blanks).

The PDF and the DOCX both draw exactly this list, so the two faces of a tờ khai cannot drift:
a field added to the definition, a fixed text re-worded or translated, appears in both.
Every translatable fixed text of the paper form lives here, nowhere in the renderers.
"""

import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass

from flask import has_app_context
from flask_babel import force_locale
from flask_babel import gettext as _

from webapp.forms_engine.answers import display_value, format_hint
from webapp.forms_engine.conditions import applies
from webapp.forms_engine.conditions import hint as condition_hint
from webapp.forms_engine.definition import CHOICE_TYPES, FormDefinition

# The national motto is the official header of every tờ khai: Vietnamese in any language.
MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
TEXTAREA_LINES = 3
# Stand-ins for the page number and the page count; each renderer puts its own mechanism there.
PAGE, TOTAL = "\x00page\x00", "\x00total\x00"


@dataclass(frozen=True)
class Line:
    """A centred line of the header block; style is "bold", "italic" or "" (regular)."""

    text: str
    style: str = ""
    size: str = "normal"  # "normal" | "large" (the title)
    before: int = 0  # points of space above: sets "Kính gửi" apart from the header
    underline: bool = False  # the short rule under "Độc lập - Tự do - Hạnh phúc"


@dataclass(frozen=True)
class Section:
    """A step of the online form becomes a numbered section on paper."""

    text: str


@dataclass(frozen=True)
class Blank:
    """One field to fill by hand.

    shape: "line" (label then dots to the margin), "date" (label then …/…/……),
    "choices" (label, then one box per choice), "checkbox" (a box before the label).
    lines: how many dotted lines a "line" shape gets, the first one beside the label.
    """

    label: str
    shape: str
    required: bool = False
    help: str = ""
    choices: tuple[str, ...] = ()
    lines: int = 1
    # Filled in: the answer as a person reads it ("" unanswered), the chosen choice's label, or for a
    # checkbox "1" ticked / "" not; None on a blank form, where the renderer draws room to write.
    answer: str | None = None


@dataclass(frozen=True)
class Signature:
    """Place and date, then who signs: the right-hand block that closes every tờ khai."""

    place_date: str
    role: str
    note: str


@dataclass(frozen=True)
class Blanks:
    """Everything a renderer needs: metadata, the items in order, and the footer."""

    lang: str
    title: str
    subject: str
    items: tuple
    footer: str
    page_label: tuple[str, ...]  # text pieces with PAGE / TOTAL markers among them


def build(
    form: FormDefinition,
    *,
    procedure_code: str,
    procedure_name: str,
    lang: str = "vi",
    answers: dict | None = None,
    stamp: str = "",
) -> Blanks:
    """Lay the form out once, with fixed texts in `lang` when a request context can translate.

    With `answers` (a dossier's, by field name) every blank carries its answer; `stamp` is a line
    under the title saying whose they are (the dossier's code and filing time)."""
    lang = "en" if lang == "en" else "vi"
    with _locale(lang):
        title = _nfc(form.title(lang))
        header = _header(form, title) + ([Line(_nfc(stamp), "italic")] if stamp else [])
        return Blanks(
            lang=lang,
            title=title,
            subject=_nfc(f"{procedure_code} {procedure_name}".strip()),
            items=(*header, *_body(form, lang, answers), _signature()),
            footer=_nfc(_("Mã thủ tục: %(code)s - %(name)s", code=procedure_code, name=procedure_name)),
            page_label=_split_markers(_("Trang %(n)s/%(total)s", n=PAGE, total=TOTAL)),
        )


@contextmanager
def _locale(lang: str):
    """force_locale needs an app context; outside one, gettext returns the msgid (Vietnamese)."""
    if has_app_context():
        with force_locale(lang):
            yield
    else:
        yield


def _nfc(text: str) -> str:
    """Composed Vietnamese: one glyph per letter, so fonts, search and copy-paste agree."""
    return unicodedata.normalize("NFC", text)


def _header(form: FormDefinition, title: str) -> list:
    items = [Line(MOTTO[0], "bold"), Line(MOTTO[1], "bold", underline=True)]
    items.append(Line(title.upper(), "bold", "large"))
    if form.reference:
        items.append(Line(_nfc(form.reference), "italic"))
    if form.addressee:
        items.append(Line(_nfc(_("Kính gửi: %(addressee)s", addressee=form.addressee)), before=6))
    return items


def _body(form: FormDefinition, lang: str, answers: dict | None) -> list:
    """Every field on a blank form (a conditional one with its «chỉ khai nếu…»); a filled form shows only
    the fields that apply to its answers."""
    shown = None if answers is None else applies(form, answers)
    items = []
    for number, step in enumerate(form.steps, start=1):
        items.append(Section(_nfc(f"{_roman(number)}. {step.title(lang)}")))
        items.extend(_blank(form, f, lang, answers) for f in step.fields if shown is None or f.name in shown)
    return items


def _answer(field, answers: dict | None, lang: str) -> str | None:
    if answers is None:
        return None
    value = answers.get(field.name)
    if field.type == "checkbox":
        return "1" if value else ""
    return _nfc(display_value(field, value, lang)) if value not in (None, "") else ""


def _blank(form: FormDefinition, field, lang: str, answers: dict | None = None) -> Blank:
    common = {
        "label": _nfc(field.label(lang)),
        "required": field.required,
        "help": _nfc(_help(form, field, lang, blank=answers is None)),
        "answer": _answer(field, answers, lang),
    }
    if field.type in CHOICE_TYPES:
        return Blank(shape="choices", choices=tuple(_nfc(c.label(lang)) for c in field.choices), **common)
    if field.type == "checkbox":
        return Blank(shape="checkbox", **common)
    if field.type == "date":
        return Blank(shape="date", **common)
    lines = TEXTAREA_LINES if field.type == "textarea" else 1
    return Blank(shape="line", lines=lines, **common)


def _help(form: FormDefinition, field, lang: str, blank: bool) -> str:
    """The field's help; on a blank form also when it is to be filled («chỉ khai nếu…») and how to write
    a date or a year and its bounds, the same hints as online (a filled form shows the answer instead)."""
    parts = (condition_hint(form, field, lang), field.help(lang), format_hint(field)) if blank else (field.help(lang),)
    return " ".join(part for part in parts if part)


def _signature() -> Signature:
    return Signature(
        place_date=_("……, ngày … tháng … năm ……"),
        role=_("Người yêu cầu"),
        note=_("(Ký, ghi rõ họ tên)"),
    )


def _split_markers(text: str) -> tuple[str, ...]:
    """'Trang \\0page\\0/\\0total\\0' → ('Trang ', PAGE, '/', TOTAL), whatever order a translation uses."""
    parts = []
    for index, piece in enumerate(text.split("\x00")):
        if index % 2:
            parts.append(f"\x00{piece}\x00")
        elif piece:
            parts.append(piece)
    return tuple(parts)


def _roman(number: int) -> str:
    """Sections of Vietnamese forms are numbered I, II, III…"""
    numerals = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = ""
    for value, letters in numerals:
        while number >= value:
            out += letters
            number -= value
    return out
