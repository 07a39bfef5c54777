"""Truth for d2l-multivariable-calculus-notebook: the numbers of D2L's appendix "Multivariable
Calculus" (PyTorch notebook, executed), recomputed in float64 with the math module.

- the first-order approximation of L(x, y) = log(eˣ + eʸ) at (0, log 2) moved by ε = [0.01, −0.03]:
  L + ε·∇L with ∇L = [eˣ, eʸ]/(eˣ + eʸ), and the true value L(0.01, log 2 − 0.03);
- the critical points of f(x) = 3x⁴ − 4x³ − 12x² (f' = 12x(x − 2)(x + 1)): x = −1, 0, 2, the values
  f = −5, 0, −32 there and the minimiser x = 2;
- the chain f = (u + v)², u = (a + b)², v = (a − b)², a = (w + x + y + z)², b = (w + x − y − z)² at
  (w, x, y, z) = (−1, 0, −2, 1): f = 1024 and ∂f/∂w = ∂f/∂x = ∂f/∂y = ∂f/∂z = −4096, printed by the
  forward-mode code, the reverse-mode code and torch autograd.

Lines are lines of the .ipynb. Not records: the symbolic expansions and the Taylor coefficients of
x e^{−x²−y²} at [−1, 0] (symbolic), the plots.
"""
import math

# log-sum-exp approximation
x0, y0, e1, e2 = 0.0, math.log(2.0), 0.01, -0.03
L0 = math.log(math.exp(x0) + math.exp(y0))
s = math.exp(x0) + math.exp(y0)
approx = L0 + e1 * math.exp(x0) / s + e2 * math.exp(y0) / s
true_value = math.log(math.exp(x0 + e1) + math.exp(y0 + e2))


def quartic(t: float) -> float:
    return 3 * t ** 4 - 4 * t ** 3 - 12 * t ** 2


roots = [-1.0, 0.0, 2.0]  # 12x(x − 2)(x + 1) = 0
assert all(abs(12 * t ** 3 - 12 * t ** 2 - 24 * t) < 1e-12 for t in roots)
values = [quartic(t) for t in roots]
argmin = min(roots, key=quartic)

w, x, y, z = -1.0, 0.0, -2.0, 1.0
a, b = (w + x + y + z) ** 2, (w + x - y - z) ** 2
u, v = (a + b) ** 2, (a - b) ** 2
f = (u + v) ** 2
df_du = df_dv = 2 * (u + v)
df_da = df_du * 2 * (a + b) + df_dv * 2 * (a - b)
df_db = df_du * 2 * (a + b) - df_dv * 2 * (a - b)
s1, s2 = 2 * (w + x + y + z), 2 * (w + x - y - z)
grads = {"w": df_da * s1 + df_db * s2, "x": df_da * s1 + df_db * s2,
         "y": df_da * s1 - df_db * s2, "z": df_da * s1 - df_db * s2}

GIVENS = [(144, "0.01", 0.01), (144, "-0.03", -0.03), (146, "2.", 2.0), (149, "2.", 2.0),
          (898, "-1", -1.0), (898, "0", 0.0), (898, "-2", -2.0), (898, "1", 1.0),
          (905, "-1", -1.0), (905, "0", 0.0), (905, "-2", -2.0), (905, "1", 1.0),
          (985, "-1", -1.0), (985, "0", 0.0), (985, "-2", -2.0), (985, "1", 1.0),
          (1057, "-1.", -1.0), (1058, "0.", 0.0), (1059, "-2.", -2.0), (1060, "1.", 1.0)]

RECORDS = [
    (121, "1.0819", approx, False, None),
    (121, "1.0821", true_value, False, None),
    (218, "-1", roots[0], False, None),
    (218, "0", roots[1], False, None),
    (218, "2", roots[2], False, None),
    (218, "-5", values[0], False, None),
    (218, "0", values[1], False, None),
    (218, "-32", values[2], False, None),
    (218, "2", argmin, False, None),
    (898, "1024", f, False, None),
    (899, "-4096", grads["w"], False, None),
    (975, "1024", f, False, None),
    (976, "-4096", grads["w"], False, None),
    (977, "-4096", grads["x"], False, None),
    (978, "-4096", grads["y"], False, None),
    (979, "-4096", grads["z"], False, None),
    (1048, "-4096.0", grads["w"], False, None),
    (1049, "-4096.0", grads["x"], False, None),
    (1050, "-4096.0", grads["y"], False, None),
    (1051, "-4096.0", grads["z"], False, None),
]
