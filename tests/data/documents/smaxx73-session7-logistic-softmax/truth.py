"""Truth for smaxx73-session7-logistic-softmax: the worked numbers of session 7 (logistic regression,
binary and categorical cross-entropy, softmax, metrics). Many small examples, each with its own
givens: MSE and cross-entropy at 0.99; the MSE and CE gradients at ŷ = σ(z) = 0.01, y = 1; a table
of −log ŷ; BCE over four samples; softmax of [2, 1, 0.5] and of [1, 2, 3]; CCE over three samples;
accuracy, precision, recall, F1 from a confusion matrix; softmax of [0, 0, 0] and [10, 0, 0].
log is the natural logarithm. Math module only.
"""
import math

mse_099 = (0 - 0.99) ** 2
one_minus_099 = 1 - 0.99
ce_099 = -math.log(1 - 0.99)
sig0 = 1 / (1 + math.exp(0.0))
z_001 = math.log(0.01 / (1 - 0.01))
sp_001 = 1 - 0.01            # the 0.99 of σ′ = ŷ(1 − ŷ) with ŷ = 0.01
err_001 = 0.01 - 1
sp_001b = 0.01 * 0.99
g_mse = 2 * err_001 * sp_001b
nl_099, nl_09, nl_05, nl_01, nl_001, nl_0001 = (-math.log(p) for p in (0.99, 0.9, 0.5, 0.1, 0.01, 0.001))
# BCE over (y, ŷ) = (1, 0.9), (0, 0.2), (1, 0.3), (0, 0.8)
b1, b2, b3, b4 = -math.log(0.9), -math.log(1 - 0.2), -math.log(0.3), -math.log(1 - 0.8)
b1z = b2z = b3z = b4z = 0.0  # the term that the label switches off
q2, q4 = 1 - 0.2, 1 - 0.8
bsum = b1 + b2 + b3 + b4
bce = bsum / 4
# softmax [2.0, 1.0, 0.5]
e20, e10, e05 = math.exp(2.0), math.exp(1.0), math.exp(0.5)
s1 = e20 + e10 + e05
p20, p10, p05 = e20 / s1, e10 / s1, e05 / s1
psum = p20 + p10 + p05
# softmax [1.0, 2.0, 3.0]
f1, f2, f3 = math.exp(1.0), math.exp(2.0), math.exp(3.0)
s2 = f1 + f2 + f3
q1, q2b, q3 = f1 / s2, f2 / s2, f3 / s2
pct3 = 100 * q3
# CCE: probabilities of the true class 0.7, 0.8, 0.5
c1, c2, c3 = -math.log(0.7), -math.log(0.8), -math.log(0.5)
cce = (c1 + c2 + c3) / 3
# metrics: TP = 40, FP = 5, FN = 10, TN = 45
acc = (40 + 45) / 100
prec = 40 / (40 + 5)
rec = 40 / (40 + 10)
pr = prec * rec
ppr = prec + rec
f1_score = 2 * pr / ppr
acc_pct, prec_pct, rec_pct, f1_pct = 100 * acc, 100 * prec, 100 * rec, 100 * f1_score
# softmax [0, 0, 0] and [10, 0, 0]
exp0 = math.exp(0.0)
sum0 = 3 * exp0
e10b = math.exp(10.0)
sum10 = e10b + 2 * exp0
sm10_1, sm10_2 = e10b / sum10, exp0 / sum10

VALUES = {name: value for name, value in globals().items() if isinstance(value, float)}

GIVENS = [(256, "1", 1.0), (256, "0.01", 0.01), (664, "2.0", 2.0), (664, "1.0", 1.0), (664, "0.5", 0.5),
          (678, "1.0", 1.0), (678, "2.0", 2.0), (678, "3.0", 3.0), (1134, "40", 40.0), (1134, "5", 5.0),
          (1134, "10", 10.0), (1134, "45", 45.0)]

# (line, printed, the quantity it stands for)
_numbers = [
    (48, "0.98", "mse_099"),
    (48, "0.01", "one_minus_099"),
    (48, "4.6", "ce_099"),
    (120, "0.5", "sig0"),
    (256, "-4.6", "z_001"),
    (261, "0.99", "sp_001"),
    (273, "-0.99", "err_001"),
    (273, "0.0099", "sp_001b"),
    (273, "-0.0196", "g_mse"),
    (275, "-0.99", "err_001"),
    (313, "0.01", "nl_099"),
    (314, "0.11", "nl_09"),
    (315, "0.69", "nl_05"),
    (316, "2.30", "nl_01"),
    (317, "4.61", "nl_001"),
    (318, "6.91", "nl_0001"),
    (342, "0.105", "b1"),
    (342, "0", "b1z"),
    (342, "0.105", "b1"),
    (343, "0", "b2z"),
    (343, "0.8", "q2"),
    (343, "0.223", "b2"),
    (343, "0.223", "b2"),
    (344, "1.204", "b3"),
    (344, "0", "b3z"),
    (344, "1.204", "b3"),
    (345, "0", "b4z"),
    (345, "0.2", "q4"),
    (345, "1.609", "b4"),
    (345, "1.609", "b4"),
    (348, "0.105", "b1"),
    (348, "0.223", "b2"),
    (348, "1.204", "b3"),
    (348, "1.609", "b4"),
    (348, "3.141", "bsum"),
    (348, "0.785", "bce"),
    (351, "1.609", "b4"),
    (668, "7.389", "e20"),
    (668, "2.718", "e10"),
    (668, "1.649", "e05"),
    (669, "7.389", "e20"),
    (669, "2.718", "e10"),
    (669, "1.649", "e05"),
    (669, "11.756", "s1"),
    (670, "7.389", "e20"),
    (670, "11.756", "s1"),
    (670, "0.629", "p20"),
    (670, "2.718", "e10"),
    (670, "11.756", "s1"),
    (670, "0.231", "p10"),
    (670, "1.649", "e05"),
    (670, "11.756", "s1"),
    (670, "0.140", "p05"),
    (672, "0.629", "p20"),
    (672, "0.231", "p10"),
    (672, "0.140", "p05"),
    (672, "1.0", "psum"),
    (693, "2.718", "f1"),
    (693, "7.389", "f2"),
    (693, "20.086", "f3"),
    (694, "30.193", "s2"),
    (695, "0.090", "q1"),
    (695, "0.245", "q2b"),
    (695, "0.665", "q3"),
    (697, "66.5", "pct3"),
    (847, "0.357", "c1"),
    (848, "0.223", "c2"),
    (849, "0.693", "c3"),
    (852, "0.357", "c1"),
    (852, "0.223", "c2"),
    (852, "0.693", "c3"),
    (852, "0.424", "cce"),
    (1136, "0.85", "acc"),
    (1136, "85", "acc_pct"),
    (1138, "0.889", "prec"),
    (1138, "88.9", "prec_pct"),
    (1140, "0.80", "rec"),
    (1140, "80", "rec_pct"),
    (1142, "0.889", "prec"),
    (1142, "0.80", "rec"),
    (1142, "0.889", "prec"),
    (1142, "0.80", "rec"),
    (1142, "0.711", "pr"),
    (1142, "1.689", "ppr"),
    (1142, "0.842", "f1_score"),
    (1142, "84.2", "f1_pct"),
    (1323, "1", "exp0"),
    (1323, "3", "sum0"),
    (1327, "22026", "e10b"),
    (1327, "1", "exp0"),
    (1327, "22028", "sum10"),
    (1329, "0.9999", "sm10_1"),
    (1329, "0.00005", "sm10_2"),
    (1329, "0.00005", "sm10_2"),
]

# 0.105 + 0.223 + 1.204 + 1.609 = 3.141 from the rounded terms; the exact sum is 3.14191.
CAUSE = {"bsum": "rounding_carried"}

RECORDS = [(line, printed, VALUES[name], name in CAUSE, CAUSE.get(name)) for line, printed, name in _numbers]
