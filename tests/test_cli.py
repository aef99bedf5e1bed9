"""Tests for byr_data.cli: ``python -m byr_data validate|summary``."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from byr_data.cli import main
from tests.conftest import ROOT, SAMPLE, SAMPLE_TABLES
from tests.workbooks import make_workbook, minimal_valid

REPORT_KEYS = {"ok", "errors", "warnings", "info", "more_errors", "tables"}
NOT_A_NUMBER = "«to millioner» er ikke et tall. Skriv et tall, for eksempel 250000."


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, Any]]:
    code, out = run(capsys, *argv, "--json")
    return code, json.loads(out)


def write(tmp_path: Path, sheets: Mapping[str, list[list[object]]], name: str = "data.xlsx") -> str:
    path = tmp_path / name
    path.write_bytes(make_workbook(sheets))
    return str(path)


@pytest.fixture(scope="module")
def sample_summary() -> dict[str, Any]:
    """The sample's summary, computed once for the module (the CLI is pure apart from printing)."""
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["summary", str(SAMPLE), "--json", "--date", "2016-02-15"])
    assert code == 0
    return json.loads(out.getvalue())


# --- validate -----------------------------------------------------------------------------------------


def test_main_validate_accepts_the_sample(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "validate", str(SAMPLE), "--date", "2016-02-15")

    assert code == 0
    assert out.splitlines() == [
        "Lest: Om: 3 rader, Kommuner: 7 rader, Mål: 25 rader, Måleverdier: 20 rader, Aktiviteter: 12 rader, "
        "Budsjett: 15 rader, Budsjettendringer: 2 rader, Sysselsetting: 1462 rader, Befolkning: 153 rader",
        "Dataene er gyldige.",
    ]


def test_main_validate_json_prints_one_report_object(capsys: pytest.CaptureFixture[str]) -> None:
    code, report = run_json(capsys, "validate", str(SAMPLE), "--date", "2016-02-15")

    assert code == 0
    assert set(report) == REPORT_KEYS
    assert report["ok"] is True
    assert report["errors"] == report["warnings"] == report["info"] == []
    assert report["more_errors"] == 0
    assert report["tables"] == SAMPLE_TABLES


def test_main_validate_date_decides_which_activities_are_late(capsys: pytest.CaptureFixture[str]) -> None:
    _, on_report_date = run_json(capsys, "validate", str(SAMPLE), "--date", "2016-02-15")
    _, later = run_json(capsys, "validate", str(SAMPLE), "--date", "2019-01-01")
    _, today = run_json(capsys, "validate", str(SAMPLE))

    assert on_report_date["warnings"] == []
    assert [(w["sheet"], w["row"], w["column"]) for w in later["warnings"]] == [("Aktiviteter", row, "Slutt") for row in range(7, 14)]
    assert (
        later["warnings"][0]["message"]
        == "Aktiviteten skulle vært ferdig 30.06.2016, men har status «Påbegynt». Oppdater status eller sluttdato."
    )
    assert today["warnings"] == later["warnings"]  # every sample activity ended before 2019
    assert later["ok"] is True


def test_main_validate_exits_1_and_locates_every_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    sheets = minimal_valid()
    sheets["Budsjett"][2][4] = "to millioner"  # Revidert, row 3
    path = write(tmp_path, sheets, "feil.xlsx")

    code, report = run_json(capsys, "validate", path, "--date", "2016-02-15")

    assert code == 1
    assert report["ok"] is False
    assert report["errors"] == [{"file": "feil.xlsx", "sheet": "Budsjett", "row": 3, "column": "Revidert", "message": NOT_A_NUMBER}]
    assert report["tables"]["Budsjett"] == 2


def test_main_validate_prints_errors_for_people(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    sheets = minimal_valid()
    sheets["Budsjett"][2][4] = "to millioner"
    path = write(tmp_path, sheets, "feil.xlsx")

    code, out = run(capsys, "validate", path, "--date", "2016-02-15")

    assert code == 1
    lines = out.splitlines()
    assert lines[:2] == ["Feil (1):", f"  - «feil.xlsx», arket «Budsjett», rad 3, kolonne «Revidert»: {NOT_A_NUMBER}"]
    assert lines[-1] == "Dataene har 1 feil. Rett dem og prøv igjen."


def test_main_validate_lists_200_errors_and_counts_the_rest(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    rows = [[2016, f"Post {i}", "to millioner"] for i in range(250)]
    path = write(tmp_path, {"Budsjett": [["År", "Post", "Revidert"], *rows]})

    code, report = run_json(capsys, "validate", path)

    assert code == 1
    assert len(report["errors"]) == 200
    assert report["more_errors"] == 50
    assert [e["row"] for e in report["errors"]] == list(range(2, 202))
    assert {e["message"] for e in report["errors"]} == {NOT_A_NUMBER}


def test_main_validate_reports_a_file_that_is_not_a_workbook(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "tall.csv"
    path.write_text("Kommunenummer;År\n3401;2016\n")

    code, report = run_json(capsys, "validate", str(path))

    assert code == 1
    assert report["errors"] == [
        {
            "file": "tall.csv",
            "sheet": None,
            "row": None,
            "column": None,
            "message": "Filen er verken en Excel-arbeidsbok eller en kjent eksport fra SSBs statistikkbank. "
            "Last opp en .xlsx-fil, eller en CSV-eksport av SSB-tabell 13470 (sysselsatte) eller 07459 (befolkning) "
            "med semikolon som skilletegn.",
        }
    ]


@pytest.mark.parametrize(("edit", "code"), [("extra-column", 0), ("missing-column", 1)])
def test_main_validate_json_reports_header_problems(capsys: pytest.CaptureFixture[str], tmp_path: Path, edit: str, code: int) -> None:
    sheets = minimal_valid()
    if edit == "extra-column":
        sheets["Mål"][0].append("Farge")
    else:
        for row in sheets["Mål"]:
            del row[-1]  # Status
    path = write(tmp_path, sheets)

    exit_code, report = run_json(capsys, "validate", path, "--date", "2016-02-15")

    assert exit_code == code
    [problem] = report["info"] if code == 0 else report["errors"]
    assert (problem["sheet"], problem["row"]) == ("Mål", 1)


@pytest.mark.parametrize(("date", "message"), [
    ("2016-13-45", "2016-13-45 finnes ikke: et år har 12 måneder. Skriv datoen som ÅÅÅÅ-MM-DD, for eksempel 2016-02-15"),
    ("15.02.2016", "«15.02.2016» er ikke en dato på formen ÅÅÅÅ-MM-DD"),
    ("i dag", "«i dag» er ikke en dato på formen ÅÅÅÅ-MM-DD"),
])
def test_main_refuses_a_bad_date_as_a_usage_error(capsys: pytest.CaptureFixture[str], date: str, message: str) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["validate", str(SAMPLE), "--date", date])

    assert raised.value.code == 2
    assert message in capsys.readouterr().err


def test_validate_leaves_out_a_sheet_with_only_its_header_unless_emptied(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write(tmp_path, {"Budsjett": minimal_valid()["Budsjett"], "Befolkning": [["Kommunenummer", "År", "Innbyggere"]]})

    code, out = run(capsys, "validate", path, "--date", "2016-02-15")
    assert code == 0
    assert "  - «data.xlsx», arket «Befolkning»: Arket har ingen rader under overskriften og er hoppet over." in out
    assert "Lest: Budsjett: 2 rader" in out

    code, out = run(capsys, "validate", path, "--date", "2016-02-15", "--empty", "Befolkning")
    assert code == 0
    assert "Lest: Budsjett: 2 rader, Befolkning: 0 rader" in out


@pytest.mark.parametrize("argv", [[], ["validate"], ["sjekk", str(SAMPLE)]])
def test_main_refuses_a_wrong_command_line_as_a_usage_error(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main(argv)

    assert raised.value.code == 2
    assert "usage: python -m byr_data" in capsys.readouterr().err


# --- summary ------------------------------------------------------------------------------------------


def test_main_summary_has_a_section_per_table(sample_summary: dict[str, Any]) -> None:
    assert list(sample_summary) == ["municipalities", "goals", "activities", "budget", "budget_changes", "jobs", "comparisons", "population"]


def test_main_summary_lists_the_municipalities_and_their_membership(sample_summary: dict[str, Any]) -> None:
    municipalities = sample_summary["municipalities"]

    assert list(municipalities) == ["3401", "3414", "3415", "3416", "3417", "3418", "3419"]
    assert municipalities["3419"] == {"name": "Våler", "member_from": None, "member_to": 2016}
    assert municipalities["3401"] == {"name": "Kongsvinger", "member_from": None, "member_to": None}


def test_main_summary_counts_goals_and_activities(sample_summary: dict[str, Any]) -> None:
    assert sample_summary["goals"]["by_level"] == {"Strategisk mål": 1, "Hovedmål": 5, "Delmål": 19}
    # The strategic goal counts with its computed status: typed «I rute», but +43 in 2018 against +400 is «Forsinket».
    assert sample_summary["goals"]["by_status"] == {"Ikke startet": 4, "I rute": 10, "Risiko": 3, "Forsinket": 4, "Nådd": 4}
    assert sample_summary["activities"]["by_status"] == {"Planlagt": 4, "Påbegynt": 2, "Gjennomført": 5, "Utsatt": 1}
    assert sum(sample_summary["activities"]["by_status"].values()) == 12


def test_main_summary_sums_the_budget(sample_summary: dict[str, Any]) -> None:
    budget = sample_summary["budget"]

    assert budget["2016"] == {"original": 1750000, "revised": 3880000, "actual": 162400}
    assert budget["2015"] == {"original": 1250000, "revised": 1250000, "actual": 1236442}
    assert budget["2017"] == {"original": 1800000, "revised": 1800000, "actual": 0}
    assert sample_summary["budget_changes"] == {"2016": 2130000}
    assert budget["2016"]["revised"] - budget["2016"]["original"] == sample_summary["budget_changes"]["2016"]


def test_main_summary_gives_the_regions_net_change_in_jobs(sample_summary: dict[str, Any]) -> None:
    jobs = sample_summary["jobs"]

    assert jobs["region_net_change"]["2016"] == 39
    assert jobs["region_net_change"]["2017"] == 132
    assert set(jobs["employed"]) == {"3401", "3414", "3415", "3416", "3417", "3418", "3419"}
    assert all(len(code) == 4 for code in jobs["employed"])
    assert "34" not in jobs["employed"] and "0" not in jobs["employed"]  # comparison series, not the region
    assert jobs["employed"]["3401"]["2015"] == 8222
    assert jobs["employed"]["3401"]["2016"] == 8336


def test_main_summary_has_only_the_sections_of_the_sheets_given(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write(tmp_path, {"Budsjett": minimal_valid()["Budsjett"]})

    code, out = run(capsys, "summary", path, "--json")

    assert code == 0
    assert json.loads(out) == {"budget": {"2016": {"original": 1050000, "revised": 1250000, "actual": 510000}}}


def test_main_summary_of_invalid_data_prints_the_validation_report(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    sheets = minimal_valid()
    sheets["Budsjett"][2][4] = "to millioner"
    path = write(tmp_path, sheets, "feil.xlsx")

    code, report = run_json(capsys, "summary", path, "--date", "2016-02-15")

    assert code == 1
    assert set(report) == REPORT_KEYS
    assert report["ok"] is False
    assert [(e["file"], e["sheet"], e["row"], e["column"]) for e in report["errors"]] == [("feil.xlsx", "Budsjett", 3, "Revidert")]


def test_main_summary_of_a_repeated_employment_row_exits_1(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    sheets = minimal_valid()
    sheets["Sysselsetting"].append(["3401", 2016, 8400, None])
    path = write(tmp_path, sheets)

    code, report = run_json(capsys, "summary", path, "--date", "2016-02-15")

    assert code == 1
    assert report["errors"][0]["row"] == 6


# --- python -m byr_data ----------------------------------------------------------------------------------


def test_python_m_byr_data_validates_the_sample() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "byr_data", "validate", "sample_data/byr_glamdalen.xlsx", "--date", "2016-02-15"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "Dataene er gyldige."
    assert done.stderr == ""


def test_main_validate_text_lists_200_errors_then_counts_the_rest(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    rows = [["År", "Post", "Opprinnelig"]] + [[2016, f"Post {i}", "mye"] for i in range(230)]
    path = write(tmp_path, {"Budsjett": rows})

    assert main(["validate", path]) == 1

    out = capsys.readouterr().out
    assert out.count("er ikke et tall") == 200
    assert "  - … og 30 til" in out


# --- control characters from data (issue 9, item 10) -------------------------------------------------------


def test_main_validate_prints_a_hostile_csv_cell_escaped(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from tests.corpus import HOSTILE_CSV

    path = tmp_path / "kontrolltegn.csv"
    path.write_bytes(HOSTILE_CSV)

    code, out = run(capsys, "validate", str(path))

    assert code == 1
    assert "\x1b" not in out
    assert out.splitlines() == [
        "Feil (1):",
        "  - «kontrolltegn.csv», rad 3, kolonne «Kommunenummer»: «\\x1b[2J\\x1b[H✔ Dataene er gyldige.\\x1b[8m» er ikke et kommunenummer. "
        "Skriv kommunenummeret med fire sifre (for eksempel 3401), to sifre for et fylke (34) eller 0 for hele landet.",
        "Lest: Sysselsetting: 2 rader",
        "Dataene har 1 feil. Rett dem og prøv igjen.",
    ]


def test_main_validate_json_quotes_a_hostile_cell_and_sheet_title_escaped(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from tests.corpus import hostile_workbook

    path = tmp_path / "data.xlsx"
    path.write_bytes(hostile_workbook())

    code, out = run(capsys, "validate", str(path), "--json")

    assert code == 1
    assert not set(out) & {"\x1b", "\u202e"}
    report = json.loads(out)
    assert report["errors"][0]["message"].startswith("«\\x1b[2J\\x1b[HDataene er gyldige.» er ikke en gyldig status for mål.")
    assert report["info"] == [
        {"file": "data.xlsx", "sheet": "Notater\\u202e", "row": None, "column": None,
         "message": "Arket «Notater\\u202e» er ikke i dataformatet og er hoppet over."}
    ]


def test_main_summary_json_writes_control_characters_as_json_escapes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    sheets = minimal_valid()
    sheets["Kommuner"][1][1] = "Kongsvinger\u202e\x9b"
    path = write(tmp_path, sheets)

    code, out = run(capsys, "summary", path, "--json")

    assert code == 0
    assert not set(out) & {"\u202e", "\x9b"}
    assert '"Kongsvinger\\u202e\\u009b"' in out
    assert json.loads(out)["municipalities"]["3401"]["name"] == "Kongsvinger\u202e\x9b"  # the data itself is unchanged


# --- years after the clock's (issue 9, item 11) ---------------------------------------------------------------


def with_employment_until(year: int) -> dict[str, list[list[object]]]:
    sheets = minimal_valid()
    sheets["Sysselsetting"].append(["3401", year, 9000, None])  # row 6
    return sheets


def test_main_validate_date_never_moves_the_clock_for_statistics_years(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    until_2024 = write(tmp_path, with_employment_until(2024), "til_2024.xlsx")
    in_2150 = write(tmp_path, with_employment_until(2150), "i_2150.xlsx")

    code_2024, report_2024 = run_json(capsys, "validate", until_2024, "--date", "2016-02-15")
    code_2150, report_2150 = run_json(capsys, "validate", in_2150, "--date", "2200-01-01")

    assert (code_2024, report_2024["errors"]) == (0, [])
    assert code_2150 == 1
    assert report_2150["errors"] == [
        {"file": "i_2150.xlsx", "sheet": "Sysselsetting", "row": 6, "column": "År",
         "message": "Året 2150 har ikke kommet ennå, så det kan ikke finnes sysselsettingstall for det. Rett årstallet."}
    ]


def test_main_report_per_2016_on_figures_up_to_2024(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write(tmp_path, with_employment_until(2024))
    out = tmp_path / "rapport.docx"

    code = main(["report", "--date", "2016-02-15", "--out", str(out), path])

    assert code == 0, capsys.readouterr().out
    assert out.stat().st_size > 0


def test_main_versions_prints_a_hostile_comment_author_and_file_name_escaped(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'v.sqlite'}"
    path = write(tmp_path, minimal_valid(), "data\x1b[2J.xlsx")
    assert main(["publish", path, "--comment", "Nye tall\x1b[2J\u202e", "--author", "kari\x07", "--db", url]) == 0
    published = capsys.readouterr().out

    code, out = run(capsys, "versions", "--db", url)

    assert code == 0
    assert not set(published + out) & {"\x1b", "\u202e", "\x07"}
    assert out.splitlines()[1].split()[-4:] == ["kari\\x07", "Nye", "tall\\x1b[2J\\u202e", "data\\x1b[2J.xlsx"]
