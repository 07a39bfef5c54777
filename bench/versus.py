"""First-order backward, the eager step and the compiled step of this tree against another checkout.

    python bench/versus.py /work/main          # this tree vs the one at /work/main

Each case runs in its own process per tree (both trees use the package names ``autograd`` and
``nn``); the trees alternate round after round, and the figure is the minimum over the rounds
(the least disturbed by the other processes on the machine), of CPU time (time.process_time).
Ratios are this tree's time over the other's (below 1: faster here).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CASE = r'''
import gc, json, sys, time
from autograd import Value
from nn import MLP, SGD, squared_error, train_step
from nn.check import load_example

def best(fn, inner):
    gc.collect(); t = time.process_time()  # CPU time: a busy machine's waits do not count
    for _ in range(inner):
        fn()
    return (time.process_time() - t) / inner

net = MLP(2, [16, 16, 1], activation="relu", seed=0)
loss = squared_error(net([0.5, -1.0]), 0.2)
def backward_only():
    loss.grad = 0.0  # a fresh pass (no check of edited data): backward's own work
    loss.backward()
def eager_step():
    out = squared_error(net([0.5, -1.0]), 0.2)
    out.backward()
step = train_step(net, squared_error, SGD(net.parameters(), 1e-12))
step([0.5, -1.0], 0.2)
def compiled_step():
    step([0.5, -1.0], 0.2)
example = load_example("seed000")
doc_loss = example.loss()
from nn import half_squared_error
doc_step = train_step(example.network, half_squared_error, SGD(example.network.parameters(), 1e-12))
doc_step([0.05, 0.10], 0.01)
def document_compiled_step():
    doc_step([0.05, 0.10], 0.01)
def document_backward():
    doc_loss.grad = 0.0
    doc_loss.backward()
cases = {"backward, 2-16-16-1 relu MLP": (backward_only, 200),
         "forward + backward, 2-16-16-1 relu MLP": (eager_step, 100),
         "compiled step, 2-16-16-1 relu MLP": (compiled_step, 500),
         "backward, seed000 2-2-1 sigmoid": (document_backward, 5000),
         "compiled step, seed000 2-2-1 sigmoid": (document_compiled_step, 20000)}
for f, n in cases.values():
    f()
print(json.dumps({name: best(f, n) for name, (f, n) in cases.items()}))
'''


def run(tree: Path) -> dict[str, float]:
    env = dict(os.environ, PYTHONPATH=str(tree))
    out = subprocess.run([sys.executable, "-c", CASE], cwd=tree, env=env, capture_output=True, text=True)
    if out.returncode:
        raise SystemExit(f"{tree}: {out.stderr.strip().splitlines()[-1]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    other = Path(sys.argv[1] if len(sys.argv) > 1 else "/work/main").resolve()
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 9
    here_times: dict[str, list[float]] = {}
    other_times: dict[str, list[float]] = {}
    for r in range(rounds):
        pair = [(ROOT, here_times), (other, other_times)]
        for tree, times in pair if r % 2 == 0 else pair[::-1]:
            for name, t in run(tree).items():
                times.setdefault(name, []).append(t)
    print(f"this tree ({ROOT}) vs {other}, best of {rounds} rounds, µs per call")
    for name in here_times:
        a, b = min(here_times[name]), min(other_times[name])
        print(f"  {name:<42} {a * 1e6:9.1f} vs {b * 1e6:9.1f}   ratio {a / b:.3f}")


if __name__ == "__main__":
    main()
