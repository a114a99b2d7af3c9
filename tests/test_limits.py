"""Chapter 8: the crackdown explorer's logic, its widget, and the chapter's figures."""

import pandas as pd
import pytest

from conftest import figures_drawn
from test_periods import in_view, shown
from thaw import data
from thaw.charts import evidence_symbol
from thaw.chapters import ch08_limits_of_the_thaw as limits


# --- The explorer's pure functions ------------------------------------------------------------

def test_counts_sentence_gives_every_figure_and_the_course_choice():
    text = limits.counts_sentence("gdr-1953", "killed")
    assert text.startswith("killed: 55 (bpb.de, grade B), the only figure that stands.")
    # The GDR's 25, the West's "up to 507" and a press "about 50": errors the 2004 study corrects, not rivals.
    assert "Shown wrong by better evidence, so not rivals: up to 507 (Clio-online); 25 (Clio-online)" in text


def test_a_one_source_range_is_called_a_range():
    text = limits.counts_sentence("tbilisi-1956", "killed")
    assert "one source gives a range, 22 to 800" in text


def test_rival_figures_are_shown_side_by_side():
    text = limits.counts_sentence("novocherkassk-1962", "killed")
    assert "shows side by side 26" in text and "24 (Information of the Procurator-General" in text


def test_a_missing_figure_is_a_gap_not_a_zero():
    assert limits.counts_sentence("poznan-1956", "refugees").endswith("This is a gap, not a zero.")
    text = limits.compare_crackdowns("hungary-1956", "poznan-1956", "refugees")
    assert "193,885" in text and "gap, not a zero" in text


def test_a_misprint_is_an_example_of_an_error_not_a_rival():
    table = data.load("crackdown_figures").set_index("id")
    assert table.loc["hungary-refugees-misprint", "status"] == "error"
    assert "174,704" in table.loc["hungary-refugees-misprint", "note"]
    assert "174,704 arrived in Austria" in table.loc["hungary-refugees-ksh", "note"]
    assert 274704 not in list(limits.source_counts("hungary-1956", "refugees")["value"])
    stated, wrong = limits.counts_sentence("hungary-1956", "refugees").split("Shown wrong by better evidence")
    assert "274,704" not in stated and "274,704" in wrong  # the misprint is an example of an error, not a rival


def test_bad_input_is_explained_not_raised():
    assert limits.compare_crackdowns("prague-1968", "gdr-1953").startswith("No crackdown called 'prague-1968'. Choose one of")
    assert limits.compare_crackdowns("gdr-1953", "hungary-1956", "injured").startswith("Unknown measure 'injured'")
    with pytest.raises(ValueError, match="Unknown measure"):
        limits.casualties_figure(measures=["injured"])
    assert limits.compare_crackdowns("gdr-1953", "gdr-1953") == "Choose two different crackdowns to compare."
    assert limits.compare_crackdowns("gdr-1953", "", "killed").startswith("No crackdown called ''")


def test_compare_states_dates_and_forces():
    text = limits.compare_crackdowns("hungary-1956", "poznan-1956")
    assert "23 Oct – 10 Nov 1956; put down by Soviet army" in text
    assert "put down by Polish army" in text and "the course uses 58" in text


def test_period_note_normal_impossible_empty_and_bad():
    assert limits.period_note(1953, 1956) == ("4 crackdowns between 1953 and 1956: East Germany, Jun 1953; "
                                              "Tbilisi, Mar 1956; Poznań, Jun 1956; Hungary, Oct 1956.")
    assert limits.period_note(1962, 1962).startswith("1 crackdown between 1962 and 1962: Novocherkassk")
    assert limits.period_note(1960, 1956) == ("The end year (1956) must not be earlier than the start year (1960). "
                                              "Choose a later end or an earlier start.")
    assert limits.period_note(1957, 1961) == "No crackdown in this chapter began between 1957 and 1961."
    assert limits.period_note(1940, 1945).startswith("This chapter covers 1953–1964")
    assert "whole numbers" in limits.period_note("spring", 1956)


def test_crackdown_dates_match_the_course_timeline():
    events = data.load("events").set_index("id")
    for row in limits.crackdowns().itertuples():
        event = events.loc[row.event_id]  # Novocherkassk: the timeline's event starts with the price rises
        assert event["start"] <= row.start <= row.end == event["end"], row.crackdown_id
    assert limits.crackdowns()["place"].notna().all()


# --- The widget --------------------------------------------------------------------------------

def test_explorer_widget_answers_when_used():
    explorer = limits.build_explorer()
    control = {w.description: w for w in explorer.children if getattr(w, "description", "")}
    years, first, second, measure = (control[d] for d in ("Years", "Compare", "with", "Measure"))
    period, summary = (w for w in explorer.children if str(getattr(w, "value", "")).startswith("<p>"))
    assert first.value == "gdr-1953" and second.value == "tbilisi-1956"
    assert summary.value.startswith("<p>East German uprising (16–17 Jun 1953")
    measure.value = "executed"
    assert "7 (bpb.de, grade B), the only figure that stands" in summary.value
    years.value = (1957, 1961)
    assert "No crackdown" in period.value and "No crackdown called ''" in summary.value
    years.value = (1956, 1962)
    first.value, second.value = "hungary-1956", "novocherkassk-1962"
    assert "229" in summary.value and "Novocherkassk" in summary.value


# --- The figures ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def chapter_figures():
    return {name: function() for name, function in limits.FIGURES.items()}


def test_the_chapter_figures_keep_the_page_small(chapter_figures):
    assert sum(len(fig.to_json()) for fig in chapter_figures.values()) < 70_000


def test_map_is_cropped_to_europe_and_shows_every_crackdown(chapter_figures):
    fig = chapter_figures["map"]
    (x0, x1), (y0, y1) = fig.layout.xaxis.range, fig.layout.yaxis.range
    shown_ = [t for t in fig.data if t.name and t.name.startswith("Put down by")]
    points = [(x, y) for t in shown_ for x, y in zip(t.x, t.y)]
    assert len(points) == len(limits.crackdowns())
    assert all(x0 < x < x1 and y0 < y < y1 for x, y in points)
    base = [v for v in fig.data[0].x if v is not None]
    assert min(base) > x0 - 0.1 and max(base) < x1 + 0.1  # the base map was cut to the window
    poznan = next(t for t in shown_ if "own forces" in t.name)
    assert list(poznan.text) == ["Poznań, Jun 1956"]  # put down by Polish, not Soviet, forces
    assert "Tbilisi, with no reliable count, is an open circle." in fig.layout.meta["alt"]


def test_casualty_buttons_switch_measures_and_plot_every_figure(chapter_figures):
    fig = chapter_figures["casualties"]
    labels = [limits.MEASURE_LABELS[m] for m in limits.COMPARED_MEASURES]
    assert [b.label for b in fig.layout.updatemenus[0].buttons] == labels
    table = data.load("crackdown_figures")
    table = table[table["status"] != "error"]
    for label, measure in zip(labels, limits.COMPARED_MEASURES):
        view = in_view(fig, label)
        plotted = sorted(int(x) for t in shown(view) if t.mode == "markers" for x in t.x if x is not None)
        assert plotted == sorted(table.loc[table["measure"] == measure, "value"].astype(int)), measure
        assert view.layout.title.text.startswith(f"{label}: every source's figure")
    weak = [t for t in fig.data if "grade D" in (t.name or "")]
    symbols = {s for t in weak for s in ([t.marker.symbol] if isinstance(t.marker.symbol, str) else t.marker.symbol)}
    assert weak and symbols == {evidence_symbol("circle", "D")}  # grade D is drawn open
    refugees = limits.casualties_figure(measures=["refugees", "troops"])
    assert [b.label for b in refugees.layout.updatemenus[0].buttons] == ["Refugees", "Troops deployed"]


def test_conviction_bars_add_up_to_kozlovs_totals(chapter_figures):
    fig = chapter_figures["convictions"]
    bars = {x: (y, text) for t in fig.data for x, y, text in zip(t.x, t.y, t.customdata)}
    per_year = {text.split(":")[0]: y for y, text in bars.values()}
    assert per_year["1957"] == 1964 and per_year["1958"] == 1416
    assert per_year["1956"] == per_year["1959"] == per_year["1960"] == 432.0  # 1,296 shared out: derived
    assert sum(per_year[str(y)] for y in range(1956, 1961)) == 4676  # the five-year total of Table 1
    assert per_year["1961–1965"] == 214.4
    derived = next(t for t in fig.data if "derived" in t.name)
    assert set(derived.marker.pattern.shape) == {"/"}
    assert [b.label for b in fig.layout.updatemenus[0].buttons] == ["1956–1987", "Zoom on the Khrushchev years"]


def test_church_chart_flags_the_suspect_figure(chapter_figures):
    fig = chapter_figures["churches"]
    suspect = next(t for t in fig.data if t.name.startswith("Suspect"))
    assert 22000 in list(suspect.y) and suspect.marker.symbol == "x"
    counts = next(t for t in fig.data if t.name.startswith("Counts"))
    assert figures_drawn(counts.y) == [13508, 13008, 7873]
    weak = next(t for t in fig.data if "grade D" in t.name)
    assert weak.line.dash == "dash" and weak.marker.symbol == evidence_symbol("circle", "D")
    assert pd.Timestamp("1958-10-04") in [pd.Timestamp(s.x0) for s in fig.layout.shapes if s.type == "rect"]


def test_conviction_gaps_are_stated_not_filled():
    table = data.load("agitation_convictions")
    gaps = table[table["status"] == "gap"]
    assert sorted(gaps["period_start"].dt.year) == [1953, 1954, 1955, 1956, 1959, 1960, 1961, 1962, 1963, 1964]
    assert gaps["value"].isna().all()
    assert "gap" in limits.counts_sentence("hungary-1956", "arrested")


def test_measures_figure_draws_each_measure_inside_the_ussr_once(chapter_figures):
    fig = chapter_figures["measures"]
    table = data.load("repression_measures")
    inside = table[table["kind"] != "pressure_abroad"]
    kinds = [t for t in fig.data if t.mode == "markers" and t.x and t.x[0] is not None]
    drawn = sorted(label.replace("<br>", " ") for t in kinds for label in t.y)
    assert drawn == sorted(inside["measure"])
    assert "pressure_abroad" not in limits.MEASURE_KINDS  # Poland, Oct 1956: in the table, not in the chart
    open_markers = sum(symbol.endswith("-open") for t in kinds for symbol in t.marker.symbol)
    assert open_markers == int((inside["grade"] == "D").sum())
    bars = next(t for t in fig.data if t.mode == "lines")
    assert len([x for x in bars.x if x is None]) == int((inside["precision"] != "day").sum())
    band = next(s for s in fig.layout.shapes if s.type == "rect")
    assert (pd.Timestamp(band.x0).year, pd.Timestamp(band.x1).year) == (1957, 1958)  # the peak of the convictions chart


def test_measures_keep_the_precision_of_their_sources():
    table = limits.measures().set_index("id")
    assert table.loc["cc-letter-1956", "when"] == "19 Dec 1956" and table.loc["cc-letter-1956", "grade"] == "D"
    assert table.loc["rokotov-1961", "when"] == "Jul 1961"  # the day is unresolved (21 or 16 July)
    assert "21 July" in table.loc["rokotov-1961", "note"] and "16 July" in table.loc["rokotov-1961", "note"]
    assert table.loc["baptist-council-1964", "when"] == "1964"
    assert "followed" in table.loc["cc-letter-1956", "note"] and "caused" in table.loc["cc-letter-1956", "note"]


def test_the_timeline_and_the_chapter_date_the_anti_religious_campaign_alike():
    events = data.load("events").set_index("id")
    measures = data.load("repression_measures").set_index("id")
    assert events.loc["e51", "start"] == measures.loc["atheist-resolution-1958", "date"] == pd.Timestamp("1958-10-04")
    assert events.loc["e51", "precision"] == "day" and events.loc["e51", "grade"] == "B"


def test_novocherkassk_counts_are_attributed_not_stated_as_fact():
    event = data.load("events").set_index("id").loc["e63", "description"]
    assert "officially 26" not in event and "~240" not in event
    assert "24" in event and "26" in event and "about 240 arrested according to EN Wikipedia" in event
    figures = data.load("crackdown_figures").set_index("id")
    assert "attribution and date need checking" in figures.loc["novocherkassk-killed-trubin", "note"]
    assert figures.loc["novocherkassk-arrested-240", "grade"] == "C"
    assert figures.loc["novocherkassk-executed", "grade"] == "C"


# --- The Indonesian edition ---------------------------------------------------------------------

@pytest.fixture
def indonesian():
    from thaw import i18n

    i18n.set_language("id")
    yield
    i18n.set_language("en")


def _drawn_numbers(fig):
    """Every number and date a figure draws (its categories are words, and follow the language)."""
    return [[v for v in (trace[attr] if trace[attr] is not None else []) if not isinstance(v, str)]
            for trace in fig.data for attr in ("x", "y")]


def test_the_indonesian_edition_changes_the_words_not_the_numbers(chapter_figures, indonesian):
    for name, function in limits.FIGURES.items():
        assert _drawn_numbers(function()) == _drawn_numbers(chapter_figures[name]), name
    casualties = limits.casualties_figure()
    assert [b.label for b in casualties.layout.updatemenus[0].buttons] == [
        "Tewas", "Luka-luka", "Dieksekusi sesudahnya", "Ditangkap atau ditahan"]
    assert casualties.layout.xaxis.title.text == "orang (skala logaritmik)"
    text = limits.counts_sentence("gdr-1953", "killed")
    assert text.startswith("tewas: 55 (bpb.de, tingkat B), satu-satunya angka yang bertahan.")
    assert "hingga 507" in text
    assert limits.counts_sentence("poznan-1956", "refugees").endswith("Ini adalah celah, bukan nol.")
    assert "193.885" in limits.compare_crackdowns("hungary-1956", "poznan-1956", "refugees")
    assert limits.period_note(1957, 1961) == "Tidak ada penumpasan dalam bab ini yang dimulai antara 1957 dan 1961."
    explorer = limits.build_explorer()
    described = [w.description for w in explorer.children if getattr(w, "description", "")]
    assert described == ["Tahun", "Bandingkan", "dengan", "Ukuran"]
    measure = next(w for w in explorer.children if getattr(w, "description", "") == "Ukuran")
    assert measure.value == "killed" and measure.options[0] == ("Tewas", "killed")  # values stay language-neutral


def test_every_word_of_the_chapter_code_is_translated():
    from babel.messages.pofile import read_po
    from thaw.i18n import LOCALE_DIR

    with (LOCALE_DIR / "id" / "LC_MESSAGES" / "chapters.ch08_limits_of_the_thaw.po").open("rb") as handle:
        messages = [m for m in read_po(handle) if m.id]
    assert messages and all(m.string and not m.fuzzy for m in messages)
