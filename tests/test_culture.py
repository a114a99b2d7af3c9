"""Chapter 6: the film-output explorer's logic, its widget, and the chapter's figures."""

import pandas as pd
import pytest

from conftest import explorer_controls

from thaw import charts, data
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
    assert culture.describe_films("pictures", 1955, 1951) == (
        "The end year (1951) must not be earlier than the start year (1955). Choose a later end or an earlier start.")
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
    with_figures = films[films["status"] != data.GAP_STATUS]
    assert with_figures["grade"].notna().all() and with_figures["qualifier"].notna().all()
    assert not films.duplicated(["year", "definition"]).any()
    assert (data.gaps(films)["definition"] == "all").all()
    assert culture.covered_years() == (1945, 1964)


# --- The widget ------------------------------------------------------------------------------------


def test_explorer_widget_updates_text_and_chart_when_used(drawn):
    explorer = culture.build_explorer()
    assert explorer_controls(explorer)["sentence"].value.startswith("<p>\"Pictures\" (EN Wikipedia), 1951–1960: 1953: 20")
    assert drawn[-1].layout.title.text == "\"Pictures\" (EN Wikipedia), 1951–1960"
    explorer_controls(explorer)["Definition"].value = "completed"
    assert "1951: 9 (grade B), 1952: 24 (grade D)" in explorer_controls(explorer)["sentence"].value
    assert drawn[-1].layout.title.text == "Feature films completed, 1951–1960 (open symbols: grade D)"
    assert drawn[-1].layout.annotations[-1].text == "Source: film_output.csv: Yandex Q answer; V. Fomin; M. I. Kosinova"
    explorer_controls(explorer)["Years"].value = (1956, 1959)
    assert "no figure for 1956–1959" in explorer_controls(explorer)["sentence"].value and "gap in the sources" in explorer_controls(explorer)["sentence"].value
    explorer_controls(explorer)["Definition"].value = "new_releases"
    assert "1958: 66" in explorer_controls(explorer)["sentence"].value and "suspect" in explorer_controls(explorer)["sentence"].value


# --- The figures -------------------------------------------------------------------------------------

def shown(fig, button):
    """The names of the traces a button of the chart's menu leaves visible."""
    visible = dict(zip(button.args[2], button.args[0]["visible"]))
    return [trace.name for number, trace in enumerate(fig.data) if visible.get(number, trace.visible is not False)]


def test_films_figure_plots_exactly_the_charted_figures():
    fig = culture.films_figure()
    films = data.load("film_output")
    for definition, label in culture.DEFINITIONS.items():
        trace = next(t for t in fig.data if t.name.startswith(label))
        plotted = [(pd.Timestamp(x).year, y) for x, y in zip(trace.x, trace.y) if y is not None]
        expected = films[(films["definition"] == definition) & films["chart"]]
        assert plotted == list(zip(expected["year"], expected["value"])), definition
        assert trace.connectgaps is False  # a missing year breaks the line


def test_films_figure_opens_the_grade_d_symbols_and_says_so_in_the_legend():
    fig = culture.films_figure()
    completed = next(t for t in fig.data if t.name.startswith(culture.DEFINITIONS["completed"]))
    open_years = [pd.Timestamp(x).year for x, s, y in zip(completed.x, completed.marker.symbol, completed.y)
                  if y is not None and s.endswith("-open")]
    assert open_years == [1945, 1952] and completed.name.endswith("(grade D, open: 1945, 1952)")
    assert "open symbol = grade D (popular source)" in [t.name for t in fig.data]


def test_films_buttons_show_one_definition_each_with_its_figures_in_the_title():
    fig = culture.films_figure()
    buttons = fig.layout.updatemenus[0].buttons
    assert [b.label for b in buttons] == ["All"] + list(culture.BUTTON_LABELS.values())
    key = "open symbol = grade D (popular source)"
    assert len(shown(fig, buttons[0])) == 5
    pictures = buttons[2]
    assert shown(fig, pictures) == [key, "\"Pictures\" (EN Wikipedia)"]
    assert "\"Pictures\" (EN Wikipedia): 1953: 20, 1954: 45, 1955: 66" in pictures.args[1]["title.text"]


def test_films_figure_draws_fewer_definitions_and_years_on_request():
    fig = culture.films_figure(definitions=["completed", "pictures"], years=(1950, 1956))
    assert fig.layout.title.text.startswith("Soviet feature films per year: two definitions, never one line")
    assert [b.label for b in fig.layout.updatemenus[0].buttons] == ["All", "Completed", "Pictures (Wikipedia)"]
    assert "19 in 1945" not in fig.layout.meta["alt"] and "9 in 1951" in fig.layout.meta["alt"]
    with pytest.raises(ValueError, match="Unknown definition 'tv'. Choose among: completed, pictures"):
        culture.films_figure(definitions=["tv"])
    with pytest.raises(ValueError, match=r"The end year \(1950\) must not be earlier than the start year \(1956\)"):
        culture.films_figure(years=(1956, 1950))


def test_print_runs_figure_labels_its_bars_from_the_data_and_dates_them():
    fig = culture.print_runs_figure()
    runs = data.load("print_runs").set_index("id")
    bars = {t.name: t for t in fig.data}
    zhivago = bars["Doctor Zhivago: first printing, Milan"]
    assert list(zhivago.x) == [runs.loc["zhivago-feltrinelli-1957", "value"]]
    assert list(zhivago.y) == ["Doctor Zhivago<br>Feltrinelli, Milan, 22 Nov 1957"]
    one_day = bars["One Day: print run"]
    assert dict(zip(one_day.y, one_day.x)) == {"One Day<br>Novy Mir no. 11, 18 Nov 1962": 96900,
                                               "One Day<br>Sovetskii pisatel', 1963": 100000,
                                               "One Day<br>Roman-gazeta no. 1, Jan 1963": 700000}
    assert list(bars["One Day: extra printing allowed by the CC"].x) == [runs.loc["oneday-novymir-1962-extra", "value"]]
    assert culture.one_day_copies() == 96900 + 25000 + 700000 + 100000
    assert fig.layout.title.text.startswith("One Day: 921,900 copies printed in the USSR in 1962–1963;")


def test_print_runs_journals_button_cross_hatches_only_grade_d():
    fig = culture.print_runs_figure()
    runs = data.load("print_runs")
    journals = runs[(runs["kind"] == "journal_circulation") & (runs["status"] == "read")]
    circulation = next(t for t in fig.data if t.name == "Journal circulation")
    assert sorted(circulation.x) == sorted(list(journals["value"]) + [96900])
    grade_d = dict(zip(journals["value"], journals["grade"] == "D"))
    for value, shape in zip(circulation.x, circulation.marker.pattern.shape):
        assert (shape == charts.evidence_hatch("D")) == grade_d.get(value, False)
    books, periodicals = fig.layout.updatemenus[0].buttons
    assert (books.label, periodicals.label) == ("One Day and Doctor Zhivago", "Novy Mir and Yunost, 1925–1990")
    assert shown(fig, periodicals) == ["Journal circulation"]
    assert periodicals.args[1]["xaxis.type"] == "log"
    assert "Annual circulations not found: Novy Mir 1953–1970, Yunost 1955–1970 (cross-hatched: grade D)" \
        in periodicals.args[1]["title.text"]


def test_timeline_shows_every_cultural_event_in_order_with_its_dates():
    fig = culture.timeline_figure()
    events = data.load("events")
    cultural = events[events["category"] == "CUL"].sort_values("start")
    markers = next(t for t in fig.data if t.name == "Cultural event (course timeline)")
    assert list(markers.y) == list(cultural["title"])
    assert list(fig.layout.yaxis.categoryarray) == list(cultural["title"])
    assert "Second Congress of Soviet Writers: 15–26 Dec 1954; Dudintsev's Not by Bread Alone serialized: Aug–Oct 1956" \
        in fig.layout.meta["alt"]
    assert fig.layout.title.text == "The cultural thaw in the course timeline, 1954–1962"


def test_the_chapter_figures_stay_within_the_page_budget():
    assert sum(len(function().to_json()) for function in culture.FIGURES.values()) < 90_000


# --- In Indonesian ------------------------------------------------------------------------------------

def _numbers(fig) -> list:
    """Every number the traces draw (heights, positions, widths), trace by trace."""
    return [[v for attr in ("x", "y", "width") for v in (trace[attr] if attr in trace and trace[attr] is not None else ())
             if isinstance(v, (int, float))] for trace in fig.data]


def test_the_figures_and_the_explorer_speak_indonesian_with_the_same_numbers():
    from thaw import i18n

    english = {name: build() for name, build in culture.FIGURES.items()}
    i18n.set_language("id")
    try:
        indonesian = {name: build() for name, build in culture.FIGURES.items()}
        text = culture.describe_films("pictures", 1953, 1955)
        controls = explorer_controls(culture.build_explorer())
    finally:
        i18n.set_language("en")
    for name in english:
        assert _numbers(indonesian[name]) == _numbers(english[name]), name
    assert indonesian["films"].layout.title.text.startswith("Film cerita Soviet per tahun: empat definisi")
    assert "simbol kosong = tingkat D (sumber populer)" in [t.name for t in indonesian["films"].data]
    assert indonesian["print-runs"].layout.title.text.startswith("One Day: 921.900 eksemplar dicetak di Uni Soviet")
    assert "Dari 1953 hingga 1955 jumlahnya naik dari 20 menjadi 66 (+46, +230,0%)." in text
    assert controls["Definisi"].options[0] == ("Film cerita yang diselesaikan", "completed")
    assert controls["sentence"].value.startswith("<p>\"Pictures\" (Wikipedia bahasa Inggris), 1951–1960:")
