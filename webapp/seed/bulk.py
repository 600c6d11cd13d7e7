"""Writing many rows of a model at once, for `flask seed --synthetic`: the driver's executemany on
SQLite, COPY on PostgreSQL (ten times faster than INSERTs there), always with explicit ids.

Rows are dicts by column name; a column left out gets its model default; moments come as text
("2026-01-05 02:30:00", stored UTC), which both databases read as their own. Peewee's insert_many would
do the same but spends longer building the SQL text of a million rows than the database spends
storing them.
"""

import datetime
import io
import json
from contextlib import contextmanager

from peewee import fn

from webapp.db import db, is_postgres
from webapp.models.fields import JSONField


class Table:
    """One model's columns, their defaults and how each value is written."""

    def __init__(self, model):
        self.model = model
        self.name = model._meta.table_name
        self.fields = model._meta.sorted_fields
        self.columns = [f.column_name for f in self.fields]
        self.pairs = [(f.column_name, _default(f)) for f in self.fields]
        self.json = [i for i, f in enumerate(self.fields) if isinstance(f, JSONField)]

    def next_id(self):
        return (self.model.select(fn.MAX(self.model.id)).scalar() or 0) + 1

    def values(self, row):
        """The row's values in column order, JSON as text."""
        found = [row.get(column, default) for column, default in self.pairs]
        for i in self.json:
            if found[i] is not None and not isinstance(found[i], str):
                found[i] = json.dumps(found[i], ensure_ascii=False, sort_keys=True)
        return found

    def write(self, rows):
        """Insert `rows` (inside the caller's transaction)."""
        if not rows:
            return
        if is_postgres():
            self._copy(rows)
        else:
            marks = ", ".join("?" * len(self.columns))
            names = ", ".join(f'"{c}"' for c in self.columns)
            cursor = db.connection().cursor()
            cursor.executemany(f'INSERT INTO "{self.name}" ({names}) VALUES ({marks})', map(self.values, rows))

    def _copy(self, rows):
        buffer = io.StringIO()
        for row in rows:
            buffer.write("\t".join(map(_copy_value, self.values(row))))
            buffer.write("\n")
        buffer.seek(0)
        names = ", ".join(f'"{c}"' for c in self.columns)
        with db.connection().cursor() as cursor:
            cursor.copy_expert(f'COPY "{self.name}" ({names}) FROM STDIN', buffer)

    def after(self):
        """PostgreSQL's id sequence moved past the explicit ids, so later inserts do not collide."""
        if is_postgres():
            db.execute_sql(
                f"SELECT setval(pg_get_serial_sequence('\"{self.name}\"', 'id'), "
                f'(SELECT COALESCE(MAX(id), 0) + 1 FROM "{self.name}"), false)'
            )


@contextmanager
def indexes_set_aside(*tables):
    """Drop the tables' plain (not unique) indexes and build them again at the end: a million rows
    sorted once into each index instead of inserted one by one at random places (codes, phones and
    id numbers are random), which is several times faster."""
    kept = [index for table in tables for index in db.get_indexes(table.name) if not index.unique]
    for index in kept:
        db.execute_sql(f'DROP INDEX "{index.name}"')
    try:
        yield
    finally:
        for index in kept:
            db.execute_sql(index.sql)


def _default(field):
    if field.default is None:
        return None
    if callable(field.default):
        value = field.default()
        return None if isinstance(value, datetime.datetime) else value
    return field.default


def _copy_value(value):
    """COPY's text format: \\N for NULL, t/f, backslashes and control characters escaped."""
    if value is None:
        return "\\N"
    if value is True or value is False:
        return "t" if value else "f"
    if isinstance(value, datetime.datetime):
        return value.isoformat(" ")
    text = str(value)
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return text
