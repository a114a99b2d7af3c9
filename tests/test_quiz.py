"""Self-check quizzes: every chapter has one, every answer is an option, every source resolves."""

import re
import textwrap

import pytest
import yaml

from conftest import CHAPTERS
from thaw.data import DataError
from thaw.quiz import SELF_CHECKS, inline_markup, self_check, self_check_questions

NUMBERS = [path.name[:2] for path in CHAPTERS]


def test_the_bank_has_a_self_check_for_each_chapter_and_no_other():
    bank = yaml.safe_load(SELF_CHECKS.read_text(encoding="utf-8"))
    assert sorted(bank) == sorted(NUMBERS)


@pytest.mark.parametrize("number", NUMBERS)
def test_each_self_check_asks_at_least_three_questions_with_sources(number):
    questions = self_check_questions(number)
    assert len(questions) >= 3
    for question in questions:
        assert question.answer in dict(question.options)
        assert "Source: " in question.explanation_html
        assert "not one of" not in question.explanation_html


@pytest.mark.parametrize("number", NUMBERS)
def test_quiz_html_names_itself_for_the_browsers_storage_and_inlines_its_script(number):
    html = self_check(number).html
    assert f'data-quiz-id="self-check-{number}"' in html
    assert "localStorage" in html and "<script src" not in html  # nothing fetched
    keys = re.findall(r'class="thaw-quiz-item" data-key="([^"]+)"', html)
    assert keys == [q.key for q in self_check_questions(number)]


def test_evidence_shows_the_rows_source_and_grade():
    vienna = next(q for q in self_check_questions("07") if q.key == "vienna")
    assert "FRUS 1961–1963, vol. V" in vienna.explanation_html
    assert "grade A" in vienna.explanation_html
    assert "coexistence_events.csv</code>, vienna-summit-1961" in vienna.explanation_html


def test_a_grade_d_source_is_flagged():
    novocherkassk = next(q for q in self_check_questions("08") if q.key == "novocherkassk")
    assert "⚑ grade D, A via D: a popular web source, use with caution" in novocherkassk.explanation_html


def test_markup_is_escaped_and_only_asterisks_become_italics():
    assert inline_markup("*Novy Mir* <b>") == "<i>Novy Mir</i> &lt;b&gt;"


GOOD = """
    key: q
    prompt: Which?
    options: [A, B]
    answer: A
    explanation: Because.
    source: a book
"""


def write_bank(tmp_path, body):
    path = tmp_path / "bank.yml"
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


@pytest.mark.parametrize("change, message", [
    (("answer: A", "answer: C"), "question 1, field 'answer': 'C' is not one of the options"),
    (("    prompt: Which?\n", ""), "question 1, field 'prompt': missing"),
    (("options: [A, B]", "options: [A, A]"), "question 1, field 'options': give 2 to 5 different options"),
    (("source: a book", "evidence: [events:e999]"), "field 'evidence': events.csv has no row 'e999'"),
    (("source: a book", "evidence: [gulag_population:1953]"),
     "field 'evidence': 'gulag_population:1953' is not a reference"),
    (("    source: a book\n", ""), "question 1: give its evidence"),
    (("options: [A, B]", "options: [A, B"), "line "),
])
def test_a_malformed_bank_names_the_file_question_and_field(tmp_path, change, message):
    body = '"01":\n  -' + textwrap.indent(textwrap.dedent(GOOD), "    ")[4:]
    assert self_check_questions("01", write_bank(tmp_path, body))  # the unchanged bank is fine
    path = write_bank(tmp_path, body.replace(*change))
    with pytest.raises(DataError) as error:
        self_check_questions("01", path)
    assert str(path) in str(error.value)
    assert message in str(error.value)


def test_a_chapter_without_a_self_check_is_reported(tmp_path):
    path = write_bank(tmp_path, '"01": []\n')
    with pytest.raises(DataError, match="no self-check for chapter '02'"):
        self_check_questions("02", path)


def test_the_answers_place_among_the_options_gives_nothing_away():
    questions = [q for number in NUMBERS for q in self_check_questions(number)]
    places = [[value for value, _ in q.options].index(q.answer) for q in questions]
    assert max(places.count(place) for place in set(places)) <= len(questions) / 2
    assert [q.options for q in questions] == [q.options for n in NUMBERS for q in self_check_questions(n)]


def test_dates_and_sizes_keep_their_order(tmp_path):
    body = '"01":\n  -' + textwrap.indent(textwrap.dedent(GOOD), "    ")[4:]
    body = body.replace("options: [A, B]", "options: [A, B, C, D, E]").replace("answer: A", "answer: C")
    shuffled = self_check_questions("01", write_bank(tmp_path, body))[0]
    assert [v for v, _ in shuffled.options] != ["A", "B", "C", "D", "E"]
    kept = self_check_questions("01", write_bank(tmp_path, body.replace("key: q", "key: q\n    keep_order: true")))[0]
    assert [v for v, _ in kept.options] == ["A", "B", "C", "D", "E"]
