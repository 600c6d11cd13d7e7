"""A dossier's steps (table transition, the audit trail and the statistics' source) append-only in the
database itself, like the access logs of 0030: UPDATE and DELETE refused by triggers on SQLite and
PostgreSQL, whoever connects. Retention anonymises a dossier in place and never touches its steps."""

from peewee import PostgresqlDatabase

TABLE = "transition"
REFUSAL = "append-only: rows of this table are never changed or deleted"


def up(db, migrator):
    if isinstance(db, PostgresqlDatabase):  # refuse_audit_change() is 0030's
        db.execute_sql(
            f"CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE} "
            "FOR EACH ROW EXECUTE FUNCTION refuse_audit_change()"
        )
        db.execute_sql(
            f"CREATE TRIGGER {TABLE}_no_truncate BEFORE TRUNCATE ON {TABLE} "
            "FOR EACH STATEMENT EXECUTE FUNCTION refuse_audit_change()"
        )
        return
    for event in ("UPDATE", "DELETE"):
        db.execute_sql(
            f"CREATE TRIGGER {TABLE}_no_{event.lower()} BEFORE {event} ON {TABLE} "
            f"BEGIN SELECT RAISE(ABORT, '{TABLE}: {REFUSAL}'); END"
        )


def down(db, migrator):
    if isinstance(db, PostgresqlDatabase):
        db.execute_sql(f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE}")
        db.execute_sql(f"DROP TRIGGER IF EXISTS {TABLE}_no_truncate ON {TABLE}")
        return
    for event in ("update", "delete"):
        db.execute_sql(f"DROP TRIGGER IF EXISTS {TABLE}_no_{event}")
