"""Offline filing in real Chromium: answers kept on the device, steps and the submission held in an
outbox while the server is really stopped, and delivered exactly once when it is back.

The tests run a server of their own (as test_pwa_browser does) that they stop and start again on the
same port, so the browser keeps its session and its service worker.
"""

import re
import time

import pytest
from playwright.sync_api import expect

from tests.browser.walks import (
    CODE_RE,
    SAVE,
    SMS_BOX,
    answers,
    expect_step,
    expect_values,
    fill,
    start,
)
from tests.factories import make_draft
from webapp.db import db
from webapp.dossiers import drafts
from webapp.models import Dossier, Draft, SmsMessage
from webapp.workflow import intake

pytestmark = pytest.mark.browser

BACK = 25_000  # the page retries every 10 s; Background Sync may come first
NO_INDEXEDDB = "indexedDB.open = () => { throw new DOMException('blocked', 'SecurityError'); };"


def ready_draft(app):
    with app.app_context(), db.connection_context():
        return make_draft()


def stored(app, token):
    """(dossiers of the draft, "submitted" SMS to its phone, its saved answers)."""
    with app.app_context(), db.connection_context():
        draft = Draft.get(Draft.token == token)
        dossiers = Dossier.select().where(Dossier.draft == draft).count()
        sms = SmsMessage.select().where(SmsMessage.template == "submitted", SmsMessage.phone == draft.phone).count()
        return dossiers, sms, draft.answers or {}


def device(page, what, token=None):
    """What the page's script keeps: "entries" (the outbox) or "answers" (of `token`)."""
    return page.evaluate("([what, token]) => MotCuaFiling[what](token)", [what, token])


def until(page, script, arg=None, timeout=10_000):
    """Wait until the (async) `script` comes true in the page; wait_for_function takes a promise as true."""
    deadline = time.monotonic() + timeout / 1000
    while not page.evaluate(script, arg):
        assert time.monotonic() < deadline, f"never true: {script}"
        page.wait_for_timeout(200)


EMPTY_OUTBOX = "() => MotCuaFiling.entries().then((e) => e.length === 0)"


def draft_cache(page, token):
    return page.evaluate(
        """async (token) => (await caches.has("motcua-draft-" + token))
            ? (await (await caches.open("motcua-draft-" + token)).keys()).map((r) => new URL(r.url).pathname)
            : null""",
        token,
    )


def test_answers_typed_then_reloaded_come_back_from_the_device(controlled_page, phone):
    page = controlled_page()
    token = start(page)
    half = {"ho_ten": "Nguyễn Văn An", "quan_he": "cha", "noi_cu_tru": "Số 5, thôn Trung Tiến"}
    fill(page, half)
    until(page, "t => MotCuaFiling.answers(t).then((a) => a.length === 3)", token)
    page.reload()
    expect_step(page, 1)
    expect_values(page, half)
    note = page.get_by_role("status")
    expect(note).to_have_text("Đã khôi phục thông tin bạn nhập trước đó, được lưu trên máy này.")
    expect(page.locator('[name="so_giay_to"]')).to_have_value("")


def test_an_online_submission_leaves_nothing_of_the_draft_on_the_device(controlled_page, seeded_app):
    draft = ready_draft(seeded_app)
    page = controlled_page()
    page.goto(f"/nop/{draft.token}/buoc/1")
    page.locator('[name="ho_ten"]').fill("Nguyễn Thị Hoa Mai")
    until(page, "t => MotCuaFiling.answers(t).then((a) => a.length === 1)", draft.token)
    until(page, "t => caches.has('motcua-draft-' + t)", draft.token)
    page.goto(f"/nop/{draft.token}/kiem-tra")
    page.evaluate("window.notReloaded = true")
    page.get_by_label(SMS_BOX).check()
    page.get_by_role("button", name="Nộp hồ sơ").click()
    expect(page.locator(".code strong")).to_have_text(CODE_RE)
    assert page.evaluate("window.notReloaded === true")  # htmx swapped the confirmation in, and ran its script
    until(page, "t => MotCuaFiling.answers(t).then((a) => a.length === 0)", draft.token)
    until(page, "t => caches.has('motcua-draft-' + t).then((kept) => !kept)", draft.token)
    assert stored(seeded_app, draft.token)[:2] == (1, 1)


def test_a_submission_made_while_the_server_is_stopped_is_delivered_once_when_it_is_back(
    controlled_page, own_server, seeded_app
):
    draft = ready_draft(seeded_app)
    page = controlled_page()
    page.goto(f"/nop/{draft.token}/kiem-tra")
    own_server.stop()
    page.get_by_label(SMS_BOX).check()  # kept with the queued submission
    page.get_by_role("button", name="Nộp hồ sơ").click()
    waiting = page.locator("#mc-note")
    expect(waiting).to_be_visible()
    expect(waiting).to_have_text(re.compile(r"^Đang chờ gửi"))
    expect(waiting).to_have_attribute("role", "status")
    [[_, entry]] = device(page, "entries")
    assert entry["kind"] == "submit" and entry["token"] == draft.token
    assert ["idempotency_key", draft.idempotency_key] in entry["fields"]
    assert stored(seeded_app, draft.token)[:2] == (0, 0)

    own_server.start()
    expect(page).to_have_url(re.compile(rf"/nop/{draft.token}/da-nop$"), timeout=BACK)
    expect(page.locator(".code strong")).to_have_text(CODE_RE)
    page.reload()  # a later visit sends nothing again
    expect(page.locator(".code strong")).to_have_text(CODE_RE)
    assert stored(seeded_app, draft.token)[:2] == (1, 1)
    until(page, EMPTY_OUTBOX)
    assert device(page, "answers", draft.token) == []


def test_steps_go_on_without_the_server_and_are_sent_in_order_when_it_is_back(
    controlled_page, own_server, seeded_app, phone
):
    page = controlled_page()
    steps = answers(phone)
    token = start(page)
    assert draft_cache(page, token) is None  # nothing fetched ahead for a mere glance
    fill(page, steps[0])
    until(page, "t => caches.has('motcua-draft-' + t)", token)  # typing fetched step 2 ahead
    until(page, "t => caches.open('motcua-draft-' + t).then((c) => c.keys()).then((k) => k.length === 1)", token)
    assert draft_cache(page, token) == [f"/nop/{token}/buoc/2"]
    own_server.stop()
    page.get_by_role("button", name=SAVE).click()
    expect_step(page, 2)  # from the draft's cache on this device
    expect(page.locator("#mc-note")).to_have_text(re.compile(r"^Đang chờ gửi"))
    fill(page, steps[1])
    page.get_by_role("button", name=SAVE).click()  # step 3 was never fetched: stay, say so
    expect(page.locator("#mc-note")).to_have_text(re.compile(r"^Mất kết nối"))
    assert [e["url"].rsplit("/", 1)[1] for _, e in device(page, "entries")] == ["1", "2"]
    assert stored(seeded_app, token)[2] == {}

    own_server.start()
    until(page, EMPTY_OUTBOX, timeout=BACK)
    saved = stored(seeded_app, token)[2]
    assert saved["ho_ten"] == steps[0]["ho_ten"] and saved["ks_ho_ten"] == steps[1]["ks_ho_ten"]


def test_without_indexeddb_a_notice_is_shown_and_filing_online_still_works(controlled_page, phone):
    page = controlled_page(init_script=NO_INDEXEDDB)
    steps = answers(phone)
    start(page)
    expect(page.get_by_role("status")).to_have_text(re.compile(r"^Máy này không lưu được thông tin đang nhập"))
    fill(page, steps[0])
    page.get_by_role("button", name=SAVE).click()
    expect_step(page, 2)
    fill(page, steps[1])
    page.get_by_role("button", name=SAVE).click()
    expect_step(page, 3)


def test_a_queued_submission_of_a_draft_already_filed_gets_that_dossier(controlled_page, own_server, seeded_app):
    draft = ready_draft(seeded_app)
    page = controlled_page()
    page.goto(f"/nop/{draft.token}/kiem-tra")
    own_server.stop()
    page.get_by_role("button", name="Nộp hồ sơ").click()
    expect(page.locator("#mc-note")).to_have_text(re.compile(r"^Đang chờ gửi"))
    with seeded_app.app_context(), db.connection_context():  # meanwhile, it went through from elsewhere
        found = drafts.find_draft(draft.token)
        dossier, created = intake.submit(found, drafts.spec_of(found), None)
        assert created

    own_server.start()
    expect(page).to_have_url(re.compile(rf"/nop/{draft.token}/da-nop\?lai=1$"), timeout=BACK)
    expect(page.locator(".code strong")).to_have_text(dossier.code)
    expect(page.locator("#da-nop-truoc")).to_contain_text("đã được nộp lúc")  # not a new one: says so
    until(page, EMPTY_OUTBOX)
    assert stored(seeded_app, draft.token)[:2] == (1, 0)  # no second dossier, no second message
