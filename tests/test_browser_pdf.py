"""The report's «Last ned som PDF» in a real browser (issue 13, item 5): the click makes the PDF on the
server (Streamlit's deferred download, in a thread of its own, through the cache in web/data.py) and
the browser receives it. A screenshot of the page goes to tests/screenshots/rapport-nedlasting.png."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from byr_data import pdf
from tests.test_browser import CHROMIUM, LAUNCH_ARGS, _need_browser, _screenshot, _wait_ready, dashboard_server

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[str]:
    _need_browser()
    if not pdf.available():
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true, men LibreOffice mangler: .ci/run skal installere libreoffice-writer-nogui.")
        pytest.skip("LibreOffice er ikke installert (apt-get install libreoffice-writer-nogui); PDF-testen hoppes over.")
    home = tmp_path_factory.mktemp("pdf-server")
    env = {**os.environ, "BYR_DATA": "", "BYR_DATABASE_URL": f"sqlite:///{home / 'byr.sqlite'}", "BYR_DATA_DIR": str(home / "data")}
    with dashboard_server(env) as url:
        yield url


def test_the_pdf_button_downloads_the_report_as_pdf(served: str, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        page = browser.new_page(viewport={"width": 1600, "height": 1000}, accept_downloads=True)
        page.goto(f"{served}/statusrapport")
        _wait_ready(page)
        button = page.get_by_role("button", name="Last ned som PDF")
        assert button.is_enabled()
        _screenshot(page, "rapport-nedlasting")
        with page.expect_download(timeout=120_000) as download:
            button.click()
        browser_file = tmp_path / download.value.suggested_filename
        download.value.save_as(browser_file)
        assert page.locator("[data-testid='stDownloadButtonError']").count() == 0
        assert page.locator("[data-testid='stException']").count() == 0
        browser.close()
    assert browser_file.name.startswith("statusrapport-byr-glamdalen-") and browser_file.suffix == ".pdf"
    assert browser_file.read_bytes().startswith(b"%PDF-")
