"""Figures and the claim checker for chapter 5, "Prisoners of war and the last repatriations".

Everything comes from ``data/pow_figures.csv``: each figure is a stock (people
held on a date) or a flow (people moved over a period), with its era (before the
Thaw, in the Thaw, whole captivity), definition, source and evidence grade.
"""

from __future__ import annotations

import html
import re

import pandas as pd
import plotly.graph_objects as go

from thaw import data
from thaw.charts import PALETTE, add_key_dates, finish, fmt_int

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
        text += (f" German citizens, civilians included: at least {parts} = {fmt_int(german_low)} (prisoners of war "
                 "released by 31 Oct 1953; everyone who came home in Oct 1955 – Jan 1956), about "
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
        text += (" Before the Thaw the counts are partial (Germans from Mar 1947, Japanese to May 1949): "
                 "no year-by-year series was found.")
    return text


def build_explorer():
    """The ipywidgets claim checker (needs a running kernel)."""
    import ipywidgets as widgets

    claim = widgets.Text(value="tens of thousands", description="Claim", layout={"width": "32em"},
                         continuous_update=False)
    group = widgets.Dropdown(options=[(label, key) for key, label in GROUPS.items()], value="both",
                             description="Who")
    scope = widgets.ToggleButtons(options=[("In the Thaw", "thaw"), ("Before the Thaw", "before")], value="thaw",
                                  description="When")
    verdict = widgets.HTML()

    def show(*_):
        verdict.value = f"<p>{html.escape(judge_claim(claim.value, group.value, scope.value))}</p>"

    for control in (claim, group, scope):
        control.observe(show, names="value")
    show()
    return widgets.VBox([claim, group, scope, verdict])


# --- Figure 5.2: the scale -----------------------------------------------------------------

SCALE_ROWS = [  # (figure id, label); top to bottom
    ("de-held-1947", "Germans held by the USSR, spring 1947"),
    ("de-repatriated-1947-1950", "Germans repatriated, Mar 1947 – Apr 1950"),
    ("de-repatriated-total-tass", "Wehrmacht members sent home in all, per TASS, May 1950"),
    ("de-released-1953-pows", "German POWs released, Sep – Oct 1953"),
    ("de-returnees-1955-1956", "Germans who came home, Oct 1955 – Jan 1956"),
    ("de-returnees-1953-1955", "Germans who came home in the waves of 1953 and 1955"),
    ("jp-held-1945", "Japanese held, 8 Dec 1945"),
    ("jp-repatriated-1946-1949", "Japanese repatriated, Dec 1946 – May 1949"),
    ("jp-held-1956", "Japanese still held in 1956, released after 19 Oct 1956"),
]


def scale_rows() -> pd.DataFrame:
    table = pow_table().set_index("id")
    rows = table.loc[[i for i, _ in SCALE_ROWS]].copy()
    rows["label"] = [label for _, label in SCALE_ROWS]
    return rows.reset_index()


def scale_figure() -> go.Figure:
    """Figure 5.2: the Thaw-era releases against the repatriations before them; log/linear buttons."""
    rows = scale_rows()
    fig = go.Figure()
    styles = [("before", False, "Before the Thaw (1945–1950)", PALETTE["blue"], ""),
              ("before", True, "Before the Thaw, grade D copy (hatched)", PALETTE["blue"], "/"),
              ("thaw", False, "In the Thaw (1953–1956)", PALETTE["vermillion"], ""),
              ("thaw", True, "In the Thaw, grade D copy (hatched)", PALETTE["vermillion"], "/")]
    for era, weak, name, colour, pattern in styles:
        part = rows[(rows["era"] == era) & ((rows["grade"] == "D") == weak)]
        if part.empty:
            continue  # no empty legend entries
        fig.add_trace(go.Bar(
            y=part["label"], x=part["value"], orientation="h", name=name,
            marker=dict(color=colour, opacity=0.55 if weak else 1, pattern_shape=pattern),
            text=[QUALIFIER_WORDS[q] + fmt_int(v) for v, q in zip(part["value"], part["qualifier"])],
            textposition="outside", cliponaxis=False,
            customdata=[f"grade {g} · {s[:80]}" for g, s in zip(part["grade_detail"], part["source"])],
            hovertemplate="%{y}: %{text}<br>%{customdata}<extra></extra>"))
    low, high = TENS_OF_THOUSANDS
    fig.add_vrect(x0=low, x1=high, fillcolor=PALETTE["yellow"], opacity=0.35, line_width=0, layer="below")
    fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", hoverinfo="skip",
                             name=f"Yellow band: 'tens of thousands' ({fmt_int(low)}–{fmt_int(high)})",
                             marker=dict(symbol="square", size=12, color=PALETTE["yellow"])))
    order = [label for _, label in SCALE_ROWS]
    fig.update_yaxes(categoryorder="array", categoryarray=order[::-1], showgrid=False)
    largest = float(rows["value"].max())
    fig.update_xaxes(title="people", tickformat=",", range=[0, largest * 1.3])
    fig.update_layout(barmode="overlay", hovermode="closest", margin=dict(l=380), updatemenus=[dict(
        type="buttons", direction="right", active=0, buttons=[
            dict(label="Linear scale", method="relayout",
                 args=[{"xaxis.type": "linear", "xaxis.range": [0, largest * 1.3]}]),
            dict(label="Log scale", method="relayout",
                 args=[{"xaxis.type": "log", "xaxis.range": [2.5, 6.6]}])])])
    thaw = rows[rows["era"] == "thaw"]
    reaching = thaw[thaw["value"] >= low]
    return finish(fig, height=560, title="Released in the Thaw, repatriated before it: German and Japanese POWs",
                  source="pow_figures.csv: Hansard 21 May 1947 (Moscow CFM table); Arzamaskin, Тайны советской "
                         "репатриации (with the TASS statement of 5 May 1950); Zeidler 1996 (MVD, Pravda and West "
                         "German government figures); Dorokhov; Kobayashi",
                  alt="Bar chart. Before the Thaw the USSR sent home "
                      f"{fmt_int(figure_row('de-repatriated-total-tass')['value'])} members of the Wehrmacht by May 1950 "
                      f"({fmt_int(figure_row('de-repatriated-1947-1950')['value'])} in 1947–1950 alone) and "
                      f"{fmt_int(figure_row('jp-repatriated-1946-1949')['value'])} Japanese in 1946–1949; "
                      "the Thaw releases were "
                      + ", ".join(QUALIFIER_WORDS[q] + fmt_int(v) for v, q in zip(thaw["value"], thaw["qualifier"]))
                      + "; only " + " and ".join(QUALIFIER_WORDS[q] + fmt_int(v) for v, q in
                                                 zip(reaching["value"], reaching["qualifier"]))
                      + ", the round total for both German waves, reaches the lower edge of the band of "
                        "'tens of thousands'.")


# --- Figure 5.1: who was still held ---------------------------------------------------------

#: Stocks left off the lines: a second figure for the same date (the prisoners of war of 21 Aug 1953 are
#: plotted; the 19,848 convicted Germans of that day include civilians and would break the POW line).
HELD_NOT_PLOTTED = ["de-held-1950-alt", "de-held-1953-convicted", "jp-held-1956-dorokhov"]


def held_points(nationality: str) -> pd.DataFrame:
    """Stocks of one nationality still held, by date (the end of each stock's date span)."""
    table = pow_table()
    rows = table[(table["nationality"] == nationality) & (table["kind"] == "stock") & (table["measure"] == "held")]
    rows = rows[~rows["id"].isin(HELD_NOT_PLOTTED)]
    return rows.assign(date=rows["period_end"]).sort_values("date").reset_index(drop=True)


def held_figure() -> go.Figure:
    """Figure 5.1: POWs still held, 1945–1956, with the Adenauer visit and the Joint Declaration; log/linear."""
    fig = go.Figure()
    for nationality, colour, name in (("german", PALETTE["blue"], "Germans still held"),
                                      ("japanese", PALETTE["orange"], "Japanese still held")):
        points = held_points(nationality)
        weak = [g == "D" or s == "alternative" for g, s in zip(points["grade"], points["status"])]
        fig.add_trace(go.Scatter(
            x=points["date"], y=points["value"], mode="lines+markers+text", name=name,
            line=dict(color=colour, width=3, dash="dot"), text=[("more than " if q == "more_than" else "") + fmt_int(v)
                                                     for v, q in zip(points["value"], points["qualifier"])],
            textposition="top right", textfont=dict(size=11),
            marker=dict(size=11, color=colour, symbol=["circle-open" if w else "circle" for w in weak],
                        line=dict(width=2, color=colour)),
            customdata=[f"{n[:100]}<br>grade {g}" for n, g in zip(points["note"], points["grade_detail"])],
            hovertemplate="%{x|%d %b %Y}: %{text}<br>%{customdata}<extra></extra>"))
    fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name="open marker: grade D copy or a US estimate",
                             marker=dict(symbol="circle-open", size=11, color=PALETTE["grey"], line=dict(width=2))))
    fig.update_yaxes(title="prisoners still held", type="log", range=[2.5, 6.3], tickformat=",")
    fig.update_xaxes(range=["1945-06-01", "1957-06-30"])
    add_key_dates(fig, start=pd.Timestamp("1953-01-01"), end=pd.Timestamp("1957-06-30"))
    for day, label in (("1955-09-09", "Adenauer in Moscow"), ("1956-10-19", "Joint Declaration")):
        fig.add_vline(x=day, line=dict(color=PALETTE["vermillion"], width=1, dash="dash"))
        fig.add_annotation(x=day, y=0.02, yref="paper", text=label, textangle=-90, showarrow=False,
                           xanchor="left", yanchor="bottom", font=dict(size=11, color=PALETTE["vermillion"]))
    fig.update_layout(hovermode="closest", updatemenus=[dict(
        type="buttons", direction="right", active=0, buttons=[
            dict(label="Log scale", method="relayout", args=[{"yaxis.type": "log", "yaxis.range": [2.5, 6.3]}]),
            dict(label="Linear scale", method="relayout", args=[{"yaxis.type": "linear", "yaxis.range": [0, 1_200_000]}])])])
    german, japanese = held_points("german"), held_points("japanese")
    return finish(fig, height=560, title="Prisoners of war still held in the USSR, 1945–1956",
                  source="pow_figures.csv: Hansard 21 May 1947; TASS 5 May 1950 (via Arzamaskin); Arzamaskin; MVD "
                         "21 Aug 1953 (via Zeidler 1996); Dorokhov; SCAP statement of 11 Dec 1948 (FRUS 1948 VI, "
                         "doc. 624); Kobayashi",
                  alt=f"Line chart on a log scale. Germans still held fell from {fmt_int(german['value'].iloc[0])} in "
                      f"spring 1947 to {fmt_int(german['value'].iloc[1])} in May 1950, before the Thaw; "
                      f"{fmt_int(german['value'].iloc[2])} convicted prisoners of war were still held in August 1953, "
                      f"and {fmt_int(german['value'].iloc[-1])} convicted German citizens in September 1955. Japanese "
                      f"fell from {fmt_int(japanese['value'].iloc[0])} in December 1945 to "
                      f"{fmt_int(japanese['value'].iloc[-1])} in 1956.")
