"""The eager training step of a 2-16-16-1 MLP (forward, zero_grad, backward, SGD) under several
source trees, in one process, interleaved round by round so machine load hits all alike:

    python bench/ab_trees.py /path/to/main-checkout .     # ratios to the first tree

Prints each tree's best time per step, the ratio of the bests, and the median of the per-round
ratios (the steadier figure on a shared machine). Used to price the stale-data check (issue 24).
"""

from __future__ import annotations

import importlib
import statistics
import sys
import time
from collections.abc import Callable

ROUNDS, STEPS = 40, 100


def load(tree: str) -> Callable[[], None]:
    """One training step of the tree's engine (its modules imported afresh from ``tree``)."""
    for name in [m for m in sys.modules if m in ("autograd", "nn") or m.startswith(("autograd.", "nn."))]:
        del sys.modules[name]
    sys.path.insert(0, tree)
    nn = importlib.import_module("nn")
    loss_fn = importlib.import_module("nn.losses").half_squared_error
    sys.path.remove(tree)
    net = nn.MLP(2, [16, 16, 1], seed=0)
    opt = nn.SGD(net.parameters(), lr=0.01)

    def step() -> None:
        loss = loss_fn(net([0.05, 0.10]), 0.01)
        opt.zero_grad()
        loss.backward()
        opt.step()

    for _ in range(STEPS):
        step()
    return step


def main(trees: list[str]) -> None:
    steps = {t: load(t) for t in trees}
    best = dict.fromkeys(trees, float("inf"))
    ratios: dict[str, list[float]] = {t: [] for t in trees}
    for r in range(ROUNDS):
        this = {}
        for t in trees if r % 2 else trees[::-1]:
            step, start = steps[t], time.perf_counter()
            for _ in range(STEPS):
                step()
            this[t] = (time.perf_counter() - start) / STEPS * 1e6
            best[t] = min(best[t], this[t])
        for t in trees:
            ratios[t].append(this[t] / this[trees[0]])
    for t in trees:
        print(f"{t}: best {best[t]:.1f} µs/step, ratio of bests {best[t] / best[trees[0]]:.3f}, "
              f"median ratio per round {statistics.median(ratios[t]):.3f}")


if __name__ == "__main__":
    main(sys.argv[1:])
