"""A solid line means a continuous series: no chart draws one across years without a figure.

The historian's review found camp and colony totals drawn as one straight solid line
from 1932 to 1942 and from 1944 to 1953, hiding the peak of 1950 and the terror years.
This checks every line trace of every figure the book shows (the executed notebooks'
outputs) and of every ipywidgets explorer, in every state its menus can take.

A line segment may span more than three years without a figure only if it is level
(a period estimate or a term of office drawn as a bar) or drawn visibly differently
(dotted or dashed, which the caption then explains).
"""

from __future__ import annotations

import base64
import datetime as dt
import importlib
import math
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from conftest import BOOK_NOTEBOOKS, CHAPTERS, PLOTLY_MIME

from thaw.charts import LONGEST_SOLID_SPAN as MAX_SOLID_SPAN
STEP_SHAPES = {"hv", "vh", "hvh", "vhv"}  # a step line is level across its span


def decoded(values):
    """Plotly's JSON stores numeric arrays as base64 typed arrays; give plain lists back."""
    if isinstance(values, dict) and "bdata" in values:
        array = np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"])
        return array.reshape(values["shape"]).tolist() if "shape" in values else array.tolist()
    return values


def as_time(value) -> pd.Timestamp | None:
    """A point on a time axis (a date, or a whole year), or None for categories and gaps."""
    if isinstance(value, (np.datetime64, dt.date)):
        return None if pd.isna(value) else pd.Timestamp(value)
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float, np.number)):
        whole = not math.isnan(value) and float(value).is_integer()
        return pd.Timestamp(year=int(value), month=1, day=1) if whole and 1800 <= value <= 2100 else None
    if isinstance(value, str) and value[:4].isdigit() and len(value) >= 7:
        try:
            return pd.Timestamp(value)
        except ValueError:
            return None
    return None


def is_gap(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def long_solid_segments(trace: dict) -> list[str]:
    """The solid, sloping segments of a line trace that join points more than three years apart."""
    if trace.get("type", "scatter") != "scatter" or "lines" not in (trace.get("mode") or "lines"):
        return []
    line = trace.get("line") or {}
    if line.get("dash") not in (None, "solid") or line.get("shape") in STEP_SHAPES:
        return []
    xs, ys = decoded(trace.get("x")), decoded(trace.get("y"))
    if xs is None or ys is None:
        return []
    found, previous = [], None
    for x, y in zip(xs, ys):
        when = as_time(x)
        if when is None or is_gap(y):
            if not trace.get("connectgaps"):
                previous = None  # Plotly breaks the line here
            continue
        if previous is not None:
            then, level = previous
            if abs(when - then) > MAX_SOLID_SPAN and y != level:
                found.append(f"{then:%Y-%m-%d} → {when:%Y-%m-%d}")
        previous = (when, y)
    return found


def figure_problems(figure: dict, where: str) -> list[str]:
    if (figure.get("layout", {}).get("xaxis") or {}).get("visible") is False:
        return []  # a map: x is a projected coordinate, not time
    return [f"{where}, trace {trace.get('name')!r}: solid line across {span}"
            for trace in figure.get("data", []) for span in long_solid_segments(trace)]


# --- The check itself must catch what the review found --------------------------------

def test_the_check_catches_a_solid_line_across_a_gap_and_allows_honest_ones():
    def trace(**kwargs):
        return {"type": "scatter", "mode": "lines+markers", "x": [1932, 1942, 1943], "y": [1, 2, 3], **kwargs}
    assert long_solid_segments(trace()) == ["1932-01-01 → 1942-01-01"]
    dates = {"x": {"dtype": "i2", "bdata": base64.b64encode(np.array([1932, 1942], "i2")).decode()}, "y": [5, 9]}
    assert long_solid_segments(trace(**dates)) == ["1932-01-01 → 1942-01-01"]  # typed arrays too
    assert long_solid_segments(trace(x=["1944-01-01", "1953-01-01"], y=[9, 3])) == ["1944-01-01 → 1953-01-01"]
    assert long_solid_segments(trace(line={"dash": "dot"})) == []  # a visibly different connector
    assert long_solid_segments(trace(x=[1932, None, 1942, 1943])) == []  # the line is broken
    assert long_solid_segments(trace(x=[1953, 1964], y=[1, 1])) == []  # a level period line
    assert long_solid_segments(trace(x=["a", "b"], y=[1, 2])) == []  # categories, not time
    assert long_solid_segments(trace(mode="markers")) == []


# --- Every figure the book shows ---------------------------------------------------------

@pytest.mark.parametrize("path", CHAPTERS + BOOK_NOTEBOOKS, ids=[p.name for p in CHAPTERS + BOOK_NOTEBOOKS])
def test_no_figure_draws_a_solid_line_across_a_gap(path, executed_notebooks):
    notebook = executed_notebooks(path)
    problems = []
    for number, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            if PLOTLY_MIME in output.get("data", {}):
                problems += figure_problems(output["data"][PLOTLY_MIME], f"{path.name} cell {number}")
    assert problems == []


# --- Every explorer, in every state of its menus -----------------------------------------

def explorer_modules() -> list[str]:
    import pkgutil

    import thaw.chapters
    folder = Path(thaw.chapters.__path__[0])
    return [m.name for m in pkgutil.iter_modules(thaw.chapters.__path__)
            if "def build_explorer(" in (folder / f"{m.name}.py").read_text(encoding="utf-8")]


def _controls(widget):
    children = getattr(widget, "children", ())
    return [widget] + [c for child in children for c in _controls(child)]


@pytest.mark.parametrize("module_name", explorer_modules())
def test_no_explorer_draws_a_solid_line_across_a_gap(module_name, monkeypatch, tmp_path):
    import inspect

    import ipywidgets as widgets

    drawn: list[go.Figure] = []
    monkeypatch.setattr(go.Figure, "show", lambda self, *a, **k: drawn.append(self))
    build = importlib.import_module(f"thaw.chapters.{module_name}").build_explorer
    # Explorers that save a student's answers take the file to save them in.
    explorer = build(tmp_path / "answers.json") if inspect.signature(build).parameters else build()
    controls = _controls(explorer)
    for box in controls:  # a date quiz draws its chart once a date is typed
        if isinstance(box, widgets.Text) and box.placeholder == "YYYY-MM-DD":
            box.value = "1956-02-25"
    menus = [c for c in controls if isinstance(c, (widgets.Dropdown, widgets.ToggleButtons,
                                                    widgets.RadioButtons, widgets.Select))]
    for menu in menus:
        for value in [option[1] if isinstance(option, tuple) else option for option in menu.options]:
            menu.value = value
    if any(isinstance(c, widgets.Output) for c in controls):
        assert drawn, f"the {module_name} explorer has a chart but drew nothing"
    problems = [p for number, fig in enumerate(drawn)
                for p in figure_problems(fig.to_plotly_json(), f"{module_name} explorer, state {number}")]
    assert sorted(set(problems)) == []
