"""Lookups in the register of legal documents: by number, in force on a day, status on a day."""

import datetime
from dataclasses import dataclass

from webapp.forms_engine.dates import local_today
from webapp.models.legal import LegalDocument
from webapp.text import fold

# Within this many days of its expiry a cited document puts its procedures on the review list.
EXPIRY_WARNING_DAYS = 60

IN_FORCE, NOT_YET, EXPIRED, REPLACED, EXPIRING = "in_force", "not_yet", "expired", "replaced", "expiring"
STATUSES = (IN_FORCE, NOT_YET, EXPIRING, EXPIRED, REPLACED)
# What makes a citation a problem on the day (EXPIRING only when a window is asked for).
OUT_OF_FORCE = (EXPIRED, REPLACED)


@dataclass(frozen=True)
class Status:
    """A document's standing on `day`: `code` one of STATUSES; `until` its expiry (if any);
    `successor` the number that replaced it; `days_left` before expiry when EXPIRING."""

    code: str
    day: datetime.date
    until: datetime.date | None = None
    successor: str | None = None
    days_left: int | None = None

    @property
    def needs_attention(self):
        return self.code in (*OUT_OF_FORCE, EXPIRING)


def by_number(number):
    """The register row for a number ("123/2015/NĐ-CP"), or None; spaces around it do not matter."""
    return LegalDocument.get_or_none(LegalDocument.number == (number or "").strip())


def by_numbers(numbers):
    """{number: row} for the numbers that are in the register, in one query."""
    wanted = {n.strip() for n in numbers if n}
    if not wanted:
        return {}
    return {d.number: d for d in LegalDocument.select().where(LegalDocument.number.in_(wanted))}


def status_on(document, day, within=0):
    """Where `document` stands on `day`; with `within` days, an expiry that close is EXPIRING."""
    if document.effective_from and day < document.effective_from:
        return Status(NOT_YET, day, until=document.expires_on)
    if document.expires_on and day >= document.expires_on:
        code = REPLACED if document.replaced_by else EXPIRED
        return Status(code, day, until=document.expires_on, successor=document.replaced_by)
    if document.expires_on and (document.expires_on - day).days <= within:
        left = (document.expires_on - day).days
        return Status(EXPIRING, day, until=document.expires_on, successor=document.replaced_by, days_left=left)
    return Status(IN_FORCE, day, until=document.expires_on, successor=document.replaced_by)


def expiring_within(document, day, days=EXPIRY_WARNING_DAYS):
    """True when the document is still in force on `day` but ends within `days` days."""
    return status_on(document, day, within=days).code == EXPIRING


def in_force_on(day):
    """The documents in force on `day` (effective, not yet expired), by number."""
    query = LegalDocument.select().where(
        (LegalDocument.effective_from.is_null() | (LegalDocument.effective_from <= day))
        & (LegalDocument.expires_on.is_null() | (LegalDocument.expires_on > day))
    )
    return query.order_by(LegalDocument.number)


def amendments_on(document, day):
    """The documents amending part of `document` that are already in force on `day`."""
    found = by_numbers(document.amended_by or [])
    return [found[n] for n in document.amended_by or [] if n in found and status_on(found[n], day).code != NOT_YET]


def search(text="", status="", day=None, within=EXPIRY_WARNING_DAYS):
    """The register for the admin list, newest issued first, with each row's status on `day`: rows
    whose number or title contains `text` (accent- and case-blind; the register is a few hundred rows
    at most, so it is matched here rather than in SQL), optionally only those with `status`."""
    day = day or local_today()
    wanted = fold(text.strip())
    rows = sorted(LegalDocument.select(), key=lambda d: (-(d.issued_on or datetime.date.min).toordinal(), d.number))
    pairs = [(row, status_on(row, day, within=within)) for row in rows]
    return [
        (row, st)
        for row, st in pairs
        if (not wanted or wanted in fold(f"{row.number} {row.title}")) and (not status or st.code == status)
    ]
