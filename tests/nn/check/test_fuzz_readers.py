"""Fuzzing the expression and formula readers: any text gives a result or the reader's own error,
never another exception, each input in under 2 s of CPU time (``cpu_limit``: a busy machine does not
stretch it as it stretches hypothesis' wall-clock deadline). Issue 24, item 3.

At least 10,000 generated inputs per reader: for expressions, arbitrary text and text built from the
language's own pieces, loaded as a whole worked example (parsed, computed, differentiated); for
formulas, arbitrary text and formula-like text read by ``read_formula`` (LaTeX and plain), and a
smaller share checked end to end as ``[[formula]]`` tables. The Markdown reader is fuzzed in
tests/nn/check/reader/.
"""

from __future__ import annotations

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nn.check import ExampleError, check_example
from nn.check.files import example_from_dict
from nn.check.formula_text import FormulaSyntaxError, read_formula


def fuzz(examples: int) -> settings:
    """``examples`` inputs; no example database (nothing written in the tree). Each test bounds every
    input's time itself, in CPU time (``LIMIT``), not with hypothesis' wall-clock deadline."""
    return settings(max_examples=examples, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                           HealthCheck.function_scoped_fixture])


LIMIT = 2.0  # seconds of CPU time per input

# ---- expressions ---------------------------------------------------------------------------------
EXPRESSION_PIECES = ["x", "y", "w", " + ", " - ", " * ", " / ", " ** ", "^", "·", "−", "(", ")", "-",
                     "0", "1", "2", "0.5", "-1", "1e308", "1e-320", "400", "10.0", "nan", "inf",
                     "exp(", "log(", "tanh(", "sigmoid(", "relu(", "abs(", "max(", "min(", "softplus(",
                     ", ", "sqrt(", "__import__('os')", "x.data", "lambda: 1", "[1]", "'s'", "1j", "¹"]
expression_text = (st.lists(st.sampled_from(EXPRESSION_PIECES), min_size=1, max_size=14).map("".join)
                   | st.text(max_size=40))
leaf_value = st.sampled_from([0.0, -0.0, 1.0, -3.0, 0.5, 1e-310, 1e300, -1e300, 2.0])


def load_expression(text: str, x: float, y: float) -> None:
    doc = {"network": {"kind": "expression"}, "leaves": {"x": x, "y": y, "w": 0.25}, "nodes": {"f": text},
           "training": {"learning_rate": 0.1, "parameters": ["w"], "iterations": 1}}
    try:
        example = example_from_dict(doc, "fuzz")
    except ExampleError:
        return
    loss = example.loss()  # loaded: the graph computes, and is finite
    assert math.isfinite(loss.data)


@fuzz(7000)
@given(expression_text, leaf_value, leaf_value)
def test_expression_text_loads_or_is_an_example_error(cpu_limit, text, x, y):
    with cpu_limit(LIMIT, text):
        load_expression(text, x, y)


@fuzz(3000)
@given(st.recursive(st.sampled_from(["x", "y", "w", "0", "2", "0.5", "-1", "1e308"]),
                    lambda e: st.tuples(e, st.sampled_from(["+", "-", "*", "/", "**"]), e).map(
                        lambda t: f"({t[0]} {t[1]} {t[2]})" if t[1] != "**" else f"({t[0]} ** 0.5)")
                    | st.tuples(st.sampled_from(["exp", "log", "tanh", "sigmoid", "relu", "abs"]), e).map(
                        lambda t: f"{t[0]}({t[1]})"), max_leaves=12),
       leaf_value, leaf_value)
def test_well_formed_expressions_load_or_are_an_example_error(cpu_limit, text, x, y):
    with cpu_limit(LIMIT, text):
        load_expression(text, x, y)


# ---- formulas ------------------------------------------------------------------------------------
LATEX_PIECES = [r"\hat{y}", "y", "x_1", "x_{2}", "w_{o1}", "w_{oi}", "a_i", "z_o", "z_1", "b_o", "L", "E",
                r"\eta", r"\delta_o", r"\sigma", "f'", "f", "g", "exp", r"\log", "ln", "max", "sqrt",
                r"\frac{dL}{dw_{o1}}", r"\frac{\partial L}{\partial \hat{y}}", r"\frac", "{", "}", "(", ")",
                "[", "]", r"\left(", r"\right)", "+", "-", "−", r"\cdot", r"\times", "*", "/", "^", "^{2}",
                "^{-1}", "^9", "=", ",", "2", "0.5", "9", "1000", r"\sum_i", r"\sum_{k=1}^{2}", r"\text{new}",
                "^+", "′", "ŷ", r"\quad", "$", r"\,", "dL/dw_o1", "∂", "α", "e"]
PLAIN_PIECES = ["y", "ŷ", "x_1", "w_o1", "a_1", "z_o", "L", "eta", "f'", "σ", "f", "exp", "log", "tanh",
                "relu", "max", "abs", "sqrt", "(", ")", "[", "]", "+", "-", "*", "·", "/", "^", "=", ",",
                "2", "0.5", "9", "1000", "dL/dw_o1", "e"]
formula_text = (st.lists(st.sampled_from(LATEX_PIECES), min_size=1, max_size=16).map(" ".join)
                | st.lists(st.sampled_from(PLAIN_PIECES), min_size=1, max_size=16).map(" ".join)
                | st.text(max_size=60))
KNOWN = {"y", "ŷ", "x", "w", "a", "z", "b", "L", "E", "δ"}


def is_name(name) -> bool:
    return name.base in KNOWN


@fuzz(9400)
@given(st.sampled_from(["L = ", r"\frac{dL}{dw_{o1}} = ", "ŷ = ", "z_1 = ", ""]), formula_text)
def test_formula_text_reads_or_is_a_formula_syntax_error(cpu_limit, left, text):
    try:
        with cpu_limit(LIMIT, left + text):
            formula = read_formula(left + text, is_name, {"i": ("1", "2"), "k": ("1", "2")})
    except FormulaSyntaxError:
        return
    assert formula.rights and all(hasattr(r, "free_symbols") for r in formula.rights)


SEED001_SETUP = {
    "network": {"kind": "document", "activation": "sigmoid"},
    "data": {"inputs": [0.05, 0.10], "targets": [0.01]},
    "training": {"loss": "squared_error", "learning_rate": 0.5},
    "parameters": {"W11": 0.15, "W12": 0.25, "W21": 0.20, "W22": 0.30, "W31": 0.40, "W41": 0.45,
                   "B1": 0.35, "B2": 0.35, "B3": 0.60},
}


@fuzz(600)
@given(st.sampled_from(["L = ", r"\frac{dL}{dw_{o1}} = ", r"\hat{y} = ", "z_1 = "]), formula_text)
def test_formula_tables_check_or_are_an_example_error(cpu_limit, left, text):
    doc = SEED001_SETUP | {"formula": [{"name": "fuzz", "text": left + text, "for": {"i": [1, 2]}}]}
    try:
        with cpu_limit(LIMIT, left + text):
            report = check_example(example_from_dict(doc, "fuzz"))
    except ExampleError:
        return
    assert all(r.verdict in ("match", "mismatch") for r in report.rows)
    report.as_dict()  # valid JSON-able numbers: no NaN escapes
