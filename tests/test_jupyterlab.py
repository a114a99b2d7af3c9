"""Students' JupyterLab: a chapter opens with its MyST rendered and its charts drawn, and its tools work
in a live kernel; a JupyterHub launch link (nbgitpuller) brings the course into a student's server and
opens the chapter.

No chapter runs top to bottom here: the build ran every chapter (tests/test_notebooks.py checks that
it ran cleanly), and JupyterLab is given chapter 2 with the build's outputs, as a student has it after
"Run All". Only the cells that make a live kernel's tools (the explorer, the self-check) run again.
"""

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import nbformat
import pytest
import yaml
from playwright.sync_api import expect

from conftest import CHAPTERS
from thaw.quiz import self_check_questions
from thaw.paths import ROOT

TOKEN = "thaw-course-test"


EXPLORED = "02-emptying-the-gulag.ipynb"  # the chapter whose tools the test uses in JupyterLab


def with_build_outputs(notebook):
    """The chapter with the outputs the build made, as after a "Run All", but every prompt blank.

    Blank prompts let the test see the cells it runs itself; no widget state is kept, so a widget
    can only come from the live kernel.
    """
    notebook.metadata.pop("widgets", None)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.execution_count = None
            for output in cell.outputs:
                if "execution_count" in output:
                    output.execution_count = None
    return notebook


@contextlib.contextmanager
def jupyterlab(home: Path, *options: str):
    """A JupyterLab server on ``home / "course"``, with no user settings or workspace from earlier runs; yields
    its address. ``options`` are more of its command-line options."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    jupyter = Path(sys.executable).parent / "jupyter"
    server = subprocess.Popen(
        [str(jupyter), "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}", "--allow-root",
         f"--IdentityProvider.token={TOKEN}", f"--ServerApp.root_dir={home / 'course'}",
         f"--LabApp.user_settings_dir={home / 'settings'}", f"--LabApp.workspaces_dir={home / 'workspaces'}",
         *options],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:  # bounded polling: the server answers, or exits, or the minute is up
            try:
                urllib.request.urlopen(f"{base}/api/status?token={TOKEN}", timeout=2)
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("JupyterLab did not start")
                time.sleep(0.2)
        yield base
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


@pytest.fixture(scope="module")
def lab_url(tmp_path_factory, executed_notebooks):
    home = tmp_path_factory.mktemp("lab-home")
    # Lab autosaves outputs into the notebooks it runs: give it copies, never the course's own.
    shutil.copytree(ROOT / "notebooks", home / "course" / "notebooks")
    nbformat.write(with_build_outputs(executed_notebooks(ROOT / "notebooks" / EXPLORED)),
                   home / "course" / "notebooks" / EXPLORED)
    with jupyterlab(home) as base:
        yield base


#: Starts asking the server, four times a second, whether the notebook's kernel is idle and JupyterLab
#: is connected to it (the server counts the connection): before that, cells given to run are silently
#: not run. Sets window.thawKernelConnected when it is. (wait_for_function does not wait for a promise,
#: so the asking runs in the page and the test waits for the flag.)
WATCH_KERNEL = """([token, notebook]) => {
    const ask = async () => {
        const response = await fetch(`/api/sessions?token=${token}`);
        const sessions = response.ok ? await response.json() : [];
        if (sessions.some(session => session.path.endsWith(notebook) && session.kernel
                && session.kernel.connections > 0 && session.kernel.execution_state === 'idle')) {
            window.thawKernelConnected = true;
        } else {
            setTimeout(ask, 250);
        }
    };
    ask();
}"""


def open_notebook(page, lab_url, notebook):
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(f"{lab_url}/lab/tree/notebooks/{notebook}?token={TOKEN}")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    page.evaluate(WATCH_KERNEL, [TOKEN, notebook])
    page.wait_for_function("() => window.thawKernelConnected === true", timeout=60_000)


def code_cell(page, text):
    """The notebook's one code cell whose source contains ``text``."""
    cell = page.locator(".jp-Notebook .jp-CodeCell").filter(
        has=page.locator(".jp-InputArea-editor", has_text=text))
    expect(cell).to_have_count(1)
    return cell


def run_cell(page, cell, number):
    """Run one cell (Shift+Enter, as a student does) and wait until its prompt shows that it ran."""
    cell.locator(".jp-InputArea-editor").click()
    page.keyboard.press("Shift+Enter")
    expect(cell.locator(".jp-InputPrompt")).to_have_text(re.compile(rf"\[{number}\]"), timeout=60_000)


def test_a_chapter_renders_its_myst_and_charts_and_its_tools_work_in_a_live_kernel(page, lab_url):
    open_notebook(page, lab_url, EXPLORED)
    notebook = page.locator(".jp-Notebook")
    # MyST rendered, not raw: at least three admonitions, and no directive left as text.
    expect(notebook.locator("aside.admonition, div.admonition, [class*='admonition']").nth(2)).to_be_attached()
    expect(notebook.locator(".jp-MarkdownOutput").get_by_text("```{")).to_have_count(0)
    page.wait_for_function("document.querySelectorAll('.jp-Notebook .js-plotly-plot').length >= 5",
                           timeout=60_000)  # the chapter's five charts, drawn by JupyterLab's Plotly renderer

    # The explorer needs the kernel: run the chapter's imports, then the explorer's own cell.
    run_cell(page, code_cell(page, "import ch02_emptying_the_gulag as gulag"), 1)
    explorer_cell = code_cell(page, "gulag.build_explorer()")
    run_cell(page, explorer_cell, 2)
    explorer = explorer_cell.locator(".widget-dropdown select").first
    explorer.scroll_into_view_if_needed()
    explorer.select_option(label='Political prisoners ("counter-revolutionary crimes")')
    expect(explorer_cell.get_by_text("From 1 Jan 1953 to 1 Apr 1959 the number fell from 467,946 to 11,027")
           ).to_be_visible(timeout=20_000)

    # The self-check quiz works in JupyterLab too (output made in the session is trusted, so its
    # script runs) and keeps choices.
    run_cell(page, code_cell(page, 'self_check("02")'), 3)
    assert notebook.locator("[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
    questions = self_check_questions("02")
    quiz = notebook.locator('form.thaw-quiz[data-quiz-id="self-check-02"]')
    expect(quiz).to_have_attribute("data-ready", "true")
    first = questions[0]
    item = quiz.locator(f'[data-key="{first.key}"]')
    item.scroll_into_view_if_needed()
    item.get_by_label(dict(first.options)[first.answer], exact=True).check()
    item.locator(".thaw-quiz-check").click()
    expect(item.locator(".thaw-quiz-feedback")).to_have_text("Matches the course's answer.")
    expect(item.locator(".thaw-quiz-explanation")).to_contain_text("Source:")
    stored = page.evaluate("() => JSON.parse(localStorage.getItem('thaw-quiz:self-check-02'))")
    assert stored["checked"] == {first.key: first.answer}


HUB = "https://hub.example.edu"  # stands for a department's hub; the test plays its part below
REPOSITORY = "https://github.com/thaw-course/khrushchev-thaw"


@pytest.fixture(scope="module")
def hub_built_site(tmp_path_factory):
    """A small book built as `make book HUB_URL=…` builds the course: the course's configuration and
    sphinx extension, one page for each chapter at the chapter's path (its title only: the button
    depends on the configuration and the page's path, not on what the chapter says)."""
    book = tmp_path_factory.mktemp("hub-book")
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    config["execute"]["execute_notebooks"] = "off"  # nothing to run: the pages have no code
    (book / "_config.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    shutil.copytree(ROOT / "book", book / "book", ignore=shutil.ignore_patterns("*.ipynb", "*.md"))
    (book / "intro.md").write_text("# The JupyterHub button\n", encoding="utf-8")
    (book / "notebooks").mkdir()
    for chapter in CHAPTERS:
        full = nbformat.read(chapter, as_version=4)
        title = nbformat.v4.new_markdown_cell(full.cells[0].source.splitlines()[0])
        nbformat.write(nbformat.v4.new_notebook(cells=[title], metadata=full.metadata), book / "notebooks" / chapter.name)
    toc = {"format": "jb-book", "root": "intro", "chapters": [{"file": f"notebooks/{c.stem}"} for c in CHAPTERS]}
    (book / "_toc.yml").write_text(yaml.safe_dump(toc), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "thaw.book.build", str(book)],
                            env={**os.environ, "THAW_HUB_URL": HUB}, capture_output=True, text=True)
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    return book / "_build" / "html"


def hub_link(site: Path, chapter: str) -> str:
    html = (site / "notebooks" / f"{chapter}.html").read_text(encoding="utf-8")
    links = re.findall(r'href="(' + re.escape(HUB) + r'/hub/user-redirect/git-pull\?[^"]+)"', html)
    assert len(links) == 1, f"{chapter}: expected one JupyterHub launch button"
    return links[0].replace("&amp;", "&")


def test_every_chapter_has_a_jupyterhub_button_when_the_build_names_a_hub(hub_built_site):
    for chapter in CHAPTERS:
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(hub_link(hub_built_site, chapter.stem)).query)
        assert query == {"repo": [REPOSITORY], "branch": ["main"],
                         "urlpath": [f"lab/tree/khrushchev-thaw/notebooks/{chapter.name}"]}


def test_the_course_build_names_no_hub_and_has_no_jupyterhub_button(built_site):
    for chapter in CHAPTERS:
        html = (built_site / "notebooks" / f"{chapter.stem}.html").read_text(encoding="utf-8")
        assert "/hub/user-redirect/" not in html, f"{chapter.name}: no hub named, no JupyterHub button"


def test_a_hub_address_is_checked_and_added_to_the_launch_buttons(monkeypatch):
    """The configuration hook itself (the builds above show its effect on the pages)."""
    from types import SimpleNamespace

    from thaw.book.sphinxext.launch import HUB_URL_VARIABLE, _set_jupyterhub_url

    config = SimpleNamespace(html_theme_options={"launch_buttons": {"binderhub_url": "https://mybinder.org"}})
    monkeypatch.delenv(HUB_URL_VARIABLE, raising=False)
    _set_jupyterhub_url(None, config)
    assert config.html_theme_options == {"launch_buttons": {"binderhub_url": "https://mybinder.org"}}
    for wrong in ("hub.example.edu", "https://hub.example.edu?next=/", "ftp://hub.example.edu"):
        monkeypatch.setenv(HUB_URL_VARIABLE, wrong)
        with pytest.raises(ValueError, match="is not a hub address like https://hub.example.edu"):
            _set_jupyterhub_url(None, config)
    monkeypatch.setenv(HUB_URL_VARIABLE, " https://hub.example.edu/ ")
    _set_jupyterhub_url(None, config)
    assert config.html_theme_options == {"launch_buttons": {"binderhub_url": "https://mybinder.org",
                                                            "jupyterhub_url": "https://hub.example.edu"}}


def test_the_jupyterhub_link_pulls_the_course_and_opens_the_chapter(page, lab_url, hub_built_site, tmp_path):
    # The repository as the hub would clone it (GitHub is out of reach here): a copy of this one.
    remote = tmp_path / "khrushchev-thaw"
    subprocess.run(["git", "clone", "--quiet", "--bare", str(ROOT), str(remote)], check=True)
    link = hub_link(hub_built_site, "04-rehabilitation-and-return")
    # A hub sends /hub/user-redirect/... to the student's own server: here, the test's JupyterLab.
    link = link.replace(f"{HUB}/hub/user-redirect/", f"{lab_url}/")
    link = link.replace(urllib.parse.quote(REPOSITORY, safe="/"), urllib.parse.quote(remote.as_uri(), safe="/"))
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(f"{link}&token={TOKEN}")
    page.wait_for_url("**/lab/tree/khrushchev-thaw/notebooks/04-rehabilitation-and-return.ipynb*", timeout=120_000)
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    expect(page.locator(".jp-Notebook:visible h1").first).to_contain_text(
        "4. Rehabilitation and return", timeout=30_000)
