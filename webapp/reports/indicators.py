"""The service-quality index of Decision 766/QĐ-TTg (2022), 100 points in six groups (DOMAIN.md §11),
computed from what MotCua records. The Decision's own sub-indicators are finer than these; each group
here is scored as its points × one measured share, and the formula is shown beside it, so anyone can
check it (and the weights are data, should the province weigh them otherwise). A group with nothing
to count (no rating in the period, say) is not scored: it is left out of the total, which is brought
back to 100 over the points that could be scored.
"""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from peewee import SQL, Case, fn

from webapp.models import Agency, Attachment, Dossier, Procedure, Rating
from webapp.reports.figures import ONLINE, units_within, utc_bounds

# (key, group, points, formula): the points add up to 100.
GROUPS = (
    (
        "cong_khai",
        _l("Công khai, minh bạch"),
        18,
        _l("thủ tục công bố đủ căn cứ, trình tự, hồ sơ, thời hạn, phí ÷ thủ tục"),
    ),
    ("tien_do", _l("Tiến độ giải quyết"), 20, _l("hồ sơ giải quyết trước hạn và đúng hạn ÷ hồ sơ đã giải quyết")),
    ("truc_tuyen", _l("Dịch vụ công trực tuyến"), 12, _l("hồ sơ nộp trực tuyến ÷ hồ sơ tiếp nhận")),
    ("thanh_toan", _l("Thanh toán trực tuyến"), 10, _l("hồ sơ nộp phí trực tuyến ÷ hồ sơ đã nộp phí")),
    ("hai_long", _l("Mức độ hài lòng"), 18, _l("đánh giá hài lòng và rất hài lòng ÷ lượt đánh giá")),
    (
        "so_hoa",
        _l("Số hóa hồ sơ"),
        22,
        _l("½ × hồ sơ trực tiếp được số hóa khi tiếp nhận ÷ hồ sơ trực tiếp + ½ × kết quả điện tử ÷ kết quả đã trả"),
    ),
)
TOTAL_POINTS = sum(points for _key, _group, points, _formula in GROUPS)
COMPLETE_RULES = ("legal_bases", "steps", "documents", "time_limits")


@dataclass
class Score:
    key: str
    group: str
    points: int
    formula: str
    parts: list  # [(numerator, denominator)]: one share, or two halves for số hóa

    @property
    def measured(self):
        """Whether anything was counted: a group with nothing to count cannot be scored, not 0."""
        return any(d for _n, d in self.parts)

    @property
    def earned(self):
        """Points × the share (the mean of the parts that counted something); None when not measured."""
        shares = [n / d for n, d in self.parts if d]
        return round(self.points * sum(shares) / len(shares), 2) if shares else None


@dataclass
class Total:
    """The index over the groups that could be scored, brought back to 100 points."""

    earned: float | None  # out of 100; None when no group could be scored
    measured_points: int  # the points of the groups that were scored

    @property
    def complete(self):
        return self.measured_points == TOTAL_POINTS


def total(scores):
    """The groups' points added up, left out a group without data and rescaled to 100 (so a missing
    survey neither costs nor earns points)."""
    measured = [score for score in scores if score.measured]
    measured_points = sum(score.points for score in measured)
    if not measured_points:
        return Total(None, 0)
    earned = sum(score.earned for score in measured) * TOTAL_POINTS / measured_points
    return Total(round(earned, 2), measured_points)


def scores(period, unit, tally):
    """The six groups' Scores for the dossiers of `unit` (all when None) in `period`; `tally` is the
    period's figures (webapp/reports/figures.py) for the groups they already count."""
    return scored(measured_parts(period, unit, tally))


def scored(parts):
    """Scores from the measured {group key: [(numerator, denominator)]}."""
    return [Score(key, str(group), points, str(formula), parts[key]) for key, group, points, formula in GROUPS]


def measured_parts(period, unit, tally):
    """{group key: [(numerator, denominator)]} for the dossiers of `unit` in `period`."""
    start, end = utc_bounds(period)
    ids = None  # the whole province: no subquery to join a million ids against
    if unit is not None:  # a subquery: the dossiers in the unit's scope
        ids = Dossier.select(Dossier.id).join(Agency).where(Agency.unit.in_(units_within(unit)))
    parts = {
        "cong_khai": [_published()],
        "tien_do": [(tally.in_time, tally.resolved)],
        "truc_tuyen": [(tally.online, tally.received)],
        "thanh_toan": [_paid_online(ids, start, end)],
        "hai_long": [_satisfied(ids, start, end)],
        "so_hoa": [_digitised(ids, start, end, tally.received - tally.online), _e_results(ids, start, end)],
    }
    return parts


def _published():
    """Procedures whose rule set in force states every part a citizen needs, and all procedures."""
    procedures = list(Procedure.select().where(Procedure.with_version_in_force()))
    complete = 0
    for procedure in procedures:
        rules = procedure.rules_on()
        complete += bool(rules and all(getattr(rules, name) for name in COMPLETE_RULES) and rules.fees is not None)
    return complete, len(procedures)


def _within(column, ids):
    """The conditions "in the unit's scope" on a dossier id column: none for the whole province (even
    "id IS NOT NULL" would make the database read the table rather than the index)."""
    return (column.in_(ids),) if ids is not None else ()


def _count_where(model, condition, *where):
    """(rows matching `condition`, rows) among those matching `where`, counted by the database."""
    matched = fn.COALESCE(fn.SUM(Case(None, [(condition, 1)], 0)), 0)
    found = model.select(matched, fn.COUNT(SQL("*"))).where(*where).tuples()  # *: the index alone answers
    return tuple(found[0])


def _paid_online(ids, start, end):
    window = (Dossier.paid_at >= start, Dossier.paid_at < end)
    return _count_where(Dossier, Dossier.payment_channel == ONLINE, *_within(Dossier.id, ids), *window)


def _satisfied(ids, start, end):
    window = (Rating.created_at >= start, Rating.created_at < end)
    return _count_where(Rating, Rating.overall >= 2, *_within(Rating.dossier, ids), *window)


def _digitised(ids, start, end, at_counter):
    """Counter dossiers received in the period with at least one paper scanned at reception, and the
    counter dossiers received (the figures' received less online)."""
    counter = Dossier.select(Dossier.id).where(
        *_within(Dossier.id, ids), Dossier.channel != ONLINE, Dossier.received_at >= start, Dossier.received_at < end
    )
    scanned = (
        Attachment.select(fn.COUNT(fn.DISTINCT(Attachment.dossier)))
        .where(Attachment.dossier.in_(counter), Attachment.digitised == True)  # noqa: E712 (SQL, not Python)
        .scalar()
    )
    return scanned or 0, at_counter


def _e_results(ids, start, end):
    window = (Dossier.returned_at >= start, Dossier.returned_at < end)
    return _count_where(Dossier, Dossier.e_result == True, *_within(Dossier.id, ids), *window)  # noqa: E712 (SQL)
