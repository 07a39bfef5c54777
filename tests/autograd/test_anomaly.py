"""Anomaly mode: the first NaN/inf value or gradient is named, with its op, parents and source line."""

import inspect
import math
import threading

import pytest

from autograd import AnomalyError, Value, detect_anomaly
from autograd.engine import Value as EngineValue
from nn import MLP

ORIGINAL_INIT = EngineValue.__init__
ORIGINAL_BACKWARD = EngineValue.backward


def here() -> int:
    """The line number of the caller."""
    return inspect.currentframe().f_back.f_lineno


def assert_restored():
    assert Value.__init__ is ORIGINAL_INIT and Value.backward is ORIGINAL_BACKWARD


def test_an_overflowing_value_is_named_with_op_parents_and_line():
    x = Value(800.0, "x")
    with pytest.raises(AnomalyError) as info:
        with detect_anomaly():
            z = (x * 1.0).named("z")
            line = here() + 1
            z.exp()
    e = info.value
    assert e.kind == "value" and e.node.op == "exp" and e.node.data == math.inf
    assert e.site.lineno == line and e.site.filename == __file__
    msg = str(e)
    assert "the 'exp' node (data=inf) is infinite" in msg
    assert "op 'exp'" in msg
    assert "parents: Value 'z' (data=800)" in msg
    assert f"test_anomaly.py:{line} in test_an_overflowing_value_is_named_with_op_parents_and_line" in msg
    assert "z.exp()" in msg  # the source line itself
    assert_restored()


def test_a_nan_leaf_or_constant_is_caught_where_it_is_written():
    with pytest.raises(AnomalyError, match=r"Value\(data=nan\) is NaN; no op \(a leaf\)") as info:
        with detect_anomaly():
            line = here() + 1
            Value(2.0, "a") * math.nan  # the constant becomes a leaf node
    assert info.value.site.lineno == line
    assert_restored()


def test_an_infinite_gradient_names_the_node_and_the_contribution_that_made_it():
    with pytest.raises(AnomalyError) as info:
        with detect_anomaly():
            a = Value(0.0, "a")
            line = here() + 1
            s = (a**0.5).named("s")  # d/da √a = ∞ at 0
            out = s * 2.0
            out.backward()
    e = info.value
    assert e.kind == "gradient" and e.node.label == "a"
    msg = str(e)
    assert "the gradient of Value 'a' (data=0) is infinite (inf)" in msg
    assert f"it came from Value 's' (data=0) (op 'pow(n=0.5)', created at {__file__}:{line}" in msg
    assert "local derivative inf × that node's gradient 2" in msg
    assert a.grad == math.inf  # backward ran; the gradients stay to be inspected
    assert_restored()


def test_nan_from_zero_times_infinity_is_found_at_its_origin():
    a = Value(0.0, "a")
    with pytest.raises(AnomalyError, match="gradient of Value 'a' .* is NaN") as info:
        with detect_anomaly():
            s = a**0.5
            dead = (s - 1.0).relu().named("dead")  # relu'(-1) = 0, then 0 × ∞ = NaN
            (dead + 3.0).backward()
    assert "local derivative inf × that node's gradient 0" in str(info.value)


def test_finite_graphs_are_unaffected():
    def run():
        x, y = Value(0.3, "x"), Value(-1.2, "y")
        out = (x * y).tanh() + x.log() * y.sigmoid() - (x / y).relu()
        out.backward()
        return out.data, x.grad, y.grad

    plain = run()
    with detect_anomaly():
        checked = run()
    assert checked == plain
    assert_restored()


def test_outside_the_block_nan_flows_silently_as_before():
    with detect_anomaly():
        pass
    assert math.isnan((Value(math.nan) * 2).data)


def test_a_graph_made_before_the_block_is_checked_at_backward():
    bad = Value(math.inf, "w") - 1.0
    with pytest.raises(AnomalyError, match="found during backward: the value of Value 'w'.*not recorded"):
        with detect_anomaly():
            bad.backward()


def test_the_line_shown_is_the_users_not_the_libraries():
    net = MLP(1, [1], activation="linear", seed=0)
    with pytest.raises(AnomalyError) as info:
        with detect_anomaly():
            line = here() + 1
            net([1e308]) * 1e308
    assert info.value.site.filename == __file__ and info.value.site.lineno == line


def test_nesting_and_threads_restore_the_originals():
    errors = []
    barrier = threading.Barrier(2)

    def worker():
        try:
            with detect_anomaly():
                barrier.wait(timeout=10)
                (Value(1.0) + 1).backward()
                barrier.wait(timeout=10)
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    with detect_anomaly():
        with detect_anomaly():
            pass
        assert Value.__init__ is not ORIGINAL_INIT  # the outer block is still active
        threads = [threading.Thread(target=worker) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert not errors
    assert_restored()
