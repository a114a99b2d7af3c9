"""Chapter 5: the claim checker's logic, its widget, and the chapter's figures."""

import pytest

from conftest import assert_course_figure, figures_drawn
from thaw import data, pows


def test_tens_of_thousands_is_too_high_for_the_thaw_releases():
    text = pows.judge_claim("tens of thousands", "both", "thaw")
    assert text.startswith("'tens of thousands' means about 20,000–99,999. Germans and Japanese released in the "
                           "Thaw (1953–1956): 9,924 to 11,500")
    assert "The claim is too high" in text
    assert "more than 10,000' German citizens repatriated in 1953 (grade D" in text  # shown, not counted


def test_the_same_claim_is_too_low_for_the_repatriations_before_the_thaw():
    text = pows.judge_claim("tens of thousands", "germans", "before")
    assert "935,089 to 1,939,063" in text and "too low" in text
    assert "Grade D (a popular copy, to be checked): 1,939,063." in text
    assert "no year-by-year series was found" in text


def test_consistent_claims_and_plain_numbers():
    assert "consistent with the sources" in pows.judge_claim("about ten thousand", "both", "thaw")
    assert pows.parse_claim("12,000") == (9600, 14400)
    assert pows.parse_claim("about 12 000") == (9600, 14400)
    assert pows.parse_claim("Tens-of-thousands") == (20000, 99999)


def test_japanese_repatriations_are_not_double_counted():
    # 21,794 sent in 1946 overlap the 418,166 counted from 1 Dec 1946.
    found = pows.data_range("japanese", "before")
    assert found["low"] == found["high"] == 418166


def test_bad_input_gets_clear_text():
    assert pows.judge_claim("banana").startswith("The claim 'banana' is not understood. Write a number such as 12,000")
    assert pows.judge_claim("0").startswith("The claim '0' is not understood")
    assert pows.judge_claim("", "both", "thaw").startswith("The claim '' is not understood")
    assert pows.judge_claim("thousands", "martians") == "Unknown group 'martians'. Choose one of: germans, japanese, both."
    assert pows.judge_claim("thousands", "both", "1960") == "Unknown scope '1960'. Choose one of: thaw, before."
    with pytest.raises(ValueError):
        pows.parse_claim("lots")


def test_explorer_widget_updates_its_verdict_when_used():
    explorer = pows.build_explorer()
    claim, group, scope, verdict = explorer.children
    assert "too high" in verdict.value
    scope.value = "before"
    assert "too low" in verdict.value
    claim.value = "hundreds of thousands"
    group.value = "japanese"
    assert "418,166" in verdict.value and "consistent" in verdict.value
    claim.value = "a lot"
    assert "not understood" in verdict.value


@pytest.fixture(scope="module")
def chapter_figures():
    return {name: getattr(pows, name)() for name in ["scale_figure", "held_figure"]}


def test_every_figure_has_title_source_line_and_text_alternative(chapter_figures):
    for name, fig in chapter_figures.items():
        assert_course_figure(fig, name)


def test_scale_figure_plots_exactly_the_stated_figures(chapter_figures):
    fig = chapter_figures["scale_figure"]
    table = data.load("pow_figures").set_index("id")
    plotted = {y: x for trace in fig.data for x, y in zip(trace.x, trace.y)}
    for figure_id, label in pows.SCALE_ROWS:
        assert plotted[label] == table.loc[figure_id, "value"], label
    weak = [t for t in fig.data if "grade D" in t.name]
    assert weak and all(t.marker.pattern.shape == "/" for t in weak)
    assert set(next(t for t in fig.data if t.name == "In the Thaw (1953–1956)").x) == {8877, 1047}


def test_scale_buttons_switch_between_linear_and_log(chapter_figures):
    buttons = chapter_figures["scale_figure"].layout.updatemenus[0].buttons
    assert [b.args[0]["xaxis.type"] for b in buttons] == ["linear", "log"]
    shape = chapter_figures["scale_figure"].layout.shapes[0]
    assert (shape.x0, shape.x1) == pows.TENS_OF_THOUSANDS  # the band the claim covers


def test_held_figure_flags_weak_points_and_has_log_linear_buttons(chapter_figures):
    fig = chapter_figures["held_figure"]
    german = fig.data[0]
    assert figures_drawn(german.y) == [890532, 13532, 9626]
    assert list(german.marker.symbol) == ["circle", "circle-open", "circle"]  # TASS copy is grade D
    japanese = fig.data[1]
    assert list(japanese.y) == [608360, 400000, 1047] and japanese.marker.symbol[1] == "circle-open"
    buttons = fig.layout.updatemenus[0].buttons
    assert [b.args[0]["yaxis.type"] for b in buttons] == ["log", "linear"]


def test_chapter_figures_stay_small(chapter_figures):
    assert sum(len(fig.to_json()) for fig in chapter_figures.values()) < 90_000
