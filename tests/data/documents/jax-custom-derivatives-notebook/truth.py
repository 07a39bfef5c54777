"""Truth for jax-custom-derivatives-notebook: the printed results of JAX's "Custom derivative rules
for Python code" notebook whose premises are all in the text:
f(x, y) = sin(x)·y at (2, 3) with its JVP along x and its gradient (cells defining f with custom
JVP/VJP rules); log1pexp(x) = log(1 + eˣ) at 3, its derivative σ(x) at 3, at [0, 1, 2] and at 100;
f(x) = x / (1 + √x) with the one-sided derivative 1 at 0; newton_sqrt(a) = √a at 2 and at
[1, 2, 3, 4]; d/da √a and d²/da² √a at 2, through the implicit-function rule and through jnp.sqrt.
JAX computes in float32 and prints 7 to 9 significant digits; a printed float32 result whose last
digit differs from the exact value is wrong at its printed precision, cause float32. The "nan"
outputs are not numbers and not records. Lines are lines of the .ipynb file. Math module only.
"""
import math


def sigmoid(z):
    return 1.0 / (1.0 + math.exp(-z))


f_23 = math.sin(2.0) * 3.0
df_dx_23 = math.cos(2.0) * 3.0
log1pexp_3 = math.log(1.0 + math.exp(3.0))
d_log1pexp = [sigmoid(0.0), sigmoid(1.0), sigmoid(2.0)]
d_log1pexp_3 = sigmoid(3.0)
d_log1pexp_100 = sigmoid(100.0)
df_at_0 = (math.sqrt(0.0) + 2) / (2 * (math.sqrt(0.0) + 1) ** 2)  # the one-sided derivative
roots = [math.sqrt(a) for a in (1.0, 2.0, 3.0, 4.0)]
d_sqrt_2 = 0.5 / math.sqrt(2.0)
d2_sqrt_2 = -0.25 * 2.0 ** -1.5

GIVENS: list[tuple[int, str, float]] = []  # the arguments (2., 3., 100., 0.) are in code cells

RECORDS = [
    (73, "2.7278922", f_23, True, "float32"),
    (74, "2.7278922", f_23, True, "float32"),
    (75, "-1.2484405", df_dx_23, False, None),
    (76, "-1.2484405", df_dx_23, False, None),
    (120, "2.7278922", f_23, True, "float32"),
    (121, "2.7278922", f_23, True, "float32"),
    (122, "-1.2484405", df_dx_23, False, None),
    (123, "-1.2484405", df_dx_23, False, None),
    (181, "-1.2484405", df_dx_23, False, None),
    (231, "3.0485873", log1pexp_3, True, "float32"),
    (270, "3.0485873", log1pexp_3, True, "float32"),
    (271, "0.95257413", d_log1pexp_3, False, None),
    (272, "0.5", d_log1pexp[0], False, None),
    (272, "0.7310586", d_log1pexp[1], False, None),
    (272, "0.88079715", d_log1pexp[2], True, "float32"),
    (409, "1.0", d_log1pexp_100, False, None),
    (429, "3.0485873", log1pexp_3, True, "float32"),
    (430, "0.95257413", d_log1pexp_3, False, None),
    (431, "0.5", d_log1pexp[0], False, None),
    (431, "0.7310586", d_log1pexp[1], False, None),
    (431, "0.8807971", d_log1pexp[2], False, None),
    (477, "1.0", d_log1pexp_100, False, None),
    (478, "3.0485873", log1pexp_3, True, "float32"),
    (479, "0.95257413", d_log1pexp_3, False, None),
    (480, "0.5", d_log1pexp[0], False, None),
    (480, "0.7310586", d_log1pexp[1], False, None),
    (480, "0.8807971", d_log1pexp[2], False, None),
    (596, "1.0", df_at_0, False, None),
    (640, "1.0", df_at_0, False, None),
    (876, "1.4142135", roots[1], True, "float32"),
    (905, "1.", roots[0], False, None),
    (905, "1.4142135", roots[1], True, "float32"),
    (905, "1.7320508", roots[2], False, None),
    (905, "2.", roots[3], False, None),
    (999, "1.4142135", roots[1], True, "float32"),
    (1019, "0.35355335", d_sqrt_2, True, "float32"),
    (1020, "-0.088388346", d2_sqrt_2, True, "float32"),
    (1050, "0.35355338", d_sqrt_2, True, "float32"),
    (1051, "-0.08838835", d2_sqrt_2, False, None),
    (1765, "-1.2484405", df_dx_23, False, None),
]
