"""Bar charts as static SVG: no script, no fonts from elsewhere, readable offline and by
screen readers (each chart has a title and a description, and the page shows its numbers in
a table beside it).

A small module of our own rather than a charting library: horizontal bars with a label and a
value are all the atlas draws, and a library would bring JavaScript or a plotting stack.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

ROW = 26
"""Height of one bar and its gap, in SVG units (about pixels at full width)."""
LABEL_WIDTH = 300
BAR_WIDTH = 380
VALUE_WIDTH = 60
WIDTH = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
MAX_LABEL = 42


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    shown: str
    """The value as the reader's language writes it."""


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "…"


def bar_chart(ident: str, title: str, description: str, bars: Sequence[Bar], rtl: bool) -> Markup:
    """A horizontal bar chart; right to left, the labels are on the right and the bars grow
    to the left (the drawing itself is laid out left to right, so that its coordinates mean
    the same in every language). Labels and values are escaped here: they may hold any text."""
    height = max(len(bars), 1) * ROW
    largest = max((bar.value for bar in bars), default=0) or 1
    parts = [
        f'<svg class="atlas-chart" viewBox="0 0 {WIDTH} {height}" role="img" direction="ltr" '
        f'aria-labelledby="{ident}-title {ident}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(description)}</desc>',
    ]
    for row, bar in enumerate(bars):
        y = row * ROW
        length = round(BAR_WIDTH * bar.value / largest)
        if rtl:
            label_x, label_anchor = WIDTH - 6, "end"
            bar_x = WIDTH - LABEL_WIDTH - length
            value_x, value_anchor = bar_x - 6, "end"
        else:
            label_x, label_anchor = LABEL_WIDTH - 8, "end"
            bar_x = LABEL_WIDTH
            value_x, value_anchor = bar_x + length + 6, "start"
        middle = y + ROW / 2 + 5
        parts += [
            f'<text x="{label_x}" y="{middle}" text-anchor="{label_anchor}" '
            f'class="atlas-chart__label">{escape(_short(bar.label))}</text>',
            f'<rect x="{bar_x}" y="{y + 4}" width="{length}" height="{ROW - 8}" '
            'class="atlas-chart__bar"/>',
            f'<text x="{value_x}" y="{middle}" text-anchor="{value_anchor}" '
            f'class="atlas-chart__value">{escape(bar.shown)}</text>',
        ]
    parts.append("</svg>")
    return Markup("".join(parts))
