"""`make run` seeds again at every start: what the admins changed in the browser must survive it."""

import copy
import datetime

from webapp.identity.services import create_staff
from webapp.models import LegalDocument, Procedure, RuleSet
from webapp.models.dossier import utcnow
from webapp.seed.loader import load
from webapp.versions import drafts

BIRTH = "1.001193"


def test_a_register_row_an_admin_edited_is_not_written_over(ctx):
    document = LegalDocument.get(LegalDocument.number == "60/2014/QH13")
    document.title, document.source = "Luật Hộ tịch (đã sửa tay)", "manual"
    document.save()
    load(ctx.config["SEED_DIR"])
    assert LegalDocument.get(LegalDocument.number == "60/2014/QH13").title == "Luật Hộ tịch (đã sửa tay)"
    assert LegalDocument.get(LegalDocument.number == "123/2015/NĐ-CP").source == "seed"


def test_a_procedure_with_a_published_version_is_left_to_the_admins(ctx):
    author = create_staff("qt.seed.a", "quan_tri_tinh", ["42"], "A", "mot-mat-khau-dai-1!")
    approver = create_staff("qt.seed.b", "quan_tri_tinh", ["42"], "B", "mot-mat-khau-dai-1!")
    procedure = Procedure.get(Procedure.code == BIRTH)
    draft = drafts.start(procedure, author)
    bundle = copy.deepcopy(draft.bundle)
    bundle["name"] = "Đăng ký khai sinh (tên mới)"
    drafts.save(draft, bundle, author)
    drafts.submit(draft, author)
    published = drafts.approve(draft, approver, utcnow() - datetime.timedelta(minutes=1))
    versions = RuleSet.select().where(RuleSet.procedure == procedure).count()
    load(ctx.config["SEED_DIR"])
    procedure = Procedure.get(Procedure.code == BIRTH)
    assert procedure.name == "Đăng ký khai sinh (tên mới)"
    assert RuleSet.select().where(RuleSet.procedure == procedure).count() == versions
    assert procedure.rules_on().id == published.id
