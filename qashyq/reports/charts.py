"""Charts of the reports as inline SVG drawn on the server (no script, no library: the
pages work offline and on a phone, ADR 0007). Pure functions of `data.Chart`."""

from __future__ import annotations

import math
from html import escape

from qashyq.reports.data import Chart

WIDTH, HEIGHT = 720, 300
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 28, 64
COLOURS = ("#1f6feb", "#d97706", "#15803d", "#9333ea")


def _nice_max(value: float) -> float:
    """The top of the axis: 1, 2, 2.5 or 5 times a power of ten at or above `value`."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return float(step * power)
    return float(10 * power)  # pragma: no cover - the loop ends at 10


def _axis_top(chart: Chart) -> float:
    top = _nice_max(max((max(s.values, default=0) for s in chart.series), default=0))
    if top < 4 and all(v == int(v) for s in chart.series for v in s.values):
        return 4.0  # small counts: whole numbers on the axis
    return top


def _number(value: float) -> str:
    return f"{value:g}" if value < 1e6 else f"{value / 1e6:g}M"


def chart_svg(chart: Chart, *, label: str) -> str:
    """The chart as an `<svg>` element (role img, `label` as its accessible name);
    an empty string when there is nothing to draw."""
    points = len(chart.labels)
    if not points or not chart.series:
        return ""
    top = _axis_top(chart)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def y(value: float) -> float:
        return TOP + plot_h - plot_h * value / top

    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(label)}</title>",
    ]
    for i in range(5):  # grid lines and their values
        value = top * i / 4
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
            f'stroke="#d0d7de" stroke-width="1"/>'
            f'<text x="{LEFT - 4}" y="{y(value) + 4:.1f}" font-size="11" '
            f'text-anchor="end" fill="#57606a">{_number(value)}</text>'
        )
    slot = plot_w / points
    every = max(1, math.ceil(points / 16))  # at most 16 labels under the axis
    for i, text in enumerate(chart.labels):
        if i % every:
            continue
        x = LEFT + slot * (i + 0.5)
        short = text if len(text) <= 14 else text[:13] + "…"
        parts.append(
            f'<text x="{x:.1f}" y="{TOP + plot_h + 12}" font-size="10" fill="#57606a" '
            f'text-anchor="end" transform="rotate(-40 {x:.1f} {TOP + plot_h + 12})">'
            f"{escape(short)}</text>"
        )
    if chart.kind == "line":
        for n, series in enumerate(chart.series):
            colour = COLOURS[n % len(COLOURS)]
            path = " ".join(
                f"{LEFT + slot * (i + 0.5):.1f},{y(v):.1f}" for i, v in enumerate(series.values)
            )
            parts.append(
                f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{path}"/>'
            )
            if points <= 62:
                for i, v in enumerate(series.values):
                    parts.append(
                        f'<circle cx="{LEFT + slot * (i + 0.5):.1f}" cy="{y(v):.1f}" r="2.5" '
                        f'fill="{colour}"><title>{escape(chart.labels[i])}: '
                        f"{escape(series.label)} {_number(v)}</title></circle>"
                    )
    else:
        width = slot * 0.8 / len(chart.series)
        for n, series in enumerate(chart.series):
            colour = COLOURS[n % len(COLOURS)]
            for i, v in enumerate(series.values):
                x = LEFT + slot * i + slot * 0.1 + width * n
                parts.append(
                    f'<rect x="{x:.1f}" y="{y(v):.1f}" width="{max(width - 1, 1):.1f}" '
                    f'height="{TOP + plot_h - y(v):.1f}" fill="{colour}"><title>'
                    f"{escape(chart.labels[i])}: {escape(series.label)} {_number(v)}"
                    f"</title></rect>"
                )
    x = LEFT
    for n, series in enumerate(chart.series):  # the legend
        colour = COLOURS[n % len(COLOURS)]
        parts.append(
            f'<rect x="{x}" y="8" width="10" height="10" fill="{colour}"/>'
            f'<text x="{x + 14}" y="17" font-size="12" fill="#24292f">{escape(series.label)}</text>'
        )
        x += 24 + 7 * len(series.label)
    parts.append("</svg>")
    return "".join(parts)
