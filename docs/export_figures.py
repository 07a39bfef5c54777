"""Regenerate the README's pictures from the notebooks: ``make figures``.

Executes each notebook in notebooks/ (in memory; the committed file keeps no outputs) and writes
the picture of every code cell tagged ``figure:NAME`` to docs/NAME.png (or NAME.svg), so the
README shows exactly what the notebook draws.
"""

from __future__ import annotations

import base64
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
FORMATS = (("image/png", ".png"), ("image/svg+xml", ".svg"))


def export(notebook: Path, out_dir: Path) -> list[Path]:
    nb = nbformat.read(notebook, as_version=4)
    tagged = [c for c in nb.cells if any(t.startswith("figure:") for t in c.metadata.get("tags", []))]
    if not tagged:
        return []
    NotebookClient(nb, timeout=600, resources={"metadata": {"path": str(notebook.parent)}}).execute()
    written = []
    for cell in tagged:
        name = next(t for t in cell.metadata["tags"] if t.startswith("figure:")).removeprefix("figure:")
        data = next((o.data for o in cell.outputs if "data" in o and _picture(o.data)), None)
        if data is None:
            raise SystemExit(f"{notebook.name}: the cell tagged figure:{name} drew no PNG or SVG picture")
        mime, suffix = _picture(data)
        path = out_dir / f"{name}{suffix}"
        content = data[mime]
        path.write_bytes(base64.b64decode(content) if mime == "image/png" else content.encode("utf-8"))
        written.append(path)
    return written


def _picture(data: dict) -> tuple[str, str] | None:
    return next(((m, s) for m, s in FORMATS if m in data), None)


def main(argv: list[str]) -> int:
    notebooks = [Path(a) for a in argv] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    for notebook in notebooks:
        for path in export(notebook, ROOT / "docs"):
            print(f"{notebook.name} -> {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
