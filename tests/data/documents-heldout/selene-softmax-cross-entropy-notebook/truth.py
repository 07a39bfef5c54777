"""Truth for selene-softmax-cross-entropy-notebook: softmax of the logits (-1.2, 1.6, 0.9), then the
cross-entropy loss L = -Σ y_i log σ_i of that single example for each of the three one-hot labels
and its gradient ∂L/∂x = σ - y (the notebook's own derivation). Lines are lines of the .ipynb file.

The notebook's test calls a SoftmaxCrossEntropy class written for a (batch_size, num_classes) batch
with the 1-D vector of one example, so its `batch_size = logits.shape[0]` is the number of classes, 3:
every printed loss and gradient is a third of the example's cross-entropy and gradient (1.081 for
-log σ_1 = 3.243, -0.320318 for σ_1 - 1 = -0.960954). They stand for the loss and gradient of the one
example the prose describes, so they are recorded wrong (cause other_quantity: the mean over the
three classes taken as a batch).
"""
import math

LOGITS = [-1.2, 1.6, 0.9]
_EXPS = [math.exp(v) for v in LOGITS]
SIGMA = [e / sum(_EXPS) for e in _EXPS]
LABELS = [[1, 0, 0], [0, 1, 0], [0, 0, 1]]
LOSS = [-sum(y * math.log(s) for y, s in zip(labels, SIGMA)) for labels in LABELS]
GRAD = [[s - y for s, y in zip(SIGMA, labels)] for labels in LABELS]

GIVENS = [(87, "-1.2", -1.2), (88, "1.6", 1.6), (89, "0.9", 0.9)]

_OQ = "other_quantity"
_numbers = [
    (93, "0.04", SIGMA[0], None), (94, "0.64", SIGMA[1], None), (95, "0.32", SIGMA[2], None),
    (196, "0.039046", SIGMA[0], None), (196, "0.64209771", SIGMA[1], None),
    (196, "0.31885629", SIGMA[2], None),
    (902, "1.081", LOSS[0], _OQ), (903, "0.148", LOSS[1], _OQ), (904, "0.381", LOSS[2], _OQ),
    (936, "-0.320318", GRAD[0][0], _OQ), (936, "0.21403257", GRAD[0][1], _OQ),
    (936, "0.10628543", GRAD[0][2], _OQ),
    (937, "0.01301533", GRAD[1][0], _OQ), (937, "-0.11930076", GRAD[1][1], _OQ),
    (937, "0.10628543", GRAD[1][2], _OQ),
    (938, "0.01301533", GRAD[2][0], _OQ), (938, "0.21403257", GRAD[2][1], _OQ),
    (938, "-0.2270479", GRAD[2][2], _OQ),
]

RECORDS = [(line, printed, value, cause is not None, cause) for line, printed, value, cause in _numbers]
