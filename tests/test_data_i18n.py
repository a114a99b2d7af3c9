"""The data in Indonesian: data.table translates the columns marked "translate", and nothing else."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from thaw import data, i18n
from thaw.paths import ROOT

PACKAGE = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
TABLES = [r["name"] for r in PACKAGE["resources"] if r.get("profile") == "tabular-data-resource"]


@pytest.fixture
def indonesian():
    i18n.set_language("id")
    yield
    i18n.set_language("en")


def _in(language: str, name: str) -> pd.DataFrame:
    i18n.set_language(language)
    try:
        return data.table(name)
    finally:
        i18n.set_language("en")


def test_marked_columns_are_text_columns_of_the_table():
    for resource in PACKAGE["resources"]:
        for field in resource.get("schema", {}).get("fields", []):
            if field.get("translate"):
                assert field.get("type", "string") == "string", f"{resource['name']}.{field['name']}"
                assert "enum" not in field.get("constraints", {}), (
                    f"{resource['name']}.{field['name']}: codes that code compares are never translated")


def test_indonesian_translates_the_marked_columns_and_leaves_ids_and_numbers(indonesian):
    events = data.table("events").set_index("id")
    english = data.load("events").set_index("id")
    assert events.loc["e01", "title"] == "Stalin wafat"
    assert events.loc["e01", "marker"] == "Stalin wafat"
    assert events.loc["e30", "title"] != english.loc["e30", "title"]
    assert list(events.index) == list(english.index)
    for column in ("start", "end", "precision", "category", "source", "grade", "key"):
        pd.testing.assert_series_equal(events[column], english[column])
    places = data.table("places").set_index("place_id")
    assert places.loc["moscow", "name"] == "Moskwa"
    assert places.loc["geneva", "name"] == "Jenewa"
    assert places.loc["moscow", "lat"] == data.load("places").set_index("place_id").loc["moscow", "lat"]


def test_english_is_unchanged():
    assert i18n.language() == "en"
    for name in TABLES:
        pd.testing.assert_frame_equal(data.table(name), data.load(name))


def test_the_cached_frame_stays_english(indonesian):
    data.table("events")
    i18n.set_language("en")
    assert data.table("events").set_index("id").loc["e01", "title"] == "Stalin dies"


@pytest.mark.parametrize("name", TABLES)
def test_both_languages_have_the_same_rows_and_numbers(name):
    english, indonesian = _in("en", name), _in("id", name)
    assert list(english.columns) == list(indonesian.columns)
    assert len(english) == len(indonesian)
    marked = set(data.translated_columns(name))
    for column in english.columns:
        if column in marked:
            assert (english[column] == "").equals(indonesian[column] == ""), f"{name}.{column}: an empty cell changed"
        else:
            pd.testing.assert_series_equal(english[column], indonesian[column], obj=f"{name}.{column}")


@pytest.mark.parametrize("name", [n for n in TABLES if data.translated_columns(n)])
def test_every_marked_value_has_a_translation(name):
    catalogue = i18n.catalogue("id")
    frame = data.load(name)
    missing = sorted({value for column in data.translated_columns(name) for value in frame[column]
                      if value and value not in catalogue})
    assert not missing, f"{name}: {len(missing)} value(s) without an Indonesian translation, e.g. {missing[:3]}"
