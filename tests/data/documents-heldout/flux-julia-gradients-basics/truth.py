"""Truth for flux-julia-gradients-basics: the gradients in Flux.jl's "How Flux Works: Gradients and
Layers" (Julia REPL doctests), recomputed with plain Python.

- f(x) = 3x² + 2x + 1: f'(2) = 6·2 + 2 = 14, f'' = 6 (also in the comment `# d²f/dx² = 6`);
- f(x, y) = Σ(x − y)² at x = [2, 1], y = [2, 0]: ∂f/∂x = 2(x − y) = [0, 2], ∂f/∂y = −2(x − y) =
  [−0, −2] (Julia prints the negative zero −0.0, equal to 0); the same gradients for the named tuple
  nt = (a = [2, 1], b = [2, 0]) with g = Σ abs2(a − b) = 1, printed by gradient, withgradient and
  the implicit-parameter form;
- Σ abs2(a ./ y − b) at nt and y = [1, 2]: z = a ./ y − b = [0, 0.5], ∂/∂a = 2z ./ y = [0, 0.5],
  ∂/∂b = −2z = [−0, −1], ∂/∂y = −2z·a ./ y² = [−0, −0.25] (printed twice: anonymous function and
  do block);
- Chain(x -> x², x -> x + 1) at 5: 26 (a comment).

Not records: the `rand` examples (losses "~ 3", "~ 2.5" of random data, no premise), the symbolic
comment `# df/dx = 6x + 2`, layer sizes and "2-element vector".
"""

x0 = 2.0
df = 6 * x0 + 2
d2f = 6.0

x, y = [2.0, 1.0], [2.0, 0.0]
gx = [2 * (a - b) for a, b in zip(x, y)]
gy = [-2 * (a - b) for a, b in zip(x, y)]
g_value = sum((a - b) ** 2 for a, b in zip(x, y))

yy = [1.0, 2.0]
z = [a / c - b for a, b, c in zip(x, y, yy)]
ga = [2 * zi / c for zi, c in zip(z, yy)]
gb = [-2 * zi for zi in z]
gyy = [-2 * zi * a / c ** 2 for zi, a, c in zip(z, x, yy)]

chain = 5.0 ** 2 + 1

GIVENS = [(10, "3", 3.0), (10, "2", 2.0), (10, "1", 1.0), (14, "2", 2.0), (19, "2", 2.0),
          (28, "2", 2.0), (28, "1", 1.0), (28, "0", 0.0), (39, "2", 2.0), (39, "1", 1.0), (39, "0", 0.0),
          (59, "1", 1.0), (59, "2", 2.0), (62, "1", 1.0), (62, "2", 2.0), (83, "2", 2.0), (83, "1", 1.0),
          (85, "2", 2.0), (85, "0", 0.0)]

_pairs = [f"{v:.1f}" for v in gx] + [("-" if v <= 0 else "") + f"{abs(v):.1f}" for v in gy]
RECORDS = [(15, "14.0", df, False, None), (17, "6", d2f, False, None), (20, "6.0", d2f, False, None)]
for _line in (29, 47, 74):
    RECORDS += [(_line, p, t, False, None) for p, t in zip(_pairs, gx + gy)]
RECORDS += [(44, "1", g_value, False, None), (74, "1", g_value, False, None)]
_second = [("0.0", ga[0]), ("0.5", ga[1]), ("-0.0", gb[0]), ("-1.0", gb[1]),
           ("-0.0", gyy[0]), ("-0.25", gyy[1])]
for _line in (60, 66):
    RECORDS += [(_line, p, t, False, None) for p, t in _second]
RECORDS += [(94, "0.0", gx[0], False, None), (95, "2.0", gx[1], False, None),
            (99, "-0.0", gy[0], False, None), (100, "-2.0", gy[1], False, None)]
RECORDS += [(253, "26", chain, False, None)]
GIVENS += [(253, "5", 5.0)]
