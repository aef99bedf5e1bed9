"""The endpoints that set and clear the admin login cookie (byr_data.login_routes), through Starlette's TestClient."""

from __future__ import annotations

import re
import warnings

import pytest
from starlette.applications import Starlette
from starlette.exceptions import StarletteDeprecationWarning

with warnings.catch_warnings():
    warnings.simplefilter("ignore", StarletteDeprecationWarning)  # starlette 1.10 prefers httpx2; the installed httpx works
    from starlette.testclient import TestClient

from byr_data import auth, login_routes
from byr_data.login_routes import COOKIE_NAME, LOGIN_PATH, LOGOUT_HEADER, LOGOUT_PATH, TOKEN_HEADER


class Clock:
    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def setup():
    clock = Clock()
    logins = auth.LoginSessions(timeout=30 * 60.0, key=b"n" * 32)
    app = Starlette(routes=login_routes.LoginRoutes(logins, clock).routes())
    return TestClient(app, base_url="http://dashbord.test"), logins, clock


def _set_cookie(response) -> str:
    headers = response.headers.get_list("set-cookie")
    assert len(headers) == 1, headers
    return headers[0]


def test_token_sets_an_http_only_strict_session_cookie_with_the_signed_login(setup):
    client, logins, clock = setup
    login = logins.start("admin", clock.now)
    response = client.post(LOGIN_PATH, headers={TOKEN_HEADER: logins.issue_token(login, clock.now)})
    assert response.status_code == 204
    assert response.headers["cache-control"] == "no-store"
    assert _set_cookie(response) == f"{COOKIE_NAME}={logins.cookie_value(login)}; HttpOnly; Path=/; SameSite=strict"


@pytest.mark.parametrize(
    "headers",
    [{"x-forwarded-proto": "https"}, {"origin": "https://dashbord.example.no"}, {"x-forwarded-proto": "https, http"}],
)
def test_cookie_is_secure_behind_https(setup, headers):
    client, logins, clock = setup
    login = logins.start("admin", clock.now)
    response = client.post(LOGIN_PATH, headers={TOKEN_HEADER: logins.issue_token(login, clock.now), **headers})
    assert _set_cookie(response) == f"{COOKIE_NAME}={logins.cookie_value(login)}; HttpOnly; Path=/; SameSite=strict; Secure"


def test_cookie_is_secure_when_served_over_https_directly(setup):
    _client, logins, clock = setup
    client = TestClient(Starlette(routes=login_routes.LoginRoutes(logins, clock).routes()), base_url="https://dashbord.test")
    login = logins.start("admin", clock.now)
    response = client.post(LOGIN_PATH, headers={TOKEN_HEADER: logins.issue_token(login, clock.now)})
    assert _set_cookie(response).endswith("; Secure")


def test_reused_token_is_refused(setup):
    client, logins, clock = setup
    token = logins.issue_token(logins.start("admin", clock.now), clock.now)
    assert client.post(LOGIN_PATH, headers={TOKEN_HEADER: token}).status_code == 204
    response = client.post(LOGIN_PATH, headers={TOKEN_HEADER: token})
    assert (response.status_code, response.text) == (403, "Innloggingen kunne ikke huskes. Logg inn på nytt.")
    assert "set-cookie" not in response.headers


def test_expired_token_is_refused(setup):
    client, logins, clock = setup
    token = logins.issue_token(logins.start("admin", clock.now), clock.now)
    clock.now += 61
    response = client.post(LOGIN_PATH, headers={TOKEN_HEADER: token})
    assert response.status_code == 403
    assert "set-cookie" not in response.headers


@pytest.mark.parametrize("headers", [{}, {TOKEN_HEADER: ""}, {TOKEN_HEADER: "gjettet-token"}])
def test_missing_or_unknown_token_is_refused(setup, headers):
    client, _logins, _clock = setup
    response = client.post(LOGIN_PATH, headers=headers)
    assert response.status_code == 403
    assert "set-cookie" not in response.headers


def test_token_of_a_logged_out_login_is_refused(setup):
    client, logins, clock = setup
    login = logins.start("admin", clock.now)
    token = logins.issue_token(login, clock.now)
    logins.revoke(login, clock.now)
    assert client.post(LOGIN_PATH, headers={TOKEN_HEADER: token}).status_code == 403


def test_cross_site_request_is_refused_and_does_not_use_up_the_token(setup):
    client, logins, clock = setup
    token = logins.issue_token(logins.start("admin", clock.now), clock.now)
    response = client.post(LOGIN_PATH, headers={TOKEN_HEADER: token, "sec-fetch-site": "cross-site"})
    assert (response.status_code, response.text) == (403, "Forespørselen kom fra et annet nettsted.")
    assert client.post(LOGIN_PATH, headers={TOKEN_HEADER: token, "sec-fetch-site": "same-origin"}).status_code == 204


@pytest.mark.parametrize("path", [LOGIN_PATH, LOGOUT_PATH])
def test_only_post_is_answered(setup, path):
    client, _logins, _clock = setup
    assert client.get(path).status_code == 405


def test_logout_deletes_the_cookie_of_an_ended_login(setup):
    client, logins, clock = setup
    login = logins.start("admin", clock.now)
    logins.revoke(login, clock.now)
    client.cookies.set(COOKIE_NAME, logins.cookie_value(login))
    response = client.post(LOGOUT_PATH, headers={LOGOUT_HEADER: "1"})
    assert response.status_code == 204
    assert re.fullmatch(f'{COOKIE_NAME}=""; expires=[^;]+ GMT; HttpOnly; Max-Age=0; Path=/; SameSite=strict', _set_cookie(response))


@pytest.mark.parametrize("value", [None, "tull", "a.b"])
def test_logout_deletes_a_missing_or_forged_cookie(setup, value):
    client, _logins, _clock = setup
    if value is not None:
        client.cookies.set(COOKIE_NAME, value)
    response = client.post(LOGOUT_PATH, headers={LOGOUT_HEADER: "1"})
    assert "Max-Age=0" in _set_cookie(response)


def test_logout_keeps_the_cookie_of_an_active_login_and_never_ends_a_login(setup):
    """A late «clear» from one tab must not undo a new login made meanwhile in another; logging out is done on the server."""
    client, logins, clock = setup
    login = logins.start("admin", clock.now)
    client.cookies.set(COOKIE_NAME, logins.cookie_value(login))
    response = client.post(LOGOUT_PATH, headers={LOGOUT_HEADER: "1"})
    assert response.status_code == 204
    assert "set-cookie" not in response.headers
    assert logins.check(login, clock.now) is auth.LoginStatus.ACTIVE


@pytest.mark.parametrize("headers", [{}, {LOGOUT_HEADER: "1", "sec-fetch-site": "same-site"}])
def test_logout_without_the_header_or_from_another_site_is_refused(setup, headers):
    client, _logins, _clock = setup
    response = client.post(LOGOUT_PATH, headers=headers)
    assert response.status_code == 403
    assert "set-cookie" not in response.headers



@pytest.mark.parametrize("path", [LOGIN_PATH, LOGOUT_PATH])
def test_cross_origin_preflight_is_not_granted(setup, path):
    """Another site's page could only send the custom header after a CORS preflight: none is granted."""
    client, _logins, _clock = setup
    response = client.options(path, headers={"origin": "https://angriper.example", "access-control-request-method": "POST",
                                             "access-control-request-headers": TOKEN_HEADER})
    assert response.status_code == 405
    assert "access-control-allow-origin" not in response.headers
