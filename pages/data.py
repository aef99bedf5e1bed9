"""Data: what the dashboard shows, and checking new files against it (the same reader as everywhere)."""

import streamlit as st

from byr_data import fmt, views, webapp

result = webapp.current()
dataset = result.dataset
webapp.page_header("Data", dataset)

st.subheader("Dataene som vises")
st.markdown(f"Filer: {', '.join(f'«{f}»' for f in dataset.files)}.")
webapp.table(views.table_counts(dataset))
if webapp.using_upload():
    st.warning("Du ser på opplastede filer i denne økten. De er ikke publisert: andre ser fortsatt de publiserte dataene.")
    if st.button("Tilbake til de publiserte dataene", key="upload_reset"):
        webapp.use_upload(None)
        st.rerun()

st.subheader("Kontroller nye filer")
st.markdown(
    "Last opp én eller flere arbeidsbøker (.xlsx eller .xls) i dataformatet, eller en CSV-eksport av SSB-tabell 13470. "
    "Arkene i filene erstatter de samme arkene i dataene som vises; andre ark beholdes. "
    f"Største filstørrelse er {fmt.number(20)} MB. Dataene som vises, endres ikke før du selv velger å se på de nye."
)
files = st.file_uploader("Velg filer", type=["xlsx", "xls", "csv"], accept_multiple_files=True, key="upload_files")
if files:
    sources = tuple((f.name, f.getvalue()) for f in files)
    checked = webapp.check_upload(sources)
    report = checked.report
    if checked.dataset is None:
        st.error(f"Filene kan ikke brukes: {fmt.count_noun(len(report.errors), 'feil', 'feil')}. Dataene som vises, er uendret. "
                 "Rett feilene i filen og last den opp på nytt.")
        for line in report.lines(report.errors):
            st.markdown(f"- {line}")
    else:
        st.success("Filene er kontrollert og kan brukes.")
        webapp.table(views.table_counts(checked.dataset))
        if st.button("Se på disse dataene i min økt", key="upload_use", type="primary"):
            webapp.use_upload(sources)
            st.rerun()
    if report.warnings:
        with st.expander(f"Advarsler ({len(report.warnings)})", expanded=checked.dataset is not None):
            for line in report.lines(report.warnings):
                st.markdown(f"- {line}")
    if report.info:
        with st.expander(f"Informasjon ({len(report.info)})"):
            for line in report.lines(report.info):
                st.markdown(f"- {line}")
