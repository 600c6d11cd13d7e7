"""What a visit costs on the wire, measured in real Chromium, and how the pages paint on Slow 3G.

Byte budgets (issue 7, item 6) pass or fail: a first visit, every byte compressed (the document, its
inline stylesheet and the scripts, the manifest, and all the service worker fetches to precache on install),
≤ 45 KB; a repeat visit online ≤ 6 KB. The Slow-3G test (item 7) asserts only that the content is
there: it writes the first contentful paint to benchmarks/results/slow3g.json and prints it, since
times vary with the machine and are never a reason to fail.

How bytes are counted. Playwright reports, at the level of the browser context, every request of
the page and of its service worker (it attaches to the worker's target itself), and fills
`request.sizes()` from CDP's `Network.loadingFinished.encodedDataLength` on that target: headers plus
body as they crossed the socket, compressed, 0 when the HTTP cache answered, headers only for a 304.
That is one source for both targets, so nothing is counted twice: a page request answered by the
worker (`response.from_service_worker`) costs nothing itself, its bytes being those of the worker's
own fetch, if any. One exception: the worker's scripts (its own file, fetched by the browser for
the registration, and what it imports with importScripts) are reported on the worker's target with
a body of 0 to 6 bytes whatever was sent. For those the bytes come from the other end: the test
serves the app through a counting WSGI wrapper and takes what it sent for that path during the
visit (nothing if the HTTP cache answered). The server's total of the visit is printed beside the
browser's as a cross-check. Headless Chromium never fetches the manifest, which a phone's browser
does: the test fetches it from the page so that it is counted too.
"""

import datetime
import json
import platform
import time
from importlib import metadata
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.apps import bind
from tests.browser.walks import StoppableServer, wait_for_the_worker
from tests.factories import BIRTH, make_draft
from webapp.config import ROOT
from webapp.db import db

pytestmark = pytest.mark.browser

FIRST_VISIT_BUDGET = 45_000
REPEAT_VISIT_BUDGET = 6_000
WORKER_SCRIPT = "/sw.js"
RESULTS = ROOT / "benchmarks" / "results" / "slow3g.json"
# DevTools' "Slow 3G": 2,000 ms of latency a request, 400 kbit/s down and up (50,000 bytes/s).
SLOW_3G = {"offline": False, "latency": 2_000, "downloadThroughput": 50_000, "uploadThroughput": 50_000}


class CountingServer(StoppableServer):
    """The test's own server, which notes the bytes it sends for each path (body as compressed by the
    app, status line and headers as werkzeug writes them, its Server and Date lines included)."""

    SERVER_AND_DATE = len(
        f"Server: Werkzeug/{metadata.version('werkzeug')} Python/{platform.python_version()}\r\n"
        "Date: Sat, 28 Nov 2026 02:40:25 GMT\r\n"
    )

    def __init__(self, app):
        self.sent = []  # (path, bytes)
        super().__init__(app)

    def _slowed(self, environ, start_response):
        head = []

        def counting_start_response(status, headers, exc_info=None):
            lines = [f"HTTP/1.1 {status}\r\n", *(f"{k}: {v}\r\n" for k, v in headers), "\r\n"]
            head.append(sum(len(line.encode("latin-1")) for line in lines) + self.SERVER_AND_DATE)
            return start_response(status, headers, exc_info)

        body = b"".join(super()._slowed(environ, counting_start_response))
        path = environ["PATH_INFO"] + (f"?{environ['QUERY_STRING']}" if environ.get("QUERY_STRING") else "")
        self.sent.append((path, head[0] + len(body)))
        return [body]

    def take(self):
        sent, self.sent = self.sent, []
        return sent


class Transfer:
    """Bytes on the wire of every response a browser context loads, for its pages and its worker."""

    def __init__(self, context):
        self.rows = []  # (who, path, bytes)
        self.in_flight = set()
        self.changed = time.monotonic()
        context.on("request", self._started)
        context.on("requestfinished", self._finished)
        context.on("requestfailed", self._done)

    def _started(self, request):
        self.in_flight.add(request)
        self.changed = time.monotonic()

    def _done(self, request):
        self.in_flight.discard(request)
        self.changed = time.monotonic()

    def _finished(self, request):
        self._done(request)
        response = request.response()
        url = urlsplit(request.url)
        if url.scheme not in ("http", "https") or response is None:
            return
        who = "worker" if request.service_worker else "page"
        path = url.path + (f"?{url.query}" if url.query else "")
        if response.from_service_worker:
            self.rows.append((who, path, 0))
            return
        if who == "worker" and request.resource_type != "fetch":  # its own script, or one it imports
            self.rows.append(("worker script", path, None))  # priced by the server
            return
        sizes = request.sizes()
        self.rows.append((who, path, max(0, sizes["responseBodySize"] + sizes["responseHeadersSize"])))

    def settle(self, page, quiet=0.75, timeout=15):
        """Wait until nothing has been in flight, in the page or its worker, for `quiet` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            page.wait_for_timeout(100)
            if not self.in_flight and time.monotonic() - self.changed >= quiet:
                return
        raise AssertionError(f"still loading after {timeout} s: {[r.url for r in self.in_flight]}")

    def take(self, server):
        """The rows since the last take, the worker's scripts priced by the server, and their total."""
        rows, self.rows = self.rows, []
        sent = server.take()
        unpriced = list(sent)  # each response the server sent prices one row at most: not one the
        for _, path, size in rows:  # browser counted itself, nor one of another row
            counted = next((entry for entry in unpriced if entry[0] == path), None) if size else None
            if counted:
                unpriced.remove(counted)
        for index, (who, path, size) in enumerate(rows):
            if size is None:
                served = next((entry for entry in unpriced if entry[0] == path), None)
                if served:
                    unpriced.remove(served)
                rows[index] = (who, path, served[1] if served else 0)
        return rows, sum(size for _, _, size in rows), sent


def agree(browser_total, sent):
    """The browser saw what the server sent, within what werkzeug's own header lines may differ by:
    a request the browser failed to report would show here."""
    sent_total = sum(n for _, n in sent)
    assert abs(browser_total - sent_total) <= 50 * len(sent), (browser_total, sent_total, sent)
    return sent_total


def table(rows):
    return "\n".join(f"  {who:14} {size:>7,}  {path}" for who, path, size in rows)


@pytest.fixture
def step_one(seeded_app):
    """The first step of a fresh draft of the birth registration."""
    with seeded_app.app_context(), db.connection_context():
        return f"/nop/{make_draft(code=BIRTH, complete=False, verified=False).token}/buoc/1"


@pytest.fixture
def counting_server(seeded_app):
    with CountingServer(bind(seeded_app)) as server:
        yield server


@pytest.fixture(params=["home", "procedure", "filing step"])
def visited(request, counting_server):
    if request.param == "filing step":
        return request.param, request.getfixturevalue("step_one")
    return request.param, {"home": "/", "procedure": f"/thu-tuc/{BIRTH}"}[request.param]


def test_a_first_visit_fits_45_kb_and_a_repeat_visit_6_kb(browser, counting_server, visited):
    name, path = visited
    context = browser.new_context(base_url=counting_server.url)
    context.set_default_timeout(15_000)
    try:
        transfer = Transfer(context)
        page = context.new_page()
        page.goto(path)
        wait_for_the_worker(page)  # installed: its precache is fetched and counted
        page.evaluate(
            """async () => {
                const link = document.querySelector("link[rel=manifest]");
                if (link) await (await fetch(link.href, { cache: "no-store" })).arrayBuffer();
            }"""
        )
        transfer.settle(page)
        first, first_total, sent = transfer.take(counting_server)
        first_sent = agree(first_total, sent)
        paths = {p.split("?")[0] for _, p, _ in first}
        assert {path, WORKER_SCRIPT, "/ngoai-tuyen", "/manifest.webmanifest"} <= paths, table(first)
        assert not any(p.startswith("/static/css/") for p in paths), table(first)  # the stylesheet is inline

        again = context.new_page()  # the person comes back to the same page later, still online
        again.goto(path)
        expect(again.locator("h1")).to_be_visible()
        transfer.settle(again)
        repeat, repeat_total, sent = transfer.take(counting_server)
        repeat_sent = agree(repeat_total, sent)
        print(f"\n{name} {path}: first visit {first_total:,} bytes (server sent {first_sent:,})\n{table(first)}")
        print(f"{name}: repeat visit {repeat_total:,} bytes (server sent {repeat_sent:,})\n{table(repeat)}")
        assert first_total <= FIRST_VISIT_BUDGET, f"{name}: first visit {first_total:,} bytes\n{table(first)}"
        assert repeat_total <= REPEAT_VISIT_BUDGET, f"{name}: repeat visit {repeat_total:,} bytes\n{table(repeat)}"
    finally:
        context.close()


def first_contentful_paint(page):
    """Milliseconds from the navigation's start to the first contentful paint (None if none in 30 s)."""
    return page.evaluate(
        """() => new Promise((resolve) => {
            setTimeout(() => resolve(null), 30000);
            new PerformanceObserver((list, observer) => {
                const fcp = list.getEntriesByName("first-contentful-paint")[0];
                if (fcp) { observer.disconnect(); resolve(fcp.startTime); }
            }).observe({ type: "paint", buffered: true });
        })"""
    )


def record(name, figures):
    """Merge one page's figures into the results file (not committed: benchmarks/results/ is ignored)."""
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    if results.get("conditions") != SLOW_3G:
        results = {"conditions": SLOW_3G, "pages": {}}
    results["pages"][name] = figures
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")


def shows_its_content(page, name):
    """What a person came for is on the screen: the heading, and the way on from it."""
    expect(page.locator("h1")).to_be_visible()
    if name == "home":
        expect(page.get_by_role("navigation", name="Điều hướng chính")).to_be_visible()
        expect(page.get_by_label("Tìm thủ tục theo tên hoặc mã")).to_be_visible()
    else:
        expect(page.locator("h1")).to_contain_text("khai sinh", ignore_case=True)
        expect(page.get_by_role("link", name="Nộp hồ sơ trực tuyến")).to_be_visible()


@pytest.mark.parametrize(("name", "path"), [("home", "/"), ("procedure", f"/thu-tuc/{BIRTH}")])
def test_on_slow_3g_the_page_shows_its_content_and_its_first_paint_is_recorded(browser, server, name, path):
    # A first visit: nothing cached, no worker yet. The emulation applies to the page's target, which
    # loads all a first paint needs; the worker installs after the load event, unthrottled.
    context = browser.new_context(base_url=server)
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        cdp.send("Network.emulateNetworkConditions", SLOW_3G)
        page.goto(path, wait_until="load", timeout=90_000)
        shows_its_content(page, name)
        fcp = first_contentful_paint(page)
        assert fcp is not None, "no first contentful paint"
        timing = page.evaluate(
            """() => { const n = performance.getEntriesByType("navigation")[0];
                       return { load: n.loadEventEnd, bytes: n.transferSize }; }"""
        )
        figures = {
            "path": path,
            "fcp_ms": round(fcp),
            "load_ms": round(timing["load"]),
            "document_transfer_bytes": timing["bytes"],
            "chromium": browser.version,
            "measured_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        }
        record(name, figures)
        print(f"\nSlow 3G, {name} {path}: first contentful paint {fcp:,.0f} ms, load {timing['load']:,.0f} ms")
    finally:
        context.close()


def test_results_go_where_git_does_not_look():
    assert "benchmarks/results/" in Path(ROOT / ".gitignore").read_text().split()
