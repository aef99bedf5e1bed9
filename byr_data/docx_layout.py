"""Generic Word layout helpers on python-docx: A4 pages, a page-number footer, language and tables that read.

python-docx's default template is US Letter with author «python-docx», English language and
tables of equal-width columns that Word and LibreOffice stretch as they like. These helpers set
what a Norwegian document needs, in the XML both programs honour:

- page size and margins on every section;
- the page number as real fields (``PAGE``, ``NUMPAGES``) that Word and LibreOffice fill in;
- the language on the document defaults and the Normal style (spelling and hyphenation);
- tables with a fixed layout: widths in ``tblGrid``/``gridCol`` *and* every cell's ``tcW`` (LibreOffice
  reads the grid, Word the cells), a header row repeated on each page (``tblHeader``) and rows
  that are never split across pages (``cantSplit``).
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Sequence
from typing import Any

from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Cm, Emu, Pt, RGBColor
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph

#: A4 in portrait.
A4_WIDTH_CM = 21.0
A4_HEIGHT_CM = 29.7
#: Norwegian documents use 2.5 cm on every side: a text block 16 cm wide.
MARGIN_CM = 2.5
TEXT_WIDTH_CM = A4_WIDTH_CM - 2 * MARGIN_CM
#: Space left and right of the text in a table cell (Word's default is 0.19 cm).
CELL_PADDING_CM = 0.1


class Align(enum.Enum):
    """How the text in a table column is aligned."""

    LEFT = WD_ALIGN_PARAGRAPH.LEFT
    RIGHT = WD_ALIGN_PARAGRAPH.RIGHT
    CENTER = WD_ALIGN_PARAGRAPH.CENTER


@dataclasses.dataclass(frozen=True)
class Column:
    """One table column: its header, a fixed width in cm or a share of what is left, and alignment.

    A column with ``width_cm`` gets exactly that (narrow columns of ids, dates, statuses and
    amounts: wide enough that their words never break); the columns without share the rest of
    the text block in proportion to ``weight`` (names and free text, which wrap at spaces).
    """

    header: str
    width_cm: float | None = None
    weight: float = 1.0
    align: Align = Align.LEFT


@dataclasses.dataclass(frozen=True)
class Row:
    """A table row with a look of its own: bold, shaded (hex colour such as ``"E8EEF4"``), one cell indented."""

    cells: Sequence[str]
    bold: bool = False
    shade: str | None = None
    indent_cm: float = 0.0
    indent_column: int = 0


def page_setup(document: Document, margin_cm: float = MARGIN_CM) -> None:
    """A4 portrait with ``margin_cm`` on every side, for every section of the document."""
    for section in document.sections:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width = Cm(A4_WIDTH_CM)
        section.page_height = Cm(A4_HEIGHT_CM)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Cm(margin_cm))
        section.header_distance = Cm(1.25)
        section.footer_distance = Cm(1.25)


def text_width(document: Document) -> Emu:
    """The width between the margins of the last section (where new content goes)."""
    return _text_width(document.sections[-1])


def _text_width(section: Section) -> Emu:
    # python-docx types the lengths as optional (a section may leave them to the defaults); ours are always set.
    return Emu((section.page_width or 0) - (section.left_margin or 0) - (section.right_margin or 0))


def set_language(document: Document, language: str) -> None:
    """The language of the text (e.g. ``"nb-NO"``): core property, document defaults and the Normal style.

    Word and LibreOffice take the spelling and hyphenation language from ``w:lang`` on the text,
    not from the core property.
    """
    document.core_properties.language = language
    styles = document.styles.element
    defaults = _child(styles, "w:docDefaults", first=True)
    targets = [_child(_child(defaults, "w:rPrDefault", first=True), "w:rPr"), document.styles["Normal"].element.get_or_add_rPr()]
    for rpr in targets:
        lang = _child(rpr, "w:lang")
        for attribute in ("w:val", "w:eastAsia", "w:bidi"):
            lang.set(qn(attribute), language)


def _child(parent: Any, tag: str, first: bool = False) -> Any:  # lxml elements
    """``parent``'s child ``tag``, added (as the first child or the last) when missing."""
    child = parent.find(qn(tag))
    if child is None:
        child = OxmlElement(tag)
        if first:
            parent.insert(0, child)
        else:
            parent.append(child)
    return child


def set_font(document: Document, name: str, size_pt: float) -> None:
    """The body font of the Normal style (and the theme fonts it would otherwise fall back to)."""
    normal = document.styles["Normal"]
    normal.font.name = name
    normal.font.size = Pt(size_pt)
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), name)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(attribute), None)


def style_heading(document: Document, style_name: str, font: str, size_pt: float, colour: str, bold: bool = True,
                  space_before_pt: float = 12, space_after_pt: float = 4) -> None:
    """A heading style in ``font`` and ``colour`` (hex) instead of the template's blue theme font; it stays a heading."""
    style = document.styles[style_name]
    style.font.name = font
    style.font.size = Pt(size_pt)
    style.font.bold = bold
    style.font.italic = False
    style.font.color.rgb = RGBColor.from_string(colour)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), font)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(attribute), None)
    style.paragraph_format.space_before = Pt(space_before_pt)
    style.paragraph_format.space_after = Pt(space_after_pt)
    style.paragraph_format.keep_with_next = True
    for border in style.element.iter(qn("w:bottom")):  # the Title style's rule under the text
        border.set(qn("w:color"), colour)


def add_field(paragraph: Paragraph, instruction: str, placeholder: str = "1", size_pt: float | None = None) -> None:
    """A field such as ``PAGE`` or ``NUMPAGES`` (``w:fldSimple``), shown as ``placeholder`` until the program fills it in."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), f" {instruction} ")
    run = OxmlElement("w:r")
    if size_pt is not None:
        rpr = OxmlElement("w:rPr")
        size = OxmlElement("w:sz")
        size.set(qn("w:val"), str(round(size_pt * 2)))
        rpr.append(size)
        run.append(rpr)
    text = OxmlElement("w:t")
    text.text = placeholder
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def page_footer(document: Document, left: str, size_pt: float = 8) -> None:
    """Every page's footer: ``left`` at the left margin and «Side N av M» at the right, as fields."""
    for section in document.sections:
        footer = section.footer
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
        paragraph.text = ""
        stops = paragraph.paragraph_format.tab_stops
        # The template's Footer style has centre and right stops for Letter; a tab would stop at the centre one.
        style_stops = paragraph.style.paragraph_format.tab_stops if paragraph.style is not None else None
        if style_stops is not None:
            for stop in list(style_stops):
                stops.add_tab_stop(stop.position, WD_TAB_ALIGNMENT.CLEAR)
        stops.add_tab_stop(_text_width(section), WD_TAB_ALIGNMENT.RIGHT)
        paragraph.add_run(f"{left}\tSide ").font.size = Pt(size_pt)
        add_field(paragraph, "PAGE", size_pt=size_pt)
        paragraph.add_run(" av ").font.size = Pt(size_pt)
        add_field(paragraph, "NUMPAGES", size_pt=size_pt)


def column_widths(columns: Sequence[Column], width: Emu) -> list[Emu]:
    """Each column's width: the fixed ones as given, the rest of ``width`` shared by weight.

    Raises ValueError when the fixed widths alone are wider than ``width``.
    """
    fixed = sum(Cm(c.width_cm) for c in columns if c.width_cm is not None)
    if fixed > width:
        raise ValueError(f"columns are {Emu(fixed).cm:.2f} cm wide, more than {Emu(width).cm:.2f} cm")
    weights = sum(c.weight for c in columns if c.width_cm is None)
    rest = width - fixed
    # Whole twips (635 EMU each): the XML stores twips, so the sum never rounds up past the text width.
    return [Emu(int(Cm(c.width_cm) if c.width_cm is not None else rest * c.weight / weights) // 635 * 635) for c in columns]


#: The children of ``w:tcPr`` that come after ``w:shd`` (Word refuses a file with them out of schema order).
_TCPR_AFTER_SHD = ("w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark", "w:headers", "w:cellIns",
                   "w:cellDel", "w:cellMerge", "w:tcPrChange")
#: The children of ``w:tblPr`` after ``w:tblW`` and after ``w:tblCellMar``, in schema order.
_TBLPR_AFTER_TBLW = ("w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook",
                     "w:tblCaption", "w:tblDescription", "w:tblPrChange")
_PPR_AFTER_SUPPRESS_HYPHENS = ("w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi",
                               "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
                               "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl",
                               "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
_TBLPR_AFTER_CELLMAR = _TBLPR_AFTER_TBLW[_TBLPR_AFTER_TBLW.index("w:tblCellMar") + 1:]


def _shade(cell: _Cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().insert_element_before(shading, *_TCPR_AFTER_SHD)


def _row_flag(row: _Row, tag: str) -> None:
    flag = OxmlElement(tag)
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def _cell_margins(table: Table, side_cm: float, top_cm: float = 0.03) -> None:
    margins = OxmlElement("w:tblCellMar")
    for side, value in (("top", top_cm), ("left", side_cm), ("bottom", top_cm), ("right", side_cm)):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), str(round(value / 2.54 * 1440)))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    table._tbl.tblPr.insert_element_before(margins, *_TBLPR_AFTER_CELLMAR)


def _fill(cell: _Cell, text: str, column: Column, size_pt: float, bold: bool = False, indent_cm: float = 0.0) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.text = ""
    lines = text.split("\n")
    for number, line in enumerate(lines):
        run = paragraph.add_run(line)
        run.font.size = Pt(size_pt)
        run.bold = bold or None
        if number < len(lines) - 1:
            run.add_break()
    layout = paragraph.paragraph_format
    layout.space_before = Pt(1)
    layout.space_after = Pt(1)
    layout.line_spacing = 1.0
    paragraph.alignment = column.align.value
    if indent_cm:
        layout.left_indent = Cm(indent_cm)
    # Words in a table are never hyphenated: a narrow column gets room for its longest word instead.
    ppr = paragraph._p.get_or_add_pPr()
    ppr.insert_element_before(OxmlElement("w:suppressAutoHyphens"), *_PPR_AFTER_SUPPRESS_HYPHENS)


def table(document: Document, columns: Sequence[Column], rows: Sequence[Sequence[str] | Row], size_pt: float = 9,
          header_shade: str = "D9E2EC", width: Emu | None = None) -> Table:
    """A table that reads on paper: fixed column widths within the text block, a bold shaded header row
    repeated on every page, rows never split across pages, ``size_pt`` text with narrow padding.

    ``rows`` are the cells' texts (a newline starts a new line in the cell) or :class:`Row` for a
    row that looks different (a group row in bold, shaded, or an indented child row).
    """
    widths = column_widths(columns, width if width is not None else text_width(document))
    result = document.add_table(rows=1, cols=len(columns))
    result.style = "Table Grid"
    result.alignment = WD_TABLE_ALIGNMENT.LEFT
    result.autofit = False  # w:tblLayout fixed: the widths below hold
    _cell_margins(result, CELL_PADDING_CM)
    total = OxmlElement("w:tblW")
    total.set(qn("w:w"), str(sum(w // 635 for w in widths)))
    total.set(qn("w:type"), "dxa")
    existing = result._tbl.tblPr.find(qn("w:tblW"))
    if existing is not None:
        result._tbl.tblPr.remove(existing)
    result._tbl.tblPr.insert_element_before(total, *_TBLPR_AFTER_TBLW)
    for grid_column, column_width in zip(result.columns, widths, strict=True):
        grid_column.width = column_width
    header = result.rows[0]
    _row_flag(header, "w:tblHeader")
    _row_flag(header, "w:cantSplit")
    for cell, column, column_width in zip(header.cells, columns, widths, strict=True):
        cell.width = column_width
        _fill(cell, column.header, column, size_pt, bold=True)
        _shade(cell, header_shade)
    for values in rows:
        spec = values if isinstance(values, Row) else Row(values)
        if len(spec.cells) != len(columns):
            raise ValueError(f"a row has {len(spec.cells)} cells, the table {len(columns)} columns")
        row = result.add_row()
        _row_flag(row, "w:cantSplit")
        for number, (cell, value, column, column_width) in enumerate(zip(row.cells, spec.cells, columns, widths, strict=True)):
            cell.width = column_width
            _fill(cell, value, column, size_pt, bold=spec.bold, indent_cm=spec.indent_cm if number == spec.indent_column else 0.0)
            if spec.shade:
                _shade(cell, spec.shade)
    return result


def picture(document: Document, png: bytes, width_cm: float) -> Paragraph:
    """A picture centred in its own paragraph, at most the text block wide, kept on the page with what follows."""
    import io

    width = min(Cm(width_cm), text_width(document))
    document.add_picture(io.BytesIO(png), width=width)
    paragraph = document.paragraphs[-1]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.keep_with_next = True
    paragraph.paragraph_format.space_before = Pt(6)
    paragraph.paragraph_format.space_after = Pt(2)
    return paragraph
