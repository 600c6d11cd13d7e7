"""The blank tờ khai as DOCX: the same items as the PDF, for people who type before printing.

Fill lines are right tab stops with a dot leader, the way Word forms are made by hand: the
dots stretch to the margin whatever the label's length, and typing over them keeps the layout.
Times New Roman 13 pt and the Decree 30/2020 margins are what a commune office expects.
"""

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from webapp.forms_engine import blanks
from webapp.forms_engine.definition import FormDefinition

PAGE_W, PAGE_H = Mm(210), Mm(297)
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = Mm(30), Mm(15), Mm(20), Mm(20)
TEXT_W = Mm(210 - 30 - 15)
FONT_NAME, BODY_PT, TITLE_PT, HELP_PT, FOOTER_PT = "Times New Roman", 13, 14, 10, 9
DATE_FILL = "........../........../...................."
CHOICE_GAP = "\u2003\u2003"  # em spaces: Word may wrap between choices, never inside one
LANG_TAGS = {"vi": "vi-VN", "en": "en-GB"}


def render_docx(form: FormDefinition, **layout_options) -> bytes:
    """The form as DOCX bytes, laid out by blanks.build (procedure_code, procedure_name, lang, and for a
    filled one answers and stamp)."""
    layout = blanks.build(form, **layout_options)
    doc = Document()
    _set_page(doc)
    _set_styles(doc, layout.lang)
    _set_properties(doc, layout)
    _set_footer(doc, layout)
    for item in layout.items:
        _DRAW[type(item)](doc, item)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _set_page(doc) -> None:
    """python-docx's template is US Letter: set A4 and the margins explicitly."""
    section = doc.sections[0]
    section.page_width, section.page_height = PAGE_W, PAGE_H
    section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.footer_distance = Mm(10)


def _set_styles(doc, lang: str) -> None:
    """Font, spacing and proofing language on Normal, so every paragraph inherits them."""
    normal = doc.styles["Normal"]
    normal.font.name = FONT_NAME
    normal.font.size = Pt(BODY_PT)
    normal.paragraph_format.space_after = Pt(3)
    normal.paragraph_format.line_spacing = 1.15
    rpr = normal.element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:cs"), FONT_NAME)
    tag = OxmlElement("w:lang")
    tag.set(qn("w:val"), LANG_TAGS[lang])
    rpr.append(tag)


def _set_properties(doc, layout: blanks.Blanks) -> None:
    props = doc.core_properties
    props.title = layout.title
    props.subject = layout.subject
    props.language = layout.lang
    props.author = "MotCua"
    props.last_modified_by = "MotCua"
    props.comments = ""


def _set_footer(doc, layout: blanks.Blanks) -> None:
    """Procedure code on the left, "Trang X/Y" as live PAGE / NUMPAGES fields on the right."""
    paragraph = doc.sections[0].footer.paragraphs[0]
    stops = paragraph.paragraph_format.tab_stops
    stops.add_tab_stop(Mm(82.55), WD_TAB_ALIGNMENT.CLEAR)  # the template's centre stop
    stops.add_tab_stop(TEXT_W, WD_TAB_ALIGNMENT.RIGHT)
    _run(paragraph, layout.footer + "\t", size=FOOTER_PT)
    fields = {blanks.PAGE: "PAGE", blanks.TOTAL: "NUMPAGES"}
    for piece in layout.page_label:
        if piece in fields:
            _field(paragraph, fields[piece])
        else:
            _run(paragraph, piece, size=FOOTER_PT)


def _field(paragraph, instruction: str) -> None:
    """A simple field Word and LibreOffice update on open; "1" shows until they do."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    paragraph._p.append(field)
    run = _run(paragraph, "1", size=FOOTER_PT)
    field.append(run._r)  # moved from the paragraph into the field


def _run(paragraph, text: str, *, bold=False, italic=False, size=None, grey=False):
    run = paragraph.add_run(text)
    run.bold, run.italic = bold or None, italic or None
    if size:
        run.font.size = Pt(size)
    if grey:
        run.font.color.rgb = RGBColor(0x46, 0x46, 0x46)
    return run


def _paragraph(doc, *, align=None, before=0, indent=None):
    paragraph = doc.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_before = Pt(before)
    if indent is not None:
        paragraph.paragraph_format.left_indent = indent
    return paragraph


def _dot_leader(paragraph) -> None:
    paragraph.paragraph_format.tab_stops.add_tab_stop(TEXT_W, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)


def _draw_line(doc, item: blanks.Line) -> None:
    large = item.size == "large"
    paragraph = _paragraph(doc, align=WD_ALIGN_PARAGRAPH.CENTER, before=12 if large else item.before)
    run = _run(
        paragraph,
        item.text,
        bold=item.style == "bold",
        italic=item.style == "italic",
        size=TITLE_PT if large else None,
    )
    run.underline = item.underline or None


def _draw_section(doc, item: blanks.Section) -> None:
    paragraph = _paragraph(doc, before=9)
    paragraph.paragraph_format.keep_with_next = True
    _run(paragraph, item.text, bold=True)


def _draw_blank(doc, item: blanks.Blank) -> None:
    """Same order as the PDF: label line, help, then extra lines or choice boxes."""
    paragraph = _paragraph(doc)
    if item.shape == "checkbox":
        _run(paragraph, "☒ " if item.answer == "1" else "☐ ")
    _label(paragraph, item)
    if item.answer is not None and item.shape in ("line", "date"):
        _run(paragraph, ": ")
        _run(paragraph, item.answer or "—", bold=True)
        _help(doc, item.help, paragraph)
        return
    if item.shape == "line":
        _dot_leader(paragraph)
        _run(paragraph, ": \t")
    elif item.shape == "date":
        _run(paragraph, ": " + DATE_FILL)
    elif item.shape == "choices":
        _run(paragraph, ":")
    paragraph.paragraph_format.keep_with_next = bool(item.choices) or item.lines > 1
    _help(doc, item.help, paragraph)
    for _ in range(item.lines - 1):
        extra = _paragraph(doc)
        _dot_leader(extra)
        _run(extra, "\t")
    if item.choices:
        boxes = CHOICE_GAP.join(f"{'☒' if label == item.answer else '☐'}\u00a0{label}" for label in item.choices)
        _run(_paragraph(doc, indent=Mm(6)), boxes)


def _label(paragraph, item: blanks.Blank) -> None:
    _run(paragraph, item.label)
    if item.required:
        _run(paragraph, "*", bold=True)


def _help(doc, text: str, label_paragraph) -> None:
    if not text:
        return
    help_paragraph = _paragraph(doc)
    help_paragraph.paragraph_format.keep_with_next = label_paragraph.paragraph_format.keep_with_next
    label_paragraph.paragraph_format.keep_with_next = True
    _run(help_paragraph, text, italic=True, size=HELP_PT, grey=True)


def _draw_signature(doc, item: blanks.Signature) -> None:
    """Centred in the right half of the page, as on every Vietnamese administrative paper."""
    half = Mm((210 - 30 - 15) / 2)
    for text, bold, italic, before in (
        (item.place_date, False, True, 12),
        (item.role, True, False, 0),
        (item.note, False, True, 0),
    ):
        paragraph = _paragraph(doc, align=WD_ALIGN_PARAGRAPH.CENTER, before=before, indent=half)
        paragraph.paragraph_format.keep_with_next = text != item.note
        _run(paragraph, text, bold=bold, italic=italic)


_DRAW = {
    blanks.Line: _draw_line,
    blanks.Section: _draw_section,
    blanks.Blank: _draw_blank,
    blanks.Signature: _draw_signature,
}
