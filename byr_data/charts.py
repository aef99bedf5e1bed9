"""Chart builders: plotly figures with Norwegian labels, readable on a projector.

Every figure has a title that says what it shows; status is told by text and symbol as well
as colour; numbers use Norwegian separators (space for thousands, comma for decimals).

Each figure is built in one go from plain dicts: plotly validates every ``update_layout``
and ``add_vline`` call separately, and on a page with four charts that cost more than the
rest of the page together.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from byr_data import escape, fmt
from byr_data.compute import SERIES_BREAK_YEAR, JobTarget
from byr_data.model import STATUS_COLOURS, status_label

FONT_SIZE = 18
#: Distinct line colours after Okabe–Ito, darkened where needed so each has contrast ≥ 3:1
#: on white (WCAG 1.4.11); lines also carry markers and names, never colour alone.
PALETTE = ("#0072B2", "#D55E00", "#007A5E", "#A6529A", "#8C6D00", "#3a87c8", "#000000", "#B04A00")
POSITIVE, NEGATIVE, TARGET = "#1a7f37", "#c1121f", "#444444"
_AXIS = {"gridcolor": "#e3e3e3", "linecolor": "#666666", "zerolinecolor": "#666666", "automargin": True}
_ZERO_LINE = {"zeroline": True, "zerolinewidth": 2, "zerolinecolor": "#333333"}
_NOTE_FONT = {"size": FONT_SIZE - 4, "color": "#333333"}

Dict = dict[str, Any]


def _figure(
    traces: Iterable[Any], title: str, x_title: str | None = None, y_title: str | None = None, height: int = 460,
    xaxis: Dict | None = None, yaxis: Dict | None = None, shapes: Iterable[Dict] = (), annotations: Iterable[Dict] = (),
    source: str | None = None, subtitle: str | None = None, **layout: Any,
) -> go.Figure:
    # Titles and notes are plain text that may quote data (a municipality, a membership change):
    # plotly.js would draw its HTML subset (<a href>, <b>, …) from them.
    annotations = [{**a, "text": escape.plotly(a["text"])} for a in annotations]
    if source:
        # Under the plot, below the axis title: the source and licence travel with a downloaded PNG.
        annotations.append({"text": source, "x": 0, "xref": "paper", "y": 0, "yref": "paper", "yshift": -78, "xanchor": "left",
                            "yanchor": "top", "showarrow": False, "font": _NOTE_FONT})
    base: Dict = {
        # The subtitle says which municipalities the chart shows, so a downloaded PNG says it too.
        "title": {"text": escape.plotly(title), "font": {"size": FONT_SIZE + 4}, "x": 0, "xanchor": "left",
                  **({"subtitle": {"text": escape.plotly(subtitle), "font": {"size": FONT_SIZE - 2, "color": "#333333"}},
                      # Above the plot with room under it for the notes drawn on its top edge («Brudd i statistikken 2015»).
                      "yref": "container", "y": 1, "yanchor": "top", "pad": {"t": 14}} if subtitle else {})},
        "font": {"size": FONT_SIZE, "color": "#1a1a1a"},
        "separators": ", ",  # decimal comma, space between thousands
        # No template: applying one costs several ms per chart; the few styles we want are here.
        "template": "none",
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "colorway": PALETTE,
        "height": height,
        "margin": {"l": 10, "r": 10, "t": 70 + (40 if subtitle else 0), "b": 10 + (90 if source else 0)},
        "legend": {"font": {"size": FONT_SIZE - 2}},
        "hoverlabel": {"font": {"size": FONT_SIZE - 2}},
        "xaxis": {**_AXIS, "title": {"text": escape.plotly(x_title) if x_title else x_title}, **(xaxis or {})},
        "yaxis": {**_AXIS, "title": {"text": escape.plotly(y_title) if y_title else y_title}, **(yaxis or {})},
        "shapes": list(shapes),
        "annotations": annotations,
        **layout,
    }
    return go.Figure(data=list(traces), layout=base)


SSB_SOURCE = "Kilde: Statistisk sentralbyrå, tabell 13470, CC BY 4.0"
SAMPLE_SOURCE = "Eksempeldata: illustrative tall"


def source_note(is_sample: bool, fetched: Sequence[str] = ()) -> str:
    """The line under every chart of job figures: SSB and the licence, or that the figures are illustrative.

    ``fetched``: the source lines of tables fetched from SSB's API (``fetch.source_lines``), which
    name the table, when SSB updated it and when it was fetched; they win over both.
    """
    if fetched:
        return "Kilde: " + "; ".join(fetched)
    return SAMPLE_SOURCE if is_sample else SSB_SOURCE


def _events(events: Iterable[tuple[int, str, str]], bottom: bool = False) -> tuple[list[Dict], list[Dict]]:
    """Membership changes as dashed lines between the years, with their text (at the top, or at the ``bottom``)."""
    shapes, notes = [], []
    for i, (year, _code, text) in enumerate(events):
        x = year + 0.5
        shapes.append({"type": "line", "x0": x, "x1": x, "xref": "x", "y0": 0, "y1": 1, "yref": "paper", "line": {"dash": "dash", "color": "#8a1c7c"}})
        y, anchor = (0.02 + 0.08 * (i % 3), "bottom") if bottom else (0.93 - 0.08 * (i % 3), "middle")
        notes.append({"x": x, "y": y, "xref": "x", "yref": "paper", "text": text, "showarrow": False, "xanchor": "left", "yanchor": anchor,
                      "font": {"size": FONT_SIZE - 4, "color": "#8a1c7c"}, "bgcolor": "rgba(255,255,255,0.8)"})
    return shapes, notes


def _series_break(years: Iterable[int]) -> tuple[list[Dict], list[Dict]]:
    """SSB changed source in 2015 (a-ordningen): a dotted line and a note on charts spanning it."""
    years = list(years)
    if not years or not min(years) < SERIES_BREAK_YEAR <= max(years):
        return [], []
    x = SERIES_BREAK_YEAR - 0.5
    line = {"type": "line", "x0": x, "x1": x, "xref": "x", "y0": 0, "y1": 1, "yref": "paper", "line": {"dash": "dot", "color": "#555555"}}
    note = {"x": x, "y": 1, "xref": "x", "yref": "paper", "text": "Brudd i statistikken 2015", "showarrow": False,
            "xanchor": "left", "yanchor": "bottom", "font": _NOTE_FONT}
    return [line], [note]


def _hline(y: float, text: str) -> tuple[Dict, Dict]:
    line = {"type": "line", "x0": 0, "x1": 1, "xref": "paper", "y0": y, "y1": y, "yref": "y", "line": {"dash": "dash", "color": TARGET}}
    note = {"x": 0, "y": y, "xref": "paper", "yref": "y", "text": text, "showarrow": False, "xanchor": "left", "yanchor": "bottom",
            "font": {"size": FONT_SIZE - 2, "color": TARGET}}
    return line, note


def _padded_range(values: Iterable[float]) -> list[float]:
    """An axis range with room beside the bars for the numbers written outside them."""
    values = [float(v) for v in values] or [0.0]
    low, high = min(0.0, *values), max(0.0, *values)
    room = (high - low) * 0.18 or 1.0
    return [low - (room if low < 0 else 0), high + (room if high > 0 else 0)]


def _signed_colours(values: Iterable[float]) -> list[str]:
    return [POSITIVE if v >= 0 else NEGATIVE for v in values]


_YEARS = {"tickformat": "d", "dtick": 2}


def employment_lines(
    totals: pd.DataFrame, names: Mapping[str, str], title: str = "Sysselsatte per kommune (arbeidssted, 4. kvartal)",
    source: str | None = None, events: Iterable[tuple[int, str, str]] = (), scope: str | None = None,
) -> go.Figure:
    """One line per municipality: employed persons over time."""
    traces = []
    for i, (code, rows) in enumerate(totals.groupby("code", sort=False)):
        name = escape.plotly(names.get(code, code))
        traces.append({
            "type": "scatter", "x": rows["year"].astype(int).tolist(), "y": rows["employed"].tolist(), "mode": "lines+markers", "name": name,
            "line": {"color": PALETTE[i % len(PALETTE)], "width": 3},
            "hovertemplate": "%{x}: %{y:,.0f} sysselsatte<extra>" + name + "</extra>",
        })
    shapes, notes = _series_break(totals["year"].astype(int))
    event_shapes, event_notes = _events(events)
    return _figure(traces, title, "År", "Sysselsatte", xaxis=_YEARS, shapes=shapes + event_shapes, annotations=notes + event_notes, source=source,
                   subtitle=scope)


def net_change_bars(
    net_change: pd.Series, title: str, target_per_year: float | None = None, source: str | None = None,
    events: Iterable[tuple[int, str, str]] = (), percent: pd.Series | None = None, target_year: int | None = None, scope: str | None = None,
) -> go.Figure:
    """The region's net change per year as bars, green up and red down, with the value (and per cent) written on each.

    The yearly target's line runs up to and including ``target_year`` and no further: no target is drawn for a later year.
    """
    years = [int(y) for y in net_change.index]
    values = net_change.to_list()
    shares = [percent.get(y) if percent is not None else None for y in net_change.index]
    bar = {
        "type": "bar", "x": years, "y": values, "name": "Netto endring", "marker": {"color": _signed_colours(values)},
        "text": [fmt.number(v, signed=True) for v in values], "textposition": "outside", "cliponaxis": False,
        "customdata": [fmt.percent(p, 1, signed=True) if p is not None and pd.notna(p) else "" for p in shares],
        "hovertemplate": "%{x}: %{text} arbeidsplasser (%{customdata})<extra></extra>",
    }
    shapes, notes = _series_break(years)
    event_shapes, event_notes = _events(events)
    shapes, notes = shapes + event_shapes, notes + event_notes
    if target_per_year is not None and (target_year is None or not years or target_year >= min(years)):
        text = f"Mål: {fmt.number(target_per_year, signed=True)} per år" + (f" til {target_year}" if target_year is not None else "")
        line, note = _hline(target_per_year, text)
        if target_year is not None and years:
            line = {**line, "x0": min(years) - 0.5, "x1": target_year + 0.5, "xref": "x"}
            note = {**note, "x": min(years) - 0.5, "xref": "x"}
        shapes, notes = [*shapes, line], [*notes, note]
    return _figure([bar], title, "År", "Netto endring i arbeidsplasser", xaxis=_YEARS, yaxis=_ZERO_LINE, shapes=shapes, annotations=notes,
                   source=source, subtitle=scope)


def change_by_municipality(changes: pd.DataFrame, names: Mapping[str, str], year_from: int, year_to: int, source: str | None = None,
                           scope: str | None = None) -> go.Figure:
    """Net change per municipality over a period, as horizontal bars with the value written.

    A ``note`` column (:func:`byr_data.growth.member_changes`: «medlem til 2016») is written beside the name.
    """
    rows = changes.sort_values("change")
    values = rows["change"].to_list()
    notes = rows["note"].tolist() if "note" in rows else [""] * len(rows)
    labels = [names.get(c, c) + (f" ({n})" if isinstance(n, str) and n else "") for c, n in zip(rows["code"], notes, strict=True)]
    bar = {
        "type": "bar", "y": [escape.plotly(label) for label in labels], "x": values, "orientation": "h",
        "marker": {"color": _signed_colours(values)}, "text": [fmt.number(v, signed=True) for v in values],
        "textposition": "outside", "cliponaxis": False, "hovertemplate": "%{y}: %{text}<extra></extra>",
    }
    return _figure([bar], f"Netto endring i arbeidsplasser per kommune {year_from}–{year_to}", "Netto endring", None,
                   height=160 + 50 * len(rows), xaxis={**_ZERO_LINE, "range": _padded_range(values)}, source=source, subtitle=scope)


def label_positions(values: Sequence[float]) -> list[str]:
    """Where each point's value label goes so the line does not run through it: above a peak, below a
    trough, above and behind a point on a rise (left) or a fall (right)."""
    positions = []
    for i, value in enumerate(values):
        before = values[i - 1] if i > 0 else None
        after = values[i + 1] if i + 1 < len(values) else None
        if before is None or after is None:  # an end point: above unless the line comes from or goes to above it
            other = after if before is None else before
            positions.append("top center" if other is None or other <= value else "bottom center")
            continue
        lower_before, lower_after = before <= value, after <= value
        if lower_before and lower_after:
            positions.append("top center")
        elif not lower_before and not lower_after:
            positions.append("bottom center")
        elif lower_before:  # rising into this point, on to a higher one
            positions.append("top left")
        else:  # falling
            positions.append("top right")
    return positions


def cumulative_vs_target(
    cumulative: pd.Series, target: JobTarget | None, baseline: int, source: str | None = None, events: Iterable[tuple[int, str, str]] = (),
    scope: str | None = None,
) -> go.Figure:
    """Cumulative net growth since the baseline against the target path.

    The path runs from the baseline to the target year and stops there (a yearly target without
    a target year runs to the last year shown; a total one without a target year is a level line),
    so no target is drawn or written for a year after the target year. Pass ``target=None`` for a
    subset of the members: the region's target is never drawn against part of the region.
    """
    years = [baseline, *[int(y) for y in cumulative.index]]
    values = [0.0, *cumulative.to_list()]
    traces: list[Dict] = [{
        "type": "scatter", "x": years, "y": values, "mode": "lines+markers+text", "name": "Faktisk vekst",
        "text": [fmt.number(v, signed=True) for v in values], "textposition": label_positions(values),
        "line": {"color": PALETTE[0], "width": 4}, "marker": {"size": 10}, "cliponaxis": False,
        "hovertemplate": "%{x}: %{text} siden " + str(baseline) + "<extra></extra>",
    }]
    shapes, notes = _series_break(years)
    if target is not None and (target.per_year or target.target_year is not None):
        end = target.target_year if target.target_year is not None else max(years)
        path_years = list(range(baseline, max(end, baseline) + 1))
        path = [target.path(y) for y in path_years]
        label = f"Mål {end}: {fmt.number(path[-1], signed=True)}" if target.target_year is not None else ""
        traces.append({
            "type": "scatter", "x": path_years, "y": path, "mode": "lines+text" if label else "lines", "name": "Målbane",
            "text": [""] * (len(path) - 1) + [label], "textposition": "middle right",
            "line": {"color": TARGET, "width": 3, "dash": "dash"}, "hovertemplate": "%{x}: mål %{y:,.0f}<extra></extra>",
        })
    elif target is not None:
        line, note = _hline(target.value, f"Mål: {fmt.number(target.value, signed=True)} i alt")
        shapes, notes = [*shapes, line], [*notes, note]
    # The target path ends top right with its label: membership changes are written at the bottom, clear of it.
    event_shapes, event_notes = _events(events, bottom=True)
    # Room above and below for the numbers written over the points and the labels on the edges.
    drawn = [v for trace in traces for v in trace["y"]] + ([target.value] if target is not None and not target.per_year and target.target_year is None else [])
    low, high = min(0.0, *drawn), max(0.0, *drawn)
    room = (high - low) * 0.16 or 1.0
    below = room * (1.6 if event_notes else 1.0)  # the membership labels at the bottom stay clear of a trough's number
    title = f"Samlet netto vekst i arbeidsplasser siden {baseline}" + (", mot målet" if target is not None else "")
    return _figure(traces, title, "År", "Netto nye arbeidsplasser", xaxis=_YEARS, yaxis={**_ZERO_LINE, "range": [low - below, high + room]},
                   shapes=shapes + event_shapes, annotations=notes + event_notes, source=source, subtitle=scope)


def status_bars(counts: Mapping[str, int], title: str, scope: str | None = None) -> go.Figure:
    """How many goals or activities have each status; label and symbol on every bar."""
    statuses = list(counts)
    bar = {
        "type": "bar", "y": [status_label(s) for s in statuses], "x": list(counts.values()), "orientation": "h",
        "marker": {"color": [STATUS_COLOURS.get(s, "#555555") for s in statuses]},
        "text": [str(v) for v in counts.values()], "textposition": "outside", "cliponaxis": False,
        "hovertemplate": "%{y}: %{x}<extra></extra>",
    }
    xaxis = {"dtick": 1} if max(counts.values(), default=0) <= 10 else {}
    return _figure([bar], title, "Antall", None, height=140 + 48 * max(len(statuses), 1), xaxis=xaxis, yaxis={"autorange": "reversed"},
                   subtitle=scope)


def goal_progress(goals: pd.DataFrame, progress: pd.Series) -> go.Figure:
    """Indicator progress from start (0 %) to target (100 %) per goal with an indicator."""
    shown = goals.assign(progress=progress).dropna(subset=["progress"])
    bar = {
        "type": "bar", "y": [f"{escape.plotly(i)} {status_label(s)}" for i, s in zip(shown["id"], shown["status"], strict=True)],
        "x": (shown["progress"] * 100).clip(lower=0, upper=120).tolist(), "orientation": "h",
        "marker": {"color": [STATUS_COLOURS.get(s, "#555555") for s in shown["status"]]},
        "text": [fmt.percent(p, 0) for p in shown["progress"]], "textposition": "outside", "cliponaxis": False,
        "customdata": [escape.plotly(n) for n in shown["name"]], "hovertemplate": "%{customdata}<br>%{text} av veien til målet<extra></extra>",
    }
    line = {"type": "line", "x0": 100, "x1": 100, "xref": "x", "y0": 0, "y1": 1, "yref": "paper", "line": {"dash": "dash", "color": TARGET}}
    note = {"x": 100, "y": 1, "xref": "x", "yref": "paper", "text": "Målverdi", "showarrow": False, "yanchor": "bottom", "font": _NOTE_FONT}
    return _figure([bar], "Indikatorer: hvor langt fra startverdi mot målverdi", "Prosent av veien til målverdien", None,
                   height=140 + 34 * max(len(shown), 1), xaxis={"range": [0, 130], "ticksuffix": " %"},
                   yaxis={"autorange": "reversed"}, shapes=[line], annotations=[note])


def _activity_label(activity_id: str, name: str) -> str:
    return escape.plotly(f"{activity_id} {name[:40]}" + ("…" if len(name) > 40 else ""))


def activity_timeline(activities: pd.DataFrame, today: pd.Timestamp | None = None) -> go.Figure:
    """A Gantt chart: one bar per activity from start to end, coloured and labelled by status."""
    rows = activities.dropna(subset=["start", "end"]).sort_values("start", ascending=True)
    traces = []
    for status, group in rows.groupby("status", sort=False):
        label = status_label(status)
        traces.append({
            "type": "bar", "base": group["start"].dt.strftime("%Y-%m-%d").tolist(),
            "x": ((group["end"] - group["start"]).dt.total_seconds() * 1000 + 86_400_000).tolist(),
            "y": [_activity_label(i, n) for i, n in zip(group["id"], group["name"], strict=True)],
            "orientation": "h", "name": label, "marker": {"color": STATUS_COLOURS.get(status, "#555555")},
            "text": [label] * len(group), "textposition": "inside", "insidetextanchor": "start",
            "textfont": {"color": "white", "size": FONT_SIZE - 4},
            "customdata": list(zip(group["start"].dt.strftime("%d.%m.%Y"), group["end"].dt.strftime("%d.%m.%Y"), strict=True)),
            "hovertemplate": "%{y}<br>%{customdata[0]}–%{customdata[1]}<br>" + label + "<extra></extra>",
        })
    shapes, notes = [], []
    if today is not None and len(rows) and rows["start"].min() <= today <= rows["end"].max() + pd.Timedelta(days=365):
        x = today.strftime("%Y-%m-%d")
        shapes = [{"type": "line", "x0": x, "x1": x, "xref": "x", "y0": 0, "y1": 1, "yref": "paper", "line": {"dash": "dash", "color": "#333333"}}]
        notes = [{"x": x, "y": 1, "xref": "x", "yref": "paper", "text": "I dag", "showarrow": False, "yanchor": "bottom", "font": _NOTE_FONT}]
    categories = list(dict.fromkeys(_activity_label(i, n) for i, n in zip(rows["id"], rows["name"], strict=True)))
    return _figure(
        traces, "Aktiviteter: tidslinje fra start til slutt, etter status", None, None, height=160 + 38 * max(len(rows), 1),
        xaxis={"type": "date", "tickformat": "%m.%Y", "showgrid": True},
        yaxis={"categoryorder": "array", "categoryarray": categories, "autorange": "reversed"},
        shapes=shapes, annotations=notes, barmode="overlay", legend={"orientation": "h", "y": -0.08, "yanchor": "top", "x": 0, "font": {"size": FONT_SIZE - 2}},
    )


def budget_by_year(sums: pd.DataFrame) -> go.Figure:
    """Original, revised and actual per year, side by side."""
    traces = [
        {
            "type": "bar", "x": [str(y) for y in sums.index], "y": sums[column].tolist(), "name": label, "marker": {"color": colour},
            "text": [fmt.millions(v) for v in sums[column]], "textposition": "outside", "cliponaxis": False,
            "customdata": [fmt.kroner(v) for v in sums[column]],
            "hovertemplate": "%{x} " + label.lower() + ": %{customdata}<extra></extra>",
        }
        for column, label, colour in (("original", "Opprinnelig", "#5b8fc7"), ("revised", "Revidert", "#0b5cad"), ("actual", "Regnskap", "#1a7f37"))
    ]
    top = float(sums.to_numpy().max()) * 1.15 if len(sums) else 1.0
    return _figure(traces, "Budsjett per år: opprinnelig, revidert og regnskap", "År", "Kroner",
                   yaxis={"tickformat": ",.0f", "range": [0, top]}, barmode="group")


def budget_waterfall(steps: pd.DataFrame, year: int) -> go.Figure:
    """From the original to the revised budget, one step per change."""
    # Numbered, because two changes to one post would otherwise share a bar.
    labels = [escape.plotly(f"{i}. {label}" if m == "relative" else label) for i, (label, m) in enumerate(zip(steps["label"], steps["measure"], strict=True))]
    waterfall = {
        "type": "waterfall", "x": labels, "y": steps["amount"].tolist(), "measure": steps["measure"].tolist(),
        "text": [fmt.kroner(v, signed=m == "relative") for v, m in zip(steps["amount"], steps["measure"], strict=True)],
        "textposition": "outside", "cliponaxis": False,
        "increasing": {"marker": {"color": POSITIVE}}, "decreasing": {"marker": {"color": NEGATIVE}},
        "totals": {"marker": {"color": "#0b5cad"}}, "connector": {"line": {"color": "#777777"}},
        "customdata": [escape.plotly(f"{label}: {detail}" if detail else label) for label, detail in zip(steps["label"], steps["detail"], strict=True)],
        "hovertemplate": "%{customdata}<br>%{text}<extra></extra>",
    }
    return _figure([waterfall], f"Fra opprinnelig til revidert budsjett {year}", None, "Kroner", height=520, yaxis={"tickformat": ",.0f"})


def funding_bars(funding: pd.Series, year: int) -> go.Figure:
    """Revised budget per funding source."""
    bar = {
        "type": "bar", "y": [escape.plotly(f) for f in funding.index], "x": funding.tolist(), "orientation": "h", "marker": {"color": PALETTE[0]},
        "text": [fmt.kroner(v) for v in funding], "textposition": "outside", "cliponaxis": False,
        "hovertemplate": "%{y}: %{text}<extra></extra>",
    }
    return _figure([bar], f"Finansiering av revidert budsjett {year}", "Kroner", None, height=160 + 50 * max(len(funding), 1),
                   xaxis={"tickformat": ",.0f", "range": [0, float(funding.max()) * 1.3 if len(funding) else 1]},
                   yaxis={"autorange": "reversed"})


def index_chart(index: pd.DataFrame, baseline: int, region_label: str, source: str | None = None) -> go.Figure:
    """Jobs as an index (baseline year = 100): the region against its comparison series."""
    traces = []
    for i, (label, rows) in enumerate(index.groupby("series", sort=False)):
        mine = label == region_label
        label = escape.plotly(label)
        traces.append({
            "type": "scatter", "x": rows["year"].astype(int).tolist(), "y": rows["index"].tolist(), "mode": "lines+markers", "name": label,
            "line": {"color": PALETTE[0] if mine else PALETTE[1 + i % (len(PALETTE) - 1)], "width": 5 if mine else 3,
                     "dash": "solid" if mine else "dot"},
            "hovertemplate": "%{x}: indeks %{y:,.1f}<extra>" + label + "</extra>",
        })
    shapes, notes = _series_break(index["year"].astype(int))
    line, note = _hline(100, f"{baseline} = 100")
    return _figure(traces, f"Arbeidsplasser som indeks ({baseline} = 100): regionen mot sammenligningene", "År", "Indeks",
                   xaxis=_YEARS, shapes=[*shapes, line], annotations=[*notes, note], source=source)


def industry_bars(changes: pd.DataFrame, year_from: int, year_to: int, scope: str, source: str | None = None) -> go.Figure:
    """Net change by industry over a period, largest gains at the top, with the value written."""
    rows = changes.sort_values("change")
    values = rows["change"].tolist()
    bar = {
        "type": "bar", "y": [escape.plotly(i) for i in rows["industry"]], "x": values, "orientation": "h", "marker": {"color": _signed_colours(values)},
        "text": [fmt.number(v, signed=True) for v in values], "textposition": "outside", "cliponaxis": False,
        "hovertemplate": "%{y}: %{text}<extra></extra>",
    }
    return _figure([bar], f"Netto endring i arbeidsplasser etter næring {year_from}–{year_to}: {scope}", "Netto endring", None,
                   height=160 + 44 * max(len(rows), 1), xaxis={**_ZERO_LINE, "range": _padded_range(values)}, source=source)


def per_1000_bars(rows: pd.DataFrame, names: Mapping[str, str], year: int, source: str | None = None, scope: str | None = None) -> go.Figure:
    """Jobs per 1 000 inhabitants per municipality in one year."""
    rows = rows.sort_values("per_1000")
    bar = {
        "type": "bar", "y": [escape.plotly(names.get(c, c)) for c in rows["code"]], "x": rows["per_1000"].tolist(), "orientation": "h",
        "marker": {"color": PALETTE[0]}, "text": [fmt.number(v, 0) for v in rows["per_1000"]], "textposition": "outside",
        "cliponaxis": False, "hovertemplate": "%{y}: %{text} arbeidsplasser per 1 000 innbyggere<extra></extra>",
    }
    return _figure([bar], f"Arbeidsplasser per 1 000 innbyggere {year}", "Arbeidsplasser per 1 000 innbyggere", None,
                   height=160 + 50 * max(len(rows), 1), xaxis={"range": _padded_range(rows["per_1000"])}, source=source, subtitle=scope)
