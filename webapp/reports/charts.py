"""The statistics page's bar charts, laid out here and drawn by the template as SVG (no JavaScript).

Sizes are viewBox units for a phone: the SVG scales to its container's width, so on a 360 px screen
(about 328 px of content) 16 units of text read as 16 CSS px, and still 14 on a 320 px one. Each bar's
label sits on its own lines above the bar (wrapped when long, e.g. "Trực tiếp, bưu chính" in another
language), its figure beside the bar's end, with room kept for it: no text covers a bar or another text.
"""

import textwrap
from dataclasses import dataclass

from webapp.formatting import count, percent

WIDTH = 320
LEFT = 2  # a glyph may start a little left of its x; the SVG clips what sticks out
FONT = 16
LINE = 20  # one line of label
BAR = 20
GAP = 14  # between a bar and the next label
FIGURE_ROOM = 150  # right of the longest bar, for its figure: "10.000 (100,0%)" is about 135 units
LABEL_CHARS = 32  # a label line at 16 units, well inside the width
COLOURS = ("#2e7d32", "#1565c0", "#c62828", "#6a1b9a")


@dataclass(frozen=True)
class Bar:
    lines: tuple  # (text, baseline y) of the label's lines
    figure: str
    top: float  # the bar's
    width: float
    colour: str

    @property
    def figure_x(self):
        return LEFT + self.width + 6

    @property
    def figure_y(self):
        return self.top + BAR - 5


@dataclass(frozen=True)
class Chart:
    bars: tuple
    height: float
    width: int = WIDTH
    font: int = FONT
    bar_height: int = BAR
    left: int = LEFT


def bar_chart(items):
    """[(label, count, percentage or None)] → a Chart: a bar per item, its length the percentage."""
    bars, y = [], 0
    longest = WIDTH - LEFT - FIGURE_ROOM
    for index, (label, value, pct) in enumerate(items):
        wrapped = textwrap.wrap(str(label), LABEL_CHARS) or [""]
        lines = tuple((text, y + FONT + number * LINE) for number, text in enumerate(wrapped))
        top = y + len(wrapped) * LINE + 4
        width = round(longest * (pct or 0) / 100, 1)
        figure = f"{count(value)} ({percent(pct)})"
        bars.append(Bar(lines, figure, top, width, COLOURS[index % len(COLOURS)]))
        y = top + BAR + GAP
    return Chart(tuple(bars), y - GAP + 4)
