"""Write and read the administrators' audit log (webapp.models.audit.AdminEvent), and keep what any
audit row (AdminEvent, a dossier's Transition) holds of a person to the minimum (`minimised`)."""

import re

from webapp.models.audit import AdminEvent
from webapp.models.dossier import utcnow
from webapp.text import mask_id

# A CMND (9 digits) or a CCCD / personal identification number (12 digits) standing alone; phone
# numbers (10 digits) stay, as do codes with letters around their digits (EB123456789VN).
IDENTITY_NUMBER = re.compile(r"(?<![0-9A-Za-z])(\d{9}|\d{12})(?![0-9A-Za-z])")
# Keys whose values are references of a payment or a parcel, not of a person, kept whole to be traced.
REFERENCES = {"txn_ref", "transaction_no", "tracking"}
# Keys that would carry a form's answers: an audit row says what was done, not what was declared.
ANSWERS = {"answers", "form_answers"}


def masked_numbers(text):
    """`text` with every identity number shown by its last three digits (as lists show them)."""
    return IDENTITY_NUMBER.sub(lambda found: mask_id(found.group()), text)


def minimised(value, key=None):
    """An audit row's details or note with identity numbers masked and form answers left out, at any depth."""
    if isinstance(value, str):
        return value if key in REFERENCES else masked_numbers(value)
    if isinstance(value, dict):
        return {k: minimised(v, k) for k, v in value.items() if k not in ANSWERS}
    if isinstance(value, (list, tuple)):
        return [minimised(item, key) for item in value]
    return value


def record(staff, area, action, subject, **details):
    """Log one administrator's change; call it inside the transaction that makes the change."""
    return AdminEvent.create(
        staff=staff.id if staff is not None else None,
        at=utcnow(),
        area=area,
        action=action,
        subject=str(subject)[:64],
        details=minimised(details),
    )


def events(area=None, subject=None, limit=200):
    """The newest first, optionally of one area and one subject."""
    query = AdminEvent.select().order_by(AdminEvent.at.desc(), AdminEvent.id.desc())
    if area is not None:
        query = query.where(AdminEvent.area == area)
    if subject is not None:
        query = query.where(AdminEvent.subject == str(subject))
    return list(query.limit(limit))
