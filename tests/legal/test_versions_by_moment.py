"""A day and a moment agree on the version in force: "in force on D" is in force when D ends, so a
version taking effect at 17:00 on D is D's; and the versions after one are ordered by their moments."""

import datetime

from tests.legal.world import D, document, procedure
from webapp.legal import citations
from webapp.models import RuleSet
from webapp.models.catalogue import end_of_local_day

DAY = D(2026, 6, 10)


def _at(rule_set, local_hour):
    """Publish `rule_set` for an hour of DAY (local time, UTC+7), as an approval does."""
    moment = datetime.datetime.combine(DAY, datetime.time(local_hour)) - datetime.timedelta(hours=7)
    RuleSet.update(effective_from=DAY, effective_at=moment).where(RuleSet.id == rule_set.id).execute()
    return RuleSet.get_by_id(rule_set.id)


def _three_versions():
    """v1 from 2024; v2 approved first, for 17:00 on DAY; v3 approved later, for 08:00 on DAY."""
    document("01/2021/NĐ-CP", effective_from=D(2021, 1, 4), expires_on=D(2026, 6, 1))
    document("175/2024/NĐ-CP", effective_from=D(2024, 12, 30))
    row = procedure(
        "1.009994",
        (D(2024, 1, 1), ["01/2021/NĐ-CP"], None),
        (DAY, ["175/2024/NĐ-CP"], None),
        (DAY, ["01/2021/NĐ-CP"], None),
    )
    first, second, third = row.rule_sets.order_by(RuleSet.version)
    return row, first, _at(second, 17), _at(third, 8)


def test_a_version_from_five_in_the_afternoon_is_the_one_for_that_day(legal_ctx):
    row, first, second, third = _three_versions()
    assert row.rules_on(DAY - datetime.timedelta(days=1)).id == first.id
    assert row.rules_on(DAY).id == second.id  # started last on DAY, though v3 is the higher version
    assert row.rules_at(end_of_local_day(DAY)).id == second.id
    assert row.rules_at(second.starts_at() - datetime.timedelta(minutes=1)).id == third.id


def test_later_versions_follow_their_moments_not_their_days(legal_ctx):
    _row, first, second, third = _three_versions()
    assert [rs.version for rs in citations.later_versions(first)] == [3, 2]
    assert [rs.version for rs in citations.later_versions(third)] == [2]
    assert citations.later_versions(second) == []


def test_the_review_on_that_day_looks_at_the_version_in_force_when_it_ends(legal_ctx):
    row, _first, _second, _third = _three_versions()
    assert citations.attention_for(row, DAY) == []  # v2 cites no expired document
    [before] = citations.attention_for(row, DAY - datetime.timedelta(days=1))
    assert before.document.number == "01/2021/NĐ-CP" and before.covered_by.version == 2
