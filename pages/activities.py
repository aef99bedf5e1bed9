"""Aktiviteter: a timeline with status colours, linked goals, filters and a table."""

import datetime as dt

import pandas as pd
import streamlit as st

from byr_data import charts, compute, fmt, views
from byr_data.model import status_label
from byr_data.web import furniture

dataset, codes = furniture.page("Aktiviteter", needs=("activities",))
activities = dataset.activities
assert activities is not None  # page() has stopped otherwise

left, right = st.columns(2)
statuses = left.multiselect("Status", compute.ALL_ACTIVITY_STATUSES, format_func=status_label, key="activity_status", placeholder="Alle statuser")
goal_names = dict(zip(dataset.goals["id"], dataset.goals["name"], strict=True)) if dataset.goals is not None else {}
linked = sorted({g for cell in activities["goal_ids"] for g in cell})
goal_filter = right.multiselect("Knyttet til mål", linked, format_func=lambda g: f"{g} {goal_names.get(g, '')}".strip(),
                                key="activity_goals", placeholder="Alle mål")

shown = compute.filter_activities(activities, codes, statuses, goal_filter)
late = compute.late_activities(shown, dt.date.today())
st.caption(f"Viser {fmt.count_noun(len(shown), 'aktivitet', 'aktiviteter')} av {fmt.number(len(activities))}; "
           f"{fmt.count_noun(len(late), 'er', 'er')} over sluttdato uten å være gjennomført. "
           "Aktiviteter for hele regionen vises alltid.")

if len(shown):
    furniture.chart(charts.activity_timeline(shown.head(60), pd.Timestamp(dt.date.today())), "activity_timeline")
    if len(shown) > 60:
        st.caption("Tidslinjen viser de 60 første aktivitetene etter filteret; tabellen under viser alle.")
furniture.table(
    views.activity_table(shown, compute.municipality_names(dataset), goal_names), "aktiviteter",
    column_config={"Fremdrift": st.column_config.ProgressColumn("Fremdrift", min_value=0.0, max_value=1.0, format="percent")},
)
