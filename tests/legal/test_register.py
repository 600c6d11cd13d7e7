"""A document's status on a day: not yet, in force, expiring within a window, expired, replaced, amended."""

from tests.legal.world import D, document
from webapp.legal import register


def test_status_follows_the_dates(legal_ctx):
    old = document(
        "15/2021/NĐ-CP", effective_from=D(2021, 3, 3), expires_on=D(2024, 12, 30), replaced_by="175/2024/NĐ-CP"
    )
    lone = document("01/2020/TT-X", kind="thong_tu", effective_from=D(2020, 1, 1), expires_on=D(2026, 1, 1))
    new = document("175/2024/NĐ-CP", effective_from=D(2024, 12, 30))

    assert register.status_on(old, D(2021, 3, 2)).code == register.NOT_YET
    assert register.status_on(old, D(2024, 12, 29)).code == register.IN_FORCE
    replaced = register.status_on(old, D(2024, 12, 30))
    assert (replaced.code, replaced.successor, replaced.until) == (register.REPLACED, "175/2024/NĐ-CP", D(2024, 12, 30))
    assert register.status_on(lone, D(2026, 1, 1)).code == register.EXPIRED
    assert register.status_on(new, D(2030, 1, 1)).code == register.IN_FORCE


def test_an_expiry_within_the_window_is_expiring_and_not_before(legal_ctx):
    ending = document("60/2014/QH13", kind="luat", effective_from=D(2016, 1, 1), expires_on=D(2027, 3, 1))
    assert register.expiring_within(ending, D(2027, 1, 1))  # 59 days before
    assert not register.expiring_within(ending, D(2026, 12, 31), days=59)
    assert register.status_on(ending, D(2027, 1, 1), within=60).days_left == 59
    assert register.status_on(ending, D(2026, 12, 1), within=60).code == register.IN_FORCE
    assert register.status_on(ending, D(2027, 1, 1)).code == register.IN_FORCE  # no window asked for


def test_in_force_on_a_day_and_lookups_by_number(legal_ctx):
    document("A/1", effective_from=D(2020, 1, 1), expires_on=D(2025, 7, 1))
    document("B/2", effective_from=D(2025, 7, 1))
    document("C/3", effective_from=D(2030, 1, 1))
    assert [d.number for d in register.in_force_on(D(2025, 6, 30))] == ["A/1"]
    assert [d.number for d in register.in_force_on(D(2025, 7, 1))] == ["B/2"]
    assert register.by_number(" B/2 ").number == "B/2" and register.by_number("Z/9") is None


def test_an_amended_document_stays_in_force_and_names_its_amendments_once_they_apply(legal_ctx):
    base = document("123/2015/NĐ-CP", effective_from=D(2016, 1, 1), amended_by=["07/2025/NĐ-CP"])
    document("07/2025/NĐ-CP", effective_from=D(2025, 2, 25))
    assert register.status_on(base, D(2025, 3, 1)).code == register.IN_FORCE
    assert register.amendments_on(base, D(2025, 2, 24)) == []
    assert [d.number for d in register.amendments_on(base, D(2025, 3, 1))] == ["07/2025/NĐ-CP"]


def test_search_is_accent_blind_and_filters_by_status(legal_ctx):
    document("60/2014/QH13", kind="luat", title="Luật Hộ tịch", effective_from=D(2016, 1, 1))
    document("01/2021/NĐ-CP", title="Nghị định về đăng ký doanh nghiệp", expires_on=D(2025, 7, 1))
    found = register.search("ho tich", day=D(2026, 12, 3))
    assert [d.number for d, _ in found] == ["60/2014/QH13"]
    expired = register.search("", register.EXPIRED, day=D(2026, 12, 3))
    assert [d.number for d, _ in expired] == ["01/2021/NĐ-CP"]
    assert [d.number for d, _ in register.search("2021/nđ", day=D(2026, 12, 3))] == ["01/2021/NĐ-CP"]
