"""Figures and the crackdown explorer for chapter 8, "The limits of the Thaw".

Everything is built from the tables in ``data/`` (``crackdowns``, ``crackdown_figures``,
``agitation_convictions``, ``orthodox_churches``, ``repression_measures``, ``places`` and the
course timeline ``events``), so each number on a chart keeps the source and evidence grade of its row.
Conflicting figures are never averaged away: every source's figure is drawn.
"""

from __future__ import annotations

import math
import textwrap

import pandas as pd
import plotly.graph_objects as go

from thaw import data
from thaw.charts import PALETTE, add_key_dates, finish, fmt_date, fmt_int
from thaw.explore import LinkedView
from thaw.maps import BASEMAP_SOURCES, project_many

MEASURE_LABELS = {
    "killed": "Killed", "wounded": "Wounded", "executed": "Executed afterwards", "arrested": "Arrested or detained",
    "convicted": "Sentenced to prison", "troops": "Troops deployed", "soviet_killed": "Soviet soldiers killed",
    "soviet_wounded": "Soviet soldiers wounded", "refugees": "Refugees", "killed_civilians": "Civilians killed",
    "killed_in_volleys": "Killed in volleys", "killed_as_prisoners": "Security men killed as prisoners",
}
#: The measures Figure 8.2 compares, one button each.
COMPARED_MEASURES = ["killed", "wounded", "executed", "arrested"]
FORCE_LABELS = {"soviet_army": "Soviet army", "soviet_internal_troops": "Soviet internal troops (MVD)",
                "national_forces": "The country's own forces"}
FORCE_COLOURS = {"soviet_army": PALETTE["vermillion"], "soviet_internal_troops": PALETTE["purple"],
                 "national_forces": PALETTE["blue"]}
GRADE_GROUPS = [  # (label, grades, symbol, colour): grade D is drawn open and named in the legend
    ("Archival or scholarly source (grades A–B)", {"A", "B"}, "circle", PALETTE["blue"]),
    ("Encyclopedic source (grade C)", {"C"}, "square", PALETTE["orange"]),
    ("Popular web source (grade D): open markers", {"D"}, "circle-open", PALETTE["grey"]),
]
#: The window of the map: Europe and the western USSR (longitude, latitude).
MAP_WINDOW = dict(lon=(8.0, 50.0), lat=(39.0, 58.5))
FIRST_YEAR, LAST_YEAR = 1953, 1964


def _bound_text(value, bound: str) -> str:
    prefix = {"exact": "", "approx": "c. ", "low": "at least ", "high": "up to "}[bound]
    return prefix + fmt_int(value)


# --- The tables -----------------------------------------------------------------------------

def crackdowns() -> pd.DataFrame:
    """The crackdowns in chronological order, with their place's name and coordinates."""
    places = data.table("places")[["place_id", "name", "lat", "lon"]].rename(columns={"name": "place"})
    table = data.table("crackdowns").merge(places, on="place_id", how="left")
    return table.sort_values("start").reset_index(drop=True)


def short_name(row) -> str:
    """'Hungary, Oct 1956': the label of a crackdown on the charts."""
    region = {"gdr-1953": "East Germany", "tbilisi-1956": "Tbilisi", "poznan-1956": "Poznań",
              "hungary-1956": "Hungary", "novocherkassk-1962": "Novocherkassk"}.get(row["crackdown_id"], row["name"])
    return f"{region}, {row['start']:%b %Y}"


def figures(crackdown_id: str | None = None, measure: str | None = None, errors: bool = False) -> pd.DataFrame:
    """The figures of data/crackdown_figures.csv, optionally for one crackdown and one measure.

    Figures that better evidence shows to be wrong (status ``error``) are examples of errors,
    not figures: they come back only with ``errors=True``, and then alone.
    """
    table = data.table("crackdown_figures")
    table = table[table["status"] == "error"] if errors else table[~table["status"].isin(["gap", "error"])]
    if crackdown_id is not None:
        table = table[table["crackdown_id"] == crackdown_id]
    if measure is not None:
        table = table[table["measure"] == measure]
    return table.reset_index(drop=True)


def figures_sentence(crackdown_id: str, measure: str) -> str:
    """What the sources say about one measure of one crackdown (without the crackdown's name)."""
    rows = figures(crackdown_id, measure)
    label = MEASURE_LABELS[measure].lower()
    if rows.empty:
        return f"the course's sources give no figure for '{label}'. This is a gap, not a zero."
    preferred = rows[rows["status"] != "alternative"]
    listed = [f"{_bound_text(r.value, r.bound)} ({r.source.split(',')[0]}, grade {r.grade})"
              for r in preferred.itertuples()]
    low, high = int(rows["value"].min()), int(rows["value"].max())
    if len(rows) == 1:
        sentence = f"{label}: {listed[0]}, the only figure that stands."
    elif preferred["bound"].isin(["low", "high"]).all() and preferred["source"].nunique() == 1 and len(preferred) == 2:
        sentence = f"{label}: one source gives a range, {fmt_int(low)} to {fmt_int(high)} ({listed[0].split('(')[1]}."
    else:
        used = listed[0] if len(listed) == 1 else "; ".join(listed[:-1]) + " and " + listed[-1]
        sentence = (f"{label}: {len(rows)} figures from {fmt_int(low)} to {fmt_int(high)}; "
                    f"the course {'uses' if len(listed) == 1 else 'shows side by side'} {used}.")
    weak = rows[rows["grade"] == "D"]
    if not weak.empty:
        sentence += (" 1 of the figures comes" if len(weak) == 1 else f" {len(weak)} of the figures come") + \
            " from popular web pages (grade D)."
    wrong = figures(crackdown_id, measure, errors=True)
    if not wrong.empty:
        sentence += " Shown wrong by better evidence, so not rivals: " + "; ".join(
            f"{_bound_text(r.value, r.bound)} ({r.source.split(',')[0]})" for r in wrong.itertuples()) + "."
    return sentence


def describe_range(crackdown_id: str, measure: str) -> str:
    """One sentence: what the sources say about one measure of one crackdown."""
    table = crackdowns().set_index("crackdown_id")
    if crackdown_id not in table.index:
        return f"No crackdown called '{crackdown_id}'. Choose one of: {', '.join(table.index)}."
    if measure not in MEASURE_LABELS:
        return f"Unknown measure '{measure}'. Choose one of: {', '.join(MEASURE_LABELS)}."
    return f"{table.loc[crackdown_id, 'name']}, {figures_sentence(crackdown_id, measure)}"


def compare_crackdowns(first: str, second: str, measure: str = "killed") -> str:
    """Compare one measure of two crackdowns: dates, forces, and every source's figure."""
    table = crackdowns().set_index("crackdown_id")
    for chosen in (first, second):
        if chosen not in table.index:
            return f"No crackdown called '{chosen}'. Choose one of: {', '.join(table.index)}."
    if measure not in MEASURE_LABELS:
        return f"Unknown measure '{measure}'. Choose one of: {', '.join(MEASURE_LABELS)}."
    if first == second:
        return "Choose two different crackdowns to compare."
    parts = []
    for chosen in (first, second):
        row = table.loc[chosen]
        when = f"{fmt_date(row['start'])} – {fmt_date(row['end'])}"
        parts.append(f"{row['name']} ({when}; put down by {row['forces']}), {figures_sentence(chosen, measure)}")
    return " ".join(parts)


def period_note(start_year, end_year) -> str:
    """Which crackdowns fall between two years, or what is wrong with the years chosen."""
    try:
        start_year, end_year = int(start_year), int(end_year)
    except (TypeError, ValueError):
        return "Give the years as whole numbers, for example 1953 and 1956."
    if start_year > end_year:
        return f"The start year ({start_year}) must not be after the end year ({end_year})."
    if end_year < FIRST_YEAR or start_year > LAST_YEAR:
        return f"This chapter covers {FIRST_YEAR}–{LAST_YEAR}; choose years in that range."
    chosen = crackdowns_between(start_year, end_year)
    if chosen.empty:
        return f"No crackdown in this chapter began between {start_year} and {end_year}."
    return (f"{len(chosen)} crackdown{'s' if len(chosen) > 1 else ''} between {start_year} and {end_year}: "
            + "; ".join(short_name(r) for _, r in chosen.iterrows()) + ".")


def crackdowns_between(start_year: int, end_year: int) -> pd.DataFrame:
    """The crackdowns that began in the years start_year to end_year (inclusive)."""
    table = crackdowns()
    years = table["start"].dt.year
    return table[(years >= start_year) & (years <= end_year)].reset_index(drop=True)


# --- Figure 8.1: the map --------------------------------------------------------------------

def _window_xy():
    xs, ys = project_many(MAP_WINDOW["lon"], MAP_WINDOW["lat"], "world")
    return xs, ys


def cropped_basemap() -> go.Scatter:
    """The world base map cut to the map window, so that the page stays small."""
    (lon0, lon1), (lat0, lat1) = MAP_WINDOW["lon"], MAP_WINDOW["lat"]
    margin = 3.0
    xs, ys = [], []
    for line in data.basemap("world")["lines"]:
        piece = []
        for point in list(line) + [None]:
            lon, lat = point if point is not None else (None, None)
            inside = lon is not None and lon0 - margin <= lon <= lon1 + margin and lat0 - margin <= lat <= lat1 + margin
            if inside:
                piece.append((lon, lat))
                continue
            if len(piece) > 1:
                x, y = project_many([p[0] for p in piece], [p[1] for p in piece], "world")
                xs += [round(v, 4) for v in x] + [None]
                ys += [round(v, 4) for v in y] + [None]
            piece = []
    return go.Scatter(x=xs, y=ys, mode="lines", hoverinfo="skip", showlegend=False, name="base map",
                      line=dict(color=PALETTE["grey"], width=0.8))


def killed_summary(crackdown_id: str) -> str:
    """'58 killed (other counts: 53–113)': the map's short statement of deaths."""
    rows = figures(crackdown_id, "killed")
    if rows.empty:
        return "deaths: no figure"
    preferred = rows[rows["status"] != "alternative"]
    if (preferred["bound"] == "low").any() and (preferred["bound"] == "high").any() and len(preferred) == 2:
        return f"{fmt_int(preferred['value'].min())} to {fmt_int(preferred['value'].max())} killed (one source's range)"
    lo, hi = int(preferred["value"].min()), int(preferred["value"].max())
    text = f"{fmt_int(lo)} killed" if lo == hi else f"{fmt_int(lo)}–{fmt_int(hi)} killed"
    others = rows[rows["status"] == "alternative"]
    if not others.empty:
        lo, hi = int(others["value"].min()), int(others["value"].max())
        text += f" (other counts: {fmt_int(lo)})" if lo == hi else f" (other counts: {fmt_int(lo)}–{fmt_int(hi)})"
    return text


def map_figure() -> go.Figure:
    """Figure 8.1: the uprisings and crackdowns of 1953–1962 on a map of Europe and the western USSR."""
    table = crackdowns()
    table["x"], table["y"] = project_many(table["lon"], table["lat"], "world")
    fig = go.Figure(cropped_basemap())
    positions = {"gdr-1953": "top left", "poznan-1956": "top right", "hungary-1956": "bottom center",
                 "tbilisi-1956": "bottom center", "novocherkassk-1962": "top center"}
    for force, label in FORCE_LABELS.items():
        rows = table[table["force_type"] == force]
        if rows.empty:
            continue
        sizes, symbols = [], []
        for r in rows.itertuples():
            killed = figures(r.crackdown_id, "killed")
            preferred = killed[killed["status"] != "alternative"]
            one_source_range = preferred["bound"].isin(["low", "high"]).all() and len(preferred) > 1
            size = 10 if preferred.empty or one_source_range else 8 + 1.6 * math.sqrt(preferred["value"].max())
            sizes.append(round(size, 1))
            symbols.append("circle-open" if preferred.empty or one_source_range else "circle")
        fig.add_trace(go.Scatter(
            x=rows["x"], y=rows["y"], mode="markers+text", name=f"Put down by: {label}",
            text=[short_name(r) for _, r in rows.iterrows()],
            textposition=[positions.get(c, "top center") for c in rows["crackdown_id"]],
            textfont=dict(size=12), cliponaxis=False,
            marker=dict(size=sizes, symbol=symbols, color=FORCE_COLOURS[force], opacity=0.8,
                        line=dict(width=2, color=FORCE_COLOURS[force])),
            customdata=[[r.name, f"{fmt_date(r.start)} – {fmt_date(r.end)}", r.forces, killed_summary(r.crackdown_id)]
                        for r in rows.itertuples()],
            hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<br>Put down by: %{customdata[2]}"
                          "<br>%{customdata[3]}<extra></extra>"))
    moscow = data.table("places").set_index("place_id").loc[["moscow"]]
    mx, my = project_many(moscow["lon"], moscow["lat"], "world")
    fig.add_trace(go.Scatter(x=mx, y=my, mode="markers+text", text=list(moscow["name"]), name="City",
                             textposition="middle right", hoverinfo="skip", showlegend=False,
                             marker=dict(symbol="square", size=7, color=PALETTE["grey"])))
    xs, ys = _window_xy()
    hidden = dict(visible=False, showgrid=False, zeroline=False)
    fig.update_layout(xaxis=dict(hidden, range=xs), yaxis=dict(hidden, range=ys, scaleanchor="x", scaleratio=1),
                      hovermode="closest", dragmode="pan")
    readable = pd.DataFrame({"uprising": table["name"], "place": table["place"],
                             "dates": [f"{fmt_date(r.start)} – {fmt_date(r.end)}" for r in table.itertuples()],
                             "put down by": table["forces"],
                             "deaths": [killed_summary(c) for c in table["crackdown_id"]]})
    return finish(fig, height=600, table=readable, title="Uprisings and crackdowns, 1953–1962<br><span style='font-size:13px'>"
                        "Circle area: deaths (the course's figure; largest where sources differ); "
                        "open circle: no reliable count</span>",
                  source="crackdowns.csv, crackdown_figures.csv (sources per row); places.csv (GeoNames); "
                         + BASEMAP_SOURCES["world"],
                  alt="Map of central and eastern Europe and the western USSR. Circles mark East Germany (June 1953), "
                      "Tbilisi (March 1956), Poznań (June 1956), Hungary (October–November 1956) and Novocherkassk "
                      "(June 1962); circle area grows with the deaths counted, largest for Hungary. Red: put down "
                      "by the Soviet army; blue: by Polish forces; purple: by Soviet internal troops. Tbilisi, "
                      "with no reliable count, is an open circle.")


# --- Figure 8.2: the figures, source by source ----------------------------------------------


def casualties_figure() -> go.Figure:
    """Figure 8.2: every source's figure for each crackdown; one button per measure (kernel-free explorer)."""
    table = crackdowns()
    labels = {r["crackdown_id"]: short_name(r) for _, r in table.iterrows()}
    order = [labels[c] for c in table["crackdown_id"]]
    fig = go.Figure()
    owner = []  # the measure of each trace, for the buttons
    titles = {}
    for measure in COMPARED_MEASURES:
        rows = figures(measure=measure)
        rows = rows.assign(label=rows["crackdown_id"].map(labels))
        visible = measure == COMPARED_MEASURES[0]
        spread_x, spread_y = [], []
        for label, group in rows.groupby("label", sort=False):
            if len(group) > 1:
                spread_x += [int(group["value"].min()), int(group["value"].max()), None]
                spread_y += [label, label, None]
        fig.add_trace(go.Scatter(x=spread_x, y=spread_y, mode="lines", visible=visible, hoverinfo="skip",
                                 name="Spread between the figures", line=dict(color=PALETTE["grey"], width=6),
                                 opacity=0.35, showlegend=False))
        owner.append(measure)
        for index, (name, grades, symbol, colour) in enumerate(GRADE_GROUPS):
            part = rows[rows["grade"].isin(grades)]
            fig.add_trace(go.Scatter(
                x=part["value"], y=part["label"], mode="markers", visible=visible, name=name, showlegend=False,
                marker=dict(symbol=symbol, color=colour, line=dict(width=2, color=colour),
                            size=[15 if s != "alternative" else 10 for s in part["status"]]),
                customdata=[[_bound_text(r.value, r.bound), r.source, r.grade_detail,
                             "preferred or unrivalled" if r.status != "alternative" else "alternative figure"]
                            for r in part.itertuples()],
                hovertemplate="<b>%{customdata[0]}</b> (%{customdata[3]})<br>%{customdata[1]}<br>grade "
                              "%{customdata[2]}<extra></extra>"))
            owner.append(measure)
        spreads = [(g["value"].max() / g["value"].min(), label, g) for label, g in rows.groupby("label")]
        ratio, widest, group = max(spreads, key=lambda item: item[0], default=(1, "", rows))
        note = (f"Widest spread: {widest}, {fmt_int(group['value'].min())} to {fmt_int(group['value'].max())}"
                + (" (one source's range)" if group["source"].nunique() == 1 else "")
                if ratio > 1 else "One figure per crackdown")
        titles[measure] = (f"{MEASURE_LABELS[measure]}: every source's figure<br>"
                           f"<span style='font-size:13px'>{note}. Gaps: "
                           f"{', '.join(l for l in order if l not in set(rows['label'])) or 'none'}</span>")
    # Legend keys: empty traces that stay visible in every view (the data traces change with the buttons).
    keys = [("Spread between the figures", dict(mode="lines", line=dict(color=PALETTE["grey"], width=6)))]
    keys += [(name, dict(mode="markers", marker=dict(symbol=symbol, color=colour, size=12,
                                                      line=dict(width=2, color=colour))))
             for name, _, symbol, colour in GRADE_GROUPS]
    for name, style in keys:
        fig.add_trace(go.Scatter(x=[None], y=[None], name=name, hoverinfo="skip", **style))
        owner.append("key")
    buttons = [dict(label=MEASURE_LABELS[m], method="update",
                    args=[{"visible": [o in (m, "key") for o in owner]}, {"title.text": titles[m]}])
               for m in COMPARED_MEASURES]
    fig.update_yaxes(categoryorder="array", categoryarray=order[::-1], showgrid=True)
    ticks = [5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000]
    fig.update_xaxes(type="log", title="persons (logarithmic scale)", tickvals=ticks,
                     ticktext=[fmt_int(t) for t in ticks])
    fig.update_layout(hovermode="closest",
                      updatemenus=[dict(type="buttons", direction="right", active=0, buttons=buttons)])
    return finish(fig, height=520, title=titles[COMPARED_MEASURES[0]],
                  source="crackdown_figures.csv: bpb.de; Clio-online; IPN; KSH via the 1956 Institute; Stykalin; "
                         "Trubin via x-libri.ru; Wikipedia; newspapers (grade per point)",
                  alt="Dot chart on a logarithmic scale, one row per crackdown, one dot per source's figure; buttons "
                      "switch between killed, wounded, executed and arrested. Deaths: " + _deaths_alt(table)
                      + ". Figures shown wrong by better evidence are not drawn.")


def _deaths_alt(table: pd.DataFrame) -> str:
    """'East Germany 55, Tbilisi 22 to 800, …': the drawn range of deaths per crackdown, for the text alternative."""
    parts = []
    for _, row in table.iterrows():
        values = figures(row["crackdown_id"], "killed")["value"]
        if values.empty:
            continue
        lo, hi = int(values.min()), int(values.max())
        region = short_name(row).split(",")[0]
        parts.append(f"{region} {fmt_int(lo)}" if lo == hi else f"{region} {fmt_int(lo)} to {fmt_int(hi)}")
    return ", ".join(parts)


# --- Figure 8.3: convictions for anti-Soviet agitation --------------------------------------

def conviction_bars() -> pd.DataFrame:
    """The bars of Figure 8.3: one per period or year, with the yearly average it stands for."""
    table = data.table("agitation_convictions")
    table = table[(table["status"] != "gap") & (table["id"] != "1956-1960")]  # 1956–60 is drawn by its parts
    rows = []
    for r in table.itertuples():
        years = r.period_end.year - r.period_start.year + 1
        if r.scope == "remainder":  # 1956, 1959 and 1960 together: one bar per year at the average
            for year in (1956, 1959, 1960):
                rows.append(dict(id=r.id, year_start=year, years=1, article=r.article, total=int(r.value),
                                 per_year=round(int(r.value) / 3, 1), status=r.status, source=r.source))
            continue
        rows.append(dict(id=r.id, year_start=r.period_start.year, years=years, article=r.article,
                         total=int(r.value), per_year=round(int(r.value) / years, 1), status=r.status,
                         source=r.source))
    bars = pd.DataFrame(rows)
    bars["middle"] = [pd.Timestamp(y, 1, 1) + (pd.Timestamp(y + n, 1, 1) - pd.Timestamp(y, 1, 1)) / 2
                      for y, n in zip(bars["year_start"], bars["years"])]
    bars["width_ms"] = [0.92 * (pd.Timestamp(y + n, 1, 1) - pd.Timestamp(y, 1, 1)).total_seconds() * 1000
                        for y, n in zip(bars["year_start"], bars["years"])]
    return bars


def convictions_figure() -> go.Figure:
    """Figure 8.3: convictions for anti-Soviet agitation per year, 1956–1987 (period averages where needed)."""
    bars = conviction_bars()
    fig = go.Figure()
    styles = [("art70", "read", "Art. 58-10 / Art. 70 (anti-Soviet agitation)", PALETTE["blue"], ""),
              ("art70", "derived", "Art. 70: 1956, 1959, 1960 (derived average of 1,296 over three years)",
               PALETTE["sky"], "/"),
              ("art190_1", "read", "Art. 190-1 (\"knowingly false fabrications\"), from 1966", PALETTE["orange"], "")]
    for article, status, label, colour, pattern in styles:
        rows = bars[(bars["article"] == article) & (bars["status"] == status)]
        period = [f"{y}" if n == 1 else f"{y}–{y + n - 1}" for y, n in zip(rows["year_start"], rows["years"])]
        fig.add_trace(go.Bar(
            x=rows["middle"], y=rows["per_year"], width=rows["width_ms"], name=label,
            marker=dict(color=colour, pattern_shape=pattern, line=dict(width=0)),
            customdata=[[p, fmt_int(t), s] for p, t, s in zip(period, rows["total"], rows["source"])],
            hovertemplate="%{customdata[0]}: %{y:,.0f} a year (total %{customdata[1]})<br>%{customdata[2]}"
                          "<extra></extra>"))
    fig.update_layout(barmode="stack", hovermode="closest", legend_traceorder="normal",
                      xaxis=dict(range=["1955-01-01", "1988-06-30"], type="date"),
                      updatemenus=[dict(type="buttons", direction="right", active=0, buttons=[
                          dict(label="1956–1987", method="relayout",
                               args=[{"xaxis.range": ["1955-01-01", "1988-06-30"]}]),
                          dict(label="Zoom on the Khrushchev years", method="relayout",
                               args=[{"xaxis.range": ["1955-07-01", "1966-06-30"]}])])])
    fig.update_yaxes(title="persons convicted per year", range=[0, 2600])
    add_key_dates(fig, start=pd.Timestamp("1956-01-01"))
    return finish(fig, height=520, title="Convictions for anti-Soviet agitation, 1956–1987",
                  source="agitation_convictions.csv: Kozlov & Mironenko, Kramola (2005), Table 1, from the KGB's "
                         "figures (grade A via B); five-year totals shown as yearly averages",
                  alt="Bar chart. Convictions peaked at 1,964 in 1957 and 1,416 in 1958; 1956, 1959 and 1960 "
                      "averaged 432 a year; 1961–1965 averaged 214 a year, and later five-year periods between "
                      "14 and 161 a year, counting Art. 190-1 from 1966.")


# --- Figure 8.4: Orthodox churches -----------------------------------------------------------

def churches_figure() -> go.Figure:
    """Figure 8.4: Orthodox churches, counts and estimates, with the suspicious 22,000 of 1959 flagged."""
    table = data.table("orthodox_churches")
    by_id = table.set_index("id")
    day = lambda year: pd.Timestamp(int(year), 7, 1)  # noqa: E731 - a year's figure sits mid-year
    fig = go.Figure()

    def band(low_id, high_id, name, colour, years):
        low, high = int(by_id.loc[low_id, "value"]), int(by_id.loc[high_id, "value"])
        x0, x1 = pd.Timestamp(years[0], 1, 1), pd.Timestamp(years[1], 12, 31)
        fig.add_trace(go.Scatter(x=[x0, x1, x1, x0, x0], y=[low, low, high, high, low], fill="toself", mode="lines",
                                 name=name, fillcolor=colour, opacity=0.35, line=dict(width=0),
                                 hovertemplate=f"{fmt_int(low)}–{fmt_int(high)}<br>{by_id.loc[low_id, 'source']}"
                                               "<extra></extra>"))

    band("1950s-western-low", "1950s-western-high", "What Western observers believed, 1950s: 20,000–25,000",
         PALETTE["orange"], (1950, 1959))
    band("1950s-archival-low", "1950s-archival-high", "Archival counts (CROCA), 1950s: 13,000–14,000",
         PALETTE["sky"], (1950, 1959))
    counts = table[(table["kind"] == "count") & (table["bound"] == "exact") & (table["grade"] != "D")]
    fig.add_trace(go.Scatter(
        x=[day(y) for y in counts["year"]], y=counts["value"], mode="lines+markers+text",
        name="Counts: 1953 (Stankevičius, grade B); 1960 and 1965 (EN Wikipedia, grade C)",
        text=[fmt_int(v) for v in counts["value"]], textposition="top right", line=dict(color=PALETTE["blue"], width=3),
        marker=dict(size=10), customdata=[f"{s} · grade {g}" for s, g in zip(counts["source"], counts["grade"])],
        hovertemplate="%{x|%Y}: %{y:,}<br>%{customdata}<extra></extra>"))
    low, high = by_id.loc["1965-smolkin-low"], by_id.loc["1965-smolkin-high"]
    fig.add_trace(go.Scatter(x=[day(1965), day(1965)], y=[low["value"], high["value"]], mode="lines+markers",
                             name="Mid-1960s, about 7,000–8,000 (Smolkin, grade B)",
                             line=dict(color=PALETTE["green"], width=5), marker=dict(symbol="line-ew-open", size=14),
                             hovertemplate="Mid-1960s: about 7,000–8,000<br>" + low["source"] + "<extra></extra>"))
    suspect = table[table["kind"] == "suspect"]
    fig.add_trace(go.Scatter(
        x=[day(y) for y in suspect["year"]], y=suspect["value"], mode="markers+text",
        name="Suspect figures: 22,000 in 1959 (EN Wikipedia, C); \"almost 30,000\" in 1960 (Smolkin, B)",
        text=[_bound_text(v, b) for v, b in zip(suspect["value"], suspect["bound"])], textposition="middle right",
        marker=dict(symbol="x", size=16, color=PALETTE["vermillion"]),
        customdata=[f"{s} · grade {g}" for s, g in zip(suspect["source"], suspect["grade"])],
        hovertemplate="%{x|%Y}: %{text}<br>%{customdata}<extra></extra>"))
    late = table[table["grade"] == "D"]
    fig.add_trace(go.Scatter(
        x=[day(y) for y in late["year"]], y=late["value"], mode="lines+markers", name="1986 and 1988 (grade D, context)",
        line=dict(color=PALETTE["grey"], dash="dash"), marker=dict(symbol="circle-open", size=10),
        customdata=late["source"], hovertemplate="%{x|%Y}: %{y:,}<br>%{customdata} · grade D<extra></extra>"))
    campaign_start = data.table("events").set_index("id").loc["e51", "start"]  # the CC resolution of 4 Oct 1958
    fig.add_vrect(x0=campaign_start, x1="1964-10-14", fillcolor=PALETTE["grey"], opacity=0.12, line_width=0)
    fig.add_annotation(x="1961-08-01", y=0.04, yref="paper", text="anti-religious<br>campaign", showarrow=False,
                       font=dict(size=11))
    fig.add_annotation(x=day(1959), y=22000, ax=150, ay=-30, text="suspect: the size of the old estimates,<br>"
                       "not of the archival counts", showarrow=True, arrowhead=2, font=dict(size=11), xanchor="left",
                       align="left")
    fig.update_yaxes(title="Orthodox churches", range=[0, 48000])
    fig.update_layout(hovermode="closest", xaxis=dict(range=["1949-07-01", "1990-06-30"], type="date"))
    add_key_dates(fig)
    first, last = int(by_id.loc["1953-stankevicius", "value"]), int(by_id.loc["1965-wikipedia", "value"])
    return finish(fig, height=600, title="Russian Orthodox churches: counts, estimates and a suspect figure",
                  source="orthodox_churches.csv: Stankevičius; EN Wikipedia; Smolkin; Communist and Post-Communist "
                         "Studies 1996 abstract and Davis 1991 (CROCA archives); Alexy II and Kirill (grade D)",
                  alt=f"Line chart. Counts fall from {fmt_int(first)} churches in 1953 to 13,008 in 1960 and "
                      f"{fmt_int(last)} in 1965. The 22,000 given for 1959 sits far above both, inside the band of "
                      "inflated Western estimates (20,000–25,000), not the archival band (13,000–14,000).")


# --- Figure 8.5: instruments of repression -------------------------------------------------------

#: The kinds of measure drawn in Figure 8.5: label, colour and marker symbol (grade D adds "-open").
MEASURE_KINDS = {
    "directive": ("Party directive", PALETTE["vermillion"], "diamond"),
    "law": ("Law or decree", PALETTE["blue"], "square"),
    "sentence": ("Court sentence", PALETTE["purple"], "circle"),
    "psychiatric": ("Psychiatric internment", PALETTE["green"], "triangle-up"),
    "group": ("Prosecution of a group", PALETTE["orange"], "star"),
    "context": ("Context: the activity that was repressed", PALETTE["grey"], "circle"),
}


def measure_when(row) -> str:
    """A measure's date as precise as its source: '19 Dec 1956', 'Jul 1961' or '1964'."""
    if row.precision == "year":
        return f"{row.date.year}"
    if row.precision == "month":
        return f"{row.date:%b %Y}"
    return fmt_date(row.date)


def measures(kinds=None) -> pd.DataFrame:
    """The dated instruments of repression (data/repression_measures.csv), oldest first, with a display date."""
    table = data.table("repression_measures").sort_values(["date", "id"]).reset_index(drop=True)
    if kinds is not None:
        table = table[table["kind"].isin(kinds)].reset_index(drop=True)
    table["when"] = [measure_when(r) for r in table.itertuples()]
    return table


def _span(row):
    """The stretch of time a date stands for: one day, or the whole month or year."""
    if row.precision == "year":
        return pd.Timestamp(row.date.year, 1, 1), pd.Timestamp(row.date.year, 12, 31)
    if row.precision == "month":
        return row.date, row.date + pd.offsets.MonthEnd(0)
    return row.date, row.date


def measures_figure() -> go.Figure:
    """Figure 8.5: the instruments of repression inside the USSR, 1956–1964, one row per measure."""
    table = measures(kinds=list(MEASURE_KINDS))
    labels = ["<br>".join(textwrap.wrap(m, 32)) for m in table["measure"]]
    table = table.assign(label=labels)
    fig = go.Figure()
    convictions = data.table("agitation_convictions").set_index("id")
    peak_start, peak_end = convictions.loc["1957", "period_start"], convictions.loc["1958", "period_end"]
    fig.add_vrect(x0=peak_start, x1=peak_end, fillcolor=PALETTE["sky"], opacity=0.18, line_width=0)
    fig.add_annotation(x=peak_start + (peak_end - peak_start) / 2, y=0, yref="paper", yanchor="bottom",
                       text=f"peak of convictions for<br>anti-Soviet agitation, {peak_start.year}–{peak_end.year}",
                       showarrow=False, font=dict(size=11))
    vague = table[table["precision"] != "day"]
    xs, ys = [], []
    for row in vague.itertuples():
        start, end = _span(row)
        xs += [start, end, None]
        ys += [row.label, row.label, None]
    fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", name="Date known only to the month or year (bar: the span)",
                             line=dict(color=PALETTE["grey"], width=7), opacity=0.45, hoverinfo="skip"))
    for kind, (name, colour, symbol) in MEASURE_KINDS.items():
        rows = table[table["kind"] == kind]
        if rows.empty:
            continue
        middles = [start + (end - start) / 2 for start, end in (_span(r) for r in rows.itertuples())]
        fig.add_trace(go.Scatter(
            x=middles, y=rows["label"], mode="markers", name=name,
            marker=dict(size=14, color=colour, line=dict(width=2, color=colour),
                        symbol=[symbol + ("-open" if g == "D" else "") for g in rows["grade"]]),
            customdata=[[r.when, r.measure, "<br>".join(textwrap.wrap(r.description, 70)), r.grade, r.grade_detail]
                        for r in rows.itertuples()],
            hovertemplate="<b>%{customdata[1]}</b> (%{customdata[0]})<br>%{customdata[2]}<br>"
                          "grade %{customdata[3]}: %{customdata[4]}<extra></extra>"))
    fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name="Open marker: date from a popular source "
                             "(grade D)", marker=dict(symbol="circle-open", size=12, color=PALETTE["grey"],
                                                       line=dict(width=2)), hoverinfo="skip"))
    fig.update_yaxes(categoryorder="array", categoryarray=list(table["label"])[::-1], showgrid=True, title=None)
    fig.update_xaxes(type="date", range=["1956-07-01", "1965-01-01"])
    fig.update_layout(hovermode="closest", margin=dict(l=250))
    readable = table.rename(columns={"when": "date"})[["date", "measure", "kind", "grade", "grade_detail"]]
    first, last = table.iloc[0], table.iloc[-1]
    weak = table[table["grade"] == "D"]
    laws = table[table["kind"] == "law"]
    law_years = "–".join(sorted({str(d.year) for d in laws["date"]}))
    return finish(fig, height=820, table=readable,
                  title="Instruments of repression inside the USSR, 1956–1964",
                  source="repression_measures.csv (sources and grades per row); agitation_convictions.csv "
                         "(Kozlov & Mironenko, Kramola, Table 1)",
                  alt=f"Timeline of {len(table)} dated measures, one row each, from the {first['measure']} "
                      f"({first['when']}) to {last['measure']} ({last['when']}). A party directive in December 1956 "
                      f"precedes the peak of convictions in {peak_start.year}–{peak_end.year}; {len(laws)} laws of "
                      f"{law_years} punish 'parasites' with exile and economic crimes with death; sentences, psychiatric "
                      f"internment and the prosecution of groups follow in 1961–1964. {len(weak)} dates rest on "
                      f"popular sources (grade D) and are drawn open.")


# --- The explorer ------------------------------------------------------------------------------

def comparison_figure(first: str, second: str, measure: str) -> go.Figure:
    """Every source's figure for one measure of two crackdowns (for the explorer)."""
    table = crackdowns().set_index("crackdown_id")
    fig = go.Figure()
    for chosen, colour in ((first, PALETTE["blue"]), (second, PALETTE["vermillion"])):
        if chosen not in table.index:
            continue
        rows = figures(chosen, measure)
        label = short_name(table.loc[chosen].to_dict() | {"crackdown_id": chosen})
        fig.add_trace(go.Bar(
            y=[f"{label}: {r.source.split(',')[0][:40]}" for r in rows.itertuples()], x=rows["value"],
            orientation="h", name=label, marker=dict(color=colour, pattern_shape=["." if g == "D" else "" for g in
                                                                                   rows["grade"]]),
            text=[f"{_bound_text(r.value, r.bound)} (grade {r.grade})" for r in rows.itertuples()],
            textposition="outside", cliponaxis=False, hovertemplate="%{x:,}<extra></extra>"))
    fig.update_layout(hovermode="closest", margin=dict(l=330))
    fig.update_xaxes(title=MEASURE_LABELS.get(measure, measure).lower(), tickformat=",")
    return finish(fig, height=420, title=f"{MEASURE_LABELS.get(measure, measure)}: source by source",
                  source="crackdown_figures.csv (dotted bars: grade D)", alt=compare_crackdowns(first, second, measure))


def build_explorer():
    """The ipywidgets crackdown comparer (needs a running kernel: JupyterLab or Binder)."""
    import ipywidgets as widgets

    years = widgets.IntRangeSlider(value=(FIRST_YEAR, 1962), min=FIRST_YEAR, max=LAST_YEAR, description="Years",
                                   continuous_update=False, layout={"width": "36em"})
    period = widgets.HTML()
    first = widgets.Dropdown(description="Compare", layout={"width": "30em"})
    second = widgets.Dropdown(description="with", layout={"width": "30em"})
    measure = widgets.Dropdown(options=[(MEASURE_LABELS[m], m) for m in MEASURE_LABELS], value="killed",
                               description="Measure", layout={"width": "30em"})
    view = LinkedView(lambda: compare_crackdowns(first.value, second.value, measure.value),
                      lambda: comparison_figure(first.value, second.value, measure.value))

    def filter_crackdowns(*_):
        period.value = f"<p>{period_note(*years.value)}</p>"
        chosen = crackdowns_between(*years.value)
        options = [(short_name(r), r["crackdown_id"]) for _, r in chosen.iterrows()] or [("(none in these years)", "")]
        with view.one_redraw():
            for box, index in ((first, 0), (second, min(1, len(options) - 1))):
                box.options = options
                box.index = index

    view.follow(measure, first, second)
    years.observe(filter_crackdowns, names="value")
    filter_crackdowns()
    return widgets.VBox([years, period, first, second, measure, view.summary, view.chart])
