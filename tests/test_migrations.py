"""Migrations: `flask db …`, and a failure whenever the models and the migrations disagree."""

from webapp import migrate
from webapp.db import db
from webapp.models import ALL_MODELS


def _columns(database, table):
    return {c.name: c.null for c in database.get_columns(table)}


def _unique_sets(database, table):
    return {tuple(sorted(i.columns)) for i in database.get_indexes(table) if i.unique}


def test_models_and_migrations_agree(migrated_app):
    database = migrated_app.extensions["database"]
    with db.connection_context():
        tables = set(database.get_tables()) - {"migration_history"}
        assert tables == {m._meta.table_name for m in ALL_MODELS}
        for model in ALL_MODELS:
            table = model._meta.table_name
            expected = {f.column_name: f.null for f in model._meta.sorted_fields}
            assert _columns(database, table) == expected, f"{table}: columns differ from the model"
            expected_unique = {(f.column_name,) for f in model._meta.sorted_fields if f.unique}
            expected_unique |= {
                tuple(sorted(model._meta.fields[n].column_name for n in fields))
                for fields, unique in model._meta.indexes
                if unique
            }
            assert expected_unique <= _unique_sets(database, table), f"{table}: unique constraints differ"


def test_up_and_down_round_trip(empty_app):
    runner = empty_app.test_cli_runner()
    result = runner.invoke(args=["db", "status"])
    assert "[ ] 0001_catalogue" in result.output and "[ ] 0002_filing" in result.output
    assert "applied 0001_catalogue" in runner.invoke(args=["db", "up"]).output
    assert "up to date" in runner.invoke(args=["db", "up"]).output
    assert "[x] 0001_catalogue" in runner.invoke(args=["db", "status"]).output
    every = str(len(migrate.available()))
    assert "reverted 0001_catalogue" in runner.invoke(args=["db", "down", "--steps", every]).output
    with db.connection_context():
        assert migrate.pending() == migrate.available()
        assert not db.table_exists("procedure")


def test_create_writes_the_next_numbered_migration(tmp_path):
    (tmp_path / "0001_first.py").write_text("def up(db, m): pass\ndef down(db, m): pass\n")
    path = migrate.create("Add SMS outbox!", directory=tmp_path)
    assert path.name == "0002_add_sms_outbox.py"
    assert "def up(db, migrator)" in path.read_text()
