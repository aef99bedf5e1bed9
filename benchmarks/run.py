"""The benchmark: reading and validating workbooks, warm reruns of every page, the browser, the store.

Run with ``make bench`` or ``python -m benchmarks.run``. Writes ``benchmarks/results.md`` (for
people) and ``benchmarks/results.json`` (for tools) and prints the table.

Page timings run in their own subprocesses (one for the sample, one for the scale workbook,
one for an empty page), so that the peak memory of the scale run is measured on its own. A
subprocess is this module started with ``--pages sample|scale|empty``; it prints one line
``BENCH_JSON {...}`` on stdout. The browser measurements (``benchmarks/browser.py``) need
Debian's Chromium (``apt-get install chromium``); without it that section is skipped.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gc
import io
import json
import os
import platform
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks import browser
from benchmarks.make_scale import sample_path, scale_path
from byr_data.web import registry

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS_MD = HERE / "results.md"
RESULTS_JSON = HERE / "results.json"
MARKER = "BENCH_JSON "

READ_REPEATS = 3
WARMUP_RUNS = 2
TIMED_RUNS = 10
APP_TIMEOUT = 120
SUBPROCESS_TIMEOUT = 600

#: Page name -> file, relative to the entrypoint's folder: the pages with charts.
PAGES = {page.title: page.file for page in registry.CHART_PAGES}

#: Targets (reported as PASS/FAIL, not asserted).
READ_SPEEDUP = 7.0
PAGE_MS = {"sample": 100.0, "scale": 300.0}
PEAK_RSS_MB = 300.0
STORE_QUERIES = 1
PUBLISH_RATIO = 3.0
GROWTH_PER_PUBLISH_MB = 0.2
GROWTH_SECONDS = 2.0
SMALL_PUBLISHES = 5

EMPTY_APP = 'import streamlit as st\nst.write("hei")\n'
#: The status report on the sample (issue 13, point 6): later reports and one chart with kaleido's browser kept running.
REPORT_SECOND_S = 1.0
REPORT_CHART_S = 0.5
REPORT_RUNS = 5
REPORT_DATE = dt.date(2016, 2, 15)


# --- reading -----------------------------------------------------------------------------------


def _best(function: Callable[[], object], repeats: int = READ_REPEATS) -> tuple[float, object]:
    """The fastest of ``repeats`` runs in seconds, and the last result."""
    best, result = float("inf"), None
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def read_timings(path: Path, label: str) -> tuple[dict[str, float], object]:
    """openpyxl baseline, the package's reading and validation apart and together (best of 3)."""
    import pandas as pd

    from byr_data import reading, validation

    data = path.read_bytes()
    sources = [(path.name, data)]
    today = dt.date.today()
    print(f"[{label}] lesing: {path} ({len(data) / 1e6:.1f} MB)", flush=True)

    openpyxl_s, _ = _best(lambda: pd.read_excel(path, sheet_name=None, engine="openpyxl"))
    calamine_s, _ = _best(lambda: _calamine_sheets(data))
    read_s, (workbooks, read_report) = _best(lambda: reading.read_workbooks(sources))
    if not read_report.ok:
        _fail(f"{label}: arbeidsboken kunne ikke leses", read_report.errors)
    validate_s, _ = _best(lambda: validation.validate(workbooks, today))
    project_s, result = _best(lambda: reading.load(sources, today))
    if not result.report.ok:
        _fail(f"{label}: arbeidsboken har feil", result.report.errors)
    timings = {"project_s": project_s, "openpyxl_s": openpyxl_s, "read_s": read_s, "validate_s": validate_s, "calamine_s": calamine_s}
    print(f"[{label}] " + ", ".join(f"{k}={v:.3f}" for k, v in timings.items()), flush=True)
    return timings, result


def _calamine_sheets(data: bytes) -> dict[str, list[list[object]]]:
    """The floor: every sheet as Python values by ``python_calamine`` itself, nothing else."""
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def _fail(message: str, problems: list) -> None:
    print(f"FEIL: {message}:", file=sys.stderr)
    for problem in problems[:50]:
        print(f"  - {problem.text()}", file=sys.stderr)
    if len(problems) > 50:
        print(f"  … og {len(problems) - 50} til", file=sys.stderr)
    sys.exit(1)


# --- pages (inside a subprocess) --------------------------------------------------------------


def _check(at, what: str) -> None:
    if at.exception:
        details = "\n".join(str(getattr(e, "value", e)) + "\n" + "\n".join(getattr(e, "stack_trace", []) or []) for e in at.exception)
        raise RuntimeError(f"{what}: unntak i appen:\n{details}")


def _time_runs(at, what: str) -> tuple[float, list[float]]:
    """Median of TIMED_RUNS warm reruns in ms (after WARMUP_RUNS), and all of them."""
    for _ in range(WARMUP_RUNS):
        at.run()
        _check(at, what)
    times = []
    for _ in range(TIMED_RUNS):
        start = time.perf_counter()
        at.run()
        times.append((time.perf_counter() - start) * 1000)
        _check(at, what)
    return statistics.median(times), times


def _store_queries(at, what: str) -> dict[str, int]:
    """Store round trips in one warm rerun: connections opened and SQL statements run (transaction control aside)."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    counts = {"connections": 0, "statements": 0}

    def connected(_conn: object) -> None:
        counts["connections"] += 1

    def executed(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        if statement.split(None, 1)[0].upper() not in ("BEGIN", "COMMIT", "ROLLBACK"):
            counts["statements"] += 1

    event.listen(Engine, "engine_connect", connected)
    event.listen(Engine, "before_cursor_execute", executed)
    try:
        at.run()
    finally:
        event.remove(Engine, "engine_connect", connected)
        event.remove(Engine, "before_cursor_execute", executed)
    _check(at, what)
    return counts


def _compile_scripts_once() -> None:
    """Let every AppTest run share one compiled-script cache, as the server's reruns do.

    AppTest's runner makes a new ``ScriptCache`` for every ``run()``, so each rerun would compile
    ``dashboard.py`` and the page again (15–50 ms here); the server compiles a script once.
    """
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import local_script_runner

    shared = ScriptCache()
    local_script_runner.ScriptCache = lambda: shared  # type: ignore[assignment,misc]


def page_timings(kind: str) -> dict:
    from streamlit.testing.v1 import AppTest

    _compile_scripts_once()

    out: dict = {"pages": {}, "first_run_ms": {}, "runs_ms": {}, "store_queries": {}}
    if kind == "empty":
        with tempfile.TemporaryDirectory() as tmp:
            script = Path(tmp) / "empty_page.py"
            script.write_text(EMPTY_APP, encoding="utf-8")
            at = AppTest.from_file(str(script), default_timeout=APP_TIMEOUT)
            start = time.perf_counter()
            at.run()
            out["first_run_ms"]["empty"] = (time.perf_counter() - start) * 1000
            _check(at, "tom side")
            out["empty_page_ms"], out["runs_ms"]["empty"] = _time_runs(at, "tom side")
    else:
        for name, file in PAGES.items():
            at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=APP_TIMEOUT)
            start = time.perf_counter()
            at.run()
            out["first_run_ms"][f"frame before {name}"] = (time.perf_counter() - start) * 1000
            _check(at, name)
            start = time.perf_counter()
            at.switch_page(file).run()
            out["first_run_ms"][name] = (time.perf_counter() - start) * 1000
            _check(at, name)
            titles = [t.value for t in at.title]
            if name not in titles:
                raise RuntimeError(f"{name}: siden viste ikke tittelen «{name}» (titler: {titles}); feil side eller datafeil")
            out["pages"][name], out["runs_ms"][name] = _time_runs(at, name)
            out["store_queries"][name] = _store_queries(at, name)
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out["vm_hwm_mb"] = _vm_hwm_mb()
    return out


def _vm_hwm_mb() -> float | None:
    """This process's own peak resident size (not inherited from the parent), as a cross-check."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def run_pages_subprocess(kind: str, data: Path | None) -> dict:
    """Run ``page_timings(kind)`` in a fresh interpreter with ``BYR_DATA`` set to ``data``."""
    env = dict(os.environ)
    env.pop("BYR_DATA", None)
    if data is not None:
        env["BYR_DATA"] = str(data)
    # A store of its own, filled from BYR_DATA at the first run (never the developer's data/byr.sqlite).
    store_dir = Path(tempfile.mkdtemp(prefix=f"byr-bench-{kind}-"))
    env["BYR_DATABASE_URL"] = f"sqlite:///{store_dir / 'byr.sqlite'}"
    env["BYR_DATA_DIR"] = str(store_dir)
    print(f"[{kind}] sider i egen prosess" + (f" (BYR_DATA={data})" if data else ""), flush=True)
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--pages", kind],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=SUBPROCESS_TIMEOUT,
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith(MARKER)]
    if proc.returncode != 0 or not lines:
        sys.stderr.write(proc.stdout[-5000:] + proc.stderr[-10000:])
        print(f"FEIL: sidemålingen «{kind}» feilet (returkode {proc.returncode})", file=sys.stderr)
        sys.exit(1)
    result = json.loads(lines[-1][len(MARKER):])
    shown = result["pages"] or {"tom side": result.get("empty_page_ms")}
    print(f"[{kind}] " + ", ".join(f"{k}={v:.1f} ms" for k, v in shown.items()) + f"; topp RSS {result['peak_rss_mb']:.0f} MB", flush=True)
    return result


# --- the status report (its own subprocess: a fresh kaleido browser) ----------------------------


def report_timings() -> dict:
    """(In a subprocess) the status report on the sample per 15.02.2016: the first (starting kaleido's browser),
    later ones on data with a new token (so a web cache would miss), one chart warm, and one chart the old way."""
    import dataclasses

    from byr_data import images, report, report_charts
    from byr_data.reading import load_paths

    dataset = load_paths([sample_path()], today=REPORT_DATE).dataset
    assert dataset is not None
    since = report.months_before(REPORT_DATE, 6)

    def build(token: str, charts: bool = True) -> float:
        start = time.perf_counter()
        _, notes = report.build_report(report.ReportInput(dataclasses.replace(dataset, token=token), REPORT_DATE, since), charts=charts)
        seconds = time.perf_counter() - start
        if notes:
            _fail("rapporten: diagrammer mangler", notes)
        return seconds

    first = build("bench-first")
    later = [build(f"bench-{i}") for i in range(REPORT_RUNS)]
    without = [build(f"bench-text-{i}", charts=False) for i in range(REPORT_RUNS)]
    chart = []
    for _ in range(REPORT_RUNS):
        start = time.perf_counter()
        report_charts.render_chart(dataset, REPORT_DATE, "growth")
        chart.append(time.perf_counter() - start)
    starts = images.default.starts
    images.default.close()
    # The old way, for comparison: plotly's to_image starts a Chromium of its own for every picture.
    made = report_charts.chart_figure(dataset, REPORT_DATE, "growth")
    assert made is not None
    figure = report_charts.for_print(made[0])
    width, height = report_charts.pixel_size(figure)
    start = time.perf_counter()
    figure.to_image(format="png", width=width, height=height, scale=report_charts.SCALE)
    oneshot = time.perf_counter() - start
    return {"first_s": first, "second_s": statistics.median(later), "later_s": later, "no_charts_s": statistics.median(without),
            "chart_s": statistics.median(chart), "chart_runs_s": chart, "oneshot_chart_s": oneshot, "browser_starts": starts,
            "charts": len(report_charts.figures(dataset, REPORT_DATE, chart_png=lambda *_: b""))}


def run_report_subprocess() -> dict:
    """Run ``report_timings()`` in a fresh interpreter (its own kaleido browser, started by the first report)."""
    print("[rapport] statusrapporten på sample i egen prosess", flush=True)
    proc = subprocess.run([sys.executable, "-m", "benchmarks.run", "--report"], cwd=ROOT, capture_output=True, text=True,
                          timeout=SUBPROCESS_TIMEOUT)
    lines = [line for line in proc.stdout.splitlines() if line.startswith(MARKER)]
    if proc.returncode != 0 or not lines:
        sys.stderr.write(proc.stdout[-5000:] + proc.stderr[-10000:])
        print(f"FEIL: rapportmålingen feilet (returkode {proc.returncode})", file=sys.stderr)
        sys.exit(1)
    result = json.loads(lines[-1][len(MARKER):])
    print(f"[rapport] første {result['first_s']:.2f} s, andre gang {result['second_s']:.2f} s, uten diagrammer {result['no_charts_s']:.2f} s, "
          f"ett diagram varmt {result['chart_s']:.2f} s (ny Chromium: {result['oneshot_chart_s']:.2f} s)", flush=True)
    return result


def report_markdown(measured: dict | None) -> list[str]:
    lines = ["## Statusrapporten (Word) på sample per 15.02.2016", ""]
    if measured is None:
        return [*lines, "Hoppet over: Chromium mangler (`/usr/bin/chromium`), så diagrammene kan ikke tegnes.", ""]
    return [
        *lines,
        f"Egen prosess. `report.build_report` med {measured['charts']} diagrammer, tegnet av kaleido gjennom én nettleser som holdes i live "
        f"(`byr_data/images.py`; startet {measured['browser_starts']} gang). «Andre gang» er på data med et nytt token, så nettappens "
        f"bildebuffer ikke treffer; median av {REPORT_RUNS} (sekunder).",
        "",
        "| Steg | Sekunder |",
        "|---|---:|",
        f"| Første rapport (starter nettleseren) | {measured['first_s']:.2f} |",
        f"| Rapport andre gang | {measured['second_s']:.2f} |",
        f"| Rapport uten diagrammer | {measured['no_charts_s']:.2f} |",
        f"| Ett diagram, nettleseren i gang | {measured['chart_s']:.2f} |",
        f"| Ett diagram med plotlys `to_image` (ny Chromium per bilde, slik det var) | {measured['oneshot_chart_s']:.2f} |",
        "",
    ]


# --- dangerous files (each in its own subprocess) ------------------------------------------------

CORPUS_DIR = HERE / "out" / "corpus"
DANGEROUS_SECONDS = 1.0
DANGEROUS_RSS_MB = 300.0
DANGEROUS_TIMEOUT = 60
DANGEROUS_WORKERS = 2


def load_files(paths: list[str]) -> dict:
    """(In a subprocess) ``load`` the files once; seconds, own peak memory, and what was reported."""
    from byr_data import reading

    sources = [(Path(p).name, Path(p).read_bytes()) for p in paths]
    gc.collect()
    start = time.perf_counter()
    result = reading.load(sources)
    seconds = time.perf_counter() - start
    hwm = _vm_hwm_mb()
    return {
        "seconds": seconds,
        "peak_rss_mb": hwm if hwm is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "refused": result.dataset is None and not result.report.ok,
        "problems": [[p.severity.value, p.file, p.sheet, p.row, p.column, p.message] for p in result.report.problems],
    }


def _dangerous_case(name: str, files: list[str], expected: list) -> dict:
    paths = [str(CORPUS_DIR / name / f) for f in files]
    start = time.perf_counter()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "benchmarks.run", "--load", *paths],
            cwd=ROOT, capture_output=True, text=True, timeout=DANGEROUS_TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        return {"seconds": time.perf_counter() - start, "peak_rss_mb": None, "refused": False, "as_expected": False, "error": "tidsavbrudd"}
    lines = [line for line in proc.stdout.splitlines() if line.startswith(MARKER)]
    if proc.returncode != 0 or not lines:
        # A crash (a Rust abort in a reader, an uncaught exception) is a failure too.
        return {"seconds": time.perf_counter() - start, "peak_rss_mb": None, "refused": False, "as_expected": False,
                "error": f"returkode {proc.returncode}: {proc.stderr.strip().splitlines()[-1:] or ''}"}
    result = json.loads(lines[-1][len(MARKER):])
    result["as_expected"] = result.pop("problems") == expected
    return result


def dangerous_timings() -> dict[str, dict]:
    """Write the corpus (tests/corpus.py) and time ``load`` on each dangerous case in its own process."""
    from concurrent.futures import ThreadPoolExecutor

    t = time.perf_counter()
    proc = subprocess.run([sys.executable, str(ROOT / "tests" / "corpus.py"), str(CORPUS_DIR)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr[-5000:])
        print("FEIL: korpuset av farlige filer kunne ikke skrives", file=sys.stderr)
        sys.exit(1)
    manifest = json.loads((CORPUS_DIR / "manifest.json").read_text(encoding="utf-8"))
    cases = {name: case for name, case in manifest.items() if case["dangerous"]}
    print(f"[farlige] {len(cases)} filer skrevet til {CORPUS_DIR.relative_to(ROOT)} ({time.perf_counter() - t:.1f} s); måler hver i egen prosess", flush=True)
    with ThreadPoolExecutor(DANGEROUS_WORKERS) as pool:
        futures = {name: pool.submit(_dangerous_case, name, case["files"], case["expected"]) for name, case in cases.items()}
        results = {name: future.result() for name, future in futures.items()}
    failed = [name for name, r in results.items() if not _dangerous_ok(r)]
    print(f"[farlige] {len(results) - len(failed)} av {len(results)} avvist innen {DANGEROUS_SECONDS:g} s og {DANGEROUS_RSS_MB:g} MB"
          + (f"; ikke: {', '.join(failed)}" if failed else ""), flush=True)
    return results


def _dangerous_ok(result: dict) -> bool:
    return (
        bool(result.get("refused")) and result.get("as_expected", False) and result["peak_rss_mb"] is not None
        and result["seconds"] <= DANGEROUS_SECONDS and result["peak_rss_mb"] <= DANGEROUS_RSS_MB
    )


def dangerous_markdown(dangerous: dict[str, dict]) -> list[str]:
    lines = [
        "## Farlige og ødelagte filer",
        "",
        f"Hver fil fra `tests/corpus.py` (skrevet til `{CORPUS_DIR.relative_to(ROOT)}/`) lastes med `byr_data.reading.load` i egen prosess. "
        f"Sekunder er selve `load`; minnet er prosessens egen topp (`VmHWM`, med Python og pandas lastet, rundt 110 MB). "
        f"PASS: avvist med nøyaktig den ventede meldingen, innen {DANGEROUS_SECONDS:g} s og {DANGEROUS_RSS_MB:g} MB.",
        "",
        "| Tilfelle | Sekunder | Topp RSS (MB) | Avvist | Ventet melding | Resultat |",
        "|---|---:|---:|---|---|---|",
    ]
    for name, r in dangerous.items():
        rss = "–" if r.get("peak_rss_mb") is None else f"{r['peak_rss_mb']:.0f}"
        note = f" ({r['error']})" if r.get("error") else ""
        lines.append(f"| {name} | {r['seconds']:.3f} | {rss} | {'ja' if r.get('refused') else 'nei'} | "
                     f"{'ja' if r.get('as_expected') else 'nei'} | {_verdict(_dangerous_ok(r))}{note} |")
    lines.append("")
    return lines


# --- growth at national size (moved here from tests/test_growth.py) ------------------------------


def growth_timings() -> dict[str, float]:
    """Seconds for each growth function on 357 municipalities × 17 years × 20 industries (≈121 000 rows)."""
    import numpy as np
    import pandas as pd

    from byr_data import growth, ssb
    from byr_data.dataset import Dataset
    from tests.ssb_fixtures import national_long_csv

    national_csv = national_long_csv()  # 357 municipalities × 20 industries × 17 years

    rng = np.random.default_rng(2016)
    codes = [f"{3000 + i:04d}" for i in range(357)]
    years = list(range(2008, 2025))
    industries = [f"Næring {i:02d}" for i in range(20)]
    index = pd.MultiIndex.from_product([codes, years, industries], names=["code", "year", "industry"]).to_frame(index=False)
    employment = index.assign(employed=rng.integers(0, 500, len(index)).astype("float64"), name=index["code"], kind="municipality", _file="x", _row=0)
    employment["year"] = employment["year"].astype("Int64")
    members = pd.DataFrame({"code": codes[:300], "name": codes[:300], "member_from": pd.array([pd.NA] * 300, dtype="Int64"),
                            "member_to": pd.array([2016 if i % 10 == 0 else pd.NA for i in range(300)], dtype="Int64")})
    data = Dataset(files=("x",), municipalities=members, employment=employment)
    people = pd.DataFrame({"code": codes * len(years), "year": pd.array([y for y in years for _ in codes], dtype="Int64"), "population": 10_000.0})
    calls = {
        "todays_members": lambda: growth.region_net_change_mode(data, mode=growth.MembershipMode.TODAYS_MEMBERS),
        "index_series": lambda: growth.index_series(data, 2014),
        "expected_growth": lambda: growth.expected_growth(data, 2014, 2024),
        "industry_change": lambda: growth.industry_change(data, 2014, 2024),
        "jobs_per_1000": lambda: growth.jobs_per_1000(data, population=people),
        # Reading SSB's long CSV for the whole country by industry (moved here from a timed test).
        "ssb_parse_text": lambda: ssb.parse_text("13470-hele-landet.csv", national_csv),
    }
    seconds = {name: _best(call)[0] for name, call in calls.items()}
    print("[vekst] " + ", ".join(f"{k}={v:.3f} s" for k, v in seconds.items()), flush=True)
    return seconds


# --- stores of their own, and a small publish ------------------------------------------------------


#: Temporary stores made by this run, removed at its end.
_STORES: list[Path] = []


def published_store(path: Path, label: str) -> str:
    """The URL of a new SQLite store holding ``path`` as version 1, published with the CLI in its own process."""
    directory = Path(tempfile.mkdtemp(prefix=f"byr-bench-{label}-"))
    _STORES.append(directory)
    url = f"sqlite:///{directory / 'byr.sqlite'}"
    t = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "byr_data", "publish", str(path), "--db", url, "--comment", "Ytelsestest", "--author", "benchmark"],
        cwd=ROOT, capture_output=True, text=True, timeout=SUBPROCESS_TIMEOUT,
    )
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout[-3000:] + proc.stderr[-3000:])
        print(f"FEIL: {path.name} kunne ikke publiseres i databasen for ytelsestesten", file=sys.stderr)
        sys.exit(1)
    print(f"[{label}] database med {path.name} som versjon 1: {directory} ({time.perf_counter() - t:.1f} s)", flush=True)
    return url


def _sqlite_path(url: str) -> Path:
    return Path(url.removeprefix("sqlite:///"))


def _database_bytes(database: Path) -> int:
    """The database's size with its write-ahead log checkpointed into it."""
    with contextlib.closing(sqlite3.connect(database)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    wal = database.with_name(database.name + "-wal")
    return database.stat().st_size + (wal.stat().st_size if wal.exists() else 0)


def _budget_only(scale: Path, out_dir: Path, changes: list[int]) -> list[Path]:
    """The scale workbook's Budsjett sheet alone, once per change: the first line's «Opprinnelig» raised by that many kr."""
    from openpyxl import Workbook, load_workbook

    source = load_workbook(scale, read_only=True)
    rows = [list(row) for row in source["Budsjett"].iter_rows(values_only=True)]
    source.close()
    column = rows[0].index("Opprinnelig")
    original = rows[1][column] or 0
    paths = []
    for i, change in enumerate(changes, start=1):
        rows[1][column] = original + change
        book = Workbook(write_only=True)
        sheet = book.create_sheet("Budsjett")
        for row in rows:
            sheet.append(row)
        path = out_dir / f"budsjett-{i}.xlsx"
        book.save(path)
        paths.append(path)
    return paths


def _cli(*argv: str) -> int:
    from byr_data import cli

    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return cli.main(list(argv))


def store_timings(scale: Path, url: str) -> dict:
    """A small publish (a Budsjett-only workbook with one changed amount) into a store holding the scale data.

    Against validating the same file; both through the CLI, so whatever the publish path becomes,
    this measures it. The database's growth is averaged over SMALL_PUBLISHES such publishes.
    """
    database = _sqlite_path(url)
    with tempfile.TemporaryDirectory(prefix="byr-bench-budsjett-") as tmp:
        files = _budget_only(scale, Path(tmp), [1000 * i for i in range(1, SMALL_PUBLISHES + 1)])
        validate_times = []
        for path in files:
            start = time.perf_counter()
            _cli("validate", str(path))
            validate_times.append(time.perf_counter() - start)
        before = _database_bytes(database)
        publish_times = []
        for i, path in enumerate(files, start=1):
            start = time.perf_counter()
            code = _cli("publish", str(path), "--db", url, "--comment", f"Ytelsestest {i}", "--author", "benchmark")
            publish_times.append(time.perf_counter() - start)
            if code != 0:
                print(f"FEIL: den lille publiseringen {i} ble avvist (returkode {code})", file=sys.stderr)
                sys.exit(1)
        growth_mb = (_database_bytes(database) - before) / SMALL_PUBLISHES / 2**20
    out = {"publish_small_s": statistics.median(publish_times), "validate_small_s": statistics.median(validate_times),
           "growth_per_publish_mb": growth_mb}
    print("[lagring] " + ", ".join(f"{k}={v:.3f}" for k, v in out.items()), flush=True)
    return out


# --- the browser ------------------------------------------------------------------------------------


def browser_timings(sample: Path, scale: Path, scale_url: str) -> dict:
    """Real-browser figures on the sample and at scale, the empty app's floor, and server CPU per rerun with Streamlit's default GC."""
    sample_url = published_store(sample, "nettleser-sample")
    # Scale: a copy of the store already holding the scale data (the small publishes go to the original).
    scale_copy = Path(tempfile.mkdtemp(prefix="byr-bench-nettleser-scale-")) / "byr.sqlite"
    _STORES.append(scale_copy.parent)
    _database_bytes(_sqlite_path(scale_url))
    shutil.copy(_sqlite_path(scale_url), scale_copy)

    def env(url: str, data: Path) -> dict[str, str]:
        return {**os.environ, "BYR_DATA": str(data), "BYR_DATABASE_URL": url, "BYR_DATA_DIR": str(_sqlite_path(url).parent / "data")}

    out: dict = {}
    with browser.chromium() as chromium:
        print("[nettleser] tom app med to sider", flush=True)
        empty = browser.floor(chromium, env(sample_url, sample))
        for kind, url, data in (("sample", sample_url, sample), ("scale", f"sqlite:///{scale_copy}", scale)):
            print(f"[nettleser] {kind}", flush=True)
            measured = browser.dashboard(chromium, env(url, data))
            out[kind] = {
                "first_chart_s": measured["first_chart_s"],
                "pages_ms": measured["pages_ms"],
                "floor_ms": empty["switch_ms"],
                "floor_start_s": empty["start_s"],
                "first_chart_ratio": measured["first_chart_s"] / empty["start_s"],
                "pages_ratio": {page: ms / empty["switch_ms"] for page, ms in measured["pages_ms"].items()},
                "server_cpu_ms_per_rerun": measured["server_cpu_ms_per_rerun"],
                "server_rss_mb": measured["server_rss_mb"],
            }
            print(f"[nettleser] {kind}: første diagram {measured['first_chart_s']:.1f} s, "
                  + ", ".join(f"{k}={v:.0f} ms" for k, v in measured["pages_ms"].items())
                  + f"; tom app {empty['start_s']:.1f} s, sidebytte {empty['switch_ms']:.0f} ms; "
                  f"server-CPU {measured['server_cpu_ms_per_rerun']:.0f} ms per kjøring", flush=True)
        print("[nettleser] sample med Streamlits standard (runner.postScriptGC = true)", flush=True)
        default_gc = browser.dashboard(chromium, env(sample_url, sample), options=["--runner.postScriptGC", "true"])
        out["sample_postScriptGC_on"] = {"server_cpu_ms_per_rerun": default_gc["server_cpu_ms_per_rerun"], "pages_ms": default_gc["pages_ms"],
                                         "server_rss_mb": default_gc["server_rss_mb"]}
    return out


# --- the report --------------------------------------------------------------------------------


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def targets(results: dict) -> list[tuple[str, str, bool]]:
    """(target, measured, met) for every target."""
    scale = results["read"]["scale"]
    speedup = scale["openpyxl_s"] / scale["project_s"] if scale["project_s"] else float("inf")
    rows = [(
        f"Lesing + validering (skala) minst {READ_SPEEDUP:g}× raskere enn openpyxl",
        f"{speedup:.1f}× ({scale['project_s']:.2f} s mot {scale['openpyxl_s']:.2f} s)",
        speedup >= READ_SPEEDUP,
    )]
    for kind in ("sample", "scale"):
        for page, ms in results["pages"][kind].items():
            rows.append((f"«{page}» varm kjøring ({kind}) ≤ {PAGE_MS[kind]:g} ms", f"{ms:.0f} ms", ms <= PAGE_MS[kind]))
    peak = results["peak_rss_mb"]["scale"]
    rows.append((f"Toppminne (skala) ≤ {PEAK_RSS_MB:g} MB", f"{peak:.0f} MB", peak <= PEAK_RSS_MB))
    queries = results["store_queries_per_rerun"]
    rows.append((f"Databasespørringer per varm kjøring av en side (flest over alle sider) ≤ {STORE_QUERIES}", f"{queries}", queries <= STORE_QUERIES))
    store = results["store"]
    ratio = store["publish_small_s"] / store["validate_small_s"]
    rows.append((f"Liten publisering (skala) ≤ {PUBLISH_RATIO:g}× validering av samme fil",
                 f"{ratio:.1f}× ({store['publish_small_s']:.2f} s mot {store['validate_small_s']:.2f} s)", ratio <= PUBLISH_RATIO))
    rows.append((f"Databasevekst per liten publisering ≤ {GROWTH_PER_PUBLISH_MB:g} MB", f"{store['growth_per_publish_mb']:.2f} MB",
                 store["growth_per_publish_mb"] <= GROWTH_PER_PUBLISH_MB))
    slowest = max(results["growth_s"], key=results["growth_s"].get)
    rows.append((f"Hver vekstberegning på hele landet ≤ {GROWTH_SECONDS:g} s", f"tregest {slowest}: {results['growth_s'][slowest]:.2f} s",
                 results["growth_s"][slowest] <= GROWTH_SECONDS))
    if results.get("report"):
        measured = results["report"]
        rows.append((f"Rapport (Word) andre gang < {REPORT_SECOND_S:g} s".replace(".", ","), f"{measured['second_s']:.2f} s",
                     measured["second_s"] < REPORT_SECOND_S))
        rows.append((f"Ett diagram i rapporten, varm < {REPORT_CHART_S:g} s".replace(".", ","), f"{measured['chart_s']:.2f} s",
                     measured["chart_s"] < REPORT_CHART_S))
    if results.get("dangerous"):
        passed = sum(_dangerous_ok(r) for r in results["dangerous"].values())
        total = len(results["dangerous"])
        rows.append((f"Farlige filer avvist innen {DANGEROUS_SECONDS:g} s og {DANGEROUS_RSS_MB:g} MB", f"{passed} av {total}", passed == total))
    return rows


def _int(value: int) -> str:
    return f"{value:,}".replace(",", "\u00a0")


def _mb(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}"


def store_queries_markdown(queries: dict[str, dict[str, dict[str, int]]]) -> list[str]:
    lines = [
        "## Databasespørringer per varm kjøring",
        "",
        "Én varm `AppTest.run()` per side, talt med SQLAlchemy-hendelser på alle motorer: tilkoblinger (hver operasjon i "
        "`Store` åpner én) og SQL-setninger (utenom BEGIN/COMMIT). `store_queries_per_rerun` er flest tilkoblinger over alle sider.",
        "",
        "| Side | sample: tilkoblinger | sample: setninger | scale: tilkoblinger | scale: setninger |",
        "|---|---:|---:|---:|---:|",
    ]
    for page in PAGES:
        sample, scale = queries["sample"][page], queries["scale"][page]
        lines.append(f"| {page} | {sample['connections']} | {sample['statements']} | {scale['connections']} | {scale['statements']} |")
    return [*lines, ""]


def browser_markdown(measured: dict | None) -> list[str]:
    lines = ["## I nettleseren (Chromium, hodeløs)", ""]
    if measured is None:
        return [*lines, "Hoppet over: Chromium mangler (`/usr/bin/chromium`). Installer med `apt-get install chromium` "
                        "(`.ci/run` gjør det) og kjør `make bench` igjen.", ""]
    sample, scale = measured["sample"], measured["scale"]
    lines += [
        f"Hver server startes med `streamlit run` på en ledig port. Gulvet er en tom Streamlit-app med to sider, målt i samme kjøring: "
        f"start til første element {sample['floor_start_s']:.1f} s, et klikk til den andre sidens første element {sample['floor_ms']:.0f} ms "
        f"(median). Et sidebytte er et klikk i sidemenyen til sidens siste element (alle diagrammene tegnet), median av "
        f"{browser.ROUNDS} runder etter én oppvarming.",
        "",
        "| Steg | sample | × gulvet | scale | × gulvet |",
        "|---|---:|---:|---:|---:|",
        f"| Start til første diagram på Oversikt (s) | {sample['first_chart_s']:.1f} | {sample['first_chart_ratio']:.1f} | "
        f"{scale['first_chart_s']:.1f} | {scale['first_chart_ratio']:.1f} |",
    ]
    for page in browser.PAGES:
        lines.append(f"| Klikk til «{page}» (ms) | {sample['pages_ms'][page]:.0f} | {sample['pages_ratio'][page]:.1f} | "
                     f"{scale['pages_ms'][page]:.0f} | {scale['pages_ratio'][page]:.1f} |")
    gc_on = measured["sample_postScriptGC_on"]
    lines += [
        "",
        "Serverens CPU-tid per kjøring (`/proc/PID/stat` over de tidsmålte sidebyttene, alle tråder): "
        f"sample {sample['server_cpu_ms_per_rerun']:.0f} ms, scale {scale['server_cpu_ms_per_rerun']:.0f} ms med "
        f"`.streamlit/config.toml`; sample {gc_on['server_cpu_ms_per_rerun']:.0f} ms med Streamlits standard "
        "`runner.postScriptGC = true` (full søppeltømming etter hver kjøring). Serverens RSS etter målingene: "
        f"sample {sample['server_rss_mb']['after']:.0f} MB, scale {scale['server_rss_mb']['after']:.0f} MB "
        f"(med standarden: {gc_on['server_rss_mb']['after']:.0f} MB).",
        "",
    ]
    return lines


def store_markdown(store: dict) -> list[str]:
    return [
        "## Liten publisering",
        "",
        f"Et Budsjett-ark alene (fra skala-arbeidsboken, ett beløp endret) publisert med `python -m byr_data publish` i en database "
        f"som har skaladataene, mot `validate` av samme fil; median av {SMALL_PUBLISHES}. Databasens vekst per publisering er "
        f"gjennomsnittet over de {SMALL_PUBLISHES} (SQLite-filen etter `wal_checkpoint`).",
        "",
        "| Publisering (s) | Validering (s) | Forhold | Vekst per publisering (MB) |",
        "|---:|---:|---:|---:|",
        f"| {store['publish_small_s']:.2f} | {store['validate_small_s']:.2f} | {store['publish_small_s'] / store['validate_small_s']:.1f}× | "
        f"{store['growth_per_publish_mb']:.2f} |",
        "",
    ]


def growth_markdown(seconds: dict[str, float]) -> list[str]:
    lines = [
        "## Vekstberegninger for hele landet",
        "",
        "`byr_data.growth` på 357 kommuner × 17 år × 20 næringer (≈121 000 rader), beste av 3 (sekunder).",
        "",
        "| Funksjon | Sekunder |",
        "|---|---:|",
    ]
    lines += [f"| `{name}` | {value:.3f} |" for name, value in seconds.items()]
    return [*lines, ""]


def markdown(results: dict, extra: dict) -> str:
    read, pages = results["read"], results["pages"]
    lines = [
        "# Ytelsestest ByR Glåmdalen",
        "",
        f"Kjørt {extra['when']} · Python {platform.python_version()} · {platform.machine()} · {os.cpu_count()} CPU-er · "
        f"laget av `make bench` (`python -m benchmarks.run`). Tallene varierer med maskinen; sammenlign kjøringer på samme maskin.",
        "",
        f"- **sample**: `{extra['sample_file']}`",
        f"- **scale**: `{extra['scale_file']}` (laget av `benchmarks/make_scale.py`; {_int(extra['scale_rows'])} rader i Sysselsetting, "
        f"{extra['scale_warnings']} advarsler ved validering, vist i sidefeltet på hver side)",
        "",
        "## Lesing og validering (sekunder, beste av 3)",
        "",
        "| Arbeidsbok | openpyxl (`pd.read_excel`) | Lesing (`read_workbooks`) | Validering (`validate`) | Lesing + validering (`load`) | Rader (Sysselsetting) "
        "| Rå `python_calamine` | `load` mot openpyxl | `load` mot rå calamine |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for kind in ("sample", "scale"):
        r = read[kind]
        rows = _int(r["rows"]) if "rows" in r else "–"
        lines.append(f"| {kind} | {r['openpyxl_s']:.3f} | {r['read_s']:.3f} | {r['validate_s']:.3f} | {r['project_s']:.3f} | {rows} "
                     f"| {r['calamine_s']:.3f} | {r['openpyxl_s'] / r['project_s']:.1f}× raskere | {r['project_s'] / r['calamine_s']:.1f}× tregere |")
    lines += [
        "",
        "Rå `python_calamine`: alle arkene lest til Python-verdier av calamine selv (`CalamineWorkbook.get_sheet_by_name(...).to_python()`), "
        "uten pandas, sikkerhetskontroll eller validering: gulvet for lesingen.",
        "",
        f"## Sider: varm kjøring (ms, median av {TIMED_RUNS} etter {WARMUP_RUNS} oppvarminger, `AppTest.run()`)",
        "",
        "Skriptene kompileres én gang, som på serveren (AppTest kompilerer dem ellers på nytt ved hver kjøring, 15–50 ms).",
        "",
        "| Side | sample | scale | første visning sample | første visning scale |",
        "|---|---:|---:|---:|---:|",
    ]
    for page in PAGES:
        lines.append(
            f"| {page} | {pages['sample'][page]:.1f} | {pages['scale'][page]:.1f} | "
            f"{extra['first_run_ms']['sample'][page]:.0f} | {extra['first_run_ms']['scale'][page]:.0f} |"
        )
    lines += [
        f"| Tom side (`st.write(\"hei\")`) | {pages['empty_page_ms']:.1f} | | | |",
        "",
        f"Første kjøring av rammen med dataene (lesing og validering i appen): sample "
        f"{extra['first_run_ms']['sample']['frame before Oversikt']:.0f} ms, scale {extra['first_run_ms']['scale']['frame before Oversikt']:.0f} ms.",
        "",
        "## Minne",
        "",
        "Egen prosess per datasett; prosessen leser og validerer arbeidsboken og viser alle sidene.",
        "",
        "| Prosess | Topp RSS, `ru_maxrss` (MB) | Kontroll: `VmHWM` (MB) |",
        "|---|---:|---:|",
        f"| scale | {results['peak_rss_mb']['scale']:.0f} | {_mb(extra['vm_hwm_mb']['scale'])} |",
        f"| sample | {extra['peak_rss_mb']['sample']:.0f} | {_mb(extra['vm_hwm_mb']['sample'])} |",
        f"| tom side | {extra['peak_rss_mb']['empty']:.0f} | {_mb(extra['vm_hwm_mb']['empty'])} |",
        "",
        *store_queries_markdown(extra["store_queries"]),
        *browser_markdown(results["browser"]),
        *store_markdown(results["store"]),
        *growth_markdown(results["growth_s"]),
        *report_markdown(results.get("report")),
        *(dangerous_markdown(results["dangerous"]) if results.get("dangerous") else []),
        "## Mål (rapporteres, håndheves ikke)",
        "",
        "| Mål | Målt | Resultat |",
        "|---|---|---|",
    ]
    for target, measured, ok in targets(results):
        lines.append(f"| {target} | {measured} | {_verdict(ok)} |")
    lines.append("")
    return "\n".join(lines)


def main() -> None:
    started = time.perf_counter()
    sample = sample_path()
    t = time.perf_counter()
    scale = scale_path()
    print(f"[scale] arbeidsbok klar: {scale} ({time.perf_counter() - t:.1f} s)", flush=True)

    # Pages first, while this process is still small: a child's ru_maxrss starts from the
    # parent's resident size at fork (Linux keeps it across exec), so the big reads come after.
    sample_pages = run_pages_subprocess("sample", sample)
    scale_pages = run_pages_subprocess("scale", scale)
    empty = run_pages_subprocess("empty", None)
    dangerous = dangerous_timings()
    try:
        scale_url = published_store(scale, "lagring-scale")
        if browser.available():
            browser_results = browser_timings(sample, scale, scale_url)
        else:
            print("[nettleser] hoppet over: Chromium mangler (apt-get install chromium)", flush=True)
            browser_results = None
        store = store_timings(scale, scale_url)
    finally:
        for directory in _STORES:
            shutil.rmtree(directory, ignore_errors=True)
    growth_s = growth_timings()
    report_s = run_report_subprocess() if browser.available() else None

    sample_read, _ = read_timings(sample, "sample")
    scale_read, scale_result = read_timings(scale, "scale")
    scale_read["rows"] = int(len(scale_result.dataset.employment))
    scale_warnings = len(scale_result.report.warnings)
    del scale_result
    gc.collect()

    results = {
        "read": {"sample": sample_read, "scale": scale_read},
        "pages": {"sample": sample_pages["pages"], "scale": scale_pages["pages"], "empty_page_ms": empty["empty_page_ms"]},
        "peak_rss_mb": {"scale": scale_pages["peak_rss_mb"]},
        "dangerous": dangerous,  # case -> seconds, peak_rss_mb, refused, as_expected (and error, if it crashed)
        "store_queries_per_rerun": max(q["connections"] for pages in (sample_pages, scale_pages) for q in pages["store_queries"].values()),
        "store_queries_by_page": {"sample": sample_pages["store_queries"], "scale": scale_pages["store_queries"]},
        "browser": browser_results,  # None without Chromium
        "store": store,
        "growth_s": growth_s,
        "report": report_s,  # None without Chromium
    }
    extra = {
        "when": dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
        "sample_file": sample.relative_to(ROOT),
        "scale_file": scale.relative_to(ROOT),
        "scale_rows": scale_read["rows"],
        "scale_warnings": scale_warnings,
        "first_run_ms": {"sample": sample_pages["first_run_ms"], "scale": scale_pages["first_run_ms"]},
        "peak_rss_mb": {"sample": sample_pages["peak_rss_mb"], "empty": empty["peak_rss_mb"]},
        "vm_hwm_mb": {"sample": sample_pages.get("vm_hwm_mb"), "scale": scale_pages.get("vm_hwm_mb"), "empty": empty.get("vm_hwm_mb")},
        "store_queries": {"sample": sample_pages["store_queries"], "scale": scale_pages["store_queries"]},
    }
    RESULTS_JSON.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    text = markdown(results, extra)
    RESULTS_MD.write_text(text, encoding="utf-8")
    print()
    print(text)
    failed = [target for target, _, ok in targets(results) if not ok]
    print(f"{len(failed)} av {len(targets(results))} mål ikke nådd. Skrev {RESULTS_MD.relative_to(ROOT)} og "
          f"{RESULTS_JSON.relative_to(ROOT)} på {time.perf_counter() - started:.0f} s.")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", choices=("sample", "scale", "empty"), help="(internt) mål sidene i denne prosessen")
    parser.add_argument("--load", nargs="+", metavar="FIL", help="(internt) last filene med load i denne prosessen")
    parser.add_argument("--report", action="store_true", help="mål bare statusrapporten (skriver ikke resultatfilene)")
    args = parser.parse_args()
    if args.report:
        print(MARKER + json.dumps(report_timings()), flush=True)
    elif args.load:
        print(MARKER + json.dumps(load_files(args.load), ensure_ascii=False), flush=True)
    elif args.pages:
        print(MARKER + json.dumps(page_timings(args.pages)), flush=True)
    else:
        main()
