"""The dashboard in a real browser: server start to the first chart, and a click to each page.

Each step is compared with the same step on an empty two-page Streamlit app measured in the
same run (the floor: what Streamlit and the browser cost on their own). Headless Debian
Chromium through Playwright, launched as ``tests/test_browser.py`` does; each server is a
``streamlit run`` on a free port on 127.0.0.1, stopped by its PID. The server's CPU time
(``/proc/PID/stat``) over the timed page switches gives the server CPU per rerun.
"""

from __future__ import annotations

import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from byr_data.web import registry

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]
VIEWPORT = {"width": 1600, "height": 1000}
START_TIMEOUT = 120
STEP_TIMEOUT_MS = 120_000
#: Timed rounds over all pages after one warm-up round; each click is one rerun on the server.
ROUNDS = 3
SETTLE_MS = 1500

#: Sidebar link (the page's title) of every page, in the order they are visited.
PAGES = tuple(page.title for page in registry.CHART_PAGES)

EMPTY_APP = '''import streamlit as st


def first() -> None:
    st.write("Første side")


def second() -> None:
    st.write("Andre side")


st.navigation([st.Page(first, title="Første", url_path="forste", default=True),
               st.Page(second, title="Andre", url_path="andre")]).run()
'''

#: True when the page titled ``title`` has finished: the script is not running, its title is
#: shown, nothing stale or loading is left, and at least ``charts`` plotly charts are drawn and
#: ``elements`` elements shown (the counts a settled visit ended with: its last element is there).
_DONE = """([title, charts, elements]) => {
  const state = document.querySelector('[data-test-script-state]');
  if (!state || state.getAttribute('data-test-script-state') !== 'notRunning') return false;
  const main = document.querySelector("[data-testid='stMain']");
  if (!main) return false;
  if (![...main.querySelectorAll('h1, [data-testid=stMarkdownContainer] p')].some(e => e.textContent.trim().startsWith(title))) return false;
  if (document.querySelector("[data-testid='stSkeleton'], [data-testid='stElementContainer'][data-stale='true']")) return false;
  const drawn = [...main.querySelectorAll('.js-plotly-plot')].filter(p => p.querySelector('.main-svg')).length;
  return drawn >= charts && main.querySelectorAll("[data-testid='stElementContainer']").length >= elements;
}"""

_COUNTS = """() => {
  const main = document.querySelector("[data-testid='stMain']");
  return [[...main.querySelectorAll('.js-plotly-plot')].filter(p => p.querySelector('.main-svg')).length,
          main.querySelectorAll("[data-testid='stElementContainer']").length];
}"""


def available() -> bool:
    return CHROMIUM is not None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``streamlit run SCRIPT`` on a free port; ``started`` is the moment it was launched."""

    def __init__(self, script: Path, env: dict[str, str], options: Sequence[str] = (), python: Sequence[str] | None = None) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        command = [*(python or [sys.executable, "-m", "streamlit"]), "run", str(script), "--server.headless", "true",
                   "--server.port", str(self.port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false", *options]
        self.started = time.perf_counter()
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def wait_healthy(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as response:
                    if response.read() == b"ok":
                        return
            except OSError:
                pass
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise RuntimeError(f"Streamlit-serveren startet ikke innen {START_TIMEOUT} s (returkode {self.process.poll()})")
            time.sleep(0.05)

    def cpu_s(self) -> float:
        """User + system CPU seconds of the server process (all its threads) so far."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def rss_mb(self) -> float:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@contextmanager
def server(script: Path, env: dict[str, str], options: Sequence[str] = (), python: Sequence[str] | None = None) -> Iterator[Server]:
    running = Server(script, env, options, python)
    try:
        yield running
    finally:
        running.stop()


@contextmanager
def chromium() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def _wait_done(page, title: str, charts: int = 0, elements: int = 0) -> None:
    page.wait_for_function(_DONE, arg=[title, charts, elements], timeout=STEP_TIMEOUT_MS, polling="raf")


def _click(page, title: str) -> None:
    page.locator("[data-testid='stSidebarNav']").get_by_role("link", name=title).click()


def floor(browser, env: dict[str, str]) -> dict:
    """The empty two-page app: launch to its first element (s), and a click to the other page's first element (median ms)."""
    with tempfile.TemporaryDirectory(prefix="byr-bench-tom-") as tmp:
        script = Path(tmp) / "tom_app.py"
        script.write_text(EMPTY_APP, encoding="utf-8")
        page = browser.new_page(viewport=VIEWPORT)
        with server(script, env) as running:
            running.wait_healthy()
            page.goto(running.url)
            page.get_by_text("Første side").wait_for(timeout=STEP_TIMEOUT_MS)
            start_s = time.perf_counter() - running.started
            _wait_done(page, "Første side")
            times = []
            for i in range(2 * (ROUNDS + 1)):
                title, text = ("Andre", "Andre side") if i % 2 == 0 else ("Første", "Første side")
                start = time.perf_counter()
                _click(page, title)
                _wait_done(page, text)
                if i >= 2:  # the first visit to each page warms up
                    times.append((time.perf_counter() - start) * 1000)
        page.close()
    return {"start_s": start_s, "switch_ms": statistics.median(times), "switches_ms": times}


def dashboard(browser, env: dict[str, str], options: Sequence[str] = (), python: Sequence[str] | None = None,
              rounds: int = ROUNDS) -> dict:
    """Launch to the first chart on Oversikt (s); per page, the median ms from a click in the sidebar to its last element.

    After one warm-up round (which also records how many charts and elements each page settles
    with), ``rounds`` timed rounds; the server's CPU and resident memory are read around them.
    """
    page = browser.new_page(viewport=VIEWPORT)
    with server(ROOT / "dashboard.py", env, options, python) as running:
        running.wait_healthy()
        page.goto(running.url)
        page.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=STEP_TIMEOUT_MS)
        first_chart_s = time.perf_counter() - running.started
        _wait_done(page, "Oversikt")
        expected = {}
        for title in (*PAGES[1:], PAGES[0]):  # warm-up round: every page once
            _click(page, title)
            _wait_done(page, title)
            page.wait_for_timeout(SETTLE_MS)
            expected[title] = page.evaluate(_COUNTS)
            if page.locator("[data-testid='stException']").count():
                raise RuntimeError(f"{title}: unntak i appen i nettleseren")
        times: dict[str, list[float]] = {title: [] for title in PAGES}
        cpu, rss = running.cpu_s(), running.rss_mb()
        for _ in range(rounds):
            for title in (*PAGES[1:], PAGES[0]):
                start = time.perf_counter()
                _click(page, title)
                _wait_done(page, title, *expected[title])
                times[title].append((time.perf_counter() - start) * 1000)
        reruns = rounds * len(PAGES)
        cpu_ms = (running.cpu_s() - cpu) * 1000 / reruns
        rss_after = running.rss_mb()
    page.close()
    return {
        "first_chart_s": first_chart_s,
        "pages_ms": {title: statistics.median(times[title]) for title in PAGES},
        "runs_ms": times,
        "elements": {title: {"charts": c, "elements": e} for title, (c, e) in expected.items()},
        "server_cpu_ms_per_rerun": cpu_ms,
        "reruns": reruns,
        "server_rss_mb": {"before": rss, "after": rss_after},
    }
