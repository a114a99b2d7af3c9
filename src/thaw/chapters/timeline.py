"""The course timeline (book/timeline.ipynb): every dated event in data/events.csv.

One chart, filterable by theme without a kernel, and a table of the same events.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from thaw import data
from thaw.charts import PALETTE, View, finish, fmt_span, grouped, table_view, views

THEMES = {
    "POL": ("Politics", PALETTE["blue"], "circle"),
    "PEN": ("Camps, courts, rehabilitation", PALETTE["vermillion"], "square"),
    "NAT": ("Deported peoples", PALETTE["green"], "diamond"),
    "CUL": ("Culture", PALETTE["purple"], "star"),
    "FOR": ("Foreign policy", PALETTE["orange"], "triangle-up"),
    "UPR": ("Uprisings and protest", PALETTE["sky"], "x"),
}
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
            x=rows["start"], y=[name] * len(rows), mode="markers", name=name,
            marker=dict(color=colour, symbol=symbol, size=12, line=dict(width=1, color=colour)),
            customdata=list(zip(rows["when"], rows["title"], rows["source"], rows["grade"])),
            hovertemplate="<b>%{customdata[1]}</b><br>%{customdata[0]}<br>"
                          "%{customdata[2]} · grade %{customdata[3]}<extra></extra>")))
    epilogue = frame[frame["start"] >= EPILOGUE_FROM]
    views(fig, [View(f"All ({len(frame)})", list(THEMES), {"xaxis.range": THAW_RANGE})]
          + [View(f"{name} ({int((frame['category'] == code).sum())})", [code], {"xaxis.range": THAW_RANGE})
             for code, (name, _, _) in THEMES.items()]
          + [View(f"Epilogue, {fmt_span(epilogue['start'].min(), epilogue['start'].max(), 'year')} ({len(epilogue)})",
                  list(THEMES), {"xaxis.range": EPILOGUE_RANGE})], dropdown=True)
    fig.update_layout(xaxis=dict(type="date"), yaxis=dict(autorange="reversed", showgrid=False),
                      hovermode="closest", showlegend=False, margin=dict(l=210))
    return finish(fig, height=470, title="The Thaw, event by event (choose a theme)",
                  source="events.csv: the course timeline; each event's source and grade appear on hover",
                  alt=f"Timeline of {len(frame)} dated events from {frame['start'].min().year} to "
                      f"{frame['start'].max().year}, by theme; the menu shows one theme at a time.")


def events_table(themes=None):
    """The events as a readable table (all themes unless given)."""
    frame = events()
    if themes:
        frame = frame[frame["category"].isin(themes)]
    frame = frame.assign(theme=frame["category"].map(lambda c: THEMES[c][0]))
    return table_view(frame.rename(columns={"when": "date", "title": "event"}),
                      ["date", "theme", "event", "description", "source", "grade"])


#: The page's figures, in the order it shows them.
FIGURES = {"timeline": timeline_figure}
EXPLORER = None
