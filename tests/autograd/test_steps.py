"""The step tracer (autograd.steps): steps vs backward(), the reference example's numbers, the CLI.

Golden files live in tests/golden/. After an intended change to the output, regenerate them with
``STEPGRAD_UPDATE_GOLDEN=1 python -m pytest tests/autograd/test_steps.py`` and review the diff in git.
"""

from __future__ import annotations

import json
import math
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest

from autograd import (
    GraphError,
    UnknownNodeError,
    Value,
    backward_steps,
    define_op,
    topological_order,
    trace,
    watch,
    weighted_sum,
)
from autograd.ops import op_of, operations
from nn.cli import main

GOLDEN = Path(__file__).parents[1] / "golden"
ROOT = Path(__file__).resolve().parents[2]


def squeeze(text: str) -> str:
    """Collapse runs of spaces, so a test can look for a formula regardless of column padding."""
    return re.sub(r" +", " ", text)


# ---- steps vs backward() on random graphs ---------------------------------------------------

POWERS = {"**2", "**3", "**0.5", "**-1"}
# every operation of the table (a new built-in must be added to random_graph), each power drawn apart
# the indicators (step, sign, max_share, min_share) appear in gradient graphs, not as Value methods
ALL_OPS = ({n for n, op in operations().items() if op.builtin and not op.name.endswith("_share")}
           - {"pow", "step", "sign"}) | POWERS


def _op_key(node: Value) -> str:
    op = op_of(node)
    return op.symbol if op.params else op.name


def random_graph(seed: int) -> tuple[Value, set[str]]:
    """A random graph using every kind of operation, with reused nodes (diamonds, x*x)."""
    rng = random.Random(seed)
    pool = [Value(rng.uniform(-2, 2), f"x{i}" if i % 2 else "") for i in range(rng.randint(2, 5))]
    ops_used: set[str] = set()

    def pick() -> Value:  # favour recent nodes, so paths get long and nodes get reused
        return pool[-1 - min(int(rng.expovariate(0.4)), len(pool) - 1)]

    for _ in range(rng.randint(5, 40)):
        a, b = pick(), pick()
        op = rng.choice(sorted(ALL_OPS))
        if op == "add":
            out = a + b
        elif op == "sub":
            out = a - b if rng.random() < 0.8 else 1.5 - a
        elif op == "mul":
            out = a * b if rng.random() < 0.8 else a * a
        elif op in ("max", "min"):
            out = getattr(a, op)(b if rng.random() < 0.8 else a)  # a.max(a): a tie
        elif op == "abs":
            out = abs(a)
        elif op == "div":
            if abs(b.data) < 0.1:
                continue
            out = a / b
        elif op == "neg":
            out = -a
        elif op.startswith("**"):
            n = float(op[2:])
            if (n < 0 and abs(a.data) < 0.1) or (n == 0.5 and a.data <= 0):
                continue
            out = a ** (int(n) if n.is_integer() else n)
        elif op == "log":
            if a.data <= 0.01:
                continue
            out = a.log()
        elif op == "wsum":
            k = rng.randint(1, 3)
            weights, inputs = [pick() for _ in range(k)], [pick() for _ in range(k)]
            if rng.random() < 0.3:
                inputs[0] = 0.5  # a plain number becomes a constant leaf
            out = weighted_sum(weights, inputs, pick() if rng.random() < 0.7 else None)
        else:
            out = getattr(a, op)()
        if rng.random() < 0.3:
            out.label = f"n{len(pool)}"
        ops_used.add(_op_key(out))
        if abs(out.data) > 20:
            out = out.tanh()  # keep values (and exp) in range
        pool.append(out)
    root = pool[-1]
    for node in rng.sample(pool, k=min(3, len(pool))):  # join a few side branches into the root
        root = root + node
    return root, ops_used


SEEDS = range(300)


@pytest.mark.parametrize("accumulate", [False, True])
def test_applying_all_steps_gives_exactly_backwards_gradients(accumulate):
    ops_seen: set[str] = set()
    for seed in SEEDS:
        root, ops = random_graph(seed)
        ops_seen |= ops
        order = topological_order(root)
        start = [random.Random(seed).uniform(-1, 1) for _ in order]  # stale grads, reset or kept
        for node, g in zip(order, start, strict=True):
            node.grad = g
        root.backward(accumulate=accumulate)
        expected = [n.grad for n in order]
        assert all(math.isfinite(g) for g in expected)

        for node, g in zip(order, start, strict=True):
            node.grad = g
        steps = list(backward_steps(root, accumulate=accumulate))
        got = [n.grad for n in order]
        assert got == expected, f"seed {seed}"

        assert [s.node for s in steps] == [n for n in reversed(order) if n.parents]
        assert [s.index for s in steps] == list(range(1, len(steps) + 1))
        for s in steps:
            assert s.grad == s.node.grad  # the upstream gradient was complete at its step
            assert [t.node for t in s.terms] == list(s.node.parents)
            assert [t.local for t in s.terms] == list(s.node.local_grads)
            assert [t.contribution for t in s.terms] == [t.local * s.grad for t in s.terms]
    assert ops_seen >= ALL_OPS, f"random graphs never used {ALL_OPS - ops_seen}"


def test_every_leaf_gets_the_sum_of_its_contributions_and_plus_equals_marks_shared_parents():
    x = Value(3.0, "x")
    y = (x * x + x).named("y")  # x feeds three edges: 2 from mul, 1 from add
    t = trace(y)
    terms = [term for s in t for term in s.terms if term.node is x]
    assert len(terms) == 3 and all(term.accumulates for term in terms)
    assert sum(term.contribution for term in terms) == x.grad == 7.0  # d(x²+x)/dx = 2x + 1
    assert "∂y/∂x +=" in squeeze(t.text())


def test_local_derivative_is_read_from_the_node_not_re_derived():
    a = Value(2.0, "a")
    node = a * 3.0
    node.local_grads = (7.0, 2.0)  # not what the table would compute: the tracer must show this one
    (step,) = backward_steps(node)
    assert step.terms[0].local == 7.0 and a.grad == 7.0
    assert "∂t1/∂a = ∂t1/∂t1 · c1 = 1 · 7 = 7" in squeeze(str(step))


def test_an_operation_without_printed_formulas_shows_its_derivative_by_name():
    # derivatives written with math on floats have no symbolic form: the tracer names the derivative
    cube = define_op("cube_no_formula", forward=lambda x: math.pow(x, 3),
                     derivatives=lambda x, out: (3 * math.pow(x, 2),))
    a = Value(2.0, "a")
    (step,) = backward_steps(cube(a))
    assert "∂t1/∂a = ∂t1/∂t1 · cube_no_formula'(a) = 1 · 12 = 12" in squeeze(str(step))
    # written in operations, the formula is read from the definition itself
    cube = define_op("cube_derived", forward=lambda x: x**3, derivatives=lambda x, out: (3 * x * x,))
    (step,) = backward_steps(cube(a))
    assert "∂t1/∂a = ∂t1/∂t1 · 3·a·a = 1 · 12 = 12" in squeeze(str(step))


def test_a_node_with_an_operation_outside_the_table_fails_loudly():
    odd = Value(5.0, "", "custom", (Value(2.0, "a"),), (7.0,))
    with pytest.raises(GraphError, match="unknown operation 'custom'"):
        list(backward_steps(odd))


def test_steps_reset_gradients_when_called_like_backward():
    x = Value(2.0, "x")
    y = (x * 3.0).named("y")
    x.grad = y.grad = 123.0
    steps = backward_steps(y)
    assert (x.grad, y.grad) == (0.0, 1.0)  # reset before the first step is taken
    next(steps)
    assert x.grad == 3.0


# ---- the reference example (seed 000) -------------------------------------------------------


@pytest.fixture
def seed000_trace(seed000_loss):
    return trace(seed000_loss)


def test_reference_example_shows_the_documents_correct_numbers(seed000_trace):
    t = seed000_trace
    text = squeeze(t.text())
    # δ_o1 = ∂L/∂a_o1 · a(1−a) = -0.05 · 0.21 = -0.0105: the issue's own example line
    assert "∂L/∂z_o1 = ∂L/∂a_o1 · a_o1(1−a_o1) = -0.05 · 0.21 = -0.0105" in text
    assert "∂L/∂W31 = ∂L/∂z_o1 · a_h1 = -0.0105 · 0.59 = -0.006195" in text
    assert "∂L/∂W41 = ∂L/∂z_o1 · a_h2 = -0.0105 · 0.6 = -0.0063" in text
    assert "∂L/∂a_h1 = ∂L/∂z_o1 · W31 = -0.0105 · 0.4 = -0.0042" in text  # the document's -0.0042
    assert "∂L/∂a_h2 = ∂L/∂z_o1 · W41 = -0.0105 · 0.45 = -0.004725" in text
    assert "∂L/∂z_h2 = ∂L/∂a_h2 · a_h2(1−a_h2) = -0.004725 · 0.24 = -0.001134" in text
    # δ_h1: the true value, not the document's truncated -0.00101
    assert "∂L/∂z_h1 = ∂L/∂a_h1 · a_h1(1−a_h1) = -0.0042 · 0.2419 = -0.00101598" in text
    assert not re.search(r"-0\.00101(?!\d)", text)

    contribution = {(s.name, term.name): term.contribution for s in t for term in s.terms}
    assert contribution["a_o1", "z_o1"] == pytest.approx(-(0.75 - 0.70) * 0.70 * 0.30, rel=1e-12)
    assert contribution["z_o1", "W31"] == pytest.approx(-0.0105 * 0.59, rel=1e-12)
    assert contribution["z_o1", "W41"] == pytest.approx(-0.0105 * 0.60, rel=1e-12)
    assert contribution["a_h2", "z_h2"] == pytest.approx(0.45 * -0.0105 * 0.60 * 0.40, rel=1e-12)
    assert contribution["a_h1", "z_h1"] == pytest.approx(0.40 * -0.0105 * 0.59 * 0.41, rel=1e-12)
    assert contribution["z_h1", "W11"] == pytest.approx(-0.00101598 * 0.05, rel=1e-12)  # not -0.0000505


def test_reference_example_steps_follow_backward_order(seed000_trace):
    assert [s.name for s in seed000_trace] == [
        "L", "t2", "t1", "a_o1", "z_o1", "a_h2", "z_h2", "a_h1", "z_h1"
    ]
    assert seed000_trace.step("z_o1").expression == "wsum(W31·a_h1, W41·a_h2, B3)"
    with pytest.raises(UnknownNodeError, match="no step for a node named 'W31'.*z_o1"):
        seed000_trace.step("W31")


@pytest.mark.parametrize("fmt,name", [("text", "steps_seed000.txt"), ("markdown", "steps_seed000.md")])
def test_cli_steps_output_matches_golden_file(capsys, golden, fmt, name):
    assert main(["steps", "--format", fmt]) == 0
    golden(name, capsys.readouterr().out)


def test_forward_listing_of_the_reference_example_matches_golden_file(capsys, golden):
    assert main(["steps", "--forward"]) == 0
    out = capsys.readouterr().out
    golden("forward_seed000.txt", out)
    text = squeeze(out)
    assert "z_o1 = wsum(W31·a_h1, W41·a_h2, B3) # 0.8472978604" in text
    assert "a_o1 = sigmoid(z_o1) # 0.7" in text
    assert "L = mul(½, t2) # 0.00125" in text


def test_json_lists_every_step_with_parents_local_and_contribution(seed000_trace, capsys):
    assert main(["steps", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["example"] == "seed000" and doc["root"] == "L"
    assert [s["node"] for s in doc["steps"]] == [s.name for s in seed000_trace]
    for got, step in zip(doc["steps"], seed000_trace, strict=True):
        assert set(got) >= {"node", "op", "data", "grad", "parents"}
        assert got["data"] == step.data and got["grad"] == step.grad  # exact: JSON keeps repr
        assert got["parents"] == [
            {"node": t.name, "local": t.local, "contribution": t.contribution} for t in step.terms
        ]
    z_o1 = doc["steps"][4]
    assert (z_o1["node"], z_o1["op"]) == ("z_o1", "wsum")
    assert z_o1["parents"][0]["node"] == "W31"
    assert z_o1["parents"][0]["contribution"] == pytest.approx(-0.006195, rel=1e-12)
    assert doc["steps"][1]["op"] == "pow" and doc["steps"][1]["exponent"] == 2
    leaves = {leaf["node"]: leaf["grad"] for leaf in doc["leaves"]}
    assert leaves["W31"] == pytest.approx(-0.006195, rel=1e-12)


def test_json_writes_infinities_as_strings_not_invalid_json():
    x = Value(1000.0, "x")
    y = x.exp().named("y")
    doc = json.loads(trace(y).json())
    assert doc["steps"][0]["data"] == "inf"


def test_cli_steps_on_another_example_file(tmp_path, capsys):
    text = (ROOT / "nn" / "examples" / "seed000.toml").read_text(encoding="utf-8")
    path = tmp_path / "w31.toml"
    path.write_text(text.replace("W31 = 0.40", "W31 = 0.50"), encoding="utf-8")
    assert main(["steps", "--example", str(path)]) == 0
    out = squeeze(capsys.readouterr().out)
    assert "∂L/∂a_h1 = ∂L/∂z_o1 · W31 = -0.0105 · 0.5 = -0.00525" in out


def test_cli_steps_with_a_missing_example_is_one_clear_line(capsys):
    assert main(["steps", "--example", "no-such-example"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("stepgrad steps: no example 'no-such-example'") and "seed000" in err
    assert "Traceback" not in err


def test_python_m_nn_steps_prints_the_golden_table():
    run = subprocess.run([sys.executable, "-m", "nn", "steps"], capture_output=True, text=True,
                         cwd=ROOT, timeout=60, encoding="utf-8")
    assert run.returncode == 0, run.stderr
    assert run.stdout == (GOLDEN / "steps_seed000.txt").read_text(encoding="utf-8")


# ---- the README's and the tutorial's sessions are real ----------------------------------------


def repl_sessions() -> dict[str, str]:
    """The README's ```python sessions and the tutorial's ```text ones (its ```python blocks are
    doctests of tests/test_docs.py), by where they are."""
    found = {}
    for name, path, fence in (("README", ROOT / "README.md", "python"),
                              ("tutorial", ROOT / "docs" / "tutorial.md", "text")):
        text = path.read_text(encoding="utf-8")
        for i, session in enumerate(re.findall(rf"```{fence}\n(>>> .*?)\n```", text, flags=re.S), 1):
            found[f"{name}-{i}"] = session
    return found


@pytest.mark.parametrize("session", repl_sessions().values(), ids=repl_sessions().keys())
def test_readme_session_output_is_what_the_repl_prints(session, capsys):
    """Replay each ``>>>`` line as the REPL does (compile in 'single' mode) and compare."""
    chunks = re.split(r"^>>> (.*)$", session, flags=re.M)[1:]
    namespace: dict = {}
    for command, expected in zip(chunks[::2], chunks[1::2], strict=True):
        exec(compile(command, "<stdin>", "single"), namespace)
        assert capsys.readouterr().out.rstrip("\n") == expected.strip("\n"), command


def test_hooks_fire_while_stepping_exactly_as_in_backward():
    a = Value(3.0, "a")
    out = (a * a + a).named("out")
    with watch(a) as seen_backward:
        out.backward()
    with watch(a) as seen_steps:
        for _ in backward_steps(out):
            pass
    assert [c.contribution for c in seen_steps] == [c.contribution for c in seen_backward] == [1.0, 3.0, 3.0]
