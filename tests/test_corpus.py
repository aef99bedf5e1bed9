"""The corpus of bad and awkward files (tests/corpus.py): every case gives exactly its problems.

Dangerous cases must also be refused before any parser runs, and through the CLI with exit code 1
and no traceback. How quickly is measured in the benchmark's table of dangerous files
(`make bench`, `benchmarks/run.py`), not here: a time limit in a test fails on a busy machine.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from byr_data import reading
from byr_data.cli import main
from byr_data.reading import load
from tests.corpus import CASES, DANGEROUS, TODAY, Case

ROOT = Path(__file__).resolve().parent.parent


def found(case: Case) -> list[tuple[object, ...]]:
    result = load(case.files, today=TODAY)
    if any(severity.value == "error" for severity, *_ in case.expected):
        assert result.dataset is None
    return [(p.severity, p.file, p.sheet, p.row, p.column, p.message) for p in result.report.problems]


@pytest.fixture
def no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail if calamine or openpyxl is asked to parse the file."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file reached a parser")

    import openpyxl

    monkeypatch.setattr(reading, "_read_sheets", refuse)
    monkeypatch.setattr(openpyxl, "load_workbook", refuse)


def test_corpus_has_at_least_40_cases_and_covers_the_dangerous_kinds() -> None:
    names = {case.name for case in CASES}
    assert len(CASES) >= 40
    assert len(DANGEROUS) >= 20
    for expected in ("tom_fil", "binært_søppel", "avkortet_zip", "ødelagt_komprimering", "passordbeskyttet", "makro_i_innholdet",
                     "zip_bombe_forhold", "forfalsket_liten_størrelse", "milliard_latter", "for_stor_fil", "for_mange_ark",
                     "for_mange_rader", "for_mange_kolonner", "gammel_xls_leses"):
        assert expected in names


@pytest.mark.parametrize("case", [c for c in CASES if not c.dangerous], ids=lambda c: c.name)
def test_load_reports_exactly_the_problems_of(case: Case) -> None:
    assert found(case) == case.expected


@pytest.mark.parametrize("case", DANGEROUS, ids=lambda c: c.name)
def test_load_refuses_before_parsing(case: Case, no_parsing: None) -> None:
    files = case.files
    problems = found(case)

    assert problems == case.expected
    [(_, file, _, row, column, _)] = problems
    assert (file, row, column) == (files[0][0], None, None)


@pytest.mark.parametrize("case", DANGEROUS, ids=lambda c: c.name)
def test_cli_validate_json_reports_a_dangerous_file_with_exit_code_1(case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paths = []
    for filename, data in case.files:
        path = tmp_path / filename
        path.write_bytes(data)
        paths.append(str(path))

    code = main(["validate", "--json", *paths])

    out = capsys.readouterr()
    report = json.loads(out.out)
    assert code == 1
    assert "Traceback" not in out.out + out.err
    assert [(e["file"], e["sheet"], e["row"], e["column"], e["message"]) for e in report["errors"]] == [
        (f, sheet, row, column, message) for _, f, sheet, row, column, message in case.expected
    ]


def test_corpus_script_writes_the_files_and_a_manifest(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, str(ROOT / "tests" / "corpus.py"), str(tmp_path)], capture_output=True, text=True, timeout=120)

    assert proc.returncode == 0, proc.stderr
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert list(manifest) == [case.name for case in CASES]
    for case in CASES:
        entry = manifest[case.name]
        assert entry["dangerous"] == case.dangerous
        assert entry["files"] == [filename for filename, _ in case.files]
        for filename, data in case.files:  # the same files, but for time stamps inside the zips
            written = (tmp_path / case.name / filename).read_bytes()
            assert written[:4] == data[:4] and abs(len(written) - len(data)) <= 64
