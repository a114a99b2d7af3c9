"""The course timeline (book/timeline.ipynb): every dated event in data/events.csv.

One chart, filterable by theme without a kernel, and a table of the same events.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from thaw import data
from thaw.charts import PALETTE, View, finish, fmt_int, fmt_span, grouped, table_view, views
from thaw.i18n import N_, _

#: Theme code -> (name, colour, marker); the name is English, shown through ``_``.
THEMES = {
    "POL": (N_("Politics"), PALETTE["blue"], "circle"),
    "PEN": (N_("Camps, courts, rehabilitation"), PALETTE["vermillion"], "square"),
    "NAT": (N_("Deported peoples"), PALETTE["green"], "diamond"),
    "CUL": (N_("Culture"), PALETTE["purple"], "star"),
    "FOR": (N_("Foreign policy"), PALETTE["orange"], "triangle-up"),
    "UPR": (N_("Uprisings and protest"), PALETTE["sky"], "x"),
}
#: The columns of the events table, with their headings (English; shown through ``_``).
TABLE_COLUMNS = {"when": N_("date"), "theme": N_("theme"), "title": N_("event"), "description": N_("description"),
                 "source": N_("source"), "grade": N_("grade")}
EPILOGUE_FROM = pd.Timestamp("1967-01-01")
THAW_RANGE = ["1952-10-01", "1966-06-30"]
EPILOGUE_RANGE = ["1966-06-01", "1992-06-30"]


def events() -> pd.DataFrame:
    """The timeline, oldest first, with a display date ('5 Mar 1953', 'Jul 1963', '14–25 Feb 1956')."""
    frame = data.table("events").sort_values(["start", "id"]).reset_index(drop=True)
    frame["when"] = [fmt_span(row.start, row.end, row.precision) for row in frame.itertuples()]
    return frame


def timeline_figure() -> go.Figure:
    """All events on one date axis, one row per theme; a menu shows one theme, all, or the epilogue."""
    frame = events()
    fig = go.Figure()
    for code, (name, colour, symbol) in THEMES.items():
        rows = frame[frame["category"] == code]
        fig.add_trace(grouped(code, go.Scatter(
            x=rows["start"], y=[_(name)] * len(rows), mode="markers", name=_(name),
            marker=dict(color=colour, symbol=symbol, size=12, line=dict(width=1, color=colour)),
            customdata=list(zip(rows["when"], rows["title"], rows["source"], rows["grade"])),
            hovertemplate=_("<b>%{customdata[1]}</b><br>%{customdata[0]}<br>"
                            "%{customdata[2]} · grade %{customdata[3]}<extra></extra>"))))
    epilogue = frame[frame["start"] >= EPILOGUE_FROM]
    views(fig, [View(_("All ({count})").format(count=fmt_int(len(frame))), list(THEMES), {"xaxis.range": THAW_RANGE})]
          + [View(f"{_(name)} ({fmt_int((frame['category'] == code).sum())})", [code], {"xaxis.range": THAW_RANGE})
             for code, (name, _colour, _symbol) in THEMES.items()]
          + [View(_("Epilogue, {years} ({count})").format(
                      years=fmt_span(epilogue["start"].min(), epilogue["start"].max(), "year"),
                      count=fmt_int(len(epilogue))),
                  list(THEMES), {"xaxis.range": EPILOGUE_RANGE})], dropdown=True)
    fig.update_layout(xaxis=dict(type="date"), yaxis=dict(autorange="reversed", showgrid=False),
                      hovermode="closest", showlegend=False, margin=dict(l=210))
    return finish(fig, height=470, title=_("The Thaw, event by event (choose a theme)"),
                  source=_("events.csv: the course timeline; each event's source and grade appear on hover"),
                  alt=_("Timeline of {count} dated events from {first} to {last}, by theme; the menu shows one "
                        "theme at a time.").format(count=fmt_int(len(frame)), first=frame["start"].min().year,
                                                   last=frame["start"].max().year))


def events_table(themes=None):
    """The events as a readable table (all themes unless given)."""
    frame = events()
    if themes:
        frame = frame[frame["category"].isin(themes)]
    frame = frame.assign(theme=frame["category"].map(lambda c: _(THEMES[c][0])))
    headings = {column: _(heading) for column, heading in TABLE_COLUMNS.items()}
    return table_view(frame.rename(columns=headings), list(headings.values()))


#: The page's figures, in the order it shows them.
FIGURES = {"timeline": timeline_figure}
EXPLORER = None
