"""ByR Glåmdalen: data, computations and reports for the regional programme's dashboard."""

import os

# python-docx (the status report) brings lxml, and openpyxl switches to lxml's XML writer whenever
# lxml is installed: that writer changes the bytes of exported workbooks (e.g. a cell's leading
# carriage return). Keep openpyxl on its standard-library writer, as before, unless told otherwise.
os.environ.setdefault("OPENPYXL_LXML", "False")
