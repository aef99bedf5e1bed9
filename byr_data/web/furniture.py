"""Page furniture: the preamble every page starts with, its header, charts, tables and downloads."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import Any, Literal

import pandas as pd
import streamlit as st

from byr_data import escape, fmt
from byr_data.dataset import Dataset, Version
from byr_data.export import tables_workbook
from byr_data.views import DisplayTable
from byr_data.web import data, filter

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#: What a page shows instead of itself when the data lack a table it needs.
MISSING = {
    "goals": "Dataene har ingen mål (arket «Mål» mangler eller er tomt). Last opp en arbeidsbok med mål for å se dem her.",
    "activities": "Dataene har ingen aktiviteter (arket «Aktiviteter» mangler eller er tomt). Last opp en arbeidsbok med aktiviteter for å se dem her.",
    "budget": "Dataene har ikke noe budsjett (arket «Budsjett» mangler eller er tomt). Last opp en arbeidsbok med budsjett for å se det her.",
    "employment": "Dataene har ingen sysselsettingstall (arket «Sysselsetting» mangler eller er tomt). Last opp sysselsettingstall for å se dem her.",
}


def has(table: pd.DataFrame | None) -> bool:
    """True when a table is present and has rows: a sheet with only its header row shows like a missing one."""
    return table is not None and len(table) > 0


def page(title: str, needs: Sequence[str] = (), *, filtered: bool = True, scope: str | None = None,
         note: str | None = None) -> tuple[Dataset, tuple[str, ...]]:
    """A page's preamble: the current data and the filter's codes, the header, then a stop when a needed table is missing.

    The header says what it shows: the filter's municipalities (``filtered``), or ``scope`` for a page
    the filter does not apply to; ``note`` is a caption under it. ``needs`` names tables (attributes of
    :class:`Dataset`, with a message in :data:`MISSING`) that must be present and have rows. The frame has stopped before a page when there is no data.
    """
    dataset = data.current().dataset
    assert dataset is not None, "the frame shows the data's errors instead of the page"
    codes = filter.selected_codes()
    page_header(title, dataset, filter.filter_label(dataset, codes) if filtered else scope)
    if filtered:  # what this page's table downloads say they show (a page the filter does not apply to: the whole region)
        st.session_state[data.SELECTION_KEY] = (filter.selection_label(dataset, codes), filter.filter_label(dataset, codes))
    if note:
        st.caption(note)
    for table in needs:
        if not has(getattr(dataset, table)):
            st.info(MISSING[table])
            st.stop()
    return dataset, codes


def version_caption(version: Version | None) -> str:
    if version is None:
        return ""
    return f"Versjon {version.number}, publisert {fmt.timestamp(version.created)}"


def data_caption(dataset: Dataset) -> str:
    files = ", ".join(f"«{f}»" for f in dataset.files)
    published = f" · {version_caption(dataset.version)}" if dataset.version is not None else ""
    return f"Data fra {files}{published} · {dataset.region_name}"


def page_header(title: str, dataset: Dataset, scope: str | None = None) -> None:
    """Title, where the data comes from, and the sample-data notice where it applies."""
    st.title(title)
    st.caption(escape.md(data_caption(dataset) + (f" · Viser {scope}" if scope else "")))
    if dataset.is_sample:
        st.info("**Eksempeldata**: tallene er illustrative og ikke regionens offisielle tall. " + escape.md(dataset.source), icon="ℹ️")


#: plotly.js in Streamlit's bundle has only English texts: the ones our charts can show, in Norwegian
#: (given to each chart through plotly's ``locales`` config; the number format follows ``layout.separators``).
PLOTLY_NB = {
    "dictionary": {
        "Download plot as a PNG": "Last ned figuren som PNG",
        "Download plot": "Last ned figuren",
        "Preparing image - this may take a few seconds": "Lager bildet – det kan ta noen sekunder",
        "Image download succeeded": "Bildet er lastet ned",
        "Sorry, there was a problem downloading your image!": "Beklager, bildet kunne ikke lastes ned.",
        "Double-click to zoom back out": "Dobbeltklikk for å zoome ut igjen",
    },
    "format": {"decimal": ",", "thousands": " ", "months": ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august",
               "september", "oktober", "november", "desember"],
               "shortMonths": ["jan", "feb", "mar", "apr", "mai", "jun", "jul", "aug", "sep", "okt", "nov", "des"],
               "days": ["søndag", "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag"],
               "shortDays": ["søn", "man", "tir", "ons", "tor", "fre", "lør"], "date": "%d.%m.%Y"},
}
#: The chart toolbar: the PNG download only. Its other buttons (zoom, pan …) duplicate what dragging and
#: double-clicking do, and naming the buttons replaces Streamlit's own «Fullscreen», whose text cannot be translated.
CHART_CONFIG = {"displaylogo": False, "modeBarButtons": [["toImage"]], "locale": "nb", "locales": {"nb": PLOTLY_NB}}

#: The ``layout.meta`` key that carries a chart's accessible name to the page script.
ARIA_META = "byr_aria_label"


def chart_title(fig: Any, fallback: str = "Figur") -> str:
    """The chart's title as plain text (plotly's markup and character references undone): its accessible name."""
    text = fig.layout.title.text or ""
    return " ".join(html.unescape(re.sub(r"<[^>]*>", " ", text)).split()) or fallback


def chart(fig: Any, key: str, title: str | None = None) -> None:
    """Show a plotly figure at full width, named by its title (or ``title``) for screen readers, downloadable as PNG.

    The name travels in ``layout.meta`` to the page script of :func:`frame_assets`, which sets it as the
    chart's ``aria-label`` (Streamlit gives a chart no attribute of ours). It is escaped as every text in a
    figure is (:func:`escape.plotly`); the script decodes it as text.
    """
    name = title or chart_title(fig)
    meta = {ARIA_META: escape.plotly(name)}
    if fig.layout.meta != meta:
        # In place: a copy (go.Figure(fig)) validates the whole figure again, ~4 ms a chart on every rerun. A figure
        # kept for every session (data.kept) is named on its first showing and only read after that.
        fig.update_layout(meta=meta)
    st.plotly_chart(
        fig,
        key=key,
        width="stretch",
        theme=None,  # our own layout: larger type for projectors, Norwegian separators
        config={**CHART_CONFIG, "toImageButtonOptions": {"format": "png", "filename": _file_name(name), "scale": 2}},
    )

# Run in every page by the frame. Streamlit's own English helper texts that no option turns off are hidden
# (docs/arkitektur.md lists what remains): the inputs' «Press Enter to apply / submit form» (Enter still
# works), and the uploader's «200MB per file • XLSX» (the page states the limit) with its «Upload» button
# named in Norwegian. Keyboard focus shows as a clear outline on links and the sidebar's pages.
_FRAME_STYLE = """<style>
[data-testid="InputInstructions"] { display: none !important; }
[data-testid="stFileUploaderDropzoneInstructions"] { display: none !important; }
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p { display: none; }
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"]::after { content: "Velg filer"; }
[data-testid="stSidebar"] a:focus-visible, [data-testid="stMain"] a:focus-visible {
  outline: 3px solid #0b5cad !important; outline-offset: 2px; border-radius: 4px; }
</style>"""
_FRAME_SCRIPT = """<script>
(() => {
  if (window.__byrFrame) return;
  window.__byrFrame = true;
  // Charts: named by their title (role figure), and the toolbar's button left out of the tab order.
  const mark = () => {
    for (const chart of document.querySelectorAll('[data-testid="stPlotlyChart"]')) {
      const plot = chart.querySelector('.js-plotly-plot');
      const escaped = plot && plot.layout && plot.layout.meta && plot.layout.meta.META;
      // Character references only (no tags): an inert parse gives the text back.
      const name = escaped && new DOMParser().parseFromString(escaped, 'text/html').documentElement.textContent;
      if (name && chart.getAttribute('aria-label') !== name) {
        chart.setAttribute('role', 'figure');
        chart.setAttribute('aria-label', name);
      }
    }
    for (const button of document.querySelectorAll('.modebar-btn:not([tabindex="-1"])')) button.setAttribute('tabindex', '-1');
  };
  new MutationObserver(mark).observe(document.body, {childList: true, subtree: true});
  mark();
})();
</script>""".replace("META", ARIA_META)


def frame_assets() -> None:
    """The frame's style and script for every page (see above). A style alone takes no space on the page; the
    script goes in the sidebar, which is there (hidden in meeting mode) on every page."""
    st.html(_FRAME_STYLE)
    st.sidebar.html(_FRAME_SCRIPT, unsafe_allow_javascript=True)


def _file_name(title: str) -> str:
    keep = "".join(ch if ch.isalnum() else "-" for ch in title.lower())
    return "-".join(part for part in keep.split("-") if part)[:80] or "figur"


def table(frame: pd.DataFrame | DisplayTable, name: str, **kwargs: Any) -> None:
    """A table at full width (every row shown when short, scrolling when long), downloadable as Excel.

    The download keeps a :class:`DisplayTable`'s numbers as numbers, and says in its first row and its
    file name which municipalities the page shows.
    """
    download = frame if isinstance(frame, DisplayTable) else pd.DataFrame(frame)
    shown = download.text if isinstance(download, DisplayTable) else download
    height: Literal["content"] | int = "content" if len(shown) <= 25 else 720
    st.dataframe(shown, hide_index=True, width="stretch", height=height, **kwargs)
    selection, scope = st.session_state.get(data.SELECTION_KEY, ("Hele regionen", "hele regionen"))
    slug = _file_name(name)
    st.download_button(
        "Last ned tabellen (Excel)", lambda: tables_workbook({name: download}, selection=selection),
        file_name=f"{slug}-{_file_name(scope)}.xlsx", key=f"download_{slug}",
        mime=XLSX_MIME, on_click="ignore", type="tertiary", icon=":material/download:",
    )


def view_download(dataset: Dataset, codes: Sequence[str]) -> None:
    """The sidebar's download of what the current filter shows, as one workbook in the data format («Utvalg» in its «Om» sheet)."""
    st.sidebar.download_button(
        "Last ned utvalget (Excel)", lambda: data.filtered_workbook(dataset, tuple(codes), filter.selection_label(dataset, codes)),
        file_name=f"byr-glamdalen-{_file_name(filter.filter_label(dataset, codes))}.xlsx",
        key="download_view", mime=XLSX_MIME, on_click="ignore", icon=":material/download:",
        help="Dataene for kommunene i filteret (mål og aktiviteter for hele regionen er med; budsjettet er regionens).",
    )
