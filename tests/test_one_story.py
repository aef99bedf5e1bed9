"""One story of the numbers: the region's growth, the target, the shortfall and the strategic goal's status read the
same on Oversikt, Mål, Arbeidsplasser, every meeting screen, the report and ``summary --json`` (issue 11, items 6–9).

Each case's figures are worked out by hand in its comment; the test then reads every place that shows them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
from pathlib import Path

import docx
import pytest
from streamlit.testing.v1 import AppTest

from byr_data import meeting, report
from byr_data.dataset import Dataset
from byr_data.reading import load_paths
from byr_data.summary import summarise
from byr_data.web import registry
from tests.conftest import ROOT, SAMPLE
from tests.workbooks import make_workbook, story_workbook

PAGES = {page.title: page.file for page in registry.PAGES}

#: To 2019. Net change: 2015 +90 (Kongsvinger +100, Våler −10), 2016 +90, 2017 +50, 2018 +50, 2019 −20 (Våler out after 2016).
#: Growth since 2014: 90, 180, 230, 280, 260.
TO_2019 = {"3401": {2014: 1000, 2015: 1100, 2016: 1200, 2017: 1250, 2018: 1300, 2019: 1280},
           "3419": {2014: 500, 2015: 490, 2016: 480, 2017: 100, 2018: 90, 2019: 80}}
#: To 2016: 2015 +130 (150 − 20), 2016 +120 (110 + 10): growth +250.
TO_2016 = {"3401": {2014: 1000, 2015: 1150, 2016: 1260}, "3419": {2014: 500, 2015: 480, 2016: 490}}


@dataclasses.dataclass(frozen=True)
class Case:
    name: str
    sheets: dict | None  # None: the sample
    report_date: dt.date  # a report that knows every year of the data
    figures: tuple[tuple[str, str], ...]  # (label, value) of growth, target, shortfall or pace, status
    status: str  # as summary --json writes it
    target_status: dict
    strategic_row: str  # the Status cell of the strategic goal on Mål and in the report


CASES = [
    # The sample: 100 a year from 2014 to 2018 = +400; +43 in 2018 (357 short), +213 by 2024; typed «I rute».
    Case("sample", None, dt.date(2025, 2, 15),
         (("Netto vekst 2014–2024", "+213"), ("Mål for 2018", "+400"), ("Mangler til målet for 2018", "357"), ("Status for målet", "✖ Forsinket")),
         "Forsinket", {"status": "Forsinket", "target_year": 2018, "growth_at_target_year": 43, "target_at_target_year": 400, "shortfall": 357,
                       "baseline_year": 2014, "last_year": 2024, "growth": 213, "path_to_date": 400, "needed_per_year": None},
         "✖ Forsinket (Meldt: I rute)"),
    # 100 a year to 2018: +400; +280 in 2018 (120 short); +260 by 2019.
    Case("late", story_workbook(TO_2019), dt.date(2020, 2, 15),
         (("Netto vekst 2014–2019", "+260"), ("Mål for 2018", "+400"), ("Mangler til målet for 2018", "120"), ("Status for målet", "✖ Forsinket")),
         "Forsinket", {"status": "Forsinket", "target_year": 2018, "growth_at_target_year": 280, "target_at_target_year": 400, "shortfall": 120,
                       "baseline_year": 2014, "last_year": 2019, "growth": 260, "path_to_date": 400, "needed_per_year": None},
         "✖ Forsinket (Meldt: I rute)"),
    # 250 in total by 2018: +280 in 2018 is 30 over; typed «Risiko».
    Case("achieved", story_workbook(TO_2019, unit="arbeidsplasser", value=250, status="Risiko"), dt.date(2020, 2, 15),
         (("Netto vekst 2014–2019", "+260"), ("Mål for 2018", "+250"), ("Over målet for 2018", "30"), ("Status for målet", "★ Nådd")),
         "Nådd", {"status": "Nådd", "target_year": 2018, "growth_at_target_year": 280, "target_at_target_year": 250, "shortfall": -30,
                  "baseline_year": 2014, "last_year": 2019, "growth": 260, "path_to_date": 250, "needed_per_year": None},
         "★ Nådd (Meldt: Risiko)"),
    # Before the target year: +250 by 2016 against a path of 100 × 2 = +200; (400 − 250) ÷ 2 = +75 a year still needed.
    Case("on track", story_workbook(TO_2016), dt.date(2017, 2, 15),
         (("Netto vekst 2014–2016", "+250"), ("Målbanen for 2016", "+200"), ("Trengs per år til 2018", "+75"), ("Status for målet", "✔ I rute")),
         "I rute", {"status": "I rute", "target_year": 2018, "growth_at_target_year": None, "target_at_target_year": 400, "shortfall": None,
                   "baseline_year": 2014, "last_year": 2016, "growth": 250, "path_to_date": 200, "needed_per_year": 75},
         "✔ I rute"),
]


@pytest.fixture(params=CASES, ids=[c.name for c in CASES])
def case(request, tmp_path, monkeypatch) -> tuple[Case, Dataset]:
    chosen: Case = request.param
    path = SAMPLE
    if chosen.sheets is not None:
        path = tmp_path / "region.xlsx"
        path.write_bytes(make_workbook(chosen.sheets))
        monkeypatch.setenv("BYR_DATA", str(path))
    result = load_paths([Path(path)], today=chosen.report_date)
    assert result.dataset is not None, [p.text() for p in result.report.errors]
    return chosen, result.dataset


def _open(page: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60).run()
    at.switch_page(PAGES[page]).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _page_texts(at: AppTest) -> list[str]:
    texts = [m.label for m in at.metric] + [str(m.value) for m in at.metric] + [str(m.delta or "") for m in at.metric]
    texts += [str(m.value) for m in at.markdown] + [str(c.value) for c in at.caption]
    for el in at.get("plotly_chart"):
        spec = json.loads(el.proto.spec)
        texts.append(json.dumps(spec["layout"].get("title"), ensure_ascii=False))
        texts += [str(a.get("text")) for a in spec["layout"].get("annotations", [])]
        for trace in spec["data"]:
            texts += [str(t) for t in trace.get("text", []) or [] if isinstance(trace.get("text"), list)]
    return texts


def _assert_no_target_after_the_target_year(texts: list[str]) -> None:
    assert not [t for t in texts if "innen" in t], "no text states a target «innen» a year"


def test_the_figures_read_the_same_everywhere(case: tuple[Case, Dataset]) -> None:
    chosen, dataset = case
    expected = dict(chosen.figures)
    growth_label, growth_value = chosen.figures[0]

    # summary --json
    summary = json.loads(json.dumps(summarise(dataset)))
    assert summary["jobs"]["target_status"] == chosen.target_status
    assert "+" + str(list(summary["jobs"]["cumulative"].values())[-1]) == growth_value
    assert summary["jobs"]["target_status"]["status"] == chosen.status

    # Oversikt, Mål and Arbeidsplasser: the same four key figures.
    for page in ("Oversikt", "Mål", "Arbeidsplasser"):
        at = _open(page)
        metrics = {m.label: m.value for m in at.metric}
        assert {label: metrics.get(label) for label in expected} == expected, page
        _assert_no_target_after_the_target_year(_page_texts(at))
        if page == "Mål":
            table = at.dataframe[0].value
            assert table.iloc[0]["Status"] == chosen.strategic_row
        if page == "Arbeidsplasser":
            bars = next(json.loads(el.proto.spec) for el in at.get("plotly_chart")
                        if json.loads(el.proto.spec)["layout"]["title"]["text"].startswith("Netto endring i arbeidsplasser per kommune"))
            assert sum(bars["data"][0]["x"]) == float(growth_value.replace("+", ""))  # the bars add up to the region's growth

    # Every meeting screen: screen 1 has all four; screen 2's total is the region's growth; 3 and 6 count the computed status.
    screens = [meeting.screen(n, dataset, (), chosen.report_date) for n in range(1, 7)]
    assert {f.label: f.value for f in screens[0].figures} == expected
    assert {f.label: f.value for f in screens[1].figures}[growth_label] == growth_value
    assert sum(screens[1].chart.data[0].x) == float(growth_value.replace("+", ""))
    strategic_attention = chosen.status in ("Risiko", "Forsinket")
    listed = set(screens[5].tables[0].frame["ID"]) if screens[5].tables else set()
    assert ("S" in listed) is strategic_attention
    assert sum(screens[2].chart.data[0].x) == sum(summary["goals"]["by_status"].values())
    for screen in screens:
        texts = [f.label for f in screen.figures] + [f.note for f in screen.figures] + list(screen.notes)
        _assert_no_target_after_the_target_year(texts)

    # The report: the job section's lines and the goal table's status.
    data, _notes = report.build_report(report.ReportInput(dataset, chosen.report_date, chosen.report_date - dt.timedelta(days=180)), charts=False)
    document = docx.Document(io.BytesIO(data))
    paragraphs = [p.text for p in document.paragraphs]
    for label, value in chosen.figures:
        assert any(p.startswith(f"{label}: {value}") for p in paragraphs), (label, value)
    _assert_no_target_after_the_target_year(paragraphs)
    goal_table = next(t for t in document.tables if [c.text for c in t.rows[0].cells] == ["ID", "Mål", "Status"])
    assert " ".join(goal_table.rows[1].cells[2].text.split()) == chosen.strategic_row  # the report breaks the line before «(Meldt: …)»


def _subset_texts(at: AppTest) -> list[str]:
    return [m.label for m in at.metric] + [str(m.delta or "") for m in at.metric]


@pytest.mark.parametrize("page", ["Oversikt", "Arbeidsplasser"])
def test_a_municipality_is_never_measured_against_the_regions_target(page: str) -> None:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["kommune"] = "3416"
    at.run().switch_page(PAGES[page]).run()
    assert not at.exception
    metrics = {m.label: (m.value, m.delta) for m in at.metric}
    # Eidskog: 4 212 in 2024 − 4 250 in 2014 = −38, of the region's +213: −17,8 %, written −18 %.
    assert metrics["Netto vekst 2014–2024: Eidskog"][0] == "−38"
    assert "−18 % av regionens vekst (+213)" in metrics["Netto vekst 2014–2024: Eidskog"][1]
    assert metrics["Regionens mål for 2018"] == ("+400", "gjelder hele regionen")
    texts = _subset_texts(at)
    assert not [t for t in texts if "Mangler" in t or "Trengs per år" in t or "Over målet" in t]
    for el in at.get("plotly_chart"):
        spec = json.loads(el.proto.spec)
        names = [trace.get("name") for trace in spec["data"]]
        assert "Målbane" not in names, spec["layout"]["title"]["text"]  # no target line for part of the region
        assert not [s for s in spec["layout"].get("shapes", []) if s.get("y0") == 100.0 and s.get("y1") == 100.0 and page == "Arbeidsplasser"
                    and "per år" in spec["layout"]["title"]["text"]]
    subtitles = [json.loads(el.proto.spec)["layout"]["title"].get("subtitle", {}).get("text") for el in at.get("plotly_chart")]
    jobs_charts = [s for s in subtitles if s]
    assert jobs_charts and set(jobs_charts) == {"Eidskog"}  # every chart that has a subtitle names the municipality


def test_meeting_screens_for_a_municipality_show_its_share_never_a_shortfall(sample: Dataset) -> None:
    one = meeting.screen(1, sample, ("3416",), dt.date(2025, 2, 15))
    figures = {f.label: (f.value, f.note) for f in one.figures}
    assert figures == {"Netto vekst 2014–2024: Eidskog": ("−38", "−18 % av regionens vekst (+213)"),
                       "Regionens mål for 2018": ("+400", "gjelder hele regionen")}
    assert [t.name for t in one.chart.data] == ["Faktisk vekst"]
    two = meeting.screen(2, sample, ("3416",), dt.date(2025, 2, 15))
    assert {f.label: f.value for f in two.figures}["Netto vekst 2014–2024: Eidskog"] == "−38"


def test_region_growth_has_one_value_per_municipality_too(sample: Dataset) -> None:
    screen = meeting.screen(2, sample, (), dt.date(2025, 2, 15))
    # Screen 1 says +213; screen 2's total is the same, not +219 (Våler's change after 2016 does not count).
    assert {f.label: f.value for f in screen.figures}["Netto vekst 2014–2024"] == "+213"
    bars = dict(zip(screen.chart.data[0].y, screen.chart.data[0].x, strict=True))
    assert sum(bars.values()) == 213.0
    assert bars["Våler (medlem til 2016)"] == -32.0  # 2014 → 2016 only: −24 (2015) and −8 (2016)
