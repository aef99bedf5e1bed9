"""The report's charts as pictures: which charts, their captions, and drawing them at print resolution.

The charts are the pages' own (:mod:`byr_data.charts`: the same Norwegian labels, source line and
colours), drawn by kaleido through the process's one browser (:mod:`byr_data.images`). Job
charts show only the employment figures known at the report date (:func:`growth.jobs_known_at`).
A chart that cannot be drawn comes back without a picture and with the reason, so the report
names it instead of leaving it out.

Print size: a chart is laid out :data:`PX_PER_CM` layout pixels per printed centimetre (760 px
for the 16 cm text width) and drawn at :data:`SCALE`, so a picture has 95 pixels per cm (241
dpi) and the charts' smallest type (14 px: the source line, event labels) prints at 8.4 pt.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence

import plotly.graph_objects as go

from byr_data import charts as chart_builders
from byr_data import compute, fetch, fmt, growth, images
from byr_data.dataset import Dataset

NO_BROWSER_NOTE = "ingen nettleser er installert for å lage bilder."
#: The width of the text block on A4 with 2.5 cm margins.
TEXT_WIDTH_CM = 16.0
#: Layout pixels per printed centimetre: the charts' 14 px type prints at 14 / 47.5 cm = 8.4 pt.
PX_PER_CM = 47.5
#: Image pixels per layout pixel: 2 × 47.5 = 95 px per cm, 241 dpi.
SCALE = 2
SERIES_BREAK_NOTE = growth.SERIES_BREAK_SHORT


@dataclasses.dataclass(frozen=True)
class ReportFigure:
    """One chart of the report: where it goes, what it is called, and its picture (None: not drawn)."""

    section: str  # key in report.SECTIONS
    title: str
    caption: str
    png: bytes | None
    note: str = ""  # why it was not drawn, in Norwegian
    width_cm: float = TEXT_WIDTH_CM


FigureMaker = Callable[[Dataset, dt.date], Sequence[ReportFigure]]
#: Draws the chart ``key`` of the report per a date as PNG (None: the data has nothing to draw);
#: raises :class:`ChartUnavailable`. The web app passes a cached one.
ChartRenderer = Callable[[Dataset, dt.date, str], bytes | None]


class ChartUnavailable(Exception):
    """The chart picture could not be made; the message is the note for the user."""


# --- the charts ------------------------------------------------------------------------------------


def _spans_series_break(first: int, last: int) -> bool:
    return growth.series_break_note(first, last) is not None


def _growth(dataset: Dataset, day: dt.date) -> tuple[go.Figure, str] | None:
    known = growth.jobs_known_at(dataset, day)
    story = growth.job_story_at(dataset, day)
    if story is None or story.cumulative.empty:
        return None
    figure = chart_builders.cumulative_vs_target(story.cumulative, story.target, story.baseline, source=fetch.chart_source(dataset),
                                                 events=growth.membership_events(dataset), scope=growth.scope_label(known, ()))
    figure.update_layout(margin={"r": 130})  # room for the target path's «Mål 2018: +400» beside its end
    spans = _spans_series_break(story.baseline, int(story.cumulative.index.max()))
    return figure, charts_caption(dataset, SERIES_BREAK_NOTE if spans else "")


def _municipalities(dataset: Dataset, day: dt.date) -> tuple[go.Figure, str] | None:
    """Each member's change during its membership years (Arbeidsplasser and meeting screen 2)."""
    known = growth.jobs_known_at(dataset, day)
    story = growth.job_story_at(dataset, day)
    if story is None or story.last_year is None or story.last_year <= story.baseline:
        return None
    first, last = story.baseline, story.last_year
    change = growth.member_changes(known, first, last)
    if change.empty:
        return None
    source = fetch.chart_source(dataset)
    figure = chart_builders.change_by_municipality(change, compute.municipality_names(dataset), first, last, source=source,
                                                   scope=growth.scope_label(known, ()))
    caption = (f"Netto endring i arbeidsplasser per kommune {first}–{last}. Hver kommune teller bare i årene den var medlem, "
               f"så stolpene summerer til regionens vekst ({fmt.number(float(change['change'].sum()), signed=True)}).")
    if _spans_series_break(first, last):
        caption += " " + SERIES_BREAK_NOTE
    return figure, f"{caption} {source}"


def _budget(dataset: Dataset, day: dt.date) -> tuple[go.Figure, str] | None:
    """Original, revised and actual per year, as on Økonomi (the report's table beside it has every year too)."""
    if dataset.budget is None or dataset.budget.empty:
        return None
    by_year = compute.budget_by_year(dataset.budget)
    years = f"{by_year.index.min()}–{by_year.index.max()}" if len(by_year) > 1 else str(by_year.index.min())
    figure = chart_builders.budget_by_year(by_year)
    # Bars 16 cm wide have no room for «1,25 mill.» across them: plotly would shrink it below 8 pt. Written
    # upwards at the notes' size instead, with the axis raised to make room for it.
    top = float(by_year.to_numpy().max()) * 1.35 if len(by_year) else 1.0
    figure.update_traces(textangle=-90, constraintext="none", textfont={"size": chart_builders.FONT_SIZE - 4})
    figure.update_yaxes(range=[0, top])
    return figure, f"Opprinnelig og revidert budsjett og regnskap per år {years}, i kroner (arket «Budsjett»)."


@dataclasses.dataclass(frozen=True)
class _Chart:
    key: str
    section: str
    title: str
    make: Callable[[Dataset, dt.date], tuple[go.Figure, str] | None]  # the figure and its caption; None: nothing to draw


#: The report's charts, in the order they appear within their section.
CHARTS: tuple[_Chart, ...] = (
    _Chart("budget", "budget", "Budsjett per år: opprinnelig, revidert og regnskap", _budget),
    _Chart("growth", "jobs", "Samlet netto vekst i arbeidsplasser mot målet", _growth),
    _Chart("municipalities", "jobs", "Netto endring i arbeidsplasser per kommune", _municipalities),
)
_BY_KEY = {chart.key: chart for chart in CHARTS}


def chart_figure(dataset: Dataset, report_date: dt.date, key: str) -> tuple[go.Figure, str] | None:
    """The plotly figure of the report's chart ``key`` and its caption (None: the data has nothing to draw)."""
    return _BY_KEY[key].make(dataset, report_date)


def for_print(figure: go.Figure) -> go.Figure:
    """``figure`` laid out for the 16 cm text width: the legend above the plot (at the side it took a third of
    the width), and text on lines allowed outside the plot (the target path's «Mål 2018: +400» at its end)."""
    figure.update_layout(legend={"orientation": "h", "x": 1, "xanchor": "right", "y": 1.02, "yanchor": "bottom"})
    figure.update_traces(cliponaxis=False, selector={"type": "scatter"})
    return figure


def pixel_size(figure: go.Figure, width_cm: float = TEXT_WIDTH_CM) -> tuple[int, int]:
    """The layout size, in plotly pixels, of ``figure`` printed ``width_cm`` wide (its height as the page draws it)."""
    return round(width_cm * PX_PER_CM), int(figure.layout.height or 460)


def render_chart(dataset: Dataset, report_date: dt.date, key: str) -> bytes | None:
    """The report's chart ``key`` as PNG at print resolution (None: the data has nothing to draw).

    Raises :class:`ChartUnavailable` when no picture can be made. Not cached here (this module
    holds no state): the web app passes :func:`figures` a cached wrapper of this function.
    """
    made = chart_figure(dataset, report_date, key)
    return None if made is None else _print_png(made[0])


def _print_png(figure: go.Figure) -> bytes:
    figure = for_print(figure)
    width, height = pixel_size(figure)
    try:
        return images.png(figure, width, height, SCALE)
    except images.NoBrowser:
        raise ChartUnavailable(NO_BROWSER_NOTE) from None
    except images.RenderFailed as error:
        raise ChartUnavailable(f"bildet kunne ikke lages ({error}).") from None


def job_chart_png(dataset: Dataset, report_date: dt.date) -> bytes | None:
    """The cumulative growth chart as PNG (None: no figures to draw); see :func:`render_chart`."""
    return render_chart(dataset, report_date, "growth")


def charts_caption(dataset: Dataset, note: str = "") -> str:
    """The line under the job chart: what it shows, ``note`` (the series break), and where the figures come from."""
    return "Samlet netto vekst i arbeidsplasser mot målet. " + (f"{note} " if note else "") + fetch.chart_source(dataset)


def figures(dataset: Dataset, report_date: dt.date, chart_png: ChartRenderer | None = None) -> list[ReportFigure]:
    """The report's charts per ``report_date`` in report order, each drawn with ``chart_png`` (the web app passes a cached one).

    A chart the data has nothing for is left out; one that could not be drawn comes back with
    ``png=None`` and the reason, for the report to name.
    """
    out: list[ReportFigure] = []
    for chart in CHARTS:
        made = chart.make(dataset, report_date)
        if made is None:
            continue
        try:
            # Without a renderer the figure just made is drawn (render_chart would make it again).
            png = chart_png(dataset, report_date, chart.key) if chart_png else _print_png(made[0])
        except ChartUnavailable as error:
            out.append(ReportFigure(chart.section, chart.title, made[1], None, str(error)))
            continue
        if png is not None:
            out.append(ReportFigure(chart.section, chart.title, made[1], png))
    return out
