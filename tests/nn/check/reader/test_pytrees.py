"""A dict (or list, tuple) of numbers differentiated as one argument (nn/check/reader/pytrees.py),
printed as JAX prints it, and a decorator the code defines applied to the function it wraps
(nn/check/reader/interpreter.py). The truth is plain Python: closed-form derivatives."""

from __future__ import annotations

import math

import pytest

from nn.check import check_document


@pytest.fixture
def checked(row_dicts):
    """``checked(path)``: printed number → [(verdict, name)] for every number checked."""
    def check(path) -> dict[str, list[tuple[str, str]]]:
        out: dict[str, list[tuple[str, str]]] = {}
        for r in row_dicts(check_document(path)):
            out.setdefault(str(r["document"]), []).append((r["verdict"], r["name"]))
        return out
    return check


def test_the_gradient_of_a_dict_of_parameters_prints_in_sorted_key_order(notebooks, tmp_path, checked):
    w, b, x, t = 0.75, -0.5, 2.0, 0.25
    err = math.tanh(w * x + b) - t
    slope = 1 - math.tanh(w * x + b) ** 2
    dw, db = 2 * err * slope * x, 2 * err * slope
    code = ("import jax\nimport jax.numpy as jnp\n\ndef loss(params, x):\n"
            "    return (jnp.tanh(params['w'] * x + params['b']) - 0.25) ** 2\n\n"
            "params = {'w': 0.75, 'b': -0.5}\ngrads = jax.grad(loss)(params, 2.0)\nprint(grads)\n"
            "print(grads['w'])")
    wrong_db = db + 0.01
    printed = (f"{{'b': Array({wrong_db:.7f}, dtype=float32), 'w': Array({dw:.7f}, dtype=float32)}}\n"
               f"{dw:.7f}\n")
    path = notebooks.write(tmp_path, notebooks.v4.new_markdown_cell("# Pytree gradient"),
                           notebooks.v4.new_code_cell(code, outputs=[notebooks.stdout(printed)]))
    rows = checked(path)
    assert [v for v, _ in rows[f"{dw:.7f}"]] == ["match", "match"]  # in the dict and alone
    assert rows[f"{wrong_db:.7f}"][0][0] == "mismatch"  # b comes first: JAX sorts the keys


def test_a_list_of_parameters_and_a_decorator_the_code_defines(notebooks, tmp_path, checked):
    a, c = 1.5, -2.0
    d_a, d_c = 2 * (a * 3.0 + c) * 3.0, 2 * (a * 3.0 + c)
    code = ("from jax import grad\n\ndef trace(fn):\n    def wrapper(*args, **kw):\n"
            "        out = fn(*args, **kw)\n        print('value:', out)\n        return out\n"
            "    return wrapper\n\n"
            "@trace\ndef fit(p):\n    return (p[0] * 3.0 + p[1]) ** 2\n\nfit([1.5, -2.0])\n"
            "print(grad(lambda p: (p[0] * 3.0 + p[1]) ** 2)([1.5, -2.0]))")
    value = (a * 3.0 + c) ** 2
    printed = f"value: {value}\n[Array({d_a}, dtype=float32), Array({d_c}, dtype=float32)]\n"
    path = notebooks.write(tmp_path, notebooks.v4.new_code_cell(code, outputs=[notebooks.stdout(printed)]))
    rows = checked(path)
    assert rows[str(value)][0][0] == "match"  # printed inside the decorator's wrapper
    assert rows[str(d_a)][0][0] == "match" and rows[str(d_c)][0][0] == "match"


def test_jax_vectors_printed_as_array_and_the_gradient_of_an_array_argument(notebooks, tmp_path, checked):
    xs = [0.5, -1.0, 2.0]
    t = [math.tanh(v) for v in xs]
    slopes = [1 - v * v for v in t]  # d/dx sum(tanh(x)) = 1 - tanh(x)²
    wrong = slopes[2] + 0.001
    cells = [
        notebooks.v4.new_code_cell("import jax\nimport jax.numpy as jnp\nx = jnp.array([0.5, -1.0, 2.0])\n"
                                   "y = jnp.tanh(x)\ny",
                                   outputs=[notebooks.result(f"Array([{t[0]:.7f}, {t[1]:.7f}, {t[2]:.7f}], "
                                                             "dtype=float32)")]),
        notebooks.v4.new_code_cell("def total(v):\n    return jnp.sum(jnp.tanh(v))\n\njax.grad(total)(x)",
                                   outputs=[notebooks.result(f"Array([{slopes[0]:.7f}, {slopes[1]:.7f}, "
                                                             f"{wrong:.7f}], dtype=float32)")]),
    ]
    rows = checked(notebooks.write(tmp_path, *cells))
    assert all(rows[f"{v:.7f}"][0][0] == "match" for v in t)
    assert rows[f"{slopes[0]:.7f}"][0][0] == "match" and rows[f"{slopes[1]:.7f}"][0][0] == "match"
    assert rows[f"{wrong:.7f}"][0][0] == "mismatch"
