"""The documentation site: it builds with no warning, its internal links land, its code runs.

The rule for code blocks is written in docs/index.md ("Building the site"): a ```python block of
``>>>`` lines is a doctest, any other ```python block a script, and a ```python block preceded by
``<!-- output-only -->`` is shown, not run. The blocks of one page share a namespace, in order.
"""

from __future__ import annotations

import doctest
import importlib.util
import os
import subprocess
import sys
import warnings
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
OUTPUT_ONLY = "<!-- output-only -->"
COMMANDS_PAGE = (DOCS / "commands.md").read_text(encoding="utf-8")  # as committed, before a build rewrites it

pytest.importorskip("mkdocs", reason="mkdocs is in the dev extra: pip install -e '.[dev]'")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> tuple[Path, str]:
    """The site built once, strictly, into a temporary folder: (folder, what mkdocs printed)."""
    out = tmp_path_factory.mktemp("site")
    env = os.environ | {"NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)}
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
                         cwd=ROOT, capture_output=True, text=True, env=env, timeout=300)
    assert run.returncode == 0, run.stderr
    return out, run.stdout + run.stderr


def test_the_site_builds_strictly_with_no_warning(site):
    _, printed = site
    assert "WARNING" not in printed and "ERROR" not in printed, printed


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            if name in ("href", "src") and value:
                self.links.append(value)


def _parsed(page: Path) -> _Links:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def test_every_internal_link_and_anchor_of_the_site_lands(site):
    out, _ = site
    pages = {p: _parsed(p) for p in out.rglob("*.html")}
    assert len(pages) >= 8
    broken = []
    for page, parsed in pages.items():
        for link in parsed.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith(("mailto:", "data:")):
                continue
            base = out if parts.path.startswith("/") else page.parent  # the 404 page links from the root
            target = (base / unquote(parts.path).lstrip("/")).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page.relative_to(out)}: {link} (no such file)")
            elif parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else _parsed(target).ids
                if unquote(parts.fragment) not in ids:
                    broken.append(f"{page.relative_to(out)}: {link} (no such anchor)")
    assert not broken, "\n".join(broken)


def test_every_page_of_the_docs_folder_is_in_the_navigation():
    import yaml

    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["strict"] is True
    listed = {page for entry in config["nav"] for page in entry.values()}
    assert listed == {p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md")}


# ---- the code blocks --------------------------------------------------------------------------------


def python_blocks(page: Path) -> list[tuple[int, str]]:
    """(line, code) of every ```python block of a page that is meant to run."""
    from markdown_it import MarkdownIt

    text = page.read_text(encoding="utf-8")
    lines = text.splitlines()
    blocks = []
    for token in MarkdownIt().parse(text):
        if token.type != "fence" or token.info.split()[:1] != ["python"]:
            continue
        start = token.map[0]
        before = next((lines[i].strip() for i in range(start - 1, -1, -1) if lines[i].strip()), "")
        if before != OUTPUT_ONLY:
            blocks.append((start + 1, token.content))
    return blocks


def pages_with_python() -> list[Path]:
    return sorted(p for p in DOCS.glob("*.md") if python_blocks(p))


def run_block(code: str, namespace: dict, name: str, line: int) -> None:
    if code.lstrip().startswith(">>>"):
        test = doctest.DocTestParser().get_doctest(code, namespace, name, name, line)
        runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
        report: list[str] = []
        runner.run(test, out=report.append, clear_globs=False)
        namespace.update(test.globs)  # a DocTest runs in a copy: later blocks see what this one defined
        assert runner.failures == 0, "".join(report)
    else:
        with warnings.catch_warnings():  # compiling warns of an invalid escape ("\\p"): a block to fix
            warnings.simplefilter("error", DeprecationWarning)
            warnings.simplefilter("error", SyntaxWarning)
            compiled = compile(code, f"{name}:{line}", "exec")
        exec(compiled, namespace)  # noqa: S102 - the docs' own code


@pytest.mark.parametrize("page", pages_with_python(), ids=lambda p: p.name)
def test_every_python_block_of_a_page_runs_and_prints_what_it_shows(page, tmp_path, monkeypatch, capsys):
    from autograd import ops

    monkeypatch.chdir(tmp_path)  # files a block writes go nowhere
    monkeypatch.setattr(ops, "_TABLE", dict(ops._TABLE))  # an operation a page defines stays on its page
    namespace: dict = {"__name__": "__docs__"}
    for line, code in python_blocks(page):
        run_block(code, namespace, page.name, line)
        capsys.readouterr()


def test_the_output_only_marker_is_honoured(tmp_path):
    page = tmp_path / "p.md"
    page.write_text(f"```python\nx = 1\n```\n\n{OUTPUT_ONLY}\n```python\nthis is not python\n```\n")
    assert python_blocks(page) == [(1, "x = 1\n")]


def test_the_command_reference_is_the_parser_s_own_help():
    spec = importlib.util.spec_from_file_location("docs_commands", DOCS / "hooks" / "commands.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    page = COMMANDS_PAGE
    assert page == module.commands_markdown(), "run: python docs/hooks/commands.py (or make docs)"
    from nn.cli import COMMANDS

    for name in COMMANDS:
        assert f"## `stepgrad {name}`" in page
        assert f"usage: stepgrad {name} " in page


def test_the_generated_code_shown_in_the_docs_is_what_stepgrad_code_prints(capsys):
    from nn.cli import main

    page = (DOCS / "compiled.md").read_text(encoding="utf-8")
    shown = page.split(f"{OUTPUT_ONLY}\n```python\n", 1)[1].split("```", 1)[0]
    assert main(["code", "seed000"]) == 0
    assert capsys.readouterr().out == shown


def test_the_tutorial_s_excerpt_of_make_demo_is_what_it_prints(tmp_path, monkeypatch, capsys):
    from nn.cli import main

    page = (DOCS / "tutorial.md").read_text(encoding="utf-8")
    excerpt = page.split("An excerpt of what it prints:\n\n```text\n", 1)[1].split("```", 1)[0]
    monkeypatch.chdir(tmp_path)
    assert main(["demo"]) == 0
    printed = capsys.readouterr().out.splitlines()
    shown = [line for line in excerpt.splitlines() if line != "..."]
    assert len(shown) >= 8
    assert [line for line in shown if line not in printed] == []
