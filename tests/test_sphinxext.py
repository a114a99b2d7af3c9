"""The book's Plotly renderer: self-contained HTML, and a clear failure for what cannot draw offline."""

import json
import re
from pathlib import Path
from types import SimpleNamespace

import plotly
import pytest

from thaw.book.sphinxext import BUNDLED_TRACES, PLOTLY_BUNDLE, STATIC_DIR, ChartError, PlotlyMimeRenderer

MIME = "application/vnd.plotly.v1+json"


def render(figure, cell=3):
    output = SimpleNamespace(mime_type=MIME, content=figure, cell_index=cell, output_index=0)
    return PlotlyMimeRenderer.handle_mime(None, output, inline=False)


def test_vendored_bundle_matches_the_plotly_package():
    """The figure JSON is written by plotly.py for one plotly.js version: serve exactly that one."""
    def version(text):
        return re.search(r"plotly\.js (?:\(basic - minified\) )?v(\d+\.\d+\.\d+)", text[:400]).group(1)
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
