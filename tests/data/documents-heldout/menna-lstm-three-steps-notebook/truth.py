"""Truth for menna-lstm-three-steps-notebook: a scalar LSTM cell run over the sequence 1, 2, 3 from
h = c = 0 with (input weight, recurrent weight, bias) = (0.5, 0.1, 0) for the forget gate,
(0.6, 0.2, 0) input, (0.7, 0.3, 0) candidate, (0.8, 0.4, 0) output: f = σ(W_f x + W_hf h + b_f),
i = σ(…), c̃ = tanh(…), c = f c_prev + i c̃, o = σ(…), h = o tanh(c); then 4 · h_3. Math module
only.
"""
import math


def sigmoid(v: float) -> float:
    return 1 / (1 + math.exp(-v))


PARAMS = {"forget": (0.5, 0.1, 0.0), "input": (0.6, 0.2, 0.0), "cell": (0.7, 0.3, 0.0),
          "output": (0.8, 0.4, 0.0)}


def gate(name: str, x: float, h: float) -> float:
    w, wh, b = PARAMS[name]
    return w * x + wh * h + b


def run(sequence: list[float]) -> list[dict[str, float]]:
    h = c = 0.0
    steps = []
    for x in sequence:
        f = sigmoid(gate("forget", x, h))
        i = sigmoid(gate("input", x, h))
        cand = math.tanh(gate("cell", x, h))
        c = f * c + i * cand
        o = sigmoid(gate("output", x, h))
        h = o * math.tanh(c)
        steps.append({"f": f, "i": i, "cand": cand, "c": c, "o": o, "h": h})
    return steps


S = run([1.0, 2.0, 3.0])
PREDICTED = 4 * S[-1]["h"]

GIVENS = [(80, "0.5", 0.5), (80, "0.1", 0.1), (94, "1", 1.0), (94, "2", 2.0), (94, "3", 3.0)]

ORDER = ("f", "i", "cand", "c", "o", "h")
_numbers = []
for step, first_line, printed in ((0, 118, ("0.6225", "0.6457", "0.6044", "0.3902", "0.6900", "0.2564")),
                                  (1, 126, ("0.7361", "0.7775", "0.9009", "0.9877", "0.8459", "0.6398")),
                                  (2, 134, ("0.8269", "0.8730", "0.9798", "1.6721", "0.9344", "0.8707"))):
    for offset, (key, text) in enumerate(zip(ORDER, printed)):
        _numbers.append((first_line + offset, text, S[step][key]))
_numbers.append((162, "3.48271", PREDICTED))

RECORDS = [(line, printed, value, False, None) for line, printed, value in _numbers]
