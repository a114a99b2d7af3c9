"""The build's execution cache: filled in parallel before Jupyter Book runs; a notebook runs again when its inputs change."""

import shutil

import nbformat
from jupyter_cache import get_cache
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from thaw.book import cache
from thaw.book.build import pre_execute


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


def test_only_the_notebooks_whose_inputs_changed_run_again(tmp_path, monkeypatch):
    """Editing a chapter module re-runs the notebooks that import it; the core and data re-run all; tooling none
    but the page that uses it, which a chapter's change re-runs too."""
    package, data, book = tmp_path / "thaw", tmp_path / "data", tmp_path / "book"
    shutil.copytree(cache.PACKAGE_DIR, package, ignore=shutil.ignore_patterns("__pycache__"))
    data.mkdir()
    (data / "events.csv").write_text("id\ne01\n")
    monkeypatch.setattr(cache, "PACKAGE_DIR", package)
    monkeypatch.setattr(cache, "DATA", data)
    monkeypatch.setattr(cache.core_digest, "__defaults__", (package, data))
    monkeypatch.setattr(cache.notebook_key, "__defaults__", (package,))
    monkeypatch.setattr(cache.chapter_modules, "__defaults__", (package,))
    chapters = tmp_path / "notebooks"
    chapters.mkdir()
    (chapters / "01-after-stalin.ipynb").write_text("{}")
    monkeypatch.setattr(cache, "CHAPTERS_DIR", chapters)
    book.mkdir()
    small_book(book, {"intro": "print(1)",
                      "gulag": "from thaw.chapters import ch02_emptying_the_gulag as gulag\ngulag.population_figure()",
                      "pows": "from thaw.chapters import ch05_prisoners_of_war as pows",
                      "guide": "from thaw.book import assignments"})  # reads the chapters, with the tooling
    notebooks = [book / f"{name}.ipynb" for name in ("intro", "gulag", "pows", "guide")]
    cache_dir = tmp_path / ".jupyter_cache"

    def stale():
        return [p.stem for p in cache.refresh(cache_dir, notebooks, book)[1]]

    everything = ["intro", "gulag", "pows", "guide"]
    assert stale() == everything  # never run
    assert stale() == []
    for edited, expected in [(package / "chapters" / "ch02_emptying_the_gulag.py", ["gulag"]),
                             (package / "book" / "pdf.py", ["guide"]),
                             (chapters / "01-after-stalin.ipynb", ["guide"]),
                             (package / "charts.py", everything),
                             (package / "self_checks.yml", everything),
                             (data / "events.csv", everything)]:
        original = edited.read_bytes()
        edited.write_bytes(original + b"\n")
        assert stale() == expected, edited.name
        edited.write_bytes(original)
        stale()
    (package / "notes.txt").write_text("not an input")
    assert stale() == []


def test_a_stale_notebook_loses_its_cached_outputs(tmp_path, monkeypatch):
    small_book(tmp_path, {"intro": "print(6 * 7)"})
    pre_execute(tmp_path, tmp_path)
    cache_dir = tmp_path / "_build" / ".jupyter_cache"
    assert len(get_cache(str(cache_dir)).list_cache_records()) == 1
    (cache_dir / cache.STAMP).write_text('{"intro.ipynb": "made with an older package"}')
    _, stale = cache.refresh(cache_dir, [tmp_path / "intro.ipynb"], tmp_path)
    assert [p.name for p in stale] == ["intro.ipynb"]
    assert get_cache(str(cache_dir)).list_cache_records() == []


def test_a_tooling_change_rewrites_the_pages_without_rerunning_notebooks(monkeypatch, tmp_path):
    package = tmp_path / "thaw"
    shutil.copytree(cache.PACKAGE_DIR, package, ignore=shutil.ignore_patterns("__pycache__"))
    core, pages = cache.core_digest(package), cache.pages_digest(package)
    (package / "book" / "sphinxext" / "charts.py").write_text("# edited\n")
    assert cache.core_digest(package) == core and cache.pages_digest(package) != pages
    (package / "chapters" / "ch02_emptying_the_gulag.py").write_text("# edited\n")
    assert cache.pages_digest(package) != pages and cache.core_digest(package) == core  # its page goes stale via refresh


def test_the_build_and_the_tests_run_kernels_whose_shell_channel_polls_every_second():
    from thaw.book.build import PromptKernelManager, PromptShellChannel

    client = PromptKernelManager(kernel_name="python3").client()
    assert client.shell_channel_class is PromptShellChannel


def test_a_reply_is_looked_for_every_second_until_the_timeout(monkeypatch):
    """One long poll can miss a reply that has arrived (nbclient issue 312); a poll every second sees it."""
    import asyncio
    from queue import Empty

    import pytest
    from jupyter_client.channels import AsyncZMQSocketChannel

    from thaw.book.build import PromptShellChannel

    waits, reply_on = [], []

    async def poll(self, timeout=None):  # the channel's own poll, without a kernel
        waits.append(timeout)
        if len(waits) in reply_on:
            return {"msg_type": "execute_reply"}
        await asyncio.sleep(timeout if not reply_on else 0)
        raise Empty

    monkeypatch.setattr(AsyncZMQSocketChannel, "get_msg", poll)
    channel = PromptShellChannel.__new__(PromptShellChannel)  # no socket needed: the poll is replaced
    reply_on.append(3)
    assert asyncio.run(channel.get_msg(timeout=300)) == {"msg_type": "execute_reply"}
    assert waits == [1.0, 1.0, 1.0], "looked again every second, not once for 300 s"

    waits.clear(), reply_on.clear()
    with pytest.raises(Empty):  # no reply at all: Empty at the timeout, as before
        asyncio.run(channel.get_msg(timeout=1.2))
    assert len(waits) == 2 and waits[0] == 1.0 and waits[1] <= 0.25, waits
