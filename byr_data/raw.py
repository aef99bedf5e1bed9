"""Tables as read, before validation: the reader's output and validation's input."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from byr_data.model import Sheet


@dataclass(frozen=True)
class RawSheet:
    """One table as read: its cells without a header, and where they came from.

    ``cells.index`` is the 0-based row in the source (spreadsheet row 1 is 0), so messages
    name the row the user sees even when the reader dropped or reshaped rows.
    """

    title: str | None  # the sheet's title; None for a file that has no sheets (CSV)
    cells: pd.DataFrame
    sheet: Sheet | None = None  # the format's sheet, when the reader knows it (SSB exports)
    #: Number formats of some cells, for per cent cells: (source rows, column position) -> formats.
    formats: Callable[[list[int], int], list[str]] | None = None
    #: Information lines about how the reader read it (variables left out, categories summed), in Norwegian.
    notes: tuple[str, ...] = ()


#: One file as read: its name and its tables.
RawWorkbook = tuple[str, list[RawSheet]]
