"""Small wording helpers the version differences share: quotes, lists, channels, numbered lists."""

import difflib

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from webapp.models.values import COUNTER, ONLINE, POST

# A channel inside a sentence, "Thời hạn giải quyết (trực tuyến): …" (the public pages' CHANNEL says
# "Nộp trực tuyến", which reads badly in brackets).
CHANNEL_WORD = {COUNTER: _l("trực tiếp"), ONLINE: _l("trực tuyến"), POST: _l("bưu chính")}
LONG = 120  # characters of a quoted text before it is cut with "…"


def quoted(text):
    """«text», cut at LONG characters; '' for nothing."""
    if text is None or text == "":
        return ""
    text = " ".join(str(text).split())
    return "«" + (text if len(text) <= LONG else text[: LONG - 1].rstrip() + "…") + "»"


def listed(words):
    return ", ".join(words)


def lists_differ(old, new, what):
    """Numbered texts (steps, conditions): which were added, removed or reworded, by their number."""
    found = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "replace" and i2 - i1 == j2 - j1:
            found += [
                _("%(what)s, mục %(n)s: sửa thành %(text)s.", what=what, n=j + 1, text=quoted(new[j]))
                for j in range(j1, j2)
            ]
            continue
        if tag in ("delete", "replace"):
            found += [_("%(what)s: bỏ mục %(text)s.", what=what, text=quoted(old[i])) for i in range(i1, i2)]
        if tag in ("insert", "replace"):
            found += [
                _("%(what)s: thêm mục %(n)s %(text)s.", what=what, n=j + 1, text=quoted(new[j])) for j in range(j1, j2)
            ]
    return found
