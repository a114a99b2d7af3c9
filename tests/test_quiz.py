"""Self-check quizzes: every chapter has one, every answer is an option, every source resolves."""

import html
import json
import re
import textwrap

import pytest
import yaml

from conftest import CHAPTERS
from thaw import i18n
from thaw.data import DataError
from thaw.quiz import SCRIPT_WORDS, SELF_CHECKS, inline_markup, self_check, self_check_questions

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


@pytest.fixture
def indonesian():
    """Switch to Indonesian for the test; English again after it."""
    i18n.set_language("id")
    yield
    i18n.set_language("en")


#: What a quiz stores or compares (the browser's storage, the saved answers file): never translated.
STORED = re.compile(r'(?:data-quiz-id|data-key|data-answer|name|value)="([^"]*)"')
LABELS = re.compile(r'<label><input type="radio" name="[^"]*" value="[^"]*"> ([^<]*)</label>')


@pytest.mark.parametrize("number", NUMBERS)
def test_a_self_check_stores_the_same_values_in_either_language(number, indonesian):
    i18n.set_language("en")
    english = self_check(number).html
    i18n.set_language("id")
    translated = self_check(number).html
    assert STORED.findall(translated) == STORED.findall(english)  # answers saved in one language load in the other
    assert LABELS.findall(translated) != LABELS.findall(english)  # what the reader reads is translated
    assert len(LABELS.findall(translated)) == len(LABELS.findall(english))
    assert ">Periksa</button>" in translated and ">Check</button>" in english


def test_the_options_keep_their_order_in_either_language(indonesian):
    i18n.set_language("en")
    english = [[value for value, _ in q.options] for n in NUMBERS for q in self_check_questions(n)]
    i18n.set_language("id")
    assert [[value for value, _ in q.options] for n in NUMBERS for q in self_check_questions(n)] == english


def test_the_script_reads_its_words_from_the_quiz_in_the_readers_language(indonesian):
    quiz = self_check("02").html
    words = json.loads(html.unescape(re.search(r'data-words="([^"]*)"', quiz).group(1)))
    assert set(words) == set(SCRIPT_WORDS)
    assert words["score_none"] == "Diperiksa 0 dari {total}."
    assert all(words[name] != english for name, english in SCRIPT_WORDS.items())
    assert "Diperiksa 0 dari 4." in quiz
    script = (SELF_CHECKS.parent / "static" / "thaw-quiz.js").read_text(encoding="utf-8")
    for name, english in SCRIPT_WORDS.items():  # the script's fallback is the same English
        assert f'{name}: {json.dumps(english)}' in script


def test_indonesian_evidence_lines_translate_their_words_not_their_sources(indonesian):
    novocherkassk = next(q for q in self_check_questions("08") if q.key == "novocherkassk")
    assert "Sumber: " in novocherkassk.explanation_html and "Source: " not in novocherkassk.explanation_html
    assert "<b>⚑ tingkat D, " in novocherkassk.explanation_html
    assert ": sumber web populer, gunakan dengan hati-hati</b>" in novocherkassk.explanation_html
    scale = next(q for q in self_check_questions("05") if "log" in q.key or "scale" in q.key)
    assert "Gambar 5." in scale.prompt_html and "{numref}" not in scale.prompt_html
