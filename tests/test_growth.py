"""Job growth beyond the yearly change, each case checked against figures worked out by hand."""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import pandas as pd
import pytest

from byr_data import compute, growth
from byr_data.dataset import Dataset
from byr_data.growth import MembershipMode
from byr_data.model import GoalStatus
from byr_data.reading import load
from tests.workbooks import make_workbook, story_workbook

EACH_YEAR = MembershipMode.MEMBERS_EACH_YEAR
TODAY = MembershipMode.TODAYS_MEMBERS
MEMBERS_HEADER = ["Kommunenummer", "Kommune", "Medlem fra", "Medlem til"]


def _dataset(sheets: dict) -> Dataset:
    result = load([("test.xlsx", make_workbook(sheets))], today=dt.date(2016, 2, 15))
    assert result.dataset is not None, [p.text() for p in result.report.errors]
    return result.dataset


def _employment(figures: dict[tuple[str, str], dict[int, int]]) -> list[list[object]]:
    """Sysselsetting rows from {(code, name): {year: jobs}}."""
    header = ["Kommunenummer", "Kommune", "År", "Sysselsatte"]
    return [header] + [[code, name, year, value] for (code, name), series in figures.items() for year, value in series.items()]


@pytest.fixture(scope="module")
def moving() -> Dataset:
    """Kongsvinger a member throughout, Våler out after 2016, Eidskog in from 2016; Innlandet and Hamar to compare."""
    return _dataset({
        "Kommuner": [MEMBERS_HEADER, ["3401", "Kongsvinger", None, None], ["3419", "Våler", None, 2016], ["3416", "Eidskog", 2016, None]],
        "Sysselsetting": _employment({
            ("3401", "Kongsvinger"): {2014: 100, 2015: 110, 2016: 120, 2017: 150},
            ("3419", "Våler"): {2014: 50, 2015: 40, 2016: 45, 2017: 20},
            ("3416", "Eidskog"): {2014: 30, 2015: 33, 2016: 31, 2017: 35},
            ("34", "Innlandet"): {2014: 990, 2015: 1000, 2016: 1020, 2017: 1050},
            ("3403", "Hamar"): {2015: 200, 2016: 210, 2017: 190},
        }),
    })


@pytest.fixture(scope="module")
def renumbered() -> Dataset:
    """Kongsvinger as 0402 up to 2019 and as 3401 from 2020 (the public series)."""
    return _dataset({"Sysselsetting": _employment({("0402", "Kongsvinger"): {2018: 8598, 2019: 8423}, ("3401", "Kongsvinger"): {2020: 8297, 2021: 8614}})})


@pytest.fixture(scope="module")
def gap() -> Dataset:
    """Nord-Odal has no figure for 2016."""
    return _dataset({"Sysselsetting": _employment({
        ("3401", "Kongsvinger"): {2014: 100, 2015: 110, 2016: 120, 2017: 125},
        ("3414", "Nord-Odal"): {2014: 50, 2015: 52, 2017: 55},
    })})


@pytest.fixture(scope="module")
def industries() -> Dataset:
    """Kongsvinger and Våler (out after 2016) by industry and in total; Nord-Odal in total only."""
    rows: list[list[object]] = [["Kommunenummer", "År", "Næring", "Sysselsatte"]]
    for code, year, total, industry, trade in [
        ("3401", 2015, 100, 40, 60), ("3401", 2016, 110, 45, 65), ("3401", 2017, 115, 42, 73),
        ("3419", 2015, 50, 20, 30), ("3419", 2016, 40, 15, 25), ("3419", 2017, 30, 10, 20),
    ]:
        rows += [[code, year, None, total], [code, year, "Industri", industry], [code, year, "Handel", trade]]
    rows += [["3414", 2015, None, 70], ["3414", 2016, None, 72], ["3414", 2017, None, 71]]
    return _dataset({
        "Kommuner": [MEMBERS_HEADER, ["3401", "Kongsvinger", None, None], ["3419", "Våler", None, 2016], ["3414", "Nord-Odal", None, None]],
        "Sysselsetting": rows,
    })


# --- the job story: growth, target, shortfall and status, one definition -------------------------

#: Kongsvinger throughout, Våler (out after 2016). Net change: 2015 +130 (150 − 20), 2016 +120 (110 + 10).
ON_TRACK_2016 = {"3401": {2014: 1000, 2015: 1150, 2016: 1260}, "3419": {2014: 500, 2015: 480, 2016: 490}}
#: As above but 2016 only +20 (Kongsvinger +10, Våler +10).
BEHIND_2016 = {"3401": {2014: 1000, 2015: 1150, 2016: 1160}, "3419": {2014: 500, 2015: 480, 2016: 490}}
#: To 2019. Net: 2015 +90 (100 − 10), 2016 +90 (100 − 10), 2017 +50, 2018 +50, 2019 −20 (Våler no longer counts).
#: Growth since 2014: 90, 180, 230, 280, 260. Våler's later figures (100, 90, 80) must never count.
TO_2019 = {"3401": {2014: 1000, 2015: 1100, 2016: 1200, 2017: 1250, 2018: 1300, 2019: 1280},
           "3419": {2014: 500, 2015: 490, 2016: 480, 2017: 100, 2018: 90, 2019: 80}}
#: Kongsvinger without a 2018 figure: 2018 and 2019 have no net change, 2020 has (+30). Growth stops at 2017: 230.
NO_2018 = {"3401": {2014: 1000, 2015: 1100, 2016: 1200, 2017: 1250, 2019: 1280, 2020: 1310},
           "3419": {2014: 500, 2015: 490, 2016: 480}}


def _story(jobs: dict, **goal: object) -> growth.JobStory:
    story = growth.job_story(_dataset(story_workbook(jobs, **goal)))  # type: ignore[arg-type]
    assert story is not None
    return story


def test_job_story_before_the_target_year_at_or_above_the_path_is_on_track() -> None:
    story = _story(ON_TRACK_2016)
    assert (story.last_year, story.growth, story.path_to_date) == (2016, 250.0, 200.0)  # 130 + 120 against 100 × 2
    assert (story.target_year, story.target_at_target_year, story.passed) == (2018, 400.0, False)
    assert story.needed_per_year == 75.0  # (400 − 250) ÷ (2018 − 2016)
    assert (story.growth_at_target_year, story.shortfall) == (None, None)  # not before the target year
    assert story.status is GoalStatus.ON_TRACK
    assert story.gap_figure() == ("Trengs per år til 2018", "+75", "for å nå +400")
    assert story.target_figure() == ("Målbanen for 2016", "+200", "+100 per år fra 2014 til 2018; +400 i 2018")


def test_job_story_before_the_target_year_below_the_path_is_at_risk() -> None:
    story = _story(BEHIND_2016, status="Nådd")
    assert (story.growth, story.path_to_date, story.needed_per_year) == (150.0, 200.0, 125.0)  # (400 − 150) ÷ 2
    assert story.status is GoalStatus.AT_RISK
    assert story.status_figure() == ("Status for målet", "⚠ Risiko", "Meldt: Nådd")


def test_job_story_before_the_target_year_reached_early_is_achieved() -> None:
    story = _story(ON_TRACK_2016, unit="arbeidsplasser", value=240)  # 240 in total by 2018; 250 already in 2016
    assert story.status is GoalStatus.ACHIEVED


def test_job_story_after_the_target_year_not_reached_is_late() -> None:
    story = _story(TO_2019)
    assert (story.baseline, story.last_year, story.growth) == (2014, 2019, 260.0)
    assert story.growth_figure() == ("Netto vekst 2014–2019", "+260", "")
    assert (story.passed, story.measured_year, story.growth_at_target_year) == (True, 2018, 280.0)
    assert (story.target_at_target_year, story.shortfall, story.needed_per_year) == (400.0, 120.0, None)
    assert story.path_to_date == 400.0  # the path stops at 2018: never 500 for 2019
    assert story.status is GoalStatus.LATE
    assert story.target_figure() == ("Mål for 2018", "+400", "+100 per år fra 2014 til 2018")
    assert story.gap_figure() == ("Mangler til målet for 2018", "120", "vekst 2014–2018: +280")


def test_job_story_after_the_target_year_reached_is_achieved_with_a_negative_shortfall() -> None:
    story = _story(TO_2019, unit="arbeidsplasser", value=250)  # 250 in total by 2018, 280 reached
    assert (story.shortfall, story.status) == (-30.0, GoalStatus.ACHIEVED)
    assert story.gap_figure() == ("Over målet for 2018", "30", "vekst 2014–2018: +280")


def test_job_story_uses_the_last_year_before_a_target_year_without_a_figure_and_says_so() -> None:
    story = _story(NO_2018)
    assert (story.data_year, story.last_year, story.growth) == (2020, 2017, 230.0)
    assert (story.passed, story.measured_year, story.growth_at_target_year, story.shortfall) == (True, 2017, 230.0, 170.0)
    assert story.status is GoalStatus.LATE
    assert story.substitute_note == "målåret mangler tall; brukt 2017"
    assert story.gap_figure() == ("Mangler til målet for 2018", "170", "vekst 2014–2017: +230 (målåret mangler tall; brukt 2017)")


def test_job_story_without_a_target_year_keeps_the_yearly_pace() -> None:
    story = _story(TO_2019, target_year=None)
    assert (story.target_year, story.target_at_target_year, story.shortfall, story.passed) == (None, None, None, False)
    assert (story.path_to_date, story.needed_per_year) == (500.0, 100.0)  # 100 × (2019 − 2014); the yearly value itself
    assert story.status is GoalStatus.AT_RISK  # 260 < 500


@pytest.mark.parametrize(("value", "expected"), [(250, GoalStatus.ACHIEVED), (300, None)])
def test_job_story_for_a_total_target_without_a_target_year_only_tells_achieved(value: int, expected: GoalStatus | None) -> None:
    story = _story(TO_2019, unit="arbeidsplasser", value=value, target_year=None)
    assert (story.path_to_date, story.needed_per_year, story.status) == (None, None, expected)
    assert story.shown_status == (expected or "I rute")  # the typed status stands when the figures cannot tell


def test_job_story_counts_the_target_from_a_chosen_baseline(sample: Dataset) -> None:
    # From 2016: 2017 +132, 2018 +371; 100 a year to 2018 asks for 200 by then.
    story = growth.job_story(sample, 2016)
    assert (story.target_at_target_year, story.growth_at_target_year, story.shortfall) == (200.0, 371.0, -171.0)
    assert story.status is GoalStatus.ACHIEVED


def test_job_story_on_the_sample(sample: Dataset) -> None:
    story = growth.job_story(sample)
    # 100 a year from 2014 to 2018: +400; growth in 2018 +43 (−367 + 39 + 132 + 239); to 2024 +213.
    assert (story.growth, story.last_year, story.target_at_target_year, story.growth_at_target_year, story.shortfall) == (213.0, 2024, 400.0, 43.0, 357.0)
    assert (story.status, story.reported) == (GoalStatus.LATE, "I rute")
    assert story.figures() == [
        ("Netto vekst 2014–2024", "+213", ""),
        ("Mål for 2018", "+400", "+100 per år fra 2014 til 2018"),
        ("Mangler til målet for 2018", "357", "vekst 2014–2018: +43"),
        ("Status for målet", "✖ Forsinket", "Meldt: I rute"),
    ]


def test_job_story_for_a_municipality_shows_its_growth_and_share_never_a_shortfall(sample: Dataset) -> None:
    story = growth.job_story(sample, codes=("3416",))
    # Eidskog: 4 250 in 2014 (SSB) to 4 212 in 2024: −38, of the region's +213: −17,8 %.
    assert (story.subset.growth, story.subset.year) == (-38.0, 2024)
    assert story.subset.share == pytest.approx(-38 / 213)
    assert story.growth == 213.0  # the region's figures stay the region's
    assert story.figures() == [("Netto vekst 2014–2024: Eidskog", "−38", "−18 % av regionens vekst (+213)"),
                               ("Regionens mål for 2018", "+400", "gjelder hele regionen")]


def test_job_story_without_a_target_is_growth_only(sample: Dataset) -> None:
    story = growth.job_story(dataclasses.replace(sample, goals=None), 2014)
    assert (story.growth, story.target, story.status, story.shortfall) == (213.0, None, None, None)
    assert story.figures() == [("Netto vekst 2014–2024", "+213", "")]


def test_member_changes_count_each_member_only_in_its_membership_years() -> None:
    dataset = _dataset(story_workbook(TO_2019))
    changes = growth.member_changes(dataset, 2014, 2019)
    # Kongsvinger 1 280 − 1 000; Våler 480 − 500 up to and including 2016 (not 80 − 500).
    assert changes.to_dict("records") == [{"code": "3401", "change": 280.0, "note": ""},
                                          {"code": "3419", "change": -20.0, "note": "medlem til 2016"}]
    assert changes["change"].sum() == growth.job_story(dataset).growth  # the bars add up to the region's growth


def test_member_changes_on_the_sample_add_up_to_the_region(sample: Dataset) -> None:
    changes = growth.member_changes(sample, 2014, 2024)
    assert changes["change"].sum() == 213.0  # not +219: Våler's change after it left does not count
    assert changes.set_index("code").loc["3419", "note"] == "medlem til 2016"


def test_member_changes_with_todays_members_leave_out_a_member_that_left(sample: Dataset) -> None:
    changes = growth.member_changes(sample, 2014, 2024, mode=TODAY)
    assert "3419" not in set(changes["code"]) and set(changes["note"]) == {""}


def test_goals_with_computed_status_replace_only_the_strategic_goal(sample: Dataset) -> None:
    goals = growth.goals_with_computed_status(sample.goals, growth.job_story(sample))
    strategic = goals["level"] == "Strategisk mål"
    assert list(goals.loc[strategic, "status"]) == ["Forsinket"]
    assert goals.loc[~strategic, "status"].equals(sample.goals.loc[~strategic, "status"])
    assert list(sample.goals.loc[strategic, "status"]) == ["I rute"]  # the input is not changed


def test_scope_label_says_which_municipalities(sample: Dataset) -> None:
    assert growth.scope_label(sample, ()) == "Hele regionen (7 kommuner)"
    assert growth.scope_label(sample, (), TODAY) == "Hele regionen (6 kommuner, dagens medlemmer i alle år)"
    assert growth.scope_label(sample, ("3416", "3401")) == "Eidskog, Kongsvinger"


# --- membership modes ---------------------------------------------------------------------------


def test_members_each_year_follows_the_counting_rule(moving: Dataset) -> None:
    series = growth.region_net_change_mode(moving, mode=EACH_YEAR).net_change
    # 2015: Kongsvinger +10, Våler −10 (Eidskog not yet a member) = 0
    # 2016: Kongsvinger +10, Våler +5, Eidskog −2 = 13
    # 2017: Kongsvinger +30, Eidskog +4 (Våler out after 2016) = 34
    assert series.to_dict() == {2015: 0.0, 2016: 13.0, 2017: 34.0}
    assert series.to_dict() == compute.region_net_change(moving).net_change.to_dict()


def test_todays_members_counts_them_in_every_year(moving: Dataset) -> None:
    series = growth.region_net_change_mode(moving, mode=TODAY).net_change
    # Today (2017) Kongsvinger and Eidskog are members; Våler is not.
    # 2015: +10 + 3 = 13; 2016: +10 − 2 = 8; 2017: +30 + 4 = 34
    assert series.to_dict() == {2015: 13.0, 2016: 8.0, 2017: 34.0}


def test_todays_members_accepts_the_mode_as_text_and_narrows_to_chosen_codes(moving: Dataset) -> None:
    assert growth.region_net_change_mode(moving, ["3416"], "todays_members").net_change.to_dict() == {2015: 3.0, 2016: -2.0, 2017: 4.0}
    assert growth.region_net_change_mode(moving, ["3419"], "todays_members").net_change.empty  # Våler is no member today


def test_membership_modes_agree_on_old_and_new_codes(renumbered: Dataset) -> None:
    # 0402 (to 2019) and 3401 (from 2020) are one municipality: −175, −126, +317
    for mode in MembershipMode:
        assert growth.region_net_change_mode(renumbered, mode=mode).net_change.to_dict() == {2019: -175.0, 2020: -126.0, 2021: 317.0}


def test_membership_events_mark_the_first_year_the_change_shows(moving: Dataset) -> None:
    assert growth.membership_events(moving) == [(2016, "3416", "Eidskog med fra 2016"), (2017, "3419", "Våler ute etter 2016")]


def test_membership_events_without_a_kommuner_sheet(gap: Dataset) -> None:
    assert growth.membership_events(gap) == []


def test_membership_mode_labels_are_norwegian() -> None:
    assert [m.label for m in MembershipMode] == ["Medlemmene det enkelte år", "Dagens medlemmer i alle år"]


# --- per cent -------------------------------------------------------------------------------------


def test_previous_year_jobs_are_those_of_the_members_counted_in_each_year(moving: Dataset) -> None:
    # 2015: Kongsvinger + Våler in 2014 = 100 + 50; 2016: all three in 2015 = 110 + 40 + 33;
    # 2017: Kongsvinger + Eidskog in 2016 = 120 + 31
    assert growth.previous_year_jobs(moving).to_dict() == {2015: 150.0, 2016: 183.0, 2017: 151.0}
    # Today's members (Kongsvinger, Eidskog): 100 + 30, 110 + 33, 120 + 31
    assert growth.previous_year_jobs(moving, mode=TODAY).to_dict() == {2015: 130.0, 2016: 143.0, 2017: 151.0}


def test_growth_percent_divides_by_the_same_members_jobs_the_year_before(moving: Dataset) -> None:
    net = growth.region_net_change_mode(moving).net_change
    percent = growth.growth_percent(net, growth.previous_year_jobs(moving))
    # 0 ÷ 150; 13 ÷ 183 = 7.104 %; 34 ÷ 151 = 22.517 % (not 34 ÷ 205, the total of all three in 2016)
    assert percent.to_dict() == pytest.approx({2015: 0.0, 2016: 1300 / 183, 2017: 3400 / 151})
    assert percent[2016] == pytest.approx(7.104, abs=1e-3)


def test_cumulative_growth_percent_over_the_baseline_jobs_of_the_next_years_members(moving: Dataset) -> None:
    net = growth.region_net_change_mode(moving).net_change
    base = growth.previous_year_jobs(moving)
    # Baseline 2014: growth 0, 13, 47 over the 2015 members' jobs in 2014, 150
    assert growth.cumulative_growth_percent(net, base, 2014).to_dict() == pytest.approx({2015: 0.0, 2016: 1300 / 150, 2017: 4700 / 150})
    # A changed baseline, 2015: growth 13, 47 over the 2016 members' jobs in 2015, 183
    assert growth.cumulative_growth_percent(net, base, 2015).to_dict() == pytest.approx({2016: 1300 / 183, 2017: 4700 / 183})
    assert growth.cumulative_growth_percent(net, base, 2017).empty  # no base for 2018


def test_growth_percent_across_old_and_new_codes(renumbered: Dataset) -> None:
    net = growth.region_net_change_mode(renumbered).net_change
    percent = growth.growth_percent(net, growth.previous_year_jobs(renumbered))
    # 2019: −175 ÷ 8598; 2020: −126 ÷ 8423 (0402's 2019 figure); 2021: 317 ÷ 8297
    assert percent.to_dict() == pytest.approx({2019: -17500 / 8598, 2020: -12600 / 8423, 2021: 31700 / 8297})


def test_percent_with_a_missing_year_for_one_member(gap: Dataset) -> None:
    net = growth.region_net_change_mode(gap).net_change
    base = growth.previous_year_jobs(gap)
    # Only 2015 is complete: (110 − 100) + (52 − 50) = 12 over 100 + 50 = 150: 8 %
    assert growth.growth_percent(net, base).to_dict() == pytest.approx({2015: 8.0})
    assert growth.cumulative_growth_percent(net, base, 2014).to_dict() == pytest.approx({2015: 8.0})


# --- comparisons --------------------------------------------------------------------------------


def test_comparison_series_are_the_county_and_municipalities_outside_the_region(moving: Dataset) -> None:
    table = growth.comparison_series(moving)
    assert table.to_dict("records") == [{"code": "34", "name": "Innlandet", "kind": "county"}, {"code": "3403", "name": "Hamar", "kind": "municipality"}]


def test_comparison_series_without_a_kommuner_sheet_are_only_counties_and_the_country(sample: Dataset) -> None:
    assert growth.comparison_series(dataclasses.replace(sample, municipalities=None))["code"].tolist() == ["34", "0"]


def test_index_series_chains_the_region_and_divides_comparisons(moving: Dataset) -> None:
    table = growth.index_series(moving, 2015)
    region = table[table["kind"] == "region"]
    # Rates: 2015 0 ÷ 150 = 0; 2016 13 ÷ 183; 2017 34 ÷ 151.
    # 2014 = 100 ÷ (1 + 0) = 100; 2016 = 100 × 196/183 = 107.10; 2017 = 107.10 × 185/151 = 131.22
    assert dict(zip(region["year"], region["index"], strict=True)) == pytest.approx(
        {2014: 100.0, 2015: 100.0, 2016: 100 * 196 / 183, 2017: 100 * 196 / 183 * 185 / 151})
    assert region["series"].iloc[0] == "Regionen" and region["code"].isna().all()
    county = table[table["code"] == "34"]
    # Innlandet 990, 1000, 1020, 1050 over 1000
    assert dict(zip(county["year"], county["index"], strict=True)) == pytest.approx({2014: 99.0, 2015: 100.0, 2016: 102.0, 2017: 105.0})
    hamar = table[table["code"] == "3403"]
    assert dict(zip(hamar["year"], hamar["index"], strict=True)) == pytest.approx({2015: 100.0, 2016: 105.0, 2017: 95.0})  # 200, 210, 190
    assert list(table.columns) == ["series", "code", "kind", "year", "index"]
    assert table["series"].drop_duplicates().tolist() == ["Regionen", "Innlandet", "Hamar"]


def test_index_series_with_a_changed_baseline_leaves_out_a_series_without_it(moving: Dataset) -> None:
    table = growth.index_series(moving, 2014)
    assert "3403" not in set(table["code"])  # Hamar has no 2014
    region = table[table["kind"] == "region"].set_index("year")["index"]
    assert region[2014] == 100.0 and region[2016] == pytest.approx(100 * 196 / 183)  # 2015's rate is 0


def test_index_series_of_todays_members_is_their_plain_total(moving: Dataset) -> None:
    table = growth.index_series(moving, 2014, mode=TODAY)
    region = table[table["kind"] == "region"]
    # Kongsvinger + Eidskog: 130, 143, 151, 185 — a fixed set chains to its plain totals ÷ 130
    assert region["index"].tolist() == pytest.approx([100.0, 110.0, 15100 / 130, 18500 / 130])


def test_index_series_across_old_and_new_codes(renumbered: Dataset) -> None:
    table = growth.index_series(renumbered, 2019)
    assert table["index"].tolist() == pytest.approx([100 * 8598 / 8423, 100.0, 100 * 8297 / 8423, 100 * 8614 / 8423])


def test_index_series_stops_at_a_missing_year(gap: Dataset) -> None:
    table = growth.index_series(gap, 2014, codes=["3401", "3414"])
    # 2015: 1 + 12/150 = 1.08; 2016 lacks Nord-Odal
    assert dict(zip(table["year"], table["index"], strict=True)) == pytest.approx({2014: 100.0, 2015: 108.0})
    assert table["series"].iloc[0] == "Valgte kommuner"
    assert growth.index_series(gap, 2014, codes=["3401"])["series"].iloc[0] == "Kongsvinger"


def test_expected_growth_at_each_comparisons_rate(moving: Dataset) -> None:
    table = growth.expected_growth(moving, 2015, 2017).set_index("code")
    # Base: the 2016 members' jobs in 2015 = 110 + 40 + 33 = 183; actual growth 2016–2017: 13 + 34 = 47
    # Innlandet: 1050 ÷ 1000 − 1 = +5 %: 183 × 0.05 = 9.15 expected, 47 − 9.15 = 37.85 above it
    # Hamar: 190 ÷ 200 − 1 = −5 %: −9.15 expected, 47 + 9.15 = 56.15 above it
    assert table.loc["34", ["rate", "region_base", "expected", "actual", "difference"]].tolist() == pytest.approx([0.05, 183.0, 9.15, 47.0, 37.85])
    assert table.loc["3403", ["rate", "expected", "difference"]].tolist() == pytest.approx([-0.05, -9.15, 56.15])
    assert table.loc["34", "name"] == "Innlandet"


def test_expected_growth_leaves_out_series_without_the_baseline_and_marks_a_gap(moving: Dataset, gap: Dataset) -> None:
    assert growth.expected_growth(moving, 2014, 2017)["code"].tolist() == ["34"]  # Hamar has no 2014
    assert growth.expected_growth(moving, 2017, 2017).empty
    with_county = _dataset({"Sysselsetting": _employment({
        ("3401", "Kongsvinger"): {2014: 100, 2015: 110, 2016: 120, 2017: 125},
        ("3414", "Nord-Odal"): {2014: 50, 2015: 52, 2017: 55},
        ("0", "Hele landet"): {2014: 2_500_000, 2017: 2_750_000},  # 10 %
    })})
    row = growth.expected_growth(with_county, 2014, 2017).iloc[0]
    # 150 × 10 % = 15 expected; the region's growth stops at the gap in 2016: no actual for 2017
    assert (row["expected"], np.isnan(row["actual"]), np.isnan(row["difference"])) == (pytest.approx(15.0), True, True)


# --- industries ---------------------------------------------------------------------------------


def test_industry_change_sums_industry_rows_of_members_and_leaves_out_totals_only(industries: Dataset) -> None:
    result = growth.industry_change(industries, 2015, 2017)
    # Kongsvinger 2015 → 2017; Våler 2015 → 2016 (its last member year); Nord-Odal has totals only.
    # Handel: (73 − 60) + (25 − 30) = +8, from 60 + 30 = 90 to 73 + 25 = 98
    # Industri: (42 − 40) + (15 − 20) = −3, from 40 + 20 = 60 to 42 + 15 = 57 (never 100 + 50 from the total rows)
    assert result.table.to_dict("records") == [
        {"industry": "Handel", "change": 8.0, "from": 90.0, "to": 98.0},
        {"industry": "Industri", "change": -3.0, "from": 60.0, "to": 57.0},
    ]
    assert result.missing == ("3414",)
    table, missing = result  # also a pair
    assert missing == ("3414",) and len(table) == 2


def test_industry_parts_add_up_to_the_total_growth(industries: Dataset) -> None:
    codes = ["3401", "3419"]
    parts = growth.industry_change(industries, 2015, 2017, codes).table["change"].sum()
    total = compute.cumulative_growth(compute.region_net_change(industries, codes).net_change, 2015).iloc[-1]
    # Totals: 2016 (110 − 100) + (40 − 50) = 0; 2017 (115 − 110) = 5 (Våler out): 5 = 8 − 3
    assert parts == total == 5.0


def test_industry_parts_add_up_to_the_total_growth_on_the_sample(sample: Dataset) -> None:
    if not growth.has_industries(sample):
        pytest.skip("the sample has no figures per industry")
    result = growth.industry_change(sample, 2014, 2024)
    assert result.missing == ()
    assert result.table["change"].sum() == pytest.approx(213.0)  # the region's growth 2014–2024 (test_compute)


def test_industry_change_with_todays_members_leaves_out_a_former_member(industries: Dataset) -> None:
    result = growth.industry_change(industries, 2015, 2017, mode=TODAY)
    assert dict(zip(result.table["industry"], result.table["change"], strict=True)) == {"Handel": 13.0, "Industri": 2.0}


def test_industry_change_over_no_years_is_empty(industries: Dataset) -> None:
    assert growth.industry_change(industries, 2017, 2017).table.empty


def test_has_industries(industries: Dataset, moving: Dataset) -> None:
    assert growth.has_industries(industries) is True
    assert growth.has_industries(moving) is False


# --- per 1 000 inhabitants ------------------------------------------------------------------------


def _population(rows: list[tuple[str, int, float]]) -> pd.DataFrame:
    return pd.DataFrame({
        "_file": "befolkning.xlsx",
        "_row": range(2, len(rows) + 2),
        "code": [r[0] for r in rows],
        "year": pd.array([r[1] for r in rows], dtype="Int64"),
        "population": [r[2] for r in rows],
    })


@pytest.fixture(scope="module")
def two_members() -> Dataset:
    # Kongsvinger 8222 (2015), 8336 (2016); Våler 1000, 1010
    return _dataset({"Sysselsetting": _employment({("3401", "Kongsvinger"): {2015: 8222, 2016: 8336}, ("3419", "Våler"): {2015: 1000, 2016: 1010}})})


PEOPLE = _population([("3401", 2015, 16444), ("3401", 2016, 16672), ("3419", 2015, 4000)])


def test_jobs_per_1000_in_the_latest_common_year(two_members: Dataset) -> None:
    table = growth.jobs_per_1000(two_members, population=PEOPLE)
    # 2016 is the latest year in both tables; only Kongsvinger has it: 8336 ÷ 16 672 × 1000 = 500
    assert table.to_dict("records") == [{"code": "3401", "name": "Kongsvinger", "year": 2016, "employed": 8336.0, "population": 16672.0, "per_1000": 500.0}]


def test_jobs_per_1000_in_a_chosen_year_and_for_chosen_codes(two_members: Dataset) -> None:
    table = growth.jobs_per_1000(two_members, 2015, population=PEOPLE)
    # 8222 ÷ 16 444 × 1000 = 500; 1000 ÷ 4000 × 1000 = 250
    assert dict(zip(table["code"], table["per_1000"], strict=True)) == {"3401": 500.0, "3419": 250.0}
    only = growth.jobs_per_1000(two_members, codes=["3419"], population=PEOPLE)
    assert only[["year", "per_1000"]].to_dict("records") == [{"year": 2015, "per_1000": 250.0}]  # Våler's latest common year


def test_jobs_per_1000_without_population_is_empty(two_members: Dataset) -> None:
    table = growth.jobs_per_1000(dataclasses.replace(two_members, population=None) if hasattr(two_members, "population") else two_members)
    assert table.empty and list(table.columns) == ["code", "name", "year", "employed", "population", "per_1000"]


def test_jobs_per_1000_with_no_inhabitants_is_nan(two_members: Dataset) -> None:
    table = growth.jobs_per_1000(two_members, 2015, ["3419"], population=_population([("3419", 2015, 0)]))
    assert np.isnan(table["per_1000"].iloc[0])


def test_jobs_per_1000_reads_the_datasets_population_table(two_members: Dataset) -> None:
    if "population" not in {f.name for f in dataclasses.fields(Dataset)}:
        pytest.skip("Dataset has no population table yet: the Befolkning sheet is being added")
    with_people = dataclasses.replace(two_members, population=PEOPLE)
    assert growth.jobs_per_1000(with_people)["per_1000"].tolist() == [500.0]



@pytest.mark.parametrize(("first", "last", "crosses"), [
    (2014, 2015, True), (2014, 2024, True), (2008, 2015, True),  # every span that contains the change into 2015
    (2015, 2024, False), (2016, 2024, False), (2010, 2014, False), (None, 2024, False), (2014, None, False),
])
def test_series_break_note_only_for_spans_across_2014_to_2015(first: int | None, last: int | None, crosses: bool) -> None:
    note = growth.series_break_note(first, last)
    assert (note is not None) is crosses
    if crosses:
        assert note == ("Brudd i statistikken 2015: fra 2015 bygger SSBs tall på a-ordningen, så endringen fra 2014 til 2015 "
                        "er ikke helt sammenlignbar med årene før og bør leses med forsiktighet.")


def test_series_break_note_says_the_change_was_counted_on_the_old_basis_when_the_data_has_it() -> None:
    assert growth.series_break_note(2014, 2016, both_bases=True) == (
        "Brudd i statistikken 2015: fra 2015 bygger SSBs tall på a-ordningen. Endringen fra 2014 til 2015 "
        "er regnet med 2015-tallene på gammelt grunnlag, så den ikke blandes med bruddet.")
