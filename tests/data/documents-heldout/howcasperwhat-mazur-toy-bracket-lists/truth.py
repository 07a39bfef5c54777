"""Truth for howcasperwhat-mazur-toy-bracket-lists: Mazur's 2-2-2 sigmoid network (inputs 0.05, 0.10,
targets 0.01, 0.99, w1…w8 = 0.15…0.55, shared biases b1 = 0.35, b2 = 0.60), squared error ½(out − o)²,
one gradient step with η = 0.5 (the note names η without a value; 0.5 is the value its w5⁺
implies and Mazur's). The shared biases get the sum of their two neurons' deltas, as the note's
"bias" rule states. No import but math.
"""
import math


def sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


i1, i2, t1, t2 = 0.05, 0.10, 0.01, 0.99
w1, w2, w3, w4, b1 = 0.15, 0.20, 0.25, 0.30, 0.35
w5, w6, w7, w8, b2 = 0.40, 0.45, 0.50, 0.55, 0.60
eta = 0.5

net_h1 = w1 * i1 + w2 * i2 + b1
net_h2 = w3 * i1 + w4 * i2 + b1
out_h1, out_h2 = sigmoid(net_h1), sigmoid(net_h2)
net_o1 = w5 * out_h1 + w6 * out_h2 + b2
net_o2 = w7 * out_h1 + w8 * out_h2 + b2
out_o1, out_o2 = sigmoid(net_o1), sigmoid(net_o2)
E_o1 = 0.5 * (out_o1 - t1) ** 2
E_o2 = 0.5 * (out_o2 - t2) ** 2
delta_o1 = (out_o1 - t1) * out_o1 * (1 - out_o1)
delta_o2 = (out_o2 - t2) * out_o2 * (1 - out_o2)
delta_h1 = (delta_o1 * w5 + delta_o2 * w7) * out_h1 * (1 - out_h1)
delta_h2 = (delta_o1 * w6 + delta_o2 * w8) * out_h2 * (1 - out_h2)
dE_dw5 = delta_o1 * out_h1
new = {
    "w1": w1 - eta * delta_h1 * i1, "w2": w2 - eta * delta_h1 * i2,
    "w3": w3 - eta * delta_h2 * i1, "w4": w4 - eta * delta_h2 * i2,
    "w5": w5 - eta * delta_o1 * out_h1, "w6": w6 - eta * delta_o1 * out_h2,
    "w7": w7 - eta * delta_o2 * out_h1, "w8": w8 - eta * delta_o2 * out_h2,
    "b1": b1 - eta * (delta_h1 + delta_h2), "b2": b2 - eta * (delta_o1 + delta_o2),
}

V = {"net_h1": net_h1, "out_h1": out_h1, "net_h2": net_h2, "out_h2": out_h2, "net_o1": net_o1,
     "out_o1": out_o1, "net_o2": net_o2, "out_o2": out_o2, "E_o1": E_o1, "E_o2": E_o2, "dE_dw5": dE_dw5,
     **{f"new_{k}": v for k, v in new.items()}}

GIVENS = [(19, "0.05", 0.05), (19, "0.10", 0.10), (20, "0.01", 0.01), (20, "0.99", 0.99),
          (30, "0.15", 0.15), (30, "0.20", 0.20), (30, "0.35", 0.35), (31, "0.25", 0.25), (31, "0.30", 0.30),
          (31, "0.35", 0.35), (32, "0.40", 0.40), (32, "0.45", 0.45), (32, "0.60", 0.60), (33, "0.50", 0.50),
          (33, "0.55", 0.55), (33, "0.60", 0.60), (53, "0.01", 0.01), (54, "0.99", 0.99)]

# (line, printed, the quantity it stands for)
_numbers = [
    (36, "0.3775", "net_h1"),
    (37, "0.593269992", "out_h1"),
    (38, "0.3925", "net_h2"),
    (39, "0.596884378", "out_h2"),
    (43, "1.10590597", "net_o1"),
    (44, "0.75136507", "out_o1"),
    (45, "1.2249214", "net_o2"),
    (46, "0.772928465", "out_o2"),
    (53, "0.75136507", "out_o1"),
    (53, "0.274811083", "E_o1"),
    (54, "0.772928465", "out_o2"),
    (54, "0.023560026", "E_o2"),
    (76, "0.082167041", "dE_dw5"),
    (80, "0.35891648", "new_w5"),
    (106, "0.149780716", "new_w1"),
    (106, "0.19956143", "new_w2"),
    (106, "0.3450265", "new_b1"),
    (107, "0.24975114", "new_w3"),
    (107, "0.29950229", "new_w4"),
    (107, "0.3450265", "new_b1"),
    (108, "0.35891648", "new_w5"),
    (108, "0.408666186", "new_w6"),
    (108, "0.511301270", "new_b2"),
    (109, "0.511301270", "new_w7"),
    (109, "0.561370121", "new_w8"),
    (109, "0.511301270", "new_b2"),
]

CAUSE = {"new_b1": "unknown", "new_b2": "other_quantity"}  # b2⁺ is w7⁺ copied

RECORDS = [(line, printed, V[name], name in CAUSE, CAUSE.get(name)) for line, printed, name in _numbers]
