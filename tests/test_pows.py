"""Chapter 5: the claim checker's logic, its widget, and the chapter's figures."""

import pytest

from conftest import explorer_controls

from thaw import charts, data
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


def test_the_checker_dates_its_periods_from_the_rows():
    assert "(prisoners of war released by 31 Oct 1953; everyone who came home in Oct 1955 – Jan 1956)" in \
        pows.judge_claim("tens of thousands", "germans", "thaw")
    assert "partial (Germans from Mar 1947, Japanese to May 1949)" in pows.judge_claim("millions", "both", "before")


def test_bad_input_gets_clear_text():
    assert pows.judge_claim("banana").startswith("The claim 'banana' is not understood. Write a number such as 12,000")
    assert pows.judge_claim("0").startswith("The claim '0' is not understood")
    assert pows.judge_claim("", "both", "thaw").startswith("The claim '' is not understood")
    assert pows.judge_claim("thousands", "martians") == "Unknown group 'martians'. Choose one of: germans, japanese, both."
    assert pows.judge_claim("thousands", "both", "1960") == "Unknown scope '1960'. Choose one of: thaw, before."
    with pytest.raises(ValueError):
        pows.parse_claim("lots")


# --- The explorer -------------------------------------------------------------------------------


def test_explorer_gives_the_verdict_and_draws_the_claims_band(drawn):
    explorer = pows.build_explorer()
    assert "only at its lower end" in explorer_controls(explorer)["sentence"].value
    assert drawn[-1].data[-1].name == "Yellow band: 'tens of thousands' (20,000–99,999)"
    explorer_controls(explorer)["When"].value = "before"
    assert "too low" in explorer_controls(explorer)["sentence"].value
    explorer_controls(explorer)["Claim"].value = "hundreds of thousands"
    explorer_controls(explorer)["Who"].value = "japanese"
    assert "418,166" in explorer_controls(explorer)["sentence"].value and "consistent" in explorer_controls(explorer)["sentence"].value
    assert {label for t in drawn[-1].data if t.type == "bar" for label in t.y} == {
        "Japanese held, 8 Dec 1945", "Japanese repatriated, Dec 1946 – May 1949",
        "Japanese still held in 1956, released after 19 Oct 1956"}


def test_explorer_explains_a_claim_it_does_not_understand_and_draws_no_band(drawn):
    explorer = pows.build_explorer()
    explorer_controls(explorer)["Claim"].value = "a <b>lot</b>"
    assert explorer_controls(explorer)["sentence"].value.startswith("<p>The claim &#x27;a &lt;b&gt;lot&lt;/b&gt;&#x27; is not understood. "
                                        "Write a number such as 12,000, or one of: &#x27;hundreds&#x27;;")
    assert not any(t.name.startswith("Yellow band") for t in drawn[-1].data)


# --- The figures -----------------------------------------------------------------------------------

def bars(fig):
    """{label: (value, legend name)} for every bar of a chart of scale."""
    return {label: (value, t.name) for t in fig.data if t.type == "bar" for label, value in zip(t.y, t.x)}


def test_the_chart_of_scale_draws_the_labelled_rows_with_their_values():
    table = data.load("pow_figures")
    labelled = table[table["label"] != ""]
    fig = pows.releases_and_repatriations_figure()
    assert {label: value for label, (value, _) in bars(fig).items()} == dict(zip(labelled["label"], labelled["value"]))
    assert list(fig.layout.yaxis.categoryarray) == list(labelled["label"])[::-1]  # top to bottom in file order
    thaw = [label for label, (_, name) in bars(fig).items() if name.startswith("In the Thaw (1953–1956)")]
    assert len(thaw) == 4


def test_only_the_round_figure_is_marked_and_as_approximate():
    fig = pows.releases_and_repatriations_figure()
    marked = [t for t in fig.data if t.type == "bar" and t.marker.pattern.shape]
    assert [(list(t.y), t.name) for t in marked] == [(["Germans who came home in the waves of 1953 and 1955"],
                                                      "In the Thaw (1953–1956), approximate figure (dotted)")]
    assert marked[0].marker.pattern.shape == charts.evidence_hatch(qualifier="about")
    assert list(marked[0].text) == ["about 20,000"]


def test_the_band_follows_the_claim_and_the_buttons_switch_the_scale():
    fig = pows.releases_and_repatriations_figure(claim="about a million")
    band = fig.layout.shapes[0]
    assert (band.x0, band.x1) == pows.CLAIM_WORDS["about a million"]
    assert fig.data[-1].name == "Yellow band: 'about a million' (800,000–1,200,000)"
    assert "Of the Thaw figures, none fall within the band of 'about a million'." in fig.layout.meta["alt"]
    linear, log = fig.layout.updatemenus[0].buttons
    assert (linear.label, log.label) == ("Linear scale", "Log scale")
    assert log.args[0]["xaxis.type"] == "log" and fig.layout.xaxis.type == "linear"  # opens on the linear scale
    default = pows.releases_and_repatriations_figure()
    assert "Of the Thaw figures, about 20,000 falls within the band of 'tens of thousands'." in default.layout.meta["alt"]


def test_the_chart_of_scale_draws_other_rows_on_request_and_names_unknown_ones():
    fig = pows.releases_and_repatriations_figure(rows=["de-held-1953-pows", "de-deaths-soviet"], claim=None)
    assert bars(fig) == {"Germans held, 21 Aug 1953": (14128, "In the Thaw (1953)"),
                         "Germans died, 22 Jun 1941 – 14 Jan 1956": (381067, "The whole captivity (1941–1956)")}
    assert not fig.layout.shapes
    with pytest.raises(ValueError, match="No row 'de-held-1999' in pow_figures.csv. Choose among: de-held-1947,"):
        pows.releases_and_repatriations_figure(rows=["de-held-1999"])


def test_the_chart_of_stocks_plots_the_pows_and_marks_only_the_estimate_open():
    fig = pows.still_held_figure()
    lines = {t.name: t for t in fig.data if t.y is not None and None not in list(t.y)}
    german, japanese = lines["Germans still held"], lines["Japanese still held"]
    assert list(german.y) == [890532, 13532, 14128, 9626]  # POWs of 21 Aug 1953, not the 19,848 with civilians
    assert list(japanese.y) == [608360, 400000, 1047]
    open_points = [text for t in (german, japanese) for text, symbol in zip(t.text, t.marker.symbol)
                   if symbol.endswith("-open")]
    assert open_points == ["more than 400,000"]  # the US estimate: an approximate figure
    assert german.line.dash == "dot"  # counts years apart: joined, but visibly not a continuous series
    assert fig.layout.title.text == "Prisoners of war still held in the USSR, 1945–1956"
    assert "Germans still held: 890,532 (10 Mar – 24 Apr 1947), 13,532 (5 May 1950) before the Thaw" \
        in fig.layout.meta["alt"]


def test_the_chart_of_stocks_marks_adenauers_visit_and_the_joint_declaration_from_the_timeline():
    events = data.load("events").set_index("id")
    fig = pows.still_held_figure()
    marked = {a.text: a.x for a in fig.layout.annotations}
    for event_id in ("e24", "e40"):
        assert events.loc[event_id, "title"] in marked
    log, linear = fig.layout.updatemenus[0].buttons
    assert (log.label, linear.label) == ("Log scale", "Linear scale") and fig.layout.yaxis.type == "log"


def test_the_chart_of_stocks_draws_one_nationality_on_request():
    fig = pows.still_held_figure(nationalities=["japanese"], start="1945-01-01", end="1950-12-31")
    assert [t.name for t in fig.data if t.mode and "lines" in t.mode] == ["Japanese still held"]
    assert fig.layout.title.text == "Prisoners of war still held in the USSR, 1945–1956"
    with pytest.raises(ValueError, match="Unknown nationality 'austrian'. Choose among: german, japanese."):
        pows.still_held_figure(nationalities=["austrian"])


def test_chapter_figures_stay_small():
    assert sum(len(function().to_json()) for function in pows.FIGURES.values()) < 90_000


# --- The Indonesian edition ------------------------------------------------------------------------

@pytest.fixture
def indonesian():
    from thaw import i18n

    i18n.set_language("id")
    yield
    i18n.set_language("en")


@pytest.mark.parametrize("typed, meant", [
    ("puluhan ribu", "tens of thousands"), ("Puluhan-ribu", "tens of thousands"), ('"puluhan ribu"', "tens of thousands"),
    ("berpuluh-puluh ribu", "tens of thousands"), ("ratusan ribu", "hundreds of thousands"), ("ratusan", "hundreds"),
    ("ribuan", "thousands"), ("beberapa ribu", "a few thousand"), ("sepuluh ribu", "ten thousand"),
    ("sekitar sepuluh ribu", "about ten thousand"), ("kira-kira sepuluh ribu", "about ten thousand"),
    ("sekitar satu juta", "about a million"), ("sekitar 1 juta", "about a million"), ("sekitar sejuta", "about a million"),
    ("jutaan", "millions")])
def test_indonesian_round_expressions_mean_what_their_english_does(typed, meant, indonesian):
    assert pows.parse_claim(typed) == pows.CLAIM_WORDS[meant]


@pytest.mark.parametrize("typed, number", [
    ("1.500.000", 1_500_000), ("1,500,000", 1_500_000), ("1 500 000", 1_500_000), ("1500000", 1_500_000),
    ("1,5 juta", 1_500_000), ("1.5 juta", 1_500_000), ("1.5 million", 1_500_000), ("1,5jt", 1_500_000),
    ("12.000", 12_000), ("12,000", 12_000), ("12 ribu", 12_000), ("12rb", 12_000), ("sekitar 12.000", 12_000),
    ("kira-kira 12.000", 12_000), ("kurang lebih 12.000", 12_000), ("about 12,000", 12_000), ("seribu", 1_000),
    ("20 thousand", 20_000), ("1.500", 1_500), ("1.234.567,0", 1_234_567), ("20.000-an", 20_000)])
def test_numbers_are_read_with_either_languages_marks_in_either_edition(typed, number, indonesian):
    expected = (round(number * 0.8), round(number * 1.2))
    assert pows.parse_claim(typed) == expected
    from thaw import i18n

    i18n.set_language("en")
    assert pows.parse_claim(typed) == expected


def test_every_translated_expression_is_read_back_as_its_english(indonesian):
    from thaw.i18n import _

    for english, band in pows.CLAIM_WORDS.items():
        assert _(english) != english, f"{english!r} has no Indonesian translation"
        assert pows.parse_claim(_(english)) == band, _(english)


def test_english_claims_keep_working_in_the_indonesian_edition_and_are_quoted_in_indonesian(indonesian):
    text = pows.judge_claim("tens of thousands", "both", "thaw")
    assert text.startswith("'puluhan ribu' berarti sekitar 20.000–99.999. Orang Jerman dan Jepang yang dibebaskan "
                           "pada masa Pencairan (1953–1956): 17.549 hingga 21.500")
    assert "Klaim itu benar dalam orde besarnya, tetapi hanya pada ujung bawahnya" in text
    assert "sedikitnya 5.374 + 11.128 = 16.502" in text and "bagi mereka klaim itu terlalu tinggi." in text
    assert pows.judge_claim("tens of thousands", "germans", "before") == pows.judge_claim("puluhan ribu", "germans", "before")
    assert "tidak lengkap (orang Jerman sejak Maret 1947, orang Jepang hingga Mei 1949)" in \
        pows.judge_claim("jutaan", "both", "before")
    assert pows.judge_claim("1,5 juta", "germans", "before").startswith("'1,5 juta' berarti sekitar 1.200.000–1.800.000.")


def test_an_indonesian_claim_in_the_english_edition_is_quoted_in_english():
    assert pows.judge_claim("puluhan ribu").startswith("'tens of thousands' means about 20,000–99,999.")


def test_a_claim_the_checker_cannot_read_is_explained_in_indonesian(indonesian):
    text = pows.judge_claim("banyak sekali")
    assert text.startswith("Klaim 'banyak sekali' tidak dapat dibaca. Tulislah sebuah angka, misalnya 12.000, atau "
                           "salah satu dari: 'ratusan'; 'beberapa ribu'; 'ribuan';")
    assert "'puluhan ribu'" in text and text.endswith("misalnya 1,5 juta.")
    assert "tens of thousands" not in text
    assert pows.judge_claim("thousands", "martians").startswith("Kelompok 'martians' tidak dikenal.")


BAD_CLAIMS = [None, "", " ", "0", "0,0", "-", "--5", "1e5", "1" * 500, "9" * 13, "∞", "nan", "12,5", "1,5", "1,2,3",
              "1..5", "ribu", "juta", "se", "satu", "sekitar", "about", "a lot", "<b>lot</b>", "一万", "١٢٠٠٠", 12000,
              3.5, ["puluhan ribu"], "1,5 miliar", "0 juta", "sepuluh", "puluhan", "ribu ribu"]


@pytest.mark.parametrize("language", ["en", "id"])
def test_no_claim_ever_raises_from_the_checker_or_its_chart(language):
    from thaw import i18n

    i18n.set_language(language)
    try:
        for claim in BAD_CLAIMS:
            assert isinstance(pows.judge_claim(claim), str), claim
            assert pows.explorer_figure(claim, "both").data, claim
    finally:
        i18n.set_language("en")


def test_the_indonesian_explorer_opens_on_the_seed_texts_claim_in_indonesian(drawn, indonesian):
    explorer = pows.build_explorer()
    controls = explorer_controls(explorer)
    assert {"Klaim", "Siapa", "Kapan"} <= set(controls)
    assert controls["Klaim"].value == "puluhan ribu"
    assert controls["Siapa"].options == (("Orang Jerman", "germans"), ("Orang Jepang", "japanese"),
                                         ("Orang Jerman dan Jepang", "both"))
    assert "hanya pada ujung bawahnya" in controls["sentence"].value
    assert drawn[-1].data[-1].name == "Pita kuning: 'puluhan ribu' (20.000–99.999)"
    controls["Klaim"].value = "tens of thousands"  # English is read too
    assert "hanya pada ujung bawahnya" in controls["sentence"].value
    controls["Klaim"].value = "a <b>lot</b>"
    assert controls["sentence"].value.startswith("<p>Klaim &#x27;a &lt;b&gt;lot&lt;/b&gt;&#x27; tidak dapat dibaca.")
    assert not any(t.name.startswith("Pita kuning") for t in drawn[-1].data)


def test_the_indonesian_figures_speak_indonesian_and_draw_the_same_numbers(indonesian):
    from thaw import i18n

    indonesian_figures = {name: function() for name, function in pows.FIGURES.items()}
    held, scale = indonesian_figures["held"], indonesian_figures["scale"]
    assert held.layout.title.text == "Tawanan perang yang masih ditahan di Uni Soviet, 1945–1956"
    assert {t.name for t in held.data} >= {"Orang Jerman yang masih ditahan", "Orang Jepang yang masih ditahan"}
    assert [b.label for b in held.layout.updatemenus[0].buttons] == ["Skala log", "Skala linear"]
    assert held.layout.meta["alt"].startswith("Diagram garis dengan skala log. Orang Jerman yang masih ditahan: 890.532")
    assert scale.data[-1].name == "Pita kuning: 'puluhan ribu' (20.000–99.999)"
    assert scale.layout.meta["alt"].endswith("Dari angka-angka masa Pencairan, sekitar 20.000 berada dalam pita "
                                             "'puluhan ribu'.")
    i18n.set_language("en")
    for name, function in pows.FIGURES.items():
        assert drawn_numbers(indonesian_figures[name]) == drawn_numbers(function()), name


def drawn_numbers(fig):
    """Every number a figure draws (values, dates, bands), without its words."""
    import numbers

    def plain(values):
        return [v if isinstance(v, numbers.Number) or v is None else str(v) for v in list(values)]

    def numeric(values):
        return [v for v in plain(values) if not isinstance(v, str) or v[:1].isdigit()]

    return ([(numeric(t.x if t.x is not None else []), numeric(t.y if t.y is not None else [])) for t in fig.data],
            [(s.x0, s.x1, s.y0, s.y1) for s in fig.layout.shapes])


def test_rows_without_a_chart_label_are_named_in_indonesian(indonesian):
    fig = pows.releases_and_repatriations_figure(rows=["de-held-1953-pows", "de-deaths-soviet"], claim=None)
    assert {label for t in fig.data if t.type == "bar" for label in t.y} == {
        "Orang Jerman yang ditahan, 21 Agustus 1953", "Orang Jerman yang tewas, 22 Juni 1941 – 14 Januari 1956"}
    assert {t.name for t in fig.data if t.type == "bar"} == {"Pada masa Pencairan (1953)",
                                                               "Seluruh masa penawanan (1941–1956)"}
