"""A person's visit in a real browser: every page, no exception box, a drawn chart, a screenshot.

Runs headless Debian Chromium through Playwright against a server started here. In CI
(``CI=true``) a missing browser fails the test; elsewhere it is skipped with the reason.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "tests" / "screenshots"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PAGES = [("", "Oversikt"), ("mal", "Mål"), ("aktiviteter", "Aktiviteter"), ("okonomi", "Økonomi"), ("arbeidsplasser", "Arbeidsplasser")]
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = pytest.mark.browser


def _need_browser() -> None:
    if CHROMIUM is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true, men Chromium mangler: .ci/run skal installere Debians chromium.")
        pytest.skip("Chromium er ikke installert (apt-get install chromium); nettlesertesten hoppes over.")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    _need_browser()
    port = _free_port()
    env = {**os.environ, "BYR_DATA": ""}
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard.py"), "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.read() == b"ok":
                        break
            except OSError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                pytest.fail("Streamlit-serveren startet ikke innen 60 s.")
            time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="module")
def browser_page(server: str):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        page = browser.new_page(viewport={"width": 1600, "height": 1000})
        yield page
        browser.close()


def _screenshot(page, name: str) -> None:
    """The whole page: Streamlit scrolls inside its main block, so grow the window to fit it first."""
    height = page.evaluate("Math.max(...[...document.querySelectorAll('[data-testid=\"stMain\"], [data-testid=\"stMainBlockContainer\"]')].map(e => e.scrollHeight), 1000)")
    page.set_viewport_size({"width": 1600, "height": min(int(height) + 100, 12000)})
    page.wait_for_timeout(800)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    page.set_viewport_size({"width": 1600, "height": 1000})


def _wait_ready(page) -> None:
    page.wait_for_selector("[data-testid='stApp'][data-test-connection-state='CONNECTED']", timeout=60_000)
    page.wait_for_selector("[data-test-script-state='notRunning']", timeout=60_000)
    page.wait_for_function("document.querySelectorAll('[data-testid=\"stSkeleton\"]').length === 0", timeout=60_000)
    page.wait_for_timeout(500)


@pytest.mark.parametrize(("path", "title"), PAGES)
def test_page_renders_with_chart_and_no_exception(server: str, browser_page, path: str, title: str) -> None:
    page = browser_page
    page.goto(f"{server}/{path}")
    _wait_ready(page)
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.get_by_text("Page not found").count() == 0
    assert page.locator("h1", has_text=title).count() >= 1
    assert page.get_by_text("Eksempeldata").count() >= 1  # the sample says it is illustrative
    _screenshot(page, path or "oversikt")


def test_filter_is_kept_in_url_across_pages(server: str, browser_page) -> None:
    page = browser_page
    page.goto(f"{server}/arbeidsplasser?kommune=3401,3415")
    _wait_ready(page)
    sidebar = page.locator("[data-testid='stSidebar']")
    assert sidebar.get_by_text("Kongsvinger (3401)").count() == 1
    assert sidebar.get_by_text("Sør-Odal (3415)").count() == 1
    assert page.get_by_text("Viser Kongsvinger, Sør-Odal").count() >= 1
    # Move to another page through the navigation, as a person would.
    sidebar.get_by_role("link", name="Mål").click()
    page.wait_for_url("**/mal**")
    _wait_ready(page)
    page.wait_for_function("window.location.search.includes('kommune=3401')", timeout=10_000)
    assert "kommune=3401%2C3415" in page.url or "kommune=3401,3415" in page.url
    assert page.get_by_text("Viser Kongsvinger, Sør-Odal").count() >= 1
    _screenshot(page, "mal-filtrert")


def test_data_page_refuses_a_bad_upload_and_keeps_the_data(server: str, browser_page, tmp_path) -> None:
    from tests.workbooks import make_workbook

    page = browser_page
    page.goto(f"{server}/datafiler")
    _wait_ready(page)
    assert page.locator("h1", has_text="Data").count() >= 1
    bad = tmp_path / "budsjett.xlsx"
    bad.write_bytes(make_workbook({"Budsjett": [["År", "Post", "Opprinnelig"], [2016, "Drift", "to millioner"]]}))
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(bad))
    page.get_by_text("Dataene som vises, er uendret").wait_for(timeout=30_000)
    _wait_ready(page)
    assert page.get_by_text("«to millioner» er ikke et tall").count() >= 1
    assert page.locator("[data-testid='stException']").count() == 0
    _screenshot(page, "data-avvist")
    page.goto(f"{server}/okonomi")
    _wait_ready(page)
    assert page.get_by_text("3 880 000 kr").count() >= 1
