"""Figures and the crackdown explorer for chapter 8, "The limits of the Thaw".

Everything is built from the tables in ``data/`` (``crackdowns``, ``crackdown_figures``,
``agitation_convictions``, ``orthodox_churches``, ``repression_measures``, ``places`` and the
course timeline ``events``), so each number on a chart keeps the source and evidence grade of its row.
Conflicting counts are never averaged away: every source's count is drawn. The convictions are
read and drawn through :mod:`thaw.chapters.periods`, as in chapter 9.
"""

from __future__ import annotations

import math
import textwrap

import pandas as pd
import plotly.graph_objects as go

from thaw import data, maps
from thaw.chapters import periods
from thaw.charts import (PALETTE, View, add_key_dates, evidence_dash, evidence_hatch, evidence_symbol, finish,
                         fmt_int, fmt_span, grouped, views)
from thaw.explore import LinkedView, check_span
from thaw.i18n import N_, _, join_and
from thaw.maps import BASEMAP_SOURCES, project_many

MEASURE_LABELS = {  # shown through _(): the language may be set after import
    "killed": N_("Killed"), "wounded": N_("Wounded"), "executed": N_("Executed afterwards"),
    "arrested": N_("Arrested or detained"), "convicted": N_("Sentenced to prison"), "troops": N_("Troops deployed"),
    "soviet_killed": N_("Soviet soldiers killed"), "soviet_wounded": N_("Soviet soldiers wounded"),
    "refugees": N_("Refugees"), "killed_civilians": N_("Civilians killed"), "killed_in_volleys": N_("Killed in volleys"),
    "killed_as_prisoners": N_("Security men killed as prisoners"),
}
#: The measures the chart of every source's count compares by default, one button each.
COMPARED_MEASURES = ["killed", "wounded", "executed", "arrested"]
FORCE_LABELS = {"soviet_army": N_("Soviet army"), "soviet_internal_troops": N_("Soviet internal troops (MVD)"),
                "national_forces": N_("The country's own forces")}
#: The colour of each kind of force, by its name in the palette (the text alternative names it).
FORCE_COLOURS = {"soviet_army": "vermillion", "soviet_internal_troops": "purple", "national_forces": "blue"}
COLOUR_WORDS = {"vermillion": N_("red"), "purple": N_("purple"), "blue": N_("blue")}
GRADE_GROUPS = [  # (label, grades, symbol, colour): grade D is drawn open (charts.evidence_symbol)
    (N_("Archival or scholarly source (grades A–B)"), {"A", "B"}, "circle", PALETTE["blue"]),
    (N_("Encyclopedic source (grade C)"), {"C"}, "square", PALETTE["orange"]),
    (N_("Popular web source (grade D): open markers"), {"D"}, "circle", PALETTE["grey"]),
]
#: The map's window, Europe and the western USSR: longitudes west to east, latitudes south to north.
MAP_WINDOW = ((8.0, 50.0), (39.0, 58.5))
FIRST_YEAR, LAST_YEAR = 1953, 1964
#: What the ``bound`` of a count says, as a qualifier: it decides the count's evidence mark.
BOUND_QUALIFIERS = {"exact": None, "approx": "about", "low": "at least", "high": "at most"}


def _measure(measure: str) -> str:
    """A measure's label in the reader's language: 'Killed'."""
    return _(MEASURE_LABELS.get(measure, measure))


def _measure_word(measure: str) -> str:
    """A measure's label inside a sentence, its first letter lowered: 'killed', 'tentara Soviet yang tewas'."""
    label = _measure(measure)
    return label[:1].lower() + label[1:]


def _bound_text(value, bound: str) -> str:
    """A count as its source bounds it: '55', 'c. 2,652', 'at least 746', 'up to 507'."""
    if bound == "exact":
        return fmt_int(value)
    template = {"approx": _("c. {count}"), "low": _("at least {count}"), "high": _("up to {count}")}[bound]
    return template.format(count=fmt_int(value))


def _cited(source: str, grade) -> str:
    """'bpb.de, grade B': a source's short name and its grade."""
    return _("{source}, grade {grade}").format(source=source.split(",")[0], grade=grade)


# --- The tables -----------------------------------------------------------------------------

def crackdowns() -> pd.DataFrame:
    """The crackdowns in chronological order, with their place's name and coordinates."""
    places = data.table("places")[["place_id", "name", "lat", "lon"]].rename(columns={"name": "place"})
    table = data.table("crackdowns").merge(places, on="place_id", how="left")
    return table.sort_values("start").reset_index(drop=True)


def short_name(row) -> str:
    """'Hungary, Oct 1956': the label of a crackdown on the charts."""
    return f"{row['region']}, {fmt_span(row['start'], precision='month')}"


def source_counts(crackdown_id: str | None = None, measure: str | None = None, errors: bool = False) -> pd.DataFrame:
    """The counts of data/crackdown_figures.csv, each as one source gives it, for one crackdown and measure.

    Counts that better evidence shows to be wrong (status ``error``) are examples of errors,
    not counts: they come back only with ``errors=True``, and then alone.
    """
    table = data.table("crackdown_figures")
    wrong = table[table["status"] == "error"]
    table = wrong if errors else table.drop(data.gaps(table).index).drop(wrong.index)
    if crackdown_id is not None:
        table = table[table["crackdown_id"] == crackdown_id]
    if measure is not None:
        table = table[table["measure"] == measure]
    return table.reset_index(drop=True)


def counts_sentence(crackdown_id: str, measure: str) -> str:
    """What the sources say about one measure of one crackdown (without the crackdown's name)."""
    rows = source_counts(crackdown_id, measure)
    label = _measure_word(measure)
    if rows.empty:
        return _("the course's sources give no figure for '{measure}'. This is a gap, not a zero.").format(
            measure=label)
    preferred = rows[rows["status"] != "alternative"]
    cited = [_cited(r.source, r.grade) for r in preferred.itertuples()]
    listed = [f"{_bound_text(r.value, r.bound)} ({c})" for r, c in zip(preferred.itertuples(), cited)]
    low, high = int(rows["value"].min()), int(rows["value"].max())
    if len(rows) == 1:
        sentence = _("{measure}: {figure}, the only figure that stands.").format(measure=label, figure=listed[0])
    elif preferred["bound"].isin(["low", "high"]).all() and preferred["source"].nunique() == 1 and len(preferred) == 2:
        sentence = _("{measure}: one source gives a range, {low} to {high} ({source}).").format(
            measure=label, low=fmt_int(low), high=fmt_int(high), source=cited[0])
    else:
        used = join_and(listed, separator="; ")
        template = (_("{measure}: {count} figures from {low} to {high}; the course uses {figures}.") if len(listed) == 1
                    else _("{measure}: {count} figures from {low} to {high}; the course shows side by side {figures}."))
        sentence = template.format(measure=label, count=len(rows), low=fmt_int(low), high=fmt_int(high), figures=used)
    weak = rows[rows["grade"] == "D"]
    if not weak.empty:
        sentence += " " + (_("1 of the figures comes from popular web pages (grade D).") if len(weak) == 1
                           else _("{count} of the figures come from popular web pages (grade D).").format(
                               count=len(weak)))
    wrong = source_counts(crackdown_id, measure, errors=True)
    if not wrong.empty:
        sentence += " " + _("Shown wrong by better evidence, so not rivals: {figures}.").format(figures="; ".join(
            f"{_bound_text(r.value, r.bound)} ({r.source.split(',')[0]})" for r in wrong.itertuples()))
    return sentence


def compare_crackdowns(first: str, second: str, measure: str = "killed") -> str:
    """Compare one measure of two crackdowns: dates, forces, and every source's count."""
    table = crackdowns().set_index("crackdown_id")
    for chosen in (first, second):
        if chosen not in table.index:
            return _("No crackdown called '{name}'. Choose one of: {choices}.").format(
                name=chosen, choices=", ".join(table.index))
    if measure not in MEASURE_LABELS:
        return _("Unknown measure '{name}'. Choose one of: {choices}.").format(
            name=measure, choices=", ".join(MEASURE_LABELS))
    if first == second:
        return _("Choose two different crackdowns to compare.")
    parts = []
    for chosen in (first, second):
        row = table.loc[chosen]
        when = fmt_span(row["start"], row["end"])
        parts.append(_("{crackdown} ({dates}; put down by {forces}), {figures}").format(
            crackdown=row["name"], dates=when, forces=row["forces"], figures=counts_sentence(chosen, measure)))
    return " ".join(parts)


def period_note(start_year, end_year) -> str:
    """Which crackdowns fall between two years, or what is wrong with the years chosen."""
    try:
        start_year, end_year = int(start_year), int(end_year)
    except (TypeError, ValueError):
        return _("Give the years as whole numbers, for example 1953 and 1956.")
    problem = check_span(start_year, end_year, unit="year")
    if problem:
        return problem
    if end_year < FIRST_YEAR or start_year > LAST_YEAR:
        return _("This chapter covers {period}; choose years in that range.").format(
            period=periods.label(FIRST_YEAR, LAST_YEAR))
    chosen = crackdowns_between(start_year, end_year)
    if chosen.empty:
        return _("No crackdown in this chapter began between {start} and {end}.").format(start=start_year, end=end_year)
    template = (_("1 crackdown between {start} and {end}: {crackdowns}.") if len(chosen) == 1
                else _("{count} crackdowns between {start} and {end}: {crackdowns}."))
    return template.format(count=len(chosen), start=start_year, end=end_year,
                           crackdowns="; ".join(short_name(r) for _row, r in chosen.iterrows()))


def crackdowns_between(start_year: int, end_year: int) -> pd.DataFrame:
    """The crackdowns that began in the years start_year to end_year (inclusive)."""
    table = crackdowns()
    years = table["start"].dt.year
    return table[(years >= start_year) & (years <= end_year)].reset_index(drop=True)


# --- The map --------------------------------------------------------------------------------

def killed_summary(crackdown_id: str) -> str:
    """'58 killed (other counts: 53–113)': the map's short statement of deaths."""
    rows = source_counts(crackdown_id, "killed")
    if rows.empty:
        return _("deaths: no figure")
    preferred = rows[rows["status"] != "alternative"]
    if (preferred["bound"] == "low").any() and (preferred["bound"] == "high").any() and len(preferred) == 2:
        return _("{low} to {high} killed (one source's range)").format(
            low=fmt_int(preferred["value"].min()), high=fmt_int(preferred["value"].max()))
    lo, hi = int(preferred["value"].min()), int(preferred["value"].max())
    text = _("{count} killed").format(count=fmt_int(lo) if lo == hi else f"{fmt_int(lo)}–{fmt_int(hi)}")
    others = rows[rows["status"] == "alternative"]
    if not others.empty:
        lo, hi = int(others["value"].min()), int(others["value"].max())
        text += " " + _("(other counts: {counts})").format(
            counts=fmt_int(lo) if lo == hi else f"{fmt_int(lo)}–{fmt_int(hi)}")
    return text


def _death_circle(crackdown_id: str) -> tuple[float, bool]:
    """Circle size (area grows with the deaths) and whether the count is reliable (else an open circle)."""
    killed = source_counts(crackdown_id, "killed")
    preferred = killed[killed["status"] != "alternative"]
    one_source_range = preferred["bound"].isin(["low", "high"]).all() and len(preferred) > 1
    if preferred.empty or one_source_range:
        return 10.0, False
    return round(8 + 1.6 * math.sqrt(preferred["value"].max()), 1), True


def crackdowns_map_figure() -> go.Figure:
    """The uprisings and crackdowns of 1953–1962 on a map of Europe and the western USSR."""
    table = crackdowns()
    table["x"], table["y"] = project_many(table["lon"], table["lat"], "world")
    fig = maps.map_figure("world", window=MAP_WINDOW, decimals=4)
    positions = {"gdr-1953": "top left", "poznan-1956": "top right", "hungary-1956": "bottom center",
                 "tbilisi-1956": "bottom center", "novocherkassk-1962": "top center"}
    circles = {c: _death_circle(c) for c in table["crackdown_id"]}
    for force, label in FORCE_LABELS.items():
        rows = table[table["force_type"] == force]
        if rows.empty:
            continue
        colour = PALETTE[FORCE_COLOURS[force]]
        fig.add_trace(go.Scatter(
            x=rows["x"], y=rows["y"], mode="markers+text", name=_("Put down by: {forces}").format(forces=_(label)),
            text=[short_name(r) for _i, r in rows.iterrows()],
            textposition=[positions.get(c, "top center") for c in rows["crackdown_id"]],
            textfont=dict(size=12), cliponaxis=False,
            marker=dict(size=[circles[c][0] for c in rows["crackdown_id"]], color=colour, opacity=0.8,
                        symbol=["circle" if circles[c][1] else "circle-open" for c in rows["crackdown_id"]],
                        line=dict(width=2, color=colour)),
            customdata=[[r.name, fmt_span(r.start, r.end), r.forces, killed_summary(r.crackdown_id)]
                        for r in rows.itertuples()],
            hovertemplate=_("<b>%{customdata[0]}</b><br>%{customdata[1]}<br>Put down by: %{customdata[2]}"
                            "<br>%{customdata[3]}<extra></extra>")))
    moscow = data.table("places").set_index("place_id").loc[["moscow"]]
    mx, my = project_many(moscow["lon"], moscow["lat"], "world")
    fig.add_trace(go.Scatter(x=mx, y=my, mode="markers+text", text=list(moscow["name"]), name=_("City"),
                             textposition="middle right", hoverinfo="skip", showlegend=False,
                             marker=dict(symbol="square", size=7, color=PALETTE["grey"])))
    readable = pd.DataFrame({_("uprising"): table["name"], _("place"): table["place"],
                             _("dates"): [fmt_span(r.start, r.end) for r in table.itertuples()],
                             _("put down by"): table["forces"],
                             _("deaths"): [killed_summary(c) for c in table["crackdown_id"]]})
    largest = max(circles, key=lambda c: circles[c][0])
    unreliable = [r["region"] for _i, r in table.iterrows() if not circles[r["crackdown_id"]][1]]
    first, last = table["start"].min().year, table["end"].max().year
    colours = "; ".join(f"{_(COLOUR_WORDS[FORCE_COLOURS[f]])}, {_(FORCE_LABELS[f]).replace('The ', 'the ')}"
                        for f in FORCE_LABELS if (table["force_type"] == f).any())
    open_circles = (_("{places}, with no reliable count, is an open circle.") if len(unreliable) == 1
                    else _("{places}, with no reliable count, are open circles."))
    return finish(fig, height=600, table=readable,
                  title=_("Uprisings and crackdowns, {period}<br><span style='font-size:13px'>"
                          "Circle area: deaths (the course's figure; largest where sources differ); "
                          "open circle: no reliable count</span>").format(period=periods.label(first, last)),
                  source=_("crackdowns.csv, crackdown_figures.csv (sources per row); places.csv (GeoNames)")
                         + "; " + _(BASEMAP_SOURCES["world"]),
                  alt=_("Map of central and eastern Europe and the western USSR. Circles mark {crackdowns}; "
                        "circle area grows with the deaths counted, largest for {largest}. "
                        "Colour shows who put each down: {colours}.").format(
                      crackdowns=", ".join(f"{r.region} ({fmt_span(r.start, r.end, 'month')})"
                                           for r in table.itertuples()),
                      largest=table.set_index("crackdown_id").loc[largest, "region"], colours=colours)
                      + " " + open_circles.format(places=join_and(unreliable)))


# --- Every source's count, measure by measure -------------------------------------------------

def _measure_title(measure: str, rows: pd.DataFrame, order: list[str]) -> str:
    """The chart title of one measure: the widest spread between sources, and the crackdowns with no count."""
    spreads = [(g["value"].max() / g["value"].min(), label, g) for label, g in rows.groupby("label")]
    ratio, widest, group = max(spreads, key=lambda item: item[0], default=(1, "", rows))
    if ratio > 1:
        template = (_("Widest spread: {crackdown}, {low} to {high} (one source's range)")
                    if group["source"].nunique() == 1 else _("Widest spread: {crackdown}, {low} to {high}"))
        note = template.format(crackdown=widest, low=fmt_int(group["value"].min()), high=fmt_int(group["value"].max()))
    else:
        note = _("One figure per crackdown")
    gaps = ", ".join(label for label in order if label not in set(rows["label"])) or _("none")
    return _("{measure}: every source's figure<br><span style='font-size:13px'>{note}. Gaps: {gaps}</span>").format(
        measure=_measure(measure), note=note, gaps=gaps)


def casualties_figure(measures: list[str] = COMPARED_MEASURES) -> go.Figure:
    """Every source's count for each crackdown, one button per measure (kernel-free explorer).

    ``measures``: the measures of crackdown_figures.csv to offer, one button each (see ``MEASURE_LABELS``).
    """
    unknown = [m for m in measures if m not in MEASURE_LABELS]
    if unknown or not measures:
        raise ValueError(_("Unknown measure(s) {measures}. Choose from: {choices}.").format(
            measures=", ".join(unknown) or _("(none given)"), choices=", ".join(MEASURE_LABELS)))
    table = crackdowns()
    labels = {r["crackdown_id"]: short_name(r) for _i, r in table.iterrows()}
    order = [labels[c] for c in table["crackdown_id"]]
    fig = go.Figure()
    titles = {}
    for measure in measures:
        rows = source_counts(measure=measure)
        rows = rows.assign(label=rows["crackdown_id"].map(labels))
        spread_x, spread_y = [], []
        for label, group in rows.groupby("label", sort=False):
            if len(group) > 1:
                spread_x += [int(group["value"].min()), int(group["value"].max()), None]
                spread_y += [label, label, None]
        fig.add_trace(grouped(measure, go.Scatter(
            x=spread_x, y=spread_y, mode="lines", hoverinfo="skip", name=_("Spread between the figures"),
            line=dict(color=PALETTE["grey"], width=6), opacity=0.35, showlegend=False)))
        for name, grades, symbol, colour in GRADE_GROUPS:
            part = rows[rows["grade"].isin(grades)]
            fig.add_trace(grouped(measure, go.Scatter(
                x=[int(v) for v in part["value"]], y=list(part["label"]), mode="markers", name=_(name), showlegend=False,
                marker=dict(symbol=[evidence_symbol(symbol, r.grade, r.status) for r in part.itertuples()],
                            color=colour, line=dict(width=2, color=colour),
                            size=[15 if s != "alternative" else 10 for s in part["status"]]),
                customdata=[[_bound_text(r.value, r.bound), r.source, r.grade_detail,
                             _("preferred or unrivalled") if r.status != "alternative" else _("alternative figure")]
                            for r in part.itertuples()],
                hovertemplate=_("<b>%{customdata[0]}</b> (%{customdata[3]})<br>%{customdata[1]}<br>grade "
                                "%{customdata[2]}<extra></extra>"))))
        titles[measure] = _measure_title(measure, rows, order)
    # Legend keys: empty traces in no group, so they stay visible in every view.
    keys = [(_("Spread between the figures"), dict(mode="lines", line=dict(color=PALETTE["grey"], width=6)))]
    keys += [(_(name), dict(mode="markers", marker=dict(symbol=evidence_symbol(symbol, min(grades)), color=colour,
                                                      size=12, line=dict(width=2, color=colour))))
             for name, grades, symbol, colour in GRADE_GROUPS]
    for name, style in keys:
        fig.add_trace(go.Scatter(x=[None], y=[None], name=name, hoverinfo="skip", **style))
    views(fig, [View(_measure(m), show=[m], layout={"title.text": titles[m]}) for m in measures])
    fig.update_yaxes(categoryorder="array", categoryarray=order[::-1], showgrid=True)
    ticks = [5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000, 200000]
    fig.update_xaxes(type="log", title=_("persons (logarithmic scale)"), tickvals=ticks,
                     ticktext=[fmt_int(t) for t in ticks])
    fig.update_layout(hovermode="closest")
    named = [_measure_word(m) for m in measures]
    return finish(fig, height=520, title=titles[measures[0]],
                  source=_("crackdown_figures.csv: bpb.de; Clio-online; IPN; KSH via the 1956 Institute; Stykalin; "
                           "Trubin via x-libri.ru; Wikipedia; newspapers (grade per point)"),
                  alt=_("Dot chart on a logarithmic scale, one row per crackdown, one dot per source's figure; buttons "
                        "switch between {measures}. {measure}: {ranges}. Figures shown wrong by better evidence are "
                        "not drawn.").format(measures=join_and(named), measure=_measure(measures[0]),
                                             ranges=_range_alt(table, measures[0])))


def _range_alt(table: pd.DataFrame, measure: str) -> str:
    """'East Germany 55, Tbilisi 22 to 800, …': the drawn range of one measure per crackdown, for the text alternative."""
    parts = []
    for _i, row in table.iterrows():
        values = source_counts(row["crackdown_id"], measure)["value"]
        if values.empty:
            continue
        lo, hi = int(values.min()), int(values.max())
        parts.append(f"{row['region']} {fmt_int(lo)}" if lo == hi else _("{place} {low} to {high}").format(
            place=row["region"], low=fmt_int(lo), high=fmt_int(hi)))
    return ", ".join(parts) or _("no figures")


# --- Convictions for anti-Soviet agitation -----------------------------------------------------

def convictions_figure() -> go.Figure:
    """Convictions for anti-Soviet agitation per year (period averages where the source has only totals)."""
    bars = periods.by_year(periods.conviction_parts())
    table = periods.convictions()
    first, last = int(bars["start"].min().year), int(bars["end"].max().year) - 1
    remainder = bars[bars["kind"] == "remainder"]
    later = bars.loc[bars["article"] == "art190_1", "start"].min().year
    styles = [(bars[(bars["article"] == "art70") & (bars["kind"] != "remainder")],
               _("Art. 58-10 / Art. 70 (anti-Soviet agitation)"), PALETTE["blue"]),
              (remainder, _("Art. 70: {years} (derived average of {total} over {count} years)").format(
                  years=", ".join(remainder["label"]), total=fmt_int(remainder["value"].iloc[0]), count=len(remainder)),
               PALETTE["sky"]),
              (bars[bars["article"] == "art190_1"],
               _("Art. 190-1 (\"knowingly false fabrications\"), from {year}").format(year=later), PALETTE["orange"])]
    both = {r.label: r.per_year for r in data.stated(table).itertuples() if r.status == "derived"}
    fig = go.Figure()
    for rows, label, colour in styles:
        fig.add_trace(grouped("bars", periods.bars(
            rows, name=label, colour=colour, yearly=True, fill=0.92,
            notes=lambda row: [row["source"]] + ([_("both articles: {rate} a year").format(
                rate=periods.rate(both[row["label"]]))] if row["label"] in both else []))))
    fig.update_layout(barmode="stack", hovermode="closest", legend_traceorder="normal", xaxis_type="date")
    views(fig, [View(periods.label(first, last), layout={"xaxis.range": [f"{first - 1}-01-01", f"{last + 1}-06-30"]}),
                View(_("Zoom on the Khrushchev years"), layout={"xaxis.range": [f"{first - 1}-07-01", "1966-06-30"]})])
    top = max(max(trace.y) for trace in fig.data)
    fig.update_yaxes(title=_("persons convicted per year"), range=[0, round(top * 1.32, -2)])
    add_key_dates(fig, start=pd.Timestamp(first, 1, 1))
    singles = bars[bars["kind"] == "year"]
    five = bars[(bars["kind"] == "period") & (bars["article"] == "art70")].iloc[0]
    return finish(fig, height=520,
                  title=_("Convictions for anti-Soviet agitation, {period}").format(period=periods.label(first, last)),
                  source=_("agitation_convictions.csv: Kozlov & Mironenko, Kramola (2005), Table 1, from the KGB's "
                           "figures (grade A via B); five-year totals shown as yearly averages"),
                  alt=_("Bar chart. Convictions peaked at {peaks}; {years} averaged {rate} a year; {period} averaged "
                        "{period_rate} a year, and later periods between {lowest} and {highest} a year, counting "
                        "Art. 190-1 from {year}.").format(
                      peaks=join_and([_("{count} in {year}").format(count=fmt_int(r.value), year=r.label)
                                  for r in singles.itertuples()]),
                      years=join_and(list(remainder["label"])),
                      rate=periods.rate(remainder["value"].iloc[0] / len(remainder)), period=five["label"],
                      period_rate=periods.rate(five["value"] / five["years"]),
                      lowest=periods.rate(min(both.values())), highest=periods.rate(max(both.values())), year=later))


# --- Orthodox churches ---------------------------------------------------------------------------

def _who(rows: pd.DataFrame) -> str:
    """'Stankevičius, grade B': the authors and grades of some rows, for a legend entry."""
    return "; ".join(dict.fromkeys(_cited(s.split(" (")[0], g) for s, g in zip(rows["source"], rows["grade"])))


def churches_figure() -> go.Figure:
    """Orthodox churches, counts and estimates, with the suspicious figure of 1959 flagged."""
    table = data.table("orthodox_churches")
    by_id = table.set_index("id")
    day = lambda year: pd.Timestamp(int(year), 7, 1)  # noqa: E731 - a year's figure sits mid-year
    fig = go.Figure()

    def band(low_id, high_id, name, colour):
        low, high = int(by_id.loc[low_id, "value"]), int(by_id.loc[high_id, "value"])
        decade = int(by_id.loc[low_id, "year"]) // 10 * 10
        x0, x1 = pd.Timestamp(decade, 1, 1), pd.Timestamp(decade + 9, 12, 31)
        fig.add_trace(go.Scatter(x=[x0, x1, x1, x0, x0], y=[low, low, high, high, low], fill="toself", mode="lines",
                                 name=_("{name}, {decade}s: {low}–{high}").format(
                                     name=name, decade=decade, low=fmt_int(low), high=fmt_int(high)), fillcolor=colour,
                                 opacity=0.35, line=dict(width=0),
                                 hovertemplate=f"{fmt_int(low)}–{fmt_int(high)}<br>{by_id.loc[low_id, 'source']}"
                                               "<extra></extra>"))
        return low, high

    western = band("1950s-western-low", "1950s-western-high", _("What Western observers believed"), PALETTE["orange"])
    archival = band("1950s-archival-low", "1950s-archival-high", _("Archival counts (CROCA)"), PALETTE["sky"])
    counts = table[(table["kind"] == "count") & (table["bound"] == "exact") & (table["grade"] != "D")]
    fig.add_trace(go.Scatter(
        x=[day(y) for y in counts["year"]], y=counts["value"], mode="lines+markers+text",
        name=_("Counts: {counts}").format(counts="; ".join(f"{join_and([str(y) for y in group['year']])} ({_who(group)})"
                                                          for _i, group in counts.groupby("source", sort=False))),
        text=[fmt_int(v) for v in counts["value"]], textposition="top right", line=dict(color=PALETTE["blue"], width=3),
        marker=dict(size=10), customdata=[_("{year}: {count}<br>{source} · grade {grade}").format(
            year=r.year, count=fmt_int(r.value), source=r.source, grade=r.grade) for r in counts.itertuples()],
        hovertemplate="%{customdata}<extra></extra>"))
    low, high = by_id.loc["1965-smolkin-low"], by_id.loc["1965-smolkin-high"]
    mid_1960s = _("about {low}–{high}").format(low=fmt_int(low["value"]), high=fmt_int(high["value"]))
    decade = _("Mid-{decade}s").format(decade=low["year"] // 10 * 10)
    fig.add_trace(go.Scatter(x=[day(low["year"])] * 2, y=[low["value"], high["value"]], mode="lines+markers",
                             name=f"{decade}, {mid_1960s} ({_who(low.to_frame().T)})",
                             line=dict(color=PALETTE["green"], width=5), marker=dict(symbol="line-ew-open", size=14),
                             customdata=[f"{decade}: {mid_1960s}<br>{low['source']}"] * 2,
                             hovertemplate="%{customdata}<extra></extra>"))
    suspect = table[table["kind"] == "suspect"]
    fig.add_trace(go.Scatter(
        x=[day(y) for y in suspect["year"]], y=suspect["value"], mode="markers+text",
        name=_("Suspect figures: {figures}").format(figures="; ".join(
            _("{count} in {year} ({source})").format(count=_bound_text(r.value, r.bound), year=r.year,
                                                     source=_who(suspect.loc[[i]]))
            for i, r in zip(suspect.index, suspect.itertuples()))),
        text=[_bound_text(v, b) for v, b in zip(suspect["value"], suspect["bound"])], textposition="middle right",
        marker=dict(symbol="x", size=16, color=PALETTE["vermillion"]),
        customdata=[_("{year}: {count}<br>{source} · grade {grade}").format(
            year=r.year, count=_bound_text(r.value, r.bound), source=r.source, grade=r.grade)
            for r in suspect.itertuples()],
        hovertemplate="%{customdata}<extra></extra>"))
    late = table[table["grade"] == "D"]
    fig.add_trace(go.Scatter(
        x=[day(y) for y in late["year"]], y=late["value"], mode="lines+markers",
        name=_("{years} (grade D, context)").format(years=join_and([str(y) for y in late["year"]])),
        line=dict(color=PALETTE["grey"], dash=evidence_dash("D")),
        marker=dict(symbol=evidence_symbol("circle", "D"), size=10),
        customdata=[_("{year}: {count}<br>{source} · grade {grade}").format(
            year=r.year, count=fmt_int(r.value), source=r.source, grade="D") for r in late.itertuples()],
        hovertemplate="%{customdata}<extra></extra>"))
    events = data.table("events").set_index("id")
    campaign_start, removed = events.loc["e51", "start"], events.loc["e71", "start"]  # CC resolution; Khrushchev out
    fig.add_vrect(x0=campaign_start, x1=removed, fillcolor=PALETTE["grey"], opacity=0.12, line_width=0)
    fig.add_annotation(x=campaign_start + (removed - campaign_start) / 2, y=0.04, yref="paper",
                       text=_("anti-religious<br>campaign"), showarrow=False, font=dict(size=11))
    flagged = by_id.loc["1959-wikipedia"]
    fig.add_annotation(x=day(flagged["year"]), y=flagged["value"], ax=150, ay=-30,
                       text=_("suspect: the size of the old estimates,<br>not of the archival counts"), showarrow=True,
                       arrowhead=2, font=dict(size=11), xanchor="left", align="left")
    fig.update_yaxes(title=_("Orthodox churches"), range=[0, 48000])
    fig.update_layout(hovermode="closest", xaxis=dict(range=["1949-07-01", "1990-06-30"], type="date"))
    add_key_dates(fig)
    first, last = counts.iloc[0], counts.iloc[-1]
    middle = counts[counts["year"] == flagged["year"] + 1].iloc[0]
    return finish(fig, height=600, title=_("Russian Orthodox churches: counts, estimates and a suspect figure"),
                  source=_("orthodox_churches.csv: Stankevičius; EN Wikipedia; Smolkin; Communist and Post-Communist "
                           "Studies 1996 abstract and Davis 1991 (CROCA archives); Alexy II and Kirill (grade D)"),
                  alt=_("Line chart. Counts fall from {first} churches in {first_year} to {middle} in {middle_year} and "
                        "{last} in {last_year}. The {suspect} given for {suspect_year} sits far above both, inside the "
                        "band of inflated Western estimates ({western_low}–{western_high}), not the archival band "
                        "({archival_low}–{archival_high}).").format(
                      first=fmt_int(first["value"]), first_year=first["year"], middle=fmt_int(middle["value"]),
                      middle_year=middle["year"], last=fmt_int(last["value"]), last_year=last["year"],
                      suspect=fmt_int(flagged["value"]), suspect_year=flagged["year"], western_low=fmt_int(western[0]),
                      western_high=fmt_int(western[1]), archival_low=fmt_int(archival[0]),
                      archival_high=fmt_int(archival[1])))


# --- Instruments of repression ---------------------------------------------------------------------

#: The kinds of measure drawn on the timeline of repression: label, colour and marker symbol (open for grade D).
MEASURE_KINDS = {
    "directive": (N_("Party directive"), PALETTE["vermillion"], "diamond"),
    "law": (N_("Law or decree"), PALETTE["blue"], "square"),
    "sentence": (N_("Court sentence"), PALETTE["purple"], "circle"),
    "psychiatric": (N_("Psychiatric internment"), PALETTE["green"], "triangle-up"),
    "group": (N_("Prosecution of a group"), PALETTE["orange"], "star"),
    "context": (N_("Context: the activity that was repressed"), PALETTE["grey"], "circle"),
}
#: The kinds as the data table under the chart names them (the ``kind`` column of repression_measures.csv).
KIND_WORDS = {"directive": N_("directive"), "law": N_("law"), "sentence": N_("sentence"),
              "psychiatric": N_("psychiatric"), "group": N_("group"), "context": N_("context")}


def measures(kinds=None) -> pd.DataFrame:
    """The dated instruments of repression (data/repression_measures.csv), oldest first, with a display date."""
    table = data.table("repression_measures").sort_values(["date", "id"]).reset_index(drop=True)
    if kinds is not None:
        table = table[table["kind"].isin(kinds)].reset_index(drop=True)
    table["when"] = [fmt_span(r.date, precision=r.precision) for r in table.itertuples()]  # '19 Dec 1956', 'Jul 1961'

    return table


def _span(row):
    """The stretch of time a date stands for: one day, or the whole month or year."""
    if row.precision == "year":
        return pd.Timestamp(row.date.year, 1, 1), pd.Timestamp(row.date.year, 12, 31)
    if row.precision == "month":
        return row.date, row.date + pd.offsets.MonthEnd(0)
    return row.date, row.date


def measures_figure() -> go.Figure:
    """The instruments of repression inside the USSR, 1956–1964, one row per measure, in order of date."""
    table = measures(kinds=list(MEASURE_KINDS))
    labels = ["<br>".join(textwrap.wrap(m, 32)) for m in table["measure"]]
    table = table.assign(label=labels)
    fig = go.Figure()
    convictions = data.table("agitation_convictions").set_index("id")
    peak_start, peak_end = convictions.loc["1957", "period_start"], convictions.loc["1958", "period_end"]
    peak = periods.label(peak_start.year, peak_end.year)
    fig.add_vrect(x0=peak_start, x1=peak_end, fillcolor=PALETTE["sky"], opacity=0.18, line_width=0)
    fig.add_annotation(x=peak_start + (peak_end - peak_start) / 2, y=0, yref="paper", yanchor="bottom",
                       text=_("peak of convictions for<br>anti-Soviet agitation, {period}").format(period=peak),
                       showarrow=False, font=dict(size=11))
    vague = table[table["precision"] != "day"]
    xs, ys = [], []
    for row in vague.itertuples():
        start, end = _span(row)
        xs += [start, end, None]
        ys += [row.label, row.label, None]
    fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", name=_("Date known only to the month or year (bar: the span)"),
                             line=dict(color=PALETTE["grey"], width=7), opacity=0.45, hoverinfo="skip"))
    for kind, (name, colour, symbol) in MEASURE_KINDS.items():
        rows = table[table["kind"] == kind]
        if rows.empty:
            continue
        middles = [start + (end - start) / 2 for start, end in (_span(r) for r in rows.itertuples())]
        fig.add_trace(go.Scatter(
            x=middles, y=rows["label"], mode="markers", name=_(name),
            marker=dict(size=14, color=colour, line=dict(width=2, color=colour),
                        symbol=[evidence_symbol(symbol, g) for g in rows["grade"]]),
            customdata=[[r.when, r.measure, "<br>".join(textwrap.wrap(r.description, 70)), r.grade, r.grade_detail]
                        for r in rows.itertuples()],
            hovertemplate=_("<b>%{customdata[1]}</b> (%{customdata[0]})<br>%{customdata[2]}<br>"
                            "grade %{customdata[3]}: %{customdata[4]}<extra></extra>")))
    fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=_("Open marker: date from a popular source "
                                                                        "(grade D)"), marker=dict(symbol=evidence_symbol("circle", "D"), size=12, color=PALETTE["grey"],
                                                       line=dict(width=2)), hoverinfo="skip"))
    fig.update_yaxes(categoryorder="array", categoryarray=list(table["label"])[::-1], showgrid=True, title=None)
    fig.update_xaxes(type="date", range=["1956-07-01", "1965-01-01"])
    fig.update_layout(hovermode="closest", margin=dict(l=250))
    readable = pd.DataFrame({_("date"): table["when"], _("measure"): table["measure"],
                             _("kind"): [_(KIND_WORDS.get(k, k)) for k in table["kind"]], _("grade"): table["grade"],
                             _("grade_detail"): table["grade_detail"]})
    first, last = table.iloc[0], table.iloc[-1]
    weak = table[table["grade"] == "D"]
    laws = table[table["kind"] == "law"]
    law_years = periods.label(laws["date"].min().year, laws["date"].max().year)
    directive = table[table["kind"] == "directive"].iloc[0]
    later = table[table["kind"].isin(["sentence", "psychiatric", "group"])]
    span = periods.label(table["date"].min().year, table["date"].max().year)
    return finish(fig, height=820, table=readable,
                  title=_("Instruments of repression inside the USSR, {period}").format(period=span),
                  source=_("repression_measures.csv (sources and grades per row); agitation_convictions.csv "
                           "(Kozlov & Mironenko, Kramola, Table 1)"),
                  alt=_("Timeline of {count} dated measures, one row each, from the {first} ({first_date}) to {last} "
                        "({last_date}). A party directive of {directive_date} precedes the peak of convictions in "
                        "{peak}; {laws} laws of {law_years} punish 'parasites' with exile and economic crimes with "
                        "death; sentences, psychiatric internment and the prosecution of groups follow in {later}. "
                        "{weak} dates rest on popular sources (grade D) and are drawn open.").format(
                      count=len(table), first=first["measure"], first_date=first["when"], last=last["measure"],
                      last_date=last["when"], directive_date=directive["when"], peak=peak, laws=len(laws),
                      law_years=law_years, later=periods.label(later["date"].min().year, later["date"].max().year),
                      weak=len(weak)))


# --- The explorer ------------------------------------------------------------------------------

def explorer_sources_figure(first: str, second: str, measure: str) -> go.Figure:
    """The explorer's chart: every source's count of one measure for two crackdowns, bar by bar."""
    table = crackdowns().set_index("crackdown_id")
    fig = go.Figure()
    for chosen, colour in ((first, PALETTE["blue"]), (second, PALETTE["vermillion"])):
        if chosen not in table.index:
            continue
        rows = source_counts(chosen, measure)
        label = short_name(table.loc[chosen])
        fig.add_trace(go.Bar(
            y=[f"{label}: {r.source.split(',')[0][:40]}" for r in rows.itertuples()], x=rows["value"],
            orientation="h", name=label,
            marker=dict(color=colour, pattern_shape=[evidence_hatch(r.grade, r.status, BOUND_QUALIFIERS[r.bound])
                                                     for r in rows.itertuples()]),
            text=[_("{count} (grade {grade})").format(count=_bound_text(r.value, r.bound), grade=r.grade)
                  for r in rows.itertuples()],
            textposition="outside", cliponaxis=False, hovertemplate="%{x:,}<extra></extra>"))
    fig.update_layout(hovermode="closest", margin=dict(l=330))
    fig.update_xaxes(title=_measure_word(measure), tickformat=",")
    return finish(fig, height=420, title=_("{measure}: source by source").format(measure=_measure(measure)),
                  source=_("crackdown_figures.csv (crossed bars: grade D; dotted: approximate, at least or up to)"),
                  alt=compare_crackdowns(first, second, measure))


def build_explorer():
    """The ipywidgets crackdown comparer (needs a running kernel: JupyterLab or Binder)."""
    import ipywidgets as widgets

    years = widgets.IntRangeSlider(value=(FIRST_YEAR, 1962), min=FIRST_YEAR, max=LAST_YEAR, description=_("Years"),
                                   continuous_update=False, layout={"width": "36em"})
    period = widgets.HTML()
    first = widgets.Dropdown(description=_("Compare"), layout={"width": "30em"})
    second = widgets.Dropdown(description=_("with"), layout={"width": "30em"})
    measure = widgets.Dropdown(options=[(_measure(m), m) for m in MEASURE_LABELS], value="killed",
                               description=_("Measure"), layout={"width": "30em"})
    view = LinkedView(lambda: compare_crackdowns(first.value, second.value, measure.value),
                      lambda: explorer_sources_figure(first.value, second.value, measure.value))

    def filter_crackdowns(*_changes):
        period.value = f"<p>{period_note(*years.value)}</p>"
        chosen = crackdowns_between(*years.value)
        options = [(short_name(r), r["crackdown_id"]) for _i, r in chosen.iterrows()] or [(_("(none in these years)"), "")]
        with view.one_redraw():
            for box, index in ((first, 0), (second, min(1, len(options) - 1))):
                box.options = options
                box.index = index

    view.follow(measure, first, second)
    years.observe(filter_crackdowns, names="value")
    filter_crackdowns()
    return view.box(years, period, first, second, measure)


#: The chapter's figures, in the order the notebook shows them (see tests/test_figures.py).
FIGURES = {"map": crackdowns_map_figure, "casualties": casualties_figure, "convictions": convictions_figure,
           "churches": churches_figure, "measures": measures_figure}
EXPLORER = build_explorer
