"""Figures and the period explorer for chapter 9, "The end of the Thaw and its legacy".

Two series of period totals feed the chapter: rehabilitations (``rehabilitations.csv``,
the KGB archive count by period, 1954–2004) and convictions for anti-Soviet agitation
(``agitation_convictions.csv``, Kozlov's Table 1, 1956–1987). Both come as totals over
periods of unequal length, so every comparison also shows the derived average per
year: the period total divided by the number of calendar years in the period.
"""

from __future__ import annotations

import itertools
import re

import pandas as pd
import plotly.graph_objects as go

from thaw import data
from thaw.charts import PALETTE, add_key_dates, finish, fmt_int, range_with_headroom
from thaw.explore import LinkedView

REHABILITATIONS = "rehabilitations"
CONVICTIONS = "convictions"
SERIES = {
    REHABILITATIONS: "persons rehabilitated (KGB archive count)",
    CONVICTIONS: "persons convicted of anti-Soviet agitation (Art. 70 / 58-10 and Art. 190-1)",
}
UNITS = {REHABILITATIONS: "rehabilitated", CONVICTIONS: "convicted"}
#: The rows of rehabilitations.csv that make up the period series (figures and gaps).
REHABILITATION_ROWS = ["kgb-1954-1961-rehabilitated", "kgb-1962-1983-rehabilitated", "gap-1984-1987-rehabilitated",
                       "kgb-1988-1989-rehabilitated", "gap-1990-rehabilitated", "kgb-1991-2004-rehabilitated"]
#: Events from data/events.csv marked on the charts, with their short labels.
EVENT_MARKERS = {"e71": "Khrushchev removed", "e73": "Sinyavsky–Daniel trial",
                 "epi2": "1989 declaration", "epi3": "1991 law"}
DERIVED_NOTE = "derived: period total ÷ calendar years in the period"
YEAR_MS = 365.25 * 86_400_000


# --- The two series, as periods -------------------------------------------------------------

def _label(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}–{last}"


def rehabilitation_periods() -> pd.DataFrame:
    """Persons rehabilitated by period (rows of rehabilitations.csv), with refusals and reviews."""
    table = data.table("rehabilitations").set_index("id")
    missing = [row for row in REHABILITATION_ROWS if row not in table.index]
    if missing:
        raise data.DataError(f"rehabilitations.csv has no row(s) {', '.join(missing)}, which chapter 9 plots.")
    rows = table.loc[REHABILITATION_ROWS].reset_index()
    frame = pd.DataFrame({
        "first_year": rows["period_start"].dt.year.astype(int), "last_year": rows["period_end"].dt.year.astype(int),
        "value": rows["value"], "status": rows["status"], "approximate": rows["qualifier"] != "exact",
        "grade": rows["grade"], "grade_detail": rows["grade_detail"], "source": rows["source"]})
    context = {"refused": "refused", "cases_reviewed": "reviewed", "applications_reviewed": "reviewed"}
    for measure, column in context.items():
        matches = table[table["measure"] == measure]
        for row in matches.itertuples():
            where = (frame["first_year"] == row.period_start.year) & (frame["last_year"] == row.period_end.year)
            frame.loc[where, column] = row.value
            if measure == "applications_reviewed":
                frame.loc[where, "reviewed_what"] = "applications reviewed"
            elif measure == "cases_reviewed":
                frame.loc[where, "reviewed_what"] = "cases reviewed"
    return _finish_periods(frame)


def conviction_periods() -> pd.DataFrame:
    """Persons convicted of anti-Soviet agitation by period (Kozlov, Table 1), both articles.

    Where both articles apply (from 1966), the period's value is their sum
    (status ``derived``). Single years are one-year periods: 1957 and 1958 have
    figures and can be compared; the others are gaps.
    """
    table = data.table("agitation_convictions")
    table = table[table["scope"].isin(["period", "year"])].copy()
    table["first_year"] = table["period_start"].dt.year
    table["last_year"] = table["period_end"].dt.year
    rows = []
    for (first, last, kind), group in table.groupby(["first_year", "last_year", "scope"], sort=True):
        by_article = group.set_index("article")
        gap = (by_article["status"] == "gap").all()
        art70 = by_article["value"].get("art70", pd.NA)
        art190 = by_article["value"].get("art190_1", pd.NA)
        value = pd.NA if gap else int(0 if pd.isna(art70) else art70) + int(0 if pd.isna(art190) else art190)
        rows.append({"first_year": int(first), "last_year": int(last), "kind": kind,
                     "art70": art70, "art190_1": art190, "value": value,
                     "status": "gap" if gap else ("derived" if len(group) > 1 else "read"),
                     "approximate": False, "grade": pd.NA if gap else group["grade"].dropna().max(),
                     "grade_detail": "; ".join(sorted(set(group["grade_detail"].dropna()))),
                     "source": group["source"].iloc[0]})
    return _finish_periods(pd.DataFrame(rows))


def _remainder() -> int:
    """Art. 58-10 convictions in 1956, 1959 and 1960 together: the period minus 1957 and 1958."""
    table = data.table("agitation_convictions")
    rows = table[table["scope"] == "remainder"]
    if not rows.empty:
        return int(rows["value"].iloc[0])
    spans = conviction_periods()
    first = spans[(spans["kind"] == "period") & (spans["first_year"] == 1956)]
    return int(first["value"].iloc[0]) - int(spans.loc[spans["kind"] == "year", "value"].dropna().sum())


def _finish_periods(frame: pd.DataFrame) -> pd.DataFrame:
    frame["label"] = [_label(a, b) for a, b in zip(frame["first_year"], frame["last_year"])]
    frame["years"] = frame["last_year"] - frame["first_year"] + 1
    for column in ("value", "art70", "art190_1", "refused", "reviewed"):
        if column in frame:
            frame[column] = pd.array([pd.NA if pd.isna(v) else int(v) for v in frame[column]], dtype="Int64")
    frame["per_year"] = (frame["value"] / frame["years"]).astype("Float64").round(1)
    frame["start"] = pd.to_datetime(frame["first_year"].astype(str) + "-01-01")
    frame["end"] = pd.to_datetime((frame["last_year"] + 1).astype(str) + "-01-01")
    return frame.sort_values(["first_year", "last_year"]).reset_index(drop=True)


def periods(series: str) -> pd.DataFrame:
    """The periods of ``series`` (``"rehabilitations"`` or ``"convictions"``)."""
    if series == REHABILITATIONS:
        return rehabilitation_periods()
    if series == CONVICTIONS:
        return conviction_periods()
    choices = "; ".join(f"'{key}' = {label}" for key, label in SERIES.items())
    raise ValueError(f"Unknown series '{series}'. Choose one of: {choices}.")


# --- Comparing two periods ------------------------------------------------------------------

def _parse_period(text) -> str:
    match = re.fullmatch(r"\s*(\d{4})\s*(?:[-–—]\s*(\d{4}))?\s*", str(text)) if text is not None else None
    if not match:
        raise ValueError("Write a period as YYYY–YYYY (for example 1954–1961), or one year.")
    first, last = int(match.group(1)), int(match.group(2) or match.group(1))
    return _label(first, last)


def _amount(row, value) -> str:
    return ("about " if row.approximate else "") + fmt_int(value)


def _rate(value: float) -> str:
    return f"{value:,.0f}" if value >= 100 else f"{value:,.1f}"


def compare_periods(series: str, first, second) -> str:
    """Two periods of a series side by side: totals, years, and the derived rates per year.

    Impossible or unsupported choices (an unknown series or period, a gap in the
    sources, the same period twice) return a sentence that says what is wrong.
    """
    try:
        table = periods(series)
        labels = [_parse_period(first), _parse_period(second)]
    except ValueError as problem:
        return str(problem)
    known = ", ".join(table["label"])
    if labels[0] == labels[1]:
        return f"Choose two different periods (you chose {labels[0]} twice)."
    rows = []
    for label in labels:
        match = table[table["label"] == label]
        if match.empty:
            return f"The sources give no period {label} for this series. Periods: {known}."
        row = match.iloc[0]
        if row["status"] == "gap":
            with_figures = ", ".join(table.loc[table["status"] != "gap", "label"])
            return (f"The sources give no figure for {label}: a gap in what the course could read, "
                    f"not a zero. Periods with figures: {with_figures}.")
        rows.append(row)
    unit = UNITS[series]
    parts = [f"{r['label']}: {_amount(r, r['value'])} {unit} in {r['years']} "
             f"year{'s' if r['years'] != 1 else ''}, {'about ' if r['approximate'] else ''}"
             f"{_rate(r['per_year'])} a year." for r in rows]
    high, low = sorted(rows, key=lambda r: r["per_year"], reverse=True)
    ratio = high["per_year"] / low["per_year"]
    verdict = (f"The yearly rate was {ratio:.1f} times higher in {high['label']} than in {low['label']}"
               if ratio >= 1.05 else f"The yearly rates of {high['label']} and {low['label']} are about equal")
    return " ".join(parts) + f" {verdict} (rates per year are {DERIVED_NOTE})."


# --- Figures ---------------------------------------------------------------------------------

def _event_markers(fig: go.Figure, ids: list[str]) -> None:
    """Dashed lines for course-timeline events outside the key dates, labels alternating sides."""
    events = data.table("events").set_index("id")
    for number, event_id in enumerate(ids):
        day = events.loc[event_id, "start"].date().isoformat()
        fig.add_vline(x=day, line=dict(color=PALETTE["grey"], width=1, dash="dash"))
        fig.add_annotation(x=day, yref="paper", y=1, text=EVENT_MARKERS[event_id], textangle=-90,
                           showarrow=False, xanchor="left" if number % 2 == 0 else "right",
                           yanchor="top", font=dict(size=11))


def _widths(frame: pd.DataFrame) -> list[float]:
    return [(b - a).total_seconds() * 1000 for a, b in zip(frame["start"], frame["end"])]


def _middles(frame: pd.DataFrame) -> list[str]:
    return [(a + (b - a) / 2).date().isoformat() for a, b in zip(frame["start"], frame["end"])]


def _menu(views: dict[str, dict]) -> list[dict]:
    """Buttons that swap each trace's values (and visibility) and the titles, one button per view."""
    return [dict(label=label, method="update",
                 args=[view["traces"], {"title.text": view["title"], "yaxis.title.text": view["axis"],
                                        "yaxis.range": range_with_headroom(view["top"])}])
            for label, view in views.items()]


def convictions_figure() -> go.Figure:
    """Figure 9.1: convictions for anti-Soviet agitation by period, totals or average per year."""
    table = conviction_periods()
    spans = table[(table["kind"] == "period") & (table["status"] != "gap")].reset_index(drop=True)
    singles = table[(table["kind"] == "year") & (table["status"] != "gap")]
    peak = int(singles["value"].sum())
    x, width, years = _middles(spans), _widths(spans), list(spans["years"])
    parts = {  # the stacked parts of each bar (1956–1960 split into 1957–1958 and the three other years)
        "Art. 70 / 58-10": [_remainder()] + [int(v) for v in spans["art70"].iloc[1:]],
        "Art. 58-10 in 1957 and 1958": [peak] + [0] * (len(spans) - 1),
        "Art. 190-1 (from 1966)": [0 if pd.isna(v) else int(v) for v in spans["art190_1"]],
    }
    colours = {"Art. 70 / 58-10": (PALETTE["blue"], ""), "Art. 58-10 in 1957 and 1958": (PALETTE["vermillion"], ""),
               "Art. 190-1 (from 1966)": (PALETTE["orange"], "/")}
    totals = [sum(values) for values in zip(*parts.values())]

    def per_year(values):
        return [round(v / n, 1) for v, n in zip(values, years)]

    def tips(name, values, yearly):
        unit = "a year (derived)" if yearly else "persons"
        return [f"{label}: {v:,} {unit}<br>{name}" for label, v in zip(spans["label"], values)]

    fig = go.Figure()
    for name, values in parts.items():
        colour, pattern = colours[name]
        fig.add_trace(go.Bar(x=x, y=values, width=width, name=name, customdata=tips(name, values, False),
                             hovertemplate="%{customdata}<extra></extra>",
                             marker=dict(color=colour, pattern_shape=pattern, line=dict(width=1, color="white"))))
    fig.add_trace(go.Scatter(x=x, y=totals, mode="text", text=[fmt_int(t) for t in totals], showlegend=False,
                             textposition="top center", hoverinfo="skip", name="total"))
    fig.add_trace(go.Scatter(
        x=[f"{y}-07-01" for y in singles["first_year"]], y=[int(v) for v in singles["value"]], visible=False,
        mode="markers+text", name="The two single years with a figure (1957, 1958)", textposition="top center",
        text=[f"{int(y)}: {fmt_int(v)}" for y, v in zip(singles["first_year"], singles["value"])],
        marker=dict(symbol="diamond", size=12, color=PALETTE["vermillion"]), hovertemplate="%{text}<extra></extra>"))
    share = peak / sum(totals)
    rates = [round(t / n, 1) for t, n in zip(totals, years)]
    views = {
        "Total per period": dict(
            title="Convictions for anti-Soviet agitation, 1956–1987: total per period<br>"
                  f"<span style='font-size:13px'>1957 and 1958 alone: {fmt_int(peak)}, {share:.1%} of all 32 years; "
                  "bar width = length of the period</span>",
            axis="persons convicted in the period", top=max(totals),
            traces={"y": list(parts.values()) + [totals, list(singles["value"].astype(int))],
                    "customdata": [tips(n, v, False) for n, v in parts.items()] + [None, None],
                    "text": [None] * 3 + [[fmt_int(t) for t in totals], None],
                    "visible": [True] * 4 + [False]}),
        "Average per year": dict(
            title="Convictions for anti-Soviet agitation, 1956–1987: average per year<br>"
                  f"<span style='font-size:13px'>{DERIVED_NOTE}; diamonds: the two single years "
                  "with a figure</span>",
            axis="persons convicted a year (average, derived)", top=1.45 * float(singles["value"].max()),
            traces={"y": [per_year(v) for v in parts.values()] + [rates, list(singles["value"].astype(int))],
                    "customdata": [tips(n, per_year(v), True) for n, v in parts.items()] + [None, None],
                    "text": [None] * 3 + [[_rate(r) for r in rates], None],
                    "visible": [True] * 5}),
    }
    # Keep the diamonds' own labels: only the totals trace's text changes between views.
    for view in views.values():
        view["traces"]["text"][4] = list(fig.data[4].text)
    fig.update_layout(barmode="stack", hovermode="closest", legend_traceorder="normal",
                      updatemenus=[dict(type="buttons", direction="right", active=0, buttons=_menu(views))])
    fig.update_xaxes(type="date", range=["1952-07-01", "1988-07-01"])
    fig.update_yaxes(title=views["Total per period"]["axis"], range=range_with_headroom(max(totals)))
    add_key_dates(fig, start=pd.Timestamp("1956-01-01"))
    _event_markers(fig, ["e71", "e73"])
    return finish(fig, height=580, title=views["Total per period"]["title"],
                  source="agitation_convictions.csv: Kozlov and Mironenko (eds.), Kramola (2005), Table 1, "
                         "from KGB data (grade A via B); 1956–1960 without 1957–1958: derived by subtraction",
                  alt="Bar chart of convictions for anti-Soviet agitation by period: "
                      + "; ".join(f"{label}: {fmt_int(t)}" for label, t in zip(spans["label"], totals))
                      + f". 1957 and 1958 alone account for {fmt_int(peak)} ({share:.1%}) of all convictions "
                        "in 1956–1987.")


def rehabilitations_figure() -> go.Figure:
    """Figure 9.2: persons rehabilitated by period, totals or average per year, with the gaps."""
    table = rehabilitation_periods()
    known = table[table["status"] != "gap"].reset_index(drop=True)
    gaps = table[table["status"] == "gap"]
    totals = [int(v) for v in known["value"]]
    rates = [float(v) for v in known["per_year"]]

    def text(values, yearly):
        return [("about " if a else "") + (_rate(v) if yearly else fmt_int(v))
                for v, a in zip(values, known["approximate"])]

    def hover(yearly):
        tips = []
        for row in known.itertuples():
            tip = f"{row.label}: {_amount(row, row.value)} rehabilitated"
            if yearly:
                tip += f"<br>{'about ' if row.approximate else ''}{_rate(row.per_year)} a year ({row.years} years)"
            if pd.notna(getattr(row, "refused", pd.NA)):
                tip += f"<br>refused: {fmt_int(row.refused)}"
            if pd.notna(getattr(row, "reviewed", pd.NA)):
                tip += f"<br>{row.reviewed_what}: {_amount(row, row.reviewed)}"
            tips.append(tip + f"<br>grade {row.grade_detail}")
        return tips

    fig = go.Figure(go.Bar(
        x=_middles(known), y=totals, width=_widths(known), name="persons rehabilitated", text=text(totals, False),
        textposition="outside", cliponaxis=False, constraintext="none", textfont=dict(size=13),
        customdata=hover(False), hovertemplate="%{customdata}<extra></extra>",
        marker=dict(color=PALETTE["green"], pattern_shape=["/" if a else "" for a in known["approximate"]],
                    line=dict(width=1, color="white"))))
    for row in gaps.itertuples():
        fig.add_vrect(x0=row.start.date().isoformat(), x1=row.end.date().isoformat(), fillcolor=PALETTE["grey"],
                      opacity=0.2, line_width=0)
        if row.years < 2:
            continue  # too narrow for a label: the source line explains the grey bands
        fig.add_annotation(x=(row.start + (row.end - row.start) / 2).date().isoformat(), y=0.06, yref="paper",
                           text="no<br>figure", showarrow=False, font=dict(size=11))
    views = {
        "Total per period": dict(
            title="Persons rehabilitated, 1954–2004: total per period<br><span style='font-size:13px'>"
                  "bar width = length of the period; hatched = the source says 'about'</span>",
            axis="persons rehabilitated in the period", top=1.2 * max(totals),
            traces={"y": [totals], "text": [text(totals, False)], "customdata": [hover(False)]}),
        "Average per year": dict(
            title=f"Persons rehabilitated, 1954–2004: average per year<br><span style='font-size:13px'>"
                  f"{DERIVED_NOTE}</span>",
            axis="persons rehabilitated a year (average, derived)", top=1.2 * max(rates),
            traces={"y": [rates], "text": [text(rates, True)], "customdata": [hover(True)]}),
    }
    fig.update_layout(hovermode="closest", showlegend=False,
                      updatemenus=[dict(type="buttons", direction="right", active=0, buttons=_menu(views))])
    fig.update_xaxes(type="date", range=["1953-01-01", "2005-07-01"])
    fig.update_yaxes(title=views["Total per period"]["axis"],
                     range=range_with_headroom(views["Total per period"]["top"]))
    add_key_dates(fig, start=pd.Timestamp("1956-01-01"))
    _event_markers(fig, ["e71", "epi2", "epi3"])
    return finish(fig, height=560, title=views["Total per period"]["title"],
                  source="rehabilitations.csv: KGB/FSB archive count by A. G. Petrov, cited by Zevako (grade A via B); "
                         "grey = no figure in the sources read",
                  alt="Bar chart of persons rehabilitated by period: "
                      + "; ".join(f"{r.label}: {_amount(r, r.value)} ({r.years} years, "
                                  f"{'about ' if r.approximate else ''}{_rate(r.per_year)} a year)"
                                  for r in known.itertuples())
                      + ". No figures for " + " and ".join(gaps["label"]) + ".")


def _rate_bars(table: pd.DataFrame, chosen: tuple[str, str] = ()) -> go.Bar:
    known = table[table["status"] != "gap"]
    colours = [PALETTE["vermillion"] if label in chosen else PALETTE["sky"] for label in known["label"]]
    return go.Bar(x=list(known["label"]), y=[float(v) for v in known["per_year"]], marker=dict(color=colours),
                  text=[("about " if a else "") + _rate(v) for v, a in zip(known["per_year"], known["approximate"])],
                  textposition="outside", cliponaxis=False, name="average per year (derived)",
                  hovertemplate="%{x}: %{text} a year<extra></extra>")


def compare_figure(series: str = REHABILITATIONS) -> go.Figure:
    """Figure 9.3: average per year of each period; the slider picks two periods to compare."""
    table = periods(series)
    if series == CONVICTIONS:
        table = table[table["kind"] == "period"]
    known = list(table.loc[table["status"] != "gap", "label"])
    pairs = list(itertools.combinations(known, 2))
    fig = go.Figure(_rate_bars(table, pairs[0]))
    heading = "Compare two periods: " + SERIES[series] + " a year<br><span style='font-size:13px'>{}</span>"
    steps = []
    for a, b in pairs:
        colours = [PALETTE["vermillion"] if label in (a, b) else PALETTE["sky"] for label in known]
        sentence = _short(compare_periods(series, a, b))
        steps.append(dict(label=f"{a} / {b}", method="update",
                          args=[{"marker.color": [colours]}, {"title.text": heading.format(_wrap(sentence))}]))
    fig.update_layout(sliders=[dict(active=0, steps=steps, pad=dict(t=10), font=dict(size=10),
                                    currentvalue=dict(prefix="Compare: ", font=dict(size=13)))],
                      hovermode="closest", xaxis_type="category", margin=dict(r=80))
    fig.update_yaxes(title=f"persons {UNITS[series]} a year (derived)",
                     range=range_with_headroom(float(table["per_year"].max())))
    first = _short(compare_periods(series, *pairs[0]))
    return finish(fig, height=600, title=heading.format(_wrap(first)),
                  source=("rehabilitations.csv: Petrov via Zevako (grade A via B)" if series == REHABILITATIONS
                          else "agitation_convictions.csv: Kozlov, Table 1 (grade A via B)")
                         + f"; {DERIVED_NOTE}",
                  alt="Bar chart of the average per year in each period, with a slider choosing two periods. "
                      + first)


def _short(sentence: str) -> str:
    """The comparison without its closing note on derived rates (the chart says it elsewhere)."""
    return sentence.replace(f" (rates per year are {DERIVED_NOTE})", "")


def _wrap(sentence: str, width: int = 110) -> str:
    """Break a long sentence into lines for a chart title."""
    words, lines, line = sentence.split(), [], ""
    for word in words:
        if len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "<br>".join(lines + [line])


def explorer_figure(series: str, first, second) -> go.Figure:
    """The explorer's chart: every period's yearly rate, with the two chosen ones highlighted."""
    table = periods(series)
    chosen = []
    for period in (first, second):
        try:
            chosen.append(_parse_period(period))
        except ValueError:
            pass
    fig = go.Figure(_rate_bars(table, tuple(chosen)))
    fig.update_layout(hovermode="closest", xaxis_type="category")
    fig.update_yaxes(title=f"persons {UNITS[series]} a year (derived)")
    text = compare_periods(series, first, second)
    return finish(fig, height=460, title=f"{SERIES[series].capitalize()}: average per year",
                  source=DERIVED_NOTE, alt=text)


def build_explorer():
    """The ipywidgets period explorer (needs a running kernel: JupyterLab or Binder)."""
    import ipywidgets as widgets

    series = widgets.Dropdown(options=[(label, key) for key, label in SERIES.items()], value=REHABILITATIONS,
                              description="Series", layout={"width": "40em"})
    first = widgets.Dropdown(description="Period 1")
    second = widgets.Dropdown(description="Period 2")
    view = LinkedView(lambda: compare_periods(series.value, first.value, second.value),
                      lambda: explorer_figure(series.value, first.value, second.value))

    def reset(*_):
        with view.one_redraw():
            labels = list(periods(series.value)["label"])
            first.options, second.options = labels, labels
            known = list(periods(series.value).query("status != 'gap'")["label"])
            first.value, second.value = known[0], known[-1]

    view.follow(first, second)
    series.observe(reset, names="value")
    reset()
    return widgets.VBox([series, first, second, view.summary, view.chart])
