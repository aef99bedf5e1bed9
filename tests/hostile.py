"""The sample workbook with hostile HTML and markdown in every free-text cell, for the escaping tests.

Codes, IDs, levels, statuses, numbers and dates stay as they are, so the workbook still passes
validation; every text column of every sheet (municipality names included) gets :data:`PAYLOAD`
after its own value, so references between sheets (a budget change's post) still match.
Every URL points at a loopback address that nothing listens on.
"""

from __future__ import annotations

import io

from openpyxl import load_workbook

from byr_data.model import SHEETS, TOTAL_INDUSTRY_LABELS, Kind
from tests.conftest import SAMPLE

HOST = "127.0.0.2:9"
#: Marks any element or attribute that came from data: none may reach the page.
MARKER = "data-hostile"
PAYLOAD = (
    f' <b {MARKER}="b">fet</b><img {MARKER}="img" src="http://{HOST}/img.png">'
    f'<meta {MARKER}="meta" http-equiv="refresh" content="0;url=http://{HOST}/meta">'
    f'<iframe {MARKER}="iframe" src="http://{HOST}/frame"></iframe><form {MARKER}="form" action="http://{HOST}/form"></form>'
    f'<style>body {{ display: none; }}</style><div {MARKER}="div" style="position:fixed;inset:0;background:red">dekker</div>'
    f" ![bilde](http://{HOST}/md.png) [lenke](http://{HOST}/lenke) <http://{HOST}/vinkel> http://{HOST}/auto"
    f" www.localhost:9/www ola@example.localhost :red[rød] :material/home: :streamlit: $x^2$ **fet** `kode`"
    f"\n\n- [ny linje](http://{HOST}/linje)"
)
#: What the Om sheet's fields must keep to mean what they say.
_KEEP_ABOUT = {"Eksempeldata"}
FILE_NAME = f'byr<img {MARKER}="fil" src="http://{HOST}/fil.png">[fil](http://{HOST}/fil).xlsx'
COMMENT = f"Publisert{PAYLOAD}"


def hostile(value: object) -> object:
    """A text cell's value with the payload after it (blank cells stay blank)."""
    return value if value is None or str(value).strip() == "" else f"{value}{PAYLOAD}"


def hostile_workbook(change=None) -> bytes:
    """The sample workbook with :data:`PAYLOAD` in every free-text cell; ``change(workbook)`` may edit it further."""
    workbook = load_workbook(SAMPLE)
    for sheet in workbook.worksheets:
        spec = next(s for s in SHEETS if s.header == sheet.title)
        headers = [cell.value for cell in sheet[1]]
        for index, header in enumerate(headers):
            column = next((c for c in spec.columns if c.header == header), None)
            if column is None or column.kind != Kind.TEXT or (spec.header == "Om" and header == "Felt"):
                continue
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index + 1, max_col=index + 1):
                if spec.header == "Om" and sheet.cell(cell.row, 1).value in _KEEP_ABOUT:
                    continue
                if column.name == "industry" and str(cell.value or "").strip().casefold() in TOTAL_INDUSTRY_LABELS:
                    continue
                cell.value = hostile(cell.value)
    if change is not None:
        change(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
