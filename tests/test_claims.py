"""Chapter 10: the source kept exactly, the claims, the checker's logic, its files, widget and quiz."""

import json
import re

import pytest

from thaw import data, i18n
from thaw.answers import AnswersFileError, save_answers
from thaw.chapters import claims_answer_key as key
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
    table = key.claims()
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
    table = key.claims().set_index("id")
    artefacts = table[table["verdict"] == "translation artefact"]
    assert list(artefacts.index) == ["c06", "c08", "c14", "c21", "c25"]
    assert (artefacts["lesson"] == "translation").all()
    assert table.loc["c26", "verdict"] == "wrong" and table.loc["c26", "lesson"] != "translation"
    assert "not of translation" in table.loc["c26", "correct_fact"]
    chapter = (ROOT / "notebooks" / "10-reading-a-source.ipynb").read_text(encoding="utf-8")
    assert "Five errors are made by the translation" in chapter


def test_the_answer_key_uses_the_chapters_preferred_figures():
    facts = key.claims().set_index("id")["correct_fact"]
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
    right = key.assess("c03", "wrong", "It met in February 1956, not 1954.")
    assert right.accepted and right.agrees and "14–25 February 1956" in right.message
    other = key.assess("c03", "correct", "The text says so and I believe it.")
    assert other.accepted and not other.agrees
    assert other.message.startswith("The course's verdict is 'wrong', not 'correct'")


@pytest.mark.parametrize("claim_id, verdict, justification, expected", [
    ("c03", "wrong", "", "Write a short justification first"),
    ("c03", "wrong", "   too short ", "Write a short justification first"),
    ("c03", "false", "It met in February 1956, not 1954.", "'false' is not a verdict. Choose one of: correct"),
    ("c99", "wrong", "It met in February 1956, not 1954.", "There is no claim 'c99'. Claims run from c01 to c31"),
])
def test_bad_answers_get_a_clear_message(claim_id, verdict, justification, expected):
    feedback = key.assess(claim_id, verdict, justification)
    assert not feedback.accepted and feedback.agrees is None
    assert feedback.message.startswith(expected)


def test_answers_survive_a_save_and_a_reload(tmp_path):
    path = tmp_path / "answers.json"
    answers = {"c03": {"verdict": "wrong", "justification": "It met in 1956."},
               "c05": {"verdict": "correct", "justification": "Two reports, two theses."}}
    save_answers(path, answers)
    assert claims.load_answers(path) == answers
    assert key.score(answers) == (2, 2, len(claims.claims()))
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
    with pytest.raises(AnswersFileError, match=re.escape(expected)):
        claims.load_answers(path)
    assert path.read_text(encoding="utf-8") == content


def control(box, description):
    return next(w for w in box.children if getattr(w, "description", None) == description)


def text_box(box):
    return next(w for w in box.children if type(w).__name__ == "Textarea")


def view(box):
    """What the checker says of the claim chosen: its words in the text, the feedback on it, the score."""
    return next(w.value for w in box.children if type(w).__name__ == "HTML" and "Answered" in w.value)


def notice(box):
    """What the checker says of the file it saves to."""
    return next(w.value for w in box.children if type(w).__name__ == "HTML" and "Answered" not in w.value)


def test_checker_widget_saves_every_check_and_reloads_after_a_restart(tmp_path, monkeypatch):
    import plotly.graph_objects as go

    drawn = []
    monkeypatch.setattr(go.Figure, "show", lambda self, *a, **k: drawn.append(self))
    path = tmp_path / "claim-answers.json"
    checker = claims.build_checker(path)
    control(checker, "Claim").value = "c26"
    assert "musim semi Hongaria" in view(checker)
    control(checker, "Verdict").value = "wrong"
    text_box(checker).value = "It was a revolution in October 1956, not a spring."
    control(checker, "Check and save").click()
    assert "You agree with the course" in view(checker)
    assert view(checker).endswith("Answered 1 of 31; 1 agree with the course.</p>")
    assert drawn[-1].layout.title.text == "Your verdicts: 1 of 31 claims, 1 as the course's"
    assert json.loads(path.read_text())["answers"]["c26"]["verdict"] == "wrong"
    # A new kernel: the answer is back.
    again = claims.build_checker(path)
    control(again, "Claim").value = "c26"
    assert control(again, "Verdict").value == "wrong" and text_box(again).value.startswith("It was a revolution")
    # An empty justification is refused and nothing is saved.
    control(again, "Claim").value = "c01"
    control(again, "Verdict").value = "misleading"
    text_box(again).value = ""
    control(again, "Check and save").click()
    assert ("Write a short justification first: a sentence naming the evidence (a date, a number, a document)."
            in view(again))
    assert "c01" not in json.loads(path.read_text())["answers"]


def test_checker_given_a_corrupt_file_keeps_it_and_saves_elsewhere(tmp_path):
    path = tmp_path / "claim-answers.json"
    path.write_text("{ not json", encoding="utf-8")
    checker = claims.build_checker(path)
    assert "is not a readable answers file" in notice(checker) and "claim-answers-2.json" in notice(checker)
    control(checker, "Verdict").value = "misleading"
    text_box(checker).value = "The Thaw began in 1953 with the amnesty."
    control(checker, "Check and save").click()
    assert path.read_text(encoding="utf-8") == "{ not json"
    assert "c01" in json.loads((tmp_path / "claim-answers-2.json").read_text())["answers"]


def without_the_key(tmp_path, monkeypatch):
    """The course's data as the student edition has it: the answer key's table left out."""
    import shutil
    copy = tmp_path / "data"
    shutil.copytree(ROOT / "data", copy, ignore=shutil.ignore_patterns("seed_claims_key.csv"))
    monkeypatch.setenv("THAW_DATA_DIR", str(copy))
    assert claims.answer_key_module() is None


def test_without_the_key_the_checker_records_answers_and_reveals_nothing(tmp_path, monkeypatch):
    import plotly.graph_objects as go

    drawn = []
    monkeypatch.setattr(go.Figure, "show", lambda self, *a, **k: drawn.append(self))
    without_the_key(tmp_path, monkeypatch)
    path = tmp_path / "claim-answers.json"
    checker = claims.build_checker(path)
    assert "for your instructor" in notice(checker)
    control(checker, "Claim").value = "c03"
    control(checker, "Verdict").value = "correct"  # the course says wrong: nothing may tell the student
    text_box(checker).value = "The text says so and I believe it."
    control(checker, "Save").click()
    said = view(checker)
    assert "Recorded: your verdict on c03 and its justification." in said and said.endswith("Answered 1 of 31.</p>")
    assert "course" not in said and "wrong" not in said and "1956" not in said
    assert drawn[-1].layout.title.text == "Your verdicts: 1 of 31 claims"
    assert "course" not in drawn[-1].to_json()
    assert json.loads(path.read_text())["answers"]["c03"] == {"verdict": "correct",
                                                              "justification": "The text says so and I believe it."}
    with pytest.raises(LookupError, match="no answer key"):
        claims.verdicts_figure()


def test_practice_false_records_even_where_the_key_is(tmp_path):
    checker = claims.build_checker(tmp_path / "claim-answers.json", practice=False)
    control(checker, "Verdict").value = "wrong"
    text_box(checker).value = "It met in February 1956, not 1954."
    control(checker, "Save").click()
    assert "Recorded: your verdict on c01" in view(checker) and "agree" not in view(checker)


def test_the_answers_table_shows_each_claim_with_the_students_verdict_and_justification():
    table = claims.answers_table({"c03": {"verdict": "wrong", "justification": "It met in 1956."}}).data
    assert list(table.columns) == ["id", "the text says", "verdict", "justification"]
    assert len(table) == 31 and table.set_index("id").loc["c03", "justification"] == "It met in 1956."
    assert table.set_index("id").loc["c04", "verdict"] == ""


def test_the_checkers_sentence_names_an_unknown_claim():
    assert claims.describe_claim("c99") == "There is no claim &#x27;c99&#x27;. Claims run from c01 to c31."


def test_quiz_asks_every_claim_with_the_verdicts_as_options():
    html = key.claim_quiz().html
    items = re.findall(r'<fieldset class="thaw-quiz-item" data-key="(c\d\d)" data-answer="([^"]+)"', html)
    table = key.claims().set_index("id")["verdict"]
    assert dict(items) == table.to_dict()
    assert html.count('type="radio"') == len(table) * len(claims.VERDICTS)
    assert "<script>" in html and "http" not in html.split("<script>")[1]
    assert '<a href="03-secret-speech.html">Chapter 3</a>' in html  # the evidence is one click away


def test_the_source_and_its_translation_side_by_side():
    table = claims.source_and_translation_table().data
    assert list(table.columns) == ["line", "Indonesian (original)", "English (course translation)"]
    assert len(table) == len(claims.source_lines())


def shown(fig, button):
    """The names of the traces a button of the chart's menu leaves visible."""
    visible = dict(zip(button.args[2], button.args[0]["visible"]))
    return [trace.name for number, trace in enumerate(fig.data) if visible.get(number, trace.visible is not False)]


def test_verdicts_figure_counts_every_claim_and_switches_to_what_they_teach():
    fig = claims.verdicts_figure()
    by_verdict = {t.name: t.y[0] for t in fig.data if t.visible is not False}
    assert by_verdict == key.claims()["verdict"].value_counts().to_dict()
    assert fig.layout.meta["alt"] == ("Bar chart of 31 claims by verdict: 12 correct, 6 wrong, 7 misleading, "
                                      "1 interpretation, 5 translation artefact.")
    verdict, lesson = fig.layout.updatemenus[0].buttons
    assert (verdict.label, lesson.label) == ("By verdict", "By what they teach")
    assert shown(fig, lesson) == list(claims.VERDICTS) and lesson.args[1]["showlegend"] is True
    assert fig.layout.showlegend is False  # opens by verdict, where the bars name themselves


def test_verdicts_figure_counts_the_claims_of_some_lines_on_request():
    fig = claims.verdicts_figure(lines=[10])
    assert fig.layout.title.text == "The 8 checkable claims of line 10 of the source text"
    with pytest.raises(ValueError, match="The source text has no line 11: its lines run from 1 to 10."):
        claims.verdicts_figure(lines=[11])


def test_dates_figure_draws_each_dated_claim_against_the_timeline():
    fig = claims.dates_figure()
    events = data.table("events").set_index("id")
    table = claims.claims().set_index("id")
    dated = table[table["event_id"] != ""]
    assert list(dated.index) == ["c03", "c26", "c29"]
    for claim_id, row in dated.iterrows():
        title = events.loc[row["event_id"], "title"]
        line = next(t for t in fig.data if t.y is not None and title in list(t.y))
        assert [str(x)[:10] for x in line.x] == [str(row["implied_date"].date()), str(events.loc[row["event_id"], "start"].date())]
    assert list(fig.layout.yaxis.categoryarray)[::-1] == ["East German uprising", "20th Congress of the CPSU",
                                                          "Hungarian Revolution"]  # top to bottom by the record
    assert fig.layout.meta["table"]["rows"][1] == ["20th Congress of the CPSU", "Pada kongres bulan Februari 1954",
                                                   "14–25 Feb 1956"]
    assert "20th Congress of the CPSU: the text implies 1954 (“Pada kongres bulan Februari 1954”), the record gives " \
           "14–25 Feb 1956" in fig.layout.meta["alt"]


# --- The Indonesian edition ---------------------------------------------------------------------

@pytest.fixture
def indonesian():
    i18n.set_language("id")
    yield
    i18n.set_language("en")


def test_in_indonesian_the_source_stands_alone_with_no_back_translation(indonesian):
    table = claims.source_and_translation_table().data
    assert list(table.columns) == ["baris", "Teks asli"]
    assert list(table["Teks asli"]) == list(claims.source_lines()["indonesian"])


def test_in_indonesian_the_checker_shows_the_sources_own_words_and_translates_verdicts_for_display(indonesian):
    sentence = claims.describe_claim("c03", key=key)
    assert sentence.startswith("Baris 1: <i lang='id'>“Pada kongres bulan Februari 1954”</i></p><p>Terjawab 0 dari 31;")
    assert "1954." not in sentence  # no rendering of the claim beside the source's words
    other = key.assess("c03", "correct", "The text says so and I believe it.")
    assert other.accepted and not other.agrees
    assert other.message.startswith("Penilaian kursus adalah 'salah', bukan 'benar'. ")
    assert "Bukti: bab 03-secret-speech, events.csv; sumber: " in other.message
    assert key.assess("c03", "salah", "It met in February 1956, not 1954.").message.startswith(
        "'salah' bukan penilaian. Pilih salah satu dari: correct, wrong")  # the values are the same in every language
    assert claims.describe_claim("c99") == "Tidak ada klaim &#x27;c99&#x27;. Klaim bernomor dari c01 sampai c31."


def test_in_indonesian_the_checker_widget_saves_the_same_values_and_reads_english_answers(tmp_path):
    path = tmp_path / "claim-answers.json"
    save_answers(path, {"c26": {"verdict": "wrong", "justification": "It was a revolution in October 1956."}})
    i18n.set_language("id")
    try:
        checker = claims.build_checker(path)
        said = lambda: next(w.value for w in checker.children if type(w).__name__ == "HTML" and "Terjawab" in w.value)
        choose, verdict = control(checker, "Klaim"), control(checker, "Penilaian")
        assert choose.options[2] == ("c03: Pada kongres bulan Februari 1954", "c03")
        assert verdict.options == (("benar", "correct"), ("salah", "wrong"), ("menyesatkan", "misleading"),
                                   ("interpretasi", "interpretation"), ("artefak terjemahan", "translation artefact"))
        choose.value = "c26"
        assert verdict.value == "wrong"  # the English answer is back
        choose.value = "c03"
        verdict.value = "wrong"
        text_box(checker).value = "Kongres itu bersidang pada Februari 1956."
        control(checker, "Periksa dan simpan").click()
        assert "Anda sependapat dengan kursus." in said() and said().endswith("Terjawab 2 dari 31; 2 sependapat dengan kursus.</p>")
    finally:
        i18n.set_language("en")
    assert json.loads(path.read_text())["answers"]["c03"]["verdict"] == "wrong"


def test_in_indonesian_the_quiz_asks_in_the_sources_words_with_the_same_values(indonesian):
    html = key.claim_quiz().html
    items = re.findall(r'<fieldset class="thaw-quiz-item" data-key="(c\d\d)" data-answer="([^"]+)"', html)
    assert dict(items) == key.claims().set_index("id")["verdict"].to_dict()
    assert "<legend>c03 · baris 1: <i lang='id'>“Pada kongres bulan Februari 1954”</i></legend>" in html
    assert '<input type="radio" name="c03" value="translation artefact"> artefak terjemahan</label>' in html
    assert '<a href="03-secret-speech.html">Bab 3</a>' in html and 'aria-label="Penilaian atas klaim-klaim teks sumber"' in html


def test_in_indonesian_the_figures_speak_indonesian_and_count_the_same(indonesian):
    fig = claims.verdicts_figure()
    assert fig.layout.meta["alt"] == ("Diagram batang 31 klaim menurut penilaian: 12 benar, 6 salah, 7 menyesatkan, "
                                      "1 interpretasi, 5 artefak terjemahan.")
    assert [b.label for b in fig.layout.updatemenus[0].buttons] == ["Menurut penilaian", "Menurut apa yang diajarkannya"]
    assert claims.verdicts_figure(lines=[10]).layout.title.text == "8 klaim yang dapat diperiksa pada baris 10 teks sumber"
    with pytest.raises(ValueError, match="Teks sumber tidak memiliki baris 11: barisnya bernomor dari 1 sampai 10."):
        claims.verdicts_figure(lines=[11])
    dates = claims.dates_figure()
    i18n.set_language("en")
    english, english_dates = claims.verdicts_figure(), claims.dates_figure()
    i18n.set_language("id")
    assert [t.y for t in fig.data] == [t.y for t in english.data]
    assert [t.x for t in dates.data] == [t.x for t in english_dates.data]
    assert dates.layout.meta["table"]["columns"] == ["peristiwa", "teks itu mengatakan", "catatan sejarah"]
    assert dates.layout.meta["table"]["rows"][1][1:] == ["Pada kongres bulan Februari 1954", "14–25 Februari 1956"]
    assert "catatan sejarah: 14 Februari 1956" in [a.text for a in dates.layout.annotations]
    answers = key.explorer_figure({"c03": {"verdict": "wrong", "justification": "x"}})
    assert answers.layout.title.text == "Penilaian Anda: 1 dari 31 klaim, 1 sama dengan penilaian kursus"
