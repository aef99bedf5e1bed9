"""Tests for byr_data.ssb: employment exports from SSB's Statbank, CSV and xlsx."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from byr_data import compute, safety, ssb
from byr_data.cli import main
from byr_data.dataset import Dataset
from byr_data.errors import DataError, Severity
from byr_data.reading import load
from tests.corpus import CSV_HEAD, csv_blank_lines, csv_long_field, csv_quoted_record, csv_with_line
from tests.ssb_fixtures import (
    ALL_INDUSTRIES,
    INDUSTRIES,
    KONGSVINGER,
    MUNICIPALITIES,
    POPULATION_TOTALS,
    SMALL,
    SMALL_EXPECTED,
    YEARS,
    acceptance_rows,
    figure,
    long_csv,
    long_xlsx,
    national_long_csv,
    population_long_csv,
    population_long_xlsx,
    population_rows,
    population_wide_csv,
    population_wide_xlsx,
    wide_csv,
    wide_xlsx,
)
from tests.workbooks import make_workbook

NEW_CODES = [new for _, new, _, _ in MUNICIPALITIES]


def employment_of(name: str, data: bytes) -> pd.DataFrame:
    """The validated employment table of one file, asserting that nothing went wrong."""
    result = load([(name, data)])
    assert [p.text() for p in result.report.problems if p.severity is not Severity.INFO] == []
    assert result.dataset is not None and result.dataset.employment is not None
    return result.dataset.employment


def facts(employment: pd.DataFrame) -> set[tuple[str, int, float, str | None]]:
    """(code, year, employed, industry) per row, the total industry as None."""
    return {
        (code, int(year), float(employed), industry if isinstance(industry, str) else None)
        for code, year, employed, industry in employment[["code", "year", "employed", "industry"]].itertuples(index=False)
    }


# --- the CSV variants -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(wide_csv(SMALL), id="wide-latin1-title-crlf"),
        pytest.param(wide_csv(SMALL, title=None, encoding="utf-8-sig", newline="\n"), id="wide-utf8-bom-no-title"),
        pytest.param(wide_csv(SMALL, encoding="utf-8", year_label="{year}K4"), id="wide-utf8-quarter-years"),
        pytest.param(wide_csv(SMALL, missing=["..", ".", ":", "-", ""]), id="wide-every-missing-symbol"),
        pytest.param(wide_csv(SMALL, decimal_comma=True), id="wide-decimal-comma"),
        pytest.param(wide_csv(SMALL, variable=None, year_label="Sysselsatte personer {year}"), id="wide-variable-in-year-headers"),
        pytest.param(long_csv(SMALL), id="long-title-as-value-header"),
        pytest.param(long_csv(SMALL, title=None, value_header="Sysselsatte personer", encoding="utf-8-sig"), id="long-utf8-bom"),
        pytest.param(long_csv(SMALL, missing=":", decimal_comma=True, year_label="{year}K4"), id="long-decimal-comma-quarters"),
        pytest.param(long_csv(SMALL, variable=None, value_header="Sysselsatte"), id="long-without-variable"),
    ],
)
def test_parse_text_reads_every_export_variant_to_the_same_figures(data: bytes) -> None:
    assert facts(employment_of("13470.csv", data)) == SMALL_EXPECTED


def test_parse_text_reads_api_ids_as_codes() -> None:
    rows = [(r.replace("3401 Kongsvinger", "K-3401"), i, y, v) for r, i, y, v in SMALL if r.startswith("3401")]

    employment = employment_of("api.csv", wide_csv(rows))

    assert facts(employment) == {("3401", 2020, 8297.0, None)}


def test_parse_text_reads_a_table_without_industry_as_totals() -> None:
    employment = employment_of("13470.csv", wide_csv(SMALL, industry=False))

    assert facts(employment) == SMALL_EXPECTED


def test_parse_text_keeps_industries_and_the_total_counts() -> None:
    employment = employment_of("naering.csv", wide_csv(INDUSTRIES))

    assert sorted(employment["industry"].dropna().unique()) == ["01-03 Jordbruk, skogbruk og fiske", "86-88 Helse- og sosialtjenester"]
    totals = compute.employment_totals(employment)
    assert totals[["code", "year", "employed"]].values.tolist() == [["3401", 2020, 8297.0], ["3401", 2021, 8614.0]]


def test_parse_text_sums_industries_when_the_total_row_is_missing() -> None:
    employment = employment_of("naering.csv", long_csv([r for r in INDUSTRIES if r[1] != ALL_INDUSTRIES]))

    assert compute.employment_totals(employment)["employed"].tolist() == [212 + 2104, 208 + 2150]


def test_parse_text_keeps_only_the_employed_when_the_table_has_several_variables() -> None:
    employed = long_csv(SMALL, variable="Sysselsatte personer")
    other = long_csv([(r, i, y, 1.5) for r, i, y, _ in SMALL], variable="Endring fra året før (prosent)", title=None)
    lines = employed.decode("latin-1").splitlines() + other.decode("latin-1").splitlines()[1:]

    assert facts(employment_of("to-variabler.csv", "\r\n".join(lines).encode("latin-1"))) == SMALL_EXPECTED


@pytest.mark.parametrize(
    "text",
    [
        "Kommunenummer;Kommune;År;Næring;Sysselsatte\n3401;Kongsvinger;2020;;8297\n0426;Våler;2019;;1063\n",
        "Kommunenummer;År;Sysselsatte;Kommune\n3401;2020;8297;Kongsvinger\n0426;2019;1063;Våler\n",
        "Kommune;Kommunenummer;År;Sysselsatte\nKongsvinger;3401;2020;8297\nVåler;0426;2019;1063\n",
    ],
)
def test_parse_text_reads_a_csv_in_the_sheets_own_columns(text: str) -> None:
    employment = employment_of("egen.csv", text.encode("utf-8"))

    assert facts(employment) == {("3401", 2020, 8297.0, None), ("3419", 2019, 1063.0, None)}
    assert employment["name"].tolist() == ["Kongsvinger", "Våler"]


@pytest.mark.parametrize(
    ("label", "code", "name"),
    [
        ("0402 Kongsvinger", "0402 Kongsvinger", "Kongsvinger"),
        ("0402 Kongsvinger (-2019)", "0402 Kongsvinger (-2019)", "Kongsvinger"),
        ("0426 Våler (Hedm.) (-2019)", "0426 Våler (Hedm.) (-2019)", "Våler (Hedm.)"),
        ("3419 Våler (Innlandet)", "3419 Våler (Innlandet)", "Våler (Innlandet)"),
        ("3401 Kongsvinger (2020-)", "3401 Kongsvinger (2020-)", "Kongsvinger"),
        ("0 Hele landet", "0 Hele landet", "Hele landet"),
        ("34 Innlandet", "34 Innlandet", "Innlandet"),
        ("K-3401", "K-3401", None),
    ],
)
def test_parse_text_gives_the_full_label_and_the_clean_name(label: str, code: str, name: str | None) -> None:
    sheet = ssb.parse_text("x.csv", wide_csv([(label, ALL_INDUSTRIES, 2020, 100)], title=None))

    assert sheet.title is None and sheet.sheet is not None and sheet.sheet.header == "Sysselsetting"
    assert sheet.cells.values.tolist() == [
        ["Kommunenummer", "Kommune", "År", "Næring", "Sysselsatte"],
        [code, name, 2020, ALL_INDUSTRIES, "100"],
    ]


def test_parse_text_indexes_rows_by_their_line_in_the_file() -> None:
    # Line 1 title, 2 blank, 3 header, 4.. data; wide rows give one long row per year.
    sheet = ssb.parse_text("x.csv", wide_csv(SMALL[:6]))

    assert list(sheet.cells.index) == [2, 3, 3, 4]


@pytest.mark.parametrize("newline", ["\r\n", "\n", "\r"])
def test_parse_text_counts_lines_whatever_the_line_endings(newline: str) -> None:
    sheet = ssb.parse_text("x.csv", wide_csv(SMALL[:6], newline=newline))

    assert list(sheet.cells.index) == [2, 3, 3, 4]
    assert sheet.cells.values.tolist() == ssb.parse_text("x.csv", wide_csv(SMALL[:6])).cells.values.tolist()


def test_parse_text_counts_the_lines_of_a_title_spanning_two() -> None:
    data = wide_csv(SMALL[:6], title="13470: Sysselsatte per 4. kvartal,\netter arbeidsstedskommune")

    assert list(ssb.parse_text("x.csv", data).cells.index) == [3, 4, 4, 5]


def test_parse_text_reads_a_line_wider_than_the_top_of_the_file() -> None:
    top = wide_csv([(f"{3001 + i} Kommune {i}", ALL_INDUSTRIES, 2020, 100 + i) for i in range(70)], title=None).decode("latin-1")
    data = (top + '"3419 Våler (Innlandet)";"00-99 Alle næringer";"Sysselsatte personer";1049;"merknad"\r\n').encode("latin-1")

    sheet = ssb.parse_text("x.csv", data)

    assert sheet.cells.iloc[-1].tolist() == ["3419 Våler (Innlandet)", "Våler (Innlandet)", 2020, ALL_INDUSTRIES, "1049"]
    assert sheet.cells.index[-1] == 71


def test_load_names_the_line_of_a_bad_figure() -> None:
    data = long_csv([("3401 Kongsvinger", ALL_INDUSTRIES, 2020, 8297)], title=None).replace(b"8297", b'"mange"')

    result = load([("x.csv", data)])

    [problem] = result.report.errors
    assert (problem.file, problem.sheet, problem.row, problem.column) == ("x.csv", None, 2, "Sysselsatte")
    assert problem.message == "«mange» er ikke et tall. Skriv et tall, for eksempel 250000."


def test_load_prefers_the_new_code_when_old_and_new_give_the_same_year() -> None:
    rows = [("0402 Kongsvinger (-2019)", ALL_INDUSTRIES, 2020, 8300), ("3401 Kongsvinger", ALL_INDUSTRIES, 2020, 8297)]

    result = load([("x.csv", long_csv(rows))])

    assert result.dataset is not None
    assert facts(result.dataset.employment) == {("3401", 2020, 8297.0, None)}
    [warning] = result.report.warnings
    assert (warning.file, warning.row, warning.column) == ("x.csv", 4, "Kommunenummer")
    assert warning.message == "Både gammelt og nytt kommunenummer har tall for 2020; tallet for 3401 brukes."


# --- acceptance: the seven municipalities across the 2020 reform -------------------------------------


@pytest.fixture(scope="module")
def acceptance() -> Dataset:
    result = load([("13470-glamdalen.csv", wide_csv(acceptance_rows()))])
    assert [p.text() for p in result.report.problems if p.severity is not Severity.INFO] == []
    assert result.dataset is not None
    return result.dataset


def test_acceptance_gives_one_series_per_municipality_on_todays_codes(acceptance: Dataset) -> None:
    totals = compute.municipal_totals(acceptance)

    assert len(totals) == 7 * 17
    assert sorted(totals["code"].unique()) == sorted(NEW_CODES)
    assert totals.groupby("code")["year"].apply(list).to_dict() == {code: list(YEARS) for code in NEW_CODES}
    kongsvinger = totals[totals["code"] == "3401"]
    assert dict(zip(kongsvinger["year"].astype(int), kongsvinger["employed"], strict=True)) == KONGSVINGER
    assert set(totals.loc[totals["code"] == "3419", "name"]) <= {"Våler (Hedm.)", "Våler (Innlandet)"}


def test_acceptance_keeps_county_and_country_out_of_the_region(acceptance: Dataset) -> None:
    employment = acceptance.employment
    kinds = employment.drop_duplicates("code").set_index("code")["kind"].to_dict()

    assert kinds["34"] == "county" and kinds["0"] == "country"
    assert set(compute.membership(acceptance)["code"]) == set(NEW_CODES)
    net = compute.region_net_change(acceptance).net_change
    assert list(net.index) == list(YEARS)[1:]
    expected_2020 = sum(figure(code, 2020) - figure(code, 2019) for code in NEW_CODES)
    assert net[2020] == expected_2020


def test_acceptance_counts_kongsvingers_change_across_the_code_change(acceptance: Dataset) -> None:
    net = compute.region_net_change(acceptance, codes=["3401"]).net_change

    assert net[2020] == 8297 - 8423 == -126
    assert net[2016] == 8336 - 8222


def test_main_summary_reads_an_ssb_csv(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "13470.csv"
    path.write_bytes(wide_csv(acceptance_rows()))

    code = main(["summary", str(path), "--json"])

    summary = json.loads(capsys.readouterr().out)
    assert code == 0
    assert sorted(summary["jobs"]["employed"]) == sorted(NEW_CODES)
    assert summary["jobs"]["employed"]["3401"]["2019"] == 8423
    assert summary["jobs"]["region_net_change"]["2020"] == sum(figure(c, 2020) - figure(c, 2019) for c in NEW_CODES)


def test_main_validate_recognises_an_ssb_csv(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "13470.csv"
    path.write_bytes(long_csv(SMALL))

    code = main(["validate", str(path), "--json"])

    report = json.loads(capsys.readouterr().out)
    assert code == 0 and report["ok"] is True and report["errors"] == []
    assert report["tables"] == {"Sysselsetting": len(SMALL_EXPECTED)}


# --- xlsx exports -----------------------------------------------------------------------------------


def test_from_sheet_reads_a_wide_xlsx_export_with_fill_down_and_notes() -> None:
    rows = SMALL[:6] + [("3401 Kongsvinger", "86-88 Helse- og sosialtjenester", 2020, 2104)]

    employment = employment_of("13470.xlsx", wide_xlsx(rows))

    assert facts(employment) == {
        ("3401", 2018, 8598.0, None), ("3401", 2019, 8423.0, None), ("3401", 2020, 8297.0, None),
        ("3401", 2020, 2104.0, "86-88 Helse- og sosialtjenester"),
    }
    assert set(employment["_row"]) == {4, 5, 6}  # spreadsheet rows: title 1, blank 2, header 3


def test_from_sheet_reads_an_employment_sheet_with_an_unknown_title() -> None:
    rows = [["Kommunenummer", "År", "Sysselsatte"], [3401, 2020, 8297], ["0426", 2019, 1063]]

    employment = employment_of("bok.xlsx", make_workbook({"Ark1": rows}))

    assert facts(employment) == {("3401", 2020, 8297.0, None), ("3419", 2019, 1063.0, None)}


def test_from_sheet_reads_a_long_xlsx_export_with_fill_down() -> None:
    employment = employment_of("13470.xlsx", long_xlsx(INDUSTRIES + SMALL[6:]))

    assert facts(employment) == {
        ("3401", 2020, 8297.0, None), ("3401", 2020, 212.0, "01-03 Jordbruk, skogbruk og fiske"),
        ("3401", 2020, 2104.0, "86-88 Helse- og sosialtjenester"), ("3401", 2021, 8614.0, None),
        ("3401", 2021, 208.0, "01-03 Jordbruk, skogbruk og fiske"), ("3401", 2021, 2150.0, "86-88 Helse- og sosialtjenester"),
        ("3419", 2018, 1071.0, None), ("3419", 2019, 1063.0, None), ("3419", 2020, 1049.0, None),
        ("0", 2018, 2_745_000.0, None), ("0", 2019, 2_767_000.0, None), ("0", 2020, 2_748_000.0, None),
    }


@pytest.mark.parametrize(
    "rows",
    [
        [["Notater"], ["Møte med regionrådet 12.01."]],
        [["Region", "Kommentar"], ["Glåmdalen", "ingen tall"]],
        [["Kommune", "2019", "2020"], ["Kongsvinger", 8423, 8297]],  # no codes: not an export
        [["Kommune", "År", "Kommentar"], ["3401 Kongsvinger", 2020, "Møte om næringsarealer"]],  # not about employment
        [["Møteplan"], ["Kommune", "2019", "2020"], ["3401 Kongsvinger", "januar", "mars"]],  # says not what it counts
        [],
    ],
)
def test_from_sheet_leaves_ordinary_sheets_alone(rows: list[list[object]]) -> None:
    width = max((len(r) for r in rows), default=0)
    grid = pd.DataFrame([[*r, *[None] * (width - len(r))] for r in rows], dtype=object)
    assert ssb.from_sheet("Ark1", grid) is None

    result = load([("bok.xlsx", make_workbook({"Ark1": rows or [["x"]]}))])
    assert any(p.message == "Arket «Ark1» er ikke i dataformatet og er hoppet over." for p in result.report.info)


# --- what is not an export ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Kommunenummer;År\n3401;2016\n",
        "hei og hå\n",
        '"region";"næring (SN2007)";"statistikkvariabel"\n"3401 Kongsvinger";"00-99";"x"\n',
        "a,b,c\n1,2,3\n",
        '"unclosed quote' + "x" * 20_000,
    ],
)
def test_parse_text_refuses_what_is_not_an_export(text: str) -> None:
    result = load([("tall.csv", text.encode())])

    assert result.dataset is None
    [problem] = result.report.problems
    assert (problem.severity, problem.file, problem.sheet, problem.row) == (Severity.ERROR, "tall.csv", None, None)
    assert problem.message == (
        "Filen er verken en Excel-arbeidsbok eller en kjent eksport fra SSBs statistikkbank. "
        "Last opp en .xlsx-fil, eller en CSV-eksport av SSB-tabell 13470 (sysselsatte) eller 07459 (befolkning) "
        "med semikolon som skilletegn."
    )


def test_parse_text_asks_for_codes_when_the_export_has_names_only() -> None:
    rows = [(r.split(" ", 1)[1], i, y, v) for r, i, y, v in SMALL]

    with pytest.raises(DataError) as raised:
        ssb.parse_text("navn.csv", wide_csv(rows))

    [problem] = raised.value.report.problems
    assert problem.message == (
        "Regionene i filen har ikke kommunenummer (for eksempel «3401 Kongsvinger»). "
        "Last ned tabellen fra SSBs statistikkbank på nytt, med både kode og tekst for region."
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.text(max_size=300),
        st.lists(
            st.lists(st.sampled_from(['"region"', '"år"', '"2019"', "..", '"0402 Kongsvinger"', "12", "", '"', "x;y", "\n"]), max_size=6),
            max_size=8,
        ).map(lambda rows: "\n".join(";".join(r) for r in rows)),
    )
)
def test_parse_text_never_crashes_on_random_text(text: str) -> None:
    data = (text or "x").encode("utf-8")
    if b"\x00" in data:
        data = data.replace(b"\x00", b" ")
    try:
        sheet = ssb.parse_text("tilfeldig.csv", data)
    except DataError:
        pass
    else:
        assert list(sheet.cells.iloc[0]) == ["Kommunenummer", "Kommune", "År", "Næring", "Sysselsatte"]
    load([("tilfeldig.csv", data)])  # data or a report, never an exception


_FIELD = st.one_of(
    st.text(alphabet='0123456789 .,:-K"abcæøå', max_size=8),
    st.sampled_from(["0402 Kongsvinger (-2019)", "3401 Kongsvinger", "K-3401", "34 Innlandet", "0 Hele landet", "9999 Ukjent", "2020", ".."]),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(_FIELD, min_size=1, max_size=6), max_size=8), st.booleans())
def test_load_of_an_export_with_random_rows_gives_data_or_a_report(rows: list[list[str]], wide: bool) -> None:
    header = '"region";"næring (SN2007)";"2019";"2020"' if wide else '"region";"næring (SN2007)";"år";"Sysselsatte"'
    text = "\n".join([header, *(";".join(f'"{field}"' if i % 2 else field for i, field in enumerate(row)) for row in rows)])

    result = load([("tilfeldig.csv", text.encode("utf-8"))])

    assert result.dataset is not None or not result.report.ok


def test_load_reports_an_absurd_year_in_an_export() -> None:
    data = long_csv([("3401 Kongsvinger", ALL_INDUSTRIES, 2020, 8297)], title=None).replace(b'"2020"', b'"99999999999999999999"')

    result = load([("x.csv", data)])

    [problem] = result.report.errors
    assert (problem.row, problem.column) == (2, "År")
    assert problem.message == "«99999999999999999999» er ikke et årstall. Skriv året med fire sifre, for eksempel 2016."


# --- speed ------------------------------------------------------------------------------------------


def test_parse_text_reads_the_whole_country_by_industry() -> None:
    """Every row of the national long export (its time is measured in the benchmark's growth section)."""
    data = national_long_csv()  # 357 municipalities × 20 industries × 17 years

    sheet = ssb.parse_text("13470-hele-landet.csv", data)

    assert len(sheet.cells) == 357 * 20 * 17 + 1


def test_an_export_saved_on_a_sheet_named_sysselsetting_is_read_as_an_export() -> None:
    from tests.ssb_fixtures import acceptance_rows, wide_xlsx

    result = load([("eksport.xlsx", wide_xlsx(acceptance_rows(), title="Sysselsetting"))])

    assert result.report.ok, [p.text() for p in result.report.errors]
    assert set(compute.municipal_totals(result.dataset)["code"]) == {"3401", "3414", "3415", "3416", "3417", "3418", "3419"}


# --- population: table 07459 -------------------------------------------------------------------------

POPULATION_EXPECTED = {(code, year, float(people)) for (code, year), people in POPULATION_TOTALS.items()}


def population_of(name: str, data: bytes) -> pd.DataFrame:
    """The validated population table of one file, asserting that nothing went wrong and no employment was read."""
    result = load([(name, data)])
    assert [p.text() for p in result.report.problems if p.severity is not Severity.INFO] == []
    assert result.dataset is not None and result.dataset.population is not None
    assert result.dataset.employment is None
    return result.dataset.population


def population_facts(population: pd.DataFrame) -> set[tuple[str, int, float]]:
    return {(code, int(year), float(people)) for code, year, people in population[["code", "year", "population"]].itertuples(index=False)}


@pytest.mark.parametrize(
    ("name", "data"),
    [
        pytest.param("07459.csv", population_wide_csv(population_rows()), id="wide-csv-sex-and-age-summed"),
        pytest.param("07459.csv", population_wide_csv(population_rows(), title=None, encoding="utf-8-sig"), id="wide-csv-utf8-no-title"),
        pytest.param("07459.csv", population_long_csv(population_rows()), id="long-csv-sex-and-age-summed"),
        pytest.param("07459.csv", population_long_csv(population_rows(sex="total", age="total")), id="long-csv-total-categories"),
        pytest.param("07459.csv", population_wide_csv(population_rows(sex="total")), id="wide-csv-total-sex-summed-age"),
        pytest.param("07459.csv", population_wide_csv(population_rows(sex="none", age="none")), id="wide-csv-no-breakdown"),
        pytest.param("07459.csv", population_long_csv(population_rows(age="none"), value_header="Personer", title=None), id="long-csv-sex-only"),
        pytest.param("07459.csv", population_wide_csv(population_rows(sex="none", age="none"), variable=None, year_label="Personer {year}"),
                     id="wide-csv-variable-in-year-headers"),
        pytest.param("07459.xlsx", population_wide_xlsx(population_rows()), id="wide-xlsx-fill-down"),
        pytest.param("07459.xlsx", population_long_xlsx(population_rows()), id="long-xlsx-fill-down"),
        pytest.param("07459.xlsx", population_long_xlsx(population_rows(sex="total", age="total")), id="long-xlsx-total-categories"),
    ],
)
def test_a_population_export_is_read_as_befolkning_with_one_total_per_region_and_year(name: str, data: bytes) -> None:
    population = population_of(name, data)

    assert population_facts(population) == POPULATION_EXPECTED
    assert list(population.columns) == ["_file", "_row", "code", "year", "population", "name", "kind"]
    kinds = dict(zip(population["code"], population["kind"], strict=True))
    assert (kinds["3401"], kinds["34"], kinds["0"]) == ("municipality", "county", "country")


def test_parse_text_tells_population_from_employment() -> None:
    population = ssb.parse_text("07459.csv", population_wide_csv(population_rows()))
    employment = ssb.parse_text("13470.csv", wide_csv(SMALL))

    assert population.sheet is not None and population.sheet.header == "Befolkning"
    assert population.cells.iloc[0].tolist() == ["Kommunenummer", "Kommune", "År", "Innbyggere"]
    assert employment.sheet is not None and employment.sheet.header == "Sysselsetting"
    assert employment.cells.iloc[0].tolist() == ["Kommunenummer", "Kommune", "År", "Næring", "Sysselsatte"]


@pytest.mark.parametrize(
    ("text", "sheet"),
    [
        ('"region";"statistikkvariabel";"2020"\n"3401 Kongsvinger";"Personer";17799\n', "Befolkning"),
        ('"region";"statistikkvariabel";"2020"\n"3401 Kongsvinger";"Sysselsatte personer";8297\n', "Sysselsetting"),
        ('"Befolkning per 1. januar"\n\n"region";"2020"\n"3401 Kongsvinger";17799\n', "Befolkning"),
        ('"region";"år";"Personer"\n"3401 Kongsvinger";"2020";17799\n', "Befolkning"),
        ("Kommunenummer;År;Innbyggere;Kommune\n3401;2020;17799;Kongsvinger\n", "Befolkning"),
        ('"region";"kjønn";"2020"\n"3401 Kongsvinger";"Menn";8900\n"3401 Kongsvinger";"Kvinner";8899\n', "Befolkning"),
        ('"region";"næring (SN2007)";"2020"\n"3401 Kongsvinger";"00-99 Alle næringer";8297\n', "Sysselsetting"),
    ],
)
def test_parse_text_decides_the_sheet_by_what_the_export_counts(text: str, sheet: str) -> None:
    raw = ssb.parse_text("x.csv", text.encode("utf-8"))

    assert raw.sheet is not None and raw.sheet.header == sheet


def test_a_summed_population_row_stands_on_the_line_of_its_first_part() -> None:
    rows = [r for r in population_rows() if r[0] == "3401 Kongsvinger" and r[3] == 2020]

    sheet = ssb.parse_text("07459.csv", population_long_csv(rows))

    # Line 1 title, 2 blank, 3 header, 4–9 the six parts of Kongsvinger 2020.
    assert list(sheet.cells.index) == [2, 3]
    assert sheet.cells.iloc[1].tolist() == ["3401 Kongsvinger", "Kongsvinger", 2020, 17799]


def test_a_population_sum_with_a_missing_part_is_missing() -> None:
    rows = [(region, sex, age, year, None if (region, sex, age, year) == ("3401 Kongsvinger", "1 Menn", "000-019 0-19 år", 2020) else value)
            for region, sex, age, year, value in population_rows()]

    population = population_of("07459.csv", population_long_csv(rows))

    assert population_facts(population) == POPULATION_EXPECTED - {("3401", 2020, 17799.0)}


def test_a_population_part_that_is_not_a_number_is_named_by_its_line() -> None:
    rows = [r for r in population_rows() if r[0] == "3401 Kongsvinger" and r[3] == 2020]
    data = population_long_csv(rows, title=None).decode("utf-8-sig").splitlines()
    data[3] = data[3].rsplit(";", 1)[0] + ';"mange"'  # the third part, line 4

    result = load([("07459.csv", "\n".join(data).encode("utf-8"))])

    assert result.dataset is None
    [problem] = result.report.errors
    assert (problem.file, problem.sheet, problem.row, problem.column) == ("07459.csv", None, 4, "Innbyggere")
    assert problem.message == "«mange» er ikke et tall. Skriv et tall, for eksempel 250000."


def test_load_prefers_the_new_code_in_a_population_export() -> None:
    rows = [("0402 Kongsvinger (-2019)", None, None, 2020, 17800), ("3401 Kongsvinger", None, None, 2020, 17799)]

    result = load([("07459.csv", population_long_csv(rows))])

    assert result.dataset is not None
    assert population_facts(result.dataset.population) == {("3401", 2020, 17799.0)}
    [warning] = result.report.warnings
    assert (warning.file, warning.sheet, warning.row, warning.column) == ("07459.csv", None, 4, "Kommunenummer")
    assert warning.message == "Både gammelt og nytt kommunenummer har tall for 2020; tallet for 3401 brukes."


def test_population_and_employment_exports_load_together() -> None:
    result = load([("13470.csv", wide_csv(SMALL)), ("07459.csv", population_wide_csv(population_rows()))])

    assert result.report.ok, [p.text() for p in result.report.errors]
    assert facts(result.dataset.employment) == SMALL_EXPECTED
    assert population_facts(result.dataset.population) == POPULATION_EXPECTED
    assert result.report.tables == {"Sysselsetting": len(SMALL_EXPECTED), "Befolkning": len(POPULATION_EXPECTED)}


@pytest.mark.parametrize("title", ["Befolkning", "07459", "Ark1"])
def test_a_population_export_on_any_sheet_is_read_as_befolkning(title: str) -> None:
    population = population_of("eksport.xlsx", population_wide_xlsx(population_rows(), title=title))

    assert population_facts(population) == POPULATION_EXPECTED
    assert min(population["_row"]) == 4  # spreadsheet rows: title 1, blank 2, header 3


def test_from_sheet_takes_a_sheet_titled_befolkning_with_codes_and_years_for_population() -> None:
    grid = pd.DataFrame([["Befolkning", None, None], ["Kommune", "2019", "2020"], ["3401 Kongsvinger", 17900, 17850]], dtype=object)

    sheet = ssb.from_sheet("Ark1", grid)

    assert sheet is not None and sheet.sheet is not None and sheet.sheet.header == "Befolkning"
    assert sheet.cells.values.tolist() == [
        ["Kommunenummer", "Kommune", "År", "Innbyggere"],
        ["3401 Kongsvinger", "Kongsvinger", 2019, 17900],
        ["3401 Kongsvinger", "Kongsvinger", 2020, 17850],
    ]


def test_main_validate_recognises_a_population_csv(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "07459.csv"
    path.write_bytes(population_wide_csv(population_rows()))

    code = main(["validate", str(path), "--json"])

    report = json.loads(capsys.readouterr().out)
    assert code == 0 and report["ok"] is True and report["errors"] == []
    assert report["tables"] == {"Befolkning": len(POPULATION_EXPECTED)}


# --- limits on CSV files (checked before a grid is built) -----------------------------------------------

EXPORTS = Path(__file__).resolve().parent / "fixtures" / "ssb_exports"


def refused_with(data: bytes, name: str = "x.csv") -> str:
    result = load([(name, data)])
    assert result.dataset is None
    [problem] = result.report.problems
    assert (problem.file, problem.sheet, problem.row, problem.column) == (name, None, None, None)
    return problem.message


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (csv_with_line(1_000_000), safety.line_too_long(2, 1_999_999)),  # 32 s and 1.8 GB before
        (csv_quoted_record(5_000), safety.line_too_long(5, 131_099)),  # 102 + 1 297 × 101 bytes: the first count past 128 KiB
        (csv_blank_lines(400_000), safety.text_too_big(400_000, 8)),
        (csv_long_field(40_000), safety.field_too_long(5)),
        (CSV_HEAD + b'"3401 Kongsvinger";"a\nb";' * 300 + b"1\r\n", safety.too_many_fields(5, 601)),
        (CSV_HEAD + b";".join([b"1"] * 501) + b"\r\n", safety.too_many_fields(5, 501)),
    ],
    ids=["million-fields", "quoted-lines", "blank-lines", "long-field", "quoted-newlines-fields", "501-fields"],
)
def test_a_csv_beyond_the_limits_is_refused_before_a_grid_is_built(data: bytes, expected: str) -> None:
    assert refused_with(data) == expected


def test_the_csv_limits_are_inclusive() -> None:
    at_limits = [csv_long_field(safety.MAX_CELL_CHARS), CSV_HEAD + b";".join([b"1"] * safety.MAX_COLUMNS) + b"\r\n", csv_blank_lines(375_000)]

    for data in at_limits:  # 32 767 characters, 500 fields, 375 000 × 8 = 3 000 000 cells
        assert ssb.parse_text("x.csv", data).sheet is not None


@pytest.mark.parametrize("filename", ["erleholgersen_folketall.csv", "ssbkurs_befolkning_alder_2013_2015.csv", "telemark_11616_20220427.csv"])
def test_real_ssb_exports_pass_the_limits(filename: str) -> None:
    path = EXPORTS / filename
    data = path.read_bytes()

    assert safety.inspect(path.name, data) is safety.FileKind.TEXT
    assert ssb.parse_text(path.name, data).sheet is not None
