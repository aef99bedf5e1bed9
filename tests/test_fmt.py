"""Norwegian number and date formats."""

from __future__ import annotations

import datetime as dt

import pytest

from byr_data import fmt


@pytest.mark.parametrize(("value", "kwargs", "expected"), [
    (2_250_000, {}, "2 250 000"),
    (-120_000, {}, "−120 000"),
    (1234.5, {"decimals": 2}, "1 234,50"),
    (39, {"signed": True}, "+39"),
    (0, {"signed": True}, "0"),
    (-0.2, {}, "0"),  # rounds to zero: no minus on a zero
    (None, {}, "–"),
    (float("nan"), {}, "–"),
])
def test_number(value, kwargs, expected) -> None:
    assert fmt.number(value, **kwargs) == expected


def test_kroner() -> None:
    assert fmt.kroner(2_250_000) == "2 250 000 kr"
    assert fmt.kroner(2_250_000, signed=True) == "+2 250 000 kr"
    assert fmt.kroner(-120_000, signed=True) == "−120 000 kr"


def test_percent_takes_a_share() -> None:
    assert fmt.percent(0.0021, 2) == "0,21 %"
    assert fmt.percent(0.25, 0) == "25 %"


def test_date() -> None:
    assert fmt.date(dt.date(2016, 2, 15)) == "15.02.2016"
    assert fmt.date(None) == "–"


def test_millions_for_chart_labels() -> None:
    assert fmt.millions(3_880_000) == "3,88 mill."
    assert fmt.millions(162_400) == "0,16 mill."
    assert fmt.millions(0) == "0 kr"


def test_timestamp_is_norwegian_local_time() -> None:
    # 13.30 UTC in February is 14.30 in Oslo (CET); in July 12.00 UTC is 14.00 (CEST).
    assert fmt.timestamp(dt.datetime(2016, 2, 15, 13, 30, tzinfo=dt.UTC)) == "15.02.2016 kl. 14.30"
    assert fmt.timestamp(dt.datetime(2016, 7, 1, 12, 0, tzinfo=dt.UTC)) == "01.07.2016 kl. 14.00"


HOW = "Skriv datoen som DD.MM.ÅÅÅÅ, for eksempel 15.02.2016."


@pytest.mark.parametrize(("text", "expected"), [
    ("15.02.2016", dt.date(2016, 2, 15)),
    ("5.2.2016", dt.date(2016, 2, 5)),  # leading zeros may be left out
    (" 29.02.2016 ", dt.date(2016, 2, 29)),  # a leap day; spaces around are ignored
    ("15. 02. 2016", dt.date(2016, 2, 15)),  # and spaces inside
    ("31.12.2015", dt.date(2015, 12, 31)),
])
def test_parse_date_reads_day_month_year(text: str, expected: dt.date) -> None:
    assert fmt.parse_date(text) == expected


@pytest.mark.parametrize(("text", "message"), [
    ("31.02.2016", f"31.02.2016 finnes ikke: februar 2016 har 29 dager. {HOW}"),
    ("29.02.2015", f"29.02.2015 finnes ikke: februar 2015 har 28 dager. {HOW}"),
    ("31.4.2016", f"31.4.2016 finnes ikke: april 2016 har 30 dager. {HOW}"),
    ("0.01.2016", f"0.01.2016 finnes ikke: januar 2016 har 31 dager. {HOW}"),
    ("15.13.2016", f"15.13.2016 finnes ikke: et år har 12 måneder. {HOW}"),
    ("15.00.2016", f"15.00.2016 finnes ikke: et år har 12 måneder. {HOW}"),
    ("01.01.0000", f"01.01.0000 finnes ikke: år 0 finnes ikke. {HOW}"),
    # ÅÅÅÅ-MM-DD is the right day in the wrong form: the example shows that day as DD.MM.ÅÅÅÅ.
    ("2017-03-01", "«2017-03-01» er ikke en dato på formen DD.MM.ÅÅÅÅ. Skriv datoen som DD.MM.ÅÅÅÅ, for eksempel 01.03.2017."),
    ("2016-02-30", f"«2016-02-30» er ikke en dato på formen DD.MM.ÅÅÅÅ. {HOW}"),
    ("15.02.16", f"«15.02.16» er ikke en dato på formen DD.MM.ÅÅÅÅ. {HOW}"),
    ("15/02/2016", f"«15/02/2016» er ikke en dato på formen DD.MM.ÅÅÅÅ. {HOW}"),
    ("i går", f"«i går» er ikke en dato på formen DD.MM.ÅÅÅÅ. {HOW}"),
    ("1" * 30, f"«{'1' * 20}…» er ikke en dato på formen DD.MM.ÅÅÅÅ. {HOW}"),
    ("", f"Datoen mangler. {HOW}"),
    ("   ", f"Datoen mangler. {HOW}"),
])
def test_parse_date_says_what_is_wrong_in_norwegian(text: str, message: str) -> None:
    with pytest.raises(ValueError) as raised:
        fmt.parse_date(text)
    assert str(raised.value) == message
