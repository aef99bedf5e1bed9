"""Staying logged in, in a real browser: a reload keeps the admin, logout ends it in every tab, idle ends it too.

Starts the real server (`dashboard_server`) twice: once with the normal 30-minute idle limit, once
with a limit of a few seconds (``BYR_ADMIN_IDLE_SECONDS``) so the expiry is seen without a long wait.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from byr_data import auth, login_routes
from tests.test_browser import CHROMIUM, LAUNCH_ARGS, SHOTS, _need_browser, _wait_ready, dashboard_server

pytestmark = pytest.mark.browser
PASSWORD = "husk-meg-test"
DATA_PATH = "datafiler"
SHORT_IDLE_SECONDS = 4


def _env(home, **extra: str) -> dict[str, str]:
    return {**os.environ, "BYR_DATA": "", "BYR_DATABASE_URL": f"sqlite:///{home / 'byr.sqlite'}", "BYR_DATA_DIR": str(home / "data"),
            auth.ENV_PASSWORD_HASH: auth.hash_password(PASSWORD), **extra}


@pytest.fixture(scope="module")
def browser() -> Iterator:
    _need_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield launched
        launched.close()


def _warm_up(page, server: str) -> None:
    """Streamlit registers the pages at the first run after a start; until then a deep link answers «Page not found»."""
    page.goto(server)
    _wait_ready(page)


def _log_in(page) -> None:
    sidebar = page.locator("[data-testid='stSidebar']")
    sidebar.get_by_label("Passord").fill(PASSWORD)
    sidebar.get_by_role("button", name="Logg inn").click()
    page.get_by_text("Innlogget som administrator").wait_for(timeout=30_000)
    _wait_ready(page)


def _login_cookie(context) -> dict | None:
    return next((c for c in context.cookies() if c["name"] == login_routes.COOKIE_NAME), None)


def _wait_for_cookie(page, present: bool) -> None:
    for _ in range(50):
        if (_login_cookie(page.context) is not None) is present:
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"innloggingsinformasjonskapselen er {'ikke satt' if present else 'ikke slettet'}")


def _is_admin(page) -> bool:
    """The Data page as an admin sees it (the uploader) or as a visitor sees it (the hint to log in)."""
    _wait_ready(page)
    admin = page.locator("[data-testid='stFileUploaderDropzoneInput']").count() == 1
    visitor = page.get_by_text("Logg inn som administrator i sidemenyen").count() == 1
    assert admin != visitor, (admin, visitor)
    assert (page.get_by_text("Innlogget som administrator").count() == 1) is admin
    return admin


def test_reload_keeps_the_admin_and_logout_ends_it_in_every_tab_and_for_a_replayed_cookie(browser, tmp_path_factory) -> None:
    with dashboard_server(_env(tmp_path_factory.mktemp("husk"))) as server:
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        first = context.new_page()
        _warm_up(first, server)
        first.goto(f"{server}/{DATA_PATH}")
        assert _is_admin(first) is False
        _log_in(first)
        assert _is_admin(first) is True
        _wait_for_cookie(first, present=True)
        cookie = _login_cookie(context)
        assert (cookie["httpOnly"], cookie["sameSite"], cookie["path"], cookie["expires"]) == (True, "Strict", "/", -1)
        assert cookie["secure"] is False  # plain HTTP on loopback; behind an HTTPS proxy it is Secure (tests/test_login_routes.py)
        assert login_routes.COOKIE_NAME not in first.evaluate("document.cookie")  # HTTP-only: no script can read it

        first.reload()  # F5
        assert _is_admin(first) is True
        SHOTS.mkdir(parents=True, exist_ok=True)
        first.screenshot(path=str(SHOTS / "innlogget-etter-f5.png"))
        second = context.new_page()  # another tab in the same browser
        second.goto(f"{server}/{DATA_PATH}")
        assert _is_admin(second) is True

        first.locator("[data-testid='stSidebar']").get_by_role("button", name="Logg ut").click()
        first.get_by_text("Du er logget ut.").wait_for(timeout=30_000)
        assert _is_admin(first) is False
        _wait_for_cookie(first, present=False)
        first.screenshot(path=str(SHOTS / "logget-ut.png"))
        # The other tab: its next run is refused on the server, with a notice; so is a reload.
        second.get_by_role("link", name="Oversikt").click()
        second.get_by_text("Du er logget ut.").wait_for(timeout=30_000)
        second.goto(f"{server}/{DATA_PATH}")
        assert _is_admin(second) is False

        # The cookie from before the logout, put back by hand in a fresh browser: worthless.
        replay = browser.new_context(viewport={"width": 1400, "height": 900})
        replay.add_cookies([{k: cookie[k] for k in ("name", "value", "domain", "path", "httpOnly", "sameSite", "secure")}])
        thief = replay.new_page()
        thief.goto(f"{server}/{DATA_PATH}")
        assert _is_admin(thief) is False
        replay.close()
        context.close()


def test_login_ends_after_the_idle_limit_even_across_a_reload(browser, tmp_path_factory) -> None:
    env = _env(tmp_path_factory.mktemp("kort"), **{auth.ENV_IDLE_SECONDS: str(SHORT_IDLE_SECONDS)})
    with dashboard_server(env) as server:
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        page = context.new_page()
        _warm_up(page, server)
        page.goto(f"{server}/{DATA_PATH}")
        _wait_ready(page)
        _log_in(page)
        _wait_for_cookie(page, present=True)
        page.wait_for_timeout((SHORT_IDLE_SECONDS + 1) * 1000)  # unused for longer than the limit
        page.reload()
        page.get_by_text(f"Du er logget ut fordi du ikke har brukt dashbordet på {SHORT_IDLE_SECONDS} sekunder.", exact=False).wait_for(timeout=30_000)
        assert _is_admin(page) is False
        _wait_for_cookie(page, present=False)  # the ended login's cookie is cleared
        page.reload()
        _wait_ready(page)
        assert _is_admin(page) is False
        assert page.get_by_text("Du er logget ut").count() == 0  # told once, not at every visit
        context.close()
