"""What the editor's pages need from the catalogue: the index's rows, the open draft of a procedure,
a new procedure's first bundle, and a draft's form definition for the preview and the blank forms."""

from dataclasses import dataclass

from webapp.forms_engine import DefinitionError
from webapp.forms_engine import FormDefinition as FormSpec
from webapp.forms_engine.dates import local_today
from webapp.models import CatalogueDraft, Field, Procedure, RuleSet
from webapp.models.dossier import utcnow
from webapp.models.legal import LegalDocument
from webapp.text import vi_sorted
from webapp.versions import drafts
from webapp.versions.bundle import problems
from webapp.versions.wording import in_words

# A new procedure's legacy level follows its online class (the Decree 43/2011 levels reports still use).
LEVEL_OF_CLASS = {"toan_trinh": 4, "mot_phan": 3, "thong_tin": 2}


@dataclass
class Row:
    """One procedure on the index: what is in force, what is scheduled, which drafts are open."""

    procedure: object
    in_force: object
    scheduled: list
    open_drafts: list


def index_rows(now=None):
    """Every procedure in Vietnamese order of its name, and the drafts of procedures not yet created."""
    now = now or utcnow()
    open_drafts = list(
        CatalogueDraft.select().where(CatalogueDraft.status.in_(drafts.OPEN)).order_by(CatalogueDraft.id)
    )
    procedures = vi_sorted(Procedure.select(Procedure, Field).join(Field), name=lambda p: p.name)
    rows = []
    for procedure in procedures:
        in_force = procedure.rules_at(now)
        later = procedure.rule_sets.where(RuleSet.version > (in_force.version if in_force else 0))
        rows.append(
            Row(
                procedure,
                in_force,
                list(later.order_by(RuleSet.version)),
                [d for d in open_drafts if d.procedure_id == procedure.id],
            )
        )
    new = [d for d in open_drafts if d.procedure_id is None]
    return rows, new


def open_draft_of(procedure):
    """The draft of `procedure` already open (being edited, waiting or sent back), if any."""
    return (
        CatalogueDraft.select()
        .where((CatalogueDraft.procedure == procedure) & CatalogueDraft.status.in_(drafts.OPEN))
        .order_by(CatalogueDraft.id.desc())
        .first()
    )


def open_draft_by_code(code):
    return (
        CatalogueDraft.select()
        .where((CatalogueDraft.code == code) & CatalogueDraft.status.in_(drafts.OPEN))
        .order_by(CatalogueDraft.id.desc())
        .first()
    )


def new_bundle(values):
    """The smallest bundle the record checks accept, for a procedure typed in /moi: one channel, no
    fee, a one-step form with the applicant's name; the admin fills in the rest section by section."""
    return {
        "code": values["code"],
        "old_codes": [],
        "name": values["name"],
        "name_en": values.get("name_en") or "",
        "tier": values["tier"],
        "field": values["field"],
        "online_class": values["online_class"],
        "legacy_level": int(values.get("legacy_level") or LEVEL_OF_CLASS.get(values["online_class"], 2)),
        "rules": {
            "version": 1,
            "effective_from": local_today().isoformat(),
            "implementing_agency": values["implementing_agency"],
            "applicants": values.get("applicants") or "",
            "legal_bases": [],
            "steps": [],
            "channels": ["truc_tiep"],
            "documents": [],
            "time_limits": [],
            "cutoff_15h": False,
            "supplement_clock": "restart",
            "fees": [],
            "exemptions": [],
            "result": "",
            "conditions": [],
        },
        "form": {
            "title": values["name"],
            "title_en": "",
            "reference": "",
            "addressee": "",
            "steps": [
                {
                    "key": "nguoi_yeu_cau",
                    "title": "Người yêu cầu",
                    "title_en": "Applicant",
                    "fields": [
                        {
                            "name": "ho_ten",
                            "type": "text",
                            "label": "Họ, chữ đệm, tên",
                            "label_en": "Full name",
                            "required": True,
                        }
                    ],
                }
            ],
        },
    }


def form_spec(draft):
    """(definition, None) of the draft's tờ khai, or (None, the problem) when it does not read."""
    try:
        return FormSpec.from_dict((draft.bundle or {}).get("form") or {}), None
    except DefinitionError as exc:
        return None, exc


def register_numbers():
    """Every number of the register of legal documents, for the citation boxes' suggestions."""
    return [d.number for d in LegalDocument.select(LegalDocument.number).order_by(LegalDocument.number)]


@dataclass(frozen=True)
class Shown:
    """A problem as a page shows it: where, and what in the admin's words."""

    path: str
    message: str


def problems_shown(bundle, owns=None):
    """The bundle's problems in Vietnamese, only those `owns(path)` accepts when given."""
    return [Shown(p.path, in_words(p)) for p in problems(bundle) if owns is None or owns(p.path)]
