"""stepgrad against micrograd 0.1.0, PyTorch eager and plain Python, every engine in one process.

Run it with ``make bench`` (which installs the peers), or ``python bench/bench.py --help``.

Workloads
  W1  one SGD step of the documents' 2-2-1 sigmoid network (seed 000's parameters): forward,
      ½·(y − ŷ)², zero_grad, backward, update. Peers: micrograd with sigmoid built from its own ops
      (1 / (1 + exp(−z)); micrograd 0.1.0 has no exp, so ``_micrograd_exp`` adds one exactly as
      micrograd's own ops are written), PyTorch eager in float64 (nn.Sequential + optim.SGD, as its
      users write it), and the closed-form step of the documents' formulas in plain Python (no graph:
      the floor).
  W2  one full-batch epoch of a 2-16-16-1 MLP (ReLU, ReLU, linear; micrograd's own MLP) on 100
      two-moons points, mean squared error; micrograd as its users run it (collector on) and with
      the collector disabled during the epoch.
  W3  backward through a chain y = y + 1.0 of depth 10³ … 10⁶ (2·depth + 1 nodes, with the constant
      leaves), at the default recursion limit; micrograd: the depth at which its recursive sort fails.
  W4  bytes per node (tracemalloc) of that chain at depth 10⁵, and of one W2 epoch's whole graph.
  W2v full-batch epochs over the batch as arrays: the 2-16-16-1 MLP on 100 points, a 2-128-128-1 MLP
      on 100 points and the 2-16-16-1 MLP on 10,000 points. stepgrad vectorised
      (``train_step(..., vectorize=True).fit``: the parameters stay in one array for the run), the same
      through ``epoch()`` (one call per epoch, the parameters in a ParameterStore), PyTorch written as
      its users write it (float64, the batch as one tensor, nn.Sequential + optim.SGD) and a
      hand-written numpy forward and backward (the closed form: the practical limit). Every engine
      starts from the same weights (the stepgrad MLP's), and one epoch's gradients of each are checked
      against the eager engine's before timing. A table of compile times by graph size shows how
      recording and compiling grow.

Method
  Every engine's case is timed in the same process, interleaved: each round times every case once
  (in a rotated order, so none always runs first), after warm-up rounds that are thrown away; the
  figure is the median over the rounds of (time of ``inner`` calls) / ``inner``. No collection runs
  untimed: a case with the collector on pays for its collections as they happen, and a case run with
  the collector off collects its garbage at the end of its sample, inside the timing. Neither pyperf
  nor pytest-benchmark interleaves cases within one process, so this loop is ours; pyperf, when
  installed, stores the samples (``pyperf.json``) for ``python -m pyperf stats/compare_to/hist``.
  Before timing, one step of every W1 engine is checked against the closed form (to 1e-12).
  A target's verdict is the median of its per-round ratios (two cases timed in the same round), with
  their spread (lowest and highest round), since one run on a shared machine can flip a verdict.
  BLAS and PyTorch run on one thread (set below, before numpy or torch is imported, and said in the
  report), so no engine's figure depends on how many cores the machine's other users leave free.
  W3 runs in a child process that loads neither PyTorch, SymPy nor matplotlib (it says what it
  loaded), so their memory and import-time side effects do not touch the chain's timings.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import json
import math
import os
import platform
import random
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BLAS_THREADS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
for _var in BLAS_THREADS:  # before numpy or torch is imported: one thread each
    os.environ.setdefault(_var, "1")
W3_CHILD = "--w3-child" in sys.argv  # the W3 process: no peers loaded

if not W3_CHILD:  # the W3 child loads no array library either
    import numpy as np

from autograd import Value, jit, topological_order  # noqa: E402
from nn import MLP, SGD, half_squared_error, mean_squared_error, squared_error, train_step  # noqa: E402
from nn.check import load_example  # noqa: E402

mg = mgnn = torch = None
if not W3_CHILD:
    try:
        import micrograd.engine as mg
        import micrograd.nn as mgnn
    except ImportError:  # the benchmark still runs, without that peer
        mg = mgnn = None
    try:
        import torch

        torch.set_num_threads(1)
    except ImportError:
        torch = None

W3_LOADED: list[str] = []  # heavy modules the W3 child had loaded (none expected)
OURS = "stepgrad"
COMPILED = "stepgrad compiled (nn.train_step)"
RAW = "stepgrad, micrograd's graph (binary adds)"
PARAM_ORDER = ("W11", "W21", "W12", "W22", "W31", "W41", "B1", "B2", "B3")


# ---- the harness ---------------------------------------------------------------------------------
@dataclass
class Case:
    name: str
    run: Callable[[], object]
    collector_off: bool = False
    samples: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.samples)


def interleaved(cases: list[Case], inner: int, rounds: int, warmup: int) -> list[Case]:
    """Time every case once per round, rotating the order; keep the rounds after the warm-up."""
    clock = time.perf_counter
    for r in range(warmup + rounds):
        k = r % len(cases)
        for case in cases[k:] + cases[:k]:
            run = case.run
            if case.collector_off:
                gc.disable()
            t0 = clock()
            for _ in range(inner):
                run()
            if case.collector_off:  # its garbage is its own: collected inside the timing
                gc.enable()
                gc.collect()
            elapsed = clock() - t0
            if r >= warmup:
                case.samples.append(elapsed / inner)
    return cases


# ---- W1: one SGD step of the documents' 2-2-1 network -------------------------------------------
def document_setup() -> tuple[dict[str, float], list[float], float, float]:
    example = load_example("seed000")
    return dict(example.network.state()), list(example.inputs), example.targets[0], example.learning_rate


def closed_form_step(p: list[float], x1: float, x2: float, y: float, lr: float) -> None:
    """The documents' formulas, no graph: δ_o = −(y − a_o)·a_o(1 − a_o), δ_h = δ_o·W·a_h(1 − a_h)."""
    w11, w21, w12, w22, w31, w41, b1, b2, b3 = p
    exp = math.exp
    a1 = 1.0 / (1.0 + exp(-(w11 * x1 + w21 * x2 + b1)))
    a2 = 1.0 / (1.0 + exp(-(w12 * x1 + w22 * x2 + b2)))
    o = 1.0 / (1.0 + exp(-(w31 * a1 + w41 * a2 + b3)))
    d_o = -(y - o) * o * (1.0 - o)
    d_h1 = d_o * w31 * a1 * (1.0 - a1)
    d_h2 = d_o * w41 * a2 * (1.0 - a2)
    p[:] = (w11 - lr * d_h1 * x1, w21 - lr * d_h1 * x2, w12 - lr * d_h2 * x1, w22 - lr * d_h2 * x2,
            w31 - lr * d_o * a1, w41 - lr * d_o * a2, b1 - lr * d_h1, b2 - lr * d_h2, b3 - lr * d_o)


def w1_stepgrad(params, x, y, lr):
    net = load_example("seed000").network
    net.set(**params)
    opt = SGD(net.parameters(), lr)

    def step() -> None:
        loss = half_squared_error(net(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()

    return step, lambda: [net[n].data for n in PARAM_ORDER]


def w1_compiled(params, x, y, lr):
    """The same step through nn.train_step: recorded once, then the generated code replays it."""
    net = load_example("seed000").network
    net.set(**params)
    step = train_step(net, half_squared_error, SGD(net.parameters(), lr))
    return (lambda: step(x, y)), lambda: [net[n].data for n in PARAM_ORDER]


def _micrograd_exp(v):
    """exp for micrograd 0.1.0 Values, written as micrograd writes its own ops (a closure)."""
    out = mg.Value(math.exp(v.data), (v,), "exp")

    def _backward():
        v.grad += out.data * out.grad

    out._backward = _backward
    return out


def w1_micrograd(params, x, y, lr):
    p = {n: mg.Value(params[n]) for n in PARAM_ORDER}
    ps = list(p.values())

    def sigmoid(z):
        return (1 + _micrograd_exp(-z)) ** -1

    def neuron(ws, inputs, b):
        return sigmoid(sum((w * xi for w, xi in zip(ws, inputs)), b))

    def step() -> None:
        a1 = neuron((p["W11"], p["W21"]), x, p["B1"])
        a2 = neuron((p["W12"], p["W22"]), x, p["B2"])
        o = neuron((p["W31"], p["W41"]), (a1, a2), p["B3"])
        loss = 0.5 * (y - o) ** 2
        for q in ps:
            q.grad = 0
        loss.backward()
        for q in ps:
            q.data -= lr * q.grad

    return step, lambda: [p[n].data for n in PARAM_ORDER]


def w1_torch(params, x, y, lr):
    nn = torch.nn
    model = nn.Sequential(nn.Linear(2, 2), nn.Sigmoid(), nn.Linear(2, 1), nn.Sigmoid()).double()
    with torch.no_grad():
        f64 = torch.float64
        model[0].weight.copy_(torch.tensor([[params["W11"], params["W21"]], [params["W12"], params["W22"]]],
                                           dtype=f64))
        model[0].bias.copy_(torch.tensor([params["B1"], params["B2"]], dtype=f64))
        model[2].weight.copy_(torch.tensor([[params["W31"], params["W41"]]], dtype=f64))
        model[2].bias.copy_(torch.tensor([params["B3"]], dtype=f64))
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    xt = torch.tensor(x, dtype=torch.float64)
    yt = torch.tensor([y], dtype=torch.float64)

    def step() -> None:
        loss = 0.5 * ((yt - model(xt)) ** 2).sum()
        opt.zero_grad()
        loss.backward()
        opt.step()

    def read() -> list[float]:
        (w1, b1), (w2, b2) = (model[0].weight.tolist(), model[0].bias.tolist()), (
            model[2].weight.tolist(), model[2].bias.tolist())
        return [w1[0][0], w1[0][1], w1[1][0], w1[1][1], w2[0][0], w2[0][1], b1[0], b1[1], b2[0]]

    return step, read


def w1_closed_form(params, x, y, lr):
    p = [params[n] for n in PARAM_ORDER]
    x1, x2 = x
    return (lambda: closed_form_step(p, x1, x2, y, lr)), (lambda: list(p))


def w1_cases() -> list[Case]:
    params, x, y, lr = document_setup()
    makers = [(OURS, w1_stepgrad), ("closed form (plain Python)", w1_closed_form), (COMPILED, w1_compiled)]
    if mg is not None:
        makers.append(("micrograd 0.1.0", w1_micrograd))
    if torch is not None:
        makers.append((f"PyTorch {torch.__version__} eager float64", w1_torch))
    reference = None
    cases = []
    for name, make in makers:
        step, read = make(params, x, y, lr)
        step()
        after = read()
        reference = reference or after
        worst = max(abs(a - b) for a, b in zip(after, reference))
        if worst > 1e-12:
            raise AssertionError(f"W1: {name}'s step differs from the closed form by {worst:.3g}")
        cases.append(Case(name, step))
    return cases


# ---- W2: one full-batch epoch of a 2-16-16-1 MLP on two moons ------------------------------------
def two_moons(n: int = 100, noise: float = 0.1, seed: int = 0) -> tuple[list[list[float]], list[float]]:
    """Two interleaved half circles, labels −1 and +1 (like scikit-learn's make_moons)."""
    rng = random.Random(seed)
    xs, ys = [], []
    for i in range(n):
        t = math.pi * rng.random()
        if i % 2:
            px, py, label = 1.0 - math.cos(t), 0.5 - math.sin(t), 1.0
        else:
            px, py, label = math.cos(t), math.sin(t), -1.0
        xs.append([px + rng.gauss(0.0, noise), py + rng.gauss(0.0, noise)])
        ys.append(label)
    return xs, ys


def w2_stepgrad(xs, ys, lr=0.05):
    net = MLP(2, [16, 16, 1], activation=["relu", "relu", "linear"], seed=1)
    opt = SGD(net.parameters(), lr)

    def epoch() -> Value:
        loss = mean_squared_error([net(x) for x in xs], ys)
        opt.zero_grad()
        loss.backward()
        opt.step()
        return loss

    return epoch


def w2_compiled(xs, ys, lr=0.05):
    """The same epoch through nn.train_step: one sample's graph compiled, looped over the data."""
    net = MLP(2, [16, 16, 1], activation=["relu", "relu", "linear"], seed=1)
    step = train_step(net, squared_error, SGD(net.parameters(), lr))
    return lambda: step.epoch(xs, ys)


def w2_raw(xs, ys, lr=0.05):
    """The graph micrograd builds (binary adds, no weighted-sum node), with stepgrad's Value."""
    rng = random.Random(1)
    sizes = [2, 16, 16, 1]
    layers = [[([Value(rng.uniform(-1, 1)) for _ in range(nin)], Value(0.0)) for _ in range(nout)]
              for nin, nout in zip(sizes, sizes[1:])]
    params = [p for layer in layers for w, b in layer for p in (*w, b)]
    n = len(xs)

    def forward(x):
        for k, layer in enumerate(layers):
            acts = [sum((wi * xi for wi, xi in zip(w, x)), b) for w, b in layer]
            x = acts if k == len(layers) - 1 else [a.relu() for a in acts]
        return x[0]

    def epoch():
        loss = sum((y - p) ** 2 for p, y in zip([forward(x) for x in xs], ys)) * (1.0 / n)
        for q in params:
            q.grad = 0.0
        loss.backward()
        for q in params:
            q.data -= lr * q.grad
        return loss

    return epoch


def w2_micrograd(xs, ys, lr=0.05):
    random.seed(1)
    net = mgnn.MLP(2, [16, 16, 1])
    params = net.parameters()
    n = len(xs)

    def epoch():
        preds = [net(x) for x in xs]
        loss = sum((y - p) ** 2 for p, y in zip(preds, ys)) * (1.0 / n)
        net.zero_grad()
        loss.backward()
        for q in params:
            q.data -= lr * q.grad
        return loss

    return epoch


def w2_cases() -> list[Case]:
    xs, ys = two_moons()
    cases = [Case(OURS, w2_stepgrad(xs, ys)), Case(COMPILED, w2_compiled(xs, ys)),
             Case(RAW + ", collector off", w2_raw(xs, ys), collector_off=True)]
    if mg is not None:
        cases.append(Case("micrograd 0.1.0 (collector on)", w2_micrograd(xs, ys)))
        cases.append(Case("micrograd 0.1.0 (collector off)", w2_micrograd(xs, ys), collector_off=True))
    return cases


# ---- W2v: epochs over the batch as arrays ---------------------------------------------------------
VEC = "stepgrad vectorised (train_step(vectorize=True).fit)"
VEC_EPOCH = "stepgrad vectorised, epoch() called once per epoch (parameters in a ParameterStore)"
NUMPY = "numpy closed form (hand-written forward and backward)"
W2V_SIZES = ((16, 100), (128, 100), (16, 10_000))


def torch_vec_name() -> str:
    return f"PyTorch {torch.__version__} float64, the batch as one tensor"


def w2v_model(hidden: int) -> MLP:
    return MLP(2, [hidden, hidden, 1], activation=["relu", "relu", "linear"], seed=1)


def mlp_weights(net: MLP) -> list[tuple[list[list[float]], list[float]]]:
    """Per layer (W as outputs × inputs, b): the same numbers for every engine."""
    return [([[w.data for w in n.w] for n in layer.neurons], [n.b.data for n in layer.neurons])
            for layer in net.layers]


def flat_grads(layers: list[tuple[list[list[float]], list[float]]]) -> list[float]:
    """Gradients in the MLP's parameter order: per neuron its weights, then its bias."""
    return [g for weights, biases in layers for row, b in zip(weights, biases) for g in (*row, b)]


def w2v_reference(hidden: int, xs, ys) -> list[float]:
    """One epoch's mean gradient from the eager engine's arithmetic, at the shared initial weights.

    Beyond W2's size it is taken through the scalar compiled step, which writes exactly the eager
    engine's gradients, bit for bit (tests/test_jit.py), without building one graph per point.
    """
    net = w2v_model(hidden)
    if hidden * len(xs) <= 16 * 100:
        loss = mean_squared_error([net(x) for x in xs], ys)
        loss.backward()
    else:
        train_step(net, squared_error, SGD(net.parameters(), 1e-300)).epoch(xs, ys)
    return [p.grad for p in net.parameters()]


def w2v_stepgrad(hidden, X, Y, lr, epochs, per_epoch=False):
    net = w2v_model(hidden)
    step = train_step(net, squared_error, SGD(net.parameters(), lr), vectorize=True)
    if per_epoch:
        def run():
            for _ in range(epochs):
                step.epoch(X, Y)
    else:
        def run():
            step.fit(X, Y, epochs)

    def grads():
        fresh = w2v_model(hidden)
        train_step(fresh, squared_error, SGD(fresh.parameters(), 1e-300), vectorize=True).fit(X, Y, 1)
        return [p.grad for p in fresh.parameters()]

    return run, grads


def w2v_torch(hidden, X, Y, lr, epochs):
    nn_ = torch.nn
    f64 = torch.float64
    layers = mlp_weights(w2v_model(hidden))
    mods = []
    for k, (weights, biases) in enumerate(layers):
        linear = nn_.Linear(len(weights[0]), len(weights)).double()
        with torch.no_grad():
            linear.weight.copy_(torch.tensor(weights, dtype=f64))
            linear.bias.copy_(torch.tensor(biases, dtype=f64))
        mods += [linear] + ([nn_.ReLU()] if k < len(layers) - 1 else [])
    model = nn_.Sequential(*mods)
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    xt = torch.tensor(X, dtype=f64)
    yt = torch.tensor(Y, dtype=f64).reshape(-1, 1)

    def epoch():
        loss = ((model(xt) - yt) ** 2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()

    def run():
        for _ in range(epochs):
            epoch()

    def grads():
        saved = [p.detach().clone() for p in model.parameters()]
        opt.zero_grad()
        ((model(xt) - yt) ** 2).mean().backward()
        linears = [m for m in model if isinstance(m, nn_.Linear)]
        out = flat_grads([(m.weight.grad.tolist(), m.bias.grad.tolist()) for m in linears])
        with torch.no_grad():
            for p, v in zip(model.parameters(), saved):
                p.copy_(v)
        return out

    return run, grads


def numpy_forward_backward(weights, biases, X, Y):
    """The MLP's mean squared error and its gradient, written out by hand (W as inputs × outputs)."""
    acts, pre = [X], []
    for k, (w, b) in enumerate(zip(weights, biases)):
        z = acts[-1] @ w + b
        pre.append(z)
        acts.append(np.maximum(z, 0.0) if k < len(weights) - 1 else z)
    diff = acts[-1] - Y
    g = diff * (2.0 / len(X))
    gw, gb = [None] * len(weights), [None] * len(weights)
    for k in reversed(range(len(weights))):
        if k < len(weights) - 1:
            g = g * (pre[k] > 0.0)
        gw[k], gb[k] = acts[k].T @ g, g.sum(axis=0)
        if k:
            g = g @ weights[k].T
    return gw, gb


def w2v_numpy(hidden, X, Y, lr, epochs):
    layers = mlp_weights(w2v_model(hidden))
    weights = [np.array(w).T.copy() for w, _ in layers]
    biases = [np.array(b) for _, b in layers]
    Yc = Y.reshape(-1, 1)

    def run():
        for _ in range(epochs):
            gw, gb = numpy_forward_backward(weights, biases, X, Yc)
            for w, b, dw, db in zip(weights, biases, gw, gb):
                w -= lr * dw
                b -= lr * db

    def grads():
        start = [w.copy() for w in weights], [b.copy() for b in biases]
        gw, gb = numpy_forward_backward(*start, X, Yc)
        return flat_grads([(dw.T.tolist(), db.tolist()) for dw, db in zip(gw, gb)])

    return run, grads


def w2v_cases(hidden: int, n: int, epochs: int) -> list[Case]:
    """The engines on one size, each checked against the eager engine's gradient before timing."""
    xs, ys = two_moons(n)
    X, Y = np.array(xs), np.array(ys)
    reference = w2v_reference(hidden, xs, ys)
    scale = max(abs(g) for g in reference)
    makers = [(VEC, lambda: w2v_stepgrad(hidden, X, Y, 0.05, epochs)),
              (VEC_EPOCH, lambda: w2v_stepgrad(hidden, X, Y, 0.05, epochs, per_epoch=True)),
              (NUMPY, lambda: w2v_numpy(hidden, X, Y, 0.05, epochs))]
    if torch is not None:
        makers.append((torch_vec_name(), lambda: w2v_torch(hidden, X, Y, 0.05, epochs)))
    cases = []
    for name, make in makers:
        run, grads = make()
        worst = max(abs(a - b) for a, b in zip(grads(), reference, strict=True))
        if worst > 1e-12 * scale:
            raise AssertionError(f"W2v {hidden}/{n}: {name}'s gradient differs from the eager engine's by "
                                 f"{worst:.3g} (largest gradient {scale:.3g})")
        cases.append(Case(name, run))
    return cases


def w2v_all(rounds: int, warmup: int, quick: bool) -> dict[str, list[Case]]:
    out = {}
    for hidden, n in W2V_SIZES:
        if quick and (hidden > 16 or n > 100):
            continue
        epochs = 20 if n <= 100 else 3  # per fit() call: its read and write-back of the Values included
        cases = interleaved(w2v_cases(hidden, n, epochs), 1, rounds, warmup)
        for c in cases:
            c.samples = [t / epochs for t in c.samples]
        out[f"2-{hidden}-{hidden}-1, {n:,} points"] = cases
    return out


def per_round(cases: list[Case], slow: str, fast: str) -> tuple[float, float, float, int]:
    """(median, lowest, highest) over the rounds of slow's time ÷ fast's in the same round."""
    a = next(c for c in cases if c.name == slow).samples
    b = next(c for c in cases if c.name == fast).samples
    ratios = [x / y for x, y in zip(a, b)]
    return statistics.median(ratios), min(ratios), max(ratios), len(ratios)


def w2v_tables(w2v: dict[str, list[Case]]) -> list[str]:
    lines = ["**W2v: full-batch epochs over the batch as arrays** (time per epoch, median of the "
             "interleaved rounds; ratio column: the median of the per-round ratios, and the lowest and "
             "highest round)", ""]
    for size, cases in w2v.items():
        lines += [f"*{size}*", "", "| engine | per epoch | ÷ vectorised (rounds) |", "|---|---:|---:|"]
        for c in cases:
            m, lo, hi, _ = per_round(cases, c.name, VEC)
            lines.append(f"| {c.name} | {fmt_time(c.median)} | {m:.2f} ({lo:.2f}–{hi:.2f}) |")
        lines.append("")
    return lines


# ---- compile time by graph size -------------------------------------------------------------------
def first_call_times(make: Callable[[], object], call: Callable[[object], object],
                     repeats: int) -> list[float]:
    """The first call of ``repeats`` fresh compiled functions: record, generate, compile, run once."""
    times = []
    for _ in range(repeats):
        step = make()
        t0 = time.perf_counter()
        call(step)
        times.append(time.perf_counter() - t0)
    return times


def compile_memory(fn: Callable[..., Value], args: tuple[float, ...]) -> tuple[int, int, int]:
    """Bytes of one graph of ``fn``, and the peak and kept bytes of a fresh jit(fn)'s first call."""
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    graph = fn(*args)
    graph_bytes = tracemalloc.get_traced_memory()[0] - before
    del graph
    gc.collect()
    tracemalloc.reset_peak()
    before = tracemalloc.get_traced_memory()[0]
    step = jit(fn)
    step(*args)
    gc.collect()
    kept, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del step
    return graph_bytes, peak - before, kept - before


def chain_fn(depth: int) -> Callable[[float], Value]:
    """x + 1 + 1 + ... (``depth`` additions): a graph of 2·depth + 1 nodes, no weighted sum."""
    def fn(x):
        y = Value(x)
        for _ in range(depth):
            y = y + 1.0
        return y

    return fn


def chain_compile(quick: bool) -> dict[str, object]:
    """The first call of a fresh scalar compiled step on a chain of 10⁵ nodes: its time (untraced)
    and its memory (peak and kept), each ÷ one graph's."""
    depth = 500 if quick else 50_000
    fn = chain_fn(depth)
    times = first_call_times(lambda: jit(fn), lambda f: f(0.5), 1 if quick else 3)
    graph, peak, kept = compile_memory(fn, (0.5,))
    return {"nodes": 2 * depth + 1, "scalar_s": statistics.median(times), "scalar_runs": times,
            "graph_bytes": graph, "scalar_peak_bytes": peak, "scalar_kept_bytes": kept}


def compile_table(quick: bool) -> list[dict[str, object]]:
    """First call of a fresh vectorised step (100 points) and of a fresh scalar compiled step, by
    size: every run's time (the median and spread are reported), and the scalar step's memory."""
    X, Y = (np.array(a) for a in two_moons())
    rows = []
    for hidden in (4, 8, 16) if quick else (4, 8, 16, 32, 64, 128):
        net = w2v_model(hidden)

        def fn(x, y, net=net):
            return squared_error(net(list(x)), y)

        def scalar_fn(x1, x2, y, net=net):
            return squared_error(net([x1, x2]), y)

        repeats = 2 if quick else 7 if hidden <= 32 else 5
        vec = first_call_times(lambda fn=fn: jit(fn, vectorize=True), lambda f: f(X, Y), repeats)
        scalar = first_call_times(lambda f=scalar_fn: jit(f), lambda f: f(0.1, 0.2, 1.0), repeats)
        graph, peak, kept = compile_memory(scalar_fn, (0.1, 0.2, 1.0))
        nodes = len(topological_order(fn(X[0].tolist(), float(Y[0]))))
        rows.append({"hidden": hidden, "nodes": nodes, "vectorised_s": statistics.median(vec),
                     "scalar_s": statistics.median(scalar), "vectorised_runs": vec, "scalar_runs": scalar,
                     "graph_bytes": graph, "scalar_peak_bytes": peak, "scalar_kept_bytes": kept})
    return rows


def spread(runs: list[float]) -> str:
    return f"{fmt_time(statistics.median(runs))} ({fmt_time(min(runs))}–{fmt_time(max(runs))})"


def compile_lines(rows: list[dict]) -> list[str]:
    lines = ["**Compile time by graph size** (2-h-h-1 MLP, one sample's graph; first call of a fresh "
             "function: record, group or name, generate, compile, run once; vectorised on 100 points; "
             "median of the runs (lowest–highest); memory: the scalar step's first call ÷ one graph's)", "",
             "| h | nodes | vectorised | µs per node | scalar compiled | µs per node | peak ÷ graph "
             "| kept ÷ graph |", "|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        g = r["graph_bytes"]
        lines.append(f"| {r['hidden']} | {r['nodes']:,} | {spread(r['vectorised_runs'])} | "
                     f"{r['vectorised_s'] / r['nodes'] * 1e6:.1f} | {spread(r['scalar_runs'])} | "
                     f"{r['scalar_s'] / r['nodes'] * 1e6:.1f} | {r['scalar_peak_bytes'] / g:.1f} | "
                     f"{r['scalar_kept_bytes'] / g:.1f} |")
    return lines + [""]


def vector_targets(w2v: dict[str, list[Case]], rows: list[dict[str, float]],
                   chain: dict | None = None) -> tuple[list[str], list[dict]]:
    """Issue 23's targets: each verdict the median of the per-round ratios, with their spread."""
    checks, data = [], []

    def check(label: str, ratio: tuple[float, float, float, int], ok: bool, unit: str) -> None:
        m, lo, hi, n = ratio
        checks.append(f"{'met    ' if ok else 'NOT met'}  {label}: {m:.2f}{unit} "
                      f"(rounds {lo:.2f}–{hi:.2f}, n={n})")
        data.append({"target": label, "median": m, "lowest": lo, "highest": hi, "rounds": n, "met": ok})

    small = w2v.get("2-16-16-1, 100 points")
    tv = torch_vec_name() if torch is not None else None
    if small:
        if tv:
            r = per_round(small, tv, VEC)
            check("W2 (2-16-16-1, 100 points) vectorised vs PyTorch vectorised (target ≥ 2× faster)", r,
                  r[0] >= 2, "× faster")
        r = per_round(small, VEC, NUMPY)
        check("W2 vectorised vs the numpy closed form (target ≤ 3× its time)", r, r[0] <= 3, "× its time")
    for size in ("2-128-128-1, 100 points", "2-16-16-1, 10,000 points"):
        if size in w2v and tv:
            r = per_round(w2v[size], tv, VEC)
            check(f"{size}: vectorised vs PyTorch vectorised (target no slower)", r, r[0] >= 1, "× faster")
    for r in rows:
        if r["hidden"] == 128:
            checks.append(f"{'met    ' if r['vectorised_s'] < 0.15 else 'NOT met'}  compiling 2-128-128-1 "
                          f"vectorised (target < 150 ms): {r['vectorised_s'] * 1e3:.0f} ms")
            checks.append(f"{'met    ' if r['scalar_s'] < 0.3 else 'NOT met'}  first call of the scalar "
                          f"compiled step, 2-128-128-1 (target < 300 ms): {r['scalar_s'] * 1e3:.0f} ms")
            checks.append(memory_check("2-128-128-1", r))
    if chain is not None:
        checks.append(memory_check(f"a chain of {chain['nodes']:,} nodes", chain))
    return checks, data


def memory_check(graph: str, r: dict) -> str:
    """Issue 23's memory target: the scalar compiled step's first call (record, generate, compile,
    run) at its peak, and what it keeps, ÷ the bytes one call of the function allocates."""
    peak, kept = r["scalar_peak_bytes"] / r["graph_bytes"], r["scalar_kept_bytes"] / r["graph_bytes"]
    verdict = "met    " if peak < 3 and kept < 3 else "NOT met"
    return (f"{verdict}  memory of the scalar compiled step's first call, {graph} (target < 3× the "
            f"graph's): peak {peak:.2f}×, kept {kept:.2f}×")


# ---- W3 in its own process ------------------------------------------------------------------------
def w3_child(depths: list[int], quick: bool) -> None:
    """The W3 child: time the chains and print them, with the recursion limit and what it loaded, as JSON."""
    w3 = w3_stepgrad(depths, lambda d: 1 if quick else max(3, min(50, 10**6 // (10 * d))))
    heavy = sorted(m for m in ("torch", "sympy", "matplotlib", "numpy", "micrograd") if m in sys.modules)
    print(json.dumps({"w3": {str(d): v for d, v in w3.items()}, "recursion_limit": sys.getrecursionlimit(),
                      "loaded": heavy}))


def w3_in_subprocess(depths: list[int], quick: bool) -> tuple[dict[int, tuple[float, float]], dict]:
    args = [sys.executable, str(Path(__file__).resolve()), "--w3-child", json.dumps(depths)]
    if quick:
        args.append("--quick")
    done = subprocess.run(args, capture_output=True, text=True, check=True)
    out = json.loads(done.stdout.strip().splitlines()[-1])
    return {int(d): tuple(v) for d, v in out["w3"].items()}, out


# ---- W3: deep chains ----------------------------------------------------------------------------
def chain(value_type, depth: int):
    x = value_type(0.5)
    y = x
    for _ in range(depth):
        y = y + 1.0
    return x, y


def w3_stepgrad(depths: list[int], repeats: Callable[[int], int]) -> dict[int, tuple[float, float]]:
    """(median build time, median backward time) per depth, at the default recursion limit."""
    out = {}
    for depth in depths:
        builds, backs = [], []
        for _ in range(repeats(depth)):
            t0 = time.perf_counter()
            x, y = chain(Value, depth)
            t1 = time.perf_counter()
            y.backward()
            t2 = time.perf_counter()
            assert x.grad == 1.0
            builds.append(t1 - t0)
            backs.append(t2 - t1)
            del x, y
        out[depth] = (statistics.median(builds), statistics.median(backs))
    return out


def micrograd_failing_depth(limit: int = 10**6) -> int | None:
    """The smallest chain depth whose micrograd backward raises RecursionError (doubling, then bisection)."""
    def fails(depth: int) -> bool:
        _, y = chain(mg.Value, depth)
        try:
            y.backward()
        except RecursionError:
            return True
        return False

    good, bad = 1, 64
    while not fails(bad):
        if bad >= limit:
            return None
        good, bad = bad, bad * 2
    while bad - good > 1:
        mid = (good + bad) // 2
        good, bad = (good, mid) if fails(mid) else (mid, bad)
    return bad


# ---- W4: memory ---------------------------------------------------------------------------------
def traced_bytes(build: Callable[[], object]) -> tuple[int, object]:
    """Bytes still allocated after ``build()`` (its result kept alive), measured with tracemalloc."""
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    kept = build()
    gc.collect()
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    return after - before, kept


def w4(depth: int) -> dict[str, tuple[int, int]]:
    """name → (bytes, nodes) for the chain; nodes = 2·depth + 1 in both engines."""
    out = {}
    engines = [(OURS, Value)] + ([("micrograd 0.1.0", mg.Value)] if mg is not None else [])
    for name, value_type in engines:
        nbytes, kept = traced_bytes(lambda vt=value_type: chain(vt, depth))
        if name == OURS:
            assert len(topological_order(kept[1])) == 2 * depth + 1
        out[name] = (nbytes, 2 * depth + 1)
        del kept
    return out


def w4_epoch_graph() -> dict[str, tuple[int, int]]:
    """name → (bytes, nodes) of the graph one W2 epoch builds (forward and loss only)."""
    xs, ys = two_moons()
    out = {}
    net = MLP(2, [16, 16, 1], activation=["relu", "relu", "linear"], seed=1)
    nbytes, loss = traced_bytes(lambda: mean_squared_error([net(x) for x in xs], ys))
    out[OURS] = (nbytes, len(topological_order(loss)))
    del loss
    if mg is not None:
        random.seed(1)
        mnet = mgnn.MLP(2, [16, 16, 1])

        def build():
            created = [0]
            init = mg.Value.__init__

            def counting(self, *a, **k):
                created[0] += 1
                init(self, *a, **k)

            mg.Value.__init__ = counting
            try:
                preds = [mnet(x) for x in xs]
                loss = sum((y - p) ** 2 for p, y in zip(preds, ys)) * (1.0 / len(xs))
            finally:
                mg.Value.__init__ = init
            return loss, created[0]

        nbytes, (loss, created) = traced_bytes(build)
        out["micrograd 0.1.0"] = (nbytes, created)
        del loss
    return out


# ---- W5: the stale-gradient check -----------------------------------------------------------------
STALE_CHECKED = "backward() again after a write of another Value's .data (the graph re-evaluated)"
STALE_UNCHECKED = "backward() again, nothing written since the graph was made"


def w5_cases() -> list[Case]:
    """A repeated backward() on one W1 graph, with and without a ``.data`` write before each.

    Every write of a ``.data`` is counted; a graph made before the last write is checked by its
    next backward: every operation evaluated again on its operands' current data (``check_fresh``).
    Without a write the check is one comparison per node. A training step builds its graph after
    the optimizer's writes, so it is never re-evaluated.
    """
    params, x, y, _ = document_setup()
    cases = []
    for name, write in ((STALE_CHECKED, True), (STALE_UNCHECKED, False)):
        net = load_example("seed000").network
        net.set(**params)
        loss = half_squared_error(net(x), y)
        loss.backward()
        other = Value(1.0)

        def run(loss=loss, write=write, other=other) -> None:
            if write:
                other.data = 1.0
            loss.backward()

        cases.append(Case(name, run))
    return cases


def stale_table(w5: list[Case]) -> list[str]:
    checked, unchecked = (next(c.median for c in w5 if c.name == n) for n in (STALE_CHECKED, STALE_UNCHECKED))
    return [f"**W5: the stale-gradient check** (W1's graph; median of {len(w5[0].samples)} interleaved "
            "samples)", "", "| backward | per call |", "|---|---:|",
            f"| {STALE_UNCHECKED} | {fmt_time(unchecked)} |", f"| {STALE_CHECKED} | {fmt_time(checked)} |",
            "", f"Re-evaluating the graph after a write costs {checked / unchecked - 1:.0%} of a backward() "
            f"on this graph ({fmt_time(checked - unchecked)}); a training step, which builds its graph after "
            "the optimizer's writes, does not run it (its check is one comparison per node).",
            ""]


# ---- report -------------------------------------------------------------------------------------
def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}"


def python_build() -> str:
    """Whether CPython was built with profile-guided optimisation (it changes every figure)."""
    import sysconfig

    args = sysconfig.get_config_var("CONFIG_ARGS") or ""
    return " (built with PGO)" if "--enable-optimizations" in args else " (built without PGO/LTO)"


def fmt_time(seconds: float) -> str:
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds / 1e-9:.3g} ns"


def ratio_line(ours: float, other: float) -> str:
    """How the peer compares with stepgrad: '3.1× slower' means stepgrad is 3.1 times faster."""
    r = other / ours
    return f"{r:.2f}× slower than stepgrad" if r >= 1 else f"{1 / r:.2f}× faster than stepgrad"


def timing_table(title: str, cases: list[Case], unit_name: str) -> list[str]:
    ours = next(c for c in cases if c.name == OURS).median
    compiled = next((c.median for c in cases if c.name == COMPILED), None)
    extra = " ÷ compiled |" if compiled else ""
    rows = [f"**{title}** (median of {len(cases[0].samples)} interleaved samples)", "",
            f"| engine | {unit_name} | ÷ stepgrad |{extra}",
            "|---|---:|---:|" + ("---:|" if compiled else "")]
    for c in cases:
        last = f" {c.median / compiled:.2f} |" if compiled else ""
        rows.append(f"| {c.name} | {fmt_time(c.median)} | {c.median / ours:.2f} |{last}")
    return rows + [""]


def first_call_time(make: Callable[[], object], call: Callable[[object], object], repeats: int) -> float:
    """Median time of the first call of a fresh compiled step: record, generate, compile, replay once."""
    return statistics.median(first_call_times(make, call, repeats))


def compile_times(repeats: int) -> dict[str, float]:
    params, x, y, lr = document_setup()
    xs, ys = two_moons()

    def w1_make():
        net = load_example("seed000").network
        net.set(**params)
        return train_step(net, half_squared_error, SGD(net.parameters(), lr))

    def w2_make():
        net = MLP(2, [16, 16, 1], activation=["relu", "relu", "linear"], seed=1)
        return train_step(net, squared_error, SGD(net.parameters(), 0.05))

    return {
        "W1 (the documents' network, one step)": first_call_time(w1_make, lambda s: s(x, y), repeats),
        "W2 (2-16-16-1 MLP, one sample's graph, one-sample epoch)":
            first_call_time(w2_make, lambda s: s.epoch(xs[:1], ys[:1]), repeats),
    }


def report(w1, w2, w3, mg_fail, w4_chain, w4_epoch, w4_depth, settings, compiles) -> str:
    head = [
        f"- Machine: {machine()}",
        f"- Python: {platform.python_implementation()} {platform.python_version()}{python_build()}; "
        f"micrograd {'0.1.0' if mg else 'not installed'}; "
        f"PyTorch {torch.__version__ if torch else 'not installed'}"
        + (f" ({torch.get_num_threads()} thread)" if torch else "")
        + f"; numpy {np.__version__}; BLAS threads pinned: "
        + ", ".join(f"{v}={os.environ.get(v)}" for v in BLAS_THREADS),
        f"- Date: {datetime.date.today().isoformat()}; settings: {settings}",
        "- Ratio columns: the engine's median time ÷ stepgrad's (eager) and ÷ the compiled step's.",
        "",
    ]
    lines = head + timing_table("W1: one SGD step, documents' 2-2-1 sigmoid network", w1, "per step")
    lines += timing_table("W2: one full-batch epoch, 2-16-16-1 MLP, 100 two-moons points", w2, "per epoch")
    lines += ["**Compiling** (median first call of a fresh `train_step`: record the graph, generate and "
              "compile the code, replay once)", "", "| graph | first call |", "|---|---:|"]
    lines += [f"| {name} | {fmt_time(t)} |" for name, t in compiles.items()] + [""]
    lines += ["**W3: backward through a chain y = y + 1.0** (default recursion limit "
              f"{sys.getrecursionlimit()}; measured in a child process that loaded: "
              f"{', '.join(W3_LOADED) or 'none of torch, SymPy, matplotlib, numpy, micrograd'})", "",
              "| depth | nodes | stepgrad build | stepgrad backward |",
              "|---:|---:|---:|---:|"]
    for depth, (build, back) in w3.items():
        lines.append(f"| {depth:,} | {2 * depth + 1:,} | {fmt_time(build)} | {fmt_time(back)} |")
    if mg is not None:
        where = f"at depth {mg_fail:,}" if mg_fail else "never (up to the bisection limit)"
        lines += ["", f"micrograd 0.1.0's backward fails with RecursionError {where}, at the recursion "
                  f"limit {sys.getrecursionlimit()} (Python's default; micrograd's topological sort recurses "
                  f"once per node)."]
    lines += ["", "**W4: memory (tracemalloc)**", "", "| graph | engine | nodes | bytes | bytes per node |",
              "|---|---|---:|---:|---:|"]
    graphs = ((f"chain, depth {w4_depth:,}", w4_chain), ("one W2 epoch (forward + loss)", w4_epoch))
    for graph, data in graphs:
        for name, (nbytes, nodes) in data.items():
            lines.append(f"| {graph} | {name} | {nodes:,} | {nbytes:,} | {nbytes / nodes:.0f} |")
    return "\n".join(lines) + "\n"


def targets(w1, w2, w3, w4_chain) -> list[str]:
    """The issue's targets, each with the measured figure and met / NOT met."""
    def by(cases, prefix):
        return next((c.median for c in cases if c.name.startswith(prefix)), None)

    ours1, ours2 = by(w1, OURS), by(w2, OURS)
    checks = []

    def check(label: str, value: float, ok: bool, unit: str) -> None:
        checks.append(f"{'met    ' if ok else 'NOT met'}  {label}: {value:.2f}{unit}")

    if (m := by(w1, "micrograd")) is not None:
        check("W1 vs micrograd (target ≥ 2× faster)", m / ours1, m / ours1 >= 2, "× faster")
    if (t := by(w1, "PyTorch")) is not None:
        check("W1 vs PyTorch eager (target ≥ 10× faster)", t / ours1, t / ours1 >= 10, "× faster")
    c = by(w1, "closed form")
    check("W1 vs the closed-form step (target within 5×)", ours1 / c, ours1 / c <= 5, "× slower")
    if (on := by(w2, "micrograd 0.1.0 (collector on)")) is not None:
        check("W2 vs micrograd, collector on (target ≥ 5× faster)", on / ours2, on / ours2 >= 5, "× faster")
        off = by(w2, "micrograd 0.1.0 (collector off)")
        check("W2 vs micrograd, collector off (target faster)", off / ours2, off / ours2 > 1, "× faster")
    if 10**6 in w3:
        back = w3[10**6][1]
        check("W3 backward of the depth-10⁶ chain (target < 3 s)", back, back < 3, " s")
    if "micrograd 0.1.0" in w4_chain:
        ours_b = w4_chain[OURS][0] / w4_chain[OURS][1]
        mg_b = w4_chain["micrograd 0.1.0"][0] / w4_chain["micrograd 0.1.0"][1]
        check("W4 bytes per node vs micrograd (target ≤ 0.33)", ours_b / mg_b, ours_b / mg_b <= 1 / 3,
              " of micrograd's")
    return checks


def compiled_targets(w1, w2, w3, compiles) -> list[str]:
    """Issue 14's targets: the compiled step against the closed form and the peers."""
    def by(cases, name):
        return next((c.median for c in cases if c.name == name), None)

    checks = []

    def check(label: str, value: float, ok: bool, unit: str) -> None:
        checks.append(f"{'met    ' if ok else 'NOT met'}  {label}: {value:.2f}{unit}")

    c1, c2 = by(w1, COMPILED), by(w2, COMPILED)
    torch_name = f"PyTorch {torch.__version__} eager float64" if torch else ""
    closed = by(w1, "closed form (plain Python)")
    check("W1 compiled vs the closed-form step (target ≤ 2×)", c1 / closed, c1 / closed <= 2, "× its time")
    for cases, compiled, peer, label, target in (
        (w1, c1, "micrograd 0.1.0", "W1 compiled vs micrograd", 30),
        (w1, c1, torch_name, "W1 compiled vs PyTorch eager", 100),
        (w2, c2, "micrograd 0.1.0 (collector on)", "W2 compiled vs micrograd, collector on", 100),
        (w2, c2, "micrograd 0.1.0 (collector off)", "W2 compiled vs micrograd, collector off", 15),
        (w2, by(w2, RAW + ", collector off"), "micrograd 0.1.0 (collector off)",
         "W2 eager, micrograd's graph vs micrograd, both collector off", 1.5),
    ):
        if (t := by(cases, peer)) is not None:
            check(f"{label} (target ≥ {target:g}× faster)", t / compiled, t / compiled >= target, "× faster")
    if 10**6 in w3:
        build, back = w3[10**6]
        check("W3 depth-10⁶ chain, build + backward, collector on (target < 2.5 s)", build + back,
              build + back < 2.5, " s")
        check("W3 depth-10⁶ chain, backward alone (target < 1 s)", back, back < 1, " s")
    w2_compile = next(t for name, t in compiles.items() if name.startswith("W2"))
    check("compiling one sample's graph for W2 (target < 50 ms)", w2_compile * 1e3, w2_compile < 0.05, " ms")
    return checks


def plot(w1: list[Case], w2: list[Case], path: Path) -> bool:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib is not installed: no plot (pip install -e '.[bench]')")
        return False
    fig, axes = plt.subplots(1, 2, figsize=(13, 3.8))
    for ax, cases, title, scale, unit in ((axes[0], w1, "W1: one SGD step, 2-2-1 network", 1e-6, "µs"),
                                          (axes[1], w2, "W2: one epoch, 2-16-16-1 MLP, 100 points", 1e-3,
                                           "ms")):
        names = [c.name for c in cases][::-1]
        values = [c.median / scale for c in cases][::-1]
        colors = ["tab:orange" if n == OURS else "tab:red" if n == COMPILED else "tab:gray" for n in names]
        bars = ax.barh(names, values, color=colors)
        ax.set_xscale("log")
        ax.set_xlabel(f"median time ({unit}, log scale; shorter is faster)")
        ax.set_title(title, fontsize=10)
        ours = values[names.index(OURS)]
        labels = [f"{v:.3g}" + ("" if n == OURS else f"  ({v / ours:.2g}× stepgrad's)")
                  for n, v in zip(names, values)]
        ax.bar_label(bars, labels=labels, padding=3, fontsize=8)
        ax.set_xlim(min(values) / 2, max(values) * 60)
    fig.suptitle(f"stepgrad vs peers, same process, interleaved ({platform.python_version()}, "
                 f"{datetime.date.today().isoformat()})", fontsize=10)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True


def save_pyperf(cases_by_workload: dict[str, list[Case]], inner: dict[str, int], path: Path) -> bool:
    try:
        import pyperf
    except ImportError:
        print("pyperf is not installed: no JSON (pip install -e '.[bench]')")
        return False
    benchmarks = []
    for workload, cases in cases_by_workload.items():
        for c in cases:
            run = pyperf.Run(c.samples, metadata={"name": f"{workload}: {c.name}", "unit": "second",
                                                  "loops": inner[workload]}, collect_metadata=False)
            benchmarks.append(pyperf.Benchmark([run]))
    pyperf.BenchmarkSuite(benchmarks).dump(str(path), replace=True)
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a few repetitions only (a smoke run)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench",
                        help="folder for results.md and .json, bench.png, pyperf.json (default: bench/)")
    parser.add_argument("--max-depth", type=int, default=10**6, help="deepest W3 chain (default 10⁶)")
    parser.add_argument("--w3-child", metavar="DEPTHS", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    q = args.quick
    if args.w3_child:
        w3_child(json.loads(args.w3_child), q)
        return 0
    w1_inner, w1_rounds, w1_warm = (5, 3, 1) if q else (100, 200, 20)
    w2_rounds, w2_warm = (1, 0) if q else (15, 2)
    w4_depth = 10**3 if q else 10**5
    depths = [d for d in (10**3, 10**4, 10**5, 10**6) if d <= args.max_depth]
    settings = ("QUICK SMOKE RUN, figures not meaningful; " if q else "") + (
                f"W1 {w1_rounds} rounds × {w1_inner} steps after {w1_warm} warm-up rounds; "
                f"W2 and W2v {w2_rounds} rounds after {w2_warm}")

    print("W1: checking every engine's step against the closed form, then timing ...", flush=True)
    w1 = interleaved(w1_cases(), w1_inner, w1_rounds, w1_warm)
    print("W2: one epoch per case per round ...", flush=True)
    w2 = interleaved(w2_cases(), 1, w2_rounds, w2_warm)
    print("W2v: epochs over the batch as arrays (gradients checked first) ...", flush=True)
    w2v = w2v_all(max(3, w2_rounds), w2_warm, q)
    print("W3: chains, in a child process ...", flush=True)
    w3, child = w3_in_subprocess(depths, q)
    W3_LOADED[:] = child["loaded"]
    mg_fail = micrograd_failing_depth() if mg is not None else None
    print("W4: memory ...", flush=True)
    w4_chain, w4_ep = w4(w4_depth), w4_epoch_graph()
    print("W5: the stale-gradient check ...", flush=True)
    w5 = interleaved(w5_cases(), w1_inner, max(1, w1_rounds // 2), w1_warm)

    print("compile times ...", flush=True)
    compiles = compile_times(3 if q else 15)
    by_size = compile_table(q)
    chain = chain_compile(q)

    text = report(w1, w2, w3, mg_fail, w4_chain, w4_ep, w4_depth, settings, compiles)
    text += "\n" + "\n".join(stale_table(w5))
    text += "\n" + "\n".join(w2v_tables(w2v) + compile_lines(by_size))
    checks = targets(w1, w2, w3, w4_chain)
    text += "\n**Targets (issue 7)**\n\n```\n" + "\n".join(checks) + "\n```\n"
    text += ("\n**Targets (issue 14: the compiled path)**\n\n```\n"
             + "\n".join(compiled_targets(w1, w2, w3, compiles)) + "\n```\n")
    vchecks, vdata = vector_targets(w2v, by_size, chain)
    text += ("\n**Targets (issue 23: the vectorised step; each the median of the per-round ratios)**\n\n```\n"
             + "\n".join(vchecks) + "\n```\n")
    print()
    print(text)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.md").write_text(text, encoding="utf-8")
    summary = {
        "date": datetime.date.today().isoformat(), "machine": machine(), "settings": settings,
        "python": platform.python_version(), "torch": torch.__version__ if torch else None,
        "numpy": np.__version__, "threads": {v: os.environ.get(v) for v in BLAS_THREADS}
        | {"torch": torch.get_num_threads() if torch else None},
        "w2v": {size: [{"engine": c.name, "median_s": c.median, "samples_s": c.samples} for c in cases]
                for size, cases in w2v.items()},
        "compile": by_size, "compile_chain": chain, "targets_issue23": vdata,
        "w3": {"recursion_limit": child["recursion_limit"], "loaded": child["loaded"],
               "micrograd_failing_depth": mg_fail, "chains": {str(d): v for d, v in w3.items()}},
    }
    (args.out / "results.json").write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    wrote = [args.out / "results.md", args.out / "results.json"]
    if plot(w1, w2, args.out / "bench.png"):
        wrote.append(args.out / "bench.png")
    if save_pyperf({"W1": w1, "W2": w2}, {"W1": w1_inner, "W2": 1}, args.out / "pyperf.json"):
        wrote.append(args.out / "pyperf.json")
    print("wrote " + ", ".join(str(p) for p in wrote))
    return 0


if __name__ == "__main__":
    sys.exit(main())
