"""Truth for selene-layer-normalization-backward-notebook: Layer Normalization of a 4×6 batch of
integers (mean and population variance per row, ε = 1e-5, γ = 1, β = 0), printed at 2 decimals three
times (the bare normalisation, after scaling and shifting, and from the LayerNorm class), then the
backward pass of the class for an upstream gradient dY drawn at random and printed at 4 decimals (the
givens): dX = (1/D) σ⁻¹ (D dX̂ − Σ_k dX̂_k − X̂ Σ_k dX̂_k X̂_k) with dX̂ = γ dY, computed here from
the printed dY. Lines are lines of the .ipynb file. Not records: "Number of samples: 4" and
"Number of features: 6" (the batch's shape).
"""
import math

BATCH = [[3, 4, 0, 1, 1, 4], [1, 8, 2, 4, 3, 5], [6, 2, 5, 5, 1, 4], [5, 0, 2, 2, 3, 5]]
DY = [[0.5302, 0.0313, 0.5906, 0.7257, 0.4035, 0.0064],
      [0.6103, 0.0934, 0.4179, 0.1087, 0.5376, 0.9043],
      [0.5184, 0.031, 0.3252, 0.4807, 0.2378, 0.8666],
      [0.3754, 0.5429, 0.6298, 0.9483, 0.7767, 0.5252]]
EPS = 1e-5


def normalize(row):
    d = len(row)
    mean = sum(row) / d
    var = sum((v - mean) ** 2 for v in row) / d
    inv_std = 1.0 / math.sqrt(var + EPS)
    return [(v - mean) * inv_std for v in row], inv_std


def backward(row, dy):
    x_hat, inv_std = normalize(row)
    d = len(row)
    total = sum(dy)
    dot = sum(a * b for a, b in zip(dy, x_hat))
    return [inv_std / d * (d * dy[j] - total - x_hat[j] * dot) for j in range(d)]


X_HAT = [normalize(row)[0] for row in BATCH]
DX = [backward(row, dy) for row, dy in zip(BATCH, DY)]

# the rows as printed (np.printoptions(precision=2, suppress=True))
X_HAT_PRINTED = [["0.53", "1.17", "-1.38", "-0.74", "-0.74", "1.17"],
                 ["-1.25", "1.84", "-0.81", "0.07", "-0.37", "0.51"],
                 ["1.22", "-1.03", "0.66", "0.66", "-1.6", "0.09"],
                 ["1.22", "-1.6", "-0.47", "-0.47", "0.09", "1.22"]]
DX_PRINTED = [["0.17", "-0.06", "-0.06", "0.11", "-0.09", "-0.07"],
              ["0.01", "-0.07", "-0.05", "-0.14", "0.02", "0.23"],
              ["-0.03", "-0.13", "-0.1", "-0.01", "0.03", "0.25"],
              ["-0.1", "-0.12", "-0.02", "0.16", "0.08", "-0.01"]]

GIVENS = [(194 + i, str(v), float(v)) for i, row in enumerate(BATCH) for v in sorted(set(row))]
GIVENS += [(1743 + i, str(v), v) for i, row in enumerate(DY) for v in row]


def _rows(first_line, printed, values):
    return [(first_line + i, text, value, False, None)
            for i in range(4) for text, value in zip(printed[i], values[i])]


RECORDS = (_rows(403, X_HAT_PRINTED, X_HAT) + _rows(498, X_HAT_PRINTED, X_HAT)
           + _rows(1711, X_HAT_PRINTED, X_HAT) + _rows(1775, DX_PRINTED, DX))
