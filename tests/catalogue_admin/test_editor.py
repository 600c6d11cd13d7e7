"""The procedure editor: the index, starting a draft (never two), and each section saved or refused."""

import datetime

from tests.catalogue_admin.editor_helpers import (
    BIRTH,
    INDEX,
    admin,
    bundle_of_draft,
    draft_id,
    form_values,
    post_section,
    section,
    start,
)
from tests.pages import check_page
from tests.staff_login import new_staff
from webapp.db import db
from webapp.forms_engine.dates import local_today
from webapp.models import CatalogueDraft, Procedure
from webapp.models.dossier import utcnow
from webapp.text import vi_sorted
from webapp.versions import drafts
from webapp.versions.bundle import newest_version


def test_the_index_lists_every_procedure_in_vietnamese_order(app, unique):
    client = admin(app, f"qt.idx{unique}")
    soup = check_page(client.get(INDEX).get_data(as_text=True))
    names = [row.find_all("td")[1].get_text(strip=True) for row in soup.select("#thu-tuc tbody tr")]
    with app.app_context(), db.connection_context():
        seeded = [p.name for p in Procedure.select()]
    assert len(names) >= len(seeded) and set(seeded) <= set(names)
    assert names == vi_sorted(names)
    assert soup.find("a", string="Thêm thủ tục")


def test_sua_makes_one_draft_and_a_second_sua_goes_to_it(filing_app, unique):
    client = admin(filing_app, f"qt.sua{unique}")
    first = start(client)
    assert start(client) == first
    hub = check_page(client.get(first).get_data(as_text=True))
    assert "Thủ tục đăng ký khai sinh" in hub.get_text()
    assert hub.find("a", string="Phí, lệ phí")
    index = client.get(INDEX).get_data(as_text=True)
    assert index.count(f"ban-nhap/{draft_id(first)}/sua") == 1


def test_a_fee_changes_kind_and_amount(filing_app, unique):
    client = admin(filing_app, f"qt.phi{unique}")
    draft = draft_id(start(client))
    values = form_values(section(client, draft, "phi"))
    assert values["rows-1-kind"] == "phi"
    values.update({"rows-0-kind": "phi", "rows-1-amount": "10.000"})
    response = post_section(client, draft, "phi", values)
    assert response.status_code == 303, check_page(response.get_data(as_text=True)).select(".error")
    fees = bundle_of_draft(filing_app, draft)["rules"]["fees"]
    assert fees[0]["kind"] == "phi" and fees[1]["amount"] == 10000 and fees[1]["per"] == "ban"


def test_a_negative_fee_is_refused_beside_its_field_and_kept(filing_app, unique):
    client = admin(filing_app, f"qt.am{unique}")
    draft = draft_id(start(client))
    values = form_values(section(client, draft, "phi"))
    values["rows-1-amount"] = "-5000"
    response = post_section(client, draft, "phi", values)
    assert response.status_code == 200
    soup = check_page(response.get_data(as_text=True))
    assert "Không được nhập số âm." in soup.find(id="rows-1-amount-error").get_text()
    assert soup.find(id="rows-1-amount")["value"] == "-5000"
    assert bundle_of_draft(filing_app, draft)["rules"]["fees"][1]["amount"] == 8000


def test_a_time_limit_is_saved_and_a_bad_unit_refused(filing_app, unique):
    client = admin(filing_app, f"qt.th{unique}")
    draft = draft_id(start(client))
    values = form_values(section(client, draft, "thoi-han"))
    bad = dict(values, **{"rows-0-unit": "tuan", "rows-0-amount": "2"})
    soup = check_page(post_section(client, draft, "thoi-han", bad).get_data(as_text=True))
    assert soup.find(id="rows-0-unit-error")
    assert soup.find(id="rows-0-amount")["value"] == "2"
    good = dict(values, **{"rows-0-unit": "working_day", "rows-0-amount": "3"})
    response = post_section(client, draft, "thoi-han", good)
    assert response.status_code == 303, check_page(response.get_data(as_text=True)).select(".error")
    limit = bundle_of_draft(filing_app, draft)["rules"]["time_limits"][0]
    assert (limit["amount"], limit["unit"]) == (3, "working_day")


def test_a_unit_admin_reads_the_index_but_may_not_start(app, unique):
    client = admin(app, f"qt.dv{unique}", role="quan_tri_don_vi", unit="18073")
    soup = check_page(client.get(INDEX).get_data(as_text=True))
    assert soup.select("#thu-tuc tbody tr") and not soup.find("button", string="Sửa")
    assert client.post(f"{INDEX}{BIRTH}/sua", data={}).status_code in (400, 403)


def test_the_index_shows_a_scheduled_version_and_a_waiting_draft(filing_app, unique):
    """Approved for tomorrow: "sẽ áp dụng từ" beside the version in force; a submitted draft "Chờ duyệt",
    and "Sửa" on its procedure leads to that draft's overview rather than a second draft."""
    code = "2.000720"
    client = admin(filing_app, f"qt.lich{unique}")
    author, approver = (new_staff(filing_app, f"qt.{n}{unique}", role="quan_tri_tinh", units=("42",)) for n in "ab")
    tomorrow = local_today() + datetime.timedelta(days=1)
    with filing_app.app_context(), db.connection_context():
        procedure = Procedure.get(Procedure.code == code)
        scheduled = drafts.start(procedure, author)
        drafts.submit(scheduled, author)
        drafts.approve(scheduled, approver, utcnow() + datetime.timedelta(days=1))
        version = newest_version(procedure).version
        waiting = drafts.start(procedure, author)
        drafts.submit(waiting, author)
        waiting_id = CatalogueDraft.get_by_id(waiting.id).id
    soup = check_page(client.get(INDEX).get_data(as_text=True))
    row = next(tr for tr in soup.select("#thu-tuc tbody tr") if tr.find("td").get_text(strip=True) == code)
    assert f"Phiên bản {version} sẽ áp dụng từ {tomorrow:%d/%m/%Y}" in row.get_text(" ", strip=True)
    assert "Chờ duyệt" in row.get_text()
    assert start(client, code).endswith(f"/ban-nhap/{waiting_id}")
