"""The Decision-766 index from measured parts: a group with nothing to count is not scored (not 0), and
the total is the scored groups' points brought back to 100; with data everywhere, the sum as before."""

import pytest

from webapp.reports.indicators import GROUPS, TOTAL_POINTS, scored, total

EVERYTHING = {
    "cong_khai": [(16, 16)],
    "tien_do": [(3, 4)],
    "truc_tuyen": [(3, 5)],
    "thanh_toan": [(2, 3)],
    "hai_long": [(2, 3)],
    "so_hoa": [(1, 2), (1, 2)],
}


@pytest.fixture(autouse=True)
def request_context(app):
    with app.test_request_context():  # the groups' names are translated strings
        yield


def by_key(scores):
    return {score.key: score for score in scores}


def test_the_weights_are_data_and_add_up_to_100():
    assert TOTAL_POINTS == sum(points for _key, _group, points, _formula in GROUPS) == 100


def test_with_data_everywhere_each_group_is_its_points_times_its_share_and_the_total_their_sum():
    scores = by_key(scored(EVERYTHING))
    assert scores["cong_khai"].earned == 18
    assert scores["tien_do"].earned == 15
    assert scores["truc_tuyen"].earned == 7.2
    assert scores["thanh_toan"].earned == 6.67
    assert scores["hai_long"].earned == 12
    assert scores["so_hoa"].earned == 11
    result = total(scores.values())
    assert result.complete and result.measured_points == 100
    assert result.earned == pytest.approx(18 + 15 + 7.2 + 6.67 + 12 + 11)


def test_a_group_measured_at_zero_still_scores_zero():
    scores = by_key(scored(EVERYTHING | {"hai_long": [(0, 5)]}))
    assert scores["hai_long"].measured and scores["hai_long"].earned == 0
    assert total(scores.values()).complete


def test_no_rating_data_leaves_satisfaction_unscored_and_the_total_rescaled_to_100():
    scores = by_key(scored(EVERYTHING | {"hai_long": [(0, 0)]}))
    satisfaction = scores["hai_long"]
    assert not satisfaction.measured and satisfaction.earned is None
    result = total(scores.values())
    assert not result.complete and result.measured_points == 82
    assert result.earned == pytest.approx((18 + 15 + 7.2 + 6.67 + 11) * 100 / 82, abs=0.01)


def test_a_half_without_data_is_left_out_of_its_group():
    """Số hóa: counter dossiers scanned, but no result returned yet: the group is the scanned share."""
    scores = by_key(scored(EVERYTHING | {"so_hoa": [(3, 4), (0, 0)]}))
    assert scores["so_hoa"].measured and scores["so_hoa"].earned == 16.5
    assert total(scores.values()).complete


def test_nothing_measured_at_all_gives_no_total():
    result = total(scored({key: [(0, 0)] for key in EVERYTHING}))
    assert result.earned is None and result.measured_points == 0
