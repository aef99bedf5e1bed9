"""Published data versions in a database: SQLite by default, PostgreSQL by URL.

Every publication is a new, immutable version: its tables (Parquet), the files it came from
and the «Om» fields. A table is stored once by its content's SHA-256 and versions refer to it,
so a publication that changes one sheet stores that sheet only, and a rollback stores none. One pointer row names the current version. A publication inserts the
version and moves the pointer in one transaction, so a reader sees the old version or the new
one, never half of one; rolling back publishes an old version's data as a new version.

The address comes from :func:`resolve_url`: an explicit URL (the app passes the one from its
secrets), else ``BYR_DATABASE_URL``, else ``data/byr.sqlite`` in the repository.
Database errors reach callers as :class:`StoreError`, with a Norwegian message.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import hashlib
import io
import json
import os
import sqlite3
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool, StaticPool

from byr_data.dataset import Dataset, Version
from byr_data.errors import DataError, Report, Severity
from byr_data.model import ABOUT, SHEETS_BY_NAME, Kind

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PATH = ROOT / "data" / "byr.sqlite"
ENV_URL = "BYR_DATABASE_URL"
_LIST_KINDS = (Kind.IDS, Kind.CODES)
#: How long SQLite waits for another connection's lock before it gives up.
BUSY_TIMEOUT_MS = 5000
#: Key of the PostgreSQL advisory lock held while the schema is created (any constant will do).
_SCHEMA_LOCK = 0x0B1A_6DA1

# Arrow's default pool (mimalloc) keeps the memory a Parquet round trip freed, ~20 MB at scale for the
# life of the process; the C allocator's pool lets it go. Set for the whole process, as pandas also uses Arrow.
pa.set_memory_pool(pa.system_memory_pool())


class StoreError(DataError):
    """A database problem, told in one Norwegian sentence (a :class:`DataError`, so pages show it as one)."""

    def __init__(self, message: str) -> None:
        report = Report()
        report.add(Severity.ERROR, message)
        super().__init__(report)


class VersionConflict(StoreError):
    """Another version became current after the one a publication or rollback was prepared against."""

    def __init__(self, message: str, current: int, base: int | None) -> None:
        super().__init__(message)
        self.current = current
        self.base = base


class _Unchecked(enum.Enum):
    BASE = "any"


#: ``base`` left out: publish on top of whatever is current (first start, tests, scripts).
UNCHECKED = _Unchecked.BASE
Unchecked = _Unchecked


def resolve_url(explicit: str | None) -> str:
    """The database address: ``explicit``, else ``BYR_DATABASE_URL``, else SQLite in ``data/``."""
    if explicit:
        return explicit
    from_env = os.environ.get(ENV_URL, "").strip()
    if from_env:
        return from_env
    DEFAULT_PATH.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{DEFAULT_PATH}"


# --- schema ---------------------------------------------------------------------------------------------

metadata = sa.MetaData()
versions_table = sa.Table(
    "versions",
    metadata,
    sa.Column("number", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("created", sa.DateTime(timezone=True), nullable=False),
    sa.Column("author", sa.String(200), nullable=False),
    sa.Column("comment", sa.Text, nullable=False),
    sa.Column("files", sa.JSON, nullable=False),
    sa.Column("row_counts", sa.JSON, nullable=False),
    sa.Column("rollback_of", sa.Integer, sa.ForeignKey("versions.number"), nullable=True),
)
files_table = sa.Table(
    "version_files",
    metadata,
    sa.Column("version", sa.Integer, sa.ForeignKey("versions.number"), primary_key=True),
    sa.Column("position", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(500), nullable=False),
    sa.Column("content", sa.LargeBinary, nullable=False),
)
blobs_table = sa.Table(
    "table_blobs",
    metadata,
    # A table's Parquet bytes, stored once whatever the number of versions that have it.
    sa.Column("hash", sa.String(64), primary_key=True),  # SHA-256 of the payload, hex
    sa.Column("payload", sa.LargeBinary, nullable=False),
)
tables_table = sa.Table(
    "version_table_refs",
    metadata,
    sa.Column("version", sa.Integer, sa.ForeignKey("versions.number"), primary_key=True),
    sa.Column("name", sa.String(50), primary_key=True),
    sa.Column("hash", sa.String(64), sa.ForeignKey("table_blobs.hash"), nullable=False),
)
#: Databases made before tables were shared keep every version's tables here; opening one moves them.
legacy_metadata = sa.MetaData()
legacy_tables_table = sa.Table(
    "version_tables",
    legacy_metadata,
    sa.Column("version", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(50), primary_key=True),
    sa.Column("payload", sa.LargeBinary, nullable=False),
)
about_table = sa.Table(
    "version_about",
    metadata,
    sa.Column("version", sa.Integer, sa.ForeignKey("versions.number"), primary_key=True),
    sa.Column("json", sa.JSON, nullable=False),
)
pointer_table = sa.Table(
    "pointer",
    metadata,
    # One row, id 1: the primary key is what makes the first publication race-safe.
    sa.Column("id", sa.Integer, sa.CheckConstraint("id = 1", name="pointer_single_row"), primary_key=True, autoincrement=False),
    sa.Column("current", sa.Integer, sa.ForeignKey("versions.number"), nullable=True),
)
drafts_table = sa.Table(
    "report_drafts",
    metadata,
    # One draft per report date: the free text of the status report being written.
    sa.Column("report_date", sa.Date, primary_key=True),
    sa.Column("fields", sa.JSON, nullable=False),
    sa.Column("author", sa.String(200), nullable=False),
    sa.Column("saved", sa.DateTime(timezone=True), nullable=False),
)


# --- tables as Parquet ------------------------------------------------------------------------------------


def table_to_parquet(name: str, table: pd.DataFrame) -> bytes:
    """One canonical table as Parquet bytes that :func:`table_from_parquet` turns back into an equal frame.

    Parquet has no tuples: list columns (goal IDs, municipality codes) go as lists. Object columns
    come back from Parquet as strings, and their blanks as another kind of missing value, so the
    dtypes and blank values are kept in the frame's attrs (pandas stores them in the file).
    """
    frame = table.copy()
    lists = {c.name for c in SHEETS_BY_NAME[name].columns if c.kind in _LIST_KINDS} if name in SHEETS_BY_NAME else set()
    restore: dict[str, dict[str, str]] = {}
    for column in frame.columns:
        series = frame[column]
        entry = {"dtype": str(series.dtype)}
        if series.dtype == object:
            if column in lists:
                frame[column] = [list(v) if isinstance(v, (tuple, list, np.ndarray)) else [] for v in series]
                entry["list"] = "tuple"
            else:
                blanks = series[series.isna()]
                entry["blank"] = "none" if len(blanks) and blanks.iloc[0] is None else "nan"
        restore[str(column)] = entry
    frame.attrs = {"byr_columns": restore}
    # zstd, and the row numbers as deltas: a 5 000-line budget in 40 KB instead of 80 KB.
    options: dict[str, Any] = {"compression": "zstd"}
    if "_row" in frame and pd.api.types.is_integer_dtype(frame["_row"].dtype) and not isinstance(frame["_row"].dtype, pd.api.extensions.ExtensionDtype):
        options |= {"use_dictionary": [str(c) for c in frame.columns if c != "_row"], "column_encoding": {"_row": "DELTA_BINARY_PACKED"}}
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False, engine="pyarrow", **options)
    return buffer.getvalue()


def _digest(payload: bytes) -> str:
    return hashlib.sha256(payload).hexdigest()


def content_token(hashes: dict[str, str], about: dict[str, str], files: Sequence[str]) -> str:
    """A dataset's content key from its tables' hashes, its «Om» fields and its file names."""
    text = json.dumps([sorted(hashes.items()), sorted(about.items()), list(files)], ensure_ascii=False)
    return "c" + hashlib.sha256(text.encode()).hexdigest()[:24]


def table_from_parquet(payload: bytes) -> pd.DataFrame:
    """A table stored by :func:`table_to_parquet`, with its dtypes, tuples and blanks as they were."""
    frame = pd.read_parquet(io.BytesIO(payload), engine="pyarrow")
    restore: dict[str, dict[str, str]] = frame.attrs.pop("byr_columns", {})
    frame.attrs = {}
    for column, entry in restore.items():
        series = frame[column]
        if entry.get("list"):
            frame[column] = pd.Series([tuple(v) if v is not None else () for v in series], index=frame.index, dtype=object)
        elif entry["dtype"] == "object":
            # Each distinct value once, as the read tables have it (a text per cell would take tens of MB at scale).
            codes, uniques = pd.factorize(series)
            values = np.full(len(series), None if entry.get("blank") == "none" else np.nan, dtype=object)
            known = codes >= 0
            values[known] = np.asarray(uniques.astype(object), dtype=object)[codes[known]]
            frame[column] = pd.Series(values, index=frame.index, dtype=object)
        elif str(series.dtype) != entry["dtype"]:
            frame[column] = series.astype(entry["dtype"])
    return frame


def _conflict_message(current: int, base: int | None, rollback_of: int | None) -> str:
    """Why a publication or rollback prepared against ``base`` was refused, now that ``current`` is current."""
    then = f"versjon {base} var gjeldende" if base is not None else "ingen versjon var publisert"
    if rollback_of is not None:
        return f"Versjon {current} ble publisert mens du forberedte tilbakestillingen (da {then}). Ingenting er lagret: se over versjonene og velg på nytt."
    built = f"den bygde på versjon {base}" if base is not None else f"da {then}"
    return (f"Versjon {current} ble publisert mens du forberedte denne ({built}). "
            "Ingenting er lagret: last opp filene på nytt, så sammenlignes de med den nye versjonen.")


def _store_blobs(conn: Connection, blobs: dict[str, bytes]) -> None:
    """Insert the payloads the store does not have yet (callers hold the write lock)."""
    if not blobs:
        return
    have = set(conn.execute(sa.select(blobs_table.c.hash).where(blobs_table.c.hash.in_(list(blobs)))).scalars())
    new = [{"hash": digest, "payload": data} for digest, data in blobs.items() if digest not in have]
    if new:
        conn.execute(sa.insert(blobs_table), new)


def _share_legacy_tables(conn: Connection) -> None:
    """Move the tables of a database made before sharing into shared payloads, one at a time, then drop the old table."""
    legacy = legacy_tables_table
    keys = conn.execute(sa.select(legacy.c.version, legacy.c.name).order_by(legacy.c.version)).all()
    for version, name in keys:
        payload = bytes(conn.execute(sa.select(legacy.c.payload).where(legacy.c.version == version, legacy.c.name == name)).scalar_one())
        digest = _digest(payload)
        _store_blobs(conn, {digest: payload})
        conn.execute(sa.insert(tables_table).values(version=version, name=name, hash=digest))
    legacy.drop(conn)


# --- the store --------------------------------------------------------------------------------------------


def _reason(exc: BaseException) -> str:
    """The database's own words as one sentence, without SQLAlchemy's statement dump."""
    orig = getattr(exc, "orig", None) or exc
    lines = [line.strip() for line in str(orig).splitlines() if line.strip()]
    text = " ".join(lines[:2]) if lines else type(orig).__name__
    return text if text.endswith((".", "?", "!")) else text + "."


def _safe_url(url: str) -> str:
    """The address without its password, for messages (empty when it cannot be parsed)."""
    try:
        return sa.make_url(url).render_as_string(hide_password=True)
    except Exception:
        return ""


def _where(url: str) -> str:
    shown = _safe_url(url)
    return f" ({shown})" if shown else ""


def _open_error(url: str, exc: BaseException) -> StoreError:
    return StoreError(f"Databasen kunne ikke åpnes{_where(url)}: {_reason(exc)} Sjekk adressen i {ENV_URL}.")


def _with_installed_driver(url: sa.URL) -> sa.URL:
    """A plain ``postgresql://`` address with the driver that is installed.

    SQLAlchemy 2.1 takes plain ``postgresql://`` to mean psycopg 3 (our requirement); where only
    psycopg2 is installed, that one is used instead of failing.
    """
    if url.drivername != "postgresql":
        return url
    import importlib.util

    if importlib.util.find_spec("psycopg") is None and importlib.util.find_spec("psycopg2") is not None:
        return url.set(drivername="postgresql+psycopg2")
    return url


def _use_wal(cursor: sqlite3.Cursor) -> None:
    """Switch the database to WAL (once per database file; later it stays WAL).

    The switch needs an exclusive lock, and SQLite answers «database is locked» at once instead
    of waiting out busy_timeout when another process opens a new database at the same moment:
    so retry for as long as busy_timeout would have waited.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            if cursor.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            busy = "locked" in str(error) or "busy" in str(error)
            if not busy or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _create_engine(url: str) -> Engine:
    """An engine; for SQLite with WAL, full sync, a busy timeout and foreign keys on every connection."""
    parsed = sa.make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return sa.create_engine(_with_installed_driver(parsed), pool_pre_ping=True)
    memory = parsed.database in (None, "", ":memory:")
    # A file database gets a fresh connection per operation: nothing is shared between threads.
    # An in-memory database lives in its one connection (for tries only).
    engine = sa.create_engine(
        parsed,
        poolclass=StaticPool if memory else NullPool,
        connect_args={"check_same_thread": False} if memory else {},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        # Transactions are begun by us (below), not by the sqlite3 module, so BEGIN IMMEDIATE works.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        if not memory:
            _use_wal(cursor)
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        # A writer takes the write lock at once: two writers queue (busy_timeout) instead of one
        # failing when it upgrades a read transaction that another writer has overtaken.
        write = connection.get_execution_options().get("byr_write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def _move_pointer(conn: Connection, number: int) -> None:
    """The last step of a publication: make ``number`` current (a seam the crash test pauses in)."""
    conn.execute(sa.update(pointer_table).where(pointer_table.c.id == 1).values(current=number))


def _utc(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def _version(row: Any) -> Version:
    files = row.files if not isinstance(row.files, str) else json.loads(row.files)
    counts = row.row_counts if not isinstance(row.row_counts, str) else json.loads(row.row_counts)
    return Version(
        number=int(row.number),
        created=_utc(row.created),
        author=row.author,
        comment=row.comment,
        files=tuple(files),
        row_counts={str(k): int(v) for k, v in counts.items()},
        rollback_of=None if row.rollback_of is None else int(row.rollback_of),
    )


@dataclass(frozen=True)
class _Payload:
    """A version's content, ready to insert: each table as (hash, Parquet bytes), bytes None when already stored."""

    tables: dict[str, tuple[str, bytes | None]]
    about: dict[str, str]
    files: list[tuple[str, bytes]]
    row_counts: dict[str, int]


def _row_counts(dataset: Dataset) -> dict[str, int]:
    counts = {ABOUT.header: len(dataset.about)} if dataset.about else {}
    counts.update({SHEETS_BY_NAME[name].header: len(table) for name, table in dataset.tables().items()})
    return counts


class Store:
    """Versions of the published data in one database. Safe to share between threads."""

    def __init__(self, engine: Engine, url: str) -> None:
        self._engine = engine
        self.url = url

    # -- opening ------------------------------------------------------------------------------------

    @classmethod
    def open(cls, url: str | None = None) -> Store:
        """Connect (see :func:`resolve_url`) and create the tables if they are missing."""
        url = resolve_url(url)
        try:
            engine = _create_engine(url)
        except (SQLAlchemyError, ImportError, ValueError) as exc:
            raise StoreError(f"Adressen til databasen kan ikke brukes{_where(url)}: {_reason(exc)} Sjekk adressen i {ENV_URL}.") from None
        store = cls(engine, url)
        try:
            store._create_schema()
        except SQLAlchemyError as exc:
            engine.dispose()
            raise _open_error(url, exc) from None
        return store

    def close(self) -> None:
        """Close the pooled connections."""
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    @property
    def is_sqlite(self) -> bool:
        return self._engine.dialect.name == "sqlite"

    def _schema_ready(self) -> bool:
        with self._engine.connect() as conn:
            inspector = sa.inspect(conn)
            if not all(inspector.has_table(t.name) for t in metadata.sorted_tables) or inspector.has_table(legacy_tables_table.name):
                return False
            return conn.execute(sa.select(pointer_table.c.id)).first() is not None

    def _create_schema(self) -> None:
        """Tables and the pointer row, created once even when two processes start together."""
        if self._schema_ready():
            return
        with self._engine.connect().execution_options(byr_write=True) as conn, conn.begin():
            if self._engine.dialect.name == "postgresql":
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _SCHEMA_LOCK})
            metadata.create_all(conn, checkfirst=True)
            if conn.execute(sa.select(pointer_table.c.id)).first() is None:
                conn.execute(sa.insert(pointer_table).values(id=1, current=None))
            if sa.inspect(conn).has_table(legacy_tables_table.name):
                _share_legacy_tables(conn)

    # -- connections ----------------------------------------------------------------------------------

    @contextlib.contextmanager
    def _connection(self, write: bool = False) -> Iterator[Connection]:
        """One connection and transaction for one operation; database errors become a StoreError."""
        try:
            conn = self._engine.connect()
        except SQLAlchemyError as exc:
            raise _open_error(self.url, exc) from None
        try:
            with conn.execution_options(byr_write=write), conn.begin():
                yield conn
        except StoreError:
            raise
        except SQLAlchemyError as exc:
            raise StoreError(f"Databasefeil{_where(self.url)}: {_reason(exc)} Prøv igjen; hvis feilen varer, sjekk databasen.") from None
        finally:
            conn.close()

    # -- reading -------------------------------------------------------------------------------------

    @staticmethod
    def _current_number(conn: Connection) -> int | None:
        return conn.execute(sa.select(pointer_table.c.current).where(pointer_table.c.id == 1)).scalar()

    @staticmethod
    def _version_row(conn: Connection, number: int) -> Version:
        row = conn.execute(sa.select(versions_table).where(versions_table.c.number == number)).first()
        if row is None:
            raise StoreError(f"Versjon {number} finnes ikke. Se hvilke versjoner som finnes med «python -m byr_data versions».")
        return _version(row)

    def current(self) -> Version | None:
        """The current version, or None when nothing has been published."""
        with self._connection() as conn:
            number = self._current_number(conn)
            return None if number is None else self._version_row(conn, number)

    def versions(self) -> list[Version]:
        """Every version, newest first."""
        with self._connection() as conn:
            rows = conn.execute(sa.select(versions_table).order_by(versions_table.c.number.desc())).all()
        return [_version(row) for row in rows]

    def version(self, number: int) -> Version:
        """One version; a :class:`StoreError` when it does not exist."""
        with self._connection() as conn:
            return self._version_row(conn, number)

    def _number_or_current(self, conn: Connection, number: int | None) -> int:
        if number is not None:
            return number
        current = self._current_number(conn)
        if current is None:
            raise StoreError(
                "Databasen har ingen publiserte data ennå. Publiser en arbeidsbok først (python -m byr_data publish FIL.xlsx --comment …)."
            )
        return current

    def dataset(self, number: int | None = None) -> Dataset:
        """The data of one version (None: the current one), with the tables as they were published."""
        with self._connection() as conn:
            number = self._number_or_current(conn, number)
            version = self._version_row(conn, number)
            payloads = conn.execute(
                sa.select(tables_table.c.name, tables_table.c.hash, blobs_table.c.payload)
                .join(blobs_table, blobs_table.c.hash == tables_table.c.hash)
                .where(tables_table.c.version == number)
            ).all()
            about = self._about(conn, number)
        tables = {name: table_from_parquet(bytes(payload)) for name, _, payload in payloads}
        token = content_token({name: digest for name, digest, _ in payloads}, about, version.files)
        return Dataset(files=version.files, token=token, version=version, about=about, **tables)

    @staticmethod
    def _about(conn: Connection, number: int) -> dict[str, str]:
        about = conn.execute(sa.select(about_table.c.json).where(about_table.c.version == number)).scalar()
        return dict(json.loads(about) if isinstance(about, str) else (about or {}))

    @staticmethod
    def _hashes(conn: Connection, number: int) -> dict[str, str]:
        """A version's tables as {name: hash}."""
        rows = conn.execute(sa.select(tables_table.c.name, tables_table.c.hash).where(tables_table.c.version == number)).all()
        return {name: digest for name, digest in rows}

    def files(self, number: int) -> list[tuple[str, bytes]]:
        """The files a version was published from, as (name, content)."""
        with self._connection() as conn:
            self._version_row(conn, number)
            rows = conn.execute(
                sa.select(files_table.c.name, files_table.c.content).where(files_table.c.version == number).order_by(files_table.c.position)
            ).all()
        return [(name, bytes(content)) for name, content in rows]

    # -- publishing --------------------------------------------------------------------------------------

    def publish(
        self,
        dataset: Dataset,
        files: Sequence[tuple[str, bytes]],
        author: str,
        comment: str,
        rollback_of: int | None = None,
        base: int | None | _Unchecked = UNCHECKED,
        unchanged: Sequence[str] = (),
    ) -> Version:
        """Store the dataset as a new version and make it current, in one transaction.

        ``base`` is the version the dataset was built on (the tables it carried over; None: an
        empty store): when another version is current by then, nothing is stored and
        :class:`VersionConflict` says so, rather than quietly dropping the other publication's changes.
        ``unchanged`` names tables the caller knows to be exactly version ``base``'s: they are
        not encoded again (any other table the store already has is shared too, after encoding).
        """
        tables: dict[str, tuple[str, bytes | None]] = {}
        if unchanged:
            if not isinstance(base, int):
                raise ValueError("unchanged tables need the version they come from as base")
            with self._connection() as conn:
                kept = self._hashes(conn, base)
            tables = {name: (kept[name], None) for name in unchanged}
        for name, table in dataset.tables().items():
            if name not in tables:
                data = table_to_parquet(name, table)
                tables[name] = (_digest(data), data)
        payload = _Payload(
            tables=tables,
            about=dict(dataset.about),
            files=[(name, bytes(content)) for name, content in files],
            row_counts=_row_counts(dataset),
        )
        return self._insert(payload, author, comment, rollback_of, base=base)

    def rollback(self, number: int, author: str, comment: str | None = None, base: int | None | _Unchecked = UNCHECKED) -> Version:
        """Publish version ``number``'s data again, as a new version.

        ``base`` is the version that was current when the rollback was chosen: when another is
        current by then, nothing is stored (:class:`VersionConflict`).
        """
        with self._connection() as conn:
            old = self._version_row(conn, number)
            hashes = self._hashes(conn, number)
            about = self._about(conn, number)
            files = conn.execute(
                sa.select(files_table.c.name, files_table.c.content).where(files_table.c.version == number).order_by(files_table.c.position)
            ).all()
        payload = _Payload(
            tables={name: (digest, None) for name, digest in hashes.items()},
            about=about,
            files=[(name, bytes(content)) for name, content in files],
            row_counts=dict(old.row_counts),
        )
        return self._insert(payload, author, comment or f"Tilbakestilt til versjon {number}", number, base=base)

    def _insert(
        self, payload: _Payload, author: str, comment: str, rollback_of: int | None, base: int | None | _Unchecked = UNCHECKED,
    ) -> Version:
        """Insert a version (and the tables the store does not have yet) and move the pointer, in one transaction."""
        created = dt.datetime.now(dt.UTC)
        with self._connection(write=True) as conn:
            # Locks the pointer row (PostgreSQL; SQLite's BEGIN IMMEDIATE has locked the database):
            # publications queue, and the pointer always names the newest of them.
            current = conn.execute(sa.select(pointer_table.c.current).where(pointer_table.c.id == 1).with_for_update()).first()
            if current is None:
                raise StoreError("Databasen mangler pekeren til gjeldende versjon. Kontakt den som drifter dashbordet.")
            if base is not UNCHECKED and current.current != base:
                raise VersionConflict(_conflict_message(current.current, base, rollback_of), current.current, base)
            number = conn.execute(
                sa.insert(versions_table)
                .values(
                    created=created,
                    author=author,
                    comment=comment,
                    files=[name for name, _ in payload.files],
                    row_counts=payload.row_counts,
                    rollback_of=rollback_of,
                )
                .returning(versions_table.c.number)
            ).scalar_one()
            if payload.files:
                conn.execute(
                    sa.insert(files_table),
                    [{"version": number, "position": i, "name": n, "content": c} for i, (n, c) in enumerate(payload.files)],
                )
            if payload.tables:
                _store_blobs(conn, {digest: data for digest, data in payload.tables.values() if data is not None})
                conn.execute(sa.insert(tables_table), [{"version": number, "name": n, "hash": h} for n, (h, _) in payload.tables.items()])
            conn.execute(sa.insert(about_table).values(version=number, json=payload.about))
            _move_pointer(conn, number)
        return Version(number, created, author, comment, tuple(name for name, _ in payload.files), dict(payload.row_counts), rollback_of)

    # -- report drafts ---------------------------------------------------------------------------------

    def save_draft(self, report_date: dt.date, fields: dict[str, str], author: str) -> None:
        """Store the report's free text for ``report_date``, replacing an earlier draft for that date."""
        values = {str(k): str(v) for k, v in fields.items()}
        with self._connection(write=True) as conn:
            conn.execute(sa.delete(drafts_table).where(drafts_table.c.report_date == report_date))
            conn.execute(sa.insert(drafts_table).values(report_date=report_date, fields=values, author=author, saved=dt.datetime.now(dt.UTC)))

    def draft(self, report_date: dt.date) -> dict[str, Any] | None:
        """The draft for ``report_date`` as {"fields": {...}, "author": str, "saved": UTC datetime}, or None."""
        with self._connection() as conn:
            row = conn.execute(sa.select(drafts_table).where(drafts_table.c.report_date == report_date)).first()
        if row is None:
            return None
        fields = row.fields if not isinstance(row.fields, str) else json.loads(row.fields)
        return {"fields": {str(k): str(v) for k, v in fields.items()}, "author": row.author, "saved": _utc(row.saved)}

    def previous_report_date(self, before: dt.date) -> dt.date | None:
        """The latest report date with a draft before ``before``, or None."""
        with self._connection() as conn:
            value = conn.execute(sa.select(sa.func.max(drafts_table.c.report_date)).where(drafts_table.c.report_date < before)).scalar()
        if value is None:
            return None
        return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])

    # -- backup ----------------------------------------------------------------------------------------

    def backup(self, out: Path) -> Path:
        """A consistent copy of a SQLite database in one file (PostgreSQL: use pg_dump)."""
        if not self.is_sqlite:
            raise StoreError(
                "Sikkerhetskopi med «backup» gjelder bare SQLite. For PostgreSQL bruker du pg_dump, "
                "for eksempel: pg_dump --format=custom --file=byr.dump <databasenavn>."
            )
        source_path = self._engine.url.database
        if not source_path or source_path == ":memory:":
            raise StoreError("En database i minnet kan ikke sikkerhetskopieres. Bruk en databasefil.")
        out = Path(out)
        temporary = out.with_name(out.name + ".tmp")
        try:
            temporary.unlink(missing_ok=True)
            with (
                contextlib.closing(sqlite3.connect(source_path, timeout=5)) as source,
                contextlib.closing(sqlite3.connect(temporary)) as target,
            ):
                source.backup(target)  # one step: a consistent snapshot even while others write
                target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
                check = target.execute("PRAGMA integrity_check").fetchone()[0]
            if check != "ok":
                raise StoreError(f"Sikkerhetskopien ble ikke hel ({check}). Prøv igjen.")
            os.replace(temporary, out)
        except (sqlite3.Error, OSError) as exc:
            temporary.unlink(missing_ok=True)
            raise StoreError(f"Sikkerhetskopien kunne ikke lages ({out}): {exc}.") from None
        return out
