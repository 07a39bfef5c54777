"""Classes a notebook's code defines (nn/check/reader/code_classes.py), read by the safe interpreter:
a hand-written autograd node, a neuron over samples, dual numbers, a toy graph with methods added
later. Synthetic notebooks, other names and numbers than any corpus document; the truth of every
number is recomputed here in plain Python."""

from __future__ import annotations

import math

import pytest

from nn.check import check_document
from nn.check.reader.interpreter import Unknown

pytest.importorskip("nbformat")


@pytest.fixture
def checked(row_dicts):
    """``checked(path)``: (printed, verdict) of every number checked, in every example of the document."""
    return lambda path: [(str(r["document"]), r["verdict"])
                         for r in row_dicts(check_document(path), "number")]


@pytest.fixture
def listed(not_checked):
    """``listed(path)``: (text, reason) of every number listed as not checked, in every example."""
    return lambda path: [(text, reason) for _, text, reason in not_checked(check_document(path))]


_NODE = '''import math

class Node:
    def __init__(self, data, _children=()):
        self.data = data
        self.grad = 0.0
        self._backward = lambda: None
        self._prev = set(_children)

    def __add__(self, other):
        other = other if isinstance(other, Node) else Node(other)
        out = Node(self.data + other.data, (self, other))
        def _backward():
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
        return out

    def __mul__(self, other):
        other = other if isinstance(other, Node) else Node(other)
        out = Node(self.data * other.data, (self, other))
        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out

    def __rmul__(self, other):
        return self * other

    def sigmoid(self):
        s = 1 / (1 + math.exp(-self.data))
        out = Node(s, (self,))
        def _backward():
            self.grad += s * (1 - s) * out.grad
        out._backward = _backward
        return out

    def backward(self):
        order, seen = [], set()
        def visit(v):
            if v not in seen:
                seen.add(v)
                for child in v._prev:
                    visit(child)
                order.append(v)
        visit(self)
        self.grad = 1.0
        for v in reversed(order):
            v._backward()

    def __repr__(self):
        return f"Node(data={self.data:.4f})"
'''


def test_a_hand_written_autograd_class_is_walked_and_its_printed_gradients_checked(
        tmp_path, notebooks, checked):
    p, q, r = 0.7, -1.3, 0.25  # the truth, in plain Python
    s = 1 / (1 + math.exp(-(p * q + 2 * r)))
    ds = s * (1 - s)
    dp, dq, dr = ds * q, ds * p, ds * 2
    wrong = f"{dr + 0.01:.4f}"  # the notebook's third gradient printed wrong
    code = ("p = Node(0.7)\nq = Node(-1.3)\nr = Node(0.25)\nout = (p * q + 2 * r).sigmoid()\nout.backward()\n"
            "print(out)\nprint(f'{p.grad:.4f} {q.grad:.4f} {r.grad:.4f}')")
    path = notebooks.write(tmp_path, notebooks.v4.new_code_cell(_NODE),
                           notebooks.v4.new_code_cell(code, outputs=[notebooks.stdout(
                               f"Node(data={s:.4f})\n{dp:.4f} {dq:.4f} {wrong}\n")]))
    assert checked(path) == [(f"{s:.4f}", "match"), (f"{dp:.4f}", "match"), (f"{dq:.4f}", "match"),
                           (wrong, "mismatch")]


_NEURON = '''import math

class Neuron:
    def __init__(self, weights, bias):
        self.weights = weights
        self.bias = bias

    def activate(self, inputs):
        total = self.bias
        for w, x in zip(self.weights, inputs):
            total = total + w * x
        return math.tanh(total)

unit = Neuron([0.3, -0.6, 0.9], -0.1)
samples = [[1.0, 0.5, -0.5], [0.2, -1.0, 2.0]]
for k, sample in enumerate(samples):
    print(f"sample {k}: {unit.activate(sample):.5f}")
'''


def test_a_neuron_class_over_a_loop_of_samples(tmp_path, notebooks, checked):
    weights, bias = [0.3, -0.6, 0.9], -0.1
    samples = [[1.0, 0.5, -0.5], [0.2, -1.0, 2.0]]
    outs = [math.tanh(bias + sum(w * x for w, x in zip(weights, s))) for s in samples]
    printed = "".join(f"sample {k}: {y:.5f}\n" for k, y in enumerate(outs))
    path = notebooks.write(tmp_path, notebooks.v4.new_code_cell(_NEURON, outputs=[notebooks.stdout(printed)]))
    assert checked(path) == [(f"{y:.5f}", "match") for y in outs]


_DUAL = '''class Dual:
    def __init__(self, re=0.0, du=0.0):
        self.re = re
        self.du = du

    @classmethod
    def lift(cls, v):
        return v if hasattr(v, "du") else cls(v)

    def __add__(self, other):
        other = self.lift(other)
        return Dual(self.re + other.re, self.du + other.du)

    def __radd__(self, other):
        return self.lift(other) + self

    def __mul__(self, other):
        other = self.lift(other)
        return Dual(self.re * other.re, self.re * other.du + self.du * other.re)

    def __rmul__(self, other):
        return self.lift(other) * self

    def __str__(self):
        return "{:.2f} + {:.2f}ε".format(self.re, self.du)

    def __repr__(self):
        return str(self)
'''


def test_dual_numbers_print_their_value_and_derivative(tmp_path, notebooks, checked):
    a, b = 1.5, 2.0  # f(x) = x·x·2 + x + 5 at 1.5, derivative 4x + 1
    f, df = a * a * b + a + 5, 4 * a + 1
    path = notebooks.write(
        tmp_path, notebooks.v4.new_code_cell(_DUAL),
        notebooks.v4.new_code_cell("x = Dual(1.5, 1.0)\nx * x * 2 + x + 5",
                                   outputs=[notebooks.result(f"{f:.2f} + {df:.2f}ε")]))
    assert checked(path) == [(f"{f:.2f}", "match"), (f"{df:.2f}", "match")]


def test_methods_added_to_a_class_later_and_identity_tests(tmp_path, notebooks, checked):
    graph = ("class Leaf:\n    def __init__(self, v):\n        self.v = v\n"
             "    def run(self):\n        return self.v\n\n"
             "class Times:\n    def __init__(self, a, b):\n        self.a, self.b = a, b\n"
             "    def run(self):\n        return self.a.run() * self.b.run()\n")
    added = ("Leaf.slope = lambda self, wrt: Leaf(1.0) if self is wrt else Leaf(0.0)\n"
             "Times.slope = lambda self, wrt: Plus(Times(self.a, self.b.slope(wrt)), "
             "Times(self.a.slope(wrt), self.b))\n"
             "class Plus:\n    def __init__(self, a, b):\n        self.a, self.b = a, b\n"
             "    def run(self):\n        return self.a.run() + self.b.run()\n"
             "u, w = Leaf(1.25), Leaf(-2.0)\nprod = Times(Times(u, u), w)\n"
             "prod.run(), prod.slope(u).run(), prod.slope(w).run()")
    u, w = 1.25, -2.0
    truth = (u * u * w, 2 * u * w, u * u)
    path = notebooks.write(tmp_path, notebooks.v4.new_code_cell(graph), notebooks.v4.new_code_cell(
        added, outputs=[notebooks.result(f"({truth[0]}, {truth[1]}, {truth[2]})")]))
    assert checked(path) == [(str(t), "match") for t in truth]


@pytest.mark.parametrize("code, reason", [
    ("import torch.nn as nn\nclass Net(nn.Module):\n    def __init__(self):\n        self.k = 2.0\n"
     "net = Net()\nprint(net.k * 3)", "its base nn.Module is not a class of the code"),
    ("class A:\n    def __init__(self):\n        self.k = 2.0\na = A()\nprint(a.j * 3)",
     "the attribute .j of an object of the class A (never set)"),
    ("class A:\n    def __init__(self):\n        self.k = 2.0\na = A()\nprint(a - a)",
     "the operation sub on an object of the class A (it defines no __sub__)"),
])
def test_what_a_class_does_not_say_is_unknown_with_why_never_guessed(code, reason):
    (printed,) = _printed(code)
    assert isinstance(printed, Unknown) and reason in printed.reason


def test_an_object_printed_without_str_or_repr_is_unknown():
    (printed,) = _printed("class A:\n    def __init__(self, k):\n        self.k = k\nA(2.0)")
    assert isinstance(printed, Unknown)
    assert "a printed object of the class A (it defines no __repr__)" in printed.reason


def _printed(code: str) -> list[object]:
    """The values the code prints, walked by the interpreter."""
    import ast

    from nn.check.reader import code_library
    from nn.check.reader.interpreter import CodeCell, Interpreter

    it = Interpreter(code_library)
    it.run([CodeCell(1, code)], [ast.parse(code)])
    return [value for p in it.printed for value, _ in p.parts if not isinstance(value, str)]
