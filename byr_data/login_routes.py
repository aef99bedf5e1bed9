"""The two HTTP endpoints that set and clear the admin login cookie, so a login survives a page reload.

Streamlit talks to the browser over a WebSocket, which cannot set a cookie. After a right
password, :mod:`byr_data.auth_ui` gets a single-use token from :data:`byr_data.auth.LOGINS`
and has the page send it here (``POST /_byr/innlogging`` with the token in the header
``X-Byr-Token``); the answer sets the cookie, HTTP-only and ``SameSite=Strict``. A reloaded
page (a new Streamlit session) reads the cookie from ``st.context.cookies`` and asks
:data:`~byr_data.auth.LOGINS` whether that login is still active. ``POST /_byr/utlogging``
deletes the cookie unless it belongs to an active login: logging out itself is done on the
server (:meth:`~byr_data.auth.LoginSessions.revoke`), so a stolen or replayed cookie is worthless
after it, and no request from another site can log anyone out or in.

Both endpoints take only POST with a custom header (a cross-site page cannot send one without
a CORS preflight, which this server does not answer) and refuse a browser's cross-site request
(``Sec-Fetch-Site``). No Streamlit here: ``dashboard.py`` hands :func:`routes` to ``st.App``.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from byr_data import auth

LOGIN_PATH = "/_byr/innlogging"
LOGOUT_PATH = "/_byr/utlogging"
COOKIE_NAME = "byr_admin"
TOKEN_HEADER = "X-Byr-Token"
LOGOUT_HEADER = "X-Byr-Utlogging"
REFUSED_LOGIN = "Innloggingen kunne ikke huskes. Logg inn på nytt."
REFUSED_SITE = "Forespørselen kom fra et annet nettsted."


def _secure(request: Request) -> bool:
    """True when the browser talks HTTPS to us: directly, through a proxy that says so, or per the page's origin."""
    forwarded = request.headers.get("x-forwarded-proto", "").split(",")[0].strip().lower()
    origin = request.headers.get("origin", "").lower()
    return request.url.scheme == "https" or forwarded == "https" or origin.startswith("https://")


def _cross_site(request: Request) -> bool:
    site = request.headers.get("sec-fetch-site")
    return site is not None and site != "same-origin"


def _answer(status: int, text: str = "") -> Response:
    return Response(text, status_code=status, media_type="text/plain; charset=utf-8", headers={"Cache-Control": "no-store"})


class LoginRoutes:
    """The endpoints, bound to a login registry and a clock (tests pass their own)."""

    def __init__(self, logins: auth.LoginSessions | None = None, clock: Callable[[], float] = time.monotonic) -> None:
        self._logins = logins
        self.clock = clock

    @property
    def logins(self) -> auth.LoginSessions:
        return auth.LOGINS if self._logins is None else self._logins

    async def login(self, request: Request) -> Response:
        """Exchange a single-use token for the login cookie (204), or refuse (403)."""
        if _cross_site(request):
            return _answer(403, REFUSED_SITE)
        token = request.headers.get(TOKEN_HEADER, "")
        value = self.logins.redeem(token, self.clock()) if token else None
        if value is None:
            return _answer(403, REFUSED_LOGIN)
        response = _answer(204)
        # No Max-Age: the cookie ends with the browser; the login's own idle limit is kept on the server.
        response.set_cookie(COOKIE_NAME, value, path="/", secure=_secure(request), httponly=True, samesite="strict")
        return response

    async def logout(self, request: Request) -> Response:
        """Delete the cookie (204) unless it belongs to a login that is still active (then another tab has logged in anew)."""
        if _cross_site(request) or request.headers.get(LOGOUT_HEADER) != "1":
            return _answer(403, REFUSED_SITE)
        login_id = self.logins.login_id(request.cookies.get(COOKIE_NAME))
        response = _answer(204)
        if login_id is None or self.logins.check(login_id, self.clock(), touch=False) is not auth.LoginStatus.ACTIVE:
            response.delete_cookie(COOKIE_NAME, path="/", secure=_secure(request), httponly=True, samesite="strict")
        return response

    def routes(self) -> list[Route]:
        return [Route(LOGIN_PATH, self.login, methods=["POST"]), Route(LOGOUT_PATH, self.logout, methods=["POST"])]


def routes() -> list[Route]:
    """The routes for ``st.App(routes=…)``, on the process's login registry."""
    return LoginRoutes().routes()
