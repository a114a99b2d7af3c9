"""Students' JupyterLab: a chapter opens with its MyST rendered, runs top to bottom, and its tools work;
a JupyterHub launch link (nbgitpuller) brings the course into a student's server and opens the chapter."""

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

import pytest
from playwright.sync_api import expect

from conftest import CHAPTERS
from thaw.quiz import self_check_questions
from thaw.paths import ROOT

TOKEN = "thaw-course-test"


@pytest.fixture(scope="module")
def lab_url(tmp_path_factory):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    home = tmp_path_factory.mktemp("lab-home")  # no user settings, no workspace from earlier runs
    # Lab autosaves outputs into the notebooks it runs: give it copies, never the course's own.
    shutil.copytree(ROOT / "notebooks", home / "course" / "notebooks")
    jupyter = Path(sys.executable).parent / "jupyter"
    server = subprocess.Popen(
        [str(jupyter), "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}", "--allow-root",
         f"--IdentityProvider.token={TOKEN}", f"--ServerApp.root_dir={home / 'course'}",
         f"--LabApp.user_settings_dir={home / 'settings'}", f"--LabApp.workspaces_dir={home / 'workspaces'}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{base}/api/status?token={TOKEN}", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("JupyterLab did not start")
        yield base
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def open_and_run(page, lab_url, notebook):
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(f"{lab_url}/lab/tree/notebooks/{notebook}?token={TOKEN}")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    # Run All only once the kernel is connected, or the cells are silently not run.
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status=idle]", state="attached", timeout=60_000)
    page.wait_for_timeout(1500)
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_text("Run All Cells", exact=True).click()
    # The last cell has run when the kernel is idle again and every code cell has a number.
    page.wait_for_function("""() => {
        const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')];
        return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
    }""", timeout=240_000)


def test_a_chapter_renders_its_myst_and_runs_with_charts_and_widgets(page, lab_url):
    open_and_run(page, lab_url, "02-emptying-the-gulag.ipynb")
    notebook = page.locator(".jp-Notebook")
    assert notebook.locator("aside.admonition, div.admonition, [class*='admonition']").count() >= 3
    assert notebook.locator(".jp-MarkdownOutput").get_by_text("```{").count() == 0  # MyST rendered, not raw
    assert notebook.locator("[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
    page.wait_for_function("document.querySelectorAll('.jp-Notebook .js-plotly-plot').length >= 5",
                           timeout=60_000)  # the chapter's five charts, drawn by JupyterLab's Plotly renderer
    explorer = notebook.locator(".widget-dropdown select").first
    explorer.scroll_into_view_if_needed()
    explorer.select_option(label='Political prisoners ("counter-revolutionary crimes")')
    expect(notebook.get_by_text("From 1 Jan 1953 to 1 Apr 1959 the number fell from 467,946 to 11,027")).to_be_visible(
        timeout=20_000)

    # The self-check quiz works in JupyterLab too (trusted output runs its script) and keeps choices.
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
def hub_built_site(tmp_path_factory, built_site):
    """The book as `make book HUB_URL=…` builds it, into a separate folder (reusing the main build's caches)."""
    output = tmp_path_factory.mktemp("hub-build")
    shutil.copytree(ROOT / "_build", output / "_build",
                    ignore=shutil.ignore_patterns("html", "student", "screenshots", "*.pdf", "*.zip"))
    result = subprocess.run([sys.executable, "-m", "thaw.book.build", str(ROOT), "--path-output", str(output)],
                            env={**os.environ, "THAW_HUB_URL": HUB}, capture_output=True, text=True)
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    return output / "_build" / "html"


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
    default_build = (ROOT / "_build" / "html" / "notebooks" / f"{CHAPTERS[0].stem}.html").read_text(encoding="utf-8")
    assert "/hub/user-redirect/" not in default_build, "no hub named, no JupyterHub button"


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
