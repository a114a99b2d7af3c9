"""The linked view every ipywidgets explorer shares: one sentence and one chart that follow the controls."""

import ipywidgets as widgets
import plotly.graph_objects as go

from thaw.explore import LinkedView


def _view(monkeypatch, draw):
    shown = []
    monkeypatch.setattr(go.Figure, "show", lambda self, *a, **k: shown.append(self))
    year = widgets.IntSlider(value=1953, min=1953, max=1964)
    view = LinkedView(lambda: f"Year {year.value}.", lambda: draw(year.value))
    view.follow(year)
    return view, year, shown


def test_the_sentence_and_the_chart_follow_the_controls(monkeypatch):
    view, year, shown = _view(monkeypatch, lambda y: go.Figure(go.Bar(x=[y], y=[1])))
    box = view.box(year)
    assert box.children == (year, view.summary, view.chart)
    assert view.summary.value == "<p>Year 1953.</p>" and len(shown) == 1
    year.value = 1956
    assert view.summary.value == "<p>Year 1956.</p>" and list(shown[-1].data[0].x) == [1956]


def test_an_impossible_choice_draws_nothing_and_the_sentence_explains(monkeypatch):
    view, year, shown = _view(monkeypatch, lambda y: None if y > 1960 else go.Figure())
    view.box(year)
    year.value = 1962
    assert view.summary.value == "<p>Year 1962.</p>" and len(shown) == 1


def test_changing_several_controls_redraws_once(monkeypatch):
    view, year, shown = _view(monkeypatch, lambda y: go.Figure())
    view.box(year)
    with view.one_redraw():
        year.max = 1970
        year.value = 1965
    assert len(shown) == 2 and view.summary.value == "<p>Year 1965.</p>"
