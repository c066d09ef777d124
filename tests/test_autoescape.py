"""The text-yielding autoescape must escape exactly as markupsafe does."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from jinja2 import DictLoader, Environment
from markupsafe import Markup, escape

from scorecard.autoescape import TextEscapingEnvironment, escape_text

HOSTILE = ["<script>alert(1)</script>", "\" onmouseover=\"x", "'single'", "a & b", "javascript:alert(1)", ""]


class Html:
    def __html__(self) -> str:
        return "<b>trusted</b>"


class Tagged(str):
    """A str subclass is not trusted unless it says so."""


@given(st.text())
def test_text_escapes_like_markupsafe(text: str) -> None:
    assert escape_text(text) == str(escape(text))
    assert type(escape_text(text)) is str


def test_values_escape_like_markupsafe() -> None:
    for value in [*HOSTILE, 3, 2.5, None, Markup("<i>safe</i>"), Html(), Tagged("<u>")]:
        assert escape_text(value) == str(escape(value)), value


TEMPLATES = {
    "page.html": ('<a href="{{ url }}">{{ text }}</a>{{ safe }}{% macro m(x) %}<i>{{ x }}</i>{% endmacro %}'
                  "{{ m(text) }}{% set block %}<p>{{ text }}</p>{% endset %}{{ block }}"
                  "{% autoescape false %}{{ raw }}{% endautoescape %}{{ text|upper }}"),
}


def test_templates_render_as_jinja_does() -> None:
    """Output, macros, set blocks, filters and an autoescape toggle: byte-identical to stock Jinja."""
    context = {"url": "javascript:\"x'", "text": "<script>&", "safe": Markup("<hr>"), "raw": "<kept>"}
    ours = TextEscapingEnvironment(loader=DictLoader(TEMPLATES), autoescape=True).get_template("page.html")
    stock = Environment(loader=DictLoader(TEMPLATES), autoescape=True).get_template("page.html")
    rendered = ours.render(context)
    assert rendered == stock.render(context)
    assert "<script>" not in rendered and "<kept>" in rendered and rendered.count("&lt;script&gt;&amp;") == 3
