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

from thaw import data, maps
from thaw.chapters import periods
from thaw.charts import (PALETTE, View, add_key_dates, evidence_hatch, evidence_symbol, finish, fmt_date, fmt_int, fmt_span, grouped,
                         views)
from thaw.explore import LinkedView
from thaw.i18n import N_, _
from thaw.maps import BASEMAP_SOURCES, project_many

#: The years the status explorer accepts: from the first deportation (1941) to the
#: declaration of 14 Nov 1989 and the years just after it.
FIRST_YEAR, LAST_YEAR = 1941, 1991
KHRUSHCHEV_REMOVED = pd.Timestamp("1964-10-14")
PEOPLE_COLOURS = {
    "volga_germans": PALETTE["blue"], "kalmyks": PALETTE["orange"], "karachays": PALETTE["purple"],
    "chechens_ingush": PALETTE["green"], "balkars": PALETTE["sky"], "crimean_tatars": PALETTE["vermillion"],
    "meskhetian_turks": "#9A7B00",  # a darker yellow: the palette's yellow is unreadable on white
}
QUALIFIER_WORDS = {"exact": "{number}", "rounded": "{number}", "about": N_("about {number}"),
                   "more_than": N_("more than {number}")}
#: What each measure of deportation_figures.csv counts, as the card names it.
MEASURE_WORDS = {"deported": N_("deported"), "deported_planned": N_("deported planned"),
                 "deported_and_arrived_later": N_("deported and arrived later"),
                 "deported_with_karachays_balkars": N_("deported with karachays balkars"),
                 "returned_1957_1958": N_("returned 1957 1958")}
#: The declaration of the USSR Supreme Soviet on the deportations, where the explorer's years end.
DECLARATION = pd.Timestamp("1989-11-14")


def _number(value, qualifier: str = "exact") -> str:
    return _(QUALIFIER_WORDS.get(qualifier, "{number}")).format(number=fmt_int(value))


def _measure(measure: str) -> str:
    return _(MEASURE_WORDS.get(measure, measure.replace("_", " ")))


def _in_sentence(name: str) -> str:
    """A people's name inside a sentence: Indonesian names open with "Orang", written "orang" mid-sentence."""
    return "o" + name[1:] if name.startswith("Orang ") else name


def _and(items) -> str:
    """Items joined as a sentence joins them: "a and b" / "a dan b"."""
    items = [str(item) for item in items]
    text = items[0] if items else ""
    for item in items[1:]:
        text = _("{first} and {second}").format(first=text, second=item)
    return text


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
        raise ValueError(_("No deported people called '{people}' in the course data. Choose one of: {choices}.").format(
            people=people_id, choices=known))
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
        return _("allowed from {date}").format(date=fmt_date(row["return_date"]))
    if pd.notna(row["return_date"]):
        return _("not under Khrushchev (only after {date})").format(date=fmt_date(row["return_date"]))
    return _("not under Khrushchev")


def people_card(people_id: str) -> list[tuple[str, str]]:
    """The facts of one people as (label, text) pairs: the explorer's card and the map's title."""
    row = _people_row(people_id)
    count = deportation_count(people_id)
    preferred = count["preferred"]
    if preferred is None:
        number = _("no count in the course's sources")
    else:
        number = _("{number} (grade {grade}: {definition})").format(
            number=_number(preferred["value"], preferred["qualifier"]), grade=preferred["grade"],
            definition=preferred["definition"])
    others = "; ".join(_("{number} ({measure}, grade {grade})").format(
        number=_number(r.value, r.qualifier), measure=_measure(r.measure), grade=r.grade)
        for r in count["others"].itertuples())
    card = [(_("Deported"), row["deported_when"]), (_("Number"), number)]
    if others:
        card.append((_("Other figures"), others))
    card += [(_("Restrictions lifted"), f"{fmt_span(row['lifted_date'], precision=row['lifted_precision'])}: "
                                        f"{row['lifted_act']}"),
             (_("Autonomy"), row["autonomy_note"]),
             (_("Right of return"), f"{return_text(people_id)}. {row['return_note']}")]
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
        return _("Give the year as a whole number, for example 1956.")
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return _("Choose a year between {first} and {last}: the course's sources run from the first deportation "
                 "(1941) to the declaration of {declaration} and its aftermath.").format(
            first=FIRST_YEAR, last=LAST_YEAR, declaration=fmt_date(DECLARATION))
    name, deported = _in_sentence(row["name"]), row["deported_start"]
    when = row["deported_when"].split(" (")[0]
    lifted, back = row["lifted_date"], row["return_date"]
    # 'on 13 Dec 1955', or 'in Mar 1956' when the source gives only the month
    span = fmt_span(lifted, precision=row["lifted_precision"])
    lifted_text = (_("in {span}") if row["lifted_precision"] == "month" else _("on {span}")).format(span=span)
    words = {"year": year, "name": name, "when": when, "lifted": lifted_text}
    if year < deported.year:
        return _("In {year} the {name} had not yet been deported: they were deported {when}.").format(**words)
    if year < lifted.year:
        return _("In {year} the {name} were special settlers (deported {when}), barred from leaving their place of "
                 "settlement. The restrictions were lifted only {lifted}.").format(**words)
    if pd.notna(back) and year >= back.year:
        if back <= KHRUSHCHEV_REMOVED:
            return _("In {year} the {name} were free to return home: return was allowed from {date}.").format(
                date=fmt_date(back), **words)
        return _("In {year} the {name} could at last return home: the mass return followed {date}, long after "
                 "Khrushchev.").format(date=fmt_date(back), **words)
    if year == lifted.year:
        sentence = _("In {year} the special-settlement restrictions on the {name} were lifted ({lifted}), but not the "
                     "ban on returning home").format(**words)
    elif year <= KHRUSHCHEV_REMOVED.year or pd.notna(back):
        sentence = _("In {year} the {name} were no longer special settlers (restrictions lifted {lifted}), but they "
                     "could not return home").format(**words)
    else:
        return _("In {year} the {name} were no longer special settlers (restrictions lifted {lifted}). Under "
                 "Khrushchev they could not return home; when that changed later is not in the course's sources. "
                 "{note}").format(note=row["return_note"], **words)
    if pd.notna(back):
        return _("{sentence}: return became possible only after {date}.").format(sentence=sentence,
                                                                                  date=fmt_date(back))
    return sentence + f". {row['return_note']}"


# --- Rehabilitations by period ----------------------------------------------------------

#: Rows of rehabilitations.csv set against the first period's total: what each counts, and its colour.
RELEASE_ROWS = {"elie-released-1953-1960": (N_("Left the penal system"), PALETTE["sky"]),
                "kgb-1954-1961-rehabilitated": (N_("Rehabilitated"), PALETTE["blue"]),
                "military-collegium-1954-1956": (N_("Rehabilitated by the<br>Military Collegium"), PALETTE["green"])}


def _period_of(row) -> str:
    """A row's period: '1953–1960' for whole calendar years, otherwise to the day."""
    whole = (row["period_start"].month, row["period_start"].day, row["period_end"].month, row["period_end"].day)
    return fmt_span(row["period_start"], row["period_end"], "year" if whole == (1, 1, 12, 31) else "day")


def rehabilitation_figure() -> go.Figure:
    """Rehabilitations by period; buttons switch totals, yearly averages and the releases of 1953–1960."""
    table = periods.rehabilitations()
    refused = table.assign(value=table["refused"], approximate=False, qualifier="exact")
    gaps = data.gaps(table)
    fig = go.Figure()
    for view, yearly in (("totals", False), ("per-year", True)):
        fig.add_trace(grouped(view, periods.bars(table, name=_("Rehabilitated"), yearly=yearly,
                                                 unit=_("rehabilitated"), labels=True, categories=True)))
        fig.add_trace(grouped(view, periods.bars(refused, name=_("Refused rehabilitation"), yearly=yearly,
                                                 unit=_("refused"), colour=PALETTE["grey"], categories=True)))
    fig.add_trace(grouped("gaps", go.Scatter(x=gaps["label"], y=[0] * len(gaps), mode="text", hoverinfo="skip",
                                             text=[_("no figure<br>found")] * len(gaps), textposition="top center",
                                             name=_("No figure found"), showlegend=False)))
    rows = data.table("rehabilitations").set_index("id").loc[list(RELEASE_ROWS)]
    fig.add_trace(grouped("releases", go.Bar(
        x=[f"{_(what)},<br>{_period_of(row)}"
           for (what, _colour), (_id, row) in zip(RELEASE_ROWS.values(), rows.iterrows())],
        y=[int(v) for v in rows["value"]], marker_color=[colour for _what, colour in RELEASE_ROWS.values()],
        name=_("Released or rehabilitated"), showlegend=False, textposition="outside", cliponaxis=False,
        text=[_number(r.value, r.qualifier) for r in rows.itertuples()], hovertemplate="%{x}: %{text}<extra></extra>",
        marker_pattern_shape=[evidence_hatch(r.grade, r.status, r.qualifier) for r in rows.itertuples()])))
    tops = {"totals": fig.data[0].y, "per-year": fig.data[2].y, "releases": fig.data[5].y}

    def view(label, show, axis):
        return View(label, show=show, layout={"yaxis.title.text": axis, "yaxis.range": [0, max(tops[show[0]]) * 1.2],
                                              "barmode": "group", "showlegend": show[0] != "releases"})

    views(fig, [view(_("Totals per period"), ["totals", "gaps"], _("persons in the period")),
                view(_("Average per year"), ["per-year", "gaps"], _("persons per year (period total ÷ years)")),
                view(_("Set against releases"), ["releases"], _("persons"))])
    fig.update_layout(hovermode="closest", xaxis_type="category")
    first, second = data.stated(table).iloc[0], table.loc[table["value"].idxmax()]
    released = rows.iloc[0]
    left = _number(released["value"], released["qualifier"])
    return finish(fig, height=520, title=_("Rehabilitations of the victims of political repression, by period"),
                  source=_("rehabilitations.csv: KGB/FSB archive counts cited by Zevako (after A. G. Petrov); "
                           "Khrushchev's report, 25 Feb 1956; Elie (releases). Dotted bar = 'about'"),
                  alt=_("Bar chart. {rehabilitated} people were rehabilitated in {period} and {refused} refused; "
                        "{largest} in {largest_period} alone; no figures for {gaps}. {released} left the penal system "
                        "in {release_period}.").format(
                      rehabilitated=fmt_int(first["value"]), period=first["label"], refused=fmt_int(first["refused"]),
                      largest=fmt_int(second["value"]), largest_period=second["label"], gaps=_and(gaps["label"]),
                      released=left[0].upper() + left[1:], release_period=_period_of(released)))


# --- How many were deported? ---------------------------------------------------------------

#: The measures of deportation_figures.csv that count people deported (not settlers counted later).
DEPORTED_MEASURES = ["deported", "deported_planned", "deported_and_arrived_later", "deported_with_karachays_balkars"]


def deportation_sizes_figure(peoples: list[str] | None = None) -> go.Figure:
    """Every figure for the number deported of each people, preferred and other, by evidence grade.

    ``peoples``: the people ids to show (see :func:`people_options`), in any order; all seven by default.
    """
    names = people_options()
    chosen = list(names) if peoples is None else [_people_row(p).name for p in peoples]
    order = [p for p in names if p in chosen][::-1]
    figures = data.table("deportation_figures")
    figures = figures[figures["measure"].isin(DEPORTED_MEASURES) & figures["people_id"].isin(chosen)]
    fig = go.Figure()
    groups = [("read", _("Preferred figure (open = grade D copy or derived)"), 15, "circle", PALETTE["blue"]),
              ("other", _("Other figures: other sources, wider counts, plans (open = grade D or derived)"), 10,
               "diamond", PALETTE["orange"])]
    for key, label, size, symbol, colour in groups:
        rows = figures[(figures["status"] == "read") if key == "read" else (figures["status"] != "read")]
        rows = rows.assign(order=rows["people_id"].map(order.index)).sort_values("order")
        fig.add_trace(go.Scatter(
            x=rows["value"], y=[names[p] for p in rows["people_id"]], mode="markers", name=label,
            marker=dict(size=size, color=colour, line=dict(width=2, color=colour),
                        symbol=[evidence_symbol(symbol, r.grade, r.status) for r in rows.itertuples()]),
            customdata=[_("{number} · grade {grade}<br>{definition}").format(
                number=_number(r.value, r.qualifier), grade=r.grade, definition=r.definition[:110])
                for r in rows.itertuples()],
            hovertemplate="%{customdata}<extra></extra>"))
    fig.update_xaxes(title=_("people deported (linear scale)"), tickformat=",", rangemode="tozero")
    fig.update_yaxes(categoryorder="array", categoryarray=[names[p] for p in order], showgrid=True)
    fig.update_layout(hovermode="closest", margin=dict(l=230))
    largest = figures.loc[figures["value"].idxmax()]
    widest = max(chosen, key=lambda p: figures["people_id"].eq(p).sum())
    spread = figures[figures["people_id"] == widest]
    return finish(fig, height=max(260, 70 * len(chosen) + 30),
                  title=_("How many were deported? Every figure the course found"),
                  source=_("deportation_figures.csv: NKVD documents via Pohl (Bugai; Pobol and Polian), via a school "
                           "site and via a blog (grade D); reference note of 1956; EN Wikipedia; Crimean Tatar national "
                           "movement"),
                  alt=_("Dot plot of deportation figures per people. For the {people} the sources give {figures} for "
                        "different definitions; the largest figure, {largest}, counts the {largest_people}.").format(
                      people=_in_sentence(names[widest]), figures=", ".join(fmt_int(v) for v in sorted(spread["value"])),
                      largest=fmt_int(largest["value"]), largest_people=_in_sentence(names[largest["people_id"]])))


# --- The special-settler register ------------------------------------------------------

def register_points() -> pd.DataFrame:
    """The national special-settler stocks with a figure (series all), by date."""
    rows = data.table("special_settlers")
    rows = data.stated(rows[rows["series"] == "all"])
    return rows.sort_values("date").reset_index(drop=True)


def register_decrees() -> pd.DataFrame:
    """The acts that released groups of special settlers, 1954–1958 (data/register_decrees.csv), by date."""
    return data.table("register_decrees").sort_values("date").reset_index(drop=True)


def _year_runs(years) -> list[tuple[int, int]]:
    """(first, last) of each run of consecutive years: 1949–1952 and 1954–1959."""
    return [(run[0], run[-1]) for run in periods.runs(sorted(set(years)))]


def settler_register_figure() -> go.Figure:
    """The national register of special settlers, its gaps, and the decrees that emptied it."""
    settlers = data.table("special_settlers")
    points = register_points()
    strong, weak = points[points["grade"] != "D"], points[points["grade"] == "D"]

    def hover(rows):
        return [_("{date}: {count}<br>{contingent}<br>{source}… · grade {grade}").format(
            date=fmt_date(r.date), count=fmt_int(r.value), contingent=r.contingent, source=r.source[:90],
            grade=r.grade_detail) for r in rows.itertuples()]

    fig = go.Figure(go.Scatter(x=strong["date"], y=strong["value"], mode="lines+markers",
                               name=_("Special settlers on the register"), line=dict(color=PALETTE["blue"], width=3),
                               marker=dict(size=9), customdata=hover(strong), hovertemplate="%{customdata}<extra></extra>"))
    fig.add_trace(go.Scatter(
        x=weak["date"], y=weak["value"], mode="markers", customdata=hover(weak), hovertemplate="%{customdata}<extra></extra>",
        name="; ".join(_("{date}: scholarly figure read in a popular copy (grade D)").format(date=fmt_date(d))
                       for d in weak["date"]),
        marker=dict(size=11, symbol=evidence_symbol("circle", "D"), color=PALETTE["orange"], line=dict(width=2))))
    for r in settlers[settlers["series"] == "all_round"].itertuples():  # a round figure for a month: Dobson's
        words = f"{fmt_span(r.date, precision='month')}: '{_number(r.value, r.qualifier)}'"
        fig.add_trace(go.Scatter(x=[r.date], y=[r.value], mode="markers", name=f"{words} ({r.source.split(',')[0]})",
                                 marker=dict(size=11, symbol="x-thin-open", line=dict(width=2, color=PALETTE["purple"])),
                                 customdata=[words], hovertemplate="%{customdata}<extra>Dobson</extra>"))
    top = float(points["value"].max())
    decrees = register_decrees()
    fig.add_trace(go.Scatter(x=decrees["date"], y=[top * (0.10 if i % 2 else 0.22) for i in range(len(decrees))],
                             mode="markers+text", text=decrees["label"], textposition="top center", textfont=dict(size=11),
                             name=_("Decree lifting restrictions (hover for who)"),
                             customdata=[f"{fmt_span(r.date, precision=r.precision)}: {r.released}"
                                         for r in decrees.itertuples()],
                             marker=dict(symbol="diamond", size=10, color=PALETTE["vermillion"]),
                             hovertemplate="%{customdata}<extra></extra>"))
    gaps = data.gaps(settlers[settlers["series"] == "all"]).sort_values("date")
    gap_years = _year_runs(gaps["date"].dt.year)
    for first, last in gap_years:
        span = gaps[gaps["date"].dt.year.between(first, last)]
        x0, x1 = span["date"].min() - pd.Timedelta(days=120), span["date"].max() + pd.Timedelta(days=120)
        fig.add_vrect(x0=x0, x1=x1, fillcolor=PALETTE["grey"], opacity=0.15, line_width=0)
        fig.add_annotation(x=x0 + (x1 - x0) / 2, y=0.55, yref="paper", showarrow=False, font=dict(size=11),
                           text=_("no national<br>figure found<br>(1 Jan {years})").format(years=periods.label(first, last)))
    fig.update_yaxes(title=_("special settlers on the register"), range=[0, top * 1.35])
    add_key_dates(fig, start=pd.Timestamp("1953-01-01"), end=pd.Timestamp("1960-12-31"))
    views(fig, [View("1944–1960", layout={"xaxis.range": ["1944-01-01", "1960-06-30"]}),
                View(_("Zoom on 1953–1959"), layout={"xaxis.range": ["1952-10-01", "1959-06-30"]})])
    fig.update_layout(hovermode="closest")
    last = points[points["grade"] != "D"].iloc[-1]
    after = [span for span in gap_years if span[0] > last["date"].year][0]
    return finish(fig, height=560,
                  title=_("Special settlers on the register, 1944–1960, and the decrees that released them"),
                  source=_("special_settlers.csv: Маргиналы в советском социуме; Polian 2004; Bogdanov (Kruglov "
                           "biography); Zemskov via studopedia.ru (grade D); Dobson 2009; decrees: register_decrees.csv"),
                  alt=_("Line chart. The register held {count} special settlers on {date}; no national figure was found "
                        "for {years}, the years in which decrees from {first} to {last} released the deported "
                        "peoples.").format(
                      count=fmt_int(last["value"]), date=fmt_date(last["date"]), years=periods.label(*after),
                      first=fmt_date(decrees["date"].iloc[0]), last=fmt_date(decrees["date"].iloc[-1])))


# --- The deportation map ----------------------------------------------------------------

#: Degrees of longitude and latitude of base map kept around the homelands and destinations.
MAP_MARGIN = (4.0, 3.0)
#: The map's frame around the homelands and destinations, in projected units (x, y).
MAP_PADDING = (0.06, 0.05)


def map_places() -> pd.DataFrame:
    """places.csv plus the chapter's own extra points, indexed by place_id."""
    both = pd.concat([data.table("places"), data.table("deportation_places")], ignore_index=True)
    return both.set_index("place_id")


def map_summary(people_id: str) -> str:
    """The one-line heading the map shows for a people (the kernel-free card)."""
    row = _people_row(people_id)
    count = deportation_count(people_id)["preferred"]
    number = _number(count["value"], count["qualifier"]) if count is not None else _("number unknown")
    return _("{name}: deported {when}, {number}; restrictions lifted {lifted}; return {back}").format(
        name=row["name"], when=row["deported_when"].split(" (")[0], number=number,
        lifted=fmt_span(row["lifted_date"], precision=row["lifted_precision"]), back=return_text(people_id))


def _route_number(route) -> str:
    if pd.isna(route.value):
        return _("no figure in the sources")
    number = _number(route.value, route.qualifier)
    return _("{number} (plan)").format(number=number) if route.measure == "planned" else number


def deportation_map_figure(people: str | None = None) -> go.Figure:
    """Routes from homeland to destination, one button per people (kernel-free).

    ``people``: the people id whose view the map opens on (see :func:`people_options`); all peoples by default.
    """
    places = map_places()
    routes = data.table("deportation_routes")
    names = people_options()
    origins = places.loc[peoples()["origin_place_id"]]
    destinations = places.loc[sorted(set(routes["destination_place_id"]))]
    used = pd.concat([origins, destinations])
    (dlon, dlat) = MAP_MARGIN
    fig = maps.map_figure("ussr", window=((used["lon"].min() - dlon, used["lon"].max() + dlon),
                                          (used["lat"].min() - dlat, used["lat"].max() + dlat)))
    for people_id, name in names.items():
        rows = routes[routes["people_id"] == people_id]
        xs, ys, sizes, hover = [], [], [], []
        for r in rows.itertuples():
            (ox, dx), (oy, dy) = project_many([places.loc[r.origin_place_id, "lon"], places.loc[r.destination_place_id, "lon"]],
                                              [places.loc[r.origin_place_id, "lat"], places.loc[r.destination_place_id, "lat"]])
            xs += [ox, dx, None]
            ys += [oy, dy, None]
            sizes += [0, 14, 0]
            hover += ["", f"{name} → {r.destination_label}: {_route_number(r)}", ""]
        colour = PEOPLE_COLOURS[people_id]
        fig.add_trace(grouped(f"route:{people_id}", go.Scatter(
            x=xs, y=ys, mode="lines+markers", name=name, line=dict(color=colour, width=2.5),
            marker=dict(symbol="arrow", angleref="previous", size=sizes, color=colour),
            text=hover, hovertemplate="%{text}<extra></extra>")))
    for people_id, name in names.items():  # the labels come after every route, so they are drawn on top
        rows = routes[routes["people_id"] == people_id]
        x, y = project_many([places.loc[p, "lon"] for p in rows["destination_place_id"]],
                            [places.loc[p, "lat"] for p in rows["destination_place_id"]])
        fig.add_trace(grouped(f"labels:{people_id}", go.Scatter(
            x=x, y=y, mode="text", text=[f"{r.destination_label}: {_route_number(r)}" for r in rows.itertuples()],
            textposition="bottom center", textfont=dict(size=11, color=PEOPLE_COLOURS[people_id]), showlegend=False,
            hoverinfo="skip", name=name + " labels")))
    for frame, symbol, label, position in ((origins, "square", _("Homeland (square)"), "middle left"),
                                           (destinations, "circle", _("Destination (circle)"), "top center")):
        x, y = project_many(frame["lon"], frame["lat"])
        fig.add_trace(go.Scatter(x=x, y=y, mode="markers+text", text=[n.split(" (")[0] for n in frame["name"]],
                                 textposition=position, textfont=dict(size=10), name=label, hoverinfo="skip",
                                 showlegend=False, marker=dict(symbol=symbol, size=7, color=PALETTE["grey"])))
    heading = _("Deportations of whole peoples, 1941–1944<br><span style='font-size:12px'>{summary}</span>")
    choose = heading.format(summary=_("Choose a people to see its numbers, release and right of return."))
    routes_all = [f"route:{p}" for p in names]
    choices = [View(_("All peoples"), show=routes_all, layout={"title.text": choose})]
    choices += [View(name.split(" (")[0], show=[f"route:{p}", f"labels:{p}"],
                     layout={"title.text": heading.format(summary=html.escape(map_summary(p)))})
                for p, name in names.items()]
    active = 0 if people is None else 1 + list(names).index(_people_row(people).name)
    # Frame the map on the points themselves: the corners of a longitude-latitude window curve away on the
    # conic projection and would leave the north of the map empty.
    x, y = project_many(used["lon"], used["lat"])
    (px, py) = MAP_PADDING
    fig.update_layout(xaxis_range=[min(x) - px, max(x) + px], yaxis_range=[min(y) - py, max(y) + py])
    views(fig, choices, active=active, font_size=11)
    readable = pd.DataFrame({  # the map's data table: its column headers are read, so translated
        _("deported people"): [names[r.people_id] for r in routes.itertuples()],
        _("homeland"): [places.loc[r.origin_place_id, "name"] for r in routes.itertuples()],
        _("destination"): list(routes["destination_label"]),
        _("number sent"): [_route_number(r) for r in routes.itertuples()]})
    return finish(fig, height=780, table=readable, title=choices[active].layout["title.text"],
                  source=_("deportation_routes.csv, deported_peoples.csv: NKVD documents via Pohl (Bugai; Pobol and "
                           "Polian) and via a school site (grade D); reference note of 1956; resolution of 26 Aug 1941 "
                           "(plan); places: GeoNames; ") + _(BASEMAP_SOURCES["ussr"]),
                  alt=_("Map of the deportations: arrows run from the Volga, the North Caucasus, Crimea and Meskheti "
                        "to Siberia, Kazakhstan, Uzbekistan and Kirghizia. Buttons show one people at a time with the "
                        "numbers sent to each destination and whether it could return under Khrushchev."))


# --- The explorer ------------------------------------------------------------------------

def card_html(people_id: str, year) -> str:
    """The explorer's text: the status in the chosen year, then the people's card."""
    status = describe_status(people_id, year)
    try:
        rows = people_card(people_id)
    except ValueError:
        return html.escape(status)
    table = "".join(f"<tr><th style='text-align:left;padding-right:1em'>{html.escape(k)}</th>"
                    f"<td>{html.escape(str(v))}</td></tr>" for k, v in rows)
    return f"<b>{html.escape(status)}</b><table>{table}</table>"


def build_explorer():
    """The ipywidgets explorer of the deported peoples: their status year by year, and their map (needs a kernel)."""
    import ipywidgets as widgets

    options = people_options()
    people = widgets.Dropdown(options=[(name, key) for key, name in options.items()], value="crimean_tatars",
                              description=_("People"), layout={"width": "32em"})
    year = widgets.IntSlider(value=1957, min=FIRST_YEAR, max=LAST_YEAR, description=_("Year"),
                             continuous_update=False, layout={"width": "40em"})
    view = LinkedView(lambda: card_html(people.value, year.value), lambda: deportation_map_figure(people.value))
    view.follow(people, year)
    return view.box(people, year)


#: The chapter's figures, in the order the notebook shows them (see tests/test_figures.py).
FIGURES = {"rehab": rehabilitation_figure, "sizes": deportation_sizes_figure,
           "register": settler_register_figure, "map": deportation_map_figure}
EXPLORER = build_explorer
