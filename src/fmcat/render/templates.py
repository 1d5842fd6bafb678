"""Custom entry formats: a Jinja2 template for one entry (``--template FILE`` or the
catalog's ``[render] template_file``).

A template sees ``e`` (an escaped EntryView), ``anchor`` (the survey style's in-page
anchor, else empty), ``lb``/``rb`` (literal brackets, escaped in awesome-lint mode), ``em``
(the emphasis marker), ``link(label, url)`` for links of its own and ``range``. Each output
line is one line of the entry.

Templates come from catalogs, and catalogs come from strangers' pull requests, so every
template runs in Jinja2's immutable sandbox with nothing else reachable: no loader (no
include, import or extends), no other globals, and budgets on calls, loop steps, string
sizes and output, so that no template can run code, read a file or the environment, or
exhaust the machine.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterator
from typing import Any

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment

from fmcat.errors import UsageError
from fmcat.render.markdown import link
from fmcat.render.styles import Marks
from fmcat.render.view import EntryView

RECORD = "\x1e"  # opens each entry; a control character escaping never lets through

# Calls (of functions, methods, macros, filters and operators) and loop steps (items
# taken from ``range``) allowed per rendering: a fixed allowance plus a share per entry.
BUDGET_BASE = 20_000
BUDGET_PER_ENTRY = 200
MAX_TEXT = 1_000_000  # characters of any one value a template computes
MAX_NUMBER = 100_000  # the largest count, width or exponent a template may pass
OUTPUT_PER_ENTRY = 64 * 1024  # characters, on top of a fixed allowance
OUTPUT_BASE = 1 << 20

# A width or precision of 100,000 or more in a %-format or a {}-format.
_WIDE_FORMAT = re.compile(r"%[-#0 +*]*\d{6,}|%[-#0 +*]*\d*\.\d{6,}|\{[^{}]*:[^{}]*\d{6,}[^{}]*\}")


class TemplateLimit(jinja2.sandbox.SecurityError):
    """A template went over one of its budgets."""


class _Budget:
    def __init__(self) -> None:
        self.reset(0)

    def reset(self, entries: int) -> None:
        self.limit = BUDGET_BASE + BUDGET_PER_ENTRY * entries
        self.calls = 0
        self.steps = 0

    def call(self) -> None:
        self.calls += 1
        if self.calls > self.limit:
            raise TemplateLimit(f"more than {self.limit} calls")

    def step(self) -> None:
        self.steps += 1
        if self.steps > self.limit:
            raise TemplateLimit(f"more than {self.limit} loop steps")


def _check_value(value: Any) -> None:
    """Refuse an argument that could make a result too large."""
    if isinstance(value, bool):
        return
    if isinstance(value, int) and abs(value) > MAX_NUMBER:
        raise TemplateLimit(f"number {value} is larger than {MAX_NUMBER}")
    if isinstance(value, float) and abs(value) > MAX_NUMBER:
        raise TemplateLimit(f"number {value:g} is larger than {MAX_NUMBER}")
    if isinstance(value, (str, list, tuple, dict)) and len(value) > MAX_TEXT:
        raise TemplateLimit(f"a value of {len(value)} items is longer than {MAX_TEXT}")


def _check_format(template: Any) -> None:
    """Refuse a %-format or str.format string asking for a huge width or precision."""
    if isinstance(template, str):
        _check_value(template)
        if _WIDE_FORMAT.search(template):
            raise TemplateLimit("a format width or precision is too large")


def _check_growth(name: str, value: Any, args: tuple[Any, ...]) -> None:
    """Refuse a replace, join or format whose result would be too long, before computing
    it."""
    if name == "format":
        _check_format(value)
        return
    if name == "replace" and isinstance(value, str) and len(args) >= 2:
        old, new = str(args[0]), str(args[1])
        hits = value.count(old) if old else len(value) + 1
        size = len(value) + hits * (len(new) - len(old))
    elif name == "join" and args:
        separator, items = (value, args[0]) if isinstance(value, str) else (args[0], value)
        if not isinstance(items, (list, tuple, str)):
            return
        size = len(str(separator)) * len(items) + sum(len(str(item)) for item in items)
    else:
        return
    if size > MAX_TEXT:
        raise TemplateLimit(f"a {name} longer than {MAX_TEXT}")


def _sized(result: Any) -> Any:
    if isinstance(result, (str, list, tuple)) and len(result) > MAX_TEXT:
        raise TemplateLimit(f"a value of {len(result)} items is longer than {MAX_TEXT}")
    return result


def _length(value: Any) -> int:
    return len(value) if isinstance(value, (str, list, tuple)) else 0


class _Sandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox with budgets on every call, operator and loop."""

    intercepted_binops = frozenset({"*", "**", "+", "%", "//", "/"})

    def __init__(self, budget: _Budget) -> None:
        super().__init__(
            undefined=jinja2.StrictUndefined,
            autoescape=False,
            loader=jinja2.FunctionLoader(lambda name: None),  # every include: not found
            extensions=(),
        )
        self.budget = budget
        self.globals.clear()
        self.globals["range"] = self._range
        self.filters = {name: self._guard(name, f) for name, f in self.filters.items()}
        self.tests = {name: self._guard(name, f) for name, f in self.tests.items()}

    def _range(self, *args: int) -> Iterator[int]:
        for value in args:
            _check_value(value)
        for item in range(*args):
            self.budget.step()
            yield item

    def _guard(self, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        budget = self.budget
        skip = 2 if hasattr(function, "jinja_pass_arg") else 1  # the context, the value

        def guarded(*args: Any, **kwargs: Any) -> Any:
            budget.call()
            for value in (*args[skip:], *kwargs.values()):
                _check_value(value)
            if len(args) >= skip:
                _check_growth(name, args[skip - 1], (*args[skip:], *kwargs.values()))
            return _sized(function(*args, **kwargs))

        if skip == 2:  # pass_context, pass_environment and friends: keep the marker
            guarded.jinja_pass_arg = function.jinja_pass_arg  # type: ignore[attr-defined]
        return guarded

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        __self.budget.call()
        for value in (*args, *kwargs.values()):
            _check_value(value)
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, str):
            _check_growth(getattr(__obj, "__name__", ""), owner, args)
        return _sized(super().call(__context, __obj, *args, **kwargs))

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapped = super().wrap_str_format(value)
        if wrapped is not None:
            _check_format(getattr(value, "__self__", None))  # the format string itself
        return wrapped

    def call_binop(self, context: Any, operator_: str, left: Any, right: Any) -> Any:
        self.budget.call()
        if operator_ == "*":
            count = right if isinstance(right, int) else left if isinstance(left, int) else 0
            if max(_length(left), _length(right)) * abs(count) > MAX_TEXT:
                raise TemplateLimit(f"a repetition longer than {MAX_TEXT}")
        elif operator_ == "**":
            _check_value(right)
            bits = left.bit_length() if isinstance(left, int) else 64
            if isinstance(right, (int, float)) and bits * abs(right) > 8 * MAX_TEXT:
                raise TemplateLimit("a power too large")
        elif operator_ == "%":
            _check_format(left)
        return _sized(_BINOPS[operator_](left, right))


_BINOPS = {
    "*": operator.mul,
    "**": operator.pow,
    "+": operator.add,
    "%": operator.mod,
    "//": operator.floordiv,
    "/": operator.truediv,
}


class EntryTemplate:
    def __init__(self, source: str) -> None:
        self.budget = _Budget()
        env = _Sandbox(self.budget)
        # One render call for many entries: the template inside a loop.
        wrapped = "{% for e, anchor in items %}" + RECORD + source + "{% endfor %}"
        try:
            self.template = env.from_string(wrapped)
        except jinja2.TemplateSyntaxError as err:
            raise UsageError(f"template line {err.lineno}: {err.message}") from None
        except (jinja2.TemplateError, RecursionError, MemoryError) as err:
            raise UsageError(f"template: {_reason(err)}") from None

    def lines(self, items: list[tuple[EntryView, str]], marks: Marks) -> list[list[str]]:
        """Each entry's output lines, in order."""
        self.budget.reset(len(items))
        limit = OUTPUT_BASE + OUTPUT_PER_ENTRY * len(items)
        chunks: list[str] = []
        size = 0
        try:
            stream = self.template.generate(
                items=items, lb=marks.lb, rb=marks.rb, em=marks.em, link=link
            )
            for chunk in stream:
                size += len(chunk)
                if size > limit:
                    raise TemplateLimit(f"output longer than {limit} characters")
                chunks.append(chunk)
        except TemplateLimit as err:
            raise UsageError(f"template: over its limits: {err}") from None
        except jinja2.TemplateNotFound:
            raise UsageError("template: include, import and extends are not available") from None
        except (jinja2.TemplateError, RecursionError, MemoryError) as err:
            raise UsageError(f"template: {_reason(err)}") from None
        except (TypeError, ValueError, ArithmeticError, LookupError, AttributeError) as err:
            raise UsageError(f"template: {type(err).__name__}: {_reason(err)}") from None
        text = "".join(chunks)
        return [chunk.split("\n") for chunk in text.split(RECORD)[1:]]


def _reason(err: BaseException) -> str:
    text = str(err) or type(err).__name__
    if isinstance(err, RecursionError):
        text = "recursion too deep"
    if isinstance(err, MemoryError):
        text = "out of memory"
    line = " ".join(text.split())
    return line if len(line) <= 200 else line[:197] + "..."
