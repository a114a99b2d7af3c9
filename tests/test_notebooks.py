"""Chapter notebooks: committed clean, built to the course template, and runnable top to bottom."""

import re
from pathlib import Path

import nbformat
import pytest

from conftest import BOOK_NOTEBOOKS, CHAPTERS, PLOTLY_MIME, visible_chart_count

assert CHAPTERS, "no chapter notebooks found"
IDS = [p.name for p in CHAPTERS]
ALL = CHAPTERS + BOOK_NOTEBOOKS
ALL_IDS = [p.name for p in ALL]


def markdown(notebook) -> str:
    return "\n\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")


@pytest.mark.parametrize("path", ALL, ids=ALL_IDS)
def test_committed_without_outputs_and_with_python3_kernel(path):
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    assert notebook.metadata.kernelspec.name == "python3"
    for number, cell in enumerate(notebook.cells):
        if cell.cell_type == "code":
            assert cell.outputs == [], f"cell {number} has stored outputs"
            assert cell.execution_count is None, f"cell {number} has an execution count"
    assert "widgets" not in notebook.metadata, "saved widget state in the committed notebook"


@pytest.mark.parametrize("path", CHAPTERS, ids=IDS)
def test_follows_the_chapter_template(path):
    notebook = nbformat.read(path, as_version=4)
    number = int(path.name[:2])
    text = markdown(notebook)
    assert notebook.cells[0].source.startswith(f"# {number}. "), "title must be '# N. Title'"
    for required in ["**Learning objectives.**", "**Prerequisites.**", "**Time needed.**",
                     "## Exercises", "## Self-check", "## Summary", "## Sources", "{bibliography}"]:
        assert required in text, f"missing {required}"
    exercises = re.findall(r"```\{exercise\} (\d+)\.(\d+): [^\n]+\n:label: ([\w-]+)", text)
    assert len(exercises) >= 3, "at least three labelled exercises titled 'N.k: title'"
    assert [(int(c), int(k)) for c, k, _ in exercises] == [(number, k) for k in range(1, len(exercises) + 1)]
    labels = [label for _, _, label in exercises]
    for label in labels:
        assert f"*Label for assigning:* `{label}`" in text, f"show the label {label} to instructors"
    for label in labels:
        solution = re.search(r"```\{solution(?:-start)?\} " + re.escape(label) + r"\n:class: dropdown", text)
        assert solution, f"exercise {label} has no solution hidden in a dropdown"
    quiz_cells = [c for c in notebook.cells if c.cell_type == "code" and "self_check(" in c.source]
    assert [c.source.splitlines()[-1] for c in quiz_cells] == [f'self_check("{number:02d}")'], \
        "one self-check quiz, the chapter's own"
    assert "remove-input" in quiz_cells[0].metadata.get("tags", []), "the book shows the quiz, not its code"


@pytest.mark.parametrize("path", CHAPTERS, ids=IDS)
def test_every_chart_is_numbered_and_captioned_with_its_source(path):
    notebook = nbformat.read(path, as_version=4)
    number = int(path.name[:2])
    captions = re.findall(rf"\*\*Figure {number}\.(\d+)\.\*\*([^\n]*(?:\n(?!\n)[^\n]*)*)", markdown(notebook))
    assert [int(n) for n, _ in captions] == list(range(1, len(captions) + 1)), "figures numbered in order"
    for n, caption in captions:
        assert "*Source" in caption or "*Sources" in caption, f"Figure {number}.{n} names no source"


@pytest.mark.parametrize("path", ALL, ids=ALL_IDS)
def test_code_cells_are_short(path):
    notebook = nbformat.read(path, as_version=4)
    for number, cell in enumerate(notebook.cells):
        if cell.cell_type == "code":
            assert len(cell.source.splitlines()) <= 8, f"cell {number}: move plumbing into the thaw package"


@pytest.mark.parametrize("path", ALL, ids=ALL_IDS)
def test_runs_top_to_bottom_in_a_fresh_kernel(path, executed_notebooks):
    notebook = executed_notebooks(path)  # raises CellExecutionError on any failing cell
    captions = len(re.findall(r"\*\*Figure [\dA-Z]+\.\d+\.\*\*", markdown(notebook)))
    assert visible_chart_count(notebook) == captions, "one caption per chart"
    if path in CHAPTERS:
        assert captions >= 2, "a chapter has at least two charts"
    errors = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs
              if o.output_type == "error" or (o.output_type == "stream" and o.name == "stderr")]
    assert errors == []
    assert all(PLOTLY_MIME not in o.get("data", {}) or "text/html" not in o["data"]
               for c in notebook.cells if c.cell_type == "code" for o in c.outputs)


@pytest.mark.parametrize("path", CHAPTERS, ids=IDS)
def test_further_reading_is_kept_apart_from_the_sources_read(path):
    """Standard works the course did not read are listed, never cited as the source of a number or date."""
    text = markdown(nbformat.read(path, as_version=4))
    assert "## Further reading" in text, "no Further reading section"
    body = text.split("## Further reading", 1)[1].split("## Sources", 1)
    assert len(body) == 2, "Further reading comes just before Sources"
    body = body[0]
    assert "not read for this course" in body
    assert "{cite" not in body, "Further reading is not cited: it was not read"
    works = re.findall(r"^- .*?\*([^*]+)\*", body, re.M)
    assert len(works) >= 3, "at least three standard works, each with its title in italics"
    bib = (Path(__file__).parents[1] / "book" / "references.bib").read_text(encoding="utf-8")
    def normal(title):  # the whole title, subtitle included: "Khrushchev" alone names several books
        return " ".join(re.sub(r"[^\w ]", " ", title.replace("{", "").replace("}", "")).lower().split())
    read = {normal(t) for t in re.findall(r"^\s*title = \{(.+)\},?$", bib, re.M)}
    for title in works:
        assert normal(title) not in read, f"'{title}' is a source read, and also under Further reading"
