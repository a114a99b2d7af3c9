"""The book's Plotly renderer: self-contained HTML, and a clear failure for what cannot draw offline."""

import json
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import nbformat
import plotly
import pytest

from thaw.book.sphinxext.charts import BUNDLED_TRACES, PLOTLY_BUNDLE, STATIC_DIR, ChartError, PlotlyMimeRenderer
from thaw.book.sphinxext.notes import KERNEL_NOTE, explorer_note

MIME = "application/vnd.plotly.v1+json"


def render(figure, cell=3):
    output = SimpleNamespace(mime_type=MIME, content=figure, cell_index=cell, output_index=0)
    return PlotlyMimeRenderer.handle_mime(None, output, inline=False)


def test_vendored_bundle_matches_the_plotly_package():
    """The figure JSON is written by plotly.py for one plotly.js version: serve exactly that one."""
    def version(text):
        return re.search(r"plotly\.js (?:\(\w+ - minified\) )?v(\d+\.\d+\.\d+)", text[:400]).group(1)
    full = (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").read_text(encoding="utf-8")
    ours = (STATIC_DIR / PLOTLY_BUNDLE).read_text(encoding="utf-8")
    assert version(ours) == version(full)


def test_a_figure_becomes_a_container_and_its_json():
    figure = {"data": [{"type": "bar", "x": ["a"], "y": [1]}],
              "layout": {"height": 300, "title": {"text": "T"}, "meta": {"alt": "A bar of height one."},
                         "annotations": [{"text": "</script><b>"}]}}
    html = render(figure)[0].astext()
    assert 'role="figure" aria-label="A bar of height one."' in html
    assert "height:300px" in html
    payload = re.search(r'<script type="application/json"[^>]*>(.*)</script>', html, re.S).group(1)
    assert "</script>" not in payload  # cannot end the script element early
    assert json.loads(payload.replace("<\\/", "</")) == figure


def test_a_trace_outside_the_bundle_fails_with_a_reason():
    assert "scattergeo" not in BUNDLED_TRACES
    with pytest.raises(ChartError, match=r"cell 7: trace type\(s\) scattergeo .*thaw.maps"):
        render({"data": [{"type": "scattergeo", "lat": [1], "lon": [2]}], "layout": {}}, cell=7)


def test_the_data_table_is_rendered_under_the_chart():
    figure = {"data": [{"type": "bar", "x": ["a"], "y": [1]}],
              "layout": {"meta": {"alt": "One bar.", "table": {"columns": ["label", "count"],
                                                               "rows": [["a <b>", "1"]]}}}}
    html = render(figure)[0].astext()
    assert '<details class="thaw-chart-table"><summary>Data table for this chart</summary>' in html
    assert "<caption>One bar.</caption>" in html and "<th scope='col'>label</th>" in html
    assert "<td>a &lt;b&gt;</td>" in html


# --- Figures and book-only notes -------------------------------------------------------------

def chart_output(alt: str) -> dict:
    figure = {"data": [{"type": "bar", "x": ["a", "b"], "y": [1, 2]}],
              "layout": {"height": 200, "meta": {"alt": alt, "table": {"columns": ["x", "y"], "rows": [["a", "1"]]}}}}
    return nbformat.v4.new_output("display_data", data={MIME: figure})


def chapter_cells(caption_second_chart: bool = True) -> list:
    first = nbformat.v4.new_code_cell("chart()", metadata={"tags": ["hide-input"]}, outputs=[chart_output(
        "A first chart, two bars of heights one and two.")])
    second = nbformat.v4.new_code_cell("chart()", metadata={"tags": ["hide-input"]}, outputs=[chart_output(
        "A second chart, two bars of heights one and two.")])
    explorer = nbformat.v4.new_code_cell("build_explorer()", metadata={
        "tags": ["remove-output"],
        "thaw": {"explorer": {"in_the_book": "use the buttons of {numref}`fig-ch02-second` below."}}})
    cells = [nbformat.v4.new_markdown_cell("# 2. A chapter\n\nAs {numref}`fig-ch02-second` shows, and "
                                           "{numref}`fig-ch02-first` too."),
             first,
             nbformat.v4.new_markdown_cell(":::{figure}\n:label: fig-ch02-first\nThe first caption, *in italics*."
                                           "\n*Source:* somewhere.\n:::\n\nProse after the caption."),
             explorer, second]
    if caption_second_chart:
        cells.append(nbformat.v4.new_markdown_cell(":::{figure}\n:label: fig-ch02-second\nThe second caption."
                                                   "\n*Source:* elsewhere.\n:::"))
    return cells


def tiny_book(root: Path, cells: list) -> None:
    (root / "_config.yml").write_text(
        "title: Tiny\nexecute:\n  execute_notebooks: 'off'\nsphinx:\n  extra_extensions: [thaw.book.sphinxext]\n"
        "  config:\n    numfig: true\n    numfig_format:\n      figure: 'Figure %s'\n", encoding="utf-8")
    (root / "_toc.yml").write_text("format: jb-book\nroot: index\nchapters:\n  - file: notebooks/02-chapter\n"
                                   "  - file: notes\n", encoding="utf-8")
    (root / "index.md").write_text("# Tiny\n\nSee {numref}`fig-ch02-first` in the chapter.\n", encoding="utf-8")
    (root / "notes.md").write_text("# Notes\n\nAs {numref}`fig-ch02-first` shows.\n", encoding="utf-8")
    write_chapter(root, cells)


def write_chapter(root: Path, cells: list) -> None:
    (root / "notebooks").mkdir(exist_ok=True)
    notebook = nbformat.v4.new_notebook(cells=cells, metadata={"kernelspec": {
        "name": "python3", "display_name": "Python 3", "language": "python"}})
    nbformat.write(notebook, root / "notebooks" / "02-chapter.ipynb")


def build(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "thaw.book.build", str(root)], capture_output=True, text=True)


@pytest.mark.slow
def test_a_chart_and_the_caption_cell_under_it_become_one_numbered_figure(tmp_path):
    tiny_book(tmp_path, chapter_cells())
    result = build(tmp_path)
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    html = (tmp_path / "_build" / "html" / "notebooks" / "02-chapter.html").read_text(encoding="utf-8")
    figures_html = re.findall(r'<figure class="thaw-figure[^"]*" id="(fig-ch02-\w+)">(.*?)</figure>', html, re.S)
    assert [name for name, _ in figures_html] == ["fig-ch02-first", "fig-ch02-second"]
    for number, (name, body) in enumerate(figures_html, start=1):
        # The chart, its data table, then the caption with its number: all inside the figure.
        assert body.index('class="thaw-chart"') < body.index("thaw-chart-table") < body.index("<figcaption>")
        assert f'<span class="caption-number">Figure 2.{number}. </span>' in body
    assert "<em>in italics</em>" in figures_html[0][1] and "Prose after the caption" not in figures_html[0][1]
    assert html.count("Figure 2.") == 2 + 3  # two captions; two references in the prose, one in the note
    assert re.search(r'<a class="reference internal" href="#fig-ch02-second"><span class="std std-numref">'
                     r'Figure 2\.2</span></a> shows', html)
    index = (tmp_path / "_build" / "html" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'href="notebooks/02-chapter.html#fig-ch02-first"><span class="std std-numref">Figure 2\.1<', index)
    # The note under the explorer is the book's own, once, right after its code.
    note = html.index("The explorer needs a running Python kernel, so this page shows only its code.")
    assert html.index("build_explorer") < note < html.index('id="fig-ch02-second"')
    assert "Here in the book, use the buttons of" in html[note:]
    assert html.count("needs a running Python kernel") == 1
    assert 'thaw-figures.css?v=' in html and (tmp_path / "_build" / "html" / "_static" / "thaw-figures.css").exists()


@pytest.mark.slow
def test_a_chart_without_its_caption_cell_fails_the_build(tmp_path):
    cells = chapter_cells(caption_second_chart=False)
    cells.insert(1, nbformat.v4.new_markdown_cell(":::{figure}\n:label: fig-ch02-lost\nNo chart above.\n:::"))
    tiny_book(tmp_path, cells)
    result = build(tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "this figure caption does not follow a chart" in output
    assert "a chart without a caption" in output


def test_the_explorer_note_has_one_wording():
    assert explorer_note({"tags": ["remove-output"]}) is None
    assert explorer_note({"thaw": {"explorer": {"name": "claim checker", "in_the_book": "use the quiz below."}}}) == (
        "```{note}\nThe claim checker needs a running Python kernel, so this page shows only its code.\n"
        "Here in the book, use the quiz below.\n```")
    assert KERNEL_NOTE.startswith("The {name} needs a running Python kernel")


@pytest.mark.slow
def test_a_new_figure_renumbers_the_others_and_the_pages_that_refer_to_them(tmp_path):
    tiny_book(tmp_path, chapter_cells())
    assert build(tmp_path).returncode == 0
    cells = chapter_cells()
    cells[1:1] = [nbformat.v4.new_code_cell("chart()", metadata={"tags": ["hide-input"]}, outputs=[chart_output(
                      "A new first chart, two bars of heights one and two.")]),
                  nbformat.v4.new_markdown_cell(":::{figure}\n:label: fig-ch02-new\nA new chart.\n*Source:* here.\n:::")]
    write_chapter(tmp_path, cells)
    result = build(tmp_path)  # an incremental build: only the chapter is read again
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    assert "reading sources... [100%] notebooks/02-chapter" in re.sub(r"\x1b\[[0-9;]*m", "", result.stdout)
    for page in ("index.html", "notes.html"):  # not read again: rewritten because they refer to a figure
        html = (tmp_path / "_build" / "html" / page).read_text(encoding="utf-8")
        assert re.search(r'#fig-ch02-first"><span class="std std-numref">Figure 2\.2<', html), f"{page}: an old number"
    html = (tmp_path / "_build" / "html" / "notebooks" / "02-chapter.html").read_text(encoding="utf-8")
    assert re.findall(r'<span class="caption-number">Figure (2\.\d)\. </span>', html) == ["2.1", "2.2", "2.3"]
