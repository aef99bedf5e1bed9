"""Job growth beyond the yearly net change: the pace the target asks for, membership modes,
per cent and index series, comparison with the county and the country, industries, and jobs
per 1 000 inhabitants.

Everything here is a pure function of a validated :class:`~byr_data.dataset.Dataset` (or of
series computed from one) and follows the counting rule of docs/dataformat.md: for year
Y the region's net change is the sum, over the municipalities that were members in Y, of
(jobs in Y − jobs in Y−1). Where a share or an index needs a denominator, it is the jobs in
Y−1 *of the same members*, so numerator and denominator always cover one set of municipalities.
"""

from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import datetime as dt
import enum
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple, TypeVar

import numpy as np
import pandas as pd

from byr_data import compute, fmt
from byr_data.compute import SERIES_BREAK_YEAR, JobTarget, RegionSeries
from byr_data.dataset import Dataset
from byr_data.model import KNOWN_NAMES, GoalLevel, GoalStatus, status_label

# --- membership modes ----------------------------------------------------------------------


class MembershipMode(enum.StrEnum):
    """Which municipalities count in which year."""

    #: The counting rule: each year the members of that year (a member that left counts up to
    #: its last member year, one that joined from its first).
    MEMBERS_EACH_YEAR = "members_each_year"
    #: Like for like: today's members counted in every year, whatever their Medlem fra/til.
    TODAYS_MEMBERS = "todays_members"

    @property
    def label(self) -> str:
        return MEMBERSHIP_MODE_LABELS[self]


MEMBERSHIP_MODE_LABELS: dict[MembershipMode, str] = {
    MembershipMode.MEMBERS_EACH_YEAR: "Medlemmene det enkelte år",
    MembershipMode.TODAYS_MEMBERS: "Dagens medlemmer i alle år",
}

Mode = MembershipMode | str


def todays_members(dataset: Dataset) -> pd.DataFrame:
    """The members today, as a membership table open in both directions (code, name, member_from, member_to).

    Today is the last year with employment figures: a member counts when its Medlem til is blank
    or that year or later. A municipality whose Medlem fra lies after that year has not joined
    yet and is left out.
    """
    members = compute.membership(dataset)
    totals = compute.municipal_totals(dataset)
    if totals.empty:
        current = members["member_to"].isna() & members["member_from"].isna()
    else:
        last = int(totals["year"].max())
        stayed = members["member_to"].isna() | (members["member_to"] >= last)
        joined = members["member_from"].isna() | (members["member_from"] <= last)
        current = stayed & joined
    today = members[current.fillna(False).astype(bool).to_numpy()].copy()
    today["member_from"] = pd.array([pd.NA] * len(today), dtype="Int64")
    today["member_to"] = pd.array([pd.NA] * len(today), dtype="Int64")
    return today.reset_index(drop=True)


def _members(dataset: Dataset, mode: Mode) -> pd.DataFrame:
    if MembershipMode(mode) is MembershipMode.TODAYS_MEMBERS:
        return todays_members(dataset)
    return compute.membership(dataset)


def _as_mode_dataset(dataset: Dataset, mode: Mode) -> Dataset:
    """The dataset with its membership table as the mode counts it (unchanged for the counting rule)."""
    if MembershipMode(mode) is MembershipMode.MEMBERS_EACH_YEAR or dataset.municipalities is None:
        return dataset  # without a Kommuner sheet every municipality is a member in all years already
    return dataclasses.replace(dataset, municipalities=todays_members(dataset), token=f"{dataset.token}|{MembershipMode.TODAYS_MEMBERS}")


def region_net_change_mode(dataset: Dataset, codes: Collection[str] | None = None, mode: Mode = MembershipMode.MEMBERS_EACH_YEAR) -> RegionSeries:
    """The region's net change per year with the members of each year, or with today's members in all years.

    ``members_each_year`` is :func:`compute.region_net_change`. ``todays_members`` applies the
    same rule (a year counts only when every member has figures for it and the year before) to
    today's members, ignoring Medlem fra/til: a like-for-like series, as KommuneProfilen shows
    earlier years on today's structure.
    """
    return compute.region_net_change(_as_mode_dataset(dataset, mode), codes)


def membership_events(dataset: Dataset) -> list[tuple[int, str, str]]:
    """Changes in membership as (year, code, text) for chart markers, in year order.

    The year is the first year the change shows in the region's net change: the Medlem fra year
    for a municipality that joined («Eidskog med fra 2017»), the year after Medlem til for one
    that left («Våler ute etter 2016» at 2017). Events outside the data's years are kept; a
    chart drops what falls outside its axis.
    """
    if dataset.municipalities is None:
        return []
    events: list[tuple[int, str, str]] = []
    table = dataset.municipalities
    for code, name, start, end in zip(table["code"], table["name"], table["member_from"], table["member_to"], strict=True):
        label = name if isinstance(name, str) and name else KNOWN_NAMES.get(code, code)
        if pd.notna(start):
            events.append((int(start), code, f"{label} med fra {int(start)}"))
        if pd.notna(end):
            events.append((int(end) + 1, code, f"{label} ute etter {int(end)}"))
    return sorted(events)


# --- per cent ------------------------------------------------------------------------------


def _region_flow(dataset: Dataset, codes: Collection[str] | None, mode: Mode) -> tuple[pd.Series, pd.Series]:
    """Net change per year and its base: year Y -> jobs in Y−1 of the members counted in Y (complete years only)."""
    net = region_net_change_mode(dataset, codes, mode).net_change
    totals = compute.municipal_totals(dataset)
    empty = pd.Series(dtype="float64", name="base")
    if totals.empty or net.empty:
        return net, empty
    wide = compute.employed_wide(totals)
    first, last = int(wide.index.min()), int(wide.index.max())
    years = range(first + 1, last + 1)
    member = compute.member_matrix(_members(dataset, mode), years, codes)
    wide = wide.reindex(index=range(first, last + 1), columns=member.columns)
    before = wide.shift(1).loc[list(years)]
    base = before.where(member).sum(axis=1)
    base.index = base.index.astype(int)
    return net, base.reindex(net.index).rename("base")


def previous_year_jobs(dataset: Dataset, codes: Collection[str] | None = None, mode: Mode = MembershipMode.MEMBERS_EACH_YEAR) -> pd.Series:
    """The denominator of the yearly growth rate: year Y -> jobs in Y−1 of the members counted in Y.

    Only for the years the net change has (every member with figures for Y and Y−1).
    """
    return _region_flow(dataset, codes, mode)[1]


def growth_percent(net_change: pd.Series, totals_by_year: pd.Series) -> pd.Series:
    """Net change in year Y in per cent of the jobs in Y−1 of the same members (year -> per cent).

    ``totals_by_year`` is that base per year Y, as :func:`previous_year_jobs` gives it (for one
    municipality: its jobs in Y−1, indexed by Y). Dividing by the region's total of Y−1 instead
    would be wrong in a year the membership changed: the change would cover one set of
    municipalities and the denominator another. Years without a base (or a base of 0) are left out.
    """
    base = totals_by_year.reindex(net_change.index).astype("float64").replace(0.0, np.nan)
    share = (net_change.astype("float64") / base * 100).dropna()
    share.index = share.index.astype(int)
    return share.rename("percent")


def cumulative_growth_percent(net_change: pd.Series, totals_by_year: pd.Series, baseline: int) -> pd.Series:
    """Growth since the baseline in per cent of the baseline year's jobs (year -> per cent).

    The denominator is the jobs in the baseline year of the members counted in the first year
    after it (``totals_by_year[baseline + 1]``): the municipalities whose changes the growth
    starts from. The numerator is :func:`compute.cumulative_growth`, so it stops at the first gap.
    """
    cumulative = compute.cumulative_growth(net_change, baseline)
    base = totals_by_year.get(baseline + 1)
    if base is None or pd.isna(base) or base == 0:
        return pd.Series(dtype="float64", name="cumulative_percent")
    return (cumulative / float(base) * 100).rename("cumulative_percent")


# --- comparisons ---------------------------------------------------------------------------

_KIND_ORDER = {"county": 0, "country": 1, "municipality": 2}


def _all_totals(dataset: Dataset) -> pd.DataFrame:
    if dataset.employment is None:
        return pd.DataFrame(columns=["code", "year", "employed", "kind", "name"])
    return compute.employment_totals(dataset.employment)


def _labels(table: pd.DataFrame) -> pd.Series:
    """A name per row, with the code added where two rows share a name (Våler in Østfold and in Innlandet)."""
    names = [n if isinstance(n, str) and n else KNOWN_NAMES.get(c, c) for c, n in zip(table["code"], table["name"], strict=True)]
    named = pd.Series(names, index=table.index, dtype=object)
    twice = named.duplicated(keep=False)
    return named.where(~twice, named + " (" + table["code"].astype(str) + ")")


def comparison_series(dataset: Dataset) -> pd.DataFrame:
    """Employment series that are not members: counties (34), the country (0) and municipalities not in Kommuner.

    Columns code, name, kind; counties first, then the country, then municipalities, each by
    code. Without a Kommuner sheet every municipality is a member, so only counties and the
    country are left.
    """
    totals = _all_totals(dataset)
    if totals.empty:
        return pd.DataFrame({"code": pd.Series(dtype=object), "name": pd.Series(dtype=object), "kind": pd.Series(dtype=object)})
    series = totals.drop_duplicates("code")[["code", "name", "kind"]]
    member_codes = set(compute.membership(dataset)["code"])
    others = series[(series["kind"] != "municipality") | ~series["code"].isin(member_codes)].copy()
    others["name"] = _labels(others)
    others["_order"] = others["kind"].map(_KIND_ORDER).fillna(3)
    others = others.sort_values(["_order", "code"]).drop(columns="_order")
    return others.astype({"code": object, "name": object, "kind": object}).reset_index(drop=True)


def scope_label(dataset: Dataset, codes: Collection[str] | None, mode: Mode | None = None) -> str:
    """Which municipalities a chart or table shows: «Eidskog», «Kongsvinger, Grue» or «Hele regionen (7 kommuner)».

    With today's members in all years, the region says so: «Hele regionen (6 kommuner, dagens medlemmer i alle år)».
    """
    if codes:
        names = compute.municipality_names(dataset)
        return ", ".join(names.get(c, c) for c in codes)
    today = mode is not None and MembershipMode(mode) is MembershipMode.TODAYS_MEMBERS
    count = len(todays_members(dataset) if today else compute.membership(dataset))
    text = f"Hele regionen ({fmt.count_noun(count, 'kommune', 'kommuner')}"
    return text + (f", {MembershipMode.TODAYS_MEMBERS.label.lower()})" if today else ")")


def region_label(dataset: Dataset, codes: Collection[str] | None) -> str:
    """What the chosen members are called in the comparison charts."""
    if not codes:
        return dataset.region_name
    if len(codes) == 1:
        (code,) = tuple(codes)
        return compute.municipality_names(dataset).get(code, code)
    return "Valgte kommuner"


def _chained_index(net: pd.Series, base: pd.Series, baseline: int) -> pd.Series:
    """year -> index (baseline = 100), chained from yearly growth rates outwards from the baseline, up to a gap."""
    ratio = (1 + net / base.replace(0.0, np.nan)).dropna()
    ratio.index = ratio.index.astype(int)
    values: dict[int, float] = {}
    level, year = 100.0, baseline + 1
    while year in ratio.index:  # forwards: index_Y = index_{Y−1} × (1 + rate_Y)
        level *= float(ratio[year])
        values[year] = level
        year += 1
    level, year = 100.0, baseline
    while year in ratio.index:  # backwards: index_{Y−1} = index_Y ÷ (1 + rate_Y)
        level /= float(ratio[year])
        values[year - 1] = level
        year -= 1
    if values:
        values[baseline] = 100.0
    return pd.Series(values, dtype="float64").sort_index()


def index_series(dataset: Dataset, baseline: int, codes: Collection[str] | None = None, mode: Mode = MembershipMode.MEMBERS_EACH_YEAR) -> pd.DataFrame:
    """Jobs as an index with the baseline year = 100, for the region and each comparison series.

    Columns series (label), code (None for the region), kind ("region", "county", "country",
    "municipality"), year, index. The region's index is chained from its yearly growth rates,
    index_Y = index_{Y−1} × (1 + net_Y ÷ jobs in Y−1 of the members counted in Y), so a member
    joining or leaving does not make it jump; it runs both ways from the baseline and stops at
    the first year without a complete net change. A comparison series is its plain totals ÷
    its total in the baseline year × 100; one without a figure for the baseline year is left out.
    """
    frames: list[pd.DataFrame] = []
    net, base = _region_flow(dataset, codes, mode)
    region = _chained_index(net, base, baseline) if len(net) else pd.Series(dtype="float64")
    if len(region):
        frames.append(pd.DataFrame({"series": region_label(dataset, codes), "code": None, "kind": "region", "year": region.index.astype(int), "index": region.to_numpy()}))
    others = comparison_series(dataset)
    if len(others):
        totals = _all_totals(dataset)
        wide = compute.employed_wide(totals[totals["code"].isin(set(others["code"]))])
        if baseline in wide.index:
            start = wide.loc[baseline].replace(0.0, np.nan)
            indexed = (wide / start * 100).dropna(axis=1, how="all")
            long = indexed.rename_axis(index="year", columns="code").stack().dropna().rename("index").reset_index()
            long = long.merge(others.rename(columns={"name": "series"}).reset_index(names="_order"), on="code")
            frames.append(long.sort_values(["_order", "year"])[["series", "code", "kind", "year", "index"]])
    columns = ["series", "code", "kind", "year", "index"]
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype="float64" if c == "index" else ("int64" if c == "year" else object)) for c in columns})
    table = pd.concat(frames, ignore_index=True)[columns]
    table["year"] = table["year"].astype("int64")
    return table.astype({"code": object, "series": object, "kind": object}).reset_index(drop=True)


def expected_growth(dataset: Dataset, baseline: int, last_year: int, codes: Collection[str] | None = None, mode: Mode = MembershipMode.MEMBERS_EACH_YEAR) -> pd.DataFrame:
    """The region's growth had it grown like each comparison series («forventet vekst»), against its actual growth.

    Columns code, name, kind, rate (the series' growth baseline → last_year as a share, 0.05 =
    5 %), region_base, expected (= region_base × rate), actual (the region's growth since the
    baseline in last_year, :func:`compute.cumulative_growth`), difference (actual − expected).

    ``region_base`` is the jobs in the baseline year of the members counted in the first year
    after it: the same municipalities the actual growth starts from (in the usual case, where no
    one joins or leaves right after the baseline, these are simply the baseline year's members).
    A series without figures for both years is left out; ``actual`` is NaN when the region's
    growth does not reach last_year (a gap). Empty when last_year is not after the baseline.
    """
    columns = ["code", "name", "kind", "rate", "region_base", "expected", "actual", "difference"]
    others = comparison_series(dataset)
    if last_year <= baseline or others.empty:
        return pd.DataFrame({c: pd.Series(dtype=object if c in ("code", "name", "kind") else "float64") for c in columns})
    net, base = _region_flow(dataset, codes, mode)
    region_base = float(base.get(baseline + 1, np.nan))
    actual = float(compute.cumulative_growth(net, baseline).get(last_year, np.nan))
    totals = _all_totals(dataset)
    wide = compute.employed_wide(totals[totals["code"].isin(set(others["code"]))]).reindex([baseline, last_year])
    rate = (wide.loc[last_year] / wide.loc[baseline].replace(0.0, np.nan) - 1).rename("rate")
    table = others.merge(rate.rename_axis("code").reset_index(), on="code").dropna(subset=["rate"])
    table["region_base"] = region_base
    table["expected"] = region_base * table["rate"]
    table["actual"] = actual
    table["difference"] = table["actual"] - table["expected"]
    return table[columns].reset_index(drop=True)


# --- industries ----------------------------------------------------------------------------


class IndustryChange(NamedTuple):
    """The change per industry, and the members left out because they have no industry figures."""

    table: pd.DataFrame
    missing: tuple[str, ...]


def has_industries(dataset: Dataset) -> bool:
    """True when the employment data has figures per industry for some municipality."""
    emp = dataset.employment
    return emp is not None and bool((emp["industry"].notna() & (emp["kind"] == "municipality")).any())


def _member_spans(dataset: Dataset, year_from: int, year_to: int, codes: Collection[str] | None, mode: Mode) -> pd.DataFrame:
    """Per member: the years its change over the period runs from and to, under the counting rule.

    Summed over the years a member counts, its yearly changes telescope to jobs at the end of its
    span − jobs at its start: start = max(year_from, Medlem fra − 1), end = min(year_to, Medlem til).
    """
    members = _members(dataset, mode)
    if codes:
        members = members[members["code"].isin(list(codes))]
    start = members["member_from"].astype("Float64").sub(1).fillna(year_from).clip(lower=year_from)
    end = members["member_to"].astype("Float64").fillna(year_to).clip(upper=year_to)
    spans = pd.DataFrame({"code": members["code"].to_numpy(dtype=object), "start": start.to_numpy(dtype="float64"), "end": end.to_numpy(dtype="float64")})
    return spans[spans["end"] > spans["start"]].astype({"start": "int64", "end": "int64"}).reset_index(drop=True)


def _industry_by_member(dataset: Dataset, year_from: int, year_to: int, codes: Collection[str] | None, mode: Mode) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """code, industry, from, to, change per member and industry, and the members without industry rows at both ends."""
    columns = ["code", "industry", "from", "to", "change"]
    empty = pd.DataFrame({c: pd.Series(dtype=object if c in ("code", "industry") else "float64") for c in columns})
    emp = dataset.employment
    if emp is None or year_to <= year_from:
        return empty, ()
    spans = _member_spans(dataset, year_from, year_to, codes, mode)
    if spans.empty:
        return empty, ()
    emp = compute.level_rows(emp)  # the new basis where SSB gives a year on both
    parts = emp.loc[emp["industry"].notna() & (emp["kind"] == "municipality"), ["code", "year", "industry", "employed"]]
    parts = parts.merge(spans, on="code")
    at_start = parts[parts["year"] == parts["start"]]
    at_end = parts[parts["year"] == parts["end"]]
    complete = sorted(set(at_start["code"]) & set(at_end["code"]))
    missing = tuple(c for c in spans["code"] if c not in set(complete))
    if not complete:
        return empty, missing
    before = at_start[at_start["code"].isin(complete)].groupby(["code", "industry"])["employed"].sum()
    after = at_end[at_end["code"].isin(complete)].groupby(["code", "industry"])["employed"].sum()
    # An industry missing at one end (SSB leaves out empty cells) counts as 0 for a member that has industry rows there.
    table = pd.concat({"from": before, "to": after}, axis=1).fillna(0.0)
    table["change"] = table["to"] - table["from"]
    table = table.reset_index()
    return table[columns].astype({"code": object, "industry": object}), missing


def industry_change(dataset: Dataset, year_from: int, year_to: int, codes: Collection[str] | None = None, mode: Mode = MembershipMode.MEMBERS_EACH_YEAR) -> IndustryChange:
    """The members' change in jobs per industry from year_from to year_to, largest gain first.

    ``table`` has columns industry, change, from, to; ``missing`` the members left out because
    they have no industry figures (only a total row, or no row) for one of the two years. Only
    industry rows are summed, never a total row (blank industry), so total and parts are not
    added together. Membership follows the counting rule: a member counts from the year before
    it joined and up to its last member year (see :func:`_member_spans`), so with complete data
    the changes add up to the region's growth over the period.
    """
    by_member, missing = _industry_by_member(dataset, year_from, year_to, codes, mode)
    table = by_member.groupby("industry", as_index=False)[["change", "from", "to"]].sum()
    table = table.sort_values(["change", "industry"], ascending=[False, True]).reset_index(drop=True)
    return IndustryChange(table[["industry", "change", "from", "to"]].astype({"industry": object}), missing)


# --- per inhabitant ------------------------------------------------------------------------


def jobs_per_1000(dataset: Dataset, year: int | None = None, codes: Collection[str] | None = None, population: pd.DataFrame | None = None) -> pd.DataFrame:
    """Jobs per 1 000 inhabitants per municipality: code, name, year, employed, population, per_1000.

    Jobs are the municipal totals (:func:`compute.municipal_totals`), inhabitants the population
    table (``population`` if given, else the dataset's). ``year`` None takes the latest year both
    tables have for the chosen municipalities; ``codes`` None takes every municipality in both
    (members and comparison municipalities alike). A population of 0 gives NaN.
    """
    columns = ["code", "name", "year", "employed", "population", "per_1000"]
    people = population if population is not None else getattr(dataset, "population", None)
    totals = compute.municipal_totals(dataset)
    if people is None or people.empty or totals.empty:
        return pd.DataFrame({c: pd.Series(dtype=object if c in ("code", "name") else ("int64" if c == "year" else "float64")) for c in columns})
    people = people[["code", "year", "population"]].dropna().astype({"year": "int64", "population": "float64"})
    jobs = totals[["code", "year", "employed", "name"]].astype({"year": "int64"})
    if codes:
        jobs = jobs[jobs["code"].isin(list(codes))]
    both = jobs.merge(people, on=["code", "year"])
    if both.empty:
        return pd.DataFrame({c: pd.Series(dtype=object if c in ("code", "name") else ("int64" if c == "year" else "float64")) for c in columns})
    chosen = int(both["year"].max()) if year is None else int(year)
    rows = both[both["year"] == chosen].copy()
    rows["name"] = _labels(rows)
    rows["per_1000"] = rows["employed"] / rows["population"].replace(0.0, np.nan) * 1000
    return rows[columns].astype({"code": object, "name": object}).sort_values("code").reset_index(drop=True)


@dataclass(frozen=True)
class JobView:
    """Everything the jobs page shows about growth against the target, for one choice of filter, baseline and mode."""

    series: RegionSeries
    member_codes: list[str]
    percent: pd.Series  # year -> net change as a share (0.0021 = 0,21 %) of the same members' jobs the year before
    last_year: int | None
    last_change: float | None
    last_percent: float | None
    cumulative_series: pd.Series
    cumulative: float | None
    cumulative_year: int | None
    cumulative_percent: float | None
    events: list[tuple[int, str, str]]


def job_view(dataset: Dataset, codes: Collection[str] | None, baseline: int, mode: Mode = MembershipMode.MEMBERS_EACH_YEAR) -> JobView:
    """The figures of the jobs page: yearly and cumulative growth, in numbers and per cent (the target's: :func:`job_story`)."""
    series = region_net_change_mode(dataset, codes, mode)
    net = series.net_change
    before = previous_year_jobs(dataset, codes, mode)
    # Shares (0.0021), not per cent (0.21), as fmt.percent and the charts take them.
    percent = growth_percent(net, before) / 100
    cumulative = compute.cumulative_growth(net, baseline)
    cumulative_percent = cumulative_growth_percent(net, before, baseline) / 100
    members = _members(dataset, mode)
    member_codes = [c for c in members["code"] if not codes or c in set(codes)]
    last_year = int(net.index.max()) if len(net) else None
    cumulative_year = int(cumulative.index.max()) if len(cumulative) else None
    relevant = [e for e in membership_events(dataset) if not codes or e[1] in set(codes)]
    return JobView(
        series=series,
        member_codes=member_codes,
        percent=percent,
        last_year=last_year,
        last_change=float(net.loc[last_year]) if last_year is not None else None,
        last_percent=_value(percent, last_year),
        cumulative_series=cumulative,
        cumulative=float(cumulative.iloc[-1]) if len(cumulative) else None,
        cumulative_year=cumulative_year,
        cumulative_percent=_value(cumulative_percent, cumulative_year),
        events=relevant if mode == MembershipMode.MEMBERS_EACH_YEAR else [],
    )


def _value(series: pd.Series, year: int | None) -> float | None:
    if year is None or year not in series.index or pd.isna(series.loc[year]):
        return None
    return float(series.loc[year])


def series_after_baseline(dataset: Dataset, baseline: int) -> list[tuple[str, int]]:
    """Comparison series whose figures start after the baseline year (Innlandet, 34, from 2020), as (name, first year).

    The index leaves them out (no figure to index from); the page says so, rather than splicing
    an older region (Hedmark) onto them.
    """
    others = comparison_series(dataset)
    if others.empty:
        return []
    totals = _all_totals(dataset)
    first = totals[totals["code"].isin(set(others["code"])) & totals["employed"].notna()].groupby("code")["year"].min()
    return [(name, int(first[code])) for code, name in zip(others["code"], others["name"], strict=True)
            if code in first.index and int(first[code]) > baseline]


def comparison_view(dataset: Dataset, codes: Collection[str] | None, baseline: int, mode: Mode = MembershipMode.MEMBERS_EACH_YEAR) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """The index chart's series and the expected-growth table; None when the data has nothing to compare with."""
    if comparison_series(dataset).empty:
        return None
    net = region_net_change_mode(dataset, codes, mode).net_change
    cumulative = compute.cumulative_growth(net, baseline)
    if cumulative.empty:
        return None
    last_year = int(cumulative.index.max())
    return index_series(dataset, baseline, codes, mode), expected_growth(dataset, baseline, last_year, codes, mode)


# --- the region's job story: growth, target, shortfall and status, one definition -------------


@dataclass(frozen=True)
class SubsetGrowth:
    """Growth of some of the members (a municipality filter): never measured against the region's target."""

    label: str  # «Eidskog», «Valgte kommuner»
    codes: tuple[str, ...]
    growth: float | None  # the subset's growth from the baseline to ``year`` (same counting rule as the region)
    year: int | None
    share: float | None  # growth ÷ the region's growth in the same year (None when that is 0 or missing)


@dataclass(frozen=True)
class JobStory:
    """The region's job figures against the strategic goal, as every page, screen, report and ``summary --json`` tells them.

    Built by :func:`job_story`, the one definition (docs/dataformat.md, «Status for det strategiske
    målet»). The region's growth follows ``mode`` (the counting rule by default); with a
    municipality filter the region's figures stay the region's and ``subset`` carries the
    filtered growth.
    """

    baseline: int
    mode: MembershipMode
    cumulative: pd.Series  # year -> the region's growth since the baseline (up to the first gap)
    last_year: int | None  # the last year with growth since the baseline
    growth: float | None  # growth to date: «Netto vekst {baseline}–{last_year}»
    data_year: int | None  # «now»: the last year with a net change for the region
    target: JobTarget | None  # the strategic goal's target, counted from ``baseline``
    target_year: int | None
    target_at_target_year: float | None  # what the target asks for by its target year
    path_to_date: float | None  # what it asks for by ``last_year`` (never beyond the target year)
    passed: bool  # ``data_year`` is the target year or later
    measured_year: int | None  # the year growth_at_target_year is read from (the target year, or the last before it with a figure)
    growth_at_target_year: float | None  # only once the target year has passed
    shortfall: float | None  # target − growth at the target year; negative when exceeded; only once passed
    needed_per_year: float | None  # net new jobs a year from now to the target year (before it); a yearly target without a target year: its value
    status: GoalStatus | None  # computed from the figures; None when they cannot tell (the typed status stands)
    reported: str | None  # the status typed in the data («Meldt»)
    subset: SubsetGrowth | None = None

    @property
    def shown_status(self) -> str | None:
        """The strategic goal's status as shown: the computed one, else the typed one."""
        return str(self.status) if self.status is not None else self.reported

    @property
    def reported_differs(self) -> bool:
        """True when the typed status is set and differs from the computed one («Meldt: …» is shown beside)."""
        return self.status is not None and self.reported is not None and self.reported != self.status

    @property
    def substitute_note(self) -> str:
        """«målåret mangler tall; brukt 2017» when growth at the target year is read from an earlier year, else ""."""
        if self.passed and self.measured_year is not None and self.measured_year != self.target_year:
            return f"målåret mangler tall; brukt {self.measured_year}"
        return ""

    # The figures as (label, value, note), so every page and screen words them alike.

    def growth_figure(self) -> tuple[str, str, str] | None:
        """«Netto vekst 2014–2024», «+213»."""
        if self.last_year is None or self.growth is None:
            return None
        label = f"Netto vekst {self.baseline}–{self.last_year}"
        if self.mode is MembershipMode.TODAYS_MEMBERS:
            label += f" ({MembershipMode.TODAYS_MEMBERS.label.lower()})"
        return label, fmt.number(self.growth, signed=True), ""

    def target_text(self) -> str:
        """The target in words: «+100 per år fra 2014 til 2018», «+400 i alt fra 2014 til 2018», «+100 per år fra 2014»."""
        target = self.target
        if target is None:
            return ""
        unit = "per år" if target.per_year else "i alt"
        end = f" til {target.target_year}" if target.target_year is not None else ""
        return f"{fmt.number(target.value, signed=True)} {unit} fra {target.baseline_year}{end}"

    def target_sentence(self) -> str:
        """The target in one sentence: «100 netto nye arbeidsplasser per år fra 2014 til 2018, +400 i alt.»"""
        target = self.target
        if target is None:
            return ""
        unit = "per år" if target.per_year else "i alt"
        text = f"{fmt.number(target.value)} netto nye arbeidsplasser {unit} fra {target.baseline_year}"
        if target.target_year is not None:
            text += f" til {target.target_year}"
            if target.per_year:
                text += f", {fmt.number(self.target_at_target_year, signed=True)} i alt"
        return text + "."

    def target_figure(self) -> tuple[str, str, str] | None:
        """What the target asks for: by the target year once it has passed, else by now (the path to date)."""
        if self.target is None:
            return None
        if self.passed or (self.last_year is None and self.target_at_target_year is not None):
            return f"Mål for {self.target_year}", fmt.number(self.target_at_target_year, signed=True), self.target_text()
        if self.path_to_date is not None and self.last_year is not None:
            note = self.target_text() + (f"; {fmt.number(self.target_at_target_year, signed=True)} i {self.target_year}" if self.target_year else "")
            return f"Målbanen for {self.last_year}", fmt.number(self.path_to_date, signed=True), note
        return "Mål", fmt.number(self.target.value, signed=True), self.target_text()

    def gap_figure(self) -> tuple[str, str, str] | None:
        """Once the target year has passed: «Mangler til målet for 2018» or «Over målet for 2018»; before it: the pace needed."""
        if self.target is None:
            return None
        if self.passed:
            if self.shortfall is None:
                return None
            at = f"vekst {self.baseline}–{self.measured_year}: {fmt.number(self.growth_at_target_year, signed=True)}"
            note = at + (f" ({self.substitute_note})" if self.substitute_note else "")
            if self.shortfall > 0:
                return f"Mangler til målet for {self.target_year}", fmt.number(self.shortfall), note
            return f"Over målet for {self.target_year}", fmt.number(-self.shortfall), note
        if self.needed_per_year is None:
            return None
        if self.target_year is None:
            return "Trengs per år", fmt.number(self.needed_per_year, signed=True), "målet har ikke målår"
        return (f"Trengs per år til {self.target_year}", fmt.number(self.needed_per_year, signed=True),
                f"for å nå {fmt.number(self.target_at_target_year, signed=True)}")

    def status_figure(self) -> tuple[str, str, str] | None:
        """«Status for målet», «✖ Forsinket», «Meldt: I rute» (when the typed status differs)."""
        shown = self.shown_status
        if shown is None:
            return None
        note = f"Meldt: {self.reported}" if self.reported_differs else ("meldt i dataene" if self.status is None else "beregnet fra tallene")
        return "Status for målet", status_label(shown), note

    def subset_figure(self) -> tuple[str, str, str] | None:
        """A filtered view's growth with its share of the region's growth: «Netto vekst 2014–2024: Eidskog», «−38», «−18 % av regionens vekst (+213)»."""
        sub = self.subset
        if sub is None or sub.growth is None or sub.year is None:
            return None
        note = (f"{fmt.percent(sub.share, 0)} av regionens vekst ({fmt.number(self.growth, signed=True)})" if sub.share is not None
                else f"regionens vekst: {fmt.number(self.growth, signed=True)}" if self.growth is not None else "")
        label = f"Netto vekst {self.baseline}–{sub.year}: {sub.label}"
        if self.mode is MembershipMode.TODAYS_MEMBERS:
            label += f" ({MembershipMode.TODAYS_MEMBERS.label.lower()})"
        return label, fmt.number(sub.growth, signed=True), note

    def region_target_figure(self) -> tuple[str, str, str] | None:
        """The region's target as context for a filtered view (never a shortfall or a pace for the subset)."""
        if self.target is None:
            return None
        if self.target_year is not None:
            return f"Regionens mål for {self.target_year}", fmt.number(self.target_at_target_year, signed=True), "gjelder hele regionen"
        return "Regionens mål", f"{fmt.number(self.target.value, signed=True)}" + (" per år" if self.target.per_year else ""), "gjelder hele regionen"

    def figures(self) -> list[tuple[str, str, str]]:
        """The key figures in order: for the region growth, target, gap, status; for a subset its growth and the region's target."""
        if self.subset is not None:
            chosen = [self.subset_figure(), self.region_target_figure()]
        else:
            chosen = [self.growth_figure(), self.target_figure(), self.gap_figure(), self.status_figure()]
        return [f for f in chosen if f is not None]


def computed_status(story_growth: float | None, target: JobTarget | None, passed: bool, at_target: float | None,
                    path_to_date: float | None, goal: float | None) -> GoalStatus | None:
    """The strategic goal's status from the figures (docs/dataformat.md):

    - Nådd: growth at the target year (before it: growth now) has reached the target;
    - I rute: growth to date at or above the path to date;
    - Risiko: before the target year (or without one) and below the path;
    - Forsinket: the target year has passed and the target was not reached.
    None when there is no target or no growth to judge.
    """
    if target is None:
        return None
    if passed:
        if at_target is None or goal is None:
            return None
        return GoalStatus.ACHIEVED if at_target >= goal else GoalStatus.LATE
    if story_growth is None:
        return None
    if goal is not None and story_growth >= goal:
        return GoalStatus.ACHIEVED
    if path_to_date is None:
        return None  # a total target without a target year: only «Nådd» can be told
    return GoalStatus.ON_TRACK if story_growth >= path_to_date else GoalStatus.AT_RISK


def job_story(dataset: Dataset, baseline: int | None = None, mode: Mode = MembershipMode.MEMBERS_EACH_YEAR,
              codes: Collection[str] | None = None) -> JobStory | None:
    """The region's growth since ``baseline`` (default: the strategic goal's Startår) against the target, and its status.

    The one definition of growth to date, target, path, shortfall, pace needed and the strategic
    goal's computed status; every page, meeting screen, the report and ``summary --json`` read
    them from here. The target path stops at the target year. ``codes`` (a municipality filter)
    adds :class:`SubsetGrowth`; the region's figures stay the region's. None without employment
    figures (an emptied table included) or a baseline.
    """
    mode = MembershipMode(mode)
    baseline = compute.baseline_year(dataset) if baseline is None else int(baseline)
    if baseline is None or dataset.employment is None or dataset.employment.empty:
        return None
    net = region_net_change_mode(dataset, None, mode).net_change
    cumulative = compute.cumulative_growth(net, baseline)
    last_year = int(cumulative.index.max()) if len(cumulative) else None
    now = float(cumulative.iloc[-1]) if len(cumulative) else None
    data_year = int(net.index.max()) if len(net) else None
    target = compute.job_target(dataset)
    goal_row = dataset.strategic_goal()
    reported = str(goal_row["status"]) if goal_row is not None and isinstance(goal_row["status"], str) and goal_row["status"] else None
    subset = _subset_growth(dataset, codes, baseline, mode, cumulative) if codes else None
    if target is None:
        return JobStory(baseline, mode, cumulative, last_year, now, data_year, None, None, None, None, False, None, None, None, None,
                        None, reported, subset)
    target = dataclasses.replace(target, baseline_year=baseline)
    target_year = target.target_year
    goal = target.path(target_year) if target_year is not None else (None if target.per_year else target.value)
    passed = target_year is not None and data_year is not None and data_year >= target_year
    path_to_date = None
    if last_year is not None and (target.per_year or target_year is not None):
        path_to_date = target.path(last_year if target_year is None else min(last_year, target_year))
    measured = at_target = shortfall = needed = None
    if passed:
        upto = cumulative[cumulative.index <= target_year]
        if len(upto):
            measured, at_target = int(upto.index[-1]), float(upto.iloc[-1])
            shortfall = float(goal) - at_target if goal is not None else None
    elif target_year is not None and goal is not None:
        standing, year = (now, last_year) if now is not None and last_year is not None else (0.0, baseline)
        if year < target_year:
            needed = (goal - standing) / (target_year - year)
    elif target.per_year:
        needed = target.value  # a yearly target without an end: its own pace, a deficit is not spread over later years
    status = computed_status(now, target, passed, at_target, path_to_date, goal)
    return JobStory(baseline, mode, cumulative, last_year, now, data_year, target, target_year,
                    goal if target_year is not None else None, path_to_date, passed, measured, at_target, shortfall, needed,
                    status, reported, subset)


def _subset_growth(dataset: Dataset, codes: Collection[str], baseline: int, mode: Mode, region: pd.Series) -> SubsetGrowth:
    cumulative = compute.cumulative_growth(region_net_change_mode(dataset, codes, mode).net_change, baseline)
    if cumulative.empty:
        return SubsetGrowth(scope_label(dataset, codes), tuple(codes), None, None, None)
    year, value = int(cumulative.index[-1]), float(cumulative.iloc[-1])
    whole = region.get(year)
    share = value / float(whole) if whole is not None and pd.notna(whole) and whole != 0 else None
    return SubsetGrowth(scope_label(dataset, codes), tuple(codes), value, year, share)


def member_changes(dataset: Dataset, baseline: int, last_year: int, codes: Collection[str] | None = None,
                   mode: Mode = MembershipMode.MEMBERS_EACH_YEAR) -> pd.DataFrame:
    """Each member's change in jobs during its membership years between ``baseline`` and ``last_year``.

    Columns code, change, note. Våler (Medlem til 2016) counts 2014–2016 with the note «medlem
    til 2016»; one joining in 2017 counts from 2016 («medlem fra 2017»). With complete figures
    the changes add up to the region's growth over the period (:func:`_member_spans`). A member
    without figures at both ends of its span is left out.
    """
    columns = ["code", "change", "note"]
    empty = pd.DataFrame({"code": pd.Series(dtype=object), "change": pd.Series(dtype="float64"), "note": pd.Series(dtype=object)})
    totals = compute.municipal_totals(dataset)
    if totals.empty or last_year <= baseline:
        return empty
    spans = _member_spans(dataset, baseline, last_year, codes, mode)
    wide = compute.employed_wide(totals)
    rows = []
    for code, start, end in zip(spans["code"], spans["start"], spans["end"], strict=True):
        if code not in wide.columns or start not in wide.index or end not in wide.index:
            continue
        change = wide.at[end, code] - wide.at[start, code]
        if pd.isna(change):
            continue
        notes = []
        if start > baseline:
            notes.append(f"medlem fra {start + 1}")
        if end < last_year:
            notes.append(f"medlem til {end}")
        rows.append((code, float(change), ", ".join(notes)))
    return pd.DataFrame(rows, columns=columns).astype({"code": object, "note": object}) if rows else empty


def goals_with_computed_status(goals: pd.DataFrame | None, story: JobStory | None) -> pd.DataFrame | None:
    """The goals with the strategic goal's status as computed from the figures (:attr:`JobStory.status`).

    So status counts, «Trenger oppmerksomhet» and the report's goal table agree with the
    strategic goal's status on every other page. Unchanged when the figures cannot tell.
    """
    if goals is None or story is None or story.status is None:
        return goals
    strategic = goals["level"] == GoalLevel.STRATEGIC
    if int(strategic.sum()) != 1:
        return goals
    changed = goals.copy()
    changed.loc[strategic, "status"] = str(story.status)
    return changed


def jobs_known_at(dataset: Dataset, day: dt.date) -> Dataset:
    """The data with only the employment years before the report date's year (4th-quarter figures are published the year after)."""
    if dataset.employment is None:
        return dataset
    employment = dataset.employment[dataset.employment["year"] < day.year]
    return dataclasses.replace(dataset, employment=employment.reset_index(drop=True))


#: The break in one sentence, for a caption or a list of how the figures are counted.
SERIES_BREAK_SHORT = f"Fra {SERIES_BREAK_YEAR} bygger SSBs tall på a-ordningen; tallene før og etter er ikke helt sammenlignbare."


def series_break_note(first_year: int | None, last_year: int | None, both_bases: bool = False) -> str | None:
    """The caveat for a change from ``first_year`` to ``last_year`` that crosses SSB's break in 2015 (None when it does not).

    ``both_bases``: the data gives 2015 on the old basis too, so the change into 2015 was counted on it.
    """
    if first_year is None or last_year is None or not first_year < SERIES_BREAK_YEAR <= last_year:
        return None
    before, year = SERIES_BREAK_YEAR - 1, SERIES_BREAK_YEAR
    if both_bases:
        return (f"Brudd i statistikken {year}: fra {year} bygger SSBs tall på a-ordningen. Endringen fra {before} til {year} "
                f"er regnet med {year}-tallene på gammelt grunnlag, så den ikke blandes med bruddet.")
    return (f"Brudd i statistikken {year}: fra {year} bygger SSBs tall på a-ordningen, så endringen fra {before} til {year} "
            f"er ikke helt sammenlignbar med årene før og bør leses med forsiktighet.")


# A report asks for the job story as known at its date from every section (texts, goal table, notes, charts);
# each costs tens of milliseconds. Within remembering(), each (dataset, date) is worked out once. Keyed by the
# dataset object itself, not its token: a dataset with a table replaced may keep the token.
_remembered: contextvars.ContextVar[dict[tuple[str, int, dt.date], tuple[Dataset, Any]] | None] = contextvars.ContextVar(
    "byr_remembered_stories", default=None)
_T = TypeVar("_T")


@contextlib.contextmanager
def remembering() -> Iterator[None]:
    """Within: :func:`job_story_at` and :func:`job_status_at` work out each dataset and date once."""
    reset = _remembered.set({})
    try:
        yield
    finally:
        _remembered.reset(reset)


def _remember(kind: str, dataset: Dataset, day: dt.date, make: Callable[[], _T]) -> _T:
    memo = _remembered.get()
    if memo is None:
        return make()
    key = (kind, id(dataset), day)
    if key not in memo:
        memo[key] = (dataset, make())  # the dataset is held so its id stays its own
    value: _T = memo[key][1]
    return value


def job_story_at(dataset: Dataset, day: dt.date) -> JobStory | None:
    """The region's job story as known at ``day`` (:func:`job_story` on :func:`jobs_known_at`)."""
    return _remember("story", dataset, day, lambda: job_story(jobs_known_at(dataset, day)))


def job_status_at(dataset: Dataset, day: dt.date) -> compute.JobStatus:
    """The last year's change as known at ``day`` (:func:`compute.job_status` on :func:`jobs_known_at`)."""
    return _remember("status", dataset, day, lambda: compute.job_status(jobs_known_at(dataset, day)))
