"""The report's charts as pictures: which charts, their captions, and drawing them with kaleido.

Drawing needs an installed Chromium (kaleido drives it); a chart that cannot be drawn comes back
without a picture and with the reason, so the report can name it instead of leaving it out.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence

from byr_data import charts as chart_builders
from byr_data import fetch, growth
from byr_data.dataset import Dataset

NO_BROWSER_NOTE = "ingen nettleser er installert for å lage bilder."


@dataclasses.dataclass(frozen=True)
class ReportFigure:
    """One chart of the report: where it goes, what it is called, and its picture (None: not drawn)."""

    section: str  # key in report.SECTIONS
    title: str
    caption: str
    png: bytes | None
    note: str = ""  # why it was not drawn, in Norwegian
    width_cm: float = 16.0


FigureMaker = Callable[[Dataset, dt.date], Sequence[ReportFigure]]


class ChartUnavailable(Exception):
    """The chart picture could not be made; the message is the note for the user."""


def job_chart_png(dataset: Dataset, report_date: dt.date) -> bytes | None:
    """The cumulative growth chart as PNG (None: no figures to draw).

    Raises :class:`ChartUnavailable` when no picture can be made. Not cached here (this module
    holds no state): the web app passes :func:`build_report` a cached wrapper of this function.
    """
    known = growth.jobs_known_at(dataset, report_date)
    story = growth.job_story(known)
    if story is None or story.cumulative.empty:
        return None
    figure = chart_builders.cumulative_vs_target(story.cumulative, story.target, story.baseline, source=fetch.chart_source(dataset),
                                                 events=growth.membership_events(dataset), scope=growth.scope_label(known, ()))
    try:
        return figure.to_image(format="png", width=1000, height=520, scale=1)
    except Exception as error:  # kaleido / choreographer: no browser, or it failed to start
        kind = type(error).__name__
        if "ChromeNotFound" in kind or "chrom" in str(error).casefold() or "browser" in str(error).casefold():
            raise ChartUnavailable(NO_BROWSER_NOTE) from None
        raise ChartUnavailable(f"bildet kunne ikke lages ({kind}).") from None



def charts_caption(dataset: Dataset) -> str:
    """The line under the job chart: what it shows and where the figures come from."""
    return "Figur: samlet netto vekst i arbeidsplasser mot målet. " + fetch.chart_source(dataset)


ChartRenderer = Callable[[Dataset, dt.date], bytes | None]


def figures(dataset: Dataset, report_date: dt.date, chart_png: ChartRenderer | None = None) -> list[ReportFigure]:
    """The report's charts per ``report_date`` (``chart_png`` draws the job chart; the web app passes a cached one)."""
    draw = chart_png or job_chart_png
    try:
        png = draw(dataset, report_date)
    except ChartUnavailable as error:
        return [ReportFigure("jobs", "Samlet netto vekst i arbeidsplasser mot målet", charts_caption(dataset), None, str(error))]
    if png is None:
        return []
    return [ReportFigure("jobs", "Samlet netto vekst i arbeidsplasser mot målet", charts_caption(dataset), png)]
