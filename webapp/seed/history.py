"""`flask seed --history N`: N months of past dossiers for the two demo wards, so the statistics look
like a real district's: more births in late summer, the Tết pause, online filing growing, a few
supplements, a few late dossiers with their apology, a few results collected weeks after they were
ready. Every dossier ends returned unless its next step would fall after today: only the last weeks
are still open, so the queues show what a desk has today, not a year of forgotten results.

Every dossier is filed (online or at the counter) and moved through the same services and workflow
steps the pages use, by the wards' demo officers, at past working moments; nobody is texted. A fixed
random seed makes the same history on every machine.
"""

import datetime
import random
import uuid
from dataclasses import dataclass

from webapp.calendar.services import current_calendar
from webapp.calendar.working_time import to_local, to_utc, working_hours_between
from webapp.dossiers.drafts import spec_of, start_draft
from webapp.dossiers.signed_papers import unsigned_past
from webapp.forms_engine.stored import form_for
from webapp.models import Agency, Dossier, Procedure, Staff, Unit
from webapp.models.dossier import utcnow
from webapp.models.values import (
    APOLOGISE,
    APPROVE,
    ASSIGN,
    COUNTER,
    HAND_IN,
    RECEIVE,
    REQUEST_SUPPLEMENT,
    RETURN,
    SUBMIT_TO_LEADER,
)
from webapp.seed.dossiers import sample_answers
from webapp.workflow.actions import take
from webapp.workflow.fees import collect_cash
from webapp.workflow.intake import receive_at_counter, submit
from webapp.workflow.services import Origin

SEED = 766
WARDS = {"18073": "thanhsen", "18100": "tranphu"}
PER_MONTH = 45  # dossiers a ward receives in an ordinary month
# Month weights: Tết (late January or February) empties the desks; births peak in late summer.
SEASON = {1: 1.0, 2: 0.55, 3: 1.0, 4: 0.95, 5: 1.0, 6: 1.05, 7: 1.15, 8: 1.25, 9: 1.2, 10: 1.05, 11: 1.0, 12: 1.1}
SUPPLEMENT_RATE, LATE_RATE, LATE_PICKUP_RATE = 0.06, 0.03, 0.05
SUPPLEMENT = {"items": [{"item": "Bản sao giấy tờ tùy thân", "reason": "Bản chụp bị mờ, không đọc được số"}]}


@dataclass
class Ward:
    agency: object
    staff: dict  # role key (motcua, chuyenvien, lanhdao) → Staff
    calendar: object


def write_history(months, today=None):
    """File the history unless one exists (it is told by its applicants' phones); returns the count."""
    if Dossier.select().where(Dossier.applicant_phone.startswith("+8497766")).exists():
        return 0
    rng = random.Random(SEED)
    today = today or datetime.date.today()
    wards = [_ward(code, prefix) for code, prefix in WARDS.items()]
    procedures = _procedures()
    count = 0
    with unsigned_past():
        for first_day in _months(today, months):
            online_share = 0.3 + 0.2 * count / max(1, months * PER_MONTH * len(wards))  # online keeps growing
            for ward in wards:
                for moment in _arrivals(rng, ward.calendar, first_day, today):
                    _one_dossier(rng, ward, rng.choice(procedures), moment, rng.random() < online_share, count)
                    count += 1
    return count


def _ward(code, prefix):
    agency = Agency.select(Agency, Unit).join(Unit).where(Unit.code == code).get()
    staff = {role: Staff.get(Staff.username == f"{prefix}.{role}") for role in ("motcua", "chuyenvien", "lanhdao")}
    return Ward(agency, staff, current_calendar(agency.unit))


def _procedures():
    """The wards' procedures that can be filed (not those only published for information) and whose
    forms the sample answers fill."""
    found = []
    for procedure in Procedure.select().where(Procedure.tier == "xa", Procedure.online_class != "thong_tin"):
        rules = procedure.rules_on()
        try:
            sample_answers(form_for(rules), 0)
        except (ValueError, AttributeError):
            continue
        found.append(procedure)
    return sorted(found, key=lambda p: p.code)


def _months(today, months):
    first = today.replace(day=1)
    for back in range(months, -1, -1):
        year, month = divmod(first.month - 1 - back, 12)
        yield datetime.date(first.year + year, month + 1, 1)


def _arrivals(rng, calendar, first_day, today):
    """Working moments of the month (before today) when someone files, in order."""
    days = []
    day = first_day
    while day.month == first_day.month and day < today:
        if calendar.is_working_day(day):
            days.append(day)
        day += datetime.timedelta(days=1)
    if not days:
        return []
    wanted = round(PER_MONTH * SEASON[first_day.month] * len(days) / 21)
    moments = []
    for _ in range(wanted):
        minutes = rng.randrange(7 * 60 + 30, 16 * 60 + 30)
        moments.append(datetime.datetime.combine(rng.choice(days), datetime.time(minutes // 60, minutes % 60)))
    return sorted(moments)


def _one_dossier(rng, ward, procedure, arrived_local, online, number):
    today_local = to_local(utcnow())
    dossier = _file(ward, procedure, arrived_local, online, number)
    clock = _Clock(ward.calendar, arrived_local)
    desk, specialist, leader = (ward.staff[r] for r in ("motcua", "chuyenvien", "lanhdao"))

    def step(who, action, form=None, hours=1.0, exact=False):
        moment = clock.after(hours if exact else hours * rng.uniform(0.5, 1.5))
        if moment >= today_local:  # the recent ones are still where today finds them
            raise _StillOpen
        record = Dossier.get_by_id(dossier.id)
        take(record, action, who, form or {}, Origin.seed(at=to_utc(moment)))
        return Dossier.get_by_id(dossier.id)

    try:
        if dossier.fee_amount:  # paid in cash at the desk when it is handed in
            collect_cash(Dossier.get_by_id(dossier.id), desk, Origin.seed(at=to_utc(clock.after(0.1))))
        if rng.random() < SUPPLEMENT_RATE:
            step(desk, REQUEST_SUPPLEMENT, SUPPLEMENT, hours=2)
            step(desk, HAND_IN, hours=rng.uniform(8, 32))
        record = step(desk, RECEIVE, hours=1)
        step(desk, ASSIGN, {"assignee": specialist.id}, hours=1)
        left = clock.hours_until(record.due_at)
        if rng.random() < LATE_RATE and record.due_at:
            _late(step, clock, specialist, record)
            step(specialist, SUBMIT_TO_LEADER, hours=2)
            step(leader, APPROVE, {"ban_giay": True}, hours=2)
        else:  # signed within the time left, most well before it
            used = left * rng.uniform(0.25, 0.9) if left else rng.uniform(4, 40)
            step(specialist, SUBMIT_TO_LEADER, hours=used * 0.7, exact=True)
            step(leader, APPROVE, {"ban_giay": True}, hours=used * 0.3, exact=True)
        step(desk, RETURN, {"kenh_tra": COUNTER, **_collector(rng)}, hours=_pickup_hours(rng))
    except _StillOpen:
        pass


def _late(step, clock, specialist, record):
    """Form 04 issued the working day before the due date, then the result signed after it."""
    due = to_local(record.due_at)
    day_before = due.date() - datetime.timedelta(days=1)
    while not clock.calendar.is_working_day(day_before):
        day_before -= datetime.timedelta(days=1)
    apology = datetime.datetime.combine(day_before, datetime.time(9, 0))
    if clock.now < apology:
        clock.now = apology
        new_day = clock.calendar.next_working_day(clock.calendar.next_working_day(due.date()))
        form = {"new_due_date": new_day, "note": "Cần xác minh thêm thông tin."}
        step(specialist, APOLOGISE, form, hours=0)
    clock.now = datetime.datetime.combine(clock.calendar.next_working_day(due.date()), datetime.time(9, 0))


def _pickup_hours(rng):
    """Working hours until the applicant collects the result: most within two days, a few weeks later."""
    if rng.random() < LATE_PICKUP_RATE:
        return rng.uniform(40, 160)
    return rng.uniform(2, 16)


def _collector(rng):
    return {"nguoi_nhan": "Người nhận", "giay_to_nguoi_nhan": f"0421{rng.randrange(10**8):08d}"}


class _StillOpen(Exception):
    """The next step would fall after today: the dossier stays where it is."""


class _Clock:
    """The dossier's own time: naive local moments inside working hours."""

    def __init__(self, calendar, start):
        self.calendar, self.now = calendar, start

    def after(self, hours):
        self.now = self.calendar.add_working_hours(self.now, hours)
        return self.now

    def hours_until(self, due_utc):
        """Working hours left before the due date (0 without one)."""
        return working_hours_between(self.now, to_local(due_utc), self.calendar) if due_utc else 0


def _file(ward, procedure, arrived_local, online, number):
    """The dossier as it arrives: filed online by its applicant, or typed in at the counter."""
    phone = f"+8497766{number % 10**4:04d}"
    at = to_utc(arrived_local)
    draft = start_draft(procedure, ward.agency)
    answers = sample_answers(spec_of(draft), 20000 + number)
    if online:
        draft.answers, draft.phone, draft.phone_verified_at = answers, phone, at
        draft.delivery = {"channel": COUNTER}
        draft.save()
        return submit(draft, spec_of(draft), now=at)[0]
    applicant = {
        "ho_ten": f"Nguyễn Văn Mẫu {number}",
        "so_dinh_danh": f"042{20000 + number:09d}",
        "dien_thoai": phone,
        "dia_chi": "Tổ dân phố 1",
        "cach_nhan": COUNTER,
    }
    rules = procedure.rules_on()
    papers = [{"index": 0, "name": rules.documents[0]["name"], "kind": "ban_chinh", "count": 1}]
    desk = ward.staff["motcua"]
    return receive_at_counter(desk, ward.agency, rules, applicant, papers, [], uuid.uuid4().hex, Origin.seed(at=at))[0]
