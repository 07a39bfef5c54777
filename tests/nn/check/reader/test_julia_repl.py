"""Julia REPL transcripts (nn/check/reader/julia_repl.py): a one-line function, then values and
derivatives printed under ``julia>`` prompts, each checked against the engine. The truth is plain
Python (closed forms of the derivatives, checked here by finite differences)."""

from __future__ import annotations

import math

import pytest

from nn.check import check_document
from nn.check.reader.julia_repl import read_session


@pytest.fixture
def checked(row_dicts):
    """``checked(path)``: (line, printed) → verdict for every number checked."""
    return lambda path: {(int(r["name"].split(":")[0].split()[-1]), str(r["document"])): r["verdict"]
                         for r in row_dicts(check_document(path))}


def test_values_and_derivatives_a_transcript_prints_are_checked_where_they_are_printed(
        slope, checked, document_file):
    def c(u):
        return 2 * u ** 3 - u + 4

    def m(a, b):
        return a * b + math.cos(a)

    assert math.isclose(slope(c, [1.5], 0), 6 * 1.5 ** 2 - 1, rel_tol=1e-6)
    dm_da, dm_db = 2.0 - math.sin(0.5), 0.5
    assert math.isclose(slope(m, [0.5, 2.0], 0), dm_da, rel_tol=1e-6)
    wrong = 6 * 1.0 ** 2 - 1 + 1  # c'(1) = 5, printed 6
    text = ("# Slopes in Julia\n\n```julia\njulia> using Zygote\n\njulia> c(u) = 2u^3 - u + 4\n"
            "c (generic function with 1 method)\n\n"
            f"julia> c(1.5), c'(1.5)\n({c(1.5)!r}, {6 * 1.5 ** 2 - 1!r})\n\n"
            "julia> m(a, b) = a * b + cos(a);\n\n"
            f"julia> gradient(m, 0.5, 2.0)\n({dm_da!r}, {dm_db!r})\n\n"
            "julia> dc(u) = gradient(c, u)[1]; # the slope of c\n\n"
            f"julia> dc(1)\n{wrong!r}\n\n"
            "julia> w = 3.0;\n\n"
            f"julia> ForwardDiff.derivative(x -> x^2 / 2, w)\n{3.0!r}\n\n"
            f"julia> gradient(c, 2)[1]\n{6 * 4 - 1:.1f}f0\n```\n")
    path = document_file(text, "slopes.md")
    lines = text.split("\n")

    def line_of(printed: str) -> int:
        return next(k + 1 for k, line in enumerate(lines) if printed in line and "julia>" not in line)
    rows = checked(path)
    assert rows[(line_of(repr(c(1.5))), repr(c(1.5)))] == "match"
    assert rows[(line_of(repr(c(1.5))), repr(6 * 1.5 ** 2 - 1))] == "match"
    assert rows[(line_of(repr(dm_da)), repr(dm_da))] == "match"
    assert rows[(line_of(repr(dm_da)), repr(dm_db))] == "match"
    assert rows[(line_of(repr(wrong)), repr(wrong))] == "mismatch"
    assert rows[(line_of("3.0\n"[:-1]), "3.0")] == "match"
    assert rows[(line_of("23.0f0"), "23.0")] == "match"


def test_a_transcript_whose_output_does_not_line_up_gives_no_claim():
    text = ("julia> f(x) = x^2 + s\n\njulia> f(1)\n2\n\n"  # s: a global whose value is not known
            "julia> g(x) = x^2\n\njulia> g(1), g(2)\n1\n\n"  # two values, one number
            "julia> gradient(g, [1.0, 2.0])\n([2.0, 4.0],)\n\n"  # a vector
            "julia> s(x) = x^3\n\njulia> s(0.7)\n0.34300002f0\n\n"  # float32's digits: not compared
            "julia> h(x) = 3x\n\njulia> h'(2)\n6\n")
    session = read_session(text)
    assert [s.text for s in session.segments] == ["h'(2) = 6"]
    assert text[session.segments[0].start] == "6"
    assert read_session("no transcript: f(x) = x^2, f(1) = 1").segments == []


def test_a_name_defined_again_is_another_function_and_what_is_not_read_is_listed(slope, document_file):
    def first(x):
        return 3 * x ** 2 + 2 * x + 1

    exact = 6 * 2 + 2
    assert math.isclose(slope(first, [2.0], 0), exact, rel_tol=1e-6)
    text = ("```jldoctest\njulia> f(x) = 3x^2 + 2x + 1;\n\njulia> df(x) = gradient(f, x)[1];\n\n"
            f"julia> df(2)\n{float(exact)!r}\n\njulia> d2f(x) = gradient(df, x)[1];\n\n"
            "julia> d2f(2)\n6.0\n```\n\n"
            "```jldoctest\njulia> f(x, y) = x * y;\n\njulia> gradient(f, 2, 5)\n(5.0, 3.0)\n\n"
            "julia> f(x, y) = sum((x .- y).^2);\n\n"
            "julia> gradient(f, [2, 1], [2, 0])\n([0.0, 0.0], [-0.0, 2.0])\n```\n")
    path = document_file(text, "again.md")
    result = check_document(path)
    rows = {(r["name"], str(r["document"])): r["verdict"] for part in result.all()
            for r in part.as_dict()["rows"]}
    verdicts = sorted(rows.values())
    assert verdicts == ["match", "match", "mismatch"]  # 14 = f'(2); ∂(xy)/∂x = 5 right, ∂/∂y = 2 not 3
    assert any("14.0" in key[1] for key, v in rows.items() if v == "match")
    listed = {s.text: s.reason for s in result.reading.skipped}
    assert "d2f(2)" in listed["6.0"]  # a second derivative: listed, not checked
    assert "gradient(f, [2, 1], [2, 0])" in listed["([0.0, 0.0], [-0.0, 2.0])"]


def test_reading_a_session_takes_time_linear_in_its_length(time_ratio):
    def make(n: int) -> str:
        return "".join(f"julia> x{k} = {k}.5;\n\njulia> f{k}(t) = 3t^2 + {k}\n\n"
                       f"julia> f{k}'(x{k})\n{6 * (k + 0.5)}\n\n" for k in range(n))
    ratio = time_ratio(read_session, make(300), make(600))
    assert ratio < 3.2, f"doubling the session multiplied the time by {ratio:.1f}"
