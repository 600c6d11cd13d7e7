"""`flask backup create|restore|list`: what an operator's timer and hands run (docs/backup.md)."""

import sqlite3

import click
import psycopg2
from flask import current_app
from flask.cli import AppGroup

from webapp.backup import BackupError, create, listing, restore

# What a run may meet (a full disk, a database that refuses, a missing pg_dump), told in one line.
FAILURES = (BackupError, OSError, sqlite3.Error, psycopg2.Error)
backup_cli = AppGroup("backup", help="Backups of the database and every stored file: create, restore, list.")


@backup_cli.command("create")
def create_command():
    """Write a backup to BACKUP_DIR and keep the newest BACKUP_KEEP."""
    try:
        folder, manifest, removed = create(current_app.config)
    except FAILURES as failed:
        raise click.ClickException(f"backup failed, nothing was kept: {failed}") from failed
    files = manifest["files"]
    where = "inside the database dump" if files["in_database"] else "copied"
    click.echo(
        f"backup: {folder} ({manifest['engine']}, {sum(manifest['tables'].values())} rows in "
        f"{len(manifest['tables'])} tables, {files['count']} files {where}, {files['bytes']} bytes)"
    )
    for old in removed:
        click.echo(f"backup: removed {old.name} (BACKUP_KEEP={current_app.config['BACKUP_KEEP']})")


@backup_cli.command("restore")
@click.argument("backup")
def restore_command(backup):
    """Restore BACKUP (a name from `flask backup list`, or a folder) into this empty instance, then
    check every table's rows, the code sequences and every file against its manifest."""
    try:
        manifest, wrong = restore(current_app.config, backup)
    except FAILURES as failed:
        raise click.ClickException(f"restore refused or failed: {failed}") from failed
    for line in wrong:
        click.echo(f"restore: MISMATCH {line}", err=True)
    sequences = sum(len(rows) for rows in manifest["sequences"].values())
    click.echo(
        f"restore: {backup} of {manifest['created_at']}: {len(manifest['tables'])} tables, "
        f"{sum(manifest['tables'].values())} rows, {sequences} sequence rows, {manifest['files']['count']} files, "
        f"migration {manifest['migration']}"
    )
    if wrong:
        raise click.ClickException(f"{len(wrong)} difference(s) from the backup's manifest")
    click.echo("restore: every count, sequence and checksum matches the manifest")


@backup_cli.command("list")
def list_command():
    """The backups in BACKUP_DIR, oldest first."""
    rows = listing(current_app.config)
    if not rows:
        click.echo(f"no backups in {current_app.config['BACKUP_DIR']}")
    for folder, manifest, size in rows:
        if manifest is None:
            click.echo(f"{folder.name}  incomplete (being written, or left by a failed run)")
            continue
        dossiers = manifest["tables"].get("dossier", 0)
        click.echo(
            f"{folder.name}  {manifest['engine']:<10} {dossiers:>8} dossiers {manifest['files']['count']:>7} files "
            f"{size / 1e6:>10.1f} MB  {manifest['migration']}"
        )
