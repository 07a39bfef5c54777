"""The worked-example file a document reads as (``stepgrad extract``): the setup as written, then
every row read, each with its line, and what was not checked as comments."""

from __future__ import annotations

import re
from pathlib import Path

from nn.check.reader.checking import check_document
from nn.check.reader.reading import Reading
from nn.check.reader.report import grouped
from nn.check.reader.setup_block import for_loader, loader_takes


def worked_example_file(reading: Reading) -> str:
    """The worked-example file: the setup as written, then every row read, each with its line."""
    out = [f"# Read from {reading.document} by `stepgrad extract`; review before relying on it.", ""]
    out.append(_without_rows(reading.setup_text, loader_takes("aliases")).strip("\n") + "\n")
    for table, rows in (("document", reading.rows), ("formula", reading.formulas)):
        for row in rows:
            out += ["", f"[[{table}]]"] + [f"{k} = {_toml_value(v)}" for k, v in for_loader(row).items()]
    if reading.skipped:
        out += ["", "# Not checked:"] + [f"# {s}" for s in grouped(reading.skipped)]
    return "\n".join(out) + "\n"



def _toml_value(v: object) -> str:
    if isinstance(v, str):
        if "\\" in v and "\n" not in v and "'''" not in v and not v.endswith("''"):
            return f"'{v}'" if "'" not in v else f"'''{v}'''"  # LaTeX reads best unescaped
        return '"' + v.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{k} = {_toml_value(x)}" for k, x in v.items()) + " }"
    if isinstance(v, list):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    return str(v)


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
    takes, the rest as comments, so that ``stepgrad check`` runs on it as it is."""
    return worked_example_file(check_document(path, setup).reading)


