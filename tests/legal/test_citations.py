"""Who cites what, and the list of procedures to review on a day."""

from tests.legal.world import D, document, procedure
from webapp.legal import citations


def _laws():
    document("15/2021/NĐ-CP", effective_from=D(2021, 3, 3), expires_on=D(2024, 12, 30), replaced_by="175/2024/NĐ-CP")
    document("175/2024/NĐ-CP", effective_from=D(2024, 12, 30))
    document("60/2014/QH13", kind="luat", effective_from=D(2016, 1, 1), expires_on=D(2027, 3, 1))
    document("01/2021/NĐ-CP", effective_from=D(2021, 1, 4), expires_on=D(2025, 7, 1))


def test_a_rule_set_cites_its_legal_bases_and_its_forms_source(legal_ctx):
    _laws()
    row = procedure("1.009994", (D(2024, 1, 1), ["175/2024/NĐ-CP"], "15/2021/NĐ-CP"))
    assert citations.cited_numbers(row.rules_on(D(2025, 1, 1))) == ["175/2024/NĐ-CP", "15/2021/NĐ-CP"]
    assert [p.code for p, _ in citations.citing("15/2021/NĐ-CP")] == ["1.009994"]


def test_a_procedure_citing_a_replaced_document_is_listed_from_that_day_not_before(legal_ctx):
    _laws()
    procedure("1.009994", (D(2024, 1, 1), ["175/2024/NĐ-CP"], "15/2021/NĐ-CP"))
    assert citations.needs_attention(D(2024, 10, 1)) == []  # 90 days before: still quiet
    [soon] = citations.needs_attention(D(2024, 12, 1))
    assert soon.status.code == "expiring" and "Sắp hết hiệu lực ngày 30/12/2024" in soon.why()
    [row] = citations.needs_attention(D(2024, 12, 30))
    assert (row.procedure.code, row.document.number, row.covered_by) == ("1.009994", "15/2021/NĐ-CP", None)
    assert row.why() == "Được thay thế bởi 175/2024/NĐ-CP từ ngày 30/12/2024"


def test_a_later_version_that_drops_the_document_covers_it(legal_ctx):
    _laws()
    procedure(
        "2.000720",
        (D(2021, 1, 4), ["01/2021/NĐ-CP"], None),
        (D(2026, 1, 1), ["175/2024/NĐ-CP"], None),
    )
    [covered] = citations.needs_attention(D(2025, 8, 1))  # version 1 in force, version 2 waiting
    assert covered.covered_by.version == 2
    assert covered.covered() == "Đã có phiên bản 2 áp dụng từ ngày 01/01/2026"
    assert citations.open_problems(D(2025, 8, 1)) == []
    assert citations.needs_attention(D(2026, 1, 1)) == []  # version 2 in force


def test_a_later_version_still_citing_it_does_not_cover_it(legal_ctx):
    _laws()
    procedure("1.001193", (D(2016, 1, 1), ["60/2014/QH13"], None), (D(2026, 6, 1), ["60/2014/QH13"], None))
    [row] = citations.needs_attention(D(2027, 3, 1))
    assert row.status.code == "expired" and row.covered_by is None and row.rule_set.version == 2
    assert row.why() == "Hết hiệu lực ngày 01/03/2027"
