"""Citations: a bibliography on each page, and labels that are the BibTeX keys."""

from __future__ import annotations

import re

from pybtex.plugin import register_plugin
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.labels import BaseLabelStyle

from thaw.book.sphinxext.charts import static_url
from thaw.book.sphinxext.pages import docname_is_notebook

#: Gives each citation its hover text from the page's Sources list (``bibtex_tooltips`` is off).
CITATION_SCRIPT = "thaw-citations.js"


def _fix_citation_roles(app, pagename, templatename, context, doctree) -> None:
    """docutils marks bibliography entries "doc-biblioentry", a role deprecated in
    DPUB-ARIA 1.1, inside a role="list"; screen readers (and axe) expect list items."""
    if "body" in context:
        context["body"] = context["body"].replace('role="doc-biblioentry"', 'role="listitem"')


def _link_citation_script(app, pagename, templatename, context, doctree) -> None:
    if 'class="bibtex-citation"' in context.get("body", ""):
        context["metatags"] = context.get("metatags", "") + (
            f'\n<script defer src="{static_url(context, CITATION_SCRIPT)}"></script>')


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


class _KeyLabels(BaseLabelStyle):
    """Bibliography labels that are the BibTeX keys: unique across all pages by construction."""

    def format_labels(self, sorted_entries):
        for entry in sorted_entries:
            yield entry.key


class _CourseBibliographyStyle(UnsrtStyle):
    default_label_style = "thaw-keys"
    default_sorting_style = "author_year_title"


def setup(app) -> None:
    register_plugin("pybtex.style.labels", "thaw-keys", _KeyLabels)
    register_plugin("pybtex.style.formatting", "thaw", _CourseBibliographyStyle)
    app.connect("source-read", _prefix_citations)
    app.connect("html-page-context", _fix_citation_roles)
    app.connect("html-page-context", _link_citation_script)
