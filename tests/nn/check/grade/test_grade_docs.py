"""docs/grading.md runs: its ```python blocks, in order, in one namespace, in an empty folder (the
site's rule for code blocks); what it says the commands print is what they print."""

import os
import re
from pathlib import Path

PAGE = Path(__file__).resolve().parents[4] / "docs" / "grading.md"


def test_the_grading_page_runs_end_to_end(tmp_path, capsys, monkeypatch):
    text = PAGE.read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    assert len(blocks) >= 7
    monkeypatch.chdir(tmp_path)
    namespace: dict = {"__name__": "grading_page"}
    for block in blocks:
        exec(compile(block, str(PAGE), "exec"), namespace)  # noqa: S102 - the page's own examples
    printed = capsys.readouterr().out
    shown = re.search(r"prints one line per student.*?```text\n(.*?)```", text, re.S).group(1)
    for line in shown.splitlines():  # the output the page shows, line by line
        assert line.replace("report/", "report" + os.sep) in printed, line
    assert "['right', 'sign', 'blank']" in printed and "40" in printed
    assert (tmp_path / "report" / "index.html").is_file() and (tmp_path / "tests" / "backprop.py").is_file()
