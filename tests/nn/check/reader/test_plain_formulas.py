"""Formulas written in plain text, outside any ``$…$`` (nn/check/reader/formula_lines.py, the plain-text
spellings of latex.py): chains carried on below their head, ``e^(−x)``, ``√``, scientific numbers,
fences of formulas; and prose with ``=`` that claims nothing.

Every document here is written for these tests, with names and numbers of its own; each expected
value is recomputed in plain Python (never the tool's output).
"""

from __future__ import annotations

import math

import pytest

from nn.check import check_document
from nn.check.reader.formula_lines import continuation, formula_fence, whole_line
from nn.check.reader.latex import LatexError, Unsupported, parse_math
from nn.check.reader.sources import claim_spans, find_spans
from nn.check.reader.trees import evaluate
from nn.cli import main


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def _no_leaf(leaf):
    raise KeyError(leaf)


def _verdicts(rows) -> dict[tuple[int, str], str]:
    """(line, number as printed) → verdict, for every number checked (``number_rows``)."""
    return {(int(r.source.removeprefix("line ")), r.number.value.lstrip("≈ ")): r.verdict for r in rows}


def _line_of(text: str, needle: str) -> int:
    return text[:text.index(needle)].count("\n") + 1


# ---- the plain-text spellings ---------------------------------------------------------------------
@pytest.mark.parametrize("written, value", [
    ("e^(−0.3775)", math.exp(-0.3775)), ("e^(-0.3775)", math.exp(-0.3775)), ("e^-0.5", math.exp(-0.5)),
    ("1/(1+e^-2)", _sigmoid(2)), ("1 / (1 + e^(−1.25))", _sigmoid(1.25)), ("exp(−0.3)", math.exp(-0.3)),
    ("√2", math.sqrt(2)), ("√(0.25 + 0.5)", math.sqrt(0.75)), (r"\sqrt{9}", 3.0), ("2^(−3)", 2 ** -3),
    ("½(0.3 − 0.8)²", 0.5 * 0.25), ("ln(0.7)", math.log(0.7)), ("log 0.25", math.log(0.25)),
    ("σ(−0.4)", _sigmoid(-0.4)), ("1e-5 × 2", 2e-5), ("2.5E+3", 2500.0), ("3e2", 300.0),
    ("(0.2 - 0.7)**2", 0.25), ("e^-(0.5 + 0.25)", math.exp(-0.75)),
    ("0.15 x 0.05", 0.15 * 0.05), ("(1 - 0.5) x -2", -1.0),
])
def test_plain_text_spellings_evaluate_as_written(written, value):
    assert math.isclose(evaluate(parse_math(written), _no_leaf), value, rel_tol=1e-12)


def test_a_scientific_number_is_no_name_and_one_beyond_a_float_is_refused_with_a_reason():
    with pytest.raises(KeyError):  # 2e is 2·e when e is no exponent: still a product, not 2e-0
        evaluate(parse_math("2e"), _no_leaf)
    with pytest.raises(Unsupported, match="1e400 is beyond the range of a float"):
        parse_math("1e400")
    assert isinstance(Unsupported("x"), LatexError)


def test_a_name_with_two_subscripts_keeps_both():
    assert parse_math("w₅_new") == parse_math("w_5^{new}")


# ---- which lines are formulas ---------------------------------------------------------------------
def test_a_continuation_line_and_an_arrow_to_a_result():
    assert continuation("       = 0.3775") == (7, "= 0.3775")
    assert continuation("   → 0.5933") == (3, "≈ 0.5933")
    assert continuation("  -> 0.5933") == (2, "≈  0.5933")
    assert continuation("→ a = σ(z) = 0.59") is None  # a claim of its own
    assert continuation("x = 1") is None and continuation("== 2") is None


@pytest.mark.parametrize("line, alone", [
    ("out_h1 = σ(net_h1)", True), ("- E = ½(t − o)²", True), ("> z = w·x + b.", True),
    ("Then a = σ(z) is used", False), ("y = t", False), ("1. L = -ln(a)", True),
])
def test_a_formula_on_a_line_of_its_own(line, alone):
    (start, end), = claim_spans(line)
    assert whole_line(line, start, end) is alone


def test_a_fence_of_formulas_and_a_fence_of_printed_output():
    assert formula_fence("z = w*x + b\n  = 0.5\n")
    assert formula_fence("a = 1/(1+e^-z)\n")
    assert not formula_fence("Loss: 0.2983\nz = 0.5\n")  # a label and its value: printed
    assert not formula_fence("z1 = [0.3775 0.3925]\n")
    assert not formula_fence("loss = 0.25\nacc = 0.9\n")  # values alone: printed by a program


def test_a_chain_carried_on_below_its_head_is_one_claim_in_a_paragraph_and_in_a_fence():
    para = "net₁ = w₁·x₁ + b\n     = 0.2·0.5 + 0.1\n     = 0.2\n\nout₁ = σ(net₁)\n  → 0.5498\n"
    fence = "```text\n" + para + "```\n"
    for doc, first in ((para, 0), (fence, 8)):
        spans = find_spans(doc)
        assert [sp.text for sp in spans] == ["net₁ = w₁·x₁ + b\n     = 0.2·0.5 + 0.1\n     = 0.2",
                                             "out₁ = σ(net₁)\n  ≈ 0.5498"]
        assert spans[0].start == first and all(sp.stated for sp in spans)


def test_prose_with_an_equals_sign_claims_nothing():
    doc = ("The value = good, as we saw.\nHere n = number of samples and y = target output.\n"
           "If x = y then we stop.\nSo the total = sum of the parts.\n")
    assert [sp.text for sp in find_spans(doc) if sp.stated] == []


# ---- documents ------------------------------------------------------------------------------------
# a 2-1 net in Unicode, names net/out, chains carried on below their heads, in a paragraph
X1, X2, W1, W2, B, T = 0.3, -0.6, 0.8, 0.25, 0.1, 1.0
NET = W1 * X1 + W2 * X2 + B
OUT = _sigmoid(NET)
ERR = 0.5 * (T - OUT) ** 2
D_OUT = OUT - T
D_NET = D_OUT * OUT * (1 - OUT)
D_W1 = D_NET * X1
NET_OUT = f"""# One neuron by hand

Inputs x₁ = {X1}, x₂ = {X2}; weights w₁ = {W1}, w₂ = {W2}; bias b = {B}; target t = {T}.

net = w₁ · x₁ + w₂ · x₂ + b
    = ({W1} × {X1}) + ({W2} × ({X2})) + {B}
    = {NET:.4f}

out = 1 / (1 + e^(−net)) = 1 / (1 + e^(−{NET:.4f}))
    = {OUT:.4f}

E = ½(t − out)² = ½({T} − {OUT:.4f})² = {ERR:.4f}

∂E/∂out = out − t = {D_OUT:.4f}

∂E/∂net = ∂E/∂out · out(1 − out) = {D_OUT:.4f} × {OUT:.4f} × {1 - OUT:.4f} = {D_NET + 0.01:.4f}
"""


@pytest.fixture
def expect(check_text, number_rows):
    """``expect(doc, expected)``: check ``doc``; each (text on the line, number printed, verdict) expected
    holds, and every other number checked matches."""
    def check(doc: str, expected: list[tuple[str, str, str]]) -> dict[tuple[int, str], str]:
        verdicts = _verdicts(number_rows(check_text(doc)))
        for needle, printed, verdict in expected:
            assert verdicts.pop((_line_of(doc, needle), printed)) == verdict, (needle, printed)
        assert set(verdicts.values()) <= {"match"}
        return verdicts
    return check


def test_unicode_chains_in_a_paragraph_are_checked_and_a_wrong_number_is_flagged(expect):
    assert f"{D_NET + 0.01:.4f}" != f"{D_NET:.4f}"
    expect(NET_OUT, [
        (f"    = {NET:.4f}", f"{NET:.4f}", "match"), (f"    = {OUT:.4f}", f"{OUT:.4f}", "match"),
        ("E = ½", f"{ERR:.4f}", "match"), ("∂E/∂out =", f"{D_OUT:.4f}", "match"),
        ("∂E/∂net =", f"{D_NET + 0.01:.4f}", "mismatch"),
    ])


# the same kind of neuron in ASCII, names z/a, inside a ```text fence, an arrow to each result
XA, WA, BA = 1.5, -0.4, 0.2
ZA = WA * XA + BA
AA = _sigmoid(ZA)
LA = -math.log(1 - AA)
DZ = AA  # d/dz of -ln(1 - σ(z))
ASCII = f"""Worked by hand:

```text
x = {XA}
w = {WA}
b = {BA}
z = w*x + b
  = {WA}*{XA} + {BA}
  -> {ZA:.2f}
a = 1/(1+e^-z) = 1/(1+e^({-ZA:.2f}))
  -> {AA:.4f}
L = -ln(1 - a) = -ln({1 - AA:.4f}) = {LA:.4f}
dL/dz = a = {DZ:.4f}
```
"""


def test_ascii_formulas_in_a_text_fence_are_read_as_their_latex_would_be(expect):
    expect(ASCII, [
        (f"-> {ZA:.2f}", f"{ZA:.2f}", "match"), (f"-> {AA:.4f}", f"{AA:.4f}", "match"),
        ("L = -ln", f"{LA:.4f}", "match"), ("dL/dz =", f"{DZ:.4f}", "match"),
    ])


# names h/o, a list and a blockquote, tanh and a square root, no continuation lines
XH, WH, VO = 0.7, 1.2, -0.9
H = math.tanh(WH * XH)
OH = VO * H
S = math.sqrt(OH * OH + 1)
LIST = f"""## Forward

- x = {XH}, w = {WH}, v = {VO}
- h = tanh(w·x) = tanh({WH * XH:.2f}) = {H:.4f}
- o = v · h = {VO} × {H:.4f} = {OH:.4f}

> s = √(o² + 1) = √({OH * OH + 1:.4f}) = {S + 0.02:.4f}
"""


def test_names_h_and_o_in_a_list_and_a_quote_and_a_wrong_square_root(expect):
    assert f"{S + 0.02:.4f}" != f"{S:.4f}"
    expect(LIST, [("- h =", f"{H:.4f}", "match"), ("- o =", f"{OH:.4f}", "match"),
                             ("> s =", f"{S + 0.02:.4f}", "mismatch")])


def test_arithmetic_whose_left_side_is_no_quantity_is_checked_as_arithmetic(check_text, number_rows):
    doc = (f"Step with rate 0.1:\n\n```\nx_new = 4 - 0.1 × 8 = {4 - 0.1 * 8:g}\n4 - 0.25 × 6 = 2.7\n```\n\n"
           f"and in a paragraph 2.5 × 0.4 + 1 = {2.5 * 0.4 + 1:g}\n")
    verdicts = _verdicts(number_rows(check_text(doc)))
    assert verdicts[(4, f"{4 - 0.1 * 8:g}")] == "match"
    assert abs(4 - 0.25 * 6 - 2.7) > 0.1 and verdicts[(5, "2.7")] == "mismatch"
    assert verdicts[(8, f"{2.5 * 0.4 + 1:g}")] == "match"


def test_scientific_numbers_are_numbers_and_an_overflow_is_one_line(check_text, number_rows):
    doc = "- a = 1e-5 × 3 = 3e-05\n- big = 1e400\n- c = 2.5E+3 / 5 = 500\n"
    result = check_text(doc)
    verdicts = _verdicts(number_rows(result))
    assert verdicts[(1, "3e-05")] == "match" and verdicts[(3, "500")] == "match"
    listed = [(s.line, s.reason) for s in result.reading.skipped if s.line == 2]
    assert listed == [(2, "the number 1e400 is beyond the range of a float (about 1.8e308)")]  # one line
    assert not any("e400" in s.reason for s in result.reading.skipped if s.line != 2)


# ---- the command line, on a blog-like 2-2-1 sigmoid network ---------------------------------------
I1, I2 = 0.1, 0.5
V = {"w1": 0.2, "w2": -0.3, "w3": 0.4, "w4": 0.1, "bh": 0.25, "w5": 0.6, "w6": -0.2, "bo": 0.05}
TARGET = 0.9


def _blog() -> tuple[str, dict[str, float]]:
    v = V
    n1 = v["w1"] * I1 + v["w2"] * I2 + v["bh"]
    n2 = v["w3"] * I1 + v["w4"] * I2 + v["bh"]
    o1, o2 = _sigmoid(n1), _sigmoid(n2)
    no = v["w5"] * o1 + v["w6"] * o2 + v["bo"]
    oo = _sigmoid(no)
    e = 0.5 * (TARGET - oo) ** 2
    d_out = oo - TARGET
    d_net = d_out * oo * (1 - oo)
    d_w5 = d_net * o1
    values = {"n1": n1, "o1": o1, "n2": n2, "o2": o2, "no": no, "oo": oo, "e": e, "d_w5": d_w5}
    text = f"""# Backpropagation, one step at a time

Our little network has two inputs, two hidden neurons and one output, all sigmoid.

The inputs are i₁ = {I1} and i₂ = {I2}, the target is T = {TARGET}. Hidden weights:
w₁ = {v['w1']}, w₂ = {v['w2']}, w₃ = {v['w3']}, w₄ = {v['w4']}, with bias b₁ = {v['bh']}.
Output weights w₅ = {v['w5']}, w₆ = {v['w6']}, bias b₂ = {v['bo']}.

## Going forward

net_h1 = w₁ · i₁ + w₂ · i₂ + b₁
       = {v['w1']} × {I1} + ({v['w2']}) × {I2} + {v['bh']}
       = {n1:.4f}

out_h1 = 1 / (1 + e^(−net_h1)) = 1 / (1 + e^(−({n1:.4f}))) = {o1:.4f}

net_h2 = w₃ · i₁ + w₄ · i₂ + b₁
       = {v['w3']} × {I1} + {v['w4']} × {I2} + {v['bh']}
       = {n2:.4f}

out_h2 = 1 / (1 + e^(−net_h2)) = {o2:.4f}

net_o = w₅ · out_h1 + w₆ · out_h2 + b₂
      = {v['w5']} × {o1:.4f} + ({v['w6']}) × {o2:.4f} + {v['bo']}
      = {no:.4f}

out_o = 1 / (1 + e^(−net_o)) = {oo:.4f}

The error is E = ½(T − out_o)² = ½({TARGET} − {oo:.4f})² = {e:.5f}.

## Going back

∂E/∂w₅ = (out_o − T) · out_o(1 − out_o) · out_h1
       = ({oo:.4f} − {TARGET}) × {oo:.4f} × {1 - oo:.4f} × {o1:.4f}
       = {d_w5 * 1.1:.4f}
"""
    return text, values


def test_the_cli_checks_a_blog_written_in_plain_text_and_names_its_one_wrong_number(capsys, document_file):
    text, values = _blog()
    doc = document_file(text, "blog.md")
    assert f"{values['d_w5'] * 1.1:.4f}" != f"{values['d_w5']:.4f}"
    assert main(["check", str(doc)]) == 1  # a number differs
    out = capsys.readouterr().out
    rows = {line.split(":")[0]: line for line in out.splitlines() if line.startswith("line ")}
    for key, places in (("n1", 4), ("o1", 4), ("n2", 4), ("o2", 4), ("no", 4), ("oo", 4), ("e", 5)):
        printed = f"{values[key]:.{places}f}"
        line = f"line {_line_of(text, printed)}"
        assert line in rows and printed in rows[line] and rows[line].rstrip().endswith("match"), key
    wrong = f"{values['d_w5'] * 1.1:.4f}"
    line = f"line {_line_of(text, '= ' + wrong)}"
    assert wrong in rows[line] and rows[line].rstrip().endswith("mismatch")
    assert sum(r.rstrip().endswith("mismatch") for r in rows.values()) == 1
    assert "malformed" not in out and "Traceback" not in out


_FORMULA_FENCE = ("```text\nnet₁ = w₁·x₁ + b\n   = 0.2·0.5 + 0.1\n   → 0.2\n"
                  "out = 1/(1+e^-net₁) = 0.5498\n```\n\n")
_LONG_CHAIN_LINE = "     = 0.25 × (1 − 0.25) + out\n"  # every line carries on the one chain above


@pytest.mark.parametrize("head, unit", [("", _FORMULA_FENCE), ("out = σ(net)\n", _LONG_CHAIN_LINE)])
def test_reading_plain_formulas_grows_linearly(head, unit, time_ratio):
    n = max(1, (1 << 18) // len(unit))
    ratio = time_ratio(find_spans, head + unit * n, head + unit * 2 * n, rounds=4)
    assert ratio < 3.2, f"doubling the text multiplied the time by {ratio:.1f}"


def test_a_chain_under_prose_is_checked_as_arithmetic_and_a_bare_value_is_listed(check_text, number_rows):
    doc = ("The hidden neuron's input is\n\n= 0.3 × 0.4 + 0.1 = 0.22\n\nand its output\n\n"
           f"= 1/(1 + e^-0.22)\n= {_sigmoid(0.22):.4f}\n\nand then\n= 0.7\n")
    result = check_text(doc)
    verdicts = _verdicts(number_rows(result))
    assert verdicts[(3, f"{0.3 * 0.4 + 0.1:g}")] == "match"
    assert verdicts[(8, f"{_sigmoid(0.22):.4f}")] == "match"  # carried on below its head
    assert [(s.line, "no left side" in s.reason) for s in result.reading.skipped] == [(11, True)]


def test_code_in_a_fence_with_no_language_is_no_fence_of_formulas():
    assert not formula_fence("for i in range(3):\n    w = w - lr * grad\n")
    assert not formula_fence("w -= lr * g\n")
    assert not formula_fence("a = np.exp(z) + 1\n")
    assert formula_fence("Forward pass:\nz = w*x + b = 0.5\nd = σ'(z) · 2\n")


# ASCII names h1/o in list items and an indented block, a word as an operand (`o - target`)
HI1, HI2, HW1, HW2, HB, HV, HC, TG = 0.2, 0.9, 0.5, -0.25, 0.5, 1.5, -0.3, 0.4
H_IN = HW1 * HI1 + HW2 * HI2 + HB
H1 = _sigmoid(H_IN)
O_IN = HV * H1 + HC
O1 = _sigmoid(O_IN)
D_O = O1 - TG
E_O = 0.5 * (O1 - TG) ** 2
INDENTED = f"""## Forward

* h_in = w1*i1 + w2*i2 + b = {HW1}*{HI1} + ({HW2})*{HI2} + {HB} = {H_IN:.6f}
* h = sigmoid(h_in) = 1/(1+exp(-{H_IN:.6f})) = {H1:.6f}

The output, worked in a block:

    target = {TG}
    o_in = v*h + c
         = {HV}*{H1:.6f} + ({HC})
         = {O_IN:.6f}
    o = sigmoid(o_in) = {O1:.6f}
    E = 0.5*(o - target)^2 = {E_O:.6f}

Then dE/do = o - target = {D_O:.6f}, with v = {HV} and c = {HC}; the inputs were i1 = {HI1}, i2 = {HI2}
and the weights w1 = {HW1}, w2 = {HW2}, b = {HB}.
"""


def test_an_indented_block_of_formulas_is_read_and_an_operand_word_goes_on(expect):
    expect(INDENTED, [
        ("* h_in", f"{H_IN:.6f}", "match"), ("* h =", f"{H1:.6f}", "match"),
        (f"= {O_IN:.6f}", f"{O_IN:.6f}", "match"), ("o = sigmoid", f"{O1:.6f}", "match"),
        ("E = 0.5", f"{E_O:.6f}", "match"), ("dE/do", f"{D_O:.6f}", "match"),
    ])


def test_an_indented_block_of_code_is_not_read():
    doc = ("Code:\n\n    for i in range(3):\n        w = w - 0.1 * 2 = 3\n\n"
           "    x = 1 + 2 = 3\n    y = np.exp(x) = 20.1\n")
    assert find_spans(doc) == []


def test_a_fence_of_definitions_with_no_number_worked_stays_as_it_was():
    """A sheet's givens (``numbers: a = 2, b = 3`` then the graph ``e = a * b``) are no working:
    their definitions are not read as formulas to check."""
    assert not formula_fence("numbers: a = 2, b = 3\nthe graph, node by node:\n  e = a * b\n")
    assert formula_fence("e = a * b\n  → 6\n")


def test_checking_one_chain_carried_on_many_lines_grows_linearly(tmp_path, time_ratio):
    """A chain carried on below its head for hundreds of lines is one claim with as many sides: pairing
    each side's numbers looks back a bounded number of sides, so doubling the lines doubles the time."""
    def document(n: int):
        doc = tmp_path / f"chain{n}.md"
        doc.write_text("# A long chain\n\na = 1\n" + "".join(f"= {k}.5 + 0.25\n" for k in range(n)),
                       encoding="utf-8")
        return doc

    small, large = document(1200), document(2400)
    ratio = time_ratio(check_document, small, large, rounds=1)
    assert ratio < 3.2, f"doubling the chain multiplied the time by {ratio:.1f}"


UNITS = """# Two output units

The hidden outputs are 0.6 and 0.5.

= (0.40)(0.6) + (0.50)(0.5)
= 0.24 + 0.25 = 0.49
= (0.45)(0.6) + (0.55)(0.5)
= 0.27 + 0.275 = 0.545
"""


def test_a_continuation_with_arithmetic_after_a_chains_number_starts_a_chain_of_its_own(
        check_text, number_rows):
    first, second = 0.40 * 0.6 + 0.50 * 0.5, 0.45 * 0.6 + 0.55 * 0.5
    assert f"{first:.2f}" == "0.49" and f"{second:.3f}" == "0.545"
    verdicts = _verdicts(number_rows(check_text(UNITS)))
    assert verdicts[(6, "0.49")] == "match"
    assert verdicts.get((8, "0.545"), "match") == "match"  # never compared with the first unit's 0.49
    assert "mismatch" not in verdicts.values()
