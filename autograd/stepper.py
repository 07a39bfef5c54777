"""``Stepper``: walk a backward pass by hand in the REPL or Jupyter, one step at a time."""

from __future__ import annotations

from dataclasses import dataclass

from autograd.engine import Value, topological_order
from autograd.naming import expression, node_names
from autograd.steps import (
    LeafRow,
    Step,
    Trace,
    UnknownNodeError,
    backward_steps,
    leaf_markdown,
    leaf_text,
    markdown_steps,
)

__all__ = ["Stepper"]


class Stepper:
    """Walk a backward pass by hand in the REPL or Jupyter.

    >>> s = Stepper(loss)          # resets the gradients; nothing computed yet
    >>> s.next()                   # take one step and show it
    >>> s.run_until("z_h1")        # take steps through z_h1's (for a leaf: its last contribution)
    >>> s.leaves()                 # the leaves' gradients so far
    >>> s.run(); s.restart()

    Results display themselves (plain text in ``python``/IPython, a table in Jupyter). A name that
    is not in the graph prints a message listing the valid names; nothing changes.
    """

    def __init__(self, root: Value) -> None:
        self.root = root
        self.names = node_names(root)
        self._by_name = {name: node for node, name in self.names.items()}
        order = topological_order(root)
        self._ops = [n for n in reversed(order) if n.parents]
        self._leaves = [n for n in order if not n.parents]
        # the step (1-based) after which each node's gradient is complete
        self._complete_after: dict[Value, int] = {}
        for i, node in enumerate(self._ops, start=1):
            for parent in node.parents:
                self._complete_after[parent] = i
        self.restart()

    # -- state --
    @property
    def position(self) -> int:
        """How many steps have been taken."""
        return len(self.taken)

    @property
    def total(self) -> int:
        return len(self._ops)

    @property
    def done(self) -> bool:
        return self.position == self.total

    @property
    def root_name(self) -> str:
        return self.names[self.root]

    # -- commands --
    def restart(self) -> Stepper:
        """Back to the start: gradients reset, ∂root/∂root = 1, no step taken."""
        self._steps = backward_steps(self.root)
        self.taken: list[Step] = []
        return self

    def next(self, count: int = 1) -> Step | Trace | None:
        """Take one step (or ``count``) and return it for display."""
        if self.done:
            print(self._finished())
            return None
        new = self._take(count)
        return new[0] if count == 1 else Trace(new, self.root_name)

    def run(self) -> Trace:
        """Take all remaining steps."""
        return Trace(self._take(self.total - self.position), self.root_name, self._leaf_rows())

    def run_until(self, name: str | Value) -> Trace | None:
        """Take steps up to and including the named node's step.

        For a leaf (which has no step) run until its last contribution is in, so its ``.grad`` is
        final. An unknown name prints the valid names and takes no step.
        """
        node = self._find(name)
        if node is None:
            return None
        target = self._complete_after.get(node, 0) if not node.parents else self._ops.index(node) + 1
        label = self.names[node]
        if target <= self.position:
            what = f"step {target}" if node.parents else f"its last contribution (step {target})"
            print(f"{label!r} is already done: {what} was taken; restart() to go through it again")
            return None
        return Trace(self._take(target - self.position), self.root_name)

    def leaves(self) -> _Leaves:
        """The leaves' current gradients, and whether each is final yet."""
        status = []
        for leaf in self._leaves:
            last = self._complete_after.get(leaf, 0)
            status.append("final" if last <= self.position else f"pending (complete after step {last})")
        return _Leaves(self._leaf_rows(), self.root_name, status)

    def find(self, name: str) -> Value:
        """The node called ``name``; ``UnknownNodeError`` (listing the names) if there is none."""
        try:
            return self._by_name[name]
        except KeyError:
            raise UnknownNodeError(self._unknown(name)) from None

    # -- helpers --
    def _find(self, name: str | Value) -> Value | None:
        if isinstance(name, Value):
            if name in self.names:
                return name
            print(f"{name!r} is not a node of {self.root_name}'s graph")
            return None
        try:
            return self.find(name)
        except UnknownNodeError as e:
            print(e)
            return None

    def _unknown(self, name: str) -> str:
        ops = ", ".join(self.names[n] for n in self._ops)
        leaves = ", ".join(self.names[n] for n in self._leaves)
        return (
            f"no node named {name!r} in {self.root_name}'s graph.\n"
            f"  operations (in step order): {ops}\n"
            f"  leaves: {leaves}"
        )

    def _take(self, count: int) -> list[Step]:
        new = []
        for _ in range(max(0, count)):
            step = next(self._steps, None)
            if step is None:
                break
            new.append(step)
        self.taken += new
        return new

    def _leaf_rows(self) -> list[LeafRow]:
        return [(self.names[n], n.data, n.grad) for n in self._leaves]

    def _finished(self) -> str:
        return (f"the backward pass of {self.root_name} is complete ({self.total} steps); "
                "restart() to go again")

    def status(self) -> str:
        if self.done:
            return self._finished()
        node = self._ops[self.position]
        return (
            f"Stepper on {self.root_name}: {self.position} of {self.total} steps taken; "
            f"next: {self.names[node]} = {expression(node, self.names)}\n"
            f"  .next()  .run_until(name)  .run()  .leaves()  .restart()"
        )

    def __repr__(self) -> str:
        last = f"\nlast step:\n{self.taken[-1]}" if self.taken else ""
        return self.status() + last

    def _repr_markdown_(self) -> str:
        last = "\n\n" + markdown_steps(self.taken[-1:], self.root_name) if self.taken else ""
        return self.status().replace("\n", "  \n") + last


@dataclass
class _Leaves:
    rows: list[LeafRow]
    root_name: str
    status: list[str]

    def __repr__(self) -> str:
        return leaf_text(self.rows, self.root_name, self.status)

    def _repr_markdown_(self) -> str:
        return leaf_markdown(self.rows, self.root_name, self.status)

