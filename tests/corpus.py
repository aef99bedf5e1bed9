"""A corpus of bad and awkward input files, built by script (no binary files are kept).

Each :class:`Case` names one upload of one or more files and every problem the project must
report for it, exactly. Cases marked ``dangerous`` must be refused before any parser sees
them (tests/test_corpus.py checks that, and the benchmark times them in a subprocess).

Builders here write what the project's tests need and no library writes: an OLE compound
file (CFB version 3, the container of legacy .xls and of encrypted workbooks), a minimal BIFF8
workbook stream, and zip archives with damaged, forged or hostile entries.

Run ``python tests/corpus.py OUTDIR`` to write every case's files to ``OUTDIR/<case>/`` with
a ``manifest.json`` listing the cases, their files and expected problems.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import json
import random
import struct
import sys
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

if __package__ in (None, ""):  # run as a script: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from byr_data import safety
from byr_data.errors import Severity
from tests import messages
from tests.workbooks import make_workbook, make_zip, minimal_valid, text_cells, with_entry

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO
TODAY = dt.date(2016, 2, 15)

Files = list[tuple[str, bytes]]
#: (severity, file, sheet, row, column, message)
Expected = tuple[Severity, str | None, str | None, int | None, str | None, str]


@dataclass(frozen=True)
class Case:
    """One upload (one or more files) and every problem it must give, in order.

    The files are built when first asked for (some take a second or hold megabytes).
    """

    name: str
    build: Callable[[], Files]
    expected: list[Expected]
    dangerous: bool = False  # refused before any parser sees it

    @functools.cached_property
    def files(self) -> Files:
        return self.build()


def refused(name: str, filename: str, message: str, build: Callable[[], bytes], sheet: str | None = None) -> Case:
    """A case of one dangerous or broken file, refused with one problem."""
    return Case(name, lambda: [(filename, build())], [(E, filename, sheet, None, None, message)], dangerous=True)


# --- OLE compound files (CFB version 3) -----------------------------------------------------------

_SECTOR, _MINI_SECTOR, _MINI_CUTOFF = 512, 64, 4096
_FREE, _END_OF_CHAIN, _FAT_SECTOR, _NO_STREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def _sectors(size: int, sector: int = _SECTOR) -> int:
    return -(-size // sector)


def _directory_entry(name: str, kind: int, left: int, right: int, child: int, start: int, size: int) -> bytes:
    encoded = name.encode("utf-16-le") + b"\0\0"
    return (
        encoded.ljust(64, b"\0")
        + struct.pack("<HBB3I", len(encoded) if name else 0, kind, 1, left, right, child)
        + bytes(16 + 4 + 16)  # class id, state bits, creation and modification times
        + struct.pack("<IQ", start, size)
    )


def compound_file(streams: Mapping[str, bytes]) -> bytes:
    """A minimal OLE compound file (MS-CFB version 3) holding the given top-level streams.

    Streams under 4096 bytes go to the mini stream, as the format requires. Layout: header,
    FAT, directory, mini FAT, mini stream, then the large streams.
    """
    names = sorted(streams, key=lambda n: (len(n), n.upper()))  # the directory's sort order
    mini_fat: list[int] = []
    mini_data = bytearray()
    starts: dict[str, int] = {}
    for name in names:
        data = streams[name]
        if len(data) >= _MINI_CUTOFF:
            continue
        count = _sectors(len(data), _MINI_SECTOR)
        first = len(mini_fat)
        starts[name] = first if count else _END_OF_CHAIN
        mini_fat.extend(first + i + 1 for i in range(count))
        if count:
            mini_fat[-1] = _END_OF_CHAIN
        mini_data += data.ljust(count * _MINI_SECTOR, b"\0")
    large = [n for n in names if len(streams[n]) >= _MINI_CUTOFF]
    directory_sectors = _sectors((len(names) + 1) * 128)
    body = directory_sectors + _sectors(len(mini_fat) * 4) + _sectors(len(mini_data)) + sum(_sectors(len(streams[n])) for n in large)
    fat_sectors = 1
    while fat_sectors * 128 < fat_sectors + body:
        fat_sectors += 1
    fat = [_FAT_SECTOR] * fat_sectors

    def chain(count: int) -> int:
        if count == 0:
            return _END_OF_CHAIN
        first = len(fat)
        fat.extend(first + i + 1 for i in range(count))
        fat[-1] = _END_OF_CHAIN
        return first

    directory_start = chain(directory_sectors)
    mini_fat_start = chain(_sectors(len(mini_fat) * 4))
    mini_stream_start = chain(_sectors(len(mini_data)))
    for name in large:
        starts[name] = chain(_sectors(len(streams[name])))
    fat += [_FREE] * (fat_sectors * 128 - len(fat))

    links: dict[int, tuple[int, int]] = {}

    def tree(low: int, high: int) -> int:  # a balanced binary tree of entry ids (index + 1)
        if low >= high:
            return _NO_STREAM
        middle = (low + high) // 2
        links[middle + 1] = (tree(low, middle), tree(middle + 1, high))
        return middle + 1

    root_child = tree(0, len(names))
    directory = _directory_entry("Root Entry", 5, _NO_STREAM, _NO_STREAM, root_child, mini_stream_start, len(mini_data))
    for number, name in enumerate(names, start=1):
        left, right = links[number]
        directory += _directory_entry(name, 2, left, right, _NO_STREAM, starts[name], len(streams[name]))
    while len(directory) % _SECTOR:
        directory += _directory_entry("", 0, _NO_STREAM, _NO_STREAM, _NO_STREAM, 0, 0)
    header = (
        safety.OLE_MAGIC
        + bytes(16)
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + bytes(6)
        + struct.pack("<9I", 0, fat_sectors, directory_start, 0, _MINI_CUTOFF, mini_fat_start, _sectors(len(mini_fat) * 4), _END_OF_CHAIN, 0)
        + struct.pack("<109I", *(list(range(fat_sectors)) + [_FREE] * (109 - fat_sectors)))
    )

    def padded(data: bytes) -> bytes:
        return bytes(data) + bytes(-len(data) % _SECTOR)

    parts = [header, struct.pack(f"<{len(fat)}I", *fat), directory, padded(struct.pack(f"<{len(mini_fat)}I", *mini_fat)), padded(mini_data)]
    parts += [padded(streams[name]) for name in large]
    return b"".join(parts)


def encrypted_workbook() -> bytes:
    """What Excel writes for a workbook with a password: an OLE file, not a zip.

    The EncryptionInfo stream starts with the version of "agile" encryption (4.4) and its XML
    descriptor; the package itself is random bytes standing in for the encrypted zip.
    """
    info = struct.pack("<HHI", 4, 4, 0x40) + b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><encryption/>'
    package = struct.pack("<Q", 6000) + random.Random(1).randbytes(6000)
    return compound_file({"EncryptionInfo": info, "EncryptedPackage": package, "\x06DataSpaces": b"\0" * 64})


# --- BIFF8 (the workbook stream of a legacy .xls) -------------------------------------------------------


def _record(kind: int, data: bytes = b"") -> bytes:
    return struct.pack("<HH", kind, len(data)) + data


def _bof(substream: int) -> bytes:
    return _record(0x0809, struct.pack("<HHHHII", 0x0600, substream, 0x0DBB, 0x07CC, 0, 6))


def biff8(sheets: Mapping[str, Sequence[Sequence[object]]], *, password: bool = False, macro_sheet: bool = False) -> bytes:
    """A minimal BIFF8 workbook stream: text as LABEL records, numbers as NUMBER records.

    ``password`` adds a FILEPASS record (what Excel 97-2003 writes for an encrypted .xls);
    ``macro_sheet`` makes the first sheet an Excel 4.0 macro sheet.
    """

    def boundsheet(offset: int, title: str, sheet_type: int) -> bytes:
        return _record(0x0085, struct.pack("<IBBBB", offset, 0, sheet_type, len(title), 1) + title.encode("utf-16-le"))

    head = [_bof(0x0005)]
    if password:
        head.append(_record(0x002F, struct.pack("<H", 1) + bytes(52)))
    head.append(_record(0x0042, struct.pack("<H", 1200)))  # code page: UTF-16
    titles = list(sheets)
    types = [0x01 if macro_sheet and i == 0 else 0x00 for i in range(len(titles))]
    offset = sum(map(len, head)) + sum(len(boundsheet(0, t, 0)) for t in titles) + len(_record(0x000A))
    bodies, offsets = [], []
    for title in titles:
        rows = sheets[title]
        body = [_bof(0x0010), _record(0x0200, struct.pack("<IIHHH", 0, len(rows), 0, max((len(r) for r in rows), default=0), 0))]
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, str):
                    body.append(_record(0x0204, struct.pack("<HHHHB", r, c, 0, len(value), 1) + value.encode("utf-16-le")))
                elif value is not None:
                    body.append(_record(0x0203, struct.pack("<HHHd", r, c, 0, float(value))))
        body.append(_record(0x000A))
        offsets.append(offset)
        bodies.append(b"".join(body))
        offset += len(bodies[-1])
    sheet_list = b"".join(boundsheet(o, t, k) for o, t, k in zip(offsets, titles, types, strict=True))
    return b"".join(head) + sheet_list + _record(0x000A) + b"".join(bodies)


def legacy_workbook(sheets: Mapping[str, Sequence[Sequence[object]]], **options: bool) -> bytes:
    """A legacy .xls file: a BIFF8 workbook stream in an OLE compound file."""
    return compound_file({"Workbook": biff8(sheets, **options)})


# --- hostile and damaged zips ---------------------------------------------------------------------------


def patched(workbook: bytes, part: str, change: Callable[[bytes], bytes]) -> bytes:
    """A copy of an .xlsx with one entry's content changed."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook)) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            target.writestr(item, change(data) if item.filename == part else data)
    return buffer.getvalue()


def with_cells(workbook: bytes, xml: str, part: str = "xl/worksheets/sheet1.xml") -> bytes:
    """A copy of an .xlsx with raw rows and cells appended to a sheet's ``<sheetData>``."""
    return patched(workbook, part, lambda data: data.replace(b"</sheetData>", xml.encode() + b"</sheetData>"))


def sheet_body(workbook: bytes, xml: str, part: str = "xl/worksheets/sheet1.xml") -> bytes:
    """A copy of an .xlsx with a sheet's ``<sheetData>`` replaced by raw XML."""

    def change(data: bytes) -> bytes:
        start, end = data.index(b"<sheetData"), data.index(b"</sheetData>") + len(b"</sheetData>")
        return data[:start] + xml.encode() + data[end:]

    return patched(workbook, part, change)


def _entry_offsets(archive: bytes, part: str) -> tuple[int, int]:
    """(local header offset, central directory header offset) of one entry."""
    with zipfile.ZipFile(io.BytesIO(archive)) as source:
        local = source.getinfo(part).header_offset
    start = 0
    while (start := archive.find(b"PK\x01\x02", start)) != -1:
        length = struct.unpack_from("<H", archive, start + 28)[0]
        if archive[start + 46 : start + 46 + length].decode() == part:
            return local, start
        start += 4
    raise KeyError(part)


def damaged_entry(archive: bytes, part: str) -> bytes:
    """The archive with one entry's compressed bytes overwritten: the directory still reads."""
    with zipfile.ZipFile(io.BytesIO(archive)) as source:
        info = source.getinfo(part)
    local, _ = _entry_offsets(archive, part)
    name_length, extra_length = struct.unpack_from("<HH", archive, local + 26)
    start = local + 30 + name_length + extra_length
    data = bytearray(archive)
    data[start : start + info.compress_size] = random.Random(7).randbytes(info.compress_size)
    return bytes(data)


def wrong_checksum(archive: bytes, part: str) -> bytes:
    """The archive with one entry's CRC changed in both headers: the data reads, the check fails."""
    data = bytearray(archive)
    for offset, field_at in zip(_entry_offsets(archive, part), (14, 16), strict=True):
        data[offset + field_at : offset + field_at + 4] = b"\xde\xad\xbe\xef"
    return bytes(data)


def forged_size(archive: bytes, part: str, claimed: int) -> bytes:
    """The archive with one entry claiming ``claimed`` bytes uncompressed (both headers)."""
    data = bytearray(archive)
    for offset, field_at in zip(_entry_offsets(archive, part), (22, 24), strict=True):
        data[offset + field_at : offset + field_at + 4] = struct.pack("<I", claimed)
    return bytes(data)


def flagged_encrypted(archive: bytes, part: str) -> bytes:
    """The archive with one entry marked as encrypted with a zip password (flag bit 0)."""
    data = bytearray(archive)
    for offset, field_at in zip(_entry_offsets(archive, part), (6, 8), strict=True):
        data[offset + field_at] |= 1
    return bytes(data)


def zeros_entry(workbook: bytes, part: str, size: int, level: int = 9) -> bytes:
    """A copy of an .xlsx with one entry replaced by ``size`` zero bytes, streamed (no zip64)."""
    buffer = io.BytesIO()
    chunk = bytes(1 << 20)
    with zipfile.ZipFile(io.BytesIO(workbook)) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as target:
        for item in source.infolist():
            if item.filename != part:
                target.writestr(item, source.read(item.filename))
        with target.open(part, "w") as entry:
            written = 0
            while written < size:
                step = min(len(chunk), size - written)
                entry.write(chunk[:step])
                written += step
    return buffer.getvalue()


def dense_sheet(workbook: bytes, rows: int, columns: int, part: str = "xl/worksheets/sheet1.xml") -> bytes:
    """A copy of an .xlsx whose sheet holds ``rows`` × ``columns`` numbers, streamed into the zip.

    It compresses about 35:1, so it passes the ratio check and only the cell count refuses it.
    """
    letters = [safety_column(c) for c in range(1, columns + 1)]
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook)) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as target:
        for item in source.infolist():
            if item.filename != part:
                target.writestr(item, source.read(item.filename))
                continue
            head, tail = source.read(part).split(b"<sheetData>")
            with target.open(part, "w") as entry:
                entry.write(head + b"<sheetData>")
                for start in range(1, rows + 1, 10_000):
                    entry.write("".join(
                        f'<row r="{r}">' + "".join(f'<c r="{x}{r}"><v>{i}</v></c>' for i, x in enumerate(letters)) + "</row>"
                        for r in range(start, min(start + 10_000, rows + 1))
                    ).encode())
                entry.write(b"</sheetData>" + tail.split(b"</sheetData>", 1)[1])
    return buffer.getvalue()


def safety_column(number: int) -> str:
    """Column letters of a 1-based column number: 1 -> A, 27 -> AA."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def with_duplicate(workbook: bytes, part: str, content: bytes) -> bytes:
    """A copy of an .xlsx holding a second entry under an existing name."""
    buffer = io.BytesIO(workbook)
    buffer.seek(0, io.SEEK_END)
    import warnings

    with warnings.catch_warnings(), zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        warnings.simplefilter("ignore")  # "Duplicate name": the point of this file
        archive.writestr(part, content)
    return buffer.getvalue()


def relocated_sheet(workbook: bytes, location: str, target: str | None = None, part: str = "xl/worksheets/sheet1.xml") -> bytes:
    """A copy of an .xlsx whose sheet part is moved to ``location`` (any zip name), with the
    workbook's relationship ``Target`` (default: the absolute "/" + location) and
    [Content_Types].xml pointing to it, as a crafted file would."""
    old_target = part.removeprefix("xl/").encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook)) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data, name = source.read(item.filename), item.filename
            if name == part:
                name = location
            elif name == "xl/_rels/workbook.xml.rels":
                new = (target if target is not None else "/" + location).encode()
                data = data.replace(b'Target="/' + part.encode() + b'"', b'Target="' + new + b'"').replace(b'Target="' + old_target + b'"', b'Target="' + new + b'"')
            elif name == "[Content_Types].xml":
                data = data.replace(b'PartName="/' + part.encode() + b'"', b'PartName="/' + location.lstrip("/").encode() + b'"')
            out.writestr(name, data)
    return buffer.getvalue()


def corner_cell(title: str = "Mål") -> bytes:
    """A one-sheet workbook with one cell at XFD1048576, the last cell Excel has."""
    return with_cells(make_workbook({title: [["ID"]]}), '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')


SST_TYPE = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
SST_CONTENT = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"


def shared_strings_workbook(items: Iterable[bytes], cells: str, title: str = "Mål") -> bytes:
    """A one-sheet workbook whose sheet holds raw ``cells`` (rows) and whose xl/sharedStrings.xml
    holds the raw ``<si>`` items, streamed into the zip (so they may be large)."""
    workbook = sheet_body(make_workbook({title: [["ID"]]}), f"<sheetData>{cells}</sheetData>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook)) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rIdS" Type="' + SST_TYPE + b'" Target="sharedStrings.xml"/></Relationships>')
            elif item.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="' + SST_CONTENT + b'"/></Types>')
            target.writestr(item, data)
        with target.open("xl/sharedStrings.xml", "w") as entry:
            entry.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
            for chunk in items:
                entry.write(chunk)
            entry.write(b"</sst>")
    return buffer.getvalue()


def string_cells(count: int, index: int = 0) -> str:
    """``count`` cells in column A, each the shared string ``index``."""
    return "".join(f'<row r="{r}"><c r="A{r}" t="s"><v>{index}</v></c></row>' for r in range(1, count + 1))


def sparse_text(size: int, seed: int = 5) -> Iterator[bytes]:
    """``size`` letters, mostly "a": about 15:1 compressed, like ordinary long text, streamed in 1 MB pieces."""
    rng = np.random.default_rng(seed)
    for start in range(0, size, 1 << 20):
        yield ((rng.random(min(1 << 20, size - start)) < 0.1).astype(np.uint8) + ord("a")).tobytes()


def rich_runs(runs: int, size: int) -> str:
    """Rich text: ``runs`` bold runs of ``size`` letters each (every run short, all of them long)."""
    text = b"".join(sparse_text(runs * size)).decode("ascii")
    return "".join(f"<r><rPr><b/></rPr><t>{text[i * size : (i + 1) * size]}</t></r>" for i in range(runs))


def one_long_string(size: int) -> Iterator[bytes]:
    yield b"<si><t>"
    yield from sparse_text(size)
    yield b"</t></si>"


BILLION_LAUGHS = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + "".join(f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n' for i in range(1, 10))
    + "]>\n"
)
EXTERNAL_ENTITY = '<?xml version="1.0"?>\n<!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'


def with_prolog(workbook: bytes, part: str, prolog: str, encoding: str = "utf-8") -> bytes:
    """A copy of an .xlsx where one XML part starts with ``prolog`` (replacing its declaration)."""

    def change(data: bytes) -> bytes:
        text = data.decode("utf-8")
        if text.startswith("<?xml"):
            text = text[text.index("?>") + 2 :].lstrip()
        if "lol9" in prolog:
            text = text.replace("</sheets>", "</sheets><definedNames><definedName name='x'>&lol9;</definedName></definedNames>", 1)
        return (prolog + text).encode(encoding)

    return patched(workbook, part, change)


# --- hostile CSV files -------------------------------------------------------------------------------

#: The top of an SSB export (13470, years as columns): 4 lines, 8 columns; the sniffer takes it for one.
CSV_HEAD = (
    '"13470: Sysselsatte per 4. kvartal, etter arbeidsstedskommune, næring (SN2007)"\r\n\r\n'
    '"region";"næring (SN2007)";"statistikkvariabel";"2008";"2009";"2010";"2011";"2012"\r\n'
    '"3401 Kongsvinger";"00-99 Alle næringer";"Sysselsatte personer";8336;8400;8500;8600;8700\r\n'
).encode("latin-1")


def csv_with_line(fields: int) -> bytes:
    """An export's first line, then one line of ``fields`` semicolon-separated numbers."""
    return b"Kommunenummer;\xc5r;Sysselsatte\r\n" + b";".join([b"1"] * fields) + b"\r\n"


def csv_quoted_record(lines: int) -> bytes:
    """One quoted field that runs over ``lines`` lines of 100 characters: one record, short lines."""
    return CSV_HEAD + b'"' + (b"x" * 100 + b"\n") * lines + b'";1\r\n'


def csv_blank_lines(total: int) -> bytes:
    """The export's top, then blank lines up to ``total`` lines: every one a record of the full width."""
    return CSV_HEAD + b"\r\n" * (total - 4)


def csv_long_field(characters: int) -> bytes:
    """The export's top, then a line (line 5) whose region name has ``characters`` characters."""
    return CSV_HEAD + b'"3401 ' + b"K" * (characters - 5) + b'";"00-99 Alle n\xe6ringer";"Sysselsatte personer";1;2;3;4;5\r\n'


def binary_junk() -> bytes:
    return random.Random(42).randbytes(3000)


def valid() -> bytes:
    return make_workbook(minimal_valid())


def small_sheet(title: str = "Notater") -> bytes:
    return make_workbook({title: [["Tekst"], ["hei"]]})


# --- value-level cases (through the normal reader) ------------------------------------------------------


def edited(change: Callable[[dict[str, list[list[object]]]], None]) -> bytes:
    sheets = minimal_valid()
    change(sheets)
    return make_workbook(sheets)


def _set(sheet: str, row: int, header: str, value: object) -> Callable[[dict[str, list[list[object]]]], None]:
    def change(sheets: dict[str, list[list[object]]]) -> None:
        rows = sheets[sheet]
        position = rows[0].index(header)
        while len(rows) < row:
            rows.append([None] * len(rows[0]))
        rows[row - 1][position] = value

    return change


def _all(*changes: Callable[[dict[str, list[list[object]]]], None]) -> Callable[[dict[str, list[list[object]]]], None]:
    def change(sheets: dict[str, list[list[object]]]) -> None:
        for one in changes:
            one(sheets)

    return change


def _drop_column(sheet: str, header: str) -> Callable[[dict[str, list[list[object]]]], None]:
    def change(sheets: dict[str, list[list[object]]]) -> None:
        position = sheets[sheet][0].index(header)
        for row in sheets[sheet]:
            del row[position]

    return change


def _add_column(sheet: str, header: str, value: object = None) -> Callable[[dict[str, list[list[object]]]], None]:
    def change(sheets: dict[str, list[list[object]]]) -> None:
        sheets[sheet][0].append(header)
        for row in sheets[sheet][1:]:
            row.append(value)

    return change


def _insert_rows(sheet: str, rows: list[list[object]], at: int = 0) -> Callable[[dict[str, list[list[object]]]], None]:
    def change(sheets: dict[str, list[list[object]]]) -> None:
        sheets[sheet][at:at] = rows

    return change


def _append(sheet: str, row: list[object]) -> Callable[[dict[str, list[list[object]]]], None]:
    return lambda sheets: sheets[sheet].append(row)


def _formula_texts(sheets: dict[str, list[list[object]]]) -> None:
    """Names, a reason and a unit that Excel would run as formulas, were they not text cells."""
    for change in (
        _set("Kommuner", 2, "Kommune", '=HYPERLINK("http://127.0.0.2/x","klikk")'),
        _set("Kommuner", 3, "Kommune", "+47 123"),
        _set("Mål", 2, "Navn", "-tekst"),
        _set("Mål", 3, "Enhet", "@SUM(A1)"),
        _set("Aktiviteter", 2, "Aktivitet", "\tfoo"),
        _set("Budsjettendringer", 2, "Begrunnelse", "\rbar"),
    ):
        change(sheets)


def value_case(name: str, change: Callable[[dict[str, list[list[object]]]], None], expected: list[tuple[Severity, str | None, int | None, str | None, str]], filename: str = "data.xlsx") -> Case:
    """A case of one workbook: the valid one with a change, and the problems it gives (in data.xlsx)."""
    return Case(name, lambda: [(filename, edited(change))], [(s, filename, sheet, row, column, m) for s, sheet, row, column, m in expected])


def _hostile_markup() -> bytes:
    from tests.hostile import hostile_workbook as markup_workbook  # reads the sample: imported when the case is built

    return markup_workbook()


def hostile_workbook() -> bytes:
    """The valid workbook with a terminal escape sequence in a cell (ESC written as Excel escapes it,
    ``_x001B_``) and a right-to-left override in a sheet title."""
    sheets = minimal_valid()
    sheets["Mål"][2][7] = "ESC[2JESC[HDataene er gyldige."  # Status of goal 1.1, row 3
    sheets["Notater\u202e"] = [["Husk møtet"]]
    return patched(make_workbook(sheets), "xl/worksheets/sheet3.xml", lambda data: data.replace(b"ESC", b"_x001B_"))


#: A CSV export whose region cell clears the screen and prints a fake verdict, then hides the rest.
HOSTILE_CSV = "Kommunenummer;År;Sysselsatte\n3401;2016;8336\n\x1b[2J\x1b[H✔ Dataene er gyldige.\x1b[8m;2016;5\n".encode()

LEVELS = "«Strategisk mål», «Hovedmål», «Delmål»"
GOAL_STATUSES = "«Ikke startet», «I rute», «Risiko», «Forsinket», «Nådd»"

# --- the corpus ---------------------------------------------------------------------------------------------

MB = 1024 * 1024
SHEET1 = "xl/worksheets/sheet1.xml"


def _cases() -> list[Case]:
    far = safety.sheet_too_big
    cases = [
        # Not a spreadsheet at all.
        refused("tom_fil", "tom.xlsx", messages.EMPTY, lambda: b""),
        refused("binært_søppel", "data.xlsx", messages.NOT_A_SPREADSHEET, binary_junk),
        refused("pdf_med_feil_navn", "rapport.xlsx", messages.NOT_A_SPREADSHEET, lambda: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"),
        refused("bilde_med_feil_navn", "bilde.xlsx", messages.NOT_A_SPREADSHEET, lambda: b"\x89PNG\r\n\x1a\n" + bytes(64)),
        refused("for_stor_fil", "stor.xlsx", messages.TOO_BIG, lambda: b"PK\x03\x04" + bytes(safety.MAX_FILE_BYTES)),
        # Broken zips.
        refused("avkortet_zip", "avkortet.xlsx", messages.DAMAGED, lambda: valid()[: len(valid()) // 2]),
        refused("bare_zip_hode", "skadet.xlsx", messages.DAMAGED, lambda: b"PK\x03\x04" + bytes(100)),
        refused("ødelagt_komprimering", "ødelagt.xlsx", messages.DAMAGED, lambda: damaged_entry(valid(), SHEET1)),
        refused("feil_sjekksum", "sjekksum.xlsx", messages.DAMAGED, lambda: wrong_checksum(valid(), "xl/styles.xml")),
        refused("ødelagt_del_som_calamine_ikke_leser", "egenskaper.xlsx", messages.DAMAGED, lambda: damaged_entry(valid(), "docProps/core.xml")),
        refused("to_deler_med_samme_navn", "dobbel.xlsx", messages.DAMAGED, lambda: with_duplicate(valid(), SHEET1, b"<worksheet/>")),
        refused("zip_som_ikke_er_arbeidsbok", "arkiv.xlsx", messages.NOT_A_WORKBOOK, lambda: make_zip({"notater.txt": b"hei"})),
        refused(
            "opendocument_regneark", "regneark.ods", messages.NOT_A_WORKBOOK,
            lambda: make_zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<office:document-content/>"}),
        ),
        refused("binær_arbeidsbok_xlsb", "bok.xlsb", messages.BINARY_WORKBOOK, lambda: make_zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.bin": b"\x83\x01\x00"})),
        # Passwords.
        refused("passordbeskyttet", "hemmelig.xlsx", messages.PASSWORD, encrypted_workbook),
        refused("passordbeskyttet_xls", "hemmelig.xls", messages.PASSWORD, lambda: legacy_workbook({"Mål": [["ID"]]}, password=True)),
        refused("zip_med_passord", "zippassord.xlsx", messages.PASSWORD, lambda: flagged_encrypted(valid(), SHEET1)),
        # Other OLE files.
        refused("ole_som_ikke_er_arbeidsbok", "notat.xls", messages.NOT_A_WORKBOOK, lambda: compound_file({"WordDocument": bytes(600)})),
        refused("skadet_ole", "gammel.xls", messages.DAMAGED, lambda: safety.OLE_MAGIC + bytes(504)),
        # Macros.
        refused("makro_etter_navn", "makro.xlsm", messages.MACROS, valid),
        refused("makro_etter_navn_store_bokstaver", "MAKRO.XLSM", messages.MACROS, valid),
        refused("makro_i_innholdet", "budsjett.xlsx", messages.MACROS, lambda: with_entry(valid(), "xl/vbaProject.bin", b"\xcc\x61" + bytes(64))),
        refused("makroark_i_xlsx", "xlm.xlsx", messages.MACROS, lambda: with_entry(valid(), "xl/macrosheets/sheet1.xml", b"<xm:macrosheet/>")),
        refused("makroark_i_xls", "xlm.xls", messages.MACROS, lambda: legacy_workbook({"Makro1": [["=EXEC()"]]}, macro_sheet=True)),
        # Zip bombs and forged sizes.
        refused("zip_bombe_forhold", "bombe.xlsx", messages.BOMB, lambda: zeros_entry(small_sheet(), SHEET1, 8 * MB)),
        refused("zip_bombe_stor", "stor_bombe.xlsx", messages.BOMB, lambda: zeros_entry(small_sheet(), SHEET1, 300 * MB, level=1)),
        refused("forfalsket_stor_størrelse", "forfalsket.xlsx", messages.BOMB, lambda: forged_size(valid(), SHEET1, safety.MAX_UNCOMPRESSED_BYTES + 1)),
        refused(
            "forfalsket_liten_størrelse", "liten.xlsx", messages.DAMAGED,
            lambda: forged_size(zeros_entry(small_sheet(), SHEET1, 50 * MB), SHEET1, 1000),
        ),
        refused("for_mange_deler", "mange.xlsx", messages.BOMB, lambda: make_zip({f"xl/media/image{i}.png": b"x" for i in range(safety.MAX_ENTRIES + 1)})),
        # XML entity declarations.
        refused("milliard_latter", "latter.xlsx", messages.DOCTYPE, lambda: with_prolog(valid(), "xl/workbook.xml", BILLION_LAUGHS)),
        refused("ekstern_entitet", "xxe.xlsx", messages.DOCTYPE, lambda: with_prolog(small_sheet(), "xl/styles.xml", EXTERNAL_ENTITY)),
        refused("doctype_i_rels", "rels.xlsx", messages.DOCTYPE, lambda: with_prolog(valid(), "xl/_rels/workbook.xml.rels", '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "b">]>')),
        refused("doctype_i_utf16", "utf16.xlsx", messages.DOCTYPE, lambda: with_prolog(valid(), "[Content_Types].xml", '\ufeff<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE t>', "utf-16-le")),
        refused(
            "doctype_etter_lang_kommentar", "kommentar.xlsx", messages.DOCTYPE,
            lambda: with_prolog(valid(), "docProps/app.xml", '<?xml version="1.0"?><!--' + "x" * 6000 + '--><!DOCTYPE a [<!ENTITY b "c">]>'),
        ),
        refused(
            "doctype_etter_bom_og_lang_kommentar", "bom.xlsx", messages.DOCTYPE,
            lambda: with_prolog(valid(), "docProps/app.xml", '\ufeff<?xml version="1.0" encoding="UTF-8"?><!--' + "x" * 6000 + '--><!DOCTYPE a [<!ENTITY b "c">]>'),
        ),
        refused(
            "doctype_i_utf16_etter_lang_kommentar", "utf16_kommentar.xlsx", messages.DOCTYPE,
            lambda: with_prolog(valid(), "xl/styles.xml", '\ufeff<?xml version="1.0" encoding="UTF-16"?><!--' + "x" * 6000 + '--><!DOCTYPE a>', "utf-16-be"),
        ),
        # Too large: sheets, rows, columns, cells.
        refused("for_mange_ark", "ark.xlsx", safety.too_many_sheets(51), lambda: make_workbook({f"Ark{i}": [["x"]] for i in range(51)})),
        refused("for_mange_ark_xls", "ark.xls", safety.too_many_sheets(51), lambda: legacy_workbook({f"Ark{i}": [["x"]] for i in range(51)})),
        refused(
            "for_mange_rader", "rader.xlsx", far("Sysselsetting", 500_001, 3),
            lambda: with_cells(make_workbook({"Sysselsetting": [["Kommunenummer", "År", "Sysselsatte"]]}), '<row r="500001"><c r="A500001"><v>1</v></c></row>'),
            sheet="Sysselsetting",
        ),
        refused(
            "for_mange_kolonner", "kolonner.xlsx", far("Mål", 2, 501),
            lambda: with_cells(make_workbook({"Mål": [["ID"]]}), '<row r="2"><c r="SG2" t="inlineStr"><is><t>x</t></is></c></row>'),
            sheet="Mål",
        ),
        refused(
            "celle_helt_ute_i_hjørnet", "hjørne.xlsx", far("Mål", 1_048_576, 16_384),
            lambda: with_cells(make_workbook({"Mål": [["ID"]]}), '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'),
            sheet="Mål",
        ),
        refused(
            "for_mange_celler", "celler.xlsx", safety.too_many_cells(5_500_000),
            lambda: with_cells(make_workbook({"Mål": [["ID"]]}), '<row r="500000"><c r="K500000"><v>1</v></c></row>'),
        ),
        refused(
            "tette_celler_over_grensen", "tett.xlsx", safety.too_many_cells(None),
            lambda: dense_sheet(make_workbook({"Sysselsetting": [["x"]]}), 450_000, 7),
        ),
        refused(
            "rader_uten_nummer", "uten_r.xlsx", far("Mål", 500_001, 1),
            lambda: sheet_body(make_workbook({"Mål": [["ID"]]}), '<sheetData><row r="499999"><c><v>1</v></c></row><row/><row><c><v>2</v></c></row></sheetData>'),
            sheet="Mål",
        ),
        refused(
            "celler_uten_nummer", "uten_c.xlsx", far("Mål", 1, 501),
            lambda: sheet_body(make_workbook({"Mål": [["ID"]]}), '<sheetData><row r="1"><c r="SF1"><v>1</v></c><c><v>2</v></c></row></sheetData>'),
            sheet="Mål",
        ),
        refused(
            "navnerom_prefiks", "prefiks.xlsx", far("Mål", 1, 16_384),
            lambda: sheet_body(make_workbook({"Mål": [["ID"]]}), '<x:sheetData xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:row r="1"><x:c r="XFD1"><x:v>1</x:v></x:c></x:row></x:sheetData>'),
            sheet="Mål",
        ),
        refused(
            "vinkel_i_attributt", "vinkel.xlsx", far("Mål", 1, 16_384),
            lambda: sheet_body(make_workbook({"Mål": [["ID"]]}), '<sheetData><row r="1"><c x="/>" r="XFD1"><v>1</v></c></row></sheetData>'),
            sheet="Mål",
        ),
        # A sheet part outside xl/worksheets/, or named by two sheets: measured all the same.
        refused(
            "hjørnecelle_utenfor_worksheets", "flyttet.xlsx", far("Mål", 1_048_576, 16_384),
            lambda: relocated_sheet(corner_cell(), "xl/sheets/sheet1.xml", "sheets/sheet1.xml"), sheet="Mål",
        ),
        refused(
            "hjørnecelle_i_zip_roten", "roten.xlsx", far("Mål", 1_048_576, 16_384),
            lambda: relocated_sheet(corner_cell(), "sheet1.xml", "/sheet1.xml"), sheet="Mål",
        ),
        refused(
            "to_ark_deler_en_del", "delt.xlsx", safety.too_many_cells(4_000_000),
            lambda: patched(
                with_cells(make_workbook({"A": [["x"]], "B": [["x"]]}), '<row r="200000"><c r="J200000"><v>1</v></c></row>'),
                "xl/_rels/workbook.xml.rels", lambda rels: rels.replace(b"worksheets/sheet2.xml", b"worksheets/sheet1.xml"),
            ),
        ),
        # Text longer than a cell may hold, and shared strings beyond the limits.
        refused(
            "delt_tekst_på_80_mb", "tekst80.xlsx", messages.STRINGS_TOO_BIG,
            lambda: shared_strings_workbook(one_long_string(80 * MB), string_cells(1)),
        ),
        refused(
            "delt_tekst_over_cellegrensen", "tekst40k.xlsx", messages.SHARED_STRING_TOO_LONG,
            lambda: shared_strings_workbook(one_long_string(40_000), string_cells(1)),
        ),
        refused(
            "lang_delt_tekst_i_mange_celler", "gjentatt.xlsx", safety.string_cells_too_big("Mål"),
            lambda: shared_strings_workbook(one_long_string(30_000), string_cells(20_000)), sheet="Mål",
        ),
        refused(
            "lang_tekst_i_celle", "celletekst.xlsx", safety.cell_too_long("Mål", "B2"),
            lambda: with_cells(make_workbook({"Mål": [["ID"]]}), '<row r="2"><c r="B2" t="inlineStr"><is><t>' + "x" * 40_000 + "</t></is></c></row>"),
            sheet="Mål",
        ),
        refused(
            "lang_tekst_i_rik_tekst", "rik.xlsx", safety.cell_too_long("Mål", "C3"),
            lambda: with_cells(make_workbook({"Mål": [["ID"]]}), '<row r="3"><c r="C3" t="inlineStr"><is>' + rich_runs(400, 100) + "</is></c></row>"),
            sheet="Mål",
        ),
        refused("for_mange_celler_xls", "stor.xls", safety.too_many_cells(65_536 * 256), lambda: legacy_workbook({"Mål": [["ID"]] + [[]] * 65_534 + [[None] * 255 + [1]]})),
        # CSV beyond the limits: lines, line length, fields, cells.
        refused("csv_million_felt", "felt.csv", safety.line_too_long(2, 1_999_999), lambda: csv_with_line(1_000_000)),
        refused("csv_tre_millioner_felt", "felt6.csv", safety.line_too_long(2, 5_999_999), lambda: csv_with_line(3_000_000)),
        refused("csv_for_mange_linjer", "linjer.csv", safety.too_many_lines(600_000), lambda: b"\n" * 600_000),
        refused("csv_felt_over_mange_linjer", "sitat.csv", safety.line_too_long(5, 131_099), lambda: csv_quoted_record(5_000)),
        refused("csv_for_mange_celler", "celler.csv", safety.text_too_big(400_000, 8), lambda: csv_blank_lines(400_000)),
        refused("csv_for_langt_felt", "langt.csv", safety.field_too_long(5), lambda: csv_long_field(40_000)),
        # Readable, but awkward: a legacy .xls, two files, a file among good ones.
        Case(
            "gammel_xls_leses",
            lambda: [("jobber.xls", legacy_workbook({"Kommuner": [list(r) for r in minimal_valid()["Kommuner"]], "Sysselsetting": [list(r) for r in minimal_valid()["Sysselsetting"]]}))],
            [],
        ),
        Case(
            "gammel_xls_med_feil",
            lambda: [("jobber.xls", legacy_workbook({"Sysselsetting": [["Kommunenummer", "År", "Sysselsatte"], ["3401", 2016, "mange"]]}))],
            [(E, "jobber.xls", "Sysselsetting", 2, "Sysselsatte", "«mange» er ikke et tall. Skriv et tall, for eksempel 250000.")],
        ),
        Case(
            "en_dårlig_fil_blant_gode",
            lambda: [("god.xlsx", valid()), ("søppel.xlsx", binary_junk())],
            [(E, "søppel.xlsx", None, None, None, messages.NOT_A_SPREADSHEET)],
        ),
        # Text that starts like a formula is data (a name, a reason): read as text, never refused.
        Case("formeltegn_i_tekst", lambda: [("formeltekst.xlsx", text_cells(edited(_formula_texts)))], []),
        # HTML and markdown after every free text of the sample: valid data, shown as text (tests/test_hostile_app.py).
        Case("html_og_markdown_i_alle_tekstfelt", lambda: [("fiendtlig.xlsx", _hostile_markup())], []),
        Case(
            "samme_mål_i_to_filer",
            lambda: [("a.xlsx", make_workbook({"Mål": minimal_valid()["Mål"]})), ("b.xlsx", make_workbook({"Mål": [minimal_valid()["Mål"][0], ["1.1", "Hovedmål", "1", "Kopi", None, None, None, "I rute"]]}))],
            [(E, "b.xlsx", "Mål", 2, "ID", "Mål-ID-en «1.1» står også i rad 3 i «a.xlsx». Hvert mål må ha sin egen ID: rett ID-en eller slett den ene raden.")],
        ),
        # Value-level problems in an otherwise valid workbook.
        value_case(
            "mangler_påkrevd_kolonne", _drop_column("Mål", "Navn"),
            [(E, "Mål", 1, "Navn", "Arket mangler den påkrevde kolonnen «Navn». Legg den til i overskriftsraden (rad 1).")],
        ),
        value_case(
            "ukjent_status", _set("Mål", 3, "Status", "Kanskje"),
            [(E, "Mål", 3, "Status", f"«Kanskje» er ikke en gyldig status for mål. Bruk en av {GOAL_STATUSES}.")],
        ),
        value_case(
            "ukjent_nivå", _set("Mål", 4, "Nivå", "Undermål"),
            [(E, "Mål", 4, "Nivå", f"«Undermål» er ikke et gyldig nivå. Bruk en av {LEVELS}.")],
        ),
        value_case(
            "tekst_i_tallkolonne", _set("Budsjett", 3, "Regnskap", "ti tusen"),
            [(E, "Budsjett", 3, "Regnskap", "«ti tusen» er ikke et tall. Skriv et tall, for eksempel 250000.")],
        ),
        value_case(
            "slutt_før_start", _set("Aktiviteter", 2, "Slutt", dt.date(2015, 12, 1)),
            [
                (E, "Aktiviteter", 2, "Slutt", "Sluttdatoen 01.12.2015 er før startdatoen 01.01.2016. Rett en av datoene."),
                (W, "Aktiviteter", 2, "Slutt", "Aktiviteten skulle vært ferdig 01.12.2015, men har status «Påbegynt». Oppdater status eller sluttdato."),
            ],
        ),
        value_case(
            "fremdrift_over_100", _set("Aktiviteter", 2, "Fremdrift", 150),
            [(E, "Aktiviteter", 2, "Fremdrift", "Fremdriften 150 er utenfor 0–100. Skriv fremdriften i prosent, fra 0 til 100.")],
        ),
        value_case(
            "fremdrift_negativ", _set("Aktiviteter", 2, "Fremdrift", -5),
            [(E, "Aktiviteter", 2, "Fremdrift", "Fremdriften -5 er utenfor 0–100. Skriv fremdriften i prosent, fra 0 til 100.")],
        ),
        value_case(
            "dobbel_mål_id", _append("Mål", ["1.1.1", "Delmål", "1.1", "Flere overnattinger", None, None, None, "I rute"]),
            [(E, "Mål", 5, "ID", "Mål-ID-en «1.1.1» står også i rad 4. Hvert mål må ha sin egen ID: rett ID-en eller slett den ene raden.")],
        ),
        value_case(
            "ukjent_overordnet_mål", _set("Mål", 4, "Overordnet", "9.9"),
            [(E, "Mål", 4, "Overordnet", "Det finnes ikke noe mål med ID «9.9». Skriv ID-en til et mål i arket, eller la cellen stå tom.")],
        ),
        value_case(
            "ukjent_mål_for_aktivitet", _set("Aktiviteter", 3, "Mål-ID", "1.1; 7"),
            [(E, "Aktiviteter", 3, "Mål-ID", "Det finnes ikke noe mål med ID «7» i arket «Mål». Rett ID-en.")],
        ),
        value_case(
            "medlem_til_før_medlem_fra", _set("Kommuner", 3, "Medlem fra", 2018),
            [(E, "Kommuner", 3, "Medlem til", "«Medlem til» (2016) er før «Medlem fra» (2018). Rett ett av årstallene.")],
        ),
        value_case(
            "tom_status_for_mål", _set("Mål", 4, "Status", None),
            [(W, "Mål", 4, "Status", "Status mangler og regnes som «Ikke startet». Fyll inn status.")],
        ),
        value_case(
            "aktivitet_over_tiden", _set("Aktiviteter", 2, "Slutt", dt.date(2016, 1, 31)),
            [(W, "Aktiviteter", 2, "Slutt", "Aktiviteten skulle vært ferdig 31.01.2016, men har status «Påbegynt». Oppdater status eller sluttdato.")],
        ),
        value_case(
            "overskrift_under_tittel", _all(_set("Mål", 4, "Status", "Ukjent"), _insert_rows("Mål", [["Mål for ByR Glåmdalen"], ["Oppdatert februar 2016"], []])),
            [(E, "Mål", 7, "Status", f"«Ukjent» er ikke en gyldig status for mål. Bruk en av {GOAL_STATUSES}.")],
        ),
        value_case(
            "sumrad_hoppes_over", _append("Budsjett", ["Sum", None, None, 1050000, 1250000, 510000]),
            [(I, "Budsjett", 4, None, "Raden er en summeringsrad og er ikke tatt med som data.")],
        ),
        value_case(
            "ukjent_kolonne", _add_column("Aktiviteter", "Farge", "grønn"),
            [(I, "Aktiviteter", 1, "Farge", "Kolonnen «Farge» er ikke i dataformatet og er hoppet over.")],
        ),
        value_case(
            "ukjent_ark", lambda sheets: sheets.update({"Notater": [["Husk møtet"]]}),
            [(I, "Notater", None, None, "Arket «Notater» er ikke i dataformatet og er hoppet over.")],
        ),
        value_case(
            "tomt_ark", lambda sheets: sheets.update({"Budsjettendringer": []}),
            [(I, "Budsjettendringer", None, None, "Arket har ingen rader under overskriften og er hoppet over.")],
        ),
        value_case(
            "kolonne_to_ganger", _add_column("Måleverdier", "verdi", 1),
            [(E, "Måleverdier", 1, "verdi", "Kolonnen «Verdi» står to ganger (også som «verdi»). Slett eller gi nytt navn til den ene.")],
        ),
        value_case(
            "påkrevd_verdi_mangler", _set("Sysselsetting", 3, "Sysselsatte", None),
            [(E, "Sysselsetting", 3, "Sysselsatte", "«Sysselsatte» mangler. Fyll inn en verdi.")],
        ),
        value_case(
            "negative_sysselsatte", _set("Sysselsetting", 3, "Sysselsatte", -3),
            [(E, "Sysselsetting", 3, "Sysselsatte", "Antall sysselsatte kan ikke være negativt (-3). Rett tallet.")],
        ),
        # Implausible figures (issue 9, item 11).
        value_case(
            "negativt_regnskap", _set("Budsjett", 3, "Regnskap", -10000),
            [(E, "Budsjett", 3, "Regnskap", "Beløpet kan ikke være negativt (−10 000 kr): budsjett og regnskap føres som positive beløp. "
              "Skriv beløpet uten minus; en reduksjon i budsjettet føres som et negativt beløp i arket «Budsjettendringer».")],
        ),
        value_case(
            "målår_før_startår", _all(_add_column("Mål", "Målår"), _set("Mål", 2, "Målår", 2010)),
            [(E, "Mål", 2, "Målår", "Målåret 2010 er før startåret 2014. Rett ett av årstallene.")],
        ),
        value_case(
            "sysselsatte_med_desimaler", _set("Sysselsetting", 3, "Sysselsatte", 8336.5),
            [(E, "Sysselsetting", 3, "Sysselsatte", "Antall sysselsatte må være et helt tall, men er 8336,5: personer telles hele. Rett tallet.")],
        ),
        value_case(
            "gjennomført_med_fremdrift_5", _set("Aktiviteter", 3, "Fremdrift", 5),
            [(W, "Aktiviteter", 3, "Fremdrift", "Aktiviteten har status «Gjennomført», men fremdriften er 5 %. Sett fremdriften til 100, eller endre status.")],
        ),
        value_case(
            "millioner_av_arbeidsplasser", _set("Sysselsetting", 3, "Sysselsatte", 9_000_000),
            [(E, "Sysselsetting", 3, "Sysselsatte", "9 000 000 sysselsatte i én kommune er ikke mulig: ingen norsk kommune har over 1 000 000 arbeidsplasser. "
              "Rett tallet; gjelder det et fylke eller hele landet, skriv fylkesnummeret eller 0 som kommunenummer.")],
        ),
        value_case(
            "hopp_i_arbeidsplasser", _set("Sysselsetting", 3, "Sysselsatte", 12000),
            [(W, "Sysselsetting", 3, "Sysselsatte", "Antall sysselsatte i 3401 endret seg fra 8 222 i 2015 til 12 000 i 2016 (+46 %). "
              "Over 20 % på ett år er uvanlig for en kommune: sjekk tallet.")],
        ),
        value_case(
            "mål_i_ring", _set("Mål", 2, "Overordnet", "1.1.1"),
            [(E, "Mål", 2, "Overordnet", "De overordnede målene går i ring: «1» → «1.1.1» → «1.1» → «1». "
              "Et mål kan ikke ligge under seg selv; rett «Overordnet» for ett av målene.")],
        ),
        value_case(
            "sysselsetting_i_år_2150", _append("Sysselsetting", ["3401", 2150, 9000, None]),
            [(E, "Sysselsetting", 6, "År", "Året 2150 har ikke kommet ennå, så det kan ikke finnes sysselsettingstall for det. Rett årstallet.")],
        ),
        # Control characters in data are quoted visibly (issue 9, item 10).
        Case(
            "kontrolltegn_i_csv",
            lambda: [("kontrolltegn.csv", HOSTILE_CSV)],
            [(E, "kontrolltegn.csv", None, 3, "Kommunenummer", "«\\x1b[2J\\x1b[H✔ Dataene er gyldige.\\x1b[8m» er ikke et kommunenummer. "
              "Skriv kommunenummeret med fire sifre (for eksempel 3401), to sifre for et fylke (34) eller 0 for hele landet.")],
        ),
        Case(
            "kontrolltegn_i_xlsx",
            lambda: [("data.xlsx", hostile_workbook())],
            [
                (E, "data.xlsx", "Mål", 3, "Status", f"«\\x1b[2J\\x1b[HDataene er gyldige.» er ikke en gyldig status for mål. Bruk en av {GOAL_STATUSES}."),
                (I, "data.xlsx", "Notater\\u202e", None, None, "Arket «Notater\\u202e» er ikke i dataformatet og er hoppet over."),
            ],
        ),
        Case(
            "ingen_kjente_ark",
            lambda: [("notater.xlsx", small_sheet())],
            [
                (I, "notater.xlsx", "Notater", None, None, "Arket «Notater» er ikke i dataformatet og er hoppet over."),
                (E, None, None, None, None, "Fant ingen ark i dataformatet (for eksempel «Mål», «Aktiviteter», «Budsjett» eller «Sysselsetting»). Sjekk at arkene har riktige navn."),
            ],
        ),
    ]
    names = [case.name for case in cases]
    assert len(names) == len(set(names)), "case names must be unique"
    return cases


CASES: list[Case] = _cases()
DANGEROUS: list[Case] = [case for case in CASES if case.dangerous]


def write(out_dir: Path, cases: Sequence[Case] = CASES) -> dict[str, dict[str, object]]:
    """Write every case's files to ``out_dir/<case>/`` and a manifest; return the manifest."""
    manifest: dict[str, dict[str, object]] = {}
    for case in cases:
        folder = out_dir / case.name
        folder.mkdir(parents=True, exist_ok=True)
        for filename, data in case.files:
            (folder / filename).write_bytes(data)
        manifest[case.name] = {
            "files": [filename for filename, _ in case.files],
            "dangerous": case.dangerous,
            "expected": [[s.value, f, sh, r, c, m] for s, f, sh, r, c, m in case.expected],
        }
    (out_dir / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return manifest


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("bruk: python tests/corpus.py MAPPE")
    target = Path(sys.argv[1])
    written = write(target)
    print(f"Skrev {len(written)} tilfeller til {target} ({sum(1 for c in written.values() if c['dangerous'])} farlige).")
