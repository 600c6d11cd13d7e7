"""A version's "sensitive" mark travels with it: into a draft, through approval into the published
version, out in an exported file and back in by import, and it is named when it changes."""

import copy
import datetime

import pytest
import yaml

from webapp.db import db
from webapp.identity.services import create_staff
from webapp.models import Procedure, RuleSet, Staff
from webapp.models.dossier import utcnow
from webapp.versions import drafts
from webapp.versions.bundle import bundle_of, problems
from webapp.versions.diff import differences
from webapp.versions.transfer import check_bundle, export_bundle, import_bundle

DEATH = "1.000656"  # đăng ký khai tử: seeded as sensitive
HOUSEHOLD = "1.001612"  # đăng ký thành lập hộ kinh doanh: not
MARKED = "Đánh dấu thủ tục nhạy cảm: tin nhắn và trang công khai chỉ nêu lĩnh vực, không nêu tên thủ tục."
UNMARKED = "Bỏ đánh dấu thủ tục nhạy cảm: tin nhắn và trang công khai nêu lại tên thủ tục."


@pytest.fixture
def writing(filing_app):
    with filing_app.test_request_context(), db.connection_context():
        yield filing_app


def procedure(code):
    return Procedure.get(Procedure.code == code)


def admins():
    """Two province admins: one writes, the other approves."""
    return _admin("qt.soan.nc", "Ngô Văn Long"), _admin("qt.duyet.nc", "Đỗ Thị Thu")


def _admin(username, name):
    found = Staff.get_or_none(Staff.username == username)
    return found or create_staff(username, "quan_tri_tinh", ["42"], name, "mot-mat-khau-dai-1!")


def published(code, sensitive):
    """The procedure's next version, with the mark set as told, approved by a second admin; its RuleSet."""
    author, approver = admins()
    draft = drafts.start(procedure(code), author)
    bundle = copy.deepcopy(draft.bundle)
    bundle["rules"]["sensitive"] = sensitive
    drafts.save(draft, bundle, author)
    assert drafts.submit(draft, author) == []
    drafts.approve(draft, approver, utcnow() + datetime.timedelta(days=1))
    return RuleSet.select().join(Procedure).where(Procedure.code == code).order_by(RuleSet.version.desc()).get()


def test_a_draft_starts_with_the_mark_of_the_version_it_comes_from(writing):
    author, _ = admins()
    assert drafts.start(procedure(DEATH), author).bundle["rules"]["sensitive"] is True
    assert drafts.start(procedure(HOUSEHOLD), author).bundle["rules"]["sensitive"] is False


def test_approval_publishes_the_mark_and_its_removal(writing):
    assert published(HOUSEHOLD, True).sensitive is True
    assert published(DEATH, False).sensitive is False


def test_the_differences_name_a_change_of_the_mark_and_nothing_else_when_it_stays(writing):
    before = bundle_of(procedure(HOUSEHOLD))
    after = copy.deepcopy(before)
    after["rules"]["sensitive"] = True
    assert differences(before, after) == [MARKED]
    assert differences(after, before) == [UNMARKED]
    assert differences(before, copy.deepcopy(before)) == []
    seeded = copy.deepcopy(before)
    del seeded["rules"]["sensitive"]  # a file written before the mark existed: not sensitive
    assert differences(seeded, before) == []


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_export_then_import_keeps_the_mark(writing, fmt):
    text = export_bundle(procedure(DEATH), fmt)
    if fmt == "yaml":
        assert yaml.safe_load(text)["rules"]["sensitive"] is True
        assert "\n  sensitive: true\n" in text
    bundle, found = check_bundle(text, fmt)
    assert found == [] and bundle["rules"]["sensitive"] is True
    author, _ = admins()
    draft, _added = import_bundle(bundle, author)
    assert draft.bundle["rules"]["sensitive"] is True


def test_an_exported_ordinary_procedure_says_it_is_not_sensitive(writing):
    assert "\n  sensitive: false\n" in export_bundle(procedure(HOUSEHOLD), "yaml")


def test_a_mark_that_is_not_true_or_false_is_a_problem_at_its_place(writing):
    bundle = bundle_of(procedure(DEATH))
    bundle["rules"]["sensitive"] = "có"
    assert [p.path for p in problems(bundle)] == ["rules.sensitive"]
