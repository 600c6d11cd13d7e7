"""SQL built once per database kind, for the few statements on the submission hot path.

Generating SQL costs peewee more CPU than SQLite needs to run it; on the path that has to
take hundreds of submissions a second, each statement's text is made once and reused.
Everything else uses peewee queries as usual.
"""

from webapp.db import db

_selects = {}
_inserts = {}


def prepared_select(key, build, values):
    """Rows of build(*markers) with `values` in place of the markers, as peewee objects (joins and all).

    `build` takes one marker string per value and returns a peewee select using them as plain
    comparison values; the SQL is generated on first use only.
    """
    cache_key = (key, type(db.obj))
    entry = _selects.get(cache_key)
    if entry is None:
        markers = [f"\x00hot{i}\x00" for i in range(len(values))]
        query = build(*markers)
        sql, params = query.sql()
        # Each parameter is either one of the markers (filled per call) or a constant (LIMIT 1).
        slots = [(markers.index(p), None) if p in markers else (None, p) for p in params]
        entry = _selects[cache_key] = (query, sql, slots)
    query, sql, slots = entry
    cursor = db.execute_sql(sql, [constant if index is None else values[index] for index, constant in slots])
    return list(query._get_cursor_wrapper(cursor))


def insert_returning_id(model, values):
    """INSERT one row and return its id; values by field name, defaults filled and converted as peewee would."""
    values = _with_defaults(model, values)
    names = tuple(values)
    cache_key = (model, names, type(db.obj))
    sql = _inserts.get(cache_key)
    if sql is None:
        fields = [model._meta.fields[name] for name in names]
        columns = ", ".join(f'"{field.column_name}"' for field in fields)
        marks = ", ".join([db.obj.param] * len(fields))
        sql = _inserts[cache_key] = (
            f'INSERT INTO "{model._meta.table_name}" ({columns}) VALUES ({marks}) RETURNING "id"'
        )
    params = [model._meta.fields[name].db_value(values[name]) for name in names]
    return db.execute_sql(sql, params).fetchone()[0]


def _with_defaults(model, values):
    """The model's Python-side defaults for the fields `values` leaves out (columns added by a later
    migration are NOT NULL without a database default)."""
    missing = {
        name: field.default() if callable(field.default) else field.default
        for name, field in model._meta.fields.items()
        if name not in values and field.default is not None
    }
    return missing | values
