"""Built-in entry styles, as Jinja2 templates, reproducing real lists' entry formats.

A template renders one entry; each output line is one line of the entry, and the style's
``join`` puts them together (a card's trailing backslash, or nothing for one-liners).
Templates see ``e`` (an escaped EntryView), ``lb``/``rb`` (literal brackets, escaped in
awesome-lint mode), ``em`` (the emphasis marker: ``_``, or ``*`` in awesome-lint mode),
and ``link(label, url)`` for links of a custom template's own (link labels and URLs in
``e.links`` are already safe).
"""

from __future__ import annotations

from dataclasses import dataclass

import jinja2


@dataclass(frozen=True)
class Style:
    name: str
    template: str
    join: str = "\n"  # between the lines of one entry
    separator: str = "\n"  # between entries
    date_format: str = "{mon} {d}, {yyyy}"


_LINKS = (
    "{% for l in e.links %}{{ ' ' if not loop.first }}"
    "{{ lb }}[{{ l.label|{labels} }}]({{ l.url }}){{ rb }}{% endfor %}"
)


def _links(labels: str) -> str:
    return _LINKS.replace("{labels}", labels)


STYLES: dict[str, Style] = {
    "bullet": Style(
        "bullet",
        "- {% if e.venue %}{{ lb }}**{{ e.venue }}**{{ rb }} {% endif %}{{ e.title }}"
        "{% for l in e.links %} [{{ lb }}{{ l.label|lower_paper }}{{ rb }}]({{ l.url }})"
        "{% endfor %}",
    ),
    "card": Style(
        "card",
        "{% if e.venue %}{{ lb }}**{{ e.venue }}**{{ rb }} {% endif %}{{ e.title }}\n"
        "{% if e.authors %}{{ em }}{{ e.authors }}{{ em }}{% endif %}\n" + _links("lower"),
        join=" \\\n",
        separator="\n\n",
    ),
    "card-dated": Style(
        "card-dated",
        "**{{ e.title }}**\n"
        "{% if e.authors %}*{{ e.authors }}*{% endif %}\n"
        "{% if e.date %}{{ lb }}{{ e.date }}{{ rb }} {% endif %}"
        "{% if e.venue_name %}{{ lb }}{{ e.venue_name }}{{ ', ' ~ e.year if e.year }}"
        "{{ ' (accepted)' if e.accepted }}{{ rb }}{% endif %}\n" + _links("capitalize"),
        join=" \\\n",
        separator="\n\n",
        date_format="{mon}. {dd}, {yyyy}",
    ),
    "survey": Style(
        "survey",
        '{{ e.markers ~ " " if e.markers }}{{ anchor }}**{{ e.title }}**\n'
        "{% if e.authors %}*{{ e.authors }}*{% endif %}\n"
        "{% if e.links %}{{ lb }} {% for l in e.links %}{{ ' | ' if not loop.first }}"
        "[{{ l.label|capitalize }}]({{ l.url }}){% endfor %} {{ rb }}{% endif %}"
        "{% if e.venue %} {{ e.venue }}{% endif %}{% if e.date %} · {{ e.date }}{% endif %}",
        join=" \\\n",
        separator="\n\n",
        date_format="{ordinal} {mon}., {yyyy}",
    ),
    "table": Style(
        "table",
        "",
    ),
}


def _lower_paper(label: str) -> str:
    return "pdf" if label == "paper" else label


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=False,
        trim_blocks=False,
    )
    env.filters["lower_paper"] = _lower_paper
    return env
