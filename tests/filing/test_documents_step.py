"""The documents step: the tờ khai filled in online is not asked again, a paper needed only in some cases
says "(nếu có)" wherever papers are listed, each paper has its own upload button, one "Tiếp tục" moves
on, and the check page lists each file under its paper."""

import copy
import io
import re
from pathlib import Path

import pytest

from tests.factories import BIRTH, PDF
from tests.staff_login import officer
from tests.walks import citizen_on_a_draft, counter_form
from webapp.db import db
from webapp.models import Attachment
from webapp.seed.records import read_yaml
from webapp.versions.schema import RecordError, check_procedure

TO_KHAI, CHUNG_SINH, UY_QUYEN = 0, 1, 4  # papers of Đăng ký khai sinh, by their index in the rule set


@pytest.fixture
def citizen(filing_app):
    return citizen_on_a_draft(filing_app)


def post_files(citizen, files, action):
    data = {f"doc-{index}": (io.BytesIO(PDF), name) for index, name in files.items()}
    return citizen.post(f"/nop/{citizen.token}/giay-to", {**data, "action": action}, content_type="multipart/form-data")


def stored(app, token):
    with app.app_context(), db.connection_context():
        query = Attachment.select().where(Attachment.draft.in_([d.id for d in _drafts(token)]))
        return sorted((a.document_index, a.original_name) for a in query)


def _drafts(token):
    from webapp.models import Draft

    return list(Draft.select().where(Draft.token == token))


def test_the_form_filled_online_is_not_asked_for_and_says_why(citizen):
    page = citizen.page(f"/nop/{citizen.token}/giay-to")
    inputs = [i["id"] for i in page.select("input[type=file]")]
    assert f"doc-{TO_KHAI}" not in inputs and inputs == [f"doc-{CHUNG_SINH}", f"doc-{UY_QUYEN}"]
    note = page.find(string=re.compile("đã điền trực tuyến")).parent.get_text()
    assert note == "Tờ khai bạn đã điền trực tuyến, không cần tải lên: Tờ khai đăng ký khai sinh."


def test_each_paper_has_its_own_named_button_and_one_continue(citizen):
    page = citizen.page(f"/nop/{citizen.token}/giay-to")
    buttons = [b.get_text(strip=True) for b in page.select("form button[type=submit]:not([formaction])")]
    assert buttons == ["Tải lên Giấy chứng sinh", "Tải lên Văn bản ủy quyền", "Tiếp tục"]
    label = page.find("label", attrs={"for": f"doc-{UY_QUYEN}"}).get_text(" ", strip=True)
    assert label.startswith("Văn bản ủy quyền (nếu có)")
    assert "(nếu có)" not in page.find("label", attrs={"for": f"doc-{CHUNG_SINH}"}).get_text()


def test_uploading_stays_on_the_page_and_continue_moves_on_without_javascript(citizen, filing_app):
    response = post_files(citizen, {CHUNG_SINH: "giay-chung-sinh.pdf"}, "upload")
    assert response.status_code == 303 and response.headers["Location"].endswith("/giay-to")
    page = citizen.page(f"/nop/{citizen.token}/giay-to")
    field = page.find(id=f"doc-{CHUNG_SINH}").parent
    assert field.find("a", string="giay-chung-sinh.pdf")
    response = post_files(citizen, {UY_QUYEN: "uy-quyen.pdf"}, "continue")  # files chosen go up too
    assert response.status_code == 303 and response.headers["Location"].endswith("/kiem-tra")
    assert stored(filing_app, citizen.token) == [(CHUNG_SINH, "giay-chung-sinh.pdf"), (UY_QUYEN, "uy-quyen.pdf")]


def test_a_file_sent_for_the_online_form_is_not_kept(citizen, filing_app):
    post_files(citizen, {TO_KHAI: "to-khai.pdf"}, "upload")
    assert stored(filing_app, citizen.token) == []
    response = citizen.post(f"/nop/{citizen.token}/tai-len", {"doc": TO_KHAI, "name": "to-khai.pdf", "size": 10})
    assert response.status_code == 400


def test_the_check_page_lists_each_file_under_its_paper(citizen):
    post_files(citizen, {CHUNG_SINH: "giay-chung-sinh.pdf", UY_QUYEN: "uy-quyen.pdf"}, "upload")
    post_files(citizen, {CHUNG_SINH: "giay-chung-sinh-mat-sau.pdf"}, "upload")
    section = citizen.page(f"/nop/{citizen.token}/kiem-tra").find(id="s-docs").parent
    listed = {
        row.dt.get_text(strip=True): [li.get_text(strip=True) for li in row.select("li")]
        for row in section.select(".papers > div")
    }
    assert listed == {
        "Giấy chứng sinh": ["giay-chung-sinh.pdf", "giay-chung-sinh-mat-sau.pdf"],
        "Văn bản ủy quyền (nếu có)": ["uy-quyen.pdf"],
    }


def test_every_list_of_papers_marks_the_optional_ones(client, filing_app):
    procedure = client.get(f"/thu-tuc/{BIRTH}").get_data(as_text=True)
    assert "Văn bản ủy quyền (nếu có)" in procedure and "Giấy chứng nhận kết hôn của cha, mẹ (nếu có)" in procedure
    assert "Giấy chứng sinh (nếu có)" not in procedure
    start = client.get(f"/thu-tuc/{BIRTH}/nop-truc-tuyen").get_data(as_text=True)
    assert "Văn bản ủy quyền (nếu có)" in start and "Tờ khai đăng ký khai sinh</li>" not in start
    desk = counter_form(officer(filing_app, "mc.giayto"), filing_app)
    names = [span.get_text() for span in desk.select(".paper-received label.choice span")]
    assert "Văn bản ủy quyền (nếu có)" in names and "Tờ khai đăng ký khai sinh" in names  # on paper at the desk


# -- the data ----------------------------------------------------------------------------------


CATALOGUE = Path(__file__).parents[2] / "webapp" / "seed" / "procedures.yaml"


def demo_records():
    return read_yaml(CATALOGUE)["procedures"]


def test_every_procedure_filed_online_marks_the_tờ_khai_its_form_fills_in():
    for record in demo_records():
        if record["online_class"] == "thong_tin":
            continue
        versions = record["rules"] if isinstance(record["rules"], list) else [record["rules"]]
        for rules in versions:
            documents = rules["documents"]
            forms = [d["name"] for d in documents if d.get("online_form")]
            named_like_the_form = [d["name"] for d in documents if d["name"].startswith(("Tờ khai", "Giấy đề nghị"))]
            assert set(named_like_the_form) <= set(forms), (record["code"], rules["version"])


def test_the_seed_refuses_a_paper_with_a_wrong_flag_naming_it():
    record = next(r for r in demo_records() if r["code"] == BIRTH)
    cases = [
        ({"online_form": "yes"}, "documents[0].online_form", "expected bool"),
        ({"optional": 1}, "documents[0].optional", "expected bool"),
        ({"kind": "xuat_trinh", "online_form": True}, "documents[0].online_form", "ban_chinh"),
        ({"nếu_có": True}, "documents[0].nếu_có", "unknown key"),
    ]
    for change, path, words in cases:
        broken = copy.deepcopy(record)
        broken["rules"][0]["documents"][0].update(change)  # birth registration has versions (2027-03-01)
        with pytest.raises(RecordError) as error:
            check_procedure(broken, ["HT"])
        assert error.value.path == f"rules[0].{path}" and words in error.value.message, (change, error.value)
