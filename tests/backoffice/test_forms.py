"""The back office's action forms (webapp/backoffice/forms.py) as the officer meets them on the dossier
page: every row of form 02 drawn, a refused answer shown next to its field with every answer kept,
ids unique while several actions' forms share the page."""

import datetime

from tests.pages import check_page
from tests.staff_login import officer
from tests.walks import act_now, approved_with_pdf, dossier_at, filed, fresh, request_supplement
from webapp.backoffice.forms import FORMS, SUPPLEMENT_ROWS
from webapp.calendar.services import current_calendar
from webapp.calendar.working_time import to_local
from webapp.db import db
from webapp.models.values import POST, RETURN
from webapp.workflow.machine import ACTIONS


def page_of(client, dossier):
    response = client.get(f"/can-bo/ho-so/{dossier.code}")
    assert response.status_code == 200
    return check_page(response.get_data(as_text=True))  # unique ids, every field labelled


def test_form_02_draws_its_rows_once_each_with_ids_of_its_own(filing_app):
    dossier, desk = filed(filing_app), officer(filing_app, "mc.rows")
    page = page_of(desk, dossier)
    form = page.find("input", attrs={"name": "action", "value": "yeu_cau_bo_sung"}).parent
    items = form.find_all("input", attrs={"name": lambda name: name and name.startswith("item-")})
    reasons = form.find_all("input", attrs={"name": lambda name: name and name.startswith("reason-")})
    assert [i["name"] for i in items] == [f"item-{n}" for n in range(1, SUPPLEMENT_ROWS + 1)]
    assert [r["id"] for r in reasons] == [f"yeu_cau_bo_sung-reason-{n}" for n in range(1, SUPPLEMENT_ROWS + 1)]
    assert form.find("input", attrs={"name": "csrf_token"})["value"]
    assert form.find("input", attrs={"name": "version"})["value"] == str(dossier.version)


def test_a_reason_without_its_item_is_refused_next_to_that_item_and_every_row_is_kept(filing_app):
    dossier, desk = filed(filing_app), officer(filing_app, "mc.rowkept")
    typed = {
        "item-1": "Giấy chứng sinh",
        "reason-1": "Bản chụp bị mờ",
        "reason-2": "Thiếu chữ ký của người đi khai",
        "item-3": "Tờ khai",
        "reason-3": "Ghi sai ngày sinh",
        "contact": "Quầy số 2",
    }
    response = request_supplement(desk, dossier, **typed)
    assert response.status_code == 200
    soup = check_page(response.get_data(as_text=True))
    item = soup.find(id="yeu_cau_bo_sung-item-2")
    assert item["aria-invalid"] == "true" and "yeu_cau_bo_sung-item-2-error" in item["aria-describedby"]
    assert "Ghi tên giấy tờ cần bổ sung" in soup.find(id="yeu_cau_bo_sung-item-2-error").get_text()
    assert soup.find(class_="error", attrs={"role": "alert"})  # said at the top too
    for name, value in typed.items():
        assert soup.find(id=f"yeu_cau_bo_sung-{name}")["value"] == value, name
    assert not soup.find(id="yeu_cau_bo_sung-item-1").has_attr("aria-invalid")
    after = fresh(filing_app, dossier)
    assert after.status == "cho_tiep_nhan" and after.version == dossier.version


def test_blank_rows_are_skipped_and_the_items_kept_in_order(filing_app):
    dossier, desk = filed(filing_app), officer(filing_app, "mc.rowgap")
    rows = {"item-2": "Tờ khai", "reason-2": "Thiếu chữ ký", "item-5": "Giấy chứng sinh", "reason-5": "Bản mờ"}
    assert request_supplement(desk, dossier, **rows).status_code == 303
    page = page_of(desk, dossier)
    panel = page.find(id="supplement-title").parent.get_text()
    assert panel.index("Tờ khai") < panel.index("Giấy chứng sinh")


def _day_off_after(app, moment_utc):
    """A day off after `moment_utc`: a weekday holiday if one comes within two months, else a weekend day."""
    with app.app_context(), db.connection_context():
        calendar = current_calendar()
        first = to_local(moment_utc).date() + datetime.timedelta(days=1)
        days = [first + datetime.timedelta(days=n) for n in range(60)]
        off = [day for day in days if not calendar.is_working_day(day)]
    return next((day for day in off if day.weekday() < 5), off[0]).strftime("%d/%m/%Y")


def test_form_04_on_a_day_off_keeps_the_date_and_says_why_next_to_it(filing_app):
    dossier = dossier_at(filing_app, "dang_xu_ly")
    leader = officer(filing_app, "ld.dayoff", "lanh_dao")
    day_off = _day_off_after(filing_app, dossier.due_at)
    response = act_now(leader, dossier, "xin_loi_gia_han", note="Chờ xác minh", new_due_date=day_off)
    soup = check_page(response.get_data(as_text=True))
    field = soup.find("input", id="xin_loi_gia_han-new_due_date")
    assert field["value"] == day_off and field["aria-invalid"] == "true"
    assert "ngày nghỉ" in soup.find(id="xin_loi_gia_han-new_due_date-error").get_text()
    assert "xin_loi_gia_han-new_due_date-help" in field["aria-describedby"]  # the hint stays linked
    assert fresh(filing_app, dossier).new_due_at is None


def test_form_04_refuses_a_date_it_cannot_read_before_the_step(filing_app):
    dossier = dossier_at(filing_app, "dang_xu_ly")
    leader = officer(filing_app, "ld.baddate", "lanh_dao")
    response = act_now(leader, dossier, "xin_loi_gia_han", note="Chờ", new_due_date="31/02/2027", new_due_hour="25h")
    soup = check_page(response.get_data(as_text=True))
    assert "ngày/tháng/năm" in soup.find(id="xin_loi_gia_han-new_due_date-error").get_text()
    assert "giờ:phút" in soup.find(id="xin_loi_gia_han-new_due_hour-error").get_text()
    assert soup.find(id="xin_loi_gia_han-new_due_hour")["value"] == "25h"


def test_a_return_by_post_without_its_postal_code_keeps_the_choice_and_says_why(filing_app):
    dossier = approved_with_pdf(filing_app, "ld.nopostcode")
    desk = officer(filing_app, "mc.nopostcode", "mot_cua")
    response = act_now(desk, dossier, RETURN, kenh_tra=POST, nguoi_nhan="Lê Thị Mai", ma_buu_gui=" ")
    soup = check_page(response.get_data(as_text=True))
    code = soup.find(id=f"{RETURN}-ma_buu_gui")
    assert code["aria-invalid"] == "true" and code["aria-describedby"] == f"{RETURN}-ma_buu_gui-error"
    assert "mã bưu gửi" in soup.find(id=f"{RETURN}-ma_buu_gui-error").get_text()
    assert soup.find(id=f"{RETURN}-kenh_tra-{POST}").has_attr("checked")
    assert soup.find(id=f"{RETURN}-nguoi_nhan")["value"] == "Lê Thị Mai"
    assert fresh(filing_app, dossier).status == "cho_tra_ket_qua"


def test_the_leaders_page_with_several_action_forms_has_unique_ids(filing_app):
    dossier = dossier_at(filing_app, "dang_xu_ly")
    leader = officer(filing_app, "ld.ids", "lanh_dao")
    page = page_of(leader, dossier)  # check_page refuses a repeated id or an unlabelled field
    actions = [i["value"] for i in page.find_all("input", attrs={"name": "action"})]
    assert len(actions) >= 3, actions
    notes = page.find_all("textarea", attrs={"name": "note"})
    assert len({note["id"] for note in notes}) == len(notes) >= 2
    # A refused one comes back bound, the others fresh: still no id twice.
    check_page(act_now(leader, dossier, "dung_xu_ly").get_data(as_text=True))


def test_every_action_that_needs_a_reason_has_a_note_field(filing_app):
    with filing_app.test_request_context(method="GET"):
        for action in ACTIONS:
            if action.needs_note:
                assert "note" in FORMS[action.name](formdata=None)._fields, action.name
