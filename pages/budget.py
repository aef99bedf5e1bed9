"""Økonomi: original, revised and actual per year and post, the changes and the funding."""

import datetime as dt

import streamlit as st

from byr_data import charts, compute, fmt, views
from byr_data.web import furniture

dataset, _ = furniture.page("Økonomi", needs=("budget",), filtered=False, scope="hele regionen",
                            note="Budsjettet er regionens felles budsjett: kommunefilteret gjelder ikke denne siden.")

by_year = compute.budget_by_year(dataset.budget)
years = list(by_year.index)
year = st.selectbox("Budsjettår", years, index=years.index(compute.default_budget_year(by_year, dt.date.today())), key="budget_year")

row = by_year.loc[year]
first, second, third = st.columns(3)
first.metric(f"Opprinnelig budsjett {year}", fmt.kroner(row["original"]))
second.metric(f"Revidert budsjett {year}", fmt.kroner(row["revised"]), f"{fmt.kroner(row['revised'] - row['original'], signed=True)} mot opprinnelig", delta_color="off", delta_arrow="off")
third.metric(f"Regnskap {year}", fmt.kroner(row["actual"]), f"{fmt.percent(row['actual'] / row['revised'] if row['revised'] else None, 0)} av revidert", delta_color="off", delta_arrow="off")

furniture.chart(charts.budget_by_year(by_year), "budget_years")
furniture.chart(charts.budget_waterfall(compute.waterfall_steps(dataset.budget, dataset.budget_changes, year), year), "budget_waterfall")

changes = compute.budget_changes_for(dataset.budget_changes, year)
st.subheader(f"Budsjettendringer {year}")
if len(changes):
    furniture.table(views.budget_change_table(changes), f"budsjettendringer {year}")
else:
    st.caption("Ingen budsjettendringer er registrert for dette året.")

st.subheader(f"Budsjett per post {year}")
furniture.table(views.budget_post_table(compute.budget_by_post(dataset.budget, year)), f"budsjett per post {year}")
furniture.chart(charts.funding_bars(compute.budget_by_funding(dataset.budget, year), year), "budget_funding")
