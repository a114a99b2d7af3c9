"""The map, the timeline and the events explorer for chapter 7, "Peaceful coexistence".

Built from ``data/coexistence_events.csv`` (dates from the course timeline, one
map point per event from ``places.csv``), so every event keeps its source and
evidence grade. The map uses the offline world base map of :mod:`thaw.maps`.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from thaw import data
from thaw.charts import PALETTE, add_key_dates, finish, fmt_date
from thaw.explore import LinkedView
from thaw.maps import BASEMAP_SOURCES, map_figure, project_many

#: Event types in the order of the buttons, with their plural labels.
TYPES = {
    "meeting": "Meetings and summits",
    "agreement": "Agreements",
    "crisis": "Crises",
    "milestone": "Milestones",
}
SINGULAR = {"meeting": "meeting or summit", "agreement": "agreement", "crisis": "crisis",
            "milestone": "milestone"}
PLURAL = {"meeting": "meetings and summits", "agreement": "agreements", "crisis": "crises",
          "milestone": "milestones"}
COLOURS = {"meeting": PALETTE["blue"], "agreement": PALETTE["green"], "crisis": PALETTE["vermillion"],
           "milestone": PALETTE["orange"]}
SYMBOLS = {"meeting": "circle", "agreement": "square", "crisis": "diamond", "milestone": "star"}
FIRST_YEAR, LAST_YEAR = 1953, 1964
#: Legend names of the two kinds of alternative date on the timelines.
OTHER_DATING = "Another source's dating"
WRONG_DATE = "A date shown wrong (an error)"
#: Map windows (projected x and y ranges) for the zoom buttons.
WORLD_VIEW = {"xaxis.range": [-1.75, 2.05], "yaxis.range": [0.2, 1.3]}
EUROPE_VIEW = {"xaxis.range": [-0.05, 0.62], "yaxis.range": [0.72, 1.0]}


#: Where each place name sits relative to its point, so that the names in central Europe do not collide.
LABEL_POSITIONS = {"berlin": "top center", "warsaw": "top right", "budapest": "middle right",
                   "vienna": "top left", "belgrade": "bottom center", "geneva": "bottom left",
                   "paris": "bottom left", "london": "top left", "moscow": "top center"}


def _in_central_europe(lon: float, lat: float) -> bool:
    """Places too close together to be named on the world view (Paris to Warsaw, Geneva to Belgrade)."""
    return -5 <= lon <= 30 and 40 <= lat <= 56


def events() -> pd.DataFrame:
    """The chapter's events with their place names and coordinates, oldest first."""
    rows = data.table("coexistence_events")
    places = data.table("places")[["place_id", "name", "lat", "lon"]].rename(columns={"name": "place"})
    merged = rows.merge(places, on="place_id", how="left", validate="many_to_one")
    missing = merged.loc[merged["lat"].isna(), "place_id"]
    if not missing.empty:
        raise data.DataError(f"coexistence_events.csv: place(s) {', '.join(missing)} are not in places.csv")
    return merged.sort_values("start").reset_index(drop=True)


def when(row) -> str:
    """The dates of one event as the course writes them: 3 Jun 1961 – 4 Jun 1961, or Jul 1963."""
    if row.precision == "month":
        return f"{row.start:%b %Y}"
    text = fmt_date(row.start)
    if pd.notna(row.end):
        text += f" – {fmt_date(row.end)}"
    return text


# --- The explorer's logic -------------------------------------------------------------------------

def select_events(start_year: int, end_year: int, kind: str = "all") -> pd.DataFrame:
    """Events of one type (or "all") that fall at least partly within the years chosen."""
    if kind != "all" and kind not in TYPES:
        raise ValueError(f"Unknown type '{kind}'. Choose one of: all, {', '.join(TYPES)}.")
    table = events()
    last_day = table["end"].fillna(table["start"])
    chosen = table[(table["start"].dt.year <= int(end_year)) & (last_day.dt.year >= int(start_year))]
    if kind != "all":
        chosen = chosen[chosen["type"] == kind]
    return chosen.reset_index(drop=True)


def describe_events(start_year, end_year, kind: str = "all") -> str:
    """A count and a list of the events chosen, or a sentence that says what is wrong with the choice."""
    try:
        start_year, end_year = int(start_year), int(end_year)
    except (TypeError, ValueError):
        return "Give the years as whole numbers, for example 1955 and 1961."
    if kind != "all" and kind not in TYPES:
        return f"Unknown type '{kind}'. Choose one of: all, {', '.join(TYPES)}."
    if start_year > end_year:
        return (f"The end year ({end_year}) must not be earlier than the start year ({start_year}). "
                "Choose a later end or an earlier start.")
    if start_year < FIRST_YEAR or end_year > LAST_YEAR:
        return f"This chapter covers {FIRST_YEAR}–{LAST_YEAR}; choose years in that range."
    span = str(start_year) if start_year == end_year else f"{start_year}–{end_year}"
    chosen = select_events(start_year, end_year, kind)
    what = "events" if kind == "all" else PLURAL[kind]
    if chosen.empty:
        return f"No {what} in {span} in this chapter's list of events."
    if len(chosen) == 1 and kind != "all":
        what = SINGULAR[kind]
    elif len(chosen) == 1:
        what = "event"
    items = "; ".join(f"{row.title} ({when(row)}, {row.place})" for row in chosen.itertuples())
    text = f"{len(chosen)} {what} in {span}: {items}."
    if kind == "all":
        counts = chosen["type"].value_counts()
        text += " By type: " + ", ".join(f"{PLURAL[t]} {counts[t]}" for t in TYPES if t in counts) + "."
    weak = chosen[chosen["grade"] == "D"]
    if not weak.empty:
        text += f" Dated only by a popular source (grade D): {', '.join(weak['title'])}."
    return text


# --- The map ----------------------------------------------------------------------------------------

def _places_by_type(table: pd.DataFrame) -> str:
    """'Meetings and summits in Belgrade, Geneva, …; crises in …': the map's text alternative, from the data."""
    parts = []
    for kind in TYPES:
        names = table.loc[table["type"] == kind, "place"].str.replace(r" \(.*\)", "", regex=True).drop_duplicates()
        if not names.empty:
            listed = names.iloc[0] if len(names) == 1 else ", ".join(names.iloc[:-1]) + " and " + names.iloc[-1]
            parts.append(f"{PLURAL[kind]} in {listed}")
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."


def _hover(frame: pd.DataFrame) -> list[str]:
    return [f"<b>{r.title}</b><br>{when(r)} · {r.place}<br>grade {r.grade}" for r in frame.itertuples()]


def events_map_figure() -> go.Figure:
    """Figure 7.1: meetings, agreements, crises and milestones on the world map, with type and zoom buttons."""
    table = events()
    table["x"], table["y"] = project_many(table["lon"], table["lat"], region="world")
    # Several events share a place (Berlin, Moscow, Belgrade, Beijing): spread them a little eastwards.
    table["x"] = (table["x"] + table.groupby("place_id").cumcount() * 0.012).round(5)
    fig = map_figure("world")  # trace 0: the base map
    # Three decimals (about 6 km) are plenty for a 1:110m world map and keep the page under its size budget.
    base = fig.data[0]
    base.x = [None if v is None else round(v, 3) for v in base.x]
    base.y = [None if v is None else round(v, 3) for v in base.y]
    for kind, label in TYPES.items():  # traces 1–4, one per type
        rows = table[table["type"] == kind]
        fig.add_trace(go.Scatter(
            x=rows["x"], y=rows["y"], mode="markers", name=f"{label} ({len(rows)})",
            marker=dict(size=13, symbol=SYMBOLS[kind], color=COLOURS[kind], line=dict(width=1, color="white")),
            text=_hover(rows), hovertemplate="%{text}<extra></extra>"))
    first = table.drop_duplicates("place_id")
    crowded = [_in_central_europe(lon, lat) for lon, lat in zip(first["lon"], first["lat"])]
    for in_europe in (False, True):  # trace 5: names for the world view; trace 6: central Europe, when zoomed
        rows = first[[c == in_europe for c in crowded]]
        fig.add_trace(go.Scatter(
            x=rows["x"], y=rows["y"], mode="text", text=list(rows["place"].str.replace(r" \(.*\)", "", regex=True)),
            textposition=[LABEL_POSITIONS.get(p, "top center") for p in rows["place_id"]], visible=not in_europe,
            textfont=dict(size=11), hoverinfo="skip", showlegend=False,
            name="central European places" if in_europe else "places"))
    kinds = list(range(1, len(TYPES) + 1))
    type_buttons = [dict(label="All", method="restyle", args=[{"visible": [True] * len(kinds)}, kinds])]
    for number, kind in enumerate(TYPES, start=1):
        visible = [index == number for index in kinds]
        type_buttons.append(dict(label=TYPES[kind], method="restyle", args=[{"visible": visible}, kinds]))
    labels = [len(fig.data) - 2, len(fig.data) - 1]
    zoom_buttons = [dict(label="World", method="update", args=[{"visible": [True, False]}, WORLD_VIEW, labels]),
                    dict(label="Europe", method="update", args=[{"visible": [True, True]}, EUROPE_VIEW, labels])]
    fig.update_layout(
        xaxis=dict(range=WORLD_VIEW["xaxis.range"]), yaxis=dict(range=WORLD_VIEW["yaxis.range"]),
        updatemenus=[dict(type="buttons", direction="right", active=0, buttons=type_buttons),
                     dict(type="buttons", direction="right", active=0, buttons=zoom_buttons)])
    readable = table.assign(dates=[fmt_date(r.start) + (f" – {fmt_date(r.end)}" if pd.notna(r.end) else "")
                                   for r in table.itertuples()])
    readable = readable.rename(columns={"title": "event"})[["event", "dates", "place", "type", "grade"]]
    fig = finish(fig, height=560, title="Peaceful coexistence on the map: meetings, agreements and crises, 1953–1963",
                 table=readable,
                 source="coexistence_events.csv (dates from events.csv; Vienna: FRUS 1961–63 vol. V; Britain 1956: "
                        "Hansard and Miles 2013; France 1960: Time); places.csv "
                        "(GeoNames); " + BASEMAP_SOURCES["world"],
                 alt=f"World map with {len(table)} events. " + _places_by_type(table)
                     + " Buttons show one type at a time and zoom on Europe.")
    # finish() puts every menu at the top left; the zoom buttons go to the right of the type buttons.
    fig.layout.updatemenus[1].update(x=1, xanchor="right")
    return fig


# --- The timeline -----------------------------------------------------------------------------------

def _timeline(table: pd.DataFrame) -> go.Figure:
    """Scatter on a date axis, one row per event, one trace per type; bars show how long an event lasted."""
    fig = go.Figure()
    for kind, label in TYPES.items():
        rows = table[table["type"] == kind]
        if rows.empty:
            continue
        xs, ys = [], []
        for row in rows.itertuples():
            if pd.notna(row.end):
                xs += [row.start, row.end, None]
                ys += [row.title, row.title, None]
        if xs:
            fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line=dict(color=COLOURS[kind], width=6),
                                     hoverinfo="skip", showlegend=False, name=f"{label}: duration"))
        fig.add_trace(go.Scatter(
            x=rows["start"], y=rows["title"], mode="markers", name=label,
            marker=dict(size=12, symbol=SYMBOLS[kind], color=COLOURS[kind],
                        line=dict(width=1, color="white")),
            text=_hover(rows), hovertemplate="%{text}<extra></extra>"))
    dated = table[table["alt_start"].notna()]
    wrong = dated["difference"] == "error"
    other = dated[~wrong]  # a second dating that counts something else: a dotted line
    if not other.empty:
        xs, ys, texts = [], [], []
        for row in other.itertuples():
            end = row.alt_end if pd.notna(row.alt_end) else row.alt_start
            xs += [row.alt_start, end, None]
            ys += [row.title, row.title, None]
            texts += [f"{row.title}: another source dates it {fmt_date(row.alt_start)}"
                      + (f" – {fmt_date(row.alt_end)}" if pd.notna(row.alt_end) else "")] * 2 + [None]
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines+markers", name=OTHER_DATING,
                                 line=dict(color=PALETTE["grey"], width=2, dash="dot"),
                                 marker=dict(symbol="line-ns-open", size=12, color=PALETTE["grey"]),
                                 text=texts, hovertemplate="%{text}<extra></extra>"))
    errors = dated[wrong]  # a date better evidence shows wrong: a grey cross, never drawn as a second dating
    if not errors.empty:
        fig.add_trace(go.Scatter(
            x=errors["alt_start"], y=errors["title"], mode="markers", name=WRONG_DATE,
            marker=dict(symbol="x-thin-open", size=11, color=PALETTE["grey"], line=dict(width=2)),
            text=[f"{r.title}: {fmt_date(r.alt_start)} in some sources is an error, not a second date; "
                  f"the course uses {fmt_date(r.start)}" for r in errors.itertuples()],
            hovertemplate="%{text}<extra></extra>"))
    titles = list(table["title"])
    fig.update_yaxes(categoryorder="array", categoryarray=titles, range=[len(titles) - 0.5, -1.5],
                     showgrid=False, title=None)
    fig.update_layout(hovermode="closest", xaxis=dict(type="date"))
    return fig


def timeline_figure() -> go.Figure:
    """Figure 7.2: every event of the chapter on a date axis, by type; buttons zoom on three periods."""
    table = events()
    fig = _timeline(table)
    periods = [("1953–1964", "1953-01-01", "1965-01-01"), ("Zoom on 1955–1956", "1955-04-01", "1956-12-01"),
               ("Zoom on 1959–1963", "1959-06-01", "1963-12-31")]
    fig.update_layout(xaxis=dict(range=[periods[0][1], periods[0][2]]), updatemenus=[dict(
        type="buttons", direction="right", active=0,
        buttons=[dict(label=label, method="relayout", args=[{"xaxis.range": [start, end]}])
                 for label, start, end in periods])])
    add_key_dates(fig, start=pd.Timestamp("1953-01-01"), end=pd.Timestamp("1964-12-31"))
    counts = table["type"].value_counts()
    # About 24 px per row leaves room for every event's label (plotly drops labels that do not fit).
    return finish(fig, height=max(680, 340 + 24 * len(table)),
                  title="Meetings, agreements and crises of Soviet foreign policy, 1953–1963",
                  source="coexistence_events.csv: dates from events.csv (sources and grades per row); Vienna "
                         "summit: FRUS 1961–63 vol. V, Editorial Note 82; Britain 1956: Hansard and Miles (2013); "
                         "France 1960: Time",
                  alt=f"Timeline of {len(table)} events: " + ", ".join(f"{counts[t]} {PLURAL[t]}" for t in TYPES)
                      + ". Meetings cluster in 1955–1956 and 1959–1961, crises in 1956 and 1960–1962; "
                        "the Test Ban Treaty of 5 Aug 1963 closes the series.")


def explorer_figure(start_year: int, end_year: int, kind: str = "all") -> go.Figure:
    """The events chosen in the explorer on a date axis (an empty chart says so in its title)."""
    chosen = select_events(start_year, end_year, kind)
    fig = _timeline(chosen)
    fig.update_xaxes(range=[f"{start_year}-01-01", f"{end_year + 1}-01-01"])
    label = "All events" if kind == "all" else TYPES[kind]
    title = f"{label}, {start_year}–{end_year}: {len(chosen)}"
    return finish(fig, height=max(300, 140 + 34 * len(chosen)), title=title,
                  source="coexistence_events.csv (dates from events.csv; Vienna: FRUS; Britain: Hansard, Miles; "
                         "France: Time)",
                  alt=describe_events(start_year, end_year, kind))


def build_explorer():
    """The ipywidgets events explorer (needs a running kernel: JupyterLab or Binder)."""
    import ipywidgets as widgets

    kind = widgets.Dropdown(options=[("All events", "all")] + [(label, key) for key, label in TYPES.items()],
                            value="all", description="Type", layout={"width": "24em"})
    years = widgets.IntRangeSlider(value=(1955, 1961), min=FIRST_YEAR, max=LAST_YEAR, description="Years",
                                   continuous_update=False, layout={"width": "40em"})
    view = LinkedView(lambda: describe_events(*years.value, kind.value),
                      lambda: explorer_figure(*years.value, kind.value))
    view.follow(kind, years)
    view.refresh()
    return widgets.VBox([kind, years, view.summary, view.chart])
