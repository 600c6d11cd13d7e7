"""`flask retention run [--dry-run]`: the retention sweep from the command line."""

import click
from flask.cli import AppGroup

from webapp.db import db
from webapp.retention import sweep

retention_cli = AppGroup("retention", help="Personal data past its retention period: report or sweep.")


@retention_cli.command("run")
@click.option("--dry-run", is_flag=True, help="Only report what a run would delete or anonymise.")
def run(dry_run):
    """Delete or anonymise what the retention rules say has been kept long enough."""
    with db.connection_context():
        report = sweep.run(dry_run=dry_run)
    click.echo(f"retention: {'dry run, nothing changed' if dry_run else 'swept'} at {report.now:%Y-%m-%d %H:%M} UTC")
    for line in report.lines.values():
        oldest = f", oldest {line.oldest:%Y-%m-%d}" if line.oldest else ""
        click.echo(f"  {line.kind}: {line.count}{oldest}")
    if not dry_run:
        click.echo(f"  files removed: {report.files_removed}")
