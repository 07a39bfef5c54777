"""Truth for uvadlc-pytorch-autograd-notebook: the computation-graph example of the UvA Deep
Learning tutorial 2, y = 1/ℓ(x) Σᵢ [(xᵢ + 2)² + 3] at x = [0, 1, 2] (a = x + 2, b = a², c = b + 3,
y = mean c), its printed value and gradient, and the local derivatives written by hand.
Lines are lines of the .ipynb file (a 360 kB notebook: the example is a few cells of it).
Recomputed in full precision (math module only).
"""

x = [0.0, 1.0, 2.0]
a = [v + 2 for v in x]
b = [v * v for v in a]
c = [v + 3 for v in b]
y = sum(c) / len(c)
dy_dc = 1 / len(c)
grad = [dy_dc * 1.0 * 2 * a[i] * 1.0 for i in range(3)]
da_dx = 1.0
dc_db = 1.0

GIVENS = [(724, "0.", 0.0), (724, "1.", 1.0), (724, "2.", 2.0)]

RECORDS = [
    (749, "12.6667", y, False, None),
    (798, "1.3333", grad[0], False, None),
    (798, "2.0000", grad[1], False, None),
    (798, "2.6667", grad[2], False, None),
    (817, "1", da_dx, False, None),
    (819, "1", dc_db, False, None),
]
