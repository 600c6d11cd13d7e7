"""The charts' layout: sized for a phone, each label on its own lines above its bar, the figure beside the
bar's end with room kept for it, so nothing overlaps (the browser test measures the drawn result)."""

import pytest

from webapp.reports import charts


@pytest.fixture(autouse=True)
def request_context(app):
    with app.test_request_context():  # figures are formatted in the page's language
        yield


def boxes(chart):
    """(kind, x0, y0, x1, y1) of every label line, bar and figure; text boxes as wide as 0.6 em a
    character and as tall as a sans-serif's ascent and descent (the browser test measures real ones)."""
    ascent, descent = charts.FONT * 0.95, charts.FONT * 0.25
    found = []
    for bar in chart.bars:
        for text, y in bar.lines:
            found.append(("label", charts.LEFT, y - ascent, charts.LEFT + len(text) * charts.FONT * 0.6, y + descent))
        found.append(("bar", charts.LEFT, bar.top, charts.LEFT + bar.width, bar.top + charts.BAR))
        figure_end = bar.figure_x + len(bar.figure) * charts.FONT * 0.6
        found.append(("figure", bar.figure_x, bar.figure_y - ascent, figure_end, bar.figure_y + descent))
    return found


def overlap(a, b):
    return a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]


def test_labels_figures_and_bars_never_overlap_even_at_100_percent_and_with_long_labels():
    items = [
        ("Trực tuyến", 978, 40.5),
        ("Trực tiếp, bưu chính", 1432, 59.5),
        ("Everything, all at once, in person and by post at the desk", 10_000, 100.0),
        ("Chưa có", 0, None),
    ]
    chart = charts.bar_chart(items)
    drawn = boxes(chart)
    for index, first in enumerate(drawn):
        assert first[1] >= 0 and first[3] <= chart.width, first
        assert first[2] >= 0 and first[4] <= chart.height, first
        for second in drawn[index + 1 :]:
            assert not overlap(first, second), (first, second)


def test_a_long_label_wraps_onto_lines_of_its_own():
    chart = charts.bar_chart([("Everything, all at once, in person and by post at the desk", 1, 100.0)])
    (bar,) = chart.bars
    assert len(bar.lines) == 2
    assert bar.lines[-1][1] < bar.top


def test_bars_are_as_long_as_their_share_and_figures_are_formatted_as_on_the_page():
    chart = charts.bar_chart([("Trực tuyến", 1234, 50.0), ("Trực tiếp, bưu chính", 1234, 100.0)])
    half, full = chart.bars
    assert full.width == 2 * half.width == charts.WIDTH - charts.LEFT - charts.FIGURE_ROOM
    assert half.figure == "1.234 (50,0%)"


def test_text_is_at_least_14_css_px_on_a_320_px_phone():
    content = 320 - 32  # the page's padding
    assert charts.FONT * content / charts.WIDTH >= 14
