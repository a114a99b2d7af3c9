"""Chapter 10: the source kept exactly, the claims, the checker's logic, its files, widget and quiz."""

import json
import re

import pytest

from thaw import data
from thaw.chapters import ch10_reading_a_source as claims
from thaw.paths import ROOT

SOURCE = ROOT / "data" / "seed-article-id.txt"
SHARED_SEED = ROOT.parent / "shared" / "seed" / "thaw-article-id.txt"


def test_the_source_is_kept_exactly_and_the_lines_rebuild_it():
    text = SOURCE.read_text(encoding="utf-8")
    lines = claims.source_lines()
    assert "\n".join(lines.sort_values("line")["indonesian"]) == text
    if SHARED_SEED.exists():  # the copy the course received, beside the repository
        assert SOURCE.read_bytes() == SHARED_SEED.read_bytes()


def test_every_claim_quotes_its_line_exactly():
    lines = claims.source_lines().set_index("line")["indonesian"]
    for row in claims.claims().itertuples():
        assert row.excerpt in lines[row.line], row.id


def test_claims_cover_the_text_and_point_to_chapters():
    table = claims.claims()
    assert len(table) >= 25
    assert set(table["verdict"]) == set(claims.VERDICTS)
    chapters = {p.stem for p in (ROOT / "notebooks").glob("*.ipynb")}
    known_datasets = {r["path"] for r in data.read_package()["resources"]}
    for row in table.itertuples():
        assert row.chapter in chapters, row.id  # every verdict points to a chapter that exists
        assert row.dataset == "" or row.dataset in known_datasets, row.id
    # The seed's factual errors are taught as errors, never as correct.
    verdicts = table.set_index("id")["verdict"]
    assert verdicts["c03"] == "wrong"       # February 1954
    assert verdicts["c15"] == "wrong"       # Crimean Tatars went home
    assert verdicts["c26"] == "wrong"       # "Hungarian spring"
    assert verdicts["c10"] == "interpretation"  # "ended totalitarianism"
    assert "10-reading-a-source" in chapters


def test_translation_artefacts_are_the_five_of_the_chapter_and_hungarian_spring_is_a_fact_error():
    table = claims.claims().set_index("id")
    artefacts = table[table["verdict"] == "translation artefact"]
    assert list(artefacts.index) == ["c06", "c08", "c14", "c21", "c25"]
    assert (artefacts["lesson"] == "translation").all()
    assert table.loc["c26", "verdict"] == "wrong" and table.loc["c26", "lesson"] != "translation"
    assert "not of translation" in table.loc["c26", "correct_fact"]
    chapter = (ROOT / "notebooks" / "10-reading-a-source.ipynb").read_text(encoding="utf-8")
    assert "Five errors are made by the translation" in chapter


def test_the_answer_key_uses_the_chapters_preferred_figures():
    facts = claims.claims().set_index("id")["correct_fact"]
    assert "from 9 in 1951 to 66" not in facts["c19"] and "20 pictures in 1953 to 66 in 1955" in facts["c19"]
    assert "720 Soviet soldiers" in facts["c27"] and "722" in facts["c27"]
    # Poznań: the IPN's 58 and the other scholarly counts; Ziemkowski's 113 only as a count withdrawn by its author.
    assert "58 dead" in facts["c28"] and "53, 57 and 67" in facts["c28"] and "113 was withdrawn" in facts["c28"]
    c23 = facts["c23"]  # the Western leaders met: the visits to Britain (1956) and France (1960) are in the record
    assert "Britain, 18–27 April 1956" in c23 and "France, March 1960" in c23 and "Adenauer" in c23
    assert "24 people" in facts["c31"] and "26" in facts["c31"]
    assert "1953" in facts["c18"] and "about 20,000" in facts["c18"]
    crackdowns = data.table("crackdown_figures").set_index("id")["value"]
    assert crackdowns["hungary-soviet-killed"] == 720 and crackdowns["poznan-killed-ipn"] == 58
    assert crackdowns["novocherkassk-killed-trubin"] == 24 and crackdowns["novocherkassk-killed-official"] == 26


def test_assess_agrees_disagrees_and_explains():
    right = claims.assess("c03", "wrong", "It met in February 1956, not 1954.")
    assert right.accepted and right.agrees and "14–25 February 1956" in right.message
    other = claims.assess("c03", "correct", "The text says so and I believe it.")
    assert other.accepted and not other.agrees
    assert other.message.startswith("The course's verdict is 'wrong', not 'correct'")


@pytest.mark.parametrize("claim_id, verdict, justification, expected", [
    ("c03", "wrong", "", "Write a short justification first"),
    ("c03", "wrong", "   too short ", "Write a short justification first"),
    ("c03", "false", "It met in February 1956, not 1954.", "'false' is not a verdict. Choose one of: correct"),
    ("c99", "wrong", "It met in February 1956, not 1954.", "There is no claim 'c99'. Claims run from c01 to c31"),
])
def test_bad_answers_get_a_clear_message(claim_id, verdict, justification, expected):
    feedback = claims.assess(claim_id, verdict, justification)
    assert not feedback.accepted and feedback.agrees is None
    assert feedback.message.startswith(expected)


def test_answers_survive_a_save_and_a_reload(tmp_path):
    path = tmp_path / "answers.json"
    answers = {"c03": {"verdict": "wrong", "justification": "It met in 1956."},
               "c05": {"verdict": "correct", "justification": "Two reports, two theses."}}
    claims.save_answers(path, answers)
    assert claims.load_answers(path) == answers
    assert claims.score(answers) == (2, 2, len(claims.claims()))
    assert claims.load_answers(tmp_path / "none-yet.json") == {}
    assert [p.name for p in tmp_path.iterdir()] == ["answers.json"]  # no temporary file left


@pytest.mark.parametrize("content, expected", [
    ('{"version": 1, "answers": {"c03": {"verdict": "wro', "is not a readable answers file"),
    ('["c03", "wrong"]', "has no 'answers' section"),
    ('{"answers": {"c77": {"verdict": "wrong", "justification": "x"}}}', "the entry for 'c77'"),
    ('{"answers": {"c03": {"verdict": "maybe", "justification": "x"}}}', "the entry for 'c03'"),
])
def test_a_corrupt_answers_file_is_reported_and_left_untouched(tmp_path, content, expected):
    path = tmp_path / "answers.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(claims.AnswersFileError, match=re.escape(expected)):
        claims.load_answers(path)
    assert path.read_text(encoding="utf-8") == content


def test_checker_widget_saves_every_check_and_reloads_after_a_restart(tmp_path):
    path = tmp_path / "claim-answers.json"
    checker = claims.build_checker(path)
    notice, choose, excerpt, verdict, justification, check, feedback, progress = checker.children
    choose.value = "c26"
    assert "musim semi Hongaria" in excerpt.value
    verdict.value = "wrong"
    justification.value = "It was a revolution in October 1956, not a spring."
    check.click()
    assert "You agree with the course" in feedback.value
    assert "Answered 1 of 31; 1 agree" in progress.value
    assert json.loads(path.read_text())["answers"]["c26"]["verdict"] == "wrong"
    # A new kernel: the answer is back.
    again = claims.build_checker(path)
    _, choose2, _, verdict2, justification2, *_ = again.children
    choose2.value = "c26"
    assert verdict2.value == "wrong" and justification2.value.startswith("It was a revolution")
    # An empty justification is refused and nothing is saved.
    choose2.value = "c01"
    verdict2.value = "misleading"
    justification2.value = ""
    again.children[5].click()
    assert "Write a short justification" in again.children[6].value
    assert "c01" not in json.loads(path.read_text())["answers"]


def test_checker_given_a_corrupt_file_keeps_it_and_saves_elsewhere(tmp_path):
    path = tmp_path / "claim-answers.json"
    path.write_text("{ not json", encoding="utf-8")
    checker = claims.build_checker(path)
    notice, choose, _, verdict, justification, check, feedback, _ = checker.children
    assert "is not a readable answers file" in notice.value and "claim-answers-2.json" in notice.value
    verdict.value = "misleading"
    justification.value = "The Thaw began in 1953 with the amnesty."
    check.click()
    assert path.read_text(encoding="utf-8") == "{ not json"
    assert "c01" in json.loads((tmp_path / "claim-answers-2.json").read_text())["answers"]


def test_quiz_asks_every_claim_with_the_verdicts_as_options():
    html = claims.claim_quiz().html
    items = re.findall(r'<fieldset class="thaw-quiz-item" data-key="(c\d\d)" data-answer="([^"]+)"', html)
    table = claims.claims().set_index("id")["verdict"]
    assert dict(items) == table.to_dict()
    assert html.count('type="radio"') == len(table) * len(claims.VERDICTS)
    assert "<script>" in html and "http" not in html.split("<script>")[1]
    assert '<a href="03-secret-speech.html">Chapter 3</a>' in html  # the evidence is one click away


def test_figures_have_sources_and_consistent_buttons():
    verdicts = claims.verdicts_figure()
    assert sum(t.y[0] for t in verdicts.data[:len(claims.VERDICTS)]) == len(claims.claims())
    for button in verdicts.layout.updatemenus[0].buttons:
        assert len(button.args[0]["visible"]) == len(verdicts.data)
    dates = claims.dates_figure()
    for fig in (verdicts, dates):
        assert fig.layout.annotations[-1].text.startswith("Source: ") and fig.layout.meta["alt"]
    events = data.table("events").set_index("id")
    table = claims.claims().set_index("id")
    for claim_id, _, _, event_id in claims.DATED_CLAIMS:
        assert claim_id in table.index and event_id in events.index
