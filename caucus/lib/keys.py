"""Key files generated once in var/ for an instance that sets its keys in no environment
variable: the secret key, the field-encryption and blind-index keys, the ledger's seed.

Several processes may start at once (bin/serve starts web workers and a task worker), and each
may find the file missing. The new key is written aside in a file private from its creation
(0600) and hard-linked into place; a link never replaces a file, so exactly one generated key
wins and every process reads that one. Nobody ever reads a file half written, or one readable
by others for a moment (write-then-chmod had both windows). The files keep the text formats
they always had, so existing var/ directories go on working.
"""

import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def create_private(path: Path, text: str) -> bool:
    """Create `path` holding `text`, readable by its owner only, unless it exists already.

    True when this call created it, False when another process (or an earlier run) had.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, aside = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")  # mode 0600
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(aside, path)
        except FileExistsError:
            return False
        return True
    finally:
        os.unlink(aside)


def var_key(path: Path, generate: Callable[[], str]) -> str:
    """The key kept in `path`, generated with `generate()` the first time it is asked for."""
    if not path.exists():
        create_private(path, generate())
    return path.read_text().strip()
