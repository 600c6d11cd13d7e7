"""The access logs, the administrators' log and the dossiers' steps refuse UPDATE and DELETE in the database itself, on
SQLite and on PostgreSQL (run with TEST_DATABASE_URL for the latter), whoever connects."""

import pytest
from peewee import DatabaseError

from tests.staff_login import new_staff
from tests.walks import filed
from webapp import admin_log
from webapp.db import db
from webapp.models import AdminEvent, Dossier, DossierView, Staff, Transition
from webapp.models.access import PersonalDataExport


@pytest.fixture
def logged(filing_app):
    """One row in each append-only table, with the dossier and the officer they name."""
    dossier = filed(filing_app)
    staff = new_staff(filing_app, "mc.chighi")
    with filing_app.app_context(), db.connection_context():
        view = DossierView.create(dossier=dossier.id, staff=staff.id, what="page", ip="10.0.0.1")
        export = PersonalDataExport.create(staff=staff.id, what="so-theo-doi.csv", rows=3, filters={"tu": "2026-12-01"})
        event = admin_log.record(staff, "lich", "add", "18073", day="2026-12-24")
        step = Transition.select().where(Transition.dossier == dossier.id).first()
    ids = {DossierView: view.id, PersonalDataExport: export.id, AdminEvent: event.id, Transition: step.id}
    return filing_app, dossier, staff, ids


def refused(change):
    """True when the database refuses `change` (its transaction rolled back, the connection usable)."""
    try:
        with db.atomic():
            change()
    except DatabaseError:
        return True
    return False


CHANGES = {
    DossierView: {"what": "khac"},
    PersonalDataExport: {"rows": 0},
    AdminEvent: {"action": "remove"},
    Transition: {"note": "sửa lại"},
}


@pytest.mark.parametrize("model", list(CHANGES), ids=lambda m: m.__name__)
def test_a_logged_row_can_be_neither_changed_nor_deleted(logged, model):
    app, _dossier, _staff, ids = logged
    row_id = ids[model]
    with app.app_context(), db.connection_context():
        before = model.select().where(model.id == row_id).dicts().get()
        assert refused(lambda: model.update(**CHANGES[model]).where(model.id == row_id).execute())
        assert refused(lambda: model.delete().where(model.id == row_id).execute())
        assert refused(lambda: db.execute_sql(f"DELETE FROM {model._meta.table_name}"))
        assert model.select().where(model.id == row_id).dicts().get() == before


def test_a_new_row_is_still_written(logged):
    app, dossier, staff, _ids = logged
    with app.app_context(), db.connection_context():
        DossierView.create(dossier=dossier.id, staff=staff.id, what="tep")
        assert DossierView.select().where(DossierView.dossier == dossier.id).count() == 2


def test_a_dossier_or_an_officer_with_logged_reads_cannot_be_deleted(logged):
    """Their ON DELETE CASCADE / SET NULL would rewrite the log: the database refuses the whole delete."""
    app, dossier, staff, _ids = logged
    with app.app_context(), db.connection_context():
        assert refused(lambda: Dossier.delete().where(Dossier.id == dossier.id).execute())
        assert refused(lambda: Staff.delete().where(Staff.id == staff.id).execute())
        assert Dossier.get_or_none(Dossier.id == dossier.id) and Staff.get_or_none(Staff.id == staff.id)
