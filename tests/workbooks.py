"""Small .xlsx workbooks built in memory for the tests.

A workbook is given as ``{sheet title: [header row, *data rows]}``; ``None`` is a blank cell
and an empty list (or a list of ``None``) is a blank row. Row 1 in Excel is the first list.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Mapping, Sequence

from openpyxl import Workbook, load_workbook

Rows = Sequence[Sequence[object]]


def make_workbook(sheets: Mapping[str, Rows]) -> bytes:
    """An .xlsx file (as bytes) with one sheet per entry, rows written from row 1."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row_number, row in enumerate(rows, start=1):
            for column_number, value in enumerate(row, start=1):
                if value is not None:
                    sheet.cell(row=row_number, column=column_number, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def text_cells(workbook: bytes) -> bytes:
    """A copy of an .xlsx whose text is all plain string cells: «=1+1» typed as text, not a formula.

    openpyxl, like :func:`make_workbook`, writes text starting with «=» as a formula; a person who
    types it as text in Excel or LibreOffice gets a string cell, as here.
    """
    book = load_workbook(io.BytesIO(workbook))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def make_zip(entries: Mapping[str, bytes]) -> bytes:
    """A zip archive (as bytes) with the given entries."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def with_entry(workbook: bytes, name: str, content: bytes) -> bytes:
    """A copy of an .xlsx with one more zip entry (for example ``xl/vbaProject.bin``)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook)) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr(name, content)
    return buffer.getvalue()


def zip_bomb(uncompressed_bytes: int, chunk: int = 1024 * 1024, level: int = 1) -> bytes:
    """A zip with one entry of ``uncompressed_bytes`` zeros, streamed so memory stays small.

    Level 1 is the fastest and still inflates over 200 times; level 9 inflates about 1000 times.
    """
    buffer = io.BytesIO()
    zeros = bytes(chunk)
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive,
        archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as entry,
    ):
        written = 0
        while written < uncompressed_bytes:
            step = min(chunk, uncompressed_bytes - written)
            entry.write(zeros if step == chunk else bytes(step))
            written += step
    return buffer.getvalue()


# --- one valid row set per sheet -------------------------------------------------------------

ABOUT = [
    ["Felt", "Verdi"],
    ["Region", "Testregionen"],
    ["Eksempeldata", "ja"],
]
MUNICIPALITIES = [
    ["Kommunenummer", "Kommune", "Medlem fra", "Medlem til"],
    ["3401", "Kongsvinger", None, None],
    ["3419", "Våler", None, 2016],
]
GOALS = [
    ["ID", "Nivå", "Overordnet", "Navn", "Enhet", "Startår", "Målverdi", "Status"],
    ["1", "Strategisk mål", None, "Flere arbeidsplasser", "arbeidsplasser per år", 2014, 100, "I rute"],
    ["1.1", "Hovedmål", "1", "Attraktiv region", None, None, None, "Risiko"],
    ["1.1.1", "Delmål", "1.1", "Flere besøkende", None, None, None, "Ikke startet"],
]
MEASUREMENTS = [
    ["Mål-ID", "År", "Verdi"],
    ["1.1", 2015, 10],
    ["1.1", 2016, 12],
]
ACTIVITIES = [
    ["ID", "Aktivitet", "Mål-ID", "Kommune", "Start", "Slutt", "Status", "Fremdrift"],
    ["A1", "Næringsmesse", "1.1", "3401", dt.date(2016, 1, 1), dt.date(2016, 6, 30), "Påbegynt", 40],
    ["A2", "Kartlegging", "1.1; 1.1.1", None, dt.date(2015, 1, 1), dt.date(2015, 12, 31), "Gjennomført", 100],
]
BUDGET = [
    ["År", "Post", "Finansiering", "Opprinnelig", "Revidert", "Regnskap"],
    [2016, "Prosjektleder", "KMD", 1000000, 1200000, 500000],
    [2016, "Reiser", "Kommunene", 50000, 50000, 10000],
]
BUDGET_CHANGES = [
    ["Dato", "År", "Post", "Beløp", "Begrunnelse"],
    [dt.date(2016, 3, 1), 2016, "Prosjektleder", 200000, "Økt stilling"],
]
EMPLOYMENT = [
    ["Kommunenummer", "År", "Sysselsatte", "Næring"],
    ["3401", 2015, 8222, None],
    ["3401", 2016, 8336, None],
    ["3419", 2015, 1000, None],
    ["3419", 2016, 1010, None],
]


def minimal_valid() -> dict[str, list[list[object]]]:
    """Every sheet of the format with a few valid rows (fresh lists, safe to change)."""
    sheets = {
        "Om": ABOUT,
        "Kommuner": MUNICIPALITIES,
        "Mål": GOALS,
        "Måleverdier": MEASUREMENTS,
        "Aktiviteter": ACTIVITIES,
        "Budsjett": BUDGET,
        "Budsjettendringer": BUDGET_CHANGES,
        "Sysselsetting": EMPLOYMENT,
    }
    return {title: [list(row) for row in rows] for title, rows in sheets.items()}


def story_workbook(jobs: Mapping[str, Mapping[int, int]], unit: str = "arbeidsplasser per år", value: int = 100, start_year: int = 2014,
                   target_year: int | None = 2018, status: str = "I rute", members: Rows | None = None) -> dict[str, list[list[object]]]:
    """A region (Kongsvinger, Våler out after 2016) with a strategic goal and jobs per municipality {code: {year: jobs}}.

    For the job story's tests: the goal's Enhet, Målverdi, Startår, Målår and typed Status are chosen by the test.
    """
    goals = [
        ["ID", "Nivå", "Overordnet", "Navn", "Enhet", "Startår", "Målverdi", "Målår", "Status"],
        ["S", "Strategisk mål", None, "Flere arbeidsplasser", unit, start_year, value, target_year, status],
        ["H1", "Hovedmål", "S", "Attraktiv region", None, None, None, None, "Risiko"],
    ]
    employment = [["Kommunenummer", "År", "Sysselsatte"]] + [[code, year, count] for code, series in jobs.items() for year, count in series.items()]
    return {"Om": [list(r) for r in ABOUT], "Kommuner": [list(r) for r in (members or MUNICIPALITIES)], "Mål": goals, "Sysselsetting": employment}


def filled_template(rows: Mapping[str, Sequence[Mapping[str, object]]]) -> bytes:
    """The template the Data page hands out, with rows added under the headers of some sheets.

    ``rows`` maps a sheet title to its rows, each as {column header: value}; every other sheet
    keeps only its header row, as a user who fills in one sheet leaves them.
    """
    from byr_data.export import template_workbook

    workbook = load_workbook(io.BytesIO(template_workbook()))
    for title, records in rows.items():
        sheet = workbook[title]
        headers = [cell.value for cell in sheet[1]]
        for number, record in enumerate(records, start=2):
            for header, value in record.items():
                sheet.cell(row=number, column=headers.index(header) + 1, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
