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

import dataclasses
import enum
from collections.abc import Collection
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pandas as pd

from byr_data import compute, fmt
from byr_data.compute import JobTarget, RegionSeries
from byr_data.dataset import Dataset
from byr_data.model import KNOWN_NAMES

# --- the target: what is still needed -------------------------------------------------------


@dataclass(frozen=True)
class Needed:
    """How far the region is from its target, and the yearly pace that would still reach it.

    ``shortfall`` is positive when growth fell short of the target and negative when it went
    beyond it; it is only set once the target year has passed.
    """

    last_year: int  # the last year with cumulative growth (the baseline when there is none yet)
    cumulative: float  # growth since the baseline in that year
    target_year: int | None
    target_at_target_year: float | None  # what the target asks for by the target year
    per_year_needed: float | None  # net new jobs a year from now on to reach it
    shortfall: float | None  # target − growth at the target year, once it has passed
    passed: bool  # the last year with data is the target year or later


def needed_per_year(cumulative: pd.Series, target: JobTarget) -> Needed:
    """The net new jobs needed per remaining year to reach the target by its target year.

    ``cumulative`` is growth since the baseline per year (:func:`compute.cumulative_growth`);
    its last year is where we stand. With no year yet, we stand at the baseline with 0.

    - Before the target year: (target by the target year − growth so far) ÷ (target year − last
      year). The remaining gap is spread evenly over the remaining years.
    - From the target year on (last year ≥ target year): nothing is "needed per year" any more
      (None); ``shortfall`` is the target by the target year − growth in the target year (or in
      the last year, when the target year has no figure).
    - A yearly target without a target year has no end point to catch up to, so the yearly
      value itself is what is needed each year: a deficit is not spread over later years.
      A total target without a target year has no pace at all: None.
    """
    series = cumulative.dropna().sort_index()
    if len(series):
        last_year, growth = int(series.index[-1]), float(series.iloc[-1])
    else:
        last_year, growth = target.baseline_year, 0.0
    target_year = target.target_year
    if target_year is None:
        per_year = target.value if target.per_year else None
        return Needed(last_year, growth, None, None, per_year, None, False)
    goal = target.path(target_year)
    if last_year >= target_year:
        at_target = float(series[target_year]) if target_year in series.index else growth
        return Needed(last_year, growth, target_year, goal, None, goal - at_target, True)
    return Needed(last_year, growth, target_year, goal, (goal - growth) / (target_year - last_year), None, False)


@dataclass(frozen=True)
class TargetFigures:
    """The target's figures for one baseline, as the jobs page and meeting screen 1 both show them."""

    target: JobTarget  # the strategic goal's target, counted from the chosen baseline
    yearly: float | None  # net new jobs a year the target asks for
    year: int | None  # the last year with growth since the baseline
    by_year: float | None  # what the target asks for by that year
    needed: Needed

    def needed_figure(self) -> tuple[str, str, str]:
        """What is still needed as (label, value, note): the yearly pace to the target year, or the shortfall once it has passed."""
        needed = self.needed
        if needed.passed:
            return f"Mangler til målet for {needed.target_year}", fmt.number(max(needed.shortfall or 0, 0)), "målåret er passert"
        return (f"Trengs per år til {needed.target_year}", fmt.number(needed.per_year_needed, signed=True),
                f"for å nå {fmt.number(needed.target_at_target_year, signed=True)}")


def target_figures(dataset: Dataset, baseline: int, cumulative: pd.Series) -> TargetFigures | None:
    """The target counted from ``baseline`` (not the goal's own start year) against ``cumulative``, the growth since it.

    None without a target. ``cumulative`` is :func:`compute.cumulative_growth` from the same
    baseline (e.g. :attr:`JobView.cumulative_series`).
    """
    target = compute.job_target(dataset)
    if target is None:
        return None
    target = dataclasses.replace(target, baseline_year=baseline)
    year = int(cumulative.index.max()) if len(cumulative) else None
    return TargetFigures(target=target, yearly=target.yearly(), year=year, by_year=target.path(year) if year is not None else None,
                         needed=needed_per_year(cumulative, target))


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
    """The figures of the jobs page: yearly and cumulative growth, in numbers and per cent (the target's: :func:`target_figures`)."""
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
