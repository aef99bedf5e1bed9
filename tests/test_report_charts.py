"""Tests for byr_data.report_charts and byr_data.images: the report's charts, at print resolution, through one browser."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import io
import shutil
import threading
from typing import Any

import pytest
from PIL import Image

from byr_data import images, report_charts
from byr_data.dataset import Dataset
from tests.conftest import REPORT_DATE

BREAK = "Fra 2015 bygger SSBs tall på a-ordningen; tallene før og etter er ikke helt sammenlignbare."
SOURCE = "Eksempeldata: illustrative tall"


def _png(width: int = 2, height: int = 1) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(out, format="PNG")
    return out.getvalue()


def _fake_png(_dataset: Dataset, _day: dt.date, _key: str) -> bytes:
    return _png()


def test_figures_on_the_sample_per_section_with_titles_and_captions(sample: Dataset) -> None:
    figures = report_charts.figures(sample, REPORT_DATE, chart_png=_fake_png)
    assert [(f.section, f.title) for f in figures] == [
        ("budget", "Budsjett per år: opprinnelig, revidert og regnskap"),
        ("jobs", "Samlet netto vekst i arbeidsplasser mot målet"),
        ("jobs", "Netto endring i arbeidsplasser per kommune"),
    ]
    assert [f.caption for f in figures] == [
        "Opprinnelig og revidert budsjett og regnskap per år 2015–2017, i kroner (arket «Budsjett»).",
        f"Samlet netto vekst i arbeidsplasser mot målet. {BREAK} {SOURCE}",
        # Known per 15.02.2016: 2014 and 2015; the members' changes add up to the region's −367 (Netto vekst 2014–2015).
        "Netto endring i arbeidsplasser per kommune 2014–2015. Hver kommune teller bare i årene den var medlem, "
        f"så stolpene summerer til regionens vekst (−367). {BREAK} {SOURCE}",
    ]
    assert all(f.png == _png() and f.note == "" and f.width_cm == 16.0 for f in figures)


def test_job_charts_show_only_the_years_known_at_the_report_date(sample: Dataset) -> None:
    made = report_charts.chart_figure(sample, REPORT_DATE, "municipalities")
    assert made is not None
    assert made[0].layout.title.text == "Netto endring i arbeidsplasser per kommune 2014–2015"
    growth = report_charts.chart_figure(sample, REPORT_DATE, "growth")
    assert growth is not None and list(growth[0].data[0].x) == [2014, 2015]


def test_a_chart_the_data_has_nothing_for_is_left_out(sample: Dataset) -> None:
    # Per 15.02.2015 only 2014 (the start year) is known: no growth yet, so no job charts; and no budget sheet.
    no_budget = dataclasses.replace(sample, budget=None, token="no-budget")
    assert report_charts.figures(no_budget, dt.date(2015, 2, 15), chart_png=_fake_png) == []


def test_a_chart_that_could_not_be_drawn_is_named_with_the_reason(sample: Dataset) -> None:
    def draw(dataset: Dataset, day: dt.date, key: str) -> bytes:
        if key == "municipalities":
            raise report_charts.ChartUnavailable("bildet kunne ikke lages (RenderFailed).")
        return _png()

    figures = report_charts.figures(sample, REPORT_DATE, chart_png=draw)
    undrawn = figures[-1]
    assert undrawn.title == "Netto endring i arbeidsplasser per kommune"
    assert (undrawn.png, undrawn.note) == (None, "bildet kunne ikke lages (RenderFailed).")
    assert undrawn.caption.startswith("Netto endring i arbeidsplasser per kommune 2014–2015.")
    assert [f.png is not None for f in figures] == [True, True, False]


@pytest.mark.parametrize("key", [chart.key for chart in report_charts.CHARTS])
def test_charts_are_laid_out_for_200_dpi_and_8_pt_at_their_printed_width(sample: Dataset, key: str) -> None:
    made = report_charts.chart_figure(sample, REPORT_DATE, key)
    assert made is not None
    figure = report_charts.for_print(made[0])
    width, _height = report_charts.pixel_size(figure)
    assert width == 760  # 16 cm × 47.5
    assert width * report_charts.SCALE / (16 / 2.54) >= 200  # 1520 px over 6.3 in: 241 dpi

    sizes: list[float] = []

    def walk(node: Any, key: str = "") -> None:
        if isinstance(node, dict):
            if key.endswith("font") and "size" in node:
                sizes.extend(node["size"] if isinstance(node["size"], list) else [node["size"]])
            for child_key, child in node.items():
                walk(child, child_key)
        elif isinstance(node, list | tuple):
            for child in node:
                walk(child, key)

    walk(figure.to_dict())
    smallest_pt = min(sizes) / report_charts.PX_PER_CM / 2.54 * 72
    assert min(sizes) == 14 and smallest_pt >= 8  # the source line and notes: 8.4 pt on paper


@pytest.mark.skipif(not shutil.which("chromium"), reason="kaleido needs a Chromium to draw")
def test_a_drawn_chart_has_at_least_200_dpi_at_its_printed_width(sample: Dataset) -> None:
    png = report_charts.render_chart(sample, REPORT_DATE, "growth")
    assert png is not None
    width, height = Image.open(io.BytesIO(png)).size
    assert (width, height) == (1520, 920)  # 760 × 460 layout pixels at scale 2
    assert width / (16 / 2.54) >= 200


# --- one browser per process ------------------------------------------------------------------------


class FakeBrowser:
    """Stands in for an opened kaleido.Kaleido; ``fail`` pictures raise as a dead browser's would."""

    def __init__(self, log: list[str], fail: int = 0) -> None:
        self.log, self.fail, self.busy = log, fail, False

    async def calc_fig(self, spec: dict[str, Any], opts: dict[str, Any]) -> bytes:
        assert not self.busy, "two pictures at once in one browser"
        self.busy = True
        await asyncio.sleep(0.01)
        self.busy = False
        if self.fail:
            self.fail -= 1
            raise ConnectionResetError("browser closed")
        self.log.append(f"{opts['width']}x{opts['height']}@{opts['scale']}")
        return b"png"

    async def close(self) -> None:
        self.log.append("closed")


def _renderer(log: list[str], fails: list[int] | None = None) -> images.Renderer:
    fails = list(fails or [])

    async def open_browser() -> FakeBrowser:
        log.append("started")
        return FakeBrowser(log, fails.pop(0) if fails else 0)

    return images.Renderer(open_browser)


def _figure() -> Any:
    import plotly.graph_objects as go

    return go.Figure(go.Bar(x=[1, 2], y=[3, 4]))


def test_the_renderer_starts_one_browser_and_reuses_it() -> None:
    log: list[str] = []
    renderer = _renderer(log)
    try:
        assert not renderer.running
        assert renderer.png(_figure(), 760, 460, 2) == b"png"
        assert renderer.png(_figure(), 760, 510, 2) == b"png"
        assert renderer.starts == 1 and renderer.running
        assert log == ["started", "760x460@2", "760x510@2"]
    finally:
        renderer.close()
    assert log[-1] == "closed" and not renderer.running


def test_the_renderer_draws_one_picture_at_a_time_for_many_threads() -> None:
    log: list[str] = []
    renderer = _renderer(log)
    try:
        threads = [threading.Thread(target=renderer.png, args=(_figure(), 100 + i, 100)) for i in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert renderer.starts == 1
        assert sorted(log[1:]) == sorted(f"{100 + i}x100@1.0" for i in range(6))  # FakeBrowser fails on overlap
    finally:
        renderer.close()


def test_a_browser_that_died_is_started_again_once() -> None:
    log: list[str] = []
    renderer = _renderer(log, fails=[1])
    try:
        assert renderer.png(_figure(), 100, 100) == b"png"
        assert renderer.starts == 2
        assert log == ["started", "closed", "started", "100x100@1.0"]
    finally:
        renderer.close()


def test_a_picture_that_fails_in_a_fresh_browser_too_is_reported() -> None:
    log: list[str] = []
    renderer = _renderer(log, fails=[1, 1])
    try:
        with pytest.raises(images.RenderFailed, match="ConnectionResetError"):
            renderer.png(_figure(), 100, 100)
        assert renderer.starts == 2 and not renderer.running
        assert renderer.png(_figure(), 100, 100) == b"png"  # the next picture starts a third
        assert renderer.starts == 3
    finally:
        renderer.close()


def test_without_a_browser_the_renderer_says_so_and_the_chart_is_unavailable(sample: Dataset, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")  # a real kaleido that finds no browser
    renderer = images.Renderer()
    monkeypatch.setattr(images, "default", renderer)
    try:
        with pytest.raises(images.NoBrowser):
            renderer.png(_figure(), 100, 100)
        with pytest.raises(report_charts.ChartUnavailable, match="^ingen nettleser er installert for å lage bilder.$"):
            report_charts.render_chart(sample, REPORT_DATE, "growth")
        assert renderer.starts == 0
    finally:
        renderer.close()


def test_kaleido_still_has_the_private_methods_the_renderer_builds_on() -> None:
    """images._open_kaleido overrides Kaleido._return_kaleido_tab and calls _create_kaleido_tab (kaleido 1.5, pinned)."""
    import inspect

    import kaleido

    assert inspect.iscoroutinefunction(kaleido.Kaleido._return_kaleido_tab)
    assert inspect.iscoroutinefunction(kaleido.Kaleido._create_kaleido_tab)


@pytest.mark.skipif(not shutil.which("chromium"), reason="kaleido needs a Chromium to draw")
def test_a_tab_is_reloaded_only_after_many_pictures_and_draws_each_picture_alike(sample: Dataset, monkeypatch: pytest.MonkeyPatch) -> None:
    """kaleido reloads plotly.js after every picture (most of a picture's time when they come one after another):
    the renderer reloads a tab only every RELOAD_EVERY pictures, and a picture is the same from a used tab."""
    import kaleido

    reloads: list[int] = []
    original = kaleido.Kaleido._return_kaleido_tab

    async def counted(self, tab) -> None:  # kaleido's own return: reload, then back in the queue
        reloads.append(1)
        await original(self, tab)

    monkeypatch.setattr(kaleido.Kaleido, "_return_kaleido_tab", counted)
    monkeypatch.setattr(images, "RELOAD_EVERY", 3)
    renderer = images.Renderer()
    figure, _ = report_charts.chart_figure(sample, REPORT_DATE, "growth")
    printed = report_charts.for_print(figure)
    width, height = report_charts.pixel_size(printed)
    try:
        pictures = [renderer.png(printed, width, height) for _ in range(6)]
    finally:
        renderer.close()
    assert len(set(pictures)) == 1  # a tab that drew before draws the same picture
    assert 1 <= len(reloads) <= 2  # two tabs sharing six pictures, a reload after every third a tab draws (kaleido: six)
