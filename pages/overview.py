"""Oversikt: the key figures, the strategic goal's progress and what needs attention."""

import datetime as dt

import streamlit as st

from byr_data import charts, compute, escape, fmt, views
from byr_data.web import data, furniture

dataset, codes = furniture.page("Oversikt")
today = dt.date.today()

jobs = data.job_status(dataset, codes)
target = compute.job_target(dataset)
goals = compute.filter_goals(dataset.goals, codes) if dataset.goals is not None else None
activities = compute.filter_activities(dataset.activities, codes) if dataset.activities is not None else None

st.subheader("Nøkkeltall")
left, middle, right = st.columns(3)
with left:
    if jobs.last_year is None:
        st.metric("Netto endring i arbeidsplasser", "–", help="Ingen sysselsettingstall for to år på rad.")
    else:
        goal_text = f"Mål: {fmt.number(jobs.yearly_target, signed=True)} per år" if jobs.yearly_target else None
        st.metric(f"Netto endring i arbeidsplasser {jobs.last_year}", fmt.number(jobs.last_change, signed=True), goal_text, delta_color="off", delta_arrow="off")
with middle:
    if jobs.cumulative is None:
        st.metric("Netto vekst siden startåret", "–")
    else:
        against = f"Mål innen {jobs.cumulative_year}: {fmt.number(jobs.target_to_date, signed=True)}" if jobs.target_to_date is not None else None
        st.metric(f"Netto vekst {jobs.baseline_year}–{jobs.cumulative_year}", fmt.number(jobs.cumulative, signed=True), against, delta_color="off", delta_arrow="off")
with right:
    if furniture.has(dataset.budget):
        by_year = compute.budget_by_year(dataset.budget)
        years = list(by_year.index)
        default = compute.default_budget_year(by_year, today)
        year = st.selectbox("Budsjettår", years, index=years.index(default), key="overview_year")
        row = by_year.loc[year]
        st.metric(f"Revidert budsjett {year} (hele regionen)", fmt.kroner(row["revised"]),
                  f"{fmt.kroner(row['revised'] - row['original'], signed=True)} mot opprinnelig", delta_color="off", delta_arrow="off")

if (previous := data.previous_data()) is not None:
    before, previous_dataset = previous
    lines = data.highlights(previous_dataset, dataset)
    with st.expander(f"Endret siden forrige versjon (versjon {before.number}): {fmt.count_noun(len(lines), 'endring', 'endringer')}", expanded=bool(lines)):
        for line in lines:
            st.markdown(f"- {escape.md(line)}")
        if not lines:
            st.caption("Ingen endringer i status, budsjettendringer eller sysselsettingstall.")

left, right = st.columns(2)
if goals is not None and len(goals):
    with left:
        counts = compute.count_by(goals, "status", compute.ALL_GOAL_STATUSES)
        furniture.chart(charts.status_bars(counts, f"Mål etter status ({len(goals)} mål)"), "overview_goals")
if activities is not None and len(activities):
    with right:
        counts = compute.count_by(activities, "status", compute.ALL_ACTIVITY_STATUSES)
        furniture.chart(charts.status_bars(counts, f"Aktiviteter etter status ({len(activities)} aktiviteter)"), "overview_activities")

if jobs.baseline_year is not None and jobs.cumulative is not None:
    st.subheader("Strategisk mål")
    if target is not None:
        st.markdown(f"**{escape.md(target.name)}**: {fmt.number(target.value)} netto nye arbeidsplasser"
                    + (" per år" if target.per_year else f" innen {target.target_year}") + f", regnet fra {target.baseline_year}.")
    series = data.region_net_change(dataset, codes).net_change
    cumulative = compute.cumulative_growth(series, jobs.baseline_year)
    furniture.chart(charts.cumulative_vs_target(cumulative, target, jobs.baseline_year), "overview_target")

st.subheader("Trenger oppmerksomhet")
attention_goals = compute.attention_goals(goals) if goals is not None else None
late = compute.late_activities(activities, today) if activities is not None else None
if (attention_goals is None or attention_goals.empty) and (late is None or late.empty):
    st.success("Ingen mål har risiko eller er forsinket, og ingen aktiviteter er over sluttdato.")
if attention_goals is not None and len(attention_goals):
    st.markdown(f"**Mål med risiko eller forsinkelse ({len(attention_goals)})**")
    furniture.table(views.attention_goal_table(attention_goals), "mål som trenger oppmerksomhet")
if late is not None and len(late):
    st.markdown(f"**Aktiviteter over sluttdato som ikke er gjennomført ({len(late)})**")
    furniture.table(views.late_activity_table(late), "aktiviteter over sluttdato")
