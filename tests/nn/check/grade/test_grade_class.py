"""Acceptance: a simulated class of 50 students per exercise, with known seeded mistakes, graded.

Each simulated student computes their own sheet by hand, in plain float arithmetic written out here
(not through the engine): exactly, except for one injected mistake, after which they go on from
what they wrote. The expected reason of every blank follows from the mistake alone: the slipped
blank is the mistake's own rule; a later blank that comes out different follows through; with
carried rounding every differing blank is carried rounding. Hand-ins come in every form (Markdown
sheet, TOML, notebook with the sheet, notebook with an answers cell, a row of a class CSV).
"""

import json
import random
import time
from collections import Counter
from pathlib import Path

import nbformat
import pytest

from nn.check import grade_handins
from nn.check.grade import Student, load_exercise, write_class
from nn.check.grade.classreport import CLASS_PHRASES
from nn.check.grade.exercise import answer_text
from nn.check.grade.roster import filled

DIGITS = 4
NETWORK_MISTAKES = ["correct", "carried", "stale", "sign", "factor_2", "digit_slip", "blank"]
EXPRESSION_MISTAKES = ["correct", "carried", "sign", "dropped_path", "factor_2", "digit_slip", "blank"]
RULE_OF_MISTAKE = {
    "sign": "sign",
    "factor_2": "factor_2",
    "digit_slip": "digit_slip",
    "blank": "blank",
    "dropped_path": "dropped_path",
}
FORMATS = ["md", "toml", "ipynb", "md", "csv", "ipynb-answers", "md"]


def digit_slip(text: str, rng: random.Random) -> str:
    """Two neighbouring, different significant digits swapped (never a zero to the front: that is a
    slip of the decimal point); else the first significant digit miswritten."""
    places = [i for i, c in enumerate(text) if c.isdigit()]
    first = next(i for i, p in enumerate(places) if text[p] != "0")
    pairs = [
        (places[i], places[i + 1])
        for i in range(first, len(places) - 1)
        if places[i + 1] == places[i] + 1
        and text[places[i]] != text[places[i + 1]]
        and not (i == first and text[places[i + 1]] == "0")
    ]
    if pairs:
        a, b = rng.choice(pairs)
        return text[:a] + text[b] + text[a] + text[b + 1 :]
    p = places[first]  # a digit that makes no factor 2 of it (that is another mistake)
    digit = int(text[p])
    return (
        text[:p]
        + str(rng.choice([d for d in range(1, 10) if d not in (digit, 2 * digit, digit / 2)]))
        + text[p + 1 :]
    )


class HandStudent:
    """Writes each blank at the asked digits; one mistake at blank ``k``; goes on from what it wrote
    for a number it got wrong (and, with carried rounding, for every number)."""

    def __init__(self, mistake: str, k: int, rng: random.Random) -> None:
        self.mistake, self.k, self.rng = mistake, k, rng
        self.written: list[str | None] = []

    def write(self, v: float, slip: float | None = None) -> float:
        i = len(self.written)
        text = answer_text(v, DIGITS)
        slipped = i == self.k and self.mistake in RULE_OF_MISTAKE
        if slipped:
            if self.mistake == "blank":
                self.written.append(None)
                return v
            if self.mistake == "sign":
                text = answer_text(-v, DIGITS)
            elif self.mistake == "factor_2":
                text = answer_text(2 * v, DIGITS)
            elif self.mistake == "digit_slip":
                text = digit_slip(text, self.rng)
            elif self.mistake == "dropped_path":
                text = answer_text(slip, DIGITS)
        self.written.append(text)
        stale = self.mistake == "stale" and i in STALE_FIRST  # wrong numbers: go on from what was written
        return float(text) if self.mistake == "carried" or slipped or stale else v


def network_hand_in(doc: dict, mistake: str, k: int, rng: random.Random) -> list[str | None]:
    """The 2-2-1 network of seed 000, by hand: δ_o1 = (a_o1 − y)·a_o1(1 − a_o1), and so on."""
    (x1, _), y = doc["data"]["inputs"], doc["data"]["targets"][0]
    w31, w41 = doc["parameters"]["W31"], doc["parameters"]["W41"]
    ah1, ah2, ao = (doc["given"][n] for n in ("a_h1", "a_h2", "a_o1"))
    lr = doc["training"]["learning_rate"]
    s = HandStudent(mistake, k, rng)
    g_ao = s.write(ao - y)
    d_o = s.write(g_ao * ao * (1 - ao))
    g31 = s.write(d_o * ah1)
    s.write(d_o * ah2)
    w31_new = s.write(w31 - lr * g31)
    if mistake == "stale":  # the hidden δs from the output weights after the update
        w31, w41 = w31 - lr * (d_o * ah1), w41 - lr * (d_o * ah2)
        assert w31 == w31_new
    g_ah1 = s.write(w31 * d_o)
    d_h1 = s.write(g_ah1 * ah1 * (1 - ah1))
    g_ah2 = s.write(w41 * d_o)
    s.write(g_ah2 * ah2 * (1 - ah2))
    s.write(d_h1 * x1)
    return s.written


def expression_hand_in(doc: dict, mistake: str, k: int, rng: random.Random) -> list[str | None]:
    """f = tanh(a·b + a)·c by hand; df/da has two paths: through d = a·b, and straight into e."""
    import math

    a, b, c = (doc["leaves"][n] for n in "abc")
    s = HandStudent(mistake, k, rng)
    e = s.write(a * b + a)
    g = s.write(math.tanh(e))  # 1 − g² below from g as written (rounded, with carried rounding)
    s.write(g * c)
    dg = s.write(c)
    de = s.write(dg * (1 - g * g))
    dd = s.write(de)
    s.write(dd * a)
    s.write(dd * b + de, slip=dd * b if rng.random() < 0.5 else de)  # dropped path: one of the two
    s.write(g)
    return s.written


def expected_rules(mistake: str, k: int, written: list[str | None], key: list[str]) -> list[str]:
    """Each blank's reason as the injected mistake makes it (stale: the δ's inputs are stale)."""
    rules = []
    for i, (w, right) in enumerate(zip(written, key)):
        if w is None:
            rules.append("blank")
        elif float(w) == float(right):
            rules.append("right")
        elif mistake == "carried":
            rules.append("carried_rounding")
        elif mistake == "stale":
            rules.append("stale_weights" if i in STALE_FIRST else "follow_through")
        elif i == k:
            rules.append(RULE_OF_MISTAKE[mistake])
        else:
            rules.append("follow_through")
    return rules


STALE_FIRST = {5, 7}  # dL/da_h1, dL/da_h2: the first numbers the updated weights change


def hand_in(
    folder: Path, student: str, sheet, written: list[str | None], form: str, csv_rows: list
) -> None:
    answers = {str(i + 1): w for i, w in enumerate(written) if w is not None}
    if form == "md":
        (folder / f"{student}.md").write_text(filled(sheet, written), encoding="utf-8")
    elif form == "toml":
        lines = [f'student = "{student}"', "[answers]", *[f'"{n}" = "{w}"' for n, w in answers.items()]]
        (folder / f"{student}.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    elif form == "ipynb":
        nb = nbformat.v4.new_notebook()
        nb.cells = [
            nbformat.v4.new_code_cell("import math  # the student's working; never run by the grader"),
            nbformat.v4.new_markdown_cell(filled(sheet, written)),
        ]
        (folder / f"{student}.ipynb").write_text(nbformat.writes(nb), encoding="utf-8")
    elif form == "ipynb-answers":
        cell = nbformat.v4.new_raw_cell(
            "[answers]\n" + "\n".join(f'"{n}" = "{w}"' for n, w in answers.items())
        )
        cell.metadata["tags"] = ["answers"]
        nb = nbformat.v4.new_notebook()
        nb.cells = [cell]
        (folder / f"{student}.ipynb").write_text(nbformat.writes(nb), encoding="utf-8")
    else:
        csv_rows.append([student, *[w or "" for w in written]])


def simulate_class(
    tmp_path: Path,
    exercise_name: str,
    mistakes: list[str],
    hand,
    slip_blanks: dict[str, list[int]],
    n: int = 50,
    seed: int = 25,
):
    exercise = load_exercise(exercise_name)
    students = [Student(f"s{i:03d}") for i in range(n)]
    out = tmp_path / "class"
    sheets = write_class(exercise, students, out, class_seed=seed)
    rng = random.Random(seed)
    submissions = tmp_path / "submissions"
    submissions.mkdir()
    injected, csv_rows = {}, []
    for i, sheet in enumerate(sheets):
        mistake = mistakes[i % len(mistakes)]
        k = rng.choice(slip_blanks.get(mistake, range(len(exercise.blanks))))
        written = hand(sheet.example, mistake, k, rng)
        injected[sheet.student] = (mistake, k, written, expected_rules(mistake, k, written, sheet.answers))
        hand_in(submissions, sheet.student, sheet, written, FORMATS[i % len(FORMATS)], csv_rows)
    header = ["student", *[str(b.number) for b in exercise.blanks]]
    (submissions / "answers.csv").write_text("\n".join(",".join(r) for r in [header, *csv_rows]) + "\n")
    return exercise, out, submissions, injected


def check_class(result, injected, rules_credit) -> Counter:
    by = result.by_student()
    counts = Counter()
    for student, (mistake, k, written, expected) in injected.items():
        r = by[student]
        assert r.status == "graded", (student, r.message)
        got = [b.rule for b in r.blanks]
        assert got == expected, (student, mistake, k, written, [b.feedback for b in r.blanks])
        assert r.score == pytest.approx(sum(rules_credit[rule] for rule in expected))
        for i, rule in enumerate(expected):
            counts[(i, rule)] += 1
    return counts


@pytest.mark.parametrize(
    "name, mistakes, hand, slips",
    [
        (
            "seed000",
            NETWORK_MISTAKES,
            network_hand_in,
            {"sign": [0, 1, 2, 3, 5, 6, 7, 8, 9], "factor_2": [0, 1, 2, 3, 5, 6, 7, 8, 9]},
        ),
        (
            "shared-input",
            EXPRESSION_MISTAKES,
            expression_hand_in,
            {"dropped_path": [7], "factor_2": [3, 4, 5, 6, 7, 8], "sign": list(range(9))},
        ),
    ],
)
def test_a_simulated_class_is_graded_by_its_injected_mistakes(tmp_path, name, mistakes, hand, slips):
    exercise, out, submissions, injected = simulate_class(tmp_path, name, mistakes, hand, slips)
    report = tmp_path / "report"
    result = grade_handins(out, submissions, report)
    from nn.check.grade.scoring import credit_rules

    counts = check_class(result, injected, credit_rules(exercise.credit))
    # the report's counts are the injected ones, blank by blank and reason by reason
    summary = json.loads((report / "class.json").read_text())["summary"]
    assert summary["graded"] == 50 and summary["not_graded"] == 0 and summary["missing"] == 0
    for b in summary["blanks"]:
        for rule, n in b["rules"].items():
            assert counts[(b["blank"] - 1, rule)] == n, (b, rule)
        assert sum(b["rules"].values()) == 50
    for mistake in mistakes[2:]:  # every injected slip is named at its blank, as often as injected
        rule = {"stale": "stale_weights"}.get(mistake, RULE_OF_MISTAKE.get(mistake))
        injected_n = sum(1 for m, *_ in injected.values() if m == mistake)
        assert summary["students_with"].get(rule, 0) == injected_n, mistake
        sentence = f"({injected_n} of 50) {CLASS_PHRASES[rule]}."
        assert sentence in (report / "index.html").read_text(), sentence
    page = (report / "index.html").read_text()
    assert "<svg" in page and "<script" not in page
    assert (report / "students" / "s000.html").is_file() and (report / "scores.csv").is_file()
    slipped = next(s for s, (m, *_) in injected.items() if m == "sign")
    feedback = (report / "students" / f"{slipped}.txt").read_text()
    assert "The sign is wrong" in feedback and "it should read" in feedback


def test_two_hundred_hand_ins_are_graded_and_timed(tmp_path, capsys):
    """200 hand-ins of the reference exercise: measured and printed, not asserted (no timed asserts)."""
    exercise, out, submissions, injected = simulate_class(
        tmp_path,
        "seed000",
        NETWORK_MISTAKES,
        network_hand_in,
        {"sign": [0, 1, 2, 3, 5, 6, 7, 8, 9], "factor_2": [0, 1, 2, 3, 5, 6, 7, 8, 9]},
        n=200,
        seed=7,
    )
    start = time.perf_counter()
    result = grade_handins(out, submissions, tmp_path / "report")
    elapsed = time.perf_counter() - start
    with capsys.disabled():
        print(f"\n200 hand-ins graded in {elapsed:.2f} s")
    from nn.check.grade.scoring import credit_rules

    check_class(result, injected, credit_rules(exercise.credit))
