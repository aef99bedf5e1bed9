"""The machine-readable summary of a dataset (``python -m byr_data summary --json``)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from byr_data import compute, growth
from byr_data.dataset import Dataset
from byr_data.errors import MAX_LISTED, Report


def _number(value: float) -> int | float:
    """Whole numbers as int, so JSON shows 1750000 rather than 1750000.0."""
    return int(value) if float(value).is_integer() else float(value)


def _maybe(value: float | None) -> int | float | None:
    return None if value is None else _number(value)


def target_status(story: growth.JobStory | None) -> dict[str, Any] | None:
    """The strategic goal's status as the pages show it (``jobs.target_status``): computed from the figures.

    ``status`` is the Norwegian status as written in the data format (the typed one when the
    figures cannot tell); before the target year ``growth_at_target_year`` and ``shortfall`` are
    null; without a target year all but ``status`` are null; ``shortfall`` is negative when the
    target was exceeded. ``growth`` is the region's growth from ``baseline_year`` to ``last_year``
    (the report's «Netto vekst»), ``path_to_date`` what the target asks for by then and
    ``needed_per_year`` the pace needed before the target year.
    """
    if story is None or (story.target is None and story.reported is None):
        return None
    has_year = story.target_year is not None
    return {
        "status": story.shown_status,
        "target_year": story.target_year,
        "growth_at_target_year": _maybe(story.growth_at_target_year) if has_year else None,
        "target_at_target_year": _maybe(story.target_at_target_year) if has_year else None,
        "shortfall": _maybe(story.shortfall) if has_year else None,
        "baseline_year": story.baseline,
        "last_year": story.last_year,
        "growth": _maybe(story.growth),
        "path_to_date": _maybe(story.path_to_date),
        "needed_per_year": _maybe(story.needed_per_year),
    }


def _year(value: float | None) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def summarise(dataset: Dataset) -> dict[str, Any]:
    """One section per table present: counts, budget sums and job figures."""
    out: dict[str, Any] = {}
    if dataset.municipalities is not None:
        out["municipalities"] = {
            code: {"name": name, "member_from": _year(start), "member_to": _year(end)}
            for code, name, start, end in dataset.municipalities[["code", "name", "member_from", "member_to"]].itertuples(index=False)
        }
    story = growth.job_story(dataset) if dataset.employment is not None else None
    goals = growth.goals_with_computed_status(dataset.goals, story)
    if goals is not None:
        out["goals"] = {
            "by_level": compute.count_by(goals, "level", compute.ALL_GOAL_LEVELS),
            "by_status": compute.count_by(goals, "status", compute.ALL_GOAL_STATUSES),
        }
    if dataset.activities is not None:
        out["activities"] = {"by_status": compute.count_by(dataset.activities, "status", compute.ALL_ACTIVITY_STATUSES)}
    if dataset.budget is not None:
        out["budget"] = {
            str(year): {"original": _number(row.original), "revised": _number(row.revised), "actual": _number(row.actual)}
            for year, row in compute.budget_by_year(dataset.budget).iterrows()
        }
    if dataset.budget_changes is not None:
        out["budget_changes"] = {str(y): _number(v) for y, v in compute.budget_changes_by_year(dataset.budget_changes).items()}
    if dataset.employment is not None:
        totals = compute.municipal_totals(dataset)
        employed: dict[str, dict[str, int | float]] = {}
        for code, year, value in totals[["code", "year", "employed"]].itertuples(index=False):
            employed.setdefault(code, {})[str(int(year))] = _number(value)
        net = compute.region_net_change(dataset).net_change
        base = compute.baseline_year(dataset)
        cumulative = story.cumulative if story is not None else pd.Series(dtype="float64")
        target = compute.job_target(dataset)
        out["jobs"] = {
            "employed": employed,
            "region_net_change": {str(int(y)): _number(v) for y, v in net.items()},
            "baseline_year": base,
            "cumulative": {str(int(y)): _number(v) for y, v in cumulative.items()},
            "target": None if target is None else {"value": _number(target.value), "per_year": target.per_year},
            "target_status": target_status(story),
        }
        comparisons = dataset.employment[dataset.employment["kind"] != "municipality"]
        out["comparisons"] = _by_code_and_year(compute.employment_totals(comparisons), "employed")
    if dataset.population is not None:
        out["population"] = _by_code_and_year(dataset.population, "population")
    return out


def _by_code_and_year(table: pd.DataFrame, column: str) -> dict[str, dict[str, int | float]]:
    """``{code: {year: figure}}``, codes and years in the table's order (the figures as read, nothing left out)."""
    out: dict[str, dict[str, int | float]] = {}
    for code, year, value in table[["code", "year", column]].itertuples(index=False):
        if pd.notna(year) and pd.notna(value):
            out.setdefault(str(code), {})[str(int(year))] = _number(value)
    return out


def report_json(report: Report) -> dict[str, Any]:
    """The validation result as the CLI prints it with ``--json``."""
    errors = report.errors
    return {
        "ok": report.ok,
        "errors": [p.as_dict() for p in errors[:MAX_LISTED]],
        "warnings": [p.as_dict() for p in report.warnings],
        "info": [p.as_dict() for p in report.info],
        "more_errors": max(len(errors) - MAX_LISTED, 0),
        "tables": report.tables,
    }
