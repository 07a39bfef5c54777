"""Truth for jax-maml-gradients-of-gradients-notebook: the deterministic numbers of Eric Jang's MAML
tutorial in the JAX docs (the "gradients of gradients" cells), recomputed with the math module.

- f(x) = eˣ differentiated once, twice and three times at x = 1 (each e = 2.718281828…); JAX prints
  the float32 value 2.7182817 (the float32 nearest e is 2.71828175), which disagrees with e at its
  seventh decimal (cause float32);
- g(x) = x² differentiated once, twice, three times at x = 2: 4, 2, 0 (printed, and stated in the
  code comments `# 2x = 4`, `# x = 2`, `# x = 0`);
- g(x, y) = x² + y at (2, 1): ∂g/∂x = 4, x − ∂g/∂x = −2, the MAML objective g(x − ∂g/∂x, y) =
  (−x)² + y = 5 and x − ∂/∂x[(x − 2x)² + y] = 2 − 4 = −2 (the printed label says
  "x0 - maml_objective(x,y)" but the code subtracts the objective's gradient), with the comments
  `# 2x = 4`, `# x - 2x = -2`, `# x**2 + 1 = 5`.

Lines are lines of the .ipynb. Not records: the loss of a randomly initialised network
(2.5027603e-05), the printed step counters, the plots.
"""
import math

e = math.exp(1.0)
x0, y0 = 2.0, 1.0
dg = 2 * x0
step = x0 - dg
maml = step ** 2 + y0
dmaml = 2 * x0             # d/dx [(x − 2x)² + y] = 2x
maml_step = x0 - dmaml

GIVENS = [(83, "1.", 1.0), (84, "1.", 1.0), (85, "1.", 1.0), (87, "2.", 2.0), (88, "2.", 2.0),
          (89, "2.", 2.0), (321, "2.", 2.0), (322, "1.", 1.0)]

RECORDS = [
    (71, "2.7182817", e, True, "float32"),
    (72, "2.7182817", e, True, "float32"),
    (73, "2.7182817", e, True, "float32"),
    (74, "4.0", 2 * 2.0, False, None),
    (75, "2.0", 2.0, False, None),
    (76, "0.0", 0.0, False, None),
    (87, "4", 2 * 2.0, False, None),
    (88, "2", 2.0, False, None),
    (89, "0", 0.0, False, None),
    (310, "4.0", dg, False, None),
    (311, "-2.0", step, False, None),
    (312, "5.0", maml, False, None),
    (313, "-2.0", maml_step, False, None),
    (323, "4", dg, False, None),
    (324, "-2", step, False, None),
    (327, "5", maml, False, None),
]
