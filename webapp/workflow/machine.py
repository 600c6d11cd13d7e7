"""The dossier workflow as one definition: states, actions, who may take each, and what each issues.

Views, queues and tests all read this table; nothing else decides whether a step is allowed.
(DOMAIN.md §4: tiếp nhận → chuyển xử lý → giải quyết → trả kết quả, with forms 01–07.)
"""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from webapp.models import values

# States. A dossier filed online starts in CHO_TIEP_NHAN; one typed in at the counter is received at once.
CHO_TIEP_NHAN = "cho_tiep_nhan"  # waiting at the desk
CHO_BO_SUNG = "cho_bo_sung"  # supplement requested (form 02)
DA_TIEP_NHAN = "da_tiep_nhan"  # received (form 01), waiting to be assigned
DANG_XU_LY = "dang_xu_ly"  # with a specialist
CHO_PHE_DUYET = "cho_phe_duyet"  # draft result with the leader
CHO_TRA_KET_QUA = "cho_tra_ket_qua"  # result signed, waiting to be returned
DA_TRA_KET_QUA = "da_tra_ket_qua"  # returned (closed)
TU_CHOI = "tu_choi"  # refused at reception (form 03, closed)
DUNG_XU_LY = "dung_xu_ly"  # processing stopped (form 05, closed)
DA_RUT = "da_rut"  # withdrawn by the citizen (closed)

STATES = {
    CHO_TIEP_NHAN: _l("Chờ tiếp nhận"),
    CHO_BO_SUNG: _l("Chờ bổ sung"),
    DA_TIEP_NHAN: _l("Đã tiếp nhận"),
    DANG_XU_LY: _l("Đang xử lý"),
    CHO_PHE_DUYET: _l("Chờ phê duyệt"),
    CHO_TRA_KET_QUA: _l("Chờ trả kết quả"),
    DA_TRA_KET_QUA: _l("Đã trả kết quả"),
    TU_CHOI: _l("Từ chối tiếp nhận"),
    DUNG_XU_LY: _l("Dừng xử lý"),
    DA_RUT: _l("Đã rút hồ sơ"),
}
CLOSED = (DA_TRA_KET_QUA, TU_CHOI, DUNG_XU_LY, DA_RUT)

# Roles: the staff roles of the back office, and the citizen who filed.
MOT_CUA, CHUYEN_VIEN, LANH_DAO = "mot_cua", "chuyen_vien", "lanh_dao"
QUAN_TRI_DON_VI, QUAN_TRI_TINH, CONG_DAN = "quan_tri_don_vi", "quan_tri_tinh", "cong_dan"
ROLES = (MOT_CUA, CHUYEN_VIEN, LANH_DAO, QUAN_TRI_DON_VI, QUAN_TRI_TINH, CONG_DAN)
STAFF_ROLES = (MOT_CUA, CHUYEN_VIEN, LANH_DAO, QUAN_TRI_DON_VI, QUAN_TRI_TINH)  # every role but the citizen's
OPEN = tuple(state for state in STATES if state not in CLOSED)

# What taking an action means for the dossier, which says how its button looks and whether it asks
# again: the step forward, a step aside (asking, sending back, delaying), or closing it for good.
PRIMARY, SECONDARY, IRREVERSIBLE = "primary", "secondary", "irreversible"


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    sources: tuple
    target: str | None  # None: the state stays (the action only records and issues)
    roles: tuple
    form: str | None = None  # the paper it issues: "01" … "07"
    sms: str | None = None  # the SMS template it sends to the applicant
    needs_note: bool = False  # a reason the officer must write (refusal, send-back, delay…)
    consequence: str = PRIMARY  # PRIMARY | SECONDARY | IRREVERSIBLE (asked to confirm first)


ACTIONS = (
    Action(values.RECEIVE, _l("Tiếp nhận hồ sơ"), (CHO_TIEP_NHAN,), DA_TIEP_NHAN, (MOT_CUA,), "01", "received"),
    Action(
        values.REQUEST_SUPPLEMENT,
        _l("Yêu cầu bổ sung"),
        (CHO_TIEP_NHAN,),
        CHO_BO_SUNG,
        (MOT_CUA,),
        "02",
        "supplement",
        consequence=SECONDARY,
    ),
    Action(values.HAND_IN, _l("Nộp bổ sung"), (CHO_BO_SUNG,), CHO_TIEP_NHAN, (CONG_DAN, MOT_CUA)),
    Action(
        values.REFUSE,
        _l("Từ chối tiếp nhận"),
        (CHO_TIEP_NHAN, CHO_BO_SUNG),
        TU_CHOI,
        (MOT_CUA,),
        "03",
        "refused",
        needs_note=True,
        consequence=IRREVERSIBLE,
    ),
    Action(values.ASSIGN, _l("Chuyển xử lý"), (DA_TIEP_NHAN,), DANG_XU_LY, (MOT_CUA, LANH_DAO), "06"),
    Action(values.SUBMIT_TO_LEADER, _l("Trình lãnh đạo phê duyệt"), (DANG_XU_LY,), CHO_PHE_DUYET, (CHUYEN_VIEN,), "06"),
    Action(
        values.APPROVE,
        _l("Phê duyệt, ký kết quả"),
        (CHO_PHE_DUYET,),
        CHO_TRA_KET_QUA,
        (LANH_DAO,),
        "06",
        "result_ready",
    ),
    Action(
        values.SEND_BACK,
        _l("Trả lại chuyên viên"),
        (CHO_PHE_DUYET,),
        DANG_XU_LY,
        (LANH_DAO,),
        "06",
        needs_note=True,
        consequence=SECONDARY,
    ),
    Action(
        values.TRANSFER,
        _l("Chuyển đơn vị khác (liên thông)"),
        (DANG_XU_LY,),
        None,
        (CHUYEN_VIEN, LANH_DAO),
        "06",
        needs_note=True,
        consequence=SECONDARY,
    ),
    Action(
        values.APOLOGISE,
        _l("Xin lỗi, hẹn lại ngày trả"),
        (DA_TIEP_NHAN, DANG_XU_LY, CHO_PHE_DUYET),
        None,
        (MOT_CUA, CHUYEN_VIEN, LANH_DAO),
        "04",
        "apology",
        needs_note=True,
        consequence=SECONDARY,
    ),
    Action(
        values.STOP,
        _l("Dừng giải quyết"),
        (DA_TIEP_NHAN, DANG_XU_LY, CHO_PHE_DUYET),
        DUNG_XU_LY,
        (LANH_DAO,),
        "05",
        "stopped",
        needs_note=True,
        consequence=IRREVERSIBLE,
    ),
    Action(values.RETURN, _l("Trả kết quả"), (CHO_TRA_KET_QUA,), DA_TRA_KET_QUA, (MOT_CUA,)),
    Action(
        values.WITHDRAW,
        _l("Rút hồ sơ"),
        (CHO_TIEP_NHAN, CHO_BO_SUNG),
        DA_RUT,
        (CONG_DAN,),
        consequence=IRREVERSIBLE,
    ),
)
BY_NAME = {action.name: action for action in ACTIONS}
# Steps that create a dossier rather than move one, named here so the timeline, form 06 and the audit
# page call them alike.
ENTRY_STEPS = {
    values.FILED_ONLINE: _l("Nộp hồ sơ trực tuyến"),
    values.FILED_AT_COUNTER: _l("Nộp hồ sơ trực tiếp tại nơi tiếp nhận"),
}


# Facts recorded on a dossier without moving it (workflow.services.record): fees paid, the post's delivery.
RECORDED_STEPS = {
    values.PAID_ONLINE: _l("Thanh toán phí, lệ phí trực tuyến"),
    values.CASH_PAID: _l("Thu phí, lệ phí tại nơi tiếp nhận"),
    values.POST_DELIVERED: _l("Bưu điện đã giao kết quả"),
}


def step_label(name):
    """The name of any step on a dossier's record: an action of the definition, an entry step or a
    recorded fact."""
    action = BY_NAME.get(name)
    return action.label if action else ENTRY_STEPS.get(name) or RECORDED_STEPS.get(name, name)


class NotAllowed(Exception):
    """An action refused by the definition; `reason` is the Vietnamese sentence to show."""

    def __init__(self, reason, field=None):
        super().__init__(str(reason))
        self.reason, self.field = reason, field  # `field`: the input at fault (the reason box), if any


def check(action_name, state, role, note=""):
    """The Action if `role` may take it from `state` (with a note where one is needed), else NotAllowed."""
    action = BY_NAME.get(action_name)
    if action is None:
        raise NotAllowed(_l("Thao tác không tồn tại."))
    if state not in action.sources:
        raise NotAllowed(
            _l(
                "Không thể “%(action)s” khi hồ sơ đang ở trạng thái “%(state)s”.",
                action=action.label,
                state=STATES.get(state, state),
            )
        )
    if role not in action.roles:
        raise NotAllowed(_l("Vai trò của bạn không được “%(action)s”.", action=action.label))
    if action.needs_note and not (note or "").strip():
        raise NotAllowed(_l("Vui lòng ghi lý do."), field="note")
    return action


def available(state, role):
    """The actions `role` may take on a dossier in `state`, in the order of the definition."""
    return [a for a in ACTIONS if state in a.sources and role in a.roles]


def reachable(start=CHO_TIEP_NHAN):
    """Every state some sequence of actions leads to from `start` (the definition must not strand one)."""
    seen, frontier = {start}, [start]
    while frontier:
        state = frontier.pop()
        for action in ACTIONS:
            target = action.target or state
            if state in action.sources and target not in seen:
                seen.add(target)
                frontier.append(target)
    return seen
