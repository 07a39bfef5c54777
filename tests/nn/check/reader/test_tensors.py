"""Arrays as notebooks compute them: ``Tensor`` (nn/check/reader/tensors.py) against numpy, the code
walk (array_code.py) and the graph it writes (array_setup.py), checked through whole notebooks whose
truth is computed here with numpy."""

from __future__ import annotations

import math

import numpy as np
import pytest

from nn.check.reader.array_code import walk_cells
from nn.check.reader.array_setup import MAX_ARRAY_NODES, array_setup
from nn.check.reader.tensors import MAX_ELEMENTS, Tensor, TensorError, concatenate, stack, tensor

nbformat = pytest.importorskip("nbformat")
v4 = nbformat.v4
RNG = np.random.default_rng(7)
A, B, V = RNG.normal(size=(3, 4)), RNG.normal(size=(4, 2)), RNG.normal(size=4)
C = RNG.normal(size=(2, 3, 4))


def _same(t: Tensor, truth) -> None:
    truth = np.asarray(truth, dtype=float)
    assert t.shape == truth.shape
    assert np.allclose(np.array(t.data(), dtype=float), truth, rtol=1e-12, atol=1e-12)


# ---- the array value, element by element against numpy ------------------------------------------
@pytest.mark.parametrize("mine, theirs", [
    (lambda a, b, v, c: a @ b, lambda a, b, v, c: a @ b),
    (lambda a, b, v, c: a @ v, lambda a, b, v, c: a @ v),
    (lambda a, b, v, c: v @ b, lambda a, b, v, c: v @ b),
    (lambda a, b, v, c: v.dot(v), lambda a, b, v, c: v @ v),
    (lambda a, b, v, c: c @ b, lambda a, b, v, c: c @ b),
    (lambda a, b, v, c: a + v, lambda a, b, v, c: a + v),
    (lambda a, b, v, c: a[:, :1] * v - 2.0, lambda a, b, v, c: a[:, :1] * v - 2.0),
    (lambda a, b, v, c: 1.0 / (a ** 2 + 1.0), lambda a, b, v, c: 1.0 / (a ** 2 + 1.0)),
    (lambda a, b, v, c: a.T, lambda a, b, v, c: a.T),
    (lambda a, b, v, c: c.transpose(1, 2), lambda a, b, v, c: c.transpose(0, 2, 1)),
    (lambda a, b, v, c: a.sum(0), lambda a, b, v, c: a.sum(0)),
    (lambda a, b, v, c: a.sum(1, keepdims=True), lambda a, b, v, c: a.sum(1, keepdims=True)),
    (lambda a, b, v, c: c.sum((0, 2)), lambda a, b, v, c: c.sum((0, 2))),
    (lambda a, b, v, c: a.mean(), lambda a, b, v, c: a.mean()),
    (lambda a, b, v, c: a.max(-1), lambda a, b, v, c: a.max(-1)),
    (lambda a, b, v, c: a.exp().log(), lambda a, b, v, c: a),
    (lambda a, b, v, c: a.tanh() + a.sigmoid() + a.relu(),
     lambda a, b, v, c: np.tanh(a) + 1 / (1 + np.exp(-a)) + np.maximum(a, 0)),
    (lambda a, b, v, c: a.softmax(-1), lambda a, b, v, c: np.exp(a) / np.exp(a).sum(-1, keepdims=True)),
    (lambda a, b, v, c: a.softmax(0), lambda a, b, v, c: np.exp(a) / np.exp(a).sum(0, keepdims=True)),
    (lambda a, b, v, c: a.reshape(2, -1), lambda a, b, v, c: a.reshape(2, -1)),
    (lambda a, b, v, c: c.flatten(), lambda a, b, v, c: c.flatten()),
    (lambda a, b, v, c: a[1], lambda a, b, v, c: a[1]),
    (lambda a, b, v, c: a[-1, 1:3], lambda a, b, v, c: a[-1, 1:3]),
    (lambda a, b, v, c: a[::2, None, 1], lambda a, b, v, c: a[::2, None, 1]),
    (lambda a, b, v, c: c[..., 2], lambda a, b, v, c: c[..., 2]),
    (lambda a, b, v, c: stack([a, a * 2.0], 1), lambda a, b, v, c: np.stack([a, a * 2], 1)),
    (lambda a, b, v, c: concatenate([a, a], 1), lambda a, b, v, c: np.concatenate([a, a], 1)),
    (lambda a, b, v, c: a.setitem((0, slice(None)), v), lambda a, b, v, c: np.vstack([v, a[1:]])),
])
def test_each_operation_gives_numpys_numbers(mine, theirs):
    _same(mine(tensor(A.tolist()), tensor(B.tolist()), tensor(V.tolist()), tensor(C.tolist())),
          theirs(A, B, V, C))


def test_a_causal_mask_zeroes_the_future_as_attention_does():
    scores = RNG.normal(size=(4, 4))
    mask = np.triu(np.ones((4, 4)), 1)
    masked = np.where(mask == 1, -np.inf, scores)
    weights = np.exp(masked) / np.exp(masked).sum(-1, keepdims=True)
    t = tensor(scores.tolist())
    ones = Tensor.full((4, 4), 1.0)
    _same(ones.triangle(False), np.tril(np.ones((4, 4))))
    _same(t.masked_fill(ones.triangle(True, 1), -math.inf).softmax(-1) / math.sqrt(1.0), weights)


def test_each_element_is_one_scalar_node_and_its_gradient_is_the_engines():
    x, w = tensor([[0.5, -1.0, 2.0]]), tensor([[0.1], [0.2], [0.3]])
    y = (x @ w).sigmoid().sum()
    root = y.item()
    root.backward()
    s = 1 / (1 + math.exp(-(0.05 - 0.2 + 0.6)))
    assert [v.grad for v in w.items] == pytest.approx([s * (1 - s) * xi for xi in (0.5, -1.0, 2.0)])


def test_shapes_that_do_not_fit_are_refused_in_one_line():
    with pytest.raises(TensorError, match=r"shapes \(3, 4\) and \(3,\) do not broadcast"):
        tensor(A.tolist()) + tensor([1.0, 2.0, 3.0])
    with pytest.raises(TensorError, match=r"do not multiply \(4 ≠ 3\)"):
        tensor(A.tolist()) @ tensor(A.tolist())
    with pytest.raises(TensorError, match="rows of different lengths"):
        tensor([[1.0, 2.0], [3.0]])
    with pytest.raises(TensorError, match=f"more than the {MAX_ELEMENTS:,} read"):
        Tensor.full((MAX_ELEMENTS + 1,), 0.0)


def test_random_numbers_are_unknown_and_so_is_everything_computed_from_them():
    drawn = Tensor.unknowable((3, 2), "drawn by torch.rand")
    out = (tensor(A.tolist()).T @ drawn).softmax(-1)
    assert out.shape == (4, 2) and out.unknown == "drawn by torch.rand" and not out.items


# ---- notebooks: the code walked, its prints checked element by element ----------------------------------
@pytest.fixture
def checked(number_rows):
    """``checked(path)``: name → verdict of every number checked (none when nothing is)."""
    def check(path) -> dict[str, str]:
        from nn.check import check_document
        from nn.check.example import ExampleError

        try:
            result = check_document(path)
        except ExampleError:  # nothing to check: one line and exit 2 from the command
            return {}
        return {r.number.name.split(": ", 1)[1]: r.verdict for r in number_rows(result)}
    return check


def _not_checked(path) -> list[str]:
    from nn.check.reader.reading import read_document

    return [f"{s.text}: {s.reason}" for s in read_document(path).skipped]


def _torch(a: np.ndarray) -> str:
    """A 2-D array as torch prints it (4 decimals, rows on their own lines)."""
    rows = [", ".join(f"{v:.4f}" for v in row) for row in a]
    return "tensor([[" + "],\n        [".join(rows) + "]])"


def test_attention_scores_and_weights_of_a_small_input_are_checked_element_by_element(
        notebooks, tmp_path, checked):
    x = np.array([[0.2, 0.9], [0.7, 0.1], [0.4, 0.4]])
    scores = x @ x.T
    weights = np.exp(scores / math.sqrt(2)) / np.exp(scores / math.sqrt(2)).sum(-1, keepdims=True)
    wrong = weights.copy()
    wrong[2, 1] += 0.01  # a slip in one printed element
    context = weights @ x
    path = notebooks.write(
        tmp_path,
        v4.new_code_cell("import torch\nemb = torch.tensor([[0.2, 0.9],\n  [0.7, 0.1],\n  [0.4, 0.4]])"),
        v4.new_code_cell("s = emb @ emb.T\nprint(s)", outputs=[notebooks.stdout(_torch(scores) + "\n")]),
        v4.new_code_cell("w = torch.softmax(s / emb.shape[1]**0.5, dim=-1)\nprint('Weights:', w)",
                         outputs=[notebooks.stdout("Weights: " + _torch(wrong) + "\n")]),
        v4.new_code_cell("ctx = w @ emb\nctx", outputs=[v4.new_output(
            "execute_result", data={"text/plain": _torch(context)[:-1] + ", grad_fn=<MmBackward0>)"},
            execution_count=1)]),
    )
    rows = checked(path)
    assert {k: v for k, v in rows.items() if v == "mismatch"} == {"Weights[3,2]": "mismatch"}  # as printed
    assert sum(v == "match" for v in rows.values()) == 9 + 8 + 6


def test_a_numpy_mlp_forward_and_backward_is_checked_from_its_code(notebooks, tmp_path, checked):
    x, y = np.array([[0.5, -0.3]]), np.array([[1.0]])
    W1, b1 = np.array([[0.1, -0.2, 0.4], [0.3, 0.5, -0.1]]), np.array([[0.05, 0.0, -0.05]])
    W2, b2 = np.array([[0.7], [-0.6], [0.2]]), np.array([[0.1]])
    h = np.tanh(x @ W1 + b1)
    out = 1 / (1 + np.exp(-(h @ W2 + b2)))
    d_out = (out - y) * out * (1 - out)
    d_h = (d_out @ W2.T) * (1 - h ** 2)
    dW1 = x.T @ d_h
    code = ("import numpy as np\n\ndef sig(v):\n    return 1 / (1 + np.exp(-v))\n\n"
            "x = np.array([[0.5, -0.3]])\ny = np.array([[1.0]])\n"
            "W1 = np.array([[0.1, -0.2, 0.4], [0.3, 0.5, -0.1]])\nb1 = np.array([[0.05, 0.0, -0.05]])\n"
            "W2 = np.array([[0.7], [-0.6], [0.2]])\nb2 = np.array([[0.1]])\n"
            "h = np.tanh(x @ W1 + b1)\nout = sig(h @ W2 + b2)\n"
            "d_out = (out - y) * out * (1 - out)\nd_h = (d_out @ W2.T) * (1 - h ** 2)\n"
            "dW1 = x.T @ d_h\n"
            "print('h =', h)\nprint('dW1 =\\n', np.round(dW1, 4))")
    printed = f"h = {np.array2string(h, precision=8)}\ndW1 =\n {np.array2string(np.round(dW1, 4))}\n"
    path = notebooks.write(tmp_path, v4.new_code_cell(code, outputs=[notebooks.stdout(printed)]))
    rows = checked(path)
    assert rows and set(rows.values()) == {"match"}
    assert set(rows) == {"h[1]", "h[2]", "h[3]"} | {f"dW1[{i},{j}]" for i in (1, 2) for j in (1, 2, 3)}


def test_a_name_bound_again_is_checked_against_the_version_printed(notebooks, tmp_path, checked):
    path = notebooks.write(
        tmp_path,
        v4.new_code_cell("import numpy as np\na = np.array([1.0, 2.0])\nprint(a * 2)",
                         outputs=[notebooks.stdout("[2. 4.]\n")]),
        v4.new_code_cell("a = a + 10\nprint(a)", outputs=[notebooks.stdout("[11. 12.]\n")]),
        v4.new_code_cell("a = np.random.rand(2)\nprint(a)", outputs=[notebooks.stdout("[0.3 0.9]\n")]),
    )
    rows = checked(path)
    assert set(rows.values()) == {"match"} and len(rows) == 4
    assert any("a is not known: drawn by numpy.random.rand" in s for s in _not_checked(path))


def test_random_weights_leave_what_depends_on_them_listed_with_the_reason(notebooks, tmp_path, checked):
    path = notebooks.write(
        tmp_path,
        v4.new_code_cell("import torch\ntorch.manual_seed(1)\nx = torch.tensor([1.0, 2.0])\n"
                         "W = torch.nn.Parameter(torch.rand(2, 2))\nq = x @ W\nprint(q)",
                         outputs=[notebooks.stdout("tensor([0.8, 1.7], grad_fn=<SqueezeBackward4>)\n")]),
    )
    assert checked(path) == {}
    assert any("q is not known: drawn by torch.rand" in s for s in _not_checked(path))


def test_a_loop_filling_an_empty_array_is_read(notebooks, tmp_path, checked):
    x = np.array([[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]])
    scores = x @ x[1]
    path = notebooks.write(tmp_path, v4.new_code_cell(
        "import torch\ninputs = torch.tensor([[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]])\nq = inputs[1]\n"
        "s = torch.empty(inputs.shape[0])\nfor i, x_i in enumerate(inputs):\n    s[i] = torch.dot(x_i, q)\n"
        "print(s)", outputs=[notebooks.stdout("tensor([" + ", ".join(f"{v:.4f}" for v in scores) + "])\n")]))
    assert checked(path) == {"s[1]": "match", "s[2]": "match", "s[3]": "match"}


def test_walking_the_code_takes_time_linear_in_the_cells(time_ratio):
    def text(n: int) -> str:
        cell = "```code\nimport numpy as np\nW = np.array([[0.1, 0.2], [0.3, 0.4]])\nz = W @ W.T + 1\n```\n"
        return cell * n

    def run(t: str) -> None:
        array_setup(walk_cells(t))

    ratio = time_ratio(run, text(300), text(600), rounds=3)
    assert ratio < 3.2, f"doubling the code multiplied the time by {ratio:.1f}"


def test_a_long_sum_is_a_shallow_graph_and_too_many_elements_are_left_out_with_a_note():
    from nn.check.reader.array_setup import add_arrays
    from nn.check.reader.inference import Inferred

    walk = walk_cells("```code\nimport numpy as np\nv = np.ones(3000)\nt = v.sum()\nprint(t)\n```\n")
    setup = array_setup(walk)
    assert setup.values["t__0"] == 3000.0
    assert max(len(text) for text in setup.nodes.values()) < 400
    big = walk_cells(f"```code\nimport numpy as np\nv = np.ones({MAX_ARRAY_NODES + 1})\n```\n")
    found = Inferred()
    add_arrays(found, big)
    assert not found.leaves and "more than the" in found.notes[0]


# ---- the same arrays in the code interpreter (its extension point) -----------------------------------------
def test_the_interpreter_computes_arrays_through_the_tensor_extension():
    """Switched on with the interpreter's library (``code_library``): one walker for scalars and arrays."""
    import ast

    from nn.check.reader import code_library
    from nn.check.reader.interpreter import CodeCell, Interpreter, Scalar
    from nn.check.reader.tensor_extension import TensorExtension

    src = ("import numpy as np\nimport torch\nx = np.array([[1.0, 4.0, 5.0]])\n"
           "W = np.array([[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]])\nz = 1 / (1 + np.exp(-(x @ W + 0.5)))\n"
           "col = z.sum(axis=0, keepdims=True)\ntotal = z.sum()\n"
           "w = torch.softmax(torch.tensor([1.0, 2.0, 3.0]), dim=0)\n"
           "r = torch.rand(2, 3) @ W\n")
    it = Interpreter(code_library)
    it.run([CodeCell(1, src)], [ast.parse(src)])
    x, W = np.array([[1.0, 4.0, 5.0]]), np.array([[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]])
    z = 1 / (1 + np.exp(-(x @ W + 0.5)))
    _same(it.env["z"], z)
    _same(it.env["col"], z.sum(axis=0, keepdims=True))
    assert isinstance(it.env["total"], Scalar) and it.env["total"].data == pytest.approx(z.sum())
    _same(it.env["w"], np.exp([1.0, 2.0, 3.0]) / np.exp([1.0, 2.0, 3.0]).sum())
    assert it.env["r"].shape == (2, 2) and "torch.rand" in it.env["r"].unknown
    printed = TensorExtension().elements(it.env["z"])
    assert [s.data for s in printed] == pytest.approx(z.ravel().tolist())


def test_an_elided_print_checks_the_elements_it_places_and_lists_the_others(notebooks, tmp_path, checked):
    v = np.linspace(0.1, 2.0, 20)
    numbers = ", ".join(repr(float(x)) for x in v)
    code = f"import numpy as np\nv = np.array([{numbers}])\nprint(np.exp(v))"
    path = notebooks.write(tmp_path, v4.new_code_cell(code, outputs=[
        notebooks.stdout(f"[{np.exp(v[0]):.4f} {np.exp(v[1]):.4f} ... {np.exp(v[-1]):.4f}]\n")]))
    assert checked(path) == {"np.exp(v)[1]": "match", "np.exp(v)[2]": "match"}
    assert any(s.startswith(f"{np.exp(v[-1]):.4f}: printed after `...`") for s in _not_checked(path))


def test_a_printed_random_array_is_the_given_for_what_follows_checked_to_the_digits_it_settles(
        notebooks, tmp_path, checked):
    W = RNG.uniform(size=(3, 2))  # what torch.rand drew: the notebook shows it to 4 decimals only
    x = np.array([0.5, 0.9, 0.3])
    y = x @ W
    wrong = y.copy()
    wrong[1] += 0.01
    shown_w = "tensor([[" + "],\n        [".join(", ".join(f"{v:.4f}" for v in row) for row in W) + "]])"
    path = notebooks.write(
        tmp_path,
        v4.new_code_cell("import torch\nW = torch.rand(3, 2)\nprint(W)",
                         outputs=[notebooks.stdout(shown_w + "\n")]),
        v4.new_code_cell("x = torch.tensor([0.5, 0.9, 0.3])\nprint('y:', x @ W)\nprint('z:', x @ W)",
                         outputs=[notebooks.stdout(f"y: tensor([{y[0]:.4f}, {y[1]:.4f}])\n"
                                          f"z: tensor([{wrong[0]:.4f}, {wrong[1]:.4f}])\n")]),
    )
    rows = checked(path)
    assert rows.get("z[2]") == "mismatch"  # 0.01 off: more than the rounding of W can explain
    assert "mismatch" not in {rows.get("y[1]"), rows.get("y[2]"), rows.get("z[1]")}
    undetermined = [s for s in _not_checked(path) if "do not settle its last printed digit" in s]
    assert len([k for k in ("y[1]", "y[2]", "z[1]") if k in rows]) + len(undetermined) == 3


@pytest.mark.parametrize("code", [
    "import numpy as np\nx = np.ones(1000)\nfor i in range(100000):\n    x = x + np.ones(1000)\nprint(x)",
    "import numpy as np\na = np.ones((300, 300))\nb = a @ a\nprint(b)",
    "import numpy as np\na = np.ones((2000, 2000))\nprint(a)",
    "def f(x):\n    return f(x)\ny = f(1)\nprint(y)",
    "import numpy as np\nx = np.array(" + "[" * 300 + "1" + "]" * 300 + ")\nprint(x)",
    "import os\nx = __import__('os').system('false')\nprint(x)",
])
def test_code_beyond_the_budgets_is_left_unknown_never_run_and_never_a_traceback(
        notebooks, code, tmp_path, checked):
    from nn.check.reader.array_setup import add_arrays
    from nn.check.reader.inference import Inferred

    fence = "`" * 3
    walk = walk_cells(f"{fence}code\n{code}\n{fence}\n{fence}output\n[1. 1.]\n{fence}\n")
    found = Inferred()
    add_arrays(found, walk)  # a note at most: the budgets are the walk's, not a crash
    assert len(found.leaves) + len(found.nodes) <= MAX_ARRAY_NODES + 100
    path = notebooks.write(tmp_path, v4.new_code_cell(code, outputs=[notebooks.stdout("[1. 1.]\n")]))
    assert "mismatch" not in checked(path).values()


# ---- one walker: the interpreter computes scalars through arrays; printed arrays element by element ----
def test_a_scalar_the_code_computes_through_arrays_is_checked_by_the_interpreter(
        tmp_path, notebooks, checked):
    x, w, b, t = [0.2, -0.4, 0.9], [0.5, 0.1, -0.3], 0.05, 1.0  # the truth, in plain Python
    z = sum(a * c for a, c in zip(x, w)) + b
    p = 1 / (1 + math.exp(-z))
    loss = -(t * math.log(p))
    code = ("import numpy as np\nx = np.array([0.2, -0.4, 0.9])\nw = np.array([0.5, 0.1, -0.3])\n"
            "p = 1 / (1 + np.exp(-(np.dot(x, w) + 0.05)))\nloss = -(1.0 * np.log(p))\nprint(f'{loss:.5f}')")
    path = notebooks.write(tmp_path, v4.new_code_cell(code, outputs=[notebooks.stdout(f"{loss:.5f}\n")]))
    assert checked(path) == {"loss": "match"}


def test_a_method_not_followed_as_a_statement_makes_its_receiver_unknown():
    """``y.scatter_(…)`` may change y in place: what follows from y is never computed from its old value."""
    import ast

    from nn.check.reader import code_library
    from nn.check.reader.interpreter import CodeCell, Interpreter, Unknown

    code = ("import torch\ndef onehot(k):\n    y = torch.zeros(2, 3)\n    y.scatter_(1, k.view(-1, 1), 1)\n"
            "    return y\nenc = onehot(torch.tensor([0, 2]))\ntotal = enc.sum()\nz = torch.zeros(2)\n")
    it = Interpreter(code_library)
    it.run([CodeCell(1, code)], [ast.parse(code)])
    assert isinstance(it.env["total"], Unknown) and "y changed in place" in it.env["total"].reason
    assert not isinstance(it.env["z"], Unknown)  # torch itself is not made unknown


def test_the_gradient_of_a_vector_that_requires_grad_is_checked_element_by_element(
        tmp_path, notebooks, checked):
    xs, vs = [0.5, -1.5, 2.0], [1.25, -0.75]  # the truth, in plain Python
    dy = [2 * (x + 2) / 3 for x in xs]  # y = mean((x + 2)² + 3)
    dz = [6 * v for v in vs]  # z = Σ 3v²
    wrong = f"{dz[1] + 0.5:.4f}"
    code = ("import torch\nx = torch.tensor([0.5, -1.5, 2.0], requires_grad=True)\n"
            "y = ((x + 2) ** 2 + 3).mean()\ny.backward()\nprint(x.grad)\n"
            "v = torch.tensor([1.25, -0.75])\nv.requires_grad_(True)\nz = (v * v * 3).sum()\nz.backward()\n"
            "print(v.grad)")
    printed = (f"tensor([{dy[0]:.4f}, {dy[1]:.4f}, {dy[2]:.4f}])\n"
               f"tensor([{dz[0]:.4f}, {wrong}])\n")
    path = notebooks.write(tmp_path, v4.new_code_cell(code, outputs=[notebooks.stdout(printed)]))
    assert checked(path) == {"x.grad[0]": "match", "x.grad[1]": "match", "x.grad[2]": "match",
                           "v.grad[0]": "match", "v.grad[1]": "mismatch"}


def test_arange_makes_the_numbers_of_its_range(tmp_path, notebooks, checked):
    xs = [float(k) for k in range(1, 7, 2)]  # torch.arange(1, 7, 2): 1, 3, 5
    grads = [3 * x * x for x in xs]  # y = Σ x³
    steps = [-0.25 + 0.5 * k for k in range(4)]  # np.arange(-0.25, 1.5, 0.5)
    code = ("import torch\nimport numpy as np\n"
            "x = torch.arange(1, 7, 2, dtype=torch.float32, requires_grad=True)\n"
            "y = (x * x * x).sum()\ny.backward()\nprint(x.grad)\n"
            "s = np.arange(-0.25, 1.5, step=0.5)\nprint(s.sum())")
    printed = f"tensor([{grads[0]:.1f}, {grads[1]:.1f}, {grads[2]:.1f}])\n{sum(steps)}\n"
    path = notebooks.write(tmp_path, v4.new_code_cell(code, outputs=[notebooks.stdout(printed)]))
    assert checked(path) == {"x.grad[0]": "match", "x.grad[1]": "match", "x.grad[2]": "match",
                           "s.sum()": "match"}


def test_cross_entropy_log_softmax_and_nll_loss_with_their_gradient(tmp_path, notebooks, checked):
    scores, classes = [[2.0, 1.0, 0.1], [0.5, 2.5, -1.0]], [0, 2]  # the truth, in plain Python

    def log_softmax(row: list[float]) -> list[float]:
        total = math.log(sum(math.exp(v) for v in row))
        return [v - total for v in row]

    losses = [-log_softmax(row)[c] for row, c in zip(scores, classes)]
    mean, total = sum(losses) / 2, sum(losses)
    grad = [[math.exp(log_softmax(row)[k]) / 2 - (k == c) / 2 for k in range(3)]  # ∂mean/∂z
            for row, c in zip(scores, classes)]
    code = ("import torch\nimport torch.nn.functional as F\n"
            "z = torch.tensor([[2.0, 1.0, 0.1], [0.5, 2.5, -1.0]], requires_grad=True)\n"
            "y = torch.tensor([0, 2])\nloss = F.cross_entropy(z, y)\nprint(loss.item())\n"
            "total = F.nll_loss(F.log_softmax(z, dim=1), y, reduction='sum')\nprint(total.item())\n"
            "loss.backward()\nprint(z.grad)")
    printed = f"{mean!r}\n{total + 0.01!r}\n{_torch(np.array(grad))}\n"
    path = notebooks.write(tmp_path, v4.new_code_cell(code, outputs=[notebooks.stdout(printed)]))
    assert checked(path) == {"loss.item()": "match", "total.item()": "mismatch",
                           **{f"z.grad[{k}]": "match" for k in range(6)}}  # in print order
