"""Checks on a file's bytes before any parser sees them: size, kind, zip bombs, macros,
passwords, XML entity declarations, the real extent of every sheet, text longer than a cell
may hold, and the lines and fields of a CSV file.

An upload form is a door. Everything here works on the raw bytes, the zip directory and a
streamed read of the zip entries, so a crafted file is refused before openpyxl or calamine
spends time or memory on it. Why the sheets are scanned and not only their ``<dimension>``:
calamine ignores that element and allocates a dense grid from the first to the last cell it
finds, so one stray cell at XFD1048576 in a 6 KB file makes it ask for 500 GB and abort the
whole process (no Python exception to catch). That holds for any part the workbook's
relationships name as a sheet, wherever it lives in the zip (``xl/sheets/``, the zip's root):
every such part is measured. A grid of rows × columns is therefore limited too
(``MAX_CELLS``): measured here in a fresh process, a sheet of 3 million numbers read in
3.0 s at 430 MB peak, 5 million in 5.5 s at 630 MB. calamine also copies a shared string
into every cell that uses it, so shared strings are limited by their own size and by the
text the cells would hold together (``MAX_STRING_CELLS_BYTES``).
"""

from __future__ import annotations

import codecs
import enum
import html
import io
import itertools
import posixpath
import re
import struct
import urllib.parse
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import IO

import numpy as np

from byr_data.errors import DataError, Report, Severity
from byr_data.fmt import number

#: Largest file accepted, in bytes (the same number as server.maxUploadSize in .streamlit/config.toml).
MAX_FILE_BYTES = 20 * 1024 * 1024
#: Largest total of the zip entries' declared uncompressed sizes.
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
#: Largest ratio of uncompressed to compressed size for one zip entry...
MAX_ENTRY_RATIO = 100
#: ...counted only for entries at least this large, so small XML parts that compress well pass.
RATIO_MIN_BYTES = 64 * 1024
MAX_ENTRIES = 1_000
MAX_SHEETS = 50
MAX_ROWS = 500_000
MAX_COLUMNS = 500
#: Largest grid (rows × columns, from A1 to the last cell) summed over all sheets. The national
#: scale workbook of the benchmark has about 0.8 million; see the module docstring for the cost.
MAX_CELLS = 3_000_000
#: Most characters in one cell, as in Excel: longer text in a cell, a shared string or a CSV field is refused.
MAX_CELL_CHARS = 32_767
#: Shared strings (xl/sharedStrings.xml): at most one per cell allowed, at most this many bytes of
#: XML, and at most this much text (bytes) in all the cells that refer to them together: calamine
#: copies a shared string into every cell that uses it, so one 30 000-character string in 20 000
#: cells of a 108 KB file took 1.3 GB and 4.8 s before this limit.
MAX_SHARED_STRINGS = MAX_CELLS
MAX_SHARED_STRINGS_BYTES = 64 * 1024 * 1024
MAX_STRING_CELLS_BYTES = 100_000_000
#: Longest line (or record) of a text file, in bytes: far above any SSB export (under 1 KB), far
#: below what makes the CSV readers slow (a 2 MB line of 10⁶ fields took 32 s and 1.8 GB).
MAX_LINE_BYTES = 128 * 1024

#: Macro-enabled workbook, template and add-in: refused by name even before the zip is read.
MACRO_SUFFIXES = (".xlsm", ".xltm", ".xlam")

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# --- messages (Norwegian: what is wrong, and what to do) -----------------------------------------

EMPTY = "Filen er tom. Velg riktig fil og prøv igjen."
TOO_BIG = f"Filen er større enn {MAX_FILE_BYTES // (1024 * 1024)} MB. Del den opp eller fjern unødvendige ark."
NOT_A_SPREADSHEET = "Filen er ikke et regneark. Lagre den som Excel-arbeidsbok (.xlsx) og prøv igjen."
NOT_A_WORKBOOK = "Filen er ikke en Excel-arbeidsbok. Lagre den som Excel-arbeidsbok (.xlsx) og prøv igjen."
BINARY_WORKBOOK = "Filen er en binær Excel-arbeidsbok (.xlsb), som ikke kan leses her. Lagre den som Excel-arbeidsbok (.xlsx) og prøv igjen."
DAMAGED = "Filen er skadet og kan ikke leses. Lagre den på nytt som .xlsx og prøv igjen."
BOMB = "Filen pakker seg ut til urimelig mye data og blir ikke lest. Lagre arket på nytt fra Excel og prøv igjen."
MACROS = "Filen inneholder makroer. Lagre den som Excel-arbeidsbok (.xlsx) uten makroer og prøv igjen."
PASSWORD = "Filen er passordbeskyttet. Lagre den uten passord og last opp på nytt."
DOCTYPE = (
    "Filen inneholder XML-definisjoner (DOCTYPE eller ENTITY) som ikke hører hjemme i en Excel-arbeidsbok, "
    "og blir ikke lest. Åpne den i Excel, lagre som .xlsx og prøv igjen."
)


def too_many_sheets(count: int) -> str:
    return f"Arbeidsboken har {count} ark; grensen er {MAX_SHEETS}. Fjern ark som ikke trengs."


def sheet_too_big(title: str, rows: int, columns: int) -> str:
    return (
        f"Arket «{title}» er for stort ({number(rows)} rader, {number(columns)} kolonner; "
        f"grensen er {number(MAX_ROWS)} rader og {number(MAX_COLUMNS)} kolonner). Del opp arket."
    )


def too_many_cells(cells: int | None) -> str:
    """``cells`` None: the sheets passed the limit before they were read to their end."""
    covered = f"{number(cells)} celler" if cells is not None else f"mer enn {number(MAX_CELLS)} celler"
    return (
        f"Arbeidsboken er for stor: arkene dekker til sammen {covered} (rader × kolonner, fra A1 til siste celle "
        f"med innhold eller formatering); grensen er {number(MAX_CELLS)}. Slett innhold og formatering langt ute til høyre "
        f"eller langt nede i arkene, eller del opp arbeidsboken."
    )


def cell_too_long(title: str, cell: str | None) -> str:
    where = f"Arket «{title}», celle {cell}, har" if cell else f"Arket «{title}» har en celle med"
    return (
        f"{where} mer enn {number(MAX_CELL_CHARS)} tegn, som er det meste en celle i Excel kan ha. "
        f"Kort ned teksten i cellen og prøv igjen."
    )


SHARED_STRING_TOO_LONG = (
    f"En tekst i arbeidsboken har mer enn {number(MAX_CELL_CHARS)} tegn, som er det meste en celle i Excel kan ha. "
    f"Finn cellen med den lange teksten, kort den ned og prøv igjen."
)


def too_many_strings(count: int) -> str:
    return (
        f"Arbeidsboken har {number(count)} ulike tekster; grensen er {number(MAX_SHARED_STRINGS)}. "
        f"Slett innhold som ikke trengs, eller del opp arbeidsboken."
    )


STRINGS_TOO_BIG = (
    f"Tekstene i arbeidsboken fyller til sammen mer enn {number(MAX_SHARED_STRINGS_BYTES // (1024 * 1024))} MB, som er grensen. "
    f"Slett lange tekster som ikke trengs, eller del opp arbeidsboken."
)


def string_cells_too_big(title: str) -> str:
    return (
        f"Cellene i arbeidsboken (til og med arket «{title}») ville til sammen holde mer enn "
        f"{number(MAX_STRING_CELLS_BYTES // 1_000_000)} MB tekst, fordi lange tekster går igjen i mange celler. "
        f"Kort ned de lange tekstene, eller del opp arbeidsboken."
    )


def too_many_lines(lines: int) -> str:
    return (
        f"Filen har {number(lines)} linjer; grensen er {number(MAX_ROWS)}. "
        f"Del opp filen, eller hent færre år eller regioner fra SSBs statistikkbank."
    )


def line_too_long(line: int, size: int) -> str:
    return (
        f"Linje {number(line)} i filen er for lang ({number(size)} byte; grensen er {number(MAX_LINE_BYTES)}). "
        f"Sjekk at filen er en CSV-eksport fra SSBs statistikkbank, og last den ned på nytt."
    )


def too_many_fields(line: int, fields: int) -> str:
    return (
        f"Linje {number(line)} i filen har {number(fields)} felt; grensen er {number(MAX_COLUMNS)} kolonner. "
        f"Sjekk at skilletegnet er semikolon, eller hent færre år fra SSBs statistikkbank."
    )


def field_too_long(line: int) -> str:
    return (
        f"Linje {number(line)} i filen har et felt med mer enn {number(MAX_CELL_CHARS)} tegn, som er det meste en celle "
        f"i Excel kan ha. Kort ned eller fjern teksten i feltet, og prøv igjen."
    )


def text_too_big(lines: int, columns: int) -> str:
    return (
        f"Filen er for stor: {number(lines)} linjer × {number(columns)} kolonner er {number(lines * columns)} celler; "
        f"grensen er {number(MAX_CELLS)}. Del opp filen, eller hent færre år eller regioner fra SSBs statistikkbank."
    )


class FileKind(enum.Enum):
    XLSX = "xlsx"  # an Office Open XML workbook (zip)
    XLS = "xls"  # a legacy Excel workbook (OLE)
    TEXT = "text"  # text, perhaps a CSV export


def file_error(name: str, message: str, sheet: str | None = None) -> DataError:
    """The data error for a problem with a whole file (or one named sheet of it)."""
    report = Report()
    report.add(Severity.ERROR, message, file=name, sheet=sheet)
    return DataError(report)


class _Refused(Exception):
    """A check failed: the message (and the sheet, when it is one sheet's problem)."""

    def __init__(self, message: str, sheet: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.sheet = sheet


def inspect(name: str, content: bytes) -> FileKind:
    """What kind of file this is; raises :class:`DataError` for anything that must not be parsed."""
    try:
        return _inspect(name, content)
    except _Refused as refused:
        raise file_error(name, refused.message, refused.sheet) from None


def _inspect(name: str, content: bytes) -> FileKind:
    if not content:
        raise _Refused(EMPTY)
    if len(content) > MAX_FILE_BYTES:
        raise _Refused(TOO_BIG)
    if content.startswith(OLE_MAGIC):
        _check_ole(content)
        return FileKind.XLS
    if content.startswith(b"PK"):
        _check_zip(name, content)
        return FileKind.XLSX
    if not _looks_like_text(content[:4096]):
        raise _Refused(NOT_A_SPREADSHEET)
    _check_text(content)
    return FileKind.TEXT


_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
_BINARY_MAGIC = (b"%PDF-", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x1f\x8b", b"7z\xbc\xaf", b"Rar!", b"BZh", b"\xfd7zXZ")


def _looks_like_text(head: bytes) -> bool:
    """Text, perhaps a CSV export: no control characters (UTF-16 with a byte order mark counts as text)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    return not head.startswith(_BINARY_MAGIC) and _CONTROL.search(head) is None


def line_count(content: bytes) -> int:
    """Lines of a text as the CSV readers split it: at "\\n", "\\r\\n" or a lone "\\r"; a last line without an end counts too."""
    ends = content.count(b"\n") + content.count(b"\r") - content.count(b"\r\n")
    return ends + (not content.endswith((b"\n", b"\r")))


def line_lengths(content: bytes) -> tuple[int, int, int]:
    """(lines, the longest line's number from 1, its length in bytes without the line end) of a text.

    Counted on the bytes with numpy, block by block so memory stays small: a 20 MB file takes
    some 50 ms and no parser is involved. Call it for a text of at most MAX_ROWS lines.
    """
    if not content:
        return 1, 1, 0
    data = np.frombuffer(content, dtype=np.uint8)
    found = []
    for start in range(0, len(data), _TEXT_BLOCK):
        block, following = data[start : start + _TEXT_BLOCK], data[start + 1 : start + _TEXT_BLOCK + 1]
        lone_return = block == 13
        lone_return[: len(following)] &= following != 10
        found.append(np.flatnonzero((block == 10) | lone_return) + start)
    ends = np.concatenate(found) if found else np.zeros(0, dtype=np.int64)
    if len(ends) == 0 or ends[-1] != len(content) - 1:
        ends = np.append(ends, len(content))
    lengths = np.diff(ends, prepend=-1) - 1
    lengths[(ends > 0) & (data[np.maximum(ends, 1) - 1] == 13) & (data[np.minimum(ends, len(data) - 1)] == 10)] -= 1  # "\\r\\n" ends one line
    longest = int(np.argmax(lengths))
    return len(ends), longest + 1, int(lengths[longest])


_TEXT_BLOCK = 1 << 22


def _check_text(content: bytes) -> None:
    """Lines and line length of a text file, before any CSV reader sees it.

    Fields and columns depend on the separator, which only the reader chooses: the SSB reader
    checks them record by record (:func:`byr_data.ssb.parse_text`), as the line length here
    bounds what one record can hold.
    """
    lines = line_count(content)
    if lines > MAX_ROWS:
        raise _Refused(too_many_lines(lines))
    _, line, size = line_lengths(content)
    if size > MAX_LINE_BYTES:
        raise _Refused(line_too_long(line, size))


# --- zip (xlsx) ------------------------------------------------------------------------------------


def _check_zip(name: str, content: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except Exception:  # BadZipFile mostly; a crafted directory can raise others
        raise _Refused(DAMAGED) from None
    with archive:
        entries = archive.infolist()
        _check_directory(name, entries)
        names = {_part(e.filename) for e in entries}
        if "xl/workbook.xml" not in names:
            raise _Refused(BINARY_WORKBOOK if "xl/workbook.bin" in names else NOT_A_WORKBOOK)
        try:
            _check_entries(archive, entries)
        except _Refused:
            raise
        except RuntimeError as error:  # zipfile: "File ... is encrypted, password required"
            raise _Refused(PASSWORD if "encrypted" in str(error) else DAMAGED) from None
        except Exception:  # BadZipFile (bad CRC, overlapping entries), zlib.error, EOFError, NotImplementedError, ...
            raise _Refused(DAMAGED) from None


def _part(filename: str) -> str:
    """A zip entry's name as a part name: forward slashes, no leading slash, lower case."""
    return filename.replace("\\", "/").lstrip("/").lower()


def _check_directory(name: str, entries: list[zipfile.ZipInfo]) -> None:
    """Sizes and names from the zip directory alone: nothing is decompressed yet."""
    if len(entries) > MAX_ENTRIES or sum(e.file_size for e in entries) > MAX_UNCOMPRESSED_BYTES:
        raise _Refused(BOMB)
    for entry in entries:
        if entry.file_size >= RATIO_MIN_BYTES and entry.file_size > MAX_ENTRY_RATIO * max(entry.compress_size, 1):
            raise _Refused(BOMB)
    if len({_part(e.filename) for e in entries}) != len(entries):
        raise _Refused(DAMAGED)  # two entries with one name: which one a reader takes is anyone's guess
    if name.lower().endswith(MACRO_SUFFIXES) or any(_part(e.filename).endswith("vbaproject.bin") for e in entries):
        raise _Refused(MACROS)


#: Parts calamine reads as sheets: it takes a sheet's type from the folder after "xl/".
_SHEET_FOLDERS = ("xl/worksheets/", "xl/dialogsheets/", "xl/chartsheets/", "xl/macrosheets/")


def _check_entries(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo]) -> None:
    """Read every entry once, streamed: prologs, sheet list and the real extent of each sheet.

    Reading every entry to its end also checks its CRC, so a damaged entry is found here and
    not in a parser; zipfile stops at the declared size, so a forged small size fails fast.
    Every part a reader may lay out as a sheet is measured, wherever it lives in the zip (see
    :func:`_sheet_titles`), and a part that several sheets name counts once per sheet.
    """
    for entry in entries:
        _check_prolog(archive, entry)
    titles = _sheet_titles(archive, entries)
    if len(titles.names) > MAX_SHEETS:
        raise _Refused(too_many_sheets(len(titles.names)))
    strings = _SharedStrings()
    for entry in entries:
        if _part(entry.filename) in titles.strings:
            strings.check(archive, entry)
            titles.read.add(_part(entry.filename))
    cells = 0
    text = 0  # bytes of shared-string text the sheets' cells refer to, at most
    for entry in entries:
        part = _part(entry.filename)
        if part in titles.parts or (part.startswith(_SHEET_FOLDERS) and "/_rels/" not in part):
            title = titles.by_part.get(part, entry.filename)
            if part.startswith("xl/macrosheets/") or part in titles.macros:
                raise _Refused(MACROS)
            uses = max(1, titles.references.get(part, 0))
            references = strings.references(entry, MAX_STRING_CELLS_BYTES - text, uses)
            rows, columns = _sheet_extent(archive, entry, title, references, cells, uses)
            if rows > MAX_ROWS or columns > MAX_COLUMNS:
                raise _Refused(sheet_too_big(title, rows, columns), sheet=title)
            cells += rows * columns * uses
            if cells > MAX_CELLS:
                raise _Refused(too_many_cells(cells))
            text += (references.total if references is not None else strings.bound(entry)) * uses
            if text > MAX_STRING_CELLS_BYTES:
                raise _Refused(string_cells_too_big(title), sheet=title)
        elif part not in titles.read:
            _drain(archive, entry)


def _drain(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> None:
    with archive.open(entry) as stream:
        while stream.read(CHUNK_BYTES):
            pass


CHUNK_BYTES = 1 << 20
#: Bytes read at first from each entry: enough for the byte order mark and the XML declaration.
PROLOG_BYTES = 4096
#: Byte order marks (UTF-32 before UTF-16: they share their first two bytes), and how the first
#: bytes of an XML document without one show its encoding (XML 1.0, appendix F).
_BOMS = (
    (b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xff\xfe\x00\x00", "utf-32-le"), (b"\xef\xbb\xbf", "utf-8"),
    (b"\xfe\xff", "utf-16-be"), (b"\xff\xfe", "utf-16-le"),
)
_WITHOUT_BOM = (
    (b"\x00\x00\x00<", "utf-32-be"), (b"<\x00\x00\x00", "utf-32-le"), (b"\x00<", "utf-16-be"), (b"<\x00", "utf-16-le"),
)
_ENCODING = re.compile(rb"""^<\?xml\s[^>]*?\bencoding\s*=\s*["']([A-Za-z][\w.:-]*)["']""")
_SPACE = re.compile(r"[\s\ufeff]*")


def _encodings(head: bytes) -> tuple[int, list[str]]:
    """Where the text starts (after a byte order mark) and the encodings to read it in.

    A byte order mark decides; without one, the first bytes tell UTF-16 and UTF-32, and an
    ASCII-like start is read in the encoding its declaration names and also byte for byte
    (Latin-1), as a reader that ignores the declaration would. An encoding Python does not
    know is refused: no reader here could read the part either.
    """
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return len(bom), [encoding]
    for start, encoding in _WITHOUT_BOM:
        if head.startswith(start):
            return 0, [encoding]
    declared = _ENCODING.match(head)
    if declared is None:
        return 0, ["latin-1"]
    try:
        name = codecs.lookup(declared.group(1).decode("ascii")).name
    except LookupError:
        raise _Refused(DAMAGED) from None
    return 0, ["latin-1"] if name in ("utf-8", "latin-1", "iso8859-1", "ascii", "cp1252") else [name, "latin-1"]


def _check_prolog(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> None:
    """Refuse an entry declaring a DOCTYPE or entities before its root element.

    The prolog (declaration, comments, processing instructions) is read in the part's own
    encoding, streamed, however long it is: memory stays at one chunk, and the time at most
    one read of the part, which the size limits bound.
    """
    with archive.open(entry) as stream:
        head = stream.read(PROLOG_BYTES)
    skip, encodings = _encodings(head)
    for encoding in encodings:
        with archive.open(entry) as stream:
            stream.read(skip)
            decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
            if _declares(decoder.decode(block) for block in _blocks(stream)):
                raise _Refused(DOCTYPE)


def _blocks(stream: IO[bytes]) -> Iterator[bytes]:
    """A stream's bytes: a small first block (most prologs end in it), then large ones."""
    size = PROLOG_BYTES
    while block := stream.read(size):
        yield block
        size = CHUNK_BYTES


def _declares(pieces: Iterator[str]) -> bool:
    """Whether text declares a DOCTYPE or an entity before its root element (any ``<!`` but a comment counts).

    Text that does not start with markup is no XML (a picture, say): no reader parses it as XML.
    """
    text, position, until = "", 0, None  # until: the end of the comment or instruction being skipped
    for piece in itertools.chain(pieces, [None]):
        final = piece is None
        text = text[position:] + (piece or "")
        position = 0
        while True:
            if until is not None:
                end = text.find(until, position)
                if end < 0:
                    position = max(position, len(text) - len(until) + 1)
                    break
                position, until = end + len(until), None
                continue
            space = _SPACE.match(text, position)
            assert space is not None  # the pattern matches the empty string
            position = space.end()
            if len(text) - position < 4 and not final:
                break  # too little to tell what comes: read on
            if text.startswith("<!--", position):
                position, until = position + 4, "-->"
            elif text.startswith("<?", position):
                position, until = position + 2, "?>"
            else:
                return text.startswith("<!", position)  # a DOCTYPE, an ENTITY or any other declaration
        if final:
            return False
    return False


@dataclass
class _Titles:
    """The workbook's sheet names, and which parts readers may lay out as sheets."""

    names: list[str] = field(default_factory=list)
    by_part: dict[str, str] = field(default_factory=dict)  # a sheet part -> the first sheet naming it
    references: dict[str, int] = field(default_factory=dict)  # a sheet part -> how many sheets name it
    parts: set[str] = field(default_factory=set)  # every part to measure as a sheet
    macros: set[str] = field(default_factory=set)  # parts declared as macro sheets
    strings: set[str] = field(default_factory=set)  # shared strings parts (calamine: xl/sharedStrings.xml)
    read: set[str] = field(default_factory=set)  # parts already read to their end


_ATTRIBUTE = re.compile(rb"""([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_SHEET_TAG = re.compile(rb"<(?:[\w.-]+:)?sheet(?=[\s/>])([^>]*)>")
_RELATIONSHIP_TAG = re.compile(rb"<(?:[\w.-]+:)?Relationship(?=[\s/>])([^>]*)>")
_OVERRIDE_TAG = re.compile(rb"<(?:[\w.-]+:)?Override(?=[\s/>])([^>]*)>")
#: The last part of a relationship type that names a sheet (calamine reads the first three,
#: openpyxl any part a ``<sheet>`` points to), and content types of sheets.
_SHEET_TYPES = frozenset({"worksheet", "chartsheet", "dialogsheet", "macrosheet", "xlmacrosheet", "xlintlmacrosheet"})
_MACRO_TYPES = frozenset({"macrosheet", "xlmacrosheet", "xlintlmacrosheet"})
_SHEET_CONTENT = re.compile(r"(worksheet|chartsheet|dialogsheet|macrosheet)\+xml$", re.IGNORECASE)


def _attributes(text: bytes) -> dict[bytes, bytes]:
    return {m.group(1): m.group(2) if m.group(2) is not None else m.group(3) for m in _ATTRIBUTE.finditer(text)}


def _unescape(value: bytes) -> str:
    return html.unescape(value.decode("utf-8", errors="replace"))


def _tags(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, pattern: re.Pattern[bytes]) -> Iterator[dict[bytes, bytes]]:
    """The attributes of every tag matching ``pattern`` in an entry, read in chunks."""
    for chunk in _chunks(archive, entry):
        for match in pattern.finditer(chunk):
            yield _attributes(match.group(1))


def _targets(target: str) -> set[str]:
    """Every part a relationship target of xl/workbook.xml may name, as the readers resolve it.

    calamine: "/x" is "x" from the zip's root, anything else "xl/" + target, matched ignoring
    case and backslashes; openpyxl: the same, with "." and ".." resolved. Both are measured, so
    a target that one reader finds is measured whatever the other does.
    """
    found = set()
    for path in {target, urllib.parse.unquote(target)}:
        path = path.replace("\\", "/")
        if path.startswith("/"):
            found.add(path)
        else:
            found |= {f"xl/{path}", posixpath.normpath(f"xl/{path}")}
    return {_part(path) for path in found}


def _sheet_titles(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo]) -> _Titles:
    """Sheet names from xl/workbook.xml, and the parts readers may read as sheets.

    Those are the targets of the workbook's ``<sheet>`` elements (whatever their relationship
    type), of every relationship of a sheet type, and every part [Content_Types].xml declares
    as a sheet. A ``<sheet>`` whose relationship names no part in the zip is refused as damaged.
    """
    titles = _Titles()
    by_part = {_part(e.filename): e for e in entries}
    targets: dict[str, set[str]] = {}
    rels = by_part.get("xl/_rels/workbook.xml.rels")
    if rels is not None:
        for attributes in _tags(archive, rels, _RELATIONSHIP_TAG):
            kind = _unescape(attributes.get(b"Type", b"")).rsplit("/", 1)[-1].lower()
            parts = _targets(_unescape(attributes.get(b"Target", b"")))
            targets[_unescape(attributes.get(b"Id", b""))] = parts
            if kind == "sharedstrings":
                titles.strings |= parts & by_part.keys()
            if kind in _SHEET_TYPES:
                titles.parts |= parts & by_part.keys()
                if kind in _MACRO_TYPES:
                    titles.macros |= parts
        titles.read.add("xl/_rels/workbook.xml.rels")
    types = by_part.get("[content_types].xml")
    if types is not None:
        for attributes in _tags(archive, types, _OVERRIDE_TAG):
            content = _unescape(attributes.get(b"ContentType", b"")).strip()
            if content.lower().endswith("sharedstrings+xml"):
                titles.strings.add(_part(_unescape(attributes.get(b"PartName", b""))))
            found = _SHEET_CONTENT.search(content)
            if found is not None:
                part = _part(_unescape(attributes.get(b"PartName", b"")))
                titles.parts.add(part)
                if found.group(1).lower() == "macrosheet":
                    titles.macros.add(part)
        titles.read.add("[content_types].xml")
    for attributes in _tags(archive, by_part["xl/workbook.xml"], _SHEET_TAG):
        title = _unescape(attributes.get(b"name", b""))
        titles.names.append(title)
        rid = next((v for k, v in attributes.items() if k == b"id" or k.endswith(b":id")), None)
        if rid is None or _unescape(rid) not in targets:
            continue
        parts = targets[_unescape(rid)] & by_part.keys()
        if not parts:
            raise _Refused(DAMAGED)  # the sheet's part is missing: no reader can read it
        for part in parts:
            titles.by_part.setdefault(part, title)
            titles.references[part] = titles.references.get(part, 0) + 1
        titles.parts |= parts
    titles.read.add("xl/workbook.xml")
    titles.strings = (titles.strings | {"xl/sharedstrings.xml"}) & by_part.keys()
    return titles


MAX_TAG_BYTES = 1 << 20


def _chunks(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, items: _ItemText | None = None) -> Iterator[bytes]:
    """An entry's bytes in chunks cut just before a ``<``, so no tag is cut in two.

    (A ``>`` may stand inside a quoted attribute value, a ``<`` may not.) More than
    MAX_TAG_BYTES without a ``<`` is a damaged part, or, when ``items`` is given and the tag
    has ended, text longer than any cell may hold.
    """
    carry = b""
    with archive.open(entry) as stream:
        while block := stream.read(CHUNK_BYTES):
            data = carry + block
            cut = data.rfind(b"<")
            if cut <= 0:
                carry = data
                if len(carry) > MAX_TAG_BYTES:
                    end = carry.find(b">", 0, 4096)
                    if items is not None and carry.startswith(b"<") and end > 0:  # a tag, then text
                        raise items.too_long(carry[: end + 1])
                    raise _Refused(DAMAGED)
                continue
            carry = data[cut:]
            yield data[:cut]
    if carry:
        yield carry


# Cells as every known writer puts them (Excel, LibreOffice, openpyxl, xlsxwriter): no namespace
# prefix, ``r`` first in double quotes. A chunk where every cell is written so is measured on
# its bytes with numpy (_usual_extent: about 0.1 s for the 34 MB sheet of the benchmark's scale
# workbook, where regex passes took 0.25 s); any other chunk sends the sheet to _walk_sheet,
# which follows the tags the way calamine does. Every ``<`` starts markup (it cannot stand
# unescaped in text or attribute values), so every ``<c`` followed by a space, ``/`` or ``>``
# is taken for a cell element, and a cell's first ``r`` is the position calamine uses.
_ANY_CELL = re.compile(rb"<c[\s/>]")


def _byte_class(members: bytes) -> np.ndarray:
    table = np.zeros(256, dtype=bool)
    table[list(members)] = True
    return table


_TAG_END = _byte_class(b" \t\n\r\x0b\x0c/>")  # what may follow a tag's name (regex: [\s/>])
_UPPER = _byte_class(bytes(range(ord("A"), ord("Z") + 1)))
_DIGIT = _byte_class(b"0123456789")
#: Bytes read from each cell's "<": '<c r="', 3 letters, 7 digits and more, the closing quote.
_WINDOW = 20


def _usual_extent(chunk: bytes) -> tuple[int, int] | None:
    """(last row, last column) of the cells in a chunk, or None when some cell or row is not written the usual way.

    Usual: ``<c r="`` then 1–3 capital letters, 1–7 digits and ``"``, and no ``:c`` or ``:row``
    tag (a namespace prefix). Each cell's first bytes are read side by side, so the cost is a
    few array operations per chunk and not one regex match per cell.
    """
    size = len(chunk)
    data = np.frombuffer(chunk + bytes(_WINDOW), dtype=np.uint8)
    colons = np.flatnonzero(data[:size] == ord(":"))
    if len(colons):
        after = data[colons[:, None] + np.arange(1, 5)]
        cell = (after[:, 0] == ord("c")) & _TAG_END[after[:, 1]]
        row = (after[:, 0] == ord("r")) & (after[:, 1] == ord("o")) & (after[:, 2] == ord("w")) & _TAG_END[after[:, 3]]
        if (cell | row).any():
            return None
    opens = np.flatnonzero(data[:size] == ord("<"))
    opens = opens[(data[opens + 1] == ord("c")) & _TAG_END[data[opens + 2]]]
    if not len(opens):
        return 0, 0
    for place, expected in enumerate(b' r="', start=2):
        if (data[opens + place] != expected).any():
            return None
    # The bytes after 'r="', place by place, for all cells at once: 1-3 capitals, 1-7 digits, '"'.
    after = [data[opens + place].astype(np.int64) for place in range(6, 17)]
    letters = np.zeros(len(opens), dtype=np.int64)  # capitals in a row, 0-4
    running = np.ones(len(opens), dtype=bool)
    for place in range(4):
        running &= _UPPER[after[place]]
        letters += running
    if ((letters < 1) | (letters > 3)).any():
        return None
    one, two, three = after[0] - 64, after[1] - 64, after[2] - 64
    columns = np.where(letters == 1, one, np.where(letters == 2, one * 26 + two, (one * 26 + two) * 26 + three))
    rows = np.zeros(len(opens), dtype=np.int64)
    digits = np.zeros(len(opens), dtype=np.int64)  # digits in a row after the capitals, 0-8
    running = np.ones(len(opens), dtype=bool)
    for place in range(1, 11):
        digit = _DIGIT[after[place]]
        counted = running & (letters <= place)
        running &= ~counted | digit
        counted &= digit
        rows = np.where(counted, rows * 10 + after[place] - 48, rows)
        digits += counted
    if ((digits < 1) | (digits > 7)).any() or (data[opens + 6 + letters + digits] != ord('"')).any():
        return None
    return int(rows.max()), int(columns.max())


def _column_number(letters: bytes | str) -> int:
    result = 0
    for letter in letters.decode("ascii") if isinstance(letters, bytes) else letters:
        result = result * 26 + ord(letter.upper()) - 64
    return result


def _sheet_extent(
    archive: zipfile.ZipFile, entry: zipfile.ZipInfo, title: str, strings: _StringCells | None = None, before: int = 0, uses: int = 1,
) -> tuple[int, int]:
    """Rows and columns from A1 to the last cell, as calamine will lay the sheet out.

    Cells without a value count too (calamine drops them, but a formatted cell far out is rare
    and only makes this bound larger, never smaller). In the same read, a cell holding more
    text than Excel allows is refused, and ``strings`` adds up the shared strings cells use.
    The grid only grows as the sheet is read: once it and the earlier sheets' ``before`` cells
    pass MAX_CELLS, the workbook is refused without reading on.
    """
    max_row = max_column = 0
    items = _ItemText(_ANY_CELL, lambda tag: _cell_too_long(title, tag))
    for chunk in _chunks(archive, entry, items):
        # More of the sheet is left than its closing tags: a sheet too large is told as such, at its end.
        if before + max_row * max_column * uses > MAX_CELLS and len(chunk) > PROLOG_BYTES and max_row <= MAX_ROWS and max_column <= MAX_COLUMNS:
            raise _Refused(too_many_cells(None))
        extent = _usual_extent(chunk)
        if extent is None:
            return _walk_sheet(archive, entry, title, strings)
        items.feed(chunk)
        if strings is not None:
            strings.feed(chunk)
        max_row, max_column = max(max_row, extent[0]), max(max_column, extent[1])
    items.close()
    return max_row, max_column


_QUOTED = rb"""(?:[^"'<>]|"[^"<]*"|'[^'<]*')*"""
_TAG = re.compile(rb"<(/?)(?:[\w.-]+:)?(row|c)(?=[\s/>])(" + _QUOTED + rb")>")
_OPENING = re.compile(rb"<(?:[\w.-]+:)?(?:row|c)[\s/>]")
_CLOSING = re.compile(rb"</(?:[\w.-]+:)?(?:row|c)[\s>]")
_REFERENCE = re.compile(r"([A-Za-z]{0,3})([0-9]{1,7})")
#: Rows and cells walked one by one in a sheet not written the usual way; beyond, it is refused.
MAX_WALKED_TAGS = 1_000_000


def walked_too_far(title: str) -> str:
    return (
        f"Arket «{title}» er lagret på en uvanlig måte og har for mange rader og celler til å bli kontrollert "
        f"(over {number(MAX_WALKED_TAGS)}). Åpne filen i Excel, lagre som .xlsx og prøv igjen."
    )


def _walk_sheet(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, title: str, strings: _StringCells | None = None) -> tuple[int, int]:
    """The sheet's extent, following rows and cells without ``r`` the way calamine does (slow).

    A row without ``r`` is the one after the previous row; a cell without ``r`` is the one right
    of the previous cell. A ``<row`` or ``<c`` tag these patterns cannot read is refused as
    damaged rather than skipped, so nothing is left out of the count.
    """
    row = column = max_row = max_column = tags = 0
    items = _ItemText(_ANY_PREFIXED_CELL, lambda tag: _cell_too_long(title, tag))
    if strings is not None:
        strings.total = 0  # counted again from the start
    for chunk in _chunks(archive, entry, items):
        items.feed(chunk)
        if strings is not None:
            strings.feed(chunk)
        matches = _TAG.findall(chunk)
        closing = sum(1 for m in matches if m[0])
        if len(matches) - closing != len(_OPENING.findall(chunk)) or closing != len(_CLOSING.findall(chunk)):
            raise _Refused(DAMAGED)
        tags += len(matches) - closing
        if tags > MAX_WALKED_TAGS:
            raise _Refused(walked_too_far(title), sheet=title)
        for end, kind, rest in matches:
            if end:
                if kind == b"row":
                    row, column = row + 1, 0
                continue
            reference = None
            if b"r" in rest:
                references = [v or w for k, v, w in _ATTRIBUTE.findall(rest) if k == b"r"]
                if len(references) > 1:
                    raise _Refused(DAMAGED)
                if references:
                    reference = _REFERENCE.fullmatch(_unescape(references[0]).strip())
                    if reference is None:
                        raise _Refused(DAMAGED)
            if kind == b"row":
                if reference is not None:
                    row = int(reference.group(2)) - 1
                if rest.endswith(b"/"):
                    row, column = row + 1, 0
                continue
            if reference is not None:
                column = _column_number(reference.group(1)) - 1 if reference.group(1) else column
                position = (int(reference.group(2)) - 1, column)
            else:
                position = (row, column)
            column += 1
            max_row, max_column = max(max_row, position[0] + 1), max(max_column, position[1] + 1)
    items.close()
    return max_row, max_column


# --- text in cells and shared strings -------------------------------------------------------------------------

_ANY_PREFIXED_CELL = re.compile(rb"<(?:[\w.-]+:)?c[\s/>]")
_SHARED_STRING = re.compile(rb"<(?:[\w.-]+:)?si[\s/>]")
#: The text after an opening <t> (text, also in rich-text runs) or <v> (a value): what a reader keeps.
_TEXT = re.compile(rb"""<(?:[\w.-]+:)?[tv](?:\s(?:[^>"']|"[^"]*"|'[^']*')*)?>([^<]*)""")
_CELL_REFERENCE = re.compile(rb"""\sr\s*=\s*["']([A-Za-z]{1,3}[0-9]{1,7})["']""")


def _cell_too_long(title: str, tag: bytes) -> _Refused:
    reference = _CELL_REFERENCE.search(tag)
    return _Refused(cell_too_long(title, reference.group(1).decode("ascii").upper() if reference else None), sheet=title)


def _characters(region: bytes) -> int:
    """Characters of text a reader keeps from a stretch of XML: bytes first, decoded only when many."""
    nodes = _TEXT.findall(region)
    size = sum(map(len, nodes))
    if size <= MAX_CELL_CHARS:
        return size  # bytes: never fewer than the characters
    return len(html.unescape(b"".join(nodes).decode("utf-8", errors="replace")))


class _ItemText:
    """Finds an item (a cell, a shared string) holding more than MAX_CELL_CHARS characters, chunk by chunk.

    Such an item spans more than MAX_CELL_CHARS bytes from its start tag to the next item's, so
    one of the aligned blocks of BLOCK bytes inside it holds no start tag. Each block is probed
    with one search that stops at the first start (a cell every few dozen bytes in an ordinary
    sheet), and only the item around an empty block is read closely; an item that runs on into
    the next chunk is counted there. The cost is a few hundred short searches per megabyte.
    """

    BLOCK = 8192

    def __init__(self, start: re.Pattern[bytes], refusal: Callable[[bytes], _Refused]) -> None:
        self.start, self.refusal = start, refusal
        self.open = False  # an item runs on from the previous chunk
        self.tag = b""  # its start tag
        self.tail = b""  # its bytes so far, while few
        self.counted: int | None = None  # its characters so far, once many bytes

    def too_long(self, tag: bytes) -> _Refused:
        return self.refusal(self.tag if self.open else tag)

    def feed(self, chunk: bytes) -> None:
        size = len(chunk)
        first = self.start.search(chunk)
        if first is None:
            if self.open:
                self._extend(chunk)
            return
        if self.open:
            self._extend(chunk[: first.start()])
            self.open = False
        last = first.start()
        block = last // self.BLOCK + 1
        while block * self.BLOCK < size:
            found = self.start.search(chunk, block * self.BLOCK, min((block + 1) * self.BLOCK, size))
            if found is not None:
                last, block = found.start(), block + 1
                continue
            item = self._last_start(chunk, last, block * self.BLOCK)
            following = self.start.search(chunk, (block + 1) * self.BLOCK)
            if following is None:
                self._open(chunk, item)
                return
            if following.start() - item > MAX_CELL_CHARS and _characters(chunk[item : following.start()]) > MAX_CELL_CHARS:
                raise self.refusal(self._tag(chunk, item))
            last = following.start()
            block = last // self.BLOCK + 1
        self._open(chunk, self._last_start(chunk, last, size))

    def close(self) -> None:
        self.open = False

    def _last_start(self, chunk: bytes, begin: int, end: int) -> int:
        last = begin
        for found in self.start.finditer(chunk, begin, end):
            last = found.start()
        return last

    def _tag(self, chunk: bytes, item: int) -> bytes:
        return chunk[item : chunk.find(b">", item, item + 4096) + 1]

    def _open(self, chunk: bytes, item: int) -> None:
        self.open, self.tag, self.tail, self.counted = True, self._tag(chunk, item), b"", None
        self._extend(chunk[item:])

    def _extend(self, piece: bytes) -> None:
        if self.counted is None and len(self.tail) + len(piece) <= MAX_CELL_CHARS:
            self.tail += piece  # few bytes: cannot be too many characters yet
            return
        if self.counted is None:
            self.counted, self.tail = _characters(self.tail), b""
        self.counted += _characters(piece)
        if self.counted > MAX_CELL_CHARS:
            raise self.refusal(self.tag)


class _StringCells:
    """Adds up, chunk by chunk, the shared-string text (bytes) that a sheet's cells refer to.

    A cell of type "s" whose index cannot be read counts as the longest shared string.
    """

    _CELL = re.compile(rb"""<(?:[\w.-]+:)?c\s[^>]*?\bt\s*=\s*["']s["']""")
    _INDEX = re.compile(rb"""<(?:[\w.-]+:)?c\s[^>]*?\bt\s*=\s*["']s["'][^>]*>\s*<(?:[\w.-]+:)?v>\s*([0-9]{1,9})\s*<""")

    def __init__(self, lengths: np.ndarray, longest: int) -> None:
        self.lengths, self.longest, self.total = lengths, longest, 0

    def feed(self, chunk: bytes) -> None:
        cells = len(self._CELL.findall(chunk))
        if not cells:
            return
        found = np.array(self._INDEX.findall(chunk), dtype=np.int64)
        known = found[found < len(self.lengths)]
        self.total += int(self.lengths[known].sum()) + (cells - len(known)) * self.longest


class _SharedStrings:
    """The shared strings parts: their count, size and the longest item, and what cells may refer to."""

    #: Bytes of markup every shared string with text has at least: <si><t></t></si>.
    MARKUP = 16
    #: The fewest bytes of a cell referring to a shared string: <c t="s"><v>0</v></c>.
    SMALLEST_CELL = 21

    def __init__(self) -> None:
        self.lengths = np.zeros(0, dtype=np.int64)  # text bytes of each shared string, at most
        self.longest = 0

    def check(self, archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> None:
        """Refuse too many or too large shared strings, or one longer than a cell may hold."""
        if entry.file_size > MAX_SHARED_STRINGS_BYTES:
            raise _Refused(STRINGS_TOO_BIG)
        items = _ItemText(_SHARED_STRING, lambda tag: _Refused(SHARED_STRING_TOO_LONG))
        starts: list[np.ndarray] = []
        count = offset = 0
        for chunk in _chunks(archive, entry, items):
            items.feed(chunk)
            found = np.fromiter((m.start() for m in _SHARED_STRING.finditer(chunk)), dtype=np.int64) + offset
            count += len(found)
            if count > MAX_SHARED_STRINGS:
                raise _Refused(too_many_strings(count))
            starts.append(found)
            offset += len(chunk)
        items.close()
        positions = np.concatenate([*starts, [offset]])
        lengths = np.maximum(np.diff(positions) - self.MARKUP, 0)
        self.lengths = np.concatenate([self.lengths, lengths])
        self.longest = max(self.longest, int(lengths.max(initial=0)))

    def bound(self, entry: zipfile.ZipInfo) -> int:
        """The most shared-string text a sheet part this large can refer to, without reading it."""
        return entry.file_size // self.SMALLEST_CELL * self.longest

    def references(self, entry: zipfile.ZipInfo, budget: int, uses: int) -> _StringCells | None:
        """A counter for the sheet's reading, when the bound without reading is over the budget."""
        return _StringCells(self.lengths, self.longest) if self.bound(entry) * uses > budget else None


# --- OLE (legacy .xls, or an encrypted workbook) -------------------------------------------------------

#: BIFF record types (MS-XLS): sheet list, password, and the records that hold one cell or a run.
_BOF, _EOF, _BOUNDSHEET, _FILEPASS = 0x0809, 0x000A, 0x0085, 0x002F
_CELLS = {0x0006, 0x00D6, 0x00FD, 0x0201, 0x0203, 0x0204, 0x0205, 0x027E, 0x0406, 0x0001, 0x0002, 0x0003, 0x0004, 0x0005}
_RUNS = {0x00BD, 0x00BE}  # MULRK, MULBLANK: row, first column, ..., last column


def _check_ole(content: bytes) -> None:
    """An OLE compound file: refuse encryption and macros, and measure a legacy workbook's sheets."""
    import olefile

    try:
        ole = olefile.OleFileIO(io.BytesIO(content))
    except Exception:  # olefile raises many kinds of error for a broken file
        raise _Refused(DAMAGED) from None
    with ole:
        try:
            streams = [[part.lower() for part in path] for path in ole.listdir(streams=True, storages=True)]
            if any(path[-1] in ("encryptioninfo", "encryptedpackage") for path in streams):
                raise _Refused(PASSWORD)
            if any(path[0] in ("_vba_project_cur", "_vba_project", "macros") for path in streams):
                raise _Refused(MACROS)
            name = next((path[0] for path in streams if len(path) == 1 and path[0] in ("workbook", "book")), None)
            if name is None:
                raise _Refused(NOT_A_WORKBOOK)
            stream = ole.openstream(name).read()
        except _Refused:
            raise
        except Exception:
            raise _Refused(DAMAGED) from None
    _check_biff(stream)


def _check_biff(stream: bytes) -> None:
    """Walk the workbook stream's records: password, macro sheets, sheet count and extents.

    Like an xlsx sheet, a legacy sheet is laid out by calamine as a dense grid up to its last
    cell (at most 65 536 × 256), so its extent is measured from the cell records first.
    """
    titles: dict[int, str] = {}
    extents: list[list[int]] = []  # [offset of the sheet's BOF record, rows, columns]
    open_streams: list[list[int]] = []  # BOF ... EOF substreams, nested for embedded charts
    position, size = 0, len(stream)
    while position + 4 <= size:
        kind, length = struct.unpack_from("<HH", stream, position)
        data = stream[position + 4 : position + 4 + length]
        if kind == _BOF:
            open_streams.append([position, 0, 0])
            extents.append(open_streams[-1])
        elif kind == _EOF:
            if open_streams:
                open_streams.pop()
        elif kind == _FILEPASS:
            raise _Refused(PASSWORD)
        elif kind == _BOUNDSHEET and len(data) >= 8:
            offset, _, sheet_type, count, flags = struct.unpack_from("<IBBBB", data)
            if sheet_type in (0x01, 0x06):  # an Excel 4 macro sheet or a VBA module
                raise _Refused(MACROS)
            raw = data[8 : 8 + (2 * count if flags & 1 else count)]
            titles[offset] = raw.decode("utf-16-le" if flags & 1 else "latin-1", errors="replace")
        elif open_streams and len(data) >= 4 and (kind in _CELLS or kind in _RUNS):
            row, column = struct.unpack_from("<HH", data)
            if kind in _RUNS and len(data) >= 6:
                column = struct.unpack_from("<H", data, len(data) - 2)[0]
            current = open_streams[-1]
            current[1], current[2] = max(current[1], row + 1), max(current[2], column + 1)
        position += 4 + length
    if len(titles) > MAX_SHEETS:
        raise _Refused(too_many_sheets(len(titles)))
    cells = 0
    for offset, rows, columns in extents:
        title = titles.get(offset, "")
        if rows > MAX_ROWS or columns > MAX_COLUMNS:
            raise _Refused(sheet_too_big(title, rows, columns), sheet=title or None)
        cells += rows * columns
        if cells > MAX_CELLS:
            raise _Refused(too_many_cells(cells))


def check_shape(name: str, title: str, rows: int, columns: int) -> None:
    """Refuse a sheet larger than the limits (also checked from the sheet's cells before parsing)."""
    if rows > MAX_ROWS or columns > MAX_COLUMNS:
        raise file_error(name, sheet_too_big(title, rows, columns), sheet=title)
