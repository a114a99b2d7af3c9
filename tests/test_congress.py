"""Chapter 3: the claim checker's logic, its widget, and the chapter's figures."""

import json

import pandas as pd
import pytest

from thaw import data, i18n
from thaw.chapters import ch03_secret_speech as congress


# --- The claim checker -------------------------------------------------------------------

def test_check_claim_gives_verdict_fact_and_source():
    text = congress.check_claim("year")
    assert text.startswith("Wrong. The seed text says “at the congress in February 1954”")
    assert "14–25 February 1956" in text and "grade C" in text and "§4 row 2" in text


def test_every_seed_claim_of_fact_sheet_rows_1_to_5_is_checked():
    table = congress.claims()
    rows = set(table["factsheet_row"])
    assert {f"§4 row {n}" for n in range(1, 6)} <= rows
    assert set(table.set_index("claim_id").loc[["committee", "year", "condemned"], "verdict"]) == {"wrong"}
    assert table.set_index("claim_id").loc["theses", "verdict"] == "correct"


def test_an_unknown_claim_is_explained_not_raised():
    text = congress.check_claim("moon-landing")
    assert text.startswith("No claim called 'moon-landing'. Choose one of: committee, year")


# --- The date quiz -------------------------------------------------------------------------

def test_a_right_date_and_a_date_inside_a_range():
    assert congress.check_date("e31", "1956-02-25").startswith("Correct: Khrushchev's \"Secret Speech\", 25 Feb 1956")
    assert congress.check_date("e30", "1956-02-20").startswith("Correct: 20th Congress of the CPSU, 14–25 Feb 1956")


def test_a_miss_states_its_size_and_the_wrong_year():
    text = congress.check_date("e30", "1954-02-14")
    assert text.startswith("Not quite: you said 14 Feb 1954, but the sources give 14–25 Feb 1956 (730 days too early)")
    assert "wrong year (off by 2)" in text
    late = congress.check_date("e32", "1956-03-11")
    assert "(1 days too late)" in late or "(1 day too late)" in late


def test_impossible_dates_are_explained():
    assert "is not a date in the calendar" in congress.check_date("e31", "1956-02-30")
    before = congress.check_date("e31", "1952-10-05")
    assert before.startswith("5 Oct 1952 is before Stalin's death on 5 Mar 1953")
    assert "is in the future" in congress.check_date("e31", "2999-01-01")


def test_the_document_date_is_preferred_and_a_misprint_is_called_one():
    right = congress.check_date("e37", "1956-06-30")
    assert right.startswith("Correct: CC resolution on the cult of personality, 30 Jun 1956")
    assert "grade A" in right and "on 2 Jul 1956, the CC resolution of 30 June 1956 is released" in right
    assert "20 Jun 1956, printed by Kiselev" in right and "is a misprint" in right
    misprint = congress.check_date("e37", "1956-06-20")
    assert misprint.startswith("Not this one: 20 Jun 1956 is a misprint in one source, not a rival date.")
    assert "Kiselev" in misprint and "The date is: CC resolution on the cult of personality, 30 Jun 1956" in misprint
    assert "cite both" not in misprint and "disagree" not in misprint
    released = congress.check_date("e37", "1956-07-02")
    assert released.startswith("Close, but 2 Jul 1956 is another stage of the same event: the CC resolution")
    assert "The event itself: CC resolution on the cult of personality, 30 Jun 1956" in released
    assert congress.check_date("e37", "1956-06-25").startswith(
        "Not quite: you said 25 Jun 1956, but the sources give 30 Jun 1956 (5 days too early)")


def test_a_real_conflict_still_shows_both_sources(monkeypatch):
    """A rival date from an equally good source (difference = conflict) is shown next to the event's own."""
    table = data.table

    def with_a_rival(name):
        frame = table(name)
        if name == "congress_timeline":
            frame = frame.copy()
            frame.loc[frame["id"] == "cc-resolution-20jun", "difference"] = "conflict"
        return frame

    monkeypatch.setattr(congress.data, "table", with_a_rival)
    for guess in ("1956-06-30", "1956-06-20"):
        text = congress.check_date("e37", guess)
        assert "30 Jun 1956" in text and "20 Jun 1956" in text and "Kiselev" in text
        assert "cite both" in text
    assert congress.check_date("e37", "1956-06-10").startswith("Not quite: you said 10 Jun 1956, 10 days before")


def test_a_date_the_sources_give_only_in_part_is_a_gap():
    text = congress.check_date("ussr-1989", "1989-04-06")
    assert text.startswith("Correct year") and "a gap" in text
    assert "Izvestiia TsK KPSS (issue no. 3)" in text and "grade D" in text
    assert congress.check_date("party-meetings-1956", "1956-03-20").startswith("Correct month")
    assert congress.check_date("party-meetings-1956", "1956-05-02").startswith("Not quite")


def test_unreadable_input_and_unknown_event():
    for bad in ("spring 1956", "25.02.1956", "", None, "1956-2-25"):
        assert congress.check_date("e31", bad) == "Give the date as YYYY-MM-DD, for example 1956-02-25."
    assert congress.check_date("e99", "1956-02-25").startswith("No event called 'e99'. Choose one of: e12")


def test_quiz_events_come_from_the_course_timeline():
    events = data.load("events").set_index("id")
    quiz = congress.quiz_events().set_index("id")
    for event_id in congress.QUIZ_EVENT_IDS:
        assert quiz.loc[event_id, "start"] == events.loc[event_id, "start"]
    others = quiz.loc["e37", "alternatives"]
    assert [(o["date"].strftime("%Y-%m-%d"), o["difference"]) for o in others] == [
        ("1956-07-02", "definition-or-date"), ("1956-06-20", "error")]


# --- The widget ------------------------------------------------------------------------------

def controls(explorer):
    """The explorer's controls by their labels, and every sentence it shows, in order."""
    import ipywidgets as widgets

    found, sentences, todo = {}, [], [explorer]
    while todo:
        widget = todo.pop(0)
        todo = list(getattr(widget, "children", ())) + todo
        if getattr(widget, "description", ""):
            found[widget.description] = widget
        elif isinstance(widget, widgets.HTML):
            sentences.append(widget)
    return found, sentences


def said(sentences, start: str) -> str:
    """The one sentence the explorer shows that starts with ``start`` (after its <p>)."""
    matching = [s.value for s in sentences if s.value.startswith("<p>" + start)]
    assert len(matching) == 1, [s.value for s in sentences]
    return matching[0]


def test_explorer_checks_claims_and_dates_and_keeps_every_date(tmp_path):
    path = tmp_path / "date-quiz-answers.json"
    found, sentences = controls(congress.build_explorer(path))
    assert any(str(path) in s.value for s in sentences)
    said(sentences, "Wrong. The seed text says “the 20th Congress of the CPSU Central Committee”")
    found["Claim"].value = "theses"
    said(sentences, "Correct.")
    said(sentences, "Type a date as YYYY-MM-DD and press Enter.")
    assert not path.exists()  # nothing typed, nothing written
    found["Your date"].value = "1956-02-25"
    said(sentences, "Correct: Khrushchev")
    found["Event"].value = "e37"
    assert found["Your date"].value == ""  # each event keeps its own date
    said(sentences, "Type a date")
    found["Your date"].value = "1956-02-25"
    assert "but the sources give 30 Jun 1956" in said(sentences, "Not quite")
    found["Your date"].value = "1956-06-20"
    said(sentences, "Not this one: 20 Jun 1956 is a misprint in one source")
    assert json.loads(path.read_text(encoding="utf-8"))["answers"] == {"e31": "1956-02-25", "e37": "1956-06-20"}

    # A restarted kernel: the dates come back with the events.
    found, sentences = controls(congress.build_explorer(path))
    assert (found["Event"].value, found["Your date"].value) == ("e31", "1956-02-25")
    said(sentences, "Correct: Khrushchev")
    found["Event"].value = "e37"
    assert found["Your date"].value == "1956-06-20"


def test_explorer_explains_a_date_it_cannot_read(tmp_path, monkeypatch):
    import plotly.graph_objects as go

    drawn = []
    monkeypatch.setattr(go.Figure, "show", lambda self, *a, **k: drawn.append(self))
    found, sentences = controls(congress.build_explorer(tmp_path / "answers.json"))
    found["Your date"].value = "February 1956"
    said(sentences, "Give the date as YYYY-MM-DD, for example 1956-02-25.")
    assert drawn[-1].layout.title.text == "When? Khrushchev's \"Secret Speech\""
    assert "Your date" not in [t.name for t in drawn[-1].data]  # nothing guessed is drawn
    found["Your date"].value = "1956-02-30"
    said(sentences, "1956-02-30 is not a date in the calendar: check the month and the day.")


def test_the_claim_checker_draws_its_claim_on_the_timeline(tmp_path, monkeypatch):
    import plotly.graph_objects as go

    drawn = []
    monkeypatch.setattr(go.Figure, "show", lambda self, *a, **k: drawn.append(self))
    found, _ = controls(congress.build_explorer(tmp_path / "answers.json"))
    found["Claim"].value = "year"
    chart = next(fig for fig in reversed(drawn) if fig.layout.title.text.startswith("Wrong"))
    claimed = next(t for t in chart.data if t.name == "Date the seed text gives")
    assert list(claimed.text) == ["Seed text: Feb 1954"] and not chart.layout.updatemenus


def test_a_corrupt_date_answers_file_is_kept_and_new_dates_go_elsewhere(tmp_path):
    path = tmp_path / "date-quiz-answers.json"
    path.write_text('{"answers": {"e999": "1956-01-01"}}', encoding="utf-8")
    found, sentences = controls(congress.build_explorer(path))
    assert any("the entry for &#x27;e999&#x27; is not an event id with a date" in s.value for s in sentences)
    found["Your date"].value = "1956-02-25"
    assert path.read_text(encoding="utf-8") == '{"answers": {"e999": "1956-01-01"}}'
    assert json.loads((tmp_path / "date-quiz-answers-2.json").read_text(encoding="utf-8"))["answers"] == {
        "e31": "1956-02-25"}


# --- The figures ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def chapter_figures():
    """The chapter's charts as the notebook draws them (their conventions are checked in test_figures.py)."""
    return {name: figure() for name, figure in congress.FIGURES.items()}


def test_pospelov_figure_plots_exactly_the_stated_figures(chapter_figures):
    fig = chapter_figures["pospelov"]
    values = congress.pospelov_values()
    delegates = "17th Congress delegates (1934)"
    bar = {t.name: t for t in fig.data}
    assert [bar[name].x[0] for name in ("Shot", "Arrested, not shot (derived: 1,108 − 848)",
                                        "Not arrested (derived: 1,966 − 1,108)")] == [
        values[(delegates, m)] for m in ("shot", "arrested_not_shot", "not_arrested")]
    assert sum(bar[name].x[0] for name in bar if name != "1937–1938") == values[(delegates, "delegates")]
    assert sorted(bar["1937–1938"].x) == [values[("1937–1938", "shot")], values[("1937–1938", "arrested")]]
    hatched = {name for name, t in bar.items() if t.marker.pattern.shape}
    assert hatched == {name for name in bar if "derived" in name}  # hatching marks the derived parts only
    assert fig.layout.title.text.startswith("What became of the delegates to the 17th Congress (1934)")
    assert "report of the Pospelov Commission, 9 Feb 1956" in fig.layout.annotations[-1].text


def shown_after(fig, button) -> list[str]:
    """The names of the traces a button leaves visible (those it does not touch keep their state)."""
    update, indices = button.args[0], list(button.args[-1])
    visible = {i: v for i, v in zip(indices, update["visible"])}
    return [t.name for i, t in enumerate(fig.data) if visible.get(i, t.visible is not False)]


def test_pospelov_buttons_switch_views(chapter_figures):
    fig = chapter_figures["pospelov"]
    first, second = fig.layout.updatemenus[0].buttons
    assert [first.label, second.label] == ["17th Congress delegates", "Arrests and executions, 1937–1938"]
    assert shown_after(fig, second) == ["1937–1938"]
    assert len(shown_after(fig, first)) == 3
    assert "44.0%" in second.args[1]["title.text"]


def test_speech_figure_places_every_topic_once_and_counts_the_seed_errors(chapter_figures):
    fig = chapter_figures["speech"]
    topics = data.load("speech_topics")
    record = [t for t in fig.data if not t.name.startswith("Seed text")]
    placed = [text.replace("<br>", " ") for t in record for text in t.text]
    assert sorted(placed) == sorted(topics["topic"])
    seed = topics[topics["seed_claim"] == "condemned"]
    wrong = next(t for t in fig.data if t.name == "Seed text: “condemned” (wrong)")
    right = next(t for t in fig.data if t.name.startswith("Seed text: “condemned” (right"))
    assert len(wrong.x) == (seed["seed_verdict"] == "wrong").sum() == 4
    assert len(wrong.x) + len(right.x) == len(seed)
    plain, with_seed = fig.layout.updatemenus[0].buttons
    assert wrong.name not in shown_after(fig, plain) and wrong.name in shown_after(fig, with_seed)
    assert "4 wrong" in with_seed.args[1]["title.text"]


def test_claims_menu_has_one_entry_per_claim_consistent_with_the_data(chapter_figures):
    fig = chapter_figures["claims"]
    buttons = fig.layout.updatemenus[0].buttons
    table = congress.claims()
    assert len(buttons) == len(table) + 1
    events = data.load("events").set_index("id")
    names = [t.name for t in fig.data]
    for button, row in zip(buttons[1:], table.itertuples()):
        update, layout, indices = button.args
        x = {names[i]: xs for i, xs in zip(indices, update["x"])}
        expected = [events.loc[e, "start"].strftime("%Y-%m-%d") for e in row.event_ids.split(";")]
        assert x["Events the claim is about"] == expected
        assert layout["title.text"].startswith(congress.VERDICT_LABELS[row.verdict])
        if pd.notna(row.claimed_date):
            assert x["Date the seed text gives"] == [row.claimed_date.strftime("%Y-%m-%d")]
    year = dict(zip([names[i] for i in buttons[2].args[2]], buttons[2].args[0]["text"]))
    assert year["Date the seed text gives"] == ["Seed text: Feb 1954"]
    assert [b.label for b in buttons][1:3] == ["1. “Congress of the Central Committee”", "2. “February 1954”"]


def test_claims_chart_opens_on_a_claim_and_takes_other_years():
    fig = congress.claims_figure(claim="start", end="1990-01-01")
    assert fig.layout.updatemenus[0].active == 6 and fig.layout.title.text.startswith("Misleading:")
    assert fig.layout.xaxis.range == ("1953-01-01", "1990-01-01")
    ringed = next(t for t in fig.data if t.name == "Events the claim is about")
    assert len(ringed.x) == len(congress.claims().set_index("claim_id").loc["start", "event_ids"].split(";"))
    with pytest.raises(ValueError, match="No claim called 'moon'. Choose one of: committee, year"):
        congress.claims_figure(claim="moon")


def test_timeline_draws_the_release_as_a_later_stage_and_the_misprint_as_an_error():
    items = congress.timeline_items().set_index("id")
    assert items.loc["e37", "start"] == pd.Timestamp("1956-06-30") and items.loc["e37", "difference"] == ""
    assert items.loc["cc-resolution-released", "difference"] == "definition-or-date"
    assert items.loc["cc-resolution-20jun", "difference"] == "error"
    assert items.loc["cc-resolution-20jun", "lane"] == items.loc["e37", "lane"]
    fig = congress.claims_figure()
    misprint = [t for t in fig.data if t.name == "A misprint in one source: an error, not a rival date"]
    assert len(misprint) == 1 and misprint[0].showlegend  # named in the legend, apart from the events
    assert [pd.Timestamp(x) for x in misprint[0].x] == [pd.Timestamp("1956-06-20")]
    assert not any(t.name == congress.DIFFERENCE_STYLES["conflict"][0] for t in fig.data)  # no rival date left


def test_the_quiz_chart_marks_the_guess():
    fig = congress.explorer_figure("e30", "1954-02-14")
    assert fig.data[-1].name == "Your date" and pd.Timestamp(fig.data[-1].x[0]) == pd.Timestamp("1954-02-14")
    assert "730 days too early" in fig.layout.meta["alt"]
    unreadable = congress.explorer_figure("e30", "soon")
    assert unreadable.data[-1].name != "Your date"


# --- The Indonesian edition ---------------------------------------------------------------------

@pytest.fixture
def indonesian():
    i18n.set_language("id")
    yield
    i18n.set_language("en")


def test_in_indonesian_the_checker_quotes_the_seeds_own_words_with_the_verdict_translated(indonesian):
    text = congress.check_claim("year")
    assert text.startswith("Salah. Teks awal menyatakan “Pada kongres bulan Februari 1954”. ")
    assert "February 1954”" not in text and "Indonesian" not in text  # no rendering of the seed's words
    assert "(tingkat C; catatan riset §4 row 2)" in text
    assert congress.check_claim("moon").startswith("Tidak ada klaim bernama 'moon'. Pilih salah satu dari: committee")


def test_in_indonesian_the_date_quiz_gives_the_same_feedback_in_indonesian(indonesian):
    text = congress.check_date("e30", "1954-02-14")
    assert text.startswith("Belum tepat: Anda menyebut 14 Februari 1954, tetapi sumber-sumber memberikan "
                           "14–25 Februari 1956 (730 hari terlalu awal). Tahunnya salah (meleset 2 tahun). Sumber: ")
    assert congress.check_date("e37", "1956-06-20").startswith(
        "Bukan yang ini: 20 Juni 1956 adalah salah cetak dalam satu sumber, bukan tanggal tandingan.")
    assert congress.check_date("e37", "1956-07-02").startswith(
        "Hampir, tetapi 2 Juli 1956 adalah tahap lain dari peristiwa yang sama: ")
    right = congress.check_date("e37", "1956-06-30")
    assert right.startswith("Benar: ") and "(tingkat A). Selain itu: pada 2 Juli 1956, " in right
    assert congress.check_date("ussr-1989", "1989-04-06").startswith("Tahunnya benar: ")
    assert congress.check_date("e31", "soon") == "Tuliskan tanggal dalam format YYYY-MM-DD, misalnya 1956-02-25."
    assert congress.check_date("e31", "1952-10-05").startswith("5 Oktober 1952 jatuh sebelum kematian Stalin pada 5 Maret 1953")
    assert congress.describe_guess("e31", "") == "Ketik sebuah tanggal dalam format YYYY-MM-DD, lalu tekan Enter."


def test_in_indonesian_the_explorer_is_labelled_in_indonesian_and_saves_the_same_answers(tmp_path):
    path = tmp_path / "date-quiz-answers.json"
    found, _ = controls(congress.build_explorer(path))  # English: a date is typed and saved
    found["Your date"].value = "1956-02-25"
    i18n.set_language("id")
    try:
        found, sentences = controls(congress.build_explorer(path))
        assert {"Klaim", "Peristiwa", "Tanggal Anda"} <= set(found)
        assert found["Tanggal Anda"].value == "1956-02-25"  # the answer saved in English is back
        assert found["Tanggal Anda"].placeholder == "YYYY-MM-DD"
        claim = found["Klaim"]
        assert [value for _, value in claim.options] == list(congress.claims()["claim_id"])  # the same values
        assert [label for label, _ in claim.options][:2] == ["1. “Kongres XX Komite Sentral CPSU”",
                                                             "2. “Pada kongres bulan Februari 1954”"]
        said(sentences, "Salah. Teks awal menyatakan “Kongres XX Komite Sentral CPSU”.")
        said(sentences, "Benar: ")
        assert any(s.value == "<b>Kuis tanggal: kapan itu terjadi?</b>" for s in sentences)
        found["Peristiwa"].value = "e37"
        found["Tanggal Anda"].value = "1956-06-20"
        said(sentences, "Bukan yang ini: 20 Juni 1956")
    finally:
        i18n.set_language("en")
    assert json.loads(path.read_text(encoding="utf-8"))["answers"] == {"e31": "1956-02-25", "e37": "1956-06-20"}


def plotted(fig):
    """The numbers a figure plots, trace by trace: x, and y where it is not a category's name."""
    def written(values):
        return None if values is None else [str(v) for v in values]

    def numeric(values):
        return values is not None and all(not isinstance(v, str) for v in values)
    return [(written(t.x), written(t.y) if numeric(t.y) else None) for t in fig.data]


def test_in_indonesian_the_figures_speak_indonesian_and_plot_the_same_numbers(chapter_figures, indonesian):
    figures = {name: figure() for name, figure in congress.FIGURES.items()}
    for name, fig in figures.items():
        assert plotted(fig) == plotted(chapter_figures[name]), name
    pospelov = figures["pospelov"]
    assert pospelov.layout.title.text.startswith("Nasib para delegasi Kongres ke-17 (1934)<br>")
    assert [t.name for t in pospelov.data][:3] == ["Ditembak mati", "Ditangkap, tidak ditembak mati (turunan: 1.108 − 848)",
                                                   "Tidak ditangkap (turunan: 1.966 − 1.108)"]
    first, second = pospelov.layout.updatemenus[0].buttons
    assert [first.label, second.label] == ["Delegasi Kongres ke-17", "Penangkapan dan eksekusi, 1937–1938"]
    assert "681.692 orang ditembak mati: 44,0% dari 1.548.366 orang yang ditangkap" in second.args[1]["title.text"]
    speech = figures["speech"]
    assert speech.layout.title.text == "Apa yang dikecam Pidato Rahasia, dan apa yang tidak disentuhnya"
    assert "Teks awal: “dikutuk” (salah)" in [t.name for t in speech.data]
    assert speech.layout.meta["table"]["columns"][:4] == ["topik", "dalam pidato", "dalam teks awal", "teks awal dinilai"]
    claims = figures["claims"]
    buttons = claims.layout.updatemenus[0].buttons
    assert [b.label for b in buttons][:3] == ["Pilih klaim…", "1. “Kongres XX Komite Sentral CPSU”",
                                             "2. “Pada kongres bulan Februari 1954”"]
    assert buttons[2].args[1]["title.text"].startswith("Salah: “Pada kongres bulan Februari 1954”<br>")
    names = [t.name for t in claims.data]
    year = dict(zip([names[i] for i in buttons[2].args[2]], buttons[2].args[0]["text"]))
    assert year["Tanggal menurut teks awal"] == ["Teks awal: Februari 1954"]
    assert list(claims.layout.yaxis.categoryarray) == ["Kabar tentang pidato", "Gejolak", "Partai dan negara"]
    assert "Salah cetak dalam satu sumber: kesalahan, bukan tanggal tandingan" in names
    quiz = congress.explorer_figure("e30", "1954-02-14")
    assert quiz.data[-1].name == "Tanggal Anda" and "730 hari terlalu awal" in quiz.layout.meta["alt"]
