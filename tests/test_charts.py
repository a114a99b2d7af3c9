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
