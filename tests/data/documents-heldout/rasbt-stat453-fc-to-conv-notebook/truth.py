"""Truth for rasbt-stat453-fc-to-conv-notebook: a 2×2 input [[1, 2], [3, 4]] through a fully connected
layer with weights [[1.1, 1.2, 1.3, 1.4], [1.5, 1.6, 1.7, 1.8]] and bias [1.9, 2.0] and a ReLU, then
through a Conv2d whose 2×2 kernels hold the same weights, then through a 1×1 Conv2d on the input
reshaped to 4 channels: the same two outputs relu(w·x + b) = (14.9, 19.0) each time. Lines are lines of
the .ipynb file. Not records: the printed tensor shapes (torch.Size([1, 1, 2, 2]) …).
"""
X = [1.0, 2.0, 3.0, 4.0]
W = [[1.1, 1.2, 1.3, 1.4], [1.5, 1.6, 1.7, 1.8]]
B = [1.9, 2.0]
OUT = [max(0.0, sum(w * x for w, x in zip(row, X)) + b) for row, b in zip(W, B)]

GIVENS = [(56, "1.", 1.0), (56, "2.", 2.0), (57, "3.", 3.0), (57, "4.", 4.0),
          (84, "1.1", 1.1), (84, "1.4", 1.4), (85, "1.5", 1.5), (85, "1.8", 1.8), (86, "1.9", 1.9),
          (86, "2.0", 2.0)]

RECORDS = [
    (99, "14.9000", OUT[0], False, None), (99, "19.0000", OUT[1], False, None),
    (187, "14.9000", OUT[0], False, None), (189, "19.0000", OUT[1], False, None),
    (223, "14.9000", OUT[0], False, None), (225, "19.0000", OUT[1], False, None),
]
