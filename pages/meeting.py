"""Møtemodus: one key figure or chart per screen in large type, stepped with buttons or the arrow keys."""

import datetime as dt

import streamlit as st

from byr_data import compute, escape, meeting
from byr_data.web import data, filter, furniture

SCREEN_KEY, PAGE_KEY = "mote_skjerm", "mote_side"
LAST_PAGE = -1  # stepping back onto a screen shows its last page

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
.mote-table th { text-align: left; border-bottom: 3px solid #333; padding: 0.2rem 1rem 0.2rem 0; white-space: nowrap; }
.mote-table td { border-bottom: 1px solid #ccc; padding: 0.2rem 1rem 0.2rem 0; white-space: nowrap; }
.mote-table td.mote-wide { width: 100%; max-width: 0; overflow: hidden; text-overflow: ellipsis; }
.st-key-mote_page_prev button p, .st-key-mote_page_next button p { font-size: 28px; }
.mote-page p { font-size: 28px !important; text-align: center; margin: 0; }
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
    st.session_state[PAGE_KEY] = meeting.parse_page(st.query_params.get(meeting.PAGE_PARAM)) - 1


def _step(delta: int) -> None:
    st.session_state[SCREEN_KEY] = meeting.parse_screen(st.session_state[SCREEN_KEY] + delta)
    st.session_state[PAGE_KEY] = 0 if delta > 0 else LAST_PAGE


def _turn(delta: int) -> None:
    st.session_state[PAGE_KEY] += delta


number = st.session_state[SCREEN_KEY]

previous = data.previous_data()
screen = meeting.screen(number, dataset, codes, dt.date.today(), previous[1] if previous else None,
                        scope=filter.filter_label(dataset, codes), story_of=data.meeting_story)
pages = screen.pages
wanted = st.session_state.get(PAGE_KEY, 0)
page = st.session_state[PAGE_KEY] = len(pages) - 1 if wanted == LAST_PAGE else min(max(wanted, 0), len(pages) - 1)
st.query_params[meeting.SCREEN_PARAM] = str(number)  # a reload stays on this screen and page
if page:
    st.query_params[meeting.PAGE_PARAM] = str(page + 1)
else:
    st.query_params.pop(meeting.PAGE_PARAM, None)

# One row: the title, then the controls, so the content gets the rest of the 1080 pixels.
top = st.columns([5, 1.1, 0.8, 1.1], vertical_alignment="center")
top[0].title(screen.title)
top[1].button("← Forrige", key="mote_prev", on_click=_step, args=(-1,), disabled=number <= 1, width="stretch")
top[2].markdown(f'<div class="mote-position"><p>{meeting.position_text(number)}</p></div>', unsafe_allow_html=True)
top[3].button("Neste →", key="mote_next", on_click=_step, args=(1,), disabled=number >= meeting.SCREEN_COUNT, width="stretch")
st.markdown(f'<div class="mote-scope">Viser {escape.html(screen.scope)}' + (" · Eksempeldata: illustrative tall" if dataset.is_sample else "")
            + f' · <a href="{escape.html(meeting.link(codes, meeting=False))}" target="_self">Avslutt møtemodus</a></div>', unsafe_allow_html=True)

if page == 0:  # a later page goes on with the tables alone
    if screen.figures:
        st.html(meeting.figures_html(screen.figures))
    for note in screen.notes:
        st.markdown(escape.md(note))
    if screen.empty:
        st.info(screen.empty)


def _tables(tables: tuple[meeting.Table, ...]) -> None:
    for table in tables:
        st.subheader(escape.md(table.title))
        if table.frame.empty:
            st.markdown("Ingen.")
        else:
            st.html(meeting.html_table(table.frame))


if screen.chart is not None and page == 0:
    furniture.chart(screen.chart, f"mote_chart_{number}", title=screen.title)
_tables(pages[page])
if len(pages) > 1:  # a list longer than the screen holds: its pages, stepped here or with the arrow keys
    pager = st.columns([1.3, 1, 1.3, 4.4], vertical_alignment="center")
    pager[0].button("← Forrige side", key="mote_page_prev", on_click=_turn, args=(-1,), disabled=page == 0, width="stretch")
    pager[1].markdown(f'<div class="mote-page"><p>Side {page + 1} av {len(pages)}</p></div>', unsafe_allow_html=True)
    pager[2].button("Neste side →", key="mote_page_next", on_click=_turn, args=(1,), disabled=page == len(pages) - 1, width="stretch")

# Streamlit has no key events: the arrow keys click the buttons above (a disabled button does nothing).
# A screen's own pages come first: → turns to its next page while there is one, then goes to the next screen.
st.html("""<script>
(() => {
  if (window.__byrMeetingKeys) return;
  window.__byrMeetingKeys = true;
  document.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const target = event.target;
    if (target && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName))) return;
    const keys = {ArrowRight: ["mote_page_next", "mote_next"], ArrowLeft: ["mote_page_prev", "mote_prev"],
                  PageDown: ["mote_page_next", "mote_next"], PageUp: ["mote_page_prev", "mote_prev"]}[event.key];
    const buttons = (keys || []).map((key) => document.querySelector(`.st-key-${key} button`)).filter(Boolean);
    const button = buttons.find((b) => !b.disabled) || buttons[0];
    if (!button) return;
    event.preventDefault();
    if (!button.disabled) button.click();
  });
})();
</script>""", unsafe_allow_javascript=True)
