"""Quizzes that work without a kernel: in the compiled book and in JupyterLab.

A quiz is plain HTML (radio buttons, a check button, a hidden explanation) with
its small script and style inlined, so nothing is fetched and no Python runs when a
reader answers (the book swaps the inlined copies for shared files: thaw.book.sphinxext).
Used by the source-criticism chapter's claim quiz and by the chapters' self-checks.
"""

from __future__ import annotations

import html
import random
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from thaw.data import DataError, read_package, table
from thaw.figures import resolve_references

HERE = Path(__file__).parent
# Inlined into every quiz (JupyterLab loads nothing else); the book serves them once instead.
SCRIPT = (HERE / "static" / "thaw-quiz.js").read_text(encoding="utf-8")
STYLE = (HERE / "static" / "thaw-quiz.css").read_text(encoding="utf-8")
INLINE_ASSETS = (f"<style>{STYLE}</style>", f"<script>{SCRIPT}</script>")
#: The self-check questions of every chapter.
SELF_CHECKS = HERE / "self_checks.yml"


@dataclass(frozen=True)
class Question:
    key: str
    prompt_html: str          # trusted HTML written by the course
    options: list[tuple[str, str]]   # (value, label)
    answer: str               # the value of the course's answer
    explanation_html: str     # shown after checking


def render(questions: list[Question], title: str, quiz_id: str) -> str:
    """The quiz as one self-contained HTML fragment.

    ``quiz_id`` names the quiz in the browser's storage, where the script keeps the reader's
    choices so that a reload does not lose them.
    """
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
            f'<div class="thaw-quiz-explanation" data-answer-label="{_e(labels[q.answer])}" hidden>'
            f'{q.explanation_html}</div></fieldset>')
    style, script = INLINE_ASSETS
    return (f'{style}<form class="thaw-quiz" data-quiz-id="{_e(quiz_id)}" aria-label="{_e(title)}">'
            f'<p class="thaw-quiz-score" aria-live="polite">Checked 0 of {len(questions)}.</p>'
            + "".join(items)
            + '<p class="thaw-quiz-tools">Your choices are kept in this browser, so reloading the page '
              'does not lose them. To keep them elsewhere or move them to another computer, save them to a '
              'file and load it later.<br><button type="button" class="thaw-quiz-save">Save my answers to a file</button> '
              '<label class="thaw-quiz-load">Load answers from a file <input type="file" accept=".json,application/json">'
              '</label> <button type="button" class="thaw-quiz-clear">Clear my answers</button> '
              '<span class="thaw-quiz-file-status" aria-live="polite"></span></p>'
            + f"</form>{script}")


def _e(text) -> str:
    return html.escape(str(text), quote=True)


class Quiz:
    """Displays as the quiz in a notebook or the book (IPython calls _repr_html_)."""

    def __init__(self, questions: list[Question], title: str, quiz_id: str):
        self.questions = questions
        self.html = render(questions, title, quiz_id)

    def _repr_html_(self) -> str:
        return self.html


# --- Self-checks -------------------------------------------------------------------------

def inline_markup(text: str) -> str:
    """Escape ``text`` and set *asterisked* words in italics: all the markup questions use."""
    return re.sub(r"\*([^*]+)\*", r"<i>\1</i>", _e(text))


def plain_text(text: str) -> str:
    return text.replace("*", "")


def _evidence_line(ref: str, where: str, resources: dict) -> str:
    """"Source: … (grade …)" for one "resource:key" reference into the data package."""
    name, _, key = ref.partition(":")
    primary_key = resources.get(name, {}).get("schema", {}).get("primaryKey")
    if not key or name not in resources or not primary_key or len(primary_key) != 1:
        raise DataError(f"{where}, field 'evidence': '{ref}' is not a reference 'resource:key' to a table "
                        "of the data package with a one-column primary key")
    rows = table(name)
    match = rows[rows[primary_key[0]].astype(str) == key]
    if match.empty:
        raise DataError(f"{where}, field 'evidence': {resources[name]['path']} has no row '{key}'")
    row = match.iloc[0]
    grade = row.get("grade", "")
    detail = row.get("grade_detail", "")
    grade_text = f"grade {grade}" + (f", {detail}" if detail and detail != grade else "") if grade else "no grade"
    if grade == "D":  # the course flags every figure resting on a popular web source
        grade_text = f"<b>⚑ {grade_text}: a popular web source, use with caution</b>"
    return f"{_e(row['source'])} ({grade_text}; <code>{_e(resources[name]['path'])}</code>, {_e(key)})"


def _question_from_entry(entry, where: str, resources: dict) -> Question:
    if not isinstance(entry, dict):
        raise DataError(f"{where}: a question must be a mapping of fields")
    for field in ("key", "prompt", "options", "answer", "explanation"):
        if not entry.get(field):
            raise DataError(f"{where}, field '{field}': missing")
    # A figure is named by its label, {numref}`fig-ch05-scale`, never by a typed number (thaw.figures).
    try:
        entry = {**entry, **{field: resolve_references(str(entry[field]))
                             for field in ("prompt", "explanation", "source") if entry.get(field)}}
    except DataError as error:
        raise DataError(f"{where}: {error}") from None
    options = [str(option) for option in entry["options"]]
    if not 2 <= len(options) <= 5 or len(set(options)) != len(options):
        raise DataError(f"{where}, field 'options': give 2 to 5 different options")
    if not entry.get("keep_order"):
        # Authors tend to write the answer second; a fixed shuffle per question (the same on
        # every build) keeps its place from giving it away. Dates and sizes set keep_order.
        random.Random(f"{entry['key']}: {entry['prompt']}").shuffle(options)
    if str(entry["answer"]) not in options:
        raise DataError(f"{where}, field 'answer': '{entry['answer']}' is not one of the options")
    sources = [_evidence_line(ref, where, resources) for ref in entry.get("evidence", [])]
    if entry.get("source"):
        grade = f" (grade {_e(entry['grade'])})" if entry.get("grade") else ""
        sources.append(inline_markup(entry["source"]) + grade)
    if not sources:
        raise DataError(f"{where}: give its evidence (rows of the data package) or its source")
    return Question(
        key=str(entry["key"]), prompt_html=inline_markup(entry["prompt"]),
        options=[(option, plain_text(option)) for option in options], answer=str(entry["answer"]),
        explanation_html=(f"<p>{inline_markup(entry['explanation'])}</p>"
                          + "".join(f"<p><small>Source: {line}.</small></p>" for line in sources)))


def self_check_questions(chapter: str, path: Path = SELF_CHECKS) -> list[Question]:
    """The self-check questions of one chapter ("01" … "10"), checked as they are read."""
    try:
        bank = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f", line {mark.line + 1}" if mark else ""
        raise DataError(f"{path}{line}: not valid YAML ({getattr(error, 'problem', error)})") from None
    if not isinstance(bank, dict) or chapter not in bank:
        raise DataError(f"{path}: no self-check for chapter '{chapter}'")
    resources = {r["name"]: r for r in read_package()["resources"]}
    questions = [_question_from_entry(entry, f"{path}, chapter {chapter}, question {number}", resources)
                 for number, entry in enumerate(bank[chapter], start=1)]
    keys = [q.key for q in questions]
    if len(set(keys)) != len(keys):
        raise DataError(f"{path}, chapter {chapter}: two questions share a key")
    return questions


def self_check(chapter: str) -> Quiz:
    """The chapter's self-check quiz: choose, check, read the explanation and its source."""
    return Quiz(self_check_questions(chapter), title=f"Self-check, chapter {int(chapter)}",
                quiz_id=f"self-check-{chapter}")
