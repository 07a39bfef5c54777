"""Truth for selene-linear-layer-backward-notebook: the forward and backward pass of a linear layer
Y = XW + b for a batch of N = 2 inputs of dimension D = 2 and M = 3 neurons, X = [[0.1, 0.2],
[0.3, 0.4]], W = [[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]], b = [0.1, 0.2, 0.3], with the upstream gradient
dY = [[0.2, 0.3, 0.4], [0.5, 0.6, 0.7]]: dX = dY Wᵀ, dW = Xᵀ dY, db = Σ_rows dY. Each is worked by
hand in a display `bmatrix` and printed by NumPy code, and Y and dX once more by a Linear class whose
weights are set to W and b. Lines are lines of the .ipynb file. Not records: the printed shapes
("Shape of output Y: (2, 3)"; the class cell prints Y.shape under the label "Shape of gradient dX")
and the transposed givens restated in the displays (Wᵀ, Xᵀ).
"""
X = [[0.1, 0.2], [0.3, 0.4]]
W = [[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]]
B = [0.1, 0.2, 0.3]
DY = [[0.2, 0.3, 0.4], [0.5, 0.6, 0.7]]

XW = [[sum(X[i][d] * W[d][k] for d in range(2)) for k in range(3)] for i in range(2)]
Y = [[XW[i][k] + B[k] for k in range(3)] for i in range(2)]
DX = [[sum(DY[i][k] * W[d][k] for k in range(3)) for d in range(2)] for i in range(2)]
DW = [[sum(X[i][d] * DY[i][k] for i in range(2)) for k in range(3)] for d in range(2)]
DB = [DY[0][k] + DY[1][k] for k in range(3)]

GIVENS = [(1211, "0.1", 0.1), (1211, "0.2", 0.2), (1211, "0.3", 0.3), (1211, "0.4", 0.4),
          (1212, "0.5", 0.5), (1212, "0.6", 0.6), (1255, "0.7", 0.7)]


def _matrix(first_line, printed, values):
    return [(first_line + i, text, value, False, None)
            for i, row in enumerate(printed) for text, value in zip(row, values[i])]


_Y = [["0.19", "0.32", "0.45"], ["0.29", "0.46", "0.63"]]
_DX = [["0.2", "0.47"], ["0.38", "0.92"]]
_DW = [["0.17", "0.21", "0.25"], ["0.24", "0.3", "0.36"]]
_DB = [["0.7", "0.9", "1.1"]]

RECORDS = (
    _matrix(1289, [["0.09", "0.12", "0.15"], ["0.19", "0.26", "0.33"]], XW)
    + _matrix(1298, _Y, Y) + _matrix(1326, _Y, Y)
    + _matrix(1378, [["0.20", "0.47"], ["0.38", "0.92"]], DX) + _matrix(1408, _DX, DX)
    + _matrix(1449, [["0.17", "0.21", "0.25"], ["0.24", "0.30", "0.36"]], DW) + _matrix(1474, _DW, DW)
    + _matrix(1515, _DB, [DB]) + _matrix(1542, _DB, [DB]) + _matrix(1576, _DB, [DB])
    + _matrix(1691, _Y, Y) + _matrix(1726, _DX, DX)
)
