"""Data is text: hostile HTML and markdown in every text field renders as text on every page and meeting screen.

The store holds the sample with :data:`tests.hostile.PAYLOAD` in every free-text cell, a hostile
file name, author and comment, and a report draft with hostile texts. Every page (the Data page
also as administrator, through an upload and a publish) and every meeting screen is rendered
through AppTest with and without a municipality filter, and every text an element carries is
checked: markdown bodies and labels must hold no unescaped tag, link, autolink, icon, colour or
formula; HTML bodies no tag; chart texts no tag for plotly.js to draw.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator

import pytest
from google.protobuf.message import Message
from streamlit.testing.v1 import AppTest

from byr_data import escape
from byr_data.reading import load
from byr_data.store import Store
from byr_data.web import registry
from tests.conftest import REPORT_DATE, ROOT
from tests.hostile import COMMENT, FILE_NAME, HOST, MARKER, PAYLOAD, hostile_workbook

PAGES = [page.file for page in registry.PAGES]
FILTERS = [{}, {"kommune": "3401,3415"}]
AUTHOR = f"admin{PAYLOAD}"

# Markdown that would become markup (a backslash before the character makes it text).
_MARKDOWN_MARKUP = [
    re.compile(r"(?<!\\)<[A-Za-z/!?]"),  # raw HTML, <autolink>
    re.compile(r"(?<!\\)\]\("),  # [link](…), ![image](…)
    re.compile(r"https?://|www\.|@[A-Za-z0-9]", re.IGNORECASE),  # GFM autolinks (split by the invisible joiner)
    re.compile(r":(?:red\[|material[/_]|streamlit:)"),  # Streamlit's colours, icons, logo
    re.compile(r"(?<!\\)\$x"),  # LaTeX
    re.compile(r"(?<!\\)\*\*fet"),  # emphasis
    re.compile(r"(?<!\\)`kode"),  # code
]
# An HTML body (st.html, st.markdown(unsafe_allow_html=True)) or a plotly text: no tag from data.
_TAG_FROM_DATA = re.compile(rf"<[^<>]*{MARKER}")
#: Proto fields shown as plain text (never markdown): options and values of inputs.
_PLAIN_FIELDS = {"options", "default", "value", "raw_values", "formatted_options", "data", "spec"}


def _strings(message: Message, path: str = "") -> Iterator[tuple[str, str]]:
    """Every string field in a protobuf message, with its dotted path."""
    for field, value in message.ListFields():
        name = f"{path}.{field.name}" if path else field.name
        values = [value] if isinstance(value, (str, bytes, bool, int, float, Message)) else list(value)  # a repeated field
        for item in values:
            if isinstance(item, Message):
                yield from _strings(item, name)
            elif isinstance(item, str):
                yield name, item


def _nodes(node) -> Iterator:
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _nodes(child)


def _problems(at: AppTest, where: str) -> list[str]:
    """Every place where hostile data reaches a body unescaped."""
    problems = [f"{where}: exception {e.value}" for e in at.exception]
    for node in _nodes(at._tree):
        proto = getattr(node, "proto", None)
        if proto is None or not isinstance(proto, Message):
            continue
        kind = type(proto).__name__
        if kind == "PlotlyChart":
            spec = json.loads(proto.spec)
            texts = [s for _, s in _json_strings(spec)]
            problems += [f"{where}: plotly {t[:120]!r}" for t in texts if _TAG_FROM_DATA.search(t) or "$x^2$" in t]
            continue
        html_body = kind == "Html" or (kind == "Markdown" and proto.allow_html)
        for name, text in _strings(proto):
            if HOST not in text and MARKER not in text:
                continue
            if name.split(".")[-1] in _PLAIN_FIELDS or kind in ("Text", "Arrow", "TextArea"):
                continue
            if html_body:
                if _TAG_FROM_DATA.search(text):
                    problems.append(f"{where}: {kind}.{name} HTML {text[:160]!r}")
            else:
                found = [p.pattern for p in _MARKDOWN_MARKUP if p.search(text)]
                if found:
                    problems.append(f"{where}: {kind}.{name} {found} {text[:160]!r}")
    return problems


def _json_strings(value: object, path: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _json_strings(item, f"{path}.{key}")
    elif isinstance(value, list):
        for item in value:
            yield from _json_strings(item, path)
    elif isinstance(value, str):
        yield path, value


def _hostile_store() -> None:
    """Two versions (so «changed since» shows) and a report draft, all with hostile texts."""

    def earlier(workbook) -> None:
        goals = workbook["Mål"]
        goals.cell(3, 13).value = "Risiko"  # a status change for the highlights and screen 6
        activities = workbook["Aktiviteter"]
        activities.delete_rows(activities.max_row)  # one activity is new in the current version

    store = Store.open(None)
    for change in (earlier, None):
        data = hostile_workbook(change)
        result = load([(FILE_NAME, data)], REPORT_DATE)
        assert result.dataset is not None, [p.text() for p in result.report.errors]
        store.publish(result.dataset, [(FILE_NAME, data)], author=AUTHOR, comment=COMMENT)
    store.save_draft(dt.date.today(), {"summary": f"Sammendrag{PAYLOAD}"}, author=AUTHOR)


@pytest.fixture
def admin_password(monkeypatch) -> str:
    from byr_data import auth, auth_ui

    monkeypatch.setenv("BYR_ADMIN_PASSWORD_HASH", auth.hash_password("riktig-passord"))
    monkeypatch.setattr(auth_ui, "sleep", lambda seconds: None, raising=False)
    return "riktig-passord"


def test_hostile_text_is_escaped_on_every_page_and_meeting_screen(admin_password) -> None:
    from byr_data import auth_ui

    _hostile_store()
    problems: list[str] = []
    rendered = 0
    for query in FILTERS:
        for page in PAGES:
            at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
            for key, value in query.items():
                at.query_params[key] = value
            at.run()
            at.switch_page(str(ROOT / page)).run()
            problems += _problems(at, f"{page} {query}")
            rendered += 1
        for screen in range(1, 7):
            at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
            at.query_params.update({"modus": "mote", "skjerm": str(screen), **query})
            at.run()
            problems += _problems(at, f"møte {screen} {query}")
            rendered += 1

    # The administrator's Data page: a hostile upload (file name and cells), its preview, a publish with a hostile comment.
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60).run()
    at.switch_page(str(ROOT / "pages/data.py")).run()
    at.text_input(key=auth_ui.PASSWORD_KEY).input(admin_password)
    at.button(key=auth_ui.LOGIN_BUTTON_KEY).click().run()
    upload = hostile_workbook(lambda wb: wb["Mål"].cell(3, 13).__setattr__("value", "Forsinket"))
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    at.file_uploader(key="upload_files").set_value([(f"ny-{FILE_NAME}", upload, xlsx), (FILE_NAME + ".csv", b"\x00" + PAYLOAD.encode(), "text/csv")]).run()
    problems += _problems(at, "Data: opplasting med feil")
    at.file_uploader(key="upload_files").set_value([(f"ny-{FILE_NAME}", upload, xlsx)]).run()
    problems += _problems(at, "Data: forhåndsvisning")
    at.text_input(key="publish_comment").input(COMMENT).run()
    at.button(key="publish").click().run()
    problems += _problems(at, "Data: publisert")
    rendered += 3

    assert rendered == 2 * (len(PAGES) + 6) + 3
    assert not problems, "\n".join(problems)
    assert any(escape.md(COMMENT) in c.value for c in at.caption), "the published comment is shown"
