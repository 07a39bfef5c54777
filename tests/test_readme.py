"""The README is a short guide, and everything it shows is what stepgrad does today."""

from __future__ import annotations

import re
from pathlib import Path

from nn.cli import COMMANDS, main

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    return README.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]


def test_it_is_a_guide_with_the_picture_first():
    lines = README.splitlines()
    assert len(lines) <= 250
    first_picture = next(i for i, line in enumerate(lines, 1) if line.startswith("!["))
    assert first_picture <= 30
    picture = re.search(r"\]\(([^)]+)\)", lines[first_picture - 1])[1]
    assert (ROOT / picture).is_file()


def test_it_says_how_to_install_both_ways():
    install = section("Install")
    for words in ("pip install .", "make demo", "make test", "graphviz"):
        assert words in install


def test_every_link_of_the_readme_lands_in_the_repository():
    links = re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", README)
    assert len(links) >= 10
    for link in links:
        if "://" not in link:
            assert (ROOT / link).exists(), link


def test_the_command_table_lists_every_command_and_only_those():
    listed = re.findall(r"^\| `stepgrad (\w+)` \|", section("Commands"), flags=re.M)
    assert sorted(listed) == sorted(COMMANDS) and len(listed) == len(set(listed))


def test_the_note_is_shown_whole_and_checks_as_the_readme_shows(tmp_path, capsys, monkeypatch):
    use = section("3. Check a note")
    note = use.split("````markdown\n", 1)[1].split("````", 1)[0]
    assert "```stepgrad\n" in note and note.count("```") == 2  # the setup block, whole
    shown = use.split("`stepgrad check notes.md`", 1)[1].split("```text\n", 1)[1].split("```\n", 1)[0]
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.md").write_text(note, encoding="utf-8")
    assert main(["check", "notes.md"]) == 1
    assert capsys.readouterr().out == shown
