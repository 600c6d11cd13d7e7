"""Demo staff accounts from staff_demo.yaml: seeded only where DEMO_ACCOUNTS is on."""

from pathlib import Path

from webapp.identity.passwords import hash_password
from webapp.identity.services import USERNAME_RE
from webapp.models import Staff, StaffUnit, Unit
from webapp.models.staff import ROLES
from webapp.seed.records import SeedError, read_yaml, upsert
from webapp.versions.schema import RecordError, need

DEMO_FILE = "staff_demo.yaml"


def read_demo_staff(path):
    """(password, accounts), checked; a SeedError names the record at fault."""
    name = Path(path).name
    data = read_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("password"), str):
        raise SeedError(name, None, "password", "expected a mapping with `password` and `accounts`")
    accounts = data.get("accounts") or []
    for i, account in enumerate(accounts):
        try:
            _check(account)
        except RecordError as exc:
            label = account.get("username") if isinstance(account, dict) else None
            raise SeedError(name, label or f"accounts[{i}]", exc.path, exc.message) from exc
    return data["password"], accounts


def _check(account):
    if not isinstance(account, dict):
        raise RecordError("", "expected a mapping")
    for key in ("username", "full_name", "role"):
        need(account, key, str, "")
    if not USERNAME_RE.match(account["username"]):
        raise RecordError("username", "3 to 64 of a-z, 0-9, dot, dash or underscore")
    if account["role"] not in ROLES:
        raise RecordError("role", f"one of {', '.join(ROLES)}")
    units = account.get("units")
    if not isinstance(units, list) or not units or not all(isinstance(u, str) for u in units):
        raise RecordError("units", "expected a non-empty list of unit codes")


def write_demo_staff(password, accounts, report):
    """Create missing accounts and their unit links; an existing account keeps its password."""
    units = {u.code: u.id for u in Unit.select(Unit.code, Unit.id)}
    password_hash = None
    for account in accounts:
        values = {"full_name": account["full_name"], "role": account["role"], "is_demo": True}
        if Staff.get_or_none(Staff.username == account["username"]) is None:
            password_hash = password_hash or hash_password(password)
            values["password_hash"] = password_hash
        staff = upsert(Staff, {"username": account["username"]}, values, report)
        for code in account["units"]:
            if code not in units:
                raise SeedError(DEMO_FILE, account["username"], "units", f"no unit with code {code}")
            upsert(StaffUnit, {"staff": staff.id, "unit": units[code]}, {}, report)
