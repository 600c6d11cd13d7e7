"""Numbered migrations (migrations/NNNN_slug.py, each with up/down) on peewee's SchemaMigrator."""

import datetime
import importlib.util
import re
from pathlib import Path

from peewee import CharField, DateTimeField, Model
from playhouse.migrate import SchemaMigrator

from webapp.config import ROOT
from webapp.db import db

MIGRATIONS_DIR = ROOT / "migrations"
NAME_RE = re.compile(r"^(\d{4})_[a-z0-9_]+\.py$")

TEMPLATE = '''"""{title}"""


def up(db, migrator):
    pass


def down(db, migrator):
    pass
'''


class MigrationHistory(Model):
    name = CharField(primary_key=True, max_length=128)
    applied_at = DateTimeField(default=datetime.datetime.utcnow)

    class Meta:
        database = db
        table_name = "migration_history"


def available(directory=MIGRATIONS_DIR):
    """Migration names in order, from the files on disk."""
    return sorted(p.stem for p in Path(directory).glob("*.py") if NAME_RE.match(p.name))


def applied():
    if not db.table_exists(MigrationHistory._meta.table_name):
        return []
    return [m.name for m in MigrationHistory.select().order_by(MigrationHistory.name)]


def pending(directory=MIGRATIONS_DIR):
    done = set(applied())
    return [name for name in available(directory) if name not in done]


def _load(name, directory):
    spec = importlib.util.spec_from_file_location(f"migrations.{name}", Path(directory) / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def upgrade(directory=MIGRATIONS_DIR):
    """Apply every pending migration, each in its own transaction; return their names."""
    db.create_tables([MigrationHistory], safe=True)
    done = []
    for name in pending(directory):
        with db.atomic():
            _load(name, directory).up(db.obj, SchemaMigrator.from_database(db.obj))
            MigrationHistory.create(name=name)
        done.append(name)
    return done


def downgrade(steps=1, directory=MIGRATIONS_DIR):
    """Undo the newest `steps` applied migrations; return their names."""
    undone = []
    for name in list(reversed(applied()))[:steps]:
        with db.atomic():
            _load(name, directory).down(db.obj, SchemaMigrator.from_database(db.obj))
            MigrationHistory.delete().where(MigrationHistory.name == name).execute()
        undone.append(name)
    return undone


def create(slug, directory=MIGRATIONS_DIR):
    """Write an empty, numbered migration file and return its path."""
    slug = re.sub(r"[^a-z0-9]+", "_", slug.lower()).strip("_") or "change"
    number = len(available(directory)) + 1
    path = Path(directory) / f"{number:04d}_{slug}.py"
    path.write_text(TEMPLATE.format(title=slug.replace("_", " ").capitalize()))
    return path
