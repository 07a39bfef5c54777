"""watch(node) (autograd.watching): each contribution backward adds, as it adds it."""

from __future__ import annotations

from autograd import (
    Value,
    watch,
)


def test_watch_records_each_contribution_as_backward_adds_it():
    x = Value(3.0, "x")
    sq = (x * x).named("sq")
    y = (sq + x).named("y")
    w = watch(x)
    y.backward()
    assert [(c.child.label, c.contribution) for c in w] == [("y", 1.0), ("sq", 3.0), ("sq", 3.0)]
    assert [c.grad for c in w] == [1.0, 4.0, 7.0]  # the running total, ending at dy/dx = 2x + 1
    assert w[-1].grad == x.grad == 7.0
    assert "3 contributions" in repr(w) and "from sq: 3" in repr(w)

    w.remove()
    y.backward()
    assert len(w) == 3  # no longer recording

    with watch(sq) as w2:
        y.backward()
    y.backward()
    assert [c.contribution for c in w2] == [1.0]  # the with block removed the hook
