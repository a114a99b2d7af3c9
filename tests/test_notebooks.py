"""Chapter notebooks: committed clean, built to the course template, and runnable top to bottom."""

import json
import re
from pathlib import Path

import nbformat
import pytest

from conftest import BOOK_NOTEBOOKS, CHAPTERS, PLOTLY_MIME, visible_chart_count
from thaw import figures
from thaw.book.sphinxext.notes import explorer_note
from thaw.paths import ROOT

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
        assert re.fullmatch(rf"ch{number:02d}-ex-[a-z0-9]+(?:-[a-z0-9]+)*", label), \
            f"exercise labels follow the chapter's name: ch{number:02d}-ex-<name>, not {label}"
        assert f"*Label for assigning:* `{label}`" in text, f"show the label {label} to instructors"
    for label in labels:
        solution = re.search(r"```\{solution(?:-start)?\} " + re.escape(label) + r"\n:class: dropdown", text)
        assert solution, f"exercise {label} has no solution hidden in a dropdown"
    quiz_cells = [c for c in notebook.cells if c.cell_type == "code" and "self_check(" in c.source]
    assert [c.source.splitlines()[-1] for c in quiz_cells] == [f'self_check("{number:02d}")'], \
        "one self-check quiz, the chapter's own"
    assert "remove-input" in quiz_cells[0].metadata.get("tags", []), "the book shows the quiz, not its code"


def caption_cells(notebook) -> list[int]:
    """The indices of a notebook's caption cells (a MyST figure without an image: thaw.figures)."""
    return [number for number, cell in enumerate(notebook.cells)
            if cell.cell_type == "markdown" and figures.CAPTION.match(cell.source)]


def page_of(path: Path) -> str:
    return path.relative_to(ROOT).with_suffix("").as_posix()


def label_scheme(path: Path) -> re.Pattern:
    """fig-chNN-<short name> in chapter NN; fig-<page>-<short name> on the other pages."""
    page = f"ch{path.name[:2]}" if path in CHAPTERS else path.stem
    return re.compile(rf"fig-{page}-[a-z0-9]+(?:-[a-z0-9]+)*")


@pytest.mark.parametrize("path", ALL, ids=ALL_IDS)
def test_every_caption_sits_under_its_chart_cell_with_a_label_and_its_sources(path):
    notebook = nbformat.read(path, as_version=4)
    captions = caption_cells(notebook)
    if path in CHAPTERS:
        assert len(captions) >= 2, "a chapter has at least two charts, each with its caption"
    if captions:
        assert figures.page_prefix(page_of(path)), "figures need a prefix for their numbers (thaw.figures)"
    for number in captions:
        cell, chart = notebook.cells[number], notebook.cells[number - 1]
        match = figures.CAPTION.match(cell.source)
        where = f"caption cell {number} ({match.group('label')})"
        assert chart.cell_type == "code" and "hide-input" not in chart.metadata.get("tags", []), \
            f"{where}: the cell above must be the chart's code cell, its input removed or shown (never a toggle)"
        assert label_scheme(path).fullmatch(match.group("label")), f"{where}: labels follow {label_scheme(path).pattern}"
        assert "*Source:*" in match.group("caption") or "*Sources:*" in match.group("caption"), \
            f"{where}: the caption names no source"
        assert match.group("caption").strip() and not match.group("caption").startswith(":"), \
            f"{where}: a caption is text (the label is its only option)"
    for number, cell in enumerate(notebook.cells):
        if cell.cell_type == "markdown":
            assert cell.source.count("{figure}") == (1 if number in captions else 0), \
                f"cell {number}: a figure caption is a cell of its own that opens with :::{{figure}} and its label"
            assert not re.search(r"^\(fig-[\w-]+\)=", cell.source, re.M), \
                f"cell {number}: a figure's label goes on its caption (:label:), not on a target"


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.name for p in CHAPTERS])
def test_the_captions_follow_the_chapter_modules_figure_registry(path):
    """Caption labels, in order, are fig-chNN-<name> for the names of the module's FIGURES."""
    import importlib

    chapter = importlib.import_module(f"thaw.chapters.ch{path.stem.replace('-', '_')}")
    labels = figures.caption_labels(figures.notebook_cells(path))
    assert labels == [f"fig-ch{path.name[:2]}-{name}" for name in chapter.FIGURES]


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.name for p in CHAPTERS])
def test_one_chart_per_chapter_shows_its_code_and_the_others_hide_it_without_a_toggle(path):
    notebook = nbformat.read(path, as_version=4)
    charts = [notebook.cells[number - 1] for number in caption_cells(notebook)]
    shown = [chart.source for chart in charts if "remove-input" not in chart.metadata.get("tags", [])]
    assert len(shown) == 1, f"exactly one chart built in a visible cell a student can reuse: {shown}"
    assert "=" in shown[0], "the visible chart names its parameters, so a student sees what to change"


def test_figure_labels_are_unique_and_every_reference_finds_its_figure():
    labels = [label for path in ALL for label in figures.caption_labels(figures.notebook_cells(path))]
    assert len(labels) == len(set(labels)), sorted(label for label in labels if labels.count(label) > 1)
    assert set(labels) == set(figures.figure_numbers())
    for where, text in everything_a_reader_sees(code=False):
        for reference in re.findall(r"\{numref\}`([^`]*)`", text):
            assert "<" not in reference and "%s" not in reference, \
                f"{where}: write {{numref}}`label`; JupyterLab shows 'Figure %s' for a title it cannot resolve"
            assert reference in labels, f"{where}: {{numref}}`{reference}` names no figure"
        assert not re.search(r"\{ref\}`[^`]*<fig-", text), f"{where}: refer to a figure with {{numref}}"


#: A typed figure number: "Figure 2.1", "Fig. 2.1", "Figures 2.1", "figure T.1".
TYPED_FIGURE_NUMBER = re.compile(r"\bfig(?:ure|\.)?s?\s+[0-9A-Z]{1,2}\.\d+", re.I)
#: Quoted text (a source's title may name its own figures): not the course's words.
QUOTED = re.compile(r'"[^"\n]*"|“[^”\n]*”')


def everything_a_reader_sees(code: bool = True):
    """(where, text) for every Markdown cell, explorer note, book page and file of the package
    (with ``code``, its modules too: a docstring that numbers a figure goes stale when a chart moves)."""
    for path in ALL:
        notebook = nbformat.read(path, as_version=4)
        for number, cell in enumerate(notebook.cells):
            if cell.cell_type == "markdown":
                yield f"{path.name}, cell {number}", cell.source
            yield f"{path.name}, cell {number} metadata", json.dumps(cell.metadata, ensure_ascii=False)
    for path in sorted((ROOT / "book").glob("*.md")):
        yield path.name, path.read_text(encoding="utf-8")
    package = ROOT / "src" / "thaw"
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix in ({".py", ".yml", ".js", ".css", ".html"} if code else {".yml"}):
            yield str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")


def typed_figure_numbers(text: str, code: bool = False) -> list[str]:
    """Typed figure numbers; in prose a quoted title may name its own figures, in code nothing may."""
    return TYPED_FIGURE_NUMBER.findall(text if code else QUOTED.sub("", text))


def test_no_figure_number_is_typed():
    """The book numbers the figures; prose, captions, notes and questions name them by label."""
    found = [f"{where}: {number}" for where, text in everything_a_reader_sees()
             for number in typed_figure_numbers(text, code=where.endswith(".py"))]
    assert found == []


def test_the_typed_number_check_catches_each_form():
    assert typed_figure_numbers("as Figure 2.3 shows") == ["Figure 2.3"]
    assert typed_figure_numbers("(figure 10.2) and Fig. 4.1 and Figures 1.2 and **Figure T.1.**") == \
        ["figure 10.2", "Fig. 4.1", "Figures 1.2", "Figure T.1"]
    assert typed_figure_numbers('his article "Figure 3.1 and the census" and {numref}`fig-ch02-flows`') == []


@pytest.mark.parametrize("path", CHAPTERS, ids=IDS)
def test_explorer_notes_are_the_books_and_say_what_to_use_instead(path):
    """In JupyterLab the explorer runs; only the book, which cannot run it, adds the note (thaw.book.sphinxext)."""
    notebook = nbformat.read(path, as_version=4)
    for number, cell in enumerate(notebook.cells):
        assert "needs a running Python kernel" not in cell.source, \
            f"cell {number}: the book writes this note under the explorer; JupyterLab readers have a kernel"
    explorers = [cell for cell in notebook.cells if cell.cell_type == "code"
                 and re.search(r"\.build_(?:explorer|checker)\(", cell.source)]
    assert explorers, "each chapter has an explorer"
    for cell in explorers:
        assert "remove-output" in cell.metadata.get("tags", []), "the book shows no dead widget"
        explorer = cell.metadata.get("thaw", {}).get("explorer", {})
        instead = explorer.get("in_the_book", "")
        assert re.fullmatch(r"[a-z].*\.", instead, re.S), \
            "metadata thaw.explorer.in_the_book: what to use in the book instead, ending the sentence " \
            "'Here in the book, …'"
        note = explorer_note(cell.metadata)
        assert note.startswith("```{note}\nThe ") and note.endswith(f"Here in the book, {instead}\n```")
    assert [c for c in notebook.cells if explorer_note(c.metadata)] == explorers


@pytest.mark.parametrize("path", ALL, ids=ALL_IDS)
def test_code_cells_are_short(path):
    notebook = nbformat.read(path, as_version=4)
    for number, cell in enumerate(notebook.cells):
        if cell.cell_type == "code":
            assert len(cell.source.splitlines()) <= 8, f"cell {number}: move plumbing into the thaw package"


@pytest.mark.parametrize("path", ALL, ids=ALL_IDS)
def test_runs_top_to_bottom_in_a_fresh_kernel(path, executed_notebooks):
    notebook = executed_notebooks(path)  # as the build ran it; fails if the build could not run it to the end
    charts = [number for number, cell in enumerate(notebook.cells) if visible_chart_count(
        nbformat.from_dict({"cells": [cell]}))]
    assert visible_chart_count(notebook) == len(charts), "one chart per chart cell"
    assert [number + 1 for number in charts] == caption_cells(notebook), \
        "every chart cell has exactly one caption, in the cell right under it"
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


def test_bibliography_keys_name_the_work_and_each_work_has_one_entry():
    """A key names the work (author or site, year), never a chapter: a work cited by several
    chapters is one entry, and JupyterLab, which shows citations as keys, shows a readable name."""
    from pybtex.database import parse_file

    entries = parse_file(ROOT / "book" / "references.bib").entries
    by_chapter = [key for key in entries
                  if re.match(r"(ch\d\d|after|gulag|congress|returns|pows|culture|coex|limits|legacy|claims|source)_", key)]
    assert by_chapter == []
    def work(entry):
        title = " ".join(re.sub(r"[^\w ]", " ", entry.fields.get("title", "").replace("{", "")).lower().split())
        return title, entry.fields.get("year", ""), entry.fields.get("url", "")
    works = {}
    for key, entry in entries.items():
        works.setdefault(work(entry), []).append(key)
    assert [keys for keys in works.values() if len(keys) > 1] == []
