"""The name a sensitive procedure goes by where strangers may read it: its field's, on pages and in SMS."""

from webapp.dossiers.discretion import is_sensitive, public_procedure_name, sms_procedure_name
from webapp.models import Procedure, RuleSet

# What the seed marks, and why: a death, a guardianship, parentage, a change of civil status or of
# ethnicity, a will, a disability, social protection of the poor, the sick or the orphaned.
SEEDED_SENSITIVE = {
    "1.000656": "Thủ tục lĩnh vực Hộ tịch",  # đăng ký khai tử
    "1.005461": "Thủ tục lĩnh vực Hộ tịch",  # đăng ký lại khai tử
    "1.004837": "Thủ tục lĩnh vực Hộ tịch",  # đăng ký giám hộ
    "1.004845": "Thủ tục lĩnh vực Hộ tịch",  # đăng ký chấm dứt giám hộ
    "1.001022": "Thủ tục lĩnh vực Hộ tịch",  # nhận cha, mẹ, con
    "1.000689": "Thủ tục lĩnh vực Hộ tịch",  # khai sinh kết hợp nhận cha, mẹ, con
    "1.004859": "Thủ tục lĩnh vực Hộ tịch",  # thay đổi, cải chính hộ tịch, xác định lại dân tộc
    "2.001019": "Thủ tục lĩnh vực Chứng thực",  # chứng thực di chúc
    "1.001699": "Thủ tục lĩnh vực Bảo trợ xã hội",  # xác định mức độ khuyết tật
    "1.001653": "Thủ tục lĩnh vực Bảo trợ xã hội",  # đổi, cấp lại Giấy xác nhận khuyết tật
    "1.001776": "Thủ tục lĩnh vực Bảo trợ xã hội",  # trợ cấp xã hội hằng tháng
    "1.001731": "Thủ tục lĩnh vực Bảo trợ xã hội",  # mai táng phí, đối tượng bảo trợ xã hội
    "1.014028": "Thủ tục lĩnh vực Bảo trợ xã hội",  # mai táng phí, hưu trí xã hội
}


def procedure(code):
    return Procedure.get(Procedure.code == code)


def test_the_seed_marks_the_sensitive_procedures_and_only_them(ctx):
    marked = {p.code for p in Procedure.select() if is_sensitive(p)}
    assert marked == set(SEEDED_SENSITIVE)
    every_version = RuleSet.select().join(Procedure).where(Procedure.code.in_(list(SEEDED_SENSITIVE)))
    assert all(rules.sensitive for rules in every_version), "a later version keeps the mark"


def test_a_sensitive_procedure_is_named_by_its_field_on_pages(ctx):
    for code, neutral in SEEDED_SENSITIVE.items():
        assert public_procedure_name(procedure(code), None, "vi") == neutral, code


def test_in_english_the_field_is_named_in_english(ctx):
    name = public_procedure_name(procedure("1.000656"), None, "en")
    assert "Civil status" in name and "eath" not in name and "khai tử" not in name


def test_in_an_sms_the_field_is_named_without_marks(ctx):
    assert sms_procedure_name(procedure("1.000656")) == "Thu tuc linh vuc Ho tich"
    assert sms_procedure_name(procedure("1.001699")) == "Thu tuc linh vuc Bao tro xa hoi"
    assert sms_procedure_name(procedure("2.001019")) == "Thu tuc linh vuc Chung thuc"


def test_other_procedures_keep_their_name(ctx):
    birth = procedure("1.001193")
    assert public_procedure_name(birth, birth.rules_on(), "vi") == "Thủ tục đăng ký khai sinh"
    assert public_procedure_name(birth, birth.rules_on(), "en") == "Birth registration"
    assert sms_procedure_name(birth, birth.rules_on()) == "Thu tuc dang ky khai sinh"
    pension = procedure("1.014027")  # a social pension by age reveals nothing one would hide
    assert sms_procedure_name(pension) == "Thu tuc thuc hien, dieu chinh, thoi huong tro cap huu tri xa hoi"
