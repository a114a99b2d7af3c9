"""Chapter 7: the events explorer's logic, its widget, the map and the timeline."""

import shutil

import pandas as pd
import pytest

from conftest import explorer_controls

from thaw import data
from thaw.chapters import ch07_peaceful_coexistence as coexistence
from thaw.data import DEFAULT_DATA_DIR as DATA_DIR


# --- The data ----------------------------------------------------------------------------------------

def test_every_event_has_a_place_and_uses_the_course_timeline_dates():
    events = coexistence.events()
    assert events["lat"].notna().all() and events["lon"].notna().all()
    timeline = data.load("events").set_index("id")
    linked = events[(events["timeline_id"].fillna("") != "") & (events["id"] != "belgrade-declaration-1955")]
    for row in linked.itertuples():
        assert row.start == timeline.loc[row.timeline_id, "start"], row.id
        expected_end = timeline.loc[row.timeline_id, "end"]
        assert (pd.isna(row.end) and pd.isna(expected_end)) or row.end == expected_end, row.id
    declaration = events.set_index("id").loc["belgrade-declaration-1955"]
    # Signed on 2 June, the day before the delegation left Belgrade for Sofia (press reports of 1955).
    assert declaration["start"] == timeline.loc["e22", "end"] - pd.Timedelta(days=1)
    assert (timeline.loc["e22", "start"], timeline.loc["e22", "end"]) == (pd.Timestamp("1955-05-26"),
                                                                        pd.Timestamp("1955-06-03"))


def test_events_not_in_the_timeline_say_why():
    events = coexistence.events().set_index("id")
    outside = events[events["timeline_id"].fillna("") == ""]
    assert set(outside.index) == {"paris-summit-1960", "vienna-summit-1961", "london-visit-1956",
                                  "france-visit-1960"}
    assert all("events.csv" in note for note in outside["note"])
    vienna = events.loc["vienna-summit-1961"]
    assert (vienna["start"], vienna["end"]) == (pd.Timestamp("1961-06-03"), pd.Timestamp("1961-06-04"))
    assert vienna["grade"] == "A" and "FRUS" in vienna["source"]


# --- The explorer's pure functions --------------------------------------------------------------------

def test_describe_events_counts_and_lists_by_type():
    text = coexistence.describe_events(1959, 1961, "meeting")
    assert text == ("4 meetings and summits in 1959–1961: Khrushchev in the USA (15–27 Sep 1959, "
                    "Washington, D.C.); Khrushchev's state visit to France (Mar 1960, Paris); "
                    "Paris summit collapses (16–17 May 1960, Paris); "
                    "Vienna summit (3–4 Jun 1961, Vienna).")


def test_the_western_leaders_met_include_britain_1956_and_france_1960():
    """Exercise 7.2: the claim is judged on the record, so the visits to Britain and France must be in it."""
    text = coexistence.describe_events(1956, 1956, "meeting")
    assert text == "1 meeting or summit in 1956: Bulganin and Khrushchev in Britain (18–27 Apr 1956, London)."
    london = coexistence.events().set_index("id").loc["london-visit-1956"]
    assert london["difference"] == "definition-or-date" and london["alt_start"] == pd.Timestamp("1956-04-19")


def test_describe_all_events_gives_a_breakdown_by_type():
    text = coexistence.describe_events(1955, 1955)
    assert text.startswith("5 events in 1955: Warsaw Pact founded (14 May 1955, Warsaw);")
    assert text.endswith("By type: meetings and summits 3, agreements 2.")


def test_a_single_event_is_counted_in_the_singular():
    text = coexistence.describe_events(1953, 1953)
    assert text == "1 event in 1953: East German uprising (16–17 Jun 1953, Berlin). By type: crises 1."
    assert coexistence.describe_events(1963, 1963, "agreement").startswith("1 agreement in 1963: Partial Test Ban")


def test_an_event_dated_only_by_a_popular_source_is_flagged(tmp_path, monkeypatch):
    copy = tmp_path / "data"
    shutil.copytree(DATA_DIR, copy)
    path = copy / "coexistence_events.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("(course timeline e23)\",C,", "(course timeline e23)\",D,"), encoding="utf-8")
    monkeypatch.setenv("THAW_DATA_DIR", str(copy))
    assert coexistence.describe_events(1955, 1955).endswith(
        "Dated only by a popular source (grade D): Geneva summit.")


def test_events_taken_from_the_course_timeline_keep_its_grade():
    timeline = data.load("events").set_index("id")
    linked = coexistence.events().query("timeline_id != ''")
    assert len(linked) >= 10
    for row in linked.itertuples():
        assert row.grade == timeline.loc[row.timeline_id, "grade"], row.id


def test_month_precision_is_written_as_a_month():
    assert "Open Sino-Soviet polemic (Jul 1963, Beijing)" in coexistence.describe_events(1963, 1963, "crisis")


def test_an_empty_choice_an_impossible_range_and_bad_input_are_explained():
    assert coexistence.describe_events(1957, 1958, "crisis") == "No crises in 1957–1958 in this chapter's list of events."
    assert coexistence.describe_events(1961, 1955) == (
        "The end year (1955) must not be earlier than the start year (1961). Choose a later end or an earlier start.")
    assert "covers 1953–1964" in coexistence.describe_events(1950, 1955)
    assert "whole numbers" in coexistence.describe_events("1955a", 1960)
    assert coexistence.describe_events(1955, 1960, "war").startswith(
        "Unknown type 'war'. Choose one of: all, meeting, agreement, crisis, milestone.")


def test_select_events_includes_events_that_overlap_the_range():
    assert list(coexistence.select_events(1956, 1956, "crisis")["id"]) == ["hungary-1956"]
    assert list(coexistence.select_events(1956, 1956, ["crisis", "milestone"])["id"]) == ["congress-1956", "hungary-1956"]
    with pytest.raises(ValueError, match="Unknown type 'summit'"):
        coexistence.select_events(1955, 1956, "summit")


# --- The widget --------------------------------------------------------------------------------------------


def test_explorer_widget_updates_text_and_chart_when_used(drawn):
    explorer = coexistence.build_explorer()
    assert explorer_controls(explorer)["sentence"].value.startswith("<p>")
    assert "Geneva summit" in explorer_controls(explorer)["sentence"].value and "Vienna summit" in explorer_controls(explorer)["sentence"].value
    explorer_controls(explorer)["Type"].value = "crisis"
    explorer_controls(explorer)["Years"].value = (1957, 1958)
    assert "No crises in 1957–1958" in explorer_controls(explorer)["sentence"].value
    assert drawn[-1].layout.title.text == "Crises, 1957–1958: 0"
    explorer_controls(explorer)["Years"].value = (1962, 1962)
    assert "1 crisis in 1962: Cuban missile crisis (16–28 Oct 1962, Havana)." in explorer_controls(explorer)["sentence"].value


# --- The figures -------------------------------------------------------------------------------------------

def shown(fig, button):
    """The names of the traces a button of a menu leaves visible."""
    visible = dict(zip(button.args[1], button.args[0]["visible"])) if button.method == "restyle" else \
        dict(zip(button.args[2], button.args[0]["visible"]))
    return [trace.name for number, trace in enumerate(fig.data) if visible.get(number, trace.visible is not False)]


def test_map_plots_every_event_once_in_its_type_trace():
    fig = coexistence.events_map_figure()
    events = coexistence.events()
    for kind, label in coexistence.TYPES.items():
        trace = next(t for t in fig.data if t.name.startswith(label))
        assert trace.name == f"{label} ({(events['type'] == kind).sum()})"
        assert len(trace.x) == (events["type"] == kind).sum()


def test_map_type_buttons_show_one_type_and_leave_the_place_names_alone():
    fig = coexistence.events_map_figure()
    types, zoom = fig.layout.updatemenus
    assert [b.label for b in types.buttons] == ["All"] + list(coexistence.TYPES.values())
    assert shown(fig, types.buttons[2]) == ["base map", "Agreements (3)", "places"]
    world, europe = zoom.buttons
    assert (world.label, europe.label) == ("World", "Europe")
    assert "central European places" not in shown(fig, world) and "central European places" in shown(fig, europe)
    assert europe.args[1]["xaxis.range"][1] < world.args[1]["xaxis.range"][1]
    assert (types.xanchor, zoom.xanchor) == ("left", "right")  # the zoom buttons at the right of the type buttons


def test_the_map_opens_on_the_world_window_with_a_light_base_map():
    from thaw.maps import project
    fig = coexistence.events_map_figure()
    (west, east), (south, north) = coexistence.WORLD_WINDOW
    assert fig.layout.xaxis.range == (round(project(west, south, "world")[0], 5), round(project(east, north, "world")[0], 5))
    base = next(t for t in fig.data if t.name == "base map")
    assert all(round(v, coexistence.WORLD_MAP_DECIMALS) == v for v in base.x if v is not None)


def test_map_points_are_projected_with_the_world_projection():
    from thaw.maps import project
    fig = coexistence.events_map_figure()
    havana = coexistence.events().set_index("id").loc["cuba-1962"]
    x, y = project(havana["lon"], havana["lat"], "world")
    crises = next(t for t in fig.data if t.name.startswith("Crises"))
    assert any(abs(px - x) < 1e-4 and abs(py - y) < 1e-4 for px, py in zip(crises.x, crises.y))


def test_map_text_alternative_names_the_places_by_type():
    alt = coexistence.events_map_figure().layout.meta["alt"]
    assert "8 meetings and summits in Belgrade, Geneva, Moscow, London, Washington, D.C., Paris and Vienna" in alt
    assert "2 milestones in Moscow and Baikonur" in alt


def test_timeline_has_a_row_per_event_in_date_order_and_shows_alternative_datings():
    fig = coexistence.timeline_figure()
    events = coexistence.events()
    assert list(fig.layout.yaxis.categoryarray) == list(events["title"])
    markers = [t for t in fig.data if t.mode == "markers" and t.name in coexistence.TYPES.values()]
    assert sum(len(t.x) for t in markers) == len(events)
    other = next(t for t in fig.data if t.name == coexistence.OTHER_DATING)
    other_dates = [pd.Timestamp(x) for x in other.x if x is not None]
    assert pd.Timestamp("1962-11-20") in other_dates  # Britannica's wider dating of Cuba: counts something else
    assert "Cuban missile crisis: another source dates it 22 Oct – 20 Nov 1962" in other.text
    # Sputnik's 5 October is an error: a cross, never drawn as a second dating.
    assert pd.Timestamp("1957-10-05") not in other_dates
    wrong = next(t for t in fig.data if t.name == coexistence.WRONG_DATE)
    assert [pd.Timestamp(x) for x in wrong.x] == [pd.Timestamp("1957-10-05")]
    assert wrong.mode == "markers" and "an error, not a second date" in wrong.text[0]
    assert fig.layout.title.text == "Meetings, agreements and crises of Soviet foreign policy, 1953–1963"
    assert fig.layout.meta["alt"].endswith("Partial Test Ban Treaty (5 Aug 1963) closes the series.")


def test_timeline_buttons_zoom_on_periods():
    buttons = coexistence.timeline_figure().layout.updatemenus[0].buttons
    assert [b.label for b in buttons] == ["1953–1964", "Zoom on 1955–1956", "Zoom on 1959–1963"]
    ranges = [b.args[0]["xaxis.range"] for b in buttons]
    assert ranges[0] == ["1953-01-01", "1965-01-01"]
    assert all(pd.Timestamp(a) < pd.Timestamp(b) for a, b in ranges)


def test_timeline_draws_some_types_and_years_on_request():
    fig = coexistence.timeline_figure(types=["crisis"], years=(1959, 1963))
    assert fig.layout.title.text == "Crises of Soviet foreign policy, 1960–1963"
    assert [b.label for b in fig.layout.updatemenus[0].buttons] == ["1959–1963"]
    assert list(fig.layout.yaxis.categoryarray) == ["U-2 shot down", "Soviet experts recalled from China",
                                                     "Berlin Wall begins", "Cuban missile crisis",
                                                     "Open Sino-Soviet polemic"]
    with pytest.raises(ValueError, match="Unknown type 'summit'. Choose one of: all, meeting"):
        coexistence.timeline_figure(types=["summit"])
    with pytest.raises(ValueError, match=r"The end year \(1955\) must not be earlier than the start year \(1961\)"):
        coexistence.timeline_figure(years=(1961, 1955))
    with pytest.raises(ValueError, match="No milestones in 1958–1960 in this chapter's list of events."):
        coexistence.timeline_figure(types=["milestone"], years=(1958, 1960))


def test_explorer_figure_plots_only_the_chosen_events():
    fig = coexistence.explorer_figure(1959, 1962, "meeting")
    markers = [t for t in fig.data if t.mode == "markers"]
    assert [list(t.y) for t in markers] == [["Khrushchev in the USA", "Khrushchev's state visit to France",
                                             "Paris summit collapses", "Vienna summit"]]
    assert fig.layout.title.text == "Meetings and summits, 1959–1962: 4"


def test_the_chapter_figures_stay_within_the_page_budget():
    size = sum(len(function().to_json()) for function in coexistence.FIGURES.values())
    assert size < 90_000, f"{size} bytes of figure JSON: the page would be slow"


# --- In Indonesian ------------------------------------------------------------------------------------

def _numbers(fig) -> list:
    """Every number the traces draw (map positions), trace by trace."""
    return [[v for attr in ("x", "y") for v in (trace[attr] if trace[attr] is not None else ())
             if isinstance(v, (int, float))] for trace in fig.data]


def test_the_map_the_timeline_and_the_explorer_speak_indonesian_with_the_same_numbers():
    from thaw import i18n

    english = {name: build() for name, build in coexistence.FIGURES.items()}
    i18n.set_language("id")
    try:
        indonesian = {name: build() for name, build in coexistence.FIGURES.items()}
        text = coexistence.describe_events(1953, 1964, "milestone")
        controls = explorer_controls(coexistence.build_explorer())
    finally:
        i18n.set_language("en")
    for name in english:
        assert _numbers(indonesian[name]) == _numbers(english[name]), name
        assert [len(t.x) for t in indonesian[name].data] == [len(t.x) for t in english[name].data], name
    fig = indonesian["map"]
    assert [b.label for b in fig.layout.updatemenus[0].buttons] == ["Semua", "Pertemuan dan KTT", "Perjanjian",
                                                                     "Krisis", "Tonggak"]
    assert fig.layout.meta["table"]["columns"] == ["peristiwa", "tanggal", "tempat", "jenis", "tingkat"]
    assert indonesian["timeline"].layout.title.text.startswith("Pertemuan, perjanjian, dan krisis politik luar negeri")
    assert {"Penanggalan sumber lain", "Tanggal yang terbukti keliru (kekeliruan)"} <= {t.name for t in indonesian["timeline"].data}
    assert text.startswith("2 tonggak pada 1953–1964: ")
    assert controls["Jenis"].options[0] == ("Semua peristiwa", "all")
