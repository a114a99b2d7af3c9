"""The reference pages built from code: the timeline and "About the data"."""

from types import SimpleNamespace

import pandas as pd

from thaw import data
from thaw.chapters import about_data as catalogue
from thaw.chapters import timeline


def row(start, end=None, precision="day"):
    return SimpleNamespace(start=pd.Timestamp(start), end=pd.Timestamp(end) if end else pd.NaT,
                           precision=precision)


def test_dates_are_written_as_precisely_as_the_source():
    assert timeline.when(row("1953-03-05")) == "5 Mar 1953"
    assert timeline.when(row("1956-02-14", "1956-02-25")) == "14–25 Feb 1956"
    assert timeline.when(row("1953-05-26", "1953-08-04")) == "26 May 1953 – 4 Aug 1953"
    assert timeline.when(row("1963-07-01", precision="month")) == "Jul 1963"
    assert timeline.when(row("1956-08-01", "1956-10-01", "month")) == "Aug 1956 – Oct 1956"


def test_timeline_shows_every_event_once_and_filters_by_theme():
    events = timeline.events()
    fig = timeline.timeline_figure()
    assert sum(len(trace.x) for trace in fig.data) == len(events) >= 70
    buttons = fig.layout.updatemenus[0].buttons
    assert len(buttons) == len(timeline.THEMES) + 2  # all, one per theme, epilogue
    for button in buttons:
        assert len(button.args[0]["visible"]) == len(fig.data)
    assert buttons[-1].args[1]["xaxis.range"][1].startswith("1992")


def test_events_table_lists_every_event_with_source_and_grade():
    table = timeline.events_table().data
    assert len(table) == len(data.table("events"))
    assert table["source"].notna().all() and table["grade"].isin(list("ABCD")).all()


def test_about_the_data_lists_conflicts_gaps_and_weak_figures():
    assert 1349263 in set(catalogue.differences("conflict")["value"])
    gaps = catalogue.gaps()
    assert {"1957-01-01", "1960-01-01"} <= set(gaps["when"])
    weak = catalogue.weak_figures()
    assert len(weak) > 0 and set(weak["grade"]) == {"D"}
    assert len(catalogue.datasets_table().data) == len(catalogue.tables())
