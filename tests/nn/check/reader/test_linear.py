"""Every reader's time grows linearly with its input: adversarial texts whose size doubles up to 4 MiB.

Each case is a shape that once made a regular expression or a rescan super-linear (issue 24): the
time ratio between a text and one twice its size must stay near 2 (asserted < 3.2; the best of three
interleaved runs, in CPU time: ``time_ratio`` in conftest.py); no absolute time is asserted.
"""

from __future__ import annotations

import pytest

from nn.check.reader.carried import carried_numbers
from nn.check.reader.claims import claim_from_piece, split_claims
from nn.check.reader.grid_arithmetic import grid_steps
from nn.check.reader.latex import LatexError, parse_math
from nn.check.reader.layers import layer_marks
from nn.check.reader.layout import code_spans, find_math, read_layout

MiB = 1 << 20


def _claims(math_text: str) -> None:
    pieces, _ = split_claims(math_text)
    for _, piece in pieces:
        claim = claim_from_piece(piece, 1, {})
        if claim is not None and not isinstance(claim, str):
            for side in claim.sides:
                try:
                    parse_math(side)
                except LatexError:
                    pass


def _math(text: str) -> None:
    segments, _ = find_math(text, text)  # the masked text: the Markdown layout is timed on its own
    for segment in segments:
        _claims(segment.text)



def _two_columns(n: int) -> str:
    column = "\\begin{bmatrix}" + "0.25 \\\\" * (n // 28) + "0.5\\end{bmatrix}"
    return f"{column} + 0.5 {column}"


def _carried(text: str) -> None:  # each line checks 0.125 once and carries it once, among n lines checking it
    found = carried_numbers(text, [(k, "0.125") for k in range(1, text.count("\n") + 1)], [])
    assert len(found) == text.count("\n")


def _grid_sum(text: str) -> None:
    grid_steps([(text, 1), (text.split(" + ")[0], 1)], [False, False])


CASES = {
    # name: (make a text of about n characters, the stage it stresses, the larger size timed)
    "range after 3,000 spaces": (lambda n: "$$ i=1" + " " * n + "x $$", _math, 4 * MiB),
    "backtick groups": (lambda n: "` `` ``` " * (n // 9), code_spans, 4 * MiB),
    "unclosed \\(": (lambda n: "\\( " * (n // 3), _math, 4 * MiB),
    "dollars that close nothing": (lambda n: "$a " * (n // 3), _math, 2 * MiB),
    "a run of \\\\": (lambda n: "$$ a = 1 " + "\\\\ " * (n // 3) + " $$", _math, MiB),
    "spaces inside a side": (lambda n: "$$ a " + " " * n + "b = 1 $$", _math, 4 * MiB),
    "many \\text{for}": (lambda n: "$$ " + "\\text{for } x " * (n // 14) + " $$", _math, MiB),
    "unclosed $ per line": (lambda n: "$x\n" * (n // 3), _math, 2 * MiB),
    "many claims": (lambda n: "$$ a = 0.59, " + "b = 0.5 \\cdot 0.25 = 0.125, " * (n // 32) + "$$", _math,
                    MiB),
    "grids added element by element": (_two_columns, _grid_sum, MiB // 8),
    "layers in brackets": (lambda n: "W[1]X + b[l-1] " * (n // 15), layer_marks, 4 * MiB),
    "one number carried on every line": (lambda n: "0.125 + 0.125\n" * (n // 14), _carried, 2 * MiB),
}



@pytest.mark.parametrize("name", list(CASES))
def test_each_reader_stage_is_linear_up_to_4_mib(name, time_ratio):
    make, stage, size = CASES[name]
    ratio = time_ratio(stage, make(size // 2), make(size))
    assert ratio < 3.2, f"{name}: doubling to {size / MiB:g} MiB multiplied the time by {ratio:.1f}"


@pytest.mark.parametrize("name", ["backtick groups", "unclosed \\(", "unclosed $ per line"])
def test_the_markdown_layout_is_linear(name, time_ratio):
    make, _, _ = CASES[name]
    ratio = time_ratio(read_layout, make(MiB // 4), make(MiB // 2))
    assert ratio < 3.2, f"{name}: doubling 0.25 → 0.5 MiB multiplied the time by {ratio:.1f}"


def test_a_deep_power_tower_and_deep_braces_are_read_without_recursion_error():
    tower = "$$ L = " + "2^" * 1000 + "2 $$"
    _math(tower)  # no RecursionError: read left to right
    braces = "$$ L = " + "2^{" * 1000 + "2" + "}" * 1000 + " $$"
    _math(braces)  # too deep to parse: a LatexError, caught as a malformed claim
    with pytest.raises(LatexError):
        parse_math("2^{" * 1000 + "2" + "}" * 1000)
