"""Personal data access (issue 22): the log of lists of applicants staff saw or downloaded, and the
audit tables made append-only in the database itself: UPDATE and DELETE on the view log, that list
log and the administrators' log are refused by triggers, whoever connects (SQLite and PostgreSQL).

A dossier or an account with rows in them can no longer be deleted either (their ON DELETE CASCADE or
SET NULL would change those rows): nothing deletes them; retention anonymises dossiers in place."""

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField, Model, PostgresqlDatabase, TextField

APPEND_ONLY = ("dossier_view", "personal_data_export", "admin_event")
REFUSAL = "append-only: rows of this table are never changed or deleted"


def _table(db):
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Staff(Base):
        pass

    class Unit(Base):
        pass

    class PersonalDataExport(Base):
        staff = ForeignKeyField(Staff)
        unit = ForeignKeyField(Unit, null=True)
        at = DateTimeField(index=True)
        what = CharField(max_length=24)
        filters = TextField()
        rows = IntegerField()
        ip = CharField(max_length=45, null=True)

    return PersonalDataExport


def _postgres_triggers(db):
    db.execute_sql(
        "CREATE OR REPLACE FUNCTION refuse_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN RAISE EXCEPTION USING MESSAGE = TG_TABLE_NAME || ': {REFUSAL}'; END $$"
    )
    for table in APPEND_ONLY:
        db.execute_sql(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION refuse_audit_change()"
        )
        db.execute_sql(
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION refuse_audit_change()"
        )


def _sqlite_triggers(db):
    for table in APPEND_ONLY:
        for event in ("UPDATE", "DELETE"):
            db.execute_sql(
                f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table}: {REFUSAL}'); END"
            )


def up(db, migrator):
    db.create_tables([_table(db)])
    if isinstance(db, PostgresqlDatabase):
        _postgres_triggers(db)
    else:
        _sqlite_triggers(db)


def down(db, migrator):
    postgres = isinstance(db, PostgresqlDatabase)
    for table in APPEND_ONLY:
        if postgres:
            db.execute_sql(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            db.execute_sql(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
        else:
            db.execute_sql(f"DROP TRIGGER IF EXISTS {table}_no_update")
            db.execute_sql(f"DROP TRIGGER IF EXISTS {table}_no_delete")
    if postgres:
        db.execute_sql("DROP FUNCTION IF EXISTS refuse_audit_change()")
    db.drop_tables([_table(db)])
