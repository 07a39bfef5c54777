"""Numbers outside LaTeX delimiters: code spans, output fences, bare [ ] lines, Unicode plain text
(nn/check/reader/sources.py)."""

from __future__ import annotations

import math

import pytest

from nn.check.notation import unicode_to_latex
from nn.check.reader.sources import claim_spans, find_spans


def _read(doc: str, math=()):
    return [(sp.kind, sp.text) for sp in find_spans(doc, math)]


def test_layer_superscripts_in_capitals_become_latex():
    assert unicode_to_latex("z⁽ᴸ⁾ = W⁽ᴸ⁾a⁽ᴸ⁻¹⁾") == "z^{(L)} = W^{(L)}a^{(L-1)}"


def test_plain_text_claims_are_cut_at_words_commas_and_arrows():
    line = "Then z = w₁·x₁ + b = 0.4·1 + 0.1 = 0.5 → a = σ(z) ≈ 0.6225 so the output is 0.6225, and b = 1."
    got = [line[a:b] for a, b in claim_spans(line)]
    assert got == ["z = w₁·x₁ + b = 0.4·1 + 0.1 = 0.5", "a = σ(z) ≈ 0.6225", "b = 1"]


def test_left_sides_join_across_operators_and_brackets():
    line = "so ∂E / ∂w₅ = 0.0822 and f'(z) = 0.24 and L(ŷ, y) = 0.1"
    assert [line[a:b] for a, b in claim_spans(line)] == ["∂E / ∂w₅ = 0.0822", "f'(z) = 0.24", "L(ŷ, y) = 0.1"]


def test_code_spans_are_claims_but_code_is_not():
    doc = "We get `z1 = 0.3775`, `out_o1 = 0.751365` and `h = np.dot(W, x)`; `x == 1` too.\n"
    assert _read(doc) == [("code", "z1 = 0.3775"), ("code", "out_o1 = 0.751365")]


def test_an_unclosed_backtick_does_not_swallow_the_next_paragraph():
    doc = "a ``` b\n\nthen `w = 0.5` here\n"
    assert _read(doc) == [("code", "w = 0.5")]


def test_output_fences_read_labels_and_arrays_over_lines_but_code_fences_are_not_read():
    doc = ("```\nz1 = [0.3775 0.3925]\nLoss: 0.2983\nW = [[0.1 0.2]\n [0.3 0.4]]\n```\n\n"
           "```python\nw = 0.5\n```\n\n```text\nout = array([0.1, 0.2])\n```\n")
    assert _read(doc) == [("output", "z1 = [0.3775 0.3925]"), ("output", "Loss= 0.2983"),
                          ("output", "W = [[0.1 0.2]\n [0.3 0.4]]"), ("output", "out = array([0.1, 0.2])")]


def test_math_between_bare_bracket_lines_and_on_one_line():
    doc = "Then\n[\n\\delta = -(0.75 - 0.70) = -0.05\n]\nand\n[ L = -\\log 0.7 = 0.357 ]\n"
    assert _read(doc) == [("brackets", "\\delta = -(0.75 - 0.70) = -0.05\n"),
                          ("brackets", "L = -\\log 0.7 = 0.357")]


def test_delimited_math_links_tables_and_headings_are_left_to_their_readers():
    doc = ("See [the post](http://a.com/?a=1&b=2). $y = 2$ is math.\n\n"
           "| x = 1 | 2 |\n|---|---|\n| y = 3 | 4 |\n")
    start = doc.index("$y")
    assert _read(doc, [(start, start + 7)]) == []


def test_offsets_point_at_the_text_as_written():
    doc = "# Title\n\nweights: w₁ = 0.4; `b = 0.1`\n"
    for sp in find_spans(doc):
        assert doc[sp.start:sp.start + len(sp.text)] == sp.text
    assert [sp.numeric for sp in find_spans("z = w x + b and y = 0.5\n")] == [False, True]


_EVERY_KIND = (  # one of each place numbers are found, and the markup that breaks naive scanners
    "w₁ = 0.4, w₂ = 0.5 and `z = 0.3775` so ∂E/∂w₅ = 0.08 → a = σ(z) ≈ 0.6\n\n"
    "((((((((((( = = = = `` ` ``` [ ] ( \n\n"
    "```\nz = [[0.1 0.2]\n [0.3 0.4]]\nLoss: 0.2\n```\n\n[\nx = 1\n]\n\n"
    "```python\n>>> f(1.0)\nnp.float64(0.5)\n```\n\n```\nAttention weights: tensor([0.1, 0.2])\ndLdW =\n\n"
    " [[0.1 0.2]\n [0.3 0.4]]\nb_grad -0.29\n```\n- Loss ≈ 0.15\n   = 0.2\n\n"
    "<details>\nz = 0.5\n</details>\n\n"
)


_UNCLOSED = "`" * 3 + " x = 1 ` y = 2 `` " * 50 + "\n"  # one open code span, many runs of other lengths
_CHAIN = "a = " * 500 + "\n\n"  # one line of relations, each one's left side the one before


@pytest.mark.parametrize("unit", [_EVERY_KIND, _UNCLOSED, _CHAIN])
def test_reading_time_grows_linearly(unit, time_ratio):
    n = max(1, (1 << 19) // len(unit))  # ~0.5 MiB, then ~1 MiB
    ratio = time_ratio(find_spans, unit * n, unit * 2 * n, rounds=4)
    assert ratio < 3.2, f"doubling the text multiplied the time by {ratio:.1f}"


def test_prose_words_pseudocode_and_unclosed_math_are_no_claims():
    doc = ("Weights: 2 inputs × 2 neurons = 4 weights, and Learning Rate ($\\alpha$) = 0.5.\n\n"
           "Never closed: $$ W_{41} = 0.45\n\n"
           "`$x = 5$` is code\n\n"
           "```\nfor l = 1 to L:\n  z⁽ˡ⁾ = W⁽ˡ⁾ a⁽ˡ⁻¹⁾ + b⁽ˡ⁾   ← store it\n"
           "── = 1\nloss = 0.25, acc = 0.5\n```\n")
    start = doc.index("$\\alpha$")
    assert _read(doc, [(start, start + 8)]) == [
        ("output", "z⁽ˡ⁾ = W⁽ˡ⁾ a⁽ˡ⁻¹⁾ + b⁽ˡ⁾"), ("output", "loss = 0.25"), ("output", "acc = 0.5")]
    assert [sp.numeric for sp in find_spans(doc, [(start, start + 8)])] == [False, True, True]


# ---- in a document: the numbers found are checked ----------------------------------------------------------
MAZUR = __import__("pathlib").Path(__file__).resolve().parents[3] / "data" / "mazur_2_2_2.toml"


def _verdicts(rows) -> list[tuple[int, str, str, str]]:
    """(line, name, number as printed, verdict) of each of ``number_rows``."""
    return [(int(r.number.name.split(":")[0].split()[-1]), r.number.name.split(": ", 1)[1], r.number.value,
             r.verdict) for r in rows]


def test_unicode_code_spans_prose_bare_brackets_and_tables_are_checked(check_text, number_rows):
    text = ("# Mazur, written every which way\n\n"
            "Given $w₁ = 0.15$ and the net input `net_h1 = 0.3775`, out_h1 = σ(net_h1) ≈ 0.5933.\n\n"
            "[\nnet_{o1} = 1.105905967\n]\n\n"
            "| quantity | value |\n|---|---|\n| `out_o2` | 0.772928465 |\n| w₆ | 0.46 |\n\n"
            "```\nE_total: 0.298371109\n```\n")
    assert _verdicts(number_rows(check_text(text, setup=MAZUR))) == [
        (3, "w_1", "0.15", "match"), (3, "net_h1", "0.3775", "match"), (3, "out_h1", "≈ 0.5933", "match"),
        (6, "net_o1", "1.105905967", "match"), (11, "out_o2", "0.772928465", "match"),
        (12, "w_6", "0.46", "mismatch"), (15, "E_total", "0.298371109", "match")]


def test_the_unicode_subscript_that_crashed_is_read_as_a_subscript(check_text, number_rows):
    result = check_text("$w₁ = 0.4$ and $w₅ = 0.40$\n", setup=MAZUR)
    assert _verdicts(number_rows(result)) == [(1, "w_1", "0.4", "mismatch"), (1, "w_5", "0.40", "match")]


@pytest.mark.parametrize("latex, value", [
    (r"\boxed{0.3775}", 0.3775), (r"-\ln 0.7", -math.log(0.7)), (r"\log(0.7) + 1", math.log(0.7) + 1),
    ("σ(2)", 1 / (1 + math.exp(-2))), (r"e^{-2}", math.exp(-2)), ("½(0.75 − 0.70)²", 0.5 * 0.05 ** 2),
    (r"1.2 \times 10^{-3}", 1.2e-3), ("x₁·2", None),
])
def test_latex_spellings_evaluate_as_written(latex, value):
    from nn.check.reader.latex import parse_math
    from nn.check.reader.trees import evaluate

    def env(leaf):
        raise KeyError(leaf)

    node = parse_math(latex)
    if value is None:
        with pytest.raises(KeyError):
            evaluate(node, env)
    else:
        assert math.isclose(evaluate(node, env), value, rel_tol=1e-12)


@pytest.mark.parametrize("latex, name", [(r"\ell", "ℓ"), (r"\mathcal{L}", "L"), (r"\text{Loss}", "Loss"),
                                         (r"\mathrm{E}_{total}", "E_total"), ("w₁₂", "w_12")])
def test_names_in_any_spelling(latex, name):
    from nn.check.reader.latex import parse_math
    from nn.check.reader.trees import plain

    assert plain(parse_math(latex)) == name


def test_printed_values_read_as_claims_in_every_way_programs_print_them():
    doc = ("```\ndLdW1 =\n\n [[0.002  0.0004]\n [0.0079 0.0016]]\n"
           "Y tensor(12.6667, grad_fn=<MeanBackward0>)\n"
           "b_grad -0.29227236\nloss: Array(3.0485873, dtype=float32)\np = np.float64(0.41997)\n"
           "loss value 3.05\n```\n")
    assert _read(doc) == [("output", "dLdW1 = [[0.002  0.0004]\n [0.0079 0.0016]]"), ("output", "Y=12.6667"),
                          ("output", "b_grad=-0.29227236"), ("output", "loss= 3.0485873"),
                          ("output", "p = 0.41997")]


def test_a_word_starting_a_line_names_a_claim_and_a_line_starting_with_a_relation_continues_one():
    doc = ("- Loss ≈ 0.1511\n* Loss = (2 - 2)² = 0\n\nthe derivative dσ = 0.4502 * (1 - 0.4502)\n"
           "           = 0.2475 and so on\nthe Loss before update ≈ 0.1511\n")
    assert _read(doc) == [("text", "Loss ≈ 0.1511"), ("text", "Loss = (2 - 2)² = 0"),
                          ("text", "dσ = 0.4502 * (1 - 0.4502)\n           = 0.2475")]  # one chain


def test_a_label_of_words_names_the_value_printed_after_its_colon():
    doc = "```\nAttention weights: tensor([0.1455, 0.2278])\nSum: tensor(1.0000)\nfor l = 1 to 2\n```\n"
    assert _read(doc) == [("output", "Attention weights= tensor([0.1455, 0.2278])"),
                          ("output", "Sum= 1.0000")]
