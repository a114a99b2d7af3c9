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
from fractions import Fraction

import pandas as pd
import plotly.graph_objects as go

from thaw import data
from thaw.charts import (PALETTE, View, add_key_dates, evidence_hatch, evidence_mark, evidence_symbol, finish,
                         fmt_date, fmt_int, fmt_span, views)
from thaw.explore import LinkedView
from thaw.i18n import N_, _, format_millions

GROUPS = {"germans": N_("Germans"), "japanese": N_("Japanese"), "both": N_("Germans and Japanese")}
SCOPES = {"thaw": N_("released in the Thaw (1953–1956)"), "before": N_("repatriated before the Thaw (1945–1950)")}
NATIONALITY = {"germans": ["german"], "japanese": ["japanese"], "both": ["german", "japanese"]}

#: What people usually mean by a round expression: the lowest and highest number it covers.
#: The keys are the English expressions; a reader sees them in the course's language (``_``).
CLAIM_WORDS = {
    N_("hundreds"): (200, 999),
    N_("a few thousand"): (2_000, 9_999),
    N_("several thousand"): (2_000, 9_999),
    N_("thousands"): (2_000, 9_999),
    N_("about ten thousand"): (8_000, 12_000),
    N_("ten thousand"): (8_000, 12_000),
    N_("tens of thousands"): (20_000, 99_999),
    N_("hundreds of thousands"): (200_000, 999_999),
    N_("about a million"): (800_000, 1_200_000),
    N_("millions"): (2_000_000, 9_999_999),
}
TENS_OF_THOUSANDS = CLAIM_WORDS["tens of thousands"]
#: The same round expressions as a student types them in Indonesian (read in both editions, as English is):
#: Indonesian expression -> the English key of CLAIM_WORDS. Each translation of a key is one of them.
CLAIM_WORDS_ID = {
    "ratusan": "hundreds", "beratus ratus": "hundreds",
    "beberapa ribu": "a few thousand",
    "ribuan": "thousands", "beribu ribu": "thousands",
    "sekitar sepuluh ribu": "about ten thousand", "kira kira sepuluh ribu": "about ten thousand",
    "sepuluh ribu": "ten thousand",
    "puluhan ribu": "tens of thousands", "berpuluh puluh ribu": "tens of thousands",
    "ratusan ribu": "hundreds of thousands", "beratus ratus ribu": "hundreds of thousands",
    "sekitar satu juta": "about a million", "sekitar sejuta": "about a million",
    "kira kira satu juta": "about a million", "kira kira sejuta": "about a million",
    "jutaan": "millions", "berjuta juta": "millions",
}
#: Words that hedge a number ("about 12,000", "sekitar 12.000"): a plain number is read as "about" it anyway.
HEDGES = ("about", "around", "some", "roughly", "approximately", "sekitar", "kira kira", "kurang lebih",
          "lebih kurang", "sekira", "kisaran")
#: Number words a student may put before a multiplier ("a million", "satu juta", "sejuta").
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "se": 1, "satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5,
                "enam": 6, "tujuh": 7, "delapan": 8, "sembilan": 9, "sepuluh": 10}
MULTIPLIERS = {"hundred": 100, "ratus": 100, "thousand": 1_000, "ribu": 1_000, "rb": 1_000, "k": 1_000,
               "million": 1_000_000, "juta": 1_000_000, "jt": 1_000_000}
#: The largest number the checker reads: far above any figure of the chapter, and safe for arithmetic.
LARGEST_CLAIM = 10 ** 12
QUALIFIER_WORDS = {"exact": "{number}", "about": N_("about {number}"), "more_than": N_("more than {number}")}


def _qualified(value, qualifier: str) -> str:
    """A figure with its qualifier, in the reader's language: "about 20,000" / "sekitar 20.000"."""
    return _(QUALIFIER_WORDS.get(qualifier, "{number}")).format(number=fmt_int(value))


def _and(items) -> str:
    """Items joined as a sentence joins them: "a and b" / "a dan b"."""
    items = [str(item) for item in items]
    text = items[0] if items else ""
    for item in items[1:]:
        text = _("{first} and {second}").format(first=text, second=item)
    return text


def pow_table() -> pd.DataFrame:
    return data.table("pow_figures")


def figure_row(figure_id: str) -> pd.Series:
    return pow_table().set_index("id").loc[figure_id]


# --- The claim checker ------------------------------------------------------------------

def _words(text) -> str:
    """A claim as the checker reads it: lower case, single spaces, no hyphens or surrounding quotes."""
    words = " ".join(str(text).lower().replace("-", " ").split())
    return words.strip(" '\"‘’“”.!?")


def _phrase(words: str) -> str | None:
    """The English key of a round expression, typed in English or Indonesian; None for anything else."""
    if words in CLAIM_WORDS:
        return words
    return CLAIM_WORDS_ID.get(words)


def _numeral(text: str) -> Fraction | None:
    """A number written with either language's marks: 12,000 / 12.000 / 12 000; 1.5 / 1,5; 1.500.000,5."""
    if len(text) > 40:  # far beyond any count: not a number a student means
        return None
    text = re.sub(r"(?<=\d) (?=\d{3}(?!\d))", "", text)
    grouped = re.fullmatch(r"(\d{1,3})((?:([.,])\d{3})(?:\3\d{3})*)(?:([.,])(\d+))?", text)
    if grouped and grouped.group(4) != grouped.group(3):
        whole = grouped.group(1) + grouped.group(2).replace(grouped.group(3), "")
        return Fraction(whole + ("." + grouped.group(5) if grouped.group(5) else ""))
    plain = re.fullmatch(r"(\d+)(?:[.,](\d+))?", text)
    if plain:
        return Fraction(plain.group(1) + ("." + plain.group(2) if plain.group(2) else ""))
    return None


def _number(words: str) -> Fraction | None:
    """A typed number: "12,000", "1.500.000", "1,5 juta", "1.5 million", "20 ribu", "sejuta", "a million"."""
    words = re.sub(r"(?<=\d) an$", "", words)  # "20.000-an": twenty thousand or so
    scaled = re.fullmatch(r"(\d[\d.,]*|[a-z]+) ?(" + "|".join(MULTIPLIERS) + ")", words)
    if scaled:
        head, multiplier = scaled.groups()
        value = Fraction(NUMBER_WORDS[head]) if head in NUMBER_WORDS else _numeral(head)
        return None if value is None else value * MULTIPLIERS[multiplier]
    return _numeral(words)


def _not_understood(text) -> str:
    phrases = "; ".join(f"'{w}'" for w in dict.fromkeys(_(key) for key in CLAIM_WORDS))
    return _("The claim '{claim}' is not understood. Write a number such as {number}, or one of: {phrases}. "
             "A number may also be followed by thousand or million, as in {example}.").format(
        claim=text, number=fmt_int(12_000), phrases=phrases, example=format_millions(1_500_000))


def parse_claim(text) -> tuple[int, int]:
    """The range of numbers a claim covers: 'tens of thousands' (or 'puluhan ribu') -> (20000, 99999).

    A plain number ('12,000', '12.000', '1,5 juta', '1.5 million') is read as 'about' that number (±20%).
    English and Indonesian are both read, whatever the language of the course. Anything else
    raises ValueError with a message, in the course's language, that lists what is understood.
    """
    words = _words(text)
    key = _phrase(words)
    if key is None:
        hedge = next((h for h in HEDGES if words.startswith(h + " ")), None)
        if hedge:
            words = words[len(hedge) + 1:]
            key = _phrase(words)
    if key is not None:
        return CLAIM_WORDS[key]
    number = _number(words)
    if number is not None and number.denominator == 1 and 0 < number <= LARGEST_CLAIM:
        number = int(number)
        return round(number * 0.8), round(number * 1.2)
    raise ValueError(_not_understood(text))


def claim_label(text) -> str:
    """A claim as a reader sees it quoted: a round expression in the course's language, anything else as typed."""
    key = _phrase(_words(text))
    return _(key) if key is not None else str(text)


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
        raise ValueError(_("Unknown group '{group}'. Choose one of: {choices}.").format(
            group=group, choices=", ".join(GROUPS)))
    if scope not in SCOPES:
        raise ValueError(_("Unknown scope '{scope}'. Choose one of: {choices}.").format(
            scope=scope, choices=", ".join(SCOPES)))
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
    """How a claim's range compares with the sources' range (the short verdict comes before any colon)."""
    if high < claim_low:
        return _("too high: the sources give fewer")
    if low > claim_high:
        return _("too low: the sources give more")
    if claim_low <= low and high <= claim_high:
        return _("consistent with the sources")
    if low < claim_low and high <= claim_high:
        return _("right in order of magnitude, but only at its lower end: only the higher figures in the sources "
                 "reach it")
    if high > claim_high and low >= claim_low:
        return _("right in order of magnitude, but only at its upper end: only the lower figures in the sources "
                 "stay within it")
    return _("consistent with some of the figures in the sources, which spread wider than the claim")


def judge_claim(claim, group: str = "both", scope: str = "thaw") -> str:
    """Compare a claim ('tens of thousands') with the data; clear text for bad input."""
    try:
        claim_low, claim_high = parse_claim(claim)
        found = data_range(group, scope)
    except ValueError as error:
        return str(error)
    who = f"{_(GROUPS[group])} {_(SCOPES[scope])}"
    if found["low"] == found["high"]:
        counted = fmt_int(found["low"])
    else:
        counted = _("{low} to {high}").format(low=fmt_int(found["low"]), high=fmt_int(found["high"]))
    verdict = _verdict(found["low"], found["high"], claim_low, claim_high)
    round_figures = [_qualified(r["value"], r["qualifier"]) for r in found["rows"] if r["qualifier"] != "exact"]
    weak = [fmt_int(r["value"]) for r in found["rows"] if r["grade"] == "D"]
    if round_figures:
        counted = _("{counted} (round figures in the sources: {figures})").format(
            counted=counted, figures=", ".join(round_figures))
    text = _("'{claim}' means about {low}–{high}. {who}: {counted} by the sources the course uses. "
             "The claim is {verdict}.").format(claim=claim_label(claim), low=fmt_int(claim_low),
                                                high=fmt_int(claim_high), who=who, counted=counted, verdict=verdict)
    if weak:
        text += " " + _("Grade D (a popular copy, to be checked): {figures}.").format(figures=", ".join(weak))
    if scope == "thaw" and "german" in NATIONALITY[group]:
        low_ids, high_ids = BOUNDS[("german", "thaw")]
        parts = " + ".join(fmt_int(figure_row(i)["value"]) for i in low_ids)
        german_low = sum(int(figure_row(i)["value"]) for i in low_ids)
        first_wave, second_wave = (figure_row(i) for i in low_ids)
        text += " " + _("German citizens, civilians included: at least {parts} = {total} (prisoners of war released "
                        "by {date}; everyone who came home in {span}), about {round} in Zeidler's round figure for "
                        "both waves.").format(
            parts=parts, total=fmt_int(german_low), date=fmt_date(first_wave["period_end"]),
            span=fmt_span(second_wave["period_start"], second_wave["period_end"], "month"),
            round=fmt_int(figure_row(high_ids[0])["value"]))
        pows_verdict = _verdict(found["pows"], found["pows"], claim_low, claim_high).split(":")[0]
        japanese = (_(", and {count} Japanese").format(count=fmt_int(figure_row(POWS_ONLY["japanese"])["value"]))
                    if "japanese" in NATIONALITY[group] else "")
        text += " " + _("Prisoners of war alone: about {count} (about {germans} Germans, three quarters of the German "
                        "returnees by Zeidler's estimate{japanese}); for them the claim is {verdict}.").format(
            count=fmt_int(found["pows"]), germans=fmt_int(figure_row(POWS_ONLY["german"])["value"]),
            japanese=japanese, verdict=pows_verdict)
    if scope == "thaw" and "japanese" in NATIONALITY[group]:
        text += " " + _("The Japanese figures count those still held in 1956; the smaller groups sent home from late "
                        "1953 are not added, as no total for them was found.")
    if scope == "before":
        german, japanese = (figure_row(BOUNDS[(n, "before")][0][0]) for n in ("german", "japanese"))
        text += " " + _("Before the Thaw the counts are partial (Germans from {german}, Japanese to {japanese}): no "
                        "year-by-year series was found.").format(
            german=fmt_span(german["period_start"], precision="month"),
            japanese=fmt_span(japanese["period_end"], precision="month"))
    return text


def build_explorer():
    """The ipywidgets claim checker: the verdict on a claim, and the chart of scale with the claim's band."""
    import ipywidgets as widgets

    # The claim is typed text, read in English and Indonesian alike; it opens on the seed text's claim.
    claim = widgets.Text(value=_("tens of thousands"), description=_("Claim"), layout={"width": "32em"},
                         continuous_update=False)
    group = widgets.Dropdown(options=[(_(label), key) for key, label in GROUPS.items()], value="both",
                             description=_("Who"))
    scope = widgets.ToggleButtons(options=[(_("In the Thaw"), "thaw"), (_("Before the Thaw"), "before")],
                                  value="thaw", description=_("When"))
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

ERAS = {"before": (N_("Before the Thaw"), PALETTE["blue"]), "thaw": (N_("In the Thaw"), PALETTE["vermillion"]),
        "total": (N_("The whole captivity"), PALETTE["grey"])}
#: How the legend names each evidence mark of a bar (see thaw.charts.evidence_hatch).
MARK_NAMES = {"grade D": N_("grade D copy (cross-hatched)"), "derived": N_("derived by arithmetic (hatched)"),
              "approximate": N_("approximate figure (dotted)")}
NATIONS = {"german": N_("Germans"), "japanese": N_("Japanese")}
#: A row without a chart label is named by who, what and when: one sentence pattern per measure.
MEASURE_LABELS = {"held": N_("{who} held, {when}"), "died": N_("{who} died, {when}"),
                  "released": N_("{who} released, {when}"), "repatriated": N_("{who} repatriated, {when}"),
                  "planned": N_("{who} planned, {when}"), "handed_over": N_("{who} handed over, {when}"),
                  "taken": N_("{who} taken, {when}"),
                  "returned_incl_civilians": N_("{who} returned incl civilians, {when}")}



def _label(row) -> str:
    """The row's chart label, or for a row without one: who, what and when ("Germans held, 21 Aug 1953")."""
    if row["label"]:
        return row["label"]
    when = fmt_span(row["period_start"] if pd.notna(row["period_start"]) else row["period_end"], row["period_end"])
    pattern = MEASURE_LABELS.get(row["measure"], "{who} " + row["measure"].replace("_", " ") + ", {when}")
    return _(pattern).format(who=_(NATIONS[row["nationality"]]), when=when)


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
    return chosen.assign(label=[_label(row) for _i, row in chosen.iterrows()]).reset_index(drop=True)


def _amount(row) -> str:
    return _qualified(row["value"], row["qualifier"])


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
        marks = [evidence_mark(r["grade"], r["status"], r["qualifier"]) for _row, r in in_era.iterrows()]
        for mark in dict.fromkeys(marks):  # one legend entry per evidence mark present, none empty
            part = in_era[[m == mark for m in marks]]
            first = part.iloc[0]
            fig.add_trace(go.Bar(
                y=part["label"], x=part["value"], orientation="h",
                name=f"{_(era_name)} ({years})" + ("" if mark is None else f", {_(MARK_NAMES[mark])}"),
                marker=dict(color=colour, pattern_shape=evidence_hatch(first["grade"], first["status"],
                                                                       first["qualifier"])),
                text=[_amount(r) for _row, r in part.iterrows()], textposition="outside", cliponaxis=False,
                customdata=[_("grade {grade} · {source}").format(grade=g, source=s[:80])
                            for g, s in zip(part["grade_detail"], part["source"])],
                hovertemplate="%{y}: %{text}<br>%{customdata}<extra></extra>"))
    if claim is not None:
        low, high = parse_claim(claim)
        fig.add_vrect(x0=low, x1=high, fillcolor=PALETTE["yellow"], opacity=0.35, line_width=0, layer="below")
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", hoverinfo="skip",
                                 name=_("Yellow band: '{claim}' ({low}–{high})").format(
                                     claim=claim_label(claim), low=fmt_int(low), high=fmt_int(high)),
                                 marker=dict(symbol="square", size=12, color=PALETTE["yellow"])))
    fig.update_yaxes(categoryorder="array", categoryarray=list(table["label"])[::-1], showgrid=False)
    largest, smallest = float(table["value"].max()), float(table["value"].min())
    log_range = [round(math.log10(smallest) - 0.5, 1), round(math.log10(largest) + 0.3, 1)]
    fig.update_xaxes(title=_("people"), tickformat=",")
    fig.update_layout(barmode="overlay", hovermode="closest", margin=dict(l=380))
    views(fig, [View(_("Linear scale"), None, {"xaxis.type": "linear", "xaxis.range": [0, largest * 1.3]}),
                View(_("Log scale"), None, {"xaxis.type": "log", "xaxis.range": log_range})])
    alt = _("Bar chart.") + " " + " ".join(
        f"{_(ERAS[era][0])}: " + "; ".join(f"{r['label']}: {_amount(r)}" for _row, r in table[table["era"] == era].iterrows())
        + "." for era in ERAS if (table["era"] == era).any())
    if claim is not None:
        reaching = [_amount(r) for _row, r in table[table["era"] == "thaw"].iterrows() if low <= r["value"] <= high]
        if not reaching:
            within = _("Of the Thaw figures, none fall within the band of '{claim}'.")
        elif len(reaching) == 1:
            within = _("Of the Thaw figures, {figures} falls within the band of '{claim}'.")
        else:
            within = _("Of the Thaw figures, {figures} fall within the band of '{claim}'.")
        alt += " " + within.format(figures=_and(reaching), claim=claim_label(claim))
    return finish(fig, height=560, title=_("Released in the Thaw, repatriated before it: German and Japanese POWs"),
                  source=_("pow_figures.csv: Hansard 21 May 1947 (Moscow CFM table); Arzamaskin, Тайны советской "
                           "репатриации (with the TASS statement of 5 May 1950); Zeidler 1996 (MVD, Pravda and West "
                           "German government figures); Dorokhov; Kobayashi"),
                  alt=alt)


# --- Who was still held --------------------------------------------------------------------

#: Stocks left off the lines: a second figure for the same date (the prisoners of war of 21 Aug 1953 are
#: plotted; the 19,848 convicted Germans of that day include civilians and would break the POW line).
HELD_NOT_PLOTTED = ["de-held-1950-alt", "de-held-1953-convicted", "jp-held-1956-dorokhov"]
#: The events the chart of stocks marks (rows of events.csv): Adenauer in Moscow, the Soviet–Japanese Joint Declaration.
HELD_EVENTS = ["e24", "e40"]
HELD_LINES = {"german": (N_("Germans still held"), PALETTE["blue"]),
              "japanese": (N_("Japanese still held"), PALETTE["orange"])}


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
            x=points["date"], y=points["value"], mode="lines+markers+text", name=_(name),
            line=dict(color=colour, width=3, dash="dot"), text=[_amount(r) for _row, r in points.iterrows()],
            textposition="top right", textfont=dict(size=11),
            marker=dict(size=11, color=colour, line=dict(width=2, color=colour),
                        symbol=[evidence_symbol("circle", r["grade"], r["status"], r["qualifier"])
                                for _row, r in points.iterrows()]),
            customdata=[[fmt_span(r["period_start"], r["period_end"]),
                         _("{note}<br>grade {grade}").format(note=r["note"][:100], grade=r["grade_detail"])]
                        for _row, r in points.iterrows()],
            hovertemplate="%{customdata[0]}: %{text}<br>%{customdata[1]}<extra></extra>"))
    fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers",
                             name=_("open marker: an approximate figure or a grade D copy"),
                             marker=dict(symbol="circle-open", size=11, color=PALETTE["grey"], line=dict(width=2))))
    fig.update_yaxes(title=_("prisoners still held"), tickformat=",")
    fig.update_xaxes(range=[start, end])
    views(fig, [View(_("Log scale"), None, {"yaxis.type": "log", "yaxis.range": [2.5, 6.3]}),
                View(_("Linear scale"), None, {"yaxis.type": "linear", "yaxis.range": [0, 1_200_000]})])
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
                                  for _row, r in points[points["era"] == era].iterrows()) for era in ("before", "thaw"))
        lines.append(_("{line}: {before} before the Thaw; {thaw} in it").format(
            line=_(HELD_LINES[nationality][0]), before=before, thaw=thaw))
    years = fmt_span(min(dates), max(dates), "year")
    return finish(fig, height=560, title=_("Prisoners of war still held in the USSR, {years}").format(years=years),
                  source=_("pow_figures.csv: Hansard 21 May 1947; TASS 5 May 1950 (via Arzamaskin); Arzamaskin; MVD "
                           "21 Aug 1953 (via Zeidler 1996); Dorokhov; SCAP statement of 11 Dec 1948 (FRUS 1948 VI, "
                           "doc. 624); Kobayashi; events.csv"),
                  alt=_("Line chart on a log scale.") + " " + ". ".join(lines) + ".")


#: The chapter's figures, in the order the notebook shows them (see tests/test_figures.py).
FIGURES = {"held": still_held_figure, "scale": releases_and_repatriations_figure}
EXPLORER = build_explorer
