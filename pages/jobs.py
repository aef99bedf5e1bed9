"""Arbeidsplasser: net growth since the baseline against the target, comparisons, industries, per inhabitant."""

import streamlit as st

from byr_data import charts, compute, escape, fetch, fmt, growth, meeting, views
from byr_data.growth import MembershipMode
from byr_data.web import data, filter, furniture

MAX_LINES = 8

dataset, codes = furniture.page("Arbeidsplasser", needs=("employment",))
scope = filter.filter_label(dataset, codes)

names = data.municipality_names(dataset)
source = fetch.chart_source(dataset)
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
# The region's growth, target, shortfall and status: one definition (growth.job_story); a filter adds the subset's growth.
story = data.job_story(dataset, baseline, mode, codes)
assert story is not None  # the page needs employment figures, and the years give a baseline
target = story.target
chart_scope = growth.scope_label(dataset, codes, mode)
if baseline != goal_baseline or mode != MembershipMode.MEMBERS_EACH_YEAR:
    # The strategic goal's status is the region's from the goal's own Startår and the counting rule, whatever is chosen here.
    default = data.job_story(dataset, None, MembershipMode.MEMBERS_EACH_YEAR, ())
    story_figures = [f for f in story.figures() if f[0] != "Status for målet"] + ([default.status_figure()] if default and default.status_figure() else [])
else:
    story_figures = story.figures()

first, second, third = st.columns(3)
if view.last_year is not None:
    in_time = target is not None and target.per_year and not codes and (target.target_year is None or view.last_year <= target.target_year)
    first.metric(f"Netto endring {view.last_year}", fmt.number(view.last_change, signed=True),
                 f"{fmt.percent(view.last_percent, 2, signed=True)} · mål {fmt.number(target.value, signed=True)} per år"
                 if in_time and target is not None else fmt.percent(view.last_percent, 2, signed=True), delta_color="off", delta_arrow="off")
if story_figures and view.cumulative_year is not None:
    label, value, note = story_figures[0]
    second.metric(escape.md(label), value, " · ".join(t for t in (fmt.percent(view.cumulative_percent, 1, signed=True), note) if t and t != "–") or None,
                  delta_color="off", delta_arrow="off")
latest = totals[(totals["year"] == years[-1]) & (totals["code"].isin(list(codes) or view.member_codes))]
third.metric(f"Sysselsatte {years[-1]}", fmt.number(latest["employed"].sum()))
rest = story_figures[1:]
for column, (label, value, note) in zip(st.columns(max(len(rest), 1)), rest, strict=False):
    column.metric(escape.md(label), value, note or None, delta_color="off", delta_arrow="off")

with st.expander("Slik regnes tallene"):
    st.markdown(views.method_text(target, baseline, mode, both_bases=sorted({y for _, y in compute.old_basis_totals(dataset)})))

if len(view.series.missing):
    missing = ", ".join(f"{names.get(c, c)} {y}" for c, y in zip(view.series.missing["code"], view.series.missing["year"], strict=True))
    st.warning(f"Disse årene mangler i regionens serie fordi en medlemskommune mangler tall (vises som hull): {escape.md(missing)}.")

st.subheader("Mot målet")
# A subset is never drawn against the region's target.
if view.cumulative_year is None:  # a chart would hold only the target path, or nothing
    st.info(meeting.NO_GROWTH.format(baseline=baseline))
else:
    furniture.chart(data.kept(dataset, ("jobs_cumulative", codes, baseline, mode), lambda: charts.cumulative_vs_target(
        view.cumulative_series, None if codes else target, baseline, source=source, events=view.events, scope=chart_scope)), "jobs_cumulative")
if len(view.series.net_change):
    furniture.chart(data.kept(dataset, ("jobs_net_change", codes, baseline, mode), lambda: charts.net_change_bars(
        view.series.net_change, f"Netto endring i arbeidsplasser per år: {scope}", target.yearly() if target is not None and not codes else None,
        source=source, events=view.events, percent=view.percent, target_year=story.target_year, scope=chart_scope)), "jobs_net_change")

comparisons = data.comparison_view(dataset, codes, baseline, mode)
if comparisons is not None:
    index, expected = comparisons
    st.subheader("Sammenlignet med andre")
    furniture.chart(data.kept(dataset, ("jobs_index", codes, baseline, mode),
                              lambda: charts.index_chart(index, baseline, growth.region_label(dataset, codes), source=source)), "jobs_index")
    for name, first_year in data.series_after_baseline(dataset, baseline):
        st.caption(escape.md(f"{name} har tall fra {first_year} og er ikke med i indeksen med startår {baseline}; eldre tall for et annet område "
                             f"skjøtes ikke på. Velg startår {first_year} eller senere for å sammenligne med {name}."))
    st.markdown(f"**Forventet vekst**: veksten {escape.md(scope)} ville hatt {baseline}–{view.cumulative_year} med samme vekstrate som sammenligningen.")
    furniture.table(data.kept(dataset, ("jobs_expected", codes, baseline, mode), lambda: views.expected_table(expected)), "forventet vekst")

if growth.has_industries(dataset):
    st.subheader("Hvilke næringer vokste")
    period = st.select_slider("Periode", options=years, value=(baseline, years[-1]), key="jobs_industry_period")
    industries = data.industry_view(dataset, period[0], period[1], codes, mode)
    furniture.chart(data.kept(dataset, ("jobs_industries", codes, mode, period),
                              lambda: charts.industry_bars(industries.table, period[0], period[1], scope, source=source)), "jobs_industries")
    if industries.missing:
        st.caption(escape.md("Uten tall per næring (ikke med her): " + ", ".join(names.get(c, c) for c in industries.missing) + "."))
    member = st.selectbox("Næringer i én kommune", view.member_codes, format_func=lambda c: names.get(c, c), key="jobs_industry_municipality")
    one = data.industry_view(dataset, period[0], period[1], (member,), mode)
    furniture.chart(data.kept(dataset, ("jobs_industries_one", member, mode, period),
                              lambda: charts.industry_bars(one.table, period[0], period[1], names.get(member, member), source=source)),
                    "jobs_industries_one")

per_1000 = data.per_1000_view(dataset, codes)
if per_1000 is not None and len(per_1000):
    st.subheader("Arbeidsplasser per innbygger")
    year = int(per_1000["year"].max())
    people_source = fetch.chart_source(dataset, ("employment", "population"))
    furniture.chart(data.kept(dataset, ("jobs_per_1000", codes), lambda: charts.per_1000_bars(
        per_1000, names, year, source=people_source, scope=growth.scope_label(dataset, codes))), "jobs_per_1000")

st.subheader("Kommunene")
shown = totals[totals["code"].isin(list(codes) or view.member_codes)]
if shown["code"].nunique() <= MAX_LINES:
    furniture.chart(data.kept(dataset, ("jobs_lines", codes, mode), lambda: charts.employment_lines(
        shown, names, source=source, events=view.events, scope=growth.scope_label(dataset, codes))), "jobs_lines")
else:
    st.caption(f"Velg inntil {MAX_LINES} kommuner i filteret for å se én linje per kommune.")
# Each member's change during its membership years: the bars add up to the growth above.
end_year = story.last_year or years[-1]
by_member = data.member_changes(dataset, baseline, end_year, codes or None, mode) if end_year > baseline else None  # one year: no change
if by_member is not None and len(by_member):
    furniture.chart(data.kept(dataset, ("jobs_by_municipality", codes, baseline, mode), lambda: charts.change_by_municipality(
        by_member, names, baseline, end_year, source=source, scope=chart_scope)), "jobs_by_municipality")
    st.caption(f"Hver kommune teller bare i årene den var medlem. Stolpene summerer til {fmt.number(float(by_member['change'].sum()), signed=True)}.")

with st.expander("Tall: netto endring per år"):
    furniture.table(data.kept(dataset, ("jobs_net_change_table", codes, baseline, mode), lambda: views.net_change_table(
        view.series.net_change, compute.yearly_change(shown, compute.old_basis_totals(dataset)), names, "Regionen")), "netto endring per år")
with st.expander("Tall: sysselsatte per kommune og år"):
    furniture.table(data.kept(dataset, ("jobs_employment_table", codes, mode), lambda: views.employment_table(shown, names)), "sysselsatte per kommune")
