"""Truth for zygote-julia-complex-gradients: the complex gradients printed in Zygote.jl's "Complex
Differentiation" page, recomputed with Python's complex numbers and the math module.

At c = 1 + 2i (x = 1, y = 2, |c|² = 5), Zygote's gradient of a real-valued f is
∂f/∂x + i ∂f/∂y:
- abs2(c) = x² + y²: 2x + 2yi = 2 + 4i;
- real(log c) = ln|c|: (x + yi)/|c|² = 0.2 + 0.4i, conjugated 0.2 − 0.4i;
- imag(log c) = atan2(y, x): (−y + xi)/|c|² = −0.4 + 0.2i; conj(−i·that) = 0.2 − 0.4i (Cauchy–Riemann);
- with log(c') (c' the conjugate): real part as before, 0.2 − 0.4i; imag(log c') = −atan2(y, x) has
  gradient 0.4 − 0.2i and conj(−i·that) = −0.2 + 0.4i (the non-holomorphic case disagrees);
- Wirtinger derivatives (∂f/∂z, ∂f/∂z̄): for 3z² + 2z + 1, (6z + 2, 0) = (8 + 12i, 0); for
  abs2(z) = z z̄, (z̄, z) = (1 − 2i, 1 + 2i).

Each complex number is two records, its real and its imaginary part, with the sign printed before
the imaginary part ("0.2 - 0.4im" has the imaginary part −0.4).
"""

c = complex(1.0, 2.0)
x, y = c.real, c.imag
r2 = x * x + y * y

g_abs2 = complex(2 * x, 2 * y)
g_real_log = complex(x / r2, y / r2)
g_imag_log = complex(-y / r2, x / r2)
cr_check = (-1j * g_imag_log).conjugate()
g_imag_log_conj = complex(y / r2, -x / r2)
cr_fail = (-1j * g_imag_log_conj).conjugate()
w_poly = (6 * c + 2, 0j)
w_abs2 = (c.conjugate(), c)

GIVENS = [(10, "1", 1.0), (10, "2", 2.0), (19, "1", 1.0), (19, "2", 2.0), (26, "1", 1.0), (26, "2", 2.0),
          (33, "1", 1.0), (33, "2", 2.0), (36, "1", 1.0), (36, "2", 2.0), (55, "3", 3.0), (55, "2", 2.0),
          (55, "1", 1.0), (58, "1", 1.0), (58, "2", 2.0)]


def _parts(line: int, printed_re: str, printed_im: str, value: complex) -> list:
    return [(line, printed_re, value.real, False, None), (line, printed_im, value.imag, False, None)]


RECORDS = (_parts(11, "2.0", "4.0", g_abs2)
           + _parts(20, "0.2", "-0.4", g_real_log.conjugate())
           + _parts(27, "0.2", "-0.4", cr_check)
           + _parts(34, "0.2", "-0.4", g_real_log.conjugate())
           + _parts(37, "-0.2", "0.4", cr_fail)
           + _parts(56, "8.0", "12.0", w_poly[0]) + _parts(56, "0.0", "0.0", w_poly[1])
           + _parts(59, "1.0", "-2.0", w_abs2[0]) + _parts(59, "1.0", "2.0", w_abs2[1]))
