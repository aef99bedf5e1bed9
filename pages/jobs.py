"""Arbeidsplasser: employment per municipality, net change per year, growth since the baseline."""

import streamlit as st

from byr_data import charts, compute, fmt, webapp

MAX_LINES = 8

dataset = webapp.current().dataset
codes = webapp.selected_codes()
webapp.page_header("Arbeidsplasser", dataset, webapp.filter_label(dataset, codes))

if dataset.employment is None:
    st.info("Dataene har ikke arket «Sysselsetting». Last opp sysselsettingstall for å se dem her.")
    st.stop()

names = compute.municipality_names(dataset)
members = compute.membership(dataset)
chosen = list(codes) or list(members["code"])
totals = webapp.municipal_totals(dataset)
totals = totals[totals["code"].isin(chosen)]
series = webapp.region_net_change(dataset, codes)
jobs = webapp.job_status(dataset, codes)
target = compute.job_target(dataset)
scope = webapp.filter_label(dataset, codes)

st.caption("Arbeidsplasser = sysselsatte etter arbeidssted, 4. kvartal (SSB tabell 13470). Regionens netto endring et år er summen "
           "for kommunene som var medlemmer det året. Fra 2015 bygger SSBs tall på a-ordningen, så tallene før og etter er ikke helt sammenlignbare.")

first, second, third = st.columns(3)
if jobs.last_year is not None:
    first.metric(f"Netto endring {jobs.last_year}", fmt.number(jobs.last_change, signed=True),
                 f"Mål: {fmt.number(jobs.yearly_target, signed=True)} per år" if jobs.yearly_target else None, delta_color="off", delta_arrow="off")
if jobs.cumulative is not None:
    second.metric(f"Netto vekst {jobs.baseline_year}–{jobs.cumulative_year}", fmt.number(jobs.cumulative, signed=True),
                  f"Mål: {fmt.number(jobs.target_to_date, signed=True)}" if jobs.target_to_date is not None else None, delta_color="off", delta_arrow="off")
latest = totals[totals["year"] == totals["year"].max()]
if len(latest):
    third.metric(f"Sysselsatte {int(latest['year'].iloc[0])}", fmt.number(latest["employed"].sum()))

if len(series.missing):
    missing = ", ".join(f"{names.get(c, c)} {y}" for c, y in zip(series.missing["code"], series.missing["year"], strict=True))
    st.warning(f"Noen år mangler i regionens serie fordi en medlemskommune mangler tall: {missing}.")

if jobs.baseline_year is not None and jobs.cumulative is not None:
    cumulative = compute.cumulative_growth(series.net_change, jobs.baseline_year)
    webapp.chart(charts.cumulative_vs_target(cumulative, target, jobs.baseline_year), "jobs_cumulative")
webapp.chart(charts.net_change_bars(series.net_change, f"Netto endring i arbeidsplasser per år: {scope}", jobs.yearly_target), "jobs_net_change")

if totals["code"].nunique() <= MAX_LINES:
    webapp.chart(charts.employment_lines(totals, names), "jobs_lines")
else:
    st.caption(f"Velg inntil {MAX_LINES} kommuner i filteret for å se én linje per kommune.")

changes = compute.yearly_change(totals)
if len(changes) and jobs.baseline_year is not None:
    period = compute.period_change(totals, jobs.baseline_year)
    if len(period):
        webapp.chart(charts.change_by_municipality(period, names, jobs.baseline_year, int(totals["year"].max())), "jobs_by_municipality")

with st.expander("Tall: netto endring per år"):
    webapp.table(webapp.net_change_table(series.net_change, changes, names, "Regionen"))
with st.expander("Tall: sysselsatte per kommune og år"):
    webapp.table(webapp.employment_table(totals, names))
