"""Form 04 (văn bản xin lỗi và đề nghị gia hạn): a new date, promised before the current due date
passes; the dossier keeps its original due date and still counts late (DOMAIN §4)."""

import datetime

from flask_babel import lazy_gettext as _l

from webapp.calendar.services import current_calendar
from webapp.calendar.working_time import to_utc
from webapp.dossiers.timing import acting_unit
from webapp.formatting import local_time
from webapp.messaging.templates import sms_time
from webapp.workflow import steps
from webapp.workflow.processing import must_handle


def apologise(record, inputs, staff, now):
    """Form 04: a new date (`new_due_date`, a date; `new_due_hour`, a time or None: the closing hour),
    promised before the current one passes; the original due date stays."""
    must_handle(staff, record)  # after a transfer, the unit now handling the dossier answers for the delay
    current_due = record.new_due_at or record.due_at
    if current_due is None:
        raise steps.BadInput("new_due_date", _l("Hồ sơ chưa có hạn trả kết quả nên chưa thể hẹn lại."))
    if now >= current_due:
        raise steps.BadInput(
            "new_due_date",
            _l(
                "Đã quá hạn trả kết quả (%(due)s): văn bản xin lỗi, hẹn lại ngày trả (mẫu 04) phải ban hành"
                " trước khi hết hạn.",
                due=local_time(current_due),
            ),
        )
    new_due = _new_due(inputs, record, current_due)
    details = {"new_due_at": new_due.isoformat(), "old_due_at": current_due.isoformat()}
    return steps.Step(changes={"new_due_at": new_due}, details=details, sms={"due": sms_time(new_due)})


MAX_DELAY = datetime.timedelta(days=366)


def _new_due(inputs, record, current_due):
    """The new due moment (UTC) from the date and optional hour, or BadInput saying what is wrong with it."""
    day = inputs["new_due_date"]
    calendar = current_calendar(acting_unit(record))
    hour = inputs.get("new_due_hour") or calendar.hours_on(day).closing
    if not calendar.is_working_day(day):
        raise steps.BadInput("new_due_date", _l("Ngày hẹn trả mới là ngày nghỉ: chọn một ngày làm việc."))
    new_due = to_utc(datetime.datetime.combine(day, hour))
    if new_due - current_due > MAX_DELAY:
        raise steps.BadInput("new_due_date", _l("Ngày hẹn trả mới không được quá một năm sau hạn hiện tại."))
    if new_due <= current_due:
        raise steps.BadInput(
            "new_due_date",
            _l("Ngày hẹn trả mới phải sau hạn hiện tại (%(due)s).", due=local_time(current_due)),
        )
    return new_due
