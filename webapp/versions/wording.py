"""The catalogue checks' problems in the admin's words (Vietnamese first): the checks name a `kind`
and its `params`; the English message stays for developers and for kinds not worded here."""

import re

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

TYPE_NAMES = {
    "str": _l("chữ"),
    "int": _l("số nguyên"),
    "float": _l("số"),
    "bool": _l("true hoặc false"),
    "list": _l("danh sách"),
    "dict": _l("nhóm khóa (mapping)"),
    "date": _l("ngày viết YYYY-MM-DD"),
    "NoneType": _l("trống"),
}


def type_name(name):
    """'int or float' → 'số nguyên hoặc số'."""
    return _(" hoặc ").join(str(TYPE_NAMES.get(part, part)) for part in str(name).split(" or "))


def in_words(problem):
    """A Problem (path, message, kind, params) as one Vietnamese sentence."""
    params = dict(problem.params or {})
    kind = problem.kind
    if kind == "type" or kind == "mapping":
        expected = type_name(params.get("expected", "dict"))
        return _("Cần %(expected)s, tệp ghi %(got)s.", expected=expected, got=type_name(params.get("got", "")))
    if kind == "form":
        return form_words(problem.message)
    if kind == "missing" and problem.path:  # shown on the line of the mapping that lacks it: name the key
        return _("Thiếu mục bắt buộc “%(key)s”.", key=problem.path.rsplit(".", 1)[-1])
    wording = WORDINGS.get(kind)
    if wording is None:
        return _("Không hợp lệ: %(detail)s", detail=problem.message)
    return str(wording) % _Params(params)


class _Params(dict):
    """A wording's %(name)s that the problem did not give stays empty rather than failing the page."""

    def __missing__(self, key):
        return ""


# msgids are Vietnamese, %(name)s from the problem's params; translated when shown (in_words).
WORDINGS = {
    "missing": _l("Thiếu mục bắt buộc này."),
    "quote": _l("Cần chữ, tệp ghi số %(value)s: đặt nó trong dấu nháy kép."),
    "enum": _l("Giá trị “%(value)s” không được phép; chỉ nhận: %(allowed)s."),
    "text": _l("Cần một đoạn chữ, không để trống."),
    "too_long": _l("Dài quá %(longest)s ký tự."),
    "online_form": _l("Chỉ chính tờ khai (kind: ban_chinh) mới được khai trực tuyến (online_form)."),
    "unknown_key": _l("Khóa không có trong mẫu; một thành phần hồ sơ chỉ có: %(allowed)s."),
    "optional_per_dossier": _l("Chỉ khoản thu theo bản (ban) hoặc theo trang (trang) mới có thể tùy chọn."),
    "negative": _l("Không được là số âm."),
    "only_per_copy": _l("Chỉ dùng cho khoản thu theo bản (ban) hoặc theo trang (trang)."),
    "only_per_page": _l("Chỉ dùng cho khoản thu theo trang (trang)."),
    "then_from": _l("Mức thu thấp hơn bắt đầu từ trang thứ 2 trở đi."),
    "free_per_dossier": _l("Khoản miễn thu (amount để trống) chỉ tính theo hồ sơ (ho_so)."),
    "no_count_field": _l("Tờ khai không có trường “%(name)s” để đếm số bản, số trang."),
    "count_field": _l("Trường “%(name)s” của tờ khai phải là số (number) và bắt buộc."),
    "count_bounds": _l("Trường “%(name)s” của tờ khai cần validation min ≥ %(least)s và có max."),
    "one_version": _l("Một tệp chỉ chứa một phiên bản: rules là một nhóm khóa, không phải danh sách."),
    "unknown_top_key": _l("Khóa không có trong mẫu tệp; tệp chỉ có: %(allowed)s."),
    "not_cited_anywhere": _l(
        "Số văn bản “%(number)s” chưa có trong sổ văn bản và không kèm trong legal_documents của tệp."
    ),
    "register_key": _l("Khóa không có trong mẫu văn bản; một văn bản chỉ có: %(allowed)s."),
    "register_kind": _l("Loại văn bản “%(value)s” không hợp lệ; chỉ nhận: %(allowed)s."),
    "register_date": _l("Cần ngày viết YYYY-MM-DD."),
    "register_expiry": _l("Ngày hết hiệu lực phải sau ngày có hiệu lực."),
    "register_replaced": _l("Văn bản bị thay thế cần ghi ngày hết hiệu lực (expires_on)."),
    "register_twice": _l("Số văn bản “%(number)s” xuất hiện hai lần trong tệp."),
    "encoding": _l("Tệp không phải văn bản UTF-8."),
    "syntax": _l("Lỗi cú pháp %(format)s: %(detail)s"),
    "alias": _l("Tệp dùng tham chiếu YAML (&, *); hãy viết đầy đủ từng giá trị."),
    "nesting": _l("Tệp lồng nhau quá sâu."),
    "empty": _l("Tệp trống."),
}

# The form definition's checks (webapp/forms_engine/checks.py) word their problems in English; the
# usual ones are matched here, the rest shown as they are after a Vietnamese lead-in.
FORM_PATTERNS = (
    (
        re.compile(r"unknown field type '(?P<value>[^']*)'; expected one of (?P<allowed>.*)"),
        _l("Kiểu trường “%(value)s” không có; chỉ nhận: %(allowed)s."),
    ),
    (
        re.compile(r"unknown key '(?P<value>[^']*)'; expected one of (?P<allowed>.*)"),
        _l("Khóa “%(value)s” không có trong mẫu tờ khai; chỉ nhận: %(allowed)s."),
    ),
    (re.compile(r"missing required key '(?P<value>[^']*)'"), _l("Thiếu khóa bắt buộc “%(value)s”.")),
    (re.compile(r"'(?P<value>[^']*)' must not be empty"), _l("“%(value)s” không được để trống.")),
    (re.compile(r"'(?P<value>[^']*)' must be a string"), _l("“%(value)s” phải là chữ.")),
    (re.compile(r"'(?P<value>[^']*)' must be a list"), _l("“%(value)s” phải là danh sách.")),
    (re.compile(r"duplicate (?P<what>.*) '(?P<value>[^']*)'"), _l("“%(value)s” bị dùng hai lần trong tờ khai.")),
    (re.compile(r"'(?P<value>[^']*)' must match"), _l("Tên “%(value)s” chỉ gồm chữ thường không dấu, số và dấu _.")),
    (re.compile(r"needs at least one choice"), _l("Trường chọn cần ít nhất một lựa chọn.")),
)


def form_words(message):
    for pattern, wording in FORM_PATTERNS:
        found = pattern.search(message)
        if found:
            return str(wording) % _Params(found.groupdict())
    return _("Tờ khai không hợp lệ: %(detail)s", detail=message)
