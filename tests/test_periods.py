"""Totals over periods (thaw.chapters.periods): the tables chapters 4, 8 and 9 share, and the one bar builder."""

import copy

import pandas as pd
import pytest

from thaw import data
from thaw.chapters import periods


def in_view(fig, label: str):
    """The figure as a reader sees it after pressing the menu button ``label`` (the book needs no kernel for this)."""
    fig = copy.deepcopy(fig)
    button = next(b for menu in fig.layout.updatemenus for b in menu.buttons if b.label == label)
    if button.method == "restyle":
        fig.plotly_restyle(button.args[0], button.args[1])
    elif button.method == "update":
        fig.plotly_update(button.args[0], button.args[1], button.args[2])
    else:
        fig.plotly_relayout(button.args[0])
    return fig


def shown(fig, name_part: str = ""):
    """The traces a reader sees (not hidden by a view) whose name contains ``name_part``."""
    return [t for t in fig.data if t.visible is not False and name_part in (t.name or "")]


# --- The tables --------------------------------------------------------------------------------

def test_a_period_reads_as_the_course_writes_it():
    assert periods.label(1954, 1961) == "1954–1961" and periods.label(1990) == "1990"
    assert periods.rate(92147.8) == "92,148" and periods.rate(14.0) == "14.0"
    assert periods.amount(630000, approximate=True) == "about 630,000"
    assert periods.runs([1956, 1959, 1960]) == [[1956], [1959, 1960]]


def test_rehabilitation_periods_are_the_kgb_counts_with_their_gaps():
    table = periods.rehabilitations().set_index("label")
    assert list(table.index) == ["1954–1961", "1962–1983", "1984–1987", "1988–1989", "1990", "1991–2004"]
    assert list(table["years"]) == [8, 22, 4, 2, 1, 14]
    assert table.loc["1954–1961", "value"] == 737182 and table.loc["1954–1961", "refused"] == 208448
    assert table.loc["1988–1989", "value"] == 844740 and table.loc["1988–1989", "reviewed"] == 856582
    assert table.loc["1991–2004", "approximate"] and table.loc["1991–2004", "value"] == 630000
    assert list(data.gaps(table.reset_index())["label"]) == ["1984–1987", "1990"]
    assert table.loc[["1984–1987", "1990"], "value"].isna().all()  # a gap, never a zero


def test_per_year_average_is_total_over_calendar_years():
    for series in (periods.REHABILITATIONS, periods.CONVICTIONS):
        for row in data.stated(periods.table(series)).itertuples():
            assert row.per_year == pytest.approx(row.value / (row.last_year - row.first_year + 1), abs=0.051)


def test_conviction_periods_match_kozlovs_table_and_its_averages():
    table = periods.convictions().set_index("label")
    spans = table[table["kind"] == "period"]
    # Kozlov prints the average per year for each period (both articles): the derived values must match,
    # including 135.8 for 1966–1970, which shows that the printed "697" there should read 679.
    printed_averages = {"1956–1960": 935.2, "1961–1965": 214.4, "1966–1970": 135.8, "1971–1975": 160.6,
                        "1976–1980": 69.4, "1981–1985": 108.0, "1986–1987": 14.0}
    assert dict(spans["per_year"].astype(float)) == printed_averages
    assert table.loc["1966–1970", "value"] == 295 + 384 and table.loc["1966–1970", "status"] == "derived"
    assert table.loc["1957", "value"] == 1964 and table.loc["1958", "value"] == 1416
    assert table.loc["1959", "status"] == data.GAP_STATUS


def test_unknown_series_is_named():
    with pytest.raises(ValueError, match="Unknown series 'camps'. Choose one of: 'rehabilitations'"):
        periods.table("camps")


# --- The pieces of the conviction bars -----------------------------------------------------------

def test_1956_1960_splits_into_its_single_years_and_a_derived_remainder():
    parts = periods.conviction_parts()
    first = parts[parts["period"] == "1956–1960"].set_index("id")
    assert first.loc["1956-1959-1960", "covered"] == [1956, 1959, 1960]  # derived from the data, not typed
    assert first.loc["1956-1959-1960", "value"] == 4676 - 1964 - 1416 == 1296
    assert first.loc["1956-1959-1960", "status"] == "derived"
    assert sorted(first["value"]) == [1296, 1416, 1964]


def test_the_pieces_add_up_to_every_period_total():
    pieces = periods.by_period(periods.conviction_parts())
    totals = pieces.groupby("label")["value"].sum()
    spans = data.stated(periods.convictions().query("kind == 'period'")).set_index("label")["value"]
    assert dict(totals) == {label: int(v) for label, v in spans.items()}
    first = pieces[pieces["label"] == "1956–1960"].set_index("kind")["value"]
    assert dict(first) == {"remainder": 1296, "year": 1964 + 1416}  # 1957 and 1958 drawn as one piece


def test_by_year_shares_out_a_total_only_over_the_years_it_counts():
    rows = periods.by_year(periods.conviction_parts())
    remainder = rows[rows["kind"] == "remainder"]
    assert list(remainder["label"]) == ["1956", "1959", "1960"]  # not consecutive: one bar per year
    assert {v / n for v, n in zip(remainder["value"], remainder["years"])} == {432.0}
    five = rows[(rows["label"] == "1961–1965")].iloc[0]
    assert (five["years"], five["value"] / five["years"]) == (5, 214.4)
    one_year = rows[rows["start"].dt.year.between(1956, 1960) & (rows["end"] - rows["start"] < pd.Timedelta(days=367))]
    assert round(sum(v / n for v, n in zip(one_year["value"], one_year["years"]))) == 4676  # Table 1's total


# --- The one bar builder ---------------------------------------------------------------------------

def test_bars_draw_totals_or_averages_and_leave_gaps_out():
    table = periods.rehabilitations()
    totals = periods.bars(table, name="rehabilitated", labels=True, unit="rehabilitated")
    yearly = periods.bars(table, name="rehabilitated", yearly=True, labels=True)
    assert list(totals.y) == [737182, 157055, 844740, 630000]
    assert list(yearly.y) == [92147.8, 7138.9, 422370.0, 45000.0]
    assert list(totals.text) == ["737,182", "157,055", "844,740", "about 630,000"]
    assert list(yearly.text) == ["92,148", "7,139", "422,370", "about 45,000"]
    assert yearly.customdata[0] == "1954–1961: 92,148 a year<br>(derived: 737,182 in 8 years)<br>grade A via B"
    assert totals.customdata[-1] == "1991–2004: about 630,000 rehabilitated<br>grade A via B"


def test_bars_span_their_periods_on_a_time_axis_or_stand_side_by_side():
    table = periods.rehabilitations()
    on_time = periods.bars(table, name="r")
    assert [round(w / (365.25 * 86_400_000)) for w in on_time.width] == [8, 22, 2, 14]
    assert on_time.x[0] == "1958-01-01"  # the middle of 1954–1961
    side_by_side = periods.bars(table, name="r", categories=True)
    assert list(side_by_side.x) == ["1954–1961", "1962–1983", "1988–1989", "1991–2004"] and side_by_side.width is None


def test_bars_carry_the_evidence_marks_of_their_rows():
    about = periods.bars(periods.rehabilitations(), name="r")
    assert list(about.marker.pattern.shape) == ["", "", "", "."]  # "about 630,000": dotted
    rows = periods.by_year(periods.conviction_parts())
    derived = periods.bars(rows[rows["kind"] == "remainder"], name="remainder", yearly=True)
    assert set(derived.marker.pattern.shape) == {"/"}  # derived by subtraction: hatched


def test_bars_name_the_notes_of_a_row():
    table = periods.rehabilitations()
    bar = periods.bars(table, name="r", notes=lambda row: f"refused: {row['refused']}" if pd.notna(row["refused"]) else [])
    assert bar.customdata[0].startswith("1954–1961: 737,182 persons<br>refused: 208448")


def test_in_indonesian_bars_write_the_words_and_marks_of_the_language():
    from thaw import i18n

    i18n.set_language("id")
    try:
        table = periods.rehabilitations()
        yearly = periods.bars(table, name="r", yearly=True, labels=True)
        totals = periods.bars(table, name="r", labels=True, unit=periods.UNITS[periods.REHABILITATIONS])
        assert list(yearly.y) == [92147.8, 7138.9, 422370.0, 45000.0]  # the numbers do not change
        assert list(yearly.text) == ["92.148", "7.139", "422.370", "sekitar 45.000"]
        assert yearly.customdata[0].startswith("1954–1961: 92.148 per tahun<br>(turunan: 737.182 dalam 8 tahun)")
        assert totals.customdata[-1].startswith("1991–2004: sekitar 630.000 direhabilitasi<br>tingkat ")
        assert periods.rate(14.0) == "14,0"
    finally:
        i18n.set_language("en")
