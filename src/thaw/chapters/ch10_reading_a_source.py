"""Chapter 10, "Reading a source critically": the claim checker, its quiz and figures.

The checker's logic is plain functions (``assess``, ``score``, ``load_answers``; the
answers file itself is :mod:`thaw.answers`); ``build_checker`` wraps them in ipywidgets for
JupyterLab and saves every answer to a file, so nothing typed is lost on a kernel restart.
``claim_quiz`` is the same exercise for the compiled book, with no kernel.
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
from thaw.quiz import Question, Quiz

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

@dataclass(frozen=True)
class Feedback:
    accepted: bool          # False: the answer could not be assessed (message says why)
    agrees: bool | None     # with the course's verdict, when accepted
    message: str


def assess(claim_id: str, verdict: str, justification: str) -> Feedback:
    """Compare a student's verdict and justification on one claim with the course's."""
    table = claims().set_index("id")
    if claim_id not in table.index:
        return Feedback(False, None, _unknown_claim(claim_id, table))
    if verdict not in VERDICTS:  # the values are typed as they are in every language
        return Feedback(False, None, _("'{verdict}' is not a verdict. Choose one of: {choices}.").format(
            verdict=verdict, choices=", ".join(VERDICTS)))
    if len((justification or "").strip()) < MIN_JUSTIFICATION:
        return Feedback(False, None, _("Write a short justification first: a sentence naming the evidence "
                                       "(a date, a number, a document)."))
    claim = table.loc[claim_id]
    agrees = verdict == claim["verdict"]
    opening = _("You agree with the course") if agrees else \
        _("The course's verdict is '{course}', not '{yours}'").format(course=_label(claim["verdict"]),
                                                                       yours=_label(verdict))
    if claim["dataset"]:
        message = _("{opening}. {fact} Evidence: chapter {chapter}, {dataset}; source: {source}.")
    else:
        message = _("{opening}. {fact} Evidence: chapter {chapter}; source: {source}.")
    return Feedback(True, agrees, message.format(opening=opening, fact=claim["correct_fact"],
                                                 chapter=claim["chapter"], dataset=claim["dataset"],
                                                 source=claim["source"]))


def _unknown_claim(claim_id: str, table: pd.DataFrame) -> str:
    return _("There is no claim '{claim}'. Claims run from {first} to {last}.").format(
        claim=claim_id, first=table.index[0], last=table.index[-1])


def _said(row) -> str:
    """A claim as this edition shows it: the source's own words in its language, else the course's rendering."""
    return row["excerpt"] if _in_source_language() else row["claim"]


def score(answers: dict) -> tuple[int, int, int]:
    """(answers agreeing with the course, claims answered, claims in all)."""
    verdicts = claims().set_index("id")["verdict"]
    answered = [k for k in answers if k in verdicts.index]
    agreeing = sum(answers[k]["verdict"] == verdicts[k] for k in answered)
    return agreeing, len(answered), len(verdicts)


VALID_ANSWER = N_("a claim id with a verdict and a justification")


def valid_answer(claim_id: str, answer) -> bool:
    return (claim_id in set(claims()["id"]) and isinstance(answer, dict)
            and answer.get("verdict") in VERDICTS and isinstance(answer.get("justification"), str))


def load_answers(path) -> dict:
    """Answers saved by the checker: {claim id: {"verdict", "justification"}}; {} if none yet."""
    return answers_file.load_answers(path, valid_answer, VALID_ANSWER)


def build_checker(path=DEFAULT_ANSWERS_FILE):
    """The claim checker for JupyterLab: verdict, justification, feedback, score; saved on every check.

    The claim, the feedback on it and the score are the linked view's sentence; its chart counts
    the answers so far (:func:`explorer_figure`).
    """
    import ipywidgets as widgets

    table = claims().set_index("id")
    answers, path, message = answers_file.open_answers(path, valid_answer, VALID_ANSWER, N_("after every check"))
    feedback: dict[str, str] = {}  # claim id -> what the last check of it said
    choose = widgets.Dropdown(options=[(f"{i}: {_said(table.loc[i])[:70]}", i) for i in table.index],
                              description=_("Claim"), layout={"width": "46em"})
    # Labels in the reader's language, values language-neutral: saved answers load in either edition.
    verdict = widgets.RadioButtons(options=[(_label(v), v) for v in VERDICTS], description=_("Verdict"))
    justification = widgets.Textarea(placeholder=_("Why? Name the evidence: a date, a number, a document."),
                                     layout={"width": "46em", "height": "5em"})
    check = widgets.Button(description=_("Check and save"), button_style="primary")
    view = LinkedView(lambda: describe_claim(choose.value, feedback.get(choose.value), answers),
                      lambda: explorer_figure(answers))

    def show_saved(*_change):  # the answer saved for the claim chosen, if any
        saved = answers.get(choose.value)
        verdict.value = saved["verdict"] if saved else None
        justification.value = saved["justification"] if saved else ""

    def on_check(_button):
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


def describe_claim(claim_id: str, feedback: str | None = None, answers: dict | None = None) -> str:
    """The checker's sentence (HTML): the claim with its words in the text, the feedback on it, the score."""
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
    agreeing, answered, total = score(answers or {})
    return text + "</p><p>" + _("Answered {answered} of {total}; {agreeing} agree with the course.").format(
        answered=answered, total=total, agreeing=agreeing)


def explorer_figure(answers: dict) -> go.Figure:
    """The checker's chart: the claims answered so far, by what they teach, agreeing with the course or not."""
    table = claims().set_index("id")
    verdicts = table["verdict"]
    status = pd.Series("not yet answered", index=table.index)
    for claim_id, answer in answers.items():
        if claim_id in status.index:
            status[claim_id] = "as the course" if answer["verdict"] == verdicts[claim_id] else "not as the course"
    colours = {"as the course": PALETTE["green"], "not as the course": PALETTE["vermillion"],
               "not yet answered": PALETTE["grey"]}
    names = {"as the course": _("as the course"), "not as the course": _("not as the course"),
             "not yet answered": _("not yet answered")}
    fig = go.Figure()
    for key, colour in colours.items():
        counts = [int(((table["lesson"] == lesson) & (status == key)).sum()) for lesson in LESSONS]
        fig.add_trace(go.Bar(y=[_(label) for label in LESSONS.values()], x=counts, orientation="h", name=names[key],
                             marker_color=colour, hovertemplate="%{y}: %{x} " + names[key] + "<extra></extra>"))
    fig.update_layout(barmode="stack", hovermode="closest")
    fig.update_xaxes(title=_("claims"), dtick=2)
    fig.update_yaxes(autorange="reversed", showgrid=False)
    agreeing, answered, total = score(answers)
    return finish(fig, height=380,
                  title=_("Your verdicts: {answered} of {total} claims, {agreeing} as the course's").format(
                      answered=answered, total=total, agreeing=agreeing),
                  source=_("your answers file; seed_claims.csv (the course's verdicts)"),
                  alt=_("Bar chart of the claims by what they teach: {answered} of {total} answered, {agreeing} of "
                        "them as the course judges them.").format(answered=answered, total=total, agreeing=agreeing))


# --- The kernel-free quiz and the answer key ---------------------------------------------

def claim_quiz() -> Quiz:
    """Every claim as a question: choose a verdict, check, read the evidence."""
    questions = []
    for row in claims().itertuples():
        number = int(row.chapter[:2])
        evidence = (f'<a href="{html.escape(row.chapter)}.html">' + _("Chapter {number}").format(number=number)
                    + "</a>" + (f", <code>{html.escape(row.dataset)}</code>" if row.dataset else ""))
        grade = " " + _("(grade {grade})").format(grade=row.grade) if row.grade else ""
        prompt = _("{claim} · line {line}: {quote}").format(
            claim=row.id, line=row.line, quote=f"<i lang='id'>“{html.escape(row.excerpt)}”</i>")
        if not _in_source_language():  # the course's rendering after the source's words
            prompt += f" — {html.escape(row.claim)}"
        questions.append(Question(
            key=row.id, prompt_html=prompt,
            options=[(v, _label(v)) for v in VERDICTS], answer=row.verdict,
            explanation_html=(f"<p>{html.escape(row.correct_fact)}</p><p><small>"
                              + _("Evidence: {evidence}; source: {source}{grade}.").format(
                                  evidence=evidence, source=html.escape(row.source), grade=grade)
                              + "</small></p>")))
    return Quiz(questions, title=_("Verdicts on the claims of the source text"), quiz_id="seed-claims")


def answer_key():
    """For instructors: every claim with the verdict, the correct fact and the evidence."""
    said = "excerpt" if _in_source_language() else "claim"  # the source's own words in its language
    table = claims().assign(verdict=lambda frame: frame["verdict"].map(_label))
    headers = {"id": _("id"), "line": _("line"), "claim": _("claim"), "excerpt": _("the text says"),
               "verdict": _("verdict"), "correct_fact": _("correct fact"), "chapter": _("chapter"),
               "dataset": _("dataset"), "source": _("source"), "grade": _("grade")}
    columns = ["id", "line", said, "verdict", "correct_fact", "chapter", "dataset", "source", "grade"]
    return table_view(table[columns].rename(columns=headers))


# --- Figures -----------------------------------------------------------------------------

def verdicts_figure(lines=None) -> go.Figure:
    """The claims by verdict, and by what they teach (buttons switch the view).

    ``lines``: the lines of the source text whose claims are counted (default: all ten).
    """
    table = claims()
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
                  source=_("seed_claims.csv: the course's verdicts, each with its evidence and source"),
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
