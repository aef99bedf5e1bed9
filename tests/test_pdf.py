"""The report as PDF (issue 13, item 5 and «Done when»): LibreOffice in headless mode, the CLI's
``report --out x.pdf`` and the «Last ned som PDF» button.

The sample's report per 15.02.2016 and per today is converted through the CLI, checked with
poppler's ``pdfinfo`` (A4, at most 8 pages) and ``pdftotext`` (every heading of the seed report),
and every page is rendered with ``pdftoppm`` to tests/screenshots/rapport-<date>-<page>.png to be
looked at. In CI (``CI=true``) a missing LibreOffice or poppler fails those tests; elsewhere they are
skipped with the reason. The messages without LibreOffice, on a timeout and on a failed conversion
are tested with fake programs, so they run everywhere.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from byr_data import pdf
from byr_data.cli import main
from tests.conftest import REPORT_DATE, ROOT, SAMPLE

SHOTS = ROOT / "tests" / "screenshots"
POPPLER = ("pdfinfo", "pdftotext", "pdftoppm", "pdfimages")
#: The headings of the seed report (/work/shared/seed/statusrapport-2016-02-15.txt), the date part of the title aside.
HEADINGS = [
    "Glåmdalsregionen",
    "Beskrive eventuelle organisatoriske endringer i forhold til prosjektplanen",
    "Evt. presisering av mål for prosjektet",
    "Beskrivelse av aktivitetene fram til nå",
    "Vurdering av framdriften i arbeidet i forhold til prosjektplanen",
]
MISSING_HERE = ("PDF krever LibreOffice (Debian-pakken libreoffice-writer-nogui). "
                "Installer den (apt-get install libreoffice-writer-nogui), eller bruk Word-filen.")


@pytest.fixture
def tools() -> None:
    """LibreOffice and poppler-utils, or a skip (a failure in CI, where .ci/run installs them)."""
    missing = ([] if pdf.available() else ["LibreOffice (libreoffice-writer-nogui)"]) + [t for t in POPPLER if shutil.which(t) is None]
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true, men {', '.join(missing)} mangler: .ci/run skal installere libreoffice-writer-nogui og poppler-utils.")
        pytest.skip(f"{', '.join(missing)} er ikke installert (apt-get install libreoffice-writer-nogui poppler-utils); PDF-testen hoppes over.")


def _run(*argv: str) -> str:
    return subprocess.run(list(argv), check=True, capture_output=True, text=True).stdout


def _words(text: str) -> str:
    """Text as one line of words: ligatures and compatibility forms unfolded, line breaks and runs of space as one space."""
    return " ".join(unicodedata.normalize("NFKC", text).replace("\u00ad", "").split())


def _without_hyphenation(text: str) -> str:
    """A word broken at a line end with a hyphen joined again («prosjekt-\\nplanen» -> «prosjektplanen»)."""
    return re.sub(r"(\w)-\n\s*(\w)", r"\1\2", text)


# --- the sample's report as PDF: the «Done when» of issue 13 ----------------------------------------


@pytest.mark.parametrize("day", [REPORT_DATE, dt.date.today()], ids=["2016-02-15", "today"])
def test_the_samples_report_converts_to_an_a4_pdf_with_every_heading(day: dt.date, tools, tmp_path: Path, capsys) -> None:
    out = tmp_path / "rapport.pdf"
    code = main(["report", "--date", day.isoformat(), "--out", str(out), str(SAMPLE)])
    assert (code, capsys.readouterr().err) == (0, "")
    assert out.read_bytes().startswith(b"%PDF-")

    text = _run("pdftotext", "-layout", str(out), "-")
    found = _words(text) + "\n" + _words(_without_hyphenation(text))
    title = f"Utviklingsprogrammet for byregioner – Fase 2: Rapportering pr. {day:%d.%m.%Y}"
    assert [h for h in [title, *HEADINGS] if h not in found] == []

    SHOTS.mkdir(parents=True, exist_ok=True)
    for old in SHOTS.glob(f"rapport-{day:%Y-%m-%d}-*.png"):
        old.unlink()
    _run("pdftoppm", "-png", "-r", "100", str(out), str(SHOTS / f"rapport-{day:%Y-%m-%d}"))
    info = dict(line.split(":", 1) for line in _run("pdfinfo", str(out)).splitlines() if ":" in line)
    pages = int(info["Pages"])
    # pdftoppm numbers pages with as many digits as the last page needs: rapport-2016-02-15-1.png … -8.png.
    assert sorted(p.name for p in SHOTS.glob(f"rapport-{day:%Y-%m-%d}-*.png")) == sorted(
        f"rapport-{day:%Y-%m-%d}-{n:0{len(str(pages))}d}.png" for n in range(1, pages + 1))
    assert 1 <= pages <= 8
    # The export options took: a tagged PDF, and the charts kept lossless (LibreOffice's default re-encodes them as JPEG).
    assert info["Tagged"].strip() == "yes"
    assert [line for line in _run("pdfimages", "-list", str(out)).splitlines()[2:] if line.split()[8] == "jpeg"] == []
    # A4 is 210 × 297 mm = 595.28 × 841.89 points; pdfinfo prints «595.276 x 841.89 pts (A4)» (also the first page's size).
    width, height = (float(v) for v in re.findall(r"[\d.]+", info["Page size"])[:2])
    assert (round(width), round(height)) == (595, 842), info["Page size"]


# --- the command line -------------------------------------------------------------------------------


def test_cli_report_refuses_an_unknown_extension_before_building(tmp_path: Path, capsys) -> None:
    out = tmp_path / "rapport.odt"
    code = main(["report", "--date", "2016-02-15", "--out", str(out), str(SAMPLE)])
    assert (code, capsys.readouterr().err) == (1, f"Filen {out} må slutte på .docx (Word) eller .pdf (PDF).\n")
    assert not out.exists()


def test_cli_report_pdf_without_libreoffice_says_what_is_missing(tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(pdf.ENV, raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "tom"))
    out = tmp_path / "rapport.pdf"
    code = main(["report", "--date", "2016-02-15", "--out", str(out), str(SAMPLE)])
    assert (code, capsys.readouterr().err) == (1, MISSING_HERE + "\n")
    assert not out.exists()


def test_cli_report_pdf_with_byr_soffice_pointing_nowhere_names_the_variable(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv(pdf.ENV, str(tmp_path / "soffice"))
    code = main(["report", "--date", "2016-02-15", "--out", str(tmp_path / "rapport.pdf"), str(SAMPLE)])
    assert (code, capsys.readouterr().err) == (1, (
        f"PDF krever LibreOffice (Debian-pakken libreoffice-writer-nogui). BYR_SOFFICE peker på «{tmp_path / 'soffice'}», "
        "som ikke er et program her. Rett stien, eller bruk Word-filen.\n"))


def test_cli_report_docx_does_not_need_libreoffice(tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(pdf.ENV, str(tmp_path / "soffice"))
    out = tmp_path / "rapport.DOCX"
    assert main(["report", "--date", "2016-02-15", "--out", str(out), str(SAMPLE)]) == 0
    assert out.read_bytes()[:2] == b"PK"  # a zip: the Word document, not a PDF


# --- the conversion, with fake LibreOffice programs -------------------------------------------------


def _fake_soffice(tmp_path: Path, body: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A shell script standing in for soffice, named by BYR_SOFFICE; its arguments are appended to calls.txt."""
    script = tmp_path / "soffice"
    script.write_text(f'#!/bin/sh\necho "$@" >> "{tmp_path}/calls.txt"\n{body}\n')
    script.chmod(0o755)
    monkeypatch.setenv(pdf.ENV, str(script))
    return script


#: Writes «PDF» to the file --convert-to would write: the argument after --outdir, the docx's name with .pdf.
WRITES_PDF = 'while [ "$1" != "--outdir" ]; do shift; done; out="$2"; name=$(basename "$3" .docx); printf "%%PDF-fake" > "$out/$name.pdf"'


def test_each_conversion_works_in_its_own_directory_with_the_process_profile(tmp_path: Path, monkeypatch) -> None:
    _fake_soffice(tmp_path, WRITES_PDF, monkeypatch)
    monkeypatch.setattr(pdf, "_profile", None)

    assert pdf.docx_to_pdf(b"docx") == b"%PDF-fake"
    assert pdf.docx_to_pdf(b"docx") == b"%PDF-fake"

    first, second = (line.split() for line in (tmp_path / "calls.txt").read_text().splitlines())
    profile = pdf._profile
    assert profile is not None and profile.is_dir()
    # One profile for the process (the second start is the faster one), never the user's own ~/.config/libreoffice.
    assert first[0] == second[0] == f"-env:UserInstallation={profile.as_uri()}"
    assert {"--headless", "--norestore", "--convert-to"} <= set(first)
    outdirs = [call[call.index("--outdir") + 1] for call in (first, second)]
    assert outdirs[0] != outdirs[1] and not any(Path(d).exists() for d in outdirs)  # a new directory each time, removed after


def test_a_conversion_that_runs_over_time_is_killed_with_everything_it_started(tmp_path: Path, monkeypatch) -> None:
    # The script starts a child (as soffice starts soffice.bin) and waits for it; both note their process id.
    _fake_soffice(tmp_path, f'echo $$ > "{tmp_path}/pids"; sleep 300 & echo $! >> "{tmp_path}/pids"; wait', monkeypatch)
    monkeypatch.setattr(pdf, "_profile", None)

    with pytest.raises(pdf.PdfFailed) as error:
        pdf.docx_to_pdf(b"docx", timeout=2)

    assert str(error.value) == "LibreOffice brukte mer enn 2 sekunder på å lage PDF-en og ble stoppet. Prøv igjen, eller bruk Word-filen."
    for pid in (tmp_path / "pids").read_text().split():
        assert _gone(int(pid)), f"prosess {pid} lever fortsatt"
    assert pdf._profile is None  # a killed LibreOffice may leave its profile locked: the next conversion starts a new one


def _gone(pid: int) -> bool:
    """No such process, or only its exit status is left (a zombie nobody has reaped yet)."""
    try:
        status = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return True
    return status.rsplit(")", 1)[1].split()[0] in ("Z", "X")


COULD_NOT_LOAD = ("LibreOffice kunne ikke lage PDF-en (meldingen fra LibreOffice: «Error: source file could not be loaded»). "
                  "Prøv igjen, eller bruk Word-filen.")


def test_a_conversion_without_a_pdf_names_what_libreoffice_said(tmp_path: Path, monkeypatch) -> None:
    # As LibreOffice 7.4 does: a warning about Java first, then the error, and exit code 0 with no file written.
    _fake_soffice(tmp_path, 'echo "Warning: failed to launch javaldx" >&2; echo "Error: source file could not be loaded" >&2; '
                            'echo "Warning: later" >&2', monkeypatch)
    with pytest.raises(pdf.PdfFailed) as error:
        pdf.docx_to_pdf(b"not a docx")
    assert str(error.value) == COULD_NOT_LOAD


def test_a_conversion_that_dies_silently_gives_its_exit_code(tmp_path: Path, monkeypatch) -> None:
    _fake_soffice(tmp_path, "exit 81", monkeypatch)
    with pytest.raises(pdf.PdfFailed) as error:
        pdf.docx_to_pdf(b"docx")
    assert str(error.value) == "LibreOffice kunne ikke lage PDF-en (avslutningskode 81). Prøv igjen, eller bruk Word-filen."


def test_a_broken_word_file_gets_libreoffices_error_from_the_real_program(tools) -> None:
    with pytest.raises(pdf.PdfFailed) as error:
        pdf.docx_to_pdf(b"PK\x03\x04 not a zip after all")
    assert str(error.value) == COULD_NOT_LOAD


def test_soffice_is_found_on_path_or_where_byr_soffice_points(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    script = _fake_soffice(tmp_path, "", monkeypatch)
    assert (pdf.soffice(), pdf.available()) == (str(script), True)
    monkeypatch.delenv(pdf.ENV)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert pdf.soffice() == str(script)  # «soffice» on PATH
    monkeypatch.setenv("PATH", str(tmp_path / "tom"))
    assert (pdf.soffice(), pdf.available()) == (None, False)
    with pytest.raises(pdf.PdfUnavailable) as error:
        pdf.docx_to_pdf(b"docx")
    assert str(error.value) == MISSING_HERE


# --- the web page -----------------------------------------------------------------------------------


def _report_page() -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90).run()
    at.switch_page(str(ROOT / "pages" / "report.py")).run()
    assert not at.exception
    return at


def _button(at: AppTest, label: str):
    [button] = [b for b in at.get("download_button") if b.proto.label == label]
    return button


def test_the_report_page_offers_the_pdf_made_when_clicked(tools, downloads) -> None:
    at = _report_page()

    assert not _button(at, "Last ned som PDF").proto.disabled
    [name] = [n for n in downloads if n.endswith(".pdf")]
    assert name == f"statusrapport-byr-glamdalen-{dt.date.today():%Y-%m-%d}.pdf"
    assert downloads[name]().startswith(b"%PDF-")  # what the click hands out
    assert not any("LibreOffice" in c.value for c in at.caption)


def test_without_libreoffice_the_pdf_button_explains_and_word_still_downloads(tmp_path: Path, monkeypatch, downloads) -> None:
    monkeypatch.setenv(pdf.ENV, str(tmp_path / "soffice"))
    at = _report_page()

    button = _button(at, "Last ned som PDF")
    explanation = ("PDF krever LibreOffice (Debian-pakken libreoffice-writer-nogui). Den er ikke installert på serveren, så PDF kan ikke "
                   "lages her. Word-filen kan lastes ned som vanlig; be den som drifter nettstedet, om å installere pakken.")
    assert (button.proto.disabled, button.proto.help) == (True, explanation)
    assert explanation in [c.value for c in at.caption]
    assert not [n for n in downloads if n.endswith(".pdf")]  # a disabled button leaves nothing to call
    word = _button(at, "Last ned rapporten (Word)")
    assert not word.proto.disabled and word.proto.url  # the document itself, already made
