"""Truth for ahammadnafiz-encoder-decoder-lstm-bengali: an LSTM encoder-decoder translating
"I love Bangladesh" into Bengali, worked by hand with 4-dimensional vectors. The encoder's first
forget gate is computed from the stated W_f, b_f and x_1; every other gate vector (f, i, c̃, o) is
stated by the text (premises). Derived: element-wise products and sums of the cell states,
tanh of the cell states, hidden states, the output logits (dot products plus bias), exponentials,
cosine similarities, cross-entropy losses, a gradient and an update, and a few closing estimates
(0.8^T, 50 · log2 10000). True values follow the exact chain from the premises (the document
rounds every vector to 2 decimals and carries the rounded values). Math module only.
"""
import math


def sigmoid(z):
    return 1 / (1 + math.exp(-z))


def mul(u, v):
    return [a * b for a, b in zip(u, v)]


def add(u, v):
    return [a + b for a, b in zip(u, v)]


def tanh(u):
    return [math.tanh(a) for a in u]


def dot(u, v):
    return sum(a * b for a, b in zip(u, v))


def _agrees(printed, true):
    s = printed.lstrip("+-")
    decimals = len(s.partition(".")[2])
    return abs(true - float(printed)) <= 0.5 * 10.0 ** -decimals * (1 + 1e-9) + 1e-12 * max(1.0, abs(true))


# ---- encoder, time step 1 (W_f, b_f, x_1 stated; the text applies each row of W_f to the x part)
X1 = [0.8, 0.2, 0.1, 0.9]
WF = [[0.5, 0.2, 0.1, 0.3], [0.1, 0.4, 0.6, 0.2], [0.3, 0.1, 0.5, 0.4], [0.2, 0.6, 0.1, 0.3]]
BF = [-0.5, -0.8, 0.2, -0.6]
TERMS = [[w * x for w, x in zip(row, X1)] for row in WF]
WFX = [sum(t) for t in TERMS]
PRE1 = add(WFX, BF)
F1 = [sigmoid(z) for z in PRE1]
I1, CT1, O1 = [0.8, 0.7, 0.3, 0.9], [0.4, 0.3, 0.8, 0.2], [0.6, 0.8, 0.4, 0.7]
C0 = [0, 0, 0, 0]
FC1, IC1 = mul(F1, C0), mul(I1, CT1)
C1 = add(FC1, IC1)
TC1 = tanh(C1)
H1 = mul(O1, TC1)
# ---- time step 2 (gates stated)
F2, I2, CT2, O2 = ([0.72, 0.65, 0.45, 0.83], [0.85, 0.79, 0.61, 0.74],
                   [0.6, 0.7, 0.4, 0.8], [0.68, 0.72, 0.59, 0.81])
FC2, IC2 = mul(F2, C1), mul(I2, CT2)
C2 = add(FC2, IC2)
TC2 = tanh(C2)
H2 = mul(O2, TC2)
# ---- time step 3
F3, I3, CT3, O3 = ([0.78, 0.71, 0.66, 0.85], [0.64, 0.89, 0.75, 0.82],
                   [0.2, 0.8, 0.7, 0.6], [0.73, 0.86, 0.69, 0.91])
FC3, IC3 = mul(F3, C2), mul(I3, CT3)
C3 = add(FC3, IC3)
TC3 = tanh(C3)
H3 = mul(O3, TC3)
CONTEXT = H3 + C3
C_LOVE_INDIA = [0.44, 0.69, 0.43, 0.71, 0.69, 1.18, 0.74, 1.09]
C_HATE = [0.46, -0.72, 0.45, 0.75, 0.73, -1.21, 0.77, -1.10]


def cosine(u, v):
    return dot(u, v) / math.sqrt(dot(u, u) * dot(v, v))


# ---- decoder (initial state = the encoder's final state; gates stated)
DF1, DI1, DCT1, DO1 = ([0.68, 0.72, 0.65, 0.81], [0.75, 0.69, 0.78, 0.83],
                       [0.4, 0.5, 0.3, 0.6], [0.73, 0.81, 0.69, 0.88])
DFC1, DIC1 = mul(DF1, C3), mul(DI1, DCT1)
DC1 = add(DFC1, DIC1)
DTC1 = tanh(DC1)
DH1 = mul(DO1, DTC1)
LOGITS1 = [dot([1.2, 0.8, 1.5, 0.9], DH1) + 0.3, dot([0.3, 0.2, 0.1, 0.4], DH1) + 0.1,
           dot([0.2, 0.3, 0.2, 0.1], DH1) + 0.05]
DF2, DI2, DCT2, DO2 = ([0.74, 0.81, 0.69, 0.85], [0.82, 0.76, 0.88, 0.79],
                       [0.5, 0.7, 0.4, 0.8], [0.71, 0.85, 0.62, 0.91])
DFC2, DIC2 = mul(DF2, DC1), mul(DI2, DCT2)
DC2 = add(DFC2, DIC2)
DH2 = mul(DO2, tanh(DC2))
LOGITS2 = [dot([0.9, 1.2, 0.8, 1.1], DH2) + 0.5, dot([0.8, 0.9, 0.7, 0.6], DH2) + 0.2,
           dot([0.3, 0.4, 0.9, 1.0], DH2) + 0.1]
DF3, DI3, DCT3, DO3 = ([0.89, 0.92, 0.87, 0.94], [0.85, 0.78, 0.91, 0.82],
                       [0.6, 0.8, 0.7, 0.9], [0.81, 0.89, 0.74, 0.96])
DFC3, DIC3 = mul(DF3, DC2), mul(DI3, DCT3)
DC3 = add(DFC3, DIC3)
DH3 = mul(DO3, tanh(DC3))
LOGITS3 = [dot([1.1, 1.3, 0.9, 1.2], DH3) + 0.8, dot([1.0, 1.1, 0.8, 1.0], DH3) + 0.3,
           dot([0.3, 0.4, 0.5, 0.2], DH3) + 0.1]
DH4 = [0.89, 0.93, 0.88, 0.98]  # stated with c_4 (no computation shown)
LOGITS4 = [dot([1.5, 1.2, 1.1, 1.4], DH4) + 1.2, dot([0.2, 0.3, 0.1, 0.4], DH4) + 0.1,
           dot([0.1, 0.2, 0.3, 0.2], DH4) + 0.05]
SEQ_P = 0.85 * 0.78 * 0.92 * 0.94            # the stated word probabilities
# ---- training
L1, L2, L3, L4 = -math.log(0.3), -math.log(0.1), -math.log(0.1), -math.log(0.05)
L_TOTAL = L1 + L2 + L3 + L4
GRAD_LOGIT = 0.3 - 1
GRAD_W = GRAD_LOGIT * DH1[1]
STEP = -0.001 * GRAD_W
WRONG_SEQ = 0.6 * 0.4 * 0.7 * 0.8
BITS = math.log2(10000)

GIVENS = [(193, "0.8", 0.8), (193, "0.9", 0.9), (198, "-0.5", -0.5), (198, "-0.8", -0.8),
          (213, "0.8", 0.8), (216, "0.4", 0.4), (224, "0.6", 0.6), (239, "0.9", 0.9),
          (253, "0.72", 0.72), (260, "0.85", 0.85), (261, "0.6", 0.6), (272, "0.68", 0.68),
          (296, "0.78", 0.78), (305, "0.64", 0.64), (306, "0.2", 0.2), (317, "0.73", 0.73),
          (441, "0.68", 0.68), (442, "0.75", 0.75), (443, "0.4", 0.4), (451, "0.73", 0.73),
          (502, "0.74", 0.74), (511, "0.82", 0.82), (512, "0.5", 0.5), (564, "0.89", 0.89),
          (633, "0.89", 0.89), (1005, "1.85", 1.85), (1006, "1.23", 1.23), (1208, "0.8", 0.8)]

_R = []  # (line, printed, true, cause if wrong)


def vec(line, printed, true, cause="rounding_carried"):
    for p, t in zip(printed.split(), true):
        _R.append((line, p, t, None if _agrees(p, t) else cause))


def one(line, printed, true, cause="rounding_carried"):
    _R.append((line, printed, true, None if _agrees(printed, true) else cause))


# encoder step 1: the 16 products (row 2's 0.4·0.2 written 0.04), the sums, the bias, σ
vec(205, "0.4 0.04 0.01 0.27", TERMS[0])
vec(205, "0.08 0.04 0.06 0.18", TERMS[1], "arithmetic")
vec(205, "0.24 0.02 0.05 0.36", TERMS[2])
vec(205, "0.16 0.12 0.01 0.27", TERMS[3])
vec(205, "0.72 0.36 0.67 0.56", WFX, "carried_error")
vec(207, "0.22 -0.44 0.87 -0.04", PRE1, "carried_error")
vec(210, "0.55 0.39 0.70 0.49", F1, "carried_error")
vec(221, "0 0 0 0", FC1)
vec(221, "0.32 0.21 0.24 0.18", IC1)
vec(221, "0.32 0.21 0.24 0.18", C1)
vec(227, "0.31 0.21 0.24 0.18", TC1)
vec(227, "0.19 0.17 0.09 0.12", H1)
vec(230, "0.55 0.39 0.70 0.49", F1, "carried_error")
vec(242, "0.19 0.17 0.09 0.12", H1)
# step 2
vec(257, "0.23 0.14 0.11 0.15", FC2)
vec(265, "0.51 0.55 0.24 0.59", IC2)
vec(269, "0.74 0.69 0.35 0.74", C2)
vec(273, "0.63 0.60 0.34 0.63", TC2)
vec(274, "0.43 0.43 0.20 0.51", H2)
for line, value, printed in zip((278, 279, 280, 281), C2, ("0.74", "0.69", "0.35", "0.74")):
    one(line, printed, value)
vec(293, "0.43 0.43 0.20 0.51", H2)
# step 3 (0.73 × 0.61 = 0.45 and 0.86 × 0.83 = 0.71 on the rounded tanh)
vec(302, "0.58 0.49 0.23 0.63", FC3)
vec(310, "0.13 0.71 0.53 0.49", IC3)
vec(314, "0.71 1.20 0.76 1.12", C3)
vec(318, "0.61 0.83 0.64 0.81", TC3)
vec(319, "0.45 0.71 0.44 0.74", H3)
for line, value, printed in zip((322, 323, 324, 325), C3, ("0.71", "1.20", "0.76", "1.12")):
    one(line, printed, value)
vec(342, "0.45 0.71 0.44 0.74 0.71 1.20 0.76 1.12", CONTEXT)
one(345, "8", 2 * 4)
one(346, "0.5", 4 / 8)
one(351, "3750", 3 * 10000 / 8)
for line, value, printed in zip((358, 359, 360, 361), H3, ("0.45", "0.71", "0.44", "0.74")):
    one(line, printed, value)
for line, value, printed in zip((364, 365, 366, 367), C3, ("0.71", "1.20", "0.76", "1.12")):
    one(line, printed, value)
vec(372, "0.45 0.71 0.44 0.74 0.71 1.20 0.76 1.12", CONTEXT)
# cos(C, C') = 0.9997 and cos(C, C'') = 0.0008 from the text's own vectors: both printed values are off
one(380, "0.98", cosine(CONTEXT, C_LOVE_INDIA), "arithmetic")
one(381, "-0.87", cosine(CONTEXT, C_HATE), "arithmetic")
vec(385, "0.45 0.71 0.44 0.74 0.71 1.20 0.76 1.12", CONTEXT)
# decoder initial state and step 1
vec(420, "0.45 0.71 0.44 0.74", H3)
vec(421, "0.71 1.20 0.76 1.12", C3)
one(426, "0", 0.0)
vec(438, "0.45 0.71 0.44 0.74", H3)
vec(448, "0.48 0.86 0.49 0.91", DFC1)
vec(448, "0.30 0.35 0.23 0.50", DIC1)
vec(448, "0.78 1.21 0.72 1.41", DC1)
vec(452, "0.65 0.84 0.62 0.89", DTC1)
vec(453, "0.47 0.68 0.43 0.78", DH1)
# 1.2(0.47) + 0.8(0.68) + 1.5(0.43) + 0.9(0.78) + 0.3 = 2.755, printed 2.85
one(466, "2.85", LOGITS1[0], "arithmetic")
one(467, "0.79", LOGITS1[1], "digit_slip")
one(468, "0.67", LOGITS1[2], "arithmetic")
# exp of the printed (wrong) logits
one(475, "17.29", math.exp(LOGITS1[0]), "carried_error")
one(475, "2.20", math.exp(LOGITS1[1]), "carried_error")
one(475, "1.95", math.exp(LOGITS1[2]), "carried_error")
vec(499, "0.47 0.68 0.43 0.78", DH1)
# decoder step 2 (o_2 stated inline; 0.62·tanh(0.85) = 0.43 and 0.91·tanh(1.83) = 0.86 printed 0.55, 0.84)
vec(516, "0.58 0.98 0.50 1.20", DFC2)
vec(516, "0.41 0.53 0.35 0.63", DIC2)
vec(516, "0.99 1.51 0.85 1.83", DC2)
vec(519, "0.54 0.77 0.55 0.84", DH2, "arithmetic")
one(525, "3.21", LOGITS2[0], "arithmetic")
one(526, "2.26", LOGITS2[1], "arithmetic")
one(527, "2.04", LOGITS2[2], "arithmetic")
vec(561, "0.54 0.77 0.55 0.84", DH2, "carried_error")
# decoder step 3
vec(573, "0.88 1.39 0.74 1.72", DFC3)
vec(573, "0.51 0.62 0.64 0.74", DIC3)
vec(573, "1.39 2.01 1.38 2.46", DC3)
vec(576, "0.68 0.85 0.68 0.93", DH3, "arithmetic")
one(582, "4.89", LOGITS3[0], "arithmetic")
one(583, "3.89", LOGITS3[1], "arithmetic")
one(584, "1.27", LOGITS3[2], "arithmetic")
one(597, "2.01", DC3[1])
vec(630, "0.68 0.85 0.68 0.93", DH3, "carried_error")
one(640, "6.58", LOGITS4[0], "arithmetic")
one(644, "1.05", LOGITS4[1], "digit_slip")
one(645, "0.83", LOGITS4[2], "arithmetic")
one(670, "0.574", SEQ_P, "digit_slip")
# training
one(765, "1.204", L1)
one(773, "2.303", L2)
one(781, "2.303", L3)
one(785, "2.996", L4)
one(788, "8.806", L_TOTAL)
one(792, "0", -math.log(1))
one(793, "9.21", -math.log(1 / 10000))
one(795, "8.806", L_TOTAL)
one(818, "-0.7", GRAD_LOGIT)
one(860, "-0.476", GRAD_W)
one(863, "0.000476", STEP)
one(920, "0.134", WRONG_SEQ)
vec(993, "0.23 0.14 0.11 0.15", FC2)
one(998, "55", 100 * (1 - 0.45))
one(1007, "0.62", 1.85 - 1.23)
vec(1025, "0.13 0.71 0.53 0.49", IC3)
for line, value, printed in zip((1028, 1029, 1030, 1031), IC3, ("0.13", "0.71", "0.53", "0.49")):
    one(line, printed, value)
vec(1055, "0.65 0.84 0.62 0.89", DTC1)
vec(1056, "0.47 0.68 0.43 0.78", DH1)
vec(1059, "0.68 0.78", (DH1[1], DH1[3]))
vec(1060, "0.47 0.43", (DH1[0], DH1[2]))
one(1173, "13.3", BITS)
one(1174, "665", 50 * BITS)
one(1212, "0.107", 0.8 ** 10)
one(1212, "10.7", 100 * 0.8 ** 10)
one(1213, "0.011", 0.8 ** 20, "truncated")
one(1213, "1.1", 100 * 0.8 ** 20, "truncated")
one(1214, "0.000001", 0.8 ** 50, "arithmetic")

RECORDS = [(line, printed, value, cause is not None, cause) for line, printed, value, cause in _R]
