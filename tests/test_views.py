"""Display tables: what the user reads in the tables."""

from __future__ import annotations

import pytest

from byr_data import compute, growth, views
from byr_data.dataset import Dataset


def test_goal_table_shows_computed_figures_for_the_strategic_goal(sample: Dataset) -> None:
    tree = compute.goal_tree(sample.goals)
    table = views.goal_table(tree, compute.municipality_names(sample), growth.job_story(sample))
    strategic = table.iloc[0]
    assert strategic["Mål"].startswith("S Netto vekst på 100 arbeidsplasser")
    # 100 a year from 2014 to 2018 is +400 by 2018; the growth to date is +213 (2014–2024).
    assert (strategic["Start"], strategic["Nå"], strategic["Målverdi"]) == ("0 (2014)", "+213 (2024)", "+400 (2018)")
    # Computed: +43 in 2018 against +400, the target year has passed: Forsinket; the data says «I rute».
    assert strategic["Status"] == "✖ Forsinket (Meldt: I rute)"
    assert strategic["Fremdrift"] == pytest.approx(43 / 400)
    assert table.iloc[2]["Mål"].startswith("\u2003\u2003H1.1")  # sub-goals indented twice


def test_goal_table_names_the_municipality_of_a_local_goal(sample: Dataset) -> None:
    tree = compute.goal_tree(sample.goals)
    table = views.goal_table(tree, compute.municipality_names(sample), growth.job_story(sample))
    local = table[table["Mål"].str.contains("H3.3")].iloc[0]
    assert local["Kommune"] == "Eidskog"


def test_budget_post_table_ends_with_the_sum(sample: Dataset) -> None:
    table = views.budget_post_table(compute.budget_by_post(sample.budget, 2016))
    assert table.text.iloc[-1].to_list() == ["Sum", "1 750 000 kr", "3 880 000 kr", "+2 130 000 kr", "162 400 kr"]
    assert table.values.iloc[-1].to_list() == ["Sum", 1_750_000, 3_880_000, 2_130_000, 162_400]  # the download's numbers


def test_net_change_table_puts_the_region_first(sample: Dataset) -> None:
    totals = compute.municipal_totals(sample)
    table = views.net_change_table(compute.region_net_change(sample).net_change, compute.yearly_change(totals),
                                   compute.municipality_names(sample), "Regionen")
    row_2016 = table.text[table.text["År"] == "2016"].iloc[0]
    assert row_2016["Regionen"] == "+39"
    assert row_2016["Kongsvinger"] == "+114"  # 8 336 − 8 222
    assert table.text.columns[1] == "Regionen"
    values_2016 = table.values[table.values["År"] == 2016].iloc[0]
    assert (values_2016["Regionen"], values_2016["Kongsvinger"]) == (39, 114)


def test_activity_table_writes_out_goals_and_municipalities(sample: Dataset) -> None:
    goal_names = dict(zip(sample.goals["id"], sample.goals["name"], strict=True))
    table = views.activity_table(sample.activities, compute.municipality_names(sample), goal_names).text
    a2 = table[table["ID"] == "A2"].iloc[0]
    assert a2["Kommuner"] == "Kongsvinger, Eidskog"
    assert a2["Mål"].startswith("H3.1 ")
    assert a2["Status"] == "✔ Gjennomført" and a2["Fremdrift"] == 1.0
    assert table[table["ID"] == "A1"].iloc[0]["Kommuner"] == "Hele regionen"
