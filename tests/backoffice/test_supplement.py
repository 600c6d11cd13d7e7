"""Supplements (form 02): the desk asks, the citizen uploads through the SMS link, the clock restarts or pauses."""

import datetime
import io
import re

from tests.factories import make_draft
from tests.pages import check_page
from tests.staff_login import act, csrf, officer
from tests.walks import (
    ARRIVED,
    ASKED,
    HANDED_IN,
    RECEIVED,
    SUPPLEMENT_ITEMS,
    THREE_DAYS,
    filed,
    fresh,
    local,
    request_supplement,
    set_rules,
    supplement_history,
)
from webapp.calendar.services import current_calendar
from webapp.db import db
from webapp.dossiers.drafts import spec_of
from webapp.models import Attachment, SmsMessage, Transition
from webapp.workflow import reception
from webapp.workflow.intake import submit
from webapp.workflow.reception import due_after_pauses

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def sms_link(app, dossier):
    with app.app_context(), db.connection_context():
        body = SmsMessage.get(SmsMessage.template == "supplement", SmsMessage.body.contains(dossier.code)).body
    return re.search(r"https?://\S+", body).group(0)


def test_the_supplement_round_trip_over_the_sms_link(filing_app):
    dossier = filed(filing_app)
    desk = officer(filing_app, "mc.bosung")
    assert request_supplement(desk, dossier, contact="Chị Lan, 0239 3855 123", **SUPPLEMENT_ITEMS).status_code == 303
    assert fresh(filing_app, dossier).status == "cho_bo_sung"
    with filing_app.app_context(), db.connection_context():
        form02 = Transition.get(Transition.dossier == dossier.id, Transition.action == "yeu_cau_bo_sung")
        assert form02.details == {
            "items": [
                {"item": "Giấy chứng sinh", "reason": "Bản chụp bị mờ, không đọc được số"},
                {"item": "CCCD của mẹ", "reason": "Thiếu mặt sau"},
            ],
            "contact": "Chị Lan, 0239 3855 123",
            "role": "mot_cua",
        }

    link = sms_link(filing_app, dossier)
    path = link.split("localhost", 1)[1]
    citizen = filing_app.test_client()
    page = check_page(citizen.get(path).get_data(as_text=True))
    text = page.get_text(" ")
    assert dossier.code in text and "Giấy chứng sinh" in text and "Thiếu mặt sau" in text

    token = page.find("input", attrs={"name": "csrf_token"})["value"]
    refused = citizen.post(path, data={"csrf_token": token, "note": "Gửi lại bản rõ"})
    soup = check_page(refused.get_data(as_text=True))
    assert soup.find(id="item-0-error").get_text(strip=True).startswith("Chọn ít nhất một tệp")
    assert soup.find(id="item-0")["aria-invalid"] == "true"
    assert soup.find("textarea", id="note").get_text() == "Gửi lại bản rõ"
    assert fresh(filing_app, dossier).status == "cho_bo_sung"

    upload = {"csrf_token": token, "note": "Gửi lại bản rõ", "item-0": (io.BytesIO(PDF), "chung-sinh.pdf")}
    sent = citizen.post(path, data=upload, content_type="multipart/form-data")
    assert sent.status_code == 303
    assert "Đã nộp bổ sung" in check_page(citizen.get(sent.headers["Location"]).get_data(as_text=True)).get_text()
    back = fresh(filing_app, dossier)
    assert back.status == "cho_tiep_nhan" and back.supplement_token is None

    panel = check_page(desk.get(f"/can-bo/ho-so/{dossier.code}").get_data(as_text=True)).find(id="supplement-title")
    file_link = panel.find_parent("section").find("a", string="chung-sinh.pdf")
    assert "Giấy chứng sinh" in panel.find_parent("section").get_text() and "Chị Lan" in panel.parent.get_text()
    assert desk.get(file_link["href"]).data == PDF

    gone = citizen.get(path)
    assert gone.status_code == 404 and "không còn hiệu lực" in check_page(gone.get_data(as_text=True)).get_text()
    replay = {"csrf_token": token, "item-0": (io.BytesIO(PDF), "chung-sinh.pdf")}
    assert citizen.post(path, data=replay, content_type="multipart/form-data").status_code == 404
    with filing_app.app_context(), db.connection_context():
        assert (
            Transition.select().where(Transition.dossier == dossier.id, Transition.action == "nop_bo_sung").count() == 1
        )
        assert Attachment.select().where(Attachment.dossier == dossier.id, Attachment.kind == "bo_sung").count() == 1


def test_a_file_that_is_not_a_paper_is_refused_by_its_content_and_nothing_is_kept(filing_app):
    dossier = filed(filing_app)
    request_supplement(officer(filing_app, "mc.bosung.tep"), dossier, **SUPPLEMENT_ITEMS)
    path = sms_link(filing_app, dossier).split("localhost", 1)[1]
    citizen = filing_app.test_client()
    token = csrf(citizen, path)
    files = {"item-0": (io.BytesIO(PDF), "dung.pdf"), "item-1": [(io.BytesIO(b"MZ..."), "anh.jpg")] * 2}
    response = citizen.post(path, data={"csrf_token": token, **files}, content_type="multipart/form-data")
    soup = check_page(response.get_data(as_text=True))
    assert "Tệp không phải PDF, JPEG hoặc PNG" in soup.find(id="item-1-error").get_text()
    assert fresh(filing_app, dossier).status == "cho_bo_sung"
    with filing_app.app_context(), db.connection_context():
        assert not Attachment.select().where(Attachment.dossier == dossier.id, Attachment.kind == "bo_sung").exists()


def test_a_request_without_items_is_refused_with_the_answers_kept(filing_app):
    dossier = filed(filing_app)
    desk = officer(filing_app, "mc.bosung.trong")
    response = request_supplement(desk, dossier, contact="Quầy số 2")
    soup = check_page(response.get_data(as_text=True))
    assert (
        soup.find(id="yeu_cau_bo_sung-item-1-error").get_text(" ", strip=True)
        == "Lỗi: Ghi ít nhất một giấy tờ cần bổ sung và lý do."
    )
    assert soup.find(id="yeu_cau_bo_sung-item-1")["aria-invalid"] == "true"
    assert soup.find(id="yeu_cau_bo_sung-contact")["value"] == "Quầy số 2"
    after = fresh(filing_app, dossier)
    assert after.status == "cho_tiep_nhan" and after.supplement_token is None


def test_an_item_without_its_reason_is_refused_next_to_the_reason(filing_app):
    dossier = filed(filing_app)
    desk = officer(filing_app, "mc.bosung.lydo")
    soup = check_page(request_supplement(desk, dossier, **{"item-1": "Giấy chứng sinh"}).get_data(as_text=True))
    assert (
        soup.find(id="yeu_cau_bo_sung-reason-1-error")
        and soup.find(id="yeu_cau_bo_sung-item-1")["value"] == "Giấy chứng sinh"
    )
    assert fresh(filing_app, dossier).status == "cho_tiep_nhan"


def test_unknown_or_foreign_tokens_get_a_vietnamese_404(filing_app):
    with filing_app.app_context(), db.connection_context():
        draft = make_draft()
        other_token = draft.token
        submit(draft, spec_of(draft))
    client = filing_app.test_client()
    for token in ("khong-co-that", other_token, "x" * 300):
        response = client.get(f"/bo-sung/{token}")
        assert response.status_code == 404, token
        assert "Liên kết nộp bổ sung không còn hiệu lực" in check_page(response.get_data(as_text=True)).get_text()


def test_each_link_opens_only_its_own_dossier(filing_app):
    first, second = filed(filing_app), filed(filing_app)
    desk = officer(filing_app, "mc.bosung.hai")
    request_supplement(desk, first, **SUPPLEMENT_ITEMS)
    request_supplement(desk, second, **{"item-1": "Tờ khai", "reason-1": "Thiếu chữ ký"})
    page = filing_app.test_client().get(sms_link(filing_app, first).split("localhost", 1)[1]).get_data(as_text=True)
    assert first.code in page and second.code not in page and "Tờ khai" not in page


# Seeded 2026 calendar: Mon 27/4 (Giỗ Tổ, observed), Thu 30/4 and Fri 1/5 are days off.


def test_restart_counts_three_working_days_from_the_second_reception(ctx):
    draft = make_draft()
    dossier = set_rules(submit(draft, spec_of(draft))[0], "restart")
    dossier = supplement_history(dossier, ARRIVED, ASKED, HANDED_IN)
    changes = reception.receive(dossier, {}, None, RECEIVED).changes
    assert changes == {"received_at": RECEIVED, "due_at": local(2026, 5, 8, 10, 0)}


def test_pause_counts_from_the_first_arrival_plus_the_paused_working_time(ctx):
    draft = make_draft()
    dossier = set_rules(submit(draft, spec_of(draft))[0], "pause")
    dossier = supplement_history(dossier, ARRIVED, ASKED, HANDED_IN)
    changes = reception.receive(dossier, {}, None, RECEIVED).changes
    without_pause = local(2026, 5, 4, 16, 0)  # Fri 1 h + Tue 8 + Wed 8 + Mon 7
    assert changes == {"received_at": RECEIVED, "due_at": local(2026, 5, 6, 15, 0)}
    assert changes["due_at"] > without_pause


def test_due_after_pauses_is_the_plain_due_date_without_a_pause(ctx):
    calendar = current_calendar()
    arrived = datetime.datetime(2026, 4, 24, 16, 0)
    plain = due_after_pauses(arrived, [], THREE_DAYS[0], False, calendar)
    assert plain == datetime.datetime(2026, 5, 4, 16, 0)
    # A pause over a weekend and holidays only costs the working hours inside it: Wed 29/4 (8 h).
    over_holidays = [(datetime.datetime(2026, 4, 29, 7, 0), datetime.datetime(2026, 5, 4, 7, 0))]
    assert due_after_pauses(arrived, over_holidays, THREE_DAYS[0], False, calendar) == datetime.datetime(
        2026, 5, 5, 16, 0
    )


def test_a_paused_clock_is_recorded_and_runs_again_when_the_citizen_hands_in(filing_app):
    dossier = filed(filing_app)
    with filing_app.app_context(), db.connection_context():
        set_rules(dossier, "pause")
    desk = officer(filing_app, "mc.bosung.dung")
    request_supplement(desk, dossier, **SUPPLEMENT_ITEMS)
    assert fresh(filing_app, dossier).paused_at is not None
    page = desk.get(f"/can-bo/ho-so/{dossier.code}").get_data(as_text=True)
    assert "Thời hạn giải quyết tạm dừng" in page
    path = sms_link(filing_app, dossier).split("localhost", 1)[1]
    citizen = filing_app.test_client()
    token = csrf(citizen, path)
    upload = {"csrf_token": token, "item-1": (io.BytesIO(PDF), "cccd.pdf")}
    assert citizen.post(path, data=upload, content_type="multipart/form-data").status_code == 303
    back = fresh(filing_app, dossier)
    assert back.paused_at is None and back.status == "cho_tiep_nhan"
    assert act(desk, back, "tiep_nhan", back.version).status_code == 303
    received = fresh(filing_app, dossier)
    assert received.received_at and received.due_at > received.submitted_at
