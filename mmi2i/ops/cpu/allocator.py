"""Keep freed tensor memory in the process on CPU (glibc's malloc).

A training step on CPU allocates and frees gigabytes of activations.
glibc's defaults serve large blocks with ``mmap`` and give freed memory at
the top of the heap back to the system, so every step maps the same memory
again and the kernel zeroes each page on first touch (about 1.4 million
page faults and 6-10 s of system time per step of the real-size InstaGAN
on 2 cores). Serving every block from the heap and never giving freed
memory back removes that work after the first steps (3 page faults per
step there). Results are bit-identical (only where memory comes from
changes); the process keeps its peak memory instead of returning to it
every step. ``tools/analysis/benchmark.py --allocator`` compares both
(docs/benchmarks.md).

The same can be had without this module by starting Python with
``MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=-1``, or with jemalloc or
tcmalloc in ``LD_PRELOAD``; when any such setting is present it is left
alone. ``default_hooks.cpu_speed.allocator=False`` in a config turns it off
(:class:`~mmi2i.engine.hooks.CPUSpeedHook`).
"""
import ctypes
import ctypes.util
import os
import sys
from typing import Optional

# mallopt parameters (malloc.h)
M_TRIM_THRESHOLD = -1
M_MMAP_MAX = -4

_USER_SETTINGS = ('MALLOC_MMAP_MAX_', 'MALLOC_MMAP_THRESHOLD_',
                  'MALLOC_TRIM_THRESHOLD_', 'MALLOC_TOP_PAD_',
                  'GLIBC_TUNABLES')
_done: Optional[str] = None


def _user_allocator() -> Optional[str]:
    """Why the user's own allocator settings take precedence, if so."""
    for key in _USER_SETTINGS:
        if key in os.environ:
            return f'{key} is set'
    preload = os.environ.get('LD_PRELOAD', '')
    for name in ('jemalloc', 'tcmalloc', 'mimalloc'):
        if name in preload:
            return f'{name} is preloaded'
    return None


def tune_cpu_allocator(enabled: bool = True) -> str:
    """Make glibc serve every block from the heap and keep freed memory.
    Process-wide (data-loader workers forked later inherit it); done once
    (later calls return the first result).

    Args:
        enabled (bool): False leaves the allocator as it is (the result
            says so).

    Returns:
        str: What was done, for the log: ``'tuned'`` or why not.
    """
    global _done
    if _done is not None:
        return _done
    if not enabled:
        _done = 'not tuned (disabled)'
    elif not sys.platform.startswith('linux'):
        _done = 'not tuned (not Linux)'
    else:
        reason = _user_allocator()
        _done = f'not tuned ({reason})' if reason else _mallopt()
    return _done


def _mallopt() -> str:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library('c') or 'libc.so.6')
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return 'not tuned (no glibc mallopt)'
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], \
        ctypes.c_int
    # trim threshold -1: never trim; mmap max 0: no mmap'ed blocks
    # (mallopt(3)); mallopt returns 1 on success
    ok = (mallopt(M_TRIM_THRESHOLD, -1) == 1
          and mallopt(M_MMAP_MAX, 0) == 1)
    return 'tuned' if ok else 'not tuned (mallopt refused)'
