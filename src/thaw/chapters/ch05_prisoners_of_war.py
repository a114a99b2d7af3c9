"""Figures and the claim checker for chapter 5, "Prisoners of war and the last repatriations".

Everything comes from ``data/pow_figures.csv``: each figure is a stock (people
held on a date) or a flow (people moved over a period), with its era (before the
Thaw, in the Thaw, whole captivity), definition, source, evidence grade and, for
the rows the chart of scale draws, a chart label. The events the chart of stocks
marks are rows of ``data/events.csv``.
"""

from __future__ import annotations

import html
import math
import re

import pandas as pd
import plotly.graph_objects as go

from thaw import data
from thaw.charts import (PALETTE, View, add_key_dates, evidence_hatch, evidence_mark, evidence_symbol, finish,
                         fmt_date, fmt_int, fmt_span, views)
from thaw.explore import LinkedView

GROUPS = {"germans": "Germans", "japanese": "Japanese", "both": "Germans and Japanese"}
SCOPES = {"thaw": "released in the Thaw (1953–1956)", "before": "repatriated before the Thaw (1945–1950)"}
NATIONALITY = {"germans": ["german"], "japanese": ["japanese"], "both": ["german", "japanese"]}

#: What people usually mean by a round expression: the lowest and highest number it covers.
CLAIM_WORDS = {
    "hundreds": (200, 999),
    "a few thousand": (2_000, 9_999),
    "several thousand": (2_000, 9_999),
    "thousands": (2_000, 9_999),
    "about ten thousand": (8_000, 12_000),
    "ten thousand": (8_000, 12_000),
    "tens of thousands": (20_000, 99_999),
    "hundreds of thousands": (200_000, 999_999),
    "about a million": (800_000, 1_200_000),
    "millions": (2_000_000, 9_999_999),
}
TENS_OF_THOUSANDS = CLAIM_WORDS["tens of thousands"]
QUALIFIER_WORDS = {"exact": "", "about": "about ", "more_than": "more than "}


def pow_table() -> pd.DataFrame:
    return data.table("pow_figures")


def figure_row(figure_id: str) -> pd.Series:
    return pow_table().set_index("id").loc[figure_id]


# --- The claim checker ------------------------------------------------------------------

def parse_claim(text) -> tuple[int, int]:
    """The range of numbers a claim covers: 'tens of thousands' -> (20000, 99999).

    A plain number ('12,000') is read as 'about' that number (±20%). Anything else
    raises ValueError with a message that lists what is understood.
    """
    words = " ".join(str(text).lower().replace("-", " ").split())
    words = re.sub(r"^(about|around|some|roughly) (?=\d)", "", words)
    if words in CLAIM_WORDS:
        return CLAIM_WORDS[words]
    digits = words.replace(",", "").replace(" ", "")
    if digits.isdigit() and int(digits) > 0:
        number = int(digits)
        return round(number * 0.8), round(number * 1.2)
    understood = "; ".join(f"'{w}'" for w in CLAIM_WORDS)
    raise ValueError(f"The claim '{text}' is not understood. Write a number such as 12,000, or one of: {understood}.")


#: The rows behind each group and scope: (rows added for the low total, rows added for the high total).
BOUNDS = {
    # German citizens, civilians included: the two waves of 1953 and 1955-1956 from their B counts
    # (5,374 POWs by 31 Oct 1953 + 11,128 in 1955-1956), up to Zeidler's round "about 20,000" for both.
    ("german", "thaw"): (["de-released-1953-pows", "de-returnees-1955-1956"], ["de-returnees-1953-1955"]),
    ("japanese", "thaw"): (["jp-held-1956"], ["jp-held-1956-dorokhov"]),
    ("german", "before"): (["de-repatriated-1947-1950"], ["de-repatriated-total-tass"]),
    # The 21,794 of 1946 overlap Dec 1946 and are probably inside the 418,166: not added.
    ("japanese", "before"): (["jp-repatriated-1946-1949"], ["jp-repatriated-1946-1949"]),
}
#: Prisoners of war alone, released in the Thaw: Zeidler's three quarters of the German waves; the Japanese count.
POWS_ONLY = {"german": "de-released-1953-1955-pows", "japanese": "jp-held-1956"}


def data_range(group: str, scope: str) -> dict:
    """What the sources say for a group and scope: the low and high totals, and the rows behind them.

    The Thaw counts from 1953, when it began. Germans: 5,374 POWs released by 31 Oct 1953
    plus the 11,128 who came home in 1955-1956 (low; civilians of 1953 left out), to the
    "about 20,000" of both waves (high); Japanese: 1,047 (Soviet count) to "more than
    1,500" (Dorokhov). Before the Thaw: the sum of the counted repatriations (low) and the
    largest total claimed (high). For the Thaw, ``pows`` is the total for prisoners of war alone.
    """
    if group not in GROUPS:
        raise ValueError(f"Unknown group '{group}'. Choose one of: {', '.join(GROUPS)}.")
    if scope not in SCOPES:
        raise ValueError(f"Unknown scope '{scope}'. Choose one of: {', '.join(SCOPES)}.")
    low = high = 0
    rows = []
    for nationality in NATIONALITY[group]:
        low_ids, high_ids = BOUNDS[(nationality, scope)]
        low += sum(int(figure_row(i)["value"]) for i in low_ids)
        high += sum(int(figure_row(i)["value"]) for i in high_ids)
        rows += [figure_row(i) for i in dict.fromkeys(low_ids + high_ids)]
    pows = None
    if scope == "thaw":
        pows = sum(int(figure_row(POWS_ONLY[n])["value"]) for n in NATIONALITY[group])
    return {"low": low, "high": high, "rows": rows, "pows": pows}


def _verdict(low: int, high: int, claim_low: int, claim_high: int) -> str:
    """How a claim's range compares with the sources' range."""
    if high < claim_low:
        return "too high: the sources give fewer"
    if low > claim_high:
        return "too low: the sources give more"
    if claim_low <= low and high <= claim_high:
        return "consistent with the sources"
    if low < claim_low and high <= claim_high:
        return "right in order of magnitude, but only at its lower end: only the higher figures in the sources reach it"
    if high > claim_high and low >= claim_low:
        return ("right in order of magnitude, but only at its upper end: only the lower figures in the sources "
                "stay within it")
    return "consistent with some of the figures in the sources, which spread wider than the claim"


def judge_claim(claim, group: str = "both", scope: str = "thaw") -> str:
    """Compare a claim ('tens of thousands') with the data; clear text for bad input."""
    try:
        claim_low, claim_high = parse_claim(claim)
        found = data_range(group, scope)
    except ValueError as error:
        return str(error)
    who = f"{GROUPS[group]} {SCOPES[scope]}"
    if found["low"] == found["high"]:
        counted = fmt_int(found["low"])
    else:
        counted = f"{fmt_int(found['low'])} to {fmt_int(found['high'])}"
    verdict = _verdict(found["low"], found["high"], claim_low, claim_high)
    round_figures = [f"{QUALIFIER_WORDS[r['qualifier']]}{fmt_int(r['value'])}" for r in found["rows"]
                     if r["qualifier"] != "exact"]
    weak = [fmt_int(r["value"]) for r in found["rows"] if r["grade"] == "D"]
    if round_figures:
        counted += f" (round figures in the sources: {', '.join(round_figures)})"
    text = (f"'{claim}' means about {fmt_int(claim_low)}–{fmt_int(claim_high)}. "
            f"{who}: {counted} by the sources the course uses. The claim is {verdict}.")
    if weak:
        text += f" Grade D (a popular copy, to be checked): {', '.join(weak)}."
    if scope == "thaw" and "german" in NATIONALITY[group]:
        low_ids, high_ids = BOUNDS[("german", "thaw")]
        parts = " + ".join(fmt_int(figure_row(i)["value"]) for i in low_ids)
        german_low = sum(int(figure_row(i)["value"]) for i in low_ids)
        first_wave, second_wave = (figure_row(i) for i in low_ids)
        text += (f" German citizens, civilians included: at least {parts} = {fmt_int(german_low)} (prisoners of war "
                 f"released by {fmt_date(first_wave['period_end'])}; everyone who came home in "
                 f"{fmt_span(second_wave['period_start'], second_wave['period_end'], 'month')}), about "
                 f"{fmt_int(figure_row(high_ids[0])['value'])} in Zeidler's round figure for both waves.")
        pows_verdict = _verdict(found["pows"], found["pows"], claim_low, claim_high).split(":")[0]
        japanese = (f", and {fmt_int(figure_row(POWS_ONLY['japanese'])['value'])} Japanese"
                    if "japanese" in NATIONALITY[group] else "")
        text += (f" Prisoners of war alone: about {fmt_int(found['pows'])} (about "
                 f"{fmt_int(figure_row(POWS_ONLY['german'])['value'])} Germans, three quarters of the German returnees "
                 f"by Zeidler's estimate{japanese}); for them the claim is {pows_verdict}.")
    if scope == "thaw" and "japanese" in NATIONALITY[group]:
        text += (" The Japanese figures count those still held in 1956; the smaller groups sent home from late 1953 "
                 "are not added, as no total for them was found.")
    if scope == "before":
        german, japanese = (figure_row(BOUNDS[(n, "before")][0][0]) for n in ("german", "japanese"))
        text += (" Before the Thaw the counts are partial (Germans from "
                 f"{fmt_span(german['period_start'], precision='month')}, Japanese to "
                 f"{fmt_span(japanese['period_end'], precision='month')}): no year-by-year series was found.")
    return text


def build_explorer():
    """The ipywidgets claim checker: the verdict on a claim, and the chart of scale with the claim's band."""
    import ipywidgets as widgets

    claim = widgets.Text(value="tens of thousands", description="Claim", layout={"width": "32em"},
                         continuous_update=False)
    group = widgets.Dropdown(options=[(label, key) for key, label in GROUPS.items()], value="both",
                             description="Who")
    scope = widgets.ToggleButtons(options=[("In the Thaw", "thaw"), ("Before the Thaw", "before")], value="thaw",
                                  description="When")
    view = LinkedView(lambda: html.escape(judge_claim(claim.value, group.value, scope.value)),
                      lambda: explorer_figure(claim.value, group.value))
    view.follow(claim, group, scope)
    return view.box(claim, group, scope)


def explorer_figure(claim, group: str = "both") -> go.Figure:
    """The chart of scale for one group, with the band the claim covers (none if the claim is not understood)."""
    nationalities = NATIONALITY.get(group, NATIONALITY["both"])
    rows = [r.id for r in scale_rows().itertuples() if r.nationality in nationalities]
    try:
        parse_claim(claim)
    except ValueError:
        claim = None
    return releases_and_repatriations_figure(rows=rows, claim=claim)


# --- The scale: releases in the Thaw against repatriations before it ------------------------

ERAS = {"before": ("Before the Thaw", PALETTE["blue"]), "thaw": ("In the Thaw", PALETTE["vermillion"]),
        "total": ("The whole captivity", PALETTE["grey"])}
#: How the legend names each evidence mark of a bar (see thaw.charts.evidence_hatch).
MARK_NAMES = {"grade D": "grade D copy (cross-hatched)", "derived": "derived by arithmetic (hatched)",
              "approximate": "approximate figure (dotted)"}
NATIONS = {"german": "Germans", "japanese": "Japanese"}



def _label(row) -> str:
    """The row's chart label, or for a row without one: who, what and when ("Germans held, 21 Aug 1953")."""
    if row["label"]:
        return row["label"]
    when = fmt_span(row["period_start"] if pd.notna(row["period_start"]) else row["period_end"], row["period_end"])
    return f"{NATIONS[row['nationality']]} {row['measure'].replace('_', ' ')}, {when}"


def scale_rows(rows=None) -> pd.DataFrame:
    """The figures drawn in the chart of scale: the rows of pow_figures.csv that have a chart label, in file order.

    ``rows``: other row ids of pow_figures.csv to draw instead, top to bottom.
    """
    table = pow_table()
    if rows is None:
        chosen = table[table["label"] != ""]
    else:
        unknown = [i for i in rows if i not in set(table["id"])]
        if unknown:
            raise ValueError(f"No row {', '.join(map(repr, unknown))} in pow_figures.csv. "
                             f"Choose among: {', '.join(table['id'])}.")
        chosen = table.set_index("id").loc[list(rows)].reset_index()
    return chosen.assign(label=[_label(row) for _, row in chosen.iterrows()]).reset_index(drop=True)


def _amount(row) -> str:
    return QUALIFIER_WORDS[row["qualifier"]] + fmt_int(row["value"])


def releases_and_repatriations_figure(rows=None, claim="tens of thousands") -> go.Figure:
    """The Thaw-era releases against the repatriations before them, with the band a claim covers; log/linear buttons.

    ``rows``: ids of pow_figures.csv to draw (default: the rows with a chart label); ``claim``: the round
    expression whose band is drawn in yellow ("tens of thousands", "about a million", a number), or None.
    """
    table = scale_rows(rows)
    fig = go.Figure()
    for era, (era_name, colour) in ERAS.items():
        in_era = table[table["era"] == era]
        if in_era.empty:
            continue
        years = fmt_span(in_era["period_start"].fillna(in_era["period_end"]).min(), in_era["period_end"].max(), "year")
        marks = [evidence_mark(r["grade"], r["status"], r["qualifier"]) for _, r in in_era.iterrows()]
        for mark in dict.fromkeys(marks):  # one legend entry per evidence mark present, none empty
            part = in_era[[m == mark for m in marks]]
            first = part.iloc[0]
            fig.add_trace(go.Bar(
                y=part["label"], x=part["value"], orientation="h",
                name=f"{era_name} ({years})" + ("" if mark is None else f", {MARK_NAMES[mark]}"),
                marker=dict(color=colour, pattern_shape=evidence_hatch(first["grade"], first["status"],
                                                                       first["qualifier"])),
                text=[_amount(r) for _, r in part.iterrows()], textposition="outside", cliponaxis=False,
                customdata=[f"grade {g} · {s[:80]}" for g, s in zip(part["grade_detail"], part["source"])],
                hovertemplate="%{y}: %{text}<br>%{customdata}<extra></extra>"))
    if claim is not None:
        low, high = parse_claim(claim)
        fig.add_vrect(x0=low, x1=high, fillcolor=PALETTE["yellow"], opacity=0.35, line_width=0, layer="below")
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", hoverinfo="skip",
                                 name=f"Yellow band: '{claim}' ({fmt_int(low)}–{fmt_int(high)})",
                                 marker=dict(symbol="square", size=12, color=PALETTE["yellow"])))
    fig.update_yaxes(categoryorder="array", categoryarray=list(table["label"])[::-1], showgrid=False)
    largest, smallest = float(table["value"].max()), float(table["value"].min())
    log_range = [round(math.log10(smallest) - 0.5, 1), round(math.log10(largest) + 0.3, 1)]
    fig.update_xaxes(title="people", tickformat=",")
    fig.update_layout(barmode="overlay", hovermode="closest", margin=dict(l=380))
    views(fig, [View("Linear scale", None, {"xaxis.type": "linear", "xaxis.range": [0, largest * 1.3]}),
                View("Log scale", None, {"xaxis.type": "log", "xaxis.range": log_range})])
    alt = "Bar chart. " + " ".join(
        f"{ERAS[era][0]}: " + "; ".join(f"{r['label']}: {_amount(r)}" for _, r in table[table["era"] == era].iterrows())
        + "." for era in ERAS if (table["era"] == era).any())
    if claim is not None:
        reaching = [_amount(r) for _, r in table[table["era"] == "thaw"].iterrows() if low <= r["value"] <= high]
        alt += (f" Of the Thaw figures, {' and '.join(reaching) if reaching else 'none'} "
                f"{'falls' if len(reaching) == 1 else 'fall'} within the band of '{claim}'.")
    return finish(fig, height=560, title="Released in the Thaw, repatriated before it: German and Japanese POWs",
                  source="pow_figures.csv: Hansard 21 May 1947 (Moscow CFM table); Arzamaskin, Тайны советской "
                         "репатриации (with the TASS statement of 5 May 1950); Zeidler 1996 (MVD, Pravda and West "
                         "German government figures); Dorokhov; Kobayashi",
                  alt=alt)


# --- Who was still held --------------------------------------------------------------------

#: Stocks left off the lines: a second figure for the same date (the prisoners of war of 21 Aug 1953 are
#: plotted; the 19,848 convicted Germans of that day include civilians and would break the POW line).
HELD_NOT_PLOTTED = ["de-held-1950-alt", "de-held-1953-convicted", "jp-held-1956-dorokhov"]
#: The events the chart of stocks marks (rows of events.csv): Adenauer in Moscow, the Soviet–Japanese Joint Declaration.
HELD_EVENTS = ["e24", "e40"]
HELD_LINES = {"german": ("Germans still held", PALETTE["blue"]), "japanese": ("Japanese still held", PALETTE["orange"])}


def held_points(nationality: str) -> pd.DataFrame:
    """Stocks of one nationality still held, by date (the end of each stock's date span)."""
    table = pow_table()
    rows = table[(table["nationality"] == nationality) & (table["kind"] == "stock") & (table["measure"] == "held")]
    rows = rows[~rows["id"].isin(HELD_NOT_PLOTTED)]
    return rows.assign(date=rows["period_end"]).sort_values("date").reset_index(drop=True)


def still_held_figure(nationalities=("german", "japanese"), start="1945-06-01", end="1957-06-30") -> go.Figure:
    """Prisoners of war still held, with Adenauer's visit and the Joint Declaration marked; log/linear buttons.

    ``nationalities``: "german", "japanese" or both; ``start``, ``end``: the dates the x axis shows.
    """
    unknown = [n for n in nationalities if n not in HELD_LINES]
    if unknown:
        raise ValueError(f"Unknown nationality '{unknown[0]}'. Choose among: {', '.join(HELD_LINES)}.")
    fig = go.Figure()
    for nationality in nationalities:
        name, colour = HELD_LINES[nationality]
        points = held_points(nationality)
        fig.add_trace(go.Scatter(
            x=points["date"], y=points["value"], mode="lines+markers+text", name=name,
            line=dict(color=colour, width=3, dash="dot"), text=[_amount(r) for _, r in points.iterrows()],
            textposition="top right", textfont=dict(size=11),
            marker=dict(size=11, color=colour, line=dict(width=2, color=colour),
                        symbol=[evidence_symbol("circle", r["grade"], r["status"], r["qualifier"])
                                for _, r in points.iterrows()]),
            customdata=[[fmt_span(r["period_start"], r["period_end"]),
                         f"{r['note'][:100]}<br>grade {r['grade_detail']}"] for _, r in points.iterrows()],
            hovertemplate="%{customdata[0]}: %{text}<br>%{customdata[1]}<extra></extra>"))
    fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers",
                             name="open marker: an approximate figure or a grade D copy",
                             marker=dict(symbol="circle-open", size=11, color=PALETTE["grey"], line=dict(width=2))))
    fig.update_yaxes(title="prisoners still held", tickformat=",")
    fig.update_xaxes(range=[start, end])
    views(fig, [View("Log scale", None, {"yaxis.type": "log", "yaxis.range": [2.5, 6.3]}),
                View("Linear scale", None, {"yaxis.type": "linear", "yaxis.range": [0, 1_200_000]})])
    add_key_dates(fig, start=max(pd.Timestamp("1953-01-01"), pd.Timestamp(start)), end=pd.Timestamp(end))
    events = data.table("events").set_index("id")
    for event_id in HELD_EVENTS:
        day, label = events.loc[event_id, "start"], events.loc[event_id, "title"]
        fig.add_vline(x=day, line=dict(color=PALETTE["vermillion"], width=1, dash="dash"))
        fig.add_annotation(x=day, y=0.02, yref="paper", text=label, textangle=-90, showarrow=False,
                           xanchor="left", yanchor="bottom", font=dict(size=11, color=PALETTE["vermillion"]))
    fig.update_layout(hovermode="closest")
    lines, dates = [], []
    for nationality in nationalities:
        points = held_points(nationality)
        dates += list(points["date"])
        before, thaw = (", ".join(f"{_amount(r)} ({fmt_span(r['period_start'], r['period_end'])})"
                                  for _, r in points[points["era"] == era].iterrows()) for era in ("before", "thaw"))
        lines.append(f"{HELD_LINES[nationality][0]}: {before} before the Thaw; {thaw} in it")
    years = fmt_span(min(dates), max(dates), "year")
    return finish(fig, height=560, title=f"Prisoners of war still held in the USSR, {years}",
                  source="pow_figures.csv: Hansard 21 May 1947; TASS 5 May 1950 (via Arzamaskin); Arzamaskin; MVD "
                         "21 Aug 1953 (via Zeidler 1996); Dorokhov; SCAP statement of 11 Dec 1948 (FRUS 1948 VI, "
                         "doc. 624); Kobayashi; events.csv",
                  alt="Line chart on a log scale. " + ". ".join(lines) + ".")


#: The chapter's figures, in the order the notebook shows them (see tests/test_figures.py).
FIGURES = {"held": still_held_figure, "scale": releases_and_repatriations_figure}
EXPLORER = build_explorer
