"""Chapter 10, "Reading a source critically": the claim checker, its quiz and figures.

The checker's logic is plain functions (``assess``, ``score``, ``load_answers``, and
``save_answers`` from thaw.answers); ``build_checker`` wraps them in ipywidgets for JupyterLab and
saves every answer to a file, so nothing typed is lost on a kernel restart.
``claim_quiz`` is the same exercise for the compiled book, with no kernel.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from thaw import answers as answers_file
from thaw import data
from thaw.answers import AnswersFileError, free_path, save_answers  # noqa: F401 (part of this module's API)
from thaw.charts import PALETTE, finish, fmt_date, table_view
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


def side_by_side():
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
    """The claim checker for JupyterLab: verdict, justification, feedback, score; saved on every check."""
    import ipywidgets as widgets

    table = claims().set_index("id")
    answers, path, message = answers_file.open_answers(path, valid_answer, VALID_ANSWER, "after every check")
    notice = widgets.HTML(message)
    choose = widgets.Dropdown(options=[(f"{i}: {table.loc[i, 'claim'][:70]}", i) for i in table.index],
                              description="Claim", layout={"width": "46em"})
    excerpt = widgets.HTML()
    verdict = widgets.RadioButtons(options=VERDICTS, description="Verdict")
    justification = widgets.Textarea(placeholder="Why? Name the evidence: a date, a number, a document.",
                                     layout={"width": "46em", "height": "5em"})
    check = widgets.Button(description="Check and save", button_style="primary")
    feedback = widgets.HTML()
    progress = widgets.HTML()

    def show_claim(*_):
        row = table.loc[choose.value]
        excerpt.value = (f"<p>Line {row['line']}: <i lang='id'>“{html.escape(row['excerpt'])}”</i><br>"
                         f"{html.escape(row['claim'])}</p>")
        saved = answers.get(choose.value)
        verdict.value = saved["verdict"] if saved else None
        justification.value = saved["justification"] if saved else ""
        feedback.value = ""

    def show_score():
        agreeing, answered, total = score(answers)
        progress.value = f"<p>Answered {answered} of {total}; {agreeing} agree with the course.</p>"

    def on_check(_):
        result = assess(choose.value, verdict.value or "", justification.value)
        feedback.value = f"<p>{html.escape(result.message)}</p>"
        if result.accepted:
            answers[choose.value] = {"verdict": verdict.value, "justification": justification.value}
            save_answers(path, answers)
            show_score()

    choose.observe(show_claim, names="value")
    check.on_click(on_check)
    show_claim()
    show_score()
    return widgets.VBox([notice, choose, excerpt, verdict, justification, check, feedback, progress])


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

def verdicts_figure() -> go.Figure:
    """Figure 10.1: the claims by verdict, and by what they teach (buttons switch the view)."""
    table = claims()
    fig = go.Figure()
    for verdict in VERDICTS:  # view 1: one bar per verdict
        count = int((table["verdict"] == verdict).sum())
        fig.add_trace(go.Bar(x=[verdict], y=[count], name=verdict, marker_color=VERDICT_COLOURS[verdict],
                             text=[count], textposition="outside",
                             hovertemplate="%{x}: %{y} claims<extra></extra>"))
    lessons = list(LESSONS)
    for verdict in VERDICTS:  # view 2: lessons, stacked by verdict
        counts = [int(((table["lesson"] == lesson) & (table["verdict"] == verdict)).sum()) for lesson in lessons]
        fig.add_trace(go.Bar(x=[LESSONS[lesson] for lesson in lessons], y=counts, name=verdict, visible=False,
                             marker_color=VERDICT_COLOURS[verdict],
                             hovertemplate="%{x}: %{y} " + verdict + "<extra></extra>"))
    n = len(VERDICTS)
    fig.update_layout(barmode="stack", showlegend=False, hovermode="closest", updatemenus=[dict(
        type="buttons", direction="right", active=0, buttons=[
            dict(label="By verdict", method="update",
                 args=[{"visible": [True] * n + [False] * n}, {"showlegend": False}]),
            dict(label="By what they teach", method="update",
                 args=[{"visible": [False] * n + [True] * n}, {"showlegend": True}])])])
    fig.update_yaxes(title="claims", dtick=2)
    wrong = int(table["verdict"].isin(["wrong", "misleading", "translation artefact"]).sum())
    return finish(fig, height=480, title=f"The {len(table)} checkable claims of the source text",
                  source="seed_claims.csv: the course's verdicts, each with its evidence and source",
                  alt=f"Bar chart: of {len(table)} claims, {int((table['verdict'] == 'correct').sum())} are "
                      f"correct and {wrong} are wrong, misleading or artefacts of translation.")


# (claim id, label, date the text implies, event id in events.csv that holds the record).
# The text gives a month at best; implied dates sit mid-month or mid-season, as the source line says.
DATED_CLAIMS = [
    ("c03", "20th Congress", "1954-02-15", "e30"),
    ("c29", "Rising in the GDR", "1956-07-01", "e07"),
    ("c26", "'Hungarian spring'", "1956-04-15", "e41"),
]


def dates_figure() -> go.Figure:
    """Figure 10.2: dates the text gives against the record (the course timeline)."""
    events = data.table("events").set_index("id")
    fig = go.Figure()
    for number, (claim_id, label, claimed, event_id) in enumerate(DATED_CLAIMS):
        record = events.loc[event_id, "start"]
        fig.add_trace(go.Scatter(
            x=[pd.Timestamp(claimed), record], y=[label, label], mode="lines+markers",
            line=dict(color=PALETTE["grey"], dash="dot"), showlegend=False, hoverinfo="skip",
            marker=dict(symbol=["x", "circle"], size=14, color=[PALETTE["vermillion"], PALETTE["blue"]])))
        fig.add_annotation(x=record, y=label, text=f"record: {fmt_date(record)}", showarrow=False,
                           yshift=16, font=dict(size=11))
    fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name="date implied by the text",
                             marker=dict(symbol="x", size=14, color=PALETTE["vermillion"])))
    fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name="date in the record",
                             marker=dict(symbol="circle", size=14, color=PALETTE["blue"])))
    fig.update_layout(hovermode="closest", margin=dict(l=150))
    fig.update_yaxes(showgrid=False)
    fig.update_xaxes(range=["1952-09-01", "1957-06-01"])
    claims_by_id = claims().set_index("id")
    table = pd.DataFrame([{"event": label, "the text says": claims_by_id.loc[claim_id, "excerpt"],
                           "the record": events.loc[event_id, "start"]}
                          for claim_id, label, _, event_id in DATED_CLAIMS])
    return finish(fig, height=380, title="When the text says it happened, and when it did", table=table,
                  source="seed_claims.csv (c03, c26, c29); events.csv (the course timeline). The text gives "
                         "'February 1954', '1956' and a 'spring': they are placed mid-month, mid-year and mid-spring",
                  alt="The text puts the 20th Congress two years early (1954, not February 1956), the GDR "
                      "rising three years late (1956, not June 1953), and calls the Hungarian Revolution of "
                      "October–November 1956 a 'spring'.")
