"""A person's visit in a real browser: every page, no exception box, a drawn chart, a screenshot.

Runs headless Debian Chromium through Playwright against a server started here. In CI
(``CI=true``) a missing browser fails the test; elsewhere it is skipped with the reason.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from byr_data.web import registry

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "tests" / "screenshots"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PAGES = [("" if page.default else page.url_path, page.title) for page in registry.CHART_PAGES]
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = pytest.mark.browser
ADMIN_PASSWORD = "nettleser-test"


def _need_browser() -> None:
    if CHROMIUM is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true, men Chromium mangler: .ci/run skal installere Debians chromium.")
        pytest.skip("Chromium er ikke installert (apt-get install chromium); nettlesertesten hoppes over.")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def dashboard_server(env: dict[str, str]) -> Iterator[str]:
    """`streamlit run dashboard.py` (as `make run` starts it) on a free loopback port; its URL until the block ends."""
    port = _free_port()
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
def server(tmp_path_factory) -> Iterator[str]:
    _need_browser()
    home = tmp_path_factory.mktemp("server")
    from byr_data.auth import hash_password

    env = {**os.environ, "BYR_DATA": "", "BYR_DATABASE_URL": f"sqlite:///{home / 'byr.sqlite'}", "BYR_DATA_DIR": str(home / "data"),
           "BYR_ADMIN_PASSWORD_HASH": hash_password(ADMIN_PASSWORD)}
    with dashboard_server(env) as url:
        yield url


@pytest.fixture(scope="module")
def browser_page(server: str):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        page = browser.new_page(viewport={"width": 1600, "height": 1000})
        # Open the front page first, as a person would (a deep link as the very first request works too:
        # tests/test_browser_norwegian.py).
        page.goto(server)
        _wait_ready(page)
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


def _edited_sample(tmp_path: Path) -> Path:
    """The sample workbook with one 2016 budget line revised upwards by 200 000 kr."""
    from openpyxl import load_workbook

    book = load_workbook(ROOT / "sample_data" / "byr_glamdalen.xlsx")
    sheet = book["Budsjett"]
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        values = dict(zip(header, (c.value for c in row), strict=False))
        if values["År"] == 2016 and values["Post"] == "Prosjektledelse":
            row[header.index("Revidert")].value = 900_000
    path = tmp_path / "byr_glamdalen_endret.xlsx"
    book.save(path)
    return path


def test_admin_logs_in_uploads_and_publishes_and_a_viewer_sees_no_admin_controls(server: str, browser_page, tmp_path) -> None:
    from tests.workbooks import make_workbook

    page = browser_page
    page.goto(f"{server}/datafiler")
    _wait_ready(page)
    assert page.locator("[data-testid='stFileUploaderDropzoneInput']").count() == 0  # not logged in yet
    sidebar = page.locator("[data-testid='stSidebar']")
    sidebar.get_by_label("Passord").fill(ADMIN_PASSWORD)
    sidebar.get_by_role("button", name="Logg inn").click()
    page.get_by_text("Innlogget som administrator").wait_for(timeout=30_000)
    _wait_ready(page)

    bad = tmp_path / "budsjett.xlsx"
    bad.write_bytes(make_workbook({"Budsjett": [["År", "Post", "Opprinnelig"], [2016, "Drift", "to millioner"]]}))
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(bad))
    page.get_by_text("Dataene som vises, er uendret").wait_for(timeout=30_000)
    _wait_ready(page)
    assert page.get_by_text("«to millioner» er ikke et tall").count() >= 1
    _screenshot(page, "data-avvist")

    page.locator("[data-testid='stFileChipDeleteBtn']").first.click()  # remove the refused file
    _wait_ready(page)
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(_edited_sample(tmp_path)))
    page.get_by_text("Filene er kontrollert og kan publiseres.").wait_for(timeout=30_000)
    _wait_ready(page)
    page.get_by_label("Kommentar til versjonen (påkrevd)").fill("Revidert prosjektledelse")
    page.get_by_label("Kommentar til versjonen (påkrevd)").press("Enter")
    _wait_ready(page)
    _screenshot(page, "data-forhandsvisning")
    page.get_by_role("button", name="Publiser", exact=True).click()
    page.get_by_text("Publisert som versjon 2").wait_for(timeout=30_000)
    assert page.locator("[data-testid='stException']").count() == 0

    page.goto(server)
    _wait_ready(page)
    assert page.get_by_text("4 080 000 kr").count() >= 1  # 3 880 000 + 200 000
    assert page.get_by_text("Versjon 2, publisert").count() >= 1
    _screenshot(page, "oversikt-etter-publisering")

    # A second person: a browser context of its own, no login.
    context = page.context.browser.new_context(viewport={"width": 1600, "height": 1000})
    viewer = context.new_page()
    viewer.goto(f"{server}/datafiler")
    _wait_ready(viewer)
    assert viewer.get_by_text("Logg inn som administrator i sidemenyen").count() == 1
    assert viewer.locator("[data-testid='stFileUploaderDropzoneInput']").count() == 0
    assert viewer.get_by_role("button", name="Publiser", exact=True).count() == 0
    assert viewer.get_by_text("Versjon 2, publisert").count() >= 1  # the publish reached the viewer too
    context.close()


def test_meeting_mode_steps_with_the_arrow_keys_at_projector_size(server: str, browser_page) -> None:
    """Møtemodus at 1920×1080: no sidebar, ArrowRight/ArrowLeft step the screens, one screenshot per screen."""
    page = browser_page
    page.set_viewport_size({"width": 1920, "height": 1080})
    try:
        page.goto(f"{server}/?modus=mote")
        _wait_ready(page)

        def position(text: str) -> None:
            page.locator(".mote-position", has_text=text).wait_for(timeout=30_000)
            _wait_ready(page)
            page.wait_for_timeout(700)  # let the chart draw before the screenshot

        position("1 av 6")
        assert not page.locator("[data-testid='stSidebar']").is_visible()
        assert page.locator("[data-testid='stExpandSidebarButton'], [data-testid='stSidebarCollapsedControl']").filter(visible=True).count() == 0
        shots = SHOTS
        shots.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shots / "mote-1.png"))
        for number in range(2, 7):
            page.locator("body").press("ArrowRight")
            position(f"{number} av 6")
            assert page.locator("[data-testid='stException']").count() == 0
            page.wait_for_function(f"window.location.search.includes('skjerm={number}')", timeout=10_000)
            page.screenshot(path=str(shots / f"mote-{number}.png"))
        assert page.locator(".mote-position").inner_text().strip() == "6 av 6"
        assert page.locator("h1", has_text="Trenger beslutning").count() == 1
        page.locator("body").press("ArrowLeft")
        position("5 av 6")
        assert page.locator("h1", has_text="Budsjettendringer").count() == 1

        page.reload()  # the screen is in the URL
        _wait_ready(page)
        position("5 av 6")
        page.get_by_role("link", name="Avslutt møtemodus").click()
        page.wait_for_url(lambda url: "modus=mote" not in url, timeout=30_000)
        _wait_ready(page)
        assert page.locator("[data-testid='stSidebar']").is_visible()
    finally:
        page.set_viewport_size({"width": 1600, "height": 1000})


UUID = re.compile(rb"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# What Streamlit's frontend does for a file: a multipart PUT with the XSRF cookie's value as header.
PUT_FILE = """async ([session, size]) => {
  const token = (document.cookie.split('; ').find(c => c.startsWith('_streamlit_xsrf=')) || '').slice('_streamlit_xsrf='.length);
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(size)]), 'stor.xlsx');
  const response = await fetch(`/_stcore/upload_file/${session}/fil-1`, {method: 'PUT', headers: {'X-Xsrftoken': token}, body: form});
  return response.status;
}"""


def test_upload_route_refuses_a_visitor_and_accepts_the_same_session_after_admin_login(server: str, browser_page) -> None:
    """A visitor's session cannot put a 20 MB file into server memory; after logging in, the same session can."""
    context = browser_page.context.browser.new_context(viewport={"width": 1600, "height": 1000})
    page = context.new_page()
    candidates: list[str] = []  # the session id travels in the websocket's first messages
    page.on("websocket", lambda ws: ws.on("framereceived", lambda payload: candidates.extend(
        m.decode() for m in UUID.findall(payload if isinstance(payload, bytes) else payload.encode()))))
    page.goto(f"{server}/datafiler")
    _wait_ready(page)
    ids = list(dict.fromkeys(candidates))
    assert ids
    assert [page.evaluate(PUT_FILE, [i, 20 * 1024 * 1024 - 1024]) for i in ids] == [403] * len(ids)

    sidebar = page.locator("[data-testid='stSidebar']")
    sidebar.get_by_label("Passord").fill(ADMIN_PASSWORD)
    sidebar.get_by_role("button", name="Logg inn").click()
    page.get_by_text("Innlogget som administrator").wait_for(timeout=30_000)
    _wait_ready(page)
    # Exactly one of the ids is this session: Streamlit stores its file now (204), the others stay refused.
    statuses = [page.evaluate(PUT_FILE, [i, 1024]) for i in ids]
    assert sorted(statuses) == sorted([204] + [403] * (len(ids) - 1))
    context.close()
