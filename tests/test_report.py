"""Tests for byr_data.report: the status report per 15.02.2016 as a Word document."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import shutil

import docx
import pytest

from byr_data import report, report_charts
from byr_data.cli import main
from byr_data.dataset import Dataset
from byr_data.store import Store
from tests import messages
from tests.conftest import REPORT_DATE, SAMPLE

SINCE = dt.date(2015, 8, 15)


def _text(document: docx.document.Document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


@pytest.fixture(scope="module")
def built(sample: Dataset) -> tuple[docx.document.Document, list[str], bytes]:
    inp = report.ReportInput(sample, REPORT_DATE, SINCE, region=sample.region_name)
    data, notes = report.build_report(inp)
    return docx.Document(io.BytesIO(data)), notes, data


def test_default_since_is_the_previous_report_or_six_months_earlier() -> None:
    assert report.default_since(REPORT_DATE) == dt.date(2015, 8, 15)
    assert report.default_since(REPORT_DATE, dt.date(2015, 10, 1)) == dt.date(2015, 10, 1)
    assert report.default_since(dt.date(2016, 8, 31)) == dt.date(2016, 2, 29)
    assert report.default_since(REPORT_DATE, REPORT_DATE) == dt.date(2015, 8, 15)  # not a period of zero days


def test_report_has_title_region_and_every_heading(built, sample: Dataset) -> None:
    document, _, _ = built
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "Utviklingsprogrammet for byregioner – Fase 2: Rapportering pr. 15.02.2016"
    assert sample.region_name in texts
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == messages.REPORT_HEADINGS


def test_report_has_the_budget_change_membership_change_and_tables(built) -> None:
    document, _, _ = built
    text = _text(document)
    assert "+2 250 000 kr" in text
    assert "Våler kommune er medlem til og med 2016" in text
    assert "Kongsvinger" in text and "15.08.2015–15.02.2016" in text
    headers = [[c.text for c in t.rows[0].cells] for t in document.tables]
    assert ["ID", "Mål", "Status"] in headers  # the level shows in the grouping (see the goal table test)
    assert ["ID", "Aktivitet", "Start", "Slutt", "Status", "Mål", "I perioden"] in headers
    assert ["Dato", "Post", "Beløp", "Begrunnelse", "Vedtatt av"] in headers
    assert ["År", "Opprinnelig", "Revidert", "Endring", "Regnskap"] in headers
    activities = next(t for t in document.tables if t.rows[0].cells[0].text == "ID" and t.rows[0].cells[1].text == "Aktivitet")
    ids = [row.cells[0].text for row in activities.rows[1:]]
    assert "A5" in ids and "A7" in ids and "A9" not in ids  # A9 starts 01.09.2016, after the report date
    goals = next(t for t in document.tables if t.rows[0].cells[1].text == "Mål")
    assert any("⚠ Risiko" in row.cells[2].text for row in goals.rows)


#: The report's figures per 15.02.2016 on the sample, in document order (Budsjett before Arbeidsplasser).
FIGURE_TITLES = ["Budsjett per år: opprinnelig, revidert og regnskap", "Samlet netto vekst i arbeidsplasser mot målet",
                 "Netto endring i arbeidsplasser per kommune"]


def test_report_has_the_charts_or_says_why_not(built) -> None:
    document, notes, _ = built
    if shutil.which("chromium"):
        assert len(document.inline_shapes) == 3
        assert notes == []
    else:
        assert len(document.inline_shapes) == 0
        assert notes == [f"Figuren «{title}» er utelatt: {report_charts.NO_BROWSER_NOTE}" for title in FIGURE_TITLES]
    assert "Netto vekst 2014–2015: −367." in _text(document)  # only figures known at the report date


def test_without_a_browser_the_report_is_built_with_a_note(sample: Dataset, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> None:
    from byr_data import images

    # A real kaleido that finds no browser (choreographer looks at BROWSER_PATH first), in a renderer of its own.
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    renderer = images.Renderer()
    monkeypatch.setattr(images, "default", renderer)
    request.addfinalizer(renderer.close)
    fresh = dataclasses.replace(sample, token="no-browser")
    data, notes = report.build_report(report.ReportInput(fresh, REPORT_DATE, SINCE))
    missing = [f"Figuren «{title}» er utelatt: ingen nettleser er installert for å lage bilder." for title in FIGURE_TITLES]
    assert notes == missing
    document = docx.Document(io.BytesIO(data))
    assert len(document.inline_shapes) == 0
    paragraphs = [p.text for p in document.paragraphs]
    budget, jobs = paragraphs.index("Budsjett"), paragraphs.index("Arbeidsplasser")
    assert budget < paragraphs.index(missing[0]) < jobs < paragraphs.index(missing[1]) < paragraphs.index(missing[2])
    assert images.default.starts == 0


def test_charts_false_leaves_the_picture_out(sample: Dataset) -> None:
    data, notes = report.build_report(report.ReportInput(sample, REPORT_DATE, SINCE), charts=False)
    assert notes == []
    assert len(docx.Document(io.BytesIO(data)).inline_shapes) == 0


def test_free_text_fields_replace_the_prefill(sample: Dataset) -> None:
    fields = {"progress": "Fremdrift er ok i forhold til styringsdokument.\n- Ett punkt"}
    data, _ = report.build_report(report.ReportInput(sample, REPORT_DATE, SINCE, fields=fields), charts=False)
    document = docx.Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    assert "Fremdrift er ok i forhold til styringsdokument." in texts
    assert "Fremdriften er i hovedsak i rute i forhold til prosjektplanen." not in texts
    assert any(p.text == "Ett punkt" and p.style.name == "List Bullet" for p in document.paragraphs)


def test_prefill_verdict_and_reasons(sample: Dataset) -> None:
    texts = report.prefill(sample, REPORT_DATE, SINCE)
    assert set(texts) == {"organisation", "goals", "activities", "progress", "budget", "jobs"}
    # 7 of 25 goals at risk or late (the strategic goal computed: −367 by 2015 against a path of +100, so Risiko although typed
    # «I rute»): 28 % ≥ 25 %, so delayed on some points; no activity overdue on 15.02.2016.
    assert texts["progress"].splitlines()[0] == "Fremdriften er forsinket på noen områder."
    assert "Mål S «Netto vekst på 100 arbeidsplasser i Glåmdalsregionen» har status Risiko (beregnet fra sysselsettingstallene; meldt: I rute)." \
        in texts["progress"]
    assert "Mål H3.2" in texts["progress"] and "Risiko" in texts["progress"]
    assert "+2 250 000 kr ekstra prosjektstøtte" in texts["budget"]
    assert "Det gjenstår da 6 kommuner" in texts["organisation"]
    # A month later with A5 reopened and overdue: delayed on some points.
    acts = sample.activities.copy()
    acts.loc[acts["id"] == "A5", "status"] = "Påbegynt"
    late = report.prefill(dataclasses.replace(sample, activities=acts), dt.date(2016, 3, 15), SINCE)
    assert late["progress"].splitlines()[0] == "Fremdriften er forsinket på noen områder."
    assert "Aktivitet A5" in late["progress"] and "12.02.2016" in late["progress"]
    # Nothing at risk (and no employment figures to compute the strategic goal's status from): on track.
    goals = sample.goals.assign(status="I rute")
    calm = dataclasses.replace(sample, goals=goals, employment=None)
    assert report.prefill(calm, REPORT_DATE, SINCE)["progress"] == "Fremdriften er i rute i forhold til prosjektplanen."


def test_changes_against_the_previous_version_are_listed(sample: Dataset) -> None:
    goals = sample.goals.copy()
    goals.loc[goals["id"] == "H2.1", "status"] = "I rute"
    acts = sample.activities.copy()
    acts.loc[acts["id"] == "A8", "status"] = "Planlagt"
    previous = dataclasses.replace(sample, goals=goals, activities=acts)
    texts = report.prefill(sample, REPORT_DATE, SINCE, previous)
    assert "H2.1" in texts["goals"] and "I rute → Risiko" in texts["goals"]
    assert "A8" in texts["activities"] and "Planlagt → Utsatt" in texts["activities"]


def test_cli_writes_the_report_from_files(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "rapport.docx"
    code = main(["report", "--date", "2016-02-15", "--out", str(out), str(SAMPLE)])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert str(out) in captured.out
    assert "Beskrivelse av aktivitetene fram til nå" in _text(docx.Document(str(out)))


def test_cli_report_from_the_store_uses_the_draft_and_previous_report_date(tmp_path, sample: Dataset, capsys) -> None:
    url = f"sqlite:///{tmp_path / 'r.sqlite'}"
    with Store.open(url) as store:
        store.publish(sample, [], author="kari", comment="første")
        store.save_draft(dt.date(2015, 10, 1), {}, author="kari")
        store.save_draft(REPORT_DATE, {"jobs": "Egen tekst om arbeidsplasser."}, author="kari")
    out = tmp_path / "rapport.docx"
    code = main(["report", "--date", "2016-02-15", "--out", str(out), "--db", url])
    assert code == 0, capsys.readouterr().err
    text = _text(docx.Document(str(out)))
    assert "Egen tekst om arbeidsplasser." in text
    assert "01.10.2015–15.02.2016" in text


def test_cli_report_errors_are_norwegian(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["report", "--date", "2016-02-15", "--out", str(tmp_path / "r.docx"), "--db", f"sqlite:///{tmp_path / 'empty.sqlite'}"])
    assert code == 1
    assert "ingen publiserte data" in capsys.readouterr().err
    code = main(["report", "--date", "2016-02-15", "--out", str(tmp_path / "mangler" / "r.docx"), str(SAMPLE)])
    assert code == 1
    assert "kunne ikke skrives" in capsys.readouterr().err


def test_period_activities_include_a_status_change_outside_the_dates(sample: Dataset) -> None:
    acts = sample.activities.copy()
    acts.loc[acts["id"] == "A9", "status"] = "Utsatt"
    table = report.period_activities(dataclasses.replace(sample, activities=acts), REPORT_DATE, REPORT_DATE, sample)
    assert list(table["id"]) == ["A9"]
    assert table.set_index("id").loc["A9", "change"] == "status Planlagt → Utsatt"


def test_version_at_is_the_newest_published_by_the_end_of_the_day_in_norwegian_time() -> None:
    import datetime as dt

    from byr_data.dataset import Version
    from byr_data.report import version_at

    def version(number: int, utc: dt.datetime) -> Version:
        return Version(number, utc.replace(tzinfo=dt.UTC), "a", "k", (), {}, None)

    versions = [version(3, dt.datetime(2016, 2, 15, 23, 30)), version(2, dt.datetime(2016, 2, 14, 23, 30)), version(1, dt.datetime(2016, 1, 1))]
    # 14.02 23:30 UTC is 15.02 00:30 in Oslo: version 2 counts for 15.02 but not for 14.02 (by UTC it would);
    # version 3 is 16.02 00:30 in Oslo.
    assert version_at(versions, dt.date(2016, 2, 15)).number == 2
    assert version_at(versions, dt.date(2016, 2, 14)).number == 1
    assert version_at(versions, dt.date(2015, 12, 31)) is None


def test_preview_markdown_shows_paragraphs_and_bullets_as_the_document_and_escapes_the_text() -> None:
    from byr_data.escape import JOINER
    from byr_data.report import preview_markdown

    text = "Status: I rute\n- A1 <b>x</b>\n\n• B [y](http://127.0.0.2:9/)\nSlutt **nå**"
    assert preview_markdown(text) == (
        "\nStatus: I rute\n\n"
        "- A1 \\<b\\>x\\</b\\>\n"
        f"- B \\[y\\](http:{JOINER}//127.0.0.2:{JOINER}9/)\n"
        "\nSlutt \\*\\*nå\\*\\*\n"
    )


def test_report_context_from_files_has_only_the_period() -> None:
    context = report.report_context(REPORT_DATE)
    assert context == report.ReportContext(dt.date(2015, 8, 15))  # six months before 15.02.2016
    assert context.fields == {}
    assert report.report_context(REPORT_DATE, dt.date(2016, 1, 1)).since == dt.date(2016, 1, 1)


def test_report_context_from_the_store_starts_at_the_previous_report_with_the_version_current_then(tmp_path, sample: Dataset) -> None:
    today = dt.date.today()
    with Store.open(f"sqlite:///{tmp_path / 'r.sqlite'}") as store:
        store.publish(sample, [], author="kari", comment="første")  # version 1, published today
        store.save_draft(today + dt.timedelta(days=2), {}, author="kari")
        store.save_draft(today + dt.timedelta(days=30), {"goals": "Egen tekst."}, author="ola")
        read: list[int] = []
        context = report.report_context(today + dt.timedelta(days=30), store=store, dataset_of=lambda n: read.append(n) or sample)
        # The period starts at the draft two days from now; version 1 was current then.
        assert context.since == today + dt.timedelta(days=2)
        assert read == [1] and context.previous is sample
        assert context.fields == {"goals": "Egen tekst."} and context.draft["author"] == "ola"
        # A period starting before the first version: nothing to compare with; the store's own reader by default.
        early = report.report_context(today + dt.timedelta(days=30), today - dt.timedelta(days=1), store)
        assert early.since == today - dt.timedelta(days=1) and early.previous is None
        assert report.report_context(today + dt.timedelta(days=30), store=store).previous.token == store.dataset(1).token


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (2, 1), "white").save(out, format="PNG")
    return out.getvalue()


def test_build_report_draws_the_charts_with_the_renderer_it_is_given(sample: Dataset) -> None:
    calls: list[tuple[str, dt.date, str]] = []

    def renderer(dataset: Dataset, day: dt.date, key: str) -> bytes:
        calls.append((dataset.token, day, key))
        return _png()

    data, notes = report.build_report(report.ReportInput(sample, REPORT_DATE, SINCE), figures=lambda d, day: report_charts.figures(d, day, chart_png=renderer))
    assert calls == [(sample.token, REPORT_DATE, key) for key in ("budget", "growth", "municipalities")] and notes == []
    document = docx.Document(io.BytesIO(data))
    assert len(document.inline_shapes) == 3
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert [c.split(":")[0] for c in captions] == ["Figur 1", "Figur 2", "Figur 3"]
    assert captions[1] == ("Figur 2: Samlet netto vekst i arbeidsplasser mot målet. Fra 2015 bygger SSBs tall på a-ordningen; tallene før og etter "
                           "er ikke helt sammenlignbare. Eksempeldata: illustrative tall")


def test_the_web_app_caches_each_report_chart_per_version_date_and_chart_but_not_a_failure(sample: Dataset, monkeypatch: pytest.MonkeyPatch) -> None:
    from byr_data.web import data as webapp

    calls: list[tuple[dt.date, str]] = []

    def draw(_dataset: Dataset, day: dt.date, key: str) -> bytes:
        calls.append((day, key))
        if day.year == 2017:
            raise report_charts.ChartUnavailable(report_charts.NO_BROWSER_NOTE)
        return f"png {key}".encode()

    monkeypatch.setattr(report_charts, "render_chart", draw)
    webapp.report_chart.clear()
    fresh = dataclasses.replace(sample, token="report-chart-cache")
    assert webapp.report_chart(fresh, REPORT_DATE, "growth") == b"png growth"
    assert webapp.report_chart(fresh, REPORT_DATE, "growth") == b"png growth"
    assert calls == [(REPORT_DATE, "growth")]  # drawn once per version, date and chart
    assert webapp.report_chart(fresh, REPORT_DATE, "budget") == b"png budget"
    webapp.report_chart(fresh, dt.date(2016, 3, 1), "growth")
    webapp.report_chart(dataclasses.replace(fresh, token="another-version"), REPORT_DATE, "growth")
    assert len(calls) == 4
    for _ in range(2):
        with pytest.raises(report_charts.ChartUnavailable):
            webapp.report_chart(fresh, dt.date(2017, 1, 1), "growth")
    assert len(calls) == 6  # a failure is tried again
    webapp.report_chart.clear()


# --- the document's layout (issue 13: page, properties, tables, figures) ---------------------------


def test_report_page_is_a4_with_a_footer_naming_the_programme_date_and_page_n_of_m(built) -> None:
    from docx.oxml.ns import qn

    document, _, _ = built
    for section in document.sections:
        assert (round(section.page_width.cm, 2), round(section.page_height.cm, 2)) == (21.0, 29.7)  # was US Letter
        assert [round(m.cm, 2) for m in (section.left_margin, section.right_margin, section.top_margin, section.bottom_margin)] == [2.5] * 4
        footer = section.footer.paragraphs[0]._p
        assert "".join(t.text for t in footer.iter(qn("w:t"))) == "ByR Glåmdalen · Statusrapport per 15.02.2016Side 1 av 1"
        assert [f.get(qn("w:instr")).strip() for f in footer.iter(qn("w:fldSimple"))] == ["PAGE", "NUMPAGES"]


def test_report_properties_name_the_title_the_region_and_norwegian(built, sample: Dataset) -> None:
    from docx.oxml.ns import qn

    document, _, _ = built
    properties = document.core_properties
    assert properties.title == "Statusrapport ByR Glåmdalen per 15.02.2016"
    assert properties.author == properties.last_modified_by == "Glåmdalsregionen – ByR Glåmdalen" == sample.region_name  # «Om» «Region»
    assert properties.language == "nb-NO"
    assert "python-docx" not in (properties.author, properties.last_modified_by, properties.comments)
    assert document.styles["Normal"].element.rPr.find(qn("w:lang")).get(qn("w:val")) == "nb-NO"  # spelling and hyphenation
    assert document.styles["Normal"].font.name == "Arial"


def test_programme_name_is_the_part_after_the_dash() -> None:
    assert report.programme_name("Glåmdalsregionen – ByR Glåmdalen") == "ByR Glåmdalen"
    assert report.programme_name("Regionen") == "Regionen"
    assert report.document_title("Regionen", REPORT_DATE) == "Statusrapport Regionen per 15.02.2016"


def test_report_tables_fit_the_text_block_repeat_their_header_and_keep_rows_whole(built) -> None:
    from docx.oxml.ns import qn

    document, _, _ = built
    section = document.sections[0]
    text_twips = (section.page_width - section.left_margin - section.right_margin) // 635  # 9072
    assert len(document.tables) == 4
    for table in document.tables:
        grid = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        assert sum(grid) <= text_twips
        assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
        for row in table.rows:
            assert row._tr.trPr.find(qn("w:cantSplit")) is not None
            assert [int(c._tc.tcPr.find(qn("w:tcW")).get(qn("w:w"))) for c in row.cells] == grid


def _table(document, first_headers: list[str]):
    return next(t for t in document.tables if [c.text for c in t.rows[0].cells][:len(first_headers)] == first_headers)


def test_report_goal_table_puts_each_sub_goal_under_its_main_goal_with_symbol_and_status(built) -> None:
    document, _, _ = built
    goals = _table(document, ["ID", "Mål", "Status"])
    ids = [row.cells[0].text for row in goals.rows[1:]]
    assert ids == ["S", "H1", "H1.1", "H1.2", "H1.3", "H1.4", "H2", "H2.1", "H2.2", "H2.3", "H2.4", "H3", "H3.1", "H3.2", "H3.3", "H3.4",
                   "H4", "H4.1", "H4.2", "H4.3", "H5", "H5.1", "H5.2", "H5.3", "H5.4"]
    status = {row.cells[0].text: row.cells[2].text for row in goals.rows[1:]}
    # The strategic goal computed from the employment figures (−367 against +100), the typed status under it.
    assert status["S"] == "⚠ Risiko\n(Meldt: I rute)"  # as the Mål page shows it, the note on a line of its own
    assert (status["H1.2"], status["H2.1"], status["H2.3"], status["H2.4"]) == ("✖ Forsinket", "⚠ Risiko", "○ Ikke startet", "★ Nådd")
    rows = {row.cells[0].text: row for row in goals.rows[1:]}
    for group in ("S", "H1", "H5"):  # group rows: bold and shaded
        assert all(run.bold for run in rows[group].cells[1].paragraphs[0].runs if run.text)
        assert rows[group].cells[1]._tc.tcPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}shd") is not None
    assert rows["H1.1"].cells[1].paragraphs[0].paragraph_format.left_indent > 0  # a sub-goal indented under its main goal
    assert not any(run.bold for run in rows["H1.1"].cells[1].paragraphs[0].runs)


def test_report_activity_status_has_its_symbol_and_progress_on_a_line_of_its_own(built) -> None:
    document, _, _ = built
    activities = _table(document, ["ID", "Aktivitet"])
    cells = {row.cells[0].text: [c.text for c in row.cells] for row in activities.rows[1:]}
    assert cells["A6"][2:] == ["04.01.2016", "30.06.2016", "▶ Påbegynt\n40 % ferdig", "H1.3, H1.4", "startet"]
    assert cells["A1"][4:] == ["✔ Gjennomført", "H2.2", "startet, avsluttet"]


def test_report_amounts_are_right_aligned_with_norwegian_separators(built) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document, _, _ = built
    changes = _table(document, ["Dato", "Post", "Beløp"])
    amounts = [row.cells[2].paragraphs[0] for row in changes.rows[1:]]
    assert [p.text for p in amounts] == ["+2 250 000 kr", "−120 000 kr"]
    assert all(p.alignment == WD_ALIGN_PARAGRAPH.RIGHT for p in amounts)
    by_year = _table(document, ["År", "Opprinnelig"])
    assert [c.text for c in by_year.rows[2].cells] == ["2016", "1 750 000 kr", "3 880 000 kr", "+2 130 000 kr", "162 400 kr"]
    assert all(c.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT for c in by_year.rows[2].cells[1:])
    assert by_year.rows[2].cells[0].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.LEFT


def test_build_report_places_each_figure_at_the_end_of_its_section_numbered_under_the_picture(sample: Dataset) -> None:
    def maker(_dataset: Dataset, _day: dt.date) -> list[report_charts.ReportFigure]:
        return [
            report_charts.ReportFigure("jobs", "Arbeidsplasser", "samlet vekst. Kilde: SSB", _png(), width_cm=12.0),
            report_charts.ReportFigure("goals", "Måloppnåelse", "Mål per status.", None, report_charts.NO_BROWSER_NOTE),
            report_charts.ReportFigure("budget", "Budsjett per år", "Figur: budsjett per år.", _png()),
            report_charts.ReportFigure("elsewhere", "Annet", "En figur uten egen seksjon.", _png()),
        ]

    data, notes = report.build_report(report.ReportInput(sample, REPORT_DATE, SINCE), figures=maker)
    missing = "Figuren «Måloppnåelse» er utelatt: ingen nettleser er installert for å lage bilder."
    assert notes == [missing]
    paragraphs = docx.Document(io.BytesIO(data)).paragraphs
    texts = [p.text for p in paragraphs]

    def section_of(index: int) -> str:
        return next(p.text for p in reversed(paragraphs[:index]) if p.style.name == "Heading 1")

    # Numbered in the document's order (budget before jobs), the caption's own «Figur:» not doubled.
    first, second = texts.index("Figur 1: Budsjett per år."), texts.index("Figur 2: Samlet vekst. Kilde: SSB")
    assert (section_of(first), section_of(second)) == ("Budsjett", "Arbeidsplasser")
    assert texts.index("Figur 3: En figur uten egen seksjon.") > second  # a section the report lacks: last, never left out
    assert section_of(texts.index(missing)) == "Evt. presisering av mål for prosjektet"
    assert texts.index(missing) > texts.index("Målstruktur med status: hovedmålene med sine delmål")  # at the end of its section
    for index in (first, second):
        caption, picture = paragraphs[index], paragraphs[index - 1]
        assert caption.style.name == "Caption"
        assert picture._p.xpath(".//pic:pic") and picture.paragraph_format.keep_with_next


def test_the_web_report_document_uses_the_cached_charts(sample: Dataset, monkeypatch: pytest.MonkeyPatch) -> None:
    from byr_data.web import data as webapp

    calls: list[str] = []

    def draw(_dataset: Dataset, _day: dt.date, key: str) -> bytes:
        calls.append(key)
        return _png()

    monkeypatch.setattr(report_charts, "render_chart", draw)
    fresh = dataclasses.replace(sample, token="report-document-cache")
    first, notes = webapp.report_document(fresh, REPORT_DATE, SINCE, None, (("progress", "Tekst én."),))
    second, _ = webapp.report_document(fresh, REPORT_DATE, SINCE, None, (("progress", "Tekst to."),))  # a new text: a new document
    assert notes == [] and first != second
    assert calls == ["budget", "growth", "municipalities"]  # the pictures drawn once for both
    assert len(docx.Document(io.BytesIO(second)).inline_shapes) == 3
