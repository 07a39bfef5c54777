"""Truth for samsel-simple-backprop-math-fences: a 2-2-1 sigmoid network (weights from the README's
image, confirmed by the products written in its text), inputs A = 0.35, B = 0.9, target 0.5,
learning rate 1, update w ← w + η δ · input with δ = (target − out) out (1 − out) at the output and
δ_h = δ · w_old · out_h (1 − out_h) at a hidden neuron (the old output weight, before its update).

The README writes the hidden deltas as mantissas "× 10^-3": those printed numbers stand for
δ·10³ and are recorded so. A value printed twice on one line as the same quantity is recorded
once. No import but math.
"""
import math


def sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


A, B, target, rate = 0.35, 0.9, 0.5, 1.0
w_A_top, w_B_top, w_A_bottom, w_B_bottom = 0.1, 0.8, 0.4, 0.6
w1, w2 = 0.3, 0.9  # top → output, bottom → output

in_top = A * w_A_top + B * w_B_top
in_bottom = B * w_B_bottom + A * w_A_bottom
out_top, out_bottom = sigmoid(in_top), sigmoid(in_bottom)
in_final = w1 * out_top + w2 * out_bottom
out = sigmoid(in_final)
delta = (target - out) * (1 - out) * out
w1_new = w1 + rate * delta * out_top
w2_new = w2 + rate * delta * out_bottom
delta1 = delta * w1 * out_top * (1 - out_top)
delta2 = delta * w2 * out_bottom * (1 - out_bottom)
V = {
    "in_top": in_top, "in_bottom": in_bottom, "out_top": out_top, "out_bottom": out_bottom,
    "in_final": in_final, "out": out, "delta": delta, "w1_new": w1_new, "w2_new": w2_new,
    "w1_old": w1, "w2_old": w2, "delta1_e3": delta1 * 1e3, "delta2_e3": delta2 * 1e3,
    "w3_new": w_A_top + rate * delta1 * A, "w4_new": w_B_top + rate * delta1 * B,
    "w5_new": w_A_bottom + rate * delta2 * A, "w6_new": w_B_bottom + rate * delta2 * B,
}

GIVENS = [(18, "0.35", 0.35), (18, "0.1", 0.1), (18, "0.9", 0.9), (18, "0.8", 0.8), (23, "0.9", 0.9),
          (23, "0.6", 0.6), (23, "0.35", 0.35), (23, "0.4", 0.4), (38, "0.3", 0.3), (38, "0.9", 0.9),
          (48, "0.5", 0.5), (54, "0.3", 0.3), (55, "0.9", 0.9), (68, "0.35", 0.35), (69, "0.9", 0.9),
          (70, "0.35", 0.35), (71, "0.9", 0.9)]

# (line, printed, the quantity it stands for)
_numbers = [
    (18, "0.755", "in_top"),
    (23, "0.68", "in_bottom"),
    (28, "0.755", "in_top"),
    (28, "0.68", "out_top"),
    (33, "0.68", "in_bottom"),
    (33, "0.6637", "out_bottom"),
    (38, "0.68", "out_top"),
    (38, "0.6637", "out_bottom"),
    (38, "0.80133", "in_final"),
    (43, "0.80133", "in_final"),
    (43, "0.69", "out"),
    (48, "0.69", "out"),
    (48, "-0.0406", "delta"),
    (54, "-.0406", "delta"),
    (54, "0.68", "out_top"),
    (54, "0.272392", "w1_new"),
    (55, "-.0406", "delta"),
    (55, "0.6637", "out_bottom"),
    (55, "0.87305", "w2_new"),
    (61, "-0.0406", "delta"),
    (61, "0.272392", "w1_old"),
    (61, "0.68", "out_top"),
    (62, "-0.0406", "delta"),
    (62, "0.87305", "w2_old"),
    (62, "0.6637", "out_bottom"),
    (68, "-2.406", "delta1_e3"),
    (68, "0.09916", "w3_new"),
    (69, "-2.406", "delta1_e3"),
    (69, "0.7978", "w4_new"),
    (70, "-7.916", "delta2_e3"),
    (70, "0.3972", "w5_new"),
    (71, "-7.916", "delta2_e3"),
    (71, "0.5928", "w6_new"),
]

CAUSE = {"in_final": "rounding_carried", "delta": "rounding_carried", "w1_new": "rounding_carried",
         "w2_new": "rounding_carried", "w1_old": "updated_weights", "w2_old": "updated_weights",
         "delta1_e3": "updated_weights", "delta2_e3": "updated_weights", "w3_new": "carried_error",
         "w4_new": "carried_error", "w5_new": "carried_error", "w6_new": "carried_error"}

RECORDS = [(line, printed, V[name], name in CAUSE, CAUSE.get(name)) for line, printed, name in _numbers]
