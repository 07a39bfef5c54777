"""Nothing silent (nn/check/reader/unaccounted.py): every number a document states in a claim is
checked (a row, a given, a repeat, a step of its own arithmetic) or listed with its line and why.

Small documents are generated with numbers in odd places (index letters, code spans, bare Unicode,
tables, restated givens, nudges, unknown names, inequalities); the truth of each value is computed
here in plain Python.
"""

from __future__ import annotations

import math
import random

from nn.check import check_document


def sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-z))


def _accounted(result) -> set[tuple[int, str]]:
    """(line, printed) of every number the report checked or listed, in every example."""
    out: set[tuple[int, str]] = set()
    for part in result.all():
        reading = part.reading
        if part.report is not None:
            out |= {(int(r.number.source.split()[-1]), r.number.value.lstrip("≈ "))
                    for r in part.report.rows if r.kind == "number" and r.number.source.startswith("line ")}
        out |= {(g.line, g.printed) for g in reading.givens}
        out |= {(r.line, r.printed) for r in reading.repeats}
        out |= {(s.line, s.printed) for s in reading.arithmetic}
        out |= {(s.line, f"listed: {s.text}") for s in reading.skipped}
    return out


def _listed_or_checked(accounted: set[tuple[int, str]], line: int, printed: str) -> bool:
    return (line, printed) in accounted or any(at == line and printed in text for at, text in accounted
                                               if text.startswith("listed: "))


def _document(rng: random.Random) -> tuple[str, list[tuple[int, str]]]:
    """A small network written with its numbers in odd places; the (line, printed) of each number."""
    x, w, b = rng.choice(["x", "u", "s"]), rng.choice(["w", "v", "a"]), rng.choice(["b", "c"])
    xv, wv, bv = round(rng.uniform(0.1, 2), 2), round(rng.uniform(-1, 1), 2), round(rng.uniform(-1, 1), 2)
    z = wv * xv + bv
    y = sigmoid(z)
    t = rng.choice([0.0, 1.0])
    loss = 0.5 * (t - y) ** 2
    grad = (y - t) * y * (1 - y) * xv
    index, count = rng.choice("ijkmn"), str(rng.randint(2, 9))
    arith, unknown, nudged = rng.choice(["1", "1.0", "1.5"]), f"{rng.uniform(1, 2):.3f}", f"{wv + 0.001:.3f}"
    after = f"{rng.uniform(0, 1):.4f}"
    lines: list[tuple[str, list[str]]] = [
        ("# A neuron", []),
        (rng.choice([f"Let ${x} = {xv}$, ${w} = {wv}$ and ${b} = {bv}$, target $t = {t:g}$.",
                     f"Let `{x} = {xv}`, `{w} = {wv}`, `{b} = {bv}` and `t = {t:g}`."]),
         [str(xv), str(wv), str(bv), f"{t:g}"]),
        (rng.choice([f"We use ${index} = {count}$ samples.", f"`{index} = {count}`"]), [count]),
        (f"$z = {w} {x} + {b} = {z:.4f}$", [f"{z:.4f}"]),
        (f"$\\hat y = \\sigma(z) = {y:.4f}$", [f"{y:.4f}"]),
        (f"$L = \\frac{{1}}{{2}}(t - \\hat y)^2 = {loss:.4f}$", [f"{loss:.4f}"]),
        (f"$\\frac{{\\partial L}}{{\\partial {w}}} = {grad:.4f}$", [f"{grad:.4f}"]),
        (f"$0.25 \\times 4 = {arith}$", [arith]),
        (f"$q_9 = r_9 {x} = {unknown}$", [unknown]),
        (f"We need ${x} < {xv + 1:.1f}$.", [f"{xv + 1:.1f}"]),
        (f"If ${x} = {xv + 0.5:.2f}$ then $z = {wv * (xv + 0.5) + bv:.4f}$.",
         [f"{xv + 0.5:.2f}", f"{wv * (xv + 0.5) + bv:.4f}"]),
        (f"Nudge: ${w} = {w} + h = {nudged}$ and $L = {after}$.", [nudged, after]),
        (f"In words, ŷ = σ({w}·{x} + {b}) ≈ {y:.3f} and p₂ = {after}.", [f"{y:.3f}", after]),
        (f"| quantity | value |\n|---|---|\n| $z$ | {z:.3f} |\n| $m_4$ | {arith}5 |",
         [f"{z:.3f}", f"{arith}5"]),
        (f"[\nz = {w} {x} + {b} = {z:.2f}\n]", [f"{z:.2f}"]),
        (f"```\nm = {unknown}\n```", [unknown]),
    ]
    text: list[str] = []
    numbers: list[tuple[int, str]] = []
    for entry, printed in lines:
        rows = entry.split("\n")
        numbers += [(len(text) + 1 + next(k for k, row in enumerate(rows) if p in row), p) for p in printed]
        text += [*rows, ""]
    return "\n".join(text), numbers


def test_every_number_of_generated_documents_is_checked_or_listed(tmp_path):
    rng = random.Random(20)
    for n in range(12):
        text, numbers = _document(rng)
        doc = tmp_path / f"doc{n}.md"
        doc.write_text(text, encoding="utf-8")
        result = check_document(doc)
        accounted = _accounted(result)
        silent = [(line, p) for line, p in numbers if not _listed_or_checked(accounted, line, p)]
        assert not silent, (text, silent, sorted(accounted))


def test_an_index_letter_given_a_value_is_listed_with_its_line(tmp_path):
    doc = tmp_path / "index.md"
    doc.write_text("Let $x = 2$ and $w = 0.5$; we draw $k = 6$ samples.\n\n$z = w x = 1.0$\n\n`n = 3`\n",
                   encoding="utf-8")
    result = check_document(doc)
    listed = {(s.line, s.text): s.reason for s in result.reading.skipped}
    assert "index letter (k)" in listed[(1, "k = 6")] and "index letter (n)" in listed[(5, "n = 3")]
    assert [r.verdict for r in result.report.rows if r.kind == "number"] == ["match"]


def test_a_nudge_is_never_compared_with_a_gradient_step(tmp_path):
    """``a = a + h`` beside a stated learning rate is the numerical derivative's f(a + h), not a step."""
    a, b, lr, h = 2.0, 3.0, 0.01, 0.001
    doc = tmp_path / "nudge.md"
    doc.write_text(f"Let $a = {a:g}$, $b = {b:g}$, the learning rate $\\eta = {lr}$ and $h = {h}$.\n\n"
                   f"$f = a b = {a * b:g}$ and $\\frac{{\\partial f}}{{\\partial a}} = b = {b:g}$.\n\n"
                   f"Nudge: $a = a + h = {a + h:.3f}$, and $f = a b = {(a + h) * b:.3f}$.\n\n"
                   f"If we nudge $b = {b + h:.3f}$, then $f = {a * (b + h):.3f}$.\n\n"
                   f"A step: $a = a - \\eta \\frac{{\\partial f}}{{\\partial a}} = {a - lr * b:.2f}$.\n",
                   encoding="utf-8")
    result = check_document(doc)
    rows = {(int(r.number.source.split()[-1]), r.number.value): r for r in result.report.rows
            if r.kind == "number"}
    assert all(r.verdict == "match" for r in rows.values())
    assert (9, f"{a - lr * b:.2f}") in rows  # the real step is still checked, after it
    listed = {s.line: s.reason for s in result.reading.skipped}
    assert "a = a + h" in listed[5] and "hypothetical" in listed[7]
    assert not any(line in (5, 7) for line, _ in rows)


def test_formulas_past_the_checkers_budget_are_listed_in_one_pass(tmp_path, monkeypatch):
    """Past the formula budget every later formula is refused for the same reason: all of them are
    listed at once, not one rebuild of the example per formula (which was quadratic in the document)."""
    from nn.check import formula_text
    from nn.check.reader import checking

    points = formula_text.RANDOM_POINTS + 1
    monkeypatch.setattr(formula_text, "MAX_WORK", 10 * points)  # ten formulas
    builds = []
    real = checking._rows_example
    monkeypatch.setattr(checking, "_rows_example", lambda *a: builds.append(1) or real(*a))
    for n in (40, 80):
        builds.clear()
        doc = tmp_path / f"many{n}.md"
        doc.write_text("| $x_1 = 0.5$ | $y = 2 x_1 = 1.0$ |\n|---|---|\n"
                       + "| $x_1 = 0.5$ | $y = 2 x_1 = 1.0$ |\n" * n, encoding="utf-8")
        result = checking.check_document(doc)
        refused = [s for s in result.reading.skipped if "split the file" in s.reason]
        assert len(builds) == 2 and len(refused) == n - 10, (n, len(builds), len(refused))
