"""The checker's long runs through the vectorised step (``check_example(..., vectorize=True)``).

The array code sums the batch in another order than the engine, so its numbers equal the engine's
to rounding, not bit for bit; what must not change is any verdict or diagnosis. Every bundled
multi-step example, and the multi-step examples of test_checker_compiled (momentum, mini-batches,
a sum over a full batch, cross-entropy, frozen biases, the updated weights), are checked both ways.
"""

from __future__ import annotations

import importlib.util
import math
from pathlib import Path

import pytest

from nn.check import bundled_examples, check_example, load_example

pytest.importorskip("numpy")

COMPILED_TESTS = Path(__file__).with_name("test_checker_compiled.py")


def _compiled_examples() -> dict[str, str]:
    spec = importlib.util.spec_from_file_location("checker_compiled_examples", COMPILED_TESTS)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.EXAMPLES


MULTI_STEP = [n for n in bundled_examples() if load_example(n).rule.iterations > 1]


def verdicts(report) -> list[tuple[object, ...]]:
    """What a report decides about each number: its verdict, diagnosis and causes."""
    return [(r.number.index, r.verdict, r.diagnosis, tuple(c.kind for c in r.causes)) for r in report.rows]


def close(a, b) -> bool:
    return all(math.isclose(r.engine, s.engine, rel_tol=1e-9, abs_tol=1e-12) for r, s in zip(a.rows, b.rows))


@pytest.fixture
def array_runs(monkeypatch):
    """How many batches ran as array code (not through the scalar step's fallback)."""
    from autograd.compiler.vectorize import Program

    runs = [0]
    run = Program.run

    def counting(self, *args):
        runs[0] += 1
        return run(self, *args)

    monkeypatch.setattr(Program, "run", counting)
    return runs


def test_there_are_bundled_multi_step_examples():
    assert "mazur" in MULTI_STEP  # 10,000 steps


@pytest.mark.parametrize("name", MULTI_STEP)
def test_every_bundled_multi_step_example_gives_the_same_verdicts_vectorised(name, array_runs):
    engine = check_example(name)
    vectorised = check_example(name, compiled=True, vectorize=True)
    assert array_runs[0] >= load_example(name).rule.iterations
    assert verdicts(vectorised) == verdicts(engine)
    assert close(vectorised, engine)


@pytest.mark.parametrize("name", ["document", "mlp", "momentum", "per-sample batches", "full batch, sum",
                                  "cross-entropy", "shared-bias (Mazur, 120 steps)",
                                  "updated weights declared", "expression"])
def test_the_compiled_checks_examples_give_the_same_verdicts_vectorised(tmp_path, name, array_runs):
    path = tmp_path / "ex.toml"
    path.write_text(_compiled_examples()[name], encoding="utf-8")
    engine = check_example(path, compiled=False)
    vectorised = check_example(path, compiled=True, vectorize=True)
    assert not engine.ok  # wrong numbers printed on purpose: the diagnoses ran both ways
    # an expression has no data to batch, the softmax's shift is read from the outputs: no array code
    assert (array_runs[0] == 0) == (name in ("expression", "cross-entropy"))
    assert verdicts(vectorised) == verdicts(engine)
    assert close(vectorised, engine)
