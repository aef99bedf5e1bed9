"""Every page through Streamlit's AppTest: renders, shows its data, follows the municipality filter."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from byr_data.dataset import Version
from byr_data.web import registry
from tests import messages
from tests.conftest import ROOT

PAGES = {page.title: page.file for page in registry.PAGES}
#: The pages that show charts (the data page shows tables and the upload form, the report page texts).
CHART_PAGES = [page.title for page in registry.CHART_PAGES]


def _app(query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at.run()


def _open(page: str, query: dict[str, str] | None = None) -> AppTest:
    at = _app(query)
    return at.switch_page(PAGES[page]).run()


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _texts(at: AppTest) -> str:
    parts = [c.value for c in at.caption] + [m.value for m in at.markdown] + [i.value for i in at.info] + [w.value for w in at.warning]
    return "\n".join(str(p) for p in parts)


def _figures(at: AppTest) -> list[dict]:
    return [json.loads(el.proto.spec) for el in at.get("plotly_chart")]


@pytest.mark.parametrize("page", list(PAGES))
def test_page_renders_with_title_source_and_sample_notice(page: str) -> None:
    at = _open(page)
    assert not at.exception
    assert [t.value for t in at.title] == [page]
    assert "Data fra «byr_glamdalen.xlsx»" in _texts(at)
    assert "Eksempeldata" in _texts(at)
    if page in CHART_PAGES:
        assert _figures(at), "every page but the data page draws at least one chart"


@pytest.mark.parametrize("page", list(PAGES))
def test_page_keeps_the_frame_on_later_runs(page: str) -> None:
    """The url_path trap: without it AppTest runs a page without dashboard.py from its second run."""
    at = _open(page)
    at.run()
    assert not at.exception
    assert at.multiselect(key="kommune_filter") is not None
    assert [t.value for t in at.title] == [page]


def _store_connections(at: AppTest) -> int:
    """Store connections opened by one run of ``at`` (every store operation opens one)."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    opened = []

    def listener(_conn: object) -> None:
        opened.append(1)

    event.listen(Engine, "engine_connect", listener)
    try:
        at.run()
    finally:
        event.remove(Engine, "engine_connect", listener)
    assert not at.exception
    return len(opened)


@pytest.mark.parametrize("page", CHART_PAGES)
def test_a_rerun_reads_the_current_version_once_and_the_rest_from_the_caches(page: str) -> None:
    at = _open(page)
    at.run()  # warm: the version's data, the history and the computations are cached
    assert _store_connections(at) == 1


def test_a_version_published_elsewhere_shows_at_the_next_rerun(tmp_path) -> None:
    at = _app()
    at.run()
    assert "Versjon 1, publisert" in at.caption[0].value
    _publish_from_the_cli(tmp_path, 2_000_000, "Fra kommandolinjen")
    at.run()
    assert "Versjon 2, publisert" in at.caption[0].value
    assert [e.label for e in at.expander if e.label.startswith("Endret siden forrige versjon")] == [
        "Endret siden forrige versjon (versjon 1): 1 endring"
    ]


def test_overview_shows_job_and_budget_figures_for_the_region() -> None:
    at = _app()
    metrics = _metrics(at)
    # 2024: sum over the six members of (2024 − 2023) = +9; since 2014: +213 (see test_compute).
    assert metrics["Netto endring i arbeidsplasser 2024"] == "+9"
    assert metrics["Netto vekst 2014–2024"] == "+213"
    # The running year of the sample is 2016 (the latest with accounts): 1 750 000 + 2 250 000 − 120 000.
    assert metrics["Revidert budsjett 2016 (hele regionen)"] == "3 880 000 kr"


def test_filter_narrows_overview_jobs_to_kongsvinger() -> None:
    at = _app()
    at.multiselect(key="kommune_filter").set_value(["3401"]).run()
    metrics = _metrics(at)
    assert metrics["Netto endring i arbeidsplasser 2024"] == "−13"  # 8 689 − 8 702
    assert metrics["Netto vekst 2014–2024: Kongsvinger"] == "+319"  # 8 689 − 8 370
    assert at.query_params["kommune"] == "3401"


def test_filter_is_read_from_the_url() -> None:
    at = _open("Arbeidsplasser", {"kommune": "3401,0419"})  # an old code is accepted too
    assert at.multiselect(key="kommune_filter").value == ["3401", "3415"]
    assert "Viser Kongsvinger, Sør-Odal" in _texts(at)


def test_filter_survives_a_page_change_and_is_written_back_to_the_url() -> None:
    at = _app({"kommune": "3416"})
    at.switch_page(PAGES["Mål"]).run()
    assert at.multiselect(key="kommune_filter").value == ["3416"]
    assert at.query_params["kommune"] == "3416"


def test_filter_narrows_goals_but_keeps_whole_region_goals() -> None:
    at = _open("Mål")
    assert "Viser 25 av 25 mål" in _texts(at)
    at.multiselect(key="kommune_filter").set_value(["3401"]).run()
    # 25 goals, of which 4 belong to one municipality (3401, 3414, 3416, 3418): Kongsvinger keeps 21 + 1.
    assert "Viser 22 av 25 mål" in _texts(at)


def test_goal_status_filter_shows_only_that_status() -> None:
    at = _open("Mål")
    at.multiselect(key="goal_status").set_value(["Risiko"]).run()
    assert "Viser 3 av 25 mål" in _texts(at)


def test_filter_narrows_activities() -> None:
    at = _open("Aktiviteter")
    assert "Viser 12 aktiviteter av 12" in _texts(at)
    at.multiselect(key="kommune_filter").set_value(["3417"]).run()
    # A2 ("3401; 3416") and A11 ("3401") are tied to other municipalities; Grue keeps the other 10.
    assert "Viser 10 aktiviteter av 12" in _texts(at)


def test_filter_narrows_job_chart() -> None:
    at = _open("Arbeidsplasser")
    lines = next(f for f in _figures(at) if f["layout"]["title"]["text"].startswith("Sysselsatte per kommune"))
    assert len(lines["data"]) == 7
    at.multiselect(key="kommune_filter").set_value(["3401", "3415"]).run()
    lines = next(f for f in _figures(at) if f["layout"]["title"]["text"].startswith("Sysselsatte per kommune"))
    assert [trace["name"] for trace in lines["data"]] == ["Kongsvinger", "Sør-Odal"]


def test_budget_page_says_filter_does_not_apply_and_shows_the_changes() -> None:
    at = _open("Økonomi", {"kommune": "3401"})
    assert "kommunefilteret gjelder ikke denne siden" in _texts(at)
    metrics = _metrics(at)
    assert metrics["Opprinnelig budsjett 2016"] == "1 750 000 kr"
    assert metrics["Revidert budsjett 2016"] == "3 880 000 kr"
    assert metrics["Regnskap 2016"] == "162 400 kr"
    changes = at.dataframe[0].value
    assert list(changes["Beløp"]) == ["+2 250 000 kr", "−120 000 kr"]


def test_invalid_data_shows_norwegian_errors_instead_of_pages(tmp_path, monkeypatch) -> None:
    from tests.workbooks import make_workbook

    bad = tmp_path / "feil.xlsx"
    bad.write_bytes(make_workbook({"Budsjett": [["År", "Post", "Opprinnelig"], [2016, "Drift", "to millioner"]]}))
    monkeypatch.setenv("BYR_DATA", str(bad))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60).run()
    assert not at.exception
    assert "Dataene kunne ikke leses" in at.error[0].value
    assert any("rad 2, kolonne «Opprinnelig»: «to millioner» er ikke et tall" in m.value for m in at.markdown)


# --- any workbook in the format, not only the sample ----------------------------------------------

def _only(*titles: str) -> dict:
    from tests.workbooks import minimal_valid

    sheets = minimal_valid()
    return {title: sheets[title] for title in titles}


def _goals_without_strategic_goal() -> dict:
    goals = _only("Mål")["Mål"]
    kept = [row for row in goals if row[1] != "Strategisk mål"]
    return {"Mål": [[None if i == 2 and cell == "1" else cell for i, cell in enumerate(row)] for row in kept]}


@pytest.mark.parametrize(("name", "sheets"), [
    ("bare budsjett", lambda: _only("Budsjett")),
    ("bare sysselsetting", lambda: _only("Sysselsetting")),
    ("bare mål og aktiviteter", lambda: _only("Mål", "Aktiviteter")),
    ("mål uten strategisk mål", _goals_without_strategic_goal),
    ("alle ark", lambda: _only("Om", "Kommuner", "Mål", "Måleverdier", "Aktiviteter", "Budsjett", "Budsjettendringer", "Sysselsetting")),
])
@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_renders_any_subset_of_sheets(tmp_path, monkeypatch, name: str, sheets, page: str) -> None:
    from tests.workbooks import make_workbook

    path = tmp_path / "data.xlsx"
    path.write_bytes(make_workbook(sheets()))
    monkeypatch.setenv("BYR_DATA", str(path))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60).run()
    at.switch_page(PAGES[page]).run()
    assert not at.exception, f"{name}: {at.exception}"
    assert [t.value for t in at.title] == [page]
    assert "Eksempeldata" not in _texts(at) or name == "alle ark"  # real data is not labelled as a sample


# --- uploads go through the same reader; only the administrator publishes ----------------------

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PASSWORD = "riktig-passord"


@pytest.fixture
def admin_password(monkeypatch) -> str:
    from byr_data import auth, auth_ui

    monkeypatch.setenv("BYR_ADMIN_PASSWORD_HASH", auth.hash_password(PASSWORD))
    # A throttle of its own: AppTest gives every app the same session id, so a wrong password in
    # one test would make the next test's login wait.
    monkeypatch.setattr(auth_ui, "_THROTTLE", auth.LoginThrottle())
    return PASSWORD


def _admin_on_data_page(password: str) -> AppTest:
    from byr_data import auth_ui

    at = _open("Data")
    at.text_input(key=auth_ui.PASSWORD_KEY).input(password)
    at.button(key=auth_ui.LOGIN_BUTTON_KEY).click().run()
    return at


def test_data_page_has_no_admin_controls_without_login(admin_password) -> None:
    at = _open("Data")
    assert not at.exception
    assert "Logg inn som administrator i sidemenyen" in at.info[-1].value
    assert not [u for u in at.get("file_uploader")]
    assert not [b for b in at.button if b.key in ("publish", "rollback")]
    assert [t.value for t in at.table] or at.dataframe  # the history and downloads are open to everyone


def test_wrong_password_is_refused(admin_password) -> None:
    at = _admin_on_data_page("feil")
    assert any("Feil passord" in e.value for e in at.error)
    assert not [u for u in at.get("file_uploader")]


def test_refused_upload_lists_the_problems_and_leaves_the_data_as_it_was(admin_password) -> None:
    from tests.workbooks import make_workbook

    at = _admin_on_data_page(admin_password)
    bad = make_workbook({"Budsjett": [["År", "Post", "Opprinnelig"], [2016, "Drift", "to millioner"]]})
    at.file_uploader(key="upload_files").set_value([("budsjett.xlsx", bad, XLSX)]).run()
    assert not at.exception
    assert "Filene kan ikke publiseres: 1 feil. Dataene som vises, er uendret." in at.error[0].value
    assert any("«budsjett.xlsx», arket «Budsjett», rad 2, kolonne «Opprinnelig»: «to millioner» er ikke et tall" in m.value for m in at.markdown)
    assert not [b for b in at.button if b.key == "publish"]
    at.switch_page(PAGES["Økonomi"]).run()
    assert _metrics(at)["Revidert budsjett 2016"] == "3 880 000 kr"


def test_dangerous_upload_is_refused_with_a_message(admin_password) -> None:
    at = _admin_on_data_page(admin_password)
    at.file_uploader(key="upload_files").set_value([("makro.xlsx", b"\x00\x01 not a workbook", XLSX)]).run()
    assert not at.exception
    assert at.error and "Dataene som vises, er uendret" in at.error[0].value


def test_publish_replaces_only_the_uploaded_tables_and_every_page_shows_it(admin_password) -> None:
    from tests.workbooks import make_workbook

    at = _admin_on_data_page(admin_password)
    budget = make_workbook({"Budsjett": [["År", "Post", "Opprinnelig", "Revidert", "Regnskap"], [2016, "Drift", 1_000_000, 1_500_000, 10]]})
    at.file_uploader(key="upload_files").set_value([("nytt-budsjett.xlsx", budget, XLSX)]).run()
    assert not at.exception
    assert at.success[0].value == "Filene er kontrollert og kan publiseres."
    assert any("Erstattes av opplastingen: «Budsjett»" in m.value for m in at.markdown)
    at.text_input(key="publish_comment").input("Nytt budsjett").run()
    at.button(key="publish").click().run()
    assert not at.exception
    assert any("Publisert som versjon 2" in s.value for s in at.success)
    at.switch_page(PAGES["Økonomi"]).run()
    assert _metrics(at)["Revidert budsjett 2016"] == "1 500 000 kr"
    assert "Versjon 2, publisert" in _texts(at)
    at.switch_page(PAGES["Mål"]).run()
    assert "Viser 25 av 25 mål" in _texts(at)  # goals carried over from version 1
    at.switch_page(PAGES["Oversikt"]).run()
    assert any(e.label.startswith("Endret siden forrige versjon (versjon 1)") for e in at.expander)


def test_a_new_session_sees_a_publish_and_a_rollback_restores(admin_password) -> None:
    from tests.workbooks import make_workbook

    at = _admin_on_data_page(admin_password)
    budget = make_workbook({"Budsjett": [["År", "Post", "Opprinnelig", "Revidert", "Regnskap"], [2016, "Drift", 1_000_000, 1_500_000, 10]]})
    at.file_uploader(key="upload_files").set_value([("nytt-budsjett.xlsx", budget, XLSX)]).run()
    at.text_input(key="publish_comment").input("Nytt budsjett").run()
    at.button(key="publish").click().run()
    viewer = _open("Økonomi")  # another person, no login, same database
    assert _metrics(viewer)["Revidert budsjett 2016"] == "1 500 000 kr"
    at.selectbox(key="rollback_version").select(1).run()
    at.button(key="rollback").click().run()
    assert any("Versjon 1 er publisert på nytt som versjon 3" in s.value for s in at.success)
    viewer.run()
    assert _metrics(viewer)["Revidert budsjett 2016"] == "3 880 000 kr"


BUDGET_HEADER = ["År", "Post", "Opprinnelig", "Revidert", "Regnskap"]


def _publish_from_the_cli(tmp_path, revised: int, comment: str) -> None:
    """Another publication meanwhile, as `python -m byr_data publish` makes it (same database)."""
    from byr_data import cli
    from tests.workbooks import make_workbook

    path = tmp_path / f"cli-{revised}.xlsx"
    path.write_bytes(make_workbook({"Budsjett": [BUDGET_HEADER, [2016, "Drift", 1_000_000, revised, 10]]}))
    assert cli.main(["publish", str(path), "--comment", comment]) == 0


def _current() -> Version:
    from byr_data.store import Store

    with Store.open(None) as store:
        return store.current()


def _upload_preview(at: AppTest, start: str) -> list[str]:
    """The upload preview's expanders whose label starts with ``start`` (not the rollback's own preview)."""
    rollback = {id(e) for r in at.expander if r.label == "Tilbakestill til en tidligere versjon" for e in r.expander}
    return [e.label for e in at.expander if e.label.startswith(start) and id(e) not in rollback]


@pytest.mark.parametrize("comment_after_the_cli", [False, True], ids=["comment-first", "comment-last"])
def test_publish_refuses_when_another_version_came_after_the_preview_and_shows_a_fresh_one(
    admin_password, tmp_path, comment_after_the_cli: bool
) -> None:
    """Typing the comment last reruns the page after the other publication: the preview still counts."""
    from tests.workbooks import make_workbook

    at = _admin_on_data_page(admin_password)
    budget = make_workbook({"Budsjett": [BUDGET_HEADER, [2016, "Drift", 1_000_000, 1_500_000, 10]]})
    at.file_uploader(key="upload_files").set_value([("nytt-budsjett.xlsx", budget, XLSX)]).run()
    if not comment_after_the_cli:
        at.text_input(key="publish_comment").input("Nytt budsjett").run()
    # Against version 1 (the sample's 15 budget rows, none of them «Drift») the upload's row is new and all 15 go.
    assert _upload_preview(at, "«Budsjett»") == ["«Budsjett»: 1 nye, 15 fjernet"]

    _publish_from_the_cli(tmp_path, 2_000_000, "Fra kommandolinjen")
    if comment_after_the_cli:
        at.text_input(key="publish_comment").input("Nytt budsjett").run()
        assert _upload_preview(at, "«Budsjett»") == ["«Budsjett»: 1 nye, 15 fjernet"]
    at.button(key="publish").click().run()

    assert not at.exception
    assert [e.value for e in at.error] == [
        "Versjon 2 ble publisert mens du så på endringene (de var sammenlignet med versjon 1). Ingenting er lagret. "
        "Endringene over er nå sammenlignet med den nye versjonen: se over dem og trykk «Publiser» igjen."
    ]
    assert (_current().number, _current().comment) == (2, "Fra kommandolinjen")
    # The fresh preview: against version 2 (one row, revised 2 000 000) only the revised amount changes.
    assert _upload_preview(at, "«Budsjett»") == ["«Budsjett»: 1 endret"]
    assert "Gjeldende data: versjon 2" in [h.value for h in at.subheader]

    at.button(key="publish").click().run()
    assert not at.exception
    assert any("Publisert som versjon 3" in s.value for s in at.success)
    assert (_current().number, _current().comment) == (3, "Nytt budsjett")
    at.switch_page(PAGES["Økonomi"]).run()
    assert _metrics(at)["Revidert budsjett 2016"] == "1 500 000 kr"


def test_rollback_refuses_when_another_version_came_after_it_was_chosen(admin_password, tmp_path) -> None:
    at = _admin_on_data_page(admin_password)
    _publish_from_the_cli(tmp_path, 2_000_000, "Fra kommandolinjen")
    at.run()
    at.selectbox(key="rollback_version").select(1).run()

    _publish_from_the_cli(tmp_path, 2_500_000, "Igjen fra kommandolinjen")
    at.button(key="rollback").click().run()

    assert not at.exception
    assert [e.value for e in at.error] == [
        "Versjon 3 ble publisert mens du forberedte tilbakestillingen (da versjon 2 var gjeldende). "
        "Ingenting er lagret: se over versjonene og velg på nytt."
    ]
    assert (_current().number, _current().comment) == (3, "Igjen fra kommandolinjen")

    at.button(key="rollback").click().run()
    assert any("Versjon 1 er publisert på nytt som versjon 4" in s.value for s in at.success)
    assert _current().rollback_of == 1


def test_admin_actions_refuse_when_the_login_has_expired(admin_password, monkeypatch) -> None:
    from byr_data import auth_ui

    at = _admin_on_data_page(admin_password)
    later = auth_ui.clock() + 31 * 60
    monkeypatch.setattr(auth_ui, "clock", lambda: later)
    at.run()
    assert not [u for u in at.get("file_uploader")]
    assert "Logg inn som administrator i sidemenyen" in at.info[-1].value


# --- the jobs page answers the council's questions ------------------------------------------------

def test_jobs_page_shows_growth_against_the_target_and_what_is_missing() -> None:
    at = _open("Arbeidsplasser")
    metrics = _metrics(at)
    assert metrics["Netto vekst 2014–2024"] == "+213"
    # Målår 2018 has passed: the path asked for 100 × (2018 − 2014) = 400, growth by 2018 was +43.
    assert metrics["Mangler til målet for 2018"] == "357"
    assert [s.value for s in at.subheader][:3] == ["Mot målet", "Sammenlignet med andre", "Hvilke næringer vokste"]
    figures = _figures(at)
    assert all(any(a.get("text") == "Eksempeldata: illustrative tall" for a in f["layout"].get("annotations", [])) for f in figures)


def test_jobs_page_baseline_can_be_changed() -> None:
    at = _open("Arbeidsplasser")
    at.selectbox(key="jobs_baseline").select(2016).run()
    # Growth since 2016 = 213 − (−328) = +541 (the cumulative series from 2014 minus its 2016 value).
    assert _metrics(at)["Netto vekst 2016–2024"] == "+541"


def test_jobs_page_todays_members_leave_out_valer_in_every_year() -> None:
    at = _open("Arbeidsplasser")
    before = _metrics(at)["Netto vekst 2014–2024"]
    from byr_data.growth import MembershipMode

    at.radio(key="jobs_mode").set_value(MembershipMode.TODAYS_MEMBERS).run()
    after = _metrics(at)["Netto vekst 2014–2024 (dagens medlemmer i alle år)"]  # the other mode is labelled as such
    # Våler changed by −24 (2015) and −8 (2016) while a member; without it: 213 + 24 + 8 = +245.
    assert (before, after) == ("+213", "+245")


@pytest.mark.parametrize("page", list(PAGES))
def test_every_table_can_be_downloaded_as_excel(page: str) -> None:
    at = _open(page)
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Last ned utvalget (Excel)" in labels  # the filtered view, from the sidebar
    if page != "Økonomi" or at.dataframe:
        assert labels.count("Last ned tabellen (Excel)") >= len(at.dataframe)


# --- the status report ------------------------------------------------------------------------------

def test_report_page_prefills_every_section_and_offers_the_word_document() -> None:
    at = _app()
    at.session_state["report_date"] = "15.02.2016"
    at.switch_page(PAGES["Rapport"]).run()
    assert not at.exception
    assert [t.label for t in at.text_area] == messages.REPORT_HEADINGS
    budget = next(t for t in at.text_area if t.label == "Budsjett")
    assert "+2 250 000 kr" in budget.value
    assert "Last ned rapporten (Word)" in [b.proto.label for b in at.get("download_button")]
    assert not [b for b in at.button if b.key == "report_save"]  # saving drafts is for the administrator


def test_admin_saves_a_report_draft_that_the_next_visit_starts_from(admin_password) -> None:
    from byr_data import auth_ui

    at = _app()
    at.session_state["report_date"] = "15.02.2016"
    at.switch_page(PAGES["Rapport"]).run()
    at.text_input(key=auth_ui.PASSWORD_KEY).input(admin_password)
    at.button(key=auth_ui.LOGIN_BUTTON_KEY).click().run()
    at.text_area(key="report_progress_20160215").input("Fremdrift er ok i forhold til styringsdokument.").run()
    at.button(key="report_save").click().run()
    assert any("Utkastet for 15.02.2016 er lagret" in s.value for s in at.success)
    again = _app()
    again.session_state["report_date"] = "15.02.2016"
    again.switch_page(PAGES["Rapport"]).run()
    assert again.text_area(key="report_progress_20160215").value == "Fremdrift er ok i forhold til styringsdokument."
