"""The life of one synthetic dossier (seed/synthetic.py): who filed it and how, then the workflow's
steps at working moments, with the share of refusals, supplements, late results and forgotten files a
commune desk sees. A step that would fall after now is not taken: the dossier waits there."""

from contextlib import suppress
from dataclasses import dataclass, field

from webapp.models.values import (
    APOLOGISE,
    APPROVE,
    ASSIGN,
    COUNTER,
    FILED_AT_COUNTER,
    FILED_ONLINE,
    HAND_IN,
    ONLINE,
    RECEIVE,
    REFUSE,
    REQUEST_SUPPLEMENT,
    RETURN,
    SUBMIT_TO_LEADER,
)
from webapp.workflow import machine

REFUSE_RATE, SUPPLEMENT_RATE, FORGOTTEN_RATE = 0.01, 0.05, 0.003
LATE_RATE, APOLOGY_SHARE, LATE_PICKUP_RATE = 0.04, 0.5, 0.05
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý")
MIDDLE = ("Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Thanh", "Quang", "Xuân", "Thu")
GIVEN = (
    *("An", "Bình", "Châu", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hoa", "Hùng", "Hương", "Khánh", "Lan"),
    *("Linh", "Long", "Mai", "Nam", "Nga", "Phong", "Phương", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Yến"),
)
# Who acts at a desk without demo accounts: the transitions name a role, as a real desk's would name a person.
ROLE_NAMES = {machine.MOT_CUA: "Cán bộ một cửa", machine.CHUYEN_VIEN: "Chuyên viên", machine.LANH_DAO: "Lãnh đạo"}


@dataclass
class Life:
    agency: object
    procedure: object
    rules: object
    channel: str
    name: str
    id_number: str
    phone: str
    filed: object  # naive local moments from here on
    code: str = ""
    status: str = machine.CHO_TIEP_NHAN
    expected_due: object = None
    received: object = None
    due: object = None
    book_number: int = None
    assignee_id: int = None
    new_due: object = None
    finished: object = None
    returned: object = None
    steps: list = field(default_factory=list)


class _StillOpen(Exception):
    """The next step would fall after now."""


def plan_life(world, arrival):
    """The Life of a dossier arriving as `arrival` (local moment, agency, (procedure, rules), online)."""
    local, agency, (procedure, rules), online = arrival
    rng = world.rng
    channel = ONLINE if online else COUNTER
    name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
    id_number = f"042{rng.randrange(10**9):09d}"
    phone = f"+84{rng.choice('39875')}{rng.randrange(10**8):08d}"
    life = Life(agency, procedure, rules, channel, name, id_number, phone, local)
    life.code = world.code(agency, local)
    life.expected_due = world.due(rules, channel, local)
    people = world.staff.get(agency.unit_id, {})
    desk = people.get(machine.MOT_CUA)
    actor = name if online else _name(desk, machine.MOT_CUA)
    entry = FILED_ONLINE if online else FILED_AT_COUNTER
    unit = None if online else agency.unit_id
    life.steps.append(_transition(world, entry, None, machine.CHO_TIEP_NHAN, actor, unit, local, None))
    with suppress(_StillOpen):
        _live(world, life, people)
    return life


def _live(world, life, people):
    rng, unit = world.rng, life.agency.unit_id

    def move(action, target, role, at, details=None):
        if world.utc(at) >= world.now:
            raise _StillOpen
        who = people.get(role)
        life.steps.append(_transition(world, action, life.status, target, _name(who, role), unit, at, role, details))
        life.status = target
        return at

    fate = rng.random()
    clock = life.filed
    if fate < REFUSE_RATE:
        move(REFUSE, machine.TU_CHOI, machine.MOT_CUA, world.later(clock, rng.uniform(0.5, 2)))
        return
    if fate < REFUSE_RATE + SUPPLEMENT_RATE:
        clock = move(REQUEST_SUPPLEMENT, machine.CHO_BO_SUNG, machine.MOT_CUA, world.later(clock, rng.uniform(1, 3)))
        clock = move(HAND_IN, machine.CHO_TIEP_NHAN, machine.MOT_CUA, world.later(clock, rng.uniform(8, 32)))
    wait = 0.25 if life.channel == COUNTER else rng.uniform(1, 8)
    clock = move(RECEIVE, machine.DA_TIEP_NHAN, machine.MOT_CUA, world.later(clock, wait))
    life.received, life.due = clock, world.due(life.rules, life.channel, clock)
    life.book_number = world.book_number(life.agency, clock)
    specialist = people.get(machine.CHUYEN_VIEN)
    named = {"assignee_name": specialist.full_name} if specialist else {}
    clock = move(ASSIGN, machine.DANG_XU_LY, machine.MOT_CUA, world.later(clock, rng.uniform(0.5, 2)), named)
    life.assignee_id = specialist.id if specialist else None
    if rng.random() < FORGOTTEN_RATE:
        return  # left in a drawer: the queues' "quá hạn" for months
    if life.due is not None and rng.random() < LATE_RATE:
        clock = _late(world, life, move, clock)
    else:
        clock = _in_time(world, life, move, clock)
    life.finished = clock
    pickup = rng.uniform(40, 160) if rng.random() < LATE_PICKUP_RATE else rng.uniform(1, 16)
    life.returned = move(RETURN, machine.DA_TRA_KET_QUA, machine.MOT_CUA, world.later(clock, pickup))


def _in_time(world, life, move, clock):
    """Signed before the due date, most well before it (same-day procedures within the day)."""
    limit = life.rules.binding_limit(life.channel) or {}
    hours = (limit.get("amount") or 0) * 8 if limit.get("unit") == "working_day" else 3
    used = max(1, hours) * world.rng.uniform(0.25, 0.9)
    approve = world.later(clock, used)
    if life.due is not None:
        approve = max(min(approve, life.due), clock)
    submit = max(min(world.later(clock, used * 0.7), approve), clock)
    move(SUBMIT_TO_LEADER, machine.CHO_PHE_DUYET, machine.CHUYEN_VIEN, submit)
    return move(APPROVE, machine.CHO_TRA_KET_QUA, machine.LANH_DAO, approve)


def _late(world, life, move, clock):
    """Signed a day or more after the due date; half of them with the apology (form 04) first."""
    rng = world.rng
    if rng.random() < APOLOGY_SHARE:
        at = world.later(clock, 1)
        new_due = world.later(life.due, 16)
        details = {"new_due_date": new_due.date().isoformat()}
        move(APOLOGISE, machine.DANG_XU_LY, machine.CHUYEN_VIEN, at, details)
        life.new_due = new_due
        clock = at
    submit = max(world.later(life.due, rng.uniform(6, 20)), clock)
    move(SUBMIT_TO_LEADER, machine.CHO_PHE_DUYET, machine.CHUYEN_VIEN, submit)
    return move(APPROVE, machine.CHO_TRA_KET_QUA, machine.LANH_DAO, world.later(submit, rng.uniform(1, 6)))


def _name(staff, role):
    return (staff.full_name or staff.username) if staff else ROLE_NAMES[role]


def _transition(world, action, source, target, actor, unit, at, role, details=None):
    return {
        "action": action,
        "from_status": source,
        "to_status": target,
        "actor": actor[:120],
        "unit_id": unit,
        "at": world.stored(at),
        "details": {**(details or {}), **({"role": role} if role else {})},
    }
