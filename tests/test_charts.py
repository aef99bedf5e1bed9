"""Figure builders: inspected through their traces and layout."""

from __future__ import annotations

import dataclasses

import pandas as pd

from byr_data import charts, compute
from byr_data.dataset import Dataset


def test_net_change_bars_colour_and_label_every_year() -> None:
    fig = charts.net_change_bars(pd.Series({2014: 182.0, 2015: -367.0, 2016: 39.0}), "Netto endring", target_per_year=100)
    bar = fig.data[0]
    assert list(bar.x) == [2014, 2015, 2016]
    assert list(bar.text) == ["+182", "−367", "+39"]  # the value is written: colour is not the only cue
    gain, loss, gain_again = bar.marker.color
    assert gain == gain_again != loss  # growth and decline in two colours
    assert fig.layout.separators == ", "
    assert fig.layout.font.size >= 18
    texts = [a.text for a in fig.layout.annotations]
    assert "Mål: +100 per år" in texts
    assert "Brudd i statistikken 2015" in texts  # the series spans 2014/2015


def test_series_break_is_not_marked_when_the_chart_does_not_span_it() -> None:
    fig = charts.net_change_bars(pd.Series({2016: 39.0, 2017: 132.0}), "Netto endring")
    assert not [a for a in fig.layout.annotations if "Brudd" in a.text]


def test_cumulative_vs_target_starts_at_zero_on_the_baseline(sample: Dataset) -> None:
    series = compute.region_net_change(sample).net_change
    target = compute.job_target(sample)
    fig = charts.cumulative_vs_target(compute.cumulative_growth(series, 2014), target, 2014)
    actual, goal = fig.data
    assert (actual.x[0], actual.y[0]) == (2014, 0.0)
    assert actual.y[-1] == 213.0
    # The path stops at Målår 2018 with +400 (100 a year from 2014); nothing is drawn for a later year.
    assert (goal.x[-1], goal.y[-1]) == (2018, 400.0)
    assert list(goal.text)[-1] == "Mål 2018: +400"
    assert fig.layout.title.text == "Samlet netto vekst i arbeidsplasser siden 2014, mot målet"


def test_cumulative_vs_target_without_a_target_year_runs_to_the_last_year() -> None:
    yearly = compute.JobTarget(value=100, per_year=True, baseline_year=2014, target_year=None, name="Mål")
    fig = charts.cumulative_vs_target(pd.Series({2015: 10.0, 2016: 30.0}), yearly, 2014)
    assert (list(fig.data[1].x), list(fig.data[1].y)) == ([2014, 2015, 2016], [0.0, 100.0, 200.0])
    total = dataclasses.replace(yearly, per_year=False)
    fig = charts.cumulative_vs_target(pd.Series({2015: 10.0, 2016: 30.0}), total, 2014)
    assert len(fig.data) == 1 and "Mål: +100 i alt" in [a.text for a in fig.layout.annotations]


def test_charts_say_which_municipalities_they_show(sample: Dataset) -> None:
    fig = charts.cumulative_vs_target(pd.Series({2015: 10.0}), None, 2014, scope="Eidskog")
    assert fig.layout.title.subtitle.text == "Eidskog"
    assert fig.layout.title.text == "Samlet netto vekst i arbeidsplasser siden 2014"  # no target for a subset


def test_net_change_bars_draw_the_yearly_target_only_up_to_the_target_year() -> None:
    fig = charts.net_change_bars(pd.Series({2015: -367.0, 2016: 39.0, 2019: 5.0}), "Netto endring", 100.0, target_year=2018)
    line = next(s for s in fig.layout.shapes if s.y0 == 100.0)
    assert (line.x0, line.x1) == (2014.5, 2018.5)
    assert "Mål: +100 per år til 2018" in [a.text for a in fig.layout.annotations]
    after = charts.net_change_bars(pd.Series({2019: 5.0, 2020: 7.0}), "Netto endring", 100.0, target_year=2018)
    assert not [s for s in after.layout.shapes if s.y0 == 100.0]  # every year shown is after Målår: no target line


def test_status_bars_label_each_status_with_symbol_and_text() -> None:
    fig = charts.status_bars({"I rute": 11, "Risiko": 3}, "Mål etter status")
    assert list(fig.data[0].y) == ["✔ I rute", "⚠ Risiko"]
    assert list(fig.data[0].x) == [11, 3]


def test_activity_timeline_has_one_trace_per_status_named_with_symbol(sample: Dataset) -> None:
    fig = charts.activity_timeline(sample.activities)
    assert sorted(t.name for t in fig.data) == sorted(["✔ Gjennomført", "▶ Påbegynt", "‖ Utsatt", "○ Planlagt"])
    assert sum(len(t.y) for t in fig.data) == 12


def test_employment_lines_one_per_municipality(sample: Dataset) -> None:
    totals = compute.municipal_totals(sample)
    fig = charts.employment_lines(totals, compute.municipality_names(sample))
    assert len(fig.data) == 7
    assert fig.data[0].name == "Kongsvinger"
    assert fig.layout.yaxis.title.text == "Sysselsatte"


def test_budget_waterfall_ends_on_the_revised_total(sample: Dataset) -> None:
    steps = compute.waterfall_steps(sample.budget, sample.budget_changes, 2016)
    fig = charts.budget_waterfall(steps, 2016)
    assert list(fig.data[0].text) == ["1 750 000 kr", "+2 250 000 kr", "−120 000 kr", "3 880 000 kr"]
    assert fig.data[0].x[1] == "1. Ekstra prosjektstøtte"


def test_budget_by_year_groups_three_series(sample: Dataset) -> None:
    fig = charts.budget_by_year(compute.budget_by_year(sample.budget))
    assert [t.name for t in fig.data] == ["Opprinnelig", "Revidert", "Regnskap"]
    assert list(fig.data[1].customdata) == ["1 250 000 kr", "3 880 000 kr", "1 800 000 kr"]


def test_source_and_licence_stand_under_the_chart() -> None:
    fig = charts.net_change_bars(pd.Series({2016: 39.0}), "Netto endring", source=charts.source_note(False))
    assert "Kilde: Statistisk sentralbyrå, tabell 13470, CC BY 4.0" in [a.text for a in fig.layout.annotations]
    sample = charts.net_change_bars(pd.Series({2016: 39.0}), "Netto endring", source=charts.source_note(True))
    assert "Eksempeldata: illustrative tall" in [a.text for a in sample.layout.annotations]


def test_membership_events_are_marked_between_the_years() -> None:
    fig = charts.net_change_bars(pd.Series({2016: 39.0, 2017: 132.0}), "Netto endring", events=[(2016, "3419", "Våler ute etter 2016")])
    line = next(s for s in fig.layout.shapes if s.line.color == "#8a1c7c")
    assert line.x0 == 2016.5
    assert "Våler ute etter 2016" in [a.text for a in fig.layout.annotations]


def test_net_change_bars_give_the_per_cent_on_hover() -> None:
    fig = charts.net_change_bars(pd.Series({2016: 39.0}), "Netto endring", percent=pd.Series({2016: 0.0021}))
    assert list(fig.data[0].customdata) == ["+0,2 %"]


def test_index_chart_draws_the_region_boldest_and_the_baseline_at_100() -> None:
    index = pd.DataFrame({"series": ["Regionen", "Regionen", "Innlandet", "Innlandet"], "year": [2014, 2015, 2014, 2015],
                          "index": [100.0, 98.0, 100.0, 101.0]})
    fig = charts.index_chart(index, 2014, "Regionen")
    assert [t.name for t in fig.data] == ["Regionen", "Innlandet"]
    assert fig.data[0].line.width > fig.data[1].line.width
    assert "2014 = 100" in [a.text for a in fig.layout.annotations]


def test_industry_bars_sorted_with_values_written() -> None:
    changes = pd.DataFrame({"industry": ["Industri", "Helse"], "change": [-20.0, 35.0]})
    fig = charts.industry_bars(changes, 2014, 2024, "hele regionen")
    assert list(fig.data[0].y) == ["Industri", "Helse"]
    assert list(fig.data[0].text) == ["−20", "+35"]


def test_growth_labels_sit_where_the_line_is_not() -> None:
    # The sample's growth 2014–2024: 0, −367, −328, −196, +43, −178, −435, +45, +205, +204, +213.
    values = [0, -367, -328, -196, 43, -178, -435, 45, 205, 204, 213]
    assert charts.label_positions(values) == [
        "top center",     # 0: the line falls away to the right
        "bottom center",  # −367: a trough
        "top left",       # −328: on a rise
        "top left",       # −196: on a rise
        "top center",     # +43: a peak
        "top right",      # −178: on a fall
        "bottom center",  # −435: a trough
        "top left",       # +45: on a rise
        "top center",     # +205: a peak
        "bottom center",  # +204: a trough
        "top center",     # +213: the last point, higher than the one before
    ]
    assert charts.label_positions([5]) == ["top center"]
    assert charts.label_positions([0, 10]) == ["bottom center", "top center"]
