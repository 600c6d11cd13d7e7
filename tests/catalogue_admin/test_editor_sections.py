"""Every section of a draft is editable in the browser: saved into the draft, or refused beside the
field with what was typed kept; the schema's problems for a section are shown on its page."""

import re

from tests.catalogue_admin.editor_helpers import (
    INDEX,
    admin,
    bundle_of_draft,
    draft_id,
    form_values,
    post_section,
    section,
    start,
    token_of,
)
from tests.pages import check_page


def saved(client, draft, slug, values):
    response = post_section(client, draft, slug, values)
    errors = "" if response.status_code == 303 else check_page(response.get_data(as_text=True)).select(".error")
    assert response.status_code == 303, errors
    return response


def refused(client, draft, slug, values):
    response = post_section(client, draft, slug, values)
    assert response.status_code == 200
    return check_page(response.get_data(as_text=True))


def test_the_general_items_are_saved_and_a_missing_name_refused(filing_app, unique):
    client = admin(filing_app, f"qt.tt{unique}")
    draft = draft_id(start(client))
    values = form_values(section(client, draft, "thong-tin"))
    soup = refused(client, draft, "thong-tin", dict(values, name="", applicants="Công dân Việt Nam"))
    assert "Vui lòng nhập tên thủ tục." in soup.find(id="name-error").get_text()
    assert soup.find(id="applicants")["value"] == "Công dân Việt Nam"
    saved(client, draft, "thong-tin", dict(values, name="Đăng ký khai sinh (sửa)", tier="xa", legacy_level="3"))
    bundle = bundle_of_draft(filing_app, draft)
    assert bundle["name"] == "Đăng ký khai sinh (sửa)" and bundle["legacy_level"] == 3


def test_a_legal_basis_is_a_register_number(filing_app, unique):
    client = admin(filing_app, f"qt.cc{unique}")
    draft = draft_id(start(client))
    page = section(client, draft, "can-cu")
    values = form_values(page)
    cited = {value for name, value in values.items() if name.endswith("-number")}
    offered = [o["value"] for o in page.find("datalist", id="so-hieu-van-ban").find_all("option")]
    number = next(n for n in offered if n not in cited)  # a register row the draft does not cite yet
    first = values["rows-0-number"]
    empty = max(int(n) for n in re.findall(r"rows-(\d+)-number", " ".join(values)))
    soup = refused(client, draft, "can-cu", dict(values, **{f"rows-{empty}-number": "999/2099/NĐ-CP"}))
    assert "chưa có trong danh mục" in soup.find(id=f"rows-{empty}-number-error").get_text()
    assert soup.find(id=f"rows-{empty}-number")["value"] == "999/2099/NĐ-CP"
    changed = dict(values, **{f"rows-{empty}-number": number, f"rows-{empty}-note": "Điều 5", "rows-0-remove": "y"})
    saved(client, draft, "can-cu", changed)
    bases = bundle_of_draft(filing_app, draft)["rules"]["legal_bases"]
    numbers = [b["number"] for b in bases]
    assert number in numbers and first not in numbers
    added = bases[numbers.index(number)]
    assert added["note"] == "Điều 5" and added["title"]


def test_the_form_reference_is_edited_on_the_form_editor(filing_app, unique):
    client = admin(filing_app, f"qt.mau{unique}")
    draft = draft_id(start(client))
    url = f"{INDEX}ban-nhap/{draft}/to-khai"
    form = check_page(client.get(url).get_data(as_text=True)).find("input", id="reference").find_parent("form")
    values = {i["name"]: i.get("value", "") for i in form.find_all("input") if i.get("name")}
    values["reference"] = "Mẫu số 01 ban hành kèm theo Thông tư số 04/2024/TT-BTP (sửa)"
    assert client.post(url, data=values).status_code == 303
    assert bundle_of_draft(filing_app, draft)["form"]["reference"].endswith("(sửa)")


def test_steps_conditions_and_result_are_lines(filing_app, unique):
    client = admin(filing_app, f"qt.tr{unique}")
    draft = draft_id(start(client))
    values = form_values(section(client, draft, "trinh-tu"))
    soup = refused(client, draft, "trinh-tu", dict(values, steps="  \n", result="Giấy khai sinh"))
    assert soup.find(id="steps-error")
    saved(client, draft, "trinh-tu", dict(values, steps="Bước một\n\nBước hai\n", conditions=""))
    rules = bundle_of_draft(filing_app, draft)["rules"]
    assert rules["steps"] == ["Bước một", "Bước hai"] and rules["conditions"] == []


def test_documents_are_rows_added_removed_and_checked(filing_app, unique):
    client = admin(filing_app, f"qt.hs{unique}")
    draft = draft_id(start(client))
    values = form_values(section(client, draft, "ho-so"))
    count = len(set(re.findall(r"rows-(\d+)-name", " ".join(values))))
    more = check_page(post_section(client, draft, "ho-so", dict(values, them="1")).get_data(as_text=True))
    assert len(more.select("fieldset.row")) == count + 1
    empty = count - 1
    bad = dict(values, **{f"rows-{empty}-name": "Giấy chứng sinh", f"rows-{empty}-kind": "ban_sao"})
    bad.update({f"rows-{empty}-count": "0", f"rows-{empty}-online_form": "y"})
    soup = refused(client, draft, "ho-so", bad)
    assert soup.find(id=f"rows-{empty}-count-error") and soup.find(id=f"rows-{empty}-online_form-error")
    assert soup.find(id=f"rows-{empty}-name")["value"] == "Giấy chứng sinh"
    good = dict(bad, **{f"rows-{empty}-count": "2", "rows-0-remove": "y"})
    good.pop(f"rows-{empty}-online_form")
    saved(client, draft, "ho-so", good)
    documents = bundle_of_draft(filing_app, draft)["rules"]["documents"]
    assert len(documents) == count - 1 and documents[-1] == {"name": "Giấy chứng sinh", "kind": "ban_sao", "count": 2}


def test_time_limits_keep_one_per_channel_and_the_clock_rules(filing_app, unique):
    client = admin(filing_app, f"qt.th{unique}")
    draft = draft_id(start(client))
    values = form_values(section(client, draft, "thoi-han"))
    twice = dict(values, **{"rows-3-channel": "truc_tiep", "rows-3-amount": "2", "rows-3-unit": "working_day"})
    assert "Mỗi cách nộp chỉ có một thời hạn." in refused(client, draft, "thoi-han", twice).get_text()
    zero = dict(values, **{"rows-1-amount": "0", "rows-1-unit": "working_hour"})
    assert refused(client, draft, "thoi-han", zero).find(id="rows-1-amount-error")
    changed = dict(values, **{"rows-1-amount": "4,5", "rows-1-unit": "working_hour", "supplement_clock": "pause"})
    changed.pop("cutoff_15h")
    saved(client, draft, "thoi-han", changed)
    rules = bundle_of_draft(filing_app, draft)["rules"]
    assert rules["time_limits"][1]["amount"] == 4.5 and rules["time_limits"][1]["unit"] == "working_hour"
    assert rules["cutoff_15h"] is False and rules["supplement_clock"] == "pause"


def test_a_fee_per_page_with_a_tier_and_caps(filing_app, unique):
    client = admin(filing_app, f"qt.tr{unique}")
    draft = draft_id(start(client))
    values = form_values(section(client, draft, "phi"))
    tiered = {"rows-1-per": "trang", "rows-1-then_from": "3", "rows-1-then_amount": "1.000", "rows-1-max": "200.000"}
    tiered.update({"rows-1-max_per_copy": "50000", "rows-1-pages": "so_trang", "rows-1-point": "truoc_tra_ket_qua"})
    saved(client, draft, "phi", dict(values, **tiered))
    fee = bundle_of_draft(filing_app, draft)["rules"]["fees"][1]
    assert fee["per"] == "trang" and fee["then"] == {"from": 3, "amount": 1000}
    assert (fee["max"], fee["max_per_copy"], fee["point"]) == (200000, 50000, "truoc_tra_ket_qua")
    page = section(client, draft, "phi")  # the form has no so_trang field: the schema says so on the page
    assert "Phí, lệ phí mục 2 › Số trang: Tờ khai không có trường “so_trang”" in page.find(id="van-de").get_text()


def test_fee_rules_of_the_schema_are_worded_beside_the_field(filing_app, unique):
    client = admin(filing_app, f"qt.ph{unique}")
    draft = draft_id(start(client))
    values = form_values(section(client, draft, "phi"))
    bad = dict(values, **{"rows-0-optional": "y", "rows-1-then_from": "1", "rows-1-then_amount": "500"})
    bad.update({"rows-1-amount": "mười nghìn", "rows-0-description": ""})
    soup = refused(client, draft, "phi", bad)
    for field in ("rows-0-optional", "rows-0-description", "rows-1-then_from", "rows-1-amount"):
        assert soup.find(id=f"{field}-error"), field
    assert soup.find(id="rows-1-amount")["value"] == "mười nghìn"


def test_exemptions_with_proof_and_the_kinds_they_cover(filing_app, unique):
    client = admin(filing_app, f"qt.mi{unique}")
    draft = draft_id(start(client))
    values = form_values(section(client, draft, "mien"))
    empty = max(int(n) for n in re.findall(r"rows-(\d+)-reason", " ".join(values)))
    added = {
        f"rows-{empty}-reason": "Người khuyết tật.",
        f"rows-{empty}-proof": "y",
        f"rows-{empty}-covers": ["le_phi"],
    }
    saved(client, draft, "mien", dict(values, **added))
    exemptions = bundle_of_draft(filing_app, draft)["rules"]["exemptions"]
    assert exemptions[-1] == {"reason": "Người khuyết tật.", "proof": True, "covers": ["le_phi"]}


def test_channels_need_one_at_least(filing_app, unique):
    client = admin(filing_app, f"qt.kn{unique}")
    draft = draft_id(start(client))
    values = form_values(section(client, draft, "kenh"))
    assert refused(client, draft, "kenh", dict(values, channels=[])).find(id="channels-error")
    saved(client, draft, "kenh", dict(values, channels=["truc_tiep", "truc_tuyen"]))
    assert bundle_of_draft(filing_app, draft)["rules"]["channels"] == ["truc_tiep", "truc_tuyen"]


def test_a_unit_admin_reads_a_draft_but_may_not_change_it(filing_app, unique):
    draft = draft_id(start(admin(filing_app, f"qt.a{unique}")))
    reader = admin(filing_app, f"qt.dv{unique}", role="quan_tri_don_vi", unit="18073")
    page = section(reader, draft, "phi")
    assert page.find("fieldset", class_="plain").has_attr("disabled") and not page.find("button", string="Lưu")
    token = token_of(reader.get(f"{INDEX}ban-nhap/{draft}/sua").get_data(as_text=True))
    assert post_section(reader, draft, "phi", {"csrf_token": token}).status_code == 403


HOSTILE = ["9" * 400, "-1e999", "\x00", "1,5e9", "99999999999999999", "x" * 3000, "", "0,000001"]


def test_hostile_answers_never_break_a_section(filing_app, unique):
    """Every section, every field of its form given odd values (and rows with far-off numbers): a page
    with errors or a save, never a server error."""
    client = admin(filing_app, f"qt.xau{unique}")
    draft = draft_id(start(client))
    for slug in ("thong-tin", "can-cu", "trinh-tu", "ho-so", "thoi-han", "phi", "mien", "kenh"):
        values = form_values(section(client, draft, slug))
        for i, bad in enumerate(HOSTILE):
            posted = {name: (value if name == "csrf_token" else bad) for name, value in values.items()}
            posted[f"rows-{10**12 + i}-amount"] = bad
            response = post_section(client, draft, slug, posted)
            assert response.status_code in (200, 303), (slug, bad[:20], response.status_code)


def test_control_characters_are_not_kept(filing_app, unique):
    client = admin(filing_app, f"qt.nul{unique}")
    draft = draft_id(start(client))
    values = form_values(section(client, draft, "trinh-tu"))
    saved(client, draft, "trinh-tu", dict(values, result="Giấy\x00 xác nhận\x07", steps="Một\r\nHai\tba"))
    rules = bundle_of_draft(filing_app, draft)["rules"]
    assert rules["result"] == "Giấy xác nhận" and rules["steps"] == ["Một", "Hai\tba"]
