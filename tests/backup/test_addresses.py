"""pg_dump and pg_restore are given the database without its password on their command line (anyone
on the host can read a command line); whether the files live in the database being dumped."""

import os

import pytest

from webapp.backup.database import BackupError, engine_of, libpq, same_database


def test_the_password_goes_through_the_environment_not_the_command_line():
    address, env = libpq("postgresql://motcua:p%40ss%2Fw@db.example:5433/motcua?sslmode=require")
    assert address == "postgresql://motcua@db.example:5433/motcua?sslmode=require"
    assert env["PGPASSWORD"] == "p@ss/w"


def test_an_address_without_password_is_passed_as_it_is():
    address, env = libpq("postgres://postgres@127.0.0.1/motcua")
    assert address == "postgresql://postgres@127.0.0.1/motcua"
    assert env.get("PGPASSWORD") == os.environ.get("PGPASSWORD")


def test_an_ipv6_host_keeps_its_brackets():
    assert libpq("postgresql://u:secret@[::1]:5432/motcua")[0] == "postgresql://u@[::1]:5432/motcua"


def test_files_are_in_the_database_only_when_storage_names_the_same_one():
    url = "postgresql://motcua:x@db:5432/motcua"
    assert same_database(url, "postgresql://other:y@db/motcua")
    assert not same_database(url, "postgresql://motcua:x@db:5432/motcua_files")
    assert not same_database(url, "")


def test_an_unknown_database_is_refused_clearly():
    with pytest.raises(BackupError):
        engine_of("mysql://root@localhost/motcua")
