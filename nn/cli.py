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
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from autograd import Value, topological_order, trace
from autograd.atomic import write_atomic
from autograd.drawing import SUFFIXES, DotNotFoundError, DrawingTooLargeError, save_drawing
from autograd.listing import forward_text
from autograd.naming import automatic_prefixes
from nn.check import DEFAULT, Example, ExampleError, load_example
from nn.module import ParameterFileError
from nn.networks import DocumentNetwork
from nn.suggest import did_you_mean

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


def add_example_argument(parser: argparse.ArgumentParser, what: str = EXAMPLE_HELP) -> None:
    """The example, positionally or as --example (``resolve_example`` reconciles the two)."""
    parser.add_argument("example", nargs="?", default=None, metavar="EXAMPLE",
                        help=f"{what} (default: {DEFAULT})")
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


def add_force_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--force", action="store_true", help="replace the output file if it exists")


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except (OSError, ValueError):
        return False


def output_problem(path: Path, force: bool, inputs: Sequence[str | Path | None] = ()) -> str | None:
    """Why stepgrad must not write ``path`` (None: it may): it is an input (never replaced, even with
    --force), or it exists and --force was not given. Nothing the user had is lost."""
    for given in inputs:
        if given is not None and _same_file(path, Path(given)):
            return f"{str(path)!r} is the input file; write to another file"
    try:
        exists = path.exists() or path.is_symlink()
    except (OSError, ValueError):
        exists = False
    if exists and not force:
        return f"{str(path)!r} exists; choose another name, or --force to replace it"
    return None


_FILE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def file_name(name: str, suffix: str) -> str:
    """A name from a file (``[example] name``) as a file name in the current folder, never a path:
    ``../../x`` and ``/any/folder`` become ``x`` and ``any_folder``."""
    stem = _FILE_NAME.sub("_", name).strip("._") or "example"
    return stem[:100] + suffix


NUMBER = "{:.8f}"  # every number of the gradient table, so decimal points line up


def aligned(header: list[str], rows: list[list[str]], numeric: set[int]) -> list[str]:
    """A plain-text table: columns as wide as their widest cell, numbers right-aligned."""
    widths = [max(len(row[c]) for row in [header, *rows]) for c in range(len(header))]

    def line(row: list[str]) -> str:
        cells = [cell.rjust(w) if c in numeric else cell.ljust(w)
                 for c, (cell, w) in enumerate(zip(row, widths))]
        return ("  " + "  ".join(cells)).rstrip()

    return [line(header), "  " + "-" * (sum(widths) + 2 * (len(widths) - 1)), *map(line, rows)]


def graph_root(example: Example, name: str | None = None) -> Value:
    """A fresh graph of the example, from its node ``name`` (``--root``; default: the example's root)."""
    loss = example.loss()
    if name is None or name == loss.label:
        return loss
    operations = {n: v for n, v in example.named_nodes(topological_order(loss)).items() if v.parents}
    if name not in operations:
        hint = did_you_mean(name, operations) or f"its outputs are {', '.join(example.outputs())}"
        raise ExampleError(f"--root {name!r}: {example.name or 'the example'} has no operation of that name; "
                           f"{hint}")
    return operations[name]


def add_root_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", metavar="NODE",
                        help="the node backward starts from, for an example with several outputs "
                        "(default: the example's root)")


def _forward_lines(example: Example, out: Value, name: str) -> list[str]:
    forward = [(node.label, node.data) for node in topological_order(out)
               if node.label and node.parents and node is not out] + [(name, out.data)]
    width = max(len(label) for label, _ in forward)
    numbers = [NUMBER.format(value) for _, value in forward]
    digits = max(map(len, numbers))
    lines = ["Forward pass"]
    lines += [f"  {label:<{width}} = {text:>{digits}}" for (label, _), text in zip(forward, numbers)]
    if example.kind != "expression":  # a loss and its targets; an expression's root is just a node
        lines[-1] += f"   ({example.loss_name}, target {example.targets})"
    return lines


def _leaf_gradient_lines(example: Example, out: Value, name: str) -> list[str]:
    """An expression with nothing to update: every leaf of the graph with its gradient, no step."""
    in_graph = {id(node) for node in topological_order(out)}
    leaves = [(label, v) for label, v in getattr(example.network, "leaves", {}).items() if id(v) in in_graph]
    rows = [[label, NUMBER.format(v.data), NUMBER.format(v.grad)] for label, v in leaves]
    return ["", f"Gradients (d{name}/d leaf)", *aligned(["leaf", "value", f"d{name}/d leaf"], rows, {1, 2})]


def gradient_table(example: Example, header: bool = True, root: str | None = None) -> str:
    """Forward values, the root and every parameter's gradient (with one SGD step when the example
    has a learning rate), aligned, by document name."""
    out = graph_root(example, root)
    out.backward()
    name = out.label or "L"
    lines = (example.header_lines() if header else []) + _forward_lines(example, out, name)
    eta = example.learning_rate
    params = list(example.network.named_parameters())
    if example.kind == "expression" and not (params and eta):
        return "\n".join(lines + _leaf_gradient_lines(example, out, name))
    lines += ["", f"Gradients (d{name}/dθ) and one SGD step, θ − η·d{name}/dθ with η = {eta:g}"]
    alias = {}
    if isinstance(example.network, DocumentNetwork):
        alias = {id(p): n for n, p in example.network.named_parameters("seed001")}
    rows = [[n, alias.get(id(p), ""), *(NUMBER.format(x) for x in (p.data, p.grad, p.data - eta * p.grad))]
            for n, p in params]
    head = ["param", "alias", "value", f"d{name}/dθ", "updated"]
    if not alias:  # no second notation: no empty column
        head, rows = [head[0], *head[2:]], [[r[0], *r[2:]] for r in rows]
    lines += aligned(head, rows, numeric=set(range(len(head) - 3, len(head))))
    return "\n".join(lines)


# ---- demo ---------------------------------------------------------------------------------------
def _demo_args(p: argparse.ArgumentParser) -> None:
    add_example_argument(p)
    p.add_argument("--svg", metavar="FILE",
                   help="where to write the drawing of the graph; EXAMPLE is the example's name made a "
                   "file name, never a path; an example with several outputs also writes FILE-OUTPUT.svg "
                   "for each other output (default: build/EXAMPLE.svg)")
    add_root_argument(p)
    add_force_argument(p)


def _drawing_path(svg: Path, root: str, first: bool) -> Path:
    return svg if first else svg.with_name(f"{svg.stem}-{file_name(root, svg.suffix)}")


@command("demo", "run the main job on an example: gradients by document name", _demo_args)
def _demo(args: argparse.Namespace) -> int:
    """The main job: gradients by name, the step table, the document check, the drawing; an
    example with several outputs (two circuits in one file) shows each."""
    from nn.check import check_example, format_report

    example = load_example(args.example)
    roots = [args.root] if args.root else example.outputs()
    graphs = {root: graph_root(example, root) for root in roots}  # a bad --root stops here, before output
    svg = Path(args.svg) if args.svg else Path("build") / file_name(example.name, ".svg")
    for i, root in enumerate(graphs):  # every drawing's file checked before anything is printed
        path = _drawing_path(svg, root, i == 0)
        problem = output_problem(path, args.force, [example.path])
        if problem is None and path.suffix.lower() not in SUFFIXES:
            problem = f"{str(path)!r} must end in {', '.join(SUFFIXES)} (the suffix chooses the format)"
        if problem:
            print(f"stepgrad demo: {problem}", file=sys.stderr)
            return 2
    rule, number = "=" * 100, iter(range(1, 100))

    def section(title: str) -> None:
        print(f"{rule}\n{next(number)}. {title}\n{rule}")

    print("\n".join(example.header_lines()))
    for root, out in graphs.items():
        of = f" of {root}" if len(graphs) > 1 else ""
        section(f"Forward pass and gradients{of}")
        print(gradient_table(example, header=False, root=root) + "\n")
        section(f"The backward pass{of}, one step per operation")
        print(trace(out).text() + "\n")
    section("The document's numbers against the engine")
    if example.raw.get("document"):
        print(format_report(check_example(example), header=False))
    else:
        print("(this example lists no document numbers to check)")
    print()
    section("The computation graph" + ("s" if len(graphs) > 1 else ""))
    for i, (root, out) in enumerate(graphs.items()):
        out.backward()
        title = (example.title or example.name) + (f" — {root}" if len(graphs) > 1 else "")
        path = _drawing_path(svg, root, i == 0)
        try:
            path = save_drawing(out, path, example.network, title=title)
        except DotNotFoundError as e:
            print(f"stepgrad demo: {e}", file=sys.stderr)
            return 2
        except OSError as e:
            print(f"stepgrad demo: cannot write {str(path)!r}: {e.strerror or e}", file=sys.stderr)
            return 2
        except DrawingTooLargeError as e:  # everything else was printed; the picture alone is skipped
            print(f"no drawing: {e}")
            continue
        print(f"SVG written to {path}")
    return 0


# ---- steps --------------------------------------------------------------------------------------
def _steps_args(p: argparse.ArgumentParser) -> None:
    add_example_argument(p)
    p.add_argument("--format", choices=("text", "markdown", "json"), default="text",
                   help="text: aligned blocks; markdown: one table; json: steps in order")
    p.add_argument("--forward", action="store_true",
                   help="print the forward graph (jaxpr-like listing) instead of the backward steps")
    add_root_argument(p)


@command("steps", "print the backward pass step by step, every chain-rule product", _steps_args)
def _steps(args: argparse.Namespace) -> int:
    example = load_example(args.example)
    loss = graph_root(example, args.root)
    if args.forward:
        print(forward_text(loss))
        return 0
    steps = trace(loss)
    title = example.title or example.name
    t, c = automatic_prefixes(topological_order(loss))
    intro = (f"Backward pass of {steps.root_name}: one step per operation, in backward()'s order.\n"
             f"Unlabelled nodes are named {t}1, {t}2, ... (operations) and {c}1, {c}2, ... (constants).")
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
    add_example_argument(p, "a bundled example's name, a worked-example .toml file, or a Markdown .md "
                         "document (its setup in a ```stepgrad block, or --setup)")
    p.add_argument("--format", choices=("table", "json"), default="table", help="output format")
    p.add_argument("--list", action="store_true", help="list the bundled examples with their titles")
    p.add_argument("--width", type=_width, default=100, metavar="COLUMNS",
                   help=f"fit the table to this many columns (at least {MIN_WIDTH}); 0: no limit "
                   "(default: 100)")
    # reading a document itself (nn/check/reader/)
    p.add_argument("--setup", metavar="EXAMPLE",
                   help="for a Markdown document: the worked example (.toml or bundled name) holding its "
                   "network, data and training rule (default: the document's ```stepgrad block)")
    p.add_argument("--explain", action="store_true",
                   help="for a Markdown document: show how each claim was read")


MIN_WIDTH = 20  # narrower, a diagnosis line holds less than one number and its words


def _width(text: str) -> int:
    try:
        width = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of columns") from None
    if width != 0 and width < MIN_WIDTH:
        raise argparse.ArgumentTypeError(f"{width} columns is too narrow; give at least {MIN_WIDTH}, or 0 "
                                         "for no limit")
    return width


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
    add_force_argument(p)


@command("extract", "read a Markdown document's claims into a worked-example file ([[document]], "
         "[[formula]])", _extract_args)
def _extract(args: argparse.Namespace) -> int:
    """Write the worked-example file a document reads as: the setup plus its rows, for review and CI."""
    from nn.check.reader import extract_document

    problem = args.output and output_problem(Path(args.output), args.force, [args.document, args.setup])
    if problem:
        print(f"stepgrad extract: {problem}", file=sys.stderr)
        return 2
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


@command("check", "compare a document's printed numbers with the engine "
                  "(exit 1 on a mismatch or when nothing could be checked)", _check_args)
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
    add_root_argument(p)
    add_force_argument(p)


@command("graph", "draw an example's computation graph (SVG, PNG, dot or a stepping HTML page)",
         _graph_args)
def _graph(args: argparse.Namespace) -> int:
    from nn.check.reader import document_example, is_document

    if problem := output_problem(Path(args.output), args.force, [args.example]):  # before reading it
        print(f"stepgrad graph: {problem}", file=sys.stderr)
        return 2
    example = document_example(args.example) if is_document(args.example) else load_example(args.example)
    if problem := output_problem(Path(args.output), args.force, [example.path]):
        print(f"stepgrad graph: {problem}", file=sys.stderr)
        return 2
    loss = graph_root(example, args.root)
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


def _a_derivative(name: str) -> str:
    """A derivative the example has, for messages: of its root by its first parameter (or leaf)."""
    example = load_example(name)
    net = example.network
    leaf = next((n for n, _ in net.named_parameters()), None) or next(iter(getattr(net, "leaves", "x")))
    return f"d{example.root}/d{leaf}"


def _names_an_example(word: str) -> bool:
    from nn.check import bundled_examples

    return word in bundled_examples() or (word.endswith(".toml") and Path(word).is_file())


@command("formula", "derive the engine's formula for a derivative, e.g. dL/dW11 (--latex, --numbers)",
         _formula_args)
def _formula(args: argparse.Namespace) -> int:
    """The engine's own formula for a derivative, in the document's names (nn/check/formulas.py)."""
    from nn.check.formulas import derive

    if len(args.words) > 2:
        args.subparser.error("give an example and one quantity, e.g. stepgrad formula seed000 dL/dW11")
    *named, quantity = args.words
    if not named and "/" not in quantity and _names_an_example(quantity):
        args.subparser.error(f"give the quantity too, e.g. stepgrad formula {quantity} "
                             f"{_a_derivative(quantity)} "
                             f"(stepgrad steps {quantity} --forward lists the names)")
    args.example, args.example_option = (named[0] if named else None), args.example_option
    args.example_given = True
    resolve_example(args.subparser, args)
    print(derive(args.example, quantity, latex=args.latex, numbers=args.numbers))
    return 0


# ---- code ---------------------------------------------------------------------------------------
def _code_args(p: argparse.ArgumentParser) -> None:
    add_example_argument(p)
    p.add_argument("--vectorized", action="store_true",
                   help="print the numpy array code of jit(..., vectorize=True) over a batch instead")


@command("code", "print the Python autograd.jit generates for the example's step (forward, backward, "
         "its update rule)", _code_args)
def _code(args: argparse.Namespace) -> int:
    """The Python the checker replays for the example's step: its loss, batches, update rule (or,
    with --vectorized, the array code over a batch of its samples)."""
    from autograd import JitError
    from nn.check.checker import example_code
    from nn.train import example_vectorized

    example = load_example(args.example)
    if not args.vectorized:
        print(example_code(example), end="")
        return 0
    try:
        print(example_vectorized(example).source, end="")
    except (JitError, ValueError) as e:
        print(f"stepgrad code: {example.name}: {e}", file=sys.stderr)
        return 2
    return 0


# ---- new ----------------------------------------------------------------------------------------
TEMPLATES = Path(__file__).parent / "examples" / "templates"
KINDS = {"document": "the documents' 2-2-1 network (W11 … B3)",
         "expression": "any expression, gate by gate (most homework is one)",
         "mlp": "a multilayer perceptron of any shape (L1.N1.w1 …)",
         "shared-bias": "the 2-2-2 network of Mazur-style tutorials (w1 … w8, b1, b2)"}


def _new_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE", nargs="?",
                   help="the .toml file to write (missing folders are created); not with --exercise")
    p.add_argument("--kind", choices=tuple(KINDS), default="document",
                   help="what to start from: " + "; ".join(f"{k}: {v}" for k, v in KINDS.items()))
    p.add_argument("--force", action="store_true", help="replace FILE (or the class in --out) if it exists")
    g = p.add_argument_group("an exercise per student (docs/grading.md)")
    g.add_argument("--exercise", metavar="EXERCISE",
                   help="an exercise file (a worked example with an [exercise] table) or a bundled name "
                        "(seed000, shared-input): write a sheet and an answer key per student")
    g.add_argument("--students", metavar="ROSTER", help="a CSV file: id (and name, seed) per student")
    g.add_argument("--seed", type=int, default=0,
                   help="the class seed: each student's numbers come from it and their id; without "
                        "--students, one sheet for this seed")
    g.add_argument("--out", metavar="DIR", help="the folder for sheets/, keys/ and class.toml")


def _new_class(args: argparse.Namespace) -> int:
    from nn.check.grade import Student, load_exercise, read_roster, write_class

    if args.file or not args.out:
        print("stepgrad new: --exercise writes a folder: give --out DIR (and no FILE)", file=sys.stderr)
        return 2
    out = Path(args.out)
    if (out / "class.toml").exists() and not args.force:
        print(f"stepgrad new: {args.out!r} holds a class already; choose another --out, or --force to "
              "replace its sheets and keys", file=sys.stderr)
        return 2
    exercise = load_exercise(args.exercise)
    one = [Student(f"seed-{args.seed}", "", args.seed)]
    students = read_roster(Path(args.students)) if args.students else one
    try:
        sheets = write_class(exercise, students, out, args.seed)
    except OSError as e:
        print(f"stepgrad new: cannot write {args.out!r}: {e.strerror or e}", file=sys.stderr)
        return 2
    print(f"{out}: {len(sheets)} sheet{'s' if len(sheets) != 1 else ''} in sheets/ to hand out, answer keys "
          f"in keys/ (private), class.toml; when the hand-ins are in: stepgrad grade {out} SUBMISSIONS "
          "--out REPORT")
    return 0


@command("new", "write a commented worked-example template, or an exercise per student (--exercise)",
         _new_args)
def _new(args: argparse.Namespace) -> int:
    if args.exercise:
        return _new_class(args)
    if args.file is None:
        print("stepgrad new: give FILE (a worked-example template to write) or --exercise", file=sys.stderr)
        return 2
    path = Path(args.file)
    if path.suffix.lower() != ".toml":
        print(f"stepgrad new: {args.file!r} must end in .toml (a worked example is a TOML file)",
              file=sys.stderr)
        return 2
    if problem := output_problem(path, args.force):
        print(f"stepgrad new: {problem}", file=sys.stderr)
        return 2
    from nn.tomlwriter import toml_value

    text = (TEMPLATES / f"{args.kind}.toml").read_text(encoding="utf-8")
    try:  # the file's name as a TOML string, whatever it holds (quotes, backslashes, control characters)
        write_atomic(path, text.replace('"{name}"', toml_value(path.stem)))
    except OSError as e:
        print(f"stepgrad new: cannot write {args.file!r}: {e.strerror or e}", file=sys.stderr)
        return 2
    what = "an expression" if args.kind == "expression" else f"the {args.kind} network"
    print(f"{path}: a worked example of {what}; edit its numbers, then: stepgrad check {path}")
    return 0


def _grade_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("keys", metavar="KEY_OR_DIR",
                   help="the folder `stepgrad new --exercise` wrote (its class.toml), a folder of keys, "
                        "or one key")
    p.add_argument("submissions", metavar="SUBMISSIONS",
                   help="a folder of hand-ins (.md or .html sheets, .toml, .ipynb, a .csv with a row per "
                        "student; or a folder per student), or one hand-in")
    p.add_argument("--out", metavar="DIR",
                   help="write the class report here (HTML, CSV, JSON, a page per student)")
    p.add_argument("--credit", metavar="RULE=X", action="append", default=[],
                   help="what a reason earns, over class.toml's [credit], e.g. --credit sign=0.25 "
                        "(repeatable)")
    p.add_argument("--format", choices=("text", "json"), default="text", help="what to print")


@command("grade", "grade every hand-in against its student's key, with partial credit and feedback",
         _grade_args)
def _grade(args: argparse.Namespace) -> int:
    from nn.check.grade import grade_handins
    from nn.check.grade.classreport import class_summary, sentences

    credit = {}
    for item in args.credit:
        rule, _, value = item.partition("=")
        try:
            credit[rule.strip()] = float(value)
        except ValueError:
            print(f"stepgrad grade: --credit {item!r}: write RULE=X, e.g. sign=0.5", file=sys.stderr)
            return 2
    if args.out and Path(args.out).resolve() == Path(args.submissions).resolve():
        print("stepgrad grade: --out must not be the submissions folder", file=sys.stderr)
        return 2
    try:
        result = grade_handins(args.keys, args.submissions, args.out, credit)
    except ValueError as e:  # a credit rule that does not exist; ExampleError is reported by main
        if isinstance(e, ExampleError):
            raise
        print(f"stepgrad grade: {e}", file=sys.stderr)
        return 2
    summary = class_summary(result)
    if args.format == "json":
        print(json.dumps({**result.as_dict(), "summary": summary}, indent=1, ensure_ascii=False))
        return 0
    for s in result.students:
        score = f"{s.score:g} / {len(s.blanks)}" if s.status == "graded" else s.status
        print(f"{s.student}: {score}" + (f"  ({s.message})" if s.message else ""))
    print(f"\n{summary['graded']} graded, {summary['not_graded']} not graded, {summary['missing']} missing; "
          f"mean {summary['mean_score']:.2f} of {summary['points']}")
    for line in sentences(summary):
        print(f"  {line}")
    if args.out:
        print(f"report: {Path(args.out) / 'index.html'}")
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


def _unrecognized(args: argparse.Namespace, extra: list[str]) -> str:
    second_example = getattr(args, "example_given", False) and not extra[0].startswith("-")
    return f"unrecognized arguments: {' '.join(extra)}" + (
        "; one example at a time: run the command once per example" if second_example else "")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    words = list(sys.argv[1:] if argv is None else argv)
    if words and not words[0].startswith("-") and words[0] not in COMMANDS:
        hint = did_you_mean(words[0], COMMANDS)
        parser.error(f"no command {words[0]!r}: {hint + ' ' if hint else ''}"
                     f"(the commands: {', '.join(COMMANDS)})")
    args, extra = parser.parse_known_args(words)
    if args.command is None:
        parser.print_help() if not extra else parser.error(f"unrecognized arguments: {' '.join(extra)}")
        return 2
    if extra:  # the subcommand's own usage, not the top-level one
        args.subparser.error(_unrecognized(args, extra))
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
