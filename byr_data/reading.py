"""Reading workbooks: bytes or a file-like object plus a name, so uploads, samples and CLI
arguments take the same path."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pandas as pd

from byr_data.dataset import Dataset
from byr_data.errors import DataError, Report, Severity
from byr_data.validation import RawSheet, RawWorkbook, validate

#: Largest file accepted (the upload limit in .streamlit/config.toml matches).
MAX_FILE_BYTES = 25 * 1024 * 1024
#: A workbook may not inflate beyond this (zip bombs).
MAX_UNCOMPRESSED_BYTES = 400 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200

Source = tuple[str, bytes | BinaryIO]


@dataclass(frozen=True)
class LoadResult:
    """A validated dataset (None when there were errors) and everything validation found."""

    dataset: Dataset | None
    report: Report


def _file_error(name: str, message: str) -> DataError:
    report = Report()
    report.add(Severity.ERROR, message, file=name)
    return DataError(report)


def _bytes(data: bytes | BinaryIO) -> bytes:
    return data if isinstance(data, bytes) else data.read()


def _check_zip(name: str, data: bytes) -> None:
    """Refuse what is not an .xlsx, and archives that would inflate dangerously, before parsing."""
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise _file_error(name, "Filen er en gammel Excel-fil (.xls) eller passordbeskyttet. Lagre den som Excel-arbeidsbok (.xlsx) uten passord og prøv igjen.")
    if not data.startswith(b"PK"):
        raise _file_error(name, "Filen er ikke en Excel-arbeidsbok (.xlsx). Lagre den som .xlsx i Excel og prøv igjen.")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except zipfile.BadZipFile:
        raise _file_error(name, "Filen er skadet og kan ikke leses. Lagre den på nytt som .xlsx og prøv igjen.") from None
    inflated = sum(e.file_size for e in entries)
    if inflated > MAX_UNCOMPRESSED_BYTES or inflated > MAX_COMPRESSION_RATIO * max(len(data), 1) or len(entries) > 10_000:
        raise _file_error(name, "Filen pakker seg ut til urimelig mye data og blir ikke lest. Lagre arket på nytt fra Excel og prøv igjen.")
    if any(e.filename == "xl/vbaProject.bin" for e in entries):
        raise _file_error(name, "Filen inneholder makroer. Lagre den som Excel-arbeidsbok (.xlsx) uten makroer og prøv igjen.")


def _format_reader(content: bytes, title: str) -> Callable[[list[int], int], list[str]]:
    """Number formats of some cells of one sheet, read with openpyxl only when asked.

    pandas returns values, not formats; a per cent cell holding 0.7 needs its format to be
    read as 70 %. openpyxl in read-only mode streams the sheet, so this stays cheap.
    """

    def formats(rows: list[int], column: int) -> list[str]:
        from openpyxl import load_workbook

        wanted = {row + 1: i for i, row in enumerate(rows)}
        found = [""] * len(rows)
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        try:
            sheet = workbook[title]
            for row in sheet.iter_rows(min_row=min(wanted), max_row=max(wanted), min_col=column + 1, max_col=column + 1):
                for cell in row:
                    i = wanted.get(getattr(cell, "row", None))
                    if i is not None:
                        found[i] = cell.number_format or ""
        finally:
            workbook.close()
        return found

    return formats


def read_workbook(name: str, data: bytes | BinaryIO) -> RawWorkbook:
    """Every sheet of one .xlsx as raw cells (no header; row 0 is spreadsheet row 1)."""
    content = _bytes(data)
    if len(content) > MAX_FILE_BYTES:
        raise _file_error(name, f"Filen er større enn {MAX_FILE_BYTES // (1024 * 1024)} MB. Del den opp eller fjern unødvendige ark.")
    _check_zip(name, content)
    try:
        sheets = pd.read_excel(io.BytesIO(content), sheet_name=None, header=None, dtype=object, engine="calamine")
    except Exception as exc:  # the reader's own errors are not for users
        raise _file_error(name, f"Filen kunne ikke leses som Excel-arbeidsbok ({type(exc).__name__}). Åpne den i Excel, lagre som .xlsx og prøv igjen.") from exc
    return name, [RawSheet(str(title), cells, formats=_format_reader(content, str(title))) for title, cells in sheets.items()]


def read_workbooks(sources: Iterable[Source]) -> tuple[list[RawWorkbook], Report]:
    """Read every file; a file that cannot be read is reported and the others still read."""
    workbooks, report = [], Report()
    for name, data in sources:
        try:
            workbooks.append(read_workbook(name, data))
        except DataError as error:
            report.extend(error.report)
    return workbooks, report


def load(sources: Sequence[Source], today: dt.date | None = None) -> LoadResult:
    """Read and validate files into one dataset."""
    workbooks, report = read_workbooks(sources)
    if not report.ok:
        return LoadResult(None, report)
    dataset, found = validate(workbooks, today)
    report.extend(found)
    return LoadResult(dataset, report)


def load_paths(paths: Sequence[str | Path], today: dt.date | None = None) -> LoadResult:
    """Read and validate files on disk; a directory stands for the .xlsx files in it."""
    files: list[Path] = []
    for path in map(Path, paths):
        files.extend(sorted(path.glob("*.xlsx")) if path.is_dir() else [path])
    sources: list[Source] = []
    missing = Report()
    for file in files:
        try:
            sources.append((file.name, file.read_bytes()))
        except OSError:
            missing.add(Severity.ERROR, "Filen finnes ikke eller kan ikke åpnes. Sjekk navnet og stien.", file=str(file))
    if not missing.ok:
        return LoadResult(None, missing)
    return load(sources, today)
