"""Chart images for Word reports (the pages draw their charts in the browser).

matplotlib's object interface with the Agg canvas: no pyplot state, safe in a threaded
server. DejaVu Serif ships with matplotlib and covers Vietnamese.
"""

from __future__ import annotations

import io
from functools import lru_cache

from congdoan.core.docx import vn_number

# Drawing a chart takes about 100 ms; the same figures give the same image, so each
# process keeps the last ones drawn (keyed by every input: never stale), a few MB at most.
CACHED_CHARTS = 64

INK, ACCENT = "#1f4e79", "#c0504d"


DPI = 150
PAD = 0.08  # inches of white around the drawing


def _figure(width: float, height: float):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=DPI)
    FigureCanvasAgg(figure)
    return figure


def _fit(figure, *, left: float, bottom: float, top: float = 0.36, right: float = 0.1) -> None:
    """Place the axes ``left``, ``bottom``, ``top`` and ``right`` inches inside the
    figure's edges: the room the tick labels and the title need, measured beforehand.
    (matplotlib's tight layout finds the same by drawing the chart once more, which is
    half the time of a chart.)"""
    width, height = figure.get_size_inches()
    figure.subplots_adjust(
        left=(left + PAD) / width,
        right=1 - (right + PAD) / width,
        bottom=(bottom + PAD) / height,
        top=1 - (top + PAD) / height,
    )


def _text_width(figure, texts, size: float) -> float:
    """Inches the widest of ``texts`` takes in ``size``-point type."""
    from matplotlib.font_manager import FontProperties

    renderer = figure.canvas.get_renderer()
    font = FontProperties(size=size)
    widest = max(
        (renderer.get_text_width_height_descent(text, font, ismath=False)[0] for text in texts),
        default=0,
    )
    return widest / DPI


def _png(figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _style(axes, title: str) -> None:
    axes.set_title(title, fontsize=10, family="DejaVu Serif")
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.tick_params(labelsize=8)


def bars_by_year(years: list[int], values: list[float], title: str) -> bytes:
    """One bar per year, each labelled with its value."""
    return _bars_by_year(tuple(years), tuple(values), title)


@lru_cache(maxsize=CACHED_CHARTS)
def _bars_by_year(years: tuple, values: tuple, title: str) -> bytes:
    from matplotlib.ticker import FuncFormatter

    figure = _figure(6.4, 3.0)
    axes = figure.add_subplot()
    labels = [str(year) for year in years]
    bars = axes.bar(labels, values, color=INK, width=0.55)
    axes.bar_label(bars, labels=[vn_number(v) for v in values], fontsize=8, padding=2)
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _pos: vn_number(value)))
    axes.margins(y=0.15)
    _style(axes, title)
    ticks = [vn_number(tick) for tick in axes.get_yticks()]
    _fit(figure, left=_text_width(figure, ticks, 8) + 0.1, bottom=0.25)
    return _png(figure)


def bars_by_unit(names: list[str], values: list[float], title: str, *, limit: int = 15) -> bytes:
    """Horizontal bars, largest first; past ``limit`` units the rest are one bar."""
    return _bars_by_unit(tuple(names), tuple(values), title, limit)


@lru_cache(maxsize=CACHED_CHARTS)
def _bars_by_unit(names: tuple, values: tuple, title: str, limit: int) -> bytes:
    return _png(_unit_figure(names, values, title, limit))


def _unit_figure(names, values, title: str, limit: int):
    from matplotlib.ticker import FuncFormatter

    ranked = sorted(zip(names, values, strict=True), key=lambda pair: -pair[1])
    if len(ranked) > limit:
        rest = sum(value for _name, value in ranked[limit - 1 :])
        others = f"{len(ranked) - limit + 1} đơn vị khác"
        ranked = ranked[: limit - 1] + [(others, rest)]
    ranked.reverse()  # the largest on top
    shown = [name if len(name) <= 38 else name[:37] + "…" for name, _value in ranked]
    figure = _figure(6.4, 0.7 + 0.28 * max(len(ranked), 1))
    axes = figure.add_subplot()
    # one bar per position, not per name: two unions whose names are shortened alike
    # keep a bar each
    positions = range(len(ranked))
    bars = axes.barh(positions, [value for _name, value in ranked], color=INK, height=0.6)
    axes.set_yticks(positions, shown)
    axes.bar_label(
        bars, labels=[vn_number(value) for _name, value in ranked], fontsize=7, padding=2
    )
    axes.xaxis.set_major_formatter(FuncFormatter(lambda value, _pos: vn_number(value)))
    axes.margins(x=0.15)
    _style(axes, title)
    _fit(figure, left=_text_width(figure, shown, 8) + 0.1, bottom=0.25)
    return figure
