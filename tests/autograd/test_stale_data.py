"""Stale data caught before the first backward too (issue 24, item 8), as PyTorch's version counter.

Each node keeps its operands' data as it computed them (``seen``, the very float objects). Backward
compares by identity as the chain rule reaches each operand; an edit makes it check the graph
(``check_fresh``) before any gradient counts: a real edit raises StaleGraphError naming the node, a
value put back (equal bits) is accepted.
"""

from __future__ import annotations

import pickle

import pytest

from autograd import StaleGraphError, Value, jit


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
