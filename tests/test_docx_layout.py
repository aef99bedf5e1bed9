"""Tests for byr_data.docx_layout: A4 pages, the page-number footer, the language and tables that read."""

from __future__ import annotations

import io

import docx
import pytest
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Cm, Emu

from byr_data import docx_layout
from byr_data.docx_layout import Align, Column, Row

TWIP = 635  # EMU


def _reopen(document: docx.document.Document) -> docx.document.Document:
    """The document as Word reads it: saved and opened again (lengths become whole twips)."""
    out = io.BytesIO()
    document.save(out)
    return docx.Document(io.BytesIO(out.getvalue()))


def _grid(table) -> list[int]:
    return [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.findall(qn("w:gridCol"))]


def test_page_setup_makes_every_section_a4_with_margins_of_2_5_cm() -> None:
    document = docx.Document()
    document.add_section(WD_SECTION.NEW_PAGE)
    docx_layout.page_setup(document)
    for section in _reopen(document).sections:
        assert (round(section.page_width.cm, 2), round(section.page_height.cm, 2)) == (21.0, 29.7)  # python-docx's default is Letter
        assert [round(m.cm, 2) for m in (section.left_margin, section.right_margin, section.top_margin, section.bottom_margin)] == [2.5] * 4
    assert round(docx_layout.text_width(document).cm, 2) == 16.0


def test_page_footer_has_the_text_and_page_number_fields_on_every_section() -> None:
    document = docx.Document()
    document.add_section(WD_SECTION.NEW_PAGE)
    docx_layout.page_setup(document)
    docx_layout.page_footer(document, "ByR Glåmdalen · Statusrapport per 15.02.2016")
    for section in _reopen(document).sections:
        paragraph = section.footer.paragraphs[0]
        fields = [f.get(qn("w:instr")).strip() for f in paragraph._p.iter(qn("w:fldSimple"))]
        assert fields == ["PAGE", "NUMPAGES"]
        texts = "".join(t.text for t in paragraph._p.iter(qn("w:t")))
        assert texts == "ByR Glåmdalen · Statusrapport per 15.02.2016Side 1 av 1"  # «1»: the fields' text until they are filled in
        # «Side N av M» at a right tab on the right margin (9072 twips); the template's Letter stops cleared.
        stops = [(s.position // TWIP, s.alignment) for s in paragraph.paragraph_format.tab_stops]
        assert stops == [(4680, WD_TAB_ALIGNMENT.CLEAR), (9072, WD_TAB_ALIGNMENT.RIGHT), (9360, WD_TAB_ALIGNMENT.CLEAR)]


def test_set_language_sets_the_property_the_defaults_and_the_normal_style() -> None:
    document = docx.Document()
    docx_layout.set_language(document, "nb-NO")
    document = _reopen(document)
    assert document.core_properties.language == "nb-NO"
    styles = document.styles.element
    default = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang"))
    normal = document.styles["Normal"].element.rPr.find(qn("w:lang"))
    assert default.get(qn("w:val")) == normal.get(qn("w:val")) == "nb-NO"  # python-docx's template says en-US


def test_column_widths_fixed_as_given_and_the_rest_shared_by_weight() -> None:
    columns = [Column("ID", 2.0), Column("Navn", weight=1), Column("Tekst", weight=3)]
    widths = docx_layout.column_widths(columns, Cm(16))
    # 16 − 2 = 14 cm shared 1:3: 3.5 cm and 10.5 cm, each rounded down to whole twips.
    assert [round(Emu(w).cm, 2) for w in widths] == [2.0, 3.5, 10.5]
    assert all(w % TWIP == 0 for w in widths) and sum(widths) <= Cm(16)
    with pytest.raises(ValueError, match="more than 16.00 cm"):
        docx_layout.column_widths([Column("A", 10.0), Column("B", 6.5)], Cm(16))


def test_table_has_fixed_widths_a_repeated_header_rows_kept_whole_and_aligned_columns() -> None:
    document = docx.Document()
    docx_layout.page_setup(document)
    columns = [Column("ID", 1.5), Column("Post"), Column("Beløp", 3.0, align=Align.RIGHT)]
    docx_layout.table(document, columns, [["1", "Reise", "1 250 000 kr"], Row(["2", "Møter", "−120 000 kr"], bold=True, shade="EAF0F6", indent_cm=0.4, indent_column=1)])
    table = _reopen(document).tables[0]
    grid = _grid(table)
    # The page is stored in whole twips (1440 an inch): 21 cm = 11906, 2.5 cm = 1417, so the text block is 9072.
    # 1.5 cm and 3 cm are 850.4 and 1700.8 twips, rounded down; «Post» gets the rest: 9072 − 850.4 − 1700.8 = 6520.8 -> 6520.
    assert grid == [850, 6520, 1700] and sum(grid) <= 9072
    assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    for row in table.rows:
        assert [int(c._tc.tcPr.find(qn("w:tcW")).get(qn("w:w"))) for c in row.cells] == grid  # Word reads the cells, LibreOffice the grid
        assert row._tr.trPr.find(qn("w:cantSplit")) is not None
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert table.rows[1]._tr.trPr.find(qn("w:tblHeader")) is None
    assert [c.text for c in table.rows[0].cells] == ["ID", "Post", "Beløp"]
    assert all(r.bold for r in table.rows[0].cells[1].paragraphs[0].runs if r.text)
    amount = table.rows[1].cells[2].paragraphs[0]
    assert amount.text == "1 250 000 kr" and amount.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert table.rows[1].cells[1].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.LEFT
    group = table.rows[2]
    assert all(r.bold for r in group.cells[0].paragraphs[0].runs if r.text)
    assert group.cells[0]._tc.tcPr.find(qn("w:shd")).get(qn("w:fill")) == "EAF0F6"
    assert round(group.cells[1].paragraphs[0].paragraph_format.left_indent.cm, 2) == 0.4
    assert group.cells[0].paragraphs[0].paragraph_format.left_indent is None


def test_table_refuses_a_row_with_the_wrong_number_of_cells() -> None:
    document = docx.Document()
    with pytest.raises(ValueError, match="a row has 1 cells, the table 2 columns"):
        docx_layout.table(document, [Column("A"), Column("B")], [["bare én"]])


def test_picture_is_centred_within_the_text_block_and_kept_with_its_caption() -> None:
    from PIL import Image

    png = io.BytesIO()
    Image.new("RGB", (20, 10), "white").save(png, format="PNG")
    document = docx.Document()
    docx_layout.page_setup(document)
    paragraph = docx_layout.picture(document, png.getvalue(), 30.0)
    assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER and paragraph.paragraph_format.keep_with_next
    assert round(document.inline_shapes[0].width.cm, 2) == 16.0  # 30 cm asked, the text block is 16 cm
