"""Chapter 1: the timeline explorer's logic, its widget, and the chapter's figures."""

import datetime as dt
import re

import pandas as pd
import pytest

from conftest import explorer_controls

from thaw import data
from thaw.chapters import ch01_after_stalin as after_stalin


# --- The explorer's pure functions ------------------------------------------------------------

def test_events_between_finds_overlapping_events_in_order():
    events = after_stalin.events_between("1953-03-01", "1953-12-31")
    assert list(events["id"]) == [f"e{n:02d}" for n in range(1, 14)]
    assert events["start"].is_monotonic_increasing
    # The Norilsk uprising (26 May – 4 Aug 1953) overlaps a span that starts in its middle.
    assert "e06" in set(after_stalin.events_between("1953-07-01", "1953-07-02")["id"])


def test_describe_events_lists_each_event_with_date_and_grade():
    text = after_stalin.describe_events("1954-01-01", "1954-12-31", "CUL")
    assert text.splitlines() == [
        "2 culture events from 1 Jan 1954 to 31 Dec 1954:",
        "May 1954: Ehrenburg's novella The Thaw published (Culture; grade B)",
        "15–26 Dec 1954: Second Congress of Soviet Writers (Culture; grade C)",
    ]


def test_a_single_day_and_a_date_range_are_written_plainly():
    assert after_stalin.describe_events("1953-03-05", "1953-03-05") == (
        "2 events on 5 Mar 1953:\n5 Mar 1953: Stalin dies (Politics; grade C)\n"
        "5 Mar 1953: Malenkov becomes head of government (Politics; grade B)")
    text = after_stalin.describe_events("1953-06-01", "1953-06-30", "FOR")
    assert "16–17 Jun 1953: East German uprising (Foreign policy; grade B)" in text


def test_an_impossible_range_is_explained_not_raised():
    text = after_stalin.describe_events("1955-01-01", "1953-01-01")
    assert text == ("The end date (1 Jan 1953) must not be earlier than the start date (1 Jan 1955). "
                    "Choose a later end or an earlier start.")
    with pytest.raises(ValueError, match="must not be earlier than the start"):
        after_stalin.events_between("1955-01-01", "1953-01-01")


def test_a_span_outside_the_timeline_names_its_limits():
    text = after_stalin.describe_events("1950-01-01", "1953-03-04")
    assert text.startswith("The course timeline runs from 5 Mar 1953 to 18 Oct 1991")
    assert "Choose dates in that span" in text


def test_an_empty_span_inside_the_timeline_is_a_gap_not_an_error():
    assert after_stalin.describe_events("1953-03-01", "1953-12-31", "CUL") == (
        "The timeline has no culture events from 1 Mar 1953 to 31 Dec 1953.")
    text = after_stalin.describe_events("1970-01-01", "1980-12-31")
    assert "After 14 Feb 1966 the timeline has only three epilogue entries (1967, 1989, 1991)." in text


def test_bad_input_gets_a_clear_sentence():
    assert "YYYY-MM-DD" in after_stalin.describe_events("spring 1953", "1953-12-31")
    assert after_stalin.describe_events(None, "1953-12-31") == "Choose a start date."
    assert after_stalin.describe_events("1953-01-01", "") == "Choose an end date."
    text = after_stalin.describe_events("1953-01-01", "1953-12-31", "SPORT")
    assert text.startswith("Unknown category 'SPORT'. Choose one of: ALL (all categories), POL (Politics)")


# --- The widget -------------------------------------------------------------------------------


def test_explorer_opens_on_the_rest_of_the_year_of_stalins_death_and_follows_its_explorer_controls():
    explorer = explorer_controls(after_stalin.build_explorer())
    sentence = explorer["sentence"]
    assert sentence.value.startswith("<p>13 events from 1 Mar 1953 to 31 Dec 1953:<ul>")
    assert "<li>7 Sep 1953: Khrushchev elected First Secretary (Politics; grade A)</li>" in sentence.value
    explorer["Category"].value = "CUL"
    assert sentence.value == "<p>The timeline has no culture events from 1 Mar 1953 to 31 Dec 1953.</p>"
    explorer["To"].value = dt.date(1954, 12, 31)
    assert sentence.value.startswith("<p>2 culture events")


def test_explorer_explains_bad_input_in_a_sentence(monkeypatch):
    import plotly.graph_objects as go

    drawn = []
    monkeypatch.setattr(go.Figure, "show", lambda self, *a, **k: drawn.append(self))
    explorer = explorer_controls(after_stalin.build_explorer())
    charts_before = len(drawn)
    explorer["From"].value = dt.date(1955, 6, 1)
    assert explorer["sentence"].value == ("<p>The end date (31 Dec 1953) must not be earlier than the start date "
                                          "(1 Jun 1955). Choose a later end or an earlier start.</p>")
    assert len(drawn) == charts_before  # nothing drawn under the sentence
    explorer["From"].value = None
    assert explorer["sentence"].value == "<p>Choose a start date.</p>"


# --- The figures ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def chapter_figures():
    """The chapter's charts as the notebook draws them (their conventions are checked in test_figures.py)."""
    return {name: figure() for name, figure in after_stalin.FIGURES.items()}


def test_posts_figure_draws_exactly_the_terms_in_the_data(chapter_figures):
    fig = chapter_figures["posts"]
    terms = data.load("leadership_posts")
    drawn = {}
    for trace in fig.data:
        if trace.name == "no First Secretary":
            continue
        for base, length, row in zip(trace.base, trace.x, trace.y):
            drawn[(trace.name, row)] = (pd.Timestamp(base), pd.Timestamp(base) + pd.Timedelta(milliseconds=length))
    assert len(drawn) == len(terms)
    for term in terms.itertuples():
        first, last = drawn[(term.person, after_stalin.POSTS[term.post])]
        assert first == term.start
        assert last == min(term.end, pd.Timestamp("1959-01-01"))  # clipped at the chart's end
    gap = next(t for t in fig.data if t.name == "no First Secretary")
    assert pd.Timestamp(gap.base[0]) == pd.Timestamp("1953-03-05")  # from Stalin's death (events.csv e01)
    assert pd.Timestamp(gap.base[0]) + pd.Timedelta(milliseconds=gap.x[0]) == pd.Timestamp("1953-09-07")
    assert fig.layout.title.text == "Who held the top posts after Stalin, Mar 1953 – 1958"


def test_posts_figure_takes_other_years_and_labels_terms_that_go_on():
    fig = after_stalin.posts_figure(start="1955-01-01", end="1959-01-01")
    assert fig.layout.title.text == "Who held the top posts after Stalin, Jan 1955 – 1958"
    labels = {text for trace in fig.data for text in (trace.text or ())}
    assert "Khrushchev (to 1964)" in labels and "Beria" not in labels  # Beria's term ended in 1953
    whole = after_stalin.posts_figure(end="1965-01-01")
    assert not any("(to " in text for trace in whole.data for text in (trace.text or ()))


def test_first_secretary_uses_the_archival_date():
    terms = data.load("leadership_posts").set_index("id")
    assert terms.loc["khrushchev-first-secretary", "start"] == pd.Timestamp("1953-09-07")
    events = data.load("events").set_index("id")
    assert events.loc["e12", "start"] == terms.loc["khrushchev-first-secretary", "start"]
    # Dates shared with the course timeline agree with it; both use the day of the decision.
    assert events.loc["e02", "start"] == terms.loc["malenkov-chair-com", "start"] == pd.Timestamp("1953-03-05")
    assert terms.loc["beria-mvd", "start"] == events.loc["e02", "start"]  # named at the same meeting
    assert events.loc["e08", "start"] == terms.loc["beria-mvd", "end"] == terms.loc["kruglov-mvd", "start"]
    assert events.loc["e49", "start"] == terms.loc["khrushchev-chair-com", "start"]


def test_terms_in_one_post_follow_each_other_without_overlap():
    terms = after_stalin.posts()
    for post, rows in terms.groupby("post"):
        rows = rows.sort_values("start")
        assert (rows["start"].iloc[1:].values >= rows["end"].iloc[:-1].values).all(), post
        assert (rows["end"] > rows["start"]).all(), post


def test_each_category_button_shows_its_events_alone_from_the_top(chapter_figures):
    fig = chapter_figures["chain"]
    events = after_stalin.events_between(after_stalin.chapter_start(), after_stalin.CHAPTER_END)
    counts = events["category"].value_counts()
    buttons = fig.layout.updatemenus[0].buttons
    assert [b.label for b in buttons] == ["All 27"] + [f"{after_stalin.SHORT[code]} {counts[code]}"
                                                      for code in after_stalin.CATEGORIES if code in counts]
    for button in buttons[1:]:
        update, layout, indices = button.args
        shown = [fig.data[i] for i, visible in zip(indices, update["visible"]) if visible]
        assert len(shown) == 1
        code = next(c for c, label in after_stalin.CATEGORIES.items() if label == shown[0].name)
        rows = {y for y in update["y"][update["visible"].index(True)] if y is not None}
        assert rows == set(range(counts[code]))  # the category's events fill the rows from 0
        assert layout["yaxis.range"] == [-0.8, counts[code] - 0.2]
        assert layout["title.text"].endswith(f"{after_stalin.CATEGORIES[code]}: {counts[code]} "
                                             f"event{'s' if counts[code] != 1 else ''}</span>")


def test_chain_plots_every_event_once_at_its_date(chapter_figures):
    fig = chapter_figures["chain"]
    events = after_stalin.events_between(after_stalin.chapter_start(), after_stalin.CHAPTER_END)
    labelled = {}
    for trace in fig.data:
        for x, text in zip(trace.x, trace.text):
            if text:
                labelled[text.replace(" (grade D source)", "")] = pd.Timestamp(x)
    assert labelled == dict(zip(events["title"], events["start"]))
    flagged = [t for trace in fig.data for t in trace.text if t.endswith("(grade D source)")]
    assert len(flagged) == (events["grade"] == "D").sum()


def test_an_event_known_only_to_the_month_says_so_on_hover():
    fig = after_stalin.events_figure("1954-01-01", "1954-12-31")
    hovers = [h for trace in fig.data for h in trace.customdata if h]
    assert any("<b>Ehrenburg's novella The Thaw published</b><br>May 1954 · grade B" == h for h in hovers)
    assert any("15–26 Dec 1954 · grade C" in h for h in hovers)


def test_explorer_figure_draws_nothing_for_an_impossible_range():
    assert after_stalin.explorer_figure("1955-01-01", "1953-01-01") is None
    assert after_stalin.explorer_figure("1953-03-01", "1953-12-31", "POL").data


# --- Sentences computed from the data ---------------------------------------------------------

def test_timeline_summary_counts_events_csv():
    events = data.load("events")
    numbered = events[events["id"].str.match(r"e\d")]
    text = after_stalin.timeline_summary()
    assert f"holds {len(numbered)} dated events from 5 Mar 1953 to 14 Feb 1966" in text
    assert "plus three later ones (1967, 1989 and 1991)" in text
    assert len(events) - len(numbered) == 3


def test_grades_summary_matches_events_csv():
    events = data.load("events")
    last = events["end"].fillna(events["start"])
    period = events[(events["start"] <= "1955-12-31") & (last >= "1953-03-05")]
    counts = period["grade"].value_counts()
    text = after_stalin.grades_summary("1953-03-05", "1955-12-31")
    assert text.startswith(f"Of the {len(period)} events from 5 Mar 1953 to 31 Dec 1955, ")
    first = text.split(";")[0].split(". ")[0]
    for grade in "ABCD":
        if counts.get(grade, 0):
            assert re.search(rf"\b{counts[grade]} (are graded )?{grade}\b", first), grade
        else:
            assert "none is graded" in text and grade in text.split("none is graded ")[1].split(".")[0]
    for row in period[period["grade"] == "D"].itertuples():
        assert f"*{row.title}*" in text
    if not (period["grade"] == "D").any():
        assert "No event of the period rests on a grade D source" in text
    for code, label in after_stalin.CATEGORIES.items():
        grades = period.loc[period["category"] == code, "grade"]
        low = int(grades.isin(["C", "D"]).sum())
        if len(grades) and low > len(grades) / 2:
            assert f"{label.lower()} ({low} of {len(grades)})" in text


def test_grades_summary_names_every_grade_d_event():
    text = after_stalin.grades_summary("1953-01-01", "1991-12-31")
    for row in data.load("events").query("grade == 'D'").itertuples():
        assert f"*{row.title}*" in text
    assert "Check the grade D events first" in text


def test_terms_summary_matches_leadership_posts():
    terms = data.load("leadership_posts").set_index("id")
    days = (terms["end"] - terms["start"]).dt.days
    text = after_stalin.terms_summary()
    shortest = days.idxmin()
    assert text.startswith(f"{terms.loc[shortest, 'person']} held the post of ")
    assert f"for {days[shortest]:,} days" in text
    assert f"head of government for {days['malenkov-chair-com']:,} days" in text
    assert f"First Secretary for {days['khrushchev-first-secretary']:,} days" in text


# --- In Indonesian ----------------------------------------------------------------------------

@pytest.fixture
def indonesian():
    from thaw import i18n

    i18n.set_language("id")
    yield
    i18n.set_language("en")


def drawn_numbers(figures):
    """Every trace's positions and values, figure by figure: what must not change with the language."""
    return {name: [(list(t.x or ()), list(t.y or ()), list(getattr(t, "base", None) or ())) for t in fig.data]
            for name, fig in figures.items()}


def test_in_indonesian_the_chapter_writes_its_words_and_keeps_its_numbers(chapter_figures, indonesian):
    figures = {name: figure() for name, figure in after_stalin.FIGURES.items()}
    english = drawn_numbers(chapter_figures)
    assert drawn_numbers(figures) == {name: [(x, [after_stalin._(y) if isinstance(y, str) else y for y in ys], base)
                                             for x, ys, base in traces] for name, traces in english.items()}
    assert figures["posts"].layout.title.text == "Siapa yang memegang jabatan tertinggi setelah Stalin, Maret 1953 – 1958"
    assert [b.label for b in figures["chain"].layout.updatemenus[0].buttons][:2] == ["Semua 27", "Politik 5"]
    assert after_stalin.describe_events("1954-01-01", "1954-12-31", "CUL").splitlines()[0] == (
        "2 peristiwa kebudayaan dari 1 Januari 1954 hingga 31 Desember 1954:")
    assert after_stalin.describe_events(None, "1953-12-31") == "Pilih tanggal mulai."
    assert "ditambah tiga entri sesudahnya (1967, 1989, dan 1991)" in after_stalin.timeline_summary()
    assert "selama 4.055 hari, hingga Oktober 1964" in after_stalin.terms_summary()
    explorer = explorer_controls(after_stalin.build_explorer())
    assert set(explorer) == {"Kategori", "Dari", "Hingga", "sentence"}
    assert explorer["Kategori"].options[0] == ("Semua kategori", after_stalin.ALL)  # the values stay codes
