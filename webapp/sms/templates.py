"""The fixed SMS templates (brandname SMS must be registered with the carriers in advance).

Each renders without diacritics so it stays in one 160-character GSM-7 segment.
"""

from webapp.text import strip_marks

SEGMENT = 160

TEMPLATES = {
    "otp": "MotCua: ma xac thuc cua ban la {code}. Hieu luc 5 phut. Khong cung cap ma nay cho bat ky ai.",
    "draft_link": "MotCua: ho so nhap {procedure} duoc luu. Tiep tuc tai {url} (het han {expires}).",
    "submitted": "MotCua: da nhan ho so {code} ({procedure}). Du kien tra ket qua {due}. Tra cuu: TRACUU {code}",
    "received": "MotCua: ho so {code} da duoc tiep nhan. Hen tra ket qua {due}. Tra cuu: TRACUU {code}",
    "supplement": "MotCua: ho so {code} can bo sung giay to. Xem yeu cau, nop bo sung: {url}",
    "refused": "MotCua: ho so {code} ({procedure}) khong du dieu kien tiep nhan. Xem ly do tai {url}",
    "result_ready": "MotCua: ho so {code} ({procedure}) da co ket qua. Xem cach nhan ket qua tai {url}",
    "apology": "MotCua xin loi: ho so {code} tre han, hen tra lai {due}. {url}",
    "stopped": "MotCua: ho so {code} ({procedure}) da dung giai quyet. Xem thong bao tai {url}",
    "digest": "MotCua {day}: don vi cua ban co {due_soon} ho so sap den han (con duoi 1 ngay lam viec) va {overdue} ho so qua han.",
}


def sms_time(utc_value):
    """A stored moment as SMS text, '17h00 30/11/2026', always Vietnamese whatever the officer's language."""
    from webapp.calendar.working_time import to_local

    return to_local(utc_value).strftime("%Hh%M %d/%m/%Y") if utc_value else "theo giay hen"


class TemplateTooLong(ValueError):
    pass


def render(template, **params):
    """Fill a template, strip marks, and shorten the procedure name if the whole would not fit."""
    params = {key: strip_marks(str(value)) for key, value in params.items()}
    body = TEMPLATES[template].format(**params)
    if len(body) > SEGMENT and "procedure" in params:
        room = len(params["procedure"]) - (len(body) - SEGMENT) - 1
        params["procedure"] = params["procedure"][: max(room, 8)].rstrip() + "~"
        body = TEMPLATES[template].format(**params)
    if len(body) > SEGMENT:
        raise TemplateTooLong(f"{template}: {len(body)} characters")
    return body
