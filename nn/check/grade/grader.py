"""Grading a class: each hand-in against its own student's key, scored, with feedback in plain words.

A key is a worked example whose ``[[document]]`` rows are the right answers (``stepgrad new`` writes
them). A hand-in's numbers become rows of the same example and the checker recomputes and diagnoses
them: a Markdown sheet (or a notebook's Markdown) through the document reader with the key as its
setup, answers by blank (TOML, CSV, a notebook's answers cell) as rows directly. A wrong row is
scored by the causes the checker's diagnoses name (``nn.check.diagnoses``, the hand slips included).
Every hand-in is graded on its own: whatever goes wrong is that student's message, never the class's
stop.

Public API:
    grade_handins(keys, submissions, out=None, credit=None) -> ClassResult
    load_class(keys) -> Roll            class.toml, a folder of keys, or one key file
    load_key(path) -> Key
"""

from __future__ import annotations

import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from nn.check.checker import check_example
from nn.check.example import Example, ExampleError
from nn.check.files import example_from_dict, load_example
from nn.check.grade.exercise import ExerciseError
from nn.check.grade.handin import STUDENT_ID, Handin, HandinError, find_handins
from nn.check.grade.scoring import BlankScore, blank_score, credit_rules, score_row
from nn.check.precision import parse_printed
from nn.check.reader import check_document
from nn.check.report import CheckRow
from nn.textfile import read_text_file

__all__ = [
    "grade_handins",
    "grade_answers",
    "grade_handin",
    "load_class",
    "load_key",
    "Key",
    "Roll",
    "StudentResult",
    "ClassResult",
]

MAX_NOTES = 20  # lines of a sheet the reader could not check, listed one by one in the feedback
_FAILURES = (ExampleError, HandinError, ValueError, ArithmeticError, RecursionError, MemoryError, OSError)


@dataclass
class Key:
    """One student's answer key: the worked example, its blanks (labels, quantities) and answers."""

    student: str
    path: Path
    example: Example
    labels: list[str]
    answers: list[str]
    quantities: list[tuple[str, int]]  # (the checker's quantity, after) of each blank
    rows: list[dict]  # each blank as a [[document]] row without its value

    @property
    def setup(self) -> dict:
        return {k: v for k, v in self.example.raw.items() if k not in ("document", "formula")}


def load_key(path: Path) -> Key:
    """Read a key and check that the engine agrees with every answer in it (else it is no key)."""
    example = load_example(path)
    if not example.document:
        raise ExerciseError(f"key {str(path)!r} has no [[document]] rows: no answers to grade against")
    report = check_example(example)
    wrong = [r.number.name for r in report.rows if r.verdict != "match"]
    if wrong:
        raise ExerciseError(
            f"key {str(path)!r}: the engine disagrees with its answer to {', '.join(wrong[:5])}; "
            "run `stepgrad check` on it"
        )
    rows = [{k: v for k, v in row.items() if k != "value"} for row in example.raw["document"]]
    return Key(
        example.name,
        path,
        example,
        [n.name for n in example.document],
        [n.value for n in example.document],
        [(str(r.quantity), r.number.after) for r in report.rows],
        rows,
    )


@dataclass
class Roll:
    """The class: each student's key file, and the credit rules."""

    keys: dict[str, Path]
    names: dict[str, str] = field(default_factory=dict)
    credit: dict[str, float] = field(default_factory=dict)
    title: str = ""


def _inside(base: Path, relative: object, where: str) -> Path:
    if not isinstance(relative, str):
        raise ExerciseError(f"{where}: a key must be a path (a string)")
    path = (base / relative).resolve()
    if not path.is_relative_to(base.resolve()):
        raise ExerciseError(f"{where}: key {relative!r} is outside the class folder")
    return path


def load_class(keys: str | Path) -> Roll:
    """class.toml (or a folder holding it), a folder of keys (``keys/`` or the folder itself), or one key."""
    path = Path(keys)
    if path.is_dir() and (path / "class.toml").is_file():
        path = path / "class.toml"
    if path.is_dir():
        folder = path / "keys" if (path / "keys").is_dir() else path
        found = sorted(folder.glob("*.toml"))
        if not found:
            raise ExerciseError(f"{str(keys)!r} holds no class.toml and no answer keys (*.toml)")
        return Roll({p.stem: p for p in found})
    where = f"class file {str(path)!r}"
    text = read_text_file(path, where, "class .toml", 4 * 2**20, ExerciseError)
    try:
        doc = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, ValueError, RecursionError) as e:
        raise ExerciseError(f"{where} is not valid TOML: {str(e)[:200]}") from None
    if "class" not in doc:  # one student's key
        return Roll({path.stem: path})
    students = doc.get("student", [])
    if not isinstance(students, list) or not all(
        isinstance(s, dict) and "id" in s and "key" in s for s in students
    ):
        raise ExerciseError(f"{where}: each [[student]] needs id and key")
    roll = Roll({}, title=str(doc["class"].get("title", "")) if isinstance(doc["class"], dict) else "")
    for s in students:
        roll.keys[str(s["id"])] = _inside(path.parent, s["key"], where)
        roll.names[str(s["id"])] = str(s.get("name", ""))
    try:
        roll.credit = credit_rules(doc.get("credit"))
    except ValueError as e:
        raise ExerciseError(f"{where}: [credit]: {e}") from None
    return roll


@dataclass
class StudentResult:
    student: str
    source: str
    status: str  # "graded", "not graded", "missing"
    message: str = ""
    blanks: list[BlankScore] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    name: str = ""

    @property
    def score(self) -> float:
        return sum(b.credit for b in self.blanks)

    def feedback(self) -> str:
        """What the student reads: the score, then every blank in plain words."""
        if self.status != "graded":
            return f"{self.student}: not graded. {self.message}"
        lines = [
            f"{self.student}: {self.score:g} of {len(self.blanks)} points.",
            *[b.feedback for b in self.blanks],
        ]
        return "\n".join(lines + [f"(note: {n})" for n in self.notes])

    def as_dict(self) -> dict[str, object]:
        return {
            "student": self.student,
            "name": self.name,
            "source": self.source,
            "status": self.status,
            "message": self.message,
            "score": self.score,
            "points": len(self.blanks),
            "blanks": [b.as_dict() for b in self.blanks],
            "notes": self.notes,
        }


@dataclass
class ClassResult:
    students: list[StudentResult]
    labels: list[str]  # the blanks, as the keys name them
    title: str = ""

    def by_student(self) -> dict[str, StudentResult]:
        return {s.student: s for s in self.students}

    def as_dict(self) -> dict[str, object]:
        return {
            "title": self.title,
            "blanks": self.labels,
            "students": [s.as_dict() for s in self.students],
        }


def _not_graded(handin: Handin, message: str) -> StudentResult:
    return StudentResult(handin.student, handin.source, "not graded", message)


def grade_handin(handin: Handin, key: Key, credit: dict[str, float]) -> StudentResult:
    """One hand-in against its key (raises the reader's or checker's errors; the caller keeps them)."""
    if handin.claimed is not None and handin.claimed.casefold() != key.student.casefold():
        return _not_graded(
            handin,
            f"{handin.source}: the sheet names student {handin.claimed[:64]!r}, but it was "
            f"handed in as {key.student!r}'s; each sheet is graded against its own student's "
            "numbers: hand in your own sheet",
        )
    if handin.markdown is not None:
        blanks, notes = _grade_markdown(handin, key, credit)
    else:
        blanks, notes = _grade_answers(handin, key, credit)
    return StudentResult(key.student, handin.source, "graded", blanks=blanks, notes=notes)


def _grade_markdown(
    handin: Handin, key: Key, credit: dict[str, float]
) -> tuple[list[BlankScore], list[str]]:
    if handin.path is not None:
        result = check_document(handin.path, key.path)
    else:  # a notebook's Markdown cells: the reader reads files
        with tempfile.TemporaryDirectory() as folder:
            sheet = Path(folder) / f"{handin.student}.md"
            sheet.write_text(handin.markdown or "", encoding="utf-8")
            result = check_document(sheet, key.path)
    rows = result.report.rows if result.report is not None else []
    example = result.report.example if result.report is not None else key.example
    last = {(str(row.quantity), row.number.after): row for row in rows}  # the table is the sheet's end
    found = [last.get(q) for q in key.quantities]
    skipped = result.reading.skipped
    notes = [f"line {s.line}: `{s.text}` was not checked: {s.reason}" for s in skipped[:MAX_NOTES]]
    if len(skipped) > MAX_NOTES:
        notes.append(f"… and {len(skipped) - MAX_NOTES} more lines not checked")
    return _scores(key, found, example, credit, rows), notes


def _blank_index(key: Key, name: str) -> int | None:
    """The blank an answer's heading names: its number ("3"), its label ("3. dL/dW31") or its quantity."""
    name = name.strip().rstrip(".")
    if name.isdigit() and 1 <= int(name) <= len(key.labels):
        return int(name) - 1
    for i, (label, row) in enumerate(zip(key.labels, key.rows)):
        if name in (label, row["quantity"], label.split(". ", 1)[-1]):
            return i
    return None


def _grade_answers(
    handin: Handin, key: Key, credit: dict[str, float]
) -> tuple[list[BlankScore], list[str]]:
    notes, given, unreadable = [], {}, {}
    for name, value in handin.answers.items():
        i = _blank_index(key, name)
        if i is None:
            notes.append(
                f"answer {name[:40]!r} names no blank; the blanks are numbered 1 to {len(key.labels)}"
            )
            continue
        try:
            parse_printed(value)
        except ValueError:
            unreadable[i] = value
            continue
        given[i] = value
    order = sorted(given)
    found: list[CheckRow | None] = [None] * len(key.labels)
    rows: list[CheckRow] = []
    if order:
        doc = {**key.setup, "document": [{**key.rows[i], "value": given[i]} for i in order]}
        rows = check_example(example_from_dict(doc, f"the answers of {handin.source}")).rows
        for i, row in zip(order, rows, strict=True):
            found[i] = row
    scores = _scores(key, found, key.example, credit, rows)
    for i, value in unreadable.items():
        scores[i] = blank_score(
            i + 1, key.labels[i], key.answers[i], credit, f"{value[:40]!r} is not a number", value[:40]
        )
    return scores, notes


def _scores(
    key: Key, found: list[CheckRow | None], example: Example, credit: dict[str, float], rows: list[CheckRow]
) -> list[BlankScore]:
    """Each blank's score; ``rows``: every row checked, in order (a sheet's working too), the earlier
    of which may explain a later one."""
    scores: list[BlankScore] = []
    for i, row in enumerate(found):
        if row is None:
            scores.append(blank_score(i + 1, key.labels[i], key.answers[i], credit))
            continue
        score = score_row(i + 1, key.labels[i], key.answers[i], row, credit)
        if score.rule == "follow_through" and not any(s.rule not in _NOT_MISTAKES for s in scores):
            score = score_row(i + 1, key.labels[i], key.answers[i], row, credit, "carried_rounding")
        scores.append(score)
    return scores


# A student whose earlier answers are all right, blank or off by carried rounding only has no error
# of their own to follow through: a number that "inherits" an earlier one is carried rounding.
_NOT_MISTAKES = ("right", "carried_rounding", "blank")


def grade_answers(
    key: str | Path,
    answers: dict[str, object],
    credit: dict[str, float] | None = None,
    student: str | None = None,
) -> StudentResult:
    """One student's answers (blank number, label or quantity → the number as written) against a key:
    what a course tool's test cell calls (docs/grading.md, "nbgrader and otter-grader").

    Numbers are best given as strings ("-0.01050"): a float loses its trailing zeros. ``student``:
    the id the answers claim (``answers["student"]`` also works); another student's id is refused.
    """
    loaded = load_key(Path(key))
    given = {str(k): v for k, v in answers.items() if k != "student"}
    claimed = student or (answers.get("student") if isinstance(answers.get("student"), str) else None)
    handin = Handin(
        loaded.student,
        f"the answers for {loaded.student}",
        "api",
        claimed,
        {k: _api_answer(v) for k, v in given.items()},
    )
    return grade_handin(handin, loaded, credit_rules(credit))


def _api_answer(value: object) -> str:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return repr(value)
    return "(not a number)"


def grade_handins(
    keys: str | Path,
    submissions: str | Path,
    out: str | Path | None = None,
    credit: dict[str, float] | None = None,
) -> ClassResult:
    """Grade every hand-in of ``submissions`` (a folder or one file) against its student's key.

    ``keys``: the folder ``stepgrad new`` wrote (its class.toml), a folder of keys, or one key.
    ``credit``: rules to override (``scoring.CREDIT``), over the class file's. ``out``: a folder for
    the class report (HTML, CSV, JSON, a page per student); None writes nothing.
    """
    roll = load_class(keys)
    rules = credit_rules(roll.credit, credit)
    handins = find_handins(Path(submissions))
    counts: dict[str, int] = {}
    for h in handins:
        counts[h.student] = counts.get(h.student, 0) + 1
    loaded: dict[str, Key | str] = {}
    results = []
    for handin in handins:
        results.append(_grade_safely(handin, roll, loaded, counts, rules))
    handed = {r.student for r in results}
    for student in roll.keys:
        if student not in handed:
            results.append(StudentResult(student, "", "missing", "no hand-in found"))
    for r in results:
        r.name = roll.names.get(r.student, "")
    labels = next((k.labels for k in loaded.values() if isinstance(k, Key)), [])
    result = ClassResult(results, labels, roll.title)
    if out is not None:
        from nn.check.grade.classreport import write_report

        write_report(result, Path(out))
    return result


def _grade_safely(
    handin: Handin, roll: Roll, loaded: dict, counts: dict[str, int], rules: dict[str, float]
) -> StudentResult:
    if handin.problem:
        return _not_graded(handin, handin.problem)
    if not STUDENT_ID.match(handin.student):
        return _not_graded(
            handin,
            f"{handin.source}: {handin.student[:40]!r} is not a student id (letters, digits, "
            "and . _ - @ +)",
        )
    if handin.student not in roll.keys:
        return _not_graded(
            handin, f"{handin.source}: no key for student {handin.student!r}: not in the class list"
        )
    if counts[handin.student] > 1:
        return _not_graded(
            handin,
            f"{handin.source}: {handin.student} handed in {counts[handin.student]} times; "
            "keep one hand-in per student",
        )
    if handin.student not in loaded:
        try:
            loaded[handin.student] = load_key(roll.keys[handin.student])
        except _FAILURES as e:
            loaded[handin.student] = f"the key cannot be used: {str(e)[:300]}"
    key = loaded[handin.student]
    if isinstance(key, str):
        return _not_graded(handin, key)
    try:
        return grade_handin(handin, key, rules)
    except _FAILURES as e:
        return _not_graded(handin, f"{handin.source}: cannot be graded: {str(e)[:300]}")
    except Exception as e:  # noqa: BLE001 - one hand-in must never stop the class's run
        return _not_graded(
            handin,
            f"{handin.source}: cannot be graded ({type(e).__name__}: {str(e)[:200]}); "
            "please report this hand-in",
        )
