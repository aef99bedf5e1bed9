"""Which dates a report can be made for (report.date_bounds), and how a typed date is read and refused,
in the library, on the Rapport page and in the ``report`` command."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from byr_data import escape, fmt, report
from byr_data.cli import main
from byr_data.dataset import Dataset
from tests.conftest import SAMPLE
from tests.test_app import PAGES, _app

TODAY = dt.date(2026, 12, 1)


def _dated(**tables: pd.DataFrame) -> Dataset:
    return Dataset(files=("syntetisk.xlsx",), **tables)  # type: ignore[arg-type]


# --- date_bounds ----------------------------------------------------------------------------------

def test_date_bounds_on_the_sample_start_with_its_employment_figures(sample: Dataset) -> None:
    # sample_data/byr_glamdalen.xlsx: activities start 01.09.2015 at the earliest, budget years 2015–2017,
    # budget changes dated 10.02.2016 and 15.02.2016, employment figures 2008–2024. The first dated year is
    # therefore 2008 (Sysselsetting), and the sample's own period 15.08.2015–15.02.2016 lies inside.
    assert report.first_dated_year(sample) == 2008
    assert report.date_bounds(sample, TODAY) == (dt.date(2008, 1, 1), TODAY)
    without_jobs = dataclasses.replace(sample, employment=None)
    assert report.date_bounds(without_jobs, TODAY) == (dt.date(2015, 1, 1), TODAY)  # budget 2015, activities from 2015


@pytest.mark.parametrize(("tables", "first"), [
    # Each kind of dated column counts by its year; the earliest wins.
    ({"activities": pd.DataFrame({"start": pd.to_datetime(["2019-03-01", None]), "end": pd.to_datetime(["2021-06-30", "2018-12-31"])})},
     dt.date(2018, 1, 1)),
    ({"budget": pd.DataFrame({"year": pd.array([2020, 2017], dtype="Int64")})}, dt.date(2017, 1, 1)),
    ({"budget_changes": pd.DataFrame({"date": pd.to_datetime(["2017-05-05"]), "year": pd.array([2016], dtype="Int64")})},
     dt.date(2016, 1, 1)),
    ({"employment": pd.DataFrame({"year": pd.array([2012, 2013], dtype="Int64")}),
      "activities": pd.DataFrame({"start": pd.to_datetime(["2015-01-01"]), "end": pd.to_datetime(["2015-12-31"])})},
     dt.date(2012, 1, 1)),
    # Fallback: no dated data (no tables, or dates all blank), or only plans after this year: 1 January this year.
    ({}, dt.date(2026, 1, 1)),
    ({"activities": pd.DataFrame({"start": pd.to_datetime([None]), "end": pd.to_datetime([None])}),
      "budget": pd.DataFrame({"year": pd.array([None], dtype="Int64")})}, dt.date(2026, 1, 1)),
    ({"activities": pd.DataFrame({"start": pd.to_datetime(["2030-01-01"]), "end": pd.to_datetime(["2031-01-01"])})}, dt.date(2026, 1, 1)),
])
def test_date_bounds_start_on_1_january_of_the_first_dated_year(tables: dict[str, pd.DataFrame], first: dt.date) -> None:
    assert report.date_bounds(_dated(**tables), TODAY) == (first, TODAY)


CHOOSE = "Velg en dato fra 01.01.2008 til 01.12.2026."


@pytest.mark.parametrize(("text", "what", "message"), [
    ("02.12.2026", "Rapporteringsdatoen", f"Rapporteringsdatoen kan ikke være etter i dag (01.12.2026). {CHOOSE}"),
    ("31.12.2007", "Rapporteringsdatoen",
     f"Rapporteringsdatoen kan ikke være før 01.01.2008, det første året dataene har datoer for. {CHOOSE}"),
    ("31.12.2007", "Starten på perioden",
     f"Starten på perioden kan ikke være før 01.01.2008, det første året dataene har datoer for. {CHOOSE}"),
    ("31.02.2016", "Rapporteringsdatoen",
     "31.02.2016 finnes ikke: februar 2016 har 29 dager. Skriv datoen som DD.MM.ÅÅÅÅ, for eksempel 15.02.2016."),
])
def test_read_date_refuses_a_date_outside_the_bounds(sample: Dataset, text: str, what: str, message: str) -> None:
    with pytest.raises(ValueError) as raised:
        report.read_date(text, sample, TODAY, what)
    assert str(raised.value) == message


@pytest.mark.parametrize("text", ["01.01.2008", "15.02.2016", "1.12.2026"])
def test_read_date_takes_the_bounds_themselves(sample: Dataset, text: str) -> None:
    assert report.read_date(text, sample, TODAY) == fmt.parse_date(text)


def test_without_dated_data_the_message_says_so() -> None:
    assert report.date_problem(dt.date(2025, 12, 31), _dated(), TODAY) == (
        "Rapporteringsdatoen kan ikke være før 01.01.2026, dataene har ingen datoer fra før i år. Velg en dato fra 01.01.2026 til 01.12.2026.")


# --- the Rapport page ------------------------------------------------------------------------------

def _report_page(typed: str, since: str | None = None):
    at = _app()
    at.switch_page(PAGES["Rapport"]).run()
    at.text_input(key="report_date").input(typed)
    if since is not None:
        at.text_input(key="report_since").input(since)
    return at.run()


def test_report_page_reports_on_the_samples_own_period() -> None:
    at = _report_page("15.02.2016")
    assert not at.exception and not at.error
    assert "Perioden er 15.08.2015–15.02.2016." in at.caption[1].value
    preview = [m.value for m in at.markdown if "Rapportering pr." in m.value]
    assert preview[0].startswith("### Utviklingsprogrammet for byregioner – Fase 2: Rapportering pr. 15.02.2016")
    activities = at.text_area(key="report_activities_20160215").value
    assert activities.startswith("Aktiviteter i perioden 15.08.2015–15.02.2016:")


def test_report_page_opens_on_today_written_as_ddmmyyyy() -> None:
    at = _app()
    at.switch_page(PAGES["Rapport"]).run()
    assert at.text_input(key="report_date").value == fmt.date(dt.date.today())
    assert at.text_input(key="report_since").value == ""
    assert not at.exception and not at.error


def test_report_page_takes_a_date_without_leading_zeros_and_a_period_start() -> None:
    at = _report_page("5.2.2016", since="1.1.2016")
    assert not at.exception and not at.error
    assert "Perioden er 01.01.2016–05.02.2016." in at.caption[1].value


def test_report_page_calendar_fills_in_the_typed_date() -> None:
    at = _app()
    at.switch_page(PAGES["Rapport"]).run()
    calendar = at.date_input(key="report_date_calendar")
    assert (calendar.min, calendar.max, calendar.value) == (dt.date(2008, 1, 1), dt.date.today(), dt.date.today())
    calendar.set_value(dt.date(2016, 2, 15)).run()
    assert at.text_input(key="report_date").value == "15.02.2016"
    assert "Perioden er 15.08.2015–15.02.2016." in at.caption[1].value
    at.text_input(key="report_date").input("1.3.2016").run()  # typed: the calendar follows
    assert at.date_input(key="report_date_calendar").value == dt.date(2016, 3, 1)
    assert at.date_input(key="report_since_calendar").value is None  # empty: the default start


HOW = "Skriv datoen som DD.MM.ÅÅÅÅ, for eksempel 15.02.2016."


@pytest.mark.parametrize(("typed", "since", "message"), [
    ("31.02.2016", None, f"31.02.2016 finnes ikke: februar 2016 har 29 dager. {HOW}"),
    ("2016-02-15", None, f"«2016-02-15» er ikke en dato på formen DD.MM.ÅÅÅÅ. {HOW}"),
    ("15.13.2016", None, f"15.13.2016 finnes ikke: et år har 12 måneder. {HOW}"),
    ("", None, f"Datoen mangler. {HOW}"),
    ("31.12.2007", None, "Rapporteringsdatoen kan ikke være før 01.01.2008, det første året dataene har datoer for. "
                         "Velg en dato fra 01.01.2008 til {today}."),
    ("01.01.2999", None, "Rapporteringsdatoen kan ikke være etter i dag ({today}). Velg en dato fra 01.01.2008 til {today}."),
    ("15.02.2016", "30.02.2016", f"30.02.2016 finnes ikke: februar 2016 har 29 dager. {HOW}"),
    ("15.02.2016", "01.06.2007", "Starten på perioden kan ikke være før 01.01.2008, det første året dataene har datoer for. "
                                 "Velg en dato fra 01.01.2008 til {today}."),
])
def test_report_page_refuses_an_impossible_date_in_norwegian(typed: str, since: str | None, message: str) -> None:
    at = _report_page(typed, since)
    expected = message.format(today=fmt.date(dt.date.today()))
    assert not at.exception
    assert [e.value for e in at.error] == [escape.md(expected)]
    assert not at.text_area and "report_download" not in [b.key for b in at.get("download_button")]  # stopped below the dates
    assert at.text_input(key="report_since").value == (since or "")  # both fields stay as typed


# --- the report command ----------------------------------------------------------------------------

@pytest.mark.parametrize(("args", "message"), [
    (["--date", "2007-12-31"], "Rapporteringsdatoen kan ikke være før 01.01.2008, det første året dataene har datoer for. "
                               "Velg en dato fra 01.01.2008 til {today}."),
    (["--date", "2999-01-01"], "Rapporteringsdatoen kan ikke være etter i dag ({today}). Velg en dato fra 01.01.2008 til {today}."),
    (["--date", "2016-02-15", "--since", "2007-06-01"],
     "Starten på perioden kan ikke være før 01.01.2008, det første året dataene har datoer for. Velg en dato fra 01.01.2008 til {today}."),
])
def test_cli_report_refuses_a_date_outside_the_data(tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str) -> None:
    out = tmp_path / "rapport.docx"
    code = main(["report", *args, "--out", str(out), str(SAMPLE)])
    assert code == 1
    assert capsys.readouterr().err.strip() == message.format(today=fmt.date(dt.date.today()))
    assert not out.exists()


@pytest.mark.parametrize(("date", "message"), [
    ("2016-02-30", "2016-02-30 finnes ikke: februar 2016 har 29 dager. Skriv datoen som ÅÅÅÅ-MM-DD, for eksempel 2016-02-15"),
    ("2016-13-01", "2016-13-01 finnes ikke: et år har 12 måneder. Skriv datoen som ÅÅÅÅ-MM-DD, for eksempel 2016-02-15"),
    ("15.02.2016", "«15.02.2016» er ikke en dato på formen ÅÅÅÅ-MM-DD"),
])
def test_cli_report_names_an_impossible_iso_date(tmp_path: Path, capsys: pytest.CaptureFixture[str], date: str, message: str) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["report", "--date", date, "--out", str(tmp_path / "r.docx"), str(SAMPLE)])
    assert raised.value.code == 2
    assert capsys.readouterr().err.strip().endswith(f"argument --date: {message}")


def test_cli_reports_on_the_samples_own_period(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import docx

    out = tmp_path / "rapport.docx"
    assert main(["report", "--date", "2016-02-15", "--out", str(out), str(SAMPLE)]) == 0
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "Rapportering pr. 15.02.2016" in text
    assert "Aktiviteter i perioden 15.08.2015–15.02.2016:" in text
