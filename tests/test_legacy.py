"""Chapter 9: the period explorer's logic, its widget, and the chapter's figures (the periods: test_periods.py)."""

import pandas as pd
import pytest

from test_periods import in_view, shown
from thaw import data
from thaw.chapters import ch09_end_and_legacy as legacy
from thaw.chapters import periods


# --- The explorer's pure function -------------------------------------------------------------

def test_compare_periods_states_totals_years_and_derived_rates():
    text = legacy.compare_periods("rehabilitations", "1954–1961", "1988–1989")
    assert text == ("1954–1961: 737,182 rehabilitated in 8 years, 92,148 a year. "
                    "1988–1989: 844,740 rehabilitated in 2 years, 422,370 a year. "
                    "The yearly rate was 4.6 times higher in 1988–1989 than in 1954–1961 "
                    "(rates per year are derived: period total ÷ calendar years in the period).")


def test_compare_periods_accepts_hyphens_and_single_years_and_flags_about():
    text = legacy.compare_periods("rehabilitations", "1991-2004", "1954-1961")
    assert text.startswith("1991–2004: about 630,000 rehabilitated in 14 years, about 45,000 a year.")
    text = legacy.compare_periods("convictions", "1957", "1961–1965")
    assert "1957: 1,964 convicted in 1 year" in text and "9.2 times higher in 1957" in text


def test_a_gap_is_named_as_a_gap_not_a_zero():
    text = legacy.compare_periods("rehabilitations", "1984–1987", "1954–1961")
    assert text.startswith("The sources give no figure for 1984–1987: a gap")
    assert "not a zero" in text and "1988–1989" in text
    assert "no figure for 1959" in legacy.compare_periods("convictions", "1959", "1957")


def test_impossible_and_unreadable_choices_are_explained():
    assert legacy.compare_periods("rehabilitations", "1954–1961", "1954-1961") == (
        "Choose two different periods (you chose 1954–1961 twice).")
    assert legacy.compare_periods("rehabilitations", "1955–1960", "1954–1961").startswith(
        "The sources give no period 1955–1960 for this series. Periods: 1954–1961, 1962–1983")
    assert "YYYY–YYYY" in legacy.compare_periods("rehabilitations", "the sixties", "1954–1961")
    assert "YYYY–YYYY" in legacy.compare_periods("rehabilitations", None, "1954–1961")
    assert legacy.compare_periods("prisoners", "1954–1961", "1988–1989").startswith("Unknown series 'prisoners'")


# --- The widget -------------------------------------------------------------------------------

def _control(explorer, description):
    return next(w for w in explorer.children if getattr(w, "description", None) == description)


def _sentence(explorer) -> str:
    return next(w.value for w in explorer.children if getattr(w, "value", None) and str(w.value).startswith("<p>"))


def test_explorer_widget_updates_text_when_used():
    explorer = legacy.build_explorer()
    series, first, second = (_control(explorer, d) for d in ("Series", "Period 1", "Period 2"))
    assert (first.value, second.value) == ("1954–1961", "1991–2004")
    assert _sentence(explorer).startswith("<p>1954–1961: 737,182 rehabilitated in 8 years")
    second.value = "1990"
    assert "no figure for 1990" in _sentence(explorer)
    second.value = "1954–1961"
    assert "Choose two different periods (you chose 1954–1961 twice)." in _sentence(explorer)
    series.value = "convictions"
    assert "1953–1955" not in first.options  # no invented periods
    assert (first.value, second.value) == ("1956–1960", "1986–1987")
    assert "66.8 times higher in 1956–1960" in _sentence(explorer)


# --- The figures ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def chapter_figures():
    return {name: function() for name, function in legacy.FIGURES.items()}


def test_convictions_bars_add_up_to_the_periods_and_split_1957_1958(chapter_figures):
    fig = chapter_figures["convictions"]
    spans = data.stated(periods.convictions().query("kind == 'period'"))
    bars = [t for t in fig.data if t.type == "bar"]
    stacked = {}
    for bar in bars:
        for x, y in zip(bar.x, bar.y):
            stacked[x] = stacked.get(x, 0) + y
    assert [stacked[x] for x in sorted(stacked)] == [int(v) for v in spans["value"]]
    peak = next(b for b in bars if "1957 and 1958" in b.name)
    assert list(peak.y) == [1964 + 1416]
    art70 = next(b for b in bars if "Art. 70" in b.name)
    widths_in_years = [round(w / legacy.YEAR_MS) for _, w in sorted(zip(art70.x, art70.width))]
    assert widths_in_years == list(spans["years"])  # unequal periods stay visible
    assert "1957 and 1958 alone: 3,380, 41.5% of all 32 years" in fig.layout.title.text


def test_the_average_view_shows_derived_rates_and_the_two_single_years(chapter_figures):
    for name in ("convictions", "rehabilitations"):
        fig = chapter_figures[name]
        assert [b.label for b in fig.layout.updatemenus[0].buttons] == ["Total per period", "Average per year"]
        yearly = in_view(fig, "Average per year")
        assert "derived" in yearly.layout.title.text and "derived" in yearly.layout.yaxis.title.text
        assert list(in_view(fig, "Total per period").data[0].y) == list(fig.data[0].y)  # it opens on the totals
    rehab = chapter_figures["rehabilitations"]
    table = data.stated(periods.rehabilitations())
    assert list(shown(rehab)[0].y) == [int(v) for v in table["value"]]
    assert list(shown(in_view(rehab, "Average per year"))[0].y) == [float(v) for v in table["per_year"]]
    convictions = chapter_figures["convictions"]
    assert not shown(convictions, "single years")
    diamonds = shown(in_view(convictions, "Average per year"), "single years")[0]
    assert list(diamonds.text) == ["1957: 1,964", "1958: 1,416"]


def test_grade_and_gap_flags_are_visible(chapter_figures):
    fig = chapter_figures["rehabilitations"]
    assert list(fig.data[0].marker.pattern.shape) == ["", "", "", "."]  # "about 630,000" is dotted
    assert fig.data[0].text[-1] == "about 630,000"
    gaps = [s for s in fig.layout.shapes if s.type == "rect"]
    assert {(s.x0[:4], s.x1[:4]) for s in gaps} == {("1984", "1988"), ("1990", "1991")}
    art70 = next(t for t in chapter_figures["convictions"].data if t.name == "Art. 70 / 58-10")
    marks = dict(zip(art70.y, art70.marker.pattern.shape))
    assert marks[1296] == "/" and set(marks.values()) == {"", "/"}  # only the remainder is derived (by subtraction)


def test_period_rates_slider_has_one_step_per_pair_with_its_sentence(chapter_figures):
    from thaw.charts import PALETTE
    fig = chapter_figures["compare"]
    steps = fig.layout.sliders[0].steps
    labels = list(fig.data[0].x)
    assert labels == ["1954–1961", "1962–1983", "1988–1989", "1991–2004"]
    assert len(steps) == len(labels) * (len(labels) - 1) // 2
    for step in steps:
        first, second = step.label.split(" / ")
        colours = step.args[0]["marker.color"][0]
        highlighted = {label for label, colour in zip(labels, colours) if colour == PALETTE["vermillion"]}
        assert highlighted == {first, second}
        sentence = legacy._short(legacy.compare_periods("rehabilitations", first, second))
        assert step.args[1]["title.text"].replace("<br>", " ").endswith(sentence + "</span>")
    known = data.stated(periods.rehabilitations())
    assert list(fig.data[0].y) == [float(v) for v in known["per_year"]]
    convictions = legacy.period_rates_figure(series="convictions")
    assert list(convictions.data[0].x)[0] == "1956–1960" and "1957" not in convictions.data[0].x


def test_event_markers_use_the_course_timeline_dates(chapter_figures):
    events = data.load("events").set_index("id")
    fig = chapter_figures["rehabilitations"]
    lines = {s.x0 for s in fig.layout.shapes if s.type == "line"}
    for event_id in ("e71", "epi2", "epi3"):
        assert events.loc[event_id, "start"].date().isoformat() in lines
    assert events.loc["epi3", "start"] == pd.Timestamp("1991-10-18")


# --- In Indonesian ------------------------------------------------------------------------------------

def test_the_figures_and_the_comparison_speak_indonesian_with_the_same_numbers():
    from thaw import i18n

    english = {name: function() for name, function in legacy.FIGURES.items()}
    i18n.set_language("id")
    try:
        indonesian = {name: function() for name, function in legacy.FIGURES.items()}
        text = legacy.compare_periods("rehabilitations", "1954–1961", "1988–1989")
        sentence = legacy._short(text)  # the slider's titles leave the note on derived rates out
    finally:
        i18n.set_language("en")
    for name in english:
        for ours, theirs in zip(indonesian[name].data, english[name].data):
            assert list(ours.y) == list(theirs.y), name
    assert [b.label for b in indonesian["convictions"].layout.updatemenus[0].buttons] == [
        "Total per periode", "Rata-rata per tahun"]
    assert "1957 dan 1958 saja: 3.380, 41,5% dari seluruh vonis dalam 32 tahun" in (
        indonesian["convictions"].layout.title.text)
    assert text == ("1954–1961: 737.182 orang direhabilitasi dalam 8 tahun, 92.148 per tahun. "
                    "1988–1989: 844.740 orang direhabilitasi dalam 2 tahun, 422.370 per tahun. "
                    "Laju tahunan pada 1988–1989 adalah 4,6 kali lebih tinggi daripada pada 1954–1961 "
                    "(laju per tahun adalah turunan: total periode ÷ jumlah tahun kalender dalam periode itu).")
    assert sentence.endswith("daripada pada 1954–1961.") and "(laju" not in sentence
