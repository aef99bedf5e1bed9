"""Møtemodus: one key figure or chart per screen in large type, stepped with buttons or the arrow keys."""

import datetime as dt

import streamlit as st

from byr_data import compute, escape, meeting
from byr_data.web import data, filter, furniture

SCREEN_KEY = "mote_skjerm"

# No sidebar in a meeting: the frame does not fill it, and this hides it and its toggle.
st.html("""<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
[data-testid="stSidebarCollapseButton"], header[data-testid="stHeader"] { display: none !important; }
[data-testid="stMainBlockContainer"] { padding: 1rem 3rem 0.5rem 3rem; max-width: 100%; }
[data-testid="stMain"] h1 { font-size: 52px; line-height: 1.15; padding: 0; }
[data-testid="stMain"] h3 { font-size: 36px; padding: 0.4rem 0 0.2rem 0; }
[data-testid="stMain"] p, [data-testid="stMain"] li { font-size: 28px; }
.st-key-mote_prev button p, .st-key-mote_next button p { font-size: 30px; }
.mote-position p { font-size: 36px !important; font-weight: 700; text-align: center; margin: 0.2rem 0; }
.mote-table { border-collapse: collapse; width: 100%; font-size: 30px; }
.mote-table th { text-align: left; border-bottom: 3px solid #333; padding: 0.2rem 1rem 0.2rem 0; }
.mote-table td { border-bottom: 1px solid #ccc; padding: 0.2rem 1rem 0.2rem 0; vertical-align: top; }
.mote-more { font-size: 28px; }
.mote-scope { font-size: 26px; color: #444; margin-top: -0.6rem; }
.mote-figures { display: flex; gap: 3rem; flex-wrap: wrap; margin: 0.2rem 0 0.4rem 0; }
.mote-figure { min-width: 18rem; }
.mote-label { font-size: 30px; color: #333; }
.mote-value { font-size: 64px; font-weight: 700; line-height: 1.1; color: #111; }
.mote-note { font-size: 28px; color: #555; }
</style>""")

dataset = data.current().dataset
assert dataset is not None  # the frame shows the data's errors instead of meeting mode
members = list(compute.membership(dataset)["code"])
# No sidebar widget holds the filter here: the link's ?kommune= is the filter, and it stays in the URL.
codes = tuple(filter.parse_filter(st.query_params.get(filter.FILTER_PARAM), members))
if SCREEN_KEY not in st.session_state:
    st.session_state[SCREEN_KEY] = meeting.parse_screen(st.query_params.get(meeting.SCREEN_PARAM))


def _step(delta: int) -> None:
    st.session_state[SCREEN_KEY] = meeting.parse_screen(st.session_state[SCREEN_KEY] + delta)


number = st.session_state[SCREEN_KEY]
st.query_params[meeting.SCREEN_PARAM] = str(number)  # a reload stays on this screen

previous = data.previous_data()
screen = meeting.screen(number, dataset, codes, dt.date.today(), previous[1] if previous else None,
                        scope=filter.filter_label(dataset, codes), story_of=data.meeting_story)

# One row: the title, then the controls, so the content gets the rest of the 1080 pixels.
top = st.columns([5, 1.1, 0.8, 1.1], vertical_alignment="center")
top[0].title(screen.title)
top[1].button("← Forrige", key="mote_prev", on_click=_step, args=(-1,), disabled=number <= 1, width="stretch")
top[2].markdown(f'<div class="mote-position"><p>{meeting.position_text(number)}</p></div>', unsafe_allow_html=True)
top[3].button("Neste →", key="mote_next", on_click=_step, args=(1,), disabled=number >= meeting.SCREEN_COUNT, width="stretch")
st.markdown(f'<div class="mote-scope">Viser {escape.html(screen.scope)}' + (" · Eksempeldata: illustrative tall" if dataset.is_sample else "")
            + f' · <a href="{escape.html(meeting.link(codes, meeting=False))}" target="_self">Avslutt møtemodus</a></div>', unsafe_allow_html=True)

if screen.figures:
    st.html(meeting.figures_html(screen.figures))
for note in screen.notes:
    st.markdown(escape.md(note))
if screen.empty:
    st.info(screen.empty)


def _tables(tables: tuple[meeting.Table, ...]) -> None:
    for table in tables:
        st.subheader(escape.md(table.heading))
        if table.frame.empty:
            st.markdown("Ingen.")
        else:
            st.html(meeting.html_table(table.frame, table.max_rows))


if screen.chart is not None:
    furniture.chart(screen.chart, f"mote_chart_{number}")
_tables(screen.tables)

# Streamlit has no key events: the arrow keys click the buttons above (a disabled button does nothing).
st.html("""<script>
(() => {
  if (window.__byrMeetingKeys) return;
  window.__byrMeetingKeys = true;
  document.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const target = event.target;
    if (target && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName))) return;
    const key = {ArrowRight: "mote_next", ArrowLeft: "mote_prev", PageDown: "mote_next", PageUp: "mote_prev"}[event.key];
    const button = key && document.querySelector(`.st-key-${key} button`);
    if (!button) return;
    event.preventDefault();
    if (!button.disabled) button.click();
  });
})();
</script>""", unsafe_allow_javascript=True)
