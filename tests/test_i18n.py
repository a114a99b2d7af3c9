"""The course's languages (thaw.i18n): Indonesian numbers and dates, and English left as it was."""

import os
import subprocess
import sys

import pandas as pd
import plotly.graph_objects as go
import pytest

from thaw import charts, i18n


@pytest.fixture
def indonesian():
    i18n.set_language("id")
    yield
    i18n.set_language("en")


def day(text):
    return pd.Timestamp(text)


def test_english_numbers_and_dates_are_unchanged():
    assert i18n.language() == "en"
    assert charts.fmt_int(1201738) == "1,201,738"
    assert charts.fmt_date(day("1953-03-27")) == "27 Mar 1953"
    assert charts.fmt_span("1961-06-03", "1961-06-04") == "3–4 Jun 1961"
    assert charts.fmt_pct(-0.684) == "−68.4%"
    assert i18n.format_millions(1_500_000) == "1.5 million"


def test_indonesian_numbers_group_thousands_with_a_point_and_mark_decimals_with_a_comma(indonesian):
    assert charts.fmt_int(1201738) == "1.201.738"
    assert charts.fmt_pct(-0.684) == "−68,4%"
    assert charts.fmt_pct(0.708, signed=False) == "70,8%"
    assert i18n.format_number(2502.5, 1) == "2.502,5"
    assert i18n.format_millions(1_500_000) == "1,5 juta"


def test_indonesian_dates_write_the_month_out(indonesian):
    assert charts.fmt_date(day("1953-03-27")) == "27 Maret 1953"
    assert charts.fmt_span("1961-06-03", "1961-06-04") == "3–4 Juni 1961"
    assert charts.fmt_span("1956-10-23", "1956-11-10") == "23 Oktober – 10 November 1956"
    assert charts.fmt_span("1956-05-01", "1956-08-31", precision="month") == "Mei–Agustus 1956"
    assert charts.fmt_span("1955-12-01", "1956-02-01", precision="month") == "Desember 1955 – Februari 1956"


def test_charts_made_after_the_language_is_set_use_its_number_marks():
    assert go.Figure().layout.template.layout.separators == ".,"
    i18n.set_language("id")
    try:
        assert go.Figure().layout.template.layout.separators == ",."
    finally:
        i18n.set_language("en")
    assert go.Figure().layout.template.layout.separators == ".,"


def test_an_unknown_language_is_refused_with_the_choices():
    with pytest.raises(ValueError, match=r"Unknown language 'ru'. Choose one of: 'en' \(English\), 'id'"):
        i18n.set_language("ru")
    assert i18n.language() == "en"


def test_the_environment_can_tell_the_language_once():
    code = "from thaw import charts, i18n; print(i18n.language(), charts.fmt_int(1201738))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={**os.environ, "THAW_LANGUAGE": "id"})
    assert result.stdout.split() == ["id", "1.201.738"], result.stderr


def test_the_words_of_the_charts_follow_the_language():
    from thaw.explore import check_span
    from thaw.i18n import _

    assert _("Data table for this chart") == "Data table for this chart"
    assert check_span(1958, 1955).startswith("The end year (1955) must not be earlier than the start year (1958).")
    i18n.set_language("id")
    try:
        assert _("Data table for this chart") == "Tabel data untuk grafik ini"
        assert _("Source: {source}").format(source="events.csv") == "Sumber: events.csv"
        assert check_span(1958, 1955) == ("Tahun akhir (1955) tidak boleh mendahului tahun awal (1958). "
                                          "Pilih tahun akhir yang lebih lambat atau tahun awal yang lebih dini.")
    finally:
        i18n.set_language("en")
    assert _("Data table for this chart") == "Data table for this chart"


def test_a_chart_names_its_source_line_and_writes_it_in_the_language(indonesian):
    fig = charts.finish(go.Figure(go.Scatter(x=[1953, 1954], y=[1, 2], name="a")), title="T",
                        source="events.csv", alt="A chart.")
    note = fig.layout.annotations[-1]
    assert note.name == charts.SOURCE_LINE and note.text == "Sumber: events.csv"
    assert fig.layout.meta["table"]["columns"][0] == "tanggal atau kategori"
