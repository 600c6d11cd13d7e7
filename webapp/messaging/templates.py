"""The fixed SMS templates (brandname SMS must be registered with the carriers in advance).

Each renders without diacritics so it stays in one 160-character GSM-7 segment.
"""

import math

from webapp.text import strip_marks

SEGMENT = 160

TEMPLATES = {
    "otp": "MotCua: ma xac thuc cua ban la {code}. Hieu luc 5 phut. Khong cung cap ma nay cho bat ky ai.",
    "draft_link": "MotCua: ho so nhap {procedure} duoc luu. Tiep tuc tai {url} (het han {expires}).",
    "submitted": "MotCua: da nhan ho so {code} ({procedure}). Du kien tra ket qua {due}. Tra cuu: TRACUU {code}",
    "received": "MotCua: ho so {code} da duoc tiep nhan. Hen tra ket qua {due}. Tra cuu: TRACUU {code}",
    "supplement": "MotCua: ho so {code} can bo sung giay to. Xem yeu cau va nop bo sung tai {url}",
    "refused": "MotCua: ho so {code} khong du dieu kien tiep nhan. Xem ly do tai {url}",
    "result_ready": "MotCua: ho so {code} da co ket qua. Xem cach nhan ket qua tai {url}",
    "apology": "MotCua xin loi: ho so {code} tre han, hen tra lai {due}. Xem {url}",
    "stopped": "MotCua: ho so {code} da dung giai quyet. Xem thong bao tai {url}",
    "posted": "MotCua: ket qua ho so {code} da duoc gui qua buu chinh, ma buu gui {tracking}.",
    "returned": "MotCua: ho so {code} da tra ket qua. Moi ban danh gia muc do hai long: {url}",
    "lookup_owner": "MotCua: ho so {code} {status}. Han tra {due}. {next}",
    "lookup_status": "MotCua: ho so {code} {status}. Han tra {due}.",
    # The same words for an unknown code and a wrong factor, without the code: nothing tells them apart.
    "lookup_unknown": "MotCua: khong tim thay ho so hoac 4 so cuoi khong dung. Vui long kiem tra ma tren giay hen va 4 so cuoi SDT hoac CCCD da khai.",
    "lookup_factor": "MotCua: tra cuu tu so dien thoai khac so da khai, soan TRACUU <ma ho so> <4 so cuoi SDT hoac CCCD>, vd TRACUU {code} 1234",
    "lookup_wait": "MotCua: da nhap sai nhieu lan. Vui long thu lai sau {minutes} phut.",
    "help": "MotCua: tra cuu ho so soan TRACUU <ma ho so> <4 so cuoi SDT hoac CCCD>. Ngung tin thong bao soan HUY, nhan lai DK. Web: {url}",
    "opted_out": "MotCua: da ngung gui tin thong bao khong bat buoc. Ban van nhan ma xac thuc va yeu cau bo sung, ket qua. Soan DK de nhan lai.",
    "opted_in": "MotCua: ban se nhan lai tin thong bao ve ho so. Soan HUY de ngung.",
    "fee_due": "MotCua: ho so {code} can nop phi, le phi {amount} {when}. Nop truc tuyen tai {url}",
    "fee_received": "MotCua: da nhan phi, le phi {amount} cua ho so {code}. Bien lai so {number}, ky hieu {series}.",
    "digest": "MotCua {day}: don vi cua ban co {due_soon} ho so sap den han (con duoi 1 ngay lam viec) va {overdue} ho so qua han.",
    "review": "MotCua {day}: danh sach thu tuc can ra soat tang len {count} thu tuc (can cu phap ly het hieu luc hoac sap het). Xem muc Thu tuc can ra soat.",
}

# What a person may turn off (SMS "HUY", or the lookup page): confirmations and invitations.
# Codes, requests to act (a fee due among them), refusals, delays and results always go out.
OPTIONAL = frozenset({"submitted", "received", "posted", "returned", "fee_received"})

# The GSM 03.38 alphabet: the basic table costs one septet a character, the extension table two.
GSM_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENSION = set("^{}\\[~]|€\f")


def septets(body):
    """GSM-7 septets `body` needs, or None when it needs UCS-2."""
    if any(ch not in GSM_BASIC and ch not in GSM_EXTENSION for ch in body):
        return None
    return len(body) + sum(ch in GSM_EXTENSION for ch in body)


def segments(body):
    """How many SMS parts the operator bills for `body` (153 or 67 characters a part once it splits)."""
    length = septets(body)
    if length is None:
        return 1 if len(body) <= 70 else math.ceil(len(body) / 67)
    return 1 if length <= SEGMENT else math.ceil(length / 153)


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
    if _length(body) > SEGMENT and "procedure" in params:
        room = len(params["procedure"]) - (_length(body) - SEGMENT) - 1
        params["procedure"] = params["procedure"][: max(room, 8)].rstrip() + "."
        body = TEMPLATES[template].format(**params)
    if _length(body) > SEGMENT:
        raise TemplateTooLong(f"{template}: {_length(body)} characters")
    return body


def _length(body):
    return septets(body) or len(body) * 3  # anything outside GSM-7 never fits
