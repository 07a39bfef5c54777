"""Code-quality rules the project holds itself to, checked like any behaviour.

* No function in autograd/ or nn/ is rated D or worse by radon (cyclomatic complexity above 20).
* ``import autograd`` does not load graphviz, SymPy nor numpy, and ``import nn`` not the checker.
* The import layers hold (import-linter's contracts in pyproject.toml), and no module imports
  itself through others.
"""

from __future__ import annotations

import json
import os
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


# ---- layers: import-linter's contracts (pyproject.toml) and no import circle -------------------------

def test_the_import_layers_hold():
    """engine and op table at the bottom of autograd, tools above, the compiler on top; autograd
    never imports nn; the checker never imports the CLI (the contracts in pyproject.toml)."""
    pytest.importorskip("importlinter")
    run = subprocess.run([sys.executable, "-c", "from importlinter.cli import lint_imports_command; "
                          "lint_imports_command()"], cwd=ROOT, capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert "0 broken" in run.stdout


def import_circles() -> list[set[str]]:
    """Every set of modules of autograd and nn that import each other in a circle (Tarjan's strongly
    connected components of the import graph; imports only for type checking do not count)."""
    grimp = pytest.importorskip("grimp")
    graph = grimp.build_graph("autograd", "nn", exclude_type_checking_imports=True)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    circles: list[set[str]] = []

    def visit(v: str) -> None:  # the graph is a few dozen modules deep at most
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph.find_modules_directly_imported_by(v):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = set()
            while True:
                w = stack.pop()
                component.add(w)
                if w == v:
                    break
            if len(component) > 1:
                circles.append(component)

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return circles


def test_no_import_circle():
    # The document reader (reader/checking.py, reader/report.py) and the grader (grade/*) import
    # names from the nn.check package, whose __init__ imports them: importing the modules those
    # names live in (nn.check.checker, nn.check.report, ...) removes these circles. Every other
    # circle fails here.
    assert [c for c in import_circles() if "nn.check" not in c] == []
