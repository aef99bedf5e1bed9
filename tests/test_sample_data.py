"""The sample workbook: what its illustrative figures promise (industries, population), and that it rebuilds identically."""

from __future__ import annotations

import importlib.util
import itertools
import re
from pathlib import Path

import pandas as pd
import pytest

from byr_data import compute
from byr_data.dataset import Dataset
from tests.conftest import ROOT, SAMPLE

MEMBERS = ["3401", "3414", "3415", "3416", "3417", "3418", "3419"]
YEARS = list(range(2008, 2025))
#: An SN2007 (NACE) group as SSB labels it: a division or a range of divisions, then the name.
SN2007_GROUP = re.compile(r"^(\d{2})(?:-(\d{2}))? \S")


def industry_rows(sample: Dataset) -> pd.DataFrame:
    employment = sample.employment
    return employment[employment["industry"].notna()]


def by_industry(sample: Dataset, year: int) -> pd.Series:
    rows = industry_rows(sample)
    return rows[rows["year"] == year].groupby("industry")["employed"].sum()


def test_sample_industry_parts_add_up_to_the_total_for_every_municipality_and_year(sample: Dataset) -> None:
    totals = compute.employment_totals(sample.employment).set_index(["code", "year"])["employed"]
    parts = industry_rows(sample).groupby(["code", "year"])["employed"].sum()

    assert len(parts) == len(MEMBERS) * len(YEARS)
    for (code, year), summed in parts.items():
        assert summed == totals[(code, year)], (code, year)


def test_sample_has_the_same_industries_for_every_member_and_year_and_totals_only_for_comparisons(sample: Dataset) -> None:
    rows = industry_rows(sample)

    assert sorted(rows["code"].unique()) == MEMBERS
    industries = rows.groupby(["code", "year"])["industry"].agg(frozenset)
    assert len(industries) == len(MEMBERS) * len(YEARS)
    assert industries.nunique() == 1  # no member or year lacks an industry the others have
    assert not rows.duplicated(["code", "year", "industry"]).any()
    assert (rows["employed"] >= 0).all()
    comparison = sample.employment[sample.employment["kind"] != "municipality"]
    assert sorted(comparison["code"].unique()) == ["0", "34"] and comparison["industry"].isna().all()


def test_sample_industries_are_separate_sn2007_groups_and_one_rest(sample: Dataset) -> None:
    labels = set(industry_rows(sample)["industry"])
    groups = [SN2007_GROUP.match(label) for label in labels]
    spans = sorted((int(m[1]), int(m[2] or m[1])) for m in groups if m)

    assert sum(m is None for m in groups) == 1  # «Øvrige næringer»: the rest, so the parts add up to the total
    assert all(1 <= first <= last <= 99 for first, last in spans)
    assert all(a_last < b_first for (_, a_last), (b_first, _) in itertools.pairwise(spans))  # no division counted twice


def test_sample_totals_are_the_rows_they_always_were(sample: Dataset) -> None:
    totals = sample.employment[sample.employment["industry"].isna()]

    assert len(totals) == 9 * 17
    assert totals["_row"].tolist() == list(range(2, 2 + 9 * 17))  # first in the sheet, before the parts
    kongsvinger = totals[totals["code"] == "3401"].set_index("year")["employed"]
    assert kongsvinger[2015] == 8222 and kongsvinger[2022] == 8668
    net = compute.region_net_change(sample).net_change
    assert (net[2016], net[2017]) == (39, 132)


def test_sample_industries_move_between_2014_and_2024(sample: Dataset) -> None:
    change = by_industry(sample, 2024) - by_industry(sample, 2014)

    assert change["86-88 Helse- og sosialtjenester"] > 0 and change["49-53 Transport og lagring"] > 0
    assert change["10-33 Industri"] < 0 and change["01-03 Jordbruk, skogbruk og fiske"] < 0
    largest = by_industry(sample, 2015).sort_values(ascending=False).index[:2].tolist()
    assert largest == ["86-88 Helse- og sosialtjenester", "45-47 Varehandel, reparasjon av motorvogner"]


@pytest.mark.parametrize("code", ["3416", "3401"])
def test_sample_transport_grows_in_eidskog_and_kongsvinger(sample: Dataset, code: str) -> None:
    rows = industry_rows(sample)
    transport = rows[(rows["code"] == code) & (rows["industry"] == "49-53 Transport og lagring")].set_index("year")["employed"]

    assert transport[2024] > transport[2014]


def test_sample_population_covers_the_members_the_county_and_the_country(sample: Dataset) -> None:
    population = sample.population

    assert len(population) == 9 * 17
    assert sorted(population["code"].unique()) == sorted([*MEMBERS, "34", "0"])
    assert population.groupby("code")["year"].apply(sorted).map(lambda years: years == YEARS).all()
    assert dict(zip(population["code"], population["kind"], strict=False))["34"] == "county"


def test_sample_population_of_the_region_is_53232_on_1_january_2015(sample: Dataset) -> None:
    population = sample.population
    members = population[population["code"].isin(MEMBERS)]

    assert members[members["year"] == 2015]["population"].sum() == 53232
    by_year = members.groupby("year")["population"].sum()
    assert by_year[2024] < by_year[2015] < by_year[2008]  # slowly declining


def test_sample_says_industry_and_population_figures_are_illustrative(sample: Dataset) -> None:
    assert sample.is_sample
    assert "næring" in sample.source and "folketallet" in sample.source and "illustrative" in sample.source


def test_build_sample_data_rebuilds_the_sample_byte_for_byte(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("build_sample_data", ROOT / "scripts" / "build_sample_data.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)

    out = tmp_path / "byr_glamdalen.xlsx"
    module.save_reproducible(module.build_workbook(), out)

    assert out.read_bytes() == SAMPLE.read_bytes()
