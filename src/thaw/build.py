"""The course's one book build: ``python -m thaw.build [BOOK_DIR [JUPYTER_BOOK_OPTIONS…]]``.

Strict: ``-W -n --keep-going`` turns every warning, broken reference or failing
notebook into a failed build. Used by ``make book``, the tests and the benchmark.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STRICT = ["-W", "-n", "--keep-going"]


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    book, *options = argv or [str(ROOT)]  # options: e.g. --path-output DIR
    # jsonschema imports rfc3987_syntax when it is installed (JupyterLab brings it) and
    # compiles 38 grammars on import: about 1.5 s per build, to validate IRIs the book
    # never checks. A None entry makes that optional import fail, as jsonschema allows.
    sys.modules.setdefault("rfc3987_syntax", None)
    from jupyter_book.cli.main import main as jupyter_book

    jupyter_book(["build", book, *STRICT, *options], prog_name="jupyter-book")


if __name__ == "__main__":
    main()
