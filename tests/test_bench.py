"""The benchmark script (bench/bench.py): its reference step is right and a tiny run completes.

No time is asserted anywhere: timings are reported by ``make bench``, not tested. The peers
(micrograd, PyTorch) are used when installed and left out otherwise, so this runs in CI too.
"""

import importlib.util
import json
import math
import statistics
import sys
from pathlib import Path

import pytest

from nn import SGD, half_squared_error
from nn.check import load_example

BENCH = Path(__file__).resolve().parent.parent / "bench" / "bench.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("stepgrad_bench", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules["stepgrad_bench"] = module
    spec.loader.exec_module(module)
    yield module
    sys.modules.pop("stepgrad_bench", None)


def test_closed_form_step_is_the_engines_sgd_step(bench):
    example = load_example("seed000")
    net, (x1, x2), y, lr = example.network, example.inputs, example.targets[0], example.learning_rate
    p = [net[n].data for n in bench.PARAM_ORDER]
    bench.closed_form_step(p, x1, x2, y, lr)
    loss = half_squared_error(net([x1, x2]), y)
    loss.backward()
    SGD(net.parameters(), lr).step()
    assert p == pytest.approx([net[n].data for n in bench.PARAM_ORDER], abs=1e-15)
    # seed 000's printed update of W31 (0.4030975 from its rounded activations): same to 3 decimals
    assert p[bench.PARAM_ORDER.index("W31")] == pytest.approx(0.4030975, abs=5e-4)


def test_two_moons_is_balanced_and_reproducible(bench):
    xs, ys = bench.two_moons()
    assert len(xs) == 100 and sorted(set(ys)) == [-1.0, 1.0] and ys.count(1.0) == 50
    assert bench.two_moons() == (xs, ys)
    # the upper moon sits on the unit circle around the origin (noise σ = 0.1)
    radii = [math.hypot(*x) for x, label in zip(xs, ys) if label == -1.0]
    assert 0.8 < sum(radii) / len(radii) < 1.2


def test_every_w1_engine_is_checked_against_the_closed_form(bench):
    names = [case.name for case in bench.w1_cases()]  # raises if any engine's step differs
    assert names[:3] == [bench.OURS, "closed form (plain Python)", bench.COMPILED]


def test_the_compiled_and_raw_w2_epochs_train_the_same_network(bench):
    xs, ys = bench.two_moons()
    compiled, raw = bench.w2_compiled(xs, ys), bench.w2_raw(xs, ys)
    first = compiled()
    for _ in range(20):
        last = compiled()
    assert last < first  # the compiled epoch lowers the mean squared error
    assert raw().data > 0 and math.isfinite(raw().data)


def test_a_tiny_run_writes_the_tables(bench, tmp_path, capsys):
    assert bench.main(["--quick", "--max-depth", "1000", "--out", str(tmp_path)]) == 0
    text = (tmp_path / "results.md").read_text(encoding="utf-8")
    for heading in ("W1: one SGD step", "W2: one full-batch epoch", "W3: backward", "W4: memory"):
        assert heading in text
    assert "| 1,000 | 2,001 |" in text  # the depth-10³ chain: 1,000 additions and their constants
    assert "W1 vs the closed-form step" in text
    assert f"| {bench.COMPILED} |" in text and "÷ compiled" in text
    assert "W1 compiled vs the closed-form step (target ≤ 2×)" in text
    assert "compiling one sample's graph for W2 (target < 50 ms)" in text
    assert "W5: the stale-gradient check" in text and bench.STALE_CHECKED in text
    assert "Python: CPython 3." in capsys.readouterr().out
    # issue 23: the vectorised rows, the compile table, the verdicts and the page made from them
    assert "W2v: full-batch epochs" in text and bench.VEC in text and bench.NUMPY in text
    assert "Compile time by graph size" in text and "BLAS threads pinned" in text
    results = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    assert results["w3"]["loaded"] == []  # the chain ran in a process without torch, SymPy, numpy
    assert [r["hidden"] for r in results["compile"]] == [4, 8, 16]
    for row in results["compile"]:  # every run kept (the median and spread), the memory measured
        assert len(row["scalar_runs"]) == len(row["vectorised_runs"]) >= 2
        assert row["scalar_s"] == statistics.median(row["scalar_runs"])
        assert 0 < row["scalar_kept_bytes"] < row["scalar_peak_bytes"] and row["graph_bytes"] > 0
    assert any("numpy closed form" in t["target"] for t in results["targets_issue23"])
    spec = importlib.util.spec_from_file_location("performance_page", BENCH.parent / "performance_page.py")
    page = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(page)
    assert page.main(["--results", str(tmp_path / "results.json"), "--out", str(tmp_path / "p.md")]) == 0
    written = (tmp_path / "p.md").read_text(encoding="utf-8")
    assert "## Compile time by graph size" in written and "| 16 | 407 |" in written
    assert "kept ÷ graph" in written and "peak ÷ graph" in written


@pytest.mark.parametrize("case", ["2-128-128-1", "chain"])
def test_the_first_call_of_a_big_compiled_graph_needs_under_three_times_its_memory(bench, case):
    """Issue 23, measured as the benchmark measures it: recording, generating, compiling and
    running once need under 3× the graph's own bytes at the peak (the code keeps numbers in lists,
    no name per node, and is compiled a part at a time), and keep under 3× after."""
    if case == "chain":
        fn, args = bench.chain_fn(5000), (0.5,)
    else:
        net = bench.w2v_model(128)
        fn, args = (lambda x1, x2, y: bench.squared_error(net([x1, x2]), y)), (0.1, 0.2, 1.0)
    graph, peak, kept = bench.compile_memory(fn, args)
    assert peak < 3 * graph and kept < 3 * graph
