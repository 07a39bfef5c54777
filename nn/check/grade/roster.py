"""A class's sheets and keys on disk: the roster in, ``sheets/``, ``keys/`` and ``class.toml`` out.

``roster.csv`` has a header row and one row per student: ``id`` (letters, digits, ``. _ - @ +``; it
names the student's files), optionally ``name`` and ``seed``. A student without a seed gets one
derived from the exercise, the class seed (``--seed``) and their id, so the same roster always
gives the same sheets, and another class seed gives everyone new numbers.

``write_class`` writes, in ``out/``: ``sheets/<id>.md`` to hand out, ``keys/<id>.toml`` (private:
worked examples whose rows are the answers) and ``class.toml`` (the students, their seeds, the
credit rules for ``stepgrad grade`` to read; edit the rules there). Before writing, the first
sheet is filled with its own answers and read back by the document reader against its key, so a
notation the reader cannot read is found now, not when the hand-ins come in.
"""

from __future__ import annotations

import csv
import hashlib
import io
import tempfile
from dataclasses import dataclass
from pathlib import Path

from autograd.atomic import write_atomic
from nn.check.grade.exercise import Exercise, ExerciseError, Sheet, draw_sheet, toml_text
from nn.check.grade.grader import load_key
from nn.check.grade.handin import STUDENT_ID
from nn.check.grade.scoring import credit_rules
from nn.check.reader import check_document
from nn.textfile import read_text_file

__all__ = ["Student", "read_roster", "student_seed", "write_class", "filled", "fill_sheet"]

MAX_ROSTER_BYTES = 4 * 2**20
MAX_STUDENTS = 5000


@dataclass(frozen=True)
class Student:
    id: str
    name: str = ""
    seed: int | None = None


def read_roster(path: Path) -> list[Student]:
    where = f"roster {str(path)!r}"
    text = read_text_file(path, where, "roster .csv", MAX_ROSTER_BYTES, ExerciseError)
    try:
        rows = [r for r in csv.reader(io.StringIO(text)) if any(c.strip() for c in r)]
    except csv.Error as e:
        raise ExerciseError(f"{where} is not CSV: {e}") from None
    if not rows or "id" not in [h.strip().lower() for h in rows[0]]:
        raise ExerciseError(
            f"{where}: the first row must name the columns, with id (and name, seed if wanted)"
        )
    if len(rows) > MAX_STUDENTS + 1:
        raise ExerciseError(f"{where}: more than {MAX_STUDENTS:,} students")
    header = [h.strip().lower() for h in rows[0]]
    column = {h: header.index(h) for h in ("id", "name", "seed") if h in header}
    students: dict[str, Student] = {}
    for n, row in enumerate(rows[1:], 2):
        student = _student(
            {h: row[i].strip() if i < len(row) else "" for h, i in column.items()}, f"{where}, line {n}"
        )
        if student.id in students:
            raise ExerciseError(f"{where}, line {n}: id {student.id!r} is listed twice")
        students[student.id] = student
    if not students:
        raise ExerciseError(f"{where}: no students")
    return list(students.values())


def _student(cell: dict[str, str], where: str) -> Student:
    sid, seed = cell["id"], cell.get("seed", "")
    if not STUDENT_ID.match(sid):
        raise ExerciseError(
            f"{where}: id {sid[:40]!r}: use letters, digits and . _ - @ + (it names the student's files)"
        )
    if seed and not seed.isdigit():
        raise ExerciseError(f"{where}: seed {seed[:20]!r} must be a whole number")
    return Student(sid, cell.get("name", ""), int(seed) if seed else None)


def student_seed(exercise: Exercise, class_seed: int, student: str) -> int:
    digest = hashlib.sha256(f"{exercise.name}:{class_seed}:{student}".encode()).hexdigest()
    return int(digest[:12], 16)


def fill_sheet(markdown: str, answers: list[str | None]) -> str:
    """A sheet's Markdown with its answer cells filled in, in order (None: left empty)."""
    lines = markdown.split("\n")
    start = lines.index("| quantity | your answer |") + 2
    for i, answer in enumerate(answers):
        if answer is not None:
            lines[start + i] = lines[start + i][:-2] + f" {answer} |"
    return "\n".join(lines)


def filled(sheet: Sheet, answers: list[str | None]) -> str:
    """The sheet's Markdown with the answer cells filled in (None: left empty)."""
    return fill_sheet(sheet.markdown(), answers)


def _reads_back(sheet: Sheet, key_path: Path) -> None:
    """The sheet filled with its own answers must read back, every blank right, through the reader."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sheet.md"
        path.write_text(filled(sheet, list(sheet.answers)), encoding="utf-8")
        result = check_document(path, key_path)
    rows = result.report.rows if result.report is not None else []
    read = {(str(r.quantity), r.number.after) for r in rows if r.verdict == "match"}
    key = load_key(key_path)
    missing = [label for label, q in zip(key.labels, key.quantities) if q not in read]
    if missing:
        reasons = "; ".join(s.reason for s in result.reading.skipped[:3])
        raise ExerciseError(
            f"{sheet.exercise.where}: the sheet's notation for {', '.join(missing[:4])} does not read "
            f"back through the document reader ({reasons or 'not found'}); rename those nodes "
            "(letters, then an index: a_h1, W31)"
        )


def write_class(exercise: Exercise, students: list[Student], out: Path, class_seed: int = 0) -> list[Sheet]:
    """Draw every student's sheet and write the sheets, the keys and class.toml (see the module doc)."""
    sheets = [
        draw_sheet(
            exercise,
            s.id,
            s.seed if s.seed is not None else student_seed(exercise, class_seed, s.id),
            s.name,
        )
        for s in students
    ]
    credit_rules(exercise.credit)  # a wrong rule name is found before anything is written
    for i, sheet in enumerate(sheets):
        key = out / "keys" / f"{sheet.student}.toml"
        write_atomic(key, sheet.key_toml())
        if i == 0:
            _reads_back(sheet, key)
        write_atomic(out / "sheets" / f"{sheet.student}.md", sheet.markdown())
    write_atomic(out / "class.toml", class_toml(exercise, sheets, class_seed))
    return sheets


def class_toml(exercise: Exercise, sheets: list[Sheet], class_seed: int) -> str:
    doc = {
        "class": {
            "exercise": exercise.name,
            "title": exercise.title,
            "digits": exercise.digits,
            "seed": class_seed,
        },
        "credit": credit_rules(exercise.credit),
        "student": [
            {
                "id": s.student,
                "name": s.name,
                "seed": s.seed,
                "sheet": f"sheets/{s.student}.md",
                "key": f"keys/{s.student}.toml",
            }
            for s in sheets
        ],
    }
    head = (
        "# The class of `stepgrad new`: read by `stepgrad grade`. Edit [credit] to change what each\n"
        "# reason earns (1 = full credit): right, carried_rounding, follow_through, sign, ...\n"
    )
    return head + toml_text(doc)
