"""The notebooks prepared for JupyterLab (thaw.book.lab, make lab): citations, glossary terms and references
that JupyterLab shows as readable, linked text, without warning marks or console errors; students' work kept;
the news prompt off."""

import copy
import html
import json
import re
import sys
import time
from pathlib import Path

import nbformat
import pytest
from playwright.sync_api import expect

from conftest import CHAPTERS
from test_jupyterlab import TOKEN, jupyterlab
from thaw.book import lab
from thaw.book.lab import UnknownReference, prepared_for_jupyterlab
from thaw.paths import ROOT

INDONESIAN_CHAPTERS = sorted((ROOT / "notebooks" / "id").glob("[0-9][0-9]-*.ipynb"))
ROLE_OR_BIBLIOGRAPHY = re.compile(r"\{(?:cite(?::\w+)?|term|numref|doc)\}`|\{bibliography\}")


def notebook(*markdown: str, code: str = "x = 1") -> nbformat.NotebookNode:
    cells = [nbformat.v4.new_markdown_cell(text) for text in markdown]
    cells.insert(1, nbformat.v4.new_code_cell(code))
    return nbformat.v4.new_notebook(cells=cells)


SOURCES = "## Sources\n\nDatasets: `a.csv`.\n\n```{bibliography}\n:filter: docname in docnames\n```"


def test_citations_are_the_books_author_year_text_linked_to_the_chapters_source_list():
    prepared = prepared_for_jupyterlab(notebook(
        "Released {cite:p}`kruglov1954`. {cite:t}`kozlov2005` tabulated it.\n\n"
        "A letter {cite:p}`smith2005,rosagr2017`; a page {cite}`bpb2004`.", SOURCES))
    text = prepared.cells[0].source
    # As the built book writes them (_build/html/notebooks/08-limits-of-the-thaw.html).
    assert re.search(r'\\\[<a href="#source-kruglov1954" title="S\. N\. Kruglov\. Report of the[^"]*">Kruglov, 1954</a>\\\]',
                     text)
    assert re.search(r'Kozlov and Mironenko \\\[<a href="#source-kozlov2005" title="[^"]+">2005</a>\\\] tabulated', text)
    assert re.search(r'\\\[<a href="#source-smith2005" [^>]+>Smith, 2005</a>, <a href="#source-rosagr2017" [^>]+>'
                     r'Rossiiskaia assotsiatsiia zhertv nezakonnykh politicheskikh repressii, 2017</a>\\\]', text)
    assert re.search(r'<a href="#source-bpb2004" [^>]+>\*Die Toten des Volksaufstandes\*, n\\\.d\\\.</a>', text)
    sources = prepared.cells[2].source
    assert "{bibliography}" not in sources and sources.startswith("## Sources\n\nDatasets: `a.csv`.")
    listed = re.findall(r'^- <a id="source-(\w+)"></a>', sources, re.M)
    # The cited works only, in the order of the book's source lists (pybtex's author_year_title sorting).
    assert listed == ["bpb2004", "kozlov2005", "kruglov1954", "smith2005", "rosagr2017"]
    assert "- <a id=\"source-kruglov1954\"></a>S\\. N\\. Kruglov\\.\n  Report of the USSR minister" in sources


def _plain(markdown: str) -> str:
    """What a reader reads of our Markdown and inline HTML."""
    text = html.unescape(re.sub(r"<[^>]+>", "", markdown))
    text = re.sub(r"(?<!\\)\[([^\]]*)\]\([^)]*\)", r"\1", text)  # a link: its text
    return " ".join(re.sub(r"\\(.)", r"\1", text).replace("*", "").split())


def _book_text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", fragment)).split())


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_citations_and_source_lists_read_as_in_the_built_book(built_site, chapter):
    page = (built_site / "notebooks" / f"{chapter.stem}.html").read_text(encoding="utf-8")
    book_citations = [_book_text(span) for span in re.findall(
        r'<span class="bibtex-citation" id="[^"]+">(.*?)</span>(?=[^<]*(?:<|$))', page)]
    sources = page[page.index('id="sources"'):]
    book_sources = [_book_text(entry) for entry in re.findall(
        r'<div class="citation" id="[^"]+" role="listitem">.*?<p>(.*?)</p>\s*</div>', sources, re.S)]
    original = nbformat.read(chapter, as_version=4)
    ours = [_plain(lab.citation(m.group("kind") or "p", lab._keys(m.group("keys"))))
            for cell in original.cells if cell.cell_type == "markdown" for m in lab.CITE.finditer(cell.source)]
    assert ours == book_citations
    prepared = prepared_for_jupyterlab(original)
    markdown = "\n".join(cell.source for cell in prepared.cells if cell.cell_type == "markdown")
    listed = re.findall(r'^- <a id="source-[\w-]+"></a>((?:.*\n  )*.*)$', markdown, re.M)
    assert [_plain(item) for item in listed] == book_sources


def test_an_unknown_citation_key_is_a_clear_error():
    with pytest.raises(UnknownReference, match=r"cell 2 .*\{cite:p\}`kruglov1954, nosuchwork2099` cites "
                                               r"nosuchwork2099, which book/references.bib does not have"):
        prepared_for_jupyterlab(notebook("Fine {cite:t}`kruglov1954`.",
                                         "Broken {cite:p}`kruglov1954, nosuchwork2099`."))


def test_glossary_terms_explain_themselves_and_are_listed_before_the_sources():
    prepared = prepared_for_jupyterlab(notebook(
        "The {term}`Gulag` emptied; {term}`the Secret Speech <Secret Speech>` followed.", SOURCES))
    text = prepared.cells[0].source
    # Its short definition (the first sentence) as hover text; the whole definition in the list.
    assert ('<a href="#term-gulag" title="The Main Administration of Camps of the NKVD, later the MVD, which ran the '
            'corrective-labour camps and colonies; by extension, the whole Soviet camp system.">'
            '<strong>Gulag</strong></a> emptied') in text
    assert re.search(r'<a href="#term-secret-speech" title="[^"]+"><strong>the Secret Speech</strong></a>', text)
    sources = prepared.cells[2].source
    assert sources.index("## Terms used in this chapter") < sources.index("## Sources")
    assert re.search(r'^- <a id="term-gulag"></a>\*\*Gulag\*\* \(\*\*Russian:\*\* ГУЛАГ[^\n]*\): The Main '
                     r'Administration of Camps[^\n]*From 2 April 1953', sources, re.M)
    with pytest.raises(UnknownReference, match=r"\{term\}`Perestroika`: no such term in book/glossary.md"):
        prepared_for_jupyterlab(notebook("{term}`Perestroika`"))


def test_indonesian_notebooks_get_the_indonesian_glossary_and_figure_word():
    prepared = prepared_for_jupyterlab(notebook(
        ":::{figure}\n:label: fig-ch99-test\nA caption.\n:::",
        "{term}`Amnesti 1953 <Amnesty of 1953>` ({numref}`fig-ch99-test`).", SOURCES), language="id")
    text = prepared.cells[2].source
    assert re.search(r'<a href="#term-amnesty-of-1953" title="Dekret Presidium Soviet Tertinggi[^"]*">'
                     r'<strong>Amnesti 1953</strong></a> \(<a href="#fig-ch99-test">Gambar 1</a>\)', text)
    terms = prepared.cells[3].source
    assert "## Istilah dalam bab ini" in terms and "Terms used" not in terms
    assert '- <a id="term-amnesty-of-1953"></a>**Amnesti 1953 (amnistiia; Amnesty)** (**Rusia:**' in terms


def test_figure_and_page_references_become_links():
    prepared = prepared_for_jupyterlab(notebook(
        "See {numref}`fig-ch99-later`, {numref}`fig-ch02-flows` and {doc}`Chapter 2 <02-emptying-the-gulag>`, "
        "{doc}`02-emptying-the-gulag`.", ":::{figure}\n:label: fig-ch99-later\nA caption.\n:::"))
    assert prepared.cells[0].source == (
        'See <a href="#fig-ch99-later">Figure 1</a>, Figure 2.2 and <a href="02-emptying-the-gulag.ipynb">Chapter 2</a>, '
        '<a href="02-emptying-the-gulag.ipynb">2. Emptying the Gulag, 1953–1960</a>.')


@pytest.mark.parametrize("path", CHAPTERS + INDONESIAN_CHAPTERS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_notebook_is_prepared_without_roles_and_leaves_its_input_and_code_alone(path):
    original = nbformat.read(path, as_version=4)
    before = copy.deepcopy(original)
    language = "id" if path.parent.name == "id" else "en"
    prepared = prepared_for_jupyterlab(original, language)
    assert original == before, "the input notebook was changed"
    assert [c for c in prepared.cells if c.cell_type != "markdown"] == [
        c for c in original.cells if c.cell_type != "markdown"], "code cells must stay byte-identical"
    assert [c.get("id") for c in prepared.cells] == [c.get("id") for c in original.cells]
    left = [c.source for c in prepared.cells if c.cell_type == "markdown" and ROLE_OR_BIBLIOGRAPHY.search(c.source)]
    assert not left, f"roles left for JupyterLab to fail on: {left[0][:200]}"


def test_make_lab_never_overwrites_a_students_work(tmp_path):
    chapters = CHAPTERS[:2]
    assert lab.prepare(tmp_path, sources=chapters) == []
    worked_on, opened = (tmp_path / c.name for c in chapters)
    prepared_text = opened.read_text(encoding="utf-8")
    work = json.loads(worked_on.read_text(encoding="utf-8"))
    work["cells"][1]["source"] = "my own answer"
    worked_on.write_text(json.dumps(work), encoding="utf-8")
    # Only opened and saved by JupyterLab: its kernel fills in language_info, and the file is laid out anew.
    seen = json.loads(opened.read_text(encoding="utf-8"))
    seen["metadata"]["language_info"] = {"name": "python", "version": "3.11.7", "file_extension": ".py"}
    opened.write_text(json.dumps(seen, indent=2), encoding="utf-8")
    kept = lab.prepare(tmp_path, sources=chapters)
    assert kept == [f"{worked_on}: kept as it is (changed since it was prepared; delete it for a fresh copy)"]
    assert "my own answer" in worked_on.read_text(encoding="utf-8")
    assert opened.read_text(encoding="utf-8") == prepared_text, "a notebook as last prepared is prepared again"
    worked_on.unlink()
    assert lab.prepare(tmp_path, sources=chapters) == [] and worked_on.exists(), "a missing notebook is written"


def test_the_news_prompt_is_off_for_make_lab_and_binder(tmp_path):
    schema = json.loads((Path(sys.prefix) / "share/jupyter/lab/schemas/@jupyterlab/apputils-extension/"
                         "notification.json").read_text(encoding="utf-8"))["properties"]
    settings = json.loads(lab.SETTINGS_OVERRIDES.read_text(encoding="utf-8"))
    assert settings == {"@jupyterlab/apputils-extension:notification": {"fetchNews": "false",
                                                                        "checkForUpdates": False}}
    assert {"const": "false", "title": "Never"} in schema["fetchNews"]["oneOf"]
    assert schema["checkForUpdates"]["type"] == "boolean"
    installed = lab.install_settings(tmp_path)
    assert installed == tmp_path / "share/jupyter/lab/settings/overrides.json"
    assert json.loads(installed.read_text(encoding="utf-8")) == settings
    # The one file, installed by the Makefile's install step and by Binder's postBuild.
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "$(LAB_SETTINGS): jupyterlab/overrides.json" in makefile and "--install-settings $(VENV)" in makefile
    assert re.search(r"^test: .*\$\(LAB_SETTINGS\)", makefile, re.M)
    post_build = ROOT / "postBuild"
    assert post_build.stat().st_mode & 0o111, "postBuild must be executable"
    assert "-m thaw.book.lab --install-settings" in post_build.read_text(encoding="utf-8")


# --- In JupyterLab ----------------------------------------------------------------------------

#: How jupyterlab-myst marks what it cannot resolve: a yellow warning sign titled "Citation Not Found" or
#: "Cross Reference Not Found" (a span.text-yellow-600).
WARNING_MARK = "[title$='Not Found'], .text-yellow-600"


#: Shuts down the current notebook's kernel and closes it once JupyterLab is done talking to the kernel. Shut
#: down earlier, JupyterLab cancels its own pending requests and logs them as console errors ("Could not restore
#: the debugger state: Canceled future for debug_request", "Canceled future for create_subshell_request"): the
#: debugger asks the kernel for its state after the kernel starts, and again after it enables its button.
CLOSE_WHEN_SETTLED = """async () => {
  const widget = window.jupyterapp.shell.currentWidget;
  const context = widget.sessionContext;
  await context.ready;
  const kernel = context.session && context.session.kernel;
  const deadline = performance.now() + 60000;
  const pause = () => new Promise(resolve => setTimeout(resolve, 50));
  if (kernel) {
    await kernel.info;
    while (!widget.node.querySelector(".jp-DebuggerBugButton[aria-disabled='false']")) {
      if (performance.now() > deadline) throw new Error('the debugger did not finish with the kernel');
      await pause();
    }
    // No request waiting for a reply (kernel._futures: JupyterLab's own pending requests) for 300 ms.
    let quietSince = performance.now();
    while (performance.now() - quietSince < 300) {
      if (performance.now() > deadline) throw new Error('the kernel did not settle');
      if (kernel.status !== 'idle' || kernel._futures.size > 0) quietSince = performance.now();
      await pause();
    }
  }
  await context.shutdown();
  widget.dispose();
}"""


@pytest.fixture(scope="module")
def prepared_lab(tmp_path_factory, browser):
    """JupyterLab on the chapters prepared as make lab prepares them, with the course's settings installed as
    make and postBuild install them; a page with JupyterLab loaded once (window.jupyterapp opens the notebooks)."""
    home = tmp_path_factory.mktemp("prepared-lab")
    lab.prepare(home / "course" / "lab", "en")
    lab.prepare(home / "course" / "lab" / "id", "id", sources=INDONESIAN_CHAPTERS)
    settings = lab.install_settings(home / "prefix").parent
    with jupyterlab(home, f"--LabApp.app_settings_dir={settings}", "--LabApp.expose_app_in_browser=True") as base:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        problems = []
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.goto(f"{base}/lab?token={TOKEN}&reset")
        page.wait_for_function("() => window.jupyterapp !== undefined", timeout=60_000)
        page.evaluate("async () => { await window.jupyterapp.started; await window.jupyterapp.restored; }")
        yield page, problems
        page.close()


@pytest.mark.parametrize("language", ["en", "id"])
def test_every_prepared_chapter_opens_in_jupyterlab_without_warning_marks_console_errors_or_news_prompt(
        prepared_lab, language):
    page, problems = prepared_lab
    started = time.monotonic()
    chapters = CHAPTERS if language == "en" else INDONESIAN_CHAPTERS
    for path in chapters:
        name = f"lab/{path.name}" if language == "en" else f"lab/id/{path.name}"
        before = len(problems)
        page.evaluate("async path => { await window.jupyterapp.commands.execute('docmanager:open', {path}); }", name)
        notebook = page.locator(".jp-NotebookPanel:visible .jp-Notebook")
        expect(notebook).to_have_count(1)
        # Rendered to the end: the source list is in the chapter's last Markdown cell.
        expect(notebook.locator("[data-jupyter-id^='source-']").first).to_be_attached(timeout=60_000)
        expect(notebook.locator(WARNING_MARK)).to_have_count(0)
        expect(notebook.locator("a[href^='#source-']").first).to_be_attached()  # the citations, linked
        assert problems[before:] == [], f"{name}: console errors:\n" + "\n".join(problems[before:][:10])
        # Closed without saving (its kernel filled in metadata), so the next one is alone in the page.
        page.evaluate(CLOSE_WHEN_SETTLED)
    page.wait_for_timeout(2000)  # JupyterLab asks about news a moment after it starts
    expect(page.get_by_text("official Jupyter news")).to_have_count(0)
    print(f"{len(chapters)} chapters ({language}) checked in {time.monotonic() - started:.0f} s")


def test_binders_postbuild_option_prepares_the_notebooks_in_place(tmp_path, monkeypatch, capsys):
    copies = []
    for path in CHAPTERS[:2]:
        copies.append(tmp_path / path.name)
        copies[-1].write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(lab, "source_notebooks", lambda language: copies)
    lab.main(["--in-place"])
    for copy_ in copies:
        prepared = nbformat.read(copy_, as_version=4)
        assert not any(ROLE_OR_BIBLIOGRAPHY.search(c.source) for c in prepared.cells if c.cell_type == "markdown")
    assert "--in-place" in (ROOT / "postBuild").read_text(encoding="utf-8")
    with pytest.raises(SystemExit):
        lab.main([])  # neither a folder nor an option: an error, not a silent in-place run
    assert "give OUT_DIR, --in-place or --install-settings" in capsys.readouterr().err
