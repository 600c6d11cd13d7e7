"""`flask staff create|disable|enable|reset-password|demo-accounts`: accounts from the command line."""

import sys

import click
from flask.cli import AppGroup

from webapp.db import db
from webapp.identity.services import StaffError, create_staff, find, set_active, set_password
from webapp.models import Staff
from webapp.models.staff import ROLES

staff_cli = AppGroup("staff", help="Back-office staff accounts.")


def _password(from_stdin):
    """From the first line of stdin (scripts), or typed twice at a hidden prompt."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


def _account(username):
    staff = find(username)
    if staff is None:
        raise click.ClickException(f"no account named {username}")
    return staff


@staff_cli.command("create")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice(ROLES))
@click.option("--unit", "units", multiple=True, required=True, help="Unit code; repeat for several.")
@click.option("--name", "full_name", required=True, help="Full name, as shown to colleagues.")
@click.option("--phone", default="")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of stdin.")
def create(username, role, units, full_name, phone, password_stdin):
    """Create an account scoped to one or more units."""
    password = _password(password_stdin)
    with db.connection_context():
        try:
            staff = create_staff(username, role, units, full_name, password, phone=phone)
        except StaffError as exc:
            raise click.ClickException(str(exc)) from exc
    click.echo(f"created {staff.username} ({role}) for {', '.join(units)}")


def _switch(username, active):
    """Turn an account on or off and say so."""
    with db.connection_context():
        set_active(_account(username), active)
    click.echo(f"{'enabled' if active else 'disabled'} {username}")


@staff_cli.command("disable")
@click.argument("username")
def disable(username):
    """Refuse every login and end every session of an account."""
    _switch(username, False)


@staff_cli.command("enable")
@click.argument("username")
def enable(username):
    """Allow a disabled account to log in again."""
    _switch(username, True)


@staff_cli.command("reset-password")
@click.argument("username")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of stdin.")
@click.option("--reset-totp", is_flag=True, help="Also forget the TOTP secret (a lost phone).")
def reset_password(username, password_stdin, reset_totp):
    """Set a new password; the account's sessions end."""
    with db.connection_context():
        staff = _account(username)
        try:
            set_password(staff, _password(password_stdin))
        except StaffError as exc:
            raise click.ClickException(str(exc)) from exc
        if reset_totp:
            Staff.update(totp_secret=None, last_totp_step=None).where(Staff.id == staff.id).execute()
    click.echo(f"password reset for {username}" + (", TOTP to be set up again" if reset_totp else ""))
