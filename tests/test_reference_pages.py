"""The reference pages built from code: the timeline and "About the data"."""


from thaw import data
from thaw.chapters import about_data as catalogue
from thaw.chapters import timeline


def test_dates_are_written_as_precisely_as_the_source():
    when = timeline.events().set_index("id")["when"]
    assert when["e01"] == "5 Mar 1953"
    assert when["e30"] == "14–25 Feb 1956"
    assert when["e06"] == "26 May – 4 Aug 1953"
    assert when["e68"] == "Jul 1963"
    assert when["e33"] == "Mar–Oct 1956"
    assert when["e19"] == "15–26 Dec 1954"


def shown(fig, button):
    """The names of the traces a menu item leaves visible."""
    visible = dict(zip(button.args[2], button.args[0]["visible"]))
    return [trace.name for number, trace in enumerate(fig.data) if visible.get(number, trace.visible is not False)]


def test_timeline_shows_every_event_once_and_filters_by_theme():
    events = timeline.events()
    fig = timeline.timeline_figure()
    assert sum(len(trace.x) for trace in fig.data) == len(events) >= 70
    menu = fig.layout.updatemenus[0]
    assert menu.type == "dropdown"
    labels = [b.label for b in menu.buttons]
    assert labels[0] == f"All ({len(events)})" and labels[-1] == "Epilogue, 1967–1991 (3)"
    culture = next(b for b in menu.buttons if b.label.startswith("Culture"))
    assert shown(fig, culture) == ["Culture"]
    assert len(shown(fig, menu.buttons[-1])) == len(timeline.THEMES)
    assert menu.buttons[-1].args[1]["xaxis.range"][1].startswith("1992")


def test_the_timeline_is_registered_and_its_text_alternative_comes_from_the_figure():
    from test_figures import _numbers, figure_numbers

    assert timeline.FIGURES == {"timeline": timeline.timeline_figure} and timeline.EXPLORER is None
    fig = timeline.timeline_figure()
    assert not _numbers(fig.layout.meta["alt"]) - figure_numbers(fig)


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


def test_about_the_data_writes_its_headers_and_cases_in_the_language():
    import re

    from thaw import i18n

    i18n.set_language("id")
    try:
        table = catalogue.show(catalogue.gaps())
        summary = catalogue.case_summary("conflict").data
    finally:
        i18n.set_language("en")
    assert "when" in table.data.columns  # the frame keeps the names code selects by
    assert re.findall(r'col_heading[^>]*>([^<]*)<', table.to_html())[:4] == ["berkas", "baris", "apa", "kapan"]
    assert summary.startswith("Pertentangan sejati") and "**" in summary


def test_in_indonesian_the_timeline_writes_its_words_and_keeps_its_events():
    from thaw import i18n

    english = timeline.timeline_figure()
    i18n.set_language("id")
    try:
        fig = timeline.timeline_figure()
        labels = [b.label for b in fig.layout.updatemenus[0].buttons]
        assert labels[0] == f"Semua ({len(timeline.events())})" and labels[-1] == "Epilog, 1967–1991 (3)"
        assert [list(t.x) for t in fig.data] == [list(t.x) for t in english.data]
        assert [t.name for t in fig.data][:2] == ["Politik", "Kamp, pengadilan, rehabilitasi"]
        assert list(timeline.events_table().data.columns) == ["tanggal", "tema", "peristiwa", "keterangan",
                                                              "sumber", "tingkat"]
    finally:
        i18n.set_language("en")
