"""Figures and the film-output explorer for chapter 6, "The cultural thaw".

Everything is built from the tables in ``data/`` (``film_output``, ``print_runs``
and the CUL rows of ``events``), so each number on a chart keeps the source and
evidence grade of its row. Film figures under different definitions are never
joined into one line, and years without a figure are shown as gaps.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from thaw import data
from thaw.charts import PALETTE, add_key_dates, finish, fmt_date, fmt_int, fmt_pct
from thaw.explore import LinkedView

#: The film definitions a student can explore, in the order of the chart's buttons.
DEFINITIONS = {
    "completed": "Feature films completed",
    "pictures": "\"Pictures\" (EN Wikipedia)",
    "produced": "\"Features produced\" (S. Martin)",
    "new_releases": "New Soviet films released",
}
BUTTON_LABELS = {"completed": "Completed", "pictures": "Pictures (Wikipedia)",
                 "produced": "Produced (Martin)", "new_releases": "New releases"}
DEFINITION_SOURCES = {
    "completed": "Yandex Q (D); Fomin and Kosinova & Arakelyan (B) for 1951",
    "pictures": "EN Wikipedia, Cinema of the Soviet Union (C)",
    "produced": "S. Martin, Andrei Tarkovsky (D)",
    "new_releases": "Belodubrovskaya 2017 (B)",
}
COLOURS = {"completed": PALETTE["orange"], "pictures": PALETTE["blue"],
           "produced": PALETTE["purple"], "new_releases": PALETTE["green"]}
SYMBOLS = {"completed": "circle", "pictures": "square", "produced": "diamond",
           "new_releases": "triangle-up"}
FIRST_YEAR, LAST_YEAR = 1945, 1964
UNCHARTED_REASONS = {"threshold": "a lower bound, not a count",
                     "plan": "a plan target, not output"}
QUALIFIER_WORDS = {"exact": "", "more_than": "more than ", "at_least": "at least "}


def _mid_year(year: int) -> pd.Timestamp:
    """Annual counts are drawn at the middle of their year on a date axis."""
    return pd.Timestamp(f"{int(year)}-07-01")


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
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in _runs(years))


# --- The film series ----------------------------------------------------------------------

def film_points(definition: str) -> pd.DataFrame:
    """The charted figures of one definition: year, value, status, grade, grade_detail, source, note.

    Suspect figures, bounds, plan targets and gaps (``chart`` = false) are left out.
    """
    if definition not in DEFINITIONS:
        raise ValueError(f"Unknown definition '{definition}'. Choose one of: {', '.join(DEFINITIONS)}.")
    films = data.table("film_output")
    rows = films[(films["definition"] == definition) & films["chart"].astype(bool)]
    return (rows[["year", "value", "status", "grade", "grade_detail", "source", "note"]]
            .astype({"year": "int64", "value": "int64"}).sort_values("year").reset_index(drop=True))


def no_figure_years() -> list[int]:
    """Years 1945–1964 for which no source gives a figure under any definition."""
    films = data.table("film_output")
    return sorted(int(y) for y in films.loc[films["status"] == "gap", "year"])


def uncharted_years() -> list[int]:
    """Years 1945–1964 with no charted count (gaps, and years with only a bound, a plan or a suspect figure)."""
    films = data.table("film_output")
    charted = set(films.loc[films["chart"].astype(bool), "year"].astype(int))
    return [year for year in range(FIRST_YEAR, LAST_YEAR + 1) if year not in charted]


def describe_films(definition: str, start, end) -> str:
    """What the sources say about film output under one definition between two years.

    Returns plain text for every input, including impossible or unsupported ones.
    """
    try:
        start, end = int(start), int(end)
    except (TypeError, ValueError):
        return "Give the years as whole numbers, for example 1953 and 1955."
    if definition not in DEFINITIONS:
        return f"Unknown definition '{definition}'. Choose one of: {', '.join(DEFINITIONS)}."
    if start > end:
        return (f"The end year ({end}) must not be earlier than the start year ({start}). "
                "Choose a later end or an earlier start.")
    if start < FIRST_YEAR or end > LAST_YEAR:
        return f"The film data cover {FIRST_YEAR}–{LAST_YEAR}; choose years in that range."
    label = DEFINITIONS[definition]
    points = film_points(definition)
    points = points[points["year"].between(start, end)]
    span = str(start) if start == end else f"{start}–{end}"
    films = data.table("film_output")
    in_range = films[films["year"].between(start, end)]
    sentences = []
    if points.empty:
        sentences.append(f"{label}: no figure for {span}.")
    else:
        listed = ", ".join(f"{row.year}: {fmt_int(row.value)} (grade {row.grade})" for row in points.itertuples())
        sentences.append(f"{label}, {span}: {listed}.")
        if len(points) > 1:
            first, last = points.iloc[0], points.iloc[-1]
            change = int(last["value"]) - int(first["value"])
            verb = "rose" if change > 0 else "fell" if change < 0 else "stayed at"
            text = (f"From {first['year']} to {last['year']} the number {verb} "
                    f"from {fmt_int(first['value'])} to {fmt_int(last['value'])}")
            if change:
                text += f" ({'+' if change > 0 else '−'}{fmt_int(abs(change))}, {fmt_pct(change / int(first['value']))})"
            sentences.append(text + ".")
        weak = [str(y) for y in points.loc[points["grade"] == "D", "year"]]
        if weak:
            sentences.append(f"Grade D (a popular source, to be replaced): {', '.join(weak)}.")
        missing = sorted(set(range(start, end + 1)) - set(points["year"]))
        if missing:
            sentences.append(f"No figure under this definition for {_years_text(missing)}.")
    stated = in_range[in_range["status"] != "gap"]
    charted = stated["chart"].astype(bool)
    others = stated[charted & (stated["definition"] != definition)]
    if not others.empty:
        sentences.append(f"Other definitions give figures for {_years_text(others['year'].astype(int).unique())}: "
                         "compare them separately, never as one line.")
    for row in stated[~charted].itertuples():
        reason = UNCHARTED_REASONS.get(row.definition, "a suspect figure, not charted until its source is checked")
        sentences.append(f"{row.year}: {QUALIFIER_WORDS[row.qualifier]}{fmt_int(row.value)} "
                         f"({row.definition.replace('_', ' ')}, grade {row.grade}) is {reason}.")
    gaps = [int(y) for y in in_range.loc[in_range["status"] == "gap", "year"]]
    if gaps:
        sentences.append(f"For {_years_text(gaps)} no source gives any figure: a gap in the sources, not a fall to zero.")
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
            symbols.append(SYMBOLS[definition] + ("-open" if row["grade"] == "D" else ""))
            hover.append(f"{row['source'][:70]} · grade {row['grade_detail']}")
        else:
            y.append(None)
            symbols.append(SYMBOLS[definition])
            hover.append("")
    weak = [str(y) for y in points.loc[points["grade"] == "D", "year"]]
    name = DEFINITIONS[definition] + (f" (grade D, open: {', '.join(weak)})" if weak else "")
    return go.Scatter(x=x, y=y, mode="lines+markers", name=name, connectgaps=False, visible=visible,
                      line=dict(color=COLOURS[definition], width=2),
                      marker=dict(size=11, symbol=symbols, color=COLOURS[definition], line=dict(width=2)),
                      customdata=hover, hovertemplate="%{x|%Y}: %{y}<br>%{customdata}<extra></extra>")


def _shade_gaps(fig: go.Figure, years: list[int]) -> None:
    for first, last in _runs(years):
        fig.add_vrect(x0=f"{first}-01-01", x1=f"{last + 1}-01-01", fillcolor=PALETTE["grey"],
                      opacity=0.15, line_width=0)


def _film_note(definition: str) -> str:
    points = film_points(definition)
    listed = ", ".join(f"{r.year}: {r.value}" + (" (D)" if r.grade == "D" else "") for r in points.itertuples())
    return f"{DEFINITIONS[definition]}: {listed}"


def films_figure() -> go.Figure:
    """Figure 6.3: feature films per year under each definition, with one button per definition."""
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name="open symbol = grade D (popular source)",
                             marker=dict(size=11, symbol="circle-open", color=PALETTE["grey"], line=dict(width=2)),
                             hoverinfo="skip"))
    for definition in DEFINITIONS:
        fig.add_trace(_film_trace(definition, film_points(definition)))
    _shade_gaps(fig, uncharted_years())
    films = data.table("film_output")
    bound = films[films["definition"] == "threshold"].iloc[0]
    fig.add_annotation(x=_mid_year(bound["year"]), y=int(bound["value"]), ax=70, ay=20, showarrow=True,
                       arrowhead=2, text=f"{bound['year']}: \"over {bound['value']}\"<br>(a threshold, not a count)",
                       font=dict(size=11))
    suspect = films[(films["status"] == "read") & ~films["chart"].astype(bool)
                    & ~films["definition"].isin(list(UNCHARTED_REASONS))]
    for row in suspect.itertuples():
        fig.add_annotation(x=_mid_year(row.year), y=8, showarrow=False, font=dict(size=10),
                           text=f"{row.year}: a suspect<br>figure, not<br>charted")
    fig.update_yaxes(range=[0, 140])
    heading = "Soviet feature films per year: four definitions, never one line<br><span style='font-size:13px'>{}</span>"
    everything = "Grey bands: no count in the sources. Choose a definition with the buttons."
    buttons = [dict(label="All", method="update",
                    args=[{"visible": [True] * len(fig.data)}, {"title.text": heading.format(everything)}])]
    for number, definition in enumerate(DEFINITIONS, start=1):
        visible = [index in (0, number) for index in range(len(fig.data))]
        buttons.append(dict(label=BUTTON_LABELS[definition], method="update",
                            args=[{"visible": visible}, {"title.text": heading.format(_film_note(definition))}]))
    fig.update_layout(updatemenus=[dict(type="buttons", direction="right", active=0, buttons=buttons)],
                      hovermode="closest", xaxis=dict(type="date", range=["1944-07-01", "1965-06-30"]))
    fig.update_yaxes(title="feature films in the year")
    add_key_dates(fig, start=pd.Timestamp("1953-01-01"), end=pd.Timestamp("1964-12-31"))
    return finish(fig, height=600, title=heading.format(everything),
                  source="film_output.csv: Yandex Q (D); Fomin; Kosinova & Arakelyan 2015 (B); "
                         "EN Wikipedia (C); S. Martin (D); Belodubrovskaya 2017 (B)",
                  alt="Scattered points, not a series. Films completed: 19 in 1945 (grade D), 9 in 1951, 24 in 1952 "
                      "(grade D). Wikipedia's 'pictures': 20 in 1953, 45 in 1954, 66 in 1955; S. Martin gives 65 "
                      "for 1955 (grade D). No figure for 1956–1964 except 'over 100' by 1960.")


def films_explorer_figure(definition: str, start: int, end: int) -> go.Figure:
    """The chosen definition between two years, with the years without any figure shaded."""
    points = film_points(definition)
    shown = points[points["year"].between(start, end)]
    fig = go.Figure(_film_trace(definition, shown) if len(shown) else
                    go.Scatter(x=[], y=[], mode="markers", name=DEFINITIONS[definition]))
    _shade_gaps(fig, [y for y in no_figure_years() if start <= y <= end])
    fig.update_layout(xaxis=dict(range=[f"{start}-01-01", f"{end + 1}-01-01"]), hovermode="closest")
    fig.update_yaxes(title="feature films in the year", rangemode="tozero")
    title = f"{DEFINITIONS[definition]}, {start}–{end}"
    if (shown["grade"] == "D").any():
        title += " (open symbols: grade D)"
    return finish(fig, title=title, height=420,
                  source=f"film_output.csv: {DEFINITION_SOURCES[definition]}",
                  alt=describe_films(definition, start, end))


def build_explorer():
    """The ipywidgets film-output explorer (needs a running kernel: JupyterLab or Binder)."""
    import ipywidgets as widgets

    definition = widgets.Dropdown(options=[(label, key) for key, label in DEFINITIONS.items()],
                                  value="pictures", description="Definition", layout={"width": "32em"})
    years = widgets.IntRangeSlider(value=(1951, 1960), min=FIRST_YEAR, max=LAST_YEAR, description="Years",
                                   continuous_update=False, layout={"width": "40em"})
    view = LinkedView(lambda: describe_films(definition.value, *years.value),
                      lambda: films_explorer_figure(definition.value, *years.value))
    view.follow(definition, years)
    view.refresh()
    return widgets.VBox([definition, years, view.summary, view.chart])


# --- Print runs ---------------------------------------------------------------------------------

def one_day_copies() -> int:
    """All copies of One Day printed in the USSR in 1962–1963 according to print_runs.csv."""
    runs = data.table("print_runs")
    rows = runs[runs["id"].str.startswith("oneday-") & (runs["status"] == "read")]
    return int(rows["value"].sum())


def _bar_label(row) -> str:
    return f"{fmt_int(row['value'])} · grade {row['grade']}"


def print_runs_figure() -> go.Figure:
    """Figure 6.2: One Day's Soviet print runs against Doctor Zhivago's first printing; journals on a button."""
    runs = data.table("print_runs")
    stated = runs[runs["status"] == "read"].set_index("id")
    books = [("zhivago-feltrinelli-1957", "Doctor Zhivago<br>Feltrinelli, Milan, Nov 1957"),
             ("oneday-novymir-1962", "One Day<br>Novy Mir no. 11, Nov 1962"),
             ("oneday-sovpisatel-1963", "One Day<br>Sovetskii pisatel', 1963"),
             ("oneday-romangazeta-1963", "One Day<br>Roman-gazeta no. 1, Jan 1963")]
    labels = [label for _, label in books]
    zhivago_row, *one_day_rows = [stated.loc[key] for key, _ in books]
    extra = stated.loc["oneday-novymir-1962-extra"]
    one_day_text = [f"{fmt_int(r['value'])} + {fmt_int(extra['value'])} · grades {r['grade']}, {extra['grade']}"
                    if key == "oneday-novymir-1962" else _bar_label(r)
                    for (key, _), r in zip(books[1:], one_day_rows)]
    fig = go.Figure()
    fig.add_trace(go.Bar(  # trace 0: Doctor Zhivago
        y=labels[:1], x=[int(zhivago_row["value"])], orientation="h", name="Doctor Zhivago: first printing, Milan",
        marker=dict(color=PALETTE["vermillion"]), text=[_bar_label(zhivago_row)], textposition="outside",
        cliponaxis=False, hovertemplate="%{y}: %{x:,}<extra></extra>"))
    fig.add_trace(go.Bar(  # trace 1: One Day, regular print runs (the Novy Mir label goes on the extra bar)
        y=labels[1:], x=[int(r["value"]) for r in one_day_rows], orientation="h",
        name="One Day: print run", marker=dict(color=PALETTE["blue"]),
        text=["" if key == "oneday-novymir-1962" else t for (key, _), t in zip(books[1:], one_day_text)],
        textposition="outside", cliponaxis=False, hovertemplate="%{y}: %{x:,}<extra></extra>"))
    fig.add_trace(go.Bar(  # trace 2: the extra printing of Novy Mir no. 11, stacked on the regular run
        y=[labels[1]], x=[int(extra["value"])], orientation="h", name="One Day: extra printing allowed by the CC",
        marker=dict(color=PALETTE["sky"]), text=[one_day_text[0]], textposition="outside", cliponaxis=False,
        hovertemplate="extra printing: %{x:,}<extra></extra>"))
    journals = runs[(runs["kind"] == "journal_circulation") | (runs["id"] == "oneday-novymir-1962")]
    journals = journals[journals["status"] == "read"].assign(
        journal=lambda f: f["title"].where(f["kind"] == "journal_circulation", "Novy Mir")).sort_values(["journal", "date"])
    journal_labels = [f"{r.journal}<br>{r.date.year}" + (" (no. 11)" if r.id.startswith("oneday") else "")
                      for r in journals.itertuples()]
    fig.add_trace(go.Bar(  # trace 3: journal circulations, hatched where grade D
        y=journal_labels, x=list(journals["value"].astype(int)), orientation="h", visible=False,
        name="Journal circulation",
        marker=dict(color=[PALETTE["blue"] if t == "Novy Mir" else PALETTE["green"] for t in journals["journal"]],
                    pattern=dict(shape=["/" if g == "D" else "" for g in journals["grade"]])),
        text=[_bar_label(r) for _, r in journals.iterrows()],
        textposition="outside", cliponaxis=False, hovertemplate="%{y}: %{x:,}<extra></extra>"))
    total = one_day_copies()
    zhivago = int(stated.loc["zhivago-feltrinelli-1957", "value"])
    books_title = (f"One Day: {fmt_int(total)} copies printed in the USSR in 1962–1963;<br>"
                   f"Doctor Zhivago's first printing: {fmt_int(zhivago)} (in Italian, in Milan)")
    journals_title = ("Journal circulations: scattered dates only<br>"
                      "<span style='font-size:13px'>Annual figures for 1953–1970 were not found (hatched = grade D)</span>")
    buttons = [
        dict(label="One Day and Doctor Zhivago", method="update",
             args=[{"visible": [True, True, True, False]},
                   {"title.text": books_title, "xaxis.type": "linear", "xaxis.range": [0, 950000],
                    "xaxis.dtick": None, "yaxis.categoryarray": labels, "showlegend": True}]),
        dict(label="Novy Mir and Yunost, 1925–1990", method="update",
             args=[{"visible": [False, False, False, True]},
                   {"title.text": journals_title, "xaxis.type": "log", "xaxis.range": [4, 7.3],
                    "xaxis.dtick": 1, "yaxis.categoryarray": journal_labels, "showlegend": False}]),
    ]
    fig.update_layout(barmode="stack", hovermode="closest", margin=dict(l=190),
                      updatemenus=[dict(type="buttons", direction="right", active=0, buttons=buttons)],
                      yaxis=dict(categoryorder="array", categoryarray=labels, showgrid=False))
    fig.update_xaxes(title="copies printed", tickformat=",", range=[0, 950000])
    return finish(fig, height=540, title=books_title,
                  source="print_runs.csv: Fleishman (B); RU Wikipedia via copy (C); Lakshin via Chuprinin 2020 and "
                         "Radio Svoboda (B); Kurgan regional library record (B); encyclopedias (C); lenta.ru (D)",
                  alt=f"Bar chart. One Day was printed in {fmt_int(total)} copies in the USSR in 1962–1963: "
                      "96,900 plus 25,000 in Novy Mir, 700,000 in Roman-gazeta and 100,000 as a book; "
                      f"Doctor Zhivago's first printing in Milan was {fmt_int(zhivago)}.")


# --- The cultural timeline ------------------------------------------------------------------------

def _when(row) -> str:
    if row.precision == "month":
        text = f"{row.start:%b %Y}"
        if pd.notna(row.end):
            text += f" – {row.end:%b %Y}"
        return text
    text = fmt_date(row.start)
    if pd.notna(row.end):
        text += f" – {fmt_date(row.end)}"
    return text


def culture_events() -> pd.DataFrame:
    """The CUL rows of the course timeline, oldest first."""
    events = data.table("events")
    return events[events["category"] == "CUL"].sort_values("start").reset_index(drop=True)


def timeline_figure() -> go.Figure:
    """Figure 6.1: the cultural events of the course timeline, 1954–1962."""
    events = culture_events()
    fig = go.Figure()
    for row in events.itertuples():
        if pd.notna(row.end):
            end = row.end + pd.offsets.MonthEnd(0) if row.precision == "month" else row.end
            fig.add_trace(go.Scatter(x=[row.start, end], y=[row.title, row.title], mode="lines",
                                     line=dict(color=PALETTE["blue"], width=6), hoverinfo="skip", showlegend=False))
    fig.add_trace(go.Scatter(
        x=events["start"], y=events["title"], mode="markers", name="Cultural event (course timeline)",
        marker=dict(size=12, color=PALETTE["blue"], symbol="circle"), showlegend=False,
        customdata=[_when(r) for r in events.itertuples()],
        hovertemplate="<b>%{y}</b><br>%{customdata}<extra></extra>"))
    titles = list(events["title"])
    # Top to bottom in date order, with a free row at the top for the key-date labels.
    fig.update_yaxes(categoryorder="array", categoryarray=titles, range=[len(titles) - 0.5, -1.5],
                     showgrid=False, title=None)
    fig.update_xaxes(range=["1953-01-01", "1965-01-01"])
    fig.update_layout(hovermode="closest", margin=dict(l=300))
    add_key_dates(fig, start=pd.Timestamp("1953-01-01"), end=pd.Timestamp("1964-12-31"))
    return finish(fig, height=520, title="The cultural thaw in the course timeline, 1954–1962",
                  source="events.csv (category CUL), with the sources named in each row",
                  alt="Timeline. " + "; ".join(f"{r.title}: {_when(r)}" for r in events.itertuples()) + ".")
