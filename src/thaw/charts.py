"""Chart conventions shared by every chapter.

One Plotly template (colour-blind-safe Okabe–Ito palette, transparent background
so the book's light and dark modes both work), markers for the key dates of the
period, a source line under every chart, and one way of writing numbers.
Importing this module makes the template the default.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import numbers
import re
import textwrap
from dataclasses import dataclass, field
from typing import Callable, Iterable

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from pandas.io.formats.style import Styler

from thaw import data, i18n
from thaw.i18n import N_, _

#: Okabe & Ito (2008) colour-blind-safe palette, without its black (unreadable in dark mode).
PALETTE = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "grey": "#8C8C8C",
}

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"

# Greys chosen to read on white and on the dark theme's near-black; the book's
# thaw-charts.js replaces text and grid colours to match the active mode.
_AXIS = dict(gridcolor="rgba(128,128,128,0.25)", linecolor="rgba(128,128,128,0.6)",
             zerolinecolor="rgba(128,128,128,0.25)", showline=True, ticks="outside",
             tickcolor="rgba(128,128,128,0.6)", automargin=True, title=dict(standoff=8))

TEMPLATE = go.layout.Template(
    layout=dict(
        colorway=list(PALETTE.values()),
        font=dict(family=FONT, size=14, color="#1f2933"),
        title=dict(font=dict(size=17), x=0, xanchor="left", xref="container", pad=dict(l=12)),
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        separators=".,",
        hovermode="x unified",
        hoverlabel=dict(font=dict(family=FONT, size=13)),
        legend=dict(bgcolor="rgba(0,0,0,0)"),
        margin=dict(l=70, r=30, t=90, b=95),
        xaxis=_AXIS,
        yaxis=dict(_AXIS, tickformat=",", rangemode="tozero"),
    )
)
pio.templates["thaw"] = TEMPLATE
pio.templates.default = "thaw"
i18n.follow_language(lambda code: pio.templates["thaw"].layout.update(separators=i18n.plotly_separators(code)))


def fmt_int(number) -> str:
    """Write a count the way the whole course does: 1,201,738 (Indonesian: 1.201.738)."""
    return i18n.format_number(int(number))


def fmt_date(day) -> str:
    """Write a date the way the whole course does: 1 Jan 1953 (Indonesian: 1 Januari 1953)."""
    return f"{day.day} {_month_year(day)}"


def _month(day) -> str:
    return i18n.month_name(day.month)


def _month_year(day) -> str:
    return f"{_month(day)} {day.year}"


#: How precise a date is: the ``precision`` field of ``events.csv`` and other tables.
PRECISIONS = ("day", "month", "year")


def fmt_span(start, end=None, precision: str = "day") -> str:
    """A date or a span of dates, as precise as the source and no more.

    ``fmt_span("1961-06-03", "1961-06-04")`` gives "3–4 Jun 1961"; precision "month"
    gives "Jun 1961" or "Jun–Jul 1961"; precision "year" gives "1961" or "1961–1962".
    The dash is spaced only when either side has a space in it ("3 Jun – 4 Jul 1961"). An end equal to the start, or missing, gives a single date. Every chapter writes
    dates with this function, so that the same date always reads the same way.
    """
    if precision not in PRECISIONS:
        raise ValueError(f"Unknown date precision '{precision}'. Choose one of: {', '.join(PRECISIONS)}.")
    start = pd.Timestamp(start)
    end = None if end is None or pd.isna(end) else pd.Timestamp(end)
    if precision == "year":
        return f"{start.year}" if end is None or end.year == start.year else f"{start.year}–{end.year}"
    if precision == "month":
        if end is None or (end.year, end.month) == (start.year, start.month):
            return _month_year(start)
        if end.year == start.year:
            return f"{_month(start)}–{_month_year(end)}"
        return f"{_month_year(start)} – {_month_year(end)}"
    if end is None or end == start:
        return fmt_date(start)
    if (end.year, end.month) == (start.year, start.month):
        return f"{start.day}–{fmt_date(end)}"
    if end.year == start.year:
        return f"{start.day} {_month(start)} – {fmt_date(end)}"
    return f"{fmt_date(start)} – {fmt_date(end)}"


def fmt_pct(fraction: float, signed: bool = True) -> str:
    """Write a share or a change as a percentage with one decimal: −68.4%."""
    text = f"{i18n.format_number(abs(fraction) * 100, 1)}%"
    if not signed or fraction == 0:
        return text
    return ("−" if fraction < 0 else "+") + text


def table_view(frame: pd.DataFrame, columns: list[str] | None = None):
    """A table for reading: counts as 1,201,738, dates as 1 Jan 1953, gaps as "—", no index."""
    frame = frame[columns] if columns else frame
    formats = {}
    for name, column in frame.items():
        if pd.api.types.is_datetime64_any_dtype(column):
            formats[name] = fmt_date
        elif pd.api.types.is_integer_dtype(column):
            formats[name] = fmt_int
    # A table id derived from the content keeps rebuilt pages identical.
    uuid = hashlib.sha1(frame.to_csv().encode()).hexdigest()[:8]
    # No id on every cell: a long table stays light (the book needs none of them).
    styler = Styler(frame, cell_ids=False)
    return styler.format(formats, na_rep="—").hide(axis="index").set_uuid(uuid)


def key_dates(start=None, end=None) -> list[dict]:
    """The dated events flagged as chart markers in ``data/events.csv``."""
    events = data.table("events")
    events = events[events["key"]]
    if start is not None:
        events = events[events["start"] >= start]
    if end is not None:
        events = events[events["start"] <= end]
    return [{"date": row.start.date().isoformat(), "label": row.marker}
            for row in events.itertuples()]


def range_with_headroom(largest: float) -> list[float]:
    """A y range from zero that leaves the top quarter free for the key-date labels."""
    return [0, largest * 1.35]


def add_key_dates(fig: go.Figure, start=None, end=None) -> go.Figure:
    """Dotted vertical lines with upright labels for the key dates in the x range.

    Labels alternate left and right of their line, so that dates only weeks apart
    (Stalin's death, the amnesty) stay readable.
    """
    values = [v for trace in fig.data if trace.visible is not False and trace.y is not None
              for v in trace.y if isinstance(v, (int, float))]
    if values and fig.layout.yaxis.range is None:
        fig.update_yaxes(range=range_with_headroom(max(values)))
    for number, event in enumerate(key_dates(start, end)):
        fig.add_vline(x=event["date"], line=dict(color=PALETTE["grey"], width=1, dash="dot"))
        fig.add_annotation(x=event["date"], yref="paper", y=1, text=event["label"], textangle=-90,
                           showarrow=False, xanchor="right" if number % 2 == 0 else "left",
                           yanchor="top", font=dict(size=11))
    return fig


_MAX_TABLE_ROWS = 400


def _cell(value, as_count: bool = True) -> str:
    """One table cell as a reader would write it: 1 Jan 1953; counts as 1,201,738 (not years)."""
    if isinstance(value, str):
        if re.fullmatch(r"\d{4}-\d\d-\d\d(T00:00:00)?", value):
            return fmt_date(pd.Timestamp(value))
        if as_count and re.fullmatch(r"-?\d+", value):
            return fmt_int(int(value))
        return re.sub(r"<br\s*/?>", " ", value)  # a label broken for the chart reads as one line in the table
    if isinstance(value, (pd.Timestamp, dt.date, np.datetime64)):
        return fmt_date(pd.Timestamp(value))
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if as_count and isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return fmt_int(value)
    return str(value)


def data_table(fig: go.Figure, table: pd.DataFrame | None = None, title: str = "") -> dict | None:
    """The chart's data as {"columns", "rows"} of text, for screen readers and for checking."""
    if table is not None:
        counts = [not str(c).lower().startswith("year") for c in table.columns]
        return {"columns": [str(c) for c in table.columns],
                "rows": [[_cell(v, count) for v, count in zip(row, counts)]
                         for row in table.head(_MAX_TABLE_ROWS).itertuples(index=False)]}
    if fig.layout.xaxis.visible is False:  # a map: projected x and y mean nothing to a reader
        return None
    x_title = fig.layout.xaxis.title.text or _("date or category")
    drawn = [t for t in fig.data if t.hoverinfo != "skip" and t.x is not None and t.y is not None]
    if not drawn:
        return None
    # One row per x value (date or category), one column per series: compact and easy to read.
    horizontal = drawn[0].orientation == "h"
    series, order = {}, []
    for trace in drawn:
        labels, values = (trace.y, trace.x) if horizontal else (trace.x, trace.y)
        name = trace.name or title
        column = series.setdefault(name, {})
        for label, value in zip(labels, values):
            if label is None or value is None:
                continue
            key = _cell(label, as_count=False)
            if key not in order:
                order.append(key)
            column[key] = _cell(value)
    first = (fig.layout.yaxis.title.text if horizontal else x_title) or _("category")
    return {"columns": [first, *series],
            "rows": [[key, *(column.get(key, "") for column in series.values())]
                     for key in order[:_MAX_TABLE_ROWS]]}


#: A solid line means a continuous series: it never joins two figures further apart than this.
LONGEST_SOLID_SPAN = pd.Timedelta(days=3 * 365.25 + 1)
_STEP_SHAPES = {"hv", "vh", "hvh", "vhv"}  # a step line is level across its span
_STYLE_PER_POINT = {"marker.symbol", "marker.size", "marker.color", "textposition"}
_PER_POINT = ["customdata", "text", "hovertext", *sorted(_STYLE_PER_POINT)]


def _on_time_axis(value) -> pd.Timestamp | None:
    """A date, or a whole year between 1800 and 2100, as a Timestamp; None for anything else."""
    if isinstance(value, (pd.Timestamp, dt.date, np.datetime64)):
        return None if pd.isna(value) else pd.Timestamp(value)
    if isinstance(value, numbers.Integral) and not isinstance(value, bool) and 1800 <= value <= 2100:
        return pd.Timestamp(year=int(value), month=1, day=1)
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d\d(-\d\d)?([T ][\d:.]+)?", value):
        return pd.Timestamp(value)
    return None


def break_long_segments(trace) -> int:
    """Break a solid line wherever it would join two figures more than three years apart.

    Plotly draws nothing between points on either side of an empty y, so the years
    without a figure show as a gap instead of a straight line that hides what happened
    in them. Level segments (a period estimate, a term of office) and dotted or dashed
    lines (which a caption explains) are left alone. Returns the number of breaks.
    """
    if trace.type != "scatter" or "lines" not in (trace.mode or "lines") or trace.x is None or trace.y is None:
        return 0
    if trace.line.dash not in (None, "solid") or trace.line.shape in _STEP_SHAPES:
        return 0
    xs, ys = list(trace.x), list(trace.y)
    whens = [_on_time_axis(x) for x in xs]
    breaks = [i for i in range(1, len(xs))
              if whens[i] is not None and whens[i - 1] is not None and ys[i] is not None and ys[i - 1] is not None
              and abs(whens[i] - whens[i - 1]) > LONGEST_SOLID_SPAN and ys[i] != ys[i - 1]]
    if not breaks:
        return 0
    def with_gaps(values, blank=None, repeat=False):
        values = list(values)
        for i in reversed(breaks):  # a style array repeats its neighbour: the gap point draws nothing
            values.insert(i, values[i - 1] if repeat else blank)
        return values
    for name in _PER_POINT:
        owner, attr = name.rpartition(".")[::2]
        holder = trace[owner] if owner else trace
        value = holder[attr]
        if value is not None and not isinstance(value, str) and np.ndim(value) >= 1 and len(value) == len(xs):
            blank = [None] * len(value[0]) if np.ndim(value) == 2 else None
            holder[attr] = with_gaps(value, blank, repeat=name in _STYLE_PER_POINT)
    # The gap sits midway between the two figures, so hover and the axis range stay as they were.
    middle = [whens[i - 1] + (whens[i] - whens[i - 1]) / 2 for i in breaks]
    xs_out = list(xs)
    for i, when in zip(reversed(breaks), reversed(middle)):
        xs_out.insert(i, when if isinstance(xs[i], (pd.Timestamp, dt.date, np.datetime64, str)) else when.year)
    trace.update(x=xs_out, y=with_gaps(ys), connectgaps=False)
    if "markers" not in (trace.mode or ""):  # a figure between two gaps would otherwise vanish
        trace.mode = (trace.mode or "lines") + "+markers"
    return len(breaks)


# Vertical space, in pixels, of the parts of a chart outside its plot area.
_TITLE_LINE_PX, _MENU_PX, _AXIS_PX, _SLIDER_PX = 30, 44, 58, 96
_LEGEND_ROW_PX, _SOURCE_LINE_PX, _MIN_PLOT_PX = 22, 16, 260
_SOURCE_CHARS_PER_LINE = 88
_BUTTON_ROW_PX = 600
#: The name of the source line's annotation (thaw-chart-fit.js finds it by this name).
SOURCE_LINE = "thaw-source"


def finish(fig: go.Figure, *, title: str, source: str, alt: str, height: int = 480,
           table: pd.DataFrame | None = None) -> go.Figure:
    """Title, source line, text alternatives and layout: every course chart ends here.

    From top to bottom: title, any buttons, the plot, the x axis, any slider, the
    legend (one entry per row, so long names never overlap), and the source line.
    ``alt`` is a one-sentence summary of what the chart shows; the book puts it on
    the chart container for screen readers, with the data as a table below the chart:
    ``table`` if given (maps must give one: their axes are projected coordinates),
    otherwise the series of the chart, trace by trace. Solid lines are broken where they
    would join figures more than three years apart (:func:`break_long_segments`).
    """
    layout = fig.layout
    for trace in fig.data:
        break_long_segments(trace)
    named = [t for t in fig.data if t.showlegend is not False and t.name]
    show_legend = layout.showlegend is not False and len(named) > 1
    source_lines = textwrap.wrap(_("Source: {source}").format(source=source), _SOURCE_CHARS_PER_LINE)
    top = 20 + _TITLE_LINE_PX * (title.count("<br>") + 1) + (_MENU_PX if layout.updatemenus else 0)
    axis = _AXIS_PX if layout.xaxis.visible is not False else 8
    slider = _SLIDER_PX if layout.sliders else 0
    legend = _LEGEND_ROW_PX * len(named) + 8 if show_legend else 0
    bottom = axis + slider + legend + _SOURCE_LINE_PX * len(source_lines) + 12
    plot = max(height - top - bottom, _MIN_PLOT_PX)
    fig.update_layout(
        height=top + plot + bottom, margin=dict(t=top, b=bottom),
        meta=dict(alt=alt, table=data_table(fig, table, title)),
        title=dict(text=title, yref="container", y=1, yanchor="top", pad=dict(t=18)),
        showlegend=show_legend,
        legend=dict(orientation="v", x=0, xanchor="left", y=-(axis + slider) / plot, yanchor="top"))
    for menu in layout.updatemenus:
        if menu.xanchor != "right":  # views(side="right") keeps a second menu at the right edge
            menu.update(x=0, xanchor="left")
        menu.update(y=1 + 10 / plot, yanchor="bottom", pad=dict(t=0, b=0))
        # A row of buttons wider than a narrow page would be cut off: offer a menu instead.
        width = sum(8 * len(button.label or "") + 26 for button in menu.buttons)
        if menu.type in (None, "buttons") and width > _BUTTON_ROW_PX:
            menu.update(type="dropdown", direction="down")
    for bar in layout.sliders:
        bar.update(x=0, xanchor="left", len=1, y=-axis / plot, yanchor="top")
    left_margin = layout.margin.l if layout.margin.l is not None else TEMPLATE.layout.margin.l
    # Annotations cannot be placed relative to the whole figure: shift from the plot's left edge.
    # Named, so that the book's scripts (thaw-chart-fit.js) know the source line in any language.
    fig.add_annotation(text="<br>".join(source_lines), name=SOURCE_LINE, xref="paper", yref="paper", x=0, y=0,
                       xshift=-(left_margin - 12), yshift=-(axis + slider + legend),
                       xanchor="left", yanchor="top",
                       showarrow=False, align="left", font=dict(size=11))
    return fig


# --- Kernel-free views ------------------------------------------------------------------------

def grouped(group: str, trace):
    """Put ``trace`` in a named group, so that :func:`views` can show or hide it by name."""
    trace.meta = {**(trace.meta if isinstance(trace.meta, dict) else {}), "group": group}
    return trace


def group_of(trace) -> str | None:
    """The group a trace was put in with :func:`grouped`, or None."""
    return trace.meta.get("group") if isinstance(trace.meta, dict) else None


@dataclass
class View:
    """One button of a chart's kernel-free menu.

    ``show``: the trace groups this view shows; the menu hides its other groups and
    never touches traces outside them (a base map, a second menu's traces). None
    leaves visibility alone (a zoom). ``layout``: layout changes, e.g.
    ``{"xaxis.range": [...]}``. ``restyle``: per-group trace changes, each either a
    dict or a function of the trace that returns one (``{"labels": {"text": [...]}}``).
    """

    label: str
    show: Iterable[str] | None = None
    layout: dict = field(default_factory=dict)
    restyle: dict[str, dict | Callable] = field(default_factory=dict)


def _trace_value(trace, attr: str):
    value = trace[attr]
    return list(value) if isinstance(value, tuple) else value


def views(fig: go.Figure, choices: list[View], *, active: int = 0, side: str = "left",
          dropdown: bool = False, font_size: int | None = None) -> go.Figure:
    """Add a menu of views to ``fig`` and put the figure in the ``active`` view.

    The views work in the book without a kernel: each button is a Plotly ``update``
    of the traces named by group, never by position, so adding a trace to a chart
    cannot silently break its buttons. ``side="right"`` places a second menu at the
    right edge; ``font_size`` makes many buttons fit. A row of buttons too wide for a phone
    becomes a drop-down (:func:`finish`).
    """
    if not choices:
        raise ValueError("A menu needs at least one view.")
    shown_groups = {g for view in choices if view.show is not None for g in view.show}
    restyled_groups = {g for view in choices for g in view.restyle}
    known = {group_of(t) for t in fig.data}
    unknown = (shown_groups | restyled_groups) - known
    if unknown:
        raise ValueError(f"No trace in group(s) {', '.join(sorted(unknown))}; "
                         f"the chart's groups are: {', '.join(sorted(g for g in known if g))}.")
    controlled = [i for i, t in enumerate(fig.data) if group_of(t) in shown_groups | restyled_groups]
    originals = {i: fig.data[i] for i in controlled}

    def change_for(view: View, index: int) -> dict:
        change = view.restyle.get(group_of(originals[index]), {})
        return change(originals[index]) if callable(change) else change

    attrs = sorted({a for view in choices for i in controlled for a in change_for(view, i)})

    def trace_update(view: View) -> dict:
        update = {}
        if view.show is None and not view.restyle:
            return update  # a zoom: the traces stay as the other views left them
        if view.show is not None:
            shown = set(view.show)
            update["visible"] = [group_of(originals[i]) in shown for i in controlled]
        for attr in attrs:
            values = []
            for i in controlled:
                change = change_for(view, i)
                values.append(change[attr] if attr in change else _trace_value(originals[i], attr))
            update[attr] = values
        return update

    buttons = []
    for view in choices:
        data_update = trace_update(view)
        if not data_update:
            buttons.append(dict(label=view.label, method="relayout", args=[view.layout]))
        elif not view.layout:
            buttons.append(dict(label=view.label, method="restyle", args=[data_update, controlled]))
        else:
            buttons.append(dict(label=view.label, method="update", args=[data_update, view.layout, controlled]))
    # The figure opens in the active view, exactly as its button would leave it.
    opening = trace_update(choices[active])
    for attr, values in opening.items():
        for i, value in zip(controlled, values):
            fig.data[i][attr] = value
    fig.update_layout(choices[active].layout)
    menu = dict(type="dropdown" if dropdown else "buttons", direction="down" if dropdown else "right",
                active=active, showactive=True, buttons=buttons)
    if side == "right":
        menu.update(x=1, xanchor="right")
    if font_size:
        menu["font"] = dict(size=font_size)
    fig.update_layout(updatemenus=[*fig.layout.updatemenus, menu])
    return fig


# --- Evidence styles --------------------------------------------------------------------------

#: One meaning per mark, in every chapter. The weakest evidence wins when a figure has several.
HATCH = {"grade D": "x", "derived": "/", "approximate": "."}
#: Qualifiers that make a figure approximate ("about 800,000", "at least 15,000").
APPROXIMATE = {"about", "approximately", "at least", "at most", "over", "under", "more than", "fewer than"}
#: Shown as ``_(EVIDENCE_KEY)`` (translated where it is shown).
EVIDENCE_KEY = N_("Hatching: × popular web copy only (grade D); / derived by arithmetic, not read; "
                "dots approximate (about, at least). Open markers: any of the three (the hover says which).")


def evidence_mark(grade=None, status=None, qualifier=None) -> str | None:
    """The one evidence mark of a figure: "grade D", "derived", "approximate" or None."""
    if isinstance(grade, str) and grade.strip().upper().endswith("D"):
        return "grade D"
    if status == "derived":
        return "derived"
    # Tables write qualifiers as codes ("at_least", "more_than"); prose writes them as words.
    if isinstance(qualifier, str) and qualifier.strip().lower().replace("_", " ") in APPROXIMATE:
        return "approximate"
    return None


def evidence_hatch(grade=None, status=None, qualifier=None) -> str:
    """Bar pattern for a figure's evidence: "x" grade D, "/" derived, "." approximate, "" otherwise."""
    return HATCH.get(evidence_mark(grade, status, qualifier), "")


def evidence_symbol(base: str = "circle", grade=None, status=None, qualifier=None) -> str:
    """Marker for a figure's evidence: the base symbol, open when the figure is not read in a good source."""
    return base if evidence_mark(grade, status, qualifier) is None else f"{base}-open"


def evidence_dash(grade=None) -> str | None:
    """Line dash for a series: dashed when its figures come only from popular web copies (grade D)."""
    return "dash" if evidence_mark(grade) == "grade D" else None
