"""Truth for scutan90-dl500-chapter3-chinese: chapter 3 ("deep learning basics") of a Chinese
question-and-answer study book, kept whole. The numbers it derives:

- a perceptron as a weighted vote (line 30): scores 4, 1, −3 with weights 1, 3, 2 give 1, below
  the threshold 3, so the output is 0 (line 33); a NAND perceptron (line 51): 0·(−2) + 1·(−2) + 3;
- a convolution (lines 188–243): the nine products of a 3×3 filter and the top-left patch of a
  5×5 image, read off a figure and printed on line 207 (givens here), sum to a₀,₀ = relu(4) = 4;
  the feature map size (W₁ − F + 2P)/S + 1 with W₁ = 5, F = 3, P = 0: 3×3 at stride 1 (line 188)
  and 2 at stride 2 (lines 238–243, width and height);
- the 2-2-2 sigmoid network of Mazur's example (lines 290–355): i = (0.05, 0.10), targets
  (0.01, 0.99), w1…w8 = 0.15 … 0.55, biases 0.35 and 0.6 (printed only in the calculation),
  forward pass and squared errors; on line 333 the number substituted into
  e^{−net_o1} is printed as e^{1.105905967}: it stands for the exponent −net_o1 and has the wrong sign;
- the derivative table (lines 490–491): σ′ at ±10 ≈ 0 and σ′(0) = 0.25; tanh′ at ±10 ≈ 0 and
  tanh′(0) = 1.

Not recorded: the fractions 1/20 and 1/200 of line 749 (a printed value cannot carry a fraction)
and the softmax outputs [0.05, 0.10, 0.85] of line 579, whose inputs are only in a figure.
Recomputed in full precision (math module only).
"""
import math


def sigmoid(v: float) -> float:
    return 1 / (1 + math.exp(-v))


# perceptrons
score = 4 * 1 + 1 * 3 + (-3) * 2
vote_output = 1.0 if score > 3 else 0.0
nand_output = 0 * (-2) + 1 * (-2) + 3

# convolution: the products on line 207 are read off the figure
products = [1, 0, 1, 0, 1, 0, 0, 0, 1]
conv_a00 = max(0.0, float(sum(products)))
map_stride1 = (5 - 3 + 2 * 0) / 1 + 1
two_p = 2.0 * 0
map_stride2 = (5 - 3 + 2 * 0) / 2 + 1

# the 2-2-2 network
i1, i2, t1, t2 = 0.05, 0.10, 0.01, 0.99
w1, w2, w3, w4, w5, w6, w7, w8, b1, b2 = 0.15, 0.20, 0.25, 0.30, 0.40, 0.45, 0.50, 0.55, 0.35, 0.6
net_h1 = w1 * i1 + w2 * i2 + b1
net_h2 = w3 * i1 + w4 * i2 + b1
out_h1, out_h2 = sigmoid(net_h1), sigmoid(net_h2)
net_o1 = w5 * out_h1 + w6 * out_h2 + b2
net_o2 = w7 * out_h1 + w8 * out_h2 + b2
out_o1, out_o2 = sigmoid(net_o1), sigmoid(net_o2)
neg_net_o1 = -net_o1
e_o1 = 0.5 * (t1 - out_o1) ** 2
e_o2 = 0.5 * (t2 - out_o2) ** 2
e_total = e_o1 + e_o2

# derivative table
dsigmoid_10 = sigmoid(10) * (1 - sigmoid(10))
dsigmoid_0 = sigmoid(0) * (1 - sigmoid(0))
dtanh_10 = 1 - math.tanh(10) ** 2
dtanh_0 = 1 - math.tanh(0) ** 2

VALUES = {name: float(value) for name, value in globals().items()
          if isinstance(value, (int, float)) and not name.startswith("_")}

GIVENS = [(30, "4", 4.0), (30, "-3", -3.0), (30, "2", 2.0), (51, "-2", -2.0), (51, "3", 3.0),
          *[(207, str(p), float(p)) for p in (1, 0)],
          (233, "5", 5.0), (233, "3", 3.0), (233, "0", 0.0), (233, "2", 2.0),
          (290, "0.05", 0.05), (290, "0.10", 0.10), (291, "0.01", 0.01), (291, "0.99", 0.99),
          (292, "0.15", 0.15), (292, "0.20", 0.20), (292, "0.25", 0.25), (292, "0.30", 0.30),
          (292, "0.40", 0.40), (292, "0.45", 0.45), (292, "0.50", 0.50), (292, "0.55", 0.55),
          (304, "0.35", 0.35), (329, "0.6", 0.6)]

# (line, printed, the quantity it stands for, cause when wrong)
_numbers = [
    (30, "1", "score", None),
    (33, "0", "vote_output", None),
    (51, "1", "nand_output", None),
    (188, "3", "map_stride1", None),
    (188, "3", "map_stride1", None),
    (209, "4", "conv_a00", None),
    (238, "0", "two_p", None),
    (240, "2", "map_stride2", None),
    (243, "2", "map_stride2", None),
    (243, "2", "map_stride2", None),
    (304, "0.3775", "net_h1", None),
    (310, "0.3775", "net_h1", None),
    (310, "0.593269992", "out_h1", None),
    (316, "0.596884378", "out_h2", None),
    (329, "0.593269992", "out_h1", None),
    (329, "0.596884378", "out_h2", None),
    (329, "1.105905967", "net_o1", None),
    (333, "1.105905967", "neg_net_o1", "sign"),     # the exponent of e in σ = 1/(1 + e^{−net}): −1.105905967
    (333, "0.75136079", "out_o1", "unknown"),        # true 0.75136507 (line 351 prints it)
    (336, "0.75136079", "out_o1", "carried_error"),
    (336, "0.772928465", "out_o2", None),
    (351, "0.75136507", "out_o1", None),
    (351, "0.274811083", "e_o1", None),
    (353, "0.023560026", "e_o2", None),
    (355, "0.274811083", "e_o1", None),
    (355, "0.023560026", "e_o2", None),
    (355, "0.298371109", "e_total", None),
    (490, "0", "dsigmoid_10", None),
    (490, "0.25", "dsigmoid_0", None),
    (491, "0", "dtanh_10", None),
    (491, "1", "dtanh_0", None),
]

RECORDS = [(line, printed, VALUES[name], cause is not None, cause) for line, printed, name, cause in _numbers]
