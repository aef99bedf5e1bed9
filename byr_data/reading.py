"""Reading workbooks: bytes or a file-like object plus a name, so uploads, samples and CLI
arguments take the same path."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pandas as pd
from pandas._libs.lib import to_object_array
from pandas._libs.parsers import STR_NA_VALUES

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


#: The texts pandas' Excel reader turns into a missing value (its default ``na_values``).
_NA_TEXTS = frozenset(STR_NA_VALUES)


def _read_sheets(content: bytes) -> dict[str, pd.DataFrame]:
    """Every worksheet as ``pd.read_excel(sheet_name=None, header=None, dtype=object, engine="calamine")`` gives it.

    The same cells, read with python_calamine directly: pandas converts every cell in Python
    and copies the rows once more, where this converts each column's distinct values once.
    """
    from python_calamine import CalamineWorkbook, SheetTypeEnum

    workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
    names = dict.fromkeys(s.name for s in workbook.sheets_metadata if s.typ == SheetTypeEnum.WorkSheet)
    sheets = {}
    for title in names:
        frame = _frame(workbook.get_sheet_by_name(title).to_python(skip_empty_area=False))
        if frame is None:  # a sheet this shortcut does not cover: pandas reads the workbook
            return pd.read_excel(io.BytesIO(content), sheet_name=None, header=None, dtype=object, engine="calamine")
        sheets[title] = frame
    return sheets


def _frame(rows: Sequence[Sequence[object]]) -> pd.DataFrame | None:
    """One sheet's rows as an object frame, cell for cell as pandas' reader makes it.

    pandas turns a whole float into an int and a date into a datetime, and a text in its
    ``na_values`` (the empty cell's "" too) into NaN. Done here once per distinct value of a
    column; ``pd.factorize`` takes True for 1 and False for 0, so the cells equal to 0 or 1
    are converted one by one. None for a sheet this does not cover (pandas then reads it).
    """
    if not rows or not rows[0]:
        return pd.DataFrame()
    first_cell, width = rows[0][0], len(rows[0])
    if (isinstance(first_cell, str) and first_cell.startswith("\ufeff")) or set(map(len, rows)) != {width}:
        return None  # pandas' text parser drops a byte order mark there; rows of unequal length
    grid = to_object_array(rows)  # the rows as one 2-D object array (as pandas makes its columns)
    del rows
    for j in range(width):
        column = grid[:, j]
        codes, uniques = pd.factorize(column)
        values = np.array([_own_copy(_cell(value)) for value in uniques], dtype=object)
        alike = [i for i, value in enumerate(uniques) if isinstance(value, (bool, int, float)) and value in (0, 1)]
        cells = np.flatnonzero(np.isin(codes, alike)) if alike else np.zeros(0, dtype=np.intp)
        single = [_cell(value) for value in column[cells]]
        known = codes >= 0  # None and NaN are kept as they are
        column[known] = values[codes[known]]
        for i, value in zip(cells, single, strict=True):
            column[i] = value
    return pd.DataFrame(grid, columns=pd.Index(np.arange(width)), dtype=object)


def _own_copy(value: object) -> object:
    """A text as a new string object, equal to it; anything else as it is.

    The cells a column keeps are its distinct values, first seen among all the sheet's cells.
    Kept as they are, a few such strings stay in nearly every memory block Python used for
    the cells, and those blocks (tens of MB at scale) are never freed; fresh copies let them go.
    """
    if type(value) is str:
        return value.encode("utf-8", "surrogatepass").decode("utf-8", "surrogatepass")
    return value


def _cell(value: object) -> object:
    """pandas' conversion of one calamine cell (``pandas.io.excel._calamine``), then its missing texts."""
    if isinstance(value, str):
        return np.nan if value in _NA_TEXTS else value
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    if isinstance(value, (dt.datetime, dt.timedelta)):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    return value


#: What a file holds, chosen by the user for an SSB export that does not say («--som»): file name -> sheet header.
Kinds = Mapping[str, str]
#: The sheets a user may choose for such an export.
CHOOSABLE = {EMPLOYMENT.header: EMPLOYMENT, POPULATION.header: POPULATION}


def read_workbook(name: str, data: bytes | BinaryIO, chosen: str | None = None) -> RawWorkbook:
    """Every table of one file as raw cells: an .xlsx or .xls workbook's sheets, or an SSB CSV export.

    ``chosen`` («Sysselsetting» or «Befolkning») is what a CSV export holds when its content does not say.

    Raises :class:`DataError` for a file that cannot or must not be read.
    """
    content = _bytes(data)
    kind = safety.inspect(name, content)
    if kind is FileKind.TEXT:
        return name, [ssb.parse_text(name, content, CHOOSABLE.get(chosen or ""))]
    try:
        sheets = _read_sheets(content)
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
        try:
            export = ssb.from_sheet(str(title), grid) if _may_be_export(str(title), grid) else None
        except ssb.Refused as refusal:
            raise safety.file_error(name, refusal.message, sheet=str(title)) from None
        formats = _format_reader(content, str(title)) if kind is FileKind.XLSX else None
        raw.append(export or RawSheet(str(title), grid, formats=formats))
    return name, raw


def read_workbooks(sources: Iterable[Source], kinds: Kinds | None = None) -> tuple[list[RawWorkbook], Report]:
    """Read every file; a file that cannot be read is reported and the others still read."""
    workbooks, report = [], Report()
    for name, data in sources:
        try:
            workbooks.append(read_workbook(name, data, (kinds or {}).get(name)))
        except DataError as error:
            report.extend(error.report)
    return workbooks, report


def load(sources: Sequence[Source], today: dt.date | None = None, now: dt.date | None = None, empty: Collection[str] = (),
         kinds: Kinds | None = None) -> LoadResult:
    """Read and validate files into one dataset (``today``, ``now`` and ``empty`` as in :func:`validate`, ``kinds`` as in :func:`read_workbook`)."""
    workbooks, report = read_workbooks(sources, kinds)
    refused = not report.ok
    if refused and not workbooks:
        return LoadResult(None, report)
    # A refused file does not hide the problems of the others; with it, nothing is read.
    dataset, found = validate(workbooks, today, now, empty=empty)
    report.extend(found)
    return LoadResult(None if refused else dataset, report)


def load_paths(paths: Sequence[str | Path], today: dt.date | None = None, empty: Collection[str] = (), kinds: Kinds | None = None) -> LoadResult:
    """Read and validate files on disk; a directory stands for the .xlsx and .csv files in it."""
    sources, missing = read_paths(paths)
    if not missing.ok:
        return LoadResult(None, missing)
    return load(sources, today, empty=empty, kinds=kinds)


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
