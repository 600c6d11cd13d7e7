"""Vietnamese mobile numbers: 10 digits starting 03/05/07/08/09 (or +84…), stored as E.164."""

import re

from webapp.text import compact_digits

MOBILE_RE = re.compile(r"^0(3|5|7|8|9)\d{8}$")


def normalize_phone(raw):
    """'0912 345 678', '+84912345678', '84912345678' → '+84912345678'; anything else → None."""
    digits = compact_digits(raw)
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    return "+84" + digits[1:] if MOBILE_RE.match(digits) else None


def display_phone(e164):
    """'+84912345678' → '0912 345 678', the way people write it."""
    if not e164 or not e164.startswith("+84"):
        return e164 or ""
    local = "0" + e164[3:]
    return f"{local[:4]} {local[4:7]} {local[7:]}"


def mask_phone(e164):
    """'+84912345678' → '0912 *** 678' for pages that must not show the whole number."""
    shown = display_phone(e164)
    return f"{shown[:4]} *** {shown[-3:]}" if len(shown) == 12 else shown
