"""A new procedure approved for a later moment has its row at once, but citizens see it only from that
moment: not in search, field or tier counts, unit pages; its page and blank forms are 404 until then;
prerendering the blank forms skips it."""

import datetime

import pytest

from webapp.catalogue import services
from webapp.catalogue.tasks import prerender_blank_forms
from webapp.db import db, write_transaction
from webapp.models import Procedure, RuleSet, Unit
from webapp.models.dossier import utcnow
from webapp.versions.bundle import bundle_of
from webapp.versions.publish import apply_all_due, publish

BIRTH = "1.001193"
NEW = "1.999001"
NAME = "Thủ tục thử nghiệm chưa có hiệu lực"


@pytest.fixture
def scheduled(filing_app):
    """NEW published for tomorrow; yields the app with the counts from before."""
    with filing_app.test_request_context(), db.connection_context():
        before = (services.tier_counts(), {f.code: f.procedure_count for f in services.fields_with_counts()})
        bundle = bundle_of(Procedure.get(Procedure.code == BIRTH))
        bundle.update(code=NEW, old_codes=[], name=NAME)
        with write_transaction():
            publish(bundle, utcnow() + datetime.timedelta(days=1))
    return filing_app, before


def _listed(app):
    with app.test_request_context(), db.connection_context():
        procedure = Procedure.get(Procedure.code == NEW)
        unit = Unit.select().where(Unit.tier == procedure.tier).first()
        return {
            "search": NEW in [p.code for p in services.search("", procedure.field.code)],
            "unit": NEW in [p.code for _f, ps in services.procedures_for_unit(unit) for p in ps],
            "tiers": services.tier_counts(),
            "fields": {f.code: f.procedure_count for f in services.fields_with_counts()},
        }


def test_a_procedure_published_for_tomorrow_is_not_listed_yet(scheduled):
    app, (tiers, fields) = scheduled
    listed = _listed(app)
    assert not listed["search"] and not listed["unit"]
    assert listed["tiers"] == tiers and listed["fields"] == fields
    client = app.test_client()
    assert client.get(f"/thu-tuc/{NEW}").status_code == 404
    assert client.get(f"/thu-tuc/{NEW}/mau-don.pdf").status_code == 404
    assert client.get(f"/thu-tuc/{NEW}/nop-truc-tuyen").status_code == 404
    assert NAME not in client.get("/thu-tuc?q=thu+nghiem").get_data(as_text=True)
    with app.test_request_context(), db.connection_context():
        assert prerender_blank_forms.call_local([NEW]) == 0


def test_it_is_listed_from_its_moment(scheduled):
    app, (tiers, _fields) = scheduled
    with app.test_request_context(), db.connection_context():
        procedure = Procedure.get(Procedure.code == NEW)
        moment = utcnow() - datetime.timedelta(minutes=1)
        RuleSet.update(effective_at=moment, effective_from=moment.date()).where(
            RuleSet.procedure == procedure
        ).execute()
        apply_all_due()
        tier = procedure.tier
    listed = _listed(app)
    assert listed["search"] and listed["unit"] and listed["tiers"][tier] == tiers[tier] + 1
    client = app.test_client()
    assert NAME in client.get(f"/thu-tuc/{NEW}").get_data(as_text=True)
    assert client.get(f"/thu-tuc/{NEW}/mau-don.pdf").status_code == 200
    assert client.get(f"/thu-tuc/{NEW}/nop-truc-tuyen").status_code == 200
    assert NAME in client.get("/thu-tuc?q=thu+nghiem").get_data(as_text=True)
