"""Chapter 2: the decline explorer's logic, its widget, and the chapter's figures."""

import pandas as pd
import pytest

from conftest import figures_drawn, explorer_controls
from thaw import data
from thaw.chapters import ch02_emptying_the_gulag as gulag


@pytest.fixture(scope="module")
def totals():
    return gulag.series_points("itl_itk")


def test_describe_change_states_the_fall_with_numbers(totals):
    text = gulag.describe_change(totals, "1953-01-01", "1956-01-01")
    assert text == ("From 1 Jan 1953 to 1 Jan 1956 the number fell from 2,472,247 to 781,630: "
                    "−1,690,617 (−68.4%).")


def test_describe_change_flags_derived_figures(totals):
    text = gulag.describe_change(totals, "1953-01-01", "1954-01-01")
    assert "1,325,003" in text and "1 Jan 1954 is derived by arithmetic" in text


def test_an_impossible_range_is_explained_not_raised(totals):
    text = gulag.describe_change(totals, "1956-01-01", "1953-01-01")
    assert text.startswith("The end date (1 Jan 1953) must be later than the start date (1 Jan 1956)")
    same = gulag.describe_change(totals, "1955-01-01", "1955-01-01")
    assert "must be later" in same


def test_a_date_in_a_gap_is_named_as_a_gap(totals):
    text = gulag.describe_change(totals, "1953-01-01", "1959-01-01")
    assert text.startswith("The sources give no figure for 1 Jan 1959 (the end you chose)")
    assert "1 Jan 1958" in text


def test_an_unreadable_date_gets_an_example(totals):
    assert "YYYY-MM-DD" in gulag.describe_change(totals, "spring 1953", "1956-01-01")


def test_a_camp_series_takes_its_grade_from_its_rows():
    norillag = gulag.series_points("camp:norillag")
    assert set(norillag["grade_detail"]) == {"A via B"} and set(norillag["grade"]) == {"B"}


def test_series_points_excludes_gaps_and_alternatives():
    points = gulag.series_points("itl_itk")
    assert set(points["status"]) <= {"read", "derived"}
    assert points["date"].is_monotonic_increasing
    assert 1325053 not in set(points["value"])  # the misprint stays in the notes


def test_camp_series_and_unknown_series():
    norillag = gulag.series_points("camp:norillag")
    assert norillag.iloc[0]["value"] == 58651 and norillag.iloc[0]["date"] == pd.Timestamp("1950-01-01")
    with pytest.raises(ValueError, match="Unknown series 'gulag'. Choose one of: itl_itk, political"):
        gulag.series_points("gulag")
    with pytest.raises(ValueError, match="No camp called 'atlantis'"):
        gulag.series_points("camp:atlantis")



def test_explorer_follows_the_series_and_the_dates_chosen():
    explorer = explorer_controls(gulag.build_explorer())
    sentence = explorer["sentence"]
    assert sentence.value == ("<p>From 1 Jan 1953 to 1 Jan 1958 the number fell from 2,472,247 to 721,899: "
                              "−1,750,348 (−70.8%).</p>")
    explorer["Series"].value = "political"
    assert explorer["Compare"].value == (pd.Timestamp("1953-01-01"), pd.Timestamp("1959-04-01"))
    assert "to 11,027" in sentence.value
    explorer["Series"].value = "camp:vorkutlag"
    assert "15,338" in sentence.value  # Vorkutlag, 1 Jan 1960


def test_explorer_explains_a_range_of_one_date():
    explorer = explorer_controls(gulag.build_explorer())
    explorer["Compare"].index = (2, 2)
    assert explorer["sentence"].value == ("<p>The end date (1 Jan 1932) must be later than the start date "
                                          "(1 Jan 1932). Choose a later end or an earlier start.</p>")


@pytest.fixture(scope="module")
def chapter_figures():
    """The chapter's charts as the notebook draws them (their conventions are checked in test_figures.py)."""
    return {name: figure() for name, figure in gulag.FIGURES.items()}


def test_population_figure_plots_exactly_the_stated_figures(chapter_figures):
    fig = chapter_figures["population"]
    population = data.load("gulag_population")
    stated = data.stated(population[population["series"] == "itl_itk"])
    total_trace = next(t for t in fig.data if t.name.startswith("Camps and colonies"))
    assert figures_drawn(total_trace.y) == list(stated["value"])
    assert None in total_trace.y  # broken where no figure exists for years
    camps_only = next(t for t in fig.data if t.name.startswith("Camps only"))
    assert "grade" in camps_only.name and camps_only.line.dash == "dash"  # weak copies are flagged
    assert [b.label for b in fig.layout.updatemenus[0].buttons] == ["1930–1960", "Zoom on 1952–1960"]


def test_population_text_alternative_names_the_last_figure_before_each_key_date(chapter_figures):
    alt = chapter_figures["population"].layout.meta["alt"]
    assert "2,472,247 on 1 Jan 1953 (before Stalin dies and Amnesty); 781,630 on 1 Jan 1956 (before 20th Congress)" in alt
    assert "the last figure shown is 721,899 on 1 Jan 1958" in alt


def test_flows_mark_the_derived_part_of_the_1956_decree_releases(chapter_figures):
    fig = chapter_figures["flows"]
    assert list(fig.data[0].x) == ["1953", "1954", "1955", "Jan–Jul 1956"]
    decree = next(t for t in fig.data if t.name.startswith("Released by decree"))
    commissions = next(t for t in fig.data if "commissions" in t.name)
    assert decree.y[-1] + commissions.y[-1] == 92583  # the source's releases by decree, Jan-Jul 1956
    assert [bool(shape) for shape in decree.marker.pattern.shape] == [False, False, False, True]
    assert not commissions.marker.pattern.shape  # a category is told by its colour, never by hatching


def test_decline_buttons_show_each_count_then_the_index_with_its_change_in_the_title(chapter_figures):
    fig = chapter_figures["decline"]
    buttons = fig.layout.updatemenus[0].buttons
    assert [b.label for b in buttons] == ["All prisoners", "Political prisoners", "Both, first 1953 figure = 100"]
    shown = [[fig.data[i].name for i, v in zip(b.args[2], b.args[0]["visible"]) if v] for b in buttons]
    assert shown == [[gulag.SERIES_LABELS["itl_itk"]], [gulag.SERIES_LABELS["political"]],
                     [gulag.SERIES_LABELS[k] + ", early 1953 = 100" for k in ("itl_itk", "political")]]
    assert "Political prisoners: 467,946 (1 Jan 1953) → 11,027 (1 Apr 1959)" in buttons[1].args[1]["title.text"]
    assert [t.visible for t in fig.data] == [True, False, False, False]  # opens on all prisoners


def test_decline_compares_any_two_series_from_any_start():
    fig = gulag.decline_figure(first="camp:norillag", second="camp:vorkutlag", since="1950-01-01")
    assert [b.label for b in fig.layout.updatemenus[0].buttons] == ["Norillag", "Vorkutlag",
                                                                    "Both, first 1950 figure = 100"]
    assert fig.layout.title.text.endswith("Norillag: 58,651 (1 Jan 1950) → 13,629 (1 Jan 1956), −76.8%</span>")
    assert fig.layout.annotations[-1].text.startswith("Source: camp_population.csv: Urbica/Memorial GULAG map")
    with pytest.raises(ValueError, match="No figure for camp:norillag from 1 Jan 1957: choose an earlier 'since'"):
        gulag.decline_figure(first="camp:norillag", since="1957-01-01")


def test_map_slider_has_a_step_per_year_and_resizes_every_camp(chapter_figures):
    fig = chapter_figures["map"]
    years = sorted(data.load("camp_population")["year"].unique())
    steps = fig.layout.sliders[0].steps
    assert [int(s.label) for s in steps] == list(range(years[0], years[-1] + 1))  # gap years too
    assert steps[fig.layout.sliders[0].active].label == "1953"  # opens on the year Stalin died
    camps = next(t for t in fig.data if t.name.startswith("Camp"))
    for step in steps:
        assert len(step.args[0]["marker.size"][0]) == len(camps.x)
        assert list(step.args[1]) == [list(fig.data).index(camps)]
    with pytest.raises(ValueError, match="The camp figures run from 1950 to 1960"):
        gulag.camps_map_figure(year=1940)


def test_map_text_alternative_says_when_each_camps_figures_stop(chapter_figures):
    alt = chapter_figures["map"].layout.meta["alt"]
    assert "Camps with no figures after 1954: Berlag, Gorlag, Rechlag; after 1955: Peschanlag, Steplag;" in alt
    assert "No camp has a figure for 1958." in alt
    assert "Kengir uprising, 16 May – 26 Jun 1954" in alt


def test_map_needs_no_network(chapter_figures):
    fig = chapter_figures["map"]
    assert {t.type for t in fig.data} == {"scatter"}  # no geo traces: they fetch base maps from a CDN


def test_commission_shares_add_up_to_the_stated_outcomes(chapter_figures):
    bar = chapter_figures["commission"].data[0]
    assert sum(bar.x) == 233687  # the source leaves 3,725 of 237,412 unaccounted


# --- Data behind the chapter's prose -------------------------------------------------------

def test_vorkuta_keeps_both_official_counts_with_their_documents():
    uprisings = data.load("uprisings").set_index("id")
    vorkuta = uprisings.loc["vorkuta-1953"]
    assert vorkuta["deaths_official"] == 42
    note = vorkuta["deaths_note"]
    assert "135 wounded" in note and "53 killed" in note and "operational-chekist department" in note
    assert "no source read says what the difference counts" in note  # an inference is not stated as fact
    assert "57" in note and "66" in note and "have no source" in note
    timeline = data.load("events").set_index("id").loc["e09", "description"]
    assert "42 prisoners killed" in timeline and "53 killed" in timeline and "53–66" not in timeline


def test_kengir_count_is_the_one_read():
    kengir = data.load("uprisings").set_index("id").loc["kengir-1954"]
    assert kengir["deaths_official"] == 46 and kengir["grade"] == "C"
    assert "could not be found again" in kengir["deaths_note"]  # the earlier 37 is named as dropped
    assert "46 prisoners killed" in data.load("events").set_index("id").loc["e17", "description"]


def test_the_gulag_ends_on_the_date_of_its_own_order():
    e54 = data.load("events").set_index("id").loc["e54"]
    assert e54["start"] == pd.Timestamp("1960-01-25") and e54["key"]
    assert "No. 020" in e54["title"] and "13 Jan 1960" in e54["description"]


def test_the_1954_commissions_are_named_as_the_source_names_them():
    reviews = data.load("reviews")
    bodies = set(reviews.loc[reviews["id"].str.startswith("commissions-1954"), "body"])
    assert bodies == {"Procuracy-MVD-KGB commissions"}


# --- In Indonesian ----------------------------------------------------------------------------

@pytest.fixture
def indonesian():
    from thaw import i18n

    i18n.set_language("id")
    yield
    i18n.set_language("en")


def _values(array) -> list:
    """A trace's x or y as a list, gaps (None or NaN) as None."""
    return [None if v is None or (isinstance(v, float) and v != v) else v for v in ([] if array is None else array)]


def test_in_indonesian_the_chapter_writes_its_words_and_keeps_its_numbers(chapter_figures, totals, indonesian):
    figures = {name: figure() for name, figure in gulag.FIGURES.items()}
    for name, fig in figures.items():
        assert len(fig.data) == len(chapter_figures[name].data)
        for english, indonesian_trace in zip(chapter_figures[name].data, fig.data):
            assert _values(indonesian_trace.y) == [gulag._(y) if isinstance(y, str) else y
                                                   for y in _values(english.y)], name
            if name != "flows":  # the flows' x are periods, "Jan–Jul 1956" / "Januari–Juli 1956"
                assert _values(indonesian_trace.x) == _values(english.x), name
    assert gulag.describe_change(totals, "1953-01-01", "1956-01-01") == (
        "Dari 1 Januari 1953 hingga 1 Januari 1956 jumlahnya turun dari 2.472.247 menjadi 781.630: "
        "−1.690.617 (−68,4%).")
    assert figures["population"].layout.title.text == "Narapidana di kamp dan koloni Gulag, 1930–1960"
    table = figures["map"].layout.meta["table"]
    assert table["columns"] == ["kamp", "tempat", "tahun", "narapidana pada 1 Januari"]
    assert table["rows"][0][2] == "1950"  # a year, not a count ("1.950")
    explorer = explorer_controls(gulag.build_explorer())
    assert set(explorer) == {"Seri", "Bandingkan", "sentence"}
    assert explorer["Seri"].options[0] == ("Semua narapidana di kamp dan koloni", "itl_itk")
