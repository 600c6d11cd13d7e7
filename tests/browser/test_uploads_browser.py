"""Uploads on weak links, in headless Chromium with JavaScript: photos shrunk on the phone, progress
shown, a dropped chunk resumed from the server's offset."""

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.apps import require
from tests.browser.walks import (
    AXE,
    answers,
    expect_at,
    fill_steps,
    run_axe,
    start,
)
from webapp.db import db
from webapp.dossiers.files import read_attachment
from webapp.models import Attachment, Draft

pytestmark = pytest.mark.browser

CHUNK = 64 * 1024
CHUNK_PUT = re.compile(r"/tai-len/[\w-]{32}\?offset=\d+$")


@pytest.fixture(scope="module")
def big_photo(tmp_path_factory):
    """A 4000×3000 phone-like photo of several MB (noise compresses badly, like a real scene)."""
    path = tmp_path_factory.mktemp("photos") / "anh-giay-chung-sinh.jpg"
    Image.effect_noise((4000, 3000), 40).convert("RGB").save(path, "JPEG", quality=80)
    assert 2_000_000 < path.stat().st_size < 10_000_000
    return path


def attachments_of(app, token):
    with app.app_context(), db.connection_context():
        draft = Draft.get(Draft.token == token)
        return [(a, read_attachment(a)) for a in Attachment.select().where(Attachment.draft == draft)]


def watch_progress(page):
    """Record every text and value the progress takes, since the page is swapped once it is done."""
    page.evaluate(
        """() => {
        window.seen = [];
        const box = document.getElementById("upload-status");
        new MutationObserver(() => {
          if (!box.hidden) seen.push([box.querySelector("progress").value, box.querySelector("p").textContent]);
        }).observe(box, {attributes: true, childList: true, characterData: true, subtree: true});
      }"""
    )


def declared_sizes(page):
    """The sizes the page announces when it opens each upload: the bytes its chunks then carry."""
    sizes = []

    def opened(request):
        if request.method == "POST" and request.url.endswith("/tai-len"):
            sizes.append(int(re.search(r'name="size"\r\n\r\n(\d+)', request.post_data)[1]))

    page.on("request", opened)
    return sizes


def test_a_big_photo_is_shrunk_before_upload_and_progress_is_shown(make_page, seeded_app, big_photo):
    page = make_page(js=True)
    token = start(page)
    page.goto(f"/nop/{token}/giay-to")
    sizes = declared_sizes(page)
    puts = []
    page.on("request", lambda r: puts.append(r.url) if CHUNK_PUT.search(r.url) else None)
    watch_progress(page)
    page.get_by_label("Giấy chứng sinh").set_input_files(big_photo)
    page.get_by_role("button", name="Tải lên Giấy chứng sinh").click()
    expect(page.get_by_role("link", name="anh-giay-chung-sinh.jpg")).to_be_visible(timeout=30_000)

    ((attachment, data),) = attachments_of(seeded_app, token)
    with Image.open(io.BytesIO(data)) as stored:
        assert max(stored.size) <= 2000
    original = big_photo.stat().st_size
    (sent,) = sizes
    assert sent < original / 3, (sent, original)
    assert len(puts) == -(-sent // CHUNK)  # 64 KB chunks, each sent once
    seen = page.evaluate("window.seen")
    shown = [re.fullmatch(r"Đã gửi (\d+)/(\d+) KB", text) for _, text in seen]
    assert any(m and 0 < int(m[1]) < int(m[2]) for m in shown), seen  # part way, in words
    assert any(value > 0 for value, _ in seen), seen  # and on the bar


def test_a_dropped_chunk_is_resumed_and_the_file_stored_once(make_page, seeded_app, big_photo):
    page = make_page(js=True)
    token = start(page)
    page.goto(f"/nop/{token}/giay-to")
    tries = []

    def drop_first(route):
        tries.append(route.request.url)
        if len(tries) == 1:
            route.abort("connectionreset")
        else:
            route.continue_()

    page.route(re.compile(rf"/tai-len/[\w-]{{32}}\?offset={CHUNK}$"), drop_first)
    status_checks = []
    page.on("request", lambda r: status_checks.append(r.url) if r.method == "GET" and "/tai-len/" in r.url else None)
    page.get_by_label("Giấy chứng sinh").set_input_files(big_photo)
    page.get_by_role("button", name="Tải lên Giấy chứng sinh").click()
    expect(page.get_by_role("link", name="anh-giay-chung-sinh.jpg")).to_have_count(1, timeout=30_000)
    assert len(tries) == 2, tries
    assert status_checks, "the client did not ask the server's offset after the drop"
    ((attachment, data),) = attachments_of(seeded_app, token)
    assert attachment.content_type == "image/jpeg"


def test_a_refused_file_is_shown_next_to_its_field_after_a_chunked_upload(make_page, phone, tmp_path):
    page = make_page(js=True)
    start(page)
    fill_steps(page, answers(phone))  # htmx swaps each step in: the upload script comes with the last swap
    expect_at(page, "/giay-to")
    fake = tmp_path / "giay.pdf"
    fake.write_text("<!doctype html><title>x</title><p>not a pdf</p>" * 3000)
    puts = []
    page.on("request", lambda r: puts.append(r.url) if CHUNK_PUT.search(r.url) else None)
    page.get_by_label("Văn bản ủy quyền").set_input_files(fake)
    page.get_by_role("button", name="Tải lên Văn bản ủy quyền").click()
    message = "giay.pdf: Tệp không phải PDF, JPEG hoặc PNG."
    expect(page.locator("#doc-4-error")).to_have_text(message)
    expect(page.locator("#error-summary")).to_contain_text(message)
    assert len(puts) >= 2  # it went the chunked way


def test_axe_finds_no_serious_violations_with_the_progress_shown(make_page, seeded_app, big_photo):
    require("axe-core (npm ci)", AXE.exists())
    page = make_page(js=True, bypass_csp=True)  # axe is injected inline
    token = start(page)
    page.goto(f"/nop/{token}/giay-to")
    page.route(CHUNK_PUT, lambda route: route.abort("internetdisconnected"))  # the link is down
    page.get_by_label("Giấy chứng sinh").set_input_files(big_photo)
    page.get_by_role("button", name="Tải lên Giấy chứng sinh").click()
    progress = page.get_by_role("progressbar", name="Tiến độ tải lên")
    expect(progress).to_be_visible()
    expect(page.locator("#upload-text")).to_have_text("Mất kết nối, đang thử gửi tiếp…")
    run_axe(page, "documents page with the upload progress shown")
    page.unroute(CHUNK_PUT)
    page.evaluate("window.dispatchEvent(new Event('online'))")  # the link is back
    expect(page.get_by_role("link", name="anh-giay-chung-sinh.jpg")).to_be_visible(timeout=30_000)
    assert len(attachments_of(seeded_app, token)) == 1


def test_a_sideways_phone_photo_stays_upright(make_page, seeded_app, tmp_path):
    """Phones store portraits as landscape pixels plus an EXIF turn; the canvas drops the EXIF, so the
    turn must be applied before it is."""
    path = tmp_path / "doc.jpg"
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: turn 90° clockwise to show
    Image.effect_noise((3200, 2400), 40).convert("RGB").save(path, "JPEG", quality=80, exif=exif)
    page = make_page(js=True)
    token = start(page)
    page.goto(f"/nop/{token}/giay-to")
    page.get_by_label("Giấy chứng sinh").set_input_files(path)
    page.get_by_role("button", name="Tải lên Giấy chứng sinh").click()
    expect(page.get_by_role("link", name="doc.jpg")).to_be_visible(timeout=30_000)
    ((_, data),) = attachments_of(seeded_app, token)
    with Image.open(io.BytesIO(data)) as stored:
        assert stored.size == (1500, 2000)
