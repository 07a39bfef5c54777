"""The REPL stepper (autograd.stepper): driven as a user would, in Jupyter and in a real session."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from autograd import (
    Stepper,
    UnknownNodeError,
    Value,
    topological_order,
)
from nn.check import load_example

ROOT = Path(__file__).resolve().parents[2]


def words(text: str) -> str:
    """The text with every run of white space one space: a test reads it regardless of padding."""
    return " ".join(text.split())


def test_stepper_driven_as_a_user_would(capsys):
    loss = load_example("seed000").loss()
    s = Stepper(loss)
    assert "0 of 9 steps taken; next: L = mul(½, t2)" in repr(s)

    first = s.next()
    assert first.name == "L" and first.grad == 1.0
    assert "step 1  L = mul(½, t2) = 0.00125" in repr(first)

    shown = s.run_until("a_o1")
    assert [st.name for st in shown] == ["t2", "t1", "a_o1"]
    assert "-0.05 · 0.21 = -0.0105" in words(repr(shown))

    leaves = repr(s.leaves())
    assert re.search(r"W31 +0\.4 +0 +pending \(complete after step 5\)", leaves)

    shown = s.run_until("W31")  # a leaf: run until its gradient is complete
    assert [st.name for st in shown] == ["z_o1"]
    assert re.search(r"W31 +0\.4 +-0\.006195 +final", repr(s.leaves()))

    capsys.readouterr()
    assert s.run_until("z_h9") is None  # a typo: a message with the valid names, no traceback
    msg = capsys.readouterr().out
    assert "no node named 'z_h9'" in msg and "z_h1" in msg and "W11" in msg
    assert s.position == 5

    assert s.run_until("a_o1") is None
    assert "'a_o1' is already done" in capsys.readouterr().out

    rest = s.run()
    assert [st.name for st in rest] == ["a_h2", "z_h2", "a_h1", "z_h1"]
    assert "-0.00101598" in repr(rest)
    assert s.done and "complete (9 steps)" in repr(s)
    assert s.next() is None and "restart()" in capsys.readouterr().out

    # the stepper left exactly the gradients backward() gives
    stepped = [n.grad for n in topological_order(loss)]
    loss.backward()
    assert stepped == [n.grad for n in topological_order(loss)]

    s.restart()
    assert s.position == 0 and loss.grad == 1.0 and s.find("W31").grad == 0.0
    s.run_until(s.find("z_o1"))
    assert s.position == 5
    with pytest.raises(UnknownNodeError, match="no node named 'nope'"):
        s.find("nope")


def test_stepper_on_a_graph_without_operations_has_nothing_to_do(capsys):
    a = Value(2.0, "a")
    s = Stepper(a)
    assert s.done and s.total == 0
    assert s.run_until("a") is None and "'a' is already done" in capsys.readouterr().out
    assert s.next() is None and "complete (0 steps)" in capsys.readouterr().out
    assert a.grad == 1.0  # as a.backward() leaves it


def test_stepper_renders_for_jupyter():
    s = Stepper(load_example("seed000").loss())
    s.run_until("a_o1")
    md = s._repr_markdown_()
    assert "4 of 9 steps taken" in md and "| 4 | `a_o1 = sigmoid(z_o1)` |" in md
    assert "| `W31` | 0.4 | 0 | pending" in s.leaves()._repr_markdown_()
    assert s.taken[-1]._repr_markdown_().startswith("| step |")


def test_stepper_in_a_real_interactive_python_session():
    session = "\n".join([
        "from nn.check import load_example",
        "from autograd import Stepper",
        "s = Stepper(load_example().loss())",
        "s.next()",
        "s.run_until('zh1')",
        "s.run_until('a_h2')",
        "s.leaves()",
    ]) + "\n"
    run = subprocess.run([sys.executable, "-q", "-i"], input=session, capture_output=True, text=True,
                         cwd=ROOT, timeout=60, encoding="utf-8")
    assert "Traceback" not in run.stderr, run.stderr
    out = words(run.stdout)
    assert "step 1 L = mul(½, t2) = 0.00125" in out
    assert "no node named 'zh1'" in out
    assert "∂L/∂z_h2 = ∂L/∂a_h2 · a_h2(1−a_h2) = -0.004725 · 0.24 = -0.001134" in out
    assert "W41 0.45 -0.0063 final" in out
