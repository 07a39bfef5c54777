"""The ``stepgrad`` command (also ``python -m nn``).

A subcommand is one self-contained block: a function adding its arguments and a function running
it, registered with ``@command(name, help, add_arguments)``; ``run`` returns the exit status::

    def _hello_args(p: argparse.ArgumentParser) -> None:
        add_example_argument(p)

    @command("hello", "greet an example", _hello_args)
    def _hello(args: argparse.Namespace) -> int:
        print(load_example(args.example).name)
        return 0

Every subcommand that works on an example takes it both ways, ``stepgrad steps seed001`` and
``stepgrad steps --example seed001`` (``add_example_argument``); every ``--help`` shows the
defaults. Errors a user can fix (a bad file, a missing program) are printed as one clear line
with exit status 2, never as a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from autograd import topological_order, trace
from autograd.atomic import write_atomic
from autograd.draw import SUFFIXES, DotNotFoundError, DrawingTooLargeError, save_drawing
from autograd.trace import forward_text
from nn.check import DEFAULT, Example, ExampleError, load_example
from nn.module import ParameterFileError
from nn.networks import DocumentNetwork

__all__ = ["main"]


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


COMMANDS: dict[str, Command] = {}


def command(
    name: str, help: str, add_arguments: Callable[[argparse.ArgumentParser], None] = lambda p: None
) -> Callable[[Callable[[argparse.Namespace], int]], Callable[[argparse.Namespace], int]]:
    """Register a subcommand: ``@command("name", "one-line help", add_arguments)`` on its run function."""

    def register(run: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
        if name in COMMANDS:
            raise ValueError(f"subcommand {name!r} is defined twice")
        COMMANDS[name] = Command(name, help, add_arguments, run)
        return run

    return register


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Every option's help ends with its default, unless it says it already or there is none."""

    def _get_help_string(self, action: argparse.Action) -> str:
        text = action.help or ""
        default = action.default
        if "default" in text or default is None or default is False or default is argparse.SUPPRESS:
            return text
        return f"{text} (default: %(default)s)"


EXAMPLE_HELP = "a bundled example's name or a worked-example .toml file"


def add_example_argument(parser: argparse.ArgumentParser) -> None:
    """The example, positionally or as --example (``resolve_example`` reconciles the two)."""
    parser.add_argument("example", nargs="?", default=None, metavar="EXAMPLE",
                        help=f"{EXAMPLE_HELP} (default: {DEFAULT})")
    parser.add_argument("--example", dest="example_option", default=None, metavar="EXAMPLE",
                        help="the same, as an option")
    parser.set_defaults(example_given=True)


def resolve_example(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """``args.example``: the one example named, positionally or by --example (not two different)."""
    if not getattr(args, "example_given", False):
        return
    positional, option = args.example, args.example_option
    if positional is not None and option is not None and positional != option:
        parser.error(f"two examples named: {positional!r} and --example {option!r}; give one")
    given = [name for name in (positional, option) if name is not None]  # "" is a (bad) name too
    args.example = given[0] if given else DEFAULT


NUMBER = "{:.8f}"  # every number of the gradient table, so decimal points line up


def aligned(header: list[str], rows: list[list[str]], numeric: set[int]) -> list[str]:
    """A plain-text table: columns as wide as their widest cell, numbers right-aligned."""
    widths = [max(len(row[c]) for row in [header, *rows]) for c in range(len(header))]

    def line(row: list[str]) -> str:
        cells = [cell.rjust(w) if c in numeric else cell.ljust(w)
                 for c, (cell, w) in enumerate(zip(row, widths))]
        return ("  " + "  ".join(cells)).rstrip()

    return [line(header), "  " + "-" * (sum(widths) + 2 * (len(widths) - 1)), *map(line, rows)]


def gradient_table(example: Example, header: bool = True) -> str:
    """Forward values, the loss and every parameter's gradient, aligned, by document name."""
    loss = example.loss()
    loss.backward()
    lines = example.header_lines() if header else []
    forward = [(node.label, node.data) for node in topological_order(loss)
               if node.label and node.parents and node is not loss] + [("L", loss.data)]
    width = max(len(name) for name, _ in forward)
    numbers = [NUMBER.format(value) for _, value in forward]
    digits = max(map(len, numbers))
    lines.append("Forward pass")
    lines += [f"  {name:<{width}} = {text:>{digits}}" for (name, _), text in zip(forward, numbers)]
    lines[-1] += f"   ({example.loss_name}, target {example.targets})"
    lines += ["", "Gradients (dL/dθ) and one SGD step, θ − η·dL/dθ with η = "
              f"{example.learning_rate:g}"]
    alias = {}
    if isinstance(example.network, DocumentNetwork):
        alias = {id(p): n for n, p in example.network.named_parameters("seed001")}
    eta = example.learning_rate
    rows = [[n, alias.get(id(p), ""), *(NUMBER.format(x) for x in (p.data, p.grad, p.data - eta * p.grad))]
            for n, p in example.network.named_parameters()]
    head = ["param", "alias", "value", "dL/dθ", "updated"]
    if not alias:  # no second notation: no empty column
        head, rows = [head[0], *head[2:]], [[r[0], *r[2:]] for r in rows]
    lines += aligned(head, rows, numeric=set(range(len(head) - 3, len(head))))
    return "\n".join(lines)


# ---- demo ---------------------------------------------------------------------------------------
def _demo_args(p: argparse.ArgumentParser) -> None:
    add_example_argument(p)
    p.add_argument("--svg", metavar="FILE",
                   help="where to write the drawing of the graph (default: build/EXAMPLE.svg)")


@command("demo", "run the main job on an example: gradients by document name", _demo_args)
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
        path = save_drawing(loss, svg, example.network, title=example.title or example.name)
    except DotNotFoundError as e:
        print(f"stepgrad demo: {e}", file=sys.stderr)
        return 2
    except DrawingTooLargeError as e:  # everything else was printed; the picture alone is skipped
        print(f"no drawing: {e}")
        return 0
    print(f"SVG written to {path}")
    return 0


# ---- steps --------------------------------------------------------------------------------------
def _steps_args(p: argparse.ArgumentParser) -> None:
    add_example_argument(p)
    p.add_argument("--format", choices=("text", "markdown", "json"), default="text",
                   help="text: aligned blocks; markdown: one table; json: steps in order")
    p.add_argument("--forward", action="store_true",
                   help="print the forward graph (jaxpr-like listing) instead of the backward steps")


@command("steps", "print the backward pass step by step, every chain-rule product", _steps_args)
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


# ---- check --------------------------------------------------------------------------------------
def _check_args(p: argparse.ArgumentParser) -> None:
    add_example_argument(p)
    p.add_argument("--format", choices=("table", "json"), default="table", help="output format")
    p.add_argument("--list", action="store_true", help="list the bundled examples with their titles")
    p.add_argument("--width", type=int, default=100, metavar="COLUMNS",
                   help="fit the table to this many columns; 0: no limit (default: 100)")
    # reading a document itself (nn/check/reader/)
    p.add_argument("--setup", metavar="EXAMPLE",
                   help="for a Markdown document: the worked example (.toml or bundled name) holding its "
                   "network, data and training rule (default: the document's ```stepgrad block)")
    p.add_argument("--explain", action="store_true",
                   help="for a Markdown document: show how each claim was read")


def _check_document(args: argparse.Namespace) -> int:
    """``stepgrad check notes.md [--setup EXAMPLE] [--explain]``: read the document's claims, check them."""
    from nn.check.reader import check_document, format_document_report

    result = check_document(args.example, args.setup)
    if args.format == "json":
        print(json.dumps(result.as_dict(), indent=2, ensure_ascii=False, allow_nan=False))
    else:
        print(format_document_report(result, explain=args.explain))
    return 0 if result.ok else 1


def _extract_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("document", metavar="DOCUMENT.md", help="a Markdown document with LaTeX")
    p.add_argument("--setup", metavar="EXAMPLE",
                   help="the worked example (.toml or bundled name) holding the network, data and training "
                   "rule (default: the document's ```stepgrad block)")
    p.add_argument("-o", "--output", metavar="FILE", help="write the worked example here (default: print it)")


@command("extract", "read a Markdown document's claims into a worked-example file ([[document]], "
         "[[formula]])", _extract_args)
def _extract(args: argparse.Namespace) -> int:
    """Write the worked-example file a document reads as: the setup plus its rows, for review and CI."""
    from nn.check.reader import extract_document

    text = extract_document(args.document, args.setup)
    if not args.output:
        print(text, end="")
        return 0
    try:
        path = write_atomic(Path(args.output), text)
    except OSError as e:
        print(f"stepgrad extract: cannot write {args.output!r}: {e.strerror or e}", file=sys.stderr)
        return 2
    print(path)
    return 0


@command("check", "compare a document's printed numbers with the engine (exit 1 on a mismatch)",
         _check_args)
def _check(args: argparse.Namespace) -> int:
    from nn.check import check_example, example_titles, format_report
    from nn.check.reader import is_document

    if args.list:
        titles = example_titles()
        width = max(map(len, titles))
        print("\n".join(f"{name:<{width}}  {title}" for name, title in titles.items()))
        return 0
    if args.setup or is_document(args.example):
        return _check_document(args)
    report = check_example(args.example)
    if args.format == "json":
        print(json.dumps(report.as_dict(), indent=2, ensure_ascii=False, allow_nan=False))
    else:
        print(format_report(report, width=max(0, args.width)))
    return 0 if report.ok else 1


# ---- graph --------------------------------------------------------------------------------------
def _graph_args(p: argparse.ArgumentParser) -> None:
    add_example_argument(p)
    p.add_argument(
        "-o", "--output", default="graph.svg", metavar="FILE",
        help=f"where to write (missing folders are created); the suffix chooses the format: "
        f"{', '.join(SUFFIXES)} (.html: a page stepping through every backward step)",
    )
    p.add_argument("--step", type=int, metavar="N",
                   help="highlight backward step N (1 = the loss); for .html, the step shown first "
                   "(default: none highlighted; .html opens at step 1)")
    p.add_argument("--precision", type=int, default=4, metavar="DIGITS",
                   help="significant digits of data and grad")


@command("graph", "draw an example's computation graph (SVG, PNG, dot or a stepping HTML page)",
         _graph_args)
def _graph(args: argparse.Namespace) -> int:
    from nn.check.reader import document_example, is_document

    example = document_example(args.example) if is_document(args.example) else load_example(args.example)
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


# ---- formula ------------------------------------------------------------------------------------
def _formula_args(p: argparse.ArgumentParser) -> None:
    p.usage = "%(prog)s [-h] [--example EXAMPLE] [--latex] [--numbers] [EXAMPLE] QUANTITY"
    p.add_argument("words", nargs="+", metavar="[EXAMPLE] QUANTITY",
                   help=f"{EXAMPLE_HELP} (default: {DEFAULT}), then the derivative, e.g. dL/dW11 or dL/dw_o1")
    p.add_argument("--example", dest="example_option", default=None, metavar="EXAMPLE",
                   help="the example, as an option")
    p.add_argument("--latex", action="store_true", help="print LaTeX instead of plain text")
    p.add_argument("--numbers", action="store_true", help="also print it with the example's numbers")


@command("formula", "derive the engine's formula for a derivative, e.g. dL/dW11 (--latex, --numbers)",
         _formula_args)
def _formula(args: argparse.Namespace) -> int:
    """The engine's own formula for a derivative, in the document's names (nn/check/formulas.py)."""
    from nn.check.formulas import derive

    if len(args.words) > 2:
        args.subparser.error("give an example and one quantity, e.g. stepgrad formula seed000 dL/dW11")
    *named, quantity = args.words
    args.example, args.example_option = (named[0] if named else None), args.example_option
    args.example_given = True
    resolve_example(args.subparser, args)
    print(derive(args.example, quantity, latex=args.latex, numbers=args.numbers))
    return 0


# ---- code ---------------------------------------------------------------------------------------
def _code_args(p: argparse.ArgumentParser) -> None:
    add_example_argument(p)


@command("code", "print the Python autograd.jit generates for one training step (forward, backward, SGD)",
         _code_args)
def _code(args: argparse.Namespace) -> int:
    """The Python that autograd.jit generates for one training step of the example."""
    from nn.train import example_step

    print(example_step(load_example(args.example)).source, end="")
    return 0


# ---- new ----------------------------------------------------------------------------------------
TEMPLATES = Path(__file__).parent / "examples" / "templates"
KINDS = {"document": "the documents' 2-2-1 network (W11 … B3)",
         "mlp": "a multilayer perceptron of any shape (L1.N1.w1 …)",
         "shared-bias": "the 2-2-2 network of Mazur-style tutorials (w1 … w8, b1, b2)"}


def _new_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE", help="the .toml file to write (missing folders are created)")
    p.add_argument("--kind", choices=tuple(KINDS), default="document",
                   help="the network: " + "; ".join(f"{k}: {v}" for k, v in KINDS.items()))
    p.add_argument("--force", action="store_true", help="replace FILE if it exists")


@command("new", "write a commented worked-example template to start your own from", _new_args)
def _new(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if path.suffix.lower() != ".toml":
        print(f"stepgrad new: {args.file!r} must end in .toml (a worked example is a TOML file)",
              file=sys.stderr)
        return 2
    if path.exists() and not args.force:
        print(f"stepgrad new: {args.file!r} exists; choose another name, or --force to replace it",
              file=sys.stderr)
        return 2
    text = (TEMPLATES / f"{args.kind}.toml").read_text(encoding="utf-8")
    try:
        write_atomic(path, text.replace("{name}", path.stem.replace('"', "")))
    except OSError as e:
        print(f"stepgrad new: cannot write {args.file!r}: {e.strerror or e}", file=sys.stderr)
        return 2
    print(f"{path}: a worked example ({args.kind} network); edit its numbers, then: stepgrad check {path}")
    return 0


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"stepgrad {version('stepgrad')}"
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "stepgrad (not installed: version unknown)"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="stepgrad", description="Step through, draw and check backpropagation.",
        formatter_class=HelpFormatter,
    )
    parser.add_argument("--version", action="version", version=_version())
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for c in COMMANDS.values():
        p = sub.add_parser(c.name, help=c.help, description=c.help, formatter_class=HelpFormatter)
        c.add_arguments(p)
        p.set_defaults(subparser=p)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    resolve_example(args.subparser, args)
    try:
        return COMMANDS[args.command].run(args)
    except (ExampleError, ParameterFileError) as e:
        print(f"stepgrad {args.command}: {e}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `stepgrad steps | head`: the reader left; not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
