"""The instructor guide is read from the chapters; its exercise-to-objective map must stay complete."""

from thaw.chapters import instructor_guide as guide


def test_every_chapter_states_objectives_prerequisites_time_and_exercises():
    chapters = guide.chapters()
    assert [c["number"] for c in chapters] == list(range(1, len(chapters) + 1)) and len(chapters) == 10
    for chapter in chapters:
        assert 3 <= len(chapter["objectives"]) <= 6, chapter["title"]
        assert chapter["prerequisites"] and chapter["time"].startswith("About")
        assert len(chapter["exercises"]) >= 3


def test_every_exercise_is_mapped_to_real_objectives():
    labels = {}
    for chapter in guide.chapters():
        for exercise in chapter["exercises"]:
            labels[exercise["label"]] = len(chapter["objectives"])
    assert set(guide.EXERCISE_OBJECTIVES) == set(labels), "map every exercise, and only existing ones"
    for label, objectives in guide.EXERCISE_OBJECTIVES.items():
        assert objectives and all(1 <= n <= labels[label] for n in objectives), label


def test_guide_tables_list_every_chapter_and_exercise():
    assert len(guide.chapter_map().data) == 10
    exercises = guide.exercise_map().data
    assert len(exercises) == len(guide.EXERCISE_OBJECTIVES)
    assert (exercises["practises objectives"] != "").all()


def test_guide_headers_follow_the_language_and_the_columns_keep_their_names():
    import re

    from thaw import i18n

    i18n.set_language("id")
    try:
        table = guide.exercise_map()
    finally:
        i18n.set_language("en")
    assert list(table.data.columns) == ["exercise", "label", "practises objectives"]
    assert re.findall(r'col_heading[^>]*>([^<]*)<', table.to_html()) == ["latihan", "label", "tujuan yang dilatih"]
