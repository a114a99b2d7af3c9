"""The course's page-wide style (``_static/thaw-pages.css``), linked from every page."""

from __future__ import annotations

from thaw.book.sphinxext.charts import _static_url

PAGE_STYLE = "thaw-pages.css"


def _link_page_style(app, pagename, templatename, context, doctree) -> None:
    context["metatags"] = context.get("metatags", "") + (
        f'\n<link rel="stylesheet" href="{_static_url(context, PAGE_STYLE)}">')


def setup(app) -> None:
    app.connect("html-page-context", _link_page_style, priority=520)
