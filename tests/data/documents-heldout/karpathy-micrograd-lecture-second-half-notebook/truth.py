"""Truth for karpathy-micrograd-lecture-second-half-notebook: the printed outputs of the micrograd
lecture notebook (second half) that follow from printed inputs: f(x) = 3x² − 4x + 5 at 3; the
forward difference (f(x + h) − f(x))/h at x = 2/3 with h = 1e-6 (exactly 3h in real arithmetic);
d = a b + c at a = 2, b = −3, c = 10 and its forward difference in c with h = 1e-4 (exactly 1);
and the PyTorch check of the tanh neuron o = tanh(x1 w1 + x2 w2 + b) at x1 = 2, x2 = 0, w1 = −3,
w2 = 1, b = 6.8813735870195432 with its gradients ∂o/∂x2 = w2 (1 − o²), ∂o/∂w2 = x2 (1 − o²),
∂o/∂x1 = w1 (1 − o²), ∂o/∂w1 = x1 (1 − o²). Real arithmetic, math module only.

The neuron's tensors are built as torch.Tensor([…]).double(): the values pass through float32
first, so b becomes 6.88137340545654296875 and the printed o and gradients carry float32 error;
the truth is the float64 value (o = 1/√2). The forward differences are recomputed as the code
computes them, in float64 ("full precision" here, as in the rest of the corpus): their digits
show cancellation (2.999378523327323e-06 for the real 3e-06), which the lecture itself discusses,
and are recorded as right. Not recorded: the outputs of the MLP with random weights (cells
16–19), which cannot be recomputed from the text.
"""
import math


def f(x: float) -> float:
    return 3 * x ** 2 - 4 * x + 5


F3 = f(3.0)
H1 = 1e-6
FD1 = (f(2 / 3 + H1) - f(2 / 3)) / H1   # 3h = 3e-06 in real arithmetic; float64 gives 2.999378523327323e-06
A, B, C = 2.0, -3.0, 10.0
D = A * B + C
H2 = 1e-4
D2 = A * B + C + H2
D2_STEP = A * B + (C + H2)
SLOPE = (D2_STEP - D) / H2       # 1 in real arithmetic; float64 gives 0.9999999999976694

X1, X2, W1, W2, BIAS = 2.0, 0.0, -3.0, 1.0, 6.8813735870195432
OUT = math.tanh(X1 * W1 + X2 * W2 + BIAS)
LOCAL = 1 - OUT ** 2
GRADS = {"x2": W2 * LOCAL, "w2": X2 * LOCAL, "x1": W1 * LOCAL, "w1": X1 * LOCAL}

GIVENS = [(117, "2.0", 2.0), (118, "-3.0", -3.0), (119, "10.0", 10.0), (1068, "6.8813735870195432", BIAS)]

_numbers = [
    (34, "20.0", F3, None),
    (88, "2.999378523327323e-06", FD1, None),
    (111, "4.0", D, None),
    (133, "4.0", D, None),
    (134, "4.0001", D2, None),
    (135, "0.9999999999976694", SLOPE, None),
    (1053, "0.7071066904050358", OUT, "float32"),            # 1/√2 = 0.7071067811865476
    (1055, "0.5000001283844369", GRADS["x2"], "float32"),  # exactly 0.5
    (1056, "0.0", GRADS["w2"], None),
    (1057, "-1.5000003851533106", GRADS["x1"], "float32"),  # exactly −1.5
    (1058, "1.0000002567688737", GRADS["w1"], "float32"),   # exactly 1.0
]

RECORDS = [(line, printed, value, cause is not None, cause) for line, printed, value, cause in _numbers]
