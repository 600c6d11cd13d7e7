"""Backups that restore: taken while dossiers keep being filed, restored into an empty instance, and the
restored one has the backup's rows, its code sequences (the next filing takes the next number) and
every file with the checksum its Attachment row recorded; on SQLite and on PostgreSQL, files on disk
or inside the database."""

import hashlib
import json
import secrets
import threading
from pathlib import Path

import pytest

from tests.apps import SCALE_OUT_POSTGRES, bind, make_app, migrated_and_seeded, postgres_database, require
from tests.factories import make_draft
from webapp.db import db
from webapp.dossiers.drafts import spec_of
from webapp.dossiers.files import keep_bytes, read_attachment
from webapp.models import Attachment, Dossier, DossierSequence
from webapp.storage import store
from webapp.workflow.intake import submit

IN_DB = "postgresql+files-in-database"
# (where the backed-up instance keeps its data, where the restored one does)
PLACES = [("sqlite", "sqlite"), ("postgresql", "postgresql"), (IN_DB, IN_DB), (IN_DB, "postgresql")]


def database_url(engine, tmp_path, role):
    if engine == "sqlite":
        return f"sqlite:///{tmp_path / role / 'motcua.db'}"
    require("PostgreSQL (TEST_POSTGRES_URL)", SCALE_OUT_POSTGRES)
    return postgres_database(f"motcua_backup_{role}", SCALE_OUT_POSTGRES)


def instance(engine, tmp_path, role, backups):
    """An app of its own: its database, its upload folder (or its database as the store), BACKUP_DIR."""
    url = database_url(engine, tmp_path, role)
    place = tmp_path / role
    place.mkdir(exist_ok=True)
    return make_app(
        place,
        f"backup_{role}",
        DATABASE_URL=url,
        STORAGE_URL=url if engine.endswith("files-in-database") else "",
        BACKUP_DIR=str(backups),
    )


def file_one(with_files=2):
    """A dossier filed online with `with_files` attachments of their own bytes; its code."""
    draft = make_draft()
    dossier = submit(draft, spec_of(draft))[0]
    for index in range(with_files):
        data = b"%PDF-1.4 " + secrets.token_bytes(3000 + index)
        keep_bytes(
            data, "application/pdf", f"giay-to-{index}.pdf", dossier=dossier.id, kind="ho_so", document_index=index
        )
    return dossier.code


class Filer(threading.Thread):
    """Files dossiers with attachments until stopped, on its own connection."""

    def __init__(self, app):
        super().__init__(daemon=True)
        self.app, self.stop, self.filed, self.errors = app, threading.Event(), 0, []
        self.progress = threading.Condition()

    def run(self):
        try:
            with self.app.app_context(), db.connection_context():
                while not self.stop.is_set():
                    file_one()
                    with self.progress:
                        self.filed += 1
                        self.progress.notify_all()
        except Exception as exc:  # surfaced by the test: a thread must not hide a failure
            self.errors.append(exc)

    def wait_for(self, count):
        with self.progress:
            assert self.progress.wait_for(lambda: self.filed >= count or self.errors, timeout=120), self.filed
        assert not self.errors, self.errors


def newest_backup(backups):
    folders = sorted(p for p in Path(backups).iterdir() if p.is_dir() and not p.name.startswith("."))
    return folders[-1], json.loads((folders[-1] / "manifest.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(("engine", "restored_to"), PLACES, ids=["sqlite", "postgresql", "files-in-db", "files-moved"])
def test_a_backup_taken_while_filing_restores_into_an_empty_instance(engine, restored_to, tmp_path):
    backups = tmp_path / "backups"
    source = migrated_and_seeded(bind(instance(engine, tmp_path, "source", backups)))
    with source.app_context(), db.connection_context():
        for _ in range(3):
            file_one()
    filer = Filer(source)
    filer.start()
    try:
        filer.wait_for(1)
        created = source.test_cli_runner().invoke(args=["backup", "create"])
        during = filer.filed
        filer.wait_for(during + 1)
    finally:
        filer.stop.set()
        filer.join(60)
    assert created.exit_code == 0, created.output
    assert not filer.errors, filer.errors
    folder, manifest = newest_backup(backups)
    assert manifest["engine"] == engine.split("+")[0] and manifest["migration"]
    assert manifest["files"]["in_database"] == engine.endswith("files-in-database")
    with source.app_context(), db.connection_context():
        assert Dossier.select().count() > manifest["tables"]["dossier"] >= 4, "filing went on after the snapshot"
        refused = source.test_cli_runner().invoke(args=["backup", "restore", folder.name])
    assert refused.exit_code != 0 and "not empty" in refused.output

    target = bind(instance(restored_to, tmp_path, "target", backups))
    restored = target.test_cli_runner().invoke(args=["backup", "restore", folder.name])
    assert restored.exit_code == 0, restored.output
    assert "every count, sequence and checksum matches" in restored.output
    with target.app_context(), db.connection_context():
        assert_same_as_manifest(manifest)
        assert_next_filing_continues_the_sequence()


def assert_same_as_manifest(manifest):
    assert Dossier.select().count() == manifest["tables"]["dossier"]
    assert Attachment.select().count() == manifest["tables"]["attachment"]
    attachments = list(Attachment.select())
    assert attachments
    for attachment in attachments:
        restored = read_attachment(attachment)
        assert hashlib.sha256(restored).hexdigest() == attachment.sha256, attachment.stored_name
        assert manifest["files"]["areas"]["uploads"][attachment.stored_name]["sha256"] == attachment.sha256
    sequences = [
        [s.agency_id, str(s.day), s.last]
        for s in DossierSequence.select().order_by(DossierSequence.agency, DossierSequence.day)
    ]
    assert sequences == manifest["sequences"]["dossier_sequence"]


def assert_next_filing_continues_the_sequence():
    codes = {code for (code,) in Dossier.select(Dossier.code).tuples()}
    sequence = DossierSequence.select().order_by(DossierSequence.last.desc()).get()
    code = file_one(with_files=1)
    assert code not in codes
    assert int(code.rsplit("-", 1)[1]) == sequence.last + 1


def test_retention_keeps_the_newest_complete_backups(migrated_app, tmp_path):
    backups = tmp_path / "kept"
    migrated_app.config.update(BACKUP_DIR=str(backups), BACKUP_KEEP=2)
    (backups / ".partial-20000101T000000Z-1").mkdir(parents=True)  # a run that died half way
    runner = migrated_app.test_cli_runner()
    made = []
    for _ in range(3):
        result = runner.invoke(args=["backup", "create"])
        assert result.exit_code == 0, result.output
        made.append(result.output.split()[1])
    complete = sorted(p.name for p in backups.iterdir() if not p.name.startswith("."))
    assert complete == sorted(Path(name).name for name in made[1:])
    listed = runner.invoke(args=["backup", "list"]).output.splitlines()
    assert [line.split()[0] for line in listed if "incomplete" not in line] == complete
    assert any(line.startswith(".partial-") and "incomplete" in line for line in listed)


def test_a_backup_that_cannot_be_written_fails_clearly_and_leaves_nothing(migrated_app, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the backups should go")
    migrated_app.config["BACKUP_DIR"] = str(blocker / "backups")
    result = migrated_app.test_cli_runner().invoke(args=["backup", "create"])
    assert result.exit_code != 0 and "backup failed" in result.output


def test_restore_names_a_missing_backup(migrated_app, tmp_path):
    migrated_app.config["BACKUP_DIR"] = str(tmp_path / "none")
    result = migrated_app.test_cli_runner().invoke(args=["backup", "restore", "20990101T000000Z"])
    assert result.exit_code != 0 and "no complete backup named" in result.output


def test_a_file_changed_in_the_backup_fails_the_restore(migrated_app, tmp_path):
    backups = tmp_path / "tampered"
    migrated_app.config["BACKUP_DIR"] = str(backups)
    with migrated_app.app_context():
        store("uploads").put("0" * 32 + ".pdf", b"%PDF-1.4 the paper as filed")
    assert migrated_app.test_cli_runner().invoke(args=["backup", "create"]).exit_code == 0
    folder, _manifest = newest_backup(backups)
    (folder / "files" / "uploads" / ("0" * 32 + ".pdf")).write_bytes(b"%PDF-1.4 another paper")
    (tmp_path / "fresh").mkdir()
    target = bind(make_app(tmp_path / "fresh", "backup_tampered", BACKUP_DIR=str(backups)))
    result = target.test_cli_runner().invoke(args=["backup", "restore", folder.name])
    assert result.exit_code != 0
    assert f"MISMATCH uploads/{'0' * 32}.pdf: sha256" in result.output and "1 difference(s)" in result.output
