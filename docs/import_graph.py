"""Draw the import graph of autograd/ and nn/ as docs/architecture.svg (graphviz's dot).

    python docs/import_graph.py          # writes docs/architecture.svg

Read from the code itself (grimp, import-linter's graph builder; imports made only for type
checking are left out), so the picture cannot drift from the code. Each arrow goes from a module
to a module it imports; dot places every module above what it imports, so in a graph without a
circle every arrow points down. The colour is the package.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "architecture.svg"
PACKAGES = ("autograd.compiler", "autograd.drawing", "nn.check", "autograd", "nn")
COLOURS = {"autograd": "#dbeafe", "autograd.compiler": "#e0e7ff", "autograd.drawing": "#e0f2fe",
           "nn": "#fef3c7", "nn.check": "#fee2e2"}


def package_of(module: str) -> str:
    return next(p for p in PACKAGES if module == p or module.startswith(p + "."))


def dot_source() -> str:
    sys.path.insert(0, str(ROOT))
    import grimp

    graph = grimp.build_graph("autograd", "nn", exclude_type_checking_imports=True)
    modules = sorted(m for m in graph.modules if not m.endswith("__main__"))
    lines = ["digraph imports {", '  rankdir=TB; nodesep=0.2; ranksep=0.5; fontname="Helvetica";',
             '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=10];',
             '  edge [color="#6b7280", arrowsize=0.6];']
    for m in modules:  # no boxes around packages: dot then ranks strictly by the imports
        lines.append(f'  "{m}" [label="{m}", fillcolor="{COLOURS[package_of(m)]}"];')
    for m in modules:
        for imported in sorted(graph.find_modules_directly_imported_by(m)):
            if imported in modules and imported != m:
                lines.append(f'  "{m}" -> "{imported}";')
    lines.append("}")
    return "\n".join(lines) + "\n"


def main() -> None:
    dot = subprocess.run(["dot", "-Tsvg"], input=dot_source(), capture_output=True, text=True, check=True)
    svg = dot.stdout
    OUT.write_text(svg, encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
