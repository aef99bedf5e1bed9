"""Tests for byr_data.validation, driven through byr_data.reading.load as a user's file would be."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd
import pytest

from byr_data.errors import Problem, Severity, printable
from byr_data.headers import sheet_for_title
from byr_data.reading import LoadResult, load
from tests.workbooks import make_workbook, minimal_valid

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO
TODAY = dt.date(2016, 2, 15)
FILE = "data.xlsx"
LEVEL_CHOICES = "«Strategisk mål», «Hovedmål», «Delmål»"
GOAL_STATUS_CHOICES = "«Ikke startet», «I rute», «Risiko», «Forsinket», «Nådd»"

Sheets = dict[str, list[list[object]]]

GOAL_RING = (
    "De overordnede målene går i ring: «1» → «1.1.1» → «1.1» → «1». Et mål kan ikke ligge under seg selv; rett «Overordnet» for ett av målene."
)
MILLIONS_OF_JOBS = (
    "9 000 000 sysselsatte i én kommune er ikke mulig: ingen norsk kommune har over 1 000 000 arbeidsplasser. "
    "Rett tallet; gjelder det et fylke eller hele landet, skriv fylkesnummeret eller 0 som kommunenummer."
)
UNUSUAL_JUMP = "Over 20 % på ett år er uvanlig for en kommune: sjekk tallet."
NEGATIVE_AMOUNT = (
    "Beløpet kan ikke være negativt (−50 000 kr): budsjett og regnskap føres som positive beløp. "
    "Skriv beløpet uten minus; en reduksjon i budsjettet føres som et negativt beløp i arket «Budsjettendringer»."
)


def load_sheets(sheets: Mapping[str, list[list[object]]], name: str = FILE, today: dt.date = TODAY) -> LoadResult:
    """Build one workbook in memory and load it."""
    return load([(name, make_workbook(sheets))], today=today)


def found(result: LoadResult, *severities: Severity) -> list[tuple[Severity, str | None, int | None, str | None, str]]:
    """The problems as (severity, sheet, row, column, message), in the order found."""
    return [(p.severity, p.sheet, p.row, p.column, p.message) for p in result.report.problems if p.severity in severities]


# --- editing the valid workbook -------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """Set one cell, found by its Excel row and its column header (rows are added as needed)."""

    sheet: str
    row: int
    header: str
    value: object

    def apply(self, sheets: Sheets) -> None:
        rows = sheets[self.sheet]
        position = rows[0].index(self.header)
        while len(rows) < self.row:
            rows.append([None] * len(rows[0]))
        rows[self.row - 1][position] = self.value


@dataclass(frozen=True)
class Row:
    """Append one row to a sheet, given as {header: value}."""

    sheet: str
    values: Mapping[str, object] = field(default_factory=dict)

    def apply(self, sheets: Sheets) -> None:
        rows = sheets[self.sheet]
        rows.append([self.values.get(header) for header in rows[0]])


@dataclass(frozen=True)
class AddColumn:
    """Add a column at the right, with the header and (optionally) a value on every data row."""

    sheet: str
    header: str
    value: object = None

    def apply(self, sheets: Sheets) -> None:
        rows = sheets[self.sheet]
        rows[0].append(self.header)
        for row in rows[1:]:
            row.append(self.value)


@dataclass(frozen=True)
class DropColumn:
    sheet: str
    header: str

    def apply(self, sheets: Sheets) -> None:
        rows = sheets[self.sheet]
        position = rows[0].index(self.header)
        for row in rows:
            del row[position]


def edited(*edits: Cell | Row | AddColumn | DropColumn) -> Sheets:
    sheets = minimal_valid()
    for edit in edits:
        edit.apply(sheets)
    return sheets


# --- the valid workbook -------------------------------------------------------------------------


def test_validate_accepts_the_minimal_valid_workbook() -> None:
    result = load_sheets(minimal_valid())

    assert result.report.problems == []
    assert result.dataset is not None
    assert result.dataset.files == (FILE,)
    assert result.report.tables == {
        "Om": 2,
        "Kommuner": 2,
        "Mål": 3,
        "Måleverdier": 2,
        "Aktiviteter": 2,
        "Budsjett": 2,
        "Budsjettendringer": 1,
        "Sysselsetting": 4,
    }


def test_validate_gives_canonical_columns_and_values() -> None:
    dataset = load_sheets(minimal_valid()).dataset

    assert dataset is not None
    goals = dataset.goals
    assert goals[["id", "level", "status"]].values.tolist() == [
        ["1", "Strategisk mål", "I rute"],
        ["1.1", "Hovedmål", "Risiko"],
        ["1.1.1", "Delmål", "Ikke startet"],
    ]
    assert goals["parent"].isna().tolist() == [True, False, False]
    assert goals["parent"].iloc[1:].tolist() == ["1", "1.1"]
    assert goals["_row"].tolist() == [2, 3, 4]
    assert goals["_file"].tolist() == [FILE] * 3
    assert dataset.activities["goal_ids"].tolist() == [("1.1",), ("1.1", "1.1.1")]
    assert dataset.activities["municipalities"].tolist() == [("3401",), ()]
    assert dataset.activities["end"].tolist() == [pd.Timestamp(2016, 6, 30), pd.Timestamp(2015, 12, 31)]
    assert dataset.employment["name"].tolist() == ["Kongsvinger", "Kongsvinger", "Våler", "Våler"]
    assert dataset.about == {"Region": "Testregionen", "Eksempeldata": "ja"}


def test_validate_matches_sheet_and_column_names_regardless_of_case_and_spaces() -> None:
    sheets = {
        " mål ": [["id", " NIVÅ ", "navn", "STATUS"], ["1", "strategisk MÅL", "Flere arbeidsplasser", " i rute "]],
        "SYSSELSETTING": [["region", "år", "sysselsatte"], ["3401", 2016, 8336]],
    }

    result = load_sheets(sheets)

    assert found(result, E, W, I) == []
    assert result.report.tables == {"Mål": 1, "Sysselsetting": 1}
    assert result.dataset.goals[["level", "status"]].values.tolist() == [["Strategisk mål", "I rute"]]


def test_validate_names_the_sheet_as_the_user_titled_it() -> None:
    sheets = {" mål ": [["ID", "Nivå", "Navn", "Status"], ["1", "Strategisk mål", None, "I rute"]]}

    result = load_sheets(sheets)

    assert found(result, E) == [(E, " mål ", 2, "Navn", "«Navn» mangler. Fyll inn en verdi.")]


# --- one problem at a time --------------------------------------------------------------------

BAD_INPUT = [
    pytest.param(
        [DropColumn("Mål", "Status")],
        [(E, "Mål", 1, "Status", "Arket mangler den påkrevde kolonnen «Status». Legg den til i overskriftsraden (rad 1).")],
        id="missing-required-column",
    ),
    pytest.param(
        [Cell("Mål", 3, "Navn", None)],
        [(E, "Mål", 3, "Navn", "«Navn» mangler. Fyll inn en verdi.")],
        id="missing-required-value",
    ),
    pytest.param(
        [Cell("Mål", 3, "Navn", "   ")],
        [(E, "Mål", 3, "Navn", "«Navn» mangler. Fyll inn en verdi.")],
        id="only-spaces-is-missing",
    ),
    pytest.param(
        [Cell("Budsjett", 3, "Revidert", "to millioner")],
        [(E, "Budsjett", 3, "Revidert", "«to millioner» er ikke et tall. Skriv et tall, for eksempel 250000.")],
        id="budget-not-a-number",
    ),
    pytest.param(
        [Cell("Måleverdier", 2, "År", 2015.5)],
        [(E, "Måleverdier", 2, "År", "«2015.5» er ikke et helt tall. Skriv for eksempel 2016.")],
        id="year-not-whole",
    ),
    pytest.param(
        [Cell("Aktiviteter", 3, "Start", "i fjor")],
        [(E, "Aktiviteter", 3, "Start", "«i fjor» er ikke en dato. Skriv datoen som 15.02.2016.")],
        id="not-a-date",
    ),
    pytest.param(
        [Cell("Mål", 4, "Nivå", "Nivå X")],
        [(E, "Mål", 4, "Nivå", f"«Nivå X» er ikke et gyldig nivå. Bruk en av {LEVEL_CHOICES}.")],
        id="invalid-level",
    ),
    pytest.param(
        [Cell("Mål", 2, "Status", "Ferdig")],
        [(E, "Mål", 2, "Status", f"«Ferdig» er ikke en gyldig status for mål. Bruk en av {GOAL_STATUS_CHOICES}.")],
        id="invalid-goal-status",
    ),
    pytest.param(
        [Cell("Aktiviteter", 2, "Status", "Ferdig")],
        [
            (
                E,
                "Aktiviteter",
                2,
                "Status",
                "«Ferdig» er ikke en gyldig status for aktiviteter. Bruk en av «Planlagt», «Påbegynt», «Gjennomført», «Utsatt», «Avlyst».",
            )
        ],
        id="invalid-activity-status",
    ),
    pytest.param(
        [Row("Mål", {"ID": "1.1", "Nivå": "Hovedmål", "Overordnet": "1", "Navn": "Dobbel", "Status": "I rute"})],
        [(E, "Mål", 5, "ID", "Mål-ID-en «1.1» står også i rad 3. Hvert mål må ha sin egen ID: rett ID-en eller slett den ene raden.")],
        id="duplicate-goal-id",
    ),
    pytest.param(
        [Cell("Aktiviteter", 3, "ID", "A1")],
        [
            (
                E,
                "Aktiviteter",
                3,
                "ID",
                "Aktivitets-ID-en «A1» står også i rad 2. Hver aktivitet må ha sin egen ID: rett ID-en eller slett den ene raden.",
            )
        ],
        id="duplicate-activity-id",
    ),
    pytest.param(
        [Cell("Mål", 4, "Overordnet", "9")],
        [(E, "Mål", 4, "Overordnet", "Det finnes ikke noe mål med ID «9». Skriv ID-en til et mål i arket, eller la cellen stå tom.")],
        id="unknown-parent",
    ),
    pytest.param(
        [Row("Mål", {"ID": "2", "Nivå": "strategisk MÅL", "Navn": "Et til", "Status": "I rute"})],
        [(E, "Mål", 5, "Nivå", "Det kan bare være ett «Strategisk mål», men rad 2 har også dette nivået. Endre nivået på ett av dem.")],
        id="two-strategic-goals",
    ),
    pytest.param(
        [Cell("Måleverdier", 3, "Mål-ID", "7")],
        [(E, "Måleverdier", 3, "Mål-ID", "Det finnes ikke noe mål med ID «7» i arket «Mål». Rett ID-en.")],
        id="measurement-unknown-goal",
    ),
    pytest.param(
        [Cell("Aktiviteter", 3, "Mål-ID", "1.1; 8, 9")],
        [(E, "Aktiviteter", 3, "Mål-ID", "Det finnes ikke noe mål med ID «8», «9» i arket «Mål». Rett ID-en.")],
        id="activity-unknown-goal",
    ),
    pytest.param(
        [Cell("Aktiviteter", 2, "Start", dt.date(2016, 7, 1))],
        [(E, "Aktiviteter", 2, "Slutt", "Sluttdatoen 30.06.2016 er før startdatoen 01.07.2016. Rett en av datoene.")],
        id="end-before-start",
    ),
    pytest.param(
        [Cell("Aktiviteter", 2, "Fremdrift", 150)],
        [(E, "Aktiviteter", 2, "Fremdrift", "Fremdriften 150 er utenfor 0–100. Skriv fremdriften i prosent, fra 0 til 100.")],
        id="progress-over-100",
    ),
    pytest.param(
        [Cell("Aktiviteter", 2, "Fremdrift", -5)],
        [(E, "Aktiviteter", 2, "Fremdrift", "Fremdriften -5 er utenfor 0–100. Skriv fremdriften i prosent, fra 0 til 100.")],
        id="progress-negative",
    ),
    pytest.param(
        [Row("Sysselsetting", {"Kommunenummer": "3401", "År": 2016, "Sysselsatte": 100, "Næring": "Bygg"})] * 2,
        [
            (
                E,
                "Sysselsetting",
                7,
                "Sysselsatte",
                "Tallet for 3401 i 2016 (Bygg) står også i rad 6. Det kan være bare ett tall per kommune, år og næring: slett eller rett den ene raden.",
            )
        ],
        id="duplicate-employment-row",
    ),
    pytest.param(
        [Cell("Sysselsetting", 3, "Sysselsatte", -5)],
        [(E, "Sysselsetting", 3, "Sysselsatte", "Antall sysselsatte kan ikke være negativt (-5). Rett tallet.")],
        id="negative-employed",
    ),
    pytest.param(
        [Cell("Sysselsetting", 3, "Kommunenummer", "Kongsvinger")],
        [
            (
                E,
                "Sysselsetting",
                3,
                "Kommunenummer",
                "«Kongsvinger» er ikke et kommunenummer. Skriv kommunenummeret med fire sifre (for eksempel 3401), "
                "to sifre for et fylke (34) eller 0 for hele landet.",
            )
        ],
        id="employment-bad-region",
    ),
    pytest.param(
        [Cell("Kommuner", 3, "Kommunenummer", "12345")],
        [
            (
                E,
                "Kommuner",
                3,
                "Kommunenummer",
                "«12345» er ikke et kommunenummer. Skriv kommunenummeret med fire sifre, for eksempel 3401 for Kongsvinger.",
            )
        ],
        id="bad-municipality-code",
    ),
    pytest.param(
        [Cell("Kommuner", 2, "Medlem fra", 2016), Cell("Kommuner", 2, "Medlem til", 2014)],
        [(E, "Kommuner", 2, "Medlem til", "«Medlem til» (2014) er før «Medlem fra» (2016). Rett ett av årstallene.")],
        id="member-to-before-member-from",
    ),
    pytest.param(
        [AddColumn("Sysselsetting", "Region", "3401")],
        [(E, "Sysselsetting", 1, "Region", "Kolonnen «Kommunenummer» står to ganger (også som «Region»). Slett eller gi nytt navn til den ene.")],
        id="column-twice-by-alias",
    ),
    pytest.param(
        [Cell("Mål", 3, "Status", None)],
        [(W, "Mål", 3, "Status", "Status mangler og regnes som «Ikke startet». Fyll inn status.")],
        id="blank-goal-status-warns",
    ),
    pytest.param(
        [Cell("Budsjettendringer", 2, "Post", "Ukjent")],
        [(W, "Budsjettendringer", 2, "Post", "Posten «Ukjent» finnes ikke i arket «Budsjett» for 2016. Sjekk navnet på posten.")],
        id="change-for-unknown-post-warns",
    ),
    pytest.param(
        [Cell("Aktiviteter", 2, "Kommune", "3401; 3414")],
        [(W, "Aktiviteter", 2, "Kommune", "Kommunenummeret 3414 står ikke i arket «Kommuner».")],
        id="activity-municipality-not-member-warns",
    ),
    pytest.param(
        [Cell("Mål", 4, "Overordnet", "1")],
        [(W, "Mål", 4, "Overordnet", "Et delmål har vanligvis et hovedmål som overordnet, men «1» er strategisk mål.")],
        id="sub-goal-under-strategic-warns",
    ),
    # Implausible figures (issue 9, item 11).
    pytest.param(
        [AddColumn("Mål", "Målår"), Cell("Mål", 2, "Målår", 2010)],
        [(E, "Mål", 2, "Målår", "Målåret 2010 er før startåret 2014. Rett ett av årstallene.")],
        id="target-year-before-start-year",
    ),
    pytest.param(
        [Cell("Mål", 2, "Overordnet", "1.1.1")],
        [(E, "Mål", 2, "Overordnet", GOAL_RING)],
        id="goal-parents-in-a-ring",
    ),
    pytest.param(
        [Cell("Sysselsetting", 3, "Sysselsatte", 8336.5)],
        [(E, "Sysselsetting", 3, "Sysselsatte", "Antall sysselsatte må være et helt tall, men er 8336,5: personer telles hele. Rett tallet.")],
        id="employed-with-decimals",
    ),
    pytest.param(
        [Cell("Aktiviteter", 3, "Fremdrift", 5)],
        [(W, "Aktiviteter", 3, "Fremdrift", "Aktiviteten har status «Gjennomført», men fremdriften er 5 %. Sett fremdriften til 100, eller endre status.")],
        id="done-at-5-percent-warns",
    ),
    pytest.param(
        [Cell("Aktiviteter", 3, "Fremdrift", 99.5)],
        [(W, "Aktiviteter", 3, "Fremdrift", "Aktiviteten har status «Gjennomført», men fremdriften er 99,5 %. Sett fremdriften til 100, eller endre status.")],
        id="done-just-under-100-percent-warns",
    ),
    pytest.param(
        [Cell("Sysselsetting", 3, "Sysselsatte", 9_000_000)],
        [(E, "Sysselsetting", 3, "Sysselsatte", MILLIONS_OF_JOBS)],
        id="millions-of-jobs-in-a-municipality",
    ),
    pytest.param(
        [Cell("Sysselsetting", 3, "Sysselsatte", 12000)],
        [(W, "Sysselsetting", 3, "Sysselsatte", "Antall sysselsatte i 3401 endret seg fra 8 222 i 2015 til 12 000 i 2016 (+46 %). " + UNUSUAL_JUMP)],
        id="job-jump-over-20-percent-warns",
    ),
    pytest.param(
        [Cell("Sysselsetting", 3, "Sysselsatte", 6000)],
        [(W, "Sysselsetting", 3, "Sysselsatte", "Antall sysselsatte i 3401 endret seg fra 8 222 i 2015 til 6 000 i 2016 (−27 %). " + UNUSUAL_JUMP)],
        id="job-drop-over-20-percent-warns",
    ),
]


@pytest.mark.parametrize(("edits", "expected"), BAD_INPUT)
def test_validate_reports_the_problem_with_file_sheet_row_and_column(edits: list[Cell], expected: list[tuple]) -> None:
    result = load_sheets(edited(*edits))

    assert found(result, E, W) == expected
    assert all(p.file == FILE for p in result.report.problems)
    has_errors = any(severity is E for severity, *_ in expected)
    assert result.report.ok is not has_errors
    assert (result.dataset is None) is has_errors


def test_validate_reads_a_number_id_as_the_same_id_as_text() -> None:
    sheets = edited(Row("Mål", {"ID": 1.0, "Nivå": "Delmål", "Overordnet": 1.1, "Navn": "Tallet 1", "Status": "I rute"}))

    result = load_sheets(sheets)

    assert found(result, E) == [
        (E, "Mål", 5, "ID", "Mål-ID-en «1» står også i rad 2. Hvert mål må ha sin egen ID: rett ID-en eller slett den ene raden.")
    ]


def test_validate_reports_every_problem_at_once() -> None:
    sheets = edited(
        Cell("Mål", 3, "Navn", None),
        Cell("Mål", 2, "Status", "Ferdig"),
        Cell("Budsjett", 3, "Revidert", "to millioner"),
        Cell("Aktiviteter", 2, "Fremdrift", 150),
        Cell("Sysselsetting", 5, "Sysselsatte", -1),
        Cell("Kommuner", 2, "Medlem fra", 2016),
        Cell("Kommuner", 2, "Medlem til", 2014),
    )

    result = load_sheets(sheets)

    assert sorted((sheet, row, column) for _, sheet, row, column, _ in found(result, E)) == [
        ("Aktiviteter", 2, "Fremdrift"),
        ("Budsjett", 3, "Revidert"),
        ("Kommuner", 2, "Medlem til"),
        ("Mål", 2, "Status"),
        ("Mål", 3, "Navn"),
        ("Sysselsetting", 5, "Sysselsatte"),
    ]
    assert result.dataset is None
    budget_error = next(p for p in result.report.errors if p.sheet == "Budsjett")
    assert "«to millioner» er ikke et tall" in budget_error.message
    assert budget_error.text() == (
        "«data.xlsx», arket «Budsjett», rad 3, kolonne «Revidert»: «to millioner» er ikke et tall. Skriv et tall, for eksempel 250000."
    )


def test_validate_counts_rows_as_excel_does_when_rows_are_blank() -> None:
    sheets = {
        "Budsjett": [
            ["År", "Post", "Revidert"],
            [2016, "A", 100],
            [],
            [None, None, None],
            [2016, "B", "to millioner"],
            [2016, None, 5],
        ]
    }

    result = load_sheets(sheets)

    assert sorted(found(result, E)) == [
        (E, "Budsjett", 5, "Revidert", "«to millioner» er ikke et tall. Skriv et tall, for eksempel 250000."),
        (E, "Budsjett", 6, "Post", "«Post» mangler. Fyll inn en verdi."),
    ]
    assert result.report.tables == {"Budsjett": 3}


def test_validate_finds_the_header_below_blank_rows() -> None:
    sheets = {"Budsjett": [[], ["År", "Post", "Revidert"], [2016, "A", "to millioner"]]}

    result = load_sheets(sheets)

    assert found(result, E) == [(E, "Budsjett", 3, "Revidert", "«to millioner» er ikke et tall. Skriv et tall, for eksempel 250000.")]


@pytest.mark.parametrize("edit", [DropColumn("Mål", "Status"), AddColumn("Mål", "Farge")])
def test_validate_gives_header_row_problems_a_plain_int_row(edit: DropColumn | AddColumn) -> None:
    result = load_sheets(edited(edit))

    rows = [p.row for p in result.report.problems]
    assert rows == [1]
    assert type(rows[0]) is int


# --- known bugs in messages and checks ----------------------------------------------------------


@pytest.mark.parametrize("industry", [None, "Alle næringer"])
def test_validate_reports_a_duplicate_total_employment_row(industry: str | None) -> None:
    sheets = edited(Row("Sysselsetting", {"Kommunenummer": "3401", "År": 2016, "Sysselsatte": 8400, "Næring": industry}))

    result = load_sheets(sheets)

    assert [(p.sheet, p.row, p.column) for p in result.report.errors] == [("Sysselsetting", 6, "Sysselsatte")]
    assert "står også i rad 3" in result.report.errors[0].message


@pytest.mark.parametrize(
    "edit",
    [
        Row("Mål", {"ID": "1.1", "Nivå": "Hovedmål", "Overordnet": "1", "Navn": "Dobbel", "Status": "I rute"}),
        Cell("Aktiviteter", 3, "ID", "A1"),
    ],
)
def test_validate_duplicate_message_is_good_norwegian(edit: Cell | Row) -> None:
    message = load_sheets(edited(edit)).report.errors[0].message

    assert "-id-en kan" not in message


def test_validate_invalid_level_message_is_good_norwegian() -> None:
    message = load_sheets(edited(Cell("Mål", 4, "Nivå", "Nivå X"))).report.errors[0].message

    assert "er ikke et gyldig nivå" in message


# --- implausible figures ---------------------------------------------------------------------------


@pytest.mark.parametrize("header", ["Opprinnelig", "Revidert", "Regnskap"])
def test_validate_refuses_a_negative_budget_amount(header: str) -> None:
    result = load_sheets(edited(Cell("Budsjett", 3, header, "-50 000")))

    assert found(result, E, W) == [(E, "Budsjett", 3, header, NEGATIVE_AMOUNT)]
    assert result.dataset is None


def test_validate_accepts_a_negative_budget_change() -> None:
    sheets = edited(Cell("Budsjettendringer", 2, "Beløp", -200000), Cell("Budsjett", 2, "Revidert", 800000))

    result = load_sheets(sheets)

    assert found(result, E, W) == []
    assert result.dataset.budget_changes["amount"].tolist() == [-200000.0]


def test_validate_reports_a_ring_of_goals_once_at_its_first_goal() -> None:
    goal = {"Nivå": "Delmål", "Navn": "Et delmål", "Status": "I rute"}
    sheets = edited(
        Row("Mål", {**goal, "ID": "A", "Overordnet": "C"}),  # row 5: leads into the ring, is not in it
        Row("Mål", {**goal, "ID": "B", "Overordnet": "C"}),  # row 6
        Row("Mål", {**goal, "ID": "C", "Overordnet": "B"}),  # row 7
    )

    result = load_sheets(sheets)

    assert found(result, E) == [
        (E, "Mål", 6, "Overordnet",
         "De overordnede målene går i ring: «B» → «C» → «B». Et mål kan ikke ligge under seg selv; rett «Overordnet» for ett av målene.")
    ]


def test_validate_accepts_a_goal_without_target_year_or_with_target_equal_to_start() -> None:
    sheets = edited(AddColumn("Mål", "Målår"), Cell("Mål", 2, "Målår", 2014))

    assert found(load_sheets(sheets), E, W) == []


@pytest.mark.parametrize(
    ("before", "after", "message"),
    [
        (8222, 9866, None),  # +19,99 %
        (8222, 9867, "Antall sysselsatte i 3401 endret seg fra 8 222 i 2015 til 9 867 i 2016 (+20 %). "),  # +20,01 %
        (700, 1000, None),  # +43 %, but never more than 1 000 jobs
        (900, 1200, "Antall sysselsatte i 3401 endret seg fra 900 i 2015 til 1 200 i 2016 (+33 %). "),
    ],
)
def test_validate_warns_of_a_municipal_job_change_over_20_percent(before: int, after: int, message: str | None) -> None:
    sheets = edited(Cell("Sysselsetting", 2, "Sysselsatte", before), Cell("Sysselsetting", 3, "Sysselsatte", after))

    result = load_sheets(sheets)

    assert found(result, E, W) == ([(W, "Sysselsetting", 3, "Sysselsatte", message + UNUSUAL_JUMP)] if message else [])
    assert result.report.ok


def test_validate_sums_the_industries_for_the_job_change_and_names_the_years_first_row() -> None:
    sheets = {
        "Sysselsetting": [
            ["Kommunenummer", "År", "Sysselsatte", "Næring"],
            ["3401", 2015, 600, "Handel"],
            ["3401", 2015, 600, "Bygg"],
            ["3401", 2016, 1000, "Handel"],
            ["3401", 2016, 600, "Bygg"],
        ]
    }

    result = load_sheets(sheets)

    assert found(result, E, W) == [
        (W, "Sysselsetting", 5, "Sysselsatte", "Antall sysselsatte i 3401 endret seg fra 1 200 i 2015 til 1 600 i 2016 (+33 %). " + UNUSUAL_JUMP)
    ]


def test_validate_leaves_counties_and_the_country_out_of_the_municipal_job_rules() -> None:
    sheets = {
        "Sysselsetting": [
            ["Region", "År", "Sysselsatte"],
            [34, 2015, 180000],
            [34, 2016, 300000],
            ["0", 2015, 2800000],
            ["0", 2016, 3900000],
        ]
    }

    assert found(load_sheets(sheets), E, W) == []


NOW = dt.date(2024, 6, 1)


@pytest.mark.parametrize(("year", "refused"), [(2024, False), (2025, True), (2150, True)])
def test_validate_refuses_employment_for_a_year_after_the_clocks(year: int, refused: bool) -> None:
    sheets = edited(Row("Sysselsetting", {"Kommunenummer": "3401", "År": year, "Sysselsatte": 9000}))

    result = load([(FILE, make_workbook(sheets))], today=TODAY, now=NOW)

    message = f"Året {year} har ikke kommet ennå, så det kan ikke finnes sysselsettingstall for det. Rett årstallet."
    assert found(result, E, W) == ([(E, "Sysselsetting", 6, "År", message)] if refused else [])


def test_validate_refuses_population_for_a_year_after_the_clocks() -> None:
    result = load([(FILE, make_workbook(with_population(["3414", 2025, 5105, None])))], today=TODAY, now=NOW)

    assert found(result, E, W) == [
        (E, "Befolkning", 7, "År", "Året 2025 har ikke kommet ennå, så det kan ikke finnes folketall for det. Rett årstallet.")
    ]


def test_validate_bounds_the_years_by_the_clock_never_by_the_date_looked_at() -> None:
    data = make_workbook(edited(Row("Sysselsetting", {"Kommunenummer": "3401", "År": 2024, "Sysselsatte": 9000})))

    as_of_2016 = load([(FILE, data)], today=dt.date(2016, 2, 15))  # the real clock: after 2024
    as_of_2200 = load([(FILE, data)], today=dt.date(2200, 1, 1), now=dt.date(2023, 12, 31))

    assert as_of_2016.report.problems == []
    assert [(p.row, p.column) for p in as_of_2200.report.errors] == [(6, "År")]


# --- control characters in messages -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("character", "shown"),
    [
        ("\x00", "\\x00"), ("\t", "\\x09"), ("\n", "\\x0a"), ("\x1b", "\\x1b"), ("\x1f", "\\x1f"), ("\x7f", "\\x7f"),
        ("\x80", "\\x80"), ("\x9b", "\\x9b"), ("\x9f", "\\x9f"), ("\u202a", "\\u202a"), ("\u202e", "\\u202e"),
        ("\u2066", "\\u2066"), ("\u2069", "\\u2069"),
        # Not control characters: the no-break spaces Norwegian numbers use, and letters.
        ("\u00a0", "\u00a0"), ("\u202f", "\u202f"), ("å", "å"), ("\\", "\\"),
    ],
)
def test_printable_writes_control_characters_out_visibly(character: str, shown: str) -> None:
    assert printable(f"a{character}b") == f"a{shown}b"
    assert printable(printable(f"a{character}b")) == f"a{shown}b"


def test_problem_escapes_the_message_file_sheet_and_column() -> None:
    problem = Problem(E, "«\x1b[2J» er ikke et tall.", file="a\x1b]0;x\x07.csv", sheet="Mål\u202e", row=3, column="Verdi\x9b")

    assert problem.text() == "«a\\x1b]0;x\\x07.csv», arket «Mål\\u202e», rad 3, kolonne «Verdi\\x9b»: «\\x1b[2J» er ikke et tall."
    assert problem.as_dict()["message"] == "«\\x1b[2J» er ikke et tall."


# --- warnings and defaults -----------------------------------------------------------------------


def test_validate_counts_a_blank_goal_status_as_not_started() -> None:
    result = load_sheets(edited(Cell("Mål", 3, "Status", None)))

    assert result.report.ok
    assert result.dataset.goals["status"].tolist() == ["I rute", "Ikke startet", "Ikke startet"]


@pytest.mark.parametrize(
    ("status", "today", "warned"),
    [
        ("Påbegynt", dt.date(2016, 7, 1), True),
        ("Planlagt", dt.date(2017, 1, 1), True),
        ("Utsatt", dt.date(2016, 7, 1), True),
        ("Påbegynt", dt.date(2016, 6, 30), False),  # due today is not late
        ("Påbegynt", dt.date(2016, 2, 15), False),
        ("Gjennomført", dt.date(2017, 1, 1), False),
        ("Avlyst", dt.date(2017, 1, 1), False),
    ],
)
def test_validate_warns_of_late_activities_relative_to_today(status: str, today: dt.date, warned: bool) -> None:
    progress = 100 if status == "Gjennomført" else 40  # a finished activity at 40 % is warned of on its own
    result = load_sheets(edited(Cell("Aktiviteter", 2, "Status", status), Cell("Aktiviteter", 2, "Fremdrift", progress)), today=today)

    expected = [
        (
            W,
            "Aktiviteter",
            2,
            "Slutt",
            f"Aktiviteten skulle vært ferdig 30.06.2016, men har status «{status}». Oppdater status eller sluttdato.",
        )
    ]
    assert found(result, E, W) == (expected if warned else [])
    assert result.report.ok


def test_validate_prefers_the_new_code_when_old_and_new_give_the_same_year() -> None:
    sheets = edited(Row("Sysselsetting", {"Kommunenummer": "0402", "År": 2016, "Sysselsatte": 9999}))

    result = load_sheets(sheets)

    assert found(result, E, W) == [
        (W, "Sysselsetting", 6, "Kommunenummer", "Både gammelt og nytt kommunenummer har tall for 2016; tallet for 3401 brukes.")
    ]
    employment = result.dataset.employment
    kongsvinger = employment[employment["code"] == "3401"].sort_values("year")
    assert kongsvinger[["year", "employed"]].values.tolist() == [[2015, 8222], [2016, 8336]]


def test_validate_joins_old_codes_for_earlier_years_to_the_new_code() -> None:
    sheets = {"Sysselsetting": [["Kommunenummer", "År", "Sysselsatte"], ["0402", 2015, 8222], [402, 2014, 8100], ["3401", 2016, 8336]]}

    result = load_sheets(sheets)

    assert found(result, E, W) == []
    assert result.dataset.employment[["code", "year"]].values.tolist() == [["3401", 2015], ["3401", 2014], ["3401", 2016]]


def test_validate_keeps_counties_and_the_country_as_comparison_regions() -> None:
    sheets = {
        "Sysselsetting": [["Region", "År", "Sysselsatte"], ["3401 Kongsvinger", 2016, 8336], [34, 2016, 180000], ["0", 2016, 2800000]]
    }

    result = load_sheets(sheets)

    assert result.report.ok
    assert result.dataset.employment[["code", "kind"]].values.tolist() == [["3401", "municipality"], ["34", "county"], ["0", "country"]]


def test_validate_treats_total_industry_labels_as_the_total() -> None:
    sheets = {
        "Sysselsetting": [
            ["Kommunenummer", "År", "Sysselsatte", "Næring"],
            ["3401", 2016, 8336, "00-99 Alle næringer"],
            ["3401", 2016, 500, "Bygg"],
        ]
    }

    result = load_sheets(sheets)

    assert result.report.ok
    assert result.dataset.employment["industry"].isna().tolist() == [True, False]


# --- budget rules ----------------------------------------------------------------------------------


def test_validate_fills_blank_budget_amounts_by_the_format_rules() -> None:
    sheets = {
        "Budsjett": [
            ["År", "Post", "Opprinnelig", "Revidert", "Regnskap"],
            [2016, "Revidert blank", 100, None, 40],
            [2016, "Regnskap blank", 100, 120, None],
            [2016, "Opprinnelig blank", None, 50, 7],
            [2016, "Alt blankt", None, None, None],
        ]
    }

    result = load_sheets(sheets)

    assert found(result, E, W) == []
    assert result.dataset.budget[["post", "original", "revised", "actual"]].values.tolist() == [
        ["Revidert blank", 100.0, 100.0, 40.0],
        ["Regnskap blank", 100.0, 120.0, 0.0],
        ["Opprinnelig blank", 0.0, 50.0, 7.0],
        ["Alt blankt", 0.0, 0.0, 0.0],
    ]


def test_validate_reads_budget_amounts_written_as_norwegian_text() -> None:
    sheets = {"Budsjett": [["År", "Post", "Opprinnelig", "Revidert"], [2016, "A", "kr 1 200 000,-", "1 250 000"]]}

    result = load_sheets(sheets)

    assert result.report.ok
    assert result.dataset.budget[["original", "revised"]].values.tolist() == [[1200000.0, 1250000.0]]


@pytest.mark.parametrize(("date", "year"), [(dt.date(2016, 3, 1), 2016), (dt.date(2017, 1, 5), 2017)])
def test_validate_takes_a_blank_change_year_from_its_date(date: dt.date, year: int) -> None:
    sheets = {
        "Budsjettendringer": [["Dato", "År", "Post", "Beløp"], [date, None, "Prosjektleder", 200000]],
    }

    result = load_sheets(sheets)

    assert result.report.ok
    assert result.dataset.budget_changes["year"].tolist() == [year]


def test_validate_accepts_changes_that_add_up_to_revised_minus_original() -> None:
    sheets = edited(
        Cell("Budsjettendringer", 2, "Beløp", 150000),
        Cell("Budsjettendringer", 2, "År", None),
        Row("Budsjettendringer", {"Dato": dt.date(2016, 6, 1), "Post": "Prosjektleder", "Beløp": "50 000"}),
    )

    result = load_sheets(sheets)

    assert found(result, E, W) == []


def test_validate_warns_when_changes_do_not_add_up_to_revised_minus_original() -> None:
    sheets = edited(Cell("Budsjettendringer", 2, "Beløp", 150000))

    result = load_sheets(sheets)

    assert result.report.ok
    [warning] = result.report.warnings
    assert (warning.sheet, warning.row, warning.column) == ("Budsjettendringer", 2, "Beløp")
    assert warning.message.startswith("Endringene for «Prosjektleder» i 2016 er til sammen 150 000 kr")
    assert "«Revidert» minus «Opprinnelig» i arket «Budsjett» er 200 000 kr. Sjekk at budsjettet er oppdatert." in warning.message


def test_validate_change_mismatch_message_keeps_its_comma() -> None:
    sheets = edited(Cell("Budsjettendringer", 2, "Beløp", 150000))

    [warning] = load_sheets(sheets).report.warnings

    assert warning.message == (
        "Endringene for «Prosjektleder» i 2016 er til sammen 150 000 kr, men «Revidert» minus «Opprinnelig» "
        "i arket «Budsjett» er 200 000 kr. Sjekk at budsjettet er oppdatert."
    )


# --- sheets and columns that are not in the format --------------------------------------------------


def test_validate_lists_unknown_sheets_and_columns_as_info() -> None:
    sheets = edited(AddColumn("Mål", "Farge", "rød"))
    sheets["Notater"] = [["Hva"], ["Husk møtet"]]

    result = load_sheets(sheets)

    assert result.report.ok
    assert found(result, I) == [
        (I, "Mål", 1, "Farge", "Kolonnen «Farge» er ikke i dataformatet og er hoppet over."),
        (I, "Notater", None, None, "Arket «Notater» er ikke i dataformatet og er hoppet over."),
    ]


def test_validate_skips_an_empty_sheet_with_info() -> None:
    sheets = edited()
    sheets["Budsjett"] = []
    del sheets["Budsjettendringer"]

    result = load_sheets(sheets)

    assert found(result, E, W, I) == [(I, "Budsjett", None, None, "Arket har ingen rader under overskriften og er hoppet over.")]
    assert result.dataset.budget is None
    assert "Budsjett" not in result.report.tables
    assert (result.report.blank, "budget" in result.report.replaced) == (["budget"], False)


@pytest.mark.parametrize("title", ["Om", "Kommuner", "Mål", "Måleverdier", "Aktiviteter", "Budsjett", "Budsjettendringer", "Sysselsetting"])
def test_validate_leaves_out_a_sheet_with_only_its_header(title: str) -> None:
    other = "Kommuner" if title == "Budsjett" else "Budsjett"  # a sheet with rows beside it
    sheets = {title: minimal_valid()[title][:1], other: minimal_valid()[other]}

    result = load_sheets(sheets)

    assert found(result, E, W, I) == [(I, title, None, None, "Arket har ingen rader under overskriften og er hoppet over.")]
    assert title not in result.report.tables


@pytest.mark.parametrize("title", ["Om", "Kommuner", "Mål", "Måleverdier", "Aktiviteter", "Budsjett", "Budsjettendringer", "Sysselsetting"])
def test_validate_empties_a_sheet_with_only_its_header_when_asked(title: str) -> None:
    sheet = sheet_for_title(title)
    assert sheet is not None

    result = load([("test.xlsx", make_workbook({title: minimal_valid()[title][:1]}))], TODAY, empty={sheet.name})

    assert result.report.problems == []
    assert result.report.tables == {title: 0}


def test_validate_refuses_files_whose_sheets_all_have_only_their_header() -> None:
    result = load_sheets({"Mål": minimal_valid()["Mål"][:1], "Budsjett": [[]]})

    assert found(result, E) == [(E, None, None, None, "Arkene i filene har ingen rader under overskriften, så det er ingen data å lese. "
                                 "Fyll inn data fra raden under overskriften.")]


def test_validate_refuses_rows_in_a_sheet_chosen_to_be_emptied() -> None:
    result = load([("test.xlsx", make_workbook(minimal_valid()))], TODAY, empty={"budget_changes"})

    assert found(result, E) == [(E, "Budsjettendringer", None, None, "Arket har rader, men «Budsjettendringer» er valgt tømt. Fjern radene, eller la være å tømme arket.")]


def test_validate_refuses_a_workbook_without_any_known_sheet() -> None:
    result = load_sheets({"Ark1": [["Hva"], ["noe"]]})

    assert found(result, E) == [
        (
            E,
            None,
            None,
            None,
            "Fant ingen ark i dataformatet (for eksempel «Mål», «Aktiviteter», «Budsjett» eller «Sysselsetting»). Sjekk at arkene har riktige navn.",
        )
    ]
    assert result.dataset is None


def test_validate_refuses_two_sheets_with_the_same_name() -> None:
    sheets = edited()
    sheets[" Mål "] = [list(row) for row in sheets["Mål"]]

    result = load_sheets(sheets)

    assert found(result, E) == [(E, " Mål ", None, None, "Arbeidsboken har to ark for «Mål». Slå dem sammen til ett.")]


# --- several files ---------------------------------------------------------------------------------


def two_files() -> list[tuple[str, dict[str, list[list[object]]]]]:
    sheets = minimal_valid()
    goals = {title: sheets[title] for title in ("Mål", "Måleverdier", "Aktiviteter")}
    jobs = {title: sheets[title] for title in ("Kommuner", "Sysselsetting")}
    return [("mål.xlsx", goals), ("sysselsetting.xlsx", jobs)]


def load_files(files: list[tuple[str, dict[str, list[list[object]]]]]) -> LoadResult:
    return load([(name, make_workbook(sheets)) for name, sheets in files], today=TODAY)


def test_validate_combines_the_sheets_of_several_files() -> None:
    result = load_files(two_files())

    assert result.report.problems == []
    dataset = result.dataset
    assert dataset.files == ("mål.xlsx", "sysselsetting.xlsx")
    assert len(dataset.goals) == 3 and len(dataset.employment) == 4
    assert set(dataset.goals["_file"]) == {"mål.xlsx"}
    assert set(dataset.employment["_file"]) == {"sysselsetting.xlsx"}
    assert dataset.budget is None


def test_validate_names_the_file_each_problem_is_in() -> None:
    files = two_files()
    files[0][1]["Mål"][2][3] = None  # Navn of goal 1.1, row 3 of mål.xlsx
    files[1][1]["Sysselsetting"][3][2] = -1  # Sysselsatte, row 4 of sysselsetting.xlsx

    result = load_files(files)

    assert [(p.file, p.sheet, p.row, p.column, p.message) for p in result.report.errors] == [
        ("mål.xlsx", "Mål", 3, "Navn", "«Navn» mangler. Fyll inn en verdi."),
        ("sysselsetting.xlsx", "Sysselsetting", 4, "Sysselsatte", "Antall sysselsatte kan ikke være negativt (-1). Rett tallet."),
    ]


def test_validate_checks_references_across_files() -> None:
    files = two_files()
    activities = files[0][1].pop("Aktiviteter")
    activities[2][2] = "1.1; 42"
    files.append(("aktiviteter.xlsx", {"Aktiviteter": activities}))

    result = load_files(files)

    assert [(p.file, p.sheet, p.row, p.column, p.message) for p in result.report.errors] == [
        ("aktiviteter.xlsx", "Aktiviteter", 3, "Mål-ID", "Det finnes ikke noe mål med ID «42» i arket «Mål». Rett ID-en."),
    ]


def test_validate_duplicate_across_files_names_the_other_file() -> None:
    files = two_files()
    goals = files[0][1]["Mål"]
    files[1][1]["Mål"] = [list(goals[0]), list(goals[2])]  # goal "1.1" (row 3 of mål.xlsx) again, row 2

    result = load_files(files)

    [error] = result.report.errors
    assert (error.file, error.row, error.column) == ("sysselsetting.xlsx", 2, "ID")
    assert "mål.xlsx" in error.message


def test_problem_text_puts_the_location_first() -> None:
    problem = Problem(E, "«to millioner» er ikke et tall.", file="a.xlsx", sheet="Budsjett", row=7, column="Revidert")

    assert problem.text() == "«a.xlsx», arket «Budsjett», rad 7, kolonne «Revidert»: «to millioner» er ikke et tall."
    assert Problem(E, "Filen er skadet.").text() == "Filen er skadet."


# --- population (Befolkning) ---------------------------------------------------------------------

POPULATION = [
    ["Kommunenummer", "År", "Innbyggere", "Kommune"],
    ["3401", 2015, 17886, "Kongsvinger"],
    ["3401", 2016, 17869, None],
    ["3419", 2015, 3818, None],
    ["34", 2015, 374288, "Innlandet"],
    ["0", 2015, 5165802, None],
]


def with_population(*rows: list[object]) -> Sheets:
    sheets = minimal_valid()
    sheets["Befolkning"] = [list(row) for row in POPULATION] + [list(row) for row in rows]
    return sheets


def test_validate_reads_population_with_kinds_and_names_from_the_municipalities() -> None:
    result = load_sheets(with_population())

    assert result.report.problems == []
    assert result.report.tables["Befolkning"] == 5
    population = result.dataset.population
    assert list(population.columns) == ["_file", "_row", "code", "year", "population", "name", "kind"]
    assert population[["code", "year", "population"]].values.tolist() == [
        ["3401", 2015, 17886.0], ["3401", 2016, 17869.0], ["3419", 2015, 3818.0], ["34", 2015, 374288.0], ["0", 2015, 5165802.0],
    ]
    assert population["kind"].tolist() == ["municipality", "municipality", "municipality", "county", "country"]
    assert population["name"].tolist()[:4] == ["Kongsvinger", "Kongsvinger", "Våler", "Innlandet"]
    assert pd.isna(population["name"].iloc[4])  # the country is not in «Kommuner»
    assert "population" in result.dataset.tables()


def test_validate_reads_a_population_sheet_under_other_names() -> None:
    sheets = {"Folkemengde": [["Region", "År", "Folkemengde"], ["3401 Kongsvinger", 2015, 17886], [402, 2014, 17817]]}

    result = load_sheets(sheets)

    assert found(result, E, W) == []
    assert result.dataset.population[["code", "year", "population"]].values.tolist() == [["3401", 2015, 17886.0], ["3401", 2014, 17817.0]]


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (
            [["3401", 2015, 17900, None]],
            [(E, "Befolkning", 7, "Innbyggere",
              "Folketallet for 3401 i 2015 står også i rad 2. Det kan være bare ett tall per kommune og år: slett eller rett den ene raden.")],
        ),
        (
            [["Kongsvinger 3401", 2016, 1, None]],
            [(E, "Befolkning", 7, "Kommunenummer",
              "«Kongsvinger 3401» er ikke et kommunenummer. Skriv kommunenummeret med fire sifre (for eksempel 3401), "
              "to sifre for et fylke (34) eller 0 for hele landet.")],
        ),
        (
            [["3414", 2015, -5, None]],
            [(E, "Befolkning", 7, "Innbyggere", "Antall innbyggere kan ikke være negativt (-5). Rett tallet.")],
        ),
        (
            [["3414", 2015, "mange", None]],
            [(E, "Befolkning", 7, "Innbyggere", "«mange» er ikke et tall. Skriv et tall, for eksempel 250000.")],
        ),
        (
            [["3414", None, 5105, None]],
            [(E, "Befolkning", 7, "År", "«År» mangler. Fyll inn en verdi.")],
        ),
        (
            [["3414", 2015, 5105.5, None]],
            [(E, "Befolkning", 7, "Innbyggere", "Antall innbyggere må være et helt tall, men er 5105,5: personer telles hele. Rett tallet.")],
        ),
    ],
)
def test_validate_reports_bad_population_rows(rows: list[list[object]], expected: list[tuple]) -> None:
    result = load_sheets(with_population(*rows))

    assert found(result, E, W) == expected
    assert result.dataset is None


def test_validate_takes_the_population_of_the_file_given_last_across_files() -> None:
    # Issue 12 point 11: across files the last one wins (a duplicate within one file stays an error).
    first = {"Befolkning": [POPULATION[0], ["3401", 2015, 17886, None]]}
    second = {"Befolkning": [POPULATION[0], ["0402", 2016, 17869, None], ["3401", 2015, 17900, None]]}

    result = load_files([("a.xlsx", first), ("b.xlsx", second)])

    assert result.report.errors == []
    [problem] = [p for p in result.report.warnings if p.column == "Innbyggere"]
    assert (problem.file, problem.sheet, problem.row, problem.column) == ("b.xlsx", "Befolkning", 3, "Innbyggere")
    assert problem.message == (
        "Folketallet for 3401 i 2015 er 17 900 i «b.xlsx» og 17 886 i «a.xlsx». Tallet fra «b.xlsx», filen som er gitt sist, brukes."
    )
    population = result.dataset.population
    assert population[(population["code"] == "3401") & (population["year"] == 2015)]["population"].tolist() == [17900.0]


def test_validate_prefers_the_new_code_when_old_and_new_give_the_same_population_year() -> None:
    result = load_sheets(with_population(["0402", 2016, 99999, None], ["0402", 2014, 17817, None]))

    assert found(result, E, W) == [
        (W, "Befolkning", 7, "Kommunenummer", "Både gammelt og nytt kommunenummer har tall for 2016; tallet for 3401 brukes.")
    ]
    population = result.dataset.population
    kongsvinger = population[population["code"] == "3401"].sort_values("year")
    assert kongsvinger[["year", "population"]].values.tolist() == [[2014, 17817.0], [2015, 17886.0], [2016, 17869.0]]
    assert "_raw_old" not in population.columns
