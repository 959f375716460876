"""Charts of the monitoring: pure functions from plain data to a matplotlib Figure, drawn on the server.

The same figure goes to a page as inline SVG (`figure_svg`) and to a DOCX report as PNG (`figure_png`),
so the department sees on screen exactly what it prints. Only the Agg backend is used (no GUI); text is
set in DejaVu Sans, which ships with matplotlib and has Cyrillic, so nothing is downloaded. Figures are
made with `matplotlib.figure.Figure`, not pyplot: nothing keeps a reference to them, and
`figure_svg`/`figure_png` clear them after drawing so their memory goes back at once.

Every chart also has a plain table next to it on the page and in the report (for screen readers and
for printing in black and white); these functions only draw.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Callable, Sequence

import matplotlib
from django.core.cache import cache

matplotlib.use("Agg")

from matplotlib.figure import Figure  # the backend is chosen before the first figure
from matplotlib.ticker import MaxNLocator

matplotlib.rcParams.update(
    {
        "font.family": "DejaVu Sans",
        "font.size": 9,
        # Text stays text in SVG: the page is searchable, screen readers read the labels, the file is small.
        "svg.fonttype": "none",
        # Stable ids and no date: the same data gives the same picture.
        "svg.hashsalt": "mentoring",
        "axes.spines.top": False,
        "axes.spines.right": False,
    }
)

# Okabe–Ito colours: told apart by people with colour-blindness and in grey print.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
TARGET_COLOUR = "#D55E00"
MISSING = "нет данных"
WIDTH_INCHES = 7.0
PNG_DPI = 150


def _number(value: float) -> str:
    """1 → «1», 2.5 → «2,5» (Russian decimal comma)."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.1f}".replace(".", ",")


def _short(label: str, limit: int = 38) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _figure(rows: float = 4, *, min_height: float = 2.4) -> Figure:
    height = max(min_height, 0.9 + 0.38 * rows)
    return Figure(figsize=(WIDTH_INCHES, height), layout="constrained")


def empty_chart(title: str, text: str = "Нет данных за выбранный период") -> Figure:
    figure = Figure(figsize=(WIDTH_INCHES, 1.6), layout="constrained")
    axes = figure.add_subplot()
    axes.set_axis_off()
    axes.set_title(title, loc="left", fontsize=10)
    axes.text(0.5, 0.45, text, ha="center", va="center", color="#555555", transform=axes.transAxes)
    return figure


def grouped_bars(
    title: str,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    *,
    unit: str = "",
    percent_axis: bool = False,
) -> Figure:
    """Horizontal bars: one group per category, one bar per series, each bar labelled with its value."""
    if not categories or not series or not any(any(values) for _, values in series):
        return empty_chart(title)
    count = len(series)
    figure = _figure(len(categories) * max(1, count) * 0.75 + 1)
    axes = figure.add_subplot()
    height = 0.8 / count
    positions = list(range(len(categories)))
    for index, (name, values) in enumerate(series):
        offsets = [p - 0.4 + height * (index + 0.5) for p in positions]
        bars = axes.barh(
            offsets, list(values), height=height, label=name, color=PALETTE[index % len(PALETTE)]
        )
        axes.bar_label(bars, labels=[_number(v) + unit for v in values], padding=2, fontsize=8)
    axes.set_yticks(positions, [_short(c) for c in categories])
    axes.invert_yaxis()
    axes.set_title(title, loc="left", fontsize=10)
    if percent_axis:
        axes.set_xlim(0, 110)
    else:
        axes.margins(x=0.12)
        if all(float(v).is_integer() for _, values in series for v in values):
            axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    if count > 1:
        axes.legend(loc="lower right", fontsize=8, frameon=False)
    return figure


def involvement_chart(
    rows: Sequence[tuple[str, int, int]], *, title: str = "Вовлечённость по формам и ролям"
) -> Figure:
    """rows: (form, mentors, mentees), distinct people."""
    return grouped_bars(
        title,
        [form for form, _, _ in rows],
        [("Наставники", [r[1] for r in rows]), ("Наставляемые", [r[2] for r in rows])],
    )


def plan_fact_chart(
    rows: Sequence[tuple[str, float | None, float | None]], *, title: str = "План и факт по показателям, %"
) -> Figure:
    """rows: (indicator, actual, target); the actual as a bar, the target as a vertical mark; an
    indicator without an actual value is labelled «нет данных»."""
    if not rows:
        return empty_chart(title)
    figure = _figure(len(rows) + 1)
    axes = figure.add_subplot()
    positions = list(range(len(rows)))
    actual = [value or 0 for _, value, _ in rows]
    bars = axes.barh(positions, actual, height=0.6, color=PALETTE[0], label="Факт")
    axes.bar_label(
        bars,
        labels=[_number(value) + " %" if value is not None else MISSING for _, value, _ in rows],
        padding=2,
        fontsize=8,
    )
    marked = [(p, target) for p, (_, _, target) in zip(positions, rows, strict=True) if target is not None]
    if marked:
        axes.scatter(
            [target for _, target in marked],
            [p for p, _ in marked],
            marker="|",
            s=400,
            linewidths=2.5,
            color=TARGET_COLOUR,
            label="Цель",
            zorder=3,
        )
    axes.set_yticks(positions, [_short(label, 45) for label, _, _ in rows])
    axes.invert_yaxis()
    top = max([100.0, *actual, *(t for _, t in marked)])
    axes.set_xlim(0, top * 1.15)
    axes.set_title(title, loc="left", fontsize=10)
    axes.legend(loc="lower right", fontsize=8, frameon=False)
    return figure


def lines_chart(
    title: str, x_labels: Sequence[str], series: Sequence[tuple[str, Sequence[float | None]]]
) -> Figure:
    """Lines over the x labels (quarters); a missing point (no snapshot) leaves a gap."""
    if not x_labels or not any(v is not None for _, values in series for v in values):
        return empty_chart(title)
    figure = Figure(figsize=(WIDTH_INCHES, 2.8), layout="constrained")
    axes = figure.add_subplot()
    positions = list(range(len(x_labels)))
    for index, (name, values) in enumerate(series):
        plotted = [float("nan") if v is None else v for v in values]
        axes.plot(positions, plotted, marker="o", label=name, color=PALETTE[index % len(PALETTE)])
        for x, value in zip(positions, values, strict=True):
            if value is not None:
                axes.annotate(
                    _number(value),
                    (x, value),
                    textcoords="offset points",
                    xytext=(0, 6),
                    ha="center",
                    fontsize=8,
                )
    axes.set_xticks(positions, list(x_labels))
    axes.set_ylim(bottom=0)
    axes.margins(y=0.2)
    axes.set_title(title, loc="left", fontsize=10)
    axes.legend(loc="upper left", fontsize=8, frameon=False)
    return figure


def dynamics_chart(
    quarters: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    title: str = "Динамика по кварталам",
) -> Figure:
    return lines_chart(title, quarters, series)


def share_chart(title: str, parts: Sequence[tuple[str, int]]) -> Figure:
    """One horizontal bar split into parts (counts), each labelled with its count and share."""
    total = sum(count for _, count in parts)
    if not total:
        return empty_chart(title)
    figure = Figure(figsize=(WIDTH_INCHES, 1.9), layout="constrained")
    axes = figure.add_subplot()
    left = 0.0
    for index, (name, count) in enumerate(parts):
        share = 100 * count / total
        bars = axes.barh([0], [share], left=left, height=0.5, color=PALETTE[index % len(PALETTE)], label=name)
        if count:
            axes.bar_label(
                bars, labels=[f"{count} ({_number(round(share, 1))} %)"], label_type="center", fontsize=8
            )
        left += share
    axes.set_xlim(0, 100)
    axes.set_yticks([])
    axes.set_xlabel("%")
    axes.set_title(title, loc="left", fontsize=10)
    axes.legend(
        loc="upper center", bbox_to_anchor=(0.5, -0.45), ncols=min(4, len(parts)), fontsize=8, frameon=False
    )
    return figure


def window_chart(in_time: int, late: int, overdue: int, waiting: int) -> Figure:
    return share_chart(
        "Пары и группы сформированы в течение 14 дней",
        [
            ("В срок", in_time),
            ("С опозданием", late),
            ("Срок истёк, не сформированы", overdue),
            ("Срок не истёк", waiting),
        ],
    )


def meetings_chart(
    rows: Sequence[tuple[str, int, int]], *, title: str = "Встречи: проведено и запланировано"
) -> Figure:
    """rows: (label, held, planned)."""
    return grouped_bars(
        title,
        [label for label, _, _ in rows],
        [("Проведено", [r[1] for r in rows]), ("Запланировано", [r[2] for r in rows])],
    )


def feedback_chart(complete: int, incomplete: int) -> Figure:
    return share_chart(
        "Полнота обратной связи о проведённых встречах",
        [("Получена от всех участников", complete), ("Получена не от всех", incomplete)],
    )


def satisfaction_chart(buckets: Sequence[str], series: Sequence[tuple[str, Sequence[int]]]) -> Figure:
    """How many respondents fall in each band of their mean satisfaction (1–10), mentors and mentees."""
    return grouped_bars("Удовлетворённость участием (средняя оценка по анкете)", buckets, series)


def growth_chart(
    rows: Sequence[tuple[str, float, float]], *, title: str = "Рост участников: до и после"
) -> Figure:
    """rows: (measure group, mean before, mean after) on the 1–10 scale."""
    return grouped_bars(
        title,
        [label for label, _, _ in rows],
        [("Входная анкета", [r[1] for r in rows]), ("Итоговая анкета", [r[2] for r in rows])],
    )


# --- output -------------------------------------------------------------------------------------

_PROLOG = re.compile(r"^.*?(?=<svg\b)", re.DOTALL)
_METADATA = re.compile(r"<metadata>.*?</metadata>\s*", re.DOTALL)
_STYLE = re.compile(r"<style\b.*?</style>\s*", re.DOTALL)
_SCRIPT = re.compile(r"<script\b.*?(</script>|/>)", re.DOTALL | re.IGNORECASE)
_EVENT_ATTRIBUTE = re.compile(r"\s on[a-z]+\s*=\s*(\"[^\"]*\"|'[^']*')", re.IGNORECASE)
_FOREIGN = re.compile(r"<foreignObject\b.*?</foreignObject>", re.DOTALL | re.IGNORECASE)
_ROOT = re.compile(r"<svg\b[^>]*>")
_ID = re.compile(r"""(\bid=")|(url\(#)|(xlink:href="#)|(\bhref="#)""")


def _root_tag(tag: str, label: str) -> str:
    viewbox = re.search(r'viewBox="([^"]*)"', tag)
    box = viewbox.group(1) if viewbox else "0 0 504 288"
    escaped = label.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'viewBox="{box}" preserveAspectRatio="xMinYMin meet" role="img" aria-label="{escaped}" '
        'class="chart" style="width: 100%; height: auto; max-width: 100%;" stroke-linejoin="round" '
        'stroke-linecap="butt">'
    )


def figure_svg(figure: Figure, *, label: str = "Диаграмма", id_prefix: str | None = None) -> str:
    """The figure as inline SVG for a page: no XML prolog, no metadata, no scripts or event handlers,
    ids made unique per chart (several charts share a page), and it scales to its container."""
    buffer = io.StringIO()
    try:
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    finally:
        figure.clear()
    svg = buffer.getvalue()
    svg = _PROLOG.sub("", svg, count=1)
    svg = _METADATA.sub("", svg)
    svg = _STYLE.sub("", svg)
    svg = _FOREIGN.sub("", svg)
    svg = _SCRIPT.sub("", svg)
    svg = _EVENT_ATTRIBUTE.sub("", svg)
    prefix = id_prefix or "c" + hashlib.sha1(svg.encode(), usedforsecurity=False).hexdigest()[:8]
    svg = _ID.sub(
        lambda match: match.group(0).replace("#", f"#{prefix}-").replace('id="', f'id="{prefix}-'), svg
    )
    svg = _ROOT.sub(lambda match: _root_tag(match.group(0), label), svg, count=1)
    return svg.strip()


def figure_png(figure: Figure, *, dpi: int = PNG_DPI) -> bytes:
    """The same figure as PNG bytes for a DOCX report."""
    buffer = io.BytesIO()
    try:
        figure.savefig(buffer, format="png", dpi=dpi, facecolor="white")
    finally:
        figure.clear()
    return buffer.getvalue()


# Drawing costs about 0.2 s a chart whatever the data, and a dashboard has eight: pictures are kept in
# the cache under a digest of what they show (the drawing function, its arguments, the label), so that a
# dashboard opened again, or by a colleague, draws only what changed. Raise the version when a drawing
# function changes its look.
CHART_CACHE_VERSION = 1
CHART_CACHE_SECONDS = 24 * 60 * 60


def _chart_key(kind: str, chart: tuple[Callable[..., Figure], tuple[object, ...]], *parts: object) -> str:
    function, arguments = chart
    described = repr(
        (CHART_CACHE_VERSION, kind, function.__module__, function.__qualname__, arguments, parts)
    )
    return f"monitoring-chart:{kind}:{hashlib.sha256(described.encode()).hexdigest()}"


def cached_svg(
    chart: tuple[Callable[..., Figure], tuple[object, ...]], *, label: str, id_prefix: str | None = None
) -> str:
    """`figure_svg` of the chart, drawn only when this picture is not in the cache yet."""
    key = _chart_key("svg", chart, label, id_prefix)
    svg = cache.get(key)
    if svg is None:
        function, arguments = chart
        svg = figure_svg(function(*arguments), label=label, id_prefix=id_prefix)
        cache.set(key, svg, CHART_CACHE_SECONDS)
    return str(svg)


def cached_png(chart: tuple[Callable[..., Figure], tuple[object, ...]], *, dpi: int = PNG_DPI) -> bytes:
    """`figure_png` of the chart, drawn only when this picture is not in the cache yet."""
    key = _chart_key("png", chart, dpi)
    png = cache.get(key)
    if png is None:
        function, arguments = chart
        png = figure_png(function(*arguments), dpi=dpi)
        cache.set(key, png, CHART_CACHE_SECONDS)
    return bytes(png)
