"""Finding a sheet's header row and matching column names the way people write them.

"Kommunenr.", "Mål ID", "Opprinnelig budsjett", "Fremdrift %" and "Beløp (kr)" all name a
column of the format: case, spaces, punctuation and a unit in brackets do not count, and
each column lists the other names people give it (see :mod:`byr_data.model`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from byr_data.cells import cell_text
from byr_data.model import SHEET_ALIASES, SHEETS, Column, Sheet

#: How many filled rows from the top may hold titles before the header.
HEADER_SEARCH_ROWS = 30
_BRACKETS = re.compile(r"[(\[][^)\]]*[)\]]")
_NOT_WORD = re.compile(r"[^\w]+")


def header_key(label: object) -> str:
    """A name reduced to what matters: "Beløp (kr)" -> "beløp", "Mål-ID" -> "mål id"."""
    text = _BRACKETS.sub(" ", str(label).casefold())
    return " ".join(_NOT_WORD.sub(" ", text).replace("_", " ").split())


def _column_keys(sheet: Sheet) -> dict[str, Column]:
    keys: dict[str, Column] = {}
    for column in sheet.columns:  # canonical headers first, so an alias never shadows one
        keys[header_key(column.header)] = column
    for column in sheet.columns:
        for alias in column.aliases:
            keys.setdefault(header_key(alias), column)
    return keys


_COLUMN_KEYS = {sheet.name: _column_keys(sheet) for sheet in SHEETS}
_SHEET_KEYS: dict[str, Sheet] = {}
for _sheet in SHEETS:
    _SHEET_KEYS[header_key(_sheet.header)] = _sheet
for _sheet in SHEETS:
    for _alias in SHEET_ALIASES.get(_sheet.name, ()):
        _SHEET_KEYS.setdefault(header_key(_alias), _sheet)


def sheet_for_title(title: str) -> Sheet | None:
    """The format's sheet a workbook sheet title names, if any."""
    return _SHEET_KEYS.get(header_key(title))


@dataclass
class Header:
    """Where a sheet's header is and which column of the sheet is which field."""

    position: int  # row position in the cells (not the spreadsheet row number)
    positions: dict[str, int] = field(default_factory=dict)  # field name -> column position
    unknown: list[tuple[int, str]] = field(default_factory=list)  # (column position, label)
    repeated: list[tuple[Column, str]] = field(default_factory=list)  # a field named twice


def _match_row(values: np.ndarray, keys: dict[str, Column]) -> Header:
    header = Header(position=-1)
    for position, value in enumerate(values):
        label = cell_text(value)
        if label is None:
            continue
        column = keys.get(header_key(label))
        if column is None:
            header.unknown.append((position, label))
        elif column.name in header.positions:
            header.repeated.append((column, label))
        else:
            header.positions[column.name] = position
    return header


def find_header(cells: pd.DataFrame, filled_rows: np.ndarray, sheet: Sheet) -> Header:
    """The row among the first filled ones that names the most columns of the sheet.

    Title lines (often one merged cell) above the header name at most one column by chance;
    the header itself names several. With no row naming any column, the first filled row is
    taken as the header, so that the missing columns are reported against it.
    """
    keys = _COLUMN_KEYS[sheet.name]
    best: Header | None = None
    for position in filled_rows[:HEADER_SEARCH_ROWS]:
        header = _match_row(cells.iloc[position].to_numpy(), keys)
        header.position = int(position)
        if best is None or len(header.positions) > len(best.positions):
            best = header
        if len(header.positions) == len(sheet.columns):
            break
    if best is None or not best.positions:
        header = _match_row(cells.iloc[filled_rows[0]].to_numpy(), keys)
        header.position = int(filled_rows[0])
        return header
    return best


def names_required_columns(cells: pd.DataFrame, sheet: Sheet) -> bool:
    """True when some row near the top names every required column of the sheet."""
    # Only the first HEADER_SEARCH_ROWS filled rows are looked at: found in the top rows, mostly.
    top = cells.iloc[: 100 * HEADER_SEARCH_ROWS]
    filled = np.flatnonzero(top.notna().any(axis=1).to_numpy())
    if len(filled) < HEADER_SEARCH_ROWS and len(top) < len(cells):
        filled = np.flatnonzero(cells.notna().any(axis=1).to_numpy())
    if len(filled) == 0:
        return False
    header = find_header(cells, filled, sheet)
    return all(c.name in header.positions for c in sheet.columns if c.required)


#: Labels that make a row a total ("Sum", "Totalt", "Total", "I alt"), case and a colon aside.
TOTAL_LABELS = frozenset({"sum", "totalt", "total", "i alt", "sum totalt", "totalsum"})


def total_rows(body: pd.DataFrame, blank: np.ndarray) -> np.ndarray:
    """Rows whose first filled cell is, as a whole, a total label: never counted as data."""
    if body.empty:
        return np.zeros(0, dtype=bool)
    first = (~blank).argmax(axis=1)
    labels = body.to_numpy()[np.arange(len(body)), first]
    codes, distinct = pd.factorize(labels)  # each distinct label looked at once; a missing one is no total
    totals = [isinstance(v, str) and v.strip().rstrip(":").strip().casefold() in TOTAL_LABELS for v in distinct]
    return np.array([*totals, False], dtype=bool)[codes]
