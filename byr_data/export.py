"""Writing data out as Excel: the whole dataset as one workbook, and a blank template.

Both follow docs/dataformat.md, so what is written here reads back through
:func:`byr_data.reading.load` to the same data.

Every text cell we write, header or body, in every workbook (the export, the template, the
per-table downloads) goes through :func:`write_text` or its write-only fast path
:func:`text_cell`: a string cell, never a formula, so a goal named ``=HYPERLINK(...)`` stays
text (CWE-1236). Text that starts with a character Excel would take as the start of a formula
when the cell is edited (``= + - @``, tab, carriage return) also gets Excel's quote prefix, so
it stays text after editing too. The text itself is never changed (only characters XML cannot
hold are dropped), so a workbook we write reads back to the same data.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from collections.abc import Iterator, Mapping
from typing import TypeGuard

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from byr_data.dataset import Dataset
from byr_data.model import ABOUT, SHEETS, ActivityStatus, GoalLevel, GoalStatus, Kind, Sheet
from byr_data.views import DisplayTable

#: How dates look in the workbooks we write (Norwegian: 15.02.2016).
DATE_FORMAT = "DD.MM.YYYY"
#: Text starting with one of these is a formula, or becomes one when edited in Excel.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: The fields of the «Om» sheet, in the order they are written.
ABOUT_FIELDS = ("Region", "Eksempeldata", "Kilde")
#: The «Om» field that says which municipalities a downloaded selection holds (not read back: information only).
SELECTION_FIELD = "Utvalg"
#: Columns whose cells are read as text: typed into an Excel cell formatted as text, «1.10» stays «1.10».
TEXT_KINDS = frozenset({Kind.ID, Kind.IDS, Kind.CODE, Kind.CODES, Kind.REGION})
#: Columns that hold municipality codes; the template offers the region's codes in them.
CODE_KINDS = frozenset({Kind.CODE, Kind.CODES, Kind.REGION})
_BOLD = Font(bold=True)
_WIDTHS = {Kind.TEXT: 28, Kind.DATE: 12, Kind.INT: 10, Kind.NUMBER: 14, Kind.PERCENT: 11}


# --- the dataset as one workbook ---------------------------------------------------------------------


def export_workbook(dataset: Dataset, selection: str | None = None) -> bytes:
    """The dataset as one .xlsx in the documented format: only the sheets it has, Norwegian headers.

    ``selection`` («Kommune: Eidskog») is written in the «Om» sheet as the field «Utvalg», which reading skips.
    """
    workbook = Workbook(write_only=True)
    if dataset.about or selection:
        rows: list[list[object]] = [[name, dataset.about[name]] for name in ABOUT_FIELDS if name in dataset.about]
        if selection:
            rows.append([SELECTION_FIELD, selection])
        _write_sheet(workbook, ABOUT, iter(rows))
    tables = dataset.tables()
    for sheet in SHEETS:
        table = tables.get(sheet.name)
        if table is not None:
            _write_sheet(workbook, sheet, _rows(sheet, table))
    if not workbook.worksheets:  # an .xlsx needs a sheet; an empty dataset gives an empty «Om»
        _write_sheet(workbook, ABOUT, iter([]))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_sheet(workbook: Workbook, sheet: Sheet, rows: Iterator[list[object]]) -> None:
    worksheet = workbook.create_sheet(sheet.header)
    worksheet.freeze_panes = "A2"
    for position, column in enumerate(sheet.columns, start=1):
        worksheet.column_dimensions[get_column_letter(position)].width = _width(column.kind)
    worksheet.append([_header_cell(worksheet, column.header) for column in sheet.columns])
    for row in rows:
        worksheet.append([_cell(worksheet, value) for value in row])


def _width(kind: Kind) -> float:
    return _WIDTHS.get(kind, 16)


def _rows(sheet: Sheet, table: pd.DataFrame) -> Iterator[list[object]]:
    """The table's rows as cell values, column by column as the sheet lists them."""
    columns = [_values(column.kind, table[column.name]) if column.name in table else [None] * len(table) for column in sheet.columns]
    yield from (list(row) for row in zip(*columns, strict=True))


def _values(kind: Kind, series: pd.Series) -> list[object]:
    """One column's values as Python objects for openpyxl: text, int, float, date or None."""
    if kind in (Kind.IDS, Kind.CODES):
        return [", ".join(str(v) for v in items) if _is_list(items) and len(items) else None for items in series]
    if kind is Kind.DATE:
        return [_date(value) for value in series]
    if kind is Kind.INT:
        return [None if pd.isna(value) else int(value) for value in series]
    if kind in (Kind.NUMBER, Kind.PERCENT):
        return [_number(value) for value in series]
    return [None if _missing(value) else str(value) for value in series]


def _is_list(value: object) -> TypeGuard[tuple[object, ...] | list[object] | np.ndarray]:
    return isinstance(value, (tuple, list, np.ndarray))


def _missing(value: object) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def _date(value: object) -> dt.date | dt.datetime | None:
    if _missing(value):
        return None
    stamp = pd.Timestamp(value)
    return stamp.date() if stamp == stamp.normalize() else stamp.to_pydatetime()


def _number(value: object) -> int | float | None:
    if _missing(value):
        return None
    number = float(value)  # type: ignore[arg-type]
    if not math.isfinite(number):
        return None
    return int(number) if number.is_integer() and abs(number) < 2**53 else number


def _cell(worksheet: Worksheet, value: object) -> object:
    """A value ready for a write-only row: text always as a string cell, dates with their format."""
    if isinstance(value, str):
        return text_cell(worksheet, value)
    if isinstance(value, (dt.date, dt.datetime)):
        cell = WriteOnlyCell(worksheet, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    return value


def text_cell(worksheet: Worksheet, text: str) -> object:
    """Text for a write-only row: a plain value when it is harmless (the fast path), else :func:`write_text`'s cell."""
    clean = ILLEGAL_CHARACTERS_RE.sub("", text)
    if not _formula_like(clean):
        return clean
    return write_text(WriteOnlyCell(worksheet), clean)


def write_text(cell: Cell, text: str) -> Cell:
    """Put text in a cell as a string cell that Excel never runs as a formula; returns the cell.

    openpyxl itself turns text starting with «=» into a formula and «#N/A» into an error value:
    such text, and text that starts with another formula character, gets an explicit string cell
    with Excel's quote prefix. Characters XML cannot hold (control characters) are dropped.
    """
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    cell.value = text
    if _formula_like(text):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def _formula_like(text: str) -> bool:
    return text.startswith(FORMULA_STARTS) or text in ERROR_CODES


def _header_cell(worksheet: Worksheet, text: str) -> Cell:
    """A bold header cell for a write-only sheet; a header may come from data (a municipality name)."""
    cell = write_text(WriteOnlyCell(worksheet), text)
    cell.font = _BOLD
    return cell


# --- the template --------------------------------------------------------------------------------------

_GUIDE_TITLE = "Slik fyller du ut arbeidsboken for ByR Glåmdalen"


#: What the template promises about an upload; tests hold the upload to it.
_GUIDE_KEPT = "Du trenger bare fylle ut arkene du vil endre. Et ark med bare overskriftsraden er ikke med i opplastingen: dagens data for det arket beholdes uendret."
_GUIDE_REPLACED = ("Et ark med rader erstatter hele arket i dagens data: ta med alle radene arket skal ha "
                   "(last ned dataene som Excel-arbeidsbok på siden «Data» for å begynne med dem).")
_GUIDE_EMPTIED = "Vil du tømme et ark helt, velger du det når du laster opp: kryss av på siden «Data», eller bruk --empty ARK på kommandolinjen."


def _guide_lines() -> list[tuple[str, bool]]:
    """The «Veiledning» sheet as (line, is_heading)."""
    levels = ", ".join(GoalLevel)
    goal_statuses = ", ".join(GoalStatus)
    activity_statuses = ", ".join(ActivityStatus)
    lines: list[tuple[str, bool]] = [
        (_GUIDE_TITLE, True),
        (
            "Fyll inn dataene i arkene bak dette. Én rad per mål, aktivitet, budsjettpost osv., fra rad 2. Ikke endre overskriftene i rad 1.",
            False,
        ),
        (_GUIDE_KEPT, False),
        (_GUIDE_REPLACED, False),
        (_GUIDE_EMPTIED, False),
        ("Dette arket (Veiledning) leses ikke.", False),
        ("Kolonner med * må fylles ut på hver rad. Andre kolonner kan stå tomme.", False),
        ("", False),
        ("Arkene", True),
    ]
    for sheet in SHEETS:
        columns = ", ".join(c.header + ("*" if c.required else "") for c in sheet.columns)
        lines.append((f"{sheet.header}: {columns}", False))
    lines += [
        ("", False),
        ("Tillatte verdier (velg fra listen i cellen)", True),
        (f"Nivå (arket Mål): {levels}. Nøyaktig ett mål skal være «{GoalLevel.STRATEGIC}».", False),
        (f"Status for mål: {goal_statuses}.", False),
        (f"Status for aktiviteter: {activity_statuses}.", False),
        ("Kommunenummer: fire sifre, for eksempel 3401 for Kongsvinger. Flere kommuner i én celle skilles med komma.", False),
        ("I Sysselsetting og Befolkning kan du også skrive 34 for Innlandet eller 0 for hele landet: de vises til sammenligning.", False),
        ("", False),
        ("Tall, år og datoer", True),
        ("Årstall skrives med fire sifre (2016). Beløp som tall (250000). Fremdrift i prosent fra 0 til 100.", False),
        ("Datoer skrives som 15.02.2016. ID-er og kommunenumre er tekst: 1.10 og 1.1 er to forskjellige mål.", False),
        ("", False),
        ("Les mer", True),
        ("Hele beskrivelsen av formatet, med alle regler og kontroller, står i docs/dataformat.md i dashbordets kildekode.", False),
        (
            "Sjekk filen før du laster den opp: python -m byr_data validate FIL.xlsx, eller last den opp på siden «Data» i dashbordet.",
            False,
        ),
    ]
    return lines


def _validation(values: list[str], strict: bool, prompt: str) -> DataValidation:
    """A dropdown list; a strict one refuses other values, the others only suggest."""
    listed = ",".join(values)
    validation = DataValidation(type="list", formula1=f'"{listed}"', allow_blank=True)
    validation.showDropDown = False  # False shows the arrow (the attribute name reads backwards)
    validation.promptTitle = "Velg fra listen"
    validation.prompt = prompt
    validation.showInputMessage = True
    if strict:
        validation.showErrorMessage = True
        validation.errorStyle = "stop"
        validation.errorTitle = "Ugyldig verdi"
        validation.error = "Velg en av verdiene i listen."
    else:
        validation.showErrorMessage = False
    return validation


def region_codes() -> list[str]:
    """The region's municipality codes (the four-digit entries of model.KNOWN_NAMES)."""
    from byr_data.model import KNOWN_NAMES

    return [code for code in KNOWN_NAMES if len(code) == 4]


def _choices(kind: Kind) -> tuple[list[str], bool, str] | None:
    """The dropdown for a column: values, strict, prompt; None for a free column."""
    if kind is Kind.GOAL_LEVEL:
        return list(GoalLevel), True, "Velg nivået til målet."
    if kind is Kind.GOAL_STATUS:
        return list(GoalStatus), True, "Velg status for målet."
    if kind is Kind.ACTIVITY_STATUS:
        return list(ActivityStatus), True, "Velg status for aktiviteten."
    if kind in CODE_KINDS:
        prompt = "Velg kommunenummeret, eller skriv et annet."
        if kind is Kind.CODES:
            prompt = "Velg et kommunenummer, eller skriv flere skilt med komma."
        return region_codes(), False, prompt
    return None


def template_workbook() -> bytes:
    """A blank workbook to fill in: the «Veiledning» sheet, then every sheet with its headers and dropdowns."""
    workbook = Workbook()
    guide = workbook.active
    guide.title = "Veiledning"
    guide.column_dimensions["A"].width = 120
    for number, (line, heading) in enumerate(_guide_lines(), start=1):
        cell = guide.cell(row=number, column=1)
        if line:
            write_text(cell, line)
        if heading:
            cell.font = Font(bold=True, size=14 if number == 1 else 12)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for sheet in SHEETS:
        worksheet = workbook.create_sheet(sheet.header)
        worksheet.freeze_panes = "A2"
        for position, column in enumerate(sheet.columns, start=1):
            letter = get_column_letter(position)
            cell = write_text(worksheet.cell(row=1, column=position), column.header)
            cell.font = _BOLD
            dimension = worksheet.column_dimensions[letter]
            dimension.width = max(_width(column.kind), len(column.header) + 4)
            if column.kind in TEXT_KINDS:
                dimension.number_format = "@"
            if column.kind is Kind.DATE:
                dimension.number_format = DATE_FORMAT
            choices = _choices(column.kind)
            if choices is not None:
                validation = _validation(*choices)
                validation.add(f"{letter}2:{letter}1048576")
                worksheet.add_data_validation(validation)
        if sheet is ABOUT:
            validation = _validation(list(ABOUT_FIELDS), False, "Region, Eksempeldata (ja/nei) eller Kilde.")
            validation.add("A2:A1048576")
            worksheet.add_data_validation(validation)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- any table, for the download under each table -----------------------------------------------------

_SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def tables_workbook(tables: Mapping[str, pd.DataFrame | DisplayTable], selection: str | None = None) -> bytes:
    """Display tables as a workbook, one sheet each: headers in bold, text never a formula, numbers as numbers.

    A :class:`DisplayTable`'s numbers keep their value and get their style's Norwegian number format.
    ``selection`` («Kommune: Eidskog», «Hele regionen») goes in a first row above the headers, with the
    table's name, so a downloaded table says what it shows.
    """
    workbook = Workbook(write_only=True)
    for title, table in tables.items():
        frame, styles = (table.values, table.styles) if isinstance(table, DisplayTable) else (table, {})
        sheet = workbook.create_sheet(_SHEET_TITLE_FORBIDDEN.sub(" ", str(title))[:31] or "Ark")
        if selection is not None:
            sheet.freeze_panes = "A3"
            sheet.append([_header_cell(sheet, f"{str(title)[:1].upper()}{str(title)[1:]} · {selection}")])
        else:
            sheet.freeze_panes = "A2"
        sheet.append([_header_cell(sheet, str(name)) for name in frame.columns])
        formats = [styles[c].value if c in styles else None for c in frame.columns]
        for row in frame.itertuples(index=False):
            sheet.append([_styled_cell(sheet, _plain_value(v), number_format) for v, number_format in zip(row, formats, strict=True)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _styled_cell(worksheet: Worksheet, value: object, number_format: str | None) -> object:
    """A cell for a display table: a number with its column's number format, anything else as :func:`_cell` writes it."""
    if number_format is None or isinstance(value, (str, bool)) or not isinstance(value, (int, float)):
        return _cell(worksheet, value)
    cell = WriteOnlyCell(worksheet, value=_number(value))
    cell.number_format = number_format
    return cell


def _plain_value(value: object) -> object:
    if _is_list(value):
        return ", ".join(map(str, value))
    if _missing(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, (np.integer, np.floating)):
        return value.item()
    return value
