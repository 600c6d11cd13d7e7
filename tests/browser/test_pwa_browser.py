"""The service worker in real Chromium: pages read once stay readable when the server is gone.

The test runs a server of its own, so it can stop it (the session's live server serves the other
tests): after a first visit, the catalogue, a procedure page and the last status page open from the
device, the status page says when it was fetched, and a page never read gives the offline page.
"""

import re
import time

import pytest
from playwright.sync_api import expect

from tests.apps import require
from tests.browser.walks import (
    AXE,
    BIRTH,
    run_axe,
    wait_for_the_worker,
)
from tests.walks import filed
from webapp.db import db
from webapp.models import RateCounter

pytestmark = pytest.mark.browser

SAVED_AT = re.compile(r"tải về lúc \d{2}:\d{2} \d{2}/\d{2}/\d{4}")


@pytest.fixture
def open_limits(seeded_app):
    """Every browser comes from 127.0.0.1: start with the lookup throttles open."""
    with seeded_app.app_context(), db.connection_context():
        RateCounter.delete().where(RateCounter.key.startswith("lookup-")).execute()


def look_up(page, code, digits):
    page.goto("/tra-cuu")
    page.get_by_label("Mã hồ sơ").fill(code)
    page.get_by_label("4 số cuối điện thoại hoặc CCCD").fill(digits)
    page.get_by_role("button", name="Tra cứu").click()
    expect(page.locator("h1")).to_have_text(f"Hồ sơ {code}")


def cached_paths(page):
    return page.evaluate(
        """async () => {
            const paths = [];
            for (const name of await caches.keys())
                for (const request of await (await caches.open(name)).keys())
                    paths.push(new URL(request.url).pathname);
            return paths;
        }"""
    )


def test_read_pages_open_from_the_device_once_the_server_is_stopped(
    controlled_page, own_server, seeded_app, open_limits
):
    dossier = filed(seeded_app)
    page = controlled_page()
    page.reload()
    home_title = page.locator("h1").inner_text()
    page.goto(f"/thu-tuc/{BIRTH}")
    procedure_title = page.locator("h1").inner_text()
    page.goto(f"/thu-tuc/{BIRTH}/nop-truc-tuyen")
    look_up(page, dossier.code, dossier.applicant_phone[-4:])
    timeline = page.locator("ol.timeline").inner_text()
    stored = cached_paths(page)
    assert {"/", f"/thu-tuc/{BIRTH}", f"/tra-cuu/{dossier.code}"} <= set(stored)
    assert not [p for p in stored if p.startswith(("/nop", "/can-bo")) or p.endswith("/nop-truc-tuyen")], stored

    own_server.stop()
    page.goto("/")
    expect(page.locator("h1")).to_have_text(home_title)
    expect(page.get_by_role("navigation", name="Điều hướng chính")).to_be_visible()
    page.goto(f"/thu-tuc/{BIRTH}")
    expect(page.locator("h1")).to_have_text(procedure_title)
    page.goto(f"/tra-cuu/{dossier.code}")
    expect(page.locator("h1")).to_have_text(f"Hồ sơ {dossier.code}")
    expect(page.locator("ol.timeline")).to_have_text(timeline)
    note = page.locator("#ban-luu")
    expect(note).to_have_text(SAVED_AT)
    assert note.get_attribute("data-saved-at")

    page.goto("/don-vi")
    expect(page.locator("h1")).to_have_text("Không có kết nối mạng")
    saved = page.locator("#trang-da-luu")
    expect(saved.get_by_role("link", name=f"Hồ sơ {dossier.code}")).to_be_visible()
    expect(saved.locator("li", has_text=dossier.code)).to_contain_text(re.compile(r"lưu lúc \d{2}:\d{2}"))
    expect(saved.get_by_role("link", name=procedure_title.strip())).to_be_visible()


def test_a_status_page_too_slow_to_come_shows_the_kept_copy(controlled_page, own_server, seeded_app, open_limits):
    dossier = filed(seeded_app)
    page = controlled_page()
    look_up(page, dossier.code, dossier.applicant_phone[-4:])
    own_server.status_delay = 10  # longer than the worker waits (6 s)
    started = time.monotonic()
    page.goto(f"/tra-cuu/{dossier.code}", timeout=15_000)
    expect(page.locator("#ban-luu")).to_have_text(SAVED_AT)
    assert time.monotonic() - started < 9
    expect(page.locator("h1")).to_have_text(f"Hồ sơ {dossier.code}")
    own_server.status_delay = 0


def test_the_scripts_come_from_the_shell_cache_and_kept_pages_keep_their_style(controlled_page, own_server):
    page = controlled_page()
    htmx = page.locator("script[src*='/vendor/htmx-']").get_attribute("src")
    shell = page.evaluate(
        """async () => {
            const names = (await caches.keys()).filter((n) => n.startsWith("motcua-shell-"));
            const keys = await (await caches.open(names[0])).keys();
            return keys.map((r) => new URL(r.url).pathname + new URL(r.url).search);
        }"""
    )
    assert htmx in shell and "/ngoai-tuyen" in shell
    own_server.stop()
    page.goto("/")  # from the pages cache, the stylesheet inside it: the brand bar keeps its colour
    expect(page.locator("header.top")).to_have_css("background-color", "rgb(163, 21, 15)")


def test_a_language_switch_is_not_answered_from_the_kept_pages(controlled_page, own_server):
    page = controlled_page()
    page.reload()  # "/" is now kept, in Vietnamese
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("navigation", name="Main navigation")).to_be_visible()
    page.wait_for_function(
        """async () => {
            const names = (await caches.keys()).filter((n) => n.startsWith("motcua-shell-"));
            const offline = await (await caches.open(names[0])).match("/ngoai-tuyen");
            return (await offline.text()).includes('<html lang="en">');
        }"""
    )
    own_server.stop()
    page.goto("/don-vi")
    expect(page.locator("h1")).to_have_text("No network connection")


def test_a_new_worker_deletes_the_caches_of_an_older_deployment(controlled_page, own_server):
    page = controlled_page()
    current = page.evaluate("caches.keys()")
    page.evaluate(
        """async () => {
            await (await caches.open("motcua-pages-000000000000")).put("/cu", new Response("cũ"));
            await (await navigator.serviceWorker.ready).unregister();
        }"""
    )
    assert "motcua-pages-000000000000" in page.evaluate("caches.keys()")
    page.reload()  # registers the worker again: it installs, activates and clears what is not its own
    wait_for_the_worker(page)
    names = page.evaluate("caches.keys()")
    assert "motcua-pages-000000000000" not in names and set(current) <= set(names), names


def test_axe_finds_no_serious_violations_on_the_offline_page(make_page):
    require("axe-core (npm ci)", AXE.exists())
    page = make_page(bypass_csp=True)  # axe is injected inline
    page.goto("/")
    wait_for_the_worker(page)
    page.goto(f"/thu-tuc/{BIRTH}")
    page.goto("/ngoai-tuyen")
    expect(page.locator("#trang-da-luu li").first).to_be_visible()
    run_axe(page, "offline page with its list of saved pages")
