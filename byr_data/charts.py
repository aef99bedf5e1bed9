"""Chart builders: plotly figures with Norwegian labels, readable on a projector.

Every figure has a title that says what it shows; status is told by text and symbol as well
as colour; numbers use Norwegian separators (space for thousands, comma for decimals).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from byr_data import fmt
from byr_data.compute import JobTarget
from byr_data.model import STATUS_COLOURS, status_label

FONT_SIZE = 18
SERIES_BREAK_YEAR = 2015
#: Distinct line colours after Okabe–Ito, darkened where needed so each has contrast ≥ 3:1
#: on white (WCAG 1.4.11); lines also carry markers and names, never colour alone.
PALETTE = ("#0072B2", "#D55E00", "#007A5E", "#A6529A", "#8C6D00", "#3a87c8", "#000000", "#B04A00")
POSITIVE, NEGATIVE, TARGET = "#1a7f37", "#c1121f", "#444444"


def _layout(fig: go.Figure, title: str, x_title: str | None = None, y_title: str | None = None, height: int = 460) -> go.Figure:
    fig.update_layout(
        title={"text": title, "font": {"size": FONT_SIZE + 4}, "x": 0, "xanchor": "left"},
        font={"size": FONT_SIZE, "color": "#1a1a1a"},
        separators=", ",  # decimal comma, space between thousands
        # No template: plotly's templates cost several ms per chart on every rerun; the few
        # styles we want are set here instead.
        template="none",
        paper_bgcolor="white",
        plot_bgcolor="white",
        colorway=PALETTE,
        height=height,
        margin={"l": 10, "r": 10, "t": 70, "b": 10},
        legend={"font": {"size": FONT_SIZE - 2}},
        hoverlabel={"font": {"size": FONT_SIZE - 2}},
    )
    fig.update_xaxes(gridcolor="#e3e3e3", linecolor="#666666", zerolinecolor="#666666", automargin=True)
    fig.update_yaxes(gridcolor="#e3e3e3", linecolor="#666666", zerolinecolor="#666666", automargin=True)
    if x_title is not None:
        fig.update_xaxes(title_text=x_title)
    if y_title is not None:
        fig.update_yaxes(title_text=y_title)
    return fig


def _mark_series_break(fig: go.Figure, years: pd.Index | list[int]) -> None:
    """SSB changed source in 2015 (a-ordningen): say so on charts spanning it."""
    if len(years) and min(years) < SERIES_BREAK_YEAR <= max(years):
        fig.add_vline(x=SERIES_BREAK_YEAR - 0.5, line_dash="dot", line_color="#555555")
        fig.add_annotation(
            x=SERIES_BREAK_YEAR - 0.5, y=1, yref="paper", text="Brudd i statistikken 2015",
            showarrow=False, xanchor="left", yanchor="bottom", font={"size": FONT_SIZE - 4, "color": "#333333"},
        )


def _years_axis(fig: go.Figure) -> None:
    fig.update_xaxes(tickformat="d", dtick=2)


def employment_lines(totals: pd.DataFrame, names: Mapping[str, str], title: str = "Sysselsatte per kommune (arbeidssted, 4. kvartal)") -> go.Figure:
    """One line per municipality: employed persons over time."""
    fig = go.Figure()
    for i, (code, rows) in enumerate(totals.groupby("code", sort=False)):
        fig.add_trace(go.Scatter(
            x=rows["year"].astype(int), y=rows["employed"], mode="lines+markers", name=names.get(code, code),
            line={"color": PALETTE[i % len(PALETTE)], "width": 3},
            hovertemplate="%{x}: %{y:,.0f} sysselsatte<extra>" + names.get(code, code) + "</extra>",
        ))
    _layout(fig, title, "År", "Sysselsatte")
    _years_axis(fig)
    _mark_series_break(fig, list(totals["year"].astype(int)))
    return fig


def net_change_bars(net_change: pd.Series, title: str, target_per_year: float | None = None) -> go.Figure:
    """The region's net change per year as bars, green up and red down, with the value written on each."""
    years = [int(y) for y in net_change.index]
    values = net_change.to_list()
    fig = go.Figure(go.Bar(
        x=years, y=values, name="Netto endring",
        marker_color=[POSITIVE if v >= 0 else NEGATIVE for v in values],
        text=[fmt.number(v, signed=True) for v in values], textposition="outside",
        hovertemplate="%{x}: %{text} arbeidsplasser<extra></extra>",
    ))
    if target_per_year is not None:
        fig.add_hline(y=target_per_year, line_dash="dash", line_color=TARGET,
                      annotation_text=f"Mål: {fmt.number(target_per_year, signed=True)} per år", annotation_position="top left")
    _layout(fig, title, "År", "Netto endring i arbeidsplasser")
    _years_axis(fig)
    fig.update_yaxes(zeroline=True, zerolinewidth=2, zerolinecolor="#333333")
    _mark_series_break(fig, years)
    return fig


def change_by_municipality(changes: pd.DataFrame, names: Mapping[str, str], year_from: int, year_to: int) -> go.Figure:
    """Net change per municipality over a period, as horizontal bars with the value written."""
    rows = changes.sort_values("change")
    labels = [names.get(c, c) for c in rows["code"]]
    fig = go.Figure(go.Bar(
        y=labels, x=rows["change"], orientation="h",
        marker_color=[POSITIVE if v >= 0 else NEGATIVE for v in rows["change"]],
        text=[fmt.number(v, signed=True) for v in rows["change"]], textposition="outside", cliponaxis=False,
        hovertemplate="%{y}: %{text}<extra></extra>",
    ))
    _layout(fig, f"Netto endring i arbeidsplasser per kommune {year_from}–{year_to}", "Netto endring", None, height=120 + 50 * len(rows))
    fig.update_xaxes(zeroline=True, zerolinewidth=2, zerolinecolor="#333333")
    return fig


def cumulative_vs_target(cumulative: pd.Series, target: JobTarget | None, baseline: int) -> go.Figure:
    """Cumulative net growth since the baseline against the target path."""
    years = [baseline, *[int(y) for y in cumulative.index]]
    values = [0.0, *cumulative.to_list()]
    fig = go.Figure(go.Scatter(
        x=years, y=values, mode="lines+markers+text", name="Faktisk vekst",
        text=[fmt.number(v, signed=True) for v in values], textposition="top center",
        line={"color": PALETTE[0], "width": 4}, marker={"size": 10},
        hovertemplate="%{x}: %{text} siden " + str(baseline) + "<extra></extra>",
    ))
    if target is not None:
        end = max([*years, target.target_year or baseline])
        path_years = list(range(baseline, end + 1))
        fig.add_trace(go.Scatter(
            x=path_years, y=[target.path(y) for y in path_years], mode="lines", name="Mål",
            line={"color": TARGET, "width": 3, "dash": "dash"},
            hovertemplate="%{x}: mål %{y:,.0f}<extra></extra>",
        ))
    _layout(fig, f"Samlet netto vekst i arbeidsplasser siden {baseline}, mot målet", "År", "Netto nye arbeidsplasser")
    _years_axis(fig)
    fig.update_yaxes(zeroline=True, zerolinewidth=2, zerolinecolor="#333333")
    _mark_series_break(fig, years)
    return fig


def status_bars(counts: Mapping[str, int], title: str) -> go.Figure:
    """How many goals or activities have each status; label and symbol on every bar."""
    statuses = list(counts)
    fig = go.Figure(go.Bar(
        y=[status_label(s) for s in statuses], x=list(counts.values()), orientation="h",
        marker_color=[STATUS_COLOURS.get(s, "#555555") for s in statuses],
        text=[str(v) for v in counts.values()], textposition="outside", cliponaxis=False,
        hovertemplate="%{y}: %{x}<extra></extra>",
    ))
    _layout(fig, title, "Antall", None, height=140 + 48 * max(len(statuses), 1))
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(dtick=1 if max(counts.values(), default=0) <= 10 else None)
    return fig


def goal_progress(goals: pd.DataFrame, progress: pd.Series) -> go.Figure:
    """Indicator progress from start (0 %) to target (100 %) per goal with an indicator."""
    shown = goals.assign(progress=progress).dropna(subset=["progress"])
    labels = [f"{i} {status_label(s)}" for i, s in zip(shown["id"], shown["status"], strict=True)]
    fig = go.Figure(go.Bar(
        y=labels, x=(shown["progress"] * 100).clip(lower=0, upper=120), orientation="h",
        marker_color=[STATUS_COLOURS.get(s, "#555555") for s in shown["status"]],
        text=[fmt.percent(p, 0) for p in shown["progress"]], textposition="outside", cliponaxis=False,
        customdata=shown["name"], hovertemplate="%{customdata}<br>%{text} av veien til målet<extra></extra>",
    ))
    fig.add_vline(x=100, line_dash="dash", line_color=TARGET, annotation_text="Målverdi", annotation_position="top")
    _layout(fig, "Indikatorer: hvor langt fra startverdi mot målverdi", "Prosent av veien til målverdien", None, height=140 + 34 * max(len(shown), 1))
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(range=[0, 130], ticksuffix=" %")
    return fig


def activity_timeline(activities: pd.DataFrame, today: pd.Timestamp | None = None) -> go.Figure:
    """A Gantt chart: one bar per activity from start to end, coloured and labelled by status."""
    rows = activities.dropna(subset=["start", "end"]).sort_values("start", ascending=True)
    fig = go.Figure()
    for status, group in rows.groupby("status", sort=False):
        label = status_label(status)
        fig.add_trace(go.Bar(
            base=group["start"], x=(group["end"] - group["start"]).dt.total_seconds() * 1000 + 86_400_000,
            y=[f"{i} {n[:40]}" + ("…" if len(n) > 40 else "") for i, n in zip(group["id"], group["name"], strict=True)],
            orientation="h", name=label, marker_color=STATUS_COLOURS.get(status, "#555555"),
            text=[label] * len(group), textposition="inside", insidetextanchor="start",
            textfont={"color": "white", "size": FONT_SIZE - 4},
            customdata=list(zip(group["start"].dt.strftime("%d.%m.%Y"), group["end"].dt.strftime("%d.%m.%Y"), strict=True)),
            hovertemplate="%{y}<br>%{customdata[0]}–%{customdata[1]}<br>" + label + "<extra></extra>",
        ))
    if today is not None and len(rows) and rows["start"].min() <= today <= rows["end"].max() + pd.Timedelta(days=365):
        fig.add_vline(x=today, line_dash="dash", line_color="#333333")
        fig.add_annotation(x=today, y=1, yref="paper", text="I dag", showarrow=False, yanchor="bottom", font={"size": FONT_SIZE - 4})
    _layout(fig, "Aktiviteter: tidslinje fra start til slutt, etter status", "Dato", None, height=160 + 38 * max(len(rows), 1))
    fig.update_xaxes(type="date", tickformat="%m.%Y", showgrid=True)
    categories = list(dict.fromkeys(f"{i} {n[:40]}" + ("…" if len(n) > 40 else "") for i, n in zip(rows["id"], rows["name"], strict=True)))
    fig.update_yaxes(categoryorder="array", categoryarray=categories, autorange="reversed")
    fig.update_layout(barmode="overlay", legend={"orientation": "h", "y": -0.12})
    return fig


def budget_by_year(sums: pd.DataFrame) -> go.Figure:
    """Original, revised and actual per year, side by side."""
    fig = go.Figure()
    for column, label, colour in (("original", "Opprinnelig", "#5b8fc7"), ("revised", "Revidert", "#0b5cad"), ("actual", "Regnskap", "#1a7f37")):
        fig.add_trace(go.Bar(
            x=[str(y) for y in sums.index], y=sums[column], name=label, marker_color=colour,
            text=[fmt.millions(v) for v in sums[column]], textposition="outside", cliponaxis=False,
            customdata=[fmt.kroner(v) for v in sums[column]],
            hovertemplate="%{x} " + label.lower() + ": %{customdata}<extra></extra>",
        ))
    _layout(fig, "Budsjett per år: opprinnelig, revidert og regnskap", "År", "Kroner")
    fig.update_layout(barmode="group")
    fig.update_yaxes(tickformat=",.0f", range=[0, float(sums.to_numpy().max()) * 1.15 if len(sums) else 1])
    return fig


def budget_waterfall(steps: pd.DataFrame, year: int) -> go.Figure:
    """From the original to the revised budget, one step per change."""
    # Numbered, because two changes to one post would otherwise share a bar.
    labels = [f"{i}. {label}" if m == "relative" else label for i, (label, m) in enumerate(zip(steps["label"], steps["measure"], strict=True))]
    fig = go.Figure(go.Waterfall(
        x=labels, y=steps["amount"], measure=steps["measure"],
        text=[fmt.kroner(v, signed=m == "relative") for v, m in zip(steps["amount"], steps["measure"], strict=True)],
        textposition="outside", cliponaxis=False,
        increasing={"marker": {"color": POSITIVE}}, decreasing={"marker": {"color": NEGATIVE}},
        totals={"marker": {"color": "#0b5cad"}}, connector={"line": {"color": "#777777"}},
        customdata=[f"{label}: {detail}" if detail else label for label, detail in zip(steps["label"], steps["detail"], strict=True)],
        hovertemplate="%{customdata}<br>%{text}<extra></extra>",
    ))
    _layout(fig, f"Fra opprinnelig til revidert budsjett {year}", None, "Kroner", height=520)
    fig.update_yaxes(tickformat=",.0f")
    return fig


def funding_bars(funding: pd.Series, year: int) -> go.Figure:
    """Revised budget per funding source."""
    fig = go.Figure(go.Bar(
        y=list(funding.index), x=funding.to_list(), orientation="h", marker_color=PALETTE[0],
        text=[fmt.kroner(v) for v in funding], textposition="outside", cliponaxis=False,
        hovertemplate="%{y}: %{text}<extra></extra>",
    ))
    _layout(fig, f"Finansiering av revidert budsjett {year}", "Kroner", None, height=160 + 50 * max(len(funding), 1))
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(tickformat=",.0f", range=[0, float(funding.max()) * 1.3 if len(funding) else 1])
    return fig
