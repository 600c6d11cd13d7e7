"""The consents a citizen gave for optional data (e-mail, SMS reminders), for their copy of their data.

The Consent model is another change's (issue 22); until the app has one, there is nothing to copy and
`consents_of` says so with None. Its rows are read by whichever of dossier, draft, phone and citizen key
the model links them with, and copied column by column, so this needs no change when it gains one.
"""

import datetime
import functools
import operator

from webapp import models
from webapp.calendar.working_time import LOCAL_ZONE

LINKS = ("dossier", "draft", "phone", "citizen_key")


def consents_of(dossiers, drafts):
    """[{column: value}] of the consents recorded for these dossiers and drafts, their phones and
    citizens, oldest first; None when the app records no consents."""
    model = getattr(models, "Consent", None)
    if model is None:
        return None
    conditions = [
        getattr(model, link).in_(values)
        for link, values in _wanted(dossiers, drafts).items()
        if link in model._meta.fields and values
    ]
    if not conditions:
        return []
    rows = model.select().where(functools.reduce(operator.or_, conditions)).order_by(model.id)
    return [_record(row, model) for row in rows]


def _wanted(dossiers, drafts):
    return {
        "dossier": [d.id for d in dossiers],
        "draft": [d.id for d in drafts],
        "phone": sorted({d.applicant_phone for d in dossiers} | {d.phone for d in drafts if d.phone}),
        "citizen_key": sorted({d.citizen_key for d in (*dossiers, *drafts) if d.citizen_key}),
    }


def _record(row, model):
    return {name: _plain(row.__data__.get(name)) for name in model._meta.fields if name != "id"}


def _plain(value):
    if isinstance(value, datetime.datetime):
        return value.replace(tzinfo=datetime.UTC).astimezone(LOCAL_ZONE).isoformat(timespec="seconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value
