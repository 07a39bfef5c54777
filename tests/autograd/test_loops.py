"""The compiled step with loops (``autograd.compiler.loops``): a big graph's weighted sums written
as loops over lists of leaves, every number still the engine's bit for bit.

``LOOP_FROM`` is lowered to 0 in most tests so that small graphs of every shape take the loop
path; the gradients, losses and updated parameters are compared as exact bits with the engine's.
"""

from __future__ import annotations

import random

import pytest

from autograd import Value, jit, weighted_sum
from autograd.compiler import loops
from nn import MLP, SGD, Momentum, squared_error, train_step


@pytest.fixture
def always_loops(monkeypatch):
    monkeypatch.setattr(loops, "LOOP_FROM", 0)


def bits(values) -> list[str]:
    return [float(v).hex() for v in values]


def eager(fn, params, *args, accumulate=False):
    if not accumulate:
        for p in params:
            p.grad = 0.0
    loss = fn(*args)
    loss.backward(accumulate=accumulate)
    return loss.data, [p.grad for p in params]


def assert_same_bits(fn, params, samples):
    """step, accumulate and accumulate_many through the loops give the engine's bits."""
    step = jit(fn)
    for sample in samples:
        got = step(*sample)
        want, grads = eager(fn, params, *sample)
        assert got.hex() == want.hex()
        compiled = [p.grad for p in params]
        assert bits(compiled) == bits(grads)
    for p in params:
        p.grad = 0.25
    total = step.accumulate_many(samples)
    compiled = [p.grad for p in params]
    for p in params:
        p.grad = 0.25
    want = 0.0
    for sample in samples:
        want += eager(fn, params, *sample, accumulate=True)[0]
    assert total.hex() == want.hex() and bits(compiled) == bits(p.grad for p in params)
    return step


def random_network(rng: random.Random):
    """Layers of weighted sums and assorted operations, some weights shared or used twice, some
    inputs read by other operations too, a layer fed straight into the next (no activation)."""
    sizes = [2, rng.randint(2, 5), rng.randint(2, 5), rng.randint(1, 3)]
    params = []

    def leaf(label):
        params.append(Value(rng.uniform(-1, 1), label))
        return params[-1]

    layers = [[[leaf(f"w{k}_{j}_{i}") for i in range(a)] for j in range(b)] for k, (a, b) in
              enumerate(zip(sizes, sizes[1:]))]
    biases = [[leaf(f"b{k}_{j}") for j in range(b)] for k, b in enumerate(sizes[1:])]
    shared = leaf("shared")
    activations = [lambda v: v.tanh(), lambda v: v.relu(), lambda v: v.sigmoid(), lambda v: v]

    def fn(x1, x2, y):
        xs = [Value(x1), Value(x2)]
        for k, (weights, bs) in enumerate(zip(layers, biases)):
            act = rng_acts[k]
            zs = [weighted_sum(w, xs, b if j % 2 == 0 else None) for j, (w, b) in enumerate(zip(weights, bs))]
            extra = xs[0] * shared  # an input read by another operation as well
            xs = [act(z) + extra * 0.1 if j == 0 else act(z) for j, z in enumerate(zs)]
        out = xs[0]
        for x in xs[1:]:
            out = out + x
        penalty = layers[0][0][0] ** 2 * 0.01  # a weight used by a loop and by a penalty
        return (out - y) ** 2 + penalty

    rng_acts = [rng.choice(activations) for _ in layers]
    return fn, params


@pytest.mark.parametrize("seed", range(12))
def test_random_networks_give_the_engines_bits(always_loops, seed):
    rng = random.Random(seed)
    fn, params = random_network(rng)
    samples = [(rng.uniform(-2, 2), rng.uniform(-2, 2), rng.uniform(-1, 1)) for _ in range(4)]
    step = assert_same_bits(fn, params, samples)
    assert "_dot(_v, " in step.source and "_add_products" in step.source


def test_a_big_network_is_written_with_loops_and_gives_the_engines_bits():
    net = MLP(2, [48, 48, 1], activation=["relu", "tanh", "linear"], seed=4)
    params = net.parameters()
    fn = lambda x1, x2, y: squared_error(net([x1, x2]), y)  # noqa: E731
    step = assert_same_bits(fn, params, [(0.3, -0.7, 1.0), (-1.1, 0.4, -1.0)])
    nodes = len(step.recorded[0].plan.ordered())
    assert nodes >= loops.LOOP_FROM
    lines = step.source.count("\n")
    assert lines < nodes / 4  # not a line per node: a few per neuron (97 weighted sums, one call each)
    assert step.source.count("_dot(_v, ") == 48 + 48 + 1


def test_a_small_graph_stays_straight_line():
    w, b = Value(0.5, "w"), Value(0.1, "b")
    step = jit(lambda x: (w * x + b).tanh())
    step(0.3)
    assert "_dot" not in step.source and "w_node._data" in step.source


@pytest.mark.parametrize("make", [lambda ps: SGD(ps, 0.1), lambda ps: Momentum(ps, 0.05),
                                  lambda ps: SGD(ps, 0.1, frozen=ps[:3])])
def test_the_fused_update_is_the_optimizers_own_step_bit_for_bit(always_loops, make):
    a, b = MLP(2, [5, 3, 1], seed=2), MLP(2, [5, 3, 1], seed=2)
    outside = Value(0.7, "outside")  # an optimizer's parameter not in the graph
    fast = train_step(a, squared_error, make([*a.parameters(), outside]))
    slow = train_step(b, squared_error, make([*b.parameters(), Value(0.7)]), compiled=False)
    rng = random.Random(5)
    for _ in range(6):
        x, y = [rng.uniform(-1, 1), rng.uniform(-1, 1)], rng.uniform(-1, 1)
        assert fast(x, y).hex() == slow(x, y).hex()
    assert "_update.step()" in fast.source
    assert bits(p.data for p in a.parameters()) == bits(p.data for p in b.parameters())
    assert bits(p.grad for p in a.parameters()) == bits(p.grad for p in b.parameters())
    assert outside.grad == 0.0 and outside.data == 0.7


def test_the_replay_of_a_big_graph_is_still_every_node(always_loops):
    net = MLP(2, [4, 1], seed=1)
    step = jit(lambda x1, x2, y: squared_error(net([x1, x2]), y))
    step(0.2, 0.4, 1.0)
    root = step.graph(0.2, 0.4, 1.0)
    replayed = [p.grad for p in net.parameters()]
    fresh = squared_error(net([0.2, 0.4]), 1.0)
    fresh.backward()
    assert root.data.hex() == fresh.data.hex() and "_dot" in step.source
    assert bits(replayed) == bits(p.grad for p in net.parameters())



def test_a_big_graph_is_compiled_in_small_parts_and_its_whole_source_can_be_read():
    def fn(x):  # 2,401 nodes: from loops.LOOP_FROM on
        y = Value(x)
        for _ in range(600):
            y = (y + 0.5) * 0.999
        return y

    step = jit(fn)
    got = step(0.5)
    want = fn(0.5)
    want.backward()
    assert got.hex() == want.data.hex()
    source = step.source  # written again, the parts included: nothing of it was kept
    parts = source.split("\n\n\n")[:-2]
    assert len(parts) > 5 and all(p.startswith("def _part") for p in parts)
    assert all(len(p) < 2 * loops.PART_SIZE for p in parts)  # statements of PART_SIZE characters, indented
    assert "for _part in _parts:" in source
    compile(source, "<source>", "exec")  # valid Python as a whole
