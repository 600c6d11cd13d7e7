"""How an SMS's progress reads to officers (the dossier page) and on /dev/sms."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

STATUS = {
    "queued": _l("Đang chờ gửi"),
    "sending": _l("Đang gửi"),
    "sent": _l("Đã gửi"),
    "failed": _l("Gửi không thành công"),
}
DELIVERY = {
    "accepted": _l("nhà mạng đã nhận"),
    "buffered": _l("đang chờ máy nhận"),
    "delivered": _l("đã đến máy người nhận"),
    "undelivered": _l("không đến được máy người nhận"),
    "rejected": _l("nhà mạng từ chối"),
}


def sms_status(message):
    """'Đã gửi, đã đến máy người nhận' · 'Đang chờ gửi (lần thử 3)'."""
    words = str(STATUS.get(message.status, message.status))
    if message.delivery:
        words += ", " + str(DELIVERY.get(message.delivery, message.delivery))
    if message.status in ("queued", "failed") and message.attempts:
        words += " " + _("(đã thử %(n)s lần)", n=message.attempts)
    return words
