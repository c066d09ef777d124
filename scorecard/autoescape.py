"""Jinja autoescaping that yields plain text instead of `Markup` objects.

With autoescaping on, Jinja wraps every `{{ value }}` in `markupsafe.escape`, which
builds a `Markup` object only for the template to join it into one string straight
away. That object's Python-level constructor was a third of rendering a model page.
The escaping itself is identical: same characters, same `__html__` protocol; only the
throwaway wrapper is skipped. A rendered template is joined into a plain `str` either
way, and a macro's output is still wrapped in `Markup` by Jinja, so nothing that relies
on a value being marked safe changes.
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment
from jinja2.compiler import CodeGenerator, Frame
from markupsafe import escape

try:
    from markupsafe._speedups import _escape_inner
except ImportError:  # markupsafe moved its C helper: fall back to the public escape
    def _escape_inner(s: str, /) -> str:
        return str(escape(s))


def escape_text(value: Any, /) -> str:
    """`markupsafe.escape`, returning the text rather than a `Markup` of it."""
    if type(value) is str:  # noqa: E721 (exactly str, as markupsafe checks: a subclass may carry __html__)
        return _escape_inner(value)
    if hasattr(value, "__html__"):
        return value.__html__()  # type: ignore[no-any-return]
    return _escape_inner(str(value))


class TextEscapingGenerator(CodeGenerator):
    """Compiles `{{ value }}` to `environment.escape_text(value)` where autoescaping is
    fixed on; templates that toggle it at run time keep Jinja's own code."""

    def _output_child_pre(self, node: Any, frame: Frame, finalize: Any) -> None:
        if frame.eval_ctx.autoescape and not frame.eval_ctx.volatile:
            self.write("environment.escape_text(")
            if finalize.src is not None:
                self.write(finalize.src)
        else:
            super()._output_child_pre(node, frame, finalize)


class TextEscapingEnvironment(Environment):
    code_generator_class = TextEscapingGenerator
    escape_text = staticmethod(escape_text)
