"""Figures and the timeline explorer for chapter 1, "After Stalin, 1953–1955".

Two tables feed the chapter: ``leadership_posts`` (who held the four top posts,
with a source and grade per term) and the course timeline ``events``. Every
date on a chart is a row of one of them, so its source and grade travel with it.
"""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from thaw import data
from thaw.charts import (PALETTE, View, add_key_dates, evidence_hatch, evidence_mark, evidence_symbol, finish,
                         fmt_date, fmt_int, fmt_span, group_of, grouped, views)
from thaw.explore import LinkedView, check_span
from thaw.i18n import N_, _, format_number, join_and

ALL = "ALL"
#: Category code -> its name (English; shown through ``_``).
CATEGORIES = {
    "POL": N_("Politics"),
    "PEN": N_("Repression and rehabilitation"),
    "NAT": N_("Nationalities and deportees"),
    "CUL": N_("Culture"),
    "FOR": N_("Foreign policy"),
    "UPR": N_("Uprisings and protest"),
}
#: Short names for the category buttons of the events chart.
SHORT = {"POL": N_("Politics"), "PEN": N_("Repression"), "NAT": N_("Nationalities"), "CUL": N_("Culture"),
         "FOR": N_("Foreign"), "UPR": N_("Protest")}
CATEGORY_COLOURS = {"POL": PALETTE["blue"], "PEN": PALETTE["vermillion"], "NAT": PALETTE["green"],
                    "CUL": PALETTE["purple"], "FOR": PALETTE["sky"], "UPR": PALETTE["orange"]}
#: The course-timeline event (data/events.csv) that opens the chapter: Stalin's death.
STALIN_DIES = "e01"
#: The chapter's period ends with 1955; it starts on the day of STALIN_DIES.
CHAPTER_END = pd.Timestamp("1955-12-31")

#: Posts from top to bottom of the posts chart, with their row labels (English; shown through ``_``).
POSTS = {
    "first_secretary": N_("First Secretary<br>(party)"),
    "chair_council_of_ministers": N_("Chairman of the<br>Council of Ministers"),
    "chair_presidium_supreme_soviet": N_("Chairman of the Presidium<br>of the Supreme Soviet"),
    "minister_internal_affairs": N_("Minister of<br>Internal Affairs"),
}
PERSON_COLOURS = {"Khrushchev": PALETTE["blue"], "Malenkov": PALETTE["orange"], "Bulganin": PALETTE["green"],
                  "Voroshilov": PALETTE["grey"], "Beria": PALETTE["vermillion"], "Kruglov": PALETTE["purple"]}
DAY_MS = 86_400_000
#: Marker of an event by the precision of its date: a diamond when the source gives only the month.
#: An open marker means a grade D source (charts.evidence_symbol), in every chapter.
PRECISION_SYMBOLS = {"day": "circle", "month": "diamond", "year": "diamond"}


# --- Leadership posts ---------------------------------------------------------------------

def posts() -> pd.DataFrame:
    """The terms of office in ``leadership_posts.csv``, in chart order (post, then start)."""
    table = data.table("leadership_posts")
    table["order"] = table["post"].map(list(POSTS).index)
    return table.sort_values(["order", "start"]).drop(columns="order").reset_index(drop=True)


def posts_figure(start="1953-01-01", end="1959-01-01") -> go.Figure:
    """Who held the four top posts from ``start`` to ``end``, as bars on a time axis.

    A term that goes on after ``end`` is cut there and its label says when it ended; the table
    runs from Stalin's death to Khrushchev's fall, so ``end="1965-01-01"`` shows every term whole.
    """
    window_start, window_end = pd.Timestamp(start), pd.Timestamp(end)
    every_term = posts()
    terms = every_term[(every_term["start"] < window_end) & (every_term["end"] >= window_start)]
    fig = go.Figure()
    for person in dict.fromkeys(terms["person"]):  # one trace per person: the legend names them
        rows = terms[terms["person"] == person]
        first = rows["start"].clip(lower=window_start)
        last = rows["end"].clip(upper=window_end)
        labels = [_("{person} (to {year})").format(person=person, year=row.end.year) if row.end > window_end
                  else person for row in rows.itertuples()]
        fig.add_trace(go.Bar(
            y=[_(POSTS[p]) for p in rows["post"]], base=[d.date().isoformat() for d in first],
            x=[int((b - a).days) * DAY_MS for a, b in zip(first, last)], orientation="h", name=person,
            marker=dict(color=PERSON_COLOURS.get(person, PALETTE["grey"]), line=dict(width=0),
                        pattern=dict(shape=[evidence_hatch(grade=grade) for grade in rows["grade"]])),
            text=labels, textposition="inside", insidetextanchor="start", textangle=0,
            textfont=dict(color="white"),
            customdata=[[r.full_name, fmt_span(r.start, r.end), r.grade] for r in rows.itertuples()],
            hovertemplate=_("%{customdata[0]}<br>%{customdata[1]}<br>grade %{customdata[2]}<extra></extra>")))
    rows_top_down = [_(label) for label in POSTS.values()]
    first_secretary = every_term.loc[every_term["post"] == "first_secretary", "start"].min()
    stalin_dies = chapter_start()
    fig.add_trace(go.Bar(  # the months without a First Secretary: an empty outline (hatching marks evidence only)
        y=[_(POSTS["first_secretary"])], base=[stalin_dies.date().isoformat()],
        x=[int((first_secretary - stalin_dies).days) * DAY_MS], orientation="h", name=_("no First Secretary"),
        marker=dict(color="rgba(0,0,0,0)", line=dict(color=PALETTE["grey"], width=1.5)),
        hovertemplate=_("No one held the title of First Secretary<br>{span}").format(
            span=fmt_span(stalin_dies, first_secretary)) + "<extra></extra>"))
    fig.update_xaxes(type="date", range=[window_start.date().isoformat(), window_end.date().isoformat()])
    fig.update_yaxes(categoryorder="array", categoryarray=rows_top_down[::-1],
                     range=[-0.5, len(POSTS) - 0.5 + 0.9], showgrid=False)
    fig.update_layout(barmode="overlay", hovermode="closest", bargap=0.35, showlegend=False)
    add_key_dates(fig, start=window_start, end=window_end)
    shown_from = max(window_start, terms["start"].min())
    shown_to = window_end - pd.Timedelta(days=1)
    return finish(fig, height=520, title=_("Who held the top posts after Stalin, {start} – {end}").format(
                      start=fmt_span(shown_from, precision="month"), end=shown_to.year),
                  source=_posts_source(every_term.set_index("id")), alt=_posts_alt(terms))


def _posts_source(terms: pd.DataFrame) -> str:
    """The sources of ``leadership_posts.csv``, with the dates they give read from its rows."""
    first_secretary, malenkov, bulganin = (terms.loc[key] for key in (
        "khrushchev-first-secretary", "malenkov-chair-com", "bulganin-chair-com"))
    return _("leadership_posts.csv: RGANI (First Secretary, {first_secretary}); Swain 2016 "
             "(appointments of {appointed}); Wilson Center Digital Archive (Malenkov's removal, "
             "{removed}); Tompson 1997; EN Wikipedia (grade C: Voroshilov, Bulganin, Kruglov; "
             "Beria's arrest); Presidential Library ({bulganin_end})").format(
        first_secretary=fmt_date(first_secretary["start"]), appointed=fmt_date(malenkov["start"]),
        removed=malenkov["end"].year, bulganin_end=bulganin["end"].year)


def _posts_alt(terms: pd.DataFrame) -> str:
    parts = [f"{r.person}, {_(POSTS[r.post]).replace('<br>', ' ')}, {fmt_span(r.start, r.end)}"
             for r in terms.itertuples()]
    return _("Bar chart of terms of office: {terms}.").format(terms="; ".join(parts))


# --- The timeline and its explorer ----------------------------------------------------------

def timeline() -> pd.DataFrame:
    """The course timeline, with ``last`` = the end date, or the start for one-day events."""
    events = data.table("events")
    events["last"] = events["end"].fillna(events["start"])
    return events.sort_values(["start", "id"]).reset_index(drop=True)


def chapter_start() -> pd.Timestamp:
    """The first day of the chapter: the day of Stalin's death in the course timeline."""
    return data.table("events").set_index("id").loc[STALIN_DIES, "start"]


#: What the explorer says when a date is missing ("start" or "end").
_MISSING = {"start": N_("Choose a start date."), "end": N_("Choose an end date.")}


def _read_day(value, what: str) -> pd.Timestamp:
    missing = _(_MISSING[what])
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        raise ValueError(missing)
    try:
        day = pd.Timestamp(value)
    except (ValueError, TypeError):
        raise ValueError(_("Give the dates as YYYY-MM-DD, for example 1953-03-05.")) from None
    if pd.isna(day):
        raise ValueError(missing)
    return day.normalize()


def _category(category: str) -> str:
    if category == ALL or category in CATEGORIES:
        return category
    every = _("all categories")
    choices = ", ".join([f"{ALL} ({every})"] + [f"{c} ({_(label)})" for c, label in CATEGORIES.items()])
    raise ValueError(_("Unknown category '{category}'. Choose one of: {choices}.").format(
        category=category, choices=choices))


def events_between(start, end, category: str = ALL) -> pd.DataFrame:
    """Events of ``category`` that overlap the days from ``start`` to ``end`` (both included).

    Raises ``ValueError`` with a sentence that says what is wrong for unreadable
    dates, an end before the start, or an unknown category.
    """
    first, last = _read_day(start, "start"), _read_day(end, "end")
    category = _category(category)
    problem = check_span(first, last, unit="date", show=fmt_date)
    if problem:
        raise ValueError(problem)
    events = timeline()
    chosen = events[(events["start"] <= last) & (events["last"] >= first)]
    if category != ALL:
        chosen = chosen[chosen["category"] == category]
    return chosen.reset_index(drop=True)


def describe_events(start, end, category: str = ALL) -> str:
    """What happened between two dates: a heading sentence, then one line per event.

    Impossible or unreadable choices return a sentence that says what is wrong.
    """
    try:
        chosen = events_between(start, end, category)
    except ValueError as problem:
        return str(problem)
    first, last = _read_day(start, "start"), _read_day(end, "end")
    label = "" if category == ALL else _(CATEGORIES[category]).lower()
    span = (_("from {start} to {end}").format(start=fmt_date(first), end=fmt_date(last)) if first != last
            else _("on {date}").format(date=fmt_date(first)))
    if chosen.empty:
        events = timeline()
        if last < events["start"].min() or first > events["last"].max():
            return _("The course timeline runs from {first} to {last}; it has no events {span}. "
                     "Choose dates in that span.").format(first=fmt_date(events["start"].min()),
                                                          last=fmt_date(events["last"].max()), span=span)
        main, later = _main_and_epilogue(events)
        main_end = main["last"].max()
        years = ", ".join(str(year) for year in later["start"].dt.year)
        entries = (_("After {date} the timeline has only {count} epilogue entries ({years}).") if len(later) != 1
                   else _("After {date} the timeline has only {count} epilogue entry ({years})."))
        hint = (" " + entries.format(date=fmt_date(main_end), count=_count(len(later)), years=years)
                if first > main_end else "")
        if category == ALL:
            return _("The timeline has no events {span}.").format(span=span) + hint
        return _("The timeline has no {category} events {span}.").format(category=label, span=span) + hint
    count = len(chosen)
    if category == ALL:
        heading = _("{count} events {span}:") if count != 1 else _("{count} event {span}:")
    else:
        heading = _("{count} {category} events {span}:") if count != 1 else _("{count} {category} event {span}:")
    heading = heading.format(count=fmt_int(count), category=label, span=span)
    lines = [_("{when}: {title} ({category}; grade {grade})").format(
                 when=fmt_span(row.start, row.end, row.precision), title=row.title,
                 category=_(CATEGORIES[row.category]), grade=row.grade)
             for row in chosen.itertuples()]
    return "\n".join([heading] + lines)


# --- Sentences computed from the data (shown as prose in the chapter) -------------------------

GRADES = "ABCD"
_WORDS = [N_("no"), N_("one"), N_("two"), N_("three"), N_("four"), N_("five"), N_("six"), N_("seven"), N_("eight"),
          N_("nine"), N_("ten")]


def _count(n: int) -> str:
    """A count as the chapter writes it: words up to ten, digits above."""
    return _(_WORDS[n]) if 0 <= n < len(_WORDS) else fmt_int(n)


def _or(items: list[str]) -> str:
    """"a", "a or b", "a or b or c"."""
    text = items[0]
    for item in items[1:]:
        text = _("{first} or {second}").format(first=text, second=item)
    return text


def _main_and_epilogue(events: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The numbered events (e01…) and the epilogue entries (epi1…), each in date order."""
    numbered = events["id"].str.match(r"e\d")
    return events[numbered], events[~numbered]


def timeline_summary() -> str:
    """The sentence of "Sources and data" on the course timeline, counted from ``events.csv``."""
    main, later = _main_and_epilogue(timeline())
    years = join_and([str(year) for year in later["start"].dt.year])
    sentence = (_("The course timeline, `events.csv`, holds {count} dated events from {first} to {last}, plus "
                  "{later} later ones ({years}); each has a category, a source, an evidence grade and a precision "
                  "(a day, or only a month).") if len(later) != 1 else
                _("The course timeline, `events.csv`, holds {count} dated events from {first} to {last}, plus "
                  "{later} later one ({years}); each has a category, a source, an evidence grade and a precision "
                  "(a day, or only a month)."))
    return sentence.format(count=fmt_int(len(main)), first=fmt_date(main["start"].min()),
                           last=fmt_date(main["last"].max()), later=_count(len(later)), years=years)


def grades_summary(start=None, end=CHAPTER_END) -> str:
    """Exercise 1.2's answer: the events between two dates counted by grade and category.

    Three sentences: the count per grade; the categories that rest mostly on encyclopedic
    or popular sources (C or D) and the best-sourced one; the grade D events by title.
    """
    start = chapter_start() if start is None else start
    events = events_between(start, end)
    counts = events["grade"].value_counts().reindex(list(GRADES), fill_value=0)
    present = [(_("{count} are graded {grade}") if not i else "{count} {grade}").format(count=fmt_int(counts[g]), grade=g)
               for i, g in enumerate(g for g in GRADES if counts[g])]
    absent = [g for g in GRADES if not counts[g]]
    first = (_("Of the {count} events from {start} to {end}, {graded}; none is graded {absent}.") if absent
             else _("Of the {count} events from {start} to {end}, {graded}.")).format(
        count=fmt_int(len(events)), start=fmt_date(_read_day(start, "start")), end=fmt_date(_read_day(end, "end")),
        graded=join_and(present), absent=_or(absent) if absent else "")
    weak, best, best_share = [], [], -1.0
    for code, label in CATEGORIES.items():
        grades = events.loc[events["category"] == code, "grade"]
        if grades.empty:
            continue
        low, high = int(grades.isin(["C", "D"]).sum()), int(grades.isin(["A", "B"]).sum())
        if low > len(grades) / 2:
            weak.append(_("{category} ({count} of {total})").format(
                category=_(label).lower(), count=fmt_int(low), total=fmt_int(len(grades))))
        share = high / len(grades)
        if share > best_share:
            best, best_share = [(label, high, len(grades))], share
        elif share == best_share:
            best.append((label, high, len(grades)))
    second = (_("Mostly encyclopedic or popular (grade C or D): {categories}.").format(categories=join_and(weak)) if weak
              else _("No category rests mostly on encyclopedic or popular (C or D) sources."))
    second += " " + _("Best sourced: {categories}.").format(categories=join_and([
        _("{category} ({count} of {total} graded A or B)").format(
            category=_(label).lower(), count=fmt_int(high), total=fmt_int(n)) for label, high, n in best]))
    graded_d = events[events["grade"] == "D"]
    if graded_d.empty:
        third = _("No event of the period rests on a grade D source; check the grade C events first.")
    else:
        titles = join_and([f"*{row.title}* ({fmt_span(row.start, row.end, row.precision)})" for row in graded_d.itertuples()])
        third = (_("Check the grade D events first: {events}.") if len(graded_d) > 1
                 else _("Check the grade D event first: {events}.")).format(events=titles)
    return " ".join([first, second, third])


def terms_summary() -> str:
    """Exercise 1.3's answer: the shortest term, Malenkov's and Khrushchev's, in days."""
    terms = posts()
    terms["days"] = (terms["end"] - terms["start"]).dt.days
    shortest = terms.loc[terms["days"].idxmin()]
    by_id = terms.set_index("id")
    malenkov, khrushchev = by_id.loc["malenkov-chair-com"], by_id.loc["khrushchev-first-secretary"]
    both = by_id.loc["khrushchev-chair-com", "start"]
    post = _(POSTS[shortest["post"]]).replace("<br>", " ")
    return " ".join([
        _("{person} held the post of {post} for {days} days ({span}), the shortest term in the table.").format(
            person=shortest["person"], post=post, days=fmt_int(shortest["days"]),
            span=fmt_span(shortest["start"], shortest["end"])),
        _("Malenkov was head of government for {days} days, {years} years.").format(
            days=fmt_int(malenkov["days"]), years=format_number(malenkov["days"] / 365.25, 1)),
        _("Khrushchev was First Secretary for {days} days, until {end}; on {date}, {years} years after Stalin's "
          "death, he became head of government as well.").format(
            days=fmt_int(khrushchev["days"]), end=fmt_span(khrushchev["end"], precision="month"), date=fmt_date(both),
            years=format_number((both - chapter_start()).days / 365.25, 1)),
    ])


def _event_traces(events: pd.DataFrame, positions: dict[str, int],
                  middle: pd.Timestamp) -> list[tuple[go.Scatter, list[str | None]]]:
    """One scatter trace per category (its group is the category code): a dot per event, a line for
    events lasting several days. Each trace comes with the event id behind each of its points."""
    traces = []
    for code, label in CATEGORIES.items():
        rows = events[events["category"] == code]
        if rows.empty:
            continue
        x, ids, text, sizes, symbols, hover, places = [], [], [], [], [], [], []
        for row in rows.itertuples():
            flag = " " + _("(grade D source)") if evidence_mark(grade=row.grade) == "grade D" else ""
            tip = _("<b>{title}</b><br>{when} · grade {grade}").format(
                title=html.escape(row.title, quote=False), when=fmt_span(row.start, row.end, row.precision),
                grade=row.grade)
            symbol = evidence_symbol(PRECISION_SYMBOLS[row.precision], grade=row.grade)
            place = "middle right" if row.start <= middle else "middle left"
            x.append(row.start.date().isoformat()); ids.append(row.id)
            text.append(html.escape(row.title, quote=False) + flag); sizes.append(12); symbols.append(symbol)
            hover.append(tip); places.append(place)
            if row.last != row.start:
                x.append(row.last.date().isoformat()); ids.append(row.id)
                text.append(""); sizes.append(6); symbols.append(symbol); hover.append(tip); places.append(place)
            x.append(None); ids.append(None); text.append(""); sizes.append(0); symbols.append("circle")
            hover.append(""); places.append(place)
        trace = go.Scatter(
            x=x, y=_rows_of(ids, positions), mode="lines+markers+text", name=_(label), text=text, textposition=places,
            textfont=dict(size=12), line=dict(color=CATEGORY_COLOURS[code], width=3),
            marker=dict(size=sizes, symbol=symbols, color=CATEGORY_COLOURS[code], line=dict(width=2)),
            customdata=hover, hovertemplate="%{customdata}<extra></extra>", connectgaps=False)
        traces.append((grouped(code, trace), ids))
    return traces


def _positions(events: pd.DataFrame) -> dict[str, int]:
    """Row of each event: the earliest at the top."""
    return {event_id: len(events) - 1 - i for i, event_id in enumerate(events["id"])}


def _rows_of(ids: list[str | None], positions: dict[str, int]) -> list[int | None]:
    """The chart row of each point (None at the gaps between events)."""
    return [None if event_id is None else positions[event_id] for event_id in ids]


def _events_layout(fig: go.Figure, first: pd.Timestamp, last: pd.Timestamp, rows: int) -> None:
    pad = pd.Timedelta(days=20)
    fig.update_xaxes(type="date", range=[(first - pad).date().isoformat(), (last + pad).date().isoformat()])
    fig.update_yaxes(visible=False, range=[-0.8, rows - 0.2], autorange=False)
    fig.update_layout(hovermode="closest", legend_traceorder="normal")


def events_figure(start=None, end=CHAPTER_END) -> go.Figure:
    """The events of the course timeline from ``start`` to ``end``, one row each and the earliest at the
    top; one button per category shows its events alone (the book's kernel-free explorer)."""
    first, last = _read_day(chapter_start() if start is None else start, "start"), _read_day(end, "end")
    events = events_between(first, last)
    traces = _event_traces(events, _positions(events), first + (last - first) / 2)
    fig = go.Figure([trace for trace, _ids in traces])
    period = fmt_span(first, last)
    title = _("What happened after Stalin, {period}").format(period=period)

    def heading(note: str) -> str:
        return f"{title}<br><span style='font-size:13px'>{note}</span>"

    def layout(shown: pd.DataFrame, note: str) -> dict:
        return {"yaxis.range": [-0.8, len(shown) - 0.2], "title.text": heading(note)}

    everything = _("All {count} events of the course timeline; the earliest at the top").format(
        count=fmt_int(len(events)))
    codes = [group_of(trace) for trace, _ids in traces]
    choices = [View(_("All {count}").format(count=fmt_int(len(events))), codes, layout(events, everything))]
    for trace, ids in traces:
        code = group_of(trace)
        shown = events[events["category"] == code]
        count = len(shown)
        compact = {code: {"y": _rows_of(ids, _positions(shown))}}  # the category's events fill the rows from 0
        note = (_("{category}: {count} events") if count != 1 else _("{category}: {count} event")).format(
            category=_(CATEGORIES[code]), count=fmt_int(count))
        choices.append(View(f"{_(SHORT[code])} {fmt_int(count)}", [code], layout(shown, note), compact))
    _events_layout(fig, first, last, len(events))
    views(fig, choices, font_size=12)
    return finish(fig, height=110 + 26 * len(events) + 150, title=heading(everything),
                  source=_("events.csv (course timeline; each event's source and grade in the data); "
                           "diamond = month known, not the day; open marker = grade D source"),
                  alt=_("Timeline of {count} events, {period}, one row each, coloured by category: {events}.").format(
                      count=fmt_int(len(events)), period=period,
                      events="; ".join(f"{fmt_span(r.start, r.end, r.precision)}: {r.title}"
                                       for r in events.itertuples())))


def explorer_figure(start, end, category: str = ALL) -> go.Figure | None:
    """The events the explorer found, as a chain; None for an impossible choice (the sentence says why)."""
    try:
        first, last = _read_day(start, "start"), _read_day(end, "end")
        events = events_between(first, last, category)
    except ValueError:
        return None
    label = _("All categories") if category == ALL else _(CATEGORIES[category])
    fig = go.Figure([trace for trace, _ids in _event_traces(events, _positions(events), first + (last - first) / 2)])
    _events_layout(fig, first, last, max(len(events), 1))
    return finish(fig, height=110 + 26 * max(len(events), 3) + 150,
                  title=f"{label}, {fmt_span(first, last)}", source=_("events.csv (course timeline)"),
                  alt=describe_events(first, last, category).replace("\n", "; "))


def _as_html(text: str) -> str:
    """A heading sentence and its list of events, for the explorer (LinkedView puts it in a paragraph)."""
    heading, *lines = text.split("\n")
    items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
    return html.escape(heading) + (f"<ul>{items}</ul>" if items else "")


def build_explorer():
    """The ipywidgets timeline explorer (needs a running kernel: JupyterLab or Binder).

    It opens on the months from Stalin's death to the end of that year.
    """
    import ipywidgets as widgets

    category = widgets.Dropdown(options=[(_("All categories"), ALL)] + [(_(label), code) for code, label
                                                                        in CATEGORIES.items()],
                                value=ALL, description=_("Category"), layout={"width": "28em"})
    opening = chapter_start()
    start = widgets.DatePicker(description=_("From"), value=opening.replace(day=1).date())
    end = widgets.DatePicker(description=_("To"), value=opening.replace(month=12, day=31).date())
    view = LinkedView(lambda: _as_html(describe_events(start.value, end.value, category.value)),
                      lambda: explorer_figure(start.value, end.value, category.value))
    view.follow(category, start, end)
    return view.box(category, start, end)


#: The chapter's figures, in the order the notebook shows them (see tests/test_figures.py).
FIGURES = {"posts": posts_figure, "chain": events_figure}
EXPLORER = build_explorer
