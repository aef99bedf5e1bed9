"""Tests for byr_data.export: the dataset as one workbook, and the blank template."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

import openpyxl
import pandas as pd
import pytest

from byr_data import compute, diff, export, growth, views
from byr_data.dataset import Dataset, Version
from byr_data.export import DATE_FORMAT, export_workbook, region_codes, tables_workbook, template_workbook
from byr_data.model import SHEETS, ActivityStatus, GoalLevel, GoalStatus, Kind
from byr_data.reading import load, read_workbook
from byr_data.summary import summarise
from byr_data.web import data as web_data
from tests.conftest import REPORT_DATE
from tests.workbooks import make_workbook, minimal_valid

HYPERLINK = '=HYPERLINK("http://x","klikk")'
SOURCE_COLUMNS = ["_file", "_row", "_raw_old"]


def read_back(data: bytes, name: str = "eksport.xlsx") -> Dataset:
    result = load([(name, data)], today=REPORT_DATE)
    assert result.dataset is not None, [p.text() for p in result.report.errors]
    return result.dataset


def without_source(table: pd.DataFrame) -> pd.DataFrame:
    return table.drop(columns=[c for c in SOURCE_COLUMNS if c in table])


def assert_same_data(expected: Dataset, actual: Dataset, check_dtype: bool = True) -> None:
    assert list(actual.tables()) == list(expected.tables())
    for name, table in expected.tables().items():
        pd.testing.assert_frame_equal(without_source(actual.tables()[name]), without_source(table), check_dtype=check_dtype, obj=name)
    assert actual.about == expected.about
    assert summarise(actual) == summarise(expected)


def cells(data: bytes) -> dict[str, list[list[openpyxl.cell.Cell]]]:
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    return {sheet.title: [list(row) for row in sheet.iter_rows()] for sheet in workbook.worksheets}


def column(rows: list[list[openpyxl.cell.Cell]], header: str) -> list[openpyxl.cell.Cell]:
    position = [c.value for c in rows[0]].index(header)
    return [row[position] for row in rows[1:]]


def with_texts(dataset: Dataset, goals: dict[tuple[int, str], str], changes: dict[tuple[int, str], str] | None = None) -> Dataset:
    """A copy of the dataset with some text cells replaced."""
    goal_table = dataset.goals.copy()
    for (row, name), value in goals.items():
        goal_table.loc[row, name] = value
    change_table = dataset.budget_changes.copy()
    for (row, name), value in (changes or {}).items():
        change_table.loc[row, name] = value
    return dataclasses.replace(dataset, goals=goal_table, budget_changes=change_table)


@pytest.fixture(scope="module")
def minimal() -> Dataset:
    """Every sheet of tests.workbooks, plus comparison series and an old municipality code."""
    sheets = minimal_valid()
    sheets["Sysselsetting"] += [["34", 2015, 180000, None], ["0", 2015, 2_700_000, None], ["34", 2016, 181000, "Alle næringer"]]
    sheets["Aktiviteter"].append(["A3", "Veikart", None, "0402, 3419", None, None, "Planlagt", 0.5])
    sheets["Mål"].append(["1.10", "Delmål", "1.1", "Ti", None, None, None, None])
    return read_back(make_workbook(sheets), "minimal.xlsx")


# --- export_workbook ----------------------------------------------------------------------------------


def test_export_workbook_reads_back_to_the_sample(sample: Dataset) -> None:
    assert_same_data(sample, read_back(export_workbook(sample)))


def test_export_workbook_reads_back_to_the_minimal_workbook(minimal: Dataset) -> None:
    exported = read_back(export_workbook(minimal))

    # Validation types a column the source left out as «object» (years and dates too); the
    # export writes it as a blank column, which reads back typed. The values are the same.
    assert_same_data(minimal, exported, check_dtype=False)
    assert exported.employment.loc[exported.employment["code"].isin(["34", "0"]), "kind"].tolist() == ["county", "country", "county"]
    assert exported.activities["municipalities"].tolist() == [("3401",), (), ("3401", "3419")]
    assert "1.10" in exported.goals["id"].tolist()


def test_export_workbook_writes_only_the_sheets_present(minimal: Dataset) -> None:
    partial = dataclasses.replace(minimal, about={}, budget=None, budget_changes=None)

    assert list(cells(export_workbook(partial))) == ["Kommuner", "Mål", "Måleverdier", "Aktiviteter", "Sysselsetting"]


def test_export_workbook_uses_the_documented_sheets_and_headers(sample: Dataset) -> None:
    workbook = cells(export_workbook(sample))

    assert list(workbook) == [sheet.header for sheet in SHEETS]
    for sheet in SHEETS:
        header = workbook[sheet.header][0]
        assert [c.value for c in header] == [c.header for c in sheet.columns]
        assert all(c.font.bold for c in header)
    assert [[c.value for c in row] for row in workbook["Om"][1:]] == [
        ["Region", sample.about["Region"]],
        ["Eksempeldata", "ja"],
        ["Kilde", sample.about["Kilde"]],
    ]


def test_export_workbook_types_the_cells(minimal: Dataset) -> None:
    workbook = cells(export_workbook(minimal))

    codes = column(workbook["Kommuner"], "Kommunenummer")
    assert [(c.value, c.data_type) for c in codes] == [("3401", "s"), ("3419", "s")]
    regions = column(workbook["Sysselsetting"], "Kommunenummer")
    assert {c.value for c in regions} == {"3401", "3419", "34", "0"}
    assert {c.data_type for c in regions} == {"s"}
    years = column(workbook["Sysselsetting"], "År")
    assert {type(c.value) for c in years} == {int}
    ids = column(workbook["Mål"], "ID")
    assert ("1.10", "s") in [(c.value, c.data_type) for c in ids]
    goal_ids = column(workbook["Aktiviteter"], "Mål-ID")
    assert [c.value for c in goal_ids] == ["1.1", "1.1, 1.1.1", None]
    starts = column(workbook["Aktiviteter"], "Start")
    assert starts[0].is_date and starts[0].number_format == DATE_FORMAT
    assert starts[0].value == dt.datetime(2016, 1, 1)
    amounts = column(workbook["Budsjettendringer"], "Beløp")
    assert [(c.value, c.data_type) for c in amounts] == [(200000, "n")]


@pytest.mark.parametrize(
    "text",
    [HYPERLINK, "=1+1", "+47 123 45 678", "-120 000", "@SUM(A1)", "#N/A", "=", "\t=1+1", "\r=1+1"],
)
def test_export_workbook_never_writes_a_formula(sample: Dataset, text: str) -> None:
    dataset = with_texts(sample, {(0, "name"): text, (1, "comment"): text})

    workbook = cells(export_workbook(dataset))

    every_cell = [c for rows in workbook.values() for row in rows for c in row]
    assert [c.coordinate for c in every_cell if c.data_type == "f"] == []
    goals = workbook["Mål"]
    expected = text.replace("\r", "\n")  # an XML reader takes a bare carriage return for a line feed
    for cell in (column(goals, "Navn")[0], column(goals, "Kommentar")[1]):
        assert (cell.value, cell.data_type, cell.quotePrefix) == (expected, "s", True)


def test_export_workbook_formula_text_reads_back_as_text(sample: Dataset) -> None:
    dataset = with_texts(sample, {(0, "name"): HYPERLINK, (1, "comment"): HYPERLINK, (2, "comment"): "-120 000"}, {(1, "reason"): "+5 %"})

    exported = read_back(export_workbook(dataset))

    assert exported.goals.loc[0, "name"] == HYPERLINK
    assert exported.goals.loc[1, "comment"] == HYPERLINK
    assert exported.goals.loc[2, "comment"] == "-120 000"
    assert exported.budget_changes.loc[1, "reason"] == "+5 %"
    assert exported.budget_changes.loc[1, "amount"] == -120000.0
    assert_same_data(dataset, exported)


def test_export_workbook_keeps_text_text_and_numbers_numbers(sample: Dataset) -> None:
    dataset = with_texts(sample, {(2, "comment"): "-120 000"})

    changes = cells(export_workbook(dataset))["Budsjettendringer"]
    goals = cells(export_workbook(dataset))["Mål"]

    assert [(c.value, c.data_type) for c in column(changes, "Beløp")] == [(2250000, "n"), (-120000, "n")]
    comment = column(goals, "Kommentar")[2]
    assert (comment.value, comment.data_type) == ("-120 000", "s")


def test_export_workbook_drops_characters_xml_cannot_hold(sample: Dataset) -> None:
    dataset = with_texts(sample, {(0, "comment"): "før\x01etter"})

    assert column(cells(export_workbook(dataset))["Mål"], "Kommentar")[0].value == "føretter"


# --- template_workbook --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def template() -> bytes:
    return template_workbook()


def validations(data: bytes, title: str) -> dict[str, tuple[str, bool]]:
    """The dropdowns of one sheet: column header -> (list formula, refuses other values)."""
    sheet = openpyxl.load_workbook(io.BytesIO(data))[title]
    headers = {c.column_letter: c.value for c in sheet[1]}
    found = {}
    for validation in sheet.data_validations.dataValidation:
        for cell_range in validation.sqref.ranges:
            letter = cell_range.coord.split(":")[0].rstrip("0123456789")
            assert cell_range.coord == f"{letter}2:{letter}1048576"
            found[headers[letter]] = (validation.formula1, bool(validation.showErrorMessage))
    return found


def listed(values: list[str]) -> str:
    return '"' + ",".join(values) + '"'


def test_template_workbook_starts_with_the_guide_then_every_sheet(template: bytes) -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(template))

    assert workbook.sheetnames == ["Veiledning", *(s.header for s in SHEETS)]
    guide = "\n".join(str(c.value) for c in workbook["Veiledning"]["A"] if c.value)
    for words in (
        "Kolonner med *",
        "docs/dataformat.md",
        "Strategisk mål, Hovedmål, Delmål",
        "Planlagt, Påbegynt, Gjennomført, Utsatt, Avlyst",
        # The promise tests.test_updates holds the upload to: a sheet left as handed out changes nothing.
        "Et ark med bare overskriftsraden er ikke med i opplastingen: dagens data for det arket beholdes uendret.",
        "Et ark med rader erstatter hele arket i dagens data",
        "bruk --empty ARK på kommandolinjen",
    ):
        assert words in guide
    for sheet in SHEETS:
        worksheet = workbook[sheet.header]
        assert [c.value for c in worksheet[1]] == [c.header for c in sheet.columns]
        assert all(c.font.bold for c in worksheet[1])
        assert worksheet.freeze_panes == "A2"
        assert worksheet.max_row == 1
    # Codes and IDs typed into the template stay text: «1.10» is not the number 1.1.
    assert workbook["Mål"].column_dimensions["A"].number_format == "@"
    assert workbook["Kommuner"].column_dimensions["A"].number_format == "@"
    assert workbook["Aktiviteter"].column_dimensions["F"].number_format == DATE_FORMAT


def test_template_workbook_has_dropdowns_with_the_canonical_values(template: bytes) -> None:
    codes = listed(region_codes())

    assert region_codes() == ["3401", "3414", "3415", "3416", "3417", "3418", "3419"]
    assert validations(template, "Mål") == {
        "Nivå": (listed(list(GoalLevel)), True),
        "Status": (listed(list(GoalStatus)), True),
        "Kommune": (codes, False),
    }
    assert validations(template, "Aktiviteter") == {"Status": (listed(list(ActivityStatus)), True), "Kommune": (codes, False)}
    assert validations(template, "Kommuner") == {"Kommunenummer": (codes, False)}
    assert validations(template, "Sysselsetting") == {"Kommunenummer": (codes, False)}
    assert validations(template, "Om") == {"Felt": (listed(["Region", "Eksempeldata", "Kilde"]), False)}


def test_template_workbook_as_handed_out_has_no_data_to_read(template: bytes) -> None:
    result = load([("mal.xlsx", template)])

    assert [p.text() for p in result.report.errors] == [
        "Arkene i filene har ingen rader under overskriften, så det er ingen data å lese. Fyll inn data fra raden under overskriften."
    ]


def test_template_workbook_loads_without_errors_with_every_table_emptied(template: bytes) -> None:
    result = load([("mal.xlsx", template)], empty={s.name for s in SHEETS})

    assert result.report.ok
    assert result.report.warnings == []
    assert [p.text() for p in result.report.info] == [
        "«mal.xlsx», arket «Veiledning»: Arket «Veiledning» er ikke i dataformatet og er hoppet over."
    ]
    assert {name: len(table) for name, table in result.dataset.tables().items()} == {s.name: 0 for s in SHEETS[1:]}


def test_template_workbook_filled_in_reads_as_data(template: bytes) -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(template))
    for title, rows in minimal_valid().items():
        sheet = workbook[title]
        headers = [c.value for c in sheet[1]]
        for number, row in enumerate(rows[1:], start=2):
            for header, value in zip(rows[0], row, strict=True):
                sheet.cell(row=number, column=headers.index(header) + 1, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)

    filled = read_back(buffer.getvalue(), "utfylt.xlsx")

    assert {name: len(table) for name, table in filled.tables().items()} == {
        "municipalities": 2,
        "goals": 3,
        "measurements": 2,
        "activities": 2,
        "budget": 2,
        "budget_changes": 1,
        "employment": 4,
    }  # «Befolkning» has only its header: left out


# --- population (Befolkning) ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def with_population() -> Dataset:
    """The minimal workbook plus a «Befolkning» sheet with an old code, a county and the country."""
    sheets = minimal_valid()
    sheets["Befolkning"] = [
        ["Kommunenummer", "År", "Innbyggere", "Kommune"],
        ["0402", 2015, 17886, None],
        ["3401", 2016, 17869, "Kongsvinger"],
        ["3419", 2016, 3797, None],
        ["34", 2016, 374715, "Innlandet"],
        ["0", 2016, 5213985, None],
    ]
    return read_back(make_workbook(sheets), "befolkning.xlsx")


def test_export_workbook_reads_back_population(with_population: Dataset) -> None:
    data = export_workbook(with_population)
    exported = read_back(data)

    assert_same_data(with_population, exported, check_dtype=False)
    assert list(cells(data))[-2:] == ["Sysselsetting", "Befolkning"]
    rows = cells(data)["Befolkning"]
    assert [[c.value for c in row] for row in rows] == [
        ["Kommunenummer", "År", "Innbyggere", "Kommune"],
        ["3401", 2015, 17886, "Kongsvinger"],
        ["3401", 2016, 17869, "Kongsvinger"],
        ["3419", 2016, 3797, "Våler"],
        ["34", 2016, 374715, "Innlandet"],
        ["0", 2016, 5213985, None],
    ]
    assert {c.data_type for c in column(rows, "Kommunenummer")} == {"s"}
    assert exported.population["kind"].tolist() == ["municipality", "municipality", "municipality", "county", "country"]


def test_export_workbook_of_the_sample_has_population_and_industries(sample: Dataset) -> None:
    exported = read_back(export_workbook(sample))

    assert len(exported.population) == len(sample.population) == 9 * 17
    assert exported.employment["industry"].notna().sum() == sample.employment["industry"].notna().sum() == 7 * 17 * 11


def test_template_workbook_has_a_population_sheet_with_the_codes(template: bytes) -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(template))

    assert [c.value for c in workbook["Befolkning"][1]] == ["Kommunenummer", "År", "Innbyggere", "Kommune"]
    assert workbook["Befolkning"].column_dimensions["A"].number_format == "@"
    assert validations(template, "Befolkning") == {"Kommunenummer": (listed(region_codes()), False)}
    guide = "\n".join(str(c.value) for c in workbook["Veiledning"]["A"] if c.value)
    assert "Befolkning: Kommunenummer*, År*, Innbyggere*, Kommune" in guide
    assert "I Sysselsetting og Befolkning kan du også skrive 34 for Innlandet" in guide


def test_tables_workbook_writes_display_tables_without_formulas() -> None:
    from openpyxl import load_workbook

    from byr_data.export import tables_workbook

    frame = pd.DataFrame({"Mål": ['=HYPERLINK("http://x","klikk")', "Vanlig tekst"], "Beløp": ["+2 250 000 kr", 5]})
    book = load_workbook(io.BytesIO(tables_workbook({"Mål: tabell/1": frame})))
    sheet = book.worksheets[0]
    assert sheet.title == "Mål  tabell 1"
    cells = [c for row in sheet.iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells)
    assert [c.value for c in sheet["A"]] == ["Mål", '=HYPERLINK("http://x","klikk")', "Vanlig tekst"]
    assert sheet["B3"].value == 5


# --- formula-like text in every workbook we write -------------------------------------------------------

#: Text that Excel runs as a formula (or would, once the cell is edited), as data may hold it.
HOSTILE = ('=HYPERLINK("http://127.0.0.2/x","klikk")', "+47 123", "-tekst", "@SUM(A1)", "\tfoo", "\rbar")
#: What each of them reads as through the project's reader: spaces at either end (tab, carriage return) trimmed.
HOSTILE_READ = ('=HYPERLINK("http://127.0.0.2/x","klikk")', "+47 123", "-tekst", "@SUM(A1)", "foo", "bar")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")  # an XML reader (openpyxl) reads a bare "\r" as "\n"


def hostile_sample() -> bytes:
    """The sample workbook with every text of every text column (names, reasons, comments, municipality
    names, the «Om» values) starting with one of HOSTILE, written as plain string cells.

    Each distinct text gets one start, the same wherever it occurs, so the sheets still refer to each other.
    """
    from tests.conftest import SAMPLE

    book = openpyxl.load_workbook(SAMPLE)
    variants: dict[str, str] = {}
    for sheet in SHEETS:
        worksheet = book[sheet.header]
        headers = [c.value for c in worksheet[1]]
        texts = {c.header for c in sheet.columns if c.kind is Kind.TEXT} - {"Felt"}
        for row in worksheet.iter_rows(min_row=2):
            if sheet.name == "about" and row[0].value == "Eksempeldata":
                continue
            for cell, header in zip(row, headers, strict=False):
                if header in texts and isinstance(cell.value, str):
                    cell.value = variants.setdefault(cell.value, f"{HOSTILE[len(variants) % len(HOSTILE)]} {cell.value}")
                    cell.data_type = "s"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def hostile() -> Dataset:
    return read_back(hostile_sample(), "fiendtlig.xlsx")


def text_values(dataset: Dataset) -> list[str]:
    """Every value of every text column of every table, and the free «Om» values (not «Eksempeldata»)."""
    values = [v for k, v in dataset.about.items() if k != "Eksempeldata" and isinstance(v, str)]
    for name, table in dataset.tables().items():
        sheet = next(s for s in SHEETS if s.name == name)
        for column in sheet.columns:
            if column.kind is Kind.TEXT and column.name in table:
                values += [v for v in table[column.name] if isinstance(v, str)]
    return values


def display_tables(dataset: Dataset, before: Dataset) -> dict[str, pd.DataFrame]:
    """The tables the pages offer for download, from the dataset (and its changes since ``before``)."""
    names = compute.municipality_names(dataset)
    totals = compute.municipal_totals(dataset)
    goals = compute.goal_tree(compute.latest_measurements(dataset.goals, dataset.measurements))
    tables = {
        "mål": views.goal_table(goals, names, growth.job_story(dataset)),
        "aktiviteter": views.activity_table(dataset.activities, names),
        "mål som trenger oppmerksomhet": views.attention_goal_table(dataset.goals),
        "aktiviteter over sluttdato": views.late_activity_table(dataset.activities),
        "budsjettendringer": views.budget_change_table(dataset.budget_changes),
        "budsjett per post": views.budget_post_table(compute.budget_by_post(dataset.budget, 2016)),
        "sysselsatte per kommune": views.employment_table(totals, names),
        "netto endring per år": views.net_change_table(pd.Series(dtype=float), compute.yearly_change(totals), names, "Regionen"),
        "versjoner": views.version_table([Version(1, dt.datetime(2016, 2, 15, 9, tzinfo=dt.UTC), HOSTILE[2], HOSTILE[0], ("=x.xlsx",), {"Mål": 25}, None)]),
    }
    for change in diff.diff(before, dataset):
        for part in ("changed", "added", "removed"):
            if not getattr(change, part).empty:
                tables[f"{change.header} {part}"] = getattr(change, part)
    return tables


def assert_no_formula(data: bytes) -> list[openpyxl.cell.Cell]:
    """No cell of the workbook is a formula, and every text that starts like one is a quote-prefixed string cell; returns those."""
    every_cell = [c for rows in cells(data).values() for row in rows for c in row]
    assert [(c.coordinate, c.value) for c in every_cell if c.data_type == "f"] == []
    formula_like = [c for c in every_cell if isinstance(c.value, str) and c.value.startswith(FORMULA_STARTS)]
    assert [(c.coordinate, c.value) for c in formula_like if (c.data_type, c.quotePrefix) != ("s", True)] == []
    return formula_like


def test_formula_text_in_data_is_accepted_as_text(hostile: Dataset) -> None:
    values = text_values(hostile)

    assert {v.split(" ")[0] for v in values} == {'=HYPERLINK("http://127.0.0.2/x","klikk")', "+47", "-tekst", "@SUM(A1)", "foo", "bar"}
    assert hostile.municipalities["name"].str.startswith(HOSTILE_READ[:4]).any()


def test_export_workbook_writes_formula_text_in_every_text_column_as_text(hostile: Dataset) -> None:
    data = export_workbook(hostile)

    formula_like = assert_no_formula(data)
    assert len(formula_like) == sum(v.startswith(HOSTILE_READ[:4]) for v in text_values(hostile))
    assert_same_data(hostile, read_back(data))


def test_filtered_workbook_writes_formula_text_as_text(hostile: Dataset) -> None:
    data = web_data.filtered_workbook(hostile, ("3417",))

    assert_no_formula(data)
    _, sheets = read_workbook("utvalg.xlsx", data)
    municipalities = next(sheet.cells for sheet in sheets if sheet.title == "Kommuner")
    assert [[as_read(v) for v in row] for row in municipalities.values.tolist()] == [
        ["Kommunenummer", "Kommune", "Medlem fra", "Medlem til"],
        ["3417", '=HYPERLINK("http://127.0.0.2/x","klikk") Grue', None, None],
    ]


def test_filtered_workbook_of_the_whole_region_reads_back_to_the_same_data(hostile: Dataset) -> None:
    data = web_data.filtered_workbook(hostile, ())

    assert assert_no_formula(data)
    assert_same_data(hostile, read_back(data))


@pytest.mark.parametrize("text", HOSTILE)
def test_export_workbook_writes_each_formula_start_as_text_in_every_text_column(sample: Dataset, text: str) -> None:
    tables = {}
    for name, table in sample.tables().items():
        sheet = next(s for s in SHEETS if s.name == name)
        tables[name] = table.assign(**{c.name: text for c in sheet.columns if c.kind is Kind.TEXT and c.name in table})
    dataset = dataclasses.replace(sample, about={**sample.about, "Region": text, "Kilde": text}, **tables)

    formula_like = assert_no_formula(export_workbook(dataset))

    expected = text.replace("\r", "\n")
    assert {c.value for c in formula_like} == {expected}
    assert len(formula_like) == len(text_values(dataset))


def test_tables_workbook_writes_municipality_names_in_headers_as_text(hostile: Dataset) -> None:
    names = compute.municipality_names(hostile)
    frame = views.employment_table(compute.municipal_totals(hostile), names)

    sheet = cells(tables_workbook({"sysselsatte per kommune": frame}))["sysselsatte per kommune"]

    assert names["3417"] == '=HYPERLINK("http://127.0.0.2/x","klikk") Grue'
    header = {c.value: (c.coordinate, c.data_type, c.quotePrefix) for c in sheet[0]}
    assert header[names["3417"]] == ("F1", "s", True)
    assert header[names["3401"]] == ("B1", "s", True)  # «-tekst Kongsvinger»
    assert header[names["3415"]] == ("D1", "s", False)  # «foo Sør-Odal»: read as «\tfoo Sør-Odal», trimmed


def as_read(value: object) -> object:
    """A value as it reads back from an .xlsx: blank for empty, a bare "\r" as "\n" (XML), floats to 15 digits."""
    if isinstance(value, tuple):
        value = ", ".join(map(str, value))
    if value is None or value == "" or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, str):
        return value.replace("\r", "\n")
    return round(value, 15 - len(str(int(abs(value))))) if isinstance(value, float) else value


def read_table(data: bytes) -> list[list[object]]:
    """The first sheet's cells as byr_data.reading reads them (calamine), before it looks for an SSB export in them."""
    grid = pd.read_excel(io.BytesIO(data), sheet_name=0, header=None, dtype=object, engine="calamine")
    return [[as_read(v) for v in row] for row in grid.itertuples(index=False)]


def as_rows(frame: pd.DataFrame | views.DisplayTable) -> list[list[object]]:
    """What a display table should read back as: its headers, then its rows (a DisplayTable's numbers and dates as they are)."""
    if isinstance(frame, views.DisplayTable):
        frame = frame.values
    return [[as_read(str(c)) for c in frame.columns]] + [[as_read(v) for v in row] for row in frame.itertuples(index=False)]


def test_tables_workbook_writes_every_download_formula_safe_and_reads_back(hostile: Dataset, sample: Dataset) -> None:
    tables = display_tables(hostile, sample)
    assert "Kommuner changed" in tables  # the names changed since the sample: before and after side by side

    formula_like = {}
    for title, frame in tables.items():
        data = tables_workbook({title: frame})
        formula_like[title] = len(assert_no_formula(data))
        assert read_table(data) == as_rows(frame), title
    # Only rows of the sample (removed since: their keys hold text that changed) have no hostile text.
    assert [title for title, count in formula_like.items() if not count] == ["Budsjett removed", "Budsjettendringer removed", "Sysselsetting removed"]


def test_tables_workbook_writes_each_formula_start_as_text_and_numbers_as_numbers() -> None:
    frame = pd.DataFrame({text: [text, -120_000, -0.25, None] for text in HOSTILE} | {"Sum": ["−5", -5, 2.5, 0]})

    data = tables_workbook({"tabell": frame})

    sheet = cells(data)["tabell"]
    assert [(c.value, c.data_type, c.quotePrefix) for c in sheet[0]] == [(t.replace("\r", "\n"), "s", True) for t in HOSTILE] + [("Sum", "s", False)]
    assert [(c.value, c.data_type, c.quotePrefix) for c in sheet[1]] == [(t.replace("\r", "\n"), "s", True) for t in HOSTILE] + [("−5", "s", False)]
    assert [(c.value, c.data_type) for c in sheet[2]] == [(-120_000, "n")] * 6 + [(-5, "n")]
    assert [(c.value, c.data_type) for c in sheet[3]] == [(-0.25, "n")] * 6 + [(2.5, "n")]
    texts = [t.replace("\r", "\n") for t in HOSTILE]  # an XML reader takes a bare carriage return for a line feed
    assert read_table(data) == [texts + ["Sum"], texts + ["−5"], [-120_000] * 6 + [-5], [-0.25] * 6 + [2.5], [None] * 6 + [0]]


def test_template_workbook_writes_guide_lines_as_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(export, "_guide_lines", lambda: [(text, i == 0) for i, text in enumerate(HOSTILE)])

    guide = cells(template_workbook())["Veiledning"]

    assert [(row[0].value, row[0].data_type, row[0].quotePrefix) for row in guide] == [(t.replace("\r", "\n"), "s", True) for t in HOSTILE]
    assert guide[0][0].font.bold


def test_template_workbook_has_no_formula(template: bytes) -> None:
    every_cell = [c for rows in cells(template).values() for row in rows for c in row]
    assert every_cell and [c.coordinate for c in every_cell if c.data_type == "f"] == []
