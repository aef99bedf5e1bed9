"""The Data page's upload, preview and publish (issue 11): the template changes only what it fills in,
tables are emptied only on purpose, the preview tells everything before «Publiser», and a rollback
shows what it changes."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from byr_data.export import export_workbook
from byr_data.reading import load_paths
from tests.conftest import SAMPLE
from tests.test_app import PAGES, PASSWORD, XLSX, _admin_on_data_page, _metrics, admin_password  # noqa: F401  (the fixture)
from tests.workbooks import filled_template

pytestmark = pytest.mark.usefixtures("admin_password")

NEW_CHANGE = {"Dato": dt.date(2016, 3, 1), "År": 2016, "Post": "Ekstra prosjektstøtte", "Beløp": 150_000, "Begrunnelse": "Tilleggsbevilgning"}
OTHER_TABLES = ["Kommuner", "Mål", "Måleverdier", "Aktiviteter", "Budsjett", "Sysselsetting", "Befolkning"]


def _changed(at: AppTest) -> dict[str, str]:
    """The preview's tables that change, as {sheet: summary}."""
    labels = [e.label for e in at.expander if e.label.startswith("«")]
    return {label.split("»")[0][1:]: label.split(": ", 1)[1] for label in labels if not label.endswith("ingen endringer")}


def _order(at: AppTest) -> list[str]:
    """The main area's elements in the order shown: type and label (or text)."""
    found: list[str] = []

    def walk(node: object) -> None:
        kind = getattr(node, "type", "")
        label = getattr(node, "label", None) or getattr(node, "value", None)
        if kind in ("expander", "button", "info", "text_input"):
            found.append(f"{kind}:{label}")
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at.main)
    return found


def _upload(at: AppTest, name: str, content: bytes) -> AppTest:
    [uploader] = at.get("file_uploader")
    return at.file_uploader(key=uploader.key).set_value([(name, content, XLSX)]).run()


def test_template_with_one_budget_change_changes_only_the_budget_changes() -> None:
    at = _admin_on_data_page(PASSWORD)
    _upload(at, "mal.xlsx", filled_template({"Budsjettendringer": [NEW_CHANGE]}))

    assert not at.exception
    assert at.success[0].value == "Filene er kontrollert og kan publiseres."
    assert _changed(at) == {"Budsjettendringer": "1 nye, 2 fjernet"}
    assert any(m.value == "**Beholdes fra dagens data fordi arket i filen er tomt: «Om», «Kommuner», «Mål», «Måleverdier», «Aktiviteter», "
               "«Budsjett», «Sysselsetting», «Befolkning».**" for m in at.markdown)
    # One choice per table the file has without rows, off until ticked.
    assert [c.label for c in at.checkbox] == [f"Tøm «{t}» i den nye versjonen" for t in ["Om", *OTHER_TABLES]]
    assert not any(c.value for c in at.checkbox)


def test_ticking_a_table_empties_it_in_the_preview_and_in_the_publication() -> None:
    at = _admin_on_data_page(PASSWORD)
    _upload(at, "mal.xlsx", filled_template({"Budsjettendringer": [NEW_CHANGE]}))
    [befolkning] = [c for c in at.checkbox if "«Befolkning»" in c.label]

    befolkning.check().run()

    assert not at.exception
    assert _changed(at) == {"Budsjettendringer": "1 nye, 2 fjernet", "Befolkning": "153 fjernet"}
    assert any(m.value == "**Tømmes i den nye versjonen (valgt): «Befolkning».**" for m in at.markdown)
    at.text_input(key="publish_comment").input("Ny budsjettendring, uten befolkning").run()
    at.button(key="publish").click().run()
    assert any("Publisert som versjon 2" in s.value for s in at.success)
    from byr_data.store import Store

    with Store.open(None) as store:
        published = store.dataset()
    assert published.population is not None and published.population.empty
    assert len(published.goals) == 25


def test_warnings_come_before_the_button_and_the_uploader_is_empty_after_publishing() -> None:
    at = _admin_on_data_page(PASSWORD)
    # A change to a post the budget does not have: a warning, and still publishable.
    _upload(at, "mal.xlsx", filled_template({"Budsjettendringer": [NEW_CHANGE | {"Post": "Ukjent post"}]}))
    at.text_input(key="publish_comment").input("Med advarsel").run()

    order = _order(at)
    warnings = next(i for i, e in enumerate(order) if e.startswith("expander:Advarsler (1)"))
    publish = order.index("button:Publiser")
    assert warnings < publish, order

    at.button(key="publish").click().run()
    assert not at.exception
    assert any("Publisert som versjon 2" in s.value for s in at.success)
    [uploader] = at.get("file_uploader")
    assert not uploader.value  # a fresh uploader: the same file cannot be published again by a second click
    assert not [b for b in at.button if b.key == "publish"]


def test_a_publication_without_changes_is_refused_before_and_at_the_button() -> None:
    sample = load_paths([SAMPLE]).dataset
    at = _admin_on_data_page(PASSWORD)
    _upload(at, "samme.xlsx", export_workbook(sample))

    assert not at.exception
    assert [i.value for i in at.info if i.value.startswith("Ingen endringer")] == [
        "Ingen endringer å publisere: dataene er de samme som i gjeldende versjon (versjon 1). Ingenting er lagret."
    ]
    at.text_input(key="publish_comment").input("Ingenting nytt").run()
    assert at.button(key="publish").disabled


def test_a_rollback_shows_what_it_changes_before_its_button() -> None:
    at = _admin_on_data_page(PASSWORD)
    _upload(at, "mal.xlsx", filled_template({"Budsjettendringer": [NEW_CHANGE]}))
    at.text_input(key="publish_comment").input("Ny budsjettendring").run()
    at.button(key="publish").click().run()

    at.selectbox(key="rollback_version").select(1).run()

    assert not at.exception
    assert _changed(at) == {"Budsjettendringer": "2 nye, 1 fjernet"}
    order = _order(at)
    assert order.index("expander:«Budsjettendringer»: 2 nye, 1 fjernet") < order.index("button:Publiser versjon 1 som ny versjon")
    at.button(key="rollback").click().run()
    assert any("Versjon 1 er publisert på nytt som versjon 3" in s.value for s in at.success)
    at.switch_page(PAGES["Oversikt"]).run()
    lines = [m.value for m in at.markdown if m.value.startswith("- ")]
    assert "- Budsjettendring 01.03.2016 er fjernet: Ekstra prosjektstøtte 150 000 kr" in lines
    assert "- Ny budsjettendring 10.02.2016: Ekstra prosjektstøtte 2 250 000 kr" in lines
    assert _metrics(at)


def test_a_rollback_to_the_same_data_is_disabled() -> None:
    at = _admin_on_data_page(PASSWORD)
    _upload(at, "mal.xlsx", filled_template({"Budsjettendringer": [NEW_CHANGE]}))
    at.text_input(key="publish_comment").input("Ny budsjettendring").run()
    at.button(key="publish").click().run()
    at.selectbox(key="rollback_version").select(1).run()
    at.button(key="rollback").click().run()  # version 3 = version 1

    at.selectbox(key="rollback_version").select(1).run()

    assert "Ingen endringer å publisere: versjon 1 har de samme dataene som gjeldende versjon." in [i.value for i in at.info]
    assert at.button(key="rollback").disabled


def test_emptying_a_table_others_point_at_is_refused_and_can_be_unticked() -> None:
    at = _admin_on_data_page(PASSWORD)
    _upload(at, "mal.xlsx", filled_template({"Budsjettendringer": [NEW_CHANGE]}))

    at.checkbox(key=next(c.key for c in at.checkbox if "«Mål»" in c.label)).check().run()

    assert not at.exception
    assert at.error and at.error[0].value.startswith("Filene kan ikke publiseres:")
    assert any("Feilene i «Måleverdier», «Aktiviteter» gjelder rader i dagens data" in m.value for m in at.markdown)
    assert not [b for b in at.button if b.key == "publish"]
    at.checkbox(key=next(c.key for c in at.checkbox if "«Mål»" in c.label)).uncheck().run()
    assert at.success[0].value == "Filene er kontrollert og kan publiseres."
