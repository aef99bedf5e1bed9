"""Pure computations on a validated dataset: DataFrames and plain values in, new ones out."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from byr_data import fmt
from byr_data.dataset import Dataset
from byr_data.model import (
    ATTENTION_GOAL_STATUSES,
    CLOSED_ACTIVITY_STATUSES,
    KNOWN_NAMES,
    OLD_BASIS,
    PER_YEAR_MARKERS,
    ActivityStatus,
    GoalLevel,
    GoalStatus,
)

# --- municipalities and membership -------------------------------------------------------


def municipality_names(dataset: Dataset) -> dict[str, str]:
    """Code -> name for every municipality the data knows, members first."""
    names: dict[str, str] = {}
    if dataset.municipalities is not None:
        names.update(zip(dataset.municipalities["code"], dataset.municipalities["name"], strict=True))
    if dataset.employment is not None:
        emp = dataset.employment.drop_duplicates("code")
        for code, name in zip(emp["code"], emp["name"], strict=True):
            names.setdefault(code, name if isinstance(name, str) and name else KNOWN_NAMES.get(code, code))
    return names


def membership(dataset: Dataset) -> pd.DataFrame:
    """The region's members: code, name, first and last member year (NA = open).

    With no Kommuner sheet, every municipality in the employment data is a member in all years.
    """
    if dataset.municipalities is not None:
        table = dataset.municipalities[["code", "name", "member_from", "member_to"]]
        return table.reset_index(drop=True)
    codes = municipal_totals(dataset)["code"].unique() if dataset.employment is not None else []
    names = municipality_names(dataset)
    return pd.DataFrame(
        {
            "code": pd.Series(codes, dtype=object),
            "name": pd.Series([names.get(c, c) for c in codes], dtype=object),
            "member_from": pd.Series([pd.NA] * len(codes), dtype="Int64"),
            "member_to": pd.Series([pd.NA] * len(codes), dtype="Int64"),
        }
    )


def is_member(members: pd.DataFrame, code: str, year: int) -> bool:
    """True when ``code`` was a member in ``year`` (both ends inclusive)."""
    row = members[members["code"] == code]
    if row.empty:
        return False
    start, end = row["member_from"].iloc[0], row["member_to"].iloc[0]
    return (pd.isna(start) or start <= year) and (pd.isna(end) or year <= end)


# --- employment ----------------------------------------------------------------------------


def level_rows(employment: pd.DataFrame) -> pd.DataFrame:
    """The rows that give the level: all but SSB's 2015 figures on the old basis where the new one is given too."""
    if "basis" not in employment:
        return employment
    return employment[employment["basis"].ne(OLD_BASIS).to_numpy(dtype=bool)]


def old_basis_totals(dataset: Dataset) -> dict[tuple[str, int], float]:
    """(code, year) -> jobs on SSB's old basis, for the years (2015) the data gives on both bases."""
    employment = dataset.employment
    if employment is None or "basis" not in employment or not employment["basis"].eq(OLD_BASIS).any():
        return {}
    old = employment[employment["basis"].eq(OLD_BASIS).to_numpy(dtype=bool)].assign(basis=None)
    totals = employment_totals(old)
    return {(str(c), int(y)): float(n) for c, y, n in totals[["code", "year", "employed"]].itertuples(index=False)}


def bridge_old_basis(change: pd.DataFrame, wide: pd.DataFrame, old: dict[tuple[str, int], float]) -> pd.DataFrame:
    """Year-on-year changes (years × codes) with the change into a year SSB gave on both bases taken on
    the old one: old-basis jobs in Y − jobs in Y−1, so the change does not mix the two bases."""
    if not old:
        return change
    change = change.copy()
    for (code, year), jobs in old.items():
        if year in change.index and code in change.columns and year - 1 in wide.index:
            change.loc[year, code] = jobs - wide.loc[year - 1, code]
    return change


def employment_totals(employment: pd.DataFrame) -> pd.DataFrame:
    """Employed persons per region and year, all industries together.

    The total row (blank industry) counts when present; where a region-year has only
    industry rows, their sum stands in. The total and its parts are never added together.
    """
    employment = level_rows(employment)
    totals = employment[employment["industry"].isna()]
    parts = employment[employment["industry"].notna()]
    if not parts.empty:
        summed = parts.groupby(["code", "year"], as_index=False).agg(employed=("employed", "sum"), kind=("kind", "first"), name=("name", "first"))
        have = pd.MultiIndex.from_frame(totals[["code", "year"]])
        summed = summed[~pd.MultiIndex.from_frame(summed[["code", "year"]]).isin(have)]
        totals = pd.concat([totals[["code", "year", "employed", "kind", "name"]], summed], ignore_index=True)
    return totals[["code", "year", "employed", "kind", "name"]].sort_values(["code", "year"]).reset_index(drop=True)


def municipal_totals(dataset: Dataset) -> pd.DataFrame:
    """Totals for municipalities only (comparison counties and the country left out)."""
    if dataset.employment is None:
        return pd.DataFrame(columns=["code", "year", "employed", "kind", "name"])
    totals = employment_totals(dataset.employment)
    return totals[totals["kind"] == "municipality"].reset_index(drop=True)


def employed_wide(totals: pd.DataFrame) -> pd.DataFrame:
    """Years as rows, regions as columns."""
    return totals.pivot(index="year", columns="code", values="employed").sort_index()


def yearly_change(totals: pd.DataFrame, old_basis: dict[tuple[str, int], float] | None = None) -> pd.DataFrame:
    """Net change per region and year: jobs in Y − jobs in Y−1 (only where both exist).

    ``old_basis`` (:func:`old_basis_totals`): the change into a year SSB gave on both bases is taken on the old one.
    """
    wide = employed_wide(totals)
    years = wide.index.astype(int)
    full = wide.reindex(range(years.min(), years.max() + 1)) if len(years) else wide
    change = bridge_old_basis(full.diff(), full, old_basis or {})
    long = change.stack().rename("change").reset_index()
    long.columns = ["year", "code", "change"]
    long["year"] = long["year"].astype(int)
    return long.dropna(subset=["change"]).reset_index(drop=True)


#: SSB's employment figures from 2015 come from a-ordningen: the change from 2014 to 2015 crosses that break.
SERIES_BREAK_YEAR = 2015

@dataclass(frozen=True)
class RegionSeries:
    """The region's net change per year, and the member-years that left a year out."""

    net_change: pd.Series  # year -> net change, only complete years
    missing: pd.DataFrame  # code, year: a member without figures for Y or Y−1


def member_matrix(members: pd.DataFrame, years: Collection[int], codes: Collection[str] | None = None) -> pd.DataFrame:
    """A boolean table year × code: was the municipality a member that year (no codes: all members)."""
    table = members[members["code"].isin(list(codes))] if codes else members
    years_index = pd.Index(sorted(years), name="year")
    frame = {}
    for code, start, end in zip(table["code"], table["member_from"], table["member_to"], strict=True):
        after = years_index >= start if pd.notna(start) else np.ones(len(years_index), bool)
        before = years_index <= end if pd.notna(end) else np.ones(len(years_index), bool)
        frame[code] = after & before
    return pd.DataFrame(frame, index=years_index, dtype=bool)


def region_net_change(dataset: Dataset, codes: Collection[str] | None = None) -> RegionSeries:
    """Net change per year over the members of that year (the counting rule in the data format).

    ``codes`` narrows the region to some of its members (empty or None: all). A year is in the series only when
    every member that year has figures for that year and the year before.
    """
    totals = municipal_totals(dataset)
    empty = RegionSeries(pd.Series(dtype="float64", name="net_change"), pd.DataFrame(columns=["code", "year"]))
    if totals.empty:
        return empty
    members = membership(dataset)
    wide = employed_wide(totals)
    first, last = int(wide.index.min()), int(wide.index.max())
    years = range(first + 1, last + 1)
    member = member_matrix(members, years, codes)
    if member.empty:
        return empty
    wide = wide.reindex(index=range(first, last + 1), columns=member.columns)
    change = bridge_old_basis(wide.diff(), wide, old_basis_totals(dataset)).loc[list(years)]
    counted = change.where(member)
    lacking = member & change.isna()
    complete = ~lacking.any(axis=1) & member.any(axis=1)
    net = counted.sum(axis=1)[complete]
    net.index = net.index.astype(int)
    missing = lacking.rename_axis(index="year", columns="code").stack()
    missing = missing[missing].reset_index()[["year", "code"]] if missing.any() else pd.DataFrame(columns=["year", "code"])
    return RegionSeries(net.rename("net_change"), missing[["code", "year"]].reset_index(drop=True))


def cumulative_growth(net_change: pd.Series, baseline_year: int) -> pd.Series:
    """Growth since the baseline: the running sum of yearly changes after it, up to the first gap."""
    after = net_change[net_change.index > baseline_year].sort_index()
    years = list(range(baseline_year + 1, int(after.index.max()) + 1)) if len(after) else []
    series = after.reindex(years)
    gap = series.isna()
    if gap.any():
        series = series[: int(np.argmax(gap.to_numpy()))]
    return series.cumsum().rename("cumulative")


# --- the strategic goal --------------------------------------------------------------------


@dataclass(frozen=True)
class JobTarget:
    """The strategic goal's target: net new jobs per year or in total by ``target_year``."""

    value: float
    per_year: bool
    baseline_year: int
    target_year: int | None
    name: str

    def path(self, year: int) -> float:
        """Net new jobs the target asks for by ``year``, counted from the baseline; the path stops at the target year.

        Per year: value × (min(year, target year) − baseline). In total: the straight line from 0
        at the baseline to the value at the target year, and the value after it. A yearly target
        without a target year keeps its pace; a total one without a target year asks for its
        value (no path: :func:`byr_data.growth.job_story` gives it no path to date).
        """
        if year <= self.baseline_year:
            return 0.0
        end = year if self.target_year is None else min(year, self.target_year)
        if self.per_year:
            return self.value * max(end - self.baseline_year, 0)
        if self.target_year is None:
            return self.value
        span = self.target_year - self.baseline_year
        share = (end - self.baseline_year) / span if span > 0 else 1.0
        return self.value * share

    def yearly(self) -> float | None:
        """The yearly net change the target asks for."""
        if self.per_year:
            return self.value
        if self.target_year is None or self.target_year <= self.baseline_year:
            return None
        return self.value / (self.target_year - self.baseline_year)


def is_per_year(unit: object) -> bool:
    """True when a unit like «arbeidsplasser per år» makes the target a yearly one."""
    text = str(unit or "").casefold()
    return any(marker in text for marker in PER_YEAR_MARKERS)


def job_target(dataset: Dataset) -> JobTarget | None:
    """The strategic goal's target, or None when there is no strategic goal with a target and start year."""
    goal = dataset.strategic_goal()
    if goal is None or pd.isna(goal["target_value"]) or pd.isna(goal["start_year"]):
        return None
    return JobTarget(
        value=float(goal["target_value"]),
        per_year=is_per_year(goal["unit"]),
        baseline_year=int(goal["start_year"]),
        target_year=None if pd.isna(goal["target_year"]) else int(goal["target_year"]),
        name=str(goal["name"]),
    )


def baseline_year(dataset: Dataset) -> int | None:
    """The strategic goal's start year, else the first year with employment figures."""
    target = job_target(dataset)
    if target is not None:
        return target.baseline_year
    goal = dataset.strategic_goal()
    if goal is not None and pd.notna(goal["start_year"]):
        return int(goal["start_year"])
    totals = municipal_totals(dataset)
    return None if totals.empty else int(totals["year"].min())


@dataclass(frozen=True)
class JobStatus:
    """The latest year's change and growth since the baseline (the target's figures: :func:`byr_data.growth.job_story`)."""

    last_year: int | None
    last_change: float | None
    baseline_year: int | None
    cumulative: float | None
    cumulative_year: int | None


def job_status(dataset: Dataset, codes: Collection[str] | None = None) -> JobStatus:
    """The latest year's change and growth since the baseline, for the region or some of its members."""
    series = region_net_change(dataset, codes).net_change
    base = baseline_year(dataset)
    last_year = int(series.index.max()) if len(series) else None
    cumulative = cumulative_growth(series, base) if base is not None and len(series) else pd.Series(dtype=float)
    cum_year = int(cumulative.index.max()) if len(cumulative) else None
    return JobStatus(
        last_year=last_year,
        last_change=float(series.loc[last_year]) if last_year is not None else None,
        baseline_year=base,
        cumulative=float(cumulative.iloc[-1]) if len(cumulative) else None,
        cumulative_year=cum_year,
    )


# --- goals ---------------------------------------------------------------------------------


def _touches(codes_cell: Collection[str] | None, selected: Collection[str]) -> bool:
    return not codes_cell or any(c in selected for c in codes_cell)


def filter_goals(goals: pd.DataFrame, codes: Collection[str] | None = None, statuses: Collection[str] | None = None) -> pd.DataFrame:
    """Goals for the chosen municipalities (whole-region goals always stay) and statuses."""
    keep = pd.Series(True, index=goals.index)
    if codes:
        keep &= goals["municipality"].isna() | goals["municipality"].isin(list(codes))
    if statuses:
        keep &= goals["status"].isin(list(statuses))
    return goals[keep]


def count_by(table: pd.DataFrame, column: str, order: Collection[str]) -> dict[str, int]:
    """How many rows have each value, in the canonical order, listing only values that occur."""
    counts = table[column].value_counts()
    return {value: int(counts[value]) for value in order if counts.get(value, 0) > 0}


def goal_tree(goals: pd.DataFrame) -> pd.DataFrame:
    """Goals in tree order (each parent followed by its children) with their depth."""
    children: dict[object, list[int]] = {}
    for idx, parent in zip(goals.index, goals["parent"], strict=True):
        key = parent if isinstance(parent, str) and parent in set(goals["id"]) else None
        children.setdefault(key, []).append(idx)
    ordered: list[tuple[int, int]] = []

    def walk(key: object, depth: int) -> None:
        for idx in children.get(key, []):
            ordered.append((idx, depth))
            walk(goals.at[idx, "id"], depth + 1)

    walk(None, 0)
    seen = {idx for idx, _ in ordered}
    ordered += [(idx, 0) for idx in goals.index if idx not in seen]  # parents filtered away
    tree = goals.loc[[idx for idx, _ in ordered]].copy()
    tree["depth"] = [depth for _, depth in ordered]
    return tree


def indicator_progress(goal: pd.Series) -> float | None:
    """How far the indicator has come from its start value towards its target, 0–1 (may exceed).

    None for the strategic goal: its figures come from the employment data (see
    :func:`byr_data.growth.job_story`), never from typed-in values.
    """
    if goal.get("level") == GoalLevel.STRATEGIC:
        return None
    start, now, target = goal.get("start_value"), goal.get("current_value"), goal.get("target_value")
    if any(pd.isna(v) for v in (start, now, target)) or target == start:
        return None
    return float((now - start) / (target - start))


def latest_measurements(goals: pd.DataFrame, measurements: pd.DataFrame | None) -> pd.DataFrame:
    """Goals with their current value taken from the latest measurement, where there is one."""
    if measurements is None or measurements.empty:
        return goals
    latest = measurements.sort_values("year").groupby("goal_id").last()[["year", "value"]]
    merged = goals.copy()
    has = merged["id"].isin(latest.index)
    merged.loc[has, "current_value"] = merged.loc[has, "id"].map(latest["value"])
    merged.loc[has, "current_year"] = merged.loc[has, "id"].map(latest["year"]).astype("Int64")
    return merged


# --- activities ----------------------------------------------------------------------------


def filter_activities(activities: pd.DataFrame, codes: Collection[str] | None = None, statuses: Collection[str] | None = None, goal_ids: Collection[str] | None = None) -> pd.DataFrame:
    """Activities for the chosen municipalities (those for the whole region stay), statuses and goals."""
    keep = pd.Series(True, index=activities.index)
    if codes:
        selected = set(codes)
        keep &= activities["municipalities"].map(lambda cell: _touches(cell, selected))
    if statuses:
        keep &= activities["status"].isin(list(statuses))
    if goal_ids:
        wanted = set(goal_ids)
        keep &= activities["goal_ids"].map(lambda cell: any(g in wanted for g in cell))
    return activities[keep]


def late_activities(activities: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """Activities past their end date that are neither done nor cancelled."""
    late = (activities["end"] < pd.Timestamp(today)).fillna(False) & ~activities["status"].isin(CLOSED_ACTIVITY_STATUSES)
    return activities[late].sort_values("end")


def attention_goals(goals: pd.DataFrame) -> pd.DataFrame:
    """Goals at risk or late."""
    return goals[goals["status"].isin(ATTENTION_GOAL_STATUSES)]


# --- budget --------------------------------------------------------------------------------


def budget_by_year(budget: pd.DataFrame) -> pd.DataFrame:
    """Original, revised and actual per year."""
    sums = budget.groupby("year")[["original", "revised", "actual"]].sum()
    sums.index = sums.index.astype(int)
    return sums


def budget_by_post(budget: pd.DataFrame, year: int) -> pd.DataFrame:
    """Original, revised and actual per post in one year, with the change."""
    rows = budget[budget["year"] == year]
    table = rows.groupby("post", sort=False)[["original", "revised", "actual"]].sum()
    table["change"] = table["revised"] - table["original"]
    return table


def budget_by_funding(budget: pd.DataFrame, year: int) -> pd.Series:
    """Revised budget per funding source in one year (blank source: «Ikke oppgitt»)."""
    rows = budget[budget["year"] == year]
    return rows.groupby(rows["funding"].fillna("Ikke oppgitt"))["revised"].sum().sort_values(ascending=False)


def budget_changes_for(changes: pd.DataFrame | None, year: int) -> pd.DataFrame:
    """The year's budget changes in date order."""
    if changes is None:
        return pd.DataFrame(columns=["date", "year", "post", "amount", "reason", "decided_by"])
    return changes[changes["year"] == year].sort_values("date")


def waterfall_steps(budget: pd.DataFrame, changes: pd.DataFrame | None, year: int) -> pd.DataFrame:
    """Steps from the original to the revised budget: the start, each change, any unexplained rest, the end.

    A difference between revised − original and the listed changes is shown as its own step,
    named «Ikke fordelt» with the amount, so the waterfall always ends on the revised total and
    the unexplained part is never hidden.
    """
    totals = budget_by_year(budget)
    if year not in totals.index:
        return pd.DataFrame(columns=["label", "detail", "amount", "measure"])
    original, revised = float(totals.at[year, "original"]), float(totals.at[year, "revised"])
    rows = [("Opprinnelig budsjett", "", original, "absolute")]
    listed = budget_changes_for(changes, year)
    for post, amount, reason in zip(listed["post"], listed["amount"], listed["reason"], strict=True):
        rows.append((post, reason if isinstance(reason, str) else "", float(amount), "relative"))
    rest = revised - original - float(listed["amount"].sum())
    if abs(rest) > 0.5:
        rows.append(("Ikke fordelt", f"{fmt.kroner(rest, signed=True)} av endringen fra opprinnelig til revidert budsjett står ikke i «Budsjettendringer»", rest, "relative"))
    rows.append(("Revidert budsjett", "", revised, "total"))
    return pd.DataFrame(rows, columns=["label", "detail", "amount", "measure"])


def budget_changes_by_year(changes: pd.DataFrame) -> dict[int, float]:
    """The sum of Beløp per year."""
    sums = changes.groupby("year")["amount"].sum()
    return {int(year): float(amount) for year, amount in sums.items()}


ALL_GOAL_STATUSES = tuple(GoalStatus)
ALL_ACTIVITY_STATUSES = tuple(ActivityStatus)
ALL_GOAL_LEVELS = tuple(GoalLevel)


def default_budget_year(by_year: pd.DataFrame, today: dt.date) -> int:
    """The year to show first: this year if budgeted, else the latest year with accounts, else the latest."""
    years = [int(y) for y in by_year.index]
    if today.year in years:
        return today.year
    with_actuals = [int(y) for y in by_year.index[by_year["actual"] > 0]]
    return max(with_actuals) if with_actuals else max(years)


def filter_dataset(dataset: Dataset, codes: Collection[str]) -> Dataset:
    """The data a filtered view shows: goals and activities for the chosen municipalities (and the
    whole region), their employment and population figures; the budget is the region's and stays whole.

    Comparison series (counties, the country) stay, so the index still has something to compare with.
    """
    if not codes:
        return dataset
    chosen = set(codes)
    changes: dict[str, Any] = {"token": f"{dataset.token}-{'-'.join(sorted(chosen))}"}
    if dataset.activities is not None:
        changes["activities"] = filter_activities(dataset.activities, chosen)
    if dataset.goals is not None:
        # The goals shown, and those a kept activity is linked to, so that every reference reads back.
        linked = {g for ids in changes.get("activities", pd.DataFrame({"goal_ids": []}))["goal_ids"] for g in ids}
        shown = set(filter_goals(dataset.goals, chosen)["id"]) | linked
        changes["goals"] = dataset.goals[dataset.goals["id"].isin(shown)]
        if dataset.measurements is not None:  # a measurement of a goal left out would refer to nothing
            changes["measurements"] = dataset.measurements[dataset.measurements["goal_id"].isin(shown)]
    if dataset.municipalities is not None:
        changes["municipalities"] = dataset.municipalities[dataset.municipalities["code"].isin(chosen)]
    for name in ("employment", "population"):
        table = getattr(dataset, name, None)
        if table is not None:
            changes[name] = table[table["code"].isin(chosen) | (table["kind"] != "municipality")]
    return dataclasses.replace(dataset, **changes)
