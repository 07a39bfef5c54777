"""The diagnoses of a wrong number (nn/check/diagnoses.py): each hand slip names what it reproduces,
and is specific: on numbers it does not explain it (almost) never fires.

Every right value here is computed in plain Python in this file (math only), never by the engine.
"""

from __future__ import annotations

import math
import random
import struct
from decimal import Decimal
from pathlib import Path

import pytest

from nn.check import check_example, parse_printed
from nn.check.diagnoses import (
    decimal_point,
    digit_slip,
    hand_slip,
    in_float32,
    number_slip,
    sign_flip,
    times_two,
    truncation,
)

SLIPS = {"digit_slip": digit_slip, "decimal_point": decimal_point, "times_two": times_two,
         "in_float32": in_float32, "hand_slip": hand_slip}


def printed_at(x: float, digits: int) -> str:
    """x printed with ``digits`` significant digits, as a document would."""
    d = Decimal(repr(x))
    return str(d.quantize(Decimal(1).scaleb(d.adjusted() - digits + 1)))


def float32(x: float) -> float:
    return struct.unpack("f", struct.pack("f", x))[0]


def float32_printed(x: float) -> str:
    """How numpy prints a float32: the shortest digits that read back as the same float32."""
    f = float32(x)
    return next(t for t in (f"{f:.{d}g}" for d in range(1, 10)) if float32(float(t)) == f)


# ---- each slip on its own example ---------------------------------------------------------------
@pytest.mark.parametrize("printed, right, kind, words", [
    ("0.3275", 0.15 * 0.05 + 0.20 * 0.10 + 0.35, "digit_slip", "one digit wrong, 0.3275 for 0.3775"),
    ("0.3757", 0.3775, "swapped", "two digits swapped, 0.3757 for 0.3775"),
    ("-0.01532", -0.0152301, "swapped", "two digits swapped"),
])
def test_a_digit_slip_names_the_digits(printed, right, kind, words):
    (cause,) = digit_slip(parse_printed(printed), right)
    assert cause.kind == kind and words in cause.text


@pytest.mark.parametrize("printed, right, words", [
    ("0.52107", 0.3 * 0.1739, "one digit too many, 0.52107 for 0.05217"),  # its 0 written after the 1
    ("0.33775", 0.3775, "one digit too many, 0.33775 for 0.3775"),  # a 3 written twice
    ("-1.4635", -1.24635, "one digit left out, -1.4635 for -1.24635"),
    ("3.4159", math.pi, "one digit left out"),  # 3.14159 without its 1
])
def test_a_digit_written_in_or_left_out(printed, right, words):
    (cause,) = digit_slip(parse_printed(printed), right)
    assert cause.kind == "digit_slip" and words in cause.text


@pytest.mark.parametrize("printed, right", [
    ("0.37751", 0.3775),  # one digit more at the end: a rounding question, not a slip
    ("0.4734", 0.047344),  # the same digits: the decimal point moved (decimal_point's)
    ("0.5217", 0.005217),
    ("-0.52107", 0.05217),  # the sign too: not one slip
    ("0.3776", 0.3775),  # 4 digits, one more than 0.378: too short to tell
    ("-1.394", -1.3973705692),  # 1.3974 without its 7, but a near miss: a slip in the last digits too
    ("3.1459", math.pi),  # the same
])
def test_no_digit_more_or_less_where_it_is_not_one(printed, right):
    assert digit_slip(parse_printed(printed), right) == []


def test_a_slip_with_the_sign_flipped_names_both():
    right = -0.0075 * 0.378 * 1.0  # -0.002835
    causes = hand_slip(parse_printed("0.001418"), right)  # half of it, sign flipped
    assert [c.kind for c in causes] == ["sign", "half"] and "-0.002835" in causes[0].text
    assert hand_slip(parse_printed("-0.001418"), right)[0].kind == "half"  # the slip alone first
    assert hand_slip(parse_printed("0.002835"), right) == []  # the sign alone: sign_flip's
    assert [c.kind for c in sign_flip(parse_printed("0.002835"), right)] == ["sign"]


@pytest.mark.parametrize("printed, right, kind", [
    ("0.221", 0.2217128733, "truncated"),
    ("-0.067", -0.0677670048, "truncated"),
    ("0.3775", -0.3775, "sign"),
    ("0.7550", 0.3775, "factor2"),
    ("0.47344", 0.4 * 0.11836, "digit_slip"),
    ("0.35355338", 1 / (2 * math.sqrt(2.0)), "float32"),
    ("0.3812", 0.3775, None),
])
def test_a_number_alone_against_its_arithmetic(printed, right, kind):
    """``number_slip``: what the document's own arithmetic steps are diagnosed with."""
    found = [c.kind for c in number_slip(parse_printed(printed), right)]
    assert found == ([kind] if kind else [])
    assert truncation(parse_printed(printed), right) == [] or kind == "truncated"


@pytest.mark.parametrize("printed, right", [("1.0", 0.8 + 0.3), ("-0.8", -0.3 * 3), ("0.2", 0.1 + 0.2)])
def test_a_value_one_unit_further_is_not_truncated(printed, right):
    """0.8 + 0.3 is 1.1000000000000001 in floating point: it is 1.1, which truncates to 1.1, not 1.0."""
    assert f"{right:.12g}" == f"{float(printed) + math.copysign(0.1, right):.12g}"
    assert truncation(parse_printed(printed), right) == []


def test_a_slip_of_the_decimal_point():
    right = 0.4 * 0.11836  # 0.047344
    (cause,) = decimal_point(parse_printed("0.47344"), right)
    assert cause.kind == "digit_slip" and "× 10^1" in cause.text
    assert decimal_point(parse_printed("0.0047344"), right)[0].text.endswith("× 10^-1")
    assert not digit_slip(parse_printed("0.47344"), right)  # not a digit: the point


def test_a_factor_two_or_a_half():
    right = -(0.75 - 0.70) * 0.70 * 0.30  # -0.0105
    assert [c.kind for c in times_two(parse_printed("-0.0210"), right)] == ["factor2"]
    assert [c.kind for c in times_two(parse_printed("-0.00525"), right)] == ["half"]
    assert times_two(parse_printed("0.0210"), right) == []  # the sign too: another cause


def test_arithmetic_done_in_float32():
    right = 1 / (2 * math.sqrt(2.0))  # d/dx sqrt(x) at 2: 0.35355339059327373
    printed = float32_printed(right)
    assert printed == "0.35355338"
    (cause,) = in_float32(parse_printed(printed), right)
    assert cause.kind == "float32"
    assert in_float32(parse_printed("0.35355335"), right)[0].kind == "float32"  # a float32 unit away
    assert in_float32(parse_printed("0.3535534"), right) == []  # the exact value rounded: right
    assert in_float32(parse_printed("0.35355"), right) == []  # 5 digits: no float32 shows in them
    assert in_float32(parse_printed("0.35365338"), right) == []  # far more than float32 errs


# ---- specificity: the rate at which a slip fires on numbers it does not explain --------------
def _random_value(rng: random.Random) -> float:
    return rng.choice((-1, 1)) * 10 ** rng.uniform(-3, 1)


@pytest.mark.parametrize("name", SLIPS)
def test_a_slip_never_fires_on_a_right_number(name):
    rng = random.Random(20)
    slip = SLIPS[name]
    for _ in range(3000):
        x = _random_value(rng)
        for digits in (2, 3, 4, 6, 8):
            assert slip(parse_printed(printed_at(x, digits)), x) == [], (name, x, digits)
        assert slip(parse_printed(float32_printed(x)), float32(x)) == []


@pytest.mark.parametrize("name, most", [("digit_slip", 0.004), ("decimal_point", 0.002), ("times_two", 0.002),
                                        ("in_float32", 0.0), ("hand_slip", 0.006)])
def test_a_slip_almost_never_fires_on_an_unrelated_number(name, most):
    """A printed number of another quantity (an independent random value, 3 to 8 significant
    digits) against the right value: the share the slip claims to explain."""
    rng = random.Random(8)
    slip, n, fired = SLIPS[name], 20000, 0
    for _ in range(n):
        right = _random_value(rng)
        wrong = right * rng.uniform(0.5, 1.5) if rng.random() < 0.5 else _random_value(rng)
        fired += bool(slip(parse_printed(printed_at(wrong, rng.choice((3, 4, 5, 8)))), right))
    assert fired / n <= most, fired / n


# ---- through the checker: the slips that need the graph -------------------------------------------
def expression_example(tmp_path: Path, leaves: dict, nodes: dict, rows: list[tuple], root: str,
                       parameters: list[str] = (), lr: float | None = None) -> Path:
    text = '[example]\nname = "slips"\n[network]\nkind = "expression"\n[leaves]\n'
    text += "".join(f"{k} = {v!r}\n" for k, v in leaves.items())
    text += "[nodes]\n" + "".join(f'{k} = "{v}"\n' for k, v in nodes.items())
    text += f'[training]\nroot = "{root}"\n'
    if parameters:
        text += f"parameters = {list(parameters)!r}\nlearning_rate = {lr!r}\n".replace("'", '"')
    for quantity, value, *after in rows:
        step = after[0] if after else 0
        text += f'\n[[document]]\nquantity = "{quantity}"\nvalue = "{value}"\nafter = {step}\n'
    path = tmp_path / "slips.toml"
    path.write_text(text, encoding="utf-8")
    return path


def causes(report) -> dict[str, list[str]]:
    return {f"{r.number.quantity}@{r.number.after}={r.number.value}": [c.kind for c in r.causes]
            for r in report.rows}


def test_a_dropped_path_of_the_chain_rule(tmp_path):
    """f = x·y + sin-free x²: x is used twice (by x·y and by x·x); df/dx = y + 2x."""
    x, y = 1.5, -0.8
    right = y + 2 * x  # 2.2
    only_product = y  # the path through x·x left out
    path = expression_example(tmp_path, {"x": x, "y": y}, {"p": "x * y", "s": "x * x", "f": "p + s"},
                              [("df/dx", f"{right:.3f}"), ("df/dx", f"{only_product:.3f}")], "f")
    found = causes(check_example(path))
    assert found["df/dx@0=2.200"] == []
    assert found["df/dx@0=-0.800"] == ["dropped_path"]
    row = check_example(path).rows[1]
    assert "only the path through p" in row.diagnosis and "through s" in row.diagnosis


def test_another_quantitys_value_is_named_among_its_neighbours(tmp_path):
    """a = σ(z): dL/da written where dL/dz belongs (the value of the neighbour's gradient)."""
    w, x, t = 0.7, 1.2, 1.0
    z = w * x
    a = 1 / (1 + math.exp(-z))
    dl_da = a - t  # L = ½(a − t)²
    dl_dz = dl_da * a * (1 - a)
    path = expression_example(tmp_path, {"w": w, "x": x, "t": t},
                              {"z": "w * x", "a": "sigmoid(z)", "L": "0.5 * (a - t) ** 2"},
                              [("dL/dz", f"{dl_da:.4f}")], "L")
    row = check_example(path).rows[0]
    assert abs(dl_dz - dl_da) > 0.01
    assert [c.kind for c in row.causes] == ["other_quantity"] and "it is dL/da" in row.diagnosis


def test_the_documents_wrong_updated_weight_is_carried_into_the_next_step(tmp_path):
    """w ← w − η·dL/dw printed wrong (a digit slip), then the next step computed from it: the
    next step's numbers inherit the document's own wrong weight, not an error of their own."""
    w, x, t, lr = 0.63, 2.0, 0.5, 0.1

    def step(w):
        y = w * x
        return y, (y - t) * x  # L = ½(y − t)²: dL/dw = (y − t)·x

    y0, g0 = step(w)
    w1 = w - lr * g0  # 0.478
    wrong_w1 = 0.487  # printed for 0.478: two digits swapped
    y1_from_wrong, g1_from_wrong = step(wrong_w1)
    y1, _ = step(w1)
    assert abs(y1 - y1_from_wrong) > 0.01
    path = expression_example(tmp_path, {"w": w, "x": x, "t": t}, {"y": "w * x", "L": "0.5 * (y - t) ** 2"},
                              [("y", f"{y0:.2f}"), ("dL/dw", f"{g0:.2f}"), ("w", f"{wrong_w1:.3f}", 1),
                               ("y", f"{y1_from_wrong:.3f}", 1), ("dL/dw", f"{g1_from_wrong:.3f}", 1)],
                              "L", ["w"], lr)
    found = causes(check_example(path))
    assert found["w@1=0.487"] == ["swapped"]
    assert found["y@1=0.974"] == ["inherits"] and found["dL/dw@1=0.948"] == ["inherits"]
    text = check_example(path).rows[3].diagnosis
    assert "inherits the error of the earlier" in text and "= 0.487" in text


def test_a_rounded_output_carried_into_its_own_slope(tmp_path):
    """g = tanh(u) written rounded, and dg/du taken as 1 − g² from the rounded g, as by hand."""
    u, c = 0.83, 17.0
    g = math.tanh(u)
    g_written = round(g, 2)
    f_grad = c * (1 - g_written ** 2)  # df/du from the written g
    assert abs(f_grad - c * (1 - g ** 2)) > 0.005
    path = expression_example(tmp_path, {"u": u, "c": c}, {"g": "tanh(u)", "f": "g * c"},
                              [("g", f"{g_written:.2f}"), ("df/du", f"{f_grad:.4f}")], "f")
    row = check_example(path).rows[1]
    assert [c.kind for c in row.causes] == ["carried"] and "carried into its slope too" in row.diagnosis


def test_a_slip_in_the_operation_itself_when_its_inputs_are_right(tmp_path):
    """z = w·x + b printed wrong although w, x and b are given: a slip in this very sum; a = σ(z) from
    the wrong z inherits it; a = σ(z) wrong from a right z is a slip of its own."""
    w, x, b = 0.15, 0.05, 0.35
    z = w * x + b  # 0.3575
    a = 1 / (1 + math.exp(-z))
    path = expression_example(tmp_path, {"w": w, "x": x, "b": b}, {"z": "w * x + b", "a": "sigmoid(z)"},
                              [("z", "0.3612"), ("a", f"{1 / (1 + math.exp(-0.3612)):.4f}")], "a")
    found = causes(check_example(path))
    assert abs(z - 0.3612) > 0.001 and abs(a - 0.5893) > 0.0005
    assert found["z@0=0.3612"] == ["arithmetic"]
    assert found["a@0=0.5893"] == ["inherits"]
    right_z = expression_example(tmp_path, {"w": w, "x": x, "b": b}, {"z": "w * x + b", "a": "sigmoid(z)"},
                                 [("z", f"{z:.4f}"), ("a", "0.5913")], "a")
    (_, wrong_a) = check_example(right_z).rows
    assert wrong_a.verdict == "mismatch" and [c.kind for c in wrong_a.causes] == ["arithmetic"]
    assert "its inputs (z)" in wrong_a.diagnosis


def test_no_alternative_that_reproduces_fires_on_random_wrong_numbers():
    """Random numbers written for the 2-2-1 network's values and gradients: what the diagnoses say.
    An alternative is named only when it reproduces the number, so (almost) none is; what remains is
    "unexplained", or "arithmetic" where every input of a value is a given (a judgement by
    elimination, not a reproduction)."""
    from nn.check import load_example
    from nn.check.example import DocumentNumber

    example = load_example("seed001")
    example.formulas = []
    rng = random.Random(3)
    quantities = ["a_h1", "a_h2", "z_h1", "z_o1", "a_o1", "L", "dL/dW31", "dL/dW11", "dL/dz_h1", "dL/dz_o1",
                  "dL/da_h2", "dL/dB1"]
    kinds: list[str] = []
    for _ in range(20):
        example.document = [
            DocumentNumber(name=f"r{i}", value=f"{_random_value(rng) / 10:.4g}", kind="",
                           quantity=rng.choice(quantities), index=i + 1) for i in range(12)]
        kinds += [c.kind for r in check_example(example).rows if r.verdict == "mismatch" for c in r.causes]
    reproduced = [k for k in kinds if k not in ("unexplained", "arithmetic")]
    assert len(kinds) >= 200 and len(reproduced) <= 0.02 * len(kinds), reproduced


def test_float32_is_named_before_its_look_alike_truncation(tmp_path):
    """√2 printed by a float32 (1.4142135) reads as √2 = 1.41421356… cut off, but a float32 it is."""
    printed = float32_printed(math.sqrt(2.0))
    assert printed == "1.4142135"
    path = expression_example(tmp_path, {"x": 2.0}, {"r": "x ** 0.5"}, [("r", printed)], "r")
    (row,) = check_example(path).rows
    assert row.verdict == "mismatch" and [c.kind for c in row.causes] == ["float32"]


def test_a_document_that_truncates_is_named_truncating_where_rounding_steps_fits_too(tmp_path):
    """f = (x·y)·z. df/dx = y·z = 1.067913 printed 1.067: truncated, and also what the chain rule
    gives with df/dp = z rounded to 0.663 first (0.663 × 1.61 = 1.06743). Where the document prints
    two more numbers truncated (f = 1.3882869 as 1.3882, df/dy = x·z = 0.86229 as 0.8622), truncating
    is its habit: named first, rounding at every step after it; with one, rounding stays alone."""
    x, y, z = 1.3, 1.61, 0.6633
    assert f"{y * z:.3f}" == "1.068" and f"{round(z, 3) * y:.3f}" == "1.067"
    assert f"{x * y * z:.4f}" == "1.3883" and f"{x * z:.4f}" == "0.8623"
    leaves, nodes = {"x": x, "y": y, "z": z}, {"p": "x * y", "f": "p * z"}
    habit = expression_example(tmp_path, leaves, nodes, [("f", "1.3882"), ("df/dy", "0.8622"),
                                                         ("df/dx", "1.067")], "f")
    found = causes(check_example(habit))
    assert found["f@0=1.3882"] == found["df/dy@0=0.8622"] == ["truncated"]
    assert found["df/dx@0=1.067"][:2] == ["truncated", "rounded-steps"]
    assert "the document truncates 2 other numbers" in check_example(habit).rows[2].diagnosis
    once = expression_example(tmp_path, leaves, nodes, [("f", "1.3882"), ("df/dx", "1.067")], "f")
    assert causes(check_example(once))["df/dx@0=1.067"][0] == "rounded-steps"


@pytest.mark.parametrize("printed", ["0", "-0", "3", "1e308", "1e-320", "≈ 0.5", "-0.000",
                                     "12345678901234567890", "5.05e-05", "−2.5", "9" * 39 + ".5"])
def test_a_number_alone_never_raises_on_extreme_values(printed):
    """``number_slip`` on a value no slip can reach (1e308 for 5.05e-05, infinities, NaN, zero):
    nothing, never a decimal or arithmetic error."""
    for right in (0.0, -0.0, 1e308, -1e308, 5e-324, math.inf, -math.inf, math.nan, 1e-300):
        found = number_slip(parse_printed(printed), right)
        assert found == [] or (math.isfinite(right) and right != 0.0)


# ---- the same diagnoses read from a document's own text (no setup) ------------------------------
def _document_rows(tmp_path: Path, text: str) -> list:
    from nn.check import check_document

    path = tmp_path / "notes.md"
    path.write_text(text, encoding="utf-8")
    return [r for part in check_document(path).all() if part.report for r in part.report.rows
            if r.kind == "number"]


def test_a_document_prints_another_quantitys_value(tmp_path):
    """dL/dz printed with dL/da's value (a = σ(z), L = ½(a − t)²)."""
    w, x, t = 0.7, 1.2, 1.0
    a = 1 / (1 + math.exp(-w * x))
    dl_da = a - t
    dl_dz = dl_da * a * (1 - a)
    (row,) = _document_rows(tmp_path, f"Let $w = {w}$, $x = {x}$ and the target $t = {t:g}$.\n\n"
                            "The forward pass is $z = w x$, $a = \\sigma(z)$ and "
                            "$L = \\frac{1}{2}(a - t)^2$.\n\n"
                            f"At the net input, $\\frac{{\\partial L}}{{\\partial z}} = {dl_da:.4f}$.\n")
    assert abs(row.engine - dl_dz) < 1e-12 and row.verdict == "mismatch"
    assert [c.kind for c in row.causes] == ["other_quantity"] and "it is dL/da" in row.diagnosis


def test_a_document_drops_a_path_of_the_chain_rule(tmp_path):
    """u is used twice (p = u v, s = u u): df/du = v + 2u; the document follows the product only."""
    u, v = 1.5, -0.8
    (row,) = _document_rows(tmp_path, f"Let $u = {u}$ and $v = {v}$.\n\nThen $p = u v$, $s = u u$ and "
                            f"$f = p + s$.\n\nSo $\\frac{{\\partial f}}{{\\partial u}} = {v:.3f}$.\n")
    assert abs(row.engine - (v + 2 * u)) < 1e-12
    assert [c.kind for c in row.causes] == ["dropped_path"] and "through s" in row.diagnosis


def test_a_document_prints_float32_digits(tmp_path):
    """√7 as a float32 prints it (2.6457512): the float32 digits, not the float64 ones (2.6457513)."""
    right = math.sqrt(7.0)
    printed = float32_printed(right)
    assert printed == "2.6457512" and f"{right:.7f}" == "2.6457513"
    (row,) = _document_rows(tmp_path, f"Let $q = 7$ and $r = \\sqrt{{q}}$.\n\n"
                            f"The code prints $r = {printed}$.\n")
    assert abs(row.engine - right) < 1e-15 and row.verdict == "mismatch"
    assert [c.kind for c in row.causes] == ["float32"]


# ---- the learning rate left out of an update --------------------------------------------------
def test_an_update_without_the_learning_rate_is_named(tmp_path):
    """w − dL/dw printed where the document's η = 0.1 (worked-example file)."""
    w, x, t, lr = 0.2, 1.5, 1.0, 0.1
    grad = -(t - w * x) * x  # L = ½(t − w x)²
    path = expression_example(tmp_path, {"w": w, "x": x, "t": t}, {"y": "w * x", "L": "0.5 * (t - y) ** 2"},
                              [("w", f"{w - grad:.4f}", 1), ("w", f"{w - lr * grad:.4f}", 1)], "L", ["w"], lr)
    found = causes(check_example(path))
    assert found[f"w@1={w - grad:.4f}"] == ["learning_rate"] and found[f"w@1={w - lr * grad:.4f}"] == []
    assert "η = 0.1" in check_example(path).rows[0].diagnosis


def test_a_document_writes_an_update_without_the_learning_rate(tmp_path):
    """``w_{new} = w - ∂E/∂w`` with η = 0.1 stated: the number and the rule both say η was left out."""
    x, w, t, lr = 1.5, 0.2, 1.0, 0.1
    y = w * x
    grad = -(t - y) * x  # -1.05
    new = w - grad  # 1.25: η left out (w − η·grad = 0.305)
    text = (f"The input is $x = {x}$, the weight $w = {w}$, the target $t = {t:g}$ and the learning rate "
            f"$\\eta = {lr}$.\n\nThe output is $y = w x = {y:.1f}$ and the error "
            f"$E = \\frac{{1}}{{2}}(t - y)^2 = {0.5 * (t - y) ** 2:.3f}$.\n\n"
            f"The gradient is $\\frac{{\\partial E}}{{\\partial w}} = -(t - y) x = {grad:.2f}$.\n\n"
            f"The new weight is $w_{{new}} = w - \\frac{{\\partial E}}{{\\partial w}} = {new:.2f}$.\n")
    from nn.check import check_document

    path = tmp_path / "step.md"
    path.write_text(text, encoding="utf-8")
    report = check_document(path).report
    (row,) = [r for r in report.rows if r.kind == "number" and r.number.value == f"{new:.2f}"]
    assert abs(row.engine - (w - lr * grad)) < 1e-12 and row.verdict == "mismatch"
    assert [c.kind for c in row.causes] == ["learning_rate"]
    rules = [r for r in report.rows if r.kind != "number" and r.verdict == "mismatch"]
    assert rules and all(r.causes[0].kind == "learning_rate" for r in rules)
