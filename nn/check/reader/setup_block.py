"""The worked example a document is read against: ``--setup`` (a .toml or a bundled example) or the
document's own ```` ```stepgrad ```` block, read as the worked-example loader reads files."""

from __future__ import annotations

import tomllib
from pathlib import Path

from nn.check.files import HERE, ExampleError, bundled_examples, example_from_dict, prescan
from nn.check.reader.inference import Inferred
from nn.check.reader.layout import Layout
from nn.textfile import read_text_file

MAX_SETUP_BYTES = 2**20  # as the worked-example loader's limit

_ROW_TABLES = ("document", "formula")


def for_loader(row: dict) -> dict:
    """A row as a worked-example file holds it: its line is in its name (and set as its source after
    loading), since the file's own line would be the TOML's."""
    return {k: v for k, v in row.items() if k != "source"}


def _parse_toml(text: str, where: str) -> dict:
    """A setup's TOML, read as the worked-example loader reads it (pre-scanned, one-line errors)."""
    prescan(text, where)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ExampleError(f"{where} is not valid TOML: {e}") from None
    except (RecursionError, MemoryError):
        raise ExampleError(f"{where} is nested too deeply to be a worked example") from None
    except ValueError as e:
        raise ExampleError(f"{where} cannot be read: {e}") from None


def _setup_file(setup: str | Path) -> tuple[dict, str, str]:
    """A bundled example's name or a .toml path → (parsed TOML, text, where)."""
    path = Path(setup)
    if path.suffix != ".toml" and str(setup) in bundled_examples():
        path = HERE / f"{setup}.toml"
    where = f"example file {str(path)!r}"
    text = read_text_file(path, where, "worked-example .toml", MAX_SETUP_BYTES, ExampleError)
    return _parse_toml(text, where), text, where


def document_setup(layout: Layout, setup: str | Path | None, where: str) -> tuple[dict, str, str, list[str]]:
    """The worked example the document is read against: ``--setup`` or a ```stepgrad block."""
    notes: list[str] = []
    if setup is not None:
        doc, text, setup_where = _setup_file(setup)
        if layout.setups:
            notes.append(f"the ```stepgrad block on line {layout.setups[0][0]} is not used: --setup is given")
    elif layout.setups:
        line, text = layout.setups[0]
        text = "\n" * line + text  # so that the loader's line numbers are the document's
        setup_where = f"{where} (its ```stepgrad block)"
        doc = _parse_toml(text, setup_where)
        if len(layout.setups) > 1:
            notes.append(f"only the first ```stepgrad block (line {line}) is used")
    else:
        raise ExampleError(f"{where}: no setup and no givens in its text (such as `$x_1 = 0.05$`): give "
                           "--setup EXAMPLE (a worked-example .toml with the network, the data and the "
                           "training rule) or put one in a ```stepgrad block")
    own = {t: len(doc[t]) for t in _ROW_TABLES if isinstance(doc.get(t), list) and doc[t]}
    if own:
        notes.append(f"the setup's own {' and '.join(f'{n} [[{t}]] rows' for t, n in own.items())} are not "
                     "used: the rows are read from the document")
    return {k: v for k, v in doc.items() if k not in _ROW_TABLES}, text, setup_where, notes



def loader_takes(table: str) -> bool:
    try:
        example_from_dict({table: {}}, "probe")
    except ExampleError as e:
        return "unknown table" not in str(e)
    return True


def alias_table(aliases: object, where: str) -> dict[str, str]:
    """``[aliases]``: the document's name = the engine's name, e.g. ``E = "L"``."""
    if aliases is None:
        return {}
    if not isinstance(aliases, dict) or not all(isinstance(v, str) for v in aliases.values()):
        raise ExampleError(f"{where}: [aliases] must map names to names, e.g. E = \"L\"")
    return {str(k): v for k, v in aliases.items()}




def inferred_setup(inferred: Inferred, where: str) -> tuple[dict, str, str, list[str]]:
    """The worked example the document's own givens and definitions state, as ``document_setup``
    gives one (raises ExampleError when the text states no given)."""
    import tomli_w

    if not inferred.leaves and inferred.missing and not inferred.arithmetic:  # bare arithmetic needs none
        names = [n for n in inferred.missing if n not in inferred.nodes]
        shown = ", ".join(names[:12]) + (f", … ({len(names) - 12} more)" if len(names) > 12 else "")
        raise ExampleError(f"{where}: its text gives no numbers: its definitions use {shown} and give none "
                           "of them a value (the premises it omits); give --setup EXAMPLE (a worked-example "
                           ".toml with these values) or put one in a ```stepgrad block")
    if not inferred.leaves and not inferred.arithmetic:  # arithmetic on numbers needs no given
        document_setup(Layout(""), None, where)  # raises: no setup, no givens
    doc = inferred.example()
    text = ("# The graph read from the document's own givens and definitions (stepgrad extract).\n"
            + tomli_w.dumps({k: v for k, v in doc.items() if k != "aliases"}))
    if "aliases" in doc:
        text += "\n" + tomli_w.dumps({"aliases": doc["aliases"]})
    notes = [f"no setup given: the graph is read from the text ({len(inferred.leaves)} givens, "
             f"{len(inferred.nodes)} definitions; --explain shows it)"]
    notes += [f"line {inferred.lines.get(name, '?')}: the definition of {name} is left out of the graph: "
              f"{why}" for name, why in inferred.ordered_nodes()[1].items()]
    return doc, text, f"{where} (the graph read from its text)", notes
