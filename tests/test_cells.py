"""Tests for byr_data.cells: one cell or one column of cells into typed values."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from byr_data import cells
from byr_data.model import GoalStatus

CODE_MESSAGE = "er ikke et kommunenummer. Skriv kommunenummeret med fire sifre, for eksempel 3401 for Kongsvinger."
REGION_MESSAGE = (
    "er ikke et kommunenummer. Skriv kommunenummeret med fire sifre (for eksempel 3401), "
    "to sifre for et fylke (34) eller 0 for hele landet."
)
GOAL_STATUS_CHOICES = "«Ikke startet», «I rute», «Risiko», «Forsinket», «Nådd»"


def column(*values: object) -> pd.Series:
    """Cells of one column as the Excel reader gives them: an object Series."""
    return pd.Series(list(values), dtype=object)


# --- parse_number / to_number ------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2 250 000", 2250000.0),
        ("kr 1 200 000,-", 1200000.0),
        ("1 234,50", 1234.5),
        ("-120 000", -120000.0),
        ("−120 000", -120000.0),  # the typographic minus Word and Excel insert
        ("NOK 5", 5.0),
        ("100 kr", 100.0),
        ("1\u00a0000", 1000.0),  # no-break space as thousands separator
        ("1234.5", 1234.5),
        (70, 70.0),
        (70.25, 70.25),
        (np.int64(3), 3.0),
    ],
)
def test_parse_number_reads_numbers_and_norwegian_text(value: object, expected: float) -> None:
    assert cells.parse_number(value) == expected


@pytest.mark.parametrize("value", ["to millioner", "ca. 100", "", None, True, dt.date(2016, 1, 1)])
def test_parse_number_returns_none_for_what_is_not_a_number(value: object) -> None:
    assert cells.parse_number(value) is None


@pytest.mark.parametrize("value", ["nan", "inf"])
def test_parse_number_refuses_nan_and_infinity_text(value: str) -> None:
    assert cells.parse_number(value) is None


def test_to_number_converts_a_column_and_reports_each_bad_cell() -> None:
    values, messages = cells.to_number(column(5, "1 234,50", None, "to millioner"))

    assert values.iloc[:2].tolist() == [5.0, 1234.5]
    assert np.isnan(values.iloc[2]) and np.isnan(values.iloc[3])
    assert messages.tolist() == ["", "", "", "«to millioner» er ikke et tall. Skriv et tall, for eksempel 250000."]


def test_to_number_refuses_a_boolean_cell() -> None:
    values, messages = cells.to_number(column(True))

    assert np.isnan(values.iloc[0])
    assert messages.iloc[0] == "«ja» er ikke et tall. Skriv et tall, for eksempel 250000."


# --- to_year -----------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "expected"), [(2016, 2016), ("2016", 2016), (2016.0, 2016)])
def test_to_year_reads_whole_numbers(value: object, expected: int) -> None:
    values, messages = cells.to_year(column(value))

    assert str(values.dtype) == "Int64"
    assert values.iloc[0] == expected
    assert messages.iloc[0] == ""


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (2016.5, "«2016.5» er ikke et helt tall. Skriv for eksempel 2016."),
        ("i fjor", "«i fjor» er ikke et tall. Skriv et tall, for eksempel 250000."),
    ],
)
def test_to_year_reports_what_is_not_a_whole_number(value: object, message: str) -> None:
    values, messages = cells.to_year(column(value))

    assert values.isna().iloc[0]
    assert messages.iloc[0] == message


def test_to_year_leaves_a_blank_cell_missing_without_message() -> None:
    values, messages = cells.to_year(column(None, "  "))

    assert values.isna().all()
    assert messages.tolist() == ["", ""]


# --- parse_date / to_date ----------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        dt.date(2016, 2, 15),
        dt.datetime(2016, 2, 15, 13, 30),
        pd.Timestamp("2016-02-15 10:00"),
        42415,  # Excel's serial number for 15.02.2016
        42415.75,
        "15.02.2016",
        "2016-02-15",
        "15/02/2016",
        "15.02.16",
    ],
)
def test_parse_date_reads_date_cells_serials_and_text(value: object) -> None:
    assert cells.parse_date(value) == pd.Timestamp(2016, 2, 15)


@pytest.mark.parametrize("value", ["i fjor", "2016-02-30", 0, True, None])
def test_parse_date_returns_none_for_what_is_not_a_date(value: object) -> None:
    assert cells.parse_date(value) is None


def test_parse_date_drops_the_time_of_text_with_a_time() -> None:
    assert cells.parse_date("2016-02-15 10:00:00") == pd.Timestamp(2016, 2, 15)


def test_to_date_converts_a_column_and_reports_each_bad_cell() -> None:
    values, messages = cells.to_date(column("15.02.2016", 42415, None, "i fjor"))

    assert values.iloc[0] == values.iloc[1] == pd.Timestamp(2016, 2, 15)
    assert values.isna().tolist() == [False, False, True, True]
    assert messages.tolist() == ["", "", "", "«i fjor» er ikke en dato. Skriv datoen som 15.02.2016."]


# --- normalise_code / to_code / to_codes -------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (402, "3401"),
        (402.0, "3401"),
        ("0402", "3401"),
        ("0426", "3419"),
        (3401, "3401"),
        ("3419", "3419"),
        (" 3419 ", "3419"),
        (137, "0137"),
        ("0301", "0301"),  # old codes outside the region are only padded
    ],
)
def test_normalise_code_pads_and_maps_old_codes(value: object, expected: str) -> None:
    assert cells.normalise_code(value) == (expected, "")


@pytest.mark.parametrize("value", ["abc", "12345", "-402", "3 401"])
def test_normalise_code_reports_what_is_not_a_code(value: str) -> None:
    assert cells.normalise_code(value) == (None, f"«{value}» {CODE_MESSAGE}")


@pytest.mark.parametrize("value", [None, "", "   "])
def test_normalise_code_leaves_blank_without_message(value: object) -> None:
    assert cells.normalise_code(value) == (None, "")


def test_to_code_converts_a_column() -> None:
    values, messages = cells.to_code(column(402, "3401", None, "abc"))

    assert values.tolist() == ["3401", "3401", None, None]
    assert messages.tolist() == ["", "", "", f"«abc» {CODE_MESSAGE}"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("3401; 0419", ("3401", "3415")),
        ("3401,3414 ;3415", ("3401", "3414", "3415")),
        ("402, 3401", ("3401",)),  # the old and the new code are the same municipality
        (402, ("3401",)),
        (None, ()),
    ],
)
def test_to_codes_splits_and_normalises(value: object, expected: tuple[str, ...]) -> None:
    values, messages = cells.to_codes(column(value))

    assert values.iloc[0] == expected
    assert messages.iloc[0] == ""


def test_to_codes_reports_the_bad_item_and_keeps_the_good() -> None:
    values, messages = cells.to_codes(column("abc; 3401"))

    assert values.iloc[0] == ("3401",)
    assert messages.iloc[0] == f"«abc» {CODE_MESSAGE}"


# --- normalise_region ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0", "0"),
        (0, "0"),
        ("00", "0"),
        (34, "34"),
        ("34 Innlandet", "34"),
        ("3401", "3401"),
        (3401.0, "3401"),
        ("3401 Kongsvinger", "3401"),
        ("0426 Våler (Hedm.) (-2019)", "3419"),
        ("K-3401", "3401"),
        ("K-0402", "3401"),
    ],
)
def test_normalise_region_reads_country_county_and_municipality(value: object, expected: str) -> None:
    assert cells.normalise_region(value) == (expected, "")


@pytest.mark.parametrize("value", ["Kongsvinger", "12345"])
def test_normalise_region_reports_what_is_not_a_region(value: str) -> None:
    assert cells.normalise_region(value) == (None, f"«{value}» {REGION_MESSAGE}")


# --- to_choice -----------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "expected"), [(" i rute ", "I rute"), ("I RUTE", "I rute"), ("nådd", "Nådd"), (None, None)])
def test_to_choice_matches_regardless_of_case_and_spaces(value: object, expected: str | None) -> None:
    values, messages = cells.to_choice(column(value), tuple(GoalStatus), "en gyldig status for mål")

    assert values.iloc[0] == expected
    assert messages.iloc[0] == ""


def test_to_choice_lists_the_allowed_values_for_an_unknown_value() -> None:
    values, messages = cells.to_choice(column("Ferdig"), tuple(GoalStatus), "en gyldig status for mål")

    assert values.iloc[0] is None
    assert messages.iloc[0] == f"«Ferdig» er ikke en gyldig status for mål. Bruk en av {GOAL_STATUS_CHOICES}."


# --- to_ids / split_list --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("H1.1, H2;H3", ("H1.1", "H2", "H3")),
        ("1.1; 1.2", ("1.1", "1.2")),
        (1.0, ("1",)),  # an ID stored as a number loses its ".0"
        (" ; ", ()),
        (None, ()),
    ],
)
def test_to_ids_splits_on_commas_and_semicolons(value: object, expected: tuple[str, ...]) -> None:
    values, messages = cells.to_ids(column(value))

    assert values.iloc[0] == expected
    assert messages.iloc[0] == ""


# --- cell_text / is_blank -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (2016.0, "2016"),
        (1, "1"),
        (1.5, "1.5"),
        (" a  b ", "a b"),
        (True, "ja"),
        (dt.date(2016, 2, 15), "15.02.2016"),
        (None, None),
        ("   ", None),
        (float("nan"), None),
    ],
)
def test_cell_text_reads_a_cell_as_a_person_does(value: object, expected: str | None) -> None:
    assert cells.cell_text(value) == expected


@pytest.mark.parametrize(("value", "expected"), [(None, True), ("  ", True), (np.nan, True), (pd.NaT, True), (0, False), ("x", False)])
def test_is_blank_is_true_only_for_empty_cells(value: object, expected: bool) -> None:
    assert cells.is_blank(value) is expected


@pytest.mark.parametrize(("value", "expected"), [("9999", "(99)"), (1300, "(13)"), ("2101", "(21)"), ("3701", "(37)")])
def test_normalise_code_refuses_codes_of_counties_that_never_existed(value: object, expected: str) -> None:
    code, message = cells.normalise_code(value)
    assert code is None
    assert message == (
        f"«{cells.cell_text(value)}» kan ikke være et norsk kommunenummer: de to første sifrene {expected} er ikke et fylkesnummer. "
        "Sjekk nummeret, for eksempel 3401 for Kongsvinger."
    )


@pytest.mark.parametrize("value", ["3107 Fredrikstad", "5001 Trondheim", "0301 Oslo", "1101", "5601"])
def test_normalise_region_accepts_codes_outside_the_region(value: str) -> None:
    code, message = cells.normalise_region(value)
    assert message == "" and len(code) == 4


def test_normalise_region_refuses_an_unknown_county() -> None:
    code, message = cells.normalise_region("99 Ukjent")
    assert code is None and "(99) er ikke et fylkesnummer" in message
