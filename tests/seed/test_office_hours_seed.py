"""The seeded office-hours rules are found by their seed key, not their name: a re-seed rewrites its
own rules in place, keeps a rule an admin took over (renamed or not), and removes what the file dropped."""

from datetime import time

import pytest

from webapp.db import db
from webapp.models import OfficeHoursRule
from webapp.seed.calendar import seed_office_hours
from webapp.seed.records import Report, SeedError

RULE = """  - name: {name}
    {key}effective_from: 2024-01-01
    morning: ["07:00", "11:30"]
    afternoon: ["{afternoon}", "17:30"]
    basis: Thử
"""


def write(path, *rules):
    path.write_text("office_hours:\n" + "".join(RULE.format(**rule) for rule in rules), encoding="utf-8")
    return path


def rule(name, key="", afternoon="14:00"):
    return {"name": name, "key": f"key: {key}\n    " if key else "", "afternoon": afternoon}


def seeded(app, path):
    with app.app_context(), db.connection_context():
        seed_office_hours(Report(), path=path)
        return {row.seed_key: (row.name, row.afternoon_start, row.source) for row in OfficeHoursRule.select()}


def test_a_rule_renamed_in_the_file_under_its_key_is_the_same_row(migrated_app, tmp_path):
    path = tmp_path / "calendar.yaml"
    first = seeded(migrated_app, write(path, rule("Giờ hè", key="he")))
    again = seeded(migrated_app, write(path, rule("Giờ làm việc mùa hè", key="he", afternoon="13:30")))
    assert first == {"tinh:he": ("Giờ hè", time(14, 0), "seed")}
    assert again == {"tinh:he": ("Giờ làm việc mùa hè", time(13, 30), "seed")}


def test_a_rule_an_admin_took_over_is_kept_as_is_even_when_the_file_changes_or_drops_it(migrated_app, tmp_path):
    path = write(tmp_path / "calendar.yaml", rule("Giờ hè"), rule("Giờ đông"))
    seeded(migrated_app, path)
    with migrated_app.app_context(), db.connection_context():
        OfficeHoursRule.update(name="Hè (quản trị đặt tên)", source="manual").where(
            OfficeHoursRule.seed_key == "tinh:Giờ hè"
        ).execute()
    assert seeded(migrated_app, path)["tinh:Giờ hè"] == ("Hè (quản trị đặt tên)", time(14, 0), "manual")
    after = seeded(migrated_app, write(path, rule("Giờ hè", afternoon="13:00")))
    assert after == {"tinh:Giờ hè": ("Hè (quản trị đặt tên)", time(14, 0), "manual")}  # winter dropped, no new summer


def test_two_rules_with_one_key_are_refused_by_name(migrated_app, tmp_path):
    path = write(tmp_path / "calendar.yaml", rule("Giờ hè", key="mua"), rule("Giờ đông", key="mua"))
    with pytest.raises(SeedError, match="tinh:mua"):
        seeded(migrated_app, path)
