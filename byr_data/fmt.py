"""Norwegian formatting of numbers and dates for everything a user reads."""

from __future__ import annotations

import datetime as dt
import math
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
