"""Charts in the book: the Plotly renderer and the scripts a page with charts or quizzes loads.

* Plotly >= 6 stores figures in notebooks only as ``application/vnd.plotly.v1+json``,
  which myst-nb skips. :class:`PlotlyMimeRenderer` (the entry point ``myst_nb.mime_renderers``
  in pyproject.toml) turns that output into a chart container plus its figure JSON and its
  data table; ``thaw-charts.js`` draws it in the browser.
* plotly.js is served once from ``_static``, never inlined, never from a CDN, and only
  pages that have a chart load it, when their first chart comes near the viewport. It is
  the course's own bundle (``scripts/make_plotly_bundle.js``): plotly.js's core with only
  the trace types the course draws, of the plotly.js version that the installed plotly
  package is built against (MIT). A figure that needs another trace type fails the build.
* Sphinx 7.4 registers inline scripts added after builder init twice; the
  duplicates raise "Identifier has already been declared" in the browser console.
"""

from __future__ import annotations

import filecmp
import hashlib
import json
import re
import shutil
from functools import lru_cache
from pathlib import Path

from docutils import nodes

from thaw.book import cache
from thaw.i18n import _

PLOTLY_MIME = "application/vnd.plotly.v1+json"
WIDGET_STATE_MIME = "application/vnd.jupyter.widget-state+json"
STATIC_DIR = cache.PACKAGE_DIR / "static"
PLOTLY_BUNDLE = "plotly-thaw.min.js"


def _bundled_traces() -> set[str]:
    """The trace types the bundle holds, from the first line that its build script writes."""
    with (STATIC_DIR / PLOTLY_BUNDLE).open(encoding="utf-8") as bundle:
        banner = bundle.readline()
    return set(re.findall(r"\w+", re.search(r"traces: ([\w, ]+)", banner).group(1)))


#: Maps are drawn with scatter traces too (thaw.maps).
BUNDLED_TRACES = _bundled_traces()


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
    template_html = ""
    if isinstance(layout.get("template"), dict):
        # Every chart of the course has the same template: the page's figures keep one copy.
        template = _json(layout["template"])
        drawn["layout"]["template"] = key = hashlib.sha1(template.encode()).hexdigest()[:12]
        template_html = (f'\n<script type="application/json" class="thaw-chart-template" '
                         f'data-key="{key}">{template}</script>')
    payload = _json(drawn)
    chart_id = "chart-" + hashlib.sha1(f"{position}-{payload}".encode()).hexdigest()[:12]
    height = int(layout.get("height", 450))
    label = meta.get("alt") or _title_text(layout) or _("Interactive chart")
    return (
        f'<div class="thaw-chart" role="figure" aria-label="{_attr(label)}">'
        f'<div id="{chart_id}" class="plotly-graph-div" style="height:{height}px;width:100%"></div>'
        f'</div>\n<script type="application/json" class="thaw-chart-data" '
        f'data-target="{chart_id}">{payload}</script>' + template_html + _table_html(meta.get("table"), label)
    )


def _json(value) -> str:
    """Compact JSON for a script tag: "</script>" inside it must not end the tag."""
    return json.dumps(value, sort_keys=True, separators=(",", ":")).replace("</", "<\\/")


#: A chart's box as chart_html writes it, empty: its opening tag, its id, its closing tag.
CHART_BOX = re.compile(r'(<div id="(chart-[0-9a-f]+)" class="plotly-graph-div" style="[^"]*">)(</div>)')


def _table_html(table, label: str) -> str:
    """The chart's data as a real table, folded under the chart (screen readers reach it)."""
    if not table or not table.get("rows"):
        return ""
    head = "".join(f"<th scope='col'>{_attr(c)}</th>" for c in table["columns"])
    body = "".join("<tr>" + "".join(f"<td>{_attr(v)}</td>" for v in row) + "</tr>" for row in table["rows"])
    summary = _("Data table for this chart")
    return (f'\n<details class="thaw-chart-table"><summary>{_attr(summary)}</summary>'
            f'<table><caption>{_attr(label)}</caption><thead><tr>{head}</tr></thead>'
            f'<tbody>{body}</tbody></table></details>')


def _title_text(layout: dict) -> str:
    title = layout.get("title")
    return title.get("text", "") if isinstance(title, dict) else (title or "")


def _attr(text: str) -> str:
    return (str(text).replace("&", "&amp;").replace('"', "&quot;")
            .replace("<", "&lt;").replace(">", "&gt;"))


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


def _add_chart_scripts(app, pagename, templatename, context, doctree) -> None:
    """Move a page's figures into a script of their own, and load the chart loader.

    Only the charts' boxes (each with its height, so nothing shifts), data tables and text
    alternatives stay in the page. The figures go to ``_static/figures/<page>.js``, one copy
    of each template among them, which thaw-charts.js fetches with plotly.js when the first
    chart comes near the viewport, a screen ahead of the reader: neither competes with the
    text (no prefetch: on a phone's network it would). A script, not JSON, so that a book
    opened from the disk (file://) loads it too.
    """
    charts, templates = {}, {}

    def take(match):
        (charts if match.group(1) == "data" else templates)[match.group(2)] = match.group(3)
        return ""

    context["body"] = FIGURE_SCRIPT.sub(take, context.get("body", ""))
    if not charts:
        return
    figures = (f"{FIGURES_GLOBAL} = {{\"charts\": {_entries(charts)},\n"
               f"\"templates\": {_entries(templates)}}};\n")
    name = figures_file(pagename)
    path = Path(app.outdir) / "_static" / name
    if not path.exists() or path.read_text(encoding="utf-8") != figures:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(figures, encoding="utf-8")
    figures_url = f'{context["pathto"]("_static/" + name, 1)}?v={_digest(figures)}'
    context["metatags"] = context.get("metatags", "") + (
        f'\n<script defer src="{static_url(context, "thaw-chart-fit.js")}"></script>'
        f'\n<script defer src="{static_url(context, "thaw-charts.js")}" '
        f'data-plotly="{static_url(context, PLOTLY_BUNDLE)}" data-figures="{figures_url}"'
        f'{_script_words()}></script>')


def _script_words() -> str:
    """The words thaw-charts.js writes for a reader, in the page's language, once per page on its script tag
    (the script keeps its English only for a page written without them)."""
    load = _("Load the interactive chart")
    return f' data-load-label="{_attr(load)}"'


FIGURES_GLOBAL = "window.thawChartFigures"


def figures_file(pagename: str) -> str:
    """Where in ``_static`` a page's figures are written."""
    return f"figures/{pagename}.js"


def read_figures(site: Path, page: str) -> dict:
    """A built page's figures (``page`` as in the site, e.g. ``notebooks/01-after-stalin.html``):
    {"charts": {box id: figure}, "templates": {key: template}}, empty for a page without charts."""
    path = site / "_static" / figures_file(page.removesuffix(".html"))
    if not path.exists():
        return {"charts": {}, "templates": {}}
    return json.loads(path.read_text(encoding="utf-8").removeprefix(FIGURES_GLOBAL + " = ").rstrip().rstrip(";"))


#: A chart's figure, or a template that figures name by its key, as chart_html writes them.
FIGURE_SCRIPT = re.compile(r'\n<script type="application/json" class="thaw-chart-(data|template)" '
                           r'data-(?:target|key)="([\w-]+)">(.*?)</script>', re.S)


def _entries(scripts: dict[str, str]) -> str:
    return "{" + ",\n".join(f'"{key}": {value}' for key, value in scripts.items()) + "}"


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
        f'\n<link rel="stylesheet" href="{static_url(context, "thaw-quiz.css")}">'
        f'\n<script defer src="{static_url(context, "thaw-quiz.js")}"></script>')


def static_url(context, name: str) -> str:
    return f'{context["pathto"]("_static/" + name, 1)}?v={_short_digest(name)}'


@lru_cache(maxsize=None)
def _short_digest(name: str) -> str:
    """A version tag from the file's content, so browsers never keep a stale copy."""
    return _digest((STATIC_DIR / name).read_bytes())


def _digest(content: str | bytes) -> str:
    return hashlib.sha256(content.encode() if isinstance(content, str) else content).hexdigest()[:10]


#: Scripts that must run before the page's inline scripts (they set DOCUMENTATION_OPTIONS).
RUN_FIRST = {"_static/documentation_options.js"}


def _tidy_scripts(app, pagename, templatename, context, doctree) -> None:
    """Defer the theme's and extensions' scripts, and drop duplicates and dead widget state.

    Scripts in <head> without ``defer`` stop the browser from showing the text until each has
    been fetched and run; on a phone on a slow network that is most of the wait. Deferred, they
    run in the same order once the page is parsed (their inline settings have run by then).
    The search page is left as it is: its own scripts run at once and need the others.
    """
    seen, unique = set(), []
    defer = pagename != "search"
    drop_widget_state = not app.config.nb_ipywidgets_js
    for script in context.get("script_files", []):
        attributes = getattr(script, "attributes", {})
        if drop_widget_state and attributes.get("type") == WIDGET_STATE_MIME:
            continue  # widgets are live only in JupyterLab; the book shows none
        filename = getattr(script, "filename", str(script)) or ""
        key = (filename, tuple(sorted((k, str(v)) for k, v in attributes.items())))
        if key in seen:
            continue
        seen.add(key)
        if (defer and filename and filename.split("?")[0] not in RUN_FIRST and "body" not in attributes
                and not {"async", "defer", "type"} & attributes.keys()):
            script = type(script)(filename, priority=script.priority, **attributes, defer="defer")
        unique.append(script)
    context["script_files"] = unique


def setup(app) -> None:
    app.connect("build-finished", _copy_static_files)
    app.connect("html-page-context", _add_chart_scripts, priority=500)
    app.connect("html-page-context", _share_quiz_assets, priority=510)
    app.connect("html-page-context", _tidy_scripts, priority=900)
