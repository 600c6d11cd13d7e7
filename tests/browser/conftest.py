"""Headless Chromium (the Debian package) against a live server on the seeded database."""

import random
import threading
import time
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.conftest import bind, require

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def live_server(seeded_app):
    """The seeded app served over real HTTP from a daemon thread; yields its base URL."""
    bind(seeded_app)
    server = make_server("127.0.0.1", 0, seeded_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture
def server(live_server, seeded_app):
    """The live server's URL, with the global database proxy pointed back at it (other tests rebind it)."""
    bind(seeded_app)
    return live_server


@pytest.fixture(scope="session")
def browser():
    require("Chromium (/usr/bin/chromium)", CHROMIUM.exists())
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def make_page(browser, server):
    """make_page(js=True, lang=None, **context_options) → a page in a fresh context on the live server."""
    contexts = []

    def make(js=True, lang=None, **options):
        context = browser.new_context(base_url=server, java_script_enabled=js, accept_downloads=True, **options)
        context.set_default_timeout(10_000)
        if lang:
            context.add_cookies([{"name": "lang", "value": lang, "url": server}])
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture(params=[True, False], ids=["js", "nojs"])
def page(request, make_page):
    """A Playwright page, once with JavaScript on and once with it off (overrides the HTML page checker)."""
    return make_page(js=request.param)


@pytest.fixture(params=[True, False], ids=["js", "nojs"])
def js(request):
    return request.param


@pytest.fixture
def phone():
    """A fresh valid mobile number per test, so the 60 s resend throttle never bites."""
    return "09" + "".join(random.choices("0123456789", k=8))


# -- a server of the test's own, which it may stop (offline) and start again on the same port -----


class StoppableServer:
    """The seeded app over HTTP from a thread, until stop() closes its socket (connections refused).
    Setting `status_delay` makes status pages answer that many seconds late, like a failing link."""

    def __init__(self, app):
        self.status_delay = 0
        self._app = app
        self._server = make_server("127.0.0.1", 0, self._slowed, threaded=True)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self.running = True

    def _slowed(self, environ, start_response):
        if self.status_delay and environ["PATH_INFO"].startswith("/tra-cuu/"):
            time.sleep(self.status_delay)
        return self._app(environ, start_response)

    def start(self):
        """Serve again on the same port: same origin, so the same cookies, storage and worker."""
        if not self.running:
            self._server = make_server("127.0.0.1", int(self.url.rsplit(":", 1)[1]), self._slowed, threaded=True)
            self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
            self._thread.start()
            self.running = True

    def stop(self):
        if self.running:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(timeout=10)
            self.running = False


@pytest.fixture
def own_server(seeded_app):
    bind(seeded_app)
    server = StoppableServer(seeded_app)
    yield server
    server.stop()


def wait_for_the_worker(page):
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.wait_for_function("navigator.serviceWorker.controller !== null")
