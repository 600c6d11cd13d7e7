"""What changed between two versions of a procedure, in plain Vietnamese sentences an administrator
approving the change (and anyone reading the history) understands without reading YAML.

`differences(old_bundle, new_bundle)` compares two bundles (see webapp/versions/bundle.py): the mức-1
items, the rule set and the form. One sentence per change; a change made alike on several channels is
one sentence naming them all. The words reuse the public pages' labels (webapp/dossiers/labels.py,
webapp/dossiers/fees.py, webapp/formatting.money) so an admin reads what a citizen will read."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from webapp.dossiers.fees import KIND_LABELS, POINT_LABELS
from webapp.dossiers.labels import CHANNEL, DOCUMENT_KIND, LEGACY_LEVEL, ONLINE_CLASS, TIER, time_limit_text
from webapp.formatting import money
from webapp.models.values import CHANNELS
from webapp.versions.diff_form import form_differences
from webapp.versions.diff_words import CHANNEL_WORD, listed, lists_differ, quoted

SUPPLEMENT_CLOCK = {
    "restart": _l("thời hạn tính lại từ đầu khi nhận đủ hồ sơ bổ sung"),
    "pause": _l("thời hạn tạm dừng trong khi chờ bổ sung"),
}


def differences(old, new):
    """The changes from bundle `old` to bundle `new`, one sentence each; [] when nothing changed."""
    if not isinstance(old, dict) or not isinstance(new, dict):
        return []
    old_rules, new_rules = old.get("rules") or {}, new.get("rules") or {}
    found = _items(old, new) + _legal_bases(old_rules, new_rules)
    found += _texts(old_rules, new_rules) + _channels(old_rules, new_rules)
    found += _documents(old_rules, new_rules) + _time_limits(old_rules, new_rules)
    found += _clock_rules(old_rules, new_rules) + _fees(old_rules, new_rules)
    found += _exemptions(old_rules, new_rules) + _discretion(old_rules, new_rules)
    return found + form_differences(old.get("form") or {}, new.get("form") or {})


# ── mức-1 items ──────────────────────────────────────────────────────────────


def _items(old, new):
    found = []
    words = {
        "name": (_("Tên thủ tục"), quoted),
        "name_en": (_("Tên tiếng Anh"), quoted),
        "tier": (_("Cấp thực hiện"), lambda v: str(TIER.get(v, v))),
        "field": (_("Lĩnh vực"), str),
        "online_class": (_("Dịch vụ công trực tuyến"), lambda v: str(ONLINE_CLASS.get(v, v))),
        "legacy_level": (_("Mức độ theo cách tính cũ"), lambda v: str(LEGACY_LEVEL.get(v, v))),
    }
    for key, (what, shown) in words.items():
        if old.get(key) != new.get(key):
            found.append(_changed(what, shown(old.get(key) or ""), shown(new.get(key) or "")))
    added, removed = _added_removed(old.get("old_codes") or [], new.get("old_codes") or [])
    found += [_("Thêm mã cũ của thủ tục: %(code)s.", code=code) for code in added]
    found += [_("Bỏ mã cũ của thủ tục: %(code)s.", code=code) for code in removed]
    return found


def _changed(what, old, new):
    return _("%(what)s: %(old)s → %(new)s.", what=what, old=old or _("(trống)"), new=new or _("(trống)"))


def _added_removed(old, new):
    return [x for x in new if x not in old], [x for x in old if x not in new]


# ── rules ────────────────────────────────────────────────────────────────────


def _legal_bases(old, new):
    before = {b.get("number"): b for b in old.get("legal_bases") or []}
    after = {b.get("number"): b for b in new.get("legal_bases") or []}
    found = [
        _("Căn cứ pháp lý: thêm %(number)s (%(title)s).", number=n, title=after[n]["title"])
        if after[n].get("title")
        else _("Căn cứ pháp lý: thêm %(number)s.", number=n)
        for n in after
        if n not in before
    ]
    found += [_("Căn cứ pháp lý: bỏ %(number)s.", number=n) for n in before if n not in after]
    for number in (n for n in after if n in before):
        for key, what in (("title", _("tên")), ("note", _("ghi chú")), ("issued_on", _("ngày ban hành"))):
            if (before[number].get(key) or "") != (after[number].get(key) or ""):
                found.append(
                    _(
                        "Căn cứ pháp lý %(number)s: %(what)s %(old)s → %(new)s.",
                        number=number,
                        what=what,
                        old=quoted(before[number].get(key)) or _("(trống)"),
                        new=quoted(after[number].get(key)) or _("(trống)"),
                    )
                )
    return found


def _texts(old, new):
    """Agency, applicants and result as one text each; steps and conditions as numbered lists."""
    found = []
    for key, what in (
        ("implementing_agency", _("Cơ quan thực hiện")),
        ("applicants", _("Đối tượng thực hiện")),
        ("result", _("Kết quả")),
    ):
        if (old.get(key) or "") != (new.get(key) or ""):
            found.append(_changed(what, quoted(old.get(key)), quoted(new.get(key))))
    found += lists_differ(old.get("steps") or [], new.get("steps") or [], _("Trình tự thực hiện"))
    found += lists_differ(old.get("conditions") or [], new.get("conditions") or [], _("Yêu cầu, điều kiện"))
    return found


def _channels(old, new):
    added, removed = _added_removed(old.get("channels") or [], new.get("channels") or [])
    found = [_("Cách thức thực hiện: thêm %(channel)s.", channel=CHANNEL.get(c, c)) for c in added]
    return found + [_("Cách thức thực hiện: bỏ %(channel)s.", channel=CHANNEL.get(c, c)) for c in removed]


def _documents(old, new):
    before = {d.get("name"): d for d in old.get("documents") or []}
    after = {d.get("name"): d for d in new.get("documents") or []}
    found = [
        _("Thành phần hồ sơ: thêm %(name)s (%(kind)s, %(count)s).", name=quoted(n), kind=_kind(d), count=d.get("count"))
        for n, d in after.items()
        if n not in before
    ]
    found += [_("Thành phần hồ sơ: bỏ %(name)s.", name=quoted(n)) for n in before if n not in after]
    for name in (n for n in after if n in before):
        found += _document_changes(name, before[name], after[name])
    return found


def _kind(document):
    return str(DOCUMENT_KIND.get(document.get("kind"), document.get("kind"))).lower()


def _document_changes(name, old, new):
    found = []
    if old.get("kind") != new.get("kind"):
        found.append(_changed(_("Giấy tờ %(name)s", name=quoted(name)), _kind(old), _kind(new)))
    if old.get("count") != new.get("count"):
        what = _("Số lượng %(name)s", name=quoted(name))
        found.append(_changed(what, str(old.get("count")), str(new.get("count"))))
    if bool(old.get("optional")) != bool(new.get("optional")):
        found.append(
            _("Giấy tờ %(name)s: chỉ cần trong một số trường hợp (nếu có).", name=quoted(name))
            if new.get("optional")
            else _("Giấy tờ %(name)s: bắt buộc trong mọi trường hợp.", name=quoted(name))
        )
    if bool(old.get("online_form")) != bool(new.get("online_form")):
        found.append(
            _("Giấy tờ %(name)s: là tờ khai điền trực tuyến.", name=quoted(name))
            if new.get("online_form")
            else _("Giấy tờ %(name)s: không còn là tờ khai điền trực tuyến.", name=quoted(name))
        )
    if (old.get("note") or "") != (new.get("note") or ""):
        found.append(
            _changed(_("Ghi chú của %(name)s", name=quoted(name)), quoted(old.get("note")), quoted(new.get("note")))
        )
    return found


def _time_limits(old, new):
    before = {t.get("channel"): t for t in old.get("time_limits") or []}
    after = {t.get("channel"): t for t in new.get("time_limits") or []}
    changes = []
    for channel in CHANNELS:
        was, now = before.get(channel), after.get(channel)
        if was == now:
            continue
        shown_was = _limit(was)
        shown_now = _limit(now)
        if shown_was != shown_now:
            changes.append(((_("Thời hạn giải quyết"), shown_was, shown_now), channel))
        elif (was or {}).get("note", "") != (now or {}).get("note", ""):
            changes.append(
                ((_("Ghi chú thời hạn giải quyết"), quoted(was.get("note")), quoted(now.get("note"))), channel)
            )
    return [_per_channel(what, where, old, new) for (what, old, new), where in _merged(changes)]


def _limit(limit):
    """The public page's words for a time limit, lower-cased inside a sentence ("trong ngày làm việc")."""
    if not limit:
        return _("(không quy định)")
    text = str(time_limit_text(limit))
    return text[:1].lower() + text[1:]


def _per_channel(what, where, old, new):
    return _(
        "%(what)s (%(where)s): %(old)s → %(new)s.",
        what=what,
        where=where,
        old=old or _("(trống)"),
        new=new or _("(trống)"),
    )


def _merged(changes):
    """[(key, channel)] → [(key, "trực tiếp, trực tuyến")]: the same change on several channels once."""
    channels = {}
    for key, channel in changes:
        channels.setdefault(key, []).append(channel)
    return [(key, listed(str(CHANNEL_WORD.get(c, c)) for c in found)) for key, found in channels.items()]


def _clock_rules(old, new):
    found = []
    if bool(old.get("cutoff_15h")) != bool(new.get("cutoff_15h")):
        found.append(
            _("Áp dụng quy định: hồ sơ nhận sau 15 giờ được trả kết quả trong ngày làm việc tiếp theo.")
            if new.get("cutoff_15h")
            else _("Bỏ quy định: hồ sơ nhận sau 15 giờ được trả kết quả trong ngày làm việc tiếp theo.")
        )
    was, now = old.get("supplement_clock") or "restart", new.get("supplement_clock") or "restart"
    if was != now:
        found.append(_changed(_("Khi yêu cầu bổ sung hồ sơ"), str(SUPPLEMENT_CLOCK[was]), str(SUPPLEMENT_CLOCK[now])))
    return found


def _discretion(old, new):
    if bool(old.get("sensitive")) == bool(new.get("sensitive")):
        return []
    if new.get("sensitive"):
        return [_("Đánh dấu thủ tục nhạy cảm: tin nhắn và trang công khai chỉ nêu lĩnh vực, không nêu tên thủ tục.")]
    return [_("Bỏ đánh dấu thủ tục nhạy cảm: tin nhắn và trang công khai nêu lại tên thủ tục.")]


# ── fees ─────────────────────────────────────────────────────────────────────


def fee_name(item):
    """A fee item's name: its label, else its kind (Lệ phí / Phí)."""
    return item.get("label") or str(KIND_LABELS.get(item.get("kind") or "le_phi"))


def fee_amount(item):
    """What an item charges, in words: '8.000 đồng một bản', 'không mất phí'."""
    if not item.get("amount"):
        return _("không mất phí")
    per = item.get("per") or "ho_so"
    text = money(item["amount"])
    if per == "ban":
        text = _("%(amount)s một bản", amount=text)
    elif per == "trang":
        text = _("%(amount)s một trang", amount=text)
    then = item.get("then")
    if isinstance(then, dict):
        text = _(
            "%(text)s, từ trang %(page)s: %(amount)s một trang",
            text=text,
            page=then.get("from"),
            amount=money(then.get("amount")),
        )
    if item.get("max_per_copy"):
        text = _("%(text)s, tối đa %(cap)s một bản", text=text, cap=money(item["max_per_copy"]))
    if item.get("max"):
        text = _("%(text)s, tối đa %(cap)s một hồ sơ", text=text, cap=money(item["max"]))
    return text


def _fees(old, new):
    changes = []
    for channel in CHANNELS:
        pairs, added, removed = _fee_pairs(old.get("fees") or [], new.get("fees") or [], channel)
        changes += [(("add", fee_name(f), "", fee_amount(f)), channel) for f in added]
        changes += [(("remove", fee_name(f), "", ""), channel) for f in removed]
        for was, now in pairs:
            changes += [(("change", *change), channel) for change in _fee_changes(was, now)]
    return [_fee_sentence(*key, where) for key, where in _merged(changes)]


def _fee_sentence(tag, name, old, new, where):
    if tag == "add":
        return _("Phí, lệ phí (%(where)s): thêm %(name)s, %(amount)s.", where=where, name=quoted(name), amount=new)
    if tag == "remove":
        return _("Phí, lệ phí (%(where)s): bỏ %(name)s.", where=where, name=quoted(name))
    return _per_channel(name, where, old, new)


def _fee_pairs(old, new, channel):
    """The channel's items paired old→new: by label first, then the rest in order; leftovers are
    added or removed."""
    was = [f for f in old if f.get("channel") == channel]
    now = [f for f in new if f.get("channel") == channel]
    pairs = []
    for item in list(now):
        match = next((f for f in was if f.get("label") and f.get("label") == item.get("label")), None)
        if match is not None:
            pairs.append((match, item))
            was.remove(match)
            now.remove(item)
    pairs += list(zip(was, now, strict=False))
    return pairs, now[len(was) :], was[len(now) :]


def _fee_changes(old, new):
    """(what, old words, new words) for each change of one fee item; `what` is its name mostly."""
    name = fee_name(new)
    found = []
    if fee_name(old) != name:
        found.append((_("Tên khoản thu"), quoted(fee_name(old)), quoted(name)))
    if (old.get("kind") or "le_phi") != (new.get("kind") or "le_phi"):
        kind = lambda f: str(KIND_LABELS[f.get("kind") or "le_phi"]).lower()  # noqa: E731
        found.append((name, kind(old), kind(new)))
    if fee_amount(old) != fee_amount(new):
        found.append((name, fee_amount(old), fee_amount(new)))
    point = lambda f: str(POINT_LABELS[f.get("point") or "truoc_tiep_nhan"])  # noqa: E731
    if point(old) != point(new):
        found.append((name, point(old), point(new)))
    if bool(old.get("optional")) != bool(new.get("optional")):
        asked = lambda f: _("chỉ thu khi có đề nghị") if f.get("optional") else _("luôn thu")  # noqa: E731
        found.append((name, asked(old), asked(new)))
    if bool(old.get("unconfirmed")) != bool(new.get("unconfirmed")):
        sure = lambda f: _("mức thu chưa được xác nhận") if f.get("unconfirmed") else _("mức thu đã xác nhận")  # noqa: E731
        found.append((name, sure(old), sure(new)))
    if (old.get("description") or "") != (new.get("description") or ""):
        what = _("Mô tả %(name)s", name=quoted(name))
        found.append((what, quoted(old.get("description")), quoted(new.get("description"))))
    return found


# ── exemptions ───────────────────────────────────────────────────────────────


def _exemptions(old, new):
    before = {_reason(e): e for e in old.get("exemptions") or []}
    after = {_reason(e): e for e in new.get("exemptions") or []}
    found = [
        _("Miễn, giảm: thêm %(reason)s%(terms)s", reason=quoted(r), terms=_exemption_terms(e))
        for r, e in after.items()
        if r not in before
    ]
    found += [_("Miễn, giảm: bỏ %(reason)s.", reason=quoted(r)) for r in before if r not in after]
    for reason in (r for r in after if r in before):
        if _exemption_terms(before[reason]) != _exemption_terms(after[reason]):
            terms = _exemption_terms(after[reason], full=True)
            found.append(_("Miễn, giảm %(reason)s: điều kiện đổi%(terms)s", reason=quoted(reason), terms=terms))
    return found


def _reason(exemption):
    return exemption.get("reason", "") if isinstance(exemption, dict) else str(exemption)


def _exemption_terms(exemption, full=False):
    """' (kèm giấy tờ chứng minh; miễn lệ phí).' — the proof asked and the kinds it covers; `full` also
    says what is not asked, for a change that removed a proof or a limit."""
    proof = isinstance(exemption, dict) and exemption.get("proof")
    covers = (exemption.get("covers") if isinstance(exemption, dict) else None) or []
    terms = [_("kèm giấy tờ chứng minh")] if proof else ([_("không cần giấy tờ chứng minh")] if full else [])
    if covers:
        terms.append(_("miễn %(kinds)s", kinds=listed(str(KIND_LABELS.get(k, k)).lower() for k in covers)))
    elif full:
        terms.append(_("miễn mọi khoản phí, lệ phí"))
    return (" (" + "; ".join(terms) + ").") if terms else "."
