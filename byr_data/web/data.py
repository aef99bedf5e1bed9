"""The published data for the pages: the store, the current version (read once per run), uploads, and the caches.

Everything else in the package is plain Python; this module (with :mod:`byr_data.auth_ui`) is the only one that caches.
"""

from __future__ import annotations

import contextlib
import ctypes
import dataclasses
import datetime as dt
import hashlib
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import pandas as pd
import streamlit as st

from byr_data import auth_ui, compute, diff, growth, updates
from byr_data.dataset import Dataset, Version
from byr_data.errors import DataError, Report, Severity
from byr_data.export import export_workbook
from byr_data.reading import LoadResult
from byr_data.store import Store, VersionConflict

ROOT = Path(__file__).resolve().parent.parent.parent
SAMPLE_DIR = ROOT / "sample_data"
DATA_ENV = "BYR_DATA"
RUN_KEY = "_current_version_this_run"
#: The municipalities the page of this run shows, for its table downloads (set by furniture.page()).
SELECTION_KEY = "_table_selection_this_run"

T = TypeVar("T")


def data_paths() -> list[Path]:
    """Where the dashboard reads from: ``BYR_DATA`` (paths separated by ``os.pathsep``) or the sample."""
    configured = os.environ.get(DATA_ENV, "").strip()
    if not configured:
        return [SAMPLE_DIR]
    return [Path(p) for p in configured.split(os.pathsep) if p.strip()]


# --- the published data: the store's current version, cached per version --------------------------


def _secret(key: str) -> str | None:
    """A value from .streamlit/secrets.toml's [byr] table; None without secrets."""
    try:
        return st.secrets.get("byr", {}).get(key)
    except Exception:  # no secrets file at all
        return None


def database_url() -> str | None:
    """The database named in secrets; None lets the store use BYR_DATABASE_URL or the embedded SQLite."""
    return _secret("database_url")


def _fingerprint(paths: Sequence[Path]) -> str:
    """Changes when a file changes, so that fixing a first file that could not be read is noticed."""
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


@st.cache_resource(show_spinner="Åpner databasen …", max_entries=4)
def _store(url: str | None, first_files: tuple[str, ...], fingerprint: str) -> tuple[Store, Report]:
    store = Store.open(url)
    initial = Report()
    try:
        # The first start fills an empty store from the sample (or BYR_DATA) as version 1.
        updates.seed(store, [Path(p) for p in first_files])
    except DataError as error:  # files that cannot be read: shown instead of the pages
        initial = error.report
    _return_freed_memory()  # reading a large first file leaves tens of MB freed but still held
    return store, initial


def _return_freed_memory() -> None:
    """Hand the memory the C allocator holds but no longer uses back to the system (glibc only; elsewhere nothing)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).malloc_trim(0)


def _opened() -> tuple[Store, Report]:
    paths = data_paths()
    return _store(database_url(), tuple(str(p) for p in paths), _fingerprint(paths))


def store() -> Store:
    """The store, opened once per process (connections are made per operation)."""
    return _opened()[0]


@st.cache_resource(show_spinner="Leser dataene …", max_entries=4)
def _version_data(_store_ref: Store, url: str | None, number: int) -> Dataset:
    # A version never changes once published: cache its tables for as long as it is asked for.
    return _store_ref.dataset(number)


@st.cache_resource(show_spinner=False, max_entries=4)
def _versions(_store_ref: Store, url: str | None, current: int | None) -> list[Version]:
    # Published versions never change, and every publish moves the pointer: the list is known per current version.
    return _store_ref.versions()


def begin_run() -> None:
    """Called by the frame first in every run: the next :func:`current_version` reads the store's pointer afresh."""
    st.session_state.pop(RUN_KEY, None)
    st.session_state.pop(SELECTION_KEY, None)


def current_version() -> Version | None:
    """The version every viewer sees now: one small query per run (the first call after :func:`begin_run`),
    so a publish shows at the next click, and everything else in the run comes from the caches."""
    if RUN_KEY not in st.session_state:
        st.session_state[RUN_KEY] = store().current()
    return st.session_state[RUN_KEY]


def current() -> LoadResult:
    """The data the pages show: the current version."""
    version = current_version()
    if version is None:
        report = _opened()[1]
        if report.ok:
            report = Report()
            report.add(Severity.ERROR, "Det er ikke publisert noen data ennå. En administrator kan laste opp data på siden «Data».")
        return LoadResult(None, report)
    return LoadResult(_version_data(store(), database_url(), version.number), Report())


def versions() -> list[Version]:
    """Every published version, newest first (read once per current version)."""
    version = current_version()
    return _versions(store(), database_url(), version.number if version is not None else None)


def version_data(number: int) -> Dataset:
    return _version_data(store(), database_url(), number)


def previous_data() -> tuple[Version, Dataset] | None:
    """The version before the current one and its data, for «Endret siden forrige versjon»."""
    history = versions()
    if len(history) < 2:
        return None
    return history[1], version_data(history[1].number)


# --- an upload: checked, previewed, published; and rolling back -----------------------------------

Upload = tuple[tuple[str, bytes], ...]


def upload_digest(sources: Upload) -> str:
    digest = hashlib.sha256()
    for name, data in sources:
        digest.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    return digest.hexdigest()[:16]


@st.cache_resource(show_spinner="Kontrollerer filene …", max_entries=8)
def _check_upload(digest: str, _sources: Upload, version: int | None, today: dt.date, empty: tuple[str, ...] = (),
                  kinds: tuple[tuple[str, str], ...] = ()) -> updates.Update:
    # Keyed by the files' digest, the version they are checked against, the tables to empty and the kinds
    # chosen for SSB exports; the bytes themselves (the leading underscore) are not hashed on every run.
    current = None if version is None else _version_data(store(), database_url(), version)
    checked = updates.check(_sources, current, today, empty, dict(kinds))
    if checked.dataset is None:
        return checked
    return dataclasses.replace(checked, dataset=dataclasses.replace(checked.dataset, token=f"upload-{digest}-{version}-{'-'.join(empty)}"))


def check_upload(sources: Upload, base: int | None, empty: Sequence[str] = (), kinds: dict[str, str] | None = None) -> updates.Update:
    """Uploaded files read and validated with the same reader as everything else, on top of version ``base``
    (None: nothing published), with the tables in ``empty`` emptied.

    ``kinds``: what an SSB export that does not say holds, as the admin chose (file name -> «Sysselsetting» or «Befolkning»).
    """
    return _check_upload(upload_digest(sources), sources, base, dt.date.today(), tuple(sorted(empty)), tuple(sorted((kinds or {}).items())))


UPLOAD_ROUND = "upload_round"


def upload_key() -> str:
    """The file uploader's key: a new one after every publish, so the uploader is empty and the same file is not published twice by accident."""
    round_ = st.session_state.get(UPLOAD_ROUND, 0)
    return "upload_files" if not round_ else f"upload_files_{round_}"


PREVIEW_KEY = "publish_preview"


def preview_base(sources: Upload, current: int | None) -> int | None:
    """The version an upload's preview is computed against, kept in the session together with the preview.

    The current version when these files are first shown, then kept through later reruns (typing
    the comment, say), so that «Publiser» publishes what the admin saw and is refused if that
    version is no longer current; :func:`publish` moves it to the new version when it refuses.
    """
    digest = upload_digest(sources)
    kept = st.session_state.get(PREVIEW_KEY)
    if kept is None or kept[0] != digest:
        kept = st.session_state[PREVIEW_KEY] = (digest, current)
    return kept[1]


def seen_base(action: str, base: int | None) -> int | None:
    """The version the admin's screen was built on for ``action`` in the previous run; ``base`` is kept for the next.

    A click reruns the page, which reads the current version afresh: what the click confirms is
    what the previous run showed, so that is what the action must be built on. The first time, ``base`` itself.
    """
    key = f"seen_base_{action}"
    seen = st.session_state.get(key, base)
    st.session_state[key] = base
    return seen


def publish(sources: Upload, comment: str, base: int | None, empty: Sequence[str] = (), kinds: dict[str, str] | None = None) -> Version:
    """Publish a checked upload, built on version ``base`` as its preview was, as the new current version.

    When another version is current by then, nothing is stored (:class:`VersionConflict`), so a
    publication from the CLI or another admin is never reverted unseen; the preview then moves to
    the new version, for the admin to look at and publish again. Callers check the admin role first.
    """
    checked = check_upload(sources, base, empty, kinds)
    try:
        new = updates.publish(store(), checked, author=auth_ui.author(), comment=comment)
    except VersionConflict as conflict:
        st.session_state[PREVIEW_KEY] = (upload_digest(sources), conflict.current)
        compared = f"de var sammenlignet med versjon {base}" if base is not None else "da var ingen versjon publisert"
        raise VersionConflict(
            f"Versjon {conflict.current} ble publisert mens du så på endringene ({compared}). Ingenting er lagret. "
            "Endringene over er nå sammenlignet med den nye versjonen: se over dem og trykk «Publiser» igjen.",
            conflict.current, base,
        ) from None
    st.session_state.pop(PREVIEW_KEY, None)
    st.session_state[UPLOAD_ROUND] = st.session_state.get(UPLOAD_ROUND, 0) + 1
    return new


def rollback(number: int, base: int | None, comment: str | None = None) -> Version:
    """Publish an earlier version's data as a new version, if version ``base`` is still current. Callers check the admin role first."""
    return updates.rollback(store(), number, author=auth_ui.author(), comment=comment, base=base)


# --- cached computations the pages share ---------------------------------------------------------

_HASH_FUNCS: dict[str | type[Any], Callable[[Any], Any]] = {Dataset: lambda d: d.token}


def cached(function: Callable[..., T]) -> Callable[..., T]:
    """Cache a pure computation on a dataset (hashed by its token) per argument set."""
    return st.cache_data(hash_funcs=_HASH_FUNCS, show_spinner=False, max_entries=64)(function)


municipal_totals = cached(compute.municipal_totals)
municipality_names = cached(compute.municipality_names)
region_net_change = cached(compute.region_net_change)
job_status = cached(compute.job_status)
job_story = cached(growth.job_story)


def meeting_story(dataset: Dataset, codes: tuple[str, ...]) -> growth.JobStory | None:
    """The job story the meeting screens show (:func:`byr_data.meeting.StoryOf`), from the cache."""
    return job_story(dataset, None, growth.MembershipMode.MEMBERS_EACH_YEAR, codes)  # None without employment figures

@st.cache_resource(show_spinner=False, max_entries=96)  # about a dozen choices of filter and start year on the pages that use it
def _kept(token: str, key: tuple[Any, ...], _build: Callable[[], Any]) -> Any:
    return _build()


def kept(dataset: Dataset, key: tuple[Any, ...], build: Callable[[], T]) -> T:
    """``build()`` once per data version and ``key``; the same object for every later run and session.

    For what a page only reads once built (a chart, a display table), where a copy out of
    st.cache_data would cost as much as building it again. ``key`` must name everything ``build``
    depends on besides the data (the filter, the start year, …); the caller must not change the value.
    """
    return _kept(dataset.token, key, build)


member_changes = cached(growth.member_changes)
series_after_baseline = cached(growth.series_after_baseline)


@cached
def filtered_workbook(dataset: Dataset, codes: tuple[str, ...], selection: str | None = None) -> bytes:
    """The data for some municipalities in the data format; ``selection`` says which in the «Om» sheet («Utvalg»)."""
    return export_workbook(compute.filter_dataset(dataset, codes), selection=selection)


exported = cached(export_workbook)
job_view = cached(growth.job_view)
comparison_view = cached(growth.comparison_view)
industry_view = cached(growth.industry_change)


@cached
def per_1000_view(dataset: Dataset, codes: tuple[str, ...]) -> pd.DataFrame | None:
    """Jobs per 1 000 inhabitants for the chosen municipalities; None without population figures."""
    if getattr(dataset, "population", None) is None:
        return None
    rows = growth.jobs_per_1000(dataset, codes=codes or None)
    return rows[rows["code"].isin(list(codes) or list(compute.membership(dataset)["code"]))]
changes = cached(diff.diff)
highlights = cached(diff.highlights)


# --- the status report ------------------------------------------------------------------------------

if TYPE_CHECKING:
    from byr_data.report import ReportContext


def report_context(report_date: dt.date, since: dt.date | None) -> ReportContext:
    """The report's context (:func:`byr_data.report.report_context`), with the earlier version read through the cache."""
    from byr_data import report

    return report.report_context(report_date, since, store(), version_data)


@cached
def report_prefill(dataset: Dataset, report_date: dt.date, since: dt.date, previous: Dataset | None) -> dict[str, str]:
    """The report's drafted texts (:func:`byr_data.report.prefill`), once per data version and dates, not on every keystroke."""
    from byr_data import report

    with growth.remembering():  # the job and progress texts share one job story
        return report.prefill(dataset, report_date, since, previous)


@cached
def report_caveats(dataset: Dataset, report_date: dt.date) -> list[str]:
    """The notes under the report's job figures (:func:`byr_data.report.job_caveats`), for the page's preview."""
    from byr_data import report

    return report.job_caveats(dataset, report_date)


@st.cache_data(show_spinner="Lager rapporten …", hash_funcs=_HASH_FUNCS, max_entries=8)
def report_document(dataset: Dataset, report_date: dt.date, since: dt.date, previous: Dataset | None, fields: tuple[tuple[str, str], ...]) -> tuple[bytes, list[str]]:
    """The Word document, built once per data version, dates and texts (its chart images cached by :func:`report_chart`)."""
    from byr_data import report, report_charts

    inp = report.ReportInput(dataset=dataset, report_date=report_date, since=since, previous=previous, fields=dict(fields), region=dataset.region_name)
    return report.build_report(inp, figures=lambda d, day: report_charts.figures(d, day, chart_png=report_chart))


@st.cache_data(show_spinner=False, max_entries=4)
def report_pdf(document: bytes) -> bytes:
    """The Word document as PDF (:func:`byr_data.pdf.docx_to_pdf`, seconds), made when the PDF button is clicked and kept per
    document, so a second click on an unchanged report is at once. A failure is not cached: the next click tries again."""
    from byr_data import pdf

    return pdf.docx_to_pdf(document)


@st.cache_data(show_spinner=False, hash_funcs=_HASH_FUNCS, max_entries=32)
def report_chart(dataset: Dataset, report_date: dt.date, key: str) -> bytes | None:
    """The report's chart ``key`` as PNG, per data version and report date: every edit of a text builds the
    document anew, and a picture takes a quarter of a second even with the browser kept running
    (:mod:`byr_data.images`). A chart that could not be made is not cached (an exception is never cached)."""
    from byr_data import report_charts

    return report_charts.render_chart(dataset, report_date, key)


def save_report_draft(report_date: dt.date, fields: dict[str, str]) -> None:
    """Keep the report's texts for this date in the store. Callers check the admin role first."""
    store().save_draft(report_date, fields, author=auth_ui.author())
