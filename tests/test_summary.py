"""The machine-readable summary: the job figures of the «jobs» section."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from byr_data.dataset import Dataset
from byr_data.reading import load
from byr_data.summary import summarise
from tests.workbooks import EMPLOYMENT, GOALS, MUNICIPALITIES, make_workbook, story_workbook


def _summary(sheets: dict) -> dict:
    result = load([("test.xlsx", make_workbook(sheets))], today=dt.date(2016, 2, 15))
    assert result.dataset is not None, [p.text() for p in result.report.errors]
    return summarise(result.dataset)


def _goals(unit: str | None, start_year: int | None, target: int | None) -> list[list[object]]:
    """The strategic goal of tests.workbooks.GOALS with another unit, Startår and Målverdi."""
    header, strategic, *rest = GOALS
    return [header, [*strategic[:4], unit, start_year, target, strategic[7]], *rest]


def test_summary_jobs_on_the_sample(sample: Dataset) -> None:
    jobs = summarise(sample)["jobs"]
    assert jobs["baseline_year"] == 2014
    assert jobs["target"] == {"value": 100, "per_year": True}
    # 2015 −367, 2016 +39 → −328; … 2024 +9 → +213 (see test_compute)
    assert jobs["cumulative"]["2015"] == -367
    assert jobs["cumulative"]["2016"] == -328
    assert jobs["cumulative"]["2024"] == 213
    assert list(jobs["cumulative"]) == [str(y) for y in range(2015, 2025)]  # years after the baseline only
    assert {"employed", "region_net_change"} <= set(jobs)  # the existing keys stay


def test_summary_jobs_whole_numbers_are_int_and_the_section_is_json(sample: Dataset) -> None:
    jobs = summarise(sample)["jobs"]
    assert type(jobs["cumulative"]["2024"]) is int
    assert type(jobs["target"]["value"]) is int
    assert type(jobs["baseline_year"]) is int
    assert json.loads(json.dumps(jobs))["target"] == {"value": 100, "per_year": True}


def test_summary_jobs_without_a_strategic_goal() -> None:
    jobs = _summary({"Kommuner": MUNICIPALITIES, "Sysselsetting": EMPLOYMENT})["jobs"]
    # No goal: the baseline is the first employment year, 2015.
    # 2016: Kongsvinger 8336 − 8222 = 114, Våler (member to 2016) 1010 − 1000 = 10: 124
    assert jobs["target"] is None
    assert jobs["baseline_year"] == 2015
    assert jobs["cumulative"] == {"2016": 124}


@pytest.mark.parametrize(("unit", "start_year", "value", "baseline", "target", "cumulative"), [
    ("arbeidsplasser per år", 2014, 100, 2014, {"value": 100, "per_year": True}, {}),  # no 2014 figures: no change 2015 to add
    ("arbeidsplasser", 2015, 400, 2015, {"value": 400, "per_year": False}, {"2016": 124}),  # a total target
    ("arbeidsplasser", 2015, None, 2015, None, {"2016": 124}),  # a strategic goal without Målverdi: no target
    ("arbeidsplasser", 2016, 400, 2016, {"value": 400, "per_year": False}, {}),  # a changed baseline: nothing after it yet
])
def test_summary_jobs_follow_the_strategic_goal(unit: str, start_year: int, value: int | None, baseline: int, target: dict | None, cumulative: dict) -> None:
    jobs = _summary({"Kommuner": MUNICIPALITIES, "Mål": _goals(unit, start_year, value), "Sysselsetting": EMPLOYMENT})["jobs"]
    assert (jobs["baseline_year"], jobs["target"], jobs["cumulative"]) == (baseline, target, cumulative)


def test_summary_has_no_jobs_section_without_employment() -> None:
    assert "jobs" not in _summary({"Kommuner": MUNICIPALITIES})


def test_summary_target_status_on_the_sample(sample: Dataset) -> None:
    # 100 a year from 2014 to 2018: +400; +43 in 2018, so 357 short and late, whatever the data types («I rute»).
    assert summarise(sample)["jobs"]["target_status"] == {
        "status": "Forsinket", "target_year": 2018, "growth_at_target_year": 43, "target_at_target_year": 400, "shortfall": 357,
        # the growth shown: 2014–2024 +213; the path stops at +400 in the target year; no pace after the target year
        "baseline_year": 2014, "last_year": 2024, "growth": 213, "path_to_date": 400, "needed_per_year": None,
    }
    assert summarise(sample)["goals"]["by_status"]["Forsinket"] == 4  # the strategic goal counts with its computed status


# Kongsvinger and Våler (out after 2016). Growth since 2014: 2015 +90, 2016 +180, 2017 +230, 2018 +280, 2019 +260.
TO_2019 = {"3401": {2014: 1000, 2015: 1100, 2016: 1200, 2017: 1250, 2018: 1300, 2019: 1280},
           "3419": {2014: 500, 2015: 490, 2016: 480, 2017: 100, 2018: 90, 2019: 80}}


@pytest.mark.parametrize(("goal", "expected"), [
    # Before the target year: growth at the target year and the shortfall are null. 180 < 100 × 2 → Risiko.
    ({"target_year": 2020}, {"status": "Risiko", "target_year": 2020, "growth_at_target_year": None, "target_at_target_year": 600,
                             "shortfall": None, "baseline_year": 2014, "last_year": 2016, "growth": 180, "path_to_date": 200,
                             "needed_per_year": 105}),  # (600 − 180) ÷ (2020 − 2016)
    # After: +280 in 2018 against +400.
    ({}, {"status": "Forsinket", "target_year": 2018, "growth_at_target_year": 280, "target_at_target_year": 400, "shortfall": 120,
          "baseline_year": 2014, "last_year": 2019, "growth": 260, "path_to_date": 400, "needed_per_year": None}),
    # Exceeded: 250 in total by 2018, +280 reached: the shortfall is negative.
    ({"unit": "arbeidsplasser", "value": 250}, {"status": "Nådd", "target_year": 2018, "growth_at_target_year": 280,
                                                "target_at_target_year": 250, "shortfall": -30, "baseline_year": 2014, "last_year": 2019,
                                                "growth": 260, "path_to_date": 250, "needed_per_year": None}),
    # Without a target year all but the status are null: 260 < 100 × 5 → Risiko.
    # The path goes on (100 × 5 = 500 by 2019) and the pace needed is the yearly target itself.
    ({"target_year": None}, {"status": "Risiko", "target_year": None, "growth_at_target_year": None, "target_at_target_year": None,
                             "shortfall": None, "baseline_year": 2014, "last_year": 2019, "growth": 260, "path_to_date": 500,
                             "needed_per_year": 100}),
])
def test_summary_target_status(goal: dict, expected: dict) -> None:
    jobs = TO_2019 if goal.get("target_year", 2018) != 2020 else {c: {y: v for y, v in s.items() if y <= 2016} for c, s in TO_2019.items()}
    result = load([("test.xlsx", make_workbook(story_workbook(jobs, **goal)))], today=dt.date(2020, 2, 15))
    assert result.dataset is not None, [p.text() for p in result.report.errors]
    assert json.loads(json.dumps(summarise(result.dataset)))["jobs"]["target_status"] == expected
