"""CSV and XLSX files for the desk's spreadsheet program: Vietnamese letters intact, nothing a
citizen typed ever run as a formula."""

import csv
import io

import xlsxwriter

FORMULA_STARTS = ("=", "+", "-", "@")  # a spreadsheet would run these as formulas
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def defused(text):
    """A citizen-typed name starting with '=' must stay text in a spreadsheet, not become a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_bytes(header, rows):
    """UTF-8 with a BOM, so Excel on the desk's PC opens the Vietnamese letters right; numbers as
    they are, text defused."""
    out = io.StringIO()
    writer = csv.writer(out)
    if header is not None:
        writer.writerow(header)
    for row in rows:
        writer.writerow([defused(value) if isinstance(value, str) else value for value in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def workbook():
    """(workbook, its buffer): text is never read as a formula or a link."""
    buffer = io.BytesIO()
    options = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    return xlsxwriter.Workbook(buffer, options), buffer
