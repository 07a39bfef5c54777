"""Ordinary eager training under several source trees, in one process, interleaved round by round so
machine load hits all alike (used to price the stale-data check, issue 24):

    python bench/ab_trees.py /path/to/tree-without-the-check .    # ratios to the first tree

Three eager workloads, each a forward pass, zero_grad, backward and an SGD step, and one compiled:
  w1     one step of the documents' 2-2-1 sigmoid network (seed 000);
  w2     one full-batch epoch of a 2-16-16-1 MLP (ReLU, ReLU, linear) on 100 points;
  chain  a chain y = (y * 0.999 + 0.001).tanh() of depth 1,000 from one parameter;
  w1jit  w1 through nn.train_step (the generated code).

For each workload and tree: the median of the per-round ratios to the first tree (the steady
figure on a shared machine) with their quartiles, and the ratio of the best times. Times are the
thread's CPU time (``time.thread_time``: a wait for the CPU on a loaded machine is not counted); the
process is pinned to one CPU with ``--cpu N``, and the collector runs before each timed batch.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import math
import os
import random
import statistics
import sys
import time
from collections.abc import Callable

Workload = Callable[[], object]


def points(n: int = 100, seed: int = 0) -> tuple[list[list[float]], list[float]]:
    """Two noisy half circles, labels −1 and +1 (W2's data)."""
    rng = random.Random(seed)
    xs, ys = [], []
    for i in range(n):
        t = math.pi * rng.random()
        px, py = (1.0 - math.cos(t), 0.5 - math.sin(t)) if i % 2 else (math.cos(t), math.sin(t))
        xs.append([px + rng.gauss(0.0, 0.1), py + rng.gauss(0.0, 0.1)])
        ys.append(1.0 if i % 2 else -1.0)
    return xs, ys


def load(tree: str) -> dict[str, Workload]:
    """The tree's workloads (its modules imported afresh from ``tree``)."""
    for name in [m for m in sys.modules if m in ("autograd", "nn") or m.startswith(("autograd.", "nn."))]:
        del sys.modules[name]
    sys.path.insert(0, tree)
    try:
        autograd, nn = importlib.import_module("autograd"), importlib.import_module("nn")
        example = importlib.import_module("nn.check").load_example("seed000")
    finally:
        sys.path.remove(tree)
    losses = importlib.import_module("nn.losses")

    net1 = example.network
    opt1 = nn.SGD(net1.parameters(), example.learning_rate)
    x1, y1 = list(example.inputs), example.targets[0]

    def w1() -> object:
        loss = losses.half_squared_error(net1(x1), y1)
        opt1.zero_grad()
        loss.backward()
        opt1.step()
        return loss

    net2 = nn.MLP(2, [16, 16, 1], activation=["relu", "relu", "linear"], seed=1)
    opt2 = nn.SGD(net2.parameters(), 0.05)
    xs, ys = points()

    def w2() -> object:
        loss = losses.mean_squared_error([net2(x) for x in xs], ys)
        opt2.zero_grad()
        loss.backward()
        opt2.step()
        return loss

    w = autograd.Value(0.5, "w")
    opt3 = nn.SGD([w], 1e-3)

    def chain() -> object:
        y = w
        for _ in range(1000):
            y = (y * 0.999 + 0.001).tanh()
        opt3.zero_grad()
        y.backward()
        opt3.step()
        return y

    net4 = importlib.import_module("nn.check").load_example("seed000").network
    opt4 = nn.SGD(net4.parameters(), example.learning_rate)
    compiled = nn.train_step(net4, losses.half_squared_error, opt4)

    def w1jit() -> object:
        return compiled(x1, y1)

    return {"w1": w1, "w2": w2, "chain": chain, "w1jit": w1jit}


def calls_per_batch(run: Workload, seconds: float) -> int:
    start, n = time.thread_time(), 0
    while time.thread_time() - start < seconds / 4:
        run()
        n += 1
    return max(1, 4 * n)


def quartiles(xs: list[float]) -> tuple[float, float, float]:
    q1, q2, q3 = statistics.quantiles(xs, n=4)
    return q1, q2, q3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("trees", nargs="+")
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--batch", type=float, default=0.01, help="CPU seconds per timed batch")
    parser.add_argument("--cpu", type=int, default=-1, help="the CPU to pin to (-1: not pinned)")
    args = parser.parse_args()
    if args.cpu >= 0 and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {args.cpu})
    trees = args.trees
    runs = {t: load(t) for t in trees}
    names = list(runs[trees[0]])
    sizes = {w: calls_per_batch(runs[trees[0]][w], args.batch) for w in names}
    times: dict[tuple[str, str], list[float]] = {(w, t): [] for w in names for t in trees}
    for r in range(args.rounds):
        for w in names:
            for t in trees if r % 2 else trees[::-1]:
                run = runs[t][w]
                gc.collect()
                start = time.thread_time()
                for _ in range(sizes[w]):
                    run()
                times[w, t].append((time.thread_time() - start) / sizes[w])
    print(f"{args.rounds} interleaved rounds, CPU time per call; ratios to {trees[0]}")
    for w in names:
        for t in trees:
            ratios = [a / b for a, b in zip(times[w, t], times[w, trees[0]])]
            q1, q2, q3 = quartiles(ratios)
            best = min(times[w, t]) / min(times[w, trees[0]])
            print(f"{w:6} {t}: {statistics.median(times[w, t]) * 1e6:10.1f} µs CPU/call, median ratio "
                  f"{q2:.3f} (quartiles {q1:.3f}–{q3:.3f}), ratio of bests {best:.3f}")


if __name__ == "__main__":
    main()
