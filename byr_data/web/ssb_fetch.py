"""The Data page's «Hent nye tall fra SSB»: fetch with progress per table, the same preview as an upload, publish on confirmation.

The fetched answers and their check live in the session (not a cache: they belong to this
admin's preview); the use case is :mod:`byr_data.fetch`, as on the command line.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from byr_data import auth_ui, escape, fetch, fmt, ssb_api, updates
from byr_data.errors import DataError
from byr_data.store import VersionConflict
from byr_data.web import data, furniture

#: Session key: (download, update) of the last fetch.
KEY = "ssb_fetch_preview"


def _check(download: fetch.Download, base: int) -> updates.Update:
    return fetch.check(download, data.version_data(base), dt.date.today())


def section(current_number: int | None) -> None:
    """The fetch button, its progress, and (after a fetch) the preview and the publish button. Callers show it to admins only."""
    st.subheader("Hent nye tall fra SSB")
    st.markdown(
        "Henter sysselsatte etter arbeidssted (SSB-tabell 13470, med næringer) og folketallet 1. januar (tabell 07459) for "
        "kommunene i «Kommuner», Innlandet og hele landet, rett fra SSBs statistikkbank. Bare «Sysselsetting» og «Befolkning» "
        "endres, og ingenting publiseres før du har sett endringene og trykket «Publiser tallene fra SSB»."
    )
    if st.button("Hent nye tall fra SSB", key="ssb_fetch") and auth_ui.require_admin():
        st.session_state.pop(KEY, None)
        with st.status("Henter tall fra SSB …", expanded=True) as status:
            try:
                if current_number is None:
                    raise ssb_api.SsbError("Databasen har ingen publiserte data ennå, så det er ukjent hvilke kommuner tallene skal hentes for.")
                # Progress lines can quote SSB's own texts: shown as text, like every value from outside.
                def notify(line: str) -> None:
                    status.write(escape.md(line))

                client = ssb_api.Client(notify=notify)
                download = fetch.download(client, data.version_data(current_number), dt.date.today(), notify=notify)
                update = _check(download, current_number)
            except DataError as error:
                status.update(label="Tallene kunne ikke hentes fra SSB. Ingenting er endret.", state="error", expanded=True)
                st.error(escape.md(str(error)))
                return
            if update.dataset is None:
                status.update(label="Tallene er hentet fra SSB, men kan ikke publiseres. Ingenting er endret.", state="error")
            else:
                status.update(label="Tallene er hentet fra SSB", state="complete", expanded=False)
        st.session_state[KEY] = (download, update)
    kept = st.session_state.get(KEY)
    if kept is None:
        return
    download, update = kept
    report = update.report
    if update.dataset is None:
        st.error(f"Tallene fra SSB kan ikke publiseres: {fmt.count_noun(len(report.errors), 'feil', 'feil')}. Dataene som vises, er uendret.")
        for line in report.lines(report.errors):
            st.markdown(f"- {escape.md(line)}")
        return
    st.success("Tallene fra SSB er kontrollert og kan publiseres.")
    for line in report.lines(report.info):
        st.markdown(f"- {escape.md(line)}")
    old = data.version_data(update.base) if update.base is not None else None
    for table in data.changes(old, update.dataset):
        with st.expander(escape.md(f"«{table.header}»: {table.summary()}"), expanded=False):
            for title, rows in (("Endret (før og nå side om side)", table.changed), ("Nye rader", table.added), ("Fjernede rader", table.removed)):
                if not rows.empty:
                    st.markdown(f"**{title}**")
                    furniture.table(rows, f"{table.header} {title.split(' ')[0].lower()}")
            if table.empty:
                st.caption("Ingen endringer i dette arket.")
    if report.warnings:
        with st.expander(f"Advarsler ({len(report.warnings)})", expanded=True):
            for line in report.lines(report.warnings):
                st.markdown(f"- {escape.md(line)}")
    comment = st.text_input("Kommentar til versjonen", value="Nye tall fra SSB (tabell 13470 og 07459)", key="ssb_comment")
    if st.button("Publiser tallene fra SSB", key="ssb_publish", type="primary", disabled=not comment.strip()) and auth_ui.require_admin():
        try:
            new = updates.publish(data.store(), update, author=auth_ui.author(), comment=comment.strip())
        except VersionConflict as conflict:
            # Another version came in between: compare the same answers with it, for the admin to look at again.
            st.session_state[KEY] = (download, _check(download, conflict.current))
            st.session_state["ssb_fetch_error"] = (
                f"Versjon {conflict.current} ble publisert mens du så på endringene (de var sammenlignet med versjon {update.base}). "
                "Ingenting er lagret. Endringene er nå sammenlignet med den nye versjonen: se over dem og publiser igjen."
            )
        except DataError as error:
            st.session_state["ssb_fetch_error"] = str(error)
        else:
            st.session_state.pop(KEY, None)
            st.session_state["data_notice"] = f"Tallene fra SSB er publisert som versjon {new.number}. Alle som åpner dashbordet, ser de nye tallene."
        st.rerun()
    if refused := st.session_state.pop("ssb_fetch_error", None):
        st.error(escape.md(refused))
