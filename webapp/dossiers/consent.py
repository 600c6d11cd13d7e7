"""Consent to the optional SMS about a dossier (receipts, "posted", rating invitations): asked at filing
with an unticked box, withdrawn or given again on the lookup page or by SMS HUY / DK.

Every answer is a new Consent row (time, channel, the text version agreed to). The phone's SmsOptOut
row stays the one switch the sender reads, kept in step here; a dossier also keeps the answer given
at its filing (`Dossier.reminders_consent`), so declining for one dossier silences that dossier only.
"""

from flask_babel import lazy_gettext as _l

from webapp.db import db
from webapp.models import Consent, Dossier, SmsOptOut
from webapp.models.consent import COUNTER, SMS, WEB  # noqa: F401 (the channels, for callers)
from webapp.models.dossier import utcnow

REMINDERS = "tin_nhan_thong_bao"
# The privacy notice and the consent text it goes with; a new wording gets a new version.
NOTICE_VERSION = "2026-12-01"

REMINDERS_LABEL = _l("Nhận tin nhắn thông báo về hồ sơ (không bắt buộc)")
REMINDERS_PURPOSE = _l(
    "Tin nhắn SMS báo hồ sơ đã được nhận, đã được tiếp nhận, kết quả đã gửi qua bưu chính, "
    "phí, lệ phí đã nộp và mời đánh giá sự hài lòng. Không đánh dấu thì bạn vẫn nhận mã xác thực, "
    "yêu cầu bổ sung giấy tờ, thông báo có kết quả hoặc trễ hạn, vì đó là việc giải quyết hồ sơ cần. "
    "Bạn có thể rút lại đồng ý bất cứ lúc nào: trên trang tra cứu hồ sơ hoặc soạn HUY gửi tổng đài."
)


def record(phone, given, channel=WEB, dossier=None, citizen_key=None, at=None):
    """Append the answer `given` for the optional SMS to `phone` and bring the sending switches in step.

    For one dossier (at filing): that dossier keeps the answer; agreeing also lifts the phone's opt-out
    (its newest wish is to hear from us), while declining stops nothing else. For the phone as a whole
    (lookup page, SMS): the opt-out is lifted or set, and every dossier that was asked follows.
    """
    dossier_id = getattr(dossier, "id", dossier)
    with db.atomic():
        row = Consent.create(
            phone=phone,
            citizen_key=citizen_key,
            dossier=dossier_id,
            purpose=REMINDERS,
            given=given,
            text_version=NOTICE_VERSION,
            channel=channel,
            at=at or utcnow(),
        )
        if dossier_id is not None:
            Dossier.update(reminders_consent=given).where(Dossier.id == dossier_id).execute()
            if isinstance(dossier, Dossier):
                dossier.reminders_consent = given  # the caller's copy sends (or not) right after
        else:
            asked = Dossier.applicant_phone == phone, Dossier.reminders_consent.is_null(False)
            Dossier.update(reminders_consent=given).where(*asked).execute()
        if given:
            SmsOptOut.delete().where(SmsOptOut.phone == phone).execute()
        elif dossier_id is None:
            SmsOptOut.insert(phone=phone).on_conflict_ignore().execute()
    return row


def current(phone):
    """The newest answer `phone` gave for the optional SMS (a Consent row), or None if never asked."""
    newest = Consent.select().where(Consent.phone == phone, Consent.purpose == REMINDERS)
    return newest.order_by(Consent.at.desc(), Consent.id.desc()).first()
