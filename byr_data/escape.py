"""Data is text: escape a value from data, a file name or a comment for the place it is shown.

One function per place: :func:`md` for Streamlit's markdown (``st.markdown``, captions,
alerts, labels, titles), :func:`html` for HTML we write ourselves, :func:`plotly` for chart
titles, labels, legends and hover texts. Values stay as they are in storage and downloads;
only the rendering escapes.

Why markdown needs more than backslashes: Streamlit renders markdown with react-markdown and
remark-gfm, and several of its steps work on the *text* after backslash escapes are resolved:
GFM's autolinks (``http://…``, ``www.…``, e-mail addresses), Streamlit's ``:material/…:``
icons, its ``:streamlit:`` logo and emoji shortcodes. In Chromium with Streamlit 1.67,
``http\\://…``, ``http:\\/\\/…`` and ``http&#58;//…`` all still became links, ``www\\.…`` and
``ola\\@…`` too, and ``\\:material/home\\:`` an icon. Those patterns are broken with an invisible
WORD JOINER (U+2060) inside them (after ``:``, in ``www.``, after ``@``): no link, icon or logo,
and the visible text stays the same (tests/test_browser_hostile.py). Everything else is a
backslash before the punctuation that could start markup, which CommonMark renders as the
character itself.
"""

from __future__ import annotations

import html as _html
import re

#: Invisible, not whitespace, no line break: splits a pattern without changing what is seen.
JOINER = "\u2060"

# Punctuation that starts markup wherever it stands: emphasis, code, links and images,
# raw HTML and autolinks, blockquotes, strikethrough, tables, entities, LaTeX, escapes.
_ALWAYS = re.compile(r"([\\`*\[\]<>~|&$])")
# "_" cannot open or close emphasis between two letters or digits ("byr_glamdalen").
_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")
# At the start of a line (after up to any indentation): headings, list items, setext and
# thematic breaks ("#", "-", "+", "="), and ordered lists ("1." or "1)").
_LINE_START = re.compile(r"^([ \t]*)([#+=-])", re.MULTILINE)
_ORDERED = re.compile(r"^([ \t]*\d+)([.)])", re.MULTILINE)
# Text-level patterns (see the module docstring).
_COLON = re.compile(r":(?=\S)")
_WWW = re.compile(r"(www)(\.)", re.IGNORECASE)
_AT = re.compile(r"@(?=[\w-])")


def md(value: object) -> str:
    """A value shown as itself inside Streamlit markdown: no formatting, link, image, HTML, icon or formula."""
    text = "" if value is None else str(value)
    text = _COLON.sub(":" + JOINER, text)
    text = _WWW.sub(r"\1" + JOINER + r"\2", text)
    text = _AT.sub("@" + JOINER, text)
    text = _ALWAYS.sub(r"\\\1", text)
    text = _UNDERSCORE.sub(r"\\_", text)
    text = _LINE_START.sub(r"\1\\\2", text)
    return _ORDERED.sub(r"\1\\\2", text)


_LINE_BREAKS = str.maketrans({"\n": "&#10;", "\r": "&#13;"})


def html(value: object) -> str:
    """A value shown as itself inside HTML (element text or a quoted attribute).

    Line breaks become character references: the same in HTML, but inside ``st.markdown(…,
    unsafe_allow_html=True)`` a blank line would end the HTML block and start markdown again.
    """
    return _html.escape("" if value is None else str(value), quote=True).translate(_LINE_BREAKS)


# plotly.js draws text through its own small HTML subset (<a href>, <b>, <br>, <span style> …)
# and decodes &amp; &lt; &gt; and numeric entities; a text with "$…$" would go to MathJax.
_PLOTLY = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "$": "&#36;"})


def plotly(value: object) -> str:
    """A value shown as itself in a plotly chart (title, axis or category label, legend, annotation, hover)."""
    return ("" if value is None else str(value)).translate(_PLOTLY)
