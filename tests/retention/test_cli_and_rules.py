"""`flask retention run [--dry-run]` prints the report; the defaults in code are the migration's seed and
the privacy notice's order."""

import datetime
import importlib

from tests.retention.helpers import closed_dossier
from webapp.db import db
from webapp.models import Dossier, RetentionRule
from webapp.retention import rules
from webapp.retention.tasks import sweep_daily


def test_the_cli_prints_what_a_run_would_do_then_does_it(filing_app):
    with filing_app.test_request_context(), db.connection_context():
        old = closed_dossier(datetime.datetime.utcnow() - datetime.timedelta(days=4000))
    runner = filing_app.test_cli_runner()

    dry = runner.invoke(args=["retention", "run", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "dry run, nothing changed" in dry.output
    assert f"ho_so: 1, oldest {old.returned_at:%Y-%m-%d}" in dry.output and "otp: 0" in dry.output
    with filing_app.app_context(), db.connection_context():
        assert Dossier.get_by_id(old.id).applicant_name == old.applicant_name != ""

    real = runner.invoke(args=["retention", "run"])
    assert "swept" in real.output and "ho_so: 1," in real.output and "files removed: 2" in real.output
    with filing_app.app_context(), db.connection_context():
        assert Dossier.get_by_id(old.id).applicant_name == ""
    assert "ho_so: 0" in runner.invoke(args=["retention", "run"]).output


def test_the_daily_task_sweeps(filing_app):
    with filing_app.test_request_context(), db.connection_context():
        old = closed_dossier(datetime.datetime.utcnow() - datetime.timedelta(days=4000))
        assert sweep_daily.call_local()["ho_so"] == 1
        assert Dossier.get_by_id(old.id).applicant_name == ""


def test_the_migration_seeds_the_defaults_in_code(filing_app):
    seeded = importlib.import_module("migrations.0029_retention")
    in_code = {(d.kind, d.field_code, d.days, d.basis) for d in rules.DEFAULTS if not d.procedure_code}
    assert {tuple(row) for row in seeded.SEED} == in_code
    with filing_app.app_context(), db.connection_context():
        stored = {(r.kind, r.field_code, r.days, r.basis) for r in RetentionRule.select()}
    assert stored == in_code


def test_the_notice_lists_every_kind_in_order_with_its_source(filing_app):
    with filing_app.test_request_context(), db.connection_context():
        shown = rules.current_rules()
        assert [r.kind for r in shown if not r.field_code] == list(rules.KINDS)
        birth = next(r for r in shown if r.kind == rules.HO_SO and r.field_code == "HT")
        assert birth.days is None and "lĩnh vực Hộ tịch" in str(birth.label) and "Hộ tịch" in birth.basis
        assert all(r.basis for r in shown)
