"""Stale data caught before the first backward too (issue 24, item 8), as PyTorch's version counter.

Every write of ``.data`` is counted; each node keeps the count of its making (``version``). A graph
made before the last write is checked (``check_fresh``) by its next backward, before any gradient
counts: a real edit raises StaleGraphError naming the node, a value put back (equal bits) is
accepted, and so is a write to a Value of another graph.
"""

from __future__ import annotations

import pickle

import pytest

import autograd.engine
from autograd import StaleGraphError, Value, jit
from nn import MLP, SGD, Momentum, ParameterStore, half_squared_error, train_step


def test_an_edit_before_the_first_backward_raises_naming_the_node():
    w = Value(3.0, "w")
    y = w * w
    w.data = 5.0
    with pytest.raises(StaleGraphError, match=r"the 'mul' node \(data=9\).*Value 'w' \(data=5\)"):
        y.backward()
    assert w.grad == 0.0  # nothing counted


@pytest.mark.parametrize("build", [
    lambda w, x: (w * x).tanh(), lambda w, x: (w + x).sigmoid(), lambda w, x: (w - x).relu(),
    lambda w, x: (w / x).exp(), lambda w, x: (w ** 2).log(), lambda w, x: abs(-w) * x,
    lambda w, x: w.max(x), lambda w, x: (w * 2.0).softplus(),
])
def test_every_kind_of_node_sees_an_edit_of_any_operand(build):
    w, x = Value(0.3, "w"), Value(0.7, "x")
    y = build(w, x) * 1.0
    w.data = 0.95  # changes every node above it (for max, the larger operand)
    with pytest.raises(StaleGraphError):
        y.backward()


def test_an_edit_of_an_intermediate_node_is_caught():
    w = Value(0.5, "w")
    h = (w * 3.0).named("h")
    y = h * h
    h.data = 7.0
    with pytest.raises(StaleGraphError, match="Value 'h' \\(data=7\\) was computed from other values"):
        y.backward()


def test_a_value_put_back_is_accepted_and_gives_the_gradients():
    w, x = Value(0.3, "w"), Value(0.7, "x")
    y = (w * x).tanh()
    w.data = float("0.3")  # another object, the same bits
    y.backward()
    reference_w, reference_x = Value(0.3), Value(0.7)
    (reference_w * reference_x).tanh().backward()
    assert (w.grad, x.grad) == (reference_w.grad, reference_x.grad)


def test_accumulate_checks_before_the_leaves_sums_change():
    w = Value(2.0, "w")
    w.grad = 10.0
    y = w * w
    w.data = 3.0
    with pytest.raises(StaleGraphError):
        y.backward(accumulate=True)
    assert w.grad == 10.0  # the sum the user had is kept


def test_ordinary_training_edits_between_steps_are_not_stale():
    w = Value(0.5, "w")
    for _ in range(3):
        loss = (w * 2.0 - 1.0) ** 2
        loss.backward()
        w.data -= 0.1 * w.grad  # the update comes after backward; the next step builds a new graph
    assert w.data == pytest.approx(0.5)  # 2w − 1 = 0 at w = 0.5: the gradient is 0 each step


def test_a_pickled_graph_keeps_its_stamps():
    w = Value(3.0, "w")
    y = pickle.loads(pickle.dumps(w * w + 1.0))
    leaf = y.parents[0].parents[0]
    leaf.data = 4.0
    with pytest.raises(StaleGraphError):
        y.backward()


def test_a_compiled_replays_graph_is_not_taken_for_stale():
    p = Value(0.5, "p")
    step = jit(lambda x: (p * x).tanh())
    step(1.0)
    root = step.graph(2.0)  # the replay writes new data into the recorded graph
    root.backward()
    assert p.grad == pytest.approx(2.0 * (1.0 - root.data ** 2), rel=1e-15)


@pytest.mark.parametrize("run", [
    lambda y: y.backward(),  # a hook registered: backward takes the tools' path
    lambda y: list(__import__("autograd").backward_steps(y)),  # the step tracer's own loop
    lambda y: __import__("autograd").trace(y),
])
def test_an_edit_is_caught_on_every_path_the_chain_rule_takes(run):
    w = Value(3.0, "w")
    y = w * w
    remove = y.register_hook(lambda *args: None)
    try:
        w.data = 5.0
        with pytest.raises(StaleGraphError, match=r"the 'mul' node \(data=9\)"):
            run(y)
    finally:
        remove()
    assert w.grad == 0.0  # nothing counted (d(w·w)/dw at the old w would have been 6)


@pytest.fixture
def checks(monkeypatch):
    """How many times backward checked a graph (``check_fresh``)."""
    calls = []
    real = autograd.engine.check_fresh
    monkeypatch.setattr(autograd.engine, "check_fresh", lambda order: (calls.append(len(order)), real(order)))
    return calls


@pytest.mark.parametrize("accumulate", [False, True])
def test_a_graph_is_checked_once_after_a_write_and_not_again(checks, accumulate):
    w, x = Value(0.3, "w"), Value(0.7, "x")
    y = (w * x).tanh()
    y.backward(accumulate=accumulate)
    assert checks == []  # nothing written since the graph was made: one comparison per node, no check
    w.data = float("0.3")  # put back: checked once, accepted
    y.backward(accumulate=accumulate)
    y.backward(accumulate=accumulate)
    assert checks == [4]  # once (accumulate too), and the graph is current again afterwards
    assert w.grad == pytest.approx((3 if accumulate else 1) * 0.7 * (1 - y.data ** 2), rel=1e-15)


def test_a_write_to_another_graph_is_checked_and_accepted(checks):
    w, other = Value(0.5, "w"), Value(2.0, "other")
    y = w * w * 3.0
    other.data = 4.0
    y.backward()
    assert w.grad == 6.0 * 0.5 and len(checks) == 1


@pytest.mark.parametrize("make", [
    lambda ps: SGD(ps, 0.1), lambda ps: Momentum(ps, 0.1), lambda ps: SGD(ps, 0.1, frozen=ps[1:]),
])
def test_an_optimizer_step_between_forward_and_backward_is_caught(make):
    w, b = Value(0.5, "w"), Value(0.1, "b")
    opt = make([w, b])
    (w * 2.0 + b).backward()
    loss = w * w + b
    opt.step()  # the classic slip: step before backward
    with pytest.raises(StaleGraphError, match="Value 'w'"):
        loss.backward()


def test_a_compiled_step_between_forward_and_backward_is_caught():
    net = MLP(2, [2, 1], seed=0)
    step = train_step(net, half_squared_error, SGD(net.parameters(), 0.5))
    step([0.1, 0.2], 0.3)  # compiled now
    loss = half_squared_error(net([0.1, 0.2]), 0.3)
    step([0.1, 0.2], 0.3)  # its update writes every parameter
    with pytest.raises(StaleGraphError):
        loss.backward()
    fresh = half_squared_error(net([0.1, 0.2]), 0.3)
    fresh.backward()  # a graph made after the step is current


def test_a_parameter_store_write_is_counted_and_read_by_the_engine():
    w, b = Value(0.5, "w"), Value(0.1, "b")
    store = ParameterStore([w, b])
    try:
        y = w * 3.0 + b
        w.data = 2.0  # through the store
        assert store.values[0] == 2.0 and (w * 3.0).data == 6.0
        with pytest.raises(StaleGraphError):
            y.backward()
        y = w * 3.0 + b
        store.values *= 10.0  # in place, then said
        store.changed()
        assert (w * 3.0 + b).data == 61.0
        with pytest.raises(StaleGraphError):
            y.backward()
        y = w * 3.0 + b
        y.backward()
        SGD([w, b], 0.5).step()  # the optimizer's writes reach the array too
        assert list(store.values) == [20.0 - 1.5, 1.0 - 0.5] == [w.data, b.data]
        with pytest.raises(StaleGraphError):
            y.backward()
    finally:
        store.release()
    assert (w.data, b.data) == (18.5, 0.5)  # released: plain Values with the numbers


def test_a_graph_edited_before_pickling_is_caught_after_loading():
    w = Value(3.0, "w")
    y = w * w
    w.data = 4.0
    copy = pickle.loads(pickle.dumps(y))
    with pytest.raises(StaleGraphError, match=r"the 'mul' node \(data=9\)"):
        copy.backward()


@pytest.mark.parametrize("create_graph", [False, True])
def test_grad_refuses_an_edited_graph_too(create_graph):
    from autograd import grad

    w = Value(3.0, "w")
    y = w * w
    assert grad(y, [w], create_graph=create_graph)[0].data == 6.0
    w.data = 5.0
    with pytest.raises(StaleGraphError, match=r"the 'mul' node \(data=9\)"):
        grad(y, [w], create_graph=create_graph)
