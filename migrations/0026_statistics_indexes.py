"""Statistics at scale (issue 21): indexes that let a province's year be counted from the indexes alone.

Each leads with the moment the figures select on and carries the columns they group by, so the
database reads a range of one index instead of a million dossiers (benchmarks/README.md, Growth):
- received: the figures' received and online counts, the counter dossiers of the digitisation share;
- finished: the resolved dossiers classed against their due date, the dashboard's last 30 days;
- returned and paid: the e-results and online-payment shares;
- a desk's dossiers by status: the queues and the dashboard reach a desk's open dossiers without
  walking its closed ones (SQLite starts these queries from the desks, and each desk keeps a year of
  closed dossiers for every open one); a desk's results of the last 30 days (the dashboard).
"""

INDEXES = (
    ("dossier", ("received_at", "procedure_id", "channel", "agency_id")),
    ("dossier", ("finished_at", "procedure_id", "due_at", "new_due_at", "agency_id")),
    ("dossier", ("returned_at", "e_result", "agency_id")),
    ("dossier", ("paid_at", "payment_channel", "agency_id")),
    ("dossier", ("agency_id", "status")),
    ("dossier", ("agency_id", "finished_at")),
)


def up(db, migrator):
    from playhouse.migrate import migrate

    migrate(*(migrator.add_index(table, columns, False) for table, columns in INDEXES))


def down(db, migrator):
    from playhouse.migrate import make_index_name, migrate

    migrate(*(migrator.drop_index(table, make_index_name(table, columns)) for table, columns in INDEXES))
