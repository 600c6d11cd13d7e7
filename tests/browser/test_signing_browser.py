"""A leader approves a result in a real browser and the job signs it: until then the dossier page says
"Đang ký số" and the desk cannot choose to return it online; once signed, the officer downloads the signed file,
returns it online, and the public verification page names the leader who signed it.

The suite runs huey in immediate mode; here the job is held back (huey.immediate = False keeps the queued
tasks in memory) so the page can be seen while the result waits, then run by hand.
"""

import re
import threading

import pytest
from playwright.sync_api import expect

from tests.browser.walks import (
    CHUYEN_VIEN,
    LANH_DAO,
    MOT_CUA,
    NAMES,
    ONLINE_RETURN,
    act,
    expect_dossier_page,
    file_dossier,
    log_in,
    make_files,
    open_from_queue,
    receive,
    run_axe,
    staff_page,
)
from webapp.jobs import huey

pytestmark = pytest.mark.browser

ONLINE_CHANNEL = "Trực tuyến (người nộp tải về)"
WHEN = r"\d{2}:\d{2} \d{2}/\d{2}/\d{4}"


def audited(make_page, js, username):
    """A staff page axe may run on (it is injected inline, which the CSP refuses)."""
    page = make_page(js=js, bypass_csp=True)
    log_in(page, username)
    return page


def result_signing(page):
    """What the "Ký số" panel says of the result (the receipt and form 01 have rows of their own)."""
    return page.get_by_role("region", name="Ký số").locator("dt:text-is('Văn bản kết quả') + dd")


def run_queued_jobs():
    """Every job the held-back queue kept (the signing, and the SMS the approval sends), run in a thread
    of its own, as the consumer would: this one has Playwright's event loop, where pyHanko cannot run."""
    ran = []

    def run():
        while (task := huey.dequeue()) is not None:
            huey.execute(task)
            ran.append(task)

    worker = threading.Thread(target=run)
    worker.start()
    worker.join(timeout=60)
    return len(ran)


def test_an_approved_result_is_signed_by_the_job_then_goes_out_and_verifies(make_page, js, phone, tmp_path):
    code = file_dossier(make_page(js=js), phone, tmp_path, returned=ONLINE_RETURN)
    result = make_files(tmp_path)[0]
    desk = audited(make_page, js, MOT_CUA)
    receive(desk, code)
    act(desk, code, "Chuyển xử lý", "Đang xử lý")
    specialist = staff_page(make_page, js, CHUYEN_VIEN)
    open_from_queue(specialist, "Đang xử lý", code)
    act(specialist, code, "Trình lãnh đạo phê duyệt", "Chờ phê duyệt")
    leader = audited(make_page, js, LANH_DAO)
    open_from_queue(leader, "Đang xử lý", code)
    leader.get_by_label("Văn bản kết quả đã ký (PDF)").set_input_files(result)

    huey.immediate = False
    try:
        act(leader, code, "Phê duyệt, ký kết quả", "Chờ trả kết quả")
        expect(result_signing(leader)).to_have_text("Đang ký số")
        if js:  # axe is a script
            run_axe(leader, "dossier page, result being signed")

        open_from_queue(desk, "Chờ trả kết quả", code)
        expect(result_signing(desk)).to_have_text("Đang ký số")
        expect(desk.get_by_label(ONLINE_CHANNEL)).to_be_disabled()  # no result to hand out yet

        assert run_queued_jobs() >= 1
    finally:
        huey.immediate = True

    desk.goto(f"/can-bo/ho-so/{code}")
    expect_dossier_page(desk, code)
    expect(result_signing(desk)).to_have_text(re.compile(rf"^Đã ký số lúc {WHEN}$"))
    if js:  # axe is a script
        run_axe(desk, "dossier page, result signed")
    file_link = desk.get_by_role("region", name="Kết quả giải quyết").get_by_role("link", name="giay-chung-sinh.pdf")
    signed = desk.request.get(file_link.get_attribute("href"))
    assert signed.ok and signed.headers["content-type"].startswith("application/pdf")
    assert signed.body().startswith(b"%PDF") and signed.body().count(b"/ByteRange") == 2  # leader, then the agency
    stamp = desk.get_by_role("link", name="In tem xác thực (mã QR)").get_attribute("href")

    expect(desk.get_by_label(ONLINE_CHANNEL)).to_be_enabled()
    expect(desk.get_by_label(ONLINE_CHANNEL)).to_be_checked()  # as asked at filing
    act(desk, code, "Trả kết quả", "Đã trả kết quả")

    public = make_page(js=js, bypass_csp=True)
    public.goto(re.sub(r"/tem$", "", stamp))
    expect(public.locator("main")).to_contain_text(NAMES[LANH_DAO])
    expect(public.locator("main")).to_contain_text(re.compile("ký", re.IGNORECASE))
    if js:  # axe is a script
        run_axe(public, "verification page of a signed result")
