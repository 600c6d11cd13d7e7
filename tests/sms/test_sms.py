"""SMS: fixed templates in one GSM-7 segment, sent once per dossier event, retried with backoff then
marked failed, delivery reports, inbound TRACUU / HUONGDAN / HUY, and /dev/sms in demo only."""

import datetime
import socket

import pytest

from tests.apps import make_app
from tests.codes import as_people_type
from tests.factories import commune_agency, make_draft
from webapp.db import db
from webapp.dossiers.drafts import spec_of
from webapp.dossiers.receipts import series_for as receipt_series
from webapp.messaging import tasks
from webapp.messaging.outbound import notify, queue_sms
from webapp.messaging.templates import SEGMENT, TEMPLATES, TemplateTooLong, render, segments, sms_time
from webapp.models import Dossier, SmsInbound, SmsMessage, SmsOptOut
from webapp.models.dossier import utcnow
from webapp.sms import inbound
from webapp.workflow.fees import PAYS_TO
from webapp.workflow.intake import submit

LONG_NAME = "Đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch, xác định lại dân tộc"
CODE = "000.00.00.H42-261127-0001"  # the province's own desk: the longest agency code
SITE = "https://dichvucong.hatinh.gov.vn"
LONGEST = {
    "code": CODE,
    "procedure": LONG_NAME,
    "due": "17h00 30/11/2026",
    "expires": "27/12/2026",
    "url": f"{SITE}/tra-cuu?ma={CODE}",
    "day": "27/11/2026",
    "due_soon": 200,
    "overdue": 200,
    "count": 999,  # procedures to review (the admins' digest)
    "tracking": "E" + "9" * 38 + "VN",
    "status": max(inbound.STATUS_WORDS.values(), key=len) + " (tre han)",
    "next": max(inbound.NEXT_STEP.values(), key=len),
    "amount": "1.000.000 đồng",
    "when": max(PAYS_TO.values(), key=len),
    "number": "0012345",
    "series": receipt_series("000.00.00.H42", 2026),
    "minutes": 1440,  # a code closed for the day
}
SUPPLEMENT_URL = f"{SITE}/bo-sung/uW84G5nRUBRZATxweudt0i"  # token_urlsafe(16)
RATING_URL = f"{SITE}/danh-gia/uW84G5nRUBRZATxw"


@pytest.mark.parametrize("template", sorted(TEMPLATES))
def test_every_template_fits_one_gsm7_segment_with_the_longest_realistic_values(template):
    url = {
        "supplement": SUPPLEMENT_URL,
        "returned": RATING_URL,
        "help": f"{SITE}/tra-cuu",
        "fee_due": f"{SITE}/tra-cuu",
    }.get(template, LONGEST["url"])
    body = render(template, **(LONGEST | {"url": url}))
    assert body.isascii(), "one accented letter would switch the SMS to UCS-2"
    assert len(body) <= SEGMENT and segments(body) == 1


def test_marks_are_stripped_and_d_is_mapped():
    body = render("submitted", code=CODE, procedure="Đăng ký khai sinh", due="17h00 30/11/2026")
    assert "Dang ky khai sinh" in body


def test_a_message_that_cannot_fit_is_refused():
    with pytest.raises(TemplateTooLong):
        render("otp", code="9" * 200)


def test_segments_are_counted_the_way_operators_bill_them():
    assert segments("a" * 160) == 1 and segments("a" * 161) == 2 and segments("a" * 307) == 3
    assert segments("Đã nhận") == 1 and segments("Đ" * 71) == 2  # UCS-2: 70 then 67 a part
    assert segments("[" * 81) == 2  # the extension table costs two septets


def test_sms_times_are_vietnamese_whatever_the_officers_language():
    assert sms_time(datetime.datetime(2026, 11, 30, 10, 0)) == "17h00 30/11/2026"
    assert sms_time(None) == "theo giay hen"


def a_dossier(phone=None):
    draft = make_draft(agency=commune_agency())
    if phone:
        draft.phone = phone
        draft.save()
    return submit(draft, spec_of(draft))[0]


def test_a_dossier_event_is_sent_once_however_often_it_is_notified(ctx):
    dossier = a_dossier()
    words = {"code": dossier.code, "due": "17h00 30/11/2026"}
    first = notify(dossier, "tiep_nhan:2", "received", **words)
    assert first.status == "sent" and first.segments == 1 and first.dossier_id == dossier.id
    assert notify(dossier, "tiep_nhan:2", "received", **words) is None
    assert notify(dossier, "xin_loi_gia_han:3", "apology", url="x", **words) is not None
    assert SmsMessage.select().where(SmsMessage.dossier == dossier.id).count() == 2


def test_a_task_run_twice_delivers_once(ctx):
    message = queue_sms("+84912345678", "otp", code="123456")
    tasks.attempt(message.id)
    again = SmsMessage.get_by_id(message.id)
    assert again.status == "sent" and again.attempts == 1


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def gateway_down(filing_app):
    """Kannel configured, but nothing listening where it should be."""
    filing_app.config.update(
        SMS_BACKEND="kannel",
        KANNEL_SENDSMS_URL=f"http://127.0.0.1:{closed_port()}/cgi-bin/sendsms",
        SMS_MAX_ATTEMPTS=3,
        SMS_RETRY_BASE_SECONDS=10,
    )
    yield filing_app
    filing_app.config.update(SMS_BACKEND="outbox")


def test_a_gateway_that_is_down_gets_retried_later_then_the_message_is_marked_failed(gateway_down, ctx):
    dossier = a_dossier()
    message = notify(dossier, "tiep_nhan:2", "received", code=dossier.code, due="17h00 30/11/2026")
    waiting = SmsMessage.get_by_id(message.id)
    assert waiting.status == "queued" and waiting.attempts == 1 and "Connection" in waiting.last_error
    assert waiting.next_attempt_at - utcnow() > datetime.timedelta(seconds=8)  # the base delay
    tasks.attempt(message.id)
    second = SmsMessage.get_by_id(message.id)
    assert second.attempts == 2 and second.next_attempt_at - utcnow() > datetime.timedelta(seconds=18)  # doubled
    tasks.attempt(message.id)
    assert SmsMessage.get_by_id(message.id).status == "failed"
    tasks.attempt(message.id)
    assert SmsMessage.get_by_id(message.id).attempts == 3, "a failed message is not tried again"


def test_the_sweep_requeues_a_message_whose_task_was_lost(ctx):
    message = queue_sms("+84912345678", "otp", code="123456")
    long_ago = utcnow() - datetime.timedelta(minutes=5)
    SmsMessage.update(status="queued", next_attempt_at=long_ago).where(SmsMessage.id == message.id).execute()
    tasks.requeue_due.call_local()
    assert SmsMessage.get_by_id(message.id).status == "sent"


SECRET = "s3cret-for-kannel"


@pytest.fixture
def gateway_app(filing_app):
    filing_app.config["SMS_WEBHOOK_SECRET"] = SECRET
    yield filing_app
    filing_app.config["SMS_WEBHOOK_SECRET"] = ""


def test_the_gateway_callbacks_need_the_secret(gateway_app):
    client = gateway_app.test_client()
    assert client.get("/sms/kannel/mo?from=0912345678&text=HUONGDAN").status_code == 403
    assert client.get("/sms/kannel/mo?secret=wrong&from=0912345678&text=HUONGDAN").status_code == 403
    assert client.get("/sms/kannel/dlr?secret=wrong&id=x&status=1").status_code == 403
    gateway_app.config["SMS_WEBHOOK_SECRET"] = ""
    assert client.get("/sms/kannel/mo?secret=&from=0912345678&text=HUONGDAN").status_code == 404


def test_delivery_reports_move_forward_only_and_a_repeated_one_changes_nothing(gateway_app, ctx):
    message = queue_sms("+84912345678", "otp", code="123456")
    client = gateway_app.test_client()

    def report(status):
        answer = client.get(f"/sms/kannel/dlr?secret={SECRET}&id={message.public_id}&status={status}")
        assert answer.status_code == 200
        return SmsMessage.get_by_id(message.id)

    assert report(8).delivery == "accepted"
    delivered = report(1)
    assert delivered.delivery == "delivered"
    assert report(1).delivery_at == delivered.delivery_at
    assert report(8).delivery == "delivered"
    assert client.get(f"/sms/kannel/dlr?secret={SECRET}&id=nope&status=1").status_code == 200


def last_reply(phone):
    return SmsMessage.select().where(SmsMessage.phone == phone).order_by(SmsMessage.id.desc()).first().body


def test_tracuu_tells_the_applicant_the_status_due_date_and_what_to_do(gateway_app, ctx):
    dossier = a_dossier()
    client = gateway_app.test_client()
    local = "0" + dossier.applicant_phone[3:]
    for typed in (
        f"TRACUU {dossier.code}",
        f"  tc   {dossier.code.lower().replace('-', ' ')} ",
        f"Tracuu{' '}{dossier.code.replace('-', '')}",
    ):
        client.get("/sms/kannel/mo", query_string={"secret": SECRET, "from": local, "text": typed})
        body = last_reply(dossier.applicant_phone)
        assert dossier.code in body and "dang cho tiep nhan" in body and "Vui long cho" in body, typed
        assert body.isascii() and len(body) <= SEGMENT


def test_tracuu_finds_the_dossier_from_the_code_typed_without_its_dot_or_with_spaces(gateway_app, ctx):
    dossier = a_dossier()
    client = gateway_app.test_client()
    local = "0" + dossier.applicant_phone[3:]
    for typed in as_people_type(dossier.code):
        client.get("/sms/kannel/mo", query_string={"secret": SECRET, "from": local, "text": f"Tra cứu {typed}"})
        body = last_reply(dossier.applicant_phone)
        assert dossier.code in body and "dang cho tiep nhan" in body, typed
        assert body.isascii() and len(body) <= SEGMENT, body
        db.execute_sql("DELETE FROM rate_counter")


def test_tracuu_says_the_fee_is_awaited_when_the_dossier_waits_on_it(gateway_app, ctx):
    dossier = a_dossier()
    Dossier.update(fee_amount=8000, fee_point="truoc_tiep_nhan").where(Dossier.id == dossier.id).execute()
    local = "0" + dossier.applicant_phone[3:]
    gateway_app.test_client().get(
        "/sms/kannel/mo", query_string={"secret": SECRET, "from": local, "text": f"TRACUU {dossier.code}"}
    )
    body = last_reply(dossier.applicant_phone)
    assert "cho nop phi, le phi" in body and "Nop phi, le phi" in body and "dang cho tiep nhan" not in body
    assert body.isascii() and len(body) <= SEGMENT


def test_tracuu_from_another_phone_gets_the_status_only_with_the_last_four_digits(gateway_app, ctx):
    dossier = a_dossier()
    client = gateway_app.test_client()
    client.get("/sms/kannel/mo", query_string={"secret": SECRET, "from": "84987654321", "text": f"TC {dossier.code}"})
    assert "dang cho tiep nhan" not in last_reply("+84987654321")
    typed = f"TC {dossier.code} {dossier.applicant_phone[-4:]}"
    client.get("/sms/kannel/mo", query_string={"secret": SECRET, "from": "84987654321", "text": typed})
    body = last_reply("+84987654321")
    assert dossier.code in body and "dang cho tiep nhan" in body
    assert "Vui long" not in body and dossier.applicant_name.split()[-1] not in body


@pytest.mark.parametrize(
    "text, expect",
    [
        ("TRACUU H42.99999-010101-0001", "soan TRACUU <ma ho so> <4 so cuoi SDT hoac CCCD>"),
        ("TRACUU H42.99999-010101-0001 1234", "khong tim thay ho so hoac 4 so cuoi khong dung"),
        ("HUONGDAN", "soan TRACUU <ma ho so>"),
        ("", "soan TRACUU <ma ho so>"),
        ("tracuu", "soan TRACUU <ma ho so>"),
        ("Cho toi hoi ho so cua toi " * 40, "soan TRACUU <ma ho so>"),
        ("TRACUU " + "9" * 990, "soan TRACUU <ma ho so>"),
    ],
)
def test_unknown_codes_and_anything_else_get_a_polite_answer(gateway_app, ctx, text, expect):
    client = gateway_app.test_client()
    answer = client.get("/sms/kannel/mo", query_string={"secret": SECRET, "from": "0977000111", "text": text[:1000]})
    assert answer.status_code == 200
    assert expect in last_reply("+84977000111")
    SmsInbound.delete().execute()
    db.execute_sql("DELETE FROM rate_counter")


def test_each_number_may_ask_ten_times_an_hour(gateway_app, ctx):
    client = gateway_app.test_client()
    for _ in range(10):
        client.get("/sms/kannel/mo", query_string={"secret": SECRET, "from": "0966000222", "text": "HUONGDAN"})
    before = SmsMessage.select().count()
    client.get("/sms/kannel/mo", query_string={"secret": SECRET, "from": "0966000222", "text": "HUONGDAN"})
    assert SmsMessage.select().count() == before, "a throttled number gets no reply to pay for"
    assert SmsInbound.select().where(SmsInbound.command == "throttled").count() == 1


def test_huy_stops_the_optional_messages_but_not_the_ones_that_need_action(gateway_app, ctx):
    dossier = a_dossier()
    client = gateway_app.test_client()
    client.get("/sms/kannel/mo", query_string={"secret": SECRET, "from": dossier.applicant_phone, "text": "huy"})
    assert "da ngung gui tin thong bao" in last_reply(dossier.applicant_phone)
    words = {"code": dossier.code, "due": "17h00 30/11/2026", "url": "https://x"}
    assert notify(dossier, "tiep_nhan:2", "received", **words) is None
    assert notify(dossier, "yeu_cau_bo_sung:2", "supplement", **words) is not None
    client.get("/sms/kannel/mo", query_string={"secret": SECRET, "from": dossier.applicant_phone, "text": "DK"})
    assert not SmsOptOut.select().where(SmsOptOut.phone == dossier.applicant_phone).exists()
    assert notify(dossier, "tiep_nhan:3", "received", **words) is not None


def test_a_sender_that_is_not_a_mobile_number_gets_no_reply(gateway_app, ctx):
    before = SmsMessage.select().count()
    answer = gateway_app.test_client().get(
        "/sms/kannel/mo", query_string={"secret": SECRET, "from": "VIETTEL", "text": "x"}
    )
    assert answer.status_code == 200 and SmsMessage.select().count() == before


def test_dev_sms_lists_the_outbox_newest_first(ctx, filing_app):
    queue_sms("+84912345678", "otp", code="111111")
    queue_sms("+84912345678", "otp", code="222222")
    html = filing_app.test_client().get("/dev/sms").get_data(as_text=True)
    assert html.index("222222") < html.index("111111")
    assert "0912 345 678" in html and "Đã gửi" in html


def test_the_demo_phone_on_dev_sms_texts_tracuu_and_reads_the_reply(filing_app):
    client = filing_app.test_client()
    with filing_app.app_context(), db.connection_context():
        dossier = a_dossier()
    page = client.get("/dev/sms").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    answer = client.post(
        "/dev/sms", data={"csrf_token": token, "phone": "0912 000 333", "text": f"tracuu {dossier.code} 1234"}
    )  # not the applicant's phone: the last four digits of the CCCD filed (tests/walks.py CCCD)
    assert answer.status_code == 303
    assert f"MotCua: ho so {dossier.code} dang cho tiep nhan" in client.get("/dev/sms").get_data(as_text=True)
    refused = client.post("/dev/sms", data={"csrf_token": token, "phone": "12345", "text": "HUONGDAN"})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 400 and "10 chữ số" in html and "HUONGDAN" in html


def test_dev_sms_does_not_exist_outside_demo_mode(tmp_path, monkeypatch):
    monkeypatch.setenv("MOTCUA_ENV", "production")
    app = make_app(tmp_path, "prod", SECRET_KEY="x" * 32)
    assert "sms.outbox" not in app.view_functions


def test_the_dossier_page_shows_its_sms_and_says_to_call_when_one_failed(gateway_down, ctx):
    from tests.staff_login import officer

    dossier = a_dossier()
    message = notify(dossier, "tiep_nhan:2", "received", code=dossier.code, due="17h00 30/11/2026")
    Dossier.update(status="cho_tiep_nhan").where(Dossier.id == dossier.id).execute()
    SmsMessage.update(status="failed").where(SmsMessage.id == message.id).execute()
    desk = officer(gateway_down, "mc.sms01")
    html = desk.get(f"/can-bo/ho-so/{dossier.code}").get_data(as_text=True)
    assert "Gửi không thành công" in html and "Vui lòng gọi điện báo cho người nộp" in html


def test_a_lookup_typed_with_diacritics_is_understood():
    assert inbound.parse("Tra cứu h42.18073 261127 0001") == ("tracuu", "H42.18073 261127 0001")
    assert inbound.parse("tracuuh4218073-261127-0001") == ("tracuu", "H4218073-261127-0001")
    assert inbound.parse("TCX") == ("huongdan", "")
    assert inbound.parse("Hủy") == ("huy", "")
    assert inbound.parse("hướng dẫn") == ("huongdan", "")
