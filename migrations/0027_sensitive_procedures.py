"""Sensitive procedures (issue 22): a rule set may mark its procedure sensitive (a death, a guardianship,
a civil-status change), and then SMS and public pages name only the procedure's field."""

from peewee import BooleanField


def up(db, migrator):
    from playhouse.migrate import migrate

    migrate(migrator.add_column("rule_set", "sensitive", BooleanField(default=False)))


def down(db, migrator):
    from playhouse.migrate import migrate

    migrate(migrator.drop_column("rule_set", "sensitive"))
