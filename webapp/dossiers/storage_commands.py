"""`flask storage …`: look after the stored files (webapp/storage) from the command line."""

import click
from flask import current_app
from flask.cli import AppGroup

from webapp.db import db
from webapp.dossiers.orphans import sweep
from webapp.storage import AREAS, make_store, store

storage_cli = AppGroup("storage", help="Stored files: check, sweep orphans, copy to another store.")


@storage_cli.command("check")
def check():
    """Write, read back and remove a probe in every area of the configured store."""
    for area in AREAS:
        store(area).check()
        click.echo(f"storage: {area} ok ({store(area).kind})")


@storage_cli.command("sweep")
def sweep_now():
    """Remove stored files no row names, older than STORAGE_ORPHAN_HOURS."""
    with db.connection_context():
        click.echo(f"storage: {sweep()} orphan file(s) removed")


@storage_cli.command("copy")
@click.argument("target_url")
def copy(target_url):
    """Copy every stored file to the PostgreSQL store of TARGET_URL, streamed; a file already there with
    the same size is left. Use it once when a province moves to several web hosts,
    then set STORAGE_URL to TARGET_URL."""
    copied = kept = 0
    for area in AREAS:
        source = store(area)
        target = make_store({**current_app.config, "STORAGE_URL": target_url}, area)
        for name, _ in source.names():
            if target.exists(name) and target.size(name) == source.size(name):
                kept += 1
                continue
            with source.open(name) as stream:
                target.put(name, stream)
            copied += 1
    click.echo(f"storage: {copied} file(s) copied, {kept} already there")
