"""Display tables: Norwegian column names and formatted values, ready for ``st.dataframe``.

Kept apart from the computations so that those stay numeric and testable on their own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from byr_data import compute, fmt
from byr_data.compute import JobStatus, JobTarget
from byr_data.dataset import Dataset, Version
from byr_data.model import SHEETS_BY_NAME, GoalLevel, status_label


def _plain(value: float | None, decimals: int = 1) -> str:
    """A figure without needless decimals: 6 -> "6", 2.5 -> "2,5", missing -> ""."""
    if value is None or pd.isna(value):
        return ""
    return fmt.number(float(value), decimals).removesuffix(",0")


def _region(code: object, names: Mapping[str, str]) -> str:
    return names.get(code, code) if isinstance(code, str) and code else "Hele regionen"


def goal_table(tree: pd.DataFrame, names: Mapping[str, str], jobs: JobStatus, target: JobTarget | None) -> pd.DataFrame:
    """The goal tree as rows: indented name, status with symbol, indicator start → now → target.

    The strategic goal's figures are the computed job growth, never typed-in values.
    """
    rows = []
    for _, goal in tree.iterrows():
        target_year = goal["target_year"]
        goal_text = _plain(goal["target_value"]) + ("" if pd.isna(target_year) else f" ({int(target_year)})")
        if goal["level"] == GoalLevel.STRATEGIC:
            start = "" if jobs.baseline_year is None else f"0 ({jobs.baseline_year})"
            now = "" if jobs.cumulative is None else f"{fmt.number(jobs.cumulative, signed=True)} ({jobs.cumulative_year})"
            if target is not None:
                goal_text = fmt.number(target.value, signed=True) + (" per år" if target.per_year else "") + (f" ({target.target_year})" if target.target_year else "")
            share = compute.strategic_progress(jobs, target)
        else:
            start, now, share = _plain(goal["start_value"]), _plain(goal["current_value"]), compute.indicator_progress(goal)
        rows.append({
            "Mål": "\u2003" * int(goal["depth"]) + f"{goal['id']} {goal['name']}",
            "Nivå": goal["level"],
            "Status": status_label(goal["status"]),
            "Indikator": goal["indicator"] if isinstance(goal["indicator"], str) else "",
            "Start": start,
            "Nå": now,
            "Målverdi": goal_text,
            "Fremdrift": None if share is None else max(min(share, 1.0), 0.0),
            "Kommune": _region(goal["municipality"], names),
            "Ansvarlig": goal["responsible"] if isinstance(goal["responsible"], str) else "",
        })
    return pd.DataFrame(rows, columns=["Mål", "Nivå", "Status", "Indikator", "Start", "Nå", "Målverdi", "Fremdrift", "Kommune", "Ansvarlig"])


def activity_table(activities: pd.DataFrame, names: Mapping[str, str], goal_names: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Activities with linked goals (ID and name) and municipalities written out."""
    goal_names = goal_names or {}
    return pd.DataFrame({
        "ID": activities["id"],
        "Aktivitet": activities["name"],
        "Status": activities["status"].map(status_label),
        "Fremdrift": activities["progress"].map(lambda p: None if pd.isna(p) else float(p) / 100),
        "Start": activities["start"].map(fmt.date),
        "Slutt": activities["end"].map(fmt.date),
        "Mål": activities["goal_ids"].map(lambda ids: "; ".join(f"{g} {goal_names.get(g, '')}".strip() for g in ids)),
        "Kommuner": activities["municipalities"].map(lambda c: ", ".join(names.get(x, x) for x in c) if c else "Hele regionen"),
        "Ansvarlig": activities["responsible"].fillna(""),
        "Kommentar": activities["comment"].fillna(""),
    }).reset_index(drop=True)


def attention_goal_table(goals: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "ID": goals["id"], "Mål": goals["name"], "Status": goals["status"].map(status_label),
        "Ansvarlig": goals["responsible"].fillna(""), "Kommentar": goals["comment"].fillna(""),
    }).reset_index(drop=True)


def late_activity_table(activities: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "ID": activities["id"], "Aktivitet": activities["name"], "Slutt": activities["end"].map(fmt.date),
        "Status": activities["status"].map(status_label), "Ansvarlig": activities["responsible"].fillna(""),
    }).reset_index(drop=True)


def budget_post_table(by_post: pd.DataFrame) -> pd.DataFrame:
    """Per post: original, revised, change and actual, in kroner."""
    table = pd.DataFrame({
        "Post": by_post.index,
        "Opprinnelig": by_post["original"].map(fmt.kroner).to_numpy(),
        "Revidert": by_post["revised"].map(fmt.kroner).to_numpy(),
        "Endring": by_post["change"].map(lambda v: fmt.kroner(v, signed=True)).to_numpy(),
        "Regnskap": by_post["actual"].map(fmt.kroner).to_numpy(),
    })
    total = by_post.sum(numeric_only=True)
    table.loc[len(table)] = ["Sum", fmt.kroner(total["original"]), fmt.kroner(total["revised"]),
                             fmt.kroner(total["change"], signed=True), fmt.kroner(total["actual"])]
    return table


def budget_change_table(changes: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "Dato": changes["date"].map(fmt.date), "Post": changes["post"],
        "Beløp": changes["amount"].map(lambda v: fmt.kroner(v, signed=True)),
        "Begrunnelse": changes["reason"].fillna(""), "Vedtatt av": changes["decided_by"].fillna(""),
    }).reset_index(drop=True)


def employment_table(totals: pd.DataFrame, names: Mapping[str, str]) -> pd.DataFrame:
    """Years as rows, municipalities as columns, figures written the Norwegian way."""
    wide = compute.employed_wide(totals)
    shown = wide.rename(columns=lambda c: names.get(c, c)).map(lambda v: _plain(v, 0))
    shown.index = shown.index.astype(int).astype(str)
    shown.index.name = "År"
    return shown.reset_index()


def net_change_table(region: pd.Series, per_municipality: pd.DataFrame, names: Mapping[str, str], region_label: str) -> pd.DataFrame:
    """Net change per year: the region first, then each municipality."""
    wide = per_municipality.pivot(index="year", columns="code", values="change").rename(columns=lambda c: names.get(c, c))
    wide.insert(0, region_label, region)
    wide = wide.sort_index()
    shown = wide.map(lambda v: "" if pd.isna(v) else fmt.number(v, signed=True))
    shown.index = shown.index.astype(int).astype(str)
    shown.index.name = "År"
    return shown.reset_index()


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


def expected_table(expected: pd.DataFrame) -> pd.DataFrame:
    """Growth at each comparison's rate against what the region had."""
    return pd.DataFrame({
        "Sammenlignet med": expected["name"].to_numpy(),
        "Deres vekst": [fmt.percent(r, 1, signed=True) for r in expected["rate"]],
        "Forventet vekst i regionen": [fmt.number(v, signed=True) for v in expected["expected"]],
        "Faktisk vekst i regionen": [fmt.number(v, signed=True) for v in expected["actual"]],
        "Forskjell": [fmt.number(v, signed=True) for v in expected["difference"]],
    })


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
        "- Fra 2015 bygger SSBs tall på a-ordningen; tallene før og etter er ikke helt sammenlignbare (markert i diagrammene).",
    ]
    for year in both_bases:
        lines.append(f"- **{year} på to grunnlag:** SSB har tall for {year} både på gammelt og på nytt grunnlag (a-ordningen). "
                     f"Nivået for {year} er på nytt grunnlag; endringen fra {year - 1} til {year} regnes med {year} på gammelt grunnlag, "
                     "så den ikke blandes med bruddet i statistikken.")
    if target is not None:
        if target.per_year:
            lines.append(f"- **Målet** er {fmt.number(target.value, signed=True)} netto nye arbeidsplasser per år: "
                         f"målbanen for år Å er {fmt.number(target.value)} × (Å − {baseline}).")
        else:
            lines.append(f"- **Målet** er {fmt.number(target.value, signed=True)} netto nye arbeidsplasser i alt innen {target.target_year}: "
                         f"målbanen går i rett linje fra 0 i {baseline} til {fmt.number(target.value)} i {target.target_year}.")
        if target.target_year:
            lines.append(f"- **Trengs per år** = (målbanen i {target.target_year} − veksten så langt) ÷ antall år igjen til {target.target_year}; "
                         "etter målåret vises hvor mye som manglet.")
    return "\n".join(lines)
