"""Norwegian formatting of numbers and dates for everything a user reads."""

from __future__ import annotations

import calendar
import datetime as dt
import enum
import math
import re
from zoneinfo import ZoneInfo

import pandas as pd

MINUS = "−"  # the typographic minus, as Norwegian print uses


def number(value: float | int | None, decimals: int = 0, signed: bool = False) -> str:
    """1234567.5 -> "1 234 568"; with decimals a comma: "1 234,50"; signed adds "+"."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return "–"
    text = f"{abs(value):,.{decimals}f}".replace(",", " ").replace(".", ",")
    if value < 0 and float(text.replace(" ", "").replace(",", ".")) != 0:
        return MINUS + text
    return ("+" + text) if signed and value > 0 else text


def kroner(value: float | int | None, signed: bool = False) -> str:
    """2250000 -> "2 250 000 kr"."""
    text = number(value, signed=signed)
    return text if text == "–" else f"{text} kr"


def percent(value: float | None, decimals: int = 1, signed: bool = False) -> str:
    """0.0021 -> "0,2 %" (value is a share, not per cent)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{number(value * 100, decimals, signed)} %"


def date(value: dt.date | pd.Timestamp | None) -> str:
    """15.02.2016."""
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return value.strftime("%d.%m.%Y")


MONTHS = ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "desember")
DATE_FORMAT = "DD.MM.ÅÅÅÅ"
_TYPED_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def parse_date(text: str) -> dt.date:
    """A date typed as DD.MM.ÅÅÅÅ («15.02.2016», also «15.2.2016»; spaces ignored).

    Raises ValueError with a Norwegian message that says what is wrong and how to write the date.
    Hand-written rather than ``strptime`` or dateutil: ``strptime``'s errors are English and do not say
    which part is wrong, and dateutil guesses (it reads «2016-02-15» and «02.15.2016» alike), where a
    report date must be what the user meant or refused with a reason.
    """
    typed = "".join(text.split())
    shown = text.strip() if len(text.strip()) <= 20 else text.strip()[:20] + "…"
    how = "Skriv datoen som DD.MM.ÅÅÅÅ, for eksempel {example}."
    if not typed:
        raise ValueError("Datoen mangler. " + how.format(example="15.02.2016"))
    match = _TYPED_DATE.fullmatch(typed)
    if match is None:
        example = "15.02.2016"
        iso = _ISO_DATE.fullmatch(typed)
        if iso and no_such_date(*(int(part) for part in iso.groups())) is None:
            example = iso.expand(r"\3.\2.\1")  # the same day, written the Norwegian way
        raise ValueError(f"«{shown}» er ikke en dato på formen {DATE_FORMAT}. " + how.format(example=example))
    day, month, year = (int(part) for part in match.groups())
    reason = no_such_date(year, month, day)
    if reason:
        raise ValueError(f"{typed} finnes ikke: {reason}. " + how.format(example="15.02.2016"))
    return dt.date(year, month, day)


def no_such_date(year: int, month: int, day: int) -> str | None:
    """Why a day does not exist («februar 2016 har 29 dager»), or None when it does."""
    if year < 1:
        return "år 0 finnes ikke"
    if not 1 <= month <= 12:
        return "et år har 12 måneder"
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        return f"{MONTHS[month - 1]} {year} har {days} dager"
    return None


OSLO = ZoneInfo("Europe/Oslo")


def timestamp(moment: dt.datetime) -> str:
    """A moment in Norwegian time: "15.02.2016 kl. 14.30" (stored moments are UTC)."""
    local = moment.astimezone(OSLO)
    return f"{local:%d.%m.%Y} kl. {local:%H.%M}"


def count_noun(n: int, singular: str, plural: str) -> str:
    """'1 aktivitet', '3 aktiviteter'."""
    return f"{number(n)} {singular if n == 1 else plural}"


def millions(value: float | None) -> str:
    """3880000 -> "3,88 mill." (short labels on charts; tables give the exact kroner)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if abs(value) < 100_000:
        return kroner(value)
    return f"{number(value / 1_000_000, 2)} mill."


class Style(enum.Enum):
    """How a column of numbers (or dates) in a display table is written: as Norwegian text on the screen
    (:func:`styled`), and in an Excel download as the number itself with this number format.

    In an Excel number format «,» is the thousands separator and «.» the decimal mark *of the reader's
    locale*: a Norwegian Excel shows ``#,##0`` as «1 234 567» and ``0.0 %`` as «4,1 %». A literal space
    in the format (``# ##0``) would instead be fixed text at that position («1234 567»). The minus is
    the typographic one the screen uses; «%» multiplies by 100, so a share 0.041 shows as «4,1 %».
    """

    NUMBER = "#,##0"
    SIGNED = '+#,##0;"−"#,##0;0'
    KRONER = '#,##0" kr"'
    SIGNED_KRONER = '+#,##0" kr";"−"#,##0" kr";0" kr"'
    PERCENT = "0.0 %"
    SIGNED_PERCENT = '+0.0 %;"−"0.0 %;0.0 %'
    SHARE = "0 %"  # progress 0–1: a progress bar on the screen, a whole per cent in Excel
    YEAR = "0"
    DATE = "DD.MM.YYYY"


def styled(value: object, style: Style) -> object:
    """A value as the screen shows it in a column of this style: text, blank when missing (a share stays a number for the progress bar)."""
    if style is Style.SHARE:
        return None if value is None or pd.isna(value) else float(value)  # type: ignore[arg-type]
    if value is None or value is pd.NaT or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if style is Style.DATE:
        return date(value)
    if style is Style.YEAR:
        return str(int(value))  # type: ignore[call-overload]
    number_value = float(value)  # type: ignore[arg-type]
    match style:
        case Style.NUMBER:
            return number(number_value)
        case Style.SIGNED:
            return number(number_value, signed=True)
        case Style.KRONER:
            return kroner(number_value)
        case Style.SIGNED_KRONER:
            return kroner(number_value, signed=True)
        case Style.PERCENT:
            return percent(number_value, 1)
        case _:
            return percent(number_value, 1, signed=True)
