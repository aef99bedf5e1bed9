"""Exports from SSB's Statbank (table 13470 and tables like it), built in memory for the tests.

A table is a list of :data:`Row`: region label, industry label (None when the table has no
industry), year and figure (None where SSB writes a missing-value symbol). Writers turn it
into the CSV and xlsx layouts the Statbank exports: years as columns (wide) or as rows
(long), with or without a title line, in ISO-8859-1 or UTF-8.

Kongsvinger's figures for 2008–2022 are SSB's public series as shown by KommuneProfilen
(see the domain guide); every other figure here is illustrative.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence

from tests.workbooks import make_workbook

Row = tuple[str, str | None, int, float | None]

TITLE = "13470: Sysselsatte per 4. kvartal, etter arbeidsstedskommune, næring (SN2007)"
ALL_INDUSTRIES = "00-99 Alle næringer"
VARIABLE = "Sysselsatte personer"
YEARS = range(2008, 2025)

#: Old code, new code, name before 2020, name from 2020.
MUNICIPALITIES: tuple[tuple[str, str, str, str], ...] = (
    ("0402", "3401", "Kongsvinger", "Kongsvinger"),
    ("0418", "3414", "Nord-Odal", "Nord-Odal"),
    ("0419", "3415", "Sør-Odal", "Sør-Odal"),
    ("0420", "3416", "Eidskog", "Eidskog"),
    ("0423", "3417", "Grue", "Grue"),
    ("0425", "3418", "Åsnes", "Åsnes"),
    ("0426", "3419", "Våler (Hedm.)", "Våler (Innlandet)"),
)

#: Kongsvinger, jobs per 4th quarter: 2008–2022 public (KommuneProfilen), 2023–2024 illustrative.
KONGSVINGER: dict[int, int] = {
    2008: 8948, 2009: 8390, 2010: 8293, 2011: 8223, 2012: 8430, 2013: 8214, 2014: 8370, 2015: 8222,
    2016: 8336, 2017: 8467, 2018: 8598, 2019: 8423, 2020: 8297, 2021: 8614, 2022: 8668,
    2023: 8701, 2024: 8689,  # illustrative
}
#: Illustrative levels for the others, the county and the country.
_BASES = {"3414": 1480, "3415": 2260, "3416": 1690, "3417": 1370, "3418": 2210, "3419": 1050, "34": 180_000, "0": 2_600_000}


def figure(code: str, year: int) -> int:
    """The figure the fixtures give a region (today's code) in a year."""
    if code == "3401":
        return KONGSVINGER[year]
    base = _BASES[code]
    return base + (year - 2008) * (base // 200) + (year * 37 + int(code)) % 23 - 11


def acceptance_rows() -> list[Row]:
    """The seven municipalities 2008–2024 as SSB gives them after the 2020 reform, plus county and country.

    The old code carries the figures up to 2019 and ".." after; the new code ".." before 2020.
    """
    rows: list[Row] = []
    for old, new, old_name, new_name in MUNICIPALITIES:
        rows += [(f"{old} {old_name} (-2019)", ALL_INDUSTRIES, y, figure(new, y) if y <= 2019 else None) for y in YEARS]
        rows += [(f"{new} {new_name}", ALL_INDUSTRIES, y, figure(new, y) if y >= 2020 else None) for y in YEARS]
    rows += [("34 Innlandet", ALL_INDUSTRIES, y, figure("34", y)) for y in YEARS]
    rows += [("0 Hele landet", ALL_INDUSTRIES, y, figure("0", y)) for y in YEARS]
    return rows


#: A small table for the format variants: the code change in Kongsvinger and Våler, and the country.
SMALL: list[Row] = [
    ("0402 Kongsvinger (-2019)", ALL_INDUSTRIES, 2018, 8598),
    ("0402 Kongsvinger (-2019)", ALL_INDUSTRIES, 2019, 8423),
    ("0402 Kongsvinger (-2019)", ALL_INDUSTRIES, 2020, None),
    ("3401 Kongsvinger", ALL_INDUSTRIES, 2018, None),
    ("3401 Kongsvinger", ALL_INDUSTRIES, 2019, None),
    ("3401 Kongsvinger", ALL_INDUSTRIES, 2020, 8297),
    ("0426 Våler (Hedm.) (-2019)", ALL_INDUSTRIES, 2018, 1071),
    ("0426 Våler (Hedm.) (-2019)", ALL_INDUSTRIES, 2019, 1063),
    ("0426 Våler (Hedm.) (-2019)", ALL_INDUSTRIES, 2020, None),
    ("3419 Våler (Innlandet)", ALL_INDUSTRIES, 2018, None),
    ("3419 Våler (Innlandet)", ALL_INDUSTRIES, 2019, None),
    ("3419 Våler (Innlandet)", ALL_INDUSTRIES, 2020, 1049),
    ("0 Hele landet", ALL_INDUSTRIES, 2018, 2_745_000),
    ("0 Hele landet", ALL_INDUSTRIES, 2019, 2_767_000),
    ("0 Hele landet", ALL_INDUSTRIES, 2020, 2_748_000),
]
#: What SMALL reads as: (code, year, employed, industry) with the total industry as None.
SMALL_EXPECTED = {
    ("3401", 2018, 8598.0, None), ("3401", 2019, 8423.0, None), ("3401", 2020, 8297.0, None),
    ("3419", 2018, 1071.0, None), ("3419", 2019, 1063.0, None), ("3419", 2020, 1049.0, None),
    ("0", 2018, 2_745_000.0, None), ("0", 2019, 2_767_000.0, None), ("0", 2020, 2_748_000.0, None),
}

#: Kongsvinger by industry (illustrative), with and without the total row.
INDUSTRIES: list[Row] = [
    ("3401 Kongsvinger", ALL_INDUSTRIES, 2020, 8297),
    ("3401 Kongsvinger", "01-03 Jordbruk, skogbruk og fiske", 2020, 212),
    ("3401 Kongsvinger", "86-88 Helse- og sosialtjenester", 2020, 2104),
    ("3401 Kongsvinger", ALL_INDUSTRIES, 2021, 8614),
    ("3401 Kongsvinger", "01-03 Jordbruk, skogbruk og fiske", 2021, 208),
    ("3401 Kongsvinger", "86-88 Helse- og sosialtjenester", 2021, 2150),
]


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _number(value: float, decimal_comma: bool) -> str:
    text = f"{value:.1f}" if decimal_comma else f"{value:g}" if value != int(value) else str(int(value))
    return text.replace(".", ",") if decimal_comma else text


def _figure_text(value: float | None, missing: str, decimal_comma: bool) -> str:
    if value is None:
        return _quote(missing) if missing else ""
    return _number(value, decimal_comma)


def _lines(header: Sequence[str], body: Iterable[Sequence[str]], title: str | None) -> list[str]:
    lines = [_quote(title), ""] if title else []
    return [*lines, ";".join(header), *(";".join(cells) for cells in body)]


def _encode(lines: list[str], encoding: str, newline: str) -> bytes:
    return (newline.join(lines) + newline).encode(encoding)


def wide_csv(
    rows: Sequence[Row], *, title: str | None = TITLE, encoding: str = "latin-1", newline: str = "\r\n",
    missing: str | Iterable[str] = "..", year_label: str = "{year}", decimal_comma: bool = False,
    variable: str | None = VARIABLE, industry: bool = True,
) -> bytes:
    """Years as columns: ``"region";"næring (SN2007)";"statistikkvariabel";"2008";...``.

    ``missing`` is the symbol for a missing figure, or symbols taken in turn.
    """
    symbols = itertools.cycle([missing] if isinstance(missing, str) else list(missing))
    years = sorted({r[2] for r in rows})
    header = [_quote("region")] + ([_quote("næring (SN2007)")] if industry else []) + ([_quote("statistikkvariabel")] if variable else [])
    header += [_quote(year_label.format(year=y)) for y in years]
    groups: dict[tuple[str, str | None], dict[int, float | None]] = {}
    for region, industry_label, year, value in rows:
        groups.setdefault((region, industry_label), {})[year] = value
    body = []
    for (region, industry_label), by_year in groups.items():
        cells = [_quote(region)] + ([_quote(industry_label or "")] if industry else []) + ([_quote(variable)] if variable else [])
        for year in years:
            value = by_year.get(year)
            cells.append(_figure_text(value, next(symbols) if value is None else "", decimal_comma))
        body.append(cells)
    return _encode(_lines(header, body, title), encoding, newline)


def long_csv(
    rows: Sequence[Row], *, title: str | None = TITLE, value_header: str = TITLE, encoding: str = "latin-1",
    newline: str = "\r\n", missing: str = "..", decimal_comma: bool = False, variable: str | None = VARIABLE,
    year_label: str = "{year}",
) -> bytes:
    """Years as rows: ``"region";"næring (SN2007)";"statistikkvariabel";"år";"<value column>"``."""
    header = [_quote("region"), _quote("næring (SN2007)")] + ([_quote("statistikkvariabel")] if variable else [])
    header += [_quote("år"), _quote(value_header)]
    body = [
        [_quote(region), _quote(industry or "")] + ([_quote(variable)] if variable else [])
        + [_quote(year_label.format(year=year)), _figure_text(value, missing, decimal_comma)]
        for region, industry, year, value in rows
    ]
    return _encode(_lines(header, body, title), encoding, newline)


def wide_xlsx(rows: Sequence[Row], *, title: str = "13470") -> bytes:
    """An xlsx export, years as columns: title rows, header, labels only where they change, notes below."""
    years = sorted({r[2] for r in rows})
    sheet: list[list[object]] = [[TITLE], [], ["region", "næring (SN2007)", "statistikkvariabel", *[str(y) for y in years]]]
    groups: dict[tuple[str, str | None], dict[int, float | None]] = {}
    for region, industry, year, value in rows:
        groups.setdefault((region, industry), {})[year] = value
    previous = None
    for (region, industry), by_year in groups.items():
        label = region if region != previous else None
        previous = region
        figures = [by_year.get(y) if by_year.get(y) is not None else ".." for y in years]
        sheet.append([label, industry, VARIABLE if label else None, *figures])
    sheet += [
        [],
        ["Kilde: Statistisk sentralbyrå"],
        ["Fotnoter"],
        ["region"],
        ["0402 Kongsvinger ble til 3401 Kongsvinger 1. januar 2020."],
        ["Tallene fra og med 2015 bygger på a-ordningen og er ikke helt sammenlignbare med tidligere år."],
    ]
    return make_workbook({title: sheet})


def long_xlsx(rows: Sequence[Row], *, title: str = "Ark1") -> bytes:
    """An xlsx export, years as rows, with region and industry written only on their first row."""
    sheet: list[list[object]] = [[TITLE], ["region", "næring (SN2007)", "år", VARIABLE]]
    previous: tuple[str | None, str | None] = (None, None)
    for region, industry, year, value in rows:
        region_label = region if region != previous[0] else None
        industry_label = industry if (region, industry) != previous else None
        previous = (region, industry)
        sheet.append([region_label, industry_label, year, value if value is not None else ".."])
    sheet += [[], ["Kilde: Statistisk sentralbyrå"]]
    return make_workbook({title: sheet})


def national_long_csv(municipalities: int = 357, industries: int = 20, years: Sequence[int] = YEARS) -> bytes:
    """A long export the size of the whole country by industry (figures illustrative)."""
    labels = [f"{3001 + i:04d} Kommune {i}" for i in range(municipalities)]
    sectors = [ALL_INDUSTRIES] + [f"{i:02d} Næring {i}" for i in range(1, industries)]
    lines = [_quote(TITLE), "", '"region";"næring (SN2007)";"statistikkvariabel";"år";"Sysselsatte personer"']
    for m, label in enumerate(labels):
        for s, sector in enumerate(sectors):
            lines += [f'"{label}";"{sector}";"{VARIABLE}";"{y}";{(m * 31 + s * 7 + y) % 5000}' for y in years]
    return _encode(lines, "latin-1", "\r\n")


# --- population: table 07459 ----------------------------------------------------------------------
# People per 1 January by region, sex and age. Every figure here is illustrative.

POPULATION_TITLE = "07459: Befolkning, etter region, kjønn, alder, statistikkvariabel og år"
POPULATION_VARIABLE = "Personer"
SEXES = ("1 Menn", "2 Kvinner")
AGES = ("000-019 0-19 år", "020-066 20-66 år", "067+ 67 år eller eldre")

#: A population row: region label, sex label, age label (None when the export has no such
#: column), year and figure (None where SSB writes "..").
PopulationRow = tuple[str, str | None, str | None, int, float | None]

#: The totals the population fixtures give: (today's code, year) -> people.
POPULATION_TOTALS: dict[tuple[str, int], int] = {
    ("3401", 2019): 17815, ("3401", 2020): 17799,
    ("3419", 2019): 3729, ("3419", 2020): 3703,
    ("34", 2019): 374718, ("34", 2020): 374512,
    ("0", 2019): 5_328_212, ("0", 2020): 5_367_580,
}
#: Region labels as SSB writes them after the 2020 reform: (label, today's code, years with figures).
_POPULATION_REGIONS = (
    ("0402 Kongsvinger (-2019)", "3401", (2019,)),
    ("3401 Kongsvinger", "3401", (2020,)),
    ("0426 Våler (Hedm.) (-2019)", "3419", (2019,)),
    ("3419 Våler (Innlandet)", "3419", (2020,)),
    ("34 Innlandet", "34", (2019, 2020)),
    ("0 Hele landet", "0", (2019, 2020)),
)
#: Each (sex, age) category's share of the total, in per mille: the parts add up to 1000.
_SHARES = {
    (SEXES[0], AGES[0]): 104, (SEXES[0], AGES[1]): 292, (SEXES[0], AGES[2]): 107,
    (SEXES[1], AGES[0]): 98, (SEXES[1], AGES[1]): 281, (SEXES[1], AGES[2]): 118,
}


def _parts(total: int) -> dict[tuple[str, str], int]:
    """The total split by sex and age; the last category takes the rounding, so the parts add up."""
    parts = {key: total * share // 1000 for key, share in _SHARES.items()}
    last = list(_SHARES)[-1]
    parts[last] += total - sum(parts.values())
    return parts


def population_rows(*, sex: str = "parts", age: str = "parts") -> list[PopulationRow]:
    """People per region, sex, age and year, as 07459 gives them across the 2020 reform.

    ``sex`` and ``age`` say how the export gives that dimension: ``"parts"`` (the categories
    only), ``"total"`` (the total category "Begge kjønn" / "Alle aldre" first, then the
    categories) or ``"none"`` (no such column: SSB has summed it away).
    """
    rows: list[PopulationRow] = []
    years = sorted({year for _, year in POPULATION_TOTALS})
    for label, code, present in _POPULATION_REGIONS:
        for year in years:
            total = POPULATION_TOTALS[(code, year)] if year in present else None
            parts = _parts(total) if total is not None else {key: None for key in _SHARES}
            sexes = [None] if sex == "none" else (["Begge kjønn"] if sex == "total" else []) + list(SEXES)
            ages = [None] if age == "none" else (["Alle aldre"] if age == "total" else []) + list(AGES)
            for s in sexes:
                for a in ages:
                    keys = [k for k in _SHARES if (s in (None, "Begge kjønn") or k[0] == s) and (a in (None, "Alle aldre") or k[1] == a)]
                    value = None if total is None else sum(parts[k] for k in keys)
                    rows.append((label, s, a, year, value))
    return rows


def _population_columns(rows: Sequence[PopulationRow]) -> tuple[bool, bool]:
    return any(r[1] is not None for r in rows), any(r[2] is not None for r in rows)


def population_wide_csv(
    rows: Sequence[PopulationRow], *, title: str | None = POPULATION_TITLE, encoding: str = "latin-1",
    variable: str | None = POPULATION_VARIABLE, year_label: str = "{year}",
) -> bytes:
    """Years as columns: ``"region";"kjønn";"alder";"statistikkvariabel";"2019";"2020"``."""
    has_sex, has_age = _population_columns(rows)
    years = sorted({r[3] for r in rows})
    header = [_quote("region")] + ([_quote("kjønn")] if has_sex else []) + ([_quote("alder")] if has_age else [])
    header += ([_quote("statistikkvariabel")] if variable else []) + [_quote(year_label.format(year=y)) for y in years]
    groups: dict[tuple[str, str | None, str | None], dict[int, float | None]] = {}
    for region, sex, age, year, value in rows:
        groups.setdefault((region, sex, age), {})[year] = value
    body = []
    for (region, sex, age), by_year in groups.items():
        cells = [_quote(region)] + ([_quote(sex or "")] if has_sex else []) + ([_quote(age or "")] if has_age else [])
        cells += [_quote(variable)] if variable else []
        cells += [_figure_text(by_year.get(y), "..", False) for y in years]
        body.append(cells)
    return _encode(_lines(header, body, title), encoding, "\r\n")


def population_long_csv(
    rows: Sequence[PopulationRow], *, title: str | None = POPULATION_TITLE, value_header: str = POPULATION_TITLE,
    encoding: str = "utf-8-sig", variable: str | None = POPULATION_VARIABLE,
) -> bytes:
    """Years as rows: ``"region";"kjønn";"alder";"statistikkvariabel";"år";"<value column>"``."""
    has_sex, has_age = _population_columns(rows)
    header = [_quote("region")] + ([_quote("kjønn")] if has_sex else []) + ([_quote("alder")] if has_age else [])
    header += ([_quote("statistikkvariabel")] if variable else []) + [_quote("år"), _quote(value_header)]
    body = [
        [_quote(region)] + ([_quote(sex or "")] if has_sex else []) + ([_quote(age or "")] if has_age else [])
        + ([_quote(variable)] if variable else []) + [_quote(str(year)), _figure_text(value, "..", False)]
        for region, sex, age, year, value in rows
    ]
    return _encode(_lines(header, body, title), encoding, "\r\n")


def population_wide_xlsx(rows: Sequence[PopulationRow], *, title: str = "07459") -> bytes:
    """An xlsx export, years as columns, labels written only where they change, notes below."""
    has_sex, has_age = _population_columns(rows)
    years = sorted({r[3] for r in rows})
    header = ["region", *(["kjønn"] if has_sex else []), *(["alder"] if has_age else []), "statistikkvariabel", *[str(y) for y in years]]
    sheet: list[list[object]] = [[POPULATION_TITLE], [], header]
    groups: dict[tuple[str, str | None, str | None], dict[int, float | None]] = {}
    for region, sex, age, year, value in rows:
        groups.setdefault((region, sex, age), {})[year] = value
    previous: tuple[str | None, str | None] = (None, None)
    for (region, sex, age), by_year in groups.items():
        region_label = region if region != previous[0] else None
        sex_label = sex if (region, sex) != previous else None
        previous = (region, sex)
        labels = [region_label, *([sex_label] if has_sex else []), *([age] if has_age else []), POPULATION_VARIABLE if region_label else None]
        sheet.append([*labels, *[by_year.get(y) if by_year.get(y) is not None else ".." for y in years]])
    sheet += [[], ["Kilde: Statistisk sentralbyrå"], ["Fotnoter"], ["Folkemengde per 1. januar."]]
    return make_workbook({title: sheet})


def population_long_xlsx(rows: Sequence[PopulationRow], *, title: str = "Ark1") -> bytes:
    """An xlsx export, years as rows, with region and sex written only on their first row."""
    has_sex, has_age = _population_columns(rows)
    header = ["region", *(["kjønn"] if has_sex else []), *(["alder"] if has_age else []), "år", POPULATION_VARIABLE]
    sheet: list[list[object]] = [[POPULATION_TITLE], header]
    previous: tuple[str | None, str | None] = (None, None)
    for region, sex, age, year, value in rows:
        region_label = region if region != previous[0] else None
        sex_label = sex if (region, sex) != previous else None
        previous = (region, sex)
        labels = [region_label, *([sex_label] if has_sex else []), *([age] if has_age else [])]
        sheet.append([*labels, year, value if value is not None else ".."])
    sheet += [[], ["Kilde: Statistisk sentralbyrå"]]
    return make_workbook({title: sheet})
