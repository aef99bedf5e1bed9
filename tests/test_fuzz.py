"""Whatever people or attackers send, the reader answers with data or with the project's data error.

Random cell values, random spellings of headers and random bytes never crash it.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from byr_data.errors import DataError
from byr_data.reading import load, read_workbook
from byr_data.validation import validate
from tests.workbooks import make_workbook, minimal_valid

TODAY = dt.date(2016, 2, 15)
FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])

cell_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-10**15, max_value=10**15),
    st.floats(allow_nan=True, allow_infinity=False, width=32),
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=12),  # what Excel can hold
    st.sampled_from(["Sum", "I alt", "..", "-", "kr 1 200 000,-", "70 %", "15.02.2016", "0402", " i rute ", "=1+1", "#N/A"]),
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2100, 1, 1)),
)


def _outcome_is_data_or_report(result) -> None:
    assert result.report is not None
    if result.dataset is None:
        assert result.report.errors, "no data must come with the errors that say why"
    for problem in result.report.problems:
        assert problem.message and isinstance(problem.message, str)
        assert problem.row is None or isinstance(problem.row, int)


@FUZZ
@given(sheet=st.sampled_from(list(minimal_valid())), rows=st.lists(st.lists(cell_values, min_size=1, max_size=8), max_size=6))
def test_random_cells_in_any_sheet_give_data_or_a_report(sheet: str, rows: list[list[object]]) -> None:
    sheets = minimal_valid()
    sheets[sheet] = [sheets[sheet][0], *rows]
    _outcome_is_data_or_report(load([("fuzz.xlsx", make_workbook(sheets))], today=TODAY))


def _respell(header: str, draw_case: list[bool], extra: str) -> str:
    letters = [c.upper() if upper else c.lower() for c, upper in zip(header, draw_case + [False] * len(header), strict=False)]
    return f"  {''.join(letters)}{extra} "


@FUZZ
@given(cases=st.lists(st.booleans(), max_size=20), extra=st.sampled_from(["", " (kr)", " %", ".", ":", " nr", "_", " [NOK]"]),
       sheet=st.sampled_from(list(minimal_valid())))
def test_random_header_spellings_give_data_or_a_report(cases: list[bool], extra: str, sheet: str) -> None:
    sheets = minimal_valid()
    sheets[sheet][0] = [_respell(str(h), cases, extra) for h in sheets[sheet][0]]
    _outcome_is_data_or_report(load([("fuzz.xlsx", make_workbook(sheets))], today=TODAY))


@FUZZ
@given(st.binary(max_size=2048))
def test_random_bytes_never_crash_the_reader(content: bytes) -> None:
    try:
        name, sheets = read_workbook("tilfeldig.xlsx", content)
    except DataError as error:
        assert error.report.errors
        return
    _, report = validate([(name, sheets)], TODAY)
    assert report is not None


@FUZZ
@given(prefix=st.sampled_from([b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\xef\xbb\xbf", b""]), rest=st.binary(max_size=1024))
def test_random_bytes_behind_a_file_signature_never_crash_the_reader(prefix: bytes, rest: bytes) -> None:
    _outcome_is_data_or_report(load([("tilfeldig.xlsx", prefix + rest)], today=TODAY))


def test_a_real_workbook_with_its_tail_cut_off_is_refused_cleanly() -> None:
    whole = make_workbook(minimal_valid())
    for cut in (10, len(whole) // 2, len(whole) - 10):
        result = load([("avkuttet.xlsx", whole[:cut])], today=TODAY)
        assert result.dataset is None and result.report.errors
