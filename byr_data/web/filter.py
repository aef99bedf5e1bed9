"""The municipality filter: chosen in the sidebar, shared by every page, kept in the URL (``?kommune=``)."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from byr_data import compute
from byr_data.cells import normalise_code
from byr_data.dataset import Dataset
from byr_data.meeting import FILTER_PARAM

FILTER_KEY = "kommune_filter"

__all__ = ["FILTER_KEY", "FILTER_PARAM", "filter_label", "municipality_filter", "parse_filter", "selected_codes", "selection_label"]


def parse_filter(text: str | None, allowed: Sequence[str]) -> list[str]:
    """Codes from ``?kommune=3401,3415`` that the region knows (old codes accepted), in menu order."""
    wanted = set()
    for item in (text or "").split(","):
        code, message = normalise_code(item.strip())
        if code and not message:
            wanted.add(code)
    return [c for c in allowed if c in wanted]


def municipality_filter(dataset: Dataset) -> list[str]:
    """The sidebar's municipality choice; empty means the whole region.

    Streamlit clears query parameters when the user changes page, so the frame writes the
    choice back to the URL on every run (the widget state is what survives).
    """
    members = compute.membership(dataset)
    codes = list(members["code"])
    names = dict(zip(members["code"], members["name"], strict=True))
    if FILTER_KEY not in st.session_state:
        st.session_state[FILTER_KEY] = parse_filter(st.query_params.get(FILTER_PARAM), codes)
    else:  # drop codes the current data no longer has
        st.session_state[FILTER_KEY] = [c for c in st.session_state[FILTER_KEY] if c in codes]
    selected = st.sidebar.multiselect(
        "Kommune",
        options=codes,
        format_func=lambda c: f"{names.get(c, c)} ({c})",
        key=FILTER_KEY,
        placeholder="Hele regionen",
        help="Velg én eller flere kommuner. Tomt valg viser hele regionen. Valget står i lenken, så den kan deles.",
    )
    if selected:
        st.query_params[FILTER_PARAM] = ",".join(selected)
    elif FILTER_PARAM in st.query_params:
        del st.query_params[FILTER_PARAM]
    return list(selected)


def selected_codes() -> tuple[str, ...]:
    """The current filter for pages: a tuple (hashable, for caches); empty = whole region."""
    return tuple(st.session_state.get(FILTER_KEY, []))


def filter_label(dataset: Dataset, codes: Sequence[str]) -> str:
    if not codes:
        return "hele regionen"
    names = compute.municipality_names(dataset)
    return ", ".join(names.get(c, c) for c in codes)


def selection_label(dataset: Dataset, codes: Sequence[str]) -> str:
    """What a download says it shows: «Hele regionen», «Kommune: Eidskog» or «Kommuner: Eidskog, Grue»."""
    if not codes:
        return "Hele regionen"
    return f"{'Kommune' if len(codes) == 1 else 'Kommuner'}: {filter_label(dataset, codes)}"
