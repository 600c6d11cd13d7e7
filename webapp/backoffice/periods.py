"""A period typed as ?tu=&den= (ngày/tháng/năm) on the back office's reports: the log book (form 07)
and the data-access report read it alike, each with its own default."""

from flask_babel import lazy_gettext as _l

from webapp.forms_engine.dates import parse_day

MAX_DAYS = 366


def period_from(args, default_start, default_end):
    """(first day, last day, errors by field) from ?tu=&den=; the defaults for what is not given."""
    chosen = {"tu": default_start, "den": default_end}
    errors = {}
    for name in chosen:
        text = (args.get(name) or "").strip()
        if not text:
            continue
        day = parse_day(text)
        if day is None:
            errors[name] = _l("Ngày không hợp lệ: nhập theo dạng ngày/tháng/năm, ví dụ 01/09/2026.")
        else:
            chosen[name] = day
    start, end = chosen["tu"], chosen["den"]
    if not errors and end < start:
        errors["den"] = _l("Ngày kết thúc phải bằng hoặc sau ngày bắt đầu.")
    elif not errors and (end - start).days >= MAX_DAYS:
        errors["den"] = _l("Mỗi lần xem tối đa %(n)s ngày.", n=MAX_DAYS)
    return start, end, errors


def entered(args, start, end):
    """What the period's boxes show: what was typed, else the period read."""
    return {"tu": args.get("tu", f"{start:%d/%m/%Y}"), "den": args.get("den", f"{end:%d/%m/%Y}")}
