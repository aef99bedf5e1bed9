"""Safe defaults for a server: localhost unless told otherwise, no traceback for a visitor."""

from __future__ import annotations

import logging
import re
import tomllib

from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

SECRET_DETAIL = "hemmelig-detalj /srv/byr/data/byr.sqlite"


def test_config_hides_error_details_from_visitors():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none"


def test_make_run_listens_on_localhost_unless_byr_address_says_otherwise():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^BYR_ADDRESS \?= 127\.0\.0\.1$", makefile, re.MULTILINE)
    assert "streamlit run dashboard.py --server.port $(PORT) --server.address $(BYR_ADDRESS)" in makefile


def _failing_overview(monkeypatch) -> AppTest:
    from byr_data import compute

    def broken(*_args, **_kwargs):
        raise RuntimeError(SECRET_DETAIL)

    monkeypatch.setattr(compute, "job_target", broken)  # the Oversikt page calls it
    return AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60).run()


def test_an_error_in_a_page_shows_a_norwegian_message_and_no_traceback(monkeypatch, caplog):
    with caplog.at_level(logging.ERROR, logger="byr_data.dashboard"):
        at = _failing_overview(monkeypatch)
    assert not at.exception  # Streamlit's exception box (with its traceback) never shows
    assert [e.value for e in at.main.error] == [
        "Noe gikk galt på denne siden. Feilen er logget på tjeneren; last siden på nytt, eller kontakt administratoren hvis det gjentar seg."
    ]
    shown = "\n".join(str(getattr(el, "value", "")) for el in at.main) + "\n".join(str(getattr(el, "value", "")) for el in at.sidebar)
    assert SECRET_DETAIL not in shown
    assert "Traceback" not in shown
    # The log has the details: message, page and the traceback with the exception.
    [record] = [r for r in caplog.records if r.name == "byr_data.dashboard"]
    assert record.getMessage() == "Uventet feil på siden oversikt"
    assert record.exc_info is not None and str(record.exc_info[1]) == SECRET_DETAIL


def test_the_sidebar_still_works_after_an_error_in_a_page(monkeypatch):
    at = _failing_overview(monkeypatch)
    assert "Administrator" in [m.value.strip("# ") for m in at.sidebar.markdown]
