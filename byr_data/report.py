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
from docx.shared import Pt

from byr_data import compute, diff, docx_layout, escape, fmt, growth, report_charts
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
    """The region's job story as known at the report date (:func:`growth.job_story_at`)."""
    return growth.job_story_at(dataset, report_date)


def _jobs_lines(dataset: Dataset, report_date: dt.date) -> list[str]:
    """The job section's draft: the same figures, in the same words, as the pages and meeting screen 1 (growth.JobStory)."""
    story = growth.job_story_at(dataset, report_date)
    lines: list[str] = []
    goal = dataset.strategic_goal()
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
    status = growth.job_status_at(dataset, report_date)
    if status.last_year is not None and status.last_change is not None:
        lines.append(f"Netto endring i {status.last_year}: {fmt.number(status.last_change, signed=True)} arbeidsplasser.")
    return lines


def job_caveats(dataset: Dataset, report_date: dt.date) -> list[str]:
    """Notes that belong under the job figures whatever the free text says: SSB's 2015 series break
    when a figure shown (growth since the baseline, the last year's change) spans 2014–2015."""
    story = growth.job_story_at(dataset, report_date)
    if story is None or story.last_year is None:
        return []
    first, last = story.baseline, story.last_year
    last_change = growth.job_status_at(dataset, report_date).last_year
    if last_change is not None:
        first, last = min(first, last_change - 1), max(last, last_change)
    note = growth.series_break_note(first, last, both_bases=bool(compute.old_basis_totals(dataset)))
    return [note] if note else []


# --- the free text -------------------------------------------------------------------------------


def prefill(dataset: Dataset, report_date: dt.date, since: dt.date, previous: Dataset | None = None) -> dict[str, str]:
    """Norwegian free text for each section, drafted from the data (lines starting «- » are bullets)."""
    texts: dict[str, str] = {}

    # The members and the membership changes are listed above the comment in the document: the comment only concludes.
    members = members_at(dataset, report_date)
    org = [] if membership_changes(dataset, since) else ["Ingen endringer i hvilke kommuner som deltar."]
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


#: The document's font: Word has Arial everywhere; LibreOffice draws it with Liberation Sans, which has
#: the same metrics (fontconfig's alias), so lines and pages break the same in both.
FONT = "Arial"
LANGUAGE = "nb-NO"
HEADING_COLOUR = "1F3A5F"
#: Shades of the goal table's group rows: the strategic goal, then each main goal.
STRATEGIC_SHADE = "C9D6E3"
MAIN_SHADE = "EAF0F6"


def programme_name(region: str) -> str:
    """The programme's short name: «Glåmdalsregionen – ByR Glåmdalen» -> «ByR Glåmdalen» (no dash: the whole name)."""
    return region.rsplit(" – ", 1)[-1].strip() or region


def document_title(region: str, day: dt.date) -> str:
    """The document's title property: «Statusrapport ByR Glåmdalen per 15.02.2016»."""
    return f"Statusrapport {programme_name(region)} per {fmt.date(day)}"


def _setup(document, region: str, day: dt.date) -> None:
    """A4, 2.5 cm margins, Norwegian, Arial, readable headings, «Side N av M» and the document's properties."""
    docx_layout.page_setup(document)
    docx_layout.set_language(document, LANGUAGE)
    docx_layout.set_font(document, FONT, 10.5)
    normal = document.styles["Normal"].paragraph_format
    normal.space_after = Pt(4)
    normal.line_spacing = 1.1
    docx_layout.style_heading(document, "Title", FONT, 17, HEADING_COLOUR, space_before_pt=0, space_after_pt=6)
    docx_layout.style_heading(document, "Heading 1", FONT, 13, HEADING_COLOUR, space_before_pt=14, space_after_pt=4)
    caption = document.styles["Caption"]
    caption.font.name, caption.font.size, caption.font.italic, caption.font.bold = FONT, Pt(9), True, False
    caption.font.color.rgb = None
    caption.paragraph_format.space_after = Pt(10)
    docx_layout.page_footer(document, f"{programme_name(region)} · Statusrapport per {fmt.date(day)}")
    properties = document.core_properties
    properties.title = document_title(region, day)
    properties.subject = TITLE.format(date=fmt.date(day))
    properties.author = region
    properties.last_modified_by = region
    properties.keywords = "byregionprogrammet; statusrapport; KMD"
    properties.comments = ""
    properties.category = "Statusrapport"
    properties.revision = 1
    now = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
    properties.created = properties.modified = now


def _caption(document, text: str) -> None:
    """A table's or list's label: bold, on the same page as what follows."""
    paragraph = document.add_paragraph()
    paragraph.add_run(text).bold = True
    paragraph.paragraph_format.keep_with_next = True
    paragraph.paragraph_format.space_before = Pt(6)


def _after_table(document) -> None:
    document.add_paragraph().paragraph_format.space_after = Pt(2)


def _activity_status(status: str, progress: object) -> str:
    """«▶ Påbegynt» with the progress on a line of its own («40 % ferdig»); a finished activity needs none."""
    label = status_label(status)
    if status in (ActivityStatus.DONE, ActivityStatus.CANCELLED) or progress is None or pd.isna(progress):
        return label
    return f"{label}\n{fmt.percent(float(progress) / 100, 0)} ferdig"  # type: ignore[arg-type]


def _goal_rows(tree: pd.DataFrame, story: growth.JobStory | None, changed: Mapping[str, str]) -> list[docx_layout.Row]:
    """The goal table's rows: the strategic goal and each main goal as a shaded bold row, sub-goals indented under theirs."""
    rows = []
    for _, row in tree.iterrows():
        status = status_label(row["status"])
        if row["level"] == GoalLevel.STRATEGIC and story is not None and story.reported_differs:
            status += f"\n(Meldt: {story.reported})"  # as the Mål page writes it, on a line of its own in the narrow column
        if row["id"] in changed:
            status += f"\n(endret: {changed[row['id']]})"
        cells = [str(row["id"]), str(row["name"]), status]
        if row["level"] == GoalLevel.STRATEGIC:
            rows.append(docx_layout.Row(cells, bold=True, shade=STRATEGIC_SHADE))
        elif row["level"] == GoalLevel.MAIN:
            rows.append(docx_layout.Row(cells, bold=True, shade=MAIN_SHADE))
        else:
            rows.append(docx_layout.Row(cells, indent_cm=0.4 * max(int(row["depth"]) - 1, 1), indent_column=1))
    return rows


GOAL_COLUMNS = (docx_layout.Column("ID", 1.4), docx_layout.Column("Mål"), docx_layout.Column("Status", 3.6))
ACTIVITY_COLUMNS = (
    docx_layout.Column("ID", 1.0), docx_layout.Column("Aktivitet", weight=1.6), docx_layout.Column("Start", 1.9),
    docx_layout.Column("Slutt", 1.9), docx_layout.Column("Status", 2.7), docx_layout.Column("Mål", 1.5), docx_layout.Column("I perioden"),
)
BUDGET_CHANGE_COLUMNS = (
    docx_layout.Column("Dato", 1.9), docx_layout.Column("Post"), docx_layout.Column("Beløp", 2.9, align=docx_layout.Align.RIGHT),
    docx_layout.Column("Begrunnelse", weight=1.8), docx_layout.Column("Vedtatt av", 2.8),
)
BUDGET_YEAR_COLUMNS = (
    docx_layout.Column("År", 1.6), *(docx_layout.Column(h, align=docx_layout.Align.RIGHT) for h in ("Opprinnelig", "Revidert", "Endring", "Regnskap")),
)


def build_report(inp: ReportInput, charts: bool = True, figures: report_charts.FigureMaker = report_charts.figures) -> tuple[bytes, list[str]]:
    """The report as .docx bytes, and notes for the user (e.g. a chart left out).

    ``figures`` makes the report's charts (:func:`report_charts.figures`; the web app passes one
    with a cached renderer). Each is placed at the end of its section, numbered «Figur 1», «Figur 2»
    in order; one for a section the report does not have goes at the end, never left out.
    """
    with growth.remembering():  # every section asks for the job story as known at the date: worked out once
        return _build_report(inp, charts, figures)


def _build_report(inp: ReportInput, charts: bool, figures: report_charts.FigureMaker) -> tuple[bytes, list[str]]:
    from docx import Document

    data, day, since = inp.dataset, inp.report_date, inp.since
    texts = prefill(data, day, since, inp.previous)
    texts.update({k: v for k, v in inp.fields.items() if k in SECTIONS and v is not None})
    notes: list[str] = []
    drawn = list(figures(data, day)) if charts else []
    numbered = [0]

    def place_figures(keys: Sequence[str]) -> None:
        for figure in drawn:
            if figure.section in keys:
                _figure(document, figure, notes, numbered)

    document = Document()
    _setup(document, inp.region_name, day)
    document.add_heading(TITLE.format(date=fmt.date(day)), level=0)
    document.add_paragraph(inp.region_name).runs[0].bold = True
    document.add_paragraph(f"Rapporteringsperiode: {fmt.date(since)}–{fmt.date(day)}")
    if data.is_sample:
        document.add_paragraph("Eksempeldata: tallene, målene og aktivitetene er illustrative.").runs[0].italic = True

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
    place_figures(["organisation"])

    # 2. Goals
    document.add_heading(SECTIONS["goals"], level=1)
    _text(document, texts["goals"])
    if data.goals is not None and len(data.goals):
        story = job_story(data, day)
        tree = compute.goal_tree(growth.goals_with_computed_status(data.goals, story))
        _caption(document, "Målstruktur med status: hovedmålene med sine delmål")
        docx_layout.table(document, GOAL_COLUMNS, _goal_rows(tree, story, goal_changes(data, inp.previous)))
        _after_table(document)
    place_figures(["goals"])

    # 3. Activities
    document.add_heading(SECTIONS["activities"], level=1)
    _text(document, texts["activities"])
    acts = period_activities(data, since, day, inp.previous)
    if len(acts):
        _caption(document, f"Aktiviteter startet, avsluttet eller endret {fmt.date(since)}–{fmt.date(day)}")
        rows = [
            [str(r["id"]), str(r["name"]), fmt.date(r["start"]) if pd.notna(r["start"]) else "–", fmt.date(r["end"]) if pd.notna(r["end"]) else "–",
             _activity_status(r["status"], r.get("progress")),
             ", ".join(r["goal_ids"]) if r["goal_ids"] else "–", str(r["change"]).replace(" i perioden", "")]
            for _, r in acts.iterrows()
        ]
        docx_layout.table(document, ACTIVITY_COLUMNS, rows)
        _after_table(document)
    place_figures(["activities"])

    # 4. Progress
    document.add_heading(SECTIONS["progress"], level=1)
    _text(document, texts["progress"])
    place_figures(["progress"])

    # 5. Budget
    document.add_heading(SECTIONS["budget"], level=1)
    _text(document, texts["budget"])
    budget = budget_changes_in(data, since, day)
    if len(budget):
        _caption(document, f"Budsjettendringer {fmt.date(since)}–{fmt.date(day)}")
        rows = [[fmt.date(r["date"]), str(r["post"]), fmt.kroner(r["amount"], signed=True),
                 str(r["reason"]) if isinstance(r.get("reason"), str) else "", str(r["decided_by"]) if isinstance(r.get("decided_by"), str) else ""]
                for _, r in budget.iterrows()]
        docx_layout.table(document, BUDGET_CHANGE_COLUMNS, rows)
        _after_table(document)
    if data.budget is not None and len(data.budget):
        by_year = compute.budget_by_year(data.budget)
        _caption(document, "Revidert mot opprinnelig budsjett per år")
        rows = [[str(year), fmt.kroner(r["original"]), fmt.kroner(r["revised"]), fmt.kroner(r["revised"] - r["original"], signed=True), fmt.kroner(r["actual"])]
                for year, r in by_year.iterrows()]
        docx_layout.table(document, BUDGET_YEAR_COLUMNS, rows)
        _after_table(document)
    place_figures(["budget"])

    # 6. Jobs
    document.add_heading(SECTIONS["jobs"], level=1)
    _text(document, texts["jobs"])
    for caveat in job_caveats(data, day):
        document.add_paragraph().add_run(caveat).italic = True
    place_figures(["jobs", *sorted({f.section for f in drawn} - set(SECTIONS))])
    out = io.BytesIO()
    document.save(out)
    return out.getvalue(), notes


def _figure(document, figure: report_charts.ReportFigure, notes: list[str], numbered: list[int]) -> None:
    """A chart centred with «Figur N: caption» under it, or a sentence naming the chart that could not be drawn.

    ``numbered`` holds the number of the last figure placed (only drawn figures are numbered).
    """
    if figure.png is None:
        text = f"Figuren «{figure.title}» er utelatt: {figure.note}"
        notes.append(text)
        paragraph = document.add_paragraph()
        paragraph.add_run(text).italic = True
        return
    numbered[0] += 1
    docx_layout.picture(document, figure.png, figure.width_cm)
    caption = figure.caption.strip()
    for prefix in ("Figur:", "Figur :"):
        caption = caption.removeprefix(prefix).strip()
    caption = caption[:1].upper() + caption[1:]
    paragraph = document.add_paragraph(f"Figur {numbered[0]}: {caption}", style="Caption")
    paragraph.alignment = docx_layout.Align.CENTER.value
