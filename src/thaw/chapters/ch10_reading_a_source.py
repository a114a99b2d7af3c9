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
from thaw.quiz import Question, Quiz

VERDICTS = ("correct", "wrong", "misleading", "interpretation", "translation artefact")
VERDICT_COLOURS = {"correct": PALETTE["green"], "wrong": PALETTE["vermillion"],
                   "misleading": PALETTE["orange"], "interpretation": PALETTE["purple"],
                   "translation artefact": PALETTE["sky"]}
LESSONS = {"dating": "Dates", "institutions": "Institutions and offices", "translation": "Translation",
           "numbers": "Numbers", "overstatement": "Overstatement", "interpretation": "Interpretation as fact",
           "omission": "What is left out"}
DEFAULT_ANSWERS_FILE = "claim-answers.json"
MIN_JUSTIFICATION = 15  # characters: a few words that name some evidence


def claims() -> pd.DataFrame:
    return data.table("seed_claims")


def source_lines() -> pd.DataFrame:
    return data.table("seed_text")


def source_and_translation_table():
    """The source text, line by line: the original Indonesian beside the course's translation."""
    lines = source_lines().rename(columns={"indonesian": "Indonesian (original)",
                                           "english": "English (course translation)"})
    return table_view(lines, ["line", "Indonesian (original)", "English (course translation)"])


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
        return Feedback(False, None, f"There is no claim '{claim_id}'. Claims run from "
                                     f"{table.index[0]} to {table.index[-1]}.")
    if verdict not in VERDICTS:
        return Feedback(False, None, f"'{verdict}' is not a verdict. Choose one of: {', '.join(VERDICTS)}.")
    if len((justification or "").strip()) < MIN_JUSTIFICATION:
        return Feedback(False, None, "Write a short justification first: a sentence naming the evidence "
                                     "(a date, a number, a document).")
    claim = table.loc[claim_id]
    agrees = verdict == claim["verdict"]
    opening = "You agree with the course" if agrees else \
        f"The course's verdict is '{claim['verdict']}', not '{verdict}'"
    return Feedback(True, agrees, f"{opening}. {claim['correct_fact']} Evidence: chapter "
                                  f"{claim['chapter']}" + (f", {claim['dataset']}" if claim["dataset"] else "")
                                  + f"; source: {claim['source']}.")


def score(answers: dict) -> tuple[int, int, int]:
    """(answers agreeing with the course, claims answered, claims in all)."""
    verdicts = claims().set_index("id")["verdict"]
    answered = [k for k in answers if k in verdicts.index]
    agreeing = sum(answers[k]["verdict"] == verdicts[k] for k in answered)
    return agreeing, len(answered), len(verdicts)


VALID_ANSWER = "a claim id with a verdict and a justification"


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
    answers, path, message = answers_file.open_answers(path, valid_answer, VALID_ANSWER, "after every check")
    feedback: dict[str, str] = {}  # claim id -> what the last check of it said
    choose = widgets.Dropdown(options=[(f"{i}: {table.loc[i, 'claim'][:70]}", i) for i in table.index],
                              description="Claim", layout={"width": "46em"})
    verdict = widgets.RadioButtons(options=VERDICTS, description="Verdict")
    justification = widgets.Textarea(placeholder="Why? Name the evidence: a date, a number, a document.",
                                     layout={"width": "46em", "height": "5em"})
    check = widgets.Button(description="Check and save", button_style="primary")
    view = LinkedView(lambda: describe_claim(choose.value, feedback.get(choose.value), answers),
                      lambda: explorer_figure(answers))

    def show_saved(*_):  # the answer saved for the claim chosen, if any
        saved = answers.get(choose.value)
        verdict.value = saved["verdict"] if saved else None
        justification.value = saved["justification"] if saved else ""

    def on_check(_):
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
        return html.escape(f"There is no claim '{claim_id}'. Claims run from {table.index[0]} to {table.index[-1]}.")
    row = table.loc[claim_id]
    text = f"Line {row['line']}: <i lang='id'>“{html.escape(row['excerpt'])}”</i><br>{html.escape(row['claim'])}"
    if feedback:
        text += f"</p><p>{html.escape(feedback)}"
    agreeing, answered, total = score(answers or {})
    return text + f"</p><p>Answered {answered} of {total}; {agreeing} agree with the course."


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
    fig = go.Figure()
    for name, colour in colours.items():
        counts = [int(((table["lesson"] == lesson) & (status == name)).sum()) for lesson in LESSONS]
        fig.add_trace(go.Bar(y=list(LESSONS.values()), x=counts, orientation="h", name=name,
                             marker_color=colour, hovertemplate="%{y}: %{x} " + name + "<extra></extra>"))
    fig.update_layout(barmode="stack", hovermode="closest")
    fig.update_xaxes(title="claims", dtick=2)
    fig.update_yaxes(autorange="reversed", showgrid=False)
    agreeing, answered, total = score(answers)
    return finish(fig, height=380, title=f"Your verdicts: {answered} of {total} claims, {agreeing} as the course's",
                  source="your answers file; seed_claims.csv (the course's verdicts)",
                  alt=f"Bar chart of the claims by what they teach: {answered} of {total} answered, "
                      f"{agreeing} of them as the course judges them.")


# --- The kernel-free quiz and the answer key ---------------------------------------------

def claim_quiz() -> Quiz:
    """Every claim as a question: choose a verdict, check, read the evidence."""
    questions = []
    for row in claims().itertuples():
        number = int(row.chapter[:2])
        evidence = (f'<a href="{html.escape(row.chapter)}.html">Chapter {number}</a>'
                    + (f", <code>{html.escape(row.dataset)}</code>" if row.dataset else ""))
        grade = f" (grade {row.grade})" if row.grade else ""
        questions.append(Question(
            key=row.id,
            prompt_html=(f"{row.id} · line {row.line}: <i lang='id'>“{html.escape(row.excerpt)}”</i> — "
                         f"{html.escape(row.claim)}"),
            options=[(v, v) for v in VERDICTS], answer=row.verdict,
            explanation_html=(f"<p>{html.escape(row.correct_fact)}</p><p><small>Evidence: {evidence}; "
                              f"source: {html.escape(row.source)}{grade}.</small></p>")))
    return Quiz(questions, title="Verdicts on the claims of the source text", quiz_id="seed-claims")


def answer_key():
    """For instructors: every claim with the verdict, the correct fact and the evidence."""
    return table_view(claims(), ["id", "line", "claim", "verdict", "correct_fact", "chapter", "dataset",
                                 "source", "grade"])


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
        raise ValueError(f"The source text has no line {unknown[0]}: its lines run from {every_line[0]} "
                         f"to {every_line[-1]}.")
    table = table[table["line"].isin(lines)]
    fig = go.Figure()
    for verdict in VERDICTS:  # one bar per verdict
        count = int((table["verdict"] == verdict).sum())
        fig.add_trace(grouped("by verdict", go.Bar(
            x=[verdict], y=[count], name=verdict, marker_color=VERDICT_COLOURS[verdict], text=[count],
            textposition="outside", hovertemplate="%{x}: %{y} claims<extra></extra>")))
    for verdict in VERDICTS:  # what they teach, stacked by verdict
        counts = [int(((table["lesson"] == lesson) & (table["verdict"] == verdict)).sum()) for lesson in LESSONS]
        fig.add_trace(grouped("by lesson", go.Bar(
            x=list(LESSONS.values()), y=counts, name=verdict, marker_color=VERDICT_COLOURS[verdict],
            hovertemplate="%{x}: %{y} " + verdict + "<extra></extra>")))
    fig.update_layout(barmode="stack", hovermode="closest")
    views(fig, [View("By verdict", ["by verdict"], {"showlegend": False}),
                View("By what they teach", ["by lesson"], {"showlegend": True})])
    fig.update_yaxes(title="claims", dtick=2)
    where = "" if lines == every_line else f" of line{'s' if len(lines) > 1 else ''} {', '.join(map(str, lines))}"
    counts = table["verdict"].value_counts()
    return finish(fig, height=480, title=f"The {len(table)} checkable claims{where} of the source text",
                  source="seed_claims.csv: the course's verdicts, each with its evidence and source",
                  alt=f"Bar chart of {len(table)} claims by verdict: "
                      + ", ".join(f"{counts.get(v, 0)} {v}" for v in VERDICTS) + ".")


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
        fig.add_annotation(x=row.start, y=row.event, text=f"record: {fmt_date(row.start)}", showarrow=False,
                           yshift=16, font=dict(size=11))
    fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name="date implied by the text",
                             marker=dict(symbol="x", size=14, color=PALETTE["vermillion"])))
    fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name="date in the record",
                             marker=dict(symbol="circle", size=14, color=PALETTE["blue"])))
    fig.update_layout(hovermode="closest", margin=dict(l=150))
    fig.update_yaxes(showgrid=False, categoryorder="array", categoryarray=list(dated["event"])[::-1])
    fig.update_xaxes(range=["1952-09-01", "1957-06-01"])
    table = pd.DataFrame({"event": dated["event"], "the text says": dated["excerpt"],
                          "the record": [fmt_span(r.start, r.end, r.precision) for r in dated.itertuples()]})
    return finish(fig, height=380, title="When the text says it happened, and when it did", table=table,
                  source=f"seed_claims.csv ({', '.join(dated['id'])}); events.csv (the course timeline). The text "
                         "gives a month, a year and a season: each is drawn in its middle",
                  alt="; ".join(f"{r.event}: the text implies {fmt_span(r.implied_date, precision='year')} "
                                f"(“{r.excerpt.strip(chr(34))}”), the record gives {fmt_span(r.start, r.end, r.precision)}"
                                for r in dated.itertuples()) + ".")


#: The chapter's figures, in the order the notebook shows them (see tests/test_figures.py).
FIGURES = {"verdicts": verdicts_figure, "dates": dates_figure}
EXPLORER = build_checker
