"""Differences between two versions, keyed as the data page shows them."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from byr_data import diff
from byr_data.dataset import Dataset
from byr_data.reading import load
from tests.conftest import SAMPLE


def test_activity_status_change_and_removal_are_found(sample: Dataset) -> None:
    activities = sample.activities.copy()
    activities.loc[activities["id"] == "A6", ["status", "progress"]] = ["Gjennomført", 100.0]
    activities = activities[activities["id"] != "A12"]
    table = diff.diff_table("activities", sample.activities, activities)
    assert table.summary() == "1 fjernet, 1 endret"
    assert table.changed.to_dict("records") == [
        {"ID": "A6", "Status før": "Påbegynt", "Status nå": "Gjennomført", "Fremdrift før": "40", "Fremdrift nå": "100"},
    ]
    assert list(table.removed["ID"]) == ["A12"]
    assert table.added.empty


def test_employment_rows_are_keyed_by_code_year_and_industry_with_blank_industry_as_total() -> None:
    def frame(rows):
        return pd.DataFrame(rows, columns=["code", "year", "employed", "industry", "name"]).assign(kind="municipality", _row=0)

    old = frame([["3401", 2022, 8668.0, None, "Kongsvinger"], ["3401", 2022, 100.0, "Industri", "Kongsvinger"]])
    new = frame([["3401", 2022, 8670.0, None, "Kongsvinger"], ["3401", 2022, 100.0, "Industri", "Kongsvinger"],
                 ["3401", 2023, 8702.0, None, "Kongsvinger"]])
    table = diff.diff_table("employment", old, new)
    assert table.summary() == "1 nye, 1 endret"
    assert table.changed.to_dict("records") == [
        {"Kommunenummer": "3401", "År": 2022, "Næring": "", "Sysselsatte før": "8 668", "Sysselsatte nå": "8 670"},
    ]
    assert table.added.iloc[0]["År"] == 2023


def test_missing_values_on_both_sides_are_no_change() -> None:
    old = pd.DataFrame({"year": [2016], "post": ["Drift"], "funding": [None], "original": [np.nan], "revised": [1.0], "actual": [0.0]})
    assert diff.diff_table("budget", old, old.copy()).empty


def test_a_nullable_value_filled_in_is_a_change() -> None:
    """A target year typed where there was none: a missing Int64 against a value is a change, not «NA is ambiguous»."""
    def goals(year: object) -> pd.DataFrame:
        return pd.DataFrame({"id": ["1"], "name": ["Flere arbeidsplasser"], "target_year": pd.array([year], dtype="Int64"), "_row": [2]})

    table = diff.diff_table("goals", goals(None), goals(2018))
    assert table.summary() == "1 endret"
    assert table.changed.to_dict("records") == [{"ID": "1", "Målår før": "", "Målår nå": 2018}]


def test_a_table_new_in_this_version_is_all_added(sample: Dataset) -> None:
    without = dataclasses.replace(sample, measurements=None)
    [table] = [t for t in diff.diff(without, sample) if t.name == "measurements"]
    assert len(table.added) == 20 and table.removed.empty


def test_highlights_name_status_changes_new_budget_changes_and_new_years(sample: Dataset) -> None:
    goals = sample.goals.copy()
    goals.loc[goals["id"] == "H2.1", "status"] = "Forsinket"
    changes = pd.concat([sample.budget_changes, sample.budget_changes.iloc[[1]].assign(date=pd.Timestamp("2016-09-01"), amount=-50_000.0)])
    employment = pd.concat([sample.employment, sample.employment[sample.employment["year"] == 2024].assign(year=2025)])
    new = dataclasses.replace(sample, goals=goals, budget_changes=changes, employment=employment)
    assert diff.highlights(sample, new) == [
        "Mål H2.1 «Knytte Høgskolesenteret i Kongsvinger til NMBU og andre forskningsmiljøer»: Risiko → Forsinket",
        "Ny budsjettendring 01.09.2016: Politiske møter −50 000 kr",
        "Nye sysselsettingstall for 2025",
    ]
    assert diff.highlights(None, sample) == []


def test_population_rows_are_keyed_by_code_and_year() -> None:
    def frame(rows):
        return pd.DataFrame(rows, columns=["code", "year", "population", "name"]).assign(kind="municipality", _file="x.xlsx", _row=0)

    old = frame([["3401", 2023, 17746.0, "Kongsvinger"], ["3419", 2023, 3638.0, "Våler"], ["3414", 2023, 4906.0, "Nord-Odal"]])
    new = frame([["3401", 2023, 17750.0, "Kongsvinger"], ["3419", 2023, 3638.0, "Våler"], ["3401", 2024, 17724.0, "Kongsvinger"]])

    table = diff.diff_table("population", old, new)

    assert table.header == "Befolkning"
    assert table.summary() == "1 nye, 1 fjernet, 1 endret"
    assert table.changed.to_dict("records") == [
        {"Kommunenummer": "3401", "År": 2023, "Innbyggere før": "17 746", "Innbyggere nå": "17 750"},
    ]
    assert table.added.to_dict("records") == [{"Kommunenummer": "3401", "År": 2024, "Innbyggere": "17 724", "Kommune": "Kongsvinger"}]
    assert table.removed["Kommunenummer"].tolist() == ["3414"]


def test_diff_and_highlights_include_population_after_employment(sample: Dataset) -> None:
    population = pd.concat([sample.population, sample.population[sample.population["year"] == 2024].assign(year=2025)])
    new = dataclasses.replace(sample, population=population)

    tables = diff.diff(sample, new)

    assert [t.name for t in tables][-2:] == ["employment", "population"]
    assert tables[-1].summary() == "9 nye"
    assert "«Befolkning»: 9 nye" in diff.highlights(sample, new)


def test_status_changes_lists_new_rows_and_changed_statuses_in_the_new_order() -> None:
    old = pd.DataFrame({"id": ["A1", "A2", "A3"], "name": ["En", "To", "Tre"], "status": ["Planlagt", "Påbegynt", "Utsatt"]})
    new = pd.DataFrame({"id": ["A3", "A4", "A2", "A1"], "name": ["Tre", "Fire", "To nå", "En"],
                        "status": ["Påbegynt", "Planlagt", "Påbegynt", "Planlagt"]})
    changes = diff.status_changes(old, new)
    # A3 Utsatt → Påbegynt, A4 is new; A2 only changed its name and A1 nothing; A3 removed from old is not a change here.
    assert changes.to_dict("records") == [
        {"id": "A3", "name": "Tre", "added": False, "before": "Utsatt", "status": "Påbegynt"},
        {"id": "A4", "name": "Fire", "added": True, "before": None, "status": "Planlagt"},
    ]


@pytest.mark.parametrize("old_missing", [True, False])
def test_status_changes_without_one_of_the_tables_is_empty(old_missing: bool) -> None:
    table = pd.DataFrame({"id": ["M1"], "name": ["Mål"], "status": ["I rute"]})
    changes = diff.status_changes(None, table) if old_missing else diff.status_changes(table, None)
    assert changes.empty
    assert list(changes.columns) == ["id", "name", "added", "before", "status"]


def test_highlights_of_a_rollback_list_every_change_undone(sample: Dataset) -> None:
    # Version 2 changed an activity's status and progress, added a budget change, a year of figures and an activity;
    # rolling back to the sample undoes each of them, and the summary names each.
    activities = sample.activities.copy()
    activities.loc[activities["id"] == "A1", ["status", "progress"]] = ["Påbegynt", 50.0]
    activities = pd.concat([activities, activities.iloc[[0]].assign(id="A99", name="Ny aktivitet")], ignore_index=True)
    changes = pd.concat([sample.budget_changes, sample.budget_changes.iloc[[1]].assign(date=pd.Timestamp("2016-09-01"), amount=-50_000.0)])
    employment = pd.concat([sample.employment, sample.employment[sample.employment["year"] == 2024].assign(year=2025)])
    second = dataclasses.replace(sample, activities=activities, budget_changes=changes, employment=employment, about={**sample.about, "Region": "Annen"})

    assert diff.highlights(second, sample) == [
        "Aktivitet A1 «Kompetanseplan: kompetansekartlegging og forslag til strategi»: Påbegynt → Gjennomført",
        "Aktivitet A99 «Ny aktivitet» er fjernet",
        "«Aktiviteter»: 1 endret (annet enn status)",
        "Budsjettendring 01.09.2016 er fjernet: Politiske møter −50 000 kr",
        "Sysselsettingstall fjernet for 2025",
        f"«Om» Region: «Annen» → «{sample.about['Region']}»",
    ]


def test_a_table_known_equal_gives_the_same_empty_diff_as_comparing_it() -> None:
    dataset = load([(SAMPLE.name, SAMPLE.read_bytes())]).dataset
    assert dataset is not None
    for name in diff.KEYS:
        table = getattr(dataset, name)
        if table is None:
            continue
        known = diff._unchanged(name, table)
        compared = diff.diff_table(name, table.iloc[0:0], table.iloc[0:0])
        assert known.empty and compared.empty
        assert list(known.added.columns) == list(compared.added.columns) and list(known.removed.columns) == list(compared.removed.columns)
        assert known.changed.empty and compared.changed.empty
