"""Numbered figures: each chart and the caption cell after it become one Sphinx figure.

See :mod:`thaw.figures` for the convention: a chart's caption is the Markdown cell after it,
a MyST ``{figure}`` without an image. :class:`CaptionFigure` reads it and
:class:`BindChartCaptions` moves the chart above into it, so each chart is one numbered
Sphinx figure, numbered per page (2.1 … 2.5 in chapter 2).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.directives.patches import Figure
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

from thaw import figures
from thaw.book.sphinxext.charts import PLOTLY_MIME

logger = logging.getLogger(__name__)

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


def _write_figure_style(app, exception) -> None:
    """Put the figures' style into _static (written from FIGURE_CSS, so it is never stale)."""
    if exception is not None or app.builder.format != "html":
        return
    style = Path(app.outdir) / "_static" / FIGURE_STYLE
    style.parent.mkdir(parents=True, exist_ok=True)
    if not style.exists() or style.read_text(encoding="utf-8") != FIGURE_CSS:
        style.write_text(FIGURE_CSS, encoding="utf-8")


def setup(app) -> None:
    app.add_directive("figure", CaptionFigure, override=True)
    app.add_transform(BindChartCaptions)
    app.connect("doctree-read", _note_numrefs)
    app.connect("env-purge-doc", _forget_numrefs)
    app.connect("env-merge-info", _merge_numrefs)
    app.connect("env-get-updated", _restore_sphinx_fignumbers, priority=400)
    app.connect("env-get-updated", _number_figures_per_page, priority=600)
    app.connect("html-page-context", _style_figures, priority=520)
    app.connect("build-finished", _write_figure_style)
