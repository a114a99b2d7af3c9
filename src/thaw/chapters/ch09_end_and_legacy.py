"""Figures and the period explorer for chapter 9, "The end of the Thaw and its legacy".

Two series of period totals feed the chapter: rehabilitations (``rehabilitations.csv``,
the KGB archive count by period, 1954–2004) and convictions for anti-Soviet agitation
(``agitation_convictions.csv``, Kozlov's Table 1, 1956–1987). Both come as totals over
periods of unequal length, so every comparison also shows the derived average per year.
The periods, their averages and their bars come from :mod:`thaw.chapters.periods`, which
chapters 4 and 8 use too.
"""

from __future__ import annotations

import itertools
import re

import pandas as pd
import plotly.graph_objects as go

from thaw import data
from thaw.chapters import periods
from thaw.chapters.periods import CONVICTIONS, DERIVED_NOTE, REHABILITATIONS, SERIES, UNITS
from thaw.charts import (PALETTE, View, add_key_dates, finish, fmt_int, fmt_pct, grouped, range_with_headroom,
                         views)
from thaw.explore import LinkedView
from thaw.i18n import N_, _, format_number, join_and

#: Events from data/events.csv marked on the charts, with their short labels.
EVENT_MARKERS = {"e71": N_("Khrushchev removed"), "e73": N_("Sinyavsky–Daniel trial"),
                 "epi2": N_("1989 declaration"), "epi3": N_("1991 law")}
#: The words of :mod:`thaw.chapters.periods` that this chapter shows (SERIES, UNITS, DERIVED_NOTE), marked here
#: too so that they are translated wherever they are shown; a translation in periods' own catalogue comes first.
PERIODS_WORDS = (N_("persons rehabilitated (KGB archive count)"),
                 N_("persons convicted of anti-Soviet agitation (Art. 70 / 58-10 and Art. 190-1)"),
                 N_("rehabilitated"), N_("convicted"), N_("derived: period total ÷ calendar years in the period"))
#: What the figures kept beside a rehabilitation total count (the ``reviewed_what`` of periods.rehabilitations).
REVIEWED_WHAT = {"cases reviewed": N_("cases reviewed"), "applications reviewed": N_("applications reviewed")}
YEAR_MS = 365.25 * 86_400_000


# --- Comparing two periods ------------------------------------------------------------------

def _parse_period(text) -> str:
    match = re.fullmatch(r"\s*(\d{4})\s*(?:[-–—]\s*(\d{4}))?\s*", str(text)) if text is not None else None
    if not match:
        raise ValueError(_("Write a period as YYYY–YYYY (for example 1954–1961), or one year."))
    return periods.label(int(match.group(1)), int(match.group(2) or match.group(1)))


def compare_periods(series: str, first, second) -> str:
    """Two periods of a series side by side: totals, years, and the derived rates per year.

    Impossible or unsupported choices (an unknown series or period, a gap in the
    sources, the same period twice) return a sentence that says what is wrong.
    """
    try:
        table = periods.table(series)
        labels = [_parse_period(first), _parse_period(second)]
    except ValueError as problem:
        return str(problem)
    known = ", ".join(table["label"])
    if labels[0] == labels[1]:
        return _("Choose two different periods (you chose {period} twice).").format(period=labels[0])
    rows = []
    for label in labels:
        match = table[table["label"] == label]
        if match.empty:
            return _("The sources give no period {period} for this series. Periods: {periods}.").format(
                period=label, periods=known)
        if data.gaps(match).size:
            with_figures = ", ".join(data.stated(table)["label"])
            return _("The sources give no figure for {period}: a gap in what the course could read, "
                     "not a zero. Periods with figures: {periods}.").format(period=label, periods=with_figures)
        rows.append(match.iloc[0])
    unit = _(UNITS[series])
    parts = []
    for r in rows:
        words = dict(period=r["label"], amount=_amount(r["value"], r["approximate"]), unit=unit,
                     count=fmt_int(r["years"]), rate=_about(_rate(r["per_year"]), r["approximate"]))
        parts.append(_("{period}: {amount} {unit} in {count} years, {rate} a year.").format(**words) if r["years"] != 1
                     else _("{period}: {amount} {unit} in {count} year, {rate} a year.").format(**words))
    high, low = sorted(rows, key=lambda r: r["per_year"], reverse=True)
    ratio = high["per_year"] / low["per_year"]
    verdict = (_("The yearly rate was {ratio} times higher in {high} than in {low}").format(
                   ratio=format_number(ratio, 1), high=high["label"], low=low["label"])
               if ratio >= 1.05 else _("The yearly rates of {high} and {low} are about equal").format(
                   high=high["label"], low=low["label"]))
    return " ".join(parts) + f" {verdict} {_rates_note()}."


def _rate(value) -> str:
    """An average per year in the reader's language: whole numbers from 100 up (92,148), one decimal below (14.0)."""
    return format_number(float(value), 0 if value >= 100 else 1)


def _amount(value, approximate=False) -> str:
    """A total as the source gives it: '737,182', or 'about 630,000'."""
    return _about(fmt_int(value), approximate)


def _about(text: str, approximate) -> str:
    """'about 45,000' where the source gives an approximate figure."""
    return _("about {figure}").format(figure=text) if approximate else text


def _rates_note() -> str:
    """The closing note of a comparison (left out where the chart says it elsewhere)."""
    return _("(rates per year are {note})").format(note=_(DERIVED_NOTE))


# --- Figures ---------------------------------------------------------------------------------

def _event_markers(fig: go.Figure, ids: list[str]) -> None:
    """Dashed lines for course-timeline events outside the key dates, labels alternating sides."""
    events = data.table("events").set_index("id")
    for number, event_id in enumerate(ids):
        day = events.loc[event_id, "start"].date().isoformat()
        fig.add_vline(x=day, line=dict(color=PALETTE["grey"], width=1, dash="dash"))
        fig.add_annotation(x=day, yref="paper", y=1, text=_(EVENT_MARKERS[event_id]), textangle=-90,
                           showarrow=False, xanchor="left" if number % 2 == 0 else "right",
                           yanchor="top", font=dict(size=11))


def _view(label: str, title: str, axis: str, top: float, restyle: dict, show=None) -> View:
    return View(label, show=show, restyle=restyle,
                layout={"title.text": title, "yaxis.title.text": axis, "yaxis.range": range_with_headroom(top)})


def _bar_values(traces: dict[str, go.Bar]) -> dict[str, dict]:
    """What a view changes in each bar trace: its heights and hover texts."""
    return {name: {"y": list(bar.y), "customdata": list(bar.customdata)} for name, bar in traces.items()}


def convictions_figure() -> go.Figure:
    """Convictions for anti-Soviet agitation by period, stacked by article; totals or average per year."""
    table = periods.convictions()
    spans = data.stated(table[table["kind"] == "period"]).reset_index(drop=True)
    singles = data.stated(table[table["kind"] == "year"])
    pieces = periods.by_period(periods.conviction_parts())
    peak = int(singles["value"].sum())
    first, last = int(spans["first_year"].min()), int(spans["last_year"].max())
    parts = {  # each bar of 1956–1960 is split into 1957–1958 and the three other years
        _("Art. 70 / 58-10"): (pieces[(pieces["article"] == "art70") & (pieces["kind"] != "year")], PALETTE["blue"]),
        _("Art. 58-10 in {years}").format(years=join_and(periods.label(y) for y in singles["first_year"])):
            (pieces[pieces["kind"] == "year"], PALETTE["vermillion"]),
        _("Art. 190-1 (from {year})").format(year=int(pieces.loc[pieces["article"] == "art190_1", "first_year"].min())):
            (pieces[pieces["article"] == "art190_1"], PALETTE["orange"]),
    }
    # Derived pieces last: a legend shows the marks of a trace's first bar, and most of Art. 70 is read, not derived.
    parts = {name: (rows.sort_values("status", key=lambda s: s == "derived", kind="stable"), colour)
             for name, (rows, colour) in parts.items()}
    totals_of = {name: periods.bars(rows, name=name, colour=colour, unit=_("persons"))
                 for name, (rows, colour) in parts.items()}
    yearly_of = {name: periods.bars(rows, name=name, colour=colour, yearly=True) for name, (rows, colour) in parts.items()}
    fig = go.Figure([grouped("bars", bar) for bar in totals_of.values()])
    x = [(a + (b - a) / 2).date().isoformat() for a, b in zip(spans["start"], spans["end"])]
    totals, rates = [int(v) for v in spans["value"]], [float(v) for v in spans["per_year"]]
    fig.add_trace(grouped("totals", go.Scatter(x=x, y=totals, mode="text", text=[fmt_int(t) for t in totals],
                                               showlegend=False, textposition="top center", hoverinfo="skip",
                                               name="total")))
    fig.add_trace(grouped("singles", go.Scatter(
        x=[f"{y}-07-01" for y in singles["first_year"]], y=[int(v) for v in singles["value"]],
        mode="markers+text", name=_("The two single years with a figure ({years})").format(
            years=", ".join(singles["label"])),
        textposition="top center", text=[f"{r.label}: {fmt_int(r.value)}" for r in singles.itertuples()],
        marker=dict(symbol="diamond", size=12, color=PALETTE["vermillion"]), hovertemplate="%{text}<extra></extra>")))
    share = peak / sum(totals)
    years = periods.label(first, last)
    totals_title = _("Convictions for anti-Soviet agitation, {years}: total per period<br>"
                     "<span style='font-size:13px'>{singles} alone: {peak}, {share} of all {count} years; "
                     "bar width = length of the period</span>").format(
                         years=years, singles=join_and(singles["label"]), peak=fmt_int(peak),
                         share=fmt_pct(share, signed=False), count=fmt_int(last - first + 1))
    yearly_title = _("Convictions for anti-Soviet agitation, {years}: average per year<br>"
                     "<span style='font-size:13px'>{note}; diamonds: the two single years with a figure</span>").format(
                         years=years, note=_(DERIVED_NOTE))
    views(fig, [
        _view(_("Total per period"), totals_title, _("persons convicted in the period"), max(totals),
              show=["bars", "totals"],
              restyle={"bars": lambda t: _bar_values(totals_of)[t.name],
                       "totals": {"y": totals, "text": [fmt_int(t) for t in totals]}}),
        _view(_("Average per year"), yearly_title, _("persons convicted a year (average, derived)"),
              1.45 * float(singles["value"].max()), show=["bars", "totals", "singles"],
              restyle={"bars": lambda t: _bar_values(yearly_of)[t.name],
                       "totals": {"y": rates, "text": [_rate(r) for r in rates]}}),
    ])
    fig.update_layout(barmode="stack", hovermode="closest", legend_traceorder="normal")
    fig.update_xaxes(type="date", range=[f"{first - 4}-07-01", f"{last + 1}-07-01"])
    add_key_dates(fig, start=pd.Timestamp(first, 1, 1))
    _event_markers(fig, ["e71", "e73"])
    return finish(fig, height=580, title=totals_title,
                  source=_("agitation_convictions.csv: Kozlov and Mironenko (eds.), Kramola (2005), Table 1, "
                           "from KGB data (grade A via B); 1956–1960 without 1957–1958: derived by subtraction "
                           "(hatched /)"),
                  alt=_("Bar chart of convictions for anti-Soviet agitation by period: {periods}. {singles} alone "
                        "account for {peak} ({share}) of all convictions in {years}.").format(
                            periods="; ".join(f"{label}: {fmt_int(t)}" for label, t in zip(spans["label"], totals)),
                            singles=join_and(singles["label"]), peak=fmt_int(peak), share=fmt_pct(share, signed=False),
                            years=years))


def _rehabilitation_notes(row: dict) -> list[str]:
    """The figures kept beside a rehabilitation total, for its hover text."""
    notes = []
    if pd.notna(row.get("refused", pd.NA)):
        notes.append(_("refused: {count}").format(count=fmt_int(row["refused"])))
    if pd.notna(row.get("reviewed", pd.NA)):
        what = _(REVIEWED_WHAT.get(row["reviewed_what"], row["reviewed_what"]))
        notes.append(f"{what}: {_amount(row['reviewed'], row['approximate'])}")
    return notes


def rehabilitations_figure() -> go.Figure:
    """Persons rehabilitated by period, totals or average per year, with the gaps."""
    table = periods.rehabilitations()
    known, gaps = data.stated(table), data.gaps(table)
    first, last = int(table["first_year"].min()), int(table["last_year"].max())
    bar = dict(name=_("persons rehabilitated"), colour=PALETTE["green"], unit=_("rehabilitated"), labels=True,
               notes=_rehabilitation_notes)
    totals, yearly = periods.bars(table, **bar), periods.bars(table, yearly=True, **bar)
    fig = go.Figure(grouped("bars", totals.update(constraintext="none", textfont=dict(size=13))))
    for row in gaps.itertuples():
        fig.add_vrect(x0=row.start.date().isoformat(), x1=row.end.date().isoformat(), fillcolor=PALETTE["grey"],
                      opacity=0.2, line_width=0)
        if row.years < 2:
            continue  # too narrow for a label: the source line explains the grey bands
        fig.add_annotation(x=(row.start + (row.end - row.start) / 2).date().isoformat(), y=0.06, yref="paper",
                           text=_("no<br>figure"), showarrow=False, font=dict(size=11))
    years = periods.label(first, last)
    totals_title = _("Persons rehabilitated, {years}: total per period<br><span style='font-size:13px'>"
                     "bar width = length of the period; dotted = the source says 'about'</span>").format(years=years)
    yearly_title = _("Persons rehabilitated, {years}: average per year<br>"
                     "<span style='font-size:13px'>{note}</span>").format(years=years, note=_(DERIVED_NOTE))
    swap = {"y", "text", "customdata"}
    views(fig, [
        _view(_("Total per period"), totals_title, _("persons rehabilitated in the period"),
              1.2 * max(totals.y), restyle={"bars": {k: list(totals[k]) for k in swap}}),
        _view(_("Average per year"), yearly_title,
              _("persons rehabilitated a year (average, derived)"), 1.2 * max(yearly.y),
              restyle={"bars": {k: list(yearly[k]) for k in swap}}),
    ])
    fig.update_layout(hovermode="closest", showlegend=False)
    fig.update_xaxes(type="date", range=[f"{first - 1}-01-01", f"{last + 1}-07-01"])
    add_key_dates(fig, start=pd.Timestamp("1956-01-01"))
    _event_markers(fig, ["e71", "epi2", "epi3"])
    readable = pd.DataFrame({_("period"): table["label"], _("years"): table["years"],
                             _("persons rehabilitated"): [_amount(v, a) if pd.notna(v) else _("no figure found")
                                                          for v, a in zip(table["value"], table["approximate"])],
                             _("average per year (derived)"): [_rate(v) if pd.notna(v) else ""
                                                               for v in table["per_year"]]})
    return finish(fig, height=560, title=totals_title, table=readable,
                  source=_("rehabilitations.csv: KGB/FSB archive count by A. G. Petrov, cited by Zevako "
                           "(grade A via B); grey = no figure in the sources read"),
                  alt=_("Bar chart of persons rehabilitated by period: {periods}. No figures for {gaps}.").format(
                      periods="; ".join(_("{period}: {amount} ({count} years, {rate} a year)").format(
                          period=r.label, amount=_amount(r.value, r.approximate), count=fmt_int(r.years),
                          rate=_about(_rate(r.per_year), r.approximate)) for r in known.itertuples()),
                      gaps=join_and(gaps["label"])))


def _rate_bars(table: pd.DataFrame, chosen: tuple[str, ...] = ()) -> go.Bar:
    known = data.stated(table)
    colours = [PALETTE["vermillion"] if label in chosen else PALETTE["sky"] for label in known["label"]]
    return go.Bar(x=list(known["label"]), y=[float(v) for v in known["per_year"]], marker=dict(color=colours),
                  text=[_about(_rate(v), a) for v, a in zip(known["per_year"], known["approximate"])],
                  textposition="outside", cliponaxis=False, name=_("average per year (derived)"),
                  hovertemplate=_("%{x}: %{text} a year<extra></extra>"))


def period_rates_figure(series: str = REHABILITATIONS) -> go.Figure:
    """The average per year of each period of ``series``; a slider picks two periods to compare.

    ``series`` is ``"rehabilitations"`` or ``"convictions"`` (its five-year periods).
    """
    table = periods.table(series)
    if series == CONVICTIONS:
        table = table[table["kind"] == "period"]
    known = list(data.stated(table)["label"])
    pairs = list(itertools.combinations(known, 2))
    fig = go.Figure(_rate_bars(table, pairs[0]))
    heading = _("Compare two periods: {series} a year<br><span style='font-size:13px'>{comparison}</span>")
    steps = []
    for a, b in pairs:
        colours = [PALETTE["vermillion"] if label in (a, b) else PALETTE["sky"] for label in known]
        sentence = _short(compare_periods(series, a, b))
        steps.append(dict(label=f"{a} / {b}", method="update",
                          args=[{"marker.color": [colours]},
                                {"title.text": heading.format(series=_(SERIES[series]), comparison=_wrap(sentence))}]))
    fig.update_layout(sliders=[dict(active=0, steps=steps, pad=dict(t=10), font=dict(size=10),
                                    currentvalue=dict(prefix=_("Compare: "), font=dict(size=13)))],
                      hovermode="closest", xaxis_type="category", margin=dict(r=80))
    fig.update_yaxes(title=_("persons {unit} a year (derived)").format(unit=_(UNITS[series])),
                     range=range_with_headroom(float(table["per_year"].max())))
    first = _short(compare_periods(series, *pairs[0]))
    return finish(fig, height=600, title=heading.format(series=_(SERIES[series]), comparison=_wrap(first)),
                  source=(_("rehabilitations.csv: Petrov via Zevako (grade A via B)") if series == REHABILITATIONS
                          else _("agitation_convictions.csv: Kozlov, Table 1 (grade A via B)"))
                         + f"; {_(DERIVED_NOTE)}",
                  alt=_("Bar chart of the average per year in each period, with a slider choosing two periods. "
                        "{comparison}").format(comparison=first))


def _short(sentence: str) -> str:
    """The comparison without its closing note on derived rates (the chart says it elsewhere)."""
    return sentence.replace(f" {_rates_note()}", "")


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


# --- The explorer ------------------------------------------------------------------------------

def explorer_rates_figure(series: str, first, second) -> go.Figure:
    """The explorer's chart: every period's yearly rate, with the two chosen ones highlighted."""
    table = periods.table(series)
    chosen = []
    for period in (first, second):
        try:
            chosen.append(_parse_period(period))
        except ValueError:
            pass
    fig = go.Figure(_rate_bars(table, tuple(chosen)))
    fig.update_layout(hovermode="closest", xaxis_type="category")
    fig.update_yaxes(title=_("persons {unit} a year (derived)").format(unit=_(UNITS[series])))
    text = compare_periods(series, first, second)
    title = _("{series}: average per year").format(series=_(SERIES[series]))
    return finish(fig, height=460, title=title[0].upper() + title[1:], source=_(DERIVED_NOTE), alt=text)


def build_explorer():
    """The ipywidgets period explorer (needs a running kernel: JupyterLab or Binder)."""
    import ipywidgets as widgets

    series = widgets.Dropdown(options=[(_(text), key) for key, text in SERIES.items()], value=REHABILITATIONS,
                              description=_("Series"), layout={"width": "40em"})
    first = widgets.Dropdown(description=_("Period 1"))
    second = widgets.Dropdown(description=_("Period 2"))
    view = LinkedView(lambda: compare_periods(series.value, first.value, second.value),
                      lambda: explorer_rates_figure(series.value, first.value, second.value))

    def reset(*_change):
        with view.one_redraw():
            table = periods.table(series.value)
            first.options, second.options = list(table["label"]), list(table["label"])
            known = list(data.stated(table)["label"])
            first.value, second.value = known[0], known[-1]

    view.follow(first, second)
    series.observe(reset, names="value")
    reset()
    return view.box(series, first, second)


#: The chapter's figures, in the order the notebook shows them (see tests/test_figures.py).
FIGURES = {"convictions": convictions_figure, "rehabilitations": rehabilitations_figure,
           "compare": period_rates_figure}
EXPLORER = build_explorer
