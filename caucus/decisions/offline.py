"""The members' offline verifier, tools/caucus_verify.py, loaded as a module of the server.

The server checks ledgers with the very code members run on their own computers, so the two
can never disagree about what a valid ledger is. The file imports nothing of the project
(a test runs it alone from a temporary folder); it is also served for download.
"""

import functools
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from django.conf import settings

NAME = "caucus_verify"


def path() -> Path:
    return Path(settings.BASE_DIR) / "tools" / f"{NAME}.py"


@functools.cache
def tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location(NAME, path())
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path()}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[NAME] = module  # dataclasses resolve their module by name
    spec.loader.exec_module(module)
    return module
