"""Figures and the film-output explorer for chapter 6, "The cultural thaw".

Everything is built from the tables in ``data/`` (``film_output``, ``print_runs``
and the CUL rows of ``events``), so each number on a chart keeps the source and
evidence grade of its row. Film figures under different definitions are never
joined into one line, and years without a figure are shown as gaps.
"""

from __future__ import annotations

import re

import pandas as pd
import plotly.graph_objects as go

from thaw import data
from thaw.charts import (PALETTE, View, add_key_dates, evidence_hatch, evidence_symbol, finish, fmt_int, fmt_pct,
                         fmt_span, grouped, views)
from thaw.explore import LinkedView, check_span
from thaw.i18n import N_, _, join_and

#: The film definitions a student can explore, in the order of the chart's buttons.
DEFINITIONS = {
    "completed": N_("Feature films completed"),
    "pictures": N_("\"Pictures\" (EN Wikipedia)"),
    "produced": N_("\"Features produced\" (S. Martin)"),
    "new_releases": N_("New Soviet films released"),
}
BUTTON_LABELS = {"completed": N_("Completed"), "pictures": N_("Pictures (Wikipedia)"),
                 "produced": N_("Produced (Martin)"), "new_releases": N_("New releases")}
COLOURS = {"completed": PALETTE["orange"], "pictures": PALETTE["blue"],
           "produced": PALETTE["purple"], "new_releases": PALETTE["green"]}
SYMBOLS = {"completed": "circle", "pictures": "square", "produced": "diamond",
           "new_releases": "triangle-up"}
UNCHARTED_REASONS = {"threshold": N_("a lower bound, not a count"),
                     "plan": N_("a plan target, not output")}
SUSPECT_REASON = N_("a suspect figure, not charted until its source is checked")
#: A figure with its qualifier, as a reader sees it ("more than 100").
QUALIFIED = {"exact": "{value}", "more_than": N_("more than {value}"), "at_least": N_("at least {value}")}
#: How the films chart's title counts the definitions it draws.
DEFINITION_COUNTS = (N_("one definition"), N_("two definitions"), N_("three definitions"), N_("four definitions"))
#: The definitions of the film table's rows as a sentence names them (all rows, charted or not).
DEFINITION_WORDS = {"completed": N_("completed"), "pictures": N_("pictures"), "produced": N_("produced"),
                    "new_releases": N_("new releases"), "threshold": N_("threshold"), "plan": N_("plan")}


def _year(year) -> pd.Timestamp:
    return pd.Timestamp(year=int(year), month=1, day=1)


def _mid_year(year: int) -> pd.Timestamp:
    """Annual counts are drawn at the middle of their year on a date axis."""
    return pd.Timestamp(year=int(year), month=7, day=1)


def _runs(years: list[int]) -> list[tuple[int, int]]:
    """Consecutive years grouped into (first, last) runs: [1946, 1947, 1950] -> [(1946, 1947), (1950, 1950)]."""
    runs = []
    for year in sorted(years):
        if runs and year == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], year)
        else:
            runs.append((year, year))
    return runs


def _years_text(years: list[int]) -> str:
    """"1946–1948, 1950": runs of years, each written by fmt_span."""
    return ", ".join(fmt_span(_year(a), _year(b), "year") for a, b in _runs(years))


def _qualified(qualifier: str, value) -> str:
    """A figure with its qualifier, in the reader's language: "more than 100"."""
    return _(QUALIFIED[qualifier]).format(value=fmt_int(value))


def _unknown_definition(definition) -> str:
    return _("Unknown definition '{definition}'. Choose one of: {choices}.").format(
        definition=definition, choices=", ".join(DEFINITIONS))


# --- The film series ----------------------------------------------------------------------

def film_table() -> pd.DataFrame:
    return data.table("film_output")


def covered_years() -> tuple[int, int]:
    """The first and last year the film table covers (a gap row states each year without a figure)."""
    years = film_table()["year"].astype(int)
    return int(years.min()), int(years.max())


def film_points(definition: str) -> pd.DataFrame:
    """The charted figures of one definition: year, value, qualifier, status, grade, grade_detail, source, note.

    Suspect figures, bounds, plan targets and gaps (``chart`` = false) are left out.
    """
    if definition not in DEFINITIONS:
        raise ValueError(_unknown_definition(definition))
    films = film_table()
    rows = films[(films["definition"] == definition) & films["chart"].astype(bool)]
    return (rows[["year", "value", "qualifier", "status", "grade", "grade_detail", "source", "note"]]
            .astype({"year": "int64", "value": "int64"}).sort_values("year").reset_index(drop=True))


def no_figure_years() -> list[int]:
    """Years for which no source gives a figure under any definition."""
    return sorted(int(y) for y in data.gaps(film_table())["year"])


def uncharted_years() -> list[int]:
    """Years with no charted count (gaps, and years with only a bound, a plan or a suspect figure)."""
    films = film_table()
    charted = set(films.loc[films["chart"].astype(bool), "year"].astype(int))
    first, last = covered_years()
    return [year for year in range(first, last + 1) if year not in charted]


def describe_films(definition: str, start, end) -> str:
    """What the sources say about film output under one definition between two years.

    Returns plain text for every input, including impossible or unsupported ones.
    """
    try:
        start, end = int(start), int(end)
    except (TypeError, ValueError):
        return _("Give the years as whole numbers, for example 1953 and 1955.")
    if definition not in DEFINITIONS:
        return _unknown_definition(definition)
    impossible = check_span(start, end)
    if impossible:
        return impossible
    first_year, last_year = covered_years()
    if start < first_year or end > last_year:
        return _("The film data cover {years}; choose years in that range.").format(
            years=fmt_span(_year(first_year), _year(last_year), "year"))
    label = _(DEFINITIONS[definition])
    points = film_points(definition)
    points = points[points["year"].between(start, end)]
    span = fmt_span(_year(start), _year(end), "year")
    films = film_table()
    in_range = films[films["year"].between(start, end)]
    sentences = []
    if points.empty:
        sentences.append(_("{definition}: no figure for {years}.").format(definition=label, years=span))
    else:
        listed = ", ".join(_("{year}: {value} (grade {grade})").format(year=row.year, value=fmt_int(row.value),
                                                                      grade=row.grade)
                           for row in points.itertuples())
        sentences.append(_("{definition}, {years}: {figures}.").format(definition=label, years=span, figures=listed))
        if len(points) > 1:
            first, last = points.iloc[0], points.iloc[-1]
            change = int(last["value"]) - int(first["value"])
            words = dict(first=first["year"], last=last["year"], start=fmt_int(first["value"]),
                         end=fmt_int(last["value"]))
            if change > 0:
                text = _("From {first} to {last} the number rose from {start} to {end}").format(**words)
            elif change < 0:
                text = _("From {first} to {last} the number fell from {start} to {end}").format(**words)
            else:
                text = _("From {first} to {last} the number stayed at {start}").format(**words)
            if change:
                text += f" ({'+' if change > 0 else '−'}{fmt_int(abs(change))}, {fmt_pct(change / int(first['value']))})"
            sentences.append(text + ".")
        weak = [str(y) for y in points.loc[points["grade"] == "D", "year"]]
        if weak:
            sentences.append(_("Grade D (a popular source, to be replaced): {years}.").format(years=", ".join(weak)))
        missing = sorted(set(range(start, end + 1)) - set(points["year"]))
        if missing:
            sentences.append(_("No figure under this definition for {years}.").format(years=_years_text(missing)))
    with_figures = in_range[in_range["status"] != data.GAP_STATUS]
    charted = with_figures["chart"].astype(bool)
    others = with_figures[charted & (with_figures["definition"] != definition)]
    if not others.empty:
        sentences.append(_("Other definitions give figures for {years}: compare them separately, never as one line.")
                         .format(years=_years_text(others["year"].astype(int).unique())))
    for row in with_figures[~charted].itertuples():
        reason = _(UNCHARTED_REASONS.get(row.definition, SUSPECT_REASON))
        definition = _(DEFINITION_WORDS.get(row.definition, row.definition.replace("_", " ")))
        sentences.append(_("{year}: {figure} ({definition}, grade {grade}) is {reason}.").format(
            year=row.year, figure=_qualified(row.qualifier, row.value), definition=definition, grade=row.grade,
            reason=reason))
    gaps = [int(y) for y in data.gaps(in_range)["year"]]
    if gaps:
        sentences.append(_("For {years} no source gives any figure: a gap in the sources, not a fall to zero.")
                         .format(years=_years_text(gaps)))
    return " ".join(sentences)


def _film_trace(definition: str, points: pd.DataFrame, visible=True) -> go.Scatter:
    """One definition as markers, joined only between consecutive years (a missing year breaks the line)."""
    years = list(range(int(points["year"].min()), int(points["year"].max()) + 1)) if len(points) else []
    by_year = points.set_index("year")
    x, y, symbols, hover = [], [], [], []
    for year in years:
        x.append(_mid_year(year))
        if year in by_year.index:
            row = by_year.loc[year]
            if row["status"] == "alternative":  # drawn a little to the right of the figure it conflicts with
                x[-1] += pd.Timedelta(days=75)
            y.append(int(row["value"]))
            symbols.append(evidence_symbol(SYMBOLS[definition], row["grade"], row["status"], row["qualifier"]))
            hover.append(_("{source} · grade {grade}").format(source=row["source"][:70], grade=row["grade_detail"]))
        else:
            y.append(None)
            symbols.append(SYMBOLS[definition])
            hover.append("")
    weak = [str(y) for y in points.loc[points["grade"] == "D", "year"]]
    name = _(DEFINITIONS[definition])
    if weak:
        name = _("{definition} (grade D, open: {years})").format(definition=name, years=", ".join(weak))
    return go.Scatter(x=x, y=y, mode="lines+markers", name=name, connectgaps=False, visible=visible,
                      line=dict(color=COLOURS[definition], width=2),
                      marker=dict(size=11, symbol=symbols, color=COLOURS[definition], line=dict(width=2)),
                      customdata=hover, hovertemplate="%{x|%Y}: %{y}<br>%{customdata}<extra></extra>")


def _shade_gaps(fig: go.Figure, years: list[int]) -> None:
    for first, last in _runs(years):
        fig.add_vrect(x0=_year(first), x1=_year(last + 1), fillcolor=PALETTE["grey"], opacity=0.15, line_width=0)


def _film_note(definition: str, points: pd.DataFrame) -> str:
    listed = ", ".join(f"{r.year}: {fmt_int(r.value)}" + (" (D)" if r.grade == "D" else "") for r in points.itertuples())
    return f"{_(DEFINITIONS[definition])}: {listed}"


def _source_names(rows: pd.DataFrame) -> str:
    """The sources of some rows, each once, by its first words: 'V. Fomin; M. I. Kosinova; Yandex Q answer'."""
    parts = [part for source in rows["source"] for part in source.split("; ")]
    return "; ".join(dict.fromkeys(re.split(r" \(|, |: ", part)[0] for part in parts))


def films_figure(definitions=tuple(DEFINITIONS), years=None) -> go.Figure:
    """Feature films per year under each definition, never joined into one line; one button per definition.

    ``definitions``: which of "completed", "pictures", "produced", "new_releases" to draw;
    ``years``: (first, last) year shown (default: all the years the film table covers).
    """
    unknown = [d for d in definitions if d not in DEFINITIONS] if definitions else [_("(none)")]
    if unknown:
        raise ValueError(_("Unknown definition '{definition}'. Choose among: {choices}.").format(
            definition=unknown[0], choices=", ".join(DEFINITIONS)))
    first, last = years or covered_years()
    impossible = check_span(first, last)
    if impossible:
        raise ValueError(impossible)
    fig = go.Figure()
    fig.add_trace(grouped("key", go.Scatter(
        x=[None], y=[None], mode="markers", name=_("open symbol = grade D (popular source)"), hoverinfo="skip",
        marker=dict(size=11, symbol="circle-open", color=PALETTE["grey"], line=dict(width=2)))))
    points = {}
    for definition in definitions:
        points[definition] = film_points(definition)[lambda f: f["year"].between(first, last)]
        fig.add_trace(grouped(definition, _film_trace(definition, points[definition])))
    _shade_gaps(fig, [y for y in uncharted_years() if first <= y <= last])
    films = film_table()
    films = films[films["year"].between(first, last)]
    bounds = films[films["definition"] == "threshold"]
    for bound in bounds.itertuples():
        fig.add_annotation(x=_mid_year(bound.year), y=int(bound.value), ax=70, ay=20, showarrow=True,
                           arrowhead=2, text=_("{year}: \"over {value}\"<br>(a threshold, not a count)").format(
                               year=bound.year, value=fmt_int(bound.value)),
                           font=dict(size=11))
    suspect = data.stated(films)[lambda f: ~f["chart"].astype(bool) & ~f["definition"].isin(list(UNCHARTED_REASONS))]
    for row in suspect.itertuples():
        fig.add_annotation(x=_mid_year(row.year), y=8, showarrow=False, font=dict(size=10),
                           text=_("{year}: a suspect<br>figure, not<br>charted").format(year=row.year))
    fig.update_yaxes(range=[0, 140], title=_("feature films in the year"))
    heading = _("Soviet feature films per year: {definitions}, never one line"
                "<br><span style='font-size:13px'>{note}</span>")
    shown = _(DEFINITION_COUNTS[len(definitions) - 1])
    everything = heading.format(definitions=shown,
                                note=_("Grey bands: no count in the sources. Choose a definition with the buttons."))
    views(fig, [View(_("All"), ["key", *definitions], {"title.text": everything})]
          + [View(_(BUTTON_LABELS[d]), ["key", d],
                  {"title.text": heading.format(definitions=shown, note=_film_note(d, points[d]))})
             for d in definitions])
    fig.update_layout(hovermode="closest",
                      xaxis=dict(type="date", range=[f"{first - 1}-07-01", f"{last + 1}-06-30"]))
    add_key_dates(fig, start=max(pd.Timestamp("1953-01-01"), _year(first)), end=_year(last + 1) - pd.Timedelta(days=1))
    def figure(r) -> str:
        words = dict(value=fmt_int(r.value), year=r.year)
        return _("{value} in {year} (grade D)").format(**words) if r.grade == "D" else _("{value} in {year}").format(**words)

    alt = _("Scattered points, not a series. {series}. Grey bands mark the years with no count.").format(
        series="; ".join(f"{_(DEFINITIONS[d])}: " + ", ".join(figure(r) for r in p.itertuples())
                         for d, p in points.items() if len(p)))
    noted = pd.concat([suspect.assign(why=N_("a suspect figure")), bounds.assign(why=N_("a threshold"))]).sort_values("year")
    if len(noted):
        alt += " " + _("Not charted: {figures}.").format(figures="; ".join(
            _("{figure} for {year}, {why}").format(figure=_qualified(r.qualifier, r.value), year=r.year, why=_(r.why))
            for r in noted.itertuples()))
    return finish(fig, height=600, title=everything,
                  source=_("film_output.csv: Yandex Q (D); Fomin; Kosinova & Arakelyan 2015 (B); "
                           "EN Wikipedia (C); S. Martin (D); Belodubrovskaya 2017 (B)"), alt=alt)


def explorer_figure(definition: str, start: int, end: int) -> go.Figure:
    """The chosen definition between two years, with the years without any figure shaded."""
    points = film_points(definition)
    shown = points[points["year"].between(start, end)]
    fig = go.Figure(_film_trace(definition, shown) if len(shown) else
                    go.Scatter(x=[], y=[], mode="markers", name=_(DEFINITIONS[definition])))
    _shade_gaps(fig, [y for y in no_figure_years() if start <= y <= end])
    fig.update_layout(xaxis=dict(range=[_year(start), _year(end + 1)]), hovermode="closest")
    fig.update_yaxes(title=_("feature films in the year"), rangemode="tozero")
    title = f"{_(DEFINITIONS[definition])}, {fmt_span(_year(start), _year(end), 'year')}"
    if (shown["grade"] == "D").any():
        title = _("{title} (open symbols: grade D)").format(title=title)
    return finish(fig, title=title, height=420, source="film_output.csv: " + _source_names(points),
                  alt=describe_films(definition, start, end))


def build_explorer():
    """The ipywidgets film-output explorer (needs a running kernel: JupyterLab or Binder)."""
    import ipywidgets as widgets

    first, last = covered_years()
    definition = widgets.Dropdown(options=[(_(label), key) for key, label in DEFINITIONS.items()],
                                  value="pictures", description=_("Definition"), layout={"width": "32em"})
    years = widgets.IntRangeSlider(value=(1951, 1960), min=first, max=last, description=_("Years"),
                                   continuous_update=False, layout={"width": "40em"})
    view = LinkedView(lambda: describe_films(definition.value, *years.value),
                      lambda: explorer_figure(definition.value, *years.value))
    view.follow(definition, years)
    return view.box(definition, years)


# --- Print runs ---------------------------------------------------------------------------------

def one_day_copies() -> int:
    """All copies of One Day printed in the USSR in 1962–1963 according to print_runs.csv."""
    runs = data.stated(data.table("print_runs"))
    return int(runs.loc[runs["id"].str.startswith("oneday-"), "value"].sum())


def _bar_label(row) -> str:
    return _("{value} · grade {grade}").format(value=fmt_int(row["value"]), grade=row["grade"])


def _edition_label(row) -> str:
    """Two lines: the work, then the edition and its date ('One Day<br>Roman-gazeta no. 1, Jan 1963')."""
    return row["label"].replace(": ", "<br>", 1) + ", " + fmt_span(row["date"], precision=row["date_precision"])


def print_runs_figure() -> go.Figure:
    """One Day's Soviet print runs against Doctor Zhivago's first printing; journal circulations on a button."""
    runs = data.stated(data.table("print_runs")).set_index("id", drop=False)
    zhivago_row = runs.loc["zhivago-feltrinelli-1957"]
    one_day_rows = runs[runs["id"].str.startswith("oneday-") & (runs["label"] != "")].sort_values("value", kind="stable")
    extra = runs.loc["oneday-novymir-1962-extra"]
    labels = [_edition_label(zhivago_row)] + [_edition_label(r) for _row, r in one_day_rows.iterrows()]
    one_day_text = [_("{value} + {extra} · grades {grade}, {extra_grade}").format(
                        value=fmt_int(r["value"]), extra=fmt_int(extra["value"]), grade=r["grade"],
                        extra_grade=extra["grade"])
                    if r["id"] == "oneday-novymir-1962" else _bar_label(r) for _row, r in one_day_rows.iterrows()]
    fig = go.Figure()
    fig.add_trace(grouped("books", go.Bar(
        y=labels[:1], x=[int(zhivago_row["value"])], orientation="h", name=_("Doctor Zhivago: first printing, Milan"),
        marker=dict(color=PALETTE["vermillion"]), text=[_bar_label(zhivago_row)], textposition="outside",
        cliponaxis=False, hovertemplate="%{y}: %{x:,}<extra></extra>")))
    fig.add_trace(grouped("books", go.Bar(  # the Novy Mir label goes on the extra printing, stacked on this bar
        y=labels[1:], x=list(one_day_rows["value"].astype(int)), orientation="h",
        name=_("One Day: print run"), marker=dict(color=PALETTE["blue"]),
        text=["" if key == "oneday-novymir-1962" else t for key, t in zip(one_day_rows["id"], one_day_text)],
        textposition="outside", cliponaxis=False, hovertemplate="%{y}: %{x:,}<extra></extra>")))
    novy_mir = list(one_day_rows["id"]).index("oneday-novymir-1962")
    fig.add_trace(grouped("books", go.Bar(
        y=[labels[1 + novy_mir]], x=[int(extra["value"])], orientation="h",
        name=_("One Day: extra printing allowed by the CC"), marker=dict(color=PALETTE["sky"]),
        text=[one_day_text[novy_mir]], textposition="outside", cliponaxis=False,
        hovertemplate=_("extra printing: %{x:,}<extra></extra>"))))
    journals = runs[(runs["kind"] == "journal_circulation") | (runs["id"] == "oneday-novymir-1962")]
    titles = list(dict.fromkeys(journals.loc[journals["kind"] == "journal_circulation", "title"]))
    journals = journals.assign(journal=[r["title"] if r["kind"] == "journal_circulation"
                                        else next(t for t in titles if r["edition"].startswith(t))
                                        for _row, r in journals.iterrows()]).sort_values(["journal", "date"])
    issue = [re.search(r"no\. \d+", r["edition"]) for _row, r in journals.iterrows()]
    journal_labels = [f"{r['journal']}<br>{fmt_span(r['date'], precision='year')}"
                      + (f" ({number.group()})" if r["kind"] != "journal_circulation" and number else "")
                      for (_, r), number in zip(journals.iterrows(), issue)]
    colours = dict(zip(titles, [PALETTE["blue"], PALETTE["green"]]))
    fig.add_trace(grouped("journals", go.Bar(
        y=journal_labels, x=list(journals["value"].astype(int)), orientation="h", name=_("Journal circulation"),
        marker=dict(color=[colours[t] for t in journals["journal"]],
                    pattern=dict(shape=[evidence_hatch(g) for g in journals["grade"]])),
        text=[_bar_label(r) for _row, r in journals.iterrows()],
        textposition="outside", cliponaxis=False, hovertemplate="%{y}: %{x:,}<extra></extra>")))
    total = one_day_copies()
    zhivago = int(zhivago_row["value"])
    one_day_years = fmt_span(one_day_rows["date"].min(), one_day_rows["date"].max(), "year")
    books_title = _("One Day: {total} copies printed in the USSR in {years};<br>"
                    "Doctor Zhivago's first printing: {zhivago} (in Italian, in Milan)").format(
                        total=fmt_int(total), years=one_day_years, zhivago=fmt_int(zhivago))
    missing = data.gaps(data.table("print_runs"))
    journals_title = _("Journal circulations: scattered dates only<br><span style='font-size:13px'>"
                       "Annual circulations not found: {journals} (cross-hatched: grade D)</span>").format(
                           journals=", ".join(f"{r.title} {re.search(r'[0-9]{4}–[0-9]{4}', r.edition).group()}"
                                              for r in missing.itertuples()))
    views(fig, [View(_("One Day and Doctor Zhivago"), ["books"],
                     {"title.text": books_title, "xaxis.type": "linear", "xaxis.range": [0, 950000],
                      "xaxis.dtick": None, "yaxis.categoryarray": labels, "showlegend": True}),
                View(f"{join_and(titles)}, {fmt_span(journals['date'].min(), journals['date'].max(), 'year')}",
                     ["journals"],
                     {"title.text": journals_title, "xaxis.type": "log", "xaxis.range": [4, 7.3],
                      "xaxis.dtick": 1, "yaxis.categoryarray": journal_labels, "showlegend": False})])
    fig.update_layout(barmode="stack", hovermode="closest", margin=dict(l=190),
                      yaxis=dict(categoryorder="array", showgrid=False))
    fig.update_xaxes(title=_("copies printed"), tickformat=",")
    parts = [(_("{value} plus {extra}").format(value=fmt_int(r["value"]), extra=fmt_int(extra["value"]))
              if r["id"] == "oneday-novymir-1962" else fmt_int(r["value"]))
             + f" ({r['label'].split(': ', 1)[1]})" for _row, r in one_day_rows.iterrows()]
    return finish(fig, height=540, title=books_title,
                  source=_("print_runs.csv: Fleishman (B); RU Wikipedia via copy (C); Lakshin via Chuprinin 2020 and "
                           "Radio Svoboda (B); Kurgan regional library record (B); encyclopedias (C); lenta.ru (D)"),
                  alt=_("Bar chart. One Day was printed in {total} copies in the USSR in {years}: {editions}; "
                        "Doctor Zhivago's first printing in Milan was {zhivago}.").format(
                            total=fmt_int(total), years=one_day_years, editions=", ".join(parts),
                            zhivago=fmt_int(zhivago)))


# --- The cultural timeline ------------------------------------------------------------------------

def culture_events() -> pd.DataFrame:
    """The CUL rows of the course timeline, oldest first."""
    events = data.table("events")
    return events[events["category"] == "CUL"].sort_values("start").reset_index(drop=True)


def timeline_figure() -> go.Figure:
    """The cultural events of the course timeline, one row each, with the key dates of the period."""
    events = culture_events()
    fig = go.Figure()
    for row in events.itertuples():
        if pd.notna(row.end):
            end = row.end + pd.offsets.MonthEnd(0) if row.precision == "month" else row.end
            fig.add_trace(go.Scatter(x=[row.start, end], y=[row.title, row.title], mode="lines",
                                     line=dict(color=PALETTE["blue"], width=6), hoverinfo="skip", showlegend=False))
    fig.add_trace(go.Scatter(
        x=events["start"], y=events["title"], mode="markers", name=_("Cultural event (course timeline)"),
        marker=dict(size=12, color=PALETTE["blue"], symbol="circle"), showlegend=False,
        customdata=[fmt_span(r.start, r.end, r.precision) for r in events.itertuples()],
        hovertemplate="<b>%{y}</b><br>%{customdata}<extra></extra>"))
    titles = list(events["title"])
    # Top to bottom in date order, with a free row at the top for the key-date labels.
    fig.update_yaxes(categoryorder="array", categoryarray=titles, range=[len(titles) - 0.5, -1.5],
                     showgrid=False, title=None)
    fig.update_xaxes(range=["1953-01-01", "1965-01-01"])
    fig.update_layout(hovermode="closest", margin=dict(l=300))
    add_key_dates(fig, start=pd.Timestamp("1953-01-01"), end=pd.Timestamp("1964-12-31"))
    years = fmt_span(events["start"].min(), events["end"].fillna(events["start"]).max(), "year")
    return finish(fig, height=520, title=_("The cultural thaw in the course timeline, {years}").format(years=years),
                  source=_("events.csv (category CUL), with the sources named in each row"),
                  alt=_("Timeline. {events}.").format(events="; ".join(
                      f"{r.title}: {fmt_span(r.start, r.end, r.precision)}" for r in events.itertuples())))


#: The chapter's figures, in the order the notebook shows them (see tests/test_figures.py).
FIGURES = {"timeline": timeline_figure, "print-runs": print_runs_figure, "films": films_figure}
EXPLORER = build_explorer
