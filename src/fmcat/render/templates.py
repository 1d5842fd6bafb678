"""Custom entry formats: a Jinja2 template for one entry (``--template FILE``).

A template sees ``e`` (an escaped EntryView), ``anchor`` (the survey style's in-page
anchor, else empty), ``lb``/``rb`` (literal brackets, escaped in awesome-lint mode), ``em``
(the emphasis marker) and ``link(label, url)`` for links of its own. Each output line is
one line of the entry.
"""

from __future__ import annotations

import jinja2

from fmcat.errors import UsageError
from fmcat.render.markdown import link
from fmcat.render.styles import Marks
from fmcat.render.view import EntryView

RECORD = "\x1e"  # opens each entry; a control character escaping never lets through


class EntryTemplate:
    def __init__(self, source: str) -> None:
        env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False)
        # One render call for many entries: the template inside a loop.
        wrapped = "{% for e, anchor in items %}" + RECORD + source + "{% endfor %}"
        try:
            self.template = env.from_string(wrapped)
        except jinja2.TemplateSyntaxError as err:
            raise UsageError(f"template line {err.lineno}: {err.message}") from None

    def lines(self, items: list[tuple[EntryView, str]], marks: Marks) -> list[list[str]]:
        """Each entry's output lines, in order."""
        try:
            text = self.template.render(
                items=items, lb=marks.lb, rb=marks.rb, em=marks.em, link=link
            )
        except jinja2.TemplateError as err:
            raise UsageError(f"template: {err}") from None
        return [chunk.split("\n") for chunk in text.split(RECORD)[1:]]
