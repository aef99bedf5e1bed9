"""Møtemodus: the screen builders alone, and the page through AppTest (no sidebar, stepping, the filter kept)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from byr_data import charts, meeting
from byr_data.dataset import Dataset
from tests.conftest import REPORT_DATE, ROOT

# --- the builders ---------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [(None, 1), ("", 1), ("x", 1), ("3", 3), (" 6 ", 6), ("0", 1), ("9", 6), ("-2", 1)])
def test_parse_screen_clamps_to_the_six_screens(text, expected) -> None:
    assert meeting.parse_screen(text) == expected


@pytest.mark.parametrize(("codes", "screen", "in_meeting", "expected"), [
    ((), None, True, "./?modus=mote"),
    (("3401", "3415"), None, True, "./?modus=mote&kommune=3401,3415"),
    (("3401",), 3, True, "./?modus=mote&kommune=3401&skjerm=3"),
    (("3401",), None, False, "./?kommune=3401"),
    ((), None, False, "./"),
])
def test_link_keeps_the_filter(codes, screen, in_meeting, expected) -> None:
    assert meeting.link(codes, screen, meeting=in_meeting) == expected


def test_position_text() -> None:
    assert meeting.position_text(3) == "3 av 6"


# The six screen titles the meeting shows, in order, written out as the user reads them.
SCREEN_TITLES = [
    "Det strategiske målet",
    "Arbeidsplasser per kommune",
    "Status for målene",
    "Aktiviteter siden sist",
    "Budsjettendringer",
    "Trenger beslutning",
]


@pytest.mark.parametrize(("number", "title"), list(enumerate(SCREEN_TITLES, start=1)))
def test_screen_has_its_title_and_content(sample: Dataset, number: int, title: str) -> None:
    screen = meeting.screen(number, sample, (), REPORT_DATE)
    assert screen.title == title
    assert screen.position == f"{number} av 6"
    assert not screen.empty
    assert screen.figures or screen.chart is not None or screen.tables


def test_goal_screen_gives_growth_since_baseline_against_the_target(sample: Dataset) -> None:
    screen = meeting.screen(1, sample, (), REPORT_DATE)
    figures = {f.label: f.value for f in screen.figures}
    assert figures["Netto vekst 2014–2024"] == "+213"  # as the overview (test_app)
    names = [t.name for t in screen.chart.data]
    assert names == ["Faktisk vekst", "Målbane"]


def test_goal_screen_narrows_with_the_filter(sample: Dataset) -> None:
    screen = meeting.screen(1, sample, ("3401",), REPORT_DATE)
    assert {f.label: f.value for f in screen.figures}["Netto vekst 2014–2024: Kongsvinger"] == "+319"


def test_municipality_screen_shows_only_the_chosen_municipalities(sample: Dataset) -> None:
    region = meeting.screen(2, sample, (), REPORT_DATE)
    one = meeting.screen(2, sample, ("3401",), REPORT_DATE)
    assert len(region.chart.data[0].y) > 1
    assert list(one.chart.data[0].y) == ["Kongsvinger"]
    assert list(one.chart.data[0].text) == ["+319"]


def test_status_screen_counts_goals_and_narrows(sample: Dataset) -> None:
    region = meeting.screen(3, sample, (), REPORT_DATE)
    kongsvinger = meeting.screen(3, sample, ("3401",), REPORT_DATE)
    assert sum(region.chart.data[0].x) == 25
    assert sum(kongsvinger.chart.data[0].x) == 22  # as the goals page (test_app)
    # 6 typed, and the strategic goal computed as Forsinket (typed «I rute»).
    assert {f.label: f.value for f in region.figures}["Risiko eller forsinket"] == "7"


def test_recent_activities_in_the_last_six_months(sample: Dataset) -> None:
    table, start, end = meeting.recent_activities(sample.activities, REPORT_DATE)
    assert (start, end) == (dt.date(2015, 8, 15), REPORT_DATE)
    assert list(table["ID"]) == ["A5", "A1", "A2", "A7", "A6", "A3", "A4"]  # newest first
    assert dict(zip(table["ID"], table["Hva"], strict=True))["A7"] == "Startet"
    assert dict(zip(table["ID"], table["Hva"], strict=True))["A5"] == "Avsluttet"


def test_recent_activities_falls_back_to_the_latest_dates_of_old_data(sample: Dataset) -> None:
    table, _start, end = meeting.recent_activities(sample.activities, dt.date(2030, 1, 1))
    assert end == dt.date(2016, 2, 12)  # A5 finished: the last thing that happened in the data
    assert list(table["ID"])[:2] == ["A5", "A1"]


def test_activity_changes_since_the_previous_version(sample: Dataset) -> None:
    activities = sample.activities.copy()
    activities.loc[activities["id"] == "A6", "status"] = "Gjennomført"
    activities.loc[activities["id"] == "A7", "progress"] = 60.0
    new = dataclasses.replace(sample, activities=activities)
    changes = meeting.activity_changes(sample, new)
    assert list(changes["ID"]) == ["A6", "A7"]
    assert list(changes["Hva"]) == ["Påbegynt → Gjennomført", "Fremdrift 30 % → 60 %"]
    screen = meeting.screen(4, new, (), REPORT_DATE, previous=sample)
    assert screen.tables[0].heading == "Endret siden forrige versjon"


def test_budget_screen_shows_the_running_year_and_reasons(sample: Dataset) -> None:
    screen = meeting.screen(5, sample, ("3401",), REPORT_DATE)
    assert {f.label: f.value for f in screen.figures}["Revidert budsjett 2016"] == "3 880 000 kr"
    assert screen.chart.data[0].type == "waterfall"
    reasons = screen.tables[0].frame
    assert list(reasons["Beløp"]) == ["+2 250 000 kr", "−120 000 kr"]
    assert "kommunefilteret gjelder ikke" in screen.notes[0]
    assert screen.scope == "hele regionen"


def test_decision_screen_lists_goals_at_risk_and_late_activities(sample: Dataset) -> None:
    assert [t.heading for t in meeting.screen(6, sample, (), REPORT_DATE).tables] == ["Mål med risiko eller forsinkelse (7)"]
    screen = meeting.screen(6, sample, (), dt.date(2016, 7, 1))  # A6 was due 30.06.2016 and is still under way
    goals, late = screen.tables
    assert set(goals.frame["ID"]) == {"S", "H1.2", "H2.1", "H3.2", "H3.3", "H4.3", "H5"}  # S: computed Forsinket
    assert list(late.frame["ID"]) == ["A6"]
    assert late.heading == "Aktiviteter over sluttdato som ikke er gjennomført per 01.07.2016 (1)"


def test_decision_screen_says_so_when_nothing_needs_a_decision(sample: Dataset) -> None:
    # Without employment figures the strategic goal keeps its typed status.
    calm = dataclasses.replace(sample, goals=sample.goals.assign(status="I rute"), activities=sample.activities.assign(status="Gjennomført"),
                               employment=None)
    screen = meeting.screen(6, calm, (), REPORT_DATE)
    assert screen.tables == ()
    assert screen.empty.startswith("Ingen mål har risiko")


def test_screen_without_data_says_what_is_missing() -> None:
    empty = Dataset(files=("tom.xlsx",))
    assert meeting.screen(1, empty, (), REPORT_DATE).empty.startswith("Dataene har ikke sysselsettingstall")
    assert meeting.screen(5, empty, (), REPORT_DATE).empty == "Dataene har ikke budsjett."


def test_projector_scales_the_fonts_up_without_touching_the_original(sample: Dataset) -> None:
    original = charts.status_bars({"I rute": 3, "Risiko": 1}, "Mål etter status")
    big = meeting.projector(original)
    assert big.layout.font.size >= 28 and big.layout.height >= 600
    assert big.data[0].textfont.size >= 28
    assert big.layout.xaxis.tickfont.size >= 24
    assert original.layout.font.size == 18  # charts.py defaults stay


def test_figures_html_escapes_and_keeps_every_figure() -> None:
    text = meeting.figures_html([meeting.KeyFigure("Netto <vekst>", "+213", "mål +1 000"), meeting.KeyFigure("Kommuner", "2 av 7")])
    assert text.count('class="mote-figure"') == 2
    assert "Netto &lt;vekst&gt;" in text and "mål +1 000" in text


def test_html_table_escapes_and_keeps_each_row_to_one_line() -> None:
    frame = pd.DataFrame({"ID": ["H1", "H2", "H3"], "Mål": ["<b>x</b>", "et langt navn på et mål", "kort"]})
    text = meeting.html_table(frame)
    assert "&lt;b&gt;x&lt;/b&gt;" in text and "<b>x" not in text
    assert text.count("<tr>") == 4  # the header and every row: paging, not «… og N til», shortens a list
    # The longest column takes the rest of the width and ends a long text in «…».
    assert '<td class="mote-wide">et langt navn på et mål</td>' in text
    assert "<td>H2</td>" in text


def _table(rows: int) -> meeting.Table:
    return meeting.Table("Mål", pd.DataFrame({"ID": [f"H{i}" for i in range(1, rows + 1)]}))


def _shape(pages) -> list[list[tuple[str, int]]]:
    return [[(table.title, len(table.frame)) for table in page] for page in pages]


def test_table_pages_fill_each_page_and_go_on_with_a_table_on_the_next() -> None:
    # 860 px: 6 rows (130 + 6 × 57 = 472) leave 388, room for (388 − 130) // 57 = 4 rows of the second table.
    pages = meeting.table_pages([_table(6), _table(7)], 860)
    assert _shape(pages) == [[("Mål", 6), ("Mål", 4)], [("Mål (forts.)", 3)]]
    assert list(pages[1][0].frame["ID"]) == ["H5", "H6", "H7"]


def test_table_pages_leave_no_sliver_of_a_table_under_a_chart() -> None:
    # 180 px under the chart hold no row ((180 − 130) // 57 = 0): the table starts on the second page, whole.
    assert _shape(meeting.table_pages([_table(10)], 180, 730)) == [[], [("Mål", 10)]]
    # An empty table takes its heading and one line («Ingen.»); no tables: one empty page.
    assert _shape(meeting.table_pages([_table(0), _table(3)], 860)) == [[("Mål", 0), ("Mål", 3)]]
    assert meeting.table_pages([], 860) == ((),)


def test_decision_screen_pages_every_goal_once(sample: Dataset) -> None:
    # 25 goals at risk: 934 px hold (934 − 130) // 57 = 14 rows, too few; with the page buttons 860 px hold 12 a page,
    # but the second page keeps one back so that the last row does not stand alone on the third.
    worried = dataclasses.replace(sample, goals=sample.goals.assign(status="Risiko"))
    screen = meeting.screen(6, worried, (), REPORT_DATE)
    assert _shape(screen.pages) == [[("Mål med risiko eller forsinkelse (25)", 12)], [("Mål med risiko eller forsinkelse (25) (forts.)", 11)],
                                    [("Mål med risiko eller forsinkelse (25) (forts.)", 2)]]
    assert [i for page in screen.pages for table in page for i in table.frame["ID"]] == list(sample.goals["id"])


def test_budget_screen_keeps_its_changes_on_one_page_under_the_chart(sample: Dataset) -> None:
    screen = meeting.screen(5, sample, (), REPORT_DATE)
    assert screen.chart.layout.height == meeting.BUDGET_CHART_HEIGHT
    assert _shape(screen.pages) == [[("Endringer 2016 med begrunnelse", 2)]]


# --- the page through AppTest ---------------------------------------------------------------


def _meeting(query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["modus"] = "mote"
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at.run()


def _title(at: AppTest) -> str:
    return at.title[0].value


def _position(at: AppTest) -> str:
    return next(m.value for m in at.markdown if "mote-position" in m.value)


def _figures(at: AppTest) -> list[dict]:
    return [json.loads(el.proto.spec) for el in at.get("plotly_chart")]


def test_meeting_opens_on_screen_one_without_sidebar_widgets() -> None:
    at = _meeting()
    assert not at.exception
    assert _title(at) == "Det strategiske målet"
    assert "1 av 6" in _position(at)
    assert [type(element).__name__ for element in at.sidebar.children.values()] == ["Html"]  # only the frame's page script, no widget
    with pytest.raises(KeyError):
        at.multiselect(key="kommune_filter")
    assert at.query_params["skjerm"] == "1"
    assert at.button(key="mote_prev").disabled
    layout = _figures(at)[0]["layout"]
    assert layout["font"]["size"] >= 28
    assert layout["meta"]["byr_aria_label"] == "Det strategiske målet"  # the chart's name: the screen's title (it has none of its own)


def test_meeting_steps_through_all_six_screens_and_back() -> None:
    at = _meeting()
    for number in range(2, 7):
        at.button(key="mote_next").click().run()
        assert not at.exception
        assert _title(at) == SCREEN_TITLES[number - 1]
        assert f"{number} av 6" in _position(at)
        assert at.query_params["skjerm"] == str(number)
    assert at.button(key="mote_next").disabled
    at.button(key="mote_prev").click().run()
    assert _title(at) == "Budsjettendringer" and "5 av 6" in _position(at)


def _page_position(at: AppTest) -> str:
    return next((m.value for m in at.markdown if "mote-page" in m.value), "")


def test_meeting_pages_a_long_list_within_the_screen() -> None:
    # Today every unfinished activity of the sample is late: 7 goals (the strategic goal is computed «Forsinket») and 7 activities are more than one screen holds.
    at = _meeting({"skjerm": "6"})
    assert "Side 1 av 2" in _page_position(at)
    assert at.button(key="mote_page_prev").disabled
    assert [s.value for s in at.subheader] == ["Mål med risiko eller forsinkelse (7)", f"Aktiviteter over sluttdato som ikke er gjennomført per {dt.date.today():%d.%m.%Y} (7)"]
    at.button(key="mote_page_next").click().run()
    assert "Side 2 av 2" in _page_position(at) and "6 av 6" in _position(at)
    assert [s.value for s in at.subheader] == [f"Aktiviteter over sluttdato som ikke er gjennomført per {dt.date.today():%d.%m.%Y} (7) (forts.)"]
    assert at.query_params["side"] == "2"
    assert at.button(key="mote_page_next").disabled
    at.button(key="mote_page_prev").click().run()
    assert "Side 1 av 2" in _page_position(at)
    at.button(key="mote_prev").click().run()  # another screen: no pages, no page in the URL
    assert "5 av 6" in _position(at) and _page_position(at) == "" and "side" not in at.query_params


def test_meeting_reload_stays_on_the_page_in_the_url() -> None:
    at = _meeting({"skjerm": "6", "side": "2"})
    assert "Side 2 av 2" in _page_position(at)
    assert "Side 2 av 2" in _page_position(_meeting({"skjerm": "6", "side": "9"}))  # clamped to the last page


def test_meeting_reload_stays_on_the_screen_in_the_url() -> None:
    at = _meeting({"skjerm": "4"})
    assert _title(at) == "Aktiviteter siden sist"
    assert "4 av 6" in _position(at)


def test_meeting_keeps_the_filter_and_narrows_screens_two_and_three() -> None:
    at = _meeting({"kommune": "3401", "skjerm": "2"})
    assert _figures(at)[0]["data"][0]["y"] == ["Kongsvinger"]
    assert any("Viser Kongsvinger" in m.value for m in at.markdown)
    at.button(key="mote_next").click().run()
    assert sum(_figures(at)[0]["data"][0]["x"]) == 22
    assert at.query_params["kommune"] == "3401"
    exit_link = next(m.value for m in at.markdown if "Avslutt møtemodus" in m.value)
    assert 'href="./?kommune=3401"' in exit_link


def test_normal_pages_link_to_the_meeting_with_the_filter() -> None:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["kommune"] = "3401"
    at.run()
    assert any('href="./?modus=mote&amp;kommune=3401"' in m.value for m in at.sidebar.markdown)
