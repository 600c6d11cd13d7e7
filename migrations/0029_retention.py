"""Retention as data (issue 22): how long each kind of personal record is kept, with its source, seeded
with the defaults of that day (webapp/retention/rules.py DEFAULTS; a test checks the two agree)."""

import datetime

from peewee import CharField, DateTimeField, IntegerField, Model, TextField

ARCHIVES = (
    "Luật Lưu trữ số 33/2024/QH15; Thông tư 10/2022/TT-BNV (thời hạn bảo quản tài liệu), "
    "hồ sơ giải quyết thủ tục hành chính: 10 năm [cần kiểm tra mục cụ thể]"
)
CIVIL_STATUS = (
    "Luật Hộ tịch 2014: sổ hộ tịch và hồ sơ đăng ký hộ tịch được lưu trữ vĩnh viễn [cần kiểm tra điều]; "
    "Luật Lưu trữ số 33/2024/QH15"
)
PURPOSE = "Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15: chỉ lưu trong thời gian cần cho mục đích xử lý"

# (kind, field_code, days, basis)
SEED = (
    ("ho_so", "", 3650, ARCHIVES),
    ("ho_so", "HT", None, CIVIL_STATUS),
    ("ket_qua", "", 3650, ARCHIVES + "; tệp kết quả giữ cùng thời hạn với hồ sơ"),
    ("ket_qua", "HT", None, CIVIL_STATUS),
    ("ban_nhap", "", 0, PURPOSE + "; quy định của hệ thống: xóa khi bản nháp hết hạn"),
    ("otp", "", 30, PURPOSE + "; quy định của hệ thống: mã đã hết hạn, giữ 30 ngày để xử lý khiếu nại"),
    ("tra_cuu", "", 1, PURPOSE + "; quy định của hệ thống: bộ đếm chỉ cần trong khung thời gian của nó"),
    (
        "tin_nhan",
        "",
        180,
        PURPOSE + "; Nghị định 91/2020/NĐ-CP về chống tin nhắn rác [cần kiểm tra thời hạn]; "
        "giữ mẫu, trạng thái, ngày để thống kê",
    ),
    (
        "dang_nhap",
        "",
        365,
        "Nghị định 53/2022/NĐ-CP, Điều 26: nhật ký hệ thống lưu tối thiểu 12 tháng [cần kiểm tra phạm vi áp dụng]",
    ),
)


def _table(db):
    class RetentionRule(Model):
        kind = CharField(max_length=16)
        field_code = CharField(max_length=16, default="")
        procedure_code = CharField(max_length=16, default="")
        days = IntegerField(null=True)
        basis = TextField(default="")
        updated_at = DateTimeField()

        class Meta:
            database = db
            legacy_table_names = False
            indexes = ((("kind", "field_code", "procedure_code"), True),)

    return RetentionRule


def up(db, migrator):
    table = _table(db)
    db.create_tables([table])
    now = datetime.datetime.utcnow()
    rows = [
        {"kind": kind, "field_code": field, "procedure_code": "", "days": days, "basis": basis, "updated_at": now}
        for kind, field, days, basis in SEED
    ]
    table.insert_many(rows).execute()


def down(db, migrator):
    db.drop_tables([_table(db)])
