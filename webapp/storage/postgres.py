"""The scale-out store: files as chunked rows in PostgreSQL, which every web host reaches.

Large objects would need their own clean-up (vacuumlo) and are not copied by a plain pg_dump of a
table; rows of bytea chunks are ordinary data: transactional, dumped and restored with the rest.
A file is written in one transaction (readers see all of it or none) and read one chunk per
query, so neither side holds a whole file in memory or a transaction open while a phone downloads.
"""

import io
import threading

import psycopg2

CHUNK = 256 * 1024
NAMES_PAGE = 1000
SCHEMA = """
CREATE TABLE IF NOT EXISTS stored_file (
    area text NOT NULL, name text NOT NULL, size bigint NOT NULL, chunks integer NOT NULL,
    modified_at timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'UTC'), PRIMARY KEY (area, name));
CREATE TABLE IF NOT EXISTS stored_chunk (
    area text NOT NULL, name text NOT NULL, seq integer NOT NULL, data bytea NOT NULL,
    PRIMARY KEY (area, name, seq));
"""


class PostgresStore:
    kind = "postgres"

    def __init__(self, url, area):
        self.url, self.area = url, area
        self._local = threading.local()
        self._opened = []  # every thread's connection, for close()
        self._schema_ready = False

    def _conn(self):
        conn = getattr(self._local, "conn", None)
        if conn is None or conn.closed:
            conn = psycopg2.connect(self.url)
            self._local.conn = conn
            self._opened.append(conn)
            if not self._schema_ready:
                with conn, conn.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_xact_lock(7263)")  # two hosts starting at once
                    cursor.execute(SCHEMA)
                self._schema_ready = True
        return conn

    def _run(self, work, retry=True):
        """work(cursor) in one transaction; a connection the server dropped is replaced, once."""
        for attempt in (1, 2):
            conn = self._conn()
            try:
                with conn, conn.cursor() as cursor:
                    return work(cursor)
            except (psycopg2.OperationalError, psycopg2.InterfaceError):
                conn.close()
                if attempt == 2 or not retry:
                    raise

    def put(self, name, data):
        from webapp.storage import valid_name

        valid_name(name)
        source = io.BytesIO(data) if isinstance(data, (bytes, bytearray, memoryview)) else data
        start = source.tell() if source.seekable() else None

        def write(cursor):
            if start is not None:
                source.seek(start)
            cursor.execute("DELETE FROM stored_chunk WHERE area = %s AND name = %s", (self.area, name))
            seq = size = 0
            while chunk := source.read(CHUNK):
                cursor.execute(
                    "INSERT INTO stored_chunk (area, name, seq, data) VALUES (%s, %s, %s, %s)",
                    (self.area, name, seq, psycopg2.Binary(chunk)),
                )
                seq, size = seq + 1, size + len(chunk)
            cursor.execute(
                "INSERT INTO stored_file (area, name, size, chunks) VALUES (%s, %s, %s, %s) "
                "ON CONFLICT (area, name) DO UPDATE SET size = EXCLUDED.size, chunks = EXCLUDED.chunks, "
                "modified_at = now() AT TIME ZONE 'UTC'",
                (self.area, name, size, seq),
            )

        self._run(write, retry=start is not None)

    def _row(self, name):
        def find(cursor):
            cursor.execute("SELECT size, chunks FROM stored_file WHERE area = %s AND name = %s", (self.area, name))
            return cursor.fetchone()

        return self._run(find)

    def open(self, name):
        from webapp.storage import StoredFileMissing

        row = self._row(name)
        if row is None:
            raise StoredFileMissing(name)
        return io.BufferedReader(ChunkReader(self, name, row[0], row[1]), CHUNK)

    def chunk(self, name, seq):
        def fetch(cursor):
            cursor.execute(
                "SELECT data FROM stored_chunk WHERE area = %s AND name = %s AND seq = %s", (self.area, name, seq)
            )
            found = cursor.fetchone()
            return bytes(found[0]) if found else b""

        return self._run(fetch)

    def read(self, name):
        with self.open(name) as stored:
            return stored.read()

    def exists(self, name):
        return self._row(name) is not None

    def size(self, name):
        from webapp.storage import StoredFileMissing

        row = self._row(name)
        if row is None:
            raise StoredFileMissing(name)
        return row[0]

    def delete(self, name):
        def remove(cursor):
            cursor.execute("DELETE FROM stored_chunk WHERE area = %s AND name = %s", (self.area, name))
            cursor.execute("DELETE FROM stored_file WHERE area = %s AND name = %s", (self.area, name))

        self._run(remove)

    def names(self, prefix=""):
        """(name, modified at, UTC) of every file whose name starts with `prefix`, a page of NAMES_PAGE
        per query: a province's million files are swept without holding their names or a transaction."""
        after = ""
        while True:
            page = self._run(lambda cursor, after=after: self._names_after(cursor, prefix, after))
            yield from page
            if len(page) < NAMES_PAGE:
                return
            after = page[-1][0]

    def _names_after(self, cursor, prefix, after):
        cursor.execute(
            "SELECT name, modified_at FROM stored_file WHERE area = %s AND starts_with(name, %s) AND name > %s "
            "ORDER BY name LIMIT %s",
            (self.area, prefix, after, NAMES_PAGE),
        )
        return cursor.fetchall()

    def check(self):
        self._run(lambda cursor: cursor.execute("SELECT 1 FROM stored_file LIMIT 1"))

    def close(self):
        """Close the connections of every thread (tests, commands that end)."""
        while self._opened:
            self._opened.pop().close()


class ChunkReader(io.RawIOBase):
    """A stored file read one chunk per query as the reader asks for bytes."""

    def __init__(self, store, name, size, chunks):
        self.store, self.name, self.size, self.chunks = store, name, size, chunks
        self.seq, self.pending = 0, b""

    def readable(self):
        return True

    def readinto(self, buffer):
        while not self.pending and self.seq < self.chunks:
            self.pending = self.store.chunk(self.name, self.seq)
            self.seq += 1
        taken = self.pending[: len(buffer)]
        buffer[: len(taken)] = taken
        self.pending = self.pending[len(taken) :]
        return len(taken)
