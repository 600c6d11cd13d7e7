"""The province's published list (XLSX or CSV) against the catalogue: what it adds, changes and no
longer lists; drafts from it change nothing published."""

import csv
import io
import zipfile

import pytest
from openpyxl import Workbook

from webapp.db import db
from webapp.identity.services import create_staff
from webapp.models import CatalogueDraft, Procedure, RuleSet
from webapp.versions.annex import AnnexError, compare, read_annex
from webapp.versions.annex_drafts import create_drafts

NEW_CODE = "1.999999"
HEADER = ["STT", "Mã thủ tục", "Tên thủ tục hành chính", "Thời hạn giải quyết", "Phí, lệ phí", "Căn cứ pháp lý"]
HEADER += ["Cấp thực hiện", "Ghi chú"]


@pytest.fixture
def reading(app):
    with app.test_request_context(), db.connection_context():
        yield app


def limit_text(rules):
    limits = rules.time_limits
    limit = next((t for t in limits if t["channel"] == "truc_tiep"), limits[0])
    if limit["unit"] == "same_day" or not limit["amount"]:
        return "Trong ngày"
    unit = "giờ làm việc" if limit["unit"] == "working_hour" else "ngày làm việc"
    return f"{limit['amount']:g} {unit}".replace(".", ",")


def fee_text(rules):
    amounts = set()
    for fee in rules.fees:
        then = fee.get("then") or {}
        amounts |= {fee.get("amount"), then.get("amount"), fee.get("max_per_copy"), fee.get("max")}
    amounts = sorted(a for a in amounts if a)
    return "; ".join(f"{a:,} đồng".replace(",", ".") for a in amounts) or "Không"


def listed(procedure):
    rules = procedure.rules_on()
    legal = "; ".join(f"Văn bản số {b['number']}" for b in rules.legal_bases[:3])
    return [procedure.name, limit_text(rules), fee_text(rules), legal, "Cấp xã", ""]


def the_list():
    """Every commune procedure but one (missing), one renamed (changed), one new (added); the
    omitted and renamed codes."""
    communes = list(Procedure.select().where(Procedure.tier == "xa").order_by(Procedure.code))
    omitted, renamed = communes[0], communes[1]
    rows = [["", "I. Danh mục thủ tục hành chính cấp xã", "", "", "", "", "", ""]]
    for i, procedure in enumerate(communes[1:], start=1):
        cells = listed(procedure)
        if procedure is renamed:
            cells[0] = "Thủ tục mới đổi tên theo quyết định công bố"
        rows.append([i, procedure.code, *cells])
    rows.append(
        [
            len(rows),
            NEW_CODE,
            "Thủ tục mới công bố",
            "05 ngày làm việc",
            "Không",
            "Nghị định số 123/2015/NĐ-CP",
            "Cấp xã",
            "",
        ]
    )
    return rows, omitted.code, renamed.code


def xlsx_bytes(rows):
    book = Workbook()
    sheet = book.active
    sheet.append(["PHỤ LỤC"])
    sheet.append(["DANH MỤC THỦ TỤC HÀNH CHÍNH ĐƯỢC CÔNG BỐ"])
    sheet.append([])
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows, delimiter=";"):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(["Danh mục thủ tục hành chính"])
    writer.writerow(HEADER)
    writer.writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def check_diff(diff, omitted, renamed):
    assert [row.code for row in diff.added] == [NEW_CODE]
    assert [(row.code, [c.kind for c in changes]) for row, _p, changes in diff.changed] == [(renamed, ["name"])]
    assert diff.changed[0][2][0].listed == "Thủ tục mới đổi tên theo quyết định công bố"
    assert [p.code for p in diff.missing] == [omitted]
    communes = Procedure.select().where(Procedure.tier == "xa").count()
    assert diff.unchanged == communes - 2 and diff.tiers == ("xa",)


def test_an_xlsx_list_names_the_added_the_changed_and_the_missing(reading):
    rows, omitted, renamed = the_list()
    check_diff(compare(read_annex(xlsx_bytes(rows))), omitted, renamed)


def test_the_same_list_as_csv_with_a_bom_and_semicolons(reading):
    rows, omitted, renamed = the_list()
    check_diff(compare(read_annex(csv_bytes(rows))), omitted, renamed)


def test_a_changed_fee_time_limit_and_legal_basis_are_each_named(reading):
    procedure = Procedure.get(Procedure.code == "1.001193")
    cells = listed(procedure)
    cells[1], cells[2], cells[3] = "07 ngày làm việc", "99.000 đồng", "Nghị định số 777/2026/NĐ-CP"
    diff = compare(read_annex(csv_bytes([[1, procedure.code, *cells]], delimiter=",")))
    ((_row, _procedure, changes),) = diff.changed
    assert {c.kind: c.listed for c in changes} == {
        "time_limit": "07 ngày làm việc",
        "fee": "99.000 đồng",
        "legal": "777/2026/NĐ-CP",
    }


def test_a_file_is_read_by_its_content_not_its_name(reading):
    rows, omitted, renamed = the_list()
    text_named_xlsx = csv_bytes(rows)  # whatever it was called, these bytes are text
    check_diff(compare(read_annex(text_named_xlsx)), omitted, renamed)
    other_zip = io.BytesIO()
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    for data, reason in (
        (other_zip.getvalue(), "not_xlsx"),
        (b"\xff\xfe\x00a", "binary"),
        (b"a;b\n1;2\n", "no_header"),
    ):
        with pytest.raises(AnnexError) as refused:
            read_annex(data)
        assert refused.value.reason == reason


def test_drafts_from_the_list_publish_nothing(ctx):
    staff = create_staff("quantri.danhmuc", "quan_tri_tinh", ["42"], "Quản Trị", "mot-mat-khau-dai-1!")
    rows, _omitted, renamed = the_list()
    diff = compare(read_annex(xlsx_bytes(rows)))
    rule_sets, name = RuleSet.select().count(), Procedure.get(Procedure.code == renamed).name
    made = create_drafts([*diff.added, *(row for row, _p, _c in diff.changed)], staff)
    assert [m.draft.code for m in made] == [NEW_CODE, renamed]
    new, changed = (CatalogueDraft.get_by_id(m.draft.id) for m in made)
    assert new.source == changed.source == "danh-muc" and new.status == changed.status == "nhap"
    assert new.bundle["rules"]["time_limits"] == [{"channel": "truc_tiep", "amount": 5.0, "unit": "working_day"}]
    assert new.bundle["rules"]["legal_bases"][0]["number"] == "123/2015/NĐ-CP"
    assert changed.bundle["name"] == "Thủ tục mới đổi tên theo quyết định công bố"
    assert RuleSet.select().count() == rule_sets and Procedure.get(Procedure.code == renamed).name == name


def test_the_catalogue_side_is_worded_as_the_procedure_page_words_it(reading):
    from webapp.dossiers.labels import time_limit_text
    from webapp.formatting import money

    procedure = Procedure.get(Procedure.code == "1.001193")
    cells = listed(procedure)
    cells[1], cells[2] = "07 ngày làm việc", "99.000 đồng"
    diff = compare(read_annex(csv_bytes([[1, procedure.code, *cells]], delimiter=",")))
    ((_row, _procedure, changes),) = diff.changed
    current = {c.kind: c.current for c in changes}
    rules = procedure.rules_on()
    limit = next(t for t in rules.time_limits if t["channel"] == "truc_tiep")
    assert current["time_limit"] == str(time_limit_text(limit))
    amounts = sorted({f["amount"] for f in rules.fees if f.get("amount")})
    assert current["fee"] == (", ".join(money(a) for a in amounts) or "Không thu")
