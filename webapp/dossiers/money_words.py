"""An amount of money in Vietnamese words, as receipts and invoices print it under the figure.

2.008.000 → "Hai triệu không trăm linh tám nghìn đồng": every group of three digits after the first is
read whole ("không trăm", "linh" before a lone unit), as accounting documents do. num2words (lang
"vi") reads the same number "hai triệu tám nghìn" and says "lẻ" for "linh", so it is not used here.
"""

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
GROUPS = ("", "nghìn", "triệu")  # then tỷ, and the groups repeat above it
BILLION = 1_000_000_000


def _units(tens, unit):
    """The last digit after its tens: "mốt" after twenty and up, "lăm" after ten and up, "tư" after twenty."""
    if unit == 1 and tens >= 2:
        return "mốt"
    if unit == 5 and tens >= 1:
        return "lăm"
    if unit == 4 and tens >= 2:
        return "tư"
    return DIGITS[unit]


def _three(number, whole):
    """Words for 0–999; `whole`: read the hundreds even when zero (a group after the first)."""
    hundreds, tens, unit = number // 100, number // 10 % 10, number % 10
    words = []
    if hundreds or whole:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if unit and words:
            words.append("linh")
    elif tens == 1:
        words.append("mười")
    else:
        words += [DIGITS[tens], "mươi"]
    if unit:
        words.append(_units(tens, unit))
    return words


def _below_billion(number, whole):
    """Words for 0–999,999,999 as groups of three; groups of zeros are not read."""
    groups = [number // 1_000_000, number // 1000 % 1000, number % 1000]
    words, started = [], whole
    for group, name in zip(groups, reversed(GROUPS), strict=True):
        if group:
            words += _three(group, started)
            if name:
                words.append(name)
            started = True
    return words


def number_words(number):
    """A whole number ≥ 0 in lower-case words: 105000 → "một trăm linh năm nghìn"."""
    if number < 0:
        raise ValueError("a negative amount has no words here")
    if number == 0:
        return "không"
    return " ".join(_words(number, whole=False))


def _words(number, whole):
    above, below = divmod(number, BILLION)
    words = []
    if above:
        words += [*_words(above, whole), "tỷ"]
        whole = True
    if below:
        words += _below_billion(below, whole)
    return words


def money_words(amount):
    """The amount as a receipt writes it: "Mười sáu nghìn đồng"."""
    text = f"{number_words(int(amount))} đồng"
    return text[0].upper() + text[1:]
