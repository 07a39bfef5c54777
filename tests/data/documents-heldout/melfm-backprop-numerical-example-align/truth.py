"""Truth for melfm-backprop-numerical-example-align: Mazur's 2-2-2 sigmoid network as the text
states it (b1 = 0.30, b2 = 0.6): z1, h1, the output net input y1 = w5·h1 + w6·h2 + b2 (the network
of line 85; line 31 writes h1 twice), ŷ1 = σ(y1), E_y1 = ½(t1 − ŷ1)², E_y2 = ½(t2 − out_y2)²,
∂E/∂ŷ1 = ŷ1 − t1, ∂ŷ1/∂net = ŷ1(1 − ŷ1), ∂net/∂w5 = h1, ∂E/∂w5, w5 − 0.5·∂E/∂w5, and
w6 − 0.5·∂E/∂w6 with ∂E/∂w6 = (ŷ1 − t1)·ŷ1(1 − ŷ1)·h2.

h2 = 0.5969 and out_y2 = 0.7703 are stated without their weights (w3, w4, w7, w8 are only in an
image): they are givens, not records. Constants of the symbolic steps (2 · ½, exponents 2 − 1,
1 − 1) are not records. A value printed twice on one line as the same quantity is recorded once.
"""
import math


def sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


x1, x2, t1, t2 = 0.05, 0.1, 0.01, 0.99
w1, w2, b1, w5, w6, b2, rate = 0.15, 0.2, 0.30, 0.4, 0.45, 0.6, 0.5
h2, out_y2 = 0.5969, 0.7703

z1 = w1 * x1 + w2 * x2 + b1
h1 = sigmoid(z1)
y1 = w5 * h1 + w6 * h2 + b2
yhat1 = sigmoid(y1)
E_y1 = 0.5 * (t1 - yhat1) ** 2
E_y2 = 0.5 * (t2 - out_y2) ** 2
dE_dyhat1 = -(t1 - yhat1)
dyhat1_dnet = yhat1 * (1 - yhat1)
dnet_dw5 = h1
dE_dw5 = dE_dyhat1 * dyhat1_dnet * dnet_dw5
new_w5 = w5 - rate * dE_dw5
new_w6 = w6 - rate * dE_dyhat1 * dyhat1_dnet * h2

V = {name: value for name, value in globals().items() if isinstance(value, float)}

GIVENS = [(11, "0.05", 0.05), (11, "0.1", 0.1), (11, "0.01", 0.01), (11, "0.99", 0.99),
          (19, "0.15", 0.15), (19, "0.05", 0.05), (19, "0.2", 0.2), (19, "0.1", 0.1), (19, "0.30", 0.30),
          (28, "0.5969", 0.5969), (32, "0.4", 0.4), (32, "0.45", 0.45), (32, "0.6", 0.6),
          (36, "0.7703", 0.7703), (46, "0.01", 0.01), (50, "0.01", 0.01), (50, "0.7703", 0.7703),
          (71, "0.01", 0.01), (99, "0.5", 0.5), (102, "0.4", 0.4), (102, "0.5", 0.5)]

# (line, printed, the quantity it stands for)
_numbers = [
    (19, "0.3275", "z1"),
    (25, "0.3275", "z1"),
    (25, "0.5812", "h1"),
    (32, "0.5812", "h1"),
    (32, "1.094", "y1"),
    (33, "0.7491", "yhat1"),
    (46, "0.7491", "yhat1"),
    (46, "0.2731", "E_y1"),
    (50, "0.289", "E_y2"),
    (71, "0.7491", "yhat1"),
    (71, "0.7391", "dE_dyhat1"),
    (79, "0.7391", "yhat1"),
    (79, "0.1928", "dyhat1_dnet"),
    (86, "0.5932", "dnet_dw5"),
    (96, "0.7391", "dE_dyhat1"),
    (96, "0.1928", "dyhat1_dnet"),
    (96, "0.5932", "dnet_dw5"),
    (96, "0.0845", "dE_dw5"),
    (102, "0.0845", "dE_dw5"),
    (102, "0.3578", "new_w5"),
    (105, "0.4078", "new_w6"),
]

CAUSE = {"y1": "arithmetic", "yhat1": "carried_error", "E_y1": "carried_error", "E_y2": "other_quantity",
         "dE_dyhat1": "carried_error", "dyhat1_dnet": "carried_error", "dnet_dw5": "premise",
         "dE_dw5": "carried_error", "new_w5": "carried_error", "new_w6": "carried_error"}


def _cause(line: int, name: str) -> str | None:
    if line == 79 and name == "yhat1":
        return "other_quantity"  # ∂E/∂ŷ1 = 0.7391 written where ŷ1 belongs
    return CAUSE.get(name)


RECORDS = [(line, printed, V[name], _cause(line, name) is not None, _cause(line, name))
           for line, printed, name in _numbers]
