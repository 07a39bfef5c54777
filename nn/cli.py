"""The ``stepgrad`` command (also ``python -m nn``).

Each subcommand is a ``(name, help, add_arguments, run)`` entry in ``COMMANDS``; ``run`` returns
the exit status. Errors a user can fix (a bad file, a missing program) are printed as one clear
line with exit status 2, never as a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from autograd import topological_order
from autograd.draw import SUFFIXES, DotNotFoundError, save_drawing
from nn.examples import DEFAULT, ExampleError, load_example
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


def gradient_table(example) -> str:
    """Forward values, the loss and every parameter's gradient, aligned, by document name."""
    loss = example.loss()
    loss.backward()
    lines = [f"{example.title or example.name}", ""]
    if example.assumptions:
        lines.append("Assumed (the example does not give these):")
        lines += [f"  - {a}" for a in example.assumptions]
        lines.append("")
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
    header = f"  {'param':<6} {'alias':<6} {'value':>12} {'dL/dθ':>14} {'updated':>12}"
    lines += [header, "  " + "-" * (len(header) - 2)]
    for n, p in names:
        lines.append(
            f"  {n:<6} {alt_name.get(id(p), ''):<6} {p.data:>12.6f} {p.grad:>14.8f} "
            f"{p.data - example.learning_rate * p.grad:>12.7f}"
        )
    return "\n".join(lines)


def _demo_args(p: argparse.ArgumentParser) -> None:
    add_example_argument(p)


def _demo(args: argparse.Namespace) -> int:
    print(gradient_table(load_example(args.example)))
    return 0


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


Command = tuple[str, str, Callable[[argparse.ArgumentParser], None], Callable[[argparse.Namespace], int]]
COMMANDS: list[Command] = [
    ("demo", "run the main job on an example: gradients by document name", _demo_args, _demo),
    ("graph", "draw an example's computation graph (SVG, PNG, dot or a stepping HTML page)",
     _graph_args, _graph),
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


if __name__ == "__main__":
    sys.exit(main())
