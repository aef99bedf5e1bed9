"""The validated data: canonical tables the computations trust, and the published version they belong to."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from byr_data.model import GoalLevel


@dataclass(frozen=True)
class Version:
    """One published version of the data."""

    number: int
    created: dt.datetime  # UTC, tz-aware
    author: str
    comment: str
    files: tuple[str, ...]
    row_counts: dict[str, int]
    rollback_of: int | None


@dataclass(frozen=True, eq=False)
class Dataset:
    """All tables of one load; a table is None when no file had its sheet.

    Every table has the canonical column names of :mod:`byr_data.model` plus ``_file`` and
    ``_row``: where the row came from, so the detail behind a number can be shown.
    """

    files: tuple[str, ...]
    #: Identifies the content, for caches: same token, same data (nothing else: not a version number).
    token: str = ""
    #: The published version this data is (None: read from files, or not published yet).
    version: Version | None = None
    about: dict[str, str] = field(default_factory=dict)
    municipalities: pd.DataFrame | None = None
    goals: pd.DataFrame | None = None
    measurements: pd.DataFrame | None = None
    activities: pd.DataFrame | None = None
    budget: pd.DataFrame | None = None
    budget_changes: pd.DataFrame | None = None
    employment: pd.DataFrame | None = None
    population: pd.DataFrame | None = None

    @property
    def region_name(self) -> str:
        return self.about.get("Region") or "Regionen"

    @property
    def is_sample(self) -> bool:
        """True when the data says its figures are illustrative."""
        return (self.about.get("Eksempeldata") or "").strip().casefold() in {"ja", "j", "yes", "x", "true"}

    @property
    def source(self) -> str:
        return self.about.get("Kilde") or ""

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables that are present, by canonical sheet name."""
        names = ("municipalities", "goals", "measurements", "activities", "budget", "budget_changes", "employment", "population")
        return {n: getattr(self, n) for n in names if getattr(self, n) is not None}

    def strategic_goal(self) -> pd.Series | None:
        """The one goal on level «Strategisk mål», if any."""
        if self.goals is None:
            return None
        strategic = self.goals[self.goals["level"] == GoalLevel.STRATEGIC]
        return strategic.iloc[0] if len(strategic) == 1 else None
