"""The nn layer: the documents' network, its names, losses, MLPs, and JSON save/load."""

import json
import math

import pytest

from autograd import Value, topological_order
from nn import (
    MLP,
    SGD,
    DocumentNetwork,
    ParameterFileError,
    half_squared_error,
    mean_squared_error,
    squared_error,
)
from nn.check import load_example
from nn.layers import ACTIVATIONS
from nn.networks import NAME_TABLE


def sigmoid(z):
    return 1 / (1 + math.exp(-z))


PARAMS = load_example("seed001").network.state()  # the documents' 2-2-1 network, as seed 001 gives it
X = (0.05, 0.10)
Y = 0.75


def hand_derived_gradients(p, x, y, loss_factor):
    """The documents' chain rule, written out with the correct sign: dL/dŷ = factor·(ŷ − y)."""
    a1 = sigmoid(p["W11"] * x[0] + p["W21"] * x[1] + p["B1"])
    a2 = sigmoid(p["W12"] * x[0] + p["W22"] * x[1] + p["B2"])
    o = sigmoid(p["W31"] * a1 + p["W41"] * a2 + p["B3"])
    d_o = loss_factor * (o - y) * o * (1 - o)
    d_1 = p["W31"] * d_o * a1 * (1 - a1)
    d_2 = p["W41"] * d_o * a2 * (1 - a2)
    return {
        "W31": d_o * a1, "W41": d_o * a2, "B3": d_o,
        "W11": d_1 * x[0], "W21": d_1 * x[1], "B1": d_1,
        "W12": d_2 * x[0], "W22": d_2 * x[1], "B2": d_2,
    }


@pytest.mark.parametrize("loss,factor", [(half_squared_error, 1.0), (squared_error, 2.0)])
def test_nine_gradients_match_the_hand_derived_chain_rule(loss, factor):
    net = DocumentNetwork(**PARAMS)
    L = loss(net(X), Y)
    L.backward()
    expected = hand_derived_gradients(PARAMS, X, Y, factor)
    for name, grad in expected.items():
        assert net[name].grad == pytest.approx(grad, rel=1e-12), name
    # the sign: prediction above target, so the output bias must come down (positive gradient)
    assert net(X).data > Y and net["B3"].grad > 0 and net["W31"].grad > 0


def test_document_network_has_nine_parameters_named_in_both_notations():
    net = DocumentNetwork(**PARAMS)
    assert len(net.parameters()) == 9
    assert [n for n, _ in net.named_parameters()] == [r[0] for r in NAME_TABLE]
    assert [n for n, _ in net.named_parameters("seed001")] == [r[1] for r in NAME_TABLE]
    # seed 001's w_ij is into hidden i from input j: the transpose of seed 000's W_ij
    assert net["w_12"] is net["W21"] and net["w_21"] is net["W12"]
    assert net["w_o2"] is net["W41"] and net["b_o"] is net["B3"]
    net["w_12"] = 0.7
    assert net["W21"].data == 0.7


def test_document_network_builds_the_documents_node_names():
    net = DocumentNetwork(**PARAMS)
    out = net(X)
    assert out.label == "a_o1" and out.op == "sigmoid"
    z = out.parents[0]
    assert z.label == "z_o1" and z.op == "wsum"
    assert [p.label for p in z.parents] == ["W31", "a_h1", "W41", "a_h2", "B3"]


def test_document_network_rejects_unknown_names_and_bad_values_without_change():
    net = DocumentNetwork(**PARAMS)
    with pytest.raises(KeyError, match="W13.*W11"):
        net.set(W13=1.0)
    with pytest.raises(TypeError, match="'W31' must be a number"):
        net.set(W11=9.0, W31="big")
    assert net["W11"].data == 0.15


def test_losses_follow_their_conventions():
    y_hat = Value(0.70, "y_hat")
    for loss, value, grad in [
        (half_squared_error, 0.5 * 0.05**2, -0.05),
        (squared_error, 0.05**2, -0.1),
        (mean_squared_error, 0.05**2, -0.1),
    ]:
        L = loss(y_hat, 0.75)
        L.backward()
        assert L.label == "L"
        assert L.data == pytest.approx(value, rel=1e-12)
        assert y_hat.grad == pytest.approx(grad, rel=1e-12)


def test_mean_squared_error_divides_by_the_number_of_outputs():
    a, b = Value(1.0), Value(3.0)
    L = mean_squared_error([a, b], [0.0, 0.0])
    L.backward()
    assert L.data == 5.0 and a.grad == 1.0 and b.grad == 3.0
    with pytest.raises(ValueError, match="2 predictions but 1 targets"):
        squared_error([a, b], [0.0])


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu", "linear"])
def test_mlp_gradients_match_finite_differences(activation):
    model = MLP(3, [4, 2], activation=activation, seed=1)
    x = [0.3, -0.2, 0.9]

    def loss_value():
        return squared_error(model(x), [0.5, -0.5])

    L = loss_value()
    L.backward()
    h = 1e-6
    for name, p in model.named_parameters():
        old = p.data
        p.data = old + h
        up = loss_value().data
        p.data = old - h
        down = loss_value().data
        p.data = old
        assert p.grad == pytest.approx((up - down) / (2 * h), rel=1e-5, abs=1e-8), name


def test_mlp_per_layer_activation_and_names():
    model = MLP(2, [3, 1], activation=["tanh", "linear"], seed=0)
    names = [n for n, _ in model.named_parameters()]
    assert names[:4] == ["L1.N1.w1", "L1.N1.w2", "L1.N1.b", "L1.N2.w1"]
    assert names[-1] == "L2.N1.b" and len(names) == 3 * 3 + 4
    out = model([1.0, 2.0])
    assert out.op == "wsum" and out.label == "L2.N1.z"  # linear output: no activation node
    assert out.parents[1].op == "tanh"
    with pytest.raises(ValueError, match="2 activations for 1 layers"):
        MLP(2, [1], activation=["tanh", "relu"])
    choices = ", ".join(ACTIVATIONS)
    with pytest.raises(ValueError, match=f"unknown activation 'swish'; choose one of {choices}"):
        MLP(2, [1], activation="swish")


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_every_activation_of_the_registry_builds_and_differentiates(name):
    model = MLP(2, [3, 1], activation=[name, "sigmoid"], seed=1)
    x = [0.4, -0.9]
    hidden = model.layers[0].neurons[0]
    out = model(x)
    op = ACTIVATIONS[name]
    if op is not None:
        a = next(n for n in topological_order(out) if n.label == "L1.N1.a")
        assert a.op is op and a.data == op.forward(a.parents[0].data)
    out.backward()
    w, h = hidden.w[0], 1e-6
    w.data += h
    up = model(x).data
    w.data -= 2 * h
    down = model(x).data
    w.data += h
    assert w.grad == pytest.approx((up - down) / (2 * h), rel=1e-5, abs=1e-9)


def test_mlp_seed_makes_weights_reproducible():
    assert MLP(2, [4, 1], seed=3).state() == MLP(2, [4, 1], seed=3).state()
    assert MLP(2, [4, 1], seed=3).state() != MLP(2, [4, 1], seed=4).state()


def test_sgd_step_and_zero_grad():
    net = DocumentNetwork(**PARAMS)
    opt = SGD(net.parameters(), lr=0.5)
    squared_error(net(X), Y).backward()
    before = {n: (p.data, p.grad) for n, p in net.named_parameters()}
    opt.step()
    for n, p in net.named_parameters():
        assert p.data == before[n][0] - 0.5 * before[n][1]
    opt.zero_grad()
    assert all(p.grad == 0.0 for p in net.parameters())
    with pytest.raises(ValueError, match="learning rate"):
        SGD(net.parameters(), lr=0)


def test_save_load_round_trip_is_exact(tmp_path):
    model = MLP(2, [3, 1], seed=7)
    path = model.save(tmp_path / "model.json")
    doc = json.loads(path.read_text())
    assert doc["format"] == "stepgrad-parameters" and set(doc["parameters"]) == set(model.state())
    other = MLP(2, [3, 1], seed=8)
    other.load(path)
    assert other.state() == model.state()  # exact: JSON keeps every bit of a float
    assert not list(tmp_path.glob(".*tmp"))  # the temporary file was renamed away


def test_document_network_loads_either_notation(tmp_path):
    net = DocumentNetwork(**PARAMS)
    path = tmp_path / "doc.json"
    path.write_text(json.dumps({"format": "stepgrad-parameters", "version": 1, "parameters":
                                {new: PARAMS[old] for old, new, _ in NAME_TABLE}}))
    fresh = DocumentNetwork()
    fresh.load(path)
    assert fresh.state() == net.state()


BAD_FILES = {
    "missing": ({"W11": 1.0}, "missing 'W21'"),
    "extra": (dict(PARAMS, W99=1.0), "unknown 'W99'"),
    "string": (dict(PARAMS, W31="0.4"), "'W31' must be a number"),
    "bool": (dict(PARAMS, W31=True), "'W31' must be a number"),
    "not a mapping": ([1, 2], "expected a mapping"),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_failed_load_names_the_problem_and_changes_nothing(tmp_path, case):
    params, words = BAD_FILES[case]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"format": "stepgrad-parameters", "version": 1, "parameters": params}))
    net = DocumentNetwork(**dict(PARAMS, W11=0.99))
    before = net.state()
    with pytest.raises(ParameterFileError, match=words):
        net.load(path)
    assert net.state() == before


@pytest.mark.parametrize(
    "content,words",
    [
        (b"", "not valid JSON"),
        (b"{not json", "line 1, column 2"),
        (b"\xff\xfe\x00", "not UTF-8"),
        (b'{"parameters": {}}', "not a stepgrad parameter file"),
        (b'{"format": "stepgrad-parameters", "version": 99, "parameters": {}}', "version 99"),
        (b'{"format": "stepgrad-parameters", "version": 1, "parameters": {"W11": 1e999}}', "missing"),
    ],
)
def test_malformed_parameter_files(tmp_path, content, words):
    path = tmp_path / "p.json"
    path.write_bytes(content)
    net = DocumentNetwork(**PARAMS)
    with pytest.raises(ParameterFileError, match=words) as err:
        net.load(path)
    assert "p.json" in str(err.value)
    assert net.state() == DocumentNetwork(**PARAMS).state()


def test_infinite_parameter_is_refused(tmp_path):
    path = tmp_path / "p.json"
    path.write_text(json.dumps({"format": "stepgrad-parameters", "version": 1,
                                "parameters": dict(PARAMS, W31=float("inf"))}))
    with pytest.raises(ParameterFileError, match="'W31' is inf"):
        DocumentNetwork().load(path)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(ParameterFileError, match="does not exist"):
        DocumentNetwork().load(tmp_path / "nope.json")
    with pytest.raises(ParameterFileError, match="is a directory"):
        DocumentNetwork().load(tmp_path)


def test_failed_save_leaves_the_old_file_and_no_debris(tmp_path, monkeypatch):
    path = tmp_path / "model.json"
    net = DocumentNetwork(**PARAMS)
    net.save(path)
    before = path.read_bytes()
    net["W11"].data = 0.9

    def crash(*args):
        raise OSError("disk full")

    monkeypatch.setattr("nn.module.os.replace", crash)
    with pytest.raises(OSError, match="disk full"):
        net.save(path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["model.json"]


def test_classic_mazur_numbers_for_the_first_output_neuron():
    # The widely reproduced worked example with these weights prints out_o1 = 0.75136507,
    # dE/dw5 = 0.082167041 and w5 after one step of η = 0.5: 0.35891648 (its w5 is our W31).
    net = DocumentNetwork(**PARAMS)
    out = net(X)
    L = half_squared_error(out, 0.01)
    L.backward()
    assert round(out.data, 8) == 0.75136507
    assert round(net["W31"].grad, 9) == 0.082167041
    SGD(net.parameters(), lr=0.5).step()
    assert round(net["W31"].data, 8) == 0.35891648


def test_a_parameter_given_in_both_notations_is_refused(tmp_path):
    path = tmp_path / "p.json"
    params = dict(PARAMS, w_o1=0.9)  # W31 and w_o1 are the same weight
    path.write_text(json.dumps({"format": "stepgrad-parameters", "version": 1, "parameters": params}))
    net = DocumentNetwork(**PARAMS)
    with pytest.raises(ParameterFileError, match="W31 is given twice"):
        net.load(path)
    assert net["W31"].data == 0.40


@pytest.mark.parametrize("version", ["true", "1.0", '"1"'])
def test_version_must_be_the_integer_one(tmp_path, version):
    path = tmp_path / "p.json"
    path.write_text('{"format": "stepgrad-parameters", "version": ' + version + ', "parameters": {}}')
    with pytest.raises(ParameterFileError, match="this stepgrad reads version 1"):
        DocumentNetwork().load(path)


def test_mlp_shares_one_leaf_per_plain_input():
    model = MLP(2, [3, 1], activation="tanh", seed=0)
    out = model([0.5, -1.0])
    leaves = [n for n in topological_order(out) if not n.parents and n.label.startswith("x")]
    assert [(n.label, n.data) for n in leaves] == [("x1", 0.5), ("x2", -1.0)]


@pytest.mark.parametrize("loss", [squared_error, half_squared_error, mean_squared_error])
def test_losses_on_no_outputs_are_a_clear_error(loss):
    with pytest.raises(ValueError, match="no predictions"):
        loss([], [])


@pytest.mark.parametrize("nin,nouts,what", [(0, [1], "inputs has 0"), (2, [3, 0], "layer 2 has 0"),
                                           (2, [], "at least one layer"), (2.5, [1], "inputs has 2.5")])
def test_mlp_sizes_are_checked_before_building(nin, nouts, what):
    with pytest.raises(ValueError, match=what):
        MLP(nin, nouts)


def test_the_activation_registry_answers_in_for_anything():
    assert "tanh" in ACTIVATIONS and "swish" not in ACTIVATIONS
    assert [] not in ACTIVATIONS and None not in ACTIVATIONS  # a list from a hostile file: no TypeError
    with pytest.raises(ValueError, match=r"unknown activation \[\]"):
        MLP(2, [1], activation=[[]])
