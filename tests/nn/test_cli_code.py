"""`stepgrad code`: the compiled step's Python, or with --vectorized the array code over a batch."""

import pytest

from autograd import Value
from nn.check import bundled_examples, load_example
from nn.check.expressions import ExpressionGraph
from nn.cli import main
from nn.losses import LOSSES
from nn.train import example_vectorized

np = pytest.importorskip("numpy")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_the_printed_array_code_runs_and_gives_the_engines_loss_and_gradients(capsys):
    status, out, err = run(capsys, "code", "seed000", "--vectorized")
    assert status == 0, err
    assert out.startswith("def seed000(D, P, dP, W=None):") and " @ " in out
    namespace = {"np": np}
    exec(compile(out, "printed", "exec"), namespace)  # noqa: S102 - the code stepgrad just printed
    example = load_example("seed000")
    loss = example.loss()
    loss.backward()
    params = example.network.parameters()
    # P: the parameters in order of use (weights of layer 1 by input, biases, ...), then the ½
    order = ["W11", "W12", "W21", "W22", "B1", "B2", "W31", "W41", "B3"]
    values = np.array([example.network[n].data for n in order] + [0.5])
    grads = np.zeros(len(values))
    data = np.array([[*example.inputs, *example.targets]])
    assert namespace["seed000"](data, values, grads) == pytest.approx(loss.data, rel=1e-15)
    assert grads[:-1].tolist() == pytest.approx([example.network[n].grad for n in order], rel=1e-14)
    assert len(params) == 9


def test_an_expression_example_prints_its_compiled_step_and_has_no_array_code(capsys):
    status, out, _ = run(capsys, "code", "cs231n-circuit")
    assert status == 0 and "def cs231n_circuit_step():" in out and "f = q * z" in out
    status, out, err = run(capsys, "code", "cs231n-circuit", "--vectorized")
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and "no data inputs" in err and "without --vectorized" in err


NETWORKS = [n for n in bundled_examples() if not isinstance(load_example(n).network, ExpressionGraph)]


def test_the_bundled_networks_are_found():
    assert {"seed000", "seed001", "mazur"} <= set(NETWORKS)


@pytest.mark.parametrize("name", NETWORKS)
def test_every_bundled_network_example_vectorised_gives_the_engines_gradients(name):
    example = load_example(name)
    step = example_vectorized(example)  # the batch: the example's samples, or its one sample
    got = [p.grad for p in example.network.parameters()]
    samples = example.samples or [(list(example.inputs), list(example.targets))]
    want = [0.0] * len(got)
    for x, y in samples:
        fresh = load_example(name)
        loss = LOSSES[fresh.loss_name](fresh.network([Value(v) for v in x]), y[0] if len(y) == 1 else y)
        loss.backward()
        want = [w + p.grad for w, p in zip(want, fresh.network.parameters())]
    assert step.reason is None
    assert got == pytest.approx(want, rel=1e-12, abs=1e-15)
