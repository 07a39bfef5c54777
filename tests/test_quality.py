"""Code-quality rules the project holds itself to, checked like any behaviour.

* No function in autograd/ or nn/ is rated D or worse by radon (cyclomatic complexity above 20).
* ``import autograd`` does not load graphviz and ``import nn`` does not load the checker.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from radon.complexity import cc_rank, cc_visit

ROOT = Path(__file__).resolve().parent.parent

def complex_functions() -> list[tuple[str, str, int]]:
    found = []
    for path in sorted([*ROOT.glob("autograd/**/*.py"), *ROOT.glob("nn/**/*.py")]):
        rel = path.relative_to(ROOT).as_posix()
        for b in cc_visit(path.read_text(encoding="utf-8")):  # functions and methods, and classes
            if hasattr(b, "methods"):  # a class: its methods are listed (and rated) on their own
                continue
            name = f"{b.classname}.{b.name}" if b.classname else b.name
            if cc_rank(b.complexity) >= "D":
                found.append((rel, name, b.complexity))
    return found


def test_no_function_is_rated_d_or_worse_by_radon():
    offenders = [f"{path}: {name} ({cc_rank(c)}, {c})" for path, name, c in complex_functions()]
    assert not offenders, "split these into small named functions:\n" + "\n".join(offenders)


def test_the_radon_check_sees_a_complex_function():
    source = "def f(x):\n" + "".join(f"    if x == {i}:\n        return {i}\n" for i in range(25))
    (block,) = cc_visit(source)
    assert cc_rank(block.complexity) >= "D"


def modules_after(statement: str) -> set[str]:
    code = f"import json, sys; {statement}; print(json.dumps(sorted(sys.modules)))"
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return set(json.loads(run.stdout))


@pytest.mark.parametrize("statement,absent", [
    ("import autograd", {"graphviz", "autograd.drawing", "sympy", "numpy"}),
    ("import nn", {"nn.check", "nn.check.checker", "graphviz", "sympy"}),
    ("from autograd import Value, define_op, backward_steps, gradcheck", {"graphviz", "sympy"}),
])
def test_imports_stay_light(statement, absent):
    assert not absent & modules_after(statement)


def test_the_drawing_functions_load_on_first_use():
    assert "autograd.drawing" in modules_after("import autograd; autograd.draw")
    # graphviz itself only when a drawing is made
    assert "graphviz" not in modules_after("import autograd; autograd.draw")
    assert "graphviz" in modules_after("import autograd; autograd.draw(autograd.Value(1.0))")
