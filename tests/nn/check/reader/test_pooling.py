"""Pooling on a small grid (nn/check/reader/pooling.py, ``F.max_pool2d``/``F.avg_pool2d`` in
array_code), and several prints of arrays over several lines in one output, each labelled by its
print (notebook.stream_claims). Truth computed here with numpy."""

from __future__ import annotations

import numpy as np
import pytest

from autograd import Value
from nn.check.reader.notebook import stream_claims
from nn.check.reader.pooling import pooled, window
from nn.check.reader.tensors import Tensor, TensorError


def _pool(x: np.ndarray, k: int, combine) -> np.ndarray:
    h, w = x.shape[-2] // k, x.shape[-1] // k
    return combine(x.reshape(*x.shape[:-2], h, k, w, k), axis=(-3, -1))


def _as_tensor(x: np.ndarray) -> Tensor:
    return Tensor(x.shape, [Value(float(v)) for v in x.flatten()])


def test_max_and_mean_pooling_match_numpy_and_the_gradient_reaches_the_picked_element():
    x = np.array([[[1.0, 3.0, 2.0, 0.5, 1.0, 1.5], [4.0, -1.0, 0.0, 6.0, 2.0, 0.0],
                   [2.5, 2.0, -3.0, 1.0, 0.5, 0.5], [0.0, 1.5, 7.0, 2.0, -1.0, 9.0]]])
    t = _as_tensor(x)
    m, a = pooled(t, (2, 2), (2, 2), "max"), pooled(t, (2, 2), (2, 2), "mean")
    assert m.shape == (1, 2, 3) and [v.data for v in m.items] == list(_pool(x, 2, np.max).flatten())
    assert [v.data for v in a.items] == pytest.approx(list(_pool(x, 2, np.mean).flatten()))
    m.items[0].backward()
    picked = [v.grad for v in t.items]
    assert picked[6] == 1.0 and sum(picked) == 1.0  # 4.0 at [0, 1, 0] is the first window's maximum


def test_a_window_that_does_not_tile_the_input_is_not_read():
    t = _as_tensor(np.arange(9.0).reshape(3, 3))
    with pytest.raises(TensorError, match="does not tile"):
        pooled(t, (2, 2), (2, 2), "max")
    with pytest.raises(TensorError, match="stride"):
        pooled(_as_tensor(np.arange(16.0).reshape(4, 4)), (2, 2), (1, 1), "max")
    assert window(2) == (2, 2) and window((1, 3)) == (1, 3) and window(True) is None and window(0) is None


def _torch(a: np.ndarray) -> str:
    return "tensor(" + np.array2string(a, separator=", ", formatter={"float_kind": lambda v: f"{v:.4f}"},
                                       prefix="tensor(") + ")"


def test_a_pooled_feature_map_in_a_page_is_checked_element_by_element(document_rows):
    x = np.array([[[[1.0, 3.0, 2.0, 0.5], [4.0, -1.0, 0.0, 6.0],
                    [2.5, 2.0, -3.0, 1.0], [0.0, 1.5, 7.0, 2.0]]]])
    m, a = _pool(x, 2, np.max), _pool(x, 2, np.mean)
    a_wrong = a.copy()
    a_wrong[0, 0, 1, 0] += 0.25  # one average printed wrong
    code = ("import torch\nimport torch.nn.functional as F\nx = torch.tensor("
            + np.array2string(x, separator=", ").replace("\n", "") + ")\nm = F.max_pool2d(x, 2)\nprint(m)\n"
            "a = F.avg_pool2d(x, kernel_size=2, stride=2)\nprint(a)")
    output = _torch(m) + "\n" + _torch(a_wrong)
    text = "# Pooling\n\n```python\n" + code + "\n```\n\n```\n" + output + "\n```\n"
    verdicts = sorted((r["document"], r["verdict"]) for rows in document_rows(text).values() for r in rows)
    expected = [(f"{v:.4f}", "match") for v in m.flatten()] + [
        (f"{v:.4f}", "mismatch" if v != a.flatten()[k] else "match") for k, v in enumerate(a_wrong.flatten())]
    assert verdicts == sorted(expected)


def test_several_prints_of_arrays_over_several_lines_are_each_labelled():
    source = "print(m)\nprint(a)"
    printed = "tensor([[4., 6.],\n        [2., 7.]])\ntensor([[1.5, 2.],\n        [1., 1.]])"
    assert stream_claims(source, printed).split("\n") == [
        "m = tensor([[4., 6.],", "        [2., 7.]])", "a = tensor([[1.5, 2.],", "        [1., 1.]])"]
    assert stream_claims("print(m)\nprint(a)\nprint(b)", printed) == printed  # three prints, two values
