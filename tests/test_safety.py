"""Tests for byr_data.safety: the checks on a file's bytes before any parser sees them.

Whole dangerous files, with the exact problem each gives through ``load``, are in the corpus
(tests/corpus.py, tests/test_corpus.py); these tests take the checks one by one.
"""

from __future__ import annotations

import io
import random
import re
import string
import struct
import tomllib
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from byr_data import safety
from byr_data.errors import DataError
from byr_data.safety import FileKind, inspect
from tests import messages
from tests.corpus import (
    biff8,
    compound_file,
    corner_cell,
    encrypted_workbook,
    legacy_workbook,
    one_long_string,
    patched,
    relocated_sheet,
    rich_runs,
    shared_strings_workbook,
    sheet_body,
    sparse_text,
    string_cells,
    with_cells,
    with_prolog,
)
from tests.workbooks import make_workbook, minimal_valid, with_entry

ROOT = Path(__file__).resolve().parent.parent
SCALE = ROOT / "benchmarks" / "out" / "scale.xlsx"
SAMPLE = ROOT / "sample_data" / "byr_glamdalen.xlsx"


def refusal(name: str, data: bytes) -> tuple[str | None, str | None, int | None, str | None, str]:
    with pytest.raises(DataError) as raised:
        inspect(name, data)
    [problem] = raised.value.report.problems
    return problem.file, problem.sheet, problem.row, problem.column, problem.message


def message(data: bytes, name: str = "bok.xlsx") -> str:
    return refusal(name, data)[4]


def one_sheet(body: str, title: str = "Mål") -> bytes:
    """A workbook of one sheet whose ``<sheetData>`` is ``body``."""
    return sheet_body(make_workbook({title: [["x"]]}), body)


def extent(data: bytes) -> tuple[int, int]:
    """What safety measures for the first sheet of a workbook."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return safety._sheet_extent(archive, archive.getinfo("xl/worksheets/sheet1.xml"), "Mål")


def calamine_shape(data: bytes) -> tuple[int, int]:
    [grid] = pd.read_excel(io.BytesIO(data), sheet_name=None, header=None, engine="calamine").values()
    return grid.shape


# --- limits ---------------------------------------------------------------------------------------------


def test_max_file_bytes_is_the_upload_limit_of_streamlit() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))

    assert config["server"]["maxUploadSize"] * 1024 * 1024 == safety.MAX_FILE_BYTES
    assert config["server"]["maxUploadSize"] == 20


def test_requirements_pin_olefile_and_keep_defusedxml_direct() -> None:
    requirements = (ROOT / "requirements.txt").read_text(encoding="utf-8").split()

    assert any(re.fullmatch(r"olefile==[\d.]+", line) for line in requirements)
    assert any(re.fullmatch(r"defusedxml==[\d.]+", line) for line in requirements)


def test_openpyxl_parses_xml_with_defusedxml() -> None:
    import openpyxl

    assert openpyxl.DEFUSEDXML is True


def test_inspect_accepts_a_file_of_exactly_the_size_limit() -> None:
    data = (b"a;" * 31 + b"b\n") * (safety.MAX_FILE_BYTES // 64)  # 327 680 lines, under the line limit
    assert len(data) == safety.MAX_FILE_BYTES

    assert inspect("stor.csv", data) is FileKind.TEXT
    assert message(data + b"\n") == messages.TOO_BIG


@pytest.mark.parametrize("block", [3, 1 << 22])
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (b"a", (1, 1, 1)),
        (b"a\r\nbb\r\n", (2, 2, 2)),
        (b"ab\r\nccc\rdddd\n", (3, 3, 4)),  # a lone carriage return ends a line too
        (b"ab\r\r\nc", (3, 1, 2)),
        (b"\n\n", (2, 1, 0)),
        (b"xy\r\n\r\nabc", (3, 3, 3)),  # the last line has no end
    ],
)
def test_line_lengths_split_lines_as_the_csv_readers_do(text: bytes, expected: tuple[int, int, int], block: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(safety, "_TEXT_BLOCK", block)

    assert safety.line_lengths(text) == expected
    assert safety.line_count(text) == expected[0]


def test_a_text_over_the_line_limits_is_refused_by_inspect() -> None:
    assert message(b"a;b\n" * safety.MAX_ROWS + b"c", "linjer.csv") == safety.too_many_lines(safety.MAX_ROWS + 1)
    assert inspect("linjer.csv", b"a;b\n" * safety.MAX_ROWS) is FileKind.TEXT
    assert message(b"x\n" + b"y" * (safety.MAX_LINE_BYTES + 1) + b"\r\n", "lang.csv") == safety.line_too_long(2, safety.MAX_LINE_BYTES + 1)
    assert inspect("lang.csv", b"x\n" + b"y" * safety.MAX_LINE_BYTES + b"\r\n") is FileKind.TEXT


# --- file kinds -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        ("Kommunenummer;År;Sysselsatte\n3401;2016;8336\n".encode(), FileKind.TEXT),
        ("Region;Næring\r\n3401 Kongsvinger;Industri\r\n".encode("latin-1"), FileKind.TEXT),
        ("\ufeffRegion\tÅr\n".encode("utf-16"), FileKind.TEXT),  # Excel's "Unicode text"
        (make_workbook({"Mål": [["ID"]]}), FileKind.XLSX),
        (legacy_workbook({"Mål": [["ID"]]}), FileKind.XLS),
    ],
)
def test_inspect_tells_the_kind_of_file(data: bytes, kind: FileKind) -> None:
    assert inspect("fil", data) is kind


@pytest.mark.parametrize(
    "head",
    [b"\x00\x01\x02", b"abc\x00def", b"%PDF-1.4\n", b"\x89PNG\r\n\x1a\n", b"\x1f\x8b\x08\x00", b"GIF89a", b"Rar!\x1a\x07"],
)
def test_inspect_refuses_binary_files_that_are_not_workbooks(head: bytes) -> None:
    assert refusal("x.xlsx", head + b"rest") == ("x.xlsx", None, None, None, messages.NOT_A_SPREADSHEET)


# --- zip directory -----------------------------------------------------------------------------------------


def test_the_ratio_limit_skips_small_entries_that_compress_well() -> None:
    small = with_entry(make_workbook({"Mål": [["ID"]]}), "customXml/item1.xml", bytes(safety.RATIO_MIN_BYTES - 1))
    large = with_entry(make_workbook({"Mål": [["ID"]]}), "customXml/item1.xml", bytes(safety.RATIO_MIN_BYTES))

    assert inspect("liten.xlsx", small) is FileKind.XLSX
    assert message(large) == messages.BOMB


def test_entry_count_limit_is_inclusive() -> None:
    base = make_workbook({"Mål": [["ID"]]})
    with zipfile.ZipFile(io.BytesIO(base)) as archive:
        present = len(archive.infolist())
    buffer = io.BytesIO(base)
    with zipfile.ZipFile(buffer, "a") as archive:
        for i in range(safety.MAX_ENTRIES - present):
            archive.writestr(f"customXml/item{i}.xml", b"<a/>")
    at_limit = buffer.getvalue()
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("customXml/one_more.xml", b"<a/>")

    assert inspect("tusen.xlsx", at_limit) is FileKind.XLSX
    assert message(buffer.getvalue()) == messages.BOMB


@pytest.mark.parametrize("name", ["bok.xlsm", "BOK.XLSM", "mal.xltm", "tillegg.xlam"])
def test_macro_enabled_names_are_refused(name: str) -> None:
    assert message(make_workbook({"Mål": [["ID"]]}), name) == messages.MACROS


# --- prologs (DOCTYPE and ENTITY) ---------------------------------------------------------------------------


def test_a_doctype_word_in_a_cell_is_not_a_declaration() -> None:
    data = make_workbook({"Mål": [["ID", "Navn"], ["1", "<!DOCTYPE html> og <!ENTITY x>"]]})

    assert inspect("bok.xlsx", data) is FileKind.XLSX


def test_a_long_prolog_without_declarations_passes() -> None:
    data = with_prolog(make_workbook({"Mål": [["ID"]]}), "xl/styles.xml", '<?xml version="1.0"?><!--' + letters(200_000) + "--><?pi " + letters(70_000) + "?>")

    assert inspect("bok.xlsx", data) is FileKind.XLSX


def letters(count: int) -> str:
    """Text that compresses about as well as text does (not 1000:1, which the zip checks refuse)."""
    return "".join(random.Random(count).choices(string.ascii_letters + " ", k=count))


LONG_COMMENT = "<!--" + letters(40_000) + "-->"  # longer than the 4 KB read first, and than 64 KB in UTF-16


@pytest.mark.parametrize(
    ("prolog", "encoding"),
    [
        ('\ufeff<?xml version="1.0" encoding="UTF-8"?>' + LONG_COMMENT + '<!DOCTYPE a [<!ENTITY b "c">]>', "utf-8"),
        ('\ufeff<?xml version="1.0" encoding="UTF-16"?>' + LONG_COMMENT + "<!DOCTYPE a>", "utf-16-le"),
        ('\ufeff<?xml version="1.0" encoding="UTF-16"?>' + LONG_COMMENT + "<!DOCTYPE a>", "utf-16-be"),
        ('\ufeff<?xml version="1.0" encoding="UTF-32"?>' + LONG_COMMENT + "<!DOCTYPE a>", "utf-32-le"),
        ('<?xml version="1.0" encoding="UTF-16"?>' + LONG_COMMENT + "<!DOCTYPE a>", "utf-16-le"),  # no byte order mark
        ('<?xml version="1.0" encoding="UTF-8"?>' + "<!--" + letters(300_000) + "-->" + "<?a?>" * 3 + "\n <!ENTITY x 'y'>", "utf-8"),
        ('<?xml version="1.0" encoding="utf-7"?>+ADw-!DOCTYPE a+AD4-', "ascii"),  # seen only in the declared encoding
    ],
    ids=["utf8-bom", "utf16-le-bom", "utf16-be-bom", "utf32-bom", "utf16-without-bom", "300k-comment", "utf7"],
)
def test_a_doctype_after_a_long_prolog_in_any_encoding_is_refused(prolog: str, encoding: str) -> None:
    data = with_prolog(make_workbook({"Mål": [["ID"]]}), "docProps/app.xml", prolog, encoding)

    assert refusal("bok.xlsx", data) == ("bok.xlsx", None, None, None, messages.DOCTYPE)


def test_a_part_in_an_encoding_python_does_not_know_is_refused_as_damaged() -> None:
    data = with_prolog(make_workbook({"Mål": [["ID"]]}), "docProps/app.xml", '<?xml version="1.0" encoding="x-ukjent"?>')

    assert message(data) == messages.DAMAGED


def test_a_binary_part_is_not_read_as_xml() -> None:
    data = with_entry(make_workbook({"Mål": [["ID"]]}), "xl/media/image1.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)

    assert inspect("bilde.xlsx", data) is FileKind.XLSX


# --- the extent of a sheet --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        '<sheetData><row r="1"><c r="A1"><v>1</v></c><c r="C1"><v>2</v></c></row><row r="4"><c r="B4"><v>3</v></c></row></sheetData>',
        "<sheetData><row><c><v>1</v></c><c><v>2</v></c></row><row><c><v>3</v></c></row></sheetData>",
        '<sheetData><row r="5"><c><v>1</v></c><c><v>2</v></c></row><row><c><v>3</v></c></row></sheetData>',
        '<sheetData><row r="3"><c r="C3"><v>1</v></c><c><v>2</v></c></row></sheetData>',
        '<sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="6"/><row><c><v>2</v></c></row></sheetData>',
        '<sheetData><row r="3"><c r="C3"><v>1</v></c></row><row r="2"><c r="A2"><v>2</v></c></row></sheetData>',
        "<sheetData><row spans=\"1:2\" r='2'><c s=\"0\" r='B2'><v>1</v></c></row></sheetData>",
        '<x:sheetData xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:row r="2"><x:c r="D2"><x:v>1</x:v></x:c></x:row></x:sheetData>',
    ],
)
def test_sheet_extent_is_the_grid_calamine_builds(body: str) -> None:
    data = one_sheet(body)

    assert extent(data) == calamine_shape(data)


@pytest.mark.parametrize("chunk", [7, 64, 1000])
def test_sheet_extent_does_not_depend_on_where_chunks_are_cut(chunk: int, monkeypatch: pytest.MonkeyPatch) -> None:
    plain = make_workbook({"Mål": [[f"{r}-{c}" for c in range(7)] for r in range(40)]})
    walked = one_sheet('<sheetData><row r="5"><c x="a>b"><v>1</v></c><c><v>2</v></c></row><row><c r="Q9"><v>3</v></c></row></sheetData>')
    expected = (extent(plain), extent(walked))

    monkeypatch.setattr(safety, "CHUNK_BYTES", chunk)

    assert (extent(plain), extent(walked)) == expected == ((40, 7), (9, 17))


def test_sheet_extent_counts_empty_cells_too() -> None:
    # calamine drops a cell with no value; counting it only makes the bound larger.
    assert extent(one_sheet('<sheetData><row r="1"><c r="A1"><v>1</v></c><c r="F9" s="1"/></row></sheetData>')) == (9, 6)


def test_walking_refuses_a_tag_it_cannot_read() -> None:
    data = one_sheet('<sheetData><row r="1"><c x="<"><v>1</v></c></row></sheetData>')  # no r: walked

    assert message(data) == messages.DAMAGED


def test_walking_refuses_two_positions_in_one_cell() -> None:
    data = one_sheet('<sheetData><row r="1"><c t="n" r="A1" r="XFD1"><v>1</v></c></row></sheetData>')

    assert message(data) == messages.DAMAGED


def test_walking_stops_at_its_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(safety, "MAX_WALKED_TAGS", 10)
    data = one_sheet("<sheetData>" + "<row><c><v>1</v></c></row>" * 6 + "</sheetData>")

    assert refusal("bok.xlsx", data) == ("bok.xlsx", "Mål", None, None, safety.walked_too_far("Mål"))


# --- sheets wherever they live ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("location", "target", "calamine_reads"),
    [
        ("xl/worksheets/sheet1.xml", "worksheets/sheet1.xml", True),
        ("xl/sheets/sheet1.xml", "sheets/sheet1.xml", True),
        ("xl/sheets/sheet1.xml", "/xl/sheets/sheet1.xml", True),
        ("sheet1.xml", "/sheet1.xml", True),  # the zip's root
        ("xl/sheet1.xml", "sheet1.xml", True),
        ("xl/Sheets/Sheet1.XML", "sheets/sheet1.xml", True),  # calamine ignores case
        ("xl/sheets/sheet1.xml", "/XL/SHEETS/SHEET1.XML", True),
        ("xl\\sheets\\sheet1.xml", "sheets/sheet1.xml", True),  # calamine reads backslashes as slashes
        ("xl/chartsheets/sheet1.xml", "chartsheets/sheet1.xml", True),
        ("sheet1.xml", "../sheet1.xml", False),  # openpyxl resolves "..", calamine does not
        ("xl/sheets/sheet1.xml", "./x/../sheets/sheet1.xml", False),
        ("docProps/sheet1.xml", "../docProps/sheet1.xml", False),
    ],
)
def test_a_sheet_is_measured_wherever_its_part_lives(location: str, target: str, calamine_reads: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    data = relocated_sheet(with_cells(make_workbook({"Mål": [["ID"]]}), '<row r="100"><c r="Z100"><v>1</v></c></row>'), location, target)
    if calamine_reads:
        assert calamine_shape(data) == (100, 26)  # a small grid, so calamine shows where it reads without risk

    monkeypatch.setattr(safety, "MAX_ROWS", 99)

    assert refusal("bok.xlsx", data) == ("bok.xlsx", "Mål", None, None, safety.sheet_too_big("Mål", 100, 26))


@pytest.mark.parametrize(("location", "target"), [("xl/sheets/sheet1.xml", "sheets/sheet1.xml"), ("sheet1.xml", "/sheet1.xml")])
def test_the_corner_cell_outside_xl_worksheets_is_refused_before_calamine_sees_it(location: str, target: str) -> None:
    # 4.8 KB; before, safety passed it and calamine asked for 512 GiB and aborted the process.
    data = relocated_sheet(corner_cell(), location, target)

    assert len(data) < 5_000
    assert refusal("hjørne.xlsx", data) == ("hjørne.xlsx", "Mål", None, None, safety.sheet_too_big("Mål", 1_048_576, 16_384))


def _retyped(data: bytes, kind: str) -> bytes:
    worksheet = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
    return patched(data, "xl/_rels/workbook.xml.rels", lambda rels: rels.replace(worksheet, kind.encode()))


@pytest.mark.parametrize(
    "kind",
    [
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/dialogsheet",
        "http://purl.oclc.org/ooxml/officeDocument/relationships/worksheet",  # strict OOXML
        "http://example.com/anything",  # openpyxl reads what a <sheet> points to, whatever its type
    ],
)
def test_a_sheet_is_measured_whatever_its_relationship_type(kind: str) -> None:
    data = _retyped(relocated_sheet(corner_cell(), "xl/sheets/sheet1.xml", "sheets/sheet1.xml"), kind)

    assert message(data) == safety.sheet_too_big("Mål", 1_048_576, 16_384)


def test_a_macro_sheet_elsewhere_is_refused_by_its_relationship_type() -> None:
    data = _retyped(relocated_sheet(make_workbook({"Mål": [["ID"]]}), "xl/sheets/sheet1.xml", "sheets/sheet1.xml"),
                    "http://schemas.microsoft.com/office/2006/relationships/xlMacrosheet")

    assert message(data) == messages.MACROS


def test_a_part_declared_a_worksheet_only_by_its_content_type_is_measured() -> None:
    # No relationship names it; a reader that goes by [Content_Types].xml would still find it.
    corner = '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>'
    data = with_entry(make_workbook({"Mål": [["ID"]]}), "extra/ark.xml", corner.encode())
    data = patched(data, "[Content_Types].xml", lambda types: types.replace(
        b"</Types>", b'<Override PartName="/extra/ark.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'))

    assert message(data) == safety.sheet_too_big("extra/ark.xml", 1_048_576, 16_384)


def test_a_sheet_whose_part_is_missing_is_refused_as_damaged() -> None:
    data = relocated_sheet(make_workbook({"Mål": [["ID"]]}), "xl/sheets/sheet1.xml", "sheets/finnes_ikke.xml")

    assert refusal("bok.xlsx", data) == ("bok.xlsx", None, None, None, messages.DAMAGED)


def test_a_part_two_sheets_share_counts_twice() -> None:
    # calamine lays the part out once per sheet: 2 × 2 million cells.
    data = make_workbook({"A": [["x"]], "B": [["x"]]})
    data = with_cells(data, '<row r="200000"><c r="J200000"><v>1</v></c></row>')
    data = patched(data, "xl/_rels/workbook.xml.rels", lambda rels: rels.replace(b"worksheets/sheet2.xml", b"worksheets/sheet1.xml"))

    assert message(data) == safety.too_many_cells(4_000_000)


@pytest.mark.parametrize(
    ("cell", "refused"),
    [("A500000", False), ("A500001", True), ("SF1", False), ("SG1", True), ("F500000", False), ("G500000", True)],
)
def test_the_limits_on_rows_columns_and_cells_are_inclusive(cell: str, refused: bool) -> None:
    row = re.sub(r"[A-Z]", "", cell)
    data = with_cells(make_workbook({"Mål": [["ID"]]}), f'<row r="{row}"><c r="{cell}"><v>1</v></c></row>')

    if refused:
        with pytest.raises(DataError):
            inspect("bok.xlsx", data)
    else:
        assert inspect("bok.xlsx", data) is FileKind.XLSX


def test_a_sheet_too_large_names_the_sheet_by_its_title() -> None:
    data = make_workbook({"Mål": [["ID"]], "Sysselsetting": [["Kommunenummer"]]})
    data = with_cells(data, '<row r="600000"><c r="A600000"><v>1</v></c></row>', part="xl/worksheets/sheet2.xml")

    assert refusal("bok.xlsx", data) == ("bok.xlsx", "Sysselsetting", None, None, safety.sheet_too_big("Sysselsetting", 600_000, 1))


CORNER = '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'


def test_a_grid_past_the_cell_limit_is_refused_without_reading_the_rest_of_the_sheet() -> None:
    # G450000 makes 450 000 × 7 = 3 150 000 cells in the first chunk; the corner cell over 1 MB
    # further on would make the sheet too large (1 048 576 rows), but it is never read.
    filler = "".join(f'<row r="{r}"><c r="A{r}"><v>1</v></c></row>' for r in range(1, 40_000))
    data = with_cells(make_workbook({"Mål": [["ID"]]}), '<row r="450000"><c r="G450000"><v>1</v></c></row>' + filler + CORNER)

    assert len(filler) > safety.CHUNK_BYTES
    assert refusal("bok.xlsx", data) == ("bok.xlsx", None, None, None, safety.too_many_cells(None))
    assert "mer enn 3 000 000 celler" in safety.too_many_cells(None)


def test_the_cell_limit_counts_earlier_sheets_while_a_sheet_is_read() -> None:
    # 2 million cells in the first sheet; the second passes 3 million in its first chunk.
    data = make_workbook({"A": [["x"]], "B": [["x"]]})
    data = with_cells(data, '<row r="200000"><c r="J200000"><v>1</v></c></row>')
    filler = "".join(f'<row r="{r}"><c r="A{r}"><v>1</v></c></row>' for r in range(1, 40_000))
    data = with_cells(data, '<row r="100001"><c r="J100001"><v>1</v></c></row>' + filler + CORNER, part="xl/worksheets/sheet2.xml")

    assert message(data) == safety.too_many_cells(None)


def test_the_cell_limit_counts_all_sheets_together() -> None:
    data = make_workbook({"A": [["x"]], "B": [["x"]]})
    for part in ("xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"):
        data = with_cells(data, '<row r="200000"><c r="J200000"><v>1</v></c></row>', part=part)  # 2 million each

    assert message(data) == safety.too_many_cells(4_000_000)


@pytest.mark.parametrize(("letters", "number"), [("A", 1), ("Z", 26), ("AA", 27), ("SF", 500), ("SG", 501), ("XFD", 16_384), (b"xfd", 16_384)])
def test_column_number(letters: str | bytes, number: int) -> None:
    assert safety._column_number(letters) == number


def test_check_shape_names_the_sheet() -> None:
    with pytest.raises(DataError) as raised:
        safety.check_shape("bok.xlsx", "Mål", safety.MAX_ROWS + 1, 3)

    [problem] = raised.value.report.problems
    assert (problem.file, problem.sheet, problem.message) == ("bok.xlsx", "Mål", safety.sheet_too_big("Mål", safety.MAX_ROWS + 1, 3))


# --- text longer than a cell may hold ----------------------------------------------------------------------


def text(size: int) -> str:
    return b"".join(sparse_text(size)).decode("ascii")


def inline(cell: str, content: str, kind: str = "inlineStr") -> str:
    return f'<row r="{cell[1:]}"><c r="{cell}" t="{kind}"><is><t>{content}</t></is></c></row>' if kind == "inlineStr" else \
        f'<row r="{cell[1:]}"><c r="{cell}" t="{kind}"><f>A1</f><v>{content}</v></c></row>'


@pytest.mark.parametrize(
    ("cells", "refused_at"),
    [
        (inline("B2", text(safety.MAX_CELL_CHARS)), None),
        (inline("B2", text(safety.MAX_CELL_CHARS + 1)), "B2"),
        (inline("B2", "&amp;" * safety.MAX_CELL_CHARS), None),  # 163 835 bytes, 32 767 characters
        (inline("B2", "&amp;" * (safety.MAX_CELL_CHARS + 1)), "B2"),
        (inline("B2", "æ" * safety.MAX_CELL_CHARS), None),  # two bytes each in UTF-8
        (inline("C9", text(safety.MAX_CELL_CHARS + 1), kind="str"), "C9"),  # a formula's text result
        ('<row r="3"><c r="C3" t="inlineStr"><is>' + rich_runs(400, 100) + "</is></c></row>", "C3"),
        ('<row r="3"><c r="C3" t="inlineStr"><is>' + rich_runs(300, 100) + "</is></c></row>", None),
        (inline("D4", text(3_000_000)), "D4"),  # one text longer than a chunk
    ],
    ids=["32767", "32768", "entities-32767", "entities-32768", "two-byte-32767", "formula-text", "rich-40000", "rich-30000", "3-million"],
)
def test_a_cell_longer_than_excel_allows_is_refused(cells: str, refused_at: str | None) -> None:
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(10, 400))  # ordinary cells around it
    data = with_cells(make_workbook({"Mål": [["ID"]]}), cells + rows)

    if refused_at is None:
        assert inspect("bok.xlsx", data) is FileKind.XLSX
    else:
        assert refusal("bok.xlsx", data) == ("bok.xlsx", "Mål", None, None, safety.cell_too_long("Mål", refused_at))


@pytest.mark.parametrize(("chunk", "block"), [(100, 16), (5_000, 64), (40_000, 8192), (1 << 20, 8192)])
def test_a_long_cell_is_found_wherever_chunks_and_blocks_are_cut(chunk: int, block: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(safety, "CHUNK_BYTES", chunk)
    monkeypatch.setattr(safety._ItemText, "BLOCK", block)
    before = "".join(f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>{text(20 + r % 7)}</t></is></c></row>' for r in range(1, 300))
    after = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(302, 600))
    fits = with_cells(make_workbook({"Mål": [["ID"]]}), before + inline("B300", text(safety.MAX_CELL_CHARS)) + after)
    too_long = with_cells(make_workbook({"Mål": [["ID"]]}), before + inline("B300", text(safety.MAX_CELL_CHARS + 1)) + after)

    assert inspect("bok.xlsx", fits) is FileKind.XLSX
    assert message(too_long) == safety.cell_too_long("Mål", "B300")


def test_a_long_cell_in_a_sheet_with_prefixes_is_refused_too() -> None:
    body = f'<x:sheetData xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:row r="1"><x:c r="E1" t="inlineStr"><x:is><x:t>{text(40_000)}</x:t></x:is></x:c></x:row></x:sheetData>'

    assert message(one_sheet(body)) == safety.cell_too_long("Mål", "E1")


@pytest.mark.parametrize(
    ("items", "refused"),
    [
        ([b"<si><t>kort</t></si>", b"<si><t>" + text(safety.MAX_CELL_CHARS).encode() + b"</t></si>"], None),
        ([b"<si><t>kort</t></si>", b"<si><t>" + text(safety.MAX_CELL_CHARS + 1).encode() + b"</t></si>"], messages.SHARED_STRING_TOO_LONG),
        ([b"<si>" + rich_runs(400, 100).encode() + b"</si>"], messages.SHARED_STRING_TOO_LONG),  # rich text: runs add up
        ([b"<si><t>a</t><rPh><t>" + text(40_000).encode() + b"</t></rPh></si>"], messages.SHARED_STRING_TOO_LONG),  # phonetic runs count too
        (one_long_string(3_000_000), messages.SHARED_STRING_TOO_LONG),  # longer than a chunk
    ],
    ids=["32767", "32768", "rich", "phonetic", "3-million"],
)
def test_a_shared_string_longer_than_excel_allows_is_refused(items: list[bytes], refused: str | None) -> None:
    data = shared_strings_workbook(items, string_cells(1))

    if refused is None:
        assert inspect("bok.xlsx", data) is FileKind.XLSX
    else:
        assert refusal("bok.xlsx", data) == ("bok.xlsx", None, None, None, refused)


def test_shared_strings_are_found_by_their_relationship_wherever_they_live() -> None:
    data = shared_strings_workbook(one_long_string(40_000), string_cells(1))
    data = relocated_sheet(data, "xl/tekster/t.xml", "tekster/t.xml", part="xl/sharedStrings.xml")

    assert message(data) == messages.SHARED_STRING_TOO_LONG


def test_the_shared_string_count_and_size_are_limited(monkeypatch: pytest.MonkeyPatch) -> None:
    data = shared_strings_workbook([b"<si><t>a</t></si>", b"<si><t>b</t></si>", b"<si><t>c</t></si>"], string_cells(3))
    monkeypatch.setattr(safety, "MAX_SHARED_STRINGS", 2)

    assert message(data) == safety.too_many_strings(3)

    monkeypatch.setattr(safety, "MAX_SHARED_STRINGS", 3)
    assert inspect("bok.xlsx", data) is FileKind.XLSX
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        size = archive.getinfo("xl/sharedStrings.xml").file_size
    monkeypatch.setattr(safety, "MAX_SHARED_STRINGS_BYTES", size - 1)
    assert message(data) == messages.STRINGS_TOO_BIG


@pytest.mark.parametrize(("cells", "refused"), [(3_332, False), (3_334, True)])
def test_a_long_shared_string_in_many_cells_is_refused(cells: int, refused: bool) -> None:
    # calamine copies the string into every cell: 30 000 letters and at most 6 bytes of
    # markup after it (</sst>) count 30 006 each; 3 332 × 30 006 = 99 979 992 bytes fit under
    # 100 000 000, 3 334 × 30 006 = 100 040 004 do not.
    data = shared_strings_workbook(one_long_string(30_000), string_cells(cells))

    if refused:
        assert refusal("bok.xlsx", data) == ("bok.xlsx", "Mål", None, None, safety.string_cells_too_big("Mål"))
    else:
        assert inspect("bok.xlsx", data) is FileKind.XLSX


def test_string_cells_without_a_readable_index_count_as_the_longest_string() -> None:
    cells = "".join(f'<row r="{r}"><c r="A{r}" t="s"><f>x</f><v>0</v></c></row>' for r in range(1, 3_400))

    assert message(shared_strings_workbook(one_long_string(30_000), cells)) == safety.string_cells_too_big("Mål")


# --- OLE files ---------------------------------------------------------------------------------------


def test_an_encrypted_workbook_is_refused_with_the_password_message() -> None:
    assert refusal("hemmelig.xlsx", encrypted_workbook()) == ("hemmelig.xlsx", None, None, None, "Filen er passordbeskyttet. Lagre den uten passord og last opp på nytt.")


def test_a_legacy_workbook_named_book_is_read_as_xls() -> None:
    # Excel 5/95 named the stream "Book"; calamine reads both names.
    assert inspect("gammel.xls", compound_file({"Book": biff8({"Mål": [["ID"]]})})) is FileKind.XLS


def test_a_legacy_workbook_with_a_vba_project_is_refused() -> None:
    data = compound_file({"Workbook": biff8({"Mål": [["ID"]]}), "_VBA_PROJECT_CUR": bytes(100)})

    assert message(data, "makro.xls") == messages.MACROS


def _run_record(kind: int, row: int, first: int, last: int) -> bytes:
    data = struct.pack("<HH", row, first) + bytes(6 * (last - first + 1)) + struct.pack("<H", last)
    return struct.pack("<HH", kind, len(data)) + data


def test_a_legacy_cell_run_counts_up_to_its_last_column() -> None:
    stream = biff8({"Mål": [["ID"]]})
    end = stream.rindex(struct.pack("<HH", 0x000A, 0))  # the sheet's EOF record
    stream = stream[:end] + _run_record(0x00BD, 65_535, 0, 255) + stream[end:]

    with pytest.raises(safety._Refused) as raised:
        safety._check_biff(stream)
    assert raised.value.message == safety.too_many_cells(65_536 * 256)


def test_a_damaged_legacy_workbook_that_passes_the_checks_still_gives_a_data_error() -> None:
    # A workbook stream of garbage: no records the checks act on, and calamine may panic on it.
    data = compound_file({"Workbook": struct.pack("<HH", 0x0809, 16) + bytes(16) + struct.pack("<HH", 0x0085, 0)})
    from byr_data.reading import read_workbook

    with pytest.raises(DataError):
        read_workbook("skadet.xls", data)


# --- ordinary files stay quick ---------------------------------------------------------------------------


def test_the_sample_and_the_minimal_workbook_pass() -> None:
    assert inspect(SAMPLE.name, SAMPLE.read_bytes()) is FileKind.XLSX
    assert inspect("data.xlsx", make_workbook(minimal_valid())) is FileKind.XLSX


@pytest.mark.skipif(not SCALE.exists(), reason="benchmarks/out/scale.xlsx is made by `python -m benchmarks.make_scale`")
def test_the_scale_workbook_passes_and_compresses_under_the_ratio_limit() -> None:
    # How long the check takes at scale is measured by `make bench` (reading the scale workbook).
    data = SCALE.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        worst = max(e.file_size / max(e.compress_size, 1) for e in archive.infolist())

    assert inspect(SCALE.name, data) is FileKind.XLSX
    assert worst < safety.MAX_ENTRY_RATIO / 4  # about 14:1 for its 34 MB sheet
