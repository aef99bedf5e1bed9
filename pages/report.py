"""Rapport: the status report to the ministry, pre-filled from the data, edited here, downloaded as Word or PDF."""

import datetime as dt

import streamlit as st

from byr_data import auth_ui, escape, pdf, report
from byr_data.web import data, furniture

dataset, _ = furniture.page("Rapport", filtered=False)
st.markdown("Statusrapporten til departementet (KMD) med programmets overskrifter. Tekstene er fylt ut fra dataene; "
            "rediger dem før du laster ned rapporten som Word-dokument.")

left, right = st.columns(2)
st.session_state.setdefault("report_date", dt.date.today())
report_date = left.date_input("Rapporteringsdato", format="DD.MM.YYYY", key="report_date")
chosen_since = right.date_input("Perioden starter", value=None, format="DD.MM.YYYY", key="report_since",
                                help="Tom: forrige rapporteringsdato som er lagret, ellers seks måneder før.")
context = data.report_context(report_date, chosen_since)
since, previous, draft = context.since, context.previous, context.draft
if since > report_date:
    st.error("Perioden kan ikke starte etter rapporteringsdatoen. Velg en tidligere startdato.")
    st.stop()
st.caption(f"Perioden er {since:%d.%m.%Y}–{report_date:%d.%m.%Y}."
           + (f" Endringer regnes mot dataene som gjaldt {since:%d.%m.%Y}." if previous is not None else " Endringer regnes fra datoene i dataene.")
           + (f" Utkastet ble lagret {draft['saved']:%d.%m.%Y} av {escape.md(draft['author'])}." if draft else ""))

prefilled = draft["fields"] if draft else report.prefill(dataset, report_date, since, previous)
fields: dict[str, str] = {}
for key, heading in report.SECTIONS.items():
    fields[key] = st.text_area(heading, value=prefilled.get(key, ""), height=160, key=f"report_{key}_{report_date:%Y%m%d}")

document, notes = data.report_document(dataset, report_date, since, previous, tuple(sorted(fields.items())))
for note in notes:
    st.info(escape.md(note))
left, right = st.columns(2)
file_name = f"statusrapport-byr-glamdalen-{report_date:%Y-%m-%d}"
downloads = left.container(horizontal=True)
downloads.download_button("Last ned rapporten (Word)", document, file_name=f"{file_name}.docx",
                          mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document", type="primary", key="report_download",
                          on_click="ignore", icon=":material/description:")
# The PDF is made only when clicked (LibreOffice takes seconds), not on every edit of a text.
pdf_ready = pdf.available()
no_pdf = (f"{pdf.MISSING} Den er ikke installert på serveren, så PDF kan ikke lages her. Word-filen kan lastes ned som vanlig; "
          "be den som drifter nettstedet, om å installere pakken.")
downloads.download_button("Last ned som PDF", lambda: data.report_pdf(document), file_name=f"{file_name}.pdf", mime="application/pdf",
                          key="report_download_pdf", on_click="ignore", icon=":material/picture_as_pdf:", disabled=not pdf_ready,
                          help="Samme dokument som Word-filen, gjort om til PDF med LibreOffice (tar noen sekunder)." if pdf_ready else no_pdf)
if not pdf_ready:
    left.caption(no_pdf)
if auth_ui.is_admin():
    # The role is checked again on the server at the moment of the action.
    if right.button("Lagre tekstene som utkast for denne datoen", key="report_save") and auth_ui.require_admin():
        data.save_report_draft(report_date, fields)
        st.success(f"Utkastet for {report_date:%d.%m.%Y} er lagret. Neste rapport starter fra denne datoen.")
else:
    right.caption("Logg inn som administrator for å lagre tekstene som utkast.")

with st.expander("Forhåndsvisning", expanded=False):
    st.markdown(f"### Utviklingsprogrammet for byregioner – Fase 2: Rapportering pr. {report_date:%d.%m.%Y}\n\n**{escape.md(dataset.region_name)}**")
    for key, heading in report.SECTIONS.items():
        st.markdown(f"#### {heading}\n\n{report.preview_markdown(fields[key])}")
