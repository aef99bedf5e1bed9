"""Data: the published versions, downloads, and (for the administrator) upload, publish and roll back."""

import streamlit as st

from byr_data import auth_ui, diff, escape, fmt, ssb, updates, views
from byr_data.errors import DataError
from byr_data.export import template_workbook
from byr_data.model import SHEETS_BY_NAME
from byr_data.reading import CHOOSABLE
from byr_data.web import data, furniture, ssb_fetch

result = data.current()
dataset = result.dataset
version = data.current_version()
if dataset is not None:
    furniture.page_header("Data", dataset)
else:
    st.title("Data")

if dataset is not None and version is not None:
    st.subheader(f"Gjeldende data: versjon {version.number}")
    st.caption(escape.md(f"{furniture.version_caption(version)} av {version.author}: «{version.comment}»"))
    furniture.table(views.table_counts(dataset), "ark og rader")
    left, right = st.columns(2)
    left.download_button("Last ned dataene som Excel-arbeidsbok", lambda: data.exported(dataset),
                         file_name=f"byr-glamdalen-versjon-{version.number}.xlsx", key="download_data",
                         mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", on_click="ignore")
    right.download_button("Last ned tom mal med nedtrekkslister", template_workbook, file_name="byr-glamdalen-mal.xlsx",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="download_template", on_click="ignore")

st.subheader("Versjoner")
history = data.versions()
furniture.table(views.version_table(history), "versjoner")

admin = auth_ui.is_admin()
if not admin:
    st.info("Logg inn som administrator i sidemenyen for å laste opp, publisere eller tilbakestille data.")
    st.stop()


def show_changes(tables: list[diff.TableDiff] | tuple[diff.TableDiff, ...], suffix: str = "") -> None:
    """What a publication would change, one expander per table (the same for an upload and a rollback; ``suffix`` tells their tables apart)."""
    for table in tables:
        with st.expander(escape.md(f"«{table.header}»: {table.summary()}"), expanded=not table.empty and len(table.changed) <= 20):
            if not table.changed.empty:
                st.markdown("**Endret** (før og nå side om side)")
                furniture.table(table.changed, f"{table.header} endret{suffix}")
            if not table.added.empty:
                st.markdown("**Nye rader**")
                furniture.table(table.added, f"{table.header} nye rader{suffix}")
            if not table.removed.empty:
                st.markdown("**Fjernede rader**")
                furniture.table(table.removed, f"{table.header} fjernede rader{suffix}")
            if table.empty:
                st.caption("Ingen endringer i dette arket.")


current_number = version.number if version is not None else None
if len(history) > 1:
    with st.expander("Tilbakestill til en tidligere versjon"):
        choices = [v.number for v in history if version is None or v.number != version.number]
        chosen = st.selectbox("Versjon", choices, format_func=lambda n: f"Versjon {n}", key="rollback_version")
        seen = data.seen_base("rollback", current_number)  # what the admin saw as current when clicking
        rollback_changes = data.changes(dataset, data.version_data(chosen))
        st.markdown(f"**Dette endres hvis versjon {chosen} publiseres på nytt:**")
        show_changes(rollback_changes, f" ved tilbakestilling til versjon {chosen}")
        nothing = all(t.empty for t in rollback_changes) and dataset is not None and dataset.about == data.version_data(chosen).about
        if nothing:
            st.info(f"{updates.NO_CHANGES}: versjon {chosen} har de samme dataene som gjeldende versjon.")
        # The role is checked again on the server at the moment of the action.
        if st.button(f"Publiser versjon {chosen} som ny versjon", key="rollback", disabled=nothing) and auth_ui.require_admin():
            try:
                new = data.rollback(chosen, base=seen)
            except DataError as error:
                st.error(escape.md(str(error)))
            else:
                st.session_state["data_notice"] = f"Versjon {chosen} er publisert på nytt som versjon {new.number}."
                st.rerun()

if notice := st.session_state.pop("data_notice", None):
    st.success(notice)

ssb_fetch.section(current_number)

st.subheader("Last opp nye data")
st.markdown(
    "Last opp én eller flere arbeidsbøker (.xlsx eller .xls) i dataformatet, eller en CSV-eksport av SSB-tabell 13470. "
    "Arkene i filene erstatter de samme arkene i gjeldende versjon; andre ark beholdes, også ark med bare overskriftsraden (som i den tomme malen). "
    f"Største filstørrelse er {fmt.number(20)} MB. Ingenting endres før du publiserer."
)
files = st.file_uploader("Velg filer", type=["xlsx", "xls", "csv"], accept_multiple_files=True, key=data.upload_key())
if not files:
    st.stop()
sources = tuple((f.name, f.getvalue()) for f in files)
base = data.preview_base(sources, current_number)  # kept with the preview until a publish is refused
digest = data.upload_digest(sources)  # the choices to empty belong to these files only
empty = [name for name in SHEETS_BY_NAME if st.session_state.get(f"empty_{digest}_{name}")]
# An SSB export that does not say whether it counts jobs or people is refused until the admin chooses.
kinds = {name: st.session_state[f"kind_{name}"] for name, _ in sources if st.session_state.get(f"kind_{name}")}
checked = data.check_upload(sources, base, empty, kinds)
report = checked.report
for name in dict.fromkeys([p.file for p in report.errors if p.message == ssb.UNDECIDED and p.file] + list(kinds)):
    st.radio(escape.md(f"Hva inneholder «{name}»?"), list(CHOOSABLE), index=None, key=f"kind_{name}", horizontal=True)
if checked.dataset is None:
    st.error(f"Filene kan ikke publiseres: {fmt.count_noun(len(report.errors), 'feil', 'feil')}. Dataene som vises, er uendret. "
             "Rett feilene i filen og last den opp på nytt.")
    for line in report.lines(report.errors):
        st.markdown(f"- {escape.md(line)}")
else:
    st.success("Filene er kontrollert og kan publiseres.")
    for line in report.lines(report.info):
        if line.startswith(("Erstattes", "Beholdes", "Tømmes")):
            st.markdown(f"**{escape.md(line)}**")
    show_changes(checked.changes or data.changes(None, checked.dataset))
if checked.blank:  # after the errors or the preview, so an emptied table that breaks the rest can be unticked again
    with st.expander(f"Tømme ark? ({fmt.count_noun(len(checked.blank), 'ark', 'ark')} uten rader i filen)", expanded=bool(empty)):
        st.markdown("Disse arkene har bare overskriftsraden i filen og er ikke med i opplastingen: dagens data for dem beholdes. "
                    "Kryss av bare hvis du vil tømme et ark i den nye versjonen.")
        for name in checked.blank:
            st.checkbox(escape.md(f"Tøm «{SHEETS_BY_NAME[name].header}» i den nye versjonen"), key=f"empty_{digest}_{name}")
if report.warnings:  # above «Publiser»: everything the admin should know comes before the button
    with st.expander(f"Advarsler ({len(report.warnings)})", expanded=checked.dataset is not None):
        for line in report.lines(report.warnings):
            st.markdown(f"- {escape.md(line)}")
if checked.dataset is not None:
    if checked.no_changes:
        st.info(updates.no_changes_message(base))
    comment = st.text_input("Kommentar til versjonen (påkrevd)", key="publish_comment", placeholder="For eksempel: Oppdatert før regionrådsmøtet 15.02.2016")
    if refused := st.session_state.pop("publish_error", None):
        st.error(escape.md(refused))
    # The role is checked again on the server at the moment of the action.
    if st.button("Publiser", key="publish", type="primary", disabled=checked.no_changes or not comment.strip()) and auth_ui.require_admin():
        try:
            new = data.publish(sources, comment.strip(), base, empty, kinds)
        except DataError as error:  # shown after a rerun, with the preview against the version now current
            st.session_state["publish_error"] = str(error)
        else:
            st.session_state["data_notice"] = f"Publisert som versjon {new.number}. Alle som åpner dashbordet, ser de nye tallene."
        st.rerun()
