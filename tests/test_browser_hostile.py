"""Data is text, in a real browser: a store whose every text field holds hostile HTML and markdown.

Every page and every meeting screen, with and without a municipality filter, is visited in
headless Chromium. Nothing the data says may become an element (no tag, link, image, frame,
form, style, formula, icon or emphasis), fetch anything (every hostile URL points at
127.0.0.2 or *.localhost, and no request may go there) or navigate away; the text must show
literally. Screenshots of meeting screen 1 and of the activity page go to tests/screenshots/.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from byr_data.web import registry
from tests.test_browser import CHROMIUM, LAUNCH_ARGS, SHOTS, _need_browser, _screenshot, _wait_ready, dashboard_server

pytestmark = pytest.mark.browser

PAGES = ["" if page.default else page.url_path for page in registry.PAGES]
FILTERS = ["", "kommune=3401,3415"]
#: Hosts of the payload's URLs: nothing may ask them for anything.
HOSTILE_HOSTS = ("127.0.0.2", "localhost:9", "example.localhost", "www.localhost")
#: Literal pieces of the payload that must be seen as text, exactly (the invisible joiner aside).
LITERAL = [":red[rød]", ":material/home:", ":streamlit:", "$x^2$", "**fet**", "`kode`", "[lenke](http://127.0.0.2:9/lenke)",
           "![bilde](http://127.0.0.2:9/md.png)", "www.localhost:9/www", "ola@example.localhost", '<b data-hostile="b">fet</b>']

# In the page: every trace data could leave in the DOM.
_FROM_DATA = """() => {
  const hosts = HOSTS;
  // Attributes that load or go somewhere (text in other attributes, such as a title, is only text).
  const urls = ['href', 'xlink:href', 'src', 'srcset', 'action', 'formaction', 'content', 'poster', 'data', 'background', 'ping'];
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      if (a.name.startsWith('data-hostile') || (urls.includes(a.name) && hosts.some(h => a.value.includes(h)))) found.push(`${el.tagName} ${a.name}=${a.value.slice(0, 80)}`);
    }
  }
  for (const el of document.querySelectorAll('strong, em, b, code, del, s, .katex, img[alt="Streamlit logo"]')) {
    if (['fet', 'kode', 'rød'].includes(el.textContent.trim()) || el.matches('.katex, img[alt="Streamlit logo"]')) found.push(`${el.tagName} ${el.className} «${el.textContent.slice(0, 40)}»`);
  }
  for (const el of document.querySelectorAll('style')) {
    if (el.textContent.includes('body { display: none; }')) found.push('style from data');
  }
  if (getComputedStyle(document.body).display === 'none') found.push('body hidden');
  return found;
}""".replace("HOSTS", json.dumps(HOSTILE_HOSTS))

#: The text a reader sees (the invisible word joiner dropped): a material icon, say, would show as «home».
_SHOWN = "() => document.body.innerText.replaceAll('\\u2060', '')"


def _hostile_store(url: str) -> None:
    import datetime as dt

    from byr_data.reading import load
    from byr_data.store import Store
    from tests.conftest import REPORT_DATE
    from tests.hostile import COMMENT, FILE_NAME, PAYLOAD, hostile_workbook

    def earlier(workbook) -> None:
        workbook["Mål"].cell(3, 13).value = "Risiko"
        workbook["Aktiviteter"].delete_rows(workbook["Aktiviteter"].max_row)

    store = Store.open(url)
    for change in (earlier, None):
        data = hostile_workbook(change)
        result = load([(FILE_NAME, data)], REPORT_DATE)
        assert result.dataset is not None
        store.publish(result.dataset, [(FILE_NAME, data)], author=f"admin{PAYLOAD}", comment=COMMENT)
    store.save_draft(dt.date.today(), {"summary": f"Sammendrag{PAYLOAD}"}, author=f"admin{PAYLOAD}")


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory) -> Iterator[str]:
    _need_browser()
    home = tmp_path_factory.mktemp("hostile")
    database = f"sqlite:///{home / 'byr.sqlite'}"
    _hostile_store(database)
    env = {**os.environ, "BYR_DATA": "", "BYR_DATABASE_URL": database, "BYR_DATA_DIR": str(home / "data")}
    env.pop("BYR_ADMIN_PASSWORD_HASH", None)
    with dashboard_server(env) as url:
        yield url


def test_hostile_data_makes_no_element_request_or_navigation(hostile_server: str) -> None:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    server = hostile_server
    origin = urlsplit(server).netloc
    requests: list[str] = []
    navigations: list[str] = []
    problems: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        page = browser.new_page(viewport={"width": 1600, "height": 1000})
        page.on("request", lambda r: requests.append(r.url) if any(h in r.url for h in HOSTILE_HOSTS) else None)
        page.on("framenavigated", lambda f: navigations.append(f.url) if urlsplit(f.url).netloc not in (origin, "") else None)
        page.goto(server)  # the first run registers the pages (see test_browser)
        _wait_ready(page)

        visits = [f"{path}?{query}" for query in FILTERS for path in PAGES]
        visits += [f"?modus=mote&skjerm={n}" + (f"&{query}" if query else "") for query in FILTERS for n in range(1, 7)]
        for visit in visits:
            page.goto(f"{server}/{visit}")
            try:
                _wait_ready(page)
            except PlaywrightTimeout:  # data took the page away (a meta refresh) or broke it
                problems.append(f"/{visit}: the page did not finish, now at {page.url}")
                continue
            page.wait_for_timeout(700)  # a <meta refresh content=0> would have fired by now
            if page.locator(".js-plotly-plot").count():
                bars = page.locator(".js-plotly-plot .bars path, .js-plotly-plot .scatterlayer .point")
                if bars.count():
                    bars.first.hover(force=True)  # draw a hover label too
                    page.wait_for_timeout(300)
            problems += [f"/{visit}: {p}" for p in page.evaluate(_FROM_DATA)]
            if "modus=mote" not in visit or "skjerm=1" in visit:  # the sidebar's region name, screen 1's goal name
                shown = page.evaluate(_SHOWN)
                problems += [f"/{visit}: not shown literally: {piece}" for piece in LITERAL if piece not in shown]
            if page.locator("[data-testid='stException']").count():
                problems.append(f"/{visit}: exception")
            if visit == "aktiviteter?":
                _screenshot(page, "hostile-aktiviteter")
            if visit == "?modus=mote&skjerm=1":
                page.set_viewport_size({"width": 1920, "height": 1080})
                page.wait_for_timeout(700)
                SHOTS.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(SHOTS / "hostile-mote-1.png"))
                page.set_viewport_size({"width": 1600, "height": 1000})

        # The municipality menu and its chips: the names as text, nothing more.
        page.goto(f"{server}/?kommune=3401")
        _wait_ready(page)
        page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").click()
        page.wait_for_timeout(500)
        problems += [f"kommunemeny: {p}" for p in page.evaluate(_FROM_DATA)]
        browser.close()

    assert not problems, "\n".join(problems)
    assert not requests, requests
    assert not navigations, navigations
