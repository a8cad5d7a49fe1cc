"""Giving freed memory back to the system between the batches of a long run.

glibc keeps freed heap pages for reuse, and each overlay thread allocates from its own
arena: the parcels the main thread frees are not reused by the threads that make the
pieces, so without a trim the process only grows. ``give_back`` asks glibc to return
free pages (``malloc_trim``); elsewhere (Windows, macOS, musl) it does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util

_trim = None


def _load():
    global _trim
    if _trim is None:
        _trim = False
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
            _trim = libc.malloc_trim
            _trim.argtypes, _trim.restype = [ctypes.c_size_t], ctypes.c_int
        except (OSError, AttributeError, TypeError):
            _trim = False
    return _trim


def give_back() -> bool:
    """Return free heap pages to the system; True when the C library could be asked."""
    trim = _load()
    if not trim:
        return False
    trim(0)
    return True
