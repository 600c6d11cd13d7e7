"""Signed-in citizens and the results issued to them, for the tests of "Hồ sơ của tôi", "Giấy tờ của
tôi" and the reuse of a result in a later filing."""

import datetime
import hashlib
import secrets

from tests.factories import make_draft
from webapp.db import db
from webapp.dossiers.drafts import spec_of
from webapp.dossiers.files import write_file
from webapp.identity import citizen as citizens
from webapp.models import Attachment, Dossier
from webapp.models.dossier import utcnow
from webapp.workflow.intake import submit

ISSUER = "https://vneid.example/demo"


def person(key):
    return citizens.demo_citizen(key)


def key_of(app, who):
    with app.app_context():
        return citizens.subject_key(person(who)["sub"])


def sign_in(client, app, who="lan"):
    """Give the client the session of the demo citizen `who`, as the sign-in would; returns their key."""
    with app.app_context():
        values = citizens.session_values(ISSUER, person(who)["sub"], citizens.claims_from(person(who)))
    with client.session_transaction() as session:
        session.update(values)
    return values[citizens.SESSION_KEY]["key"]


def filed_by(app, key, status="cho_tiep_nhan", submitted_days_ago=0, **columns):
    """A dossier filed online by the citizen of `key` (signed in), moved straight to `status`."""
    with app.app_context(), db.connection_context():
        draft = make_draft(citizen_key=key, identity={"full_name": "x"})
        dossier = submit(draft, spec_of(draft))[0]
        when = utcnow() - datetime.timedelta(days=submitted_days_ago)
        Dossier.update(status=status, citizen_key=key, submitted_at=when, **columns).where(
            Dossier.id == dossier.id
        ).execute()
        return Dossier.get_by_id(dossier.id)


def returned_online(app, key, data=None, **columns):
    """(dossier of `key` returned online, its signed result with a verification code)."""
    dossier = filed_by(app, key, "da_tra_ket_qua", return_channel="truc_tuyen", returned_at=utcnow(), **columns)
    return dossier, stored_result(app, dossier, data)


def stored_result(app, dossier, data=None):
    """The leader's signed PDF on the dossier, with its verification code, as the approval stores it."""
    data = data or b"%PDF-1.4 trich luc " + secrets.token_hex(4).encode() + b"\n%%EOF\n"
    with app.app_context(), db.connection_context():
        stored_name = secrets.token_hex(16) + ".pdf"
        write_file(data, stored_name)
        return Attachment.create(
            dossier=dossier.id,
            document_index=-1,
            original_name="trich-luc-khai-sinh.pdf",
            stored_name=stored_name,
            content_type="application/pdf",
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            kind="ket_qua",
            verify_code=secrets.token_urlsafe(12),
        )
