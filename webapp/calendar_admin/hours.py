"""Office-hours rules as an admin edits them: the province's (province admin) or a unit's own (its
unit admin). A rule holds between two dates, within a season of each year; the deadline arithmetic
reads each day's rule (webapp/calendar/office_hours.py), so an edit applies to the next reception."""

import re
from datetime import date

from flask_babel import lazy_gettext as _l

from webapp.admin_log import record
from webapp.calendar.services import forget_calendars
from webapp.calendar_admin.services import Refused, editable_unit
from webapp.db import db
from webapp.models import OfficeHoursRule

AREA = "gio-lam-viec"
PROVINCE_ROLE = "quan_tri_tinh"
PERIOD_FIELDS = ("morning_start", "morning_end", "afternoon_start", "afternoon_end")
RULE_FIELDS = ("name", "effective_from", "effective_until", "season_start", "season_end", *PERIOD_FIELDS, "basis")
_MONTH_DAY = re.compile(r"^(\d{1,2})\s*[/.-]\s*(\d{1,2})$")


def parse_month_day(typed):
    """16/04 → "04-16" (29/02 allowed); None when it is not a day of the year."""
    found = _MONTH_DAY.match(typed.strip())
    if not found:
        return None
    try:
        day = date(2024, int(found[2]), int(found[1]))  # a leap year, so 29/02 is a day of the year
    except ValueError:
        return None
    return f"{day.month:02d}-{day.day:02d}"


def check_rule(values):
    """Refused(field, message) unless the periods are ordered, the dates in order, the season whole."""
    moments = [values[name] for name in PERIOD_FIELDS]
    for earlier, later, name in zip(moments, moments[1:], PERIOD_FIELDS[1:], strict=False):
        if later <= earlier:
            raise Refused(name, _l("Các mốc giờ phải tăng dần: sáng từ, sáng đến, chiều từ, chiều đến."))
    until = values.get("effective_until")
    if until is not None and until < values["effective_from"]:
        raise Refused("effective_until", _l("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu áp dụng."))
    if bool(values.get("season_start")) != bool(values.get("season_end")):
        missing = "season_end" if values.get("season_start") else "season_start"
        raise Refused(missing, _l("Nhập cả ngày đầu và ngày cuối của mùa, hoặc để trống cả hai (áp dụng cả năm)."))


def rules_of(unit=None):
    """The rules of the province (unit None) or of one unit, the newest first."""
    where = OfficeHoursRule.unit.is_null() if unit is None else OfficeHoursRule.unit == unit.id
    query = OfficeHoursRule.select().where(where)
    return list(query.order_by(OfficeHoursRule.effective_from.desc(), OfficeHoursRule.season_start))


def rule_for(staff, rule_id):
    """The rule if this admin may edit it (a province rule: the province admin only), else None."""
    rule = OfficeHoursRule.get_or_none(OfficeHoursRule.id == rule_id)
    if rule is None:
        return None
    if rule.unit_id is None:
        return rule if staff.role == PROVINCE_ROLE else None
    return rule if editable_unit(staff, rule.unit_id) is not None else None


def save_rule(staff, values, unit=None, rule=None):
    """Add a rule (rule None) or change one; it becomes the admin's (the seed no longer rewrites it)."""
    values = {name: values.get(name) for name in RULE_FIELDS}
    values["season_start"], values["season_end"] = values["season_start"] or "", values["season_end"] or ""
    values["basis"] = values["basis"] or ""
    check_rule(values)
    with db.atomic():
        if rule is None:
            rule = OfficeHoursRule.create(unit=unit.id if unit else None, source="manual", **values)
            action = "add"
        else:
            for name, value in values.items():
                setattr(rule, name, value)
            rule.source = "manual"
            rule.save()
            action = "edit"
        record(staff, AREA, action, _subject(rule), rule=rule.id, **_shown(values))
    forget_calendars()
    return rule


def end_rule(staff, rule, until):
    """The rule holds up to `until` and no further; days after it fall to the next rule that holds."""
    if until < rule.effective_from:
        raise Refused(
            "until",
            _l(
                "Ngày cuối cùng phải sau hoặc bằng ngày bắt đầu áp dụng (%(day)s).",
                day=f"{rule.effective_from:%d/%m/%Y}",
            ),
        )
    with db.atomic():
        rule.effective_until, rule.source = until, "manual"
        rule.save()
        record(staff, AREA, "end", _subject(rule), rule=rule.id, name=rule.name, effective_until=until.isoformat())
    forget_calendars()
    return rule


def _subject(rule):
    """The audit's subject: the unit's code, or "tinh" for the province's own rules."""
    return rule.unit.code if rule.unit_id is not None else "tinh"


def _shown(values):
    """The values as the audit log keeps them (JSON: dates and times as text)."""
    return {name: value.isoformat() if hasattr(value, "isoformat") else value for name, value in values.items()}
