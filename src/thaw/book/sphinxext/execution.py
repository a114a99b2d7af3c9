"""Which notebooks run again and which pages the build rewrites (the rules are in :mod:`thaw.book.cache`)."""

from __future__ import annotations

from pathlib import Path

from thaw.book import cache


def _invalidate_stale_outputs(app) -> None:
    """Drop the cached outputs of every notebook whose inputs changed, and note which pages to rewrite.

    The rules are in :mod:`thaw.book.cache`. A change to the tooling (this extension, say)
    rewrites every page from its cached outputs, but runs no notebook.
    """
    from thaw.book.toc import toc_notebooks

    book = Path(app.srcdir)
    notebooks = toc_notebooks(book)
    cache.refresh(Path(app.outdir).parent / ".jupyter_cache", notebooks, book)
    stale, app.thaw_pages = cache.pages_to_rewrite(Path(app.doctreedir).parent, notebooks, book)
    app.thaw_stale_docs = None if stale is None else [p.relative_to(book).with_suffix("").as_posix() for p in stale]


def _outdated_notebooks(app, env, added, changed, removed) -> list[str]:
    if app.thaw_stale_docs is None:
        return sorted(env.found_docs)  # the tooling changed: it may write every page differently
    return [doc for doc in app.thaw_stale_docs if doc in env.found_docs]


def _record_inputs(app, exception) -> None:
    if exception is None:
        cache.record_pages(Path(app.doctreedir).parent, app.thaw_pages)


def setup(app) -> None:
    app.connect("builder-inited", _invalidate_stale_outputs, priority=100)
    app.connect("env-get-outdated", _outdated_notebooks)
    app.connect("build-finished", _record_inputs)
