"""Quizzes that work without a kernel: in the compiled book and in JupyterLab.

A quiz is plain HTML (radio buttons, a check button, a hidden explanation) with
its small script inlined, so nothing is fetched and no Python runs when a reader
answers. Used by the source-criticism chapter's claim quiz and by self-checks.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

SCRIPT = (Path(__file__).parent / "static" / "thaw-quiz.js").read_text(encoding="utf-8")

STYLE = """
.thaw-quiz fieldset { border: 1px solid var(--pst-color-border, #ccc); border-radius: 6px;
  margin: 0 0 1rem; padding: .6rem 1rem; }
.thaw-quiz legend { font-weight: 600; padding: 0 .3rem; }
.thaw-quiz label { display: inline-block; margin: .2rem 1.2rem .2rem 0; }
.thaw-quiz .thaw-quiz-check { margin-top: .3rem; padding: .2rem .8rem; border-radius: 4px;
  border: 1px solid var(--pst-color-primary, #0072B2); background: transparent;
  color: var(--pst-color-text-base, inherit); cursor: pointer; }
.thaw-quiz .thaw-quiz-feedback { margin-left: .8rem; font-weight: 600; }
.thaw-quiz .thaw-quiz-right { border-left: 4px solid #009E73; }
.thaw-quiz .thaw-quiz-wrong { border-left: 4px solid #D55E00; }
.thaw-quiz .thaw-quiz-score { font-weight: 600; }
"""


@dataclass(frozen=True)
class Question:
    key: str
    prompt_html: str          # trusted HTML written by the course
    options: list[tuple[str, str]]   # (value, label)
    answer: str               # the value of the course's answer
    explanation_html: str     # shown after checking


def render(questions: list[Question], title: str) -> str:
    """The quiz as one self-contained HTML fragment."""
    items = []
    for q in questions:
        labels = dict(q.options)
        if q.answer not in labels:
            raise ValueError(f"question {q.key}: the answer '{q.answer}' is not one of its options")
        choices = "".join(
            f'<label><input type="radio" name="{_e(q.key)}" value="{_e(value)}"> {_e(label)}</label>'
            for value, label in q.options)
        items.append(
            f'<fieldset class="thaw-quiz-item" data-key="{_e(q.key)}" data-answer="{_e(q.answer)}" '
            f'data-answer-label="{_e(labels[q.answer])}"><legend>{q.prompt_html}</legend>'
            f'<div role="radiogroup">{choices}</div>'
            f'<button type="button" class="thaw-quiz-check">Check</button>'
            f'<span class="thaw-quiz-feedback" aria-live="polite"></span>'
            f'<div class="thaw-quiz-explanation" hidden>{q.explanation_html}</div></fieldset>')
    return (f'<style>{STYLE}</style><form class="thaw-quiz" aria-label="{_e(title)}">'
            f'<p class="thaw-quiz-score" aria-live="polite">Checked 0 of {len(questions)}.</p>'
            + "".join(items) + f"</form><script>{SCRIPT}</script>")


def _e(text) -> str:
    return html.escape(str(text), quote=True)


class Quiz:
    """Displays as the quiz in a notebook or the book (IPython calls _repr_html_)."""

    def __init__(self, questions: list[Question], title: str):
        self.html = render(questions, title)

    def _repr_html_(self) -> str:
        return self.html
