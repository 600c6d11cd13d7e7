"""Write and read the administrators' audit log (webapp.models.audit.AdminEvent)."""

from webapp.models.audit import AdminEvent
from webapp.models.dossier import utcnow


def record(staff, area, action, subject, **details):
    """Log one administrator's change; call it inside the transaction that makes the change."""
    return AdminEvent.create(
        staff=staff.id if staff is not None else None,
        at=utcnow(),
        area=area,
        action=action,
        subject=str(subject)[:64],
        details=details,
    )


def events(area=None, subject=None, limit=200):
    """The newest first, optionally of one area and one subject."""
    query = AdminEvent.select().order_by(AdminEvent.at.desc(), AdminEvent.id.desc())
    if area is not None:
        query = query.where(AdminEvent.area == area)
    if subject is not None:
        query = query.where(AdminEvent.subject == str(subject))
    return list(query.limit(limit))
