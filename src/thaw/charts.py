"""Chart conventions shared by every chapter.

One Plotly template (colour-blind-safe Okabe–Ito palette, transparent background
so the book's light and dark modes both work), markers for the key dates of the
period, a source line under every chart, and one way of writing numbers.
Importing this module makes the template the default.
"""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

from thaw import data

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
        title=dict(font=dict(size=17), x=0, xanchor="left", xref="paper"),
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        separators=".,",
        hovermode="x unified",
        hoverlabel=dict(font=dict(family=FONT, size=13)),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0, xanchor="left",
                    bgcolor="rgba(0,0,0,0)"),
        margin=dict(l=70, r=30, t=90, b=95),
        xaxis=_AXIS,
        yaxis=dict(_AXIS, tickformat=",", rangemode="tozero"),
    )
)
pio.templates["thaw"] = TEMPLATE
pio.templates.default = "thaw"


def fmt_int(number) -> str:
    """Write a count the way the whole course does: 1,201,738."""
    return f"{int(number):,}"


def fmt_date(day) -> str:
    """Write a date the way the whole course does: 1 Jan 1953."""
    return f"{day.day} {day:%b %Y}"


def fmt_pct(fraction: float, signed: bool = True) -> str:
    """Write a share or a change as a percentage with one decimal: −68.4%."""
    text = f"{abs(fraction) * 100:.1f}%"
    if not signed or fraction == 0:
        return text
    return ("−" if fraction < 0 else "+") + text


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


def add_key_dates(fig: go.Figure, start=None, end=None) -> go.Figure:
    """Dotted vertical lines, labelled at the top, for the key dates in the x range."""
    for number, event in enumerate(key_dates(start, end)):
        fig.add_vline(x=event["date"], line=dict(color=PALETTE["grey"], width=1, dash="dot"))
        fig.add_annotation(x=event["date"], yref="paper", y=1.0 - 0.07 * (number % 2),
                           text=event["label"], showarrow=False, xanchor="left",
                           yanchor="top", xshift=3, font=dict(size=11))
    return fig


def finish(fig: go.Figure, *, title: str, source: str, alt: str, height: int = 480) -> go.Figure:
    """Title, source line and text alternative: every course chart ends here.

    ``alt`` is a one-sentence summary of what the chart shows; the book puts it
    on the chart container for screen readers.
    """
    fig.update_layout(title=dict(text=title), height=height, meta=dict(alt=alt))
    bottom_margin = fig.layout.margin.b or TEMPLATE.layout.margin.b
    # Sit the source line at the very bottom, below axis titles, sliders and buttons.
    fig.add_annotation(text="Source: " + source, xref="paper", yref="paper", x=0, y=0,
                       yshift=-(bottom_margin - 24), xanchor="left", yanchor="top", showarrow=False,
                       align="left", font=dict(size=11))
    return fig
