"""The printable tờ khai as PDF: blank, what a citizen downloads at mức 2 and fills by hand; or
filled with a dossier's answers, what the officers check and print (the same layout, the answers
written where the dotted lines and boxes would be).

fpdf2's built-in fonts are Latin-1 only, so Vietnamese needs an embedded TrueType font;
DejaVu Sans covers every precomposed Vietnamese letter and ships with most Linux systems.
Margins follow Decree 30/2020 for administrative papers (left 30 mm for binding).
"""

from pathlib import Path

from flask import current_app, has_app_context
from fpdf import FPDF
from fpdf.enums import MethodReturnValue, XPos, YPos

from webapp.forms_engine import blanks
from webapp.forms_engine.definition import FormDefinition

DEFAULT_FONT_DIR = "/usr/share/fonts/truetype/dejavu"
FONT = "DejaVu"
FONT_FILES = {
    "": "DejaVuSans.ttf",
    "B": "DejaVuSans-Bold.ttf",
    "I": "DejaVuSans-Oblique.ttf",
    "BI": "DejaVuSans-BoldOblique.ttf",
}
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 30, 15, 20, 20
BODY_PT, TITLE_PT, HELP_PT, FOOTER_PT = 11, 14, 8.5, 8
LINE_H = 7.5  # mm: room to write by hand, not just to read
PARA_H = 6  # mm: a wrapped sentence (a declaration beside its box) is read, not written on
BOX = 3.6  # mm: side of a tick box
MIN_FILL = 30  # mm: a shorter dotted line is useless, start a new line instead
INDENT = 6  # mm: choices sit under their label


def render_pdf(form: FormDefinition, **layout_options) -> bytes:
    """The form as PDF bytes, laid out by blanks.build (procedure_code, procedure_name, lang, and for a
    filled one answers and stamp)."""
    layout = blanks.build(form, **layout_options)
    pdf = _BlankPDF(layout)
    _add_fonts(pdf, _font_dir())
    _set_metadata(pdf, layout)
    pdf.add_page()
    for item in layout.items:
        _DRAW[type(item)](pdf, item)
    return bytes(pdf.output())


class _BlankPDF(FPDF):
    """A4 portrait with a footer naming the procedure, so loose pages find their dossier."""

    def __init__(self, layout: blanks.Blanks):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.layout = layout
        self.set_margins(MARGIN_LEFT, MARGIN_TOP, MARGIN_RIGHT)
        self.set_auto_page_break(True, margin=MARGIN_BOTTOM)

    def footer(self):
        self.set_y(-MARGIN_BOTTOM + 6)
        self.set_font(FONT, "", FOOTER_PT)
        self.set_text_color(90)
        page = "".join(self._page_piece(p) for p in self.layout.page_label)
        page_w = self.get_string_width(page) + 2
        self.cell(self.epw - page_w, 5, _fit(self, self.layout.footer, self.epw - page_w - 4))
        self.cell(page_w, 5, page, align="R")
        self.set_text_color(0)

    def _page_piece(self, piece: str) -> str:
        """fpdf2 swaps {nb} for the page count once the document is complete."""
        return {blanks.PAGE: str(self.page_no()), blanks.TOTAL: "{nb}"}.get(piece, piece)


def _font_dir() -> Path:
    if has_app_context():
        return Path(current_app.config.get("PDF_FONT_DIR", DEFAULT_FONT_DIR))
    return Path(DEFAULT_FONT_DIR)


def _add_fonts(pdf: FPDF, directory: Path) -> None:
    """Fail loudly: a silent fallback to a core font would drop every Vietnamese letter."""
    for style, name in FONT_FILES.items():
        path = directory / name
        if not path.is_file():
            raise RuntimeError(f"PDF font file missing: {path} (install fonts-dejavu-core or set PDF_FONT_DIR)")
        pdf.add_font(FONT, style, str(path))


def _set_metadata(pdf: FPDF, layout: blanks.Blanks) -> None:
    pdf.set_title(layout.title)
    pdf.set_subject(layout.subject)
    pdf.set_creator("MotCua")
    pdf.set_author("MotCua")
    pdf.set_lang(layout.lang)


def _fit(pdf: FPDF, text: str, width: float) -> str:
    """Shorten with an ellipsis so a long procedure name never runs into the page number."""
    if pdf.get_string_width(text) <= width:
        return text
    while text and pdf.get_string_width(text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _draw_line(pdf: FPDF, item: blanks.Line) -> None:
    size = TITLE_PT if item.size == "large" else BODY_PT
    if item.size == "large":
        pdf.ln(6)
    pdf.ln(item.before * 0.3528)  # points to mm
    pdf.set_font(FONT, {"bold": "B", "italic": "I"}.get(item.style, ""), size)
    pdf.multi_cell(0, size * 0.55, item.text, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if item.underline:
        _underline_motto(pdf, item.text)
    if item.size == "large":
        pdf.ln(1)


def _underline_motto(pdf: FPDF, text: str) -> None:
    """The short rule under "Độc lập - Tự do - Hạnh phúc" that every official header has."""
    width = pdf.get_string_width(text)
    left = pdf.l_margin + (pdf.epw - width) / 2
    pdf.set_line_width(0.3)
    pdf.line(left, pdf.get_y() + 0.5, left + width, pdf.get_y() + 0.5)
    pdf.ln(3)


def _draw_section(pdf: FPDF, item: blanks.Section) -> None:
    if pdf.will_page_break(LINE_H * 3 + 4):
        pdf.add_page()
    pdf.ln(3)
    pdf.set_font(FONT, "B", BODY_PT + 0.5)
    pdf.multi_cell(0, LINE_H, item.text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _draw_blank(pdf: FPDF, item: blanks.Blank) -> None:
    """Keep a field's lines together, then draw its shape."""
    if pdf.will_page_break(_height(pdf, item)):
        pdf.add_page()
    if item.shape == "checkbox":
        _checkbox_row(pdf, item)
        return
    _write_label(pdf, item, suffix=":" if item.shape == "choices" else ": ")
    if item.answer is not None and item.shape != "choices":
        _write_answer(pdf, item.answer)
        _write_help(pdf, item.help)
        return
    if item.shape == "date":
        _date_fill(pdf)
    elif item.shape == "line":
        _dotted_to_margin(pdf)
    pdf.ln(LINE_H)
    _write_help(pdf, item.help)
    if item.shape == "line":
        for _ in range(item.lines - 1):
            _dotted(pdf, pdf.epw)
            pdf.ln(LINE_H)
    if item.shape == "choices":
        _choice_rows(pdf, item.choices, item.answer)


def _write_answer(pdf: FPDF, text: str) -> None:
    """The answer in bold after its label, wrapping under it; "—" for a question left unanswered."""
    pdf.set_font(FONT, "B", BODY_PT)
    pdf.multi_cell(0, LINE_H, text or "—", align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "", BODY_PT)


def _height(pdf: FPDF, item: blanks.Blank) -> float:
    """Room the field needs, so a long label or its boxes never split across pages."""
    pdf.set_font(FONT, "", BODY_PT)
    label = item.label + "*: " + ("…/…/……" if item.shape == "date" else "")
    height = _line_count(pdf, label, pdf.epw - BOX - 2) * LINE_H + (item.lines - 1) * LINE_H
    if item.choices:
        height += LINE_H * _line_count(pdf, "     ".join(item.choices) + " " * 8 * len(item.choices), pdf.epw - INDENT)
    if item.help:
        pdf.set_font(FONT, "I", HELP_PT)
        height += 4 * _line_count(pdf, item.help, pdf.epw)
    return height


def _line_count(pdf: FPDF, text: str, width: float) -> int:
    return len(pdf.multi_cell(width, LINE_H, text, dry_run=True, output=MethodReturnValue.LINES))


def _write_label(pdf: FPDF, item: blanks.Blank, suffix: str) -> None:
    pdf.set_x(pdf.l_margin)
    pdf.set_font(FONT, "", BODY_PT)
    pdf.write(LINE_H, item.label)
    if item.required:
        pdf.set_font(FONT, "B", BODY_PT)
        pdf.write(LINE_H, "*")
        pdf.set_font(FONT, "", BODY_PT)
    pdf.write(LINE_H, suffix)


def _write_help(pdf: FPDF, text: str) -> None:
    if not text:
        return
    pdf.set_font(FONT, "I", HELP_PT)
    pdf.set_text_color(70)
    pdf.set_y(pdf.get_y() - 1.5)
    pdf.multi_cell(0, 4, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(0)
    pdf.ln(1)
    pdf.set_font(FONT, "", BODY_PT)


def _room(pdf: FPDF) -> float:
    return pdf.w - pdf.r_margin - pdf.get_x()


def _dotted_to_margin(pdf: FPDF) -> None:
    if _room(pdf) < MIN_FILL:
        pdf.ln(LINE_H)
    _dotted(pdf, _room(pdf))


def _date_fill(pdf: FPDF) -> None:
    """…/…/…… as dotted day, month and a longer year, with real slashes between."""
    if _room(pdf) < 60:
        pdf.ln(LINE_H)
    for width, slash in ((14, "/"), (14, "/"), (24, "")):
        _dotted(pdf, width)
        if slash:
            pdf.write(LINE_H, slash)


def _dotted(pdf: FPDF, width: float) -> None:
    """A dotted writing line on the text baseline, from the cursor, `width` mm long."""
    x, y = pdf.get_x() + 1, pdf.get_y() + LINE_H / 2 + 0.3 * pdf.font_size
    pdf.set_draw_color(60)
    pdf.set_line_width(0.35)
    pdf.set_dash_pattern(dash=0.35, gap=1.05)
    pdf.line(x, y, x + width - 2, y)
    pdf.set_dash_pattern()
    pdf.set_draw_color(0)
    pdf.set_x(pdf.get_x() + width)


def _box(pdf: FPDF, x: float, y: float, row_h: float = LINE_H, ticked: bool = False) -> None:
    """Drawn, not typed: a ☐ glyph depends on the font, a rectangle prints everywhere; ticked, a cross."""
    top = y + (row_h - BOX) / 2
    pdf.set_line_width(0.3)
    pdf.rect(x, top, BOX, BOX)
    if ticked:
        pdf.line(x + 0.6, top + 0.6, x + BOX - 0.6, top + BOX - 0.6)
        pdf.line(x + 0.6, top + BOX - 0.6, x + BOX - 0.6, top + 0.6)


def _checkbox_row(pdf: FPDF, item: blanks.Blank) -> None:
    y = pdf.get_y()
    _box(pdf, pdf.l_margin, y, PARA_H, ticked=item.answer == "1")
    pdf.set_xy(pdf.l_margin + BOX + 2, y)
    pdf.set_font(FONT, "", BODY_PT)
    text = item.label + ("*" if item.required else "")
    pdf.multi_cell(pdf.epw - BOX - 2, PARA_H, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    _write_help(pdf, item.help)


def _choice_rows(pdf: FPDF, choices: tuple[str, ...], chosen: str | None = None) -> None:
    """Boxes flow left to right like words, wrapping under the label's indent; `chosen`'s is ticked."""
    pdf.set_font(FONT, "", BODY_PT)
    left, right = pdf.l_margin + INDENT, pdf.w - pdf.r_margin
    full = right - left - BOX - 2
    x = left
    for label in choices:
        text_w = pdf.get_string_width(label) + 1
        if x > left and (text_w > full or x + BOX + 2 + text_w > right):
            pdf.ln(LINE_H)
            x = left
        if pdf.will_page_break(LINE_H):
            pdf.add_page()
        y = pdf.get_y()
        _box(pdf, x, y, ticked=label == chosen)
        pdf.set_xy(x + BOX + 2, y)
        if text_w > full:  # a long choice wraps on rows of its own
            pdf.multi_cell(full, LINE_H, label, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            continue
        pdf.cell(text_w, LINE_H, label)
        x = pdf.get_x() + 8
    if x > left:
        pdf.ln(LINE_H)


def _draw_signature(pdf: FPDF, item: blanks.Signature) -> None:
    """Centred in the right half of the page, as on every Vietnamese administrative paper."""
    if pdf.will_page_break(LINE_H * 3 + 30):
        pdf.add_page()
    pdf.ln(6)
    half = pdf.epw / 2
    for text, style in ((item.place_date, "I"), (item.role, "B"), (item.note, "I")):
        pdf.set_x(pdf.l_margin + half)
        pdf.set_font(FONT, style, BODY_PT)
        pdf.multi_cell(half, 6, text, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


_DRAW = {
    blanks.Line: _draw_line,
    blanks.Section: _draw_section,
    blanks.Blank: _draw_blank,
    blanks.Signature: _draw_signature,
}
