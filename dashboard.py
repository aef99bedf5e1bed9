"""ByR Glåmdalen: the frame. Page config, navigation, the shared sidebar, then the page."""

from pathlib import Path

import streamlit as st

from byr_data import auth_ui, webapp

PAGES = Path(__file__).resolve().parent / "pages"

st.set_page_config(page_title="ByR Glåmdalen", page_icon="📊", layout="wide", initial_sidebar_state="expanded")

# Every url_path differs from its file's stem: with a sibling pages/ folder, AppTest would
# otherwise run a page without this frame from its second run on (see the stack notes).
navigation = st.navigation(
    [
        st.Page(PAGES / "overview.py", title="Oversikt", icon=":material/dashboard:", url_path="oversikt", default=True),
        st.Page(PAGES / "goals.py", title="Mål", icon=":material/flag:", url_path="mal"),
        st.Page(PAGES / "activities.py", title="Aktiviteter", icon=":material/event_note:", url_path="aktiviteter"),
        st.Page(PAGES / "budget.py", title="Økonomi", icon=":material/payments:", url_path="okonomi"),
        st.Page(PAGES / "jobs.py", title="Arbeidsplasser", icon=":material/work:", url_path="arbeidsplasser"),
        st.Page(PAGES / "data.py", title="Data", icon=":material/upload_file:", url_path="datafiler"),
    ]
)

if not auth_ui.viewer_gate():  # OIDC configured and nobody logged in
    st.stop()

result = webapp.current()
dataset = result.dataset
if dataset is not None:
    st.sidebar.markdown(f"### {dataset.region_name}")
    webapp.municipality_filter(dataset)
    st.sidebar.caption(webapp.data_caption(dataset))
    webapp.view_download(dataset, webapp.selected_codes())
    if dataset.is_sample:
        st.sidebar.markdown("**Eksempeldata**: illustrative tall.")
auth_ui.admin_sidebar()

if dataset is None and navigation.url_path != "datafiler":
    st.title("ByR Glåmdalen")
    st.error("Dataene kunne ikke leses. Rett feilene under og last siden på nytt.")
    for line in result.report.lines(result.report.errors):
        st.markdown(f"- {line}")
    st.stop()

navigation.run()
