"""The Streamlit side of access control: the login in the sidebar and the admin check per run.

Pages call :func:`is_admin` (or :func:`require_admin`) right before every admin action; the
check is made on the server from the session state, the server-side login and the clock on
every run, so hiding a page or a button is never the protection. The rules themselves live in
:mod:`byr_data.auth`.

An admin login (password or OIDC) survives a page reload: the login is kept on the server
(:data:`byr_data.auth.LOGINS`), and the page exchanges a single-use token for an HTTP-only cookie
naming it (:mod:`byr_data.login_routes`). A new session (after F5, or in another tab) finds the
login again through the cookie while it is active. «Logg ut» ends the login on the server, so
every tab with it is logged out at its next run and the cookie is worthless.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable, Mapping
from typing import Any

import streamlit as st
from streamlit import runtime
from streamlit.errors import StreamlitAuthError, StreamlitMissingAuthlibError
from streamlit.runtime.scriptrunner import get_script_run_ctx

from byr_data import auth, login_routes, upload_guard

#: Test seam: the clock for the idle timeout and the login throttle.
clock: Callable[[], float] = time.monotonic
#: Test seam: the wall clock, to compare with when an OIDC identity was issued.
wall_clock: Callable[[], float] = time.time

# One throttle per process on purpose: it must see the wrong passwords of every session.
_THROTTLE = auth.LoginThrottle(clock=lambda: clock())

PASSWORD_KEY = "byr_admin_password"
LOGIN_BUTTON_KEY = "byr_admin_login"
LOGOUT_BUTTON_KEY = "byr_admin_logout"
OIDC_LOGIN_BUTTON_KEY = "byr_oidc_login"
VIEWER_LOGIN_BUTTON_KEY = "byr_viewer_login"
# Transient notices for the next render; not widget keys.
_NOTICE_KEY = "_byr_admin_notice"
_OIDC_EXPIRED_KEY = "_byr_admin_oidc_expired"
# The token the page still has to exchange for the login cookie; the cookie this session has looked at.
_TOKEN_KEY = "_byr_admin_cookie_token"
_COOKIE_CHECKED_KEY = "_byr_admin_cookie_checked"
_CLEAR_COOKIE_KEY = "_byr_admin_clear_cookie"

WARNING_REQUIRES_ADMIN = "Denne handlingen krever administratorinnlogging."
NOTICE_EXPIRED = "Du er logget ut fordi du ikke har brukt dashbordet på {duration}. Logg inn på nytt for å gjøre endringer."
NOTICE_LOGGED_OUT = "Du er logget ut."
NOTICE_RELOGIN = "Trykk «Logg inn på nytt» for å gjøre endringer som administrator."
ERROR_WRONG_PASSWORD = "Feil passord. Prøv igjen."
ERROR_TOO_EARLY = "Vent {seconds} før du prøver igjen. Ventetiden øker for hvert feil passord."
ERROR_EMPTY_PASSWORD = "Skriv inn passordet."
ERROR_NO_PASSWORD = "Administratorpassordet er ikke satt opp. Start dashbordet med «make run», eller se «Tilgang og innlogging» i README."
ERROR_BAD_HASH = (
    "Administratorpassordet kan ikke brukes: hashen i {source} er ugyldig. Lag en ny med «python -m byr_data.auth hash» (se README)."
)
ERROR_NO_AUTHLIB = "Innlogging er ikke tilgjengelig: pakken Authlib mangler (installer «streamlit[auth]»)."
WARNING_NO_UPLOAD_GUARD = (
    "Dashbordet er startet uten opplastingssperren, så også besøkende kan sende filer til tjeneren. Start det med «make run» (se README)."
)
ERROR_LOGIN_FAILED = "Innloggingen kunne ikke startes. Kontroller [auth]-oppsettet i secrets.toml."


def _cookies() -> Mapping[str, str]:
    """The cookies the browser sent when this session connected (fixed for the session); test seam."""
    try:
        return st.context.cookies
    except Exception:  # no client context
        return {}


def duration_text(seconds: float) -> str:
    """«30 minutter», «1 minutt», «45 sekunder»: the idle limit in words."""
    whole = max(1, round(seconds))
    if whole % 60 == 0:
        minutes = whole // 60
        return "1 minutt" if minutes == 1 else f"{minutes} minutter"
    return "1 sekund" if whole == 1 else f"{whole} sekunder"


def expired_notice() -> str:
    """The notice after an admin login ended for lack of use, with the limit in force."""
    return NOTICE_EXPIRED.format(duration=duration_text(auth.LOGINS.timeout))


def _secrets() -> dict[str, Any]:
    """The app's secrets as a dict; empty when there is no secrets.toml (st.secrets raises then)."""
    try:
        return st.secrets.to_dict()
    except Exception:  # FileNotFoundError, StreamlitSecretNotFoundError, a broken TOML file
        return {}


def _user() -> dict[str, Any]:
    try:
        return dict(st.user.to_dict())
    except Exception:
        return {}


def _logged_in_email() -> str | None:
    """The OIDC user's e-mail (or "" when the provider sent none); None when nobody is logged in."""
    user = _user()
    if not user.get("is_logged_in"):
        return None
    email = user.get("email")
    return email if isinstance(email, str) else ""


def _admin_email(secrets_: dict[str, Any]) -> str | None:
    """The logged-in user's e-mail when it is on the admin allow-list, else None."""
    # Only an address the provider vouches for (email_verified, or Entra ID's tenant): see auth.trusted_email.
    email = auth.trusted_email(_user(), secrets_)
    return email if email and auth.is_admin_email(email, secrets_) else None


def _throttle_keys() -> list[str]:
    """Who is guessing: this session, and the client's address when Streamlit knows it (not on localhost)."""
    keys = [f"session:{_session_id()}"]
    address = _client_address()
    if address:
        keys.append(f"address:{address}")
    return keys


def _session_id() -> str:
    ctx = get_script_run_ctx()
    return ctx.session_id if ctx is not None else "unknown"


def _client_address() -> str | None:
    """The client's IP address; None on localhost or behind a local reverse proxy (Streamlit hides it then)."""
    try:
        return st.context.ip_address
    except Exception:  # no client context
        return None


def too_early_message(wait_seconds: float) -> str:
    """«Vent N sekunder …», rounded up to whole seconds."""
    seconds = max(1, math.ceil(wait_seconds))
    return ERROR_TOO_EARLY.format(seconds="1 sekund" if seconds == 1 else f"{seconds} sekunder")


def _login_oidc() -> None:
    """Start Streamlit's OIDC login; a missing Authlib or bad [auth] block becomes a Norwegian error."""
    try:
        st.login(auth.oidc_provider(_secrets()))
    except StreamlitMissingAuthlibError:
        st.error(ERROR_NO_AUTHLIB)
    except StreamlitAuthError:
        st.error(ERROR_LOGIN_FAILED)


def is_admin() -> bool:
    """Whether this run may perform admin actions: recomputed from the session state and the clock.

    Ends an admin login after 30 minutes without use (a notice shows in the sidebar) and
    otherwise marks it as used now. Call it right before every admin action.
    """
    admin = _check_admin()
    # The upload route asks this registry outside any script run: keep it in step with the login.
    if admin:
        session = auth.current_admin_session(st.session_state)
        upload_guard.ADMIN_SESSIONS.touch(_session_id(), clock(), session.login_id if session is not None else None)
    else:
        upload_guard.ADMIN_SESSIONS.discard(_session_id())
    return admin


def _check_admin() -> bool:
    secrets_ = _secrets()
    state = st.session_state
    now = clock()
    session = auth.current_admin_session(state)
    if auth.oidc_configured(secrets_):
        email = _admin_email(secrets_)
        if email is None or (session is not None and (session.author != email or session.method is not auth.Method.OIDC)):
            # Logged out, removed from the allow-list or a different user: rights end now.
            auth.end_admin_session(state)
            return False
        if session is None:
            return not state.get(_OIDC_EXPIRED_KEY) and _begin_oidc_admin(state, email, now)
    else:
        if session is not None and session.method is not auth.Method.PASSWORD:
            # The login method changed under a running session: start over.
            auth.end_admin_session(state)
            return False
        if session is None:
            return _restore_from_cookie(state, now, auth.Method.PASSWORD, None) is auth.LoginStatus.ACTIVE
    return _check_login(state, session, now)


def _check_login(state: auth.SessionState, session: auth.AdminSession, now: float) -> bool:
    """This session's admin login must be active on the server; that counts as a use."""
    status = auth.LOGINS.check(session.login_id, now)
    if status is auth.LoginStatus.ACTIVE:
        auth.check_admin_session(state, now, math.inf)  # marks this session's copy as used now
        return True
    # Ended on the server: idle too long, or «Logg ut» in another tab with the same login.
    auth.end_admin_session(state)
    state[_NOTICE_KEY] = expired_notice() if status is auth.LoginStatus.EXPIRED else NOTICE_LOGGED_OUT
    state[_CLEAR_COOKIE_KEY] = True
    if session.method is auth.Method.OIDC:
        # The identity cookie outlives the login: demand a new st.login before admin rights.
        state[_OIDC_EXPIRED_KEY] = True
    return False


def _restore_from_cookie(state: auth.SessionState, now: float, method: auth.Method, author: str | None) -> auth.LoginStatus | None:
    """After a reload or in a new tab: take up the login the cookie names when it is active and made the same way (by ``author``).

    Returns the login's status (ACTIVE when taken up); None without a cookie to look at. Looked
    at once per session: the cookies a session sees are those sent when it connected.
    """
    cookie = _cookies().get(login_routes.COOKIE_NAME)
    if not cookie or state.get(_COOKIE_CHECKED_KEY):
        return None
    state[_COOKIE_CHECKED_KEY] = True
    login_id = auth.LOGINS.login_id(cookie)
    owner = auth.LOGINS.owner(login_id)
    if login_id is None or owner is None or owner[0] is not method or (author is not None and owner[1] != author):
        state[_CLEAR_COOKIE_KEY] = True  # someone else's, or signed with another server start's key: worthless here
        return auth.LoginStatus.UNKNOWN
    status = auth.LOGINS.check(login_id, now)
    if status is auth.LoginStatus.ACTIVE:
        auth.start_admin_session(state, method, owner[1], now, login_id)
        return status
    if status is auth.LoginStatus.EXPIRED:
        state[_NOTICE_KEY] = expired_notice()
    state[_CLEAR_COOKIE_KEY] = True
    return status


def _identity_issued_at() -> float | None:
    """When the identity provider issued the OIDC identity (the ID token's ``iat``, Unix seconds); None when it did not say."""
    issued = _user().get("iat")
    return float(issued) if isinstance(issued, int | float) and not isinstance(issued, bool) else None


def _begin_oidc_admin(state: auth.SessionState, email: str, now: float) -> bool:
    """An allow-listed OIDC user in a session without admin rights: take up the login from the cookie, or start one.

    Streamlit's identity cookie lasts 30 days and cannot be revoked, so it alone does not make an
    admin: a new admin login needs an identity issued within the idle limit and not logged out.
    """
    restored = _restore_from_cookie(state, now, auth.Method.OIDC, email)
    if restored is auth.LoginStatus.ACTIVE:
        return True
    issued = _identity_issued_at()
    identity = f"{email.strip().lower()}|{issued}" if issued is not None else None
    if issued is None:
        stale = restored is auth.LoginStatus.EXPIRED  # no issue time: only the cookie can tell
    else:  # an identity issued after the old login ended (a new st.login) is fresh
        stale = wall_clock() - issued > auth.LOGINS.timeout or auth.LOGINS.identity_revoked(identity or "")
    if stale:
        state[_OIDC_EXPIRED_KEY] = True
        state.setdefault(_NOTICE_KEY, NOTICE_RELOGIN)
        return False
    state.pop(_NOTICE_KEY, None)  # an old login's end is no news after a new login
    _start_login(state, auth.Method.OIDC, email, now, identity)
    return True


def _start_login(state: auth.SessionState, method: auth.Method, author: str, now: float, identity: str | None = None) -> None:
    """A new admin login: on the server, in this session, and a token for the page to exchange for the cookie."""
    login_id = auth.LOGINS.start(author, now, method, identity)
    auth.start_admin_session(state, method, author, now, login_id)
    state[_TOKEN_KEY] = auth.LOGINS.issue_token(login_id, now)
    state.pop(_CLEAR_COOKIE_KEY, None)


def _end_login(state: auth.SessionState) -> None:
    """Log out: on the server first (every tab with this login, and its cookie is worthless), then here."""
    session = auth.current_admin_session(state)
    auth.LOGINS.revoke(session.login_id if session is not None else None, clock())
    auth.end_admin_session(state)
    upload_guard.ADMIN_SESSIONS.discard(_session_id())
    state.pop(_TOKEN_KEY, None)
    state[_CLEAR_COOKIE_KEY] = True


def require_admin() -> bool:
    """Like :func:`is_admin`, but warns the user when the answer is no."""
    if is_admin():
        return True
    st.warning(WARNING_REQUIRES_ADMIN)
    return False


def author() -> str:
    """Who is acting: the OIDC e-mail, "admin" after a password login, "" when not logged in."""
    secrets_ = _secrets()
    if auth.oidc_configured(secrets_):
        return _logged_in_email() or ""
    return "admin" if is_admin() else ""


def viewer_gate() -> bool:
    """With OIDC, show a login prompt to anyone not logged in and return False; otherwise True."""
    if not auth.oidc_configured(_secrets()) or _logged_in_email() is not None:
        return True
    st.title("ByR Glåmdalen")
    st.info("Dashbordet krever innlogging. Logg inn med kontoen din for å se tallene.")
    if st.button("Logg inn", key=VIEWER_LOGIN_BUTTON_KEY, type="primary"):
        _login_oidc()
    return False


def _on_password_login() -> None:
    """Form callback: check the password (with the throttle) before the script body runs."""
    state = st.session_state
    password = state.get(PASSWORD_KEY, "") or ""
    # Never keep the password in the session.
    state[PASSWORD_KEY] = ""
    secrets_ = _secrets()
    if auth.oidc_configured(secrets_):
        return  # with OIDC only the allow-list makes admins
    if not password:
        state[_NOTICE_KEY] = ERROR_EMPTY_PASSWORD
        return
    configured = auth.configured_hash(secrets_)
    if configured is None:
        state[_NOTICE_KEY] = ERROR_NO_PASSWORD
        return
    result = _THROTTLE.attempt(_throttle_keys(), lambda: auth.verify_password(password, configured.value))
    if result.verdict is auth.Verdict.ACCEPTED:
        state.pop(_NOTICE_KEY, None)
        _start_login(state, auth.Method.PASSWORD, "admin", clock())
    elif result.verdict is auth.Verdict.TOO_EARLY:
        state[_NOTICE_KEY] = too_early_message(result.wait_seconds)
    else:
        state[_NOTICE_KEY] = ERROR_WRONG_PASSWORD


def _on_password_logout() -> None:
    _end_login(st.session_state)
    st.session_state[_NOTICE_KEY] = NOTICE_LOGGED_OUT


# The page's part of the cookie exchange (login_routes). The token and the paths are ours, never data.
_SET_COOKIE_SCRIPT = '<script>fetch({path}, {{method: "POST", headers: {{{header}: {token}}}, credentials: "same-origin", cache: "no-store"}});</script>'
_CLEAR_COOKIE_SCRIPT = '<script>fetch({path}, {{method: "POST", headers: {{{header}: "1"}}, credentials: "same-origin", cache: "no-store"}});</script>'


def _cookie_script(sidebar: Any) -> None:
    """Have the page set the login cookie (after a login, until the token is used) or clear it (after a logout)."""
    state = st.session_state
    token = state.get(_TOKEN_KEY)
    if isinstance(token, str) and auth.LOGINS.token_pending(token, clock()):
        sidebar.html(_SET_COOKIE_SCRIPT.format(path=json.dumps(login_routes.LOGIN_PATH), header=json.dumps(login_routes.TOKEN_HEADER),
                                               token=json.dumps(token)), unsafe_allow_javascript=True)
        return
    state.pop(_TOKEN_KEY, None)
    if state.pop(_CLEAR_COOKIE_KEY, False):
        sidebar.html(_CLEAR_COOKIE_SCRIPT.format(path=json.dumps(login_routes.LOGOUT_PATH), header=json.dumps(login_routes.LOGOUT_HEADER)),
                     unsafe_allow_javascript=True)


def _served_without_upload_guard() -> bool:
    """True when a server runs this app without the upload guard (another ASGI server, or a Streamlit without ``st.App``)."""
    return runtime.exists() and not upload_guard.installed()


def _show_notice(sidebar: Any) -> None:
    notice = st.session_state.pop(_NOTICE_KEY, None)
    if notice == NOTICE_LOGGED_OUT:
        sidebar.info(notice)
    elif notice in (expired_notice(), NOTICE_RELOGIN, ERROR_EMPTY_PASSWORD):
        sidebar.warning(notice)
    elif notice:
        sidebar.error(notice)


def admin_sidebar() -> None:
    """The administrator part of the sidebar: a login form, or who is logged in and "Logg ut"."""
    _admin_sidebar(st.sidebar)
    _cookie_script(st.sidebar)  # last: an st.html element takes a little room


def _admin_sidebar(sidebar: Any) -> None:
    admin = is_admin()
    sidebar.markdown("#### Administrator")
    _show_notice(sidebar)
    if admin and _served_without_upload_guard():
        sidebar.warning(WARNING_NO_UPLOAD_GUARD)
    if auth.oidc_configured(_secrets()):
        _oidc_sidebar(sidebar, admin)
        return
    if admin:
        sidebar.markdown("Innlogget som administrator")
        sidebar.button("Logg ut", key=LOGOUT_BUTTON_KEY, on_click=_on_password_logout)
        return
    configured = auth.configured_hash(_secrets())
    if configured is None:
        sidebar.caption(ERROR_NO_PASSWORD)
        return
    if auth.parse_hash(configured.value) is None:
        sidebar.caption(ERROR_BAD_HASH.format(source=configured.source.value))
        return
    with sidebar.form("byr_admin_login_form", border=False):
        st.text_input("Passord", type="password", key=PASSWORD_KEY, autocomplete="current-password")
        st.form_submit_button("Logg inn", key=LOGIN_BUTTON_KEY, on_click=_on_password_login)


def _oidc_sidebar(sidebar: Any, admin: bool) -> None:
    email = _logged_in_email()
    if email is None:
        if sidebar.button("Logg inn", key=OIDC_LOGIN_BUTTON_KEY):
            _login_oidc()
        return
    # st.text, not markdown: the address comes from the identity provider.
    sidebar.markdown("Innlogget som administrator" if admin else "Innlogget med lesetilgang")
    if email:
        sidebar.text(email)
    if not admin and st.session_state.get(_OIDC_EXPIRED_KEY) and sidebar.button("Logg inn på nytt", key=OIDC_LOGIN_BUTTON_KEY):
        _login_oidc()
    if sidebar.button("Logg ut", key=LOGOUT_BUTTON_KEY):
        _end_login(st.session_state)
        st.logout()
