"""Changing the published data: check an update against the current version, publish it, roll
back, and publish the first version from files.

The command line and the web app both call these functions and orchestrate nothing themselves,
as sqlite-utils' CLI only calls its ``Database`` methods. An update is merged as canonical
tables: the uploaded sheets replace the same tables of the current version, the other tables
are carried over as they are (with the rows' own file and row), and everything is validated
together.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from byr_data.dataset import Dataset, Version
from byr_data.errors import DataError, Report, Severity
from byr_data.headers import sheet_for_title
from byr_data.model import ABOUT, SHEETS_BY_NAME
from byr_data.raw import RawSheet
from byr_data.reading import Kinds, Source, load, read_paths, read_workbooks
from byr_data.store import UNCHECKED, Store, Unchecked, VersionConflict
from byr_data.validation import validate

Files = tuple[tuple[str, bytes], ...]


@dataclass(frozen=True)
class Update:
    """Files checked against a version: the data they would publish (None with errors) and everything found."""

    dataset: Dataset | None
    report: Report
    #: The version whose tables were carried over; None when nothing was published.
    base: int | None
    #: The files as given, kept with the version they publish.
    files: Files
    #: Tables taken from ``base`` exactly as they were (the store shares them instead of storing them again).
    unchanged: tuple[str, ...] = ()


def _as_bytes(sources: Sequence[Source]) -> Files:
    return tuple((name, data if isinstance(data, bytes) else data.read()) for name, data in sources)


def _sheet_of(raw: RawSheet) -> str | None:
    sheet = raw.sheet or (sheet_for_title(raw.title) if raw.title is not None else None)
    return None if sheet is None else sheet.name


def check(sources: Sequence[Source], current: Dataset | None, today: dt.date | None = None, kinds: Kinds | None = None) -> Update:
    """The files as an update of ``current`` (None: nothing published, the files stand alone), validated.

    Every table the files bring replaces the same table of ``current``; the others are carried
    over, so an SSB export alone updates the employment figures and nothing else. The checks
    across sheets run on the result, so an activity pointing at a goal the new goal sheet no
    longer has is reported. ``kinds``: what SSB exports that do not say hold (see :func:`~byr_data.reading.read_workbook`).
    """
    files = _as_bytes(sources)
    base = current.version.number if current is not None and current.version is not None else None
    if current is None:
        result = load(files, today, kinds=kinds)
        return Update(result.dataset, result.report, None, files)
    workbooks, report = read_workbooks(files, kinds)
    refused = not report.ok
    if refused and not workbooks:
        return Update(None, report, base, files)
    # In the order the files have them, each once.
    replaced = list(dict.fromkeys(name for _, raws in workbooks for raw in raws if (name := _sheet_of(raw)) is not None))
    if not replaced:
        report.add(Severity.ERROR, "Filene har ingen ark i dataformatet (for eksempel «Mål», «Budsjett» eller «Sysselsetting»). Sjekk at arkene har riktige navn.")
        return Update(None, report, base, files)
    carried = {SHEETS_BY_NAME[name].header for name in current.tables() if name not in replaced}
    if current.about and ABOUT.name not in replaced:
        carried.add(ABOUT.header)
    report.add(Severity.INFO, "Erstattes av opplastingen: " + ", ".join(f"«{SHEETS_BY_NAME[n].header}»" for n in replaced) + ".")
    if carried:
        report.add(Severity.INFO, "Beholdes fra dagens data: " + ", ".join(f"«{h}»" for h in sorted(carried)) + ".")
    dataset, found = validate(workbooks, today, carried=current)
    report.extend(found)
    if refused:  # the other files' problems are listed too, but nothing is published without every file
        return Update(None, report, base, files)
    unchanged: tuple[str, ...] = ()
    if dataset is not None:
        before, after = current.tables(), dataset.tables()
        unchanged = tuple(n for n in after if n not in replaced and n in before and _same(after[n], before[n]))
    return Update(dataset, report, base, files, unchanged)


def _same(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    """The same columns, dtypes and values (blanks equal blanks)."""
    return a is b or list(a.columns) == list(b.columns) and a.dtypes.equals(b.dtypes) and a.equals(b)


def check_current(store: Store, sources: Sequence[Source], today: dt.date | None = None, kinds: Kinds | None = None) -> Update:
    """The files checked as an update of the store's current version (see :func:`check`)."""
    version = store.current()
    return check(sources, None if version is None else store.dataset(version.number), today, kinds)


def publish(store: Store, update: Update, author: str, comment: str) -> Version:
    """Publish a checked update as the new current version, if the version it was built on is still current.

    A :class:`DataError` when the update has errors; :class:`VersionConflict` (nothing stored)
    when another version became current after the check.
    """
    if update.dataset is None:
        raise DataError(update.report)
    return store.publish(update.dataset, update.files, author=author, comment=comment, base=update.base, unchanged=update.unchanged)


def rollback(store: Store, number: int, author: str, comment: str | None = None, base: int | None | Unchecked = UNCHECKED) -> Version:
    """Publish version ``number``'s data again as a new version (refused when ``base`` is no longer current)."""
    return store.rollback(number, author=author, comment=comment, base=base)


def seed(store: Store, paths: Sequence[Path | str], author: str = "system") -> Version | None:
    """Publish the files as version 1 when the store is empty; None when it already had data.

    Two processes starting together both read the files, but only one publishes: the other's
    publication, built on an empty store, is refused once the first has stored its version.
    """
    if store.current() is not None:
        return None
    sources, missing = read_paths(paths)
    if not missing.ok:
        raise DataError(missing)
    update = check(sources, None)
    if update.dataset is None:
        raise DataError(update.report)
    comment = "Første versjon fra " + ", ".join(name for name, _ in update.files)
    try:
        return publish(store, update, author, comment)
    except VersionConflict:
        return None
