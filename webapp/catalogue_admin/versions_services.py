"""What the drafts, versions and history pages show: rows read from CatalogueDraft, RuleSet and the
audit log, the words for states and actions, and a problem's path in words."""

import datetime
import re
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from webapp import admin_log
from webapp.formatting import local_time
from webapp.models import CatalogueDraft, RuleSet, Staff
from webapp.models.dossier import utcnow
from webapp.versions import drafts
from webapp.versions.bundle import bundle_of, problems
from webapp.versions.diff import differences
from webapp.versions.schedule import states
from webapp.versions.wording import in_words

STATUS = {
    drafts.NHAP: _l("Đang soạn"),
    drafts.CHO_DUYET: _l("Chờ duyệt"),
    drafts.DA_DUYET: _l("Đã duyệt"),
    drafts.TU_CHOI: _l("Bị trả lại"),
    drafts.DA_HUY: _l("Đã hủy"),
}
SOURCE = {
    "bien-tap": _l("Soạn trên trang quản trị"),
    "nhap-tep": _l("Nhập từ tệp"),
    "danh-muc": _l("Từ danh mục thủ tục công bố"),
}
# What a DraftError's reason means for the person who clicked.
REFUSAL = {
    "same-person": _l("Người soạn không tự duyệt được: cần một quản trị viên khác duyệt."),
    "not-submitted": _l("Bản nháp chưa được gửi duyệt hoặc đã được xử lý."),
    "in-the-past": _l("Thời điểm hiệu lực đã qua: chọn từ bây giờ trở đi."),
    "has-problems": _l("Bản nháp còn lỗi: sửa các lỗi bên dưới trước khi duyệt."),
    "stale": _l(
        "Đã có phiên bản khác được công bố sau khi bản nháp này được tạo: hãy tạo bản nháp mới từ phiên bản mới nhất."
    ),
    "not-editable": _l("Bản nháp đang chờ duyệt hoặc đã xử lý xong, không sửa hay gửi lại được."),
    "not-open": _l("Bản nháp đã được xử lý xong."),
    "overtakes": _l(
        "Không duyệt được với thời điểm này: từ thời điểm đó một phiên bản đã lên lịch (theo văn bản mới) "
        "được áp dụng, và bản nháp này không được soạn từ phiên bản ấy nên sẽ bỏ mất quy định của nó. "
        "Hãy chọn thời điểm sớm hơn, hoặc soạn bản nháp từ phiên bản ấy (nút «Sửa phiên bản này» "
        "trên trang Các phiên bản)."
    ),
    "already-open": _l("Thủ tục này đang có một bản nháp chưa xử lý xong: hãy sửa tiếp hoặc hủy bản nháp đó trước."),
}
ACTION = {
    "tao-ban-nhap": _l("Tạo bản nháp"),
    "sua-ban-nhap": _l("Sửa bản nháp"),
    "gui-duyet": _l("Gửi duyệt"),
    "duyet": _l("Duyệt và công bố"),
    "tra-lai": _l("Trả lại"),
    "huy": _l("Hủy bản nháp"),
    "nhap-tep": _l("Nhập từ tệp"),
    "nhap-danh-muc": _l("Tạo bản nháp từ danh mục thủ tục công bố"),
}
# Who made the draft's last move, named by the move (CatalogueDraft.decided_by/at, set by each step).
DECIDED = {
    drafts.CHO_DUYET: ACTION["gui-duyet"],
    drafts.DA_DUYET: ACTION["duyet"],
    drafts.TU_CHOI: ACTION["tra-lai"],
    drafts.DA_HUY: ACTION["huy"],
}
VERSION_STATE = {"in-force": _l("Đang áp dụng"), "scheduled": _l("Sẽ áp dụng"), "replaced": _l("Đã thay thế")}
# A problem's path, segment by segment, in the words of the editor's sections.
PATH_WORDS = {
    "code": _l("Mã thủ tục"),
    "name": _l("Tên"),
    "name_en": _l("Tên tiếng Anh"),
    "tier": _l("Cấp thực hiện"),
    "field": _l("Lĩnh vực"),
    "online_class": _l("Dịch vụ công trực tuyến"),
    "legacy_level": _l("Mức độ theo cách tính cũ"),
    "old_codes": _l("Mã cũ"),
    "rules": _l("Quy định"),
    "implementing_agency": _l("Cơ quan thực hiện"),
    "applicants": _l("Đối tượng thực hiện"),
    "legal_bases": _l("Căn cứ pháp lý"),
    "steps": _l("Các bước"),
    "channels": _l("Cách thức thực hiện"),
    "documents": _l("Thành phần hồ sơ"),
    "time_limits": _l("Thời hạn giải quyết"),
    "fees": _l("Phí, lệ phí"),
    "exemptions": _l("Miễn, giảm"),
    "conditions": _l("Yêu cầu, điều kiện"),
    "result": _l("Kết quả"),
    "cutoff_15h": _l("Quy định nhận sau 15 giờ"),
    "supplement_clock": _l("Thời hạn khi bổ sung hồ sơ"),
    "sensitive": _l("Thủ tục nhạy cảm"),
    "form": _l("Tờ khai"),
    "fields": _l("Trường"),
    "choices": _l("Lựa chọn"),
    "validation": _l("Giới hạn"),
    "amount": _l("Số tiền, số lượng"),
    "channel": _l("Kênh"),
    "unit": _l("Đơn vị"),
    "number": _l("Số, ký hiệu"),
    "title": _l("Tiêu đề"),
    "label": _l("Nhãn"),
    "type": _l("Kiểu"),
    "kind": _l("Loại"),
    "count": _l("Số lượng"),
    "description": _l("Mô tả"),
    "per": _l("Cách tính"),
    "copies": _l("Số bản"),
    "pages": _l("Số trang"),
}
SEGMENT = re.compile(r"([^.\[\]]+)((?:\[\d+\])*)")


@dataclass(frozen=True)
class VersionRow:
    rule_set: RuleSet
    moment: object  # naive UTC
    state: str
    draft: CatalogueDraft | None  # the approved draft it came from; None for seeded versions


def path_words(path):
    """rules.fees[0].amount → "Quy định › Phí, lệ phí mục 1 › Số tiền, số lượng"; unknown keys as they are."""
    parts = []
    for key, indexes in SEGMENT.findall(path or ""):
        word = str(PATH_WORDS.get(key, key))
        for index in re.findall(r"\d+", indexes):
            word = _("%(what)s mục %(n)s", what=word, n=int(index) + 1)
        parts.append(word)
    return " › ".join(parts)


def open_drafts():
    """Drafts waiting for approval first, then those being edited or sent back, newest change first."""
    waiting = CatalogueDraft.status == drafts.CHO_DUYET
    query = CatalogueDraft.select().where(CatalogueDraft.status.in_(drafts.OPEN))
    return list(query.order_by(waiting.desc(), CatalogueDraft.updated_at.desc()))


def closed_drafts(limit=20):
    query = CatalogueDraft.select().where(CatalogueDraft.status.not_in(drafts.OPEN))
    return list(query.order_by(CatalogueDraft.decided_at.desc()).limit(limit))


def base_bundle(draft):
    """The bundle of the version the draft started from; None for a new procedure."""
    if draft.procedure is None or draft.base_version is None:
        return None
    base = draft.procedure.rule_sets.where(RuleSet.version == draft.base_version).first()
    return bundle_of(draft.procedure, base) if base else None


def draft_changes(draft):
    """The plain-words difference from the base version; None for a new procedure.

    A draft may be half done, with values of the wrong shape (a fee that is not a mapping…): the
    difference then says it cannot be read, and the problems below say where."""
    base = base_bundle(draft)
    if base is None:
        return None
    try:
        return differences(base, draft.bundle)
    except (AttributeError, KeyError, TypeError, ValueError):
        return [_("Chưa so sánh được: bản nháp có mục sai cấu trúc, xem các lỗi bên dưới.")]


def scheduled_without(draft):
    """Versions scheduled to start later that this draft does not build on: the change applies only
    until they start, and an approval from their moment on is refused (the overview says so before
    anyone approves)."""
    if draft.procedure is None or draft.status not in drafts.OPEN:
        return []
    now = utcnow()
    return [rs for rs in drafts.not_carried(draft) if rs.starts_at() > now]


def draft_problems(draft):
    """[(path in words, path, message in words)] of what stops the draft from being published."""
    return [(path_words(p.path), p.path, in_words(p)) for p in problems(draft.bundle)]


def versions_of(procedure):
    approved = {
        d.rule_set_id: d
        for d in CatalogueDraft.select().where(
            CatalogueDraft.procedure == procedure, CatalogueDraft.rule_set.is_null(False)
        )
    }
    return [VersionRow(rs, moment, state, approved.get(rs.id)) for rs, moment, state in states(procedure)]


def version_or_none(procedure, number):
    return procedure.rule_sets.where(RuleSet.version == number).first() if number is not None else None


def compare(procedure, old, new):
    return differences(bundle_of(procedure, old), bundle_of(procedure, new))


def history(code):
    """The procedure's audit log, newest first, with each person's account."""
    events = admin_log.events(area=drafts.AREA, subject=code)
    people = {s.id: s for s in Staff.select().where(Staff.id.in_({e.staff_id for e in events if e.staff_id}))}
    return [(event, people.get(event.staff_id)) for event in events]


def action_words(event):
    """What an event did, in words, with its reason or version when it has one."""
    words = str(ACTION.get(event.action, event.action))
    details = event.details or {}
    if event.action == "duyet" and details.get("version") and details.get("effective_at"):
        at = local_time(datetime.datetime.fromisoformat(details["effective_at"]))
        return _("%(action)s phiên bản %(v)s, áp dụng từ %(at)s", action=words, v=details["version"], at=at)
    if event.action == "tra-lai" and details.get("note"):
        return _("%(action)s: %(note)s", action=words, note=details["note"])
    if "sensitive" in details:
        marked = _("đánh dấu thủ tục nhạy cảm") if details["sensitive"] else _("bỏ đánh dấu thủ tục nhạy cảm")
        return _("%(action)s: %(change)s", action=words, change=marked)
    return words
