"""Which procedures cite which documents of the register, and which of them need a review.

A rule set cites documents in its `legal_bases` (mappings with a `number`) and through its form
definition's `legal_source`. A procedure needs a review on day D when the version in force on D (at the
end of D, see Procedure.rules_on) cites a document that is expired or replaced on D, or ends within
EXPIRY_WARNING_DAYS of D — unless a later version already in the database no longer cites it: that one
covers the problem from its moment."""

import datetime
from dataclasses import dataclass

from flask_babel import gettext as _

from webapp.formatting import vn_date
from webapp.forms_engine.dates import local_today
from webapp.legal.register import EXPIRED, EXPIRY_WARNING_DAYS, REPLACED, Status, by_numbers, status_on
from webapp.models.catalogue import Procedure, RuleSet


def cited_numbers(rule_set):
    """The register numbers a rule set cites, in reading order, each once: legal bases, then the form's source."""
    numbers = [b.get("number", "").strip() for b in rule_set.legal_bases or [] if isinstance(b, dict)]
    form = rule_set.forms.first()
    if form is not None and (form.definition or {}).get("legal_source"):
        numbers.append(form.definition["legal_source"].strip())
    return list(dict.fromkeys(n for n in numbers if n))


def citing(number):
    """(procedure, rule set) pairs whose rule set cites `number`, by procedure code and version."""
    rule_sets = RuleSet.select(RuleSet, Procedure).join(Procedure).order_by(Procedure.code, RuleSet.version)
    return [(rs.procedure, rs) for rs in rule_sets if number in cited_numbers(rs)]


@dataclass(frozen=True)
class Attention:
    """One procedure version and one document it cites that is (or soon is) out of force.
    `covered_by` is the later version that no longer cites the document, if one exists."""

    procedure: Procedure
    rule_set: RuleSet
    document: object
    status: Status
    covered_by: RuleSet | None = None

    def why(self):
        """In words, at request time: "hết hiệu lực ngày …", "được thay thế bởi …", "sắp hết hiệu lực ngày …"."""
        until = vn_date(self.status.until) if self.status.until else ""
        if self.status.code == REPLACED:
            return _("Được thay thế bởi %(number)s từ ngày %(day)s", number=self.status.successor, day=until)
        if self.status.code == EXPIRED:
            return _("Hết hiệu lực ngày %(day)s", day=until)
        return _("Sắp hết hiệu lực ngày %(day)s (còn %(n)s ngày)", day=until, n=self.status.days_left)

    def covered(self):
        """ "Covered by version N from <date>", or "" when no later version covers it."""
        if self.covered_by is None:
            return ""
        return _(
            "Đã có phiên bản %(v)s áp dụng từ ngày %(day)s",
            v=self.covered_by.version,
            day=vn_date(self.covered_by.effective_from),
        )


def later_versions(rule_set):
    """The procedure's versions that take over from this one, earliest first: those starting after
    it (by moment, as Procedure.rules_at decides; two starting together: the higher version wins).
    Every RuleSet row is a published version (drafts wait in CatalogueDraft until approved)."""
    mine = (rule_set.starts_at(), rule_set.version)
    versions = RuleSet.select().where((RuleSet.procedure == rule_set.procedure_id) & (RuleSet.id != rule_set.id))
    return sorted(
        (rs for rs in versions if (rs.starts_at(), rs.version) > mine), key=lambda rs: (rs.starts_at(), rs.version)
    )


def _covering_version(rule_set, number):
    """The first later version that no longer cites `number`."""
    return next((later for later in later_versions(rule_set) if number not in cited_numbers(later)), None)


def attention_for(procedure, day, within=EXPIRY_WARNING_DAYS):
    """The citations of the procedure's version in force on `day` that need a look."""
    rule_set = procedure.rules_on(day)
    if rule_set is None:
        return []
    numbers = cited_numbers(rule_set)
    documents = by_numbers(numbers)
    rows = []
    for number in numbers:
        document = documents.get(number)
        if document is None:
            continue
        status = status_on(document, day, within=within)
        if status.needs_attention:
            rows.append(Attention(procedure, rule_set, document, status, _covering_version(rule_set, number)))
    return rows


def needs_attention(day=None, within=EXPIRY_WARNING_DAYS):
    """Every procedure whose version in force on `day` cites a document out of force, or ending within
    `within` days; problems first (not covered), then those a later version covers, by procedure code."""
    day = day or local_today()
    rows = [row for p in Procedure.select().order_by(Procedure.code) for row in attention_for(p, day, within)]
    return sorted(rows, key=lambda r: (r.covered_by is not None, r.procedure.code, r.document.number))


def open_problems(day=None, within=EXPIRY_WARNING_DAYS):
    """The rows of needs_attention that no later version covers: what the digest counts."""
    return [row for row in needs_attention(day, within) if row.covered_by is None]


@dataclass(frozen=True)
class Cited:
    """One legal basis as the procedure page shows it: the register row when there is one, else what
    the rule set itself says (older rule sets carry a title and an issue date)."""

    number: str
    title: str
    issuer: str
    issued_on: datetime.date | None
    url: str
    status: Status | None
    successor: object = None  # the replacing document's register row, for its title and link


def legal_bases_on(rule_set, day=None):
    """The rule set's legal bases, each completed from the register, with its status on `day`."""
    day = day or local_today()
    bases = [b for b in rule_set.legal_bases or [] if isinstance(b, dict) and b.get("number")]
    found = by_numbers([b["number"] for b in bases])
    successors = by_numbers([d.replaced_by for d in found.values() if d.replaced_by])
    return [_cited(basis, found.get(basis["number"].strip()), successors, day) for basis in bases]


def _cited(basis, document, successors, day):
    if document is None:
        issued = basis.get("issued_on")
        issued = datetime.date.fromisoformat(issued) if isinstance(issued, str) else issued
        return Cited(basis["number"], basis.get("title", ""), "", issued, "", None)
    return Cited(
        document.number,
        document.title,
        document.issuer,
        document.issued_on,
        document.url,
        status_on(document, day),
        successors.get(document.replaced_by),
    )
