"""Display tables: Norwegian column names and formatted values, ready for ``st.dataframe``.

Kept apart from the computations so that those stay numeric and testable on their own. A table
with columns of numbers is a :class:`DisplayTable`: the numbers themselves, each such column's
:class:`~byr_data.fmt.Style`, and the text the screen shows, so that the screen and the Excel
download (numbers as numbers, with a Norwegian number format) follow one definition.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from byr_data import compute, fmt
from byr_data.compute import JobTarget
from byr_data.dataset import Dataset, Version
from byr_data.fmt import Style
from byr_data.growth import SERIES_BREAK_SHORT, JobStory
from byr_data.model import SHEETS_BY_NAME, GoalLevel, status_label


@dataclass(frozen=True)
class DisplayTable:
    """A display table: ``values`` keep numbers (and dates) as they are, ``styles`` say how each such column is written, ``text`` is the screen's copy."""

    values: pd.DataFrame
    styles: Mapping[str, Style]
    text: pd.DataFrame

    @classmethod
    def of(cls, values: pd.DataFrame, styles: Mapping[str, Style]) -> DisplayTable:
        values = values.reset_index(drop=True)
        text = values.copy()
        for column, style in styles.items():
            text[column] = pd.Series([fmt.styled(v, style) for v in values[column]], index=values.index, dtype=object)
        return cls(values, dict(styles), text)

    def __len__(self) -> int:
        return len(self.values)


def _plain(value: float | None, decimals: int = 1) -> str:
    """A figure without needless decimals: 6 -> "6", 2.5 -> "2,5", missing -> ""."""
    if value is None or pd.isna(value):
        return ""
    return fmt.number(float(value), decimals).removesuffix(",0")


def _region(code: object, names: Mapping[str, str]) -> str:
    return names.get(code, code) if isinstance(code, str) and code else "Hele regionen"


def goal_table(tree: pd.DataFrame, names: Mapping[str, str], story: JobStory | None) -> pd.DataFrame:
    """The goal tree as rows: indented name, status with symbol, indicator start → now → target.

    The strategic goal's figures and status are computed from the employment data
    (:func:`byr_data.growth.job_story`), never typed-in values; a typed status that differs is
    shown beside it («✖ Forsinket (Meldt: I rute)»).
    """
    rows = []
    for _, goal in tree.iterrows():
        target_year = goal["target_year"]
        goal_text = _plain(goal["target_value"]) + ("" if pd.isna(target_year) else f" ({int(target_year)})")
        status = status_label(goal["status"])
        if goal["level"] == GoalLevel.STRATEGIC and story is not None:
            start = f"0 ({story.baseline})"
            now = "" if story.growth is None else f"{fmt.number(story.growth, signed=True)} ({story.last_year})"
            share = None
            if story.target is not None:
                target = story.target
                if story.target_year is not None:
                    goal_text = f"{fmt.number(story.target_at_target_year, signed=True)} ({story.target_year})"
                else:
                    goal_text = fmt.number(target.value, signed=True) + (" per år" if target.per_year else "")
                reached = story.growth_at_target_year if story.passed else story.growth
                whole = story.target_at_target_year if story.target_year is not None else story.path_to_date
                share = reached / whole if reached is not None and whole else None
            if story.shown_status is not None:
                status = status_label(story.shown_status) + (f" (Meldt: {story.reported})" if story.reported_differs else "")
        else:
            start, now, share = _plain(goal["start_value"]), _plain(goal["current_value"]), compute.indicator_progress(goal)
        rows.append({
            "Mål": "\u2003" * int(goal["depth"]) + f"{goal['id']} {goal['name']}",
            "Nivå": goal["level"],
            "Status": status,
            "Indikator": goal["indicator"] if isinstance(goal["indicator"], str) else "",
            "Start": start,
            "Nå": now,
            "Målverdi": goal_text,
            "Fremdrift": None if share is None else max(min(share, 1.0), 0.0),
            "Kommune": _region(goal["municipality"], names),
            "Ansvarlig": goal["responsible"] if isinstance(goal["responsible"], str) else "",
        })
    return pd.DataFrame(rows, columns=["Mål", "Nivå", "Status", "Indikator", "Start", "Nå", "Målverdi", "Fremdrift", "Kommune", "Ansvarlig"])


def activity_table(activities: pd.DataFrame, names: Mapping[str, str], goal_names: Mapping[str, str] | None = None) -> DisplayTable:
    """Activities with linked goals (ID and name) and municipalities written out."""
    goal_names = goal_names or {}
    table = pd.DataFrame({
        "ID": activities["id"],
        "Aktivitet": activities["name"],
        "Status": activities["status"].map(status_label),
        "Fremdrift": activities["progress"].map(lambda p: None if pd.isna(p) else float(p) / 100),
        "Start": activities["start"],
        "Slutt": activities["end"],
        "Mål": activities["goal_ids"].map(lambda ids: "; ".join(f"{g} {goal_names.get(g, '')}".strip() for g in ids)),
        "Kommuner": activities["municipalities"].map(lambda c: ", ".join(names.get(x, x) for x in c) if c else "Hele regionen"),
        "Ansvarlig": activities["responsible"].fillna(""),
        "Kommentar": activities["comment"].fillna(""),
    })
    return DisplayTable.of(table, {"Fremdrift": Style.SHARE, "Start": Style.DATE, "Slutt": Style.DATE})


def attention_goal_table(goals: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "ID": goals["id"], "Mål": goals["name"], "Status": goals["status"].map(status_label),
        "Ansvarlig": goals["responsible"].fillna(""), "Kommentar": goals["comment"].fillna(""),
    }).reset_index(drop=True)


def late_activity_table(activities: pd.DataFrame) -> DisplayTable:
    table = pd.DataFrame({
        "ID": activities["id"], "Aktivitet": activities["name"], "Slutt": activities["end"],
        "Status": activities["status"].map(status_label), "Ansvarlig": activities["responsible"].fillna(""),
    })
    return DisplayTable.of(table, {"Slutt": Style.DATE})


def budget_post_table(by_post: pd.DataFrame) -> DisplayTable:
    """Per post: original, revised, change and actual, in kroner, and the sum."""
    table = pd.DataFrame({
        "Post": by_post.index,
        "Opprinnelig": by_post["original"].to_numpy(),
        "Revidert": by_post["revised"].to_numpy(),
        "Endring": by_post["change"].to_numpy(),
        "Regnskap": by_post["actual"].to_numpy(),
    })
    total = by_post.sum(numeric_only=True)
    table.loc[len(table)] = ["Sum", total["original"], total["revised"], total["change"], total["actual"]]
    return DisplayTable.of(table, {"Opprinnelig": Style.KRONER, "Revidert": Style.KRONER, "Endring": Style.SIGNED_KRONER, "Regnskap": Style.KRONER})


def budget_change_table(changes: pd.DataFrame) -> DisplayTable:
    table = pd.DataFrame({
        "Dato": changes["date"], "Post": changes["post"], "Beløp": changes["amount"],
        "Begrunnelse": changes["reason"].fillna(""), "Vedtatt av": changes["decided_by"].fillna(""),
    })
    return DisplayTable.of(table, {"Dato": Style.DATE, "Beløp": Style.SIGNED_KRONER})


def employment_table(totals: pd.DataFrame, names: Mapping[str, str]) -> DisplayTable:
    """Years as rows, municipalities as columns, figures written the Norwegian way."""
    wide = compute.employed_wide(totals).rename(columns=lambda c: names.get(c, c))
    wide.index = wide.index.astype(int)
    wide.index.name = "År"
    values = wide.reset_index()
    return DisplayTable.of(values, {"År": Style.YEAR} | {c: Style.NUMBER for c in values.columns[1:]})


def net_change_table(region: pd.Series, per_municipality: pd.DataFrame, names: Mapping[str, str], region_label: str) -> DisplayTable:
    """Net change per year: the region first, then each municipality."""
    wide = per_municipality.pivot(index="year", columns="code", values="change").rename(columns=lambda c: names.get(c, c))
    wide.insert(0, region_label, region)
    wide = wide.sort_index()
    wide.index = wide.index.astype(int)
    wide.index.name = "År"
    values = wide.reset_index()
    return DisplayTable.of(values, {"År": Style.YEAR} | {c: Style.SIGNED for c in values.columns[1:]})


def table_counts(dataset: Dataset) -> pd.DataFrame:
    """Each sheet present with its number of data rows."""
    tables = dataset.tables()
    return pd.DataFrame({"Ark": [SHEETS_BY_NAME[name].header for name in tables], "Rader": [len(t) for t in tables.values()]})


def version_table(versions: Sequence[Version]) -> pd.DataFrame:
    """The version history: number, when, who, comment, files and rows per sheet."""
    return pd.DataFrame({
        "Versjon": [v.number for v in versions],
        "Publisert": [fmt.timestamp(v.created) for v in versions],
        "Av": [v.author for v in versions],
        "Kommentar": [v.comment + (f" (tilbakestilt til versjon {v.rollback_of})" if v.rollback_of else "") for v in versions],
        "Filer": [", ".join(v.files) for v in versions],
        "Rader": [", ".join(f"{sheet}: {rows}" for sheet, rows in v.row_counts.items()) for v in versions],
    })


def expected_table(expected: pd.DataFrame) -> DisplayTable:
    """Growth at each comparison's rate against what the region had."""
    table = pd.DataFrame({
        "Sammenlignet med": expected["name"].to_numpy(),
        "Deres vekst": expected["rate"].to_numpy(),
        "Forventet vekst i regionen": expected["expected"].to_numpy(),
        "Faktisk vekst i regionen": expected["actual"].to_numpy(),
        "Forskjell": expected["difference"].to_numpy(),
    })
    return DisplayTable.of(table, {"Deres vekst": Style.SIGNED_PERCENT, "Forventet vekst i regionen": Style.SIGNED,
                                   "Faktisk vekst i regionen": Style.SIGNED, "Forskjell": Style.SIGNED})


def method_text(target: JobTarget | None, baseline: int, mode: str, both_bases: Sequence[int] = ()) -> str:
    """How the job figures are counted, in plain Norwegian, for the page's «Slik regnes tallene».

    ``both_bases``: the years SSB's figures are given on both the old and the new basis (2015).
    """
    members = ("kommunene som var medlemmer det året (en kommune som gikk ut, teller til og med sitt siste medlemsår)"
               if mode == "members_each_year" else "dagens medlemmer, i alle år (likt med likt)")
    lines = [
        "- **Arbeidsplasser** er sysselsatte etter arbeidssted i 4. kvartal (SSB tabell 13470).",
        f"- **Netto endring** et år er summen av endringen fra året før for {members}.",
        "  Et år tas bare med når alle disse kommunene har tall for året og året før.",
        f"- **Netto vekst siden {baseline}** er summen av de årlige endringene etter {baseline}, fram til første år som mangler.",
        "- **Prosent** er endringen delt på de samme kommunenes arbeidsplasser året før.",
        f"- {SERIES_BREAK_SHORT[:-1]} (markert i diagrammene).",
    ]
    for year in both_bases:
        lines.append(f"- **{year} på to grunnlag:** SSB har tall for {year} både på gammelt og på nytt grunnlag (a-ordningen). "
                     f"Nivået for {year} er på nytt grunnlag; endringen fra {year - 1} til {year} regnes med {year} på gammelt grunnlag, "
                     "så den ikke blandes med bruddet i statistikken.")
    if target is not None:
        end = f" og stopper i målåret {target.target_year}" if target.target_year else ""
        if target.per_year:
            lines.append(f"- **Målet** er {fmt.number(target.value, signed=True)} netto nye arbeidsplasser per år: "
                         f"målbanen for år Å er {fmt.number(target.value)} × (Å − {baseline}){end}.")
        elif target.target_year:
            lines.append(f"- **Målet** er {fmt.number(target.value, signed=True)} netto nye arbeidsplasser i alt til {target.target_year}: "
                         f"målbanen går i rett linje fra 0 i {baseline} til {fmt.number(target.value)} i {target.target_year}.")
        else:
            lines.append(f"- **Målet** er {fmt.number(target.value, signed=True)} netto nye arbeidsplasser i alt, uten målår.")
        if target.target_year:
            lines.append(f"- **Trengs per år** = (målet for {target.target_year} − veksten så langt) ÷ antall år igjen til {target.target_year}; "
                         f"etter målåret vises veksten i {target.target_year} mot målet («Mangler til målet» eller «Over målet»).")
        lines.append("- **Status for målet** regnes fra tallene: *Nådd* når veksten i målåret (før målåret: nå) har nådd målet; "
                     "*I rute* når veksten så langt er minst målbanen; ellers *Risiko* før målåret og *Forsinket* etter. "
                     "Er statusen i dataene en annen, står den som «Meldt».")
    return "\n".join(lines)
