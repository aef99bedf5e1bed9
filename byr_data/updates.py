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
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from byr_data import diff
from byr_data.dataset import Dataset, Version
from byr_data.diff import TableDiff
from byr_data.errors import DataError, Report, Severity
from byr_data.headers import sheet_for_title
from byr_data.model import ABOUT, SHEETS, SHEETS_BY_NAME
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
    #: What publishing would change in ``base``, per table (empty when nothing was published or the files have errors).
    changes: tuple[TableDiff, ...] = ()
    #: The files would publish exactly ``base``'s data: nothing to publish.
    no_changes: bool = False
    #: Tables of ``base`` whose sheet the files have with only its header row: kept unless chosen to be emptied.
    blank: tuple[str, ...] = ()


#: Refused publications and rollbacks that would change nothing start with this.
NO_CHANGES = "Ingen endringer å publisere"


def no_changes_message(base: int | None) -> str:
    """Why a publication that changes nothing is refused."""
    return f"{NO_CHANGES}: dataene er de samme som i gjeldende versjon{f' (versjon {base})' if base is not None else ''}. Ingenting er lagret."


def changes(before: Dataset, after: Dataset, same: Collection[str] = ()) -> tuple[tuple[TableDiff, ...], bool]:
    """Every table's differences from ``before`` to ``after`` (tables in ``same`` known equal), and whether nothing differs at all."""
    found = tuple(diff.diff(before, after, same=same))
    return found, all(table.empty for table in found) and before.about == after.about


def _as_bytes(sources: Sequence[Source]) -> Files:
    return tuple((name, data if isinstance(data, bytes) else data.read()) for name, data in sources)


def _sheet_of(raw: RawSheet) -> str | None:
    sheet = raw.sheet or (sheet_for_title(raw.title) if raw.title is not None else None)
    return None if sheet is None else sheet.name


def check(sources: Sequence[Source], current: Dataset | None, today: dt.date | None = None, empty: Collection[str] = (),
          kinds: Kinds | None = None) -> Update:
    """The files as an update of ``current`` (None: nothing published, the files stand alone), validated.

    Every table the files bring rows for replaces the same table of ``current``; the others are
    carried over, so an SSB export alone updates the employment figures and nothing else, and a
    sheet with only its header row (the template as handed out) changes nothing. Only the
    tables named in ``empty`` (canonical names: "budget_changes") are emptied. The checks
    across sheets run on the result, so an activity pointing at a goal the new goal sheet no
    longer has is reported, and one pointing at a goal the current data has is accepted. ``kinds``: what SSB
    exports that do not say hold (see :func:`~byr_data.reading.read_workbook`).
    """
    files = _as_bytes(sources)
    base = current.version.number if current is not None and current.version is not None else None
    if current is None:
        result = load(files, today, empty=empty, kinds=kinds)
        return Update(result.dataset, result.report, None, files)
    workbooks, report = read_workbooks(files, kinds)
    refused = not report.ok
    if refused and not workbooks:
        return Update(None, report, base, files)
    if not any(_sheet_of(raw) is not None for _, raws in workbooks for raw in raws):
        report.add(Severity.ERROR, "Filene har ingen ark i dataformatet (for eksempel «Mål», «Budsjett» eller «Sysselsetting»). Sjekk at arkene har riktige navn.")
        return Update(None, report, base, files)
    dataset, found = validate(workbooks, today, carried=current, empty=empty)
    replaced = found.replaced  # in the order the files have them
    emptied = [sheet.name for sheet in SHEETS if sheet.name in empty]
    present = {*current.tables(), *([ABOUT.name] if current.about else [])}
    blank = tuple(name for name in found.blank if name in present)
    kept_blank = [name for name in blank if name not in emptied]
    carried = [name for name in present if name not in replaced and name not in emptied and name not in kept_blank]
    if replaced:
        report.add(Severity.INFO, "Erstattes av opplastingen: " + _headers(replaced) + ".")
    if emptied:
        report.add(Severity.INFO, "Tømmes i den nye versjonen (valgt): " + _headers(emptied) + ".")
    if kept_blank:
        report.add(Severity.INFO, "Beholdes fra dagens data fordi arket i filen er tomt: " + _headers(kept_blank) + ".")
    if carried:
        report.add(Severity.INFO, "Beholdes fra dagens data: " + ", ".join(f"«{h}»" for h in sorted(SHEETS_BY_NAME[n].header for n in carried)) + ".")
    report.extend(found)
    if refused:  # the other files' problems are listed too, but nothing is published without every file
        return Update(None, report, base, files, blank=blank)
    if dataset is None:
        _explain_carried_errors(report, current, [sheet.name for sheet in SHEETS if sheet.name in {*kept_blank, *carried}])
        return Update(None, report, base, files, blank=blank)
    before, after = current.tables(), dataset.tables()
    unchanged = tuple(n for n in after if n not in replaced and n not in emptied and n in before and _same(after[n], before[n]))
    found_changes, nothing = changes(current, dataset, same=unchanged)
    return Update(dataset, report, base, files, unchanged, found_changes, nothing, blank)


def _headers(names: Sequence[str]) -> str:
    return ", ".join(f"«{SHEETS_BY_NAME[n].header}»" for n in names)


def _explain_carried_errors(report: Report, current: Dataset, kept: Sequence[str]) -> None:
    """Errors in rows kept from the current data come from what the files change: say so, and what to do."""
    files = set(current.files)
    kept_headers = [SHEETS_BY_NAME[n].header for n in kept]
    hit = [h for h in kept_headers if any(p.sheet == h and p.file in files for p in report.errors)]
    if hit:
        sheets = _headers([n for n in kept if SHEETS_BY_NAME[n].header in hit])
        report.add(Severity.ERROR, f"Feilene i {sheets} gjelder rader i dagens data, som beholdes fordi opplastingen ikke har rader for arket. "
                   f"De kommer av det filene endrer: rett arkene du laster opp, eller last opp et rettet ark {sheets} sammen med dem.")




def _same(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    """The same columns, dtypes and values (blanks equal blanks)."""
    return a is b or list(a.columns) == list(b.columns) and a.dtypes.equals(b.dtypes) and a.equals(b)


def check_current(store: Store, sources: Sequence[Source], today: dt.date | None = None, empty: Collection[str] = (),
                  kinds: Kinds | None = None) -> Update:
    """The files checked as an update of the store's current version (see :func:`check`)."""
    version = store.current()
    return check(sources, None if version is None else store.dataset(version.number), today, empty, kinds)


def _refused(message: str) -> DataError:
    report = Report()
    report.add(Severity.ERROR, message)
    return DataError(report)


def publish(store: Store, update: Update, author: str, comment: str) -> Version:
    """Publish a checked update as the new current version, if the version it was built on is still current.

    A :class:`DataError` when the update has errors or changes nothing; :class:`VersionConflict`
    (nothing stored) when another version became current after the check.
    """
    if update.dataset is None:
        raise DataError(update.report)
    if update.no_changes:
        raise _refused(no_changes_message(update.base))
    return store.publish(update.dataset, update.files, author=author, comment=comment, base=update.base, unchanged=update.unchanged)


def rollback(store: Store, number: int, author: str, comment: str | None = None, base: int | None | Unchecked = UNCHECKED) -> Version:
    """Publish version ``number``'s data again as a new version (refused when ``base`` is no longer current,
    and when the data is the current data already)."""
    current = store.current()
    if current is not None and current.number != number:
        _, nothing = changes(store.dataset(current.number), store.dataset(number))
        if nothing:
            raise _refused(f"{NO_CHANGES}: versjon {number} har de samme dataene som gjeldende versjon (versjon {current.number}). Ingenting er lagret.")
    elif current is not None:
        raise _refused(f"{NO_CHANGES}: versjon {number} er gjeldende versjon. Ingenting er lagret.")
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
