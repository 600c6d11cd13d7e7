"""The catalogue checks' problems in the admin's words (Vietnamese first): the checks name a `kind`
and its `params`; the English message stays for developers and for kinds not worded here."""

import re

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

TYPE_NAMES = {
    "str": _l("chữ"),
    "int": _l("số nguyên"),
    "float": _l("số"),
    "bool": _l("true hoặc false"),
    "list": _l("danh sách"),
    "dict": _l("nhóm khóa (mapping)"),
    "date": _l("ngày viết YYYY-MM-DD"),
    "NoneType": _l("trống"),
    "mapping": _l("nhóm khóa (mapping)"),
    "string": _l("chữ"),
    "boolean": _l("true hoặc false"),
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
    if kind == "syntax":
        return syntax_words(params.get("format", ""), problem.line, params.get("detail", ""))
    if kind == "missing" and problem.path:  # shown on the line of the mapping that lacks it: name the key
        return _("Thiếu mục bắt buộc “%(key)s”.", key=problem.path.rsplit(".", 1)[-1])
    wording = WORDINGS.get(kind)
    if wording is None:
        return _("Không hợp lệ: %(detail)s", detail=problem.message)
    return str(wording) % _Params(params)


def syntax_words(fmt, line, detail):
    """ "Lỗi cú pháp YAML ở dòng 3:" and the parser's own (English) detail, marked as English for readers."""
    if line:
        lead = _("Lỗi cú pháp %(format)s ở dòng %(line)s.", format=fmt, line=line)
    else:
        lead = _("Lỗi cú pháp %(format)s.", format=fmt)
    if not detail:
        return lead
    return Markup('{} {} <span lang="en">{}</span>').format(lead, _("Chi tiết của bộ đọc tệp:"), detail)


class _Params(dict):
    """A wording's %(name)s that the problem did not give stays empty rather than failing the page."""

    def __missing__(self, key):
        return ""


# msgids are Vietnamese, %(name)s from the problem's params; translated when shown (in_words).
WORDINGS = {
    "missing": _l("Thiếu mục bắt buộc này."),
    "not_in_register": _l("Số văn bản “%(number)s” chưa có trong sổ văn bản pháp luật; hãy thêm vào sổ trước."),
    "code_format": _l("Mã “%(value)s” không đúng dạng mã thủ tục: số 1 hoặc 2, dấu chấm và 6 chữ số, ví dụ 1.001193."),
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
    "alias": _l("Tệp dùng tham chiếu YAML (&, *); hãy viết đầy đủ từng giá trị."),
    "nesting": _l("Tệp lồng nhau quá sâu."),
    "empty": _l("Tệp trống."),
}

# The form definition's checks (webapp/forms_engine/checks.py, conditions.py) raise DefinitionError with
# an English message and no kind: every message they raise is matched here, most specific first. A group
# named `got` is a type or a value the file wrote, shown through type_name.
_F = re.compile
FORM_PATTERNS = (
    (
        _F(r"unknown field type '(?P<value>[^']*)'; expected one of (?P<allowed>.*)"),
        _l("Kiểu trường “%(value)s” không có; chỉ nhận: %(allowed)s."),
    ),
    (
        _F(r"unknown validation key '(?P<value>[^']*)'; expected one of (?P<allowed>.*)"),
        _l("Quy tắc kiểm tra “%(value)s” không có; chỉ nhận: %(allowed)s."),
    ),
    (
        _F(r"unknown key '(?P<value>[^']*)'; expected one of (?P<allowed>.*)"),
        _l("Khóa “%(value)s” không có trong mẫu tờ khai; chỉ nhận: %(allowed)s."),
    ),
    (
        _F(r"unknown field '(?P<value>[^']*)'; it must be a field of an earlier step"),
        _l("Trường “%(value)s” không có ở các bước trước; điều kiện chỉ đọc trường của một bước trước."),
    ),
    (
        _F(r"unknown field '(?P<value>[^']*)'; a copy goes into a field of this step"),
        _l("Bước này không có trường “%(value)s”; chỉ chép vào trường của chính bước này."),
    ),
    (_F(r"missing required key '(?P<value>[^']*)'"), _l("Thiếu khóa bắt buộc “%(value)s”.")),
    (
        _F(r"unknown identity claim '(?P<value>[^']*)'; expected one of (?P<allowed>.*)"),
        _l("Thông tin định danh “%(value)s” không có; chỉ nhận: %(allowed)s."),
    ),
    (
        _F(r"the claim '(?P<value>[^']*)' goes into a field of type (?P<allowed>\S+), not (?P<kind>\S+)"),
        _l("Thông tin định danh “%(value)s” chỉ điền vào trường kiểu %(allowed)s, không vào trường kiểu %(kind)s."),
    ),
    (
        _F(r"the claim 'sex' needs choices for Nam and Nữ"),
        _l("Thông tin định danh “sex” (giới tính) cần một lựa chọn Nam và một lựa chọn Nữ (theo giá trị hoặc nhãn)."),
    ),
    (
        _F(r"'show_if' must be a mapping with 'field' and 'in'"),
        _l("“show_if” phải là nhóm khóa gồm field (tên trường) và in (các giá trị)."),
    ),
    (_F(r"'field' must name a field before this one"), _l("“field” phải là tên một trường đứng trước trường này.")),
    (_F(r"'in' must be a non-empty list of values"), _l("“in” phải là danh sách giá trị, không để trống.")),
    (_F(r"'in' lists a value twice"), _l("“in” ghi một giá trị hai lần.")),
    (
        _F(r"'(?P<value>[^']*)' comes after this field"),
        _l("Trường “%(value)s” đứng sau trường này; điều kiện chỉ đọc một trường đứng trước."),
    ),
    (
        _F(r"'(?P<value>[^']*)' is not a field of this form"),
        _l("Tờ khai không có trường “%(value)s”; điều kiện chỉ đọc một trường đứng trước."),
    ),
    (
        _F(r"'(?P<value>[^']*)' is a (?P<type>\S+) field; a condition reads a choice or a checkbox"),
        _l("Trường “%(value)s” thuộc kiểu %(type)s; điều kiện chỉ đọc trường chọn hoặc ô đánh dấu (checkbox)."),
    ),
    (
        _F(r"'(?P<value>[^']*)' is not a (?:value|choice) of '(?P<field>[^']*)'; expected one of (?P<allowed>.*)"),
        _l("“%(value)s” không phải lựa chọn của trường “%(field)s”; chỉ nhận: %(allowed)s."),
    ),
    (
        _F(r"a condition's value must be a string or a non-empty list of strings"),
        _l("Giá trị của điều kiện phải là chữ hoặc danh sách chữ, không để trống."),
    ),
    (
        _F(r"cannot copy a (?P<source>\S+) field into a (?P<target>\S+) field"),
        _l("Không chép được trường kiểu %(source)s vào trường kiểu %(target)s."),
    ),
    (
        _F(r"'(?P<value>[^']*)' must be a non-empty mapping, not (?P<got>\S+)"),
        _l("“%(value)s” phải là nhóm khóa (mapping) có ít nhất một mục, tệp ghi %(got)s."),
    ),
    (_F(r"must be a mapping, not (?P<got>\S+)"), _l("Cần một nhóm khóa (mapping), tệp ghi %(got)s.")),
    (_F(r"'(?P<value>[^']*)' must not be empty"), _l("“%(value)s” không được để trống.")),
    (_F(r"'(?P<value>[^']*)' must be a string"), _l("“%(value)s” phải là chữ.")),
    (_F(r"'(?P<value>[^']*)' must be a list"), _l("“%(value)s” phải là danh sách.")),
    (_F(r"'(?P<value>[^']*)' must be true or false"), _l("“%(value)s” phải là true hoặc false.")),
    (_F(r"duplicate (?P<what>.*) '(?P<value>[^']*)'"), _l("“%(value)s” bị dùng hai lần trong tờ khai.")),
    (_F(r"'(?P<value>[^']*)' must match"), _l("Tên “%(value)s” chỉ gồm chữ thường không dấu, số và dấu _.")),
    (_F(r"needs at least one choice"), _l("Trường chọn cần ít nhất một lựa chọn.")),
    (
        _F(r"choices are only allowed for"),
        _l("Chỉ trường chọn (select, radio) mới có danh sách lựa chọn (choices)."),
    ),
    (
        _F(r"a checkbox has no default"),
        _l("Ô đánh dấu (checkbox) không có giá trị mặc định: người khai tự đánh dấu."),
    ),
    (
        _F(r"default '(?P<value>.*)' is not a valid answer"),
        _l("Giá trị mặc định “%(value)s” không qua được kiểm tra của chính trường này."),
    ),
    (
        _F(r"a day bound must be 'today' or a day written YYYY-MM-DD, not (?P<got>.*)"),
        _l("Giới hạn ngày phải là today hoặc một ngày viết YYYY-MM-DD, tệp ghi %(got)s."),
    ),
    (
        _F(r"'year' is only for number fields, not (?P<kind>\S+)"),
        _l("“year” chỉ dùng cho trường số (number), không dùng cho trường kiểu %(kind)s."),
    ),
    (
        _F(r"'(?P<value>[^']*)' is only for date fields and numbers with 'year: true'"),
        _l("“%(value)s” chỉ dùng cho trường ngày (date) hoặc trường số có year: true."),
    ),
    (_F(r"'year' must be true when present"), _l("“year” nếu có thì phải là true.")),
    (
        _F(r"'(?P<value>[^']*)' must be a whole number ≥ 0, not (?P<got>.*)"),
        _l("“%(value)s” phải là số nguyên ≥ 0, tệp ghi %(got)s."),
    ),
    (
        _F(r"'(?P<value>[^']*)' must be between (?P<low>\S+) and (?P<high>\S+), not"),
        _l("“%(value)s” phải nằm trong khoảng %(low)s đến %(high)s."),
    ),
    (_F(r"'(?P<value>[^']*)' must be a number, not (?P<got>.*)"), _l("“%(value)s” phải là số, tệp ghi %(got)s.")),
    (
        _F(r"pattern does not compile"),
        _l("Mẫu kiểm tra (pattern) không phải một biểu thức chính quy (regex) hợp lệ."),
    ),
    (
        _F(r"'(?P<low>[^']*)' \((?P<a>.*)\) is greater than '(?P<high>[^']*)' \((?P<b>.*)\)"),
        _l("“%(low)s” (%(a)s) lớn hơn “%(high)s” (%(b)s)."),
    ),
)


def form_words(message):
    """An English DefinitionError message (or the error itself) in the admin's words."""
    message = getattr(message, "message", message)
    for pattern, wording in FORM_PATTERNS:
        found = pattern.search(message)
        if found:
            params = found.groupdict()
            if params.get("got"):
                params["got"] = type_name(params["got"])
            return str(wording) % _Params(params)
    return _("Tờ khai chưa đọc được; hãy kiểm tra lại vị trí này.")
