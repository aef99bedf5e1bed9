"""Validation at the boundary: raw sheets in, canonical tables and a report of every problem out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Sequence
from typing import TypedDict, cast

import numpy as np
import pandas as pd

from byr_data import cells, fmt
from byr_data.compute import employment_totals
from byr_data.dataset import Dataset
from byr_data.errors import Report, Severity
from byr_data.headers import find_header, header_key, sheet_for_title, total_rows
from byr_data.model import (
    ABOUT,
    ACTIVITIES,
    BUDGET,
    BUDGET_CHANGES,
    CLOSED_ACTIVITY_STATUSES,
    EMPLOYMENT,
    GOALS,
    MEASUREMENTS,
    MUNICIPALITIES,
    OLD_BASIS,
    OLD_TO_NEW_CODES,
    POPULATION,
    SHEETS,
    SHEETS_BY_NAME,
    TOTAL_INDUSTRY_LABELS,
    ActivityStatus,
    Column,
    GoalLevel,
    GoalStatus,
    Kind,
    Sheet,
)
from byr_data.raw import RawSheet, RawWorkbook

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO

#: No Norwegian municipality has this many jobs (Oslo, the largest, has about half a million).
MAX_MUNICIPAL_JOBS = 1_000_000
#: A municipality's jobs changing by more than this share in one year is worth a second look,
#: once it has more than ``JUMP_MIN_JOBS`` jobs (in small ones a new firm moves the figure a lot).
MAX_YEARLY_JOB_CHANGE = 0.20
JUMP_MIN_JOBS = 1_000
#: The whole country's jobs lie between these (about 2.8 million in 2022): outside, a column or code was misread.
COUNTRY_JOBS = (1_000_000, 4_000_000)


def _describe_jobs(row: pd.Series) -> str:
    """«Tallet for 3401 i 2015 (Handel) (gammelt grunnlag)»: a row of the employment sheet in a message."""
    industry = f" ({row['industry']})" if isinstance(row["industry"], str) else ""
    basis = " (gammelt grunnlag)" if row.get("basis") == OLD_BASIS else ""
    return f"Tallet for {row['code']} i {row['year']}{industry}{basis}"


def _decimal(value: float) -> str:
    """A number as written in a Norwegian cell, decimals kept: 8222.5 -> "8222,5"."""
    return f"{value:.12g}".replace(".", ",")


def _convert(column: Column, raw: pd.Series) -> cells.Converted:
    kind = column.kind
    if kind in (Kind.TEXT, Kind.ID):
        return cells.to_text(raw)
    if kind in (Kind.NUMBER, Kind.PERCENT):
        return cells.to_number(raw)
    if kind is Kind.INT:
        return cells.to_year(raw)
    if kind is Kind.DATE:
        return cells.to_date(raw)
    if kind is Kind.CODE:
        return cells.to_code(raw)
    if kind is Kind.CODES:
        return cells.to_codes(raw)
    if kind is Kind.IDS:
        return cells.to_ids(raw)
    if kind is Kind.REGION:
        return cells.to_region(raw)
    if kind is Kind.GOAL_LEVEL:
        return cells.to_choice(raw, tuple(GoalLevel), "et gyldig nivå")
    if kind is Kind.GOAL_STATUS:
        return cells.to_choice(raw, tuple(GoalStatus), "en gyldig status for mål")
    if kind is Kind.ACTIVITY_STATUS:
        return cells.to_choice(raw, tuple(ActivityStatus), "en gyldig status for aktiviteter")
    raise AssertionError(kind)


def _percent_cells(values: pd.Series, source_rows: np.ndarray, position: int, raw: RawSheet) -> pd.Series:
    """0.7 in a cell formatted as per cent is 70: ask the workbook for the formats of such cells."""
    candidates = values.notna() & (values > 0) & (values <= 1)
    if raw.formats is None or not candidates.any():
        return values
    picked = np.flatnonzero(candidates.to_numpy())
    formats = raw.formats([int(source_rows[i]) for i in picked], position)
    scaled = values.copy()
    for i, number_format in zip(picked, formats, strict=True):
        if "%" in (number_format or ""):
            scaled.iloc[i] = values.iloc[i] * 100
    return scaled


def _empty_column(kind: Kind, length: int) -> object:
    """An absent optional column, typed as if it had been read with every cell blank."""
    if kind in (Kind.NUMBER, Kind.PERCENT):
        return np.full(length, np.nan)
    if kind is Kind.INT:
        return pd.array([pd.NA] * length, dtype="Int64")
    if kind is Kind.DATE:
        return pd.Series([pd.NaT] * length, dtype="datetime64[us]").to_numpy()
    if kind in (Kind.IDS, Kind.CODES):
        return [()] * length
    return pd.Series([None] * length, dtype=object).to_numpy()


class _Where(TypedDict):
    file: str
    sheet: str | None


class _Blank:
    """A sheet with no rows under its header (or no cells at all): not part of the upload."""


BLANK = _Blank()


def _table(file: str, raw: RawSheet, sheet: Sheet, report: Report, keep_blank: bool = False) -> pd.DataFrame | _Blank | None:
    """One sheet's cells as a typed table with ``_file`` and ``_row``; None when it has no usable header.

    :data:`BLANK` for a sheet with nothing under its header row (the template as handed out):
    such a sheet says nothing about the data, so it never replaces a table (``keep_blank``: a
    table without rows instead, for a table emptied on purpose).
    """
    title, grid = raw.title, raw.cells
    blank = grid.apply(cells.blank_mask).to_numpy() if grid.shape[1] else np.ones((len(grid), 0), dtype=bool)
    filled_rows = np.flatnonzero(~blank.all(axis=1)) if grid.shape[1] else np.zeros(0, dtype=int)
    where: _Where = {"file": file, "sheet": title}
    if len(filled_rows) == 0:
        return BLANK
    source_rows = grid.index.to_numpy()
    header = find_header(grid, filled_rows, sheet)
    if not keep_blank and not (filled_rows > header.position).any():
        return BLANK
    header_row = int(source_rows[header.position]) + 1  # the spreadsheet's row number
    for _, label in header.unknown:
        report.add(I, f"Kolonnen «{label}» er ikke i dataformatet og er hoppet over.", column=label, row=header_row, **where)
    for column, label in header.repeated:
        also = f" (også som «{label}»)" if label != column.header else ""
        report.add(E, f"Kolonnen «{column.header}» står to ganger{also}. Slett eller gi nytt navn til den ene.", column=label, row=header_row, **where)
    missing = [c for c in sheet.columns if c.required and c.name not in header.positions]
    for column in missing:
        report.add(E, f"Arket mangler den påkrevde kolonnen «{column.header}». Legg den til i overskriftsraden (rad {header_row}).", column=column.header, row=header_row, **where)
    if missing:
        return None

    data_rows = filled_rows[filled_rows > header.position]
    totals = total_rows(grid.iloc[data_rows], blank[data_rows])
    for position in data_rows[totals]:
        report.add(I, "Raden er en summeringsrad og er ikke tatt med som data.", row=int(source_rows[position]) + 1, **where)
    data_rows = data_rows[~totals]
    body = grid.iloc[data_rows]
    table = pd.DataFrame(index=pd.RangeIndex(len(body)))
    table["_file"] = file
    table["_row"] = source_rows[data_rows] + 1
    for column in sheet.columns:
        if column.name not in header.positions:
            table[column.name] = _empty_column(column.kind, len(body))
            continue
        position = header.positions[column.name]
        raw_column = body.iloc[:, position].reset_index(drop=True)
        values, messages = _convert(column, raw_column)
        if column.kind is Kind.PERCENT:
            values = _percent_cells(values, source_rows[data_rows], position, raw)
        if column.kind is Kind.REGION:
            # Kept so that an old and a new code for the same year can be told apart later.
            table["_raw_old"] = cells.old_code_mask(raw_column).to_numpy()
        table[column.name] = values.to_numpy() if not isinstance(values.dtype, pd.api.extensions.ExtensionDtype) else values.array
        bad = messages.to_numpy() != ""
        for row, message in zip(table["_row"].to_numpy()[bad], messages.to_numpy()[bad], strict=True):
            report.add(E, message, row=int(row), column=column.header, **where)
        if column.required:
            missing_value = table[column.name].isna().to_numpy() & ~bad
            if column.kind in (Kind.IDS, Kind.CODES):
                missing_value |= table[column.name].map(len).to_numpy() == 0
            if column.name == "status" and sheet is GOALS:
                for row in table["_row"].to_numpy()[missing_value]:
                    report.add(W, "Status mangler og regnes som «Ikke startet». Fyll inn status.", row=int(row), column=column.header, **where)
                table.loc[missing_value, "status"] = GoalStatus.NOT_STARTED.value
            else:
                for row in table["_row"].to_numpy()[missing_value]:
                    report.add(E, f"«{column.header}» mangler. Fyll inn en verdi.", row=int(row), column=column.header, **where)
    return table


def _duplicates(
    table: pd.DataFrame, keys: list[str], sheet: Sheet, titles: dict[tuple[str, str], str | None], report: Report,
    describe: Callable[[pd.Series], str], advice: str, column: str,
) -> None:
    """Report every repeat of a key, naming the row (and file) where it first stood.

    Blank key parts count as values (a blank industry is the total row), but a row whose
    required key is blank has already been reported and is left alone here.
    """
    group = table.groupby(keys, dropna=False, sort=False).ngroup().to_numpy()
    positions = np.arange(len(table))
    first = pd.Series(positions).groupby(group).transform("first").to_numpy()
    repeated = first != positions
    required = [k for k in keys if k not in ("industry", "funding", "basis")]
    repeated &= table[required].notna().all(axis=1).to_numpy()
    for position in np.flatnonzero(repeated):
        row, original = table.iloc[position], table.iloc[first[position]]
        elsewhere = f" i «{original['_file']}»" if original["_file"] != row["_file"] else ""
        report.add(
            E, f"{describe(row)} står også i rad {int(original['_row'])}{elsewhere}. {advice}",
            file=row["_file"], sheet=titles[(row["_file"], sheet.name)], row=int(row["_row"]), column=column,
        )


def validate(
    workbooks: Sequence[RawWorkbook], today: dt.date | None = None, now: dt.date | None = None, carried: Dataset | None = None,
    empty: Collection[str] = (),
) -> tuple[Dataset | None, Report]:
    """Check every sheet of every workbook; return the dataset (None when there are errors) and the report.

    ``today`` is the date the data is looked at (``--date``: which activities are late);
    ``now`` is the clock's date, which bounds the years statistics can exist for. A report per
    15.02.2016 on figures up to 2024 is fine, so ``now`` never comes from ``--date``.

    ``carried`` is validated data the workbooks update: its tables (and «Om» fields) that no
    workbook has a sheet for are taken as they are, with the rows' own ``_file`` and ``_row``.
    The checks of every sheet that is new or reads a new sheet (:data:`CHECK_READS`) run on the
    combination; a carried sheet whose checks read only carried sheets was checked when it was
    validated and is left as it is.

    A sheet with no rows under its header is not part of the files (its table is carried, or
    absent): only the sheets named in ``empty`` (canonical names) become tables without rows.
    ``report.replaced`` and ``report.blank`` say which sheets the files replace and which they
    had without rows.
    """
    today = today or dt.date.today()
    now = now or dt.date.today()
    report = Report()
    parts: dict[str, list[pd.DataFrame]] = {s.name: [] for s in SHEETS}
    titles: dict[tuple[str, str], str | None] = {}
    blank: list[str] = []
    for file, raw_sheets in workbooks:
        seen: set[str] = set()
        for raw in raw_sheets:
            sheet = raw.sheet or (sheet_for_title(raw.title) if raw.title is not None else None)
            if sheet is None:
                report.add(I, f"Arket «{raw.title}» er ikke i dataformatet og er hoppet over.", file=file, sheet=raw.title)
                continue
            if sheet.name in seen:
                report.add(E, f"Arbeidsboken har to ark for «{sheet.header}». Slå dem sammen til ett.", file=file, sheet=raw.title)
                continue
            seen.add(sheet.name)
            for note in raw.notes:
                report.add(I, note, file=file, sheet=raw.title)
            table = _table(file, raw, sheet, report)
            if isinstance(table, _Blank):
                blank.append(sheet.name)
                if sheet.name not in empty:
                    kept = f" og er ikke med i opplastingen: «{sheet.header}» beholdes fra dagens data" if carried is not None else " og er hoppet over"
                    report.add(I, f"Arket har ingen rader under overskriften{kept}.", file=file, sheet=raw.title)
                continue
            titles[(file, sheet.name)] = raw.title
            if table is not None:
                parts[sheet.name].append(table)
    for sheet in SHEETS:
        if sheet.name not in empty:
            continue
        filled = [(file, title) for (file, name), title in titles.items() if name == sheet.name]
        for file, title in filled:
            report.add(E, f"Arket har rader, men «{sheet.header}» er valgt tømt. Fjern radene, eller la være å tømme arket.", file=file, sheet=title)
        if not filled:  # a table without rows, typed as the sheet's own
            header_only = RawSheet(sheet.header, pd.DataFrame([[c.header for c in sheet.columns]], dtype=object))
            parts[sheet.name].append(cast(pd.DataFrame, _table("", header_only, sheet, report, keep_blank=True)))
    replaced = {name for _, name in titles} | set(empty)
    report.replaced = list(dict.fromkeys(name for _, name in titles))
    report.blank = [name for name in dict.fromkeys(blank) if name not in report.replaced]
    if not titles and not empty:
        if blank:
            report.add(E, "Arkene i filene har ingen rader under overskriften, så det er ingen data å lese. Fyll inn data fra raden under overskriften.")
        else:
            report.add(E, "Fant ingen ark i dataformatet (for eksempel «Mål», «Aktiviteter», «Budsjett» eller «Sysselsetting»). Sjekk at arkene har riktige navn.")

    tables = {name: pd.concat(frames, ignore_index=True) for name, frames in parts.items() if frames}
    files = tuple(file for file, _ in workbooks)
    to_check: set[str] | None = None  # None: every sheet
    if carried is not None:
        to_check = replaced | {name for name, reads in CHECK_READS.items() if reads & replaced}
        tables.update(_carried_tables(carried, replaced, to_check, titles))
        files = tuple(dict.fromkeys([*carried.files, *files]))
    tables = {sheet.name: tables[sheet.name] for sheet in SHEETS if sheet.name in tables}
    report.tables = {SHEETS_BY_NAME[name].header: len(table) for name, table in tables.items()}
    checks = _Checks(tables, titles, report, today, now)
    checks.run(to_check)
    if carried is not None and ABOUT.name not in replaced:
        checks.about = dict(carried.about)
    if not report.ok:
        return None, report
    tables = checks.tables
    dataset = Dataset(
        files=files,
        about=checks.about,
        municipalities=tables.get(MUNICIPALITIES.name),
        goals=tables.get(GOALS.name),
        measurements=tables.get(MEASUREMENTS.name),
        activities=tables.get(ACTIVITIES.name),
        budget=tables.get(BUDGET.name),
        budget_changes=tables.get(BUDGET_CHANGES.name),
        employment=tables.get(EMPLOYMENT.name),
        population=tables.get(POPULATION.name),
    )
    return dataset, report


#: The other sheets each sheet's checks read (a goal's municipality, an activity's goals, …).
CHECK_READS: dict[str, set[str]] = {
    GOALS.name: {MUNICIPALITIES.name},
    MEASUREMENTS.name: {GOALS.name},
    ACTIVITIES.name: {GOALS.name, MUNICIPALITIES.name},
    BUDGET_CHANGES.name: {BUDGET.name},
    EMPLOYMENT.name: {MUNICIPALITIES.name, POPULATION.name},
    POPULATION.name: {MUNICIPALITIES.name},
}


def _carried_tables(
    carried: Dataset, replaced: set[str], to_check: set[str], titles: dict[tuple[str, str], str | None],
) -> dict[str, pd.DataFrame]:
    """The tables of ``carried`` that are not ``replaced``; those in ``to_check`` made ready for the checks. Their titles go into ``titles``.

    The checks assign columns, so a table to check is a (copy-on-write) copy, and a region
    sheet gets back the old-code marker that validation drops once it has done its work.
    """
    tables = {}
    for name, table in carried.tables().items():
        if name in replaced:
            continue
        if name not in to_check:
            tables[name] = table
            continue
        sheet = SHEETS_BY_NAME[name]
        copy = table.copy(deep=False)
        if any(c.kind is Kind.REGION for c in sheet.columns) and "_raw_old" not in copy:
            copy["_raw_old"] = False
        for file in copy["_file"].unique():
            titles[(str(file), name)] = sheet.header
        tables[name] = copy
    return tables


class _Checks:
    """Checks across rows and sheets, run after every sheet has been read on its own."""

    def __init__(self, tables: dict[str, pd.DataFrame], titles: dict[tuple[str, str], str | None], report: Report, today: dt.date, now: dt.date) -> None:
        self.tables = tables
        self.titles = titles
        self.report = report
        self.today = pd.Timestamp(today)
        self.this_year = now.year
        self.about: dict[str, str] = {}

    def add(self, severity: Severity, sheet: Sheet, row: pd.Series, column: str | None, message: str) -> None:
        self.report.add(severity, message, file=row["_file"], sheet=self.titles[(row["_file"], sheet.name)], row=int(row["_row"]), column=column)

    def run(self, only: set[str] | None = None) -> None:
        """Every check, or those of the sheets in ``only``."""
        steps = [
            (ABOUT, self.check_about), (MUNICIPALITIES, self.check_municipalities), (GOALS, self.check_goals),
            (MEASUREMENTS, self.check_measurements), (ACTIVITIES, self.check_activities), (BUDGET, self.check_budget),
            (BUDGET_CHANGES, self.check_budget_changes), (EMPLOYMENT, self.check_employment), (POPULATION, self.check_population),
        ]
        for sheet, step in steps:
            if only is None or sheet.name in only:
                step()

    def _dupes(self, sheet: Sheet, keys: list[str], describe: Callable[[pd.Series], str], advice: str, column: str) -> None:
        table = self.tables.get(sheet.name)
        if table is not None:
            _duplicates(table, keys, sheet, self.titles, self.report, describe, advice, column)

    def check_about(self) -> None:
        table = self.tables.get(ABOUT.name)
        if table is None:
            return
        known = {"region": "Region", "eksempeldata": "Eksempeldata", "kilde": "Kilde"}
        for _, row in table.iterrows():
            field = known.get(header_key(row["field"]))
            if field is None:
                self.add(I, ABOUT, row, "Felt", f"Feltet «{row['field']}» er ikke kjent og er hoppet over.")
                continue
            value = row["value"] or ""
            if field == "Eksempeldata" and header_key(value) not in {"ja", "nei", ""}:
                self.add(W, ABOUT, row, "Verdi", f"«{value}» er verken «ja» eller «nei». Skriv «ja» hvis tallene er eksempeldata.")
            self.about[field] = value

    def check_municipalities(self) -> None:
        table = self.tables.get(MUNICIPALITIES.name)
        if table is None:
            return
        self._dupes(MUNICIPALITIES, ["code"], lambda r: f"Kommunenummeret {r['code']}",
                    "Hver kommune kan bare stå én gang: slett eller rett den ene raden.", "Kommunenummer")
        wrong = table["member_from"].notna() & table["member_to"].notna() & (table["member_from"] > table["member_to"])
        for _, row in table[wrong.fillna(False)].iterrows():
            self.add(E, MUNICIPALITIES, row, "Medlem til", f"«Medlem til» ({row['member_to']}) er før «Medlem fra» ({row['member_from']}). Rett ett av årstallene.")

    def _known_codes(self) -> set[str] | None:
        table = self.tables.get(MUNICIPALITIES.name)
        return None if table is None else set(table["code"].dropna())

    def check_goals(self) -> None:
        table = self.tables.get(GOALS.name)
        if table is None:
            return
        self._dupes(GOALS, ["id"], lambda r: f"Mål-ID-en «{r['id']}»", "Hvert mål må ha sin egen ID: rett ID-en eller slett den ene raden.", "ID")
        ids = set(table["id"].dropna())
        for _, row in table[table["parent"].notna() & ~table["parent"].isin(ids)].iterrows():
            self.add(E, GOALS, row, "Overordnet", f"Det finnes ikke noe mål med ID «{row['parent']}». Skriv ID-en til et mål i arket, eller la cellen stå tom.")
        for _, row in table[table["parent"].notna() & (table["parent"] == table["id"])].iterrows():
            self.add(E, GOALS, row, "Overordnet", "Et mål kan ikke være overordnet seg selv.")
        self._goal_cycles(table)
        backwards = (table["target_year"] < table["start_year"]).fillna(False)
        for _, row in table[backwards].iterrows():
            self.add(E, GOALS, row, "Målår", f"Målåret {row['target_year']} er før startåret {row['start_year']}. Rett ett av årstallene.")
        strategic = table[table["level"] == GoalLevel.STRATEGIC]
        if len(strategic) > 1:
            first = strategic.iloc[0]
            for _, row in strategic.iloc[1:].iterrows():
                elsewhere = f" i «{first['_file']}»" if first["_file"] != row["_file"] else ""
                self.add(E, GOALS, row, "Nivå", f"Det kan bare være ett «Strategisk mål», men rad {int(first['_row'])}{elsewhere} har også dette nivået. Endre nivået på ett av dem.")
        expected_parent = {GoalLevel.MAIN: GoalLevel.STRATEGIC, GoalLevel.SUB: GoalLevel.MAIN}
        level_of = dict(zip(table["id"], table["level"], strict=True))
        for _, row in table[table["parent"].isin(ids)].iterrows():
            wanted = expected_parent.get(row["level"])
            if wanted and level_of.get(row["parent"]) != wanted:
                self.add(W, GOALS, row, "Overordnet", f"Et {row['level'].lower()} har vanligvis et {wanted.lower()} som overordnet, men «{row['parent']}» er {str(level_of.get(row['parent'])).lower()}.")
        known = self._known_codes()
        if known is not None:
            for _, row in table[table["municipality"].notna() & ~table["municipality"].isin(known)].iterrows():
                self.add(W, GOALS, row, "Kommune", f"Kommunenummeret {row['municipality']} står ikke i arket «Kommuner».")

    def _goal_cycles(self, table: pd.DataFrame) -> None:
        """Report each ring of goals that are each other's parents (1 → 2 → 1), once, at its first goal."""
        position: dict[str, int] = {}
        parent_of: dict[str, str] = {}
        for i, (goal_id, parent) in enumerate(zip(table["id"], table["parent"], strict=True)):
            if isinstance(goal_id, str) and goal_id not in position:
                position[goal_id] = i
                if isinstance(parent, str) and parent != goal_id:  # a goal its own parent is reported above
                    parent_of[goal_id] = parent
        done: set[str] = set()
        for start in position:
            path: list[str] = []
            goal: str | None = start
            while goal is not None and goal not in done and goal not in path:
                path.append(goal)
                goal = parent_of.get(goal)
            done.update(path)
            if goal is None or goal not in path:
                continue
            ring = path[path.index(goal):]
            first = min(range(len(ring)), key=lambda k: position[ring[k]])
            ring = ring[first:] + ring[:first]
            chain = " → ".join(f"«{g}»" for g in [*ring, ring[0]])
            self.add(E, GOALS, table.iloc[position[ring[0]]], "Overordnet",
                     f"De overordnede målene går i ring: {chain}. Et mål kan ikke ligge under seg selv; rett «Overordnet» for ett av målene.")

    def check_measurements(self) -> None:
        table = self.tables.get(MEASUREMENTS.name)
        if table is None:
            return
        self._dupes(MEASUREMENTS, ["goal_id", "year"], lambda r: f"Måleverdien for mål «{r['goal_id']}» i {r['year']}",
                    "Et mål kan ha bare én verdi per år: slett eller rett den ene raden.", "År")
        goals = self.tables.get(GOALS.name)
        if goals is not None:
            for _, row in table[table["goal_id"].notna() & ~table["goal_id"].isin(set(goals["id"]))].iterrows():
                self.add(E, MEASUREMENTS, row, "Mål-ID", f"Det finnes ikke noe mål med ID «{row['goal_id']}» i arket «Mål». Rett ID-en.")

    def check_activities(self) -> None:
        table = self.tables.get(ACTIVITIES.name)
        if table is None:
            return
        self._dupes(ACTIVITIES, ["id"], lambda r: f"Aktivitets-ID-en «{r['id']}»", "Hver aktivitet må ha sin egen ID: rett ID-en eller slett den ene raden.", "ID")
        goals = self.tables.get(GOALS.name)
        if goals is not None:
            self._unknown_in_lists(ACTIVITIES, table, "goal_ids", set(goals["id"]), E, "Mål-ID",
                                   lambda ids: f"Det finnes ikke noe mål med ID {', '.join(f'«{i}»' for i in ids)} i arket «Mål». Rett ID-en.")
        known = self._known_codes()
        if known is not None:
            self._unknown_in_lists(ACTIVITIES, table, "municipalities", known, W, "Kommune",
                                   lambda codes: f"Kommunenummeret {', '.join(codes)} står ikke i arket «Kommuner».")
        backwards = (table["end"] < table["start"]).fillna(False)
        for _, row in table[backwards].iterrows():
            self.add(E, ACTIVITIES, row, "Slutt", f"Sluttdatoen {row['end']:%d.%m.%Y} er før startdatoen {row['start']:%d.%m.%Y}. Rett en av datoene.")
        outside = table["progress"].notna() & ((table["progress"] < 0) | (table["progress"] > 100))
        for _, row in table[outside].iterrows():
            self.add(E, ACTIVITIES, row, "Fremdrift", f"Fremdriften {row['progress']:g} er utenfor 0–100. Skriv fremdriften i prosent, fra 0 til 100.")
        unfinished = (table["status"] == ActivityStatus.DONE) & table["progress"].between(0, 100, inclusive="left")
        for _, row in table[unfinished].iterrows():
            self.add(W, ACTIVITIES, row, "Fremdrift", f"Aktiviteten har status «{ActivityStatus.DONE}», men fremdriften er {_decimal(row['progress'])} %. Sett fremdriften til 100, eller endre status.")
        late = (table["end"] < self.today).fillna(False) & ~table["status"].isin(CLOSED_ACTIVITY_STATUSES)
        for _, row in table[late].iterrows():
            self.add(W, ACTIVITIES, row, "Slutt", f"Aktiviteten skulle vært ferdig {row['end']:%d.%m.%Y}, men har status «{row['status']}». Oppdater status eller sluttdato.")

    def _unknown_in_lists(self, sheet: Sheet, table: pd.DataFrame, column: str, known: set[str], severity: Severity, header: str, message: Callable[[list[str]], str]) -> None:
        """Report list cells (IDs or codes) naming values that are not in ``known``, one problem per row."""
        items = table[column].explode().dropna()
        unknown = items[~items.isin(known)]
        for index, values in unknown.groupby(level=0):
            self.add(severity, sheet, table.loc[index], header, message(list(values)))

    def check_budget(self) -> None:
        table = self.tables.get(BUDGET.name)
        if table is None:
            return
        self._dupes(BUDGET, ["year", "post", "funding"], lambda r: f"Posten «{r['post']}»" + (f" ({r['funding']})" if isinstance(r["funding"], str) else "") + f" for {r['year']}",
                    "En post kan stå bare én gang per år og finansiering: slå radene sammen eller rett den ene.", "Post")
        for column in ("original", "revised", "actual"):
            header = BUDGET.column(column).header
            for _, row in table[(table[column] < 0).fillna(False)].iterrows():
                self.add(E, BUDGET, row, header, f"Beløpet kan ikke være negativt ({fmt.kroner(row[column])}): budsjett og regnskap føres som positive beløp. "
                         "Skriv beløpet uten minus; en reduksjon i budsjettet føres som et negativt beløp i arket «Budsjettendringer».")
        for _, row in table[(table["revised"] == 0).fillna(False)].iterrows():
            self.add(W, BUDGET, row, "Revidert", f"Revidert budsjett for «{row['post']}» i {row['year']} er 0 kr. Stemmer det? La cellen stå tom hvis revidert er lik opprinnelig.")
        # Blank rules of the data contract: Opprinnelig 0, Revidert = Opprinnelig, Regnskap 0.
        table["original"] = table["original"].fillna(0.0)
        table["revised"] = table["revised"].fillna(table["original"])
        table["actual"] = table["actual"].fillna(0.0)

    def check_budget_changes(self) -> None:
        table = self.tables.get(BUDGET_CHANGES.name)
        if table is None:
            return
        from_date = table["date"].dt.year.astype("Int64")
        table["year"] = table["year"].fillna(from_date)
        budget = self.tables.get(BUDGET.name)
        if budget is None or budget.empty:
            return
        for _, row in table[~table.set_index(["year", "post"]).index.isin(budget.set_index(["year", "post"]).index)].iterrows():
            if pd.notna(row["year"]) and row["post"]:
                self.add(W, BUDGET_CHANGES, row, "Post", f"Posten «{row['post']}» finnes ikke i arket «Budsjett» for {row['year']}. Sjekk navnet på posten.")
        changes = table.groupby(["year", "post"], dropna=True)["amount"].sum()
        budget_diff = (budget["revised"] - budget["original"]).groupby([budget["year"], budget["post"]]).sum()
        for (year, post), amount in changes.items():
            diff = budget_diff.get((year, post))
            if diff is not None and abs(diff - amount) > 0.5:
                row = table[(table["year"] == year) & (table["post"] == post)].iloc[0]
                self.add(W, BUDGET_CHANGES, row, "Beløp", f"Endringene for «{post}» i {year} er til sammen {fmt.kroner(amount)}, men «Revidert» minus «Opprinnelig» i arket «Budsjett» er {fmt.kroner(diff)}. Sjekk at budsjettet er oppdatert.")

    def check_employment(self) -> None:
        table = self.tables.get(EMPLOYMENT.name)
        if table is None:
            return
        industry = table["industry"]
        is_total = industry.isna() | industry.str.casefold().isin(TOTAL_INDUSTRY_LABELS)
        table["industry"] = industry.mask(is_total.fillna(True))
        negative = table["employed"] < 0
        for _, row in table[negative.fillna(False)].iterrows():
            self.add(E, EMPLOYMENT, row, "Sysselsatte", f"Antall sysselsatte kan ikke være negativt ({row['employed']:g}). Rett tallet.")
        self._whole_people(EMPLOYMENT, "employed", "Sysselsatte", "Antall sysselsatte")
        self._future_years(EMPLOYMENT, "sysselsettingstall")
        self._old_basis()
        keys = ["code", "year", "industry", "basis"]
        self._last_file_wins(EMPLOYMENT, keys, "employed", "Sysselsatte", _describe_jobs)
        self._prefer_new_codes(EMPLOYMENT, keys)
        self._dupes(EMPLOYMENT, keys, _describe_jobs, "Det kan være bare ett tall per kommune, år og næring: slett eller rett den ene raden.", "Sysselsatte")
        self._regions(EMPLOYMENT)
        self._implausible_jobs()
        self._jobs_against_other_regions()

    def check_population(self) -> None:
        table = self.tables.get(POPULATION.name)
        if table is None:
            return
        negative = table["population"] < 0
        for _, row in table[negative.fillna(False)].iterrows():
            self.add(E, POPULATION, row, "Innbyggere", f"Antall innbyggere kan ikke være negativt ({row['population']:g}). Rett tallet.")
        self._whole_people(POPULATION, "population", "Innbyggere", "Antall innbyggere")
        self._future_years(POPULATION, "folketall")
        self._last_file_wins(POPULATION, ["code", "year"], "population", "Innbyggere", lambda r: f"Folketallet for {r['code']} i {r['year']}")
        self._prefer_new_codes(POPULATION, ["code", "year"])
        self._dupes(POPULATION, ["code", "year"], lambda r: f"Folketallet for {r['code']} i {r['year']}",
                    "Det kan være bare ett tall per kommune og år: slett eller rett den ene raden.", "Innbyggere")
        self._regions(POPULATION)
        # The old/new code marker has done its work; the table has the columns of the format only.
        self.tables[POPULATION.name] = self.tables[POPULATION.name].drop(columns="_raw_old")

    def _old_basis(self) -> None:
        """SSB's figures on the old basis count only where the same region, year and industry also has
        the new one (2015, published both ways): there they give the change from the year before, and
        the new basis the level. Elsewhere a figure is the series itself, whatever its basis."""
        table = self.tables[EMPLOYMENT.name]
        old = table["basis"].fillna("").str.casefold().str.contains("gam|gml", regex=True).to_numpy(dtype=bool)
        keys = table[["code", "year", "industry"]]
        group = keys.groupby(list(keys.columns), dropna=False, sort=False).ngroup().to_numpy()
        has_new = pd.Series(~old).groupby(group).transform("any").to_numpy(dtype=bool)
        table["basis"] = pd.Series(OLD_BASIS, index=table.index, dtype=object).where(old & has_new, None)

    def _whole_people(self, sheet: Sheet, column: str, header: str, what: str) -> None:
        """People are counted whole: a count with decimals is a typing or export error."""
        table = self.tables[sheet.name]
        fraction = (table[column] % 1 != 0) & table[column].notna()
        for _, row in table[fraction].iterrows():
            self.add(E, sheet, row, header, f"{what} må være et helt tall, men er {_decimal(row[column])}: personer telles hele. Rett tallet.")

    def _future_years(self, sheet: Sheet, what: str) -> None:
        """Statistics cannot exist for a year after the clock's (never the report date's) current year."""
        table = self.tables[sheet.name]
        for _, row in table[(table["year"] > self.this_year).fillna(False)].iterrows():
            self.add(E, sheet, row, "År", f"Året {row['year']} har ikke kommet ennå, så det kan ikke finnes {what} for det. Rett årstallet.")

    def _implausible_jobs(self) -> None:
        """Municipal job counts no municipality can have, and jumps from one year to the next worth a check.

        Counties and the country (comparison series) are left alone.
        """
        table = self.tables[EMPLOYMENT.name]
        municipal = table[table["kind"] == "municipality"]
        huge = (municipal["employed"] > MAX_MUNICIPAL_JOBS).fillna(False)
        for _, row in municipal[huge].iterrows():
            self.add(E, EMPLOYMENT, row, "Sysselsatte", f"{fmt.number(row['employed'])} sysselsatte i én kommune er ikke mulig: ingen norsk kommune har over "
                     f"{fmt.number(MAX_MUNICIPAL_JOBS)} arbeidsplasser. Rett tallet; gjelder det et fylke eller hele landet, skriv fylkesnummeret eller 0 som kommunenummer.")
        counted = municipal[(municipal["employed"] >= 0).fillna(False) & ~huge]  # the rest is an error already
        totals = employment_totals(counted).dropna(subset=["year"]).drop_duplicates(["code", "year"])
        before = totals.assign(year=totals["year"] + 1)[["code", "year", "employed"]]
        pairs = totals.merge(before, on=["code", "year"], suffixes=("", "_before"))
        change = pairs["employed"] - pairs["employed_before"]
        large = pairs[["employed", "employed_before"]].max(axis=1) > JUMP_MIN_JOBS
        jumps = pairs[large & (change.abs() > MAX_YEARLY_JOB_CHANGE * pairs["employed_before"])]
        for code, year, count, previous in jumps[["code", "year", "employed", "employed_before"]].itertuples(index=False):
            rows = municipal[(municipal["code"] == code) & (municipal["year"] == year)]
            row = rows.sort_values("industry", na_position="first").iloc[0]  # the total row when there is one
            share = f" ({fmt.percent((count - previous) / previous, 0, signed=True)})" if previous else ""
            self.add(W, EMPLOYMENT, row, "Sysselsatte", f"Antall sysselsatte i {code} endret seg fra {fmt.number(previous)} i {year - 1} til {fmt.number(count)} i {year}{share}. "
                     f"Over {fmt.percent(MAX_YEARLY_JOB_CHANGE, 0)} på ett år er uvanlig for en kommune: sjekk tallet.")

    def _jobs_against_other_regions(self) -> None:
        """Each year's jobs against the other regions: the country's within 1–4 million, a county's at most
        the country's and a municipality's at most its county's (errors); a municipality's above its
        population (a warning: possible with many in-commuters, but worth a look)."""
        table = self.tables[EMPLOYMENT.name]
        valid = table[(table["employed"] >= 0).fillna(False)]  # a negative count is an error already
        totals = employment_totals(valid).dropna(subset=["year", "employed"])
        jobs = {(code, int(year)): float(n) for code, year, n in totals[["code", "year", "employed"]].itertuples(index=False)}
        old_county = {new: old[:2] for old, new in OLD_TO_NEW_CODES.items()}
        people: dict[tuple[str, int], float] = {}
        population = self.tables.get(POPULATION.name)
        if population is not None:
            known = population.dropna(subset=["code", "year", "population"])
            people = {(code, int(year)): float(n) for code, year, n in known[["code", "year", "population"]].itertuples(index=False)}
        low, high = COUNTRY_JOBS
        for code, year, count, kind in totals[["code", "year", "employed", "kind"]].itertuples(index=False):
            year, message, severity = int(year), None, E
            country = jobs.get(("0", year))
            if kind == "country" and not low <= count <= high:
                message = (f"Hele landet har {fmt.number(count)} sysselsatte i {year}, men hele landets tall ligger mellom "
                           f"{fmt.number(low)} og {fmt.number(high)}. Sjekk at kolonnen med tallene og koden 0 for hele landet er riktige.")
            elif kind == "county" and country is not None and count > country:
                message = f"Fylket {code} har {fmt.number(count)} sysselsatte i {year}, flere enn hele landet ({fmt.number(country)}). Sjekk kodene og tallene."
            elif kind == "municipality" and count <= MAX_MUNICIPAL_JOBS:  # above: an error already
                counties = [c for c in dict.fromkeys([code[:2], old_county.get(code)]) if c is not None and (c, year) in jobs]
                above = [c for c in counties if count > jobs[(c, year)]]
                if above:
                    county = above[0]
                    message = (f"Kommunen {code} har {fmt.number(count)} sysselsatte i {year}, flere enn fylket {county} "
                               f"({fmt.number(jobs[(county, year)])}). Sjekk kodene og tallene.")
                elif (code, year) in people and count > people[(code, year)]:
                    severity = W
                    message = (f"Kommunen {code} har {fmt.number(count)} sysselsatte i {year}, flere enn innbyggerne ({fmt.number(people[(code, year)])}). "
                               "Det kan stemme i en kommune med mange som pendler inn, men sjekk tallene.")
            if message is not None:
                rows = table[(table["code"] == code) & (table["year"] == year)]
                self.add(severity, EMPLOYMENT, rows.sort_values("industry", na_position="first").iloc[0], "Sysselsatte", message)

    def _regions(self, sheet: Sheet) -> None:
        """Each region's kind (municipality, county, country), and names from «Kommuner» where blank."""
        table = self.tables[sheet.name]
        kind = np.where(table["code"].str.len() == 4, "municipality", np.where(table["code"] == "0", "country", "county"))
        table["kind"] = kind
        names = self.tables.get(MUNICIPALITIES.name)
        if names is not None:
            lookup = dict(zip(names["code"], names["name"], strict=True))
            table["name"] = table["name"].fillna(table["code"].map(lookup))

    def _last_file_wins(self, sheet: Sheet, keys: list[str], value: str, header: str, describe: Callable[[pd.Series], str]) -> None:
        """Across files given together, the figures of the file given last count for a region and year.

        Within one file the rules of :meth:`_prefer_new_codes` and the duplicate check stand. A
        figure that differs from the one it replaces is named, with both files and both values.
        """
        table = self.tables[sheet.name]
        files = list(dict.fromkeys(table["_file"]))
        if len(files) < 2:
            return
        order = table["_file"].map({file: i for i, file in enumerate(files)}).to_numpy()
        groups = table.groupby(keys, dropna=False, sort=False).ngroup().to_numpy()
        last = pd.Series(order).groupby(groups).transform("max").to_numpy()
        drop = (order < last) & table[["code", "year"]].notna().all(axis=1).to_numpy()
        if not drop.any():
            return
        winners = table[(order == last)].assign(_group=groups[order == last]).sort_values("_raw_old", kind="stable").drop_duplicates("_group")
        winner_of = dict(zip(winners["_group"], winners.index, strict=True))
        for position in np.flatnonzero(drop):
            row, kept = table.iloc[position], table.loc[winner_of[groups[position]]]
            if row[value] == kept[value] or (pd.isna(row[value]) and pd.isna(kept[value])):
                continue
            self.add(W, sheet, kept, header,
                     f"{describe(kept)} er {fmt.number(kept[value])} i «{kept['_file']}» og {fmt.number(row[value])} i «{row['_file']}». "
                     f"Tallet fra «{kept['_file']}», filen som er gitt sist, brukes.")
        self.tables[sheet.name] = table[~drop].reset_index(drop=True)

    def _prefer_new_codes(self, sheet: Sheet, keys: list[str]) -> None:
        """Where an old (04xx) and a new (34xx) code give a figure for the same key, the new code's counts."""
        table = self.tables[sheet.name]
        candidates = table[table["code"].isin(set(OLD_TO_NEW_CODES.values()))]
        if candidates.empty or not candidates["_raw_old"].any():
            return
        both = candidates.groupby(keys, dropna=False)["_raw_old"].transform("nunique") > 1
        drop = candidates.index[both & candidates["_raw_old"]]
        for _, row in table.loc[drop].iterrows():
            self.add(W, sheet, row, "Kommunenummer", f"Både gammelt og nytt kommunenummer har tall for {row['year']}; tallet for {row['code']} brukes.")
        self.tables[sheet.name] = table.drop(index=drop).reset_index(drop=True)
