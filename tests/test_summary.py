"""The machine-readable summary: the job figures of the «jobs» section."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from byr_data.dataset import Dataset
from byr_data.reading import load
from byr_data.summary import summarise
from tests.workbooks import EMPLOYMENT, GOALS, MUNICIPALITIES, make_workbook


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
