"""Figures and the decline explorer for chapter 2, "Emptying the Gulag, 1953–1960".

Everything is built from the tables in ``data/`` (see ``datapackage.json``), so
each number on a chart has the source and evidence grade of its row.
"""

from __future__ import annotations

import re

import pandas as pd
import plotly.graph_objects as go

from thaw import data, maps
from thaw.charts import (PALETTE, View, add_key_dates, evidence_dash, evidence_hatch, evidence_mark, evidence_symbol,
                         finish, fmt_date, fmt_int, fmt_pct, fmt_span, group_of, grouped, key_dates,
                         range_with_headroom, views)
from thaw.explore import LinkedView, check_span
from thaw.i18n import N_, _, join_and
from thaw.maps import project_many

ALL_PRISONERS = "itl_itk"
POLITICAL = "political"
#: The course-timeline event (data/events.csv) the chapter counts from: Stalin's death.
STALIN_DIES = "e01"
#: The amnesty of March 1953 in the course timeline: the decree releases of its year.
AMNESTY = "e04"
#: The national series' names (English; shown through ``_``).
SHORT_LABELS = {"itl_itk": N_("All prisoners"), "political": N_("Political prisoners")}
SERIES_LABELS = {
    ALL_PRISONERS: N_("All prisoners in camps and colonies"),
    POLITICAL: N_("Political prisoners (\"counter-revolutionary crimes\")"),
}
#: The outcomes of the Central Commission's review, in chart order, with their row labels.
OUTCOMES = [("refused", N_("No change")), ("terms_reduced", N_("Sentence reduced")),
            ("released", N_("Released")), ("rehabilitated", N_("Rehabilitated (case dropped)")),
            ("exile_cancelled", N_("Exile cancelled"))]


def _symbols(base: str, frame: pd.DataFrame) -> list[str]:
    """One marker per row: ``base``, open for a grade D or derived figure (charts.evidence_symbol)."""
    return [evidence_symbol(base, row.grade, row.status) for row in frame.itertuples()]


def stalin_year() -> pd.Timestamp:
    """1 January of the year Stalin died (events.csv): the charts of the decline start there."""
    return pd.Timestamp(year=data.table("events").set_index("id").loc[STALIN_DIES, "start"].year, month=1, day=1)


def _citation(source: str) -> str:
    """A source cell cut before its details: "Kuznetsov 2005, Table 46 (note [199])" -> "Kuznetsov 2005, Table 46"."""
    return re.split(r" \(|;|\"", source, maxsplit=1)[0].strip().rstrip(",")


def _source_line(table: str, rows: pd.DataFrame) -> str:
    """The source line of a chart, from the rows it plots: the table, then each source once."""
    weak = " (" + _("grade D") + ")"
    cited = dict.fromkeys(_citation(row.source) + (weak if evidence_mark(grade=row.grade) == "grade D" else "")
                          for row in rows.itertuples())
    return f"{table}: " + "; ".join(cited)


def _hover(frame: pd.DataFrame) -> list[str]:
    derived = " · " + _("derived")
    return [_("{source} · grade {grade}").format(source=row.source, grade=row.grade_detail)
            + (derived if row.status == "derived" else "") for row in frame.itertuples()]


# --- The series a student can explore -------------------------------------------------

def explorable_series() -> dict[str, str]:
    """Series id -> label: the two national series, then every camp with figures."""
    options = {key: _(label) for key, label in SERIES_LABELS.items()}
    options.update({f"camp:{camp_id}": _("{name} camp").format(name=name) for camp_id, name in _camp_names().items()})
    return options


def _camp_names() -> dict[str, str]:
    """Camp id -> name, in the order of the names."""
    camps = data.table("camps").sort_values("name")
    return dict(zip(camps["camp_id"], camps["name"]))


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
            raise ValueError(_("No camp called '{camp}' in data/camp_population.csv.").format(camp=camp_id))
        # camp_population.csv gives each row's grade at the end of its source ("...; grade A via B").
        detail = rows["source"].str.extract(r"grade ([^;]+)$", expand=False).str.strip()
        return pd.DataFrame({
            "date": pd.to_datetime(rows["year"].astype(str) + "-01-01"),
            "value": rows["value"].astype("int64"), "status": "read", "source": rows["source"],
            "grade": detail.str[-1], "grade_detail": detail}).reset_index(drop=True)
    if series_id not in SERIES_LABELS:
        known = ", ".join(explorable_series())
        raise ValueError(_("Unknown series '{series}'. Choose one of: {choices}.").format(series=series_id,
                                                                                          choices=known))
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
        return _("Give the dates as YYYY-MM-DD, for example 1953-01-01.")
    problem = check_span(start, end, unit="date", same_allowed=False, show=fmt_date)
    if problem:
        return problem
    by_date = points.set_index("date")
    for which, day in (("start", start), ("end", end)):
        if day not in by_date.index:
            nearest = ", ".join(fmt_date(d) for d in by_date.index)
            missing = (_("The sources give no figure for {date} (the start you chose). Dates with a figure: {dates}.")
                       if which == "start" else
                       _("The sources give no figure for {date} (the end you chose). Dates with a figure: {dates}."))
            return missing.format(date=fmt_date(day), dates=nearest)
    first, last = by_date.loc[start], by_date.loc[end]
    change = int(last["value"]) - int(first["value"])
    if change < 0:
        sentence = _("From {start} to {end} the number fell from {first} to {last}")
    elif change > 0:
        sentence = _("From {start} to {end} the number rose from {first} to {last}")
    else:
        sentence = _("From {start} to {end} the number stayed at {first}")
    sentence = sentence.format(start=fmt_date(start), end=fmt_date(end), first=fmt_int(first["value"]),
                               last=fmt_int(last["value"]))
    if change:
        sentence += f": {'−' if change < 0 else '+'}{fmt_int(abs(change))} ({fmt_pct(change / int(first['value']))})"
    derived = [fmt_date(d) for d, row in ((start, first), (end, last)) if row["status"] == "derived"]
    if derived:
        sentence += ". " + _("Note: the figure for {dates} is derived by arithmetic, not read").format(
            dates=join_and(derived))
    return sentence + "."


def _table_of(series_id: str) -> str:
    return "camp_population.csv" if series_id.startswith("camp:") else "gulag_population.csv"


def short_label(series_id: str) -> str:
    """A series' name in a button or a sentence: "All prisoners", "Norillag"."""
    if series_id in SHORT_LABELS:
        return _(SHORT_LABELS[series_id])
    if series_id not in explorable_series():
        raise KeyError(series_id)
    return _camp_names()[series_id.removeprefix("camp:")]


def in_sentence(series_id: str) -> str:
    """A series' name inside a sentence: "all prisoners", "Norillag"."""
    label = short_label(series_id)
    return label[0].lower() + label[1:] if series_id in SHORT_LABELS else label


def explorer_figure(series_id: str, points: pd.DataFrame, start, end) -> go.Figure:
    """The chosen series with the two compared dates highlighted."""
    label = explorable_series().get(series_id, series_id)
    fig = go.Figure(go.Scatter(x=points["date"], y=points["value"], mode="lines+markers",
                               name=label, line=dict(color=PALETTE["blue"]),
                               marker=dict(symbol=_symbols("circle", points)),
                               customdata=[fmt_date(day) for day in points["date"]],
                               hovertemplate="%{customdata}: %{y:,}<extra></extra>"))
    chosen = points[points["date"].isin([pd.Timestamp(start), pd.Timestamp(end)])]
    fig.add_trace(go.Scatter(x=chosen["date"], y=chosen["value"], mode="markers", name=_("compared"),
                             marker=dict(size=14, color=PALETTE["vermillion"], symbol="circle-open",
                                         line=dict(width=3)), hoverinfo="skip"))
    return finish(fig, title=label, source=_source_line(_table_of(series_id), points), height=420,
                  alt=describe_change(points, start, end))


def build_explorer():
    """The ipywidgets decline explorer (needs a running kernel: JupyterLab or Binder)."""
    import ipywidgets as widgets

    options = explorable_series()
    series = widgets.Dropdown(options=[(label, key) for key, label in options.items()],
                              value=ALL_PRISONERS, description=_("Series"), layout={"width": "32em"})
    dates = widgets.SelectionRangeSlider(options=[("-", 0)], description=_("Compare"),
                                         layout={"width": "40em"}, continuous_update=False)
    view = LinkedView(lambda: describe_change(series_points(series.value), *dates.value),
                      lambda: explorer_figure(series.value, series_points(series.value), *dates.value))

    def reset_dates(*_change):
        stamps = list(series_points(series.value)["date"])
        with view.one_redraw():  # one redraw, not one per trait change
            dates.options = [(fmt_date(d), d) for d in stamps]
            # Start in the year of Stalin's death where the series reaches back that far.
            first = next((i for i, d in enumerate(stamps) if d >= stalin_year()), 0)
            dates.index = (min(first, len(stamps) - 2), len(stamps) - 1)

    view.follow(dates)
    series.observe(reset_dates, names="value")
    reset_dates()
    return view.box(series, dates)


# --- Figures of the chapter -------------------------------------------------------------

def population_figure(zoom_from: int = 1952) -> go.Figure:
    """Prisoners in the camps (ITL) and in camps and colonies (ITL+ITK), with every row of the table;
    a second button zooms on the years from ``zoom_from``."""
    population = data.table("gulag_population")
    first, last = population["date"].min().year, population["date"].max().year
    fig = go.Figure()
    camps_only = population[population["series"] == "itl"]
    fig.add_trace(go.Scatter(
        x=camps_only["date"], y=camps_only["value"], mode="lines+markers",
        name=_("Camps only (ITL): read in popular or encyclopedic copies (grades C–D)"),
        line=dict(color=PALETTE["orange"], dash=evidence_dash(max(camps_only["grade"]))),  # D is the weakest
        marker=dict(symbol=_symbols("circle", camps_only)),
        customdata=_hover(camps_only), hovertemplate="ITL: %{y:,}<br>%{customdata}<extra></extra>"))
    total = data.stated(population[population["series"] == ALL_PRISONERS])
    fig.add_trace(go.Scatter(
        x=total["date"], y=total["value"], mode="lines+markers", connectgaps=False,
        name=_("Camps and colonies (ITL+ITK); open marker = derived by arithmetic"),
        line=dict(color=PALETTE["blue"], width=3),
        marker=dict(size=9, symbol=_symbols("circle", total)),
        customdata=_hover(total), hovertemplate="ITL+ITK: %{y:,}<br>%{customdata}<extra></extra>"))
    reported = population[population["series"] == "reported"]
    if not reported.empty:
        fig.add_trace(go.Scatter(
            x=reported["date"], y=reported["value"], mode="markers",
            name=_("Reported for 1960, without date or definition (Dobson)"),
            marker=dict(size=11, symbol="x-thin-open", line=dict(width=2, color=PALETTE["purple"])),
            customdata=_hover(reported), hovertemplate="%{y:,}<br>%{customdata}<extra></extra>"))
    gaps = data.gaps(population[population["series"] == ALL_PRISONERS])
    gaps = gaps[gaps["date"] > total["date"].max()]  # shade the years after the last figure
    if not gaps.empty:
        fig.add_vrect(x0=total["date"].max(), x1=gaps["date"].max(), fillcolor=PALETTE["grey"],
                      opacity=0.15, line_width=0)
        middle = total["date"].max() + (gaps["date"].max() - total["date"].max()) / 2
        fig.add_annotation(x=middle, y=0.45, yref="paper", xanchor="center", showarrow=False,
                           text=_("no<br>verified<br>figures"), font=dict(size=11))
    add_key_dates(fig)
    fig.update_yaxes(title=_("prisoners on 1 January (other dates marked)"))
    fig.update_layout(hovermode="x")
    until = f"{last + 1}-01-01"
    views(fig, [View(f"{first}–{last}", layout={"xaxis.range": [f"{first - 1}-07-01", until]}),
                View(_("Zoom on {first}–{last}").format(first=zoom_from, last=last),
                     layout={"xaxis.range": [f"{zoom_from}-07-01", until]})])
    return finish(
        fig, height=560, title=_("Prisoners in the Gulag's camps and colonies, {first}–{last}").format(
            first=first, last=last),
        source=_("gulag_population.csv: Pykhalov (citing Zemskov); Applebaum 2003; Zemskov 1991; Kruglov report "
                 "1954; Kuznetsov 2005, Table 46 and Kuchin's table"),
        alt=_population_alt(total))


def _population_alt(total: pd.DataFrame) -> str:
    """The highest figure, the last figure before each key date marked on the chart, and the last one."""
    peak = total.loc[total["value"].idxmax()]
    before = {}
    for event in key_dates():
        earlier = total[total["date"] < event["date"]]
        if not earlier.empty:
            before.setdefault(earlier["date"].iloc[-1], []).append(event["label"])
    last = total.iloc[-1]
    steps = [_("{count} on {date} (before {events})").format(
                 count=fmt_int(total.set_index("date").loc[day, "value"]), date=fmt_date(day), events=join_and(labels))
             for day, labels in before.items() if day != last["date"]]
    return _("Line chart, broken where the sources give no figure for years. Camp and colony prisoners numbered "
             "{peak} on {peak_date}, the highest figure shown. The last figures before the key dates marked on the "
             "chart: {steps}; the last figure shown is {last} on {last_date}; no verified national figures exist "
             "here for the years after.").format(
        peak=fmt_int(peak["value"]), peak_date=fmt_date(peak["date"]), steps="; ".join(steps),
        last=fmt_int(last["value"]), last_date=fmt_date(last["date"]))


def flows_figure() -> go.Figure:
    """Who left the camps and colonies each year, 1953 to July 1956, and who arrived."""
    measures = ["departed_end_of_term", "released_by_decree", "released_by_commissions", "admitted_convicted"]
    flows = data.stated(data.table("gulag_flows"))
    flows = flows[flows["measure"].isin(measures)]  # the yearly table: other rows count other periods
    periods = flows.drop_duplicates("period_start").sort_values("period_start")
    def label(period) -> str:  # a whole year as "1953", a part of one as "Jan–Jul 1956"
        whole = (period.period_start.month, period.period_end.month) == (1, 12)
        return str(period.period_start.year) if whole else fmt_span(period.period_start, period.period_end, "month")
    x = [label(period) for period in periods.itertuples()]
    def values(measure):
        rows = flows[flows["measure"] == measure].set_index("period_start")["value"]
        return [int(rows.get(day, 0)) for day in periods["period_start"]]
    commissions = values("released_by_commissions")
    # The source counts the commissions' releases among those by decree: the rest is derived by subtraction.
    decrees = [d - c for d, c in zip(values("released_by_decree"), commissions)]
    end_of_term, admitted = values("departed_end_of_term"), values("admitted_convicted")
    amnesty_year = data.table("events").set_index("id").loc[AMNESTY, "start"].year
    commissions_year = flows.loc[flows["measure"] == "released_by_commissions", "period_start"].min().year
    fig = go.Figure([
        go.Bar(x=x, y=end_of_term, name=_("Released at the end of their term"),
               marker_color=PALETTE["sky"], hovertemplate=_("%{y:,}<extra>end of term</extra>")),
        go.Bar(x=x, y=decrees, name=_("Released by decree ({year}: the amnesty)").format(year=amnesty_year),
               marker=dict(color=PALETTE["blue"], pattern_shape=[
                   evidence_hatch(status="derived" if c else "read") for c in commissions]),
               hovertemplate=_("%{y:,}<extra>by decree</extra>")),
        go.Bar(x=x, y=commissions, name=_("Released by the {year} commissions").format(year=commissions_year),
               marker_color=PALETTE["vermillion"],
               # Not str.format: the template's Plotly field %{y:,} has braces of its own.
               hovertemplate=_("%{y:,}<extra>{year} commissions</extra>").replace("{year}", str(commissions_year))),
        go.Scatter(x=x, y=admitted, name=_("Newly convicted, admitted"),
                   mode="markers+lines", line=dict(color=PALETTE["orange"], dash="dot"),
                   marker=dict(symbol="triangle-up", size=11),
                   hovertemplate=_("%{y:,}<extra>admitted</extra>")),
    ])
    fig.update_layout(barmode="stack", hovermode="x unified", legend_traceorder="normal",
                      xaxis_type="category")
    fig.update_yaxes(title=_("people"))
    provisional = [label(p) for p in periods.itertuples()
                   if flows.loc[flows["period_start"] == p.period_start, "note"].str.contains("provisional").any()]
    def each(numbers):
        return "; ".join(f"{period} {fmt_int(n)}" for period, n in zip(x, numbers) if n)
    return finish(fig, title=_("Leaving and entering the camps and colonies, {span}").format(
                      span=fmt_span(periods["period_start"].min(), periods["period_end"].max(), "year")),
                  source=_source_line("gulag_flows.csv", flows) + " (ITL+ITK"
                         + "".join("; " + _("{period} row provisional").format(period=period)
                                   for period in provisional) + ")",
                  alt=_("Stacked bars of releases, with a line of new convictions. Released by decree: {decrees}; "
                        "by the {year} commissions: {commissions}; at the end of their term: {end_of_term}. "
                        "Newly convicted and admitted: {admitted}.").format(
                      decrees=each(decrees), year=commissions_year, commissions=each(commissions),
                      end_of_term=each(end_of_term), admitted=each(admitted)))


def decline_figure(first: str = ALL_PRISONERS, second: str = POLITICAL, since=None) -> go.Figure:
    """Two series from ``since`` (default: 1 January of the year Stalin died), as counts or as an index.

    Three buttons: the first series, the second, and both as an index (first figure = 100). Any two
    series of :func:`explorable_series` can be compared, e.g. ``second="camp:norillag"``.
    """
    since = stalin_year() if since is None else pd.Timestamp(since)
    keys = (first, second)
    points = {key: series_points(key)[lambda p: p["date"] >= since] for key in keys}
    empty = [key for key in keys if points[key].empty]
    if empty:  # a clear sentence instead of an index error
        raise ValueError(_("No figure for {series} from {date}: choose an earlier 'since'.").format(
            series=", ".join(empty), date=fmt_date(since)))
    colours = dict(zip(keys, (PALETTE["blue"], PALETTE["vermillion"])))
    symbols = dict(zip(keys, ("circle", "square")))
    names = {key: explorable_series()[key] for key in keys}
    year = since.year
    fig = go.Figure()
    for key in keys:  # the counts, one group per series
        fig.add_trace(grouped(f"count {key}", go.Scatter(
            x=points[key]["date"], y=points[key]["value"], mode="lines+markers", name=names[key],
            line=dict(color=colours[key], width=3), marker=dict(symbol=_symbols(symbols[key], points[key]), size=9),
            customdata=_hover(points[key]), hovertemplate="%{y:,}<br>%{customdata}<extra></extra>")))
    for key in keys:  # the index, first figure = 100, both in one group
        index = 100 * points[key]["value"] / points[key]["value"].iloc[0]
        fig.add_trace(grouped("index", go.Scatter(
            x=points[key]["date"], y=index.round(1), mode="lines+markers",
            name=_("{series}, early {year} = 100").format(series=names[key], year=year),
            line=dict(color=colours[key], width=3, dash="dot" if key == second else None),
            marker=dict(symbol=_symbols(symbols[key], points[key]), size=9), hovertemplate="%{y:.1f}<extra></extra>")))
    def change_note(key):
        p = points[key]
        return (f"{short_label(key)}: {fmt_int(p['value'].iloc[0])} ({fmt_date(p['date'].iloc[0])}) → "
                f"{fmt_int(p['value'].iloc[-1])} ({fmt_date(p['date'].iloc[-1])}), "
                f"{fmt_pct(p['value'].iloc[-1] / p['value'].iloc[0] - 1)}")
    notes = {key: change_note(key) for key in keys}
    question = _("How fast did the camps empty?")
    def heading(note):
        return f"{question}<br><span style='font-size:13px'>{note}</span>"
    def view(label, groups, axis_title, note, tickformat):
        largest = max(max(t.y) for t in fig.data if group_of(t) in groups)
        return View(label, groups, {"yaxis.title.text": axis_title, "yaxis.tickformat": tickformat,
                                    "yaxis.range": range_with_headroom(largest), "title.text": heading(note)})
    views(fig, [
        view(short_label(first), [f"count {first}"], _("prisoners"), notes[first], ","),
        view(short_label(second), [f"count {second}"], _("prisoners"), notes[second], ","),
        view(_("Both, first {year} figure = 100").format(year=year), ["index"],
             _("index (first {year} figure = 100)").format(year=year),
             _("Blue: {first}; red, dotted: {second}").format(first=in_sentence(first), second=in_sentence(second)),
             ".0f"),
    ])
    fig.update_layout(showlegend=False, hovermode="x")
    add_key_dates(fig, start=since)
    plotted = pd.concat(points.values())
    tables = dict.fromkeys(_table_of(key) for key in keys)  # each table once
    return finish(fig, height=540, title=heading(notes[first]),
                  source=_source_line(join_and(list(tables)), plotted),
                  alt=notes[first] + ". " + notes[second] + ".")


def commission_figure() -> go.Figure:
    """Outcomes of the Central Commission's review of political cases, as its report gives them."""
    reviews = data.table("reviews")
    central = reviews[reviews["id"].str.startswith("central")].set_index("measure")
    order = [(m, _(label)) for m, label in OUTCOMES if m in central.index]
    reviewed = int(central.loc["cases_reviewed", "value"])
    report = central.loc["cases_reviewed"]
    values = [int(central.loc[m, "value"]) for m, _label in order]
    fig = go.Figure(go.Bar(
        y=[label for _m, label in order], x=values, orientation="h",
        marker_color=[PALETTE["grey"], PALETTE["sky"], PALETTE["blue"], PALETTE["green"], PALETTE["orange"]][:len(order)],
        text=[f"{fmt_int(v)} ({fmt_pct(v / reviewed, signed=False)})" for v in values],
        textposition="outside", cliponaxis=False, hovertemplate="%{y}: %{x:,}<extra></extra>"))
    fig.update_yaxes(autorange="reversed", showgrid=False)
    fig.update_xaxes(title=_("convicts whose cases were reviewed (total {total})").format(total=fmt_int(reviewed)),
                     tickformat=",", range=[0, max(values) * 1.35])
    # Room for the longest row label (a translation may be longer than the English).
    fig.update_layout(hovermode="closest", margin=dict(l=max(200, 7 * max(len(label) for _m, label in order))))
    return finish(fig, height=420,
                  title=_("The Central Commission's review of political cases, to {month}").format(
                      month=fmt_span(report["period_end"], precision="month")),
                  source=_("reviews.csv: Rudenko's report to the CC Presidium, {date}, via Legendy GRU, fn 136 "
                           "(grade {grade})").format(date=fmt_date(report["period_end"]),
                                                     grade=report["grade_detail"]),
                  alt=_("Bar chart. Of {reviewed} convicts whose cases were reviewed, {refused} got no change and "
                        "only {rehabilitated} were rehabilitated.").format(
                      reviewed=fmt_int(reviewed), refused=fmt_int(central.loc["refused", "value"]),
                      rehabilitated=fmt_int(central.loc["rehabilitated", "value"])))


def camps_map_figure(year=None) -> go.Figure:
    """The large camps' populations on a map, with the uprisings; a slider moves through the years.

    The map opens on ``year`` (default: the year Stalin died)."""
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
    year = stalin_year().year if year is None else int(year)
    if year not in years:
        raise ValueError(_("The camp figures run from {first} to {last}; choose a year in that span.").format(
            first=years[0], last=years[-1]))

    def year_style(year):
        values = [counts.loc[c, year] for c in camps["camp_id"]]
        sizes = [8 + 40 * (float(v) / biggest) ** 0.5 if pd.notna(v) else 8 for v in values]
        symbols = ["circle" if pd.notna(v) else "x" for v in values]  # a small cross: no figure that year
        text = [f"<b>{n}</b> ({p})<br>{year}: " + (_("{count} prisoners").format(count=fmt_int(v)) if pd.notna(v)
                                                   else _("no figure"))
                for n, p, v in zip(camps["name"], camps["name_place"], values)]
        return sizes, symbols, text

    fig = maps.map_figure("ussr", window=None, decimals=5)  # the whole USSR: the camps span it
    sizes, symbols, text = year_style(year)
    fig.add_trace(grouped("camps", go.Scatter(
        x=camps["x"], y=camps["y"], mode="markers", name=_("Camp (size = prisoners)"),
        marker=dict(size=sizes, symbol=symbols, color=PALETTE["blue"], opacity=0.75,
                    line=dict(width=1.5, color=PALETTE["blue"])),
        text=text, hovertemplate="%{text}<extra></extra>")))
    uprisings = data.table("uprisings").merge(data.table("places"), on="place_id", suffixes=("", "_place"))
    ux, uy = project_many(uprisings["lon"], uprisings["lat"])
    fig.add_trace(go.Scatter(
        x=ux, y=uy, mode="markers+text", name=_("Uprising"), text=uprisings["name"],
        textposition=["top left" if lon < 75 else "top right" for lon in uprisings["lon"]],
        textfont=dict(size=12),
        marker=dict(symbol="star", size=18, color=PALETTE["vermillion"], line=dict(width=1, color="white")),
        customdata=[fmt_span(r.start, r.end) for r in uprisings.itertuples()],
        hovertemplate="<b>%{text}</b><br>%{customdata}<extra></extra>"))
    cities = data.table("places").set_index("place_id").loc[["moscow"]]
    cx, cy = project_many(cities["lon"], cities["lat"])
    fig.add_trace(go.Scatter(x=cx, y=cy, mode="markers+text", text=list(cities["name"]),
                             textposition="middle left", name=_("City"), hoverinfo="skip",
                             marker=dict(symbol="square", size=7, color=PALETTE["grey"])))
    camp_trace = next(i for i, trace in enumerate(fig.data) if group_of(trace) == "camps")
    steps = []
    for step in years:  # the slider restyles the camps' trace, found by its group, not by position
        sizes, symbols, text = year_style(step)
        steps.append(dict(label=str(step), method="restyle",
                          args=[{"marker.size": [sizes], "marker.symbol": [symbols], "text": [text]}, [camp_trace]]))
    fig.update_layout(sliders=[dict(active=years.index(year), steps=steps, pad=dict(t=10),
                                     currentvalue=dict(prefix=_("Year (1 January):") + " "))])
    table = (data.table("camp_population").merge(camps[["camp_id", "name", "name_place"]], on="camp_id")
             .sort_values(["name", "year"]))
    # The year as a period, so that the data table writes it as a year (1953) under any heading, never as a count.
    table = pd.DataFrame({_("camp"): table["name"], _("place"): table["name_place"],
                          _("year"): [pd.Period(year=int(y), freq="Y") for y in table["year"]],
                          _("prisoners on 1 January"): table["value"]})
    grades = dict.fromkeys(series_points(f"camp:{camp}")["grade_detail"].iloc[0] for camp in camps["camp_id"])
    return finish(fig, height=640, title=_("The large camps and the uprisings of {years}").format(
                      years=fmt_span(uprisings["start"].min(), uprisings["end"].max(), "year")),
                  table=table,
                  source=_("camp_population.csv: Memorial handbook via the Urbica GULAG map data (grade {grades}, "
                           "unchecked values); uprisings.csv").format(grades=", ".join(grades))
                         + "; " + maps.BASEMAP_SOURCES["ussr"],
                  alt=_map_alt(counts, camps, uprisings, year))


def _map_alt(counts: pd.DataFrame, camps: pd.DataFrame, uprisings: pd.DataFrame, year: int) -> str:
    """What the slider shows, from the plotted rows: the years, the camps whose figures stop, the uprisings."""
    names = camps.set_index("camp_id")["name"]
    years = [int(y) for y in counts.columns]
    last_figure = counts.apply(lambda row: row.last_valid_index(), axis=1)
    stops = last_figure[last_figure < years[-1]].sort_values()
    stopped = "; ".join(_("after {year}: {camps}").format(year=int(last), camps=", ".join(names[c] for c in group.index))
                        for last, group in stops.groupby(stops, sort=True))
    empty = [str(y) for y in years if counts[y].isna().all()]
    largest = counts.stack().idxmax()
    return (_("Map. The slider moves from {first} to {last} and opens on {year}; circle area shows the prisoners "
              "each camp held on 1 January. The largest circle is {camp} in {camp_year}, {count} prisoners. Camps "
              "with no figures {stopped}.").format(
                first=years[0], last=years[-1], year=year, camp=names[largest[0]], camp_year=largest[1],
                count=fmt_int(counts.loc[largest]), stopped=stopped)
            + (" " + _("No camp has a figure for {years}.").format(years=", ".join(empty)) if empty else "")
            + " " + _("Stars mark the uprisings: {uprisings}.").format(
                uprisings="; ".join(f"{r.name}, {fmt_span(r.start, r.end)}" for r in uprisings.itertuples())))


#: The chapter's figures, in the order the notebook shows them (see tests/test_figures.py).
FIGURES = {"population": population_figure, "flows": flows_figure, "decline": decline_figure,
           "commission": commission_figure, "map": camps_map_figure}
EXPLORER = build_explorer
