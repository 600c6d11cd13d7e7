"""The privacy notice in a real Chromium: no serious axe violations, and every link reached by keyboard."""

import re

import pytest
from playwright.sync_api import expect

from tests.apps import require
from tests.browser.walks import AXE, run_axe

NOTICE = "/quyen-rieng-tu"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_axe_finds_no_serious_violations_on_the_notice(make_page, lang):
    require("axe-core (npm ci)", AXE.exists())
    page = make_page(lang=lang, bypass_csp=True)  # axe is injected inline
    page.goto(NOTICE)
    run_axe(page, f"privacy notice ({lang})")


def test_the_notice_is_read_by_keyboard_alone(make_page):
    page = make_page()
    page.goto("/")
    page.get_by_role("contentinfo").get_by_role("link", name="Quyền riêng tư").click()
    expect(page).to_have_url(re.compile(f"{NOTICE}$"))
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Bỏ qua, đến nội dung chính")).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    first = page.get_by_role("navigation", name="Nội dung").get_by_role("link").first
    expect(first).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#controller$"))
    reached = []
    for _ in range(40):  # on through the sections to the contact at the end
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => { const e = document.activeElement, r = e.getBoundingClientRect();"
            " return [e.tagName, e.getAttribute('href') || '', r.width > 0 && r.height > 0]; }"
        )
        assert focused[2], f"focus on something not visible: {focused}"
        reached.append(focused[1])
        if focused[1].startswith("mailto:"):
            break
    assert "/ho-so-cua-toi/du-lieu" in reached and "/tra-cuu" in reached
    assert reached[-1].startswith("mailto:")
