"""Fetch employment (SSB table 13470) and population (07459) from SSB's API as an update of the current version.

One use case for both doors (the Data page and ``python -m byr_data fetch-ssb``): :func:`download`
asks SSB (metadata first, so a renamed code fails with a clear message rather than silently),
:func:`check` turns the answers into the «Sysselsetting» and «Befolkning» sheets and validates
them on top of a version exactly as an upload is (so old and new municipality codes are merged
by the file reader's rule, and the same checks run), and :func:`updates.publish` publishes the
result. Every failure is an :class:`~byr_data.ssb_api.SsbError` (a ``DataError``) before anything
is stored.

Where a figure came from travels with its rows: their ``_file`` is the source line shown under
the charts («SSB, tabell 13470, oppdatert 15.05.2026, hentet 01.12.2026», see :func:`source_lines`),
and the version keeps SSB's answers as its files. A later upload of the same sheet replaces the
rows and so the source; a rollback brings both back. No new column or table in the store.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from byr_data import charts, fmt, ssb, updates
from byr_data.dataset import Dataset
from byr_data.errors import Report, Severity
from byr_data.model import EMPLOYMENT, OLD_TO_NEW_CODES, POPULATION, SHEETS_BY_NAME, Sheet
from byr_data.raw import RawSheet, RawWorkbook
from byr_data.ssb_api import ALL, Client, Cube, Notify, Response, Selection, SsbError
from byr_data.validation import validate

COUNTY, COUNTRY = "34", "0"
CONTENTS = "ContentsCode"


@dataclass(frozen=True)
class TableSpec:
    """What we take from one SSB table, and into which sheet."""

    table: str
    sheet: Sheet
    contents: str  # the statistics variable (ContentsCode) we want
    what: str  # in Norwegian, for messages
    industry: str | None = None  # the industry dimension, kept as it is
    total_industry: str | None = None  # its code for all industries


TABLES = (
    TableSpec("13470", EMPLOYMENT, "SysselsatteArb", "sysselsatte etter arbeidssted", "NACE2007", "00-99"),
    TableSpec("07459", POPULATION, "Personer1", "folkemengden 1. januar"),
)

#: The source line of fetched rows (their ``_file``): «SSB, tabell 13470, oppdatert 15.05.2026, hentet 01.12.2026».
_SOURCE = re.compile(r"^SSB, tabell (\d{5}), oppdatert \d\d\.\d\d\.\d{4}, hentet \d\d\.\d\d\.\d{4}$")


def source_line(table: str, updated: dt.datetime | None, fetched: dt.date) -> str:
    """Where a fetched table came from: SSB's table, when SSB last changed it (Norwegian date) and when we fetched it."""
    when = fmt.date(updated.astimezone(fmt.OSLO)) if updated is not None else "ukjent"
    return f"SSB, tabell {table}, oppdatert {when}, hentet {fmt.date(fetched)}"


def source_lines(dataset: Dataset, tables: Sequence[str] = ("employment",)) -> list[str]:
    """Where ``tables`` came from when all their rows were fetched from SSB in one go; [] otherwise (a file, a mix)."""
    lines = []
    for name in tables:
        table = getattr(dataset, name, None)
        if table is None or not len(table):
            continue
        files = table["_file"].unique()
        if len(files) != 1 or not _SOURCE.match(str(files[0])):
            return []
        lines.append(str(files[0]))
    return lines


def chart_source(dataset: Dataset, tables: Sequence[str] = ("employment",)) -> str:
    """The line under a chart of ``tables``' figures, the same on every page, meeting screen and report:
    SSB's table, update and fetch dates for fetched figures, else SSB and the licence, or that they are illustrative."""
    return charts.source_note(dataset.is_sample, source_lines(dataset, tables))


@dataclass(frozen=True)
class Download:
    """SSB's answers for the tables, made into raw sheets; nothing checked against a version yet."""

    workbooks: tuple[RawWorkbook, ...]
    #: SSB's answers as sent, one JSON file per table (kept with the version).
    files: updates.Files
    #: Information for the preview (the county's first year, values SSB has not published).
    report: Report


# --- what to ask for -------------------------------------------------------------------------------


def region_codes(current: Dataset | None) -> tuple[list[str], dict[str, list[str]]]:
    """The codes to ask for: each member's new code and its old one (members from «Kommuner», former ones included), the county and the country.

    Returns (codes, member -> its codes).
    """
    if current is None or current.municipalities is None or not len(current.municipalities):
        raise SsbError("Gjeldende data har ingen kommuner i arket «Kommuner», så det er ukjent hvilke kommuner tallene skal hentes for. "
                       "Publiser arket «Kommuner» først.")
    old_of = {new: old for old, new in OLD_TO_NEW_CODES.items()}
    members: dict[str, list[str]] = {}
    for code in current.municipalities["code"]:
        members[str(code)] = [c for c in (old_of.get(str(code)), str(code)) if c is not None]
    codes = [c for group in members.values() for c in group] + [COUNTY, COUNTRY]
    return codes, members


def _missing_code(spec: TableSpec, dimension: str, code: str, have: Sequence[str]) -> SsbError:
    shown = ", ".join(list(have)[:12]) + (" …" if len(have) > 12 else "")
    return SsbError(f"Tabell {spec.table} hos SSB har ikke verdien «{code}» i «{dimension}» ({spec.what}); den har {shown}. "
                    "SSB kan ha endret tabellen. Ingenting er endret; meld fra til den som drifter dashbordet.")


def selection(spec: TableSpec, metadata: Cube, codes: Sequence[str], members: dict[str, list[str]]) -> Selection:
    """The request for one table, from its metadata: the regions it has, our statistics variable, every year; the rest summed."""
    region = metadata.geo or "Region"
    time = metadata.time or "Tid"
    for needed in (region, time, CONTENTS, *([spec.industry] if spec.industry else [])):
        if metadata.dimension(needed) is None:
            raise SsbError(f"Tabell {spec.table} hos SSB har ikke dimensjonen «{needed}» (den har {', '.join(metadata.ids)}). "
                           "SSB kan ha endret tabellen. Ingenting er endret; meld fra til den som drifter dashbordet.")
    contents = metadata.dimension(CONTENTS)
    assert contents is not None
    if spec.contents not in contents.codes:
        raise _missing_code(spec, CONTENTS, spec.contents, contents.codes)
    chosen: Selection = {CONTENTS: [spec.contents], time: ALL}
    if spec.industry:
        industry = metadata.dimension(spec.industry)
        assert industry is not None
        if spec.total_industry not in industry.codes:
            raise _missing_code(spec, spec.industry, str(spec.total_industry), industry.codes)
        chosen[spec.industry] = ALL
    regions = metadata.dimension(region)
    assert regions is not None
    have = set(regions.codes)
    for code, group in members.items():
        if not have.intersection(group):
            raise _missing_code(spec, region, code, regions.codes)
    for code in (COUNTY, COUNTRY):
        if code not in have:
            raise _missing_code(spec, region, code, regions.codes)
    chosen[region] = [c for c in codes if c in have]
    for other in metadata.dimensions:
        if other.id in chosen or other.elimination:
            continue  # summed by SSB when left out (sex and age in 07459)
        totals = [c for c in other.codes if ssb._TOTAL_CATEGORY.search(other.labels.get(c, c).casefold())]
        if len(other.codes) == 1 or len(totals) == 1:
            chosen[other.id] = [other.codes[0] if len(other.codes) == 1 else totals[0]]
            continue
        raise SsbError(f"Tabell {spec.table} hos SSB har dimensjonen «{other.id}» ({other.label}), som verken kan summeres bort "
                       "eller har en kategori for alle. Ingenting er endret; meld fra til den som drifter dashbordet.")
    return chosen


# --- the answers as sheets ---------------------------------------------------------------------------


def _sheet(spec: TableSpec, responses: Sequence[Response], chosen: Selection, metadata: Cube, report: Report, name: str) -> RawSheet:
    """SSB's answers as the sheet's raw cells under a header row; ``cells.index`` is the value's position in the answers."""
    region = metadata.geo or "Region"
    time = metadata.time or "Tid"
    frames = []
    offset = 0
    for response in responses:
        cube = response.cube
        if sorted(cube.ids) != sorted(chosen):
            raise SsbError(f"Svaret fra SSB for tabell {spec.table} har ikke de ventede dimensjonene (ventet {', '.join(chosen)}; "
                           f"fikk {', '.join(cube.ids) or 'ingen'}). Ingenting er endret; meld fra til den som drifter dashbordet.")
        frame = cube.frame()
        frame["position"] += offset
        labels = cube.dimension(region).labels  # type: ignore[union-attr]
        frame["label"] = [labels.get(code, "") for code in frame[region]]
        if spec.industry:
            industry = cube.dimension(spec.industry)
            assert industry is not None
            frame["industry"] = [None if c == spec.total_industry else f"{c} {industry.labels.get(c, '')}".strip() for c in frame[spec.industry]]
        offset += len(cube.values)
        frames.append(frame)
    data = pd.concat(frames, ignore_index=True)
    data = data[data[CONTENTS] == spec.contents]
    missing = data["value"].isna()
    if missing.any():
        symbols = data.loc[missing, "status"].fillna("null").value_counts()
        listed = ", ".join(f"{count} «{symbol}»" for symbol, count in symbols.items())
        report.add(Severity.INFO, f"SSB har ikke tall for {fmt.count_noun(int(missing.sum()), 'celle', 'celler')} i tabell {spec.table} "
                                  f"(tegn: {listed}); de er ikke med.", file=name, sheet=spec.sheet.header)
    data = data[~missing]
    county = data[data[region] == COUNTY]
    municipal = data[data[region].str.len() == 4]
    if len(county) and len(municipal) and county[time].min() > municipal[time].min():
        report.add(Severity.INFO, f"Innlandet (34) har tall fra {county[time].min()} i tabell {spec.table}: sammenligningen med fylket "
                                  f"starter i {county[time].min()}, uten Hedmarks tall før.", file=name, sheet=spec.sheet.header)
    names = [ssb._name(str(label)) for label in data["label"]]
    years = [ssb._year(str(t)) for t in data[time]]
    header = pd.DataFrame([list(ssb.HEADER if spec.sheet is EMPLOYMENT else ssb.POPULATION_HEADER)], index=pd.Index([-1]), dtype=object)
    columns: list[object] = [data[region].to_numpy(dtype=object), np.array(names, dtype=object), np.array(years, dtype=object)]
    if spec.sheet is EMPLOYMENT:
        columns.append(data["industry"].to_numpy(dtype=object))
    columns.append(data["value"].to_numpy(dtype=object))
    body = pd.DataFrame(dict(enumerate(columns)), dtype=object)
    body.index = pd.Index(data["position"].to_numpy(dtype="int64"))
    return RawSheet(title=spec.sheet.header, cells=pd.concat([header, body]), sheet=spec.sheet)


def download(client: Client, current: Dataset | None, today: dt.date, notify: Notify | None = None) -> Download:
    """Ask SSB for both tables (metadata, then data) for the region in ``current``; one progress line per table."""
    say = notify or (lambda _line: None)
    codes, members = region_codes(current)
    workbooks: list[RawWorkbook] = []
    files: list[tuple[str, bytes]] = []
    report = Report()
    for spec in TABLES:
        metadata = client.metadata(spec.table)
        chosen = selection(spec, metadata, codes, members)
        responses = client.data(spec.table, chosen, metadata)
        updated = max((r.cube.updated for r in responses if r.cube.updated is not None), default=metadata.updated)
        name = source_line(spec.table, updated, today)
        raw = _sheet(spec, responses, chosen, metadata, report, name)
        workbooks.append((name, [raw]))
        content = responses[0].content if len(responses) == 1 else json.dumps([json.loads(r.content) for r in responses]).encode()
        files.append((f"{name}.json", content))
        say(f"Tabell {spec.table} ({spec.what}): {fmt.count_noun(len(raw.cells) - 1, 'tall', 'tall')} hentet, "
            f"oppdatert hos SSB {name.split('oppdatert ')[1].split(',')[0]}.")
    return Download(tuple(workbooks), tuple(files), report)


def check(fetched: Download, current: Dataset, today: dt.date | None = None) -> updates.Update:
    """The fetched sheets as an update of ``current``: they replace «Sysselsetting» and «Befolkning», the rest is carried over.

    Validated as an upload of the same sheets would be (:func:`updates.check`), so the preview,
    the publication and a refused publication work the same way.
    """
    base = current.version.number if current.version is not None else None
    report = Report()
    report.extend(fetched.report)
    replaced = [spec.sheet.name for spec in TABLES]
    report.add(Severity.INFO, "Erstattes av tallene fra SSB: " + ", ".join(f"«{SHEETS_BY_NAME[n].header}»" for n in replaced) + ".")
    dataset, found = validate(list(fetched.workbooks), today, carried=current)
    report.extend(found)
    if dataset is None:
        return updates.Update(None, report, base, fetched.files)
    before, after = current.tables(), dataset.tables()
    unchanged = tuple(n for n in after if n not in replaced and n in before and updates._same(after[n], before[n]))
    digest = hashlib.sha256(b"".join(hashlib.sha256(content).digest() for _, content in fetched.files)).hexdigest()[:16]
    dataset = dataclasses.replace(dataset, token=f"ssb-{digest}-{base}")
    return updates.Update(dataset, report, base, fetched.files, unchanged)


def fetch(client: Client, current: Dataset, today: dt.date | None = None, notify: Notify | None = None) -> updates.Update:
    """Download both tables and check them as an update of ``current`` (see :func:`download` and :func:`check`)."""
    today = today or dt.date.today()
    return check(download(client, current, today, notify), current, today)
