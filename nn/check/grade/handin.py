"""Reading hand-ins in the forms students hand them in; nothing in a hand-in is ever executed.

- a filled Markdown sheet (``alice.md``): read later by the document reader against the key;
- a TOML file (``alice.toml``): ``student = "alice"`` and ``[answers]`` by blank number or quantity,
  each value a printed number (a string keeps its digits: ``"-0.01050"``);
- a notebook (``alice.ipynb``, read with nbformat as JSON, never run): its Markdown cells are the
  sheet, or a cell tagged ``answers`` holds the TOML above;
- a web page (``alice.html``, ``.htm``, ``.xhtml``: the sheet saved or exported as HTML, in the
  charset its ``<meta>`` declares): read by the document reader like a sheet;
- a CSV file with a row per student (``answers.csv``): a ``student`` column, then one column per
  blank, headed by its number or quantity.

A hand-in belongs to the student its file (or, for ``folder/alice/…``, its folder) is named after;
a CSV row to the student of its ``student`` cell. Everything that goes wrong is kept as that
hand-in's ``problem``: one student's broken file never stops the class.
"""

from __future__ import annotations

import csv
import io
import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from nn.check.reader.html_text import HTML_SUFFIXES, html_text
from nn.check.reader.page_encoding import declared_encoding
from nn.textfile import read_text_file

__all__ = ["Handin", "HandinError", "find_handins", "read_handin", "STUDENT_ID", "HANDIN_SUFFIXES"]

MAX_HANDIN_BYTES = 2**20  # a filled sheet is a few kilobytes
MAX_CSV_BYTES = 8 * 2**20
MAX_CSV_ROWS = 10_000
MAX_ANSWERS = 500
MAX_CELL = 80  # characters of one answer
MAX_ENTRIES = 10_000  # files in the submissions folder
HANDIN_SUFFIXES = (".md", ".markdown", ".toml", ".ipynb", ".csv", *HTML_SUFFIXES)
_FORMS = ".md, .html, .toml, .ipynb or .csv"
STUDENT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.@+-]{0,63}\Z")
_CLAIM = re.compile(r"^\s*Student:\s*(\S+)", re.M)


class HandinError(ValueError):
    """A hand-in that cannot be read; the message names the file and the fix."""


@dataclass
class Handin:
    """One student's hand-in: where it is, who it says it is from, and its answers or sheet."""

    student: str
    source: str  # the file (and row) for messages
    kind: str = ""  # markdown, toml, notebook, csv
    claimed: str | None = None  # the student the content names
    answers: dict[str, str] = field(default_factory=dict)  # blank number or quantity → printed number
    markdown: str | None = None  # a sheet's text (Markdown, or a notebook's Markdown cells)
    path: Path | None = None  # the Markdown file itself, when it is one
    problem: str = ""  # why it cannot be graded ("": it can)


def find_handins(folder: Path) -> list[Handin]:
    """Every hand-in of a folder (or one file), in name order; unreadable ones carry their problem."""
    if folder.is_file():
        return _from_file(folder, folder.stem)
    try:
        entries = sorted(folder.iterdir())[: MAX_ENTRIES + 1]
    except OSError as e:
        raise HandinError(f"submissions {str(folder)!r} cannot be read: {e.strerror or e}") from None
    if len(entries) > MAX_ENTRIES:
        raise HandinError(
            f"submissions {str(folder)!r} holds more than {MAX_ENTRIES:,} entries; give one class"
        )
    handins: list[Handin] = []
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir() and not entry.is_symlink():
            files = sorted(
                p for p in entry.iterdir() if p.suffix.lower() in HANDIN_SUFFIXES and p.is_file()
            )
            if len(files) != 1:
                handins.append(
                    Handin(
                        entry.name,
                        str(entry),
                        problem=(
                            f"the folder {entry.name}/ holds {len(files)} hand-in files "
                            f"({', '.join(p.name for p in files)}); keep one {_FORMS}"
                            if files
                            else f"the folder {entry.name}/ holds no {_FORMS} file"
                        ),
                    )
                )
                continue
            handins += _from_file(files[0], entry.name)
        else:
            handins += _from_file(entry, entry.stem)
    return handins


def _from_file(path: Path, student: str) -> list[Handin]:
    suffix = path.suffix.lower()
    if suffix not in HANDIN_SUFFIXES:
        return [
            Handin(
                student,
                str(path),
                problem=f"{path.name}: not a hand-in (a .md or .html sheet, .toml, .ipynb or .csv is read)",
            )
        ]
    try:
        if suffix == ".csv":
            return _csv_handins(path)
        return [read_handin(path, student)]
    except HandinError as e:
        return [Handin(student, str(path), problem=str(e))]


def read_handin(path: Path, student: str | None = None) -> Handin:
    """One .md, .html, .toml or .ipynb hand-in (raises HandinError with a one-line reason)."""
    student = student or path.stem
    suffix = path.suffix.lower()
    where = f"hand-in {path.name!r}"
    page = suffix in HTML_SUFFIXES
    text = read_text_file(path, where, "hand-in", MAX_HANDIN_BYTES, HandinError,
                          declared_encoding if page else None)
    if page:
        text = _page_text(text, where)
    if suffix in (".md", ".markdown") or page:
        return Handin(student, str(path), "markdown", _claim(text), markdown=text, path=path)
    if suffix == ".toml":
        return _toml_handin(text, student, str(path), where)
    return _notebook_handin(text, student, str(path), where)


def _page_text(page: str, where: str) -> str:
    """A web page's text as the document reader reads it (for its ``Student:`` line)."""
    try:
        return html_text(page).text
    except (AssertionError, ValueError, RecursionError) as e:  # the parser's own assertions on junk
        raise HandinError(f"{where} cannot be read as HTML ({type(e).__name__}); is it a web page?") from None


def _claim(text: str) -> str | None:
    m = _CLAIM.search(text)
    return m.group(1) if m else None


def _answer_text(value: object) -> str:
    """An answer as written; anything that is no number reads as such (that blank: "not a number")."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return f"({type(value).__name__}, not a number)"
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= MAX_CELL else text[:MAX_CELL] + "…"


def _answers_table(table: object, where: str) -> dict[str, str]:
    if not isinstance(table, dict) or not table:
        raise HandinError(
            f'{where}: no [answers] table; write [answers] then "1" = "-0.01050", one per blank'
        )
    if len(table) > MAX_ANSWERS:
        raise HandinError(f"{where}: {len(table):,} answers; a sheet has far fewer blanks")
    return {str(k).strip()[:MAX_CELL]: _answer_text(v) for k, v in table.items()}


def _parse_toml(text: str, where: str) -> dict:
    if (
        text.count("[") > 10 * MAX_ANSWERS
        or max((len(line) for line in text.splitlines()), default=0) > 4000
    ):
        raise HandinError(f"{where}: not an answer file (too many tables or too long a line)")
    try:
        return tomllib.loads(text)
    except (tomllib.TOMLDecodeError, ValueError, RecursionError) as e:
        raise HandinError(f"{where} is not valid TOML: {str(e)[:160]}") from None


def _toml_handin(text: str, student: str, source: str, where: str) -> Handin:
    doc = _parse_toml(text, where)
    claimed = doc.get("student")
    if claimed is not None and not isinstance(claimed, str):
        raise HandinError(f'{where}: student must be a string, e.g. student = "alice"')
    return Handin(student, source, "toml", claimed, _answers_table(doc.get("answers"), where))


def _notebook_handin(text: str, student: str, source: str, where: str) -> Handin:
    import nbformat

    try:
        nb = nbformat.reads(text, as_version=4)
    except (
        json.JSONDecodeError,
        nbformat.reader.NotJSONError,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        RecursionError,
    ) as e:
        raise HandinError(f"{where} is not a Jupyter notebook (JSON): {str(e)[:160]}") from None
    cells = nb.get("cells") if isinstance(nb, dict) else None
    if not isinstance(cells, list):
        raise HandinError(f"{where}: a notebook without cells")
    for cell in cells:
        tags = cell.get("metadata", {}).get("tags", []) if isinstance(cell, dict) else []
        if isinstance(tags, list) and "answers" in tags:
            doc = _parse_toml(_source(cell), f"{where} (its cell tagged answers)")
            claimed = doc.get("student") if isinstance(doc.get("student"), str) else None
            return Handin(student, source, "notebook", claimed, _answers_table(doc.get("answers"), where))
    markdown = "\n\n".join(
        _source(c) for c in cells if isinstance(c, dict) and c.get("cell_type") == "markdown"
    )
    if not markdown.strip():
        raise HandinError(f"{where}: no Markdown cell with the sheet and no cell tagged answers")
    return Handin(student, source, "notebook", _claim(markdown), markdown=markdown)


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _csv_handins(path: Path) -> list[Handin]:
    """One hand-in per row of a class CSV: ``student`` then one column per blank."""
    where = f"hand-in {path.name!r}"
    text = read_text_file(path, where, "CSV", MAX_CSV_BYTES, HandinError)
    reader = csv.reader(io.StringIO(text))
    try:
        header = [h.strip() for h in next(reader, [])]
    except csv.Error as e:
        raise HandinError(f"{where}: not CSV: {e}") from None
    if not header or header[0].lower() not in ("student", "id"):
        raise HandinError(f"{where}: the first column must be headed student (then one column per blank)")
    try:
        return _csv_rows(reader, header, path, where)
    except csv.Error as e:
        raise HandinError(f"{where}: not CSV: {str(e)[:120]}") from None


def _csv_rows(reader, header: list[str], path: Path, where: str) -> list[Handin]:
    handins = []
    for n, cells in enumerate(reader, 2):
        if n > MAX_CSV_ROWS + 1:
            raise HandinError(f"{where}: more than {MAX_CSV_ROWS:,} rows")
        if not any(c.strip() for c in cells):
            continue
        student = cells[0].strip()
        source = f"{path}, line {n}"
        if len(cells) > len(header):
            handins.append(
                Handin(
                    student,
                    source,
                    "csv",
                    problem=f"{path.name}, line {n}: {len(cells)} cells under {len(header)} headings",
                )
            )
            continue
        answers = {}
        for head, cell in zip(header[1:], cells[1:]):
            if cell.strip():
                answers[head] = cell.strip()[: MAX_CELL + 1]
        handins.append(Handin(student, source, "csv", answers=answers))
    return handins
