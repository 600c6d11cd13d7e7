"""A small world for the register's tests, written row by row rather than from the shipped seed (which
other work changes): a province and a commune, a field, procedures with versions, documents."""

import datetime

from webapp.db import db
from webapp.models import Field, FormDefinition, Procedure, RuleSet, Unit
from webapp.models.legal import LegalDocument

FORM = {
    "title": "Tờ khai",
    "steps": [
        {
            "key": "a",
            "title": "Người yêu cầu",
            "fields": [{"name": "ho_ten", "type": "text", "label": "Họ, chữ đệm, tên"}],
        }
    ],
}


def units():
    province = Unit.create(code="42", name="Hà Tĩnh", full_name="Tỉnh Hà Tĩnh", kind="province", tier="tinh")
    Unit.create(code="18073", name="Thạch Hà", full_name="Xã Thạch Hà", kind="commune", tier="xa", parent=province)


def document(number, kind="nghi_dinh", **values):
    values.setdefault("title", f"Văn bản {number}")
    values.setdefault("issuer", "Chính phủ")
    return LegalDocument.create(number=number, kind=kind, **values)


def procedure(code, *versions, name="Thủ tục thử"):
    """`versions`: (effective_from, [cited numbers], legal_source or None), version numbers from 1."""
    field = Field.get_or_none(Field.code == "HT") or Field.create(code="HT", name="Hộ tịch")
    row = Procedure.create(code=code, name=name, tier="xa", field=field, online_class="mot_phan", legacy_level=3)
    for i, (effective, numbers, source) in enumerate(versions, start=1):
        rule_set = RuleSet.create(
            procedure=row,
            version=i,
            effective_from=effective,
            implementing_agency="UBND xã",
            legal_bases=[{"number": n} for n in numbers],
            steps=["Nộp hồ sơ"],
            channels=["truc_tiep"],
            documents=[],
            time_limits=[],
            fees=[],
            exemptions=[],
            result="Giấy",
            conditions=[],
        )
        FormDefinition.create(rule_set=rule_set, definition=dict(FORM, legal_source=source) if source else FORM)
    return row


def in_db(app, build):
    """Run `build()` inside the app's context and one connection; returns what it returns."""
    with app.app_context(), db.connection_context():
        return build()


D = datetime.date
