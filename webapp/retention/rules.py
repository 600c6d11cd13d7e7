"""The retention periods: the defaults with their sources, and the rules in force (what the privacy
notice shows and what the sweep applies).

A period is counted from the record's own end: a dossier from its return (or its closing without a
result), a draft from its expiry, a one-time code from its expiry, a rate counter from the end of its
window, an SMS from when it was sent or received, a sign-in event from when it happened.
`days` None means the record is kept permanently. Sources we could not check against the official
gazette say "[cần kiểm tra]": the province administrator corrects them on /quan-tri/luu-tru.
"""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from webapp.admin_log import record
from webapp.db import write_transaction
from webapp.models.catalogue import Field, Procedure
from webapp.models.dossier import utcnow
from webapp.models.retention import RetentionRule

HO_SO = "ho_so"
KET_QUA = "ket_qua"
BAN_NHAP = "ban_nhap"
OTP = "otp"
TRA_CUU = "tra_cuu"
TIN_NHAN = "tin_nhan"
DANG_NHAP = "dang_nhap"

AREA = "luu-tru"  # the administrators' audit log area of these rules

# In the order the privacy notice shows them.
KINDS = (HO_SO, KET_QUA, BAN_NHAP, OTP, TRA_CUU, TIN_NHAN, DANG_NHAP)
# Kinds whose period may differ per procedure (or per field of procedures).
PER_PROCEDURE = (HO_SO, KET_QUA)

KIND_LABELS = {
    HO_SO: _l("Hồ sơ đã trả kết quả hoặc đã kết thúc: thông tin cá nhân và giấy tờ đính kèm"),
    KET_QUA: _l("Tệp kết quả giải quyết (bản điện tử)"),
    BAN_NHAP: _l("Hồ sơ đang soạn chưa nộp và tệp đã tải lên, sau khi hết hạn"),
    OTP: _l("Mã xác thực một lần (OTP)"),
    TRA_CUU: _l("Bộ đếm giới hạn tra cứu"),
    TIN_NHAN: _l("Nội dung tin nhắn SMS gửi đi và nhận về"),
    DANG_NHAP: _l("Nhật ký đăng nhập của công dân"),
}

ARCHIVES = (
    "Luật Lưu trữ số 33/2024/QH15; Thông tư 10/2022/TT-BNV (thời hạn bảo quản tài liệu), "
    "hồ sơ giải quyết thủ tục hành chính: 10 năm [cần kiểm tra mục cụ thể]"
)
CIVIL_STATUS = (
    "Luật Hộ tịch 2014: sổ hộ tịch và hồ sơ đăng ký hộ tịch được lưu trữ vĩnh viễn [cần kiểm tra điều]; "
    "Luật Lưu trữ số 33/2024/QH15"
)
PURPOSE = "Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15: chỉ lưu trong thời gian cần cho mục đích xử lý"


@dataclass(frozen=True)
class Default:
    kind: str
    days: int | None
    basis: str
    field_code: str = ""  # a field of procedures (lĩnh vực) the period is for; "" for all
    procedure_code: str = ""


# The defaults, seeded by migrations/0029_retention.py and restored from here if a row is missing.
DEFAULTS = (
    Default(HO_SO, 3650, ARCHIVES),
    Default(HO_SO, None, CIVIL_STATUS, field_code="HT"),
    Default(KET_QUA, 3650, ARCHIVES + "; tệp kết quả giữ cùng thời hạn với hồ sơ"),
    Default(KET_QUA, None, CIVIL_STATUS, field_code="HT"),
    Default(BAN_NHAP, 0, PURPOSE + "; quy định của hệ thống: xóa khi bản nháp hết hạn"),
    Default(OTP, 30, PURPOSE + "; quy định của hệ thống: mã đã hết hạn, giữ 30 ngày để xử lý khiếu nại"),
    Default(TRA_CUU, 1, PURPOSE + "; quy định của hệ thống: bộ đếm chỉ cần trong khung thời gian của nó"),
    Default(
        TIN_NHAN,
        180,
        PURPOSE + "; Nghị định 91/2020/NĐ-CP về chống tin nhắn rác [cần kiểm tra thời hạn]; "
        "giữ mẫu, trạng thái, ngày để thống kê",
    ),
    Default(
        DANG_NHAP,
        365,
        "Nghị định 53/2022/NĐ-CP, Điều 26: nhật ký hệ thống lưu tối thiểu 12 tháng [cần kiểm tra phạm vi áp dụng]",
    ),
)


@dataclass(frozen=True)
class Rule:
    """One line of the retention table: what is kept, for how long, and on what ground."""

    kind: str
    label: object  # a lazy string
    days: int | None
    basis: str
    field_code: str = ""
    procedure_code: str = ""

    @property
    def permanent(self):
        return self.days is None


def label_of(kind, field_code="", procedure_code="", field_names=None):
    if procedure_code:
        return _l("%(kind)s — thủ tục %(code)s", kind=KIND_LABELS[kind], code=procedure_code)
    if field_code:
        name = (field_names or {}).get(field_code, field_code)
        return _l("%(kind)s — lĩnh vực %(name)s", kind=KIND_LABELS[kind], name=name)
    return KIND_LABELS[kind]


def as_rule(row, field_names=None):
    return Rule(
        kind=row.kind,
        label=label_of(row.kind, row.field_code, row.procedure_code, field_names),
        days=row.days,
        basis=row.basis,
        field_code=row.field_code,
        procedure_code=row.procedure_code,
    )


def sort_key(rule):
    """The notice's order: by kind, the general rule first, then per field, then per procedure."""
    return (KINDS.index(rule.kind), bool(rule.procedure_code), rule.field_code, rule.procedure_code)


def scope_of(rule):
    return (rule.kind, rule.field_code, rule.procedure_code)


def stored_rules():
    """The table's rows, and a default for every scope the table lacks (a database made without the
    migration's seed, or a row removed by hand), so a kind never goes without a period."""
    stored = {scope_of(row): row for row in RetentionRule.select() if row.kind in KINDS}
    for default in DEFAULTS:
        stored.setdefault(scope_of(default), default)
    return list(stored.values())


def current_rules():
    """The rules in force, in the order the privacy notice shows them."""
    names = {field.code: field.name for field in Field.select(Field.code, Field.name)}
    return sorted((as_rule(row, names) for row in stored_rules()), key=sort_key)


def general_rule(kind):
    """The kind's general period (days, None: permanently)."""
    return next(rule for rule in stored_rules() if scope_of(rule) == (kind, "", ""))


def days_per_procedure(kind):
    """{procedure id: days} for every procedure, the most specific rule winning (procedure, field, general)."""
    rules = {(rule.field_code, rule.procedure_code): rule.days for rule in stored_rules() if rule.kind == kind}
    general = rules[("", "")]
    query = Procedure.select(Procedure.id, Procedure.code, Field.code.alias("field_code")).join(Field)
    found = {}
    for row in query.dicts():
        by_field = rules.get((row["field_code"], ""), general)
        found[row["id"]] = rules.get(("", row["code"]), by_field)
    return found


def save_rule(staff, scope, days, basis):
    """Set a scope's period and source (creating its row if only the default existed), logged in the
    administrators' audit log with what it was before; returns False when nothing changed."""
    kind, field_code, procedure_code = scope
    with write_transaction():
        before = next((rule for rule in stored_rules() if scope_of(rule) == scope), None)
        if before is not None and (before.days, before.basis) == (days, basis):
            return False
        RetentionRule.insert(
            kind=kind,
            field_code=field_code,
            procedure_code=procedure_code,
            days=days,
            basis=basis,
            updated_at=utcnow(),
        ).on_conflict(
            conflict_target=[RetentionRule.kind, RetentionRule.field_code, RetentionRule.procedure_code],
            update={RetentionRule.days: days, RetentionRule.basis: basis, RetentionRule.updated_at: utcnow()},
        ).execute()
        record(
            staff,
            AREA,
            "sua" if before is not None else "them",
            subject_of(scope),
            days_before=None if before is None else before.days,
            basis_before=None if before is None else before.basis,
            days=days,
            basis=basis,
        )
    return True


def remove_override(staff, scope):
    """Remove a procedure's own period: its dossiers follow their field's or the general one again."""
    kind, field_code, procedure_code = scope
    if not procedure_code:
        return False
    with write_transaction():
        row = RetentionRule.get_or_none(
            RetentionRule.kind == kind,
            RetentionRule.field_code == field_code,
            RetentionRule.procedure_code == procedure_code,
        )
        if row is None:
            return False
        row.delete_instance()
        record(staff, AREA, "xoa", subject_of(scope), days_before=row.days, basis_before=row.basis)
    return True


def subject_of(scope):
    return ":".join(part for part in scope if part)
