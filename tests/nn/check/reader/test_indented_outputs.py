"""A code block's output written as an indented block, as ``jupyter nbconvert --to markdown`` writes
every cell's output (nn/check/reader/code_outputs.py ``_indented_output``): the numbers of each run of
a loop are checked against the code's values at that run. Truth recomputed in plain Python."""

from __future__ import annotations

import math

import pytest

from nn.check.example import ExampleError


def _training(epochs: int, every: int) -> list[tuple[int, float, float]]:
    """(epoch, loss, w) printed every ``every`` epochs of a sigmoid neuron trained on one sample."""
    w, b, x, y, lr = 0.5, 0.1, 2.0, 1.0, 0.5
    printed = []
    for epoch in range(epochs):
        a = 1 / (1 + math.exp(-(w * x + b)))
        loss = 0.5 * (a - y) ** 2
        dz = (a - y) * a * (1 - a)
        w -= lr * dz * x
        b -= lr * dz
        if epoch % every == 0:
            printed.append((epoch, loss, w))
    return printed


CODE = """```python
import numpy as np
def sigmoid(z):
    return 1 / (1 + np.exp(-z))
w, b = 0.5, 0.1
x, y = 2.0, 1.0
lr = 0.5
for epoch in range(20):
    a = sigmoid(w * x + b)
    loss = 0.5 * (a - y) ** 2
    dz = (a - y) * a * (1 - a)
    w -= lr * dz * x
    b -= lr * dz
    if epoch % 5 == 0:
        print("Epoch", epoch, "loss", round(loss, 4), "w =", round(w, 3))
```
"""


def test_each_run_of_a_loop_printed_as_an_indented_block_is_checked(document_rows):
    runs = _training(20, 5)
    lines = [f"    Epoch {e} loss {round(loss, 4)} w = {round(w, 3)}" for e, loss, w in runs]
    lines[2] = lines[2].replace(f"{round(runs[2][2], 3)}", f"{round(runs[2][2], 3) + 0.01:.3f}")  # a slip
    text = "# Training a neuron\n\n" + CODE + "\n" + "\n".join(lines) + "\n\nThe loss falls.\n"
    first = text.split("\n").index(lines[0]) + 1
    rows = document_rows(text)
    verdicts = {line - first: [r["verdict"] for r in found] for line, found in rows.items()}
    assert verdicts == {0: ["match", "match"], 1: ["match", "match"], 2: ["match", "mismatch"],
                        3: ["match", "match"]}


def test_an_output_label_may_stand_between_and_a_code_block_that_shows_nothing_has_no_output(document_rows):
    runs = _training(20, 5)
    out = "\n".join(f"    Epoch {e} loss {round(loss, 4)} w = {round(w, 3)}" for e, loss, w in runs)
    rows = document_rows("# Training\n\n" + CODE + "\nOutput:\n\n" + out + "\n")
    assert sorted(r["verdict"] for found in rows.values() for r in found) == ["match"] * 8
    quiet = CODE.replace('        print("Epoch", epoch, "loss", round(loss, 4), "w =", round(w, 3))\n',
                         "        pass\n")
    with pytest.raises(ExampleError, match="no setup"):  # not its output: never paired with the code's values
        document_rows("# Training\n\n" + quiet + "\n" + out + "\n")


def test_an_output_in_a_fence_marked_as_python_is_the_output(document_rows):
    w, x, b, lines = 0.5, 2.0, 0.1, []
    for step in range(2):
        z = w * x + b
        a = 1 / (1 + math.exp(-z))
        lines.append(f"step {step} z={z:.3f} a={a:.4f}")
        w = w - 0.1 * (a - 1) * x
    lines[1] = lines[1].replace(f"a={a:.4f}", f"a={a + 0.001:.4f}")  # a slip in the second step
    text = ("# Outputs marked as code\n\n```python\nimport math\nw, x, b = 0.5, 2.0, 0.1\n"
            "for step in range(2):\n    z = w * x + b\n    a = 1 / (1 + math.exp(-z))\n"
            "    print(f\"step {step} z={z:.3f} a={a:.4f}\")\n"
            "    w = w - 0.1 * (a - 1) * x\n```\n\n```python\n" + "\n".join(lines) + "\n```\n\n"
            "```python\nprint(w)\n```\n\n```python\n" + f"{w:.4f}" + "\n```\n\n```python\nv = w * 2\n```\n")
    rows = {line: [r["verdict"] for r in found] for line, found in document_rows(text).items()}
    assert rows == {14: ["match", "match"], 15: ["match", "mismatch"], 23: ["match"]}
