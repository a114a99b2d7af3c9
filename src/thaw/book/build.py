"""The course's one book build: ``python -m thaw.book.build [BOOK_DIR] [--path-output DIR]``.

Strict: ``-W -n --keep-going`` turns every warning, broken reference or failing
notebook into a failed build. Used by ``make book``, the tests and the benchmark.

Jupyter Book executes notebooks one after another. Before it starts, this build runs
the notebooks that the execution cache lacks, or whose inputs changed (thaw.book.cache),
side by side (one kernel per core), and
stores them in that same cache, where Jupyter Book finds them. A notebook that fails
here is left out of the cache, so Jupyter Book runs it again and reports the failure
in its usual strict way. Its kernels are ``PromptKernelManager``'s, which the tests use too.

After Jupyter Book, thaw.book.previews writes still previews of the charts in a page's first
screen on a phone (Chromium draws them; unchanged pages reuse the stored ones).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import yaml
from jupyter_client.channels import AsyncZMQSocketChannel
from jupyter_client.manager import AsyncKernelManager
from jupyter_client.asynchronous.client import AsyncKernelClient
from traitlets import DottedObjectName, Type

from thaw.book.cache import refresh
from thaw.book.toc import toc_notebooks
from thaw.paths import ROOT

STRICT = ["-W", "-n", "--keep-going"]


class PromptShellChannel(AsyncZMQSocketChannel):
    """A kernel's shell channel that looks for a reply at least once a second.

    nbclient waits for each cell's reply with a single poll as long as the cell's timeout, and
    that poll sometimes misses a reply that has already arrived (seen after cells that create
    widgets; nbclient issue 312): the notebook then sat idle for the whole timeout (180 s in the
    build, 300 s in the tests) before going on, in about one run in three of chapter 4. Polling
    again every second sees the reply at once. Upgrade hazard (README, Updating the pins).
    """

    async def get_msg(self, timeout: float | None = None):
        from queue import Empty

        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            wait = 1.0 if deadline is None else min(1.0, max(0.0, deadline - time.monotonic()))
            try:
                return await super().get_msg(timeout=wait)
            except Empty:
                if deadline is not None and time.monotonic() >= deadline:
                    raise


class PromptKernelClient(AsyncKernelClient):
    shell_channel_class = Type(PromptShellChannel)


class PromptKernelManager(AsyncKernelManager):
    """Pass as ``kernel_manager_class`` to nbclient's ``NotebookClient`` (the build and the tests do)."""

    client_class = DottedObjectName("thaw.book.build.PromptKernelClient")
    client_factory = Type(PromptKernelClient)


def execution_settings(book: Path) -> dict:
    config = yaml.safe_load((book / "_config.yml").read_text(encoding="utf-8"))
    return config.get("execute", {})


def _execute(path: Path, timeout: int) -> tuple[Path, str | None, float, str | None]:
    """Run one notebook in its own folder, as Jupyter Book would (runs in a worker process)."""
    import nbformat
    # Upgrade hazard: an internal helper of jupyter-cache, not its public API (README, Updating the pins).
    from jupyter_cache.executors.utils import single_nb_execution

    notebook = nbformat.read(path, as_version=4)
    result = single_nb_execution(notebook, cwd=str(path.parent), timeout=timeout, allow_errors=False,
                                 meta_override=True, kernel_manager_class=PromptKernelManager)
    if result.err is not None:
        return path, None, result.time, f"{result.err.__class__.__name__}"
    return path, nbformat.writes(notebook), result.time, None


def pre_execute(book: Path, output: Path, workers: int | None = None) -> None:
    """Fill the execution cache with every notebook it lacks, running several at once."""
    import nbformat
    from jupyter_cache.base import CacheBundleIn

    settings = execution_settings(book)
    if settings.get("execute_notebooks") != "cache":
        return
    notebooks = toc_notebooks(book)
    cache, _ = refresh(output / "_build" / ".jupyter_cache", notebooks, book)
    pending = []
    for path in notebooks:
        try:
            cache.match_cache_notebook(nbformat.read(path, as_version=4))
        except KeyError:
            pending.append(path)
    if not pending:
        return
    workers = workers or min(len(pending), os.cpu_count() or 1)
    started = time.perf_counter()
    timeout = settings.get("timeout", 30)
    with ProcessPoolExecutor(workers) as pool:
        for path, executed, seconds, error in pool.map(_execute, pending, [timeout] * len(pending)):
            if error:
                print(f"thaw.book.build: {path.name} failed ({error}); Jupyter Book will run it again and report it.")
                continue
            cache.cache_notebook_bundle(CacheBundleIn(nbformat.reads(executed, as_version=4), str(path),
                                                      data={"execution_seconds": seconds}),
                                        check_validity=False, overwrite=True)
    count = f"{len(pending)} notebook" + ("s" if len(pending) > 1 else "")
    print(f"thaw.book.build: ran {count} in {time.perf_counter() - started:.1f} s, {workers} at a time")


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m thaw.book.build",
        description="Build the course strictly (jupyter-book build -W -n --keep-going), running the notebooks "
                    "the execution cache lacks two at a time first.")
    parser.add_argument("book", nargs="?", default=str(ROOT), help="the book folder (default: the repository)")
    parser.add_argument("--path-output", help="where _build goes (default: inside the book folder)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    arguments = parse_arguments(sys.argv[1:] if argv is None else argv)
    book = arguments.book
    output = Path(arguments.path_output or book)
    options = ["--path-output", arguments.path_output] if arguments.path_output else []
    # jsonschema imports rfc3987_syntax when it is installed (JupyterLab brings it) and
    # compiles 38 grammars on import: about 1.5 s per build, to validate IRIs the book
    # never checks. A None entry makes that optional import fail, as jsonschema allows.
    # Upgrade hazard: re-check this when jsonschema or JupyterLab is upgraded (README, Updating the pins).
    sys.modules.setdefault("rfc3987_syntax", None)
    pre_execute(Path(book).resolve(), output.resolve())
    from jupyter_book.cli.main import main as jupyter_book

    try:
        jupyter_book(["build", book, *STRICT, *options], prog_name="jupyter-book")
    except SystemExit as finished:
        if finished.code:
            raise
    from thaw.book.previews import add_previews

    if add_previews(output.resolve() / "_build" / "html"):
        print("Drew the previews of the charts in a page's first screen on a phone (thaw.book.previews).")


if __name__ == "__main__":
    main()
