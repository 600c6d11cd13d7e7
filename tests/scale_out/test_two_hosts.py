"""Two web hosts for real: gunicorn A and B and two huey consumers over one PostgreSQL, one Redis and
the files in PostgreSQL. A citizen files through A, the officers process through B, the files come
back from either, the fee is paid through B, a resumable upload alternates hosts, and each SMS of
the flow reaches the gateway once although two consumers share the queue.

The gateway is a recorder standing in for Kannel's sendsms: what it receives is what left. Runs in
the SQLite pass only (marker scale_out): it brings its own PostgreSQL and Redis.
"""

import collections
import io
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from fpdf import FPDF
from PIL import Image

from tests.apps import SCALE_OUT_POSTGRES, SCALE_OUT_REDIS, bind, postgres_database, require
from tests.factories import PDF, random_phone
from tests.kannel.harness import wait_for
from tests.scale_out.browsing import DESK, LEADER, SPECIALIST, Browser, act, file_online, location, log_in, start_draft
from tests.scale_out.hosts import Province, flush_redis, redis_url
from webapp import create_app
from webapp.db import db
from webapp.dossiers.files import read_attachment
from webapp.models import Attachment, Dossier, Draft, SmsMessage
from webapp.models.payment import Payment

pytestmark = pytest.mark.scale_out

CHUNK = 64 * 1024


class Gateway(BaseHTTPRequestHandler):
    """Kannel's sendsms as far as MotCua can tell: accepts, and remembers each message's id."""

    def do_GET(self):
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
        report = urllib.parse.parse_qs(urllib.parse.urlsplit(query["dlr-url"][0]).query)
        with self.server.lock:
            self.server.received.append((query["to"][0], report["id"][0]))
        self.send_response(202)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def gateway():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Gateway)
    server.received, server.lock = [], threading.Lock()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def province(tmp_path_factory, gateway):
    require("PostgreSQL (TEST_POSTGRES_URL)", SCALE_OUT_POSTGRES)
    require("Redis (TEST_REDIS_URL)", SCALE_OUT_REDIS)
    database = postgres_database("motcua_hosts", SCALE_OUT_POSTGRES)
    queue = redis_url(SCALE_OUT_REDIS, 14)
    flush_redis(queue)
    sendsms = f"http://127.0.0.1:{gateway.server_address[1]}/cgi-bin/sendsms"
    hosts = Province(
        tmp_path_factory.mktemp("province"), database, queue, SMS_BACKEND="kannel", KANNEL_SENDSMS_URL=sendsms
    )
    try:
        hosts.prepare()
        hosts.start()
        hosts.local = bind(create_app({"DATABASE_URL": database, "STORAGE_URL": database}))
        yield hosts
    finally:
        hosts.stop()
    assert not hosts.tracebacks(), hosts.logs()


def read(province, work):
    with province.local.app_context(), db.connection_context():
        return work()


def one_page_pdf(pixels=0):
    """A real PDF; with `pixels`, a noise image of that side makes it big (hundreds of KB)."""
    if not pixels:
        return PDF
    pdf = FPDF()
    pdf.add_page()
    image = io.BytesIO()
    Image.effect_noise((pixels, pixels), 80).convert("RGB").save(image, "PNG")
    pdf.image(image, x=10, y=10, w=100)
    return bytes(pdf.output())


def pay(citizen, host, code, phone):
    """Prove the code on the lookup page, then pay through the demo bank, all on `host`."""
    location(citizen.post(host, "/tra-cuu", {"ma": code, "so_cuoi": phone[-4:]}))
    bank_page = location(citizen.post(host, f"/thanh-toan/{code}"))
    form = citizen.page(host, bank_page).find("form", action="/gia-lap-thanh-toan/paymentv2/xu-ly")
    data = {field["name"]: field["value"] for field in form.find_all("input", type="hidden")}
    back = location(citizen.send(host, form["action"], {**data, "ket_qua": "00", "ipn": "ngay"}))
    assert back.startswith(citizen.urls[host]), back  # the bank returns the person to the host they paid on
    assert "Đã thanh toán" in citizen.session.get(back, timeout=60).text


def pdf_when_ready(browser, host, path):
    """A signed paper: its job (on either consumer) signs it; the page says to wait until then."""
    answer = wait_for(
        lambda: (r := browser.get(host, path)).headers.get("Content-Type") == "application/pdf" and r,
        60,
        f"{path} on host {host.upper()} as a PDF",
        interval=0.5,
    )
    return answer.content


def signed(desk, host, code):
    """The desk's page offers the online return once a consumer has signed the leader's result."""
    online = desk.page(host, f"/can-bo/ho-so/{code}").find("input", attrs={"name": "kenh_tra", "value": "truc_tuyen"})
    return online is not None and not online.has_attr("disabled")


@pytest.fixture(scope="module")
def walked(province):
    """The whole journey across hosts; (dossier code, phone, what each step returned)."""
    citizen, phone, seen = Browser(province.urls), random_phone(), {}
    code = file_online(citizen, "a", lambda work: read(province, work), phone)
    desk = log_in(Browser(province.urls), "a", DESK)  # signed in on A, working on B: one session
    seen["received"] = act(desk, "b", code, "tiep_nhan")
    seen["assigned"] = act(desk, "b", code, "phan_cong")
    seen["submitted"] = act(log_in(Browser(province.urls), "b", SPECIALIST), "b", code, "trinh_ky")
    leader = log_in(Browser(province.urls), "b", LEADER)
    result = ("ket-qua.pdf", one_page_pdf(), "application/pdf")
    seen["approved"] = act(leader, "b", code, "phe_duyet", files={"ket_qua": result})
    pay(citizen, "b", code, phone)
    wait_for(lambda: signed(desk, "b", code), 60, "the result signed by a consumer", interval=0.5)
    seen["returned"] = act(desk, "b", code, "tra_ket_qua", kenh_tra="truc_tuyen")
    return code, phone, seen, desk, citizen


def test_a_dossier_filed_on_one_host_is_processed_on_the_other(walked, province):
    code, _phone, seen, *_ = walked
    assert seen == {
        "received": "Đã tiếp nhận",
        "assigned": "Đang xử lý",
        "submitted": "Chờ phê duyệt",
        "approved": "Chờ trả kết quả",
        "returned": "Đã trả kết quả",
    }
    dossier = read(province, lambda: Dossier.get(Dossier.code == code))
    assert dossier.status == "da_tra_ket_qua" and dossier.paid_at is not None


def test_the_uploaded_files_download_from_the_other_host(walked, province):
    code, _phone, _seen, desk, _citizen = walked
    links = [a["href"] for a in desk.page("b", f"/can-bo/ho-so/{code}").select(f'a[href^="/can-bo/ho-so/{code}/tep/"]')]
    downloads = {desk.get("b", link).content for link in links if link.rsplit("/", 1)[-1].isdigit()}
    assert PDF in downloads  # the paper filed through A, byte for byte through B
    assert any(data.startswith(b"\xff\xd8") for data in downloads)  # the photo, cleaned on A
    on_disk = [p for host in "ab" for p in (province.workdir / f"host-{host}").rglob("*") if p.is_file()]
    assert not on_disk  # every file is in the shared store, none on a host's own disk


def test_the_result_and_the_receipt_download_from_the_filing_host(walked, province):
    code, _phone, _seen, _desk, citizen = walked
    result = pdf_when_ready(citizen, "a", f"/tra-cuu/{code}/ket-qua")
    assert result.startswith(PDF) and len(result) > len(PDF)  # the leader's file, signed after it
    receipt = pdf_when_ready(citizen, "a", f"/thanh-toan/bien-lai/ho-so/{code}")
    assert receipt.startswith(b"%PDF")
    payments = read(province, lambda: [p.status for p in Payment.select().join(Dossier).where(Dossier.code == code)])
    assert payments == ["paid"]


def test_each_sms_of_the_flow_leaves_once_with_two_consumers(walked, province, gateway):
    code, phone, *_ = walked

    def settled():
        rows = read(province, lambda: list(SmsMessage.select().where(SmsMessage.phone == phone)))
        return rows if rows and all(m.status not in ("queued", "sending") for m in rows) else None

    rows = wait_for(settled, 60, "the queue drained of this phone's SMS", interval=0.5)
    events = collections.Counter((m.dossier_id, m.event) for m in rows if m.dossier_id)
    assert {m.template for m in rows} >= {"submitted", "received", "result_ready"}
    assert max(events.values()) == 1
    assert [(m.status, m.attempts) for m in rows] == [("sent", 1)] * len(rows)
    with gateway.lock:
        left = collections.Counter(public_id for to, public_id in gateway.received if to == phone.lstrip("+"))
    assert left == collections.Counter(m.public_id for m in rows)  # each one, once, and nothing else


def test_a_resumable_upload_whose_chunks_alternate_hosts_assembles_whole(province):
    citizen, data = Browser(province.urls), one_page_pdf(pixels=500)
    assert len(data) > 3 * CHUNK
    token = start_draft(citizen, "a")
    headers = {"X-CSRFToken": citizen.token("a", f"/nop/{token}/giay-to")}
    opened = {"doc": 1, "name": "giay.pdf", "size": len(data)}
    created = citizen.send("a", f"/nop/{token}/tai-len", opened, headers=headers)
    assert created.status_code == 201, created.text
    upload = created.json()["id"]
    for number, offset in enumerate(range(0, len(data), CHUNK)):
        host = "ab"[number % 2]
        assert citizen.get(host, f"/nop/{token}/tai-len/{upload}").json()["offset"] == offset
        answer = citizen.session.put(
            f"{citizen.urls[host]}/nop/{token}/tai-len/{upload}?offset={offset}",
            data=data[offset : offset + CHUNK],
            headers={**headers, "Content-Type": "application/octet-stream"},
            timeout=60,
        )
        assert answer.status_code == 200, answer.text
    assert answer.json()["state"] == "done"

    def stored():
        draft = Draft.get(Draft.token == token)
        return [read_attachment(a) for a in Attachment.select().where(Attachment.draft == draft.id)]

    assert read(province, stored) == [data]
    assert "giay.pdf" in citizen.page("b", f"/nop/{token}/giay-to").get_text()
