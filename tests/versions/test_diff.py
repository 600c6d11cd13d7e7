"""The plain-words difference between two versions: each kind of change is one clear sentence, the same
change on several channels is one sentence naming them, and no change says nothing."""

import copy
from pathlib import Path

import pytest
import yaml

from webapp.versions.diff import differences

SEED = Path(__file__).resolve().parents[2] / "webapp" / "seed" / "procedures.yaml"


@pytest.fixture(scope="module")
def birth():
    """The birth registration's first version as a bundle (the seed record with one rule set)."""
    record = next(p for p in yaml.safe_load(SEED.read_text(encoding="utf-8"))["procedures"] if p["code"] == "1.001193")
    rules = record["rules"][0] if isinstance(record["rules"], list) else record["rules"]
    return {**record, "rules": rules}


def changed(bundle, edit):
    new = copy.deepcopy(bundle)
    edit(new)
    return differences(bundle, new)


def one(bundle, edit):
    found = changed(bundle, edit)
    assert len(found) == 1, found
    return found[0]


def rules(edit):
    return lambda b: edit(b["rules"])


def fields(bundle):
    return bundle["form"]["steps"][0]["fields"]


def test_no_change_says_nothing(birth):
    assert differences(birth, copy.deepcopy(birth)) == []


def test_a_renamed_procedure(birth):
    sentence = one(birth, lambda b: b.update(name="Đăng ký khai sinh"))
    assert sentence == "Tên thủ tục: «Thủ tục đăng ký khai sinh» → «Đăng ký khai sinh»."


def test_the_online_class(birth):
    sentence = one(birth, lambda b: b.update(online_class="mot_phan"))
    assert sentence == (
        "Dịch vụ công trực tuyến: Dịch vụ công trực tuyến toàn trình → Dịch vụ công trực tuyến một phần."
    )


def test_a_time_limit_on_one_channel(birth):
    sentence = one(birth, rules(lambda r: r["time_limits"][1].update(amount=3, unit="working_day")))
    assert sentence == "Thời hạn giải quyết (trực tuyến): trong ngày làm việc → 3 ngày làm việc."


def test_a_fee_changed_alike_on_every_channel_is_one_sentence(birth):
    def dearer(r):
        for fee in r["fees"]:
            if fee["kind"] == "phi":
                fee["amount"] = 10000

    assert one(birth, rules(dearer)) == (
        "Phí cấp bản sao trích lục khai sinh (trực tiếp, trực tuyến, bưu chính): "
        "8.000 đồng một bản → 10.000 đồng một bản."
    )


def test_a_fee_kind(birth):
    sentence = one(birth, rules(lambda r: r["fees"][0].update(kind="phi")))
    assert sentence == "Lệ phí đăng ký khai sinh (trực tiếp): lệ phí → phí."


def test_an_added_and_a_removed_fee_item(birth):
    def add(r):
        r["fees"].append({"channel": "buu_chinh", "amount": 20000, "description": "Cước", "label": "Phí chuyển phát"})

    assert one(birth, rules(add)) == "Phí, lệ phí (bưu chính): thêm «Phí chuyển phát», 20.000 đồng."
    removed = one(birth, rules(lambda r: r["fees"].pop(0)))
    assert removed == "Phí, lệ phí (trực tiếp): bỏ «Lệ phí đăng ký khai sinh»."


def test_an_exemption_added(birth):
    sentence = one(birth, rules(lambda r: r["exemptions"].append({"reason": "Trẻ em mồ côi.", "proof": True})))
    assert sentence == "Miễn, giảm: thêm «Trẻ em mồ côi.» (kèm giấy tờ chứng minh)."


def test_legal_basis_numbers(birth):
    def swap(r):
        r["legal_bases"].pop(0)
        r["legal_bases"].append({"number": "15/2026/QH15", "title": "Luật Hộ tịch"})

    assert changed(birth, rules(swap)) == [
        "Căn cứ pháp lý: thêm 15/2026/QH15 (Luật Hộ tịch).",
        "Căn cứ pháp lý: bỏ 60/2014/QH13.",
    ]


def test_documents(birth):
    assert one(birth, rules(lambda r: r["documents"][1].update(kind="ban_sao"))) == (
        "Giấy tờ «Giấy chứng sinh»: bản chính → bản sao."
    )
    added = one(birth, rules(lambda r: r["documents"].append({"name": "Sổ hộ khẩu", "kind": "xuat_trinh", "count": 1})))
    assert added == "Thành phần hồ sơ: thêm «Sổ hộ khẩu» (xuất trình để đối chiếu, 1)."


def test_steps_conditions_and_result(birth):
    assert one(birth, rules(lambda r: r["steps"].__setitem__(1, "Kiểm tra hồ sơ."))) == (
        "Trình tự thực hiện, mục 2: sửa thành «Kiểm tra hồ sơ.»."
    )
    assert one(birth, rules(lambda r: r["conditions"].pop())).startswith("Yêu cầu, điều kiện: bỏ mục «Họ, chữ đệm")
    assert one(birth, rules(lambda r: r.update(result="Giấy khai sinh."))).startswith("Kết quả: «Giấy khai sinh")


def test_channels(birth):
    assert one(birth, rules(lambda r: r["channels"].remove("buu_chinh"))) == (
        "Cách thức thực hiện: bỏ Qua dịch vụ bưu chính."
    )


def test_the_15h_rule_and_the_supplement_clock(birth):
    assert one(birth, rules(lambda r: r.update(cutoff_15h=False))) == (
        "Bỏ quy định: hồ sơ nhận sau 15 giờ được trả kết quả trong ngày làm việc tiếp theo."
    )
    assert one(birth, rules(lambda r: r.update(supplement_clock="pause"))) == (
        "Khi yêu cầu bổ sung hồ sơ: thời hạn tính lại từ đầu khi nhận đủ hồ sơ bổ sung"
        " → thời hạn tạm dừng trong khi chờ bổ sung."
    )


def test_form_field_added_and_removed_name_their_step(birth):
    step = birth["form"]["steps"][0]["title"]
    added = one(birth, lambda b: fields(b).append({"name": "nghe", "type": "text", "label": "Nghề nghiệp"}))
    assert added == f"Tờ khai: thêm trường «Nghề nghiệp» (bước «{step}»)."
    label = fields(birth)[0]["label"]
    assert one(birth, lambda b: fields(b).pop(0)) == f"Tờ khai: bỏ trường «{label}» (bước «{step}»)."


def test_form_field_changes(birth):
    label = fields(birth)[0]["label"]
    relabelled = one(birth, lambda b: fields(b)[0].update(label="Họ và tên"))
    assert relabelled == f"Tờ khai: trường «{label}» đổi nhãn thành «Họ và tên»."
    optional = one(birth, lambda b: fields(b)[0].update(required=False))
    assert optional == f"Tờ khai, trường «{label}»: không bắt buộc điền."
    bound = one(birth, lambda b: fields(b)[0].setdefault("validation", {}).update(max_length=60))
    assert bound.startswith(f"Tờ khai, trường «{label}»: số ký tự nhiều nhất ") and bound.endswith("→ 60.")


def test_form_choices_and_steps(birth):
    with_choices = next(f for s in birth["form"]["steps"] for f in s["fields"] if f.get("choices"))

    def more_choices(b):
        field = next(f for s in b["form"]["steps"] for f in s["fields"] if f["name"] == with_choices["name"])
        field["choices"].append({"value": "khac", "label": "Khác"})

    assert one(birth, more_choices) == f"Tờ khai, trường «{with_choices['label']}»: thêm lựa chọn «Khác»."
    new_step = {"key": "ghi_chu", "title": "Ghi chú", "fields": []}
    assert one(birth, lambda b: b["form"]["steps"].append(new_step)) == "Tờ khai: thêm bước «Ghi chú»."


def test_a_field_asked_only_on_an_earlier_answer(birth):
    chooser = next(f for f in fields(birth) if f.get("choices"))
    later = fields(birth)[-1]
    value, choice = chooser["choices"][0]["value"], chooser["choices"][0]["label"]
    sentence = one(birth, lambda b: fields(b)[-1].update(show_if={"field": chooser["name"], "in": [value]}))
    assert sentence == (
        f"Tờ khai, trường «{later['label']}»: khi nào hỏi: luôn hỏi → chỉ hỏi khi «{chooser['label']}» là «{choice}»."
    )
