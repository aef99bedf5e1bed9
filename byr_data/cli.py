"""Command line: ``python -m byr_data validate|summary FILE...``."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence

from byr_data.errors import Report
from byr_data.reading import LoadResult, load_paths
from byr_data.summary import report_json, summarise


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"«{text}» er ikke en dato på formen ÅÅÅÅ-MM-DD") from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m byr_data", description="Kontroller og oppsummer arbeidsbøker for ByR Glåmdalen.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="KOMMANDO")
    validate = commands.add_parser("validate", help="kontroller filene og list alle feil")
    summary = commands.add_parser("summary", help="oppsummer dataene")
    for command in (validate, summary):
        command.add_argument("files", nargs="+", metavar="FIL", help="Excel-arbeidsbøker (.xlsx) eller mapper med slike")
        command.add_argument("--json", action="store_true", help="skriv resultatet som JSON")
        command.add_argument("--date", type=_date, default=None, help="dagens dato for datokontroller (ÅÅÅÅ-MM-DD)")
    return parser


def _print_report(report: Report) -> None:
    for title, problems in (("Feil", report.errors), ("Advarsler", report.warnings), ("Informasjon", report.info)):
        if problems:
            print(f"{title} ({len(problems)}):")
            for line in report.lines(problems):
                print(f"  - {line}")
    tables = ", ".join(f"{sheet}: {rows} rader" for sheet, rows in report.tables.items())
    if tables:
        print(f"Lest: {tables}")
    print("Dataene er gyldige." if report.ok else f"Dataene har {len(report.errors)} feil. Rett dem og prøv igjen.")


def _emit(result: LoadResult, as_json: bool) -> None:
    if as_json:
        print(json.dumps(report_json(result.report), ensure_ascii=False, indent=2))
    else:
        _print_report(result.report)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; the exit code is 0 for valid data, 1 for invalid, 2 for wrong usage."""
    args = _parser().parse_args(argv)
    result = load_paths(args.files, today=args.date)
    if args.command == "validate" or result.dataset is None:
        _emit(result, args.json)
        return 0 if result.report.ok else 1
    summary = summarise(result.dataset)
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
