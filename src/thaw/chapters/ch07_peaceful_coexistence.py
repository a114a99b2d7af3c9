"""The map, the timeline and the events explorer for chapter 7, "Peaceful coexistence".

Built from ``data/coexistence_events.csv`` (dates from the course timeline, one
map point per event from ``places.csv``), so every event keeps its source and
evidence grade. The map uses the offline world base map of :mod:`thaw.maps`.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from thaw import data
from thaw.charts import PALETTE, View, add_key_dates, finish, fmt_date, fmt_int, fmt_span, grouped, views
from thaw.explore import LinkedView, check_span
from thaw.i18n import N_, _, join_and
from thaw.maps import BASEMAP_SOURCES, map_figure, project_many

#: Event types in the order of the buttons, with their plural labels.
TYPES = {
    "meeting": N_("Meetings and summits"),
    "agreement": N_("Agreements"),
    "crisis": N_("Crises"),
    "milestone": N_("Milestones"),
}
SINGULAR = {"meeting": N_("meeting or summit"), "agreement": N_("agreement"), "crisis": N_("crisis"),
            "milestone": N_("milestone")}
PLURAL = {"meeting": N_("meetings and summits"), "agreement": N_("agreements"), "crisis": N_("crises"),
          "milestone": N_("milestones")}
#: The type of an event as a cell of the map's data table.
TYPE_CELLS = {"meeting": N_("meeting"), "agreement": N_("agreement"), "crisis": N_("crisis"),
              "milestone": N_("milestone")}
#: The types as the timeline's title names them.
TITLE_WORDS = {"meeting": N_("meetings"), "agreement": N_("agreements"), "crisis": N_("crises")}
COLOURS = {"meeting": PALETTE["blue"], "agreement": PALETTE["green"], "crisis": PALETTE["vermillion"],
           "milestone": PALETTE["orange"]}
SYMBOLS = {"meeting": "circle", "agreement": "square", "crisis": "diamond", "milestone": "star"}
#: The years the chapter covers (the explorer's range).
FIRST_YEAR, LAST_YEAR = 1953, 1964
#: Legend names of the two kinds of alternative date on the timelines.
OTHER_DATING = N_("Another source's dating")
WRONG_DATE = N_("A date shown wrong (an error)")
#: Map windows, as (west, east), (south, north) in degrees: the world view and the zoom on Europe.
WORLD_WINDOW = ((-131.0, 153.0), (11.5, 74.5))
EUROPE_WINDOW = ((-3.7, 46.4), (41.25, 57.3))
#: Four decimals (about 600 m) of projected base map are plenty for a 1:110m world map and keep the page light.
WORLD_MAP_DECIMALS = 4
#: Places too close together to be named on the world view (Paris to Warsaw, Geneva to Belgrade).
CROWDED_WINDOW = ((-5.0, 30.0), (40.0, 56.0))
#: The timeline's zoom buttons: (first day, last day) of each period.
ZOOMS = [("1953-01-01", "1965-01-01"), ("1955-04-01", "1956-12-01"), ("1959-06-01", "1963-12-31")]


#: Where each place name sits relative to its point, so that the names in central Europe do not collide.
LABEL_POSITIONS = {"berlin": "top center", "warsaw": "top right", "budapest": "middle right",
                   "vienna": "top left", "belgrade": "bottom center", "geneva": "bottom left",
                   "paris": "bottom left", "london": "top left", "moscow": "top center"}


def _inside(lon: float, lat: float, window) -> bool:
    (west, east), (south, north) = window
    return west <= lon <= east and south <= lat <= north


def _ranges(window) -> dict:
    """The projected axis ranges that show a map window."""
    (west, east), (south, north) = window
    xs, ys = project_many([west, east], [south, north], region="world")
    return {"xaxis.range": xs, "yaxis.range": ys}


def _year(year) -> pd.Timestamp:
    return pd.Timestamp(year=int(year), month=1, day=1)


def _years_text(years) -> str:
    """"1955–1956, 1959–1961": runs of consecutive years, each written by fmt_span."""
    runs = []
    for year in sorted(set(years)):
        if runs and year == runs[-1][1] + 1:
            runs[-1][1] = year
        else:
            runs.append([year, year])
    return ", ".join(fmt_span(_year(a), _year(b), "year") for a, b in runs)


def _or(items) -> str:
    """"A or B or C", in the reader's language."""
    items = [str(item) for item in items]
    text = items[0]
    for item in items[1:]:
        text = _("{first} or {second}").format(first=text, second=item)
    return text


def _unknown_type(kind) -> str:
    return _("Unknown type '{kind}'. Choose one of: all, {types}.").format(kind=kind, types=", ".join(TYPES))


def _not_in_list(what: str, span: str) -> str:
    return _("No {what} in {years} in this chapter's list of events.").format(what=what, years=span)


def events() -> pd.DataFrame:
    """The chapter's events with their place names and coordinates, oldest first."""
    rows = data.table("coexistence_events")
    places = data.table("places")[["place_id", "name", "lat", "lon"]].rename(columns={"name": "place"})
    merged = rows.merge(places, on="place_id", how="left", validate="many_to_one")
    missing = merged.loc[merged["lat"].isna(), "place_id"]
    if not missing.empty:
        raise data.DataError(f"coexistence_events.csv: place(s) {', '.join(missing)} are not in places.csv")
    return merged.sort_values("start").reset_index(drop=True)


# --- The explorer's logic -------------------------------------------------------------------------

def select_events(start_year: int, end_year: int, kind="all") -> pd.DataFrame:
    """Events of one type, or a list of types, or "all", that fall at least partly within the years chosen."""
    kinds = list(TYPES) if kind == "all" else [kind] if isinstance(kind, str) else list(kind)
    unknown = [k for k in kinds if k not in TYPES]
    if unknown:
        raise ValueError(_unknown_type(unknown[0]))
    table = events()
    last_day = table["end"].fillna(table["start"])
    chosen = table[(table["start"].dt.year <= int(end_year)) & (last_day.dt.year >= int(start_year))]
    return chosen[chosen["type"].isin(kinds)].reset_index(drop=True)


def describe_events(start_year, end_year, kind: str = "all") -> str:
    """A count and a list of the events chosen, or a sentence that says what is wrong with the choice."""
    try:
        start_year, end_year = int(start_year), int(end_year)
    except (TypeError, ValueError):
        return _("Give the years as whole numbers, for example 1955 and 1961.")
    if kind != "all" and kind not in TYPES:
        return _unknown_type(kind)
    impossible = check_span(start_year, end_year)
    if impossible:
        return impossible
    if start_year < FIRST_YEAR or end_year > LAST_YEAR:
        return _("This chapter covers {years}; choose years in that range.").format(
            years=fmt_span(_year(FIRST_YEAR), _year(LAST_YEAR), "year"))
    span = fmt_span(_year(start_year), _year(end_year), "year")
    chosen = select_events(start_year, end_year, kind)
    what = _("events") if kind == "all" else _(PLURAL[kind])
    if chosen.empty:
        return _not_in_list(what, span)
    if len(chosen) == 1 and kind != "all":
        what = _(SINGULAR[kind])
    elif len(chosen) == 1:
        what = _("event")
    items = "; ".join(f"{row.title} ({fmt_span(row.start, row.end, row.precision)}, {row.place})" for row in chosen.itertuples())
    text = _("{count} {what} in {years}: {events}.").format(count=fmt_int(len(chosen)), what=what, years=span,
                                                            events=items)
    if kind == "all":
        counts = chosen["type"].value_counts()
        text += " " + _("By type: {counts}.").format(
            counts=", ".join(f"{_(PLURAL[t])} {fmt_int(counts[t])}" for t in TYPES if t in counts))
    weak = chosen[chosen["grade"] == "D"]
    if not weak.empty:
        text += " " + _("Dated only by a popular source (grade D): {events}.").format(events=", ".join(weak["title"]))
    return text


# --- The map ----------------------------------------------------------------------------------------

def _places_by_type(table: pd.DataFrame, counts) -> str:
    """'8 meetings and summits in Belgrade, Geneva, …; 7 crises in …': the map's text alternative, from the data."""
    parts = []
    for kind in TYPES:
        names = table.loc[table["type"] == kind, "place"].str.replace(r" \(.*\)", "", regex=True).drop_duplicates()
        if not names.empty:
            what = _(PLURAL[kind] if counts[kind] > 1 else SINGULAR[kind])
            parts.append(_("{count} {what} in {places}").format(count=fmt_int(counts[kind]), what=what,
                                                                places=join_and(names)))
    return "; ".join(parts) + "."


def _hover(frame: pd.DataFrame) -> list[str]:
    return [_("<b>{title}</b><br>{dates} · {place}<br>grade {grade}").format(
        title=r.title, dates=fmt_span(r.start, r.end, r.precision), place=r.place, grade=r.grade)
        for r in frame.itertuples()]


def events_map_figure() -> go.Figure:
    """Meetings, agreements, crises and milestones on the world map, with type and zoom buttons."""
    table = events()
    table["x"], table["y"] = project_many(table["lon"], table["lat"], region="world")
    # Several events share a place (Berlin, Moscow, Belgrade, Beijing): spread them a little eastwards.
    table["x"] = (table["x"] + table.groupby("place_id").cumcount() * 0.012).round(5)
    fig = map_figure("world", window=WORLD_WINDOW, decimals=WORLD_MAP_DECIMALS)
    for kind, label in TYPES.items():
        rows = table[table["type"] == kind]
        fig.add_trace(grouped(kind, go.Scatter(
            x=rows["x"], y=rows["y"], mode="markers", name=f"{_(label)} ({fmt_int(len(rows))})",
            marker=dict(size=13, symbol=SYMBOLS[kind], color=COLOURS[kind], line=dict(width=1, color="white")),
            text=_hover(rows), hovertemplate="%{text}<extra></extra>")))
    first = table.drop_duplicates("place_id")
    crowded = [_inside(lon, lat, CROWDED_WINDOW) for lon, lat in zip(first["lon"], first["lat"])]
    for in_europe, group in ((False, "places"), (True, "crowded places")):  # names for the world view; more when zoomed
        rows = first[[c == in_europe for c in crowded]]
        fig.add_trace(grouped(group, go.Scatter(
            x=rows["x"], y=rows["y"], mode="text", text=list(rows["place"].str.replace(r" \(.*\)", "", regex=True)),
            textposition=[LABEL_POSITIONS.get(p, "top center") for p in rows["place_id"]],
            textfont=dict(size=11), hoverinfo="skip", showlegend=False,
            name="central European places" if in_europe else "places")))
    views(fig, [View(_("All"), list(TYPES))] + [View(_(label), [kind]) for kind, label in TYPES.items()])
    views(fig, [View(_("World"), ["places"], _ranges(WORLD_WINDOW)),
                View(_("Europe"), ["places", "crowded places"], _ranges(EUROPE_WINDOW))], side="right")
    readable = table.assign(dates=[fmt_span(r.start, r.end, r.precision) for r in table.itertuples()],
                            type=[_(TYPE_CELLS[t]) for t in table["type"]])
    readable = readable[["title", "dates", "place", "type", "grade"]]
    readable.columns = [_("event"), _("dates"), _("place"), _("type"), _("grade")]
    counts = table["type"].value_counts()
    return finish(fig, height=560, title=_("Peaceful coexistence on the map: meetings, agreements and crises, {years}")
                  .format(years=fmt_span(table["start"].min(), table["start"].max(), "year")),
                  table=readable,
                  source=_("coexistence_events.csv (dates from events.csv; Vienna: FRUS 1961–63 vol. V; Britain 1956: "
                           "Hansard and Miles 2013; France 1960: Time); places.csv (GeoNames); ")
                         + _(BASEMAP_SOURCES["world"]),
                  alt=_("World map of the chapter's events: {places} Buttons show one type at a time and zoom on Europe.")
                      .format(places=_places_by_type(table, counts)))


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
                                     hoverinfo="skip", showlegend=False,
                                     name=_("{type}: duration").format(type=_(label))))
        fig.add_trace(go.Scatter(
            x=rows["start"], y=rows["title"], mode="markers", name=_(label),
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
            texts += [_("{title}: another source dates it {dates}").format(
                title=row.title, dates=fmt_span(row.alt_start, row.alt_end, row.precision))] * 2 + [None]
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines+markers", name=_(OTHER_DATING),
                                 line=dict(color=PALETTE["grey"], width=2, dash="dot"),
                                 marker=dict(symbol="line-ns-open", size=12, color=PALETTE["grey"]),
                                 text=texts, hovertemplate="%{text}<extra></extra>"))
    errors = dated[wrong]  # a date better evidence shows wrong: a grey cross, never drawn as a second dating
    if not errors.empty:
        fig.add_trace(go.Scatter(
            x=errors["alt_start"], y=errors["title"], mode="markers", name=_(WRONG_DATE),
            marker=dict(symbol="x-thin-open", size=11, color=PALETTE["grey"], line=dict(width=2)),
            text=[_("{title}: {wrong} in some sources is an error, not a second date; the course uses {date}").format(
                title=r.title, wrong=fmt_date(r.alt_start), date=fmt_date(r.start)) for r in errors.itertuples()],
            hovertemplate="%{text}<extra></extra>"))
    titles = list(table["title"])
    fig.update_yaxes(categoryorder="array", categoryarray=titles, range=[len(titles) - 0.5, -1.5],
                     showgrid=False, title=None)
    fig.update_layout(hovermode="closest", xaxis=dict(type="date"))
    return fig


def timeline_figure(types=tuple(TYPES), years=(FIRST_YEAR, LAST_YEAR)) -> go.Figure:
    """Every event of the chapter on a date axis, by type; buttons zoom on periods.

    ``types``: which of "meeting", "agreement", "crisis", "milestone" to draw; ``years``: (first, last) year.
    """
    first, last = years
    impossible = check_span(first, last)
    if impossible:
        raise ValueError(impossible)
    table = select_events(first, last, list(types))
    if table.empty:
        raise ValueError(_not_in_list(_or(_(PLURAL[t]) for t in types), fmt_span(_year(first), _year(last), "year")))
    fig = _timeline(table)
    def label(a, b):  # the years a zoom shows (its range ends on the first day after it)
        return fmt_span(a, pd.Timestamp(b) - pd.Timedelta(days=1), "year")

    whole = (str(_year(first).date()), str(_year(last + 1).date()))
    zooms = [(a, b) for a, b in ZOOMS if pd.Timestamp(a).year >= first and pd.Timestamp(b).year <= last + 1
             and label(a, b) != label(*whole)]  # only periods within the years drawn, and narrower
    views(fig, [View(label(*whole), None, {"xaxis.range": list(whole)})]
          + [View(_("Zoom on {years}").format(years=label(a, b)), None, {"xaxis.range": [a, b]}) for a, b in zooms])
    add_key_dates(fig, start=_year(first), end=_year(last + 1) - pd.Timedelta(days=1))
    # The title names the meetings, agreements and crises; milestones only when drawn alone.
    named = [_(w) for t, w in TITLE_WORDS.items() if t in types]
    what = join_and(named) if named else _("milestones")
    last_event = table.iloc[-1]
    alt = _("Timeline, one row per event: {types}. {last} ({dates}) closes the series.").format(
        types="; ".join(_("{what} in {years}").format(
            what=_(PLURAL[t]), years=_years_text(table.loc[table["type"] == t, "start"].dt.year))
            for t in TYPES if (table["type"] == t).any()),
        last=last_event["title"], dates=fmt_span(last_event["start"], last_event["end"], last_event["precision"]))
    title = _("{what} of Soviet foreign policy, {years}").format(
        what=what, years=fmt_span(table["start"].min(), table["start"].max(), "year"))
    # About 24 px per row leaves room for every event's label (plotly drops labels that do not fit).
    return finish(fig, height=max(680, 340 + 24 * len(table)),
                  title=title[0].upper() + title[1:],
                  source=_("coexistence_events.csv: dates from events.csv (sources and grades per row); Vienna "
                           "summit: FRUS 1961–63 vol. V, Editorial Note 82; Britain 1956: Hansard and Miles (2013); "
                           "France 1960: Time"),
                  alt=alt)


def explorer_figure(start_year: int, end_year: int, kind: str = "all") -> go.Figure:
    """The events chosen in the explorer on a date axis (an empty chart says so in its title)."""
    chosen = select_events(start_year, end_year, kind)
    fig = _timeline(chosen)
    fig.update_xaxes(range=[f"{start_year}-01-01", f"{end_year + 1}-01-01"])
    label = _("All events") if kind == "all" else _(TYPES[kind])
    title = f"{label}, {start_year}–{end_year}: {fmt_int(len(chosen))}"
    return finish(fig, height=max(300, 140 + 34 * len(chosen)), title=title,
                  source=_("coexistence_events.csv (dates from events.csv; Vienna: FRUS; Britain: Hansard, Miles; "
                           "France: Time)"),
                  alt=describe_events(start_year, end_year, kind))


def build_explorer():
    """The ipywidgets events explorer (needs a running kernel: JupyterLab or Binder)."""
    import ipywidgets as widgets

    kind = widgets.Dropdown(options=[(_("All events"), "all")] + [(_(label), key) for key, label in TYPES.items()],
                            value="all", description=_("Type"), layout={"width": "24em"})
    years = widgets.IntRangeSlider(value=(1955, 1961), min=FIRST_YEAR, max=LAST_YEAR, description=_("Years"),
                                   continuous_update=False, layout={"width": "40em"})
    view = LinkedView(lambda: describe_events(*years.value, kind.value),
                      lambda: explorer_figure(*years.value, kind.value))
    view.follow(kind, years)
    return view.box(kind, years)


#: The chapter's figures, in the order the notebook shows them (see tests/test_figures.py).
FIGURES = {"map": events_map_figure, "timeline": timeline_figure}
EXPLORER = build_explorer
