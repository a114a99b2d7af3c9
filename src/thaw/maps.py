"""Offline maps as plain Plotly scatter traces.

Plotly's geographic traces download their base map from a CDN when drawn, which
fails offline in the book and in JupyterLab. The course instead projects
longitude and latitude itself and draws coastlines and borders from a base map
kept in ``data/`` (``basemap_<region>.json``) as an ordinary line trace.

Regions: ``"ussr"`` (Albers equal-area conic, suited to the USSR's east-west
extent; coastlines and the 15 republics) and ``"world"`` (equidistant
cylindrical with standard parallel 40° N; coastlines and today's borders,
130° W to 150° E, equator to 75° N).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import plotly.graph_objects as go

from thaw import data
from thaw.charts import PALETTE
from thaw.i18n import N_, _

# Albers conic parameters for the Soviet Union (degrees).
CENTRAL_MERIDIAN, STANDARD_PARALLELS, ORIGIN_LATITUDE = 95.0, (52.0, 68.0), 55.0
# Equidistant cylindrical for the world map: true scale along 40° N.
WORLD_STANDARD_PARALLEL = 40.0


class _Translated(Mapping):
    """A dict of texts marked with ``N_``, each read in the current language (set after import, too)."""

    def __init__(self, texts: dict[str, str]):
        self._texts = texts

    def __getitem__(self, key: str) -> str:
        return _(self._texts[key])

    def __iter__(self):
        return iter(self._texts)

    def __len__(self) -> int:
        return len(self._texts)


#: The base map's part of a map's source line, in the current language.
BASEMAP_SOURCES = _Translated({
    "ussr": N_("base map: Natural Earth 1:110m (public domain); republic borders as of 1991"),
    "world": N_("base map: Natural Earth 1:110m (public domain); today's borders"),
})


def _albers(lon: float, lat: float) -> tuple[float, float]:
    phi1, phi2 = (math.radians(p) for p in STANDARD_PARALLELS)
    n = (math.sin(phi1) + math.sin(phi2)) / 2
    c = math.cos(phi1) ** 2 + 2 * n * math.sin(phi1)
    rho0 = math.sqrt(c - 2 * n * math.sin(math.radians(ORIGIN_LATITUDE))) / n
    rho = math.sqrt(c - 2 * n * math.sin(math.radians(lat))) / n
    theta = n * math.radians(lon - CENTRAL_MERIDIAN)
    return rho * math.sin(theta), rho0 - rho * math.cos(theta)


def _cylindrical(lon: float, lat: float) -> tuple[float, float]:
    return math.radians(lon) * math.cos(math.radians(WORLD_STANDARD_PARALLEL)), math.radians(lat)


PROJECTIONS = {"ussr": _albers, "world": _cylindrical}


def project(lon: float, lat: float, region: str = "ussr") -> tuple[float, float]:
    """Projected (x, y), in radians of arc on the unit sphere, for one point."""
    try:
        return PROJECTIONS[region](lon, lat)
    except KeyError:
        raise ValueError(f"Unknown map region '{region}'. Choose one of: {', '.join(PROJECTIONS)}.") from None


def project_many(lons, lats, region: str = "ussr", decimals: int = 5) -> tuple[list[float], list[float]]:
    """Project many points, rounded: 5 decimals (about 60 m) keep the page small."""
    points = [project(lon, lat, region) for lon, lat in zip(lons, lats)]
    return [round(p[0], decimals) for p in points], [round(p[1], decimals) for p in points]


#: A map window: longitudes west to east, latitudes south to north, in degrees.
Window = tuple[tuple[float, float], tuple[float, float]]
#: Base-map lines are kept this far (degrees) beyond a window, so coastlines run off its edge.
WINDOW_MARGIN = 3.0


def _inside(point, window: Window | None) -> bool:
    if window is None:
        return True
    (west, east), (south, north) = window
    lon, lat = point
    return west - WINDOW_MARGIN <= lon <= east + WINDOW_MARGIN and south - WINDOW_MARGIN <= lat <= north + WINDOW_MARGIN


def basemap_trace(region: str = "ussr", window: Window | None = None, decimals: int = 5) -> go.Scatter:
    """Coastlines, lakes and borders of a region, as one grey line trace.

    With a ``window``, only the lines inside it (plus a margin) are kept, so that a
    map of Europe does not carry the whole world's coastlines into the page.
    """
    xs, ys = [], []
    for line in data.basemap(region)["lines"]:
        piece: list = []
        for point in [*line, None]:
            if point is not None and _inside(point, window):
                piece.append(point)
                continue
            if len(piece) > 1:
                x, y = project_many([p[0] for p in piece], [p[1] for p in piece], region, decimals)
                xs += x + [None]
                ys += y + [None]
            piece = []
    return go.Scatter(x=xs, y=ys, mode="lines", hoverinfo="skip", showlegend=False,
                      line=dict(color=PALETTE["grey"], width=0.8), name="base map")


def map_figure(region: str = "ussr", window: Window | None = None, decimals: int = 5) -> go.Figure:
    """An empty map: base map (cropped to ``window`` if given), equal axis scales, no axes drawn.

    ``decimals`` rounds the projected coordinates of the base map: 4 (about 600 m) is
    plenty for a map of a continent and keeps the page light.
    """
    fig = go.Figure(basemap_trace(region, window, decimals))
    hidden = dict(visible=False, showgrid=False, zeroline=False)
    fig.update_layout(xaxis=hidden, yaxis=dict(hidden, scaleanchor="x", scaleratio=1),
                      hovermode="closest", dragmode="pan")
    if window is not None:
        (west, east), (south, north) = window
        xs, ys = project_many([west, east, west, east], [south, south, north, north], region, decimals)
        fig.update_xaxes(range=[min(xs), max(xs)])
        fig.update_yaxes(range=[min(ys), max(ys)])
    return fig
