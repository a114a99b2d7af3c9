"""Chapter 5: the claim checker's logic, its widget, and the chapter's figures."""

import pytest

from conftest import assert_course_figure
from thaw import data
from thaw.chapters import ch05_prisoners_of_war as pows


def row(figure_id):
    return pows.figure_row(figure_id)


def test_the_thaw_counts_from_1953_and_its_sums_come_from_the_rows():
    found = pows.data_range("both", "thaw")
    german_low = row("de-released-1953-pows")["value"] + row("de-returnees-1955-1956")["value"]
    assert found["low"] == german_low + row("jp-held-1956")["value"] == 5374 + 11128 + 1047
    assert found["high"] == row("de-returnees-1953-1955")["value"] + row("jp-held-1956-dorokhov")["value"]
    assert found["pows"] == row("de-released-1953-1955-pows")["value"] + row("jp-held-1956")["value"]
    assert all(r["grade"] != "D" for r in found["rows"])  # the grade-D "more than 10,000" of 1953 is not needed


def test_derived_rows_hold_their_arithmetic():
    table = pows.pow_table().set_index("id")
    derived = table[table["status"] == "derived"]
    assert set(derived.index) == {"de-held-1950-alt", "de-released-1953-1955-low", "de-released-1953-1955-pows",
                                  "de-repatriated-before-1947"}
    assert derived.loc["de-repatriated-before-1947", "value"] == (table.loc["de-repatriated-total-tass", "value"]
                                                                 - table.loc["de-repatriated-1947-1950", "value"])
    assert derived.loc["de-held-1950-alt", "value"] == table.loc["de-held-1950-tass", "value"] + 14
    assert derived.loc["de-released-1953-1955-low", "value"] == pows.data_range("germans", "thaw")["low"]
    assert derived.loc["de-released-1953-1955-pows", "value"] == 0.75 * table.loc["de-returnees-1953-1955", "value"]
    assert table.loc["de-named-1955", "value"] == (table.loc["de-released-1955-decree", "value"]
                                                   + table.loc["de-handed-over-1955", "value"])


def test_tens_of_thousands_is_right_only_at_the_low_end_for_the_thaw_releases():
    text = pows.judge_claim("tens of thousands", "both", "thaw")
    assert text.startswith("'tens of thousands' means about 20,000–99,999. Germans and Japanese released in the "
                           "Thaw (1953–1956): 17,549 to 21,500")
    assert "The claim is right in order of magnitude, but only at its lower end" in text
    assert "at least 5,374 + 11,128 = 16,502" in text and "about 20,000 in Zeidler's round figure" in text
    assert "Prisoners of war alone: about 16,047" in text and "for them the claim is too high." in text
    assert "Grade D" not in text


def test_the_same_claim_is_too_low_for_the_repatriations_before_the_thaw():
    text = pows.judge_claim("tens of thousands", "germans", "before")
    assert "935,089 to 1,939,063" in text and "too low" in text
    assert "Grade D" not in text  # the TASS total is now read in Arzamaskin (grade B)


def test_a_grade_d_figure_is_flagged(monkeypatch):
    table = pows.pow_table()
    table.loc[table["id"] == "de-repatriated-total-tass", "grade"] = "D"
    monkeypatch.setattr(pows, "pow_table", lambda: table)
    text = pows.judge_claim("tens of thousands", "germans", "before")
    assert "Grade D (a popular copy, to be checked): 1,939,063." in text
    assert "no year-by-year series was found" in text


def test_consistent_claims_and_plain_numbers():
    assert "too low: the sources give more" in pows.judge_claim("about ten thousand", "both", "thaw")
    assert "consistent with the sources" in pows.judge_claim("18,000", "germans", "thaw")  # 14,400-21,600
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
    assert "only at its lower end" in verdict.value
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
    grade = {label: table.loc[figure_id, "grade"] for figure_id, label in pows.SCALE_ROWS}
    for trace in fig.data[:-1]:  # grade-D figures, and only they, are hatched; no empty legend entries
        hatched = trace.marker.pattern.shape == "/"
        assert len(trace.x) and hatched == ("grade D" in trace.name)
        assert all((grade[label] == "D") == hatched for label in trace.y)
    assert set(next(t for t in fig.data if t.name == "In the Thaw (1953–1956)").x) == {5374, 11128, 20000, 1047}


def test_scale_buttons_switch_between_linear_and_log(chapter_figures):
    buttons = chapter_figures["scale_figure"].layout.updatemenus[0].buttons
    assert [b.args[0]["xaxis.type"] for b in buttons] == ["linear", "log"]
    shape = chapter_figures["scale_figure"].layout.shapes[0]
    assert (shape.x0, shape.x1) == pows.TENS_OF_THOUSANDS  # the band the claim covers


def test_held_figure_flags_weak_points_and_has_log_linear_buttons(chapter_figures):
    fig = chapter_figures["held_figure"]
    german = fig.data[0]
    assert list(german.y) == [890532, 13532, 14128, 9626]  # POWs of 21 Aug 1953, not the 19,848 with civilians
    assert list(german.marker.symbol) == ["circle"] * 4  # TASS now read in Arzamaskin (grade B)
    assert german.line.dash == "dot"  # counts years apart: joined, but visibly not a continuous series
    japanese = fig.data[1]
    assert list(japanese.y) == [608360, 400000, 1047] and japanese.marker.symbol[1] == "circle-open"
    buttons = fig.layout.updatemenus[0].buttons
    assert [b.args[0]["yaxis.type"] for b in buttons] == ["log", "linear"]


def test_chapter_figures_stay_small(chapter_figures):
    assert sum(len(fig.to_json()) for fig in chapter_figures.values()) < 90_000
