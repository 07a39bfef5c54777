"""The class's report: which blanks the class gets right, and the reasons behind the misses.

``write_report(result, out)`` writes, in ``out/``:

- ``index.html``: the class at a glance: a sentence per reason ("8 of 50 students (16%) used the
  wrong weights ..."), a chart (inline SVG: one bar per blank, split by reason), a table per blank
  and a table of students, each linked to their page; no script;
- ``students/<id>.html``: one student's blanks, answers and feedback; ``students/<id>.txt`` the same
  feedback as plain text, to send;
- ``scores.csv`` (a row per student, a column per blank), ``blanks.csv`` (a row per blank, a column
  per reason) and ``class.json`` (everything).

Every text that comes from a hand-in is escaped; the report links nothing outside ``out/``.
"""

from __future__ import annotations

import csv
import html
import io
import json
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from autograd.atomic import write_atomic
from nn.check.grade.handin import STUDENT_ID
from nn.check.grade.scoring import RULES

if TYPE_CHECKING:  # the grader calls write_report: only its types are named here
    from nn.check.grade.grader import ClassResult, StudentResult

__all__ = ["class_summary", "sentences", "write_report", "COLOURS", "CLASS_PHRASES"]

COLOURS = {
    "right": "#2e7d32",
    "carried_rounding": "#66bb6a",
    "follow_through": "#9ccc65",
    "too_few_digits": "#d4e157",
    "truncated": "#ffee58",
    "sign": "#ffa726",
    "factor_2": "#ff7043",
    "digit_slip": "#ffca28",
    "stale_weights": "#ab47bc",
    "dropped_path": "#5c6bc0",
    "other_slip": "#8d6e63",
    "unexplained": "#e53935",
    "blank": "#bdbdbd",
}
_CSS = (
    "body{font-family:system-ui,sans-serif;margin:2em;max-width:70em}"
    "table{border-collapse:collapse;margin:1em 0}"
    "td,th{border:1px solid #ccc;padding:.25em .5em;text-align:left}td.n{text-align:right}"
    ".key span{display:inline-block;width:.9em;height:.9em;margin:0 .3em 0 1em;vertical-align:middle}"
)


def class_summary(result: ClassResult) -> dict[str, object]:
    """Counts: per blank, how many students' answers fall under each rule; per rule, how many students."""
    graded = [s for s in result.students if s.status == "graded"]
    blanks = []
    for i, label in enumerate(result.labels):
        rules = Counter(s.blanks[i].rule for s in graded if i < len(s.blanks))
        right = rules.get("right", 0) + rules.get("carried_rounding", 0)
        blanks.append(
            {
                "blank": i + 1,
                "label": label,
                "graded": len(graded),
                "right": right,
                "rate": right / len(graded) if graded else 0.0,
                "rules": dict(sorted(rules.items())),
            }
        )
    students_with = Counter(rule for s in graded for rule in {b.rule for b in s.blanks})
    scores = [s.score for s in graded]
    return {
        "students": len(result.students),
        "graded": len(graded),
        "not_graded": sum(s.status == "not graded" for s in result.students),
        "missing": sum(s.status == "missing" for s in result.students),
        "mean_score": sum(scores) / len(scores) if scores else 0.0,
        "points": len(result.labels),
        "blanks": blanks,
        "students_with": dict(sorted(students_with.items())),
    }


# What a share of the class did, per rule: "13% (4 of 31) used the output weights after the update ..."
CLASS_PHRASES = {
    "follow_through": "followed through from an earlier wrong answer of their own",
    "too_few_digits": "gave too few digits",
    "truncated": "cut a number off instead of rounding it",
    "sign": "flipped a sign",
    "factor_2": "were off by a factor 2",
    "digit_slip": "made a digit slip",
    "stale_weights": "used the output weights after the update for the hidden δs",
    "dropped_path": "left out a path of the chain rule",
    "other_slip": "made another recognised slip (a step off, indices transposed, the biases)",
    "unexplained": "wrote a wrong number no slip explains",
    "blank": "left a blank empty",
}


def sentences(summary: dict) -> list[str]:
    """The reasons of the misses across the class, most frequent first, each once per student."""
    graded = summary["graded"]
    counted = [(rule, n) for rule, n in summary["students_with"].items() if rule in CLASS_PHRASES and graded]
    return [f"{100 * n / graded:.0f}% ({n} of {graded}) {CLASS_PHRASES[rule]}."
            for rule, n in sorted(counted, key=lambda rn: (-rn[1], list(RULES).index(rn[0])))]


def _chart(summary: dict) -> str:
    """One horizontal bar per blank, split by rule, each bar the whole class of graded students."""
    blanks, graded = summary["blanks"], max(summary["graded"], 1)
    width, bar, left = 600, 18, 160
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 10}" '
        f'height="{len(blanks) * (bar + 6) + 10}"'
        ' role="img" aria-label="the reasons per blank">'
    ]
    for row, b in enumerate(blanks):
        y = 5 + row * (bar + 6)
        parts.append(f'<text x="0" y="{y + bar - 5}" font-size="12">{html.escape(b["label"][:24])}</text>')
        x = float(left)
        for rule in RULES:
            n = b["rules"].get(rule, 0)
            if n:
                w = width * n / graded
                parts.append(
                    f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar}" fill="{COLOURS[rule]}">'
                    f"<title>{html.escape(RULES[rule][1])}: {n}</title></rect>"
                )
                x += w
    parts.append("</svg>")
    return "".join(parts)


def _page(title: str, body: list[str]) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{_CSS}</style></head><body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )


def _student_link(s: StudentResult) -> str:
    name = html.escape(s.student)
    return f'<a href="students/{name}.html">{name}</a>' if STUDENT_ID.match(s.student) else name


def index_html(result: ClassResult, summary: dict) -> str:
    title = result.title or "Class report"
    body = [
        f"<h1>{html.escape(title)}</h1>",
        f"<p>{summary['graded']} hand-ins graded, {summary['not_graded']} not graded, {summary['missing']} "
        f"missing; mean score {summary['mean_score']:.2f} of {summary['points']}.</p>",
        "<ul>",
        *[f"<li>{html.escape(line)}</li>" for line in sentences(summary)],
        "</ul>",
        _chart(summary),
        '<p class="key">'
        + "".join(
            f'<span style="background:{COLOURS[r]}"></span>{html.escape(w)}' for r, (_, w) in RULES.items()
        )
        + "</p>",
        "<h2>Blanks</h2>",
        "<table><tr><th>blank</th><th>right</th><th>rate</th><th>reasons of the misses</th></tr>",
    ]
    for b in summary["blanks"]:
        misses = ", ".join(
            f"{RULES[r][1]}: {n}" for r, n in b["rules"].items() if r not in ("right", "carried_rounding")
        )
        body.append(
            f"<tr><td>{html.escape(b['label'])}</td><td class=n>{b['right']}</td>"
            f"<td class=n>{100 * b['rate']:.0f}%</td><td>{html.escape(misses)}</td></tr>"
        )
    body += [
        "</table>",
        "<h2>Students</h2>",
        "<table><tr><th>student</th><th>score</th><th>status</th></tr>",
    ]
    for s in result.students:
        score = f"{s.score:g} / {len(s.blanks)}" if s.status == "graded" else ""
        body.append(
            f"<tr><td>{_student_link(s)}</td><td class=n>{score}</td>"
            f"<td>{html.escape(s.status + (': ' + s.message if s.message else ''))}</td></tr>"
        )
    body.append("</table>")
    return _page(title, body)


def student_html(s: StudentResult, title: str) -> str:
    body = [
        f"<h1>{html.escape(s.student)}{' (' + html.escape(s.name) + ')' if s.name else ''}</h1>",
        '<p><a href="../index.html">the class</a></p>',
    ]
    if s.status != "graded":
        return _page(s.student, [*body, f"<p>Not graded: {html.escape(s.message)}</p>"])
    body += [
        f"<p>{html.escape(title)}: {s.score:g} of {len(s.blanks)} points.</p>",
        "<table><tr><th>blank</th><th>your answer</th><th>should read</th><th>credit</th>"
        "<th>feedback</th></tr>",
    ]
    for b in s.blanks:
        body.append(
            f"<tr><td>{html.escape(b.label)}</td><td>{html.escape(b.answer or '')}</td>"
            f"<td>{html.escape(b.should_read)}</td><td class=n>{b.credit:g}</td>"
            f"<td>{html.escape(b.feedback)}</td></tr>"
        )
    body.append("</table>")
    body += [f"<p>Note: {html.escape(n)}</p>" for n in s.notes]
    return _page(s.student, body)


def _csv(rows: list[list[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for row in rows:  # a cell starting = + - @ is read as a formula by spreadsheets: quote it as text
        writer.writerow([f"'{c}" if isinstance(c, str) and c[:1] in "=+@" else c for c in row])
    return buffer.getvalue()


def write_report(result: ClassResult, out: Path) -> dict[str, object]:
    """Write the report files (see the module doc); returns the summary."""
    summary = class_summary(result)
    write_atomic(out / "index.html", index_html(result, summary))
    for s in result.students:
        if STUDENT_ID.match(s.student):
            write_atomic(out / "students" / f"{s.student}.html", student_html(s, result.title or "Score"))
            write_atomic(out / "students" / f"{s.student}.txt", s.feedback() + "\n")
    labels = result.labels
    scores = [["student", "name", "status", "score", "points", *labels, "message"]]
    for s in result.students:
        credits = [b.credit for b in s.blanks] if s.status == "graded" else [""] * len(labels)
        scores.append(
            [
                s.student,
                s.name,
                s.status,
                s.score if s.status == "graded" else "",
                len(labels),
                *credits,
                s.message,
            ]
        )
    write_atomic(out / "scores.csv", _csv(scores))
    blanks = [["blank", "label", "graded", "right", "rate", *RULES]]
    for b in summary["blanks"]:
        blanks.append(
            [
                b["blank"],
                b["label"],
                b["graded"],
                b["right"],
                round(b["rate"], 4),
                *[b["rules"].get(r, 0) for r in RULES],
            ]
        )
    write_atomic(out / "blanks.csv", _csv(blanks))
    write_atomic(
        out / "class.json",
        json.dumps({**result.as_dict(), "summary": summary}, indent=1, ensure_ascii=False) + "\n",
    )
    return summary
