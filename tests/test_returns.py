"""Chapter 4: the deported-peoples explorer's logic, its widget, and the chapter's figures."""

import pandas as pd
import pytest

from conftest import figures_drawn
from test_periods import in_view, shown
from thaw import data
from thaw.chapters import ch04_rehabilitation_and_return as returns


# --- The explorer's pure functions -----------------------------------------------------

def test_status_before_release_names_the_special_settlement():
    text = returns.describe_status("chechens_ingush", 1950)
    assert text == ("In 1950 the Chechens and Ingush were special settlers (deported from 23 Feb 1944), barred "
                    "from leaving their place of settlement. The restrictions were lifted only on 16 Jul 1956.")


def test_crimean_tatars_could_not_return_under_khrushchev():
    # The seed text says the Thaw let the Crimean Tatars go home (fact sheet §4 row 10): it did not.
    for year in (1957, 1960, 1964):
        text = returns.describe_status("crimean_tatars", year)
        assert "could not return home" in text and "14 Nov 1989" in text, year
    assert returns.return_text("crimean_tatars") == "not under Khrushchev (only after 14 Nov 1989)"
    assert "long after Khrushchev" in returns.describe_status("crimean_tatars", 1990)


def test_peoples_whose_autonomy_was_restored_could_return_from_1957():
    for people in ("chechens_ingush", "kalmyks", "karachays", "balkars"):
        assert returns.return_text(people) == "allowed from 9 Jan 1957", people
        assert "free to return home" in returns.describe_status(people, 1958)


def test_volga_germans_and_meskhetians_had_no_return_and_later_years_are_a_stated_gap():
    for people in ("volga_germans", "meskhetian_turks"):
        assert returns.return_text(people) == "not under Khrushchev"
        assert "could not return home" in returns.describe_status(people, 1960)
        assert "not in the course's sources" in returns.describe_status(people, 1975)


def test_a_month_only_date_is_not_given_a_day(monkeypatch):
    peoples = returns.peoples()
    peoples.loc[peoples["people_id"] == "kalmyks", "lifted_date"] = pd.Timestamp("1956-03-01")  # day 1: "in March"
    peoples.loc[peoples["people_id"] == "kalmyks", "lifted_precision"] = "month"
    monkeypatch.setattr(returns, "peoples", lambda: peoples)
    assert returns.describe_status("kalmyks", 1950).endswith("The restrictions were lifted only in Mar 1956.")
    assert dict(returns.people_card("kalmyks"))["Restrictions lifted"].startswith("Mar 1956: ")


def test_the_kalmyk_decree_is_dated_to_the_day():
    kalmyks = returns.peoples().set_index("people_id").loc["kalmyks"]
    assert (kalmyks["lifted_date"], kalmyks["lifted_precision"]) == (pd.Timestamp("1956-03-17"), "day")
    assert "on 17 Mar 1956" in returns.describe_status("kalmyks", 1950)


def test_impossible_or_bad_input_is_explained_not_raised():
    assert returns.describe_status("kalmyks", 1941).startswith("In 1941 the Kalmyks had not yet been deported")
    assert returns.describe_status("kalmyks", 1900).startswith("Choose a year between 1941 and 1991")
    assert returns.describe_status("kalmyks", 2020).startswith("Choose a year between 1941 and 1991")
    assert returns.describe_status("kalmyks", "spring") == "Give the year as a whole number, for example 1956."
    text = returns.describe_status("atlanteans", 1950)
    assert text.startswith("No deported people called 'atlanteans'") and "crimean_tatars" in text
    assert returns.card_html("atlanteans", 1950).startswith("No deported people called")


def test_card_shows_all_three_crimean_tatar_figures_with_grades():
    card = dict(returns.people_card("crimean_tatars"))
    assert card["Number"].startswith("183,155 (grade D:")
    assert "191,044" in card["Other figures"] and "238,500" in card["Other figures"]
    assert "not under Khrushchev" in card["Right of return"]


def test_explorer_widget_updates_its_text_when_used():
    explorer = returns.build_explorer()
    people, year = (next(w for w in explorer.children if getattr(w, "description", None) == d) for d in ("People", "Year"))
    card = next(w for w in explorer.children if str(getattr(w, "value", "")).startswith("<p>"))
    assert "Crimean Tatars" in card.value and "could not return home" in card.value
    people.value = "balkars"
    assert "free to return home" in card.value and "37,713" in card.value
    year.value = 1950
    assert "special settlers" in card.value and "28 Apr 1956" in card.value
    people.value = "volga_germans"
    year.value = 1975  # a year the sources say nothing about: a sentence, not a traceback
    assert "when that changed later is not in the course" in card.value


# --- Data consistency --------------------------------------------------------------------

def test_routes_do_not_exceed_the_total_they_split():
    routes = data.load("deportation_routes")
    figures = data.load("deportation_figures").set_index("id")
    chechen = routes[routes["people_id"] == "chechens_ingush"]["value"].sum()
    assert chechen == 411000 + 85500 <= figures.loc["chechens-ingush-1956-note", "value"] + 1000
    crimean = routes[routes["people_id"] == "crimean_tatars"]["value"].sum()
    assert crimean == 151136 + 4286 < figures.loc["crimean-tatars-nkvd", "value"]
    meskhetian = routes[routes["people_id"] == "meskhetian_turks"]["value"].sum()
    assert meskhetian == 92307 and figures.loc["meskhetians-bugai", "value"] == 92374  # 67 unassigned
    planned = routes[routes["measure"] == "planned"]["value"].sum()
    assert planned == figures.loc["volga-germans-plan", "value"]


def test_crimean_tatar_destination_figures_carry_their_second_description():
    routes = data.load("deportation_routes").set_index("route_id")
    for route in ("crimean-uzbek", "crimean-kazakh"):
        assert routes.loc[route, "grade"] == "D"
        assert "Nov 1944" in routes.loc[route, "note"] and "Gazeta.ru" in routes.loc[route, "note"]


def test_the_georgian_resettlement_figure_is_a_plan_in_households():
    plan = data.load("resettlement").set_index("id").loc["meskheti-georgian-households-plan"]
    assert (plan["value"], plan["measure"], plan["people_id"]) == (7000, "households_to_be_moved", "meskhetian_turks")
    assert plan["date"] == pd.Timestamp("1944-11-28") and plan["definition"].startswith("A plan, not a count")
    assert data.resource("resettlement")["schema"]["fields"][4]["unit"] == "households"


def test_upgraded_rows_name_the_sources_that_carry_them():
    peoples = data.load("deported_peoples").set_index("people_id")
    assert peoples.loc["crimean_tatars", "grade"] == "B" and "Pohl" in peoples.loc["crimean_tatars", "source"]
    assert "No. 493" not in peoples.loc["crimean_tatars", "autonomy_note"]  # the number was read only in a grade-D copy
    assert "17 Mar 1956" in peoples.loc["kalmyks", "source"]


def test_every_route_and_origin_has_a_map_point():
    places = returns.map_places()
    routes = data.load("deportation_routes")
    assert set(routes["origin_place_id"]) | set(routes["destination_place_id"]) <= set(places.index)
    assert set(returns.peoples()["origin_place_id"]) <= set(places.index)


def test_register_gaps_are_stated_not_filled():
    settlers = data.load("special_settlers")
    gaps = settlers[(settlers["series"] == "all") & (settlers["status"] == "gap")]
    assert sorted(gaps["date"].dt.year) == [1949, 1950, 1951, 1952, 1954, 1955, 1956, 1957, 1958, 1959]
    assert gaps["value"].isna().all()


def test_group_register_of_1945_adds_up_to_the_national_figure():
    settlers = data.load("special_settlers")
    # Groups not in this chapter (kulaks 606.8k, exile-settlers 43k, OUN 20.8k, others 9.2k) complete the sum.
    groups = settlers[(settlers["date"] == "1945-10-01") & (settlers["series"] != "all")]["value"].sum()
    national = settlers.loc[settlers["id"] == "all-1945-10-01", "value"].iloc[0]
    assert groups + 606800 + 43000 + 20800 + 9200 == national == 2230500


# --- Figures -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def chapter_figures():
    return {name: function() for name, function in returns.FIGURES.items()}


def test_rehabilitation_figure_plots_the_period_totals_and_marks_gaps(chapter_figures):
    fig = chapter_figures["rehab"]
    rehab = shown(fig, "Rehabilitated")[0]
    assert list(rehab.x) == ["1954–1961", "1962–1983", "1988–1989", "1991–2004"]
    assert list(rehab.y) == [737182, 157055, 844740, 630000]
    assert rehab.text[-1] == "about 630,000" and rehab.marker.pattern.shape[-1] == "."  # dotted: "about"
    assert list(shown(fig, "No figure found")[0].x) == ["1984–1987", "1990"]  # stated gaps
    assert shown(in_view(fig, "Average per year"), "Rehabilitated")[0].text[0] == "92,148"
    assert list(shown(in_view(fig, "Average per year"), "No figure found")[0].x) == ["1984–1987", "1990"]


def test_rehabilitation_buttons_switch_between_consistent_views(chapter_figures):
    fig = chapter_figures["rehab"]
    assert [b.label for b in fig.layout.updatemenus[0].buttons] == [
        "Totals per period", "Average per year", "Set against releases"]
    releases = in_view(fig, "Set against releases")
    assert [t.name for t in shown(releases)] == ["Released or rehabilitated"]
    bar = shown(releases)[0]
    assert list(bar.y) == [5000000, 737182, 7679]
    assert list(bar.x) == ["Left the penal system,<br>1953–1960", "Rehabilitated,<br>1954–1961",
                           "Rehabilitated by the<br>Military Collegium,<br>1 Jan 1954 – 25 Feb 1956"]
    assert releases.layout.showlegend is False and releases.layout.yaxis.title.text == "persons"


def test_register_figure_flags_the_grade_d_point_and_plots_stated_values(chapter_figures):
    fig = chapter_figures["register"]
    line = shown(fig, "Special settlers on the register")[0]
    assert figures_drawn(line.y) == [1514000, 2230500, 2104751, 2761218]
    weak = shown(fig, "grade D")[0]
    assert list(weak.y) == [2753000] and weak.name.startswith("1 Jan 1953: ")
    decrees = shown(fig, "Decree")[0]
    assert list(decrees.text) == list(data.load("register_decrees").sort_values("date")["label"])
    assert decrees.customdata[0].startswith("5 Jul 1954: children under 16")
    assert [b.label for b in fig.layout.updatemenus[0].buttons] == ["1944–1960", "Zoom on 1953–1959"]
    assert in_view(fig, "Zoom on 1953–1959").layout.xaxis.range == ("1952-10-01", "1959-06-30")


def test_the_register_decrees_agree_with_the_course_timeline():
    decrees = data.load("register_decrees")
    events = data.load("events").set_index("id")
    linked = decrees[decrees["event_id"] != ""]
    assert len(linked) == 5
    for row in linked.itertuples():
        assert events.loc[row.event_id, "start"] == row.date and events.loc[row.event_id, "source"] == row.source
    kalmyks = returns.peoples().set_index("people_id").loc["kalmyks", "lifted_date"]
    assert kalmyks in set(decrees["date"])


def test_sizes_figure_shows_every_crimean_tatar_figure(chapter_figures):
    fig = chapter_figures["sizes"]
    crimean = [x for trace in fig.data for x, y in zip(trace.x, trace.y) if y == "Crimean Tatars"]
    assert sorted(crimean) == [183155, 191044, 227457, 238500]
    two = returns.deportation_sizes_figure(peoples=["crimean_tatars", "balkars"])
    assert {y for trace in two.data for y in trace.y} == {"Crimean Tatars", "Balkars"}
    with pytest.raises(ValueError, match="No deported people called 'atlanteans'"):
        returns.deportation_sizes_figure(peoples=["atlanteans"])


def test_map_buttons_show_one_people_at_a_time_with_its_summary(chapter_figures):
    fig = chapter_figures["map"]
    names = list(returns.people_options().values())
    buttons = fig.layout.updatemenus[0].buttons
    assert len(buttons) == len(names) + 1 and buttons[0].label == "All peoples"
    assert [t.name for t in shown(fig) if t.name in names] == names
    for name in names:
        view = in_view(fig, name.split(" (")[0])
        assert [t.name for t in shown(view) if t.name in names] == [name]
    crimean = in_view(fig, "Crimean Tatars")
    assert "return not under Khrushchev" in crimean.layout.title.text
    assert list(shown(crimean, "Crimean Tatars labels")[0].text) == ["Uzbek SSR: 151,136", "Kazakh SSR: 4,286"]
    kalmyk = shown(in_view(fig, "Kalmyks"), "Kalmyks labels")[0]
    assert all(text.endswith("no figure in the sources") for text in kalmyk.text)
    opened = returns.deportation_map_figure(people="kalmyks")
    assert [t.name for t in shown(opened) if t.name in names] == ["Kalmyks"]


def test_chapter_figures_stay_small(chapter_figures):
    assert sum(len(fig.to_json()) for fig in chapter_figures.values()) < 90_000


# --- The Indonesian edition ------------------------------------------------------------------------

@pytest.fixture
def indonesian():
    from thaw import i18n

    i18n.set_language("id")
    yield
    i18n.set_language("en")


def test_the_status_sentences_are_indonesian_with_indonesian_dates(indonesian):
    text = returns.describe_status("chechens_ingush", 1950)
    assert text.startswith("Pada tahun 1950 ") and "adalah pemukim khusus" in text
    assert text.endswith("Pembatasan itu baru dicabut pada 16 Juli 1956.")
    assert returns.return_text("crimean_tatars") == "tidak di bawah Khrushchev (baru setelah 14 November 1989)"
    assert returns.return_text("balkars") == "diizinkan sejak 9 Januari 1957"
    assert "tidak dapat pulang" in returns.describe_status("crimean_tatars", 1960)
    assert "jauh sesudah masa Khrushchev" in returns.describe_status("crimean_tatars", 1990)
    assert "tidak terdapat dalam sumber-sumber kursus ini" in returns.describe_status("volga_germans", 1975)
    assert "larangan pulang ke tanah air tidak ikut dicabut" in returns.describe_status("kalmyks", 1956)


def test_a_peoples_name_inside_an_indonesian_sentence_is_not_capitalised(monkeypatch, indonesian):
    peoples = returns.peoples()
    peoples.loc[peoples["people_id"] == "kalmyks", "name"] = "Orang Kalmyk"  # as the data's translation names them
    monkeypatch.setattr(returns, "peoples", lambda: peoples)
    assert returns.describe_status("kalmyks", 1950).startswith("Pada tahun 1950 orang Kalmyk adalah pemukim khusus")
    assert returns.map_summary("kalmyks").startswith("Orang Kalmyk: dideportasi ")


def test_bad_input_is_explained_in_indonesian(indonesian):
    assert returns.describe_status("kalmyks", "musim semi") == "Tuliskan tahun sebagai bilangan bulat, misalnya 1956."
    assert returns.describe_status("kalmyks", 2020).startswith("Pilih tahun antara 1941 dan 1991:")
    assert "14 November 1989" in returns.describe_status("kalmyks", 1900)
    assert returns.describe_status("atlanteans", 1950).startswith("Tidak ada bangsa yang dideportasi bernama 'atlanteans'")
    assert returns.card_html("atlanteans", 1950).startswith("Tidak ada bangsa")


def test_the_indonesian_card_and_explorer(indonesian):
    card = dict(returns.people_card("crimean_tatars"))
    assert list(card) == ["Dideportasi", "Jumlah", "Angka lain", "Pembatasan dicabut", "Otonomi", "Hak untuk kembali"]
    assert card["Jumlah"].startswith("183.155 (tingkat D:")
    assert "191.044 (dideportasi, tingkat C)" in card["Angka lain"]
    explorer = returns.build_explorer()
    people, year = (next(w for w in explorer.children if getattr(w, "description", None) == d) for d in ("Bangsa", "Tahun"))
    text = next(w for w in explorer.children if str(getattr(w, "value", "")).startswith("<p>"))
    assert "tidak dapat pulang" in text.value
    people.value = "balkars"
    assert "bebas pulang" in text.value and "37.713" in text.value
    year.value = 1975
    people.value = "volga_germans"
    assert "tidak terdapat dalam sumber-sumber kursus ini" in text.value


def test_the_indonesian_figures_speak_indonesian_and_draw_the_same_numbers(indonesian):
    from test_pows import drawn_numbers
    from thaw import i18n

    indonesian_figures = {name: function() for name, function in returns.FIGURES.items()}
    rehab = indonesian_figures["rehab"]
    assert [b.label for b in rehab.layout.updatemenus[0].buttons] == [
        "Total per periode", "Rata-rata per tahun", "Dibandingkan dengan pembebasan"]
    assert shown(rehab, "Direhabilitasi")[0].text[-1].endswith(" 630.000")  # its "about" is written by periods.bars
    assert rehab.layout.meta["alt"].startswith("Diagram batang. 737.182 orang direhabilitasi pada 1954–1961")
    assert list(shown(in_view(rehab, "Dibandingkan dengan pembebasan"))[0].x)[-1] == \
        "Direhabilitasi oleh<br>Kolegium Militer,<br>1 Januari 1954 – 25 Februari 1956"
    register = indonesian_figures["register"]
    assert [b.label for b in register.layout.updatemenus[0].buttons] == ["1944–1960", "Perbesar 1953–1959"]
    assert shown(register, "1 Januari 1953: angka ilmiah")
    assert indonesian_figures["sizes"].layout.xaxis.title.text == "orang yang dideportasi (skala linear)"
    world = indonesian_figures["map"]
    assert world.layout.updatemenus[0].buttons[0].label == "Semua bangsa"
    assert world.layout.meta["table"]["columns"] == ["bangsa yang dideportasi", "tanah air", "tujuan",
                                                     "jumlah yang dikirim"]
    assert "kepulangan tidak di bawah Khrushchev" in in_view(world, "Tatar Krimea").layout.title.text
    i18n.set_language("en")
    for name, function in returns.FIGURES.items():
        assert drawn_numbers(indonesian_figures[name]) == drawn_numbers(function()), name
