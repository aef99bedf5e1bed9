"""ByR Glåmdalen: the frame. Page config, navigation, the shared sidebar, then the page.

`streamlit run dashboard.py` (``make run``) finds ``app`` below by parsing this file, imports the
module once outside any session to get it, and serves every session through it, so Streamlit's
upload route refuses a visitor's files (:mod:`byr_data.upload_guard`). Each session's run executes
this file as ``__main__``, which builds the frame (:func:`main`); the server's import builds nothing else.
"""

import logging
from pathlib import Path

import streamlit as st
from starlette.middleware import Middleware
from streamlit.navigation.page import StreamlitPage

from byr_data import auth_ui, escape, meeting, upload_guard, webapp

PAGES = Path(__file__).resolve().parent / "pages"
ERROR_UNEXPECTED = "Noe gikk galt på denne siden. Feilen er logget på tjeneren; last siden på nytt, eller kontakt administratoren hvis det gjentar seg."


def run_page(page: StreamlitPage) -> None:
    """Run the page; an unexpected error goes to the log with its traceback and to the user as a Norwegian message.

    Streamlit's st.rerun, st.stop and st.switch_page raise BaseExceptions, so they pass.
    """
    try:
        page.run()
    except Exception:
        logging.getLogger("byr_data.dashboard").exception("Uventet feil på siden %s", page.url_path or "oversikt")
        st.error(ERROR_UNEXPECTED)


def main() -> None:
    """The frame: meeting mode or the navigation, the shared sidebar, then the page."""
    # Møtemodus (?modus=mote): one screen at a time, no sidebar, its own page in place of the others.
    meeting_mode = st.query_params.get(meeting.MODE_PARAM) == meeting.MODE_VALUE

    st.set_page_config(page_title="ByR Glåmdalen", page_icon="📊", layout="wide", initial_sidebar_state="collapsed" if meeting_mode else "expanded")

    if meeting_mode:
        if not auth_ui.viewer_gate():
            st.stop()
        if webapp.current().dataset is None:
            st.error("Dataene kunne ikke leses. Avslutt møtemodus og se siden «Data».")
            st.stop()
        run_page(st.navigation([st.Page(PAGES / "meeting.py", title="Møtemodus", url_path="motemodus", default=True)], position="hidden"))
        st.stop()

    # Every url_path differs from its file's stem: with a sibling pages/ folder, AppTest would
    # otherwise run a page without this frame from its second run on (see the stack notes).
    navigation = st.navigation(
        [
            st.Page(PAGES / "overview.py", title="Oversikt", icon=":material/dashboard:", url_path="oversikt", default=True),
            st.Page(PAGES / "goals.py", title="Mål", icon=":material/flag:", url_path="mal"),
            st.Page(PAGES / "activities.py", title="Aktiviteter", icon=":material/event_note:", url_path="aktiviteter"),
            st.Page(PAGES / "budget.py", title="Økonomi", icon=":material/payments:", url_path="okonomi"),
            st.Page(PAGES / "jobs.py", title="Arbeidsplasser", icon=":material/work:", url_path="arbeidsplasser"),
            st.Page(PAGES / "report.py", title="Rapport", icon=":material/description:", url_path="statusrapport"),
            st.Page(PAGES / "data.py", title="Data", icon=":material/upload_file:", url_path="datafiler"),
        ]
    )

    if not auth_ui.viewer_gate():  # OIDC configured and nobody logged in
        st.stop()

    result = webapp.current()
    dataset = result.dataset
    if dataset is not None:
        st.sidebar.markdown(f"### {escape.md(dataset.region_name)}")
        chosen = webapp.municipality_filter(dataset)
        st.sidebar.markdown(f'<a href="{escape.html(meeting.link(chosen))}" target="_self">Møtemodus</a>: ett tall eller én figur per skjerm, for prosjektor.',
                            unsafe_allow_html=True)
        st.sidebar.caption(escape.md(webapp.data_caption(dataset)))
        webapp.view_download(dataset, webapp.selected_codes())
        if dataset.is_sample:
            st.sidebar.markdown("**Eksempeldata**: illustrative tall.")
    auth_ui.admin_sidebar()

    if dataset is None and navigation.url_path != "datafiler":
        st.title("ByR Glåmdalen")
        st.error("Dataene kunne ikke leses. Rett feilene under og last siden på nytt.")
        for line in result.report.lines(result.report.errors):
            st.markdown(f"- {escape.md(line)}")
        st.stop()

    run_page(navigation)


if __name__ == "__main__":  # a session's run (streamlit run, AppTest)
    main()
else:  # the server's import: uploads only for administrators
    app = st.App(__file__, middleware=[Middleware(upload_guard.AdminUploadsOnly)])
