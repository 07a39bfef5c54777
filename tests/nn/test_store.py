"""Parameters that live in arrays (``nn.ParameterStore``), and the vectorised training step that
keeps a model's parameters there: the Values still behave as Values, bit for bit."""

from __future__ import annotations

import random

import pytest

from autograd import Stepper, Value, jit
from nn import MLP, SGD, Momentum, ParameterStore, squared_error, train_step
from nn.store import store_of

np = pytest.importorskip("numpy")


def data(n: int = 20, seed: int = 0):
    rng = random.Random(seed)
    xs = [[rng.uniform(-1, 1), rng.uniform(-1, 1)] for _ in range(n)]
    return xs, [rng.choice([-1.0, 1.0]) for _ in range(n)]


def test_stored_values_compute_as_plain_values_bit_for_bit():
    plain, stored = MLP(2, [4, 1], seed=3), MLP(2, [4, 1], seed=3)
    store = ParameterStore(stored.parameters())
    assert all(store_of(p) is store and isinstance(p, Value) for p in stored.parameters())
    assert store.values.tolist() == [p.data for p in plain.parameters()]
    for net in (plain, stored):
        squared_error(net([0.3, -0.6]), 1.0).backward()
    assert [p.grad.hex() for p in stored.parameters()] == [p.grad.hex() for p in plain.parameters()]
    assert store.grads.tolist() == [p.grad for p in plain.parameters()]  # the gradients are the array's
    step = jit(lambda x1, x2: squared_error(stored([x1, x2]), 1.0))
    step(0.3, -0.6)  # the compiled step reads and writes them too
    assert [p.grad.hex() for p in stored.parameters()] == [p.grad.hex() for p in plain.parameters()]


def test_a_change_in_place_is_read_and_a_write_goes_to_the_array():
    w, b = Value(0.5, "w"), Value(-1.0, "b")
    store = ParameterStore([w, b])
    store.values *= 2.0
    store.changed()
    assert (w.data, b.data) == (1.0, -2.0) and type(w.data) is float
    assert w.data is w.data  # the same float object until the entry changes
    w.data = 3.0
    assert store.values[0] == 3.0 and w.data == 3.0
    root = (w * 2.0 + b).tanh()
    root.backward()
    stepper = Stepper(root)  # stepping sees ordinary Values
    while stepper.next():
        pass
    assert w.grad == pytest.approx(2.0 * (1.0 - root.data ** 2), rel=1e-15)


def test_release_gives_plain_values_back():
    w = Value(0.25, "w")
    store = ParameterStore([w])
    store.values[0] = 0.75
    store.grads[0] = -1.5
    store.changed()
    store.release()
    assert type(w) is Value and (w.data, w.grad) == (0.75, -1.5)
    ParameterStore([w]).release()  # free to be stored again


def test_a_value_is_in_one_store_at_a_time():
    w = Value(1.0)
    ParameterStore([w])
    with pytest.raises(ValueError, match="already in a parameter store"):
        ParameterStore([w])


@pytest.mark.parametrize("make", [lambda ps: SGD(ps, 0.1), lambda ps: Momentum(ps, 0.05)])
def test_vectorised_epochs_keep_the_parameters_in_the_store_and_match_the_engine(make):
    xs, ys = data()
    fast_net, slow_net = MLP(2, [6, 6, 1], seed=7), MLP(2, [6, 6, 1], seed=7)
    fast = train_step(fast_net, squared_error, make(fast_net.parameters()), vectorize=True)
    slow = train_step(slow_net, squared_error, make(slow_net.parameters()))
    for _ in range(3):
        assert fast.epoch(xs, ys) == pytest.approx(slow.epoch(xs, ys), rel=1e-12)
    assert fast.store is not None and all(store_of(p) is fast.store for p in fast_net.parameters())
    for p, q in zip(fast_net.parameters(), slow_net.parameters()):
        assert p.data == pytest.approx(q.data, rel=1e-12, abs=1e-15)
        assert p.grad == pytest.approx(q.grad, rel=1e-12, abs=1e-15)
    # the user edits a parameter between epochs: the array code reads the edit
    fast_net.parameters()[0].data = slow_net.parameters()[0].data = 0.5
    assert fast.fit(xs, ys, 2) == pytest.approx([slow.epoch(xs, ys), slow.epoch(xs, ys)], rel=1e-12)
    assert [p.data for p in fast_net.parameters()] == pytest.approx([q.data for q in slow_net.parameters()],
                                                                    rel=1e-12, abs=1e-15)
    # and one-sample compiled steps on the stored Values agree bit for bit with the engine's
    for p, q in zip(fast_net.parameters(), slow_net.parameters()):
        q.data = p.data
    slow.optimizer.velocity[:] = fast.optimizer.velocity
    assert fast(xs[0], ys[0]) == slow(xs[0], ys[0])
    assert [p.data for p in fast_net.parameters()] == [q.data for q in slow_net.parameters()]
