"""Form 07, sổ theo dõi hồ sơ: one row per dossier of the officer's units in a period, as page, CSV, XLSX
and PDF, the same columns in each (the applicant's address and phone, the unit deciding it, when it was
sent on to be processed, and a blank column for the recipient's signature among them).

The result column is judged against the ORIGINAL due date: a dossier that needed an apology (form 04)
still counts late (DOMAIN §4), and the book shows both dates so the reader sees why.
"""

import calendar as month_calendar
import datetime
from dataclasses import dataclass

from flask import Response, render_template, request
from flask_babel import force_locale
from peewee import fn

from webapp.backoffice import bp
from webapp.backoffice.papers import applicant_contact
from webapp.backoffice.periods import entered, period_from
from webapp.calendar.working_time import to_local, to_utc
from webapp.dossiers.access import record_export, scoped
from webapp.dossiers.timing import PUNCTUALITY, punctuality
from webapp.forms_engine import paper_pdf
from webapp.identity.session import current_staff, login_required, staff_units
from webapp.models import Agency, Dossier, Transition, Unit
from webapp.models.dossier import utcnow
from webapp.models.units import sorted_units
from webapp.models.values import ASSIGN, COUNTER, ONLINE, POST, TRANSFER
from webapp.phone import display_phone
from webapp.spreadsheets import XLSX_MIMETYPE, csv_bytes, workbook
from webapp.workflow import machine

# Circular 03/2025/TT-VPCP, Appendix I, form 07 (the 2018 set's form 06): the recipient signs on paper,
# so "Ký nhận" stays blank in every export.
SIGNATURE = "Ký nhận"
COLUMNS = (
    "STT",
    "Số vào sổ",
    "Mã hồ sơ",
    "Thủ tục hành chính",
    "Người nộp",
    "Địa chỉ, điện thoại",
    "Đơn vị giải quyết",
    "Ngày nhận",
    "Hẹn trả",
    "Hẹn lại (mẫu 04)",
    "Ngày chuyển xử lý",
    "Liên thông",
    "Kết quả",
    "Ngày trả",
    SIGNATURE,
    "Ghi chú",
)
WIDTHS = (5, 8, 24, 30, 22, 30, 24, 16, 16, 16, 16, 22, 14, 16, 14, 30)  # XLSX, in characters
# PDF: the code must fit on one line to be read (and searched) whole, and each date on one line.
PRINTED_WIDTHS = (8, 9, 41, 19, 16, 22, 15, 17.5, 17.5, 17.5, 17.5, 14, 13, 17.5, 14, 18.5)  # mm
RETURNED_BY = {COUNTER: "Trả trực tiếp", ONLINE: "Trả trực tuyến", POST: "Qua bưu chính"}
MOMENT_FORMAT = "%H:%M %d/%m/%Y"


@dataclass
class Entry:
    """One line of the book; moments are local wall-clock times, as the book is read at the desk."""

    number: int
    book_number: int | None  # the dossier's line in the agency's book for the year (form 01)
    code: str
    procedure: str
    applicant: str
    contact: str  # the applicant's address and phone
    handling_unit: str  # the unit deciding it (after liên thông, not the receiver)
    received: datetime.datetime | None
    due: datetime.datetime | None
    new_due: datetime.datetime | None
    handed_over: datetime.datetime | None  # sent on to be processed (its first assignment)
    transferred: str
    result: str
    returned: datetime.datetime | None
    note: str
    signature: str = ""  # the recipient signs the printed book

    def values(self):
        return (
            self.number,
            self.book_number,
            self.code,
            self.procedure,
            self.applicant,
            self.contact,
            self.handling_unit,
            self.received,
            self.due,
            self.new_due,
            self.handed_over,
            self.transferred,
            self.result,
            self.returned,
            self.signature,
            self.note,
        )

    def texts(self):
        return [_as_text(value) for value in self.values()]

    def printed(self):
        """The texts for the PDF, where an empty cell would read "—": the signature's stays blank."""
        return [" " if column == SIGNATURE else text for column, text in zip(COLUMNS, self.texts(), strict=True)]


def _as_text(value):
    if isinstance(value, datetime.datetime):
        return value.strftime(MOMENT_FORMAT)
    return "" if value is None else str(value)


def this_month(today):
    """(first, last day) of the month of `today`: the book's default period."""
    return today.replace(day=1), today.replace(day=month_calendar.monthrange(today.year, today.month)[1])


def entries(staff, start, end, now):
    """The book's lines for dossiers received (or, not yet received, submitted) from `start` to `end`."""
    moment = fn.COALESCE(Dossier.received_at, Dossier.submitted_at)
    since = to_utc(datetime.datetime.combine(start, datetime.time.min))
    until = to_utc(datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min))
    found = scoped(staff).where(moment >= since, moment < until)
    steps = _hand_overs(found.select(Dossier.id))
    units = _unit_names(found)
    with force_locale("vi"):
        return [
            _entry(number, dossier, steps.get(dossier.id, ([], None)), units, now)
            for number, dossier in enumerate(found.order_by(moment, Dossier.id), 1)
        ]


def _hand_overs(dossier_ids):
    """Per dossier id: (liên thông hand-overs as 'unit (date)' texts in order, when it was first assigned)."""
    found = {}
    steps = Transition.select().where(Transition.action.in_((ASSIGN, TRANSFER)), Transition.dossier.in_(dossier_ids))
    for step in steps.order_by(Transition.at, Transition.id):
        transfers, assigned = found.get(step.dossier_id, ([], None))
        if step.action == TRANSFER:
            unit = step.details.get("to_unit_name") or ""
            transfers.append(f"{unit} ({to_local(step.at):%d/%m/%Y})")
        elif assigned is None:
            assigned = step.at
        found[step.dossier_id] = (transfers, assigned)
    return found


def _unit_names(found):
    """Names of the units handling the dossiers (their own, after liên thông; else the receiver's)."""
    handling = found.select(Dossier.handling_unit, Agency.unit)
    ids = {row.handling_unit_id or row.agency.unit_id for row in handling}
    return {unit.id: unit.full_name for unit in Unit.select(Unit.id, Unit.full_name).where(Unit.id.in_(ids or [0]))}


def _entry(number, dossier, steps, units, now):
    transfers, assigned = steps
    address, _email = applicant_contact(dossier)
    return Entry(
        number=number,
        book_number=dossier.book_number,
        code=dossier.code,
        procedure=dossier.procedure.name,
        applicant=dossier.applicant_name,
        contact="; ".join(part for part in (address, display_phone(dossier.applicant_phone)) if part),
        handling_unit=units.get(dossier.handling_unit_id or dossier.agency.unit_id, ""),
        received=_local(dossier.received_at or dossier.submitted_at),
        due=_local(dossier.due_at),
        new_due=_local(dossier.new_due_at),
        handed_over=_local(assigned),
        transferred="; ".join(transfers),
        result=result_of(dossier, now),
        returned=_local(dossier.returned_at),
        note=_note(dossier),
    )


def _local(moment):
    return to_local(moment) if moment else None


def result_of(dossier, now):
    """Trước hạn / đúng hạn / quá hạn against the original due date; an open dossier past it is late already."""
    done = dossier.finished_at or dossier.returned_at
    if done:
        return str(PUNCTUALITY[punctuality(done, dossier.due_at)]) if dossier.due_at else "Đã giải quyết"
    if dossier.status in machine.CLOSED:
        return str(machine.STATES[dossier.status])
    if dossier.due_at and punctuality(now, dossier.due_at) == "qua_han":
        return str(PUNCTUALITY["qua_han"])
    return "Đang giải quyết"


def _note(dossier):
    parts = []
    if dossier.new_due_at:
        parts.append("Đã xin lỗi, hẹn lại ngày trả (mẫu 04)")
    if dossier.returned_at:
        how = RETURNED_BY.get(dossier.return_channel, "")
        parts.append(f"{how}: {dossier.returned_to}" if dossier.returned_to else how)
    elif dossier.status not in machine.CLOSED:
        parts.append(str(machine.STATES[dossier.status]))
    return "; ".join(part for part in parts if part)


def as_csv(lines):
    return csv_bytes(COLUMNS, [line.texts() for line in lines])


def as_xlsx(lines, heading):
    """One sheet: the heading, the column titles, a row per dossier; moments as real Excel dates."""
    book, buffer = workbook()
    sheet = book.add_worksheet("Sổ theo dõi hồ sơ")
    framed = {"border": 1, "valign": "top", "text_wrap": True}
    title, header = book.add_format({"bold": True, "font_size": 13}), book.add_format({**framed, "bold": True})
    cell, moment = book.add_format(framed), book.add_format({**framed, "num_format": "hh:mm dd/mm/yyyy"})
    sheet.write_string(0, 0, heading, title)
    sheet.write_row(2, 0, COLUMNS, header)
    for row, line in enumerate(lines, 3):
        for column, value in enumerate(line.values()):
            if isinstance(value, datetime.datetime):
                sheet.write_datetime(row, column, value, moment)
            elif isinstance(value, int):
                sheet.write_number(row, column, value, cell)
            else:
                sheet.write_string(row, column, value or "", cell)
    for column, width in enumerate(WIDTHS):
        sheet.set_column(column, column, width)
    sheet.freeze_panes(3, 0)
    sheet.autofilter(2, 0, 2 + len(lines), len(COLUMNS) - 1)
    book.close()
    return buffer.getvalue()


def heading_for(staff, start, end):
    units = Unit.select(Unit.full_name, Unit.tier).where(Unit.id.in_(staff_units(staff)))
    names = [unit.full_name for unit in sorted_units(units)]
    shown = ", ".join(names[:3]) + (", …" if len(names) > 3 else "")
    return f"SỔ THEO DÕI HỒ SƠ · {shown} · từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}"


@bp.get("/so-theo-doi")
@login_required(*machine.STAFF_ROLES)
def logbook():
    """Form 07 on screen, with the period to choose and the links to take it away as CSV or XLSX."""
    return _page()


@bp.get("/so-theo-doi.<any(csv, xlsx, pdf):kind>")
@login_required(*machine.STAFF_ROLES)
def logbook_file(kind):
    staff = current_staff()
    start, end, errors = period_from(request.args, *this_month(to_local(utcnow()).date()))
    if errors:
        return _page(status=400)
    lines = entries(staff, start, end, utcnow())
    record_export(staff, f"so-theo-doi.{kind}", len(lines), tu=start.isoformat(), den=end.isoformat())
    if kind == "csv":
        body, mimetype = as_csv(lines), "text/csv; charset=utf-8"
    elif kind == "pdf":
        rows = [line.printed() for line in lines]
        body, mimetype = (
            paper_pdf.render_book(heading_for(staff, start, end), COLUMNS, rows, PRINTED_WIDTHS),
            "application/pdf",
        )
    else:
        body = as_xlsx(lines, heading_for(staff, start, end))
        mimetype = XLSX_MIMETYPE
    response = Response(body, mimetype=mimetype)
    name = f"so-theo-doi-{start:%Y%m%d}-{end:%Y%m%d}.{kind}"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _page(status=200):
    staff = current_staff()
    start, end, errors = period_from(request.args, *this_month(to_local(utcnow()).date()))
    lines = [] if errors else entries(staff, start, end, utcnow())
    if not errors:  # the book on screen shows the applicants as the files do: logged alike
        record_export(staff, "so-theo-doi", len(lines), tu=start.isoformat(), den=end.isoformat())
    page = render_template(
        "backoffice/form07.html",
        lines=lines,
        columns=COLUMNS,
        errors=errors,
        entered=entered(request.args, start, end),
        heading=heading_for(staff, start, end),
        period={"tu": start.isoformat(), "den": end.isoformat()},
    )
    return page, status
