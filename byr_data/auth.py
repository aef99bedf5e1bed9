"""Access control without Streamlit: password hashes, the login throttle and the admin session.

Two ways to become administrator:

- With OIDC (an ``[auth]`` block in ``.streamlit/secrets.toml``), the logged-in user's e-mail
  must be in ``[byr] admins``; compared case-insensitively.
- Otherwise a password, checked against an scrypt hash from (first found wins) the
  environment variable ``BYR_ADMIN_PASSWORD_HASH``, ``[byr] admin_password_hash`` in the
  secrets, or the file ``data/admin_password_hash``.

Command line (used by ``make run`` and the README)::

    python -m byr_data.auth hash   # asks for a password, prints its hash
    python -m byr_data.auth init   # first start: makes a random password, stores its hash
"""

from __future__ import annotations

import argparse
import base64
import binascii
import enum
import getpass as getpass_module
import hashlib
import hmac
import os
import re
import secrets
import sys
import threading
import time
import tomllib
from collections import OrderedDict
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

#: Environment variable with a password hash; wins over the secrets and the file.
ENV_PASSWORD_HASH = "BYR_ADMIN_PASSWORD_HASH"
#: Environment variable that moves the data directory (tests use it).
ENV_DATA_DIR = "BYR_DATA_DIR"
#: The file, inside the data directory, that ``init`` writes.
HASH_FILE_NAME = "admin_password_hash"
DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "data"

SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
SALT_BYTES = 16
HASH_BYTES = 32
# Bounds for parameters read from a stored hash: a hand-edited hash must not be able to
# make one login attempt allocate gigabytes or run for minutes.
_MAX_N = 2**20
_MAX_R = 32
_MAX_P = 16
# scrypt first runs PBKDF2 over the password: cap its length so a form can't post megabytes.
MAX_PASSWORD_CHARS = 1024

#: An admin login ends after this long without use.
IDLE_TIMEOUT_SECONDS = 30 * 60
#: Environment variable that shortens the idle timeout (whole seconds, 1 to 1800); the browser tests use it.
ENV_IDLE_SECONDS = "BYR_ADMIN_IDLE_SECONDS"
#: The longest wait, in seconds, after a wrong password before the next attempt is checked.
MAX_DELAY_SECONDS = 30.0

INIT_MESSAGE = "Administratorpassord (vises bare én gang): {password}  – endre det med BYR_ADMIN_PASSWORD_HASH, se README."


# --- Password hashes -------------------------------------------------------------------------


@dataclass(frozen=True)
class ScryptHash:
    """A parsed ``scrypt$n$r$p$salt$hash`` string."""

    n: int
    r: int
    p: int
    salt: bytes
    digest: bytes


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    # maxmem: scrypt needs about 128 * r * n bytes; the default limit (32 MiB) is too tight
    # for the larger parameters we accept.
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=length, maxmem=129 * r * n + 2**20)


def hash_password(password: str) -> str:
    """Hash a password with scrypt and a random salt, as ``scrypt$16384$8$1$<salt>$<hash>``."""
    salt = secrets.token_bytes(SALT_BYTES)
    digest = _scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P, HASH_BYTES)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def parse_hash(stored: str) -> ScryptHash | None:
    """Parse a stored hash string; None when it is malformed or its parameters are out of bounds."""
    if not isinstance(stored, str):
        return None
    parts = stored.strip().split("$")
    if len(parts) != 6 or parts[0] != "scrypt":
        return None
    try:
        n, r, p = (int(x) for x in parts[1:4])
        salt = base64.b64decode(parts[4], validate=True)
        digest = base64.b64decode(parts[5], validate=True)
    except (ValueError, binascii.Error):
        return None
    power_of_two = n > 1 and n & (n - 1) == 0
    if not (power_of_two and n <= _MAX_N and 1 <= r <= _MAX_R and 1 <= p <= _MAX_P):
        return None
    if len(salt) < 8 or not 16 <= len(digest) <= 64:
        return None
    return ScryptHash(n, r, p, salt, digest)


def verify_password(password: str, stored: str) -> bool:
    """True when ``password`` matches the stored hash; False for a wrong password or a bad hash."""
    parsed = parse_hash(stored)
    if parsed is None or not isinstance(password, str) or len(password) > MAX_PASSWORD_CHARS:
        return False
    try:
        candidate = _scrypt(password, parsed.salt, parsed.n, parsed.r, parsed.p, len(parsed.digest))
    except (ValueError, MemoryError):
        return False
    return hmac.compare_digest(candidate, parsed.digest)


# --- Configuration ---------------------------------------------------------------------------


class HashSource(enum.Enum):
    """Where the admin password hash came from."""

    ENV = "miljøvariabelen BYR_ADMIN_PASSWORD_HASH"
    SECRETS = "byr.admin_password_hash i secrets.toml"
    FILE = "filen data/admin_password_hash"


@dataclass(frozen=True)
class ConfiguredHash:
    """The admin password hash in force and where it came from."""

    value: str
    source: HashSource


def data_dir(env: Mapping[str, str] | None = None) -> Path:
    """The data directory: ``BYR_DATA_DIR`` when set, otherwise ``data/`` in the repository."""
    env = os.environ if env is None else env
    override = env.get(ENV_DATA_DIR, "").strip()
    return Path(override) if override else DEFAULT_DATA_DIR


def hash_file(env: Mapping[str, str] | None = None) -> Path:
    """The path of the stored admin password hash."""
    return data_dir(env) / HASH_FILE_NAME


def _section(secrets_: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    section = secrets_.get(name) if isinstance(secrets_, Mapping) else None
    return section if isinstance(section, Mapping) else {}


def oidc_configured(secrets_: Mapping[str, Any]) -> bool:
    """True when the secrets hold a non-empty ``[auth]`` block (Streamlit's OIDC login)."""
    return bool(_section(secrets_, "auth"))


def oidc_provider(secrets_: Mapping[str, Any]) -> str | None:
    """The provider name for ``st.login``: None for a flat ``[auth]`` block, else the first ``[auth.NAME]``."""
    auth = _section(secrets_, "auth")
    if "client_id" in auth:
        return None
    for name, value in auth.items():
        if isinstance(value, Mapping) and "client_id" in value:
            return str(name)
    return None


def admin_emails(secrets_: Mapping[str, Any]) -> frozenset[str]:
    """The admin allow-list ``[byr] admins``, lower-cased."""
    admins = _section(secrets_, "byr").get("admins", ())
    if isinstance(admins, str):
        admins = [admins]
    return frozenset(a.strip().lower() for a in admins if isinstance(a, str) and a.strip())


def is_admin_email(email: object, secrets_: Mapping[str, Any]) -> bool:
    """True when ``email`` is in the admin allow-list, ignoring case and surrounding blanks."""
    return isinstance(email, str) and email.strip().lower() in admin_emails(secrets_)


# Entra ID's metadata address names the tenant: https://login.microsoftonline.com/<tenant id>/v2.0/…
_ENTRA_TENANT = re.compile(r"https://login\.microsoftonline\.com/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/", re.IGNORECASE)


def tenant_id(secrets_: Mapping[str, Any]) -> str | None:
    """The one Entra ID tenant whose addresses are trusted: ``[byr] tenant_id``, else the tenant in ``server_metadata_url``.

    None when neither names a tenant (a multi-tenant address such as ``…/common/…`` names none).
    """
    configured = _section(secrets_, "byr").get("tenant_id")
    if isinstance(configured, str) and configured.strip():
        return configured.strip().lower()
    auth_section = _section(secrets_, "auth")
    provider = oidc_provider(secrets_)
    provider_section = _section(auth_section, provider) if provider else auth_section
    match = _ENTRA_TENANT.match(str(provider_section.get("server_metadata_url", "")))
    return match.group(1).lower() if match else None


def trusted_email(user: Mapping[str, Any], secrets_: Mapping[str, Any]) -> str | None:
    """The logged-in user's e-mail address when the identity provider vouches for it, else None.

    A provider that sends the ``email_verified`` claim must send it as true. Entra ID sends no
    such claim, and its ``email`` can be set by any tenant's own administrator: then the
    address counts only when the ``tid`` claim (the user's tenant) is the configured tenant.
    """
    email = user.get("email")
    if not user.get("is_logged_in") or not isinstance(email, str) or not email.strip():
        return None
    if "email_verified" in user:
        verified = user["email_verified"]
        return email if verified is True or str(verified).strip().lower() == "true" else None
    tenant = tenant_id(secrets_)
    claimed = user.get("tid")
    return email if tenant is not None and isinstance(claimed, str) and claimed.strip().lower() == tenant else None


def configured_hash(
    secrets_: Mapping[str, Any],
    env: Mapping[str, str] | None = None,
) -> ConfiguredHash | None:
    """The admin password hash: the environment first, then the secrets, then the data file."""
    env = os.environ if env is None else env
    from_env = env.get(ENV_PASSWORD_HASH, "").strip()
    if from_env:
        return ConfiguredHash(from_env, HashSource.ENV)
    from_secrets = _section(secrets_, "byr").get("admin_password_hash")
    if isinstance(from_secrets, str) and from_secrets.strip():
        return ConfiguredHash(from_secrets.strip(), HashSource.SECRETS)
    try:
        from_file = hash_file(env).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return ConfiguredHash(from_file, HashSource.FILE) if from_file else None


def secrets_paths(cwd: Path | None = None, home: Path | None = None) -> list[Path]:
    """Streamlit's default secrets files, in load order (later files win)."""
    cwd = Path.cwd() if cwd is None else cwd
    home = Path.home() if home is None else home
    return [home / ".streamlit" / "secrets.toml", cwd / ".streamlit" / "secrets.toml"]


def read_secrets(paths: Sequence[Path], err: TextIO | None = None) -> dict[str, Any]:
    """Read and merge the secrets files that exist (top-level keys of later files win)."""
    merged: dict[str, Any] = {}
    for path in paths:
        try:
            with path.open("rb") as fp:
                merged.update(tomllib.load(fp))
        except FileNotFoundError:
            continue
        except (OSError, tomllib.TOMLDecodeError) as exc:
            print(f"Advarsel: {path} kunne ikke leses ({exc}); den hoppes over.", file=err or sys.stderr)
    return merged


def init_admin_password(
    secrets_: Mapping[str, Any],
    env: Mapping[str, str] | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> bool:
    """First start: make a random admin password, store only its hash (mode 0600), print it once.

    Does nothing when OIDC or a password hash is already configured. Returns True when a
    password was made.
    """
    if oidc_configured(secrets_):
        return False
    configured = configured_hash(secrets_, env)
    if configured is not None:
        if parse_hash(configured.value) is None:
            print(
                f"Advarsel: administratorpassordet i {configured.source.value} er ikke en gyldig hash; "
                "lag en ny med «python -m byr_data.auth hash».",
                file=err or sys.stderr,
            )
        return False
    path = hash_file(env)
    path.parent.mkdir(parents=True, exist_ok=True)
    password = secrets.token_urlsafe(12)
    try:
        # O_EXCL: two simultaneous first starts can't both write (and print) a password.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    with os.fdopen(fd, "w", encoding="utf-8") as fp:
        os.fchmod(fp.fileno(), 0o600)
        fp.write(hash_password(password) + "\n")
    print(INIT_MESSAGE.format(password=password), file=out or sys.stdout, flush=True)
    return True


# --- Throttling wrong passwords --------------------------------------------------------------


def delay_for(failures: int) -> float:
    """Seconds before the next attempt after the ``failures``-th wrong password in a row: 1, 2, 4, … 30."""
    if failures <= 0:
        return 0.0
    return float(min(2 ** min(failures - 1, 16), MAX_DELAY_SECONDS))


class Verdict(enum.Enum):
    """The answer to one login attempt."""

    ACCEPTED = "accepted"
    REFUSED = "refused"
    TOO_EARLY = "too_early"


@dataclass(frozen=True)
class LoginAttempt:
    """A login attempt's verdict; for ``TOO_EARLY`` also how many seconds are left to wait."""

    verdict: Verdict
    wait_seconds: float = 0.0


class LoginThrottle:
    """A growing "not before" time per attacker, checked without waiting.

    An attempt names its keys (its session, and its source address when known). Each wrong
    password pushes the keys' next allowed attempt 1, 2, 4 … 30 seconds into the future; an
    attempt before then is answered at once with the time left, without checking the
    password. Nothing sleeps and the lock is never held during the password check, so
    wrong guesses from one session or source never delay a login from another. The delay is
    claimed before the check, so parallel attempts on the same key get one guess per window;
    a right password clears its keys again.
    """

    #: Keys remembered; the oldest are forgotten first.
    MAX_KEYS = 10_000

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        # key -> (wrong passwords in a row, clock time before which no attempt is checked)
        self._keys: OrderedDict[str, tuple[int, float]] = OrderedDict()

    def failures(self, key: str) -> int:
        """Wrong passwords in a row counted for ``key``."""
        with self._lock:
            return self._keys.get(key, (0, 0.0))[0]

    def attempt(self, keys: Sequence[str], check: Callable[[], bool]) -> LoginAttempt:
        """Run ``check`` (the password comparison) unless one of ``keys`` must still wait."""
        now = self._clock()
        with self._lock:
            wait = max((self._keys[k][1] - now for k in keys if k in self._keys), default=0.0)
            if wait > 0:
                return LoginAttempt(Verdict.TOO_EARLY, wait)
            for key in keys:
                count = self._keys.pop(key, (0, 0.0))[0] + 1
                self._keys[key] = (count, now + delay_for(count))
            while len(self._keys) > self.MAX_KEYS:
                self._keys.popitem(last=False)
        if not check():
            return LoginAttempt(Verdict.REFUSED)
        with self._lock:
            for key in keys:
                self._keys.pop(key, None)
        return LoginAttempt(Verdict.ACCEPTED)


# --- The admin session -----------------------------------------------------------------------

#: Session-state key of the admin session; not a widget key, so no browser can set it.
SESSION_KEY = "_byr_admin_session"


class Method(enum.Enum):
    """How the administrator logged in."""

    PASSWORD = "password"
    OIDC = "oidc"


class SessionStatus(enum.Enum):
    """The admin session after a check."""

    NONE = "none"
    ACTIVE = "active"
    EXPIRED = "expired"


@dataclass(frozen=True)
class AdminSession:
    """A logged-in administrator: how, who, when logged in and when last active (clock seconds).

    ``login_id`` names the server-side login (:class:`LoginSessions`) of a password login.
    """

    method: Method
    author: str
    login_at: float
    last_activity: float
    login_id: str | None = None


# st.session_state (a MutableMapping keyed by str | int), or a plain dict in the tests.
SessionState = MutableMapping[Any, Any]


def start_admin_session(state: SessionState, method: Method, author: str, now: float, login_id: str | None = None) -> AdminSession:
    """Record an admin login in the session state."""
    session = AdminSession(method, author, now, now, login_id)
    state[SESSION_KEY] = session
    return session


def end_admin_session(state: SessionState) -> None:
    """Forget the admin login."""
    state.pop(SESSION_KEY, None)


def current_admin_session(state: SessionState) -> AdminSession | None:
    """The recorded admin session, without checking its age."""
    session = state.get(SESSION_KEY)
    return session if isinstance(session, AdminSession) else None


def check_admin_session(
    state: SessionState,
    now: float,
    timeout: float = IDLE_TIMEOUT_SECONDS,
) -> SessionStatus:
    """Expire the admin session after ``timeout`` seconds without use; otherwise mark it used now."""
    session = current_admin_session(state)
    if session is None:
        return SessionStatus.NONE
    if now - session.last_activity > timeout:
        end_admin_session(state)
        return SessionStatus.EXPIRED
    state[SESSION_KEY] = AdminSession(session.method, session.author, session.login_at, max(now, session.last_activity), session.login_id)
    return SessionStatus.ACTIVE


# --- Logins that outlive a page reload ------------------------------------------------------


def idle_timeout(env: Mapping[str, str] | None = None) -> float:
    """The idle timeout in seconds: ``BYR_ADMIN_IDLE_SECONDS`` when it is a whole number from 1 to 1800, else 1800.

    The variable can only shorten the limit, never lengthen it.
    """
    env = os.environ if env is None else env
    try:
        seconds = int(env.get(ENV_IDLE_SECONDS, "").strip())
    except ValueError:
        return float(IDLE_TIMEOUT_SECONDS)
    return float(seconds) if 1 <= seconds <= IDLE_TIMEOUT_SECONDS else float(IDLE_TIMEOUT_SECONDS)


class LoginStatus(enum.Enum):
    """A server-side login after a check."""

    ACTIVE = "active"
    EXPIRED = "expired"
    REVOKED = "revoked"
    UNKNOWN = "unknown"


@dataclass
class _Login:
    method: Method
    author: str
    last_activity: float
    identity: str | None = None
    revoked_at: float | None = None


class LoginSessions:
    """Server-side admin logins (password or OIDC): what a reloaded page (a new Streamlit session) finds again through a cookie.

    A login is a random id with an idle expiry and can be revoked; the browser holds only the id
    with an HMAC-SHA256 signature (:meth:`cookie_value`), set as an HTTP-only cookie by
    :mod:`byr_data.login_routes` in exchange for a single-use token that expires after
    :attr:`TOKEN_SECONDS`. The key is random per instance, i.e. per server start: like the logins
    themselves (process memory), it does not survive a restart, so a restart logs everyone out.
    Module-level instance :data:`LOGINS`: the web server and every session's script thread share
    it, so it is guarded by a lock. Times are clock seconds passed in by the caller.
    """

    #: Logins remembered (active or ended); the oldest are forgotten first.
    MAX_LOGINS = 1_000
    #: How long the token that sets the cookie can be used.
    TOKEN_SECONDS = 60.0
    #: An ended login is remembered this long after it could last have been used, to tell why it ended.
    FORGET_AFTER_SECONDS = 12 * 3600.0
    _CONTEXT = b"byr-admin-login:"
    _MAX_COOKIE_CHARS = 200

    def __init__(self, timeout: float | None = None, key: bytes | None = None) -> None:
        self.timeout = idle_timeout() if timeout is None else timeout
        self._key = secrets.token_bytes(32) if key is None else key
        self._lock = threading.Lock()
        self._logins: OrderedDict[str, _Login] = OrderedDict()
        self._tokens: OrderedDict[str, tuple[str, float]] = OrderedDict()  # token -> (login id, issued at)

    def start(self, author: str, now: float, method: Method = Method.PASSWORD, identity: str | None = None) -> str:
        """Record a new login by ``author`` at ``now``; returns its id.

        ``identity`` names what the login was made from when that can be shown again (an OIDC
        identity: e-mail and issue time), so :meth:`identity_revoked` can refuse it after a logout.
        """
        login_id = secrets.token_urlsafe(32)
        with self._lock:
            for old in [i for i, login in self._logins.items() if now - login.last_activity > self.timeout + self.FORGET_AFTER_SECONDS]:
                del self._logins[old]
            self._logins[login_id] = _Login(method, author, now, identity)
            while len(self._logins) > self.MAX_LOGINS:
                self._logins.popitem(last=False)
        return login_id

    def _status(self, login: _Login | None, now: float) -> LoginStatus:
        if login is None:
            return LoginStatus.UNKNOWN
        expires = login.last_activity + self.timeout
        if login.revoked_at is not None and login.revoked_at <= expires:
            return LoginStatus.REVOKED
        return LoginStatus.EXPIRED if now > expires else LoginStatus.ACTIVE

    def check(self, login_id: str | None, now: float, *, touch: bool = True) -> LoginStatus:
        """The login's status at ``now``; an active login counts as used now unless ``touch`` is False."""
        if login_id is None:
            return LoginStatus.UNKNOWN
        with self._lock:
            login = self._logins.get(login_id)
            status = self._status(login, now)
            if status is LoginStatus.ACTIVE and touch and login is not None:
                login.last_activity = max(login.last_activity, now)
        return status

    def owner(self, login_id: str | None) -> tuple[Method, str] | None:
        """How and by whom the login was made, while it is remembered."""
        with self._lock:
            login = self._logins.get(login_id) if login_id is not None else None
        return (login.method, login.author) if login is not None else None

    def identity_revoked(self, identity: str) -> bool:
        """True when a remembered login made from ``identity`` was logged out."""
        with self._lock:
            return any(login.identity == identity and login.revoked_at is not None for login in self._logins.values())

    def revoke(self, login_id: str | None, now: float) -> None:
        """End the login now, for every session that uses it; its cookie is worthless from now on."""
        if login_id is None:
            return
        with self._lock:
            login = self._logins.get(login_id)
            if login is not None and login.revoked_at is None:
                login.revoked_at = now

    def issue_token(self, login_id: str, now: float) -> str:
        """A single-use token that :meth:`redeem` exchanges for the login's cookie within :attr:`TOKEN_SECONDS`."""
        token = secrets.token_urlsafe(32)
        with self._lock:
            for old in [t for t, (_i, issued) in self._tokens.items() if now - issued > self.TOKEN_SECONDS]:
                del self._tokens[old]
            self._tokens[token] = (login_id, now)
            while len(self._tokens) > self.MAX_LOGINS:
                self._tokens.popitem(last=False)
        return token

    def token_pending(self, token: str, now: float) -> bool:
        """True while ``token`` can still be redeemed."""
        with self._lock:
            entry = self._tokens.get(token)
        return entry is not None and now - entry[1] <= self.TOKEN_SECONDS

    def redeem(self, token: str, now: float) -> str | None:
        """The cookie value for the token's login, once; None for an unknown, used or expired token or an ended login."""
        with self._lock:
            entry = self._tokens.pop(token, None)
        if entry is None or now - entry[1] > self.TOKEN_SECONDS:
            return None
        login_id = entry[0]
        return self.cookie_value(login_id) if self.check(login_id, now) is LoginStatus.ACTIVE else None

    def _signature(self, login_id: str) -> str:
        digest = hmac.new(self._key, self._CONTEXT + login_id.encode("ascii", "replace"), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")

    def cookie_value(self, login_id: str) -> str:
        """``<login id>.<signature>``: what the cookie holds."""
        return f"{login_id}.{self._signature(login_id)}"

    def login_id(self, cookie: object) -> str | None:
        """The login id in a cookie value when its signature is ours; None for anything else."""
        if not isinstance(cookie, str) or len(cookie) > self._MAX_COOKIE_CHARS or "." not in cookie:
            return None
        login_id, signature = cookie.rsplit(".", 1)
        if not login_id.isascii() or not hmac.compare_digest(signature.encode("ascii", "replace"), self._signature(login_id).encode("ascii")):
            return None
        return login_id


#: The one login registry of the process.
LOGINS = LoginSessions()


# --- Command line ----------------------------------------------------------------------------


def _cmd_hash(getpass: Callable[[str], str], out: TextIO, err: TextIO) -> int:
    password = getpass("Nytt administratorpassord: ")
    if not password:
        print("Passordet kan ikke være tomt.", file=err)
        return 1
    if len(password) > MAX_PASSWORD_CHARS:
        print(f"Passordet kan ha høyst {MAX_PASSWORD_CHARS} tegn.", file=err)
        return 1
    if getpass("Gjenta passordet: ") != password:
        print("Passordene er ikke like.", file=err)
        return 1
    print(hash_password(password), file=out)
    return 0


def main(
    argv: Sequence[str] | None = None,
    *,
    env: Mapping[str, str] | None = None,
    secrets_files: Sequence[Path] | None = None,
    getpass: Callable[[str], str] = getpass_module.getpass,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """``python -m byr_data.auth {hash,init}``."""
    out = out or sys.stdout
    err = err or sys.stderr
    parser = argparse.ArgumentParser(prog="python -m byr_data.auth", description="Administratortilgang for dashbordet.")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("hash", help="les et passord og skriv ut hashen (til BYR_ADMIN_PASSWORD_HASH eller secrets.toml)")
    commands.add_parser("init", help="første start: lag et tilfeldig administratorpassord hvis ingen innlogging er satt opp")
    args = parser.parse_args(argv)
    if args.command == "hash":
        return _cmd_hash(getpass, out, err)
    files = secrets_paths() if secrets_files is None else secrets_files
    init_admin_password(read_secrets(files, err), env, out, err)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
