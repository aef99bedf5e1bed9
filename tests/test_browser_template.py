"""The template flow in a real browser (issue 11): download the template from the Data page, fill in one
row of «Budsjettendringer», upload, publish, and every other table stays exactly as it was."""

from __future__ import annotations

import datetime as dt
import io
import os
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from tests.test_browser import ADMIN_PASSWORD, CHROMIUM, LAUNCH_ARGS, _need_browser, _screenshot, _wait_ready, dashboard_server

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[tuple[str, str]]:
    """A server of its own (its own database, seeded with the sample as version 1): its URL and the database's."""
    _need_browser()
    home = tmp_path_factory.mktemp("template-server")
    from byr_data.auth import hash_password

    database = f"sqlite:///{home / 'byr.sqlite'}"
    env = {**os.environ, "BYR_DATA": "", "BYR_DATABASE_URL": database, "BYR_DATA_DIR": str(home / "data"),
           "BYR_ADMIN_PASSWORD_HASH": hash_password(ADMIN_PASSWORD)}
    with dashboard_server(env) as url:
        yield url, database


def _fill_in_one_budget_change(template: bytes, path: Path) -> None:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(template))
    sheet = book["Budsjettendringer"]
    headers = [c.value for c in sheet[1]]
    row = {"Dato": dt.date(2016, 3, 1), "År": 2016, "Post": "Ekstra prosjektstøtte", "Beløp": 150_000, "Begrunnelse": "Tilleggsbevilgning"}
    for header, value in row.items():
        sheet.cell(row=2, column=headers.index(header) + 1, value=value)
    book.save(path)


def test_template_with_one_budget_change_publishes_only_that_change(served: tuple[str, str], tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    from byr_data.store import Store

    server, database = served
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        page = browser.new_page(viewport={"width": 1600, "height": 1000}, accept_downloads=True)
        page.goto(server)  # the first visit registers the pages (see tests.test_browser.browser_page)
        _wait_ready(page)
        page.goto(f"{server}/datafiler")
        _wait_ready(page)
        sidebar = page.locator("[data-testid='stSidebar']")
        sidebar.get_by_label("Passord").fill(ADMIN_PASSWORD)
        sidebar.get_by_role("button", name="Logg inn").click()
        page.get_by_text("Innlogget som administrator").wait_for(timeout=30_000)
        _wait_ready(page)
        with Store.open(database) as store:
            before = store.dataset()
        assert before.version is not None and before.version.number == 1

        with page.expect_download(timeout=30_000) as download:
            page.get_by_role("button", name="Last ned tom mal med nedtrekkslister").click()
        filled = tmp_path / "mal.xlsx"
        _fill_in_one_budget_change(Path(download.value.path()).read_bytes(), filled)

        page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(filled))
        page.get_by_text("Filene er kontrollert og kan publiseres.").wait_for(timeout=60_000)
        _wait_ready(page)
        # A summary's text starts with the icon's ligature name (keyboard_arrow_right): the label is its last line.
        labels = [text.strip().splitlines()[-1].strip() for text in page.locator("[data-testid='stExpander'] summary").all_inner_texts()]
        tables = [label for label in labels if label.startswith("«")]
        assert len(tables) == 8, labels
        assert [label for label in tables if not label.endswith("ingen endringer")] == ["«Budsjettendringer»: 1 nye, 2 fjernet"]
        assert page.get_by_text("Beholdes fra dagens data fordi arket i filen er tomt").count() == 1
        assert "Tømme ark? (8 ark uten rader i filen)" in labels  # the choice to empty them is there, folded away and off
        _screenshot(page, "data-mal-forhandsvisning")

        page.get_by_label("Kommentar til versjonen (påkrevd)").fill("Ny budsjettendring fra malen")
        page.get_by_label("Kommentar til versjonen (påkrevd)").press("Enter")
        _wait_ready(page)
        page.get_by_role("button", name="Publiser", exact=True).click()
        page.get_by_text("Publisert som versjon 2").wait_for(timeout=60_000)
        _wait_ready(page)
        assert page.locator("[data-testid='stException']").count() == 0
        # The uploader starts empty: no file, no preview, no button to publish the same file again.
        assert page.locator("[data-testid='stFileChip'], [data-testid='stFileChipDeleteBtn']").count() == 0
        assert page.get_by_text("Filene er kontrollert og kan publiseres.").count() == 0
        assert page.get_by_role("button", name="Publiser", exact=True).count() == 0
        _screenshot(page, "data-mal-publisert")
        browser.close()

    with Store.open(database) as store:
        after = store.dataset()
    assert after.version is not None and (after.version.number, after.version.comment) == (2, "Ny budsjettendring fra malen")
    assert after.about == before.about
    assert set(after.tables()) == set(before.tables())
    for name, table in before.tables().items():
        if name != "budget_changes":
            pd.testing.assert_frame_equal(after.tables()[name], table, obj=name)
    assert after.budget_changes[["post", "amount"]].to_dict("records") == [{"post": "Ekstra prosjektstøtte", "amount": 150_000.0}]
