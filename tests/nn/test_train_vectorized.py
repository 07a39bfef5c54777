"""train_step(..., vectorize=True): epochs as numpy array code, against the eager epochs."""

from __future__ import annotations

import random

import pytest

pytest.importorskip("numpy")

from autograd import Value  # noqa: E402
from nn import MLP, SGD, Momentum, train_step  # noqa: E402


def moons(n: int, seed: int = 0) -> tuple[list[list[float]], list[float]]:
    rng = random.Random(seed)
    xs = [[rng.uniform(-1.5, 2.5), rng.uniform(-1.0, 1.5)] for _ in range(n)]
    return xs, [1.0 if x[1] > 0.3 * x[0] else -1.0 for x in xs]


def hinge(score: Value, y: float) -> Value:
    return (1.0 - score * y).relu()


def twin_models(make_optimizer, vectorize: bool = True):
    a = MLP(2, [8, 8, 1], activation=["relu", "tanh", "linear"], seed=4)
    b = MLP(2, [8, 8, 1], activation=["relu", "tanh", "linear"], seed=4)
    fast = train_step(a, hinge, make_optimizer(a.parameters()), vectorize=vectorize)
    eager = train_step(b, hinge, make_optimizer(b.parameters()), compiled=False)
    return a, b, fast, eager


def close(xs: list[float], ys: list[float], rel: float) -> bool:
    return all(abs(x - y) <= rel * max(1.0, abs(y)) for x, y in zip(xs, ys, strict=True))


@pytest.mark.parametrize("make_optimizer", [lambda p: SGD(p, 0.1), lambda p: Momentum(p, 0.05, 0.9)],
                         ids=["sgd", "momentum"])
def test_fit_matches_the_eager_epochs(make_optimizer):
    a, b, fast, eager = twin_models(make_optimizer)
    xs, ys = moons(60)
    got = fast.fit(xs, ys, 8)
    want = [eager.epoch(xs, ys) for _ in range(8)]
    assert fast.vectorized.reason is None
    assert close(got, want, 1e-10)
    assert close([p.data for p in a.parameters()], [p.data for p in b.parameters()], 1e-10)
    assert close([p.grad for p in a.parameters()], [p.grad for p in b.parameters()], 1e-10)
    if isinstance(fast.optimizer, Momentum):
        assert close(fast.optimizer.velocity, eager.optimizer.velocity, 1e-10)
    assert got[-1] < got[0]


def test_epoch_is_one_vectorised_update_and_the_code_is_array_code():
    a, b, fast, eager = twin_models(lambda p: SGD(p, 0.2))
    xs, ys = moons(20, seed=3)
    assert fast.epoch(xs, ys) == pytest.approx(eager.epoch(xs, ys), rel=1e-12)
    assert close([p.data for p in a.parameters()], [p.data for p in b.parameters()], 1e-12)
    assert " @ " in fast.vectorized.source


def test_a_loss_that_compares_the_target_falls_back_and_still_matches():
    def branchy(score: Value, y: float) -> Value:
        return (score - 1.0) ** 2 if y > 0 else (score + 1.0) ** 2

    a = MLP(2, [4, 1], activation=["tanh", "linear"], seed=1)
    b = MLP(2, [4, 1], activation=["tanh", "linear"], seed=1)
    fast = train_step(a, branchy, SGD(a.parameters(), 0.1), vectorize=True)
    eager = train_step(b, branchy, SGD(b.parameters(), 0.1), compiled=False)
    xs, ys = moons(10)
    assert fast.fit(xs, ys, 3) == [eager.epoch(xs, ys) for _ in range(3)]  # the scalar step: bit for bit
    assert "depends on the data" in fast.vectorized.reason
    assert [p.data for p in a.parameters()] == [p.data for p in b.parameters()]


def test_an_optimizer_without_array_code_runs_its_own_step():
    class Halving(SGD):  # not exactly SGD: its step is not written as array code
        def step(self) -> None:
            for p in self.params:
                p.data -= 0.5 * self.lr * p.grad

    a, b, fast, eager = twin_models(lambda p: Halving(p, 0.2))
    xs, ys = moons(12)
    assert close(fast.fit(xs, ys, 2), [eager.epoch(xs, ys) for _ in range(2)], 1e-12)
    assert close([p.data for p in a.parameters()], [p.data for p in b.parameters()], 1e-12)


def test_fit_refuses_nonsense():
    a, b, fast, eager = twin_models(lambda p: SGD(p, 0.1))
    with pytest.raises(ValueError, match="epochs"):
        fast.fit([[0.0, 0.0]], [1.0], 0)
    with pytest.raises(ValueError, match="one target per input"):
        fast.fit([[0.0, 0.0]], [1.0, 2.0], 1)


def test_an_optimizer_with_a_parameter_outside_the_graph_takes_the_general_path():
    extra_a, extra_b = Value(0.25, "extra"), Value(0.25, "extra")
    a, b, fast, eager = twin_models(lambda p: Momentum([*p, Value(0.25, "extra")], 0.05, 0.5))
    fast.optimizer.params[-1], eager.optimizer.params[-1] = extra_a, extra_b
    fast.optimizer.velocity[-1] = eager.optimizer.velocity[-1] = 0.1
    xs, ys = moons(16, seed=5)
    assert close(fast.fit(xs, ys, 4), [eager.epoch(xs, ys) for _ in range(4)], 1e-10)
    assert close([p.data for p in fast.optimizer.params], [p.data for p in eager.optimizer.params], 1e-10)
    assert extra_a.data == extra_b.data != 0.25  # moved by its velocity alone, as the eager step does
    assert close(fast.optimizer.velocity, eager.optimizer.velocity, 1e-10)


@pytest.mark.parametrize("momentum", [0.0, 0.5])
def test_frozen_parameters_keep_their_values(momentum):
    a, b, fast, eager = twin_models(lambda p: SGD(p, 0.1, momentum, frozen=p[:3]))
    xs, ys = moons(16, seed=6)
    before = [p.data for p in a.parameters()[:3]]
    assert close(fast.fit(xs, ys, 3), [eager.epoch(xs, ys) for _ in range(3)], 1e-10)
    assert [p.data for p in a.parameters()[:3]] == before
    assert close([p.data for p in a.parameters()], [p.data for p in b.parameters()], 1e-10)
    assert close(fast.optimizer.velocity, eager.optimizer.velocity, 1e-10)


def test_an_epoch_that_overflows_runs_through_the_engine():
    w = Value(1.0, "w")
    fast = train_step(lambda x: (w * x[0]).exp(), lambda out, y: out * y, SGD([w], 1e-3), vectorize=True)
    losses = fast.fit([[800.0], [1.0]], [1.0, 1.0], 2)
    assert "not finite" in fast.vectorized.reason
    assert losses[0] == float("inf")  # exp(800) overflows to inf in the engine too (IEEE), no error
