"""Truth for smaxx73-session9-pytorch-autograd: the PyTorch introduction of session 9. Its worked
numbers are written as comments next to the code that prints them (`# tensor(7., ...)`,
`# 18.0`) and in a text diagram: torch.arange(0, 10, 2), torch.linspace(0, 1, 5), y = w x + 1 at
w = 2, x = 3 with dy/dw, and the gradient of (3w)² at w = 1 after one backward, after a second
backward without zeroing (accumulated) and after zero_grad. Exact arithmetic (no import needed).
"""

r0, r1, r2, r3, r4 = (float(v) for v in range(0, 10, 2))
l0, l1, l2, l3, l4 = (k / 4 for k in range(5))
w, x = 2.0, 3.0
y = w * x + 1
dy_dw = x
g1 = 2 * (1.0 * 3) * 3          # d/dw (3w)² = 18w at w = 1
g_acc = g1 + g1                 # a second backward adds to .grad
g3 = g1

VALUES = {name: value for name, value in globals().items() if isinstance(value, float)}

GIVENS = [(203, "2.0", 2.0), (204, "3.0", 3.0), (277, "1.0", 1.0)]

# (line, printed, the quantity it stands for)
_numbers = [
    (125, "0", "r0"),
    (125, "2", "r1"),
    (125, "4", "r2"),
    (125, "6", "r3"),
    (125, "8", "r4"),
    (126, "0", "l0"),
    (126, "0.25", "l1"),
    (126, "0.5", "l2"),
    (126, "0.75", "l3"),
    (126, "1", "l4"),
    (208, "7.", "y"),
    (214, "3.", "dy_dw"),
    (228, "3.0", "dy_dw"),
    (282, "18.0", "g1"),
    (287, "36.0", "g_acc"),
    (293, "18.0", "g3"),
]

CAUSE: dict[str, str] = {}  # every number is right

RECORDS = [(line, printed, VALUES[name], name in CAUSE, CAUSE.get(name)) for line, printed, name in _numbers]
