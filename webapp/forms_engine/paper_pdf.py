"""The workflow's papers (forms 01–06) as A4 PDF, drawn from the same Paper the printable page shows,
and the log book (form 07) as A4 landscape.

One renderer for every form: a paper is a heading, a title, labelled lines, maybe a table, and the
signatures. The fonts come from the blank-form renderer (DejaVu, embedded), so every Vietnamese
letter survives and the text can be searched and read back.
"""

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from webapp.forms_engine.pdf import (
    BODY_PT,
    FONT,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    TITLE_PT,
    _add_fonts,
    _font_dir,
)

LINE_H = 6.5  # mm: a paper to read, not to fill in by hand
HEAD_PT = 10.5
SIGN_ROOM = 28  # mm left blank under a signer's title for the signature and stamp
BOOK_PT = 7.5  # the log book's many columns: a date and a dossier code each still fit on one line


def render(paper) -> bytes:
    """PDF bytes of `paper` (a papers.Paper)."""
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_margins(MARGIN_LEFT, MARGIN_TOP, MARGIN_RIGHT)
    pdf.set_auto_page_break(True, margin=MARGIN_BOTTOM)
    _add_fonts(pdf, _font_dir())
    pdf.set_title(f"{paper.title} {paper.code}")
    pdf.set_subject(f"Mẫu số {paper.number}")
    pdf.set_creator("MotCua")
    pdf.set_author(paper.agency)
    pdf.set_lang("vi")
    pdf.add_page()
    _heading(pdf, paper)
    _title(pdf, paper)
    for label, value in paper.lines:
        _line(pdf, label, value)
    if paper.table:
        _table(pdf, *paper.table)
    _signatures(pdf, paper.signers)
    return bytes(pdf.output())


def render_book(heading, columns, rows, widths=None) -> bytes:
    """Form 07, the log book for a period: its heading and one table row per dossier, landscape;
    `widths`: the columns' relative widths, when the caller knows better than the defaults below."""
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_margins(MARGIN_LEFT / 2, MARGIN_TOP, MARGIN_RIGHT / 2)
    pdf.set_auto_page_break(True, margin=MARGIN_BOTTOM)
    _add_fonts(pdf, _font_dir())
    pdf.set_title(heading)
    pdf.set_subject("Mẫu số 07")
    pdf.set_creator("MotCua")
    pdf.set_lang("vi")
    pdf.add_page()
    pdf.set_font(FONT, "B", TITLE_PT)
    pdf.multi_cell(0, 7, heading, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    # The code must fit on one line to be read (and searched) whole; names and notes get the room left.
    wide = {"Mã hồ sơ": 10, "Thủ tục hành chính": 6, "Ghi chú": 6, "STT": 2, "Số vào sổ": 2.6, "Người nộp": 4.5}
    _table(pdf, columns, rows, widths or [wide.get(column, 4.2) for column in columns], BOOK_PT)
    return bytes(pdf.output())


def _heading(pdf, paper):
    """The agency on the left, the national motto on the right, the date line under the motto."""
    left, top = pdf.epw * 0.4, pdf.get_y()
    right, right_x = pdf.epw - left, pdf.l_margin + left
    pdf.set_font(FONT, "B", HEAD_PT)
    pdf.multi_cell(left - 4, 5, paper.agency.upper(), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    left_bottom = pdf.get_y()
    pdf.set_xy(right_x, top)
    pdf.multi_cell(right, 5, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_x(right_x)
    pdf.multi_cell(right, 5, "Độc lập - Tự do - Hạnh phúc", align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if paper.dateline:
        pdf.set_font(FONT, "I", HEAD_PT)
        pdf.set_x(right_x)
        pdf.multi_cell(right, 6, paper.dateline, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_y(max(left_bottom, pdf.get_y()) + 6)


def _title(pdf, paper):
    pdf.set_font(FONT, "B", TITLE_PT)
    pdf.multi_cell(0, 7, paper.title, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "I", BODY_PT - 1)
    pdf.multi_cell(0, 6, f"Mẫu số {paper.number} · Mã hồ sơ: {paper.code}", align="C")
    pdf.ln(4)


def _line(pdf, label, value):
    """`label: value` with the label plain and the value bold; a line without a label is a paragraph."""
    pdf.set_x(pdf.l_margin)
    if label:
        pdf.set_font(FONT, "", BODY_PT)
        pdf.write(LINE_H, f"{label}: ")
        pdf.set_font(FONT, "B", BODY_PT)
        pdf.write(LINE_H, str(value or "—"))
        pdf.ln(LINE_H)
        return
    pdf.set_font(FONT, "", BODY_PT)
    pdf.multi_cell(0, LINE_H, str(value), align="J", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _table(pdf, headers, rows, widths=None, size=BODY_PT - 1.5):
    pdf.ln(2)
    pdf.set_font(FONT, "", size)
    widths = widths or [1 if header == "STT" else 4 for header in headers]  # a row number needs little room
    bold = FontFace(family=FONT, emphasis="BOLD")
    with pdf.table(
        col_widths=widths, line_height=5, padding=1, align="LEFT", text_align="LEFT", headings_style=bold
    ) as table:
        for cells in (headers, *rows):
            row = table.row()
            for cell in cells:
                row.cell(str(cell or "—"))
    pdf.ln(2)


def _signatures(pdf, signers):
    """Side by side across the page, each title bold with its name under the room for signing."""
    if not signers:
        return
    if pdf.will_page_break(SIGN_ROOM + 20):
        pdf.add_page()
    pdf.ln(6)
    width, top = pdf.epw / len(signers), pdf.get_y()
    for index, (role, name) in enumerate(signers):
        x = pdf.l_margin + index * width
        pdf.set_xy(x, top)
        pdf.set_font(FONT, "B", BODY_PT)
        pdf.multi_cell(width, 5.5, role, align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
        pdf.set_font(FONT, "I", BODY_PT - 1.5)
        pdf.multi_cell(width, 5, "(Ký và ghi rõ họ tên)", align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
        pdf.set_xy(x, pdf.get_y() + SIGN_ROOM - 10)
        pdf.set_font(FONT, "B", BODY_PT)
        pdf.multi_cell(width, 5.5, name or "", align="C")
