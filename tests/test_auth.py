"""Access control without Streamlit: hashes, configuration, first start, throttle, idle timeout."""

from __future__ import annotations

import io
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from byr_data import auth

ROOT = Path(__file__).resolve().parent.parent
INIT_LINE = re.compile(r"^Administratorpassord \(vises bare én gang\): (\S+)  – endre det med BYR_ADMIN_PASSWORD_HASH, se README\.$")


@pytest.fixture(scope="module")
def known_hash() -> str:
    return auth.hash_password("riktig hest batteri")


# --- hash_password / verify_password ---------------------------------------------------------


def test_hash_password_is_self_describing_scrypt(known_hash):
    kind, n, r, p, salt, digest = known_hash.split("$")
    assert (kind, n, r, p) == ("scrypt", "16384", "8", "1")
    parsed = auth.parse_hash(known_hash)
    assert parsed is not None
    assert len(parsed.salt) == 16
    assert len(parsed.digest) == 32


def test_hash_password_salts_every_hash():
    assert auth.hash_password("samme") != auth.hash_password("samme")


def test_verify_password_accepts_the_right_password(known_hash):
    assert auth.verify_password("riktig hest batteri", known_hash) is True


@pytest.mark.parametrize("password", ["feil", "", "Riktig hest batteri", "riktig hest batteri ", "x" * 5000])
def test_verify_password_refuses_a_wrong_password(known_hash, password):
    assert auth.verify_password(password, known_hash) is False


@pytest.mark.parametrize(
    "stored",
    [
        "",
        "ikke en hash",
        "scrypt$16384$8$1$abc",  # too few fields
        "bcrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "scrypt$mange$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "scrypt$16384$8$1$!!ikke base64!!$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "scrypt$16385$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",  # n not a power of 2
        "scrypt$1073741824$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",  # n far too large
        "scrypt$16384$0$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$",
    ],
)
def test_verify_password_returns_false_for_a_malformed_hash(stored):
    assert auth.verify_password("riktig hest batteri", stored) is False


def test_verify_password_returns_false_for_non_string_hash():
    assert auth.verify_password("x", None) is False  # type: ignore[arg-type]


def test_verify_password_ignores_blanks_around_the_hash(known_hash):
    assert auth.verify_password("riktig hest batteri", f"  {known_hash}\n") is True


# --- configuration ---------------------------------------------------------------------------


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    return {auth.ENV_DATA_DIR: str(tmp_path / "data")}


def write_hash_file(env: dict[str, str], value: str) -> Path:
    path = auth.hash_file(env)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(value + "\n", encoding="utf-8")
    return path


def test_configured_hash_none_when_nothing_is_set(env):
    assert auth.configured_hash({}, env) is None


def test_configured_hash_env_takes_precedence(env):
    write_hash_file(env, "scrypt$fra-fil")
    env[auth.ENV_PASSWORD_HASH] = "scrypt$fra-miljo"
    secrets_ = {"byr": {"admin_password_hash": "scrypt$fra-secrets"}}
    assert auth.configured_hash(secrets_, env) == auth.ConfiguredHash("scrypt$fra-miljo", auth.HashSource.ENV)


def test_configured_hash_secrets_before_file(env):
    write_hash_file(env, "scrypt$fra-fil")
    secrets_ = {"byr": {"admin_password_hash": "scrypt$fra-secrets"}}
    assert auth.configured_hash(secrets_, env) == auth.ConfiguredHash("scrypt$fra-secrets", auth.HashSource.SECRETS)


def test_configured_hash_reads_the_file_last(env):
    write_hash_file(env, "scrypt$fra-fil")
    assert auth.configured_hash({"byr": {"admin_password_hash": "  "}}, env) == auth.ConfiguredHash("scrypt$fra-fil", auth.HashSource.FILE)


def test_data_dir_defaults_to_the_repository_data_folder():
    assert auth.data_dir({}) == ROOT / "data"
    assert auth.hash_file({}) == ROOT / "data" / "admin_password_hash"


@pytest.mark.parametrize(
    ("secrets_", "expected"),
    [
        ({}, False),
        ({"auth": {}}, False),
        ({"byr": {"admins": ["a@b.no"]}}, False),
        ({"auth": {"client_id": "x", "server_metadata_url": "https://idp/.well-known/openid-configuration"}}, True),
        ({"auth": {"redirect_uri": "http://localhost:8501/oauth2callback", "microsoft": {"client_id": "x"}}}, True),
    ],
)
def test_oidc_configured(secrets_, expected):
    assert auth.oidc_configured(secrets_) is expected


@pytest.mark.parametrize(
    ("secrets_", "expected"),
    [
        ({"auth": {"client_id": "x"}}, None),
        ({"auth": {"redirect_uri": "http://x/oauth2callback", "microsoft": {"client_id": "x"}}}, "microsoft"),
    ],
)
def test_oidc_provider(secrets_, expected):
    assert auth.oidc_provider(secrets_) == expected


@pytest.mark.parametrize(
    ("email", "expected"),
    [
        ("kari.nordmann@kongsvinger.kommune.no", True),
        ("Kari.Nordmann@Kongsvinger.Kommune.NO", True),
        ("  kari.nordmann@kongsvinger.kommune.no ", True),
        ("ola@eda.kommune.no", True),
        ("annen@kongsvinger.kommune.no", False),
        ("", False),
        (None, False),
    ],
)
def test_is_admin_email_is_case_insensitive(email, expected):
    secrets_ = {"byr": {"admins": ["KARI.NORDMANN@kongsvinger.kommune.no", "ola@EDA.kommune.no"]}}
    assert auth.is_admin_email(email, secrets_) is expected


def test_admin_emails_accepts_a_single_string_and_ignores_junk():
    assert auth.admin_emails({"byr": {"admins": "A@B.no"}}) == {"a@b.no"}
    assert auth.admin_emails({"byr": {"admins": ["", 3, " c@d.no "]}}) == {"c@d.no"}
    assert auth.admin_emails({"byr": "ikke en tabell"}) == frozenset()


# --- first start -----------------------------------------------------------------------------


def test_init_creates_the_hash_file_once_and_prints_the_password_once(env):
    first = io.StringIO()
    assert auth.init_admin_password({}, env, first) is True
    lines = first.getvalue().splitlines()
    assert len(lines) == 1
    match = INIT_LINE.match(lines[0])
    assert match, lines[0]
    password = match.group(1)
    assert len(password) == 16  # token_urlsafe(12)

    path = auth.hash_file(env)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    stored = path.read_text(encoding="utf-8")
    assert password not in stored
    assert auth.verify_password(password, stored.strip())

    second = io.StringIO()
    assert auth.init_admin_password({}, env, second) is False
    assert second.getvalue() == ""
    assert path.read_text(encoding="utf-8") == stored


def test_init_does_nothing_when_a_hash_is_configured(env):
    out = io.StringIO()
    env[auth.ENV_PASSWORD_HASH] = auth.hash_password("x")
    assert auth.init_admin_password({}, env, out) is False
    assert out.getvalue() == ""
    assert not auth.hash_file(env).exists()


def test_init_does_nothing_with_secrets_hash(env):
    out = io.StringIO()
    assert auth.init_admin_password({"byr": {"admin_password_hash": auth.hash_password("x")}}, env, out) is False
    assert out.getvalue() == ""
    assert not auth.hash_file(env).exists()


def test_init_does_nothing_with_oidc(env):
    out = io.StringIO()
    assert auth.init_admin_password({"auth": {"client_id": "x"}}, env, out) is False
    assert out.getvalue() == ""
    assert not auth.hash_file(env).exists()


def test_main_init_reads_the_secrets_file(env, tmp_path):
    secrets_file = tmp_path / "secrets.toml"
    secrets_file.write_text('[auth]\nclient_id = "x"\n', encoding="utf-8")
    out = io.StringIO()
    assert auth.main(["init"], env=env, secrets_files=[tmp_path / "mangler.toml", secrets_file], out=out) == 0
    assert out.getvalue() == ""
    assert not auth.hash_file(env).exists()


def test_main_init_skips_a_broken_secrets_file_with_a_warning(env, tmp_path):
    broken = tmp_path / "secrets.toml"
    broken.write_text("[auth\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert auth.main(["init"], env=env, secrets_files=[broken], out=out, err=err) == 0
    assert "kunne ikke leses" in err.getvalue()
    assert INIT_LINE.match(out.getvalue().strip())


def test_cli_init_runs_as_a_module_and_is_idempotent(tmp_path):
    # The real entry point, as `make run` calls it; the cwd has no .streamlit/secrets.toml.
    env = {"BYR_DATA_DIR": str(tmp_path / "data"), "HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    run = [sys.executable, "-m", "byr_data.auth", "init"]
    first = subprocess.run(run, cwd=tmp_path, env=env, capture_output=True, text=True, check=True)
    assert INIT_LINE.match(first.stdout.strip()), first.stdout
    second = subprocess.run(run, cwd=tmp_path, env=env, capture_output=True, text=True, check=True)
    assert second.stdout == ""
    assert second.stderr == ""


@pytest.mark.parametrize(
    ("answers", "code", "message"),
    [
        (["hemmelig", "hemmelig"], 0, ""),
        (["", ""], 1, "Passordet kan ikke være tomt.\n"),
        (["hemmelig", "annet"], 1, "Passordene er ikke like.\n"),
    ],
)
def test_main_hash_prints_a_verifiable_hash(answers, code, message):
    prompts = iter(answers)
    out, err = io.StringIO(), io.StringIO()
    assert auth.main(["hash"], getpass=lambda _prompt: next(prompts), out=out, err=err) == code
    assert err.getvalue() == message
    if code == 0:
        assert auth.verify_password("hemmelig", out.getvalue().strip())
    else:
        assert out.getvalue() == ""


# --- throttle --------------------------------------------------------------------------------


def test_delay_for_grows_and_caps_at_30_seconds():
    assert [auth.delay_for(n) for n in range(0, 9)] == [0, 1, 2, 4, 8, 16, 30, 30, 30]
    assert auth.delay_for(10_000) == 30


class Clock:
    """An injected clock: tests move time by hand, never wait."""

    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


def wrong() -> bool:
    return False


def right() -> bool:
    return True


def test_throttle_makes_the_attackers_own_wait_grow_1_2_4_to_30_seconds():
    clock = Clock()
    throttle = auth.LoginThrottle(clock=clock)
    waits = []
    for _ in range(8):
        assert throttle.attempt(["økt:a", "adresse:10.0.0.9"], wrong).verdict is auth.Verdict.REFUSED
        too_early = throttle.attempt(["økt:a", "adresse:10.0.0.9"], wrong)
        assert too_early.verdict is auth.Verdict.TOO_EARLY
        waits.append(too_early.wait_seconds)
        clock.now += too_early.wait_seconds
    assert waits == [1, 2, 4, 8, 16, 30, 30, 30]
    assert throttle.failures("økt:a") == 8


def test_throttle_answers_a_too_early_attempt_at_once_without_checking_it():
    clock = Clock()
    throttle = auth.LoginThrottle(clock=clock)
    for _ in range(3):
        clock.now += 10
        throttle.attempt(["økt:a"], wrong)
    checked: list[str] = []
    clock.now += 1.5  # 3 wrong passwords: 4 s to wait, 1.5 s gone
    result = throttle.attempt(["økt:a"], lambda: checked.append("sjekket") or True)
    assert result == auth.LoginAttempt(auth.Verdict.TOO_EARLY, 2.5)
    assert checked == []  # not even the right password is checked too early
    assert throttle.failures("økt:a") == 3  # and a too-early attempt does not count


def test_throttle_lets_the_admin_in_at_once_while_other_sessions_guess():
    clock = Clock()
    throttle = auth.LoginThrottle(clock=clock)
    for n in range(6):  # six wrong guesses from six sessions, all at the same moment
        assert throttle.attempt([f"økt:angriper-{n}", f"adresse:10.0.0.{n}"], wrong).verdict is auth.Verdict.REFUSED
    for n in range(100):  # and a steady stream of new sessions from one source
        verdict = throttle.attempt([f"økt:ny-{n}", "adresse:10.0.0.66"], wrong).verdict
        assert verdict is (auth.Verdict.REFUSED if n == 0 else auth.Verdict.TOO_EARLY)
    assert throttle.attempt(["økt:admin", "adresse:10.0.0.200"], right) == auth.LoginAttempt(auth.Verdict.ACCEPTED)
    assert throttle.attempt(["økt:admin-lokalt"], right).verdict is auth.Verdict.ACCEPTED  # localhost: no address


def test_throttle_does_not_hold_its_lock_while_checking_a_password():
    throttle = auth.LoginThrottle(clock=Clock())
    inner: list[auth.LoginAttempt] = []

    def slow_check() -> bool:
        # Another session logs in while this check runs: a held lock would deadlock here.
        inner.append(throttle.attempt(["økt:b"], right))
        return False

    assert throttle.attempt(["økt:a"], slow_check).verdict is auth.Verdict.REFUSED
    assert inner == [auth.LoginAttempt(auth.Verdict.ACCEPTED)]


def test_throttle_gives_parallel_attempts_on_one_key_a_single_guess():
    throttle = auth.LoginThrottle(clock=Clock())
    inner: list[auth.LoginAttempt] = []

    def check() -> bool:
        inner.append(throttle.attempt(["økt:a"], wrong))  # the same session, while the first check runs
        return False

    throttle.attempt(["økt:a"], check)
    assert inner == [auth.LoginAttempt(auth.Verdict.TOO_EARLY, 1.0)]


def test_throttle_right_password_resets_only_its_own_keys():
    clock = Clock()
    throttle = auth.LoginThrottle(clock=clock)
    for _ in range(3):
        throttle.attempt(["økt:angriper"], wrong)
        throttle.attempt(["økt:admin"], wrong)
        clock.now += 60
    assert throttle.attempt(["økt:admin"], right).verdict is auth.Verdict.ACCEPTED
    assert throttle.failures("økt:admin") == 0
    assert throttle.failures("økt:angriper") == 3
    throttle.attempt(["økt:admin"], wrong)
    assert throttle.attempt(["økt:admin"], wrong).wait_seconds == 1  # starts again at 1 s


def test_throttle_forgets_the_oldest_keys(monkeypatch):
    monkeypatch.setattr(auth.LoginThrottle, "MAX_KEYS", 2)
    throttle = auth.LoginThrottle(clock=Clock())
    for key in ["a", "b", "c"]:
        throttle.attempt([key], wrong)
    assert [throttle.failures(k) for k in ["a", "b", "c"]] == [0, 1, 1]


# --- idle timeout ----------------------------------------------------------------------------


def test_admin_session_stays_active_while_used():
    state: dict = {}
    auth.start_admin_session(state, auth.Method.PASSWORD, "admin", now=1000.0)
    for minute in range(1, 120, 29):  # used every 29 minutes for two hours
        assert auth.check_admin_session(state, now=1000.0 + minute * 60) is auth.SessionStatus.ACTIVE
    session = auth.current_admin_session(state)
    assert session.login_at == 1000.0
    assert session.last_activity == 1000.0 + 117 * 60


def test_admin_session_expires_after_30_minutes_without_use():
    state: dict = {}
    auth.start_admin_session(state, auth.Method.PASSWORD, "admin", now=0.0)
    assert auth.check_admin_session(state, now=30 * 60) is auth.SessionStatus.ACTIVE
    assert auth.check_admin_session(state, now=60 * 60 + 1) is auth.SessionStatus.EXPIRED
    assert auth.current_admin_session(state) is None
    assert auth.check_admin_session(state, now=60 * 60 + 2) is auth.SessionStatus.NONE


def test_end_admin_session_logs_out():
    state: dict = {}
    auth.start_admin_session(state, auth.Method.OIDC, "a@b.no", now=0.0)
    auth.end_admin_session(state)
    assert auth.check_admin_session(state, now=1.0) is auth.SessionStatus.NONE


def test_check_admin_session_ignores_foreign_values():
    state = {auth.SESSION_KEY: {"method": "password"}}
    assert auth.check_admin_session(state, now=0.0) is auth.SessionStatus.NONE


def test_init_warns_about_a_malformed_configured_hash_and_keeps_it(env):
    out, err = io.StringIO(), io.StringIO()
    path = write_hash_file(env, "passord123")
    assert auth.init_admin_password({}, env, out, err) is False
    assert out.getvalue() == ""
    assert err.getvalue() == (
        "Advarsel: administratorpassordet i filen data/admin_password_hash er ikke en gyldig hash; "
        "lag en ny med «python -m byr_data.auth hash».\n"
    )
    assert path.read_text(encoding="utf-8") == "passord123\n"


# --- which OIDC e-mail addresses are trusted -------------------------------------------------

TENANT = "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0"
ENTRA = {"auth": {"client_id": "x", "server_metadata_url": f"https://login.microsoftonline.com/{TENANT}/v2.0/.well-known/openid-configuration"}}
GOOGLE = {"auth": {"client_id": "x", "server_metadata_url": "https://accounts.google.com/.well-known/openid-configuration"}}


@pytest.mark.parametrize(
    ("claims", "secrets_", "expected"),
    [
        ({"email_verified": True}, GOOGLE, "kari@kommune.no"),
        ({"email_verified": "true"}, GOOGLE, "kari@kommune.no"),  # some providers send a string
        ({"email_verified": False}, GOOGLE, None),
        ({"email_verified": "false"}, GOOGLE, None),
        ({"email_verified": None}, GOOGLE, None),
        ({}, GOOGLE, None),  # no claim and no tenant configured: not trusted
        ({"tid": TENANT}, ENTRA, "kari@kommune.no"),  # Entra ID: no email_verified, the tenant decides
        ({"tid": TENANT.upper()}, ENTRA, "kari@kommune.no"),
        ({"tid": "99999999-9999-9999-9999-999999999999"}, ENTRA, None),  # another tenant's user
        ({}, ENTRA, None),  # no tid
        ({"email_verified": False, "tid": TENANT}, ENTRA, None),  # a sent claim always counts
        ({"tid": TENANT}, {"auth": {"server_metadata_url": "https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration"}}, None),
        ({"tid": TENANT}, {"auth": {}, "byr": {"tenant_id": TENANT}}, "kari@kommune.no"),
        ({"tid": TENANT}, {"auth": {"entra": ENTRA["auth"]}}, "kari@kommune.no"),  # named provider
    ],
)
def test_trusted_email_needs_email_verified_or_the_configured_tenant(claims, secrets_, expected):
    user = {"is_logged_in": True, "email": "kari@kommune.no", **claims}
    assert auth.trusted_email(user, secrets_) == expected


@pytest.mark.parametrize("user", [{"is_logged_in": False, "email": "kari@kommune.no", "email_verified": True},
                                  {"is_logged_in": True, "email_verified": True}, {"is_logged_in": True, "email": " ", "email_verified": True}])
def test_trusted_email_is_none_without_a_login_or_an_address(user):
    assert auth.trusted_email(user, GOOGLE) is None


def test_tenant_id_prefers_the_byr_setting_over_the_metadata_address():
    other = "11111111-2222-3333-4444-555555555555"
    assert auth.tenant_id({**ENTRA, "byr": {"tenant_id": f" {other.upper()} "}}) == other
    assert auth.tenant_id(ENTRA) == TENANT
    assert auth.tenant_id(GOOGLE) is None


# --- logins that outlive a page reload (LoginSessions) ---------------------------------------

MINUTE = 60.0


@pytest.fixture
def logins() -> auth.LoginSessions:
    return auth.LoginSessions(timeout=30 * MINUTE, key=b"k" * 32)


def test_login_stays_active_while_used_and_expires_after_30_idle_minutes(logins):
    login = logins.start("admin", now=0.0)
    for minute in (29, 58, 87):  # used every 29 minutes
        assert logins.check(login, now=minute * MINUTE) is auth.LoginStatus.ACTIVE
    assert logins.check(login, now=(87 + 30) * MINUTE) is auth.LoginStatus.ACTIVE  # exactly 30 minutes: still in
    assert logins.check(login, now=(117 + 30) * MINUTE + 1) is auth.LoginStatus.EXPIRED
    assert logins.check(login, now=(117 + 30) * MINUTE + 2) is auth.LoginStatus.EXPIRED  # a look after the end does not revive it


def test_looking_without_touch_does_not_count_as_use(logins):
    login = logins.start("admin", now=0.0)
    assert logins.check(login, now=20 * MINUTE, touch=False) is auth.LoginStatus.ACTIVE
    assert logins.check(login, now=31 * MINUTE) is auth.LoginStatus.EXPIRED


def test_revoked_login_is_ended_for_everyone_and_says_so(logins):
    login, other = logins.start("admin", now=0.0), logins.start("admin", now=0.0)
    logins.revoke(login, now=5 * MINUTE)
    assert logins.check(login, now=5 * MINUTE) is auth.LoginStatus.REVOKED
    assert logins.check(login, now=90 * MINUTE) is auth.LoginStatus.REVOKED  # not "expired" later: it was logged out
    assert logins.check(other, now=5 * MINUTE) is auth.LoginStatus.ACTIVE  # another login is untouched


def test_revoking_an_expired_login_keeps_the_reason(logins):
    login = logins.start("admin", now=0.0)
    logins.revoke(login, now=40 * MINUTE)
    assert logins.check(login, now=40 * MINUTE) is auth.LoginStatus.EXPIRED


@pytest.mark.parametrize("login_id", [None, "", "ukjent"])
def test_unknown_login_is_unknown(logins, login_id):
    assert logins.check(login_id, now=0.0) is auth.LoginStatus.UNKNOWN


def test_cookie_value_is_the_id_signed_and_only_our_signature_is_accepted(logins):
    login = logins.start("admin", now=0.0)
    value = logins.cookie_value(login)
    identity, signature = value.rsplit(".", 1)
    assert identity == login
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", identity) and re.fullmatch(r"[A-Za-z0-9_-]{43}", signature)  # 256 bits each
    assert logins.login_id(value) == login
    other_key = auth.LoginSessions(timeout=30 * MINUTE, key=b"x" * 32)  # e.g. the server before a restart
    assert other_key.login_id(value) is None
    assert other_key.login_id(other_key.cookie_value(login)) == login


@pytest.mark.parametrize("tamper", [
    lambda v: v[:-1] + ("A" if v[-1] != "A" else "B"),  # one character of the signature
    lambda v: ("B" if v[0] != "B" else "C") + v[1:],  # one character of the id
    lambda v: v.rsplit(".", 1)[0],  # no signature
    lambda v: v.rsplit(".", 1)[0] + ".",  # empty signature
    lambda v: "ø" + v,  # not ASCII
    lambda v: v + "." + "a" * 200,  # too long
    lambda v: None,
    lambda v: 42,
])
def test_tampered_cookie_is_refused(logins, tamper):
    value = logins.cookie_value(logins.start("admin", now=0.0))
    assert logins.login_id(tamper(value)) is None


def test_token_is_exchanged_for_the_cookie_once(logins):
    login = logins.start("admin", now=0.0)
    token = logins.issue_token(login, now=0.0)
    assert logins.token_pending(token, now=1.0)
    assert logins.redeem(token, now=1.0) == logins.cookie_value(login)
    assert not logins.token_pending(token, now=1.0)
    assert logins.redeem(token, now=2.0) is None  # reused


def test_token_expires_after_60_seconds(logins):
    login = logins.start("admin", now=0.0)
    token = logins.issue_token(login, now=0.0)
    assert logins.token_pending(token, now=60.0)
    assert not logins.token_pending(token, now=60.5)
    assert logins.redeem(token, now=60.5) is None
    assert logins.redeem(token, now=1.0) is None  # a late failed try used it up too


def test_token_of_an_ended_login_gives_no_cookie(logins):
    login = logins.start("admin", now=0.0)
    token = logins.issue_token(login, now=0.0)
    logins.revoke(login, now=1.0)
    assert logins.redeem(token, now=2.0) is None
    assert logins.redeem("gjettet", now=2.0) is None


def test_redeeming_counts_as_use(logins):
    login = logins.start("admin", now=0.0)
    token = logins.issue_token(login, now=20 * MINUTE)
    assert logins.redeem(token, now=20 * MINUTE) is not None
    assert logins.check(login, now=45 * MINUTE, touch=False) is auth.LoginStatus.ACTIVE


def test_logins_and_tokens_are_bounded(monkeypatch, logins):
    monkeypatch.setattr(auth.LoginSessions, "MAX_LOGINS", 2)
    first, second, third = (logins.start("admin", now=float(n)) for n in range(3))
    assert [logins.check(i, now=3.0) for i in (first, second, third)] == [auth.LoginStatus.UNKNOWN, auth.LoginStatus.ACTIVE, auth.LoginStatus.ACTIVE]
    tokens = [logins.issue_token(third, now=3.0) for _ in range(3)]
    assert [logins.token_pending(t, now=3.0) for t in tokens] == [False, True, True]


def test_ended_logins_are_forgotten_half_a_day_after_they_could_last_be_used(logins):
    login = logins.start("admin", now=0.0)
    logins.start("admin", now=30 * MINUTE + 12 * 3600)  # a later login tidies up: not yet
    assert logins.check(login, now=30 * MINUTE + 12 * 3600, touch=False) is auth.LoginStatus.EXPIRED
    logins.start("admin", now=30 * MINUTE + 12 * 3600 + 1)
    assert logins.check(login, now=30 * MINUTE + 12 * 3600 + 1, touch=False) is auth.LoginStatus.UNKNOWN


def test_each_registry_signs_with_its_own_random_key():
    first, second = auth.LoginSessions(timeout=60.0), auth.LoginSessions(timeout=60.0)
    login = first.start("admin", now=0.0)
    assert second.login_id(first.cookie_value(login)) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, 1800.0), ("", 1800.0), ("5", 5.0), (" 600 ", 600.0), ("1800", 1800.0), ("1801", 1800.0), ("0", 1800.0), ("-5", 1800.0), ("2.5", 1800.0), ("mye", 1800.0)],
)
def test_idle_timeout_can_only_be_shortened(value, expected):
    env = {} if value is None else {auth.ENV_IDLE_SECONDS: value}
    assert auth.idle_timeout(env) == expected
