"""The file stores: the same behaviour from this host's folder and from PostgreSQL, which every web host
of a province reaches; files whole or not at all, read a chunk at a time."""

import datetime
import hashlib
import io
import os

import psycopg2
import pytest

from tests.apps import SCALE_OUT_POSTGRES, postgres_database, require
from webapp.storage import StoredFileMissing, make_store
from webapp.storage.postgres import CHUNK

BIG = os.urandom(3 * CHUNK + 1234)  # several chunks and a partial one


@pytest.fixture(scope="module")
def storage_database():
    require("PostgreSQL (TEST_POSTGRES_URL)", SCALE_OUT_POSTGRES)
    return postgres_database("motcua_test_storage", SCALE_OUT_POSTGRES)


@pytest.fixture(params=["local", "postgres"])
def store(request, tmp_path):
    if request.param == "local":
        yield make_store({"UPLOAD_DIR": str(tmp_path / "uploads")}, "uploads")
        return
    url = request.getfixturevalue("storage_database")
    stored = make_store({"STORAGE_URL": url}, f"uploads-{tmp_path.name}")  # an area of its own per test
    yield stored
    stored.close()


def test_a_file_comes_back_byte_for_byte(store):
    store.put("a" * 32 + ".pdf", BIG)
    assert store.read("a" * 32 + ".pdf") == BIG
    assert store.size("a" * 32 + ".pdf") == len(BIG) and store.exists("a" * 32 + ".pdf")


def test_a_file_is_written_from_a_stream_and_read_in_chunks(store):
    store.put("b.pdf", io.BytesIO(BIG))
    digest = hashlib.sha256()
    with store.open("b.pdf") as stored:
        while part := stored.read(64 * 1024):
            digest.update(part)
    assert digest.hexdigest() == hashlib.sha256(BIG).hexdigest()


def test_writing_again_replaces_the_whole_file(store):
    store.put("c.pdf", BIG)
    store.put("c.pdf", b"%PDF-short")
    assert store.read("c.pdf") == b"%PDF-short"


def test_an_empty_file_is_a_file(store):
    store.put("e.pdf", b"")
    assert store.exists("e.pdf") and store.read("e.pdf") == b""


def test_a_missing_file_says_so_and_deleting_it_is_no_error(store):
    with pytest.raises(StoredFileMissing):
        store.read("missing.pdf")
    assert not store.exists("missing.pdf")
    store.delete("missing.pdf")
    store.put("d.pdf", b"x")
    store.delete("d.pdf")
    assert not store.exists("d.pdf")


def test_names_are_listed_by_prefix_with_when_they_were_written(store):
    for name in ("partial/u1.000000000000", "partial/u1.000000065536", "partial/u2.000000000000", "f.pdf"):
        store.put(name, b"x")
    listed_u1 = sorted(name for name, _ in store.names("partial/u1."))
    assert listed_u1 == ["partial/u1.000000000000", "partial/u1.000000065536"]
    listed = dict(store.names())
    assert set(listed) == {"partial/u1.000000000000", "partial/u1.000000065536", "partial/u2.000000000000", "f.pdf"}
    now = datetime.datetime.now(datetime.UTC).replace(tzinfo=None)
    assert all(abs(now - moment) < datetime.timedelta(minutes=5) for moment in listed.values())


@pytest.mark.parametrize("name", ["../x.pdf", "/etc/passwd", "a/../../b", ".hidden", "a/b/c", "", "x" * 200])
def test_a_name_that_could_climb_out_is_refused(store, name):
    with pytest.raises(ValueError):
        store.put(name, b"x")


def test_the_store_answers_its_health_check(store):
    store.check()


def test_postgres_reads_one_chunk_per_query_as_the_reader_asks(storage_database, tmp_path, monkeypatch):
    stored = make_store({"STORAGE_URL": storage_database}, f"stream-{tmp_path.name}")
    stored.put("big.pdf", BIG)
    asked = []
    original = stored.chunk
    monkeypatch.setattr(stored, "chunk", lambda name, seq: asked.append(seq) or original(name, seq))
    with stored.open("big.pdf") as reader:
        assert reader.read(100) == BIG[:100]
        assert asked == [0], "a download does not hold the whole file in memory"
        assert reader.read() == BIG[100:]
    assert asked == [0, 1, 2, 3]
    stored.close()


def test_postgres_store_survives_a_dropped_connection(storage_database, tmp_path):
    stored = make_store({"STORAGE_URL": storage_database}, f"drop-{tmp_path.name}")
    stored.put("a.pdf", b"before")
    pid = stored._conn().get_backend_pid()
    with psycopg2.connect(storage_database) as admin, admin.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", (pid,))  # as when the server restarts
    assert stored.read("a.pdf") == b"before"
    stored.close()


def test_postgres_lists_a_page_of_names_per_query(storage_database, tmp_path, monkeypatch):
    from webapp.storage import postgres

    monkeypatch.setattr(postgres, "NAMES_PAGE", 2)
    stored = make_store({"STORAGE_URL": storage_database}, f"pages-{tmp_path.name}")
    for i in range(5):
        stored.put(f"f{i}.pdf", b"x")
    assert [name for name, _ in stored.names()] == [f"f{i}.pdf" for i in range(5)]
    assert [name for name, _ in stored.names("f4")] == ["f4.pdf"]
    stored.close()
