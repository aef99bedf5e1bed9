"""Tests for the CLI's commands on published versions: publish, versions, rollback, export, backup.

They run on SQLite and, when ``BYR_TEST_DATABASE_URL`` is set, on PostgreSQL (see tests.test_store).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from byr_data.cli import main
from byr_data.dataset import Dataset
from byr_data.reading import load_paths
from byr_data.store import Store
from byr_data.summary import summarise
from tests.conftest import ROOT, SAMPLE
from tests.test_store import store_url  # noqa: F401  (the fixture: SQLite and PostgreSQL)
from tests.workbooks import EMPLOYMENT, filled_template, make_workbook, minimal_valid

SOURCE_COLUMNS = ["_file", "_row", "_raw_old"]


class Cli:
    """Runs ``python -m byr_data`` in-process against one database."""

    def __init__(self, url: str, capsys: pytest.CaptureFixture[str]) -> None:
        self.url = url
        self.capsys = capsys

    def __call__(self, *argv: str) -> tuple[int, str, str]:
        code = main([*argv, "--db", self.url])
        captured = self.capsys.readouterr()
        return code, captured.out, captured.err


@pytest.fixture
def cli(store_url: str, capsys: pytest.CaptureFixture[str]) -> Cli:  # noqa: F811
    return Cli(store_url, capsys)


def write(tmp_path: Path, sheets: dict[str, list[list[object]]], name: str) -> str:
    path = tmp_path / name
    path.write_bytes(make_workbook(sheets))
    return str(path)


def versions_json(cli: Cli) -> list[dict[str, Any]]:
    code, out, _ = cli("versions", "--json")
    assert code == 0
    return json.loads(out)


def without_source(table: pd.DataFrame) -> pd.DataFrame:
    return table.drop(columns=[c for c in SOURCE_COLUMNS if c in table]).reset_index(drop=True)


def assert_same_data(actual: Dataset, expected: Dataset, check_dtype: bool = True) -> None:
    assert list(actual.tables()) == list(expected.tables())
    for name, table in expected.tables().items():
        pd.testing.assert_frame_equal(without_source(actual.tables()[name]), without_source(table), check_dtype=check_dtype, obj=name)
    assert actual.about == expected.about


def sample() -> Dataset:
    result = load_paths([SAMPLE])
    assert result.dataset is not None
    return result.dataset


# --- the whole cycle ----------------------------------------------------------------------------------


def test_cli_publish_update_versions_rollback_export_cycle(cli: Cli, tmp_path: Path) -> None:
    code, out, _ = cli("publish", str(SAMPLE), "--comment", "Statusrapport februar", "--author", "kari")
    assert code == 0
    assert out.splitlines()[-2:] == ["Dataene er gyldige.", "Publisert som versjon 1"]

    update = write(tmp_path, {"Sysselsetting": EMPLOYMENT}, "sysselsetting.xlsx")
    code, out, _ = cli("publish", update, "--comment", "Nye tall fra SSB", "--author", "ola")
    assert code == 0, out
    assert out.splitlines()[-1] == "Publisert som versjon 2"
    assert "Erstattes av opplastingen: «Sysselsetting»." in out
    assert "Beholdes fra dagens data: «Aktiviteter», «Befolkning», «Budsjett», «Budsjettendringer», «Kommuner», «Mål», «Måleverdier», «Om»." in out

    listed = versions_json(cli)
    assert [v["version"] for v in listed] == [2, 1]
    assert set(listed[0]) == {"version", "created", "author", "comment", "files", "row_counts", "rollback_of"}
    assert (listed[0]["author"], listed[0]["comment"], listed[0]["rollback_of"]) == ("ola", "Nye tall fra SSB", None)
    assert listed[0]["files"] == ["sysselsetting.xlsx"]
    assert listed[0]["row_counts"]["Sysselsetting"] == 4
    assert listed[1]["row_counts"]["Sysselsetting"] == 1462
    assert pd.Timestamp(listed[0]["created"]).tzinfo is not None

    with Store.open(cli.url) as store:
        updated = store.dataset()
    expected = sample()
    assert updated.employment["year"].tolist() == [2015, 2016, 2015, 2016]
    for name in ("goals", "activities", "budget", "budget_changes", "municipalities", "measurements", "population"):
        pd.testing.assert_frame_equal(without_source(updated.tables()[name]), without_source(expected.tables()[name]), obj=name)

    code, out, _ = cli("rollback", "1", "--author", "per")
    assert (code, out) == (0, "Dataene fra versjon 1 er publisert på nytt som versjon 3\n")
    assert versions_json(cli)[0] | {"created": None} == {
        "version": 3,
        "created": None,
        "author": "per",
        "comment": "Tilbakestilt til versjon 1",
        "files": ["byr_glamdalen.xlsx"],
        "row_counts": listed[1]["row_counts"],
        "rollback_of": 1,
    }

    out_file = tmp_path / "eksport.xlsx"
    code, out, _ = cli("export", "--out", str(out_file))
    assert (code, out) == (0, f"Versjon 3 er skrevet til {out_file}\n")
    exported = load_paths([out_file]).dataset
    assert exported is not None
    assert_same_data(exported, expected)
    assert summarise(exported) == summarise(expected)

    code, _, _ = cli("export", "--out", str(tmp_path / "v2.xlsx"), "--version", "2")
    assert code == 0
    assert len(load_paths([tmp_path / "v2.xlsx"]).dataset.employment) == 4


def test_cli_publish_invalid_data_prints_the_errors_and_publishes_nothing(
    cli: Cli, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cli("publish", str(SAMPLE), "--comment", "første")
    sheets = minimal_valid()
    sheets["Budsjett"][2][3] = "to millioner"
    bad = write(tmp_path, {"Budsjett": sheets["Budsjett"]}, "budsjett.xlsx")
    main(["validate", bad])
    validate_lines = capsys.readouterr().out.splitlines()

    code, out, _ = cli("publish", bad, "--comment", "feil")

    assert code == 1
    assert (
        "  - «budsjett.xlsx», arket «Budsjett», rad 3, kolonne «Opprinnelig»: «to millioner» er ikke et tall. Skriv et tall, for eksempel 250000."
        in out
    )
    assert [line for line in out.splitlines() if line.startswith(("Feil", "  - «budsjett"))] == [
        line for line in validate_lines if line.startswith(("Feil", "  - «budsjett"))
    ]
    assert out.splitlines()[-1] == "Dataene har 1 feil. Rett dem og prøv igjen."
    assert [v["version"] for v in versions_json(cli)] == [1]


def test_cli_publish_to_an_empty_store_reads_the_files_alone(cli: Cli, tmp_path: Path) -> None:
    only_goals = write(tmp_path, {"Mål": minimal_valid()["Mål"]}, "mål.xlsx")

    code, out, _ = cli("publish", only_goals, "--comment", "bare mål")

    assert code == 0
    assert "Beholdes" not in out
    assert versions_json(cli)[0]["row_counts"] == {"Mål": 3}
    assert versions_json(cli)[0]["files"] == ["mål.xlsx"]


def test_cli_publish_missing_file_is_an_error(cli: Cli, tmp_path: Path) -> None:
    code, out, _ = cli("publish", str(tmp_path / "finnes-ikke.xlsx"), "--comment", "x")

    assert code == 1
    assert "Filen finnes ikke eller kan ikke åpnes. Sjekk navnet og stien." in out
    assert versions_json(cli) == []


def test_cli_publish_author_defaults_to_the_login_name(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("getpass.getuser", lambda: "innlogget")

    cli("publish", str(SAMPLE), "--comment", "x")

    assert versions_json(cli)[0]["author"] == "innlogget"


def test_cli_publish_needs_a_comment(store_url: str) -> None:  # noqa: F811
    with pytest.raises(SystemExit) as caught:
        main(["publish", str(SAMPLE), "--db", store_url])
    assert caught.value.code == 2


def test_cli_publish_the_template_keeps_every_sheet_without_rows_unless_emptied(cli: Cli, tmp_path: Path) -> None:
    cli("publish", str(SAMPLE), "--comment", "første")
    change = {"Dato": dt.date(2016, 3, 1), "År": 2016, "Post": "Ekstra prosjektstøtte", "Beløp": 150_000}
    template = tmp_path / "mal.xlsx"
    template.write_bytes(filled_template({"Budsjettendringer": [change]}))

    code, out, _ = cli("publish", str(template), "--comment", "ny endring", "--empty", "Befolkning", "--empty", "måleverdier")

    assert code == 0, out
    assert "Erstattes av opplastingen: «Budsjettendringer»." in out
    assert "Tømmes i den nye versjonen (valgt): «Måleverdier», «Befolkning»." in out
    assert "Beholdes fra dagens data fordi arket i filen er tomt: «Om», «Kommuner», «Mål», «Aktiviteter», «Budsjett», «Sysselsetting»." in out
    with Store.open(cli.url) as store:
        published, first = store.dataset(), store.dataset(1)
    assert len(published.budget_changes) == 1
    assert published.population.empty and published.measurements.empty
    for name in ("municipalities", "goals", "activities", "budget", "employment"):
        pd.testing.assert_frame_equal(published.tables()[name], first.tables()[name], obj=name)
    assert published.about == first.about


def test_cli_publish_without_changes_is_refused(cli: Cli) -> None:
    cli("publish", str(SAMPLE), "--comment", "første")

    code, out, _ = cli("publish", str(SAMPLE), "--comment", "igjen")

    assert code == 1
    assert out.splitlines()[-1] == "Ingen endringer å publisere: dataene er de samme som i gjeldende versjon (versjon 1). Ingenting er lagret."
    assert [v["version"] for v in versions_json(cli)] == [1]


def test_cli_publish_refuses_an_unknown_sheet_to_empty(store_url: str, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: F811
    with pytest.raises(SystemExit) as caught:
        main(["publish", str(SAMPLE), "--comment", "x", "--empty", "Budsjetendringer", "--db", store_url])

    assert caught.value.code == 2
    assert ("«Budsjetendringer» er ikke et ark i dataformatet. Skriv navnet på arket, et av: "
            "Om, Kommuner, Mål, Måleverdier, Aktiviteter, Budsjett, Budsjettendringer, Sysselsetting, Befolkning") in capsys.readouterr().err


# --- listing, rolling back, exporting ------------------------------------------------------------------


def test_cli_versions_prints_a_norwegian_table(cli: Cli, tmp_path: Path) -> None:
    cli("publish", str(SAMPLE), "--comment", "Første", "--author", "kari")
    cli("publish", write(tmp_path, {"Sysselsetting": EMPLOYMENT}, "sysselsetting.xlsx"), "--comment", "SSB", "--author", "ola")
    cli("rollback", "1", "--author", "per")

    code, out, _ = cli("versions")

    lines = out.splitlines()
    assert code == 0
    assert lines[0].split() == ["Versjon", "Publisert", "Av", "Kommentar", "Filer"]
    assert lines[1].startswith("*") and lines[1].split()[1] == "3"
    assert "per" in lines[1] and "Tilbakestilt til versjon 1" in lines[1] and lines[1].endswith("byr_glamdalen.xlsx")
    assert lines[2].split()[0] == "2" and "ola" in lines[2]
    assert lines[3].split()[0] == "1" and "kari" in lines[3]
    assert lines[-1] == "* = gjeldende versjon"


def test_cli_versions_of_an_empty_store(cli: Cli) -> None:
    assert cli("versions") == (0, "Ingen versjoner er publisert ennå.\n", "")
    assert versions_json(cli) == []


def test_cli_rollback_to_the_current_version_is_refused(cli: Cli) -> None:
    cli("publish", str(SAMPLE), "--comment", "x")

    code, out, err = cli("rollback", "1")

    assert (code, out) == (1, "")
    assert err == "Ingen endringer å publisere: versjon 1 er gjeldende versjon. Ingenting er lagret.\n"
    assert [v["version"] for v in versions_json(cli)] == [1]


def test_cli_rollback_unknown_version_is_an_error(cli: Cli) -> None:
    cli("publish", str(SAMPLE), "--comment", "x")

    code, out, err = cli("rollback", "7")

    assert (code, out) == (1, "")
    assert err == "Versjon 7 finnes ikke. Se hvilke versjoner som finnes med «python -m byr_data versions».\n"
    assert [v["version"] for v in versions_json(cli)] == [1]


def test_cli_export_of_an_empty_store_is_an_error(cli: Cli, tmp_path: Path) -> None:
    code, _, err = cli("export", "--out", str(tmp_path / "x.xlsx"))

    assert code == 1
    assert err.startswith("Databasen har ingen publiserte data ennå.")
    assert not (tmp_path / "x.xlsx").exists()


def test_cli_backup(cli: Cli, tmp_path: Path) -> None:
    cli("publish", str(SAMPLE), "--comment", "x")
    out_file = tmp_path / "kopi.sqlite"

    code, out, err = cli("backup", "--out", str(out_file))

    if cli.url.startswith("sqlite"):
        assert (code, out) == (0, f"Sikkerhetskopi skrevet til {out_file} (gjeldende versjon: 1)\n")
        with Store.open(f"sqlite:///{out_file}") as copy:
            assert copy.current().number == 1
    else:
        assert code == 1
        assert "pg_dump" in err


def test_cli_unusable_database_is_one_norwegian_line(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["versions", "--db", "sqlite:////finnes/ikke/byr.sqlite"])

    captured = capsys.readouterr()
    assert code == 1
    assert (
        captured.err
        == "Databasen kunne ikke åpnes (sqlite:////finnes/ikke/byr.sqlite): unable to open database file. Sjekk adressen i BYR_DATABASE_URL.\n"
    )


def test_cli_takes_the_database_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("BYR_DATABASE_URL", f"sqlite:///{tmp_path / 'miljø.sqlite'}")

    assert main(["publish", str(SAMPLE), "--comment", "fra miljøet"]) == 0

    capsys.readouterr()
    with Store.open(f"sqlite:///{tmp_path / 'miljø.sqlite'}") as store:
        assert store.current().comment == "fra miljøet"


def test_cli_runs_as_a_module(store_url: str) -> None:  # noqa: F811
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "byr_data"]

    published = subprocess.run(
        [*command, "publish", str(SAMPLE), "--comment", "modul", "--db", store_url],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    listed = subprocess.run(
        [*command, "versions", "--json", "--db", store_url], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )

    assert published.returncode == 0, published.stderr
    assert published.stdout.splitlines()[-1] == "Publisert som versjon 1"
    assert [v["comment"] for v in json.loads(listed.stdout)] == ["modul"]
