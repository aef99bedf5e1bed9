"""The thin Streamlit layer: cached loading, the shared municipality filter, page furniture.

Everything else in the package is plain Python; this module is the only one that caches.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd
import streamlit as st

from byr_data import compute, fmt, views
from byr_data.dataset import Dataset
from byr_data.reading import LoadResult, load_paths, load_update, read_paths

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DIR = ROOT / "sample_data"
FILTER_PARAM = "kommune"
FILTER_KEY = "kommune_filter"
DATA_ENV = "BYR_DATA"

T = TypeVar("T")


def data_paths() -> list[Path]:
    """Where the dashboard reads from: ``BYR_DATA`` (paths separated by ``os.pathsep``) or the sample."""
    configured = os.environ.get(DATA_ENV, "").strip()
    if not configured:
        return [SAMPLE_DIR]
    return [Path(p) for p in configured.split(os.pathsep) if p.strip()]


def _fingerprint(paths: Sequence[Path]) -> str:
    """Changes when any file changes, so an updated file is read again without a restart."""
    parts = []
    for path in paths:
        files = sorted([*path.glob("*.xlsx"), *path.glob("*.csv")]) if path.is_dir() else [path]
        for file in files:
            try:
                stat = file.stat()
                parts.append(f"{file}:{stat.st_mtime_ns}:{stat.st_size}")
            except OSError:
                parts.append(f"{file}:missing")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


@st.cache_resource(show_spinner="Leser dataene …", max_entries=4)
def _load(paths: tuple[str, ...], token: str, today: dt.date) -> LoadResult:
    # cache_resource, not cache_data: the tables are shared read-only rather than copied per run.
    result = load_paths(list(paths), today=today)
    if result.dataset is None:
        return result
    return LoadResult(dataclasses.replace(result.dataset, token=token), result.report)


def published() -> LoadResult:
    """The data everybody sees, read once per content and day."""
    paths = data_paths()
    return _load(tuple(str(p) for p in paths), _fingerprint(paths), dt.date.today())


UPLOAD_KEY = "upload_in_use"
Upload = tuple[tuple[str, bytes], ...]


def current() -> LoadResult:
    """The data the pages show this session: the published data, or an upload the user chose to look at."""
    chosen = st.session_state.get(UPLOAD_KEY)
    if chosen is not None:
        digest, sources = chosen
        result = _check_upload(digest, sources, _fingerprint(data_paths()), dt.date.today())
        if result.dataset is not None:
            return result
    return published()


def using_upload() -> bool:
    return st.session_state.get(UPLOAD_KEY) is not None


def use_upload(sources: Upload | None) -> None:
    """Show an upload on every page of this session (None: back to the published data)."""
    st.session_state[UPLOAD_KEY] = None if sources is None else (upload_digest(sources), sources)


def upload_digest(sources: Upload) -> str:
    digest = hashlib.sha256()
    for name, data in sources:
        digest.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    return digest.hexdigest()[:16]


@st.cache_resource(show_spinner="Kontrollerer filene …", max_entries=8)
def _check_upload(digest: str, _sources: Upload, token: str, today: dt.date) -> LoadResult:
    # Keyed by the files' digest: the bytes themselves (the leading underscore) are not hashed on every run.
    result = load_update(read_paths(data_paths())[0], list(_sources), today)
    if result.dataset is None:
        return result
    return LoadResult(dataclasses.replace(result.dataset, token=f"upload-{digest}-{token}"), result.report)


def check_upload(sources: Upload) -> LoadResult:
    """Uploaded files read and validated with the same reader as everything else, combined with the published data."""
    return _check_upload(upload_digest(sources), sources, _fingerprint(data_paths()), dt.date.today())


_HASH_FUNCS: dict[Any, Callable[[Any], Any]] = {Dataset: lambda d: d.token}


def cached(function: Callable[..., T]) -> Callable[..., T]:
    """Cache a pure computation on a dataset (hashed by its token) per argument set."""
    return st.cache_data(function, hash_funcs=_HASH_FUNCS, show_spinner=False, max_entries=64)


# --- the municipality filter, shared by every page and kept in the URL --------------------------


def parse_filter(text: str | None, allowed: Sequence[str]) -> list[str]:
    """Codes from ``?kommune=3401,3415`` that the region knows (old codes accepted), in menu order."""
    from byr_data.cells import normalise_code

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


# --- page furniture ----------------------------------------------------------------------------


def data_caption(dataset: Dataset) -> str:
    files = ", ".join(f"«{f}»" for f in dataset.files)
    upload = " (opplastet i denne økten, ikke publisert)" if dataset.token.startswith("upload-") else ""
    return f"Data fra {files}{upload} · {dataset.region_name}"


def page_header(title: str, dataset: Dataset, scope: str | None = None) -> None:
    """Title, where the data comes from, and the sample-data notice where it applies."""
    st.title(title)
    st.caption(data_caption(dataset) + (f" · Viser {scope}" if scope else ""))
    if dataset.is_sample:
        st.info("**Eksempeldata**: tallene er illustrative og ikke regionens offisielle tall. " + dataset.source, icon="ℹ️")


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


def money_table(frame: pd.DataFrame, money_columns: Sequence[str]) -> pd.DataFrame:
    """A copy with amounts written the Norwegian way ("2 250 000 kr"), for display."""
    shown = frame.copy()
    for column in money_columns:
        shown[column] = shown[column].map(fmt.kroner)
    return shown


# --- cached computations the pages share ---------------------------------------------------------

municipal_totals = cached(compute.municipal_totals)
region_net_change = cached(compute.region_net_change)
job_status = cached(compute.job_status)
# Display tables format every cell in Python: cache them so a rerun does not redo it.
employment_table = cached(views.employment_table)
net_change_table = cached(views.net_change_table)


def table(frame: pd.DataFrame, **kwargs: Any) -> None:
    """A table at full width: every row shown when it is short, scrolling when it is long."""
    height = "content" if len(frame) <= 25 else 720
    st.dataframe(frame, hide_index=True, width="stretch", height=height, **kwargs)
