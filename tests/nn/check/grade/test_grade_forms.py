"""One filled sheet handed in as Markdown, as a web page (.html, .htm, .xhtml, in UTF-8 or in the
windows-1252 its <meta> declares) and as a notebook: every form is graded alike, blank by blank."""

from __future__ import annotations

import nbformat
from markdown_it import MarkdownIt

from nn.check import grade_handins
from nn.check.grade import Student, load_exercise, write_class
from nn.check.grade.roster import filled


def _page(markdown: str, charset: str) -> str:
    return (f'<!DOCTYPE html>\n<html><head><meta charset="{charset}"><title>Sheet</title></head>\n<body>\n'
            f"{MarkdownIt().enable('table').render(markdown)}</body></html>\n")


def test_a_sheet_handed_in_as_a_page_or_a_notebook_is_graded_like_the_markdown_sheet(tmp_path):
    exercise = load_exercise("seed000")
    (sheet,) = write_class(exercise, [Student("ana")], tmp_path / "class", class_seed=3)
    written = list(sheet.answers)
    slipped = written[0]
    written[0] = slipped[:-1] + str((int(slipped[-1]) + 3) % 10)  # the first blank's last digit wrong
    markdown = filled(sheet, written)
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(markdown)])
    forms = {"ana.md": markdown.encode(), "ana.html": _page(markdown, "utf-8").encode(),
             "ana.htm": _page(markdown, "windows-1252").encode("cp1252", errors="xmlcharrefreplace"),
             "ana.xhtml": _page(markdown, "utf-8").encode(), "ana.ipynb": nbformat.writes(notebook).encode()}
    graded = {}
    for name, data in forms.items():
        folder = tmp_path / name.replace(".", "-")
        folder.mkdir()
        (folder / name).write_bytes(data)
        (result,) = grade_handins(tmp_path / "class", folder, tmp_path / f"report-{name}").students
        assert result.status == "graded", (name, result.message)
        graded[name] = [(b.rule, b.credit) for b in result.blanks]
    assert graded["ana.md"][0][0] != "right" and all(rule == "right" for rule, _ in graded["ana.md"][1:])
    assert all(blanks == graded["ana.md"] for blanks in graded.values()), graded
