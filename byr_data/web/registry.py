"""The pages: one list for the frame's navigation, the tests and the benchmarks."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    """A page of the dashboard. ``file`` is relative to the repository root.

    Every ``url_path`` differs from its file's stem: with a sibling ``pages/`` folder, AppTest would
    otherwise run a page without the frame from its second run on (see the stack notes).
    """

    title: str
    file: str
    url_path: str
    icon: str | None = None
    default: bool = False
    charts: bool = True  # shows charts of the data (the report and data pages show texts, tables and forms)


DATA = Page("Data", "pages/data.py", "datafiler", ":material/upload_file:", charts=False)

#: The sidebar's pages, in order.
PAGES = (
    Page("Oversikt", "pages/overview.py", "oversikt", ":material/dashboard:", default=True),
    Page("Mål", "pages/goals.py", "mal", ":material/flag:"),
    Page("Aktiviteter", "pages/activities.py", "aktiviteter", ":material/event_note:"),
    Page("Økonomi", "pages/budget.py", "okonomi", ":material/payments:"),
    Page("Arbeidsplasser", "pages/jobs.py", "arbeidsplasser", ":material/work:"),
    Page("Rapport", "pages/report.py", "statusrapport", ":material/description:", charts=False),
    DATA,
)

#: Møtemodus (``?modus=mote``): the only page, hidden, in place of the others.
MEETING = Page("Møtemodus", "pages/meeting.py", "motemodus", default=True, charts=False)

#: The pages with charts of the data, by title (the tests' and the benchmarks' «every page»).
CHART_PAGES = tuple(page for page in PAGES if page.charts)
