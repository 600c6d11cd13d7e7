"""Creating and editing rows of the register of legal documents, each change in the admins' audit log."""

import datetime

from peewee import IntegrityError

from webapp import admin_log
from webapp.db import write_transaction
from webapp.legal.register import by_number
from webapp.models.legal import DOCUMENT_KEYS, LegalDocument

AREA = "van-ban"
EDITABLE = DOCUMENT_KEYS[1:]  # all but the number, which citations point at


class Refused(ValueError):
    """A value the register cannot take: `field` the form field to show it beside, `reason` one of
    taken (the number is already a row), unknown (a linked number is not), itself (a row pointing at
    itself), `number` the number at fault. The view words it at request time."""

    def __init__(self, field, reason, number):
        super().__init__(f"{field}: {reason} {number}")
        self.field, self.reason, self.number = field, reason, number


def values_of(form):
    """The form's answers as the model's columns."""
    values = {name: getattr(form, name).data for name in EDITABLE}
    values["replaced_by"] = values["replaced_by"] or None
    values["amended_by"] = list(values["amended_by"] or [])
    values["unconfirmed"] = bool(values["unconfirmed"])
    values["issuer"] = values["issuer"] or ""
    values["url"] = values["url"] or ""
    values["note"] = values["note"] or ""
    return values


def check_links(number, values):
    """The replacing and amending documents must already be in the register, and not be this one:
    the public page names and links them."""
    linked = [("replaced_by", values["replaced_by"])] if values["replaced_by"] else []
    linked += [("amended_by", other) for other in values["amended_by"]]
    for field, other in linked:
        if other == number:
            raise Refused(field, "itself", other)
        if by_number(other) is None:
            raise Refused(field, "unknown", other)


def create(staff, number, values):
    """A new row, once its number is free and its links known."""
    check_links(number, values)
    try:
        with write_transaction():
            if by_number(number) is not None:
                raise Refused("number", "taken", number)
            document = LegalDocument.create(number=number, source="manual", **values)
            admin_log.record(staff, AREA, "tao", number, **_loggable(values))
    except IntegrityError as exc:  # the same number saved by someone else a moment ago
        raise Refused("number", "taken", number) from exc
    return document


def update(staff, document, values):
    """Write the changed columns only, and log them with their old and new values; nothing changed, no log."""
    check_links(document.number, values)
    changed = {name: value for name, value in values.items() if getattr(document, name) != value}
    if not changed:
        return {}
    with write_transaction():
        before = {name: getattr(document, name) for name in changed}
        for name, value in changed.items():
            setattr(document, name, value)
        document.source = "manual"  # the seed no longer writes over it
        document.save(only=[*(getattr(LegalDocument, name) for name in changed), LegalDocument.source])
        details = {name: {"truoc": before[name], "sau": value} for name, value in changed.items()}
        admin_log.record(staff, AREA, "sua", document.number, **_loggable(details))
    return changed


def _loggable(value):
    """Dates as ISO text, so the audit log's JSON can keep them."""
    if isinstance(value, dict):
        return {k: _loggable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_loggable(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value
