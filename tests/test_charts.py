"""Chart conventions: template, number formats, key dates, source line and layout."""

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from thaw import charts, data


def test_course_template_is_the_default_and_uses_the_palette():
    assert pio.templates.default == "thaw"
    assert list(charts.TEMPLATE.layout.colorway) == list(charts.PALETTE.values())
    # Transparent backgrounds: the book's light and dark modes show through.
    assert charts.TEMPLATE.layout.paper_bgcolor == "rgba(0,0,0,0)"


def test_number_and_date_formats():
    assert charts.fmt_int(1201738) == "1,201,738"
    assert charts.fmt_pct(-0.684) == "−68.4%"
    assert charts.fmt_pct(0.1234) == "+12.3%"
    assert charts.fmt_pct(0.038, signed=False) == "3.8%"
    assert charts.fmt_date(pd.Timestamp("1953-03-05")) == "5 Mar 1953"


def test_key_dates_come_from_the_timeline():
    events = data.load("events")
    flagged = events[events["key"]]
    marks = charts.key_dates()
    assert [m["date"] for m in marks] == [d.date().isoformat() for d in flagged["start"]]
    assert {"Stalin dies", "20th Congress"} <= {m["label"] for m in marks}
    later = charts.key_dates(start=pd.Timestamp("1956-01-01"))
    assert all(m["date"] >= "1956-01-01" for m in later)


def test_key_date_markers_leave_headroom_and_alternate_sides():
    fig = go.Figure(go.Scatter(x=["1953-01-01", "1956-01-01"], y=[100, 40]))
    charts.add_key_dates(fig, start=pd.Timestamp("1953-01-01"))
    assert fig.layout.yaxis.range == (0, 135.0)
    sides = [a.xanchor for a in fig.layout.annotations]
    assert sides[:2] == ["right", "left"]


def test_finish_adds_title_source_alt_and_keeps_the_legend_below_the_plot():
    fig = go.Figure([go.Scatter(x=[1, 2], y=[1, 2], name="a"), go.Scatter(x=[1, 2], y=[2, 1], name="b")])
    long_source = "gulag_population.csv: " + "; ".join(["Kuznetsov 2005, Table 46"] * 8)
    charts.finish(fig, title="T", source=long_source, alt="Two lines cross.")
    source = fig.layout.annotations[-1]
    lines = source.text.split("<br>")
    assert lines[0].startswith("Source: ") and len(lines) > 1
    assert all(len(line) <= 88 for line in lines)
    assert fig.layout.meta["alt"] == "Two lines cross."
    assert fig.layout.showlegend is True and fig.layout.legend.y < 0
    assert source.yshift < 0


def test_a_single_series_needs_no_legend():
    fig = charts.finish(go.Figure(go.Bar(x=["a"], y=[1], name="only")), title="T", source="S", alt="A")
    assert fig.layout.showlegend is False


def test_maps_project_known_places_and_reject_unknown_regions():
    import pytest
    from thaw import maps

    moscow = maps.project(37.6, 55.75)
    norilsk = maps.project(88.2, 69.35)
    assert norilsk[0] > moscow[0] and norilsk[1] > moscow[1]  # east and north of Moscow
    havana = maps.project(-82.4, 23.1, "world")
    berlin = maps.project(13.4, 52.5, "world")
    assert havana[0] < berlin[0] and havana[1] < berlin[1]
    with pytest.raises(ValueError, match="Unknown map region 'moon'"):
        maps.project(0, 0, "moon")
    for region in ("ussr", "world"):
        trace = maps.basemap_trace(region)
        assert trace.type == "scatter" and len(trace.x) > 1000


def test_every_chart_carries_its_data_as_a_readable_table():
    fig = go.Figure([go.Scatter(x=pd.to_datetime(["1953-01-01", "1956-01-01"]), y=[2472247, 781630],
                                name="all prisoners")])
    fig.update_yaxes(title="prisoners")
    charts.finish(fig, title="T", source="S", alt="A falling line.")
    table = fig.layout.meta["table"]
    assert table["columns"] == ["date or category", "all prisoners"]
    assert table["rows"] == [["1 Jan 1953", "2,472,247"], ["1 Jan 1956", "781,630"]]
    fig.add_trace(go.Scatter(x=pd.to_datetime(["1956-01-01", "1959-04-01"]), y=[113735, 11027], name="political"))
    charts.finish(fig, title="T", source="S", alt="Two falling lines.")
    assert fig.layout.meta["table"]["rows"] == [["1 Jan 1953", "2,472,247", ""], ["1 Jan 1956", "781,630", "113,735"],
                                                ["1 Apr 1959", "", "11,027"]]


def test_a_map_gives_its_own_table_and_never_projected_coordinates():
    from thaw import maps

    fig = maps.map_figure()
    charts.finish(fig, title="T", source="S", alt="A map.")
    assert fig.layout.meta["table"] is None
    places = pd.DataFrame({"place": ["Norilsk"], "year": [1953], "prisoners": [67889]})
    charts.finish(maps.map_figure(), title="T", source="S", alt="A map.", table=places)
    fig = charts.finish(maps.map_figure(), title="T", source="S", alt="A map.", table=places)
    assert fig.layout.meta["table"]["rows"] == [["Norilsk", "1953", "67,889"]]


def test_too_many_buttons_become_a_menu():
    def figure(labels):
        fig = go.Figure(go.Scatter(x=[1], y=[1], name="a"))
        fig.update_layout(updatemenus=[dict(type="buttons", buttons=[dict(label=l, method="restyle", args=[{}])
                                                                     for l in labels])])
        return charts.finish(fig, title="T", source="S", alt="A point.")
    assert figure(["One", "Two"]).layout.updatemenus[0].type == "buttons"
    crowded = figure([f"A rather long label {n}" for n in range(6)])
    assert crowded.layout.updatemenus[0].type == "dropdown"


# --- The shared grammar: date spans, views, evidence marks, map windows, span checks ---------

def test_one_date_span_formatter_as_precise_as_the_source():
    span = charts.fmt_span
    assert span("1953-03-05") == "5 Mar 1953"
    assert span("1961-06-03", "1961-06-04") == "3–4 Jun 1961"
    assert span("1957-07-28", "1957-08-11") == "28 Jul – 11 Aug 1957"
    assert span("1961-12-30", "1962-01-02") == "30 Dec 1961 – 2 Jan 1962"
    assert span("1956-03-05", "1956-03-05") == "5 Mar 1956"
    assert span("1963-07-01", None, "month") == "Jul 1963"
    assert span("1963-07-01", "1963-08-01", "month") == "Jul–Aug 1963"
    assert span("1963-12-01", "1964-01-01", "month") == "Dec 1963 – Jan 1964"
    assert span("1954-01-01", "1954-06-30", "year") == "1954"
    assert span("1954-01-01", "1956-01-01", "year") == "1954–1956"
    assert span("1954-01-01", float("nan"), "year") == "1954"


def test_an_unknown_date_precision_is_named_in_the_message():
    import pytest

    with pytest.raises(ValueError, match="Unknown date precision 'week'.*day, month, year"):
        charts.fmt_span("1954-01-01", precision="week")


def _menu_chart():
    fig = go.Figure([go.Scatter(y=[0, 0], name="base map"),  # outside every group: never touched
                     charts.grouped("counts", go.Scatter(y=[10, 20], name="counts")),
                     charts.grouped("index", go.Scatter(y=[100, 200], name="index"))])
    return charts.views(fig, [charts.View("Counts", ["counts"], {"yaxis.title.text": "people"}),
                              charts.View("Index", ["index"], {"yaxis.title.text": "index"}),
                              charts.View("Zoom", None, {"xaxis.range": [0, 1]})])


def test_views_show_trace_groups_by_name_and_open_in_the_first_view():
    fig = _menu_chart()
    counts, index, zoom = fig.layout.updatemenus[0].buttons
    assert counts.method == "update" and list(counts.args[2]) == [1, 2]  # only the grouped traces
    assert counts.args[0]["visible"] == [True, False] and index.args[0]["visible"] == [False, True]
    assert zoom.method == "relayout" and list(zoom.args) == [{"xaxis.range": [0, 1]}]
    assert [t.visible for t in fig.data] == [None, True, False]
    assert fig.layout.yaxis.title.text == "people"


def test_adding_a_trace_before_the_groups_cannot_break_the_views():
    fig = go.Figure([go.Scatter(y=[1]), go.Scatter(y=[0, 0]),
                     charts.grouped("counts", go.Scatter(y=[10, 20])),
                     charts.grouped("index", go.Scatter(y=[100, 200]))])
    charts.views(fig, [charts.View("Counts", ["counts"]), charts.View("Index", ["index"])])
    assert list(fig.layout.updatemenus[0].buttons[1].args[1]) == [2, 3]


def test_views_restyle_a_group_and_restore_it_in_the_other_views():
    fig = go.Figure([charts.grouped("labels", go.Scatter(y=[1, 2], text=["a", "b"]))])
    charts.views(fig, [charts.View("Plain", ["labels"]),
                       charts.View("Named", ["labels"], restyle={"labels": lambda t: {"text": ["A", "B"]}})])
    plain, named = fig.layout.updatemenus[0].buttons
    assert plain.args[0]["text"] == [["a", "b"]] and named.args[0]["text"] == [["A", "B"]]


def test_a_view_of_a_group_no_trace_belongs_to_is_refused_with_the_known_groups():
    import pytest

    fig = go.Figure([charts.grouped("counts", go.Scatter(y=[1]))])
    with pytest.raises(ValueError, match="No trace in group.*cuonts.*groups are: counts"):
        charts.views(fig, [charts.View("Counts", ["cuonts"])])


def test_a_second_menu_stays_at_the_right_edge_after_finish():
    fig = _menu_chart()
    charts.views(fig, [charts.View("All", ["counts", "index"]), charts.View("Counts", ["counts"])], side="right")
    charts.finish(fig, title="t", source="s", alt="a")
    assert [(m.x, m.xanchor) for m in fig.layout.updatemenus] == [(0, "left"), (1, "right")]


def test_each_evidence_mark_means_one_thing_and_the_weakest_evidence_wins():
    assert charts.evidence_hatch(grade="D") == "x"
    assert charts.evidence_hatch(grade="A via D") == "x"
    assert charts.evidence_hatch(grade="B", status="derived") == "/"
    assert charts.evidence_hatch(grade="D", status="derived") == "x"
    assert charts.evidence_hatch(grade="B", qualifier="about") == "."
    assert charts.evidence_hatch(grade="B", qualifier="at_least") == "."  # the tables' code
    assert charts.evidence_hatch(grade="A", status="read") == ""
    assert charts.evidence_symbol("diamond", status="derived") == "diamond-open"
    assert charts.evidence_symbol("circle", grade="B", status="read") == "circle"
    assert charts.evidence_dash("D") == "dash" and charts.evidence_dash("B") is None
    # The legend key names every mark the hatching uses.
    for mark in charts.HATCH.values():
        assert {"x": "×", "/": "/", ".": "dots"}[mark] in charts.EVIDENCE_KEY


def test_stated_rows_leave_out_gaps_alternatives_and_errors():
    frame = pd.DataFrame({"status": ["read", "derived", "gap", "alternative", "error"]})
    assert list(data.stated(frame)["status"]) == ["read", "derived"]
    assert list(data.gaps(frame)["status"]) == ["gap"]


def test_a_map_window_keeps_only_the_base_map_inside_it():
    from thaw import maps

    world = maps.map_figure("world")
    europe = maps.map_figure("world", window=((10, 45), (40, 62)), decimals=4)
    kept = [v for v in europe.data[0].x if v is not None]
    assert 0 < len(kept) < len([v for v in world.data[0].x if v is not None]) / 3
    x_range = europe.layout.xaxis.range
    lisbon_x, _ = maps.project(-9.1, 38.7, "world")  # outside the window and its margin
    assert lisbon_x < x_range[0] and min(kept) > lisbon_x
    assert all(round(v, 4) == v for v in kept)


def test_one_wording_for_an_impossible_range_in_every_explorer():
    from thaw.explore import check_span

    assert check_span(1955, 1958) is None and check_span(1955, 1955) is None
    assert check_span(1958, 1955) == ("The end year (1955) must not be earlier than the start year (1958). "
                                      "Choose a later end or an earlier start.")
    assert "must be later than" in check_span(1955, 1955, same_allowed=False)


def test_a_menu_with_many_buttons_can_use_a_smaller_font():
    fig = _menu_chart()
    charts.views(fig, [charts.View("All", ["counts", "index"])], side="right", font_size=11)
    assert fig.layout.updatemenus[1].font.size == 11 and fig.layout.updatemenus[0].font.size is None
