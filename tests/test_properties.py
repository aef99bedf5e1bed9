"""Properties that hold for any input, checked with generated cases (hypothesis)."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from byr_data import cells, compute, fmt
from byr_data.dataset import Dataset
from byr_data.model import COUNTY_NUMBERS

whole_numbers = st.integers(min_value=-10**12, max_value=10**12)


@given(whole_numbers)
def test_a_number_written_the_norwegian_way_reads_back(value: int) -> None:
    assert cells.parse_number(fmt.number(value)) == value
    assert cells.parse_number(fmt.kroner(value)) == value


@given(st.decimals(min_value=-10**9, max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_a_decimal_number_with_comma_reads_back(value) -> None:
    assert cells.parse_number(fmt.number(float(value), decimals=2)) == float(value)


@given(st.integers(min_value=1, max_value=9999))
def test_a_code_typed_as_a_number_becomes_four_digits_or_is_refused(number: int) -> None:
    code, message = cells.normalise_code(number)
    if f"{number:04d}"[:2] in COUNTY_NUMBERS:
        assert message == ""
        assert len(code) == 4 and code.isdigit()
    else:  # 9999: no county 99 has existed
        assert code is None
        assert "er ikke et fylkesnummer" in message


series = st.lists(st.integers(min_value=0, max_value=50_000), min_size=3, max_size=3)


@settings(max_examples=50, deadline=None)
@given(st.lists(series, min_size=1, max_size=5))
def test_region_change_is_the_sum_of_member_changes_when_all_are_members(figures: list[list[int]]) -> None:
    codes = [f"34{i:02d}" for i in range(len(figures))]
    employment = pd.DataFrame({
        "code": [c for c in codes for _ in range(3)],
        "year": pd.array([y for _ in codes for y in (2015, 2016, 2017)], dtype="Int64"),
        "employed": [float(v) for values in figures for v in values],
        "industry": None, "name": "x", "kind": "municipality",
    })
    data = Dataset(files=("x.xlsx",), employment=employment)
    net = compute.region_net_change(data).net_change
    for year, index in ((2016, 1), (2017, 2)):
        assert net[year] == sum(values[index] - values[index - 1] for values in figures)
    # Growth since the baseline telescopes: the last year minus the baseline year.
    assert compute.cumulative_growth(net, 2015)[2017] == sum(values[2] - values[0] for values in figures)
