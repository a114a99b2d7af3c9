"""The student edition: no solution or answer key survives, and every notebook still runs."""

import os
import zipfile
from concurrent.futures import ThreadPoolExecutor

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import CHAPTERS
from thaw.book import answer_keys
from thaw.book.build import PromptKernelManager
from thaw.book.student import make_student_edition, student_notebook
from thaw.paths import ROOT


@pytest.fixture(scope="module")
def edition(tmp_path_factory):
    out = tmp_path_factory.mktemp("edition") / "student"
    archive = make_student_edition(out=out)
    return out, archive


def solution_sources(notebook):
    """Code cells of gated solutions in the full notebook (by source text)."""
    sources, inside = [], False
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            if "{solution-start}" in cell.source:
                inside = "{solution-end}" not in cell.source.split("{solution-start}", 1)[1]
            elif "{solution-end}" in cell.source:
                inside = False
        elif inside:
            sources.append(cell.source)
    return sources


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[c.name for c in CHAPTERS])
def test_no_solution_or_answer_key_survives(edition, chapter):
    out, _ = edition
    full = nbformat.read(chapter, as_version=4)
    student = nbformat.read(out / "notebooks" / chapter.name, as_version=4)
    text = "\n".join(cell.source for cell in student.cells)
    assert "{solution" not in text
    assert not any("answer-key" in cell.metadata.get("tags", []) for cell in student.cells)
    student_code = {cell.source for cell in student.cells if cell.cell_type == "code"}
    for source in solution_sources(full):
        assert source not in student_code
    # The exercises themselves stay.
    assert text.count("{exercise}") == "\n".join(c.source for c in full.cells).count("{exercise}") >= 3


def test_a_solution_written_inside_one_cell_is_removed_with_its_prose():
    cell = nbformat.v4.new_markdown_cell(
        "```{exercise} 1.1: Q\n:label: x\n```\n\n```{solution-start} x\n:class: dropdown\n```\n\n"
        "The answer is 42.\n\n```{solution-end}\n```\n\nAfter the solution.")
    code = nbformat.v4.new_code_cell("print(42)")
    notebook = nbformat.v4.new_notebook(cells=[cell, code])
    result = student_notebook(notebook)
    assert "42" not in result.cells[0].source and "After the solution." in result.cells[0].source
    assert result.cells[1].source == "print(42)"  # after the solution: kept


def test_the_zip_holds_everything_needed_to_run(edition):
    _, archive = edition
    names = set(zipfile.ZipFile(archive).namelist())
    for needed in ["requirements.txt", "pyproject.toml", "README.md", "data/datapackage.json",
                   "src/thaw/__init__.py", *[f"notebooks/{c.name}" for c in CHAPTERS]]:
        assert f"thaw-course-student/{needed}" in names


@pytest.fixture(scope="module")
def indonesian_edition(tmp_path_factory):
    out = tmp_path_factory.mktemp("edition-id") / "student-id"
    return out, make_student_edition(out=out, language="id")


@pytest.fixture(scope="module")
def keys():
    return answer_keys.key_strings(), answer_keys.verdict_patterns()


@pytest.mark.parametrize("language", ["en", "id"])
def test_no_answer_key_reaches_the_student_edition(edition, indonesian_edition, keys, language):
    """Verdicts, correct facts, answer functions and solution text: none in the zip students get."""
    out, archive = edition if language == "en" else indonesian_edition
    assert answer_keys.leaks(archive, *keys) == []
    names = set(zipfile.ZipFile(archive).namelist())
    assert "thaw-course-student/data/seed_claims_key.csv" not in names
    assert "thaw-course-student/src/thaw/chapters/claims_answer_key.py" not in names
    assert "thaw-course-student/data/seed_claims.csv" in names  # the claims themselves stay


def test_the_key_scan_finds_a_verdict_a_correct_fact_or_an_answer_function_put_back(edition, keys, tmp_path):
    """The guard itself: each kind of key, put back by hand into a copy of the edition, is found."""
    import shutil

    out, _ = edition
    claim, verdict = (ROOT / "data" / "seed_claims_key.csv").read_text(encoding="utf-8").splitlines()[3].split(",")[:2]
    planted = {
        "data/seed_claims_key.csv": lambda path: shutil.copy(ROOT / "data" / "seed_claims_key.csv", path),
        "data/notes.txt": lambda path: path.write_text(f"{claim}: {verdict}", encoding="utf-8"),  # one verdict
        "src/thaw/extra.py": lambda path: path.write_text("def answer_key():\n    pass\n", encoding="utf-8"),
    }
    for name, plant in planted.items():
        copy = tmp_path / name.replace("/", "-")
        shutil.copytree(out, copy)
        plant(copy / name)
        assert any(finding.startswith(name) for finding in answer_keys.leaks(copy, *keys)), name
    # A solution's text pasted into a chapter's notebook.
    copy = tmp_path / "solution"
    shutil.copytree(out, copy)
    chapter = copy / "notebooks" / CHAPTERS[0].name
    notebook = nbformat.read(chapter, as_version=4)
    full = nbformat.read(CHAPTERS[0], as_version=4)
    solution = next(c.source for c in full.cells if "{solution}" in c.source).split("```{solution}", 1)[1]
    notebook.cells.append(nbformat.v4.new_markdown_cell(solution))
    nbformat.write(notebook, chapter)
    assert answer_keys.leaks(copy, *keys)


@pytest.fixture(scope="module")
def student_runs(edition):
    """Every student notebook run top to bottom in a fresh kernel, as many at a time as there are cores.

    The one execution these tests add to the build's. A student notebook is not the chapter the
    build ran: it lacks the code cells of the solutions (and of any answer key), which may define
    names or change data that later cells use. Only running the student's own notebook shows that
    what is left runs without them.
    """
    out, _ = edition

    def run(chapter):
        notebook = nbformat.read(out / "notebooks" / chapter.name, as_version=4)
        try:
            NotebookClient(notebook, timeout=300, kernel_name="python3", kernel_manager_class=PromptKernelManager,
                           resources={"metadata": {"path": str(out / "notebooks")}}).execute()
        except Exception as error:  # a failing cell, a timeout, a dead kernel: reported by its own test
            return notebook, f"{type(error).__name__}: {error}"
        return notebook, None

    with ThreadPoolExecutor(os.cpu_count() or 1) as pool:  # each kernel is its own process
        return dict(zip(CHAPTERS, pool.map(run, CHAPTERS)))


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[c.name for c in CHAPTERS])
def test_student_notebooks_run_top_to_bottom(student_runs, chapter):
    notebook, error = student_runs[chapter]
    if error:
        pytest.fail(f"the student edition of {chapter.name} does not run: {error}")
    assert not any(o.output_type == "error" for c in notebook.cells if c.cell_type == "code" for o in c.outputs)


def test_the_indonesian_student_edition_has_the_indonesian_chapters_without_solutions(indonesian_edition):
    """make student EDITION=id: the chapters of notebooks/id/, with the cell that sets the language."""
    out, archive = indonesian_edition
    assert archive.name == "thaw-course-student-id.zip"
    assert sorted(p.name for p in (out / "notebooks").glob("*.ipynb")) == [c.name for c in CHAPTERS]
    for chapter in CHAPTERS:
        student = nbformat.read(out / "notebooks" / chapter.name, as_version=4)
        text = "\n".join(cell.source for cell in student.cells)
        assert 'set_language("id")' in student.cells[0].source
        assert "{solution" not in text and "{exercise}" in text
    assert "Kursus lengkap" in (out / "README.md").read_text(encoding="utf-8")


def test_the_student_edition_is_a_repo2docker_configuration(edition):
    """A graded class's hub image is built from the student edition, so that no key is on students' servers."""
    import subprocess
    import sys
    from pathlib import Path

    out, _ = edition
    repo2docker = Path(sys.executable).parent / "jupyter-repo2docker"
    result = subprocess.run([str(repo2docker), "--no-build", "--no-run", "--debug", str(out)],
                            capture_output=True, text=True, timeout=300)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    assert "python=3.11" in output and "requirements.txt" in output and "postBuild" in output
