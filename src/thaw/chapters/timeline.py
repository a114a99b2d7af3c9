"""The course timeline (book/timeline.ipynb): every dated event in data/events.csv.

One chart, filterable by theme without a kernel, and a table of the same events.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from thaw import data
from thaw.charts import PALETTE, finish, fmt_date, table_view

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


def events() -> pd.DataFrame:
    """The timeline, oldest first, with a display date ('5 Mar 1953', 'Jul 1963', '14–25 Feb 1956')."""
    frame = data.table("events").sort_values(["start", "id"]).reset_index(drop=True)
    frame["when"] = [when(row) for row in frame.itertuples()]
    return frame


def when(row) -> str:
    """A date as precise as the source: day, month or year, and a range where there is an end."""
    start = row.start
    if row.precision == "year":
        text = f"{start.year}"
    elif row.precision == "month":
        text = f"{start:%b %Y}"
    else:
        text = fmt_date(start)
    if pd.notna(row.end) and row.end != start:
        end = row.end
        if row.precision == "month":
            text += f" – {end:%b %Y}"
        elif (end.year, end.month) == (start.year, start.month):
            text = f"{start.day}–{fmt_date(end)}"
        else:
            text = f"{fmt_date(start)} – {fmt_date(end)}"
    return text


def timeline_figure() -> go.Figure:
    """All events on one date axis, one row per theme; buttons show one theme or all."""
    frame = events()
    fig = go.Figure()
    codes = list(THEMES)
    for code in codes:
        name, colour, symbol = THEMES[code]
        rows = frame[frame["category"] == code]
        fig.add_trace(go.Scatter(
            x=rows["start"], y=[name] * len(rows), mode="markers", name=name,
            marker=dict(color=colour, symbol=symbol, size=12, line=dict(width=1, color=colour)),
            customdata=list(zip(rows["when"], rows["title"], rows["source"], rows["grade"])),
            hovertemplate="<b>%{customdata[1]}</b><br>%{customdata[0]}<br>"
                          "%{customdata[2]} · grade %{customdata[3]}<extra></extra>"))
    count = {code: int((frame["category"] == code).sum()) for code in codes}
    thaw_years = frame["start"] < EPILOGUE_FROM
    buttons = [dict(label=f"All ({len(frame)})", method="update",
                    args=[{"visible": [True] * len(codes)}, {"xaxis.range": THAW_RANGE}])]
    for index, code in enumerate(codes):
        visible = [i == index for i in range(len(codes))]
        buttons.append(dict(label=f"{THEMES[code][0]} ({count[code]})", method="update",
                            args=[{"visible": visible}, {"xaxis.range": THAW_RANGE}]))
    buttons.append(dict(label=f"Epilogue, 1967–1991 ({int((~thaw_years).sum())})", method="update",
                        args=[{"visible": [True] * len(codes)}, {"xaxis.range": ["1966-06-01", "1992-06-30"]}]))
    fig.update_layout(
        updatemenus=[dict(type="dropdown", direction="down", active=0, buttons=buttons, showactive=True)],
        xaxis=dict(range=THAW_RANGE, type="date"), yaxis=dict(autorange="reversed", showgrid=False),
        hovermode="closest", showlegend=False, margin=dict(l=210))
    return finish(fig, height=470, title="The Thaw, event by event (choose a theme)",
                  source="events.csv: the course timeline; each event's source and grade appear on hover",
                  alt=f"Timeline of {len(frame)} dated events from {frame['start'].min().year} to "
                      f"{frame['start'].max().year}, in six themes; the menu shows one theme at a time.")


def events_table(themes=None):
    """The events as a readable table (all themes unless given)."""
    frame = events()
    if themes:
        frame = frame[frame["category"].isin(themes)]
    frame = frame.assign(theme=frame["category"].map(lambda c: THEMES[c][0]))
    return table_view(frame.rename(columns={"when": "date", "title": "event"}),
                      ["date", "theme", "event", "description", "source", "grade"])
