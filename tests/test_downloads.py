"""Downloads keep numbers as numbers (issue 11, item 10) and say which municipalities they show (item 8).

The per-table downloads are read back with openpyxl: a change of −38 is the number −38 with a signed
Norwegian number format, not the text «−38»; a per cent is the share with a per-cent format. The
first row names the table and the selection, and so does the file name.
"""

from __future__ import annotations

import io

import pandas as pd
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from byr_data import views
from byr_data.export import tables_workbook
from byr_data.reading import load
from tests.conftest import REPORT_DATE, ROOT

#: The Norwegian number formats, written out by hand (Excel shows «,» and «.» in the reader's locale: «1 234», «4,1 %»).
NUMBER = "#,##0"
SIGNED = '+#,##0;"−"#,##0;0'
KRONER = '#,##0" kr"'
SIGNED_KRONER = '+#,##0" kr";"−"#,##0" kr";0" kr"'
SIGNED_PERCENT = '+0.0 %;"−"0.0 %;0.0 %'
YEAR = "0"


def _rows(data: bytes, sheet: int = 0) -> list[list]:
    return [list(row) for row in load_workbook(io.BytesIO(data)).worksheets[sheet].iter_rows()]


def test_signed_changes_are_numbers_with_a_signed_format() -> None:
    region = pd.Series({2015: 90.0, 2016: -38.0})
    per_municipality = pd.DataFrame({"year": [2015, 2016], "code": ["3416", "3416"], "change": [90.0, -38.0]})
    table = views.net_change_table(region, per_municipality, {"3416": "Eidskog"}, "Regionen")

    assert table.text.to_dict("records") == [{"År": "2015", "Regionen": "+90", "Eidskog": "+90"},
                                             {"År": "2016", "Regionen": "−38", "Eidskog": "−38"}]
    rows = _rows(tables_workbook({"netto endring per år": table}))
    assert [c.value for c in rows[0]] == ["År", "Regionen", "Eidskog"]
    assert [(c.value, c.number_format) for c in rows[2]] == [(2016, YEAR), (-38, SIGNED), (-38, SIGNED)]
    assert all(isinstance(c.value, int) for row in rows[1:] for c in row)


def test_a_per_cent_is_a_share_with_a_per_cent_format() -> None:
    expected = pd.DataFrame({"name": ["Innlandet"], "rate": [0.041], "expected": [412.0], "actual": [213.0], "difference": [-199.0]})
    table = views.expected_table(expected)

    assert table.text.iloc[0].to_list() == ["Innlandet", "+4,1 %", "+412", "+213", "−199"]
    rows = _rows(tables_workbook({"forventet vekst": table}))
    assert [(c.value, c.number_format) for c in rows[1]] == [
        ("Innlandet", "General"), (0.041, SIGNED_PERCENT), (412, SIGNED), (213, SIGNED), (-199, SIGNED),
    ]


def test_kroner_are_numbers_with_a_kroner_format(sample) -> None:
    from byr_data import compute

    table = views.budget_post_table(compute.budget_by_post(sample.budget, 2016))
    rows = _rows(tables_workbook({"budsjett per post 2016": table}))
    politics = next(row for row in rows if row[0].value == "Politiske møter")
    assert [(c.value, c.number_format) for c in politics[1:]] == [(250_000, KRONER), (130_000, KRONER), (-120_000, SIGNED_KRONER), (0, KRONER)]
    assert [c.value for c in rows[-1]] == ["Sum", 1_750_000, 3_880_000, 2_130_000, 162_400]


def test_employment_figures_are_numbers_and_years_have_no_thousands_separator(sample) -> None:
    from byr_data import compute

    table = views.employment_table(compute.municipal_totals(sample), compute.municipality_names(sample))
    rows = _rows(tables_workbook({"sysselsatte": table}))
    header = [c.value for c in rows[0]]
    row_2024 = next(row for row in rows if row[0].value == 2024)
    assert (row_2024[0].number_format, row_2024[header.index("Eidskog")].value, row_2024[header.index("Eidskog")].number_format) == (YEAR, 2170, NUMBER)


def test_the_selection_stands_above_the_headers() -> None:
    table = views.net_change_table(pd.Series({2016: -38.0}), pd.DataFrame(columns=["year", "code", "change"]), {}, "Eidskog")

    book = load_workbook(io.BytesIO(tables_workbook({"netto endring per år": table}, selection="Kommune: Eidskog")))
    sheet = book.worksheets[0]
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["Netto endring per år · Kommune: Eidskog", None], ["År", "Eidskog"], [2016, -38],
    ]
    assert sheet.freeze_panes == "A3"
    assert sheet["A1"].font.bold


# --- through the app: what the download buttons hand out ------------------------------------------


def _open(page: str, query: dict[str, str]) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params.update(query)
    at.run()
    at.switch_page(str(ROOT / page)).run()
    assert not at.exception
    return at


def test_a_table_download_from_a_filtered_page_names_the_municipality(downloads) -> None:
    _open("pages/jobs.py", {"kommune": "3416"})

    data = downloads["netto-endring-per-år-eidskog.xlsx"]()
    rows = [[c.value for c in row] for row in load_workbook(io.BytesIO(data)).worksheets[0].iter_rows()]
    assert rows[0][0] == "Netto endring per år · Kommune: Eidskog"
    assert rows[1] == ["År", "Regionen", "Eidskog"]
    # Eidskog: 2 208 (2014), 2 159 (2015), 2 128 (2016), 2 116 (2017), 2 149 (2018).
    assert [row for row in rows[2:] if 2015 <= row[0] <= 2018] == [[2015, -49, -49], [2016, -31, -31], [2017, -12, -12], [2018, 33, 33]]


def test_a_table_download_of_the_whole_region_says_so(downloads) -> None:
    _open("pages/jobs.py", {})

    data = downloads["sysselsatte-per-kommune-hele-regionen.xlsx"]()
    assert _rows(data)[0][0].value == "Sysselsatte per kommune · Hele regionen"


def test_the_budget_download_is_the_whole_region_even_with_a_filter(downloads) -> None:
    _open("pages/budget.py", {"kommune": "3416"})

    data = downloads["budsjett-per-post-2016-hele-regionen.xlsx"]()
    rows = _rows(data)
    assert rows[0][0].value == "Budsjett per post 2016 · Hele regionen"
    assert [c.value for c in rows[-1]] == ["Sum", 1_750_000, 3_880_000, 2_130_000, 162_400]


def test_the_selection_workbook_says_which_municipalities_it_holds_and_reads_back(downloads) -> None:
    _open("pages/overview.py", {"kommune": "3416,3417"})

    data = downloads["byr-glamdalen-eidskog-grue.xlsx"]()
    about = [[c.value for c in row] for row in load_workbook(io.BytesIO(data))["Om"].iter_rows()]
    assert about[-1] == ["Utvalg", "Kommuner: Eidskog, Grue"]
    result = load([("utvalg.xlsx", data)], REPORT_DATE)
    assert result.dataset is not None and result.report.ok, [p.text() for p in result.report.errors]
    assert "Utvalg" not in result.dataset.about
    assert sorted(result.dataset.municipalities["name"]) == ["Eidskog", "Grue"]
