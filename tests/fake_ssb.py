"""A local fake of SSB's PxWebApi v2 for the tests: ``GET /tables/{id}/metadata`` and ``POST /tables/{id}/data``.

It serves two generated tables in the JSON-stat 2.0 shape of the recorded 07459 response
(``tests/fixtures/ssb_api/``): 13470 (employed persons by place of work, by industry) and
07459 (population by sex and age), both for the region's municipalities under their old
(0402 …, up to 2019) and new (3401 …, from 2020) codes, Hamar (not asked for), Innlandet (from
2020 only) and the whole country, 2017–2022. Switches make it answer the way SSB does when
things go wrong: a 429 with ``Retry-After`` once, a problem response (400/403/404), a renamed
code in the metadata, a response with other dimensions than asked for, a value that fails
validation. A selection is answered like the real server: values picked by code, a left-out
eliminable dimension summed, and 400 for a value the table does not have.
"""

from __future__ import annotations

import json
import math
import socket
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import numpy as np

from tests import ssb_fixtures
from tests.ssb_fixtures import KONGSVINGER

UPDATED = {"13470": "2026-05-15T06:00:00Z", "07459": "2026-02-25T07:00:00Z"}
YEARS = [str(y) for y in range(2017, 2023)]
#: Old code, new code, label before 2020, label from 2020: SSB's API marks a code ended in 2019 «(-2019)».
MUNICIPALITIES = tuple((old, new, f"{before} (-2019)", after) for old, new, before, after in ssb_fixtures.MUNICIPALITIES)
REGION_LABELS = {"0": "Hele landet", "34": "Innlandet", "0403": "Hamar (-2019)", "3403": "Hamar"}
for _old, _new, _old_label, _new_label in MUNICIPALITIES:
    REGION_LABELS[_old], REGION_LABELS[_new] = _old_label, _new_label
REGIONS = ["0", "34", *[m[0] for m in MUNICIPALITIES], "0403", *[m[1] for m in MUNICIPALITIES], "3403"]
#: Today's code of every region code.
TODAY = {m[0]: m[1] for m in MUNICIPALITIES} | {"0403": "3403"}

#: Jobs per region (today's code) in 2017; Kongsvinger follows SSB's public series. Others grow by 10 a year.
JOBS_2017 = {"3414": 1500, "3415": 2300, "3416": 1700, "3417": 1400, "3418": 2200, "3419": 1050, "3403": 20000,
             "34": 180_000, "0": 2_700_000}
#: Population per region (today's code) on 1 January 2017; each grows by 10 a year.
PEOPLE_2017 = {"3401": 17_900, "3414": 5_000, "3415": 7_800, "3416": 6_100, "3417": 4_700, "3418": 7_100, "3419": 3_700,
               "3403": 31_000, "34": 370_000, "0": 5_250_000}
INDUSTRIES = {"00-99": "Alle næringer", "01-03": "Jordbruk, skogbruk og fiske", "10-33": "Industri", "84": "Offentlig administrasjon og forsvar",
              "85-99": "Andre tjenester"}
#: Each industry's share of the total (per mille); the last takes the rest, so the groups add up to the total.
SHARES = {"01-03": 40, "10-33": 150, "84": 200}


def jobs(code: str, year: int) -> int:
    """All industries: the figure the fake gives a region (today's code) in a year."""
    if code == "3401":
        return KONGSVINGER[year]
    return JOBS_2017[code] + 10 * (year - 2017)


def jobs_in(code: str, year: int, industry: str) -> int:
    total = jobs(code, year)
    if industry == "00-99":
        return total
    parts = {k: total * v // 1000 for k, v in SHARES.items()}
    return parts.get(industry, total - sum(parts.values()))


def people(code: str, year: int) -> int:
    return PEOPLE_2017[code] + 10 * (year - 2017)


def _published(region: str, year: int) -> bool:
    """Old codes up to 2019, new codes from 2020, Innlandet from 2020, the country always."""
    if region == "34" or (len(region) == 4 and region not in TODAY):
        return year >= 2020
    if region in TODAY:
        return year <= 2019
    return True


@dataclass
class Dim:
    id: str
    label: str
    codes: list[str]
    labels: dict[str, str]
    elimination: bool
    positions: list[int] | None = None  # the order of category.index (default: the codes' order)


@dataclass
class Table:
    id: str
    label: str
    dims: list[Dim]
    values: np.ndarray  # the full cube, NaN where missing
    status: str = "."


def _cube(dims: list[Dim], value: Any) -> np.ndarray:
    shape = [len(d.codes) for d in dims]
    cube = np.full(shape, np.nan)
    for index in np.ndindex(*shape):
        cube[index] = value(*(d.codes[i] for d, i in zip(dims, index, strict=True)))
    return cube


def table_13470() -> Table:
    dims = [
        Dim("Region", "region", REGIONS, {c: REGION_LABELS[c] for c in REGIONS}, True),
        Dim("NACE2007", "næring (SN2007)", list(INDUSTRIES), dict(INDUSTRIES), True),
        Dim("ContentsCode", "statistikkvariabel", ["SysselsatteArb"], {"SysselsatteArb": "Sysselsatte personer etter arbeidssted"}, False),
        Dim("Tid", "år", YEARS, {y: y for y in YEARS}, False),
    ]

    def value(region: str, industry: str, _contents: str, year: str) -> float:
        return jobs_in(TODAY.get(region, region), int(year), industry) if _published(region, int(year)) else np.nan

    return Table("13470", "13470: Sysselsatte per 4. kvartal, etter region, næring (SN2007), statistikkvariabel og år", dims, _cube(dims, value))


def table_07459() -> Table:
    dims = [
        Dim("Region", "region", REGIONS, {c: REGION_LABELS[c] for c in REGIONS}, False),
        # As in the recorded 07459: women first in the index.
        Dim("Kjonn", "kjønn", ["2", "1"], {"2": "Kvinner", "1": "Menn"}, True),
        Dim("Alder", "alder", ["000-066", "067+"], {"000-066": "0-66 år", "067+": "67 år eller eldre"}, True),
        Dim("ContentsCode", "statistikkvariabel", ["Personer1"], {"Personer1": "Personer"}, False),
        Dim("Tid", "år", YEARS, {y: y for y in YEARS}, False),
    ]

    def value(region: str, sex: str, age: str, _contents: str, year: str) -> float:
        if not _published(region, int(year)):
            return np.nan
        total = people(TODAY.get(region, region), int(year))
        part = total // 2 if sex == "2" else total - total // 2
        return part // 5 if age == "067+" else part - part // 5

    return Table("07459", "07459: Befolkning, etter region, kjønn, alder, statistikkvariabel og år", dims, _cube(dims, value))


def _dimension(d: Dim, codes: list[str]) -> dict[str, Any]:
    return {"label": d.label, "category": {"index": {c: i for i, c in enumerate(codes)}, "label": {c: d.labels[c] for c in codes}},
            "extension": {"elimination": d.elimination, "show": "code_value"}}


def metadata(table: Table) -> dict[str, Any]:
    return {
        "version": "2.0", "class": "dataset", "label": table.label, "source": "Statistisk sentralbyrå", "updated": UPDATED[table.id],
        "role": {"time": ["Tid"], "geo": ["Region"], "metric": ["ContentsCode"]},
        "id": [d.id for d in table.dims], "size": [len(d.codes) for d in table.dims],
        "dimension": {d.id: _dimension(d, d.codes) for d in table.dims}, "value": [],
        "extension": {"px": {"tableid": table.id, "language": "no"}},
    }


class Refused(Exception):
    def __init__(self, status: int, title: str) -> None:
        super().__init__(title)
        self.status, self.title = status, title


def data(table: Table, selection: list[dict[str, Any]], max_cells: int) -> dict[str, Any]:
    """The server's answer to a selection: picked codes, left-out eliminable dimensions summed."""
    chosen = {s["variableCode"]: s["valueCodes"] for s in selection}
    cube, ids, sizes = table.values, [], []
    for axis, d in reversed(list(enumerate(table.dims))):
        codes = chosen.get(d.id)
        if codes is None:
            if not d.elimination:
                raise Refused(400, "Missing selection for mandantory variable")
            cube = np.where(np.isnan(cube).all(axis=axis), np.nan, np.nansum(cube, axis=axis))
            continue
        codes = d.codes if codes == ["*"] else codes
        if any(c not in d.codes for c in codes):
            raise Refused(400, "Non-existent value")
        cube = np.take(cube, [d.codes.index(c) for c in codes], axis=axis)
        ids.insert(0, d.id)
        sizes.insert(0, len(codes))
    if math.prod(sizes) > max_cells:
        raise Refused(403, "Too many cells selected")
    flat = cube.ravel()
    status = {str(i): table.status for i, v in enumerate(flat) if np.isnan(v)}
    return {
        "version": "2.0", "class": "dataset", "label": table.label, "source": "Statistisk sentralbyrå", "updated": UPDATED[table.id],
        "role": {"time": ["Tid"], "geo": ["Region"], "metric": ["ContentsCode"]},
        "id": ids, "size": sizes,
        "dimension": {d.id: _dimension(d, chosen[d.id] if chosen[d.id] != ["*"] else d.codes) for d in table.dims if d.id in chosen},
        "value": [None if np.isnan(v) else int(v) for v in flat], "status": status,
    }


@dataclass
class FakeSsb:
    """The fake server and its switches; ``requests`` logs (method, path, body) of every request."""

    tables: dict[str, Table] = field(default_factory=lambda: {"13470": table_13470(), "07459": table_07459()})
    max_cells: int = 800_000
    #: ``limit_once``: answer the first data request with 429 (then serve as usual); ``always_429``: every request.
    limit_once: bool = False
    always_429: bool = False
    #: The Retry-After sent with a 429, in seconds.
    retry_after: str = "5"
    #: (status, title): every data request is refused with this problem response.
    problem: tuple[int, str] | None = None
    #: Data responses name the region dimension «Kommune» instead of «Region».
    broken_dimensions: bool = False
    #: Extra headers on every answer (x-ratelimit-*).
    headers: dict[str, str] = field(default_factory=dict)
    requests: list[tuple[str, str, Any]] = field(default_factory=list)
    _server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}/api/pxwebapi/v2"

    def start(self) -> FakeSsb:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_args: Any) -> None:  # quiet
                pass

            def _send(self, status: int, body: Any, content_type: str = "application/json", extra: dict[str, str] | None = None) -> None:
                payload = json.dumps(body, ensure_ascii=False).encode()
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(payload)))
                for key, value in {**fake.headers, **(extra or {})}.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(payload)

            def _problem(self, status: int, title: str, extra: dict[str, str] | None = None) -> None:
                self._send(status, {"type": "https://tools.ietf.org/html/rfc7231", "title": title, "status": status}, "application/problem+json", extra)

            def _route(self, method: str) -> None:
                path = self.path.split("?", 1)[0]
                body = None
                if method == "POST":
                    body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"null")
                fake.requests.append((method, self.path, body))
                parts = path.removeprefix("/api/pxwebapi/v2/").split("/")
                if len(parts) != 3 or parts[0] != "tables" or parts[2] not in ("metadata", "data"):
                    return self._problem(404, "Not Found")
                table = fake.tables.get(parts[1])
                if fake.always_429 or (fake.limit_once and parts[2] == "data"):
                    fake.limit_once = False
                    return self._problem(429, "Too Many Requests", {"Retry-After": fake.retry_after})
                if table is None:
                    return self._problem(404, "Table not found")
                if parts[2] == "metadata":
                    return self._send(200, metadata(table))
                if fake.problem is not None:
                    return self._problem(*fake.problem)
                try:
                    answer = data(table, body["selection"], fake.max_cells)
                except Refused as refused:
                    return self._problem(refused.status, refused.title)
                if fake.broken_dimensions:
                    answer["id"] = ["Kommune" if i == "Region" else i for i in answer["id"]]
                    answer["dimension"]["Kommune"] = answer["dimension"].pop("Region")
                return self._send(200, answer)

            def do_GET(self) -> None:
                self._route("GET")

            def do_POST(self) -> None:
                self._route("POST")

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def data_requests(self) -> list[Any]:
        return [body for method, _, body in self.requests if method == "POST"]


def closed_port_url() -> str:
    """An address where nothing listens (connection refused)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/api/pxwebapi/v2"
