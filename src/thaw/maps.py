"""Offline maps of the USSR as plain Plotly scatter traces.

Plotly's geographic traces download their base map from a CDN when drawn, which
fails offline in the book and in JupyterLab. The course instead projects
longitude and latitude itself (Albers equal-area conic, suited to the USSR's
east-west extent) and draws the coastlines and republic borders from
``data/basemap_ussr.json`` as an ordinary line trace.
"""

from __future__ import annotations

import math

import plotly.graph_objects as go

from thaw import data
from thaw.charts import PALETTE

# Albers conic parameters for the Soviet Union (degrees).
CENTRAL_MERIDIAN, STANDARD_PARALLELS, ORIGIN_LATITUDE = 95.0, (52.0, 68.0), 55.0


def project(lon: float, lat: float) -> tuple[float, float]:
    """Albers equal-area conic projection on the unit sphere: (x, y) in radians of arc."""
    phi1, phi2 = (math.radians(p) for p in STANDARD_PARALLELS)
    n = (math.sin(phi1) + math.sin(phi2)) / 2
    c = math.cos(phi1) ** 2 + 2 * n * math.sin(phi1)
    rho0 = math.sqrt(c - 2 * n * math.sin(math.radians(ORIGIN_LATITUDE))) / n
    rho = math.sqrt(c - 2 * n * math.sin(math.radians(lat))) / n
    theta = n * math.radians(lon - CENTRAL_MERIDIAN)
    return rho * math.sin(theta), rho0 - rho * math.cos(theta)


def project_many(lons, lats) -> tuple[list[float], list[float]]:
    """Project many points; 5 decimals (about 60 m) keep the page small."""
    points = [project(lon, lat) for lon, lat in zip(lons, lats)]
    return [round(p[0], 5) for p in points], [round(p[1], 5) for p in points]


def basemap_trace() -> go.Scatter:
    """Coastlines, large lakes and republic borders, as one grey line trace."""
    xs, ys = [], []
    for line in data.basemap()["lines"]:
        x, y = project_many([p[0] for p in line], [p[1] for p in line])
        xs += x + [None]
        ys += y + [None]
    return go.Scatter(x=xs, y=ys, mode="lines", hoverinfo="skip", showlegend=False,
                      line=dict(color=PALETTE["grey"], width=0.8), name="base map")


def map_figure() -> go.Figure:
    """An empty map of the USSR: base map, equal axis scales, no axes drawn."""
    fig = go.Figure(basemap_trace())
    hidden = dict(visible=False, showgrid=False, zeroline=False)
    fig.update_layout(xaxis=hidden, yaxis=dict(hidden, scaleanchor="x", scaleratio=1),
                      hovermode="closest", dragmode="pan")
    return fig


BASEMAP_SOURCE = "base map: Natural Earth 1:110m (public domain); republic borders as of 1991"
