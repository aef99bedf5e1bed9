"""The report states the dashboard's numbers (issue 13, point 3): growth, target, shortfall and the
strategic goal's status as ``summary --json`` computes them on the years the report uses, with
SSB's 2015 series break stated under the job figures."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import docx
import pytest

from byr_data import export, growth, reading
from byr_data.cli import main
from tests.conftest import SAMPLE

BREAK_NOTE = ("Brudd i statistikken 2015: fra 2015 bygger SSBs tall på a-ordningen, så endringen fra 2014 til 2015 "
              "er ikke helt sammenlignbar med årene før og bør leses med forsiktighet.")


def _summary(path: Path, capsys: pytest.CaptureFixture[str]) -> dict:
    capsys.readouterr()
    assert main(["summary", "--json", str(path)]) == 0
    return json.loads(capsys.readouterr().out)["jobs"]["target_status"]


def _report_paragraphs(day: dt.date, tmp_path: Path) -> list[str]:
    out = tmp_path / f"rapport-{day:%Y%m%d}.docx"
    assert main(["report", "--date", day.isoformat(), "--out", str(out), str(SAMPLE)]) == 0
    return [p.text for p in docx.Document(io.BytesIO(out.read_bytes())).paragraphs]


def _jobs_section(paragraphs: list[str]) -> list[str]:
    return paragraphs[paragraphs.index("Arbeidsplasser"):]


def _known_workbook(day: dt.date, tmp_path: Path) -> Path:
    """The sample with only the employment years the report per ``day`` uses, as a workbook of its own."""
    known = growth.jobs_known_at(reading.load_paths([SAMPLE]).dataset, day)
    path = tmp_path / f"kjent-{day:%Y%m%d}.xlsx"
    path.write_bytes(export.export_workbook(known))
    return path


def test_report_per_15_02_2016_states_the_summary_figures_of_the_years_it_uses(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    day = dt.date(2016, 2, 15)
    status = _summary(_known_workbook(day, tmp_path), capsys)
    # Worked by hand from the sample: region 2014 = 19 758, 2015 = 19 391 jobs (4th quarter, Våler included,
    # a member in 2015) → growth −367; target +100 a year from 2014 to 2018 → +400 in 2018, path for 2015 +100;
    # below the path before the target year → Risiko; pace needed (400 − (−367)) / (2018 − 2015) = 255.67 → +256.
    assert status == {"status": "Risiko", "target_year": 2018, "growth_at_target_year": None, "target_at_target_year": 400,
                      "shortfall": None, "baseline_year": 2014, "last_year": 2015, "growth": -367, "path_to_date": 100,
                      "needed_per_year": pytest.approx(767 / 3)}
    jobs = _jobs_section(_report_paragraphs(day, tmp_path))
    assert "Netto vekst 2014–2015: −367." in jobs
    assert "Målbanen for 2015: +100 (+100 per år fra 2014 til 2018; +400 i 2018)." in jobs
    assert "Trengs per år til 2018: +256 (for å nå +400)." in jobs
    assert "Status for målet: ⚠ Risiko (Meldt: I rute)." in jobs
    assert not any(line.startswith(("Mangler til målet", "Over målet")) for line in jobs)  # no shortfall before the target year
    # The report shows the change 2014–2015 («Netto endring i 2015: −367»): the series break is stated under the figures.
    assert "Netto endring i 2015: −367 arbeidsplasser." in jobs
    assert BREAK_NOTE in jobs and jobs.index(BREAK_NOTE) > jobs.index("Netto endring i 2015: −367 arbeidsplasser.")


def test_report_per_today_states_the_summary_figures_with_the_shortfall(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    day = dt.date.today()
    status = _summary(_known_workbook(day, tmp_path), capsys)
    assert status == _summary(SAMPLE, capsys)  # every year up to 2024 is known today
    # By hand: growth 2014–2024 = the sum of the yearly changes of the members each year, −367 + 39 + 132 + 239 − 221 − 257 + 480 + 160 − 1 + 9 = +213;
    # growth 2014–2018 = −367 + 39 + 132 + 239 = +43; target 2018 +400 → shortfall 357, the target year has passed → Forsinket.
    assert (status["growth"], status["growth_at_target_year"], status["target_at_target_year"], status["shortfall"], status["status"]) == (
        213, 43, 400, 357, "Forsinket")
    jobs = _jobs_section(_report_paragraphs(day, tmp_path))
    assert "Netto vekst 2014–2024: +213." in jobs
    assert "Mål for 2018: +400 (+100 per år fra 2014 til 2018)." in jobs
    assert "Mangler til målet for 2018: 357 (vekst 2014–2018: +43)." in jobs
    assert "Status for målet: ✖ Forsinket (Meldt: I rute)." in jobs
    assert BREAK_NOTE in jobs  # growth since 2014 contains the change into 2015
