"""A small client for SSB's statistics bank API (PxWebApi v2), and a JSON-stat 2.0 reader.

Why our own client: the maintained one, ``pxwebpy``, is not installed here and brings
``requests-cache`` along; we need four requests (two tables' metadata and data), and every
failure must become one Norwegian sentence. So this is a few dozen lines on ``requests``,
which Streamlit already depends on: ``(connect, read)`` timeouts of 10 and 60 seconds, a
429 waited out as ``Retry-After`` says (three tries at most, said through ``notify``), never more
than 30 requests a minute (fewer when the ``x-ratelimit-*`` headers say so), and a request over
800 000 cells split along its largest dimension. The clock and the sleep are parameters, so
tests never wait for real.

JSON-stat is read by ``id``, ``size`` and ``category.index`` only (never the key order of
``label``); ``null`` values are missing, with SSB's symbol from ``status``.
"""

from __future__ import annotations

import collections
import contextlib
import datetime as dt
import email.utils
import json
import math
import os
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import requests

from byr_data.errors import DataError, Report, Severity

DEFAULT_URL = "https://data.ssb.no/api/pxwebapi/v2"
ENV_URL = "BYR_SSB_API_URL"
#: Seconds to wait for a connection, and for each read of the answer.
CONNECT_TIMEOUT, READ_TIMEOUT = 10.0, 60.0
#: SSB's limit of cells per request (empty cells included).
MAX_CELLS = 800_000
#: SSB's guide: 30 requests a minute per IP address (the headers may say fewer).
MAX_PER_MINUTE = 30
WINDOW_SECONDS = 60.0
#: Tries of one request that SSB answers with 429.
MAX_TRIES = 3
#: A ``Retry-After`` longer than this is not waited out: the user is told to try later.
MAX_WAIT_SECONDS = 120.0
#: Selects every value of a dimension.
ALL = "*"

Notify = Callable[[str], None]


class SsbError(DataError):
    """A fetch from SSB that failed, told in one Norwegian sentence (a :class:`DataError`, so callers show it as one)."""

    def __init__(self, message: str) -> None:
        report = Report()
        report.add(Severity.ERROR, message)
        super().__init__(report)


def resolve_url(explicit: str | None = None) -> str:
    """The API's base URL: ``explicit``, else ``BYR_SSB_API_URL``, else SSB's own."""
    return (explicit or os.environ.get(ENV_URL, "").strip() or DEFAULT_URL).rstrip("/")


# --- JSON-stat 2.0 ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dimension:
    """One dimension of a JSON-stat dataset: its codes in index order and their labels."""

    id: str
    label: str
    codes: tuple[str, ...]
    labels: dict[str, str]
    #: True when SSB can sum the dimension away (it may be left out of a request).
    elimination: bool = False


@dataclass(frozen=True)
class Cube:
    """A JSON-stat 2.0 dataset as read: dimensions in ``id`` order, the flat values and their status symbols."""

    label: str
    updated: dt.datetime | None
    dimensions: tuple[Dimension, ...]
    values: tuple[float | None, ...]
    status: dict[int, str] = field(default_factory=dict)
    geo: str | None = None
    time: str | None = None

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(d.id for d in self.dimensions)

    def dimension(self, dimension_id: str) -> Dimension | None:
        return next((d for d in self.dimensions if d.id == dimension_id), None)

    def frame(self) -> pd.DataFrame:
        """One row per value: a column of codes per dimension, ``value`` (NaN when missing), ``status`` and ``position``."""
        sizes = [len(d.codes) for d in self.dimensions]
        count = math.prod(sizes)
        positions = np.arange(count)
        columns: dict[str, Any] = {}
        for d, index in zip(self.dimensions, np.unravel_index(positions, sizes) if sizes else [], strict=True):
            columns[d.id] = np.asarray(d.codes, dtype=object)[index]
        values = np.array([np.nan if v is None else float(v) for v in self.values], dtype=float)
        columns["value"] = values
        columns["status"] = np.array([self.status.get(int(p)) for p in positions], dtype=object)
        columns["position"] = positions
        return pd.DataFrame(columns)


def _bad(what: str) -> SsbError:
    return SsbError(f"Svaret fra SSB er ikke et JSON-stat-datasett som ventet ({what}). Ingenting er endret; prøv igjen senere.")


def _codes(dimension_id: str, category: Mapping[str, Any], data: bool) -> tuple[str, ...]:
    """A dimension's codes in the order of ``category.index`` (a list, or code -> position)."""
    index = category.get("index")
    if index is None:  # a single category may leave the index out
        labels = category.get("label") or {}
        if len(labels) != 1:
            raise _bad(f"dimensjonen «{dimension_id}» mangler category.index")
        return (str(next(iter(labels))),)
    if isinstance(index, list):
        return tuple(str(c) for c in index)
    if not isinstance(index, dict):
        raise _bad(f"category.index i «{dimension_id}»")
    ordered = sorted(index.items(), key=lambda item: int(item[1]))
    if data and [int(p) for _, p in ordered] != list(range(len(ordered))):
        raise _bad(f"posisjonene i category.index for «{dimension_id}»")
    return tuple(str(code) for code, _ in ordered)


def _timestamp(text: object) -> dt.datetime | None:
    if not isinstance(text, str) or not text:
        return None
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def read_jsonstat(document: object, data: bool = True) -> Cube:
    """A JSON-stat 2.0 dataset (``data``: its values must fill ``size``; metadata has an empty ``value``)."""
    if not isinstance(document, dict) or not isinstance(document.get("id"), list) or not isinstance(document.get("dimension"), dict):
        raise _bad("id og dimension mangler")
    ids = [str(i) for i in document["id"]]
    sizes = document.get("size")
    if not isinstance(sizes, list) or len(sizes) != len(ids):
        raise _bad("size passer ikke med id")
    dimensions = []
    for dimension_id, size in zip(ids, sizes, strict=True):
        raw = document["dimension"].get(dimension_id)
        if not isinstance(raw, dict) or not isinstance(raw.get("category"), dict):
            raise _bad(f"dimensjonen «{dimension_id}» mangler")
        category = raw["category"]
        codes = _codes(dimension_id, category, data)
        if data and len(codes) != int(size):
            raise _bad(f"dimensjonen «{dimension_id}» har {len(codes)} verdier, men size sier {size}")
        labels = {str(k): str(v) for k, v in (category.get("label") or {}).items()}
        elimination = bool((raw.get("extension") or {}).get("elimination", False))
        dimensions.append(Dimension(dimension_id, str(raw.get("label") or dimension_id), codes, labels, elimination))
    count = math.prod(int(s) for s in sizes)
    raw_values = document.get("value")
    values: list[float | None]
    if isinstance(raw_values, dict):  # sparse: position -> value
        values = [None] * count
        for key, value in raw_values.items():
            values[int(key)] = value
    elif isinstance(raw_values, list):
        values = list(raw_values)
    else:
        raise _bad("value mangler")
    if data and len(values) != count:
        raise _bad(f"{len(values)} verdier der size gir {count}")
    if any(v is not None and (isinstance(v, bool) or not isinstance(v, (int, float))) for v in values):
        raise _bad("en verdi er ikke et tall")
    raw_status = document.get("status") or {}
    if isinstance(raw_status, list):
        status = {i: str(s) for i, s in enumerate(raw_status) if s is not None}
    elif isinstance(raw_status, str):
        status = dict.fromkeys(range(count), raw_status)
    else:
        status = {int(k): str(v) for k, v in raw_status.items() if v is not None}
    role = document.get("role") or {}
    geo, when = role.get("geo") or [None], role.get("time") or [None]
    return Cube(
        label=str(document.get("label") or ""), updated=_timestamp(document.get("updated")), dimensions=tuple(dimensions),
        values=tuple(values), status=status, geo=geo[0], time=when[0],
    )


# --- the client -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Response:
    """One answer from the API: its bytes as sent (kept with the version) and the dataset read from them."""

    content: bytes
    cube: Cube


Selection = dict[str, Sequence[str] | str]  # dimension -> codes, or ALL; a dimension left out is eliminated


def _retry_after(value: str | None, now: dt.datetime) -> float:
    """Seconds to wait: ``Retry-After`` as seconds or as an HTTP date; 10 when it says neither."""
    if not value:
        return 10.0
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return 10.0
    return max(0.0, (when - now).total_seconds())


class Client:
    """Requests to PxWebApi v2, one at a time, within SSB's limits."""

    def __init__(
        self, base_url: str | None = None, *, session: requests.Session | None = None, notify: Notify | None = None,
        clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep,
        max_cells: int = MAX_CELLS, per_minute: int = MAX_PER_MINUTE,
        timeout: tuple[float, float] = (CONNECT_TIMEOUT, READ_TIMEOUT),
    ) -> None:
        self.base_url = resolve_url(base_url)
        self.session = session or requests.Session()
        self.notify = notify or (lambda _message: None)
        self.clock, self.sleep = clock, sleep
        self.max_cells, self.per_minute, self.timeout = max_cells, per_minute, timeout
        self._sent: collections.deque[float] = collections.deque()
        self._header_limit: int | None = None
        self._blocked_until = 0.0

    # -- the two calls --------------------------------------------------------------------------------

    def metadata(self, table: str) -> Cube:
        """``GET /tables/{table}/metadata``: the dimensions and their values (JSON-stat 2.0, empty ``value``)."""
        response = self._call("GET", f"/tables/{table}/metadata", table, params={"lang": "no"})
        return read_jsonstat(self._json(response, table), data=False)

    def data(self, table: str, selection: Selection, metadata: Cube) -> list[Response]:
        """``POST /tables/{table}/data`` as JSON-stat 2.0, in as many requests as 800 000 cells per request need."""
        responses = []
        for part in self.split(selection, metadata):
            body = {"selection": [{"variableCode": d, "valueCodes": [c] if c == ALL else list(c)} for d, c in part.items()]}
            response = self._call("POST", f"/tables/{table}/data", table, params={"lang": "no", "outputFormat": "json-stat2"}, body=body)
            responses.append(Response(response.content, read_jsonstat(self._json(response, table))))
        return responses

    def split(self, selection: Selection, metadata: Cube) -> list[Selection]:
        """The selection as parts of at most ``max_cells`` cells each, split along the dimension with the most values."""
        counts = {}
        for d in metadata.dimensions:
            chosen = selection.get(d.id)
            counts[d.id] = 1 if chosen is None else len(d.codes) if chosen == ALL else len(chosen)
        cells = math.prod(counts.values())
        if cells <= self.max_cells:
            return [selection]
        widest = max(counts, key=lambda d: counts[d])
        dimension = metadata.dimension(widest)
        assert dimension is not None
        chosen = selection[widest]
        codes = list(dimension.codes) if chosen == ALL else list(chosen)
        per_part = max(1, self.max_cells // (cells // len(codes)))
        if cells // len(codes) > self.max_cells:  # one value of the widest is still too many: split the rest as well
            rest = {k: v for k, v in selection.items() if k != widest}
            return [{**part, widest: [code]} for code in codes for part in self.split({**rest, widest: [code]}, metadata)]
        return [{**selection, widest: codes[i : i + per_part]} for i in range(0, len(codes), per_part)]

    # -- one request ----------------------------------------------------------------------------------

    def _wait_for_turn(self) -> None:
        """Keep under the requests per minute (ours, or fewer when the headers say so)."""
        limit = min(self.per_minute, self._header_limit or self.per_minute)
        now = self.clock()
        while self._sent and now - self._sent[0] >= WINDOW_SECONDS:
            self._sent.popleft()
        wait = max(0.0, self._blocked_until - now)
        if len(self._sent) >= max(1, limit):
            wait = max(wait, self._sent[0] + WINDOW_SECONDS - now)
        if wait > 0:
            self.notify(f"Venter {math.ceil(wait)} sekunder for å holde SSBs grense for antall forespørsler …")
            self.sleep(wait)
        self._sent.append(self.clock())

    def _read_limits(self, headers: Mapping[str, str]) -> None:
        """Honour ``x-ratelimit-limit`` (per minute) and, when none are left, ``x-ratelimit-reset`` (seconds)."""
        with contextlib.suppress(KeyError, ValueError):
            self._header_limit = int(headers["x-ratelimit-limit"])
        try:
            remaining = int(headers["x-ratelimit-remaining"])
            reset = float(headers.get("x-ratelimit-reset") or WINDOW_SECONDS)
        except (KeyError, ValueError):
            return
        if remaining <= 0:
            self._blocked_until = self.clock() + min(reset, WINDOW_SECONDS)

    def _call(self, method: str, path: str, table: str, params: dict[str, str], body: Any = None) -> requests.Response:
        url = self.base_url + path
        for attempt in range(1, MAX_TRIES + 1):
            self._wait_for_turn()
            try:
                response = self.session.request(method, url, params=params, json=body, timeout=self.timeout,
                                                headers={"Accept": "application/json"})
            except requests.ConnectionError:  # also a connection that timed out
                raise SsbError(f"Fikk ikke kontakt med SSB ({self.base_url}). Sjekk nettforbindelsen og prøv igjen senere. "
                               "Ingenting er endret.") from None
            except requests.Timeout:
                raise SsbError(f"SSB svarte ikke innen {self.timeout[1]:.0f} sekunder (tabell {table}). "
                               "Ingenting er endret; prøv igjen senere.") from None
            except requests.RequestException:
                raise SsbError(f"Forespørselen til SSB ({self.base_url}) kunne ikke sendes. Sjekk adressen til SSBs API. "
                               "Ingenting er endret.") from None
            self._read_limits(response.headers)
            if response.status_code != 429:
                break
            wait = _retry_after(response.headers.get("Retry-After"), dt.datetime.now(dt.UTC))
            if attempt == MAX_TRIES or wait > MAX_WAIT_SECONDS:
                break
            self.notify(f"SSB ber oss vente (for mange forespørsler): venter {math.ceil(wait)} sekunder og prøver igjen "
                        f"(forsøk {attempt + 1} av {MAX_TRIES}) …")
            self.sleep(wait)
        if response.status_code == 429:
            raise SsbError(f"SSB avviste forespørselen om tabell {table} fordi det kom for mange forespørsler (429), "
                           f"også etter {MAX_TRIES} forsøk. Vent noen minutter og prøv igjen. Ingenting er endret.")
        if response.status_code >= 400:
            raise SsbError(self._refusal(response, table))
        return response

    @staticmethod
    def _refusal(response: requests.Response, table: str) -> str:
        """A refused request in Norwegian, quoting SSB's own ``title`` (problem+json) when it gave one."""
        title = ""
        try:
            problem = response.json()
            if isinstance(problem, dict) and problem.get("title"):
                title = str(problem["title"])
        except ValueError:
            pass
        said = f": «{title}»" if title else ""
        code = response.status_code
        if code == 404:
            return f"SSB fant ikke tabell {table} (404{said}). Ingenting er endret; sjekk adressen til SSBs API."
        if code in (400, 403):
            return f"SSB avviste forespørselen om tabell {table} ({code}{said}). Ingenting er endret; meld fra til den som drifter dashbordet."
        return f"SSB svarte med en feil for tabell {table} ({code}{said}). Ingenting er endret; prøv igjen senere."

    @staticmethod
    def _json(response: requests.Response, table: str) -> object:
        try:
            return json.loads(response.content)
        except ValueError:
            raise SsbError(f"Svaret fra SSB for tabell {table} er ikke gyldig JSON. Ingenting er endret; prøv igjen senere.") from None
