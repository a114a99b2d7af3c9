"""Chapter 10, "Reading a source critically": the source, its claims, the claim checker and figures.

The checker's logic is plain functions (``problem_with``, ``record``, ``load_answers``; the
answers file itself is :mod:`thaw.answers`); ``build_checker`` wraps them in ipywidgets for
JupyterLab and saves every answer to a file, so nothing typed is lost on a kernel restart.

The course's verdicts are the answer key, kept apart in :mod:`thaw.chapters.claims_answer_key`
and ``data/seed_claims_key.csv``: the student edition and released assignments leave both out,
and the checker then records answers without judging them.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from thaw import answers as answers_file
from thaw import data
from thaw.charts import PALETTE, View, finish, fmt_date, fmt_span, grouped, table_view, views
from thaw.explore import LinkedView
from thaw.i18n import N_, _, language

#: The verdicts: language-neutral values (saved answers, the quiz's options); shown as VERDICT_LABELS.
VERDICTS = ("correct", "wrong", "misleading", "interpretation", "translation artefact")
VERDICT_LABELS = {"correct": N_("correct"), "wrong": N_("wrong"), "misleading": N_("misleading"),
                  "interpretation": N_("interpretation"), "translation artefact": N_("translation artefact")}
VERDICT_COLOURS = {"correct": PALETTE["green"], "wrong": PALETTE["vermillion"],
                   "misleading": PALETTE["orange"], "interpretation": PALETTE["purple"],
                   "translation artefact": PALETTE["sky"]}
LESSONS = {"dating": N_("Dates"), "institutions": N_("Institutions and offices"), "translation": N_("Translation"),
           "numbers": N_("Numbers"), "overstatement": N_("Overstatement"),
           "interpretation": N_("Interpretation as fact"), "omission": N_("What is left out")}
#: The language of the source text: an edition in it analyses the source directly, in its own words, with no
#: back-translation beside it; the English edition shows the course's translation of each line and claim.
SOURCE_LANGUAGE = "id"
DEFAULT_ANSWERS_FILE = "claim-answers.json"
MIN_JUSTIFICATION = 15  # characters: a few words that name some evidence


def claims() -> pd.DataFrame:
    return data.table("seed_claims")


def source_lines() -> pd.DataFrame:
    return data.table("seed_text")


def _in_source_language() -> bool:
    """True in the edition written in the source text's language: its readers read the source itself."""
    return language() == SOURCE_LANGUAGE


def _label(verdict: str) -> str:
    """A verdict as the reader sees it (the value itself stays language-neutral)."""
    return _(VERDICT_LABELS.get(verdict, verdict))


def source_and_translation_table():
    """The source text, line by line: the original Indonesian beside the course's translation.

    In the source's own language there is no back-translation: the original alone.
    """
    if _in_source_language():
        lines = source_lines().rename(columns={"line": _("line"), "indonesian": _("Original text")})
        return table_view(lines, [_("line"), _("Original text")])
    lines = source_lines().rename(columns={"line": _("line"), "indonesian": _("Indonesian (original)"),
                                           "english": _("English (course translation)")})
    return table_view(lines, [_("line"), _("Indonesian (original)"), _("English (course translation)")])


# --- The checker's logic ----------------------------------------------------------------
# The checker has two modes. With the answer key (the full course and the book) it is practice: each
# check shows the course's verdict and evidence. Without it (the student edition and released
# assignments, which leave the key out), or when told practice=False, it only records the verdicts and
# justifications, for an instructor to grade.

@dataclass(frozen=True)
class Feedback:
    accepted: bool          # False: the answer could not be assessed (message says why)
    agrees: bool | None     # with the course's verdict, when accepted and assessed
    message: str


def answer_key_module():
    """The answer key (:mod:`thaw.chapters.claims_answer_key`), or None in an edition that leaves it out."""
    try:
        from thaw.chapters import claims_answer_key
    except ImportError:
        return None
    return claims_answer_key if claims_answer_key.available() else None


def _required_key():
    key = answer_key_module()
    if key is None:
        raise LookupError(_("This edition of the course has no answer key: the course's verdicts are "
                            "left out of the student edition and of assignments."))
    return key


def problem_with(claim_id: str, verdict: str, justification: str) -> str | None:
    """Why an answer cannot be recorded (a message for the student), or None if it can."""
    table = claims().set_index("id")
    if claim_id not in table.index:
        return _unknown_claim(claim_id, table)
    if verdict not in VERDICTS:  # the values are typed as they are in every language
        return _("'{verdict}' is not a verdict. Choose one of: {choices}.").format(
            verdict=verdict, choices=", ".join(VERDICTS))
    if len((justification or "").strip()) < MIN_JUSTIFICATION:
        return _("Write a short justification first: a sentence naming the evidence "
                 "(a date, a number, a document).")
    return None


def record(claim_id: str, verdict: str, justification: str) -> Feedback:
    """Accept an answer for the record, without saying whether it agrees with the course."""
    problem = problem_with(claim_id, verdict, justification)
    if problem:
        return Feedback(False, None, problem)
    return Feedback(True, None, _("Recorded: your verdict on {claim} and its justification. "
                                  "Your instructor will see them.").format(claim=claim_id))


def _unknown_claim(claim_id: str, table: pd.DataFrame) -> str:
    return _("There is no claim '{claim}'. Claims run from {first} to {last}.").format(
        claim=claim_id, first=table.index[0], last=table.index[-1])


def _said(row) -> str:
    """A claim as this edition shows it: the source's own words in its language, else the course's rendering."""
    return row["excerpt"] if _in_source_language() else row["claim"]


VALID_ANSWER = N_("a claim id with a verdict and a justification")


def valid_answer(claim_id: str, answer) -> bool:
    return (claim_id in set(claims()["id"]) and isinstance(answer, dict)
            and answer.get("verdict") in VERDICTS and isinstance(answer.get("justification"), str))


def load_answers(path=DEFAULT_ANSWERS_FILE) -> dict:
    """Answers saved by the checker: {claim id: {"verdict", "justification"}}; {} if none yet."""
    return answers_file.load_answers(path, valid_answer, VALID_ANSWER)


def answers_table(answers: dict):
    """A student's answers, claim by claim, for reading them (an instructor grading the justifications)."""
    table = claims().set_index("id")
    rows = [{_("id"): claim_id, _("the text says"): _said(table.loc[claim_id]),
             _("verdict"): _label(answers[claim_id]["verdict"]) if claim_id in answers else "",
             _("justification"): answers.get(claim_id, {}).get("justification", "")} for claim_id in table.index]
    return table_view(pd.DataFrame(rows))


def build_checker(path=DEFAULT_ANSWERS_FILE, practice: bool | None = None):
    """The claim checker for JupyterLab: verdict, justification, feedback, progress; saved on every check.

    ``practice``: show the course's verdict after each check (default: when the answer key is there).
    The claim, the feedback on it and the progress are the linked view's sentence; its chart counts
    the answers so far.
    """
    import ipywidgets as widgets

    key = answer_key_module() if practice is not False else None
    if practice and key is None:
        key = _required_key()
    table = claims().set_index("id")
    when = N_("after every check") if key else N_("after every check, for your instructor")
    answers, path, message = answers_file.open_answers(path, valid_answer, VALID_ANSWER, when)
    feedback: dict[str, str] = {}  # claim id -> what the last check of it said
    choose = widgets.Dropdown(options=[(f"{i}: {_said(table.loc[i])[:70]}", i) for i in table.index],
                              description=_("Claim"), layout={"width": "46em"})
    # Labels in the reader's language, values language-neutral: saved answers load in either edition.
    verdict = widgets.RadioButtons(options=[(_label(v), v) for v in VERDICTS], description=_("Verdict"))
    justification = widgets.Textarea(placeholder=_("Why? Name the evidence: a date, a number, a document."),
                                     layout={"width": "46em", "height": "5em"})
    check = widgets.Button(description=_("Check and save") if key else _("Save"), button_style="primary")
    chart = key.explorer_figure if key else explorer_figure
    view = LinkedView(lambda: describe_claim(choose.value, feedback.get(choose.value), answers, key),
                      lambda: chart(answers))

    def show_saved(*_change):  # the answer saved for the claim chosen, if any
        saved = answers.get(choose.value)
        verdict.value = saved["verdict"] if saved else None
        justification.value = saved["justification"] if saved else ""

    def on_check(_button):
        assess = key.assess if key else record
        result = assess(choose.value, verdict.value or "", justification.value)
        feedback[choose.value] = result.message
        if result.accepted:
            answers[choose.value] = {"verdict": verdict.value, "justification": justification.value}
            answers_file.save_answers(path, answers)
        view.refresh()

    view.follow(choose)
    choose.observe(show_saved, names="value")
    check.on_click(on_check)
    show_saved()
    view.refresh()
    # The claim and its feedback sit under the menu that chooses it; the chart of answers comes last.
    return widgets.VBox([widgets.HTML(message), choose, view.summary, verdict, justification, check, view.chart])


def describe_claim(claim_id: str, feedback: str | None = None, answers: dict | None = None, key=None) -> str:
    """The checker's sentence (HTML): the claim with its words in the text, the feedback on it, the progress
    (with the answer key ``key``: how many answers agree with the course)."""
    table = claims().set_index("id")
    if claim_id not in table.index:
        return html.escape(_unknown_claim(claim_id, table))
    row = table.loc[claim_id]
    text = _("Line {line}: {quote}").format(line=row["line"],
                                           quote=f"<i lang='id'>“{html.escape(row['excerpt'])}”</i>")
    if not _in_source_language():  # the course's rendering under the source's words
        text += f"<br>{html.escape(row['claim'])}"
    if feedback:
        text += f"</p><p>{html.escape(feedback)}"
    answers = answers or {}
    if key is None:
        answered = sum(claim in table.index for claim in answers)
        return text + "</p><p>" + _("Answered {answered} of {total}.").format(answered=answered, total=len(table))
    agreeing, answered, total = key.score(answers)
    return text + "</p><p>" + _("Answered {answered} of {total}; {agreeing} agree with the course.").format(
        answered=answered, total=total, agreeing=agreeing)


def explorer_figure(answers: dict) -> go.Figure:
    """The recording checker's chart: the claims of each line of the text, answered so far or not."""
    table = claims()
    lines = sorted(set(table["line"]))
    answered = table["id"].isin(list(answers))
    names = {True: _("answered"), False: _("not yet answered")}
    fig = go.Figure()
    for done, colour in ((True, PALETTE["blue"]), (False, PALETTE["grey"])):
        counts = [int(((table["line"] == line) & (answered == done)).sum()) for line in lines]
        fig.add_trace(go.Bar(x=[_("line {line}").format(line=line) for line in lines], y=counts, name=names[done],
                             marker_color=colour, hovertemplate="%{x}: %{y} " + names[done] + "<extra></extra>"))
    fig.update_layout(barmode="stack", hovermode="closest")
    fig.update_yaxes(title=_("claims"), dtick=2)
    count = int(answered.sum())
    return finish(fig, height=340, title=_("Your verdicts: {answered} of {total} claims").format(
                      answered=count, total=len(table)),
                  source=_("your answers file; seed_claims.csv (the claims)"),
                  alt=_("Bar chart of the claims of each line of the text: {answered} of {total} answered.").format(
                      answered=count, total=len(table)))


# --- Figures -----------------------------------------------------------------------------

def verdicts_figure(lines=None) -> go.Figure:
    """The claims by verdict, and by what they teach (buttons switch the view).

    ``lines``: the lines of the source text whose claims are counted (default: all ten).
    """
    table = _required_key().claims()
    every_line = sorted(set(source_lines()["line"]))
    lines = every_line if lines is None else sorted(set(int(n) for n in lines))
    unknown = [n for n in lines if n not in every_line]
    if unknown:
        raise ValueError(_("The source text has no line {line}: its lines run from {first} to {last}.").format(
            line=unknown[0], first=every_line[0], last=every_line[-1]))
    table = table[table["line"].isin(lines)]
    fig = go.Figure()
    for verdict in VERDICTS:  # one bar per verdict
        count = int((table["verdict"] == verdict).sum())
        fig.add_trace(grouped("by verdict", go.Bar(
            x=[_label(verdict)], y=[count], name=_label(verdict), marker_color=VERDICT_COLOURS[verdict], text=[count],
            textposition="outside", hovertemplate=_("%{x}: %{y} claims") + "<extra></extra>")))
    for verdict in VERDICTS:  # what they teach, stacked by verdict
        counts = [int(((table["lesson"] == lesson) & (table["verdict"] == verdict)).sum()) for lesson in LESSONS]
        fig.add_trace(grouped("by lesson", go.Bar(
            x=[_(label) for label in LESSONS.values()], y=counts, name=_label(verdict),
            marker_color=VERDICT_COLOURS[verdict], hovertemplate="%{x}: %{y} " + _label(verdict) + "<extra></extra>")))
    fig.update_layout(barmode="stack", hovermode="closest")
    views(fig, [View(_("By verdict"), ["by verdict"], {"showlegend": False}),
                View(_("By what they teach"), ["by lesson"], {"showlegend": True})])
    fig.update_yaxes(title=_("claims"), dtick=2)
    if lines == every_line:
        title = _("The {count} checkable claims of the source text")
    elif len(lines) == 1:
        title = _("The {count} checkable claims of line {lines} of the source text")
    else:
        title = _("The {count} checkable claims of lines {lines} of the source text")
    counts = table["verdict"].value_counts()
    return finish(fig, height=480, title=title.format(count=len(table), lines=", ".join(map(str, lines))),
                  source=_("seed_claims_key.csv: the course's verdicts, each with its evidence and source"),
                  alt=_("Bar chart of {count} claims by verdict: {counts}.").format(
                      count=len(table), counts=", ".join(f"{counts.get(v, 0)} {_label(v)}" for v in VERDICTS)))


def dated_claims() -> pd.DataFrame:
    """The claims that date an event: the date the text implies and the record's, oldest record first."""
    table = claims()
    dated = table[table["event_id"] != ""]
    events = data.table("events").set_index("id")
    record = events.loc[dated["event_id"]].reset_index()
    return (dated.reset_index(drop=True)
            .assign(event=record["title"], start=record["start"], end=record["end"], precision=record["precision"])
            .sort_values("start").reset_index(drop=True))


def dates_figure() -> go.Figure:
    """Dates the text gives against the record (the course timeline)."""
    dated = dated_claims()
    fig = go.Figure()
    for row in dated.itertuples():
        fig.add_trace(go.Scatter(
            x=[row.implied_date, row.start], y=[row.event, row.event], mode="lines+markers",
            line=dict(color=PALETTE["grey"], dash="dot"), showlegend=False, hoverinfo="skip",
            marker=dict(symbol=["x", "circle"], size=14, color=[PALETTE["vermillion"], PALETTE["blue"]])))
        fig.add_annotation(x=row.start, y=row.event, text=_("record: {date}").format(date=fmt_date(row.start)),
                           showarrow=False,
                           yshift=16, font=dict(size=11))
    fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=_("date implied by the text"),
                             marker=dict(symbol="x", size=14, color=PALETTE["vermillion"])))
    fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=_("date in the record"),
                             marker=dict(symbol="circle", size=14, color=PALETTE["blue"])))
    fig.update_layout(hovermode="closest", margin=dict(l=150))
    fig.update_yaxes(showgrid=False, categoryorder="array", categoryarray=list(dated["event"])[::-1])
    fig.update_xaxes(range=["1952-09-01", "1957-06-01"])
    table = pd.DataFrame({_("event"): dated["event"], _("the text says"): dated["excerpt"],
                          _("the record"): [fmt_span(r.start, r.end, r.precision) for r in dated.itertuples()]})
    return finish(fig, height=380, title=_("When the text says it happened, and when it did"), table=table,
                  source=_("seed_claims.csv ({ids}); events.csv (the course timeline). The text gives a month, a year "
                           "and a season: each is drawn in its middle").format(ids=", ".join(dated["id"])),
                  alt="; ".join(_("{event}: the text implies {implied} (“{excerpt}”), the record gives {record}").format(
                      event=r.event, implied=fmt_span(r.implied_date, precision="year"),
                      excerpt=r.excerpt.strip(chr(34)), record=fmt_span(r.start, r.end, r.precision))
                      for r in dated.itertuples()) + ".")


#: The chapter's figures, in the order the notebook shows them (see tests/test_figures.py).
FIGURES = {"verdicts": verdicts_figure, "dates": dates_figure}
EXPLORER = build_checker
