"""The satisfaction rating of a returned dossier: the criteria as data, and storing one rating per dossier.

The criteria follow the national one-stop evaluation indicators (Decision 766/QĐ-TTg, "Mức độ hài
lòng", DOMAIN §11): time against the appointment, how many contacts it took, the officers' manner,
whether the result was lawful, and overall satisfaction, which is what the index counts (3/2/1).
"""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from peewee import IntegrityError

from webapp.db import write_transaction
from webapp.models import Rating
from webapp.workflow.machine import DA_TRA_KET_QUA

COMMENT_MAX = 1000
WEB, SMS = "web", "sms"  # Rating.channel: from the lookup page, or from the link in the SMS


@dataclass(frozen=True)
class Criterion:
    key: str
    label: str
    options: tuple  # (value stored in Rating.answers, label)


CRITERIA = (
    Criterion(
        "thoi_gian",
        _l("Thời gian giải quyết so với giấy hẹn"),
        (("som_hon", _l("Sớm hơn hẹn")), ("dung_hen", _l("Đúng hẹn")), ("tre_hen", _l("Trễ hẹn"))),
    ),
    Criterion(
        "so_lan_lien_he",
        _l("Số lần phải liên hệ để hoàn thiện hồ sơ"),
        (("1", _l("1 lần")), ("2", _l("2 lần")), ("3", _l("Từ 3 lần trở lên"))),
    ),
    Criterion(
        "thai_do",
        _l("Thái độ của cán bộ, công chức"),
        (("tan_tinh", _l("Lịch sự, tận tình")), ("binh_thuong", _l("Bình thường")), ("chua_tot", _l("Chưa tốt"))),
    ),
    Criterion(
        "dung_quy_dinh",
        _l("Kết quả giải quyết đúng quy định"),
        (("dung", _l("Đúng quy định")), ("chua_dung", _l("Chưa đúng quy định"))),
    ),
    Criterion(
        "hai_long",
        _l("Mức độ hài lòng chung"),
        (("3", _l("Rất hài lòng")), ("2", _l("Hài lòng")), ("1", _l("Không hài lòng"))),
    ),
)
OVERALL = "hai_long"  # the criterion whose answer is Rating.overall
OVERALL_LABELS = {int(value): label for value, label in next(c for c in CRITERIA if c.key == OVERALL).options}


def may_rate(dossier):
    """Only a dossier whose result went back can be rated: the rating is of the whole service."""
    return dossier.status == DA_TRA_KET_QUA


def rating_of(dossier):
    return Rating.get_or_none(Rating.dossier == dossier.id)


def save(dossier, answers, comment, channel):
    """Store the rating; returns (rating, True), or (the one already given, False) — also after a race."""
    try:
        with write_transaction():
            rating = Rating.create(
                dossier=dossier.id,
                answers=answers,
                overall=int(answers[OVERALL]),
                comment=(comment or "")[:COMMENT_MAX],
                channel=channel,
            )
        return rating, True
    except IntegrityError:
        return rating_of(dossier), False


def given(rating):
    """[(criterion label, chosen option label)] of a stored rating, for the thank-you page."""
    shown = []
    for criterion in CRITERIA:
        chosen = dict(criterion.options).get((rating.answers or {}).get(criterion.key))
        if chosen is not None:
            shown.append((criterion.label, chosen))
    return shown
