"""Figures and the deported-peoples explorer for chapter 4, "Rehabilitation and return".

Everything is built from the tables in ``data/`` (see ``datapackage.json``):
``rehabilitations``, ``special_settlers``, ``deported_peoples``,
``deportation_figures``, ``deportation_routes``, ``deportation_places`` and
``places``. Each number on a chart carries the source and grade of its row.
"""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from thaw import data
from thaw.charts import PALETTE, add_key_dates, finish, fmt_date, fmt_int
from thaw.maps import BASEMAP_SOURCES, map_figure, project_many

#: The years the status explorer accepts: from the first deportation (1941) to the
#: declaration of 14 Nov 1989 and the years just after it.
FIRST_YEAR, LAST_YEAR = 1941, 1991
KHRUSHCHEV_REMOVED = pd.Timestamp("1964-10-14")
PEOPLE_COLOURS = {
    "volga_germans": PALETTE["blue"], "kalmyks": PALETTE["orange"], "karachays": PALETTE["purple"],
    "chechens_ingush": PALETTE["green"], "balkars": PALETTE["sky"], "crimean_tatars": PALETTE["vermillion"],
    "meskhetian_turks": "#9A7B00",  # a darker yellow: the palette's yellow is unreadable on white
}
QUALIFIER_WORDS = {"exact": "", "rounded": "", "about": "about ", "more_than": "more than "}
MONTHS = "January February March April May June July August September October November December".split()


def _number(value, qualifier: str = "exact") -> str:
    return QUALIFIER_WORDS.get(qualifier, "") + fmt_int(value)


def _day(stamp, precision: str = "day") -> str:
    return f"{MONTHS[stamp.month - 1]} {stamp.year}" if precision == "month" else fmt_date(stamp)


def _when(stamp, precision: str = "day") -> str:
    """'on 13 Dec 1955', or 'in March 1956' when only the month is known."""
    return ("in " if precision == "month" else "on ") + _day(stamp, precision)


# --- Deported peoples: the facts behind the explorer and the map ------------------------

def peoples() -> pd.DataFrame:
    """One row per deported people, in the order of deportation."""
    return data.table("deported_peoples").sort_values("deported_start").reset_index(drop=True)


def people_options() -> dict[str, str]:
    """people_id -> name, in the order of deportation."""
    return dict(zip(peoples()["people_id"], peoples()["name"]))


def _people_row(people_id: str) -> pd.Series:
    table = peoples().set_index("people_id")
    if people_id not in table.index:
        known = ", ".join(table.index)
        raise ValueError(f"No deported people called '{people_id}' in the course data. Choose one of: {known}.")
    return table.loc[people_id]


def deportation_count(people_id: str) -> dict:
    """The preferred count of deportees (status read) of one people, with its alternatives."""
    figures = data.table("deportation_figures")
    rows = figures[figures["people_id"] == people_id]
    preferred = rows[(rows["status"] == "read") & (rows["measure"] == "deported")]
    return {"preferred": preferred.iloc[0] if len(preferred) else None,
            "others": rows[rows.index.isin(preferred.index) == False].reset_index(drop=True)}  # noqa: E712


def return_text(people_id: str) -> str:
    """The right of return in one phrase: a date, or 'not under Khrushchev'."""
    row = _people_row(people_id)
    if pd.notna(row["return_date"]) and row["return_date"] <= KHRUSHCHEV_REMOVED:
        return f"allowed from {fmt_date(row['return_date'])}"
    if pd.notna(row["return_date"]):
        return f"not under Khrushchev (only after {fmt_date(row['return_date'])})"
    return "not under Khrushchev"


def people_card(people_id: str) -> list[tuple[str, str]]:
    """The facts of one people as (label, text) pairs: the explorer's card and the map's title."""
    row = _people_row(people_id)
    count = deportation_count(people_id)
    preferred = count["preferred"]
    if preferred is None:
        number = "no count in the course's sources"
    else:
        number = (f"{_number(preferred['value'], preferred['qualifier'])} "
                  f"(grade {preferred['grade']}: {preferred['definition']})")
    others = "; ".join(f"{_number(r.value, r.qualifier)} ({r.measure.replace('_', ' ')}, grade {r.grade})"
                       for r in count["others"].itertuples())
    card = [("Deported", row["deported_when"]), ("Number", number)]
    if others:
        card.append(("Other figures", others))
    card += [("Restrictions lifted", f"{_day(row['lifted_date'], row['lifted_precision'])}: {row['lifted_act']}"),
             ("Autonomy", row["autonomy_note"]),
             ("Right of return", f"{return_text(people_id)}. {row['return_note']}")]
    return card


def describe_status(people_id: str, year) -> str:
    """One sentence on the legal situation of a deported people in a given year.

    An unknown people, a year that is not a number, or a year outside 1941–1991
    returns a sentence that says what is wrong instead of raising.
    """
    try:
        row = _people_row(people_id)
    except ValueError as error:
        return str(error)
    try:
        year = int(year)
    except (TypeError, ValueError):
        return "Give the year as a whole number, for example 1956."
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return (f"Choose a year between {FIRST_YEAR} and {LAST_YEAR}: the course's sources run from the first "
                f"deportation (1941) to the declaration of 14 Nov 1989 and its aftermath.")
    name, deported = row["name"], row["deported_start"]
    when = row["deported_when"].split(" (")[0]
    lifted, back = row["lifted_date"], row["return_date"]
    lifted_text = _when(lifted, row["lifted_precision"])
    if year < deported.year:
        return f"In {year} the {name} had not yet been deported: they were deported {when}."
    if year < lifted.year:
        return (f"In {year} the {name} were special settlers (deported {when}), barred from "
                f"leaving their place of settlement. The restrictions were lifted only {lifted_text}.")
    if pd.notna(back) and year >= back.year:
        if back <= KHRUSHCHEV_REMOVED:
            return f"In {year} the {name} were free to return home: return was allowed from {fmt_date(back)}."
        return (f"In {year} the {name} could at last return home: the mass return followed {fmt_date(back)}, "
                f"long after Khrushchev.")
    if year == lifted.year:
        sentence = (f"In {year} the special-settlement restrictions on the {name} were lifted ({lifted_text}), "
                    f"but not the ban on returning home")
    elif year <= KHRUSHCHEV_REMOVED.year or pd.notna(back):
        sentence = (f"In {year} the {name} were no longer special settlers (restrictions lifted {lifted_text}), "
                    f"but they could not return home")
    else:
        return (f"In {year} the {name} were no longer special settlers (restrictions lifted {lifted_text}). "
                f"Under Khrushchev they could not return home; when that changed later is not in the course's "
                f"sources. {row['return_note']}")
    if pd.notna(back):
        return sentence + f": return became possible only after {fmt_date(back)}."
    return sentence + f". {row['return_note']}"


# --- Rehabilitations: Figure 4.1 --------------------------------------------------------

PERIOD_ORDER = [("1954-01-01", "1961-12-31"), ("1962-01-01", "1983-12-31"), ("1984-01-01", "1987-12-31"),
                ("1988-01-01", "1989-12-31"), ("1990-01-01", "1990-12-31"), ("1991-01-01", "2004-12-31")]


def rehabilitation_periods() -> pd.DataFrame:
    """Rehabilitated and refused per period (gap periods included), with the length in years."""
    rows = data.table("rehabilitations")
    out = []
    for start, end in PERIOD_ORDER:
        period = rows[(rows["period_start"] == start) & (rows["period_end"] == end)
                      & (rows["status"] != "alternative")].set_index("measure")
        years = pd.Timestamp(end).year - pd.Timestamp(start).year + 1
        label = str(pd.Timestamp(start).year) + ("" if years == 1 else f"–{pd.Timestamp(end).year}")
        def get(measure):
            value = period.loc[measure, "value"] if measure in period.index else pd.NA
            return float(value) if pd.notna(value) else float("nan")
        out.append({"period": label, "years": years, "rehabilitated": get("rehabilitated"),
                    "refused": get("refused"),
                    "qualifier": period.loc["rehabilitated", "qualifier"] if "rehabilitated" in period.index else "",
                    "status": period.loc["rehabilitated", "status"] if "rehabilitated" in period.index else "gap"})
    return pd.DataFrame(out)


def rehabilitation_figure() -> go.Figure:
    """Figure 4.1: rehabilitations by period; buttons switch totals, yearly averages and releases."""
    periods = rehabilitation_periods()
    known = periods[periods["status"] != "gap"]
    gaps = periods[periods["status"] == "gap"]
    rows = data.table("rehabilitations").set_index("id")

    def bars(per_year: bool, visible: bool):
        divide = known["years"] if per_year else 1
        rehab = (known["rehabilitated"] / divide).round(0)
        refused = (known["refused"] / divide).round(0)
        about = ["about " if q == "about" else "" for q in known["qualifier"]]
        return [
            go.Bar(x=known["period"], y=rehab, name="Rehabilitated", marker_color=PALETTE["blue"],
                   marker_pattern_shape=["/" if a else "" for a in about], visible=visible,
                   text=[a + fmt_int(v) for a, v in zip(about, rehab)], textposition="outside",
                   cliponaxis=False, hovertemplate="%{x}: %{text}<extra>rehabilitated</extra>"),
            go.Bar(x=known["period"], y=refused, name="Refused rehabilitation", marker_color=PALETTE["grey"],
                   visible=visible, hovertemplate="%{x}: %{y:,}<extra>refused</extra>"),
            go.Scatter(x=gaps["period"], y=[0] * len(gaps), mode="text", text=["no figure<br>found"] * len(gaps),
                       textposition="top center", name="No figure found", showlegend=False, visible=visible,
                       hoverinfo="skip"),
        ]

    fig = go.Figure(bars(False, True) + bars(True, False))
    compare = [("Left the penal system,<br>1953–1960", rows.loc["elie-released-1953-1960"], PALETTE["sky"]),
               ("Rehabilitated,<br>1954–1961", rows.loc["kgb-1954-1961-rehabilitated"], PALETTE["blue"]),
               ("Rehabilitated by the<br>Military Collegium,<br>1954–25 Feb 1956", rows.loc["military-collegium-1954-1956"],
                PALETTE["green"])]
    fig.add_trace(go.Bar(x=[c[0] for c in compare], y=[int(c[1]["value"]) for c in compare], visible=False,
                         marker_color=[c[2] for c in compare], name="Released or rehabilitated", showlegend=False,
                         text=[_number(c[1]["value"], c[1]["qualifier"]) for c in compare], textposition="outside",
                         cliponaxis=False, hovertemplate="%{x}: %{text}<extra></extra>"))
    n = len(fig.data)
    largest = {"totals": float(known["rehabilitated"].max()),
               "per_year": float((known["rehabilitated"] / known["years"]).max()),
               "compare": float(max(int(c[1]["value"]) for c in compare))}

    def view(label, shown, axis, key):
        return dict(label=label, method="update",
                    args=[{"visible": [i in shown for i in range(n)]},
                          {"yaxis.title.text": axis, "yaxis.range": [0, largest[key] * 1.2],
                           "barmode": "group", "showlegend": key != "compare"}])

    buttons = [view("Totals per period", {0, 1, 2}, "persons in the period", "totals"),
               view("Average per year", {3, 4, 5}, "persons per year (period total ÷ years)", "per_year"),
               view("Set against releases", {6}, "persons", "compare")]
    fig.update_layout(barmode="group", hovermode="closest", xaxis_type="category",
                      yaxis=dict(title="persons in the period", range=[0, largest["totals"] * 1.2]),
                      updatemenus=[dict(type="buttons", direction="right", active=0, buttons=buttons)])
    first = known.iloc[0]
    return finish(fig, height=520, title="Rehabilitations of the victims of political repression, by period",
                  source="rehabilitations.csv: KGB/FSB archive counts cited by Zevako (after A. G. Petrov); "
                         "Khrushchev's report, 25 Feb 1956; Elie (releases). Hatched bar = 'about'",
                  alt=f"Bar chart. {fmt_int(first['rehabilitated'])} people were rehabilitated in "
                      f"{first['period']} and {fmt_int(first['refused'])} refused; 844,740 in 1988–1989 alone; "
                      f"no figures for 1984–1987 and 1990. About five million left the penal system in 1953–1960.")


# --- The special-settler register: Figure 4.3 ------------------------------------------

DECREE_MARKERS = [  # (date, short label, hover text); the dates are in events.csv or the addendum
    ("1954-07-05", "children", "5 Jul 1954: children under 16 removed from the register; the register shrank by almost a third"),
    ("1955-12-13", "Germans", "13 Dec 1955: restrictions lifted from Soviet Germans (no right of return)"),
    ("1956-03-17", "Kalmyks", "17 Mar 1956: restrictions lifted from the Kalmyks"),
    ("1956-04-28", "Crimean Tatars, Balkars, Turks", "28 Apr 1956: restrictions lifted from Crimean Tatars, Balkars, Turks, Kurds, Khemshils (no right of return)"),
    ("1956-07-16", "Chechens, Ingush, Karachays", "16 Jul 1956: restrictions lifted from Chechens, Ingush, Karachays (no right of return)"),
    ("1957-01-09", "autonomies", "9 Jan 1957: Chechen-Ingush ASSR, Kalmyk AO, Kabardino-Balkar ASSR, Karachay-Cherkess AO restored"),
    ("1958-05-19", "kulaks and others", "19 May 1958: restrictions lifted from former kulaks, nationalist underground families and others"),
]


def register_points() -> pd.DataFrame:
    """The national special-settler stocks with a figure (series all), by date."""
    rows = data.table("special_settlers")
    rows = rows[(rows["series"] == "all") & (rows["status"] == "read")]
    return rows.sort_values("date").reset_index(drop=True)


def register_figure() -> go.Figure:
    """Figure 4.3: the national register of special settlers, its gaps, and the decrees that emptied it."""
    settlers = data.table("special_settlers")
    points = register_points()
    strong, weak = points[points["grade"] != "D"], points[points["grade"] == "D"]
    hover = lambda f: [f"{r.contingent}<br>{r.source[:90]}… · grade {r.grade_detail}" for r in f.itertuples()]  # noqa: E731
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=strong["date"], y=strong["value"], mode="lines+markers", name="Special settlers on the register",
                             line=dict(color=PALETTE["blue"], width=3), marker=dict(size=9), customdata=hover(strong),
                             hovertemplate="%{x|%d %b %Y}: %{y:,}<br>%{customdata}<extra></extra>"))
    fig.add_trace(go.Scatter(x=weak["date"], y=weak["value"], mode="markers",
                             name="1 Jan 1953: scholarly figure read in a popular copy (grade D)",
                             marker=dict(size=11, symbol="circle-open", color=PALETTE["orange"], line=dict(width=2)),
                             customdata=hover(weak), hovertemplate="%{x|%d %b %Y}: %{y:,}<br>%{customdata}<extra></extra>"))
    dobson = settlers[settlers["series"] == "all_round"]
    fig.add_trace(go.Scatter(x=dobson["date"], y=dobson["value"], mode="markers", name="March 1953: 'about 2.7 million' (Dobson)",
                             marker=dict(size=11, symbol="x-thin-open", line=dict(width=2, color=PALETTE["purple"])),
                             hovertemplate="March 1953: about %{y:,}<extra>Dobson</extra>"))
    top = float(points["value"].max())
    decrees = pd.DataFrame(DECREE_MARKERS, columns=["date", "label", "hover"])
    decrees["date"] = pd.to_datetime(decrees["date"])
    fig.add_trace(go.Scatter(x=decrees["date"], y=[top * (0.10 if i % 2 else 0.22) for i in range(len(decrees))],
                             mode="markers+text", text=decrees["label"], textposition="top center", textfont=dict(size=11),
                             name="Decree lifting restrictions (hover for who)", customdata=decrees["hover"],
                             marker=dict(symbol="diamond", size=10, color=PALETTE["vermillion"]),
                             hovertemplate="%{customdata}<extra></extra>"))
    gaps = settlers[(settlers["series"] == "all") & (settlers["status"] == "gap")].sort_values("date")
    for years in ([1949, 1952], [1954, 1959]):
        span = gaps[gaps["date"].dt.year.between(*years)]
        if span.empty:
            continue
        x0, x1 = span["date"].min() - pd.Timedelta(days=120), span["date"].max() + pd.Timedelta(days=120)
        fig.add_vrect(x0=x0, x1=x1, fillcolor=PALETTE["grey"], opacity=0.15, line_width=0)
        fig.add_annotation(x=x0 + (x1 - x0) / 2, y=0.55, yref="paper", showarrow=False, font=dict(size=11),
                           text="no national<br>figure found<br>(1 Jan " + "–".join(str(y) for y in years) + ")")
    fig.update_yaxes(title="special settlers on the register", range=[0, top * 1.35])
    add_key_dates(fig, start=pd.Timestamp("1953-01-01"), end=pd.Timestamp("1960-12-31"))
    fig.update_layout(hovermode="closest", xaxis=dict(range=["1944-01-01", "1960-06-30"]), updatemenus=[dict(
        type="buttons", direction="right", active=0,
        buttons=[dict(label="1944–1960", method="relayout", args=[{"xaxis.range": ["1944-01-01", "1960-06-30"]}]),
                 dict(label="Zoom on 1953–1959", method="relayout", args=[{"xaxis.range": ["1952-10-01", "1959-06-30"]}])])])
    last = strong.iloc[-1]
    return finish(fig, height=560, title="Special settlers on the register, 1944–1960, and the decrees that released them",
                  source="special_settlers.csv: Маргиналы в советском социуме; Polian 2004; Bogdanov (Kruglov biography); "
                         "Zemskov via studopedia.ru (grade D); Dobson 2009; decrees: events.csv and the course addendum",
                  alt=f"Line chart. The register held {fmt_int(last['value'])} special settlers on "
                      f"{fmt_date(last['date'])}; no national figure was found for 1954–1959, the years in which "
                      f"decrees from 5 Jul 1954 to 19 May 1958 released the deported peoples.")


# --- How many were deported? Figure 4.2 --------------------------------------------------

def sizes_figure() -> go.Figure:
    """Figure 4.2: every deportation figure per people, preferred and alternative, by grade."""
    figures = data.table("deportation_figures")
    names = people_options()
    order = list(names)[::-1]
    figures = figures[figures["measure"].isin(["deported", "deported_planned", "deported_and_arrived_later",
                                               "deported_with_karachays_balkars"])]
    fig = go.Figure()
    groups = [("read", "Preferred figure (open = grade D copy)", 15), ("other", "Other figures: other sources, wider counts, plans (open = grade D)", 10)]
    for key, label, size in groups:
        rows = figures[(figures["status"] == "read") if key == "read" else (figures["status"] != "read")]
        rows = rows.assign(order=rows["people_id"].map(order.index)).sort_values("order")
        fig.add_trace(go.Scatter(
            x=rows["value"], y=[names[p] for p in rows["people_id"]], mode="markers", name=label,
            marker=dict(size=size, color=PALETTE["blue"] if key == "read" else PALETTE["orange"],
                        symbol=["circle-open" if g == "D" else "circle" for g in rows["grade"]]
                        if key == "read" else ["diamond-open" if g == "D" else "diamond" for g in rows["grade"]],
                        line=dict(width=2, color=PALETTE["blue"] if key == "read" else PALETTE["orange"])),
            customdata=[f"{_number(r.value, r.qualifier)} · grade {r.grade}<br>{r.definition[:110]}"
                        for r in rows.itertuples()],
            hovertemplate="%{customdata}<extra></extra>"))
    fig.update_xaxes(title="people deported (linear scale)", tickformat=",", rangemode="tozero")
    fig.update_yaxes(categoryorder="array", categoryarray=[names[p] for p in order], showgrid=True)
    fig.update_layout(hovermode="closest", margin=dict(l=230))
    crimean = figures[figures["people_id"] == "crimean_tatars"]
    return finish(fig, height=520, title="How many were deported? Every figure the course found",
                  source="deportation_figures.csv: NKVD documents via Pohl (Bugai; Pobol and Polian), via a school site "
                         "and via a blog (grade D); reference note of 1956; EN Wikipedia; Crimean Tatar national movement",
                  alt="Dot plot of deportation figures per people. For the Crimean Tatars the sources give "
                      + ", ".join(fmt_int(v) for v in sorted(crimean["value"])) + " for different definitions; "
                      "the Soviet Germans, over a million, were the largest group.")


# --- The deportation map: Figure 4.4 ----------------------------------------------------

def map_places() -> pd.DataFrame:
    """places.csv plus the chapter's own extra points, indexed by place_id."""
    both = pd.concat([data.table("places"), data.table("deportation_places")], ignore_index=True)
    return both.set_index("place_id")


def map_summary(people_id: str) -> str:
    """The one-line heading the map shows for a people (the kernel-free card)."""
    row = _people_row(people_id)
    count = deportation_count(people_id)["preferred"]
    number = _number(count["value"], count["qualifier"]) if count is not None else "number unknown"
    return (f"{row['name']}: deported {row['deported_when'].split(' (')[0]}, {number}; restrictions lifted "
            f"{_day(row['lifted_date'], row['lifted_precision'])}; return {return_text(people_id)}")


def deportation_map_figure() -> go.Figure:
    """Figure 4.4: routes from homeland to destination, one button per people (kernel-free)."""
    places = map_places()
    routes = data.table("deportation_routes")
    names = people_options()
    fig = map_figure("ussr")
    route_traces, label_traces = [], []
    for people_id, name in names.items():
        rows = routes[routes["people_id"] == people_id]
        xs, ys, sizes, hover = [], [], [], []
        lx, ly, ltext = [], [], []
        for r in rows.itertuples():
            (ox, dx), (oy, dy) = project_many([places.loc[r.origin_place_id, "lon"], places.loc[r.destination_place_id, "lon"]],
                                              [places.loc[r.origin_place_id, "lat"], places.loc[r.destination_place_id, "lat"]])
            figure = "no figure in the sources" if pd.isna(r.value) else _number(r.value, r.qualifier) + (" (plan)" if r.measure == "planned" else "")
            xs += [ox, dx, None]
            ys += [oy, dy, None]
            sizes += [0, 14, 0]
            hover += ["", f"{name} → {r.destination_label}: {figure}", ""]
            lx.append(dx)
            ly.append(dy)
            ltext.append(f"{r.destination_label}: {figure}")
        colour = PEOPLE_COLOURS[people_id]
        route_traces.append(go.Scatter(x=xs, y=ys, mode="lines+markers", name=name, line=dict(color=colour, width=2.5),
                                       marker=dict(symbol="arrow", angleref="previous", size=sizes, color=colour),
                                       text=hover, hovertemplate="%{text}<extra></extra>"))
        label_traces.append(go.Scatter(x=lx, y=ly, mode="text", text=ltext, textposition="bottom center",
                                       textfont=dict(size=11, color=colour), showlegend=False, visible=False,
                                       hoverinfo="skip", name=name + " labels"))
    for trace in route_traces + label_traces:
        fig.add_trace(trace)
    origins = places.loc[peoples()["origin_place_id"]]
    destinations = places.loc[sorted(set(routes["destination_place_id"]))]
    for frame, symbol, label, position in ((origins, "square", "Homeland (square)", "middle left"),
                                           (destinations, "circle", "Destination (circle)", "top center")):
        x, y = project_many(frame["lon"], frame["lat"])
        fig.add_trace(go.Scatter(x=x, y=y, mode="markers+text", text=[n.split(" (")[0] for n in frame["name"]],
                                 textposition=position, textfont=dict(size=10), name=label, hoverinfo="skip",
                                 showlegend=False,
                                 marker=dict(symbol=symbol, size=7, color=PALETTE["grey"])))
    n = len(fig.data)
    first_route = 1
    heading = "Deportations of whole peoples, 1941–1944<br><span style='font-size:12px'>{}</span>"

    def visible(people_index):
        shown = [True] * n
        for i in range(len(names)):
            shown[first_route + i] = people_index is None or i == people_index
            shown[first_route + len(names) + i] = people_index is not None and i == people_index
        return shown

    buttons = [dict(label="All peoples", method="update",
                    args=[{"visible": visible(None)}, {"title.text": heading.format("Choose a people to see its numbers, release and right of return.")}])]
    for i, (people_id, name) in enumerate(names.items()):
        buttons.append(dict(label=name.split(" (")[0], method="update",
                            args=[{"visible": visible(i)}, {"title.text": heading.format(html.escape(map_summary(people_id)))}]))
    # Frame the map on every homeland and destination (conic parallels curve, so use all points).
    used = pd.concat([origins, destinations])
    x0, y0 = project_many(used["lon"], used["lat"])
    fig.update_layout(xaxis=dict(range=[min(x0) - 0.06, max(x0) + 0.06]), yaxis=dict(range=[min(y0) - 0.05, max(y0) + 0.05]),
                      updatemenus=[dict(type="buttons", direction="right", active=0, buttons=buttons, font=dict(size=11))])
    readable = pd.DataFrame({
        "people": [names[r.people_id] for r in routes.itertuples()],
        "from": [places.loc[r.origin_place_id, "name"] for r in routes.itertuples()],
        "to": list(routes["destination_label"]),
        "number": ["no figure in the sources" if pd.isna(r.value) else
                   _number(r.value, r.qualifier) + (" (plan)" if r.measure == "planned" else "")
                   for r in routes.itertuples()]})
    return finish(fig, height=780, table=readable,
                  title=heading.format("Choose a people to see its numbers, release and right of return."),
                  source="deportation_routes.csv, deported_peoples.csv: NKVD documents via Pohl (Bugai; Pobol and Polian) and "
                         "via a school site (grade D); reference note of 1956; resolution of 26 Aug 1941 (plan); "
                         "places: GeoNames; " + BASEMAP_SOURCES["ussr"],
                  alt="Map of the deportations: arrows run from the Volga, the North Caucasus, Crimea and Meskheti to "
                      "Siberia, Kazakhstan, Uzbekistan and Kirghizia. Buttons show one people at a time with the "
                      "numbers sent to each destination and whether it could return under Khrushchev.")


# --- The explorer ------------------------------------------------------------------------

def card_html(people_id: str, year) -> str:
    """The explorer's text: the status in the chosen year, then the people's card."""
    status = describe_status(people_id, year)
    try:
        rows = people_card(people_id)
    except ValueError:
        return f"<p>{html.escape(status)}</p>"
    table = "".join(f"<tr><th style='text-align:left;padding-right:1em'>{html.escape(k)}</th>"
                    f"<td>{html.escape(str(v))}</td></tr>" for k, v in rows)
    return f"<p><b>{html.escape(status)}</b></p><table>{table}</table>"


def build_explorer():
    """The ipywidgets explorer of the deported peoples (needs a running kernel)."""
    import ipywidgets as widgets

    options = people_options()
    people = widgets.Dropdown(options=[(name, key) for key, name in options.items()], value="crimean_tatars",
                              description="People", layout={"width": "32em"})
    year = widgets.IntSlider(value=1957, min=FIRST_YEAR, max=LAST_YEAR, description="Year",
                             continuous_update=False, layout={"width": "40em"})
    card = widgets.HTML()

    def show(*_):
        card.value = card_html(people.value, year.value)

    people.observe(show, names="value")
    year.observe(show, names="value")
    show()
    return widgets.VBox([people, year, card])
