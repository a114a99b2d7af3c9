"""Figures and the claim checker for chapter 3, "The 20th Congress and the Secret Speech, February 1956".

Everything is built from the tables in ``data/`` (``pospelov``, ``speech_topics``,
``congress_claims``, ``congress_timeline`` and the course timeline ``events``), so
each number and each verdict on a chart has the source and evidence grade of its row.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import textwrap

import pandas as pd
import plotly.graph_objects as go

from thaw import answers as answers_file
from thaw import data
from thaw.charts import (PALETTE, View, evidence_hatch, evidence_symbol, finish, fmt_date, fmt_int, fmt_pct, fmt_span,
                         grouped, views)
from thaw.explore import LinkedView

VERDICT_LABELS = {"correct": "Correct", "wrong": "Wrong", "misleading": "Misleading"}
#: Course-timeline events (data/events.csv) that the date quiz asks about.
QUIZ_EVENT_IDS = ["e12", "e27", "e29", "e30", "e31", "e32", "e37"]
#: The course-timeline event of the Pospelov Commission's report (its date is the report's).
POSPELOV_REPORT = "e29"
#: Events of data/events.csv drawn on the timeline of the claims chart.
TIMELINE_EVENT_IDS = ["e04", "e05", "e12", "e27", "e29", "e30", "e31", "e32", "e36", "e37", "e41"]
#: The course-timeline event before which no quiz date can fall: Stalin's death.
STALIN_DIES = "e01"
LANES = {"POL": "Party and state", "PEN": "Party and state", "UPR": "Unrest", "FOR": "Unrest",
         "NEWS": "News of the speech"}
LANE_COLOURS = {"Party and state": PALETTE["blue"], "Unrest": PALETTE["vermillion"],
                "News of the speech": PALETTE["green"]}
TIMELINE_RANGE = ["1953-01-01", "1957-01-31"]
#: How the claims chart draws a row of data/congress_timeline.csv that gives another date for a course-timeline event,
#: by its ``difference``: legend label, marker symbol, and whether it takes its lane's colour (else grey).
DIFFERENCE_STYLES = {
    "definition-or-date": ("Another date of the same event (its release)", "diamond", True),
    "conflict": ("A rival date given by another source", "square", True),
    "error": ("A misprint in one source: an error, not a rival date", "circle-x", False),
}


def _given(value) -> bool:
    """True for a filled cell: the loader reads an empty text cell as "" (older versions: None)."""
    return isinstance(value, str) and value != "" or (not isinstance(value, str) and pd.notna(value))


def _wrap(text: str, width: int) -> str:
    return "<br>".join(textwrap.wrap(str(text), width))


# --- The Pospelov Commission's figures --------------------------------------------------

def pospelov_values() -> dict[tuple[str, str], int]:
    """(group, measure) -> number of persons, for every row of data/pospelov.csv."""
    rows = data.table("pospelov")
    return {(r.group, r.measure): int(r.value) for r in rows.itertuples()}


def pospelov_figure() -> go.Figure:
    """The Pospelov Commission's figures: what became of the 17th Congress delegates, and the arrests and
    executions of 1937–1938; two buttons."""
    rows = data.table("pospelov")
    delegates = rows[rows["id"].str.startswith("delegates-")].set_index("measure")
    terror = rows[rows["id"].str.startswith("terror-")].set_index("measure")
    total, arrested_delegates = int(delegates.loc["delegates", "value"]), int(delegates.loc["arrested", "value"])
    # "17th Congress delegates (1934)" -> "17th Congress", "(1934)"
    congress, year = re.fullmatch(r"(.+) delegates (\(\d{4}\))", delegates["group"].iloc[0]).groups()
    years = terror["group"].iloc[0]

    def hover(row):
        return f"{row['source']} · grade {row['grade_detail']}" + (" · derived" if row["status"] == "derived" else "")

    fig = go.Figure()
    parts = [("shot", "Shot", PALETTE["vermillion"]),
             ("arrested_not_shot", f"Arrested, not shot (derived: {fmt_int(arrested_delegates)} − "
                                   f"{fmt_int(delegates.loc['shot', 'value'])})", PALETTE["orange"]),
             ("not_arrested", f"Not arrested (derived: {fmt_int(total)} − {fmt_int(arrested_delegates)})",
              PALETTE["sky"])]
    for measure, label, colour in parts:  # one stacked bar of the delegates
        row = delegates.loc[measure]
        value = int(row["value"])
        fig.add_trace(grouped("delegates", go.Bar(
            y=[f"{fmt_int(total)} delegates"], x=[value], orientation="h", name=label,
            marker=dict(color=colour, pattern_shape=evidence_hatch(row["grade"], row["status"])),
            text=[f"{fmt_int(value)}<br>({fmt_pct(value / total, signed=False)})"], textangle=0,
            textposition="inside", insidetextanchor="middle", customdata=[hover(row)],
            hovertemplate=label + ": %{x:,}<br>%{customdata}<extra></extra>")))
    arrested, shot = terror.loc["arrested"], terror.loc["shot"]
    fig.add_trace(grouped("terror", go.Bar(  # arrests and executions
        y=["Shot", "Arrested for “anti-Soviet activity”"],  # bars are drawn bottom-up
        x=[int(shot["value"]), int(arrested["value"])], orientation="h",
        name=years, showlegend=False, marker_color=[PALETTE["vermillion"], PALETTE["blue"]],
        text=[fmt_int(shot["value"]), fmt_int(arrested["value"])], textposition="outside",
        cliponaxis=False, customdata=[hover(shot), hover(arrested)],
        hovertemplate="%{y}: %{x:,}<br>%{customdata}<extra></extra>")))
    heading = "{}<br><span style='font-size:13px'>{}</span>"
    titles = [
        heading.format(f"What became of the delegates to the {congress} {year}",
                       f"{fmt_int(delegates.loc['arrested', 'value'])} of {fmt_int(total)} were arrested, "
                       f"{fmt_int(delegates.loc['shot', 'value'])} of them shot"),
        heading.format(f"Arrests and executions in {years}, as reported to the Presidium",
                       f"{fmt_int(shot['value'])} shot: {fmt_pct(shot['value'] / arrested['value'], signed=False)}"
                       f" of the {fmt_int(arrested['value'])} arrested"),
    ]
    fig.update_layout(barmode="stack", hovermode="closest", margin=dict(l=220), legend_traceorder="normal",
                      bargap=0.35)
    fig.update_xaxes(tickformat=",")
    views(fig, [View(f"{congress} delegates", ["delegates"],
                     {"title.text": titles[0], "xaxis.range": [0, total * 1.02], "xaxis.title.text": "delegates",
                      "showlegend": True}),
                View(f"Arrests and executions, {years}", ["terror"],
                     {"title.text": titles[1], "xaxis.range": [0, int(arrested["value"]) * 1.2],
                      "xaxis.title.text": "persons", "showlegend": False})])
    fig.update_yaxes(showgrid=False)
    report = data.table("events").set_index("id").loc[POSPELOV_REPORT, "start"]
    used = rows["id"].str.startswith(("delegates-", "terror-"))
    return finish(fig, height=400, title=titles[0],
                  source=f"pospelov.csv: report of the Pospelov Commission, {fmt_date(report)}, as quoted in a "
                         f"scholarly book (grade {', '.join(dict.fromkeys(rows['grade_detail'][used]))}); "
                         "derived parts by subtraction",
                  alt=f"Bar chart with two views. Of {fmt_int(total)} delegates to the {congress}, "
                      f"{fmt_int(arrested_delegates)} were arrested and "
                      f"{fmt_int(delegates.loc['shot', 'value'])} shot. In {years}, "
                      f"{fmt_int(arrested['value'])} people were arrested for anti-Soviet activity and "
                      f"{fmt_int(shot['value'])} shot.")


# --- What the speech condemned ------------------------------------------------------------

def topic_columns() -> dict[str, pd.DataFrame]:
    """The topics of data/speech_topics.csv split into the chart's columns, in table order."""
    topics = data.table("speech_topics")
    return {"condemned": topics[topics["speech_verdict"] == "condemned"],
            "untouched": topics[topics["speech_verdict"] != "condemned"]}


def speech_figure() -> go.Figure:
    """What the speech condemned and left untouched; a button adds the seed text's claims."""
    columns = topic_columns()
    x_of = {"condemned": 0.0, "untouched": 1.1}
    placed = []
    for column, frame in columns.items():
        frame = frame.assign(x=x_of[column], y=[-i for i in range(len(frame))])
        placed.append(frame)
    topics = pd.concat(placed)
    styles = {
        "condemned": ("Condemned in the speech", "circle", PALETTE["green"]),
        "not_condemned": ("Not condemned", "square", PALETTE["grey"]),
        "not_reopened": ("Verdicts left standing (not reopened)", "triangle-up", PALETTE["orange"]),
    }  # told apart by shape and colour: an open marker would mean weak evidence (charts.evidence_symbol)
    fig = go.Figure()
    for verdict, (label, symbol, colour) in styles.items():  # the record
        rows = topics[topics["speech_verdict"] == verdict]
        fig.add_trace(grouped("record", go.Scatter(
            x=rows["x"], y=rows["y"], mode="markers+text", name=label, text=[_wrap(t, 30) for t in rows["topic"]],
            textposition="middle right", cliponaxis=False, textfont=dict(size=13),
            marker=dict(symbol=[evidence_symbol(symbol, grade) for grade in rows["grade"]], size=16, color=colour,
                        line=dict(width=2.5, color=colour)),
            customdata=[[r.topic, _wrap(r.detail, 60) + (f"<br>Later: {_wrap(r.later, 60)}" if _given(r.later) else ""),
                         r.source, r.grade] for r in rows.itertuples()],
            hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<br>Source: %{customdata[2]} "
                          "(grade %{customdata[3]})<extra></extra>")))
    seed = topics[topics["seed_claim"] == "condemned"]
    overlays = [("wrong", "Seed text: “condemned” (wrong)", "x", PALETTE["vermillion"]),
                ("right", "Seed text: “condemned” (right, or partly right)", "diamond", PALETTE["blue"])]
    for key, label, symbol, colour in overlays:  # the seed text's claims, hidden at first
        rows = seed[seed["seed_verdict"] == "wrong"] if key == "wrong" else seed[seed["seed_verdict"] != "wrong"]
        fig.add_trace(grouped("seed", go.Scatter(
            x=rows["x"] - 0.07, y=rows["y"], mode="markers", name=label,
            marker=dict(symbol=symbol, size=15, color=colour, line=dict(width=2.5, color=colour)),
            customdata=[[r.topic, r.seed_verdict.replace("_", " ")] for r in rows.itertuples()],
            hovertemplate="The seed text lists “%{customdata[0]}” as condemned: %{customdata[1]}<extra></extra>")))
    wrong = int((seed["seed_verdict"] == "wrong").sum())
    partly = int((seed["seed_verdict"] == "partly_correct").sum())
    record_title = "What the Secret Speech condemned, and what it left untouched"
    seed_title = ("What the Secret Speech condemned, and what it left untouched<br><span style='font-size:13px'>"
                  f"The seed text lists {len(seed)} of these topics as condemned: {wrong} wrong, "
                  f"{partly} only partly right</span>")
    depth = max(len(frame) for frame in columns.values())
    for column, heading in (("condemned", "<b>Condemned</b>"), ("untouched", "<b>Left untouched</b>")):
        fig.add_annotation(x=x_of[column], y=0.9, xanchor="left", yanchor="bottom", text=heading,
                           showarrow=False, font=dict(size=14))
    fig.update_layout(hovermode="closest")
    views(fig, [View("The speech", ["record"], {"title.text": record_title}),
                View("… and the seed text's claims", ["record", "seed"], {"title.text": seed_title})])
    fig.update_xaxes(visible=False, range=[-0.15, 2.15], fixedrange=True)
    fig.update_yaxes(visible=False, range=[-depth + 0.4, 1.3], fixedrange=True, rangemode="normal")
    readable = data.table("speech_topics").rename(columns={
        "speech_verdict": "in the speech", "seed_claim": "in the seed text", "seed_verdict": "seed text is"})
    readable = readable[["topic", "in the speech", "in the seed text", "seed text is", "source", "grade"]]
    return finish(fig, height=560, title=record_title, table=readable,
                  source="speech_topics.csv: research notes §4 rows 4–5 (EN Wikipedia, grade C); Pospelov Commission; "
                         "Lewin, The Soviet Century",
                  alt=f"Two columns of topics. Condemned in the speech: "
                      f"{'; '.join(columns['condemned']['topic'])}. Left untouched: "
                      f"{'; '.join(columns['untouched']['topic'])}. A button marks the {len(seed)} topics the seed "
                      f"text lists as condemned: {wrong} of them were not.")


# --- The claim checker --------------------------------------------------------------------

def claims() -> pd.DataFrame:
    """The seed text's claims about the congress, in the order of the text."""
    return data.table("congress_claims").sort_values("position").reset_index(drop=True)


def check_claim(claim_id: str) -> str:
    """The verdict on one claim of the seed text, with the correct fact and its source."""
    table = claims().set_index("claim_id")
    if claim_id not in table.index:
        return f"No claim called '{claim_id}'. Choose one of: {', '.join(table.index)}."
    row = table.loc[claim_id]
    return (f"{VERDICT_LABELS[row['verdict']]}. The seed text says “{row['claim']}” "
            f"(Indonesian: “{row['original']}”). {row['correct_fact']} "
            f"Source: {row['source']} (grade {row['grade']}; research notes {row['factsheet_row']}).")


def quiz_events() -> pd.DataFrame:
    """The events the date quiz asks about: id, start, end, precision, title, source, grade, alternatives.

    ``alternatives`` lists the other dates that sources give for the event (rows of
    data/congress_timeline.csv with ``alternative_to``), each a dict of date, title, source,
    grade and difference: ``definition-or-date`` (another stage of the same event), ``conflict`` (a rival
    date from an equally good source) or ``error`` (a misprint in one source).
    """
    events = data.table("events").set_index("id").loc[QUIZ_EVENT_IDS].reset_index()
    timeline = data.table("congress_timeline")
    disputed = timeline["alternative_to"].map(_given)
    alternatives, own = timeline[disputed], timeline[~disputed]
    rows = [dict(id=e.id, start=e.start, end=e.end if pd.notna(e.end) else e.start, precision=e.precision,
                 title=e.title, source=e.source, grade=e.grade,
                 alternatives=[dict(date=a.date, precision=a.precision, title=a.title, source=a.source,
                                    grade=a.grade, difference=a.difference)
                               for a in alternatives[alternatives["alternative_to"] == e.id].itertuples()])
            for e in events.itertuples()]
    rows += [dict(id=t.id, start=t.date, end=t.date, precision=t.precision, title=t.title, source=t.source,
                  grade=t.grade, alternatives=[]) for t in own.itertuples()]
    return pd.DataFrame(rows)


def _matches(day: pd.Timestamp, start: pd.Timestamp, end: pd.Timestamp, precision: str) -> bool:
    if precision == "year":
        return day.year == start.year
    if precision == "month":
        return (start.year, start.month) <= (day.year, day.month) <= (end.year, end.month)
    return start <= day <= end


def parse_day(text) -> dt.date | str:
    """A date from 'YYYY-MM-DD' text, or a sentence saying what is wrong with the text."""
    text = str(text).strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return "Give the date as YYYY-MM-DD, for example 1956-02-25."
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        return f"{text} is not a date in the calendar: check the month and the day."
    stalin_dies = data.table("events").set_index("id").loc[STALIN_DIES, "start"].date()
    if day < stalin_dies:
        return (f"{fmt_date(day)} is before Stalin's death on {fmt_date(stalin_dies)}; "
                "every event in this quiz came after it.")
    if day > dt.date.today():
        return f"{fmt_date(day)} is in the future."
    return day


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _other_date(event: pd.Series, when: str, other: dict) -> str:
    """Feedback on a guess that hits another stage of the event, or a misprint in one source."""
    day, cite = fmt_span(other["date"], precision=other["precision"]), f"Source: {event['source']} (grade {event['grade']})."
    if other["difference"] == "error":
        return (f"Not this one: {day} is a misprint in one source, not a rival date. {other['source']} "
                f"(grade {other['grade']}) prints it, but no other source read gives it, and better evidence "
                f"contradicts it. The date is: {event['title']}, {when}. {cite}")
    return (f"Close, but {day} is another stage of the same event: {_lower_first(other['title'])} "
            f"({other['source']}, grade {other['grade']}). The event itself: {event['title']}, {when}. {cite}")


def _asides(others: list[dict]) -> str:
    """One sentence on the other dates of an event: its later stages and any misprint."""
    parts = [f"on {fmt_span(other['date'], precision=other['precision'])}, {_lower_first(other['title'])}"
             for other in others if other["difference"] == "definition-or-date"]
    parts += [f"{fmt_span(other['date'], precision=other['precision'])}, printed by {other['source']}, is a misprint"
              for other in others if other["difference"] == "error"]
    return f" Also: {'; '.join(parts)}." if parts else ""


def check_date(event_id: str, guess) -> str:
    """Feedback on a guessed date (text 'YYYY-MM-DD') for one quiz event.

    States a match, the size of a miss, a conflict between sources, a gap in them,
    another stage of the same event, or a misprint in one source (which is never
    treated as a rival date); an impossible or unreadable date gets a sentence
    saying what is wrong.
    """
    events = quiz_events().set_index("id")
    if event_id not in events.index:
        return f"No event called '{event_id}'. Choose one of: {', '.join(events.index)}."
    day = parse_day(guess)
    if isinstance(day, str):
        return day
    day = pd.Timestamp(day)
    event = events.loc[event_id]
    start, end, precision = event["start"], event["end"], event["precision"]
    when = fmt_span(start, end, precision)
    others = event["alternatives"]
    for other in others:
        if day == other["date"] and other["difference"] != "conflict":
            return _other_date(event, when, other)
    rivals = [other for other in others if other["difference"] == "conflict"]
    if rivals:  # a real conflict: every source's date, none preferred
        dates = [(start, event["source"], event["grade"])] + [(o["date"], o["source"], o["grade"]) for o in rivals]
        given = "; ".join(f"{fmt_span(d, precision=precision)} ({s}, grade {g})" for d, s, g in dates)
        for other, source, grade in dates:
            if day == other:
                return (f"Your date, {fmt_date(day)}, is the one given by {source} (grade {grade}). "
                        f"But the sources disagree: {given}. Neither is confirmed in the course's sources, "
                        "so cite both.")
        nearest = min((d for d, _, _ in dates), key=lambda d: abs((day - d).days))
        gap = (day - nearest).days
        return (f"Not quite: you said {fmt_date(day)}, {fmt_int(abs(gap))} days "
                f"{'before' if gap < 0 else 'after'} the nearest date the sources give. "
                f"They disagree: {given}.")
    cite = f"Source: {event['source']} (grade {event['grade']})."
    if _matches(day, start, end, precision):
        if precision == "year":
            return (f"Correct year: {event['title']}, {when}. The day and month are not in the course's "
                    f"sources: a gap, not a fact to guess. {cite}")
        if precision == "month":
            return f"Correct month: {event['title']}, {when}; the source gives no day. {cite}"
        return f"Correct: {event['title']}, {when}. {cite}{_asides(others)}"
    if precision == "day":
        gap = (day - start).days if day < start else (day - end).days
    else:
        first = start if precision == "month" else pd.Timestamp(start.year, 1, 1)
        gap = (day - first).days
    direction = "too early" if gap < 0 else "too late"
    years = abs(day.year - start.year)
    wrong_year = f" That is the wrong year (off by {years})." if years and abs(gap) > 180 else ""
    return (f"Not quite: you said {fmt_date(day)}, but the sources give {when} "
            f"({fmt_int(abs(gap))} days {direction}).{wrong_year} {cite}")


# --- The timeline of the claims chart -------------------------------------------------------

def timeline_items() -> pd.DataFrame:
    """Everything drawn on the timeline: id, start, end, title, lane, source, grade, difference.

    ``difference`` is empty for an event, and for a row of data/congress_timeline.csv that
    gives another date for an event it says what kind: date, conflict or error.
    """
    events = data.table("events").set_index("id").loc[TIMELINE_EVENT_IDS].reset_index()
    items = [dict(id=e.id, start=e.start, end=e.end if pd.notna(e.end) else e.start, precision=e.precision,
                  title=e.title, lane=LANES[e.category], source=e.source, grade=e.grade, difference="")
             for e in events.itertuples()]
    for t in data.table("congress_timeline").itertuples():
        other = _given(t.alternative_to)
        lane = LANES[events.set_index("id").loc[t.alternative_to, "category"]] if other else LANES["NEWS"]
        items.append(dict(id=t.id, start=t.date, end=t.date, precision=t.precision, title=t.title, lane=lane,
                          source=t.source, grade=t.grade, difference=t.difference if other else ""))
    return pd.DataFrame(items)


def _timeline_base(items: pd.DataFrame, start=TIMELINE_RANGE[0], end=TIMELINE_RANGE[1]) -> go.Figure:
    fig = go.Figure()
    lanes = list(dict.fromkeys(LANES.values()))
    for lane in lanes:
        for difference in ("", *DIFFERENCE_STYLES):
            rows = items[(items["lane"] == lane) & (items["difference"] == difference)]
            if rows.empty:
                continue
            when = [fmt_span(r.start, r.end, r.precision) for r in rows.itertuples()]
            name, symbol, own_colour = DIFFERENCE_STYLES.get(difference, (lane, "circle", True))
            fig.add_trace(go.Scatter(
                x=rows["start"], y=rows["lane"], mode="markers", showlegend=bool(difference), name=name,
                marker=dict(size=11, color=LANE_COLOURS[lane] if own_colour else PALETTE["grey"],
                            symbol=[evidence_symbol(symbol, grade) for grade in rows["grade"]], line=dict(width=2)),
                customdata=[[w, _wrap(r.title, 50), r.source, r.grade] for w, r in zip(when, rows.itertuples())],
                hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<br>%{customdata[2]} "
                              "(grade %{customdata[3]})<extra></extra>"))
    fig.update_yaxes(categoryorder="array", categoryarray=lanes[::-1], showgrid=True, range=[-0.6, 2.9],
                     rangemode="normal", tickformat="")
    fig.update_layout(hovermode="closest", xaxis=dict(range=[str(start), str(end)], type="date"))
    return fig


def _highlight(items: pd.DataFrame, ids: list[str]) -> tuple[list, list, list]:
    rows = items.set_index("id").loc[ids]
    return (list(rows["start"].dt.strftime("%Y-%m-%d")), list(rows["lane"]),
            [_wrap(f"{fmt_span(r.start, r.end, r.precision)}: {r.title}", 28) for r in rows.itertuples()])


def _alternating(count: int) -> list[str]:
    """Label positions above and below in turn, so that events days apart stay readable."""
    return [("top center", "bottom center")[i % 2] for i in range(count)]


def claim_view(claim_id: str) -> dict:
    """What the claims chart shows for one claim: highlighted events, the claimed date, the title."""
    row = claims().set_index("claim_id").loc[claim_id]
    items = timeline_items()
    ids = str(row["event_ids"]).split(";")
    hx, hy, htext = _highlight(items, ids)
    if pd.notna(row["claimed_date"]):
        lane = items.set_index("id").loc[ids[0], "lane"]
        # congress_claims.csv: a claimed date is a month, given as its first day
        claimed = fmt_span(row["claimed_date"], precision="month")
        cx, cy, ctext = [row["claimed_date"].strftime("%Y-%m-%d")], [lane], [f"Seed text: {claimed}"]
    else:
        cx, cy, ctext = [], [], []
    claim = row["claim"] if len(row["claim"]) <= 55 else row["claim"][:52].rstrip(" ,") + "…"
    title = (f"{VERDICT_LABELS[row['verdict']]}: “{html.escape(claim)}”<br>"
             f"<span style='font-size:13px'>{_wrap(html.escape(row['correct_fact']), 105)}</span>")
    return dict(highlight=(hx, hy, htext), claimed=(cx, cy, ctext), title=title)


def claims_figure(claim: str | None = None, start=TIMELINE_RANGE[0], end=TIMELINE_RANGE[1],
                  menu: bool = True) -> go.Figure:
    """The seed text's claims about the congress over a timeline from ``start`` to ``end``.

    A menu of the claims (the book's kernel-free claim checker) rings the events a claim is about,
    marks any date it gives and states the verdict above the chart. ``claim`` (an id of
    :func:`claims`, e.g. ``"year"``) is the one it opens on; ``menu=False`` draws that claim alone.
    """
    table = claims()
    if claim is not None and claim not in set(table["claim_id"]):
        raise ValueError(f"No claim called '{claim}'. Choose one of: {', '.join(table['claim_id'])}.")
    items = timeline_items()
    fig = _timeline_base(items, start, end)
    shown = claim_view(claim) if claim is not None else dict(highlight=([], [], []), claimed=([], [], []))
    (hx, hy, ht), (cx, cy, ct) = shown["highlight"], shown["claimed"]
    fig.add_trace(grouped("highlight", go.Scatter(
        x=hx, y=hy, text=ht, mode="markers+text", name="Events the claim is about",
        textposition=_alternating(len(hx)), cliponaxis=False, textfont=dict(size=12),
        marker=dict(size=22, symbol="circle-open", color=PALETTE["purple"], line=dict(width=3)), hoverinfo="skip")))
    fig.add_trace(grouped("claimed", go.Scatter(
        x=cx, y=cy, text=ct, mode="markers+text", name="Date the seed text gives",
        textposition=["bottom center"] * len(cx), cliponaxis=False, textfont=dict(size=12),
        marker=dict(size=16, symbol="x", color=PALETTE["vermillion"]), hoverinfo="skip")))
    views_by_claim = {row.claim_id: claim_view(row.claim_id) for row in table.itertuples()}
    start_title = ("Check the seed text against the record<br><span style='font-size:13px'>"
                   "Choose a claim from the menu: the chart rings the events it is about and marks any date "
                   "it gives.<br>Hover over a point for its date and source.</span>")
    lines = max(view["title"].count("<br>") for view in views_by_claim.values())
    start_title += "<br> " * (lines - start_title.count("<br>"))  # keep room for the longest verdict
    title = shown["title"] if claim is not None else start_title

    def restyle(view: dict) -> dict:
        (hx, hy, ht), (cx, cy, ct) = view["highlight"], view["claimed"]
        return {"highlight": {"x": hx, "y": hy, "text": ht, "textposition": _alternating(len(hx))},
                "claimed": {"x": cx, "y": cy, "text": ct, "textposition": ["bottom center"] * len(cx)}}

    if menu:
        choices = [View("Choose a claim…", None, {"title.text": start_title},
                        restyle(dict(highlight=([], [], []), claimed=([], [], []))))]
        choices += [View(f"{row.position}. {row.label}", None, {"title.text": views_by_claim[row.claim_id]["title"]},
                         restyle(views_by_claim[row.claim_id])) for row in table.itertuples()]
        active = 0 if claim is None else list(table["claim_id"]).index(claim) + 1
        views(fig, choices, active=active, dropdown=True)
    dated = table[table["claimed_date"].notna()]
    return finish(fig, height=660, title=title,
                  source="congress_claims.csv (research notes, history-facts.md §4); events.csv; congress_timeline.csv: FRUS; "
                         "CIA 1956; Los Angeles Times 1988 and 1989; EN Wikipedia; Kiselev 2008 (a misprint)",
                  alt=_claims_alt(items, table, dated, start, end))


def _claims_alt(items: pd.DataFrame, table: pd.DataFrame, dated: pd.DataFrame, start, end) -> str:
    drawn = items[(items["start"] >= pd.Timestamp(start)) & (items["start"] <= pd.Timestamp(end))]
    lanes = list(dict.fromkeys(LANES.values()))
    dates = "; ".join(f"{fmt_span(row.claimed_date, precision='month')} for claim {row.position}"
                      for row in dated.itertuples())
    return (f"Timeline from {drawn['start'].min().year} to {drawn['start'].max().year} in {len(lanes)} lanes: "
            f"{', '.join(lanes)}. A menu picks one of the {len(table)} claims of the seed text; the chart then rings "
            f"the events the claim is about, marks any date the seed text gives ({dates}), and states the verdict "
            "above the chart.")


def explorer_figure(event_id: str, guess) -> go.Figure:
    """The date quiz's chart: the timeline with one quiz event ringed and the guessed date marked."""
    items = timeline_items()
    fig = _timeline_base(items)
    events = quiz_events().set_index("id")
    event = events.loc[event_id]
    lane = items.set_index("id")["lane"].get(event_id, LANES["NEWS"])
    fig.add_trace(go.Scatter(x=[event["start"]], y=[lane], mode="markers", name=event["title"],
                             marker=dict(size=22, symbol="circle-open", color=PALETTE["purple"],  # a ring, not a mark
                                         line=dict(width=3)), hoverinfo="skip"))
    day = parse_day(guess)
    dates = [pd.Timestamp(TIMELINE_RANGE[0]), pd.Timestamp(TIMELINE_RANGE[1]), event["start"]]
    if not isinstance(day, str):
        fig.add_trace(go.Scatter(x=[pd.Timestamp(day)], y=[lane], mode="markers", name="Your date",
                                 marker=dict(size=16, symbol="x", color=PALETTE["vermillion"]),
                                 customdata=[fmt_date(day)], hovertemplate="Your date: %{customdata}<extra></extra>"))
        dates.append(pd.Timestamp(day))
    pad = pd.Timedelta(days=60)
    fig.update_xaxes(range=[min(dates) - pad, max(dates) + pad])
    return finish(fig, height=420, title=f"When? {event['title']}",
                  source="events.csv; congress_timeline.csv", alt=check_date(event_id, guess))


def describe_guess(event_id: str, guess) -> str:
    """The date quiz's sentence: what to do while nothing is typed, then :func:`check_date`'s feedback."""
    if guess is None or not str(guess).strip():
        return "Type a date as YYYY-MM-DD and press Enter."
    return check_date(event_id, guess)


DATE_ANSWERS_FILE = "date-quiz-answers.json"
#: The event the date quiz opens on: the Secret Speech.
FIRST_QUIZ_EVENT = "e31"


def valid_date_answer(event_id: str, guess) -> bool:
    return event_id in set(quiz_events()["id"]) and isinstance(guess, str)


def build_explorer(path=DATE_ANSWERS_FILE):
    """The ipywidgets claim checker and date quiz (needs a running kernel: JupyterLab or Binder).

    Two linked views: a claim of the seed text with its verdict and its events on the timeline, and
    a quiz event with the feedback on the date typed for it. Every date typed is saved to ``path`` at
    once and shown again when the student comes back to that event, after a restart too.
    """
    import ipywidgets as widgets

    claim = widgets.Dropdown(options=[(f"{r.position}. {r.label}", r.claim_id) for r in claims().itertuples()],
                             description="Claim", layout={"width": "36em"})
    checker = LinkedView(lambda: html.escape(check_claim(claim.value)),
                         lambda: claims_figure(claim.value, menu=False))
    checker.follow(claim)

    guesses, path, message = answers_file.open_answers(path, valid_date_answer, "an event id with a date",
                                                       "as you type them")
    event = widgets.Dropdown(options=[(r.title, r.id) for r in quiz_events().itertuples()], value=FIRST_QUIZ_EVENT,
                             description="Event", layout={"width": "44em"})
    guess = widgets.Text(value=guesses.get(event.value, ""), placeholder="YYYY-MM-DD", description="Your date",
                         continuous_update=False)
    quiz = LinkedView(lambda: html.escape(describe_guess(event.value, guess.value)),
                      lambda: explorer_figure(event.value, guess.value))
    quiz.follow(guess)

    def keep(*_):  # every date typed is saved at once
        if guess.value.strip() and guesses.get(event.value) != guess.value:
            guesses[event.value] = guess.value
            answers_file.save_answers(path, guesses)

    def recall(*_):  # each event shows the date typed for it, if any, and the chart is drawn once
        with quiz.one_redraw():
            guess.value = guesses.get(event.value, "")

    guess.observe(keep, names="value")
    event.observe(recall, names="value")
    return widgets.VBox([checker.box(widgets.HTML("<b>Check a claim of the seed text</b>"), claim),
                         quiz.box(widgets.HTML("<b>Date quiz: when did it happen?</b>"), widgets.HTML(message),
                                  event, guess)])


#: The chapter's figures, in the order the notebook shows them (see tests/test_figures.py).
FIGURES = {"pospelov": pospelov_figure, "speech": speech_figure, "claims": claims_figure}
EXPLORER = build_explorer
