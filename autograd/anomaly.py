"""Anomaly mode: stop at the first NaN or infinity and say which node made it, and where.

Like ``torch.autograd.detect_anomaly``::

    with detect_anomaly():
        loss = model(x).log()      # raises AnomalyError here if the log's value is NaN/inf,
        loss.backward()            # or here, naming the first node whose gradient is NaN/inf

A NaN found at the end of training says nothing about where it came from; this mode names the
node, its operation, its parents' values and the line of *your* code that created it.

How it works, without slowing the engine when it is off: every node is made by calling
``Value(...)``, so on entry the context replaces ``Value.__init__`` with a wrapper that checks the
new value and records the creation site, and replaces ``Value.backward`` with one that runs the
real backward and then finds the first non-finite gradient. Both are restored on exit, also when
an error leaves the block. Creation sites are found by walking the caller frames (no source is
read until an error is reported), skipping frames of the ``autograd`` and ``nn`` packages so the
line shown is the user's. The most recent ``max_sites`` sites are kept (each keeps its node
alive until the block ends), so wrap one step of a training loop, not the whole run.

Thread safety: the patch is on the ``Value`` class, so it is process-wide. While any thread is
inside ``detect_anomaly()``, Values made by *every* thread are checked and recorded; nesting and
overlapping blocks from several threads are counted under a lock and the originals are restored
when the last block exits. Use it for debugging, not in concurrent production code.
"""

from __future__ import annotations

import linecache
import math
import sys
import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from autograd.engine import Value, describe, enter_mode, leave_mode, propagate, run_hooks, start_backward

__all__ = ["detect_anomaly", "AnomalyError"]

_SKIP_PACKAGES = ("autograd", "nn")


@dataclass(frozen=True)
class Site:
    """Where a node was created: the first caller frame outside the autograd and nn packages."""

    filename: str
    lineno: int
    function: str

    def __str__(self) -> str:
        code = linecache.getline(self.filename, self.lineno).strip()
        where = f"{self.filename}:{self.lineno} in {self.function}"
        return f"{where}: {code}" if code else where


class AnomalyError(FloatingPointError):
    """A node's value or gradient became NaN or infinite inside ``detect_anomaly()``.

    ``node`` is that node, ``kind`` is ``"value"`` or ``"gradient"``, ``site`` where it was made
    (None if it was made outside the block).
    """

    def __init__(self, message: str, node: Value, kind: str, site: Site | None) -> None:
        super().__init__(message)
        self.node = node
        self.kind = kind
        self.site = site


class _State:
    lock = threading.Lock()
    depth = 0
    max_sites = 0
    sites: OrderedDict[Value, Site] = OrderedDict()
    original_init = Value.__init__
    original_backward = Value.backward


def _creation_site() -> Site | None:
    frame = sys._getframe(2)  # skip _creation_site and the patched __init__
    while frame is not None:
        module = frame.f_globals.get("__name__", "")
        if module.partition(".")[0] not in _SKIP_PACKAGES:
            code = frame.f_code
            return Site(code.co_filename, frame.f_lineno, code.co_name)
        frame = frame.f_back
    return None


def _site_of(node: Value) -> str:
    site = _State.sites.get(node)
    return str(site) if site else "not recorded (made outside detect_anomaly(), or too long ago)"


def _bad(x: float) -> str:
    return "NaN" if math.isnan(x) else "infinite"


def _parents_text(node: Value) -> str:
    if not node.parents:
        return "none (a leaf: an input, a parameter or a constant)"
    return "; ".join(
        f"{describe(p)} with local derivative {d:.6g}" for p, d in zip(node.parents, node.local_grads)
    )


def _checking_init(self: Value, *args: object, **kwargs: object) -> None:
    _State.original_init(self, *args, **kwargs)
    site = _creation_site()
    if site is not None:
        sites = _State.sites
        sites[self] = site
        if len(sites) > _State.max_sites:
            sites.popitem(last=False)
    if not math.isfinite(self.data):
        raise _value_anomaly(self, site, "")


def _value_anomaly(node: Value, site: str | None, when: str, site_text: str | None = None) -> AnomalyError:
    """The error for a node whose value is NaN or infinite (``when`` prefixes the message)."""
    op = f"op {node.op!r}" if node.op else "no op (a leaf)"
    return AnomalyError(
        f"anomaly: {when}the value of {describe(node)} is {_bad(node.data)}; {op}; "
        f"parents: {_parents_text(node)}; created at {site_text or site or 'an unknown place'}",
        node,
        "value",
        site,
    )


Culprits = dict[Value, tuple[Value, float, float]]  # parent -> (child, local, child's gradient)


def _checking_backward(self: Value, accumulate: bool = False) -> None:
    """Backward through the engine's kernel, noting the first non-finite contribution to each node."""
    culprits: Culprits = {}

    def record(node: Value, parent: Value, local: float, contribution: float) -> None:
        run_hooks(node, parent, local, contribution)
        if parent not in culprits and not math.isfinite(contribution):
            culprits[parent] = (node, local, node.grad)

    order = start_backward(self, accumulate)
    propagate(order, on_contribution=record)
    _check_gradients(self, order, culprits)


def _check_gradients(root: Value, order: list[Value], culprits: Culprits) -> None:
    """After backward: the first node (in backward's order) whose value or gradient is not finite.

    Backward visits the nodes in reverse topological order and a node's gradient is complete when
    it is visited, so the first non-finite gradient in that order is where the NaN/inf *started*:
    every child of that node has a finite gradient, and the culprit is the child contribution
    (local derivative × child's gradient) that is not finite, or a sum of finite ones that overflowed.
    """
    for node in order:  # a graph made before the block: its first non-finite value, parents first
        if not math.isfinite(node.data):
            raise _value_anomaly(node, _State.sites.get(node), "found during backward: ", _site_of(node))
    for node in reversed(order):
        g = node.grad
        if not math.isfinite(g):
            culprit = culprits.get(node)
            if culprit is not None:
                child, local, child_grad = culprit
                how = (
                    f"it came from {describe(child)} (op {child.op!r}, created at {_site_of(child)}): "
                    f"local derivative {local:.6g} × that node's gradient {child_grad:.6g}"
                )
            elif node is root:
                how = "it is the root of backward"
            else:
                how = "a sum of finite contributions overflowed (or accumulate=True kept an old one)"
            op = f"op {node.op!r}" if node.op else "no op (a leaf)"
            raise AnomalyError(
                f"anomaly: the gradient of {describe(node)} is {_bad(g)} ({g!r}); {how}; "
                f"the node has {op}; parents: {_parents_text(node)}; created at {_site_of(node)}",
                node,
                "gradient",
                _State.sites.get(node),
            )


@contextmanager
def detect_anomaly(max_sites: int = 1_000_000) -> Iterator[None]:
    """Raise ``AnomalyError`` at the first node whose value or gradient is NaN or infinite.

    Inside the block, each new node's value is checked when it is made, and after each
    ``backward()`` every gradient is checked (backward itself runs to the end, so the ``.grad``
    values stay there to be inspected). The error names the node, its op, its parents' values and
    the line of user code that made it. ``max_sites`` bounds how many creation sites are kept.
    Process-wide while active: see the module docstring on threads.
    """
    with _State.lock:
        if _State.depth == 0:
            _State.original_init = Value.__init__
            _State.original_backward = Value.backward
            _State.max_sites = max_sites
            Value.__init__ = _checking_init  # type: ignore[method-assign]
            Value.backward = _checking_backward  # type: ignore[method-assign]
            enter_mode("anomaly")  # compiled functions run through the engine meanwhile
        else:
            _State.max_sites = max(_State.max_sites, max_sites)
        _State.depth += 1
    try:
        yield
    finally:
        with _State.lock:
            _State.depth -= 1
            if _State.depth == 0:
                Value.__init__ = _State.original_init  # type: ignore[method-assign]
                Value.backward = _State.original_backward  # type: ignore[method-assign]
                leave_mode("anomaly")
                _State.sites.clear()
