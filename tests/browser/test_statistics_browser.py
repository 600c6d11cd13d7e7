"""The public statistics page on a 360×740 phone in Chromium, with two months of demo history so the
charts have bars: no sideways scroll, each filter's label right above its own box, chart text readable
and never over a bar or another text, and axe finds nothing serious. With JavaScript on and off: the
charts are drawn by the server."""

import datetime

import pytest
from playwright.sync_api import expect

from tests.apps import bind, make_app, migrated_and_seeded, require
from tests.browser.walks import AXE, StoppableServer, run_axe
from webapp.db import db
from webapp.seed.history import write_history

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}


@pytest.fixture(scope="module")
def history_app(tmp_path_factory):
    """A database of this module's own with the demo's history: the other browser tests' queues and
    counts never see these dossiers."""
    app = migrated_and_seeded(bind(make_app(tmp_path_factory.mktemp("statistics"), "statistics")))
    with app.test_request_context(), db.connection_context():
        write_history(2)
    return app


@pytest.fixture
def phone_page(browser, history_app):
    """phone_page(js=True) → a page at 360×740 on a server of the history database."""
    contexts = []
    with StoppableServer(bind(history_app)) as server:

        def make(js=True):
            context = browser.new_context(
                base_url=server.url,
                viewport=PHONE,
                device_scale_factor=1,
                is_mobile=True,
                java_script_enabled=js,
                bypass_csp=True,  # axe is injected inline
            )
            context.set_default_timeout(10_000)
            contexts.append(context)
            return context.new_page()

        yield make
        for context in contexts:
            context.close()


def recent_weeks():
    """The last ten weeks (a short period, computed at once), where the history has dossiers."""
    today = datetime.date.today()
    return f"/thong-ke?ky=tuy_chon&tu={today - datetime.timedelta(days=70):%d/%m/%Y}&den={today:%d/%m/%Y}"


def no_sideways_scroll(page, where):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{where} is {width} px wide at 360 px"


LABELS_AND_CONTROLS = """() => [...document.querySelectorAll('form.report-form label')].map(label => {
  const own = document.getElementById(label.htmlFor);
  const box = label.getBoundingClientRect();
  const controls = [...document.querySelectorAll('form.report-form input, form.report-form select')];
  const below = controls.filter(c => c.getBoundingClientRect().top >= box.bottom - 1)
    .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top);
  const ownBox = own ? own.getBoundingClientRect() : null;
  return {
    text: label.textContent.trim(), for: label.htmlFor, exists: !!own,
    next: below.length ? below[0].id : null,
    gap: ownBox ? ownBox.top - box.bottom : null,
    left: ownBox ? Math.abs(ownBox.left - box.left) : null,
  };
})"""


def test_the_filters_stack_each_label_right_above_its_own_box(phone_page):
    page = phone_page()
    page.goto(recent_weeks())
    expect(page.locator("#cau-bao-cao")).to_be_visible()
    labels = page.evaluate(LABELS_AND_CONTROLS)
    assert [label["for"] for label in labels] == ["f-ky", "f-nam", "f-so", "f-tu", "f-den", "f-don_vi"]
    for label in labels:
        assert label["exists"], label
        assert label["next"] == label["for"], f"the box under {label['text']!r} is {label['next']}"
        assert 0 <= label["gap"] <= 12 and label["left"] <= 2, label


def test_with_a_mistake_the_message_sits_between_the_label_and_its_own_box(phone_page):
    page = phone_page(js=False)
    page.goto("/thong-ke?ky=quy&nam=2026&so=5&don_vi=nowhere")
    expect(page.locator("#error-summary")).to_be_visible()
    labels = {label["for"]: label for label in page.evaluate(LABELS_AND_CONTROLS)}
    for name in labels:
        assert labels[name]["next"] == name, labels[name]
    for name in ("f-so", "f-don_vi"):
        error = page.locator(f"#{name}-error").bounding_box()
        assert labels[name]["gap"] <= error["height"] + 16 and labels[name]["left"] <= 2, labels[name]
    no_sideways_scroll(page, "/thong-ke with mistakes")


CHART_BOXES = """() => [...document.querySelectorAll('figure.chart svg')].map(svg => {
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  return {
    svg: box(svg),
    texts: [...svg.querySelectorAll('tspan, text:not(:has(tspan))')].map(t => ({
      text: t.textContent, box: box(t), px: parseFloat(getComputedStyle(t).fontSize) * scale,
    })),
    bars: [...svg.querySelectorAll('rect')].map(box).filter(([l, t, r, b]) => r > l),
  };
})"""


def overlap(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])
def test_the_page_fits_360_px_and_its_charts_are_readable_without_overlaps(phone_page, js):
    page = phone_page(js=js)
    page.goto("/thong-ke")
    expect(page.locator("h1")).to_have_text("Thống kê giải quyết hồ sơ")
    no_sideways_scroll(page, "/thong-ke (this year)")
    page.goto(recent_weeks())
    expect(page.locator("figure.chart svg")).to_have_count(2)
    no_sideways_scroll(page, "/thong-ke (recent weeks)")
    charts = page.evaluate(CHART_BOXES)
    labels = [text["text"] for chart in charts for text in chart["texts"]]
    assert "Trực tiếp, bưu chính" in labels and "Quá hạn" in labels
    for chart in charts:
        assert chart["svg"][2] <= PHONE["width"] and len(chart["bars"]) >= 2, "bars are drawn"
        for text in chart["texts"]:
            assert text["px"] >= 14, f"{text['text']!r} is drawn at {text['px']:.1f} px"
            assert text["box"][3] - text["box"][1] >= 12, text
            assert chart["svg"][0] <= text["box"][0] and text["box"][2] <= chart["svg"][2], f"{text} is cut"
            for bar in chart["bars"]:
                assert not overlap(text["box"], bar), f"{text['text']!r} covers a bar"
        for index, text in enumerate(chart["texts"]):
            for other in chart["texts"][index + 1 :]:
                assert not overlap(text["box"], other["box"]), (text, other)


def test_axe_finds_nothing_serious_on_the_phone(phone_page):
    require("axe-core (npm ci)", AXE.exists())
    page = phone_page()
    page.goto(recent_weeks())
    expect(page.locator("figure.chart svg")).to_have_count(2)
    run_axe(page, "/thong-ke at 360×740")
