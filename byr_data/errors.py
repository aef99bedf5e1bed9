"""Problems found in the data, and the one error type for bad data."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

#: How many problems of one kind are listed before the rest are counted.
MAX_LISTED = 200

#: Characters that a terminal obeys or that reorder text, never shown raw: C0 controls, DEL,
#: C1 controls and the bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069).
CONTROL_CHARACTERS: frozenset[int] = frozenset(
    [*range(0x00, 0x20), *range(0x7F, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
)
_VISIBLE = {c: (f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}") for c in CONTROL_CHARACTERS}


def printable(text: str) -> str:
    """Text with every control character written out visibly: ESC as the four characters ``\\x1b``, U+202E as ``\\u202e``.

    Data quoted in a message must not clear a terminal, fake a line of output or turn text
    around; a backslash is left as it is, so escaping twice changes nothing.
    """
    return text.translate(_VISIBLE)


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Problem:
    """One finding, located as the user sees it in Excel (row 1 is the header row)."""

    severity: Severity
    message: str
    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None

    def __post_init__(self) -> None:
        # One place for every message that quotes data, file names and sheet titles, for the
        # terminal (CLI) as well as the Data page.
        for name in ("message", "file", "sheet", "column"):
            value = getattr(self, name)
            if isinstance(value, str):
                object.__setattr__(self, name, printable(value))

    def location(self) -> str:
        """Where the problem is, in Norwegian: «fil.xlsx», arket «Mål», rad 7, kolonne «Status»."""
        parts = []
        if self.file:
            parts.append(f"«{self.file}»")
        if self.sheet:
            parts.append(f"arket «{self.sheet}»")
        if self.row is not None:
            parts.append(f"rad {self.row}")
        if self.column:
            parts.append(f"kolonne «{self.column}»")
        return ", ".join(parts)

    def text(self) -> str:
        """The problem as one Norwegian line for people."""
        where = self.location()
        return f"{where[:1].upper()}{where[1:]}: {self.message}" if where else self.message

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@dataclass
class Report:
    """Everything validation found, in the order it was found."""

    problems: list[Problem] = field(default_factory=list)
    #: Data rows read per sheet (its Norwegian name), also when the data had errors.
    tables: dict[str, int] = field(default_factory=dict)
    #: Sheets (canonical names) the files brought rows for, in the files' order, and those they had without rows.
    replaced: list[str] = field(default_factory=list)
    blank: list[str] = field(default_factory=list)

    def add(self, severity: Severity, message: str, *, file: str | None = None, sheet: str | None = None,
            row: int | None = None, column: str | None = None) -> None:
        self.problems.append(Problem(severity, message, file, sheet, row, column))

    def extend(self, other: Report) -> None:
        self.problems.extend(other.problems)
        self.tables.update(other.tables)
        self.replaced += [name for name in other.replaced if name not in self.replaced]
        self.blank += [name for name in other.blank if name not in self.blank]

    def _of(self, severity: Severity) -> list[Problem]:
        return [p for p in self.problems if p.severity is severity]

    @property
    def errors(self) -> list[Problem]:
        return self._of(Severity.ERROR)

    @property
    def warnings(self) -> list[Problem]:
        return self._of(Severity.WARNING)

    @property
    def info(self) -> list[Problem]:
        return self._of(Severity.INFO)

    @property
    def ok(self) -> bool:
        return not self.errors

    def lines(self, problems: list[Problem], limit: int = MAX_LISTED) -> list[str]:
        """The problems as Norwegian lines, at most ``limit``, then "… og N til"."""
        lines = [p.text() for p in problems[:limit]]
        if len(problems) > limit:
            lines.append(f"… og {len(problems) - limit} til")
        return lines


class DataError(Exception):
    """Bad data: the message and the report are for the user, in Norwegian."""

    def __init__(self, report: Report) -> None:
        self.report = report
        first = report.errors[0].text() if report.errors else "Ugyldige data."
        more = len(report.errors) - 1
        super().__init__(first + (f" (og {more} feil til)" if more > 0 else ""))
