"""A draft's problems reach the admin in Vietnamese: the hub and a section name where (Phí, lệ phí mục 1 ›
Số tiền…, not rules.fees[0].amount), the preview words a form that does not read, and a section's row-list
error is tied to its rows for screen readers."""

import copy

from tests.catalogue_admin.editor_helpers import INDEX, admin, draft_id, form_values, post_section, section, start
from tests.pages import check_page
from webapp.db import db
from webapp.models import CatalogueDraft, Staff
from webapp.versions import drafts


def _broken(app, draft):
    """A negative fee and a condition naming a field that does not exist, saved as an edit would."""
    with app.app_context(), db.connection_context():
        row = CatalogueDraft.get_by_id(draft)
        bundle = copy.deepcopy(row.bundle)
        bundle["rules"]["fees"][0]["amount"] = -5
        bundle["form"]["steps"][0]["fields"][0]["show_if"] = {"field": "khong_co", "in": ["a"]}
        drafts.save(row, bundle, Staff.get_by_id(row.created_by_id))


def test_the_hub_and_the_section_name_places_in_words(filing_app, unique):
    client = admin(filing_app, f"qt.tu{unique}")
    draft = draft_id(start(client))
    _broken(filing_app, draft)
    hub = check_page(client.get(f"{INDEX}ban-nhap/{draft}/sua").get_data(as_text=True))
    errors = " ".join(e.get_text(" ", strip=True) for e in hub.select("dd .error"))
    assert "Phí, lệ phí mục 1 › Số tiền, số lượng" in errors
    assert "rules.fees[0]" not in errors and "form.steps[0]" not in errors
    assert "Tờ khai không có trường “khong_co”" in errors and "is not a field" not in errors
    fees = section(client, draft, "phi")
    listed = fees.find(id="van-de").get_text(" ", strip=True)
    assert "Phí, lệ phí mục 1" in listed and "rules.fees" not in listed


def test_the_preview_words_a_form_that_does_not_read(filing_app, unique):
    client = admin(filing_app, f"qt.tv{unique}")
    draft = draft_id(start(client))
    _broken(filing_app, draft)
    soup = check_page(client.get(f"{INDEX}ban-nhap/{draft}/xem-truoc").get_data(as_text=True))
    shown = soup.find("p", class_="error").get_text(" ", strip=True)
    assert "Tờ khai không có trường “khong_co”" in shown and "Tờ khai › Các bước mục 1" in shown
    assert "condition" not in shown and "steps[0]" not in shown


def test_a_row_list_error_is_tied_to_its_rows(filing_app, unique):
    client = admin(filing_app, f"qt.tw{unique}")
    draft = draft_id(start(client))
    values = form_values(section(client, draft, "thoi-han"))
    twice = dict(values, **{"rows-3-channel": "truc_tiep", "rows-3-amount": "2", "rows-3-unit": "working_day"})
    soup = check_page(post_section(client, draft, "thoi-han", twice).get_data(as_text=True))
    rows = soup.find(id="dong")
    error = soup.find(id=rows["aria-describedby"])
    assert "Mỗi cách nộp chỉ có một thời hạn." in error.get_text()
    assert rows["role"] == "group" and soup.find(id=rows["aria-labelledby"]).name == "h2"
    untouched = section(client, draft, "thoi-han").find(id="dong")
    assert not untouched.has_attr("aria-describedby")


def test_the_papers_error_is_tied_to_its_fieldset(filing_app, unique):
    import re

    client = admin(filing_app, f"qt.gt{unique}")
    draft = draft_id(start(client))
    url = f"{INDEX}ban-nhap/{draft}/to-khai"
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', client.get(url).get_data(as_text=True)).group(1)
    response = client.post(f"{url}/giay-to", data={"csrf_token": token, "papers": ["999999"]})
    soup = check_page(response.get_data(as_text=True))
    group = soup.find("fieldset", id="papers")
    error = soup.find(id=group["aria-describedby"])
    assert error is not None and "error" in error["class"] and error.parent is group
