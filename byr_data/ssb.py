"""Statistics Norway (SSB) Statbank exports of employment and population, read as the
Sysselsetting or the Befolkning sheet.

The Statbank exports a table such as 13470 ("Sysselsatte per 4. kvartal, etter
arbeidsstedskommune, næring (SN2007)") or 07459 ("Befolkning, etter region, kjønn, alder,
statistikkvariabel og år") as CSV or xlsx, with the years either as columns (wide) or as rows
(long), a title above the header and, in xlsx, footnotes below the table. This module finds the
header, tells employment from population (by the words "sysselsatte" and "personer" or
"befolkning" in the title, the header or the statistics variable), reshapes the data to one row
per region, industry and year, and hands validation the raw cells of the sheet. Nothing is
converted here that validation converts itself, so an SSB export gets the same checks and
messages as a typed sheet; ``cells.index`` keeps the source line of every row for those
messages. The one exception: figures broken down by sex or age with no total category are
added up here, per region and year (see :func:`_combine`).
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from byr_data import cells as cell_values
from byr_data import safety
from byr_data.cells import cell_text
from byr_data.model import EMPLOYMENT, POPULATION, SSB_SKIPPED_REGIONS, TOTAL_INDUSTRY_LABELS, Sheet
from byr_data.raw import RawSheet
from byr_data.safety import file_error

NOT_AN_EXPORT = (
    "Filen er verken en Excel-arbeidsbok eller en kjent eksport fra SSBs statistikkbank. "
    "Last opp en .xlsx-fil, eller en CSV-eksport av SSB-tabell 13470 (sysselsatte) eller 07459 (befolkning) "
    "med semikolon som skilletegn."
)
UNDECIDED = (
    "Filen sier ikke om tallene er sysselsatte eller innbyggere: verken tabellnummer, overskrift, statistikkvariabel "
    "eller kolonner forteller det. Velg hva filen inneholder, «Sysselsetting» eller «Befolkning», og les den inn på nytt "
    "(på kommandolinjen: --som Sysselsetting FIL eller --som Befolkning FIL)."
)
NO_CODES = (
    "Regionene i filen har ikke kommunenummer (for eksempel «3401 Kongsvinger»). "
    "Last ned tabellen fra SSBs statistikkbank på nytt, med både kode og tekst for region."
)

RESIDENCE = (
    "Filen teller sysselsatte etter bosted («{label}»), ikke etter arbeidssted. Arbeidsplasser er sysselsatte "
    "etter arbeidssted: last ned SSB-tabell 13470 (sysselsatte etter arbeidsstedskommune), eller velg "
    "«Sysselsatte personer med arbeidssted i regionen» i tabell 11616."
)
SKIPPED_REGIONS = "SSBs historiske og særskilte regioner er hoppet over (de er verken kommuner, fylker eller hele landet): {regions}."
SUMMED = "Tallene er lagt sammen over kategoriene i {columns}, slik at hver region har ett tall per år{industry}."
OTHER_VARIABLES = "Filen har flere statistikkvariabler. Lest: {read}. Hoppet over: {skipped}."
SEVERAL_VALUE_COLUMNS = (
    "Filen har flere kolonner som kan være tallene: {columns}. Det går ikke å se hvilken som skal leses. "
    "Slett kolonnene som ikke skal leses, eller gi dem navn som sier hva de er (for eksempel «Sysselsatte alle næringer» "
    "for totalen og «Sysselsatte» for hver næring), og prøv igjen."
)
TOTAL_AND_PARTS = "Kolonnen «{total}» er lest som tallet for alle næringer, og «{part}» som tallet for hver næring."


class Refused(Exception):
    """An export that must not be read as it is: the Norwegian message says why and what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


#: The columns handed to validation, in this order (and «Grunnlag» when an export gives both 2015 series).
HEADER = tuple(EMPLOYMENT.column(name).header for name in ("code", "name", "year", "industry", "employed"))
BASIS_HEADER = EMPLOYMENT.column("basis").header
#: A statistics variable or a «grunnlag» category on SSB's old basis (before a-ordningen) or on the new one.
_OLD_BASIS = re.compile(r"gam(?:mal|mel|melt|malt|l\.)|gml\.|før a-ordningen")
_NEW_BASIS = re.compile(r"(?<!\w)nytt?(?!\w)|a-ordningen")
POPULATION_HEADER = tuple(POPULATION.column(name).header for name in ("code", "name", "year", "population"))

#: Words that say what an export counts (casefolded; "sysselsatte personer" is employment, so
#: employment is asked first).
_EMPLOYMENT_WORDS = ("sysselsatte", "sysselsette", "13470", "13472", "11616")
_POPULATION_WORDS = ("befolkning", "personer", "personar", "innbyggere", "innbyggjarar", "folkemengd", "07459")
#: Employment by place of work (jobs) and by place of residence (not jobs), in bokmål and nynorsk.
_WORKPLACE_WORDS = ("arbeidssted", "arbeidsstad")
_RESIDENCE_WORDS = ("bosatt", "bosted", "busett", "bustad")
#: A value column's header that says it holds the total of all industries ("Sysselsatte Alle næringer").
_TOTAL_COLUMN = re.compile(r"(?<!\w)(?:alle næring(?:er|ar)|i alt|totalt?|00-99)(?!\w)")
#: Labels of a sex or age category that covers them all ("Begge kjønn", "Alle aldre", "I alt").
_TOTAL_CATEGORY = re.compile(r"(?<!\w)(?:begge kjønn|alle aldre|alle aldrar|i alt|totalt?|alle)(?!\w)")

#: How SSB writes a figure that is not there: not available, not applicable, confidential, nil.
MISSING = frozenset({"", "..", ".", ":", "-", "…"})
#: Separators tried in turn: the Statbank's own first.
_SEPARATORS = (";", "\t", ",")
#: Filled rows from the top in which the header is looked for (title lines come first).
_HEADER_SEARCH_ROWS = 30
#: Lines read when trying a separator, before the whole file is read with the one that fits.
_SNIFF_LINES = 60

#: A year heading: "2008", "2015K4", or "Sysselsatte personer 2008" (casefolded text).
_YEAR = re.compile(r"^(?:(.*\S)\s+)?(\d{4})(?:\s*k\s*[1-4])?$")
#: Breakdowns of people by sex and age: a sign of population tables.
_SEX_AGE = ("kjønn", "kjonn", "alder")
_YEAR_HEADERS = frozenset({"år", "aar", "tid", "year", "kvartal", "årstall", "årstal"})
#: The country without its code, in bokmål and nynorsk.
_COUNTRY_LABELS = frozenset({"hele landet", "heile landet"})
_NAME_HEADERS = frozenset({"kommune", "kommunenavn", "navn", "regionnavn"})
#: A region label that starts with a code ("0402 Kongsvinger (-2019)", "0 Hele landet", "K-3401").
_LEADING_CODE = re.compile(r"^(?:K-)?\d{1,4}(?:\s|$)")
_CODE_PREFIX = re.compile(r"^(?:K-)?\d{1,4}(?:\s+|$)")
#: A validity range after a name: "(-2019)", "(2020-2023)", "(2024-)".
_VALIDITY = re.compile(r"\s*\(\s*\d{0,4}\s*[-–]\s*\d{0,4}\s*\)$")


@dataclass(frozen=True)
class _Layout:
    """Where an export's header is and which column holds what."""

    position: int  # the header's row position in the grid
    region: int
    industry: int | None
    variable: int | None  # "statistikkvariabel"
    years: dict[int, int]  # wide: column position -> year; empty when long
    name: int | None = None  # a column of names beside the codes ("Kommunenummer";"Kommune")
    year: int | None = None  # long: the year column
    value: int | None = None  # long: the figures
    breakdowns: tuple[int, ...] = ()  # "kjønn" and "alder": categories to take the total of
    skipped: tuple[int, ...] = ()  # wide: year columns of other statistics variables, left out
    total: int | None = None  # long: a column of the all-industries figure beside the per-industry one
    basis: int | None = None  # a «grunnlag» column: the old or the new basis of SSB's 2015 figures
    ambiguous: tuple[int, ...] = ()  # long: several columns that could hold the figures, none telling which


def parse_text(name: str, content: bytes, chosen: Sheet | None = None) -> RawSheet:
    """A CSV export from SSB's Statbank as the Sysselsetting sheet, or as Befolkning when it counts people.

    What the export counts is read from its content (:func:`_subject`); ``chosen`` (the user's
    choice, EMPLOYMENT or POPULATION) decides only for an export whose content does not tell,
    which is refused without one.

    Raises :class:`~byr_data.errors.DataError` when the text is not a recognisable export, or
    is larger than the limits (fields per record, record length, cells, field length) allow:
    those are checked record by record before a grid is built.
    """
    text = _decode(content)
    lines, _, longest = safety.line_lengths(content)
    try:
        for separator in _SEPARATORS:
            top = _grid(name, text, separator, _SNIFF_LINES)
            if _find_layout(top) is not None:
                break
        else:
            raise file_error(name, NOT_AN_EXPORT)
        grid = _whole_grid(name, text, separator, top.shape[1], lines, longest)
    except csv.Error:  # a construct the csv module refuses: not an export
        raise file_error(name, NOT_AN_EXPORT) from None
    layout = _find_layout(grid)
    if layout is None:  # pragma: no cover - the sniffed lines are the start of the same grid
        raise file_error(name, NOT_AN_EXPORT)
    # A CSV in this layout is an export; one that does not say what it counts is read as the user chose, or refused.
    sheet = _subject(grid, layout) or chosen
    if sheet is None:
        raise file_error(name, UNDECIDED)
    try:
        read = _long_cells(grid, layout, sheet, spreadsheet=False)
    except Refused as refusal:
        raise file_error(name, refusal.message) from None
    if read is None:
        raise file_error(name, NO_CODES)
    cells, notes = read
    return RawSheet(title=None, cells=cells, sheet=sheet, notes=notes)


def from_sheet(title: str, cells: pd.DataFrame) -> RawSheet | None:
    """An xlsx sheet that is an SSB export, as the Sysselsetting or Befolkning sheet; None when it is not one.

    Raises :class:`Refused` for an export that must not be read as it is.
    """
    layout = _find_layout(cells)
    sheet = _subject(cells, layout) if layout is not None else None
    if layout is None or sheet is None:
        return None
    read = _long_cells(cells, layout, sheet, spreadsheet=True)
    if read is None:
        return None
    long, notes = read
    return RawSheet(title=title, cells=long, sheet=sheet, notes=notes)


def _subject(grid: pd.DataFrame, layout: _Layout) -> Sheet | None:
    """What an export counts: employment or population; None when it does not say.

    The title, the header and the statistics variable say "sysselsatte" for employment (13470),
    "personer" or "befolkning" for population (07459). Without such a word, an industry column
    means employment and a sex or age column population. A workbook's other sheets (notes,
    plans) may well have a "Kommune" column and years: only an export that says what it
    counts is taken for one.
    """
    top = grid.iloc[: layout.position + 1].to_numpy(dtype=object).ravel()
    if layout.variable is not None:
        top = np.concatenate([top, grid.iloc[layout.position + 1 :, layout.variable].unique()])
    texts = [(cell_text(value) or "").casefold() for value in pd.unique(top)]
    if any(word in text for text in texts for word in _EMPLOYMENT_WORDS):
        return EMPLOYMENT
    if any(word in text for text in texts for word in _POPULATION_WORDS):
        return POPULATION
    if layout.industry is not None:
        return EMPLOYMENT
    breakdowns = [(cell_text(grid.iloc[layout.position, i]) or "").casefold() for i in layout.breakdowns]
    if any(label.startswith(_SEX_AGE) for label in breakdowns):
        return POPULATION
    return None


# --- reading the text -------------------------------------------------------------------------


def _decode(content: bytes) -> str:
    """UTF-8 (with or without BOM) when it is that, else ISO-8859-1, which reads any bytes."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("latin-1")


class _RecordTooLong(Exception):
    pass


class _Lines:
    """A text's lines for ``csv.reader``, refusing a record longer than the line limit.

    The reader takes lines until a record is complete (a quoted field may hold line breaks);
    the caller sets ``size`` back to 0 after each record, so one record's length is counted.
    """

    def __init__(self, text: str) -> None:
        self._lines = iter(io.StringIO(text, newline=""))
        self.size = 0

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self.size += len(line)
        if self.size > safety.MAX_LINE_BYTES:
            raise _RecordTooLong
        return line


def _grid(name: str, text: str, separator: str, limit: int | None = None) -> pd.DataFrame:
    """The text's fields as a grid whose index is each record's 0-based first line.

    Every record is checked as it is read (length, fields, field length, and the grid so far
    against the cell limit), so a hostile file is refused before it takes memory.
    """
    lines = _Lines(text)
    reader = csv.reader(lines, delimiter=separator, quotechar='"')
    rows: list[list[str]] = []
    starts: list[int] = []
    start = width = 0
    try:
        for row in itertools.islice(reader, limit):
            if len(row) > width:
                width = len(row)
                if width > safety.MAX_COLUMNS:
                    raise file_error(name, safety.too_many_fields(start + 1, width))
            if row and max(map(len, row)) > safety.MAX_CELL_CHARS:
                raise file_error(name, safety.field_too_long(start + 1))
            rows.append(row)
            starts.append(start)
            if len(rows) * width > safety.MAX_CELLS:
                raise file_error(name, safety.text_too_big(len(rows), width))
            start, lines.size = reader.line_num, 0
    except _RecordTooLong:
        raise file_error(name, safety.line_too_long(start + 1, lines.size)) from None
    for i in [i for i, row in enumerate(rows) if len(row) < width]:  # titles and blank lines are short
        rows[i] = rows[i] + [""] * (width - len(rows[i]))
    return pd.DataFrame(rows, index=pd.Index(starts, dtype="int64"), columns=range(width), dtype=object)


def _whole_grid(name: str, text: str, separator: str, width: int, lines: int, longest: int) -> pd.DataFrame:
    """The whole text as :func:`_grid` reads it, with pandas' C parser when it can (several times faster).

    pandas lays out every line ``width`` fields wide, so lines × width is checked first; a line
    longer than a cell may be (``longest``, in bytes) is read the careful way, which checks fields.
    """
    if lines * width > safety.MAX_CELLS:
        raise file_error(name, safety.text_too_big(lines, width))
    if longest > safety.MAX_CELL_CHARS:
        return _grid(name, text, separator)
    try:
        grid = pd.read_csv(
            io.StringIO(text), sep=separator, quotechar='"', header=None, names=range(width), dtype=object,
            na_filter=False, skip_blank_lines=False, engine="c",
        )
    except (pd.errors.ParserError, ValueError):  # a line wider than the top of the file
        return _grid(name, text, separator)
    if len(grid) != lines or not isinstance(grid.index, pd.RangeIndex):
        # A quoted field spans lines (line numbers need the careful reader), or pandas took
        # surplus fields as an index: read again the careful way.
        return _grid(name, text, separator)
    return grid


# --- finding the header -----------------------------------------------------------------------


def _find_layout(grid: pd.DataFrame) -> _Layout | None:
    """The first of the top filled rows that reads as an export's header, if any."""
    seen = 0
    for position, row in enumerate(grid.iloc[: _HEADER_SEARCH_ROWS * 10].itertuples(index=False, name=None)):
        labels = [(cell_text(value) or "").casefold() for value in row]
        if not any(labels):
            continue
        layout = _header_layout(position, labels)
        if layout is not None:
            return layout
        seen += 1
        if seen >= _HEADER_SEARCH_ROWS:
            break
    return None


def _header_layout(position: int, keys: list[str]) -> _Layout | None:
    """How a header row (casefolded labels) lays out an export; None when it is not one."""
    years: dict[int, int] = {}
    prefixes: dict[int, str] = {}
    for i, key in enumerate(keys):
        match = _YEAR.match(key)
        if match and 1900 <= int(match.group(2)) <= 2100:
            years[i], prefixes[i] = int(match.group(2)), match.group(1) or ""
    regions = [i for i, k in enumerate(keys) if i not in years and ("region" in k or "kommune" in k)]
    if not regions:
        return None
    # "Kommune";"Kommunenummer": the codes are in the column that says number or code.
    region = next((i for i in regions if any(w in keys[i] for w in ("nummer", "nr", "kode"))), regions[0])
    industry = next((i for i, k in enumerate(keys) if k.startswith(("næring", "naering"))), None)
    variable = next((i for i, k in enumerate(keys) if k.startswith("statistikkvariabel")), None)
    name = next((i for i, k in enumerate(keys) if i != region and k in _NAME_HEADERS), None)
    year = next((i for i, k in enumerate(keys) if k in _YEAR_HEADERS), None)
    basis = next((i for i, k in enumerate(keys) if i not in years and k.startswith(("grunnlag", "datagrunnlag"))), None)
    # Every other labelled column is a breakdown (sex, age, sector, …) to take the total of.
    breakdowns = tuple(i for i, k in enumerate(keys) if i not in years and k.startswith(_SEX_AGE))
    if year is not None:
        others = [i for i, k in enumerate(keys) if k and i not in (region, industry, variable, name, year, basis, *breakdowns)]
        # The figures are in the last column, headed by the table's title or "Sysselsatte personer";
        # in a sheet laid out by hand, the column that says so. Two such columns are told apart by
        # meaning: the total of all industries and the figure per industry; otherwise the file is refused.
        candidates = next(
            (found for words in (_EMPLOYMENT_WORDS, _POPULATION_WORDS) if (found := [i for i in others if any(w in keys[i] for w in words)])),
            others[-1:],
        )
        total: int | None = None
        ambiguous: tuple[int, ...] = ()
        value = candidates[0] if candidates else None
        if len(candidates) > 1:
            totals = [i for i in candidates if _TOTAL_COLUMN.search(keys[i])]
            parts = [i for i in candidates if i not in totals]
            if len(totals) == 1 and len(parts) == 1:
                value, total = (parts[0], totals[0]) if industry is not None else (totals[0], None)
            else:
                ambiguous = tuple(candidates)
        if value is None:
            return None
        breakdowns += tuple(i for i in others if i not in (*candidates, value, total))
        return _Layout(position, region, industry, variable, {}, name, year, value, breakdowns, total=total, ambiguous=ambiguous, basis=basis)
    skipped: tuple[int, ...] = ()
    counts = years
    if len(set(prefixes.values())) > 1:
        # Several figures per year ("Sysselsatte 2008", "Endring 2008"): only the count of
        # employed persons (by place of work when the file has that too), or else of people.
        for words in (_EMPLOYMENT_WORDS, _POPULATION_WORDS):
            counts = {i: y for i, y in years.items() if any(w in prefixes[i] for w in words)}
            if counts:
                break
        workplace = {i: y for i, y in counts.items() if any(w in prefixes[i] for w in _WORKPLACE_WORDS)}
        if words is _EMPLOYMENT_WORDS and workplace:
            counts = workplace
        skipped = tuple(i for i in years if i not in counts)
    breakdowns = tuple(i for i, k in enumerate(keys) if k and i not in years and i not in (region, industry, variable, name, basis))
    years = counts
    if not years:
        return None
    return _Layout(position, region, industry, variable, years, name, breakdowns=breakdowns, skipped=skipped, basis=basis)


# --- reshaping --------------------------------------------------------------------------------


def _text(column: pd.Series) -> pd.Series:
    """Cells as the text a person reads ("" for blank), converted once per distinct value."""
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    texts = np.array([cell_text(u) or "" for u in uniques] + [""], dtype=object)
    return pd.Series(texts[codes], index=column.index, dtype=object)


def _coded(labels: pd.Series) -> np.ndarray:
    """True where a region label starts with a code."""
    codes, uniques = pd.factorize(labels)
    return np.array([_LEADING_CODE.match(u) is not None for u in uniques] + [False], dtype=bool)[codes]


def _name(label: str) -> str | None:
    """A region's name without its code and validity range: "0426 Våler (Hedm.) (-2019)" -> "Våler (Hedm.)"."""
    name = _VALIDITY.sub("", _CODE_PREFIX.sub("", label)).strip()
    return name or None


def _year(label: str) -> object:
    """The year of a year label ("2015K4" -> 2015); other text as it is, for validation to report."""
    match = _YEAR.match(label.casefold())
    if match and not match.group(1):
        return int(match.group(2))
    return label or None


def _by_distinct(texts: np.ndarray, convert: Callable[[str], object]) -> np.ndarray:
    """``convert`` applied once per distinct text; a missing text stays None."""
    codes, uniques = pd.factorize(texts)
    return np.array([convert(u) for u in uniques] + [None], dtype=object)[codes]


def _long_cells(grid: pd.DataFrame, layout: _Layout, sheet: Sheet, *, spreadsheet: bool) -> tuple[pd.DataFrame, tuple[str, ...]] | None:
    """The export's figures as long raw cells under a header row, and information lines on how
    they were read; None when no region has a code.

    Employment by place of residence is not jobs: such an export is refused (:class:`Refused`).

    In a spreadsheet, region and industry labels stand only on the first row they cover and
    notes follow the table; rows whose region has no code are notes there. In a CSV every row
    has its labels, so a row without a code is data that validation should report.
    """
    body = grid.iloc[layout.position + 1 :]
    region = _text(body.iloc[:, layout.region])
    industry = _text(body.iloc[:, layout.industry]) if layout.industry is not None and sheet is EMPLOYMENT else None
    variable = _text(body.iloc[:, layout.variable]) if layout.variable is not None else None
    breakdowns = [_text(body.iloc[:, position]) for position in layout.breakdowns]
    if not _coded(region).any():
        return None
    region = region.mask(region.str.casefold().isin(_COUNTRY_LABELS), "0 " + region)  # "Heile landet" is the country, code 0
    coded = _coded(region)

    # The table ends at the first blank row after its last coded row: below that are notes.
    figure_columns = list(layout.years) if layout.years else [layout.value]
    blank = (region == "").to_numpy().copy()
    for column in [c for c in (industry, variable, *breakdowns) if c is not None]:
        blank &= (column == "").to_numpy()
    for position in figure_columns + ([layout.year] if layout.year is not None else []):
        blank &= (_text(body.iloc[:, position]) == "").to_numpy()
    last = int(np.flatnonzero(coded)[-1])
    gaps = np.flatnonzero(blank[last + 1 :])
    end = last + 1 + int(gaps[0]) if len(gaps) else len(body)
    keep = np.zeros(len(body), dtype=bool)
    keep[:end] = True

    if spreadsheet:
        region = _fill_down(region)
        industry = _fill_down(industry) if industry is not None else None
        variable = _fill_down(variable) if variable is not None else None
        breakdowns = [_fill_down(column) for column in breakdowns]
        keep &= _coded(region)
    notes: list[str] = []
    by_basis: pd.Series | None = None
    header_cells = [cell_text(value) or "" for value in grid.iloc[layout.position]]
    if layout.ambiguous:
        raise Refused(SEVERAL_VALUE_COLUMNS.format(columns=_quoted([header_cells[i] for i in layout.ambiguous])))
    if layout.total is not None:
        notes.append(TOTAL_AND_PARTS.format(total=header_cells[layout.total], part=header_cells[layout.value or 0]))
    # What the figures read are said to be: the title lines, the headers of the columns read, the variables read.
    read_texts = [cell_text(value) or "" for value in grid.iloc[: layout.position].to_numpy(dtype=object).ravel()]
    read_texts += [header_cells[i] for i in (figure_columns if layout.years else [layout.value]) if i is not None]
    if layout.skipped:
        names_of = lambda positions: list(dict.fromkeys(_variable_name(header_cells[i]) for i in positions))  # noqa: E731
        notes.append(OTHER_VARIABLES.format(read=_quoted(names_of(layout.years)), skipped=_quoted(names_of(layout.skipped))))
    if variable is not None:
        present = list(dict.fromkeys(variable[keep]))
        if "" in present:
            present.remove("")
        if len(present) > 1:
            words = _EMPLOYMENT_WORDS if sheet is EMPLOYMENT else _POPULATION_WORDS
            chosen = [v for v in present if any(w in v.casefold() for w in words)]
            workplace = [v for v in chosen if any(w in v.casefold() for w in _WORKPLACE_WORDS)]
            if sheet is EMPLOYMENT and workplace:
                chosen = workplace
            if sheet is EMPLOYMENT and len(chosen) > 1 and any(_OLD_BASIS.search(v.casefold()) for v in chosen):
                by_basis = variable  # the same variable on the old and the new basis: both are read
            keep &= variable.isin(chosen).to_numpy(dtype=bool)
            if chosen and len(chosen) < len(present):
                notes.append(OTHER_VARIABLES.format(read=_quoted(chosen), skipped=_quoted([v for v in present if v not in chosen])))
        read_texts += list(dict.fromkeys(variable[keep]))
    if sheet is EMPLOYMENT:
        _refuse_residence(read_texts)
    basis_labels = _text(body.iloc[:, layout.basis]) if layout.basis is not None else by_basis
    if spreadsheet and basis_labels is not None and layout.basis is not None:
        basis_labels = _fill_down(basis_labels)
    for column in breakdowns:
        # "Begge kjønn" or "Alle aldre" beside the categories: the total counts, the parts are left out.
        total = _by_distinct(column.str.casefold().to_numpy(), lambda label: _TOTAL_CATEGORY.search(label) is not None).astype(bool)
        if (total & keep).any():
            keep &= total
    summed = [header_cells[p] for p, column in zip(layout.breakdowns, breakdowns, strict=True) if column[keep].nunique() > 1]

    special = _by_distinct(region.to_numpy(), _special_region).astype(bool) & keep
    if special.any():
        skipped = sorted(set(region[special]), key=lambda label: int(re.sub(r"\D", "", label.split()[0]) or 0))
        notes.append(SKIPPED_REGIONS.format(regions=_quoted(skipped)))
        keep &= ~special
    source_rows = body.index.to_numpy()[keep]
    labels = region.to_numpy()[keep]
    names = _by_distinct(labels, _name)
    if layout.name is not None:  # a label that is only a code takes its name from the name column
        names = np.where(pd.isna(names), _text(body.iloc[keep, layout.name]).mask(lambda t: t == "").to_numpy(), names)
    industries = industry.to_numpy()[keep] if industry is not None else np.full(len(labels), None, dtype=object)
    bases = _by_distinct(basis_labels.to_numpy()[keep], _basis) if basis_labels is not None and sheet is EMPLOYMENT else None
    if layout.years:
        count = len(layout.years)
        figures = body.iloc[keep, list(layout.years)].to_numpy(dtype=object).ravel()
        years = np.tile(np.array(list(layout.years.values()), dtype=object), len(labels))
        source_rows, labels, names, industries = (np.repeat(a, count) for a in (source_rows, labels, names, industries))
        bases = np.repeat(bases, count) if bases is not None else None
    else:
        figures = body.iloc[keep, layout.value].to_numpy(dtype=object)
        years = _by_distinct(_text(body.iloc[keep, layout.year]).to_numpy(), _year)
        if layout.total is not None:
            source_rows, labels, names, industries, years, figures = _with_totals(
                body.iloc[keep, layout.total].to_numpy(dtype=object), source_rows, labels, names, industries, years, figures,
            )

    data = pd.DataFrame(
        # numpy's stubs take None as a branch of where() only when both branches are None
        {0: labels, 1: names, 2: years, 3: np.where(industries == "", None, industries), 4: figures},  # type: ignore[arg-type]
        index=pd.Index(source_rows, dtype="int64"),
        dtype=object,
    )
    if bases is not None and layout.total is None:
        data[5] = bases
    if layout.breakdowns:
        rows = len(data)
        data = _combine(data)
        if len(data) < rows and summed:
            notes.append(SUMMED.format(columns=_quoted(summed), industry=" og næring" if sheet is EMPLOYMENT else ""))
    data = data[~_text(data[4]).isin(MISSING).to_numpy()]
    header = HEADER + ((BASIS_HEADER,) if 5 in data.columns else ())
    if sheet is POPULATION:
        data = data.drop(columns=3).set_axis(range(4), axis=1)
        header = POPULATION_HEADER
    top = pd.DataFrame([list(header)], index=pd.Index([int(grid.index[layout.position])], dtype="int64"), dtype=object)
    return pd.concat([top, data]), tuple(notes)


def _with_totals(totals: np.ndarray, *columns: np.ndarray) -> tuple[np.ndarray, ...]:
    """The per-industry rows and, per region and year, one total row from the all-industries column.

    The total row stands on the line of the region's and year's first row. A region and year
    that already has a total industry row gets none (a total is never counted twice); one
    whose total column differs from row to row gets a row per value, for validation to report.
    """
    rows, labels, names, industries, years, figures = columns
    frame = pd.DataFrame({"label": labels, "year": years, "industry": industries, "total": totals})
    has_total = frame["industry"].fillna("").str.casefold().isin(TOTAL_INDUSTRY_LABELS)
    covered = has_total.groupby([frame["label"], frame["year"]], dropna=False, sort=False).transform("any").astype(bool)
    extra = frame[~covered.to_numpy()].assign(text=_text(frame["total"])).drop_duplicates(["label", "year", "text"])
    picked = extra.index.to_numpy()
    new = (rows[picked], labels[picked], names[picked], np.full(len(picked), None, dtype=object), years[picked], totals[picked])
    return tuple(np.concatenate([old, added]) for old, added in zip(columns, new, strict=True))


def _basis(label: str) -> str | None:
    """«gammelt» for SSB's old basis, «nytt» for the new (a-ordningen), None when the label says neither."""
    folded = label.casefold()
    if _OLD_BASIS.search(folded):
        return "gammelt"
    return "nytt" if _NEW_BASIS.search(folded) else None


def _special_region(label: str) -> bool:
    """A label with one of SSB's codes that is no municipality, county or country ("99 Uoppgitt fylke")."""
    match = _LEADING_CODE.match(label)
    if match is None:
        return False
    digits = match.group(0).strip().removeprefix("K-")
    return (len(digits) == 2 and digits in SSB_SKIPPED_REGIONS) or (len(digits) == 4 and digits[:2] in SSB_SKIPPED_REGIONS - {"13"})


def _refuse_residence(texts: list[str]) -> None:
    """Refuse employed persons by place of residence: the texts say «bosatt» and never «arbeidssted»."""
    folded = [text.casefold() for text in texts]
    if any(w in text for text in folded for w in _WORKPLACE_WORDS):
        return
    residence = next((text for text, fold in zip(texts, folded, strict=True) if any(w in fold for w in _RESIDENCE_WORDS)), None)
    if residence is not None:
        raise Refused(RESIDENCE.format(label=_variable_name(residence)))


def _variable_name(header: str) -> str:
    """A wide header's variable without its year: "Sysselsatte personer bosatt i regionen 2021" -> "Sysselsatte personer bosatt i regionen"."""
    match = _YEAR.match(header.strip())
    return match.group(1) if match and match.group(1) else header.strip()


def _quoted(texts: list[str]) -> str:
    """«a», «b» og «c»."""
    items = [f"«{t}»" for t in texts]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " og " + items[-1]


def _combine(data: pd.DataFrame) -> pd.DataFrame:
    """Rows for the same region, industry and year (one per sex or age) as one row: their sum.

    SSB's population table gives people per sex and age; the dashboard needs the total. The
    summed row stands on the line of the group's first row. A group with a figure that is not
    a number keeps that row as it is, for validation to name; a group with a missing figure
    is missing as a whole, since the sum of the others would be too small.
    """
    group = data.groupby([0, 3, 2, *([5] if 5 in data.columns else [])], dropna=False, sort=False).ngroup().to_numpy()
    if len(np.unique(group)) == len(group):
        return data
    # Figures repeat a lot (and a whole country has millions): convert each distinct one once.
    codes, uniques = pd.factorize(data[4].to_numpy(dtype=object), use_na_sentinel=False)
    distinct = pd.Series(uniques, dtype=object)
    numbers, messages = cell_values.to_number(distinct)
    missing = _text(distinct).isin(MISSING).to_numpy()[codes]
    bad = (messages.to_numpy() != "")[codes] & ~missing
    frame = pd.DataFrame({"group": group, "missing": missing, "bad": bad, "number": numbers.to_numpy(dtype=float)[codes]})
    by = frame.groupby("group", sort=False)
    size = by["missing"].transform("size").to_numpy()
    any_missing = by["missing"].transform("any").to_numpy()
    any_bad = by["bad"].transform("any").to_numpy()
    first = by.cumcount().to_numpy() == 0
    first_bad = bad & (frame.groupby("group", sort=False)["bad"].cumsum().to_numpy() == 1)
    # One row per group: its first bad row, or else its first row.
    chosen = np.where(any_bad, first_bad, first)
    result = data[chosen].copy()
    figures = result[4].to_numpy(dtype=object).copy()
    several, broken, gap = size[chosen] > 1, any_bad[chosen], any_missing[chosen]
    totals = by["number"].sum().to_numpy()[group[chosen]]
    summed = several & ~broken & ~gap
    figures[summed] = [_whole(value) for value in totals[summed]]
    figures[several & ~broken & gap] = ".."
    result[4] = figures
    return result


def _whole(value: float) -> int | float:
    return int(value) if float(value).is_integer() else float(value)


def _fill_down(labels: pd.Series) -> pd.Series:
    """A label written once stands for the rows below it until the next label."""
    return labels.mask(labels == "").ffill().fillna("")
