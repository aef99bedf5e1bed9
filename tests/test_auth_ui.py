"""AppTest on tests/apps/login_app.py: the sidebar login, the server-side admin check, expiry, OIDC."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from byr_data import auth, auth_ui

APP = Path(__file__).resolve().parent / "apps" / "login_app.py"
PASSWORD = "riktig hest batteri"
NOTICE_EXPIRED = "Du er logget ut fordi du ikke har brukt dashbordet på 30 minutter. Logg inn på nytt for å gjøre endringer."
OIDC = {
    "auth": {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "test-cookie-secret",
        "client_id": "test-client",
        "client_secret": "test-secret",
        "server_metadata_url": "https://idp.example/.well-known/openid-configuration",
    },
    "byr": {"admins": ["Kari.Nordmann@Kongsvinger.Kommune.no"]},
}


class FakeClock:
    def __init__(self) -> None:
        self.now = 10_000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, minutes: float) -> None:
        self.now += minutes * 60


@pytest.fixture(scope="module")
def password_hash() -> str:
    return auth.hash_password(PASSWORD)


@pytest.fixture
def clock(monkeypatch) -> FakeClock:
    fake = FakeClock()
    monkeypatch.setattr(auth_ui, "clock", fake)
    return fake


@pytest.fixture
def throttle(monkeypatch, clock) -> auth.LoginThrottle:
    """A fresh login throttle on the fake clock (nothing in the app sleeps)."""
    throttle = auth.LoginThrottle(clock=lambda: auth_ui.clock())
    monkeypatch.setattr(auth_ui, "_THROTTLE", throttle)
    return throttle


@pytest.fixture
def logins(monkeypatch) -> auth.LoginSessions:
    """A fresh registry of server-side logins for each test."""
    registry = auth.LoginSessions(timeout=30 * 60.0)
    monkeypatch.setattr(auth, "LOGINS", registry)
    return registry


@pytest.fixture
def app(monkeypatch, tmp_path, password_hash, clock, throttle, logins) -> AppTest:
    """The test app in password mode, with the hash in the environment and an empty data dir."""
    monkeypatch.setenv(auth.ENV_PASSWORD_HASH, password_hash)
    monkeypatch.setenv(auth.ENV_DATA_DIR, str(tmp_path / "data"))
    at = AppTest.from_file(str(APP), default_timeout=30)
    at.secrets["byr"] = {}  # non-empty: never read a developer's real secrets.toml
    return at.run()


def sidebar_text(at: AppTest) -> str:
    return "\n".join(str(el.value) for el in at.sidebar if hasattr(el, "value") and isinstance(el.value, str))


def admin_flag(at: AppTest) -> bool:
    captions = [c.value for c in at.caption if c.value.startswith("admin=")]
    assert len(captions) == 1, captions
    return captions[0] == "admin=True"


def log_in(at: AppTest, password: str) -> AppTest:
    at.text_input(key=auth_ui.PASSWORD_KEY).input(password)
    return at.button(key=auth_ui.LOGIN_BUTTON_KEY).click().run()


def test_sidebar_shows_the_login_form(app):
    assert not app.exception
    assert "Administrator" in [m.value.strip("# ") for m in app.sidebar.markdown]
    assert app.text_input(key=auth_ui.PASSWORD_KEY).label == "Passord"
    assert app.button(key=auth_ui.LOGIN_BUTTON_KEY).label == "Logg inn"
    assert admin_flag(app) is False


def test_wrong_password_is_refused_in_norwegian(app):
    log_in(app, "feil")
    assert not app.exception
    assert [e.value for e in app.sidebar.error] == ["Feil passord. Prøv igjen."]
    assert admin_flag(app) is False


def test_retry_too_soon_is_answered_at_once_with_the_wait_and_the_wait_grows(app, clock):
    log_in(app, "feil")
    log_in(app, PASSWORD)  # 1 s has not passed: not even the right password is checked
    assert [e.value for e in app.sidebar.error] == ["Vent 1 sekund før du prøver igjen. Ventetiden øker for hvert feil passord."]
    assert admin_flag(app) is False
    clock.advance(1 / 60)
    log_in(app, "feil igjen")
    assert [e.value for e in app.sidebar.error] == ["Feil passord. Prøv igjen."]
    clock.advance(0.5 / 60)
    log_in(app, PASSWORD)
    assert [e.value for e in app.sidebar.error] == ["Vent 2 sekunder før du prøver igjen. Ventetiden øker for hvert feil passord."]
    clock.advance(1.5 / 60)
    log_in(app, PASSWORD)
    assert admin_flag(app) is True


def test_wrong_passwords_in_other_sessions_do_not_hold_back_the_admin(monkeypatch, app, tmp_path):
    # AppTest gives every app the same session id: name the sessions here.
    monkeypatch.setattr(auth_ui, "_client_address", lambda: None)  # localhost: sessions only
    for n in range(6):
        monkeypatch.setattr(auth_ui, "_session_id", lambda n=n: f"angriper-{n}")
        attacker = AppTest.from_file(str(APP), default_timeout=30)
        attacker.secrets["byr"] = {}
        log_in(attacker.run(), "gjett")
        assert [e.value for e in attacker.sidebar.error] == ["Feil passord. Prøv igjen."]
    monkeypatch.setattr(auth_ui, "_session_id", lambda: "admin")
    log_in(app, PASSWORD)  # same moment on the clock: no wait for another session
    assert admin_flag(app) is True


def test_wrong_passwords_from_one_address_make_its_new_sessions_wait(monkeypatch, app):
    monkeypatch.setattr(auth_ui, "_client_address", lambda: "10.0.0.66")
    monkeypatch.setattr(auth_ui, "_session_id", lambda: "angriper-1")
    log_in(app, "gjett")
    monkeypatch.setattr(auth_ui, "_session_id", lambda: "angriper-2")
    attacker = AppTest.from_file(str(APP), default_timeout=30)
    attacker.secrets["byr"] = {}
    log_in(attacker.run(), PASSWORD)  # a fresh session from the same address
    assert [e.value for e in attacker.sidebar.error] == ["Vent 1 sekund før du prøver igjen. Ventetiden øker for hvert feil passord."]
    monkeypatch.setattr(auth_ui, "_client_address", lambda: "10.0.0.5")
    monkeypatch.setattr(auth_ui, "_session_id", lambda: "admin")
    admin = AppTest.from_file(str(APP), default_timeout=30)
    admin.secrets["byr"] = {}
    log_in(admin.run(), PASSWORD)
    assert admin_flag(admin) is True


def test_right_password_makes_admin(app):
    log_in(app, PASSWORD)
    assert not app.exception
    assert not app.sidebar.error
    assert admin_flag(app) is True
    assert "Innlogget som administrator" in [m.value for m in app.sidebar.markdown]
    assert app.button(key=auth_ui.LOGOUT_BUTTON_KEY).label == "Logg ut"


def test_password_is_not_kept_in_session_state(app):
    log_in(app, PASSWORD)
    assert app.session_state[auth_ui.PASSWORD_KEY] == ""
    assert PASSWORD not in repr(app.session_state.to_dict())


def test_right_password_after_wrong_ones_resets_the_delay(app, clock, throttle):
    log_in(app, "feil")
    clock.advance(1 / 60)
    log_in(app, "feil")
    clock.advance(2 / 60)
    log_in(app, PASSWORD)
    assert admin_flag(app) is True
    app.button(key=auth_ui.LOGOUT_BUTTON_KEY).click().run()
    log_in(app, "feil")
    log_in(app, "feil")
    assert [e.value for e in app.sidebar.error] == ["Vent 1 sekund før du prøver igjen. Ventetiden øker for hvert feil passord."]


def test_logout_ends_admin(app):
    log_in(app, PASSWORD)
    app.button(key=auth_ui.LOGOUT_BUTTON_KEY).click().run()
    assert not app.exception
    assert admin_flag(app) is False
    assert [i.value for i in app.sidebar.info] == ["Du er logget ut."]
    assert app.button(key=auth_ui.LOGIN_BUTTON_KEY).label == "Logg inn"


def test_admin_action_runs_for_admin(app):
    log_in(app, PASSWORD)
    app.button(key="publish").click().run()
    assert [s.value for s in app.success] == ["Publisert av admin."]


def test_admin_action_is_refused_when_not_admin(app):
    app.button(key="publish").click().run()
    assert not app.exception
    assert not app.success
    assert [w.value for w in app.main.warning] == ["Denne handlingen krever administratorinnlogging."]


def test_admin_stays_while_active(app, clock):
    log_in(app, PASSWORD)
    for _ in range(4):
        clock.advance(29)
        app.run()
        assert admin_flag(app) is True


def test_admin_expires_after_30_minutes_without_use(app, clock):
    log_in(app, PASSWORD)
    clock.advance(31)
    app.run()
    assert not app.exception
    assert admin_flag(app) is False
    assert [w.value for w in app.sidebar.warning] == [NOTICE_EXPIRED]
    assert app.button(key=auth_ui.LOGIN_BUTTON_KEY).label == "Logg inn"
    # The notice shows once; the action is still refused on the server.
    app.button(key="publish").click().run()
    assert not app.sidebar.warning
    assert not app.success
    assert [w.value for w in app.main.warning] == ["Denne handlingen krever administratorinnlogging."]


def test_expired_admin_is_refused_even_if_the_action_is_the_first_thing_that_runs(app, clock):
    # The action button is pressed after 31 idle minutes: the same run must refuse it.
    log_in(app, PASSWORD)
    clock.advance(31)
    app.button(key="publish").click().run()
    assert not app.success
    assert admin_flag(app) is False


def test_no_configured_password_explains_what_to_do(monkeypatch, tmp_path, clock, throttle):
    monkeypatch.delenv(auth.ENV_PASSWORD_HASH, raising=False)
    monkeypatch.setenv(auth.ENV_DATA_DIR, str(tmp_path / "tom"))
    at = AppTest.from_file(str(APP), default_timeout=30)
    at.secrets["byr"] = {}
    at.run()
    assert not at.exception
    assert "Administratorpassordet er ikke satt opp. Start dashbordet med «make run», eller se «Tilgang og innlogging» i README." in [c.value for c in at.sidebar.caption]
    assert not at.text_input


def test_password_from_secrets_works(monkeypatch, tmp_path, password_hash, clock, throttle):
    monkeypatch.delenv(auth.ENV_PASSWORD_HASH, raising=False)
    monkeypatch.setenv(auth.ENV_DATA_DIR, str(tmp_path / "tom"))
    at = AppTest.from_file(str(APP), default_timeout=30)
    at.secrets["byr"] = {"admin_password_hash": password_hash}
    log_in(at.run(), PASSWORD)
    assert admin_flag(at) is True


def test_no_secrets_file_does_not_crash(monkeypatch, tmp_path, password_hash, clock, throttle):
    # No at.secrets: st.secrets looks for secrets.toml files, finds none (cwd has none) and raises.
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv(auth.ENV_PASSWORD_HASH, password_hash)
    at = AppTest.from_file(str(APP), default_timeout=30).run()
    assert not at.exception
    log_in(at, PASSWORD)
    assert admin_flag(at) is True


# --- OIDC ------------------------------------------------------------------------------------


def oidc_app(user: dict, secrets_: dict = OIDC) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=30)
    for key, value in secrets_.items():
        at.secrets[key] = value
    at.user = user
    return at.run()


@pytest.fixture
def oidc_env(monkeypatch, tmp_path, password_hash, clock, throttle):
    # A password hash is configured too: with OIDC it must not open admin rights.
    monkeypatch.setenv(auth.ENV_PASSWORD_HASH, password_hash)
    monkeypatch.setenv(auth.ENV_DATA_DIR, str(tmp_path / "data"))


def test_oidc_gate_stops_a_visitor_who_is_not_logged_in(oidc_env):
    at = oidc_app({"is_logged_in": False})
    assert not at.exception
    assert [t.value for t in at.title] == ["ByR Glåmdalen"]
    assert "krever innlogging" in at.info[0].value
    assert at.button(key=auth_ui.VIEWER_LOGIN_BUTTON_KEY).label == "Logg inn"
    assert not at.caption  # the page below the gate never ran


def test_oidc_allow_listed_user_is_admin_case_insensitively(oidc_env):
    at = oidc_app({"is_logged_in": True, "email": "kari.nordmann@kongsvinger.kommune.NO", "email_verified": True})
    assert not at.exception
    assert admin_flag(at) is True
    assert "Innlogget som administrator" in [m.value for m in at.sidebar.markdown]
    assert "kari.nordmann@kongsvinger.kommune.NO" in [t.value for t in at.sidebar.text]
    assert not at.text_input  # no password form with OIDC
    at.button(key="publish").click().run()
    assert [s.value for s in at.success] == ["Publisert av kari.nordmann@kongsvinger.kommune.NO."]


def test_oidc_user_not_on_the_list_only_views(oidc_env):
    at = oidc_app({"is_logged_in": True, "email": "ola@eda.kommune.no", "email_verified": True})
    assert not at.exception
    assert admin_flag(at) is False
    assert "Innlogget med lesetilgang" in [m.value for m in at.sidebar.markdown]
    at.button(key="publish").click().run()
    assert not at.success
    assert [w.value for w in at.main.warning] == ["Denne handlingen krever administratorinnlogging."]


def test_oidc_unverified_email_is_not_admin(oidc_env):
    at = oidc_app({"is_logged_in": True, "email": "kari.nordmann@kongsvinger.kommune.no", "email_verified": False})
    assert admin_flag(at) is False


TENANT = "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0"
ENTRA = {**OIDC, "auth": {**OIDC["auth"], "server_metadata_url": f"https://login.microsoftonline.com/{TENANT}/v2.0/.well-known/openid-configuration"}}


@pytest.mark.parametrize(("tid", "admin"), [(TENANT, True), ("99999999-9999-9999-9999-999999999999", False), (None, False)])
def test_oidc_entra_address_counts_only_from_the_configured_tenant(oidc_env, tid, admin):
    user = {"is_logged_in": True, "email": "kari.nordmann@kongsvinger.kommune.no"}  # Entra ID sends no email_verified
    if tid:
        user["tid"] = tid
    at = oidc_app(user, ENTRA)
    assert not at.exception
    assert admin_flag(at) is admin


def test_oidc_address_without_email_verified_or_tenant_is_not_admin(oidc_env):
    at = oidc_app({"is_logged_in": True, "email": "kari.nordmann@kongsvinger.kommune.no"})
    assert admin_flag(at) is False
    assert "Innlogget med lesetilgang" in [m.value for m in at.sidebar.markdown]


def test_oidc_admin_expires_after_30_minutes_without_use(oidc_env, clock):
    at = oidc_app({"is_logged_in": True, "email": "kari.nordmann@kongsvinger.kommune.no", "email_verified": True})
    assert admin_flag(at) is True
    clock.advance(31)
    at.run()
    assert admin_flag(at) is False
    assert [w.value for w in at.sidebar.warning] == [NOTICE_EXPIRED]
    assert at.button(key=auth_ui.OIDC_LOGIN_BUTTON_KEY).label == "Logg inn på nytt"
    at.run()
    assert admin_flag(at) is False  # still the identity cookie, but no admin rights without a new login


def test_oidc_logout_ends_admin(oidc_env):
    at = oidc_app({"is_logged_in": True, "email": "kari.nordmann@kongsvinger.kommune.no", "email_verified": True})
    at.button(key=auth_ui.LOGOUT_BUTTON_KEY).click().run()
    assert not at.exception
    assert at.user == {"is_logged_in": False}
    at.run()
    assert [t.value for t in at.title] == ["ByR Glåmdalen"]  # back at the gate
    assert auth.SESSION_KEY not in at.session_state


def test_oidc_login_without_authlib_shows_a_norwegian_error(oidc_env, monkeypatch):
    import streamlit.auth_util

    monkeypatch.setattr(streamlit.auth_util, "is_authlib_installed", lambda: False)
    monkeypatch.setattr("streamlit.user_info.is_authlib_installed", lambda: False, raising=False)
    at = oidc_app({"is_logged_in": False})
    at.button(key=auth_ui.VIEWER_LOGIN_BUTTON_KEY).click().run()
    assert not at.exception
    assert [e.value for e in at.error] == ["Innlogging er ikke tilgjengelig: pakken Authlib mangler (installer «streamlit[auth]»)."]


def test_malformed_hash_is_explained_instead_of_a_useless_form(monkeypatch, tmp_path, clock, throttle):
    monkeypatch.setenv(auth.ENV_PASSWORD_HASH, "passord123")
    monkeypatch.setenv(auth.ENV_DATA_DIR, str(tmp_path / "data"))
    at = AppTest.from_file(str(APP), default_timeout=30)
    at.secrets["byr"] = {}
    at.run()
    assert not at.exception
    assert [c.value for c in at.sidebar.caption] == [
        "Administratorpassordet kan ikke brukes: hashen i miljøvariabelen BYR_ADMIN_PASSWORD_HASH er ugyldig. "
        "Lag en ny med «python -m byr_data.auth hash» (se README)."
    ]
    assert not at.text_input


# --- staying logged in across a reload (the cookie) --------------------------------------------

SET_COOKIE = re.compile(r'^<script>fetch\("/_byr/innlogging", \{method: "POST", headers: \{"X-Byr-Token": "([A-Za-z0-9_-]{43})"\}, '
                        r'credentials: "same-origin", cache: "no-store"\}\);</script>$')
CLEAR_COOKIE = ('<script>fetch("/_byr/utlogging", {method: "POST", headers: {"X-Byr-Utlogging": "1"}, '
                'credentials: "same-origin", cache: "no-store"});</script>')


def cookie_scripts(at: AppTest) -> list[str]:
    return [h.value for h in at.sidebar.html]


def logged_in_cookie(at: AppTest, logins: auth.LoginSessions, clock: FakeClock) -> str:
    """Log in and do what the page's script does: exchange the token for the cookie value."""
    log_in(at, PASSWORD)
    [script] = cookie_scripts(at)
    match = SET_COOKIE.match(script)
    assert match, script
    value = logins.redeem(match.group(1), clock())
    assert value is not None
    return value


def reloaded(monkeypatch, cookies: dict[str, str]) -> AppTest:
    """A new session, as after F5 or in another tab: a fresh AppTest whose browser sends ``cookies``."""
    monkeypatch.setattr(auth_ui, "_cookies", lambda: cookies)
    at = AppTest.from_file(str(APP), default_timeout=30)
    at.secrets["byr"] = {}
    return at.run()


def test_login_has_the_page_set_the_cookie_once(app, logins, clock):
    value = logged_in_cookie(app, logins, clock)
    assert logins.login_id(value) == auth.current_admin_session(app.session_state).login_id
    app.run()
    assert cookie_scripts(app) == []  # the token is used: the script is gone
    assert admin_flag(app) is True


def test_unused_token_keeps_its_script_until_it_expires(app, logins, clock):
    log_in(app, PASSWORD)
    app.run()
    assert len(cookie_scripts(app)) == 1  # e.g. the first run was interrupted: the page gets another chance
    clock.advance(1.1)  # 66 s: the token has expired
    app.run()
    assert cookie_scripts(app) == []
    assert admin_flag(app) is True  # this tab stays admin; only a reload would not find the login


def test_reload_with_the_cookie_keeps_the_admin(monkeypatch, app, logins, clock):
    value = logged_in_cookie(app, logins, clock)
    clock.advance(29)
    at = reloaded(monkeypatch, {"byr_admin": value})
    assert admin_flag(at) is True
    assert "Innlogget som administrator" in sidebar_text(at)
    at.button(key="publish").click().run()
    assert [s.value for s in at.success] == ["Publisert av admin."]
    assert not at.sidebar.info
    assert NOTICE_EXPIRED not in [w.value for w in at.sidebar.warning]


def test_reload_after_30_idle_minutes_is_logged_out_with_a_notice_and_clears_the_cookie(monkeypatch, app, logins, clock):
    value = logged_in_cookie(app, logins, clock)
    clock.advance(31)
    at = reloaded(monkeypatch, {"byr_admin": value})
    assert admin_flag(at) is False
    assert [w.value for w in at.sidebar.warning] == [NOTICE_EXPIRED]
    assert cookie_scripts(at) == [CLEAR_COOKIE]
    at.run()
    assert NOTICE_EXPIRED not in [w.value for w in at.sidebar.warning]  # told once
    assert cookie_scripts(at) == []
    assert admin_flag(at) is False


@pytest.mark.parametrize("forge", [lambda v: v[:-2] + "xx", lambda v: "tull", lambda v: ""])
def test_reload_with_a_forged_cookie_is_not_admin(monkeypatch, app, logins, clock, forge):
    value = logged_in_cookie(app, logins, clock)
    at = reloaded(monkeypatch, {"byr_admin": forge(value)})
    assert admin_flag(at) is False
    assert NOTICE_EXPIRED not in [w.value for w in at.sidebar.warning]


def test_reload_after_a_server_restart_is_not_admin(monkeypatch, app, logins, clock):
    value = logged_in_cookie(app, logins, clock)
    monkeypatch.setattr(auth, "LOGINS", auth.LoginSessions(timeout=30 * 60.0))  # new process: new key, no logins
    at = reloaded(monkeypatch, {"byr_admin": value})
    assert admin_flag(at) is False
    assert cookie_scripts(at) == [CLEAR_COOKIE]


def test_logout_ends_the_login_in_every_tab_and_makes_the_cookie_worthless(monkeypatch, app, logins, clock):
    value = logged_in_cookie(app, logins, clock)
    other_tab = reloaded(monkeypatch, {"byr_admin": value})
    assert admin_flag(other_tab) is True
    app.button(key=auth_ui.LOGOUT_BUTTON_KEY).click().run()
    assert admin_flag(app) is False
    assert cookie_scripts(app) == [CLEAR_COOKIE]
    # The other tab's next action is refused on the server, and it is told why.
    other_tab.button(key="publish").click().run()
    assert not other_tab.success
    assert [w.value for w in other_tab.main.warning] == ["Denne handlingen krever administratorinnlogging."]
    assert [i.value for i in other_tab.sidebar.info] == ["Du er logget ut."]
    assert admin_flag(other_tab) is False
    # The same cookie, replayed in a new session: nothing.
    replayed = reloaded(monkeypatch, {"byr_admin": value})
    assert admin_flag(replayed) is False
    assert not replayed.sidebar.info
    assert NOTICE_EXPIRED not in [w.value for w in replayed.sidebar.warning]


def test_idle_limit_is_shared_by_the_tabs_of_one_login(monkeypatch, app, logins, clock):
    value = logged_in_cookie(app, logins, clock)
    other_tab = reloaded(monkeypatch, {"byr_admin": value})
    for _ in range(3):  # only the other tab is used
        clock.advance(20)
        other_tab.run()
        assert admin_flag(other_tab) is True
    app.run()  # 60 minutes after this tab's last run, but the login was used 0 minutes ago
    assert admin_flag(app) is True


def test_expiry_ends_the_login_in_the_other_tabs_too(monkeypatch, app, logins, clock):
    value = logged_in_cookie(app, logins, clock)
    other_tab = reloaded(monkeypatch, {"byr_admin": value})
    clock.advance(31)
    app.run()
    assert admin_flag(app) is False
    assert [w.value for w in app.sidebar.warning] == [NOTICE_EXPIRED]
    other_tab.run()
    assert admin_flag(other_tab) is False
    assert [w.value for w in other_tab.sidebar.warning] == [NOTICE_EXPIRED]


def test_a_new_login_in_a_tab_that_has_the_old_cookie_works(monkeypatch, app, logins, clock):
    value = logged_in_cookie(app, logins, clock)
    app.button(key=auth_ui.LOGOUT_BUTTON_KEY).click().run()
    at = reloaded(monkeypatch, {"byr_admin": value})  # the browser had not cleared the cookie yet
    assert admin_flag(at) is False
    new_value = logged_in_cookie(at, logins, clock)
    assert new_value != value
    assert admin_flag(at.run()) is True


def test_shortened_idle_limit_is_named_in_the_notice(monkeypatch, app, clock):
    monkeypatch.setattr(auth, "LOGINS", auth.LoginSessions(timeout=45.0))
    at = reloaded(monkeypatch, {})
    log_in(at, PASSWORD)
    clock.advance(1)  # 60 s
    at.run()
    assert [w.value for w in at.sidebar.warning] == [
        "Du er logget ut fordi du ikke har brukt dashbordet på 45 sekunder. Logg inn på nytt for å gjøre endringer."]


@pytest.mark.parametrize(("seconds", "text"), [(1800, "30 minutter"), (60, "1 minutt"), (45, "45 sekunder"), (1, "1 sekund"), (90, "90 sekunder")])
def test_duration_text(seconds, text):
    assert auth_ui.duration_text(seconds) == text


# --- OIDC: the identity cookie lasts 30 days, the admin login does not -------------------------

NOW = 1_800_000_000.0  # the wall clock in these tests (Unix seconds)
KARI = {"is_logged_in": True, "email": "kari.nordmann@kongsvinger.kommune.no", "email_verified": True}


@pytest.fixture
def wall(monkeypatch) -> list[float]:
    now = [NOW]
    monkeypatch.setattr(auth_ui, "wall_clock", lambda: now[0])
    return now


def oidc_session(monkeypatch, user: dict, cookies: dict[str, str]) -> AppTest:
    monkeypatch.setattr(auth_ui, "_cookies", lambda: cookies)
    return oidc_app(user)


def oidc_cookie(at: AppTest, logins: auth.LoginSessions, clock: FakeClock) -> str:
    [script] = cookie_scripts(at)
    value = logins.redeem(SET_COOKIE.match(script).group(1), clock())
    assert value is not None
    return value


def test_oidc_fresh_identity_makes_an_admin_login_that_survives_a_reload(monkeypatch, oidc_env, logins, clock, wall):
    user = {**KARI, "iat": NOW - 60}
    at = oidc_session(monkeypatch, user, {})
    assert admin_flag(at) is True
    value = oidc_cookie(at, logins, clock)
    for _ in range(4):  # two hours of use, one reload every 29 minutes
        clock.advance(29)
        wall[0] += 29 * 60
        at = oidc_session(monkeypatch, user, {"byr_admin": value})
        assert admin_flag(at) is True
        assert cookie_scripts(at) == []  # the same login, no new cookie


def test_oidc_identity_older_than_the_idle_limit_without_an_active_login_only_views(monkeypatch, oidc_env, logins, clock, wall):
    """E.g. a reload the next morning: Streamlit's identity cookie is still there, the admin login is not."""
    at = oidc_session(monkeypatch, {**KARI, "iat": NOW - 31 * 60}, {})
    assert admin_flag(at) is False
    assert "Innlogget med lesetilgang" in [m.value for m in at.sidebar.markdown]
    assert [w.value for w in at.sidebar.warning] == ["Trykk «Logg inn på nytt» for å gjøre endringer som administrator."]
    assert at.button(key=auth_ui.OIDC_LOGIN_BUTTON_KEY).label == "Logg inn på nytt"
    at.button(key="publish").click().run()
    assert not at.success


def test_oidc_reload_after_30_idle_minutes_is_not_admin(monkeypatch, oidc_env, logins, clock, wall):
    user = {**KARI, "iat": NOW}
    value = oidc_cookie(oidc_session(monkeypatch, user, {}), logins, clock)
    clock.advance(31)
    wall[0] += 31 * 60
    at = oidc_session(monkeypatch, user, {"byr_admin": value})
    assert admin_flag(at) is False
    assert [w.value for w in at.sidebar.warning] == [NOTICE_EXPIRED]
    assert cookie_scripts(at) == [CLEAR_COOKIE]


def test_oidc_logout_ends_the_login_in_other_tabs_and_a_replayed_identity_is_not_admin(monkeypatch, oidc_env, logins, clock, wall):
    user = {**KARI, "iat": NOW}
    first = oidc_session(monkeypatch, user, {})
    value = oidc_cookie(first, logins, clock)
    other_tab = oidc_session(monkeypatch, user, {"byr_admin": value})
    assert admin_flag(other_tab) is True
    first.button(key=auth_ui.LOGOUT_BUTTON_KEY).click().run()
    other_tab.run()
    assert admin_flag(other_tab) is False
    assert [i.value for i in other_tab.sidebar.info] == ["Du er logget ut."]
    # Streamlit's identity cookie and ours, both copied before the logout and replayed: no admin.
    for cookies in ({"byr_admin": value}, {}):
        replayed = oidc_session(monkeypatch, user, cookies)
        assert admin_flag(replayed) is False
    # A new login at the identity provider (a new identity) is admin again.
    assert admin_flag(oidc_session(monkeypatch, {**user, "iat": NOW + 5}, {})) is True


def test_oidc_does_not_take_up_a_password_login_or_another_users_login(monkeypatch, oidc_env, logins, clock, wall):
    password_login = logins.start("admin", clock(), auth.Method.PASSWORD)
    ola = logins.start("ola@kongsvinger.kommune.no", clock(), auth.Method.OIDC)
    for login in (password_login, ola):
        at = oidc_session(monkeypatch, {**KARI, "iat": NOW - 31 * 60}, {"byr_admin": logins.cookie_value(login)})
        assert admin_flag(at) is False
        assert cookie_scripts(at) == [CLEAR_COOKIE]
    assert logins.check(ola, clock(), touch=False) is auth.LoginStatus.ACTIVE  # untouched


def test_password_mode_does_not_take_up_an_oidc_login(monkeypatch, app, logins, clock):
    login = logins.start("kari.nordmann@kongsvinger.kommune.no", clock(), auth.Method.OIDC)
    at = reloaded(monkeypatch, {"byr_admin": logins.cookie_value(login)})
    assert admin_flag(at) is False


def test_oidc_new_login_at_the_provider_is_admin_even_with_the_expired_logins_cookie(monkeypatch, oidc_env, logins, clock, wall):
    """«Logg inn på nytt» after the idle limit: a new identity, while the browser still sends the ended login's cookie."""
    value = oidc_cookie(oidc_session(monkeypatch, {**KARI, "iat": NOW}, {}), logins, clock)
    clock.advance(45)
    wall[0] += 45 * 60
    at = oidc_session(monkeypatch, {**KARI, "iat": wall[0] - 10}, {"byr_admin": value})
    assert admin_flag(at) is True
    assert NOTICE_EXPIRED not in [w.value for w in at.sidebar.warning]
    assert len(cookie_scripts(at)) == 1 and SET_COOKIE.match(cookie_scripts(at)[0])  # a cookie for the new login


def test_oidc_without_an_issue_time_falls_back_on_the_cookie(monkeypatch, oidc_env, logins, clock, wall):
    value = oidc_cookie(oidc_session(monkeypatch, KARI, {}), logins, clock)
    clock.advance(31)
    at = oidc_session(monkeypatch, KARI, {"byr_admin": value})
    assert admin_flag(at) is False
    assert [w.value for w in at.sidebar.warning] == [NOTICE_EXPIRED]
