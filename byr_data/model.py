"""The data contract: sheets, columns, canonical values and municipality codes.

Everything a user reads here is Norwegian; identifiers are English.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class GoalLevel(enum.StrEnum):
    STRATEGIC = "Strategisk mål"
    MAIN = "Hovedmål"
    SUB = "Delmål"


class GoalStatus(enum.StrEnum):
    NOT_STARTED = "Ikke startet"
    ON_TRACK = "I rute"
    AT_RISK = "Risiko"
    LATE = "Forsinket"
    ACHIEVED = "Nådd"


class ActivityStatus(enum.StrEnum):
    PLANNED = "Planlagt"
    STARTED = "Påbegynt"
    DONE = "Gjennomført"
    POSTPONED = "Utsatt"
    CANCELLED = "Avlyst"


#: Statuses that need the council's attention.
ATTENTION_GOAL_STATUSES = (GoalStatus.AT_RISK, GoalStatus.LATE)
#: An activity in one of these is finished and can no longer be late.
CLOSED_ACTIVITY_STATUSES = (ActivityStatus.DONE, ActivityStatus.CANCELLED)

#: Symbols shown beside a status, so that status is never told by colour alone (WCAG 1.4.1).
STATUS_SYMBOLS: dict[str, str] = {
    GoalStatus.NOT_STARTED: "○",
    GoalStatus.ON_TRACK: "✔",
    GoalStatus.AT_RISK: "⚠",
    GoalStatus.LATE: "✖",
    GoalStatus.ACHIEVED: "★",
    ActivityStatus.PLANNED: "○",
    ActivityStatus.STARTED: "▶",
    ActivityStatus.DONE: "✔",
    ActivityStatus.POSTPONED: "‖",
    ActivityStatus.CANCELLED: "✖",
}

#: Colours chosen for contrast against white (all ≥ 3:1 for graphics, WCAG 1.4.11).
STATUS_COLOURS: dict[str, str] = {
    GoalStatus.NOT_STARTED: "#6b6b6b",
    GoalStatus.ON_TRACK: "#1a7f37",
    GoalStatus.AT_RISK: "#b35900",
    GoalStatus.LATE: "#c1121f",
    GoalStatus.ACHIEVED: "#0b5cad",
    ActivityStatus.PLANNED: "#6b6b6b",
    ActivityStatus.STARTED: "#0b5cad",
    ActivityStatus.DONE: "#1a7f37",
    ActivityStatus.POSTPONED: "#b35900",
    ActivityStatus.CANCELLED: "#8a1c7c",
}


def status_label(status: str) -> str:
    """The status with its symbol, e.g. "⚠ Risiko"."""
    symbol = STATUS_SYMBOLS.get(status)
    return f"{symbol} {status}" if symbol else str(status)


class Kind(enum.Enum):
    """How a column's cells are read."""

    TEXT = "text"
    ID = "id"
    INT = "int"  # years
    NUMBER = "number"
    DATE = "date"
    CODE = "code"  # one municipality code
    CODES = "codes"  # several municipality codes
    IDS = "ids"  # several goal IDs
    PERCENT = "percent"  # 70, "70 %", or 0.7 in a cell formatted as per cent
    REGION = "region"  # region of a statistic (employment, population): municipality, county or country
    GOAL_LEVEL = "goal_level"
    GOAL_STATUS = "goal_status"
    ACTIVITY_STATUS = "activity_status"


@dataclass(frozen=True)
class Column:
    """One column of a sheet: its Norwegian header, field name and how it is read."""

    header: str
    name: str
    kind: Kind
    required: bool = False
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Sheet:
    """One sheet of the workbook format."""

    header: str
    name: str
    columns: tuple[Column, ...]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


C, K = Column, Kind

ABOUT = Sheet("Om", "about", (C("Felt", "field", K.TEXT, True), C("Verdi", "value", K.TEXT, True)))
MUNICIPALITIES = Sheet(
    "Kommuner",
    "municipalities",
    (
        C("Kommunenummer", "code", K.CODE, True, aliases=("Kommunenr", "Kommune nr", "Knr", "Kommunekode")),
        C("Kommune", "name", K.TEXT, True, aliases=("Kommunenavn", "Navn")),
        C("Medlem fra", "member_from", K.INT, aliases=("Medlem fra år", "Fra år", "Fra")),
        C("Medlem til", "member_to", K.INT, aliases=("Medlem til år", "Til år", "Til")),
    ),
)
GOALS = Sheet(
    "Mål",
    "goals",
    (
        C("ID", "id", K.ID, True, aliases=("Mål ID", "MålID", "Målnr", "Nr")),
        C("Nivå", "level", K.GOAL_LEVEL, True, aliases=("Nivaa", "Målnivå")),
        C("Overordnet", "parent", K.ID, aliases=("Overordnet mål", "Overordnet ID", "Overordnet mål ID")),
        C("Navn", "name", K.TEXT, True, aliases=("Mål", "Målnavn", "Målformulering")),
        C("Indikator", "indicator", K.TEXT),
        C("Enhet", "unit", K.TEXT),
        C("Startverdi", "start_value", K.NUMBER, aliases=("Start verdi", "Utgangsverdi")),
        C("Startår", "start_year", K.INT, aliases=("Start år", "Basisår")),
        C("Nåverdi", "current_value", K.NUMBER, aliases=("Nå verdi", "Nåværende verdi")),
        C("Nåverdi år", "current_year", K.INT, aliases=("Nåverdiår", "År nåverdi")),
        C("Målverdi", "target_value", K.NUMBER, aliases=("Mål verdi",)),
        C("Målår", "target_year", K.INT, aliases=("Mål år",)),
        C("Status", "status", K.GOAL_STATUS, True),
        C("Ansvarlig", "responsible", K.TEXT, aliases=("Ansvar",)),
        C("Kommune", "municipality", K.CODE, aliases=("Kommunenr", "Kommunenummer")),
        C("Kommentar", "comment", K.TEXT),
    ),
)
MEASUREMENTS = Sheet(
    "Måleverdier",
    "measurements",
    (
        C("Mål-ID", "goal_id", K.ID, True, aliases=("Mål",)),
        C("År", "year", K.INT, True),
        C("Verdi", "value", K.NUMBER, True),
        C("Kommentar", "comment", K.TEXT),
    ),
)
ACTIVITIES = Sheet(
    "Aktiviteter",
    "activities",
    (
        C("ID", "id", K.ID, True, aliases=("Aktivitet ID", "Aktivitetsnr", "Nr")),
        C("Aktivitet", "name", K.TEXT, True, aliases=("Aktivitetsnavn", "Tiltak", "Navn")),
        C("Mål-ID", "goal_ids", K.IDS, aliases=("Mål", "Mål IDer", "Mål ID er", "Knyttet til mål")),
        C("Kommune", "municipalities", K.CODES, aliases=("Kommuner", "Kommunenr")),
        C("Ansvarlig", "responsible", K.TEXT, aliases=("Ansvar",)),
        C("Start", "start", K.DATE, aliases=("Startdato", "Oppstart", "Fra dato")),
        C("Slutt", "end", K.DATE, aliases=("Sluttdato", "Frist", "Til dato")),
        C("Status", "status", K.ACTIVITY_STATUS, True),
        C("Fremdrift", "progress", K.PERCENT, aliases=("Fremdrift i prosent", "Fremdrift prosent", "Progresjon")),
        C("Kommentar", "comment", K.TEXT),
    ),
)
BUDGET = Sheet(
    "Budsjett",
    "budget",
    (
        C("År", "year", K.INT, True, aliases=("Budsjettår",)),
        C("Post", "post", K.TEXT, True, aliases=("Budsjettpost", "Kostnadspost")),
        C("Finansiering", "funding", K.TEXT, aliases=("Finansieringskilde", "Finansiert av")),
        C("Opprinnelig", "original", K.NUMBER, aliases=("Opprinnelig budsjett", "Vedtatt budsjett", "Budsjett")),
        C("Revidert", "revised", K.NUMBER, aliases=("Revidert budsjett",)),
        C("Regnskap", "actual", K.NUMBER, aliases=("Forbruk", "Regnskap hittil", "Faktisk")),
    ),
)
BUDGET_CHANGES = Sheet(
    "Budsjettendringer",
    "budget_changes",
    (
        C("Dato", "date", K.DATE, True, aliases=("Vedtaksdato",)),
        C("År", "year", K.INT),
        C("Post", "post", K.TEXT, True, aliases=("Budsjettpost",)),
        C("Beløp", "amount", K.NUMBER, True, aliases=("Endring", "Endring i kroner")),
        C("Begrunnelse", "reason", K.TEXT, aliases=("Årsak",)),
        C("Vedtatt av", "decided_by", K.TEXT, aliases=("Vedtatt", "Vedtak")),
    ),
)
EMPLOYMENT = Sheet(
    "Sysselsetting",
    "employment",
    (
        C("Kommunenummer", "code", K.REGION, True, aliases=("Region", "Kommunenr", "Kommune nr", "Knr", "Kommunekode")),
        C("År", "year", K.INT, True, aliases=("Tid", "Aar")),
        C("Sysselsatte", "employed", K.NUMBER, True, aliases=("Sysselsatte personer", "Antall sysselsatte", "Arbeidsplasser")),
        C("Næring", "industry", K.TEXT, aliases=("Næring SN2007", "Næringer")),
        C("Kommune", "name", K.TEXT, aliases=("Kommunenavn",)),
        # SSB published 2015 on the old and on the new basis (a-ordningen): «gammelt» marks the old
        # one where both are given; blank (or «nytt») is the series itself.
        C("Grunnlag", "basis", K.TEXT, aliases=("Datagrunnlag",)),
    ),
)
POPULATION = Sheet(
    "Befolkning",
    "population",
    (
        C("Kommunenummer", "code", K.REGION, True, aliases=("Region", "Kommunenr", "Kommune nr", "Knr", "Kommunekode")),
        C("År", "year", K.INT, True, aliases=("Tid", "Aar")),
        C("Innbyggere", "population", K.NUMBER, True, aliases=("Antall innbyggere", "Innbyggertall", "Folkemengde", "Befolkning", "Personer")),
        C("Kommune", "name", K.TEXT, aliases=("Kommunenavn",)),
    ),
)

SHEETS: tuple[Sheet, ...] = (
    ABOUT,
    MUNICIPALITIES,
    GOALS,
    MEASUREMENTS,
    ACTIVITIES,
    BUDGET,
    BUDGET_CHANGES,
    EMPLOYMENT,
    POPULATION,
)
SHEETS_BY_NAME: dict[str, Sheet] = {s.name: s for s in SHEETS}
#: Other names people give the sheets (matched like headers: case, spaces and punctuation aside).
SHEET_ALIASES: dict[str, tuple[str, ...]] = {
    "about": ("Om dataene", "Info"),
    "municipalities": ("Kommune", "Medlemskommuner", "Medlemmer"),
    "goals": ("Maal", "Mal", "Målstruktur", "Målkart"),
    "measurements": ("Måleverdi", "Indikatorverdier", "Målinger"),
    "activities": ("Aktivitet", "Tiltak"),
    "budget": ("Budsjetter",),
    "budget_changes": ("Budsjettendring", "Endringer"),
    "employment": ("Sysselsatte", "Arbeidsplasser"),
    "population": ("Folkemengde", "Innbyggere", "Befolkningstall"),
}

#: Pre-2020 (Hedmark) codes of the region's municipalities and their successors in Innlandet.
OLD_TO_NEW_CODES: dict[str, str] = {
    "0402": "3401",
    "0418": "3414",
    "0419": "3415",
    "0420": "3416",
    "0423": "3417",
    "0425": "3418",
    "0426": "3419",
}
#: County numbers that have existed (01–12, 14–20, 30–34, 38–40, 42, 46, 50, 54–56): the first
#: two digits of every Norwegian municipality code are one of them.
COUNTY_NUMBERS: frozenset[str] = frozenset(
    f"{n:02d}" for n in [*range(1, 13), *range(14, 21), *range(30, 35), 38, 39, 40, 42, 46, 50, 54, 55, 56]
)

#: Regions in SSB's tables that are not counties: Svalbard (21), Jan Mayen (22), the continental
#: shelf (23). Accepted as comparison series in employment and population data only.
SSB_SPECIAL_REGIONS: frozenset[str] = frozenset({"21", "22", "23"})

#: The «Grunnlag» of SSB's 2015 figures on the old basis (before a-ordningen), where both are given.
OLD_BASIS = "gammelt"

#: Regions in SSB's code lists that are neither a municipality, a county nor the country, and are
#: skipped when an export is read: the historic county Bergen (13, up to 1971), abroad (25), sea
#: areas (26), not resident in Norway (88) and county unknown (99); municipality-level codes
#: under 25, 26, 88 and 99 likewise.
SSB_SKIPPED_REGIONS: frozenset[str] = frozenset({"13", "25", "26", "88", "99"})

#: Names for the codes the region uses, for when a sheet gives none.
KNOWN_NAMES: dict[str, str] = {
    "3401": "Kongsvinger",
    "3414": "Nord-Odal",
    "3415": "Sør-Odal",
    "3416": "Eidskog",
    "3417": "Grue",
    "3418": "Åsnes",
    "3419": "Våler",
    "34": "Innlandet",
    "04": "Hedmark",
    "0": "Hele landet",
}

#: Words in a strategic goal's unit that make its target a yearly one.
PER_YEAR_MARKERS = ("per år", "pr. år", "pr år", "/år")

#: Industry labels that mean "all industries" (the total row of SSB's table 13470).
TOTAL_INDUSTRY_LABELS = ("", "alle næringer", "00-99", "00-99 alle næringer", "i alt", "totalt", "alle næringar", "00-99 alle næringar")

