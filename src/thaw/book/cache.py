"""The execution cache: which notebooks must run again, recorded in one stamp.

Jupyter Book's cache keys a notebook on its own code cells only, so a changed chart
helper or CSV would otherwise leave stale charts in the book. Each notebook's outputs
depend on the core package, the data, and the chapter modules it imports (and what
those import): that is its key here. Editing chapter 2's module re-runs chapter 2 and
the pages that use it; editing the core or the data, or renumbering a figure, re-runs
everything; editing the book tooling (``thaw.book``) re-runs nothing, except a page that uses it
(the instructor guide's table of the assignments' points), which also re-runs when a chapter changes.

The stamp, ``thaw-inputs.json`` in the cache folder, maps each notebook to the key
its cached outputs were made with. ``thaw.book.build`` (before Jupyter Book starts)
and the Sphinx extension (when a build starts) both call :func:`refresh`.
"""

from __future__ import annotations

import hashlib
import json
import re
from contextlib import contextmanager
from pathlib import Path

from thaw import i18n
from thaw.paths import DATA, ROOT

#: The ``thaw`` package: its core and chapters are what notebook outputs depend on.
PACKAGE_DIR = ROOT / "src" / "thaw"
STAMP = "thaw-inputs.json"
#: In ``_build``: the inputs the written pages were made with (any change rewrites every page).
PAGES_STAMP = "thaw-pages.json"
#: The chapters' notebooks. The pages that read them (the instructor guide: objectives, exercises, the
#: assignments' points) depend on them, and on the book tooling when they use it (thaw.book.assignments).
CHAPTERS_DIR = ROOT / "notebooks"
_READS_CHAPTERS = re.compile(r"\binstructor_guide\b|\bthaw\.book\b")
_CHAPTER_IMPORT = re.compile(r"thaw\.chapters(?:\.(\w+)|\s+import\s+([\w\s,]+?)(?:\s+as\s+\w+)?$)", re.M)


def _hash_files(digest, paths, base: Path) -> None:
    for path in sorted(p for p in paths if p.is_file()):
        digest.update(path.relative_to(base).as_posix().encode() + b"\0" + path.read_bytes())


@contextmanager
def language_of(language: str):
    """Work out keys (and run the Sphinx extension's checks) for one edition: see :func:`core_digest`."""
    before = i18n.language()
    i18n.set_language(language)
    try:
        yield
    finally:
        i18n.set_language(before)


def core_digest(package: Path = PACKAGE_DIR, data_dir: Path = DATA) -> str:
    """The inputs every notebook shares: the core modules, questions, static files, the data,
    and the figures' numbers (the self-check questions name figures by label: thaw.figures).
    In a translated edition (thaw.i18n's language), also the catalogues of the words code writes."""
    from thaw.figures import figure_numbers

    digest = hashlib.sha256()
    _hash_files(digest, [*package.glob("*.py"), *package.glob("*.yml"), *package.glob("static/*")], package)
    if i18n.language() != i18n.SOURCE_LANGUAGE:
        _hash_files(digest, (package / "locale" / i18n.language()).rglob("*.po"), package)
    _hash_files(digest, data_dir.glob("*"), data_dir.parent)
    digest.update(json.dumps(figure_numbers(), sort_keys=True).encode())
    return digest.hexdigest()


def chapter_modules(code: str, package: Path = PACKAGE_DIR) -> set[str]:
    """The chapter modules some code imports, and the chapter modules those import in turn."""
    found: set[str] = set()
    pending = [code]
    while pending:
        for dotted, listed in _CHAPTER_IMPORT.findall(pending.pop()):
            for name in [dotted] if dotted else [n.split(" as ")[0].strip() for n in listed.split(",")]:
                module = package / "chapters" / f"{name}.py"
                if name and name not in found and module.exists():
                    found.add(name)
                    pending.append(module.read_text(encoding="utf-8"))
    return found


def notebook_code(notebook: Path) -> str:
    cells = json.loads(notebook.read_text(encoding="utf-8")).get("cells", [])
    return "\n".join("".join(c.get("source", "")) for c in cells if c.get("cell_type") == "code")


def notebook_key(notebook: Path, core: str, package: Path = PACKAGE_DIR) -> str:
    """What this notebook's outputs depend on besides its own code."""
    digest = hashlib.sha256(core.encode())
    code = notebook_code(notebook)
    _hash_files(digest, [package / "chapters" / f"{name}.py" for name in chapter_modules(code, package)], package)
    if _READS_CHAPTERS.search(code):
        _hash_files(digest, CHAPTERS_DIR.glob("[0-9][0-9]-*.ipynb"), CHAPTERS_DIR)
    if "thaw.book" in code:
        _hash_files(digest, (package / "book").glob("*.py"), package)
    return digest.hexdigest()


def current_keys(notebooks: list[Path], book: Path) -> dict[str, str]:
    """Each notebook (by its path in the book) with the key of its inputs now."""
    core = core_digest()
    return {path.relative_to(book).as_posix(): notebook_key(path, core) for path in notebooks}


def _recorded(stamp: Path) -> dict:
    try:
        return json.loads(stamp.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def refresh(cache_dir: Path, notebooks: list[Path], book: Path):
    """Open the execution cache, dropping the outputs of every stale notebook; return (cache, stale)."""
    import nbformat
    from jupyter_cache import get_cache

    cache_dir.mkdir(parents=True, exist_ok=True)
    cache = get_cache(str(cache_dir))
    keys, recorded = current_keys(notebooks, book), _recorded(cache_dir / STAMP)
    stale = [path for path in notebooks if recorded.get(path.relative_to(book).as_posix()) != keys[path.relative_to(book).as_posix()]]
    for path in stale:
        try:
            record = cache.match_cache_notebook(nbformat.read(path, as_version=4))
        except KeyError:
            continue  # never run with these cells: nothing to drop
        cache.remove_cache(record.pk)
    (cache_dir / STAMP).write_text(json.dumps(keys, indent=1, sort_keys=True), encoding="utf-8")
    return cache, stale


def pages_to_rewrite(build_dir: Path, notebooks: list[Path], book: Path) -> tuple[list[Path] | None, dict]:
    """The notebook pages written from other inputs than today's (None: all pages, the tooling changed).

    Separate from the cache's own stamp: ``thaw.book.build`` may already have refreshed the
    cache and run the stale notebooks, but their pages are still to be rewritten.
    """
    state = {"tooling": pages_digest(), "notebooks": current_keys(notebooks, book)}
    recorded = _recorded(build_dir / PAGES_STAMP)
    if recorded.get("tooling") != state["tooling"]:
        return None, state
    written = recorded.get("notebooks", {})
    return [p for p in notebooks if written.get(p.relative_to(book).as_posix()) != state["notebooks"][p.relative_to(book).as_posix()]], state


def record_pages(build_dir: Path, state: dict) -> None:
    (build_dir / PAGES_STAMP).write_text(json.dumps(state, indent=1, sort_keys=True), encoding="utf-8")


def pages_digest(package: Path = PACKAGE_DIR) -> str:
    """The tooling that writes every page: a change to it rewrites every page (from cached outputs).

    Changes to the core, the chapters or the data rewrite the pages of the notebooks they
    make stale (:func:`refresh`); Sphinx itself tracks the Markdown pages and the bibliography.
    """
    digest = hashlib.sha256()
    _hash_files(digest, package.glob("book/**/*.py"), package)  # the extension is a package
    return digest.hexdigest()
