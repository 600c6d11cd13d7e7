"""Who in the administration opened a dossier, as its applicant may learn it (Law 91/2025, the data
subject's right to know who processed their data): the unit and the role, never the officer's name or
address. Read from the officers' view log (DossierView), newest first."""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from webapp.identity.services import ROLE_LABELS
from webapp.models import DossierView, Staff, StaffUnit, Unit

# What an officer opened (DossierView.what), in the applicant's words.
OPENED = {
    "page": _l("Mở trang hồ sơ"),
    "mau-01": _l("Xem giấy tiếp nhận hồ sơ (mẫu 01)"),
    "mau-06": _l("Xem phiếu kiểm soát quá trình giải quyết (mẫu 06)"),
    "tep": _l("Tải tệp đính kèm"),
    "tep-goc": _l("Tải tệp gốc của giấy tờ dùng lại"),
    "nhat-ky": _l("Xem nhật ký hồ sơ"),
    "to-khai.pdf": _l("Xem tờ khai (PDF)"),
    "bien-lai": _l("Xem biên lai thu phí"),
}
OFFICER = _l("Cán bộ")  # a role no longer known


@dataclass(frozen=True)
class Opening:
    """One time an officer opened the dossier: when (naive UTC), which units, which role, what."""

    dossier_id: int
    at: object
    units: tuple
    role: str
    what: str

    @property
    def unit(self):
        return ", ".join(self.units)


def opened_label(what):
    """What was opened: a page, a file, a paper (mau-0N) as a page or as PDF."""
    if what in OPENED:
        return str(OPENED[what])
    if what.startswith("mau-"):
        number, _dot, kind = what[4:].partition(".")
        return str(_l("Xem mẫu %(n)s (PDF)", n=number) if kind == "pdf" else _l("Xem mẫu %(n)s", n=number))
    return what


def openings_of(dossiers):
    """{dossier id: [Opening, newest first]} for `dossiers` (with their agency joined): two queries."""
    by_id = {dossier.id: dossier for dossier in dossiers}
    if not by_id:
        return {}
    views = list(
        DossierView.select(DossierView.dossier, DossierView.at, DossierView.what, Staff.id, Staff.role)
        .join(Staff)
        .where(DossierView.dossier.in_(list(by_id)))
        .order_by(DossierView.at.desc(), DossierView.id.desc())
    )
    units = units_of_staff({view.staff.id for view in views})
    found = {dossier_id: [] for dossier_id in by_id}
    for view in views:
        dossier = by_id[view.dossier_id]
        found[view.dossier_id].append(
            Opening(
                dossier_id=dossier.id,
                at=view.at,
                units=tuple(name for _id, name in ordered_units(units.get(view.staff.id, []), dossier)),
                role=str(ROLE_LABELS.get(view.staff.role, OFFICER)),
                what=opened_label(view.what),
            )
        )
    return found


def units_of_staff(staff_ids):
    """{staff id: [(unit id, unit full name)]}: one query."""
    if not staff_ids:
        return {}
    links = (
        StaffUnit.select(StaffUnit.staff, Unit.id, Unit.full_name)
        .join(Unit)
        .where(StaffUnit.staff.in_(list(staff_ids)))
        .order_by(Unit.full_name, Unit.id)
    )
    found = {}
    for link in links:
        found.setdefault(link.staff_id, []).append((link.unit.id, link.unit.full_name))
    return found


def ordered_units(units, dossier):
    """The officer's units, those the dossier belongs to (its desk's, the one handling it) first."""
    own = {dossier.agency.unit_id, dossier.handling_unit_id}
    return sorted(units, key=lambda unit: unit[0] not in own)
