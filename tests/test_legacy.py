"""Chapter 9: the period explorer's logic, its widget, and the chapter's figures."""

import pandas as pd
import pytest

from conftest import assert_course_figure
from thaw import data
from thaw.chapters import ch09_end_and_legacy as legacy


# --- The two series ---------------------------------------------------------------------------

def test_rehabilitation_periods_are_the_kgb_counts_with_their_gaps():
    table = legacy.periods("rehabilitations").set_index("label")
    assert list(table.index) == ["1954–1961", "1962–1983", "1984–1987", "1988–1989", "1990", "1991–2004"]
    assert list(table["years"]) == [8, 22, 4, 2, 1, 14]
    assert table.loc["1954–1961", "value"] == 737182 and table.loc["1954–1961", "refused"] == 208448
    assert table.loc["1988–1989", "value"] == 844740 and table.loc["1988–1989", "reviewed"] == 856582
    assert table.loc["1991–2004", "approximate"] and table.loc["1991–2004", "value"] == 630000
    assert table.loc[["1984–1987", "1990"], "value"].isna().all()
    assert set(table.loc[["1984–1987", "1990"], "status"]) == {"gap"}


def test_per_year_average_is_total_over_calendar_years():
    table = legacy.periods("rehabilitations").dropna(subset=["value"])
    for row in table.itertuples():
        assert row.per_year == pytest.approx(row.value / (row.last_year - row.first_year + 1), abs=0.051)


def test_conviction_periods_match_kozlov_table_and_its_averages():
    table = legacy.periods("convictions").set_index("label")
    periods = table[table["kind"] == "period"]
    # Kozlov prints the average per year for each period (both articles): the derived values must match,
    # including 135.8 for 1966–1970, which shows that the printed "697" there should read 679.
    printed_averages = {"1956–1960": 935.2, "1961–1965": 214.4, "1966–1970": 135.8, "1971–1975": 160.6,
                        "1976–1980": 69.4, "1981–1985": 108.0, "1986–1987": 14.0}
    assert dict(periods["per_year"].astype(float)) == printed_averages
    assert table.loc["1966–1970", "value"] == 295 + 384
    assert table.loc["1966–1970", "status"] == "derived"  # two articles added up
    assert table.loc["1957", "value"] == 1964 and table.loc["1958", "value"] == 1416
    assert table.loc["1959", "status"] == "gap"
    assert legacy._remainder() == 4676 - 1964 - 1416 == 1296


def test_unknown_series_is_named():
    with pytest.raises(ValueError, match="Unknown series 'camps'. Choose one of: 'rehabilitations'"):
        legacy.periods("camps")


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

def test_explorer_widget_updates_text_when_used():
    explorer = legacy.build_explorer()
    series, first, second, summary, chart = explorer.children
    assert (first.value, second.value) == ("1954–1961", "1991–2004")
    assert summary.value.startswith("<p>1954–1961: 737,182 rehabilitated in 8 years")
    second.value = "1990"
    assert "no figure for 1990" in summary.value
    second.value = "1954–1961"
    assert "Choose two different periods" in summary.value
    series.value = "convictions"
    assert "1953–1955" not in first.options  # no invented periods
    assert (first.value, second.value) == ("1956–1960", "1986–1987")
    assert "66.8 times higher in 1956–1960" in summary.value


# --- The figures ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def chapter_figures():
    return {"convictions_figure": legacy.convictions_figure(),
            "rehabilitations_figure": legacy.rehabilitations_figure(),
            "compare_figure": legacy.compare_figure("rehabilitations"),
            "compare_convictions": legacy.compare_figure("convictions"),
            "explorer_figure": legacy.explorer_figure("rehabilitations", "1954–1961", "1990")}


def test_every_figure_has_title_source_line_and_text_alternative(chapter_figures):
    for name, fig in chapter_figures.items():
        assert_course_figure(fig, name)


def test_convictions_bars_add_up_to_the_periods_and_split_1957_1958(chapter_figures):
    fig = chapter_figures["convictions_figure"]
    periods = legacy.periods("convictions")
    periods = periods[(periods["kind"] == "period") & (periods["status"] != "gap")]
    bars = [t for t in fig.data if t.type == "bar"]
    stacked = [sum(values) for values in zip(*(b.y for b in bars))]
    assert stacked == [int(v) for v in periods["value"]]
    peak = next(b for b in bars if "1957 and 1958" in b.name)
    assert peak.y[0] == 1964 + 1416 and not any(peak.y[1:])
    widths_in_years = [round(w / legacy.YEAR_MS) for w in bars[0].width]
    assert widths_in_years == list(periods["years"])  # unequal periods stay visible


def test_views_swap_every_trace_and_mark_derived_rates(chapter_figures):
    for name in ("convictions_figure", "rehabilitations_figure"):
        fig = chapter_figures[name]
        buttons = fig.layout.updatemenus[0].buttons
        assert [b.label for b in buttons] == ["Total per period", "Average per year"]
        totals, rates = (b.args[0]["y"] for b in buttons)
        assert len(totals) == len(rates) == len(buttons[0].args[0]["y"])
        assert "derived" in buttons[1].args[1]["title.text"] and "derived" in buttons[1].args[1]["yaxis.title.text"]
        assert list(fig.data[0].y) == list(totals[0])  # the chart opens on the totals view
    rehab = chapter_figures["rehabilitations_figure"].layout.updatemenus[0].buttons
    table = legacy.periods("rehabilitations").dropna(subset=["value"])
    assert list(rehab[0].args[0]["y"][0]) == [int(v) for v in table["value"]]
    assert list(rehab[1].args[0]["y"][0]) == [float(v) for v in table["per_year"]]


def test_grade_and_gap_flags_are_visible(chapter_figures):
    fig = chapter_figures["rehabilitations_figure"]
    assert list(fig.data[0].marker.pattern.shape) == ["", "", "", "/"]  # "about 630,000" is hatched
    assert fig.data[0].text[-1] == "about 630,000"
    gaps = [s for s in fig.layout.shapes if s.type == "rect"]
    assert {(s.x0[:4], s.x1[:4]) for s in gaps} == {("1984", "1988"), ("1990", "1991")}


def test_compare_slider_has_one_step_per_pair_with_its_sentence(chapter_figures):
    from thaw.charts import PALETTE
    fig = chapter_figures["compare_figure"]
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
    known = legacy.periods("rehabilitations").dropna(subset=["value"])
    assert list(fig.data[0].y) == [float(v) for v in known["per_year"]]


def test_event_markers_use_the_course_timeline_dates(chapter_figures):
    events = data.load("events").set_index("id")
    fig = chapter_figures["rehabilitations_figure"]
    lines = {s.x0 for s in fig.layout.shapes if s.type == "line"}
    for event_id in ("e71", "epi2", "epi3"):
        assert events.loc[event_id, "start"].date().isoformat() in lines
    assert events.loc["epi3", "start"] == pd.Timestamp("1991-10-18")
