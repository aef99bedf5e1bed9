"""Workbooks as people type them read exactly like their tidy twins.

Each messy workbook below differs from its twin only in the ways people really type: title
lines above the header, other spellings of column names, total rows, numbers as Norwegian
text, per cent in three notations, dates as text, codes as numbers, statuses in any case.
"""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import pytest
from openpyxl import Workbook

from byr_data.errors import Severity
from byr_data.reading import load
from byr_data.summary import summarise
from tests.workbooks import make_workbook

TODAY = dt.date(2016, 2, 15)
NBSP = "\u00a0"

TIDY = {
    "Kommuner": [
        ["Kommunenummer", "Kommune", "Medlem fra", "Medlem til"],
        ["3401", "Kongsvinger", None, None],
        ["3419", "Våler", None, 2016],
    ],
    "Mål": [
        ["ID", "Nivå", "Overordnet", "Navn", "Enhet", "Startverdi", "Startår", "Nåverdi", "Målverdi", "Målår", "Status", "Kommune"],
        ["S", "Strategisk mål", None, "Netto vekst", "arbeidsplasser per år", None, 2014, None, 100, 2018, "I rute", None],
        ["H1", "Hovedmål", "S", "Kompetanse", "prosent", 20, 2015, 35, 80, 2018, "Risiko", "3401"],
    ],
    "Aktiviteter": [
        ["ID", "Aktivitet", "Mål-ID", "Kommune", "Start", "Slutt", "Status", "Fremdrift"],
        ["A1", "Kompetanseplan", "H1", None, dt.date(2015, 9, 1), dt.date(2016, 1, 29), "Gjennomført", 100],
        ["A2", "Logistikkstudie", "H1; S", "3401, 3419", dt.date(2015, 9, 14), dt.date(2016, 6, 30), "Påbegynt", 70],
        ["A3", "Arealstrategi", "S", None, dt.date(2016, 1, 11), dt.date(2016, 12, 16), "Påbegynt", 70],
        ["A4", "Næringsfond", "S", None, dt.date(2016, 4, 1), dt.date(2017, 6, 30), "Planlagt", 70],
    ],
    "Budsjett": [
        ["År", "Post", "Finansiering", "Opprinnelig", "Revidert", "Regnskap"],
        [2016, "Prosjektledelse", "KMD", 700_000, 700_000, 116_700],
        [2016, "Sum politiske møter", "Kommunene", 250_000, 130_000, 1_234.5],
        [2016, "Ekstra prosjektstøtte", "Kommunene", 0, 2_250_000, None],
    ],
    "Budsjettendringer": [
        ["Dato", "År", "Post", "Beløp", "Begrunnelse"],
        [dt.date(2016, 2, 10), 2016, "Ekstra prosjektstøtte", 2_250_000, "Ekstra støtte fra kommunene"],
        [dt.date(2016, 2, 15), 2016, "Sum politiske møter", -120_000, "Kun ett felles kommunestyremøte"],
    ],
    "Sysselsetting": [
        ["Kommunenummer", "År", "Sysselsatte"],
        ["3401", 2014, 8370], ["3401", 2015, 8222], ["3401", 2016, 8336],
        ["3419", 2014, 1300], ["3419", 2015, 1290], ["3419", 2016, 1310],
    ],
}


def _messy_workbook() -> bytes:
    """The same data as TIDY, typed the way people do."""
    book = Workbook()
    book.remove(book.active)

    def sheet(title: str, rows: list[list[object]], title_line: str | None = None) -> object:
        ws = book.create_sheet(title)
        start = 1
        if title_line:
            ws.cell(row=1, column=1, value=title_line)
            ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=max(len(r) for r in rows))
            start = 3  # a blank row between the title and the header
        for r, row in enumerate(rows, start=start):
            for c, value in enumerate(row, start=1):
                if value is not None:
                    ws.cell(row=r, column=c, value=value)
        for blank in range(2):  # trailing rows holding only spaces
            ws.cell(row=start + len(rows) + blank, column=1, value="   ")
        return ws

    sheet(" kommuner ", [
        ["Kommunenr.", "Kommunenavn", "Medlem fra", "Medlem til"],
        [3401, "Kongsvinger", None, None],
        [426, "Våler", None, "2016"],  # an old code typed as a number
    ])
    sheet("MÅL", [
        ["Mål ID", "nivå", "Overordnet mål", "Navn", "Enhet", "Startverdi", "Startår", "Nåverdi", "Målverdi", "Målår", " STATUS ", "Kommunenr", "Notat"],
        ["S", " strategisk MÅL ", None, "Netto vekst", "arbeidsplasser per år", None, "2014", None, "100", 2018, "i rute", None, "fritekst"],
        ["H1", "hovedmål", "S", "Kompetanse", "prosent", "20 %", 2015, "35,0", 80, "2018", "RISIKO ", 402, None],
    ], title_line="Styringsdokument ByR Glåmdalen – mål (per 15.02.2016)")
    ws = sheet("Aktiviteter", [
        ["ID", "Aktivitetsnavn", "Mål-ID", "Kommune", "Startdato", "Sluttdato", "Status", "Fremdrift %"],
        ["A1", "Kompetanseplan", "H1", None, "01.09.2015", "2016-01-29", "gjennomført", 100],
        ["A2", "Logistikkstudie", "H1 ; S", "402; 3419", dt.date(2015, 9, 14), "30.06.2016", "Påbegynt ", "70 %"],
        ["A3", "Arealstrategi", "S", None, "11.01.2016", dt.date(2016, 12, 16), "påbegynt", 0.7],
        ["A4", "Næringsfond", "S", None, dt.date(2016, 4, 1), dt.date(2017, 6, 30), "PLANLAGT", 70],
        ["Sum", None, None, None, None, None, None, 240],
    ], title_line="Aktiviteter")
    ws.cell(row=6, column=8).number_format = "0%"  # A3's 0.7 is shown as 70 % in Excel
    sheet("Budsjett", [
        ["Budsjettår", "Post", "Finansieringskilde", "Opprinnelig budsjett", "Revidert budsjett", "Regnskap (kr)"],
        [2016, "Prosjektledelse", "KMD", f"700{NBSP}000", "kr 700 000,-", "116 700"],
        [2016, "Sum politiske møter", "Kommunene", "250 000", "NOK 130000", "1 234,50"],
        [2016, "Ekstra prosjektstøtte", "Kommunene", 0, "2.250.000", None],
        [None, "Totalt:", None, "950 000", "3 080 000", "117 934,50"],
        ["I alt", None, None, 950_000, None, None],
    ], title_line="Budsjett 2016")
    sheet("Budsjettendringer", [
        ["Dato", "År", "Post", "Beløp (kr)", "Begrunnelse"],
        ["10.02.2016", None, "Ekstra prosjektstøtte", "2 250 000", "Ekstra støtte fra kommunene"],
        ["2016-02-15", "2016", "Sum politiske møter", "-120 000", "Kun ett felles kommunestyremøte"],
        ["SUM", None, None, "2 130 000", None],
    ])
    sheet("Sysselsetting", [
        ["Kommunenr", "År", "Sysselsatte personer"],
        [402, 2014, 8370], ["0402", 2015, "8 222"], [3401, 2016, 8336],
        [426, "2014", 1300], [3419, 2015, 1290], ["3419", 2016, "1 310"],
    ], title_line="Sysselsatte per 4. kvartal (SSB tabell 13470)")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def twins():
    tidy = load([("ryddig.xlsx", make_workbook(TIDY))], today=TODAY)
    messy = load([("rotete.xlsx", _messy_workbook())], today=TODAY)
    assert tidy.report.ok, [p.text() for p in tidy.report.errors]
    assert messy.report.ok, [p.text() for p in messy.report.errors]
    return tidy, messy


def test_messy_workbook_gives_the_same_summary_as_its_tidy_twin(twins) -> None:
    tidy, messy = twins
    assert summarise(messy.dataset) == summarise(tidy.dataset)


@pytest.mark.parametrize("table", ["municipalities", "goals", "activities", "budget", "budget_changes", "employment"])
def test_messy_workbook_gives_the_same_tables_as_its_tidy_twin(twins, table: str) -> None:
    tidy, messy = twins
    data_columns = [c for c in getattr(tidy.dataset, table).columns if not c.startswith("_")]
    expected = getattr(tidy.dataset, table)[data_columns].reset_index(drop=True)
    actual = getattr(messy.dataset, table)[data_columns].reset_index(drop=True)
    pd.testing.assert_frame_equal(actual, expected, check_dtype=False)


def test_messy_workbook_reports_what_it_skipped(twins) -> None:
    _, messy = twins
    info = [(p.sheet, p.row, p.column, p.message) for p in messy.report.info]
    assert ("MÅL", 3, "Notat", "Kolonnen «Notat» er ikke i dataformatet og er hoppet over.") in info
    skipped_totals = [(sheet, row) for sheet, row, _, message in info if message.startswith("Raden er en summeringsrad")]
    assert skipped_totals == [("Aktiviteter", 8), ("Budsjett", 7), ("Budsjett", 8), ("Budsjettendringer", 4)]


def test_a_post_that_starts_with_sum_is_data(twins) -> None:
    _, messy = twins
    assert "Sum politiske møter" in set(messy.dataset.budget["post"])


def test_percent_in_three_notations_reads_as_the_same_number(twins) -> None:
    _, messy = twins
    assert list(messy.dataset.activities["progress"]) == [100.0, 70.0, 70.0, 70.0]


def test_a_fraction_in_a_general_cell_stays_as_typed() -> None:
    sheets = {"Aktiviteter": [["ID", "Aktivitet", "Status", "Fremdrift"], ["A1", "x", "Påbegynt", 0.7]]}
    result = load([("a.xlsx", make_workbook(sheets))], today=TODAY)
    assert list(result.dataset.activities["progress"]) == [0.7]


def test_no_warnings_come_from_the_messy_spelling_alone(twins) -> None:
    tidy, messy = twins
    assert [p.message for p in messy.report.warnings] == [p.message for p in tidy.report.warnings]
    assert all(p.severity is not Severity.ERROR for p in messy.report.problems)


def test_summary_json_of_the_messy_workbook_equals_its_tidy_twin(tmp_path, capsys) -> None:
    import json

    from byr_data.cli import main

    tidy, messy = tmp_path / "ryddig.xlsx", tmp_path / "rotete.xlsx"
    tidy.write_bytes(make_workbook(TIDY))
    messy.write_bytes(_messy_workbook())
    outputs = []
    for path in (tidy, messy):
        assert main(["summary", str(path), "--json", "--date", "2016-02-15"]) == 0
        outputs.append(json.loads(capsys.readouterr().out))
    assert outputs[0] == outputs[1]
    assert outputs[1]["budget"]["2016"] == {"original": 950_000, "revised": 3_080_000, "actual": 117_934.5}
