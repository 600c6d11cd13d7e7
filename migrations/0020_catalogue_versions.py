"""Catalogue versions (issue 18): drafts a second administrator approves, and a rule set's moment of
taking effect and the mức-1 items it brings."""

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField, Model, TextField


def _tables(db):
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Procedure(Base):
        pass

    class RuleSet(Base):
        pass

    class Staff(Base):
        class Meta:
            table_name = "staff"

    class CatalogueDraft(Base):
        procedure = ForeignKeyField(Procedure, null=True, on_delete="CASCADE")
        code = CharField(max_length=16, index=True)
        bundle = TextField()
        base_version = IntegerField(null=True)
        status = CharField(max_length=16, index=True)
        source = CharField(max_length=16)
        created_by = ForeignKeyField(Staff, null=True, on_delete="SET NULL")
        created_at = DateTimeField()
        updated_by = ForeignKeyField(Staff, null=True, on_delete="SET NULL")
        updated_at = DateTimeField()
        decided_by = ForeignKeyField(Staff, null=True, on_delete="SET NULL")
        decided_at = DateTimeField(null=True)
        decision_note = TextField(default="")
        effective_at = DateTimeField(null=True)
        rule_set = ForeignKeyField(RuleSet, null=True, on_delete="SET NULL")

    return CatalogueDraft


def up(db, migrator):
    from playhouse.migrate import migrate

    migrate(
        migrator.add_column("rule_set", "effective_at", DateTimeField(null=True)),
        migrator.add_column("rule_set", "items", TextField(null=True)),
    )
    db.create_tables([_tables(db)])


def down(db, migrator):
    from playhouse.migrate import migrate

    db.drop_tables([_tables(db)])
    migrate(migrator.drop_column("rule_set", "items"), migrator.drop_column("rule_set", "effective_at"))
