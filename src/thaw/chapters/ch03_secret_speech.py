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
from thaw.i18n import N_, _, language

VERDICT_LABELS = {"correct": N_("Correct"), "wrong": N_("Wrong"), "misleading": N_("Misleading")}
#: The seed text's language: an edition in it shows the seed's claims in the seed's own words
#: (``original``), where the English edition shows the course's rendering (``claim``) beside them.
SEED_LANGUAGE = "id"
#: Course-timeline events (data/events.csv) that the date quiz asks about.
QUIZ_EVENT_IDS = ["e12", "e27", "e29", "e30", "e31", "e32", "e37"]
#: The course-timeline event of the Pospelov Commission's report (its date is the report's).
POSPELOV_REPORT = "e29"
#: Events of data/events.csv drawn on the timeline of the claims chart.
TIMELINE_EVENT_IDS = ["e04", "e05", "e12", "e27", "e29", "e30", "e31", "e32", "e36", "e37", "e41"]
#: The course-timeline event before which no quiz date can fall: Stalin's death.
STALIN_DIES = "e01"
#: Lanes of the timeline by event category; the English names are keys, translated where shown.
LANES = {"POL": N_("Party and state"), "PEN": N_("Party and state"), "UPR": N_("Unrest"), "FOR": N_("Unrest"),
         "NEWS": N_("News of the speech")}
LANE_COLOURS = {"Party and state": PALETTE["blue"], "Unrest": PALETTE["vermillion"],
                "News of the speech": PALETTE["green"]}
TIMELINE_RANGE = ["1953-01-01", "1957-01-31"]
#: How the claims chart draws a row of data/congress_timeline.csv that gives another date for a course-timeline event,
#: by its ``difference``: legend label, marker symbol, and whether it takes its lane's colour (else grey).
DIFFERENCE_STYLES = {
    "definition-or-date": (N_("Another date of the same event (its release)"), "diamond", True),
    "conflict": (N_("A rival date given by another source"), "square", True),
    "error": (N_("A misprint in one source: an error, not a rival date"), "circle-x", False),
}
#: The words of data/speech_topics.csv's verdict columns, as a reader sees them (the codes stay in the logic).
TOPIC_WORDS = {"condemned": N_("condemned"), "not_condemned": N_("not condemned"),
               "not_reopened": N_("not reopened"), "not_mentioned": N_("not mentioned"),
               "correct": N_("correct"), "partly_correct": N_("partly correct"), "wrong": N_("wrong"),
               "not_applicable": N_("not applicable")}


def _topic_word(code: str) -> str:
    return _(TOPIC_WORDS[code]) if code in TOPIC_WORDS else code.replace("_", " ")


def _in_seed_language() -> bool:
    """True in the edition written in the seed text's language: its readers read the seed's own words."""
    return language() == SEED_LANGUAGE


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
    # "17th Congress delegates (1934)" -> 17, 1934 (read by digits: the group's words may be translated)
    number, year = re.search(r"(\d+)\D+(\d{4})", delegates["group"].iloc[0]).groups()
    congress = _("{number}th Congress").format(number=number)
    years = terror["group"].iloc[0]

    def hover(row):
        if row["status"] == "derived":
            return _("{source} · grade {grade} · derived").format(source=row["source"], grade=row["grade_detail"])
        return _("{source} · grade {grade}").format(source=row["source"], grade=row["grade_detail"])

    fig = go.Figure()
    parts = [("shot", _("Shot"), PALETTE["vermillion"]),
             ("arrested_not_shot", _("Arrested, not shot (derived: {arrested} − {shot})").format(
                 arrested=fmt_int(arrested_delegates), shot=fmt_int(delegates.loc['shot', 'value'])), PALETTE["orange"]),
             ("not_arrested", _("Not arrested (derived: {total} − {arrested})").format(
                 total=fmt_int(total), arrested=fmt_int(arrested_delegates)), PALETTE["sky"])]
    for measure, label, colour in parts:  # one stacked bar of the delegates
        row = delegates.loc[measure]
        value = int(row["value"])
        fig.add_trace(grouped("delegates", go.Bar(
            y=[_("{total} delegates").format(total=fmt_int(total))], x=[value], orientation="h", name=label,
            marker=dict(color=colour, pattern_shape=evidence_hatch(row["grade"], row["status"])),
            text=[f"{fmt_int(value)}<br>({fmt_pct(value / total, signed=False)})"], textangle=0,
            textposition="inside", insidetextanchor="middle", customdata=[hover(row)],
            hovertemplate=label + ": %{x:,}<br>%{customdata}<extra></extra>")))
    arrested, shot = terror.loc["arrested"], terror.loc["shot"]
    fig.add_trace(grouped("terror", go.Bar(  # arrests and executions
        y=[_("Shot"), _("Arrested for “anti-Soviet activity”")],  # bars are drawn bottom-up
        x=[int(shot["value"]), int(arrested["value"])], orientation="h",
        name=years, showlegend=False, marker_color=[PALETTE["vermillion"], PALETTE["blue"]],
        text=[fmt_int(shot["value"]), fmt_int(arrested["value"])], textposition="outside",
        cliponaxis=False, customdata=[hover(shot), hover(arrested)],
        hovertemplate="%{y}: %{x:,}<br>%{customdata}<extra></extra>")))
    heading = "{}<br><span style='font-size:13px'>{}</span>"
    titles = [
        heading.format(_("What became of the delegates to the {congress} ({year})").format(congress=congress, year=year),
                       _("{arrested} of {total} were arrested, {shot} of them shot").format(
                           arrested=fmt_int(delegates.loc['arrested', 'value']), total=fmt_int(total),
                           shot=fmt_int(delegates.loc['shot', 'value']))),
        heading.format(_("Arrests and executions in {years}, as reported to the Presidium").format(years=years),
                       _("{shot} shot: {share} of the {arrested} arrested").format(
                           shot=fmt_int(shot['value']), share=fmt_pct(shot['value'] / arrested['value'], signed=False),
                           arrested=fmt_int(arrested['value']))),
    ]
    fig.update_layout(barmode="stack", hovermode="closest", margin=dict(l=220), legend_traceorder="normal",
                      bargap=0.35)
    fig.update_xaxes(tickformat=",")
    views(fig, [View(_("{congress} delegates").format(congress=congress), ["delegates"],
                     {"title.text": titles[0], "xaxis.range": [0, total * 1.02], "xaxis.title.text": _("delegates"),
                      "showlegend": True}),
                View(_("Arrests and executions, {years}").format(years=years), ["terror"],
                     {"title.text": titles[1], "xaxis.range": [0, int(arrested["value"]) * 1.2],
                      "xaxis.title.text": _("persons"), "showlegend": False})])
    fig.update_yaxes(showgrid=False)
    report = data.table("events").set_index("id").loc[POSPELOV_REPORT, "start"]
    used = rows["id"].str.startswith(("delegates-", "terror-"))
    return finish(fig, height=400, title=titles[0],
                  source=_("pospelov.csv: report of the Pospelov Commission, {date}, as quoted in a scholarly book "
                           "(grade {grades}); derived parts by subtraction").format(
                      date=fmt_date(report), grades=", ".join(dict.fromkeys(rows["grade_detail"][used]))),
                  alt=_("Bar chart with two views. Of {total} delegates to the {congress}, {arrested} were arrested "
                        "and {shot} shot. In {years}, {terror_arrested} people were arrested for anti-Soviet activity "
                        "and {terror_shot} shot.").format(
                      total=fmt_int(total), congress=congress, arrested=fmt_int(arrested_delegates),
                      shot=fmt_int(delegates.loc["shot", "value"]), years=years,
                      terror_arrested=fmt_int(arrested["value"]), terror_shot=fmt_int(shot["value"])))


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
        "condemned": (_("Condemned in the speech"), "circle", PALETTE["green"]),
        "not_condemned": (_("Not condemned"), "square", PALETTE["grey"]),
        "not_reopened": (_("Verdicts left standing (not reopened)"), "triangle-up", PALETTE["orange"]),
    }  # told apart by shape and colour: an open marker would mean weak evidence (charts.evidence_symbol)
    fig = go.Figure()
    for verdict, (label, symbol, colour) in styles.items():  # the record
        rows = topics[topics["speech_verdict"] == verdict]
        fig.add_trace(grouped("record", go.Scatter(
            x=rows["x"], y=rows["y"], mode="markers+text", name=label, text=[_wrap(t, 30) for t in rows["topic"]],
            textposition="middle right", cliponaxis=False, textfont=dict(size=13),
            marker=dict(symbol=[evidence_symbol(symbol, grade) for grade in rows["grade"]], size=16, color=colour,
                        line=dict(width=2.5, color=colour)),
            customdata=[[r.topic, _wrap(r.detail, 60) + ("<br>" + _("Later: {text}").format(text=_wrap(r.later, 60))
                                                         if _given(r.later) else ""),
                         r.source, r.grade] for r in rows.itertuples()],
            hovertemplate=_("<b>%{customdata[0]}</b><br>%{customdata[1]}<br>Source: %{customdata[2]} "
                            "(grade %{customdata[3]})") + "<extra></extra>")))
    seed = topics[topics["seed_claim"] == "condemned"]
    overlays = [("wrong", _("Seed text: “condemned” (wrong)"), "x", PALETTE["vermillion"]),
                ("right", _("Seed text: “condemned” (right, or partly right)"), "diamond", PALETTE["blue"])]
    for key, label, symbol, colour in overlays:  # the seed text's claims, hidden at first
        rows = seed[seed["seed_verdict"] == "wrong"] if key == "wrong" else seed[seed["seed_verdict"] != "wrong"]
        fig.add_trace(grouped("seed", go.Scatter(
            x=rows["x"] - 0.07, y=rows["y"], mode="markers", name=label,
            marker=dict(symbol=symbol, size=15, color=colour, line=dict(width=2.5, color=colour)),
            customdata=[[r.topic, _topic_word(r.seed_verdict)] for r in rows.itertuples()],
            hovertemplate=_("The seed text lists “%{customdata[0]}” as condemned: %{customdata[1]}")
            + "<extra></extra>")))
    wrong = int((seed["seed_verdict"] == "wrong").sum())
    partly = int((seed["seed_verdict"] == "partly_correct").sum())
    record_title = _("What the Secret Speech condemned, and what it left untouched")
    seed_title = (record_title + "<br><span style='font-size:13px'>"
                  + _("The seed text lists {count} of these topics as condemned: {wrong} wrong, {partly} only partly "
                      "right").format(count=len(seed), wrong=wrong, partly=partly) + "</span>")
    depth = max(len(frame) for frame in columns.values())
    for column, heading in (("condemned", _("Condemned")), ("untouched", _("Left untouched"))):
        fig.add_annotation(x=x_of[column], y=0.9, xanchor="left", yanchor="bottom", text=f"<b>{heading}</b>",
                           showarrow=False, font=dict(size=14))
    fig.update_layout(hovermode="closest")
    views(fig, [View(_("The speech"), ["record"], {"title.text": record_title}),
                View(_("… and the seed text's claims"), ["record", "seed"], {"title.text": seed_title})])
    fig.update_xaxes(visible=False, range=[-0.15, 2.15], fixedrange=True)
    fig.update_yaxes(visible=False, range=[-depth + 0.4, 1.3], fixedrange=True, rangemode="normal")
    readable = data.table("speech_topics")
    for code in ("speech_verdict", "seed_claim", "seed_verdict"):  # the words, not the codes
        readable[code] = readable[code].map(_topic_word)
    readable = readable[["topic", "speech_verdict", "seed_claim", "seed_verdict", "source", "grade"]].rename(columns={
        "topic": _("topic"), "speech_verdict": _("in the speech"), "seed_claim": _("in the seed text"),
        "seed_verdict": _("seed text is"), "source": _("source"), "grade": _("grade")})
    return finish(fig, height=560, title=record_title, table=readable,
                  source=_("speech_topics.csv: research notes §4 rows 4–5 (EN Wikipedia, grade C); Pospelov "
                           "Commission; Lewin, The Soviet Century"),
                  alt=_("Two columns of topics. Condemned in the speech: {condemned}. Left untouched: {untouched}. "
                        "A button marks the {count} topics the seed text lists as condemned: {wrong} of them were "
                        "not.").format(condemned="; ".join(columns["condemned"]["topic"]),
                                       untouched="; ".join(columns["untouched"]["topic"]), count=len(seed),
                                       wrong=wrong))


# --- The claim checker --------------------------------------------------------------------

def claims() -> pd.DataFrame:
    """The seed text's claims about the congress, in the order of the text."""
    return data.table("congress_claims").sort_values("position").reset_index(drop=True)


def menu_label(row) -> str:
    """A claim's entry in the menus: its position and short label; in the seed's language, its own words."""
    if not _in_seed_language():
        return f"{row.position}. {row.label}"
    # As long as the English labels at most, so that the menu fits a phone (tests/test_phone_fit.py).
    words = row.original if len(row.original) <= 32 else row.original[:32].rsplit(" ", 1)[0].rstrip(" ,") + "…"
    return f"{row.position}. “{words}”"


def check_claim(claim_id: str) -> str:
    """The verdict on one claim of the seed text, with the correct fact and its source."""
    table = claims().set_index("claim_id")
    if claim_id not in table.index:
        return _("No claim called '{claim}'. Choose one of: {choices}.").format(claim=claim_id,
                                                                               choices=", ".join(table.index))
    row = table.loc[claim_id]
    if _in_seed_language():  # the reader reads the seed's own words, with no rendering of them
        says = _("The seed text says “{original}”.").format(original=row["original"])
    else:
        says = _("The seed text says “{claim}” (Indonesian: “{original}”).").format(claim=row["claim"],
                                                                                    original=row["original"])
    cite = _("Source: {source} (grade {grade}; research notes {row}).").format(
        source=row["source"], grade=row["grade"], row=row["factsheet_row"])
    return f"{_(VERDICT_LABELS[row['verdict']])}. {says} {row['correct_fact']} {cite}"


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
        return _("Give the date as YYYY-MM-DD, for example 1956-02-25.")
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        return _("{text} is not a date in the calendar: check the month and the day.").format(text=text)
    stalin_dies = data.table("events").set_index("id").loc[STALIN_DIES, "start"].date()
    if day < stalin_dies:
        return _("{day} is before Stalin's death on {death}; every event in this quiz came after it.").format(
            day=fmt_date(day), death=fmt_date(stalin_dies))
    if day > dt.date.today():
        return _("{day} is in the future.").format(day=fmt_date(day))
    return day


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _other_date(event: pd.Series, when: str, other: dict) -> str:
    """Feedback on a guess that hits another stage of the event, or a misprint in one source."""
    day = fmt_span(other["date"], precision=other["precision"])
    cite = _("Source: {source} (grade {grade}).").format(source=event["source"], grade=event["grade"])
    if other["difference"] == "error":
        return _("Not this one: {day} is a misprint in one source, not a rival date. {source} (grade {grade}) "
                 "prints it, but no other source read gives it, and better evidence contradicts it. The date is: "
                 "{event}, {when}. {cite}").format(day=day, source=other["source"], grade=other["grade"],
                                                   event=event["title"], when=when, cite=cite)
    return _("Close, but {day} is another stage of the same event: {stage} ({source}, grade {grade}). The event "
             "itself: {event}, {when}. {cite}").format(day=day, stage=_lower_first(other["title"]),
                                                       source=other["source"], grade=other["grade"],
                                                       event=event["title"], when=when, cite=cite)


def _asides(others: list[dict]) -> str:
    """One sentence on the other dates of an event: its later stages and any misprint."""
    parts = [_("on {date}, {stage}").format(date=fmt_span(other["date"], precision=other["precision"]),
                                            stage=_lower_first(other["title"]))
             for other in others if other["difference"] == "definition-or-date"]
    parts += [_("{date}, printed by {source}, is a misprint").format(
        date=fmt_span(other["date"], precision=other["precision"]), source=other["source"])
        for other in others if other["difference"] == "error"]
    return " " + _("Also: {parts}.").format(parts="; ".join(parts)) if parts else ""


def check_date(event_id: str, guess) -> str:
    """Feedback on a guessed date (text 'YYYY-MM-DD') for one quiz event.

    States a match, the size of a miss, a conflict between sources, a gap in them,
    another stage of the same event, or a misprint in one source (which is never
    treated as a rival date); an impossible or unreadable date gets a sentence
    saying what is wrong.
    """
    events = quiz_events().set_index("id")
    if event_id not in events.index:
        return _("No event called '{event}'. Choose one of: {choices}.").format(event=event_id,
                                                                               choices=", ".join(events.index))
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
        given = "; ".join(_("{date} ({source}, grade {grade})").format(date=fmt_span(d, precision=precision),
                                                                      source=s, grade=g) for d, s, g in dates)
        for other, source, grade in dates:
            if day == other:
                return _("Your date, {day}, is the one given by {source} (grade {grade}). But the sources disagree: "
                         "{given}. Neither is confirmed in the course's sources, so cite both.").format(
                    day=fmt_date(day), source=source, grade=grade, given=given)
        nearest = min((d for d, _s, _g in dates), key=lambda d: abs((day - d).days))
        gap = (day - nearest).days
        if gap < 0:
            return _("Not quite: you said {day}, {days} days before the nearest date the sources give. They "
                     "disagree: {given}.").format(day=fmt_date(day), days=fmt_int(abs(gap)), given=given)
        return _("Not quite: you said {day}, {days} days after the nearest date the sources give. They "
                 "disagree: {given}.").format(day=fmt_date(day), days=fmt_int(abs(gap)), given=given)
    cite = _("Source: {source} (grade {grade}).").format(source=event["source"], grade=event["grade"])
    if _matches(day, start, end, precision):
        if precision == "year":
            return _("Correct year: {event}, {when}. The day and month are not in the course's sources: a gap, "
                     "not a fact to guess. {cite}").format(event=event["title"], when=when, cite=cite)
        if precision == "month":
            return _("Correct month: {event}, {when}; the source gives no day. {cite}").format(
                event=event["title"], when=when, cite=cite)
        return _("Correct: {event}, {when}. {cite}").format(event=event["title"], when=when, cite=cite) \
            + _asides(others)
    if precision == "day":
        gap = (day - start).days if day < start else (day - end).days
    else:
        first = start if precision == "month" else pd.Timestamp(start.year, 1, 1)
        gap = (day - first).days
    years = abs(day.year - start.year)
    wrong_year = " " + _("That is the wrong year (off by {years}).").format(years=years) \
        if years and abs(gap) > 180 else ""
    if gap < 0:
        miss = _("Not quite: you said {day}, but the sources give {when} ({days} days too early).")
    else:
        miss = _("Not quite: you said {day}, but the sources give {when} ({days} days too late).")
    return miss.format(day=fmt_date(day), when=when, days=fmt_int(abs(gap))) + f"{wrong_year} {cite}"


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
                x=rows["start"], y=[_(lane)] * len(rows), mode="markers", showlegend=bool(difference), name=_(name),
                marker=dict(size=11, color=LANE_COLOURS[lane] if own_colour else PALETTE["grey"],
                            symbol=[evidence_symbol(symbol, grade) for grade in rows["grade"]], line=dict(width=2)),
                customdata=[[w, _wrap(r.title, 50), r.source, r.grade] for w, r in zip(when, rows.itertuples())],
                hovertemplate=_("<b>%{customdata[0]}</b><br>%{customdata[1]}<br>%{customdata[2]} "
                                "(grade %{customdata[3]})") + "<extra></extra>"))
    fig.update_yaxes(categoryorder="array", categoryarray=[_(lane) for lane in lanes[::-1]], showgrid=True,
                     range=[-0.6, 2.9],
                     rangemode="normal", tickformat="")
    fig.update_layout(hovermode="closest", xaxis=dict(range=[str(start), str(end)], type="date"))
    return fig


def _highlight(items: pd.DataFrame, ids: list[str]) -> tuple[list, list, list]:
    rows = items.set_index("id").loc[ids]
    return (list(rows["start"].dt.strftime("%Y-%m-%d")), [_(lane) for lane in rows["lane"]],
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
        cx, cy, ctext = [row["claimed_date"].strftime("%Y-%m-%d")], [_(lane)], [_("Seed text: {date}").format(
            date=claimed)]
    else:
        cx, cy, ctext = [], [], []
    said = row["original"] if _in_seed_language() else row["claim"]  # the seed's own words in its language
    claim = said if len(said) <= 55 else said[:52].rstrip(" ,") + "…"
    title = (f"{_(VERDICT_LABELS[row['verdict']])}: “{html.escape(claim)}”<br>"
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
        raise ValueError(_("No claim called '{claim}'. Choose one of: {choices}.").format(
            claim=claim, choices=", ".join(table["claim_id"])))
    items = timeline_items()
    fig = _timeline_base(items, start, end)
    shown = claim_view(claim) if claim is not None else dict(highlight=([], [], []), claimed=([], [], []))
    (hx, hy, ht), (cx, cy, ct) = shown["highlight"], shown["claimed"]
    fig.add_trace(grouped("highlight", go.Scatter(
        x=hx, y=hy, text=ht, mode="markers+text", name=_("Events the claim is about"),
        textposition=_alternating(len(hx)), cliponaxis=False, textfont=dict(size=12),
        marker=dict(size=22, symbol="circle-open", color=PALETTE["purple"], line=dict(width=3)), hoverinfo="skip")))
    fig.add_trace(grouped("claimed", go.Scatter(
        x=cx, y=cy, text=ct, mode="markers+text", name=_("Date the seed text gives"),
        textposition=["bottom center"] * len(cx), cliponaxis=False, textfont=dict(size=12),
        marker=dict(size=16, symbol="x", color=PALETTE["vermillion"]), hoverinfo="skip")))
    views_by_claim = {row.claim_id: claim_view(row.claim_id) for row in table.itertuples()}
    start_title = (_("Check the seed text against the record") + "<br><span style='font-size:13px'>"
                   + _("Choose a claim from the menu: the chart rings the events it is about and marks any date it "
                       "gives.") + "<br>" + _("Hover over a point for its date and source.") + "</span>")
    lines = max(view["title"].count("<br>") for view in views_by_claim.values())
    start_title += "<br> " * (lines - start_title.count("<br>"))  # keep room for the longest verdict
    title = shown["title"] if claim is not None else start_title

    def restyle(view: dict) -> dict:
        (hx, hy, ht), (cx, cy, ct) = view["highlight"], view["claimed"]
        return {"highlight": {"x": hx, "y": hy, "text": ht, "textposition": _alternating(len(hx))},
                "claimed": {"x": cx, "y": cy, "text": ct, "textposition": ["bottom center"] * len(cx)}}

    if menu:
        choices = [View(_("Choose a claim…"), None, {"title.text": start_title},
                        restyle(dict(highlight=([], [], []), claimed=([], [], []))))]
        choices += [View(menu_label(row), None, {"title.text": views_by_claim[row.claim_id]["title"]},
                         restyle(views_by_claim[row.claim_id])) for row in table.itertuples()]
        active = 0 if claim is None else list(table["claim_id"]).index(claim) + 1
        views(fig, choices, active=active, dropdown=True)
    dated = table[table["claimed_date"].notna()]
    return finish(fig, height=660, title=title,
                  source=_("congress_claims.csv (research notes, history-facts.md §4); events.csv; "
                           "congress_timeline.csv: FRUS; CIA 1956; Los Angeles Times 1988 and 1989; EN Wikipedia; "
                           "Kiselev 2008 (a misprint)"),
                  alt=_claims_alt(items, table, dated, start, end))


def _claims_alt(items: pd.DataFrame, table: pd.DataFrame, dated: pd.DataFrame, start, end) -> str:
    drawn = items[(items["start"] >= pd.Timestamp(start)) & (items["start"] <= pd.Timestamp(end))]
    lanes = list(dict.fromkeys(LANES.values()))
    dates = "; ".join(_("{date} for claim {number}").format(date=fmt_span(row.claimed_date, precision="month"),
                                                            number=row.position)
                      for row in dated.itertuples())
    return _("Timeline from {start} to {end} in {count} lanes: {lanes}. A menu picks one of the {claims} claims of "
             "the seed text; the chart then rings the events the claim is about, marks any date the seed text gives "
             "({dates}), and states the verdict above the chart.").format(
        start=drawn["start"].min().year, end=drawn["start"].max().year, count=len(lanes),
        lanes=", ".join(_(lane) for lane in lanes), claims=len(table), dates=dates)


def explorer_figure(event_id: str, guess) -> go.Figure:
    """The date quiz's chart: the timeline with one quiz event ringed and the guessed date marked."""
    items = timeline_items()
    fig = _timeline_base(items)
    events = quiz_events().set_index("id")
    event = events.loc[event_id]
    lane = items.set_index("id")["lane"].get(event_id, LANES["NEWS"])
    fig.add_trace(go.Scatter(x=[event["start"]], y=[_(lane)], mode="markers", name=event["title"],
                             marker=dict(size=22, symbol="circle-open", color=PALETTE["purple"],  # a ring, not a mark
                                         line=dict(width=3)), hoverinfo="skip"))
    day = parse_day(guess)
    dates = [pd.Timestamp(TIMELINE_RANGE[0]), pd.Timestamp(TIMELINE_RANGE[1]), event["start"]]
    if not isinstance(day, str):
        fig.add_trace(go.Scatter(x=[pd.Timestamp(day)], y=[_(lane)], mode="markers", name=_("Your date"),
                                 marker=dict(size=16, symbol="x", color=PALETTE["vermillion"]),
                                 customdata=[fmt_date(day)],
                                 hovertemplate=_("Your date: %{customdata}") + "<extra></extra>"))
        dates.append(pd.Timestamp(day))
    pad = pd.Timedelta(days=60)
    fig.update_xaxes(range=[min(dates) - pad, max(dates) + pad])
    return finish(fig, height=420, title=_("When? {event}").format(event=event["title"]),
                  source="events.csv; congress_timeline.csv", alt=check_date(event_id, guess))


def describe_guess(event_id: str, guess) -> str:
    """The date quiz's sentence: what to do while nothing is typed, then :func:`check_date`'s feedback."""
    if guess is None or not str(guess).strip():
        return _("Type a date as YYYY-MM-DD and press Enter.")
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

    claim = widgets.Dropdown(options=[(menu_label(r), r.claim_id) for r in claims().itertuples()],
                             description=_("Claim"), layout={"width": "36em"})
    checker = LinkedView(lambda: html.escape(check_claim(claim.value)),
                         lambda: claims_figure(claim.value, menu=False))
    checker.follow(claim)

    guesses, path, message = answers_file.open_answers(path, valid_date_answer, N_("an event id with a date"),
                                                       N_("as you type them"))
    event = widgets.Dropdown(options=[(r.title, r.id) for r in quiz_events().itertuples()], value=FIRST_QUIZ_EVENT,
                             description=_("Event"), layout={"width": "44em"})
    guess = widgets.Text(value=guesses.get(event.value, ""), placeholder="YYYY-MM-DD", description=_("Your date"),
                         continuous_update=False)
    quiz = LinkedView(lambda: html.escape(describe_guess(event.value, guess.value)),
                      lambda: explorer_figure(event.value, guess.value))
    quiz.follow(guess)

    def keep(*_change):  # every date typed is saved at once
        if guess.value.strip() and guesses.get(event.value) != guess.value:
            guesses[event.value] = guess.value
            answers_file.save_answers(path, guesses)

    def recall(*_change):  # each event shows the date typed for it, if any, and the chart is drawn once
        with quiz.one_redraw():
            guess.value = guesses.get(event.value, "")

    guess.observe(keep, names="value")
    event.observe(recall, names="value")
    return widgets.VBox([checker.box(widgets.HTML("<b>" + _("Check a claim of the seed text") + "</b>"), claim),
                         quiz.box(widgets.HTML("<b>" + _("Date quiz: when did it happen?") + "</b>"),
                                  widgets.HTML(message),
                                  event, guess)])


#: The chapter's figures, in the order the notebook shows them (see tests/test_figures.py).
FIGURES = {"pospelov": pospelov_figure, "speech": speech_figure, "claims": claims_figure}
EXPLORER = build_explorer
