"""Mål: the goal tree with status and indicator progress."""

import streamlit as st

from byr_data import charts, compute, escape, fmt, growth, views
from byr_data.model import status_label
from byr_data.web import data, furniture

dataset, codes = furniture.page("Mål", needs=("goals",))

statuses = st.multiselect("Status", compute.ALL_GOAL_STATUSES, format_func=status_label, key="goal_status", placeholder="Alle statuser")
# The strategic goal's status comes from the figures (growth.job_story), with a differing typed status as «Meldt: …».
story = data.job_story(dataset, None, growth.MembershipMode.MEMBERS_EACH_YEAR, ()) if dataset.employment is not None else None
goals = compute.latest_measurements(growth.goals_with_computed_status(dataset.goals, story), dataset.measurements)
shown = compute.goal_tree(compute.filter_goals(goals, codes, statuses))
st.caption(f"Viser {fmt.number(len(shown))} av {fmt.number(len(goals))} mål. Mål for hele regionen vises alltid; "
           "mål for én kommune vises når kommunen er valgt, eller når ingen kommune er valgt.")

if story is not None and story.target is not None and dataset.strategic_goal() is not None:
    # The strategic goal's figures as on Oversikt, Arbeidsplasser and meeting screen 1 (always the whole region's).
    story_figures = story.figures()
    for column, (label, value, note) in zip(st.columns(len(story_figures)), story_figures, strict=True):
        column.metric(escape.md(label), value, note or None, delta_color="off", delta_arrow="off")

table = views.goal_table(shown, compute.municipality_names(dataset), story)
furniture.table(
    table,
    "mål",
    column_config={"Fremdrift": st.column_config.ProgressColumn("Fremdrift mot målverdi", min_value=0.0, max_value=1.0, format="percent")},
)
st.caption("Det strategiske målets nåverdi er netto vekst i arbeidsplasser siden startåret, og statusen er beregnet fra "
           "sysselsettingstallene mot målet (se «Slik regnes tallene» på Arbeidsplasser); «Meldt» er statusen i dataene.")

progress = shown.apply(compute.indicator_progress, axis=1) if len(shown) else None
if progress is not None and progress.notna().any():
    furniture.chart(charts.goal_progress(shown[progress.notna()], progress[progress.notna()]), "goal_progress")
