"""Truth for mazur-vortune-2-2-2: Matt Mazur's "A Step by Step Backpropagation Example" (a 2-2-2
sigmoid network, squared error, η = 0.5) as kept in vortune's translation repository. Recomputed
in full precision (math module only).

Inputs 0.05, 0.10, targets 0.01, 0.99, w₁ = 0.15, w₂ = 0.20, b₁ = 0.35, w₅ = 0.40, w₆ = 0.45,
b₂ = 0.60 are in the text; w₃ = 0.25, w₄ = 0.30, w₇ = 0.50, w₈ = 0.55 only in the image
neural_network-9.png (not kept). The text says the hidden-layer gradients use the ORIGINAL output
weights; the error after one round (0.291027924) and the figures after 10,000 rounds
(0.000035085, 0.015912196, 0.984065734) are exactly what one gets using the UPDATED w₅…w₈ there
(0.291027924, 0.0000350848, 0.0159121963, 0.9840657345), so by the stated procedure they are
wrong with the cause updated_weights. Biases are never updated (as in the author's code).
Not records: the differentiation written out term by term on lines 159 and 190
("2 · ½‖…‖^{2−1} + 0", "1 · out_h1 · w₅^{(1−1)} + 0 + 0"), symbols rather than values.
"""
import math


def sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


i1, i2, t1, t2 = 0.05, 0.10, 0.01, 0.99
W0 = {1: 0.15, 2: 0.20, 3: 0.25, 4: 0.30, 5: 0.40, 6: 0.45, 7: 0.50, 8: 0.55}
b1, b2, eta = 0.35, 0.60, 0.5


def forward(w: dict) -> dict:
    f = {"net_h1": w[1] * i1 + w[2] * i2 + b1, "net_h2": w[3] * i1 + w[4] * i2 + b1}
    f["out_h1"], f["out_h2"] = sigmoid(f["net_h1"]), sigmoid(f["net_h2"])
    f["net_o1"] = w[5] * f["out_h1"] + w[6] * f["out_h2"] + b2
    f["net_o2"] = w[7] * f["out_h1"] + w[8] * f["out_h2"] + b2
    f["out_o1"], f["out_o2"] = sigmoid(f["net_o1"]), sigmoid(f["net_o2"])
    f["E_o1"], f["E_o2"] = 0.5 * (t1 - f["out_o1"]) ** 2, 0.5 * (t2 - f["out_o2"]) ** 2
    f["E_total"] = f["E_o1"] + f["E_o2"]
    return f


def gradients(w: dict, f: dict) -> dict:
    """Every gradient by the stated procedure: hidden deltas with the weights ``w`` given."""
    g = {"dE_dout_o1": -(t1 - f["out_o1"]), "dout_dnet_o1": f["out_o1"] * (1 - f["out_o1"])}
    g["delta_o1"] = g["dE_dout_o1"] * g["dout_dnet_o1"]
    g["delta_o2"] = -(t2 - f["out_o2"]) * f["out_o2"] * (1 - f["out_o2"])
    g["dEo1_douth1"] = g["delta_o1"] * w[5]
    g["dEo2_douth1"] = g["delta_o2"] * w[7]
    g["dE_douth1"] = g["dEo1_douth1"] + g["dEo2_douth1"]
    g["dE_douth2"] = g["delta_o1"] * w[6] + g["delta_o2"] * w[8]
    g["douth1_dneth1"] = f["out_h1"] * (1 - f["out_h1"])
    dh1 = g["dE_douth1"] * g["douth1_dneth1"]
    dh2 = g["dE_douth2"] * f["out_h2"] * (1 - f["out_h2"])
    g["w"] = {1: dh1 * i1, 2: dh1 * i2, 3: dh2 * i1, 4: dh2 * i2, 5: g["delta_o1"] * f["out_h1"],
              6: g["delta_o1"] * f["out_h2"], 7: g["delta_o2"] * f["out_h1"], 8: g["delta_o2"] * f["out_h2"]}
    return g


def step(w: dict) -> dict:
    g = gradients(w, forward(w))
    return {k: w[k] - eta * g["w"][k] for k in w}


F = forward(W0)
G = gradients(W0, F)
W1 = step(W0)
after_one = forward(W1)
w = W0
for _ in range(10000):
    w = step(w)
after_10000 = forward(w)

VALUES = dict(F)
VALUES.update({k: v for k, v in G.items() if k != "w"})
VALUES.update({f"dE_dw{k}": v for k, v in G["w"].items()})
VALUES.update({f"w{k}_new": v for k, v in W1.items()})
VALUES.update(dnet_o1_dw5=F["out_h1"], dnet_o1_douth1=W0[5], dnet_h1_dw1=i1,
              E_after_one=after_one["E_total"], E_after_10000=after_10000["E_total"],
              out_o1_10000=after_10000["out_o1"], out_o2_10000=after_10000["out_o2"])

GIVENS = [(33, "0.05", 0.05), (33, "0.10", 0.10), (33, "0.01", 0.01), (33, "0.99", 0.99),
          (48, "0.15", 0.15), (48, "0.2", 0.2), (48, "0.35", 0.35), (76, "0.4", 0.4), (76, "0.45", 0.45),
          (76, "0.6", 0.6), (240, "0.5", 0.5), (245, "0.4", 0.4), (407, "0.15", 0.15)]

# (line, printed, the quantity it stands for)
_numbers = [
    (49, "0.3775", "net_h1"),
    (58, "0.3775", "net_h1"),
    (59, "0.593269992", "out_h1"),
    (66, "0.596884378", "out_h2"),
    (76, "0.593269992", "out_h1"),
    (76, "0.596884378", "out_h2"),
    (77, "1.105905967", "net_o1"),
    (79, "1.1059059067", "net_o1"),
    (80, "0.75136507", "out_o1"),
    (86, "0.772928465", "out_o2"),
    (101, "0.75136507", "out_o1"),
    (106, "0.75136507", "out_o1"),
    (107, "0.274811083", "E_o1"),
    (114, "0.023560026", "E_o2"),
    (122, "0.274811083", "E_o1"),
    (122, "0.023560026", "E_o2"),
    (123, "0.298371109", "E_total"),
    (161, "0.75136507", "out_o1"),
    (162, "0.74136507", "dE_dout_o1"),
    (179, "0.75136507", "out_o1"),
    (179, "0.75136507", "out_o1"),
    (180, "0.186815602", "dout_dnet_o1"),
    (192, "0.593269992", "dnet_o1_dw5"),
    (204, "0.74136507", "dE_dout_o1"),
    (204, "0.186815602", "dout_dnet_o1"),
    (204, "0.593269992", "dnet_o1_dw5"),
    (205, "0.082167041", "dE_dw5"),
    (245, "0.082167041", "dE_dw5"),
    (246, "0.35891648", "w5_new"),
    (256, "0.408666186", "w6_new"),
    (257, "0.511301270", "w7_new"),
    (258, "0.561370121", "w8_new"),
    (301, "0.74136507", "dE_dout_o1"),
    (301, "0.186815602", "dout_dnet_o1"),
    (302, "0.138498562", "delta_o1"),
    (312, "0.40", "dnet_o1_douth1"),
    (321, "0.138498562", "delta_o1"),
    (321, "0.40", "dnet_o1_douth1"),
    (322, "0.055399425", "dEo1_douth1"),
    (329, "-0.01904919", "dEo2_douth1"),
    (338, "0.055399425", "dEo1_douth1"),
    (338, "-0.019049119", "dEo2_douth1"),
    (339, "0.036350306", "dE_douth1"),
    (352, "0.59326999", "out_h1"),
    (352, "0.59326999", "out_h1"),
    (353, "0.241300709", "douth1_dneth1"),
    (366, "0.05", "dnet_h1_dw1"),
    (378, "0.036350306", "dE_douth1"),
    (378, "0.241300709", "douth1_dneth1"),
    (378, "0.05", "dnet_h1_dw1"),
    (379, "0.000438568", "dE_dw1"),
    (407, "0.000438568", "dE_dw1"),
    (408, "0.149780716", "w1_new"),
    (415, "0.19956143", "w2_new"),
    (416, "0.24975114", "w3_new"),
    (417, "0.29950229", "w4_new"),
    (420, "0.298371109", "E_total"),
    (420, "0.291027924", "E_after_one"),
    (420, "0.000035085", "E_after_10000"),
    (420, "0.015912196", "out_o1_10000"),
    (420, "0.984065734", "out_o2_10000"),
]

# By line: the same quantity is right on one line and wrong on another.
CAUSE = {
    (79, "1.1059059067"): "digit_slip",  # 1.105905967 with a digit inserted
    (329, "-0.01904919"): "digit_slip",  # -0.019049119 with a digit dropped (true -0.0190491183)
    (338, "-0.019049119"): "rounding_carried",  # δ_o2 rounded to 9 places first: -0.038098237 · 0.5
    (420, "0.291027924"): "updated_weights",
    (420, "0.000035085"): "updated_weights",
    (420, "0.015912196"): "updated_weights",
    (420, "0.984065734"): "updated_weights",
}

RECORDS = [(line, printed, VALUES[name], (line, printed) in CAUSE, CAUSE.get((line, printed)))
           for line, printed, name in _numbers]
