"""thaw.answers, the files that keep what students type into the course's tools: saved whole and read
back, a file that cannot be read is reported in plain words and never overwritten, and new answers
then go to a new file."""

import json
import os

import pytest

from thaw.answers import AnswersFileError, free_path, load_answers, open_answers, save_answers


def is_text(key, answer):
    return isinstance(answer, str) and answer.strip() != ""


def load(path):
    return load_answers(path, is_text, "a written answer")


def test_answers_survive_a_save_and_a_reload(tmp_path):
    path = tmp_path / "answers.json"
    answers = {"q1": "Khrushchev's speech, 25 February 1956", "q2": "«Оттепель» — the Thaw"}
    save_answers(path, answers)
    assert load(path) == answers
    assert json.loads(path.read_text(encoding="utf-8")) == {"version": 1, "answers": answers}
    assert "Оттепель" in path.read_text(encoding="utf-8")  # kept readable, not \u-escaped
    assert [p.name for p in tmp_path.iterdir()] == ["answers.json"]  # no temporary file left


def test_no_file_yet_means_no_answers_yet(tmp_path):
    assert load(tmp_path / "none-yet.json") == {}
    assert list(tmp_path.iterdir()) == []  # reading creates nothing


def test_each_save_replaces_the_whole_file(tmp_path):
    path = tmp_path / "answers.json"
    save_answers(path, {"q1": "first try", "q2": "kept"})
    save_answers(path, {"q1": "second try"})
    assert load(path) == {"q1": "second try"}


def test_a_save_that_fails_leaves_the_earlier_answers_as_they_were(tmp_path):
    path = tmp_path / "answers.json"
    save_answers(path, {"q1": "saved earlier"})
    before = path.read_bytes()
    with pytest.raises(TypeError):
        save_answers(path, {"q1": object()})  # cannot be written as JSON
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["answers.json"]


def test_an_interrupted_write_never_leaves_half_a_file(tmp_path, monkeypatch):
    """The file is written beside its place and moved there in one step: until then, the old one stays."""
    path = tmp_path / "answers.json"
    save_answers(path, {"q1": "saved earlier"})
    before = path.read_bytes()

    def crash(source, target):
        raise OSError("the disk is full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="disk is full"):
        save_answers(path, {"q1": "a much longer answer " * 1000})
    assert path.read_bytes() == before
    assert load(path) == {"q1": "saved earlier"}


@pytest.mark.parametrize("content, message", [
    (b'{"version": 1, "answers": {"q1": "cut off', "is not a readable answers file"),
    (b"\xff\xfe not text", "is not a readable answers file"),
    (b'["q1", "an answer"]', "has no 'answers' section"),
    (b'{"version": 1}', "has no 'answers' section"),
    (b'{"answers": ["q1"]}', "has no 'answers' section"),
    (b'{"answers": {"q1": ""}}', "the entry for 'q1' is not a written answer"),
])
def test_a_file_that_cannot_be_read_is_reported_in_plain_words_and_left_untouched(tmp_path, content, message):
    path = tmp_path / "answers.json"
    path.write_bytes(content)
    with pytest.raises(AnswersFileError, match=message) as error:
        load(path)
    assert str(path) in str(error.value), "the message names the file"
    assert "Traceback" not in str(error.value) and "left as it is" in str(error.value)
    assert path.read_bytes() == content


def test_the_checker_sees_each_key_with_its_answer(tmp_path):
    path = tmp_path / "answers.json"
    save_answers(path, {"c03": {"verdict": "wrong"}, "c07": {"verdict": "right"}})
    seen = []
    load_answers(path, lambda key, answer: seen.append((key, answer)) or True, "a verdict")
    assert seen == [("c03", {"verdict": "wrong"}), ("c07", {"verdict": "right"})]


def test_a_free_name_is_found_next_to_a_file_in_use(tmp_path):
    path = tmp_path / "answers.json"
    assert free_path(path) == path
    path.write_text("{}")
    assert free_path(path) == tmp_path / "answers-2.json"
    (tmp_path / "answers-2.json").write_text("{}")
    assert free_path(path) == tmp_path / "answers-3.json"


def test_a_tool_opens_its_answers_and_says_where_they_are_kept(tmp_path):
    path = tmp_path / "answers.json"
    save_answers(path, {"q1": "an answer"})
    answers, target, notice = open_answers(path, is_text, "a written answer", "after every answer")
    assert (answers, target) == ({"q1": "an answer"}, path)
    assert f"<code>{path}</code> after every answer" in notice


def test_a_tool_given_an_unreadable_file_starts_a_new_one_and_never_loses_work(tmp_path):
    path = tmp_path / "answers.json"
    path.write_text("{not json", encoding="utf-8")
    (tmp_path / "answers-2.json").write_text('{"answers": {}}', encoding="utf-8")  # another session's file
    answers, target, notice = open_answers(path, is_text, "a written answer", "after every answer")
    assert answers == {} and target == tmp_path / "answers-3.json"
    assert "is not a readable answers file" in notice and "answers-3.json" in notice
    save_answers(target, {"q1": "new work"})
    assert path.read_text(encoding="utf-8") == "{not json"  # the unreadable file is kept for the student
    assert (tmp_path / "answers-2.json").read_text(encoding="utf-8") == '{"answers": {}}'
    assert load(target) == {"q1": "new work"}


def test_the_notice_is_safe_html(tmp_path):
    """A folder's name is shown as text, whether the file could be read or not."""
    folder = tmp_path / "<i>odd & name"
    folder.mkdir()
    _, _, notice = open_answers(folder / "answers.json", is_text, "a written answer", "after every answer")
    (folder / "broken.json").write_text("{not json", encoding="utf-8")
    _, _, warning = open_answers(folder / "broken.json", is_text, "a written answer", "after every answer")
    for html in (notice, warning):
        assert "<i>" not in html and "&lt;i&gt;odd &amp; name" in html
