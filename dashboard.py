"""ByR Glåmdalen: the frame. Page config, navigation, the shared sidebar, then the page.

`streamlit run dashboard.py` (``make run``) finds ``app`` below by parsing this file, imports the
module once outside any session to get it, and serves every session through it, so Streamlit's
upload route refuses a visitor's files (:mod:`byr_data.upload_guard`) and an admin login survives a
reload (:mod:`byr_data.login_routes`). Each session's run executes
this file as ``__main__``, which builds the frame (:func:`main`); the server's import builds nothing else.
"""

import logging
from pathlib import Path

import streamlit as st
from starlette.middleware import Middleware
from streamlit.navigation.page import StreamlitPage
from streamlit.runtime.pages_manager import PagesManager

from byr_data import auth_ui, escape, login_routes, meeting, upload_guard
from byr_data.web import data, filter, furniture, registry

ROOT = Path(__file__).resolve().parent
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


def _page(page: registry.Page) -> StreamlitPage:
    return st.Page(ROOT / page.file, title=page.title, icon=page.icon, url_path=page.url_path, default=page.default)


def main() -> None:
    """The frame: meeting mode or the navigation, the shared sidebar, then the page."""
    # Møtemodus (?modus=mote): one screen at a time, no sidebar, its own page in place of the others.
    meeting_mode = st.query_params.get(meeting.MODE_PARAM) == meeting.MODE_VALUE

    st.set_page_config(page_title="ByR Glåmdalen", page_icon="📊", layout="wide", initial_sidebar_state="collapsed" if meeting_mode else "expanded")
    furniture.frame_assets()
    data.begin_run()  # the current version is read once in this run, at its first use

    if meeting_mode:
        if not auth_ui.viewer_gate():
            st.stop()
        if data.current().dataset is None:
            st.error("Dataene kunne ikke leses. Avslutt møtemodus og se siden «Data».")
            st.stop()
        run_page(st.navigation([_page(registry.MEETING)], position="hidden"))
        st.stop()

    navigation = st.navigation([_page(page) for page in registry.PAGES])

    if not auth_ui.viewer_gate():  # OIDC configured and nobody logged in
        st.stop()

    result = data.current()
    dataset = result.dataset
    if dataset is not None:
        st.sidebar.markdown(f"### {escape.md(dataset.region_name)}")
        chosen = filter.municipality_filter(dataset)
        st.sidebar.markdown(f'<a href="{escape.html(meeting.link(chosen))}" target="_self">Møtemodus</a>: ett tall eller én figur per skjerm, for prosjektor.',
                            unsafe_allow_html=True)
        st.sidebar.caption(escape.md(furniture.data_caption(dataset)))
        furniture.view_download(dataset, filter.selected_codes())
        if dataset.is_sample:
            st.sidebar.markdown("**Eksempeldata**: illustrative tall.")
    auth_ui.admin_sidebar()

    if dataset is None and navigation.url_path != registry.DATA.url_path:
        st.title("ByR Glåmdalen")
        st.error("Dataene kunne ikke leses. Rett feilene under og last siden på nytt.")
        for line in result.report.lines(result.report.errors):
            st.markdown(f"- {escape.md(line)}")
        st.stop()

    run_page(navigation)


if __name__ == "__main__":  # a session's run (streamlit run, AppTest)
    main()
else:  # the server's import: uploads only for administrators; the cookie that keeps a login across a reload
    app = st.App(__file__, routes=login_routes.routes(), middleware=[Middleware(upload_guard.AdminUploadsOnly)])
    # With a pages/ folder beside this file, Streamlit runs the first session of a fresh server as an
    # old-style pages/ app until st.navigation is called, so a deep link (/arbeidsplasser) as the very
    # first request answers «Page not found». The frame always uses st.navigation: say so from the start.
    PagesManager.uses_pages_directory = False
