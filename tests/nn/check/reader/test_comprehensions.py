"""Comprehensions and generator expressions in a document's code, read by the safe interpreter
(nn/check/reader/interpreter.py ``comprehension``; ``sum``/``max``/``min`` in code_library): nothing is
run by Python. The truth of every number is recomputed here in plain Python."""

from __future__ import annotations

import math

from nn.check import check_document


def _sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-z))


def _checked(document_rows, code: str, output: list[str]) -> dict[int, list[str]]:
    """The verdicts of the rows on each line of the output (0: its first line)."""
    text = "# A neuron in code\n\n```python\n" + code + "\n```\n\n```\n" + "\n".join(output) + "\n```\n"
    first = text.split("\n").index("```", text.split("\n").index("```python") + 2) + 4  # 1-based
    return {line - first: [r["verdict"] for r in rows] for line, rows in document_rows(text).items()}


def test_a_generator_summed_over_zip_is_a_weighted_sum(document_rows):
    ws, xs, b = [0.4, -0.3, 0.25], [1.5, 2.0, -4.0], 0.1
    z = sum(w * x for w, x in zip(ws, xs)) + b
    a = _sigmoid(z)
    code = (f"import math\nws = {ws}\nxs = {xs}\nb = {b}\nz = sum(w * x for w, x in zip(ws, xs)) + b\n"
            "a = 1 / (1 + math.exp(-z))\nprint(z)\nprint(a)")
    assert _checked(document_rows, code, [f"{z:.4f}", f"{a + 0.001:.4f}"]) == {0: ["match"], 1: ["mismatch"]}


def test_a_list_of_activations_nested_loops_a_filter_and_a_start(document_rows):
    zs = [-1.0, 0.5, 2.0]
    acts = [_sigmoid(z) for z in zs]
    products = [a * c for a in acts[:2] for c in (1.0, -2.0) if c < 0]
    total = sum((z * z for z in zs), 0.25)
    code = (f"import numpy as np\nzs = {zs}\nacts = [1 / (1 + np.exp(-z)) for z in zs]\n"
            "products = [a * c for a in acts[:2] for c in (1.0, -2.0) if c < 0]\n"
            "total = sum((z * z for z in zs), 0.25)\nprint(acts)\nprint(products)\nprint(total)")
    output = ["[" + ", ".join(f"{a:.4f}" for a in acts) + "]",
              "[" + ", ".join(f"{p:.4f}" for p in products) + "]", f"{total:.3f}"]
    assert _checked(document_rows, code, output) == {0: ["match"] * 3, 1: ["match"] * 2, 2: ["match"]}


def test_max_and_min_of_a_list_of_several_arguments_and_a_dict_comprehension(document_rows):
    scores = [0.2, 1.7, -0.4, 1.1]
    grads = {"w": 0.5 * 2.0, "b": 0.5}
    code = (f"scores = {scores}\nbest = max(s for s in scores)\nworst = min(scores)\n"
            "mid = max(0.0, scores[2], 0.3)\n"
            "grads = {name: 0.5 * g for name, g in {'w': 2.0, 'b': 1.0}.items()}\n"
            "print(best, worst, mid)\nprint(grads['w'], grads['b'])")
    output = [f"{max(scores)} {min(scores)} {max(0.0, scores[2], 0.3)}", f"{grads['w']} {grads['b']}"]
    assert _checked(document_rows, code, output) == {0: ["match"] * 3, 1: ["match"] * 2}


def test_a_comprehension_over_values_not_known_is_listed_not_guessed(tmp_path):
    doc = tmp_path / "drawn.md"
    doc.write_text("# Drawn\n\n```python\nimport torch\nw = 1.5\nxs = torch.randn(3).tolist()\n"
                   "ys = [w * x for x in xs]\nprint(w * 2)\nprint(sum(y for y in ys))\n```\n\n"
                   "```\n3.0\n0.5\n```\n",
                   encoding="utf-8")
    result = check_document(doc)
    assert [(r.number.value, r.verdict) for p in result.all() if p.report for r in p.report.rows
            if r.kind == "number"] == [("3.0", "match")]
    listed = [(s.line, s.text, s.reason) for p in result.all() for s in p.reading.skipped]
    assert any(line == 14 and "0.5" in text and "at line 6" in why for line, text, why in listed), listed
