"""Writing files so that a reader never sees half of one: write beside it, then rename."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np


def write_text_atomic(path: str | Path, text: str) -> Path:
    """Write ``text`` to ``path`` (UTF-8) all at once: a temporary file in the same folder is
    renamed over it, and removed if writing fails. Parent folders are created."""
    with _replacing(path, ".tmp") as tmp:
        tmp.write_text(text, encoding="utf-8")
    return Path(path)


def write_arrays_atomic(path: str | Path, arrays: dict[str, np.ndarray]) -> Path:
    """Write ``arrays`` to the ``.npz`` file ``path`` (no pickled objects) all at once, as
    :func:`write_text_atomic` does."""
    import numpy as np

    arrays = {name: np.asarray(array) for name, array in arrays.items()}
    pickled = sorted(name for name, array in arrays.items() if array.dtype.hasobject)
    if pickled:
        raise ValueError(f"{path}: arrays of Python objects are not written ({pickled[0]})")
    with _replacing(path, ".tmp.npz") as tmp:
        np.savez(tmp, **arrays)
    return Path(path)


@contextmanager
def _replacing(path: str | Path, suffix: str) -> Iterator[Path]:
    """A temporary path beside ``path`` to write; renamed over ``path`` when the block ends
    without an error, removed in any case."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}{suffix}")
    try:
        yield tmp
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
