"""The ``stepgrad`` command (also ``python -m nn``).

Each subcommand is a ``(name, help, add_arguments, run)`` entry in ``COMMANDS``; ``run`` returns
the exit status. Errors a user can fix (a bad file, a missing program) are printed as one clear
line with exit status 2, never as a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from autograd import topological_order, trace
from autograd.draw import SUFFIXES, DotNotFoundError, save_drawing
from autograd.trace import forward_text
from nn.check import DEFAULT, Example, ExampleError, load_example
from nn.module import ParameterFileError
from nn.networks import DocumentNetwork

__all__ = ["main"]


def add_example_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--example",
        default=DEFAULT,
        metavar="NAME|FILE",
        help=f"a bundled example name or a worked-example .toml file (default: {DEFAULT})",
    )


def gradient_table(example: Example, header: bool = True) -> str:
    """Forward values, the loss and every parameter's gradient, aligned, by document name."""
    loss = example.loss()
    loss.backward()
    lines = example.header_lines() if header else []
    lines.append("Forward pass")
    for node in topological_order(loss):
        if node.label and node.parents and node is not loss:
            lines.append(f"  {node.label:<6} = {node.data:.6f}")
    lines.append(f"  {'L':<6} = {loss.data:.6f}   ({example.loss_name}, target {example.targets})")
    lines += ["", "Gradients (dL/dθ) and one SGD step, θ − η·dL/dθ with η = "
              f"{example.learning_rate:g}"]
    names = list(example.network.named_parameters())
    alt_name = {}
    if isinstance(example.network, DocumentNetwork):
        alt_name = {id(p): n for n, p in example.network.named_parameters("seed001")}
    header_row = f"  {'param':<6} {'alias':<6} {'value':>12} {'dL/dθ':>14} {'updated':>12}"
    lines += [header_row, "  " + "-" * (len(header_row) - 2)]
    for n, p in names:
        lines.append(
            f"  {n:<6} {alt_name.get(id(p), ''):<6} {p.data:>12.6f} {p.grad:>14.8f} "
            f"{p.data - example.learning_rate * p.grad:>12.7f}"
        )
    return "\n".join(lines)


def _demo_args(p: argparse.ArgumentParser) -> None:
    add_example_argument(p)
    p.add_argument("--svg", metavar="FILE",
                   help="where to write the drawing of the graph (default: build/EXAMPLE.svg)")


def _demo(args: argparse.Namespace) -> int:
    """The main job: gradients by name, the step table, the document check, the drawing."""
    from nn.check import check_example, format_report

    example = load_example(args.example)
    rule = "=" * 100
    print("\n".join(example.header_lines()))
    print(f"{rule}\n1. Forward pass and gradients\n{rule}")
    print(gradient_table(example, header=False))
    loss = example.loss()
    print(f"\n{rule}\n2. The backward pass, one step per operation\n{rule}")
    print(trace(loss).text())
    print(f"\n{rule}\n3. The document's numbers against the engine\n{rule}")
    if example.raw.get("document"):
        print(format_report(check_example(example), header=False))
    else:
        print("(this example lists no document numbers to check)")
    print(f"\n{rule}\n4. The computation graph\n{rule}")
    svg = Path(args.svg or Path("build") / f"{example.name}.svg")
    loss.backward()
    try:
        svg.parent.mkdir(parents=True, exist_ok=True)
        path = save_drawing(loss, svg, example.network, title=example.title or example.name)
    except DotNotFoundError as e:
        print(f"stepgrad demo: {e}", file=sys.stderr)
        return 2
    print(f"SVG written to {path}")
    return 0


def _steps_args(p: argparse.ArgumentParser) -> None:
    add_example_argument(p)
    p.add_argument("--format", choices=("text", "markdown", "json"), default="text",
                   help="text (default): aligned blocks; markdown: one table; json: steps in order")
    p.add_argument("--forward", action="store_true",
                   help="print the forward graph (jaxpr-like listing) instead of the backward steps")


def _steps(args: argparse.Namespace) -> int:
    example = load_example(args.example)
    loss = example.loss()
    if args.forward:
        print(forward_text(loss))
        return 0
    steps = trace(loss)
    title = example.title or example.name
    intro = (f"Backward pass of {steps.root_name}: one step per operation, in backward()'s order.\n"
             f"Unlabelled nodes are named t1, t2, ... (operations) and c1, c2, ... (constants).")
    if args.format == "json":
        print(json.dumps({"example": example.name, "title": title} | steps.to_dict(),
                         indent=2, ensure_ascii=False))
    elif args.format == "markdown":
        assumed = example.assumption_lines(markdown=True)
        lines = [f"## {title}", "", intro, "", *assumed, *([""] if assumed else [])]
        print("\n".join(lines) + steps.markdown())
    else:
        lines = [title, "", intro, "", *example.assumption_lines()]
        print("\n".join(lines) + "\n\n" + steps.text())
    return 0


def _check_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "example",
        nargs="?",
        default=DEFAULT,
        metavar="FILE|NAME",
        help=f"a worked-example .toml file or a bundled example's name (default: {DEFAULT})",
    )
    p.add_argument("--format", choices=("table", "json"), default="table", help="output format")


def _check(args: argparse.Namespace) -> int:
    from nn.check import check_example, format_report

    report = check_example(args.example)
    if args.format == "json":
        print(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
    else:
        print(format_report(report))
    return 0 if report.ok else 1


def _graph_args(p: argparse.ArgumentParser) -> None:
    add_example_argument(p)
    p.add_argument(
        "-o", "--output", default="graph.svg", metavar="FILE",
        help=f"where to write; the suffix chooses the format: {', '.join(SUFFIXES)} "
        "(.html: a page stepping through every backward step) (default: graph.svg)",
    )
    p.add_argument("--step", type=int, metavar="N",
                   help="highlight backward step N (1 = the loss); for .html, the step shown first")
    p.add_argument("--precision", type=int, default=4, metavar="DIGITS",
                   help="significant digits of data and grad (default: 4)")


def _graph(args: argparse.Namespace) -> int:
    example = load_example(args.example)
    loss = example.loss()
    loss.backward()
    try:
        path = save_drawing(
            loss, args.output, example.network, step=args.step, precision=args.precision,
            title=example.title or example.name,
        )
    except (DotNotFoundError, ValueError) as e:
        print(f"stepgrad graph: {e}", file=sys.stderr)
        return 2
    except OSError as e:
        print(f"stepgrad graph: cannot write {args.output!r}: {e.strerror or e}", file=sys.stderr)
        return 2
    print(path)
    return 0


def _code_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("example", nargs="?", default=DEFAULT, metavar="NAME|FILE",
                   help=f"a bundled example name or a worked-example .toml file (default: {DEFAULT})")


def _code(args: argparse.Namespace) -> int:
    """The Python that autograd.jit generates for one training step of the example."""
    from nn.train import example_step

    print(example_step(load_example(args.example)).source, end="")
    return 0


Command = tuple[str, str, Callable[[argparse.ArgumentParser], None], Callable[[argparse.Namespace], int]]
COMMANDS: list[Command] = [
    ("demo", "run the main job on an example: gradients by document name", _demo_args, _demo),
    ("steps", "print the backward pass step by step, every chain-rule product", _steps_args, _steps),
    ("check", "compare a document's printed numbers with the engine (exit 1 on a mismatch)",
     _check_args, _check),
    ("graph", "draw an example's computation graph (SVG, PNG, dot or a stepping HTML page)",
     _graph_args, _graph),
    ("code", "print the Python that autograd.jit generates for one training step (forward, backward, SGD)",
     _code_args, _code),
]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="stepgrad", description="Step through, draw and check backpropagation."
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    runs = {}
    for name, help_text, add_arguments, run in COMMANDS:
        add_arguments(sub.add_parser(name, help=help_text, description=help_text))
        runs[name] = run
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    try:
        return runs[args.command](args)
    except (ExampleError, ParameterFileError) as e:
        print(f"stepgrad {args.command}: {e}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `stepgrad steps | head`: the reader left; not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
