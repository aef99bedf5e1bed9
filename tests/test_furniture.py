"""Page furniture: every chart's toolbar and name (issue 11, item 12); the browser side is tests/test_browser_norwegian.py."""

from __future__ import annotations

import json

import plotly.graph_objects as go
import pytest
from streamlit.testing.v1 import AppTest

from byr_data import escape
from byr_data.web import furniture, registry
from tests.conftest import ROOT


@pytest.mark.parametrize(("title", "expected"), [
    ("Netto &amp; <b>vekst</b><br>2014–2024", "Netto & vekst 2014–2024"),
    ("Mål etter status (25 mål)", "Mål etter status (25 mål)"),
    (None, "Figur"),
])
def test_chart_title_is_the_title_as_plain_text(title, expected) -> None:
    assert furniture.chart_title(go.Figure(layout={"title": {"text": title}})) == expected


@pytest.mark.parametrize("page", [page for page in registry.CHART_PAGES], ids=lambda page: page.title)
def test_every_chart_has_a_norwegian_toolbar_of_one_button_and_its_title_as_name(page: registry.Page) -> None:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60).run()
    at.switch_page(str(ROOT / page.file)).run()
    charts = at.get("plotly_chart")
    assert charts
    for chart in charts:
        config, spec = json.loads(chart.proto.config), json.loads(chart.proto.spec)
        assert config["modeBarButtons"] == [["toImage"]]  # no zoom/pan buttons, no Streamlit «Fullscreen»
        assert config["locale"] == "nb"
        assert config["locales"]["nb"]["dictionary"]["Download plot as a PNG"] == "Last ned figuren som PNG"
        name = furniture.chart_title(go.Figure(layout=spec["layout"]))
        assert spec["layout"]["meta"][furniture.ARIA_META] == escape.plotly(name) and name != "Figur"  # escaped as every chart text
        assert config["toImageButtonOptions"]["filename"] == furniture._file_name(name)
