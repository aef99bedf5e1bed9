"""Møtemodus on a projector: every screen fits 1920×1080, and a long list is paged with the arrow keys.

Walks all six screens with → in headless Chromium, for the whole region and for Kongsvinger alone,
first on the sample as published (version 1) and then after a second version with many changes
(so «Endret siden forrige versjon», the budget changes and «Trenger beslutning» have long lists).
Every screen and every page of it is saved as tests/screenshots/mote-{v1|v2}-{region|3401}-{screen}[-{page}].png
(v1: as published, v2: after the update).
"""

from __future__ import annotations

import datetime as dt
import io
import os
from collections.abc import Iterator

import pytest

from tests.test_browser import CHROMIUM, LAUNCH_ARGS, ROOT, SHOTS, _need_browser, _wait_ready, dashboard_server

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 1920, 1080
#: Everything in the main block, and the main block itself: nothing lower than the screen, nothing to scroll.
_OVERFLOW = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const low = [...document.querySelectorAll('[data-testid="stMainBlockContainer"] *')]
    .filter(e => e.getBoundingClientRect().height > 0 && e.getBoundingClientRect().bottom > window.innerHeight + 0.5)
    .map(e => `${e.tagName}.${e.className} bottom ${Math.round(e.getBoundingClientRect().bottom)}`);
  return {scroll: main.scrollHeight - main.clientHeight, page: document.scrollingElement.scrollHeight - window.innerHeight, low: low.slice(0, 5)};
}"""
#: The first column (ID) of every meeting table's rows on the screen.
_ROWS = """() => [...document.querySelectorAll('table.mote-table tbody tr')].map(r => r.cells[0].textContent)"""

#: Goals the second version puts at risk, on top of the sample's six (H1.2, H2.1, H3.2, H3.3, H4.3, H5).
NEW_RISKS = ["H1.1", "H1.3", "H1.4", "H2.2", "H4.1", "H5.1", "H5.3", "H5.4"]
#: Activities the second version adds: every one late (ended in 2016, planned), so «Trenger beslutning» lists them.
NEW_ACTIVITIES = [f"A{n}" for n in range(13, 23)]


def _updated_sample() -> bytes:
    """The sample with many changes: goals at risk, ten new late activities, statuses moved on, eight budget changes."""
    from openpyxl import load_workbook

    book = load_workbook(ROOT / "sample_data" / "byr_glamdalen.xlsx")
    goals = book["Mål"]
    header = [c.value for c in goals[1]]
    for row in goals.iter_rows(min_row=2):
        if row[header.index("ID")].value in NEW_RISKS:
            row[header.index("Status")].value = "Risiko"
    activities = book["Aktiviteter"]
    header = [c.value for c in activities[1]]
    for row in activities.iter_rows(min_row=2):
        if row[header.index("ID")].value in ("A6", "A7"):
            row[header.index("Fremdrift")].value = 80
    for number, code in zip(NEW_ACTIVITIES, ["3401", "", "3414", "", "3401", "", "3416", "", "3401", ""], strict=True):
        activities.append([number, f"Ny aktivitet {number}: oppfølging av næringsstrategien i kommunene", "H1.1", code or None,
                           "Prosjektleder", dt.datetime(2016, 3, 1), dt.datetime(2016, 11, 30), "Planlagt", 0, None])
    changes = book["Budsjettendringer"]
    for day in range(1, 9):
        changes.append([dt.datetime(2016, 3, day), 2016, "Kommunikasjon", 10_000 * day, f"Tilleggsbevilgning nr. {day} til kommunikasjon", "Styringsgruppen"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _publish_update(database: str) -> None:
    from byr_data.reading import load
    from byr_data.store import Store
    from tests.conftest import REPORT_DATE

    data = _updated_sample()
    result = load([("byr_glamdalen_v2.xlsx", data)], REPORT_DATE)
    assert result.dataset is not None, result.report.lines(result.report.errors)
    store = Store.open(database)
    store.publish(result.dataset, [("byr_glamdalen_v2.xlsx", data)], author="test", comment="Mange endringer før møtet")


@pytest.fixture(scope="module")
def meeting_server(tmp_path_factory) -> Iterator[tuple[str, str]]:
    _need_browser()
    home = tmp_path_factory.mktemp("meeting")
    database = f"sqlite:///{home / 'byr.sqlite'}"
    env = {**os.environ, "BYR_DATA": "", "BYR_DATABASE_URL": database, "BYR_DATA_DIR": str(home / "data")}
    env.pop("BYR_ADMIN_PASSWORD_HASH", None)
    with dashboard_server(env) as url:
        yield url, database


def _where(page) -> tuple[int, int, int]:
    """(screen, page, pages) as the screen says it: «4 av 6», «Side 2 av 3» (1, 1 without pages)."""
    screen = int(page.locator(".mote-position").inner_text().split()[0])
    pager = page.locator(".mote-page")
    if pager.count() == 0:
        return screen, 1, 1
    number, _, total = pager.inner_text().removeprefix("Side ").partition(" av ")
    return screen, int(number), int(total)


def _settle(page) -> None:
    _wait_ready(page)
    page.wait_for_timeout(600)  # let a chart draw before measuring and the screenshot


def _press(page, key: str, before: tuple[int, int, int]) -> tuple[int, int, int]:
    page.locator("body").press(key)
    page.wait_for_function("([s, p]) => { const pos = document.querySelector('.mote-position');"
                           " const pager = document.querySelector('.mote-page');"
                           " return pos && (pos.innerText.trim() !== s || (pager ? pager.innerText.trim() : '') !== p); }",
                           arg=[f"{before[0]} av 6", f"Side {before[1]} av {before[2]}" if before[2] > 1 else ""], timeout=30_000)
    _settle(page)
    return _where(page)


def _walk(page, url: str, query: str, name: str) -> dict[int, list[list[str]]]:
    """→ from screen 1 to the end: every screen and page fits and is saved; ← walks back the same way.

    Returns, per screen, the first column of the tables on each of its pages.
    """
    page.goto(f"{url}/?modus=mote{query}")
    _settle(page)
    seen: list[tuple[int, int, int]] = []
    rows: dict[int, list[list[str]]] = {}
    where = _where(page)
    while True:
        assert page.locator("[data-testid='stException']").count() == 0, where
        overflow = page.evaluate(_OVERFLOW)
        assert overflow == {"scroll": 0, "page": 0, "low": []}, (name, where, overflow)
        seen.append(where)
        rows.setdefault(where[0], []).append(page.evaluate(_ROWS))
        SHOTS.mkdir(parents=True, exist_ok=True)
        suffix = f"-{where[1]}" if where[2] > 1 else ""
        page.screenshot(path=str(SHOTS / f"mote-{name}-{where[0]}{suffix}.png"))
        if where == (6, where[2], where[2]):
            break
        where = _press(page, "ArrowRight", where)
    # → went through every page of a screen before the next screen, in order.
    expected = [(s, p, n) for s, _, n in dict.fromkeys((s, 1, n) for s, _, n in seen) for p in range(1, n + 1)]
    assert seen == expected
    # ← goes back the same way: a screen's pages backwards, and onto the previous screen's last page.
    back = [where]
    while where != (1, 1, 1):
        where = _press(page, "ArrowLeft", where)
        back.append(where)
    assert back == seen[::-1]
    return rows


def test_every_meeting_screen_fits_1920x1080_before_and_after_an_update_and_pages_with_the_arrow_keys(meeting_server) -> None:
    from playwright.sync_api import sync_playwright

    url, database = meeting_server
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
        page.goto(url)  # the first run seeds the store with the sample as version 1
        _wait_ready(page)
        before = {name: _walk(page, url, query, f"v1-{name}") for name, query in (("region", ""), ("3401", "&kommune=3401"))}
        _publish_update(database)
        after = {name: _walk(page, url, query, f"v2-{name}") for name, query in (("region", ""), ("3401", "&kommune=3401"))}

        # Before the update, screens 1–5 hold one page. Screen 6 holds the sample's 7 goals at risk or late (the
        # strategic goal S is computed «Forsinket»; 7 × 57 px rows under a 130 px heading) and 7 late activities:
        # 934 px free, 860 with the page buttons, so page 1 takes the goals and (860 − 529 − 130) // 57 = 3
        # activities, and page 2 the last 4.
        for walk in before.values():
            assert [len(walk[screen]) for screen in range(1, 6)] == [1] * 5
        assert [len(rows) for rows in before["region"][6]] == [10, 4]
        assert sorted(before["region"][6][0][:7]) == ["H1.2", "H2.1", "H3.2", "H3.3", "H4.3", "H5", "S"]
        # After it, screen 6 for the region lists 14 goals and the late activities over several pages, each row once.
        pages = after["region"][6]
        assert len(pages) >= 2
        shown = [row for rows in pages for row in rows]
        assert sorted(r for r in shown if r.startswith(("H", "S"))) == sorted(["S", "H1.2", "H2.1", "H3.2", "H3.3", "H4.3", "H5", *NEW_RISKS])
        assert len([r for r in shown if r.startswith("A")]) == len(set(r for r in shown if r.startswith("A")))
        assert set(NEW_ACTIVITIES) <= set(shown)
        # The budget's ten changes for 2016 are all on screen 5, whichever page.
        assert len([r for rows in after["region"][5] for r in rows]) == 10
        # «Neste side» turns the page with the mouse as well.
        page.goto(f"{url}/?modus=mote&skjerm=6")
        _settle(page)
        assert _where(page) == (6, 1, len(pages))
        page.get_by_role("button", name="Neste side →").click()
        page.locator(".mote-page", has_text=f"Side 2 av {len(pages)}").wait_for(timeout=30_000)
        assert "side=2" in page.url
        page.reload()  # the page is in the URL
        _settle(page)
        assert _where(page) == (6, 2, len(pages))
        browser.close()

