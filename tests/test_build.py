"""The strict book build and the static HTML it produces."""

import re
import shutil

import pytest

from conftest import CHAPTERS
from thaw import figures
from thaw.book.editions import editions
from thaw.book.serve import SITE
from thaw.paths import ROOT
from thaw.book.toc import toc_pages
from thaw.book.previews import STILL
from thaw.book.sphinxext.charts import PLOTLY_BUNDLE, STATIC_DIR, read_figures

EXTERNAL = re.compile(r"""<(?:script|img|iframe|source|audio|video)\b[^>]*\bsrc=["'](?:https?:)?//""", re.I)
#: A <link> that a browser fetches from another site; rel="canonical" (the page's published address,
#: from html.baseurl) is fetched by nobody.
EXTERNAL_LINK = re.compile(r"""<link\b(?![^>]*\brel=["']canonical["'])[^>]*\bhref=["'](?:https?:)?//""", re.I)


def test_strict_build_passes_with_zero_warnings(book_build):
    output = book_build.stdout + book_build.stderr
    assert book_build.returncode == 0, output[-6000:]
    assert "WARNING:" not in output, [line for line in output.splitlines() if "WARNING:" in line]
    # Each edition was built strictly now, or is unchanged since its last strict build (whose
    # success is what thaw.book.build records: a failed build leaves no record).
    editions_done = output.count("build succeeded.") + output.count("edition is up to date")
    assert editions_done == len(editions(ROOT)) >= 2, output[-3000:]


@pytest.fixture(scope="module")
def pages(built_site):
    return {path: (built_site / path).read_text(encoding="utf-8") for path in toc_pages()}


def test_every_toc_page_is_built(pages):
    assert len(pages) >= 3 and all(len(html) > 1000 for html in pages.values())


def test_no_page_loads_anything_from_outside(pages):
    for path, html in pages.items():
        assert not EXTERNAL.search(html), f"{path} loads an external resource"
        assert not EXTERNAL_LINK.search(html), f"{path} links an external stylesheet or icon"
        assert "cdn." not in html.lower().replace("cdn.invalid", ""), f"{path} mentions a CDN"


def test_plotly_js_is_served_once_from_static_files(pages):
    assert (SITE / "_static" / PLOTLY_BUNDLE).stat().st_size > 1_000_000
    for path, html in pages.items():
        has_chart = 'class="thaw-chart"' in html
        assert (f"_static/{PLOTLY_BUNDLE}" in html) == has_chart, path
        assert "plotly.js v" not in html, f"{path} inlines plotly.js"
        assert "application/vnd.jupyter.widget-state+json" not in html, f"{path} embeds dead widget state"


def test_each_page_with_charts_loads_its_figures_from_a_script_of_its_own(pages, built_site):
    """The page keeps each chart's box, at the chart's height; the figures wait in _static/figures."""
    for path, html in pages.items():
        boxes = re.findall(r'<div id="(chart-[0-9a-f]+)" class="plotly-graph-div" style="height:\d+px', html)
        figures = read_figures(built_site, path)
        assert sorted(figures["charts"]) == sorted(boxes), path
        assert "thaw-chart-data" not in html and '"data":[' not in html, f"{path} still holds a figure"
        if boxes:
            assert re.search(r'data-figures="[./]*_static/figures/' + re.escape(path[:-5]) + r'\.js\?v=\w+"', html), path
            keys = {figure["layout"]["template"] for figure in figures["charts"].values()}
            assert keys == set(figures["templates"]) and len(keys) == 1, f"{path}: one template, kept once"


def test_quiz_script_and_style_are_served_once_not_inlined_in_every_quiz(pages):
    quiz_pages = [path for path, html in pages.items() if 'class="thaw-quiz"' in html]
    assert len(quiz_pages) == len(CHAPTERS)
    for path in quiz_pages:
        html = pages[path]
        assert html.count("_static/thaw-quiz.js") == 1 and html.count("_static/thaw-quiz.css") == 1, path
        assert "function storageFor" not in html and ".thaw-quiz fieldset" not in html, f"{path} inlines the quiz"
    for name in ("thaw-quiz.js", "thaw-quiz.css"):
        assert (SITE / "_static" / name).read_text(encoding="utf-8") == (STATIC_DIR / name).read_text(encoding="utf-8")


def test_chapters_offer_binder_jupyterlab_and_ipynb_download(pages):
    for chapter in CHAPTERS:
        html = pages[f"notebooks/{chapter.stem}.html"]
        binder = re.search(r'href="(https://mybinder.org/v2/gh/[^"]+)"', html)
        assert binder and "urlpath=lab/tree/notebooks/" + chapter.name in binder.group(1)
        assert f"_sources/notebooks/{chapter.name}" in html
        assert (SITE / "_sources" / "notebooks" / chapter.name).exists()


def test_solutions_are_folded_away(pages):
    for chapter in CHAPTERS:
        html = pages[f"notebooks/{chapter.stem}.html"]
        solutions = re.findall(r'<div class="([^"]*solution[^"]*)"', html)
        assert len(solutions) >= 3
        assert all("dropdown" in classes for classes in solutions), solutions


def test_each_chart_has_a_text_alternative_and_a_data_table(pages):
    for path, html in pages.items():
        labels = re.findall(r'<div class="thaw-chart" role="figure" aria-label="([^"]*)"', html)
        for label in labels:
            assert len(label) > 30, f"{path}: chart without a real summary"
        tables = re.findall(r'<details class="thaw-chart-table">.*?<tbody>(.*?)</tbody>', html, re.S)
        assert len(tables) == len(labels), f"{path}: a chart has no data table"
        assert all("<td>" in body for body in tables), f"{path}: an empty data table"


def test_every_link_inside_the_site_resolves(pages):
    for path, html in pages.items():
        folder = (SITE / path).parent
        for target in re.findall(r'href="([^"#?]+)(?:[#?][^"]*)?"', html):
            if target.startswith(("http:", "https:", "mailto:", "//")):
                continue
            assert (folder / target).resolve().exists(), f"{path}: broken link {target}"


def test_every_chart_is_a_numbered_figure_with_its_caption(pages):
    """Each chart and its caption are one figure, numbered per page as thaw.figures (and the quizzes) say."""
    expected = figures.figure_numbers()
    built = {}
    for path, html in pages.items():
        page_figures = re.findall(r'<figure class="thaw-figure[^"]*" id="([\w-]+)">(.*?)</figure>', html, re.S)
        assert html.count('class="thaw-chart"') == len(page_figures), f"{path}: a chart outside a figure"
        for label, body in page_figures:
            assert body.count('class="thaw-chart"') == 1 and body.count("<figcaption>") == 1, f"{path}: {label}"
            assert body.index('class="thaw-chart"') < body.index("<figcaption>"), f"{path}: {label}: caption under the chart"
            number = re.search(r'<figcaption>\s*<p><span class="caption-number">Figure ([\w.]+)\. </span>', body)
            assert number, f"{path}: {label} has no number"
            built[label] = number.group(1)
    assert built == expected
    assert built["fig-ch02-population"] == "2.1" and built["fig-timeline-events"] == "T.1"


def test_every_figure_reference_is_a_link_to_its_figure(pages):
    numbers = figures.figure_numbers()
    count = 0
    for path, html in pages.items():
        assert "numref" not in re.sub(r'class="std std-numref"', "", html), f"{path}: an unresolved {{numref}}"
        for target, text in re.findall(r'<a class="reference internal" href="([^"]*)"><span class="std std-numref">'
                                       r'([^<]*)</span></a>', html):
            label = target.rsplit("#", 1)[1]
            assert text == f"Figure {numbers[label]}", f"{path}: {text} links to {label}"
            page = (SITE / path).parent / target.split("#")[0] if target.split("#")[0] else SITE / path
            assert f'id="{label}"' in page.resolve().read_text(encoding="utf-8"), f"{path}: {target}"
            count += 1
    assert count >= 30


def test_the_explorer_note_is_in_the_book_under_each_explorer(pages):
    for chapter in CHAPTERS:
        html = pages[f"notebooks/{chapter.stem}.html"]
        assert html.count("needs a running Python kernel, so this page shows only its code.") == 1, chapter.name
        note = html.index("needs a running Python kernel")
        assert re.search(r"build_(?:explorer|checker)</span>", html[:note]), f"{chapter.name}: note above its explorer"
        assert "Here in the book, " in html[note:note + 400]


def test_icon_fonts_hold_only_the_icons_the_pages_use(pages):
    """The theme's Font Awesome webfonts (275 KB) are cut to the icons used (thaw.book.sphinxext.layout)."""
    from fontTools.ttLib import TTFont

    from thaw.book.sphinxext.layout import ICON_FONTS, SUBSET_FONTS, icons_in_use, theme_icon_fonts

    theme_fonts = theme_icon_fonts()
    used = icons_in_use(SITE)
    # The sun and moon of the light and dark switch, the search glass, the repository's GitHub mark.
    assert {0xF185, 0xF186, 0xF002, 0xF09B} <= used
    for name in SUBSET_FONTS:
        subset = SITE / "_static" / ICON_FONTS / name
        assert subset.stat().st_size < 20_000, f"{name} is {subset.stat().st_size:,} bytes: not cut to the icons used"
        kept, original = set(TTFont(subset).getBestCmap()), set(TTFont(theme_fonts / name).getBestCmap())
        assert used & original <= kept, f"{name} lacks {sorted(hex(c) for c in used & original - kept)}"
        assert kept <= used | {0x20}, f"{name} keeps icons no page uses"


def test_a_chart_in_a_phones_first_screen_carries_a_still_preview_in_each_mode(pages):
    """thaw.book.previews: the Timeline opens with its chart; the chapters' charts are further down."""
    for path, html in pages.items():
        previews = re.findall(r'<div class="thaw-preview thaw-preview-(light|dark)" aria-hidden="true" '
                              r'data-width="\d+" style="aspect-ratio:\d+/\d+"><svg', html)
        assert previews == (["light", "dark"] if path == "book/timeline.html" else []), path
        # Both modes' copies are in the page: a clip path must be found in the visible one.
        in_previews = re.findall(r'\sid="([^"]+)"', "".join(STILL.findall(html)))
        all_ids = re.findall(r'\sid="([^"]+)"', html)
        assert all(all_ids.count(name) == 1 for name in in_previews), f"{path}: a preview repeats an id"


def test_previews_are_written_again_from_the_store_without_a_browser(built_site, tmp_path, monkeypatch):
    """A rebuild that rewrites a page unchanged takes its previews from _build/thaw-previews.json; a
    page whose text changed is drawn again."""
    from thaw.book import previews

    site = tmp_path / "html"
    shutil.copytree(built_site, site)
    shutil.copy(built_site.parent / "thaw-previews.json", tmp_path)
    timeline = site / "book" / "timeline.html"
    with_previews = timeline.read_text(encoding="utf-8")
    without = previews.STILL.sub("", with_previews)
    assert "thaw-preview" not in without
    timeline.write_text(without, encoding="utf-8")
    drawn = []
    monkeypatch.setattr(previews, "_draw", lambda site, pages: drawn.extend(pages) or {p: {} for p in pages})
    assert previews.add_previews(site) == 0 and drawn == []
    assert timeline.read_text(encoding="utf-8") == with_previews
    timeline.write_text(without.replace("<h1>", "<p>A new first paragraph.</p><h1>", 1), encoding="utf-8")
    assert previews.add_previews(site) == 1 and drawn == ["book/timeline.html"]
