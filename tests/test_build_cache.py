"""The build's execution cache: filled in parallel before Jupyter Book runs, emptied when package or data change."""

import shutil

import nbformat
from jupyter_cache import get_cache
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from thaw.book.build import fresh_cache, pre_execute
from thaw.book.sphinxext import INPUTS_STAMP, PACKAGE_DIR, inputs_digest


def small_book(root, cells_by_name):
    (root / "_config.yml").write_text("execute:\n  execute_notebooks: cache\n  timeout: 60\n", encoding="utf-8")
    names = list(cells_by_name)
    chapters = "".join(f"  - file: {name}\n" for name in names[1:])
    (root / "_toc.yml").write_text(f"format: jb-book\nroot: {names[0]}\nchapters:\n{chapters}", encoding="utf-8")
    for name, code in cells_by_name.items():
        notebook = new_notebook(cells=[new_markdown_cell(f"# {name}"), new_code_cell(code)],
                                metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                         "language": "python"}})
        nbformat.write(notebook, root / f"{name}.ipynb")


def test_pre_execute_caches_every_notebook_of_the_toc_where_jupyter_book_looks(tmp_path, capsys):
    small_book(tmp_path, {"intro": "print(6 * 7)", "chapter": "import os\nprint(os.getcwd())",
                          "broken": "1 / 0"})
    (tmp_path / "not-in-toc.ipynb").write_text((tmp_path / "intro.ipynb").read_text())
    pre_execute(tmp_path, tmp_path)
    cache = get_cache(str(tmp_path / "_build" / ".jupyter_cache"))
    for name, expected in [("intro", "42"), ("chapter", str(tmp_path))]:
        _, merged = cache.merge_match_into_notebook(nbformat.read(tmp_path / f"{name}.ipynb", as_version=4))
        assert merged.cells[1].outputs[0]["text"].strip() == expected  # run in the notebook's own folder
    assert len(cache.list_cache_records()) == 2  # the failing notebook is left for Jupyter Book to report
    assert "broken.ipynb failed (CellExecutionError); Jupyter Book will run it again" in capsys.readouterr().out

    pre_execute(tmp_path, tmp_path)  # only the failing notebook is run again
    second_run = capsys.readouterr().out
    assert "ran 1 notebook in" in second_run and "broken.ipynb failed" in second_run


def test_the_cache_is_emptied_when_its_outputs_came_from_other_inputs(tmp_path):
    cache_dir = tmp_path / ".jupyter_cache"
    cache_dir.mkdir()
    (cache_dir / "kept.txt").write_text("outputs")
    (cache_dir / INPUTS_STAMP).write_text(inputs_digest())
    fresh_cache(cache_dir)
    assert (cache_dir / "kept.txt").exists()

    (cache_dir / INPUTS_STAMP).write_text("made with an older package")
    fresh_cache(cache_dir)
    assert not (cache_dir / "kept.txt").exists()
    assert (cache_dir / INPUTS_STAMP).read_text() == inputs_digest()


def test_the_digest_covers_code_questions_scripts_and_data(tmp_path):
    package, data = tmp_path / "thaw", tmp_path / "data"
    shutil.copytree(PACKAGE_DIR, package, ignore=shutil.ignore_patterns("__pycache__"))
    data.mkdir()
    (data / "events.csv").write_text("id\ne01\n")
    before = inputs_digest(package, data)
    for changed in [package / "charts.py", package / "self_checks.yml", package / "static" / "thaw-quiz.js",
                    package / "chapters" / "ch02_emptying_the_gulag.py", data / "events.csv"]:
        original = changed.read_bytes()
        changed.write_bytes(original + b"\n")
        assert inputs_digest(package, data) != before, changed.name
        changed.write_bytes(original)
    assert inputs_digest(package, data) == before
    (package / "notes.txt").write_text("not an input")
    assert inputs_digest(package, data) == before
    # The tooling writes the pages but changes no notebook's output: it re-executes nothing.
    (package / "book" / "pdf.py").write_text("# edited\n")
    assert inputs_digest(package, data) == before


def test_a_tooling_change_rewrites_the_pages_without_rerunning_notebooks(monkeypatch, tmp_path):
    from thaw.book import sphinxext

    package = tmp_path / "thaw"
    shutil.copytree(PACKAGE_DIR, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(sphinxext, "PACKAGE_DIR", package)
    monkeypatch.setattr(sphinxext.inputs_digest, "__defaults__", (package, sphinxext.DATA))
    outputs, pages = sphinxext.inputs_digest(), sphinxext.rendering_digest()
    (package / "book" / "sphinxext.py").write_text("# edited\n")
    assert sphinxext.inputs_digest() == outputs and sphinxext.rendering_digest() != pages
