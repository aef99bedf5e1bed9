"""Page furniture: the preamble every page starts with, its header, charts, tables and downloads."""

from __future__ import annotations

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


def chart(fig: Any, key: str) -> None:
    """Show a plotly figure at full width, downloadable as PNG with a Norwegian file name."""
    title = fig.layout.title.text or key
    st.plotly_chart(
        fig,
        key=key,
        width="stretch",
        theme=None,  # our own layout: larger type for projectors, Norwegian separators
        config={
            "displaylogo": False,
            "locale": "no",
            "toImageButtonOptions": {"format": "png", "filename": _file_name(title), "scale": 2},
        },
    )


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
