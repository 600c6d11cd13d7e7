"""The citizen's flows in a real browser, with JavaScript on and off, plus axe-core checks."""

import re
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.apps import require
from tests.browser.walks import (
    AXE,
    BIRTH,
)

pytestmark = pytest.mark.browser

SEARCH_LABEL = "Tìm thủ tục theo tên hoặc mã"


def birth_link(page):
    return page.locator(f'#results a[href="/thu-tuc/{BIRTH}"]')


def test_search_open_procedure_and_download_forms(browser_page):
    browser_page.goto("/")
    browser_page.get_by_label(SEARCH_LABEL).press_sequentially("dang ky khai sinh")
    browser_page.keyboard.press("Enter")
    expect(browser_page).to_have_url(re.compile(r"/thu-tuc\?q=dang"))
    expect(birth_link(browser_page)).to_contain_text("Đăng ký khai sinh", ignore_case=True)
    birth_link(browser_page).click()
    expect(browser_page).to_have_url(re.compile(rf"/thu-tuc/{BIRTH}$"))
    expect(browser_page.locator("h1")).to_contain_text("Đăng ký khai sinh", ignore_case=True)
    expect(browser_page.locator("main")).to_contain_text("Thời hạn giải quyết")
    expect(browser_page.locator("main")).to_contain_text("Phí, lệ phí")
    for fmt, magic in (("pdf", b"%PDF"), ("docx", b"PK\x03\x04")):
        with browser_page.expect_download() as info:
            browser_page.locator(f'a[href="/thu-tuc/{BIRTH}/mau-don.{fmt}"]').click()
        assert info.value.suggested_filename == f"mau-don-{BIRTH}-vi.{fmt}"
        assert Path(info.value.path()).read_bytes().startswith(magic), fmt


def test_live_search_updates_results_without_reloading(make_page):
    page = make_page(js=True)
    errors = []  # script errors and anything the Content-Security-Policy blocked
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto("/thu-tuc?q=zzzzqqq")
    expect(page.locator("#results")).to_contain_text("Không tìm thấy")
    page.evaluate("window.notReloaded = true")
    search = page.locator("#q")
    search.select_text()
    search.press_sequentially("ket hon")
    expect(page.locator("#results")).to_contain_text("kết hôn")
    expect(page).to_have_url(re.compile(r"[?&]q=ket(\+|%20)hon"))
    assert page.evaluate("window.notReloaded === true"), "the page reloaded instead of swapping #results"
    assert not errors, errors


def test_language_switch_is_remembered(browser_page):
    html = browser_page.locator("html")
    browser_page.goto("/")
    expect(html).to_have_attribute("lang", "vi")
    browser_page.get_by_role("button", name="English").click()
    expect(html).to_have_attribute("lang", "en")
    expect(browser_page).to_have_url(re.compile(r"/$"))
    browser_page.locator('header nav a[href="/don-vi"]').click()
    expect(browser_page).to_have_url(re.compile(r"/don-vi$"))
    expect(html).to_have_attribute("lang", "en")
    browser_page.get_by_role("button", name="Tiếng Việt").click()
    expect(browser_page).to_have_url(re.compile(r"/don-vi$"))
    expect(html).to_have_attribute("lang", "vi")
    expect(browser_page.locator("h1")).to_have_text("Đơn vị hành chính")


def test_404_is_vietnamese_with_a_working_search_box(browser_page):
    response = browser_page.goto("/thu-tuc/9.999999")
    assert response.status == 404
    expect(browser_page.locator("html")).to_have_attribute("lang", "vi")
    expect(browser_page.locator("h1")).to_have_text("Không tìm thấy trang")
    browser_page.get_by_label(SEARCH_LABEL).press_sequentially("khai sinh")
    browser_page.keyboard.press("Enter")
    expect(birth_link(browser_page)).to_be_visible()


def test_keyboard_only_skip_link_then_search(browser_page):
    browser_page.goto("/")
    browser_page.keyboard.press("Tab")
    expect(browser_page.get_by_role("link", name="Bỏ qua, đến nội dung chính")).to_be_focused()
    browser_page.keyboard.press("Enter")
    expect(browser_page).to_have_url(re.compile(r"#main$"))
    browser_page.keyboard.press("Tab")
    expect(browser_page.locator("#q")).to_be_focused()
    browser_page.keyboard.type("khai sinh")
    browser_page.keyboard.press("Enter")
    expect(birth_link(browser_page)).to_be_visible()


AXE_PAGES = ["/", "/thu-tuc?q=khai+sinh", f"/thu-tuc/{BIRTH}", "/don-vi", "/don-vi/18073", "/thu-tuc/9.999999"]


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("url", AXE_PAGES)
def test_axe_finds_no_serious_violations(make_page, url, lang):
    require("axe-core (npm ci)", AXE.exists())
    page = make_page(lang=lang, bypass_csp=True)  # axe is injected inline
    page.goto(url)
    expect(page.locator("html")).to_have_attribute("lang", lang)
    page.add_script_tag(path=AXE)
    violations = page.evaluate("axe.run().then(r => r.violations)")
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    report = "\n".join(f"{v['impact']} {v['id']}: {v['help']} at {[n['target'] for n in v['nodes']]}" for v in serious)
    assert not serious, f"{url} ({lang}):\n{report}"


def test_procedure_page_fits_a_phone(make_page):
    page = make_page(viewport={"width": 360, "height": 640}, device_scale_factor=1, is_mobile=True)
    page.goto(f"/thu-tuc/{BIRTH}")
    expect(page.locator("h1")).to_be_visible()
    page.screenshot(path=Path(tempfile.gettempdir()) / "motcua-procedure-360x640.png", full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px at 360px wide"
