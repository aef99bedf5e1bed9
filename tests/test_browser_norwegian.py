"""Norwegian all the way and usable by keyboard, in a real browser (issue 11, item 12).

A deep link as the very first request after a server start opens its page; a chart page shows no
English toolbar text, names each chart by its title and keeps its toolbar out of the tab order; the
login form and the uploader show no English hint; a sidebar link has a clear focus outline.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.test_browser import CHROMIUM, LAUNCH_ARGS, SHOTS, _need_browser, _wait_ready, dashboard_server

pytestmark = pytest.mark.browser
PASSWORD = "norsk-test"
#: What Streamlit and plotly.js write in English on our pages unless told otherwise.
ENGLISH = ["Download plot", "Zoom", "Pan", "Autoscale", "Reset axes", "Fullscreen", "Press Enter", "Upload", "per file", "Page not found"]
#: The text shown, and the names and tooltips of the charts and of the given part of the page (Streamlit's
#: table toolbar and its widgets' helper buttons keep English names: docs/arkitektur.md says which).
_TEXTS = """(scope) => [document.body.innerText, ...[...document.querySelectorAll(`${scope} [aria-label], ${scope} [data-title], ${scope} [title],
  [data-testid="stPlotlyChart"], [data-testid="stPlotlyChart"] *`)]
  .map(e => [e.getAttribute('aria-label'), e.getAttribute('data-title'), e.getAttribute('title')].filter(Boolean).join(' '))].join('\\n')"""


def _env(tmp_path) -> dict[str, str]:
    from byr_data.auth import hash_password

    return {**os.environ, "BYR_DATA": "", "BYR_DATABASE_URL": f"sqlite:///{tmp_path / 'byr.sqlite'}", "BYR_DATA_DIR": str(tmp_path / "data"),
            "BYR_ADMIN_PASSWORD_HASH": hash_password(PASSWORD)}


@pytest.fixture(scope="module")
def browser():
    _need_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    _need_browser()
    with dashboard_server(_env(tmp_path_factory.mktemp("norsk"))) as url:
        yield url


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    yield context.new_page()
    context.close()


def _english(page, scope: str = "[data-testid='stPlotlyChart']") -> list[str]:
    shown = page.evaluate(_TEXTS, scope)
    return [text for text in ENGLISH if text in shown]


def test_a_deep_link_works_as_the_first_request_after_a_start(browser, tmp_path) -> None:
    """Streamlit took a fresh server for an old-style pages/ app until the first st.navigation: «Page not found»."""
    with dashboard_server(_env(tmp_path)) as url:
        page = browser.new_page(viewport={"width": 1600, "height": 1000})
        page.goto(f"{url}/arbeidsplasser?kommune=3401")  # nothing has run on this server before
        _wait_ready(page)
        page.wait_for_timeout(1000)  # the dialog came with the first run's messages
        assert page.get_by_text("Page not found").count() == 0
        assert page.locator("[role='dialog']").count() == 0
        assert page.locator("h1", has_text="Arbeidsplasser").count() == 1
        assert "/arbeidsplasser" in page.url and "kommune=3401" in page.url
        page.close()


def test_charts_are_named_by_their_title_with_a_norwegian_toolbar_outside_the_tab_order(server: str, page) -> None:
    page.goto(f"{server}/arbeidsplasser")
    _wait_ready(page)
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
    page.wait_for_function("document.querySelectorAll('[data-testid=\"stPlotlyChart\"][aria-label]').length"
                           " === document.querySelectorAll('[data-testid=\"stPlotlyChart\"]').length", timeout=10_000)
    charts = page.evaluate("""() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].map(c => ({
      role: c.getAttribute('role'), name: c.getAttribute('aria-label'),
      title: (c.querySelector('.gtitle') || {}).textContent,
      buttons: [...c.querySelectorAll('.modebar-btn')].map(b => [b.getAttribute('aria-label'), b.getAttribute('tabindex')])}))""")
    assert len(charts) >= 5
    for chart in charts:
        assert chart["role"] == "figure" and chart["name"] == chart["title"]  # the accessible name is the title drawn
        assert chart["buttons"] == [["Last ned figuren som PNG", "-1"]]
    assert "Sysselsatte per kommune (arbeidssted, 4. kvartal)" in [c["name"] for c in charts]
    page.locator(".js-plotly-plot .main-svg").first.hover()  # the toolbar shows on hover
    assert _english(page) == []

    page.locator("[data-testid='stSidebar'] a").first.focus()
    focused = []
    for _ in range(60):  # past every chart on the page
        page.keyboard.press("Tab")
        focused.append(page.evaluate("() => document.activeElement.className.baseVal === undefined ? document.activeElement.className : ''"))
    assert not [name for name in focused if "modebar" in name]


def test_the_login_and_the_uploader_say_nothing_in_english(server: str, page) -> None:
    page.goto(f"{server}/datafiler")
    _wait_ready(page)
    sidebar = page.locator("[data-testid='stSidebar']")
    sidebar.get_by_label("Passord").fill(PASSWORD)
    page.wait_for_timeout(300)
    assert page.locator("[data-testid='InputInstructions']").count() == 1  # Streamlit's «Press Enter to submit form» …
    assert _english(page, "[data-testid='stSidebar'] form") == []  # … is not shown
    sidebar.get_by_label("Passord").press("Enter")  # and Enter still logs in
    page.get_by_text("Innlogget som administrator").wait_for(timeout=30_000)
    _wait_ready(page)
    uploader = page.locator("[data-testid='stFileUploader']")
    assert uploader.get_by_role("button", name="Velg filer").count() == 1
    assert page.get_by_text("Største filstørrelse er 20 MB").count() == 1  # our limit, in place of «20MB per file»
    assert _english(page, "[data-testid='stFileUploader']") == []
    SHOTS.mkdir(parents=True, exist_ok=True)
    uploader.scroll_into_view_if_needed()
    uploader.screenshot(path=str(SHOTS / "data-opplasting-norsk.png"))


def test_a_sidebar_link_shows_a_clear_focus_outline(server: str, page) -> None:
    page.goto(server)
    _wait_ready(page)
    links = page.locator("[data-testid='stSidebarNav'] a")
    links.first.focus()
    page.keyboard.press("Tab")  # to «Mål», by keyboard (focus-visible)
    style = page.evaluate("""() => { const e = document.activeElement, s = getComputedStyle(e);
      return [e.innerText.trim().split('\\n').pop(), s.outlineStyle, parseFloat(s.outlineWidth), s.outlineColor]; }""")
    assert style == ["Mål", "solid", 3.0, "rgb(11, 92, 173)"]
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("[data-testid='stSidebarNav']").screenshot(path=str(SHOTS / "sidemeny-fokus.png"))
