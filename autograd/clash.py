"""The name ``autograd`` is also HIPS autograd's (``pip install autograd``): say so, early.

Installed in one environment, the two packages write into the same ``autograd/`` folder (or one
shadows the other on ``sys.path``), and whichever came last wins, silently. stepgrad keeps its
package names, and checks instead:

* ``import autograd`` (stepgrad's) warns when a distribution called ``autograd`` is installed in
  the same environment, naming its version and the fix;
* ``import nn`` raises an ImportError naming the file the imported ``autograd`` came from when it
  is not stepgrad's (see ``nn/__init__.py``).

The check reads folder names on ``sys.path`` only (about a millisecond), never package metadata.
"""

from __future__ import annotations

import os
import re
import sys
import warnings

__all__ = ["FIX", "other_autograd_installed", "warn_if_other_autograd_installed"]

FIX = (
    "keep stepgrad and HIPS autograd in separate virtual environments "
    "(pip uninstall autograd, then pip install --force-reinstall stepgrad)"
)
_DIST = re.compile(r"^autograd-([^-]+?)\.(dist-info|egg-info)$", re.IGNORECASE)


def other_autograd_installed(path: list[str] | None = None) -> str | None:
    """The version of a distribution named ``autograd`` on ``sys.path`` (HIPS's), else None."""
    for entry in sys.path if path is None else path:
        try:
            with os.scandir(entry or ".") as it:
                for item in it:
                    m = _DIST.match(item.name)
                    if m:
                        return m[1]
        except OSError:  # not a folder (a zip), or gone
            continue
    return None


def warn_if_other_autograd_installed() -> None:
    version = other_autograd_installed()
    if version is not None:
        here = os.path.dirname(os.path.abspath(__file__))
        warnings.warn(
            f"HIPS autograd {version} is installed in this environment, and its package is also "
            f"called 'autograd': this is stepgrad's ({here}), but installing either one overwrites "
            f"or shadows the other; {FIX}",
            UserWarning,
            stacklevel=3,
        )
