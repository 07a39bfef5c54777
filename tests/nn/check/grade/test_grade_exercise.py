"""Exercises: the same seed gives the same sheet; every sheet is well-conditioned; keys check."""

import math
import tomllib

import pytest

from autograd import topological_order
from nn.check import check_example, example_from_dict, load_example
from nn.check.grade import ExerciseError, Student, draw_sheet, load_exercise, write_class
from nn.check.grade.exercise import HERE, answer_text, exercise_from_dict
from nn.check.grade.grader import load_class
from nn.check.grade.scoring import CREDIT


def test_the_same_seed_gives_the_same_sheet_and_another_seed_other_numbers():
    exercise = load_exercise("seed000")
    one, again, other = (draw_sheet(exercise, "alice", s) for s in (5, 5, 6))
    assert one.markdown() == again.markdown() and one.key_toml() == again.key_toml()
    assert one.values != other.values and one.answers != other.answers
    assert "Student: alice" in one.markdown() and "seed 5" in one.markdown()


def test_a_key_is_a_worked_example_whose_answers_the_engine_gives(tmp_path):
    sheets = write_class(
        load_exercise("shared-input"), [Student("al"), Student("bo", "Bo B.", 3)], tmp_path
    )
    for sheet in sheets:
        report = check_example(load_example(tmp_path / "keys" / f"{sheet.student}.toml"))
        assert report.ok and [r.number.value for r in report.rows] == sheet.answers
        # hand computation of df/da = c·(1 − tanh²(a·b + a))·(b + 1): the two paths
        a, b, c = (sheet.example["leaves"][n] for n in "abc")
        assert sheet.answers[7] == answer_text(c * (1 - math.tanh(a * b + a) ** 2) * (b + 1), 4)
    roll = load_class(tmp_path)
    assert (
        set(roll.keys) == {"al", "bo"}
        and roll.names["bo"] == "Bo B."
        and roll.credit["dropped_path"] == 0.25
    )
    seeds = {s["id"]: s["seed"] for s in tomllib.loads((tmp_path / "class.toml").read_text())["student"]}
    assert seeds["bo"] == 3 and seeds["al"] == sheets[0].seed


def _saturations(sheet) -> list[float]:
    example = example_from_dict(sheet.example)
    return [n.data for n in topological_order(example.loss()) if n.op in ("sigmoid", "tanh")]


def test_every_sheet_is_well_conditioned():
    exercise = load_exercise("seed000")
    for seed in range(40):
        sheet = draw_sheet(exercise, "s", seed)
        assert all(0.05 <= a <= 0.95 for a in _saturations(sheet))
        for text in sheet.answers:  # nonzero, at the asked digits, not on a rounding tie
            digits = text.lstrip("-0.").replace(".", "")
            assert float(text) != 0 and len(digits) == 4, text


def relu_exercise(low: str, high: str) -> dict:
    return {
        "example": {"name": "kink"},
        "network": {"kind": "expression"},
        "leaves": {"x": 0.3, "w": 1.0},
        "nodes": {"z": "w * x - 0.5", "r": "relu(z)", "L": "r * r"},
        "training": {"root": "L"},
        "exercise": {"vary": {"x": [float(low), float(high), 0.01]}},
        "document": [{"quantity": "dL/dx"}, {"quantity": "r"}],
    }


def test_no_sheet_sits_at_a_relu_kink_and_an_impossible_range_says_so():
    exercise = exercise_from_dict(relu_exercise("0.30", "0.90"), "test")
    for seed in range(30):
        x = draw_sheet(exercise, "s", seed).example["leaves"]["x"]
        assert x - 0.5 >= 0.05 - 1e-12  # below the kink every answer is 0: refused too
    hopeless = exercise_from_dict(relu_exercise("0.47", "0.53"), "test")
    with pytest.raises(
        ExerciseError, match="no well-conditioned sheet in 2000 draws .*widen or move the ranges"
    ):
        draw_sheet(hopeless, "s", 1)


def test_a_max_gate_may_ask_for_an_exact_zero_when_the_teacher_allows_it():
    doc = {
        "example": {"name": "max"},
        "network": {"kind": "expression"},
        "leaves": {"x": 2.0, "y": -1.0},
        "nodes": {"m": "max(x, y)", "f": "m * 3"},
        "training": {"root": "f"},
        "exercise": {"vary": {"x": [1.0, 2.0, 0.1], "y": [-2.0, -1.0, 0.1]}},
        "document": [{"quantity": "df/dx"}, {"quantity": "df/dy"}],
    }
    with pytest.raises(ExerciseError, match="blank 2. df/dy = 0.0 is zero"):
        draw_sheet(exercise_from_dict(dict(doc, exercise=dict(doc["exercise"])), "test"), "s", 1)
    doc["exercise"]["zeros"] = True
    assert draw_sheet(exercise_from_dict(doc, "test"), "s", 1).answers == ["3.000", "0"]


def test_saturated_ranges_are_refused():
    doc = tomllib.loads((HERE / "exercises" / "seed000.toml").read_text())
    doc["exercise"]["vary"]["a_o1"] = [0.96, 0.99, 0.01]
    with pytest.raises(ExerciseError, match="a_o1 = 0.9[6-9]00 is saturated"):
        draw_sheet(exercise_from_dict(doc, "test"), "s", 1)


def test_a_plain_worked_example_is_an_exercise_with_default_ranges():
    exercise = load_exercise(HERE / "seed000.toml")  # the reference example, no [exercise] table
    assert set(exercise.ranges) == {"W31", "W41", "a_h1", "a_h2", "a_o1", "x1", "x2"}
    assert str(exercise.ranges["W31"].low) == "0.30" and str(exercise.ranges["W31"].high) == "0.50"
    assert [b.quantity for b in exercise.blanks][:3] == ["dL/da_o1", "delta_o1", "dL/dW31"]
    assert len(draw_sheet(exercise, "s", 1).answers) == 10


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: d["exercise"]["vary"].update(W99=[0.1, 0.2]), "no number of that name; it has W31, W41"),
        (lambda d: d["exercise"]["vary"].update(W31=[0.5, 0.1]), "give low ≤ high and a step > 0"),
        (lambda d: d["exercise"].update(digits=40), "give 1 to 12 significant digits"),
        (lambda d: d["exercise"].update(colour="red"), "unknown key 'colour'"),
        (lambda d: d["exercise"].update(margin="wide"), "margin = 'wide'; give a number from 0 to 1"),
        (lambda d: d["exercise"].update(zeros=1), "zeros = 1; give true or false"),
        (lambda d: d["exercise"]["credit"].update(sign=2), "a credit from 0 to 1"),
        (lambda d: d.pop("document"), "no blanks"),
        (lambda d: d["training"].update(learning_rte=0.5), "unknown key 'learning_rte'"),
    ],
)
def test_an_exercise_that_cannot_be_used_says_why(change, message):
    doc = tomllib.loads((HERE / "exercises" / "seed000.toml").read_text())
    change(doc)
    with pytest.raises(ExerciseError if "learning_rte" not in message else ValueError, match=message):
        exercise_from_dict(doc, "exercise file 'x.toml'")


def test_the_default_credit_rules_order_full_partial_and_none():
    assert CREDIT["right"] == CREDIT["carried_rounding"] == 1.0
    assert 1.0 > CREDIT["follow_through"] > CREDIT["sign"] > CREDIT["unexplained"] == CREDIT["blank"] == 0.0


def test_new_with_a_seed_writes_one_sheet_and_the_same_seed_the_same_files(tmp_path, capsys):
    from nn.cli import main

    for folder in ("a", "b"):
        assert (
            main(["new", "--exercise", "shared-input", "--seed", "7", "--out", str(tmp_path / folder)]) == 0
        )
    assert "1 sheet in sheets/" in capsys.readouterr().out
    for name in ("sheets/seed-7.md", "keys/seed-7.toml", "class.toml"):
        assert (tmp_path / "a" / name).read_text() == (tmp_path / "b" / name).read_text(), name
    assert "seed 7" in (tmp_path / "a" / "sheets" / "seed-7.md").read_text()
    assert (
        main(["new", "--exercise", "shared-input", "--seed", "8", "--out", str(tmp_path / "a"), "--force"])
        == 0
    )
    assert (tmp_path / "a" / "sheets" / "seed-8.md").is_file()
