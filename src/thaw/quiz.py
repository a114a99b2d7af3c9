"""Quizzes that work without a kernel: in the compiled book and in JupyterLab.

A quiz is plain HTML (radio buttons, a check button, a hidden explanation) with
its small script and style inlined, so nothing is fetched and no Python runs when a
reader answers (the book swaps the inlined copies for shared files: thaw.book.sphinxext).
Used by the source-criticism chapter's claim quiz and by the chapters' self-checks.
"""

from __future__ import annotations

import html
import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from thaw.data import DataError, read_package, table
from thaw.figures import NUMREF, resolve_references
from thaw.i18n import N_, _, format_number

HERE = Path(__file__).parent
# Inlined into every quiz (JupyterLab loads nothing else); the book serves them once instead.
SCRIPT = (HERE / "static" / "thaw-quiz.js").read_text(encoding="utf-8")
STYLE = (HERE / "static" / "thaw-quiz.css").read_text(encoding="utf-8")
INLINE_ASSETS = (f"<style>{STYLE}</style>", f"<script>{SCRIPT}</script>")
#: The self-check questions of every chapter.
SELF_CHECKS = HERE / "self_checks.yml"
#: The words the script writes (thaw-quiz.js), by name. render() writes them, translated, into the
#: form's ``data-words``; the script keeps this English only as its fallback. Placeholders are
#: filled by the script: {checked}, {total}, {right}, {answer}, {file}, {quiz}, {count}.
SCRIPT_WORDS = {
    "score_none": N_("Checked 0 of {total}."),
    "score": N_("Checked {checked} of {total}; your first answer matched {right}."),
    "right": N_("Matches the course's answer."),
    "wrong": N_("Not the course's answer, which is: {answer}."),
    "choose": N_("Choose an answer first."),
    "saved": N_("Saved as {file} (in your downloads)."),
    "not_json": N_("{file} is not a saved quiz (not valid JSON); nothing was changed."),
    "other_quiz": N_("{file} holds answers to another quiz ({quiz}); nothing was changed."),
    "no_quiz": N_("{file} holds answers to no quiz of this course; nothing was changed."),
    "loaded": N_("Loaded {count} answers from {file}."),
    "confirm_clear": N_("Clear all your answers to this quiz? Save them to a file first if you may want them back."),
}


@dataclass(frozen=True)
class Question:
    key: str
    prompt_html: str          # trusted HTML written by the course, in the reader's language
    options: list[tuple[str, str]]   # (value, label): the value is language-neutral (the English
                                     # option), so saved answers load in either language
    answer: str               # the value of the course's answer
    explanation_html: str     # shown after checking


def render(questions: list[Question], title: str, quiz_id: str) -> str:
    """The quiz as one self-contained HTML fragment.

    ``quiz_id`` names the quiz in the browser's storage, where the script keeps the reader's
    choices so that a reload does not lose them. The words of the quiz (its buttons, and in
    ``data-words`` those the script writes) are in the current language; the values that are
    stored (keys, option values, the quiz id) are the same in every language.
    """
    words = {name: _(text) for name, text in SCRIPT_WORDS.items()}
    # (Outside the f-strings: babel does not look for messages inside them.)
    check, answer_line = _e(_("Check")), _("Answer: {answer}")
    save, load, clear = _e(_("Save my answers to a file")), _e(_("Load answers from a file")), _e(_("Clear my answers"))
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
            f'<button type="button" class="thaw-quiz-check">{check}</button>'
            f'<span class="thaw-quiz-feedback" aria-live="polite"></span>'
            f'<div class="thaw-quiz-explanation" data-answer-label="{_e(labels[q.answer])}" '
            f'data-answer-line="{_e(answer_line.format(answer=labels[q.answer]))}" hidden>'
            f'{q.explanation_html}</div></fieldset>')
    style, script = INLINE_ASSETS
    tools = _("Your choices are kept in this browser, so reloading the page does not lose them. To keep "
              "them elsewhere or move them to another computer, save them to a file and load it later.")
    return (f'{style}<form class="thaw-quiz" data-quiz-id="{_e(quiz_id)}" aria-label="{_e(title)}" '
            f'data-words="{_e(json.dumps(words, ensure_ascii=False))}">'
            f'<p class="thaw-quiz-score" aria-live="polite">'
            f'{_e(words["score_none"].format(total=format_number(len(questions))))}</p>'
            + "".join(items)
            + f'<p class="thaw-quiz-tools">{_e(tools)}<br>'
              f'<button type="button" class="thaw-quiz-save">{save}</button> '
              f'<label class="thaw-quiz-load">{load} '
              '<input type="file" accept=".json,application/json">'
              f'</label> <button type="button" class="thaw-quiz-clear">{clear}</button> '
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


def translated(text: str) -> str:
    """A text of the self-check bank in the reader's language, its figure references resolved
    ("Figure" or "Gambar", then its number). The bank is English; its catalogue is ``self_checks``."""
    text = _(text)

    def reference(match):
        english = resolve_references(match.group(0))  # "Figure", its number; an unknown label is an error
        return _("Figure {number}").format(number=english.rsplit(" ", 1)[-1])
    return NUMREF.sub(reference, text)


def _evidence_line(ref: str, where: str, resources: dict) -> str:
    """"Source: … (grade …)" for one "resource:key" reference into the data package."""
    name, _colon, key = ref.partition(":")
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
    if not grade:
        grade_text = _("no grade")
    elif detail and detail != grade:
        grade_text = _("grade {grade}, {detail}").format(grade=grade, detail=_(detail))
    else:
        grade_text = _("grade {grade}").format(grade=grade)
    grade_text = _e(grade_text)
    if grade == "D":  # the course flags every figure resting on a popular web source
        grade_text = "<b>" + _("⚑ {grade}: a popular web source, use with caution").format(grade=grade_text) + "</b>"
    return f"{_e(row['source'])} ({grade_text}; <code>{_e(resources[name]['path'])}</code>, {_e(key)})"


def _question_from_entry(entry, where: str, resources: dict) -> Question:
    if not isinstance(entry, dict):
        raise DataError(f"{where}: a question must be a mapping of fields")
    for field in ("key", "prompt", "options", "answer", "explanation"):
        if not entry.get(field):
            raise DataError(f"{where}, field '{field}': missing")
    # A figure is named by its label, {numref}`fig-ch05-scale`, never by a typed number (thaw.figures).
    # The English is checked and shuffled; what a reader sees is translated (translated()).
    try:
        shown = {field: translated(str(entry[field]))
                 for field in ("prompt", "explanation", "source") if entry.get(field)}
    except DataError as error:
        raise DataError(f"{where}: {error}") from None
    options = [str(option) for option in entry["options"]]
    if not 2 <= len(options) <= 5 or len(set(options)) != len(options):
        raise DataError(f"{where}, field 'options': give 2 to 5 different options")
    if not entry.get("keep_order"):
        # Authors tend to write the answer second; a fixed shuffle per question (the same on
        # every build) keeps its place from giving it away. Dates and sizes set keep_order.
        # Seeded by the English (references resolved), so every language shows the same order.
        random.Random(f"{entry['key']}: {resolve_references(str(entry['prompt']), translate=False)}").shuffle(options)
    if str(entry["answer"]) not in options:
        raise DataError(f"{where}, field 'answer': '{entry['answer']}' is not one of the options")
    sources = [_evidence_line(ref, where, resources) for ref in entry.get("evidence", [])]
    if entry.get("source"):
        grade = " (" + _e(_("grade {grade}").format(grade=entry["grade"])) + ")" if entry.get("grade") else ""
        sources.append(inline_markup(shown["source"]) + grade)
    if not sources:
        raise DataError(f"{where}: give its evidence (rows of the data package) or its source")
    return Question(
        key=str(entry["key"]), prompt_html=inline_markup(shown["prompt"]),
        options=[(option, plain_text(_(option))) for option in options], answer=str(entry["answer"]),
        explanation_html=(f"<p>{inline_markup(shown['explanation'])}</p>"
                          + "".join("<p><small>" + _("Source: {source}.").format(source=line) + "</small></p>"
                                    for line in sources)))


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
    return Quiz(self_check_questions(chapter),
                title=_("Self-check, chapter {number}").format(number=int(chapter)),
                quiz_id=f"self-check-{chapter}")
