"""Truth for flax-jax-for-the-impatient-notebook: the derived numbers of Flax's "JAX for the
Impatient" notebook (executed), recomputed in float64.

- jnp.dot(n, m) with n = [[1, 2, 3, 4], [5, 6, 7, 8]] and m the 4×4 matrix of ones: every entry of
  a row is the row sum, 10 and 26;
- f(x) = ½ xᵀx at x = ones(4): 2; its gradient x, printed at a random v that the output prints
  first (the printed v is the given; the gradient equals it);
- f(x) = ½ x⊙x (elementwise) at a random x printed by the notebook: f(x) = x²/2 from the printed
  x, the JVP with tangent ones, (f(x), x), and the VJP with cotangent ones, x;
- pytrees: the squares of the leaves 1, 2, 3, 4, 5 of [1, {k1: 2, k2: (3, 4)}, 5] and the sums
  x + x²; a comment counting the 5 leaves.

JAX prints float32. The values computed here from the printed (8-digit) x agree with the printed
f(x) at their precision except where a record says float32. Not records: numbers from random draws
the text does not print (jnp.dot(x, m) with an unprinted x, the regression's gradients and losses,
the PRNG keys and normal draws), %timeit lines, the array set by `x.at[0, 0].set(3.0)`.
"""

n_rows = [[1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0]]
row_sums = [sum(r) for r in n_rows]

ones4 = [1.0] * 4
half_norm = sum(v * v for v in ones4) / 2.0

v_printed = ["1.8160859", "-0.7548852", "0.33988902", "-0.5348355"]
x_printed = ["0.18784378", "-1.2833427", "-0.27109176", "1.2490592", "0.24446994"]
x = [float(s) for s in x_printed]
fx = [xi * xi / 2.0 for xi in x]
tangent = [xi * 1.0 for xi in x]          # d(x²/2) · 1
cotangent = [1.0 * xi for xi in x]        # 1 · d(x²/2)

leaves = [1.0, 2.0, 3.0, 4.0, 5.0]
squares = [t * t for t in leaves]
sums = [t + t * t for t in leaves]

GIVENS = [(89, "5.0", 5.0), (89, "6.0", 6.0), (89, "7.0", 7.0), (89, "8.0", 8.0),
          (946, "1", 1.0), (946, "2", 2.0), (946, "3", 3.0), (946, "4", 4.0), (946, "5", 5.0)]
GIVENS += [(538, s, float(s)) for s in v_printed] + [(649, s, float(s)) for s in x_printed]


def _rec(line: int, printed: str, true: float) -> tuple:
    ok = abs(float(printed) - true) <= 0.5 * 10.0 ** -len(printed.partition(".")[2]) * (1 + 1e-9) + 1e-12
    return (line, printed, true, not ok, None if ok else "float32")


fx_printed = ["0.01764264", "0.82348424", "0.03674537", "0.7800744", "0.02988278"]

RECORDS = [_rec(118, "10.", row_sums[0]) for _ in range(4)]
RECORDS += [_rec(119, "26.", row_sums[1]) for _ in range(4)]
RECORDS += [_rec(494, "2.", half_norm)]
RECORDS += [_rec(540, s, float(s)) for s in v_printed]
RECORDS += [_rec(597, p, t) for p, t in zip(fx_printed, fx)]
RECORDS += [_rec(599, p, t) for p, t in zip(fx_printed, fx)]
RECORDS += [_rec(599, p, t) for p, t in zip(x_printed[:4], tangent[:4])]
RECORDS += [_rec(600, x_printed[4], tangent[4])]
RECORDS += [_rec(650, p, t) for p, t in zip(x_printed, cotangent)]
RECORDS += [_rec(930, "5", float(len(leaves)))]
RECORDS += [_rec(972, f"{int(t)}", t) for t in squares]
RECORDS += [_rec(1007, f"{int(t)}", t) for t in sums]
