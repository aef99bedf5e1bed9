"""The report as PDF: the Word document converted by LibreOffice in headless mode (optional).

LibreOffice (Debian's ``libreoffice-writer-nogui``) is found as ``soffice`` or ``libreoffice`` on
PATH, or where the environment variable ``BYR_SOFFICE`` points. Each conversion runs in a
temporary directory of its own, with a LibreOffice user profile that belongs to this process
(``-env:UserInstallation``): a LibreOffice the user has open, or another process converting at the
same time, neither blocks it nor is disturbed. Starting on a fresh profile takes longer (LibreOffice
fills it first), so the profile is kept for the life of the process and conversions in the process
take turns on it (a lock). A conversion that runs over its time is killed with its process group.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import shutil
import signal
import subprocess
import tempfile
import threading
from pathlib import Path

from byr_data import fmt
from byr_data.errors import printable

#: The environment variable that names the LibreOffice program (a path or a command name).
ENV = "BYR_SOFFICE"
#: Seconds a conversion may take; the sample's report takes 2–4 s here (the first one in a process longer).
TIMEOUT = 120.0
#: The PDF export's options (LibreOffice 7.4+ reads them as JSON): charts kept as drawn, lossless and at their own resolution
#: (the default re-encodes them as JPEG, which blurs thin lines and small text), a tagged PDF (headings, reading order:
#: screen readers and the public sector's accessibility rules) that shows the document's title rather than its file name.
EXPORT_FILTER = "pdf:writer_pdf_Export:" + json.dumps({
    name: {"type": "boolean", "value": "true" if on else "false"}
    for name, on in (("UseLosslessCompression", True), ("ReduceImageResolution", False), ("UseTaggedPDF", True), ("DisplayPDFDocTitle", True))
}, separators=(",", ":"))
#: What is missing, said the same way on the web and in the command line (each adds what to do).
MISSING = "PDF krever LibreOffice (Debian-pakken libreoffice-writer-nogui)."


class PdfError(Exception):
    """A PDF could not be made; the message is for the user, in Norwegian."""


class PdfUnavailable(PdfError):
    """LibreOffice is not installed (or ``BYR_SOFFICE`` names no program)."""


class PdfFailed(PdfError):
    """LibreOffice ran but gave no PDF, or ran out of time."""


def soffice() -> str | None:
    """The LibreOffice program to run: ``BYR_SOFFICE`` if set (then only that), else ``soffice`` or ``libreoffice`` on PATH."""
    chosen = os.environ.get(ENV)
    if chosen:
        return shutil.which(chosen)
    return shutil.which("soffice") or shutil.which("libreoffice")


def available() -> bool:
    """Whether a PDF can be made here (LibreOffice is found)."""
    return soffice() is not None


def require() -> str:
    """The LibreOffice program, or :class:`PdfUnavailable` saying what is missing and what to do."""
    program = soffice()
    if program is not None:
        return program
    if os.environ.get(ENV):
        raise PdfUnavailable(f"{MISSING} {ENV} peker på «{printable(os.environ[ENV])}», som ikke er et program her. "
                             "Rett stien, eller bruk Word-filen.")
    raise PdfUnavailable(f"{MISSING} Installer den (apt-get install libreoffice-writer-nogui), eller bruk Word-filen.")


_lock = threading.Lock()
_profile: Path | None = None


def _own_profile() -> Path:
    """This process's LibreOffice profile directory (created on first use, removed at exit). Call with the lock held."""
    global _profile
    if _profile is None:
        _profile = Path(tempfile.mkdtemp(prefix="byr-libreoffice-profile-"))
        atexit.register(shutil.rmtree, _profile, True)
    return _profile


def _drop_profile() -> None:
    """Forget a profile a killed LibreOffice may have left locked or half written; the next conversion starts a new one."""
    global _profile
    if _profile is not None:
        shutil.rmtree(_profile, ignore_errors=True)
        _profile = None


def docx_to_pdf(docx: bytes, timeout: float = TIMEOUT) -> bytes:
    """The Word document ``docx`` as PDF bytes, converted by LibreOffice.

    Raises :class:`PdfUnavailable` without LibreOffice and :class:`PdfFailed` when it gives no
    PDF or takes longer than ``timeout`` seconds (it is then killed, with everything it started).
    """
    program = require()
    with _lock, tempfile.TemporaryDirectory(prefix="byr-pdf-") as work:
        source = Path(work) / "rapport.docx"
        source.write_bytes(docx)
        profile = _own_profile()
        command = [program, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--invisible", "--nologo", "--norestore",
                   "--nolockcheck", "--nodefault", "--convert-to", EXPORT_FILTER, "--outdir", work, str(source)]
        # A session of its own: on a timeout the whole group goes (soffice starts oosplash and soffice.bin).
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   start_new_session=True, cwd=work)
        try:
            _, err = process.communicate(timeout=timeout)
        except BaseException as error:  # the time is up, or this thread is stopped: LibreOffice must not live on
            _kill_group(process)
            _drop_profile()
            if not isinstance(error, subprocess.TimeoutExpired):
                raise
            seconds = fmt.number(timeout, decimals=0 if float(timeout).is_integer() else 1)
            raise PdfFailed(f"LibreOffice brukte mer enn {seconds} sekunder på å lage PDF-en og ble stoppet. "
                            "Prøv igjen, eller bruk Word-filen.") from None
        result = source.with_suffix(".pdf")
        if process.returncode != 0 or not result.is_file():
            raise PdfFailed(f"LibreOffice kunne ikke lage PDF-en ({_what_it_said(err, process.returncode)}). Prøv igjen, eller bruk Word-filen.")
        return result.read_bytes()


def _what_it_said(stderr: bytes, code: int) -> str:
    """LibreOffice's own words for a failure: its last «Error: …» line (it warns about Java on every start), else its exit code."""
    lines = [line.strip() for line in stderr.decode("utf-8", "replace").splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("Error")]
    if errors or lines:
        return f"meldingen fra LibreOffice: «{printable((errors or lines)[-1])}»"
    return f"avslutningskode {code}"


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    """Kill the conversion and everything it started (its session's process group), and wait for it."""
    with contextlib.suppress(ProcessLookupError):  # already gone
        os.killpg(process.pid, signal.SIGKILL)
    process.communicate()
