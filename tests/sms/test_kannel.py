"""SMS through a real Kannel: bearerbox and smsbox on loopback, fakesmsc as the phones, MotCua as
`make run` serves it (gunicorn and the huey consumer) on a seeded SQLite file.

First the harness on its own (Kannel and a tiny web server), then the app: lookups by SMS, a
notification with its delivery report, Kannel down and back, Kannel refusing. Run on the SQLite
pass only; the processes and files are in pytest's temporary folder, named in every failure.
"""

import http.client
import random
import re
import secrets
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.apps import bind, require
from tests.factories import make_draft
from tests.kannel.harness import SHORT_CODE, App, Kannel, http_get, missing_binaries, wait_for
from webapp import create_app, jobs
from webapp.db import db
from webapp.jobs import huey
from webapp.models import Dossier, SmsInbound, SmsMessage

# Runs once, in the SQLite pass (`make test` leaves it out of the PostgreSQL one): Kannel and the app
# processes it starts need no PostgreSQL.
pytestmark = pytest.mark.kannel

PROCEDURE = "1.001193"
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
REPLY_SECONDS = 5


def require_kannel():
    missing = missing_binaries()
    require(f"Kannel ({', '.join(missing)}; `make sms-deps` installs kannel and kannel-extras)", not missing)


def new_phone():
    """A Vietnamese mobile number as SMSCs write it (international, no '+'), fresh per use."""
    return "849" + "".join(random.choices("0123456789", k=8))


def e164(number):
    return "+" + number


# --- the harness on its own ----------------------------------------------------------------


class Recorder(BaseHTTPRequestHandler):
    """Records every request Kannel makes; answers with the server's `reply` body."""

    def do_GET(self):
        self.server.requests.append(self.path)
        body = self.server.reply.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def recorder():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    server.requests, server.reply = [], ""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def bare_kannel(tmp_path_factory, recorder):
    """Kannel whose sms-service calls the recorder instead of MotCua."""
    require_kannel()
    port = recorder.server_address[1]
    kannel = Kannel(tmp_path_factory.mktemp("bare-kannel"), f"http://127.0.0.1:{port}/mo?from=%p&to=%P&text=%a")
    try:
        kannel.start()
        yield kannel
    finally:
        kannel.stop()


def requests_to(recorder, path):
    return [urllib.parse.urlsplit(p) for p in recorder.requests if urllib.parse.urlsplit(p).path == path]


def test_harness_sendsms_reaches_the_phone_with_delivery_reports(bare_kannel, recorder):
    phone = new_phone()
    port = recorder.server_address[1]
    status, body = bare_kannel.sendsms(
        phone,
        "MotCua: ho so  H42.18073-261127-0001 da nhan",
        **{"dlr-mask": 31, "dlr-url": f"http://127.0.0.1:{port}/dlr?id=abc&status=%d"},
    )
    assert (status, body) == (202, "0: Accepted for delivery"), kannel_report(bare_kannel)
    (sms,) = bare_kannel.phones.wait_for(phone, timeout=10)
    assert (sms.sender, sms.text) == (SHORT_CODE, "MotCua: ho so  H42.18073-261127-0001 da nhan")
    # The fake SMSC reports "accepted by the SMSC" (8) and "delivered" (1) at once: smsbox calls the
    # dlr-url for both concurrently, so they may arrive in either order.
    wait_for(lambda: len(requests_to(recorder, "/dlr")) >= 2, 10, "two delivery reports")
    reports = [urllib.parse.parse_qs(r.query) for r in requests_to(recorder, "/dlr")]
    assert sorted(reports, key=lambda q: q["status"]) == [
        {"id": ["abc"], "status": ["1"]},
        {"id": ["abc"], "status": ["8"]},
    ]


def test_harness_sendsms_refuses_a_wrong_password(bare_kannel):
    assert bare_kannel.sendsms(new_phone(), "x", password="wrong") == (403, "Authorization failed for sendsms")


def test_harness_a_phone_texts_the_sms_service_and_kannel_itself_answers_nothing(bare_kannel, recorder):
    recorder.reply = "a body Kannel must not send back"
    phones = [new_phone(), new_phone(), new_phone()]
    texts = ["tracuu  H42.18073-261127-0001", "HUONGDAN", "Tra cứu hồ sơ đã nộp"]
    for phone, text in zip(phones, texts, strict=True):
        bare_kannel.phones.send(phone, text)
    wait_for(lambda: len(requests_to(recorder, "/mo")) >= 3, 10, "three inbound SMS at the sms-service")
    queries = [urllib.parse.parse_qs(r.query) for r in requests_to(recorder, "/mo")]
    # %a is the message's words joined by single spaces; a UCS-2 message arrives as UTF-8 (mo-recode).
    assert [(q["from"], q["to"], q["text"]) for q in queries] == [
        ([phones[0]], [SHORT_CODE], ["tracuu H42.18073-261127-0001"]),
        ([phones[1]], [SHORT_CODE], ["HUONGDAN"]),
        ([phones[2]], [SHORT_CODE], ["Tra cứu hồ sơ đã nộp"]),
    ]
    # max-messages = 0: the service's answer is never sent to the phone (MotCua replies by sendsms).
    bare_kannel.sendsms(phones[2], "sync")  # after the replies Kannel would have sent, if any
    bare_kannel.phones.wait_for(phones[2], contains="sync")
    assert [[m.text for m in bare_kannel.phones.received(phone)] for phone in phones] == [[], [], ["sync"]]


def test_harness_kannel_keeps_accepted_messages_across_a_restart(bare_kannel):
    """Accepted while no phone link is up, bearerbox restarted: the store file still delivers it."""
    bare_kannel.stop()
    bare_kannel.start(phones=False)
    phone = new_phone()
    assert bare_kannel.sendsms(phone, "kept in the store")[0] == 202
    bare_kannel.stop()
    bare_kannel.start()
    (sms,) = bare_kannel.phones.wait_for(phone, timeout=15)
    assert sms.text == "kept in the store"


def kannel_report(kannel, app=None):
    """Where to look when something fails."""
    parts = [f"Kannel files in {kannel.workdir}", kannel.logs()]
    if app is not None:
        parts += [f"app files in {app.workdir}", app.log_text()[-4000:]]
    return "\n".join(parts)


# --- MotCua with Kannel --------------------------------------------------------------------


class Live:
    """The app's processes, Kannel, and an app object in this process on the same database files."""

    def __init__(self, workdir):
        self.secret = secrets.token_hex(12)
        self.app = App(workdir / "app", {})
        self.kannel = Kannel(
            workdir / "kannel",
            f"{self.app.url}/sms/kannel/mo?secret={self.secret}&from=%p&to=%P&text=%a",
        )
        self.settings = {
            "SMS_BACKEND": "kannel",
            "KANNEL_SENDSMS_URL": self.kannel.sendsms_url,
            "KANNEL_USERNAME": self.kannel.username,
            "KANNEL_PASSWORD": self.kannel.password,
            "SMS_SENDER": SHORT_CODE,
            "SMS_CALLBACK_URL": self.app.url,
            "PUBLIC_URL": self.app.url,
            "SMS_WEBHOOK_SECRET": self.secret,
            "SMS_RETRY_BASE_SECONDS": "1",
            "SMS_MAX_ATTEMPTS": "8",
        }
        self.app.env.update(self.settings)
        self.local = None
        self.session = None

    def start(self):
        self.app.seed()
        self.kannel.start()
        self.app.start()
        self.local = create_app(
            {
                "DATABASE_URL": self.app.database_url,
                "HUEY_URL": self.app.huey_url,
                "HUEY_IMMEDIATE": False,
                "FORM_CACHE_DIR": self.app.env["FORM_CACHE_DIR"],
                "UPLOAD_DIR": self.app.env["UPLOAD_DIR"],
                **self.settings,
                "SMS_RETRY_BASE_SECONDS": 1.0,
                "SMS_MAX_ATTEMPTS": 8,
            }
        )

    def stop(self):
        self.app.stop()
        self.kannel.stop()

    def report(self):
        return kannel_report(self.kannel, self.app)

    # the database, read fresh each time

    def messages(self, **where):
        bind(self.local)
        with self.local.app_context(), db.connection_context():
            query = SmsMessage.select().order_by(SmsMessage.id)
            for name, value in where.items():
                query = query.where(getattr(SmsMessage, name) == value)
            return list(query)

    def wait_message(self, check, what, timeout=20, **where):
        """The one message matching `where`, once check(message) holds."""

        def ready():
            found = self.messages(**where)
            return found[0] if len(found) == 1 and check(found[0]) else None

        try:
            return wait_for(ready, timeout, what, interval=0.1)
        except AssertionError as late:
            now = [vars_of(m) for m in self.messages(**where)]
            raise AssertionError(f"{late}; now {now}\n{self.report()}") from None

    # citizens

    def file_dossier(self, phone):
        """A complete, phone-verified draft submitted over HTTP; returns its Dossier (status chờ tiếp nhận)."""
        bind(self.local)
        with self.local.test_request_context(), db.connection_context():
            draft = make_draft(PROCEDURE, phone=e164(phone))
        cookie, token = self.csrf()
        conn = http.client.HTTPConnection("127.0.0.1", self.app.port, timeout=30)
        try:
            fields = {"csrf_token": token, "idempotency_key": draft.idempotency_key, "tin_nhan": "y"}  # SMS agreed
            body = urllib.parse.urlencode(fields)
            headers = {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"}
            conn.request("POST", f"/nop/{draft.token}/gui", body, headers)
            answer = conn.getresponse()
            answer.read()
        finally:
            conn.close()
        assert answer.status == 303, f"submit answered {answer.status}\n{self.report()}"
        assert answer.getheader("Location", "").endswith(f"/nop/{draft.token}/da-nop")
        with self.local.app_context(), db.connection_context():
            return Dossier.get(Dossier.draft == draft.id)

    def csrf(self):
        if self.session is None:
            conn = http.client.HTTPConnection("127.0.0.1", self.app.port, timeout=30)
            try:
                conn.request("GET", f"/thu-tuc/{PROCEDURE}/nop-truc-tuyen")
                answer = conn.getresponse()
                page = answer.read().decode()
                cookies = [v.split(";", 1)[0] for k, v in answer.getheaders() if k.lower() == "set-cookie"]
            finally:
                conn.close()
            match = CSRF_RE.search(page)
            assert answer.status == 200 and match and cookies, f"no session: HTTP {answer.status}"
            self.session = ("; ".join(cookies), match[1])
        return self.session

    def text_in(self, phone, text):
        """`phone` texts `text` to the short code; returns the one reply it gets."""
        before = len(self.kannel.phones.received(phone))
        self.kannel.phones.send(phone, text)
        try:
            replies = self.kannel.phones.wait_for(phone, count=before + 1, timeout=REPLY_SECONDS)
        except AssertionError as late:
            raise AssertionError(f"{late}\n{self.report()}") from None
        return replies[-1]


def vars_of(message):
    return {
        key: getattr(message, key)
        for key in ("id", "phone", "template", "status", "attempts", "last_error", "delivery", "next_attempt_at")
    }


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    require_kannel()
    bound = (db.obj, jobs._app, huey.immediate, huey.storage)  # the in-process app rebinds them
    live = Live(tmp_path_factory.mktemp("kannel-live"))
    try:
        live.start()
        yield live
    finally:
        live.stop()
        db.initialize(bound[0])
        jobs._app, huey.immediate, huey.storage = bound[1:]


def assert_one_segment(sms):
    assert sms.text.isascii() and len(sms.text) <= 160, sms


def test_a_phone_looks_a_dossier_up_by_sms_and_gets_the_reply_within_seconds(live):
    from webapp.sms.inbound import status_words

    applicant = new_phone()
    dossier = live.file_dossier(applicant)
    live.kannel.phones.wait_for(applicant, contains=dossier.code, timeout=20)  # the "submitted" SMS
    neighbour = new_phone()

    # Another phone is asked for the last four digits, and told nothing until it sends them.
    reply = live.text_in(neighbour, f"tracuu {dossier.code}")
    assert reply.sender == SHORT_CODE
    assert_one_segment(reply)
    assert "<4 so cuoi SDT hoac CCCD>" in reply.text and status_words(dossier) not in reply.text, reply
    reply = live.text_in(neighbour, f"tracuu {dossier.code} {applicant[-4:]}")
    assert_one_segment(reply)
    assert dossier.code in reply.text and status_words(dossier) in reply.text, reply

    # The applicant's own phone is also told what to do next.
    reply = live.text_in(applicant, f"TRACUU {dossier.code}")
    assert_one_segment(reply)
    assert dossier.code in reply.text and status_words(dossier) in reply.text, reply

    # As people type it: TC, lower case, spaces, without the dashes, the CCCD's last four digits after it.
    packed = dossier.code.replace("-", "")
    cccd = dossier.applicant_id_number[-4:]
    for typed in (f"  TC   {packed.lower()}  {cccd} ", f"Tracuu {dossier.code.replace('-', ' ')} {cccd}"):
        reply = live.text_in(new_phone(), typed)
        assert_one_segment(reply)
        assert dossier.code in reply.text and status_words(dossier) in reply.text, (typed, reply)


def test_a_phone_texts_tracuu_with_the_code_of_a_demo_dossier_and_reads_its_status(live):
    code = live.app.demo["đã gửi qua bưu chính"]
    bind(live.local)
    with live.local.app_context(), db.connection_context():
        phone = Dossier.get(Dossier.code == code).applicant_phone
    reply = live.text_in(new_phone(), f"tracuu {code} {phone[-4:]}")
    assert_one_segment(reply)
    assert code in reply.text and "da gui qua buu chinh" in reply.text, reply


def test_huongdan_and_anything_else_get_the_help_text(live):
    help_text = live.text_in(new_phone(), "HUONGDAN")
    assert_one_segment(help_text)
    assert "TRACUU" in help_text.text
    assert live.text_in(new_phone(), "xin chao").text == help_text.text


def test_a_thousand_character_message_gets_a_polite_reply_and_no_error(live):
    reply = live.text_in(new_phone(), ("Xin chao, toi muon hoi ve giay to cua gia dinh toi. " * 20)[:1000])
    assert_one_segment(reply)
    assert "TRACUU" in reply.text
    webhook_lines = [line for line in live.app.log_text().splitlines() if "/sms/kannel/mo" in line]
    assert webhook_lines and all('" 200 ' in line for line in webhook_lines), webhook_lines[-5:]
    assert live.app.tracebacks() == [], live.report()


def test_a_message_typed_with_diacritics_reaches_the_app_as_typed_and_is_answered(live):
    phone = new_phone()
    reply = live.text_in(phone, "Xin chào, hướng dẫn tôi với")
    assert_one_segment(reply)
    bind(live.local)
    with live.local.app_context(), db.connection_context():
        (inbound,) = SmsInbound.select().where(SmsInbound.phone == e164(phone))
    assert inbound.body == "Xin chào, hướng dẫn tôi với"


def test_the_webhooks_refuse_calls_without_the_secret(live):
    phone = new_phone()
    for secret in ("", "wrong"):
        mo = {"secret": secret, "from": phone, "to": SHORT_CODE, "text": "HUONGDAN"}
        assert http_get(f"{live.app.url}/sms/kannel/mo?{urllib.parse.urlencode(mo)}")[0] == 403
        dlr = {"secret": secret, "id": "x", "status": "1"}
        assert http_get(f"{live.app.url}/sms/kannel/dlr?{urllib.parse.urlencode(dlr)}")[0] == 403
    assert live.messages(phone=e164(phone)) == []


def test_a_notification_reaches_the_phone_and_its_delivery_report_comes_back(live):
    applicant = new_phone()
    dossier = live.file_dossier(applicant)
    (sms,) = live.kannel.phones.wait_for(applicant, timeout=20)
    assert sms.sender == SHORT_CODE
    assert sms.text.startswith(f"MotCua: da nhan ho so {dossier.code} ")
    assert_one_segment(sms)
    message = live.wait_message(
        lambda m: m.status == "sent" and m.delivery == "delivered", "sent and delivered", dossier=dossier.id
    )
    assert (message.attempts, message.last_error, message.body) == (1, "", sms.text)
    assert message.sent_at is not None and message.delivery_at is not None


def test_kannel_down_keeps_notifications_queued_and_restarted_delivers_each_once(live):
    live.kannel.stop()
    live.app.stop_worker()  # so that only the requests themselves could have tried to send
    try:
        applicants = [new_phone(), new_phone()]
        dossiers = [live.file_dossier(phone) for phone in applicants]
        # The requests answered while Kannel was down, and tried nothing: the messages wait, untried.
        for dossier in dossiers:
            (message,) = live.messages(dossier=dossier.id)
            assert (message.status, message.attempts, message.sent_at) == ("queued", 0, None), vars_of(message)
        live.app.start_worker()
        for dossier in dossiers:
            message = live.wait_message(
                lambda m: m.status == "queued" and m.attempts >= 1, "a failed attempt", dossier=dossier.id
            )
            assert message.last_error and message.next_attempt_at is not None, vars_of(message)
    finally:
        live.kannel.start()
        if not live.app.worker.running():
            live.app.start_worker()

    for phone, dossier in zip(applicants, dossiers, strict=True):
        live.wait_message(lambda m: m.status == "sent" and m.delivery == "delivered", "sent", dossier=dossier.id)
        received = live.kannel.phones.received(phone)
        assert len(received) == 1 and dossier.code in received[0].text, received


def test_kannel_refusing_is_retried_then_failed(live):
    refusals = live.kannel.smsbox_log().count("Status: 403 Answer: <Authorization failed for sendsms>")
    live.app.stop_worker()
    live.app.start_worker(KANNEL_PASSWORD="not-the-password", SMS_MAX_ATTEMPTS=3)
    try:
        applicant = new_phone()
        dossier = live.file_dossier(applicant)
        message = live.wait_message(lambda m: m.status == "failed", "failed", timeout=30, dossier=dossier.id)
        assert (message.attempts, message.sent_at, message.next_attempt_at) == (3, None, None), vars_of(message)
        assert "403" in message.last_error, vars_of(message)
        assert live.kannel.phones.received(applicant) == []
        # Kannel saw and refused exactly three requests.
        assert live.kannel.smsbox_log().count("Status: 403 Answer: <Authorization failed for sendsms>") == refusals + 3
    finally:
        live.app.stop_worker()
        live.app.start_worker()
