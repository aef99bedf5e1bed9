"""Arbeidsplasser: net growth since the baseline against the target, comparisons, industries, per inhabitant."""

import streamlit as st

from byr_data import charts, compute, escape, fmt, growth, views
from byr_data.growth import MembershipMode
from byr_data.web import data, filter, furniture

MAX_LINES = 8

dataset, codes = furniture.page("Arbeidsplasser", needs=("employment",))
scope = filter.filter_label(dataset, codes)

names = compute.municipality_names(dataset)
source = charts.source_note(dataset.is_sample)
totals = data.municipal_totals(dataset)
years = sorted(int(y) for y in totals["year"].unique())
goal_baseline = compute.baseline_year(dataset) or years[0]

left, right = st.columns(2)
baseline = left.selectbox("Startår (utgangspunkt for veksten)", years[:-1] or years, key="jobs_baseline",
                          index=(years[:-1] or years).index(goal_baseline) if goal_baseline in (years[:-1] or years) else 0,
                          help="Startåret i det strategiske målet er forvalgt. Veksten regnes fra utgangen av dette året.")
mode = right.radio("Hvilke kommuner telles", list(MembershipMode), format_func=lambda m: m.label, key="jobs_mode", horizontal=True,
                   help="«Medlemmer det enkelte år» følger medlemskapet (Våler teller til og med 2016). "
                        "«Dagens medlemmer for alle år» sammenligner likt med likt over hele perioden.")
assert mode is not None  # a radio with options and an index always has a choice

view = data.job_view(dataset, codes, baseline, mode)
figures = growth.target_figures(dataset, baseline, view.cumulative_series)
target = figures.target if figures else None

first, second, third, fourth = st.columns(4)
if view.last_year is not None:
    first.metric(f"Netto endring {view.last_year}", fmt.number(view.last_change, signed=True),
                 f"{fmt.percent(view.last_percent, 2, signed=True)} · mål {fmt.number(figures.yearly, signed=True)} per år"
                 if figures and figures.yearly else fmt.percent(view.last_percent, 2, signed=True), delta_color="off", delta_arrow="off")
if view.cumulative_year is not None:
    against = f"mål {fmt.number(figures.by_year, signed=True)}" if figures else ""
    second.metric(f"Netto vekst {baseline}–{view.cumulative_year}", fmt.number(view.cumulative, signed=True),
                  f"{fmt.percent(view.cumulative_percent, 1, signed=True)} · {against}".strip(" ·"), delta_color="off", delta_arrow="off")
if figures is not None:
    label, value, note = figures.needed_figure()
    third.metric(label, value, note, delta_color="off", delta_arrow="off")
latest = totals[(totals["year"] == years[-1]) & (totals["code"].isin(list(codes) or view.member_codes))]
fourth.metric(f"Sysselsatte {years[-1]}", fmt.number(latest["employed"].sum()))

with st.expander("Slik regnes tallene"):
    st.markdown(views.method_text(target, baseline, mode, both_bases=sorted({y for _, y in compute.old_basis_totals(dataset)})))

if len(view.series.missing):
    missing = ", ".join(f"{names.get(c, c)} {y}" for c, y in zip(view.series.missing["code"], view.series.missing["year"], strict=True))
    st.warning(f"Disse årene mangler i regionens serie fordi en medlemskommune mangler tall (vises som hull): {escape.md(missing)}.")

st.subheader("Mot målet")
furniture.chart(charts.cumulative_vs_target(view.cumulative_series, target, baseline, source=source, events=view.events), "jobs_cumulative")
furniture.chart(charts.net_change_bars(view.series.net_change, f"Netto endring i arbeidsplasser per år: {scope}", figures.yearly if figures else None,
                                    source=source, events=view.events, percent=view.percent), "jobs_net_change")

comparisons = data.comparison_view(dataset, codes, baseline, mode)
if comparisons is not None:
    index, expected = comparisons
    st.subheader("Sammenlignet med andre")
    furniture.chart(charts.index_chart(index, baseline, growth.region_label(dataset, codes), source=source), "jobs_index")
    st.markdown(f"**Forventet vekst**: veksten {escape.md(scope)} ville hatt {baseline}–{view.cumulative_year} med samme vekstrate som sammenligningen.")
    furniture.table(views.expected_table(expected), "forventet vekst")

if growth.has_industries(dataset):
    st.subheader("Hvilke næringer vokste")
    period = st.select_slider("Periode", options=years, value=(baseline, years[-1]), key="jobs_industry_period")
    industries = data.industry_view(dataset, period[0], period[1], codes, mode)
    furniture.chart(charts.industry_bars(industries.table, period[0], period[1], scope, source=source), "jobs_industries")
    if industries.missing:
        st.caption(escape.md("Uten tall per næring (ikke med her): " + ", ".join(names.get(c, c) for c in industries.missing) + "."))
    member = st.selectbox("Næringer i én kommune", view.member_codes, format_func=lambda c: names.get(c, c), key="jobs_industry_municipality")
    one = data.industry_view(dataset, period[0], period[1], (member,), mode)
    furniture.chart(charts.industry_bars(one.table, period[0], period[1], names.get(member, member), source=source), "jobs_industries_one")

per_1000 = data.per_1000_view(dataset, codes)
if per_1000 is not None and len(per_1000):
    st.subheader("Arbeidsplasser per innbygger")
    year = int(per_1000["year"].max())
    furniture.chart(charts.per_1000_bars(per_1000, names, year, source=source), "jobs_per_1000")

st.subheader("Kommunene")
shown = totals[totals["code"].isin(list(codes) or view.member_codes)]
if shown["code"].nunique() <= MAX_LINES:
    furniture.chart(charts.employment_lines(shown, names, source=source, events=view.events), "jobs_lines")
else:
    st.caption(f"Velg inntil {MAX_LINES} kommuner i filteret for å se én linje per kommune.")
period_change = compute.period_change(shown, baseline)
if len(period_change):
    furniture.chart(charts.change_by_municipality(period_change, names, baseline, years[-1], source=source), "jobs_by_municipality")

with st.expander("Tall: netto endring per år"):
    furniture.table(data.net_change_table(view.series.net_change, compute.yearly_change(shown, compute.old_basis_totals(dataset)), names, "Regionen"), "netto endring per år")
with st.expander("Tall: sysselsatte per kommune og år"):
    furniture.table(data.employment_table(shown, names), "sysselsatte per kommune")
