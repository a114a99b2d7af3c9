"""Sphinx extension and myst-nb renderer that make the compiled book self-contained.

* Plotly >= 6 stores figures in notebooks only as ``application/vnd.plotly.v1+json``,
  which myst-nb skips. :class:`PlotlyMimeRenderer` turns that output into a chart
  container plus its figure JSON; ``thaw-charts.js`` draws it in the browser.
* plotly.js is served once from ``_static`` and loaded only by pages that have a
  chart: never inlined, never from a CDN. It is the "basic" partial bundle (scatter,
  bar and pie traces, with every layout feature) of the plotly.js version that the
  installed plotly package is built against (npm ``plotly.js-basic-dist-min``, MIT):
  a quarter of the full bundle, which halves the time until a chapter's charts are
  drawn. A figure that needs another trace type fails the build.
* Sphinx 7.4 registers inline scripts added after builder init twice; the
  duplicates raise "Identifier has already been declared" in the browser console.
* Figures (see :mod:`thaw.figures` for the convention): a chart's caption is the Markdown
  cell after it, a MyST ``{figure}`` without an image. :class:`CaptionFigure` reads it and
  :class:`BindChartCaptions` moves the chart above into it, so each chart is one numbered
  Sphinx figure, numbered per page (2.1 … 2.5 in chapter 2).
* Book-only notes: the note under each explorer (it needs a kernel) is written here, once.
"""

from __future__ import annotations

import filecmp
import hashlib
import json
import os
import re
import shutil
from functools import lru_cache
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from pybtex.plugin import register_plugin
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.labels import BaseLabelStyle

from sphinx.directives.patches import Figure
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

from thaw import figures
from thaw.book import cache

logger = logging.getLogger(__name__)

PLOTLY_MIME = "application/vnd.plotly.v1+json"
WIDGET_STATE_MIME = "application/vnd.jupyter.widget-state+json"
STATIC_DIR = cache.PACKAGE_DIR / "static"
PLOTLY_BUNDLE = "plotly-basic.min.js"
#: Trace types in the basic bundle (see its README); maps use scatter traces (thaw.maps).
BUNDLED_TRACES = {"bar", "pie", "scatter"}


class ChartError(Exception):
    """A notebook produced a figure the book cannot draw offline."""


class PlotlyMimeRenderer:
    """myst-nb mime renderer plugin (entry point ``myst_nb.mime_renderers``)."""

    mime_priority_overrides = [(b, PLOTLY_MIME, 5) for b in ("html", "dirhtml", "singlehtml")]

    @staticmethod
    def handle_mime(renderer, data, inline):
        if inline or data.mime_type != PLOTLY_MIME:
            return None
        figure = data.content if isinstance(data.content, dict) else json.loads(data.content)
        missing = {t.get("type", "scatter") for t in figure.get("data", [])} - BUNDLED_TRACES
        if missing:
            raise ChartError(f"cell {data.cell_index}: trace type(s) {', '.join(sorted(missing))} are not in "
                             f"the book's plotly.js bundle ({PLOTLY_BUNDLE}); draw maps with thaw.maps")
        # Not class "text_html": the dark theme paints those outputs light grey.
        return [nodes.raw(text=chart_html(figure, f"{data.cell_index}-{data.output_index}"),
                          format="html", classes=["output"])]


def chart_html(figure: dict, position: str) -> str:
    """HTML for one chart: an empty container and the figure JSON that fills it."""
    layout = figure.get("layout", {})
    meta = layout.get("meta") if isinstance(layout.get("meta"), dict) else {}
    # The data table is written out as HTML below the chart; the drawing script needs no copy.
    drawn = {**figure, "layout": {**layout, "meta": {k: v for k, v in meta.items() if k != "table"}}}
    payload = json.dumps(drawn, sort_keys=True, separators=(",", ":"))
    chart_id = "chart-" + hashlib.sha1(f"{position}-{payload}".encode()).hexdigest()[:12]
    height = int(layout.get("height", 450))
    label = meta.get("alt") or _title_text(layout) or "Interactive chart"
    safe_payload = payload.replace("</", "<\\/")  # "</script>" inside the JSON must not end the tag
    return (
        f'<div class="thaw-chart" role="figure" aria-label="{_attr(label)}">'
        f'<div id="{chart_id}" class="plotly-graph-div" style="height:{height}px;width:100%"></div>'
        f'</div>\n<script type="application/json" class="thaw-chart-data" '
        f'data-target="{chart_id}">{safe_payload}</script>' + _table_html(meta.get("table"), label)
    )


def _table_html(table, label: str) -> str:
    """The chart's data as a real table, folded under the chart (screen readers reach it)."""
    if not table or not table.get("rows"):
        return ""
    head = "".join(f"<th scope='col'>{_attr(c)}</th>" for c in table["columns"])
    body = "".join("<tr>" + "".join(f"<td>{_attr(v)}</td>" for v in row) + "</tr>" for row in table["rows"])
    return (f'\n<details class="thaw-chart-table"><summary>Data table for this chart</summary>'
            f'<table><caption>{_attr(label)}</caption><thead><tr>{head}</tr></thead>'
            f'<tbody>{body}</tbody></table></details>')


def _title_text(layout: dict) -> str:
    title = layout.get("title")
    return title.get("text", "") if isinstance(title, dict) else (title or "")


def _attr(text: str) -> str:
    return (str(text).replace("&", "&amp;").replace('"', "&quot;")
            .replace("<", "&lt;").replace(">", "&gt;"))


# --- Figures ---------------------------------------------------------------------------------
#
# Where a caption lives. myst-nb 1.4 can wrap a cell's outputs in a numbered figure from the
# cell's metadata (``mystnb: figure: {caption, name}``), which would suit the book; but
# JupyterLab shows no cell metadata, so students would lose every caption and its sources
# (jupyterlab-myst 2.7 renders neither that metadata nor a ``{numref}`` to it). The caption is
# therefore the Markdown cell right after the chart, a MyST ``{figure}`` without an image:
# jupyterlab-myst shows it under the chart as a numbered caption (numbering each notebook's
# figures 1, 2, 3 …: see thaw.figures) and resolves ``{numref}`` to it, and here the same
# cell becomes the caption of a real Sphinx figure that holds the chart.
# One text for each caption, and no typed number (thaw.figures has the whole convention).

#: The class of a figure made from a caption cell (and the course's style for it).
CAPTION_CLASS = "thaw-figure"
FIGURE_STYLE = "thaw-figures.css"
FIGURE_CSS = """/* The course's figures (thaw.book.sphinxext): a chart with its data table and its caption,
   one block that a rule closes. The caption reads as the course's text, set as before figures
   were numbered, not as the theme's small, centred, grey caption. */
figure.thaw-figure { margin: 0.5rem 0 1.75rem; padding: 0 0 0.75rem; text-align: start;
  border-bottom: 1px solid var(--pst-color-border); }
figure.thaw-figure > figcaption { margin: 0.75rem 0 0; padding: 0; text-align: start; color: var(--pst-color-text-base);
  font-family: inherit; font-weight: inherit; font-style: normal; font-size: inherit; }
figure.thaw-figure > figcaption p { display: block; }
figure.thaw-figure > figcaption p:last-child, figure.thaw-figure > .legend > :last-child { margin-bottom: 0; }
figure.thaw-figure .caption-number { font-weight: 700; font-style: normal; }
figure.thaw-figure > .legend { margin-top: 0.75rem; }
"""
#: "Figure N.k " as Sphinx writes it before a caption; the course adds a full stop: "Figure N.k. ".
CAPTION_NUMBER = re.compile(r'(<span class="caption-number">[^<]*?\d) </span>')


class CaptionFigure(Figure):
    """The ``{figure}`` directive: Sphinx's own with an image; without one, the caption of the chart above.

    Takes the label as ``:label:`` (what jupyterlab-myst reads) or ``:name:`` (Sphinx's name).
    """

    required_arguments = 0
    optional_arguments = 1
    option_spec = {**Figure.option_spec, "label": directives.unchanged_required}

    def run(self):
        if "label" in self.options:
            self.options["name"] = self.options.pop("label")
        if self.arguments:
            return super().run()
        if not self.options.get("name"):
            raise self.error("a figure caption needs a label (:label: fig-chNN-name), or it gets no number")
        figure = nodes.figure(classes=[CAPTION_CLASS, *self.options.get("class", [])])
        figure.source, figure.line = self.state_machine.get_source_and_line(self.lineno)
        self.add_name(figure)
        parsed = nodes.Element()
        self.state.nested_parse(self.content, self.content_offset, parsed)
        if not parsed.children or not isinstance(parsed[0], nodes.paragraph):
            raise self.error("a figure caption starts with a paragraph")
        first = parsed[0]
        caption = nodes.caption(first.rawsource, "", *first.children)
        caption.source, caption.line = first.source, first.line
        figure += caption
        if len(parsed) > 1:
            figure += nodes.legend("", *parsed.children[1:])
        return [figure]


def chart_bundle(node) -> nodes.Element | None:
    """The output of a code cell that shows one chart (None for any other node)."""
    if not isinstance(node, nodes.container) or node.get("nb_element") != "cell_code":
        return None
    bundles = [bundle for output in node.children if output.get("nb_element") == "cell_code_output"
               for bundle in output.children if bundle.get("nb_element") == "mime_bundle"
               and any(m.get("mime_type") == PLOTLY_MIME for m in bundle.children)]
    return bundles[0] if len(bundles) == 1 else None


class BindChartCaptions(SphinxTransform):
    """Move each chart into the figure made from the caption cell after it; flag charts without one."""

    default_priority = 210  # after the document is parsed, before Sphinx collects figures and labels

    def apply(self, **kwargs) -> None:
        for figure in list(self.document.findall(nodes.figure)):
            if CAPTION_CLASS not in figure["classes"] or figure.get("thaw_bound"):
                continue
            parent = figure.parent
            index = parent.index(figure)
            bundle = chart_bundle(parent[index - 1]) if index else None
            if bundle is None:
                logger.warning("this figure caption does not follow a chart: a caption cell goes right after "
                               "the code cell that draws the chart", location=figure)
                continue
            output = bundle.parent
            position = output.index(bundle)
            output.remove(bundle)
            parent.remove(figure)
            figure.insert(0, bundle)
            figure["thaw_bound"] = True
            output.insert(position, figure)
        for mime in self.document.findall(nodes.container):
            if mime.get("mime_type") == PLOTLY_MIME and not _inside_figure(mime):
                logger.warning("a chart without a caption: put a figure caption (:::{figure} with a :label:) "
                               "in the Markdown cell right after its code cell", location=mime)


def _inside_figure(node) -> bool:
    while node.parent is not None:
        node = node.parent
        if isinstance(node, nodes.figure):
            return True
    return False


def _page_prefix(docname: str) -> tuple[str, ...]:
    """A page's figure prefix: ("2",) in chapter 2 (thaw.figures.page_prefix)."""
    prefix = figures.page_prefix(docname)
    if prefix is None:
        logger.warning("a page with figures needs a prefix for their numbers: add it to "
                       "thaw.figures.PAGE_PREFIXES", location=docname)
        return ()
    return (prefix,)


def _restore_sphinx_fignumbers(app, env) -> list[str]:
    """Before Sphinx numbers the figures: hand it back its own numbers of the last build, so
    that it compares like with like and asks to rewrite only the pages whose figures changed."""
    env.toc_fignumbers = getattr(env, "thaw_sphinx_fignumbers", env.toc_fignumbers)
    return []


def _number_figures_per_page(app, env) -> list[str]:
    """Number each page's figures after its own prefix: 2.1 … 2.5 in chapter 2.

    Sphinx prefixes figure numbers with section numbers, which only a numbered table of
    contents gives; that would print "2." before every chapter title, which already has its
    number ("2. Emptying the Gulag"). Without one it numbers all the book's figures 1, 2, 3 ….
    So Sphinx's numbers give the order, and the page's prefix the chapter. Returns the pages
    to rewrite: those whose numbers changed and, then, those that refer to a figure.
    """
    env.thaw_sphinx_fignumbers = env.toc_fignumbers
    numbered = {}
    for docname, kinds in env.toc_fignumbers.items():
        prefix = _page_prefix(docname)
        numbered[docname] = {kind: {figure_id: (*prefix, number) for number, figure_id
                                    in enumerate(sorted(ids, key=ids.get), start=1)}
                             for kind, ids in kinds.items()}
    previous = getattr(env, "thaw_fignumbers", {})
    env.toc_fignumbers = env.thaw_fignumbers = numbered
    changed = {doc for doc in set(numbered) | set(previous) if numbered.get(doc) != previous.get(doc)}
    if changed:
        changed |= getattr(env, "thaw_numref_pages", set()) & env.found_docs
    return sorted(changed)


def _note_numrefs(app, doctree) -> None:
    """Remember the pages that refer to a figure by number: they change when a figure is renumbered."""
    from sphinx.addnodes import pending_xref

    pages = getattr(app.env, "thaw_numref_pages", set())
    pages.discard(app.env.docname)
    if any(ref.get("reftype") == "numref" for ref in doctree.findall(pending_xref)):
        pages.add(app.env.docname)
    app.env.thaw_numref_pages = pages


def _forget_numrefs(app, env, docname) -> None:
    getattr(env, "thaw_numref_pages", set()).discard(docname)


def _merge_numrefs(app, env, docnames, other) -> None:
    env.thaw_numref_pages = getattr(env, "thaw_numref_pages", set()) | getattr(other, "thaw_numref_pages", set())


def _style_figures(app, pagename, templatename, context, doctree) -> None:
    """A full stop after the number before each caption, as the course always wrote it, and the figures' style."""
    body = context.get("body", "")
    if f'class="{CAPTION_CLASS}' not in body:
        return
    context["body"] = CAPTION_NUMBER.sub(r"\1. </span>", body)
    version = hashlib.sha256(FIGURE_CSS.encode()).hexdigest()[:10]
    href = f'{context["pathto"]("_static/" + FIGURE_STYLE, 1)}?v={version}'
    context["metatags"] = context.get("metatags", "") + f'\n<link rel="stylesheet" href="{href}">'


# --- Book-only notes ---------------------------------------------------------------------------

#: Under each explorer, in the book only (in JupyterLab the explorer runs). The cell that builds
#: the explorer says what to use instead: metadata ``thaw: explorer: {name, in_the_book}``.
KERNEL_NOTE = "The {name} needs a running Python kernel, so this page shows only its code.\nHere in the book, {in_the_book}"


def explorer_note(metadata: dict) -> str | None:
    """The book's note under an explorer cell (None for other cells), a MyST ``{note}``."""
    explorer = (metadata.get("thaw") or {}).get("explorer")
    if not explorer:
        return None
    text = KERNEL_NOTE.format(name=explorer.get("name", "explorer"), in_the_book=explorer["in_the_book"])
    return "```{note}\n" + text + "\n```"


def _book_only_cells(app, docname, source) -> None:
    """The book's copy of a notebook gets a note under each explorer (the notebook file has none)."""
    if not docname_is_notebook(app, docname):
        return
    notebook = json.loads(source[0])
    cells = notebook.get("cells", [])
    with_notes = []
    for cell in cells:
        with_notes.append(cell)
        note = explorer_note(cell.get("metadata", {})) if cell.get("cell_type") == "code" else None
        if note:
            added = {"cell_type": "markdown", "metadata": {}, "source": note}
            if "id" in cell:
                added["id"] = f"{cell['id']}-book-note"
            with_notes.append(added)
    notebook["cells"] = with_notes
    source[0] = json.dumps(notebook, ensure_ascii=False, indent=1)


def _copy_static_files(app, exception) -> None:
    """Put plotly.js and the chart loader into _static, replacing stale copies.

    Copied here rather than through html_static_path because Sphinx 7.4 keeps an
    existing file in the output even when its source changed.
    """
    if exception is not None or app.builder.format != "html":
        return
    target = Path(app.outdir) / "_static"
    target.mkdir(parents=True, exist_ok=True)
    for source in STATIC_DIR.iterdir():
        copy = target / source.name
        if not copy.exists() or not filecmp.cmp(source, copy, shallow=False):
            shutil.copyfile(source, copy)
    style = target / FIGURE_STYLE
    if not style.exists() or style.read_text(encoding="utf-8") != FIGURE_CSS:
        style.write_text(FIGURE_CSS, encoding="utf-8")


def _add_chart_scripts(app, pagename, templatename, context, doctree) -> None:
    """Load plotly.js and the chart loader, only on pages that contain a chart.

    The tags go first in <head> (with the meta tags), so that these deferred scripts
    run before the theme's own and charts are drawn as early as possible.
    """
    if 'class="thaw-chart-data"' not in context.get("body", ""):
        return
    tags = "".join(f'\n<script defer src="{_static_url(context, name)}"></script>'
                   for name in (PLOTLY_BUNDLE, "thaw-charts.js"))
    context["metatags"] = context.get("metatags", "") + tags


def _share_quiz_assets(app, pagename, templatename, context, doctree) -> None:
    """Serve the quizzes' script and style once from _static, not inlined in every quiz."""
    from thaw.quiz import INLINE_ASSETS

    body = context.get("body", "")
    if 'class="thaw-quiz"' not in body:
        return
    for inlined in INLINE_ASSETS:
        body = body.replace(inlined, "")
    context["body"] = body
    context["metatags"] = context.get("metatags", "") + (
        f'\n<link rel="stylesheet" href="{_static_url(context, "thaw-quiz.css")}">'
        f'\n<script defer src="{_static_url(context, "thaw-quiz.js")}"></script>')


def _static_url(context, name: str) -> str:
    return f'{context["pathto"]("_static/" + name, 1)}?v={_short_digest(name)}'


@lru_cache(maxsize=None)
def _short_digest(name: str) -> str:
    """A version tag from the file's content, so browsers never keep a stale copy."""
    return hashlib.sha256((STATIC_DIR / name).read_bytes()).hexdigest()[:10]


def _fix_citation_roles(app, pagename, templatename, context, doctree) -> None:
    """docutils marks bibliography entries "doc-biblioentry", a role deprecated in
    DPUB-ARIA 1.1, inside a role="list"; screen readers (and axe) expect list items."""
    if "body" in context:
        context["body"] = context["body"].replace('role="doc-biblioentry"', 'role="listitem"')


def _prefix_citations(app, docname, source) -> None:
    """Give each page its own bibliography, even for works cited on several pages.

    sphinxcontrib-bibtex reports a work cited in two local bibliographies as a
    duplicate unless each uses its own key prefix, which its citations must repeat.
    Authors write plain keys ({cite:p}`kruglov1954`); the book's copy of each page
    gets the prefix. Pages that set a prefix themselves (the Bibliography) are left alone.
    """
    text = source[0]
    if "{bibliography}" not in text or ":keyprefix:" in text:
        return
    prefix = docname.rsplit("/", 1)[-1] + "-"
    text = CITATION.sub(lambda m: m.group(1) + ",".join(prefix + k.strip() for k in m.group(2).split(",")) + "`",
                        text)
    # In a notebook the newline after the directive name is written as \n inside JSON.
    newline = "\\n" if docname_is_notebook(app, docname) else "\n"
    source[0] = text.replace("```{bibliography}" + newline, "```{bibliography}" + newline + ":keyprefix: "
                             + prefix + newline)


CITATION = re.compile(r"(\{(?:foot)?cite(?::[a-z]+)?\}`)([^`]+)`")


def docname_is_notebook(app, docname) -> bool:
    return app.env.doc2path(docname).endswith(".ipynb")


class _KeyLabels(BaseLabelStyle):
    """Bibliography labels that are the BibTeX keys: unique across all pages by construction."""

    def format_labels(self, sorted_entries):
        for entry in sorted_entries:
            yield entry.key


class _CourseBibliographyStyle(UnsrtStyle):
    default_label_style = "thaw-keys"
    default_sorting_style = "author_year_title"


def _dedupe_scripts(app, pagename, templatename, context, doctree) -> None:
    """Drop duplicate scripts, and saved widget state when no widget manager is loaded."""
    seen, unique = set(), []
    drop_widget_state = not app.config.nb_ipywidgets_js
    for script in context.get("script_files", []):
        attributes = getattr(script, "attributes", {})
        if drop_widget_state and attributes.get("type") == WIDGET_STATE_MIME:
            continue  # widgets are live only in JupyterLab; the book shows none
        key = (getattr(script, "filename", str(script)) or "",
               tuple(sorted((k, str(v)) for k, v in attributes.items())))
        if key not in seen:
            seen.add(key)
            unique.append(script)
    context["script_files"] = unique


def _invalidate_stale_outputs(app) -> None:
    """Drop the cached outputs of every notebook whose inputs changed, and note which pages to rewrite.

    The rules are in :mod:`thaw.book.cache`. A change to the tooling (this extension, say)
    rewrites every page from its cached outputs, but runs no notebook.
    """
    from thaw.book.build import toc_notebooks

    book = Path(app.srcdir)
    notebooks = toc_notebooks(book)
    cache.refresh(Path(app.outdir).parent / ".jupyter_cache", notebooks, book)
    stale, app.thaw_pages = cache.pages_to_rewrite(Path(app.doctreedir).parent, notebooks, book)
    app.thaw_stale_docs = None if stale is None else [p.relative_to(book).with_suffix("").as_posix() for p in stale]


def _outdated_notebooks(app, env, added, changed, removed) -> list[str]:
    if app.thaw_stale_docs is None:
        return sorted(env.found_docs)  # the tooling changed: it may write every page differently
    return [doc for doc in app.thaw_stale_docs if doc in env.found_docs]


def _record_inputs(app, exception) -> None:
    if exception is None:
        cache.record_pages(Path(app.doctreedir).parent, app.thaw_pages)


#: Set by ``make book HUB_URL=…``: the JupyterHub that the launch buttons open chapters on.
HUB_URL_VARIABLE = "THAW_HUB_URL"


def _set_jupyterhub_url(app, config) -> None:
    """Add the JupyterHub launch button when the build is given a hub's address.

    The course has no hub of its own, so the address comes from whoever deploys it
    (a department's hub), not from ``_config.yml``. The button's link uses nbgitpuller.
    """
    hub = os.environ.get(HUB_URL_VARIABLE, "").strip().rstrip("/")
    if not hub:
        return
    if not re.fullmatch(r"https?://[^\s/?#]+(/[^\s?#]*)?", hub):
        raise ValueError(f"{HUB_URL_VARIABLE}={hub!r} is not a hub address like https://hub.example.edu")
    options = dict(config.html_theme_options)
    options["launch_buttons"] = {**options.get("launch_buttons", {}), "jupyterhub_url": hub}
    config.html_theme_options = options


def setup(app):
    app.connect("config-inited", _set_jupyterhub_url)
    app.add_directive("figure", CaptionFigure, override=True)
    app.add_transform(BindChartCaptions)
    app.connect("source-read", _book_only_cells, priority=400)
    app.connect("doctree-read", _note_numrefs)
    app.connect("env-purge-doc", _forget_numrefs)
    app.connect("env-merge-info", _merge_numrefs)
    app.connect("env-get-updated", _restore_sphinx_fignumbers, priority=400)
    app.connect("env-get-updated", _number_figures_per_page, priority=600)
    app.connect("html-page-context", _style_figures, priority=520)
    register_plugin("pybtex.style.labels", "thaw-keys", _KeyLabels)
    register_plugin("pybtex.style.formatting", "thaw", _CourseBibliographyStyle)
    app.connect("source-read", _prefix_citations)
    app.connect("builder-inited", _invalidate_stale_outputs, priority=100)
    app.connect("env-get-outdated", _outdated_notebooks)
    app.connect("build-finished", _record_inputs)
    app.connect("build-finished", _copy_static_files)
    app.connect("html-page-context", _add_chart_scripts, priority=500)
    app.connect("html-page-context", _share_quiz_assets, priority=510)
    app.connect("html-page-context", _dedupe_scripts, priority=900)
    app.connect("html-page-context", _fix_citation_roles)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
