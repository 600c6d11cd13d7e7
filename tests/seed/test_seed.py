"""`flask seed`: the demo data, loaded in one transaction, idempotent, and loud about bad files."""

import shutil

import pytest
import yaml

from webapp.catalogue import services
from webapp.db import db
from webapp.models import ALL_MODELS, Agency, Procedure, Unit
from webapp.seed.loader import SeedError, load


def dump():
    return {m.__name__: sorted(map(str, m.select().dicts())) for m in ALL_MODELS}


def test_seed_loads_ha_tinh_and_the_catalogue(migrated_app):
    result = migrated_app.test_cli_runner().invoke(args=["seed"])
    assert result.exit_code == 0, result.output
    with db.connection_context():
        province = Unit.get(Unit.code == "42")
        assert province.full_name == "Tỉnh Hà Tĩnh" and province.tier == "tinh"
        communes = Unit.select().where(Unit.parent == province)
        assert communes.count() == 69
        assert sorted({u.kind for u in communes}) == ["commune", "ward"]
        assert Agency.select().count() == 70
        assert Procedure.select().count() >= 12


def test_seed_twice_changes_nothing(migrated_app):
    runner = migrated_app.test_cli_runner()
    runner.invoke(args=["seed"])
    with db.connection_context():
        before = dump()
    result = runner.invoke(args=["seed"])
    assert "nothing changed" in result.output
    with db.connection_context():
        assert dump() == before


@pytest.fixture
def broken_seed(tmp_path, migrated_app):
    seed_dir = tmp_path / "seed"
    shutil.copytree(migrated_app.config["SEED_DIR"], seed_dir, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    migrated_app.config["SEED_DIR"] = str(seed_dir)
    return seed_dir / "procedures.yaml"


def _rewrite(path, change):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


@pytest.mark.parametrize(
    "change, record, field",
    [
        (lambda d: d["procedures"][1]["rules"][0].pop("result"), 1, "rules[0].result"),
        (lambda d: d["procedures"][2].update(tier="thon"), 2, "tier"),
        (lambda d: d["procedures"][3]["rules"][1]["fees"][0].update(amount="tám nghìn"), 3, "rules[1].fees[0].amount"),
        (
            lambda d: d["procedures"][4]["form"]["steps"][0]["fields"][0].update(type="txt"),
            4,
            "form.steps[0].fields[0].type",
        ),
    ],
)
def test_broken_data_file_names_file_record_and_field_and_changes_nothing(
    migrated_app, broken_seed, change, record, field
):
    runner = migrated_app.test_cli_runner()
    assert runner.invoke(args=["seed"]).exit_code == 0
    with db.connection_context():
        before = dump()
    data = yaml.safe_load(broken_seed.read_text(encoding="utf-8"))
    code = data["procedures"][record]["code"]
    _rewrite(broken_seed, change)
    result = runner.invoke(args=["seed"])
    assert result.exit_code != 0
    assert "procedures.yaml" in result.output and code in result.output and field in result.output
    assert "nothing was changed" in result.output
    with db.connection_context():
        assert dump() == before


def test_a_failure_midway_rolls_back_every_write(migrated_app, broken_seed, monkeypatch):
    """Even an error the checks did not foresee leaves the database exactly as it was."""
    from webapp.seed import loader

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(loader, "write_catalogue", explode)
    with migrated_app.app_context(), db.connection_context():
        with pytest.raises(RuntimeError):
            load(migrated_app.config["SEED_DIR"])
        assert Unit.select().count() == 0


def test_unreadable_yaml_is_named(migrated_app, broken_seed):
    broken_seed.write_text("procedures: [\n  - code: '1.0\n", encoding="utf-8")
    with migrated_app.app_context(), db.connection_context(), pytest.raises(SeedError) as caught:
        load(migrated_app.config["SEED_DIR"])
    assert caught.value.file == "procedures.yaml"


def test_three_tier_tree_still_works(migrated_app):
    """The pre-2025 shape: province → district → commune, each unit handling its own tier."""
    runner = migrated_app.test_cli_runner()
    runner.invoke(args=["seed"])
    with migrated_app.app_context(), db.connection_context():
        province = Unit.get(Unit.code == "42")
        district = Unit.create(
            code="436", name="Can Lộc", full_name="Huyện Can Lộc", kind="district", tier="huyen", parent=province
        )
        commune = Unit.create(
            code="18400", name="Thiên Lộc", full_name="Xã Thiên Lộc", kind="commune", tier="xa", parent=district
        )
        moved = Procedure.select().where(Procedure.code == "1.009994").get()
        moved.tier = "huyen"
        moved.save()
        assert [u.code for u in commune.ancestors()] == ["42", "436", "18400"]
        assert [p.code for _, ps in services.procedures_for_unit(district) for p in ps] == ["1.009994"]
        assert "1.009994" not in [p.code for _, ps in services.procedures_for_unit(commune) for p in ps]
    client = migrated_app.test_client()
    html = client.get("/don-vi/18400").get_data(as_text=True)
    assert "Huyện Can Lộc" in html and "Xã Thiên Lộc" in html


def test_a_new_rule_set_version_takes_over_on_its_effective_date(migrated_app):
    """The page shows the rules in force today; a version announced for later waits its turn."""
    import datetime

    from webapp.models import RuleSet

    migrated_app.test_cli_runner().invoke(args=["seed"])
    with migrated_app.app_context(), db.connection_context():
        procedure = Procedure.get(Procedure.code == "1.001193")
        current = procedure.rules_on()
        data = {f.name: getattr(current, f.name) for f in RuleSet._meta.sorted_fields if f.name not in ("id",)}
        later = datetime.date.today() + datetime.timedelta(days=30)
        newest = max(rs.version for rs in procedure.rule_sets) + 1  # the catalogue already plans version 2 (1/3/2027)
        RuleSet.create(**{**data, "version": newest, "effective_from": later, "result": "Giấy khai sinh điện tử"})
        assert procedure.rules_on() == current
        assert procedure.rules_on(later).version == newest
    client = migrated_app.test_client()
    assert "Giấy khai sinh điện tử" not in client.get("/thu-tuc/1.001193").get_data(as_text=True)
    with migrated_app.app_context(), db.connection_context():
        RuleSet.update(effective_from=datetime.date.today()).where(RuleSet.version == newest).execute()
    html = client.get("/thu-tuc/1.001193").get_data(as_text=True)
    assert "Giấy khai sinh điện tử" in html and f"Phiên bản quy định {newest}" in html


def test_demo_dossiers_are_filed_once_at_every_stage(filing_app):
    from webapp.models import Dossier, SmsMessage

    runner = filing_app.test_cli_runner()
    first = runner.invoke(args=["seed", "--demo-dossiers"])
    assert first.exit_code == 0, first.output
    assert "5678" in first.output
    with filing_app.app_context(), db.connection_context():
        demo = list(Dossier.select().where(Dossier.applicant_phone == "+84912345678"))
        assert {d.status for d in demo} == {
            "cho_tiep_nhan",
            "cho_bo_sung",
            "da_tiep_nhan",
            "dang_xu_ly",
            "cho_tra_ket_qua",
            "da_tra_ket_qua",
            "tu_choi",
        }
        assert any(d.new_due_at for d in demo) and any(d.return_channel == "buu_chinh" for d in demo)
        assert [d.fee_amount for d in demo if d.fee_amount] == [16000], "one waits for its fee, to pay online"
        assert SmsMessage.select().where(SmsMessage.template == "posted").count() == 1
    assert runner.invoke(args=["seed", "--demo-dossiers"]).exit_code == 0
    with filing_app.app_context(), db.connection_context():
        assert Dossier.select().where(Dossier.applicant_phone == "+84912345678").count() == len(demo)
