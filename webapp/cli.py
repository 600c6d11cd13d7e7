"""Command line: flask db …, flask seed, flask translate …, flask staff …, flask signing …"""

import subprocess
import sys

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from webapp import migrate
from webapp.backup.commands import backup_cli
from webapp.config import ROOT
from webapp.db import db
from webapp.dossiers.storage_commands import storage_cli
from webapp.i18n_catalogs import fill_source_catalog
from webapp.retention.commands import retention_cli

db_cli = AppGroup("db", help="Database migrations.")
translate_cli = AppGroup("translate", help="Translation catalogs (vi is the source language).")
signing_cli = AppGroup("signing", help="Digital signatures: keys and trust roots.")


@db_cli.command("status")
def db_status():
    """List applied and pending migrations."""
    with db.connection_context():
        done = set(migrate.applied())
        for name in migrate.available():
            click.echo(f"[{'x' if name in done else ' '}] {name}")


@db_cli.command("up")
def db_up():
    """Apply every pending migration."""
    with db.connection_context():
        names = migrate.upgrade()
    click.echo("\n".join(f"applied {n}" for n in names) or "database is up to date")


@db_cli.command("down")
@click.option("--steps", default=1, show_default=True)
def db_down(steps):
    """Undo the newest migrations."""
    with db.connection_context():
        names = migrate.downgrade(steps)
    click.echo("\n".join(f"reverted {n}" for n in names) or "nothing to revert")


@db_cli.command("create")
@click.argument("slug")
def db_create(slug):
    """Write a new, empty numbered migration."""
    click.echo(f"created {migrate.create(slug)}")


@click.command("seed")
@with_appcontext
@click.option("--prerender/--no-prerender", default=False, help="Queue rendering of every blank form.")
@click.option("--demo-dossiers", is_flag=True, help="Also file demo dossiers at every stage (demo mode only).")
@click.option("--history", type=click.IntRange(0, 36), default=0, help="Also file N months of past dossiers.")
@click.option("--synthetic", type=click.IntRange(0), default=0, help="Also write N invented dossiers in bulk (scale).")
def seed(prerender, demo_dossiers, history, synthetic):
    """Load the demo units and catalogue (one transaction, idempotent)."""
    from webapp.seed.loader import SeedError, load

    with db.connection_context():
        if migrate.pending():
            raise click.ClickException("database not migrated: run `flask db up` first")
        try:
            report = load(current_app.config["SEED_DIR"])
        except SeedError as exc:
            raise click.ClickException(f"seed failed, nothing was changed. {exc}") from exc
    if not report.changed:
        click.echo("seed: already up to date, nothing changed")
    for label, counts in (("created", report.created), ("updated", report.updated)):
        if counts:
            click.echo(f"seed {label}: " + ", ".join(f"{n} {model}" for model, n in sorted(counts.items())))
    if demo_dossiers:
        _seed_demo_dossiers()
    if history:
        _seed_history(history)
    if synthetic:
        _seed_synthetic(synthetic)
    if prerender:
        from webapp.catalogue.tasks import prerender_blank_forms

        prerender_blank_forms()
        click.echo("seed: blank forms queued for rendering")


def _seed_demo_dossiers():
    from webapp.seed.dossiers import DEMO_PHONE, write_demo_dossiers

    if not current_app.config["DEMO_ACCOUNTS"]:
        raise click.ClickException("demo dossiers are filed by the demo officers: only with DEMO_ACCOUNTS on")
    with db.connection_context():
        filed = write_demo_dossiers()
    if filed:
        click.echo(f"seed: demo dossiers of {DEMO_PHONE} (look them up with the last 4 digits {DEMO_PHONE[-4:]}):")
    for code, label in filed:
        click.echo(f"  {code}  {label}")


def _seed_history(months):
    from webapp.seed.history import write_history

    if not current_app.config["DEMO_ACCOUNTS"]:
        raise click.ClickException("the history is filed by the demo officers: only with DEMO_ACCOUNTS on")
    with db.connection_context():
        filed = write_history(months)
    click.echo(
        f"seed: {filed} past dossiers over {months} months for the statistics"
        if filed
        else "seed: history already there"
    )


def _seed_synthetic(count):
    import time

    from webapp.seed.synthetic import write_synthetic

    started = time.monotonic()
    with db.connection_context():
        write_synthetic(count)
    click.echo(f"seed: {count} synthetic dossiers in {time.monotonic() - started:.1f} s")


def _pybabel(*args):
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], check=True, cwd=ROOT)


@translate_cli.command("update")
def translate_update():
    """Extract messages and merge them into the vi and en catalogs."""
    _pybabel(
        "extract",
        "-F",
        "babel.cfg",
        "-k",
        "_l",
        "--no-location",
        "--sort-output",
        "-w",
        "120",
        "-o",
        "translations/messages.pot",
        ".",
    )
    _pybabel("update", "-i", "translations/messages.pot", "-d", "translations", "--no-fuzzy-matching", "-w", "120")
    fill_source_catalog(ROOT / "translations/vi/LC_MESSAGES/messages.po")


@translate_cli.command("compile")
def translate_compile():
    """Compile the catalogs the app reads."""
    _pybabel("compile", "-d", "translations", "--statistics")


@translate_cli.command("check")
def translate_check():
    """Fail when a catalog has an untranslated or fuzzy entry."""
    from webapp.i18n_catalogs import problems

    found = problems(ROOT / "translations")
    for line in found:
        click.echo(line, err=True)
    if found:
        raise click.ClickException(f"{len(found)} translation problem(s)")
    click.echo("translations complete")


@click.command("demo-accounts")
@with_appcontext
def demo_accounts():
    """Print the demo accounts that `flask seed` creates (demo mode only)."""
    from webapp.models import Unit
    from webapp.seed.staff import DEMO_FILE, read_demo_staff

    if not current_app.config["DEMO_ACCOUNTS"]:
        raise click.ClickException("demo accounts are off in this configuration")
    password, accounts = read_demo_staff(f"{current_app.config['SEED_DIR']}/{DEMO_FILE}")
    with db.connection_context():
        seeded = db.table_exists(Unit._meta.table_name)
        names = {u.code: u.full_name for u in Unit.select(Unit.code, Unit.full_name)} if seeded else {}
    click.echo(f"password for all: {password}")
    for account in accounts:
        units = ", ".join(names.get(code, code) for code in account["units"])
        click.echo(f"{account['username']:<20} {account['role']:<16} {units}")


@signing_cli.command("demo-pki")
def signing_demo_pki():
    """Make the demo root and the keys of every unit and active leader now (not at the first
    signature), and print the root certificate's path: import it into a PDF reader to trust the
    demo's signatures (demo mode only)."""
    from webapp.signing.keys import ensure_demo_root

    if not current_app.config.get("SIGNING_DEMO_PKI"):
        raise click.ClickException("the demo PKI is off in this configuration (SIGNING_DEMO_PKI)")
    root = ensure_demo_root()[0]
    with db.connection_context():
        units, leaders, problems = _demo_keys()
    key_dir = current_app.config["SIGNING_KEY_DIR"]
    click.echo(f"signing: keys of {units} units and {leaders} leaders under {key_dir}")
    for problem in problems:
        click.echo(f"signing: {problem}", err=True)
    click.echo(f"signing: demo root certificate (import it into your PDF reader to trust it): {root}")
    if problems:
        raise click.ClickException(f"{len(problems)} key(s) could not be made")


def _demo_keys():
    """(units, leaders, problems): the keys made (or there already), each with the KeyRef the signing
    job uses (a leader's as a leader of their first unit); what could not be made."""
    from webapp.dossiers.signed_papers import leader_key, unit_key
    from webapp.models import Staff, StaffUnit, Unit
    from webapp.workflow.machine import LANH_DAO

    units = {unit.id: unit for unit in Unit.select().order_by(Unit.id)}
    refs = [unit_key(unit) for unit in units.values()]
    leaders = Staff.select().where(Staff.role == LANH_DAO, Staff.is_active == True).order_by(Staff.id)  # noqa: E712
    for leader in leaders:
        link = StaffUnit.select(StaffUnit.unit).where(StaffUnit.staff == leader.id).order_by(StaffUnit.unit).first()
        if link is not None:
            refs.append(leader_key(leader, units[link.unit_id]))
    results = [(ref, _demo_key(ref)) for ref in refs]
    problems = [problem for _ref, problem in results if problem]
    made = [ref for ref, problem in results if not problem]
    return sum(r.kind == "unit" for r in made), sum(r.kind == "staff" for r in made), problems


def _demo_key(ref):
    """Why the demo key of `ref` could not be made, or "" once it exists."""
    from webapp.signing.keys import MissingKey, key_file

    try:
        key_file(ref)
    except (MissingKey, OSError, ValueError) as problem:
        return f"no key for {ref.kind} {ref.name}: {problem}"
    return ""


def init_app(app):
    from webapp.auth.cli import staff_cli

    staff_cli.add_command(demo_accounts)

    app.cli.add_command(db_cli)
    app.cli.add_command(translate_cli)
    app.cli.add_command(seed)
    app.cli.add_command(staff_cli)
    app.cli.add_command(signing_cli)
    app.cli.add_command(storage_cli)
    app.cli.add_command(backup_cli)
    app.cli.add_command(retention_cli)
