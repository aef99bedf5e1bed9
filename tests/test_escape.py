"""Data is text: the escaping for markdown, HTML and plotly (expected outputs worked out by hand)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from byr_data import escape

J = escape.JOINER


@pytest.mark.parametrize(("value", "expected"), [
    ("Kongsvinger", "Kongsvinger"),
    ("Data fra «byr_glamdalen.xlsx»", "Data fra «byr_glamdalen.xlsx»"),  # "_" between letters is no emphasis
    ("Mål: 100 per år. 1.1.2015 (53 232)", "Mål: 100 per år. 1.1.2015 (53 232)"),  # ":" before a space, "." mid-line
    ("[x](http://127.0.0.2:9/x)", rf"\[x\](http:{J}//127.0.0.2:{J}9/x)"),
    ("![x](http://127.0.0.2:9/x.png)", rf"!\[x\](http:{J}//127.0.0.2:{J}9/x.png)"),
    ("se https://127.0.0.2:9/a", f"se https:{J}//127.0.0.2:{J}9/a"),
    ("WWW.localhost/x", f"WWW{J}.localhost/x"),
    ("ola@x.localhost", f"ola@{J}x.localhost"),
    ("<http://127.0.0.2:9/>", rf"\<http:{J}//127.0.0.2:{J}9/\>"),
    ('<meta http-equiv="refresh" content="0;url=http://127.0.0.2:9/m">',
     rf'\<meta http-equiv="refresh" content="0;url=http:{J}//127.0.0.2:{J}9/m"\>'),
    ("**fet** _kursiv_ ~~borte~~ `kode`", r"\*\*fet\*\* \_kursiv\_ \~\~borte\~\~ \`kode\`"),
    (":red[rød] :material/home: :streamlit: :smile:", rf":{J}red\[rød\] :{J}material/home: :{J}streamlit: :{J}smile:"),
    ("$x^2$ og $$y$$", r"\$x^2\$ og \$\$y\$\$"),
    ("a | b\n--- | ---", "a \\| b\n\\--- \\| ---"),
    ("# Overskrift\n> sitat\n- punkt\n+ punkt\n  2. punkt\n===", "\\# Overskrift\n\\> sitat\n\\- punkt\n\\+ punkt\n  2\\. punkt\n\\==="),
    ("&lt;b&gt; &amp;", r"\&lt;b\&gt; \&amp;"),
    ("C:\\mappe\\fil.xlsx", f"C:{J}\\\\mappe\\\\fil.xlsx"),
    (None, ""),
    (3401, "3401"),
])
def test_md_escapes_every_markup(value: object, expected: str) -> None:
    assert escape.md(value) == expected


def _shown(markdown: str) -> str:
    """What a reader sees: backslash escapes resolved, the invisible joiner dropped."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown).replace(escape.JOINER, "")


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_characters=escape.JOINER)))
def test_md_keeps_the_visible_text(value: str) -> None:
    assert _shown(escape.md(value)) == value


HOSTILE = [
    '<img src="http://127.0.0.2:9/i.png" onerror="alert(1)">',
    '<a href="http://127.0.0.2:9/a">lenke</a>',
    "'\"><script>alert(1)</script>",
    "Tom & Jerry < 3 > 2",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_md_leaves_no_tag_link_or_autolink(value: str) -> None:
    text = escape.md(value)
    assert not re.search(r"(?<!\\)<[a-z/!]", text)
    assert not re.search(r"(?<!\\)\]\(", text)
    assert not re.search(r"https?://|www\.", text, re.IGNORECASE)


@pytest.mark.parametrize(("value", "expected"), [
    ('Kongsvinger<meta http-equiv="refresh" content="0;url=http://127.0.0.2:9/">',
     "Kongsvinger&lt;meta http-equiv=&quot;refresh&quot; content=&quot;0;url=http://127.0.0.2:9/&quot;&gt;"),
    ("'\"&", "&#x27;&quot;&amp;"),
    ("Kongsvinger\n\n[x](http://127.0.0.2:9/)\r", "Kongsvinger&#10;&#10;[x](http://127.0.0.2:9/)&#13;"),  # no blank line ends an HTML block
    (None, ""),
])
def test_html_escapes_tags_and_quotes(value: object, expected: str) -> None:
    assert escape.html(value) == expected


@pytest.mark.parametrize(("value", "expected"), [
    ('<a href="http://127.0.0.2:9/">x</a>', '&lt;a href="http://127.0.0.2:9/"&gt;x&lt;/a&gt;'),
    ("<b>fet</b><br>", "&lt;b&gt;fet&lt;/b&gt;&lt;br&gt;"),
    ("&deg; &#60;", "&amp;deg; &amp;#60;"),  # plotly.js would decode these entities
    ("$x^2$", "&#36;x^2&#36;"),  # plotly.js hands "$…$" to MathJax
    ("Kongsvinger", "Kongsvinger"),
    (None, ""),
])
def test_plotly_escapes_its_html_subset(value: object, expected: str) -> None:
    assert escape.plotly(value) == expected
