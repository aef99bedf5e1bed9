"""Command line: ``python -m byr_data validate|summary FILE...``, and the published versions:
``publish``, ``versions``, ``rollback``, ``export``, ``backup`` and ``fetch-ssb`` (each with ``--db URL``);
``report --date YYYY-MM-DD --out FILE.docx|FILE.pdf [FILE... | --db URL]`` writes the status report (PDF through LibreOffice)."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from byr_data import fmt
from byr_data.dataset import Dataset
from byr_data.errors import CONTROL_CHARACTERS, DataError, Report, printable
from byr_data.headers import sheet_for_title
from byr_data.model import SHEETS
from byr_data.reading import CHOOSABLE, LoadResult, load_paths, read_paths
from byr_data.summary import report_json, summarise


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    parts = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
    reason = parts and fmt.no_such_date(*(int(part) for part in parts.groups()))
    if reason:
        raise argparse.ArgumentTypeError(f"{text} finnes ikke: {reason}. Skriv datoen som ÅÅÅÅ-MM-DD, for eksempel 2016-02-15") from None
    raise argparse.ArgumentTypeError(f"«{printable(text)}» er ikke en dato på formen ÅÅÅÅ-MM-DD") from None


def _sheet(text: str) -> str:
    """A sheet of the format by its Norwegian name (as in the data format), as its canonical name."""
    sheet = sheet_for_title(text)
    if sheet is None:
        names = ", ".join(s.header for s in SHEETS)
        raise argparse.ArgumentTypeError(f"«{printable(text)}» er ikke et ark i dataformatet. Skriv navnet på arket, et av: {names}")
    return sheet.name


def _empty_option(command: argparse.ArgumentParser) -> None:
    command.add_argument("--empty", action="append", type=_sheet, default=[], metavar="ARK",
                         help="tøm arket i den nye versjonen (kan gjentas); et ark med bare overskriftsraden beholdes ellers fra dagens data")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m byr_data", description="Kontroller, oppsummer og publiser arbeidsbøker for ByR Glåmdalen."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="KOMMANDO")
    validate = commands.add_parser("validate", help="kontroller filene og list alle feil")
    summary = commands.add_parser("summary", help="oppsummer dataene")
    for command in (validate, summary):
        command.add_argument("files", nargs="*", metavar="FIL", help="arbeidsbøker, SSB-eksporter (.csv) eller mapper med slike")
        command.add_argument("--json", action="store_true", help="skriv resultatet som JSON")
        command.add_argument("--date", type=_date, default=None, help="dagens dato for datokontroller (ÅÅÅÅ-MM-DD)")
        _kind_argument(command)
    _empty_option(validate)
    _store_parsers(commands)
    _report_parser(commands)
    return parser


def _kind_argument(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--som", nargs=2, action="append", default=[], metavar=("Sysselsetting|Befolkning", "FIL"),
        help="hva en SSB-eksport som ikke sier det selv, inneholder (filen leses også)",
    )


def _files_and_kinds(args: argparse.Namespace, parser: argparse.ArgumentParser) -> None:
    """The files to read (those given with --som too) as ``args.files``, and what each --som file holds as ``args.kinds``."""
    files, kinds = list(args.files), {}
    for kind, file in args.som:
        chosen = next((k for k in CHOOSABLE if k.casefold() == kind.casefold()), None)
        if chosen is None:
            parser.error(f"--som må være «Sysselsetting» eller «Befolkning», ikke «{kind}».")
        kinds[Path(file).name] = chosen
        if file not in files:
            files.append(file)
    if not files:
        parser.error("oppgi minst én fil (FIL).")
    args.files, args.kinds = files, kinds


def _report_parser(commands: argparse._SubParsersAction) -> None:
    report = commands.add_parser("report", help="lag statusrapporten (Word eller PDF) per en dato")
    report.add_argument("files", nargs="*", metavar="FIL", help="arbeidsbøker eller mapper (ellers den gjeldende versjonen i databasen)")
    report.add_argument("--date", required=True, type=_date, metavar="ÅÅÅÅ-MM-DD", help="rapporteringsdatoen")
    report.add_argument("--since", type=_date, default=None, metavar="ÅÅÅÅ-MM-DD",
                        help="starten på perioden (standard: forrige rapports dato, ellers seks måneder før)")
    report.add_argument("--out", required=True, type=Path, metavar="FIL.docx|FIL.pdf",
                        help="filen som skal skrives: .docx gir Word, .pdf gir PDF (krever LibreOffice)")
    report.add_argument("--db", metavar="URL", default=None, help="databasens adresse (ellers BYR_DATABASE_URL, ellers data/byr.sqlite)")


def _store_parsers(commands: argparse._SubParsersAction) -> None:
    db = argparse.ArgumentParser(add_help=False)
    db.add_argument("--db", metavar="URL", default=None, help="databasens adresse (ellers BYR_DATABASE_URL, ellers data/byr.sqlite)")
    publish = commands.add_parser("publish", parents=[db], help="kontroller filene og publiser dem som ny versjon")
    publish.add_argument(
        "files", nargs="*", metavar="FIL", help="arbeidsbøker, SSB-eksporter eller mapper; ark som mangler, beholdes fra dagens versjon"
    )
    _kind_argument(publish)
    publish.add_argument("--comment", required=True, metavar="TEKST", help="hva som er endret")
    publish.add_argument("--author", default=None, metavar="NAVN", help="hvem som publiserer (standard: brukernavnet)")
    _empty_option(publish)
    versions = commands.add_parser("versions", parents=[db], help="list de publiserte versjonene")
    versions.add_argument("--json", action="store_true", help="skriv listen som JSON")
    rollback = commands.add_parser("rollback", parents=[db], help="publiser en tidligere versjon på nytt")
    rollback.add_argument("version", type=int, metavar="VERSJON", help="versjonsnummeret")
    rollback.add_argument("--author", default=None, metavar="NAVN", help="hvem som tilbakestiller (standard: brukernavnet)")
    rollback.add_argument("--comment", default=None, metavar="TEKST", help="standard: «Tilbakestilt til versjon N»")
    export = commands.add_parser("export", parents=[db], help="skriv dataene som én arbeidsbok")
    export.add_argument("--out", required=True, type=Path, metavar="FIL.xlsx", help="filen som skal skrives")
    export.add_argument("--version", type=int, default=None, metavar="VERSJON", help="en annen versjon enn den gjeldende")
    backup = commands.add_parser("backup", parents=[db], help="ta en sikkerhetskopi av SQLite-databasen")
    backup.add_argument("--out", required=True, type=Path, metavar="FIL", help="kopien som skal skrives")
    fetch = commands.add_parser("fetch-ssb", parents=[db], help="hent sysselsetting (tabell 13470) og folketall (07459) fra SSB og publiser dem")
    fetch.add_argument("--api-url", default=None, metavar="URL", help="adressen til SSBs API (ellers BYR_SSB_API_URL, ellers SSBs egen)")
    fetch.add_argument("--comment", default=None, metavar="TEKST", help="standard: «Nye tall fra SSB (tabell 13470 og 07459)»")
    fetch.add_argument("--author", default=None, metavar="NAVN", help="hvem som publiserer (standard: brukernavnet)")
    fetch.add_argument("--dry-run", action="store_true", help="vis hva som ville endres, uten å publisere")


#: json.dumps escapes C0 controls itself; DEL, C1 and the bidi controls it writes raw (with ensure_ascii=False).
_JSON_ESCAPES = {c: f"\\u{c:04x}" for c in CONTROL_CHARACTERS if c >= 0x7F}


def _json(value: object) -> str:
    """JSON for a terminal: Norwegian letters as they are, control characters as ``\\u`` escapes (the same data when parsed)."""
    return json.dumps(value, ensure_ascii=False, indent=2).translate(_JSON_ESCAPES)


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
        print(_json(report_json(result.report)))
    else:
        _print_report(result.report)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; the exit code is 0 for valid data, 1 for invalid, 2 for wrong usage.

    A reader that stops early (``| head``) ends it quietly, as the Python documentation shows
    (the rest of the output goes to /dev/null, so the flush at exit raises nothing either).
    """
    try:
        code = _main(argv)
        sys.stdout.flush()  # here, not at exit, so that a closed pipe is caught
        return code
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1


def _main(argv: Sequence[str] | None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command in ("validate", "summary", "publish"):
        _files_and_kinds(args, parser)
    if args.command in _STORE_COMMANDS:
        return _run_store_command(args)
    if args.command == "report":
        return _run_report(args)
    result = load_paths(args.files, today=args.date, empty=getattr(args, "empty", ()), kinds=args.kinds)
    if args.command == "validate" or result.dataset is None:
        _emit(result, args.json)
        return 0 if result.report.ok else 1
    print(_json(summarise(result.dataset)))  # the summary is JSON with or without --json
    return 0


# --- the published versions -----------------------------------------------------------------------------


def _login_name() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment (some containers)
        return "ukjent"


def _run_store_command(args: argparse.Namespace) -> int:
    """Open the store, run one command; a database problem is one Norwegian line on stderr and code 1."""
    from byr_data.store import Store

    try:
        with Store.open(args.db) as store:
            return _STORE_COMMANDS[args.command](store, args)
    except DataError as error:
        print(str(error), file=sys.stderr)
        return 1


def _publish(store: Any, args: argparse.Namespace) -> int:
    from byr_data import updates

    upload, missing = read_paths(args.files)
    if not missing.ok:
        _print_report(missing)
        return 1
    update = updates.check_current(store, upload, empty=args.empty, kinds=args.kinds)
    _print_report(update.report)
    if update.dataset is None:
        return 1
    if update.no_changes:
        print(updates.no_changes_message(update.base))
        return 1
    version = updates.publish(store, update, author=args.author or _login_name(), comment=args.comment)
    print(f"Publisert som versjon {version.number}")
    return 0


#: Rows of each kind shown per table in a preview on the command line.
PREVIEW_ROWS = 10


def _print_changes(tables: Sequence[Any]) -> None:
    """What a publication would change, per table: the summary, then the first changed, new and removed rows."""
    print("Endringer:")
    for table in tables:
        print(f"  «{table.header}»: {table.summary()}")
        for title, rows in (("endret", table.changed), ("ny", table.added), ("fjernet", table.removed)):
            for _, row in rows.head(PREVIEW_ROWS).iterrows():
                cells = ", ".join(f"{column}: {value}" for column, value in row.items() if value != "" and not pd.isna(value))
                print(f"    {title}: {printable(cells)}")
            if len(rows) > PREVIEW_ROWS:
                print(f"    … og {len(rows) - PREVIEW_ROWS} rader til ({title})")


def _fetch_ssb(store: Any, args: argparse.Namespace) -> int:
    from byr_data import diff, fetch, ssb_api, updates

    current = store.dataset()
    client = ssb_api.Client(args.api_url, notify=print)
    update = fetch.fetch(client, current, notify=print)
    _print_report(update.report)
    if update.dataset is None:
        print("Ingenting er publisert.")
        return 1
    _print_changes(diff.diff(current, update.dataset))
    if args.dry_run:
        print("Prøvekjøring (--dry-run): ingenting er publisert.")
        return 0
    comment = args.comment or "Nye tall fra SSB (tabell 13470 og 07459)"
    version = updates.publish(store, update, author=args.author or _login_name(), comment=comment)
    print(f"Publisert som versjon {version.number}")
    return 0


def _version_json(version: Any) -> dict[str, Any]:
    return {
        "version": version.number,
        "created": version.created.isoformat(),
        "author": version.author,
        "comment": version.comment,
        "files": list(version.files),
        "row_counts": version.row_counts,
        "rollback_of": version.rollback_of,
    }


def _local_time(moment: dt.datetime) -> str:
    """A UTC moment as Norwegian local time: 27.11.2025 14:05."""
    try:
        from zoneinfo import ZoneInfo

        moment = moment.astimezone(ZoneInfo("Europe/Oslo"))
    except Exception:  # no time zone data on this machine: say it is UTC
        return f"{moment:%d.%m.%Y %H:%M} UTC"
    return f"{moment:%d.%m.%Y %H:%M}"


def _versions(store: Any, args: argparse.Namespace) -> int:
    versions = store.versions()
    if args.json:
        print(_json([_version_json(v) for v in versions]))
        return 0
    if not versions:
        print("Ingen versjoner er publisert ennå.")
        return 0
    current = store.current()
    header = ("", "Versjon", "Publisert", "Av", "Kommentar", "Filer")
    rows = [
        (
            "*" if current and v.number == current.number else "",
            str(v.number),
            _local_time(v.created),
            printable(v.author),
            printable(v.comment),
            printable(", ".join(v.files)),
        )
        for v in versions
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        cells = [
            row[0].ljust(widths[0]),
            row[1].rjust(widths[1]),
            *(cell.ljust(width) for cell, width in zip(row[2:], widths[2:], strict=True)),
        ]
        print("  ".join(cells).rstrip())
    print("* = gjeldende versjon")
    return 0


def _rollback(store: Any, args: argparse.Namespace) -> int:
    from byr_data import updates

    version = updates.rollback(store, args.version, author=args.author or _login_name(), comment=args.comment)
    print(f"Dataene fra versjon {args.version} er publisert på nytt som versjon {version.number}")
    return 0


def _export(store: Any, args: argparse.Namespace) -> int:
    from byr_data.export import export_workbook

    dataset = store.dataset(args.version)
    try:
        args.out.write_bytes(export_workbook(dataset))
    except OSError as error:
        print(f"Filen {args.out} kunne ikke skrives: {error.strerror or error}. Sjekk stien.", file=sys.stderr)
        return 1
    print(f"Versjon {dataset.version.number} er skrevet til {args.out}")
    return 0


def _backup(store: Any, args: argparse.Namespace) -> int:
    current = store.current()
    out = store.backup(args.out)
    at = f" (gjeldende versjon: {current.number})" if current else ""
    print(f"Sikkerhetskopi skrevet til {out}{at}")
    return 0


# --- the status report ----------------------------------------------------------------------------------


def _report_date_problem(dataset: Dataset, args: argparse.Namespace) -> bool:
    """Print why the report's date or its period's start is outside the data's dates (:func:`report.date_problem`); True if so."""
    from byr_data import report

    today = dt.date.today()
    for day, what in ((args.date, "Rapporteringsdatoen"), (args.since, "Starten på perioden")):
        problem = day and report.date_problem(day, dataset, today, what)
        if problem:
            print(problem, file=sys.stderr)
            return True
    return False


def _run_report(args: argparse.Namespace) -> int:
    """Build the status report from files or the store and write it, as Word or PDF by the file's extension; Norwegian errors with code 1."""
    from byr_data import pdf, report

    if args.files and args.db:
        print("Oppgi enten filer eller --db, ikke begge.", file=sys.stderr)
        return 1
    if args.since is not None and args.since > args.date:
        print(f"Starten på perioden ({args.since:%d.%m.%Y}) er etter rapporteringsdatoen ({args.date:%d.%m.%Y}).", file=sys.stderr)
        return 1
    kind = args.out.suffix.lower()
    if kind not in (".docx", ".pdf"):
        print(f"Filen {printable(str(args.out))} må slutte på .docx (Word) eller .pdf (PDF).", file=sys.stderr)
        return 1
    if kind == ".pdf":
        try:
            pdf.require()  # before the report is built: that takes seconds
        except pdf.PdfError as error:
            print(str(error), file=sys.stderr)
            return 1
    if args.files:
        result = load_paths(args.files, today=args.date)
        if result.dataset is None:
            _print_report(result.report)
            return 1
        dataset = result.dataset
        if _report_date_problem(dataset, args):
            return 1
        context = report.report_context(args.date, args.since)
    else:
        from byr_data.store import Store

        try:
            with Store.open(args.db) as store:
                dataset = store.dataset()
                if _report_date_problem(dataset, args):
                    return 1
                context = report.report_context(args.date, args.since, store)
        except DataError as error:
            print(str(error), file=sys.stderr)
            return 1
    inp = report.ReportInput(dataset=dataset, report_date=args.date, since=context.since, previous=context.previous, fields=context.fields,
                             region=dataset.region_name)
    data, notes = report.build_report(inp)
    if kind == ".pdf":
        try:
            data = pdf.docx_to_pdf(data)
        except pdf.PdfError as error:
            print(str(error), file=sys.stderr)
            return 1
    try:
        args.out.write_bytes(data)
    except OSError as error:
        print(f"Filen {args.out} kunne ikke skrives: {error.strerror or error}. Sjekk stien.", file=sys.stderr)
        return 1
    for note in notes:
        print(f"Merk: {note}")
    print(f"Rapporten per {args.date:%d.%m.%Y} er skrevet til {args.out}")
    return 0


_STORE_COMMANDS = {"publish": _publish, "versions": _versions, "rollback": _rollback, "export": _export, "backup": _backup,
                   "fetch-ssb": _fetch_ssb}


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
