"""Turning spreadsheet cells into typed columns, a whole column at a time.

Each converter takes the raw cells of one column (an object Series, as the Excel reader gives
them) and returns the typed values and a Series of Norwegian messages for the cells it could
not read (empty string where the cell was fine). Blank cells become missing values; whether a
blank is allowed is decided by the caller.

Work is done on the distinct values of a column (``pd.factorize``), so a column of 100 000
rows with 357 municipality codes costs 357 conversions, not 100 000.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable

import numpy as np
import pandas as pd

from byr_data.model import COUNTY_NUMBERS, OLD_TO_NEW_CODES, SSB_SPECIAL_REGIONS

#: A converted column and, per cell, an error message ("" where the cell was fine).
Converted = tuple[pd.Series, pd.Series]

_EXCEL_EPOCH = dt.datetime(1899, 12, 30)
# Currency marks around an amount, and a per cent sign after a share written as "70 %".
_NUMBER_NOISE = re.compile(r"(?i)^(kr\.?|nok)\s*|\s*(kr\.?|nok|,-|\.-|%)$")
_SPACES = re.compile(r"[\s\u00a0\u202f]")
_NORWEGIAN_NUMBER = re.compile(r"^[-−+]?\d+(,\d+)?$")
_DOTTED_THOUSANDS = re.compile(r"^[-+]?\d{1,3}(\.\d{3})+(,\d+)?$")
_CODE_LIKE = re.compile(r"^(?:K-)?(\d{1,4})(?:\s|$)")
_LIST_SEPARATORS = re.compile(r"[,;]")


def is_blank(value: object) -> bool:
    """True for an empty cell or one holding only spaces."""
    if value is None:
        return True
    if isinstance(value, float):
        return bool(np.isnan(value))
    if isinstance(value, str):
        return not value.strip()
    return value is pd.NA or value is pd.NaT


def blank_mask(raw: pd.Series) -> pd.Series:
    """True for empty cells and cells holding only spaces, a whole column at a time.

    Text is stripped once per distinct value (``pd.factorize``), not once per cell.
    """
    if raw.dtype != object:
        return raw.isna()
    codes, uniques = pd.factorize(raw)  # a missing value (as isna has it) gets the code -1
    blank = np.array([isinstance(u, str) and not u.strip() for u in uniques] + [True], dtype=bool)
    return pd.Series(blank[codes], index=raw.index, name=raw.name)  # -1 picks the last slot: missing


def old_code_mask(raw: pd.Series) -> pd.Series:
    """True where a cell gives a pre-2020 code (e.g. "0402 Kongsvinger", 402) that was mapped to today's."""

    def is_old(value: object) -> tuple[object, str]:
        text = cell_text(value) or ""
        match = _CODE_LIKE.match(text)
        return match is not None and match.group(1).zfill(4) in OLD_TO_NEW_CODES and len(match.group(1)) >= 3, ""

    flags, _ = _by_distinct(raw, is_old)
    return flags.fillna(False).astype(bool)


def cell_text(value: object) -> str | None:
    """A cell as the text a person reads in it; whole numbers lose their ".0"."""
    if is_blank(value):
        return None
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, bool):
        return "ja" if value else "nei"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.datetime, dt.date)):
        return value.strftime("%d.%m.%Y")
    return str(value)


def _by_distinct(raw: pd.Series, convert: Callable[[object], tuple[object, str]]) -> Converted:
    """Apply ``convert`` (value -> (result, message)) once per distinct value of ``raw``."""
    codes, uniques = pd.factorize(raw, use_na_sentinel=True)
    converted = [convert(u) for u in uniques]
    values = np.empty(len(uniques) + 1, dtype=object)
    messages = np.empty(len(uniques) + 1, dtype=object)
    for i, (value, message) in enumerate(converted):
        values[i] = value
        messages[i] = message
    values[-1], messages[-1] = None, ""  # the sentinel -1 picks the last slot: a blank cell
    return (
        pd.Series(values[codes], index=raw.index, dtype=object),
        pd.Series(messages[codes], index=raw.index, dtype=object),
    )


def to_text(raw: pd.Series) -> Converted:
    """Text columns: every cell can be read as text."""
    return _by_distinct(raw, lambda v: (cell_text(v), ""))


def parse_number(value: object) -> float | None:
    """A number from a cell: a real number, or Norwegian text like "kr 1 200 000,-" or "1 234,50"."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float, np.integer, np.floating)):
        return None if np.isnan(value) else float(value)
    if not isinstance(value, str):
        return None
    text = _SPACES.sub("", _NUMBER_NOISE.sub("", value.strip()))
    text = text.replace("−", "-")
    if _DOTTED_THOUSANDS.match(text):  # "2.250.000" as in the status report
        text = text.replace(".", "")
    if _NORWEGIAN_NUMBER.match(text):
        return float(text.replace(",", "."))
    try:
        number = float(text)  # "1234.5" in English notation
    except ValueError:
        return None
    return number if math.isfinite(number) else None  # "nan" and "inf" are not figures


def to_number(raw: pd.Series) -> Converted:
    """Number columns. Cells that are already numbers take a vectorised path."""
    if raw.dtype == bool:
        raw = raw.astype(object)
    if raw.dtype == object and pd.api.types.infer_dtype(raw, skipna=True) not in ("integer", "floating", "mixed-integer-float", "empty"):
        # pd.to_numeric reads an Excel TRUE as 1: keep booleans (and text) for the checked path.
        is_bool = raw.map(lambda v: isinstance(v, bool))
        raw = raw.mask(is_bool, raw.map(lambda v: "ja" if v is True else "nei" if v is False else v))
    numbers = pd.to_numeric(raw, errors="coerce")
    if raw.dtype != object:
        return numbers.astype("float64"), pd.Series("", index=raw.index, dtype=object)
    values = numbers.astype("float64")
    messages = pd.Series("", index=raw.index, dtype=object)
    unread = numbers.isna() & raw.notna()
    if unread.any():
        converted, bad = _by_distinct(raw[unread], _number_or_message)
        values[unread] = converted.astype("float64")
        messages[unread] = bad
    return values, messages


def _number_or_message(value: object) -> tuple[object, str]:
    if is_blank(value):
        return np.nan, ""
    number = parse_number(value)
    if number is None:
        return np.nan, f"«{cell_text(value)}» er ikke et tall. Skriv et tall, for eksempel 250000."
    return number, ""


#: Years the data can be about; anything outside is a typing error (and would not fit an integer).
YEARS = (1900, 2200)


def to_year(raw: pd.Series) -> Converted:
    """Years, as nullable integers."""
    values, messages = to_number(raw)
    fraction = values.notna() & (values % 1 != 0)
    if fraction.any():
        messages = messages.mask(
            fraction,
            raw[fraction].map(lambda v: f"«{cell_text(v)}» er ikke et helt tall. Skriv for eksempel 2016."),
        )
        values = values.mask(fraction)
    outside = values.notna() & ((values < YEARS[0]) | (values > YEARS[1]))
    if outside.any():
        messages = messages.mask(
            outside,
            raw[outside].map(lambda v: f"«{cell_text(v)}» er ikke et årstall. Skriv året med fire sifre, for eksempel 2016."),
        )
        values = values.mask(outside)
    return values.round().astype("Int64"), messages


def parse_date(value: object) -> pd.Timestamp | None:
    """A date from an Excel date cell, an Excel serial number, or text like 15.02.2016 or 2016-02-15."""
    if isinstance(value, (dt.datetime, dt.date, pd.Timestamp)):
        return pd.Timestamp(value).normalize()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < 2958466:  # Excel's valid serial range (1900-01-01 .. 9999-12-31)
            return pd.Timestamp(_EXCEL_EPOCH + dt.timedelta(days=float(value))).normalize()
        return None
    if isinstance(value, str):
        text = value.strip()
        for fmt in ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S"):
            try:
                return pd.Timestamp(dt.datetime.strptime(text, fmt)).normalize()
            except ValueError:
                continue
    return None


def to_date(raw: pd.Series) -> Converted:
    """Date columns, as datetime64 at midnight."""

    def convert(value: object) -> tuple[object, str]:
        parsed = parse_date(value)
        if parsed is None:
            return pd.NaT, f"«{cell_text(value)}» er ikke en dato. Skriv datoen som 15.02.2016."
        return parsed, ""

    values, messages = _by_distinct(raw, convert)
    return pd.to_datetime(values), messages


def normalise_code(value: object) -> tuple[str | None, str]:
    """A municipality code as four characters on today's numbering ("402" -> "0402" -> "3401")."""
    text = cell_text(value)
    if text is None:
        return None, ""
    if not text.isdigit() or len(text) > 4:
        return None, (
            f"«{text}» er ikke et kommunenummer. Skriv kommunenummeret med fire sifre, "
            "for eksempel 3401 for Kongsvinger."
        )
    code = text.zfill(4)
    if code[:2] not in COUNTY_NUMBERS:
        return None, _not_a_county(text, code[:2])
    return OLD_TO_NEW_CODES.get(code, code), ""


def _not_a_county(text: str, county: str) -> str:
    return (
        f"«{text}» kan ikke være et norsk kommunenummer: de to første sifrene ({county}) er ikke et fylkesnummer. "
        "Sjekk nummeret, for eksempel 3401 for Kongsvinger."
    )


def to_code(raw: pd.Series) -> Converted:
    """One municipality code per cell."""
    return _by_distinct(raw, normalise_code)


def normalise_region(value: object) -> tuple[str | None, str]:
    """An employment region: "0" (the country), a county ("34") or a municipality ("3401").

    A leading code in a label ("3401 Kongsvinger", "K-3401") is enough.
    """
    text = cell_text(value)
    if text is None:
        return None, ""
    match = _CODE_LIKE.match(text)
    if not match:
        return None, (
            f"«{text}» er ikke et kommunenummer. Skriv kommunenummeret med fire sifre "
            "(for eksempel 3401), to sifre for et fylke (34) eller 0 for hele landet."
        )
    digits = match.group(1)
    if int(digits) == 0:
        return "0", ""
    code = digits.zfill(2) if len(digits) <= 2 else digits.zfill(4)
    if code[:2] not in COUNTY_NUMBERS and code[:2] not in SSB_SPECIAL_REGIONS:
        return None, _not_a_county(text, code[:2])
    return OLD_TO_NEW_CODES.get(code, code), ""


def to_region(raw: pd.Series) -> Converted:
    """Employment regions; see :func:`normalise_region`."""
    return _by_distinct(raw, normalise_region)


def split_list(text: str | None) -> list[str]:
    """Items of a list cell separated by commas or semicolons."""
    if not text:
        return []
    return [item.strip() for item in _LIST_SEPARATORS.split(text) if item.strip()]


def to_ids(raw: pd.Series) -> Converted:
    """Several IDs in one cell, as a tuple of text."""
    values, messages = _by_distinct(raw, lambda v: (tuple(split_list(cell_text(v))), ""))
    return values.map(lambda v: v or ()), messages


def to_codes(raw: pd.Series) -> Converted:
    """Several municipality codes in one cell, as a tuple of codes."""

    def convert(value: object) -> tuple[object, str]:
        codes, messages = [], []
        for item in split_list(cell_text(value)):
            code, message = normalise_code(item)
            if message:
                messages.append(message)
            elif code not in codes:
                codes.append(code)
        return tuple(codes), " ".join(messages)

    values, messages = _by_distinct(raw, convert)
    return values.map(lambda v: v or ()), messages


def to_choice(raw: pd.Series, allowed: tuple[str, ...], what: str) -> Converted:
    """A closed set of values, matched regardless of case and surrounding spaces.

    ``what`` names a valid value with its article, for the message: "et gyldig nivå".
    """
    by_key = {a.casefold(): a for a in allowed}
    choices = ", ".join(f"«{a}»" for a in allowed)

    def convert(value: object) -> tuple[object, str]:
        text = cell_text(value)
        if text is None:
            return None, ""
        canonical = by_key.get(text.casefold())
        if canonical is None:
            return None, f"«{text}» er ikke {what}. Bruk en av {choices}."
        return canonical, ""

    return _by_distinct(raw, convert)
