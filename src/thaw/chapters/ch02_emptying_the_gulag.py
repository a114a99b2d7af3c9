"""Figures and the decline explorer for chapter 2, "Emptying the Gulag, 1953–1960".

Everything is built from the tables in ``data/`` (see ``datapackage.json``), so
each number on a chart has the source and evidence grade of its row.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from thaw import data
from thaw.charts import (PALETTE, View, add_key_dates, evidence_dash, evidence_hatch, evidence_symbol, finish,
                         fmt_date, fmt_int, fmt_pct, fmt_span, group_of, grouped, range_with_headroom, views)
from thaw.explore import LinkedView, check_span
from thaw.maps import BASEMAP_SOURCES, map_figure, project_many

ALL_PRISONERS = "itl_itk"
POLITICAL = "political"
SHORT_LABELS = {"itl_itk": "All prisoners", "political": "Political prisoners"}
SERIES_LABELS = {
    ALL_PRISONERS: "All prisoners in camps and colonies",
    POLITICAL: "Political prisoners (\"counter-revolutionary crimes\")",
}


def _symbols(base: str, frame: pd.DataFrame) -> list[str]:
    """One marker per row: ``base``, open for a grade D or derived figure (charts.evidence_symbol)."""
    return [evidence_symbol(base, row.grade, row.status) for row in frame.itertuples()]


def _hover(frame: pd.DataFrame) -> list[str]:
    return [f"{row.source} · grade {row.grade_detail}" + (" · derived" if row.status == "derived" else "")
            for row in frame.itertuples()]


# --- The series a student can explore -------------------------------------------------

def explorable_series() -> dict[str, str]:
    """Series id -> label: the two national series, then every camp with figures."""
    camps = data.table("camps").sort_values("name")
    options = dict(SERIES_LABELS)
    options.update({f"camp:{row.camp_id}": f"{row.name} camp" for row in camps.itertuples()})
    return options


def series_points(series_id: str) -> pd.DataFrame:
    """The dated observations of one series: date, value, status, source, grade, grade_detail.

    Gaps, alternatives and unverified figures are left out: only figures read in a
    source or derived by stated arithmetic can be compared.
    """
    if series_id.startswith("camp:"):
        camp_id = series_id.removeprefix("camp:")
        rows = data.table("camp_population")
        rows = rows[rows["camp_id"] == camp_id]
        if rows.empty:
            raise ValueError(f"No camp called '{camp_id}' in data/camp_population.csv.")
        return pd.DataFrame({
            "date": pd.to_datetime(rows["year"].astype(str) + "-01-01"),
            "value": rows["value"].astype("int64"), "status": "read",
            "source": rows["source"], "grade": "B", "grade_detail": "A via B"}).reset_index(drop=True)
    if series_id not in SERIES_LABELS:
        known = ", ".join(explorable_series())
        raise ValueError(f"Unknown series '{series_id}'. Choose one of: {known}.")
    rows = data.table("gulag_population")
    rows = data.stated(rows[rows["series"] == series_id])
    # Kruglov's 1 Apr 1954 stock sits three months after the derived 1 Jan 1954 one;
    # both stay, so the explorer shows every dated point.
    return (rows[["date", "value", "status", "source", "grade", "grade_detail"]]
            .astype({"value": "int64"}).sort_values("date").reset_index(drop=True))


def describe_change(points: pd.DataFrame, start, end) -> str:
    """One sentence on how a series changed between two of its dates.

    ``start`` and ``end`` are dates (anything pandas reads). An impossible or
    unsupported choice returns a sentence that says what is wrong.
    """
    try:
        start, end = pd.Timestamp(start), pd.Timestamp(end)
    except (ValueError, TypeError):
        return "Give the dates as YYYY-MM-DD, for example 1953-01-01."
    problem = check_span(start, end, unit="date", same_allowed=False, show=fmt_date)
    if problem:
        return problem
    by_date = points.set_index("date")
    for label, day in (("start", start), ("end", end)):
        if day not in by_date.index:
            nearest = ", ".join(fmt_date(d) for d in by_date.index)
            return (f"The sources give no figure for {fmt_date(day)} (the {label} you chose). "
                    f"Dates with a figure: {nearest}.")
    first, last = by_date.loc[start], by_date.loc[end]
    change = int(last["value"]) - int(first["value"])
    verb = "fell" if change < 0 else "rose" if change > 0 else "stayed at"
    sentence = (f"From {fmt_date(start)} to {fmt_date(end)} the number {verb} "
                f"from {fmt_int(first['value'])} to {fmt_int(last['value'])}")
    if change:
        sentence += f": {'−' if change < 0 else '+'}{fmt_int(abs(change))} ({fmt_pct(change / int(first['value']))})"
    derived = [fmt_date(d) for d, row in ((start, first), (end, last)) if row["status"] == "derived"]
    if derived:
        sentence += f". Note: the figure for {' and '.join(derived)} is derived by arithmetic, not read"
    return sentence + "."


def explorer_figure(series_id: str, points: pd.DataFrame, start, end) -> go.Figure:
    """The chosen series with the two compared dates highlighted."""
    label = explorable_series().get(series_id, series_id)
    fig = go.Figure(go.Scatter(x=points["date"], y=points["value"], mode="lines+markers",
                               name=label, line=dict(color=PALETTE["blue"]),
                               marker=dict(symbol=_symbols("circle", points)),
                               customdata=[fmt_date(day) for day in points["date"]],
                               hovertemplate="%{customdata}: %{y:,}<extra></extra>"))
    chosen = points[points["date"].isin([pd.Timestamp(start), pd.Timestamp(end)])]
    fig.add_trace(go.Scatter(x=chosen["date"], y=chosen["value"], mode="markers", name="compared",
                             marker=dict(size=14, color=PALETTE["vermillion"], symbol="circle-open",
                                         line=dict(width=3)), hoverinfo="skip"))
    sources = "; ".join(sorted(set(points["source"])))
    return finish(fig, title=label, source=sources, height=420,
                  alt=describe_change(points, start, end))


def build_explorer():
    """The ipywidgets decline explorer (needs a running kernel: JupyterLab or Binder)."""
    import ipywidgets as widgets

    options = explorable_series()
    series = widgets.Dropdown(options=[(label, key) for key, label in options.items()],
                              value=ALL_PRISONERS, description="Series", layout={"width": "32em"})
    dates = widgets.SelectionRangeSlider(options=[("-", 0)], description="Compare",
                                         layout={"width": "40em"}, continuous_update=False)
    view = LinkedView(lambda: describe_change(series_points(series.value), *dates.value),
                      lambda: explorer_figure(series.value, series_points(series.value), *dates.value))

    def reset_dates(*_):
        stamps = list(series_points(series.value)["date"])
        with view.one_redraw():  # one redraw, not one per trait change
            dates.options = [(fmt_date(d), d) for d in stamps]
            # Start at Stalin's death where the series reaches back that far.
            first = next((i for i, d in enumerate(stamps) if d >= pd.Timestamp("1953-01-01")), 0)
            dates.index = (min(first, len(stamps) - 2), len(stamps) - 1)

    view.follow(dates)
    series.observe(reset_dates, names="value")
    reset_dates()
    return view.box(series, dates)


# --- Figures of the chapter -------------------------------------------------------------

def population_figure() -> go.Figure:
    """Figure 2.1: prisoners in camps (1930–1953) and camps plus colonies (1930–1956)."""
    population = data.table("gulag_population")
    fig = go.Figure()
    camps_only = population[population["series"] == "itl"]
    fig.add_trace(go.Scatter(
        x=camps_only["date"], y=camps_only["value"], mode="lines+markers",
        name="Camps only (ITL): read in popular or encyclopedic copies (grades C–D)",
        line=dict(color=PALETTE["orange"], dash=evidence_dash(max(camps_only["grade"]))),  # D is the weakest
        marker=dict(symbol=_symbols("circle", camps_only)),
        customdata=_hover(camps_only), hovertemplate="ITL: %{y:,}<br>%{customdata}<extra></extra>"))
    total = data.stated(population[population["series"] == ALL_PRISONERS])
    fig.add_trace(go.Scatter(
        x=total["date"], y=total["value"], mode="lines+markers", connectgaps=False,
        name="Camps and colonies (ITL+ITK); open marker = derived by arithmetic",
        line=dict(color=PALETTE["blue"], width=3),
        marker=dict(size=9, symbol=_symbols("circle", total)),
        customdata=_hover(total), hovertemplate="ITL+ITK: %{y:,}<br>%{customdata}<extra></extra>"))
    reported = population[population["series"] == "reported"]
    if not reported.empty:
        fig.add_trace(go.Scatter(
            x=reported["date"], y=reported["value"], mode="markers",
            name="Reported for 1960, without date or definition (Dobson)",
            marker=dict(size=11, symbol="x-thin-open", line=dict(width=2, color=PALETTE["purple"])),
            customdata=_hover(reported), hovertemplate="%{y:,}<br>%{customdata}<extra></extra>"))
    gaps = data.gaps(population[population["series"] == ALL_PRISONERS])
    gaps = gaps[gaps["date"] > total["date"].max()]  # shade the years after the last figure
    if not gaps.empty:
        fig.add_vrect(x0=total["date"].max(), x1=gaps["date"].max(), fillcolor=PALETTE["grey"],
                      opacity=0.15, line_width=0)
        middle = total["date"].max() + (gaps["date"].max() - total["date"].max()) / 2
        fig.add_annotation(x=middle, y=0.45, yref="paper", xanchor="center", showarrow=False,
                           text="no<br>verified<br>figures", font=dict(size=11))
    add_key_dates(fig, start=pd.Timestamp("1953-01-01"))
    fig.update_yaxes(title="prisoners on 1 January (other dates marked)")
    fig.update_layout(hovermode="x")
    views(fig, [View("1930–1960", layout={"xaxis.range": ["1929-07-01", "1961-01-01"]}),
                View("Zoom on 1952–1960", layout={"xaxis.range": ["1952-07-01", "1961-01-01"]})])
    peak = total.loc[total["value"].idxmax()]
    stalin = total.loc[total["date"] == "1953-01-01", "value"].iloc[0]
    low = total.loc[total["date"] == "1956-01-01", "value"].iloc[0]
    return finish(
        fig, height=560, title="Prisoners in the Gulag's camps and colonies, 1930–1960",
        source="gulag_population.csv: Pykhalov (citing Zemskov); Applebaum 2003; Zemskov 1991; Kruglov report 1954; "
               "Kuznetsov 2005, Table 46 and Kuchin's table",
        alt=f"Line chart, broken where the sources give no figure for years. Camp and colony prisoners numbered "
            f"{fmt_int(peak['value'])} on {fmt_date(peak['date'])}, the highest figure shown, and {fmt_int(stalin)} on "
            f"1 January 1953; they fell to {fmt_int(low)} on 1 January 1956 and to {fmt_int(total['value'].iloc[-1])} on "
            f"{fmt_date(total['date'].iloc[-1])}; no verified national figures exist here for the years after.")


def flows_figure() -> go.Figure:
    """Figure 2.2: who left the camps and colonies, 1953 to July 1956, and who arrived."""
    flows = data.table("gulag_flows")
    kuznetsov = flows[flows["source"].str.startswith("Kuznetsov")]
    periods = {"1953": "1953", "1954": "1954", "1955": "1955", "1956": "1956 (Jan–Jul)"}
    def values(measure):
        rows = kuznetsov[kuznetsov["measure"] == measure]
        return [int(rows.loc[rows["period_start"].dt.year == int(y), "value"].sum()) for y in periods]
    x = list(periods.values())
    commissions = values("released_by_commissions")
    # The source counts the commissions' releases among those by decree: the rest is derived by subtraction.
    decrees = [d - c for d, c in zip(values("released_by_decree"), commissions)]
    fig = go.Figure([
        go.Bar(x=x, y=values("departed_end_of_term"), name="Released at the end of their term",
               marker_color=PALETTE["sky"], hovertemplate="%{y:,}<extra>end of term</extra>"),
        go.Bar(x=x, y=decrees, name="Released by decree (1953: the amnesty)",
               marker=dict(color=PALETTE["blue"], pattern_shape=[
                   evidence_hatch(status="derived" if c else "read") for c in commissions]),
               hovertemplate="%{y:,}<extra>by decree</extra>"),
        go.Bar(x=x, y=commissions, name="Released by the 1956 commissions",
               marker_color=PALETTE["vermillion"], hovertemplate="%{y:,}<extra>1956 commissions</extra>"),
        go.Scatter(x=x, y=values("admitted_convicted"), name="Newly convicted, admitted",
                   mode="markers+lines", line=dict(color=PALETTE["orange"], dash="dot"),
                   marker=dict(symbol="triangle-up", size=11),
                   hovertemplate="%{y:,}<extra>admitted</extra>"),
    ])
    fig.update_layout(barmode="stack", hovermode="x unified", legend_traceorder="normal",
                      xaxis_type="category")
    fig.update_yaxes(title="people")
    return finish(fig, title="Leaving and entering the camps and colonies, 1953–1956",
                  source="gulag_flows.csv: Kuznetsov 2005, Table 46 (ITL+ITK; 1956 row provisional)",
                  alt="Stacked bars. In 1953 the amnesty released 1,201,738 people; in 1954–1956 "
                      "releases by decree were far smaller, and new convictions continued at over "
                      "400,000 a year.")


def decline_figure() -> go.Figure:
    """All prisoners and political prisoners from 1953, as counts or as an index; three buttons."""
    series = {key: series_points(key) for key in (ALL_PRISONERS, POLITICAL)}
    since_1953 = {k: v[v["date"] >= "1953-01-01"] for k, v in series.items()}
    colours = {ALL_PRISONERS: PALETTE["blue"], POLITICAL: PALETTE["vermillion"]}
    symbols = {ALL_PRISONERS: "circle", POLITICAL: "square"}
    fig = go.Figure()
    for key, points in since_1953.items():  # the counts, one group per series
        fig.add_trace(grouped(key, go.Scatter(
            x=points["date"], y=points["value"], mode="lines+markers", name=SERIES_LABELS[key],
            line=dict(color=colours[key], width=3), marker=dict(symbol=_symbols(symbols[key], points), size=9),
            customdata=_hover(points), hovertemplate="%{y:,}<br>%{customdata}<extra></extra>")))
    for key, points in since_1953.items():  # the index, first 1953 figure = 100, in one group
        index = 100 * points["value"] / points["value"].iloc[0]
        fig.add_trace(grouped("index", go.Scatter(
            x=points["date"], y=index.round(1), mode="lines+markers", name=SERIES_LABELS[key] + ", early 1953 = 100",
            line=dict(color=colours[key], width=3, dash="dot" if key == POLITICAL else None),
            marker=dict(symbol=_symbols(symbols[key], points), size=9), hovertemplate="%{y:.1f}<extra></extra>")))
    def change_note(key):
        p = since_1953[key]
        return (f"{SHORT_LABELS[key]}: {fmt_int(p['value'].iloc[0])} ({fmt_date(p['date'].iloc[0])}) → "
                f"{fmt_int(p['value'].iloc[-1])} ({fmt_date(p['date'].iloc[-1])}), "
                f"{fmt_pct(p['value'].iloc[-1] / p['value'].iloc[0] - 1)}")
    notes = {key: change_note(key) for key in series}
    heading = "How fast did the camps empty?<br><span style='font-size:13px'>{}</span>"
    def view(label, groups, axis_title, note, tickformat):
        largest = max(max(t.y) for t in fig.data if group_of(t) in groups)
        return View(label, groups, {"yaxis.title.text": axis_title, "yaxis.tickformat": tickformat,
                                    "yaxis.range": range_with_headroom(largest), "title.text": heading.format(note)})
    views(fig, [
        view("All prisoners", [ALL_PRISONERS], "prisoners", notes[ALL_PRISONERS], ","),
        view("Political prisoners", [POLITICAL], "prisoners", notes[POLITICAL], ","),
        view("Both, first 1953 figure = 100", ["index"], "index (first 1953 figure = 100)",
             "Blue: all prisoners; red, dotted: political prisoners", ".0f"),
    ])
    fig.update_layout(showlegend=False, hovermode="x")
    add_key_dates(fig, start=pd.Timestamp("1953-01-01"))
    return finish(fig, height=540, title=heading.format(notes[ALL_PRISONERS]),
                  source="gulag_population.csv: Kuznetsov 2005; Kruglov 1954; Zemskov 1991; "
                         "Zevako (citing Petrov); buhconsul.ru copy of Zemskov (grade D, early 1953)",
                  alt=notes[ALL_PRISONERS] + ". " + notes[POLITICAL] + ".")


def commission_figure() -> go.Figure:
    """Figure 2.4: outcomes of the Central Commission's review, reported 29 April 1955."""
    reviews = data.table("reviews")
    central = reviews[reviews["id"].str.startswith("central")].set_index("measure")
    order = [("refused", "No change"), ("terms_reduced", "Sentence reduced"),
             ("released", "Released"), ("rehabilitated", "Rehabilitated (case dropped)"),
             ("exile_cancelled", "Exile cancelled")]
    order = [(m, label) for m, label in order if m in central.index]
    reviewed = int(central.loc["cases_reviewed", "value"])
    values = [int(central.loc[m, "value"]) for m, _ in order]
    fig = go.Figure(go.Bar(
        y=[label for _, label in order], x=values, orientation="h",
        marker_color=[PALETTE["grey"], PALETTE["sky"], PALETTE["blue"], PALETTE["green"], PALETTE["orange"]][:len(order)],
        text=[f"{fmt_int(v)} ({fmt_pct(v / reviewed, signed=False)})" for v in values],
        textposition="outside", cliponaxis=False, hovertemplate="%{y}: %{x:,}<extra></extra>"))
    fig.update_yaxes(autorange="reversed", showgrid=False)
    fig.update_xaxes(title=f"convicts whose cases were reviewed (total {fmt_int(reviewed)})",
                     tickformat=",", range=[0, max(values) * 1.35])
    fig.update_layout(hovermode="closest", margin=dict(l=200))
    return finish(fig, height=420,
                  title="The Central Commission's review of political cases, to April 1955",
                  source="reviews.csv: Rudenko's report to the CC Presidium, 29 Apr 1955, "
                         "via Legendy GRU, fn 136 (grade A via B)",
                  alt=f"Bar chart. Of {fmt_int(reviewed)} convicts whose cases were reviewed, "
                      f"{fmt_int(central.loc['refused', 'value'])} got no change and only "
                      f"{fmt_int(central.loc['rehabilitated', 'value'])} were rehabilitated.")


def camps_map_figure() -> go.Figure:
    """Figure 2.5: camp populations by year on a map, with the three uprisings; year slider."""
    camps = data.table("camps").merge(data.table("places"), on="place_id", suffixes=("", "_place"))
    counts = data.table("camp_population").pivot(index="camp_id", columns="year", values="value")
    # Every year in the range gets a slider step, even one with no figures at all (1958).
    counts = counts.reindex(columns=range(int(counts.columns.min()), int(counts.columns.max()) + 1))
    camps = camps[camps["camp_id"].isin(counts.index)].reset_index(drop=True)
    camps["x"], camps["y"] = project_many(camps["lon"], camps["lat"])
    # Two camps often share a town (Norillag and Gorlag at Norilsk): nudge the second east.
    camps["x"] += camps.groupby("place_id").cumcount() * 0.02
    years = [int(y) for y in counts.columns]
    biggest = float(counts.max().max())

    def year_style(year):
        values = [counts.loc[c, year] for c in camps["camp_id"]]
        sizes = [8 + 40 * (float(v) / biggest) ** 0.5 if pd.notna(v) else 8 for v in values]
        symbols = ["circle" if pd.notna(v) else "x" for v in values]  # a small cross: no figure that year
        text = [f"<b>{n}</b> ({p})<br>{year}: " + (f"{fmt_int(v)} prisoners" if pd.notna(v) else "no figure")
                for n, p, v in zip(camps["name"], camps["name_place"], values)]
        return sizes, symbols, text

    fig = map_figure()
    sizes, symbols, text = year_style(1953)
    fig.add_trace(grouped("camps", go.Scatter(
        x=camps["x"], y=camps["y"], mode="markers", name="Camp (size = prisoners)",
        marker=dict(size=sizes, symbol=symbols, color=PALETTE["blue"], opacity=0.75,
                    line=dict(width=1.5, color=PALETTE["blue"])),
        text=text, hovertemplate="%{text}<extra></extra>")))
    uprisings = data.table("uprisings").merge(data.table("places"), on="place_id", suffixes=("", "_place"))
    ux, uy = project_many(uprisings["lon"], uprisings["lat"])
    fig.add_trace(go.Scatter(
        x=ux, y=uy, mode="markers+text", name="Uprising", text=uprisings["name"],
        textposition=["top left" if lon < 75 else "top right" for lon in uprisings["lon"]],
        textfont=dict(size=12),
        marker=dict(symbol="star", size=18, color=PALETTE["vermillion"], line=dict(width=1, color="white")),
        customdata=[fmt_span(r.start, r.end) for r in uprisings.itertuples()],
        hovertemplate="<b>%{text}</b><br>%{customdata}<extra></extra>"))
    cities = data.table("places").set_index("place_id").loc[["moscow"]]
    cx, cy = project_many(cities["lon"], cities["lat"])
    fig.add_trace(go.Scatter(x=cx, y=cy, mode="markers+text", text=list(cities["name"]),
                             textposition="middle left", name="City", hoverinfo="skip",
                             marker=dict(symbol="square", size=7, color=PALETTE["grey"])))
    camp_trace = next(i for i, trace in enumerate(fig.data) if group_of(trace) == "camps")
    steps = []
    for year in years:  # the slider restyles the camps' trace, found by its group, not by position
        sizes, symbols, text = year_style(year)
        steps.append(dict(label=str(year), method="restyle",
                          args=[{"marker.size": [sizes], "marker.symbol": [symbols], "text": [text]}, [camp_trace]]))
    fig.update_layout(sliders=[dict(active=years.index(1953), steps=steps, pad=dict(t=10),
                                     currentvalue=dict(prefix="Year (1 January): "))])
    table = (data.table("camp_population").merge(camps[["camp_id", "name", "name_place"]], on="camp_id")
             .rename(columns={"name": "camp", "name_place": "place", "value": "prisoners on 1 January"})
             [["camp", "place", "year", "prisoners on 1 January"]].sort_values(["camp", "year"]))
    return finish(fig, height=640, title="The large camps and the uprisings of 1953–1954", table=table,
                  source="camp_population.csv: Memorial handbook via the Urbica GULAG map data (grade A via B, "
                         "unchecked values); uprisings.csv; " + BASEMAP_SOURCES["ussr"],
                  alt="Map. Move the slider from 1950 to 1960: the camp circles shrink after 1953, "
                      "and Norillag, Gorlag, Rechlag and Steplag have no figures after 1956. "
                      "Stars mark the uprisings at Norilsk and Vorkuta (1953) and Kengir (1954).")


#: The chapter's figures, in the order the notebook shows them (see tests/test_figures.py).
FIGURES = {"population": population_figure, "flows": flows_figure, "decline": decline_figure,
           "commission": commission_figure, "camps-map": camps_map_figure}
EXPLORER = build_explorer
