"""Words shown for the catalogue's codes (channels, classes, kinds), translated at render time."""

from flask_babel import format_decimal, ngettext
from flask_babel import lazy_gettext as _l

from webapp.models.values import COUNTER, DRAFT_RESULT, EXEMPTION_PROOF, FILED, ONLINE, POST, RESULT, SUPPLEMENT
from webapp.text import mask_id  # noqa: F401 (lists and pages read it from here)

ONLINE_CLASS = {
    "toan_trinh": _l("Dịch vụ công trực tuyến toàn trình"),
    "mot_phan": _l("Dịch vụ công trực tuyến một phần"),
    "thong_tin": _l("Cung cấp thông tin trực tuyến"),
}
LEGACY_LEVEL = {
    1: _l("mức độ 1"),
    2: _l("mức độ 2"),
    3: _l("mức độ 3"),
    4: _l("mức độ 4"),
}
TIER = {"tinh": _l("Cấp tỉnh"), "huyen": _l("Cấp huyện"), "xa": _l("Cấp xã")}
CHANNEL = {
    COUNTER: _l("Nộp trực tiếp"),
    ONLINE: _l("Nộp trực tuyến"),
    POST: _l("Qua dịch vụ bưu chính"),
}
DOCUMENT_KIND = {
    "ban_chinh": _l("Bản chính"),
    "ban_sao": _l("Bản sao"),
    "ban_chinh_hoac_ban_sao": _l("Bản chính hoặc bản sao"),
    "xuat_trinh": _l("Xuất trình để đối chiếu"),
}


def document_name(doc):
    """A paper's name as every list shows it: "(nếu có)" after one needed only in some cases."""
    if doc.get("optional"):
        return _l("%(name)s (nếu có)", name=doc["name"])
    return doc["name"]


# What a stored file is to the dossier (Attachment.kind), so a draft and the signed result of the same
# name are told apart; a paper scanned at the counter (Attachment.digitised) is said so.
FILE_KIND = {
    FILED: _l("Giấy tờ công dân nộp"),
    SUPPLEMENT: _l("Giấy tờ nộp bổ sung"),
    EXEMPTION_PROOF: _l("Giấy tờ chứng minh miễn phí, lệ phí"),
    DRAFT_RESULT: _l("Dự thảo kết quả"),
    RESULT: _l("Kết quả đã ký"),
}
SCANNED = _l("Bản giấy số hóa khi tiếp nhận hồ sơ")


def file_kind(attachment):
    """The words for what `attachment` is to its dossier."""
    if attachment.digitised:
        return SCANNED
    return FILE_KIND.get(attachment.kind, attachment.kind)


def time_limit_text(limit):
    amount = limit["amount"]
    if limit["unit"] == "same_day" or not amount:
        return str(_l("Trong ngày làm việc"))
    shown = format_decimal(amount)
    if limit["unit"] == "working_hour":
        return ngettext("%(n)s giờ làm việc", "%(n)s giờ làm việc", amount, n=shown)
    return ngettext("%(n)s ngày làm việc", "%(n)s ngày làm việc", amount, n=shown)
