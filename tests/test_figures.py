"""One test of every course figure's conventions, over the chapters' figure registries.

Each chapter module declares ``FIGURES`` (a name -> function returning the figure, in
the order the notebook shows them) and ``EXPLORER`` (the function that builds its
ipywidgets explorer, or None). This file checks every registered figure once: title,
source line, text alternative, data table, trace types the book can draw, no solid
line across a gap, and a text alternative whose every number comes from the figure.
"""

from __future__ import annotations

import importlib
import json
import re
from functools import lru_cache

import pandas as pd
import plotly.graph_objects as go
import pytest

from conftest import CHAPTERS, assert_course_figure

from thaw.charts import _on_time_axis

#: Chapter module for each notebook: 02-emptying-the-gulag -> thaw.chapters.ch02_emptying_the_gulag.
CHAPTER_MODULES = [f"thaw.chapters.ch{path.stem.replace('-', '_')}" for path in CHAPTERS]
REGISTERED = [(module, name) for module in CHAPTER_MODULES
              for name in getattr(importlib.import_module(module), "FIGURES", {})]


@lru_cache(maxsize=None)
def drawn(module: str, name: str) -> go.Figure:
    return importlib.import_module(module).FIGURES[name]()


def test_every_chapter_registers_its_figures_and_its_explorer():
    for module in CHAPTER_MODULES:
        chapter = importlib.import_module(module)
        assert getattr(chapter, "FIGURES", None), f"{module} declares no FIGURES"
        assert hasattr(chapter, "EXPLORER"), f"{module} declares no EXPLORER (None if it has none)"
        assert all(re.fullmatch(r"[a-z][a-z0-9-]*", name) for name in chapter.FIGURES), \
            f"{module}: figure names are short labels such as 'population'"


def test_every_chart_function_of_a_chapter_is_registered():
    for module in CHAPTER_MODULES:
        chapter = importlib.import_module(module)
        functions = {name for name, value in vars(chapter).items()
                     if name.endswith("_figure") and callable(value) and value.__module__ == module}
        registered = {function.__name__ for function in chapter.FIGURES.values()}
        explorer_parts = {name for name in functions if name.startswith("explorer")}
        assert functions - registered - explorer_parts == set(), f"{module}: figure functions not in FIGURES"


@pytest.mark.parametrize("module, name", REGISTERED, ids=[f"{m.rsplit('.', 1)[1]}:{n}" for m, n in REGISTERED])
def test_figure_conventions(module, name):
    fig = drawn(module, name)
    assert_course_figure(fig, name)
    table = fig.layout.meta["table"]
    assert table and table["rows"], f"{name}: no data table for screen readers"


def _numbers(text: str) -> set[str]:
    """The numbers written in a text, as digits only: "1,201,738" -> "1201738", "68.4%" -> "68.4"."""
    text = re.sub(r"<[^>]+>", " ", text)
    return {n.replace(",", "").rstrip(".") for n in re.findall(r"\d[\d,]*(?:\.\d+)?", text)}


def _strings(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)
    elif value is not None:
        yield str(value)


def figure_numbers(fig: go.Figure) -> set[str]:
    """Every number a reader can find in a figure: its plotted values, labels, hover texts, table and title."""
    plain = json.loads(fig.to_json())
    found = set()
    for trace in fig.data:
        for attr in ("x", "y", "text", "customdata", "hovertext", "name"):
            for item in _strings(trace[attr] if trace[attr] is not None else []):
                found |= _numbers(item)
                when = _on_time_axis(item[:10]) if re.match(r"\d{4}-\d\d", item) else None
                if when is not None:
                    found |= {str(when.year), str(when.day)}
            for value in (trace[attr] if isinstance(trace[attr], (list, tuple)) else []):
                if isinstance(value, float) and value.is_integer():
                    found.add(str(int(value)))
                elif isinstance(value, pd.Timestamp):
                    found |= {str(value.year), str(value.day)}
    for item in _strings(plain["layout"].get("meta", {}).get("table")):
        found |= _numbers(item)
    layout = plain["layout"]
    axis_titles = [layout.get(axis, {}).get("title") for axis in layout if axis.startswith(("xaxis", "yaxis"))]
    for part in (layout.get("title"), layout.get("annotations"), layout.get("updatemenus"),
                 layout.get("sliders"), axis_titles):
        for item in _strings(part):
            found |= _numbers(item)
    return found


@pytest.mark.parametrize("module, name", REGISTERED, ids=[f"{m.rsplit('.', 1)[1]}:{n}" for m, n in REGISTERED])
def test_every_number_in_a_text_alternative_is_in_the_figure(module, name):
    fig = drawn(module, name)
    missing = _numbers(fig.layout.meta["alt"]) - figure_numbers(fig)
    assert not missing, (f"{name}: the text alternative gives {sorted(missing)}, which the figure does not "
                         f"show; write the alternative from the plotted rows")


def test_the_number_check_catches_a_typed_in_number():
    fig = go.Figure(go.Bar(x=["1953", "1954"], y=[1201738, 300000]))
    fig.update_layout(meta={"alt": "The amnesty released 1,201,738 people in 1953.", "table": None})
    assert not _numbers(fig.layout.meta["alt"]) - figure_numbers(fig)
    fig.update_layout(meta={"alt": "The amnesty released 1,201,739 people in 1953.", "table": None})
    assert _numbers(fig.layout.meta["alt"]) - figure_numbers(fig) == {"1201739"}
