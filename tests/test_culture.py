"""Chapter 6: the film-output explorer's logic, its widget, and the chapter's figures."""

import pandas as pd
import pytest

from conftest import assert_course_figure
from thaw import data
from thaw.chapters import ch06_cultural_thaw as culture


# --- The explorer's pure functions --------------------------------------------------------------

def test_describe_films_lists_figures_and_the_change_within_one_definition():
    text = culture.describe_films("pictures", 1953, 1955)
    assert text.startswith("\"Pictures\" (EN Wikipedia), 1953–1955: 1953: 20 (grade C), 1954: 45 (grade C), "
                           "1955: 66 (grade C).")
    assert "From 1953 to 1955 the number rose from 20 to 66 (+46, +230.0%)." in text
    assert "Other definitions give figures for 1955: compare them separately, never as one line." in text


def test_describe_films_flags_grade_d_and_names_missing_years():
    text = culture.describe_films("completed", 1945, 1955)
    assert "Grade D (a popular source, to be replaced): 1945, 1952." in text
    assert "No figure under this definition for 1946–1950, 1953–1955." in text
    assert "For 1946–1948, 1950 no source gives any figure: a gap in the sources, not a fall to zero." in text


def test_an_impossible_range_is_explained_not_raised():
    text = culture.describe_films("pictures", 1955, 1951)
    assert text.startswith("The end year (1951) must not be earlier than the start year (1955)")
    assert "cover 1945–1964" in culture.describe_films("pictures", 1940, 1955)
    assert "cover 1945–1964" in culture.describe_films("pictures", 1953, 1970)


def test_a_range_in_the_gap_says_gap_and_shows_bounds_and_suspect_figures():
    text = culture.describe_films("pictures", 1956, 1964)
    assert text.startswith("\"Pictures\" (EN Wikipedia): no figure for 1956–1964.")
    assert "1958: 66 (new releases, grade B) is a suspect figure, not charted" in text
    assert "1960: more than 100 (threshold, grade B) is a lower bound, not a count." in text
    assert "1960: at least 120 (plan, grade D) is a plan target, not output." in text
    assert "For 1956–1957, 1959, 1961–1964 no source gives any figure" in text


def test_a_single_year_is_allowed():
    assert culture.describe_films("completed", 1951, 1951) == "Feature films completed, 1951: 1951: 9 (grade B)."


def test_bad_input_gets_a_sentence_not_a_traceback():
    assert "whole numbers" in culture.describe_films("pictures", "spring 1953", 1955)
    assert "whole numbers" in culture.describe_films("pictures", None, 1955)
    assert culture.describe_films("tv", 1953, 1955).startswith(
        "Unknown definition 'tv'. Choose one of: completed, pictures, produced, new_releases.")


def test_film_points_keep_only_charted_rows_and_reject_unknown_definitions():
    releases = culture.film_points("new_releases")
    assert list(releases["year"]) == [1949]  # 1958 is suspect: kept in the data, not charted
    with pytest.raises(ValueError, match="Unknown definition 'all'"):
        culture.film_points("all")


def test_gap_years_are_the_years_without_any_figure():
    assert culture.no_figure_years() == [1946, 1947, 1948, 1950, 1956, 1957, 1959, 1961, 1962, 1963, 1964]
    assert culture.uncharted_years() == culture.no_figure_years()[:4] + list(range(1956, 1965))


def test_no_row_joins_two_definitions_and_every_figure_has_a_grade():
    films = data.load("film_output")
    stated = films[films["status"] != "gap"]
    assert stated["grade"].notna().all() and stated["qualifier"].notna().all()
    assert not films.duplicated(["year", "definition"]).any()
    assert (films.loc[films["status"] == "gap", "definition"] == "all").all()


# --- The widget ------------------------------------------------------------------------------------

def test_explorer_widget_updates_text_and_chart_when_used():
    explorer = culture.build_explorer()
    definition, years, summary, chart = explorer.children
    assert summary.value.startswith("<p>\"Pictures\" (EN Wikipedia), 1951–1960: 1953: 20")
    definition.value = "completed"
    assert "1951: 9 (grade B), 1952: 24 (grade D)" in summary.value
    years.value = (1956, 1959)
    assert "no figure for 1956–1959" in summary.value and "gap in the sources" in summary.value
    definition.value = "new_releases"
    assert "1958: 66" in summary.value and "suspect" in summary.value


# --- The figures -------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def chapter_figures():
    return {name: getattr(culture, name)() for name in ["timeline_figure", "print_runs_figure", "films_figure"]}


def test_every_figure_has_title_source_line_and_text_alternative(chapter_figures):
    figures = dict(chapter_figures, explorer=culture.films_explorer_figure("pictures", 1951, 1960))
    for name, fig in figures.items():
        assert_course_figure(fig, name)


def test_films_figure_plots_exactly_the_charted_figures(chapter_figures):
    fig = chapter_figures["films_figure"]
    films = data.load("film_output")
    for definition, label in culture.DEFINITIONS.items():
        trace = next(t for t in fig.data if t.name.startswith(label))
        plotted = [(pd.Timestamp(x).year, y) for x, y in zip(trace.x, trace.y) if y is not None]
        expected = films[(films["definition"] == definition) & films["chart"]]
        assert plotted == list(zip(expected["year"], expected["value"])), definition
        assert trace.connectgaps is False  # a missing year breaks the line


def test_films_figure_flags_grade_d_with_open_symbols_and_in_the_legend(chapter_figures):
    fig = chapter_figures["films_figure"]
    completed = next(t for t in fig.data if t.name.startswith(culture.DEFINITIONS["completed"]))
    symbols = [s for s, y in zip(completed.marker.symbol, completed.y) if y is not None]
    assert symbols == ["circle-open", "circle", "circle-open"]  # 1945 (D), 1951 (B), 1952 (D)
    assert "grade D" in completed.name and any("grade D" in t.name for t in fig.data)


def test_films_buttons_show_one_definition_each(chapter_figures):
    fig = chapter_figures["films_figure"]
    buttons = fig.layout.updatemenus[0].buttons
    assert [b.label for b in buttons] == ["All"] + list(culture.BUTTON_LABELS.values())
    assert buttons[0].args[0]["visible"] == [True] * len(fig.data)
    for number, (button, definition) in enumerate(zip(buttons[1:], culture.DEFINITIONS), start=1):
        visible = button.args[0]["visible"]
        assert len(visible) == len(fig.data) and sum(visible) == 2 and visible[0] and visible[number]
        assert fig.data[number].name.startswith(culture.DEFINITIONS[definition])
        assert culture.DEFINITIONS[definition] in button.args[1]["title.text"]


def test_print_runs_figure_plots_the_data_and_its_buttons_switch_views(chapter_figures):
    fig = chapter_figures["print_runs_figure"]
    runs = data.load("print_runs").set_index("id")
    assert list(fig.data[0].x) == [runs.loc["zhivago-feltrinelli-1957", "value"]]
    assert sorted(fig.data[1].x) == sorted(runs.loc[["oneday-novymir-1962", "oneday-sovpisatel-1963",
                                                     "oneday-romangazeta-1963"], "value"])
    assert list(fig.data[2].x) == [runs.loc["oneday-novymir-1962-extra", "value"]]
    journals = runs[(runs["kind"] == "journal_circulation") & (runs["status"] == "read")]
    assert sorted(fig.data[3].x) == sorted(list(journals["value"]) + [96900])
    assert list(fig.data[3].marker.pattern.shape).count("/") == (journals["grade"] == "D").sum()
    books, periodicals = fig.layout.updatemenus[0].buttons
    assert books.args[0]["visible"] == [True, True, True, False]
    assert periodicals.args[0]["visible"] == [False, False, False, True]
    assert periodicals.args[1]["xaxis.type"] == "log" and "not found" in periodicals.args[1]["title.text"]
    assert culture.one_day_copies() == 96900 + 25000 + 700000 + 100000


def test_timeline_shows_every_cultural_event_in_order(chapter_figures):
    fig = chapter_figures["timeline_figure"]
    events = data.load("events")
    cultural = events[events["category"] == "CUL"].sort_values("start")
    markers = fig.data[-1]
    assert list(markers.y) == list(cultural["title"])
    assert list(fig.layout.yaxis.categoryarray) == list(cultural["title"])


def test_the_chapter_figures_stay_within_the_page_budget(chapter_figures):
    import plotly.io as pio
    assert sum(len(pio.to_json(fig)) for fig in chapter_figures.values()) < 90_000
