"""Partial credit: the rules a teacher sets, too few digits, and the local slips."""

import pytest

from nn.check import CheckRow, DocumentNumber, parse_printed
from nn.check.diagnoses import digit_slip
from nn.check.grade import Student, grade_answers, grade_handins, load_exercise, write_class
from nn.check.grade.scoring import credit_rules, rule_of
from nn.check.report import Cause


@pytest.fixture(scope="module")
def alice(tmp_path_factory):
    out = tmp_path_factory.mktemp("class")
    sheet = write_class(load_exercise("seed000"), [Student("alice", seed=3)], out)[0]
    return sheet, out


def flip(text: str) -> str:
    return text[1:] if text.startswith("-") else "-" + text


def test_the_teachers_rules_set_the_credit(alice, tmp_path):
    sheet, out = alice
    answers = {str(i + 1): a for i, a in enumerate(sheet.answers)}
    answers["1"] = flip(answers["1"])
    key = out / "keys" / "alice.toml"
    assert grade_answers(key, answers).blanks[0].credit == 0.5  # the exercise's sign = 0.5
    assert grade_answers(key, answers, {"sign": 0.2}).blanks[0].credit == 0.2
    (tmp_path / "alice.toml").write_text(
        "[answers]\n" + "\n".join(f'"{k}" = "{v}"' for k, v in answers.items())
    )
    text = (out / "class.toml").read_text().replace("sign = 0.5", "sign = 0.1")
    (out / "class.toml").write_text(text)
    assert grade_handins(out, tmp_path / "alice.toml").by_student()["alice"].blanks[0].credit == 0.1
    assert grade_handins(out, tmp_path / "alice.toml", credit={"sign": 1}).students[0].blanks[0].credit == 1
    with pytest.raises(ValueError, match="no credit rule 'sgn'"):
        credit_rules({"sgn": 0.5})


def test_too_few_digits_is_its_own_rule_unless_the_number_is_exact(alice):
    sheet, out = alice
    key = out / "keys" / "alice.toml"
    first = sheet.answers[0]  # dL/da_o1 = a_o1 − y: exact at two decimals, e.g. "0.1100"
    short = str(float(first))  # "0.11": fewer digits, the same number
    assert grade_answers(key, {"1": short}).blanks[0].rule == "right"
    second = sheet.answers[1]
    rough = f"{float(second):.2g}"
    result = grade_answers(key, {"2": rough}).blanks[1]
    assert (result.rule, result.credit) == ("too_few_digits", 0.5) and second in result.feedback


def row(printed: str, engine: float) -> CheckRow:
    number = DocumentNumber(name="x", value=printed, kind="", quantity="x")
    return CheckRow(number, parse_printed(printed), "x", engine, "mismatch")


@pytest.mark.parametrize(
    "printed, engine, found",
    [
        ("-0.01532", -0.0152301, "two digits swapped"),
        ("0.4301", 0.40309, "two digits swapped"),
        ("0.003000", 0.03, None),  # a zero swapped to the front: a slip of the point, not of a digit
        ("0.5031", 0.40309, "one digit wrong"),
        ("0.4032", 0.40309, None),  # the last digit: a rounding question
        ("0.01523", -0.01523, None),  # the sign is another cause
    ],
)
def test_a_digit_slip_is_named_only_when_it_is_one(printed, engine, found):
    texts = [c.text for c in digit_slip(parse_printed(printed), engine)]
    assert texts == [] if found is None else found in texts[0], texts


def test_the_reason_picked_is_the_earliest_rule():
    causes = [Cause("sign", "sign flipped"), Cause("inherits", "inherits the error of the earlier x")]
    assert rule_of(causes)[0] == "follow_through"
    assert rule_of([Cause("carried", "carried ... and its sign flipped")], flipped=True)[0] == "sign"
    assert rule_of([Cause("carried", "carried")])[0] == "carried_rounding"
    assert rule_of([Cause("something-new", "?")])[0] == "unexplained"


def test_a_rounded_number_carried_into_its_own_slope_is_carried_rounding(tmp_path):
    """g = tanh(e) written rounded, then f = g·c and df/de = c·(1 − g²) from the rounded g, as by hand:
    carried rounding (full credit), from the table's g or, with g left blank, from the working's."""
    import math

    from nn.check.grade.exercise import answer_text
    from nn.check.grade.roster import filled

    exercise = load_exercise("shared-input")
    for seed in range(300):
        sheet = write_class(exercise, [Student("al", seed=seed)], tmp_path / str(seed))[0]
        a, b, c = (sheet.example["leaves"][n] for n in "abc")
        g = answer_text(math.tanh(a * b + a), 4)
        f, de = answer_text(float(g) * c, 4), answer_text(c * (1 - float(g) ** 2), 4)
        if f != sheet.answers[2] and de != sheet.answers[4]:
            break
    else:
        pytest.fail("no seed where the rounded g changes f and df/de")
    answers = [*sheet.answers]
    answers[2], answers[4] = f, de
    answers[5] = de  # df/dd = df/de · 1, from the written df/de
    (tmp_path / "al.md").write_text(filled(sheet, answers))
    graded = grade_handins(tmp_path / str(seed), tmp_path / "al.md").students[0].blanks
    assert [b.rule for b in graded[2:6]] == [
        "carried_rounding",
        "right",
        "carried_rounding",
        "carried_rounding",
    ]
    assert "carried into its slope too" in graded[4].feedback
    answers[1] = None  # g left blank: only the working shows it
    head = "## Working (optional)\n"
    (tmp_path / "al.md").write_text(filled(sheet, answers))
    alone = grade_handins(tmp_path / str(seed), tmp_path / "al.md").students[0].blanks
    assert alone[2].rule == "unexplained"
    (tmp_path / "al.md").write_text(filled(sheet, answers).replace(head, f"{head}\n$g = {g}$\n"))
    shown = grade_handins(tmp_path / str(seed), tmp_path / "al.md").students[0].blanks
    # g is read from the working (a blank's answer may be given there), and explains f and df/de
    assert [b.rule for b in shown[1:5]] == ["right", "carried_rounding", "right", "carried_rounding"]
