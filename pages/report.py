"""Rapport: the status report to the ministry, pre-filled from the data, edited here, downloaded as Word or PDF."""

import datetime as dt

import streamlit as st

from byr_data import auth_ui, escape, fmt, pdf, report
from byr_data.web import data, furniture

dataset, _ = furniture.page("Rapport", filtered=False)
st.markdown("Statusrapporten til departementet (KMD) med programmets overskrifter. Tekstene er fylt ut fra dataene; "
            "rediger dem før du laster ned rapporten som Word-dokument eller PDF.")

# Dates are typed as DD.MM.ÅÅÅÅ and checked by report.read_date: st.date_input shows no Norwegian message
# for a typed date it cannot read. The calendar under each field fills in its text (its month and day
# names are English: Streamlit's calendar cannot be translated).
today = dt.date.today()
first, last = report.date_bounds(dataset, today)


def _pick(name: str) -> None:
    st.session_state[name] = fmt.date(st.session_state[f"{name}_calendar"])


left, right = st.columns(2)
st.session_state.setdefault("report_date", fmt.date(today))
typed = {}
for name, column, label, help_text in (
        ("report_date", left, "Rapporteringsdato", f"Skriv datoen som DD.MM.ÅÅÅÅ, fra {fmt.date(first)} til {fmt.date(last)}."),
        ("report_since", right, "Perioden starter", "Tom: forrige rapporteringsdato som er lagret, ellers seks måneder før.")):
    typed[name] = column.text_input(label, key=name, max_chars=20, placeholder="DD.MM.ÅÅÅÅ", help=help_text)
    try:  # the calendar opens on the typed date
        st.session_state[f"{name}_calendar"] = report.read_date(typed[name], dataset, today)
    except ValueError:
        st.session_state[f"{name}_calendar"] = None
    with column.popover("Velg i kalender", icon=":material/calendar_month:"):
        st.date_input(label, min_value=first, max_value=last, format="DD.MM.YYYY", key=f"{name}_calendar",
                      on_change=_pick, args=(name,), label_visibility="collapsed")
try:
    report_date = report.read_date(typed["report_date"], dataset, today)
    chosen_since = report.read_date(typed["report_since"], dataset, today, "Starten på perioden") if typed["report_since"].strip() else None
except ValueError as error:
    st.error(escape.md(error))
    st.stop()
context = data.report_context(report_date, chosen_since)
since, previous, draft = context.since, context.previous, context.draft
if since > report_date:
    st.error("Perioden kan ikke starte etter rapporteringsdatoen. Velg en tidligere startdato.")
    st.stop()
st.caption(f"Perioden er {since:%d.%m.%Y}–{report_date:%d.%m.%Y}."
           + (f" Endringer regnes mot dataene som gjaldt {since:%d.%m.%Y}." if previous is not None else " Endringer regnes fra datoene i dataene.")
           + (f" Utkastet ble lagret {draft['saved']:%d.%m.%Y} av {escape.md(draft['author'])}." if draft else ""))

prefilled = draft["fields"] if draft else data.report_prefill(dataset, report_date, since, previous)
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
        if key == "jobs":  # computed, under the job figures whatever the text says (as in the document)
            for caveat in data.report_caveats(dataset, report_date):
                st.markdown(f"*{escape.md(caveat)}*")
