"""`Module`: what every network shares: named parameters, zeroing gradients, JSON save/load."""

from __future__ import annotations

import json
import math
import os
from collections.abc import Iterator, Mapping
from pathlib import Path

from autograd import Value
from autograd.atomic import write_atomic
from nn.textfile import read_text_file, short_repr

__all__ = ["Module", "ParameterFileError"]

FILE_FORMAT = "stepgrad-parameters"
FILE_VERSION = 1
MAX_FILE_BYTES = 64 * 2**20  # ~2 million parameters; a larger "parameter file" is a wrong path


class ParameterFileError(ValueError):
    """A parameter file or mapping that cannot be loaded; the model was left unchanged."""


class Module:
    """Base class: subclasses implement ``named_parameters`` (stable, readable names)."""

    def named_parameters(self) -> Iterator[tuple[str, Value]]:
        raise NotImplementedError

    def parameters(self) -> list[Value]:
        return [p for _, p in self.named_parameters()]

    def zero_grad(self) -> None:
        for p in self.parameters():
            p.grad = 0.0

    def parameter(self, name: str) -> Value:
        """The parameter called ``name``; a clear KeyError listing the valid names otherwise."""
        for n, p in self.named_parameters():
            if n == name:
                return p
        raise KeyError(
            f"{type(self).__name__} has no parameter {name!r}; "
            f"its parameters are: {', '.join(n for n, _ in self.named_parameters())}"
        )

    def state(self) -> dict[str, float]:
        """Parameter values by name, in order (what ``save`` writes)."""
        return {n: p.data for n, p in self.named_parameters()}

    def load_state(self, values: Mapping[str, object], source: str = "the mapping") -> None:
        """Set every parameter from ``values``: all or nothing.

        Every name must be present, no other name may appear, every value must be a finite
        number; otherwise ParameterFileError is raised naming the problem and nothing changes.
        """
        params = dict(self.named_parameters())
        for name, f in self._checked_state(values, source).items():
            params[name].data = f

    def _checked_state(self, values: object, source: str) -> dict[str, float]:
        """``values`` as parameter name -> finite float, or ParameterFileError naming the problem."""
        if not isinstance(values, Mapping):
            raise ParameterFileError(
                f"{source}: expected a mapping of parameter names to numbers, "
                f"got {type(values).__name__}"
            )
        params = dict(self.named_parameters())
        missing = [n for n in params if n not in values]
        extra = [n for n in values if n not in params]
        if missing or extra:
            parts = []
            if missing:
                parts.append(f"missing {', '.join(map(repr, missing))}")
            if extra:
                more = f" and {len(extra) - 5} more" if len(extra) > 5 else ""
                parts.append(f"unknown {', '.join(short_repr(str(n)) for n in extra[:5])}{more}")
            raise ParameterFileError(
                f"{source}: {'; '.join(parts)}; expected exactly: {', '.join(params)}"
            )
        return {name: _finite_parameter(values[name], name, source) for name in params}

    def nonfinite_parameters(self) -> list[str]:
        """Names of the parameters that are NaN or infinite (a diverged run), in order."""
        return [n for n, p in self.named_parameters() if not math.isfinite(p.data)]

    def save(self, path: str | os.PathLike[str], *, allow_nonfinite: bool = False) -> Path:
        """Write the parameters as JSON, atomically: a crash never leaves a half-written file.

        A NaN or infinite parameter (a diverged run) is refused with a ParameterFileError naming
        it, since ``load`` would reject the file. ``allow_nonfinite=True`` writes such values
        anyway, as the strings "NaN", "Infinity", "-Infinity" (valid JSON, for inspection), but
        never over an existing file that ``load`` accepts: a good checkpoint is never lost.
        """
        path = Path(path)
        bad = self.nonfinite_parameters()
        if bad and not allow_nonfinite:
            raise ParameterFileError(
                f"not saving to {str(path)!r}: {_named_values(self, bad)} "
                f"(load() would refuse the file); fix the run, or save(..., allow_nonfinite=True) "
                f"to write them anyway to a new file"
            )
        if bad and self._loads(path):  # any model's good checkpoint
            raise ParameterFileError(
                f"not saving to {str(path)!r}: it holds parameters load() accepts, and "
                f"{_named_values(self, bad)}; save them under another name"
            )
        state = {n: v if math.isfinite(v) else _NONFINITE_TEXT[repr(v)] for n, v in self.state().items()}
        text = json.dumps(
            {"format": FILE_FORMAT, "version": FILE_VERSION, "parameters": state},
            indent=2, allow_nan=False,
        )
        return write_atomic(path, text + "\n")

    @staticmethod
    def _loads(path: Path) -> bool:
        """Whether ``path`` is a parameter file ``load`` accepts (finite numbers by name)."""
        if not path.exists():
            return False
        try:
            values = _read_parameters(path)
            if not isinstance(values, Mapping):
                return False
            for name, v in values.items():
                _finite_parameter(v, name, str(path))
        except ParameterFileError:
            return False
        return True

    def load(self, path: str | os.PathLike[str]) -> None:
        """Read parameters saved by ``save``; on any problem raise and leave the model as it was.

        The file is parsed as JSON only (never executed or unpickled); anything else, including a
        directory, a device, a file over 64 MiB, non-UTF-8 bytes or absurd nesting, is a
        ParameterFileError naming the file.
        """
        path = Path(path)
        self.load_state(_read_parameters(path), source=f"parameter file {str(path)!r}")


_NONFINITE_TEXT = {"nan": "NaN", "inf": "Infinity", "-inf": "-Infinity"}


def _named_values(module: Module, names: list[str]) -> str:
    shown = ", ".join(f"{n} = {module.parameter(n).data!r}" for n in names[:5])
    more = f" and {len(names) - 5} more" if len(names) > 5 else ""
    return f"{len(names)} parameter{'s' * (len(names) != 1)} not finite: {shown}{more}"


def _finite_parameter(v: object, name: str, source: str) -> float:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise ParameterFileError(
            f"{source}: parameter {name!r} must be a number, got {type(v).__name__} {short_repr(v)}"
        )
    try:
        f = float(v)
    except OverflowError:
        f = math.inf
    if not math.isfinite(f):
        raise ParameterFileError(
            f"{source}: parameter {name!r} is {short_repr(v)}; parameters must be finite numbers"
        )
    return f


def _read_parameters(path: Path) -> object:
    """The "parameters" entry of a stepgrad parameter file, or ParameterFileError naming the file."""
    where = f"parameter file {str(path)!r}"
    text = read_text_file(path, where, "JSON parameter", MAX_FILE_BYTES, ParameterFileError)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        raise ParameterFileError(
            f"{where} is not valid JSON (line {e.lineno}, column {e.colno}: {e.msg})"
        ) from None
    except RecursionError:
        raise ParameterFileError(f"{where} is nested too deeply to be a parameter file") from None
    except ValueError as e:  # e.g. an integer of more than 4,300 digits
        raise ParameterFileError(f"{where} is not a usable JSON parameter file: {e}") from None
    if not isinstance(doc, dict) or doc.get("format") != FILE_FORMAT:
        raise ParameterFileError(
            f"{where} is not a stepgrad parameter file "
            f'(expected a JSON object with "format": "{FILE_FORMAT}"); '
            f"write one with Module.save()"
        )
    version = doc.get("version")
    if type(version) is not int or version != FILE_VERSION:
        raise ParameterFileError(
            f"{where} has version {short_repr(doc.get('version'))}; "
            f"this stepgrad reads version {FILE_VERSION}"
        )
    return doc.get("parameters")
