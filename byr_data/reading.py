"""Reading workbooks: bytes or a file-like object plus a name, so uploads, samples and CLI
arguments take the same path."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pandas as pd

from byr_data import safety, ssb
from byr_data.dataset import Dataset
from byr_data.errors import DataError, Report, Severity
from byr_data.headers import names_required_columns, sheet_for_title
from byr_data.model import EMPLOYMENT, POPULATION
from byr_data.raw import RawSheet, RawWorkbook
from byr_data.safety import FileKind
from byr_data.validation import validate

Source = tuple[str, bytes | BinaryIO]


@dataclass(frozen=True)
class LoadResult:
    """A validated dataset (None when there were errors) and everything validation found."""

    dataset: Dataset | None
    report: Report


def _bytes(data: bytes | BinaryIO) -> bytes:
    return data if isinstance(data, bytes) else data.read()


def _format_reader(content: bytes, title: str) -> Callable[[list[int], int], list[str]]:
    """Number formats of some cells of one sheet, read with openpyxl only when asked.

    pandas returns values, not formats; a per cent cell holding 0.7 needs its format to be
    read as 70 %. openpyxl in read-only mode streams the sheet, so this stays cheap.
    """

    def formats(rows: list[int], column: int) -> list[str]:
        from openpyxl import load_workbook

        wanted = {row + 1: i for i, row in enumerate(rows)}
        found = [""] * len(rows)
        try:
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception:  # styles calamine tolerates may trip openpyxl: then no cell counts as per cent
            return found
        try:
            sheet = workbook[title]
            for row in sheet.iter_rows(min_row=min(wanted), max_row=max(wanted), min_col=column + 1, max_col=column + 1):
                for cell in row:
                    i = wanted.get(getattr(cell, "row", 0))  # an empty cell has no row; rows start at 1
                    if i is not None:
                        found[i] = cell.number_format or ""
        except Exception:
            return [""] * len(rows)
        finally:
            workbook.close()
        return found

    return formats


def _may_be_export(title: str, grid: pd.DataFrame) -> bool:
    """An SSB export may sit on any sheet but one of the format's (an export saved as «Sysselsetting» or «Befolkning» too)."""
    sheet = sheet_for_title(title)
    return sheet is None or (sheet in (EMPLOYMENT, POPULATION) and not names_required_columns(grid, sheet))


def read_workbook(name: str, data: bytes | BinaryIO) -> RawWorkbook:
    """Every table of one file as raw cells: an .xlsx or .xls workbook's sheets, or an SSB CSV export.

    Raises :class:`DataError` for a file that cannot or must not be read.
    """
    content = _bytes(data)
    kind = safety.inspect(name, content)
    if kind is FileKind.TEXT:
        return name, [ssb.parse_text(name, content)]
    try:
        sheets = pd.read_excel(io.BytesIO(content), sheet_name=None, header=None, dtype=object, engine="calamine")
    except BaseException as exc:  # the reader's own errors are not for users
        # calamine's Rust panics arrive as pyo3's PanicException, a BaseException (a damaged .xls does it).
        if not isinstance(exc, Exception) and type(exc).__name__ != "PanicException":
            raise
        raise safety.file_error(name, "Filen kunne ikke leses som Excel-arbeidsbok. Åpne den i Excel, lagre som .xlsx og prøv igjen.") from exc
    if len(sheets) > safety.MAX_SHEETS:
        raise safety.file_error(name, f"Arbeidsboken har {len(sheets)} ark; grensen er {safety.MAX_SHEETS}. Fjern ark som ikke trengs.")
    raw = []
    for title, grid in sheets.items():
        safety.check_shape(name, str(title), *grid.shape)
        export = ssb.from_sheet(str(title), grid) if _may_be_export(str(title), grid) else None
        formats = _format_reader(content, str(title)) if kind is FileKind.XLSX else None
        raw.append(export or RawSheet(str(title), grid, formats=formats))
    return name, raw


def read_workbooks(sources: Iterable[Source]) -> tuple[list[RawWorkbook], Report]:
    """Read every file; a file that cannot be read is reported and the others still read."""
    workbooks, report = [], Report()
    for name, data in sources:
        try:
            workbooks.append(read_workbook(name, data))
        except DataError as error:
            report.extend(error.report)
    return workbooks, report


def load(sources: Sequence[Source], today: dt.date | None = None, now: dt.date | None = None) -> LoadResult:
    """Read and validate files into one dataset (``today`` and ``now`` as in :func:`validate`)."""
    workbooks, report = read_workbooks(sources)
    if not report.ok:
        return LoadResult(None, report)
    dataset, found = validate(workbooks, today, now)
    report.extend(found)
    return LoadResult(dataset, report)


def load_paths(paths: Sequence[str | Path], today: dt.date | None = None) -> LoadResult:
    """Read and validate files on disk; a directory stands for the .xlsx files in it."""
    sources, missing = read_paths(paths)
    if not missing.ok:
        return LoadResult(None, missing)
    return load(sources, today)


def read_paths(paths: Sequence[str | Path]) -> tuple[list[Source], Report]:
    """The bytes of files on disk (a directory: its .xlsx and .csv files), and the ones that could not be opened."""
    files: list[Path] = []
    for path in map(Path, paths):
        files.extend(sorted([*path.glob("*.xlsx"), *path.glob("*.csv")]) if path.is_dir() else [path])
    sources: list[Source] = []
    missing = Report()
    for file in files:
        try:
            sources.append((file.name, file.read_bytes()))
        except OSError:
            missing.add(Severity.ERROR, "Filen finnes ikke eller kan ikke åpnes. Sjekk navnet og stien.", file=str(file))
    return sources, missing
