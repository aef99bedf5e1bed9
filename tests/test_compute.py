"""Computations, each checked against figures worked out by hand."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from byr_data import compute
from byr_data.dataset import Dataset
from byr_data.reading import load
from tests.workbooks import make_workbook

EMPLOYMENT_HEADER = ["Kommunenummer", "År", "Sysselsatte"]


def _dataset(sheets: dict) -> Dataset:
    result = load([("test.xlsx", make_workbook(sheets))], today=dt.date(2016, 2, 15))
    assert result.dataset is not None, [p.text() for p in result.report.errors]
    return result.dataset


def _employment(figures: dict[str, dict[int, int]]) -> list[list[object]]:
    return [EMPLOYMENT_HEADER] + [[code, year, value] for code, series in figures.items() for year, value in series.items()]


# --- regional net change --------------------------------------------------------------------


def test_region_net_change_sums_members_year_on_year() -> None:
    data = _dataset({"Sysselsetting": _employment({"3401": {2014: 100, 2015: 110, 2016: 105}, "3414": {2014: 50, 2015: 45, 2016: 60}})})
    # 2015: (110−100) + (45−50) = 5; 2016: (105−110) + (60−45) = 10
    assert compute.region_net_change(data).net_change.to_dict() == {2015: 5.0, 2016: 10.0}


def test_region_net_change_counts_a_member_that_left_up_to_its_last_year() -> None:
    data = _dataset({
        "Kommuner": [["Kommunenummer", "Kommune", "Medlem fra", "Medlem til"], ["3401", "Kongsvinger", None, None], ["3419", "Våler", None, 2016]],
        "Sysselsetting": _employment({"3401": {2015: 100, 2016: 110, 2017: 130}, "3419": {2015: 50, 2016: 40, 2017: 10}}),
    })
    # 2016: (110−100) + (40−50) = 0; 2017: Våler is no longer a member: 130−110 = 20
    assert compute.region_net_change(data).net_change.to_dict() == {2016: 0.0, 2017: 20.0}


def test_region_net_change_counts_a_member_that_joined_from_its_first_year() -> None:
    data = _dataset({
        "Kommuner": [["Kommunenummer", "Kommune", "Medlem fra", "Medlem til"], ["3401", "Kongsvinger", None, None], ["3416", "Eidskog", 2017, None]],
        "Sysselsetting": _employment({"3401": {2015: 100, 2016: 110, 2017: 130}, "3416": {2015: 50, 2016: 40, 2017: 43}}),
    })
    # 2016: only Kongsvinger, +10; 2017: (130−110) + (43−40) = 23
    assert compute.region_net_change(data).net_change.to_dict() == {2016: 10.0, 2017: 23.0}


def test_region_net_change_leaves_out_a_year_a_member_lacks_and_says_which() -> None:
    data = _dataset({"Sysselsetting": _employment({"3401": {2014: 100, 2015: 110, 2016: 120, 2017: 125}, "3414": {2014: 50, 2015: 52, 2017: 55}})})
    series = compute.region_net_change(data)
    # 3414 has no 2016: 2016 (needs 2016) and 2017 (needs 2016 as the year before) are both left out.
    assert series.net_change.to_dict() == {2015: 12.0}
    assert series.missing.to_dict("records") == [{"code": "3414", "year": 2016}, {"code": "3414", "year": 2017}]


def test_region_net_change_merges_old_and_new_codes_into_one_series() -> None:
    data = _dataset({"Sysselsetting": _employment({"0402": {2018: 8598, 2019: 8423}, "3401": {2020: 8297, 2021: 8614}})})
    # One municipality on today's code: 2019: −175, 2020: −126, 2021: +317
    assert compute.region_net_change(data).net_change.to_dict() == {2019: -175.0, 2020: -126.0, 2021: 317.0}


def test_region_net_change_keeps_comparison_series_apart() -> None:
    data = _dataset({
        "Kommuner": [["Kommunenummer", "Kommune"], ["3401", "Kongsvinger"]],
        "Sysselsetting": _employment({"3401": {2015: 100, 2016: 103}, "3403": {2015: 500, 2016: 900}, "34": {2015: 10_000, 2016: 11_000}, "0": {2015: 2_700_000, 2016: 2_750_000}}),
    })
    # 3403 (Hamar) is not in Kommuner: a comparison series, like the county and the country.
    assert compute.region_net_change(data).net_change.to_dict() == {2016: 3.0}


def test_region_net_change_narrowed_to_chosen_members() -> None:
    data = _dataset({"Sysselsetting": _employment({"3401": {2015: 100, 2016: 110}, "3414": {2015: 50, 2016: 45}})})
    assert compute.region_net_change(data, ["3414"]).net_change.to_dict() == {2016: -5.0}
    assert compute.region_net_change(data, ()).net_change.to_dict() == {2016: 5.0}  # empty choice = all


def test_employment_totals_use_the_total_row_or_the_sum_of_industries_never_both() -> None:
    data = _dataset({"Sysselsetting": [
        ["Kommunenummer", "År", "Næring", "Sysselsatte"],
        ["3401", 2015, "00-99 Alle næringer", 100], ["3401", 2015, "Industri", 40], ["3401", 2015, "Handel", 60],
        ["3401", 2016, "Industri", 45], ["3401", 2016, "Handel", 70],
    ]})
    totals = compute.employment_totals(data.employment)
    # 2015 has a total row (100, not 100 + 40 + 60); 2016 has only parts: 45 + 70 = 115
    assert dict(zip(totals["year"], totals["employed"], strict=True)) == {2015: 100.0, 2016: 115.0}


# --- growth since the baseline and the target ------------------------------------------------


def test_cumulative_growth_sums_changes_after_the_baseline() -> None:
    net = pd.Series({2014: 50.0, 2015: -367.0, 2016: 39.0, 2017: 132.0})
    assert compute.cumulative_growth(net, 2014).to_dict() == {2015: -367.0, 2016: -328.0, 2017: -196.0}


def test_cumulative_growth_stops_at_the_first_missing_year() -> None:
    net = pd.Series({2015: 10.0, 2016: 20.0, 2018: 5.0})
    assert compute.cumulative_growth(net, 2014).to_dict() == {2015: 10.0, 2016: 30.0}


def test_cumulative_growth_with_a_later_baseline() -> None:
    net = pd.Series({2015: -367.0, 2016: 39.0, 2017: 132.0})
    assert compute.cumulative_growth(net, 2016).to_dict() == {2017: 132.0}


@pytest.mark.parametrize(("per_year", "target_year", "year", "expected"), [
    (True, 2018, 2014, 0.0),
    (True, 2018, 2017, 300.0),  # 100 × (2017 − 2014)
    (True, 2018, 2020, 400.0),  # the path stops at Målår: 100 × (2018 − 2014), never 600
    (True, None, 2020, 600.0),  # a yearly target without Målår keeps its pace
    (False, 2018, 2016, 50.0),  # 100 in total over 2014→2018: 25 a year, 2 years
    (False, 2018, 2020, 100.0),  # a total target stays at its value after Målår
    (False, None, 2020, 100.0),  # a total target without Målår: its value, no path
])
def test_job_target_path(per_year: bool, target_year: int | None, year: int, expected: float) -> None:
    target = compute.JobTarget(value=100, per_year=per_year, baseline_year=2014, target_year=target_year, name="Mål")
    assert target.path(year) == expected


@pytest.mark.parametrize(("unit", "expected"), [
    ("arbeidsplasser per år", True), ("Arbeidsplasser pr. år", True), ("jobber/år", True), ("arbeidsplasser", False), (None, False),
])
def test_is_per_year(unit: str | None, expected: bool) -> None:
    assert compute.is_per_year(unit) is expected


def test_job_status_on_the_sample(sample: Dataset) -> None:
    status = compute.job_status(sample)
    # Built into the sample: +39 in 2016 (seven members), +132 in 2017 (Våler out after 2016).
    series = compute.region_net_change(sample).net_change
    assert (series[2016], series[2017]) == (39.0, 132.0)
    # 2015 −367, 2016 +39, 2017 +132, 2018 +239, 2019 −221, 2020 −257, 2021 +480, 2022 +160, 2023 −1, 2024 +9 → +213
    assert (status.baseline_year, status.cumulative_year, status.cumulative) == (2014, 2024, 213.0)
    assert (status.last_year, status.last_change) == (2024, 9.0)


def test_job_status_for_kongsvinger_uses_its_public_series(sample: Dataset) -> None:
    status = compute.job_status(sample, ["3401"])
    assert status.cumulative == 8689 - 8370  # 2024 (illustrative) − 2014 (SSB)
    series = compute.region_net_change(sample, ["3401"]).net_change
    assert series[2015] == 8222 - 8370  # −148, the SSB series
    assert series[2016] == 8336 - 8222  # +114


# --- goals and activities --------------------------------------------------------------------


def test_filter_goals_keeps_whole_region_goals(sample: Dataset) -> None:
    kept = compute.filter_goals(sample.goals, ["3416"])
    assert set(kept["municipality"].dropna()) == {"3416"}
    assert len(kept) == 21 + 1  # 21 for the whole region, 1 for Eidskog


def test_goal_tree_orders_children_under_their_parent(sample: Dataset) -> None:
    tree = compute.goal_tree(sample.goals)
    assert list(tree["id"][:7]) == ["S", "H1", "H1.1", "H1.2", "H1.3", "H1.4", "H2"]
    assert list(tree["depth"][:3]) == [0, 1, 2]


def test_indicator_progress_is_share_of_the_way_from_start_to_target() -> None:
    goal = pd.Series({"start_value": 20.0, "current_value": 35.0, "target_value": 80.0})
    assert compute.indicator_progress(goal) == pytest.approx(0.25)  # (35 − 20) / (80 − 20)
    assert compute.indicator_progress(pd.Series({"start_value": 1.0, "current_value": None, "target_value": 2.0})) is None


def test_latest_measurement_is_the_current_value() -> None:
    goals = pd.DataFrame({"id": ["A", "B"], "current_value": [1.0, 7.0], "current_year": pd.array([2015, 2015], dtype="Int64")})
    measurements = pd.DataFrame({"goal_id": ["A", "A", "A"], "year": [2017, 2015, 2016], "value": [9.0, 1.0, 4.0]})
    merged = compute.latest_measurements(goals, measurements)
    assert list(merged["current_value"]) == [9.0, 7.0]
    assert list(merged["current_year"]) == [2017, 2015]


def test_late_activities_are_past_end_and_not_closed(sample: Dataset) -> None:
    late = compute.late_activities(sample.activities, dt.date(2016, 7, 1))
    assert list(late["id"]) == ["A6"]  # ends 30.06.2016, still «Påbegynt»; the done ones don't count


def test_filter_activities_by_municipality_status_and_goal(sample: Dataset) -> None:
    assert len(compute.filter_activities(sample.activities, ["3417"])) == 10
    assert list(compute.filter_activities(sample.activities, statuses=["Påbegynt"])["id"]) == ["A6", "A7"]
    linked = compute.filter_activities(sample.activities, goal_ids=["H3.1"])
    assert all("H3.1" in cell for cell in linked["goal_ids"]) and len(linked) >= 1


def test_count_by_lists_only_values_that_occur_in_canonical_order(sample: Dataset) -> None:
    assert compute.count_by(sample.activities, "status", compute.ALL_ACTIVITY_STATUSES) == {
        "Planlagt": 4, "Påbegynt": 2, "Gjennomført": 5, "Utsatt": 1,
    }


# --- budget ------------------------------------------------------------------------------------


def test_budget_by_year_on_the_sample(sample: Dataset) -> None:
    sums = compute.budget_by_year(sample.budget)
    assert sums.loc[2016].to_dict() == {"original": 1_750_000, "revised": 3_880_000, "actual": 162_400}


def test_waterfall_runs_from_original_through_each_change_to_revised(sample: Dataset) -> None:
    steps = compute.waterfall_steps(sample.budget, sample.budget_changes, 2016)
    assert list(steps["amount"]) == [1_750_000, 2_250_000, -120_000, 3_880_000]
    assert list(steps["measure"]) == ["absolute", "relative", "relative", "total"]
    assert steps["detail"][2] == "Kun ett felles kommunestyremøte i 2016"


def test_waterfall_names_an_unexplained_difference_not_distributed_with_its_amount() -> None:
    budget = pd.DataFrame({"year": [2016], "post": ["Drift"], "original": [100.0], "revised": [150.0], "actual": [0.0], "funding": [None]})
    changes = pd.DataFrame({"date": [pd.Timestamp("2016-03-01")], "year": [2016], "post": ["Drift"], "amount": [30.0], "reason": ["Vedtak"], "decided_by": [None]})
    steps = compute.waterfall_steps(budget, changes, 2016)
    assert list(steps["amount"]) == [100.0, 30.0, 20.0, 150.0]
    assert steps["label"][2] == "Ikke fordelt"
    # revised 150 − original 100 − the listed 30 = 20 not distributed on any change
    assert steps["detail"][2] == "+20 kr av endringen fra opprinnelig til revidert budsjett står ikke i «Budsjettendringer»"


def test_budget_by_funding(sample: Dataset) -> None:
    # KMD funds 1 000 000 a year; the municipalities the rest of 3 880 000.
    assert compute.budget_by_funding(sample.budget, 2016).to_dict() == {"Kommunene": 2_880_000, "KMD": 1_000_000}


def test_default_budget_year_is_the_running_year() -> None:
    sums = pd.DataFrame({"original": [1.0, 1.0, 1.0], "revised": [1.0, 1.0, 1.0], "actual": [1.0, 0.5, 0.0]}, index=[2015, 2016, 2017])
    assert compute.default_budget_year(sums, dt.date(2026, 11, 27)) == 2016
    assert compute.default_budget_year(sums, dt.date(2017, 1, 5)) == 2017


def test_strategic_goal_progress_comes_from_job_growth_not_typed_values(sample: Dataset) -> None:
    typed = sample.strategic_goal().copy()
    typed["start_value"], typed["current_value"], typed["target_value"] = 0.0, 90.0, 100.0
    assert compute.indicator_progress(typed) is None  # a typed Nåverdi never counts


def test_filter_dataset_keeps_the_chosen_municipalities_and_the_comparisons(sample: Dataset) -> None:
    filtered = compute.filter_dataset(sample, ["3416"])
    assert set(filtered.employment.loc[filtered.employment["kind"] == "municipality", "code"]) == {"3416"}
    assert {"34", "0"} <= set(filtered.employment["code"])  # comparison series stay
    assert len(filtered.goals) == 23 and len(filtered.activities) == 11  # + whole-region goals and activities
    # H5.2 is Nord-Odal's, but the whole-region activity A7 is linked to it: kept, so the workbook reads back.
    assert set(filtered.goals["id"]) - set(compute.filter_goals(sample.goals, {"3416"})["id"]) == {"H5.2"}
    assert set(filtered.measurements["goal_id"]) <= set(filtered.goals["id"])
    assert filtered.budget is sample.budget  # the budget is the region's
    assert compute.filter_dataset(sample, []) is sample
