"""Shared fixtures: the repository root, the sample data, and clean Streamlit caches."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager

from byr_data.dataset import Dataset
from byr_data.reading import load_paths

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data" / "byr_glamdalen.xlsx"
#: Data rows per sheet in the sample workbook.
SAMPLE_TABLES = {
    "Om": 3,
    "Kommuner": 7,
    "Mål": 25,
    "Måleverdier": 20,
    "Aktiviteter": 12,
    "Budsjett": 15,
    "Budsjettendringer": 2,
    "Sysselsetting": 1462,
    "Befolkning": 153,
}
#: The sample describes the programme as reported per 15.02.2016.
REPORT_DATE = dt.date(2016, 2, 15)


@pytest.fixture(scope="session")
def sample() -> Dataset:
    result = load_paths([SAMPLE], today=REPORT_DATE)
    assert result.dataset is not None, [p.text() for p in result.report.errors]
    return result.dataset


@pytest.fixture(autouse=True)
def _own_database(tmp_path, monkeypatch):
    """Every test gets an empty store of its own, never the developer's data/byr.sqlite."""
    monkeypatch.setenv("BYR_DATABASE_URL", f"sqlite:///{tmp_path / 'byr.sqlite'}")
    monkeypatch.setenv("BYR_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("BYR_ADMIN_PASSWORD_HASH", raising=False)


@pytest.fixture(autouse=True)
def _clear_streamlit_caches():
    """st.cache_data and st.cache_resource outlive an AppTest: start each test clean."""
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    yield


@pytest.fixture
def downloads(monkeypatch) -> dict[str, Callable[[], bytes]]:
    """The app's deferred downloads by file name, with the function that makes each file (called when clicked)."""
    found: dict[str, Callable[[], bytes]] = {}
    original = MediaFileManager.add_deferred

    def record(self, data, mimetype, coordinates, file_name=None, **kwargs):
        found[file_name] = data
        return original(self, data, mimetype, coordinates, file_name=file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", record)
    return found
