"""Shared fixtures: the strict book build, executed notebooks, the served site and the browser."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from thaw.paths import ROOT
from thaw.book.serve import CHROMIUM_ARGS, SITE, chromium_path, serve
from thaw.book.sphinxext.charts import BUNDLED_TRACES

NOTEBOOK_DIR = ROOT / "notebooks"
CHAPTERS = sorted(NOTEBOOK_DIR.glob("[0-9][0-9]-*.ipynb"))
BOOK_NOTEBOOKS = sorted((ROOT / "book").glob("*.ipynb"))  # reference pages built from code
PLOTLY_MIME = "application/vnd.plotly.v1+json"
HIDDEN_OUTPUT_TAGS = {"remove-output", "remove-cell"}
#: Where the build keeps every notebook's outputs (jupyter-cache), fresh for its inputs (thaw.book.cache).
EXECUTION_CACHE = ROOT / "_build" / ".jupyter_cache"


#: What makes a test slow: building the book, executing notebooks, a browser, JupyterLab, a student edition,
#: the nbgrader loop.
SLOW_FIXTURES = {"book_build", "built_site", "site_url", "executed_notebooks", "page", "lab_url", "edition",
                 "course_pdf", "hub_built_site", "prepared_lab", "indonesian_edition", "graded_course"}
SLOW_MODULES = {"test_binder", "test_build_cache"}  # repo2docker's own check; real kernels in a small book


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: builds the book, executes notebooks or drives a browser "
                                       "(make test-fast leaves these out)")


#: Slow tests that drive a browser (Chromium or JupyterLab); they need the built book, so they run last.
BROWSER_FIXTURES = {"page", "course_pdf", "lab_url", "prepared_lab"}
#: Among the other slow tests, these modules go first: the strict build (that every slow test uses).
FIRST_SLOW_MODULES = ["test_build", "test_notebooks"]


def run_order(item) -> tuple:
    """Where a test runs: every fast test first, then the slow ones (the build's own tests first), browsers last."""
    module = Path(str(item.fspath)).stem
    if "slow" not in item.keywords:
        return (0, 0)
    if BROWSER_FIXTURES & set(item.fixturenames):
        return (2, 0)
    return (1, FIRST_SLOW_MODULES.index(module) if module in FIRST_SLOW_MODULES else len(FIRST_SLOW_MODULES))


def pytest_collection_modifyitems(items):
    """Mark the slow tests; run the fast ones first, then the slow ones, and the browser tests last.

    The order within a tier stays the collection order (the sort is stable).
    """
    for item in items:
        if SLOW_FIXTURES & set(item.fixturenames) or Path(str(item.fspath)).stem in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)
    items.sort(key=run_order)


@pytest.fixture(scope="session")
def book_build():
    """Build the book once, strictly (thaw.book.build); the execution cache keeps reruns fast."""
    return subprocess.run([sys.executable, "-m", "thaw.book.build"], cwd=ROOT, capture_output=True, text=True)


@pytest.fixture(scope="session")
def built_site(book_build):
    output = book_build.stdout + book_build.stderr
    assert book_build.returncode == 0, "the book build failed:\n" + output[-6000:]
    return SITE


@pytest.fixture(scope="session")
def site_url(built_site):
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def executed_notebooks(book_build):
    """Each notebook of the book as the build ran it: top to bottom in a fresh kernel, once per test run.

    ``thaw.book.build`` runs every notebook whose inputs changed (``thaw.book.cache``) and keeps
    its outputs in the execution cache, from which Jupyter Book writes the pages; the tests read
    the same outputs there instead of running the notebook again. A notebook that failed in the
    build is not in the cache, and its tests fail saying so.
    """
    from jupyter_cache import get_cache

    from thaw.book.cache import STAMP, current_keys

    cache = get_cache(str(EXECUTION_CACHE))
    recorded = load_json(EXECUTION_CACHE / STAMP)

    def get(path: Path):
        name = path.relative_to(ROOT).as_posix()
        assert recorded.get(name) == current_keys([path], ROOT)[name], \
            f"{name} changed after the build (its inputs are not those its cached outputs were made with)"
        try:
            _, notebook = cache.merge_match_into_notebook(nbformat.read(path, as_version=4))
        except KeyError:
            output = (book_build.stdout + book_build.stderr)[-4000:]
            pytest.fail(f"{name} is not in the execution cache: the build could not run it to the end.\n{output}")
        return notebook

    return get


def visible_chart_count(notebook) -> int:
    """Plotly figures a notebook shows in the book (outputs of cells not hidden by tags)."""
    count = 0
    for cell in notebook.cells:
        if cell.cell_type != "code" or HIDDEN_OUTPUT_TAGS & set(cell.metadata.get("tags", [])):
            continue
        count += sum(PLOTLY_MIME in output.get("data", {}) for output in cell.get("outputs", []))
    return count


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Debian's Chromium, never a downloaded build; a missing browser is an error, not a skip.
    return {**browser_type_launch_args, "executable_path": chromium_path(), "args": CHROMIUM_ARGS}


@pytest.fixture
def page_problems(page, site_url):
    """Console errors, page errors, failed requests and requests that leave the site."""
    problems = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}")
            if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"failed request: {r.url} {r.failure}"))
    page.on("request", lambda r: problems.append(f"external request: {r.url}")
            if not r.url.startswith((site_url, "data:", "blob:")) else None)
    return problems


def figures_drawn(values) -> list:
    """The plotted values of a trace, without the empty points that break a line across a gap."""
    return [v for v in values if v is not None]


def load_json(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


def assert_course_figure(fig, name: str) -> None:
    """The conventions every chart of the course keeps (thaw.charts.finish applies them)."""
    assert fig.layout.title.text, f"{name}: no title"
    assert fig.layout.annotations[-1].text.startswith("Source: "), f"{name}: no source line"
    assert len(fig.layout.meta["alt"]) > 30, f"{name}: no text alternative"
    assert {t.type for t in fig.data} <= BUNDLED_TRACES, f"{name}: a trace type the book's plotly.js lacks"


def explorer_controls(explorer) -> dict:
    """An explorer's widgets by what a student reads on them, not by position; its sentence as "sentence"."""
    import ipywidgets as widgets

    found, todo = {}, [explorer]
    while todo:
        widget = todo.pop(0)
        todo += list(getattr(widget, "children", ()))
        if getattr(widget, "description", ""):
            found[widget.description] = widget
        elif isinstance(widget, widgets.HTML) and "sentence" not in found:
            found["sentence"] = widget
    return found


@pytest.fixture
def drawn(monkeypatch):
    """The figures an explorer draws, in order."""
    import plotly.graph_objects as go

    figures = []
    monkeypatch.setattr(go.Figure, "show", lambda self, *a, **k: figures.append(self))
    return figures
