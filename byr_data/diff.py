"""What changes between two versions of the data: rows added, removed and changed, per table."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import pandas as pd

from byr_data import fmt
from byr_data.dataset import Dataset
from byr_data.model import SHEETS_BY_NAME, Kind

#: The key that identifies a row of each table (the same row in two versions).
KEYS: dict[str, tuple[str, ...]] = {
    "municipalities": ("code",),
    "goals": ("id",),
    "measurements": ("goal_id", "year"),
    "activities": ("id",),
    "budget": ("year", "post", "funding"),
    "budget_changes": ("date", "post", "amount"),
    "employment": ("code", "year", "industry"),
    "population": ("code", "year"),
}


@dataclass(frozen=True)
class TableDiff:
    """The differences in one table, with Norwegian column names for display."""

    name: str
    added: pd.DataFrame
    removed: pd.DataFrame
    changed: pd.DataFrame  # key columns, then «<kolonne> før» and «<kolonne> nå» for each changed value

    @property
    def header(self) -> str:
        return SHEETS_BY_NAME[self.name].header

    @property
    def empty(self) -> bool:
        return self.added.empty and self.removed.empty and self.changed.empty

    def summary(self) -> str:
        """«3 nye, 1 fjernet, 2 endret» (or «ingen endringer»)."""
        parts = [f"{len(self.added)} nye" if len(self.added) else "", f"{len(self.removed)} fjernet" if len(self.removed) else "",
                 f"{len(self.changed)} endret" if len(self.changed) else ""]
        return ", ".join(p for p in parts if p) or "ingen endringer"


def _data_columns(table: pd.DataFrame) -> list[str]:
    return [c for c in table.columns if not c.startswith("_") and c != "kind"]


def _comparable(value: object) -> object:
    """Missing values compare equal to each other; lists compare by content."""
    if isinstance(value, (tuple, list)):
        return tuple(value)
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _display(value: object, number: bool = False) -> object:
    """A value as the user reads it: lists joined, dates dd.mm.yyyy, amounts «2 250 000»."""
    value = _comparable(value)
    if isinstance(value, tuple):
        return ", ".join(map(str, value))
    if isinstance(value, pd.Timestamp):
        return fmt.date(value)
    if number and isinstance(value, (int, float)):
        return fmt.number(value, 0 if float(value).is_integer() else 2)
    return "" if value is None else value


def _numbers(name: str) -> set[str]:
    """Columns holding amounts and counts (not years), shown with thousands separated."""
    return {c.name for c in SHEETS_BY_NAME[name].columns if c.kind in (Kind.NUMBER, Kind.PERCENT)}


def _headers(name: str) -> dict[str, str]:
    return {c.name: c.header for c in SHEETS_BY_NAME[name].columns}


def _frame(rows: pd.DataFrame, columns: list[str], headers: dict[str, str], numbers: set[str]) -> pd.DataFrame:
    shown = pd.DataFrame({headers.get(c, c): rows[c].map(lambda v, n=c in numbers: _display(v, n)).to_numpy() for c in columns},
                         columns=[headers.get(c, c) for c in columns])
    return shown.reset_index(drop=True)


def _same(before: pd.Series, after: pd.Series) -> pd.Series:
    """Equal values, two missing values counting as equal; lists compare by content."""
    if before.dtype == object or after.dtype == object:
        before, after = before.map(_comparable), after.map(_comparable)
    return (before.isna() & after.isna()) | (before == after).fillna(False).astype(bool)  # a value against a missing one: not equal


def diff_table(name: str, old: pd.DataFrame | None, new: pd.DataFrame | None) -> TableDiff:
    """Rows added, removed and changed between two versions of one table (vectorised: tables can be large)."""
    headers = _headers(name)
    numbers = _numbers(name)
    keys = list(KEYS[name])
    reference = new if new is not None else old
    if reference is None:
        raise ValueError(f"diff_table({name!r}): neither version has the table")
    columns = _data_columns(reference)
    empty = pd.DataFrame(columns=[headers.get(c, c) for c in columns])
    old = old[columns].drop_duplicates(keys) if old is not None else reference[columns].iloc[0:0]
    new = new[columns].drop_duplicates(keys) if new is not None else reference[columns].iloc[0:0]
    merged = old.merge(new, on=keys, how="outer", suffixes=(" før", " nå"), indicator=True)
    added = merged[merged["_merge"] == "right_only"]
    removed = merged[merged["_merge"] == "left_only"]
    both = merged[merged["_merge"] == "both"]
    values = [c for c in columns if c not in keys]
    differs = {c: ~_same(both[f"{c} før"], both[f"{c} nå"]) for c in values}
    any_change = pd.concat(differs.values(), axis=1).any(axis=1) if differs else pd.Series(False, index=both.index)
    changed_rows = both[any_change]
    records = []
    for index, row in changed_rows.iterrows():
        entry: dict[str, object] = {headers.get(k, k): _display(row[k], k in numbers) for k in keys}
        for column in values:
            if differs[column].loc[index]:
                entry[f"{headers.get(column, column)} før"] = _display(row[f"{column} før"], column in numbers)
                entry[f"{headers.get(column, column)} nå"] = _display(row[f"{column} nå"], column in numbers)
        records.append(entry)
    rename_new = {f"{c} nå": c for c in values}
    rename_old = {f"{c} før": c for c in values}
    return TableDiff(
        name,
        _frame(added.rename(columns=rename_new), columns, headers, numbers) if len(added) else empty,
        _frame(removed.rename(columns=rename_old), columns, headers, numbers) if len(removed) else empty,
        pd.DataFrame(records),
    )


def _unchanged(name: str, table: pd.DataFrame) -> TableDiff:
    """What :func:`diff_table` gives for a table known equal in both versions, without merging empty frames
    (about 30 ms a table: a small publish at scale spent most of its time there)."""
    headers = _headers(name)
    empty = pd.DataFrame(columns=[headers.get(c, c) for c in _data_columns(table)])
    return TableDiff(name, empty, empty, pd.DataFrame())


def diff(old: Dataset | None, new: Dataset, same: Collection[str] = ()) -> list[TableDiff]:
    """Every table's differences, in the format's sheet order (tables in neither version left out).

    Tables named in ``same`` are known to be equal in both (carried over): not compared again.
    """
    result = []
    for name in KEYS:
        before = getattr(old, name) if old is not None else None
        after = getattr(new, name)
        if before is None and after is None:
            continue
        if name in same and after is not None:
            result.append(_unchanged(name, after))
            continue
        result.append(diff_table(name, before, after))
    return result


def status_changes(old: pd.DataFrame | None, new: pd.DataFrame | None) -> pd.DataFrame:
    """Rows of ``new`` (goals or activities) that are new or whose status differs in ``old``.

    Columns id, name, added (True for a row ``old`` does not have), before (the status in
    ``old``; None for an added row) and status, in ``new``'s order. Empty when either version
    lacks the table. The one place that decides what changed status: the overview's
    highlights, the report and meeting screen 4 only word it.
    """
    columns = ["id", "name", "added", "before", "status"]
    if old is None or new is None:
        return pd.DataFrame(columns=columns)
    before = dict(zip(old["id"], old["status"], strict=True))
    rows = [(row_id, name, row_id not in before, before.get(row_id), status)
            for row_id, name, status in zip(new["id"], new["name"], new["status"], strict=True)
            if row_id not in before or before[row_id] != status]
    return pd.DataFrame(rows, columns=columns, dtype=object).astype({"added": bool})


def highlights(old: Dataset | None, new: Dataset) -> list[str]:
    """What changed in a publish or a rollback, as short Norwegian lines for the overview: every change.

    Statuses, budget changes and new employment years are named one by one; whatever else
    changed in a table is counted in one line for it, so a rollback that removes a budget
    change or a year of figures says so.
    """
    if old is None:
        return []
    lines: list[str] = []
    tables = {table.name: table for table in diff(old, new)}
    for what, name in (("Aktivitet", "activities"), ("Mål", "goals")):
        changed = status_changes(getattr(old, name), getattr(new, name))
        lines += [f"{what} {row_id} «{title}»: {before} → {status}"
                  for row_id, title, added, before, status in changed.itertuples(index=False) if not added]
        if name in tables:
            lines += _row_lines(tables[name], what)
    if "budget_changes" in tables:
        changes = tables["budget_changes"]
        lines += [f"Ny budsjettendring {row['Dato']}: {row['Post']} {row['Beløp']} kr" for _, row in changes.added.iterrows()]
        lines += [f"Budsjettendring {row['Dato']} er fjernet: {row['Post']} {row['Beløp']} kr" for _, row in changes.removed.iterrows()]
        if len(changes.changed):
            lines.append(f"«{changes.header}»: {len(changes.changed)} endret")
    if "employment" in tables:
        lines += _employment_lines(old, new, tables["employment"])
    for table in tables.values():
        if table.name not in ("activities", "goals", "budget_changes", "employment") and not table.empty:
            lines.append(f"«{table.header}»: {table.summary()}")
    for field in dict.fromkeys([*old.about, *new.about]):
        before, after = old.about.get(field, ""), new.about.get(field, "")
        if before != after:
            lines.append(f"«Om» {field}: «{before}» → «{after}»")
    return lines


def _row_lines(table: TableDiff, what: str) -> list[str]:
    """Goals or activities added or removed, and how many changed in more than their status."""
    headers = _headers(table.name)
    noun = "Nytt mål" if what == "Mål" else "Ny aktivitet"
    lines = [f"{noun} {row[headers['id']]} «{row[headers['name']]}»" for _, row in table.added.iterrows()]
    lines += [f"{what} {row[headers['id']]} «{row[headers['name']]}» er fjernet" for _, row in table.removed.iterrows()]
    status = f"{headers['status']} før"
    others = [c for c in table.changed.columns if c.endswith(" før") and c != status]
    count = int(table.changed[others].notna().any(axis=1).sum()) if others else 0
    if count:
        lines.append(f"«{table.header}»: {count} endret (annet enn status)")
    return lines


def _employment_lines(old: Dataset, new: Dataset, table: TableDiff) -> list[str]:
    """Years of employment figures added or removed, and any other change counted."""
    def years(dataset: Dataset) -> set[int]:
        return set(dataset.employment["year"].dropna().astype(int)) if dataset.employment is not None else set()

    before, after = years(old), years(new)
    added, removed = sorted(after - before), sorted(before - after)
    lines = []
    if added:
        lines.append("Nye sysselsettingstall for " + ", ".join(map(str, added)))
    if removed:
        lines.append("Sysselsettingstall fjernet for " + ", ".join(map(str, removed)))
    year = _headers("employment")["year"]
    rest = TableDiff(table.name, table.added[~table.added[year].isin(added)], table.removed[~table.removed[year].isin(removed)], table.changed)
    if not rest.empty:
        lines.append(f"«{table.header}»: {rest.summary()}")
    return lines
