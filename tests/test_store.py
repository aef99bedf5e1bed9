"""Tests for byr_data.store: published versions in SQLite, and in PostgreSQL when
``BYR_TEST_DATABASE_URL`` is set (each PostgreSQL test gets a schema of its own, dropped after)."""

from __future__ import annotations

import dataclasses
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import sqlalchemy as sa

from byr_data.dataset import Dataset, Version
from byr_data.errors import DataError
from byr_data.model import SHEETS_BY_NAME
from byr_data.store import Store, StoreError, resolve_url, table_from_parquet, table_to_parquet
from tests.conftest import ROOT, SAMPLE, SAMPLE_TABLES
from tests.workbooks import make_workbook, minimal_valid

PG_ENV = "BYR_TEST_DATABASE_URL"
SAMPLE_FILES = [(SAMPLE.name, SAMPLE.read_bytes())]


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database: a SQLite file, or a new schema in the test PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'byr.sqlite'}"
        return
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"PostgreSQL tests need {PG_ENV} (for example postgresql://byr:byr@127.0.0.1/byr_test)")
    schema = f"byr_test_{uuid.uuid4().hex[:12]}"
    engine = sa.create_engine(base)
    with engine.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield sa.make_url(base).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)
    finally:
        with engine.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with Store.open(store_url) as opened:
        yield opened


def smaller(dataset: Dataset) -> Dataset:
    """Another version of the data: fewer goals, measurements and employment figures."""
    return dataclasses.replace(
        dataset,
        goals=dataset.goals.iloc[:10].reset_index(drop=True),
        measurements=dataset.measurements.iloc[:5].reset_index(drop=True),
        employment=dataset.employment.iloc[:50].reset_index(drop=True),
    )


def row_counts(dataset: Dataset) -> dict[str, int]:
    counts = {"Om": len(dataset.about)} if dataset.about else {}
    return counts | {SHEETS_BY_NAME[name].header: len(table) for name, table in dataset.tables().items()}


def assert_same_tables(actual: Dataset, expected: Dataset) -> None:
    assert list(actual.tables()) == list(expected.tables())
    for name, table in expected.tables().items():
        pd.testing.assert_frame_equal(actual.tables()[name], table, obj=name)
    assert actual.about == expected.about


def run_child(code: str, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code), *args], cwd=ROOT, env=env, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


# --- addresses and opening -----------------------------------------------------------------------------


def test_resolve_url_prefers_explicit_then_environment_then_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BYR_DATABASE_URL", "postgresql://u:p@db/byr")

    assert resolve_url("sqlite:////tmp/x.sqlite") == "sqlite:////tmp/x.sqlite"
    assert resolve_url(None) == "postgresql://u:p@db/byr"
    monkeypatch.setenv("BYR_DATABASE_URL", " ")
    assert resolve_url(None) == f"sqlite:///{ROOT / 'data' / 'byr.sqlite'}"
    monkeypatch.delenv("BYR_DATABASE_URL")
    assert resolve_url(None) == f"sqlite:///{ROOT / 'data' / 'byr.sqlite'}"
    assert (ROOT / "data").is_dir()


def test_open_creates_the_tables_and_has_no_version(store: Store) -> None:
    assert store.current() is None
    assert store.versions() == []


def test_open_twice_keeps_the_data(store_url: str, sample: Dataset) -> None:
    with Store.open(store_url) as first:
        first.publish(sample, SAMPLE_FILES, "test", "første")
    with Store.open(store_url) as second:
        assert second.current().number == 1


@pytest.mark.parametrize(
    ("url", "start"),
    [
        ("postgresql://byr:hemmelig@127.0.0.1:1/ingen", "Databasen kunne ikke åpnes (postgresql://byr:***@127.0.0.1:1/ingen): "),
        (
            "sqlite:////finnes/ikke/byr.sqlite",
            "Databasen kunne ikke åpnes (sqlite:////finnes/ikke/byr.sqlite): unable to open database file.",
        ),
        ("ikke en adresse", "Adressen til databasen kan ikke brukes: "),
    ],
)
def test_open_unusable_database_is_one_norwegian_message(url: str, start: str) -> None:
    with pytest.raises(StoreError) as caught:
        Store.open(url)

    message = str(caught.value)
    assert message.startswith(start)
    assert message.endswith("Sjekk adressen i BYR_DATABASE_URL.")
    assert "hemmelig" not in message
    assert isinstance(caught.value, DataError)


def test_sqlite_connections_use_wal_full_sync_busy_timeout_and_foreign_keys(tmp_path: Path) -> None:
    with Store.open(f"sqlite:///{tmp_path / 'byr.sqlite'}") as store, store._engine.connect() as conn:
        pragma = {
            name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "synchronous", "busy_timeout", "foreign_keys")
        }

    assert pragma == {"journal_mode": "wal", "synchronous": 2, "busy_timeout": 5000, "foreign_keys": 1}


def test_open_waits_for_a_lock_while_switching_a_new_database_to_wal(tmp_path: Path) -> None:
    # Switching to WAL needs an exclusive lock, and SQLite says «database is locked» at once
    # (without busy_timeout) while another process is about to write: as when two app
    # processes start together on a new database.
    path = tmp_path / "byr.sqlite"
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("CREATE TABLE annen (x)")
    other.execute("BEGIN IMMEDIATE")  # another process about to write, in rollback-journal mode
    release = threading.Timer(0.5, lambda: other.execute("COMMIT"))
    release.start()
    try:
        with Store.open(f"sqlite:///{path}") as store:
            assert store.current() is None
    finally:
        release.join()
        other.close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)


# --- publishing and reading ----------------------------------------------------------------------------


def test_publish_makes_the_dataset_current(store: Store, sample: Dataset) -> None:
    version = store.publish(sample, SAMPLE_FILES, "kari", "Statusrapport februar")

    assert version.number == 1
    assert (version.author, version.comment, version.files, version.rollback_of) == (
        "kari",
        "Statusrapport februar",
        ("byr_glamdalen.xlsx",),
        None,
    )
    assert version.row_counts == SAMPLE_TABLES
    assert store.current() == version
    published = store.dataset()
    assert_same_tables(published, sample)
    assert (published.files, published.version) == (("byr_glamdalen.xlsx",), version)
    assert store.files(1) == SAMPLE_FILES


def test_version_created_is_utc(store: Store, sample: Dataset) -> None:
    before = pd.Timestamp.now(tz="UTC").floor("s")
    store.publish(sample, [], "kari", "x")

    created = store.current().created
    assert created.utcoffset().total_seconds() == 0
    assert before <= pd.Timestamp(created) <= pd.Timestamp.now(tz="UTC")


def test_versions_are_listed_newest_first_and_old_ones_stay_readable(store: Store, sample: Dataset) -> None:
    first = store.publish(sample, SAMPLE_FILES, "kari", "første")
    second = store.publish(smaller(sample), [("mindre.xlsx", b"x")], "ola", "andre")

    assert [v.number for v in store.versions()] == [2, 1]
    assert store.versions() == [second, first]
    assert store.version(1) == first
    assert store.current() == second
    assert_same_tables(store.dataset(1), sample)
    assert_same_tables(store.dataset(), smaller(sample))
    assert store.dataset().files == ("mindre.xlsx",)
    assert second.row_counts == row_counts(smaller(sample))


def test_publish_keeps_every_table_exactly(store: Store) -> None:
    sheets = minimal_valid()
    sheets["Sysselsetting"].append(["34", 2015, 180000, None])
    dataset = load_paths_from(sheets)

    store.publish(dataset, [], "kari", "minimal")

    assert_same_tables(store.dataset(), dataset)


def load_paths_from(sheets: dict[str, list[list[object]]]) -> Dataset:
    from byr_data.reading import load

    result = load([("minimal.xlsx", make_workbook(sheets))])
    assert result.dataset is not None
    return result.dataset


def test_rollback_publishes_the_old_data_as_a_new_version(store: Store, sample: Dataset) -> None:
    store.publish(sample, SAMPLE_FILES, "kari", "første")
    store.publish(smaller(sample), [("mindre.xlsx", b"x")], "ola", "andre")

    version = store.rollback(1, "per")

    assert (version.number, version.rollback_of, version.author, version.comment) == (3, 1, "per", "Tilbakestilt til versjon 1")
    assert version.files == ("byr_glamdalen.xlsx",)
    assert version.row_counts == store.version(1).row_counts
    assert store.current() == version
    assert_same_tables(store.dataset(), sample)
    assert store.dataset().version == version
    assert store.files(3) == SAMPLE_FILES
    assert store.rollback(2, "per", "Tilbake igjen").comment == "Tilbake igjen"


def blob_count(opened: Store) -> int:
    """How many table payloads the store holds."""
    with opened._connection() as conn:
        return conn.execute(sa.text("SELECT count(*) FROM table_blobs")).scalar_one()


def test_publishing_the_same_tables_again_stores_them_once(store: Store, sample: Dataset) -> None:
    store.publish(sample, SAMPLE_FILES, "kari", "første")
    store.publish(smaller(sample), [], "ola", "andre")  # goals, measurements and employment changed

    store.publish(sample, [], "per", "tredje")

    assert blob_count(store) == len(sample.tables()) + 3
    assert_same_tables(store.dataset(3), sample)


def test_rollback_unknown_version_is_a_norwegian_error(store: Store, sample: Dataset) -> None:
    store.publish(sample, [], "kari", "første")

    with pytest.raises(StoreError, match=r"^Versjon 9 finnes ikke\. Se hvilke versjoner som finnes med «python -m byr_data versions»\.$"):
        store.rollback(9, "per")
    assert [v.number for v in store.versions()] == [1]


def test_dataset_of_an_empty_store_is_a_norwegian_error(store: Store) -> None:
    with pytest.raises(StoreError, match=r"^Databasen har ingen publiserte data ennå\."):
        store.dataset()
    with pytest.raises(StoreError, match=r"^Versjon 1 finnes ikke\."):
        store.files(1)


# --- crashes and concurrency ---------------------------------------------------------------------------

KILLED_PUBLISH = """
import dataclasses, sys, time
import pandas as pd
import byr_data.store as store_module
from byr_data.reading import load_paths

url, sample = sys.argv[1], sys.argv[2]
dataset = load_paths([sample]).dataset
dataset = dataclasses.replace(dataset, employment=pd.concat([dataset.employment] * 400, ignore_index=True))
original = store_module._move_pointer

def paused(conn, number):
    print("i transaksjonen", number, flush=True)
    time.sleep(300)
    original(conn, number)

store_module._move_pointer = paused
store = store_module.Store.open(url)
store.publish(dataset, [("stor.bin", bytes(20_000_000))], "barn", "stor")
print("ferdig", flush=True)
"""


def test_publish_killed_part_way_leaves_the_previous_version(store_url: str, sample: Dataset) -> None:
    with Store.open(store_url) as before:
        before.publish(sample, SAMPLE_FILES, "kari", "første")
    child = run_child(KILLED_PUBLISH, store_url, str(SAMPLE))
    watchdog = threading.Timer(120, child.kill)
    watchdog.start()
    try:
        line = child.stdout.readline()
        assert line.startswith("i transaksjonen"), child.stderr.read()
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        watchdog.cancel()
        child.kill()
        child.communicate()

    assert child.returncode == -signal.SIGKILL
    with Store.open(store_url) as after:
        assert [v.number for v in after.versions()] == [1]
        assert after.current().number == 1
        assert_same_tables(after.dataset(), sample)
        assert after.publish(smaller(sample), [], "kari", "etter").number > 1
    if store_url.startswith("sqlite"):
        with sqlite3.connect(sa.make_url(store_url).database) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]


def test_readers_always_see_a_whole_version(store: Store, sample: Dataset) -> None:
    small = smaller(sample)
    store.publish(sample, SAMPLE_FILES, "kari", "start")
    possible = [row_counts(sample), row_counts(small)]
    done = threading.Event()
    seen: list[tuple[str, dict[str, int]]] = []
    errors: list[BaseException] = []

    def read() -> None:
        try:
            while not done.is_set():
                dataset = store.dataset()
                seen.append((dataset.version.number, row_counts(dataset)))
        except BaseException as error:
            errors.append(error)

    def publish() -> None:
        try:
            for i in range(6):
                store.publish(small if i % 2 == 0 else sample, SAMPLE_FILES, "kari", f"runde {i}")
        except BaseException as error:
            errors.append(error)
        finally:
            done.set()

    threads = [threading.Thread(target=read) for _ in range(8)] + [threading.Thread(target=publish)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)

    assert errors == []
    assert not any(thread.is_alive() for thread in threads)
    assert len(seen) >= 8
    for number, counts in seen:
        assert counts in possible
        assert counts == store.version(number).row_counts
    assert store.current().number == 7


# --- backup -------------------------------------------------------------------------------------------------


def test_backup_sqlite_writes_a_consistent_copy(tmp_path: Path, sample: Dataset) -> None:
    with Store.open(f"sqlite:///{tmp_path / 'byr.sqlite'}") as store:
        store.publish(sample, SAMPLE_FILES, "kari", "første")
        out = store.backup(tmp_path / "kopi.sqlite")

    assert out == tmp_path / "kopi.sqlite"
    assert not (tmp_path / "kopi.sqlite-wal").exists()
    with sqlite3.connect(out) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    with Store.open(f"sqlite:///{out}") as copy:
        assert copy.current().number == 1
        assert_same_tables(copy.dataset(), sample)


def test_backup_into_a_missing_folder_is_a_norwegian_error(tmp_path: Path) -> None:
    with (
        Store.open(f"sqlite:///{tmp_path / 'byr.sqlite'}") as store,
        pytest.raises(StoreError, match=r"^Sikkerhetskopien kunne ikke lages"),
    ):
        store.backup(tmp_path / "finnes" / "ikke.sqlite")


def test_backup_postgresql_points_to_pg_dump(store_url: str) -> None:
    if store_url.startswith("sqlite"):
        pytest.skip("PostgreSQL only")
    with Store.open(store_url) as store, pytest.raises(StoreError, match="bruker du pg_dump"):
        store.backup(Path("/tmp/ikke-brukt"))


# --- tables as Parquet -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "frame",
    [
        pd.DataFrame({"comment": pd.Series([None, "tekst"], dtype=object)}),
        pd.DataFrame({"comment": pd.Series([np.nan, "tekst"], dtype=object)}),
        pd.DataFrame({"comment": pd.Series([None, None], dtype=object)}),
        pd.DataFrame({"industry": pd.Series([np.nan, np.nan], dtype=object)}),
        pd.DataFrame(
            {"year": pd.array([2016, None], dtype="Int64"), "start": pd.to_datetime(["2016-01-01", None]).astype("datetime64[us]")}
        ),
        pd.DataFrame({"goal_ids": pd.Series([("1", "1.1"), ()], dtype=object), "municipalities": pd.Series([(), ()], dtype=object)}),
        pd.DataFrame({"id": pd.Series([], dtype="str"), "goal_ids": pd.Series([], dtype=object), "value": pd.Series([], dtype="float64")}),
        pd.DataFrame({"_file": ["a.xlsx"], "_row": [2], "_raw_old": [True], "name": pd.Series(["x"], dtype="str")}),
    ],
    ids=["none", "nan", "all-none", "all-nan", "int-date", "tuples", "empty", "source"],
)
def test_table_parquet_round_trip_keeps_dtypes_tuples_and_blanks(frame: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(table_from_parquet(table_to_parquet("activities", frame)), frame)


def test_version_is_a_frozen_record() -> None:
    version = Version(1, pd.Timestamp("2016-02-15", tz="UTC").to_pydatetime(), "kari", "x", ("a.xlsx",), {"Mål": 1}, None)

    with pytest.raises(dataclasses.FrozenInstanceError):
        version.number = 2  # type: ignore[misc]


def test_publish_refuses_when_another_version_came_in_between(tmp_path, sample) -> None:
    from byr_data.store import Store, StoreError

    store = Store.open(f"sqlite:///{tmp_path / 'race.sqlite'}")
    first = store.publish(sample, [], author="a", comment="første")
    store.publish(sample, [], author="b", comment="andre, publisert i mellomtiden")
    with pytest.raises(StoreError, match="Versjon 2 ble publisert mens du forberedte denne"):
        store.publish(sample, [], author="a", comment="bygget på første", base=first.number)
    assert store.current().number == 2


def test_publish_refuses_when_the_first_version_came_in_between(store: Store, sample: Dataset) -> None:
    from byr_data.store import VersionConflict

    store.publish(sample, [], author="cli", comment="første, fra kommandolinjen")
    with pytest.raises(VersionConflict) as refused:
        store.publish(sample, [], author="admin", comment="forberedt mot en tom database", base=None)
    assert str(refused.value) == (
        "Versjon 1 ble publisert mens du forberedte denne (da ingen versjon var publisert). "
        "Ingenting er lagret: last opp filene på nytt, så sammenlignes de med den nye versjonen."
    )
    assert (refused.value.current, refused.value.base) == (1, None)
    assert [v.number for v in store.versions()] == [1]


def test_rollback_refuses_when_another_version_came_in_between(store: Store, sample: Dataset) -> None:
    from byr_data.store import VersionConflict

    store.publish(sample, [], author="a", comment="første")
    seen = store.publish(sample, [], author="a", comment="andre")
    store.publish(sample, [], author="cli", comment="tredje, publisert i mellomtiden")
    with pytest.raises(VersionConflict) as refused:
        store.rollback(1, author="admin", base=seen.number)
    assert str(refused.value) == (
        "Versjon 3 ble publisert mens du forberedte tilbakestillingen (da versjon 2 var gjeldende). "
        "Ingenting er lagret: se over versjonene og velg på nytt."
    )
    assert store.current().comment == "tredje, publisert i mellomtiden"
    assert store.rollback(1, author="admin", base=3).number == 4


def test_population_round_trips_through_the_store(store: Store, sample: Dataset) -> None:
    store.publish(sample, SAMPLE_FILES, author="kari", comment="Med befolkning")

    published = store.dataset()

    assert published.population is not None
    pd.testing.assert_frame_equal(published.population, sample.population, obj="population")
    assert store.current().row_counts["Befolkning"] == 153


# --- report drafts ------------------------------------------------------------------------------------


def test_draft_is_saved_replaced_and_read_back(store: Store) -> None:
    import datetime as dt

    day = dt.date(2016, 2, 15)
    assert store.draft(day) is None
    store.save_draft(day, {"progress": "Fremdrift er ok.", "budget": "+2 250 000 kr"}, author="kari")
    store.save_draft(day, {"progress": "Fremdriften er i hovedsak i rute."}, author="ola")
    draft = store.draft(day)
    assert draft is not None
    assert draft["fields"] == {"progress": "Fremdriften er i hovedsak i rute."}
    assert draft["author"] == "ola"
    assert draft["saved"].tzinfo is not None


def test_previous_report_date_is_the_latest_draft_before(store: Store) -> None:
    import datetime as dt

    assert store.previous_report_date(dt.date(2016, 2, 15)) is None
    for day in (dt.date(2015, 8, 15), dt.date(2015, 10, 1), dt.date(2016, 2, 15)):
        store.save_draft(day, {}, author="kari")
    assert store.previous_report_date(dt.date(2016, 2, 15)) == dt.date(2015, 10, 1)
    assert store.previous_report_date(dt.date(2015, 10, 1)) == dt.date(2015, 8, 15)
    assert store.previous_report_date(dt.date(2015, 8, 15)) is None
