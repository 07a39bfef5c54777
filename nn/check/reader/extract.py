"""The worked-example file a document reads as (``stepgrad extract``): the setup as written, then
every row read, each with its line, and what was not checked as comments."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from nn.check.reader.checking import check_document
from nn.check.reader.reading import Reading, with_graph
from nn.check.reader.report import grouped
from nn.check.reader.setup_block import for_loader, loader_takes
from nn.tomlwriter import toml_assignments, toml_document


def worked_example_file(reading: Reading) -> str:
    """The worked-example file: the setup as written, then every row read, each with its line.

    Every value is written by ``nn.tomlwriter``. When the setup's own text cannot take the rows
    after it (it writes them inline, ``document = [{…}]``), the setup is written from what it
    parsed to instead (its comments are then lost, and the file says so): the file always loads."""
    head = f"# Read from {reading.document} by `stepgrad extract`; review before relying on it."
    setup = _without_rows(reading.setup_text, loader_takes("aliases")).strip("\n") + "\n"
    text = _file(head, setup, reading)
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        written = {k: v for k, v in reading.setup.items() if k not in ("document", "formula")}
        if not loader_takes("aliases"):
            written.pop("aliases", None)
        note = "# The setup is written from its values (its own text holds rows inline; comments dropped)."
        text = _file(f"{head}\n{note}", toml_document(written), reading)
    return text


def _file(head: str, setup: str, reading: Reading) -> str:
    out = [head, "", setup]
    for table, rows in (("document", reading.rows), ("formula", reading.formulas)):
        for row in rows:
            out += ["", f"[[{table}]]", *toml_assignments(for_loader(row))]
    if reading.skipped:
        out += ["", "# Not checked:"] + [f"# {s}" for s in grouped(reading.skipped)]
    return "\n".join(out) + "\n"


_ROW_HEADER = re.compile(r"^\s*\[\[\s*(document|formula)\s*\]\]")
_ALIASES_HEADER = re.compile(r"^\s*\[\s*aliases\s*\]")
_ANY_HEADER = re.compile(r"^\s*\[")


def _without_rows(text: str, keep_aliases: bool) -> str:
    """A setup's text without its [[document]] and [[formula]] tables, and with its [aliases]
    commented out when the worked-example loader does not take them (the rows read use the
    engine's names, so the file loads as it is)."""
    out, skipping, commenting = [], False, False
    for line in text.splitlines():
        if _ANY_HEADER.match(line):
            skipping = bool(_ROW_HEADER.match(line))
            commenting = not keep_aliases and bool(_ALIASES_HEADER.match(line))
            if commenting:
                out.append("# [aliases] read the document; the rows below use the engine's names:")
        if skipping:
            continue
        out.append(f"# {line}" if commenting and line.strip() else line)
    return "\n".join(out)



def extract_document(path: str | Path, setup: str | Path | None = None) -> str:
    """The worked-example file a document reads as (``stepgrad extract``): every row the checker
    takes, the rest as comments, so that ``stepgrad check`` runs on it as it is (the first example with
    a graph)."""
    return worked_example_file(with_graph(check_document(path, setup).reading))


