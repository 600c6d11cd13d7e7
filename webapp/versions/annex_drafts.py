"""Drafts from the province's published list: a new procedure as a skeleton to complete, a changed
one as a draft of its newest version with the list's name and legal-basis numbers applied. What the
list says but cannot be applied safely (time limits, fees, the tier…) is left for the editor, named
in a note. Never a publication: a second admin still approves each draft."""

import copy
from dataclasses import dataclass

from webapp import admin_log
from webapp.db import write_transaction
from webapp.forms_engine.dates import local_today
from webapp.legal.register import by_numbers
from webapp.models import Procedure, ProcedureAlias
from webapp.versions import drafts
from webapp.versions.annex import changes_of, legal_numbers, tiers_of, time_limit_of

SOURCE = "danh-muc"
AGENCIES = {"xa": "Ủy ban nhân dân cấp xã", "huyen": "Ủy ban nhân dân cấp huyện", "tinh": "Ủy ban nhân dân tỉnh"}
# What the editor still has to do, by change kind (applied kinds are not listed).
LEFT_FOR_EDITOR = ("code", "time_limit", "fee", "tier")


@dataclass(frozen=True)
class Made:
    """A draft made from a listed row, and what the editor is left to do: [(kind, listed text)]."""

    draft: object
    row: object
    left: tuple
    already_open: bool = False  # no draft made: `draft` is the procedure's open one


def create_drafts(rows, staff):
    """One draft per listed row (AnnexRow): a skeleton when its code is new, else a draft of the
    procedure with the list's changes applied where they can be; rows with nothing to change are
    skipped; a procedure that already has an open draft gets none (its Made names the open one).
    Returns [Made]."""
    made = []
    with write_transaction():
        for row in rows:
            procedure = _procedure(row.code)
            try:
                result = _new_draft(row, staff) if procedure is None else _changed_draft(row, procedure, staff)
            except drafts.DraftError as refused:  # "already-open": one open draft per procedure
                made.append(Made(refused.draft, row, (), already_open=True))
                continue
            if result is not None:
                made.append(result)
                details = {"draft": result.draft.id, "left": [kind for kind, _text in result.left]}
                admin_log.record(staff, drafts.AREA, "nhap-danh-muc", result.draft.code, **details)
    return made


def _procedure(code):
    procedure = Procedure.get_or_none(Procedure.code == code)
    if procedure is None:
        alias = ProcedureAlias.get_or_none(ProcedureAlias.code == code)
        procedure = alias.procedure if alias else None
    return procedure


def _new_draft(row, staff):
    draft = drafts.start_new(skeleton(row), staff, source=SOURCE)
    left = [("fee", row.fee)] if row.fee else []
    left += [("time_limit", row.time_limit)] if row.time_limit and time_limit_of(row.time_limit) is None else []
    left += [("tier", row.tier)] if len(tiers_of(row.tier)) != 1 else []
    left.append(("rest", ""))  # field, documents, steps, result, form: not in a list
    return Made(draft, row, tuple(left))


def skeleton(row):
    """A new procedure's bundle from what the list gives; the rest empty for the editor (submitting
    it names what is still missing)."""
    tiers = sorted(tiers_of(row.tier))
    tier = tiers[0] if len(tiers) == 1 else "xa"
    limit = time_limit_of(row.time_limit)
    rules = {
        "version": 1,
        "effective_from": local_today().isoformat(),
        "implementing_agency": AGENCIES[tier],
        "applicants": "",
        "legal_bases": legal_bases(legal_numbers(row.legal)),
        "steps": [],
        "channels": ["truc_tiep"],
        "documents": [],
        "time_limits": [{"channel": "truc_tiep", "amount": limit[0], "unit": limit[1]}] if limit else [],
        "cutoff_15h": False,
        "supplement_clock": "restart",
        "fees": [],
        "exemptions": [],
        "conditions": [],
    }
    return {
        "code": row.code,
        "old_codes": [],
        "name": row.name,
        "name_en": "",
        "tier": tier,
        "field": None,
        "online_class": "thong_tin",
        "legacy_level": 2,
        "rules": rules,
        "form": {},
    }


def legal_bases(numbers):
    """Legal-basis entries for document numbers, titled from the register where it knows them."""
    known = by_numbers(numbers)
    entries = []
    for number in numbers:
        document = known.get(number)
        entry = {"number": number, "title": document.title if document else number}
        if document is not None and document.issued_on:
            entry["issued_on"] = document.issued_on.isoformat()
        entries.append(entry)
    return entries


def _changed_draft(row, procedure, staff):
    changes = changes_of(row, procedure)
    if not changes:
        return None
    draft = drafts.start(procedure, staff, source=SOURCE)
    bundle = copy.deepcopy(draft.bundle)
    kinds = {change.kind for change in changes}
    if "name" in kinds:
        bundle["name"] = row.name
    if "legal" in kinds:
        cited = {(b.get("number") or "").strip().upper() for b in bundle["rules"]["legal_bases"]}
        new = [n for n in legal_numbers(row.legal) if n not in cited]
        bundle["rules"]["legal_bases"] += legal_bases(new)
    if kinds & {"name", "legal"}:
        drafts.save(draft, bundle, staff)
    left = tuple((change.kind, change.listed) for change in changes if change.kind in LEFT_FOR_EDITOR)
    return Made(draft, row, left)
