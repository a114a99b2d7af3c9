"""Shared code of the Khrushchev Thaw course (see README, "Layout")."""

import sys

from thaw.errors import DataError

__version__ = "0.1.0"


def _show_data_errors_plainly() -> None:
    """In a notebook, a malformed data file shows one clear message, not a traceback.

    The cell still fails (so a book build or a test stops there); only what the
    student reads changes.
    """
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is None:
        return

    def show(shell, kind, error, traceback, tb_offset=None):
        print(f"Data problem: {error}\nFix the file (or restore it with git), then run the cell again.",
              file=sys.stderr)
        return None

    shell.set_custom_exc((DataError,), show)


_show_data_errors_plainly()
