"""No page can crash on valid data (issue 11, item 3).

Each shape below is a valid workbook (checked with the same reader as ``validate``), published as
version 2 on top of a full version 1, as an upload would leave it. Every page and every meeting
screen is rendered through AppTest, for the region and for a municipality filter, and must show
neither an exception nor the frame's «Noe gikk galt» (the frame catches a page's exception and
logs it, so both are checked). The stores are built once per module.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from byr_data import meeting
from byr_data.headers import sheet_for_title
from byr_data.reading import load
from byr_data.store import Store
from byr_data.web import registry
from tests.conftest import REPORT_DATE, ROOT
from tests.workbooks import make_workbook, minimal_valid

Sheets = dict[str, list[list[object]]]
UNEXPECTED = "Noe gikk galt"


def _without(*titles: str) -> Callable[[], Sheets]:
    def build() -> Sheets:
        sheets = minimal_valid()
        for title in titles:
            del sheets[title]
        if "Mål" in titles:  # activities may not name goals that do not exist
            for row in sheets.get("Aktiviteter", [])[1:]:
                row[2] = None
        return sheets
    return build


def _one_employment_year() -> Sheets:
    sheets = minimal_valid()
    sheets["Sysselsetting"] = [row for row in sheets["Sysselsetting"] if row[1] != 2015]
    return sheets


def _strategic_goal(unit: str | None, value: object, target_year: object = None) -> Callable[[], Sheets]:
    def build() -> Sheets:
        sheets = minimal_valid()
        goals = sheets["Mål"]
        goals[0].append("Målår")
        goals[1][4], goals[1][6] = unit, value
        goals[1].append(target_year)
        return sheets
    return build


def _no_strategic_goal() -> Sheets:
    sheets = minimal_valid()
    goals = [row for row in sheets["Mål"] if row[1] != "Strategisk mål"]
    sheets["Mål"] = [[None if i == 2 and cell == "1" else cell for i, cell in enumerate(row)] for row in goals]
    return sheets


def _one_municipality() -> Sheets:
    sheets = minimal_valid()
    sheets["Kommuner"] = sheets["Kommuner"][:2]
    sheets["Sysselsetting"] = [row for row in sheets["Sysselsetting"] if row[0] != "3419"]
    return sheets


def _template_with_one_table() -> Sheets:
    """«Last ned tom mal», one budget change added: every other sheet has only its header row."""
    sheets = minimal_valid()
    return {title: rows if title == "Budsjettendringer" else rows[:1] for title, rows in sheets.items()}


def _empty(*titles: str) -> Callable[[], Sheets]:
    def build() -> Sheets:
        sheets = minimal_valid()
        for title in titles:
            sheets[title] = sheets[title][:1]
        return sheets
    return build


def _only_budget_changes() -> Sheets:
    return {"Budsjettendringer": minimal_valid()["Budsjettendringer"]}


SHAPES: dict[str, Callable[[], Sheets]] = {
    "alle ark": minimal_valid,
    "uten sysselsetting": _without("Sysselsetting"),
    "tom sysselsetting": _empty("Sysselsetting"),
    "sysselsetting for ett år": _one_employment_year,
    "uten mål": _without("Mål", "Måleverdier"),
    "mål uten strategisk mål": _no_strategic_goal,
    "strategisk mål uten målverdi": _strategic_goal("arbeidsplasser", None),
    "strategisk mål uten målår": _strategic_goal("arbeidsplasser", 400),
    "strategisk mål med målår": _strategic_goal("arbeidsplasser", 400, 2016),
    "uten aktiviteter": _without("Aktiviteter"),
    "tomme mål og aktiviteter": _empty("Mål", "Måleverdier", "Aktiviteter"),
    "uten budsjett": _without("Budsjett", "Budsjettendringer"),
    "budsjett uten endringer": _without("Budsjettendringer"),
    "tomt budsjett": _empty("Budsjett", "Budsjettendringer"),
    "én kommune": _one_municipality,
    "malen med én tabell": _template_with_one_table,
    "bare budsjettendringer": _only_budget_changes,
    "bare sysselsetting": lambda: {"Sysselsetting": minimal_valid()["Sysselsetting"]},
}
#: Shapes also rendered with a municipality filter (Våler: a member until 2016).
FILTERED = {"alle ark": "3419", "uten sysselsetting": "3401", "sysselsetting for ett år": "3401", "én kommune": "3401",
            "malen med én tabell": "3401"}
CASES = [(name, None) for name in SHAPES] + [(name, code) for name, code in FILTERED.items()]


def _publish(store: Store, sheets: Sheets, name: str) -> None:
    data = make_workbook(sheets)
    # A sheet with only its header row is left out of an upload unless emptied on purpose (issue 11, item 1):
    # these shapes empty them on purpose, as an admin ticking «Tøm» would.
    header_only = [sheet.name for title, rows in sheets.items() if len(rows) <= 1 and (sheet := sheet_for_title(title)) is not None]
    result = load([(f"{name}.xlsx", data)], REPORT_DATE, empty=header_only)
    assert result.dataset is not None and result.report.ok, f"{name}: {[p.text() for p in result.report.errors]}"
    store.publish(result.dataset, [(f"{name}.xlsx", data)], author="test", comment=name)


@pytest.fixture(scope="module")
def stores(tmp_path_factory) -> dict[str, str]:
    """One database per shape: the full workbook as version 1, the shape as version 2."""
    folder = tmp_path_factory.mktemp("shapes")
    urls = {}
    for number, (name, build) in enumerate(SHAPES.items()):
        url = f"sqlite:///{folder / f'shape{number}.sqlite'}"
        store = Store.open(url)
        _publish(store, minimal_valid(), "full")
        _publish(store, build(), name)
        urls[name] = url
    return urls


def _points(trace: dict) -> int:
    return max(len(trace.get(axis) or []) for axis in ("x", "y", "labels", "values"))


def _problems(at: AppTest, where: str, caplog) -> list[str]:
    """Exceptions, the frame's «Noe gikk galt» (and the error it logged), and charts without a single data point."""
    found = [f"{where}: {e.value}" for e in at.exception]
    for element in at.get("plotly_chart"):
        spec = json.loads(element.proto.spec)
        if not any(_points(trace) for trace in spec["data"]):
            found.append(f"{where}: tomt diagram {spec['layout'].get('title')}")
    found += [f"{where}: {e.value}" for e in at.error if UNEXPECTED in e.value]
    found += [f"{where}: {r.getMessage()}\n{r.exc_text or ''}" for r in caplog.records if r.levelno >= logging.ERROR]
    caplog.clear()
    return found


def _query(code: str | None) -> dict[str, str]:
    return {"kommune": code} if code else {}


@pytest.mark.parametrize(("shape", "code"), CASES)
def test_every_page_renders_a_valid_shape(stores, monkeypatch, caplog, shape: str, code: str | None) -> None:
    monkeypatch.setenv("BYR_DATABASE_URL", stores[shape])
    caplog.set_level(logging.ERROR)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params.update(_query(code))
    at.run()
    problems = _problems(at, "start", caplog)
    titles = []
    for page in registry.PAGES:
        at.switch_page(str(ROOT / page.file)).run()
        problems += _problems(at, page.title, caplog)
        titles.append([t.value for t in at.title])
    assert not problems, "\n".join(problems)
    assert titles == [[page.title] for page in registry.PAGES]


@pytest.mark.parametrize(("shape", "code"), CASES)
def test_every_meeting_screen_renders_a_valid_shape(stores, monkeypatch, caplog, shape: str, code: str | None) -> None:
    monkeypatch.setenv("BYR_DATABASE_URL", stores[shape])
    caplog.set_level(logging.ERROR)
    problems = []
    for number in range(1, meeting.SCREEN_COUNT + 1):
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
        at.query_params.update({meeting.MODE_PARAM: meeting.MODE_VALUE, meeting.SCREEN_PARAM: str(number), **_query(code)})
        at.run()
        problems += _problems(at, f"møteskjerm {number}", caplog)
        assert [t.value for t in at.title] == [meeting.TITLES[number - 1]]
    assert not problems, "\n".join(problems)


def test_the_shapes_are_what_they_say(stores) -> None:
    """The builders make the shapes they are named for (so a passing render is not a render of the full data)."""
    def tables(name: str) -> dict[str, int]:
        store = Store.open(stores[name])
        return {table: len(frame) for table, frame in store.dataset(store.current().number).tables().items()}

    assert "employment" not in tables("uten sysselsetting")
    assert tables("sysselsetting for ett år")["employment"] == 2
    assert "goals" not in tables("uten mål")
    assert tables("én kommune")["municipalities"] == 1
    assert tables("malen med én tabell") == {"municipalities": 0, "goals": 0, "measurements": 0, "activities": 0, "budget": 0,
                                             "budget_changes": 1, "employment": 0}
    assert tables("bare budsjettendringer") == {"budget_changes": 1}


#: What a page or screen says instead of a chart when the data lack what it needs (written out by hand).
NO_EMPLOYMENT = "Dataene har ingen sysselsettingstall (arket «Sysselsetting» mangler eller er tomt). Last opp sysselsettingstall for å se dem her."
NO_BUDGET = "Dataene har ikke noe budsjett (arket «Budsjett» mangler eller er tomt). Last opp en arbeidsbok med budsjett for å se det her."
NO_GOALS = "Dataene har ingen mål (arket «Mål» mangler eller er tomt). Last opp en arbeidsbok med mål for å se dem her."
NO_ACTIVITIES = ("Dataene har ingen aktiviteter (arket «Aktiviteter» mangler eller er tomt). "
                 "Last opp en arbeidsbok med aktiviteter for å se dem her.")


@pytest.mark.parametrize(("shape", "page", "text"), [
    ("tom sysselsetting", "Arbeidsplasser", NO_EMPLOYMENT),
    ("uten sysselsetting", "Arbeidsplasser", NO_EMPLOYMENT),
    ("malen med én tabell", "Arbeidsplasser", NO_EMPLOYMENT),
    ("malen med én tabell", "Økonomi", NO_BUDGET),
    ("malen med én tabell", "Mål", NO_GOALS),
    ("malen med én tabell", "Aktiviteter", NO_ACTIVITIES),
    ("tomt budsjett", "Økonomi", NO_BUDGET),
    # One year of figures (2016): nothing to count growth from, so no growth chart with a single point.
    ("sysselsetting for ett år", "Arbeidsplasser",
     "Sysselsettingstallene har ikke tall for 2016 og året etter, så veksten siden 2016 kan ikke regnes ut ennå."),
])
def test_a_page_without_its_data_says_so(stores, monkeypatch, shape: str, page: str, text: str) -> None:
    monkeypatch.setenv("BYR_DATABASE_URL", stores[shape])
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60).run()
    at.switch_page(str(ROOT / next(p.file for p in registry.PAGES if p.title == page))).run()
    assert text in [i.value for i in at.info]
    if page == "Arbeidsplasser" and shape != "sysselsetting for ett år":
        assert not at.get("plotly_chart")


@pytest.mark.parametrize(("shape", "number", "text"), [
    ("tom sysselsetting", 1, "Dataene har ikke sysselsettingstall, så veksten mot målet kan ikke vises."),
    ("tom sysselsetting", 2, "Dataene har ikke sysselsettingstall."),
    # The strategic goal starts in 2014; the figures begin in 2015 (one year: 2016).
    ("alle ark", 1, "Sysselsettingstallene har ikke tall for 2014 og året etter, så veksten siden 2014 kan ikke regnes ut ennå."),
    ("sysselsetting for ett år", 1, "Sysselsettingstallene har ikke tall for 2014 og året etter, så veksten siden 2014 kan ikke regnes ut ennå."),
    ("tomt budsjett", 5, "Dataene har ikke budsjett."),
])
def test_a_meeting_screen_without_its_data_says_so(stores, monkeypatch, shape: str, number: int, text: str) -> None:
    monkeypatch.setenv("BYR_DATABASE_URL", stores[shape])
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params.update({meeting.MODE_PARAM: meeting.MODE_VALUE, meeting.SCREEN_PARAM: str(number)})
    at.run()
    assert [i.value for i in at.info] == [text]
    assert not at.get("plotly_chart")
