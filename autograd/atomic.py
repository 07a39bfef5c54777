"""One way to write a file: atomically, with the permissions a plain ``open(path, "w")`` gives.

``write_atomic(path, data)`` writes to a temporary file beside ``path`` and renames it over
``path``, so a reader (or a crash) never sees half a file and a failed write leaves the old file as
it was. Three details a bare ``tempfile.mkstemp`` gets wrong, decided here once for every writer
(drawings, stepping pages, parameter files):

* permissions: ``mkstemp`` creates mode 0600 whatever the umask, so a page published from a
  course folder would be unreadable to everyone else. A new file gets ``0666 & ~umask`` (what
  ``open`` gives); a file that is replaced keeps its mode, as ``open(..., "w")`` would keep it.
* missing parent folders are created (``parents=True``), so ``-o out/graph.svg`` works whether or
  not ``out/`` exists yet.
* the data reaches the disk (``fsync``) before the rename, so a power cut leaves the old file or
  the new one, never an empty one.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

__all__ = ["write_atomic", "new_file_mode"]


def new_file_mode() -> int:
    """The mode ``open(path, "w")`` gives a new file: 0666 minus the process's umask."""
    return 0o666 & ~_umask()


def _umask() -> int:
    """The process's umask, read without changing it where the system allows (Linux ≥ 4.7)."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    umask = os.umask(0o022)  # elsewhere reading it means setting it; put it straight back
    os.umask(umask)
    return umask


def _mode_for(path: Path) -> int:
    """The existing file's permission bits (``open`` keeps them), else a new file's."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return new_file_mode()


def write_atomic(path: str | os.PathLike[str], data: bytes | str, *, parents: bool = True) -> Path:
    """Write ``data`` (bytes, or str as UTF-8) to ``path`` atomically; returns the path.

    ``parents``: create missing parent folders (otherwise a missing folder is FileNotFoundError).
    On any error the temporary file is removed and an existing ``path`` is left untouched.
    """
    path = Path(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    folder = path.parent
    if parents:
        folder.mkdir(parents=True, exist_ok=True)
    mode = _mode_for(path)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
