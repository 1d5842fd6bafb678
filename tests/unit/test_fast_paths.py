"""Fast paths give exactly what the slow paths give."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from pylatexenc.latex2text import LatexNodes2Text
from pylatexenc.latexencode import unicode_to_latex

from fmcat.exporters.bibtex import latex
from fmcat.normalize.text import _LATEX_HINT, decode_latex

TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60)
ASCII = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=60)
# ASCII next to accents, combining marks and LaTeX specials: where pieces must join.
MIXED = st.text(alphabet=st.sampled_from(list("aAeıi é ß\u0301\u0308\u0327{}\\$&%_~^#μ€Ø-'\"")))


@settings(max_examples=800, deadline=None)
@given(st.one_of(TEXT, ASCII, MIXED))
def test_latex_encoding_equals_pylatexenc(text):
    assert latex(text) == unicode_to_latex(text, non_ascii_only=False, unknown_char_policy="keep")


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab {}{}é-'`\"!?.,:;<>_^#&%~$\\\n[]()")), max_size=40))
def test_one_shared_latex_reader_equals_a_fresh_one(text):
    """Braces around plain text are dropped without the parser; anything else goes to
    it; both as a fresh converter would."""
    try:
        fresh = LatexNodes2Text(math_mode="verbatim", strict_latex_spaces=True).latex_to_text(text)
    except Exception:
        fresh = text
    assert decode_latex(text) == (fresh if _LATEX_HINT.search(text) else text)
