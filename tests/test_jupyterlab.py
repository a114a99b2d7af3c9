"""Students' JupyterLab: a chapter opens with its MyST rendered, runs top to bottom, and its tools work."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from thaw.site import ROOT

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
