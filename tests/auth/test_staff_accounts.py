"""Staff accounts: argon2id hashes, units, `flask staff …`, demo accounts in demo and production."""

import re

import pytest

from tests.apps import bind, make_app
from tests.staff_login import (
    CODE_URL,
    PASSWORD,
    error_of,
    knocking_client_fixture,  # noqa: F401 (the module's `client`)
    log_in,
    sign_in,
    staff_maker,  # noqa: F401 (the module's `make_staff`)
)
from webapp import migrate
from webapp.db import db
from webapp.identity import services
from webapp.identity import session as auth_session
from webapp.identity.passwords import check_password
from webapp.models import RateCounter, Staff, StaffUnit, Unit
from webapp.seed.loader import load


def test_passwords_are_argon2id_and_rehashed_when_the_cost_changes(app, make_staff):
    staff = make_staff()
    assert staff.password_hash.startswith("$argon2id$")
    with app.app_context():
        assert check_password(staff.password_hash, PASSWORD) == (True, None)
        assert check_password(staff.password_hash, "khac")[0] is False
        app.config["PASSWORD_HASH"] = {"time_cost": 2, "memory_cost": 8 * 1024, "parallelism": 1}
        try:
            with db.connection_context():
                assert services.password_step(staff.username, PASSWORD, "192.0.2.1").staff
                assert "t=2" in Staff.get_by_id(staff.id).password_hash
        finally:
            app.config["PASSWORD_HASH"] = {"time_cost": 1, "memory_cost": 8 * 1024, "parallelism": 1}


def test_staff_units(app, make_staff):
    desk, admin = make_staff(units=("18073", "18100")), make_staff(role="quan_tri_tinh", units=("42",))
    with app.app_context(), db.connection_context():
        codes = {u.code for u in Unit.select().where(Unit.id.in_(auth_session.staff_units(desk)))}
        assert codes == {"18073", "18100"}
        assert len(auth_session.staff_units(admin)) == Unit.select().count()


def test_cli_create_disable_reset_password(app, runner, unique, client):
    name = f"cli.{unique}"
    args = ["staff", "create", name, "--role", "chuyen_vien", "--unit", "18073", "--unit", "18100"]
    result = runner.invoke(args=[*args, "--name", "Trần Thị Bình", "--password-stdin"], input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    with app.app_context(), db.connection_context():
        staff = Staff.get(Staff.username == name)
        assert StaffUnit.select().where(StaffUnit.staff == staff).count() == 2
    assert log_in(client, name).status_code == 303
    result = runner.invoke(args=["staff", "reset-password", name], input="mat-khau-moi-2\nmat-khau-moi-2\n")
    assert result.exit_code == 0, result.output
    assert client.get("/can-bo").status_code == 302
    assert "không đúng" in error_of(log_in(client, name))
    assert log_in(client, name, "mat-khau-moi-2").status_code == 303
    assert runner.invoke(args=["staff", "disable", name]).exit_code == 0
    assert client.get("/can-bo").status_code == 302
    assert "đã bị khóa" in error_of(log_in(client, name, "mat-khau-moi-2"))


@pytest.mark.parametrize(
    "extra, password, message",
    [
        (["--unit", "99999"], PASSWORD, "no unit with code 99999"),
        (["--unit", "18073"], "ngan", "at least 10"),
        ([], PASSWORD, "Missing option '--unit'"),
    ],
)
def test_cli_create_refuses_bad_input(runner, unique, extra, password, message):
    args = ["staff", "create", f"x.{unique}", "--role", "mot_cua", "--name", "X", *extra, "--password-stdin"]
    result = runner.invoke(args=args, input=password + "\n")
    assert result.exit_code != 0 and message in result.output


def test_cli_prompt_wants_the_password_twice(runner, unique):
    args = ["staff", "create", f"p.{unique}", "--role", "mot_cua", "--unit", "18073", "--name", "X"]
    result = runner.invoke(args=args, input=f"{PASSWORD}\nkhac-hoan-toan\n{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0 and "do not match" in result.output


def test_demo_accounts_log_in_in_demo_mode(client, runner):
    assert log_in(client, "thanhsen.motcua", "motcua-demo").status_code == 303
    listed = runner.invoke(args=["staff", "demo-accounts"]).output
    assert "motcua-demo" in listed and "tinh.quantri" in listed and "Phường Trần Phú" in listed
    assert "tinh.quantri2" in listed  # the second province admin who approves a catalogue change


def test_demo_leader_sees_the_current_code(client, checked_page):
    client.environ_base["REMOTE_ADDR"] = "192.0.2.200"
    assert log_in(client, "tranphu.quantri", "motcua-demo").headers["Location"] == CODE_URL
    text = checked_page(CODE_URL).get_text(" ")
    assert re.search(r"Chế độ trình diễn: mã hiện tại là \d{6}", text)


def test_demo_accounts_seed_once_per_role(migrated_app):
    with migrated_app.app_context(), db.connection_context():
        first = load(migrated_app.config["SEED_DIR"])
        assert first.created["Staff"] == 10 and first.created["StaffUnit"] == 10
        roles = {s.role for s in Staff.select().where(Staff.is_demo == True)}  # noqa: E712
        assert roles == {"mot_cua", "chuyen_vien", "lanh_dao", "quan_tri_don_vi", "quan_tri_tinh"}
        again = load(migrated_app.config["SEED_DIR"])
        assert "Staff" not in again.created | again.updated and "StaffUnit" not in again.created


def test_production_neither_seeds_nor_admits_demo_accounts(tmp_path):
    app = bind(make_app(tmp_path, "production", DEMO_ACCOUNTS=False))
    with app.app_context(), db.connection_context():
        migrate.upgrade()
        load(app.config["SEED_DIR"])
        assert Staff.select().count() == 0
        demo = services.create_staff("thanhsen.motcua", "mot_cua", ["18073"], "Lan", "motcua-demo")
        Staff.update(is_demo=True).where(Staff.id == demo.id).execute()
    client = app.test_client()
    assert "Tài khoản trình diễn" in error_of(log_in(client, "thanhsen.motcua", "motcua-demo"))
    sign_in(client, demo)
    assert client.get("/can-bo").status_code == 302
    assert app.test_cli_runner().invoke(args=["staff", "demo-accounts"]).exit_code != 0


def test_old_login_attempts_are_pruned(app, make_staff):
    with app.app_context(), db.connection_context():
        RateCounter.create(key="user:cu", window_s=900, started=0, taken=3)
        from webapp.identity import throttle

        throttle.record_success("ai-do", "192.0.2.9")
        assert not RateCounter.select().where(RateCounter.key == "user:cu").exists()
