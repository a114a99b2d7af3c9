"""Chapter 10's answer key: the course's verdict on each claim of the source text, and what shows it.

The key (``data/seed_claims_key.csv``) and this module are left out of the student edition and
of released assignments (:mod:`thaw.book.student`, :mod:`thaw.book.assignments`). Here are the
practice checker's judgement (``assess``, ``score`` and its chart), the kernel-free quiz of the
book (``claim_quiz``) and the instructors' table (``answer_key``).
"""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from thaw import data
from thaw.chapters import ch10_reading_a_source as chapter
from thaw.chapters.ch10_reading_a_source import LESSONS, VERDICTS, Feedback, _in_source_language, _label
from thaw.charts import PALETTE, finish, table_view
from thaw.i18n import _
from thaw.quiz import Question, Quiz

KEY_TABLE = "seed_claims_key"


def available() -> bool:
    """True where the key's table is in the data (an edition may leave it out)."""
    try:
        return (data.data_dir() / data.resource(KEY_TABLE)["path"]).exists()
    except data.DataError:
        return False


def claims() -> pd.DataFrame:
    """Every claim with the course's verdict, the correct fact and the evidence."""
    return chapter.claims().merge(data.table(KEY_TABLE), on="id", how="left", validate="one_to_one")


def assess(claim_id: str, verdict: str, justification: str) -> Feedback:
    """Compare a student's verdict and justification on one claim with the course's."""
    problem = chapter.problem_with(claim_id, verdict, justification)
    if problem:
        return Feedback(False, None, problem)
    claim = claims().set_index("id").loc[claim_id]
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


def score(answers: dict) -> tuple[int, int, int]:
    """(answers agreeing with the course, claims answered, claims in all)."""
    verdicts = claims().set_index("id")["verdict"]
    answered = [k for k in answers if k in verdicts.index]
    agreeing = sum(answers[k]["verdict"] == verdicts[k] for k in answered)
    return agreeing, len(answered), len(verdicts)


def explorer_figure(answers: dict) -> go.Figure:
    """The practice checker's chart: the claims answered so far, by what they teach, agreeing with the course or not."""
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
                  source=_("your answers file; seed_claims_key.csv (the course's verdicts)"),
                  alt=_("Bar chart of the claims by what they teach: {answered} of {total} answered, {agreeing} of "
                        "them as the course judges them.").format(answered=answered, total=total, agreeing=agreeing))


def claim_quiz() -> Quiz:
    """Every claim as a question for the book (no kernel): choose a verdict, check, read the evidence."""
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
