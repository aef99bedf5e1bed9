"""Uploads only for administrators: a registry of admin sessions and an ASGI middleware.

Streamlit's upload route (``PUT /_stcore/upload_file/{session_id}/{file_id}``) checks only the
XSRF token and that the session exists, so any visitor could put files of up to
``server.maxUploadSize`` into server memory, uploader shown or not. The middleware answers 403
to an upload for any session that is not in :data:`ADMIN_SESSIONS`, before reading the body.
:mod:`byr_data.auth_ui` adds a session when it finds an active admin login and removes it when
the login ends; an entry also lapses after the idle timeout without a run, and at once when its
server-side login (:data:`byr_data.auth.LOGINS`) has ended, for example by «Logg ut» in another tab.

No Streamlit here: ``dashboard.py`` hands :class:`AdminUploadsOnly` to ``st.App``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from byr_data import auth

#: The part of the path of Streamlit's upload route before the session id (after any base path).
UPLOAD_ROUTE = "/_stcore/upload_file/"
#: The answer to a refused upload.
REFUSED_BODY = b"Opplasting krever administratorinnlogging."

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class AdminSessions:
    """The ids of the sessions with an active admin login, each with when it was last seen and its login's id.

    Module-level on purpose: the web server and every session's script thread share one
    instance, so it is guarded by a lock.
    """

    #: Sessions remembered; the longest unseen are forgotten first.
    MAX_SESSIONS = 1_000

    def __init__(self, timeout: float | None = None, logins: auth.LoginSessions | None = None) -> None:
        self._timeout = auth.idle_timeout() if timeout is None else timeout
        self._logins = logins
        self._lock = threading.Lock()
        self._seen: dict[str, tuple[float, str | None]] = {}

    def touch(self, session_id: str, now: float, login_id: str | None = None) -> None:
        """Record that ``session_id`` has an active admin login (server-side ``login_id``, if any) at clock time ``now``."""
        with self._lock:
            self._seen.pop(session_id, None)
            self._seen[session_id] = (now, login_id)
            for stale in [s for s, (seen, _login) in self._seen.items() if now - seen > self._timeout]:
                del self._seen[stale]
            while len(self._seen) > self.MAX_SESSIONS:
                del self._seen[next(iter(self._seen))]

    def discard(self, session_id: str) -> None:
        """Forget ``session_id`` (logged out, expired or no longer an admin)."""
        with self._lock:
            self._seen.pop(session_id, None)

    def allows(self, session_id: str, now: float) -> bool:
        """True when ``session_id`` had an active admin login within the idle timeout before ``now`` and its login has not ended."""
        with self._lock:
            entry = self._seen.get(session_id)
        if entry is None or now - entry[0] > self._timeout:
            return False
        logins = auth.LOGINS if self._logins is None else self._logins
        return entry[1] is None or logins.check(entry[1], now, touch=False) is auth.LoginStatus.ACTIVE


#: The one registry of the process.
ADMIN_SESSIONS = AdminSessions()
# Set when the server builds the middleware: the dashboard warns the admin when it runs without it.
_INSTALLED = threading.Event()


def installed() -> bool:
    """True once :class:`AdminUploadsOnly` guards this process's server."""
    return _INSTALLED.is_set()


def upload_session_id(scope: Scope) -> str | None:
    """The session id of a PUT to Streamlit's upload route; None for any other request."""
    if scope.get("type") != "http" or scope.get("method") != "PUT":
        return None
    path = str(scope.get("path", ""))
    position = path.find(UPLOAD_ROUTE)
    if position < 0:
        return None
    return path[position + len(UPLOAD_ROUTE) :].split("/", 1)[0]


class AdminUploadsOnly:
    """ASGI middleware: refuse an upload (403) unless its session is a logged-in administrator.

    Answers before the request body is read, so a refused upload never reaches memory.
    """

    def __init__(
        self,
        app: ASGIApp,
        sessions: AdminSessions | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.app = app
        self.sessions = ADMIN_SESSIONS if sessions is None else sessions
        self.clock = clock
        _INSTALLED.set()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        session_id = upload_session_id(scope)
        if session_id is None or self.sessions.allows(session_id, self.clock()):
            await self.app(scope, receive, send)
            return
        await send(
            {
                "type": "http.response.start",
                "status": 403,
                "headers": [
                    (b"content-type", b"text/plain; charset=utf-8"),
                    (b"content-length", str(len(REFUSED_BODY)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": REFUSED_BODY})
