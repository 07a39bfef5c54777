"""Micrograd-style code (nn/check/reader/scalar_engines.py): a scalar autograd ``Value`` imported from
micrograd or defined by the document itself, read as the engine's own leaves and operations. Synthetic
documents; the truth of every number is the chain rule written out here in plain Python."""

from __future__ import annotations

import math

import pytest

from nn.check import check_document
from nn.check.reader import scalar_engines
from nn.check.reader.code_graph import read_code

# L = (a·b + c)·f at a = 2, b = -3, c = 10, f = -2, in plain Python
A, B, C, F = 2.0, -3.0, 10.0, -2.0
E = A * B
D = E + C
L = D * F
DL = {"a": F * B, "b": F * A, "c": F, "f": D, "e": F, "d": F, "L": 1.0}  # dL/dx by the chain rule

_GRAPH = ("a = Value(2.0, label='a')\nb = Value(-3.0, label='b')\nc = Value(10.0, label='c')\n"
          "e = a*b; e.label = 'e'\nd = e + c; d.label = 'd'\nf = Value(-2.0, label='f')\n"
          "L = d * f; L.label = 'L'\n")


@pytest.fixture
def checked(row_dicts):
    """``checked(path)``: (printed, verdict) of every number checked, in every example of the document."""
    return lambda path: [(str(r["document"]), r["verdict"])
                         for r in row_dicts(check_document(path), "number")]


@pytest.fixture
def listed(not_checked):
    return lambda path: [(text, reason) for _, text, reason in not_checked(check_document(path))]


def _markdown(code: str, output: str) -> str:
    return f"# Backprop by hand\n\n```python\n{code}```\n\n```\n{output}\n```\n"


def test_an_imported_micrograd_value_prints_data_and_gradients_checked(document_file, checked):
    code = ("from micrograd.engine import Value\n" + _GRAPH
            + "L.backward()\nprint(L.data)\nprint(a.grad, b.grad)\n")
    path = document_file(_markdown(code, f"{L}\n{DL['a']} {DL['b']}"))
    assert checked(path) == [(str(L), "match"), (str(DL["a"]), "match"), (str(DL["b"]), "match")]
    reading = read_code(path.read_text())
    assert reading is not None
    assert reading.setup["leaves"] == {"f": F, "c": C, "b": B, "a": A}  # the labels name the leaves
    assert {row["quantity"] for row in reading.rows} == {"L", "dL/da", "dL/db"}


@pytest.mark.parametrize("line, recognised", [
    ("from micrograd.engine import Value", True), ("from minigrad import Value", True),
    ("from engine import Value", True), ("import micrograd.engine as mg\nValue = mg.Value", True),
    ("from value import Scalar as Value", True),
    ("from multiprocessing import Value", False), ("from autograd import Value", False),
])
def test_which_imports_are_micrograd_style_values(line, recognised):
    code = line + "\na = Value(2.0)\nb = a * a\nb.backward()\nprint(a.grad)\n"
    reading = read_code(_markdown(code, f"{2 * 2.0}"))  # db/da = 2a
    rows = [(r["quantity"], r["value"]) for r in reading.rows] if reading else []
    assert rows == ([("db/da", str(2 * 2.0))] if recognised else [])


def test_a_wrong_printed_gradient_is_flagged_and_the_right_ones_kept(document_file, checked):
    code = ("from micrograd.engine import Value\n" + _GRAPH
            + "L.backward()\nprint(a.grad, b.grad, c.grad, e.grad, L.grad)\n")
    wrong = DL["b"] + 1.0  # -3.0 for -4.0
    path = document_file(_markdown(code, f"{DL['a']} {wrong} {DL['c']} {DL['e']} {DL['L']}"))
    assert checked(path) == [(str(DL["a"]), "match"), (str(wrong), "mismatch"), (str(DL["c"]), "match"),
                             (str(DL["e"]), "match"), (str(DL["L"]), "match")]


@pytest.mark.parametrize("shown, numbers", [
    ("Value(data={d}, grad={g})", lambda d, g: [d, g]),  # micrograd's own repr
    ("Value(data={d})", lambda d, g: [d]),  # the lecture's
])
def test_a_notebook_of_micrograd_cells_with_reprs_and_a_drawing(notebooks, tmp_path, checked, shown, numbers):
    v4 = notebooks.v4
    svg = v4.new_output("execute_result", execution_count=1, data={
        "image/svg+xml": "<svg><text>a | data 2.0000 | grad 6.0000</text></svg>",
        "text/plain": "<graphviz.graphs.Digraph at 0x7f3a5c0b2d10>"})
    cells = [v4.new_code_cell("from micrograd.engine import Value\nfrom graphviz import Digraph\n\n"
                              "def draw_dot(root):\n    dot = Digraph(format='svg')\n    return dot"),
             v4.new_code_cell(_GRAPH + "L", outputs=[notebooks.result(shown.format(d=L, g=0.0))]),
             v4.new_code_cell("L.backward()\ndraw_dot(L)", outputs=[svg]),
             v4.new_code_cell("print(a.grad)\nd", outputs=[notebooks.stdout(f"{DL['a']}\n"),
                                                           notebooks.result(shown.format(d=D, g=DL["d"]))])]
    path = notebooks.write(tmp_path, *cells)
    expected = numbers(L, 0.0) + [DL["a"]] + numbers(D, DL["d"])
    assert checked(path) == [(str(x), "match") for x in expected]


_CLASS = '''import math

class Value:
    def __init__(self, data, _children=(), _op='', label=''):
        self.data = data
        self.grad = 0.0
        self._backward = lambda: None
        self._prev = set(_children)
        self._op = _op
        self.label = label

    def __repr__(self):
        return f"Value(data={self.data})"

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other), '+')
        def _backward():
            self.grad += 1.0 * out.grad
            other.grad += 1.0 * out.grad
        out._backward = _backward
        return out

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other), '*')
        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out

    def tanh(self):
        x = self.data
        t = (math.exp(2*x) - 1)/(math.exp(2*x) + 1)
        out = Value(t, (self, ), 'tanh')
        def _backward():
            self.grad += (1 - t**2) * out.grad
        out._backward = _backward
        return out
'''

_BACKWARD = '''
    def backward(self):
        topo = []
        visited = set()
        def build_topo(v):
            if v not in visited:
                visited.add(v)
                for child in v._prev:
                    build_topo(child)
                topo.append(v)
        build_topo(self)
        self.grad = 1.0
        for node in reversed(topo):
            node._backward()
'''

_NEURON = ("x1 = Value(2.0, label='x1')\nx2 = Value(0.0, label='x2')\nw1 = Value(-3.0, label='w1')\n"
           "w2 = Value(1.0, label='w2')\nb = Value(6.8813735870195432, label='b')\n"
           "x1w1 = x1*w1; x1w1.label = 'x1*w1'\nx2w2 = x2*w2; x2w2.label = 'x2*w2'\n"
           "x1w1x2w2 = x1w1 + x2w2; x1w1x2w2.label = 'x1*w1 + x2*w2'\n"
           "n = x1w1x2w2 + b; n.label = 'n'\no = n.tanh(); o.label = 'o'\n")

# the neuron in plain Python: o = tanh(x1·w1 + x2·w2 + b), do/dn = 1 - o²
X1, X2, W1, W2, BIAS = 2.0, 0.0, -3.0, 1.0, 6.8813735870195432
N = X1 * W1 + X2 * W2 + BIAS
OUT = math.tanh(N)
DN = 1 - OUT ** 2
DO = {"n": DN, "b": DN, "x1": W1 * DN, "w1": X1 * DN, "x2": W2 * DN, "w2": X2 * DN}


def test_a_value_class_the_document_defines_is_read_as_micrograd_the_neuron(document_file, checked):
    code = _CLASS + _BACKWARD + "\n" + _NEURON + ("o.backward()\nprint(o)\nprint(n.grad, b.grad)\n"
                                                  "print(x1.grad, w1.grad, x2.grad, w2.grad)\n")
    out = f"Value(data={OUT})\n{DO['n']:.4f} {DO['b']:.4f}\n" + " ".join(
        f"{DO[k]:.4f}" for k in ("x1", "w1", "x2", "w2"))
    path = document_file(_markdown(code, out))
    assert checked(path) == [(str(OUT), "match")] + [(f"{DO[k]:.4f}", "match")
                                                  for k in ("n", "b", "x1", "w1", "x2", "w2")]
    reading = read_code(path.read_text())
    assert reading is not None
    assert reading.setup["leaves"] == {"b": BIAS, "w2": W2, "x2": X2, "w1": W1, "x1": X1}
    assert reading.setup["nodes"]["o"] == "tanh(n)"  # the class's tanh: the engine's, not its body walked


def test_gradients_set_by_hand_are_the_texts_claims(document_file, checked):
    """The lecture's manual backprop: ``o.grad = 1.0`` makes o the root, each number set by hand after
    it claims do/d(node); what the code computes on them and prints is checked against the engine."""
    wrong = DN + 0.1
    hand = ("o.grad = 1.0\n"
            f"n.grad = {wrong}\n"  # 0.6: wrong
            "b.grad = 0.5\nx1w1.grad = 0.5\nx2w2.grad = 0.5\n"
            "x1.grad = w1.data * x1w1.grad\nw2.grad = x2.data * x2w2.grad\nprint(x1.grad, w2.grad)\n")
    path = document_file(_markdown(_CLASS + "\n" + _NEURON + hand, f"{DO['x1']} {DO['w2']}"))
    assert checked(path) == [(str(wrong), "mismatch"), ("0.5", "match"), ("0.5", "match"), ("0.5", "match"),
                             (str(DO["x1"]), "match"), (str(DO["w2"]), "match")]


def test_a_reset_and_a_second_backward_accumulate_as_micrograd_does(document_file, checked):
    code = ("from micrograd.engine import Value\n" + _GRAPH + "L.backward()\nL.backward()\n"
            "print(a.grad, L.grad)\na.grad = 0.0\nprint(a.grad)\n")
    path = document_file(_markdown(code, f"{2 * DL['a']} 1.0\n0.0"))
    assert checked(path) == [(str(2 * DL["a"]), "match"), ("1.0", "match"), ("0.0", "match")]


@pytest.mark.parametrize("change, printed, reason", [
    ("", "print((a * 2.0 + 1.0) ** 2)", "defines no __pow__"),  # Python would fail: never guessed
    ("    def relu(self):\n        return Value(self.data * 0.5, (self,), 'relu')\n",
     "print(a.relu())", "does not compute as micrograd's"),
    ("", "print(a.sigmoid())", "defines no sigmoid"),
    ("    def backward(self):\n        self.grad = 1.0\n", "(a * 3.0).backward()\nprint(a.grad * 10.0 + 1.0)",
     "calls no node's _backward"),
])
def test_what_the_documents_class_does_not_define_as_micrograd_is_listed_never_guessed(
        document_file, listed, change, printed, reason):
    code = _CLASS + change + "\na = Value(1.5, label='a')\nprint(a.data)\n" + printed + "\n"
    path = document_file(_markdown(code, "1.5\nValue(data=16.0)"))
    assert [(text, reason in why) for text, why in listed(path)] == [("16.0", True)]


def test_a_value_made_from_another_ones_data_is_a_new_leaf(document_file, checked, listed):
    """``Value(a.data + h, 'd2')`` (a string where the children go) is a leaf of its own: no gradient
    flows from it to a; a value given children by hand is not followed."""
    code = ("from micrograd.engine import Value\na = Value(2.0, label='a')\nd2 = Value(a.data + 0.5, 'd2')\n"
            "m = d2 * a\nm.backward()\nprint(m.data, a.grad)\nk = Value(1.0, (a, d2))\nprint(k.data + 1.0)\n")
    path = document_file(_markdown(code, f"{2.5 * 2.0} {2.5}\n2.0"))
    assert checked(path) == [(str(2.5 * 2.0), "match"), ("2.5", "match")]  # dm/da = d2, not d2 + a
    assert [(text, "children by hand" in why) for text, why in listed(path)] == [("2.0", True)]


def test_backward_steps_by_hand_give_each_child_its_gradient_once_every_consumer_is_done(document_file,
                                                                                        checked, listed):
    """``L._backward()`` then ``d._backward()``, ``e._backward()`` in topological order: each child then
    holds dL/d(child). In ``q = g*h + g`` g feeds two nodes: after one of their steps its gradient is a
    partial sum, listed with why; after both it is dq/dg."""
    code = ("from micrograd.engine import Value\n" + _GRAPH
            + "L.grad = 1.0\nL._backward()\nd._backward()\ne._backward()\n"
              "print(d.grad, f.grad, a.grad, b.grad)\n"
              "g = Value(2.0)\nh = Value(-4.0)\np = g*h; q = p + g; q.grad = 1.0\nq._backward()\n"
              "print(g.grad)\np._backward()\nprint(g.grad)\n")
    dq_da = -4.0 + 1.0  # q = g·h + g
    out = f"{DL['d']} {DL['f']} {DL['a']} {DL['b']}\n{1.0}\n{dq_da}"
    path = document_file(_markdown(code, out))
    assert checked(path) == [(str(DL[k]), "match") for k in ("d", "f", "a", "b")] + [(str(dq_da), "match")]
    assert [(text, "partial sum" in why) for text, why in listed(path)] == [("1.0", True)]


def test_a_step_from_a_node_whose_gradient_is_not_known_leaves_its_children_unknown(
        document_file, checked, listed):
    code = ("from micrograd.engine import Value\n" + _GRAPH
            + "L.grad = 1.0\nL._backward()\ne._backward()\nprint(d.grad, a.grad, L.data)\n")
    path = document_file(_markdown(code, f"{DL['d']} 0.0 {L}"))
    assert checked(path) == [(str(DL["d"]), "match"), (str(L), "match")]
    assert [text for text, why in listed(path) if "whose gradient is not known" in why] == ["0.0"]


def test_the_prose_restating_data_and_gradients_in_the_codes_notation_is_checked(document_file, checked,
                                                                                 listed):
    """``a.grad = 6.0`` in the prose, read on the state the code has reached at that line: before the
    backward() of the next block, b's gradient is still none."""
    first = "from micrograd.engine import Value\n" + _GRAPH + "print(L.data)\n"
    wrong = DL["b"] - 1.0
    text = (_markdown(first, f"{L}") + "\nSo far `b.grad = 0.0` and `d.data = 4.0`.\n\n"
            + _markdown("L.backward()\nk = Value(1.0)\nk = k * 2\n", "")
            + f"\nSo `a.grad = {DL['a']}`, `b.grad = {wrong}`; then k.data = 2.0 and c.grad = {DL['c']}.\n")
    path = document_file(text.replace("```\n\n```\n\n```", "```"))
    assert checked(path) == [(str(L), "match"), (str(D), "match"), (str(DL["a"]), "match"),
                             (str(wrong), "mismatch"), ("2.0", "match"), (str(DL["c"]), "match")]
    assert [(text, "no gradient" in why) for text, why in listed(path)] == [("0.0", True)]


def test_reading_micrograd_code_does_work_linear_in_its_length(monkeypatch):
    """A chain of n operations, each labelled, set by hand, stepped back by hand and restated in the
    prose: the graphs walked (roots found by hand, consumers, backward) and the claims read grow as n,
    not n²."""
    from nn.check.reader import engine_claims

    work_done = [0]
    real_order, real_claim = scalar_engines.topological_order, engine_claims._claim

    def counted_order(root):
        order = real_order(root)
        work_done[0] += len(order)
        return order

    def counted_claim(*args):
        work_done[0] += 1
        return real_claim(*args)
    monkeypatch.setattr(scalar_engines, "topological_order", counted_order)
    monkeypatch.setattr(engine_claims, "_claim", counted_claim)

    def work(n: int) -> int:
        work_done[0] = 0
        steps = "".join(f"v{k + 1} = v{k} * 1.01 + 0.5; v{k + 1}.label = 'v{k + 1}'\n" for k in range(n))
        hand = "".join(f"v{k}.grad = 0.25\n" for k in range(n))
        by_steps = "".join(f"v{k}._backward()\n" for k in range(n, 0, -1))
        code = (f"from micrograd.engine import Value\nv0 = Value(1.0)\n{steps}v{n}.grad = 1.0\n{hand}"
                f"v{n}.grad = 1.0\n{by_steps}v{n}.backward()\nprint(v{n}.data)\n")
        prose = "".join(f"\nThen `v{k}.grad = 0.5`.\n" for k in range(n))
        assert read_code(_markdown(code, "1.0") + prose) is not None
        return work_done[0]
    small, large = work(200), work(400)
    assert large <= 2.2 * small, f"doubling the code multiplied the work by {large / small:.1f}"


def test_a_tinygrad_tensor_of_one_number_is_read_as_pytorchs(document_file, checked):
    """tinygrad's ``Tensor(3.0, requires_grad=True)`` has PyTorch's API: z = relu(x·y + x²) at x = 3,
    y = -2, dz/dx = y + 2x, dz/dy = x (a wrong one flagged)."""
    x, y = 3.0, -2.0
    z = max(0.0, x * y + x * x)
    dz_dx, dz_dy = y + 2 * x, x
    code = ("from tinygrad import Tensor\nx = Tensor(3.0, requires_grad=True)\n"
            "y = Tensor(-2.0, requires_grad=True)\nz = (x * y + x * x).relu()\nz.backward()\n"
            "print(z.numpy(), x.grad.numpy(), y.grad.item())\n")
    path = document_file(_markdown(code, f"{z} {dz_dx} {dz_dy + 1.0}"))
    assert checked(path) == [(str(z), "match"), (str(dz_dx), "match"), (str(dz_dy + 1.0), "mismatch")]


def test_the_prose_derivatives_of_the_codes_values_are_checked_on_its_graph(document_file, checked, listed):
    """``$\\frac{\\partial L}{\\partial c} = f = -2.0$``, ``$\\frac{dL}{da} = 6.0$``, ``∂L/∂b = …`` and "the
    gradient of a is 6" about the names the code binds: each number read as the engine's dL/dx on the
    code's graph (a wrong one flagged), not listed as "the text states no givens of its own"."""
    code = "from micrograd.engine import Value\n" + _GRAPH + "L.backward()\n"
    wrong = DL["b"] + 1.0
    text = (f"# Backprop by hand\n\n```python\n{code}```\n\nSince $L = d \\cdot f$,\n\n"
            f"$\\frac{{\\partial L}}{{\\partial c}} = f = {DL['c']}$\n\n$\\frac{{dL}}{{da}} = {DL['a']}$\n\n"
            f"and ∂L/∂b = {wrong}, $\\frac{{\\partial e}}{{\\partial a}} = {B}$; so the gradient of a is "
            f"{DL['a']:g}.\n")
    path = document_file(text)
    assert checked(path) == [(str(DL["c"]), "match"), (str(DL["a"]), "match"), (str(wrong), "mismatch"),
                             (str(B), "match"), (f"{DL['a']:g}", "match")]
    assert not [why for _, why in listed(path) if "no givens" in why]


def test_a_derivative_of_names_the_code_does_not_bind_is_left_to_the_prose(document_file):
    """``\\frac{\\partial E}{\\partial w} = 0.5`` about names the code has no value for: no claim on the
    code's graph (the prose reader's, as before)."""
    from nn.check.reader.engine_claims import claims_on

    assert [(f.name, f.of, f.printed) for f in claims_on(r"$\frac{\partial E}{\partial w} = 0.5$")] == [
        ("w", "E", "0.5")]
    assert claims_on(r"$\frac{\partial E}{\partial w} = 2 \cdot 0.25 + w$") == []
    code = "from micrograd.engine import Value\n" + _GRAPH + "L.backward()\nprint(L.data)\n"
    reading = read_code(f"# T\n\n```python\n{code}```\n\n```\n{L}\n```\n\n"
                        "$\\frac{\\partial E}{\\partial w} = 0.5$\n")
    assert reading is not None and [r for r in reading.rows if "0.5" in str(r)] == []


def test_reading_derivative_claims_walks_each_graph_once(monkeypatch):
    """n prose claims ``∂v_n/∂v_k = …`` on a chain of n operations: the graph of v_n is walked once, the
    work grows as n, not n²."""
    from nn.check.reader import engine_claims

    walked = [0]
    real_order = engine_claims.topological_order

    def counted_order(root):
        order = real_order(root)
        walked[0] += len(order)
        return order
    monkeypatch.setattr(engine_claims, "topological_order", counted_order)

    def work(n: int) -> int:
        walked[0] = 0
        steps = "".join(f"v{k + 1} = v{k} * 1.01 + 0.5\n" for k in range(n))
        code = f"from micrograd.engine import Value\nv0 = Value(1.0)\n{steps}print(v{n}.data)\n"
        prose = "".join(f"\n$\\frac{{\\partial v{n}}}{{\\partial v{k}}} = 1.0$\n" for k in range(n))
        assert read_code(_markdown(code, "1.0") + prose) is not None
        return walked[0]
    small, large = work(200), work(400)
    assert large <= 2.2 * small, f"doubling the claims multiplied the work by {large / small:.1f}"
