"""Hostile and odd hand-ins: each student gets a clear message, the class's run never stops, nothing
of a hand-in is executed, and the report escapes what the hand-ins say."""

import json
import os
import re
import time

import nbformat
import pytest

from nn.check import grade_handins
from nn.check.grade import Student, load_exercise, write_class
from nn.check.grade.handin import find_handins
from nn.check.grade.roster import filled
from nn.cli import main

IDS = ["alice", "bob", "carol", "dave", "erin", "frank", "gina", "hank", "ivan", "jack", "kim", "lee"]


@pytest.fixture
def course(tmp_path):
    out = tmp_path / "class"
    sheets = write_class(load_exercise("shared-input"), [Student(i) for i in IDS], out)
    return {s.student: s for s in sheets}, out, tmp_path / "in"


def right(sheet) -> str:
    return filled(sheet, list(sheet.answers))


def test_every_hostile_hand_in_is_that_students_message(course, tmp_path):
    sheets, out, sub = course
    sub.mkdir()
    marker = tmp_path / "executed"
    (sub / "alice.md").write_text(right(sheets["alice"]) + "x" * (2**21))  # huge
    (sub / "bob.toml").write_text('student = "bob"\n[answers\n"1" = "0.1"\n')  # malformed TOML
    (sub / "carol.md").write_text(right(sheets["alice"]))  # alice's sheet, handed in as carol's
    (sub / "dave.ipynb").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")  # not a notebook, not UTF-8
    nb = nbformat.v4.new_notebook()  # a notebook whose code would leave a file if anything ran it
    nb.cells = [
        nbformat.v4.new_code_cell(f"open({str(marker)!r}, 'w').write('ran')"),
        nbformat.v4.new_markdown_cell(right(sheets["erin"])),
    ]
    (sub / "erin.ipynb").write_text(nbformat.writes(nb))
    scripted = [*sheets["frank"].answers]
    scripted[1] = "<script>alert(1)</script>"
    (sub / "frank.md").write_text(
        filled(sheets["frank"], scripted) + "\n$f = <img src=x onerror=alert(1)>$\n"
    )
    (sub / "gina.toml").write_text(
        'student = "gina"\n[answers]\n"1" = "abc"\n"2" = "' + "9" * 500 + '"\n"3" = [[[[1]]]]\n'
    )
    (sub / "zed.md").write_text(right(sheets["hank"]))  # a student not in the class
    (sub / "notes.pdf").write_bytes(b"%PDF-1.4")
    (sub / "ivan").mkdir()
    (sub / "ivan" / "a.md").write_text(right(sheets["ivan"]))
    (sub / "ivan" / "b.toml").write_text('[answers]\n"1" = "1"\n')
    (sub / "jack.md").symlink_to("/dev/zero")
    (sub / "kim.toml").write_text(
        'student = "kim"\n[answers]\n'
        + "\n".join(f'"{i + 1}" = "{a}"' for i, a in enumerate(sheets["kim"].answers))
        + '\n"99" = "1"\n'
    )
    (sub / "answers.csv").write_text("student,1,2\nlee," + ",".join(["1"] * 5) + "\n")  # too many cells
    report = tmp_path / "report"
    result = grade_handins(out, sub, report)
    by = result.by_student()
    expect = {
        "alice": "too large",
        "bob": "not valid TOML",
        "carol": "names student 'alice'",
        "dave": "not UTF-8",
        "zed": "not in the class list",
        "notes": "not a hand-in",
        "ivan": "holds 2 hand-in files",
        "jack": "not a regular file",
        "lee": "6 cells under 3 headings",
    }
    for student, text in expect.items():
        assert by[student].status == "not graded" and text in by[student].message, (
            student,
            by[student].message,
        )
    assert not marker.exists()  # the notebook's code cell was never run
    assert by["erin"].status == "graded" and by["erin"].score == len(sheets["erin"].answers)
    assert by["kim"].score == len(sheets["kim"].answers) and any(
        "'99' names no blank" in n for n in by["kim"].notes
    )
    gina = by["gina"]
    assert gina.status == "graded" and [b.rule for b in gina.blanks[:3]] == ["blank"] * 3
    assert "'abc' is not a number" in gina.blanks[0].feedback and "not a number" in gina.blanks[1].feedback
    assert "(list, not a number)" in gina.blanks[2].feedback
    frank = by["frank"]
    assert frank.status == "graded" and frank.blanks[1].rule == "blank"
    assert by["hank"].status == "missing"
    page = (report / "students" / "frank.html").read_text() + (report / "index.html").read_text()
    assert "<script" not in page and "<img" not in page
    assert json.loads((report / "class.json").read_text())["summary"]["not_graded"] == len(expect)


def test_the_grade_command_never_shows_a_traceback(course, tmp_path, capsys):
    sheets, out, sub = course
    sub.mkdir()
    (sub / "alice.md").write_text(right(sheets["alice"]))
    (sub / "bob.md").write_bytes(b"\xff\xfe\x00garbage")
    assert main(["grade", str(out), str(sub), "--out", str(tmp_path / "r")]) == 0
    text = capsys.readouterr().out
    assert "alice: 9 / 9" in text and "bob: not graded" in text and "Traceback" not in text
    for argv, message in [
        (["grade", str(tmp_path / "nowhere"), str(sub)], "does not exist"),
        (["grade", str(out), str(tmp_path / "nowhere")], "cannot be read: No such file"),
        (["grade", str(out), str(sub), "--credit", "sing=0.5"], "no credit rule 'sing'"),
        (["grade", str(out), str(sub), "--credit", "sign"], "write RULE=X"),
        (["grade", str(out), str(sub), "--out", str(sub)], "must not be the submissions folder"),
        (["new", "--exercise", "nowhere", "--out", str(tmp_path / "c")], "does not exist"),
        (["new", "--exercise", "seed000", "--out", str(out)], "holds a class already"),
    ]:
        assert main(argv) == 2, argv
        err = capsys.readouterr().err
        assert message in err and "Traceback" not in err and err.count("\n") == 1, (argv, err)


def test_a_key_that_is_not_a_key_is_that_students_message(course):
    sheets, out, sub = course
    sub.mkdir()
    (sub / "alice.md").write_text(right(sheets["alice"]))
    key = out / "keys" / "alice.toml"
    key.write_text(
        re.sub(r'value = "[^"]*"', 'value = "123.4"', key.read_text(), count=1)
    )  # a wrong answer
    alice = grade_handins(out, sub).by_student()["alice"]
    assert alice.status == "not graded" and "the engine disagrees with its answer to 1. e" in alice.message


def test_reading_a_class_csv_grows_linearly(tmp_path):
    """The CSV reader on n rows and on 2n rows: about twice the time, never four times."""

    def timed(n: int) -> float:
        path = tmp_path / f"answers{n}.csv"
        path.write_text("student,1,2,3\n" + "".join(f"s{i},0.1,0.2,0.3\n" for i in range(n)))
        start = time.process_time()  # CPU time: a busy machine does not count
        assert len(find_handins(path)) == n
        return time.process_time() - start

    timed(1000)
    small, large = min(timed(4000) for _ in range(3)), min(timed(8000) for _ in range(3))
    assert large < 3.5 * small, (small, large)


def test_a_roster_with_problems_names_its_line(tmp_path, capsys):
    roster = tmp_path / "roster.csv"
    for text, message in [
        ("name\nAl\n", "with id"),
        ("id\nal\nal\n", "line 3: id 'al' is listed twice"),
        ("id\n../etc\n", "line 2: id '../etc'"),
        ("id,seed\nal,x\n", "seed 'x'"),
    ]:
        roster.write_text(text)
        assert (
            main(["new", "--exercise", "seed000", "--students", str(roster), "--out", str(tmp_path / "c")])
            == 2
        )
        err = capsys.readouterr().err
        assert message in err and err.count("\n") == 1, err
    assert not (tmp_path / "c").exists()  # nothing written for a roster that cannot be used
    assert os.listdir(tmp_path) == ["roster.csv"]
