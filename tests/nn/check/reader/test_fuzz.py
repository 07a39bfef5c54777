"""No exception escapes the reader: generated Markdown and LaTeX (hypothesis), ≥ 10,000 inputs in all.

Whatever the text, ``read_document`` / ``check_document`` give a reading or raise the reader's one
structured error (``ExampleError``, one line naming the file); the stages below them (layout,
claims, the LaTeX parser, the graph inferred from the text) give a result or a ``LatexError``.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nn.check import ExampleError, check_document, read_document
from nn.check.reader.claims import claim_from_piece, split_claims
from nn.check.reader.inference import infer_setup
from nn.check.reader.latex import LatexError, parse_math
from nn.check.reader.layout import find_math, read_layout

PIECES = [
    "$", "$$", "\\(", "\\)", "\\[", "\\]", "`", "```", "\n", "\n\n", "# ", "| ", " |", "> ", "=", "\\approx",
    "≈", ":=", "←", "\\frac", "{", "}", "^", "_", "(", ")", "[", "]", "\\left(", "\\right)", "\\cdot", "·",
    "−", "-", "+", "/", "0.5", "1", "2", "0.3775", "-0.0105", "1e-3", "10^{-5}", "x", "w_1", "w_{5}",
    "a_{h1}", "W_{31}^{\\text{new}}", "w_{new}", "\\hat{y}", "ŷ", "y", "\\delta_{o1}", "\\partial", "d",
    "\\sigma", "σ", "\\text{ReLU}", "e^{-", "\\log", "\\eta", "η", "\\quad \\text{for } i=1,2", "\\sum",
    "&", "\\\\", "\\begin{aligned}", "\\end{aligned}", "9^9^9^9", "2^{2^{2}}", "w₁", "x²", "½", " ",
    ",", ";", "\\text{and}", "\\boxed{", "\\tag{1}", "```stepgrad\n", "[network]\n", "<", ">", "\\mathrm{d}",
]
TEXTS = st.one_of(st.lists(st.sampled_from(PIECES), max_size=40).map("".join), st.text(max_size=200))

# Each input within 2 s of CPU time (``cpu_limit``, which a busy machine does not stretch), not
# hypothesis' wall-clock deadline.
LIMIT = 2.0
FAST = settings(max_examples=2500, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@FAST
@given(TEXTS)
def test_the_layout_and_the_math_finder_take_any_text(cpu_limit, text):
    with cpu_limit(LIMIT, text):
        layout = read_layout(text)
        segments, problems = find_math(text, layout.masked)
    assert all(0 <= s.start <= len(text) for s in segments) and all(0 <= at < len(text) for at, _ in problems)


@FAST
@given(TEXTS)
def test_claims_and_the_latex_parser_take_any_text(cpu_limit, text):
    with cpu_limit(LIMIT, text):
        pieces, _ = split_claims(text)
        for _, piece in pieces:
            claim = claim_from_piece(piece, 1, {})
            if claim is None or isinstance(claim, str):
                continue
            for side in claim.sides:
                try:
                    parse_math(side)
                except LatexError:
                    pass


@FAST
@given(TEXTS)
def test_the_inferred_graph_takes_any_text(cpu_limit, text):
    with cpu_limit(LIMIT, text):
        found = infer_setup(text, read_layout(text))
    assert all(re.fullmatch(r"[A-Za-z_]\w*", name) for name in [*found.leaves, *found.nodes])


WHOLE = settings(max_examples=1250, deadline=None,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
                 derandomize=True)


@WHOLE
@given(TEXTS)
def test_read_document_gives_a_reading_or_one_line(tmp_path, cpu_limit, text):
    doc = tmp_path / "fuzz.md"
    doc.write_text(text, encoding="utf-8")
    try:
        with cpu_limit(LIMIT, text):
            read_document(doc)
    except ExampleError as e:
        assert "\n" not in str(e).strip()


@WHOLE
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_check_document_gives_a_report_or_one_line(tmp_path, cpu_limit, text):
    doc = tmp_path / "fuzz.md"
    doc.write_text("$x = 0.5$ and $w = 0.4$\n\n" + text, encoding="utf-8")
    try:
        with cpu_limit(LIMIT, text):
            check_document(doc)
    except ExampleError as e:
        assert "\n" not in str(e).strip()
