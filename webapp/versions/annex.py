"""The province's published list of procedures (the annex table of a "Quyết định công bố danh mục
TTHC") read from XLSX or CSV, and compared with the catalogue: what it adds, what it changes, what it
no longer lists. Reading only; drafts from it are made by webapp/versions/annex_drafts.py.

The file is judged by its content, not its name: an XLSX is a zip holding xl/workbook.xml; anything
else must be UTF-8 text (with or without a BOM) separated by commas or semicolons. Headers are matched
loosely (case and diacritics aside), need not be on the first row, and unknown columns are ignored."""

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field

from flask_babel import gettext as _

from webapp.dossiers.labels import time_limit_text
from webapp.formatting import money
from webapp.models import Procedure, ProcedureAlias
from webapp.text import fold

MAX_ROWS = 5000  # a province lists a few hundred procedures; more is not an annex
MAX_COLUMNS = 40
MAX_UNZIPPED = 64 * 1024 * 1024  # a list of a few hundred rows is a few megabytes unpacked
HEADER_SEARCH_ROWS = 30
COLUMNS = ("stt", "code", "name", "time_limit", "fee", "legal", "tier")
NUMBER_RE = re.compile(r"\b\d{1,4}/\d{4}/[0-9A-ZĐa-zđ]+(?:-[0-9A-ZĐa-zđ]+)*")
MONEY_RE = re.compile(r"(\d{1,3}(?:[.,]\d{3})+|\d+)\s*(đồng|đ\b|vnđ|vnd)?", re.IGNORECASE)
TIME_RE = re.compile(r"(\d+(?:\.\d+)?)\s*(ngay lam viec|ngay|gio lam viec|gio)")
FREE_WORDS = ("khong", "mien", "khong thu", "khong co")
TIER_WORDS = (("tinh", "tinh"), ("huyen", "huyen"), ("xa", "xa"), ("phuong", "xa"), ("dac khu", "xa"))


class AnnexError(ValueError):
    """The file cannot be read as a list: `reason` one of encoding, not_xlsx, no_header, too_big, binary,
    csv (text that is not well-formed CSV)."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class AnnexRow:
    """One listed procedure, its texts as published; `line` is its row in the file (1-based)."""

    code: str
    name: str
    time_limit: str = ""
    fee: str = ""
    legal: str = ""
    tier: str = ""
    line: int = 0

    def as_dict(self):
        return {key: getattr(self, key) for key in ("code", "name", "time_limit", "fee", "legal", "tier", "line")}

    @classmethod
    def from_dict(cls, data):
        """A row posted back by the page (see the drafts form); None when it is not one."""
        if not isinstance(data, dict) or not isinstance(data.get("code"), str) or not data["code"].strip():
            return None
        texts = {key: str(data.get(key) or "")[:4000] for key in ("name", "time_limit", "fee", "legal", "tier")}
        line = data.get("line") if isinstance(data.get("line"), int) else 0
        return cls(code=data["code"].strip()[:16], line=line, **texts)


@dataclass(frozen=True)
class Change:
    """What differs: `kind` one of code, name, time_limit, fee, legal, tier; `listed` the list's text,
    `current` the catalogue's."""

    kind: str
    listed: str
    current: str


@dataclass
class AnnexDiff:
    added: list = field(default_factory=list)  # AnnexRow
    changed: list = field(default_factory=list)  # (AnnexRow, Procedure, [Change])
    missing: list = field(default_factory=list)  # Procedure
    unchanged: int = 0
    tiers: tuple = ()


# ── reading ──


def read_annex(data):
    """[AnnexRow] from the bytes of an XLSX or CSV file; raises AnnexError."""
    grid = _xlsx_grid(data) if _is_xlsx(data) else _csv_grid(_text_of(data))
    return _rows(grid)


def _is_xlsx(data):
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except zipfile.BadZipFile:
        raise AnnexError("not_xlsx") from None
    if "xl/workbook.xml" not in {m.filename for m in members}:
        raise AnnexError("not_xlsx")
    if sum(m.file_size for m in members) > MAX_UNZIPPED:  # a small file that unpacks to gigabytes
        raise AnnexError("too_big")
    return True


def _text_of(data):
    if b"\x00" in data[:4096]:
        raise AnnexError("binary")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise AnnexError("encoding") from None


def _csv_grid(text):
    sample = "\n".join(text.splitlines()[:HEADER_SEARCH_ROWS])
    delimiter = max((";", ",", "\t"), key=sample.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    grid = []
    try:
        for row in reader:
            grid.append(row[:MAX_COLUMNS])
            if len(grid) > MAX_ROWS:
                raise AnnexError("too_big")
    except csv.Error:  # a stray carriage return, a field beyond the reader's limit
        raise AnnexError("csv") from None
    return grid


def _xlsx_grid(data):
    """The first sheet that has the list's header row, as rows of text."""
    from openpyxl import load_workbook  # defusedxml guards its XML parsing when installed

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # a damaged or foreign zip: openpyxl raises many kinds
        raise AnnexError("not_xlsx") from None
    try:
        for sheet in book.worksheets:
            grid = []
            for row in sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True):
                grid.append([_cell_text(value) for value in row])
                if len(grid) > MAX_ROWS:
                    raise AnnexError("too_big")
            if _header_at(grid) is not None:
                return grid
        return []
    finally:
        book.close()


def _cell_text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _code_text(text):
    """A national code typed into a spreadsheet as a number comes back short: 1.0012 for 1.001200."""
    return text.ljust(8, "0") if re.fullmatch(r"\d\.\d{1,5}", text) else text


def column_of(header):
    """The column a header names (loosely: case, diacritics and spacing aside), or None."""
    words = fold(header).split()
    text = " ".join(words)
    if not words:
        return None
    if words[0] == "stt" or text.startswith("so thu tu"):
        return "stt"
    if words[0] == "ma":
        return "code"
    if words[0] == "ten":
        return "name"
    if text.startswith("thoi han") or text.startswith("thoi gian giai quyet"):
        return "time_limit"
    if words[0] in ("phi", "le") or text.startswith(("muc thu", "phi le phi")):
        return "fee"
    if text.startswith(("can cu", "co so phap ly")):
        return "legal"
    if words[0] == "cap" or text.startswith("co quan thuc hien"):
        return "tier"
    return None


def _header_at(grid):
    """(row index, {column: index}) of the first row naming at least a code and a name column."""
    for i, row in enumerate(grid[:HEADER_SEARCH_ROWS]):
        columns = {}
        for j, cell in enumerate(row):
            column = column_of(cell)
            if column and column not in columns:
                columns[column] = j
        if "code" in columns and "name" in columns:
            return i, columns
    return None


def _rows(grid):
    found = _header_at(grid)
    if found is None:
        raise AnnexError("no_header")
    start, columns = found
    rows, seen = [], set()
    for i, cells in enumerate(grid[start + 1 :], start=start + 2):
        values = {key: " ".join(cells[j].split()) if j < len(cells) else "" for key, j in columns.items()}
        code = _code_text(values.get("code", ""))
        if not _looks_like_code(code) or code in seen:  # a section heading ("I. Lĩnh vực Hộ tịch"), a blank
            continue
        seen.add(code)
        texts = {key: values.get(key, "") for key in ("name", "time_limit", "fee", "legal", "tier")}
        rows.append(AnnexRow(code=code, line=i, **texts))
    return rows


def _looks_like_code(code):
    return bool(re.fullmatch(r"[0-9][0-9.\-A-Za-z]{2,15}", code))


# ── reading the texts ──


def legal_numbers(text):
    """Document numbers a legal-basis text names ("Nghị định số 123/2015/NĐ-CP …")."""
    return list(dict.fromkeys(number.upper() for number in NUMBER_RE.findall(text or "")))


def time_limit_of(text):
    """(amount, unit) from "03 ngày làm việc", "Trong ngày", "08 giờ làm việc"; None when unreadable."""
    folded = fold(re.sub(r"(\d),(\d)", r"\1.\2", text or ""))
    found = TIME_RE.search(folded)
    if found:
        amount = float(found.group(1))
        unit = "working_hour" if found.group(2).startswith("gio") else "working_day"
        return (0.0, "same_day") if amount == 0 else (amount, unit)
    if "trong ngay" in folded or "ngay khi nhan" in folded:
        return (0.0, "same_day")
    return None


def fee_amounts(text):
    """The amounts in đồng a fee text names (a set; empty for "Không", "Miễn phí"); None when unreadable."""
    amounts = set()
    for number, unit in MONEY_RE.findall(text or ""):
        if unit or re.search(r"[.,]\d{3}", number):
            amounts.add(int(re.sub(r"[.,]", "", number)))
    amounts.discard(0)
    if amounts:
        return amounts
    folded = fold(text)
    if not folded or folded.startswith(FREE_WORDS) or "mien" in folded.split():
        return set()
    return None


def tiers_of(text):
    folded = f" {fold(text)} "
    return {tier for word, tier in TIER_WORDS if f" {word} " in folded}


# ── comparing ──


def compare(rows):
    """The diff of the listed rows against the catalogue (the versions in force)."""
    by_code = {p.code: p for p in Procedure.select()}
    aliases = {a.code: a.procedure for a in ProcedureAlias.select(ProcedureAlias, Procedure).join(Procedure)}
    diff, seen = AnnexDiff(), set()
    tiers = set()
    for row in rows:
        tiers |= tiers_of(row.tier)
        procedure = by_code.get(row.code) or aliases.get(row.code)
        if procedure is None:
            diff.added.append(row)
            continue
        seen.add(procedure.code)
        changes = changes_of(row, procedure)
        if changes:
            diff.changed.append((row, procedure, changes))
        else:
            diff.unchanged += 1
    diff.tiers = tuple(sorted(tiers))
    diff.missing = [p for code, p in sorted(by_code.items()) if code not in seen and (not tiers or p.tier in tiers)]
    return diff


def changes_of(row, procedure):
    """What the listed row says differently from the procedure's version in force."""
    rules = procedure.rules_on()
    changes = []
    if row.code != procedure.code:
        changes.append(Change("code", row.code, procedure.code))
    if row.name and _name_key(row.name) != _name_key(procedure.name):
        changes.append(Change("name", row.name, procedure.name))
    if rules is None:
        return changes
    listed_limit, current_limit = time_limit_of(row.time_limit), _current_limit(rules)
    if row.time_limit and listed_limit is not None and listed_limit != current_limit:
        changes.append(Change("time_limit", row.time_limit, limit_text(current_limit)))
    listed_fees, current_fees = fee_amounts(row.fee), _current_fees(rules)
    if row.fee and listed_fees is not None and listed_fees != current_fees:
        changes.append(Change("fee", row.fee, fees_text(current_fees)))
    cited = {(b.get("number") or "").strip().upper() for b in rules.legal_bases or [] if isinstance(b, dict)}
    new_numbers = [n for n in legal_numbers(row.legal) if n not in cited]
    if new_numbers:
        changes.append(Change("legal", ", ".join(new_numbers), ", ".join(sorted(cited))))
    listed_tiers = tiers_of(row.tier)
    if listed_tiers and procedure.tier not in listed_tiers:
        changes.append(Change("tier", row.tier, procedure.tier))
    return changes


def _name_key(name):
    folded = fold(name)
    return folded.removeprefix("thu tuc ").strip()


def _current_limit(rules):
    """The counter channel's time limit (the list states one), else the first."""
    limits = [t for t in rules.time_limits or [] if isinstance(t, dict)]
    chosen = next((t for t in limits if t.get("channel") == "truc_tiep"), limits[0] if limits else None)
    if chosen is None:
        return None
    amount, unit = float(chosen.get("amount") or 0), chosen.get("unit")
    return (0.0, "same_day") if amount == 0 or unit == "same_day" else (amount, unit)


def limit_text(limit):
    """The catalogue's limit worded as the procedure page words it (one wording: labels.time_limit_text)."""
    if limit is None:
        return ""
    amount, unit = limit
    return str(time_limit_text({"amount": amount, "unit": unit}))


def fees_text(amounts):
    """The catalogue's amounts as the procedure page writes money; "Không thu" when it charges nothing."""
    return ", ".join(money(a) for a in sorted(amounts)) or _("Không thu")


def _current_fees(rules):
    """Every amount the fee items name: the rate, the cheaper rate after some pages, the caps."""
    amounts = set()
    for fee in rules.fees or []:
        if isinstance(fee, dict):
            then = fee.get("then") if isinstance(fee.get("then"), dict) else {}
            amounts |= {fee.get("amount"), then.get("amount"), fee.get("max_per_copy"), fee.get("max")}
    return {a for a in amounts if isinstance(a, int) and not isinstance(a, bool) and a > 0}
