"""Truth for jax101-advanced-autodiff-notebook: JAX 101 "Advanced Automatic Differentiation".

- f(x) = x³ + 2x² − 3x + 1 and its derivatives at x = 1: f' = 3x² + 4x − 3, f'' = 6x + 4, f''' = 6,
  f⁗ = 0 (stated in Markdown, then printed by jax.grad stacked four times);
- the Hessian of x·x at [1, 2, 3]: 2 on the diagonal, 0 elsewhere (stated, then printed);
- TD(0) with the linear value v(θ, s) = θ·s, θ = [0.1, −0.1, 0], s_{t−1} = [1, 2, −1], r_t = 1,
  s_t = [2, 1, 0]: δ = r_t + v(s_t) − v(s_{t−1}); the gradient of −½δ² without stop_gradient is
  −δ (s_t − s_{t−1}), with stop_gradient on the target it is δ s_{t−1}; per-example gradients of a
  batch of two copies are the same row twice;
- round(3.2) = 3, the straight-through value 3 and the gradients 0 (round) and 1 (straight-through).

Lines are lines of the .ipynb file. The symbolic derivatives of the Markdown (3x² + 4x − 3 …) are
not records; neither are the %timeit timings (7.74 ms, 86.2 µs), which measure a machine.
JAX prints float32; every printed digit string here agrees with the float64 value.
"""

x0 = 1.0
fp = 3 * x0 ** 2 + 4 * x0 - 3
fpp = 6 * x0 + 4
fppp = 6.0
fpppp = 0.0

theta = [0.1, -0.1, 0.0]
s_tm1 = [1.0, 2.0, -1.0]
r_t = 1.0
s_t = [2.0, 1.0, 0.0]


def value(th: list, s: list) -> float:
    return sum(a * b for a, b in zip(th, s))


delta = r_t + value(theta, s_t) - value(theta, s_tm1)
naive = [-delta * (a - b) for a, b in zip(s_t, s_tm1)]
td = [delta * b for b in s_tm1]

V = {"fp": fp, "fpp": fpp, "fppp": fppp, "fpppp": fpppp, "h_diag": 2.0, "h_off": 0.0,
     "naive1": naive[0], "naive2": naive[1], "naive3": naive[2],
     "td1": td[0], "td2": td[1], "td3": td[2],
     "round": float(round(3.2)), "straight": float(round(3.2)), "grad_round": 0.0, "grad_straight": 1.0}

GIVENS = [(196, "1.", 1.0), (196, "2.", 2.0), (196, "3.", 3.0),
          (253, "0.1", 0.1), (253, "-0.1", -0.1), (253, "0.", 0.0),
          (274, "1.", 1.0), (274, "2.", 2.0), (274, "-1.", -1.0), (275, "1.", 1.0),
          (276, "2.", 2.0), (276, "1.", 1.0), (276, "0.", 0.0),
          (469, "3.2", 3.2), (470, "3.2", 3.2), (472, "3.2", 3.2), (473, "3.2", 3.2)]

_TD_ROWS = [(359, "td"), (403, "td"), (417, "td"), (506, "td"), (507, "td"), (550, "td"),
            (595, "td"), (596, "td"), (633, "td"), (634, "td"), (670, "td"), (671, "td")]

# (line, printed, the quantity it stands for)
_numbers = [
    (95, "4", "fp"), (96, "10", "fpp"), (97, "6", "fppp"), (98, "0", "fpppp"),
    (117, "4.0", "fp"), (118, "10.0", "fpp"), (119, "6.0", "fppp"), (120, "0.0", "fpppp"),
    (164, "2", "h_diag"), (164, "0", "h_off"),
    (178, "2.", "h_diag"), (178, "0.", "h_off"), (178, "0.", "h_off"),
    (179, "0.", "h_off"), (179, "2.", "h_diag"), (179, "0.", "h_off"),
    (180, "0.", "h_off"), (180, "0.", "h_off"), (180, "2.", "h_diag"),
    (315, "-1.2", "naive1"), (315, "1.2", "naive2"), (315, "-1.2", "naive3"),
    (452, "3.0", "round"), (453, "3.0", "straight"), (454, "0.0", "grad_round"),
    (455, "1.0", "grad_straight"),
]
for _line, _ in _TD_ROWS:
    _numbers += [(_line, "1.2", "td1"), (_line, "2.4", "td2"), (_line, "-1.2", "td3")]

RECORDS = [(line, printed, V[name], False, None) for line, printed, name in _numbers]
