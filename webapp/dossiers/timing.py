"""When a dossier is due, how much working time it has left, and whether it was done early, on time
or late (DOMAIN §4–5), in the working time of the unit acting on it.

`late` and `due_soon` are the one definition of "quá hạn" and "sắp đến hạn": the queues, the morning
digest, the staff dashboard and the statistics all ask them. The clock stops when the leader signs the
result (finished_at): a result signed on time and waiting to be handed over is not late.
"""

import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from webapp.calendar.services import current_calendar
from webapp.calendar.working_time import due_at, to_local, to_utc, working_hours_between
from webapp.models.values import ONLINE

DUE_SOON_HOURS = 8  # "sắp đến hạn": one working day or less left


def expected_due(rule_set, received_utc, unit=None, channel=ONLINE):
    """When the result is due if the desk of `unit` receives it at `received_utc` by `channel`
    (shown before submitting; fixed at reception)."""
    limit = rule_set.binding_limit(channel)
    if limit is None:
        return None
    local = due_at(to_local(received_utc), limit, rule_set.cutoff_15h, current_calendar(unit))
    return to_utc(local)


def working_hours_left(dossier, now):
    """Working hours from `now` to the binding (else expected) due time; negative once overdue."""
    due = dossier.due_at or dossier.expected_due_at
    if due is None:
        return None
    calendar = current_calendar(acting_unit(dossier))
    if due >= now:
        return working_hours_between(to_local(now), to_local(due), calendar)
    return -working_hours_between(to_local(due), to_local(now), calendar)


def start_of_day(now):
    """Local midnight of `now`'s day, in stored UTC: a due date before it is a past day."""
    return to_utc(datetime.datetime.combine(to_local(now).date(), datetime.time.min))


def late(dossier, now):
    """Quá hạn: signed after its due date, or not signed and its due date gone by, judged by local
    date as the statistics class results (DOMAIN §4: a result on the due date is đúng hạn)."""
    return punctuality(dossier.finished_at or now, dossier.due_at) == "qua_han"


def due_soon(dossier, now):
    """Sắp đến hạn: not signed, not late, and at most one working day left (or due later today)."""
    if dossier.due_at is None or dossier.finished_at is not None or late(dossier, now):
        return False
    return working_hours_left(dossier, now) <= DUE_SOON_HOURS


def time_left(dossier, now):
    """The row's "còn 1 ngày 3 giờ làm việc", "hạn trả hôm nay" or "quá hạn 2 ngày", in the unit's
    working time; once signed, whether the result came in time."""
    if dossier.finished_at is not None:
        verdict = punctuality(dossier.finished_at, dossier.due_at)
        return _("kết quả ký %(verdict)s", verdict=str(PUNCTUALITY[verdict]).lower()) if verdict else ""
    hours = working_hours_left(dossier, now)
    if hours is None:
        return ""
    day = current_calendar(acting_unit(dossier)).hours.day_hours
    if late(dossier, now):
        return _("quá hạn %(time)s", time=working_span(-hours, day)) if hours <= -1 else _("vừa quá hạn")
    if (dossier.due_at or dossier.expected_due_at) < now:  # past the due hour, still the due date
        return _("hạn trả hôm nay") if dossier.due_at else ""  # before reception, only an estimate
    return _("còn %(time)s làm việc", time=working_span(hours, day)) if hours >= 1 else _("còn dưới 1 giờ làm việc")


def working_span(hours, day_hours=8):
    """Whole working days and hours, rounded down: "1 ngày 3 giờ", "2 ngày", "5 giờ"."""
    days, rest = divmod(int(hours + 1e-9), int(day_hours) or 8)
    parts = [ngettext("%(num)s ngày", "%(num)s ngày", days)] if days else []
    if rest or not days:
        parts.append(ngettext("%(num)s giờ", "%(num)s giờ", rest))
    return " ".join(parts)


def acting_unit(dossier):
    """The unit a step is taken for: the one handling the dossier after a transfer, else the receiver."""
    return dossier.handling_unit_id or dossier.agency.unit_id


def binding_due(dossier, received_utc):
    """The due time fixed at reception from the rule set in force when the dossier was filed."""
    return expected_due(dossier.rule_set, received_utc, dossier.agency.unit_id, dossier.channel)


PUNCTUALITY = {"truoc_han": _l("Trước hạn"), "dung_han": _l("Đúng hạn"), "qua_han": _l("Quá hạn")}


def punctuality(moment_utc, due_utc):
    """trước hạn before the due date, đúng hạn on it, quá hạn after (DOMAIN §4), by local date."""
    if moment_utc is None or due_utc is None:
        return None
    done, due = to_local(moment_utc).date(), to_local(due_utc).date()
    return "truoc_han" if done < due else "dung_han" if done == due else "qua_han"
