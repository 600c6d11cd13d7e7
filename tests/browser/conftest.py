"""Headless Chromium (the Debian package) against a live server on the seeded database."""

import random
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.apps import bind, make_app, migrated_and_seeded, require
from tests.browser.walks import StoppableServer, wait_for_the_worker

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
def seeded_app(tmp_path_factory):
    """The browser tests' own seeded database: what other tests add to theirs (officers, dossiers)
    never shows in the pages these click through, whatever order the suite runs in."""
    return migrated_and_seeded(make_app(tmp_path_factory.mktemp("browser"), "browser"))


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
def browser_page(request, make_page):
    """A Playwright page on the live server, once with JavaScript on and once with it off."""
    return make_page(js=request.param)


@pytest.fixture(params=[True, False], ids=["js", "nojs"])
def js(request):
    return request.param


@pytest.fixture
def phone():
    """A fresh valid mobile number per test, so the 60 s resend throttle never bites."""
    return "09" + "".join(random.choices("0123456789", k=8))


# -- a server of the test's own, which it may stop (offline) and start again on the same port -----


@pytest.fixture
def own_server(seeded_app):
    with StoppableServer(bind(seeded_app)) as server:
        yield server


@pytest.fixture
def controlled_page(browser, own_server):
    """controlled_page(init_script=None, **context_options) → a page in a fresh browser context on the
    test's own server, whose first page ("/") is already under the service worker."""
    contexts = []

    def make(init_script=None, **options):
        context = browser.new_context(base_url=own_server.url, **options)
        context.set_default_timeout(10_000)
        if init_script:
            context.add_init_script(init_script)
        contexts.append(context)
        page = context.new_page()
        page.goto("/")
        wait_for_the_worker(page)
        return page

    yield make
    for context in contexts:
        context.close()
