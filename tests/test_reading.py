"""Tests for byr_data.reading: files that are not workbooks, dangerous archives, legacy .xls, several files.

The checks themselves are tested in tests/test_safety.py and, file by file, in tests/test_corpus.py.
"""

from __future__ import annotations

import datetime as dt
import io
import struct
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from byr_data import reading, safety, ssb
from byr_data.errors import DataError, Severity
from byr_data.raw import RawSheet
from byr_data.reading import load, load_paths, read_workbook, read_workbooks
from byr_data.safety import MAX_FILE_BYTES
from tests.conftest import SAMPLE_TABLES
from tests.corpus import binary_junk, legacy_workbook
from tests.workbooks import make_workbook, make_zip, minimal_valid, with_entry, zip_bomb

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data" / "byr_glamdalen.xlsx"
TODAY = dt.date(2016, 2, 15)

NOT_A_SPREADSHEET = "Filen er ikke et regneark. Lagre den som Excel-arbeidsbok (.xlsx) og prøv igjen."
NOT_A_WORKBOOK = "Filen er ikke en Excel-arbeidsbok. Lagre den som Excel-arbeidsbok (.xlsx) og prøv igjen."
EMPTY = "Filen er tom. Velg riktig fil og prøv igjen."
DAMAGED = "Filen er skadet og kan ikke leses. Lagre den på nytt som .xlsx og prøv igjen."
MACROS = "Filen inneholder makroer. Lagre den som Excel-arbeidsbok (.xlsx) uten makroer og prøv igjen."
BOMB = "Filen pakker seg ut til urimelig mye data og blir ikke lest. Lagre arket på nytt fra Excel og prøv igjen."
TOO_BIG = "Filen er større enn 20 MB. Del den opp eller fjern unødvendige ark."
UNREADABLE = "Filen kunne ikke leses som Excel-arbeidsbok. Åpne den i Excel, lagre som .xlsx og prøv igjen."
OLE_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def forged_size(archive: bytes, claimed: int) -> bytes:
    """The archive with every central-directory entry claiming ``claimed`` bytes uncompressed."""
    data = bytearray(archive)
    start = 0
    while (start := data.find(b"PK\x01\x02", start)) != -1:
        data[start + 24 : start + 28] = struct.pack("<I", claimed)
        start += 4
    return bytes(data)


@pytest.fixture
def no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if the Excel parser is reached: refusals must come before parsing."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the workbook was parsed")

    monkeypatch.setattr(reading, "_read_sheets", refuse)


def only_problem(name: str, data: bytes) -> tuple[str | None, str | None, int | None, str | None, str]:
    result = load([(name, data)], today=TODAY)
    assert result.dataset is None
    [problem] = result.report.problems
    assert problem.severity is Severity.ERROR
    return problem.file, problem.sheet, problem.row, problem.column, problem.message


# --- files that are not workbooks ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("notat.xlsx", binary_junk(), NOT_A_SPREADSHEET),
        ("tom.xlsx", b"", EMPTY),
        ("gammel.xls", OLE_HEADER + bytes(504), DAMAGED),
        ("skadet.xlsx", b"PK\x03\x04" + bytes(100), DAMAGED),
        ("avkortet.xlsx", make_workbook(minimal_valid())[:500], DAMAGED),
        ("arkiv.xlsx", make_zip({"notater.txt": b"hello"}), NOT_A_WORKBOOK),
    ],
)
def test_read_workbook_refuses_what_is_not_a_workbook(name: str, data: bytes, message: str, no_parsing: None) -> None:
    assert only_problem(name, data) == (name, None, None, None, message)


def test_read_workbook_refuses_a_zip_that_is_not_a_workbook_without_a_traceback() -> None:
    with pytest.raises(DataError) as raised:
        read_workbook("arkiv.xlsx", make_zip({"notater.txt": b"hello"}))

    [problem] = raised.value.report.problems
    assert (problem.file, problem.sheet, problem.row, problem.column, problem.message) == ("arkiv.xlsx", None, None, None, NOT_A_WORKBOOK)
    assert str(raised.value) == f"«arkiv.xlsx»: {problem.message}"


def test_read_workbook_hands_text_to_the_ssb_reader(monkeypatch: pytest.MonkeyPatch, no_parsing: None) -> None:
    seen = []

    def parse_text(name: str, content: bytes, chosen: object = None) -> RawSheet:
        seen.append((name, content))
        return RawSheet(None, pd.DataFrame([["Kommunenummer"]]))

    monkeypatch.setattr(ssb, "parse_text", parse_text)
    text = "Kommunenummer;År;Sysselsatte\n3401;2016;8336\n".encode()

    name, sheets = read_workbook("tall.csv", text)

    assert seen == [("tall.csv", text)]
    assert name == "tall.csv" and sheets[0].title is None


def test_read_workbook_reads_a_legacy_xls() -> None:
    data = legacy_workbook({"Mål": [["ID", "Navn"], ["1", "Flere arbeidsplasser"]], "Notater": [["a"]]})

    name, sheets = read_workbook("gammel.xls", data)

    assert [sheet.title for sheet in sheets] == ["Mål", "Notater"]
    assert sheets[0].cells.values.tolist() == [["ID", "Navn"], ["1", "Flere arbeidsplasser"]]
    assert sheets[0].formats is None  # openpyxl reads no .xls


class PanicException(BaseException):
    """Stands in for pyo3's PanicException: what a Rust panic in calamine raises."""


def test_read_workbook_turns_a_reader_panic_into_a_data_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def panic(*args: object, **kwargs: object) -> None:
        raise PanicException("range end index 4 out of range for slice of length 0")

    monkeypatch.setattr(reading, "_read_sheets", panic)

    assert only_problem("gammel.xls", legacy_workbook({"Mål": [["ID"]]})) == ("gammel.xls", None, None, None, UNREADABLE)


def test_read_workbook_lets_keyboard_interrupt_through(monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupt(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(reading, "_read_sheets", interrupt)

    with pytest.raises(KeyboardInterrupt):
        read_workbook("bok.xlsx", make_workbook({"Mål": [["ID"]]}))


def test_read_workbook_refuses_a_workbook_with_macros(no_parsing: None) -> None:
    data = with_entry(make_workbook(minimal_valid()), "xl/vbaProject.bin", b"\x00" * 64)

    assert only_problem("makro.xlsm", data) == ("makro.xlsm", None, None, None, MACROS)


def test_read_workbook_refuses_a_zip_bomb_before_parsing(no_parsing: None) -> None:
    data = zip_bomb(450 * 1024 * 1024)  # 450 MB of zeros, about 2 MB compressed
    assert len(data) < MAX_FILE_BYTES

    assert only_problem("bombe.xlsx", data) == ("bombe.xlsx", None, None, None, BOMB)


@pytest.mark.parametrize("ratio_limit", [safety.MAX_ENTRY_RATIO, 10**9])
def test_read_workbook_refuses_a_header_claiming_too_much_data(ratio_limit: int, monkeypatch: pytest.MonkeyPatch, no_parsing: None) -> None:
    # With the ratio limit lifted, only the absolute limit of MAX_UNCOMPRESSED_BYTES is left.
    monkeypatch.setattr(safety, "MAX_ENTRY_RATIO", ratio_limit)
    data = forged_size(make_workbook(minimal_valid()), safety.MAX_UNCOMPRESSED_BYTES + 1)

    assert only_problem("forfalsket.xlsx", data) == ("forfalsket.xlsx", None, None, None, BOMB)


def test_read_workbook_refuses_an_archive_inflating_beyond_the_ratio(no_parsing: None) -> None:
    data = zip_bomb(4 * 1024 * 1024, level=9)  # small in absolute terms, but over 200 times its size
    assert len(data) * safety.MAX_ENTRY_RATIO < 4 * 1024 * 1024

    assert only_problem("bombe.xlsx", data) == ("bombe.xlsx", None, None, None, BOMB)


def test_read_workbook_refuses_a_file_over_the_size_limit(no_parsing: None) -> None:
    data = b"PK\x03\x04" + bytes(MAX_FILE_BYTES)

    assert only_problem("stor.xlsx", data) == ("stor.xlsx", None, None, None, TOO_BIG)


def test_read_workbook_reads_raw_cells_with_spreadsheet_rows() -> None:
    data = make_workbook({"Mål": [["ID", "Navn"], [1, "x"]], "Notater": [["a"]]})

    name, sheets = read_workbook("bok.xlsx", data)

    assert name == "bok.xlsx"
    assert [sheet.title for sheet in sheets] == ["Mål", "Notater"]
    assert sheets[0].cells.values.tolist() == [["ID", "Navn"], [1, "x"]]
    assert list(sheets[0].cells.index) == [0, 1]  # source rows: spreadsheet row 1 is 0


def test_read_workbook_takes_a_file_like_object() -> None:
    name, sheets = read_workbook("bok.xlsx", io.BytesIO(make_workbook({"Mål": [["ID"], ["1"]]})))

    assert isinstance(sheets[0].cells, pd.DataFrame)
    assert sheets[0].cells.values.tolist() == [["ID"], ["1"]]


# --- several files -----------------------------------------------------------------------------------


def test_read_workbooks_names_the_bad_file_and_reads_the_others() -> None:
    good = make_workbook(minimal_valid())

    workbooks, report = read_workbooks([("god.xlsx", good), ("dårlig.xlsx", binary_junk()), ("gammel.xls", OLE_HEADER + bytes(504))])

    assert [name for name, _ in workbooks] == ["god.xlsx"]
    assert [(p.file, p.message) for p in report.errors] == [("dårlig.xlsx", NOT_A_SPREADSHEET), ("gammel.xls", DAMAGED)]


def test_load_does_not_validate_when_a_file_cannot_be_read() -> None:
    result = load([("god.xlsx", make_workbook(minimal_valid())), ("dårlig.xlsx", binary_junk())], today=TODAY)

    assert result.dataset is None
    assert [(p.severity, p.file, p.message) for p in result.report.problems] == [(Severity.ERROR, "dårlig.xlsx", NOT_A_SPREADSHEET)]


def test_load_paths_reads_the_xlsx_files_of_a_directory(tmp_path: Path) -> None:
    sheets = minimal_valid()
    (tmp_path / "a_mål.xlsx").write_bytes(make_workbook({t: sheets[t] for t in ("Mål", "Måleverdier", "Aktiviteter")}))
    (tmp_path / "b_jobber.xlsx").write_bytes(make_workbook({t: sheets[t] for t in ("Kommuner", "Sysselsetting")}))
    (tmp_path / "notat.txt").write_text("ikke en arbeidsbok")

    result = load_paths([tmp_path], today=TODAY)

    assert result.report.problems == []
    assert result.dataset.files == ("a_mål.xlsx", "b_jobber.xlsx")
    assert result.report.tables == {"Kommuner": 2, "Mål": 3, "Måleverdier": 2, "Aktiviteter": 2, "Sysselsetting": 4}


def test_load_paths_reports_a_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "finnes_ikke.xlsx"

    result = load_paths([missing], today=TODAY)

    assert result.dataset is None
    assert [(p.file, p.message) for p in result.report.errors] == [
        (str(missing), "Filen finnes ikke eller kan ikke åpnes. Sjekk navnet og stien.")
    ]


# --- the sample workbook -------------------------------------------------------------------------------


def test_load_paths_reads_the_sample_without_problems() -> None:
    result = load_paths([SAMPLE], today=TODAY)

    assert result.report.problems == []
    assert result.dataset is not None
    assert result.dataset.is_sample
    assert result.report.tables == SAMPLE_TABLES


def test_load_paths_warns_of_the_samples_late_activities_later_on() -> None:
    result = load_paths([SAMPLE], today=dt.date(2019, 1, 1))

    assert result.report.ok
    assert [(p.sheet, p.row, p.column) for p in result.report.warnings] == [("Aktiviteter", row, "Slutt") for row in range(7, 14)]


def test_sample_is_a_plain_zip_of_modest_size() -> None:
    data = SAMPLE.read_bytes()

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
    assert "xl/vbaProject.bin" not in names
    assert len(data) < MAX_FILE_BYTES


def test_load_reads_a_workbook_whose_styles_only_openpyxl_rejects() -> None:
    from tests.corpus import patched

    sheets = minimal_valid()
    sheets["Aktiviteter"][1][7] = 0.4  # a per cent cell candidate: its format is read with openpyxl
    data = patched(make_workbook(sheets), "xl/styles.xml", lambda xml: xml.replace(b'numFmtId="0"', b'numFmtId="x"', 1))

    result = load([("stiler.xlsx", data)], today=TODAY)

    # The formats cannot be read, so 0.4 stays 0.4 (not 40 %): the data is read all the same.
    assert result.report.ok
    assert 0.4 in set(result.dataset.activities["progress"])


def cells_as_read(sheets: dict[str, pd.DataFrame]) -> dict[str, list[list[tuple[str, object]]]]:
    """Every cell with its type, so 1 and True, or 1 and 1.0, tell apart."""
    return {title: [[(type(v).__name__, "nan" if v != v else v) for v in row] for row in grid.to_numpy().tolist()] for title, grid in sheets.items()}


@pytest.mark.parametrize(
    "sheets",
    [
        {"Ark": [[1, True, 1.5, 0.0, False], [True, 1, "NA", "", " "], [dt.date(2020, 1, 2), dt.datetime(2020, 1, 2, 3, 4), dt.time(5, 6), "nan", "N/A"],
                 [None, 2**40, -3, "#N/A", "1"], [0, False, 3.0, "None", "tekst"]], "Tomt": [], "B": [[None, None, "x"], [], [1]]},
        {"Mål": [["\ufeffID", "Navn"], [1, "a"]]},  # a byte order mark first: pandas' own reading
    ],
    ids=["types", "byte-order-mark"],
)
def test_sheets_are_read_cell_for_cell_as_pandas_reads_them(sheets: dict[str, list[list[object]]]) -> None:
    data = make_workbook(sheets)

    expected = pd.read_excel(io.BytesIO(data), sheet_name=None, header=None, dtype=object, engine="calamine")
    read = reading._read_sheets(data)

    assert cells_as_read(read) == cells_as_read(expected)
    for title, grid in expected.items():
        assert read[title].shape == grid.shape
        assert read[title].columns.equals(grid.columns) and read[title].index.equals(grid.index)
        assert list(read[title].dtypes) == list(grid.dtypes)
