"""The sections of a procedure draft: for each, the form that edits it, how its answers are read from
the draft's bundle and written back, and which of the bundle's paths it owns (to show its problems).

Writing back changes only the section's own keys: every other part of the bundle stays as it was."""

import copy
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from webapp.catalogue_admin import editor_fee_forms as fee_forms
from webapp.catalogue_admin import editor_forms as forms
from webapp.legal.register import by_number
from webapp.models import Field
from webapp.text import vi_sorted, without_controls


@dataclass(frozen=True)
class Section:
    slug: str
    title: object  # lazy text
    form: type
    paths: tuple  # the bundle paths it owns: a problem at one of them is shown on its page
    load: object  # bundle → data for the form
    store: object  # (form, bundle) → None: writes the section's answers into the bundle
    check: object = None  # (form, bundle) → False after adding errors the form cannot see alone

    def owns(self, path):
        return any(path == p or path.startswith((p + ".", p + "[")) for p in self.paths)


def _rules(bundle):
    """The bundle's rules (an imported draft may have none yet, or something else in their place)."""
    if not isinstance(bundle.get("rules"), dict):
        bundle["rules"] = {}
    return bundle["rules"]


def _items(rules, key):
    """The mappings listed under `key`: a half-done import may hold other things, which the page skips."""
    listed = rules.get(key)
    return [item for item in listed if isinstance(item, dict)] if isinstance(listed, list) else []


def _texts(rules, key):
    listed = rules.get(key)
    return [str(item) for item in listed if isinstance(item, str)] if isinstance(listed, list) else []


def _set(mapping, key, value):
    """Keep a key only when it says something (an empty note, a false flag are left out)."""
    if value not in (None, "", False, [], {}):
        mapping[key] = value


# — thông tin (mức-1 items) —
def _load_items(bundle):
    rules = _rules(bundle)
    data = {key: bundle.get(key) for key in ("name", "name_en", "field", "tier", "online_class")}
    data["legacy_level"] = str(bundle.get("legacy_level") or "")
    data.update(implementing_agency=rules.get("implementing_agency"), applicants=rules.get("applicants"))
    data["sensitive"] = rules.get("sensitive") is True
    return data


def _store_items(form, bundle):
    for key in ("name", "name_en", "field", "tier", "online_class"):
        bundle[key] = getattr(form, key).data or ""
    bundle["legacy_level"] = int(form.legacy_level.data)
    _rules(bundle).update(
        implementing_agency=form.implementing_agency.data,
        applicants=form.applicants.data or "",
        sensitive=bool(form.sensitive.data),
    )


def field_choices():
    """The fields (lĩnh vực) in Vietnamese order, for the select."""
    return [(f.code, f.name) for f in vi_sorted(Field.select(), name=lambda f: f.name)]


# — căn cứ pháp lý —
def _load_bases(bundle):
    rows = [{"number": b.get("number"), "note": b.get("note", "")} for b in _items(_rules(bundle), "legal_bases")]
    return {"rows": rows}


def _check_bases(form, bundle):
    """A new citation must be a row of the register; one the draft already had may stay as it is."""
    cited = {b.get("number") for b in _items(_rules(bundle), "legal_bases")}
    fine = True
    for row in form.kept("rows"):
        if row.number.data not in cited and by_number(row.number.data) is None:
            row.number.errors = [*row.number.errors, _missing(row.number.data)]
            fine = False
    return fine


def _missing(number):
    return _l("Văn bản %(number)s chưa có trong danh mục văn bản pháp luật: thêm văn bản đó trước.", number=number)


def _store_bases(form, bundle):
    before = {b.get("number"): b for b in _items(_rules(bundle), "legal_bases")}
    bases = []
    for row in form.kept("rows"):
        document = by_number(row.number.data)
        basis = {"number": row.number.data}
        if document is not None:
            basis["title"] = document.title
            _set(basis, "issued_on", document.issued_on.isoformat() if document.issued_on else None)
        else:
            basis.update({k: v for k, v in before[row.number.data].items() if k in ("title", "issued_on")})
        _set(basis, "note", row.note.data)
        bases.append(basis)
    _rules(bundle)["legal_bases"] = bases


# — trình tự, điều kiện, kết quả —
def _load_steps(bundle):
    rules = _rules(bundle)
    return {
        "steps": "\n".join(_texts(rules, "steps")),
        "conditions": "\n".join(_texts(rules, "conditions")),
        "result": rules.get("result") if isinstance(rules.get("result"), str) else "",
    }


def _store_steps(form, bundle):
    _rules(bundle).update(
        steps=forms.lines_of(form.steps.data),
        conditions=forms.lines_of(form.conditions.data),
        result=form.result.data,
    )


# — thành phần hồ sơ —
def _load_documents(bundle):
    return {"rows": [dict(d) for d in _items(_rules(bundle), "documents")]}


def _store_documents(form, bundle):
    documents = []
    for row in form.kept("rows"):
        document = {"name": row.name.data, "kind": row.kind.data, "count": row.count.data}
        _set(document, "note", row.note.data)
        _set(document, "optional", row.optional.data)
        _set(document, "online_form", row.online_form.data)
        documents.append(document)
    _rules(bundle)["documents"] = documents


# — thời hạn —
def _load_limits(bundle):
    rules = _rules(bundle)
    return {
        "rows": [dict(t) for t in _items(rules, "time_limits")],
        "cutoff_15h": bool(rules.get("cutoff_15h")),
        "supplement_clock": rules.get("supplement_clock") or "restart",
    }


def _store_limits(form, bundle):
    limits = []
    for row in form.kept("rows"):
        amount = row.amount.data if row.amount.data is not None else 0
        limit = {"channel": row.channel.data, "amount": amount, "unit": row.unit.data}
        _set(limit, "note", row.note.data)
        limits.append(limit)
    _rules(bundle).update(
        time_limits=limits, cutoff_15h=bool(form.cutoff_15h.data), supplement_clock=form.supplement_clock.data
    )


# — phí, lệ phí —
def _load_fees(bundle):
    rows = []
    for fee in _items(_rules(bundle), "fees"):
        row = {key: value for key, value in fee.items() if key != "then"}
        then = fee.get("then") if isinstance(fee.get("then"), dict) else {}
        row.update(then_from=then.get("from"), then_amount=then.get("amount"))
        row.setdefault("kind", "le_phi")
        row.setdefault("per", "ho_so")
        row.setdefault("point", "truoc_tiep_nhan")
        rows.append(row)
    return {"rows": rows}


def _store_fees(form, bundle):
    _rules(bundle)["fees"] = [_fee_of(row) for row in form.kept("rows")]


def _fee_of(row):
    """One fee item in the schema's shape: the keys for a copy or a page only where they belong."""
    fee = {"channel": row.channel.data, "kind": row.kind.data}
    _set(fee, "label", row.label.data)
    fee.update(amount=row.amount.data, per=row.per.data, point=row.point.data, description=row.description.data)
    fee["unconfirmed"] = bool(row.unconfirmed.data)
    _set(fee, "max", row.max.data)
    if row.per_copy():
        _set(fee, "optional", row.optional.data)
        _set(fee, "copies", row.copies.data)
        _set(fee, "max_per_copy", row.max_per_copy.data)
    if row.per.data == "trang":
        _set(fee, "pages", row.pages.data)
        if row.then_from.data is not None:
            fee["then"] = {"from": row.then_from.data, "amount": row.then_amount.data}
    return fee


# — miễn phí, lệ phí —
def _load_exemptions(bundle):
    rows = []
    listed = _rules(bundle).get("exemptions")
    for item in listed if isinstance(listed, list) else []:
        item = item if isinstance(item, dict) else {"reason": str(item)}
        rows.append(
            {"reason": item.get("reason"), "proof": bool(item.get("proof")), "covers": item.get("covers") or []}
        )
    return {"rows": rows}


def _store_exemptions(form, bundle):
    exemptions = []
    for row in form.kept("rows"):
        if not row.proof.data and not row.covers.data:
            exemptions.append(row.reason.data)  # plain text, as the seed writes it
            continue
        item = {"reason": row.reason.data}
        _set(item, "proof", row.proof.data)
        _set(item, "covers", list(row.covers.data or []))
        exemptions.append(item)
    _rules(bundle)["exemptions"] = exemptions


# — cách thức nộp —
def _load_channels(bundle):
    return {"channels": _texts(_rules(bundle), "channels")}


def _store_channels(form, bundle):
    _rules(bundle)["channels"] = list(form.channels.data)


ITEM_PATHS = ("name", "name_en", "tier", "field", "online_class", "legacy_level", "code", "old_codes")
SECTIONS = {
    section.slug: section
    for section in (
        Section(
            "thong-tin",
            _l("Thông tin chung"),
            forms.ItemsForm,
            (*ITEM_PATHS, "rules.implementing_agency", "rules.applicants", "rules.sensitive"),
            _load_items,
            _store_items,
        ),
        Section(
            "can-cu",
            _l("Căn cứ pháp lý"),
            forms.BasesForm,
            ("rules.legal_bases",),
            _load_bases,
            _store_bases,
            _check_bases,
        ),
        Section(
            "trinh-tu",
            _l("Trình tự, điều kiện và kết quả"),
            forms.StepsForm,
            ("rules.steps", "rules.conditions", "rules.result"),
            _load_steps,
            _store_steps,
        ),
        Section(
            "ho-so",
            _l("Thành phần hồ sơ"),
            forms.DocumentsForm,
            ("rules.documents",),
            _load_documents,
            _store_documents,
        ),
        Section(
            "thoi-han",
            _l("Thời hạn giải quyết"),
            forms.LimitsForm,
            ("rules.time_limits", "rules.cutoff_15h", "rules.supplement_clock"),
            _load_limits,
            _store_limits,
        ),
        Section("phi", _l("Phí, lệ phí"), fee_forms.FeesForm, ("rules.fees",), _load_fees, _store_fees),
        Section(
            "mien",
            _l("Miễn phí, lệ phí"),
            fee_forms.ExemptionsForm,
            ("rules.exemptions",),
            _load_exemptions,
            _store_exemptions,
        ),
        Section(
            "kenh",
            _l("Cách thức nộp hồ sơ"),
            fee_forms.ChannelsForm,
            ("rules.channels",),
            _load_channels,
            _store_channels,
        ),
    )
}


def edited(section, form, bundle):
    """A copy of `bundle` with the section's answers written in."""
    changed = copy.deepcopy(bundle)
    section.store(form, changed)
    return without_controls(changed)
