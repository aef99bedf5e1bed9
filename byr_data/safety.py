"""Checks on a file's bytes before any parser sees them: size, kind, zip bombs, macros.

An upload form is a door. Everything here works on the raw bytes and the zip directory, so a
crafted file is refused before openpyxl or calamine spends time or memory on it.
"""

from __future__ import annotations

import enum
import io
import zipfile

from byr_data.errors import DataError, Report, Severity

#: Largest file accepted, in bytes (the same number as server.maxUploadSize in .streamlit/config.toml).
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_ENTRY_RATIO = 100
MAX_ENTRIES = 1_000
MAX_SHEETS = 50
MAX_ROWS = 500_000
MAX_COLUMNS = 500

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class FileKind(enum.Enum):
    XLSX = "xlsx"  # an Office Open XML workbook (zip)
    XLS = "xls"  # a legacy Excel workbook (OLE)
    TEXT = "text"  # text, perhaps a CSV export


def file_error(name: str, message: str) -> DataError:
    """The data error for a problem with a whole file."""
    report = Report()
    report.add(Severity.ERROR, message, file=name)
    return DataError(report)


def inspect(name: str, content: bytes) -> FileKind:
    """What kind of file this is; raises :class:`DataError` for anything that must not be parsed."""
    if not content:
        raise file_error(name, "Filen er tom. Velg riktig fil og prøv igjen.")
    if len(content) > MAX_FILE_BYTES:
        raise file_error(name, f"Filen er større enn {MAX_FILE_BYTES // (1024 * 1024)} MB. Del den opp eller fjern unødvendige ark.")
    if content.startswith(OLE_MAGIC):
        return FileKind.XLS
    if content.startswith(b"PK"):
        _check_zip(name, content)
        return FileKind.XLSX
    if b"\x00" in content[:4096]:
        raise file_error(name, "Filen er ikke et regneark. Lagre den som Excel-arbeidsbok (.xlsx) og prøv igjen.")
    return FileKind.TEXT


def _check_zip(name: str, content: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            entries = archive.infolist()
    except zipfile.BadZipFile:
        raise file_error(name, "Filen er skadet og kan ikke leses. Lagre den på nytt som .xlsx og prøv igjen.") from None
    inflated = sum(e.file_size for e in entries)
    if inflated > MAX_UNCOMPRESSED_BYTES or len(entries) > MAX_ENTRIES:
        raise file_error(name, "Filen pakker seg ut til urimelig mye data og blir ikke lest. Lagre arket på nytt fra Excel og prøv igjen.")
    if name.lower().endswith(".xlsm") or any(e.filename == "xl/vbaProject.bin" for e in entries):
        raise file_error(name, "Filen inneholder makroer. Lagre den som Excel-arbeidsbok (.xlsx) uten makroer og prøv igjen.")


def check_shape(name: str, title: str, rows: int, columns: int) -> None:
    """Refuse a sheet larger than the limits (also checked from the declared sizes before parsing)."""
    if rows > MAX_ROWS or columns > MAX_COLUMNS:
        raise file_error(name, f"Arket «{title}» er for stort ({rows} rader, {columns} kolonner; grensen er {MAX_ROWS} rader og {MAX_COLUMNS} kolonner). Del opp arket.")
