"""byr_data.web.data.kept: a value built once per data version and key, shared by later runs."""

from __future__ import annotations

import dataclasses

from byr_data.dataset import Dataset
from byr_data.web import data


def test_kept_builds_once_per_data_version_and_key_and_hands_out_the_same_object(sample: Dataset) -> None:
    built: list[tuple[str, tuple]] = []

    def build(token: str, key: tuple) -> object:
        built.append((token, key))
        return object()

    first = dataclasses.replace(sample, token="kept-test-1")
    other = dataclasses.replace(sample, token="kept-test-2")
    a = data.kept(first, ("chart", ("3401",), 2014), lambda: build("1", ("3401",)))
    assert data.kept(first, ("chart", ("3401",), 2014), lambda: build("1", ("3401",))) is a
    assert built == [("1", ("3401",))]
    data.kept(first, ("chart", ("3402",), 2014), lambda: build("1", ("3402",)))  # another filter
    data.kept(first, ("chart", ("3401",), 2015), lambda: build("1", ("3401",)))  # another start year
    data.kept(other, ("chart", ("3401",), 2014), lambda: build("2", ("3401",)))  # another version of the data
    assert len(built) == 4


def test_a_kept_chart_is_named_once_and_not_changed_by_later_showings(sample: Dataset, monkeypatch) -> None:
    import plotly.graph_objects as go

    from byr_data.web import furniture

    shown: list[go.Figure] = []
    monkeypatch.setattr(furniture.st, "plotly_chart", lambda fig, **_: shown.append(fig))
    fig = go.Figure(layout={"title": {"text": "Netto vekst"}})
    furniture.chart(fig, "a")
    meta = fig.layout.meta
    assert meta == {furniture.ARIA_META: "Netto vekst"}
    calls: list[dict] = []
    monkeypatch.setattr(go.Figure, "update_layout", lambda self, *a, **k: calls.append(k) or self)
    furniture.chart(fig, "a")
    assert calls == [] and shown == [fig, fig]  # the second showing only reads the shared figure
