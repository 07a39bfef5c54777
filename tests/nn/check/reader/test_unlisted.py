"""Nothing silent, the last net (nn/check/reader/unlisted.py): a number printed in a code output that
no row, given, repeat or entry records is listed with its line; so is a prose number of a part that
states no givens of its own. Truths computed here in plain Python."""

from __future__ import annotations

from nn.check.reader import unlisted
from nn.check.reader.unlisted import OUTPUT_REASON, PROSE_REASON, output_numbers, prose_numbers


def _correlate_valid(a: list[list[float]], k: list[list[float]]) -> list[list[float]]:
    n, m = len(a) - len(k) + 1, len(a[0]) - len(k[0]) + 1
    return [[sum(a[i + p][j + q] * k[p][q] for p in range(len(k)) for q in range(len(k[0])))
             for j in range(m)] for i in range(n)]


def test_a_result_of_a_function_the_interpreter_does_not_know_is_listed_number_by_number(check_text,
                                                                                         not_checked):
    a = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]
    k = [[1.0, 0.0], [0.0, -1.0]]
    truth = _correlate_valid(a, k)
    rows = [", ".join(f"{v:.0f}." for v in row) for row in truth]
    text = ("# Correlation\n\n```python\nimport numpy as np\nfrom scipy import signal\n"
            f"a = np.asarray({a})\nk = np.asarray({k})\nsignal.correlate2d(a, k, mode='valid')\n```\n\n"
            f"```\narray([[{rows[0]}],\n       [{rows[1]}]])\n```\n")
    result = check_text(text)
    first = text.split("\n").index(f"array([[{rows[0]}],") + 1
    listed = sorted((line, t) for line, t, reason in not_checked(result) if reason == OUTPUT_REASON)
    expected = sorted((first + i, f"{v:.0f}.") for i, row in enumerate(truth) for v in row)
    assert listed == expected
    missed = sum(len(p.reading.skipped) for p in result.all())
    assert f"{missed} not read" in result.coverage() and missed >= len(expected)


def test_shapes_counters_names_and_exponents_are_no_printed_values():
    printed = "torch.Size([2, 3])\n(2, 3)\nEpoch 3 of 10\nx1 float32 2^3\n[[1 2]\n [3 4]]\nloss 0.25"
    assert output_numbers(1, printed) == [(5, "1"), (5, "2"), (6, "3"), (6, "4"), (7, "0.25")]


def test_prose_rules_skip_headings_ordinals_and_years():
    lines = [(1, "# Step 2"), (2, "1. First we add."), (3, "In 2021 the gradient of c is -2."),
             (4, "The layer x2 has 3 units.")]
    assert prose_numbers(lines) == [(3, "-2"), (4, "3")]


def test_a_prose_number_beside_code_that_states_the_givens_is_listed(check_text, not_checked, row_dicts):
    a, b = 2.0, -3.0
    grad_c = 2 * (a + b)  # d = c², dd/dc = 2c
    text = ("# Micrograd\n\n```python\nfrom micrograd.engine import Value\n"
            f"a = Value({a})\nb = Value({b})\nc = a + b\nd = c * c\nd.backward()\nprint(d.data)\n```\n\n"
            f"```\n{(a + b) ** 2}\n```\n\nThe gradient of c is {grad_c:g}.\n\n"
            "On our laptop the backward pass took 0.35 milliseconds.\n")
    result = check_text(text)
    lines = text.split("\n")
    gradient = lines.index(f"The gradient of c is {grad_c:g}.") + 1
    timing = lines.index("On our laptop the backward pass took 0.35 milliseconds.") + 1
    checked = {(r["source"], r["document"], r["verdict"]) for r in row_dicts(result)}
    assert (f"line {gradient}", f"{grad_c:g}", "match") in checked  # a claim about the code's graph
    assert [(at, t) for at, t, reason in not_checked(result) if reason.startswith(PROSE_REASON)] == [
        (timing, "0.35")]


def test_the_net_is_linear_in_the_printed_lines_doubling(monkeypatch):
    """Each printed number is keyed once and each recorded line pooled once: doubling the output
    doubles the work."""
    calls = []
    real = unlisted._key

    def counted(token: str):
        calls.append(token)
        return real(token)

    monkeypatch.setattr(unlisted, "_key", counted)

    def work(n: int) -> int:
        calls.clear()
        text = "\n".join(f"loss {k}.5" for k in range(n))
        assert len(unlisted.unlisted_outputs([(1, text)], [])) == n
        return len(calls)

    assert work(2000) == 2 * work(1000) == 2000
