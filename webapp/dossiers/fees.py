"""What a dossier owes: the rule set's fee items for the channel, counted from the tờ khai's answers.

A fee item (see webapp/seed/README.md) is charged per dossier (`ho_so`), per copy (`ban`) or per
page of each copy (`trang`), optionally cheaper from some unit on (`then`), capped per copy
(`max_per_copy`) and per dossier (`max`), and due before reception or before the result goes back
(`point`). A channel may have several items, each a *lệ phí* or a *phí* (`kind`): a birth
registration's lệ phí and the phí of the extract copies asked for with it (`optional`: none unless
asked). An exemption covers the kinds the rule set says (`covers`), every kind when it says nothing.
The amount is fixed at submission on the dossier; the desk's gate reads only the dossier.
"""

from dataclasses import dataclass, replace

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from webapp.formatting import money
from webapp.models.values import COUNTER, RECEIVE, RETURN

PER = ("ho_so", "ban", "trang")
POINTS = ("truoc_tiep_nhan", "truoc_tra_ket_qua")
DEFAULT_POINT = "truoc_tiep_nhan"
KINDS = ("le_phi", "phi")
DEFAULT_KIND = "le_phi"
COPIES_FIELD = "so_ban_sao"  # the tờ khai's number of copies, unless the fee item names another
PAGES_FIELD = "so_trang"
POINT_LABELS = {
    "truoc_tiep_nhan": _l("nộp trước khi tiếp nhận hồ sơ"),
    "truoc_tra_ket_qua": _l("nộp trước khi nhận kết quả"),
}
KIND_LABELS = {"le_phi": _l("Lệ phí"), "phi": _l("Phí")}
GATED = {RECEIVE: "truoc_tiep_nhan", RETURN: "truoc_tra_ket_qua"}


@dataclass(frozen=True)
class Fee:
    amount: int  # đồng due after the exemption; 0 = nothing to pay
    per: str = "ho_so"
    quantity: int = 1  # copies (ban) or pages of one copy (trang)
    point: str | None = None  # None when nothing is due
    description: str = ""
    unconfirmed: bool = False
    unit_amount: int = 0  # đồng per dossier, copy or page (the first tier for pages)
    copies: int = 1
    full_amount: int = 0  # before the exemption
    exemption: str = ""
    kind: str = DEFAULT_KIND  # le_phi | phi
    label: str = ""  # the charge's name, when the rule set gives one ("Phí cấp bản sao trích lục khai sinh")
    parts: tuple = ()  # the Fee of each item, when the channel has several


def fee_items(rule_set, channel):
    """The fee items of `channel`, else the counter's (as time limits fall back)."""
    items = rule_set.fees or []
    return [f for f in items if f["channel"] == channel] or [f for f in items if f["channel"] == COUNTER]


def exemption_reasons(rule_set):
    """The exemptions as text; an item is a string or {reason, proof, covers}."""
    return [e["reason"] if isinstance(e, dict) else e for e in (rule_set.exemptions or [])]


def reasons_needing_proof(rule_set):
    """The exemptions the applicant must prove with a paper (the rule set's `proof: true`)."""
    return {e["reason"] for e in (rule_set.exemptions or []) if isinstance(e, dict) and e.get("proof")}


def _covered_kinds(rule_set, reason):
    for entry in rule_set.exemptions or []:
        if isinstance(entry, dict) and entry["reason"] == reason:
            return entry.get("covers") or KINDS
    return KINDS


def exemptions_for(rule_set, fee):
    """The exemptions worth offering: those covering a part of `fee` that costs something."""
    return exemptions_covering(rule_set, {part.kind for part in (fee.parts or (fee,)) if part.full_amount})


def exemptions_covering(rule_set, kinds):
    """The exemptions that cover one of `kinds` (lệ phí, phí): at the counter, before the counts are
    typed, the kinds of the items that charge something."""
    return [r for r in exemption_reasons(rule_set) if set(kinds) & set(_covered_kinds(rule_set, r))]


def fee_for(rule_set, channel, answers, exemption=None):
    """The Fee of a dossier of `rule_set` filed by `channel` with these answers: the sum of the
    channel's items, each in `parts` when there are several.

    A count missing from the answers (a counter dossier has no tờ khai) counts as 1, or as 0 for an
    `optional` item. An exemption must be one of the rule set's (ValueError otherwise) and makes the
    items of the kinds it covers cost 0.
    """
    if exemption and exemption not in exemption_reasons(rule_set):
        raise ValueError(f"unknown exemption {exemption!r}")
    covered = _covered_kinds(rule_set, exemption) if exemption else ()
    parts = tuple(
        _item_fee(item, answers, exemption if item.get("kind", DEFAULT_KIND) in covered else None)
        for item in fee_items(rule_set, channel)
    )
    return _together(parts)


def _item_fee(item, answers, exemption):
    kind, label = item.get("kind", DEFAULT_KIND), item.get("label", "")
    if not item.get("amount"):
        return Fee(0, description=item.get("description", ""), kind=kind, label=label)
    per, unit, least = item.get("per", "ho_so"), item["amount"], 0 if item.get("optional") else 1
    copies = _count(answers, item.get("copies", COPIES_FIELD), least) if per != "ho_so" else 1
    quantity = copies
    if per == "trang":
        quantity = _count(answers, item.get("pages", PAGES_FIELD), 1)
        one_copy = _tiered(unit, quantity, item.get("then"))
        if item.get("max_per_copy"):
            one_copy = min(one_copy, item["max_per_copy"])
        total = one_copy * copies
    else:
        total = unit * copies if per == "ban" else unit
    if item.get("max"):
        total = min(total, item["max"])
    due = 0 if exemption else total
    return Fee(
        amount=due,
        per=per,
        quantity=quantity,
        point=(item.get("point") or DEFAULT_POINT) if due else None,
        description=item.get("description", ""),
        unconfirmed=bool(item.get("unconfirmed")),
        unit_amount=unit,
        copies=copies,
        full_amount=total,
        exemption=exemption if total else "",
        kind=kind,
        label=label,
    )


def _together(parts):
    """One Fee for the items: the item itself when alone (or when only one costs anything, so its
    count and rate still describe the whole), else their sum once per dossier."""
    if not parts:
        return Fee(0)
    charged = [p for p in parts if p.full_amount]
    base = charged[0] if len(charged) == 1 else parts[0] if len(parts) == 1 else None
    if base is None:
        total = sum(p.full_amount for p in parts)
        base = Fee(0, unit_amount=total, full_amount=total)
    due = [p.point for p in parts if p.amount]
    return replace(
        base,
        amount=sum(p.amount for p in parts),
        point=min(due, key=POINTS.index) if due else None,  # the earliest any part is due
        unconfirmed=any(p.unconfirmed for p in parts),
        exemption=next((p.exemption for p in parts if p.exemption), ""),
        parts=parts if len(parts) > 1 else (),
    )


def _count(answers, name, least):
    """The count the tờ khai gives, at least `least`; `least` when it gives none."""
    try:
        value = (answers or {}).get(name)
        return max(int(value), least) if value not in (None, "") else least
    except (TypeError, ValueError, OverflowError):  # text, NaN, an infinity stored before the bounds
        return least


def _tiered(unit, pages, then):
    """Pages before `then.from` at `unit`, the rest at `then.amount`."""
    if not then:
        return unit * pages
    first = min(pages, then["from"] - 1)
    return unit * first + then["amount"] * (pages - first)


def dossier_columns(fee):
    """What submission writes on the dossier."""
    return {"fee_amount": fee.amount, "fee_point": fee.point, "fee_exemption": fee.exemption[:255]}


def breakdown(fee):
    """'2 bản × 8.000 đồng', '5 trang × 2 bản' (the rates per page are in the description); '' per
    dossier and for a fee of several items (each part has its own)."""
    if fee.parts and len([p for p in fee.parts if p.full_amount]) != 1:
        return ""
    if fee.per == "ban":
        return _("%(n)s bản × %(unit)s", unit=money(fee.unit_amount), n=fee.copies)
    if fee.per == "trang":
        return _("%(pages)s trang × %(n)s bản", pages=fee.quantity, n=fee.copies)
    return ""


@dataclass(frozen=True)
class Charge:
    """A line of a receipt: quantity × unit price = amount."""

    what: str
    unit: str
    quantity: int
    unit_price: int
    amount: int


def fee_of(dossier):
    """The dossier's Fee counted again from its rule set and answers, as at submission."""
    try:
        return fee_for(dossier.rule_set, dossier.channel, dossier.answers, dossier.fee_exemption or None)
    except ValueError:  # the exemption claimed is no longer one of the rule set's
        return Fee(dossier.fee_amount, unit_amount=dossier.fee_amount, full_amount=dossier.fee_amount)


def charges(fee, amount):
    """The receipt's lines for `amount` đồng paid: per copy "2 bản × 8.000 đồng", per page one line per
    copy of N pages; one line for the dossier when the fee's count does not give the amount (a cap)."""
    if fee.amount == amount and fee.per == "ban" and fee.unit_amount * fee.copies == amount:
        return [Charge("Phí, lệ phí theo số bản", "bản", fee.copies, fee.unit_amount, amount)]
    if fee.amount == amount and fee.per == "trang" and amount % fee.copies == 0:
        what = f"Phí, lệ phí theo số trang ({fee.quantity} trang/bản)"
        return [Charge(what, "bản", fee.copies, amount // fee.copies, amount)]
    return [Charge("Phí, lệ phí giải quyết hồ sơ", "hồ sơ", 1, amount, amount)]


def unpaid_before(dossier, action_name):
    """Whether the dossier's fee, still unpaid, must be paid before `action_name` (RECEIVE or RETURN)."""
    point = GATED.get(action_name)
    return point is not None and dossier.fee_point == point and bool(dossier.fee_amount) and dossier.paid_at is None


def unpaid_refusal(dossier, action_name):
    """The reason the desk may not take `action_name` yet (the fee is due before it), or None."""
    if not unpaid_before(dossier, action_name):
        return None
    if GATED[action_name] == "truoc_tiep_nhan":
        return _("Hồ sơ chưa nộp phí, lệ phí %(amount)s: chưa thể tiếp nhận.", amount=money(dossier.fee_amount))
    return _("Hồ sơ chưa nộp phí, lệ phí %(amount)s: chưa thể trả kết quả.", amount=money(dossier.fee_amount))
