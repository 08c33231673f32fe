"""Writing files so that a failure never leaves a partial one."""
import contextlib
import os
import os.path as osp
from typing import Iterator


@contextlib.contextmanager
def atomic_path(path: str) -> Iterator[str]:
    """A temporary path beside ``path`` to write to: renamed over ``path``
    (``os.replace``) when the block ends, removed when it raises, so a
    full disk, a crash or an error never leaves a partial file in place
    of an earlier one.

    Example::

        with atomic_path(out) as tmp:
            image.save(tmp, format='PNG')
    """
    tmp = f'{path}.tmp-{os.getpid()}'
    try:
        yield tmp
        os.replace(tmp, path)
    finally:
        if osp.exists(tmp):
            os.remove(tmp)
