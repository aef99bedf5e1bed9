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
