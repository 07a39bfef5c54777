"""Truth for rasbt-model-zoo-intermediate-gradients: the graph u = x·w, v = u + b, a = ReLU(v) at
x = 3, w = 2, b = 1 (v = 7 > 0, so ReLU passes the gradient), and the partial derivatives of a with
respect to every node: ∂a/∂x = w = 2, ∂a/∂w = x = 3, ∂a/∂b = ∂a/∂u = ∂a/∂v = 1. The notebook prints
the same five derivatives five times (TensorFlow's nested list, torch.autograd.grad tuples, one
grad call over a tuple, retain_grad, hooks collected in a dict in another order).

Lines are lines of the .ipynb. The forward values (u = 6, v = 7, a = 7) are only in an image
(images/manual-gradients/graph_2.png, not kept) and not printed in the text.
"""

x, w, b = 3.0, 2.0, 1.0
u = x * w
v = u + b
relu_slope = 1.0 if v > 0 else 0.0
G = {"x": w * relu_slope, "w": x * relu_slope, "b": relu_slope, "u": relu_slope, "v": relu_slope}

GIVENS = [(113, "2", 2.0), (114, "1", 1.0), (129, "3", 3.0)]
for _first in (171, 220, 271, 343):
    GIVENS += [(_first, "3.", 3.0), (_first + 1, "2.", 2.0), (_first + 2, "1.", 1.0)]

_printed = {"x": "2.", "w": "3.", "b": "1.", "u": "1.", "v": "1."}
RECORDS = [(102, f"{G[name]:.1f}", G[name], False, None) for name in "xwbuv"]
for _first in (157, 206, 257):
    RECORDS += [(_first + i, _printed[name], G[name], False, None) for i, name in enumerate("xwbuv")]
RECORDS += [(319 + i, _printed[name], G[name], False, None) for i, name in enumerate("vbuxw")]
