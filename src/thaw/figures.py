"""The course's figures: their labels and numbers, read from the notebooks.

A chart is a code cell; its caption is the Markdown cell directly after it, written as a
MyST figure without an image::

    :::{figure}
    :label: fig-ch02-flows
    People who left and entered the camps … *Source:* {cite:t}`kuznetsov2005`.
    :::

JupyterLab (jupyterlab-myst) shows that cell as a numbered caption right under the chart,
and the book's extension (:mod:`thaw.book.sphinxext`) binds it to the chart above into one
numbered Sphinx figure. No number is typed: the book numbers a page's figures in order
after the page's prefix (:func:`page_prefix`: the chapter's number, "T" on the Timeline),
and prose refers to a figure by its label, ``{numref}`fig-ch02-flows```, which the book writes as "Figure" and its number.
Labels are ``fig-chNN-<short name>`` in chapter NN, ``fig-<page>-<short name>`` elsewhere.

JupyterLab numbers a notebook's figures 1, 2, 3 … ("Figure 2" for the book's 2.2):
jupyterlab-myst takes a numbering prefix only from front matter at the top of the first
cell, where the title has to stay (:mod:`thaw.chapters.instructor_guide` reads it there).

This module reads the same convention for code that names a figure outside a MyST page
(the self-check questions, :mod:`thaw.quiz`), for the book's extension and for the tests.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from thaw.errors import DataError
from thaw.i18n import N_, _
from thaw.paths import ROOT

#: The notebooks that may hold figures: the chapters and the book's computed pages.
NOTEBOOK_GLOBS = ("notebooks/[0-9][0-9]-*.ipynb", "book/*.ipynb")
#: The prefix of the figure numbers on pages that are not chapters (a chapter's is its number).
PAGE_PREFIXES = {"book/timeline": "T"}
#: A caption cell: it opens with a figure directive that has no image, and a label.
CAPTION = re.compile(r"\A:::\{figure\}\n:label: (?P<label>[^\s]+)\n(?P<caption>.*?)\n:::(?:\n|\Z)", re.S)
#: How prose, notes and questions refer to a figure.
NUMREF = re.compile(r"\{numref\}`([^`<>]+)`")
#: What a reader sees for a reference (the book's ``numfig_format``), translated where it is shown.
REFERENCE_FORMAT = N_("Figure %s")
CHAPTER = re.compile(r"notebooks/(\d\d)-[\w-]+")


def cell_source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def page_prefix(page: str) -> str | None:
    """The prefix of a page's figure numbers ("2" in chapter 2, whose figures are 2.1, 2.2 …), by its path
    in the book without suffix ("notebooks/02-emptying-the-gulag"); None if it has none."""
    chapter = CHAPTER.fullmatch(page)
    return str(int(chapter.group(1))) if chapter else PAGE_PREFIXES.get(page)


def caption_labels(cells: list[dict]) -> list[str]:
    """The labels of a notebook's caption cells, in order."""
    labels = []
    for cell in cells:
        match = CAPTION.match(cell_source(cell)) if cell.get("cell_type") == "markdown" else None
        if match:
            labels.append(match.group("label"))
    return labels


def notebook_cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8")).get("cells", [])


def figure_numbers(root: Path = ROOT) -> dict[str, str]:
    """Every figure's label with its number ("fig-ch02-flows": "2.2"), as the book numbers them."""
    numbers = {}
    for pattern in NOTEBOOK_GLOBS:
        for path in sorted(root.glob(pattern)):
            prefix = page_prefix(path.relative_to(root).with_suffix("").as_posix())
            for number, label in enumerate(caption_labels(notebook_cells(path)), start=1):
                numbers[label] = f"{prefix}.{number}" if prefix else str(number)
    return numbers


@lru_cache(maxsize=None)
def _numbers() -> dict[str, str]:
    return figure_numbers()


def resolve_references(text: str, translate: bool = True) -> str:
    """Replace each ``{numref}`label``` by what a reader sees for it: "Figure", then its number
    ("Gambar" in Indonesian; always "Figure" with ``translate=False``).

    For text that no MyST renderer reads, such as the self-check questions. An unknown label is an error.
    """
    def number(match):
        label = match.group(1).strip()
        if label not in _numbers():
            raise DataError(f"{{numref}}`{label}`: no figure of the course has this label")
        return (_(REFERENCE_FORMAT) if translate else REFERENCE_FORMAT) % _numbers()[label]
    return NUMREF.sub(number, text)
