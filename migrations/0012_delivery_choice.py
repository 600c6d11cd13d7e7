"""Result delivery chosen at filing: the draft keeps the choice, the dossier the channel, the post's
recipient and phone, and the postage quoted."""

from peewee import CharField, IntegerField, TextField
from playhouse.migrate import migrate

DOSSIER_COLUMNS = {
    "delivery_channel": CharField(max_length=16, null=True),
    "delivery_recipient": CharField(max_length=120, default=""),
    "delivery_phone": CharField(max_length=16, default=""),
    "postage": IntegerField(default=0),
}


def up(db, migrator):
    migrate(
        *(migrator.add_column("dossier", name, field) for name, field in DOSSIER_COLUMNS.items()),
        migrator.add_column("draft", "delivery", TextField(default="{}")),
    )


def down(db, migrator):
    migrate(
        migrator.drop_column("draft", "delivery"),
        *(migrator.drop_column("dossier", name) for name in DOSSIER_COLUMNS),
    )
