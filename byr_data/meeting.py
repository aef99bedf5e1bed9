"""Møtemodus: the content of each screen, one key message per screen, built without Streamlit.

A screen is a title, a few key figures, at most one chart and short tables. The page
(``pages/meeting.py``) only lays them out in large type; everything here is plain Python,
so each screen can be tested alone. Charts are the dashboard's own, with fonts scaled up for
a projector (:func:`projector`), so the meeting shows the same figures as the pages.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import pandas as pd
import plotly.graph_objects as go

from byr_data import charts, compute, diff, escape, fetch, fmt, growth
from byr_data.dataset import Dataset
from byr_data.model import ActivityStatus, status_label

MODE_PARAM, MODE_VALUE, SCREEN_PARAM, PAGE_PARAM = "modus", "mote", "skjerm", "side"
#: The municipality filter's URL parameter, read by :mod:`byr_data.web.filter` (defined here, where no Streamlit is imported).
FILTER_PARAM = "kommune"
TITLES = (
    "Det strategiske målet",
    "Arbeidsplasser per kommune",
    "Status for målene",
    "Aktiviteter siden sist",
    "Budsjettendringer",
    "Trenger beslutning",
)
SCREEN_COUNT = len(TITLES)
#: Said instead of the growth when the employment figures have no two years in a row from the baseline on.
NO_GROWTH = "Sysselsettingstallene har ikke tall for {baseline} og året etter, så veksten siden {baseline} kan ikke regnes ut ennå."
#: How far back «siden sist» reaches when there is no earlier version to compare with.
RECENT_MONTHS = 6
#: Projector type sizes (px): figures ≥ 28, titles ≥ 36.
FONT, TITLE_FONT, SMALL_FONT = 28, 38, 24
CHART_HEIGHT = 640
BUDGET_CHART_HEIGHT = 400  # the waterfall leaves three rows of changes under it on a 1080-pixel screen

#: (dataset, codes) -> the region's job story with the subset's growth for ``codes`` (see :func:`_story`).
StoryOf = Callable[[Dataset, tuple[str, ...]], "growth.JobStory | None"]


@dataclass(frozen=True)
class KeyFigure:
    """One large number with what it is and, under it, what it is measured against."""

    label: str
    value: str
    note: str = ""


@dataclass(frozen=True)
class Table:
    """A heading and a display table (every cell already text); a long one is paged by :func:`table_pages`."""

    heading: str
    frame: pd.DataFrame
    continued: bool = False  # a later page's part of a table begun on an earlier page

    @property
    def title(self) -> str:
        """The heading as shown: «(forts.)» after it on the pages that continue the table."""
        return f"{self.heading} (forts.)" if self.continued else self.heading


@dataclass(frozen=True)
class Screen:
    """What one screen of the meeting shows."""

    number: int
    title: str
    scope: str = ""
    figures: tuple[KeyFigure, ...] = ()
    chart: go.Figure | None = None
    tables: tuple[Table, ...] = ()
    notes: tuple[str, ...] = ()
    empty: str = ""  # said instead of content when the data has nothing for this screen

    @property
    def position(self) -> str:
        """«3 av 6»."""
        return position_text(self.number)

    @property
    def pages(self) -> tuple[tuple[Table, ...], ...]:
        """The tables cut into pages that fit under the rest of the screen (at least one page, maybe empty);
        the figures, notes and chart are on the first page only."""
        return screen_pages(self)


def position_text(number: int) -> str:
    return f"{number} av {SCREEN_COUNT}"


def parse_screen(text: object) -> int:
    """The screen number from ``?skjerm=``: 1 when missing or not a number, clamped to 1–6."""
    try:
        number = int(str(text).strip())
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), SCREEN_COUNT)


def parse_page(text: object) -> int:
    """The page of a screen's tables from ``?side=`` (1 when missing or not a number; the page clamps it to the screen's pages)."""
    try:
        return max(int(str(text).strip()), 1)
    except (TypeError, ValueError):
        return 1


def link(codes: Sequence[str] = (), screen: int | None = None, meeting: bool = True) -> str:
    """A relative link to the meeting (or, with ``meeting=False``, back to the overview) keeping the filter."""
    params: dict[str, str] = {}
    if meeting:
        params[MODE_PARAM] = MODE_VALUE
    if codes:
        params[FILTER_PARAM] = ",".join(codes)
    if meeting and screen is not None:
        params[SCREEN_PARAM] = str(screen)
    query = urlencode(params, safe=",")
    return "./" + (f"?{query}" if query else "")


# --- projector-sized charts ------------------------------------------------------------------


def projector(fig: go.Figure, height: int = CHART_HEIGHT) -> go.Figure:
    """A copy of a dashboard chart with type large enough to read from the back of a room."""
    big = go.Figure(fig)
    layout = big.layout
    # The title is the screen's own heading; a second one on the chart only takes space.
    big.update_layout(
        # The scope subtitle («Hele regionen (7 kommuner)») stays, readable from the back of the room.
        title={"text": None, "subtitle": {"font": {"size": SMALL_FONT - 4}}}, font={"size": FONT}, height=max(height, layout.height or 0) if layout.height and layout.height > height else height,
        legend={"font": {"size": SMALL_FONT}, "orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 1, "xanchor": "right"},
        hoverlabel={"font": {"size": SMALL_FONT}}, margin={"l": 20, "r": 40, "t": 60, "b": 20},
    )
    big.update_xaxes(tickfont={"size": SMALL_FONT + 2}, title={"font": {"size": SMALL_FONT + 2}})
    big.update_yaxes(tickfont={"size": SMALL_FONT + 2}, title={"font": {"size": SMALL_FONT + 2}})
    big.update_traces(textfont={"size": FONT})
    notes = []
    for note in layout.annotations:
        size = SMALL_FONT if (note.font.size or charts.FONT_SIZE) < charts.FONT_SIZE else FONT
        if note.yshift and note.yshift < 0:  # the source line under the plot: push it below the bigger axis title
            notes.append(note.update(font={"size": SMALL_FONT - 4}, yshift=-100))
            big.update_layout(margin={"b": 140})
        else:
            notes.append(note.update(font={"size": size}))
    big.update_layout(annotations=notes)
    return big


# --- the six screens ---------------------------------------------------------------------------


def screen(number: int, dataset: Dataset, codes: Collection[str], today: dt.date, previous: Dataset | None = None,
           scope: str = "hele regionen", story_of: StoryOf | None = None) -> Screen:
    """The content of screen ``number`` (1–6) for the chosen municipalities (empty: the whole region).

    ``story_of(dataset, codes)`` gives the job story (:func:`growth.job_story` with the goal's
    Startår and the counting rule); the web app passes its cached one.
    """
    number = parse_screen(number)
    builder = _BUILDERS[number - 1]
    built = builder(dataset, tuple(codes), today, previous, story_of=story_of)
    return dataclasses.replace(built, number=number, title=TITLES[number - 1], scope=built.scope or scope)


def _blank(**kwargs: Any) -> Screen:
    return Screen(number=0, title="", **kwargs)  # number and title are set by screen()


def _story(dataset: Dataset, codes: tuple[str, ...]) -> growth.JobStory | None:  # the default StoryOf
    """The region's job story (growth.job_story, as on every page); with a filter, the subset's growth as well."""
    return growth.job_story(dataset, None, growth.MembershipMode.MEMBERS_EACH_YEAR, codes)


def goal_screen(dataset: Dataset, codes: tuple[str, ...], today: dt.date, previous: Dataset | None = None, *,
                story_of: StoryOf | None = None) -> Screen:
    """1: cumulative net growth since the baseline against the target path, the target, what is missing and the status.

    With a filter: the chosen municipalities' growth and share of the region's, with the region's target as context only.
    """
    story = (story_of or _story)(dataset, codes)
    if story is None:
        return _blank(empty="Dataene har ikke sysselsettingstall, så veksten mot målet kan ikke vises.")
    view = growth.job_view(dataset, codes or None, story.baseline)
    if view.cumulative_year is None:  # no figure for the baseline year and the one after: a chart would hold only the target
        return _blank(empty=NO_GROWTH.format(baseline=story.baseline))
    figures = tuple(KeyFigure(*figure) for figure in story.figures())
    target = story.target
    fig = charts.cumulative_vs_target(view.cumulative_series, None if codes else target, story.baseline, source=fetch.chart_source(dataset),
                                      events=view.events, scope=growth.scope_label(dataset, codes))
    notes: tuple[str, ...] = ()
    if target is not None:
        notes = (f"{target.name}: {story.target_sentence()}" + (" Målet gjelder hele regionen." if codes else ""),)
    return _blank(figures=figures, chart=projector(fig, 560), notes=notes)


def municipality_screen(dataset: Dataset, codes: tuple[str, ...], today: dt.date, previous: Dataset | None = None, *,
                        story_of: StoryOf | None = None) -> Screen:
    """2: each member's change in jobs during its membership years since the baseline; the total is the region's growth."""
    story = (story_of or _story)(dataset, codes)
    if story is None:
        return _blank(empty="Dataene har ikke sysselsettingstall.")
    baseline = story.baseline
    last = (story.subset.year if story.subset is not None else story.last_year) or baseline
    change = growth.member_changes(dataset, baseline, last, codes or None)
    if change.empty:
        return _blank(empty=f"Ingen kommuner har tall for både {baseline} og det siste året.")
    names = compute.municipality_names(dataset)
    growing = int((change["change"] > 0).sum())
    total = next(iter(story.figures()), None)  # the region's growth, or the selection's
    figures = ((KeyFigure(*total),) if total is not None else ()) + (KeyFigure("Kommuner med vekst", f"{growing} av {len(change)}"),)
    fig = charts.change_by_municipality(change, names, baseline, last, source=fetch.chart_source(dataset),
                                        scope=growth.scope_label(dataset, codes))
    notes = ("Hver kommune teller bare i årene den var medlem, så stolpene summerer til regionens vekst.",) if not codes else ()
    return _blank(figures=figures, chart=projector(fig, min(max(420, 200 + 60 * len(change)), 640)), notes=notes)


def _goals(dataset: Dataset, codes: tuple[str, ...], story_of: StoryOf | None = None) -> pd.DataFrame | None:
    """The goals for the selection, the strategic goal with its computed status (as on every page)."""
    goals = growth.goals_with_computed_status(dataset.goals, (story_of or _story)(dataset, ()))
    return compute.filter_goals(goals, codes) if goals is not None else None


def _activities(dataset: Dataset, codes: tuple[str, ...]) -> pd.DataFrame | None:
    return compute.filter_activities(dataset.activities, codes) if dataset.activities is not None else None


def status_screen(dataset: Dataset, codes: tuple[str, ...], today: dt.date, previous: Dataset | None = None, *,
                  story_of: StoryOf | None = None) -> Screen:
    """3: how many goals have each status."""
    goals = _goals(dataset, codes, story_of)
    if goals is None or goals.empty:
        return _blank(empty="Dataene har ingen mål for dette utvalget.")
    counts = compute.count_by(goals, "status", compute.ALL_GOAL_STATUSES)
    attention = len(compute.attention_goals(goals))
    figures = (
        KeyFigure("Mål i alt", fmt.number(len(goals))),
        KeyFigure("I rute eller nådd", fmt.number(counts.get("I rute", 0) + counts.get("Nådd", 0))),
        KeyFigure("Risiko eller forsinket", fmt.number(attention)),
    )
    fig = charts.status_bars(counts, f"Mål etter status ({len(goals)} mål)", growth.scope_label(dataset, codes))
    return _blank(figures=figures, chart=projector(fig, 520))


def _activity_events(activities: pd.DataFrame) -> list[tuple[pd.Timestamp, str, pd.Series]]:
    """(date, what, row): finished (end of a done activity), started (start of one under way or done), due to start (planned)."""
    events = []
    for _, row in activities.iterrows():
        if pd.notna(row["end"]) and row["status"] == ActivityStatus.DONE:
            events.append((row["end"], "Avsluttet", row))
        if pd.notna(row["start"]) and row["status"] in (ActivityStatus.STARTED, ActivityStatus.DONE):
            events.append((row["start"], "Startet", row))
        elif pd.notna(row["start"]) and row["status"] in (ActivityStatus.PLANNED, ActivityStatus.POSTPONED):
            events.append((row["start"], "Skulle startet", row))
    return events


def recent_activities(activities: pd.DataFrame, today: dt.date, months: int = RECENT_MONTHS) -> tuple[pd.DataFrame, dt.date, dt.date]:
    """Activities started, finished or due to start in the ``months`` before ``today``, newest first, with the period.

    When nothing has started or finished in that period (an old report), the period ends at
    the latest start or finish in the data instead, so the screen shows the latest news the
    data has; the page writes the period on the screen.
    """
    end = pd.Timestamp(today)
    events = [e for e in _activity_events(activities) if e[0] <= end]
    happened = [e[0] for e in events if e[1] != "Skulle startet"]
    if happened and max(happened) <= end - pd.DateOffset(months=months):
        end = max(happened)
    start = end - pd.DateOffset(months=months)
    # One line per activity: its latest event in the period.
    latest: dict[str, tuple[pd.Timestamp, str, pd.Series]] = {}
    for when, what, row in events:
        if start < when <= end and (row["id"] not in latest or when > latest[row["id"]][0]):
            latest[row["id"]] = (when, what, row)
    rows = sorted(latest.values(), key=lambda item: item[0], reverse=True)
    table = pd.DataFrame(
        [{"ID": r["id"], "Aktivitet": r["name"], "Hva": what, "Dato": fmt.date(when), "Status": status_label(r["status"])} for when, what, r in rows],
        columns=["ID", "Aktivitet", "Hva", "Dato", "Status"],
    )
    return table, start.date(), end.date()


def activity_changes(previous: Dataset, current: Dataset, codes: Collection[str] = ()) -> pd.DataFrame:
    """Activities added or with a new status or progress since the previous version."""
    if previous.activities is None or current.activities is None:
        return pd.DataFrame(columns=["ID", "Aktivitet", "Hva", "Status"])
    now = compute.filter_activities(current.activities, codes)
    before = previous.activities.set_index("id")
    changed = diff.status_changes(previous.activities, now).set_index("id")
    rows = []
    for _, row in now.iterrows():
        if row["id"] in changed.index:
            change = changed.loc[row["id"]]
            what = "Ny" if change["added"] else f"{change['before']} → {change['status']}"
            rows.append({"ID": row["id"], "Aktivitet": row["name"], "Hva": what, "Status": status_label(row["status"])})
        elif row["id"] in before.index and not _same(before.loc[row["id"], "progress"], row["progress"]):
            old = before.loc[row["id"]]
            rows.append({"ID": row["id"], "Aktivitet": row["name"], "Hva": f"Fremdrift {fmt.number(old['progress'])} % → {fmt.number(row['progress'])} %",
                         "Status": status_label(row["status"])})
    return pd.DataFrame(rows, columns=["ID", "Aktivitet", "Hva", "Status"])


def _same(a: object, b: object) -> bool:
    return (pd.isna(a) and pd.isna(b)) or a == b


def activity_screen(dataset: Dataset, codes: tuple[str, ...], today: dt.date, previous: Dataset | None = None, *,
                    story_of: StoryOf | None = None) -> Screen:
    """4: what happened to the activities since the last meeting (the previous version, else the last six months)."""
    activities = _activities(dataset, codes)
    if activities is None or activities.empty:
        return _blank(empty="Dataene har ingen aktiviteter for dette utvalget.")
    tables, notes = [], []
    if previous is not None:
        changed = activity_changes(previous, dataset, codes)
        tables.append(Table("Endret siden forrige versjon", changed))
    recent, start, end = recent_activities(activities, today)
    tables.append(Table(f"Startet eller avsluttet {fmt.date(start)}–{fmt.date(end)}", recent))
    if end < today:
        notes.append(f"Dataene har ingen aktiviteter med start eller slutt de siste {RECENT_MONTHS} månedene; "
                     f"viser de siste {RECENT_MONTHS} månedene dataene dekker.")
    counts = compute.count_by(activities, "status", compute.ALL_ACTIVITY_STATUSES)
    figures = (
        KeyFigure("Gjennomført", fmt.number(counts.get(ActivityStatus.DONE, 0)), f"av {len(activities)} aktiviteter"),
        KeyFigure("Påbegynt", fmt.number(counts.get(ActivityStatus.STARTED, 0))),
        KeyFigure("Planlagt eller utsatt", fmt.number(counts.get(ActivityStatus.PLANNED, 0) + counts.get(ActivityStatus.POSTPONED, 0))),
    )
    return _blank(figures=figures, tables=tuple(t for t in tables if not t.frame.empty) or (tables[-1],), notes=tuple(notes))


def budget_screen(dataset: Dataset, codes: tuple[str, ...], today: dt.date, previous: Dataset | None = None, *,
                  story_of: StoryOf | None = None) -> Screen:
    """5: the running year's budget from original to revised, and the changes with their reasons."""
    if dataset.budget is None or dataset.budget.empty:
        return _blank(empty="Dataene har ikke budsjett.", scope="hele regionen")
    by_year = compute.budget_by_year(dataset.budget)
    year = compute.default_budget_year(by_year, today)
    row = by_year.loc[year]
    figures = (
        KeyFigure(f"Revidert budsjett {year}", fmt.kroner(row["revised"])),
        KeyFigure("Endring mot opprinnelig", fmt.kroner(row["revised"] - row["original"], signed=True), f"opprinnelig {fmt.kroner(row['original'])}"),
    )
    steps = compute.waterfall_steps(dataset.budget, dataset.budget_changes, year)
    fig = projector(charts.budget_waterfall(steps, year))
    fig.update_layout(height=BUDGET_CHART_HEIGHT)
    fig.update_yaxes(title={"text": None})
    changes = compute.budget_changes_for(dataset.budget_changes, year)
    table = pd.DataFrame({
        "Dato": changes["date"].map(fmt.date), "Post": changes["post"],
        "Beløp": changes["amount"].map(lambda v: fmt.kroner(v, signed=True)), "Begrunnelse": changes["reason"].fillna(""),
    }).reset_index(drop=True)
    tables = (Table(f"Endringer {year} med begrunnelse", table),) if len(table) else ()
    notes = ("Budsjettet er regionens felles budsjett: kommunefilteret gjelder ikke her.",) if codes else ()
    return _blank(figures=figures, chart=fig, tables=tables, notes=notes, scope="hele regionen")


def decision_screen(dataset: Dataset, codes: tuple[str, ...], today: dt.date, previous: Dataset | None = None, *,
                    story_of: StoryOf | None = None) -> Screen:
    """6: goals at risk or late and activities past their end date: what the meeting should decide on."""
    goals = _goals(dataset, codes, story_of)
    activities = _activities(dataset, codes)
    attention = compute.attention_goals(goals) if goals is not None else pd.DataFrame(columns=["id", "name", "status", "responsible"])
    late = compute.late_activities(activities, today) if activities is not None else pd.DataFrame(columns=["id", "name", "end", "status", "responsible"])
    # The counts stand in the headings: two tables fill the screen, with no room for key figures above them.
    tables = []
    if len(attention):
        tables.append(Table(f"Mål med risiko eller forsinkelse ({len(attention)})", pd.DataFrame({
            "ID": attention["id"], "Mål": attention["name"], "Status": attention["status"].map(status_label),
            "Ansvarlig": attention["responsible"].fillna(""),
        }).reset_index(drop=True)))
    if len(late):
        tables.append(Table(f"Aktiviteter over sluttdato som ikke er gjennomført per {fmt.date(today)} ({len(late)})", pd.DataFrame({
            "ID": late["id"], "Aktivitet": late["name"], "Slutt": late["end"].map(fmt.date), "Status": late["status"].map(status_label),
        }).reset_index(drop=True)))
    empty = "" if tables else "Ingen mål har risiko eller er forsinket, og ingen aktiviteter er over sluttdato."
    return _blank(tables=tuple(tables), empty=empty)


_BUILDERS = (goal_screen, municipality_screen, status_screen, activity_screen, budget_screen, decision_screen)


# --- pages of tables that fit the screen -----------------------------------------------------------
#
# Heights in CSS pixels of what pages/meeting.py lays out, measured in Chromium at 1920×1080 with its
# style sheet; each includes the 18 px Streamlit leaves under an element. A table row is one line: a cell
# too long for its column ends in «…» (the whole text is on the ordinary pages), so every
# row has the same height and the rows per page follow from the space left. tests/test_browser_meeting.py
# checks in the browser that every screen and page fits.
SCREEN_PX = 1072  # 1080 less the main block's bottom padding
HEADER_PX = 126  # the title row with the buttons, and the «Viser …» line under it
FIGURES_PX = 192  # one row of key figures
NOTE_PX = 63  # one line of text
INFO_PX = 80  # the box said when a screen has nothing to show
CHART_GAP_PX = 18
TABLE_HEAD_PX = 130  # a table's heading and its header row, and the gap under the table
ROW_PX = 57
PAGER_PX = 74  # «← Forrige side · Side 1 av 2 · Neste side →» under the tables
MARGIN_PX = 12  # kept free for rounding


def table_space(screen: Screen, *, first: bool = True, pager: bool = False) -> int:
    """The height (px) left for tables on a screen once the rest of ``screen`` is laid out.

    The first page has the screen's key figures, notes and chart over the tables; a later page
    (``first=False``) only goes on with the tables. ``pager`` leaves room for the page buttons.
    """
    used = HEADER_PX + (PAGER_PX if pager else 0) + MARGIN_PX
    if first:
        used += (FIGURES_PX if screen.figures else 0) + NOTE_PX * len(screen.notes) + (INFO_PX if screen.empty else 0)
        if screen.chart is not None:
            used += int(screen.chart.layout.height or CHART_HEIGHT) + CHART_GAP_PX
    return SCREEN_PX - used


def table_pages(tables: Sequence[Table], first: int, later: int | None = None) -> tuple[tuple[Table, ...], ...]:
    """``tables`` cut into pages: ``first`` pixels on the first page, ``later`` (default: the same) on the others.

    A table goes on where the last one ended; one that does not fit what is left of a page goes on over
    the next ones, with «(forts.)» after its heading. A page always gets at least one row of a table under
    its heading, so nothing is lost on a screen too small for more; a first page with less room than the
    others (under a chart) gets no sliver of a table but leaves it to the next page.
    """
    later = first if later is None else later
    pages: list[list[Table]] = [[]]
    left = first
    for table in tables:
        rows, start = len(table.frame), 0
        while True:
            room = max((left - TABLE_HEAD_PX) // ROW_PX, 0)
            wanted = min(rows - start, 2) or 1  # an empty table takes one row («Ingen.»); keep at least two rows together
            if room < wanted and (pages[-1] or (len(pages) == 1 and later > first)):  # a page of its own, not a sliver under a chart
                pages.append([])
                left = later
                room = max((left - TABLE_HEAD_PX) // ROW_PX, 0)
            count = min(rows - start, max(room, 1))
            if rows - start - count == 1 and count > 2:  # no single row left alone on the next page
                count -= 1
            frame = table.frame.iloc[start:start + count].reset_index(drop=True)
            pages[-1].append(dataclasses.replace(table, frame=frame, continued=start > 0))
            left -= TABLE_HEAD_PX + ROW_PX * max(count, 1)
            start += count
            if start >= rows:
                break
    return tuple(tuple(page) for page in pages)


def screen_pages(screen: Screen) -> tuple[tuple[Table, ...], ...]:
    """The screen's tables by page: one page when they fit, else pages with room for the page buttons."""
    whole = table_pages(screen.tables, table_space(screen))
    if len(whole) == 1:
        return whole
    return table_pages(screen.tables, table_space(screen, pager=True), table_space(screen, first=False, pager=True))


# --- large tables --------------------------------------------------------------------------------


def figures_html(figures: Sequence[KeyFigure]) -> str:
    """Key figures in one row of large type (every text escaped)."""
    cards = "".join(
        '<div class="mote-figure">'
        f'<div class="mote-label">{escape.html(f.label)}</div><div class="mote-value">{escape.html(f.value)}</div>'
        + (f'<div class="mote-note">{escape.html(f.note)}</div>' if f.note else "")
        + "</div>"
        for f in figures
    )
    return f'<div class="mote-figures">{cards}</div>'


def html_table(frame: pd.DataFrame) -> str:
    """A plain HTML table for large type (every cell escaped), one line per row.

    The column with the longest text takes the width the others leave and ends a text too long for it
    in «…» (the whole text is on the ordinary pages).
    """
    texts = frame.astype(str)
    wide = int(texts.map(len).max().to_numpy().argmax()) if len(frame) and len(frame.columns) else -1
    head = "".join(f"<th>{escape.html(str(c))}</th>" for c in frame.columns)

    def cell(i: int, text: str) -> str:
        return f'<td class="mote-wide">{escape.html(text)}</td>' if i == wide else f"<td>{escape.html(text)}</td>"

    body = "".join("<tr>" + "".join(cell(i, v) for i, v in enumerate(row)) + "</tr>" for row in texts.itertuples(index=False))
    return f'<table class="mote-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
