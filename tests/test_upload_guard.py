"""Uploads only for administrators: the registry of admin sessions and the ASGI middleware."""

from __future__ import annotations

import asyncio

import pytest

from byr_data import auth, upload_guard
from byr_data.upload_guard import AdminSessions, AdminUploadsOnly

NO_GUARD_WARNING = (
    "Dashbordet er startet uten opplastingssperren, så også besøkende kan sende filer til tjeneren. Start det med «make run» (se README)."
)


class Clock:
    def __init__(self) -> None:
        self.now = 5_000.0

    def __call__(self) -> float:
        return self.now


def _scope(method: str, path: str) -> dict:
    return {"type": "http", "method": method, "path": path, "headers": [(b"content-length", b"20971520")]}


def _call(middleware: AdminUploadsOnly, scope: dict) -> tuple[list[dict], list[str]]:
    """Run one request through the middleware; returns what was sent and what the inner app / receive saw."""
    sent: list[dict] = []
    seen: list[str] = []

    async def receive() -> dict:
        seen.append("body read")
        return {"type": "http.request", "body": b"x" * 1024, "more_body": False}

    async def send(message: dict) -> None:
        sent.append(message)

    async def inner(scope_, receive_, send_) -> None:
        seen.append("streamlit")
        await send_({"type": "http.response.start", "status": 204, "headers": []})
        await send_({"type": "http.response.body", "body": b""})

    middleware.app = inner
    asyncio.run(middleware(scope, receive, send))
    return sent, seen


@pytest.fixture
def guard() -> tuple[AdminUploadsOnly, AdminSessions, Clock]:
    clock = Clock()
    sessions = AdminSessions(timeout=30 * 60)
    return AdminUploadsOnly(app=None, sessions=sessions, clock=clock), sessions, clock  # type: ignore[arg-type]


def test_upload_from_a_session_that_is_not_admin_is_refused_before_the_body_is_read(guard):
    middleware, _sessions, _clock = guard
    sent, seen = _call(middleware, _scope("PUT", "/_stcore/upload_file/besokende-okt/fil-1"))
    assert seen == []  # neither Streamlit's handler nor the body
    assert sent[0]["status"] == 403
    assert sent[1]["body"] == b"Opplasting krever administratorinnlogging."


def test_upload_from_an_admin_session_reaches_streamlit(guard):
    middleware, sessions, clock = guard
    sessions.touch("admin-okt", clock.now)
    sent, seen = _call(middleware, _scope("PUT", "/_stcore/upload_file/admin-okt/fil-1"))
    assert seen == ["streamlit"]
    assert sent[0]["status"] == 204


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/_stcore/health"), ("GET", "/"), ("DELETE", "/_stcore/upload_file/okt/fil"), ("OPTIONS", "/_stcore/upload_file/okt/fil"),
     ("PUT", "/_stcore/other/okt")],
)
def test_other_requests_pass_untouched(guard, method, path):
    middleware, _sessions, _clock = guard
    _sent, seen = _call(middleware, _scope(method, path))
    assert seen == ["streamlit"]


def test_upload_under_a_base_path_is_guarded_too(guard):
    middleware, _sessions, _clock = guard
    sent, seen = _call(middleware, _scope("PUT", "/dashbord/_stcore/upload_file/okt/fil"))
    assert (sent[0]["status"], seen) == (403, [])


def test_websocket_and_lifespan_pass_untouched(guard):
    middleware, _sessions, _clock = guard
    for scope in ({"type": "websocket", "path": "/_stcore/stream"}, {"type": "lifespan"}):
        _sent, seen = _call(middleware, scope)
        assert seen == ["streamlit"]


def test_registry_forgets_a_logged_out_session(guard):
    middleware, sessions, clock = guard
    sessions.touch("admin-okt", clock.now)
    sessions.discard("admin-okt")
    sent, _seen = _call(middleware, _scope("PUT", "/_stcore/upload_file/admin-okt/fil"))
    assert sent[0]["status"] == 403


def test_registry_entry_lapses_after_the_idle_timeout(guard):
    middleware, sessions, clock = guard
    sessions.touch("admin-okt", clock.now)
    clock.now += 30 * 60
    assert sessions.allows("admin-okt", clock.now)
    clock.now += 1
    assert not sessions.allows("admin-okt", clock.now)
    sent, _seen = _call(middleware, _scope("PUT", "/_stcore/upload_file/admin-okt/fil"))
    assert sent[0]["status"] == 403


def test_upload_is_refused_once_the_sessions_login_has_ended_elsewhere():
    """«Logg ut» in another tab ends the login on the server: this tab's uploads stop at once, before it runs again."""
    clock = Clock()
    logins = auth.LoginSessions(timeout=30 * 60.0)
    sessions = AdminSessions(timeout=30 * 60, logins=logins)
    middleware = AdminUploadsOnly(app=None, sessions=sessions, clock=clock)  # type: ignore[arg-type]
    login = logins.start("admin", clock.now)
    sessions.touch("fane-2", clock.now, login)
    assert _call(middleware, _scope("PUT", "/_stcore/upload_file/fane-2/fil"))[1] == ["streamlit"]
    logins.revoke(login, clock.now + 1)
    clock.now += 2
    sent, seen = _call(middleware, _scope("PUT", "/_stcore/upload_file/fane-2/fil"))
    assert (sent[0]["status"], seen) == (403, [])


def test_upload_does_not_keep_the_login_alive():
    clock = Clock()
    logins = auth.LoginSessions(timeout=30 * 60.0)
    sessions = AdminSessions(timeout=30 * 60, logins=logins)
    login = logins.start("admin", clock.now)
    sessions.touch("fane", clock.now, login)
    assert sessions.allows("fane", clock.now + 20 * 60)
    assert logins.check(login, clock.now + 31 * 60, touch=False) is auth.LoginStatus.EXPIRED


def test_registry_is_bounded(monkeypatch):
    monkeypatch.setattr(AdminSessions, "MAX_SESSIONS", 2)
    sessions = AdminSessions()
    for n, session in enumerate(["a", "b", "c"]):
        sessions.touch(session, 100.0 + n)
    assert [sessions.allows(s, 103.0) for s in ["a", "b", "c"]] == [False, True, True]


def test_dashboard_hands_the_middleware_to_st_app_when_the_server_imports_it():
    """`streamlit run dashboard.py` (make run) finds the App by parsing the file; the server's import builds only the App."""
    import runpy

    from streamlit.web.server.app_discovery import discover_asgi_app

    from tests.conftest import ROOT

    found = discover_asgi_app(ROOT / "dashboard.py")
    assert (found.is_asgi_app, found.import_string) == (True, "dashboard:app")
    namespace = runpy.run_path(str(ROOT / "dashboard.py"), run_name="dashboard")  # as uvicorn imports it: no frame is built
    app = namespace["app"]
    assert app.script_path.name == "dashboard.py"
    assert [m.cls for m in app._user_middleware] == [AdminUploadsOnly]
    assert [r.path for r in app._user_routes] == ["/_byr/innlogging", "/_byr/utlogging"]


def test_admin_login_registers_the_session_and_logout_removes_it(monkeypatch, tmp_path):
    from streamlit.testing.v1 import AppTest

    from byr_data import auth, auth_ui
    from tests.test_auth_ui import APP, PASSWORD, log_in

    sessions = AdminSessions()
    monkeypatch.setattr(upload_guard, "ADMIN_SESSIONS", sessions)
    monkeypatch.setattr(auth_ui, "_THROTTLE", auth.LoginThrottle())
    monkeypatch.setenv(auth.ENV_PASSWORD_HASH, auth.hash_password(PASSWORD))
    at = AppTest.from_file(str(APP), default_timeout=30)
    at.secrets["byr"] = {}
    at.run()
    session = "test session id"  # AppTest's session id
    assert not sessions.allows(session, auth_ui.clock())
    log_in(at, PASSWORD)
    assert sessions.allows(session, auth_ui.clock())
    at.button(key=auth_ui.LOGOUT_BUTTON_KEY).click().run()
    assert not sessions.allows(session, auth_ui.clock())


@pytest.mark.parametrize(("guarded", "warned"), [(False, True), (True, False)])
def test_admin_is_warned_when_the_server_runs_without_the_upload_guard(monkeypatch, guarded, warned):
    from streamlit.testing.v1 import AppTest

    from byr_data import auth, auth_ui
    from tests.test_auth_ui import APP, PASSWORD, log_in

    monkeypatch.setattr(auth_ui.runtime, "exists", lambda: True)  # AppTest runs without a server
    monkeypatch.setattr(upload_guard, "installed", lambda: guarded)
    monkeypatch.setattr(auth_ui, "_THROTTLE", auth.LoginThrottle())
    monkeypatch.setenv(auth.ENV_PASSWORD_HASH, auth.hash_password(PASSWORD))
    at = AppTest.from_file(str(APP), default_timeout=30)
    at.secrets["byr"] = {}
    at.run()
    assert not at.sidebar.warning  # visitors are not told
    log_in(at, PASSWORD)
    assert [w.value for w in at.sidebar.warning] == ([NO_GUARD_WARNING] if warned else [])
