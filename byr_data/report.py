"""The status report to KMD («Rapportering pr. 15.02.2016») as a Word document, built from the data.

Pure except for rendering the job chart as a PNG (kaleido drives an installed Chromium). The
sections follow the region's report per 15.02.2016 (``shared/seed``): organisation, goals,
activities, progress, budget and jobs. Each section has a free text that :func:`prefill`
drafts from the data and the user may edit; the tables are always computed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from byr_data import compute, diff, escape, fmt, growth, report_charts
from byr_data.dataset import Dataset
from byr_data.model import ActivityStatus, GoalLevel, status_label

if TYPE_CHECKING:
    from byr_data.dataset import Version
    from byr_data.store import Store

TITLE = "Utviklingsprogrammet for byregioner – Fase 2: Rapportering pr. {date}"

#: Section key -> heading, in report order. The four first headings are the seed report's own.
SECTIONS: dict[str, str] = {
    "organisation": "Beskrive eventuelle organisatoriske endringer i forhold til prosjektplanen",
    "goals": "Evt. presisering av mål for prosjektet",
    "activities": "Beskrivelse av aktivitetene fram til nå",
    "progress": "Vurdering av framdriften i arbeidet i forhold til prosjektplanen",
    "budget": "Budsjett",
    "jobs": "Arbeidsplasser",
}
FIELDS = tuple(SECTIONS)

VERDICT_ON_TRACK = "Fremdriften er i rute i forhold til prosjektplanen."
VERDICT_MOSTLY = "Fremdriften er i hovedsak i rute i forhold til prosjektplanen."
VERDICT_SOME_LATE = "Fremdriften er forsinket på noen områder."
VERDICT_LATE = "Fremdriften er vesentlig forsinket i forhold til prosjektplanen."


@dataclasses.dataclass(frozen=True)
class ReportInput:
    """What one report is built from.

    ``previous`` is the data as it stood at ``since`` (from the store), for what changed in the
    period; ``fields`` the free text per section (keys in :data:`FIELDS`; a missing key gets
    the :func:`prefill` text).
    """

    dataset: Dataset
    report_date: dt.date
    since: dt.date
    previous: Dataset | None = None
    fields: Mapping[str, str] = dataclasses.field(default_factory=dict)
    region: str = ""

    @property
    def region_name(self) -> str:
        return self.region or self.dataset.region_name


# --- dates ---------------------------------------------------------------------------------------


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` months earlier (31.08 -> 28./29.02 where the month is shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    for candidate in range(day.day, 27, -1):
        try:
            return dt.date(year, month, candidate)
        except ValueError:
            continue
    return dt.date(year, month, min(day.day, 28))


#: The dated data a report can be about, as (table, column): a date or a year, each counted by its year.
DATED_COLUMNS = (("activities", "start"), ("activities", "end"), ("budget", "year"), ("budget_changes", "date"),
                 ("budget_changes", "year"), ("employment", "year"))


def first_dated_year(dataset: Dataset) -> int | None:
    """The first year of the dataset's dated data (:data:`DATED_COLUMNS`), None when it has none."""
    years: list[int] = []
    for table, column in DATED_COLUMNS:
        frame = getattr(dataset, table)
        if frame is None or column not in frame:
            continue
        values = frame[column].dropna()
        if not values.empty:
            first = values.min()
            years.append(first.year if isinstance(first, (dt.date, pd.Timestamp)) else int(first))
    return min(years, default=None)


def date_bounds(dataset: Dataset, today: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last date a report can be made for: 1 January of the first year with dated data, and today.

    Without dated data before this year (none at all, or only plans ahead) the first date is 1 January
    this year: nothing in the data tells how things stood earlier.
    """
    year = first_dated_year(dataset)
    return dt.date(today.year if year is None else min(year, today.year), 1, 1), today


def date_problem(day: dt.date, dataset: Dataset, today: dt.date, what: str = "Rapporteringsdatoen") -> str | None:
    """Why ``day`` cannot be a report's date (or its period's start, ``what``), in Norwegian; None when it can."""
    first, last = date_bounds(dataset, today)
    choose = f"Velg en dato fra {fmt.date(first)} til {fmt.date(last)}."
    if day > last:
        return f"{what} kan ikke være etter i dag ({fmt.date(last)}). {choose}"
    if day < first:
        year = first_dated_year(dataset)
        reason = "det første året dataene har datoer for" if year is not None and year <= today.year else "dataene har ingen datoer fra før i år"
        return f"{what} kan ikke være før {fmt.date(first)}, {reason}. {choose}"
    return None


def read_date(text: str, dataset: Dataset, today: dt.date, what: str = "Rapporteringsdatoen") -> dt.date:
    """A date typed as DD.MM.ÅÅÅÅ (:func:`fmt.parse_date`) within :func:`date_bounds`; ValueError with the Norwegian message if not."""
    day = fmt.parse_date(text)
    problem = date_problem(day, dataset, today, what)
    if problem:
        raise ValueError(problem)
    return day


def version_at(versions: Sequence[Version], day: dt.date) -> Version | None:
    """The version that was current at the end of ``day`` (Norwegian time): the newest published by then."""
    published = [v for v in versions if v.created.astimezone(fmt.OSLO).date() <= day]
    return max(published, key=lambda v: v.number, default=None)


def default_since(report_date: dt.date, previous_report_date: dt.date | None = None) -> dt.date:
    """Where the report's period starts: the previous report's date, else six months earlier."""
    if previous_report_date is not None and previous_report_date < report_date:
        return previous_report_date
    return months_before(report_date, 6)


@dataclasses.dataclass(frozen=True)
class ReportContext:
    """What a report for one date is built against: where its period starts, the data current
    then (for «changed in the period») and the draft saved for the date."""

    since: dt.date
    previous: Dataset | None = None
    draft: Mapping[str, Any] | None = None  # {"fields": {...}, "author": str, "saved": UTC datetime}

    @property
    def fields(self) -> dict[str, str]:
        """The draft's texts per section (empty without a draft)."""
        return dict(self.draft["fields"]) if self.draft else {}


def report_context(report_date: dt.date, since: dt.date | None = None, store: Store | None = None,
                   dataset_of: Callable[[int], Dataset] | None = None) -> ReportContext:
    """The context of the report per ``report_date``, for the command line and the web app alike.

    The period starts at ``since`` when given, else at the previous report's date (the latest
    draft before ``report_date``), else six months earlier. With a store, ``previous`` is the
    version that was current at the end of that start day, read with ``dataset_of`` (a cached
    reader in the web app; the store's own by default). Without a store (a report from files)
    there is no earlier version and no draft.
    """
    if store is None:
        return ReportContext(since or default_since(report_date))
    start = since or default_since(report_date, store.previous_report_date(report_date))
    earlier = version_at(store.versions(), start)
    previous = (dataset_of or store.dataset)(earlier.number) if earlier else None
    return ReportContext(start, previous, store.draft(report_date))


def _in_period(value: object, since: dt.date, report_date: dt.date) -> bool:
    if value is None or pd.isna(value):
        return False
    day = pd.Timestamp(value).date()
    return since <= day <= report_date


# --- what the data says --------------------------------------------------------------------------


def _name(dataset: Dataset, code: str) -> str:
    return compute.municipality_names(dataset).get(code, code)


def members_at(dataset: Dataset, day: dt.date) -> list[str]:
    """Names of the municipalities that are members in ``day``'s year."""
    members = compute.membership(dataset)
    return [name for code, name in zip(members["code"], members["name"], strict=True) if compute.is_member(members, code, day.year)]


def membership_changes(dataset: Dataset, since: dt.date) -> list[str]:
    """Every membership change the data knows of from ``since``'s year on, as Norwegian sentences."""
    if dataset.municipalities is None:
        return []
    lines: list[str] = []
    table = dataset.municipalities
    for code, name, start, end in zip(table["code"], table["name"], table["member_from"], table["member_to"], strict=True):
        label = name if isinstance(name, str) and name else _name(dataset, code)
        if pd.notna(start) and int(start) >= since.year:
            lines.append(f"{label} kommune er medlem fra {int(start)} (Kommuner «Medlem fra» {int(start)}).")
        if pd.notna(end) and int(end) >= since.year:
            lines.append(f"{label} kommune er medlem til og med {int(end)} og går ut av prosjektet etter det (Kommuner «Medlem til» {int(end)}).")
    return lines


def _status_changes(old: pd.DataFrame | None, new: pd.DataFrame | None) -> dict[str, str]:
    """id -> «før → nå» (or «ny») for rows whose status changed between two versions."""
    changed = diff.status_changes(old, new)
    return {row_id: f"ny ({status})" if added else f"{before} → {status}"
            for row_id, added, before, status in zip(changed["id"], changed["added"], changed["before"], changed["status"], strict=True)}


def goal_changes(dataset: Dataset, previous: Dataset | None) -> dict[str, str]:
    """Goals whose status changed since the previous version (empty without one)."""
    return _status_changes(previous.goals if previous else None, dataset.goals)


def period_activities(dataset: Dataset, since: dt.date, report_date: dt.date, previous: Dataset | None = None) -> pd.DataFrame:
    """Activities started, finished or changed in the period, with a column «change» saying how."""
    acts = dataset.activities
    if acts is None:
        return pd.DataFrame(columns=["id", "name", "goal_ids", "start", "end", "status", "progress", "change"])
    changed = _status_changes(previous.activities if previous else None, acts)
    notes: list[str] = []
    keep: list[bool] = []
    for row_id, start, end, status in zip(acts["id"], acts["start"], acts["end"], acts["status"], strict=True):
        parts = []
        if _in_period(start, since, report_date):
            parts.append("startet i perioden")
        if _in_period(end, since, report_date):
            parts.append("avsluttet i perioden" if status == ActivityStatus.DONE else "sluttdato i perioden")
        if row_id in changed:
            parts.append(f"status {changed[row_id]}")
        notes.append(", ".join(parts))
        keep.append(bool(parts))
    table = acts.assign(change=notes)[pd.Series(keep, index=acts.index, dtype=bool)]  # a list would pick columns when empty
    return table.sort_values(["start", "id"], na_position="last")


@dataclasses.dataclass(frozen=True)
class Progress:
    """The computed verdict and its reasons."""

    verdict: str
    late_activities: list[str]
    attention_goals: list[str]

    @property
    def reasons(self) -> list[str]:
        return self.late_activities + self.attention_goals


def progress(dataset: Dataset, report_date: dt.date) -> Progress:
    """The verdict from the data: late activities at the report date and goals at risk or late."""
    late: list[str] = []
    if dataset.activities is not None:
        for _, row in compute.late_activities(dataset.activities, report_date).iterrows():
            late.append(f"Aktivitet {row['id']} «{row['name']}» skulle vært ferdig {fmt.date(row['end'])}, men har status {row['status']}.")
    attention: list[str] = []
    total_goals = 0
    story = job_story(dataset, report_date)
    goals = growth.goals_with_computed_status(dataset.goals, story)
    if goals is not None:
        total_goals = len(goals)
        for _, row in compute.attention_goals(goals).iterrows():
            comment = row.get("comment")
            extra = f" {comment}" if isinstance(comment, str) and comment.strip() else ""
            how = ""
            if row["level"] == GoalLevel.STRATEGIC and story is not None and story.status is not None:
                how = " (beregnet fra sysselsettingstallene" + (f"; meldt: {story.reported}" if story.reported_differs else "") + ")"
            attention.append(f"Mål {row['id']} «{row['name']}» har status {row['status']}{how}.{extra}")
    share = len(attention) / total_goals if total_goals else 0.0
    if not late and not attention:
        verdict = VERDICT_ON_TRACK
    elif share >= 0.5:
        verdict = VERDICT_LATE
    elif late or share >= 0.25:
        verdict = VERDICT_SOME_LATE
    else:
        verdict = VERDICT_MOSTLY
    return Progress(verdict, late, attention)


def budget_changes_in(dataset: Dataset, since: dt.date, report_date: dt.date) -> pd.DataFrame:
    """The budget changes dated in the period, in date order."""
    changes = dataset.budget_changes
    if changes is None:
        return pd.DataFrame(columns=["date", "year", "post", "amount", "reason", "decided_by"])
    keep = changes["date"].map(lambda d: _in_period(d, since, report_date)).astype(bool)
    return changes[keep].sort_values("date")


def _budget_line(row: pd.Series) -> str:
    reason = row.get("reason")
    text = f"{fmt.kroner(row['amount'], signed=True)} {str(row['post']).lower()}"
    if isinstance(reason, str) and reason.strip():
        text += f": {reason.strip().rstrip('.')}"
    by = row.get("decided_by")
    by_text = f" av {by}" if isinstance(by, str) and by.strip() else ""
    year = f" for {int(row['year'])}" if pd.notna(row.get("year")) else ""
    return f"{text} (vedtatt{by_text} {fmt.date(row['date'])}{year})."


def job_story(dataset: Dataset, report_date: dt.date) -> growth.JobStory | None:
    """The region's job story as known at the report date (:func:`growth.job_story` on :func:`growth.jobs_known_at`)."""
    return growth.job_story(growth.jobs_known_at(dataset, report_date))


def _jobs_lines(dataset: Dataset, report_date: dt.date) -> list[str]:
    """The job section's draft: the same figures, in the same words, as the pages and meeting screen 1 (growth.JobStory)."""
    known = growth.jobs_known_at(dataset, report_date)
    story = growth.job_story(known)
    lines: list[str] = []
    goal = known.strategic_goal()
    if goal is not None:
        lines.append(f"Strategisk mål: {goal['name']}.")
    if story is None:
        return lines
    if story.target is not None:
        lines.append(f"Målet er {story.target_sentence()}")
    if story.growth is None:
        lines.append(f"Det finnes ennå ikke sysselsettingstall for årene etter {story.baseline} per {fmt.date(report_date)}.")
    for label, value, note in story.figures():
        lines.append(f"{label}: {value}" + (f" ({note})" if note else "") + ".")
    status = compute.job_status(known)
    if status.last_year is not None and status.last_change is not None:
        lines.append(f"Netto endring i {status.last_year}: {fmt.number(status.last_change, signed=True)} arbeidsplasser.")
    return lines


# --- the free text -------------------------------------------------------------------------------


def prefill(dataset: Dataset, report_date: dt.date, since: dt.date, previous: Dataset | None = None) -> dict[str, str]:
    """Norwegian free text for each section, drafted from the data (lines starting «- » are bullets)."""
    texts: dict[str, str] = {}

    members = members_at(dataset, report_date)
    org = [f"Deltakende kommuner per {fmt.date(report_date)}: {', '.join(members)} ({fmt.count_noun(len(members), 'kommune', 'kommuner')})."]
    changes = membership_changes(dataset, since)
    org += [f"- {line}" for line in changes] if changes else ["Ingen endringer i hvilke kommuner som deltar."]
    later = members_at(dataset, dt.date(report_date.year + 1, 1, 1))
    if len(later) < len(members):
        org.append(f"Det gjenstår da {fmt.count_noun(len(later), 'kommune', 'kommuner')} i prosjektet.")
    texts["organisation"] = "\n".join(org)

    goals = dataset.goals
    goal_lines: list[str] = []
    if goals is not None:
        strategic = dataset.strategic_goal()
        mains = int((goals["level"] == GoalLevel.MAIN).sum())
        subs = int((goals["level"] == GoalLevel.SUB).sum())
        if strategic is not None:
            goal_lines.append(f"Strategisk mål: {strategic['name']}.")
        goal_lines.append(f"Målstrukturen har {fmt.count_noun(mains, 'hovedmål', 'hovedmål')} og {fmt.count_noun(subs, 'delmål', 'delmål')}.")
        changed = goal_changes(dataset, previous)
        names = dict(zip(goals["id"], goals["name"], strict=True))
        if changed:
            goal_lines.append(f"Endret status siden {fmt.date(since)}:")
            goal_lines += [f"- {gid} {names.get(gid, '')}: {text}" for gid, text in changed.items()]
    texts["goals"] = "\n".join(goal_lines) or "Ingen mål er registrert."

    acts = period_activities(dataset, since, report_date, previous)
    if acts.empty:
        texts["activities"] = f"Ingen aktiviteter startet, ble avsluttet eller endret i perioden {fmt.date(since)}–{fmt.date(report_date)}."
    else:
        act_lines = [f"Aktiviteter i perioden {fmt.date(since)}–{fmt.date(report_date)}:"]
        for _, row in acts.iterrows():
            act_lines.append(f"- {row['id']} {row['name']}: {row['status']} ({row['change']})")
        texts["activities"] = "\n".join(act_lines)

    verdict = progress(dataset, report_date)
    texts["progress"] = "\n".join([verdict.verdict, *(f"- {r}" for r in verdict.reasons)])

    budget = budget_changes_in(dataset, since, report_date)
    if budget.empty:
        texts["budget"] = f"Ingen budsjettendringer i perioden {fmt.date(since)}–{fmt.date(report_date)}."
    else:
        texts["budget"] = "\n".join([f"Budsjettendringer i perioden {fmt.date(since)}–{fmt.date(report_date)}:",
                                     *(f"- {_budget_line(row)}" for _, row in budget.iterrows())])

    texts["jobs"] = "\n".join(_jobs_lines(dataset, report_date)) or "Ingen sysselsettingstall i dataene."
    return texts


# --- the document --------------------------------------------------------------------------------


def _text(document, text: str) -> None:
    """Free text: one paragraph per line, lines starting «- » as bullets."""
    for line in text.splitlines():
        line = line.rstrip()
        if not line:
            continue
        if line.startswith(("- ", "• ")):
            document.add_paragraph(line[2:].strip(), style="List Bullet")
        else:
            document.add_paragraph(line)


def preview_markdown(text: str) -> str:
    """Free text as the document shows it (see :func:`_text`), as markdown with every word escaped."""
    blocks = []
    for line in text.splitlines():
        line = line.rstrip()
        if not line:
            continue
        bullet = line.startswith(("- ", "• "))
        blocks.append(f"- {escape.md(line[2:].strip())}" if bullet else f"\n{escape.md(line)}\n")
    return "\n".join(blocks)


def _table(document, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(header).bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = value
    document.add_paragraph()


def _caption(document, text: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.add_run(text).bold = True


def build_report(inp: ReportInput, charts: bool = True, figures: report_charts.FigureMaker = report_charts.figures) -> tuple[bytes, list[str]]:
    """The report as .docx bytes, and notes for the user (e.g. a chart left out).

    ``figures`` makes the report's charts (:func:`report_charts.figures`; the web app passes one
    with a cached renderer). Each is placed at the end of its section.
    """
    from docx import Document

    data, day, since = inp.dataset, inp.report_date, inp.since
    texts = prefill(data, day, since, inp.previous)
    texts.update({k: v for k, v in inp.fields.items() if k in SECTIONS and v is not None})
    notes: list[str] = []
    drawn = list(figures(data, day)) if charts else []

    document = Document()
    document.core_properties.title = TITLE.format(date=fmt.date(day))
    document.core_properties.language = "nb-NO"
    document.add_heading(TITLE.format(date=fmt.date(day)), level=0)
    document.add_paragraph(inp.region_name).runs[0].bold = True
    document.add_paragraph(f"Rapporteringsperiode: {fmt.date(since)}–{fmt.date(day)}")
    if data.is_sample:
        document.add_paragraph("Eksempeldata: tallene, målene og aktivitetene er illustrative.")

    # 1. Organisation
    document.add_heading(SECTIONS["organisation"], level=1)
    members = members_at(data, day)
    _caption(document, f"Deltakende kommuner per {fmt.date(day)}")
    _text(document, "\n".join(f"- {m}" for m in members) or "Ingen kommuner er registrert.")
    changes = membership_changes(data, since)
    _caption(document, "Endringer i medlemskap")
    _text(document, "\n".join(f"- {c}" for c in changes) or "Dataene viser ingen endringer i medlemskap i eller etter perioden.")
    _caption(document, "Kommentar")
    _text(document, texts["organisation"])

    # 2. Goals
    document.add_heading(SECTIONS["goals"], level=1)
    _text(document, texts["goals"])
    if data.goals is not None and len(data.goals):
        changed = goal_changes(data, inp.previous)
        story = job_story(data, day)
        tree = compute.goal_tree(growth.goals_with_computed_status(data.goals, story))
        _caption(document, "Målstruktur med status")
        rows = []
        for _, row in tree.iterrows():
            status = status_label(row["status"])
            if row["level"] == GoalLevel.STRATEGIC and story is not None and story.reported_differs:
                status += f" (Meldt: {story.reported})"
            if row["id"] in changed:
                status += f" (endret: {changed[row['id']]})"
            rows.append(["  " * int(row["depth"]) + str(row["id"]), str(row["name"]), str(row["level"]), status])
        _table(document, ["ID", "Mål", "Nivå", "Status"], rows)

    # 3. Activities
    document.add_heading(SECTIONS["activities"], level=1)
    _text(document, texts["activities"])
    acts = period_activities(data, since, day, inp.previous)
    if len(acts):
        _caption(document, f"Aktiviteter startet, avsluttet eller endret {fmt.date(since)}–{fmt.date(day)}")
        rows = [
            [str(r["id"]), str(r["name"]), fmt.date(r["start"]) if pd.notna(r["start"]) else "–", fmt.date(r["end"]) if pd.notna(r["end"]) else "–",
             status_label(r["status"]) + (f" ({fmt.percent(r['progress'] / 100, 0)})" if pd.notna(r.get("progress")) else ""),
             ", ".join(r["goal_ids"]) if r["goal_ids"] else "–", str(r["change"])]
            for _, r in acts.iterrows()
        ]
        _table(document, ["ID", "Aktivitet", "Start", "Slutt", "Status", "Mål", "I perioden"], rows)

    # 4. Progress
    document.add_heading(SECTIONS["progress"], level=1)
    _text(document, texts["progress"])

    # 5. Budget
    document.add_heading(SECTIONS["budget"], level=1)
    _text(document, texts["budget"])
    budget = budget_changes_in(data, since, day)
    if len(budget):
        _caption(document, f"Budsjettendringer {fmt.date(since)}–{fmt.date(day)}")
        rows = [[fmt.date(r["date"]), str(r["post"]), fmt.kroner(r["amount"], signed=True),
                 str(r["reason"]) if isinstance(r.get("reason"), str) else "", str(r["decided_by"]) if isinstance(r.get("decided_by"), str) else ""]
                for _, r in budget.iterrows()]
        _table(document, ["Dato", "Post", "Beløp", "Begrunnelse", "Vedtatt av"], rows)
    if data.budget is not None and len(data.budget):
        by_year = compute.budget_by_year(data.budget)
        _caption(document, "Revidert mot opprinnelig budsjett per år")
        rows = [[str(year), fmt.kroner(r["original"]), fmt.kroner(r["revised"]), fmt.kroner(r["revised"] - r["original"], signed=True), fmt.kroner(r["actual"])]
                for year, r in by_year.iterrows()]
        _table(document, ["År", "Opprinnelig", "Revidert", "Endring", "Regnskap"], rows)

    # 6. Jobs
    document.add_heading(SECTIONS["jobs"], level=1)
    _text(document, texts["jobs"])
    for figure in drawn:
        if figure.section == "jobs":
            _figure(document, figure, notes)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue(), notes


def _figure(document, figure: report_charts.ReportFigure, notes: list[str]) -> None:
    """A chart with its caption, or a sentence naming the chart that could not be drawn."""
    from docx.shared import Cm

    if figure.png is None:
        text = f"Figuren «{figure.title}» er utelatt: {figure.note}"
        notes.append(text)
        document.add_paragraph(text)
        return
    document.add_picture(io.BytesIO(figure.png), width=Cm(figure.width_cm))
    document.add_paragraph(figure.caption)
