"""The course's one book build: ``python -m thaw.book.build [BOOK_DIR] [--path-output DIR]``.

Strict: ``-W -n --keep-going`` turns every warning, broken reference or failing
notebook into a failed build. Used by ``make book``, the tests and the benchmark.

Every edition is built (thaw.book.editions): English into ``_build/html``, Indonesian into
``_build/html/id``, with a root page that offers both.

Jupyter Book executes notebooks one after another. Before it starts, this build runs
the notebooks that an edition's execution cache lacks, or whose inputs changed (thaw.book.cache),
side by side (one kernel per core; one kernel runs a notebook for every edition), and
stores them in that edition's cache, where Jupyter Book finds them. A notebook that fails
here is left out of the cache, so Jupyter Book runs it again and reports the failure
in its usual strict way. Its kernels are ``PromptKernelManager``'s, which the tests use too.

After Jupyter Book, thaw.book.previews writes still previews of the charts in a page's first
screen on a phone (Chromium draws them; unchanged pages reuse the stored ones).
"""

from __future__ import annotations

import argparse
import hashlib
import json
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

from thaw.book.cache import language_of, refresh
from thaw.book.editions import FIRST_PAGE, Edition, editions, place, write_config, write_root_page
from thaw.book.toc import toc_notebooks
from thaw.i18n import LANGUAGES, SOURCE_LANGUAGE
from thaw.paths import ROOT

STRICT = ["-W", "-n", "--keep-going"]
#: Read by thaw.i18n when a kernel imports it.
LANGUAGE_VARIABLE = "THAW_LANGUAGE"


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


#: Told to the kernel, unseen, before each edition's run of a notebook.
SET_LANGUAGE = "import thaw.i18n as _thaw_i18n; _thaw_i18n.set_language({language!r}); del _thaw_i18n"


def _execute(path: Path, languages: list[str], timeout: int) -> tuple[Path, dict, float, str | None]:
    """Run one notebook once per edition, in one kernel, in its own folder (runs in a worker process).

    Each edition runs every cell again, so that its outputs are what a reader of its language
    gets; the first run is in a fresh kernel, as Jupyter Book would run it. The kernel's start,
    the imports, the data (read and checked once: thaw.data) and plotly's first drawing are
    shared, so a second edition costs a fraction of the first (chapter 8: 0.6 s against 2.9 s).
    """
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError

    source = nbformat.read(path, as_version=4)
    settings = source.metadata.get("execution", {})
    # No timing in the cells' metadata: the cache keys a notebook on its cells' metadata too.
    client = NotebookClient(source, timeout=settings.get("timeout", timeout), allow_errors=False,
                            record_timing=False, kernel_manager_class=PromptKernelManager,
                            resources={"metadata": {"path": str(path.parent)}})
    executed: dict[str, str] = {}
    started = time.perf_counter()
    try:
        with client.setup_kernel():
            for language in languages:
                notebook = nbformat.read(path, as_version=4)
                client.nb, client.widget_state, client.widget_buffers = notebook, {}, {}
                if executed or language != SOURCE_LANGUAGE:
                    # nbclient writes an executed cell back into the notebook at its index: the
                    # language cell gets a place of its own, and leaves before the notebook is kept.
                    notebook.cells.append(nbformat.v4.new_code_cell(SET_LANGUAGE.format(language=language)))
                    client.execute_cell(notebook.cells[-1], len(notebook.cells) - 1, store_history=False)
                    notebook.cells.pop()
                for index, cell in enumerate(notebook.cells):
                    client.execute_cell(cell, index)
                notebook.metadata["language_info"] = source.metadata.get("language_info", {})
                client.set_widgets_metadata()
                count = 0
                for cell in notebook.cells:  # numbered as a fresh kernel numbers them
                    if cell.cell_type == "code" and cell.get("execution_count") is not None:
                        count += 1
                        cell.execution_count = count
                executed[language] = nbformat.writes(notebook)
    except (CellExecutionError, CellTimeoutError) as error:
        return path, executed, time.perf_counter() - started, error.__class__.__name__
    return path, executed, time.perf_counter() - started, None


def pre_execute(book: Path, output: Path, workers: int | None = None, languages: list[str] | None = None) -> None:
    """Fill each edition's execution cache with the notebooks it lacks, several notebooks at once."""
    import nbformat
    from jupyter_cache.base import CacheBundleIn

    settings = execution_settings(book)
    if settings.get("execute_notebooks") != "cache":
        return
    notebooks = toc_notebooks(book)
    caches, pending = {}, {}
    for edition in editions(book, output):
        if languages is not None and edition.language not in languages:
            continue
        with language_of(edition.language):  # a translated edition's outputs depend on its catalogues too
            caches[edition.language], _ = refresh(edition.cache_dir, notebooks, book)
        for path in notebooks:
            try:
                caches[edition.language].match_cache_notebook(nbformat.read(path, as_version=4))
            except KeyError:
                pending.setdefault(path, []).append(edition.language)
    if not pending:
        return
    workers = workers or min(len(pending), os.cpu_count() or 1)
    started = time.perf_counter()
    timeout = settings.get("timeout", 30)
    paths = list(pending)
    runs = sum(len(languages_of) for languages_of in pending.values())  # one per notebook and edition
    with ProcessPoolExecutor(workers) as pool:
        for path, executed, seconds, error in pool.map(_execute, paths, [pending[p] for p in paths],
                                                       [timeout] * len(paths)):
            if error:
                print(f"thaw.book.build: {path.name} failed ({error}); Jupyter Book will run it again and report it.")
                continue
            for language, notebook in executed.items():
                caches[language].cache_notebook_bundle(
                    CacheBundleIn(nbformat.reads(notebook, as_version=4), str(path),
                                  data={"execution_seconds": seconds / len(executed)}),
                    check_validity=False, overwrite=True)
    count = f"{len(pending)} notebook" + ("s" if len(pending) > 1 else "")
    editions_run = f" ({runs} runs, one kernel per notebook)" if runs != len(pending) else ""
    print(f"thaw.book.build: ran {count}{editions_run} in {time.perf_counter() - started:.1f} s, {workers} at a time")


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m thaw.book.build",
        description="Build the course strictly (jupyter-book build -W -n --keep-going), every edition, running "
                    "the notebooks the execution caches lack first, two at a time.")
    parser.add_argument("book", nargs="?", default=str(ROOT), help="the book folder (default: the repository)")
    parser.add_argument("--path-output", help="where _build goes (default: inside the book folder)")
    parser.add_argument("--language", action="append", choices=sorted(LANGUAGES),
                        help="build only this edition (repeat for several; default: every edition)")
    return parser.parse_args(argv)


#: What a build reads: the book's sources and settings, the course's package and data, the pins.
BUILD_INPUTS = ("_config.yml", "_toc.yml", "book", "notebooks", "src/thaw", "data", "requirements.txt", "pyproject.toml")
#: The environment variables a build reads (thaw.book.sphinxext.launch and .publish).
BUILD_VARIABLES = ("THAW_HUB_URL", "THAW_BASE_URL")
BUILT_STAMP = "thaw-built.json"
#: Files a build writes among its inputs: Sphinx compiles each catalogue (.po) into a .mo as it builds
#: the Indonesian edition, after the English edition has recorded its inputs.
DERIVED_SUFFIXES = {".mo", ".pyc"}


def inputs_digest(edition: Edition) -> str:
    """Everything an edition's build reads, as one hash (this module's own code included)."""
    digest = hashlib.sha256()
    for name in BUILD_INPUTS:
        root = edition.book / name
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file()
                                                     and "__pycache__" not in p.parts
                                                     and ".ipynb_checkpoints" not in p.parts
                                                     and p.suffix not in DERIVED_SUFFIXES)
        for path in files:
            digest.update(path.relative_to(edition.book).as_posix().encode() + b"\0" + path.read_bytes())
    digest.update(json.dumps({name: os.environ.get(name) for name in BUILD_VARIABLES}).encode())
    digest.update(json.dumps([edition.language, str(edition.output), sys.version]).encode())
    return digest.hexdigest()


def unchanged_since_last_build(edition: Edition) -> bool:
    """True when the edition was built, successfully, from exactly these inputs: Jupyter Book would
    then read every page again to find nothing to write (4 s an edition), so the build skips it."""
    stamp = edition.build_dir / BUILT_STAMP
    return (edition.html / "index.html").exists() and stamp.exists() and \
        stamp.read_text(encoding="utf-8") == inputs_digest(edition)


def build_edition(edition: Edition, path_output: str | None) -> None:
    """One strict Jupyter Book build of one edition, then its phone previews."""
    if unchanged_since_last_build(edition):
        print(f"thaw.book.build: the {LANGUAGES[edition.language]} edition is up to date "
              f"(its inputs are those of its last build).")
        return
    (edition.build_dir / BUILT_STAMP).unlink(missing_ok=True)
    from jupyter_book.cli.main import main as jupyter_book

    from thaw.book.previews import add_previews

    options = ["--path-output", path_output] if path_output else []
    config = write_config(edition)
    if config:
        options = ["--path-output", str(edition.output), "--config", str(config)]
    # A notebook that failed in pre_execute runs again in Jupyter Book's own kernel: in this language.
    before = os.environ.get(LANGUAGE_VARIABLE)
    os.environ[LANGUAGE_VARIABLE] = edition.language
    try:
        jupyter_book(["build", str(edition.book), *STRICT, *options], prog_name="jupyter-book")
    except SystemExit as finished:
        if finished.code:
            raise
    finally:
        if before is None:
            os.environ.pop(LANGUAGE_VARIABLE, None)
        else:
            os.environ[LANGUAGE_VARIABLE] = before
    if add_previews(edition.html):
        print(f"Drew the previews of the charts in a page's first screen on a phone ({edition.language}; "
              "thaw.book.previews).")
    (edition.build_dir / BUILT_STAMP).write_text(inputs_digest(edition), encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    arguments = parse_arguments(sys.argv[1:] if argv is None else argv)
    book = Path(arguments.book).resolve()
    output = Path(arguments.path_output or book).resolve()
    every_edition = editions(book, output)
    chosen = [e for e in every_edition if not arguments.language or e.language in arguments.language]
    # jsonschema imports rfc3987_syntax when it is installed (JupyterLab brings it) and
    # compiles 38 grammars on import: about 1.5 s per build, to validate IRIs the book
    # never checks. A None entry makes that optional import fail, as jsonschema allows.
    # Upgrade hazard: re-check this when jsonschema or JupyterLab is upgraded (README, Updating the pins).
    sys.modules.setdefault("rfc3987_syntax", None)
    pre_execute(book, output, languages=[e.language for e in chosen if not unchanged_since_last_build(e)])
    for edition in chosen:
        build_edition(edition, arguments.path_output)
    site = every_edition[0].html
    for edition in chosen[1:] if chosen[0].is_source else chosen:
        place(edition, site)
    placed = [e for e in every_edition if e.is_source or (site / e.prefix / FIRST_PAGE).exists()]
    if len(placed) > 1 and site.exists():
        write_root_page(site, placed)


if __name__ == "__main__":
    main()
