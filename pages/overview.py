"""Oversikt: the key figures, the strategic goal's progress and what needs attention."""

import datetime as dt

import streamlit as st

from byr_data import charts, compute, escape, fmt, growth, views
from byr_data.web import data, furniture

dataset, codes = furniture.page("Oversikt")
today = dt.date.today()

jobs = data.job_status(dataset, codes)
# The region's growth, target and status (one definition: growth.job_story); a filter adds the subset's growth.
story = data.job_story(dataset, None, growth.MembershipMode.MEMBERS_EACH_YEAR, codes) if dataset.employment is not None else None
all_goals = growth.goals_with_computed_status(dataset.goals, story)
goals = compute.filter_goals(all_goals, codes) if all_goals is not None else None
activities = compute.filter_activities(dataset.activities, codes) if dataset.activities is not None else None

st.subheader("Nøkkeltall")
left, middle, right = st.columns(3)
with left:
    if jobs.last_year is None:
        st.metric("Netto endring i arbeidsplasser", "–", help="Ingen sysselsettingstall for to år på rad.")
    else:
        target = story.target if story is not None and not codes else None
        # The yearly target stands beside a year's change only up to the target year; never beside a municipality's.
        in_time = target is not None and target.per_year and (target.target_year is None or jobs.last_year <= target.target_year)
        goal_text = f"Mål: {fmt.number(target.value, signed=True)} per år" if target is not None and in_time else None
        st.metric(f"Netto endring i arbeidsplasser {jobs.last_year}", fmt.number(jobs.last_change, signed=True), goal_text, delta_color="off", delta_arrow="off")
with middle:
    first = story.figures()[0] if story is not None and story.figures() else None
    if first is None or jobs.cumulative is None:
        st.metric("Netto vekst siden startåret", "–")
    else:
        label, value, note = first
        st.metric(escape.md(label), value, note or None, delta_color="off", delta_arrow="off")
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
        furniture.chart(charts.status_bars(counts, f"Mål etter status ({len(goals)} mål)", growth.scope_label(dataset, codes)), "overview_goals")
if activities is not None and len(activities):
    with right:
        counts = compute.count_by(activities, "status", compute.ALL_ACTIVITY_STATUSES)
        furniture.chart(charts.status_bars(counts, f"Aktiviteter etter status ({len(activities)} aktiviteter)", growth.scope_label(dataset, codes)),
                        "overview_activities")

if story is not None and jobs.cumulative is not None:
    st.subheader("Strategisk mål")
    if story.target is not None:
        st.markdown(f"**{escape.md(story.target.name)}**: {escape.md(story.target_sentence())}"
                    + (" Målet gjelder hele regionen." if codes else ""))
    shown_figures = story.figures()
    for column, (label, value, note) in zip(st.columns(max(len(shown_figures), 1)), shown_figures, strict=False):
        column.metric(escape.md(label), value, note or None, delta_color="off", delta_arrow="off")
    series = data.region_net_change(dataset, codes).net_change
    cumulative = compute.cumulative_growth(series, story.baseline)
    furniture.chart(charts.cumulative_vs_target(cumulative, None if codes else story.target, story.baseline,
                                                scope=growth.scope_label(dataset, codes)), "overview_target")

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
