"""Truth for rasbt-stat453-cross-entropy-notebook: softmax of a 4 × 3 matrix of net inputs Z (one
row per training example), the cross-entropy of each row against the labels y = [0, 1, 2, 2], and
their mean, as PyTorch prints them (4 decimals). Lines are lines of the .ipynb file. Recomputed in
full precision (math module only).

Not records: the one-hot encoding of y and the argmax class labels (encodings and indices, no
arithmetic), and the echo of Z itself (givens).
"""
import math

Z = [[-0.3, -0.5, -0.5], [-0.4, -0.1, -0.5], [-0.3, -0.94, -0.5], [-0.99, -0.88, -0.5]]
y = [0, 1, 2, 2]
S = [[math.exp(v) / sum(math.exp(u) for u in row) for v in row] for row in Z]
xent = [-math.log(S[i][y[i]]) for i in range(len(Z))]
mean_xent = sum(xent) / len(xent)

GIVENS = [(114, "-0.3000", -0.3), (114, "-0.5000", -0.5), (115, "-0.4000", -0.4), (115, "-0.1000", -0.1),
          (116, "-0.9400", -0.94), (117, "-0.9900", -0.99), (117, "-0.8800", -0.88)]

_printed = {153: ["0.3792", "0.3104", "0.3104"], 154: ["0.3072", "0.4147", "0.2780"],
            155: ["0.4263", "0.2248", "0.3490"], 156: ["0.2668", "0.2978", "0.4354"]}
_xent_printed = ["0.9698", "0.8801", "1.0527", "0.8314"]

RECORDS = [(line, printed, S[i][j], False, None)
           for i, (line, row) in enumerate(_printed.items()) for j, printed in enumerate(row)]
RECORDS += [(line, printed, xent[i], False, None)
            for line in (236, 279, 306) for i, printed in enumerate(_xent_printed)]
RECORDS += [(340, "0.9335", mean_xent, False, None), (360, "0.9335", mean_xent, False, None)]
